"""sweep_partitions: dense and skeleton routes agree; bounds enclose the rank; enumeration and bad input."""

from __future__ import annotations

import pytest

from exactnet.errors import InvalidArgumentError, PartitionError
from exactnet.networks import DeepConvAC
from exactnet.tensors import Partition, PoolingTree
from exactnet.theorems.geometry_bounds import enumerate_partitions, named_geometry_tree, sweep_partitions


def test_dense_and_skeleton_sweeps_agree_on_every_partition_of_n8():
    tree = PoolingTree.binary(8)
    dense = sweep_partitions(tree, "all", M=2, widths=2, method="dense")
    skel = sweep_partitions(tree, "all", M=2, widths=2, method="skeleton")
    assert len(dense) == 127
    assert [r.rank for r in dense] == [r.rank for r in skel]
    for r in dense:
        low = r.rank if isinstance(r.rank, int) else r.rank[0]
        assert r.thm1_lower <= low <= r.structural_upper and low <= r.thm1_upper


def test_geometry_changes_which_partitions_are_high():
    N = 8
    lh = Partition.named("low-high", N)
    outer = Partition.from_rows([0, 1, 6, 7], N)
    cont = sweep_partitions(named_geometry_tree(N, 2, "contiguous"), [lh, outer], M=2, widths=2)
    mirr = sweep_partitions(named_geometry_tree(N, 2, "mirror"), [lh, outer], M=2, widths=2)
    assert [r.rank for r in cont] == [2, 4]
    assert [r.rank for r in mirr] == [16, 2]


def test_mirror_tree_with_windows_of_four():
    t = named_geometry_tree(16, 4, "mirror")
    assert t.structure[0] == (0, 15, 1, 14)
    rows = sweep_partitions(t, ["low-high"], M=2, widths=(2, 2))
    assert rows[0].rank == 16 and rows[0].split_windows == 4


def test_enumeration_counts_and_sampling():
    assert len(enumerate_partitions(6)) == 31
    assert len(enumerate_partitions(6, "balanced")) == 10
    sample = enumerate_partitions(20, 7, seed=3)
    assert len({p.rows for p in sample}) == 7 and all(0 in p.rows for p in sample)


def test_network_argument_and_bad_input():
    net = DeepConvAC.random(PoolingTree.binary(4), 2, (2, 2), seed=1)
    assert len(sweep_partitions(net, "all")) == 7
    with pytest.raises(InvalidArgumentError, match="'M' and 'widths' are required"):
        sweep_partitions(PoolingTree.binary(4))
    with pytest.raises(InvalidArgumentError, match="'method'"):
        sweep_partitions(PoolingTree.binary(4), M=2, widths=2, method="fast")
    with pytest.raises(PartitionError, match="even"):
        enumerate_partitions(5, "balanced")
    with pytest.raises(PartitionError, match="0..3"):
        sweep_partitions(PoolingTree.binary(4), [[0, 4]], M=2, widths=2)
    with pytest.raises(InvalidArgumentError, match="'geometry'"):
        named_geometry_tree(8, 2, "spiral")


def test_certified_sweep_verifies_every_row():
    rows = sweep_partitions(PoolingTree.binary(8), "balanced", M=2, widths=2, certify=True)
    plain = sweep_partitions(PoolingTree.binary(8), "balanced", M=2, widths=2)
    assert all(r.verified for r in rows) and len(rows) == 35
    assert [r.rank for r in rows] == [r.rank for r in plain]
