r"""Exact dense rational arrays: an integer numerator array and one common denominator.

A :class:`QArray` holds the rational array ``num / den`` where ``num`` is a
read-only numpy array of integers and ``den >= 1`` is a Python ``int``.  The
representation is canonical (``gcd(all numerators, den) == 1``), so two equal
arrays have equal fields.

Integers are stored as ``int64`` whenever every entry has absolute value below
``2**62``, and as numpy ``object`` arrays of Python ``int`` otherwise.  Every
operation checks a magnitude bound *before* it computes in ``int64`` and
switches to Python integers when the bound could overflow: results are exact
whatever the size of the numbers.  No float is ever involved.

Examples
--------
>>> A = QArray.from_nested([[1, "1/2"], [0, "3/4"]], "A")
>>> A.shape, A.den
((2, 2), 4)
>>> A[0, 1]
Fraction(1, 2)
>>> A.tolist_str()
[['1', '1/2'], ['0', '3/4']]
>>> (A @ A)[0, 1] == Fraction(1, 2) * 1 + Fraction(3, 4) * Fraction(1, 2)
True
>>> QArray.from_nested([[0.5]], "W")
Traceback (most recent call last):
  ...
exactnet.errors.InexactInputError: Argument 'W[0][0]' must be an exact rational, not 0.5 (type=float); floats are not exact (0.5 != 1/2). Use the string '1/2' or '0.5', Fraction(1, 2), or exactnet.from_float(0.5) for the float's exact binary value.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any, Iterable, Sequence

import numpy as np

from ..errors import InexactInputError, InvalidArgumentError, ResourceLimitError, ShapeError
from .rational import as_int, as_rational, int_to_str, to_str

__all__ = ["QArray", "INT64_SAFE", "max_abs", "as_object", "int_array", "reduce_common_factor"]

#: Entries are kept in int64 while their absolute value is below this bound.
INT64_SAFE = 1 << 62


def max_abs(num: np.ndarray) -> int:
    """Largest absolute value of an integer array, as a Python int (0 for an empty array)."""
    if num.size == 0:
        return 0
    hi = int(num.max())
    lo = int(num.min())
    return max(abs(hi), abs(lo))


def as_object(num: np.ndarray) -> np.ndarray:
    """The same integers as a numpy object array of Python ints."""
    if num.dtype == object:
        return num
    out = np.empty(num.shape, dtype=object)
    out.flat[:] = [int(x) for x in num.flat] if num.size else []
    return out


def int_array(num: np.ndarray) -> np.ndarray:
    """Canonical storage: int64 when every entry is below ``INT64_SAFE`` in absolute value, else object."""
    if num.dtype == object:
        if num.size == 0 or max_abs(num) < INT64_SAFE:
            return num.astype(np.int64)
        return num
    if num.dtype.kind in "iu":
        if num.dtype == np.int64:
            return num
        if num.dtype.kind == "u" and num.size and int(num.max()) >= INT64_SAFE:
            return as_object(num)
        return num.astype(np.int64)
    raise InexactInputError(f"internal: integer array expected, got dtype {num.dtype}")


def _gcd_array(num: np.ndarray, start: int = 0) -> int:
    """gcd of ``start`` and every entry (numpy's gcd ufunc; object arrays use Python ints)."""
    if num.size == 0:
        return abs(start)
    if num.dtype == object:
        return int(np.gcd.reduce(num.ravel(), initial=start))
    return math.gcd(start, int(np.gcd.reduce(np.abs(num).ravel())))


def reduce_common_factor(num: np.ndarray, den: int) -> tuple[np.ndarray, int]:
    """Divide an integer array and a denominator by their common gcd (keeps intermediate numbers small).

    Stops scanning Python-int arrays as soon as the gcd reaches 1.

    >>> reduce_common_factor(np.array([4, 6]), 8)
    (array([2, 3]), 4)
    """
    if den == 1 or num.size == 0:
        return num, den
    if num.dtype == object:
        g = den
        for x in num.flat:
            g = math.gcd(g, int(x))
            if g == 1:
                return num, den
    else:
        g = math.gcd(int(np.gcd.reduce(np.abs(num).ravel())), den)
    if g > 1:
        return num // g, den // g
    return num, den


def _freeze(num: np.ndarray) -> np.ndarray:
    # never freeze (or alias) an array somebody else holds: copy views and non-contiguous data
    if not num.flags.c_contiguous or num.base is not None:
        num = num.copy(order="C")
    num.flags.writeable = False
    return num


class QArray:
    """An immutable exact rational array ``num / den`` (field Q).

    Do not call the constructor with unchecked data; use :meth:`from_nested`,
    :meth:`from_integers`, :meth:`from_fractions` or :meth:`zeros`.

    Attributes
    ----------
    num : numpy.ndarray
        Read-only integer numerators (``int64``, or ``object`` holding Python ints).
    den : int
        Positive common denominator, coprime to the numerators as a whole.
    """

    __slots__ = ("num", "den")

    num: np.ndarray
    den: int

    def __init__(self, num: np.ndarray, den: int = 1):
        given = num
        num = np.asarray(num)
        den = int(den)
        if den == 0:
            raise InvalidArgumentError("Argument 'den' must be non-zero, not 0")
        if den < 0:
            num, den = np.negative(num), -den
        if den > 1:  # canonical form: gcd(numerators, den) == 1 (nothing to do when den == 1)
            g = _gcd_array(num, den)
            if g > 1:
                num = num // g
                den //= g
        num = int_array(num)
        if num is given:
            num = num.copy(order="C")
        object.__setattr__(self, "num", _freeze(num))
        object.__setattr__(self, "den", den)

    def __setattr__(self, key, value):  # immutability
        raise AttributeError("QArray is immutable")

    # ------------------------------------------------------------------ constructors
    @classmethod
    def from_integers(cls, num: Any, den: int = 1) -> "QArray":
        """From an integer numpy array (or nested ints) and a denominator; no float accepted."""
        arr = np.asarray(num)
        if arr.dtype.kind == "f" or arr.dtype.kind == "c":
            raise InexactInputError(
                f"Argument 'num' must be an integer array, not a {arr.dtype} array; floats are not exact"
            )
        if arr.dtype == object:
            for x in arr.flat:
                if not isinstance(x, int) or isinstance(x, bool):
                    as_rational(x, "num")  # raises the right error for floats
                    raise InexactInputError(f"Argument 'num' must hold Python ints, not {x!r}")
        elif arr.dtype.kind not in "iu":
            raise InexactInputError(f"Argument 'num' must be an integer array, not dtype {arr.dtype}")
        return cls(arr, den)

    @classmethod
    def from_fractions(cls, values: np.ndarray) -> "QArray":
        """From a numpy object array of Fractions (trusted: already exact)."""
        arr = np.asarray(values, dtype=object)
        if arr.size == 0:
            return cls(np.zeros(arr.shape, dtype=np.int64), 1)
        den = 1
        for x in arr.flat:
            d = x.denominator
            if den % d:
                den = den * d // math.gcd(den, d)
        out = np.empty(arr.shape, dtype=object)
        out.flat[:] = [x.numerator * (den // x.denominator) for x in arr.flat]
        return cls(out, den)

    @classmethod
    def from_nested(cls, values: Any, name: str = "values", shape: Sequence[int] | None = None) -> "QArray":
        """From nested sequences (or a numpy array) of exact scalars, coercing each with ``as_rational``.

        A numpy float array, or any float entry, is refused with an error naming the entry.
        If ``shape`` is given the result must have that shape.
        """
        if isinstance(values, QArray):
            arr_q = values
        else:
            arr = np.asarray(values, dtype=object) if not isinstance(values, np.ndarray) else values
            if arr.dtype.kind in "iu":
                arr_q = cls(arr, 1)
            else:
                if isinstance(values, np.ndarray) and values.dtype.kind in "fc":
                    bad = np.unravel_index(0, values.shape) if values.size else ()
                    as_rational(values.flat[0].item() if values.size else float("nan"), _index_name(name, bad))
                arr = np.asarray(values, dtype=object) if not isinstance(values, np.ndarray) else values.astype(object)
                if arr.dtype != object:
                    arr = arr.astype(object)
                _check_ragged(values, name)
                out = np.empty(arr.shape, dtype=object)
                for idx in np.ndindex(arr.shape):
                    out[idx] = as_rational(arr[idx], _index_name(name, idx))
                arr_q = cls.from_fractions(out)
        if shape is not None and tuple(arr_q.shape) != tuple(shape):
            raise ShapeError(f"Argument '{name}' must have shape {tuple(shape)}, not {arr_q.shape}")
        return arr_q

    @classmethod
    def zeros(cls, shape: Sequence[int]) -> "QArray":
        """The zero array of the given shape (refused, before allocating, when it would not fit).

        >>> QArray.zeros((4,) * 64)
        Traceback (most recent call last):
          ...
        exactnet.errors.ResourceLimitError: a dense array of shape (4, 4, ..., 4) (64 modes) has 340282366920938463463374607431768211456 entries (~8 bytes each); it cannot be allocated. Use a structured computation instead of a dense array, or smaller sizes.
        """
        shape = tuple(as_int(n, f"shape[{k}]") for k, n in enumerate(shape))
        if any(n < 0 for n in shape):
            raise InvalidArgumentError(f"Argument 'shape' must hold sizes >= 0, not {shape}")
        _refuse_huge(shape)
        try:
            return cls(np.zeros(shape, dtype=np.int64), 1)
        except MemoryError:
            raise ResourceLimitError(f"a dense array of shape {shape} needs {8 * math.prod(shape)} bytes, more than this "
                                     "process can allocate; use smaller sizes or a structured computation") from None

    @classmethod
    def identity(cls, n: int) -> "QArray":
        return cls(np.eye(n, dtype=np.int64), 1)

    # ------------------------------------------------------------------ basic facts
    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(self.num.shape)

    @property
    def ndim(self) -> int:
        return self.num.ndim

    @property
    def size(self) -> int:
        return int(self.num.size)

    @property
    def is_integer(self) -> bool:
        return self.den == 1

    def max_abs_num(self) -> int:
        """Largest absolute numerator (a Python int)."""
        return max_abs(self.num)

    def __getitem__(self, idx) -> Any:
        sub = self.num[idx]
        if isinstance(sub, np.ndarray):
            return QArray(sub.copy(), self.den)
        return Fraction(int(sub), self.den)

    def fraction(self, idx: Sequence[int]) -> Fraction:
        return Fraction(int(self.num[tuple(idx)]), self.den)

    def to_fractions(self) -> np.ndarray:
        """A new numpy object array of Fractions."""
        out = np.empty(self.shape, dtype=object)
        out.flat[:] = [Fraction(int(x), self.den) for x in self.num.flat] if self.size else []
        return out

    def tolist(self) -> list:
        """Nested lists of Fractions."""
        return self.to_fractions().tolist()

    def tolist_str(self) -> list:
        """Nested lists of ``"p/q"`` strings (the JSON form).

        >>> QArray.from_nested([["1/2", 3]]).tolist_str()
        [['1/2', '3']]
        """
        d = self.den
        if d == 1:
            conv = str if self.num.dtype != object else int_to_str
        else:
            def conv(x: int) -> str:
                return to_str(Fraction(x, d))

        def walk(obj):
            if isinstance(obj, list):
                if obj and not isinstance(obj[0], list):
                    return list(map(conv, obj))
                return [walk(o) for o in obj]
            return conv(obj)

        return walk(self.num.tolist())  # tolist() yields Python ints for int64 and object storage

    def object_num(self) -> np.ndarray:
        """The numerators as an object array of Python ints (a copy for int64 storage)."""
        return as_object(self.num)

    # ------------------------------------------------------------------ comparison
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, QArray):
            return NotImplemented
        if self.shape != other.shape or self.den != other.den:
            return False
        a, b = self.num, other.num
        if a.dtype != b.dtype:
            a, b = as_object(a), as_object(b)
        return bool(np.array_equal(a, b))

    def __hash__(self) -> int:
        return hash((self.shape, self.den, self.num.tobytes() if self.num.dtype != object else tuple(self.num.flat)))

    def __repr__(self) -> str:
        if self.size <= 64:
            return f"QArray({self.tolist_str()!r})"
        return f"QArray(shape={self.shape}, den={self.den})"

    # ------------------------------------------------------------------ structural ops
    def transpose(self, axes: Sequence[int] | None = None) -> "QArray":
        return QArray(np.transpose(self.num, axes).copy(), self.den)

    @property
    def T(self) -> "QArray":
        return self.transpose()

    def reshape(self, *shape) -> "QArray":
        if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
            shape = tuple(shape[0])
        return QArray(self.num.reshape(shape).copy(), self.den)

    def take(self, indices: Sequence[int], axis: int) -> "QArray":
        return QArray(np.take(self.num, list(indices), axis=axis), self.den)

    # ------------------------------------------------------------------ arithmetic
    def __neg__(self) -> "QArray":
        return QArray(-self.num if self.num.dtype != object else np.negative(self.num), self.den)

    def _aligned(self, other: "QArray") -> tuple[np.ndarray, np.ndarray, int]:
        L = self.den * other.den // math.gcd(self.den, other.den)
        fa, fb = L // self.den, L // other.den
        a, b = self.num, other.num
        bound = max_abs(a) * fa + max_abs(b) * fb
        if bound >= INT64_SAFE or a.dtype == object or b.dtype == object:
            a, b = as_object(a), as_object(b)
        return a * fa if fa != 1 else a, b * fb if fb != 1 else b, L

    def __add__(self, other: "QArray") -> "QArray":
        other = _coerce(other)
        _same_shape(self, other, "+")
        a, b, L = self._aligned(other)
        return QArray(a + b, L)

    def __sub__(self, other: "QArray") -> "QArray":
        other = _coerce(other)
        _same_shape(self, other, "-")
        a, b, L = self._aligned(other)
        return QArray(a - b, L)

    def scale(self, c: Any) -> "QArray":
        """Multiply by an exact scalar."""
        q = as_rational(c, "c")
        num = self.num
        if q.numerator == 0:
            return QArray.zeros(self.shape)
        if abs(q.numerator) >= INT64_SAFE or max_abs(num) * abs(q.numerator) >= INT64_SAFE:
            num = as_object(num)
        return QArray(num * q.numerator, self.den * q.denominator)

    def __mul__(self, other: Any) -> "QArray":
        if isinstance(other, QArray):
            _same_shape(self, other, "*")
            return hadamard(self, other)
        return self.scale(other)

    __rmul__ = __mul__

    def __matmul__(self, other: "QArray") -> "QArray":
        other = _coerce(other)
        if self.ndim != 2 or other.ndim != 2 or self.shape[1] != other.shape[0]:
            raise ShapeError(f"Shape mismatch: {self.shape} @ {other.shape}")
        return tensordot(self, other, axes=([1], [0]))


# ---------------------------------------------------------------------- free functions
#: ``QArray.zeros`` refuses shapes with more entries than this (2**40, ~8 TiB of int64): numpy
#: could not allocate them anyway.  The user-facing, configurable limit lives in
#: :mod:`exactnet.tensors.memory`.
MAX_ENTRIES = 1 << 40


def _refuse_huge(shape: tuple[int, ...]) -> None:
    entries = 1
    for n in shape:
        entries *= n
    if entries > MAX_ENTRIES:
        if len(shape) > 4 and len(set(shape)) == 1:
            shown = f"({shape[0]}, {shape[0]}, ..., {shape[0]}) ({len(shape)} modes)"
        else:
            shown = str(shape)
        raise ResourceLimitError(
            f"a dense array of shape {shown} has {entries} entries (~8 bytes each); it cannot be allocated. "
            "Use a structured computation instead of a dense array, or smaller sizes."
        )



def _coerce(x: Any) -> QArray:
    if isinstance(x, QArray):
        return x
    return QArray.from_nested(x, "other")


def _same_shape(a: QArray, b: QArray, op: str) -> None:
    if a.shape != b.shape:
        raise ShapeError(f"Shape mismatch: {a.shape} {op} {b.shape}")


def _pair(a: np.ndarray, b: np.ndarray, bound: int) -> tuple[np.ndarray, np.ndarray]:
    if bound >= INT64_SAFE or a.dtype == object or b.dtype == object:
        return as_object(a), as_object(b)
    return a, b


def hadamard(a: QArray, b: QArray) -> QArray:
    """Entrywise product."""
    x, y = _pair(a.num, b.num, max_abs(a.num) * max_abs(b.num))
    return QArray(x * y, a.den * b.den)


def tensordot(a: QArray, b: QArray, axes) -> QArray:
    """Exact ``numpy.tensordot`` (overflow-safe)."""
    if isinstance(axes, int):
        k = int(np.prod(a.shape[a.ndim - axes :], dtype=object)) if axes else 1
    else:
        k = int(np.prod([a.shape[i] for i in axes[0]], dtype=object)) if len(axes[0]) else 1
    x, y = _pair(a.num, b.num, max(k, 1) * max_abs(a.num) * max_abs(b.num))
    return QArray(np.tensordot(x, y, axes=axes), a.den * b.den)


def outer(a: QArray, b: QArray) -> QArray:
    """Exact outer (tensor) product: ``(a ⊗ b)[i..., j...] = a[i...] b[j...]``."""
    x, y = _pair(a.num, b.num, max_abs(a.num) * max_abs(b.num))
    return QArray(np.multiply.outer(x, y), a.den * b.den)


def _index_name(name: str, idx: Iterable[int]) -> str:
    return name + "".join(f"[{i}]" for i in idx)


def _check_ragged(values: Any, name: str) -> None:
    if isinstance(values, np.ndarray):
        return
    try:
        np.asarray(values, dtype=object)
        arr = np.array(values, dtype=object)
    except ValueError as exc:  # numpy refuses some ragged inputs outright
        raise ShapeError(f"Argument '{name}' must be a rectangular array; it is ragged ({exc})") from None
    if arr.ndim > 32:  # numpy stops at 64 dimensions (deeper lists become objects) and iterates at most 32
        raise ShapeError(f"Argument '{name}' must be an array of at most 32 dimensions, not nested {arr.ndim} or more deep")
    # numpy turns ragged nested lists into object arrays of lists: detect that
    for x in arr.flat:
        if isinstance(x, (list, tuple, np.ndarray)):
            raise ShapeError(f"Argument '{name}' must be a rectangular array; it is ragged")
        break
