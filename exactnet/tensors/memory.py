r"""Refuse dense tensors that would not fit in memory, *before* anything is allocated.

Grid tensors grow like ``M^N``: N = 64 modes of size 4 give 4^64 = 3.4e38 entries.
Every function of exactnet that builds a dense array calls :func:`check_dense_size`
first; it raises :class:`~exactnet.errors.ResourceLimitError` with the size
estimate and a way out when the estimate exceeds the limit.

The limit (bytes) is, in order of precedence:

1. the innermost active :func:`dense_limit` context manager,
2. the value set with :func:`set_dense_limit`,
3. the environment variable ``EXACTNET_MAX_DENSE_BYTES`` (read at each check; an
   integer number of bytes or a size such as ``"8GiB"``, ``"500MB"``),
4. the default, 4 GiB (:data:`DEFAULT_DENSE_LIMIT`).

The estimate is ``entries * entry_bytes`` with 8 bytes per entry (an ``int64``
numerator).  It is a lower bound for arrays whose numerators overflow ``int64``
(they are stored as Python ints, which take more).

Examples
--------
>>> estimate_dense_bytes((4, 4, 4))
512
>>> with dense_limit(1000):
...     check_dense_size((2,) * 10, what="grid tensor")
Traceback (most recent call last):
  ...
exactnet.errors.ResourceLimitError: Refusing to build a dense grid tensor of shape (2, 2, 2, 2, 2, 2, 2, 2, 2, 2): 2^10 = 1024 entries, ~8192 bytes (8.0 KiB) at 8 bytes/entry, above the dense-size limit of 1000 bytes (1000 B). Ways out: use a structured computation (e.g. a CP/HT decomposition, cp_to_matricization, a rank bound that never forms the tensor, or the structured rank of exactnet.theorems.structured_rank / 'exactnet structured NET.json --partition ...'), use smaller N or M, or raise the limit with exactnet.tensors.memory.set_dense_limit(...), the context manager dense_limit(...), or the environment variable EXACTNET_MAX_DENSE_BYTES.
"""

from __future__ import annotations

import math
import os
from contextlib import contextmanager
from typing import Any, Iterator, Sequence

from ..errors import InvalidArgumentError, ResourceLimitError
from ..core.jsonfile import parse_bytes
from ._util import describe

__all__ = [
    "DEFAULT_DENSE_LIMIT",
    "ENV_VAR",
    "estimate_dense_bytes",
    "check_dense_size",
    "get_dense_limit",
    "set_dense_limit",
    "dense_limit",
    "parse_bytes",
]

#: Default limit on the size of one dense array: 4 GiB.
DEFAULT_DENSE_LIMIT = 4 * 1024**3

#: Environment variable that overrides the default limit.
ENV_VAR = "EXACTNET_MAX_DENSE_BYTES"

_set_limit: int | None = None  # set_dense_limit
_context_limits: list[int] = []  # dense_limit stack

def get_dense_limit() -> int:
    """The limit (in bytes) in force now: context manager, then ``set_dense_limit``, then environment, then 4 GiB.

    >>> with dense_limit("1MiB"):
    ...     get_dense_limit()
    1048576
    """
    if _context_limits:
        return _context_limits[-1]
    if _set_limit is not None:
        return _set_limit
    env = os.environ.get(ENV_VAR)
    if env is not None and env.strip():
        return parse_bytes(env, ENV_VAR)
    return DEFAULT_DENSE_LIMIT


def set_dense_limit(limit: Any) -> int | None:
    """Set the dense-size limit for the process (``None`` restores environment/default); returns the old setting.

    >>> old = set_dense_limit("16GiB")
    >>> get_dense_limit() == 16 * 1024**3
    True
    >>> _ = set_dense_limit(old)
    """
    global _set_limit
    old = _set_limit
    _set_limit = None if limit is None else parse_bytes(limit, "limit")
    return old


@contextmanager
def dense_limit(limit: Any) -> Iterator[int]:
    """Context manager: use ``limit`` bytes as the dense-size limit inside the ``with`` block.

    >>> with dense_limit(64) as lim:
    ...     lim
    64
    """
    value = parse_bytes(limit, "limit")
    _context_limits.append(value)
    try:
        yield value
    finally:
        _context_limits.pop()


def _shape(shape: Any) -> tuple[int, ...]:
    try:
        dims = tuple(shape)
    except TypeError:
        raise InvalidArgumentError(
            f"Argument 'shape' must be a sequence of mode sizes (ints >= 0), not {describe(shape)}"
        ) from None
    out = []
    for d in dims:
        if isinstance(d, bool) or not hasattr(d, "__index__"):
            raise InvalidArgumentError(
                f"Argument 'shape' must be a sequence of mode sizes (ints >= 0), not {describe(shape)}"
            )
        d = int(d.__index__())
        if d < 0:
            raise InvalidArgumentError(
                f"Argument 'shape' must be a sequence of mode sizes (ints >= 0), not {describe(shape)}"
            )
        out.append(d)
    return tuple(out)


def estimate_dense_bytes(shape: Sequence[int], entry_bytes: int = 8) -> int:
    """Bytes of a dense array of ``shape``: ``prod(shape) * entry_bytes`` (an exact Python int).

    >>> estimate_dense_bytes((4,) * 64) == 8 * 4**64
    True
    """
    dims = _shape(shape)
    if isinstance(entry_bytes, bool) or not isinstance(entry_bytes, int) or entry_bytes < 1:
        raise InvalidArgumentError(f"Argument 'entry_bytes' must be an int >= 1, not {describe(entry_bytes)}")
    return math.prod(dims) * entry_bytes


def _sci(n: int) -> str:
    """Integers below 10^6 in full, larger ones as ``3.4e38`` (integer arithmetic only, no float)."""
    if n < 10**6:
        return str(n)
    s = str(n)
    exp = len(s) - 1
    lead = int(s[:2]) + (1 if s[2] >= "5" else 0)
    if lead == 100:
        lead, exp = 10, exp + 1
    return f"{lead // 10}.{lead % 10}e{exp}"


def _human(nbytes: int) -> str:
    for unit, size in (("TiB", 1024**4), ("GiB", 1024**3), ("MiB", 1024**2), ("KiB", 1024)):
        if nbytes >= size:
            if nbytes >= 1024 * 1024**4:
                return f"{_sci(nbytes // 1024**4)} TiB"
            tenths = (nbytes * 10 + size // 2) // size
            return f"{tenths // 10}.{tenths % 10} {unit}"
    return f"{nbytes} B"


def _product_text(dims: tuple[int, ...]) -> str:
    """Run-length form of the product: (1, 4, 4, 4) -> '1*4^3'."""
    if not dims:
        return "1 (a scalar)"
    parts = []
    i = 0
    while i < len(dims):
        j = i
        while j < len(dims) and dims[j] == dims[i]:
            j += 1
        parts.append(f"{dims[i]}^{j - i}" if j - i > 1 else str(dims[i]))
        i = j
    return "*".join(parts)


def _shape_text(dims: tuple[int, ...]) -> str:
    if len(dims) <= 12:
        return str(dims)
    head = ", ".join(str(d) for d in dims[:3])
    return f"({head}, ..., {dims[-1]}) ({len(dims)} modes)"


def check_dense_size(shape: Sequence[int], *, what: str = "grid tensor", entry_bytes: int = 8) -> int:
    """Raise :class:`~exactnet.errors.ResourceLimitError` if a dense array of ``shape`` exceeds the limit.

    Call it *before* allocating.  Returns the estimate in bytes when it fits.

    Parameters
    ----------
    shape : sequence of int
        The shape of the array about to be built.
    what : str
        What is being built, for the message (e.g. ``"grid tensor"``, ``"matricization"``).
    entry_bytes : int
        Bytes per entry (8 for ``int64`` numerators).

    Examples
    --------
    >>> check_dense_size((8,) * 8)
    134217728
    >>> check_dense_size((4,) * 64)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
      ...
    exactnet.errors.ResourceLimitError: Refusing to build a dense grid tensor of shape (4, 4, 4, ..., 4) (64 modes): 4^64 = 3.4e38 entries, ~2.7e39 bytes (...) at 8 bytes/entry, above the dense-size limit of ... Ways out: ...
    """
    dims = _shape(shape)
    nbytes = estimate_dense_bytes(dims, entry_bytes)
    limit = get_dense_limit()
    if nbytes <= limit:
        return nbytes
    entries = math.prod(dims)
    product = _product_text(dims)
    count = _sci(entries)
    eq = f"{product} = {count}" if product != count else count
    raise ResourceLimitError(
        f"Refusing to build a dense {what} of shape {_shape_text(dims)}: {eq} entries, "
        f"~{_sci(nbytes)} bytes ({_human(nbytes)}) at {entry_bytes} bytes/entry, above the dense-size limit of "
        f"{limit} bytes ({_human(limit)}). Ways out: use a structured computation (e.g. a CP/HT decomposition, "
        "cp_to_matricization, a rank bound that never forms the tensor, or the structured rank of "
        "exactnet.theorems.structured_rank / 'exactnet structured NET.json --partition ...'), use smaller N or M, or raise the "
        "limit with exactnet.tensors.memory.set_dense_limit(...), the context manager dense_limit(...), or the "
        f"environment variable {ENV_VAR}."
    )
