r"""Exact solutions of ``S X = F`` by p-adic (Dixon) lifting on BLAS, and the exact check of a kernel basis
(private; the prover side of certified ranks).

* :func:`solve`: ``(d, Y)`` with ``S Y = d F``, ``d`` the least common denominator of ``S^-1 F``:
  digits ``X_i = S^-1 R_i mod p`` (one product with the inverse modulo ``p``), ``R_{i+1} = (R_i - S X_i) / p``
  (one product with ``S``), all columns of ``F`` at once; the solution modulo ``p^k`` is
  reconstructed as fractions (rational reconstruction of a random projection gives the denominator
  ``d``, then ``Y = d X mod p^k`` in the symmetric range), stopped early when the projection's
  reconstruction repeats, and never later than the proved bound ``p^k > 2 N D`` (Hadamard's bound
  ``N`` on the numerators and ``D`` on the denominator).  Nothing here is trusted: the caller checks
  the identity exactly (:func:`check_columns`).
* :func:`limbs` and :func:`residues_many`: residues of an integer matrix modulo many primes at once
  (16-bit digits times the table ``2^(16 l) mod q``: one product).
* :func:`check_columns`: exactly decide ``d B[:, free] = B[:, cols] Y`` by residues modulo distinct
  primes whose product exceeds twice the largest possible entry of the difference, every prime in one
  product.

Exactness: ``S`` and ``F`` are integers held in float64 with ``r max|S| (p/2 + 1) + max(|F|, r max|S|) <
2^52`` (checked by :func:`fits`), so every product ``S X_i`` and every residual is an exact integer.
"""

from __future__ import annotations

import math
import random

import flint
import numpy as np

from . import _modular, _pluq

__all__ = ["fits", "solve", "limbs", "residues_many", "check_columns", "primes_below"]

_LIMB = 16
#: Elements of one block of products in :func:`check_columns`.
_BLOCK = 1 << 22
_SEED = 0x6469786F6E  # "dixon"


def fits(max_s: int, max_f: int, r: int, p: int) -> bool:
    """Whether the float64 lifting is exact for these sizes (see the module notes)."""
    h = p // 2 + 1
    return r * max_s * h + max(max_f, r * max_s) + h < (1 << 52) and r <= _pluq.chunk(p)


def _hadamard_bits(S: np.ndarray, F: np.ndarray) -> tuple[int, int]:
    """Bits of Hadamard's bounds: ``|det S|`` and every Cramer numerator (a column replaced by one of F)."""
    rows2 = np.sum(S.astype(np.float64) ** 2, axis=1)
    f2 = float(np.max(np.abs(F))) ** 2 if F.size else 0.0
    det_bits = 0.5 * float(np.sum(np.log2(np.maximum(rows2, 1.0))))
    num_bits = 0.5 * float(np.sum(np.log2(np.maximum(rows2 + f2, 1.0))))
    return int(det_bits) + 2, int(num_bits) + 2


def _ratrecon(a: int, M: int) -> tuple[int, int] | None:
    """``(n, d)`` with ``n = d a mod M``, ``|n|, d <= sqrt(M / 2)``, ``gcd(n, d) = 1`` (or None)."""
    bound = math.isqrt(M >> 1)
    r0, r1, t0, t1 = M, a % M, 0, 1
    while r1 > bound:
        q = r0 // r1
        r0, r1, t0, t1 = r1, r0 - q * r1, t1, t0 - q * t1
    if t1 == 0 or abs(t1) > bound:
        return None
    if t1 < 0:
        r1, t1 = -r1, -t1
    return (r1, t1) if math.gcd(r1, t1) == 1 else None


def _combine(digits: list[np.ndarray], p: int) -> np.ndarray:
    """``sum_i digits[i] p^i`` as an object array (signed digits; divide and conquer)."""
    level = [d.astype(np.int64) for d in digits]
    base = p
    # first level in int64: |lo + hi p| < 2^21 + 2^41
    if len(level) > 1:
        nxt = [level[i] + level[i + 1] * p for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            nxt.append(level[-1])
        level, base = nxt, p * p
    level, base = [x.astype(object) for x in level], flint.fmpz(base)  # GMP arithmetic from here
    while len(level) > 1:
        nxt = [level[i] + level[i + 1] * base for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            nxt.append(level[-1])
        level, base = nxt, base * base
    return level[0] + flint.fmpz(0)


def solve(S: np.ndarray, F: np.ndarray, p: int, Sinv: np.ndarray) -> tuple[int, np.ndarray] | None:
    """``(d, Y)``: ``d >= 1`` the least common denominator of ``S^-1 F`` and ``Y = d S^-1 F`` (object array).

    ``S`` (``r x r``) and ``F`` (``r x s``) are int64 arrays within :func:`fits`; ``Sinv`` is
    ``S^-1 mod p`` (reduced float64).  Returns None only if the proved bound is reached without an
    integral solution (impossible when ``Sinv`` is right).

    >>> S = np.array([[2, 1], [1, 3]]); F = np.array([[1], [2]])
    >>> p = 1048573
    >>> d, Y = solve(S, F, p, _pluq.inverse(_pluq.residues(S, p), p))
    >>> d, Y.tolist()
    (5, [[1], [3]])
    """
    r, s = F.shape
    if s == 0 or r == 0:
        return 1, np.zeros((r, s), dtype=object)
    Sf, R, negC = S.astype(np.float64), F.astype(np.float64), -Sinv
    det_bits, num_bits = _hadamard_bits(S, F)
    # the projection u X v has denominator at most |det S| and numerator at most 99^2 r s N
    cap_bits = 2 * max(det_bits, num_bits + (99 * 99 * r * s).bit_length()) + 2
    rng = random.Random(_SEED)
    u = np.array([rng.randrange(-99, 100) for _ in range(r)], dtype=np.int64)
    v = np.array([rng.randrange(-99, 100) for _ in range(s)], dtype=np.float64)
    digits: list[np.ndarray] = []
    acc, acc_pk = np.zeros((r, s), dtype=object), 1  # digits before `digits`, combined
    z, pk, k, last, next_check = 0, 1, 0, None, 4
    bits_p = math.log2(p)
    zero = np.zeros((r, s))
    while True:
        X = _pluq.mulsub(zero, negC, _pluq.reduce(R, p), p)
        digits.append(X)
        R = (R - Sf @ X) / p  # exact: an integer multiple of p below 2^52, divided by p
        # the projection u X v (|X v| < 2^40, |u X v| < 2^60: int64) accumulated p-adically
        z += int(u @ (X @ v).astype(np.int64)) * pk
        pk *= p
        k += 1
        if len(digits) == _COMBINE_EVERY:  # keep memory near the size of the solution
            acc = acc + _combine(digits, p) * acc_pk
            acc_pk, digits = pk, []
        if k < next_check and k * bits_p <= cap_bits:
            continue
        next_check = int(k * 1.08) + 1
        cand = _ratrecon(z, pk)
        done = k * bits_p > cap_bits
        # a reconstruction well inside the modulus is the solution's (a spurious one has half its bits)
        sure = cand is not None and cand[0].bit_length() + cand[1].bit_length() + 40 < pk.bit_length()
        if cand is not None and (sure or cand == last or done):
            Xi = acc + _combine(digits, p) * acc_pk if digits else acc
            d, Y = _denominator(Xi, pk, cand[1])
            if d is not None and _matches(S, F, d, Y):  # a quick filter; the caller checks it exactly
                return d, Y
        if done:
            return None
        last = cand


def _denominator(Xi: np.ndarray, M: int, d: int) -> tuple[int | None, np.ndarray]:
    """``(d', Y)`` with ``Y = d' Xi mod M`` (symmetric) and ``2 d' max|Y| < M``, ``d'`` a multiple of ``d``:
    the projection's denominator may miss factors of the common one, which the entries whose ``d Xi`` is
    not small reveal (rational reconstruction of one such entry at a time)."""
    Mf = flint.fmpz(M)
    half = Mf // 2
    for _ in range(64):
        Y = (Xi * flint.fmpz(d)) % Mf
        Y = np.where(Y > half, Y - Mf, Y)
        big = np.flatnonzero((2 * d * np.abs(Y) >= Mf).ravel())
        if big.size == 0:
            return d, np.array([int(y) for y in Y.ravel()], dtype=object).reshape(Y.shape)
        got = _ratrecon(int(Y.ravel()[big[0]]), M)
        if got is None or got[1] == 1:
            return None, Y
        d *= got[1]
    return None, Y


#: Digits combined into the solution (Python integers) every this many steps.
_COMBINE_EVERY = 64


def _matches(S: np.ndarray, F: np.ndarray, d: int, Y: np.ndarray) -> bool:
    """``S Y = d F`` modulo two primes above 2^20 (a quick filter; not a proof)."""
    for q in (1048571, 1048559):
        Yq = _pluq.residues(Y, q)
        lhs = _pluq.mulsub(np.zeros(F.shape), -_pluq.residues(S, q), Yq, q)
        rhs = _pluq.reduce(_pluq.residues(F, q) * float(d % q), q)
        if not np.array_equal(_pluq.reduce(lhs - rhs, q), np.zeros(F.shape)):
            return False
    return True


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
