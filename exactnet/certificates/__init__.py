r"""Layer 4: theorem-level certificate objects and their JSON files.

A :class:`Certificate` is an immutable value: ``kind`` (what the independent checker must
verify), ``claim`` (the statement in words), ``field`` (``"Q"`` or ``"GF(p)"``), ``status``
(``"exact"``, ``"lower-bound"``, ``"upper-bound"``, ``"almost-everywhere"``, ``"probabilistic"``)
and ``data`` (the kind-specific JSON fields).  Rationals are always ``"p/q"`` strings in ``data``.

:meth:`Certificate.check` hands the JSON form to :func:`exactnet.checker.check_certificate`,
which shares no code with the provers that built the certificate.

Examples
--------
>>> c = Certificate("parameter-count", "a shallow ConvAC with N=2, M=2, Z=3 has 15 weights",
...                 data={"architecture": {"kind": "shallow-convac", "num_inputs": 2, "M": 2, "Z": 3,
...                                        "shared": False}, "count": 15}, status="exact")
>>> c.check().facts["count"]
15
>>> c.to_dict()["format"], Certificate.from_dict(c.to_dict()) == c
('exactnet.certificate', True)
"""

from .certificate import (
    CERTIFICATE_FORMAT,
    FIELDS,
    SCHEMA_VERSION,
    STATUSES,
    Certificate,
    jsonable,
    load_certificate,
)

__all__ = [
    "Certificate",
    "load_certificate",
    "jsonable",
    "CERTIFICATE_FORMAT",
    "SCHEMA_VERSION",
    "STATUSES",
    "FIELDS",
]
