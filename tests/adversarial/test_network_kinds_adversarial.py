"""Hand-written false certificates of the network kinds written in format version 2 by the provers of
``exactnet.theorems`` (lower.py, provers.py): ``generic_pooled_width_needed`` (rule
``pooled-width-from-generic-rank``, depth L vs L_c), ``shared_shallow_unrealizable`` (method
``asymmetric-entry``), the network ranks (``matricization_rank`` by ``minor-entries``, ``sep-recursion`` and
``minor-and-factorization``; ``generic_matricization_rank`` by ``generic-rank-from-witness``), the shallow CP
bound and Bentkamp's witness (``grid_tensor`` by ``recompute-grid``).  Each forgery is rejected with a message
naming the offending field; the valid certificates they start from are accepted; version-1 files of these
kinds are refused naming the version and how to regenerate them.
"""

from __future__ import annotations

import copy
import functools
import json

import pytest

import exactnet
from exactnet.checker import check_certificate as check_any
from exactnet.errors import CertificateError
from exactnet.kernel import check_certificate
from exactnet.networks import ShallowConvAC, bentkamp_witness
from exactnet.theorems import (
    depth_lc_certificate,
    exact_rank_certificate,
    lower_bound_certificate,
    rank_one_sum_certificate,
    shallow_cp_certificate,
    shared_shallow_obstruction_certificate,
)
from exactnet.theorems._provers import bentkamp_tensor_certificate, bentkamp_witness_certificate
from forgery_testlib import assert_duplicate_key_refused, assert_refused

P0 = "evidence.premises[0]"


@functools.cache
def pooled():
    """for almost every weight setting of the binary ConvAC N=8, M=2, widths (4, 3, 4): last hidden width >= 9
    for a depth-2 ConvAC pooling blocks of 2 inputs at its root."""
    return depth_lc_certificate(8, 2, (4, 3, 4), 2).to_dict()


@functools.cache
def obstruction():
    return shared_shallow_obstruction_certificate(3, 2).to_dict()


def _fresh(fn):
    return json.loads(json.dumps(fn()))  # as read from a file: no object shared between the premises


def test_the_valid_certificates_are_accepted():
    assert check_certificate(_fresh(pooled)).proposition.value == 9
    assert check_certificate(_fresh(obstruction)).proposition.relation == "holds"
    for cert in (shallow_cp_certificate(4, 3, 5), bentkamp_witness_certificate(), bentkamp_tensor_certificate(),
                 rank_one_sum_certificate(ShallowConvAC.random(4, 3, 5, seed=1)),
                 lower_bound_certificate(bentkamp_witness(4, 3, (2, 2)), "odd-even", generic=True),
                 exact_rank_certificate(bentkamp_witness(4, 2, (2, 1)), "odd-even").certificate):
        assert check_certificate(cert.to_dict()).verdict == "valid"


# ------------------------------------------------------------------ generic_pooled_width_needed
def test_pooled_width_wrong_value_and_relation():
    cert = _fresh(pooled)
    cert["proposition"]["value"] = 10
    assert_refused(cert, "proposition.value", "does not entail")
    cert = _fresh(pooled)
    cert["proposition"]["relation"] = "="
    assert_refused(cert, "proposition.relation", "must be one of")


def test_pooled_width_rows_not_a_union_of_blocks():
    cert = _fresh(pooled)  # rows [0, 1, 4, 5]: blocks of 2; blocks of 4 would cut {4, 5} from {6, 7}
    cert["proposition"]["object"]["block"] = 4
    cert["evidence"]["params"]["block"] = 4
    assert_refused(cert, "evidence.params.block", "not a union of blocks of 4")


def test_pooled_width_block_in_params_and_object_must_agree():
    cert = _fresh(pooled)
    cert["evidence"]["params"]["block"] = 1  # a union of blocks of 1, but the statement is about blocks of 2
    assert_refused(cert, "proposition.object", "does not entail")
    cert = _fresh(pooled)
    cert["proposition"]["object"]["block"] = 8  # one block: nothing to split
    assert_refused(cert, "proposition.object.block", "at least 2 blocks")
    cert = _fresh(pooled)
    cert["evidence"]["params"] = {"block": 2, "derivation": "R + 1"}  # no free arithmetic
    assert_refused(cert, "evidence.params.derivation", None)


def test_pooled_width_premise_about_another_object():
    cert = _fresh(pooled)
    cert["proposition"]["object"]["output"] = 1  # the architecture has one output
    assert_refused(cert, "proposition.object.output", "out of range")
    cert = _fresh(pooled)
    node = cert["proposition"]["object"]["architecture"]["nodes"][8]
    node["shape"] = [node["shape"][0], node["shape"][1]]
    cert["proposition"]["object"]["ties"] = [[8, 9]]  # another weight space than the premise's
    assert_refused(cert, "proposition.object", "does not entail")


def test_pooled_width_premise_must_be_a_generic_rank():
    cert = _fresh(pooled)
    rank = cert["evidence"]["premises"][0]
    cert["evidence"]["premises"][0] = rank["evidence"]["premises"][1]  # the upper bound: <= 9 proves nothing here
    assert_refused(cert, "evidence.premises[0].proposition", "must state generic_matricization_rank")


def test_pooled_width_forged_premise_is_refused_inside():
    cert = _fresh(pooled)
    cert["evidence"]["premises"][0]["proposition"]["value"] = 10
    assert_refused(cert, P0, None)
    cert = _fresh(pooled)
    witness = cert["evidence"]["premises"][0]["evidence"]["premises"][0]["evidence"]["premises"][0]
    witness["evidence"]["rows"][0] = witness["evidence"]["rows"][1]
    assert_refused(cert, P0, "repeated multi-index")


def test_pooled_width_prose_kind_and_version_confusion():
    cert = _fresh(pooled)
    cert["claim"] = check_certificate(_fresh(pooled)).sentence.replace(">= 9", ">= 16")
    assert_refused(cert, "claim", "must be the rendering")
    cert = _fresh(pooled)
    cert["kind"] = "bundle"
    assert_refused(cert, "kind", "format version")
    cert = _fresh(pooled)
    cert["schema_version"] = 1
    assert_refused(cert, "schema_version", "format version")
    cert = _fresh(pooled)
    cert["proposition"]["value"] = 9.0
    assert_refused(cert, "proposition.value", "float")


def test_pooled_width_duplicate_keys():
    cert = _fresh(pooled)
    assert_duplicate_key_refused(cert, '"block": 2', '"block": 2, "block": 1', "block")


# ------------------------------------------------------------------ shared_shallow_unrealizable
def test_obstruction_symmetric_tensor_is_refused():
    cert = _fresh(obstruction)
    nums = cert["proposition"]["object"]["tensor"]["numerators"]
    nums[4 * 1 + 2 * 0 + 0] = "1"  # now A[1, 0, 0] = A[0, 1, 0] = 1
    assert_refused(cert, "evidence.index", "entries are equal")


def test_obstruction_index_and_permutation_forgeries():
    for index in ([0, 1], [0, 1, 2], [0, -1, 0], ["0", 1, 0], [0.0, 1, 0]):
        cert = _fresh(obstruction)
        cert["evidence"]["index"] = index
        assert_refused(cert, "evidence.index", None)
    for perm in ([0, 0, 1], [1, 0], [1, 0, 3], [1.0, 0, 2]):
        cert = _fresh(obstruction)
        cert["evidence"]["permutation"] = perm
        assert_refused(cert, "evidence.permutation", None)
    cert = _fresh(obstruction)
    cert["evidence"]["permutation"] = [0, 1, 2]  # the identity compares an entry with itself
    assert_refused(cert, "evidence.index", "entries are equal")


def test_obstruction_tensor_encoding_forgeries():
    cases = [
        (("shape",), [2, 3, 2], "proposition.object.tensor"),  # not all dimensions equal
        (("denominator",), "0", "proposition.object.tensor.denominator"),
        (("denominator",), "-1", "proposition.object.tensor.denominator"),
        (("denominator",), 1, "proposition.object.tensor.denominator"),
        (("numerators",), ["0"] * 7, "proposition.object.tensor"),
        (("numerators",), [0] * 8, "proposition.object.tensor.numerators"),
    ]
    for keys, value, field in cases:
        cert = _fresh(obstruction)
        cert["proposition"]["object"]["tensor"][keys[0]] = value
        assert_refused(cert, field, None)
    cert = _fresh(obstruction)  # not reduced: every numerator and the denominator even
    t = cert["proposition"]["object"]["tensor"]
    t["numerators"], t["denominator"] = [str(2 * int(x)) for x in t["numerators"]], "2"
    assert_refused(cert, "proposition.object.tensor.denominator", "lowest terms")


def test_obstruction_relation_value_and_method_confusion():
    cert = _fresh(obstruction)
    cert["proposition"]["value"] = 1
    assert_refused(cert, "proposition.value", "predicate has no value")
    cert = _fresh(obstruction)
    cert["proposition"]["relation"] = ">="
    assert_refused(cert, "proposition.relation", "must be one of")
    cert = _fresh(obstruction)
    cert["evidence"]["method"] = "minor-entries"
    assert_refused(cert, "evidence.method", "proves matricization_rank")
    cert = _fresh(obstruction)
    cert["evidence"]["note"] = "symmetric anyway"
    assert_refused(cert, "evidence", None)


# ------------------------------------------------------------------ network ranks, shallow CP, Bentkamp's witness
def test_witness_minor_forgeries():
    cert = lower_bound_certificate(bentkamp_witness(4, 3, (2, 2)), "odd-even", generic=True).to_dict()
    bad = copy.deepcopy(cert)
    bad["proposition"]["value"] = 5
    assert_refused(bad, "proposition.value", "does not entail")
    bad = copy.deepcopy(cert)
    bad["evidence"]["premises"][0]["evidence"]["rows"][0] = [2, 2]  # template 2 reads a zero channel
    assert_refused(bad, "evidence.premises[0].evidence.rows", "singular")
    bad = copy.deepcopy(cert)
    bad["evidence"]["premises"][0]["evidence"]["prime"] = "4"
    assert_refused(bad, "evidence.premises[0].evidence.prime", "not a prime")
    bad = copy.deepcopy(cert)
    bad["proposition"]["object"]["rows"] = [0, 1]  # another partition than the witness's
    assert_refused(bad, "proposition.object", "does not entail")


def test_rank_one_sum_bound_cannot_be_lowered():
    cert = rank_one_sum_certificate(ShallowConvAC.random(4, 3, 5, seed=1)).to_dict()
    cert["proposition"]["value"] = 4
    assert_refused(cert, "proposition.value", "does not entail")
    cert["proposition"]["relation"] = ">="
    cert["proposition"]["value"] = 5
    assert_refused(cert, "proposition.value", "does not entail")


def test_shallow_cp_and_bentkamp_forgeries():
    cert = shallow_cp_certificate(4, 3, 5).to_dict()
    cert["proposition"]["value"] = 6
    assert_refused(cert, "proposition.value", "does not entail")
    cert = shallow_cp_certificate(4, 3, 5).to_dict()
    cert["evidence"]["premises"][1]["proposition"]["value"] = 4  # the architecture's bound is 5
    assert_refused(cert, "evidence.premises[1].proposition.value", "does not entail")
    cert = bentkamp_tensor_certificate().to_dict()
    cert["proposition"]["value"]["numerators"][1] = "1"
    assert_refused(cert, "proposition.value", "does not entail")
    cert = json.loads(json.dumps(bentkamp_witness_certificate().to_dict()))  # the premises' objects are copies
    cert["proposition"]["object"]["circuit"]["nodes"][4]["matrix"]["numerators"][0] = "2"  # another network
    assert_refused(cert, "proposition.object", "does not entail")


@pytest.mark.parametrize("kind", ["network-grid-tensor", "network-matrix-rank", "rank-one-sum",
                                  "symmetric-obstruction", "depth-efficiency", "parameter-count", "matrix-rank"])
def test_version_1_files_of_the_migrated_kinds_are_refused(kind, tmp_path):
    old = {"format": "exactnet.certificate", "schema_version": 1, "exactnet_version": "0.1.0", "kind": kind,
           "claim": "anything", "field": "Q", "status": "exact"}
    with pytest.raises(CertificateError, match="format version 1 is no longer read.*regenerate it with") as info:
        check_any(old)
    assert info.value.field == "schema_version"
    path = tmp_path / "old.json"
    path.write_text(json.dumps(old))
    with pytest.raises(CertificateError, match="regenerate"):
        exactnet.checker.check_file(path)
