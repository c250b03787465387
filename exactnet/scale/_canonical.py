"""Canonical JSON text and hashes of instances: the keys of the result store.

An instance (a dict of parameters) has one canonical text: keys sorted, no spaces, tuples written as lists,
``Fraction`` values as ``"p/q"`` strings (``str(Fraction)``: ``"1/2"``, ``"3"``), sets as sorted lists, numpy and
FLINT integers as ints. Floats are refused: two floats that print alike need not be equal, and an exact result
must not be keyed by an inexact value.

>>> canonical_json({"widths": (2, 2), "N": 8, "w": Fraction(1, 2)})
'{"N":8,"w":"1/2","widths":[2,2]}'
>>> canonical_hash({"N": 8}) == canonical_hash({"N": 8})
True
>>> canonical_hash({"N": 8, "eps": 0.5})
Traceback (most recent call last):
  ...
exactnet.errors.InexactInputError: Argument 'instance.eps' must be exact (int, Fraction, str, ...), not 0.5 (type=float); floats have no canonical form: pass a Fraction such as Fraction(1, 2) or the string '1/2'
"""

from __future__ import annotations

import hashlib
import json
import math
from decimal import Decimal
from fractions import Fraction
from numbers import Integral
from typing import Any

from ..errors import InexactInputError, InvalidArgumentError, describe_value

__all__ = ["canonical_json", "canonical_hash", "plain_json"]


def _is_float(obj: Any) -> bool:
    if isinstance(obj, float):
        return True
    kind = type(obj).__module__
    return kind == "numpy" and type(obj).__name__.startswith(("float", "complex")) or isinstance(obj, complex)


def plain_json(obj: Any, *, floats: bool = False, name: str = "instance") -> Any:
    """``obj`` as plain JSON data (dict with str keys, list, str, int, bool, None; floats only if ``floats``).

    ``floats=True`` (the store's records, which may carry timings) keeps finite floats; NaN and infinities
    are refused either way.  Objects with a ``to_dict()`` method are written as that dict.

    >>> plain_json({"rows": (0, 3), "q": Fraction(-2, 4), "s": {3, 1}})
    {'rows': [0, 3], 'q': '-1/2', 's': [1, 3]}
    """
    if obj is None or isinstance(obj, (bool, str)):
        return obj
    if isinstance(obj, Integral):
        return int(obj)
    if isinstance(obj, Fraction):
        return str(obj)
    if type(obj).__module__ == "flint":
        kind = type(obj).__name__
        if kind == "fmpz":
            return int(obj)
        if kind == "fmpq":
            return str(Fraction(int(obj.p), int(obj.q)))
    if isinstance(obj, Decimal):
        if not obj.is_finite():
            raise InvalidArgumentError(f"Argument '{name}' must be finite, not {describe_value(obj)}")
        return str(Fraction(obj))
    if _is_float(obj):
        if floats and not isinstance(obj, complex) and "complex" not in type(obj).__name__:
            if not math.isfinite(float(obj)):
                raise InvalidArgumentError(f"Argument '{name}' must be finite, not {describe_value(obj)}")
            return float(obj)
        raise InexactInputError(
            f"Argument '{name}' must be exact (int, Fraction, str, ...), not {describe_value(obj)}; floats have no "
            "canonical form: pass a Fraction such as Fraction(1, 2) or the string '1/2'")
    if isinstance(obj, dict):
        out: dict = {}
        for k, v in obj.items():
            if isinstance(k, bool) or not isinstance(k, (str, Integral)):
                raise InvalidArgumentError(
                    f"Argument '{name}' must have str (or int) keys, not the key {describe_value(k)}")
            ks = str(int(k)) if isinstance(k, Integral) else k
            if ks in out:
                raise InvalidArgumentError(f"Argument '{name}' must not hold the key {ks!r} twice (as str and int)")
            out[ks] = plain_json(v, floats=floats, name=f"{name}.{ks}")
        return out
    if isinstance(obj, (list, tuple)):
        return [plain_json(v, floats=floats, name=f"{name}[{i}]") for i, v in enumerate(obj)]
    if isinstance(obj, (set, frozenset)):
        items = [plain_json(v, floats=floats, name=f"{name}{{...}}") for v in obj]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, separators=(",", ":")))
    if type(obj).__module__ == "numpy" and hasattr(obj, "tolist"):
        return plain_json(obj.tolist(), floats=floats, name=name)
    to_dict = getattr(obj, "to_dict", None)
    if callable(to_dict):
        return plain_json(to_dict(), floats=floats, name=name)
    raise InvalidArgumentError(
        f"Argument '{name}' must be JSON data (dict, list, tuple, str, int, bool, None, Fraction), not "
        f"{describe_value(obj)}")


def canonical_json(obj: Any) -> str:
    """The canonical text of ``obj``: sorted keys, no spaces, tuples as lists, Fractions as ``"p/q"``.

    Floats are refused (:class:`~exactnet.errors.InexactInputError`, naming the value and where it is).

    >>> canonical_json({"b": [1, (2, 3)], "a": None, "c": True})
    '{"a":null,"b":[1,[2,3]],"c":true}'
    """
    return json.dumps(plain_json(obj), sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def canonical_hash(obj: Any) -> str:
    """SHA-256 (64 hex digits) of :func:`canonical_json`: the key of an instance in a result store.

    >>> canonical_hash({"L": 2, "r": 3})[:16]
    '5268097ea647b179'
    """
    return hashlib.sha256(canonical_json(obj).encode("ascii")).hexdigest()
