"""The certificate type of exactnet: a proposition (data) and its evidence, checked by :mod:`exactnet.kernel`.

Every certificate exactnet writes is this one type (``exactnet.Certificate``), in format version 2.  It
follows the result protocol: ``value``, ``status`` (derived from the relation), ``field``, ``certificate``
(itself) and ``check()``.  Files are read by :meth:`Certificate.load` (the input limits, then the kernel's
strict reader); a file in format version 1 is refused, naming its version and how to regenerate it.

>>> from exactnet.core.linalg import rank
>>> cert = rank([[1, 2], [2, 4]]).certificate.to_certificate()
>>> cert.quantity, cert.relation, cert.value, cert.status, cert.field
('rank', '=', 1, 'exact', 'Q')
>>> cert.check().verdict
'valid'
>>> Certificate.from_dict(cert.to_dict()) == cert
True
"""

from __future__ import annotations

import copy
import gzip
import json
from pathlib import Path
from typing import Any

from .._version import __version__
from ..errors import CertificateError, FormatError

__all__ = ["Certificate", "load_certificate", "FORMAT", "SCHEMA_VERSION"]

FORMAT = "exactnet.certificate"
SCHEMA_VERSION = 2
_GENERIC = ("generic_rank", "generic_matricization_rank")


class Certificate:
    """A version-2 certificate: ``proposition`` and ``evidence`` (JSON dicts), immutable by convention.

    ``value``, ``relation``, ``status`` and ``field`` are read from the proposition; ``check()`` runs the
    kernel and returns its report (``verdict == "valid"``) or raises ``CertificateError``.
    """

    __slots__ = ("proposition", "evidence", "exactnet_version")

    def __init__(self, proposition: dict, evidence: dict, exactnet_version: str = __version__):
        object.__setattr__(self, "proposition", proposition)
        object.__setattr__(self, "evidence", evidence)
        object.__setattr__(self, "exactnet_version", exactnet_version)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Certificate is immutable")

    quantity = property(lambda self: self.proposition["quantity"], doc="The proposition's quantity.")
    kind = quantity
    relation = property(lambda self: self.proposition["relation"], doc="``=``, ``>=``, ``<=`` or ``holds``.")
    value = property(lambda self: self.proposition.get("value"), doc="The stated value.")
    field = property(lambda self: self.proposition["field"], doc="The field (``Q``).")
    certificate = property(lambda self: self, doc="The certificate itself: a certificate follows the result protocol.")

    @property
    def status(self) -> str:
        """Derived from the relation: exact / lower-bound / upper-bound (almost-everywhere if generic)."""
        rel = self.relation
        if rel in (">=", "<="):
            return "lower-bound" if rel == ">=" else "upper-bound"
        return "almost-everywhere" if self.quantity in _GENERIC else "exact"

    @property
    def claim(self) -> str:
        """The sentence the kernel renders from the proposition (checks the certificate)."""
        return self.check().sentence

    @property
    def certificate(self) -> "Certificate":
        """The result protocol (``value``, ``status``, ``field``, ``certificate``, ``check()``): itself."""
        return self

    def to_dict(self) -> dict:
        """The certificate's JSON object (a fresh copy: changing it does not change the certificate)."""
        return copy.deepcopy(self._dict())

    def _dict(self) -> dict:
        return {"format": FORMAT, "schema_version": SCHEMA_VERSION, "exactnet_version": self.exactnet_version,
                "proposition": self.proposition, "evidence": self.evidence}

    def to_json(self) -> str:
        """The certificate's JSON text (compact), as :meth:`save` writes it."""
        return json.dumps(self._dict(), separators=(",", ":"))

    @classmethod
    def from_dict(cls, obj: Any) -> "Certificate":
        """Rebuild from :meth:`to_dict` output (a deep copy; no verification: see :meth:`check`).

        A format-version-1 object is refused, naming the version and how to regenerate it:

        >>> Certificate.from_dict({"format": "exactnet.certificate", "schema_version": 1, "kind": "matrix-rank"})
        Traceback (most recent call last):
          ...
        exactnet.errors.CertificateError: certificate format version 1 is no longer read for 'matrix-rank'; regenerate it with `exactnet rank FILE --out CERT` or `exactnet.rank(A).certificate.save(path)` (exactnet >= 0.2 writes format version 2) (field 'schema_version')
        """
        if not isinstance(obj, dict) or obj.get("format") != FORMAT:
            raise FormatError("not an exactnet certificate", "format")
        if obj.get("schema_version") == 1 and not isinstance(obj.get("schema_version"), bool):
            from ..checker import refuse_old_file

            refuse_old_file(obj)
        if obj.get("schema_version") != SCHEMA_VERSION or isinstance(obj.get("schema_version"), bool):
            raise FormatError(f"certificate format version {obj.get('schema_version')!r} is not read (exactnet "
                              f"writes format version {SCHEMA_VERSION}); regenerate it with the exactnet command "
                              "or function that wrote it", "schema_version")
        for key in ("proposition", "evidence"):
            if not isinstance(obj.get(key), dict):
                raise FormatError("must be a JSON object", key)
        obj = copy.deepcopy(obj)
        return cls(obj["proposition"], obj["evidence"], str(obj.get("exactnet_version", "")))

    @classmethod
    def load(cls, path: Any) -> "Certificate":
        """Read a ``.json`` or gzip-compressed certificate file (the input limits, then the kernel's strict
        reader); :class:`~exactnet.errors.FormatError` names the file when it cannot be read or parsed."""
        from .jsonfile import read_certificate_json

        return cls.from_dict(read_certificate_json(path))

    def check(self):
        """Verify with the kernel; return its ``CheckReport`` or raise ``CertificateError``."""
        from ..kernel import check_certificate

        return check_certificate(self._dict())

    def is_valid(self) -> bool:
        """``True`` when :meth:`check` passes."""
        try:
            self.check()
        except CertificateError:
            return False
        return True

    def save(self, path: Any) -> Path:
        """Write the JSON (gzip-compressed when the name ends in ``.gz``); return the path."""
        path = Path(path)
        text = self.to_json().encode()
        path.write_bytes(gzip.compress(text, 6) if path.name.endswith(".gz") else text)
        return path

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Certificate) and (self.proposition, self.evidence) == (other.proposition,
                                                                                      other.evidence)

    def __hash__(self) -> int:
        return hash(json.dumps(self.proposition, sort_keys=True))

    def __repr__(self) -> str:
        p = self.proposition
        return f"Certificate({p['quantity']} {p['relation']} {p.get('value', '')}, {self.evidence.get('method') or self.evidence.get('rule')})"


def load_certificate(path: Any) -> Certificate:
    """Read a certificate from a ``.json`` or ``.json.gz`` file (see :meth:`Certificate.load`).

    >>> import tempfile, pathlib
    >>> from exactnet.core.linalg import rank
    >>> c = rank([[1, 2], [2, 4]]).certificate.to_certificate()
    >>> load_certificate(c.save(pathlib.Path(tempfile.mkdtemp()) / "c.json.gz")) == c
    True
    """
    return Certificate.load(path)
