"""Time budgets: ``--budget 60s`` on long commands, checked by a timer, never by polling alone.

:func:`parse_duration` reads ``"90"``, ``"90s"``, ``"2m"``, ``"1h"``, ``"1m30s"``.
:func:`time_budget` runs a block under a wall-clock budget: when it runs out, the block is interrupted
with :class:`~exactnet.errors.BudgetExceededError` (a :class:`ResourceLimitError`), which a command
catches to report the certified part done so far with status ``partial``.

>>> parse_duration("2m"), parse_duration("1m30s"), parse_duration("45")
(120.0, 90.0, 45.0)
>>> import time
>>> try:
...     with time_budget(0.05, "a loop"):
...         while True:
...             time.sleep(0.01)
... except BudgetExceededError as exc:
...     print(str(exc).split(";")[0])
time budget of 0.05 s exceeded in a loop
"""

from __future__ import annotations

import re
import signal
import threading
import time
from contextlib import contextmanager
from typing import Any, Iterator

from ..errors import BudgetExceededError, InvalidArgumentError, describe_value

__all__ = ["parse_duration", "time_budget", "Deadline", "disarm", "ran_out"]

_RAN_OUT = [False]  # set when the timer of the innermost time_budget has fired

_PART = re.compile(r"(\d+(?:\.\d+)?)\s*(h|m|min|s|sec|ms)?", re.IGNORECASE)
_UNIT = {None: 1.0, "s": 1.0, "sec": 1.0, "m": 60.0, "min": 60.0, "h": 3600.0, "ms": 0.001}


def parse_duration(text: Any, name: str = "--budget") -> float:
    """Seconds from ``"60"``, ``"60s"``, ``"2m"``, ``"1h"``, ``"1m30s"`` or a positive number.

    >>> parse_duration("0")
    Traceback (most recent call last):
      ...
    exactnet.errors.InvalidArgumentError: Argument '--budget' must be a positive duration such as 60s, 2m or 1h, not '0' (type=str)
    """
    if isinstance(text, bool):
        seconds = None
    elif isinstance(text, (int, float)):
        seconds = float(text)
    else:
        s, pos, seconds = str(text).strip(), 0, 0.0
        while pos < len(s):
            m = _PART.match(s, pos)
            if m is None or m.end() == pos:
                seconds = None
                break
            seconds += float(m.group(1)) * _UNIT[m.group(2).lower() if m.group(2) else None]
            pos = m.end()
        if not s:
            seconds = None
    if seconds is None or not 0 < seconds < 10**9:
        raise InvalidArgumentError(f"Argument '{name}' must be a positive duration such as 60s, 2m or 1h, not "
                                   f"{describe_value(text)}")
    return seconds


class Deadline:
    """A wall-clock deadline for loops that check it (``expired()``, ``check()``)."""

    def __init__(self, seconds: float | None, what: str = "the computation"):
        self.seconds = seconds
        self.what = what
        self.end = None if seconds is None else time.monotonic() + seconds

    def expired(self) -> bool:
        return self.end is not None and time.monotonic() >= self.end

    def check(self) -> None:
        if self.expired():
            raise _exceeded(self.seconds, self.what)


def _exceeded(seconds: float, what: str) -> BudgetExceededError:
    return BudgetExceededError(
        f"time budget of {seconds:g} s exceeded in {what}; ways out: a smaller instance, a structured route, "
        "or a larger --budget", seconds)


@contextmanager
def time_budget(seconds: float | None, what: str = "the computation") -> Iterator[Deadline]:
    """Run the block under a wall-clock budget (``None``: no budget).

    In the main thread a real-time timer interrupts the block when the budget runs out (so even a
    long exact operation inside a library call is stopped at its next bytecode); elsewhere the block
    must call ``Deadline.check()`` itself.
    """
    deadline = Deadline(seconds, what)
    _RAN_OUT[0] = False
    if seconds is None or threading.current_thread() is not threading.main_thread():
        yield deadline
        return

    def on_alarm(signum: int, frame: Any) -> None:
        _RAN_OUT[0] = True
        raise _exceeded(seconds, what)

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds, 0.5)  # and again every 0.5 s, should a caller swallow it
    try:
        yield deadline
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def disarm() -> None:
    """Stop the timer of an enclosing :func:`time_budget` (a command that answers with a partial result
    once the budget has run out calls this before it writes that answer)."""
    if threading.current_thread() is threading.main_thread():
        signal.setitimer(signal.ITIMER_REAL, 0)


def ran_out() -> bool:
    """Whether the timer of the last :func:`time_budget` has fired (then an exception raised inside the block,
    such as a certificate check reported as failed, may be the interruption itself, not a finding)."""
    return _RAN_OUT[0]
