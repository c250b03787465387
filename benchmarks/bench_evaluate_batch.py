"""Batched exact evaluation: ``net.evaluate_batch(points)`` against a Python loop of ``net.evaluate(point)``.

Both are exact (the results are compared, entry by entry); the loop is the baseline, run in the same process on
the same network and points.  Networks: ReLU nets with float weights imported exactly (their exact binary values,
as ``from_numpy`` / ``from_torch`` produce them: denominators up to 2^60 and more), and the same nets with
small integer weights.

Usage::

    python benchmarks/bench_evaluate_batch.py            # widths 16,16 and 64,64; 1000 points
    python benchmarks/bench_evaluate_batch.py --quick    # widths 16,16; 200 points
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from exactnet.networks.pwl import from_numpy


def _t(f):
    t0 = time.perf_counter()
    out = f()
    return out, time.perf_counter() - t0


def run(widths, m: int, integer: bool, seed: int = 0) -> None:
    rng = np.random.default_rng(seed)
    dims = [4, *widths, 1]
    Ws = [rng.normal(size=(dims[i + 1], dims[i])) for i in range(len(dims) - 1)]
    bs = [rng.normal(size=dims[i + 1]) for i in range(len(dims) - 1)]
    if integer:
        Ws = [np.rint(3 * W).astype(np.int64) for W in Ws]
        bs = [np.rint(3 * b).astype(np.int64) for b in bs]
    net = from_numpy(Ws, bs)
    X = rng.normal(size=(m, 4))
    batch, tb = _t(lambda: net.evaluate_batch(X, floats="exact"))
    loop, tl = _t(lambda: [net.evaluate(x, floats="exact") for x in X])
    assert [tuple(r) for r in batch.to_fractions()] == loop
    kind = "integer weights" if integer else "float weights (exact binary values)"
    print(f"widths {','.join(map(str, widths)):>6}  {m:5d} points  {kind:38s}  batch {tb:7.3f} s  "
          f"loop {tl:7.3f} s  ratio {tl / tb:6.1f}x")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    cases = [((16, 16), 200)] if args.quick else [((16, 16), 1000), ((64, 64), 1000)]
    for widths, m in cases:
        for integer in (True, False):
            run(widths, m, integer)


if __name__ == "__main__":
    main()
