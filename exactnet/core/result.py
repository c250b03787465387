"""The result protocol: what every public computation of exactnet returns.

A result has

* ``value``: the computed quantity (an int, a Fraction, a tuple, ...);
* ``status``: ``"exact"``, ``"lower-bound"``, ``"upper-bound"`` or ``"almost-everywhere"``;
* ``field``: the field the statement is over (``"Q"``; ``"GF(p)"`` for a rank modulo a prime, whose
  certificate then states the lower bound it gives over Q);
* ``certificate``: the version-2 :class:`~exactnet.core.certificate.Certificate` that proves it;
* ``check()``: re-verifies the certificate with the kernel and returns its report, whose ``verdict``
  is always ``"valid"`` (the detail is in ``report.detail``); a certificate that fails, or that does
  not state this result's value, raises :class:`~exactnet.errors.CertificateError`.

Value classes follow the protocol by deriving from :class:`ResultProtocol` (which supplies ``check()``
from the other four); :class:`Result` is the plain frozen record for computations that have no value
class of their own.  A version-2 ``Certificate`` is itself a result (its ``certificate`` is itself).

>>> from exactnet.core.linalg import rank
>>> res = rank([[1, 2], [2, 4]])
>>> isinstance(res, ResultProtocol), res.value, res.status, res.field, res.check().verdict
(True, 1, 'exact', 'Q', 'valid')
>>> protocol_problems(res)
[]
"""

from __future__ import annotations

import dataclasses
from typing import Any

from ..errors import CertificateError

__all__ = ["STATUSES", "ResultProtocol", "Result", "protocol_problems"]

#: the statuses a result may have
STATUSES = ("exact", "lower-bound", "upper-bound", "almost-everywhere")


class ResultProtocol:
    """Mixin of the result protocol: a class that has ``value``, ``status``, ``field`` and ``certificate``
    gets :meth:`check`, which verifies the certificate and that it states this result."""

    __slots__ = ()

    def check(self):
        """Re-verify the certificate with the kernel; return its report (``verdict == "valid"``).

        Raises :class:`~exactnet.errors.CertificateError` when the certificate fails or states another
        value or status than this result.
        """
        cert = self.certificate
        if cert is None:
            raise CertificateError("this result carries no certificate (it was computed without one); "
                                   "recompute it with certify=True", "certificate")
        report = cert.check()
        stated = report.proposition
        if stated.value != _plain(self.value) or stated.status != self.status:
            raise CertificateError(f"the certificate states {report.sentence} ({stated.status}), not this "
                                   f"result's value {self.value!r} ({self.status})", "proposition.value")
        return report


def _plain(value: Any) -> Any:
    """The value as the kernel reads it (a tuple value is a tuple of ints)."""
    return tuple(value) if isinstance(value, list) else value


@dataclasses.dataclass(frozen=True)
class Result(ResultProtocol):
    """A computed quantity with its status, field and version-2 certificate (the result protocol).

    >>> from exactnet.certificates.ranks import network_rank
    >>> from exactnet.networks import DeepConvAC
    >>> res = network_rank(DeepConvAC.from_windows(4, 2, [2, 2], window=2, seed=0, low=-3, high=3), "odd-even")
    >>> isinstance(res, Result), res.check().detail
    (True, 'method minor-and-factorization')
    """

    value: Any
    status: str
    field: str
    certificate: Any

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise CertificateError(f"status must be one of {STATUSES}, not {self.status!r}", "status")


def protocol_problems(obj: Any, check: bool = True) -> list[str]:
    """What keeps ``obj`` from following the result protocol (an empty list when it follows it).

    With ``check=True`` the certificate is also verified by the kernel and must state ``value``.
    """
    from .certificate import Certificate

    missing = [a for a in ("value", "status", "field", "certificate", "check") if not hasattr(obj, a)]
    if missing:
        return [f"no attribute {', '.join(missing)}"]
    out = []
    if obj.status not in STATUSES:
        out.append(f"status {obj.status!r} is not one of {STATUSES}")
    if not isinstance(obj.certificate, Certificate):
        out.append(f"certificate is a {type(obj.certificate).__name__}, not a version-2 Certificate")
    if check and not out:
        report = obj.check()
        if report.verdict != "valid" or not isinstance(getattr(report, "detail", None), str):
            out.append(f"check() gave verdict {report.verdict!r} without a detail field")
    return out
