"""Structured ranks (skeleton route) against the dense oracle, and the N = 64 instances."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exactnet.core.linalg import rank
from exactnet.errors import InvalidArgumentError, PartitionError, ResourceLimitError, ShapeError
from exactnet.networks import DeepConvAC, Representation, bentkamp_witness
from exactnet.tensors import Partition, PoolingTree, matricize
from exactnet.tensors.memory import check_dense_size
from exactnet.theorems.structured import (
    generic_odd_even_rank,
    network_structured_rank,
    skeleton_minor,
    structured_rank,
)

TREES = {
    "binary4": PoolingTree.binary(4), "binary6": PoolingTree.binary(6), "binary8": PoolingTree.binary(8),
    "mirror8": PoolingTree.mirror(8), "windows-2-3": PoolingTree.from_windows(6, (2, 3)),
    "ragged": PoolingTree.from_nested([[0, 1], [[2, 3], 4], 5]),
}


@st.composite
def instances(draw):
    tree = TREES[draw(st.sampled_from(sorted(TREES)))]
    N = tree.num_modes
    M = draw(st.integers(1, 3))
    ws = tuple(draw(st.integers(1, 3)) for _ in range(tree.height))
    rows = draw(st.lists(st.integers(0, N - 1), min_size=1, max_size=N - 1, unique=True))
    seed = draw(st.integers(0, 10_000))
    mono = draw(st.booleans())
    rep = Representation.monomials(list(range(M + 1)), M) if mono else None
    net = DeepConvAC.random(tree, M, ws, seed=seed, low=-2, high=2, representation=rep)
    return net, Partition.from_rows(rows, N)


@settings(deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_skeleton_rank_equals_dense_rank(inst):
    net, part = inst
    dense = rank(matricize(net.grid_tensor(output=0), part)).rank
    r, rows, cols = skeleton_minor(net, part)
    assert r == dense
    assert len(rows) == len(cols) == r
    if r:  # the minor is a genuine non-singular minor over Q (checked by the independent checker)
        s = network_structured_rank(net, part)
        assert s.lower == dense
        assert s.certificate.check()


@settings(deadline=None, max_examples=15)
@given(st.sampled_from(["odd-even", "low-high", [0, 3], [1, 2, 5]]), st.integers(0, 50))
def test_generic_structured_rank_matches_dense_witness_search(part, seed):
    from exactnet.theorems._lower import find_witness
    from exactnet.theorems.bounds import structural_bounds

    tree = PoolingTree.binary(8)
    s = structured_rank(tree, part, M=2, widths=(2, 2, 2), seeds=(seed, seed + 1, seed + 2))
    w = find_witness(tree, 2, (2, 2, 2), part, target=s.upper, styles=("random",), seeds=range(seed, seed + 3))
    assert w.rank <= s.upper and s.lower <= s.upper
    assert s.upper == min(structural_bounds(tree, 2, (2, 2, 2), part).values())
    if s.status == "almost-everywhere":
        assert s.certificate.check().facts["value"] == s.rank


def test_kronecker_equals_dense_on_small_trees():
    for tree, M, ws in ((PoolingTree.binary(4), 3, (2, 2)), (PoolingTree.binary(8), 2, (2, 1, 1)),
                        (PoolingTree.from_windows(16, 4), 2, (3, 3))):
        s = generic_odd_even_rank(tree, M, ws) if tree.height != 2 or tree.num_modes == 4 else None
        net = bentkamp_witness(tree, M, ws)
        dense = rank(matricize(net.grid_tensor(output=0), Partition.named("odd-even", tree.num_modes))).rank
        from exactnet.theorems.structured import kronecker_rank_certificate

        assert kronecker_rank_certificate(net, "odd-even").check().facts["value"] == dense
        if s is not None:
            assert s.lower == dense


@pytest.mark.parametrize("part, expected", [("low-high", 4), (Partition.blocks(64, 16), 16)])
def test_n64_structured_routes_are_fast_and_certified(part, expected):
    tree = PoolingTree.binary(64)
    with pytest.raises(ResourceLimitError, match="Refusing to build a dense"):
        check_dense_size((4,) * 64, what="grid tensor")
    start = time.perf_counter()
    s = structured_rank(tree, part, M=4, widths=4)
    report = s.certificate.check()
    assert time.perf_counter() - start < 10
    assert s.rank == expected and s.status == "almost-everywhere"
    assert report.facts["value"] == expected


def test_n64_generic_odd_even_rank_is_exact_integer():
    start = time.perf_counter()
    s = generic_odd_even_rank(PoolingTree.binary(64), 4, 4)
    report = s.certificate.check()
    assert time.perf_counter() - start < 10
    assert s.rank == 4 ** 32 and report.facts["value"] == 4 ** 32


def test_n64_dense_route_is_refused_with_a_clear_message():
    net = DeepConvAC.random(PoolingTree.binary(64), 4, 4, seed=0)
    with pytest.raises(ResourceLimitError, match="4\\^64"):
        net.grid_tensor(output=0)


@pytest.mark.slow
def test_n64_blocks_of_eight_rank_256():
    s = structured_rank(PoolingTree.binary(64), Partition.blocks(64, 8), M=4, widths=4)
    assert s.rank == 256 and s.certificate.check().facts["value"] == 256


def test_skeleton_refuses_large_ranks_with_a_way_out():
    net = DeepConvAC.random(PoolingTree.binary(64), 4, 4, seed=0)
    with pytest.raises(ResourceLimitError, match="Kronecker-structured witness"):
        skeleton_minor(net, "odd-even")


def test_lower_bound_status_when_the_structural_bound_is_not_reached():
    # a network with a zero leaf matrix has rank 0 < the structural bound: status says so
    tree = PoolingTree.binary(4)
    net = DeepConvAC.random(tree, 2, (2, 2), seed=0)
    zero = DeepConvAC.from_weights(tree, net.representation, [[[0, 0], [0, 0]]] + list(net.leaf_weights[1:]),
                                   list(net.node_weights), net.output_weights)
    s = network_structured_rank(zero, "odd-even")
    assert s.status == "lower-bound" and s.rank == (0, s.upper) and s.certificate is None


def test_bad_input_messages():
    with pytest.raises(PartitionError, match="0..7"):
        structured_rank(8, [0, 9], M=2, widths=2)
    with pytest.raises(PartitionError, match="must be one of"):
        structured_rank(8, "diagonal", M=2, widths=2)
    with pytest.raises(InvalidArgumentError, match="'M' is required"):
        structured_rank(8, "odd-even", widths=2)
    with pytest.raises(ShapeError, match="one width per level"):
        structured_rank(8, "odd-even", M=2, widths=(2, 2))
    with pytest.raises(ShapeError, match="mode 3 is missing"):
        structured_rank([[0, 1], [2, 4]], "odd-even", M=2, widths=2)
    with pytest.raises(InvalidArgumentError, match="must be a DeepConvAC"):
        skeleton_minor("net", "odd-even")
    with pytest.raises(InvalidArgumentError, match="Argument 'arch'"):
        structured_rank(2.5, "odd-even", M=2, widths=2)
