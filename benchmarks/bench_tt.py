"""Tensor-train ranks: prover time vs kernel check time, side by side, in one run.

For each instance: the time to certify the generic rank of a matricization (witness minor by the skeleton
recursion, the minimum cut, the version-2 certificate) and the time of the kernel's check (the minor's entries
evaluated by the circuit evaluator, the cut bound recomputed by ``cut-recursion``), best of ``--repeat`` runs.

Usage::

    python benchmarks/bench_tt.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import time

from exactnet.theorems.tt import tt_generic_rank

CASES = [(8, 2, 3, "odd-even"), (6, 4, 2, "odd-even"), (7, 3, 3, "odd-even"), (8, 4, 2, [2, 3]),
         (10, 2, 4, "odd-even"), (200, 2, 2, "split:100")]


def _best(fn, repeat):
    best, out = None, None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        dt = time.perf_counter() - t
        best = dt if best is None else min(best, dt)
    return best, out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args(argv)
    print(f"{'d':>4} {'n':>2} {'r':>2} {'partition':>10} {'rank':>5} {'prove s':>8} {'check s':>8} {'check/prove':>11}")
    for d, n, r, part in CASES:
        t_prove, res = _best(lambda: tt_generic_rank(d, n, r, part), args.repeat)
        t_check, report = _best(lambda: res.certificate.check(), args.repeat)
        print(f"{d:4d} {n:2d} {r:2d} {str(part):>10} {report.facts['value']:5d} {t_prove:8.3f} {t_check:8.3f} "
              f"{t_check / t_prove:11.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
