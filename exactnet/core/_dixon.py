r"""Exact solutions of ``S X = F`` by p-adic (Dixon) lifting on BLAS, and the exact check of a kernel basis
(private; the prover side of certified ranks).

* :func:`solve`: ``(d, Y)`` with ``S Y = d F`` exactly, ``d`` the least common denominator of ``S^-1 F``.
  Each digit is one product with the inverse modulo ``p`` (``X_i = S^-1 R_i mod p``, balanced) and one
  with ``S`` (``R_{i+1} = (R_i - S X_i) / p``), all columns at once.

  1. *Denominator*: the expansion of one column ``x = S^-1 F v`` (``v`` random; ``F`` itself when it
     has one column), rational reconstruction of the projection ``u x`` (checked every few digits,
     accepted with 40 spare bits), then ``d x`` rounded in the symmetric range, the factors the
     projection missed found by reconstructing the largest entry with a small denominator.
  2. *Numerators*: the expansion of ``d S^-1 F`` itself, the balanced digits of ``d`` added to the
     residual on the way (``R_i += d_i F``).  It stops when the residual is zero, which proves
     ``S Y = d F`` (``d F = S (X_0 + ... + X_{k-1} p^{k-1}) + p^k R_k`` holds exactly): about half the
     digits that reconstructing every entry would need, and no per-entry reconstruction.  With one
     column the digits of step 1 give ``Y = d X mod p^k``, proved by ``p^k > 2 (r max|S| max|Y| + d max|F|)``.

  Digits are kept as int32, three combined into one int64, then pairwise into Python integers (GMP
  above 2048 bits), the partial sums growing geometrically.  Entries too large for one exact float64
  product (:func:`fits`) are split into limbs ``S = sum_l S_l 2^(b l)`` with ``r 2^b (p/2 + 1) < 2^52``
  (:class:`_BigLifter`): each ``S_l X`` is exact, the residual is held as limbs in base ``2^b`` and
  divided by ``p`` exactly from the top limb down; its residue modulo ``p`` is one product with the
  table ``2^(b j) mod p``.
* :func:`limbs` and :func:`residues_many`: residues of an integer matrix modulo many primes at once
  (16-bit digits times the table ``2^(16 l) mod q``: one product).
* :func:`check_columns`: exactly decide ``d B[:, free] = B[:, cols] Y``: one product over Z (FLINT) for
  few rows, else by residues modulo distinct primes whose product exceeds twice the largest possible
  entry of the difference, every prime in one product.

Exactness: every float64 value is an integer below ``2^52`` (checked by :func:`fits` and
:func:`liftable`), so every product and residual is exact; the rounded quotients of
:func:`exactnet.core._pluq.reduce` and of the limb division are exact for the same reason.  Nothing
here is trusted: the certificate kernel checks the witness.
"""

from __future__ import annotations

import math
import random

import flint
import numpy as np

from . import _modular, _pluq

__all__ = ["fits", "liftable", "solve", "solve_bytes", "symmetric_digits", "limbs", "residues_many", "check_columns", "primes_below"]

_LIMB = 16
#: ``check_columns`` multiplies over Z (FLINT) when rows x rank x columns is at most this.
_EXACT_PRODUCT = 1 << 22
#: Elements of one block of products in :func:`check_columns`.
_BLOCK = 1 << 22
_SEED = 0x6469786F6E  # "dixon"


def _limb_bits(S: np.ndarray, F: np.ndarray, r: int, p: int) -> int:
    """Limb size of :class:`_BigLifter`: ``r 2^b (p // 2 + 1) < 2^52`` (16 for object arrays)."""
    if S.dtype == object or F.dtype == object:
        return _LIMB
    return max(1, min(21, 51 - r.bit_length() - (p // 2 + 1).bit_length()))


def liftable(S: np.ndarray, F: np.ndarray, p: int) -> bool:
    """Whether :func:`solve` applies (any entry size; the minor's order below :func:`_pluq.chunk`)."""
    r = S.shape[0]
    if not (r <= _pluq.chunk(p) and r * (1 << _limb_bits(S, F, r, p)) * (p // 2 + 1) < (1 << 52)):
        return False
    if S.dtype != object and F.dtype != object and fits(_modular.max_abs_int(S), _modular.max_abs_int(F), r, p):
        return True
    # limbs: worth it when products dominate the per-limb bookkeeping (FLINT's solve otherwise)
    bits = max(_modular.max_abs_int(S), _modular.max_abs_int(F)).bit_length()
    return r >= _BIG_MIN_ORDER and bits <= _BIG_MAX_BITS


def solve_bytes(S: np.ndarray, F: np.ndarray, p: int) -> int:
    """Peak working memory (bytes) of :func:`solve`: the inverse and its temporaries, ``S`` (or its limbs),
    the digits kept before they are combined and the solution's integers (two copies)."""
    r, s = F.shape
    limbs_ = 1 if S.dtype != object and _modular.max_abs_int(S) < (1 << 31) else \
        -(-_modular.max_abs_int(S).bit_length() // _limb_bits(S, F, r, p))
    det_bits, num_bits = _hadamard_bits(S, F) if r and s else (0, 0)
    digits = (det_bits + num_bits) // (p.bit_length() - 1) + 2
    kept = 4 * r * max(1, s) * digits // (1 if s == 1 else 2)
    ints = 4 * r * s * (num_bits // 8 + 48)  # the solution, its partial sums and the levels combined
    return 8 * r * r * (3 + limbs_) + kept + ints + 64 * r * max(1, s)


def fits(max_s: int, max_f: int, r: int, p: int) -> bool:
    """Whether the float64 lifting is exact for these sizes (see the module notes)."""
    h = p // 2 + 1
    return r * max_s * h + max(max_f, r * max_s) + h < (1 << 52) and r <= _pluq.chunk(p)


def _hadamard_bits(S: np.ndarray, F: np.ndarray) -> tuple[int, int]:
    """Bits of Hadamard's bounds: ``|det S|`` and every Cramer numerator (a column replaced by one of F)."""
    top = max(_modular.max_abs_int(S), _modular.max_abs_int(F), 1).bit_length()
    shift = max(0, top - 500)  # squares of the scaled entries stay far below the float64 range
    Ss, Fs = _scaled(S, shift), _scaled(F, shift)
    rows2 = np.einsum("ij,ij->i", Ss, Ss)
    f2 = float(np.max(np.abs(Fs))) ** 2 if F.size else 0.0
    floor = 4.0 ** -shift
    det_bits = 0.5 * float(np.sum(np.log2(np.maximum(rows2, floor)))) + shift * S.shape[0]
    num_bits = 0.5 * float(np.sum(np.log2(np.maximum(rows2 + f2, floor)))) + shift * S.shape[0]
    return int(det_bits) + 2, int(num_bits) + 2


def _scaled(A: np.ndarray, shift: int) -> np.ndarray:
    """``A / 2^shift`` in float64 (relative error 2^-50: only for bounds with slack)."""
    if A.dtype != object:
        return A.astype(np.float64, copy=False) * 2.0 ** -shift if shift else A.astype(np.float64, copy=False)
    return np.array([float(int(x) >> shift) if shift else float(x) for x in A.flat]).reshape(A.shape)


def _ratrecon(a: int, M: int, den_bits: int | None = None) -> tuple[int, int] | None:
    """``(n, d)`` with ``n = d a mod M``, ``gcd(n, d) = 1``, ``d >= 1``, and ``|n|, d <= sqrt(M / 2)``, or
    with ``den_bits``: ``d < 2^den_bits`` and ``2 |n| d < M`` (or None)."""
    if den_bits is None:
        nb = db = math.isqrt(M >> 1)
    else:
        db = 1 << den_bits
        nb = M // (2 * db)
    r0, r1, t0, t1 = M, a % M, 0, 1
    while r1 > nb:
        q = r0 // r1
        r0, r1, t0, t1 = r1, r0 - q * r1, t1, t0 - q * t1
    if t1 == 0 or abs(t1) > db:
        return None
    if t1 < 0:
        r1, t1 = -r1, -t1
    return (r1, t1) if math.gcd(r1, t1) == 1 else None


def _combine(D: np.ndarray, p: int) -> np.ndarray:
    """``sum_i D[i] p^i`` (``D`` of shape ``(k,) + shape``, balanced digits ``|D| <= p / 2``) as an object
    array of Python ints: three digits to one int64 (``|value| < p^3 / 2 < 2^62``), then pairs combined
    level by level over whole arrays (no loop over entries)."""
    k, shape = D.shape[0], D.shape[1:]
    if k == 0:
        return np.zeros(shape, dtype=object)
    Z = D.reshape(k, -1).astype(np.int64)
    pad = (-k) % 3
    if pad:
        Z = np.concatenate([Z, np.zeros((pad, Z.shape[1]), dtype=np.int64)])
    Z = Z[0::3] + p * (Z[1::3] + p * Z[2::3])
    level = [row.astype(object) for row in Z]
    base = p ** 3
    while len(level) > 1:
        if base.bit_length() > 2048 and not isinstance(base, flint.fmpz):
            base = flint.fmpz(base)  # GMP arithmetic for the large levels (Python's for the small ones)
        nxt = [level[i] + level[i + 1] * base for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            nxt.append(level[-1])
        level, base = nxt, base * base
    return (level[0] + flint.fmpz(0)).reshape(shape)


class _Lifter:
    """The p-adic expansion of ``S^-1 F``: ``F = S (X_0 + X_1 p + ... + X_{k-1} p^{k-1}) + p^k R_k``
    (exact integers in float64 within :func:`fits`), the digits ``X_i = S^-1 R_i mod p`` balanced."""

    def __init__(self, Sf: np.ndarray, Sinv: np.ndarray, F: np.ndarray, p: int, keep: bool,
                 scale: list[int] | None = None):
        self.Sf, self.Sinv, self.p = Sf, Sinv, p
        self.F = F.astype(np.float64)
        # with the balanced digits of a scale d: the expansion of d S^-1 F, the digit d_i F added at step i
        self.scale = scale or []
        self.R = self.F * float(self.scale[0]) if self.scale else self.F.copy()
        self.k, self.pk, self.keep = 0, 1, keep
        self.acc, self.acc_k, self.buf = np.zeros(F.shape, dtype=object), 0, []
        self._zero = np.zeros(F.shape)

    def step(self) -> np.ndarray:
        p = self.p
        X = self.Sinv @ _pluq.reduce(self.R, p)  # |X| < r h^2 < 2^52 (fits: r <= chunk(p))
        _pluq.reduce(X, p, out=X)
        R = self.R
        R -= self.Sf @ X
        R /= p  # an exact multiple of p below 2^52: the quotient is exact
        if self.k + 1 < len(self.scale):
            R += float(self.scale[self.k + 1]) * self.F
        return self._advance(X)

    def _advance(self, X: np.ndarray) -> np.ndarray:
        """Keep the digit X (when asked) and count the step."""
        if self.keep:
            self.buf.append(X.astype(np.int32))
            if len(self.buf) >= max(_COMBINE_EVERY, self.acc_k):
                self._flush()
        self.k += 1
        self.pk *= self.p
        return X

    def _flush(self) -> None:
        if self.buf:
            self.acc = self.acc + _combine(np.stack(self.buf), self.p) * (flint.fmpz(self.p) ** self.acc_k)
            self.acc_k += len(self.buf)
            self.buf = []

    def value(self) -> np.ndarray:
        """``X_0 + X_1 p + ... + X_{k-1} p^{k-1}`` (object array)."""
        self._flush()
        return self.acc


def _int_limbs(A: np.ndarray, b: int) -> np.ndarray:
    """Signed limbs of an integer array in base ``2^b``: ``A = sum_l L[l] 2^(b l)``, ``|L| < 2^b`` (float64)."""
    if A.dtype != object:
        a = np.abs(A.astype(np.int64))
        top = int(a.max()).bit_length() if a.size else 0
        sign = np.sign(A).astype(np.int8)
        out = np.empty((max(1, -(-top // b)),) + A.shape)
        for l in range(out.shape[0]):
            np.multiply((a >> (b * l)) & ((1 << b) - 1), sign, out=out[l], casting="unsafe")
        return out
    D, sign = limbs(A)  # 16-bit digits
    if b != _LIMB:
        raise ValueError("internal: object arrays are split into 16-bit limbs")
    return D * sign


class _BigLifter(_Lifter):
    """:class:`_Lifter` for entries too large for one float64 product: ``S`` split into limbs
    ``S = sum_l S_l 2^(b l)`` (each ``S_l X`` exact), the residual held as limbs in base ``2^b`` and
    divided by ``p`` exactly from the top limb down (balanced quotients and remainders)."""

    def __init__(self, S: np.ndarray, Sinv: np.ndarray, F: np.ndarray, p: int, keep: bool,
                 scale: list[int] | None = None):
        r, s = F.shape
        b = _limb_bits(S, F, r, p)
        self.b, self.p, self.Sinv = b, p, Sinv
        self.SL = _int_limbs(S, b)
        self.FL = _int_limbs(F, b)
        ms, mf = _modular.max_abs_int(S), _modular.max_abs_int(F)
        h = p // 2 + 1
        # |R| <= (r max|S| + max|F|) and the injected digits: limbs for twice that and spare ones
        top = (2 * (r * ms + mf * h) + 1).bit_length()
        self.LR = max(-(-top // b) + 2, self.SL.shape[0] + 2, self.FL.shape[0] + 2)
        self.R = np.zeros((self.LR, r, s))
        self.scale = scale or []
        self.R[:self.FL.shape[0]] = self.FL * float(self.scale[0] if self.scale else 1)
        self._normalize(self.R)
        self.table = np.array([float(pow(2, b * j, p)) for j in range(self.LR)])
        self.k, self.pk, self.keep = 0, 1, keep
        self.acc, self.acc_k, self.buf = np.zeros(F.shape, dtype=object), 0, []

    def _normalize(self, T: np.ndarray) -> None:
        """Carries from low to high limbs: every limb below ``2^(b-1)`` in absolute value (value kept)."""
        B = float(1 << self.b)
        for j in range(T.shape[0] - 1):
            c = np.rint(T[j] / B)
            T[j] -= c * B
            T[j + 1] += c

    def step(self) -> np.ndarray:
        p, b, R = self.p, self.b, self.R
        Rm = np.tensordot(self.table, R, axes=1)  # sum of LR terms below 2^(b-1) p: exact
        X = self.Sinv @ _pluq.reduce(Rm, p)
        _pluq.reduce(X, p, out=X)
        for l in range(self.SL.shape[0]):
            R[l] -= self.SL[l] @ X  # |S_l X| < r 2^b p / 2 < 2^52
        self._normalize(R)
        B = float(1 << b)
        rem = np.zeros(R.shape[1:])
        for j in range(self.LR - 1, -1, -1):  # exact division by p, top limb first
            v = R[j] + rem * B
            q = np.rint(v / p)
            rem = v - q * p
            R[j] = q
        if rem.any():
            raise ArithmeticError("internal: the residual is not divisible by p")
        if self.k + 1 < len(self.scale):
            R[:self.FL.shape[0]] += float(self.scale[self.k + 1]) * self.FL
            self._normalize(R)
        return self._advance(X)


def symmetric_digits(x: int, p: int) -> list[int]:
    """The digits of ``x`` in base ``p`` with values in ``(-p/2, p/2]``, lowest first.

    >>> symmetric_digits(100, 7)
    [2, 0, 2]
    """
    digits = []
    while x:
        x, t = divmod(x, p)
        if t > p // 2:
            t, x = t - p, x + 1
        digits.append(t)
    return digits


def _candidate(Xk: np.ndarray, pk: int, d: int, bound) -> tuple[int, np.ndarray] | None:
    """``(d', Y)`` with ``Y = d' Xk mod p^k`` (symmetric) and ``p^k > bound(d', max|Y|)``, or None.

    ``d'`` is ``d`` times the denominators that rational reconstruction of the largest entries reveals
    (the projection's denominator may miss factors of the common one)."""
    M = flint.fmpz(pk)
    half = M // 2
    for _ in range(16):
        Y = (Xk * flint.fmpz(d)) % M
        Y = np.where(Y > half, Y - M, Y)
        A = np.abs(Y).ravel()
        i = int(np.argmax(A))
        if pk > bound(d, int(A[i])):
            return d, np.array([int(y) for y in Y.flat], dtype=object).reshape(Y.shape)
        got = _ratrecon(int(Y.flat[i]), pk, _MISSING_BITS)
        if got is None or got[1] == 1:
            return None
        d *= got[1]
    return None


def solve(S: np.ndarray, F: np.ndarray, p: int, Sinv: np.ndarray) -> tuple[int, np.ndarray] | None:
    """``(d, Y)`` with ``S Y = d F`` **exactly** (``d >= 1``, ``Y`` an object array of integers).

    ``S`` (``r x r``) and ``F`` (``r x s``) are int64 arrays within :func:`fits`; ``Sinv`` is
    ``S^-1 mod p`` (reduced float64).  Returns None when no solution was found below the proved bound
    (impossible when ``Sinv`` is right) or when a random combination of the columns does not fit.

    1. The denominator: the p-adic expansion of ``x = S^-1 F v`` (one column; ``F`` itself when
       ``s = 1``) and rational reconstruction of ``u x`` (``u``, ``v`` random) give ``d``.
    2. The numerators: the expansion ``X_k`` of ``S^-1 F`` modulo ``p^k`` (the same digits when
       ``s = 1``) and ``Y = d X_k mod p^k`` in the symmetric range.

    Proof of ``S Y = d F``: the expansion satisfies ``F = S X_k + p^k R_k`` with integers (exact float64
    arithmetic), so ``S Y = d S X_k = d F (mod p^k)``; both sides are below ``H = r max|S| max|Y| + d max|F|``
    in absolute value, hence equal once ``p^k > 2 H``, which is checked before returning.

    >>> S = np.array([[2, 1], [1, 3]]); F = np.array([[1], [2]])
    >>> p = 1048573
    >>> d, Y = solve(S, F, p, _pluq.inverse(_pluq.residues(S, p), p))
    >>> d, Y.tolist()
    (5, [[1], [3]])
    """
    r, s = F.shape
    if s == 0 or r == 0:
        return 1, np.zeros((r, s), dtype=object)
    ms, mf = _modular.max_abs_int(S), _modular.max_abs_int(F)
    h = p // 2 + 1
    if not liftable(S, F, p):
        return None
    small = S.dtype != object and F.dtype != object and fits(ms, 99 * s * mf, r, p)
    Sf = S.astype(np.float64, copy=False) if small else None

    def lifter(G: np.ndarray, keep: bool, scale=None) -> _Lifter:
        if small and (scale is None or (mf + r * ms) * (h + 1) < 1 << 52):
            return _Lifter(Sf, Sinv, G, p, keep, scale)
        return _BigLifter(S, Sinv, G, p, keep, scale)

    det_bits, num_bits = _hadamard_bits(S, F)
    rng = random.Random(_SEED)
    u = np.array([rng.randrange(-99, 100) for _ in range(r)], dtype=np.int64)
    if s == 1:
        v, f = [1], F
    else:
        v = [rng.randrange(-99, 100) for _ in range(s)]
        if small:  # |F v| <= 99 s max|F|: exact
            f = np.rint(F.astype(np.float64) @ np.array(v, dtype=np.float64)[:, None]).astype(np.int64)
        else:
            f = F.astype(object) @ np.array(v, dtype=object)[:, None]
    # the projection u x has denominator at most |det S| and numerator at most |u|_1 |v|_1 N
    uv_bits = (int(np.abs(u).sum()) * sum(abs(x) for x in v)).bit_length()
    cap_bits = det_bits + num_bits + uv_bits + 2
    bits_p = math.log2(p)

    def bound(d: int, ymax: int) -> int:
        return 2 * (r * ms * ymax + d * mf)

    main = lifter(f, True)
    z, last, next_check, d = 0, None, 4, None
    while d is None:
        X = main.step()
        z += int(u @ X[:, 0].astype(np.int64)) * (main.pk // p)  # |u X| < 2^60
        k = main.k
        done = k * bits_p > cap_bits
        if k < next_check and not done:
            continue
        next_check = k + max(1, k // 25)
        cand = _ratrecon(z, main.pk)
        # a reconstruction well inside the modulus is the solution's (a spurious one has half its bits)
        sure = cand is not None and cand[0].bit_length() + cand[1].bit_length() + 40 < main.pk.bit_length()
        if cand is not None and (sure or cand == last or done):
            d = cand[1]
        elif done:
            return None
        last = cand
    while True:  # the denominator of the whole column x (the projection's may miss factors)
        got = _candidate(main.value(), main.pk, d, bound)
        if got is not None:
            break
        if main.k * bits_p > cap_bits:
            return None
        for _ in range(max(2, main.k // 25)):
            main.step()
    if s == 1:
        return got
    d = got[0]
    # the numerators: the expansion of d S^-1 F (all columns; d's digits added on the way), which ends with
    # a zero residual when d S^-1 F is integral: then F d = S Y exactly
    digits = symmetric_digits(d, p)
    lift = lifter(F, True, digits)
    expect = max(len(digits), int(max(abs(x) for x in got[1].flat).bit_length() / bits_p)) + 4
    while True:
        lift.step()
        if lift.k >= len(digits) and not lift.R.any():
            return d, np.array([int(y) for y in lift.value().flat], dtype=object).reshape(r, s)
        if lift.k >= expect:  # d misses a factor of the common denominator: find it
            expect = lift.k + max(4, lift.k // 25)
            got = _candidate(lift.value(), lift.pk, 1, lambda e, y: 2 * (r * ms * y + e * d * mf))
            if got is not None:
                return d * got[0], got[1]
            if lift.k * bits_p > cap_bits:
                return None


#: Limb lifting for big entries from this order of the minor on, up to entries of this many bits.
_BIG_MIN_ORDER = 48
_BIG_MAX_BITS = 1024
#: Bits of the factors of the common denominator that the projection may miss (found by reconstructing one entry).
_MISSING_BITS = 48
#: Digits combined into the solution (Python integers) every this many steps.
_COMBINE_EVERY = 96


# ---------------------------------------------------------------------------------------------- checking
_PRIME_CACHE: dict[int, list[int]] = {}


def primes_below(bits: int, count: int) -> list[int]:
    """The ``count`` largest primes below ``2**bits`` (cached).

    >>> primes_below(5, 3)
    [31, 29, 23]
    """
    import flint

    got = _PRIME_CACHE.setdefault(bits, [])
    q = got[-1] - 2 if got else (1 << bits) - 1
    while len(got) < count:
        if q < 3:
            raise ArithmeticError("internal: ran out of primes")
        if flint.fmpz(q).is_prime():
            got.append(q)
        q -= 2
    return got[:count]


def limbs(A: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(L, sign)``: 16-bit digits of ``|A|`` (float64, shape ``(ndigits,) + A.shape``) and the signs.

    >>> L, sg = limbs(np.array([[-(2**20) - 3]], dtype=object))
    >>> L[:, 0, 0].tolist(), sg.tolist()
    ([3.0, 16.0], [[-1.0]])
    """
    if A.dtype != object:
        a = np.abs(A.astype(np.int64))
        nd = max(1, (int(a.max()).bit_length() + _LIMB - 1) // _LIMB) if a.size else 1
        L = np.stack([((a >> (_LIMB * l)) & 0xFFFF).astype(np.float64) for l in range(nd)])
        return L, np.sign(A).astype(np.float64)
    flat = A.ravel().tolist()
    nb = max(1, (max((abs(x).bit_length() for x in flat), default=0) + 15) // 16) * 2
    buf = b"".join(abs(x).to_bytes(nb, "little") for x in flat)
    D = np.frombuffer(buf, dtype="<u2").reshape(len(flat), nb // 2).T.astype(np.float64)
    sign = np.sign(A).astype(np.float64)
    return D.reshape((nb // 2,) + A.shape), sign


def residues_many(A: np.ndarray, primes: list[int]) -> np.ndarray:
    """``A mod q`` for every prime (centred float64, shape ``(len(primes),) + A.shape``): the 16-bit digits
    times a table of ``2^(16 l) mod q`` (:func:`exactnet.core._modular._float_residues`), one product.

    >>> residues_many(np.array([2**40 + 5, -7], dtype=object), [11, 13]).tolist()
    [[-5.0, 4.0], [-5.0, 6.0]]
    """
    return np.stack(_modular._float_residues(A, primes)).reshape((len(primes),) + A.shape)


def check_columns(B: np.ndarray, cols, free, d: int, Y: np.ndarray) -> bool:
    """Exactly decide ``d B[:, free] == B[:, cols] @ Y`` (``B`` int64 or object, ``Y`` integers).

    ``E = d B[:, free] - B[:, cols] Y`` has entries at most ``H = |d| b + r b y``; it vanishes modulo
    distinct primes whose product exceeds ``2H`` only if it is zero.  All primes at once: the residues
    of ``Y`` from one product, then one product ``B[:, cols] @ [Y mod q_1, Y mod q_2, ...]`` when
    ``B``'s entries are below every prime's half (otherwise per 16-bit digit of ``B``).

    >>> B = np.array([[1, 2, 3], [2, 4, 6]])
    >>> check_columns(B, [0], [1, 2], 1, np.array([[2, 3]], dtype=object))
    True
    >>> check_columns(B, [0], [1, 2], 1, np.array([[2, 4]], dtype=object))
    False
    """
    cols, free = list(cols), list(free)
    m, r, s = B.shape[0], len(cols), len(free)
    if s == 0 or m == 0:
        return True
    if r == 0:
        return not bool(np.any(B[:, free] != 0))
    C, G = B[:, cols], B[:, free]
    if m * r * s <= _EXACT_PRODUCT:  # few rows: one exact product over Z (FLINT)
        P = flint.fmpz_mat(m, r, [int(x) for x in C.flat]) * flint.fmpz_mat(r, s, [int(x) for x in Y.flat])
        dd = flint.fmpz(d)
        return all(x == dd * int(g) for x, g in zip(P.entries(), G.flat))
    b = max(int(np.max(np.abs(C))), int(np.max(np.abs(G)))) if B.dtype != object else \
        max((abs(int(x)) for x in np.concatenate([C.ravel(), G.ravel()])), default=0)
    y = max((abs(int(x)) for x in Y.ravel()), default=0)
    H = abs(d) * b + r * b * y
    bits = 20
    while r * ((1 << (bits - 1)) + 1) ** 2 >= (1 << 52):  # inner products of r terms stay exact
        bits -= 1
    # small entries: B C-products need no reduction, so primes up to 2^51 / ((r + 1) b) keep every sum exact
    # (and the digit products of residues_many need ndigits(Y) 2^16 q < 2^52)
    wide = min(50 - ((r + 1) * max(b, 1)).bit_length(), 35 - ((y.bit_length() + 15) // 16).bit_length())
    direct = wide > bits
    if direct:
        bits = wide
    primes = primes_below(bits, (2 * H).bit_length() // (bits - 1) + 1)
    t = len(primes)
    qs = np.array(primes, dtype=np.float64)
    Yr = residues_many(Y, primes)  # (t, r, s)
    small = direct or b <= (1 << (bits - 2))  # entries of B are their own centred residues modulo every prime
    if small:
        Cparts, Gf = [(C.astype(np.float64), None)], G.astype(np.float64)
    else:
        L, sign = limbs(C)
        Cparts = [(L[l] * sign, l) for l in range(L.shape[0])]
        GL, Gsign = limbs(G)
    Yall = np.transpose(Yr, (1, 0, 2)).reshape(r, t * s)  # columns: prime-major
    per = max(1, _BLOCK // max(1, m * s))  # primes per block
    for a in range(0, t, per):
        ps = primes[a:a + per]
        sub = slice(a * s, (a + len(ps)) * s)
        qb = np.repeat(qs[a:a + per], s)
        if direct:  # |C Y_q| < r b q / 2 + r b and |d_q G| < b q: the difference is exact, reduced once
            dq = np.array([float(d % q) for q in ps])
            acc = Cparts[0][0] @ Yall[:, sub]
            acc -= (Gf[:, None, :] * dq[None, :, None]).reshape(m, -1)
            acc -= np.rint(acc / qb) * qb
            if acc.any():
                return False
            continue
        acc = np.zeros((m, qb.size))
        for Cf, l in Cparts:
            prod = Cf @ Yall[:, sub]
            prod -= np.rint(prod / qb) * qb
            if l is not None:
                w = np.repeat(np.array([float(pow(2, _LIMB * l, q)) for q in ps]), s)
                prod *= w
                prod -= np.rint(prod / qb) * qb
            acc += prod
            acc -= np.rint(acc / qb) * qb
        # d B[:, free] modulo each prime of the block, (m, primes, s) flattened like acc's columns
        dq = np.array([float(d % q) for q in ps])
        if small:
            Gq = Gf[:, None, :] * dq[None, :, None]
        else:
            table = np.array([[pow(2, _LIMB * l, q) for l in range(GL.shape[0])] for q in ps], dtype=np.float64)
            Gq = (table @ GL.reshape(GL.shape[0], -1)).reshape(len(ps), m, s) * Gsign
            Gq -= np.rint(Gq / qs[a:a + per, None, None]) * qs[a:a + per, None, None]
            Gq = np.transpose(Gq, (1, 0, 2)) * dq[None, :, None]
        Gq = Gq.reshape(m, -1)
        Gq -= np.rint(Gq / qb) * qb
        acc -= Gq
        acc -= np.rint(acc / qb) * qb
        if acc.any():
            return False
    return True
