r"""Arrays into exact rationals: the one explicit switch for numpy arrays and torch tensors.

:func:`as_rational_array` turns a numpy array, a torch tensor, a :class:`~exactnet.core.qarray.QArray` or
nested sequences into a :class:`~exactnet.core.qarray.QArray`.  What happens to floats is the caller's
explicit choice, the ``floats`` switch:

* ``floats="refuse"`` (the default): integer arrays (and exact scalars) are converted exactly; a float
  array is refused with an error naming the argument and saying how to import it;
* ``floats="exact"``: every float becomes its **exact binary value** (:func:`~exactnet.core.rational.from_float`;
  ``0.1`` becomes ``3602879701896397/36028797018963968``, not one tenth; a float32 entry becomes the
  exact value of that float32);
* ``floats="round"`` with ``denominator=D``: every float ``x`` becomes the rational with denominator ``D``
  nearest to it, ``round(x * D) / D`` computed exactly from the binary value (ties to even), a stated
  rounding (``D = 1000`` gives three decimals).

NaN and infinities are refused in every mode.  Torch tensors are read with ``.detach().cpu().numpy()``;
torch is never imported here.

Examples
--------
>>> import numpy as np
>>> as_rational_array(np.array([[1, -2]]), "W").tolist_str()
[['1', '-2']]
>>> as_rational_array(np.array([0.5, 0.1]), "x")
Traceback (most recent call last):
  ...
exactnet.errors.InexactInputError: Argument 'x' is a float64 array: floats are not exact. Pass floats="exact" to import each float as its exact binary value (0.1 becomes 3602879701896397/36028797018963968), or floats="round" with denominator=D to round to the nearest multiple of 1/D.
>>> as_rational_array(np.array([0.5, 0.1]), "x", floats="exact").tolist_str()
['1/2', '3602879701896397/36028797018963968']
>>> as_rational_array(np.array([0.5, 0.1]), "x", floats="round", denominator=100).tolist_str()
['1/2', '1/10']
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import numpy as np

from ..errors import InexactInputError, InvalidArgumentError
from ..errors import describe_value as _describe
from .qarray import QArray
from .rational import as_positive_int, from_float

__all__ = ["as_rational_array", "FLOAT_MODES", "is_tensor", "to_numpy", "convert_float"]

#: The values of the ``floats`` switch.
FLOAT_MODES = ("refuse", "exact", "round")


def is_tensor(value: Any) -> bool:
    """True for a torch tensor (recognized without importing torch).

    >>> is_tensor([1, 2]), is_tensor(np.zeros(2))
    (False, False)
    """
    t = type(value)
    return (t.__module__ or "").startswith("torch") and hasattr(value, "detach") and hasattr(value, "numpy")


def to_numpy(value: Any) -> Any:
    """A torch tensor as a numpy array (``.detach().cpu().numpy()``; bfloat16/float16 widened exactly to float32).

    Anything else is returned unchanged.
    """
    if not is_tensor(value):
        return value
    t = value.detach().cpu()
    name = str(getattr(t, "dtype", ""))
    if name in ("torch.bfloat16", "torch.float16"):
        t = t.float()  # every bfloat16/float16 value is exactly a float32 value
    return t.numpy()


def _check_mode(floats: Any, denominator: Any) -> int | None:
    if floats not in FLOAT_MODES:
        raise InvalidArgumentError(
            f"Argument 'floats' must be one of {', '.join(repr(m) for m in FLOAT_MODES)}, not {_describe(floats)}")
    if floats == "round":
        if denominator is None:
            raise InvalidArgumentError("Argument 'denominator' is required with floats=\"round\" (e.g. denominator=1000)")
        return as_positive_int(denominator, "denominator")
    if denominator is not None:
        raise InvalidArgumentError(
            f"Argument 'denominator' is only used with floats=\"round\", not with floats={floats!r}")
    return None


def convert_float(x: float, floats: str = "exact", denominator: int | None = None, name: str = "value") -> Fraction:
    """One float, converted as the ``floats`` switch says (``"exact"`` or ``"round"``).

    >>> convert_float(2 / 3, "round", 3)
    Fraction(2, 3)
    """
    den = _check_mode(floats, denominator)
    if floats == "refuse":
        raise InexactInputError(f"Argument '{name}' is a float ({x!r}): floats are not exact")
    f = float(x)
    if math.isnan(f) or math.isinf(f):
        raise InexactInputError(f"Argument '{name}' is {f!r}: NaN and infinities are not rational")
    q = from_float(f)
    if floats == "round":
        return Fraction(round(q * den), den)
    return q


def _floats_to_qarray(arr: np.ndarray, name: str, floats: str, den: int | None) -> QArray:
    if not np.all(np.isfinite(arr)):
        bad = tuple(int(i) for i in np.argwhere(~np.isfinite(arr))[0])
        raise InexactInputError(
            f"Argument '{name}' contains {float(arr[bad])!r} at index {list(bad)}: NaN and infinities are not rational")
    a64 = arr.astype(np.float64)  # float16/float32 -> float64 is exact
    if floats == "round":
        out = np.empty(arr.shape, dtype=object)
        out.flat[:] = [round(Fraction(float(v)) * den) for v in a64.flat] if arr.size else []
        return QArray(out, den)
    if arr.size == 0:
        return QArray(np.zeros(arr.shape, dtype=np.int64), 1)
    # exact binary values: x = m * 2**e with an integer m; one common power of two for the whole array
    mant, expo = np.frexp(a64)              # a64 = mant * 2**expo, 0.5 <= |mant| < 1 (exact)
    m = np.ldexp(mant, 53).astype(np.int64)  # exact: 53 significant bits
    e = expo.astype(np.int64) - 53
    nz = m != 0
    emin = int(e[nz].min()) if nz.any() else 0
    shift = np.where(nz, e - emin, 0)
    if int(shift.max()) + 54 < 62:
        num = m << shift
    else:
        num = np.empty(arr.shape, dtype=object)
        num.flat[:] = [int(a) << int(s) for a, s in zip(m.flat, shift.flat)]
    if emin >= 0:
        obj = np.empty(arr.shape, dtype=object)
        obj.flat[:] = [int(a) << emin for a in num.flat]
        return QArray(obj, 1)
    return QArray(num, 1 << (-emin))


def as_rational_array(value: Any, name: str = "values", *, floats: str = "refuse",
                      denominator: Any = None) -> QArray:
    """Coerce a numpy array, torch tensor, QArray or nested sequence to an exact :class:`QArray`.

    Parameters
    ----------
    value : array-like
        Integer arrays are exact; float arrays are converted only as ``floats`` says.
    name : str
        The argument's name, for error messages.
    floats : ``"refuse"`` (default), ``"exact"`` or ``"round"``
        See the module docstring.  Entries of nested sequences follow the same switch.
    denominator : int, only with ``floats="round"``
        Round every float to the nearest multiple of ``1/denominator``.

    >>> as_rational_array([[1, "1/2"], [0.25, 3]], "W", floats="exact").tolist_str()
    [['1', '1/2'], ['1/4', '3']]
    >>> as_rational_array(np.array([True]), "m")
    Traceback (most recent call last):
      ...
    exactnet.errors.InexactInputError: Argument 'm' is a bool array: booleans are not numbers here
    """
    den = _check_mode(floats, denominator)
    if isinstance(value, QArray):
        return value
    value = to_numpy(value)
    if isinstance(value, np.ndarray) and value.dtype != object:
        kind = value.dtype.kind
        if kind in "iu":
            return QArray.from_integers(value)
        if kind == "b":
            raise InexactInputError(f"Argument '{name}' is a bool array: booleans are not numbers here")
        if kind == "f":
            if floats == "refuse":
                raise InexactInputError(
                    f"Argument '{name}' is a {value.dtype} array: floats are not exact. Pass floats=\"exact\" to "
                    "import each float as its exact binary value (0.1 becomes 3602879701896397/36028797018963968), "
                    "or floats=\"round\" with denominator=D to round to the nearest multiple of 1/D.")
            return _floats_to_qarray(value, name, floats, den)
        raise InexactInputError(f"Argument '{name}' must be a numeric array, not a {value.dtype} array")
    if floats == "refuse":
        return QArray.from_nested(value, name)
    # nested sequences (or object arrays) with floats allowed: convert float entries one by one
    arr = np.asarray(value, dtype=object) if not isinstance(value, np.ndarray) else value
    out = np.empty(arr.shape, dtype=object)
    for idx in np.ndindex(arr.shape):
        v = to_numpy(arr[idx])
        if isinstance(v, np.ndarray) and v.ndim == 0:
            v = v.item()
        if isinstance(v, (float, np.floating)):
            v = convert_float(float(v), floats, den, name + "".join(f"[{i}]" for i in idx))
        out[idx] = v
    return QArray.from_nested(out, name)
