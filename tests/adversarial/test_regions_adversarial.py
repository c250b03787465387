"""Hand-written false region certificates (version 2): every one is refused, naming the field.

The base certificate: f(x, y) = relu(x) on [-1, 1]^2 has 4 activation regions (the quadrants) and
2 linear regions (x <= 0 and x >= 0), each the union of two quadrants across the x-axis.
"""

from __future__ import annotations

import copy
import json

import pytest

from exactnet.errors import CertificateError
from exactnet.kernel import check_bytes, check_certificate

NET = {"format": "exactnet.circuit", "version": 1, "inputs": [{"dim": 2}], "nodes": [
    {"op": "input", "position": 0},
    {"op": "affine", "arg": 0, "matrix": {"shape": [2, 2], "denominator": "1", "numerators": ["1", "0", "0", "1"]},
     "bias": ["0", "0"]},
    {"op": "relu", "arg": 1},
    {"op": "affine", "arg": 2, "matrix": {"shape": [1, 2], "denominator": "1", "numerators": ["1", "0"]}, "bias": ["0"]}],
    "output": 3}
BASE = {
    "format": "exactnet.certificate", "schema_version": 2, "exactnet_version": "0.2.0",
    "proposition": {"quantity": "regions", "object": {"network": NET, "domain": {
        "type": "box", "lower": ["-1", "-1"], "upper": ["1", "1"]}}, "relation": "=", "value": [4, 2], "field": "Q"},
    "evidence": {"method": "region-tiling", "regions": [
        {"point": ["-1/2", "-1/2"], "pattern": [[0, 0]], "vertices": [["-1", "-1"], ["0", "-1"], ["0", "0"], ["-1", "0"]]},
        {"point": ["-1/2", "1/2"], "pattern": [[0, 1]], "vertices": [["0", "0"], ["0", "1"], ["-1", "1"], ["-1", "0"]]},
        {"point": ["1/2", "-1/2"], "pattern": [[1, 0]], "vertices": [["0", "-1"], ["1", "-1"], ["1", "0"], ["0", "0"]]},
        {"point": ["1/2", "1/2"], "pattern": [[1, 1]], "vertices": [["1", "0"], ["1", "1"], ["0", "1"], ["0", "0"]]}]}}


def test_the_base_certificate_is_valid():
    report = check_certificate(copy.deepcopy(BASE))
    assert report.proposition.value == (4, 2) and report.facts["status"] == "exact"
    assert report.sentence.endswith("on [-1, 1] x [-1, 1] = (4, 2) over Q")


def _set(cert: dict, path: str, value) -> None:
    keys = [int(k) if k.lstrip("-").isdigit() else k for k in path.replace("[", ".").replace("]", "").split(".")]
    obj = cert
    for k in keys[:-1]:
        obj = obj[k]
    if value is _DELETE:
        del obj[keys[-1]]
    else:
        obj[keys[-1]] = value


_DELETE = object()
EV = "evidence"
R = "evidence.regions"
CASES = [
    # wrong value / relation
    ("proposition.value", [5, 2], "proposition.value"),
    ("proposition.value", [4, 1], "proposition.value"),
    ("proposition.value", [4, 3], "proposition.value"),
    ("proposition.relation", "<=", "proposition.relation"),
    ("proposition.value", ["4", "2"], "proposition.value[0]"),
    ("proposition.value", [4.0, 2], "proposition.value[0]"),
    # another object: a different network or domain than the evidence describes
    ("proposition.object.network.nodes[1].bias", ["1", "0"], f"{R}[0].point"),
    ("proposition.object.network.nodes[1].bias", ["1/4", "0"], "proposition.object.network.nodes[1].bias[0]"),
    ("proposition.object.domain.upper", ["2", "1"], f"{R}"),
    ("proposition.object.domain.lower", ["1", "-1"], "proposition.object.domain"),
    ("proposition.object.network.nodes[2].op", "tanh", "proposition.object.network.nodes[2].op"),
    # prose that claims more
    ("claim", "exactly 5 activation regions and exactly 2 linear regions", "claim"),
    # JSON numbers / non-canonical rationals / zero or negative denominators
    (f"{R}[0].point", [-0.5, "-1/2"], f"{R}[0].point[0]"),
    (f"{R}[0].point", [-1, "-1/2"], f"{R}[0].point[0]"),
    (f"{R}[0].point", ["-2/4", "-1/2"], f"{R}[0].point[0]"),
    (f"{R}[0].point", ["-1/0", "-1/2"], f"{R}[0].point[0]"),
    (f"{R}[0].point", ["1/-2", "-1/2"], f"{R}[0].point[0]"),
    (f"{R}[0].point", ["-0", "-1/2"], f"{R}[0].point[0]"),
    (f"{R}[0].vertices[0]", ["-1/1", "-1"], f"{R}[0].vertices[0][0]"),
    ("proposition.object.network.nodes[1].matrix.denominator", "0", "proposition.object.network.nodes[1].matrix.denominator"),
    ("proposition.object.network.nodes[1].matrix.denominator", "-1", "proposition.object.network.nodes[1].matrix.denominator"),
    ("proposition.object.network.nodes[1].matrix", {"shape": [2, 2], "denominator": "2", "numerators": [
        "2", "0", "0", "2"]}, "proposition.object.network.nodes[1].matrix"),
    # kind / version confusion
    ("schema_version", 1, "schema_version"),
    ("schema_version", 3, "schema_version"),
    ("kind", "linear-regions", "kind"),
    ("proposition.quantity", "rank", "proposition.value"),
    (f"{EV}.method", "minor-adjugate", f"{EV}.method"),
    # evidence that does not prove the proposition
    (f"{R}[1].pattern", [[1, 1]], f"{EV}.regions"),
    (f"{R}[1].pattern", [[0, 0]], f"{EV}.regions"),
    (f"{R}[1].pattern", [[False, True]], f"{R}[1].pattern[0]"),
    (f"{R}[1].pattern", [[0, 1], []], f"{R}[1].pattern"),
    (f"{R}[1].point", ["-1/2", "0"], f"{R}[1].point"),
    (f"{R}[1].point", ["-1", "1/2"], f"{R}[1].point"),
    (f"{R}[1].vertices", [["0", "0"], ["0", "2"], ["-1", "2"], ["-1", "0"]], f"{R}[1].vertices[1]"),
    (f"{R}[0].vertices", [["-1", "-1"], ["1/2", "-1"], ["1/2", "0"], ["-1", "0"]], f"{R}[0].vertices[1]"),
    (f"{R}[0].vertices", [["-1", "0"], ["0", "0"], ["0", "-1"], ["-1", "-1"]], f"{R}[0].vertices"),
    (f"{R}[0].vertices", [["-1", "-1"], ["0", "-1"], ["0", "0"], ["-1", "0"]] * 2, f"{R}[0].vertices"),
    (f"{R}[0].vertices", [["-1", "-1"], ["0", "-1"], ["0", "0"]], f"{R}"),
    (f"{R}[3].vertices", [["1", "0"], ["1", "1"], ["0", "1"], ["0", "0"], ["1/2", "0"]], f"{R}[3].vertices"),
    (f"{EV}.extra", 1, f"{EV}.extra"),
    (f"{R}[0].measure", "1", f"{R}[0]"),
]


@pytest.mark.parametrize("path, value, field", CASES, ids=[f"{p}={json.dumps(v)[:30]}" for p, v, _ in CASES])
def test_forged_certificate_is_refused_naming_the_field(path, value, field):
    cert = copy.deepcopy(BASE)
    _set(cert, path, value)
    with pytest.raises(CertificateError) as info:
        check_certificate(cert)
    assert info.value.field == field, str(info.value)


def test_the_kernel_joins_neighbours_with_one_map_itself():
    cert = copy.deepcopy(BASE)
    cert["proposition"]["object"]["network"]["nodes"][3]["matrix"]["numerators"] = ["0", "0"]  # f = 0
    with pytest.raises(CertificateError, match=r"= \(4, 1\) over Q\", which does not entail") as info:
        check_certificate(cert)   # truly 1 linear region
    assert info.value.field == "proposition.value"
    cert["proposition"]["object"]["network"]["nodes"][3]["matrix"]["numerators"] = ["1", "1"]  # f = relu(x) + relu(y)
    cert["proposition"]["value"] = [4, 4]   # four maps: 0, x, y, x + y
    assert check_certificate(cert).proposition.value == (4, 4)


def test_duplicate_keys_are_refused():
    text = json.dumps(BASE).replace('"relation": "="', '"relation": "=", "relation": "="')
    with pytest.raises(CertificateError, match="duplicate key"):
        check_bytes(text)


def test_a_one_dimensional_forgery():
    net = {"format": "exactnet.circuit", "version": 1, "inputs": [{"dim": 1}], "nodes": [
        {"op": "input", "position": 0}, {"op": "leaky_relu", "arg": 0, "slope": "-1"}], "output": 1}   # |x|
    cert = {"format": "exactnet.certificate", "schema_version": 2, "exactnet_version": "0.2.0",
            "proposition": {"quantity": "regions", "object": {"network": net, "domain": {
                "type": "box", "lower": ["-1"], "upper": ["1"]}}, "relation": "=", "value": [2, 2], "field": "Q"},
            "evidence": {"method": "region-tiling", "regions": [
                {"point": ["-1/2"], "pattern": [[0]], "vertices": [["-1"], ["0"]]},
                {"point": ["1/2"], "pattern": [[1]], "vertices": [["0"], ["1"]]}]}}
    assert check_certificate(copy.deepcopy(cert)).proposition.value == (2, 2)
    cert["evidence"]["regions"][1]["vertices"] = [["0"], ["2"]]
    with pytest.raises(CertificateError) as info:
        check_certificate(cert)
    assert info.value.field == "evidence.regions[1].vertices[1]"
