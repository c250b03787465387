"""Pooling geometry (exactnet.tensors.geometry): named partitions, explicit sets, enumeration, quad-tree order."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exactnet.errors import InvalidArgumentError, PartitionError
from exactnet.tensors import Partition, PoolingTree
from exactnet.tensors.geometry import (
    PARTITION_NAMES_1D,
    PARTITION_NAMES_2D,
    all_balanced_partitions,
    ascii_picture,
    count_balanced_partitions,
    partition_by_name,
    partition_from_sets,
    quad_tree_order,
    random_partitions,
    to_quad_tree_modes,
)


@pytest.mark.parametrize("name,rows", [
    ("odd-even", (0, 2, 4, 6)),
    ("even-odd", (1, 3, 5, 7)),
    ("low-high", (0, 1, 2, 3)),
    ("left-right", (0, 1, 2, 3)),
    ("high-low", (4, 5, 6, 7)),
    ("interleaved-blocks:2", (0, 1, 4, 5)),
    ("interleaved-blocks:3", (0, 1, 2, 6, 7)),
    ("blocks:2", (0, 1, 4, 5)),
    ("mirror-pairs", (0, 2, 5, 7)),
    ("Odd_Even", (0, 2, 4, 6)),
])
def test_1d_names(name, rows):
    p = partition_by_name(name, 8)
    assert p.rows == rows and p.num_modes == 8
    assert partition_by_name(name, (8,)) == p


def test_1d_names_agree_with_foundation():
    for name in ("odd-even", "even-odd", "low-high", "high-low"):
        assert partition_by_name(name, 6) == Partition.named(name, 6)
    assert partition_by_name("blocks:2", 8) == Partition.blocks(8, 2)


def test_mirror_pairs_are_kept_together_by_mirror_pooling():
    p = partition_by_name("mirror-pairs", 8)
    for pair in PoolingTree.mirror(8).levels[1]:
        assert set(pair) <= set(p.rows) or set(pair) <= set(p.cols)


@pytest.mark.parametrize("name,picture", [
    ("left-right", "IIJJ\nIIJJ\nIIJJ\nIIJJ"),
    ("top-bottom", "IIII\nIIII\nJJJJ\nJJJJ"),
    ("checkerboard", "IJIJ\nJIJI\nIJIJ\nJIJI"),
    ("interleaved-blocks:2", "IIJJ\nIIJJ\nJJII\nJJII"),
    ("interleaved-blocks:1", "IJIJ\nJIJI\nIJIJ\nJIJI"),
    ("mirror", "IJJI\nIJJI\nIJJI\nIJJI"),
    ("odd-even", "IJIJ\nIJIJ\nIJIJ\nIJIJ"),
    ("low-high", "IIII\nIIII\nJJJJ\nJJJJ"),
])
def test_2d_names(name, picture):
    p = partition_by_name(name, (4, 4))
    assert ascii_picture(p, (4, 4)) == picture


def test_2d_row_major_modes():
    p = partition_by_name("left-right", (2, 4))
    assert p.rows == (0, 1, 4, 5)  # mode r * W + c
    assert partition_by_name("top-bottom", (3, 2)).rows == (0, 1)


def test_quad_tree_order_matches_the_foundation_quad_tree():
    order = quad_tree_order(4, 4)
    assert sorted(order) == list(range(16))
    # each window of 4 consecutive recursive modes is a 2 x 2 block of patches
    for w in range(4):
        cells = {(m // 4, m % 4) for m in order[4 * w: 4 * w + 4]}
        r0, c0 = min(cells)
        assert cells == {(r0 + a, c0 + b) for a in (0, 1) for b in (0, 1)}
    assert len(quad_tree_order(8)) == 64
    # the paper's odd/even (recursive modes) is a fine interleaving: the columns pattern in row-major modes
    paper_odd = Partition.named("odd-even", 16)
    rows_row_major = {order[k] for k in paper_odd.rows}
    assert rows_row_major == {m for m in range(16) if (m % 4) % 2 == 0}
    # low/high in recursive modes = top half in row-major modes
    low = Partition.named("low-high", 16)
    assert {order[k] for k in low.rows} == set(partition_by_name("top-bottom", (4, 4)).rows)
    assert to_quad_tree_modes(partition_by_name("top-bottom", (4, 4)), 4) == low


def test_quad_tree_order_errors():
    with pytest.raises(InvalidArgumentError, match="equal powers of 2"):
        quad_tree_order(4, 2)
    with pytest.raises(InvalidArgumentError, match="equal powers of 2"):
        quad_tree_order(6)
    with pytest.raises(PartitionError, match="Partition of 16 modes"):
        to_quad_tree_modes(Partition.named("odd-even", 8), 4)


def test_unknown_names_list_the_known_ones():
    with pytest.raises(PartitionError, match="'odd-even', 'even-odd', .*'mirror-pairs' for a 1-D input of 8 modes"):
        partition_by_name("checkerboard", 8)
    with pytest.raises(PartitionError, match="'left-right', 'top-bottom', 'checkerboard'.* for a 2-D input of 2 x 2"):
        partition_by_name("mirror-pairs", (2, 2))
    with pytest.raises(PartitionError, match="block size K >= 1 as 'interleaved-blocks:K'"):
        partition_by_name("interleaved-blocks:x", 8)
    with pytest.raises(PartitionError, match="K = 8 modes, but N = 8"):
        partition_by_name("interleaved-blocks:8", 8)
    with pytest.raises(PartitionError, match="must divide num_modes=8"):
        partition_by_name("blocks:3", 8)
    with pytest.raises(PartitionError, match="N must be even, not 7"):
        partition_by_name("mirror-pairs", 7)
    with pytest.raises(PartitionError, match="W must be even, not 3"):
        partition_by_name("mirror", (2, 3))
    with pytest.raises(PartitionError, match="leaves one side empty on a 1 x 4 input"):
        partition_by_name("top-bottom", (1, 4))
    with pytest.raises(PartitionError, match="partition name \\(str\\)"):
        partition_by_name(3, 8)
    with pytest.raises(InvalidArgumentError, match="input_shape"):
        partition_by_name("odd-even", (2, 2, 2))


def test_partition_from_sets():
    assert partition_from_sets([0, 3], 4).cols == (1, 2)
    assert partition_from_sets([(0, 1), (1, 0)], (2, 2)).rows == (1, 2)
    assert partition_from_sets([0, 1], 4, cols=[2, 3]).rows == (0, 1)
    with pytest.raises(PartitionError, match="mode 1 is in both"):
        partition_from_sets([0, 1], 4, cols=[1, 2, 3])
    with pytest.raises(PartitionError, match="mode 3 is in neither"):
        partition_from_sets([0, 1], 4, cols=[2])
    with pytest.raises(PartitionError, match="0..3 \\(N=4\\), not 4"):
        partition_from_sets([0, 4], 4)
    with pytest.raises(PartitionError, match="lists mode 1 twice"):
        partition_from_sets([1, 1], 4)
    with pytest.raises(PartitionError, match="outside the 2 x 2 input"):
        partition_from_sets([(2, 0)], (2, 2))
    with pytest.raises(PartitionError, match="'rows' must not be empty"):
        partition_from_sets([], 4)
    with pytest.raises(PartitionError, match="'cols' must not be empty"):
        partition_from_sets(range(4), 4)
    with pytest.raises(PartitionError, match="collection of 0-based modes"):
        partition_from_sets("01", 4)


@pytest.mark.parametrize("N", [2, 3, 4, 5, 6, 8])
def test_all_balanced_partitions(N):
    parts = list(all_balanced_partitions(N))
    assert len(parts) == count_balanced_partitions(N)
    keys = {frozenset([p.rows, p.cols]) for p in parts}
    assert len(keys) == len(parts)
    assert all(len(p.rows) == N // 2 for p in parts)
    if N % 2 == 0:
        assert len(parts) == math.comb(N, N // 2) // 2


@settings(max_examples=20, deadline=None)
@given(st.integers(4, 30), st.integers(0, 20), st.integers(0, 10**6))
def test_random_partitions(N, count, seed):
    parts = random_partitions(N, count, seed=seed)
    assert len(parts) == min(count, count_balanced_partitions(N))
    assert len({(p.rows, p.cols) for p in parts}) == len(parts)
    assert len({frozenset([p.rows, p.cols]) for p in parts}) == len(parts)
    assert all(len(p.rows) == N // 2 for p in parts)
    assert parts == random_partitions(N, count, seed=seed)


def test_random_partitions_errors_and_names_lists():
    with pytest.raises(InvalidArgumentError, match="'count' must be an int >= 0"):
        random_partitions(8, -1)
    assert "checkerboard" in PARTITION_NAMES_2D and "mirror-pairs" in PARTITION_NAMES_1D
