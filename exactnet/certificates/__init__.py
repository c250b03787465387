r"""Layer 4: certificate objects and their JSON files.

:class:`Certificate` is the version-2 certificate (:class:`~exactnet.certificates.v2.PropositionCertificate`):
a ``proposition`` (quantity, object, relation, value, field; data, never prose) and its ``evidence`` (an
evidence method or a named rule on premises), checked by the certificate kernel (:mod:`exactnet.kernel`),
which renders the claim from the proposition.  It follows the result protocol: ``value``, ``status``
(derived from the relation), ``field``, ``certificate`` (itself) and ``check()``.

:func:`load_certificate` reads a ``.json`` or ``.json.gz`` certificate file.

Examples
--------
>>> from exactnet.core.linalg import rank
>>> c = Certificate.from_dict(rank([[1, 2], [2, 4]]).certificate.to_dict())
>>> c.quantity, c.value, c.status, c.check().verdict
('rank', 1, 'exact', 'valid')
>>> import tempfile, pathlib
>>> load_certificate(c.save(pathlib.Path(tempfile.mkdtemp()) / "c.json.gz")) == c
True
"""

from .certificate import CERTIFICATE_FORMAT, FIELDS, STATUSES, jsonable, load_certificate
from .v2 import PropositionCertificate as Certificate

#: the certificate format version exactnet writes
SCHEMA_VERSION = 2

__all__ = [
    "Certificate",
    "load_certificate",
    "jsonable",
    "CERTIFICATE_FORMAT",
    "SCHEMA_VERSION",
    "STATUSES",
    "FIELDS",
]
