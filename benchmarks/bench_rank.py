"""Benchmark: certified rank over Q (exactnet) against FLINT and SymPy on low-rank integer matrices.

Run::

    python benchmarks/bench_rank.py            # 20x20 .. 4096x4096, rank 16
    python benchmarks/bench_rank.py --quick    # small sizes only (20 .. 256)
    python benchmarks/bench_rank.py --full     # also FLINT fmpz_mat.rank above 2048 (~50 s at 4096)
                                               # and the checker on the largest certificates

Matrices are ``A = B @ C`` with ``B`` (n x r), ``C`` (r x n) uniform in [-10, 10]
(fixed seed), so ``rank A = r`` (default r = 16), plus one full-rank matrix.
Times are wall-clock seconds, best of a few repetitions for the fast columns;
ratios are ``other / ours`` (> 1 means exactnet is faster).

Columns:

* ``ours``: ``exactnet.core.rank(A)`` on a prepared QArray: exact over Q, certified
  (rank profile mod p + verified factorization); ``qarray``: building that QArray
  from the numpy array (paid once);
* ``check``: ``certificate.to_dict()`` plus the independent checker (up to 1296 unless --full);
* ``fmpz``: FLINT ``fmpz_mat.rank()`` incl. conversion from numpy (exact, uncertified);
* ``nmod``: FLINT ``nmod_mat.rank()`` modulo a 62-bit prime incl. conversion (a lower bound only);
* ``DM``: SymPy ``DomainMatrix(rows, shape, QQ).rank()`` incl. construction (up to 256);
* ``Matrix``: SymPy ``Matrix(rows).rank()`` (up to 20x20).
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import flint  # noqa: E402
import sympy  # noqa: E402
from sympy import QQ  # noqa: E402
from sympy.polys.matrices import DomainMatrix  # noqa: E402

from exactnet.core import QArray, rank  # noqa: E402

P62 = 4611686018427387847  # a prime below 2**62


def timed(fn, reps: int = 1):
    best, out = float("inf"), None
    for _ in range(reps):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return best, out


def fmt(t: float | None) -> str:
    if t is None:
        return "-"
    return f"{t:.4f}" if t < 1 else f"{t:.2f}"


def ratio(t: float | None, ours: float) -> str:
    return "" if t is None else f"({t / ours:.1f}x)"


def low_rank(n: int, r: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return rng.integers(-10, 11, (n, r)) @ rng.integers(-10, 11, (r, n))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="small sizes only (20 .. 256)")
    ap.add_argument("--full", action="store_true", help="FLINT fmpz_mat.rank at every size, checker everywhere")
    ap.add_argument("--rank", type=int, default=16, help="rank of the test matrices (default 16)")
    args = ap.parse_args(argv)

    sizes = [20, 64, 256] if args.quick else [20, 64, 256, 1296, 2048, 4096]
    cases = [(n, min(args.rank, n)) for n in sizes]
    if not args.quick:
        cases.append((1296, 1296))  # full rank: the FLINT nmod_mat kernel path

    print(f"exactnet bench_rank: python {platform.python_version()}, numpy {np.__version__}, "
          f"python-flint {flint.__version__}, sympy {sympy.__version__}, {os.cpu_count()} cpus, "
          f"load average {os.getloadavg()[0]:.2f} (timings on a busy machine are noisy)")
    dm_backend = type(DomainMatrix([[QQ(1)]], (1, 1), QQ).rep).__name__
    print(f"SymPy DomainMatrix backend for dense QQ: {dm_backend}")
    head = f"{'n':>5} {'rank':>5} | {'qarray':>7} {'ours':>7} {'check':>7} | {'fmpz':>16} {'nmod':>16} {'DM':>16} {'Matrix':>16}"
    print(head)
    print("-" * len(head))
    for n, r in cases:
        A = low_rank(n, r, seed=n + r) if r < n else np.random.default_rng(n).integers(-10, 11, (n, n))
        reps = 3 if n <= 1296 and r < n else 1
        t_q, Aq = timed(lambda: QArray.from_integers(A), 1)
        t_ours, res = timed(lambda: rank(Aq), reps)
        assert res.rank == r, (res.rank, r)

        t_check = None
        if n <= 1296 or args.full:
            t_check, rep = timed(lambda: res.check(), 1)
            assert rep.verdict.startswith("valid")

        t_fmpz = None
        if n <= 2048 and r < n or args.full:
            def fmpz_rank():
                return flint.fmpz_mat(n, n, A.ravel().tolist()).rank()

            t_fmpz, rk = timed(fmpz_rank, 1)
            assert rk == r

        def nmod_rank():
            return flint.nmod_mat(n, n, np.mod(A, P62).ravel().tolist(), P62).rank()

        t_nmod, rk = timed(nmod_rank, reps)
        assert rk == r

        t_dm = None
        if n <= 256:
            rows = A.tolist()

            def dm_rank():
                return DomainMatrix([[QQ(x) for x in row] for row in rows], (n, n), QQ).rank()

            t_dm, rk = timed(dm_rank, 1)
            assert rk == r

        t_mat = None
        if n <= 20:
            t_mat, rk = timed(lambda: sympy.Matrix(A.tolist()).rank(), 1)
            assert rk == r

        print(f"{n:>5} {r:>5} | {fmt(t_q):>7} {fmt(t_ours):>7} {fmt(t_check):>7} | "
              f"{fmt(t_fmpz):>7} {ratio(t_fmpz, t_ours):>8} {fmt(t_nmod):>7} {ratio(t_nmod, t_ours):>8} "
              f"{fmt(t_dm):>7} {ratio(t_dm, t_ours):>8} {fmt(t_mat):>7} {ratio(t_mat, t_ours):>8}",
              flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
