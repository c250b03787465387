"""Independent checks of certificates about structured (dense-free) ranks and pooling-geometry bounds.

Imports only the standard library, numpy, python-flint and :mod:`exactnet.errors` (and this package).
"""

from __future__ import annotations

from typing import Any, Callable

#: kind -> checker (takes the certificate dict, returns a CheckReport or a dict of proved values)
CHECKERS: dict[str, Callable[[dict], Any]] = {}

#: the kinds among CHECKERS that state a verified ``conclusion``
CONCLUDING: frozenset = frozenset()
