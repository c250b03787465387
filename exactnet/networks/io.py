r"""JSON input/output of networks and tensors (formats of design.md, schema_version 1).

Rationals are JSON strings ``"p/q"`` / ``"p"`` (ints are accepted on input); JSON floats are refused
with the offending field named, and nothing read from a file is ever ``eval``-ed. Paths ending in
``.gz`` are gzip-compressed.

Examples
--------
>>> from exactnet.core.qarray import QArray
>>> T = QArray.from_nested([["1/2", 0], [3, "-1/3"]])
>>> tensor_to_dict(T)["entries"]
[['1/2', '0'], ['3', '-1/3']]
>>> tensor_from_dict(tensor_to_dict(T)) == T
True
>>> tensor_from_dict({"format": "exactnet.tensor", "schema_version": 1, "shape": [2], "entries": ["1", 0.5]})
Traceback (most recent call last):
  ...
exactnet.errors.FormatError: entries[1]: a rational must be a string such as "3/4" or an int, not the JSON float 0.5: floats are not exact; write the number as a string
"""

from __future__ import annotations

import gzip
import json
import os
import re
from typing import Any

from ..core.qarray import QArray
from ..core.rational import int_from_str
from ..errors import ExactnetError, FormatError, InexactInputError, InvalidArgumentError, ResourceLimitError
from ._common import check_format, describe, join, json_array, json_int, require_keys
from .convac import DeepConvAC, ShallowConvAC
from .gcconvac import GCConvAC
from .polynomial import PolynomialNetwork
from .pwl import PWLNetwork
from .rectifier import DeepRectifierNet, ShallowRectifierNet
from .representation import Representation
from .tt import TTNetwork

__all__ = [
    "TENSOR_FORMAT",
    "network_to_dict",
    "network_from_dict",
    "tensor_to_dict",
    "tensor_from_dict",
    "save_json",
    "load_json",
    "load_network",
    "load_tensor",
    "read_bytes",
    "parse_json",
    "input_limit",
]

TENSOR_FORMAT = "exactnet.tensor"
_NETWORK_KINDS = {"deep-convac": DeepConvAC, "shallow-convac": ShallowConvAC, "pwl-network": PWLNetwork,
                 "shallow-rectifier": ShallowRectifierNet, "deep-rectifier": DeepRectifierNet,
                 "gc-convac": GCConvAC, "tt-network": TTNetwork, "polynomial-network": PolynomialNetwork}


def network_to_dict(net: DeepConvAC | ShallowConvAC) -> dict:
    """The JSON form of a network (``"format": "exactnet.network"``).

    >>> from exactnet.networks import bentkamp_witness
    >>> network_to_dict(bentkamp_witness(2, 2, (1,)))["kind"]
    'deep-convac'
    """
    if not isinstance(net, tuple(_NETWORK_KINDS.values())):
        raise InvalidArgumentError(f"Argument 'net' must be a DeepConvAC or ShallowConvAC, not {describe(net)}")
    return net.to_dict()


def network_from_dict(obj: Any, path: str = "") -> DeepConvAC | ShallowConvAC:
    """Parse a network JSON object (deep or shallow, dispatched on ``kind``); FormatError names the field.

    >>> network_from_dict({"format": "exactnet.network", "schema_version": 1, "kind": "cnn"})
    Traceback (most recent call last):
      ...
    exactnet.errors.FormatError: kind: must be one of ['deep-convac', ...], not 'cnn' (type=str)
    """
    if not isinstance(obj, dict):
        raise FormatError(f"must be a JSON object, not {describe(obj)}", path or "<root>")
    check_format(obj, path, "exactnet.network")
    kind = obj.get("kind")
    if not isinstance(kind, str) or kind not in _NETWORK_KINDS:
        raise FormatError(f"must be one of {sorted(_NETWORK_KINDS)}, not {describe(kind)}", join(path, "kind"))
    return _NETWORK_KINDS[kind].from_dict(obj, path)


def tensor_to_dict(tensor: QArray) -> dict:
    """The ``"exactnet.tensor"`` JSON form of an exact array.

    >>> tensor_to_dict(QArray.from_nested([1, 2]))["shape"]
    [2]
    """
    if not isinstance(tensor, QArray):
        raise InvalidArgumentError(f"Argument 'tensor' must be a QArray, not {describe(tensor)}")
    return {
        "format": TENSOR_FORMAT,
        "schema_version": 1,
        "shape": list(tensor.shape),
        "entries": tensor.tolist_str(),
    }


def tensor_from_dict(obj: Any, path: str = "") -> QArray:
    """Parse an ``"exactnet.tensor"`` object; entries must match ``shape`` exactly.

    >>> tensor_from_dict({"format": "exactnet.tensor", "schema_version": 1, "shape": [2, 2], "entries": [["1", "2"]]})
    Traceback (most recent call last):
      ...
    exactnet.errors.FormatError: entries: must have shape (2, 2), not (1, 2)
    """
    require_keys(obj, path, ["format", "schema_version", "shape", "entries"])
    check_format(obj, path, TENSOR_FORMAT)
    shape = obj["shape"]
    if not isinstance(shape, list):
        raise FormatError(f"must be a list of non-negative integers, not {describe(shape)}", join(path, "shape"))
    dims = tuple(json_int(s, join(path, f"shape[{k}]"), minimum=0) for k, s in enumerate(shape))
    if 0 in dims:  # no entries: the nested lists stop at the first empty mode, e.g. shape [0, 2] -> []
        k = dims.index(0)
        json_array(obj["entries"], join(path, "entries"), k + 1, shape=dims[: k + 1])
        return QArray.zeros(dims)
    return json_array(obj["entries"], join(path, "entries"), len(dims), shape=dims)


def _to_json_obj(obj: Any) -> Any:
    if isinstance(obj, (DeepConvAC, ShallowConvAC)):
        return obj.to_dict()
    if isinstance(obj, QArray):
        return tensor_to_dict(obj)
    if isinstance(obj, Representation):
        return obj.to_dict()
    if isinstance(obj, (dict, list)):
        _refuse_floats(obj, "")
        return obj
    if hasattr(obj, "to_dict"):
        d = obj.to_dict()
        _refuse_floats(d, "")
        return d
    raise InvalidArgumentError(
        f"Argument 'obj' must be a network, a QArray, a Representation, an object with to_dict() or a JSON "
        f"dict/list, not {describe(obj)}"
    )


def _refuse_floats(x: Any, path: str) -> None:
    stack = [(x, path)]  # no recursion: JSON of any depth
    while stack:
        x, path = stack.pop()
        if isinstance(x, float):
            raise InexactInputError(
                f"Argument 'obj' holds the float {x!r} at '{path or '<root>'}'; exactnet JSON stores rationals as "
                "strings such as \"3/4\""
            )
        if isinstance(x, dict):
            stack.extend((v, join(path, str(k))) for k, v in x.items())
        elif isinstance(x, (list, tuple)):
            if any(isinstance(v, (float, dict, list, tuple)) for v in x):
                stack.extend((v, f"{path}[{k}]") for k, v in enumerate(x))


def dumps(obj: Any, indent: int | None = None) -> str:
    """``json.dumps`` for exactnet's JSON values, at any nesting depth (deep values are written iteratively).

    >>> nested = [0]
    >>> for k in range(1, 3000):
    ...     nested = [nested, k]
    >>> dumps(nested)[:12], len(dumps(nested))
    ('[[[[[[[[[[[[', 22888)
    """
    try:
        return json.dumps(obj, indent=indent, allow_nan=False)
    except RecursionError:
        pass
    out: list[str] = []
    stack: list = [obj]
    while stack:
        x = stack.pop()
        if isinstance(x, _Raw):
            out.append(x)
        elif isinstance(x, dict):
            out.append("{")
            items = list(x.items())
            for k, (key, v) in reversed(list(enumerate(items))):
                stack.append(_Raw("}") if k == len(items) - 1 else _Raw(", "))
                stack.append(v)
                stack.append(_Raw(json.dumps(str(key)) + ": "))
            if not items:
                out.append("}")
        elif isinstance(x, (list, tuple)):
            out.append("[")
            for k in range(len(x) - 1, -1, -1):
                stack.append(_Raw("]") if k == len(x) - 1 else _Raw(", "))
                stack.append(x[k])
            if not x:
                out.append("]")
        else:
            out.append(json.dumps(x, allow_nan=False))
    return "".join(out)


class _Raw(str):
    """Text the iterative writer emits as it is."""


def save_json(obj: Any, path: str | os.PathLike, *, indent: int | None = None) -> str:
    """Write a network, tensor (QArray), representation or JSON dict to ``path`` (gzip if it ends in .gz).

    Returns the path as a string.

    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "t.json.gz")
    >>> T = QArray.from_nested([["1/3"]])
    >>> load_tensor(save_json(T, p)) == T
    True
    """
    return write_text(path, dumps(_to_json_obj(obj), indent=indent))


def write_text(path: str | os.PathLike, text: str) -> str:
    """Write ``text`` to ``path`` as UTF-8, gzip-compressed when the name ends with ``.gz``; return the path."""
    path = os.fspath(path)
    if path.endswith(".gz"):
        with gzip.open(path, "wt", encoding="utf-8") as fh:
            fh.write(text)
    else:
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
    return path


def _refuse_constant(name: str) -> Any:
    raise FormatError(f"the JSON constant {name} is not a number exactnet accepts (rationals are strings)", None)


def load_json(path: str | os.PathLike) -> Any:
    """Read JSON within the input limits (gzip detected by content); every failure is a FormatError naming the file.

    Floats are kept as floats here so that ``from_dict`` can refuse them naming the field.

    >>> import tempfile, os
    >>> load_json(save_json({"x": ["1/3"]}, os.path.join(tempfile.mkdtemp(), "d.json")))
    {'x': ['1/3']}
    """
    path = os.fspath(path)
    return parse_json(read_bytes(path), path)


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
    from ..tensors.memory import parse_bytes

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
    p = os.fspath(path)
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
                    if pos >= n or s[pos] != '"':
                        raise error("Expecting property name enclosed in double quotes", pos)
                    key, pos = scanstring(s, pos + 1)
                    pos = _WS.match(s, pos).end()
                    if pos >= n or s[pos] != ":":
                        raise error("Expecting ':' delimiter", pos)
                    stack[-1][1] = key
                    pos = _WS.match(s, pos + 1).end()
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
                    if pos >= n or s[pos] != '"':
                        raise error("Expecting property name enclosed in double quotes", pos)
                    key, pos = scanstring(s, pos + 1)
                    pos = _WS.match(s, pos).end()
                    if pos >= n or s[pos] != ":":
                        raise error("Expecting ':' delimiter", pos)
                    frame[1] = key
                    pos = _WS.match(s, pos + 1).end()
                break
            close = "]" if isinstance(frame[0], list) else "}"
            if pos < n and s[pos] == close:
                stack.pop()
                value, pos = frame[0], pos + 1
                continue
            raise error(f"Expecting ',' delimiter", pos)


def _with_file(exc: FormatError, path: str) -> FormatError:
    return FormatError(f"{exc.reason} (in {path!r})", exc.field)


def _load_file(path: str | os.PathLike, parse: Any) -> Any:
    """Read JSON from ``path`` and parse it; a FormatError names the file as well as the field."""
    path = os.fspath(path)
    obj = load_json(path)
    try:
        return parse(obj)
    except FormatError as exc:
        raise _with_file(exc, path) from None
    except ResourceLimitError:
        raise
    except ExactnetError as exc:  # an inconsistent network or tensor is a malformed file
        raise FormatError(f"{exc} (in {path!r})", getattr(exc, "field", None)) from None
    except RecursionError:
        raise FormatError(f"nested too deeply to be parsed (in {path!r})", None) from None


def load_network(path: str | os.PathLike) -> DeepConvAC | ShallowConvAC:
    """Read a network file (``"format": "exactnet.network"``).

    >>> import tempfile, os
    >>> from exactnet.networks import bentkamp_witness
    >>> net = bentkamp_witness(4, 2, (2, 1))
    >>> load_network(save_json(net, os.path.join(tempfile.mkdtemp(), "n.json"))) == net
    True
    """
    return _load_file(path, network_from_dict)


def load_tensor(path: str | os.PathLike) -> QArray:
    """Read a tensor file (``"format": "exactnet.tensor"``).

    >>> import tempfile, os
    >>> T = QArray.from_nested([[1, "-2/5"]])
    >>> load_tensor(save_json(T, os.path.join(tempfile.mkdtemp(), "t.json"))) == T
    True
    """
    return _load_file(path, tensor_from_dict)
