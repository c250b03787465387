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
    obj = c.to_dict()
    assert check_certificate(obj).facts["value"] == 16 and c.evidence == {"method": "sep-recursion"}
    bad = copy.deepcopy(obj)
    bad["proposition"]["value"] = 8
    with pytest.raises(CertificateError, match="<= 16 over Q\", which does not entail") as exc:
        check_certificate(bad)
    assert exc.value.field == "proposition.value"
    bad = copy.deepcopy(obj)
    bad["evidence"]["argument"] = "a prose argument"
    with pytest.raises(CertificateError) as exc:
        check_certificate(bad)
    assert exc.value.field == "evidence.argument"


def test_kronecker_rank_on_trees_with_permuted_leaves():
    from exactnet.theorems.geometry_bounds import named_geometry_tree

    for tree in (named_geometry_tree(16, 4, "mirror"), PoolingTree.from_nested([[3, 0], [1, 2]])):
        c = kronecker_rank_certificate(bentkamp_witness(tree, 2, (2,) * tree.height), "low-high", generic=True)
        facts = check_certificate(_obj(c)).facts
        assert facts["rank"] == c.data["rank"] >= 2


# ---------------------------------------------------------------- review fix: Kronecker blocks above level 1
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from exactnet.core.linalg import rank as _qrank  # noqa: E402
from exactnet.tensors import Partition, matricize  # noqa: E402
from exactnet.theorems.structured import kronecker_generic_rank, kronecker_witness  # noqa: E402


@settings(deadline=None, max_examples=20)
@given(st.sampled_from([(8, 2, 2), (8, 2, (3, 2, 2)), (9, 2, 3)]), st.integers(2, 3),
       st.lists(st.integers(0, 8), min_size=1, max_size=5, unique=True), st.integers(0, 50))
def test_higher_level_kronecker_rank_equals_dense_rank_and_the_checker_agrees(shape, level, rows, seed):
    """Oracle: the product of the level-k block ranks (prover and checker) equals the dense rank."""
    N, M, ws = shape
    tree = PoolingTree.from_windows(N, 3 if N == 9 else 2)
    level = min(level, tree.height)
    rows = sorted({r % N for r in rows})
    if len(rows) == N:
        rows = rows[:-1]
    part = Partition.from_rows(rows, N)
    net = kronecker_witness(tree, M, ws, level=level, seed=seed)
    dense = _qrank(matricize(net.grid_tensor(output=0), part)).rank
    cert = kronecker_rank_certificate(net, part, level=level)
    assert cert.data["rank"] == dense
    assert check_certificate(_obj(cert)).facts["rank"] == dense


def test_higher_level_kronecker_pins_partitions_that_split_no_window():
    """interleaved blocks of 4 / mirror pairs under mirror pooling split no level-1 window: Bentkamp's witness
    gives 1, blocks at a higher level reach the structural bound (before the fix: status lower-bound)."""
    from exactnet.theorems.geometry_bounds import named_geometry_tree
    from exactnet.tensors.geometry import partition_by_name

    s = kronecker_generic_rank(PoolingTree.binary(16), partition_by_name("interleaved-blocks:4", 16), 2, 2)
    assert s.status == "almost-everywhere" and s.rank == 2 ** 2 and s.certificate.check()
    s = kronecker_generic_rank(named_geometry_tree(16, 2, "mirror"), partition_by_name("mirror-pairs", 16), 2, 2)
    assert s.status == "almost-everywhere" and s.rank == 2 ** 4
    obj = _obj(s.certificate)
    assert obj["parts"][0]["block_level"] >= 2 and check_certificate(obj)
    bad = copy.deepcopy(obj)
    bad["parts"][0]["blocks"][0]["rank"] += 1
    with pytest.raises(CertificateError, match="has rank"):
        check_certificate(bad)
    bad = copy.deepcopy(obj)
    bad["parts"][0]["block_level"] = 9
    with pytest.raises(CertificateError, match="block_level"):
        check_certificate(bad)
    with pytest.raises(Exception, match="level"):
        kronecker_witness(8, 2, 2, level=4)
