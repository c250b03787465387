"""Hand-written false certificates about deep ConvACs over pooling trees (structured ranks, Kronecker witnesses,
the Theorem-1 bounds of pooling geometry): ``matricization_rank`` by ``kronecker-blocks`` (kernel/overlap.py), the
structural upper bounds of the architecture, and the rules ``generic-rank-from-witness`` and
``equal-from-lower-and-upper``.  Each forgery is rejected with a message naming the offending field; the valid
certificates they start from are accepted.  Version-1 files of the kinds these replace (``kronecker-rank``,
``pooling-bounds``, ``structural-upper-bound``) are refused, naming the version and how to regenerate them.
"""

from __future__ import annotations

import copy
import functools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exactnet.checker import check_certificate as check_any
from exactnet.core.linalg import rank as exact_rank
from exactnet.errors import CertificateError
from exactnet.kernel import check_certificate
from exactnet.networks import DeepConvAC, bentkamp_witness
from exactnet.networks.gcconvac import GCConvAC
from exactnet.networks.circuits import to_circuit
from exactnet.tensors import Partition, PoolingTree, matricize
from exactnet.theorems import shallow_rank_bound, structural_bounds, upper_bound_certificate
from exactnet.theorems.geometry_bounds import (pooling_bounds, pooling_bounds_certificate, pooling_lower_certificate,
                                               thm1_certificate)
from exactnet.theorems.structured import (kronecker_generic_rank, kronecker_rank_certificate, kronecker_witness,
                                          network_structured_rank, structural_upper)
from forgery_testlib import assert_duplicate_key_refused, assert_refused

QUAD = PoolingTree.from_windows(16, 4)


def _d(c):
    return copy.deepcopy(c.to_dict())


def _strip(c):
    return {"proposition": c["proposition"], "evidence": c["evidence"]}


def kron():
    return copy.deepcopy(_kron())


@functools.cache
def _kron():  # rank 4, blocks with a factorization (M = 3 > rank 2 per block)
    return _d(kronecker_rank_certificate(bentkamp_witness(4, 3, (2, 2)), "odd-even"))


def kron_generic():
    return copy.deepcopy(_kron_generic())


@functools.cache
def _kron_generic():
    return _d(kronecker_rank_certificate(bentkamp_witness(8, 2, (2, 1, 1)), "odd-even", generic=True))


def thm1():
    return copy.deepcopy(_thm1())


@functools.cache
def _thm1():
    return _d(thm1_certificate(QUAD, 2, (2, 2), "odd-even"))


def n64():
    return copy.deepcopy(_n64())


@functools.cache
def _n64():
    res = kronecker_generic_rank(PoolingTree.binary(64), "odd-even", 4, 4)
    assert res.status == "almost-everywhere" and res.rank == 4 ** 32
    return _d(res.certificate)


VALID = {
    "kronecker": kron, "kronecker-generic": kron_generic, "thm1": thm1,
    "pooling-upper": lambda: _d(pooling_bounds_certificate(QUAD, 2, (3, 3), "odd-even")),
    "pooling-lower": lambda: _d(pooling_lower_certificate(QUAD, 2, (3, 3), "odd-even")),
    "structural-network": lambda: _d(structural_upper(bentkamp_witness(8, 2, (2, 2, 2)), "odd-even")),
    "upper-bound": lambda: _d(upper_bound_certificate(PoolingTree.binary(8), 2, (4, 3, 4), Partition.blocks(8, 2),
                                                      rule="block-depth")),
    "upper-bound-shared": lambda: _d(upper_bound_certificate(QUAD, 2, (4, 4), "odd-even", shared=True)),
    "shallow": lambda: _d(shallow_rank_bound(4, 3, 5)),
    "network-exact": lambda: _d(network_structured_rank(bentkamp_witness(8, 2, (2, 2, 2)), "odd-even").certificate),
}


@pytest.mark.parametrize("name", sorted(VALID))
def test_the_valid_certificates_are_accepted(name):
    assert check_certificate(VALID[name]()).verdict == "valid"


def test_values_relations_and_statuses():
    assert (kron()["proposition"]["value"], kron()["proposition"]["relation"]) == (4, "=")
    assert check_certificate(kron_generic()).status == "lower-bound"
    assert check_certificate(thm1()).facts["value"] == 16 and check_certificate(thm1()).status == "almost-everywhere"
    shared = VALID["upper-bound-shared"]()
    assert (shared["proposition"]["value"], shared["evidence"]["method"]) == (81, "tied-cut-recursion")
    assert shared["proposition"]["object"]["ties"]


def test_the_n64_odd_even_rank_is_certified_without_a_minor():
    cert = n64()
    assert check_certificate(cert).facts["value"] == 4 ** 32
    lower = cert["evidence"]["premises"][0]["evidence"]["premises"][0]
    assert lower["evidence"]["method"] == "kronecker-blocks" and len(lower["evidence"]["blocks"]) == 32


# ------------------------------------------------------------------------------------------ forgeries
def test_wrong_value_is_refused():
    for make in (kron, thm1, VALID["pooling-upper"]):
        bad = make()
        bad["proposition"]["value"] = bad["proposition"]["value"] + 1 if bad["proposition"]["relation"] != "<=" else 1
        assert_refused(bad, "proposition.value", "does not entail")


def test_wrong_relation_is_refused():
    bad = kron()  # a block whose factorization is dropped proves only ">= 2" for it: the product is ">= 4"
    for key in ("scale", "factor"):
        del bad["evidence"]["blocks"][0][key]
    assert_refused(bad, "proposition.value", ">= 4")
    bad = VALID["pooling-lower"]()
    bad["proposition"]["relation"] = "="
    assert_refused(bad, "proposition.value", "does not entail")


def test_block_evidence_forgeries():
    bad = kron()
    bad["evidence"]["blocks"][1]["rows"] = [0, 0]
    assert_refused(bad, "evidence.blocks[1].rows", "distinct")
    bad = kron()
    bad["evidence"]["blocks"][0]["rows"] = [0, 2]  # row 2 of the block is a combination: singular minor
    assert_refused(bad, "evidence.blocks[0]", "singular|factor")
    bad = kron()  # the block's third column is zero (compact factor 0): a factor entry 1 is false
    bad["evidence"]["blocks"][0]["factor"]["data"] = "AQAAAAAAAAAAAAAAAAAAAA=="
    assert_refused(bad, "evidence.blocks[0].factor", "does not prove")
    bad = kron()
    bad["evidence"]["blocks"].pop()
    assert_refused(bad, "evidence.blocks", "2 blocks")
    bad = kron()
    bad["evidence"]["blocks"][0] = [0, 1]
    assert_refused(bad, "evidence.blocks[0]", "rows")
    bad = kron()
    bad["evidence"]["extra"] = 1
    assert_refused(bad, "evidence", "extra")


def test_json_numbers_for_integers_written_as_strings_are_refused():
    bad = kron()
    bad["evidence"]["blocks"][0]["prime"] = 2774207
    assert_refused(bad, "evidence.blocks[0].prime", "string")
    bad = kron()
    bad["evidence"]["blocks"][0]["scale"] = 1
    assert_refused(bad, "evidence.blocks[0].scale", "string")
    bad = kron()
    bad["evidence"]["blocks"][0]["prime"] = "4"
    assert_refused(bad, "evidence.blocks[0].prime", "not a prime")


def test_a_network_that_is_not_a_tensor_product_is_refused():
    bad = _d(kronecker_rank_certificate(bentkamp_witness(8, 2, (2, 2, 2)), "odd-even"))
    obj = bad["proposition"]["object"]
    out = obj["circuit"]["nodes"][obj["circuit"]["output"]]
    out["matrix"]["numerators"] = ["1", "1"]  # the output reads two channels: one block over all 8 inputs
    assert_refused(bad, "evidence.blocks", "1 blocks")
    net = GCConvAC.random((4,), 2, [(2, 1, 2), (3, 1, 1)], seed=3, low=1, high=9)  # overlapping windows
    src = to_circuit(net).source
    cert = copy.deepcopy(kron())
    src["nodes"][src["output"]]["matrix"]["numerators"] = ["1"] + ["0"] * (len(src["nodes"][src["output"]]["matrix"]["numerators"]) - 1)
    cert["proposition"]["object"] = {"circuit": src, "output": 0, "rows": [0, 1]}
    assert_refused(cert, "evidence.method", "overlap")


def test_premises_about_another_object_or_partition_are_refused():
    other = _d(upper_bound_certificate(QUAD, 2, (2, 3), "odd-even"))  # another architecture (r_1 = 3)
    bad = thm1()
    bad["evidence"]["premises"][1] = _strip(other)
    assert_refused(bad, "evidence.premises[1].proposition", "another quantity, object")
    moved = _d(upper_bound_certificate(QUAD, 2, (2, 2), [0, 1, 2, 4, 5, 6, 8, 9]))  # another partition
    bad = thm1()
    bad["evidence"]["premises"][1] = _strip(moved)
    assert_refused(bad, "evidence.premises[1].proposition", "another quantity, object")
    shared = VALID["upper-bound-shared"]()  # the shared weight space (ties) is another object
    bad = _d(thm1_certificate(QUAD, 2, (4, 4), "odd-even"))
    bad["evidence"]["premises"][1] = _strip(shared)
    assert_refused(bad, "evidence.premises", "another quantity|needs a lower bound")
    bad = kron_generic()  # the witness is lifted to another partition's statement
    bad["proposition"]["object"]["rows"] = [0, 1, 2, 3]
    assert_refused(bad, "proposition.object", "does not entail")


def test_prose_claiming_more_is_refused():
    bad = thm1()
    bad["claim"] = "for almost every weight setting, the rank is 16 and the Theorem-1 bounds are tight over Q"
    assert_refused(bad, "claim", "rendering")


def test_kind_and_version_confusion_is_refused():
    bad = kron()
    bad["kind"] = "kronecker-rank"
    assert_refused(bad, "kind", "format version 1")
    bad = kron()
    bad["schema_version"] = 1
    assert_refused(bad, "schema_version", "no longer read")
    bad = kron()
    bad["proposition"]["quantity"] = "generic_matricization_rank"
    assert_refused(bad, "proposition.object", "architecture")
    for kind, how in (("kronecker-rank", "kronecker_rank_certificate"), ("pooling-bounds", "pooling_bounds_certificate"),
                      ("structural-upper-bound", "upper_bound_certificate")):
        v1 = {"format": "exactnet.certificate", "schema_version": 1, "exactnet_version": "0.1.0", "kind": kind,
              "claim": "rank <= 2", "status": "upper-bound", "bound": 2}
        with pytest.raises(CertificateError, match=f"version 1 is no longer read.*{how}") as info:
            check_any(v1)
        assert info.value.field == "schema_version"


def test_duplicate_keys_are_refused():
    assert_duplicate_key_refused(kron(), '"method": "kronecker-blocks"',
                                 '"method": "kronecker-blocks", "method": "kronecker-blocks"', "method")


# ------------------------------------------------------------------------------------------ oracles
@settings(deadline=None, max_examples=20)
@given(st.sampled_from([((0, 1), (2, 3)), (((0, 1), (2, 3)), ((4, 5), (6, 7))), ((0, 1, 2, 3), (4, 5, 6, 7)),
                        ((0, 1), 2, 3), (((0, 7), (1, 6)), ((2, 5), (3, 4)))]),
       st.data())
def test_kernel_bounds_lie_between_exact_ranks_and_the_structural_rules(tree, data):
    t = PoolingTree.from_nested(tree)
    N = t.num_modes
    M = data.draw(st.integers(1, 3))
    widths = tuple(data.draw(st.integers(1, 4)) for _ in range(t.height))
    rows = sorted(data.draw(st.sets(st.integers(0, N - 1), min_size=1, max_size=N - 1)))
    part = Partition.from_rows(rows, N)
    net = DeepConvAC.random(t, M, widths, seed=data.draw(st.integers(0, 1000)))
    up = structural_upper(net, part)
    assert check_certificate(up.to_dict()).facts["value"] == up.value
    assert exact_rank(matricize(net.grid_tensor(output=0), part)).rank <= up.value <= min(
        structural_bounds(t, M, widths, part).values())
    if all(t.leaf_level(i) == 0 for i in range(N)):
        assert up.value <= pooling_bounds(t, M, widths, part).upper


@pytest.mark.parametrize("level", [1, 2])
def test_kronecker_rank_equals_the_dense_rank(level):
    net = kronecker_witness(8, 2, 2, level=level, seed=1)
    for rows in ([0, 2, 4, 6], [0, 1, 4, 5], [0, 7, 1, 6]):
        part = Partition.from_rows(sorted(rows), 8)
        c = kronecker_rank_certificate(net, part, level=level)
        assert c.check().facts["value"] == exact_rank(matricize(net.grid_tensor(output=0), part)).rank
