"""The single coercion point for exact scalars: what it accepts, what it refuses, and how it says so."""

from __future__ import annotations

from fractions import Fraction

import flint
import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from exactnet import InexactInputError, InvalidArgumentError, QArray, as_rational, from_float
from exactnet.core.rational import as_int, as_positive_int, int_from_str, int_to_str, parse_str, to_str
from exactnet.testing.strategies import rationals


@pytest.mark.parametrize(
    "value, expected",
    [
        (3, Fraction(3)),
        (-7, Fraction(-7)),
        (Fraction(6, 4), Fraction(3, 2)),
        (flint.fmpz(5), Fraction(5)),
        (flint.fmpq(-2, 6), Fraction(-1, 3)),
        (sympy.Integer(9), Fraction(9)),
        (sympy.Rational(3, 4), Fraction(3, 4)),
        (np.int64(-4), Fraction(-4)),
        (np.uint8(200), Fraction(200)),
        ("3/4", Fraction(3, 4)),
        (" -2 ", Fraction(-2)),
        ("0.125", Fraction(1, 8)),
        ("0.1", Fraction(1, 10)),
        ("-1.5e2", Fraction(-150)),
        ("1e-3", Fraction(1, 1000)),
        (".5", Fraction(1, 2)),
        ("+7/-14", Fraction(-1, 2)),
    ],
)
def test_accepted_exact_inputs(value, expected):
    q = as_rational(value, "x")
    assert q == expected and type(q) is Fraction


@pytest.mark.parametrize(
    "value, exc, fragment",
    [
        (0.5, InexactInputError, r"Argument 'w' must be an exact rational, not 0\.5 \(type=float\).*'1/2'"),
        (0.1, InexactInputError, r"floats are not exact \(0\.1 != 1/10\)"),
        (np.float64(0.25), InexactInputError, r"not np\.float64\(0\.25\) \(type=float64\)"),
        (np.float32(2.0), InexactInputError, r"type=float32"),
        (float("nan"), InexactInputError, r"NaN and infinities are not rational"),
        (float("inf"), InexactInputError, r"NaN and infinities"),
        (True, InexactInputError, r"booleans are not numbers"),
        (1 + 2j, InexactInputError, r"complex numbers are not rational"),
        (None, InexactInputError, r"not None \(type=NoneType\)"),
        (sympy.Float(0.5), InexactInputError, r"SymPy Float is not exact"),
        ("1/0", InvalidArgumentError, r"zero denominator"),
        ("abc", InvalidArgumentError, r"Argument 'w' must be a rational string .* not 'abc'"),
        ("", InvalidArgumentError, r"not ''"),
        ("1/2/3", InvalidArgumentError, r"not '1/2/3'"),
        ("nan", InvalidArgumentError, r"NaN and infinities are not rational numbers"),
        ("inf", InvalidArgumentError, r"NaN and infinities"),
        ("1e", InvalidArgumentError, r"not '1e'"),
        ("0x10", InvalidArgumentError, r"not '0x10'"),
        ("\u0663", InvalidArgumentError, r"must be a rational string"),  # ARABIC-INDIC DIGIT THREE
        ("\uff11/\uff12", InvalidArgumentError, r"must be a rational string"),  # full-width digits
        (np.complex128(1), InexactInputError, r"complex numbers are not rational"),
        ("1.2.3", InvalidArgumentError, r"not '1\.2\.3'"),
    ],
)
def test_refused_inputs_name_argument_and_value(value, exc, fragment):
    with pytest.raises(exc, match=fragment):
        as_rational(value, "w")


def test_refusals_are_builtin_subclasses():
    with pytest.raises(TypeError):
        as_rational(0.5)
    with pytest.raises(ValueError):
        as_rational("x/y")


def test_from_float_is_the_exact_binary_value():
    assert from_float(0.1) == Fraction(3602879701896397, 36028797018963968)
    assert from_float(0.1) != Fraction(1, 10)
    assert from_float(-2.25) == Fraction(-9, 4)
    with pytest.raises(InexactInputError, match="NaN"):
        from_float(float("nan"))


def test_integers():
    assert as_int("12", "n") == 12
    with pytest.raises(InvalidArgumentError, match=r"Argument 'n' must be an integer, not '3/2'"):
        as_int("3/2", "n")
    with pytest.raises(InvalidArgumentError, match=r"Argument 'width' must be an integer >= 1, not 0"):
        as_positive_int(0, "width")
    with pytest.raises(InexactInputError, match=r"Argument 'width'"):
        as_positive_int(2.0, "width")


@settings(max_examples=100, deadline=None)
@given(rationals(min_value=-10**6, max_value=10**6, max_denominator=10**6))
def test_string_round_trip(q):
    assert parse_str(to_str(q)) == q
    assert as_rational(to_str(q)) == q


@settings(max_examples=100, deadline=None)
@given(st.decimals(allow_nan=False, allow_infinity=False, places=6, min_value=-10**6, max_value=10**6))
def test_decimal_strings_are_exact(d):
    assert as_rational(str(d)) == Fraction(d)


def test_integers_beyond_python_str_limit_round_trip():
    # Python refuses int <-> str beyond 4300 digits; exact results can be longer than that.
    x = 3**30000  # 14314 digits
    q = Fraction(x, 7**9000)
    assert parse_str(to_str(q)) == q
    assert int_from_str(int_to_str(-x)) == -x
    A = QArray.from_nested([[int_to_str(x), "1/2"], [1, 2]])
    assert QArray.from_nested(A.tolist_str()) == A
