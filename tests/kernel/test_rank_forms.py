"""The rank certificate's forms (``minor-and-factorization``): the compact factor ``r x (n - r)``, the transposed
form, the minor checked modulo p by float64 elimination (FLINT above 2^26) and the identity checked digit by digit.

Oracles: FLINT's ``nmod_mat.det`` for the minor, FLINT's ``fmpz_mat.rank`` for the certificates built here (with
``fmpz_mat.solve``), and hand-made false certificates, each refused naming the field.
"""

from __future__ import annotations

import base64
import copy

import flint
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exactnet.errors import CertificateError
from exactnet.kernel import check_certificate
from exactnet.kernel import matrix as kmatrix

PRIMES = [2, 3, 5, 7, 65521, 1048573, 8388593, 33554393, 67108859]  # the last ones near 2^25 and 2^26 (below)


def enc(A):
    """The compact JSON of an integer matrix (decimal when an entry does not fit in int64)."""
    A = np.asarray(A)
    if A.dtype == object and any(abs(int(x)) >= 1 << 63 for x in A.flat):
        return {"shape": list(A.shape), "denominator": "1", "encoding": "decimal", "data": ",".join(map(str, A.flat))}
    return {"shape": list(A.shape), "denominator": "1", "encoding": "int64-base64",
            "data": base64.b64encode(np.ascontiguousarray(A, dtype="<i8").tobytes()).decode()}


def fz(A):
    return flint.fmpz_mat([[int(x) for x in row] for row in A])


def profile(B):
    """Rows and columns of a non-singular maximal minor (greedy, FLINT ranks)."""
    rows, cols = [], []
    for i in range(B.shape[0]):
        if fz(B[rows + [i]]).rank() > len(rows):
            rows.append(i)
    for j in range(B.shape[1]):
        if fz(B[np.ix_(rows, cols + [j])]).rank() > len(cols):
            cols.append(j)
    return rows, cols


def certificate(B, rows, cols, prime=1048573, transpose=False, compact=True):
    """rank B = r by the minor (rows, cols) and, below full rank, the factor (compact or r x n; transposed: rows)."""
    B = np.asarray(B)
    Bt, rr, cc = (B.T, cols, rows) if transpose else (B, rows, cols)
    r = len(rows)
    ev = {"method": "minor-and-factorization", "rows": list(rows), "cols": list(cols), "prime": str(prime)}
    if transpose:
        ev["transpose"] = True
    if r < min(B.shape):
        J = [j for j in range(Bt.shape[1]) if j not in set(cc)] if compact else list(range(Bt.shape[1]))
        M = fz(Bt[np.ix_(rr, cc)])
        X = M.solve(fz(Bt[np.ix_(rr, J)])) * M.det() if r else flint.fmpq_mat(0, len(J))
        Y = np.array([int(x.p) for x in X.entries()], dtype=object).reshape(r, len(J))
        ev.update(scale=str(int(M.det()) if r else 1), factor=enc(Y))
    return {"format": "exactnet.certificate", "schema_version": 2, "exactnet_version": "0.2.0",
            "proposition": {"quantity": "rank", "object": {"matrix": enc(B)}, "relation": "=", "value": r,
                            "field": "Q"}, "evidence": ev}


def refused(cert, field, words=""):
    with pytest.raises(CertificateError) as info:
        check_certificate(cert)
    assert info.value.field == field, (info.value.field, info.value.reason)
    assert words in info.value.reason, info.value.reason
    return info.value


def low_rank(rng, m, n, r, big=0):
    L, R = rng.integers(-5, 6, (m, r)), rng.integers(-5, 6, (r, n))
    if big:
        L = L.astype(object) * ((1 << big) + 7)
    return L @ R


# ---------------------------------------------------------------------------------------------- the minor
def flint_invertible(A, p):
    return flint.nmod_mat(*A.shape, [int(x) % p for x in A.flat], p).det() != 0


@pytest.mark.parametrize("p", PRIMES + [(1 << 61) - 1])
def test_the_minor_check_agrees_with_flint(p):
    rng = np.random.default_rng(p % 1000)
    for r in (1, 2, 5, 17, 70, 130):
        A = rng.integers(-5, 6, (r, r))
        near = A.copy()
        if r > 1:
            near[-1] = 3 * A[0] - 2 * A[r // 2]  # singular over Q
        mod_p = A.copy()
        mod_p[:, -1] = mod_p[:, 0] + p * rng.integers(-2, 3, r)  # singular modulo p, not (in general) over Q
        for X in (A, near, mod_p, A * p + np.eye(r, dtype=np.int64), A.astype(object) * ((1 << 100) + 1)):
            assert kmatrix._invertible(np.mod(X, p), p) == flint_invertible(X, p), (r, p)


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 40), st.sampled_from(PRIMES), st.integers(0, 2**32 - 1), st.integers(-3, 3))
def test_the_minor_check_agrees_with_flint_hypothesis(r, p, seed, width):
    rng = np.random.default_rng(seed)
    A = rng.integers(-(1 << 20), 1 << 20, (r, r)) if width > 0 else rng.integers(-2, 3, (r, r))
    if width < 0 and r > 2:
        A[:, 1] = A[:, 0] * width + p * A[:, 2]  # singular modulo p
    assert kmatrix._invertible(np.mod(A, p), p) == flint_invertible(A, p)


# ---------------------------------------------------------------------------------------------- valid forms
@settings(max_examples=25, deadline=None)
@given(st.integers(2, 9), st.integers(2, 9), st.integers(0, 2**32 - 1), st.sampled_from([0, 0, 70]))
def test_every_form_of_a_true_certificate_is_accepted(m, n, seed, big):
    rng = np.random.default_rng(seed)
    r = int(rng.integers(1, min(m, n)))
    B = low_rank(rng, m, n, r, big)
    r = fz(B).rank()
    rows, cols = profile(B)
    for transpose in (False, True):
        for compact in (False, True):
            cert = certificate(B, rows, cols, transpose=transpose, compact=compact)
            assert check_certificate(cert).proposition.value == r


def test_a_full_rank_transposed_certificate_needs_no_factor():
    B = np.array([[1, 2, 3], [0, 1, 4]])
    cert = certificate(B, [0, 1], [0, 2], transpose=True)
    assert check_certificate(cert).proposition.value == 2


def test_rank_n_minus_1_with_a_compact_factor_of_large_entries():
    """60 x 60 of rank 59: one column of integers of a few hundred bits, checked digit by digit."""
    rng = np.random.default_rng(7)
    B = low_rank(rng, 60, 60, 59)
    cert = certificate(B, list(range(59)), list(range(59)))
    Y = kmatrix.parse_matrix(cert["evidence"]["factor"], "f")[1][0]
    assert Y.shape == (59, 1) and max(abs(int(x)) for x in Y.flat).bit_length() > 150
    assert check_certificate(cert).proposition.value == 59
    bad = copy.deepcopy(cert)  # one entry off by one
    Y2 = Y.astype(object)
    Y2[30, 0] += 1
    bad["evidence"]["factor"] = enc(Y2)
    refused(bad, "evidence.factor", "does not prove rank")


def test_big_entries_of_b_are_written_in_digits_too():
    """Entries of about 180 bits (too large for float64): B in several digits, like the factor."""
    rng = np.random.default_rng(3)
    B = low_rank(rng, 12, 10, 4, big=180)
    rows, cols = profile(B)
    cert = certificate(B, rows, cols)
    assert check_certificate(cert).proposition.value == 4
    bad = copy.deepcopy(cert)
    Y = kmatrix.parse_matrix(bad["evidence"]["factor"], "f")[1][0].astype(object)
    Y[-1, -1] -= 1
    bad["evidence"]["factor"] = enc(Y)
    refused(bad, "evidence.factor", "does not prove rank")


def test_the_identity_is_exact_near_the_float_limits():
    """Entries of B up to 2^30 with r + 1 = 5 (base 2^8) and a factor of big entries: accepted; off by one, refused."""
    rng = np.random.default_rng(11)
    L, R = rng.integers(-(1 << 14), 1 << 14, (9, 4)), rng.integers(-(1 << 14), 1 << 14, (4, 9))
    B = L @ R
    rows, cols = profile(B)
    cert = certificate(B, rows, cols)
    assert check_certificate(cert).proposition.value == 4
    Y = kmatrix.parse_matrix(cert["evidence"]["factor"], "f")[1][0].astype(object)
    for delta in (1, -1, 1 << 40):
        bad = copy.deepcopy(cert)
        Z = Y.copy()
        Z[0, 0] += delta
        bad["evidence"]["factor"] = enc(Z)
        refused(bad, "evidence.factor", "does not prove rank")


# ---------------------------------------------------------------------------------------------- forgeries
def base():
    """rank 3 of a 7 x 6 matrix, compact factor 3 x 3."""
    B = low_rank(np.random.default_rng(5), 7, 6, 3)
    rows, cols = profile(B)
    assert (rows, cols) == ([0, 1, 2], [0, 1, 2])
    return B, certificate(B, rows, cols)


def _ev(cert, **kw):
    out = copy.deepcopy(cert)
    out["evidence"].update(kw)
    return out


def test_the_base_certificate_and_its_transpose_are_valid():
    B, cert = base()
    assert check_certificate(cert).proposition.value == 3
    assert check_certificate(certificate(B, [0, 1, 2], [0, 1, 2], transpose=True)).proposition.value == 3


def test_a_singular_minor_is_refused():
    B = np.array([[1, 2, 3], [2, 4, 6], [1, 0, 1]])
    cert = certificate(B, [0, 2], [0, 1])
    assert check_certificate(cert).proposition.value == 2
    for transpose in (False, True):
        refused(_ev(cert, rows=[0, 1], transpose=transpose), "evidence.rows", "singular")


def test_a_minor_singular_only_modulo_the_prime_is_refused():
    B, cert = base()
    det = int(fz(B[:3, :3]).det())
    p = next(int(q) for q, _ in flint.fmpz(det).factor() if q > 2) if abs(det) > 2 else None
    if p is None:
        pytest.skip("no odd prime divides the minor")
    refused(_ev(cert, prime=str(p)), "evidence.rows", "singular modulo")


@pytest.mark.parametrize("prime", ["1048575", "1", "0", "4", str(1 << 62), "-7", str((1 << 61) * 3)])
def test_a_wrong_prime_is_refused(prime):
    _, cert = base()
    refused(_ev(cert, prime=prime), "evidence.prime", "not a prime")


def test_a_prime_above_2_26_goes_through_flint():
    _, cert = base()
    assert check_certificate(_ev(cert, prime=str((1 << 61) - 1))).proposition.value == 3
    assert check_certificate(_ev(cert, prime="67108879")).proposition.value == 3  # the first prime above 2^26


def test_swapped_columns_of_the_compact_factor_are_refused():
    _, cert = base()
    Y = kmatrix.parse_matrix(cert["evidence"]["factor"], "f")[1][0]
    refused(_ev(cert, factor=enc(Y[:, [1, 0, 2]])), "evidence.factor", "does not prove rank")


def test_the_factor_must_have_a_shape_of_the_format():
    _, cert = base()
    Y = kmatrix.parse_matrix(cert["evidence"]["factor"], "f")[1][0]
    for bad in (Y[:, :2], Y[:2], np.hstack([Y, Y, Y[:, :1]]), np.vstack([Y, Y[:1]])):
        refused(_ev(cert, factor=enc(bad)), "evidence.factor", "3 x 6 or 3 x 3 factor")
    refused(_ev(cert, factor=enc(np.hstack([Y, Y]))), "evidence.factor", "does not prove rank")  # 3 x 6: the r x n form


def test_a_flipped_transpose_flag_is_refused():
    B, _ = base()
    tcert = certificate(B, [0, 1, 2], [0, 1, 2], transpose=True)
    no_flag = copy.deepcopy(tcert)
    del no_flag["evidence"]["transpose"]
    refused(no_flag, "evidence.factor")  # 3 x 4 rows-factor read as a columns-factor: wrong shape
    _, cert = base()
    refused(_ev(cert, transpose=True), "evidence.factor")
    refused(_ev(cert, transpose=False, factor=tcert["evidence"]["factor"]), "evidence.factor")


def test_a_transpose_flag_that_is_not_a_boolean_is_refused():
    _, cert = base()
    for value in (1, 0, "true", None):
        refused(_ev(cert, transpose=value), "evidence.transpose", "true or false")


def test_a_square_transposed_forgery_of_the_same_shape_is_refused():
    """Square: a columns-factor and a rows-factor have the same shape; the flag decides which identity holds."""
    rng = np.random.default_rng(9)
    B = low_rank(rng, 6, 6, 2)
    rows, cols = profile(B)
    cert, tcert = certificate(B, rows, cols), certificate(B, rows, cols, transpose=True)
    assert cert["evidence"]["factor"] != tcert["evidence"]["factor"]
    refused(_ev(cert, transpose=True), "evidence.factor", "does not prove rank")
    refused(_ev(tcert, transpose=False), "evidence.factor", "does not prove rank")


def test_zero_scale_denominator_and_missing_parts_are_refused():
    _, cert = base()
    refused(_ev(cert, scale="0"), "evidence.scale", "non-zero scale")
    bad = copy.deepcopy(cert)
    bad["evidence"]["factor"]["denominator"] = "2"
    refused(bad, "evidence.factor", "integer")
    only_scale = copy.deepcopy(cert)
    del only_scale["evidence"]["factor"]
    refused(only_scale, "evidence.factor", "missing")


def test_the_wrong_columns_for_a_true_factor_are_refused():
    """The compact factor of another choice of columns."""
    B, cert = base()
    other = certificate(B, [0, 1, 2], [0, 1, 3]) if fz(B[np.ix_([0, 1, 2], [0, 1, 3])]).det() != 0 else None
    if other is None:
        pytest.skip("that minor is singular")
    refused(_ev(cert, factor=other["evidence"]["factor"], scale=other["evidence"]["scale"]), "evidence.factor",
            "does not prove rank")


def test_the_work_limit_is_refused_with_the_estimate(monkeypatch):
    _, cert = base()
    monkeypatch.setattr(kmatrix, "MAX_WORK", 10)
    e = refused(cert, "evidence.factor", "operations")
    assert "limit" in e.reason


def test_the_rank_zero_factor_proves_a_zero_matrix_has_rank_zero():
    Z = np.zeros((3, 4), dtype=np.int64)
    cert = certificate(Z, [], [])
    assert cert["evidence"]["factor"]["shape"] == [0, 4]
    assert check_certificate(cert).proposition.value == 0


@pytest.mark.slow
@pytest.mark.parametrize("n, r", [(300, 299), (1000, 8)])
def test_larger_compact_certificates(n, r):
    """A narrow factor of large entries (rank n - 1) and a wide one (small rank); one entry off by one is refused."""
    rng = np.random.default_rng(n)
    B = low_rank(rng, n, n, r)
    cert = certificate(B, list(range(r)), list(range(r)))
    assert check_certificate(cert).proposition.value == r
    Y = kmatrix.parse_matrix(cert["evidence"]["factor"], "f")[1][0].astype(object)
    Y[r // 2, -1] += 1
    refused(_ev(cert, factor=enc(Y)), "evidence.factor", "does not prove rank")
