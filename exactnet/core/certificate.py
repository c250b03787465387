"""The version-2 certificate value: a proposition (data) and its evidence, checked by :mod:`exactnet.kernel`.

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

import gzip
import json
from pathlib import Path
from typing import Any

from .._version import __version__
from ..errors import FormatError

__all__ = ["Certificate", "FORMAT", "SCHEMA_VERSION"]

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

    def to_dict(self) -> dict:
        """The certificate's JSON object."""
        return {"format": FORMAT, "schema_version": SCHEMA_VERSION, "exactnet_version": self.exactnet_version,
                "proposition": self.proposition, "evidence": self.evidence}

    def to_json(self) -> str:
        """The certificate's JSON text (compact), as :meth:`save` writes it."""
        return json.dumps(self.to_dict(), separators=(",", ":"))

    @classmethod
    def from_dict(cls, obj: Any) -> "Certificate":
        """Rebuild from :meth:`to_dict` output (no verification: see :meth:`check`)."""
        if not isinstance(obj, dict) or obj.get("format") != FORMAT:
            raise FormatError("not an exactnet certificate", "format")
        if obj.get("schema_version") != SCHEMA_VERSION:
            raise FormatError(f"certificate format version {obj.get('schema_version')!r} is no longer read; "
                              "regenerate it with exactnet >= 0.2 (the command or function that wrote it)",
                              "schema_version")
        for key in ("proposition", "evidence"):
            if not isinstance(obj.get(key), dict):
                raise FormatError("must be a JSON object", key)
        return cls(obj["proposition"], obj["evidence"], str(obj.get("exactnet_version", "")))

    def check(self):
        """Verify with the kernel; return its ``CheckReport`` or raise ``CertificateError``."""
        from ..kernel import check_certificate

        return check_certificate(self.to_dict())

    def save(self, path: Any) -> Path:
        """Write the JSON (gzip-compressed when the name ends in ``.gz``); return the path."""
        path = Path(path)
        text = json.dumps(self.to_dict(), separators=(",", ":")).encode()
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
