"""The certificate kernel (layer L0'): a small trusted checker of propositions.

A version-2 certificate states a **proposition** from a closed vocabulary
(:mod:`~exactnet.kernel.propositions`) and carries **evidence**: either an evidence **method**
(:mod:`~exactnet.kernel.methods`) that verifies primitive obligations, or a named **rule**
(:mod:`~exactnet.kernel.rules`) applied to premise certificates.  The kernel never parses prose: it
renders the claim from the proposition.  It imports the standard library, numpy, python-flint and,
from exactnet, only :mod:`exactnet.errors`.

Entry points: :func:`check_certificate` (a parsed JSON object), :func:`check_file` (a ``.json`` or
gzip file), :func:`check_bytes`.  Each returns a :class:`CheckReport` (verdict ``"valid"``) or raises
:class:`~exactnet.errors.CertificateError` naming the offending field.

Each area module ``kernel/<area>.py`` registers its quantities, methods and rules at import; the
one import line per area is below.
"""


from typing import Any

from .jsonio import load_file, loads
from .propositions import INT, NONE, RATIONAL, Proposition, entails, register_quantity  # noqa: F401
from .rules import SCHEMA_VERSION, CheckReport, check_envelope, register_method, register_rule  # noqa: F401

# ---- area modules: one line each (they register quantities, methods and rules at import)
# matrix: rank of an explicit matrix; matricization: rank of a network's matricization, recomputed from its
# circuit; regions: activation / linear region counts of piecewise-linear circuits; rectifier: realizations,
# non-realizability, boxes and max-pool ranks of rectifier networks; overlap: minors evaluated entry by entry,
# structural upper bounds and generic ranks of template-circuit architectures; bounds: published region-count
# formulas recomputed, and the maxima they and constructions bound; convac: shallow widths and weights forced almost
# everywhere by a generic rank, and weight counts of architectures; polynomial: neurovariety dimensions, minimal filling
from . import matrix, matricization, regions, rectifier, overlap, bounds, convac, polynomial, expressivity  # noqa: E402,F401



#: check a version-2 certificate given as a parsed JSON object
check_certificate = check_envelope


def check_bytes(data: bytes | str) -> CheckReport:
    """Parse (strictly: duplicate keys and JSON floats refused, gzip detected) and check."""
    return check_envelope(loads(data))


def check_file(path: Any) -> CheckReport:
    """Read a ``.json`` / gzip-compressed certificate file and check it."""
    return check_envelope(load_file(path))
