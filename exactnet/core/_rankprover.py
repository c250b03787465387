r"""The prover of certified ranks over Q (private): rank profile modulo a word prime, then the cheapest
upper-bound witness for that rank.

For an integer matrix ``B`` (``m x n``):

1. **Lower bound.** The rank profile modulo a random prime ``p < 2^21`` (:func:`exactnet.core._pluq.profile`,
   float64 products) gives rows and columns of an ``r x r`` minor that is non-singular modulo ``p``,
   hence over Q.
2. **Upper bound**, only when ``r < min(m, n)``: a *kernel basis in compact form*: ``d`` and the
   ``r x (n - r)`` matrix ``Y`` with ``d B[:, j] = B[:, cols] Y[:, k]`` for the ``k``-th column ``j``
   outside ``cols`` (``d`` the least common denominator of ``S^-1 B[rows, free]``, ``S`` the minor),
   computed by p-adic lifting with the same prime (:func:`exactnet.core._dixon.solve`, which proves the
   identity on the minor's rows; entries of any size up to 1024 bits, split into limbs when one
   float64 product is not exact); the other rows are checked exactly
   (:func:`exactnet.core._dixon.check_columns`).  When the matrix has fewer rows than columns the same
   is done for ``B^T`` (``"transpose"``: the rows outside ``rows`` through the rows ``rows``), whose
   factor is smaller.  If the check fails on the rows outside the minor, the prime was unlucky (the
   rank modulo ``p`` is below the rank over Q) and another prime is tried.
Low ranks take a rank-sensitive route first: the block echelon form of
:func:`exactnet.core._modular.profile_float` costs about ``m n r`` operations, and is abandoned as soon as
the rank exceeds 256 (``FLOAT_MAX_RANK``), on matrices with both sides at least 512; below that cap its
``r x n`` factor (FLINT's multi-modular solve, checked exactly) is cheaper than the full profile and the
lifting.  A sketch decides first (:func:`_rank_exceeds`): when the rank of ``G (B mod p) H`` (random
sparse sign matrices with 257 rows and columns) is full, the rank exceeds 256 and that route is skipped.

3. Small minors with huge entries (or a kernel without the compact forms) use FLINT's multi-modular
   solve and the ``r x n`` factor instead.

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

    The residues (``8 m n``) and the recursion's blocks (at most ``2 x 8 m n``: a half-height echelon
    form, the updated bottom half, its echelon form and the copies of their columns), plus ``8 m n``
    per 64 bits of the entries for their residues when they exceed int64.  Below full rank the lifting
    is estimated separately (:func:`exactnet.core._dixon.solve_bytes`) before it starts.

    >>> estimate_bytes(1000, 1000)
    24000000
    """
    base = 8 * m * n
    extra = base * (entry_bits // 64) if entry_bits > 63 else 0
    return 3 * base + extra


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
        p = stream.next(_pluq.PRIME_BITS)
        X = _pluq.residues(A, p)
        if min(m, n) >= _LOW_RANK_MIN_SIDE and not _rank_exceeds(X, p, _modular.FLOAT_MAX_RANK):
            del X  # the low-rank route needs no residues modulo this prime
            low = _low_rank(A, stream)
            if low is not None:
                return low
            X = _pluq.residues(A, p)
        for attempt in range(_MAX_ATTEMPTS):
            if attempt:
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


def _rank_exceeds(X: np.ndarray, p: int, cap: int) -> bool:
    """Whether ``rank X > cap`` modulo ``p`` is proved by a sketch: the rank of ``G X H`` (``G``, ``H``
    random sparse sign matrices with ``cap + 1`` rows and columns, each row and column of ``X`` added
    to one bucket) is at most ``rank X``, so a full-rank sketch proves the rank above ``cap``; a
    deficient one decides nothing (the caller then tries the low-rank route, which gives up by itself).
    Costs two passes over ``X`` and the profile of a ``(cap + 1)``-square matrix."""
    m, n = X.shape
    k = cap + 1
    if min(m, n) <= cap:
        return False
    rng = np.random.default_rng(0x736B65746368)  # "sketch"

    def fold(Z: np.ndarray) -> np.ndarray:  # rows of Z (reduced) to k buckets, random signs: |sum| < ceil(m/k) p
        rows = Z.shape[0]
        perm = rng.permutation(rows)
        sign = rng.choice(np.array([-1.0, 1.0]), rows)
        out = np.zeros((k, Z.shape[1]))
        for s in range(0, rows, k):
            part = perm[s:s + k]
            out[:part.size] += Z[part] * sign[s:s + k, None]
        return out

    G = _pluq.reduce(fold(X), p)
    T = _pluq.reduce(fold(np.ascontiguousarray(G.T)), p)
    return len(_pluq.profile(T, p)[0]) > cap


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
    sidx = np.ix_(brow, bcol)
    S, F = B[sidx], B[np.ix_(brow, free)]
    order = np.argsort(bcol)
    scol = [bcol[i] for i in order]
    if _dixon.liftable(S, F, p):
        need = _dixon.solve_bytes(S, F, p)
        if need > _limit():
            _refuse(f"the kernel basis of a rank-{r} matrix", need, _limit(), _midrank.WAY_OUT)
        small = S.dtype != object and _modular.max_abs_int(S) < (1 << 52)
        Sp = _pluq.residues(S, p)
        del S  # taken again after the inverse (peak memory)
        Sinv = _pluq.inverse(Sp, p)
        del Sp
        S = B[sidx].astype(np.float64) if small else B[sidx]  # exact in float64
        sol = _dixon.solve(S, F, p, Sinv)
        del Sinv
        if sol is not None:  # S Y = d F holds exactly (proved by the lifting): the other rows remain
            d, Z = sol
            Y = Z[order]
            rowset = set(brow)
            if not _dixon.check_columns(B[[i for i in range(mb) if i not in rowset]], scol, free, d, Y):
                return None  # the other rows are not spanned: the prime was unlucky
            if compact:
                return d, Y, "compact-T" if use_t else "compact"
            full = np.zeros((r, nb), dtype=object)
            full[:, free] = Y
            full[np.arange(r), scol] = d
            return d, full, "full"
    # FLINT's multi-modular solve of the r x n factor (big entries, or no compact form in the kernel)
    srow = sorted(prow)
    d, Yf = _modular.solve_factorization(A, srow, sorted(pcol))
    if not _modular.verify_factorization(A, sorted(pcol), d, Yf):
        return None
    if compact:
        cs = set(pcol)
        return d, Yf[:, [j for j in range(n) if j not in cs]], "compact"
    return d, Yf, "full"
