r"""Public Hypothesis strategies for small piecewise-linear networks (exact, small integer/rational weights).

>>> from hypothesis import given, settings
>>> from exactnet.regions import Box, enumerate_regions
>>> @settings(max_examples=3, deadline=None)
... @given(pwl_networks(input_dim=1))
... def t(net):
...     assert enumerate_regions(net, Box([-2], [2])).activation_regions >= 1
>>> t()
"""

from __future__ import annotations

from fractions import Fraction
from typing import Sequence

from hypothesis import strategies as st

from exactnet.networks.pwl import Abs, Affine, LeakyReLU, MaxPool, Maxout, PWLNetwork, ReLU

__all__ = ["small_rationals", "affine_layers", "relu_networks", "pwl_networks", "ACTIVATIONS"]

#: the activation names pwl_networks draws from
ACTIVATIONS = ("relu", "leaky-relu", "abs", "maxout", "max-pool")


def small_rationals(max_abs: int = 3, max_denominator: int = 2) -> st.SearchStrategy:
    """Rationals ``p/q`` with ``|p| <= max_abs * q`` and ``q <= max_denominator``."""
    return st.builds(lambda q, p: Fraction(p, q),
                     st.integers(1, max_denominator),
                     st.integers(-max_abs, max_abs)).map(lambda f: f)


@st.composite
def affine_layers(draw, in_dim: int, out_dim: int, max_abs: int = 3, max_denominator: int = 2) -> Affine:
    """An Affine layer (out_dim x in_dim) with small rational entries."""
    q = small_rationals(max_abs, max_denominator)
    W = [[draw(q) for _ in range(in_dim)] for _ in range(out_dim)]
    b = [draw(q) for _ in range(out_dim)]
    return Affine(W, b)


@st.composite
def relu_networks(draw, input_dim: int = 1, max_layers: int = 2, max_width: int = 3, output: bool = True,
                  max_abs: int = 3) -> PWLNetwork:
    """A ReLU network with 1..max_layers hidden layers of width 1..max_width and (optionally) a linear output."""
    layers: list = []
    width = input_dim
    for _ in range(draw(st.integers(1, max_layers))):
        n = draw(st.integers(1, max_width))
        layers += [draw(affine_layers(width, n, max_abs)), ReLU()]
        width = n
    if output:
        layers.append(draw(affine_layers(width, 1, max_abs)))
    return PWLNetwork(input_dim, layers)


@st.composite
def pwl_networks(draw, input_dim: int = 1, max_layers: int = 2, max_width: int = 3,
                 activations: Sequence[str] = ACTIVATIONS, max_abs: int = 3) -> PWLNetwork:
    """A network of Affine + activation blocks (activations drawn from ``activations``) and a linear output."""
    layers: list = []
    width = input_dim
    for _ in range(draw(st.integers(1, max_layers))):
        kind = draw(st.sampled_from(list(activations)))
        if kind == "maxout":
            k = draw(st.integers(2, 3))
            units = draw(st.integers(1, max(1, max_width // 2)))
            layers += [draw(affine_layers(width, k * units, max_abs)), Maxout(k)]
            width = units
            continue
        n = draw(st.integers(1 if kind != "max-pool" else 2, max(max_width, 2)))
        layers.append(draw(affine_layers(width, n, max_abs)))
        if kind == "relu":
            layers.append(ReLU())
        elif kind == "leaky-relu":
            layers.append(LeakyReLU(draw(st.sampled_from([Fraction(1, 4), Fraction(1, 2), Fraction(-1, 3)]))))
        elif kind == "abs":
            layers.append(Abs())
        else:
            groups = draw(st.lists(st.lists(st.integers(0, n - 1), min_size=1, max_size=3, unique=True),
                                   min_size=1, max_size=3))
            layers.append(MaxPool(groups))
            n = len(groups)
        width = n
    layers.append(draw(affine_layers(width, 1, max_abs)))
    return PWLNetwork(input_dim, layers)
