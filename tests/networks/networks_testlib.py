"""Strategies and helpers for the tests of exactnet.networks (small random networks).

The strategies are the public ones of :mod:`exactnet.testing.strategies`, configured here.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

from exactnet.networks import DeepConvAC, Representation, ShallowConvAC
from exactnet.tensors import PoolingTree
from exactnet.testing.strategies import deep_convacs, rationals, shallow_convacs

# binary and explicit trees, including N = 3, unbalanced trees, leaf orders that are not 0..N-1 and a height-1 tree
TREES = [
    PoolingTree.binary(2),
    PoolingTree.binary(3),  # ((0, 1), 2)
    PoolingTree.binary(4),
    PoolingTree.from_nested([0, [1, 2]]),
    PoolingTree.from_nested([[2, 0], 1]),
    PoolingTree.from_nested([[3, 1], [0, 2]]),
    PoolingTree.from_nested([[0, [1, 2]], 3]),
    PoolingTree.from_windows(4, 4),  # height 1: one pooling node
    PoolingTree.from_nested([[0, 1, 2], 3]),
]


#: Weight entries: half of the networks have integer weights, half rational ones (denominators up to 3).
INTEGER_WEIGHTS = rationals(min_value=-3, max_value=3, max_denominator=1)
RATIONAL_WEIGHTS = rationals(min_value=-3, max_value=3, max_denominator=3)


def deep_networks() -> st.SearchStrategy[DeepConvAC]:
    """Deep ConvACs on the trees above: M, widths <= 3, Y <= 2, any representation, shared or not.

    The public strategy :func:`exactnet.testing.strategies.deep_convacs` with the options these tests need.
    """
    return st.one_of(*(deep_convacs(trees=st.sampled_from(TREES), max_M=3, max_width=3, max_outputs=2, weights=w,
                                    representation=True) for w in (INTEGER_WEIGHTS, RATIONAL_WEIGHTS)))


def shallow_networks() -> st.SearchStrategy[ShallowConvAC]:
    """Shallow ConvACs with N = 1..4 (public :func:`~exactnet.testing.strategies.shallow_convacs`)."""
    return st.one_of(*(shallow_convacs(min_inputs=1, max_inputs=4, max_M=3, max_channels=3, max_outputs=2, weights=w,
                                       representation=True) for w in (INTEGER_WEIGHTS, RATIONAL_WEIGHTS)))


def random_patch(rng: np.random.Generator, rep: Representation):
    """A random exact patch for ``rep`` (a Fraction when patch_dim == 1, else a list)."""
    vals = [Fraction(int(rng.integers(-5, 6)), int(rng.integers(1, 5))) for _ in range(rep.patch_dim)]
    return vals[0] if rep.patch_dim == 1 else vals
