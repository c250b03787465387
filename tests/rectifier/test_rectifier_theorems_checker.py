"""The rectifier propositions of exactnet/kernel/rectifier.py: acceptance, rejection, robustness."""

from __future__ import annotations

import copy
import json

import numpy as np
from fractions import Fraction

import pytest
from hypothesis import given, settings, strategies as st

from exactnet.certificates import Certificate
from exactnet.checker import check_certificate
from exactnet.kernel.propositions import QUANTITIES
from exactnet.kernel.rectifier import Layout, grid_tensor, layout_circuit
from exactnet.networks.circuits import to_circuit
from exactnet.networks.rectifier import from_explicit_form
from exactnet.errors import CertificateError
from exactnet.networks.rectifier import DeepRectifierNet, ShallowRectifierNet
from exactnet.theorems.rectifier import (
    network_layout,
    rectifier_matrix_rank_certificate,
    relu_representation_certificate,
)

OPS = ["product", "relu-max", "relu-sum", "linear-max", "linear-sum", "relu-product"]


def test_quantities_are_registered():
    for q in ("realizes", "not_realizable", "box_realizes", "shallow_collapse", "max_pool_term_rank",
              "max_pool_shallow_rank", "max_pool_width_needed", "representation_det",
              "universal", "pooling_comparison"):
        assert q in QUANTITIES


@settings(deadline=None, max_examples=20)
@given(st.sampled_from(OPS), st.integers(0, 1000), st.sampled_from([4, [[0, 1, 2], 3], [[0, 2], [1, 3]]]))
def test_kernel_circuit_of_a_network_equals_the_library(op, seed, tree):
    """Independent oracle: the library's grid tensor (decomposition route) vs the kernel's circuit of the explicit
    form, evaluated by the one evaluator; the kernel's circuit is the one networks/circuits.py exports."""
    net = DeepRectifierNet.random(tree, 2, (2, 2), operator=op, seed=seed)
    layout = json.loads(json.dumps(network_layout(net)))
    A, K = net.grid_tensor(output=0), grid_tensor(Layout(layout))
    assert all(K[d] == A[d] for d in np.ndindex(*K.shape))
    assert layout_circuit(Layout(layout)) == to_circuit(from_explicit_form(layout)).source


@settings(deadline=None, max_examples=10)
@given(st.sampled_from(OPS), st.integers(0, 1000))
def test_kernel_circuit_shallow(op, seed):
    net = ShallowRectifierNet.random(3, 2, 2, operator=op, seed=seed)
    K, A = grid_tensor(Layout(json.loads(json.dumps(network_layout(net))))), net.grid_tensor(output=0)
    assert all(K[d] == A[d] for d in np.ndindex(*K.shape))


def test_rectifier_matrix_rank_accepts_and_rejects():
    net = DeepRectifierNet.random(4, 3, (3, 3), operator="relu-sum", seed=1)
    cert = rectifier_matrix_rank_certificate(net, "low-high").to_dict()
    report = check_certificate(copy.deepcopy(cert))
    assert report.proposition.value == 2 and report.sentence.endswith("= 2 over Q")
    bad = copy.deepcopy(cert)
    bad["claim"] = report.sentence.replace("= 2 over", "= 3 over")
    with pytest.raises(CertificateError, match="claim"):
        check_certificate(bad)
    bad = copy.deepcopy(cert)  # the evidence of this network's matricization for another network's
    other = DeepRectifierNet.random(4, 3, (3, 3), operator="relu-max", seed=2)
    bad["proposition"]["object"]["circuit"] = to_circuit(other).source
    with pytest.raises(CertificateError, match="singular|does not prove|factor"):
        check_certificate(bad)


def test_relu_representation_row_22():
    from exactnet.kernel.rectifier import _parse_rep

    cert = relu_representation_certificate([0, 1, 2], "1/2")
    assert cert.check().proposition.value == Fraction(1, 8)
    F = _parse_rep(cert.to_dict()["proposition"]["object"], "object")[1]
    assert F == [[Fraction(1, 2), 0, 0], [Fraction(3, 2), Fraction(1, 2), 0], [Fraction(5, 2), Fraction(3, 2), Fraction(1, 2)]]
    d = cert.to_dict()
    d["proposition"]["value"] = "1/4"
    with pytest.raises(CertificateError, match="= 1/8 over Q"):
        check_certificate(d)
    d = cert.to_dict()
    d["proposition"]["object"]["representation"]["biases"][0] = "1"
    with pytest.raises(CertificateError, match="does not entail"):
        check_certificate(d)


def test_unknown_operator_and_bad_json():
    from exactnet.theorems.rectifier import incompleteness_certificate

    cert = incompleteness_certificate(4, 2).to_dict()
    cert["proposition"]["object"]["box"]["operator"] = "relu-avg"
    with pytest.raises(CertificateError, match="unknown operator"):
        check_certificate(cert)
    cert = incompleteness_certificate(4, 2).to_dict()
    cert["proposition"]["object"]["box"]["F"] = [["1", "0"], ["0"]]
    with pytest.raises(CertificateError, match="row 1 must have 2 entries"):
        check_certificate(cert)
    cert = incompleteness_certificate(4, 2).to_dict()
    cert["proposition"]["object"]["box"]["leaf_weights"][0] = [[{"closed": ["0", "1"]}, "0"]] * 2
    with pytest.raises(CertificateError, match="open"):
        check_certificate(cert)


def test_a_conclusion_is_refused():
    cert = relu_representation_certificate().to_dict()
    cert["conclusion"] = {"det": "1/8"}
    with pytest.raises(CertificateError, match="unknown field"):
        check_certificate(cert)


def test_certificates_round_trip_through_json(tmp_path):
    from exactnet.theorems.rectifier import average_pooling_realizability

    cert = average_pooling_realizability([[1, 0], [0, 1]])
    path = cert.save(tmp_path / "c.json.gz")
    assert Certificate.load(path).check().proposition.quantity == "not_realizable"


@settings(deadline=None, max_examples=15)
@given(st.sampled_from(["relu-max", "relu-sum"]), st.integers(1, 99), st.integers(0, 10 ** 6))
def test_dead_channels_hold_at_every_point_of_the_box(op, frac, seed):
    """Soundness of the sign reasoning: at points drawn inside a box the kernel accepted, the library's exact network
    has the zero grid tensor (box_realizes)."""
    import random

    from exactnet.tensors import PoolingTree
    from exactnet.networks import Representation
    from exactnet.theorems.rectifier import incompleteness_certificate

    cert = incompleteness_certificate(4, 2, operator=op)
    cert.check()
    box, rnd = cert.to_dict()["proposition"]["object"]["box"], random.Random(seed)

    def point(m):
        return [[Fraction(w["open"][0]) + (Fraction(w["open"][1]) - Fraction(w["open"][0])) * Fraction(
            rnd.randint(1, 99) * frac, 100 * 100) for w in row] for row in m]

    net = DeepRectifierNet(PoolingTree.from_nested(box["tree"]), Representation.identity(2),
                           [point(m) for m in box["leaf_weights"]], [point(m) for m in box["node_weights"]],
                           point(box["output_weights"]), op)
    A = net.grid_tensor(output=0)
    assert all(A[d] == 0 for d in np.ndindex(*A.shape))
