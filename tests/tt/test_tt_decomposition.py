"""Tensor trains: cores, dense tensor, conversion to and from HT over the caterpillar tree, TT networks, JSON."""

from __future__ import annotations

import json
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings

from exactnet.core.qarray import QArray
from exactnet.errors import FormatError, InvalidArgumentError, ResourceLimitError, ShapeError
from exactnet.networks import DeepConvAC, Representation, TTNetwork, network_from_dict, network_to_dict
from exactnet.tensors import (HTDecomposition, PoolingTree, TTDecomposition, caterpillar_tree, ht_to_tensor, ht_to_tt,
                              is_caterpillar, tt_parameter_count, tt_to_ht, tt_to_tensor)
from exactnet.testing.strategies import rationals, tt_decompositions, tt_networks


def _brute_tensor(tt: TTDecomposition) -> dict:
    """Entries by explicit matrix products with Fractions (an oracle independent of numpy reshapes)."""
    import itertools

    out = {}
    for idx in itertools.product(*[range(n) for n in tt.mode_sizes]):
        v = [Fraction(1)]
        for k, i in enumerate(idx):
            c = tt.cores[k]
            v = [sum(v[a] * c.fraction((a, i, g)) for a in range(len(v))) for g in range(c.shape[2])]
        out[idx] = v[0]
    return out


@settings(max_examples=30, deadline=None)
@given(tt_decompositions(max_modes=4, weights=rationals(max_denominator=3)))
def test_dense_tensor_matches_explicit_products(tt):
    T = tt_to_tensor(tt)
    for idx, v in _brute_tensor(tt).items():
        assert T.fraction(idx) == v


@settings(max_examples=30, deadline=None)
@given(tt_decompositions(max_modes=5))
def test_tt_equals_ht_on_the_caterpillar(tt):
    ht = tt_to_ht(tt)
    assert is_caterpillar(ht.tree)
    assert ht_to_tensor(ht, output=0) == tt_to_tensor(tt)
    back = ht_to_tt(ht)
    assert tt_to_tensor(back) == tt_to_tensor(tt)
    assert back.ranks == tuple(n * r for n, r in zip(tt.mode_sizes[1:], tt.ranks))


@settings(max_examples=20, deadline=None)
@given(tt_networks(max_modes=4, representation=True))
def test_network_routes_agree(net):
    G = net.grid_tensor()
    deep = net.to_deep_convac()
    assert deep.grid_tensor(output=0, method="evaluation") == G
    assert deep.grid_tensor(output=0, method="decomposition") == G
    T = net.representation.matrix.shape[0]
    idx = tuple(k % T for k in range(net.N))
    assert net.evaluate_templates(idx) == G.fraction(idx)


def test_ht_over_caterpillar_to_tt_keeps_the_tensor():
    tree = caterpillar_tree(4)
    net = DeepConvAC.random(tree, 2, (2, 3, 2), seed=5)
    ht = net.decomposition()
    tt = ht_to_tt(ht)
    assert tt.ranks == (2, 3, 2)
    assert tt_to_tensor(tt) == ht_to_tensor(ht, output=0)


def test_caterpillar_is_deep_and_iterative():
    t = caterpillar_tree(700)
    assert t.height == 699 and t.num_modes == 700
    assert t.modes_under(t.root)[:3] == (0, 1, 2)
    assert PoolingTree.from_nested(t.to_nested()) == t
    assert t.internal_nodes()[0] == (0, 1)


def test_parameter_count():
    tt = TTDecomposition.random(5, 3, [2, 3, 2, 1])
    assert tt.num_parameters == tt_parameter_count(5, 3, [2, 3, 2, 1]) == 1 * 3 * 2 + 2 * 3 * 3 + 3 * 3 * 2 + 2 * 3 + 3


def test_network_json_round_trip(tmp_path):
    net = TTNetwork.random(3, 2, 2, seed=3, representation=Representation.monomials(["0", "1", "1/2"], 2))
    obj = json.loads(json.dumps(network_to_dict(net)))
    assert obj["kind"] == "tt-network"
    assert network_from_dict(obj) == net
    obj["cores"][0][0][0][0] = 0.5
    with pytest.raises(FormatError, match="cores"):
        network_from_dict(obj)


def test_tt_json_round_trip():
    tt = TTDecomposition.random(4, 2, 3, seed=1)
    assert TTDecomposition.from_dict(json.loads(json.dumps(tt.to_dict()))) == tt
    bad = tt.to_dict()
    bad["ranks"] = [3, 3, 2]
    with pytest.raises(FormatError, match="ranks"):
        TTDecomposition.from_dict(bad)


# --------------------------------------------------------------------------------------- bad input
def test_bad_ranks_refused():
    with pytest.raises(InvalidArgumentError, match="ranks"):
        TTDecomposition.random(4, 2, 0)
    with pytest.raises(ShapeError, match="d-1=3"):
        TTDecomposition.random(4, 2, [1, 2])
    with pytest.raises(InvalidArgumentError, match="'d'"):
        TTDecomposition.random(1, 2, 2)


def test_bad_cores_refused():
    with pytest.raises(ShapeError, match="matching ranks"):
        TTDecomposition([np.ones((1, 2, 2), dtype=np.int64), np.ones((3, 2, 1), dtype=np.int64)])
    with pytest.raises(ShapeError, match="first core"):
        TTDecomposition([np.ones((2, 2, 2), dtype=np.int64), np.ones((2, 2, 1), dtype=np.int64)])
    with pytest.raises(ShapeError, match="3-d"):
        TTDecomposition([[[1, 2]], [[1, 2]]])
    with pytest.raises(Exception, match="float"):
        TTDecomposition([[[[0.5]]], [[[1]]]])


def test_too_large_dense_tensor_refused_with_an_estimate():
    tt = TTDecomposition.random(40, 2, 1)
    with pytest.raises(ResourceLimitError) as exc:
        tt_to_tensor(tt)
    assert "2^40" in str(exc.value) or "1099511627776" in str(exc.value) or "TiB" in str(exc.value)


def test_network_representation_mismatch_refused():
    with pytest.raises(ShapeError, match="M=3"):
        TTNetwork(TTDecomposition.random(3, 2, 2), Representation.identity(3))


def test_ht_to_tt_needs_a_caterpillar():
    ht = HTDecomposition(PoolingTree.binary(4), [[[1, 1]]] * 4, [[[1]], [[1]]], [[1]])
    with pytest.raises(InvalidArgumentError, match="caterpillar"):
        ht_to_tt(ht)
