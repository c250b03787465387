r"""Rank profile and inverse modulo a word prime on BLAS (private; the prover side of certified ranks).

Everything is float64 arithmetic on integers, exact by the bounds below; nothing here is trusted (the
certificate kernel re-checks the minor and the upper bound).

* :func:`residues`: ``A mod p`` as centred float64 residues (int64 or object entries, no Python loop
  over entries for int64; one C-level ``np.mod`` pass for big integers).
* :func:`profile`: the row rank profile of ``A`` modulo ``p`` and a set of pivot columns, by a
  recursive row-splitting reduced echelon form whose work is matrix products (the top half's echelon
  form eliminates its pivot columns from the bottom half with one product, the bottom half's from the
  top half with another), with a short row-by-row base case.
* :func:`inverse`: ``S^-1 mod p`` for a minor whose leading principal minors are non-singular modulo
  ``p`` (the pivot order of :func:`profile` gives that), by recursive 2 x 2 block inversion (Schur
  complements): products only.

Exactness
---------
Residues are centred: ``|x| <= h = p // 2 + 1`` after :func:`reduce`, which computes
``x - p rint(x / p)``; for ``|x| < 2^52`` the rounded quotient is within ``1 / p`` of ``x / p``, so
the result is congruent to ``x`` and at most ``h`` in absolute value, and every step is exact.  A
product of two reduced matrices with inner dimension ``K`` plus a reduced term stays below
``K h^2 + h``; :func:`chunk` is the largest ``K`` keeping that below ``2^52`` (4096 for
``p < 2^21``), and :func:`mulsub` splits longer inner dimensions and reduces between the parts:
this is the delayed reduction of the products.
"""

from __future__ import annotations

import numpy as np

__all__ = ["PRIME_BITS", "chunk", "reduce", "residues", "mulsub", "profile", "inverse"]

#: The profile's primes are below ``2**PRIME_BITS`` (inner products of 4096 terms stay exact).
PRIME_BITS = 21
_LIMIT = float(1 << 52)
#: Rows below which :func:`profile` eliminates row by row.
_LEAF = 32
#: Order below which :func:`inverse` uses FLINT's ``nmod_mat.inv``.
_INV_LEAF = 48


def chunk(p: int) -> int:
    """The largest inner dimension ``K`` with ``K h^2 + h < 2^52``, ``h = p // 2 + 1``.

    >>> chunk(2**21 - 9)
    4096
    """
    h = p // 2 + 1
    return max(1, (int(_LIMIT) - h - 1) // (h * h))


def reduce(X: np.ndarray, p: int, out: np.ndarray | None = None) -> np.ndarray:
    """``X - p rint(X / p)`` (``|X| < 2^52``): centred residues, in place when ``out is X``.

    >>> reduce(np.array([7.0, -7.0, 3.0]), 5).tolist()
    [2.0, -2.0, -2.0]
    """
    t = np.multiply(X, 1.0 / p)
    np.rint(t, out=t)
    t *= p
    return np.subtract(X, t, out=out)


def residues(A: np.ndarray, p: int) -> np.ndarray:
    """``A mod p`` as a new float64 array of centred residues (``A`` int64 or object of Python ints).

    >>> residues(np.array([[2**70 + 3, -4]], dtype=object), 7).tolist()
    [[-2.0, 3.0]]
    """
    if A.dtype != object:
        if A.size and max(int(A.max()), -int(A.min())) < (1 << 52):
            X = A.astype(np.float64)
        else:
            X = np.mod(A, p).astype(np.float64)
    else:
        X = np.mod(A, p).astype(np.float64)
    return reduce(X, p, out=X)


def mulsub(X: np.ndarray, A: np.ndarray, B: np.ndarray, p: int) -> np.ndarray:
    """``X - A @ B`` reduced modulo ``p`` (all three reduced): a new array; the inner dimension in chunks.

    >>> X = np.zeros((1, 1)); A = np.full((1, 3), 2.0); B = np.full((3, 1), 3.0)
    >>> mulsub(X, A, B, 7).tolist()   # -18 = 3 mod 7
    [[3.0]]
    """
    K, k = A.shape[1], chunk(p)
    if K == 0:
        return X.copy()
    out = X - A[:, :k] @ B[:k]
    reduce(out, p, out=out)
    for s in range(k, K, k):
        out -= A[:, s:s + k] @ B[s:s + k]
        reduce(out, p, out=out)
    return out


def _leaf(X: np.ndarray, p: int, want_u: bool):
    """Row-by-row echelon form of a few rows (``X`` reduced; modified in place); the reduced echelon form
    ``U`` at the end from the pivot minor's inverse: ``U = X[rows][:, cols]^-1 X[rows]``."""
    k, n = X.shape
    rows: list[int] = []
    cols: list[int] = []
    X0 = X.copy() if want_u else None
    for i in range(k):
        v = X[i]
        if i:  # rank-one updates were accumulated without reduction (at most k < chunk of them)
            reduce(v, p, out=v)
        nz = np.flatnonzero(v)
        if nz.size == 0:
            continue
        c = int(nz[0])
        rows.append(i)
        cols.append(c)
        if len(cols) == n or i + 1 == k:
            break
        v *= float(pow(int(v[c]) % p, -1, p))
        reduce(v, p, out=v)
        f = reduce(X[i + 1:, c], p)
        X[i + 1:] -= f[:, None] * v
    cs = np.array(cols, dtype=np.intp)
    if not want_u:
        return rows, cs, None
    if not rows:
        return rows, cs, np.zeros((0, n))
    top = X0[rows]
    U = mulsub(np.zeros_like(top), -inverse(top[:, cs], p), top, p)
    return rows, cs, U


def _echelon(X: np.ndarray, p: int, want_u: bool):
    """``(rows, cols, U)`` of a reduced float64 matrix ``X`` (may be modified): ``rows`` increasing local
    row indices (the greedy row rank profile modulo ``p``), ``cols`` the pivot columns in pivot order,
    ``U`` (when ``want_u``) the reduced echelon form of ``X[rows]`` with ``U[:, cols] = I``."""
    k, n = X.shape
    if n == 0 or k == 0:
        return [], np.zeros(0, dtype=np.intp), (np.zeros((0, n)) if want_u else None)
    if k <= _LEAF:
        return _leaf(X, p, want_u)
    h = k // 2
    r1, c1, U1 = _echelon(X[:h], p, True)
    if len(c1) == n:  # every column is a pivot: the bottom rows depend on the top ones
        return r1, c1, U1
    if len(c1):
        mask = np.ones(n, dtype=bool)
        mask[c1] = False
        rest = np.flatnonzero(mask)
        bot = X[h:]
        B = mulsub(bot[:, rest], bot[:, c1], U1[:, rest], p)
    else:
        rest, B = np.arange(n), X[h:]
    if not B.any():
        return r1, c1, U1
    r2, c2l, U2 = _echelon(B, p, want_u)
    rows = r1 + [h + i for i in r2]
    cols = np.concatenate([c1, rest[c2l]])
    if not want_u:
        return rows, cols, None
    U = np.zeros((len(cols), n))
    U[len(c1):, rest] = U2
    if len(c1):
        U1r = U1[:, rest]
        U[:len(c1), rest] = mulsub(U1r, U1r[:, c2l], U2, p) if len(c2l) else U1r
        U[:len(c1), c1] = U1[:, c1]
    return rows, cols, U


def profile(X: np.ndarray, p: int) -> tuple[list[int], np.ndarray]:
    """``(rows, cols)`` of a matrix of reduced residues modulo ``p`` (``X`` is overwritten).

    ``rows`` is the row rank profile (increasing), ``cols`` the pivot columns in pivot order; the minor
    ``X[rows][:, cols]`` is non-singular modulo ``p`` and so are its leading principal minors.

    >>> rows, cols = profile(residues(np.array([[1, 2, 3], [2, 4, 6], [0, 1, 1]]), 101), 101)
    >>> rows, cols.tolist()
    ([0, 2], [0, 1])
    """
    if not p < (1 << PRIME_BITS):
        raise ValueError(f"internal: the float64 profile needs p < 2**{PRIME_BITS}, got {p}")
    rows, cols, _ = _echelon(X, p, False)
    return rows, cols


def inverse(S: np.ndarray, p: int) -> np.ndarray:
    """``S^-1 mod p`` (reduced float64) for reduced ``S`` whose leading principal minors are non-singular.

    Raises ``ZeroDivisionError`` when a leading block is singular modulo ``p``.

    >>> S = residues(np.array([[2, 1], [1, 1]]), 7)
    >>> reduce(S @ inverse(S, 7), 7).tolist()
    [[1.0, 0.0], [0.0, 1.0]]
    """
    r = S.shape[0]
    if r <= _INV_LEAF:
        import flint

        if r == 0:
            return np.zeros((0, 0))
        M = flint.nmod_mat(r, r, [int(x) % p for x in S.ravel().tolist()], p).inv()
        return reduce(np.array(M.entries(), dtype=np.int64).astype(np.float64).reshape(r, r), p)
    h = r // 2
    A, B, C, D = S[:h, :h], S[:h, h:], S[h:, :h], S[h:, h:]
    Ai = inverse(A, p)
    CAi = mulsub(np.zeros((r - h, h)), C, Ai, p)  # -C A^-1
    Sc = mulsub(D, -CAi, B, p)  # D - C A^-1 B
    Sci = inverse(Sc, p)
    AiB = mulsub(np.zeros((h, r - h)), Ai, B, p)  # -A^-1 B
    out = np.empty((r, r))
    out[:h, h:] = mulsub(np.zeros((h, r - h)), -AiB, Sci, p)  # -A^-1 B Sc^-1
    out[h:, :h] = mulsub(np.zeros((r - h, h)), -Sci, CAi, p)  # -Sc^-1 C A^-1
    out[:h, :h] = mulsub(Ai, -AiB, out[h:, :h], p)  # A^-1 + A^-1 B Sc^-1 C A^-1
    out[h:, h:] = Sci
    return out
