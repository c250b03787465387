"""Benchmark: structured (dense-free) ranks vs the dense route, and the N = 64 timings.

Run::

    python benchmarks/bench_structured.py            # sizes where both routes run, then N = 64
    python benchmarks/bench_structured.py --reps 1

``dense``: the grid tensor (``DeepConvAC.grid_tensor``), its matricization, and the exact rank
(``exactnet.core.linalg.rank``).  ``structured``: :func:`exactnet.theorems.structured.skeleton_minor` (a
non-singular minor found from the tree's structure, modulo 2^31 - 1; never forms the tensor).  Both on the
same random network; the ranks are compared (they must agree).  Then the N = 64, M = 4, widths 4 instances:
low-high, blocks of 16, blocks of 8 (skeleton route + structural bound, generic rank) and odd-even
(Kronecker witness, ``4^32``), each timed for proving and for independent checking; the dense route is
refused there (``ResourceLimitError``).  Ratios are measured in this run.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from exactnet.core.linalg import rank  # noqa: E402
from exactnet.errors import ResourceLimitError  # noqa: E402
from exactnet.networks import DeepConvAC  # noqa: E402
from exactnet.tensors import Partition, PoolingTree, matricize  # noqa: E402
from exactnet.theorems.structured import generic_odd_even_rank, skeleton_minor, structured_rank  # noqa: E402


def _best(fn, reps: int):
    best, out = float("inf"), None
    for _ in range(reps):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return best, out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=3)
    args = ap.parse_args(argv)
    print("structured vs dense (same random network, rank of [grid]_{I,J}; best of", args.reps, "runs)")
    print(f"{'N':>3} {'M':>2} {'tree':<10} {'partition':<12} {'rank':>5} {'dense s':>9} {'structured s':>13} {'ratio':>7}")
    cases = [(8, 3, "binary", (3, 3, 3)), (12, 2, "windows", (2, 2, 2)), (16, 2, "quad", (3, 3)),
             (10, 3, "binary", (3, 3, 3, 3))]
    ok = True
    for N, M, shape, ws in cases:
        tree = (PoolingTree.binary(N) if shape == "binary" else PoolingTree.from_windows(N, 4) if shape == "quad"
                else PoolingTree.from_windows(N, (2, 2, 3)))
        net = DeepConvAC.random(tree, M, ws, seed=1, low=-9, high=9)
        for part in ("low-high", "odd-even", Partition.blocks(N, 2) if N % 4 == 0 else [0, 1, 5]):
            label = part if isinstance(part, str) else "rows " + ",".join(map(str, part.rows if hasattr(part, "rows") else part))[:7]
            td, rd = _best(lambda: rank(matricize(net.grid_tensor(output=0), part)).rank, args.reps)
            ts, (rs, _, _) = _best(lambda: skeleton_minor(net, part), args.reps)
            ok &= rd == rs
            print(f"{N:>3} {M:>2} {shape:<10} {label:<12} {rs:>5} {td:>9.4f} {ts:>13.4f} {td / ts:>6.1f}x"
                  + ("" if rd == rs else f"  MISMATCH dense {rd}"))
    print("\nN = 64, M = 4, widths 4 (grid tensor 4^64 entries): generic ranks")
    tree = PoolingTree.binary(64)
    try:
        DeepConvAC.random(tree, 4, 4, seed=0).grid_tensor(output=0)
    except ResourceLimitError as exc:
        print("  dense route refused:", str(exc)[:110], "...")
    print(f"  {'partition':<14} {'rank':>22} {'status':<18} {'prove s':>8} {'check s':>8}")
    for label, fn in (("low-high", lambda: structured_rank(tree, "low-high", M=4, widths=4)),
                      ("blocks of 16", lambda: structured_rank(tree, Partition.blocks(64, 16), M=4, widths=4)),
                      ("blocks of 8", lambda: structured_rank(tree, Partition.blocks(64, 8), M=4, widths=4)),
                      ("odd-even", lambda: generic_odd_even_rank(tree, 4, 4))):
        tp, res = _best(fn, args.reps)
        tc, _ = _best(res.certificate.check, 1)
        print(f"  {label:<14} {res.rank!s:>22} {res.status:<18} {tp:>8.3f} {tc:>8.3f}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
