"""Hand-written false certificates about deep ConvAC architectures (kernel/convac.py and the rules it uses):
``generic_shallow_width_needed`` (rule ``shallow-width-from-generic-rank``), ``generic_matricization_rank``
of a ConvAC (witness minor + ``cut-recursion`` / ``tied-cut-recursion`` by ``equal-from-lower-and-upper``),
``parameter_count`` (method ``count-weights``) and ``generic_shallow_weights_needed`` (rule
``shallow-weights-from-width``).  Each forgery is rejected with a message naming the offending field; the valid
certificates they start from are accepted.
"""

from __future__ import annotations

import copy
import functools
import json

import pytest

import exactnet
from exactnet.errors import CertificateError
from exactnet.kernel import check_certificate
from exactnet.networks import DeepConvAC
from exactnet.networks.circuits import convac_ties, to_circuit
from exactnet.tensors import PoolingTree
from exactnet.theorems import depth_efficiency_certificate, generic_rank_certificate, size_accounting_certificate
from forgery_testlib import assert_duplicate_key_refused, assert_refused


def _envelope(node):
    return {"format": "exactnet.certificate", "schema_version": 2, "exactnet_version": "0.2.0", **node}


def _strip(node):
    return {"proposition": node["proposition"], "evidence": node["evidence"]}


@functools.cache
def width():
    """for almost every weight setting of the shared N=4, M=2, widths (2, 1) ConvAC, shallow width >= 4."""
    return depth_efficiency_certificate(4, 2, (2, 1), shared=True).to_dict()


@functools.cache
def quad_shared():
    """generic rank 81 of the shared quad-tree ConvAC (N=16, M=2, widths (4, 4)): tied-cut-recursion."""
    return generic_rank_certificate(PoolingTree.from_windows(16, 4), 2, (4, 4), "odd-even", shared=True).to_dict()


@functools.cache
def size():
    return size_accounting_certificate(4, 2, 2).to_dict()


def _architecture(net):
    circ = to_circuit(net).source
    nodes = [{k: v for k, v in n.items() if k != "matrix"} | ({"shape": n["matrix"]["shape"]} if "matrix" in n else {})
             for n in circ["nodes"]]
    return {"inputs": circ["inputs"], "nodes": nodes, "output": circ["output"]}


@functools.cache
def count_shared():
    """The shared deep ConvAC N=8, M=2, widths (2, 2, 2): its JSON holds 14 weights."""
    net = DeepConvAC.random(PoolingTree.binary(8), 2, (2, 2, 2), shared=True)
    obj = {"architecture": _architecture(net), "ties": convac_ties(net)}
    return _envelope({"proposition": {"quantity": "parameter_count", "object": obj, "relation": "=", "value": 14,
                                      "field": "Q"}, "evidence": {"method": "count-weights"}})


VALID = {"width": width, "quad_shared": quad_shared, "size": size, "count_shared": count_shared}


@pytest.mark.parametrize("name", sorted(VALID))
def test_the_valid_certificates_are_accepted(name):
    assert check_certificate(copy.deepcopy(VALID[name]())).verdict == "valid"


def _weights_in_json(net) -> int:
    d = net.to_dict()
    flat = lambda x: sum(map(flat, x)) if isinstance(x, list) else 1  # noqa: E731
    return sum(flat(d[k]) for k in ("leaf_weights", "node_weights", "output_weights"))


@pytest.mark.parametrize("shared", [True, False])
@pytest.mark.parametrize("tree, widths", [(PoolingTree.binary(8), (2, 2, 2)), (PoolingTree.binary(8), (2, 3, 1)),
                                          (PoolingTree.from_windows(8, (2, 4)), (3, 2))])
def test_the_kernel_counts_the_weights_the_network_format_holds(tree, widths, shared):
    """One count: the circuit's affine matrices with each tie once equals the weights the network JSON lists."""
    net = DeepConvAC.random(tree, 2, widths, shared=shared)
    true = _weights_in_json(net)
    cert = copy.deepcopy(count_shared())
    cert["proposition"]["object"] = {"architecture": _architecture(net), "ties": convac_ties(net)}
    for value in (true, true - 4, true + 4):
        cert["proposition"]["value"] = value
        if value == true:
            assert check_certificate(cert).facts["value"] == true == net.num_weights
        else:
            with pytest.raises(CertificateError, match="does not entail") as info:
                check_certificate(cert)
            assert info.value.field == "proposition.value"


def test_the_shared_deep_convac_has_14_weights_not_10_and_not_the_unshared_count():
    cert = copy.deepcopy(count_shared())
    cert["proposition"]["value"] = 10
    with pytest.raises(CertificateError, match="= 14 over Q"):
        check_certificate(cert)
    cert["proposition"]["value"] = 14
    cert["proposition"]["object"]["ties"] = []  # the same architecture read as unshared: 4*8 + 4*4 + 4*2 + 2 = 58
    with pytest.raises(CertificateError, match="= 58 over Q") as info:
        check_certificate(cert)
    assert info.value.field == "proposition.value"


def at(obj, path):
    for key in path:
        obj = obj[key]
    return obj


def setp(obj, path, value):
    at(obj, path[:-1])[path[-1]] = value


P, O, E = ("proposition",), ("proposition", "object"), ("evidence",)
PREM = lambda *ks: sum((("evidence", "premises", k) for k in ks), ())  # noqa: E731
RANK = PREM(0)                 # width <- generic rank = R
LOWER, UPPER = PREM(0, 0), PREM(0, 1)
MINOR = PREM(0, 0, 0)          # the witness minor (matricization_rank >= R)
WCIRC = MINOR + ("proposition", "object", "circuit")
QLOWER, QUPPER = PREM(0), PREM(1)  # the parts of a generic rank certificate


def _identity_rank_premise(c):
    """The issue's forgery: a conclusion of 1000 from the 2 x 2 identity's matrix-rank certificate."""
    ident = exactnet.rank([[1, 0], [0, 1]]).certificate.to_certificate().to_dict()
    setp(c, E + ("premises",), [_strip(ident)])
    setp(c, P + ("value",), 1000)


def _lower_twice(c):
    """A generic equality whose two parts prove only lower bounds."""
    lo = at(c, LOWER)
    setp(c, RANK + ("evidence", "premises"), [copy.deepcopy(lo), copy.deepcopy(lo)])


def _other_architecture_count(c):
    """parameter_count premise about another architecture (the unshared weight space: no ties)."""
    setp(c, PREM(0) + ("proposition", "object", "ties"), [])
    setp(c, PREM(0) + ("proposition", "value"), 4 * 4 + 2 * 2 * 2 + 2)  # its true count


# (base certificate, mutation, the field the refusal must name, what the message says)
CASES = [
    # wrong value / wrong relation
    ("width", lambda c: setp(c, P + ("value",), 5), "proposition.value", "does not entail"),
    ("width", lambda c: setp(c, P + ("relation",), "="), "proposition.relation", "must be one of"),
    ("width", lambda c: setp(c, P + ("relation",), "<="), "proposition.relation", "must be one of"),
    ("width", lambda c: setp(c, RANK + ("proposition", "value"), 5), "evidence.premises[0].proposition.value",
     "does not entail"),
    ("quad_shared", lambda c: setp(c, P + ("value",), 80), "proposition.value", "does not entail"),
    ("quad_shared", lambda c: setp(c, QUPPER + ("proposition", "value"), 80),
     "evidence.premises[1].proposition.value", "does not entail"),
    ("size", lambda c: setp(c, P + ("value",), at(c, P + ("value",)) + 1), "proposition.value", "does not entail"),
    ("size", lambda c: setp(c, PREM(0) + ("proposition", "value"), 11), "evidence.premises[0].proposition.value",
     "does not entail"),
    ("count_shared", lambda c: setp(c, P + ("relation",), ">="), "proposition.relation", "must be one of"),
    # the examples: 1000 from an identity-rank premise; a generic equality of two lower bounds
    ("width", _identity_rank_premise, "evidence.premises[0].proposition", "generic_matricization_rank"),
    ("width", _lower_twice, "evidence.premises[0].evidence.premises", "equal upper bound"),
    ("width", lambda c: setp(c, RANK + ("evidence", "rule"), "generic-rank-from-witness"),
     "evidence.premises[0].evidence.premises", "takes 1 premises"),
    # premises about another object (architecture, ties, partition, output)
    ("width", lambda c: setp(c, O + ("ties",), []), "proposition.object", "does not entail"),
    ("width", lambda c: setp(c, O + ("output",), 1), "proposition.object.output", "out of range"),
    ("width", lambda c: setp(c, UPPER + ("proposition", "object", "rows"), [0, 1]),
     "evidence.premises[0].evidence.premises[1].proposition", "another quantity, object"),
    ("width", lambda c: setp(c, LOWER + ("evidence", "params", "ties"), []),
     "evidence.premises[0].evidence.premises[0].proposition.object", "does not entail"),
    ("width", lambda c: at(c, WCIRC + ("nodes", 5, "matrix", "numerators")).__setitem__(0, "7"),
     "evidence.premises[0].evidence.premises[0].evidence.params.ties", "tied matrices differ"),
    ("quad_shared", lambda c: setp(c, QUPPER + ("proposition", "object", "ties"), []),  # untied: only <= 256
     "evidence.premises[1].proposition.value", "does not entail"),
    ("quad_shared", lambda c: setp(c, QLOWER + ("proposition", "object", "rows"), [0, 1, 2, 3, 4, 5, 6, 7]),
     "evidence.premises[0].proposition.object", "does not entail"),
    ("quad_shared", lambda c: [setp(c, O + ("ties",), []), setp(c, QLOWER + ("proposition", "object", "ties"), []),
                               setp(c, QLOWER + ("evidence", "params", "ties"), []),
                               setp(c, QUPPER + ("proposition", "object", "ties"), [])],
     "evidence.premises[1].proposition.value", "does not entail"),  # the unshared space: the bound is 256
    ("size", _other_architecture_count, "evidence.premises[1].proposition.object", "another architecture"),
    ("size", lambda c: setp(c, E + ("premises",), list(reversed(at(c, E + ("premises",))))), "evidence.premises",
     "needs parameter_count"),
    # prose that claims more
    ("width", lambda c: c.update(claim="every shallow ConvAC needs 1000 channels"), "claim", "must be the rendering"),
    ("width", lambda c: setp(c, RANK + ("claim",), "rank = 99"), "evidence.premises[0].claim", "rendering"),
    ("width", lambda c: setp(c, E + ("argument",), "Theorem 1"), "evidence", "unknown field"),
    ("count_shared", lambda c: setp(c, E + ("count",), 10), "evidence.count", "unknown field"),
    # JSON numbers for rationals, zero / negative denominators, non-reduced fractions (in the witness)
    ("width", lambda c: setp(c, P + ("value",), 4.0), "proposition.value", "float"),
    ("width", lambda c: setp(c, MINOR + ("evidence", "prime"), 2147483647), "evidence.premises[0]", "JSON string"),
    ("width", lambda c: at(c, WCIRC + ("nodes", 4, "matrix", "numerators")).__setitem__(0, 1),
     "evidence.premises[0].evidence.premises[0].evidence.premises[0].proposition.object.circuit.nodes[4].matrix", None),
    ("width", lambda c: setp(c, WCIRC + ("nodes", 4, "matrix", "denominator"), "0"),
     "evidence.premises[0].evidence.premises[0].evidence.premises[0].proposition.object.circuit.nodes[4].matrix", None),
    ("width", lambda c: setp(c, WCIRC + ("nodes", 4, "matrix", "denominator"), "-1"),
     "evidence.premises[0].evidence.premises[0].evidence.premises[0].proposition.object.circuit.nodes[4].matrix", None),
    ("width", lambda c: at(c, WCIRC + ("nodes", 4, "matrix")).update(
        denominator="2", numerators=[str(2 * int(x)) for x in at(c, WCIRC + ("nodes", 4, "matrix", "numerators"))]),
     "evidence.premises[0].evidence.premises[0].evidence.premises[0].proposition.object.circuit.nodes[4].matrix", None),
    # kind / version confusion
    ("width", lambda c: c.update(schema_version=1), "schema_version", "version 1 .* is no longer read"),
    ("width", lambda c: c.update(kind="depth-efficiency"), "kind", "format version 1"),
    ("width", lambda c: setp(c, P + ("quantity",), "shallow_width_needed"), "proposition.object", None),
    ("width", lambda c: setp(c, P + ("quantity",), "generic_matricization_rank"), "proposition.object", None),
    ("count_shared", lambda c: setp(c, E + ("method",), "cut-recursion"), "evidence.method", "proves"),
    ("quad_shared", lambda c: setp(c, QUPPER + ("evidence", "method"), "count-weights"),
     "evidence.premises[1].evidence.method", "proves parameter_count"),
]


@pytest.mark.parametrize("base, mutate, field, match", CASES, ids=[f"{c[0]}-{k}" for k, c in enumerate(CASES)])
def test_forgeries_are_refused_naming_the_field(base, mutate, field, match):
    cert = json.loads(json.dumps(VALID[base]()))  # no shared sub-objects: a mutation changes one field
    mutate(cert)
    assert_refused(cert, field, match)


def test_duplicate_keys_are_refused():
    assert_duplicate_key_refused(width(), '"relation": ">=",', '"relation": ">=", "relation": ">=",', "relation")


@pytest.mark.parametrize("kind", ["depth-efficiency", "parameter-count"])
def test_version_1_files_of_the_migrated_kinds_are_refused_with_how_to_regenerate(kind, tmp_path):
    from exactnet.checker import check_file

    old = {"format": "exactnet.certificate", "schema_version": 1, "exactnet_version": "0.1.0", "kind": kind,
           "claim": "Z >= 16"}
    path = tmp_path / "old.json"
    path.write_text(json.dumps(old))
    with pytest.raises(CertificateError, match="version 1 is no longer read .* regenerate it with") as info:
        check_file(path)
    assert info.value.field == "schema_version"


@pytest.mark.parametrize("tree, M, widths", [(PoolingTree.binary(4), 2, (2, 2)), (PoolingTree.binary(4), 3, (3, 2)),
                                             (PoolingTree.from_windows(8, (2, 4)), 2, (2, 2)),
                                             (PoolingTree.from_windows(6, (3, 2)), 2, (3, 2))])
@pytest.mark.parametrize("seed", [0, 1])
def test_the_tied_bound_is_sound_against_exact_ranks_and_no_weaker_than_the_span_recursion(tree, M, widths, seed):
    """Oracles: the exact rank (core.linalg) of random shared networks never exceeds the kernel's tied bound,
    which is at most the prover's own span recursion with the symmetric refinement (bounds.py)."""
    from exactnet.core.linalg import rank as exact_rank
    from exactnet.kernel.circuit import parse_circuit
    from exactnet.kernel.overlap import cut_bound
    from exactnet.tensors import Partition, matricize
    from exactnet.theorems import structural_bounds

    net = DeepConvAC.random(tree, M, widths, shared=True, seed=seed)
    c, ties = parse_circuit(to_circuit(net).source), convac_ties(net)
    for name in ("odd-even", "low-high"):
        part = Partition.named(name, tree.num_modes)
        r = exact_rank(matricize(net.grid_tensor(output=0), part)).rank
        tied = cut_bound(c, set(part.rows), ties)
        assert r <= tied <= cut_bound(c, set(part.rows))
        assert tied <= structural_bounds(tree, M, widths, part, shared=True)["span-recursion"]
