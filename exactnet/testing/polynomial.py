r"""Public Hypothesis strategies for small polynomial networks (exact, small integer or rational weights).

>>> from hypothesis import given, settings
>>> @settings(max_examples=3, deadline=None)
... @given(polynomial_networks())
... def t(net):
...     assert len(net.evaluate([1] * net.widths[0])) == net.widths[-1]
>>> t()
"""

from __future__ import annotations

from fractions import Fraction

from hypothesis import strategies as st

from exactnet.networks.polynomial import PolynomialNetwork

__all__ = ["polynomial_architectures", "polynomial_networks"]


@st.composite
def polynomial_architectures(draw, max_input: int = 3, max_width: int = 3, max_depth: int = 3,
                             degrees=(2, 3), max_output: int = 2) -> tuple[tuple[int, ...], int]:
    """``(widths, r)``: depth 2..max_depth, widths 1..max_width (input 1..max_input, output 1..max_output)."""
    h = draw(st.integers(2, max_depth))
    widths = ((draw(st.integers(1, max_input)),) + tuple(draw(st.integers(1, max_width)) for _ in range(h - 1))
              + (draw(st.integers(1, max_output)),))
    return widths, draw(st.sampled_from(tuple(degrees)))


@st.composite
def polynomial_networks(draw, max_input: int = 3, max_width: int = 3, max_depth: int = 3, degrees=(2, 3),
                        max_abs: int = 3, max_denominator: int = 1) -> PolynomialNetwork:
    """A :class:`PolynomialNetwork` with weights p/q, abs(p) <= max_abs * q, q <= max_denominator (1: integers)."""
    widths, r = draw(polynomial_architectures(max_input, max_width, max_depth, degrees))
    q = st.builds(lambda den, num: Fraction(num, den), st.integers(1, max_denominator),
                  st.integers(-max_abs * max_denominator, max_abs * max_denominator))
    mats = [[[draw(q) for _ in range(widths[i])] for _ in range(widths[i + 1])] for i in range(len(widths) - 1)]
    return PolynomialNetwork(mats, r)
