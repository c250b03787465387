"""Hand-written false certificates about rectifier networks: every one is rejected, naming the field.

The valid certificates come from the provers; each case changes one thing by hand (a value, a relation,
an object, a premise, an encoding) the way a hostile user would, and the kernel must refuse it with a
``CertificateError`` whose field is the offending JSON path.
"""

from __future__ import annotations

import copy
import json

import numpy as np
import pytest

from exactnet.errors import CertificateError
from exactnet.kernel import check_bytes, check_certificate
from exactnet.networks.rectifier import DeepRectifierNet, grid_tensor_certificate
from exactnet.theorems import rectifier as R


def _refused(cert: dict, field: str, match: str | None = None) -> CertificateError:
    with pytest.raises(CertificateError, match=match) as info:
        check_certificate(cert)
    got = info.value.field or ""
    assert got == field or got.startswith(field + ".") or got.startswith(field + "["), (got, info.value.reason)
    return info.value


def _d(c) -> dict:
    return copy.deepcopy(c if isinstance(c, dict) else c.to_dict())


@pytest.fixture(scope="module")
def pristine() -> dict:
    A = np.zeros((3,) * 4, dtype=int)
    for d in np.ndindex(*A.shape):
        A[d] = int(d[0] == d[2])
    return {
        "realizes": _d(R.realize_shallow_max([[1, 2], [3, 4]])),
        "grid": grid_tensor_certificate(DeepRectifierNet.random(4, 2, (2, 1), "relu-sum", seed=3)),
        "functional": _d(R.average_pooling_realizability([[1, 0], [0, 1]])),
        "deep_functional": _d(R.average_pooling_realizability([[[1, 0], [0, 1]], [[0, 1], [1, 0]]], tree=[[0, 1], 2])),
        "obstruction": _d(R.average_rank_obstruction(A.tolist(), [[0, 1], [2, 3]])),
        "box": _d(R.incompleteness_certificate(4, 2)),
        "collapse": _d(R.shallow_collapse_certificate(4, 2)),
        "bound": _d(R.max_pool_rank_bound_certificate(4, 3, 2)),
        "term": _d(R.max_pool_rank_bound_certificate(4, 3, 1)),
        "attained": _d(R.max_term_rank_certificate(4, 3)),
        "width": _d(R.max_depth_efficiency_certificate(4, 2)),
        "rank": _d(R.rectifier_matrix_rank_certificate(DeepRectifierNet.random(4, 2, (2, 1), "relu-max", seed=0))),
        "det": _d(R.relu_representation_certificate()),
        "table": _d(R.compare_pooling(4, 2).certificate),
    }


@pytest.fixture()
def certs(pristine) -> dict:
    """A fresh copy for each test (the tests change certificates in place)."""
    return copy.deepcopy(pristine)


def test_every_valid_certificate_is_accepted(certs):
    for name, c in certs.items():
        assert check_certificate(c).verdict == "valid", name


# ============================================================================ values and relations
def test_wrong_target_entry(certs):
    c = certs["realizes"]
    c["proposition"]["object"]["target"]["entries"][0][1] = "3"
    _refused(c, "proposition.object.target.entries[0][1]", "grid tensor has 2 at")


def test_wrong_grid_tensor_entry_deep(certs):
    c = certs["grid"]
    e = c["proposition"]["object"]["target"]["entries"]
    e[1][0][1][1] = "12345"
    _refused(c, "proposition.object.target.entries[1][0][1][1]")


def test_wrong_relation_for_a_predicate(certs):
    c = certs["realizes"]
    c["proposition"]["relation"] = "="
    c["proposition"]["value"] = 1
    _refused(c, "proposition.relation", "holds")


def test_term_bound_too_strong_and_wrong_direction(certs):
    c = certs["bound"]
    c["proposition"]["value"] = 9
    _refused(c, "proposition", "does not entail")
    c = certs["bound"]
    c["proposition"]["relation"] = ">="
    _refused(c, "proposition", "does not entail")


def test_term_bound_stated_exact_without_a_witness(certs):
    c = certs["term"]
    c["proposition"]["relation"] = "="
    _refused(c, "proposition", "does not entail")


def test_wrong_determinant_and_json_number(certs):
    c = certs["det"]
    c["proposition"]["value"] = "1/4"
    _refused(c, "proposition", "does not entail")
    c = certs["det"]
    c["proposition"]["value"] = 1
    _refused(c, "proposition.value", "rational")


def test_width_needed_overstated(certs):
    c = certs["width"]
    c["proposition"]["value"] = 3
    _refused(c, "proposition", "does not entail")


def test_rank_overstated(certs):
    c = certs["rank"]
    c["proposition"]["value"] += 1
    _refused(c, "proposition", "does not entail")


# ============================================================================ prose
def test_prose_that_claims_more_is_refused(certs):
    c = certs["functional"]
    c["claim"] = "the 2x2 tensor [[1,0],[0,1]] is not realizable by any network of any kind"
    _refused(c, "claim", "must be the rendering")


def test_the_rendered_claim_is_accepted(certs):
    c = certs["box"]
    c["claim"] = check_certificate(c).sentence
    assert "positive measure" in c["claim"] and check_certificate(c).verdict == "valid"


# ============================================================================ encodings
@pytest.mark.parametrize("entry, match", [
    (1, "rational in a JSON string"),
    ("2/4", "lowest terms"),
    ("1/0", "zero denominator"),
    ("1/-2", "rational in a JSON string"),
    ("3/1", "lowest terms"),
    ("0.5", "rational in a JSON string"),
])
def test_bad_rationals_in_a_target(certs, entry, match):
    c = certs["realizes"]
    c["proposition"]["object"]["target"]["entries"][1][0] = entry
    _refused(c, "proposition.object.target.entries[1][0]", match)


def test_json_float_and_duplicate_key_are_refused_by_the_reader(certs):
    text = json.dumps(certs["det"])
    with pytest.raises(CertificateError, match="float|fraction"):
        check_bytes(text.replace('"value": "1/8"', '"value": 0.125'))
    with pytest.raises(CertificateError, match="duplicate key") as info:
        check_bytes(text.replace('"relation": "="', '"relation": "=", "relation": "="'))
    assert info.value.field == "relation"


def test_bad_interval_in_a_box(certs):
    c = certs["box"]
    c["proposition"]["object"]["box"]["leaf_weights"][0][0][0] = {"open": ["1", "-1"]}
    _refused(c, "proposition.object.box.leaf_weights[0][0][0].open", "lo < hi")


def test_interval_in_a_point_network(certs):
    c = certs["realizes"]
    c["proposition"]["object"]["network"]["leaf_weights"][0][0][0] = {"open": ["0", "1"]}
    _refused(c, "proposition.object.network.leaf_weights[0][0][0]", "rational")


def test_unknown_operator_and_unknown_field(certs):
    c = certs["realizes"]
    c["proposition"]["object"]["network"]["operator"] = "relu-average"
    _refused(c, "proposition.object.network.operator", "unknown operator")
    c = certs["realizes"]
    c["proposition"]["object"]["Z"] = 5
    _refused(c, "proposition.object.Z", "unknown field")


# ============================================================================ kind / version confusion
def test_version_one_is_refused_with_a_way_out(certs):
    c = certs["realizes"]
    c["schema_version"] = 1
    c["kind"] = "realization"
    with pytest.raises(CertificateError):
        check_certificate(c)


def test_method_of_another_quantity(certs):
    c = certs["functional"]
    c["evidence"] = {"method": "evaluation"}
    _refused(c, "evidence.method", "proves realizes")


def test_quantity_swapped_keeps_nothing(certs):
    c = certs["box"]
    c["proposition"]["quantity"] = "shallow_collapse"
    _refused(c, "proposition.object.target", "unknown field")


# ============================================================================ evidence
def test_functional_that_does_not_vanish(certs):
    c = certs["functional"]
    c["evidence"]["functional"]["entries"][0][0] = "2"
    _refused(c, "evidence.functional", "does not vanish")


def test_functional_that_does_not_separate(certs):
    c = certs["functional"]
    c["evidence"]["functional"]["entries"] = [["0", "0"], ["0", "0"]]
    _refused(c, "evidence.functional", "does not separate")


def test_shallow_functional_for_a_deep_family(certs):
    c = certs["functional"]
    c["proposition"]["object"]["target"] = {"shape": [2, 2, 2], "entries": [[["1", "0"], ["0", "1"]],
                                                                         [["0", "1"], ["1", "0"]]]}
    c["evidence"]["functional"] = c["proposition"]["object"]["target"]
    _refused(c, "evidence.functional")


def test_box_that_does_not_give_the_target(certs):
    c = copy.deepcopy(certs["box"])
    c["proposition"]["object"]["box"]["node_weights"][0][0][0] = {"open": ["-1", "2"]}
    _refused(c, "proposition.object.box", "not all provably dead")
    c = certs["box"]
    c["proposition"]["object"]["target"]["entries"][0][0][0][0] = "1"
    _refused(c, "proposition.object.target.entries[0][0][0][0]", "zero over the box")


def test_box_where_two_channels_live(certs):
    c = certs["collapse"]
    c["proposition"]["object"]["box"]["leaf_weights"][0][1][0] = {"open": ["1/2", "1"]}
    _refused(c, "proposition.object.box", "not provably dead")


def test_collapse_for_a_product_network(certs):
    c = certs["collapse"]
    c["proposition"]["object"]["box"]["operator"] = "product"
    _refused(c, "proposition.object.box.operator", "ReLU with max or sum")


def test_rank_evidence_of_another_matrix(certs):
    c, other = certs["rank"], certs["width"]["evidence"]["premises"][0]["evidence"]
    c["evidence"] = other
    with pytest.raises(CertificateError):
        check_certificate(c)


# ============================================================================ rules: premises about another object
def test_width_rule_with_a_term_bound_of_another_partition(certs):
    c = certs["width"]
    term = c["evidence"]["premises"][1]["proposition"]["object"]
    term["partition"] = {"rows": [0, 1], "cols": [2, 3]}
    _refused(c, "evidence.premises[1]", "term bound is about")


def test_width_rule_with_the_rank_of_another_network(certs):
    c = certs["width"]
    c["evidence"]["premises"][0] = {k: certs["rank"][k] for k in ("proposition", "evidence")}
    _refused(c, "proposition", "does not entail")


def test_block_rule_with_rows_that_are_not_a_block(certs):
    c = certs["obstruction"]
    c["evidence"]["params"]["tree"] = [[0, 2], [1, 3]]
    c["proposition"]["object"]["family"]["tree"] = [[0, 2], [1, 3]]
    _refused(c, "evidence.premises[0]", "rows of one block of the root")


def test_block_rule_on_a_rank_below_three(certs):
    c = certs["obstruction"]
    c["evidence"]["premises"][0] = {k: certs["rank"][k] for k in ("proposition", "evidence")}
    with pytest.raises(CertificateError):
        check_certificate(c)


def test_sum_rule_with_another_Z(certs):
    c = certs["bound"]
    c["evidence"]["params"]["Z"] = 1
    _refused(c, "proposition", "does not entail")


def test_attained_rule_with_a_two_channel_network(certs):
    c = certs["attained"]
    c["evidence"]["premises"][0] = copy.deepcopy(certs["width"]["evidence"]["premises"][0])
    _refused(c, "evidence.premises[0].object", "circuit of the network")
    c = certs["attained"]
    c["evidence"]["params"]["network"] = certs["width"]["evidence"]["premises"][0]
    _refused(c, "evidence.params.network", "explicit form")


def test_universal_rule_missing_and_repeated_units(certs):
    c = certs["table"]
    units = c["evidence"]["premises"][0]["evidence"]["premises"]
    units.pop()
    _refused(c, "evidence.premises[0].evidence.premises", r"15 of the T\^N = 16 unit tensors")
    c = certs["table"]
    units = c["evidence"]["premises"][0]["evidence"]["premises"]
    units[1] = units[0]
    _refused(c, "evidence.premises[0].evidence.premises[1].object.target", "unit tensor")


def test_universal_rule_with_a_deep_or_other_operator_network(certs):
    c = certs["table"]
    units = c["evidence"]["premises"][2]["evidence"]["premises"]  # relu-max units
    units[3] = copy.deepcopy(c["evidence"]["premises"][0]["evidence"]["premises"][3])  # a product unit
    _refused(c, "evidence.premises[2].evidence.premises[3]", "shallow network of the first premise")


@pytest.mark.parametrize("row, key, value", [
    (0, "rank", 5), (1, "shallow_width_forced", 1), (2, "universal", True), (0, "universal", False),
    (2, "shallow_width_forced", 1), (1, "rank", "4"),
])
def test_table_figure_changed(certs, row, key, value):
    c = certs["table"]
    c["proposition"]["object"]["rows"][row][key] = value
    _refused(c, "proposition", "does not entail")


def test_table_premises_swapped(certs):
    c = certs["table"]
    p = c["evidence"]["premises"]
    p[1], p[3] = p[3], p[1]
    _refused(c, "evidence.premises[1].object", "circuit of the network")
    c = certs["table"]
    nets = c["evidence"]["params"]["networks"]
    nets[0], nets[1] = nets[1], nets[0]
    _refused(c, "evidence.params.networks[0]", "table's architecture")


def test_table_average_width_about_another_tensor(certs):
    c = certs["table"]
    c["evidence"]["premises"][7] = copy.deepcopy(certs["functional"])
    for k in ("format", "schema_version", "exactnet_version"):
        c["evidence"]["premises"][7].pop(k)
    _refused(c, "evidence.premises[7]", "rank premise's network")


def test_table_row_missing_a_figure(certs):
    c = certs["table"]
    del c["proposition"]["object"]["rows"][0]["rank"]
    _refused(c, "proposition.object.rows", "three rows")


def test_a_wide_box_is_decided_by_signs_without_evaluation():
    """Sign reasoning reads every weight once: a box of 2^8 template tuples and 40k weights is checked quickly."""
    check_certificate(R.incompleteness_certificate(8, 2, (2000, 2, 2)).to_dict())


def test_retired_forms_are_refused_by_name(certs):
    c = certs["box"]
    c["evidence"]["method"] = "interval-arithmetic"
    _refused(c, "evidence.method", "interval-arithmetic is no longer read")
    c = certs["width"]
    c["evidence"]["premises"][0]["proposition"]["quantity"] = "grid_tensor_rank"
    _refused(c, "evidence.premises[0].proposition.quantity", "grid_tensor_rank is no longer read")
    c = certs["width"]
    obj = c["proposition"]["object"]
    obj["target"] = {"grid_tensor": obj.pop("circuit")}
    _refused(c, "proposition.object.target", "no longer read")


def test_rule_params_are_validated_naming_the_field(certs):
    """The networks and targets the rules now read from their params are parsed as strictly as objects."""
    c = copy.deepcopy(certs["obstruction"])
    c["evidence"]["params"]["target"]["entries"][0][0][0][0] = 0.5  # a JSON number for a rational
    _refused(c, "evidence.params.target.entries[0][0][0][0]", "rational")
    c = copy.deepcopy(certs["attained"])
    c["evidence"]["params"]["network"]["leaf_weights"][0][0][0] = "2/4"  # not in lowest terms
    _refused(c, "evidence.params.network.leaf_weights[0][0][0]", "lowest terms")
    c = copy.deepcopy(certs["attained"])
    c["evidence"]["params"]["network"]["leaf_weights"][0][0][0] = "1/0"  # zero denominator
    _refused(c, "evidence.params.network.leaf_weights[0][0][0]", "zero denominator")
    c = copy.deepcopy(certs["table"])
    c["evidence"]["params"]["networks"][1]["extra"] = 1  # a field the kernel would not read
    _refused(c, "evidence.params.networks[1]", "explicit form")
    c = copy.deepcopy(certs["attained"])
    c["evidence"]["params"]["rows"] = [0]
    _refused(c, "evidence.params.rows", "unknown field")
