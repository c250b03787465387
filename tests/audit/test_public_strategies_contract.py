"""Item 11: the public Hypothesis strategies are importable, documented and bounded by default.

Also the two audit findings that are regression tests for other modules' owners (see the markers).
"""

from __future__ import annotations

import inspect
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import exactnet.testing.strategies as S
from exactnet.testing.strategies import (  # the documented import form
    deep_convacs,
    grid_tensors,
    low_rank_matrices,
    mixed_magnitude_rationals,
    partitions,
    pooling_trees,
    rational_matrices,
    rationals,
    representations,
    shallow_convacs,
    tree_structures,
)

FAST = settings(deadline=None, max_examples=30)


def test_every_public_strategy_is_exported_and_documented_with_an_example():
    for name in S.__all__:
        obj = getattr(S, name)
        doc = inspect.getdoc(obj) or ""
        assert doc.strip(), f"{name} has no docstring"
        assert ">>>" in doc, f"{name} has no example"
    expected = {"rationals", "rational_matrices", "grid_tensors", "partitions", "pooling_trees", "deep_convacs",
                "shallow_convacs"}
    assert expected <= set(S.__all__)


@FAST
@given(rationals())
def test_rationals_are_bounded_by_default(x):
    assert isinstance(x, Fraction) and -9 <= x <= 9 and x.denominator <= 4


@FAST
@given(mixed_magnitude_rationals())
def test_mixed_magnitude_rationals_are_bounded(x):
    assert abs(x) <= 2**70 and x.denominator <= 3


@FAST
@given(rational_matrices())
def test_rational_matrices_are_small_by_default(A):
    assert 1 <= A.shape[0] <= 5 and 1 <= A.shape[1] <= 5
    assert all(abs(x) <= 9 for row in A.tolist() for x in row)


@FAST
@given(low_rank_matrices())
def test_low_rank_matrices_are_small_by_default(pair):
    A, r = pair
    assert A.shape[0] <= 6 and A.shape[1] <= 6 and 0 <= r <= 3


@FAST
@given(grid_tensors())
def test_grid_tensors_are_small_by_default(T):
    assert 2 <= T.ndim <= 4 and all(1 <= m <= 3 for m in T.shape)


@FAST
@given(partitions())
def test_partitions_are_bounded_by_default(p):
    assert 2 <= p.num_modes <= 6 and p.rows and p.cols


@FAST
@given(tree_structures(), pooling_trees())
def test_trees_are_bounded_by_default(structure, tree):
    assert isinstance(structure, tuple)
    assert 2 <= tree.num_modes <= 6


@FAST
@given(st.integers(1, 3).flatmap(representations))
def test_representations_are_small(rep):
    assert 1 <= rep.M <= 3 and rep.num_templates <= 3


@FAST
@given(deep_convacs())
def test_deep_convacs_are_small_by_default(net):
    assert net.N <= 4 and net.M <= 3 and max(net.widths) <= 3 and net.Y == 1
    assert net.representation.kind == "identity"


@FAST
@given(shallow_convacs())
def test_shallow_convacs_are_small_by_default(net):
    assert 2 <= net.N <= 4 and net.M <= 3 and net.Z <= 3 and net.Y == 1


@FAST
@given(deep_convacs(shared=True, weights=rationals(max_denominator=2)))
def test_shared_deep_convacs_on_any_tree(net):
    assert net.shared and all(W == net.leaf_weights[0] for W in net.leaf_weights)


def test_bad_bounds_are_refused():
    with pytest.raises(ValueError, match="Argument 'min_value'=3 must be <= 'max_value'=1"):
        rationals(min_value=3, max_value=1)
    with pytest.raises(ValueError, match="Argument 'kinds' must be a non-empty subset"):
        representations(2, kinds=("nope",))
    with pytest.raises(ValueError, match="Argument 'max_abs' must be >= 4"):
        mixed_magnitude_rationals(max_abs=1)


# ------------------------------------------------------------------------------- audit findings
def test_qarray_scale_of_a_zero_array_by_a_huge_scalar():
    from exactnet import QArray

    assert QArray.zeros((2, 2)).scale(2**63) == QArray.zeros((2, 2))
