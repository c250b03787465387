r"""Exact rational scalars: the single place where numbers enter exactnet.

Every number a user hands to exactnet goes through :func:`as_rational` (or
:func:`as_int`).  It accepts exact inputs only:

* ``int`` (not ``bool``), :class:`fractions.Fraction`,
* python-flint ``fmpz`` / ``fmpq``, SymPy ``Integer`` / ``Rational``, numpy integer scalars,
* strings ``"3/4"``, ``"-2"``, ``"0.125"``, ``"1e-3"``, ``"-1.5e2"`` (decimal strings are exact:
  ``"0.1"`` is one tenth).

It refuses, with an error naming the argument and the value:

* Python and numpy floats, NaN and infinities (:class:`~exactnet.errors.InexactInputError`),
* ``bool``, ``complex`` and other types (:class:`~exactnet.errors.InexactInputError`, a ``TypeError``),
* malformed strings and zero denominators (:class:`~exactnet.errors.InvalidArgumentError`, a ``ValueError``).

A float is imported only on purpose, with :func:`from_float`, which returns the
exact binary value of the float (``from_float(0.1)`` is *not* ``1/10``).

The field is Q and the type is the standard library's :class:`fractions.Fraction`
(always reduced, so ``==`` is mathematical equality and ``hash`` is consistent).

Examples
--------
>>> as_rational("3/4")
Fraction(3, 4)
>>> as_rational("0.125")
Fraction(1, 8)
>>> as_rational(0.1, "weights[0]")
Traceback (most recent call last):
  ...
exactnet.errors.InexactInputError: Argument 'weights[0]' must be an exact rational, not 0.1 (type=float); floats are not exact (0.1 != 1/10). Use the string '1/10' or '0.1', Fraction(1, 10), or exactnet.from_float(0.1) for the float's exact binary value.
>>> from_float(0.5)
Fraction(1, 2)
>>> to_str(as_rational("-6/4"))
'-3/2'
"""

from __future__ import annotations

import math
import numbers
import re
from fractions import Fraction
from typing import Any

from ..errors import InexactInputError, InvalidArgumentError
from ..errors import describe_value as _describe

__all__ = [
    "int_to_str",
    "int_from_str",
    "Q",
    "as_rational",
    "as_int",
    "as_positive_int",
    "as_nonnegative_int",
    "from_float",
    "to_str",
    "parse_str",
    "is_exact_scalar",
]

#: The type of exact rationals used throughout exactnet.
Q = Fraction

# ASCII digits only: Python's \d (and int()) also accept other Unicode digits such as '٣'.
_DECIMAL = re.compile(r"^\s*([+-]?)([0-9]+)?(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?\s*$", re.ASCII)
_FRACTION = re.compile(r"^\s*([+-]?[0-9]+)\s*/\s*([+-]?[0-9]+)\s*$", re.ASCII)


# Python refuses int <-> str conversions beyond 4300 digits (CVE-2020-10735 guard); exact results
# can be far longer, so long integers go through FLINT, which has no such limit.
_SHORT_DIGITS = 4000


def int_to_str(n: int) -> str:
    """Decimal string of an integer of any size (no 4300-digit limit).

    >>> len(int_to_str(10 ** 5000))
    5001
    """
    n = int(n)
    if n.bit_length() < _SHORT_DIGITS * 3:
        return str(n)
    import flint

    return str(flint.fmpz(n))


def int_from_str(text: str) -> int:
    """Integer from a decimal string of any length (optional sign; the caller validates the syntax)."""
    text = text.strip()
    if len(text) < _SHORT_DIGITS:
        return int(text)
    import flint

    return int(flint.fmpz(text.lstrip("+")))


def _float_hint(value: float) -> str:
    try:
        exact = Fraction(value).limit_denominator(10**6)
    except (ValueError, OverflowError):
        return ""
    if exact.denominator == 1:
        return f"; floats are not exact. Use the int {exact.numerator} or the string '{exact.numerator}'."
    s = f"{exact.numerator}/{exact.denominator}"
    return (
        f"; floats are not exact ({value!r} != {s}). Use the string '{s}' or '{value!r}', "
        f"Fraction({exact.numerator}, {exact.denominator}), or exactnet.from_float({value!r}) "
        "for the float's exact binary value."
    )


def parse_str(text: str, name: str = "value") -> Fraction:
    """Parse ``"p/q"``, ``"p"`` or a decimal string such as ``"-0.125"`` / ``"1e-3"`` exactly.

    >>> parse_str("10/4")
    Fraction(5, 2)
    >>> parse_str("2.5e-1")
    Fraction(1, 4)
    >>> parse_str("1/0", "x")
    Traceback (most recent call last):
      ...
    exactnet.errors.InvalidArgumentError: Argument 'x' must be a rational string such as '3/4', '-2' or '0.125', not '1/0' (type=str): zero denominator
    """
    if not isinstance(text, str):
        raise InexactInputError(f"Argument '{name}' must be a string, not {_describe(text)}")
    m = _FRACTION.match(text)
    if m:
        p, q = int_from_str(m.group(1)), int_from_str(m.group(2))
        if q == 0:
            raise InvalidArgumentError(
                f"Argument '{name}' must be a rational string such as '3/4', '-2' or '0.125', "
                f"not {_describe(text)}: zero denominator"
            )
        return Fraction(p, q)
    m = _DECIMAL.match(text)
    if m and (m.group(2) is not None or (m.group(3) not in (None, ""))):
        sign, whole, frac, exp = m.groups()
        whole = whole or "0"
        frac = frac or ""
        value = Fraction(int_from_str(whole + frac), 10 ** len(frac))
        if exp is not None:
            e = int(exp)
            if abs(e) > 10_000:
                raise InvalidArgumentError(
                    f"Argument '{name}' has an exponent too large to handle exactly: {_describe(text)}"
                )
            value *= Fraction(10) ** e
        return -value if sign == "-" else value
    low = text.strip().lower()
    hint = ""
    if low in {"nan", "+nan", "-nan", "inf", "+inf", "-inf", "infinity", "-infinity"}:
        hint = ": NaN and infinities are not rational numbers"
    raise InvalidArgumentError(
        f"Argument '{name}' must be a rational string such as '3/4', '-2' or '0.125', "
        f"not {_describe(text)}{hint}"
    )


def as_rational(value: Any, name: str = "value") -> Fraction:
    """Coerce an exact number to a reduced :class:`~fractions.Fraction`; refuse floats.

    Parameters
    ----------
    value : int, Fraction, str, fmpz, fmpq, sympy.Rational, numpy integer
        The number.  Strings may be ``"p/q"`` or decimal (exact).
    name : str
        The argument's name, used in error messages (e.g. ``"weights[1][0]"``).

    Raises
    ------
    InexactInputError
        For floats (Python or numpy), NaN, inf, bool, complex and unsupported types.
    InvalidArgumentError
        For malformed strings or a zero denominator.

    Examples
    --------
    >>> as_rational(3), as_rational("-2/6")
    (Fraction(3, 1), Fraction(-1, 3))
    >>> as_rational(True, "b")
    Traceback (most recent call last):
      ...
    exactnet.errors.InexactInputError: Argument 'b' must be an exact rational, not True (type=bool); booleans are not numbers here
    """
    if isinstance(value, bool):
        raise InexactInputError(
            f"Argument '{name}' must be an exact rational, not {_describe(value)}; booleans are not numbers here"
        )
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, str):
        return parse_str(value, name)
    if isinstance(value, complex) or (
        isinstance(value, numbers.Complex) and not isinstance(value, numbers.Real)
    ):
        raise InexactInputError(
            f"Argument '{name}' must be an exact rational, not {_describe(value)}; complex numbers are not rational"
        )
    if isinstance(value, float) or _is_numpy_float(value):
        if math.isnan(float(value)) or math.isinf(float(value)):
            raise InexactInputError(
                f"Argument '{name}' must be an exact rational, not {_describe(value)}; "
                "NaN and infinities are not rational numbers"
            )
        raise InexactInputError(
            f"Argument '{name}' must be an exact rational, not {_describe(value)}{_float_hint(float(value))}"
        )
    module = type(value).__module__ or ""
    tname = type(value).__name__
    if module.startswith("flint"):
        if tname == "fmpz":
            return Fraction(int(value))
        if tname == "fmpq":
            return Fraction(int(value.p), int(value.q))
    if module.startswith("numpy") and isinstance(value, numbers.Integral):
        return Fraction(int(value))
    if module.startswith("sympy"):
        if getattr(value, "is_Rational", False):
            return Fraction(int(value.p), int(value.q))
        if getattr(value, "is_Float", False):
            raise InexactInputError(
                f"Argument '{name}' must be an exact rational, not {_describe(value)}; "
                "a SymPy Float is not exact. Use sympy.Rational or a string such as '1/10'."
            )
    if isinstance(value, numbers.Rational) and not isinstance(value, numbers.Integral):
        return Fraction(int(value.numerator), int(value.denominator))
    if isinstance(value, numbers.Integral):
        return Fraction(int(value))
    raise InexactInputError(
        f"Argument '{name}' must be an exact rational (int, Fraction, 'p/q' string, fmpq, "
        f"sympy Rational), not {_describe(value)}"
    )


def _is_numpy_float(value: Any) -> bool:
    module = type(value).__module__ or ""
    return module.startswith("numpy") and isinstance(value, (numbers.Real, numbers.Complex)) and not isinstance(
        value, numbers.Integral
    )


def as_int(value: Any, name: str = "value") -> int:
    """Coerce an exact integer (int, integral Fraction/string, fmpz, numpy int); refuse anything else.

    >>> as_int("12")
    12
    >>> as_int("1/2", "M")
    Traceback (most recent call last):
      ...
    exactnet.errors.InvalidArgumentError: Argument 'M' must be an integer, not '1/2' (type=str)
    """
    q = as_rational(value, name)
    if q.denominator != 1:
        raise InvalidArgumentError(f"Argument '{name}' must be an integer, not {_describe(value)}")
    return q.numerator


def as_positive_int(value: Any, name: str = "value") -> int:
    """Coerce to an integer >= 1.

    >>> as_positive_int(0, "width")
    Traceback (most recent call last):
      ...
    exactnet.errors.InvalidArgumentError: Argument 'width' must be an integer >= 1, not 0 (type=int)
    """
    n = as_int(value, name)
    if n < 1:
        raise InvalidArgumentError(f"Argument '{name}' must be an integer >= 1, not {_describe(value)}")
    return n


def as_nonnegative_int(value: Any, name: str = "value") -> int:
    """Coerce to an integer >= 0."""
    n = as_int(value, name)
    if n < 0:
        raise InvalidArgumentError(f"Argument '{name}' must be an integer >= 0, not {_describe(value)}")
    return n


def from_float(value: float) -> Fraction:
    """Import a float **explicitly** as its exact binary value.

    This is the one documented way for a float to become exact.  The result is
    the float's exact value, so ``from_float(0.1) == Fraction(3602879701896397, 36028797018963968)``,
    not one tenth.  NaN and infinities are refused.

    >>> from_float(0.1) == Fraction(1, 10)
    False
    >>> from_float(-2.25)
    Fraction(-9, 4)
    """
    if isinstance(value, bool) or not isinstance(value, (float, int, numbers.Real)):
        raise InexactInputError(f"from_float expects a float, not {_describe(value)}")
    f = float(value)
    if math.isnan(f) or math.isinf(f):
        raise InexactInputError(f"from_float cannot import {_describe(value)}: NaN and infinities are not rational")
    return Fraction(f)


def to_str(q: Any) -> str:
    """Serialize a rational as ``"p/q"`` (or ``"p"`` for integers): the JSON form exactnet uses.

    >>> to_str(Fraction(6, 4)), to_str(5)
    ('3/2', '5')
    """
    q = as_rational(q)
    if q.denominator == 1:
        return int_to_str(q.numerator)
    return f"{int_to_str(q.numerator)}/{int_to_str(q.denominator)}"


def is_exact_scalar(value: Any) -> bool:
    """True when :func:`as_rational` would accept ``value``."""
    try:
        as_rational(value)
    except (TypeError, ValueError):
        return False
    return True
