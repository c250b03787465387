"""The prover of certified ranks: the float64 profile and inverse modulo p, p-adic lifting, the exact
column check, the compact and transposed factors, rationals, big entries, unlucky primes and the memory
limit.  Oracles: FLINT ``fmpz_mat.rank`` / ``nmod_mat``, SymPy, Python integers; every certificate is
checked by the kernel and corrupted copies are rejected."""

from __future__ import annotations

import copy
from fractions import Fraction

import flint
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sympy import Matrix

from exactnet.core import QArray, rank
from exactnet.core import _dixon, _modular, _pluq, _rankprover
from exactnet.core.certificate import Certificate
from exactnet.core.linalg import decode_matrix, encode_matrix
from exactnet.errors import CertificateError, ResourceLimitError

P = 2097143  # a prime below 2^21


def _low_rank(rng, m, n, r, lo=-5, hi=6):
    if r == 0:
        return np.zeros((m, n), dtype=np.int64)
    return rng.integers(lo, hi, (m, r)) @ rng.integers(lo, hi, (r, n))


def _flint_rank(A):
    m, n = A.shape
    return flint.fmpz_mat(m, n, [int(x) for x in A.flat]).rank() if m and n else 0


def _corrupt_factor(cert):
    doc = copy.deepcopy(cert._dict())
    Y = decode_matrix(doc["evidence"]["factor"], "factor")
    num = Y.num.astype(object)
    num.flat[-1] += 1
    doc["evidence"]["factor"] = encode_matrix(QArray.from_integers(num, Y.den))
    return Certificate(doc["proposition"], doc["evidence"])


def _checked(A, expected=None):
    res = rank(A)
    if expected is not None:
        assert res.rank == expected
    assert res.check().verdict == "valid"
    cert = res.certificate.to_certificate()
    if "factor" in cert.evidence and 0 not in cert.evidence["factor"]["shape"]:
        with pytest.raises(CertificateError):
            _corrupt_factor(cert).check()
    return res


# ------------------------------------------------------------------------------------- profile, inverse
@pytest.mark.parametrize("m,n,r", [(40, 40, 40), (40, 40, 39), (70, 30, 12), (30, 70, 30), (50, 50, 0), (3, 90, 2)])
def test_profile_matches_flint_and_its_minor_is_nonsingular(m, n, r):
    rng = np.random.default_rng(m * 1000 + n + r)
    A = _low_rank(rng, m, n, r)
    rows, cols = _pluq.profile(_pluq.residues(A, P), P)
    assert len(rows) == len(cols) == flint.nmod_mat(m, n, [int(x) for x in A.flat], P).rank() == r
    assert rows == sorted(rows)
    if r:
        S = A[np.ix_(rows, list(cols))]
        assert flint.nmod_mat(r, r, [int(x) for x in S.flat], P).det() != 0
        Si = _pluq.inverse(_pluq.residues(S, P), P)  # leading principal minors non-singular: block inverse works
        I = _pluq.mulsub(np.zeros((r, r)), -_pluq.residues(S, P), Si, P)
        assert np.array_equal(I, np.eye(r))


def test_profile_row_profile_is_greedy():
    A = np.array([[0, 0, 0], [1, 2, 3], [2, 4, 6], [0, 0, 5]])
    rows, cols = _pluq.profile(_pluq.residues(A, P), P)
    assert rows == [1, 3] and sorted(cols.tolist()) == [0, 2]


def test_inverse_of_a_large_block_matrix():
    rng = np.random.default_rng(5)
    S = rng.integers(-9, 10, (150, 150))
    Si = _pluq.inverse(_pluq.residues(S, P), P)
    ref = flint.nmod_mat(150, 150, [int(x) for x in S.flat], P).inv()
    ours = np.mod(Si.astype(np.int64), P)
    assert ours.ravel().tolist() == [int(x) for x in ref.entries()]


def test_mulsub_splits_long_inner_dimensions():
    p = 1048573
    rng = np.random.default_rng(1)
    A = _pluq.reduce(rng.integers(-p, p, (3, 9000)).astype(np.float64), p)
    B = _pluq.reduce(rng.integers(-p, p, (9000, 2)).astype(np.float64), p)
    got = np.mod(_pluq.mulsub(np.zeros((3, 2)), A, B, p).astype(np.int64), p)
    ref = np.mod(-(A.astype(object) @ B.astype(object)), p)
    assert got.tolist() == ref.tolist()


# ------------------------------------------------------------------------------------- lifting, check
def test_dixon_solve_matches_flint_rational_solve():
    rng = np.random.default_rng(3)
    for r, s in [(1, 1), (5, 3), (60, 1), (40, 7)]:
        S = rng.integers(-20, 21, (r, r))
        F = rng.integers(-20, 21, (r, s))
        d, Y = _dixon.solve(S, F, P, _pluq.inverse(_pluq.residues(S, P), P))
        N, den = flint.fmpz_mat(S.tolist()).solve(flint.fmpz_mat(F.tolist())).numer_denom()
        assert d == int(den) and Y.ravel().tolist() == [int(x) for x in N.entries()]


def test_check_columns_is_exact():
    rng = np.random.default_rng(4)
    A = _low_rank(rng, 30, 12, 9)
    rows, cols = _pluq.profile(_pluq.residues(A, P), P)
    cols = sorted(int(c) for c in cols)
    free = [j for j in range(12) if j not in cols]
    d, Y = _modular.solve_factorization_fmpq(A, sorted(rows), cols)
    Yc = Y[:, free]
    assert _dixon.check_columns(A, cols, free, d, Yc)
    for i, j in [(0, 0), (8, 2)]:
        bad = Yc.copy()
        bad[i, j] += 1
        assert not _dixon.check_columns(A, cols, free, d, bad)
    assert not _dixon.check_columns(A, cols, free, d + 1, Yc)
    big = A.astype(object) * (1 << 200)  # entries beyond every prime: the digit path
    assert _dixon.check_columns(big, cols, free, d, Yc)
    assert not _dixon.check_columns(big, cols, free, d, Yc + 1)


def test_residues_many_match_python():
    A = np.array([[2**170 + 12345, -(3**100)], [0, -1]], dtype=object)
    primes = [1048573, 1048571, 97]
    R = _dixon.residues_many(A, primes)
    for k, q in enumerate(primes):
        assert (np.mod(R[k].astype(np.int64), q) == np.mod(A, q).astype(np.int64)).all()


# ------------------------------------------------------------------------------------- end to end
@settings(max_examples=25, deadline=None)
@given(st.integers(1, 14), st.integers(1, 14), st.data())
def test_rank_of_random_low_rank_products(m, n, data):
    r = data.draw(st.integers(0, min(m, n)))
    seed = data.draw(st.integers(0, 2**32 - 1))
    A = _low_rank(np.random.default_rng(seed), m, n, r, -4, 5)
    res = _checked(A)
    assert res.rank == _flint_rank(A) == Matrix(A.tolist()).rank()


@pytest.mark.parametrize("m,n,r", [(60, 60, 59), (60, 60, 44), (80, 50, 49), (50, 80, 49), (40, 120, 38), (120, 40, 3)])
def test_forms_at_every_regime(m, n, r):
    A = _low_rank(np.random.default_rng(m + n + r), m, n, r)
    res = _checked(A, r)
    ev = res.certificate.to_certificate().evidence
    assert "factor" in ev
    compact, transpose = _rankprover.compact_forms_supported()
    if compact:
        t = transpose and m < n
        assert ev["factor"]["shape"] == [r, (m if t else n) - r]
        assert bool(ev.get("transpose")) == t


def test_r_by_n_factor_when_the_kernel_lacks_the_compact_forms(monkeypatch):
    monkeypatch.setattr(_rankprover, "compact_forms_supported", lambda: (False, False))
    A = _low_rank(np.random.default_rng(9), 30, 40, 20)
    res = _checked(A, 20)
    assert res.certificate.to_certificate().evidence["factor"]["shape"] == [20, 40]


def test_rational_matrix_with_different_denominators():
    rng = np.random.default_rng(12)
    A = _low_rank(rng, 25, 20, 17)
    dens = rng.integers(1, 40, (25, 20))
    Q = QArray.from_nested([[Fraction(int(A[i, j]), int(dens[i, j])) for j in range(20)] for i in range(25)])
    res = _checked(Q)
    rowscaled = QArray.from_nested([[Fraction(int(A[i, j]), int(dens[i, 0])) for j in range(20)] for i in range(25)])
    assert _checked(rowscaled).rank == 17  # rows scaled by different denominators: the rank stays 17
    Fq = flint.fmpq_mat(25, 20, [flint.fmpq(int(A[i, j]), int(dens[i, j])) for i in range(25) for j in range(20)])
    assert res.rank == Fq.rank()


@pytest.mark.parametrize("bits", [64, 170, 512])
def test_big_entries(bits):
    rng = np.random.default_rng(bits)
    base = _low_rank(rng, 30, 30, 29).astype(object)
    shift = rng.integers(0, 1 << 30, (30, 29)).astype(object) * (1 << (bits - 30))
    B = rng.integers(-3, 4, (30, 29)).astype(object) + shift
    C = rng.integers(-3, 4, (29, 30)).astype(object)
    A = B.dot(C)  # rank 29, entries of about `bits` bits
    _checked(QArray.from_integers(A, 1), 29)
    full = base + np.eye(30, dtype=np.int64).astype(object) * (1 << bits)
    _checked(QArray.from_integers(full, 1), _flint_rank(full))


def test_unlucky_prime_is_retried(monkeypatch):
    bad = 1048573
    A = np.array([[bad, 0, 0], [0, 1, 0], [0, 0, 0]])  # rank 2 over Q, rank 1 modulo `bad`
    primes = iter([bad, P])
    monkeypatch.setattr(_modular.PrimeStream, "next", lambda self, bits: next(primes))
    res = _checked(A, 2)
    assert res.prime == P


def test_memory_limit_refuses_with_an_estimate(monkeypatch):
    monkeypatch.setenv("EXACTNET_MAX_DENSE_BYTES", "1000")
    import sys

    monkeypatch.delitem(sys.modules, "exactnet.tensors.memory", raising=False)
    with pytest.raises(ResourceLimitError, match="Refusing the certified rank of a 20 x 20 matrix.*bytes.*Ways out"):
        rank(np.eye(20, dtype=np.int64).tolist())
    assert _rankprover.estimate_bytes(20, 20) > 1000


def test_low_rank_route_on_a_large_matrix(monkeypatch):
    # a large matrix of low rank takes the rank-sensitive route (block echelon form, r x n solve)
    calls = []
    real = _rankprover._low_rank
    monkeypatch.setattr(_rankprover, "_low_rank", lambda A, s: calls.append(1) or real(A, s))
    A = _low_rank(np.random.default_rng(5), 520, 530, 12)
    res = _checked(A, 12)
    out = real(A, _rankprover._modular.PrimeStream())
    assert calls and out is not None and len(out[1]) == 12 == _flint_rank(A)
    assert res.certificate.to_certificate().evidence["factor"]["shape"] == [12, 530 - 12]
