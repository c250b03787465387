"""Arrays into exact rationals (one explicit floats switch) and batched exact evaluation.

Oracles: Fraction(float) entry by entry for the vectorized binary-value conversion; evaluate() point by point
(Python Fractions) for evaluate_batch (integer numerator arrays over one denominator)."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from exactnet.core.arrays import as_rational_array, convert_float
from exactnet.errors import InexactInputError, InvalidArgumentError, ShapeError
from exactnet.networks.pwl import Affine, LeakyReLU, MaxPool, PWLNetwork, ReLU, relu_network
from exactnet.regions import Box
from exactnet.testing.regions import pwl_networks

FLOATS = hnp.arrays(st.sampled_from([np.float64, np.float32, np.float16]), hnp.array_shapes(max_dims=3, max_side=4),
                    elements=st.floats(allow_nan=False, allow_infinity=False, width=16))


@settings(max_examples=60, deadline=None)
@given(FLOATS)
def test_exact_binary_values_entry_by_entry(a):
    q = as_rational_array(a, "a", floats="exact")
    assert q.shape == a.shape
    assert all(Fraction(float(x)) == y for x, y in zip(a.flat, q.to_fractions().flat))


@settings(max_examples=40, deadline=None)
@given(hnp.arrays(np.float64, st.integers(1, 6), elements=st.floats(-1e6, 1e6)), st.integers(1, 1000))
def test_rounding_to_a_denominator(a, d):
    q = as_rational_array(a, "a", floats="round", denominator=d).to_fractions()
    for x, y in zip(a, q):
        assert (y * d).denominator == 1 and abs(Fraction(float(x)) - y) <= Fraction(1, 2 * d)


def test_extreme_magnitudes_are_exact():
    a = np.array([5e-324, 1.7976931348623157e308, -0.0, 1.0, 2.0 ** -1074 * 3])
    assert list(as_rational_array(a, "a", floats="exact").to_fractions()) == [Fraction(float(x)) for x in a]


def test_the_switch_and_its_errors():
    assert as_rational_array(np.array([[1, -2]], dtype=np.int8), "W").tolist_str() == [["1", "-2"]]
    with pytest.raises(InexactInputError, match=r"Argument 'x' is a float32 array: floats are not exact\. Pass "
                                                 r"floats=\"exact\""):
        as_rational_array(np.zeros(2, dtype=np.float32), "x")
    with pytest.raises(InexactInputError, match=r"contains nan at index \[1\]"):
        as_rational_array(np.array([0.0, np.nan]), "x", floats="exact")
    with pytest.raises(InexactInputError, match=r"bool array"):
        as_rational_array(np.array([True]), "m")
    with pytest.raises(InvalidArgumentError, match=r"Argument 'floats' must be one of 'refuse', 'exact', 'round'"):
        as_rational_array([1], "x", floats="float")
    with pytest.raises(InvalidArgumentError, match=r"'denominator' is required"):
        as_rational_array([1.5], "x", floats="round")
    with pytest.raises(InvalidArgumentError, match=r"'denominator' is only used with floats=\"round\""):
        as_rational_array([1.5], "x", floats="exact", denominator=3)
    assert as_rational_array([[1, 0.5], ["1/3", 2]], "W", floats="exact").tolist_str() == [["1", "1/2"], ["1/3", "2"]]
    assert convert_float(0.3, "round", 10) == Fraction(3, 10)


def test_points_and_boxes_from_arrays():
    net = relu_network([[[1, -1]]], [[0]])
    assert net.evaluate(np.array([3, 1])) == (Fraction(2),)
    with pytest.raises(InexactInputError, match=r"Argument 'x' is a float64 array"):
        net.evaluate(np.array([0.5, 0.25]))
    assert net.evaluate(np.array([0.5, 0.25]), floats="exact") == (Fraction(1, 4),)
    assert net.pattern(np.array([0.1, 0.3]), floats="round", denominator=10) == ((0,),)
    with pytest.raises(ShapeError, match=r"must be a vector of length 2"):
        net.evaluate(np.zeros((2, 2), dtype=int))
    assert Box(np.array([-1, 0]), np.array([1, 2])) == Box([-1, 0], [1, 2])
    with pytest.raises(InexactInputError, match=r"Argument 'upper' is a float64 array"):
        Box(np.array([-1, 0]), np.array([1.0, 2.0]))
    assert Box(np.array([-1, 0]), np.array([0.5, 2.0]), floats="exact").upper == (Fraction(1, 2), Fraction(2))


@settings(max_examples=40, deadline=None)
@given(pwl_networks(input_dim=2), st.lists(st.tuples(st.integers(-9, 9), st.integers(-9, 9)), min_size=1, max_size=6),
       st.integers(1, 4))
def test_evaluate_batch_is_evaluate_row_by_row(net, pts, d):
    X = [[Fraction(a, d), Fraction(b, d)] for a, b in pts]
    Y, P = net.evaluate_batch(X, patterns=True)
    assert Y.shape == (len(X), net.output_dim)
    for i, x in enumerate(X):
        assert tuple(Y.to_fractions()[i]) == net.evaluate(x)
        assert tuple(tuple(int(v) for v in p[i]) for p in P) == net.pattern(x)


def test_evaluate_batch_with_huge_numbers_and_uneven_pooling():
    big = 2 ** 80
    net = PWLNetwork(2, [Affine([[big, 1], [1, -big], [3, 3]], [Fraction(1, 3), 0, -1]), LeakyReLU(Fraction(-1, 7)),
                         MaxPool([[0, 1, 2], [2]]), ReLU(), Affine([[1, -1]], [big])])
    X = [[Fraction(1, 5), -2], [-3, Fraction(1, 9)], [0, 0], [big, -big]]
    Y, P = net.evaluate_batch(X, patterns=True)
    assert [tuple(r) for r in Y.to_fractions()] == [net.evaluate(x) for x in X]
    assert [tuple(tuple(int(v) for v in p[i]) for p in P) for i in range(len(X))] == [net.pattern(x) for x in X]
    with pytest.raises(ShapeError, match=r"Argument 'points' must have shape \(m, 2\)"):
        net.evaluate_batch([[1, 2, 3]])
