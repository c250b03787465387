"""Public testing helpers (Hypothesis strategies). A side branch: nothing in exactnet imports it."""

from . import strategies

__all__ = ["strategies"]
