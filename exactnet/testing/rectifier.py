r"""Hypothesis strategies for rectifier networks and activation-pooling operators.

Everything is bounded by default (small N, M, widths, integer or small rational weights) so that the
exact grid tensors stay fast.  Uses exactnet's public API only.

>>> from hypothesis import given, settings
>>> @settings(max_examples=5, deadline=None)
... @given(deep_rectifier_nets(), operators())
... def t(net, g):
...     assert net.grid_tensor(method="evaluation") == net.grid_tensor()
>>> t()
"""

from __future__ import annotations

from typing import Sequence

from hypothesis import strategies as st

from exactnet.testing.strategies import deep_convacs, pooling_trees, rationals, shallow_convacs

__all__ = ["OPERATOR_NAMES", "operators", "rectifier_trees", "shallow_rectifier_nets", "deep_rectifier_nets"]

#: Names of the built-in operators (exactnet.tensors.generalized.OPERATORS).
OPERATOR_NAMES = ("product", "relu-max", "relu-sum", "linear-max", "linear-sum", "relu-product")

#: Fixed trees with windows of 2, 3 and 4 and uneven trees (leaves at different levels), 0-based modes.
FIXED_TREES = (
    (0, 1),
    ((0, 1), (2, 3)),
    (0, 1, 2),
    ((0, 1, 2), (3, 4, 5)),
    (0, 1, 2, 3),
    ((0, 1), (2, 3), (4, 5)),
    ((2, 0), (1, (3, 4))),
    ((0, (1, 2)), 3),
)


def operators(names: Sequence[str] = OPERATOR_NAMES) -> st.SearchStrategy:
    """Built-in :class:`~exactnet.tensors.generalized.PoolingOperator` values.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=3, deadline=None)
    ... @given(operators(["relu-max"]))
    ... def t(g):
    ...     assert g.name == "relu-max"
    >>> t()
    """
    from exactnet.tensors.generalized import OPERATORS

    return st.sampled_from([OPERATORS[n] for n in names])


def rectifier_trees(*, max_inputs: int = 5) -> st.SearchStrategy:
    """Pooling trees: the fixed ones of :data:`FIXED_TREES` (windows 2, 3, 4; uneven) or random ones.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5, deadline=None)
    ... @given(rectifier_trees(max_inputs=4))
    ... def t(tree):
    ...     assert 2 <= tree.num_modes <= 4
    >>> t()
    """
    from exactnet.tensors import PoolingTree

    fixed = [PoolingTree.from_nested(t) for t in FIXED_TREES if len(PoolingTree.from_nested(t).leaves_left_to_right()) <= max_inputs]
    return st.one_of(st.sampled_from(fixed), pooling_trees(max_inputs=max_inputs))


@st.composite
def shallow_rectifier_nets(draw, *, ops: Sequence[str] = OPERATOR_NAMES, max_inputs: int = 4, max_M: int = 3,
                           max_channels: int = 3, max_outputs: int = 2, shared: bool | None = None,
                           fractional: bool = False, representation: bool = True):
    """Small :class:`~exactnet.networks.rectifier.ShallowRectifierNet` (N >= 2).

    ``fractional=True`` draws rational weights (denominators up to 3) instead of integers in [-3, 3].

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5, deadline=None)
    ... @given(shallow_rectifier_nets(fractional=True))
    ... def t(net):
    ...     assert net.N >= 2 and net.grid_tensor(method="evaluation") == net.grid_tensor()
    >>> t()
    """
    from exactnet.networks.rectifier import ShallowRectifierNet

    net = draw(shallow_convacs(min_inputs=2, max_inputs=max_inputs, max_M=max_M, max_channels=max_channels,
                               max_outputs=max_outputs, shared=shared, representation=representation,
                               weights=rationals(min_value=-3, max_value=3, max_denominator=3) if fractional else None))
    return ShallowRectifierNet.from_convac(net, draw(operators(ops)))


@st.composite
def deep_rectifier_nets(draw, *, ops: Sequence[str] = OPERATOR_NAMES, trees: st.SearchStrategy | None = None,
                        max_M: int = 3, max_width: int = 3, max_outputs: int = 2, shared: bool | None = None,
                        fractional: bool = False, representation: bool = True):
    """Small :class:`~exactnet.networks.rectifier.DeepRectifierNet` over :func:`rectifier_trees`.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5, deadline=None)
    ... @given(deep_rectifier_nets(shared=True))
    ... def t(net):
    ...     assert net.shared and net.tree.height >= 1
    >>> t()
    """
    from exactnet.networks.rectifier import DeepRectifierNet

    net = draw(deep_convacs(trees=trees if trees is not None else rectifier_trees(), max_M=max_M,
                            max_width=max_width, max_outputs=max_outputs, shared=shared,
                            representation=representation,
                            weights=rationals(min_value=-3, max_value=3, max_denominator=3) if fractional else None))
    return DeepRectifierNet.from_convac(net, draw(operators(ops)))
