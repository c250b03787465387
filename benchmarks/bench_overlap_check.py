"""Prover vs kernel-check time of the version-2 GC ConvAC rank certificates (N = 64 and N = 8 x 8 inputs).

For each case, in one run: the time to prove and certify (witness minor search + cut-recursion bound) and the
time the kernel takes to check the certificate (minor entries through the circuit evaluator, the recursion
recomputed), and their ratio.

Usage::

    python benchmarks/bench_overlap_check.py
"""

from __future__ import annotations

import time

from exactnet.networks.gcconvac import GCConvAC
from exactnet.theorems.overlap import gc_generic_rank, gc_network_rank

CASES = [
    ("generic, N=64, (3,1,2)(2,2,2)(31,31,2), blocks of 16",
     lambda: gc_generic_rank((64,), 4, [(3, 1, 2), (2, 2, 2), (31, 31, 2)], "blocks:16", certify=True)),
    ("network, N=64, (2,1,2)(3,3,2)(3,3,2)(7,7,2), low-high",
     lambda: gc_network_rank(GCConvAC.random((64,), 4, [(2, 1, 2), (3, 3, 2), (3, 3, 2), (7, 7, 2)], seed=0,
                                             low=1, high=20), "low-high")),
    ("network, 8 x 8, (2,1,2)(2,2,2)(3,3,2), top-bottom",
     lambda: gc_network_rank(GCConvAC.random((8, 8), 2, [(2, 1, 2), (2, 2, 2), (3, 3, 2)], seed=0, low=1, high=20),
                             "top-bottom")),
]


def main() -> None:
    print(f"{'case':58} {'rank':>6} {'prove s':>8} {'check s':>8} {'check/prove':>12}")
    for name, run in CASES:
        t = time.perf_counter()
        res = run()
        prove = time.perf_counter() - t
        t = time.perf_counter()
        res.certificate.check()
        check = time.perf_counter() - t
        print(f"{name:58} {str(res.rank):>6} {prove:8.3f} {check:8.3f} {check / prove:12.2f}")


if __name__ == "__main__":
    main()
