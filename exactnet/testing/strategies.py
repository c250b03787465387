r"""Public Hypothesis strategies for exactnet objects.

Import them for your own property tests::

    from hypothesis import given
    from exactnet.testing.strategies import rational_matrices

    @given(rational_matrices(max_rows=4, max_cols=4))
    def test_rank_of_transpose(A):
        ...

Every strategy is **bounded by default** (small shapes, small numerators and
denominators) so that exact arithmetic stays fast; widen the bounds explicitly
when you need to.  Options are keyword-only and follow Hypothesis' naming
(``min_value``/``max_value``, ``max_denominator``, ``min_size``/``max_size``).

This module is a side branch of the layering: it uses exactnet's public API and
nothing in exactnet imports it.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Sequence

import numpy as np
from hypothesis import strategies as st

from exactnet.core.qarray import QArray

__all__ = [
    "rationals",
    "rational_matrices",
    "low_rank_matrices",
    "grid_tensors",
    "partitions",
    "pooling_trees",
    "deep_convacs",
    "shallow_convacs",
]


def _check_bounds(name_lo: str, lo: int, name_hi: str, hi: int) -> None:
    if lo > hi:
        raise ValueError(f"Argument '{name_lo}'={lo} must be <= '{name_hi}'={hi}")


def rationals(
    *, min_value: int = -9, max_value: int = 9, max_denominator: int = 4, allow_zero: bool = True
) -> st.SearchStrategy[Fraction]:
    """Exact rationals ``p/q`` with ``min_value <= p/q <= max_value`` and ``1 <= q <= max_denominator``.

    >>> from hypothesis import given
    >>> @given(rationals(max_denominator=1))
    ... def t(x):
    ...     assert x.denominator == 1
    >>> t()
    """
    _check_bounds("min_value", min_value, "max_value", max_value)
    if max_denominator < 1:
        raise ValueError(f"Argument 'max_denominator' must be >= 1, not {max_denominator!r}")
    s = st.fractions(min_value=min_value, max_value=max_value, max_denominator=max_denominator)
    if not allow_zero:
        s = s.filter(lambda x: x != 0)
    return s


@st.composite
def rational_matrices(
    draw,
    *,
    min_rows: int = 1,
    max_rows: int = 5,
    min_cols: int = 1,
    max_cols: int = 5,
    elements: st.SearchStrategy | None = None,
) -> QArray:
    """Dense rational matrices (as :class:`~exactnet.core.qarray.QArray`), small by default."""
    _check_bounds("min_rows", min_rows, "max_rows", max_rows)
    _check_bounds("min_cols", min_cols, "max_cols", max_cols)
    elements = elements if elements is not None else rationals()
    m = draw(st.integers(min_rows, max_rows))
    n = draw(st.integers(min_cols, max_cols))
    rows = [[draw(elements) for _ in range(n)] for _ in range(m)]
    return QArray.from_nested(rows, "matrix") if m and n else QArray.zeros((m, n))


@st.composite
def low_rank_matrices(
    draw, *, max_rows: int = 6, max_cols: int = 6, max_rank: int = 3, elements: st.SearchStrategy | None = None
) -> tuple[QArray, int]:
    """A pair ``(A, r)`` with ``A = B @ C`` for random B (m x r), C (r x n): rank(A) <= r."""
    elements = elements if elements is not None else rationals(min_value=-3, max_value=3, max_denominator=2)
    m = draw(st.integers(1, max_rows))
    n = draw(st.integers(1, max_cols))
    r = draw(st.integers(0, max_rank))
    if r == 0:
        return QArray.zeros((m, n)), 0
    B = QArray.from_nested([[draw(elements) for _ in range(r)] for _ in range(m)], "B")
    C = QArray.from_nested([[draw(elements) for _ in range(n)] for _ in range(r)], "C")
    return B @ C, r


@st.composite
def grid_tensors(
    draw,
    *,
    min_order: int = 2,
    max_order: int = 4,
    mode_sizes: Sequence[int] | None = None,
    max_mode_size: int = 3,
    elements: st.SearchStrategy | None = None,
) -> QArray:
    """Exact dense tensors of order ``min_order..max_order`` (or of the given ``mode_sizes``)."""
    elements = elements if elements is not None else rationals(max_denominator=2)
    if mode_sizes is None:
        order = draw(st.integers(min_order, max_order))
        mode_sizes = [draw(st.integers(1, max_mode_size)) for _ in range(order)]
    shape = tuple(int(m) for m in mode_sizes)
    size = int(np.prod(shape)) if shape else 1
    flat = [draw(elements) for _ in range(size)]
    arr = np.empty(size, dtype=object)
    arr[:] = flat
    return QArray.from_fractions(arr.reshape(shape))


@st.composite
def partitions(draw, num_modes: int | st.SearchStrategy[int] = st.integers(2, 6)):
    """A :class:`~exactnet.tensors.partitions.Partition` of ``num_modes`` modes into two non-empty sets."""
    from exactnet.tensors import Partition

    n = draw(num_modes) if isinstance(num_modes, st.SearchStrategy) else int(num_modes)
    if n < 2:
        raise ValueError(f"Argument 'num_modes' must be >= 2, not {n!r}")
    rows = draw(st.sets(st.integers(0, n - 1), min_size=1, max_size=n - 1))
    return Partition.from_rows(sorted(rows), n)


@st.composite
def pooling_trees(draw, *, min_inputs: int = 2, max_inputs: int = 6):
    """Random pooling trees over ``min_inputs..max_inputs`` modes (any shape, every internal node >= 2 children)."""
    from exactnet.tensors import PoolingTree

    n = draw(st.integers(min_inputs, max_inputs))
    modes = draw(st.permutations(list(range(n))))

    def build(items):
        if len(items) == 1:
            return items[0]
        k = draw(st.integers(2, min(len(items), 3)))
        cuts = sorted(draw(st.lists(st.integers(1, len(items) - 1), min_size=k - 1, max_size=k - 1, unique=True)))
        bounds = [0, *cuts, len(items)]
        return tuple(build(items[a:b]) for a, b in zip(bounds, bounds[1:]))

    if n == 1:
        raise ValueError("a pooling tree needs at least 2 inputs")
    structure = build(list(modes))
    if isinstance(structure, int):  # pragma: no cover - n >= 2 guarantees a tuple
        structure = (structure,)
    return PoolingTree.from_nested(structure)


@st.composite
def deep_convacs(
    draw,
    *,
    trees: st.SearchStrategy | None = None,
    max_M: int = 3,
    max_width: int = 3,
    max_outputs: int = 1,
    shared: bool | None = None,
    weights: st.SearchStrategy | None = None,
):
    """Random deep ConvACs (:class:`~exactnet.networks.DeepConvAC`) with small exact weights."""
    from exactnet.networks import DeepConvAC, Representation

    tree = draw(trees if trees is not None else pooling_trees(max_inputs=4))
    M = draw(st.integers(1, max_M))
    is_shared = draw(st.booleans()) if shared is None else shared
    if is_shared:
        depths = {tree.leaf_level(i) for i in range(tree.num_modes)}
        if len(depths) != 1:
            is_shared = False
    widths = [draw(st.integers(1, max_width)) for _ in range(tree.height)]
    Y = draw(st.integers(1, max_outputs))
    seed = draw(st.integers(0, 2**31 - 1))
    return DeepConvAC.random(tree, M, widths, Y=Y, shared=is_shared, seed=seed, representation=Representation.identity(M))


@st.composite
def shallow_convacs(draw, *, max_inputs: int = 4, max_M: int = 3, max_channels: int = 3, shared: bool | None = None):
    """Random shallow ConvACs (:class:`~exactnet.networks.ShallowConvAC`) with small exact weights."""
    from exactnet.networks import ShallowConvAC

    N = draw(st.integers(2, max_inputs))
    M = draw(st.integers(1, max_M))
    Z = draw(st.integers(1, max_channels))
    is_shared = draw(st.booleans()) if shared is None else shared
    seed = draw(st.integers(0, 2**31 - 1))
    return ShallowConvAC.random(N, M, Z, shared=is_shared, seed=seed)
