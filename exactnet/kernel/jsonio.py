"""Strict JSON for the kernel: one reader for certificates (and the values inside them).

* :func:`loads` / :func:`load_file`: gzip detected by content, duplicate keys refused, JSON floats
  (``0.5``, ``1e3``), ``NaN`` and ``Infinity`` refused (:class:`~exactnet.errors.CertificateError`
  naming the field).
* Limits checked before the work (:data:`LIMITS`, each raised by its environment variable, the same
  as the network reader's): the file's size before it is read, the gzip content decompressed in one
  capped step (never past the byte limit), integers longer than the digit limit refused before they
  are converted, nesting deeper than the interpreter's recursion parsed with an explicit stack up to
  the depth limit.  An input that is not JSON, or over a limit, raises
  :class:`~exactnet.errors.FormatError` naming the file (or ``None``) and the line and column; an
  input that is JSON but not a valid certificate raises ``CertificateError`` naming the field.
* Field readers (:func:`get`, :func:`json_int`, :func:`int_string`, :func:`rational`,
  :func:`index_list`) raise :class:`~exactnet.errors.CertificateError` naming the JSON path.
* Rationals are strings ``"p"`` or ``"p/q"`` in lowest terms with ``q >= 2`` (so every rational has
  exactly one spelling); JSON numbers are never rationals.

>>> loads('{"a": 1, "a": 2}')
Traceback (most recent call last):
  ...
exactnet.errors.CertificateError: duplicate key 'a' (field 'a')
>>> loads('{"a": [1, 2}')
Traceback (most recent call last):
  ...
exactnet.errors.FormatError: not valid JSON: Expecting ',' delimiter: line 1 column 12 (char 11)
>>> rational("6/4", "x")
Traceback (most recent call last):
  ...
exactnet.errors.CertificateError: not in lowest terms: write "3/2", not '6/4' (field 'x')
>>> x = loads("[" * 100_000 + "]" * 100_000)  # deeper than the interpreter's recursion: no RecursionError
"""


import json, json.scanner, math, os, re, reprlib, sys, zlib  # noqa: E401

import flint
from fractions import Fraction

from ..errors import CertificateError, FormatError

#: the input limits (environment variable, default): decompressed bytes, nesting depth, digits of one integer
LIMITS = {"bytes": ("EXACTNET_MAX_INPUT_BYTES", 1 << 28), "depth": ("EXACTNET_MAX_JSON_DEPTH", 1_000_000), "digits": ("EXACTNET_MAX_DIGITS", 100_000)}
_INT = re.compile(r"-?(0|[1-9][0-9]*)")
sys.set_int_max_str_digits(0)  # integers of any length are printed in messages: the reader caps their digits


def fail(reason: str, field: str | None = None) -> CertificateError:
    """The exception to raise: ``raise fail("why", "path.to.field")``."""
    return CertificateError(reason, field or None)


def show(value: object) -> str:
    """A short description of a JSON value, with its JSON type."""
    return f"{reprlib.repr(value)[:60]} (JSON {next((k for t, k in ((bool, 'boolean'), (int, 'integer'), (float, 'number, a float'), (str, 'string'), (list, 'array'), (dict, 'object')) if isinstance(value, t)), 'null')})"


def join(path: str, key: str | int) -> str:
    """``join("a", "b") == "a.b"``; ``join("a", 3) == "a[3]"``."""
    return f"{path}[{key}]" if isinstance(key, int) else f"{path}.{key}" if path else key


def limit(name: str, size: int = 0, what: str = "", source: str | None = None) -> int:
    """The input limit ``"bytes"``, ``"depth"`` or ``"digits"`` (its environment variable, e.g. ``8GiB``, else the
    default); a ``size`` over it is refused with :class:`~exactnet.errors.FormatError` naming ``what`` and the way out."""
    var, n = LIMITS[name]
    if m := re.fullmatch(r"\s*([0-9]+)\s*([kmgt]?)(i?)(b?)\s*", os.environ.get(var) or str(n), re.I):
        n = int(m[1]) * (1000 if m[4] and not m[3] else 1024) ** " kmgt".index(m[2].lower() or " ")
    if size > n or not m:
        raise FormatError(f"{what}, over the limit of {n} {'levels' if name == 'depth' else name}; raise it with {var}=<{name}> if the input is genuine" if m else f"{var} must be a count such as 8GiB", source)
    return n


def _pairs(pairs: list) -> dict:
    if len(out := dict(pairs)) < len(pairs):
        raise fail(f"duplicate key {(key := next(k for i, (k, _) in enumerate(pairs) if k in dict(pairs[:i])))!r}", key)
    return out


class _Float(str):
    """A JSON number with a fraction or exponent (or NaN, Infinity): found after parsing, by its path."""


def _int(text: str, path: str | None = None) -> int:
    """An integer of any length up to the digit limit, refused before conversion."""
    if len(text) > 4000:
        limit("digits", len(text.lstrip("-")), f"an integer of {len(text.lstrip('-'))} digits", path)
    return int(text) if len(text) < 300 else int(flint.fmpz(text))  # GMP converts long ones faster


def loads(data: bytes | str, source: str | None = None) -> object:
    """Parse JSON strictly (see the module docstring); gzip is decompressed up to the byte limit, no further."""
    if isinstance(data, bytes) and data[:2] == b"\x1f\x8b":
        try:  # at most limit + 1 bytes come out (a truncated stream gives JSON that does not end)
            data = zlib.decompressobj(31).decompress(data, limit("bytes") + 1)
        except zlib.error as exc:
            raise FormatError(f"corrupt gzip data: {exc}", source) from None
    limit("bytes", len(data), f"JSON text of {len(data)} bytes (or more, decompressed)", source)
    # JSON floats and constants are collected, and refused after parsing (by the first one's path)
    dec, floats = json.JSONDecoder(object_pairs_hook=_pairs, parse_float=(flt := lambda t: floats.append(_Float(t)) or floats[-1]), parse_constant=flt, parse_int=lambda t: _int(t, source)), []
    try:
        try:
            out = dec.decode(text := data.decode("utf-8") if isinstance(data, bytes) else data)
        except RecursionError:  # deeper than the C parser goes: the pure-Python one under a recursion limit raised by
            floats.clear()      # twice the depth limit (two frames a level; Python frames are not on the C stack)
            dec.scan_once, before = json.scanner.py_make_scanner(dec), sys.getrecursionlimit()
            sys.setrecursionlimit(before + 2 * limit("depth") + 50)
            try:
                out = dec.decode(text)
            except RecursionError:
                limit("depth", 1 << 62, "JSON nested more deeply", source)
            finally:
                sys.setrecursionlimit(before)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise FormatError(f"not valid JSON: {exc}", source) from None
    stack, keys = [(None, out)], []  # the first float's path, without recursion: a path is a chain (key, parent)
    while floats and stack[-1][1] is not floats[0]:
        stack += [((k, p), x) for p, v in [stack.pop()] for k, x in (v.items() if isinstance(v, dict) else enumerate(v) if isinstance(v, list) else ())]
    while floats and (link := stack[-1][0] if not keys else link[1]):
        keys.append(link[0])
    if floats:
        raise fail(f"JSON float {str(floats[0])} is never accepted (floats are not exact): write integers as JSON integers and "
                   f"rationals as strings such as \"1/2\"", "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in reversed(keys)).removeprefix(".") or "<root>")
    return out


def load_file(path: object) -> object:
    """Read and parse a ``.json`` or gzip-compressed JSON file (its size checked before it is read)."""
    with open(path, "rb") as fh:  # (OSError if the file cannot be read)
        limit("bytes", os.fstat(fh.fileno()).st_size, f"a file of {os.fstat(fh.fileno()).st_size} bytes", str(path))
        return loads(fh.read(), str(path))


def get(obj: object, key: str, path: str = "") -> object:
    """``obj[key]`` of a JSON object found at ``path``."""
    if not isinstance(obj, dict) or key not in obj:
        raise fail("missing required field" if isinstance(obj, dict) else f"must be a JSON object, not {show(obj)}",
                   join(path, key) if isinstance(obj, dict) else path or "<root>")
    return obj[key]


def only_keys(obj: dict, allowed: set | tuple, path: str = "") -> None:
    """Refuse unknown fields (a field the kernel would not read must not look meaningful)."""
    for key in obj if isinstance(obj, dict) else get(obj, "", path):  # (get refuses what is not an object)
        if key not in allowed:
            raise fail(f"unknown field (allowed: {', '.join(sorted(allowed))})", join(path, key))


def json_int(value: object, path: str, minimum: int | None = None) -> int:
    """A JSON integer (not a boolean, not a string), optionally ``>= minimum``."""
    if isinstance(value, bool) or not isinstance(value, int) or value < (value if minimum is None else minimum):
        raise fail(f"must be a JSON integer{'' if minimum is None else f' >= {minimum}'}, not {show(value)}", path)
    return value


def int_string(value: object, path: str) -> int:
    """An integer written as a JSON string, e.g. ``"-12"`` (no leading zeros, no ``+``)."""
    if not isinstance(value, str) or not _INT.fullmatch(value):
        raise fail(f"must be an integer in a JSON string such as \"-12\", not {show(value)}", path)
    return _int(value, path)


def rational(value: object, path: str) -> Fraction:
    """A rational ``"p"`` or ``"p/q"`` in lowest terms, ``q >= 2``."""
    if isinstance(value, str) and _INT.fullmatch(value):
        return Fraction(int_string(value, path))
    m = re.fullmatch(r"(-?(?:0|[1-9][0-9]*))/([0-9]+)", value) if isinstance(value, str) else None
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
    return str(Fraction(x))  # "p", or "p/q" in lowest terms


def index_list(value: object, path: str, bound: int, length: int | None = None, increasing: bool = False) -> list[int]:
    """A JSON array of distinct 0-based indices in ``range(bound)`` (of ``length`` entries, if given)."""
    if not isinstance(value, list) or len(value) != (len(value) if length is None else length):
        raise fail(f"must be a JSON array of {length or ''} 0-based indices, not {show(value)}", path)
    out = [json_int(x, join(path, k), 0) for k, x in enumerate(value)]
    for k in (k for k, x in enumerate(out) if x >= bound):
        raise fail(f"index {out[k]} is out of range 0..{bound - 1} (indices are 0-based)", join(path, k))
    if len(set(out)) != len(out) or (increasing and out != sorted(out)):
        raise fail(f"indices must be distinct{' and increasing' if increasing else ''}, got {out[:20]}", path)
    return out


def canonical(value: object) -> str:
    """The canonical JSON text of a value (sorted keys, no spaces): equal objects have equal text."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
