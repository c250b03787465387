"""Registered checks: Cohen & Shashua 2016 (rectifier networks, generalized decompositions), theory.md 2.

Each ``register(Check(...))`` here adds instances to ``exactnet verify``; every instance needs a
``proofs/<check_id>__<instance>.py`` script (tests/test_proofs.py).
"""

from __future__ import annotations

from .registry import Check, register  # noqa: F401
