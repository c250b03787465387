"""Shared strategies and independent oracles for the tests of exactnet.tensors.

The oracles here do not use the code under test: entries are computed from the
formulas of theory.md with Python Fractions, and ranks with FLINT directly.
"""

from __future__ import annotations

import math
from fractions import Fraction
from itertools import product

import flint
import numpy as np
from hypothesis import strategies as st

from exactnet.core.qarray import QArray


def flint_rank(X: QArray) -> int:
    """Rank over Q with python-flint (independent of exactnet.core's linear algebra)."""
    r, c = X.shape
    return flint.fmpq_mat(r, c, [flint.fmpq(int(v), X.den) for v in X.num.flat]).rank()


def fr(X: QArray, idx) -> Fraction:
    return Fraction(int(X.num[tuple(idx)]), X.den)


# ------------------------------------------------------------------ strategies
small_ints = st.integers(-4, 4)
big_ints = st.one_of(st.integers(-4, 4), st.integers(-(2**70), 2**70))


@st.composite
def qarrays(draw, shape, big=False, dens=(1, 2, 3)):
    n = math.prod(shape)
    nums = draw(st.lists(big_ints if big else small_ints, min_size=n, max_size=n))
    den = draw(st.sampled_from(dens))
    arr = np.empty(n, dtype=object)
    arr[:] = nums
    return QArray.from_integers(arr.reshape(shape), den)


@st.composite
def shapes(draw, min_dims=1, max_dims=4, max_side=3):
    return tuple(draw(st.lists(st.integers(1, max_side), min_size=min_dims, max_size=max_dims)))


@st.composite
def tensors(draw, min_dims=1, max_dims=4, max_side=3, big=False):
    return draw(qarrays(draw(shapes(min_dims, max_dims, max_side)), big=big))


def _tree(draw, modes):
    if len(modes) == 1:
        return modes[0]
    k = draw(st.integers(2, min(3, len(modes))))
    cuts = sorted(draw(st.lists(st.integers(1, len(modes) - 1), min_size=k - 1, max_size=k - 1, unique=True)))
    bounds = [0] + cuts + [len(modes)]
    return tuple(_tree(draw, modes[a:b]) for a, b in zip(bounds, bounds[1:]))


@st.composite
def nested_trees(draw, min_modes=2, max_modes=6):
    """Random pooling-tree structures (nested tuples) with modes in random leaf order."""
    n = draw(st.integers(min_modes, max_modes))
    modes = draw(st.permutations(list(range(n))))
    return _tree(draw, list(modes))


# ------------------------------------------------------------------ independent tree facts
def flatten(node):
    return [node] if isinstance(node, int) else [m for c in node for m in flatten(c)]


def height(node):
    return 0 if isinstance(node, int) else 1 + max(height(c) for c in node)


def internal_order(structure):
    """Internal nodes except the root, sorted by (level, position of first leaf): computed independently."""
    h = height(structure)
    leaves = flatten(structure)
    found = []

    def walk(node, depth):
        if isinstance(node, tuple):
            if depth > 0:
                found.append((h - depth, leaves.index(flatten(node)[0]), node))
            for c in node:
                walk(c, depth + 1)

    walk(structure, 0)
    return [node for _, _, node in sorted(found, key=lambda t: (t[0], t[1]))]


def naive_ht_entry(structure, leaf, weights, out, y, d):
    """Entry A^y[d] of an HT decomposition by direct recursion with Fractions.

    ``leaf[i]``, ``weights[node]`` and ``out`` are nested lists of Fractions (out, in).
    """

    def phi(node, gamma):
        if isinstance(node, int):
            return leaf[node][gamma][d[node]]
        W = weights[node]
        return sum(
            (W[gamma][a] * math.prod((phi(c, a) for c in node), start=Fraction(1)) for a in range(len(W[0]))),
            Fraction(0),
        )

    return sum(
        (out[y][a] * math.prod((phi(c, a) for c in structure), start=Fraction(1)) for a in range(len(out[0]))),
        Fraction(0),
    )


def naive_cp_entry(factors, weights, y, d):
    return sum(
        (weights[y][z] * math.prod((factors[i][z][d[i]] for i in range(len(factors))), start=Fraction(1))
         for z in range(len(weights[0]))),
        Fraction(0),
    )


def all_indices(shape):
    return product(*(range(m) for m in shape))
