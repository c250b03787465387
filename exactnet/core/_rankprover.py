r"""The prover of certified ranks over Q (private): rank profile modulo a word prime, then the cheapest
upper-bound witness for that rank.

For an integer matrix ``B`` (``m x n``):

1. **Lower bound.** The rank profile modulo a random prime ``p < 2^21`` (:func:`exactnet.core._pluq.profile`,
   float64 products) gives rows and columns of an ``r x r`` minor that is non-singular modulo ``p``,
   hence over Q.
2. **Upper bound**, only when ``r < min(m, n)``: a *kernel basis in compact form*: ``d`` and the
   ``r x (n - r)`` matrix ``Y`` with ``d B[:, j] = B[:, cols] Y[:, k]`` for the ``k``-th column ``j``
   outside ``cols`` (``d`` the least common denominator of ``S^-1 B[rows, free]``, ``S`` the minor),
   computed by p-adic lifting with the same prime (:func:`exactnet.core._dixon.solve`) and checked exactly
   (:func:`exactnet.core._dixon.check_columns`).  When the matrix has fewer rows than columns the same
   is done for ``B^T`` (``"transpose"``: the rows outside ``rows`` through the rows ``rows``), whose
   factor is smaller.  If the check fails on the rows outside the minor, the prime was unlucky (the
   rank modulo ``p`` is below the rank over Q) and another prime is tried.
Low ranks take a rank-sensitive route first: the block echelon form of
:func:`exactnet.core._modular.profile_float` costs about ``m n r`` operations, and is abandoned as soon as
the rank exceeds 256 (``FLOAT_MAX_RANK``), on matrices with both sides at least 512; below that cap its ``r x n`` factor (FLINT's multi-modular
solve, checked exactly) is cheaper than the full profile and the lifting.

3. Entries too large for exact float64 lifting (or a kernel without the compact forms) use FLINT's
   multi-modular solve and the ``r x n`` factor instead.

Peak memory is estimated before any work (:func:`estimate_bytes`) and the computation refused past the
dense-size limit with the estimate and a way out.
"""

from __future__ import annotations

import functools
import os
import sys

import numpy as np

from ..errors import ResourceLimitError
from . import _dixon, _midrank, _modular, _pluq

__all__ = ["certified_profile", "estimate_bytes", "compact_forms_supported"]

_MAX_ATTEMPTS = 6
_DEFAULT_LIMIT = 4 << 30
_ENV = "EXACTNET_MAX_DENSE_BYTES"


def _limit() -> int:
    """The dense-size limit in force (the tensors layer's setting when it is loaded, else env / 4 GiB)."""
    mem = sys.modules.get("exactnet.tensors.memory")
    if mem is not None:
        return int(mem.get_dense_limit())
    env = os.environ.get(_ENV)
    if env and env.strip():
        from .jsonfile import parse_bytes

        return parse_bytes(env, _ENV)
    return _DEFAULT_LIMIT


def estimate_bytes(m: int, n: int, entry_bits: int = 63) -> int:
    """Peak working memory (bytes) of the rank profile of an ``m x n`` matrix, beyond the input.

    The residues (``8 m n``) and the recursion's blocks (at most ``1.5 x 8 m n``: a half-height echelon
    form, the updated bottom half and its echelon form), plus ``8 m n`` per 64 bits of the entries
    for their residues when they exceed int64.

    >>> estimate_bytes(1000, 1000)
    20000000
    """
    base = 8 * m * n
    extra = base * (entry_bits // 64) if entry_bits > 63 else 0
    return int(2.5 * base) + extra


def _refuse(what: str, need: int, limit: int, hint: str) -> None:
    raise ResourceLimitError(
        f"Refusing {what}: about {need:,} bytes ({need / 2**30:.2f} GiB) of working memory, above the "
        f"dense-size limit of {limit:,} bytes. Ways out: {hint}, or raise the limit with "
        f"exactnet.tensors.memory.set_dense_limit(...), the context manager dense_limit(...), or the "
        f"environment variable {_ENV}."
    )


@functools.lru_cache(maxsize=None)
def compact_forms_supported() -> tuple[bool, bool]:
    """``(compact, transpose)``: whether the certificate kernel accepts the ``r x (n - r)`` factor and the
    ``"transpose"`` form (asked once with two tiny certificates)."""
    from .certificate import Certificate

    def ok(matrix, ev):
        prop = {"quantity": "rank", "object": {"matrix": matrix}, "relation": "=", "value": 1, "field": "Q"}
        evidence = dict({"method": "minor-and-factorization", "rows": [0], "cols": [0], "prime": "3", "scale": "1",
                         "factor": {"shape": [1, 1], "denominator": "1", "encoding": "decimal", "data": "1"}}, **ev)
        try:
            return Certificate(prop, evidence).check().verdict == "valid"
        except Exception:  # the kernel refuses forms it does not know
            return False

    row = {"shape": [1, 2], "denominator": "1", "encoding": "decimal", "data": "1,1"}
    col = {"shape": [2, 1], "denominator": "1", "encoding": "decimal", "data": "1,1"}
    return ok(row, {}), ok(col, {"transpose": True})


def certified_profile(A: np.ndarray):
    """``(p, rows, cols, upper)`` for an integer matrix (int64 or object): sorted ``rows``, ``cols`` of a
    minor non-singular modulo the prime ``p``; ``upper`` None (full rank) or ``(d, Y, form)`` with
    ``form`` one of ``"full"`` (``d B = B[:, cols] Y``), ``"compact"`` or ``"compact-T"`` (the compact
    form of ``B`` or of ``B^T``), verified exactly."""
    m, n = A.shape
    stream = _modular.PrimeStream()
    if m == 0 or n == 0:
        return stream.next(_pluq.PRIME_BITS), (), (), None
    bits = _modular.max_abs_int(A).bit_length()
    need, limit = estimate_bytes(m, n, bits), _limit()
    if need > limit:
        _refuse(f"the certified rank of a {m} x {n} matrix with {bits}-bit entries", need, limit,
                "use a structured rank (e.g. exactnet.theorems.structured_rank) or a smaller matrix")
    with _modular.single_threaded_blas():
        low = _low_rank(A, stream)
        if low is not None:
            return low
        for _ in range(_MAX_ATTEMPTS):
            p = stream.next(_pluq.PRIME_BITS)
            X = _pluq.residues(A, p)
            prow, pcol = _pluq.profile(X, p)
            del X
            r = len(prow)
            rows, cols = tuple(prow), tuple(sorted(int(c) for c in pcol))
            if r == min(m, n):
                return p, rows, cols, None
            upper = _upper(A, prow, [int(c) for c in pcol], p)
            if upper is not None:
                return p, rows, cols, upper
    return None


#: the low-rank route is tried only on matrices whose both sides reach this size
_LOW_RANK_MIN_SIDE = 512


def _low_rank(A: np.ndarray, stream):
    """``(p, rows, cols, upper)`` by the rank-sensitive route when the rank is at most
    ``FLOAT_MAX_RANK`` (module docstring), else None."""
    m, n = A.shape
    cap = _modular.FLOAT_MAX_RANK
    if min(m, n) < _LOW_RANK_MIN_SIDE:  # small matrices: the general route costs little either way
        return None
    for _ in range(2):
        p = stream.next(_modular.FLOAT_PRIME_BITS)
        prof = _modular.profile_float(A, p, max_rank=cap)
        if prof is None:
            return None
        rows, cols = tuple(sorted(prof[0])), tuple(sorted(prof[1]))
        if len(rows) == min(m, n):
            return p, rows, cols, None
        d, Y = _modular.solve_factorization(A, rows, cols)
        if _modular.verify_factorization(A, cols, d, Y):
            if compact_forms_supported()[0]:
                cs = set(cols)
                return p, rows, cols, (d, Y[:, [j for j in range(n) if j not in cs]], "compact")
            return p, rows, cols, (d, Y, "full")
    return None


def _upper(A, prow, pcol, p):
    """The verified upper-bound witness for the minor ``(prow, pcol)`` (pivot order), or None when the
    prime was unlucky."""
    m, n = A.shape
    compact, transpose = compact_forms_supported()
    use_t = compact and transpose and m < n
    if use_t:
        B, brow, bcol = A.T, pcol, prow
    else:
        B, brow, bcol = A, prow, pcol
    r, (mb, nb) = len(brow), B.shape
    colset = set(bcol)
    free = [j for j in range(nb) if j not in colset]
    if compact and _midrank.applies(B, r, len(free)):  # many free columns: all at once, the scale first
        got = _midrank.kernel_basis(B, brow, sorted(bcol), free, limit=_limit(), refuse=_refuse, prime=p, pivots=bcol)
        return None if got is None else (got[0], got[1], "compact-T" if use_t else "compact")
    S, F = B[np.ix_(brow, bcol)], B[np.ix_(brow, free)]
    ms, mf = _modular.max_abs_int(S), _modular.max_abs_int(F)
    order = np.argsort(bcol)
    scol = [bcol[i] for i in order]
    if B.dtype != object and _dixon.fits(ms, mf, r, p):
        need = 8 * (4 * r * r + 3 * r * len(free)) + 8 * mb * len(free)
        if need > _limit():
            _refuse(f"the kernel basis of a rank-{r} matrix", need, _limit(), "use certify=False")
        Sinv = _pluq.inverse(_pluq.residues(S, p), p)
        sol = _dixon.solve(S.astype(np.int64), F.astype(np.int64), p, Sinv)
        if sol is not None:
            d, Z = sol
            Y = Z[order]
            if _dixon.check_columns(B, scol, free, d, Y):
                if compact:
                    return d, Y, "compact-T" if use_t else "compact"
                full = np.zeros((r, nb), dtype=object)
                full[:, free] = Y
                full[np.arange(r), scol] = d
                return d, full, "full"
            if _dixon.check_columns(B[brow], scol, free, d, Y):
                return None  # the minor's rows are right, the others are not spanned: unlucky prime
    # FLINT's multi-modular solve of the r x n factor (big entries, or no compact form in the kernel)
    srow = sorted(prow)
    d, Yf = _modular.solve_factorization(A, srow, sorted(pcol))
    if not _modular.verify_factorization(A, sorted(pcol), d, Yf):
        return None
    if compact:
        cs = set(pcol)
        return d, Yf[:, [j for j in range(n) if j not in cs]], "compact"
    return d, Yf, "full"
