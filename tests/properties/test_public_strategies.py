"""Cross-layer property tests, written with exactnet's public Hypothesis strategies.

Each property compares two independent routes (an oracle and the code under test):
FLINT-backed certified rank vs SymPy's DomainMatrix; network forward evaluation vs its
decomposition; the CP structure bound; certificates vs the independent checker, including
corrupted certificates that must be rejected.
"""

from __future__ import annotations

import copy
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sympy import QQ
from sympy.polys.matrices import DomainMatrix

from exactnet.checker import check_certificate
from exactnet.core.linalg import rank
from exactnet.errors import CertificateError
from exactnet.tensors import matricize
from exactnet.testing.strategies import (
    deep_convacs,
    grid_tensors,
    low_rank_matrices,
    partitions,
    rational_matrices,
    shallow_convacs,
)

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def sympy_rank(A) -> int:
    """Rank by SymPy's pure-Python sparse DomainMatrix over QQ.

    ``to_sparse()`` matters: with python-flint installed, SymPy's dense DomainMatrix over QQ is
    backed by FLINT itself (``DFM``), which would not be an independent oracle for exactnet's rank.
    """
    rows = [[QQ(int(x.numerator), int(x.denominator)) for x in row] for row in A.tolist()]
    return DomainMatrix(rows, A.shape, QQ).to_sparse().rank()


def test_the_sympy_oracle_does_not_run_on_flint():
    from sympy.polys.matrices.sdm import SDM

    assert type(DomainMatrix([[QQ(1)]], (1, 1), QQ).to_sparse().rep) is SDM
    assert sympy_rank(rank([[1, 2], [2, 4]]).certificate.matrix) == 1


@FAST
@given(rational_matrices(max_rows=6, max_cols=6))
def test_rank_agrees_with_sympy_domainmatrix(A):
    res = rank(A)
    assert res.rank == sympy_rank(A)
    assert res.field == "Q" and res.status == "exact"
    res.check()


@FAST
@given(low_rank_matrices(max_rows=7, max_cols=7, max_rank=3))
def test_low_rank_products(pair):
    A, r = pair
    res = rank(A)
    assert res.rank <= r
    assert res.rank == sympy_rank(A)
    assert rank(A.T).rank == res.rank


@FAST
@given(deep_convacs())
def test_deep_network_evaluation_equals_decomposition(net):
    assert net.grid_tensor(method="evaluation") == net.grid_tensor(method="decomposition")


@FAST
@given(shallow_convacs(), st.data())
def test_shallow_rank_at_most_Z(net, data):
    part = data.draw(partitions(net.N))
    A = net.grid_tensor(output=0)
    Z = net.weights[0].shape[0]
    assert rank(matricize(A, part.rows, part.cols)).rank <= Z


@FAST
@given(grid_tensors(min_order=2, max_order=4), st.data())
def test_matricization_rank_bounded_by_sides(T, data):
    part = data.draw(partitions(T.ndim))
    X = matricize(T, part.rows, part.cols)
    assert rank(X).rank <= min(X.shape)


@FAST
@given(rational_matrices(min_rows=2, max_rows=5, min_cols=2, max_cols=5), st.data())
def test_corrupted_rank_certificates_are_rejected(A, data):
    from exactnet.core.linalg import decode_matrix, encode_matrix

    cert = rank(A).certificate.to_dict()
    check_certificate(json.loads(json.dumps(cert)))  # the honest certificate passes
    bad = copy.deepcopy(cert)
    prop = bad["proposition"]
    how = data.draw(st.sampled_from(["rank+1", "rank-1", "entry"]))
    if how == "rank+1":
        prop["value"] = cert["proposition"]["value"] + 1
    elif how == "rank-1":
        prop["value"] = 1 if prop["value"] == 0 else prop["value"] - 1
    else:
        # change one matrix entry: either the minor or the factorization must then fail
        B = decode_matrix(prop["object"]["matrix"], "m")
        entries = B.tolist_str()
        m, n = B.shape
        i = data.draw(st.integers(0, m - 1))
        j = data.draw(st.integers(0, n - 1))
        entries[i][j] = _plus_one(entries[i][j])
        prop["object"]["matrix"] = encode_matrix(_parse(entries))
        # changing an entry can keep the rank; only insist on rejection when the claim became false
        if sympy_rank(_parse(entries)) == prop["value"] and _still_consistent(bad):
            return
    with pytest.raises(CertificateError):
        check_certificate(bad)


def _plus_one(s: str):
    from fractions import Fraction

    return _fmt(Fraction(s) + 1)


def _fmt(q) -> str:
    return str(q.numerator) if q.denominator == 1 else f"{q.numerator}/{q.denominator}"


def _parse(entries):
    from exactnet.core.qarray import QArray

    return QArray.from_nested(entries, "entries")


def _still_consistent(cert) -> bool:
    try:
        check_certificate(cert)
    except CertificateError:
        return False
    return True
