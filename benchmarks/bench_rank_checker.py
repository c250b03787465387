"""The rank certificate's independent check against its proof, regime by regime, in one process.

For each matrix: ``prove`` = ``exactnet.rank`` on a prepared ``QArray`` (the prover runs its BLAS single-threaded),
``check`` = ``exactnet.checker.check_certificate`` on the certificate's JSON object (decoding the base64 or decimal
matrix and factor included, writing the JSON excluded), in the caller's BLAS thread setting and again with the BLAS
limited to one thread; each the best of three runs (one when a run takes over two seconds).  Prints the ratio
check / prove (the goal: at most 1).  The matrices are those of ``bench_rank_regimes.py``:

* ``r<k>``: a random integer matrix of rank k (``B @ C``, entries in [-5, 5]; ``r<n>``: uniform, full rank);
* ``convac<w>``: the odd/even matricization of a deep ConvAC, N = 8, widths w (n = 1296: M = 6);
* ``bits<b>_full`` / ``bits<b>_low``: entries of about b bits, rank n / n - 1.

Usage::

    python benchmarks/bench_rank_checker.py                            # 1296: r1296 r1 r16 convac3 convac4 r1295 convac6
    python benchmarks/bench_rank_checker.py --size 4096 --cases r4096 r16
    python benchmarks/bench_rank_checker.py --size 300 --cases bits64_full bits64_low bits170_low
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_rank_regimes as regimes  # noqa: E402


def best(fn, reps: int = 3):
    out, least = None, float("inf")
    for _ in range(reps):
        t0 = time.perf_counter()
        out = fn()
        least = min(least, time.perf_counter() - t0)
        if least > 2:
            break
    return least, out


def matrix(n: int, case: str):
    if case.startswith("r"):
        return regimes.random_rank(n, int(case[1:]), seed=n + int(case[1:]))
    if case.startswith("convac"):
        return regimes.convac_matrix(round(n ** 0.25), int(case[6:]))
    bits, kind = case[4:].split("_")
    return regimes.big_rank(n, kind == "full", int(bits), seed=int(bits) + (kind == "full"))


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=1296)
    ap.add_argument("--cases", nargs="+", default=["r1296", "r1", "r16", "convac3", "convac4", "r1295", "convac6"])
    args = ap.parse_args(argv)

    from threadpoolctl import threadpool_limits

    import exactnet
    from exactnet import QArray
    from exactnet.checker import check_certificate

    print("| matrix | rank | certificate | prove | check | check (BLAS 1 thread) | check / prove |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for case in args.cases:
        A = QArray.from_integers(matrix(args.size, case), 1)
        t_prove, result = best(lambda: exactnet.rank(A))
        obj = json.loads(json.dumps(result.certificate.to_json()))
        t_check, report = best(lambda: check_certificate(obj))
        assert report.verdict.startswith("valid") and report.facts["value"] == result.rank, report
        with threadpool_limits(1):
            t_check1, _ = best(lambda: check_certificate(obj))
        ev = obj["evidence"]
        form = f"factor {ev['factor']['shape'][0]} x {ev['factor']['shape'][1]}" if "factor" in ev else "minor only"
        print(f"| {args.size} {case} | {result.rank} | {form} | {t_prove:.3f} s | {t_check:.3f} s | {t_check1:.3f} s "
              f"| {t_check / t_prove:.2f} |", flush=True)


if __name__ == "__main__":
    main()
