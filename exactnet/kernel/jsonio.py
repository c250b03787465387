"""Strict JSON for the kernel: one reader for certificates (and the values inside them).

* :func:`loads` / :func:`load_file`: gzip detected by content, a size limit checked before decoding,
  duplicate keys refused, JSON floats (``0.5``, ``1e3``), ``NaN`` and ``Infinity`` refused.
* Field readers (:func:`get`, :func:`json_int`, :func:`int_string`, :func:`rational`,
  :func:`index_list`) raise :class:`~exactnet.errors.CertificateError` naming the JSON path.
* Rationals are strings ``"p"`` or ``"p/q"`` in lowest terms with ``q >= 2`` (so every rational has
  exactly one spelling); JSON numbers are never rationals.

>>> loads('{"a": 1, "a": 2}')
Traceback (most recent call last):
  ...
exactnet.errors.CertificateError: duplicate key 'a' (field 'a')
>>> rational("6/4", "x")
Traceback (most recent call last):
  ...
exactnet.errors.CertificateError: not in lowest terms: write "3/2", not '6/4' (field 'x')
"""


import gzip, io, json, math, re  # noqa: E401

import flint
from fractions import Fraction
from typing import Any

from ..errors import CertificateError

#: the largest certificate file (decompressed bytes) the kernel reads
MAX_BYTES = 1 << 31
_INT = re.compile(r"-?(0|[1-9][0-9]*)")
_RAT = re.compile(r"(-?(?:0|[1-9][0-9]*))/([0-9]+)")


def fail(reason: str, field: str | None = None) -> CertificateError:
    """The exception to raise: ``raise fail("why", "path.to.field")``."""
    return CertificateError(reason, field or None)


def show(value: Any) -> str:
    """A short description of a JSON value, with its JSON type."""
    kinds = ((bool, "boolean"), (int, "integer"), (float, "number, a float"), (str, "string"), (list, "array"), (dict, "object"))
    return f"{repr(value)[:60]} (JSON {next((k for t, k in kinds if isinstance(value, t)), 'null')})"


def join(path: str, key: str | int) -> str:
    """``join("a", "b") == "a.b"``; ``join("a", 3) == "a[3]"``."""
    return f"{path}[{key}]" if isinstance(key, int) else f"{path}.{key}" if path else key


def _pairs(pairs: list) -> dict:
    out = dict(pairs)
    if len(out) < len(pairs):
        key = next(k for i, (k, _) in enumerate(pairs) if k in dict(pairs[:i]))
        raise fail(f"duplicate key {key!r}", key)
    return out


class _Float(str):
    """A JSON number with a fraction or exponent (or NaN, Infinity): found after parsing, by its path."""


def _find_float(value: Any, path: str) -> str | None:
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    found = (_find_float(v, join(path, k)) for k, v in items)
    return (path or "<root>") if isinstance(value, _Float) else next((f for f in found if f), None)


def loads(data: bytes | str) -> Any:
    """Parse JSON strictly (see the module docstring)."""
    if isinstance(data, bytes) and data[:2] == b"\x1f\x8b":
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as fh:
            data = fh.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise fail(f"more than the limit of {MAX_BYTES} bytes")
    floats: list = []
    try:
        out = json.loads(data, object_pairs_hook=_pairs, parse_float=lambda t: floats.append(_Float(t)) or floats[-1],
                         parse_constant=lambda t: floats.append(_Float(t)) or floats[-1])
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise fail(f"not valid JSON: {exc}") from None
    if floats:
        raise fail(f"JSON float {str(floats[0])} is never accepted (floats are not exact): write integers "
                   f"as JSON integers and rationals as strings such as \"1/2\"", _find_float(out, ""))
    return out


def load_file(path: Any) -> Any:
    """Read and parse a ``.json`` or gzip-compressed JSON file."""
    with open(path, "rb") as fh:
        data = fh.read(MAX_BYTES + 1)
    try:
        return loads(data)
    except CertificateError as exc:  # name the file when it is not JSON at all
        bad = exc.reason.startswith("not valid JSON")
        raise fail(f"{path} is not a valid JSON file: {exc.reason[16:]}", exc.field) if bad else exc from None


def get(obj: Any, key: str, path: str = "") -> Any:
    """``obj[key]`` of a JSON object found at ``path``."""
    if not isinstance(obj, dict) or key not in obj:
        raise fail("missing required field" if isinstance(obj, dict) else f"must be a JSON object, not {show(obj)}",
                   join(path, key) if isinstance(obj, dict) else path or "<root>")
    return obj[key]


def only_keys(obj: dict, allowed: set | tuple, path: str = "") -> None:
    """Refuse unknown fields (a field the kernel would not read must not look meaningful)."""
    for key in obj:
        if key not in allowed:
            raise fail(f"unknown field (allowed: {', '.join(sorted(allowed))})", join(path, key))


def json_int(value: Any, path: str, minimum: int | None = None) -> int:
    """A JSON integer (not a boolean, not a string), optionally ``>= minimum``."""
    if isinstance(value, bool) or not isinstance(value, int) or value < (value if minimum is None else minimum):
        raise fail(f"must be a JSON integer{'' if minimum is None else f' >= {minimum}'}, not {show(value)}", path)
    return value


def int_string(value: Any, path: str) -> int:
    """An integer written as a JSON string, e.g. ``"-12"`` (no leading zeros, no ``+``)."""
    if not isinstance(value, str) or not _INT.fullmatch(value):
        raise fail(f"must be an integer in a JSON string such as \"-12\", not {show(value)}", path)
    return int(value) if len(value) < 4000 else int(flint.fmpz(value))  # int() stops at 4300 digits


def rational(value: Any, path: str) -> Fraction:
    """A rational ``"p"`` or ``"p/q"`` in lowest terms, ``q >= 2``."""
    if isinstance(value, str) and _INT.fullmatch(value):
        return Fraction(int_string(value, path))
    m = _RAT.fullmatch(value) if isinstance(value, str) else None
    if m is None:
        raise fail(f"must be a rational in a JSON string such as \"-3/4\", not {show(value)}", path)
    p, q = int_string(m.group(1), path), int_string(m.group(2), path)
    if q == 0:
        raise fail(f"zero denominator in {value!r}", path)
    if q == 1 or math.gcd(p, q) != 1 or m.group(2).startswith("0"):
        raise fail(f"not in lowest terms: write \"{to_string(Fraction(p, q))}\", not {value!r}", path)
    return Fraction(p, q)


def to_string(x: Fraction | int) -> str:
    """The one spelling of a rational: ``"p"`` or ``"p/q"``."""
    x = Fraction(x)
    return str(x.numerator) if x.denominator == 1 else f"{x.numerator}/{x.denominator}"


def index_list(value: Any, path: str, bound: int, length: int | None = None, increasing: bool = False) -> list[int]:
    """A JSON array of distinct 0-based indices in ``range(bound)`` (of ``length`` entries, if given)."""
    if not isinstance(value, list) or len(value) != (len(value) if length is None else length):
        raise fail(f"must be a JSON array of {length or ''} 0-based indices, not {show(value)}", path)
    out = [json_int(x, join(path, k), 0) for k, x in enumerate(value)]
    for k in (k for k, x in enumerate(out) if x >= bound):
        raise fail(f"index {out[k]} is out of range 0..{bound - 1} (indices are 0-based)", join(path, k))
    if len(set(out)) != len(out) or (increasing and out != sorted(out)):
        raise fail(f"indices must be distinct{' and increasing' if increasing else ''}, got {out[:20]}", path)
    return out


def canonical(value: Any) -> str:
    """The canonical JSON text of a value (sorted keys, no spaces): equal objects have equal text."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
