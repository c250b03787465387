"""The exception hierarchy of exactnet (layer 0: imports nothing).

Every exception raised on purpose by exactnet is defined here.  Each class also
subclasses the matching builtin, so ``except ValueError`` keeps working.

Messages follow one template: ``Argument 'name' must be <requirement>, not
<value!r> (type=<type>)``, followed by a hint where one exists.
"""

from __future__ import annotations

import reprlib

__all__ = [
    "ExactnetError",
    "InexactInputError",
    "InvalidArgumentError",
    "ShapeError",
    "PartitionError",
    "DomainError",
    "ResourceLimitError",
    "BudgetExceededError",
    "CertificateError",
    "FormatError",
    "UnknownTheoremError",
    "StoreMismatch",
    "describe_value",
]


_BOUNDED = reprlib.Repr()
_BOUNDED.maxlevel, _BOUNDED.maxlist, _BOUNDED.maxtuple, _BOUNDED.maxdict = 12, 30, 30, 30
_BOUNDED.maxstring, _BOUNDED.maxother, _BOUNDED.maxlong = 80, 80, 100


def describe_value(value) -> str:
    """``repr`` of a value (shortened to 80 characters) plus its type: the "not <value>" of every message.

    >>> describe_value(0.5)
    '0.5 (type=float)'
    """
    if isinstance(value, (list, tuple, dict, set, frozenset)):
        text = _BOUNDED.repr(value)  # bounded in depth and length: hostile JSON can be huge or deep
    elif isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 4000:
        text = f"<an integer of about {int(value.bit_length() * 0.30103) + 1} digits>"
    else:
        text = repr(value)
    if len(text) > 80:
        text = text[:77] + "..."
    return f"{text} (type={type(value).__name__})"


class ExactnetError(Exception):
    """Base class of every error exactnet raises on purpose."""


class InexactInputError(ExactnetError, TypeError):
    """A float (or NaN, inf, a numpy float) reached code that must stay exact."""


class InvalidArgumentError(ExactnetError, ValueError):
    """An argument has the right type but a value that is not allowed."""


class ShapeError(ExactnetError, ValueError):
    """Shapes, mode sizes or trees are inconsistent with each other."""


class PartitionError(ShapeError):
    """Index sets (I, J) do not form a partition of the modes."""


class DomainError(ExactnetError, ValueError):
    """The operation needs something the input does not have (e.g. a non-singular matrix)."""


class ResourceLimitError(ExactnetError, MemoryError):
    """The requested work would not fit in memory (or a user budget); nothing was allocated."""


class CertificateError(ExactnetError):
    """A certificate failed verification.

    Attributes
    ----------
    reason : str
        What is wrong, in words.
    field : str or None
        The JSON path of the offending field, e.g. ``"lower.rows"``.
    """

    def __init__(self, reason: str, field: str | None = None):
        self.reason = reason
        self.field = field
        super().__init__(reason if field is None else f"{reason} (field '{field}')")


class FormatError(ExactnetError, ValueError):
    """A JSON file (network, tensor, certificate) is malformed.

    ``field`` names the offending field as a JSON path such as ``layers[2].matrices[0]``.
    """

    def __init__(self, reason: str, field: str | None = None):
        self.reason = reason
        self.field = field
        super().__init__(reason if field is None else f"{field}: {reason}")


class UnknownTheoremError(ExactnetError, KeyError):
    """The registry or the CLI was given a check id that does not exist."""

    def __str__(self) -> str:  # KeyError quotes its argument; we want plain text
        return str(self.args[0]) if self.args else ""


class BudgetExceededError(ResourceLimitError):
    """A user time budget (``--budget``) ran out before the work finished; nothing partial is claimed by it.

    ``seconds`` is the budget; ``partial`` (when set by the command) the certified part done so far.
    """

    def __init__(self, message: str, seconds: float | None = None, partial: object = None):
        self.seconds = seconds
        self.partial = partial
        super().__init__(message)


class StoreMismatch(ExactnetError, ValueError):
    """A result store (``exactnet.scale.Store``) was created for another run, or is not a result store."""
