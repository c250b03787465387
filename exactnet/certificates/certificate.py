r"""The format-version-1 :class:`Certificate` value object (a kind, a prose claim and kind-specific data) and
the reader of certificate files (:func:`load_certificate`, both versions).

Version 1 is still written by the provers of the kinds not yet expressed as version-2 propositions and read
by :mod:`exactnet.checker`; the one certificate type of the facade, ``exactnet.Certificate``, is version 2
(:class:`exactnet.certificates.v2.PropositionCertificate`).

JSON form::

    {"format": "exactnet.certificate", "schema_version": 1, "exactnet_version": "...",
     "kind": ..., "claim": "...", "field": "Q", "status": ..., ...kind-specific fields}

Examples
--------
>>> part = Certificate("structural-upper-bound", "rank <= 2", status="upper-bound", data={"rule": "cp-rank",
...     "parameters": {}, "architecture": {"kind": "shallow-convac", "num_inputs": 2, "M": 2, "Z": 2,
...     "shared": False}, "partition": {"rows": [0], "cols": [1]}, "bound": 2, "argument": "Z rank-one terms"})
>>> c = Certificate("bundle", "the bound is 1 + 1", status="exact", data={"parts": [part],
...     "relations": [{"left": {"ref": "parts[0].bound"}, "op": "==", "right": {"add": [1, 1]}}]})
>>> c.is_valid(), c.data["relations"][0]["op"]
(True, '==')
>>> c.data["parts"] = []
Traceback (most recent call last):
  ...
TypeError: Certificate data is immutable; use Certificate.replace(data=...) for a modified copy
>>> c.replace(claim="changed").claim
'changed'
>>> Certificate("bundle", "x", status="maybe")
Traceback (most recent call last):
  ...
exactnet.errors.InvalidArgumentError: Argument 'status' must be one of 'exact', 'lower-bound', 'upper-bound', 'almost-everywhere', 'probabilistic', not 'maybe' (type=str)
"""

from __future__ import annotations

import copy
import gzip
import json
import numbers
import os
from dataclasses import dataclass, field as _dc_field
from fractions import Fraction
from pathlib import Path
from typing import Any, Mapping

from .._version import __version__
from ..core.qarray import QArray
from ..core.rational import to_str
from ..errors import describe_value as _describe
from ..networks.io import write_text
from ..errors import CertificateError, FormatError, InexactInputError, InvalidArgumentError

__all__ = [
    "Certificate",
    "load_certificate",
    "jsonable",
    "CERTIFICATE_FORMAT",
    "SCHEMA_VERSION",
    "STATUSES",
    "FIELDS",
]

CERTIFICATE_FORMAT = "exactnet.certificate"
SCHEMA_VERSION = 1
STATUSES = ("exact", "lower-bound", "upper-bound", "almost-everywhere", "probabilistic")
_HEADER = ("format", "schema_version", "exactnet_version", "kind", "claim", "field", "status")


def _field_ok(value: str) -> bool:
    if value == "Q":
        return True
    if value.startswith("GF(") and value.endswith(")") and value[3:-1].isdigit():
        return True
    return False


FIELDS = ("Q", "GF(p)")


def jsonable(obj: Any, name: str = "data") -> Any:
    """A JSON-ready deep copy: Fractions -> ``"p/q"`` strings, QArrays -> nested strings, tuples -> lists.

    Floats are refused (they would not be exact).  Objects with ``to_dict()`` (networks,
    certificates, trees) are converted with it.

    >>> jsonable({"a": (Fraction(1, 2), 3), "b": True})
    {'a': ['1/2', 3], 'b': True}
    >>> jsonable({"x": 0.5})
    Traceback (most recent call last):
      ...
    exactnet.errors.InexactInputError: Argument 'data.x' must be exact (a Fraction, int or "p/q" string), not 0.5 (type=float); floats are not exact
    """
    if obj is None or isinstance(obj, (bool, str)):
        return obj
    if isinstance(obj, int):
        return int(obj)
    if isinstance(obj, Fraction):
        return to_str(obj)
    if isinstance(obj, float) or (isinstance(obj, numbers.Real) and not isinstance(obj, numbers.Rational)):
        raise InexactInputError(
            f"Argument '{name}' must be exact (a Fraction, int or \"p/q\" string), not {_describe(obj)}; "
            "floats are not exact"
        )
    if isinstance(obj, numbers.Integral):
        return int(obj)
    if isinstance(obj, QArray):
        return obj.tolist_str()
    if isinstance(obj, Certificate):
        return obj.to_dict()
    if isinstance(obj, Mapping):
        out = {}
        for k, v in obj.items():
            if not isinstance(k, str):
                raise InvalidArgumentError(f"Argument '{name}' must have string keys, not {_describe(k)}")
            out[k] = jsonable(v, f"{name}.{k}")
        return out
    if isinstance(obj, (list, tuple)):
        if _all_plain_strings(obj):  # fast path: a row of "p/q" strings (matrices are large)
            return list(obj)
        return [jsonable(v, f"{name}[{k}]") for k, v in enumerate(obj)]
    if hasattr(obj, "to_dict"):
        return jsonable(obj.to_dict(), name)
    if hasattr(obj, "structure") and hasattr(obj, "to_nested"):  # PoolingTree
        return jsonable(obj.to_nested(), name)
    raise InvalidArgumentError(f"Argument '{name}' must be JSON data, not {_describe(obj)}")


class _FrozenDict(dict):
    """A dict that refuses mutation (the ``data`` of a Certificate); prints like a dict."""

    def _immutable(self, *args: Any, **kwargs: Any) -> Any:
        raise TypeError("Certificate data is immutable; use Certificate.replace(data=...) for a modified copy")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = __ior__ = _immutable  # type: ignore

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(json.dumps(_thaw(self), sort_keys=True))


def _all_plain_strings(seq: Any) -> bool:
    """True for a non-empty list/tuple of str (the leaves of a matrix): no recursion needed."""
    return bool(seq) and type(seq[0]) is str and all(type(v) is str for v in seq)


def _freeze(obj: Any) -> Any:
    if isinstance(obj, dict):
        return _FrozenDict({k: _freeze(v) for k, v in obj.items()})
    if isinstance(obj, list):
        if _all_plain_strings(obj):
            return tuple(obj)
        return tuple(_freeze(v) for v in obj)
    return obj


def _thaw(obj: Any) -> Any:
    if isinstance(obj, Mapping):
        return {k: _thaw(v) for k, v in obj.items()}
    if isinstance(obj, tuple):
        if _all_plain_strings(obj):
            return list(obj)
        return [_thaw(v) for v in obj]
    return obj


@dataclass(frozen=True, eq=False)
class Certificate:
    """An immutable certificate: a claim plus the data an independent checker needs to verify it.

    Parameters
    ----------
    kind : str
        The checker kind, e.g. ``"structural-upper-bound"`` or ``"network-rank-lower-bound"``.
    claim : str
        The statement in words (modes 0-based).
    field : str
        ``"Q"`` (default) or ``"GF(p)"``.
    status : str
        One of :data:`STATUSES`.
    data : mapping
        Kind-specific JSON fields (made JSON-ready with :func:`jsonable`; floats refused).

    Examples
    --------
    >>> c = Certificate("structural-upper-bound", "rank <= 3", status="upper-bound", data={"bound": 3})
    >>> c.data["bound"], c.to_dict()["schema_version"]
    (3, 1)
    """

    kind: str
    claim: str
    field: str = "Q"
    status: str = "exact"
    data: Mapping = _dc_field(default_factory=dict)

    def __post_init__(self):
        for name in ("kind", "claim", "field", "status"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value.strip():
                raise InvalidArgumentError(f"Argument '{name}' must be a non-empty string, not {_describe(value)}")
        if self.status not in STATUSES:
            raise InvalidArgumentError(
                "Argument 'status' must be one of " + ", ".join(repr(s) for s in STATUSES)
                + f", not {_describe(self.status)}"
            )
        if not _field_ok(self.field):
            raise InvalidArgumentError(f"Argument 'field' must be 'Q' or 'GF(p)' (p a number), not {_describe(self.field)}")
        if not isinstance(self.data, Mapping):
            raise InvalidArgumentError(f"Argument 'data' must be a mapping of JSON fields, not {_describe(self.data)}")
        data = jsonable(self.data, "data")
        clash = sorted(set(data) & set(_HEADER))
        if clash:
            raise InvalidArgumentError(
                f"Argument 'data' must not contain the header keys {clash}; pass them as arguments"
            )
        object.__setattr__(self, "data", _freeze(data))

    # ------------------------------------------------------------------ JSON
    def to_dict(self) -> dict:
        """The JSON form (a fresh, mutable dict), with format, schema_version and exactnet_version."""
        out = {
            "format": CERTIFICATE_FORMAT,
            "schema_version": SCHEMA_VERSION,
            "exactnet_version": __version__,
            "kind": self.kind,
            "claim": self.claim,
            "field": self.field,
            "status": self.status,
        }
        out.update(_thaw(self.data))
        return out

    @classmethod
    def from_dict(cls, obj: Any) -> "Certificate":
        """Parse the JSON form; :class:`~exactnet.errors.FormatError` names the offending field.

        >>> Certificate.from_dict({"format": "exactnet.certificate", "schema_version": 3})
        Traceback (most recent call last):
          ...
        exactnet.errors.FormatError: schema_version: must be 1 (the only schema version), not 3 (type=int)
        """
        if not isinstance(obj, dict):
            raise FormatError(f"a certificate must be a JSON object, not {_describe(obj)}", "<root>")
        if obj.get("format") != CERTIFICATE_FORMAT:
            raise FormatError(f"must be \"{CERTIFICATE_FORMAT}\", not {_describe(obj.get('format'))}", "format")
        version = obj.get("schema_version")
        if version == 2 and not isinstance(version, bool):  # a proposition certificate (exactnet.kernel)
            from .v2 import PropositionCertificate

            return PropositionCertificate.from_dict(obj)  # type: ignore[return-value]
        if isinstance(version, bool) or version != SCHEMA_VERSION:
            raise FormatError(f"must be 1 (the only schema version), not {_describe(version)}", "schema_version")
        for key in ("kind", "claim", "status"):
            if not isinstance(obj.get(key), str) or not obj[key].strip():
                raise FormatError(f"must be a non-empty string, not {_describe(obj.get(key))}", key)
        if obj["status"] not in STATUSES:
            raise FormatError(f"must be one of {', '.join(STATUSES)}, not {_describe(obj['status'])}", "status")
        fld = obj.get("field", "Q")
        if not isinstance(fld, str) or not _field_ok(fld):
            raise FormatError(f"must be \"Q\" or \"GF(p)\", not {_describe(fld)}", "field")
        data = {k: copy.deepcopy(v) for k, v in obj.items() if k not in _HEADER}
        try:
            return cls(obj["kind"], obj["claim"], fld, obj["status"], data)
        except (TypeError, ValueError) as exc:
            raise FormatError(str(exc), "<root>") from None

    def to_json(self, indent: int | None = 1) -> str:
        """The JSON text."""
        return json.dumps(self.to_dict(), indent=indent)

    # ------------------------------------------------------------------ verification
    def check(self) -> Any:
        """Re-verify with the independent checker; return its report (``.facts``: the proved values).

        Raises :class:`~exactnet.errors.CertificateError` when the certificate does not prove its claim.
        """
        from ..checker import check_certificate

        return check_certificate(self.to_dict())

    def is_valid(self) -> bool:
        """``True`` when :meth:`check` passes."""
        try:
            self.check()
        except CertificateError:
            return False
        return True

    # ------------------------------------------------------------------ files
    def save(self, path: Any) -> Path:
        """Write the JSON form to ``path`` (gzip-compressed when the name ends with ``.gz``); return the path."""
        return Path(write_text(path, self.to_json() + "\n"))

    @classmethod
    def load(cls, path: Any) -> "Certificate":
        """Read a certificate file (``.json`` or ``.json.gz``); see :func:`load_certificate`."""
        return cls.from_dict(read_json(path))

    # ------------------------------------------------------------------ value semantics
    def replace(self, **changes: Any) -> "Certificate":
        """A copy with some fields changed (``data`` may be given as a full mapping)."""
        values = {"kind": self.kind, "claim": self.claim, "field": self.field, "status": self.status,
                  "data": _thaw(self.data)}
        values.update(changes)
        return Certificate(**values)

    def _key(self) -> str:
        return json.dumps([self.kind, self.claim, self.field, self.status, _thaw(self.data)], sort_keys=True)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Certificate):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        claim = self.claim if len(self.claim) <= 70 else self.claim[:67] + "..."
        return f"Certificate(kind={self.kind!r}, status={self.status!r}, claim={claim!r})"


def read_json(path: Any) -> Any:
    """Parse a JSON file (``.gz`` transparently); FormatError for unreadable or malformed files.

    Floats (and ``NaN``/``Infinity``) are refused: exactnet files hold rationals as strings.  The
    error names the file and the JSON path of the first float.

    >>> read_json("no/such/file.json")
    Traceback (most recent call last):
      ...
    exactnet.errors.FormatError: no/such/file.json: cannot read the file: No such file or directory
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "f.json"
    >>> _ = f.write_text('{"matrix": {"entries": [["1", 0.5]]}}')
    >>> read_json(f)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
      ...
    exactnet.errors.FormatError: .../f.json: matrix.entries[0][1]: the JSON number 0.5 is a float; exactnet files hold rationals as strings such as "3/4"
    """
    from ..networks.io import parse_json, read_bytes

    p = Path(os.fspath(path))
    seen: list[str] = []

    def mark(text: str) -> _FloatInJSON:
        seen.append(text)
        return _FloatInJSON(text)

    obj = parse_json(read_bytes(p), str(p), parse_float=mark, parse_constant=mark)
    if seen:  # only then walk the object, to name the JSON path of the first float
        where, text = _first_float(obj, "")
        raise FormatError(
            f"the JSON number {text} is a float; exactnet files hold rationals as strings such as \"3/4\"",
            f"{p}: {where or '<root>'}",
        )
    return obj


class _FloatInJSON:
    """Stands for a JSON float (or NaN/Infinity) while a file is parsed; ``read_json`` refuses it."""

    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = text


def _first_float(obj: Any, path: str) -> tuple[str, str] | None:
    """``(JSON path, literal)`` of the first float marker in ``obj`` (depth first), or None."""
    stack = [(obj, path)]
    while stack:
        x, where = stack.pop()
        if isinstance(x, _FloatInJSON):
            return where, x.text
        if isinstance(x, dict):
            stack.extend(reversed([(v, f"{where}.{k}" if where else str(k)) for k, v in x.items()]))
        elif isinstance(x, list):
            stack.extend(reversed([(v, f"{where}[{k}]") for k, v in enumerate(x)]))
    return None


def load_certificate(path: Any) -> Certificate:
    """Read a certificate from a ``.json`` or ``.json.gz`` file.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> c = Certificate("structural-upper-bound", "rank <= 3", status="upper-bound", data={"bound": 3})
    >>> load_certificate(c.save(d / "c.json.gz")) == c
    True
    """
    return Certificate.load(path)
