"""Shared strategies and independent oracles for the tests of exactnet.tensors.

The strategies are the public ones of :mod:`exactnet.testing.strategies`, configured here.

The oracles here do not use the code under test: entries are computed from the
formulas with Python Fractions, and ranks with FLINT directly.
"""

from __future__ import annotations

import math
from fractions import Fraction
from itertools import product

import flint

from exactnet.core.qarray import QArray
from exactnet.testing.strategies import (
    grid_tensors,
    mixed_magnitude_rationals,
    rational_matrices,
    rationals,
    tree_structures,
)


def flint_rank(X: QArray) -> int:
    """Rank over Q with python-flint (independent of exactnet.core's linear algebra)."""
    r, c = X.shape
    return flint.fmpq_mat(r, c, [flint.fmpq(int(v), X.den) for v in X.num.flat]).rank()


def fr(X: QArray, idx) -> Fraction:
    return Fraction(int(X.num[tuple(idx)]), X.den)


# ------------------------------------------------------------------ strategies (the public ones, configured)
SMALL = rationals(min_value=-4, max_value=4, max_denominator=3)
BIG = mixed_magnitude_rationals(max_abs=2**70, max_denominator=3)  # int64 overflow paths


def qarrays(shape, big=False):
    """Exact arrays of exactly ``shape`` (entries |x| <= 4, or mixed with |x| <= 2^70 when ``big``)."""
    return grid_tensors(mode_sizes=shape, elements=BIG if big else SMALL)


def tensors(min_dims=1, max_dims=4, max_side=3, big=False):
    return grid_tensors(min_order=min_dims, max_order=max_dims, max_mode_size=max_side, elements=BIG if big else SMALL)


def matrices(max_side=3, big=False):
    return rational_matrices(max_rows=max_side, max_cols=max_side, elements=BIG if big else SMALL)


def nested_trees(min_modes=2, max_modes=6):
    """Random pooling-tree structures (nested tuples) with modes in random leaf order."""
    return tree_structures(min_inputs=min_modes, max_inputs=max_modes)


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
