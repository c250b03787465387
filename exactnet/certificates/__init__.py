r"""Layer 4: certificates.

:class:`Certificate` is the one certificate type of exactnet (:class:`exactnet.core.certificate.Certificate`):
a ``proposition`` (quantity, object, relation, value, field; data, never prose) and its ``evidence`` (an
evidence method or a named rule on premises), checked by the certificate kernel (:mod:`exactnet.kernel`),
which renders the claim from the proposition.  It follows the result protocol: ``value``, ``status``
(derived from the relation), ``field``, ``certificate`` (itself) and ``check()``.

:func:`load_certificate` reads a ``.json`` or ``.json.gz`` certificate file in format version 2; a file in
format version 1 is refused, naming its version and how to regenerate it.

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

from ..core.certificate import FORMAT as CERTIFICATE_FORMAT
from ..core.certificate import SCHEMA_VERSION, Certificate, load_certificate

__all__ = ["Certificate", "load_certificate", "CERTIFICATE_FORMAT", "SCHEMA_VERSION"]
