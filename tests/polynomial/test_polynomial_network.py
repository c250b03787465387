"""Polynomial networks over Q: construction, exact evaluation, output polynomials, JSON, bad input."""

from __future__ import annotations

import copy
from fractions import Fraction

import pytest
import sympy
from hypothesis import given, settings

from exactnet.errors import FormatError, InexactInputError, InvalidArgumentError, ResourceLimitError, ShapeError
from exactnet.networks import PolynomialNetwork, network_from_dict, network_to_dict
from exactnet.networks.polynomial import check_architecture, monomial_basis, num_monomials
from exactnet.testing.polynomial import polynomial_networks


def _sympy_outputs(net):
    """Independent oracle: the network built with SymPy matrices (no exactnet polynomial code)."""
    xs = sympy.symbols(f"x0:{net.widths[0]}")
    v = sympy.Matrix(xs)
    for k, W in enumerate(net.weights):
        M = sympy.Matrix([[sympy.Rational(f.numerator, f.denominator) for f in row] for row in W.to_fractions()])
        v = M * v
        if k < net.depth - 1:
            v = v.applyfunc(lambda t: t ** net.degree)
    return xs, [sympy.expand(t) for t in v]


def test_small_network_by_hand():
    net = PolynomialNetwork([[[1, 2]], [[3]]], 2)  # 3 (x0 + 2 x1)^2
    assert net.output_polynomials() == [sympy.expand(3 * (sympy.Symbol("x0") + 2 * sympy.Symbol("x1")) ** 2)]
    assert net.coefficients().tolist_str() == [["3", "12", "12"]]
    assert net.evaluate(["1/2", -1]) == (Fraction(27, 4),)
    assert net.num_parameters == 3 and net.output_degree == 2 and net.depth == 2


@settings(max_examples=12, deadline=None)
@given(polynomial_networks(max_width=2, max_denominator=3))
def test_outputs_agree_with_a_sympy_oracle(net):
    xs, oracle = _sympy_outputs(net)
    assert [sympy.expand(p - q) for p, q in zip(net.output_polynomials(xs), oracle)] == [0] * net.widths[-1]
    point = [Fraction(k + 1, 2 + k) for k in range(net.widths[0])]
    subs = dict(zip(xs, [sympy.Rational(p.numerator, p.denominator) for p in point]))
    assert net.evaluate(point) == tuple(Fraction(int(sympy.fraction(q.subs(subs))[0]),
                                                 int(sympy.fraction(q.subs(subs))[1])) for q in oracle)
    basis = monomial_basis(net.widths[0], net.output_degree)
    C = net.coefficients().to_fractions()
    for k, q in enumerate(oracle):
        poly = sympy.Poly(q, *xs) if q != 0 else None
        for j, e in enumerate(basis):
            want = poly.coeff_monomial(e) if poly is not None else 0
            assert C[k, j] == Fraction(int(sympy.fraction(want)[0]), int(sympy.fraction(want)[1]))


@settings(max_examples=20, deadline=None)
@given(polynomial_networks(max_denominator=4))
def test_json_round_trip(net):
    d = network_to_dict(net)
    assert d["kind"] == "polynomial-network"
    assert network_from_dict(copy.deepcopy(d)) == net
    assert PolynomialNetwork.from_dict(d).to_dict() == d


def test_monomials():
    assert num_monomials(3, 4) == len(monomial_basis(3, 4)) == 15
    assert monomial_basis(1, 5) == [(5,)]


@pytest.mark.parametrize("widths, degree, match", [
    ([2, 0, 1], 2, r"widths\[1\]' must be an integer >= 1"),
    ([2, -1, 1], 2, r"widths\[1\]' must be an integer >= 1"),
    ([2, 2, 1], 1, r"'degree' must be an integer >= 2"),
    ([2, 2, 1], 0, r"'degree' must be an integer >= 2"),
    ([2, 1], 2, r"depth 1 is a linear map"),
    ([3], 2, r"at least 3 widths"),
    ([2, 2, 1], "3/2", r"'degree' must be an integer, not '3/2'"),
    ([2, "x", 1], 2, r"widths\[1\]"),
])
def test_bad_architectures_are_refused(widths, degree, match):
    with pytest.raises(InvalidArgumentError, match=match):
        check_architecture(widths, degree)


def test_float_degree_and_weights_are_refused():
    with pytest.raises(InexactInputError, match="degree"):
        check_architecture([2, 2, 1], 2.0)
    with pytest.raises(InexactInputError, match=r"weights\[0\]"):
        PolynomialNetwork([[[0.5, 1]], [[1]]], 2)


def test_shapes_must_chain():
    with pytest.raises(ShapeError, match=r"weights\[1\]' must have 2 columns"):
        PolynomialNetwork([[[1], [1]], [[1, 1, 1]]], 2)
    with pytest.raises(ShapeError, match="'x' must have 1 entries"):
        PolynomialNetwork([[[1]], [[1]]], 2).evaluate([1, 2])


def test_json_refusals_name_the_field():
    good = PolynomialNetwork.random((2, 2, 1), 2).to_dict()
    bad = copy.deepcopy(good)
    bad["weights"][1][0][1] = 0.5
    with pytest.raises(FormatError) as info:
        network_from_dict(bad)
    assert info.value.field == "weights[1][0][1]"
    bad = copy.deepcopy(good)
    bad["degree"] = 1
    with pytest.raises(FormatError) as info:
        network_from_dict(bad)
    assert info.value.field == "degree"
    bad = copy.deepcopy(good)
    bad["widths"] = [2, 3, 1]
    with pytest.raises(FormatError) as info:
        network_from_dict(bad)
    assert info.value.field == "weights[0]"


def test_too_large_coefficients_are_refused_with_an_estimate():
    net = PolynomialNetwork.random((12, 2, 2, 2, 2, 2, 2, 1), 3)  # degree 729 in 12 variables
    with pytest.raises(ResourceLimitError, match="coefficient matrix.*bytes"):
        net.coefficients()


def test_random_is_deterministic():
    assert PolynomialNetwork.random((2, 3, 1), 2, seed=4) == PolynomialNetwork.random((2, 3, 1), 2, seed=4)
    with pytest.raises(InvalidArgumentError, match="low <= high"):
        PolynomialNetwork.random((2, 3, 1), 2, low=3, high=1)
