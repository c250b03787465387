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
    "mixed_magnitude_rationals",
    "rational_matrices",
    "low_rank_matrices",
    "grid_tensors",
    "partitions",
    "tree_structures",
    "pooling_trees",
    "representations",
    "deep_convacs",
    "shallow_convacs",
    "tt_decompositions",
    "tt_networks",
]


def _check_bounds(name_lo: str, lo: int, name_hi: str, hi: int) -> None:
    if lo > hi:
        raise ValueError(f"Argument '{name_lo}'={lo} must be <= '{name_hi}'={hi}")


def rationals(
    *, min_value: int = -9, max_value: int = 9, max_denominator: int = 4, allow_zero: bool = True
) -> st.SearchStrategy[Fraction]:
    """Exact rationals ``p/q`` with ``min_value <= p/q <= max_value`` and ``1 <= q <= max_denominator``.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10, deadline=None)
    ... @given(rationals(max_denominator=1))
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


def mixed_magnitude_rationals(*, max_abs: int = 2**70, max_denominator: int = 3) -> st.SearchStrategy[Fraction]:
    """Small rationals (``|x| <= 4``) mixed with huge ones (``|x| <= max_abs``): exercises int64 overflow paths.

    Use it as ``elements=`` of the array strategies to test exactness beyond 64-bit integers.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10, deadline=None)
    ... @given(mixed_magnitude_rationals(max_abs=2**64, max_denominator=1))
    ... def t(x):
    ...     assert abs(x) <= 2**64 and x.denominator == 1
    >>> t()
    """
    if max_abs < 4:
        raise ValueError(f"Argument 'max_abs' must be >= 4, not {max_abs!r}")
    return st.one_of(rationals(min_value=-4, max_value=4, max_denominator=max_denominator),
                     rationals(min_value=-max_abs, max_value=max_abs, max_denominator=max_denominator))


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
    """Dense rational matrices (as :class:`~exactnet.core.qarray.QArray`), small by default.

    ``elements`` draws each entry (default :func:`rationals`); e.g. ``mixed_magnitude_rationals()``
    for huge entries, ``rationals(max_denominator=1)`` for integer matrices.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10, deadline=None)
    ... @given(rational_matrices(max_rows=3, max_cols=2, elements=rationals(max_denominator=1)))
    ... def t(A):
    ...     assert A.shape[0] <= 3 and A.shape[1] <= 2 and A.den == 1
    >>> t()
    """
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
    """A pair ``(A, r)`` with ``A = B @ C`` for random B (m x r), C (r x n): rank(A) <= r.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10, deadline=None)
    ... @given(low_rank_matrices(max_rows=3, max_cols=3, max_rank=1))
    ... def t(pair):
    ...     A, r = pair
    ...     assert r <= 1 and A.shape[0] <= 3
    >>> t()
    """
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
    """Exact dense tensors (QArray) of order ``min_order..max_order``, or of exactly the shape ``mode_sizes``.

    Mode sizes are ``1..max_mode_size``; ``elements`` draws each entry (default rationals with
    denominators <= 2).

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10, deadline=None)
    ... @given(grid_tensors(mode_sizes=(2, 3), elements=rationals(max_denominator=1)))
    ... def t(A):
    ...     assert A.shape == (2, 3) and A.den == 1
    >>> t()
    """
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
    """A :class:`~exactnet.tensors.partitions.Partition` of ``num_modes`` modes into two non-empty sets.

    ``num_modes`` is an int or a strategy of ints (default 2..6).  Modes are 0-based.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10, deadline=None)
    ... @given(partitions(4))
    ... def t(p):
    ...     assert p.rows and p.cols and sorted(p.rows + p.cols) == [0, 1, 2, 3]
    >>> t()
    """
    from exactnet.tensors import Partition

    n = draw(num_modes) if isinstance(num_modes, st.SearchStrategy) else int(num_modes)
    if n < 2:
        raise ValueError(f"Argument 'num_modes' must be >= 2, not {n!r}")
    rows = draw(st.sets(st.integers(0, n - 1), min_size=1, max_size=n - 1))
    return Partition.from_rows(sorted(rows), n)


@st.composite
def tree_structures(draw, *, min_inputs: int = 2, max_inputs: int = 6, max_children: int = 3):
    """Raw pooling-tree structures: nested tuples over the modes ``0..N-1`` in a random leaf order.

    Every internal node has ``2..max_children`` children; N is drawn in ``min_inputs..max_inputs``.
    Feed them to :meth:`~exactnet.tensors.PoolingTree.from_nested` (or use :func:`pooling_trees`).

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10, deadline=None)
    ... @given(tree_structures(max_inputs=4))
    ... def t(s):
    ...     assert isinstance(s, tuple) and len(s) >= 2
    >>> t()
    """
    _check_bounds("min_inputs", min_inputs, "max_inputs", max_inputs)
    if min_inputs < 2 or max_children < 2:
        raise ValueError(f"Arguments 'min_inputs' and 'max_children' must be >= 2, not {min_inputs!r}, {max_children!r}")
    n = draw(st.integers(min_inputs, max_inputs))
    modes = draw(st.permutations(list(range(n))))

    def build(items):
        if len(items) == 1:
            return items[0]
        k = draw(st.integers(2, min(len(items), max_children)))
        cuts = sorted(draw(st.lists(st.integers(1, len(items) - 1), min_size=k - 1, max_size=k - 1, unique=True)))
        bounds = [0, *cuts, len(items)]
        return tuple(build(items[a:b]) for a, b in zip(bounds, bounds[1:]))

    return build(list(modes))


@st.composite
def pooling_trees(draw, *, min_inputs: int = 2, max_inputs: int = 6):
    """Random pooling trees over ``min_inputs..max_inputs`` modes (any shape, every internal node >= 2 children).

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10, deadline=None)
    ... @given(pooling_trees(max_inputs=5))
    ... def t(tree):
    ...     assert sorted(tree.leaves_left_to_right()) == list(range(tree.num_modes))
    >>> t()
    """
    from exactnet.tensors import PoolingTree

    return PoolingTree.from_nested(draw(tree_structures(min_inputs=min_inputs, max_inputs=max_inputs)))


REPRESENTATION_KINDS = ("identity", "monomial", "relu", "relu-templates")


def representations(M: int, *, kinds: Sequence[str] = REPRESENTATION_KINDS, max_templates: int = 3):
    """Representation layers with M functions: identity, monomials, ReLU features, or invertible ReLU templates.

    ``"relu-templates"`` is :func:`~exactnet.networks.relu_templates` on M distinct
    scalar templates (an invertible F).  Templates and weights are small exact rationals.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10, deadline=None)
    ... @given(representations(2, kinds=("monomial", "relu")))
    ... def t(rep):
    ...     assert rep.M == 2 and 1 <= rep.num_templates <= 3
    >>> t()
    """
    if not kinds or any(k not in REPRESENTATION_KINDS for k in kinds):
        raise ValueError(f"Argument 'kinds' must be a non-empty subset of {REPRESENTATION_KINDS}, not {kinds!r}")
    return _representations(M, tuple(kinds), max_templates)


@st.composite
def _representations(draw, M: int, kinds: tuple[str, ...], max_templates: int):
    from exactnet.networks import Representation, relu_templates

    kind = draw(st.sampled_from(kinds))
    small = rationals(min_value=-2, max_value=2, max_denominator=2)
    if kind == "identity":
        return Representation.identity(M)
    if kind == "monomial":
        T = draw(st.integers(1, max_templates))
        ts = draw(st.lists(rationals(min_value=-2, max_value=2, max_denominator=3), min_size=T, max_size=T))
        return Representation.monomials(ts, M)
    if kind == "relu":
        s = draw(st.integers(1, 2))
        T = draw(st.integers(1, max_templates))
        W = draw(st.lists(st.lists(small, min_size=s, max_size=s), min_size=M, max_size=M))
        b = draw(st.lists(small, min_size=M, max_size=M))
        X = draw(st.lists(st.lists(small, min_size=s, max_size=s), min_size=T, max_size=T))
        return Representation.relu(W, b, X)
    ts = draw(st.lists(st.integers(-3, 3), min_size=M, max_size=M, unique=True))
    return relu_templates(ts)[0]


def _matrix_of(draw, shape: tuple[int, int], elements: st.SearchStrategy) -> QArray:
    return QArray.from_nested([[draw(elements) for _ in range(shape[1])] for _ in range(shape[0])], "weights")


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
    representation: bool = False,
):
    """Random deep ConvACs (:class:`~exactnet.networks.DeepConvAC`) with small exact weights.

    All options are keyword-only and bounded by default.

    Parameters
    ----------
    trees : strategy of PoolingTree
        Default ``pooling_trees(max_inputs=4)``.
    max_M, max_width, max_outputs : int
        Upper bounds of M, of every width r_l and of Y.
    shared : bool or None
        Weight sharing; ``None`` draws it.  A shared network gets equal widths at every level that
        holds a leaf (one leaf matrix for all inputs).
    weights : strategy of exact rationals, optional
        Draws every weight entry; default: integers in [-3, 3] from a drawn seed (fast).
    representation : bool
        Draw the representation layer with :func:`representations` (default: the identity).

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10, deadline=None)
    ... @given(deep_convacs(max_outputs=2, weights=rationals(max_denominator=3), representation=True))
    ... def t(net):
    ...     assert 1 <= net.Y <= 2 and net.M <= 3
    >>> t()
    """
    from exactnet.networks import DeepConvAC, Representation

    tree = draw(trees if trees is not None else pooling_trees(max_inputs=4))
    M = draw(st.integers(1, max_M))
    H = tree.height
    widths = [draw(st.integers(1, max_width)) for _ in range(H)]
    is_shared = draw(st.booleans()) if shared is None else shared
    if is_shared:  # one leaf matrix: every level holding a leaf has the same width
        levels = sorted({tree.leaf_level(i) for i in range(tree.num_modes)})
        for l in levels:
            widths[l] = widths[levels[0]]
    Y = draw(st.integers(1, max_outputs))
    rep = draw(representations(M)) if representation else Representation.identity(M)
    if weights is None:
        seed = draw(st.integers(0, 2**31 - 1))
        return DeepConvAC.random(tree, M, widths, Y=Y, shared=is_shared, seed=seed, representation=rep)
    if is_shared:
        leaf: object = _matrix_of(draw, (widths[tree.leaf_level(0)], M), weights)
        nodes = [_matrix_of(draw, (widths[l], widths[l - 1]), weights) for l in range(1, H)]
    else:
        leaf = [_matrix_of(draw, (widths[tree.leaf_level(i)], M), weights) for i in range(tree.num_modes)]
        nodes = [_matrix_of(draw, (widths[tree.node_level(v)], widths[tree.node_level(v) - 1]), weights)
                 for v in tree.internal_nodes()]
    out = _matrix_of(draw, (Y, widths[H - 1]), weights)
    return DeepConvAC.from_weights(tree, rep, leaf, nodes, out, shared=is_shared)


@st.composite
def shallow_convacs(
    draw,
    *,
    min_inputs: int = 2,
    max_inputs: int = 4,
    max_M: int = 3,
    max_channels: int = 3,
    max_outputs: int = 1,
    shared: bool | None = None,
    weights: st.SearchStrategy | None = None,
    representation: bool = False,
):
    """Random shallow ConvACs (:class:`~exactnet.networks.ShallowConvAC`) with small exact weights.

    N in ``min_inputs..max_inputs``, M, Z (channels) and Y bounded; ``shared``, ``weights`` and
    ``representation`` as in :func:`deep_convacs`.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10, deadline=None)
    ... @given(shallow_convacs(min_inputs=1, max_channels=2))
    ... def t(net):
    ...     assert 1 <= net.N <= 4 and net.Z <= 2
    >>> t()
    """
    from exactnet.networks import Representation, ShallowConvAC

    _check_bounds("min_inputs", min_inputs, "max_inputs", max_inputs)
    N = draw(st.integers(min_inputs, max_inputs))
    M = draw(st.integers(1, max_M))
    Z = draw(st.integers(1, max_channels))
    Y = draw(st.integers(1, max_outputs))
    is_shared = draw(st.booleans()) if shared is None else shared
    rep = draw(representations(M)) if representation else Representation.identity(M)
    if weights is None:
        seed = draw(st.integers(0, 2**31 - 1))
        return ShallowConvAC.random(N, M, Z, Y=Y, shared=is_shared, seed=seed, representation=rep)
    W: object = (_matrix_of(draw, (Z, M), weights) if is_shared
                 else [_matrix_of(draw, (Z, M), weights) for _ in range(N)])
    return ShallowConvAC.from_weights(N, rep, W, _matrix_of(draw, (Y, Z), weights), shared=is_shared)


@st.composite
def tt_decompositions(draw, *, min_modes: int = 2, max_modes: int = 5, max_n: int = 3, max_rank: int = 3,
                      uniform_n: bool = False, weights: st.SearchStrategy | None = None):
    """Random tensor trains (:class:`~exactnet.tensors.TTDecomposition`): cores (r_k, n_k, r_(k+1)), small entries.

    ``uniform_n`` draws one mode size for all modes.  ``weights`` draws every core entry (default: integers in
    [-3, 3] from a drawn seed).

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10, deadline=None)
    ... @given(tt_decompositions(max_modes=4, weights=rationals(max_denominator=2)))
    ... def t(tt):
    ...     assert 2 <= tt.num_modes <= 4 and max(tt.ranks) <= 3
    >>> t()
    """
    from exactnet.tensors import TTDecomposition

    _check_bounds("min_modes", min_modes, "max_modes", max_modes)
    d = draw(st.integers(max(2, min_modes), max_modes))
    if uniform_n:
        sizes = [draw(st.integers(1, max_n))] * d
    else:
        sizes = [draw(st.integers(1, max_n)) for _ in range(d)]
    ranks = [1] + [draw(st.integers(1, max_rank)) for _ in range(d - 1)] + [1]
    if weights is None:
        seed = draw(st.integers(0, 2**31 - 1))
        rng = np.random.default_rng(seed)
        cores = [QArray.from_integers(rng.integers(-3, 4, size=(ranks[k], sizes[k], ranks[k + 1]), dtype=np.int64))
                 for k in range(d)]
    else:
        cores = [QArray.from_nested([[[draw(weights) for _ in range(ranks[k + 1])] for _ in range(sizes[k])]
                                     for _ in range(ranks[k])], "cores") for k in range(d)]
    return TTDecomposition(tuple(cores))


@st.composite
def tt_networks(draw, *, max_modes: int = 4, max_M: int = 3, max_rank: int = 3, representation: bool = False):
    """Random TT (recurrent multiplicative) networks (:class:`~exactnet.networks.TTNetwork`).

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5, deadline=None)
    ... @given(tt_networks(representation=True))
    ... def t(net):
    ...     assert net.M == net.tt.mode_sizes[0]
    >>> t()
    """
    from exactnet.networks import Representation, TTNetwork

    tt = draw(tt_decompositions(max_modes=max_modes, max_n=max_M, max_rank=max_rank, uniform_n=True))
    M = tt.mode_sizes[0]
    rep = draw(representations(M)) if representation else Representation.identity(M)
    return TTNetwork(tt, rep)
