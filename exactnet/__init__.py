"""exactnet: exact-arithmetic checks of deep-network expressivity theory.

The public API is re-exported here; see ``docs/design.md`` for the layers.
"""

from ._version import __version__
from .core.rational import Q, as_rational, from_float
from .core.qarray import QArray

__all__ = ["__version__", "Q", "as_rational", "from_float", "QArray"]
