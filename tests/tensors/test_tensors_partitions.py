"""Partitions of modes (0-based): named partitions, blocks, validation errors."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from exactnet.errors import InvalidArgumentError, PartitionError
from exactnet.tensors import PARTITION_NAMES, Partition, as_partition


def test_odd_even_is_the_papers_odd_modes_zero_based():
    p = Partition.named("odd-even", 8)
    assert p.rows == (0, 2, 4, 6)  # the paper's 1-based odd modes {1, 3, 5, 7}
    assert p.cols == (1, 3, 5, 7)
    assert Partition.named("even-odd", 8) == p.swapped()
    assert Partition.named("odd_even", 8) == p
    assert Partition.named("ODD-EVEN", 8) == p


def test_low_high_and_odd_n():
    assert Partition.named("low-high", 8) == Partition((0, 1, 2, 3), (4, 5, 6, 7), 8)
    assert Partition.named("high-low", 8).rows == (4, 5, 6, 7)
    assert Partition.named("low-high", 3) == Partition((0,), (1, 2), 3)
    assert Partition.named("odd-even", 3) == Partition((0, 2), (1,), 3)
    assert set(PARTITION_NAMES) == {"odd-even", "even-odd", "low-high", "high-low"}


def test_blocks_theory_1_4():
    # N = 8, I = {1,2,5,6} (1-based) = {0,1,4,5} (0-based)
    assert Partition.blocks(8, 2) == Partition((0, 1, 4, 5), (2, 3, 6, 7), 8)
    assert Partition.blocks(8, 2, which="even").rows == (2, 3, 6, 7)
    assert Partition.blocks(8, 1) == Partition.named("odd-even", 8)
    assert Partition.blocks(8, 4) == Partition.named("low-high", 8)
    assert Partition.blocks(12, 3).rows == (0, 1, 2, 6, 7, 8)


def test_blocks_errors():
    with pytest.raises(PartitionError, match="Argument 'block_size' must divide num_modes=8 into at least 2 blocks, not 8"):
        Partition.blocks(8, 8)
    with pytest.raises(PartitionError, match="Argument 'block_size' must divide.*not 0"):
        Partition.blocks(8, 0)
    with pytest.raises(PartitionError, match="Argument 'block_size' must be an int"):
        Partition.blocks(8, "2")
    with pytest.raises(PartitionError, match="Argument 'which' must be 'odd'"):
        Partition.blocks(8, 2, which="first")


def test_named_errors():
    with pytest.raises(PartitionError, match="Argument 'partition' must be one of 'odd-even'.*not 'odd'"):
        Partition.named("odd", 4)
    with pytest.raises(PartitionError, match="must be one of.*not 3"):
        Partition.named(3, 4)
    with pytest.raises(PartitionError, match="Argument 'num_modes' must be >= 2 for the named partition 'odd-even'"):
        Partition.named("odd-even", 1)
    with pytest.raises(InvalidArgumentError, match="Argument 'num_modes' must be an int >= 1, not 0"):
        Partition.named("odd-even", 0)
    with pytest.raises(InvalidArgumentError, match="Argument 'num_modes' must be an int >= 1"):
        Partition((0,), (1,), True)


def test_as_partition_forms():
    p = Partition((0, 2), (1, 3), 4)
    assert as_partition(p, 4) is p
    assert as_partition("odd-even", 4) == p
    assert as_partition([2, 0], 4) == p
    assert as_partition((0, 2), 4, cols=(3, 1)) == p
    assert as_partition(np.array([0, 2]), 4) == p
    assert as_partition({np.int64(0), np.int64(2)}, 4) == p
    assert as_partition(range(0, 4, 2), 4) == p


def test_as_partition_errors():
    with pytest.raises(PartitionError, match="Argument 'rows' must not overlap 'cols'; mode 2 is in both"):
        as_partition([0, 2], 4, cols=[1, 2, 3])
    with pytest.raises(PartitionError, match="Arguments 'rows' and 'cols' must together cover every mode 0..3.*mode 1 is in neither"):
        as_partition([0], 4, cols=[2, 3])
    with pytest.raises(PartitionError, match=r"Argument 'rows' must hold 0-based mode indices in 0..3 \(N=4\), not 4"):
        as_partition([1, 4], 4)
    with pytest.raises(PartitionError, match="not -1"):
        as_partition([-1], 4)
    with pytest.raises(PartitionError, match="Argument 'rows' lists mode 1 twice"):
        as_partition([1, 1], 4)
    with pytest.raises(PartitionError, match="Argument 'rows' must hold 0-based mode indices.*not 1.0"):
        as_partition([1.0], 4)
    with pytest.raises(PartitionError, match="not True"):
        as_partition([True], 4)
    with pytest.raises(PartitionError, match="Argument 'rows' must be a collection of 0-based mode indices"):
        as_partition(3, 4)
    with pytest.raises(PartitionError, match="Argument 'cols' must hold 0-based mode indices in 0..3"):
        as_partition([0], 4, cols=[1, 2, 7])
    with pytest.raises(PartitionError, match="Argument 'cols' must not be empty"):
        as_partition([0, 1, 2, 3], 4)
    with pytest.raises(PartitionError, match="Argument 'rows' must not be empty"):
        as_partition([], 4)
    with pytest.raises(PartitionError, match="Argument 'rows' must not be empty"):
        as_partition(Partition((), (0, 1), 2), 2)
    with pytest.raises(PartitionError, match="Argument 'rows' is a partition of 4 modes, but the tensor has 3 modes"):
        as_partition(Partition.named("odd-even", 4), 3)
    with pytest.raises(PartitionError, match="Argument 'cols' must be None when 'rows' is already a Partition"):
        as_partition(Partition.named("odd-even", 4), 4, cols=[1])
    with pytest.raises(PartitionError, match="Argument 'cols' must be None when 'rows' is a named partition"):
        as_partition("odd-even", 4, cols=[1])
    with pytest.raises(PartitionError, match="Argument 'I' lists mode 0 twice"):
        as_partition([0, 0], 4, name="I")


def test_allow_empty():
    p = as_partition([], 3, allow_empty=True)
    assert p.rows == () and p.cols == (0, 1, 2) and p.is_trivial
    assert as_partition([0, 1, 2], 3, allow_empty=True).cols == ()
    assert not Partition.named("odd-even", 2).is_trivial


def test_partition_constructor_validates():
    with pytest.raises(PartitionError, match="Argument 'rows' must not overlap 'cols'; mode 1 is in both"):
        Partition((0, 1), (1, 2), 3)
    with pytest.raises(PartitionError, match="mode 2 is in neither"):
        Partition((0,), (1,), 3)
    with pytest.raises(PartitionError, match="Argument 'cols' lists mode 1 twice"):
        Partition((0,), (1, 1), 2)


def test_partition_is_frozen_and_hashable():
    p = Partition((2, 0), (1,), 3)
    assert p.rows == (0, 2)
    with pytest.raises(AttributeError):
        p.rows = (1,)
    assert len({p, Partition((0, 2), (1,), 3)}) == 1


def test_matrix_shape_and_str():
    p = Partition.named("low-high", 4)
    assert p.matrix_shape((2, 3, 4, 5)) == (6, 20)
    with pytest.raises(PartitionError, match="Argument 'shape' must have 4 modes"):
        p.matrix_shape((2, 3))
    assert "0-based" in str(p)


@settings(deadline=None, max_examples=40)
@given(st.integers(1, 7).flatmap(lambda n: st.tuples(st.just(n), st.sets(st.integers(0, n - 1)))))
def test_from_rows_complement_property(args):
    n, rows = args
    p = Partition.from_rows(rows, n)
    assert set(p.rows) == rows
    assert set(p.rows) | set(p.cols) == set(range(n))
    assert not set(p.rows) & set(p.cols)
    assert list(p.rows) == sorted(p.rows) and list(p.cols) == sorted(p.cols)
    assert p.swapped().swapped() == p
