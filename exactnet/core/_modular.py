r"""Private modular kernels behind :mod:`exactnet.core.linalg` (the *prover* side).

Nothing here is public API, and nothing here is trusted: every answer the
prover derives from these kernels is either certified by a verified
factorization (upper bound) or re-checked by :mod:`exactnet.checker`.

Contents
--------
* :class:`PrimeStream`: a deterministic stream of random primes of a given size.
* :func:`profile_float`: rank profile modulo a prime ``p < 2**22`` by a block
  row-echelon scheme in numpy ``float64`` (exact, see *Exactness* below).
* :func:`profile_flint`: the same with FLINT ``nmod_mat`` (any word-size prime);
  used when the rank is large.
* :func:`solve_factorization`: ``d`` (least) and ``Y`` with ``d*A == A[:, cols] @ Y``;
  multi-modular (:func:`solve_factorization_multimod`) for large ``r``, FLINT's
  rational solve (:func:`solve_factorization_fmpq`) otherwise.
* :func:`verify_factorization`: exact check of that identity (plain integers for
  small inputs, a rigorous multi-modular argument otherwise; residues of a big
  ``Y`` by :func:`_float_residues`).

Exactness of the float64 kernels
--------------------------------
All values are integers stored in ``float64``.  Every intermediate value is kept
below ``2**52`` in absolute value, so every product, sum and difference is
computed exactly.  Reduction modulo ``p`` uses ``x - p * rint(x / p)`` (much
faster than ``fmod`` for large quotients): with ``|x| < 2**52`` the computed
quotient is within ``1/p`` of ``x/p``, so the result is congruent to ``x`` and
has ``|result| < p/2 + 1 <= p``.  Entries are therefore represented
*symmetrically* (in ``(-p, p)``), never necessarily in ``[0, p)``.
"""

from __future__ import annotations

import contextlib
import itertools
import math

import random
from typing import Iterator, Sequence

import flint
import numpy as np

__all__ = [
    "FLOAT_PRIME_BITS",
    "FLOAT_MAX_RANK",
    "BLOCK_ROWS",
    "EXACT_CHECK_LIMIT",
    "PrimeStream",
    "single_threaded_blas",
    "is_prime",
    "max_abs_int",
    "profile_float",
    "profile_flint",
    "pivot_columns",
    "rank_profile_mod_p",
    "solve_factorization",
    "solve_factorization_fmpq",
    "solve_factorization_multimod",
    "verify_factorization",
    "verification_primes",
]

#: Primes for the float64 kernel are below ``2**FLOAT_PRIME_BITS``.
FLOAT_PRIME_BITS = 22
#: The float64 kernel gives up (and FLINT takes over) above this rank; it keeps
#: ``rank * p**2 < 2**52`` and the O(rank**2 n) updates cheap.
FLOAT_MAX_RANK = 256
#: Rows of A processed per block (one BLAS product per block).
BLOCK_ROWS = 64
#: ``verify_factorization`` uses plain Python integers when ``m*n*r`` is at most this.
EXACT_CHECK_LIMIT = 200_000
#: Inner-dimension chunk of the multi-modular check.
_INNER_CHUNK = 1024
#: Entries of A per row block of the multi-modular check.
_VERIFY_BLOCK_ELEMENTS = 1 << 17
#: Values of float64 kernels stay below this bound in absolute value.
_FLOAT_EXACT = 1 << 52
#: Seed of the default prime stream (deterministic results and certificates).
DEFAULT_SEED = 0x65786163746E6574  # "exactnet"


_BLAS_CONTROLLER = None


def _blas_controller():
    """threadpoolctl's controller of the loaded native thread pools (created once, lazily)."""
    global _BLAS_CONTROLLER
    if _BLAS_CONTROLLER is None:
        from threadpoolctl import ThreadpoolController

        _BLAS_CONTROLLER = ThreadpoolController()
    return _BLAS_CONTROLLER


@contextlib.contextmanager
def single_threaded_blas() -> Iterator[None]:
    """Run the block with the BLAS limited to one thread (restored afterwards), via threadpoolctl.

    The kernels here issue many small products; a multi-threaded BLAS spends
    more time synchronizing (badly so on a loaded machine) than computing.
    """
    with _blas_controller().limit(limits=1, user_api="blas"):
        yield


def is_prime(n: int) -> bool:
    """Primality by FLINT (``fmpz.is_prime``)."""
    return n >= 2 and bool(flint.fmpz(n).is_prime())


class PrimeStream:
    """Deterministic stream of distinct random primes with a given number of bits.

    >>> s = PrimeStream(1)
    >>> p = s.next(22)
    >>> 2**21 <= p < 2**22 and is_prime(p)
    True
    """

    def __init__(self, seed: int = DEFAULT_SEED):
        self._rng = random.Random(seed)
        self._used: set[int] = set()

    def next(self, bits: int) -> int:
        lo, hi = 1 << (bits - 1), 1 << bits
        while True:
            c = self._rng.randrange(lo, hi) | 1
            if c < hi and c not in self._used and is_prime(c):
                self._used.add(c)
                return c


def max_abs_int(A: np.ndarray) -> int:
    """Largest absolute value of an integer array (Python int, 0 when empty)."""
    if A.size == 0:
        return 0
    return max(abs(int(A.max())), abs(int(A.min())))  # object arrays too: two C-level passes


def _reduce(X: np.ndarray, p: float, inv: float, tmp: np.ndarray | None = None) -> np.ndarray:
    """In place: ``X <- X - p*rint(X/p)``; needs ``|X| < 2**52``; gives ``|X| < p/2 + 1``."""
    if tmp is None:
        tmp = np.multiply(X, inv)
    else:
        np.multiply(X, inv, out=tmp)
    np.rint(tmp, out=tmp)
    tmp *= p
    X -= tmp
    return X


def _to_float_mod(blk: np.ndarray, p: int, max_a: int) -> np.ndarray:
    """A block of integers as float64 residues with ``|x| < p`` (a new array)."""
    if blk.dtype != object and max_a < _FLOAT_EXACT:
        X = blk.astype(np.float64)
        if max_a >= p:
            _reduce(X, float(p), 1.0 / p)
        return X
    return np.mod(blk, p).astype(np.float64)


#: Entries of an object array converted per step by :func:`_float_residues`.
_RESIDUE_CHUNK = 1 << 15


def _float_residues(Y: np.ndarray, primes: Sequence[int]) -> list[np.ndarray]:
    """``Y mod q`` for every modulus ``q`` (float64, ``|x| < q``, shape of ``Y``): big integers at once.

    Each ``|Y_ij|`` is cut into ``L`` 16-bit digits (``int.to_bytes``); then one
    float64 product with the table ``2**(16 l) mod q`` gives every residue: the
    sums of ``L`` products (digit ``< 2**16``) x (table entry ``< q``) stay below
    ``2**52`` (exact) because ``L * 2**16 * q < 2**52`` is required.  Much faster than ``np.mod`` on Python
    ints once the entries have hundreds of bits.

    >>> Y = np.array([[2**100 + 7, -(3**70)], [0, 5]], dtype=object)
    >>> res = _float_residues(Y, [101, 4194301])
    >>> all(int(res[k][i, j]) % q == Y[i, j] % q for k, q in enumerate([101, 4194301])
    ...     for i in range(2) for j in range(2))
    True
    """
    flat = [int(x) for x in Y.flat]
    nbytes = 2 * ((max((abs(v).bit_length() for v in flat), default=0) + 15) // 16) or 2
    L = nbytes // 2
    for q in primes:
        if not 2 <= q or L * (1 << 16) * q >= _FLOAT_EXACT:
            raise ValueError(f"internal: _float_residues needs 2 <= q and {L} * 2**16 * q < 2**52, got q = {q}")
    table = np.array([[pow(2, 16 * l, q) for q in primes] for l in range(L)], dtype=np.float64)
    out = np.empty((len(primes), len(flat)))
    for s in range(0, len(flat), _RESIDUE_CHUNK):
        part = flat[s : s + _RESIDUE_CHUNK]
        buf = b"".join(abs(v).to_bytes(nbytes, "little") for v in part)
        D = np.frombuffer(buf, dtype="<u2").reshape(len(part), L).astype(np.float64)
        out[:, s : s + len(part)] = table.T @ D.T
    sign = np.fromiter(((v > 0) - (v < 0) for v in flat), dtype=np.float64, count=len(flat))
    res = []
    for k, q in enumerate(primes):
        col = _reduce(out[k], float(q), 1.0 / q)
        col *= sign
        res.append(col.reshape(Y.shape))
    return res


def _check_prime_for_float(p: int) -> None:
    if not 2 <= p < (1 << FLOAT_PRIME_BITS):
        raise ValueError(f"internal: float64 kernel needs 2 <= p < 2**{FLOAT_PRIME_BITS}, got {p}")


def profile_float(
    A: np.ndarray, p: int, max_rank: int = FLOAT_MAX_RANK, block: int = BLOCK_ROWS
) -> tuple[list[int], list[int]] | None:
    """Row and column pivots of the integer matrix ``A`` modulo ``p`` (float64 block echelon).

    Keeps a fully reduced basis of the row space mod p (identity on the pivot
    columns).  Rows are processed in blocks: one BLAS product reduces a block
    against the basis, then new pivots are found row by row inside the block and
    the old basis is updated with one more product.

    Returns ``(rows, cols)`` (rows ascending: the greedy row rank profile mod p;
    cols in discovery order) so that ``A[rows][:, cols]`` is nonsingular mod p,
    or ``None`` when the rank exceeds ``max_rank`` (the caller switches to FLINT).

    >>> A = np.array([[1, 2, 3], [2, 4, 6], [0, 1, 1]])
    >>> profile_float(A, 101)
    ([0, 2], [0, 1])
    """
    _check_prime_for_float(p)
    if max_rank > FLOAT_MAX_RANK:
        raise ValueError("internal: max_rank too large for the float64 bounds")
    m, n = A.shape
    pf, inv = float(p), 1.0 / p
    max_a = max_abs_int(A)
    basis = np.zeros((0, n))
    piv: list[int] = []
    rows: list[int] = []
    for s in range(0, m, block):
        if len(piv) == n:
            break
        X = _to_float_mod(A[s : s + block], p, max_a)
        if piv:
            # |X| < p, |basis| < p/2+1, inner dim <= 256: |product| < 2**51
            X -= X[:, piv] @ basis
            _reduce(X, pf, inv)
        nz_rows = np.flatnonzero(X.any(axis=1))
        if nz_rows.size == 0:
            continue
        new = np.zeros((0, n))
        newpiv: list[int] = []
        for i in nz_rows:
            i = int(i)
            v = X[i]
            nzc = np.flatnonzero(v)
            if nzc.size == 0:
                continue
            c = int(nzc[0])
            v = v * float(pow(int(v[c]) % p, -1, p))
            _reduce(v, pf, inv)
            v[c] = 1.0
            if newpiv:
                f = new[:, c]
                if f.any():
                    new -= np.outer(f, v)
                    _reduce(new, pf, inv)
            later = X[i + 1 :]
            if later.shape[0]:
                f = later[:, c]
                if f.any():
                    later -= np.outer(f, v)
                    _reduce(later, pf, inv)
            new = np.vstack([new, v[None, :]])
            newpiv.append(c)
            rows.append(s + i)
            if len(piv) + len(newpiv) > max_rank:
                return None
        if newpiv:
            if piv:
                # inner dim <= block = 64: |product| < 2**49
                basis -= basis[:, newpiv] @ new
                _reduce(basis, pf, inv)
                basis = np.vstack([basis, new])
            else:
                basis = new
            piv.extend(newpiv)
    return rows, piv


def _nmod_mat(A: np.ndarray, p: int) -> "flint.nmod_mat":
    """``A mod p`` as an ``nmod_mat`` (through ``fmpz_mat``: about twice as fast as from a list)."""
    m, n = A.shape
    entries = A.ravel().tolist() if A.dtype != object else [int(x) for x in A.flat]
    return flint.nmod_mat(flint.fmpz_mat(m, n, entries), p)


def pivot_columns(R, rank: int) -> list[int]:
    """Pivot columns of a FLINT matrix in reduced row echelon form (first nonzero of each of its first rows)."""
    out: list[int] = []
    j = 0
    for i in range(rank):
        while int(R[i, j]) == 0:
            j += 1
        out.append(j)
        j += 1
    return out


def profile_flint(A: np.ndarray, p: int) -> tuple[list[int], list[int]]:
    """Row and column pivots of ``A`` modulo a word-size prime ``p`` with FLINT ``nmod_mat``.

    Column pivots come from the rref of ``A``; row pivots from the rref of
    ``A[:, cols].T`` (skipped when the rank equals the number of rows).

    >>> profile_flint(np.array([[1, 2, 3], [2, 4, 6], [0, 1, 1]]), 101)
    ([0, 2], [0, 1])
    """
    m, n = A.shape
    if m == 0 or n == 0:
        return [], []
    R, r = _nmod_mat(A, p).rref()
    cols = pivot_columns(R, r)
    if r == 0:
        return [], []
    if r == m:
        rows = list(range(m))
    else:
        sub = np.ascontiguousarray(A[:, cols].T)
        R2, r2 = _nmod_mat(sub, p).rref()
        if r2 != r:  # impossible: the columns `cols` are independent mod p
            raise ArithmeticError("internal: inconsistent rank in profile_flint")
        rows = pivot_columns(R2, r2)
    return rows, cols


def rank_profile_mod_p(A: np.ndarray, p: int) -> tuple[list[int], list[int]]:
    """Pivots of ``A`` modulo a prime ``p < 2**64``: float64 kernel when possible, else FLINT."""
    if A.shape[0] == 0 or A.shape[1] == 0:
        return [], []
    if p < (1 << FLOAT_PRIME_BITS):
        prof = profile_float(A, p)
        if prof is not None:
            return prof
    return profile_flint(A, p)


def _ints(A: np.ndarray) -> list[int]:
    return [int(x) for x in A.flat]


#: Bits of the primes of the multi-modular solve (FLINT ``nmod_mat``, word size).
_SOLVE_PRIME_BITS = 62
#: Below this many rows of the minor, :func:`solve_factorization` uses FLINT's rational solve.
_MULTIMOD_MIN_RANK = 16
#: ... and also when ``Y`` is predicted to have at most this many bits (FLINT is faster there).
_SMALL_OUTPUT_BITS = 256


#: Right-hand sides combined at random to find the least common denominator (seeded: deterministic).
_DENOMINATOR_PROBES = 16
_PROBE_SEED = 0x64656E6F6D  # "denom"


def _cramer_bound(S: "flint.fmpz_mat", r: int, extra: int) -> int:
    """``B >= 1`` bounding ``|det S'|`` for ``S`` with one column replaced by a vector of entries ``<= extra``.

    Hadamard: ``|det S'| <= prod_i ||row i of S'||``, and row ``i`` of ``S'`` has
    squared norm at most ``||S_i||^2 + extra^2``.  (With ``extra = 0`` it bounds
    every minor of ``S``.)

    >>> _cramer_bound(flint.fmpz_mat(2, 2, [3, 0, 0, 4]), 2, 0)
    13
    """
    prod2 = 1
    for i in range(r):
        prod2 *= max(1, sum(int(S[i, j]) ** 2 for j in range(r)) + extra * extra)
    return math.isqrt(prod2) + 1


def _crt_symmetric(primes: list[int], residues: list[int], M: int) -> list[int]:
    """Symmetric CRT lifts (in ``(-M/2, M/2]``) of vectors given modulo each prime, residues prime-major.

    ``x = sum_i w_i x_i (mod M)`` with ``w_i = (M/q_i) ((M/q_i)^-1 mod q_i)``: one FLINT product.

    >>> _crt_symmetric([5, 7], [1, 1, 2, 0], 35)
    [16, -14]
    """
    k = len(primes)
    weights = []
    for qi in primes:
        Mi = M // qi
        weights.append(Mi * pow(Mi % qi, -1, qi))
    Z = flint.fmpz_mat(1, k, weights) * flint.fmpz_mat(k, len(residues) // k, residues)
    half = M >> 1
    vals = []
    for z in Z.entries():
        v = int(z) % M
        vals.append(v - M if v > half else v)
    return vals


def solve_factorization(A: np.ndarray, rows: Sequence[int], cols: Sequence[int]) -> tuple[int, np.ndarray]:
    """``(d, Y)`` with ``Y = d * S^{-1} A[rows, :]``, ``S = A[rows][:, cols]`` nonsingular, ``d`` minimal.

    ``Y`` is an object array of Python ints of shape ``(r, n)``; ``Y[:, cols] = d*I``.
    If ``rows`` span the row space of ``A`` over Q then ``d*A == A[:, cols] @ Y``.
    Raises ``ZeroDivisionError`` when ``S`` is singular.

    FLINT's rational solve (:func:`solve_factorization_fmpq`) for ``r < 16`` or
    when ``Y`` is predicted to be small (fewer than about 256 bits, e.g. small
    denominators: FLINT is fast then), else the multi-modular
    :func:`solve_factorization_multimod` (same result).
    Nothing here is trusted: the caller verifies ``d*A == A[:, cols] @ Y``.

    >>> A = np.array([[2, 4], [1, 2]])
    >>> d, Y = solve_factorization(A, [0], [0])
    >>> d, Y.tolist()
    (1, [[1, 2]])
    """
    if len(rows) < _MULTIMOD_MIN_RANK:
        return solve_factorization_fmpq(A, rows, cols)
    return solve_factorization_multimod(A, rows, cols, small_output_bits=_SMALL_OUTPUT_BITS)


def solve_factorization_multimod(
    A: np.ndarray,
    rows: Sequence[int],
    cols: Sequence[int],
    *,
    prime_bits: int = _SOLVE_PRIME_BITS,
    probes: int = _DENOMINATOR_PROBES,
    small_output_bits: int = 0,
) -> tuple[int, np.ndarray]:
    r"""The multi-modular path of :func:`solve_factorization`: the same ``(d, Y)``, faster for large ``r``.

    With ``F`` the non-pivot columns of ``A[rows, :]``:

    1. ``d``: the common denominator of ``S^{-1} F V`` for a few seeded random
       integer vectors ``V`` (FLINT's rational solve on ``probes`` right-hand
       sides: cheap).  It divides the least common denominator of ``S^{-1} F``
       and equals it with high probability.
    2. ``W = d S^{-1}`` modulo word-size primes (FLINT ``nmod_mat.inv``),
       combined by the Chinese remainder theorem into ``W mod M``; then
       ``Y_F = W F mod M`` (one FLINT ``fmpz_mat`` product), lifted to
       ``(-M/2, M/2]``.  (Only ``r*r`` residues per prime leave FLINT.)
    3. Output-sensitive and rigorous stop: ``E = S Y_F - d F`` vanishes modulo
       every prime used and ``|E| <= r max|S| max|Y_F| + d max|F|``; once ``M``
       exceeds twice that, ``E = 0``, so ``Y_F = d S^{-1} F`` is integral and
       ``d`` is the least denominator.  If that never happens below the
       Hadamard bound for ``d S^{-1} F``, step 1 missed a factor and FLINT's
       rational solve is used instead.

    FLINT's rational solve is also used when the predicted size of ``Y_F``
    (``bits(d) + bits(r max|S|) + bits(max|F|) + 16``) is at most
    ``small_output_bits`` (0: never).

    >>> A = np.array([[2, 1, 3], [1, 3, 4], [3, 4, 7]])
    >>> solve_factorization_multimod(A, [0, 1], [0, 1])[1].tolist()
    [[1, 0, 1], [0, 1, 1]]
    >>> B = np.array([[251, 0, 1], [0, 1, 1]])  # 251 is the first 8-bit prime tried: unlucky
    >>> d, Y = solve_factorization_multimod(B, [0, 1], [0, 1], prime_bits=8)
    >>> d, Y.tolist()
    (251, [[251, 0, 1], [0, 251, 251]])
    """
    r, n = len(rows), A.shape[1]
    if r == 0:
        return 1, np.zeros((0, n), dtype=object)
    rows, cols = list(rows), list(cols)
    colset = set(cols)
    free = [j for j in range(n) if j not in colset]
    Y = np.zeros((r, n), dtype=object)
    if not free:
        Y[list(range(r)), cols] = 1
        return 1, Y
    nf = len(free)
    Sa, Fa = A[np.ix_(rows, cols)], A[np.ix_(rows, free)]
    max_s, max_f = max_abs_int(Sa), max_abs_int(Fa)
    S = flint.fmpz_mat(r, r, _ints(Sa))
    F = flint.fmpz_mat(r, nf, _ints(Fa))
    # 1. candidate denominator (raises ZeroDivisionError when S is singular)
    t = max(1, min(probes, nf))
    V = np.random.default_rng(_PROBE_SEED).integers(-(1 << 20), 1 << 20, (nf, t))
    d = int(S.solve(F * flint.fmpz_mat(nf, t, V.ravel().tolist())).numer_denom()[1])
    # |d S^-1 F| <= d * (Cramer bound) since |det S| >= 1: past this, step 1 was unlucky
    cap = 2 * (r * max_s * d * _cramer_bound(S, r, max_f) + d * max_f)
    # 2. Y_F modulo primes; first CRT attempt at a guess of the size of Y_F
    target = d.bit_length() + (r * max_s).bit_length() + max_f.bit_length() + 16
    if target <= small_output_bits:
        return solve_factorization_fmpq(A, rows, cols)
    primes: list[int] = []
    residues: list[int] = []
    M = 1
    q = (1 << prime_bits) - 1
    while True:
        while q >= 3 and not is_prime(q):
            q -= 1
        if q < 3:
            raise ArithmeticError("internal: ran out of primes in solve_factorization")
        try:
            Wq = flint.nmod_mat(S, q).inv()
        except ZeroDivisionError:  # q divides det S (S itself is nonsingular: step 1 succeeded)
            q -= 1
            continue
        residues.extend(map(int, itertools.chain.from_iterable((Wq * (d % q)).table())))
        primes.append(q)
        M *= q
        q -= 1
        if M.bit_length() < target and M <= cap:
            continue
        # W = d S^-1 mod M (r x r), then Y_F = W F mod M, lifted symmetrically
        W = flint.fmpz_mat(r, r, _crt_symmetric(primes, residues, M))
        half = M >> 1
        vals = []
        for z in (W * F).entries():
            v = int(z) % M
            vals.append(v - M if v > half else v)
        # 3. rigorous stop: E = S Y_F - d F = 0
        if M > 2 * (r * max_s * max(map(abs, vals)) + d * max_f):
            break
        if M > cap:
            return solve_factorization_fmpq(A, rows, cols)
        target = M.bit_length() + max(2 * prime_bits, M.bit_length() // 4)
    Y[:, free] = np.array(vals, dtype=object).reshape(r, nf)
    Y[list(range(r)), cols] = d
    return d, Y


def solve_factorization_fmpq(A: np.ndarray, rows: Sequence[int], cols: Sequence[int]) -> tuple[int, np.ndarray]:
    """Reference for :func:`solve_factorization`: the same ``(d, Y)`` by FLINT's rational solve.

    Slow when ``r`` is large (FLINT reduces every entry of ``S^{-1} A[rows, :]``
    as a fraction); kept for tests and benchmarks.

    ``Y`` is an object array of Python ints of shape ``(r, n)``; ``Y[:, cols] = d*I``.
    If ``rows`` span the row space of ``A`` over Q then ``d*A == A[:, cols] @ Y``.

    >>> A = np.array([[2, 4], [1, 2]])
    >>> d, Y = solve_factorization_fmpq(A, [0], [0])
    >>> d, Y.tolist()
    (1, [[1, 2]])
    """
    r, n = len(rows), A.shape[1]
    if r == 0:
        return 1, np.zeros((0, n), dtype=object)
    rows, cols = list(rows), list(cols)
    colset = set(cols)
    free = [j for j in range(n) if j not in colset]
    Y = np.zeros((r, n), dtype=object)
    d = 1
    if free:  # S^{-1} A[rows, cols] is the identity: solve for the other columns only
        S = flint.fmpz_mat(r, r, _ints(A[np.ix_(rows, cols)]))
        AF = flint.fmpz_mat(r, len(free), _ints(A[np.ix_(rows, free)]))
        N, den = S.solve(AF).numer_denom()
        d = int(den)
        Y[:, free] = np.array([int(x) for x in N.entries()], dtype=object).reshape(r, len(free))
    Y[list(range(r)), cols] = d
    return d, Y


def verification_primes(bound: int, bits: int) -> list[int]:
    """Distinct primes below ``2**bits`` (largest first) whose product exceeds ``2*bound``.

    >>> ps = verification_primes(10**12, 20)
    >>> import math; math.prod(ps) > 2 * 10**12 and all(q < 2**20 for q in ps)
    True
    """
    out: list[int] = []
    prod = 1
    q = (1 << bits) - 1
    while prod <= 2 * bound:
        while not is_prime(q):
            q -= 1
        if q < 3:
            raise ArithmeticError("internal: ran out of verification primes")
        out.append(q)
        prod *= q
        q -= 1
    return out


def verify_factorization(
    A: np.ndarray,
    cols: Sequence[int],
    d: int,
    Y: np.ndarray,
    *,
    exact_limit: int = EXACT_CHECK_LIMIT,
    digit_residues: bool = True,
) -> bool:
    r"""Exactly decide ``d * A == A[:, cols] @ Y`` for integer arrays (``d != 0``).

    Small inputs (``m*n*r <= exact_limit``) are checked with Python integers.
    The residues of a big ``Y`` modulo all the primes come from
    :func:`_float_residues` (``digit_residues=False``: ``np.mod`` per prime, slower).
    Otherwise the multi-modular argument: ``E = d*A - A[:, cols] @ Y`` is an
    integer matrix with ``|E_ij| <= H = |d| max|A| + r max|A| max|Y|``; if ``E``
    vanishes modulo distinct primes whose product exceeds ``2H`` then ``E = 0``.
    Each modular product is computed exactly in float64 (inner dimension chunked
    so that sums stay below ``2**52``).

    >>> A = np.array([[2, 4], [1, 2]])
    >>> Y = np.array([[1, 2]], dtype=object)
    >>> verify_factorization(A, [0], 1, Y), verify_factorization(A, [0], 1, Y, exact_limit=0)
    (True, True)
    >>> verify_factorization(A, [0], 1, np.array([[1, 3]], dtype=object), exact_limit=0)
    False
    """
    m, n = A.shape
    r = len(cols)
    if d == 0:
        raise ValueError("internal: scale d must be nonzero")
    if Y.shape != (r, n):
        raise ValueError(f"internal: Y has shape {Y.shape}, expected {(r, n)}")
    if m == 0 or n == 0:
        return True
    if r == 0:
        return not bool(np.any(A != 0))
    cols = list(cols)
    if m * n * r <= exact_limit:
        Ao = A.astype(object)
        return bool(np.array_equal(Ao * d, Ao[:, cols].dot(Y.astype(object))))
    max_a, max_y = max_abs_int(A), max_abs_int(Y)
    H = abs(d) * max_a + r * max_a * max_y
    k = min(r, _INNER_CHUNK)
    bits = (52 - (k + 1).bit_length()) // 2  # (k+1) q**2 < 2**52 for q < 2**bits
    primes = verification_primes(H, bits)
    B = A[:, cols]
    if digit_residues and Y.dtype == object and max_y >= _FLOAT_EXACT:
        Yres = _float_residues(Y, primes)  # (digit_residues=False: the former np.mod path, for benchmarks)
    else:
        Yi = Y if Y.dtype != object or max_y >= _FLOAT_EXACT else Y.astype(np.int64)
        Yres = [_to_float_mod(Yi, q, max_y) for q in primes]
    per_prime = []
    for q, Yq in zip(primes, Yres):
        Bq = _to_float_mod(B, q, max_a)
        per_prime.append((float(q), 1.0 / q, float(d % q), Bq, Yq))
    block = max(1, _VERIFY_BLOCK_ELEMENTS // max(n, 1))
    float_a = A.dtype != object and max_a < _FLOAT_EXACT
    digits_fit = ((max_a.bit_length() + 15) // 16 or 1) * (1 << 16) * max(primes) < _FLOAT_EXACT
    acc_buf = np.empty((min(block, m), n))
    prod_buf = np.empty_like(acc_buf)
    tmp_buf = np.empty_like(acc_buf)
    for s in range(0, m, block):
        blk = A[s : s + block]
        h = blk.shape[0]
        acc, prod, tmp = acc_buf[:h], prod_buf[:h], tmp_buf[:h]
        Af = blk.astype(np.float64) if float_a else None
        # big entries: the block's residues modulo every prime at once (one product with a digit table)
        big = None if float_a or not digit_residues or not digits_fit else _float_residues(blk, primes)
        for k_q, ((qf, inv, dq, Bq, Yq), q) in enumerate(zip(per_prime, primes)):
            if big is not None:
                acc[...] = big[k_q]
            elif Af is None:
                acc[...] = np.mod(blk, q).astype(np.float64)
            else:
                acc[...] = Af
                if max_a >= q:
                    _reduce(acc, qf, inv, tmp)
            acc *= dq  # |residue| < q and 0 <= dq < q: |acc| < q**2
            for c0 in range(0, r, k):  # |acc| < (k+1) q**2 < 2**52 throughout
                np.matmul(Bq[s : s + h, c0 : c0 + k], Yq[c0 : c0 + k], out=prod)
                acc -= prod
                _reduce(acc, qf, inv, tmp)
            if acc.any():
                return False
    return True
