"""Certified ranks in the middle (nullity 16 and more): the all-columns route against the per-column lifting.

For each matrix, in one process (BLAS limited to one thread, as exactnet's prover runs it), the seconds of

* ``prove``: ``exactnet.rank(A)`` with the middle-rank route (:mod:`exactnet.core._midrank`);
* ``before``: the same with that route switched off (the lifting of :mod:`exactnet.core._dixon`), unless
  ``--no-before``;
* ``check``: ``result.certificate.check()`` (the kernel, writing and reading the certificate included);
* ``LU``: ``numpy.linalg.slogdet`` of the float64 matrix;

the peak memory of ``exactnet.rank`` (tracemalloc, a separate run) over ``8 m n`` (the matrix as int64),
and the prover's estimate (:func:`exactnet.core._midrank.estimate`).  The largest case (4096 x 4096 of rank
2048) is expected to be refused under the default dense-size limit: the refusal, with its estimate, is
printed.  ``--sage-python PATH``: Sage's integer rank (LinBox, one random prime, no certificate) from a
Python with passagemath, as in ``benchmarks/bench_rank_regimes.py``.

Usage::

    python benchmarks/bench_midrank.py                    # 1296 x 1296: ranks 256, 648, 1024, 1264, ConvAC widths 4
    python benchmarks/bench_midrank.py --quick            # 300 x 300 (the code paths, seconds)
    python benchmarks/bench_midrank.py --big              # also 4096 x 4096 of rank 2048 (a refusal)
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_rank_regimes import Sage, _save, convac_matrix, random_rank  # noqa: E402


def _timed(fn):
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def run(label: str, A: np.ndarray, before: bool, low_rank_route: bool = True, sage=None, tmp=None) -> dict:
    from threadpoolctl import threadpool_limits

    import exactnet
    from exactnet import QArray
    from exactnet.core import _dixon, _midrank, _pluq
    from exactnet.errors import ResourceLimitError

    from exactnet.core import _rankprover

    m, n = A.shape
    Aq = QArray.from_integers(A, 1)
    out: dict = {"matrix": label, "m": m, "n": n}
    calls: list[int] = []
    real = _midrank.kernel_basis
    _midrank.kernel_basis = lambda *a, **k: calls.append(1) or real(*a, **k)
    saved_side = _rankprover._LOW_RANK_MIN_SIDE
    if not low_rank_route:  # the rank-sensitive route of the prover switched off
        _rankprover._LOW_RANK_MIN_SIDE = 1 << 40
    try:
        t_prove, res = _timed(lambda: exactnet.rank(Aq))
    except ResourceLimitError as exc:
        out["refused"] = str(exc)
        return out
    finally:
        _midrank.kernel_basis = real
    out["route"] = "middle" if calls else "other"
    r = res.rank
    out.update(rank=r, prove=t_prove)
    cert = res.certificate
    out["check"], rep = _timed(cert.check)
    assert rep.verdict.startswith("valid"), rep
    ev = cert.to_dict()["evidence"] if hasattr(cert, "to_dict") else {}
    if "scale" in ev:
        out["scale_bits"] = int(ev["scale"]).bit_length()
    with threadpool_limits(1):
        X = A.astype(np.float64)
        out["lu"] = min(_timed(lambda: np.linalg.slogdet(X))[0] for _ in range(3))
        if r < min(m, n) and m >= n:
            p = _dixon.primes_below(21, 1)[0]
            prow, pcol = _pluq.profile(_pluq.residues(A, p), p)
            cols = sorted(int(c) for c in pcol)
            free = sorted(set(range(n)) - set(cols))
            S, F = A[np.ix_(prow, cols)], A[np.ix_(prow, free)]
            bits = _dixon._hadamard_bits(S, F)[1] + _midrank._SMOOTH.bit_length()  # as the prover estimates
            qb = _midrank._q_bits(r, int(np.abs(A).max()))
            if qb:  # else entries too large for the float64 lifting: the route does not apply
                e = _midrank.estimate(m, n, r, bits, qb)
                out["estimate"] = {"entry_bits": bits, "bytes": e.total_bytes, "seconds": round(e.seconds, 2),
                                   "digits": e.digits}
            out["max_entry_bits"] = int(np.abs(A).max()).bit_length()
    del res, cert
    if sage is not None and sage.available:
        path = Path(tmp) / "matrix.npz"
        _save(A, 1, path)
        got = sage.ranks(A, path, 3)
        assert got["zz_default_rank"] == r == got["zz_linbox_rank"], got
        out["sage_zz"] = min(got["zz_default"], got["zz_linbox"])
    tracemalloc.start()
    exactnet.rank(Aq)
    out["peak_over_8mn"] = tracemalloc.get_traced_memory()[1] / (8 * m * n)
    tracemalloc.stop()
    if before and out["route"] == "middle":
        saved = _midrank.MIN_NULLITY
        _midrank.MIN_NULLITY = 1 << 40
        try:
            t_b, res_b = _timed(lambda: exactnet.rank(Aq))
            out["before"] = t_b
            out["before_check"] = _timed(res_b.certificate.check)[0]
        finally:
            _midrank.MIN_NULLITY = saved
    _rankprover._LOW_RANK_MIN_SIDE = saved_side
    return out


def _print(res: dict, as_json: bool) -> None:
    label = res["matrix"]
    if as_json:
        print(json.dumps(res), flush=True)
        return
    if "refused" in res:
        print(f"{label}: refused: {res['refused']}", flush=True)
        return
    parts = [f"{label}: rank {res['rank']} ({res['route']} route)", f"prove {res['prove']:.2f} s",
             f"check {res['check']:.2f} s",
             f"LU {res['lu']:.3f} s", f"prove/LU {res['prove'] / res['lu']:.0f}",
             f"peak {res['peak_over_8mn']:.1f} x 8mn"]
    if "sage_zz" in res:
        parts.insert(4, f"Sage ZZ {res['sage_zz']:.3f} s")
    if "before" in res:
        parts.append(f"before: prove {res['before']:.2f} s, check {res['before_check']:.2f} s")
    if "estimate" in res:
        e = res["estimate"]
        parts.append(f"estimate: {e['entry_bits']}-bit entries, {e['bytes'] / 2**20:.0f} MiB, "
                     f"{e['seconds']} s")
    print("; ".join(parts), flush=True)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--big", action="store_true", help="also 4096 x 4096 of rank 2048 (expected: a refusal)")
    ap.add_argument("--no-before", action="store_true", help="skip the per-column lifting (slow)")
    ap.add_argument("--ranks", default=None, help="comma-separated ranks (default 256,648,1024,1264)")
    ap.add_argument("--no-convac", action="store_true")
    ap.add_argument("--low-rank-off", action="store_true",
                    help="run the cases the prover's rank-sensitive (low-rank) route takes again without it")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--sage-python", default=None, help="a Python with passagemath (Sage/LinBox baselines)")
    args = ap.parse_args(argv)
    n = 300 if args.quick else 1296
    ranks = [int(x) for x in args.ranks.split(",")] if args.ranks else ([60, 150, 250] if args.quick else
                                                                        [256, 648, 1024, 1264])
    cases = [(f"random {n} (rank {r})", lambda r=r: random_rank(n, r, seed=n + r), True) for r in ranks]
    if not args.quick and not args.no_convac:
        cases.append(("ConvAC N=8 M=6 widths 4", lambda: convac_matrix(6, 4), True))
    if args.big:
        cases.append(("random 4096 (rank 2048)", lambda: random_rank(4096, 2048, seed=4096 + 2048), True))
    import tempfile

    sage = Sage(args.sage_python) if args.sage_python else None
    tmp = tempfile.mkdtemp(prefix="bench_midrank")
    for label, build, low in cases:
        A = build()
        res = run(label, A, before=not args.no_before, low_rank_route=low, sage=sage, tmp=tmp)
        _print(res, args.json)
        if args.low_rank_off and res.get("route") == "other":  # again, through the middle-rank route
            _print(run(label + ", rank-sensitive route off", A, before=False, low_rank_route=False, sage=None,
                       tmp=tmp), args.json)


if __name__ == "__main__":
    main()
