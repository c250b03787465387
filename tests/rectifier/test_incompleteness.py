"""Incompleteness: an open box of deep weights gives the zero function, verified by interval arithmetic."""

from __future__ import annotations

import copy
import random
from fractions import Fraction

import numpy as np
import pytest

from exactnet.checker import check_certificate
from exactnet.errors import CertificateError, InvalidArgumentError
from exactnet.networks import Representation
from exactnet.networks.rectifier import DeepRectifierNet
from exactnet.tensors import PoolingTree
from exactnet.theorems.rectifier import incompleteness_certificate


@pytest.mark.parametrize("N, M, ws, op", [(4, 2, (2, 2), "relu-max"), (8, 2, (2, 2, 2), "relu-max"),
                                          (4, 3, (3, 2), "relu-sum")])
def test_box_certificate(N, M, ws, op):
    cert = incompleteness_certificate(N, M, ws, operator=op)
    report = cert.check()
    assert report.proposition.quantity == "box_realizes" and "an open box of positive measure" in report.sentence
    target = cert.to_dict()["proposition"]["object"]["target"]
    assert set(np.array(target["entries"]).ravel()) == {"0"}


def test_points_sampled_from_the_box_give_zero():
    """Independent oracle: C's exact networks at random rational points inside the open box."""
    cert = incompleteness_certificate(4, 2, (2, 3)).to_dict()
    rng = random.Random(7)

    def pick(x):
        lo, hi = (Fraction(v) for v in x["open"])
        return lo + (hi - lo) * Fraction(rng.randint(1, 99), 100)

    layout = cert["proposition"]["object"]["box"]
    for _ in range(5):
        leaves = [[[pick(x) for x in row] for row in m] for m in layout["leaf_weights"]]
        nodes = [[[pick(x) for x in row] for row in m] for m in layout["node_weights"]]
        out = [[pick(x) for x in row] for row in layout["output_weights"]]
        net = DeepRectifierNet(PoolingTree.binary(4), Representation.identity(2), leaves, nodes, out, "relu-max")
        assert all(x == 0 for x in net.grid_tensor(method="evaluation", output=0).to_fractions().flat)


def _box(c):
    return c["proposition"]["object"]["box"]


@pytest.mark.parametrize("mutate, match", [
    (lambda c: _box(c)["node_weights"][0][0].__setitem__(0, {"open": ["-1", "1"]}), "not all provably dead"),
    (lambda c: c["proposition"]["object"]["target"]["entries"][0][0][0].__setitem__(0, "1"), "zero over the box"),
    (lambda c: _box(c)["node_weights"][0][0].__setitem__(0, {"open": ["-1", "-2"]}), "lo < hi"),
    (lambda c: c.__setitem__("claim", "every weight setting in an open box of positive measure gives 0"),
     "must be the rendering"),
    (lambda c: c["evidence"].__setitem__("argument", "trust me"), "unknown field"),
    (lambda c: _box(c)["node_weights"].pop(), "matrices"),
    (lambda c: _box(c)["leaf_weights"][0][0].__setitem__(0, 0.5), "rational"),
])
def test_corrupted_box_is_rejected(mutate, match):
    cert = incompleteness_certificate(4, 2).to_dict()
    check_certificate(copy.deepcopy(cert))
    mutate(cert)
    with pytest.raises(CertificateError, match=match):
        check_certificate(cert)


def test_measure_zero_box_is_stated_so():
    cert = incompleteness_certificate(4, 2).to_dict()
    _box(cert)["leaf_weights"][0][0] = ["1", "0"]  # two point weights: the box has measure zero
    sentence = check_certificate(cert).sentence
    assert "24 of 26 weights free" in sentence and "positive measure" not in sentence


def test_bad_input():
    with pytest.raises(InvalidArgumentError, match="N' must be a power of 2 >= 4"):
        incompleteness_certificate(2, 2)
    with pytest.raises(InvalidArgumentError, match="N' must be a power of 2 >= 4"):
        incompleteness_certificate(3, 2)  # input 2 would bypass conv layer 1
    with pytest.raises(InvalidArgumentError, match="widths"):
        incompleteness_certificate(4, 2, (2,))
    with pytest.raises(InvalidArgumentError, match="'relu-max' or 'relu-sum'"):
        incompleteness_certificate(4, 2, operator="product")


# ---------------------------------------------------------------- a non-zero positive-measure witness
from exactnet.theorems.rectifier import shallow_collapse_certificate  # noqa: E402
from exactnet.networks.rectifier import ShallowRectifierNet  # noqa: E402


@pytest.mark.parametrize("N, M, ws, op", [(4, 2, (2, 2), "relu-max"), (8, 2, (2, 2, 2), "relu-sum"),
                                          (4, 3, (3, 2), "relu-max")])
def test_collapse_against_an_explicit_shallow_network(N, M, ws, op):
    """Independent oracle: at random points of the box, C's deep network equals C's shallow Z = 1 network."""
    cert = shallow_collapse_certificate(N, M, ws, operator=op)
    assert "positive measure" in cert.check().sentence
    layout = cert.to_dict()["proposition"]["object"]["box"]
    rng = random.Random(N * 10 + M)
    tree = PoolingTree.binary(N)

    def pick(x):
        lo, hi = (Fraction(v) for v in x["open"])
        return lo + (hi - lo) * Fraction(rng.randint(1, 99), 100)

    for _ in range(3):
        leaves = [[[pick(x) for x in row] for row in m] for m in layout["leaf_weights"]]
        nodes = [[[pick(x) for x in row] for row in m] for m in layout["node_weights"]]
        out = [[pick(x) for x in row] for row in layout["output_weights"]]
        deep = DeepRectifierNet(tree, Representation.identity(M), leaves, nodes, out, op)
        index = {v: k for k, v in enumerate(tree.internal_nodes())}
        shallow_w = []
        for i in range(N):
            c = Fraction(1)
            v = tree.parent(i)
            while v != tree.root:
                c *= nodes[index[v]][0][0]
                v = tree.parent(v)
            shallow_w.append([[c * a for a in leaves[i][0]]])
        shallow = ShallowRectifierNet(Representation.identity(M), shallow_w, [[out[0][0]]], op)
        A = deep.grid_tensor(output=0)
        assert A == shallow.grid_tensor(output=0)
        assert any(x != 0 for x in A.to_fractions().flat)


@pytest.mark.parametrize("mutate, match", [
    (lambda c: _box(c)["node_weights"][0][0].__setitem__(0, {"open": ["-1", "2"]}), "not >= 0"),
    (lambda c: _box(c)["leaf_weights"][0][1].__setitem__(0, {"open": ["-1", "1"]}), "not provably dead"),
    (lambda c: _box(c)["node_weights"][0][1].__setitem__(0, {"open": ["1", "2"]}), "not provably dead"),
    (lambda c: c["evidence"].__setitem__("argument", "relu-max"), "unknown field"),
    (lambda c: _box(c).__setitem__("operator", "product"), "ReLU with max or sum"),
])
def test_corrupted_collapse_is_rejected(mutate, match):
    cert = shallow_collapse_certificate(4, 2).to_dict()
    check_certificate(copy.deepcopy(cert))
    mutate(cert)
    with pytest.raises(CertificateError, match=match):
        check_certificate(cert)
