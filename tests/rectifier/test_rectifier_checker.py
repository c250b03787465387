"""The kernel's checks of rectifier-network certificates (exactnet.kernel.rectifier): grid tensors and realizations."""

from __future__ import annotations

import copy
import itertools
import json
from fractions import Fraction

import pytest
from hypothesis import given, settings

from exactnet.checker import check_certificate
from exactnet.errors import CertificateError, DomainError, ShapeError
from exactnet.kernel.rectifier import Layout, grid_tensor, layout_circuit
from exactnet.networks import Representation
from exactnet.networks.rectifier import (
    DeepRectifierNet,
    ShallowRectifierNet,
    explicit_form,
    grid_tensor_certificate,
    realization_certificate,
)
from exactnet.tensors import PoolingTree
from exactnet.testing.rectifier import deep_rectifier_nets, shallow_rectifier_nets

F = Fraction


def _kernel_grid(net, output=0):
    return grid_tensor(Layout(json.loads(json.dumps(explicit_form(net, output)))))


# ============================================================================ the kernel's evaluation (circuit)
@settings(max_examples=25, deadline=None)
@given(shallow_rectifier_nets(fractional=True))
def test_kernel_grid_tensor_matches_library_shallow(net):
    G = net.grid_tensor(output=net.Y - 1)
    assert _kernel_grid(net, net.Y - 1).tolist() == G.to_fractions().tolist()


@settings(max_examples=25, deadline=None)
@given(deep_rectifier_nets(fractional=True))
def test_kernel_grid_tensor_matches_library_deep(net):
    G = net.grid_tensor(output=0, method="evaluation")
    assert _kernel_grid(net).tolist() == G.to_fractions().tolist()


def test_every_operator_every_entry_small():
    """All six operators on a fixed uneven tree: the kernel's circuit evaluation vs the library."""
    for op in ("product", "relu-max", "relu-sum", "linear-max", "linear-sum", "relu-product"):
        net = DeepRectifierNet.random(PoolingTree.from_nested([[0, 1, 2], 3]), 2, (2, 3), op, seed=11,
                                      representation=Representation.monomials([0, -1], 2))
        K, G = _kernel_grid(net), net.grid_tensor(output=0)
        for d in itertools.product(range(2), repeat=4):
            assert K[d] == G[d]


# ============================================================================ certificates
def _deep():
    rep = Representation.monomials([0, 1, F(1, 2)], 2)
    return DeepRectifierNet.random(PoolingTree.from_nested([[2, 0], [1, 3]]), 2, (2, 2), "relu-max", Y=2, seed=6,
                                   representation=rep)


def _shallow():
    return ShallowRectifierNet.random(3, 2, 3, "relu-sum", seed=5, shared=True)


@pytest.mark.parametrize("make", [_deep, _shallow])
def test_valid_certificates(make):
    net = make()
    g = grid_tensor_certificate(net, output=net.Y - 1)
    report = check_certificate(copy.deepcopy(g))
    assert report.verdict == "valid" and report.proposition.quantity == "realizes"
    assert f"{net.operator.name} network with widths {list(net.widths)}" in report.sentence
    r = realization_certificate(net, net.grid_tensor(output=0))
    assert check_certificate(json.loads(json.dumps(r))).verdict == "valid"
    assert r["proposition"]["object"]["network"]["output_weights"] == [net.output_weights.tolist_str()[0]]


def _refused(cert, field, match=None):
    with pytest.raises(CertificateError) as info:
        check_certificate(cert)
    assert info.value.field == field, (info.value.field, str(info.value))
    if match:
        assert match in str(info.value)


def test_corrupted_grid_tensor_certificates_fail():
    good = grid_tensor_certificate(_deep(), output=1)
    obj = "proposition.object"
    c = copy.deepcopy(good)
    e = c["proposition"]["object"]["target"]["entries"]
    e[1][2][0][1] = str(F(e[1][2][0][1]) + F(1, 7))
    _refused(c, f"{obj}.target.entries[1][2][0][1]", "the network's grid tensor has")
    c = copy.deepcopy(good)
    w = c["proposition"]["object"]["network"]["leaf_weights"][0][0]
    w[0] = str(F(w[0]) + 1)
    with pytest.raises(CertificateError, match="the network's grid tensor"):
        check_certificate(c)
    c = copy.deepcopy(good)
    c["proposition"]["object"]["network"]["operator"] = "relu-sum"
    with pytest.raises(CertificateError, match="the network's grid tensor"):
        check_certificate(c)
    c = copy.deepcopy(good)
    c["proposition"]["object"]["network"]["operator"] = "relu-avg"
    _refused(c, f"{obj}.network.operator", "unknown operator 'relu-avg'")
    c = copy.deepcopy(good)
    c["proposition"]["object"]["target"]["shape"] = [3, 3, 3]
    _refused(c, f"{obj}.target.entries", "must be nested lists of the shape [3, 3, 3]")
    c = copy.deepcopy(good)
    c["proposition"]["object"]["target"] = {"shape": [3, 3], "entries": [["0"] * 3] * 3}
    _refused(c, f"{obj}.target.shape", "must have the shape [3, 3, 3, 3] of the network's grid tensor")
    c = copy.deepcopy(good)
    c["proposition"]["object"]["target"]["entries"][0][0][0][0] = 0.5
    _refused(c, f"{obj}.target.entries[0][0][0][0]", "rational")
    c = copy.deepcopy(good)
    c["proposition"]["object"]["network"]["kind"] = "deep-rectifier"
    _refused(c, f"{obj}.network", "explicit form")
    c = copy.deepcopy(good)
    c["proposition"]["object"]["network"]["node_weights"][0] = [["1", "2", "3"]]
    with pytest.raises(CertificateError):
        check_certificate(c)


def test_corrupted_realization_certificates_fail():
    net = _shallow()
    good = realization_certificate(net, net.grid_tensor(output=0))
    check_certificate(copy.deepcopy(good))
    obj = "proposition.object"
    c = copy.deepcopy(good)
    e = c["proposition"]["object"]["target"]["entries"]
    e[0][1][1] = str(F(e[0][1][1]) - 1)
    _refused(c, f"{obj}.target.entries[0][1][1]", "has")
    c = copy.deepcopy(good)
    c["proposition"]["object"]["Z"] = net.Z + 1  # a size stated beside the network is refused, never trusted
    _refused(c, f"{obj}.Z", "unknown field")
    c = copy.deepcopy(good)
    c["claim"] = "a network realizes the target"
    _refused(c, "claim", "must be the rendering")
    c = copy.deepcopy(good)
    c["claim"] = check_certificate(good).sentence.replace("relu-sum", "relu-max")
    _refused(c, "claim", "must be the rendering")
    c = copy.deepcopy(good)
    c["proposition"]["object"]["target"] = {"shape": [2, 2], "entries": [["0", "0"], ["0", "0"]]}
    _refused(c, f"{obj}.target.shape", "must have the shape [2, 2, 2] of the network's grid tensor")
    c = copy.deepcopy(good)
    c["proposition"]["object"]["network"]["leaf_weights"][0][0][0] = 1.5
    with pytest.raises(CertificateError, match="rational") as info:
        check_certificate(c)
    assert info.value.field == f"{obj}.network.leaf_weights[0][0][0]"
    c = copy.deepcopy(good)
    del c["proposition"]["object"]["target"]
    _refused(c, f"{obj}.target", "missing required field")
    c = copy.deepcopy(good)
    c["conclusion"] = {"realized": True}
    _refused(c, "conclusion")


def test_deep_realization_of_another_output():
    net = _deep()
    good = realization_certificate(net, net.grid_tensor(output=1), output=1)
    assert "widths [2, 2]" in check_certificate(copy.deepcopy(good)).sentence
    c = copy.deepcopy(good)  # the target of output 1 with the output row of output 0
    c["proposition"]["object"]["network"]["output_weights"] = [net.output_weights.tolist_str()[0]]
    with pytest.raises(CertificateError, match="the network's grid tensor"):
        check_certificate(c)


def test_library_refuses_a_false_realization_and_a_wrong_shape():
    net = _shallow()
    T = net.grid_tensor(output=0)
    wrong = T.tolist()
    wrong[0][0][0] += 1
    with pytest.raises(DomainError, match=r"does not realize the target: at index \[0, 0, 0\]"):
        realization_certificate(net, wrong)
    with pytest.raises(ShapeError, match=r"Argument 'target' must have shape \(2, 2, 2\)"):
        realization_certificate(net, [[1, 2], [3, 4]])


def test_size_limit():
    net = ShallowRectifierNet.random(21, 2, 1, "relu-max", shared=True)
    with pytest.raises(CertificateError, match=r"T\^N = 2\^21 entries"):
        Layout(explicit_form(net))
