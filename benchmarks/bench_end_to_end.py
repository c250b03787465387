"""End to end: build a deep ConvAC's grid tensor, matricize it odd/even, certified rank over Q.

Prints, in one run, our end-to-end time and its parts against baselines run in the same
process on the same matricization: FLINT's own *uncertified* ``fmpz_mat.rank`` and
``fmpq_mat.rank`` (conversion into FLINT reported separately), SymPy's ``DomainMatrix.rank``
(up to 256 x 256; note that SymPy runs it on FLINT when python-flint is installed) and SymPy's
``Matrix.rank`` (64 x 64 only: it is far slower).

Usage::

    python benchmarks/bench_end_to_end.py            # 64 x 64 (N=6, M=4), then N=8 with M=4, 6, 8 (up to 4096 x 4096)
    python benchmarks/bench_end_to_end.py --quick    # up to 1296 x 1296
    python benchmarks/bench_end_to_end.py --no-flint # skip the ~50 s FLINT baseline at 4096 x 4096

Goals: 1296 x 1296 under 1 s, 4096 x 4096 under 10 s and >= 5x faster than FLINT's
uncertified rank alone.  Timings are wall-clock on this machine; report only numbers you measured.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time

import flint

from exactnet.certificates.ranks import network_rank
from exactnet.core.linalg import rank
from exactnet.kernel import check_file
from exactnet.networks import DeepConvAC
from exactnet.tensors import matricize


def _timed(f):
    t0 = time.perf_counter()
    out = f()
    return out, time.perf_counter() - t0


_t = _timed


def run(M: int, widths=(2, 2, 2), seed: int = 7, with_flint: bool = True, with_sympy: bool = False,
        N: int = 8, with_sympy_matrix: bool = False) -> None:
    window = 2 if N == 8 else (2, N // 2)
    net = DeepConvAC.from_windows(N, M, list(widths), window=window, seed=seed, low=-5, high=5)
    grid, t_grid = _t(lambda: net.grid_tensor(output=0))
    mat, t_mat = _t(lambda: matricize(grid, "odd-even"))
    res, t_rank = _t(lambda: rank(mat))
    total = t_grid + t_mat + t_rank
    m, n = mat.shape
    print(f"\nN={N}, M={M}, widths={tuple(widths)}: odd-even matricization {m} x {n}, {res}")
    print(f"  exactnet  grid tensor {t_grid:7.3f} s | matricize {t_mat:7.3f} s | certified rank {t_rank:7.3f} s"
          f" | END TO END {total:7.3f} s")
    prover_vs_checker(net, res, total)
    if with_flint:
        rows, t_conv = _t(lambda: flint.fmpz_mat(mat.num.tolist()))
        r_flint, t_flint = _t(rows.rank)
        assert r_flint == res.rank, (r_flint, res.rank)
        print(f"  FLINT fmpz_mat.rank (uncertified): conversion {t_conv:7.3f} s + rank {t_flint:7.3f} s;"
              f" ratio FLINT rank alone / exactnet end-to-end = {t_flint / total:6.1f}x")
        if m <= 1296:
            q, t_qconv = _t(lambda: flint.fmpq_mat(rows))
            r_q, t_q = _t(q.rank)
            assert r_q == res.rank
            print(f"  FLINT fmpq_mat.rank (uncertified): conversion {t_qconv:7.3f} s + rank {t_q:7.3f} s;"
                  f" ratio = {t_q / total:6.1f}x")
    if with_sympy:
        from sympy import QQ
        from sympy.polys.matrices import DomainMatrix

        dm = DomainMatrix([[QQ(int(x)) for x in row] for row in mat.num.tolist()], mat.shape, QQ)
        r_sym, t_sym = _t(dm.rank)
        assert r_sym == res.rank
        print(f"  SymPy DomainMatrix.rank: {t_sym:7.3f} s; ratio = {t_sym / total:6.1f}x")
    if with_sympy_matrix:
        import sympy

        sm = sympy.Matrix(mat.num.tolist())
        r_sm, t_sm = _t(sm.rank)
        assert r_sm == res.rank
        print(f"  SymPy Matrix.rank: {t_sm:7.3f} s; ratio = {t_sm / total:6.1f}x")


def prover_vs_checker(net, res, total: float) -> None:
    """Prover and checker side by side, for the two certificate forms of the same rank.

    * matrix: the explicit matrix in the compact encoding; prover = certified rank of the matrix +
      writing the file, checker = reading the file + the kernel's check;
    * network: tied to the network (the kernel recomputes the grid tensor from its circuit);
      prover = network_rank + writing the file, checker = reading + check.

    Below 4096 x 4096 each time is the best of three runs (the machine is shared; single runs are noisy).
    """
    reps = 3 if res.shape[0] < 4096 else 1
    _t = lambda f: min((_timed(f) for _ in range(reps)), key=lambda pair: pair[1])  # noqa: E731
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "matrix.json")
        t_rank = _t(lambda: rank(res.certificate.matrix))[1]  # the matrix is this certificate's input
        _, t_write = _t(lambda: res.certificate.save(path))
        rep, t_check = _t(lambda: check_file(path))
        assert rep.proposition.value == res.rank
        size = os.path.getsize(path)
        total = t_rank
        print(f"  matrix certificate ({size / 1e6:.1f} MB): prover {total + t_write:7.3f} s (rank + write) | "
              f"checker {t_check:7.3f} s (read + check) | checker / prover = {t_check / (total + t_write):5.2f}")
        path = os.path.join(tmp, "network.json")
        tied, t_tied = _t(lambda: network_rank(net, "odd-even"))
        _, t_write = _t(lambda: tied.certificate.save(path))
        rep, t_check = _t(lambda: check_file(path))
        assert rep.proposition.value == res.rank == tied.value
        size = os.path.getsize(path)
        print(f"  network certificate ({size / 1e6:.2f} MB): prover {t_tied + t_write:7.3f} s (rank + write) | "
              f"checker {t_check:7.3f} s (read + recompute + check) | checker / prover = "
              f"{t_check / (t_tied + t_write):5.2f}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--no-flint", action="store_true")
    args = ap.parse_args(argv)
    run(4, N=6, with_flint=not args.no_flint, with_sympy=True, widths=(2, 2), with_sympy_matrix=True)
    run(4, with_flint=not args.no_flint, with_sympy=True)
    run(6, with_flint=not args.no_flint)
    run(6, widths=(3, 3, 3), with_flint=not args.no_flint)  # 1296 x 1296, rank 81
    if not args.quick:
        run(8, with_flint=not args.no_flint)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
