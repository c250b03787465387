"""The kronecker-rank, pooling-bounds and gc-sep-upper-bound checker kinds: valid and corrupted certificates."""

from __future__ import annotations

import copy
import json

import pytest

from exactnet.checker import check_certificate
from exactnet.errors import CertificateError, DomainError
from exactnet.networks import DeepConvAC, bentkamp_witness
from exactnet.tensors import PoolingTree
from exactnet.theorems.geometry_bounds import pooling_bounds_certificate, thm1_certificate
from exactnet.theorems.overlap import gc_sep_certificate
from exactnet.theorems.structured import generic_odd_even_rank, kronecker_blocks, kronecker_rank_certificate


def _obj(cert):
    return json.loads(cert.to_json())


def test_kronecker_rank_valid_and_generic():
    c = kronecker_rank_certificate(bentkamp_witness(8, 3, (2, 2, 2)), "odd-even", generic=True)
    facts = check_certificate(_obj(c)).facts
    assert facts["rank"] == 16 and facts["generic"] and facts["weight_space"] == "both"


@pytest.mark.parametrize("path, value, field", [
    (("rank",), 17, "rank"),
    (("blocks", 0, "rank"), 3, "blocks[0].rank"),
    (("blocks", 0, "modes"), [0, 2], "blocks[0].modes"),
    (("network", "output_weights"), [["1", "1"]], "network.output_weights"),
    (("network", "node_weights", 1), [["1", "1"], ["0", "1"]], "network.node_weights[4]"),  # level 2, expanded
    (("status",), "exact", "status"),
    (("weight_space",), "everything", "weight_space"),
    (("claim",), "rank [A]_{I,J} = 32", "claim"),
])
def test_kronecker_rank_corrupted_is_rejected(path, value, field):
    obj = _obj(kronecker_rank_certificate(bentkamp_witness(8, 2, (2, 2, 2)), "odd-even", generic=True))
    target = obj
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(CertificateError) as exc:
        check_certificate(obj)
    assert exc.value.field == field


def test_kronecker_rank_refuses_a_non_kronecker_network_and_a_non_shared_point():
    net = DeepConvAC.random(PoolingTree.binary(4), 2, (2, 2), seed=3, low=1, high=3)
    with pytest.raises(DomainError, match="not of Kronecker form"):
        kronecker_blocks(net, "odd-even")
    obj = _obj(kronecker_rank_certificate(bentkamp_witness(4, 2, (2, 2)), "odd-even", generic=True))
    leaf = obj["network"]["leaf_weights"]
    obj["network"]["shared"] = False
    obj["network"]["leaf_weights"] = [leaf[0]] * 3 + [[["2", "0"], ["0", "1"]]]
    obj["network"]["node_weights"] = [obj["network"]["node_weights"][0]] * 2
    obj["blocks"][1]["rank"] = 2
    with pytest.raises(CertificateError) as exc:
        check_certificate(obj)
    assert exc.value.field == "network.shared"


def test_n64_kronecker_bundle_corrupted_upper_bound_is_rejected():
    obj = _obj(generic_odd_even_rank(PoolingTree.binary(64), 4, 4).certificate)
    assert check_certificate(obj).facts["conclusion"]["generic_rank"] == 4 ** 32
    bad = copy.deepcopy(obj)
    bad["parts"][1]["bound"] = 4 ** 32 + 1
    with pytest.raises(CertificateError) as exc:
        check_certificate(bad)
    assert exc.value.field == "parts[1].bound"
    bad = copy.deepcopy(obj)
    bad["conclusion"]["generic_rank"] = 4 ** 31
    with pytest.raises(CertificateError, match="parts prove"):
        check_certificate(bad)


def test_pooling_bounds_certificate_and_corruptions():
    c = pooling_bounds_certificate(PoolingTree.from_windows(16, 4), 2, (3, 3), "odd-even")
    obj = _obj(c)
    facts = check_certificate(obj).facts
    assert (facts["lower"], facts["upper"], facts["c_level1"]) == (16, 243, [3, 3, 3, 3])
    for key, value in (("upper", 256), ("lower", 81), ("split_windows", 3), ("c_level1", [3, 3, 3, 4])):
        bad = copy.deepcopy(obj)
        bad[key] = value
        with pytest.raises(CertificateError) as exc:
            check_certificate(bad)
        assert exc.value.field == key


def test_thm1_bundle_row_11():
    c = thm1_certificate(PoolingTree.from_windows(16, 4), 2, (3, 3), "odd-even")
    concl = check_certificate(_obj(c)).facts["conclusion"]
    assert concl == {"lower": 16, "upper": 243, "c1_max": 3, "generic_rank": 81}


def test_gc_sep_upper_bound_checker():
    from exactnet.networks.gcconvac import GCConvAC

    c = gc_sep_certificate(GCConvAC.random((8,), 2, [(2, 1, 2)] * 7), "left-right")
    obj = _obj(c)
    assert check_certificate(obj).facts["bound"] == 16
    bad = copy.deepcopy(obj)
    bad["bound"] = 8
    with pytest.raises(CertificateError, match="sep recursion gives 16"):
        check_certificate(bad)
    bad = copy.deepcopy(obj)
    del bad["argument"]
    with pytest.raises(CertificateError) as exc:
        check_certificate(bad)
    assert exc.value.field == "argument"


def test_kronecker_rank_on_trees_with_permuted_leaves():
    from exactnet.theorems.geometry_bounds import named_geometry_tree

    for tree in (named_geometry_tree(16, 4, "mirror"), PoolingTree.from_nested([[3, 0], [1, 2]])):
        c = kronecker_rank_certificate(bentkamp_witness(tree, 2, (2,) * tree.height), "low-high", generic=True)
        facts = check_certificate(_obj(c)).facts
        assert facts["rank"] == c.data["rank"] >= 2
