"""Small private helpers shared by the modules of :mod:`exactnet.tensors`.

Integer numerator arithmetic with an overflow check *before* an ``int64``
computation (the same rule as :mod:`exactnet.core.qarray`), value descriptions
for error messages, and coercion of array arguments.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..core.qarray import INT64_SAFE, QArray, as_object, max_abs
from ..errors import InexactInputError, InvalidArgumentError
from ..errors import describe_value as describe

__all__ = ["describe", "as_qarray", "mul_num", "dot_num", "prod_int"]


def as_qarray(value: Any, name: str) -> QArray:
    """Accept a QArray as is; coerce anything else exactly (floats refused, naming ``name``)."""
    if isinstance(value, QArray):
        return value
    if isinstance(value, (str, bytes)) or value is None:
        raise InexactInputError(
            f"Argument '{name}' must be an exact array (QArray, nested lists of exact numbers, integer "
            f"numpy array), not {describe(value)}"
        )
    return QArray.from_nested(value, name)


def prod_int(values) -> int:
    """Exact product of Python ints (1 for an empty sequence)."""
    return math.prod(int(v) for v in values)


def _pair(a: np.ndarray, b: np.ndarray, factor: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Both as int64 when ``factor * max|a| * max|b| < 2^62`` (then no overflow is possible), else Python ints.

    The magnitude scan is skipped when either array already holds Python ints (scanning
    object arrays element by element is the slow part for big tensors).
    """
    if a.dtype == object or b.dtype == object:
        return as_object(a), as_object(b)
    if factor * max_abs(a) * max_abs(b) >= INT64_SAFE:
        return as_object(a), as_object(b)
    return a, b


def mul_num(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Broadcast product of integer arrays, exact (int64 when provably safe, else Python ints)."""
    x, y = _pair(a, b)
    return x * y


def dot_num(a: np.ndarray, b: np.ndarray, axes) -> np.ndarray:
    """Exact ``numpy.tensordot`` of integer arrays (int64 when provably safe)."""
    k = math.prod(a.shape[i] for i in axes[0]) if len(axes[0]) else 1
    x, y = _pair(a, b, max(k, 1))
    return np.tensordot(x, y, axes=axes)


def check_index(value: Any, bound: int, name: str, what: str) -> int:
    """An int in ``0..bound-1`` (0-based), else InvalidArgumentError naming ``name``."""
    from ..core.rational import as_int

    if isinstance(value, bool):
        raise InvalidArgumentError(f"Argument '{name}' must be an int {what} (0-based), not {describe(value)}")
    try:
        i = as_int(value, name)
    except (TypeError, ValueError):
        raise InvalidArgumentError(
            f"Argument '{name}' must be an int {what} in 0..{bound - 1} (0-based), not {describe(value)}"
        ) from None
    if not 0 <= i < bound:
        raise InvalidArgumentError(
            f"Argument '{name}' must be an int {what} in 0..{bound - 1} (0-based), not {describe(value)}"
        )
    return i
