"""The independent checker of rectifier-network certificates (exactnet.checker._rectifier)."""

from __future__ import annotations

import copy
import itertools
import json
from fractions import Fraction

import pytest
from hypothesis import given, settings

from exactnet.checker import check_certificate, known_kinds
from exactnet.checker._rectifier import parse_rectifier_network, rectifier_entry, rectifier_grid_tensor
from exactnet.errors import CertificateError, DomainError, ShapeError
from exactnet.networks import Representation
from exactnet.networks.rectifier import (
    DeepRectifierNet,
    ShallowRectifierNet,
    grid_tensor_certificate,
    realization_certificate,
)
from exactnet.tensors import PoolingTree
from exactnet.testing.rectifier import deep_rectifier_nets, shallow_rectifier_nets

F = Fraction


def _flat(G):
    return [F(x) for x in G.to_fractions().ravel()]


# ============================================================================ the checker's own evaluator
@settings(max_examples=25, deadline=None)
@given(shallow_rectifier_nets(fractional=True))
def test_checker_grid_tensor_matches_library_shallow(net):
    shape, flat = rectifier_grid_tensor(json.loads(json.dumps(net.to_dict())), "network")
    G = net.grid_tensor()
    assert shape == list(G.shape) and flat == _flat(G)


@settings(max_examples=25, deadline=None)
@given(deep_rectifier_nets(fractional=True))
def test_checker_grid_tensor_matches_library_deep(net):
    d = json.loads(json.dumps(net.to_dict()))
    shape, flat = rectifier_grid_tensor(d, "network", output=0)
    G = net.grid_tensor(output=0, method="evaluation")
    assert shape == list(G.shape) and flat == _flat(G)
    parsed = parse_rectifier_network(d, "network")
    assert parsed.num_parameters == net.num_parameters
    idx = tuple(k % net.T for k in range(net.N))
    assert rectifier_entry(parsed, idx) == G[idx]
    assert rectifier_entry(parsed, (net.Y - 1,) + idx) == net.grid_tensor()[(net.Y - 1,) + idx]


def test_rectifier_entry_refuses_bad_index():
    net = ShallowRectifierNet.random(2, 2, 1)
    parsed = parse_rectifier_network(net.to_dict(), "network")
    with pytest.raises(CertificateError, match=r"index \[0, 2\] is not a grid index"):
        rectifier_entry(parsed, (0, 2))


# ============================================================================ certificates
def _deep():
    rep = Representation.monomials([0, 1, F(1, 2)], 2)
    return DeepRectifierNet.random(PoolingTree.from_nested([[2, 0], [1, 3]]), 2, (2, 2), "relu-max", Y=2, seed=6,
                                   representation=rep)


def _shallow():
    return ShallowRectifierNet.random(3, 2, 3, "relu-sum", seed=5, shared=True)


def test_kinds_are_registered():
    assert {"rectifier-grid-tensor", "realization"} <= set(known_kinds())


@pytest.mark.parametrize("make", [_deep, _shallow])
def test_valid_certificates(make):
    net = make()
    g = grid_tensor_certificate(net, output=net.Y - 1)
    facts = check_certificate(copy.deepcopy(g)).facts
    assert facts["entries"] == net.T**net.N and facts["operator"] == net.operator.name
    r = realization_certificate(net, net.grid_tensor(output=0))
    facts = check_certificate(json.loads(json.dumps(r))).facts
    assert facts["realized"] is True and facts["num_parameters"] == net.num_parameters
    if isinstance(net, ShallowRectifierNet):
        assert facts["Z"] == net.Z
    else:
        assert facts["widths"] == list(net.widths)


def _refused(cert, field, match=None):
    with pytest.raises(CertificateError) as info:
        check_certificate(cert)
    assert info.value.field == field, (info.value.field, str(info.value))
    if match:
        assert match in str(info.value)


def test_corrupted_grid_tensor_certificates_fail():
    good = grid_tensor_certificate(_deep(), output=1)
    c = copy.deepcopy(good)
    c["tensor"]["entries"][1][2][0][1] = str(F(c["tensor"]["entries"][1][2][0][1]) + F(1, 7))
    _refused(c, "tensor.entries[1][2][0][1]", "the network's grid tensor (output 1) has")
    c = copy.deepcopy(good)
    c["network"]["leaf_weights"][0][0][0] = str(F(c["network"]["leaf_weights"][0][0][0]) + 1)
    with pytest.raises(CertificateError, match="the network's grid tensor"):
        check_certificate(c)
    c = copy.deepcopy(good)
    c["network"]["operator"] = "relu-sum" if good["network"]["operator"] != "relu-sum" else "relu-max"
    with pytest.raises(CertificateError, match="the network's grid tensor"):
        check_certificate(c)
    c = copy.deepcopy(good)
    c["network"]["operator"] = "relu-avg"
    _refused(c, "network.operator", "unknown operator 'relu-avg'")
    c = copy.deepcopy(good)
    c["tensor"]["shape"] = [3, 3, 3]
    _refused(c, "tensor.entries[0][0][0]", "must be a rational")
    c = copy.deepcopy(good)
    c["tensor"] = {"format": "exactnet.tensor", "schema_version": 1, "shape": [3, 3], "entries": [["0"] * 3] * 3}
    _refused(c, "tensor.shape", "tensor has shape [3, 3] but the network's grid tensor has shape [3, 3, 3, 3]")
    c = copy.deepcopy(good)
    c["tensor"]["entries"][0][0][0][0] = 0.5
    _refused(c, "tensor.entries[0][0][0][0]", "JSON numbers are never accepted")
    c = copy.deepcopy(good)
    c["output"] = 2
    _refused(c, "output", "output 2 does not exist")
    c = copy.deepcopy(good)
    c["network"]["kind"] = "deep-convac"
    _refused(c, "network.kind", 'must be "shallow-rectifier" or "deep-rectifier"')
    c = copy.deepcopy(good)
    c["network"]["node_weights"][0] = [["1", "2", "3"]]
    with pytest.raises(CertificateError):
        check_certificate(c)


def test_corrupted_realization_certificates_fail():
    net = _shallow()
    good = realization_certificate(net, net.grid_tensor(output=0))
    check_certificate(copy.deepcopy(good))
    c = copy.deepcopy(good)
    c["target"]["entries"][0][1][1] = str(F(c["target"]["entries"][0][1][1]) - 1)
    _refused(c, "target.entries[0][1][1]", "has")
    c = copy.deepcopy(good)
    c["Z"] = net.Z + 1
    _refused(c, "Z", f"the network has Z = {net.Z}")
    c = copy.deepcopy(good)
    c["num_parameters"] = net.num_parameters - 1
    _refused(c, "num_parameters", f"the network has {net.num_parameters} free weights")
    c = copy.deepcopy(good)
    c["claim"] = "a network realizes the target"
    _refused(c, "claim", "does not state the proved")
    c = copy.deepcopy(good)
    c["claim"] = good["claim"].replace("relu-sum", "relu-max")
    _refused(c, "claim", "does not name the operator 'relu-sum'")
    c = copy.deepcopy(good)
    c["target"]["shape"] = [2, 2]
    c["target"]["entries"] = [["0", "0"], ["0", "0"]]
    _refused(c, "target.shape", "target has shape [2, 2] but the network's grid tensor has shape [2, 2, 2]")
    c = copy.deepcopy(good)
    c["network"]["weights"][0][0][0] = 1.5
    with pytest.raises(CertificateError, match="never a JSON float") as info:
        check_certificate(c)
    assert info.value.field == "network.weights[0][0][0]"
    c = copy.deepcopy(good)
    del c["num_parameters"]
    _refused(c, "num_parameters", "missing required field")
    c = copy.deepcopy(good)
    c["conclusion"] = {"realized": True}
    _refused(c, "conclusion")


def test_deep_realization_widths():
    net = _deep()
    good = realization_certificate(net, net.grid_tensor(output=1), output=1)
    assert check_certificate(copy.deepcopy(good)).facts["widths"] == [2, 2]
    c = copy.deepcopy(good)
    c["widths"] = [2, 3]
    _refused(c, "widths", "the network has widths = [2, 2], not [2, 3]")
    c = copy.deepcopy(good)
    c["widths"] = ["2", "2"]
    _refused(c, "widths[0]", "must be a JSON integer")


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
    with pytest.raises(CertificateError, match=r"T\^N = 2\^21 = 2097152 entries"):
        rectifier_grid_tensor(net.to_dict(), "network")


def test_every_operator_every_entry_small():
    """All six operators on a fixed uneven tree: the checker's per-entry forward pass vs the library."""
    for op in ("product", "relu-max", "relu-sum", "linear-max", "linear-sum", "relu-product"):
        net = DeepRectifierNet.random(PoolingTree.from_nested([[0, 1, 2], 3]), 2, (2, 3), op, seed=11,
                                      representation=Representation.monomials([0, -1], 2))
        parsed = parse_rectifier_network(net.to_dict(), "network")
        G = net.grid_tensor(output=0)
        for d in itertools.product(range(2), repeat=4):
            assert rectifier_entry(parsed, d) == G[d]
