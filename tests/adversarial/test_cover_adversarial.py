"""Hand-written false certificates for the region-cover method, the activation_regions quantity and the
conjunction rule (version 2): every one is refused, naming the field.

The base cover certificate (the example of docs/formats/regions.md): f(x) = relu(relu(x0) + relu(x0 - 2)) on
[-1, 1]^3 has 2 activation regions (x0 < 0 and x0 > 0) with distinct maps; the unit x0 - 2 is never on and the
second layer's bit equals the first unit's, which the four excluded partial patterns prove with Farkas
multipliers (rows 0-5: the box, 6-7: the first layer's units, 8: the second layer's unit).
"""

from __future__ import annotations

import copy
import json

import pytest

from exactnet.checker import check_certificate as check_any
from exactnet.checker import check_file
from exactnet.errors import CertificateError
from exactnet.kernel import check_bytes, check_certificate

NET = {"format": "exactnet.circuit", "version": 1, "inputs": [{"dim": 3}], "nodes": [
    {"op": "input", "position": 0},
    {"op": "affine", "arg": 0, "matrix": {"shape": [2, 3], "denominator": "1", "numerators": ["1", "0", "0", "1", "0", "0"]},
     "bias": ["0", "-2"]},
    {"op": "relu", "arg": 1},
    {"op": "affine", "arg": 2, "matrix": {"shape": [1, 2], "denominator": "1", "numerators": ["1", "1"]}, "bias": ["0"]},
    {"op": "relu", "arg": 3}], "output": 4}
BASE = {
    "format": "exactnet.certificate", "schema_version": 2, "exactnet_version": "0.2.0",
    "proposition": {"quantity": "regions", "object": {"network": NET, "domain": {
        "type": "box", "lower": ["-1", "-1", "-1"], "upper": ["1", "1", "1"]}}, "relation": "=", "value": [2, 2],
        "field": "Q"},
    "evidence": {"method": "region-cover", "regions": [
        {"point": ["-1/2", "-1/2", "-1/2"], "pattern": [[0, 0], [0]]},
        {"point": ["1/2", "-1/2", "-1/2"], "pattern": [[1, 0], [1]]}],
        "excluded": [{"pattern": [[0, 1]], "farkas": [[6, "1/2"], [7, "1/2"]]},
                     {"pattern": [[0, 0], [1]], "farkas": [[8, "1"]]},
                     {"pattern": [[1, 1]], "farkas": [[0, "1/2"], [7, "1/2"]]},
                     {"pattern": [[1, 0], [0]], "farkas": [[6, "1/2"], [8, "1/2"]]}]}}


def test_the_base_certificates_are_valid():
    report = check_certificate(copy.deepcopy(BASE))
    assert report.proposition.value == (2, 2) and report.facts["status"] == "exact"
    act = copy.deepcopy(BASE)
    act["proposition"].update(quantity="activation_regions", value=2)
    assert check_certificate(act).sentence.startswith("the number of activation regions of the piecewise-linear")
    act["proposition"].update(relation=">=", value=1)  # weaker statements follow
    assert check_certificate(act).facts["status"] == "lower-bound"
    pts = copy.deepcopy(BASE)
    del pts["evidence"]["excluded"]
    pts["evidence"]["method"] = "region-points"
    pts["proposition"]["relation"] = ">="
    assert check_certificate(pts).proposition.value == (2, 2)


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
X = "evidence.excluded"
CASES = [
    # wrong count / relation
    ("proposition.value", [3, 2], "proposition.value"),
    ("proposition.value", [2, 3], "proposition.value"),
    ("proposition.value", 2, "proposition.value"),
    ("proposition.relation", "<=", "proposition.relation"),
    ("proposition.quantity", "activation_regions", "proposition.value"),
    # a point outside its region or the domain
    (f"{R}[0].point", ["1/2", "-1/2", "-1/2"], f"{R}[0].point"),
    (f"{R}[0].point", ["0", "-1/2", "-1/2"], f"{R}[0].point"),
    (f"{R}[0].point", ["-2", "0", "0"], f"{R}[0].point"),
    (f"{R}[1].point", ["1/2", "1", "0"], f"{R}[1].point"),
    # a Farkas vector that does not certify infeasibility
    (f"{X}[0].farkas", [[6, "1"], [7, "1/2"]], f"{X}[0].farkas"),
    (f"{X}[0].farkas", [[6, "1/2"]], f"{X}[0].farkas"),
    (f"{X}[2].farkas", [[1, "1/2"], [7, "1/2"]], f"{X}[2].farkas"),
    (f"{X}[0].farkas", [[7, "1/2"], [6, "1/2"]], f"{X}[0].farkas"),
    (f"{X}[0].farkas", [[6, "1/2"], [8, "1/2"]], f"{X}[0].farkas"),
    (f"{X}[0].farkas", [], f"{X}[0].farkas"),
    (f"{X}[0].farkas", [[6, "1/2"], [7, "-1/2"]], f"{X}[0].farkas[1]"),
    (f"{X}[0].farkas", [[6, "1/2"], [7, "0"]], f"{X}[0].farkas[1]"),
    (f"{X}[0].farkas", [[6, "1/2", "x"]], f"{X}[0].farkas"),
    # an excluded pattern that is not a complete prefix code with the listed ones
    (X, [], X),
    (f"{X}[3]", _DELETE, X),
    (f"{X}[0].pattern", [[1, 1]], f"{X}[2].pattern"),
    (f"{X}[0].pattern", [[0]], f"{R}[0].pattern"),
    (f"{X}[0].pattern", [[0, 1, 1]], f"{X}[0].pattern"),
    (f"{X}[0].pattern", [[0], [1]], f"{X}[0].pattern"),
    (f"{X}[0].pattern", [[0, 2]], f"{X}[0].pattern[0]"),
    (f"{X}[0].pattern", [[0, True]], f"{X}[0].pattern[0]"),
    (f"{X}[0].pattern", "01", f"{X}[0].pattern"),
    (f"{X}[0].extra", 1, X),
    (f"{R}[1].pattern", [[0, 0], [0]], f"{R}"),
    # a domain or network other than the conclusion's
    ("proposition.object.domain.upper", ["3", "1", "1"], f"{X}[2].farkas"),
    ("proposition.object.domain.lower", ["1/4", "-1", "-1"], f"{R}[0].point"),
    ("proposition.object.network.nodes[1].bias", ["0", "-1/2"], "proposition.object.network.nodes[1].bias[1]"),
    ("proposition.object.network.nodes[1]", {"op": "affine", "arg": 0, "matrix": {"shape": [2, 3], "denominator": "2",
     "numerators": ["1", "0", "0", "2", "0", "0"]}, "bias": ["0", "-1"]}, f"{R}[1].point"),
    ("proposition.object.network.nodes[1].bias", ["0", "0"], f"{R}[1].point"),
    ("proposition.object.network.nodes[3].matrix.numerators", ["-1", "1"], f"{R}[1].point"),
    # prose that claims more
    ("claim", "exactly 3 activation regions", "claim"),
    # JSON numbers for rationals, zero / negative / non-reduced denominators, indices as strings
    (f"{X}[0].farkas", [[6, 1], [7, "1/2"]], f"{X}[0].farkas[0][1]"),
    (f"{X}[0].farkas", [[6, 0.5], [7, "1/2"]], f"{X}[0].farkas[0][1]"),
    (f"{X}[0].farkas", [[6, "1/0"], [7, "1/2"]], f"{X}[0].farkas[0][1]"),
    (f"{X}[0].farkas", [[6, "1/-2"], [7, "1/2"]], f"{X}[0].farkas[0][1]"),
    (f"{X}[0].farkas", [[6, "2/4"], [7, "1/2"]], f"{X}[0].farkas[0][1]"),
    (f"{X}[0].farkas", [["6", "1/2"], [7, "1/2"]], f"{X}[0].farkas[0][0]"),
    (f"{R}[0].point", [-0.5, "-1/2", "-1/2"], f"{R}[0].point[0]"),
    (f"{R}[0].point", ["-2/4", "-1/2", "-1/2"], f"{R}[0].point[0]"),
    (f"{R}[0].point", ["-1/0", "-1/2", "-1/2"], f"{R}[0].point[0]"),
    # kind / version confusion
    ("schema_version", 1, "schema_version"),
    ("kind", "linear-regions", "kind"),
    (f"{EV}.method", "region-points", f"{EV}.excluded"),
    (f"{EV}.method", "region-tiling", f"{EV}.excluded"),
    (f"{EV}.method", "recompute-formula", f"{EV}.method"),
]


@pytest.mark.parametrize("path, value, field", CASES, ids=[f"{p}={'deleted' if v is _DELETE else json.dumps(v)[:30]}" for p, v, _ in CASES])
def test_forged_cover_is_refused_naming_the_field(path, value, field):
    cert = copy.deepcopy(BASE)
    _set(cert, path, value)
    with pytest.raises(CertificateError) as info:
        check_certificate(cert)
    assert info.value.field == field, str(info.value)


def test_a_vacuous_row_cannot_exclude_a_region():
    # (x0 < 0, bits [0, 0], [0]) is a real region; its second-layer row is identically 0 with bit 0 (no condition)
    cert = copy.deepcopy(BASE)
    cert["evidence"]["regions"].pop(0)
    cert["evidence"]["excluded"].append({"pattern": [[0, 0], [0]], "farkas": [[8, "1"]]})
    cert["proposition"]["value"] = [1, 1]
    with pytest.raises(CertificateError, match="not a vacuous one") as info:
        check_certificate(cert)
    assert info.value.field == "evidence.excluded[4].farkas[0]"


def test_a_missing_region_cannot_be_hidden_by_a_farkas_vector():
    # region 1 excluded with the multipliers of another entry: they do not cancel on its rows
    cert = copy.deepcopy(BASE)
    cert["evidence"]["regions"].pop(1)
    cert["evidence"]["excluded"].append({"pattern": [[1, 0], [1]], "farkas": [[6, "1/2"], [8, "1/2"]]})
    cert["proposition"]["value"] = [1, 1]
    with pytest.raises(CertificateError, match="not a proof") as info:
        check_certificate(cert)
    assert info.value.field == "evidence.excluded[4].farkas"


def test_duplicate_keys_and_json_floats_in_bytes_are_refused():
    text = json.dumps(BASE).replace('"method": "region-cover"', '"method": "region-cover", "method": "region-cover"')
    with pytest.raises(CertificateError, match="duplicate key"):
        check_bytes(text)
    with pytest.raises(CertificateError) as info:
        check_bytes(json.dumps(BASE).replace('[8, "1"]', '[8, 1.0]'))
    assert "float" in str(info.value)


# ============================================================================================ conjunction
def _bv(formula, n0, widths, value):
    return {"proposition": {"quantity": "bound_value", "object": {"formula": formula, "n0": n0, "widths": widths},
                            "relation": "=", "value": value, "field": "Q"}, "evidence": {"method": "recompute-formula"}}


PARTS = [_bv("serra2018-thm1", 2, [3, 3], 40), _bv("zaslavsky", 2, [6], 22)]
CONJ = json.loads(json.dumps({
    "format": "exactnet.certificate", "schema_version": 2, "exactnet_version": "0.2.0",
    "proposition": {"quantity": "conjunction", "object": [p["proposition"] for p in PARTS], "relation": "holds",
                    "value": None, "field": "Q"},
    "evidence": {"rule": "conjunction", "premises": PARTS}}))  # no shared sub-objects
C = "proposition.object"
CONJ_CASES = [
    (f"{C}[1].value", 23, C),
    (f"{C}[1].object.widths", [7], C),
    (f"{C}[1].relation", ">=", f"{C}[1].relation"),
    (f"{C}[1].value", "22", f"{C}[1].value"),
    (f"{C}[1].value", 22.0, f"{C}[1].value"),
    (f"{C}[1].quantity", "rank", f"{C}[1].object.formula"),
    (C, [PARTS[0]["proposition"]], C),
    (C, PARTS[0]["proposition"], C),
    ("proposition.relation", "=", "proposition.relation"),
    ("proposition.value", 1, "proposition.value"),
    ("evidence.premises", PARTS[:1], C),
    ("evidence.premises", PARTS[::-1], C),
    ("evidence.premises[1].proposition.value", 23, "evidence.premises[1].proposition.value"),
    ("evidence.params", {"all": True}, "evidence.params.all"),
    ("claim", "each of: everything holds over Q", "claim"),
    ("proposition.quantity", "regions", "proposition.relation"),
    ("schema_version", 1, "schema_version"),
]


@pytest.mark.parametrize("path, value, field", CONJ_CASES, ids=[f"{p}={json.dumps(v)[:30]}" for p, v, _ in CONJ_CASES])
def test_forged_conjunction_is_refused_naming_the_field(path, value, field):
    assert check_certificate(copy.deepcopy(CONJ)).verdict == "valid"
    cert = copy.deepcopy(CONJ)
    _set(cert, path, value)
    with pytest.raises(CertificateError) as info:
        check_certificate(cert)
    assert info.value.field == field, str(info.value)


# ============================================================================================ version 1
@pytest.mark.parametrize("kind, how", [("linear-regions", "exactnet regions"), ("region-bound", "exactnet bounds")])
def test_version_1_region_files_are_refused_saying_how_to_regenerate(kind, how, tmp_path):
    old = {"format": "exactnet.certificate", "schema_version": 1, "exactnet_version": "0.1.0", "kind": kind,
           "claim": "exactly 2 activation regions", "field": "Q", "status": "exact"}
    for check in (check_any, lambda obj: check_file(_write(tmp_path, obj))):
        with pytest.raises(CertificateError, match=f"version 1 is no longer read for '{kind}'.*{how}") as info:
            check(copy.deepcopy(old))
        assert info.value.field == "schema_version"


def _write(tmp_path, obj):
    path = tmp_path / "old.json"
    path.write_text(json.dumps(obj))
    return path
