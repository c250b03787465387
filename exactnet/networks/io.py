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
from typing import Any

from ..core.jsonfile import (LIMIT_VARS, MAX_DIGITS, MAX_INPUT_BYTES, MAX_JSON_DEPTH, input_limit, parse_json,
                             read_bytes, read_certificate_json, read_json)
from ..core.qarray import QArray
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
    "read_json",
    "read_certificate_json",
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
    try:
        if path.endswith(".gz"):
            with gzip.open(path, "wt", encoding="utf-8") as fh:
                fh.write(text)
        else:
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(text)
    except OSError as exc:  # a directory, a missing folder, no permission, a full disk: named like a read error
        raise FormatError(f"cannot write the file: {exc.strerror or exc}", path) from None
    return path


def load_json(path: str | os.PathLike) -> Any:
    """Read JSON within the input limits (gzip detected by content); every failure is a FormatError naming the file.

    Floats are kept as floats here so that ``from_dict`` can refuse them naming the field.

    >>> import tempfile, os
    >>> load_json(save_json({"x": ["1/3"]}, os.path.join(tempfile.mkdtemp(), "d.json")))
    {'x': ['1/3']}
    """
    data = read_bytes(path)  # (a path that is not one is refused there)
    return parse_json(data, os.fspath(path))


def _with_file(exc: FormatError, path: str) -> FormatError:
    return FormatError(f"{exc.reason} (in {path!r})", exc.field)


def _load_file(path: str | os.PathLike, parse: Any) -> Any:
    """Read JSON from ``path`` and parse it; a FormatError names the file as well as the field."""
    obj = load_json(path)
    path = os.fspath(path)
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
