"""``exactnet`` commands for pooling geometry, overlaps and structured ranks (issue 5).

:func:`add_commands` is called by :func:`exactnet.cli.build_parser`; handlers return the exit code and
may raise ExactnetError (the CLI turns it into one line on stderr, exit 2).  Use the helpers of
:mod:`exactnet.cli` (``_emit_json``, ``_error``, ``_tty_bar``, ``_Phases``) for output.
"""

from __future__ import annotations

import argparse
from typing import Callable


def add_commands(sub: argparse._SubParsersAction) -> dict[str, Callable[[argparse.Namespace], int]]:
    """Add this module's subcommands to ``sub``; return ``{command: handler}``."""
    return {}
