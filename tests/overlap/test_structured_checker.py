"""Kronecker-form witnesses, the Theorem-1 bounds and the GC sep bound as version-2 certificates (the kernel's
``kronecker-blocks``, structural recursions and rules); forgeries are in tests/adversarial/test_structured_adversarial.py."""

from __future__ import annotations

import copy
import json

import pytest

from exactnet.checker import check_certificate
from exactnet.errors import CertificateError
from exactnet.networks import bentkamp_witness
from exactnet.tensors import PoolingTree
from exactnet.theorems.geometry_bounds import pooling_bounds, thm1_certificate
from exactnet.theorems.overlap import gc_sep_certificate
from exactnet.theorems.structured import kronecker_rank_certificate


def _obj(cert):
    return json.loads(cert.to_json())


def test_thm1_row_11():
    c = thm1_certificate(PoolingTree.from_windows(16, 4), 2, (3, 3), "odd-even")
    b = pooling_bounds(PoolingTree.from_windows(16, 4), 2, (3, 3), "odd-even")
    assert check_certificate(_obj(c)).facts["value"] == 81 and c.status == "almost-everywhere"
    assert (b.lower, b.upper, max(b.c_level1)) == (16, 243, 3)


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
        assert check_certificate(_obj(c)).facts["value"] == c.value >= 2


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
    assert cert.value == dense and cert.relation == "="
    assert check_certificate(_obj(cert)).facts["value"] == dense


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
    witness = obj["evidence"]["premises"][0]["evidence"]["premises"][0]
    assert witness["evidence"]["method"] == "kronecker-blocks" and check_certificate(obj)
    bad = copy.deepcopy(obj)
    bad["evidence"]["premises"][0]["evidence"]["premises"][0]["evidence"]["blocks"].pop()
    with pytest.raises(CertificateError, match="blocks"):
        check_certificate(bad)
    with pytest.raises(Exception, match="level"):
        kronecker_witness(8, 2, 2, level=4)
