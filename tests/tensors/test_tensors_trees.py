"""Pooling trees: constructors, levels, node order, validation errors."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings

from exactnet.errors import InvalidArgumentError, ShapeError
from exactnet.tensors import PoolingTree

from tensors_testlib import flatten, height, internal_order, nested_trees


def test_from_windows_8_2():
    t = PoolingTree.from_windows(8, 2)
    assert t.structure == (((0, 1), (2, 3)), ((4, 5), (6, 7)))
    assert t.height == 3 and t.num_modes == 8
    assert t.internal_nodes() == ((0, 1), (2, 3), (4, 5), (6, 7), ((0, 1), (2, 3)), ((4, 5), (6, 7)))
    assert t.levels[0] == tuple(range(8))
    assert t.levels[1] == ((0, 1), (2, 3), (4, 5), (6, 7))
    assert t.levels[3] == (t.root,)
    assert all(t.leaf_level(i) == 0 for i in range(8))
    assert t.node_level(((4, 5), (6, 7))) == 2
    assert t.node_level(t.root) == 3
    assert t.children(((4, 5), (6, 7))) == ((4, 5), (6, 7))
    assert t.children(5) == ()
    assert t.parent(5) == (4, 5) and t.parent(t.root) is None
    assert t.modes_under(((4, 5), (6, 7))) == (4, 5, 6, 7)
    assert t.node_index((6, 7)) == 3 and t.node_index(((0, 1), (2, 3))) == 4
    assert PoolingTree.binary(8) == t
    assert PoolingTree.from_windows(8, [2, 2, 2]) == t


def test_from_windows_16_4_quad_tree():
    t = PoolingTree.from_windows(16, 4)
    assert t.height == 2
    assert t.structure == tuple(tuple(range(4 * k, 4 * k + 4)) for k in range(4))
    assert len(t.internal_nodes()) == 4
    assert t.internal_nodes(include_root=True)[-1] == t.root


def test_from_windows_12_mixed():
    t = PoolingTree.from_windows(12, (2, 3, 2))
    assert t.structure == (((0, 1), (2, 3), (4, 5)), ((6, 7), (8, 9), (10, 11)))
    assert t.height == 3
    assert [len(t.levels[l]) for l in range(4)] == [12, 6, 2, 1]
    assert t.internal_nodes()[6:] == (((0, 1), (2, 3), (4, 5)), ((6, 7), (8, 9), (10, 11)))
    # a last window pooling globally
    assert PoolingTree.from_windows(8, (2, 4)).structure == ((0, 1), (2, 3), (4, 5), (6, 7))
    assert PoolingTree.from_windows(5, 5).structure == (0, 1, 2, 3, 4)


def test_explicit_tree_n3():
    t = PoolingTree.from_nested([[0, 1], 2])
    assert t.height == 2
    assert t.leaf_level(2) == 1 and t.leaf_level(0) == 0
    assert t.node_level((0, 1)) == 1
    assert t.levels == ((0, 1), ((0, 1), 2), (((0, 1), 2),))
    assert t.internal_nodes() == ((0, 1),)
    assert t.to_nested() == [[0, 1], 2]
    assert t.is_leaf(2) and not t.is_leaf([0, 1])


def test_explicit_tree_n5_permuted_leaves():
    t = PoolingTree.from_nested([[4, [0, 2]], [3, 1]], N=5)
    assert t.leaves_left_to_right() == (4, 0, 2, 3, 1)
    assert t.height == 3
    # levels: (0, 2) at level 1; (4, (0, 2)) and (3, 1) at level 2
    assert t.internal_nodes() == ((0, 2), (4, (0, 2)), (3, 1))
    assert t.leaf_level(4) == 1 and t.leaf_level(0) == 0 and t.leaf_level(1) == 1
    assert t.modes_under((4, (0, 2))) == (4, 0, 2)
    assert t.node_index([3, 1]) == 2


def test_binary_and_mirror():
    assert PoolingTree.binary(2).structure == (0, 1)
    assert PoolingTree.binary(5).structure == (((0, 1), 2), (3, 4))
    assert PoolingTree.binary(6).structure == ((((0, 1), 2), ((3, 4), 5)))
    m = PoolingTree.mirror(8)
    assert m.structure == (((0, 7), (1, 6)), ((2, 5), (3, 4)))
    assert m.levels[1] == ((0, 7), (1, 6), (2, 5), (3, 4))
    assert PoolingTree.mirror(2).structure == (0, 1)
    assert PoolingTree.mirror(6).structure == (((0, 5), (1, 4)), (2, 3))  # unbalanced above the pairs


def test_json_round_trip():
    t = PoolingTree.from_windows(12, (2, 3, 2))
    assert PoolingTree.from_nested(json.loads(json.dumps(t.to_nested()))) == t
    assert PoolingTree.from_nested(t) == t
    assert hash(PoolingTree.from_nested(t.to_nested())) == hash(t)


def test_frozen():
    t = PoolingTree.binary(4)
    with pytest.raises(AttributeError):
        t.structure = (0, 1)


def test_numpy_leaves_accepted():
    assert PoolingTree.from_nested(np.array([[0, 1], [2, 3]])) == PoolingTree.binary(4)
    assert PoolingTree.from_nested([[np.int64(0), 1], 2]).structure == ((0, 1), 2)


# ---------------------------------------------------------------------------- errors
def test_from_nested_errors():
    with pytest.raises(ShapeError, match=r"Argument 'tree' must contain every mode 0..4 \(0-based\) exactly once; mode 2 is missing"):
        PoolingTree.from_nested([[0, 1], [3, 4]])
    with pytest.raises(ShapeError, match=r"mode 3 is missing \(all missing: \[3, 4\]\)"):
        PoolingTree.from_nested([[0, 1], 2], N=5)
    with pytest.raises(ShapeError, match=r"mode 1 appears twice \(at 'tree\[0\]\[1\]' and 'tree\[1\]\[0\]'\)"):
        PoolingTree.from_nested([[0, 1], [1, 2]])
    with pytest.raises(ShapeError, match=r"Argument 'tree\[1\]' is an internal node with a single child"):
        PoolingTree.from_nested([[0, 1], [2]])
    with pytest.raises(ShapeError, match=r"Argument 'tree\[1\]' is an empty internal node"):
        PoolingTree.from_nested([[0, 1], []])
    with pytest.raises(ShapeError, match=r"Argument 'tree\[0\]\[1\]' must be a mode index \(int\) or a list of >= 2 subtrees, not '1'"):
        PoolingTree.from_nested([[0, "1"], 2])
    with pytest.raises(ShapeError, match=r"not True"):
        PoolingTree.from_nested([[0, True], 2])
    with pytest.raises(ShapeError, match=r"Argument 'tree\[0\]\[0\]' must be a mode index in >= 0 \(0-based\), not -1"):
        PoolingTree.from_nested([[-1, 0], 1])
    with pytest.raises(ShapeError, match=r"Argument 'tree\[1\]' must be a mode index in 0..2 \(0-based\), not 3"):
        PoolingTree.from_nested([0, 3, 1, 2], N=3)
    with pytest.raises(ShapeError, match="must be a nested list with an internal root"):
        PoolingTree.from_nested(0)
    with pytest.raises(ShapeError, match=r"Argument 'net\.tree' is an internal node with a single child"):
        PoolingTree.from_nested([[0, 1]], name="net.tree")
    with pytest.raises(InvalidArgumentError, match="Argument 'N' must be an int >= 2, not 1"):
        PoolingTree.from_nested([0, 1], N=1)
    with pytest.raises(ShapeError, match="single child"):
        PoolingTree(((0, 1),))


def test_from_windows_errors():
    with pytest.raises(ShapeError, match=r"Argument 'N' must be a power of the window size 2 when 'windows' is an int, not 12.*windows=\(2, 2, 3\)"):
        PoolingTree.from_windows(12, 2)
    with pytest.raises(ShapeError, match=r"power of the window size 2.*not 7; pass a sequence of window sizes bottom-up whose product is 7$"):
        PoolingTree.from_windows(7, 2)
    with pytest.raises(ShapeError, match=r"Argument 'windows\[1\]'=3 must divide the 4 nodes of level 1 evenly"):
        PoolingTree.from_windows(8, (2, 3))
    with pytest.raises(ShapeError, match=r"Argument 'windows'=\(2, 2\) leaves 2 nodes at the top instead of one root"):
        PoolingTree.from_windows(8, (2, 2))
    with pytest.raises(ShapeError, match=r"too many levels.*windows\[2\]=2"):
        PoolingTree.from_windows(4, (2, 2, 2))
    with pytest.raises(InvalidArgumentError, match=r"Argument 'windows\[0\]' must be an int >= 2, not 1"):
        PoolingTree.from_windows(4, (1, 4))
    with pytest.raises(InvalidArgumentError, match="Argument 'windows' must be an int >= 2, not 1"):
        PoolingTree.from_windows(4, 1)
    with pytest.raises(InvalidArgumentError, match="Argument 'windows' must not be empty"):
        PoolingTree.from_windows(4, ())
    with pytest.raises(InvalidArgumentError, match="Argument 'windows' must be an int >= 2 or a sequence"):
        PoolingTree.from_windows(4, "2")
    with pytest.raises(InvalidArgumentError, match="Argument 'windows' must be an int >= 2 or a sequence"):
        PoolingTree.from_windows(4, True)
    with pytest.raises(InvalidArgumentError, match="Argument 'N' must be an int >= 2, not 1"):
        PoolingTree.from_windows(1, 2)
    with pytest.raises(InvalidArgumentError, match="Argument 'N' must be an int >= 2, not 1"):
        PoolingTree.binary(1)
    with pytest.raises(ShapeError, match="Argument 'N' must be even for mirror pooling, not 5"):
        PoolingTree.mirror(5)


def test_node_errors():
    t = PoolingTree.binary(4)
    with pytest.raises(InvalidArgumentError, match=r"Argument 'node' must be a node of the tree \[\[0, 1\], \[2, 3\]\]"):
        t.children((1, 2))
    with pytest.raises(InvalidArgumentError, match="Argument 'node' must be a node of the tree"):
        t.node_level(7)
    with pytest.raises(InvalidArgumentError, match="Argument 'node' must be a node of the tree"):
        t.depth({1})
    with pytest.raises(InvalidArgumentError, match="Argument 'node' must be an internal node other than the root"):
        t.node_index(t.root)
    with pytest.raises(InvalidArgumentError, match="Argument 'node' must be an internal node other than the root"):
        t.node_index(1)
    with pytest.raises(InvalidArgumentError, match=r"Argument 'mode' must be an int in 0..3 \(0-based\), not 4"):
        t.leaf_level(4)
    with pytest.raises(InvalidArgumentError, match=r"Argument 'mode' must be an int in 0..3"):
        t.leaf_level((0, 1))


# ---------------------------------------------------------------------------- properties
@settings(deadline=None, max_examples=60)
@given(nested_trees(max_modes=7))
def test_tree_facts_match_independent_computation(structure):
    t = PoolingTree.from_nested(structure)
    n = len(flatten(structure))
    assert t.num_modes == n
    assert t.structure == structure
    assert t.height == height(structure)
    assert list(t.leaves_left_to_right()) == flatten(structure)
    assert sorted(t.leaves_left_to_right()) == list(range(n))
    assert list(t.internal_nodes()) == internal_order(structure)
    assert t.modes_under(t.root) == t.leaves_left_to_right()
    assert PoolingTree.from_nested(t.to_nested()) == t
    for node in t.internal_nodes(include_root=True):
        for c in t.children(node):
            assert t.node_level(c) == t.node_level(node) - 1  # siblings share a level
            assert t.parent(c) == node
    # every node appears exactly once across the levels
    all_nodes = [x for lv in t.levels for x in lv]
    assert len(all_nodes) == len(set(all_nodes)) == n + len(t.internal_nodes()) + 1
    for k, node in enumerate(t.internal_nodes()):
        assert t.node_index(node) == k
