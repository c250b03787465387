"""Private helpers of :mod:`exactnet.networks`: coercion of weights, JSON field parsing, exact products.

Errors raised here carry the offending argument / JSON path in a ``field`` attribute so that
``from_dict`` can turn a shape error into a :class:`~exactnet.errors.FormatError` pointing at the field.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Sequence

import numpy as np

from ..core.arrays import to_numpy
from ..core.qarray import INT64_SAFE, QArray, as_object, max_abs
from ..core.rational import parse_str
from ..errors import FormatError, InexactInputError, InvalidArgumentError, ShapeError
from ..errors import describe_value as describe

__all__ = [
    "describe",
    "shape_error",
    "as_matrix",
    "as_vector",
    "mul_num",
    "json_rational",
    "json_array",
    "json_int",
    "json_bool",
    "require_keys",
    "join",
    "check_format",
    "reraise_as_format",
    "is_matrix_like",
    "check_int_arg",
    "NetworkFacts",
]


def shape_error(name: str, requirement: str, actual: Any, hint: str = "") -> ShapeError:
    """A :class:`ShapeError` ``Argument 'name' must <requirement>, not <actual>`` with ``.field = name``."""
    exc = ShapeError(f"Argument '{name}' must {requirement}, not {actual}{hint}")
    exc.field = name  # type: ignore[attr-defined]
    exc.requirement = f"must {requirement}, not {actual}{hint}"  # type: ignore[attr-defined]
    return exc


def as_matrix(value: Any, name: str) -> QArray:
    """Coerce to a 2-D QArray with at least one row and one column (floats refused, naming ``name``)."""
    if isinstance(value, (str, bytes)) or value is None:
        raise InexactInputError(
            f"Argument '{name}' must be an exact matrix (QArray or nested lists of exact numbers), "
            f"not {describe(value)}"
        )
    arr = value if isinstance(value, QArray) else QArray.from_nested(to_numpy(value), name)
    if arr.ndim != 2:
        raise shape_error(name, "be a matrix (2-D)", f"an array of shape {arr.shape}")
    if 0 in arr.shape:
        raise shape_error(name, "have at least one row and one column", f"shape {arr.shape}")
    return arr


def as_vector(value: Any, name: str) -> QArray:
    """Coerce to a non-empty 1-D QArray."""
    if isinstance(value, (str, bytes)) or value is None:
        raise InexactInputError(f"Argument '{name}' must be an exact vector, not {describe(value)}")
    arr = value if isinstance(value, QArray) else QArray.from_nested(to_numpy(value), name)
    if arr.ndim != 1:
        raise shape_error(name, "be a vector (1-D)", f"an array of shape {arr.shape}")
    return arr


def mul_num(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Broadcast product of integer arrays, exact (int64 only when provably safe, else Python ints)."""
    if a.dtype == object or b.dtype == object or max_abs(a) * max_abs(b) >= INT64_SAFE:
        return as_object(a) * as_object(b)
    return a * b


# ---------------------------------------------------------------------------------------------- JSON
def json_rational(value: Any, field: str) -> Fraction:
    """A JSON rational: a string ``"p/q"`` / ``"p"`` (decimal strings allowed) or an int; never a float."""
    if isinstance(value, bool):
        raise FormatError(f"a rational must be a string such as \"3/4\" or an int, not {describe(value)}", field)
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float):
        raise FormatError(
            f"a rational must be a string such as \"3/4\" or an int, not the JSON float {value!r}: "
            "floats are not exact; write the number as a string",
            field,
        )
    if isinstance(value, str):
        if len(value) > 4000:
            from .io import LIMIT_VARS, input_limit

            limit = input_limit("digits")
            if len(value) > 2 * limit + 2:
                raise FormatError(f"a rational string of {len(value)} characters is longer than the digit limit "
                                  f"allows ({limit} digits per integer); raise it with {LIMIT_VARS['digits']}="
                                  "<digits> if the number is genuine", field)
        try:
            return parse_str(value, field)
        except (TypeError, ValueError) as exc:
            raise FormatError(f"not a rational string: {exc}", field) from None
    raise FormatError(f"a rational must be a string such as \"3/4\" or an int, not {describe(value)}", field)


def json_int(value: Any, field: str, minimum: int | None = None) -> int:
    """A JSON integer (no bool, no float, no string)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise FormatError(f"must be an integer, not {describe(value)}", field)
    if minimum is not None and value < minimum:
        raise FormatError(f"must be an integer >= {minimum}, not {value!r}", field)
    return value


def json_bool(value: Any, field: str) -> bool:
    if not isinstance(value, bool):
        raise FormatError(f"must be true or false, not {describe(value)}", field)
    return value


def json_array(value: Any, field: str, ndim: int, shape: Sequence[int] | None = None) -> QArray:
    """A nested JSON list of rationals of exactly ``ndim`` levels (rectangular), as a QArray.

    Every entry is checked with :func:`json_rational`, so the error names e.g. ``leaf_weights[0][1][2]``.
    """
    out_shape: list[int | None] = [None] * ndim

    def walk(obj: Any, path: str, level: int) -> list:
        if level == ndim:
            return [json_rational(obj, path)]
        if not isinstance(obj, list):
            what = "a list" if ndim - level == 1 else f"a nested list ({ndim - level} levels)"
            raise FormatError(f"must be {what}, not {describe(obj)}", path)
        if out_shape[level] is None:
            out_shape[level] = len(obj)
        elif out_shape[level] != len(obj):
            raise FormatError(
                f"ragged array: this list has length {len(obj)}, its siblings have length {out_shape[level]}", path
            )
        flat: list = []
        for k, item in enumerate(obj):
            flat.extend(walk(item, f"{path}[{k}]", level + 1))
        return flat

    flat = walk(value, field, 0)
    dims = tuple(0 if s is None else s for s in out_shape)
    if shape is not None and tuple(shape) != dims:
        raise FormatError(f"must have shape {tuple(shape)}, not {dims}", field)
    arr = np.empty(len(flat), dtype=object)
    arr[:] = flat
    return QArray.from_fractions(arr.reshape(dims)) if flat else QArray.zeros(dims)


def require_keys(obj: Any, field: str, required: Sequence[str], optional: Sequence[str] = ()) -> None:
    """``obj`` must be a JSON object with every required key and no unknown key."""
    if not isinstance(obj, dict):
        raise FormatError(f"must be a JSON object, not {describe(obj)}", field or "<root>")
    for key in required:
        if key not in obj:
            raise FormatError(f"missing required key '{key}'", field or "<root>")
    allowed = set(required) | set(optional)
    for key in obj:
        if key not in allowed:
            raise FormatError(
                f"unknown key '{key}' (allowed: {', '.join(sorted(allowed))})", join(field, str(key))
            )


def join(prefix: str, key: str) -> str:
    """JSON path ``prefix.key`` (or ``key`` at the root)."""
    return f"{prefix}.{key}" if prefix else key


def check_format(obj: dict, prefix: str, fmt: str) -> None:
    if obj.get("format") != fmt:
        raise FormatError(f"must be \"{fmt}\", not {describe(obj.get('format'))}", join(prefix, "format"))
    version = obj.get("schema_version")
    if isinstance(version, bool) or version != 1:
        raise FormatError(f"must be 1 (the only schema version), not {describe(version)}", join(prefix, "schema_version"))


def reraise_as_format(exc: Exception, prefix: str, default_field: str) -> FormatError:
    """Turn a ShapeError / InvalidArgumentError raised while building an object into a FormatError."""
    field = getattr(exc, "field", None)
    reason = getattr(exc, "requirement", None) or str(exc)
    return FormatError(reason, join(prefix, field if field else default_field))


def is_matrix_like(value: Any) -> bool:
    """True for a 2-D QArray / numpy array or a list whose first entry is a list of scalars."""
    if isinstance(value, QArray) or isinstance(value, np.ndarray):
        return value.ndim == 2
    if isinstance(value, (list, tuple)) and value:
        first = value[0]
        if isinstance(first, (list, tuple)):
            return not (first and isinstance(first[0], (list, tuple, np.ndarray, QArray)))
        return False
    return False


def check_int_arg(value: Any, name: str, minimum: int = 1) -> int:
    """An int >= minimum (bool refused), else InvalidArgumentError naming ``name``."""
    from ..core.rational import as_int

    if isinstance(value, bool):
        raise InvalidArgumentError(f"Argument '{name}' must be an integer >= {minimum}, not {describe(value)}")
    n = as_int(value, name)
    if n < minimum:
        raise InvalidArgumentError(f"Argument '{name}' must be an integer >= {minimum}, not {describe(value)}")
    return n


class NetworkFacts:
    """Mixin: ``M`` and ``Y`` of a network with a ``representation`` and ``output_weights`` (Y x ...)."""

    @property
    def M(self) -> int:
        """Number of representation functions."""
        return self.representation.M

    @property
    def Y(self) -> int:
        """Number of outputs."""
        return self.output_weights.shape[0]
