"""Registered checks: overlapping receptive fields and pooling geometry (Sharir & Shashua 2018, Cohen & Shashua 2017), theory.md 4 and 5.1.

Each ``register(Check(...))`` here adds instances to ``exactnet verify``; every instance needs a
``proofs/<check_id>__<instance>.py`` script (tests/test_proofs.py).
"""

from __future__ import annotations

from .registry import Check, register  # noqa: F401
