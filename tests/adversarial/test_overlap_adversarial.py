"""Hand-written false certificates about GC ConvACs and template-circuit architectures (kernel/overlap.py):
``matricization_rank`` by ``minor-entries``, ``generic_matricization_rank`` by ``sep-recursion`` /
``cut-recursion``, ``grid_tensor`` by ``recompute-grid``, and the rules ``generic-rank-from-witness`` and
``equal-from-lower-and-upper``.  Each forgery is rejected with a message naming the offending field; the
valid certificates they start from are accepted.
"""

from __future__ import annotations

import copy
import functools
import json

import pytest

from exactnet.errors import CertificateError
from exactnet.kernel import check_bytes, check_certificate
from exactnet.networks.gcconvac import GCConvAC, gc_grid_tensor_certificate, gc_rank_certificate
from exactnet.theorems.overlap import gc_cut_certificate, gc_sep_certificate
from forgery_testlib import assert_duplicate_key_refused, assert_refused

NET = GCConvAC.random((4,), 2, [(2, 1, 2), (3, 1, 1)], seed=3, low=1, high=9)  # shared, overlapping


def _envelope(node):
    return {"format": "exactnet.certificate", "schema_version": 2, "exactnet_version": "0.2.0", **node}


def _strip(cert):
    c = cert if isinstance(cert, dict) else cert.to_dict()
    return {"proposition": c["proposition"], "evidence": c["evidence"]}


@functools.cache
def minor():
    """rank [A]_{{0,1},{2,3}} >= 2 for these weights, a 2 x 2 minor (found by the dense witness search)."""
    from exactnet.networks.gcconvac import dense_rank_witness

    r, rows, cols, p = dense_rank_witness(NET, [0, 1])
    assert r >= 2
    return gc_rank_certificate(NET, [0, 1], r, rows, cols, p)


@functools.cache
def generic_lower():
    return gc_rank_certificate(NET, [0, 1], minor()["proposition"]["value"], minor()["evidence"]["rows"],
                               minor()["evidence"]["cols"], 2**31 - 1, generic=True)


@functools.cache
def upper(method="cut"):
    return (gc_cut_certificate if method == "cut" else gc_sep_certificate)(NET, [0, 1]).to_dict()


@functools.cache
def generic_equal():
    lo, up = copy.deepcopy(generic_lower()), copy.deepcopy(upper())
    assert lo["proposition"]["value"] == up["proposition"]["value"]
    return _envelope({"proposition": dict(copy.deepcopy(lo["proposition"]), relation="="),
                      "evidence": {"rule": "equal-from-lower-and-upper", "premises": [_strip(lo), _strip(up)]}})


@functools.cache
def grid():
    return gc_grid_tensor_certificate(NET)


VALID = {"minor": minor, "generic_lower": generic_lower, "cut": upper, "sep": lambda: upper("sep"),
         "generic_equal": generic_equal, "grid": grid}


@pytest.mark.parametrize("name", sorted(VALID))
def test_the_valid_certificates_are_accepted(name):
    report = check_certificate(copy.deepcopy(VALID[name]()))
    assert report.verdict == "valid"


def at(obj, path):
    for key in path:
        obj = obj[key]
    return obj


def setp(obj, path, value):
    at(obj, path[:-1])[path[-1]] = value


P, O, E = ("proposition",), ("proposition", "object"), ("evidence",)
CIRC = O + ("circuit",)
PREM = lambda k: E + ("premises", k)  # noqa: E731

# (base certificate, mutation, the field the refusal must name, what the message says)
CASES = [
    # wrong value / relation
    ("minor", lambda c: setp(c, P + ("value",), 3), "proposition.value", "does not entail"),
    ("minor", lambda c: setp(c, P + ("relation",), "="), "proposition.value", "does not entail"),
    ("minor", lambda c: setp(c, P + ("relation",), "<="), "proposition.value", "does not entail"),
    ("cut", lambda c: setp(c, P + ("value",), at(c, P + ("value",)) - 1), "proposition.value", "does not entail"),
    ("cut", lambda c: setp(c, P + ("relation",), ">="), "proposition.value", "does not entail"),
    ("sep", lambda c: setp(c, P + ("relation",), "="), "proposition.value", "does not entail"),
    ("generic_equal", lambda c: setp(c, P + ("value",), 3), "proposition.value", "does not entail"),
    ("generic_equal", lambda c: setp(c, PREM(0) + ("proposition", "value"), 1), "evidence.premises",
     "equal upper bound"),
    ("grid", lambda c: at(c, P + ("value", "numerators")).__setitem__(0, "12345"), "proposition.value",
     "does not entail"),
    ("grid", lambda c: setp(c, P + ("relation",), "<="), "proposition.relation", "must be one of"),
    # premises / evidence about another object
    ("minor", lambda c: setp(c, O + ("rows",), [0, 1, 2]), "evidence.rows[0]", "one template index per row mode"),
    ("minor", lambda c: setp(c, O + ("output",), 1), "proposition.object.output", "out of range"),
    ("generic_equal", lambda c: setp(c, PREM(1) + ("proposition", "object", "rows"), [0]),
     "evidence.premises[1].proposition", "another quantity, object"),
    ("generic_equal", lambda c: setp(c, PREM(1) + ("proposition", "quantity"), "matricization_rank"),
     "evidence.premises[1].proposition.object", None),
    ("generic_equal", lambda c: setp(c, O + ("ties",), []), "proposition.object", "does not entail"),
    ("generic_lower", lambda c: setp(c, E + ("params", "ties"), []), "proposition.object", "does not entail"),
    ("generic_lower", lambda c: setp(c, E + ("params", "ties"), [[0, 1]]), "evidence.params.ties[0]",
     "affine nodes"),
    ("generic_lower", lambda c: at(c, PREM(0) + ("proposition", "object", "circuit", "nodes", 4, "matrix",
                                                  "numerators")).__setitem__(0, "97"),
     "evidence.params.ties", "tied matrices differ"),
    ("generic_lower", lambda c: setp(c, O + ("architecture", "nodes", 4, "shape"), [3, 2]),
     "proposition.object.architecture", None),
    ("generic_lower", lambda c: setp(c, PREM(0) + ("proposition", "relation"), "<="), "evidence.premises[0]", None),
    ("generic_lower", lambda c: at(c, PREM(0) + ("proposition", "object", "circuit", "nodes")).__setitem__(
        4, {"op": "relu", "arg": 0}), "evidence.premises[0].proposition.object.circuit.nodes", None),
    # prose that claims more
    ("minor", lambda c: c.update(claim="the rank is 16"), "claim", "must be the rendering"),
    ("cut", lambda c: c.update(claim="for every weight setting the rank is exactly 2"), "claim", "rendering"),
    ("cut", lambda c: setp(c, E + ("argument",), "by a theorem"), "evidence.argument", "unknown field"),
    ("generic_equal", lambda c: setp(c, PREM(0) + ("claim",), "rank = 99"), "evidence.premises[0].claim",
     "rendering"),
    # JSON numbers for rationals, zero / negative denominators, non-reduced fractions
    ("minor", lambda c: setp(c, E + ("prime",), 2147483647), "evidence.prime", "JSON string"),
    ("minor", lambda c: setp(c, P + ("value",), 2.0), "proposition.value", "float"),
    ("minor", lambda c: at(c, CIRC + ("nodes", 4, "matrix", "numerators")).__setitem__(0, 3),
     "proposition.object.circuit.nodes[4].matrix", None),
    ("minor", lambda c: setp(c, CIRC + ("nodes", 4, "matrix", "denominator"), "0"),
     "proposition.object.circuit.nodes[4].matrix", None),
    ("minor", lambda c: setp(c, CIRC + ("nodes", 4, "matrix", "denominator"), "-1"),
     "proposition.object.circuit.nodes[4].matrix", None),
    ("minor", lambda c: at(c, CIRC + ("nodes", 4, "matrix")).update(
        denominator="2", numerators=[str(2 * int(x)) for x in at(c, CIRC + ("nodes", 4, "matrix", "numerators"))]),
     "proposition.object.circuit.nodes[4].matrix", None),
    ("grid", lambda c: setp(c, P + ("value", "denominator"), "0"), "proposition.value.denominator", ">= 1"),
    ("grid", lambda c: setp(c, P + ("value", "denominator"), "-1"), "proposition.value.denominator", ">= 1"),
    ("grid", lambda c: at(c, P + ("value",)).update(
        denominator="3", numerators=[str(3 * int(x)) for x in at(c, P + ("value", "numerators"))]),
     "proposition.value.denominator", "lowest terms"),
    ("grid", lambda c: at(c, P + ("value", "numerators")).__setitem__(1, 7), "proposition.value.numerators[1]",
     "JSON string"),
    # kind / version confusion
    ("minor", lambda c: c.update(schema_version=1), "schema_version", "version 1 .* is no longer read"),
    ("minor", lambda c: c.update(kind="gc-rank-lower-bound"), "kind", "format version 1"),
    ("minor", lambda c: setp(c, E + ("method",), "recompute-grid"), "evidence.method", "proves grid_tensor"),
    ("grid", lambda c: setp(c, E + ("method",), "minor-entries"), "evidence.method", "proves matricization_rank"),
    ("cut", lambda c: setp(c, P + ("quantity",), "rank"), "proposition.object", None),
    ("minor", lambda c: setp(c, E, {"rule": "generic-rank-from-witness", "premises": [_strip(copy.deepcopy(upper()))],
                                    "params": {"ties": []}}), "evidence.premises[0].proposition", "must state matricization_rank"),
    ("minor", lambda c: setp(c, E + ("method",), "cut-recursion"), "evidence.rows", "unknown field"),
]


@pytest.mark.parametrize("base, mutate, field, match", CASES, ids=[f"{c[0]}-{k}" for k, c in enumerate(CASES)])
def test_forgeries_are_refused_naming_the_field(base, mutate, field, match):
    cert = copy.deepcopy(VALID[base]())
    mutate(cert)
    assert_refused(cert, field, match)


def test_duplicate_keys_are_refused():
    assert_duplicate_key_refused(minor(), '"relation": ">=",', '"relation": ">=", "relation": "=",', "relation")


def test_json_floats_in_the_text_are_refused():
    forged = json.dumps(grid()).replace('"output": 0', '"output": 0.0', 1)
    with pytest.raises(CertificateError, match="float") as info:
        check_bytes(forged)
    assert info.value.field.endswith("output")


def test_a_shared_witness_does_not_prove_an_unshared_statement_with_ties_removed_from_its_premise():
    """The conclusion's ties come from the rule's params, checked against the witness; stating an
    architecture without ties while the rule was given ties names the object."""
    c = copy.deepcopy(generic_lower())
    c["proposition"]["object"]["ties"] = []
    with pytest.raises(CertificateError) as info:
        check_certificate(c)
    assert info.value.field == "proposition.object"


@pytest.mark.parametrize("kind", ["gc-rank-lower-bound", "gc-grid-tensor", "gc-sep-upper-bound", "gc-cut-upper-bound"])
def test_version_1_files_of_the_migrated_kinds_are_refused_with_how_to_regenerate(kind, tmp_path):
    from exactnet.checker import check_certificate as check_any, check_file

    old = {"format": "exactnet.certificate", "schema_version": 1, "exactnet_version": "0.1.0", "kind": kind,
           "claim": "rank >= 2", "network": {}}
    path = tmp_path / "old.json"
    path.write_text(json.dumps(old))
    for run in (lambda: check_any(copy.deepcopy(old)), lambda: check_file(path)):
        with pytest.raises(CertificateError, match="version 1 is no longer read .* regenerate it with") as info:
            run()
        assert info.value.field == "schema_version"
