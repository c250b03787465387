r"""The upper-bound witness of a certified rank in the middle (private): many columns outside the minor.

For an integer matrix ``B`` (``m x n``) whose rank profile modulo a prime gave an ``r x r`` minor
``S = B[rows, cols]`` (``cols`` increasing) and the free columns ``free`` (``s = n - r`` of them),
:func:`kernel_basis` returns ``(d, Y)``, ``Y`` integer ``r x s`` with ``d B[:, free] = B[:, cols] Y`` on
every row: the compact kernel basis of the certificate ``minor-and-factorization``.

Method
------
1. **Scale first** (after Abbott, Bronstein and Mulders, "Fast deterministic computation of
   determinants of dense matrices", ISSAC 1999): ``S x = F v`` for a few random combinations ``v`` of the
   free columns ``F = B[rows, free]`` is solved by p-adic lifting (products with a few columns), and the
   least common multiple of the denominators of ``x`` divides the least common denominator of ``S^-1 F``
   (which divides ``det S``), and equals it with high probability; ``d`` is that multiple times a small
   smooth number (:func:`_denominator`), so that ``Y = d S^-1 F`` is integral with high probability and
   no entry of ``Y`` needs a rational reconstruction.
2. **All columns at once, with the scale folded in**: ``Y = d S^-1 F`` is lifted p-adically in base ``q``
   as ``Y = sum_i X_i q^i`` (centred digits), with ``d = sum_i d_i q^i`` (centred digits) added to the
   right-hand side one digit per step, and the residual kept on **all** ``m`` rows::

       X_i = Sinv R_i + d_i W  (mod q)          (Sinv = S^-1 mod q, W = Sinv F mod q)
       T   = R_i + d_i B[:, free] - B[:, cols] X_i,      R_{i+1} = T / q

   The invariant ``B[:, cols] Y_k + q^k R_k = D_k B[:, free]`` (``Y_k``, ``D_k`` the first ``k`` digits)
   holds as long as every division by ``q`` is exact.  On the rows of ``S`` it is exact by the choice of
   ``X_i``; on the other rows it is tested at every step (``T`` a multiple of ``q``).  When a row ``b_o``
   is a combination of the rows of the minor (``b_o = w B[rows]``, ``w`` rational with a
   denominator dividing ``det S``, prime to ``q``), its residual is ``w R_rows``, an integer; so a failure
   proves a row outside the span of the minor's rows (the rank modulo the prime was below the rank over
   Q: an unlucky prime), and the work stops there, usually at the first step.  When every digit of ``d``
   is used and ``R_k = 0`` on all rows, ``d B[:, free] = B[:, cols] Y_k`` holds exactly: no separate
   check is needed (the certificate kernel checks it again).  Without ``R_k = 0`` before Hadamard's bound on ``|Y|`` (every entry of ``adj(S) F``
   is an ``r x r`` minor of ``[S | F]``, times the smooth number) the scale was wrong and None is
   returned.
3. **Digits to integers** (:func:`to_integers`): one product of the digits with a table of the powers of
   ``q`` in 16-bit limbs, carries, and ``int.from_bytes``: no loop of big-integer operations.

Exactness: everything is float64 arithmetic on integers.  With ``h = q // 2 + 1``, ``b = max |B|``,
``K = b (r + 1) + 1``, residuals stay below ``R* = K / 2 + 2 K / q + 3`` (``|T| <= R + h K``, divided by
``q``), and the prime ``q`` is chosen (:func:`lifting_prime`) so that ``r h R* < 2^52`` (the product with
``Sinv``), ``h + h^2 < 2^52`` (adding ``d_i W``) and ``R* + h K < 2^52`` (``T``): every product, sum and
exact division is exact.

The multi-modular alternative (``Y mod q`` for many primes, then Chinese remaindering) costs an inverse
modulo each prime (several products) where the lifting costs two products per digit, so it is not used.

Memory and time are estimated before the work (:func:`estimate`): the factor has ``r s`` entries of about
Hadamard's bound in bits, held as Python integers and written as decimal text in the certificate; past
the dense-size limit the work is refused with the estimate (:func:`kernel_basis`).
"""

from __future__ import annotations

import dataclasses
import functools
import math
import random
import time

import flint
import numpy as np

from . import _dixon, _pluq

__all__ = ["MIN_NULLITY", "WAY_OUT", "Estimate", "applies", "estimate", "lifting_prime", "kernel_basis"]

#: The route is taken from this many free columns on (measured at 1296 x 1296: 16 s against 22 s for the
#: lifting of :mod:`exactnet.core._dixon` at nullity 16, 12 s against 5 s at nullity 1).
MIN_NULLITY = 16
#: Largest lifting prime (``h + h^2 < 2^52`` with room).
_MAX_Q_BITS = 26
_SEED = 0x6D6964  # "mid"


@dataclasses.dataclass(frozen=True)
class Estimate:
    """Predicted cost of the kernel basis of a rank-``r`` matrix (before any work)."""

    m: int
    n: int
    r: int
    entry_bits: int  #: bits of the factor's entries (Hadamard's bound)
    digits: int  #: lifting steps
    int_bytes: int  #: the factor as Python integers
    text_bytes: int  #: the factor as the certificate's decimal text
    work_bytes: int  #: float64 working arrays
    seconds: float  #: predicted time of the lifting (products only)

    @property
    def total_bytes(self) -> int:
        """Peak memory: the working arrays, two copies of the integers (the chunks and the result) and the text."""
        return self.work_bytes + 2 * self.int_bytes + self.text_bytes

    def describe(self) -> str:
        s = self.n - self.r
        return (f"a {self.r} x {s} factor of {self.entry_bits}-bit entries ({_size(self.int_bytes)} as integers, "
                f"{_size(self.text_bytes)} as decimal text), {self.digits} lifting steps of about "
                f"{self.seconds:.2g} s")


def _size(nbytes: int) -> str:
    """``'12.3 MiB'``-style size.

    >>> _size(3 * 2**30), _size(1536)
    ('3.0 GiB', '1.5 KiB')
    """
    for unit, shift in (("GiB", 30), ("MiB", 20), ("KiB", 10)):
        if nbytes >= 1 << shift:
            return f"{nbytes / (1 << shift):,.1f} {unit}"
    return f"{nbytes} bytes"


def applies(B: np.ndarray, r: int, s: int) -> bool:
    """Whether this route serves a rank-``r`` matrix ``B`` with ``s`` free columns: many free columns and
    entries small enough for float64 lifting."""
    if B.dtype == object or s < MIN_NULLITY or r == 0:
        return False
    b = max(abs(int(B.max())), abs(int(B.min()))) if B.size else 0
    return lifting_prime(r, b) is not None


def _residual_bound(K: int, q: int) -> int:
    """A bound on the residuals of the lifting modulo a prime at least ``q`` (module notes): ``R_0 = 0`` and
    ``|R_{i+1}| <= (|R_i| + h K) / q`` with ``h <= q / 2 + 1`` keep ``|R_i| <= K / 2 + 2 K / q + 3``."""
    return K // 2 + 2 * K // q + 3


def _q_bits(r: int, b: int) -> int:
    """Bits of the largest lifting prime the exactness bounds allow (module notes), capped."""
    K = b * (r + 1) + 1
    bits = _MAX_Q_BITS
    while bits > 12:
        h = (1 << (bits - 1)) + 1
        Rb = _residual_bound(K, 1 << (bits - 1))
        if r * h * Rb < (1 << 52) and Rb + h * K < (1 << 52):  # the product with Sinv, and T
            return bits
        bits -= 1
    return 0


def lifting_prime(r: int, b: int, avoid: int = 0) -> int | None:
    """A prime for the lifting of a rank-``r`` matrix with entries at most ``b`` (the largest allowed by the
    module's bounds, the ``avoid``-th one below it), or None when entries are too large (above 2^11 bits).

    >>> lifting_prime(100, 5) < 2**26
    True
    """
    bits = _q_bits(r, b)
    if bits == 0:
        return None
    return _dixon.primes_below(bits, avoid + 1)[avoid]


@functools.lru_cache(maxsize=1)
def _flops() -> float:
    """Float64 product rate of this machine (flop/s), measured once on a small product."""
    X = np.ones((256, 256))
    best = math.inf
    for _ in range(3):
        t = time.perf_counter()
        X @ X
        best = min(best, time.perf_counter() - t)
    return 2 * 256**3 / max(best, 1e-6)


def estimate(m: int, n: int, r: int, entry_bits: int, q_bits: int = _MAX_Q_BITS) -> Estimate:
    """The cost of the factor of a rank-``r`` ``m x n`` matrix whose factor entries have ``entry_bits`` bits
    (lifting modulo a prime of ``q_bits`` bits).

    >>> e = estimate(1296, 1296, 648, 8222)
    >>> e.int_bytes > 400 * 2**20, e.digits > 300
    (True, True)
    """
    s = n - r
    digits = entry_bits // max(1, q_bits - 1) + 2
    int_bytes = r * s * (28 + 4 * (entry_bits // 30 + 1))  # CPython: 30-bit digits in 4 bytes, 28-byte header
    text_bytes = r * s * (int(entry_bits * math.log10(2)) + 3)  # digits, sign and comma
    limbs = entry_bits // 16 + 3
    blocks = min(_BLOCK_BYTES, 8 * r * s * (digits + limbs)) + 2 * r * s * limbs  # to_integers: products, limbs
    work_bytes = 8 * (2 * r * r + r * s + 4 * m * s + m * r) + 4 * digits * r * s + blocks
    flop = digits * (2.0 * r * r * s + 2.0 * m * r * s)
    return Estimate(m, n, r, entry_bits, digits, int_bytes, text_bytes, work_bytes, flop / _flops())


def _inverse(S: np.ndarray, q: int) -> np.ndarray | None:
    """``S^-1 mod q`` (centred float64) by FLINT, or None when ``S`` is singular modulo ``q``."""
    r = S.shape[0]
    M = flint.nmod_mat(r, r, [int(x) % q for x in S.ravel().tolist()], q)
    try:
        inv = M.inv()
    except ZeroDivisionError:
        return None
    X = np.array([int(x) for x in inv.entries()], dtype=np.int64).astype(np.float64).reshape(r, r)
    return _pluq.reduce(X, q, out=X)


def _centred_digits(x: int, q: int) -> list[int]:
    """Centred base-``q`` digits of the integer ``x`` (least significant first; ``[]`` for 0).

    >>> _centred_digits(-7, 5), _centred_digits(12, 5)
    ([-2, -1], [2, 2])
    """
    out, half = [], q // 2
    while x:
        c = x % q
        if c > half:
            c -= q
        out.append(c)
        x = (x - c) // q
    return out


def _tree(parts: list[np.ndarray], base) -> np.ndarray:
    """``sum_i parts[i] base^i`` (object arrays; divide and conquer)."""
    while len(parts) > 1:
        nxt = [parts[i] + parts[i + 1] * base for i in range(0, len(parts) - 1, 2)]
        if len(parts) % 2:
            nxt.append(parts[-1])
        parts, base = nxt, base * base
    return parts[0]


def _combine(digits: list[np.ndarray], q: int) -> np.ndarray:
    """``sum_i digits[i] q^i`` as an object array of Python integers (few entries; float64 centred digits)."""
    level = [d.astype(np.int64) for d in digits]
    if len(level) > 1:  # |lo + hi q| <= h (q + 1) < 2^52: int64
        nxt = [level[i] + level[i + 1] * q for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            nxt.append(level[-1])
        level, base = nxt, q * q
    else:
        base = q
    return _tree([x.astype(object) for x in level], base)


#: Digits per product in :func:`to_integers` (``32 h 2^16 < 2^53`` for ``h <= 2^25 + 1``).
_GROUP = 32
#: Bytes of the float64 blocks of :func:`to_integers`.
_BLOCK_BYTES = 1 << 23


def to_integers(digits: list[np.ndarray], q: int) -> np.ndarray:
    """``sum_i digits[i] q^i`` (each digit an int32 array of centred residues, ``q < 2^26``) as a flat object
    array of Python integers.

    The powers ``q^i`` are written in 16-bit limbs (a ``k x L`` table ``P``); for a block of entries, the
    product ``U P`` of the digits (``|u| <= 2^25 + 1``) with the table is exact in float64 (groups of 32
    digits: sums below ``2^47``, accumulated in int64), its columns are brought to 16-bit limbs by carries
    (arithmetic shifts: two's complement), and the limbs' bytes give the integers (``int.from_bytes``).  The
    conversion is one matrix product and one pass over the bytes, not a loop of big-integer operations.

    >>> q = 101
    >>> ds = [np.array(v, dtype=np.int32) for v in ([3, -50, 0], [-7, 50, 0], [1, -1, 0])]
    >>> to_integers(ds, q).tolist() == [3 - 7 * q + q * q, -50 + 50 * q - q * q, 0]
    True
    """
    k = len(digits)
    N = digits[0].size if k else 0
    if k == 0 or N == 0:
        return np.zeros(N, dtype=object)
    L = (k * q.bit_length() + 2) // 16 + 2  # |value| < q^k / 2 + ... < 2^(16 L - 1)
    P = np.zeros((k, L))
    for i in range(k):
        limbs = np.frombuffer((q ** i).to_bytes(2 * L, "little"), dtype="<u2")
        P[i] = limbs
    out = np.empty(N, dtype=object)
    blk = max(1, _BLOCK_BYTES // (8 * (k + L)))
    width = 2 * (L + 1)
    PT = np.ascontiguousarray(P.T)
    U = np.empty((k, min(blk, N)))
    for a in range(0, N, blk):
        b = min(N, a + blk)
        for i in range(k):
            U[i, :b - a] = digits[i][a:b]
        Z = np.zeros((L, b - a), dtype=np.int64)
        for i0 in range(0, k, _GROUP):  # q^i has about i log2(q) / 16 limbs: the table is triangular
            i1 = min(k, i0 + _GROUP)
            Lg = min(L, (i1 * q.bit_length()) // 16 + 2)
            Z[:Lg] += (PT[:Lg, i0:i1] @ U[i0:i1, :b - a]).astype(np.int64)  # exact: below 2^53
        limbs = np.empty((b - a, L + 1), dtype="<u2")
        carry = np.zeros(b - a, dtype=np.int64)
        for l in range(L):
            c = Z[l] + carry
            limbs[:, l] = c & 0xFFFF
            carry = c >> 16
        limbs[:, L] = carry & 0xFFFF  # carry is 0 or -1 (the value fits in 16 L bits, signed)
        buf = limbs.tobytes()
        out[a:b] = [int.from_bytes(buf[j:j + width], "little", signed=True) for j in range(0, len(buf), width)]
    return out


#: Random combinations of the free columns solved for the scale, and a small factor the scale is multiplied
#: by.  A combination misses a factor l of the common denominator with probability about 1/l at most (1/19
#: past l = 19: the coefficients take 19 values); the smooth factor covers the small primes and their first
#: powers, so the scale falls short with probability about 17^-4 per prime factor above 13 of the common
#: denominator (then the lifting fails, and the prover tries another prime).
_COMBINATIONS = 4
_SMOOTH = 2**8 * 3**5 * 5**3 * 7**2 * 11 * 13
#: Margin (bits) of an early rational reconstruction: a spurious one has about half the modulus's bits.
_MARGIN = 40


def _denominator(S: np.ndarray, Sinv: np.ndarray, F: np.ndarray, W: np.ndarray, q: int,
                 rng: random.Random) -> tuple[int, int] | None:
    """``(d, bits)``: ``d`` the least common multiple of the denominators of ``S^-1 F V`` for ``_COMBINATIONS``
    random columns ``V``, times ``_SMOOTH`` (with high probability a multiple of the least common denominator
    of ``S^-1 F``: module notes), and ``bits`` those of the largest entry of ``d S^-1 F V`` (about those of the
    factor's entries); None if the reconstruction fails (the caller's lifting then fails and another prime
    is tried).  ``W = S^-1 F mod q``.

    The lifting of ``S^-1 F V`` (matrix-vector products) stops early, at the first of geometrically spaced
    steps where a random projection ``u^T x w`` of the solution is reconstructed with a margin of
    ``_MARGIN`` bits, and never later than the proved bound (``M > 2 (D N)^2``, Hadamard's bounds ``N`` on
    the numerators and ``D`` on the denominator): the scale only needs to be right with high probability,
    because the lifting of all columns then proves the identity exactly or fails.
    """
    r, s = F.shape
    c = _COMBINATIONS
    V = np.array([[rng.randrange(-9, 10) for _ in range(c)] for _ in range(s)], dtype=np.int64)
    b = F.astype(np.int64) @ V  # exact in int64: |F| < 2^30, s < 2^20
    h = q // 2 + 1
    if int(np.abs(b).max(initial=0)) + r * h * int(np.abs(S).max(initial=0)) >= 1 << 52:
        return None  # the residuals would leave the exact range of float64
    det_bits, num_bits = _dixon._hadamard_bits(S.astype(np.int64), b)
    cap = 2 * (det_bits + num_bits) + 4
    u = np.array([rng.randrange(-99, 100) for _ in range(r)], dtype=np.int64)
    w = np.array([rng.randrange(-99, 100) for _ in range(c)], dtype=np.int64)
    Sf = S.astype(np.float64)
    X = _pluq.reduce(W @ V.astype(np.float64), q)  # the first digit; |W V| <= 9 s h < 2^52
    R = b.astype(np.float64)
    digits: list[np.ndarray] = []
    z, qk, k, check = 0, 1, 0, 8
    while True:
        if k:
            if r * h * float(np.abs(R).max(initial=0.0)) < 2.0**52:
                X = _pluq.reduce(Sinv @ R, q)
            else:  # residual too large for one product: reduced, in chunks of the inner dimension
                X = _pluq.mulsub(np.zeros(R.shape), -Sinv, _pluq.reduce(R, q), q)
        digits.append(X.astype(np.int32).ravel())
        R = (R - Sf @ X) / q  # exact: |R - S X| < 2^52 and a multiple of q
        z += int(u @ X.astype(np.int64) @ w) * qk  # |u X w| < 99^2 r c h: int64
        qk *= q
        k += 1
        done = qk.bit_length() > cap
        if k < check and not done:
            continue
        check = k + k // 4 + 1
        got = _dixon._ratrecon(z % qk, qk)
        if not done and (got is None or got[0].bit_length() + got[1].bit_length() + _MARGIN > qk.bit_length()):
            continue
        d = got[1] if got is not None else 1
        x = to_integers(digits, q)
        M = flint.fmpz(qk)  # GMP arithmetic on the entries
        bound, flat = flint.fmpz(math.isqrt(qk >> 1)), [flint.fmpz(a) for a in x.tolist()]
        for _ in range(64):  # factors of the common denominator the projection missed, one entry at a time
            sym = [min(v, M - v) for v in ((d * a) % M for a in flat)]
            y = next((v for v in sym if v > bound), None)
            if y is None:  # the size of the factor's entries, measured on the combinations
                return d * _SMOOTH, int(max(sym, default=0)).bit_length() + _SMOOTH.bit_length()
            got = _dixon._ratrecon(int(y), qk)
            if got is None or got[1] == 1:
                break
            d *= got[1]
        if done:
            return None


def kernel_basis(B: np.ndarray, rows, cols, free, *, limit: int | None = None, refuse=None, prime: int | None = None,
                 pivots=None):
    """``(d, Y)`` with ``d B[:, free] = B[:, cols] Y`` exactly (``Y`` an ``r x s`` object array of Python
    integers, rows in the order of ``cols``), or None when the identity fails on a row outside ``rows``
    (the prime of the profile was unlucky) or the scale was wrong.

    ``rows``, ``cols`` index a minor non-singular over Q; ``B`` is int64 within :func:`applies`.  Before
    any work the cost is estimated (:func:`estimate`, entries of Hadamard's bound) and, past ``limit``
    bytes, ``refuse(what, need, limit, hint)`` is called (it raises); when the estimate is past the limit by
    less than ``_REFINE`` times, the entries' size is first measured on the few columns solved for the
    scale (a small part of the work), and the refusal decided on that.

    ``prime`` and ``pivots`` (the profile's prime and the minor's columns in pivot order, its rows ``rows``
    in pivot order too) let the inverse modulo that prime be computed by products
    (:func:`exactnet.core._pluq.inverse`) instead of FLINT's ``nmod_mat.inv``, when a larger lifting prime
    would gain less than one bit per step.

    >>> B = np.array([[2, 1, 1, 0], [1, 3, 0, 1], [3, 4, 1, 1]])
    >>> d, Y = kernel_basis(B, [0, 1], [0, 1], [2, 3])
    >>> d % 5, (Y * 5 // d).tolist()  # d: a multiple of det S = 5
    (0, [[3, -1], [-1, 2]])
    >>> kernel_basis(B + np.eye(3, 4, dtype=np.int64), [0, 1], [0, 1], [2, 3]) is None  # rank 3: not spanned
    True
    """
    rows, cols, free = list(rows), list(cols), list(free)
    m, n = B.shape
    r, s = len(cols), len(free)
    b = max(abs(int(B.max())), abs(int(B.min())))
    S, F = B[np.ix_(rows, cols)], B[np.ix_(rows, free)]
    _, num_bits = _dixon._hadamard_bits(S.astype(np.int64), F.astype(np.int64))
    num_bits += _SMOOTH.bit_length()  # |Y| <= _SMOOTH |adj(S) F| (the scale divides _SMOOTH det S)
    est = estimate(m, r + s, r, num_bits, _q_bits(r, b))
    over = limit is not None and est.total_bytes > limit
    if over and est.total_bytes > _REFINE * limit:
        _refuse_with(est, limit, refuse, "Hadamard's bound")
    rng = random.Random(_SEED ^ (m * 1_000_003 + n) ^ sum(rows[:8]) ^ (31 * sum(cols[:8])))
    qb = _q_bits(r, b)
    if prime is not None and pivots is not None and 0 < qb <= prime.bit_length() + 1:
        q = prime  # S^-1 mod q by products: the pivot order's leading minors are non-singular modulo q
        where = {c: i for i, c in enumerate(pivots)}
        Sinv = _pluq.inverse(_pluq.residues(B[np.ix_(rows, list(pivots))], q), q)[[where[c] for c in cols]]
    else:
        q, Sinv = _lifting_inverse(S, r, b)
    if Sinv is None:
        return None
    W = _pluq.reduce(Sinv @ F.astype(np.float64), q)  # S^-1 F mod q; |Sinv F| <= r h b < 2^52
    got = _denominator(S, Sinv, F, W, q, rng)
    if got is None:
        return None
    d, bits = got
    if over:  # the bound was above the limit, but not far: the entries' size measured on the combinations
        est = estimate(m, r + s, r, bits, _q_bits(r, b))
        if est.total_bytes > limit:
            _refuse_with(est, limit, refuse, "the size measured on random combinations of the columns")
    return _lift_all(B, rows, cols, free, d, q, Sinv, W, num_bits)


def _lifting_inverse(S: np.ndarray, r: int, b: int):
    """``(q, S^-1 mod q)`` for the largest lifting prime modulo which ``S`` is invertible (of three), or
    ``(None, None)``."""
    for attempt in range(3):
        q = lifting_prime(r, b, attempt)
        if q is None:  # entries too large for the float64 lifting (outside applies())
            return None, None
        Sinv = _inverse(S, q)
        if Sinv is not None:
            return q, Sinv
    return None, None  # pragma: no cover - three primes dividing det S


#: Past the limit by at most this factor on Hadamard's bound, the factor's size is measured before refusing
#: (the real entries are often much smaller than the bound: 3,637 against 8,222 bits for a random product of
#: rank 648 and size 1296).
_REFINE = 4


#: the way out of a refused upper bound (``certify=False`` still computes it: the rank it returns is exact)
WAY_OUT = ("exactnet.rank_mod_p(A) for the rank modulo a prime alone (a certified lower bound, equal to the rank "
           "over Q with high probability)")


def _refuse_with(est: Estimate, limit: int, refuse, basis: str) -> None:
    (refuse or _raise)(f"the upper bound of a rank-{est.r} {est.m} x {est.n} matrix: {est.describe()} "
                       f"(entries sized by {basis})", est.total_bytes, limit,
                       WAY_OUT)


def _raise(what, need, limit, hint):
    from ..errors import ResourceLimitError

    raise ResourceLimitError(f"Refusing {what}: about {need:,} bytes, above the limit of {limit:,} bytes. "
                             f"Way out: {hint}.")


def _lift_all(B, rows, cols, free, d, q, Sinv, W, num_bits):
    """Step 2 of the module notes: ``(d, Y)`` or None."""
    m = B.shape[0]
    r, s = len(cols), len(free)
    C = B[:, cols].astype(np.float64)  # all rows
    G = B[:, free].astype(np.float64)
    ddig = _centred_digits(d, q)
    # |Y| <= Hadamard's bound of the minors of [S | F]: 2 |Y| < q^k once k log2 q > num_bits + 1
    kmax = max(len(ddig), (num_bits + 2) // int(math.log2(q)) + 1) + 1
    R = np.zeros((m, s))
    qf = float(q)
    digits: list[np.ndarray] = []
    rows_idx = np.asarray(rows)
    for k in range(kmax):
        di = float(ddig[k]) if k < len(ddig) else 0.0
        P = _pluq.reduce(Sinv @ R[rows_idx], q)
        if di:
            P += di * W
        X = _pluq.reduce(P, q, out=P)
        T = C @ X
        np.subtract(R, T, out=T)
        if di:
            T += di * G
        Rn = np.multiply(T, 1.0 / qf)
        np.rint(Rn, out=Rn)
        if not np.array_equal(Rn * qf, T):  # a row outside the minor is not spanned (or d is wrong)
            return None
        R = Rn
        digits.append(X.astype(np.int32).ravel())
        if k + 1 >= len(ddig) and not R.any():
            return d, to_integers(digits, q).reshape(r, s)
    return None
