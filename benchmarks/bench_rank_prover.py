"""The certified rank's prover (``exactnet.rank``) against float64 LU, FLINT and Sage/LinBox, in one process.

Matrices (fixed seeds): a random n x n integer matrix with entries in [-5, 5] (full rank); the product of
random n x (n-1) and (n-1) x n matrices with entries in [-5, 5] (rank n - 1); the product of 4096 x 16 and
16 x 4096 matrices (rank 16); the odd/even matricizations of deep ConvACs (N = 8, M = 6, widths 3, 4 and 6,
weights in [-5, 5]); with ``--big``, a full-rank and a rank n-1 matrix with entries of 64, 170 and 512 bits.

Timed on the prepared integer array (conversions excluded): ``prove``: ``exactnet.rank`` (profile, upper
bound, certificate object; the BLAS limited to one thread, as the prover runs); ``check``: the kernel's check
of the certificate; ``LU``: ``numpy.linalg.slogdet`` with one BLAS thread; ``fmpz``/``nmod``: FLINT
``fmpz_mat.rank`` and ``nmod_mat.rank`` (the list-of-lists conversion excluded); ``sage``: Sage's ZZ
``rank`` (LinBox) in a subprocess of the Python of ``--sage`` (a Python where the ``bench`` extra,
passagemath, is installed; skipped with a message when not given) on the same matrix saved with numpy.  Every certificate is checked and a
corrupted copy (the factor's first entry plus one, or a row of the minor repeated) must be rejected.

Usage::

    python benchmarks/bench_rank_prover.py            # n = 1296, 4096 x 4096 rank 16, ConvACs
    python benchmarks/bench_rank_prover.py --quick    # n = 300, no 4096, one ConvAC (widths 3, M = 4)
    python benchmarks/bench_rank_prover.py --big      # also the big-entry matrices
"""

from __future__ import annotations

import argparse
import copy
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import flint
import numpy as np
from threadpoolctl import threadpool_limits

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from exactnet.core import QArray, rank  # noqa: E402
from exactnet.core.linalg import decode_matrix, encode_matrix  # noqa: E402
from exactnet.core.certificate import Certificate  # noqa: E402
from exactnet.errors import CertificateError  # noqa: E402

_SAGE_CODE = """
import sys, time, numpy as np
from sage.all__sagemath_linbox import *
from sage.all__sagemath_modules import matrix, ZZ, GF
A = np.load(sys.argv[1], allow_pickle=True).tolist()
def best(ring):
    out = []
    for _ in range(2):
        M = matrix(ring, A)  # a fresh matrix: Sage caches the rank
        t = time.perf_counter()
        r = M.rank()
        out.append(time.perf_counter() - t)
    return r, min(out)
r, t = best(ZZ)
print(r, t, best(GF(1048573))[1])
"""


def timed(f, reps=1):
    best, out = float("inf"), None
    for _ in range(reps):
        t = time.perf_counter()
        out = f()
        best = min(best, time.perf_counter() - t)
    return out, best


def sage_rank(A, python):
    if not python or not os.path.exists(python):
        return None
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "A.npy")
        np.save(path, A, allow_pickle=True)
        out = subprocess.run([python, "-c", _SAGE_CODE, path], capture_output=True, text=True, timeout=3600)
        if out.returncode:
            print("  sage failed:", out.stderr.strip().splitlines()[-1:])
            return None
        r, t, tp = out.stdout.split()
        return int(r), float(t), float(tp)


def corrupted(cert):
    doc = copy.deepcopy(cert._dict())
    ev = doc["evidence"]
    if "factor" in ev:
        Y = decode_matrix(ev["factor"], "factor")
        num = Y.num.astype(object)
        num.flat[0] += 1
        ev["factor"] = encode_matrix(QArray.from_integers(num, Y.den))
    elif len(ev["rows"]) > 1:
        ev["rows"][1] = ev["rows"][0]  # a repeated row: the minor is singular
    return Certificate(doc["proposition"], ev)


def run(label, A, args):
    m, n = A.shape
    Q = QArray.from_integers(A, 1)
    with threadpool_limits(1, "blas"):
        _, t_lu = timed(lambda: np.linalg.slogdet(A.astype(np.float64) if m == n else
                                                  A.astype(np.float64) @ A.T.astype(np.float64)), 2)
    res, t_prove = timed(lambda: rank(Q), args.repeat)
    cert = res.certificate.to_certificate()
    rep, t_check = timed(cert.check)
    assert rep.verdict == "valid"
    try:
        corrupted(cert).check()
        raise AssertionError("a corrupted certificate was accepted")
    except CertificateError:
        pass
    ev = cert.evidence
    form = "none" if "factor" not in ev else \
        f"{ev['factor']['shape'][0]}x{ev['factor']['shape'][1]}{' T' if ev.get('transpose') else ''}"
    line = (f"{label:<28} {m}x{n} rank {res.rank:<5} factor {form:<11} prove {t_prove:7.3f}s  check {t_check:7.3f}s"
            f"  LU {t_lu:6.3f}s  prove/LU {t_prove / t_lu:5.1f}  check/prove {t_check / t_prove:5.2f}")
    if not args.no_flint and A.dtype != object and m == n and m <= 1296:  # fmpz_mat.rank is very slow on wide ones
        rows = flint.fmpz_mat(A.tolist())
        r_f, t_f = timed(rows.rank)
        nm = flint.nmod_mat(A.tolist(), 1048573)
        _, t_n = timed(nm.rank)
        assert r_f == res.rank
        line += f"  fmpz {t_f:6.3f}s  nmod {t_n:6.3f}s"
    print(line, flush=True)
    if not args.no_sage:
        s = sage_rank(A, args.sage)
        if s is None:
            print(f"  (Sage not available{' at ' + args.sage if args.sage else ': pass --sage PYTHON'}: skipped)")
        else:
            assert s[0] == res.rank, s
            print(f"  Sage ZZ rank (LinBox) {s[1]:.3f}s  GF(p) rank {s[2]:.3f}s  prove/LinBox {t_prove / s[1]:5.2f}",
                  flush=True)


def convac(M, widths, seed=7):
    from exactnet.networks import DeepConvAC
    from exactnet.tensors import matricize

    net = DeepConvAC.from_windows(8, M, list(widths), window=2, seed=seed, low=-5, high=5)
    mat = matricize(net.grid_tensor(output=0), "odd-even")
    return np.asarray(mat.num)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--big", action="store_true")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--no-flint", action="store_true")
    ap.add_argument("--no-sage", action="store_true")
    ap.add_argument("--sage", default=None, help="a Python with passagemath (the bench extra) for the Sage column")
    ap.add_argument("--only", default="", help="run only the cases whose label contains this text")
    args = ap.parse_args(argv)
    n = 300 if args.quick else 1296
    rng = np.random.default_rng(0)
    cases = [("random full rank", rng.integers(-5, 6, (n, n))),
             ("rank n-1 product", rng.integers(-5, 6, (n, n - 1)) @ rng.integers(-5, 6, (n - 1, n))),
             ("wide rank m-1 product", rng.integers(-5, 6, (n // 2, n // 2 - 1)) @ rng.integers(-5, 6, (n // 2 - 1, n)))]
    if not args.quick:
        cases.append(("rank 16 at 4096", rng.integers(-5, 6, (4096, 16)) @ rng.integers(-5, 6, (16, 4096))))
    for w in ([(4, (3, 3, 3))] if args.quick else [(6, (3, 3, 3)), (6, (4, 4, 4)), (6, (6, 6, 6))]):
        cases.append((f"ConvAC M={w[0]} widths {w[1][0]}", convac(*w)))
    if args.big:
        for bits in (64, 170, 512):
            k = n // 4
            big = np.array([[int(x) for x in row] for row in rng.integers(-(1 << 62), 1 << 62, (k, k))], dtype=object)
            big = big * (1 << (bits - 62)) + rng.integers(-5, 6, (k, k)).astype(object)
            cases.append((f"{bits}-bit entries full rank", big))
    for label, A in cases:
        if args.only in label:
            run(label, A, args)


if __name__ == "__main__":
    main()
