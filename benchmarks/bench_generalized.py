"""Benchmark: grid-tensor throughput of the generalized HT evaluator vs naive SymPy evaluation of the score function.

Run::

    python benchmarks/bench_generalized.py            # N = 8, M = 4 (65536 grid entries), relu-max and relu-sum
    python benchmarks/bench_generalized.py --N 4 --M 3 --sample 200

Both routes are exact.  ``ours``: ``DeepRectifierNet.grid_tensor(method="decomposition")`` (the
generalized HT decomposition of the first-layer outputs, all T^N entries at once) and, for reference,
``method="evaluation"`` (the vectorised forward pass).  ``naive``: the network's score function as one
SymPy expression (``score_function()``, ``Max`` for ReLU and max pooling), evaluated at grid points by
exact substitution of the template patches (``xreplace`` with SymPy Integers).  The naive route is timed
on a random **sample** of grid points (``--sample``, default 64) and **extrapolated** linearly to all T^N
points; the sampled values are compared with the fast route's entries.  Ratios are measured in one run;
the goal is >= 1000x at N = 8, M = 4.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import sympy  # noqa: E402

from exactnet.networks.rectifier import DeepRectifierNet  # noqa: E402
from exactnet.tensors import PoolingTree  # noqa: E402


def _best(net, method: str, reps: int = 3) -> tuple[float, object]:
    """Best of ``reps`` runs, each on a fresh copy of the network (nothing cached between runs)."""
    best, out = float("inf"), None
    d = net.to_dict()
    for _ in range(reps):
        fresh = DeepRectifierNet.from_dict(d)
        t = time.perf_counter()
        out = fresh.grid_tensor(method=method, output=0)
        best = min(best, time.perf_counter() - t)
    return best, out


def run(N: int, M: int, width: int, operator: str, sample: int, seed: int) -> dict:
    tree = PoolingTree.binary(N)
    net = DeepRectifierNet.random(tree, M, (width,) * tree.height, operator=operator, seed=seed)
    entries = M ** N
    t_dec, A = _best(net, "decomposition")
    t_eval, B = _best(net, "evaluation")
    assert A == B
    t0 = time.perf_counter()
    expr = net.score_function()[0]
    t_build = time.perf_counter() - t0
    syms = {s.name: s for s in expr.free_symbols}
    rng = random.Random(seed)
    points = [tuple(rng.randrange(M) for _ in range(N)) for _ in range(sample)]
    one, zero = sympy.Integer(1), sympy.Integer(0)
    t0 = time.perf_counter()
    for d in points:
        sub = {}
        for i in range(N):
            for m in range(M):
                s = syms.get(f"x_{i}_{m}")
                if s is not None:
                    sub[s] = one if m == d[i] else zero
        val = expr.xreplace(sub)
        if sympy.Rational(val) != sympy.Rational(A[d].numerator, A[d].denominator):
            raise AssertionError(f"naive value {val} != {A[d]} at {d}")
    t_naive_sample = time.perf_counter() - t0
    per_point = t_naive_sample / sample
    t_naive = per_point * entries
    return {"N": N, "M": M, "width": width, "operator": operator, "entries": entries, "t_dec": t_dec,
            "t_eval": t_eval, "t_build": t_build, "per_point": per_point, "t_naive": t_naive,
            "ratio": t_naive / t_dec, "sample": sample}


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--N", type=int, default=8)
    p.add_argument("--M", type=int, default=4)
    p.add_argument("--width", type=int, default=4)
    p.add_argument("--sample", type=int, default=64)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--operators", default="relu-max,relu-sum")
    args = p.parse_args(argv)
    print(f"grid-tensor throughput, N={args.N}, M={args.M}, binary tree, widths {args.width} (exact, one run)")
    print(f"{'operator':<10} {'entries':>8} {'ours (dec)':>12} {'entries/s':>12} {'ours (eval)':>12} "
          f"{'naive/pt':>10} {'naive (extrap.)':>16} {'entries/s':>10} {'ratio':>9}")
    for op in args.operators.split(","):
        r = run(args.N, args.M, args.width, op, args.sample, args.seed)
        print(f"{op:<10} {r['entries']:>8} {r['t_dec']:>11.4f}s {r['entries'] / r['t_dec']:>12.0f} "
              f"{r['t_eval']:>11.4f}s {r['per_point'] * 1e3:>8.2f}ms {r['t_naive']:>15.1f}s "
              f"{1 / r['per_point']:>10.0f} {r['ratio']:>8.0f}x")
    print(f"naive: SymPy xreplace on {args.sample} sampled grid points (values checked against ours), extrapolated "
          f"linearly to all entries; building the SymPy expression took extra time, not counted.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
