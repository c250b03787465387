"""Hand-written false certificates about tensor trains and polynomial networks.

Tensor trains speak the kernel's existing vocabulary (``matricization_rank`` of the TT circuit by ``minor-entries``,
``generic_matricization_rank`` by ``generic-rank-from-witness``, ``cut-recursion`` and ``equal-from-lower-and-upper``);
polynomial networks use ``kernel/polynomial.py``: ``neurovariety_dimension`` (``jacobian-minor``, ``ambient``,
``parameters``, ``symmetric-rank``, ``alexander-hirschowitz``, rules ``cut-at-hidden-layer`` and ``quadric-output``),
``independent_outputs`` (``output-minor``) and ``minimal_filling`` (rule ``minimal-filling``).  Each forgery is
rejected with a message naming the offending field; the valid certificates they start from are accepted.
"""

from __future__ import annotations

import copy
import functools

import pytest

from exactnet.checker import check_certificate as check_any
from exactnet.errors import CertificateError
from exactnet.kernel import check_certificate
from exactnet.theorems.neurovariety import minimal_filling_certificate, neurovariety_dimension
from exactnet.theorems.tt import tt_cut_certificate, tt_generic_rank
from forgery_testlib import assert_duplicate_key_refused, assert_refused


def _envelope(node):
    return {"format": "exactnet.certificate", "schema_version": 2, "exactnet_version": "0.2.0",
            "proposition": node["proposition"], "evidence": node["evidence"]}


@functools.cache
def tt_generic():
    """generic rank 4 of the odd-even matricization of the TTs with d=4, n=2, ranks 2."""
    return tt_generic_rank(4, 2, 2, "odd-even").certificate.to_dict()


@functools.cache
def nv_cut():
    return neurovariety_dimension((2, 2, 3, 4, 1), 2).certificate.to_dict()  # dim 7: Jacobian minor + cut


@functools.cache
def nv_quadric():
    return neurovariety_dimension((3, 9, 2, 1), 2).certificate.to_dict()  # dim 11: quadric-output


@functools.cache
def nv_ah():
    return neurovariety_dimension((3, 5, 1), 4).certificate.to_dict()  # dim 14: Alexander-Hirschowitz


@functools.cache
def minimal():
    return minimal_filling_certificate((2, 3, 3, 2, 1), 2).to_dict()


def fresh(make):
    return copy.deepcopy(make())


def test_valid_certificates_are_accepted():
    assert check_certificate(fresh(tt_generic)).facts["value"] == 4
    assert check_certificate(fresh(nv_cut)).facts["value"] == 7
    assert check_certificate(fresh(nv_quadric)).facts["value"] == 11
    assert check_certificate(fresh(nv_ah)).facts["value"] == 14
    assert check_certificate(fresh(minimal)).proposition.quantity == "minimal_filling"
    assert check_certificate(tt_cut_certificate(6, 2, 3, "split:3").to_dict()).facts["value"] == 3


# ------------------------------------------------------------------------------------------ tensor trains
def test_tt_wrong_value_and_relation():
    c = fresh(tt_generic)
    c["proposition"]["value"] = 5
    assert_refused(c, "proposition.value", "does not entail")
    c = fresh(tt_generic)
    c["evidence"]["premises"][1]["proposition"]["value"] = 3  # the cut bound is 4, not 3
    assert_refused(c, "evidence.premises[1].proposition.value", "does not entail")
    c = fresh(tt_generic)
    c["evidence"]["premises"][0]["proposition"]["relation"] = "<="  # a witness proves >=, never <=
    assert_refused(c, "evidence.premises[0].proposition", "does not entail")


def test_tt_premises_about_another_family():
    other = tt_generic_rank(4, 2, 3, "odd-even").certificate.to_dict()  # ranks 3: another architecture
    c = fresh(tt_generic)
    c["evidence"]["premises"][1] = other["evidence"]["premises"][1]
    assert_refused(c, "evidence.premises[1].proposition", "another quantity, object or field")
    c = fresh(tt_generic)
    c["evidence"]["premises"][0]["proposition"]["object"]["rows"] = [0, 1]  # another partition
    assert_refused(c, "evidence.premises[0]", "does not entail")


def test_tt_singular_witness_minor():
    c = fresh(tt_generic)
    ev = c["evidence"]["premises"][0]["evidence"]["premises"][0]["evidence"]
    ev["cols"][0] = ev["cols"][1]
    assert_refused(c, "evidence.premises[0].evidence.premises[0].evidence.cols", "repeated")
    c = fresh(tt_generic)
    wit = c["evidence"]["premises"][0]["evidence"]["premises"][0]
    wit["proposition"]["object"]["circuit"]["nodes"][4]["matrix"]["numerators"] = ["0"] * 4  # G_0 = 0: every entry 0
    assert_refused(c, "evidence.premises[0].evidence.premises[0].evidence.rows", "singular")


def test_tt_cut_flips_and_prose():
    c = tt_cut_certificate(6, 2, 3, "split:3").to_dict()
    c["evidence"]["flips"] = [0]  # moving core 0 gives a weaker bound than the stated 3
    assert_refused(c, "proposition.value", "does not entail")
    c = fresh(tt_generic)
    c["claim"] = "for almost every weight setting, the tensor train has CP rank = 1000 over Q"
    assert_refused(c, "claim", "must be the rendering")


# ------------------------------------------------------------------------------------------ polynomial networks
def test_dimension_wrong_value_and_relation():
    c = fresh(nv_cut)
    c["proposition"]["value"] = 8
    assert_refused(c, "proposition.value", "does not entail")
    c = fresh(nv_cut)
    c["evidence"]["premises"][0]["proposition"]["value"] = 8  # the minor is 7 x 7
    assert_refused(c, "evidence.premises[0].proposition.value", "does not entail")
    c = fresh(nv_cut)
    c["evidence"]["premises"][1]["proposition"]["relation"] = ">="  # an upper-bound rule cannot prove >=
    assert_refused(c, "evidence.premises[1].proposition.value", "does not entail")
    c = fresh(nv_cut)
    c["proposition"]["relation"] = "holds"
    assert_refused(c, "proposition.relation", "must be one of")


def test_singular_jacobian_minor():
    c = fresh(nv_cut)
    ev = c["evidence"]["premises"][0]["evidence"]
    ev["weights"][0] = ["0"] * len(ev["weights"][0])  # first layer zero: every derivative vanishes
    assert_refused(c, "evidence.premises[0].evidence.rows", "singular")
    c = fresh(nv_cut)
    ev = c["evidence"]["premises"][0]["evidence"]
    ev["prime"] = "15"
    assert_refused(c, "evidence.premises[0].evidence.prime", "prime")
    c = fresh(nv_cut)
    ev = c["evidence"]["premises"][0]["evidence"]
    ev["cols"][1] = ev["cols"][0]
    assert_refused(c, "evidence.premises[0].evidence.cols", "distinct")


def test_premises_about_another_architecture():
    other = neurovariety_dimension((2, 2, 3, 5, 1), 2).certificate.to_dict()
    c = fresh(nv_cut)
    c["evidence"]["premises"][1] = other["evidence"]["premises"][1]
    assert_refused(c, "evidence.premises[1].proposition", "another quantity, object or field")
    c = fresh(nv_cut)
    cut = c["evidence"]["premises"][1]["evidence"]
    assert cut["rule"] == "cut-at-hidden-layer"
    cut["premises"][1]["proposition"]["object"]["degree"] = 3  # its ambient formula now proves another bound
    assert_refused(c, "evidence.premises[1].evidence.premises[1]", "does not entail")
    c = fresh(nv_quadric)
    quad = c["evidence"]["premises"][1]["evidence"]
    assert quad["rule"] == "quadric-output"
    quad["premises"][1] = {  # a valid independence certificate, of another architecture
        "proposition": {"quantity": "independent_outputs", "object": {"widths": [2, 2], "degree": 2}, "relation": "holds",
                        "field": "Q"},
        "evidence": {"method": "output-minor", "prime": "101", "weights": [["1", "0", "0", "1"]], "points": ["1", "0", "0", "1"]}}
    assert_refused(c, "evidence.premises[1].evidence.premises[1]", "independent outputs")


def test_formula_that_does_not_apply():
    assert fresh(nv_ah)["evidence"]["premises"][1]["evidence"] == {"method": "alexander-hirschowitz"}
    # (3, 4, 6) is not one of the four defective cases
    node = {"proposition": {"quantity": "neurovariety_dimension", "object": {"widths": [3, 6, 1], "degree": 4},
                            "relation": "<=", "value": 17, "field": "Q"}, "evidence": {"method": "alexander-hirschowitz"}}
    assert_refused(_envelope(node), "evidence.method", "does not apply")
    node["evidence"] = {"method": "symmetric-rank"}
    assert_refused(_envelope(node), "evidence.method", "does not apply")
    node["evidence"] = {"method": "ambient", "note": "x"}
    assert_refused(_envelope(node), "evidence.note", "unknown field")


def test_independence_witness_singular():
    c = fresh(nv_quadric)
    ind = c["evidence"]["premises"][1]["evidence"]["premises"][1]["evidence"]
    ind["points"] = ind["points"][:len(ind["points"]) // 2] * 2  # the same input twice
    assert_refused(c, "evidence.premises[1].evidence.premises[1].evidence.points", "non-singular")


def test_minimal_filling_forgeries():
    c = fresh(minimal)
    c["evidence"]["premises"].pop()
    assert_refused(c, "evidence.premises", "one premise per hidden width|in order")
    c = fresh(minimal)
    c["evidence"]["premises"][1], c["evidence"]["premises"][2] = c["evidence"]["premises"][2], c["evidence"]["premises"][1]
    assert_refused(c, "evidence.premises", "in order")
    c = fresh(minimal)
    # premise 0 replaced by a dimension that does not reach the ambient (a non-filling architecture)
    c["evidence"]["premises"][0] = {k: v for k, v in neurovariety_dimension((2, 3, 3, 2, 1), 2).certificate.to_dict().items()
                                    if k in ("proposition", "evidence")}
    c["evidence"]["premises"][0]["proposition"]["value"] = 3
    c["evidence"]["premises"][0]["proposition"]["relation"] = ">="
    assert_refused(c, "evidence.premises", "ambient")
    c = fresh(minimal)
    c["proposition"]["object"]["widths"] = [2, 3, 3, 3, 1]
    assert_refused(c, "proposition.object", "does not entail")
    c = fresh(minimal)
    c["proposition"]["value"] = True
    assert_refused(c, "proposition.value", "predicate has no value")


# ------------------------------------------------------------------------------------------ encoding and versions
def test_json_numbers_duplicates_and_versions():
    c = fresh(nv_cut)
    c["evidence"]["premises"][0]["evidence"]["weights"][0][0] = 3  # a JSON number where an integer string belongs
    assert_refused(c, "evidence.premises[0].evidence.weights[0][0]", "integer in a JSON string")
    c = fresh(nv_cut)
    c["evidence"]["premises"][0]["evidence"]["prime"] = 101
    assert_refused(c, "evidence.premises[0].evidence.prime", "JSON string")
    c = fresh(nv_cut)
    c["proposition"]["object"]["degree"] = "2"
    assert_refused(c, "proposition.object.degree", "JSON integer")
    assert_duplicate_key_refused(fresh(nv_cut), '"degree": 2', '"degree": 2, "degree": 3', "degree")
    c = fresh(nv_cut)
    c["kind"] = "neurovariety-dimension"
    assert_refused(c, "kind", "format version")
    c = fresh(nv_cut)
    c["schema_version"] = 1
    assert_refused(c, "schema_version", "format version 1 .* is no longer read")


@pytest.mark.parametrize("kind", ["tt-rank-lower-bound", "tt-cut-upper-bound", "tt-generic-rank",
                                  "neurovariety-dimension", "minimal-filling"])
def test_version_one_files_are_refused_with_how_to_regenerate(kind, tmp_path):
    import json

    from exactnet.checker import check_file

    old = {"format": "exactnet.certificate", "schema_version": 1, "exactnet_version": "0.1.0", "kind": kind,
           "claim": "rank >= 1", "status": "exact"}
    with pytest.raises(CertificateError, match="version 1.*regenerate") as info:
        check_any(copy.deepcopy(old))
    assert info.value.field == "schema_version"
    path = tmp_path / "old.json"
    path.write_text(json.dumps(old))
    with pytest.raises(CertificateError, match="exactnet (tt|neurovariety|filling)"):
        check_file(path)


def test_prose_and_denominators():
    c = fresh(nv_cut)
    c["claim"] = "the dimension of the neurovariety of the polynomial network with widths (2, 2, 3, 4, 1) and activation x^2 = 8 over Q"
    assert_refused(c, "claim", "must be the rendering")
    c = fresh(minimal)
    c["claim"] = "minimal filling, and its hidden widths are unimodal"
    assert_refused(c, "claim", "must be the rendering")
    for den, match in (("0", "positive integer"), ("-2", "positive integer"), ("2", "reduced")):
        c = fresh(tt_generic)
        wit = c["evidence"]["premises"][0]["evidence"]["premises"][0]
        node = wit["proposition"]["object"]["circuit"]["nodes"][4]["matrix"]
        node["denominator"] = den
        if den == "2":
            node["numerators"] = [str(2 * int(x)) for x in node["numerators"]]  # 2a/2: not reduced
        assert_refused(c, "evidence.premises[0].evidence.premises[0].proposition.object.circuit.nodes[4].matrix", match)
