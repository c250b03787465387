r"""Version-2 certificates for the provers of this package: :class:`exactnet.core.certificate.Certificate`
with :meth:`~PropositionCertificate.is_valid` and :meth:`~PropositionCertificate.load`.

Examples
--------
>>> from exactnet.networks.rectifier import ShallowRectifierNet, grid_tensor_certificate
>>> c = PropositionCertificate.from_dict(grid_tensor_certificate(ShallowRectifierNet.random(2, 2, 1, seed=0)))
>>> c.kind, c.status, c.is_valid()
('realizes', 'exact', True)
"""

from __future__ import annotations

import copy
from typing import Any

from ..core.certificate import Certificate
from ..errors import CertificateError

__all__ = ["PropositionCertificate"]


class PropositionCertificate(Certificate):
    """A version-2 certificate (proposition and evidence), checked by the kernel."""

    __slots__ = ()

    @classmethod
    def from_dict(cls, obj: Any) -> "PropositionCertificate":
        """Rebuild from a version-2 JSON object (a deep copy; no verification: see :meth:`check`)."""
        c = Certificate.from_dict(copy.deepcopy(obj))
        return cls(c.proposition, c.evidence, c.exactnet_version)

    def to_dict(self) -> dict:
        """The JSON object (a fresh copy: changing it does not change the certificate)."""
        return copy.deepcopy(super().to_dict())

    @property
    def certificate(self) -> "PropositionCertificate":
        """The result protocol (``value``, ``status``, ``field``, ``certificate``, ``check()``): itself."""
        return self

    def is_valid(self) -> bool:
        """``True`` when :meth:`check` passes."""
        try:
            self.check()
        except CertificateError:
            return False
        return True

    @classmethod
    def load(cls, path: Any) -> "PropositionCertificate":
        """Read a ``.json`` / gzip-compressed certificate file (strict reader of the kernel).

        The file is read within the input limits first: a missing or corrupt file, malformed JSON or
        a limit exceeded raise :class:`~exactnet.errors.FormatError` naming the file, as every loader does.
        """
        return cls.from_dict(read_strict(path))


def read_strict(path: Any) -> Any:
    """The JSON of a version-2 certificate file: the input limits, then the kernel's strict reader."""
    import os

    from ..errors import FormatError
    from ..kernel import loads
    from ..networks.io import parse_json, read_bytes

    name = os.fspath(path)
    raw = read_bytes(name)
    try:
        return loads(raw)
    except (RecursionError, ValueError):
        parse_json(raw, name, parse_float=str, parse_constant=str)  # names the limit that was exceeded
        raise FormatError("nested too deeply for the certificate reader", name) from None
    except CertificateError as exc:
        if exc.reason.startswith(("not valid JSON", "not UTF-8")):
            raise FormatError(f"malformed JSON: {exc.reason}", name) from None
        raise
