"""Registered checks: linear regions (Montufar et al. 2014, Serra et al. 2018), theory.md 3 and 5.4.

Each ``register(Check(...))`` here adds instances to ``exactnet verify``; every instance needs a
``proofs/<check_id>__<instance>.py`` script (tests/test_proofs.py).
"""

from __future__ import annotations

from .registry import Check, register  # noqa: F401
