r"""Reading exactnet's JSON files within limits: the one reader of networks, tensors and certificates.

Every file is read with :func:`read_bytes` (gzip detected by content, decompression capped at the byte
limit) and parsed with :func:`parse_json` (integers capped in digits, nesting in depth; parsed without
recursion).  :func:`read_json` refuses JSON floats naming their JSON path; :func:`read_certificate_json`
parses a certificate with the kernel's strict reader (duplicate keys and floats refused).

Examples
--------
>>> read_bytes("no/such/file.json")
Traceback (most recent call last):
  ...
exactnet.errors.FormatError: no/such/file.json: cannot read the file: No such file or directory
"""

from __future__ import annotations

import gzip
import json
import os
import re
from pathlib import Path
from typing import Any

from ..errors import CertificateError, FormatError, InvalidArgumentError, describe_value
from .rational import int_from_str

__all__ = ["read_bytes", "parse_json", "input_limit", "parse_bytes", "read_json", "read_certificate_json",
           "MAX_INPUT_BYTES", "MAX_JSON_DEPTH", "MAX_DIGITS", "LIMIT_VARS"]

_UNITS = {
    "": 1, "b": 1,
    "k": 1024, "kib": 1024, "kb": 1000,
    "m": 1024**2, "mib": 1024**2, "mb": 1000**2,
    "g": 1024**3, "gib": 1024**3, "gb": 1000**3,
    "t": 1024**4, "tib": 1024**4, "tb": 1000**4,
}
_SIZE = re.compile(r"^\s*(\d+)\s*([a-zA-Z]*)\s*$")


def parse_bytes(value: Any, name: str = "limit") -> int:
    """A byte count from an int or a string such as ``"4096"``, ``"8GiB"``, ``"500MB"`` (``K/M/G/T`` = binary).

    >>> parse_bytes("2GiB"), parse_bytes("1kb"), parse_bytes(10)
    (2147483648, 1000, 10)
    >>> parse_bytes("lots", "EXACTNET_MAX_DENSE_BYTES")
    Traceback (most recent call last):
      ...
    exactnet.errors.InvalidArgumentError: Argument 'EXACTNET_MAX_DENSE_BYTES' must be a positive number of bytes such as 4294967296, '8GiB' or '500MB', not 'lots' (type=str)
    """
    bad = InvalidArgumentError(
        f"Argument '{name}' must be a positive number of bytes such as 4294967296, '8GiB' or '500MB', "
        f"not {describe_value(value)}"
    )
    if isinstance(value, bool):
        raise bad
    if isinstance(value, int) or (hasattr(value, "__index__") and not isinstance(value, str)):
        try:
            n = int(value.__index__()) if not isinstance(value, int) else value
        except TypeError:
            raise bad from None
    elif isinstance(value, str):
        m = _SIZE.match(value)
        if not m or m.group(2).lower() not in _UNITS:
            raise bad
        n = int(m.group(1)) * _UNITS[m.group(2).lower()]
    else:
        raise bad
    if n < 1:
        raise bad
    return n


def _refuse_constant(name: str) -> Any:
    raise FormatError(f"the JSON constant {name} is not a number exactnet accepts (rationals are strings)", None)


# ------------------------------------------------------------------------------------- safe reading
#: Limits of every file exactnet reads (networks, tensors, certificates), checked before the work:
#: decompressed bytes, nesting depth, and digits of one integer (JSON number or rational string).
#: Each is raised by an environment variable (an integer; bytes may be written like "8GiB").
MAX_INPUT_BYTES = 1 << 28
MAX_JSON_DEPTH = 1_000_000
MAX_DIGITS = 100_000
LIMIT_VARS = {"bytes": "EXACTNET_MAX_INPUT_BYTES", "depth": "EXACTNET_MAX_JSON_DEPTH",
              "digits": "EXACTNET_MAX_DIGITS"}


def input_limit(name: str) -> int:
    """The current limit ``"bytes"``, ``"depth"`` or ``"digits"`` (its environment variable, else the default).

    >>> input_limit("digits") >= 4300
    True
    """
    default = {"bytes": MAX_INPUT_BYTES, "depth": MAX_JSON_DEPTH, "digits": MAX_DIGITS}[name]
    text = os.environ.get(LIMIT_VARS[name])
    if not text:
        return default
    return parse_bytes(text, LIMIT_VARS[name])


def read_bytes(path: str | os.PathLike) -> bytes:
    """The bytes of a file, gunzipped when it starts with the gzip magic; FormatError names the file.

    Decompression stops at the byte limit (``EXACTNET_MAX_INPUT_BYTES``, default 256 MiB): a small
    compressed file cannot expand to gigabytes in memory.

    >>> read_bytes("no/such/file.json")
    Traceback (most recent call last):
      ...
    exactnet.errors.FormatError: no/such/file.json: cannot read the file: No such file or directory
    """
    try:
        p = os.fspath(path)
    except TypeError:
        raise InvalidArgumentError(f"Argument 'path' must be a file path (str or os.PathLike), not "
                                   f"{describe_value(path)}") from None
    limit = input_limit("bytes")
    way_out = f"raise the limit with {LIMIT_VARS['bytes']}=<bytes> if the file is genuine"
    try:
        with open(p, "rb") as fh:
            raw = fh.read(limit + 1)
    except OSError as exc:
        raise FormatError(f"cannot read the file: {exc.strerror or exc}", p) from None
    if len(raw) > limit:
        raise FormatError(f"the file is larger than the input limit of {limit} bytes; {way_out}", p)
    if raw[:2] == b"\x1f\x8b":
        import io as _io
        import zlib

        try:
            with gzip.GzipFile(fileobj=_io.BytesIO(raw)) as fh:
                chunks, total = [], 0
                while True:
                    chunk = fh.read(min(1 << 24, limit + 1 - total))
                    if not chunk:
                        break
                    chunks.append(chunk)
                    total += len(chunk)
                    if total > limit:
                        raise FormatError(f"the gzip content expands to more than the input limit of {limit} "
                                          f"bytes (a {len(raw)}-byte file); {way_out}", p)
        except (OSError, EOFError, zlib.error) as exc:
            raise FormatError(f"not a readable (gzip) JSON file: {exc}", p) from None
        raw = b"".join(chunks)
    elif p.endswith(".gz"):
        raise FormatError("not a readable (gzip) JSON file: Not a gzipped file (the name ends in .gz)", p)
    return raw


def _int_hook(text: str) -> int:
    limit = input_limit("digits")
    digits = len(text.lstrip("-"))
    if digits > limit:
        raise _DigitsError(digits, limit)
    return int_from_str(text)


class _DigitsError(Exception):
    def __init__(self, digits: int, limit: int):
        super().__init__(f"a JSON integer has {digits} digits, more than the limit of {limit} digits; raise it "
                         f"with {LIMIT_VARS['digits']}=<digits> if the number is genuine")


def parse_json(text: str | bytes, source: str = "<string>", parse_float: Any = None, parse_constant: Any = None) -> Any:
    """Parse JSON text within the limits; FormatError names ``source``.

    Integers of any length up to the digit limit are exact; nesting of any depth up to the depth limit
    is parsed without recursion.

    >>> x, depth = parse_json("[" * 5000 + "]" * 5000), 0
    >>> while x != []:
    ...     x, depth = x[0], depth + 1
    >>> depth
    4999
    >>> parse_json('[' + '9' * 5000 + ']')[0] == 10**5000 - 1
    True
    """
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise FormatError(f"not UTF-8 text: {exc}", source) from None
    parse_constant = parse_constant or _refuse_constant
    try:
        try:
            return json.loads(text, parse_int=_int_hook, parse_float=parse_float, parse_constant=parse_constant)
        except RecursionError:
            return _parse_iterative(text, parse_float, parse_constant, input_limit("depth"))
    except json.JSONDecodeError as exc:
        raise FormatError(f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}", source) from None
    except _DigitsError as exc:
        raise FormatError(str(exc), source) from None
    except FormatError as exc:
        raise FormatError(exc.reason, f"{source}: {exc.field}" if exc.field else source) from None


_WS = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"(-?(?:0|[1-9][0-9]*))(\.[0-9]+)?([eE][-+]?[0-9]+)?")
_LITERALS = (("true", True), ("false", False), ("null", None))
_CONSTANTS = ("NaN", "Infinity", "-Infinity")


def _parse_iterative(s: str, parse_float: Any, parse_constant: Any, max_depth: int) -> Any:
    """A JSON parser with an explicit stack (for nesting deeper than Python's recursion allows)."""
    from json.decoder import scanstring

    def error(msg: str, pos: int) -> json.JSONDecodeError:
        return json.JSONDecodeError(msg, s, pos)

    def read_key(pos: int) -> tuple[str, int]:
        """An object's key at pos, its ':' and the whitespace after: (key, position of the value)."""
        if pos >= n or s[pos] != '"':
            raise error("Expecting property name enclosed in double quotes", pos)
        key, pos = scanstring(s, pos + 1)
        pos = _WS.match(s, pos).end()
        if pos >= n or s[pos] != ":":
            raise error("Expecting ':' delimiter", pos)
        return key, _WS.match(s, pos + 1).end()

    stack: list = []  # frames [container, key or None]; dict frames have a key slot
    pos = _WS.match(s, 0).end()
    n = len(s)
    while True:
        # ---- one value at pos
        if pos >= n:
            raise error("Expecting value", pos)
        c = s[pos]
        if c in "[{":
            if len(stack) >= max_depth:
                raise FormatError(f"JSON nested deeper than the limit of {max_depth} levels; raise it with "
                                  f"{LIMIT_VARS['depth']}=<levels> if the file is genuine", None)
            container: Any = [] if c == "[" else {}
            pos = _WS.match(s, pos + 1).end()
            close = "]" if c == "[" else "}"
            if pos < n and s[pos] == close:
                value, pos = container, pos + 1
            else:
                stack.append([container, None])
                if c == "{":
                    stack[-1][1], pos = read_key(pos)
                continue
        elif c == '"':
            value, pos = scanstring(s, pos + 1)
        else:
            for word, val in _LITERALS:
                if s.startswith(word, pos):
                    value, pos = val, pos + len(word)
                    break
            else:
                for word in _CONSTANTS:
                    if s.startswith(word, pos):
                        value, pos = parse_constant(word), pos + len(word)
                        break
                else:
                    m = _NUMBER.match(s, pos)
                    if m is None:
                        raise error("Expecting value", pos)
                    pos = m.end()
                    if m.group(2) or m.group(3):
                        value = (parse_float or float)(m.group(0))
                    else:
                        value = _int_hook(m.group(0))
        # ---- attach the value, then close as many containers as end here
        while True:
            if not stack:
                pos = _WS.match(s, pos).end()
                if pos != n:
                    raise error("Extra data", pos)
                return value
            frame = stack[-1]
            if isinstance(frame[0], list):
                frame[0].append(value)
            else:
                frame[0][frame[1]] = value
            pos = _WS.match(s, pos).end()
            if pos < n and s[pos] == ",":
                pos = _WS.match(s, pos + 1).end()
                if isinstance(frame[0], dict):
                    frame[1], pos = read_key(pos)
                break
            close = "]" if isinstance(frame[0], list) else "}"
            if pos < n and s[pos] == close:
                stack.pop()
                value, pos = frame[0], pos + 1
                continue
            raise error(f"Expecting ',' delimiter", pos)




def read_json(path: str | os.PathLike) -> Any:
    """Parse a JSON file within the limits; JSON floats are refused naming the file and their JSON path.

    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "f.json"
    >>> _ = f.write_text('{"matrix": {"entries": [["1", 0.5]]}}')
    >>> read_json(f)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
      ...
    exactnet.errors.FormatError: .../f.json: matrix.entries[0][1]: the JSON number 0.5 is a float; exactnet files hold rationals as strings such as "3/4"
    """
    p = Path(os.fspath(path))
    seen: list[str] = []

    def mark(text: str) -> _FloatInJSON:
        seen.append(text)
        return _FloatInJSON(text)

    obj = parse_json(read_bytes(p), str(p), parse_float=mark, parse_constant=mark)
    if seen:  # only then walk the object, to name the JSON path of the first float
        where, text = _first_float(obj)
        raise FormatError(f"the JSON number {text} is a float; exactnet files hold rationals as strings such as \"3/4\"",
                          f"{p}: {where or '<root>'}")
    return obj


class _FloatInJSON:
    """Stands for a JSON float (or NaN/Infinity) while a file is parsed; :func:`read_json` refuses it."""

    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = text


def _first_float(obj: Any) -> tuple[str, str]:
    """``(JSON path, literal)`` of the first float marker in ``obj`` (depth first)."""
    stack = [(obj, "")]
    while stack:
        x, where = stack.pop()
        if isinstance(x, _FloatInJSON):
            return where, x.text
        if isinstance(x, dict):
            stack.extend(reversed([(v, f"{where}.{k}" if where else str(k)) for k, v in x.items()]))
        elif isinstance(x, list):
            stack.extend(reversed([(v, f"{where}[{k}]") for k, v in enumerate(x)]))
    return "", ""


def read_certificate_json(path: str | os.PathLike) -> Any:
    """The JSON of a certificate file: the input limits (:func:`read_bytes`), then the kernel's strict reader
    (duplicate keys and JSON floats refused).  A missing or corrupt file, malformed JSON or a limit exceeded
    raise :class:`~exactnet.errors.FormatError` naming the file, as every reader does."""
    from ..kernel import loads

    raw = read_bytes(path)  # (a path that is not one is refused there)
    name = os.fspath(path)
    try:
        return loads(raw)
    except (RecursionError, ValueError):
        parse_json(raw, name, parse_float=str, parse_constant=str)  # names the limit that was exceeded
        raise FormatError("nested too deeply for the certificate reader", name) from None
    except CertificateError as exc:
        if exc.reason.startswith(("not valid JSON", "not UTF-8")):
            raise FormatError(f"malformed JSON: {exc.reason}", name) from None
        raise
