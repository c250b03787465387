"""Generalized ICLR-2017 Theorem-1 bounds: row 11, enclosure of the dense generic rank, bad input."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exactnet.core.linalg import rank
from exactnet.errors import DomainError, PartitionError
from exactnet.networks import DeepConvAC
from exactnet.tensors import Partition, PoolingTree, matricize
from exactnet.theorems.geometry_bounds import pooling_bounds
from exactnet.theorems.structured import kronecker_generic_rank


def test_row_11_c_recursion_and_bound():
    b = pooling_bounds(PoolingTree.from_windows(16, 4), 2, (3, 3), "odd-even")
    assert b.c_level1 == (3, 3, 3, 3) and b.upper == min(256, 3 * 3 ** 4) == 243
    assert b.lower == 16 and b.split_windows == 4


def test_low_high_upper_is_r_top():
    b = pooling_bounds(PoolingTree.from_windows(16, 4), 2, (2, 5), "low-high")
    assert b.upper == 5 and b.lower == 1 and b.split_windows == 0


@settings(deadline=None, max_examples=25)
@given(st.lists(st.integers(0, 7), min_size=1, max_size=7, unique=True), st.integers(1, 3), st.integers(1, 3),
       st.sampled_from(["binary", "mirror", "windows-4-2"]))
def test_bounds_enclose_random_and_witness_ranks(rows, r0, r1, shape):
    tree = {"binary": PoolingTree.binary(8), "mirror": PoolingTree.mirror(8),
            "windows-4-2": PoolingTree.from_windows(8, (4, 2))}[shape]
    ws = (r0,) + (r1,) * (tree.height - 1)
    part = Partition.from_rows(rows, 8)
    b = pooling_bounds(tree, 2, ws, part)
    net = DeepConvAC.random(tree, 2, ws, seed=sum(rows), low=-5, high=5)
    dense = rank(matricize(net.grid_tensor(output=0), part)).rank
    assert dense <= b.upper
    from exactnet.networks import bentkamp_witness
    from exactnet.theorems.structured import kronecker_rank_certificate

    # Bentkamp's witness (level-1 blocks) reaches the lower bound exactly
    assert kronecker_rank_certificate(bentkamp_witness(tree, 2, ws), part).value == b.lower
    witness = kronecker_generic_rank(tree, part, 2, ws)  # may use higher-level blocks: at least as good
    assert b.lower <= witness.lower <= witness.upper and witness.lower <= b.upper


def test_bad_input():
    with pytest.raises(DomainError, match="must be full"):
        pooling_bounds(PoolingTree.binary(6), 2, 2, "odd-even")
    with pytest.raises(PartitionError, match="0..15"):
        pooling_bounds(PoolingTree.from_windows(16, 4), 2, (2, 2), [0, 16])
    with pytest.raises(PartitionError, match="must be one of"):
        pooling_bounds(PoolingTree.from_windows(16, 4), 2, (2, 2), "zigzag")
