"""Benchmark: certified rank over Q (exactnet) against FLINT and SymPy on low-rank integer matrices.

Run::

    python benchmarks/bench_rank.py            # 20x20 .. 4096x4096, rank 16
    python benchmarks/bench_rank.py --quick    # small sizes only (20 .. 256)
    python benchmarks/bench_rank.py --full     # also FLINT fmpz_mat.rank above 2048 (~50 s at 4096)
                                               # and the checker on the largest certificates
    python benchmarks/bench_rank.py --mid-rank # 1296 x 1296 of rank 64, 128, 250: the upper-bound
                                               # certificate (d, Y), former vs current kernels
    python benchmarks/bench_rank.py --mid-rank --mid-ranks 64 300 --convac   # other ranks; + a ConvAC matrix

Matrices are ``A = B @ C`` with ``B`` (n x r), ``C`` (r x n) uniform in [-10, 10]
(fixed seed), so ``rank A = r`` (default r = 16), plus one full-rank matrix.
Times are wall-clock seconds, best of a few repetitions for the fast columns;
ratios are ``other / ours`` (> 1 means exactnet is faster).

Columns:

* ``ours``: ``exactnet.core.rank(A)`` on a prepared QArray: exact over Q, certified
  (rank profile mod p + verified factorization); ``qarray``: building that QArray
  from the numpy array (paid once);
* ``check``: the checker: the version-2 certificate JSON (compact matrix) checked by the kernel (up to 1296 unless --full);
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
from exactnet.core import _modular  # noqa: E402

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


def mid_rank_case(label: str, A: np.ndarray) -> None:
    """Former vs current kernels of the upper-bound certificate ``d*A == A[:, cols] @ Y`` on one matrix.

    former: FLINT's rational solve (``solve_factorization_fmpq``) and ``np.mod`` residues of ``Y`` in the
    check; current: ``solve_factorization`` (multi-modular) and digit residues.  Both use the same
    rank profile (FLINT, 62-bit prime) and the single-threaded BLAS of the prover.
    """
    with _modular.single_threaded_blas():
        p = _modular.PrimeStream().next(62)
        t_prof, (rows, cols) = timed(lambda: _modular.profile_flint(A, p))
        rows, cols = sorted(rows), sorted(cols)
        t_old, (d0, Y0) = timed(lambda: _modular.solve_factorization_fmpq(A, rows, cols))
        t_new, (d, Y) = timed(lambda: _modular.solve_factorization(A, rows, cols))
        assert d == d0 and np.array_equal(Y, Y0), "the two solves disagree"
        t_vold, ok0 = timed(lambda: _modular.verify_factorization(A, cols, d, Y, digit_residues=False))
        t_vnew, ok = timed(lambda: _modular.verify_factorization(A, cols, d, Y))
        assert ok and ok0
    Aq = QArray.from_integers(A)
    t_rank, res = timed(lambda: rank(Aq))
    assert res.rank == len(rows)
    t_check, rep = timed(lambda: res.check())
    assert rep.verdict.startswith("valid")
    old, new = t_old + t_vold, t_new + t_vnew
    print(f"{label:>24} {len(rows):>5} {d.bit_length():>6} {_modular.max_abs_int(Y).bit_length():>6} | "
          f"{fmt(t_prof):>7} | {fmt(t_old):>7} {fmt(t_new):>7} {ratio(t_old, t_new):>7} | "
          f"{fmt(t_vold):>7} {fmt(t_vnew):>7} {ratio(t_vold, t_vnew):>7} | {fmt(old):>7} {fmt(new):>7} "
          f"{ratio(old, new):>7} | {fmt(t_rank):>7} {fmt(t_check):>7}", flush=True)


def mid_rank(ranks, convac: bool) -> None:
    print("upper-bound certificate d*A == A[:, cols] @ Y, former vs current kernels (seconds; ratio former/current)")
    head = (f"{'matrix':>24} {'rank':>5} {'bits d':>6} {'bits Y':>6} | {'profile':>7} | {'solve':>7} {'now':>7} "
            f"{'':>7} | {'verify':>7} {'now':>7} {'':>7} | {'sum':>7} {'now':>7} {'':>7} | {'rank()':>7} {'check':>7}")
    print(head)
    print("-" * len(head))
    for r in ranks:
        mid_rank_case("random 1296x1296", low_rank(1296, r, seed=1296 + r))
    if convac:
        from exactnet.networks import DeepConvAC
        from exactnet.tensors import matricize

        net = DeepConvAC.from_windows(8, 6, [4, 4, 4], window=2, seed=7, low=-5, high=5)
        mat = matricize(net.grid_tensor(output=0), "odd-even")
        mid_rank_case("ConvAC N=8 M=6 (4,4,4)", np.asarray(mat.num))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="small sizes only (20 .. 256)")
    ap.add_argument("--full", action="store_true", help="FLINT fmpz_mat.rank at every size, checker everywhere")
    ap.add_argument("--rank", type=int, default=16, help="rank of the test matrices (default 16)")
    ap.add_argument("--mid-rank", action="store_true",
                    help="1296 x 1296 matrices of mid rank: former vs current certificate kernels")
    ap.add_argument("--mid-ranks", type=int, nargs="+", default=[64, 128, 250], help="ranks for --mid-rank")
    ap.add_argument("--convac", action="store_true", help="with --mid-rank: also a deep ConvAC matricization")
    args = ap.parse_args(argv)
    if args.mid_rank:
        print(f"exactnet bench_rank --mid-rank: python {platform.python_version()}, numpy {np.__version__}, "
              f"python-flint {flint.__version__}, {os.cpu_count()} cpus, load average {os.getloadavg()[0]:.2f}")
        mid_rank(args.mid_ranks, args.convac)
        return 0

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
