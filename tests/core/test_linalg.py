"""Tests of exactnet.core.linalg (certified rank over Q) and its kernels in exactnet.core._modular.

Oracles: SymPy's pure-Python sparse DomainMatrix over QQ (``to_sparse()``, so not FLINT), and
the independent checker (exactnet.checker).
"""

from __future__ import annotations

import dataclasses
import json
import math
from fractions import Fraction

import flint
import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from sympy import QQ
from sympy.polys.matrices import DomainMatrix

from exactnet.core import (
    MatrixRankCertificate,
    QArray,
    RankFactorization,
    RankResult,
    det,
    minor,
    nullspace,
    rank,
    rank_mod_p,
    rank_profile,
)
from exactnet.core import _modular, linalg
from exactnet.core.linalg import decode_matrix
from exactnet.errors import (
    CertificateError,
    FormatError,
    InexactInputError,
    InvalidArgumentError,
    ShapeError,
)

FAST = settings(deadline=None, max_examples=40)


# ---------------------------------------------------------------- helpers and strategies
def sympy_rank(A: QArray) -> int:
    m, n = A.shape
    if m == 0 or n == 0:
        return 0
    rows = [[QQ(int(x), A.den) for x in row] for row in A.num.tolist()]
    return DomainMatrix(rows, (m, n), QQ).to_sparse().rank()


def sympy_det(A: QArray) -> Fraction:
    n = A.shape[0]
    rows = [[QQ(int(x), A.den) for x in row] for row in A.num.tolist()]
    d = DomainMatrix(rows, (n, n), QQ).to_sparse().det()
    return Fraction(int(d.numerator), int(d.denominator))


def from_rows(rows, m, n) -> QArray:
    return QArray.from_nested(rows, "A") if m and n else QArray.zeros((m, n))


small_q = st.fractions(min_value=-5, max_value=5, max_denominator=4)


@st.composite
def rational_matrices(draw, max_rows=6, max_cols=6, min_dim=0):
    m = draw(st.integers(min_dim, max_rows))
    n = draw(st.integers(min_dim, max_cols))
    return from_rows([[draw(small_q) for _ in range(n)] for _ in range(m)], m, n)


@st.composite
def low_rank_products(draw, max_rows=7, max_cols=7, max_inner=3):
    """A = B @ C with B (m x k), C (k x n): rank <= k, often exactly k."""
    m = draw(st.integers(1, max_rows))
    n = draw(st.integers(1, max_cols))
    k = draw(st.integers(0, max_inner))
    if k == 0:
        return QArray.zeros((m, n))
    B = QArray.from_nested([[draw(small_q) for _ in range(k)] for _ in range(m)], "B")
    C = QArray.from_nested([[draw(small_q) for _ in range(n)] for _ in range(k)], "C")
    return B @ C


any_matrix = st.one_of(rational_matrices(), low_rank_products())


def int_low_rank(rng, m, n, k, lo=-9, hi=9):
    return QArray.from_integers(rng.integers(lo, hi + 1, (m, k)) @ rng.integers(lo, hi + 1, (k, n)))


def assert_certified(res: RankResult, A: QArray) -> None:
    assert res.field == "Q" and res.status == "exact" and res.shape == A.shape
    cert = res.certificate
    assert cert.matrix == A and cert.rank == res.rank
    assert res.check().verdict.startswith("valid")
    assert MatrixRankCertificate.from_dict(cert.to_dict()) == cert


# ---------------------------------------------------------------- rank over Q
@FAST
@given(any_matrix)
@example(QArray.zeros((3, 4)))
@example(QArray.zeros((0, 3)))
@example(QArray.zeros((3, 0)))
@example(QArray.zeros((0, 0)))
@example(QArray.from_nested([[1, 2, 3]]))
@example(QArray.from_nested([[1], [2], [3]]))
@example(QArray.from_nested([["1/3"]]))
def test_rank_matches_sympy_and_certificate_checks(A):
    res = rank(A)
    assert res.rank == sympy_rank(A)
    assert_certified(res, A)
    assert res.rank == rank(A.T).rank
    assert rank(A, certify=False).rank == res.rank


@FAST
@given(any_matrix)
def test_rank_profile_is_a_nonsingular_maximal_minor(A):
    rows, cols = rank_profile(A)
    r = sympy_rank(A)
    assert len(rows) == len(cols) == r
    assert list(rows) == sorted(set(rows)) and list(cols) == sorted(set(cols))
    if r:
        assert det(minor(A, rows, cols)) != 0


@FAST
@given(any_matrix)
def test_nullspace_is_reduced_kernel(A):
    m, n = A.shape
    K = nullspace(A)
    r = sympy_rank(A)
    assert K.shape == (n, n - r)
    if m and n - r:
        assert (A @ K) == QArray.zeros((m, n - r))
    # identity block on the free (non-pivot) columns of the RREF (SymPy's pivots), so K is the
    # unique reduced basis and has full column rank by inspection
    if m and n:
        rows = [[QQ(int(x), A.den) for x in row] for row in A.num.tolist()]
        _, pivots = DomainMatrix(rows, (m, n), QQ).to_sparse().rref()
    else:
        pivots = ()
    free = [j for j in range(n) if j not in pivots]
    assert minor(K, free, list(range(n - r))) == QArray.identity(n - r) if n - r else True


@FAST
@given(rational_matrices(max_rows=5, max_cols=5))
def test_det_matches_sympy(A):
    m, n = A.shape
    if m != n:
        with pytest.raises(ShapeError, match="Argument 'A' must be a square matrix"):
            det(A)
        return
    if n == 0:
        assert det(A) == 1
        return
    assert det(A) == sympy_det(A)
    assert (det(A) != 0) == (rank(A).rank == n)


@FAST
@given(any_matrix, st.sampled_from([2, 3, 101, 4194301, (1 << 61) - 1]))
def test_rank_mod_p_is_a_certified_lower_bound(A, p):
    res = rank_mod_p(A, p)
    assert res.field == f"GF({p})" and res.status == "lower-bound" and res.prime == p
    assert res.rank <= rank(A).rank
    assert res.certificate.status == "lower-bound"
    report = res.check()
    assert (report.proposition.relation, report.proposition.value) == (">=", res.rank)
    assert report.claim.startswith(f"rank of the {A.shape[0]} x {A.shape[1]} matrix") and report.claim.endswith(f" >= {res.rank} over Q")
    # oracle: rank of D*A over GF(p) with FLINT nmod_mat
    m, n = A.shape
    if m and n:
        M = flint.nmod_mat(m, n, [int(x) % p for x in A.num.flat], p)
        assert res.rank == M.rank()


def test_rank_mod_p_default_prime_and_float_flint_agree():
    rng = np.random.default_rng(5)
    A = int_low_rank(rng, 40, 30, 6)
    res = rank_mod_p(A)
    assert 2**21 <= res.prime < 2**22 and res.rank == 6
    big = rank_mod_p(A, (1 << 61) - 1)  # FLINT kernel
    assert big.rank == 6


def test_known_ranks_and_str():
    assert str(rank([[1, 2], [2, 4]])) == "rank 1 over Q (exact, certified)"
    assert str(rank([[1, 2], [2, 4]], certify=False)) == "rank 1 over Q (exact)"
    assert rank(QArray.identity(7)).rank == 7
    assert rank([["1/2", "1/3"], ["1/4", "1/6"]]).rank == 1
    assert str(rank_mod_p([[1, 2], [3, 4]], 2)) == "rank 1 over GF(2) (lower bound for the rank over Q, certified)"
    d = rank([[1, 0], [0, 0]]).to_dict()
    assert d["rank"] == 1 and d["field"] == "Q" and d["shape"] == [2, 2] and d["certificate"]["proposition"]["quantity"] == "rank"
    assert rank([[1]], certify=False).to_dict()["certificate"] is None


def test_certificate_json_form():
    c = rank([[1, 2, 3], [2, 4, 6], [0, 0, "1/2"]], name="W").certificate
    d = c.to_dict()
    assert d["format"] == "exactnet.certificate" and d["schema_version"] == 2 and d == c.to_json()
    assert isinstance(d["exactnet_version"], str)
    prop, ev = d["proposition"], d["evidence"]
    assert (prop["quantity"], prop["relation"], prop["value"], prop["field"]) == ("rank", "=", 2, "Q")
    A = decode_matrix(prop["object"]["matrix"], "m")
    assert A == QArray.from_nested([["1", "2", "3"], ["2", "4", "6"], ["0", "0", "1/2"]])
    assert ev["method"] == "minor-and-factorization" and ev["rows"] == [0, 2] and isinstance(ev["prime"], str)
    # the factorization identity itself, recomputed here with Fractions (B = D A, integer)
    B = [[Fraction(x) * A.den for x in row] for row in A.tolist_str()]
    dd, Y = int(ev["scale"]), decode_matrix(ev["factor"], "f")
    free = [j for j in range(3) if j not in ev["cols"]]
    assert Y.shape == (2, len(free)) and not ev.get("transpose")  # the compact form: the other columns
    for i in range(3):
        for t, j in enumerate(free):
            assert dd * B[i][j] == sum(B[i][c] * Y.fraction((k, t)) for k, c in enumerate(ev["cols"]))
    assert MatrixRankCertificate.from_dict(d) == dataclasses.replace(c, name="A")
    assert "factor" not in rank(QArray.identity(2)).certificate.to_dict()["evidence"]


# ---------------------------------------------------------------- larger and special matrices
@pytest.mark.parametrize("m,n,k", [(200, 150, 7), (150, 330, 12), (70, 70, 70), (65, 300, 64)])
def test_larger_integer_matrices(m, n, k):
    rng = np.random.default_rng(m * n + k)
    A = int_low_rank(rng, m, n, k)
    res = rank(A)
    M = flint.fmpz_mat(m, n, [int(x) for x in A.num.flat])
    assert res.rank == M.rank() == k
    assert res.check()


def test_big_entries_object_and_int64_near_limit():
    rng = np.random.default_rng(3)
    B = rng.integers(-9, 10, (9, 3)).astype(object) * (10**30 + 7)
    C = rng.integers(-9, 10, (3, 8)).astype(object)
    A = QArray.from_integers(B.dot(C))
    assert A.num.dtype == object
    res = rank(A)
    assert res.rank == sympy_rank(A) == 3 and res.check()
    A2 = QArray.from_integers(rng.integers(-9, 10, (80, 2)) @ rng.integers(-9, 10, (2, 90)) * (2**55 + 3))
    assert A2.num.dtype == np.int64 and _modular.max_abs_int(A2.num) > 2**53
    res2 = rank(A2)
    assert res2.rank == 2 and res2.check()


def test_rational_matrix_with_large_denominators():
    rng = np.random.default_rng(11)
    A = int_low_rank(rng, 30, 25, 4).scale(Fraction(1, 10**20 + 39))
    res = rank(A)
    assert res.rank == sympy_rank(A) == 4 and res.check()


def test_int_str_beyond_python_digit_limit():
    big = 10**5000 + 1
    assert linalg._int_str(big) == "1" + "0" * 4999 + "1"
    assert linalg._int_str(-7) == "-7"


def test_flint_solve_path(monkeypatch):
    """Force FLINT's multi-modular solve (used for entries too large for exact float64 lifting)."""
    from exactnet.core import _dixon

    monkeypatch.setattr(_dixon, "fits", lambda *a: False)
    rng = np.random.default_rng(2)
    for m, n, k in [(30, 20, 5), (20, 30, 20), (12, 12, 0), (9, 14, 9)]:
        A = int_low_rank(rng, m, n, k) if k else QArray.zeros((m, n))
        res = rank(A)
        assert res.rank == k and res.prime < 2**21 and res.check()
        assert rank_mod_p(A, 101).rank <= k


def test_float_kernel_gives_up_above_max_rank():
    rng = np.random.default_rng(4)
    A = rng.integers(-5, 6, (30, 30))
    assert _modular.profile_float(A, 4194301, max_rank=10) is None
    rows, cols = _modular.profile_float(A, 4194301)
    assert len(rows) == len(cols) == flint.fmpz_mat(30, 30, [int(x) for x in A.flat]).rank()


@settings(deadline=None, max_examples=30)
@given(st.integers(1, 90), st.integers(1, 90), st.integers(0, 8), st.sampled_from([2, 3, 7, 65521, 4194301]),
       st.integers(0, 2**32))
def test_float_and_flint_kernels_agree_mod_p(m, n, k, p, seed):
    rng = np.random.default_rng(seed)
    A = rng.integers(-50, 51, (m, k)) @ rng.integers(-50, 51, (k, n)) if k else np.zeros((m, n), dtype=np.int64)
    if seed % 3 == 0:
        A = A * 5**20  # entries above p and above 2**52 after the product
    rf = _modular.profile_float(A, p)
    rl = _modular.profile_flint(A, p)
    M = flint.nmod_mat(m, n, [int(x) % p for x in A.flat], p)
    r = M.rank()
    assert len(rf[0]) == len(rl[0]) == len(rf[1]) == len(rl[1]) == r
    assert sorted(rf[0]) == rf[0] == rl[0]  # both give the greedy row rank profile mod p
    for rows, cols in (rf, rl):
        if r:
            S = flint.nmod_mat(r, r, [int(A[i, j]) % p for i in rows for j in cols], p)
            assert int(S.det()) != 0


def test_unlucky_prime_is_detected_and_retried(monkeypatch):
    p0 = _modular.PrimeStream().next(_modular.FLOAT_PRIME_BITS)
    # rank 1 over Q but 0 modulo the first prime of the stream
    res = rank([[p0]])
    assert res.rank == 1 and res.prime != p0 and res.check()
    # rank 2 over Q, rank 1 mod p0: the factorization check fails and another prime is used
    A = [[1, 0, 0], [0, p0, 0], [0, 0, 0]]
    res = rank(A)
    assert res.rank == 2 and res.prime != p0 and res.check()
    # every random prime unlucky -> the exact fallback
    monkeypatch.setattr(linalg, "_MAX_ATTEMPTS", 0)
    for B in (A, [[0, 0], [0, 0]], [[1, 2], [3, 4]], [[2, 4, 6], [1, 2, 3]]):
        res = rank(B)
        assert res.rank == sympy_rank(QArray.from_nested(B)) and res.check()


def test_verify_factorization_paths():
    rng = np.random.default_rng(8)
    A = rng.integers(-20, 21, (120, 3)) @ rng.integers(-20, 21, (3, 110))
    rows, cols = _modular.profile_float(A, 4194301)
    rows, cols = sorted(rows), sorted(cols)
    d, Y = _modular.solve_factorization(A, rows, cols)
    for limit in (0, 10**9):  # multi-modular, then plain integers
        assert _modular.verify_factorization(A, cols, d, Y, exact_limit=limit)
        Z = Y.copy()
        Z[1, 5] += 1
        assert not _modular.verify_factorization(A, cols, d, Z, exact_limit=limit)
    # an error that is a multiple of several verification primes is still caught (the bound grows)
    bits = (52 - (3 + 1).bit_length()) // 2
    qs = _modular.verification_primes(1, bits)[:1] + _modular.verification_primes(10**20, bits)[1:3]
    Z = Y.copy()
    Z[0, 7] += math.prod(qs)
    assert not _modular.verify_factorization(A, cols, d, Z, exact_limit=0)
    # object arrays (huge entries) on the multi-modular path
    Ao = A.astype(object) * 10**25
    assert _modular.verify_factorization(Ao, cols, d, Y, exact_limit=0)
    assert not _modular.verify_factorization(Ao, cols, d + 1, Y, exact_limit=0)
    assert _modular.verify_factorization(np.zeros((4, 5), dtype=np.int64), [], 1, np.zeros((0, 5), dtype=object))
    assert not _modular.verify_factorization(np.eye(3, dtype=np.int64), [], 1, np.zeros((0, 3), dtype=object))


def test_single_threaded_blas_restores_thread_count():
    from threadpoolctl import threadpool_info

    def blas_threads():
        return [p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas"]

    before = blas_threads()
    if not before:
        pytest.skip("no BLAS thread pool visible to threadpoolctl")
    with _modular.single_threaded_blas():
        assert all(n == 1 for n in blas_threads())
    assert blas_threads() == before


# ---------------------------------------------------------------- errors name the argument
def test_errors_name_the_argument():
    with pytest.raises(InexactInputError, match=r"Argument 'A\[0\]\[1\]' must be an exact rational, not 0.5"):
        rank([[1, 0.5]])
    with pytest.raises(InexactInputError, match=r"Argument 'W\[0\]\[0\]'"):
        rank(np.array([[0.25]]), name="W")
    with pytest.raises(ShapeError, match="Argument 'A' must be a rectangular array"):
        rank([[1, 2], [3]])
    with pytest.raises(ShapeError, match=r"Argument 'M' must be a 2-D matrix, not an array of shape \(3,\)"):
        nullspace([1, 2, 3], name="M")
    with pytest.raises(InvalidArgumentError, match="Argument 'name' must be a string, not 3"):
        rank([[1]], name=3)
    with pytest.raises(InexactInputError, match=r"Argument 'A\[0\]\[0\]'"):
        det([[1.0]])
    with pytest.raises(InexactInputError, match=r"Argument 'A\[1\]\[0\]'"):
        rank_profile([[1], [float("nan")]])


def test_rank_mod_p_refuses_bad_primes():
    with pytest.raises(InvalidArgumentError, match=r"Argument 'p' must be a prime below 2\*\*64, not 91 .*91 = 7 \* 13"):
        rank_mod_p([[1]], 91)
    with pytest.raises(InvalidArgumentError, match=r"Argument 'p' must be a prime below 2\*\*64, not 1 "):
        rank_mod_p([[1]], 1)
    with pytest.raises(InvalidArgumentError, match=r"Argument 'p' must be a prime below 2\*\*64"):
        rank_mod_p([[1]], 2**89 - 1)
    with pytest.raises(InexactInputError, match=r"Argument 'p' must be an exact rational, not 7.0"):
        rank_mod_p([[1]], 7.0)


def test_minor_refuses_bad_indices():
    A = [[1, 2], [3, 4]]
    assert minor(A, [], []).shape == (0, 0)
    assert minor(A, (1, 0), [1]).tolist_str() == [["4"], ["2"]]
    assert minor(A, np.array([1]), [np.int64(0)]).tolist_str() == [["3"]]
    with pytest.raises(InvalidArgumentError, match=r"Argument 'cols\[0\]' must be a 0-based index in 0..1, not -1"):
        minor(A, [0], [-1])
    with pytest.raises(InvalidArgumentError, match=r"Argument 'rows' must hold distinct indices, not \[0, 0\]"):
        minor(A, [0, 0], [0])
    with pytest.raises(InvalidArgumentError, match=r"Argument 'rows\[0\]' must be an int index, not True"):
        minor(A, [True], [0])
    with pytest.raises(InvalidArgumentError, match=r"Argument 'cols\[0\]' must be an int index, not 1.0"):
        minor(A, [0], [1.0])
    with pytest.raises(InvalidArgumentError, match=r"Argument 'rows' must be a sequence of 0-based indices, not 3"):
        minor(A, 3, [0])


def test_check_without_certificate_and_inconsistent_results():
    with pytest.raises(CertificateError, match="no certificate"):
        rank([[1, 2]], certify=False).check()
    good = rank([[1, 2], [2, 4]])
    with pytest.raises(CertificateError, match="proves a statement about rank 1"):
        RankResult(2, "Q", "exact", (2, 2), good.certificate, good.prime).check()
    lower = rank_mod_p([[1, 2], [2, 4]], 5)
    with pytest.raises(CertificateError, match="needs an upper-bound witness"):
        RankResult(1, "Q", "exact", (2, 2), lower.certificate, 5).check()
    with pytest.raises(InvalidArgumentError, match="Argument 'status'"):
        RankResult(1, "Q", "almost", (1, 1))
    with pytest.raises(InvalidArgumentError, match="Argument 'field'"):
        RankResult(1, "R", "exact", (1, 1))


def test_certificate_constructor_validation():
    A = QArray.from_nested([[1, 2], [2, 4]])
    with pytest.raises(ShapeError, match="rows and cols must have rank = 1 entries"):
        MatrixRankCertificate(A, 1, (0, 1), (0,), 5)
    with pytest.raises(InvalidArgumentError, match="Argument 'upper'"):
        MatrixRankCertificate(A, 1, (0,), (0,), 5, upper="none")
    with pytest.raises(InvalidArgumentError, match="Argument 'scale' must be a nonzero integer"):
        RankFactorization((0,), 0, QArray.from_nested([[1, 2]]))
    with pytest.raises(ShapeError, match="Argument 'coefficients'"):
        RankFactorization((0,), 1, QArray.from_nested([["1/2", 2]]))
    with pytest.raises(ShapeError, match="Argument 'matrix' must be a 2-D QArray"):
        MatrixRankCertificate([[1]], 1, (0,), (0,), 5)
    # a hand-made wrong certificate is caught by check(), not by the constructor
    bad = MatrixRankCertificate(A, 2, (0, 1), (0, 1), 5, "trivial")
    with pytest.raises(CertificateError, match="singular modulo 5"):
        bad.check()


def test_from_dict_names_malformed_fields():
    d = rank([[1, 2], [2, 4]]).certificate.to_dict()

    def broken(path, value):
        obj = json.loads(json.dumps(d))
        target = obj
        keys = path.split(".")
        for k in keys[:-1]:
            target = target[k]
        if value is KeyError:
            del target[keys[-1]]
        else:
            target[keys[-1]] = value
        return obj

    cases = [
        ("format", "x", "format"),
        ("schema_version", 1, "schema_version"),
        ("proposition.quantity", "matricization_rank", "proposition.quantity"),
        ("proposition.value", "1", "proposition.value"),
        ("proposition.value", KeyError, "proposition.value"),
        ("evidence.prime", 5, "evidence.prime"),
        ("evidence.rows", "0", "evidence.rows"),
        ("proposition.object.matrix.shape", [2], "proposition.object.matrix.shape"),
        ("proposition.object.matrix.data", "!!", "proposition.object.matrix.data"),
        ("evidence.method", "magic", "evidence.method"),
        ("evidence.scale", "1.5", "evidence.scale"),
        ("proposition.relation", "<=", "proposition.relation"),
    ]
    for path, value, field in cases:
        with pytest.raises(FormatError) as info:
            MatrixRankCertificate.from_dict(broken(path, value))
        assert info.value.field == field, (path, info.value)
    with pytest.raises(FormatError, match="must be a JSON object"):
        MatrixRankCertificate.from_dict([1])
    empty = rank(QArray.zeros((0, 3))).certificate
    assert MatrixRankCertificate.from_dict(empty.to_dict()) == empty


def test_a_broken_profile_is_caught(monkeypatch):
    """A wrong rank profile cannot pass unnoticed: the certificate kernel rejects its minor (full rank, no
    upper bound computed), and below full rank the inverse of the minor modulo p fails."""
    from exactnet.core import _pluq

    A = np.array([[1, 2], [2, 4]], dtype=np.int64)  # rank 1
    monkeypatch.setattr(_pluq, "profile", lambda X, p: ([0, 1], np.array([0, 1])))
    with pytest.raises(CertificateError, match="singular"):
        rank(QArray(A)).check()
    B = np.array([[1, 2, 3], [2, 4, 6], [1, 1, 1]], dtype=np.int64)  # rank 2; claimed minor rows 0, 1
    monkeypatch.setattr(_pluq, "profile", lambda X, p: ([0, 1], np.array([0, 1])))
    with pytest.raises(ZeroDivisionError):
        rank(QArray(B))


# ---------------------------------------------------------------- multi-modular solve_factorization
def _low_rank(rng, m, n, r, lo=-9, hi=10):
    return rng.integers(lo, hi, (m, r)) @ rng.integers(lo, hi, (r, n))


def _profile(A):
    rows, cols = _modular.profile_flint(A, (1 << 62) - 57)
    return sorted(rows), sorted(cols)


def _assert_same_factorization(A, rows, cols, **kw):
    """multimod == FLINT's rational solve, and d*A == A[:, cols] @ Y with Python ints."""
    d, Y = _modular.solve_factorization_multimod(A, rows, cols, **kw)
    d0, Y0 = _modular.solve_factorization_fmpq(A, rows, cols)
    assert d == d0 and Y.dtype == object and Y.shape == Y0.shape and np.array_equal(Y, Y0)
    Ao = A.astype(object)
    assert np.array_equal(Ao * d, Ao[:, cols].dot(Y))
    return d, Y


@pytest.mark.parametrize(
    "m, n, r",
    [(30, 40, 1), (25, 25, 24), (40, 25, 24), (25, 60, 24), (60, 50, 17), (12, 12, 5), (40, 40, 40)],
)
def test_solve_factorization_multimod_agrees_with_fmpq(m, n, r):
    rng = np.random.default_rng(m * n + r)
    A = _low_rank(rng, m, n, r) if r < min(m, n) else rng.integers(-9, 10, (m, n))
    rows, cols = _profile(A)
    assert len(rows) == r
    d, Y = _assert_same_factorization(A, rows, cols)
    assert all(Y[i, c] == d for i, c in enumerate(cols))
    assert _modular.verify_factorization(A, cols, d, Y, exact_limit=0)


def test_solve_factorization_multimod_big_entries_and_small_primes():
    rng = np.random.default_rng(5)
    B = rng.integers(-9, 10, (20, 18)).astype(object) * (2**70 + 1) + 3
    A = B.dot(rng.integers(-9, 10, (18, 30)).astype(object))  # entries > 2**62, rank 18
    assert _modular.max_abs_int(A) > 2**62
    rows, cols = _profile(A)
    _assert_same_factorization(A, rows, cols)
    # tiny primes: unlucky primes (dividing det S) are skipped, many CRT attempts
    A2 = _low_rank(rng, 12, 14, 6)
    rows, cols = _profile(A2)
    _assert_same_factorization(A2, rows, cols, prime_bits=12)


def test_solve_factorization_multimod_structured_denominator():
    # d is a proper divisor of det S (product matrices): Y has about half the bits of adj(S) F
    rng = np.random.default_rng(11)
    A = _low_rank(rng, 70, 80, 30)
    rows, cols = _profile(A)
    d, Y = _assert_same_factorization(A, rows, cols)
    detS = int(flint.fmpz_mat(30, 30, [int(x) for x in A[np.ix_(rows, cols)].flat]).det())
    assert detS % d == 0 and abs(detS) > d


def test_solve_factorization_multimod_unlucky_probe_falls_back(monkeypatch):
    # the seeded random combination misses the factor 2 of the denominator: the rigorous stop never
    # succeeds, and FLINT's rational solve gives the answer
    nf = 5
    V = np.random.default_rng(_modular._PROBE_SEED).integers(-(1 << 20), 1 << 20, (nf, 1))
    j = int(np.flatnonzero(V[:, 0] % 2 == 0)[0])
    A = np.zeros((2, 2 + nf), dtype=np.int64)
    A[0, 0], A[1, 1] = 2, 1
    A[0, 2 + j] = 1
    calls = []
    fmpq = _modular.solve_factorization_fmpq
    monkeypatch.setattr(_modular, "solve_factorization_fmpq", lambda *a: calls.append(1) or fmpq(*a))
    d, Y = _modular.solve_factorization_multimod(A, [0, 1], [0, 1], probes=1)
    assert calls and d == 2 and Y.tolist() == fmpq(A, [0, 1], [0, 1])[1].tolist()
    calls.clear()
    assert _modular.solve_factorization_multimod(A, [0, 1], [0, 1])[0] == 2 and not calls
    with pytest.raises(ArithmeticError, match="ran out of primes"):
        B = _low_rank(np.random.default_rng(2), 12, 14, 6)
        rows, cols = _profile(B)
        _modular.solve_factorization_multimod(B, rows, cols, prime_bits=3)


def test_solve_factorization_singular_and_trivial():
    A = np.array([[1, 2, 3], [2, 4, 7]])
    for fn in (_modular.solve_factorization_multimod, _modular.solve_factorization_fmpq):
        with pytest.raises(ZeroDivisionError, match="singular"):
            fn(np.array([[1, 2, 3], [2, 4, 6]]), [0, 1], [0, 1])
        d, Y = fn(A, [], [])
        assert d == 1 and Y.shape == (0, 3)
        d, Y = fn(A[:, 1:], [0, 1], [0, 1])  # no free column: d = 1, Y = I
        assert d == 1 and Y.tolist() == [[1, 0], [0, 1]]
        d, Y = fn(A, [0, 1], [1, 2])
        assert d == 2 and Y.tolist() == [[1, 2, 0], [0, 0, 2]]


@settings(deadline=None, max_examples=25)
@given(
    st.integers(1, 12), st.integers(1, 12), st.integers(1, 12), st.integers(0, 2**40), st.sampled_from([3, 1000, 2**65])
)
def test_solve_factorization_multimod_property(m, n, r, seed, size):
    rng = np.random.default_rng(seed)
    r = min(r, m, n)
    B = rng.integers(-size if size < 2**62 else -3, (size if size < 2**62 else 3) + 1, (m, r)).astype(object)
    if size >= 2**62:
        B = B * size
    A = B.dot(rng.integers(-3, 4, (r, n)).astype(object))
    rows, cols = _profile(A)
    if not rows:
        return
    _assert_same_factorization(A, rows, cols)


def test_float_residues():
    vals = [0, 1, -1, 2**52, -(2**52) - 3, 3**200, -(7**300), 2**16 - 1, -(2**16)]
    Y = np.array(vals * 2, dtype=object).reshape(3, 6)
    primes = [3, 65537, 4194301]
    res = _modular._float_residues(Y, primes)
    for q, R in zip(primes, res):
        assert R.shape == Y.shape and R.dtype == np.float64 and np.all(np.abs(R) < q)
        assert all(int(R[i, j]) % q == Y[i, j] % q for i in range(3) for j in range(6))
    assert _modular._float_residues(np.zeros((0, 4), dtype=object), [5])[0].shape == (0, 4)
    with pytest.raises(ValueError, match="_float_residues needs"):
        _modular._float_residues(Y, [(1 << 40) + 15])
    with pytest.raises(ValueError, match="_float_residues needs"):
        _modular._float_residues(np.array([[2 ** (1 << 18)]], dtype=object), [4194301])


def test_verify_factorization_big_coefficients():
    rng = np.random.default_rng(3)
    A = _low_rank(rng, 60, 70, 40, -99, 100)
    rows, cols = _profile(A)
    d, Y = _modular.solve_factorization(A, rows, cols)
    assert _modular.max_abs_int(Y) >= 2**52  # the _float_residues path of the check
    for digits in (True, False):  # digit residues, and the former np.mod path
        assert _modular.verify_factorization(A, cols, d, Y, exact_limit=0, digit_residues=digits)
        for delta in (1, -(2**300), 2**100):
            Z = Y.copy()
            Z[3, [j for j in range(70) if j not in cols][0]] += delta
            assert not _modular.verify_factorization(A, cols, d, Z, exact_limit=0, digit_residues=digits)
        assert not _modular.verify_factorization(A, cols, d + 1, Y, exact_limit=0, digit_residues=digits)


def test_rank_mid_rank_certificate_accepted_by_checker():
    # r >= 16 and r < min(m, n): the multi-modular solve certifies the upper bound
    rng = np.random.default_rng(21)
    A = _low_rank(rng, 90, 80, 35)
    res = rank(A)
    assert res.rank == 35 and res.certificate is not None
    assert res.check().verdict.startswith("valid")
    # rational input (scaled to integers inside) with huge numerators
    Aq = [[Fraction(int(x), 3 + (i % 5)) * 2**70 for x in row] for i, row in enumerate(A[:40].tolist())]
    res = rank(Aq)
    assert res.rank == 35 and res.check().verdict.startswith("valid")
    from exactnet.checker import check_certificate

    assert check_certificate(res.certificate.to_dict()).verdict.startswith("valid")


def test_solve_factorization_dispatch(monkeypatch):
    calls = []
    fmpq, multimod = _modular.solve_factorization_fmpq, _modular.solve_factorization_multimod
    monkeypatch.setattr(_modular, "solve_factorization_fmpq", lambda *a: calls.append("fmpq") or fmpq(*a))
    rng = np.random.default_rng(4)
    A = _low_rank(rng, 90, 100, 60)  # d has a few hundred bits: multi-modular
    rows, cols = _profile(A)
    d, Y = _modular.solve_factorization(A, rows, cols)
    assert not calls and d.bit_length() > 100 and np.array_equal(Y, multimod(A, rows, cols)[1])
    B = np.zeros((40, 45), dtype=np.int64)  # S = I: d = 1, small Y: FLINT
    B[:20, :20] = np.eye(20, dtype=np.int64)
    B[:20, 20:] = rng.integers(-5, 6, (20, 25))
    assert _modular.solve_factorization(B, list(range(20)), list(range(20)))[0] == 1 and calls == ["fmpq"]
    assert _modular.solve_factorization(A[:10, :10], list(range(3)), list(range(3))) and calls[-1] == "fmpq"


def test_verify_factorization_big_entries_by_digit_residues():
    """Object matrices past the exact limit: the residues of A by one digit-table product per block agree with
    the per-prime np.mod path, on a true factorization and on one with an entry off by one."""
    import random

    from exactnet.core import _modular

    rnd = random.Random(3)
    P = np.array([[rnd.getrandbits(70) - (1 << 69) for _ in range(3)] for _ in range(60)], dtype=object)
    Q = np.array([[rnd.getrandbits(70) - (1 << 69) for _ in range(50)] for _ in range(3)], dtype=object)
    A = P.dot(Q)
    cols = [0, 1, 2]
    d, Y = _modular.solve_factorization(A, [0, 1, 2], cols)
    for digits in (True, False):
        assert _modular.verify_factorization(A, cols, d, Y, exact_limit=0, digit_residues=digits)
        bad = Y.copy()
        bad[1, 7] += 1
        assert not _modular.verify_factorization(A, cols, d, bad, exact_limit=0, digit_residues=digits)
        A2 = A.copy()
        A2[59, 49] += 1
        assert not _modular.verify_factorization(A2, cols, d, Y, exact_limit=0, digit_residues=digits)
