"""The rectifier propositions of exactnet/kernel/rectifier.py: acceptance, rejection, robustness."""

from __future__ import annotations

import copy
import json
from fractions import Fraction

import pytest
from hypothesis import given, settings, strategies as st

from exactnet.certificates import Certificate
from exactnet.checker import check_certificate
from exactnet.kernel.propositions import QUANTITIES
from exactnet.kernel.rectifier import Layout, box_values
from exactnet.errors import CertificateError
from exactnet.networks.rectifier import DeepRectifierNet, ShallowRectifierNet
from exactnet.theorems.rectifier import (
    network_layout,
    rectifier_matrix_rank_certificate,
    relu_representation_certificate,
)

OPS = ["product", "relu-max", "relu-sum", "linear-max", "linear-sum", "relu-product"]


def _grid(layout: dict) -> dict:
    """The kernel's interval evaluation over a box (point weights: one-point intervals), output channel 0."""
    net = Layout(layout, box=True)
    return {d: v[0] for d, v in box_values(net)[net.root].items()}


def test_quantities_are_registered():
    for q in ("realizes", "not_realizable", "box_realizes", "shallow_collapse", "max_pool_term_rank",
              "max_pool_shallow_rank", "grid_tensor_rank", "max_pool_width_needed", "representation_det",
              "universal", "pooling_comparison"):
        assert q in QUANTITIES


@settings(deadline=None, max_examples=20)
@given(st.sampled_from(OPS), st.integers(0, 1000), st.sampled_from([4, [[0, 1, 2], 3], [[0, 2], [1, 3]]]))
def test_interval_evaluator_with_point_weights_equals_the_library(op, seed, tree):
    """Independent oracle: C's DeepRectifierNet (decomposition route) vs the checker's own interval evaluator."""
    net = DeepRectifierNet.random(tree, 2, (2, 2), operator=op, seed=seed)
    layout = json.loads(json.dumps(network_layout(net)))
    grid = _grid(layout)
    A = net.grid_tensor(output=0)
    for d, (lo, hi) in grid.items():
        assert lo == hi == A[d]


@settings(deadline=None, max_examples=10)
@given(st.sampled_from(OPS), st.integers(0, 1000))
def test_interval_evaluator_shallow(op, seed):
    net = ShallowRectifierNet.random(3, 2, 2, operator=op, seed=seed)
    grid = _grid(json.loads(json.dumps(network_layout(net))))
    A = net.grid_tensor(output=0)
    assert all(lo == hi == A[d] for d, (lo, hi) in grid.items())


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
    bad["proposition"]["object"]["tensor"]["grid_tensor"] = network_layout(other)
    with pytest.raises(CertificateError, match="singular|does not prove"):
        check_certificate(bad)


def test_relu_representation_row_22():
    from exactnet.kernel.rectifier import relu_features

    cert = relu_representation_certificate([0, 1, 2], "1/2")
    assert cert.check().proposition.value == Fraction(1, 8)
    F = relu_features([[Fraction(1)]] * 3, [Fraction(1, 2), Fraction(-1, 2), Fraction(-3, 2)],
                      [[Fraction(t)] for t in range(3)])
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
@given(st.sampled_from(OPS), st.integers(0, 1000), st.integers(1, 99))
def test_interval_evaluator_encloses_every_point_of_the_box(op, seed, frac):
    """Soundness: C's exact network at a point inside the box lies in the checker's output interval."""
    net = DeepRectifierNet.random(4, 2, (2, 2), operator=op, seed=seed)
    layout = json.loads(json.dumps(network_layout(net)))
    t = Fraction(frac, 100)

    def widen(m):
        return [[{"open": [str(Fraction(x) - 1), str(Fraction(x) + 1)]} for x in row] for row in m]

    box = dict(layout, leaf_weights=[widen(m) for m in layout["leaf_weights"]],
               node_weights=[widen(m) for m in layout["node_weights"]], output_weights=widen(layout["output_weights"]))
    grid = _grid(box)

    def shift(m):
        return [[Fraction(x) - 1 + 2 * t for x in row] for row in m]

    point = DeepRectifierNet(net.tree, net.representation, [shift(m) for m in layout["leaf_weights"]],
                             [shift(m) for m in layout["node_weights"]], shift(layout["output_weights"]), op)
    A = point.grid_tensor(output=0)
    for d, (lo, hi) in grid.items():
        assert lo <= A[d] <= hi
