"""Certified ranks in the middle (many columns outside the minor): exactnet.core._midrank.

Oracles: FLINT's ``fmpz_mat.rank`` and ``fmpz_mat`` products (independent of the float64 lifting), and the
certificate kernel, which must accept every certificate and reject corrupted ones.
"""

from __future__ import annotations

import copy

import flint
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import exactnet
from exactnet.checker import check_certificate
from exactnet.core import QArray, _midrank, _modular, _pluq
from exactnet.core.linalg import decode_matrix, encode_matrix
from exactnet.errors import ExactnetError, ResourceLimitError
from exactnet.tensors.memory import dense_limit


def _product(m: int, n: int, r: int, seed: int, lo: int = -5, hi: int = 5) -> np.ndarray:
    rng = np.random.default_rng(seed)
    P = rng.integers(lo, hi + 1, (m, r))
    Q = rng.integers(lo, hi + 1, (r, n))
    return P @ Q


def _flint_rank(A: np.ndarray) -> int:
    return flint.fmpz_mat(*A.shape, [int(x) for x in A.ravel()]).rank()


@pytest.fixture
def spy(monkeypatch):
    """Count the calls of the middle-rank route (so each test knows it ran)."""
    calls = []
    real = _midrank.kernel_basis

    def wrapped(*a, **k):
        out = real(*a, **k)
        calls.append(out is not None)
        return out

    monkeypatch.setattr(_midrank, "kernel_basis", wrapped)
    return calls


def _identity_holds(B, cols, free, d, Y) -> bool:
    fm = lambda X: flint.fmpz_mat(*X.shape, [int(x) for x in X.ravel()])  # noqa: E731
    return (fm(B[:, free]) * d - fm(B[:, cols]) * fm(Y)).is_zero()


def _bump_factor(obj: dict) -> dict:
    """A copy of the certificate with the factor's first entry plus one (either encoding)."""
    bad = copy.deepcopy(obj)
    Y = decode_matrix(bad["evidence"]["factor"], "factor")
    num = Y.num.astype(object)
    num.flat[0] += 1
    bad["evidence"]["factor"] = encode_matrix(QArray.from_integers(num, Y.den))
    return bad


def _assert_certificate(res, rank: int) -> None:
    """The kernel accepts the certificate, and rejects it with a factor entry, the scale or the rank changed."""
    assert res.rank == rank
    assert res.check().verdict.startswith("valid")
    obj = res.certificate.to_dict()
    assert obj["evidence"]["factor"]["shape"][1] >= _midrank.MIN_NULLITY  # the compact factor
    bad_scale = copy.deepcopy(obj)
    bad_scale["evidence"]["scale"] = str(int(obj["evidence"]["scale"]) + 1)
    bad_rank = copy.deepcopy(obj)
    bad_rank["proposition"]["value"] += 1
    for bad in (_bump_factor(obj), bad_scale, bad_rank):
        with pytest.raises(ExactnetError):
            check_certificate(bad)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(r=st.integers(1, 40), k=st.integers(_midrank.MIN_NULLITY + 1, 50), extra=st.integers(0, 30),
       seed=st.integers(0, 2**31), tall=st.booleans())
def test_rank_of_products_matches_flint(r, k, extra, seed, tall, spy):
    short, long = r + k, r + k + extra  # nullity k > MIN_NULLITY on the short side: the middle-rank route
    A = _product(long, short, r, seed) if tall else _product(short, long, r, seed)
    expected = _flint_rank(A)
    before = len(spy)
    res = exactnet.rank(A)
    assert res.rank == expected
    if min(A.shape) - expected >= _midrank.MIN_NULLITY:
        assert len(spy) > before and spy[-1]
        _assert_certificate(res, expected)


@pytest.mark.parametrize("shape,r", [((40, 120), 5), ((120, 40), 7), ((90, 90), 45)])
def test_wide_tall_square(shape, r, spy):
    A = _product(*shape, r, seed=sum(shape) + r)
    res = exactnet.rank(A)
    assert res.rank == r == _flint_rank(A)
    assert spy == [True]
    _assert_certificate(res, r)
    assert res.certificate.to_dict()["evidence"].get("transpose", False) == (shape[0] < shape[1])


def _profiled(m: int, n: int, r: int, **kw):
    """A random rank-r product, with the rows, sorted columns and free columns of its profile modulo a prime."""
    A, p = _product(m, n, r, **kw), 1048573
    rows, pcol = _pluq.profile(_pluq.residues(A, p), p)
    cols = sorted(int(c) for c in pcol)
    return A, rows, cols, sorted(set(range(n)) - set(cols))


def test_kernel_basis_against_flint():
    A, rows, cols, free = _profiled(70, 110, 40, seed=5, lo=-30, hi=30)
    d, Y = _midrank.kernel_basis(A, rows, cols, free)
    assert Y.shape == (40, 70) and d != 0
    assert _identity_holds(A, cols, free, d, Y)
    assert not _identity_holds(A, cols, free, d + 1, Y)


def test_to_integers_against_python():
    rng = np.random.default_rng(3)
    q = _midrank.lifting_prime(10, 5)
    h = q // 2
    ds = [rng.integers(-h, h + 1, 50).astype(np.int32) for _ in range(40)]
    ds[-1][:5] = 0  # leading zero digits
    got = _midrank.to_integers(ds, q)
    want = [sum(int(ds[i][j]) * q**i for i in range(40)) for j in range(50)]
    assert got.tolist() == want
    assert _midrank._centred_digits(-(q**3) + 5, q) == [5, 0, 0, -1]


def _unlucky(p: int, r: int = 12, s: int = 40) -> np.ndarray:
    """Rank r over Q, rank r - 1 modulo p: r - 1 general rows, and a row that is p times a new direction."""
    A = _product(r + s + 7, r + s, r - 1, seed=11)  # more rows than columns: the factor expresses columns
    rng = np.random.default_rng(12)
    extra = p * rng.integers(-1, 2, (1, r + s))
    return np.vstack([A[:4], extra, A[4:]])


def test_unlucky_prime_is_detected():
    p = 1048573
    A = _unlucky(p)
    assert _flint_rank(A) == 12
    rows, pcol = _pluq.profile(_pluq.residues(A, p), p)
    assert len(rows) == 11  # the rank drops modulo p
    cols = sorted(int(c) for c in pcol)
    free = sorted(set(range(A.shape[1])) - set(cols))
    assert _midrank.kernel_basis(A, rows, cols, free) is None  # the row outside the minor is not spanned


def test_unlucky_prime_forced_then_retried(monkeypatch, spy):
    p = 1048573
    A = _unlucky(p)
    real = _modular.PrimeStream

    class Forced(real):
        first = True

        def next(self, bits):
            if Forced.first:
                Forced.first = False
                return p
            return super().next(bits)

    monkeypatch.setattr(_modular, "PrimeStream", Forced)
    res = exactnet.rank(A)
    assert res.rank == 12
    assert spy[0] is False and spy[-1] is True  # refused with the unlucky prime, then another prime
    _assert_certificate(res, 12)


def test_refusal_states_the_estimate():
    A = _product(120, 120, 40, seed=9)
    with dense_limit(400_000):
        with pytest.raises(ResourceLimitError) as info:
            exactnet.rank(A)
    msg = str(info.value)
    assert "rank-40" in msg and "40 x 80 factor of" in msg and "-bit entries" in msg
    assert "lifting steps" in msg and "exactnet.rank_mod_p" in msg
    assert exactnet.rank_mod_p(A).rank == 40  # the way out named in the message


def test_estimate_grows_with_the_factor():
    small, big = _midrank.estimate(1296, 1296, 256, 2000), _midrank.estimate(1296, 1296, 648, 4500)
    assert big.total_bytes > small.total_bytes > 0 and big.digits > small.digits
    assert big.text_bytes > 648 * 648 * 1300  # about 1355 decimal digits per entry
    assert "648 x 648 factor of 4500-bit entries" in big.describe()


def test_entries_too_large_fall_back(spy):
    A = _product(40, 80, 10, seed=2) * (1 << 40)
    assert not _midrank.applies(A, 10, 70)
    res = exactnet.rank(A)
    assert res.rank == 10 and spy == []
    assert res.check().verdict.startswith("valid")


def test_wrong_scale_is_not_accepted(monkeypatch):
    """A scale missing a factor of the common denominator: Y = d S^-1 F is not integral, the residual never
    vanishes, and the lifting gives up at Hadamard's bound instead of returning a wrong factor."""
    A, rows, cols, free = _profiled(60, 100, 20, seed=4, lo=-9, hi=9)
    d, Y = _midrank.kernel_basis(A, rows, cols, free)
    true = d // _midrank._SMOOTH
    assert true > 1
    monkeypatch.setattr(_midrank, "_denominator", lambda *a: (1, 10))
    assert _midrank.kernel_basis(A, rows, cols, free) is None
    monkeypatch.setattr(_midrank, "_denominator", lambda *a: (true, 10))
    d2, Y2 = _midrank.kernel_basis(A, rows, cols, free)
    assert d2 == true and _identity_holds(A, cols, free, d2, Y2)


def test_refusal_after_measuring_the_entries():
    """Hadamard's bound past the limit by less than _REFINE times: the size is measured first; the work is done
    when the measured size fits, refused (saying so) when it does not."""
    A = _product(60, 100, 20, seed=6, lo=-50, hi=50)  # entries of a product: far below Hadamard's bound
    p = 1048573
    rows, pcol = _pluq.profile(_pluq.residues(A, p), p)
    cols = sorted(int(c) for c in pcol)
    free = sorted(set(range(100)) - set(cols))
    S, F = A[np.ix_(rows, cols)], A[np.ix_(rows, free)]
    from exactnet.core import _dixon

    bound = _dixon._hadamard_bits(S, F)[1] + _midrank._SMOOTH.bit_length()
    qb = _midrank._q_bits(20, int(np.abs(A).max()))
    d, Y = _midrank.kernel_basis(A, rows, cols, free)
    real = max(abs(int(y)) for y in Y.ravel()).bit_length()
    high = _midrank.estimate(60, 100, 20, bound, qb).total_bytes
    low = _midrank.estimate(60, 100, 20, real, qb).total_bytes
    assert low < high < _midrank._REFINE * low
    limit = (low + high) // 2
    d2, Y2 = _midrank.kernel_basis(A, rows, cols, free, limit=limit)  # measured: fits
    assert _identity_holds(A, cols, free, d2, Y2)
    with pytest.raises(ResourceLimitError, match="measured on random combinations"):
        _midrank.kernel_basis(A, rows, cols, free, limit=low // 2)
    with pytest.raises(ResourceLimitError, match="Hadamard's bound"):
        _midrank.kernel_basis(A, rows, cols, free, limit=high // (2 * _midrank._REFINE))


def test_inverse_modulo_the_profile_prime(monkeypatch):
    """Larger entries leave little room for the lifting prime: the profile's prime is used, its inverse by
    products in pivot order (FLINT's inverse is not called), and the factor is right."""
    rng = np.random.default_rng(8)
    A = rng.integers(-2**12, 2**12 + 1, (90, 40)) @ rng.integers(-256, 257, (40, 100))
    p = 1048573
    assert 0 < _midrank._q_bits(40, int(np.abs(A).max())) <= p.bit_length() + 1
    rows, pcol = _pluq.profile(_pluq.residues(A, p), p)
    cols = sorted(int(c) for c in pcol)
    free = sorted(set(range(100)) - set(cols))

    def no_flint(*a):
        raise AssertionError("FLINT's inverse was called")

    monkeypatch.setattr(_midrank, "_inverse", no_flint)
    d, Y = _midrank.kernel_basis(A, rows, cols, free, prime=p, pivots=[int(c) for c in pcol])
    assert _identity_holds(A, cols, free, d, Y)
    assert exactnet.rank(A).rank == 40 == _flint_rank(A)
