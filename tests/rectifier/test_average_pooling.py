"""ReLU + average (sum) pooling: the realizability decision vs an independent rank oracle; certificates."""

from __future__ import annotations

import copy
import itertools

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from exactnet.checker import check_certificate
from exactnet.core.linalg import rank
from exactnet.errors import CertificateError, InvalidArgumentError, ShapeError
from exactnet.networks.rectifier import DeepRectifierNet
from exactnet.tensors import PoolingTree
from exactnet.tensors.generalized import PoolingOperator
from exactnet.theorems.rectifier import (
    average_pooling_decomposition,
    average_pooling_realizability,
    minimal_average_counterexample,
    separating_functional,
)

TREES = [None, [[0, 1], [2, 3]], [[0, 1, 2], 3], [[0, 2], [1, 3]]]


def _in_span_oracle(A: np.ndarray, blocks) -> bool:
    """Independent: rank [generators | A] == rank [generators] (FLINT-certified ranks over Q)."""
    gens = []
    for blk in blocks:
        for b in itertools.product(range(A.shape[0]), repeat=len(blk)):
            g = np.zeros(A.shape, dtype=np.int64)
            for d in np.ndindex(*A.shape):
                g[d] = int(all(d[i] == x for i, x in zip(blk, b)))
            gens.append(g.ravel().tolist())
    G = np.array(gens, dtype=object).T
    GA = np.concatenate([G, A.reshape(-1, 1)], axis=1)
    return rank(G.tolist(), certify=False).rank == rank(GA.tolist(), certify=False).rank


def _blocks(tree, N):
    if tree is None:
        return [[i] for i in range(N)]
    t = PoolingTree.from_nested(tree)
    return [sorted(t.modes_under(c)) if not t.is_leaf(c) else [c] for c in t.children(t.root)]


def _net(d: dict):
    from exactnet.networks.rectifier import from_explicit_form

    return from_explicit_form(d)


small = st.lists(st.integers(-2, 2), min_size=16, max_size=16).map(lambda xs: np.array(xs).reshape(2, 2, 2, 2))


@settings(deadline=None, max_examples=25)
@given(small, st.sampled_from(TREES))
def test_decision_agrees_with_the_rank_oracle_and_certificates_check(A, tree):
    cert = average_pooling_realizability(A.tolist(), tree=tree)
    realizable = cert.kind != "not_realizable"
    assert realizable == _in_span_oracle(A, _blocks(tree, 4))
    assert cert.check().proposition.quantity == ("realizes" if realizable else "not_realizable")
    if realizable:  # every realization re-evaluated (by the kernel, and here by the library)
        d = cert.to_dict()["proposition"]["object"]["network"]
        assert d["tree"] == tree and d["operator"] == "relu-sum"
        assert _net(d).grid_tensor(method="evaluation", output=0).tolist() == A.tolist()


@settings(deadline=None, max_examples=10)
@given(st.integers(0, 10_000), st.sampled_from(TREES[1:]))
def test_every_random_average_pooling_network_is_declared_realizable(seed, tree):
    net = DeepRectifierNet.random(tree, 2, (2, 2), operator="relu-sum", seed=seed)
    cert = average_pooling_realizability(net.grid_tensor(output=0), tree=tree)
    assert cert.kind == "realizes" and cert.is_valid()


def test_projection_is_exact_and_functional_separates():
    A = np.zeros((3,) * 4, dtype=np.int64)
    for d in np.ndindex(*A.shape):
        A[d] = int(d[0] == d[2])
    P, blocks, L = average_pooling_decomposition(A.tolist(), [[0, 1], [2, 3]])
    assert blocks == [[0, 1], [2, 3]]
    Li = separating_functional(A.tolist(), [[0, 1], [2, 3]])
    assert int((Li * A).sum()) > 0
    cert = average_pooling_realizability(A.tolist(), [[0, 1], [2, 3]])
    report = cert.check()
    assert report.proposition.quantity == "not_realizable"
    assert cert.to_dict()["proposition"]["object"]["family"] == {"operator": "relu-sum", "tree": [[0, 1], [2, 3]]}
    assert "deep (tree [[0,1],[2,3]]) relu-sum" in report.sentence


def test_minimal_counterexample_by_search():
    cert = minimal_average_counterexample(2, 2)
    assert cert.to_dict()["proposition"]["object"]["target"]["entries"] == [["1", "0"], ["0", "0"]]
    assert cert.check().proposition.quantity == "not_realizable"


def _non_real():
    return average_pooling_realizability([[1, 0], [0, 1]]).to_dict()


def _obj(c):
    return c["proposition"]["object"]


@pytest.mark.parametrize("mutate, match", [
    (lambda c: c["evidence"]["functional"]["entries"][0].__setitem__(0, "2"), "L does not vanish"),
    (lambda c: c["evidence"]["functional"].__setitem__("entries", [["0", "0"], ["0", "0"]]), "L . target = 0"),
    (lambda c: _obj(c)["target"]["entries"][0].__setitem__(0, "-1"), "L . target = 0"),
    (lambda c: _obj(c)["target"].__setitem__("shape", [2, 2, 1]), "entries|shape"),
    (lambda c: _obj(c)["family"].__setitem__("tree", [[0], 1]), "list of >= 2 subtrees"),
    (lambda c: _obj(c)["family"].__setitem__("operator", "relu-max"), "operators relu-sum and linear-sum"),
    (lambda c: c["evidence"].__setitem__("argument", "some words"), "unknown field"),
    (lambda c: c.__setitem__("claim", "it is realizable"), "claim"),
])
def test_corrupted_non_realizability_is_rejected(mutate, match):
    cert = _non_real()
    check_certificate(copy.deepcopy(cert))
    mutate(cert)
    with pytest.raises(CertificateError, match=match):
        check_certificate(cert)


def test_deep_certificate_rejects_a_changed_tree():
    A = np.zeros((3,) * 4, dtype=np.int64)
    for d in np.ndindex(*A.shape):
        A[d] = int(d[0] == d[2])
    cert = average_pooling_realizability(A.tolist(), [[0, 1], [2, 3]]).to_dict()
    cert["proposition"]["object"]["family"]["tree"] = [[0, 2], [1, 3]]
    with pytest.raises(CertificateError, match="L does not vanish on the indicator of block"):
        check_certificate(cert)


def test_bad_input():
    with pytest.raises(ShapeError, match="one mode per leaf"):
        average_pooling_realizability([[1, 0], [0, 1]], tree=[[0, 1], [2, 3]])
    with pytest.raises(ShapeError, match="same size"):
        average_pooling_realizability([[1, 0, 0], [0, 1, 0]])
    with pytest.raises(InvalidArgumentError, match=r"not associative.*\(a, b, c\)"):
        average_pooling_realizability([[1, 0], [0, 3]], operator=PoolingOperator.custom("avg", lambda a, b: (a + b) / 2))
    with pytest.raises(InvalidArgumentError, match="'relu-sum'.*not 'relu-max'"):
        average_pooling_realizability([[1, 0], [0, 3]], operator="relu-max")


def test_linear_sum_is_fully_additive():
    A = np.arange(8).reshape(2, 2, 2)
    cert = average_pooling_realizability(A.tolist(), tree=[[0, 1], 2], operator="linear-sum")
    assert cert.kind == "realizes" and cert.is_valid()
    B = A.copy()
    B[1, 1, 1] += 1
    cert = average_pooling_realizability(B.tolist(), tree=[[0, 1], 2], operator="linear-sum")
    assert cert.to_dict()["proposition"]["object"]["family"] == {"operator": "linear-sum", "tree": [[0, 1], 2]}
    assert cert.is_valid()


# ---------------------------------------------------------------- the matricization-rank route
def _delta02():
    A = np.zeros((3,) * 4, dtype=np.int64)
    for d in np.ndindex(*A.shape):
        A[d] = int(d[0] == d[2])
    return A.tolist()


def test_rank_route_row_20():
    from exactnet.theorems.rectifier import average_rank_obstruction

    cert = average_rank_obstruction(_delta02(), [[0, 1], [2, 3]])
    assert cert.check().proposition.quantity == "not_realizable"
    premise = cert.to_dict()["evidence"]["premises"][0]["proposition"]
    assert premise["quantity"] == "rank" and premise["value"] == 3 and premise["object"]["matrix"]["shape"] == [9, 9]


def _rank_premise(c):
    return c["evidence"]["premises"][0]


@pytest.mark.parametrize("mutate, match", [
    (lambda c: _obj(c)["target"]["entries"][0][0][0].__setitem__(0, "5"), "does not entail"),
    (lambda c: c["evidence"]["params"]["target"]["entries"][0][0][0].__setitem__(1, "5"), "rows of one block"),
    (lambda c: c["evidence"]["params"].__setitem__("tree", [[0, 2], [1, 3]]), "rows of one block of the root"),
    (lambda c: _obj(c)["family"].__setitem__("operator", "relu-max"), "relu-sum"),
    (lambda c: _rank_premise(c)["evidence"].__setitem__("rows", [0, 1, 1]), "distinct"),
])
def test_rank_route_corrupted(mutate, match):
    from exactnet.theorems.rectifier import average_rank_obstruction

    cert = average_rank_obstruction(_delta02(), [[0, 1], [2, 3]]).to_dict()
    mutate(cert)
    with pytest.raises(CertificateError, match=match):
        check_certificate(cert)


def test_rank_route_bad_input():
    from exactnet.errors import DomainError
    from exactnet.theorems.rectifier import average_rank_obstruction

    with pytest.raises(DomainError, match="no obstruction"):
        average_rank_obstruction([[1, 0], [0, 1]], [0, 1])
    with pytest.raises(InvalidArgumentError, match="tree"):
        average_rank_obstruction([[1, 0], [0, 1]], None)
    with pytest.raises(InvalidArgumentError, match="block"):
        average_rank_obstruction(_delta02(), [[0, 1], [2, 3]], block=5)


def test_huge_realization_is_refused_with_a_way_out():
    from exactnet.errors import ResourceLimitError

    A = np.zeros((3,) * 8, dtype=np.int64)
    A[..., 0] = 1  # depends on mode 7 only: realizable, but the generic construction is wide
    with pytest.raises(ResourceLimitError, match="separating_functional"):
        average_pooling_realizability(A.tolist(), tree=[[0, 1, 2, 3, 4, 5, 6], 7])
    assert separating_functional(A.tolist(), tree=[[0, 1, 2, 3, 4, 5, 6], 7]) is None


def test_realization_with_an_invertible_relu_representation():
    from exactnet.networks.rectifier import relu_templates

    rep, F, det = relu_templates([0, 1, 2], epsilon="1/2")
    A = np.zeros((3,) * 3, dtype=np.int64)
    for d in np.ndindex(*A.shape):
        A[d] = int(d[0] == d[1]) * (d[0] + 1) - 2 * d[2]
    cert = average_pooling_realizability(A.tolist(), tree=[[0, 1], 2], representation=rep)
    assert cert.kind == "realizes" and cert.is_valid()
    d = cert.to_dict()["proposition"]["object"]["network"]
    assert d["F"] == F.tolist_str()
    assert _net(d).grid_tensor(method="evaluation", output=0).tolist() == A.tolist()
