"""The lifting behind certified ranks at near-full rank, with big entries and rationals: the p-adic
solve (denominator from one column, numerators from the expansion of ``d S^-1 F``, limbs for big
entries) against FLINT's rational solve; end to end against FLINT ``fmpz_mat.rank``, ``fmpq_mat.rank``
and SymPy, every certificate accepted by the kernel and a corrupted copy rejected."""

from __future__ import annotations

import copy
import math
from fractions import Fraction

import flint
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sympy import Matrix

from exactnet.core import QArray, rank
from exactnet.core import _dixon, _pluq, _rankprover
from exactnet.core.certificate import Certificate
from exactnet.core.linalg import decode_matrix, encode_matrix
from exactnet.errors import CertificateError

P = 2097143  # a prime below 2^21


def _big(rng, shape, bits):
    """Uniform integers in (-2^bits, 2^bits) as an object array."""
    n = int(np.prod(shape))
    nb = bits // 8 + 2
    vals = [int.from_bytes(rng.bytes(nb), "little") % (1 << (bits + 1)) - (1 << bits) for _ in range(n)]
    out = np.empty(n, dtype=object)
    out[:] = vals
    return out.reshape(shape)


def _flint_solve(S, F):
    N, den = flint.fmpz_mat([[int(x) for x in row] for row in S]).solve(
        flint.fmpz_mat([[int(x) for x in row] for row in F])).numer_denom()
    return int(den), [int(x) for x in N.entries()]


def _corrupted(cert):
    doc = copy.deepcopy(cert._dict())
    Y = decode_matrix(doc["evidence"]["factor"], "factor")
    num = Y.num.astype(object)
    num.flat[0] += 1
    doc["evidence"]["factor"] = encode_matrix(QArray.from_integers(num, Y.den))
    return Certificate(doc["proposition"], doc["evidence"])


def _checked(A, expected):
    res = rank(A)
    assert res.rank == expected
    assert res.check().verdict == "valid"
    cert = res.certificate.to_certificate()
    if "factor" in cert.evidence and 0 not in cert.evidence["factor"]["shape"]:
        with pytest.raises(CertificateError):
            _corrupted(cert).check()
    return res


def _fmpz_rank(A):
    m, n = A.shape
    return flint.fmpz_mat(m, n, [int(x) for x in A.flat]).rank() if m and n else 0


# ------------------------------------------------------------------------------------- the solve
@pytest.mark.parametrize("r,s,bits", [(1, 1, 3), (7, 1, 5), (30, 4, 5), (50, 16, 5), (60, 1, 40), (60, 3, 64),
                                      (50, 2, 170), (48, 1, 200),
                                      pytest.param(48, 2, 1000, marks=pytest.mark.slow)])
def test_solve_matches_flint(r, s, bits):
    rng = np.random.default_rng(r * 1000 + s * 10 + bits)
    S, F = _big(rng, (r, r), bits), _big(rng, (r, s), bits)
    if bits < 60:
        S, F = S.astype(np.int64), F.astype(np.int64)
    assert _dixon.liftable(S, F, P)
    d, Y = _dixon.solve(S, F, P, _pluq.inverse(_pluq.residues(S, P), P))
    assert (d, Y.ravel().tolist()) == _flint_solve(S, F)


def test_solve_finds_the_factors_the_random_combination_misses():
    # denominators that are powers of small primes in single columns: a random combination of the columns
    # often loses them, and the numerators' expansion must find them
    rng = np.random.default_rng(8)
    for trial in range(6):
        r, s = 40, 6
        S = rng.integers(-3, 4, (r, r))
        S[np.arange(r), np.arange(r)] += 24  # diagonally dominant: non-singular
        S[:, 0] *= 8
        S[:, 1] *= 9
        F = rng.integers(-3, 4, (r, s))
        d, Y = _dixon.solve(S, F, P, _pluq.inverse(_pluq.residues(S, P), P))
        assert (d, Y.ravel().tolist()) == _flint_solve(S, F)


def test_solve_with_zero_right_hand_sides():
    S = np.array([[2, 1], [1, 3]])
    d, Y = _dixon.solve(S, np.zeros((2, 3), dtype=np.int64), P, _pluq.inverse(_pluq.residues(S, P), P))
    assert d == 1 and Y.tolist() == [[0, 0, 0], [0, 0, 0]]


def test_combine_matches_python_integers():
    rng = np.random.default_rng(1)
    for k in (1, 2, 3, 7, 200):
        D = rng.integers(-(P // 2), P // 2 + 1, (k, 3, 2))
        got = _dixon._combine(D, P)
        want = [[sum(int(D[i, a, b]) * P**i for i in range(k)) for b in range(2)] for a in range(3)]
        assert got.tolist() == want


def test_the_scaled_expansion_ends_with_a_zero_residual():
    rng = np.random.default_rng(2)
    S, F = rng.integers(-9, 10, (20, 20)), rng.integers(-9, 10, (20, 3))
    d, Y = _flint_solve(S, F)
    digits = _dixon.symmetric_digits(d, P)
    assert sum(t * P**k for k, t in enumerate(digits)) == d and all(-P // 2 < t <= P // 2 for t in digits)
    Sinv = _pluq.inverse(_pluq.residues(S, P), P)
    for big in (False, True):
        cls = _dixon._BigLifter if big else _dixon._Lifter
        lift = cls(S if big else S.astype(np.float64), Sinv, F, P, True, digits)
        while lift.k < len(digits) or lift.R.any():
            lift.step()
            assert lift.k < 200
        assert lift.value().ravel().tolist() == Y


# ------------------------------------------------------------------------------------- end to end
@pytest.mark.parametrize("m,n,r", [(70, 70, 69), (70, 70, 62), (60, 90, 59), (90, 60, 58), (64, 64, 64), (64, 64, 1)])
def test_big_entries_take_the_limb_lifting(m, n, r):
    rng = np.random.default_rng(m + n + r)
    for bits in (40, 100):
        B, C = _big(rng, (m, r), bits // 2), _big(rng, (r, n), bits // 2)
        A = B.dot(C)
        if bits < 60:
            A = A.astype(np.int64)
        _checked(QArray.from_integers(A, 1), _fmpz_rank(A))


def test_near_full_rank_needs_no_fallback(monkeypatch):
    from exactnet.core import _modular

    def refuse(*a, **k):
        raise AssertionError("the FLINT fallback was used")

    monkeypatch.setattr(_modular, "solve_factorization", refuse)
    rng = np.random.default_rng(11)
    A = rng.integers(-5, 6, (80, 70)) @ rng.integers(-5, 6, (70, 80))
    _checked(A, 70)
    A = (_big(rng, (60, 59), 30).dot(_big(rng, (59, 60), 30)))
    _checked(QArray.from_integers(A, 1), 59)


@settings(max_examples=20, deadline=None)
@given(st.integers(1, 12), st.integers(1, 12), st.integers(0, 2**32 - 1), st.sampled_from([3, 40, 70, 200]))
def test_random_low_rank_products_with_big_entries(m, n, seed, bits):
    rng = np.random.default_rng(seed)
    r = int(rng.integers(0, min(m, n) + 1))
    A = _big(rng, (m, r), bits // 2).dot(_big(rng, (r, n), bits // 2)) if r else np.zeros((m, n), dtype=object)
    with pytest.MonkeyPatch.context() as mp:  # the limb lifting at small orders too
        mp.setattr(_dixon, "_BIG_MIN_ORDER", 1)
        res = _checked(QArray.from_integers(A, 1), _fmpz_rank(A))
    assert res.rank == Matrix(A.tolist()).rank()


@settings(max_examples=20, deadline=None)
@given(st.integers(1, 10), st.integers(1, 10), st.integers(0, 2**32 - 1))
def test_random_rationals_with_different_denominators(m, n, seed):
    rng = np.random.default_rng(seed)
    r = int(rng.integers(0, min(m, n) + 1))
    B = [[Fraction(int(rng.integers(-5, 6)), int(rng.integers(1, 101))) for _ in range(r)] for _ in range(m)]
    C = [[Fraction(int(rng.integers(-5, 6)), int(rng.integers(1, 101))) for _ in range(n)] for _ in range(r)]
    A = [[sum((B[i][k] * C[k][j] for k in range(r)), Fraction(0)) for j in range(n)] for i in range(m)]
    Q = QArray.from_nested([[str(x) for x in row] for row in A])
    Fq = flint.fmpq_mat(m, n, [flint.fmpq(x.numerator, x.denominator) for row in A for x in row])
    res = _checked(Q, Fq.rank())
    assert res.rank == Matrix(A).rank()


@pytest.mark.parametrize("m,n,r,top", [(80, 60, 59, 100), (60, 80, 59, 100), (60, 80, 30, 100), (520, 530, 6, 12),
                                       pytest.param(560, 520, 6, 100, marks=pytest.mark.slow)])
def test_rationals_are_scaled_per_line(m, n, r, top):
    rng = np.random.default_rng(m * n + r)
    A = rng.integers(-5, 6, (m, r)) @ rng.integers(-5, 6, (r, n))
    q, s = rng.integers(1, top + 1, m), rng.integers(1, top + 1, n)
    den = math.lcm(*{int(x) for x in q}) * math.lcm(*{int(x) for x in s})
    num = A.astype(object) * (den // (q[:, None] * s[None, :]).astype(object))
    Q = QArray.from_integers(num, den)
    res = _checked(Q, r)
    assert res.rank == _fmpz_rank(A)


def test_a_prime_dividing_a_line_factor_falls_back_to_the_numerators(monkeypatch):
    from exactnet.core import _modular

    rng = np.random.default_rng(3)
    A = rng.integers(-5, 6, (12, 9)) @ rng.integers(-5, 6, (9, 12))
    num = A.astype(object) * 3
    num[0] *= P  # the first row's gcd is a multiple of P
    real = _modular.PrimeStream.next
    first = [True]

    def stream(self, bits):
        if first[0] and bits == _pluq.PRIME_BITS:
            first[0] = False
            return P
        return real(self, bits)

    monkeypatch.setattr(_modular.PrimeStream, "next", stream)
    res = _checked(QArray.from_integers(num, 6), 9)
    assert res.prime != P


def test_the_sketch_decides_only_high_ranks():
    rng = np.random.default_rng(4)
    for r, want in ((300, True), (1, False), (100, False)):
        A = rng.integers(-5, 6, (600, r)) @ rng.integers(-5, 6, (r, 600))
        assert _rankprover._rank_exceeds(_pluq.residues(A, P), P, 256) is want


def test_full_rank_skips_the_low_rank_route(monkeypatch):
    monkeypatch.setattr(_rankprover, "_low_rank", lambda A, s: pytest.fail("low-rank route tried"))
    A = np.random.default_rng(6).integers(-5, 6, (520, 520))
    assert _rankprover.certified_profile(A)[3] is None
