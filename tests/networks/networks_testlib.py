"""Shared Hypothesis strategies for the tests of exactnet.networks (small random networks)."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

from exactnet.core.qarray import QArray
from exactnet.networks import DeepConvAC, Representation, ShallowConvAC, relu_templates_representation
from exactnet.tensors import PoolingTree

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


def rational_matrix(rng: np.random.Generator, shape: tuple[int, int], rational: bool) -> QArray:
    num = rng.integers(-3, 4, size=shape)
    if not rational:
        return QArray.from_integers(num)
    den = rng.integers(1, 4, size=shape)
    arr = np.empty(shape, dtype=object)
    for idx in np.ndindex(*shape):
        arr[idx] = Fraction(int(num[idx]), int(den[idx]))
    return QArray.from_fractions(arr)


@st.composite
def representations(draw, M: int) -> Representation:
    kind = draw(st.sampled_from(["identity", "monomial", "relu", "relu-templates"]))
    if kind == "identity":
        return Representation.identity(M)
    if kind == "monomial":
        T = draw(st.integers(1, 3))
        ts = draw(st.lists(st.fractions(min_value=-2, max_value=2, max_denominator=3), min_size=T, max_size=T))
        return Representation.monomials(ts, M)
    if kind == "relu":
        s = draw(st.integers(1, 2))
        T = draw(st.integers(1, 3))
        small = st.fractions(min_value=-2, max_value=2, max_denominator=2)
        W = draw(st.lists(st.lists(small, min_size=s, max_size=s), min_size=M, max_size=M))
        b = draw(st.lists(small, min_size=M, max_size=M))
        X = draw(st.lists(st.lists(small, min_size=s, max_size=s), min_size=T, max_size=T))
        return Representation.relu(W, b, X)
    # relu features from M distinct scalar templates (invertible F)
    ts = draw(st.lists(st.integers(-3, 3), min_size=M, max_size=M, unique=True))
    return relu_templates_representation(ts)[0]


@st.composite
def deep_networks(draw) -> DeepConvAC:
    tree = draw(st.sampled_from(TREES))
    M = draw(st.integers(1, 3))
    H = tree.height
    widths = draw(st.lists(st.integers(1, 3), min_size=H, max_size=H))
    shared = draw(st.booleans())
    if shared:  # one leaf matrix: every leaf level must have the same width
        levels = {tree.leaf_level(i) for i in range(tree.num_modes)}
        for l in levels:
            widths[l] = widths[0]
    Y = draw(st.integers(1, 2))
    rep = draw(representations(M))
    seed = draw(st.integers(0, 2**32 - 1))
    rational = draw(st.booleans())
    rng = np.random.default_rng(seed)
    if shared:
        leaf = rational_matrix(rng, (widths[0], M), rational)
        nodes = [rational_matrix(rng, (widths[l], widths[l - 1]), rational) for l in range(1, H)]
    else:
        leaf = [rational_matrix(rng, (widths[tree.leaf_level(i)], M), rational) for i in range(tree.num_modes)]
        nodes = [rational_matrix(rng, (widths[tree.node_level(v)], widths[tree.node_level(v) - 1]), rational)
                 for v in tree.internal_nodes()]
    out = rational_matrix(rng, (Y, widths[H - 1]), rational)
    return DeepConvAC.from_weights(tree, rep, leaf, nodes, out, shared=shared)


@st.composite
def shallow_networks(draw) -> ShallowConvAC:
    N = draw(st.integers(1, 4))
    M = draw(st.integers(1, 3))
    Z = draw(st.integers(1, 3))
    Y = draw(st.integers(1, 2))
    shared = draw(st.booleans())
    rep = draw(representations(M))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    rational = draw(st.booleans())
    if shared:
        weights = rational_matrix(rng, (Z, M), rational)
    else:
        weights = [rational_matrix(rng, (Z, M), rational) for _ in range(N)]
    return ShallowConvAC.from_weights(N, rep, weights, rational_matrix(rng, (Y, Z), rational), shared=shared)


def random_patch(rng: np.random.Generator, rep: Representation):
    """A random exact patch for ``rep`` (a Fraction when patch_dim == 1, else a list)."""
    vals = [Fraction(int(rng.integers(-5, 6)), int(rng.integers(1, 5))) for _ in range(rep.patch_dim)]
    return vals[0] if rep.patch_dim == 1 else vals
