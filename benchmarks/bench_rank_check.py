"""The rank certificate's check (``exactnet.kernel``, ``minor-and-factorization``) against a float64 LU and the prover.

Three matrices, each in one process: a random 1296 x 1296 integer matrix (entries in [-5, 5], full rank: the
minor alone), a 1296 x 1296 matrix of rank 1295 (the product of random 1296 x 1295 and 1295 x 1296 matrices with
entries in [-5, 5]; the compact factor, one column of large integers, computed here with FLINT's ``fmpz_mat.solve``
and not timed) and a 4096 x 4096 matrix of rank 16 (a product of 4096 x 16 and 16 x 4096 matrices; compact factor
16 x 4080).  Timed: the kernel's check of the certificate object (decoding the base64 matrix included, the JSON text
excluded), ``numpy.linalg.det`` (float64 LU, same BLAS threads) and, unless ``--no-prover``, ``exactnet.rank`` on the
integer array (the prover, its certificate included).  Best of ``--repeat`` runs.  Prints the times and the ratios
check / LU and check / prover.

Usage::

    python benchmarks/bench_rank_check.py              # the three matrices
    python benchmarks/bench_rank_check.py --quick      # 324 x 324 and 1024 x 1024 instead
"""

from __future__ import annotations

import argparse
import base64
import time

import flint
import numpy as np

from exactnet.core.linalg import rank
from exactnet.kernel import check_certificate


def _enc(A):
    A = np.asarray(A)
    if A.dtype == object and any(abs(int(x)) >= 1 << 63 for x in A.flat):
        return {"shape": list(A.shape), "denominator": "1", "encoding": "decimal", "data": ",".join(map(str, A.flat))}
    return {"shape": list(A.shape), "denominator": "1", "encoding": "int64-base64",
            "data": base64.b64encode(np.ascontiguousarray(A, dtype="<i8").tobytes()).decode()}


def certificate(B, r, prime=1048573):
    """rank B = r with the minor on the first r rows and columns (checked by the caller) and, below full rank,
    the compact factor: d B[:, j] = B[:, :r] Y[:, k] for the columns j >= r, d the minor's determinant (FLINT)."""
    ev = {"method": "minor-and-factorization", "rows": list(range(r)), "cols": list(range(r)), "prime": str(prime)}
    if r < min(B.shape):
        M = flint.fmpz_mat(B[:r, :r].tolist())
        d = M.det()
        X = M.solve(flint.fmpz_mat(B[:r, r:].tolist())) * d
        Y = np.array([int(x.p) for x in X.entries()], dtype=object).reshape(r, B.shape[1] - r)
        ev.update(scale=str(int(d)), factor=_enc(Y))
    return {"format": "exactnet.certificate", "schema_version": 2, "exactnet_version": "0.2.0",
            "proposition": {"quantity": "rank", "object": {"matrix": _enc(B)}, "relation": "=", "value": r,
                            "field": "Q"}, "evidence": ev}


def _best(f, repeat):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = f()
        times.append(time.perf_counter() - t0)
    return out, min(times)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="smaller matrices")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-prover", action="store_true", help="skip exactnet.rank (the prover)")
    args = ap.parse_args(argv)
    n, big = (324, 1024) if args.quick else (1296, 4096)
    rng = np.random.default_rng(2026)
    cases = [(f"{n} x {n} random, full rank", rng.integers(-5, 6, (n, n)), n),
             (f"{n} x {n}, rank {n - 1}", rng.integers(-5, 6, (n, n - 1)) @ rng.integers(-5, 6, (n - 1, n)), n - 1),
             (f"{big} x {big}, rank 16", rng.integers(-5, 6, (big, 16)) @ rng.integers(-5, 6, (16, big)), 16)]
    print(f"{'matrix':28s} {'check':>8s} {'LU':>8s} {'prover':>8s} {'check/LU':>9s} {'check/prover':>13s}")
    for name, B, r in cases:
        cert = certificate(B, r)
        report, t_check = _best(lambda: check_certificate(cert), args.repeat)
        assert report.proposition.value == r
        _, t_lu = _best(lambda: np.linalg.det(B.astype(np.float64)), args.repeat)
        t_prove = float("nan")
        if not args.no_prover:
            res, t_prove = _best(lambda: rank(B), 1)
            assert res.value == r
        print(f"{name:28s} {t_check:8.3f} {t_lu:8.3f} {t_prove:8.3f} {t_check / t_lu:9.1f} {t_check / t_prove:13.2f}")


if __name__ == "__main__":
    main()
