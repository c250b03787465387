r"""Partitions (I, J) of the modes of a tensor, for matricizations.  **Modes are 0-based.**

The papers number modes 1..N.  exactnet numbers them 0..N-1, so

* the paper's **odd** modes {1, 3, 5, ...} are our modes **{0, 2, 4, ...}**;
* the named partition ``"odd-even"`` has rows {0, 2, 4, ...} and columns {1, 3, 5, ...}: it is the
  paper's ``[A]`` (rows = the paper's odd modes);
* ``"low-high"`` has rows {0, ..., N//2 - 1} and columns {N//2, ..., N-1} (the paper's I^low).

A :class:`Partition` stores sorted tuples ``rows`` and ``cols`` that are disjoint and together cover
``0..num_modes-1``.  One side may be empty (a *trivial* partition, whose matricization is a single
row or column); :func:`as_partition` and :func:`~exactnet.tensors.matricize.matricize` refuse that
unless ``allow_empty=True``, because rank questions need both sides non-empty.

Examples
--------
>>> Partition.named("odd-even", 6)
Partition(rows=(0, 2, 4), cols=(1, 3, 5), num_modes=6)
>>> as_partition([2, 0], 4)
Partition(rows=(0, 2), cols=(1, 3), num_modes=4)
>>> as_partition([0, 2], 4, cols=[2, 1, 3])
Traceback (most recent call last):
  ...
exactnet.errors.PartitionError: Argument 'rows' must not overlap 'cols'; mode 2 is in both (modes are 0-based)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Sequence

from ..errors import InvalidArgumentError, PartitionError
from ._util import describe

__all__ = ["Partition", "as_partition", "PARTITION_NAMES"]

#: Names accepted by :meth:`Partition.named` (``_`` may replace ``-``; case is ignored).
PARTITION_NAMES = ("odd-even", "even-odd", "low-high", "high-low")


def _num_modes(num_modes: Any) -> int:
    if isinstance(num_modes, bool) or not hasattr(num_modes, "__index__"):
        raise InvalidArgumentError(f"Argument 'num_modes' must be an int >= 1, not {describe(num_modes)}")
    n = int(num_modes.__index__())
    if n < 1:
        raise InvalidArgumentError(f"Argument 'num_modes' must be an int >= 1, not {describe(num_modes)}")
    return n


def _index_set(values: Any, num_modes: int, name: str) -> tuple[int, ...]:
    """Validate a set of 0-based mode indices: ints, in range, no repeats.  Returns it sorted."""
    if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
        raise PartitionError(
            f"Argument '{name}' must be a collection of 0-based mode indices (ints in 0..{num_modes - 1}), "
            f"not {describe(values)}"
        )
    out: list[int] = []
    seen: set[int] = set()
    for v in values:
        if isinstance(v, bool) or not hasattr(v, "__index__"):
            raise PartitionError(
                f"Argument '{name}' must hold 0-based mode indices (ints in 0..{num_modes - 1}), "
                f"not {describe(v)} in {describe(values)}"
            )
        i = int(v.__index__())
        if not 0 <= i < num_modes:
            raise PartitionError(
                f"Argument '{name}' must hold 0-based mode indices in 0..{num_modes - 1} (N={num_modes}), "
                f"not {i} in {describe(values)}; the paper's 1-based mode k is mode k-1 here"
            )
        if i in seen:
            raise PartitionError(f"Argument '{name}' lists mode {i} twice: {describe(values)}")
        seen.add(i)
        out.append(i)
    return tuple(sorted(out))


def _validate(rows: tuple[int, ...], cols: tuple[int, ...], num_modes: int, rname: str, cname: str) -> None:
    common = sorted(set(rows) & set(cols))
    if common:
        raise PartitionError(
            f"Argument '{rname}' must not overlap '{cname}'; mode {common[0]} is in both (modes are 0-based)"
        )
    missing = sorted(set(range(num_modes)) - set(rows) - set(cols))
    if missing:
        raise PartitionError(
            f"Arguments '{rname}' and '{cname}' must together cover every mode 0..{num_modes - 1} (0-based); "
            f"mode {missing[0]} is in neither" + (f" (missing: {missing})" if len(missing) > 1 else "")
        )


@dataclass(frozen=True)
class Partition:
    """A partition (rows, cols) of the modes ``0..num_modes-1`` (**0-based**).

    ``rows`` and ``cols`` are stored as sorted tuples; construction validates them
    (:class:`~exactnet.errors.PartitionError` naming the argument and the mode).
    One side may be empty here; :func:`as_partition` refuses that by default.

    Examples
    --------
    >>> p = Partition((2, 0), (1, 3), 4)
    >>> p.rows, p.cols
    ((0, 2), (1, 3))
    >>> p.matrix_shape((2, 3, 4, 5))
    (8, 15)
    >>> Partition((0, 1), (1, 2, 3), 4)
    Traceback (most recent call last):
      ...
    exactnet.errors.PartitionError: Argument 'rows' must not overlap 'cols'; mode 1 is in both (modes are 0-based)
    """

    rows: tuple
    cols: tuple
    num_modes: int

    def __post_init__(self) -> None:
        n = _num_modes(self.num_modes)
        rows = _index_set(self.rows, n, "rows")
        cols = _index_set(self.cols, n, "cols")
        _validate(rows, cols, n, "rows", "cols")
        object.__setattr__(self, "rows", rows)
        object.__setattr__(self, "cols", cols)
        object.__setattr__(self, "num_modes", n)

    # ---------------------------------------------------------------- constructors
    @classmethod
    def from_rows(cls, rows: Any, num_modes: int, name: str = "rows") -> "Partition":
        """Rows as given (0-based mode indices), columns = the complement.

        >>> Partition.from_rows({0, 1}, 4)
        Partition(rows=(0, 1), cols=(2, 3), num_modes=4)
        >>> Partition.from_rows([0, 4], 4, name="I")
        Traceback (most recent call last):
          ...
        exactnet.errors.PartitionError: Argument 'I' must hold 0-based mode indices in 0..3 (N=4), not 4 in [0, 4] (type=list); the paper's 1-based mode k is mode k-1 here
        """
        n = _num_modes(num_modes)
        r = _index_set(rows, n, name)
        return cls(r, tuple(i for i in range(n) if i not in set(r)), n)

    @classmethod
    def named(cls, name: str, num_modes: int) -> "Partition":
        """A named partition.  **0-based modes**: ``"odd-even"`` has rows {0, 2, 4, ...} = the paper's odd modes {1, 3, 5, ...}.

        * ``"odd-even"``: rows {0, 2, 4, ...}, cols {1, 3, 5, ...} (the paper's ``[A]``);
        * ``"even-odd"``: the transpose (rows {1, 3, ...});
        * ``"low-high"``: rows {0, ..., N//2 - 1}, cols {N//2, ..., N-1};
        * ``"high-low"``: the transpose.

        Needs ``num_modes >= 2`` (both sides non-empty).

        >>> Partition.named("low-high", 5)
        Partition(rows=(0, 1), cols=(2, 3, 4), num_modes=5)
        >>> Partition.named("checkerboard", 4)
        Traceback (most recent call last):
          ...
        exactnet.errors.PartitionError: Argument 'partition' must be one of 'odd-even', 'even-odd', 'low-high', 'high-low' (0-based: 'odd-even' has rows {0,2,...} = the paper's odd modes), or explicit rows, not 'checkerboard' (type=str)
        """
        key = name.strip().lower().replace("_", "-") if isinstance(name, str) else None
        if key not in PARTITION_NAMES:
            raise PartitionError(
                "Argument 'partition' must be one of " + ", ".join(repr(s) for s in PARTITION_NAMES)
                + " (0-based: 'odd-even' has rows {0,2,...} = the paper's odd modes), or explicit rows, "
                f"not {describe(name)}"
            )
        n = _num_modes(num_modes)
        if n < 2:
            raise PartitionError(
                f"Argument 'num_modes' must be >= 2 for the named partition {name!r} (both sides non-empty), "
                f"not {n}"
            )
        evens = tuple(range(0, n, 2))
        odds = tuple(range(1, n, 2))
        low = tuple(range(n // 2))
        high = tuple(range(n // 2, n))
        rows, cols = {
            "odd-even": (evens, odds),
            "even-odd": (odds, evens),
            "low-high": (low, high),
            "high-low": (high, low),
        }[key]
        return cls(rows, cols, n)

    @classmethod
    def blocks(cls, num_modes: int, block_size: int, which: str = "odd") -> "Partition":
        """Rows = the odd-numbered contiguous blocks of ``block_size`` modes.

        The blocks are numbered 1, 2, ... as in the paper, so ``which="odd"`` puts blocks 1, 3, 5, ...
        (**0-based: blocks 0, 2, 4, ..., i.e. modes 0..b-1, 2b..3b-1, ...**) in the rows; ``"even"`` the others.
        ``block_size=1`` gives ``"odd-even"``.  the I = {1,2,5,6} (N=8, blocks of 2) is
        ``Partition.blocks(8, 2)``.

        >>> Partition.blocks(8, 2)
        Partition(rows=(0, 1, 4, 5), cols=(2, 3, 6, 7), num_modes=8)
        >>> Partition.blocks(8, 3)
        Traceback (most recent call last):
          ...
        exactnet.errors.PartitionError: Argument 'block_size' must divide num_modes=8 into at least 2 blocks, not 3 (type=int)
        """
        n = _num_modes(num_modes)
        if isinstance(block_size, bool) or not hasattr(block_size, "__index__"):
            raise PartitionError(
                f"Argument 'block_size' must be an int dividing num_modes={n} into at least 2 blocks, "
                f"not {describe(block_size)}"
            )
        b = int(block_size.__index__())
        if b < 1 or n % b or n // b < 2:
            raise PartitionError(
                f"Argument 'block_size' must divide num_modes={n} into at least 2 blocks, not {describe(block_size)}"
            )
        if which not in ("odd", "even"):
            raise PartitionError(
                f"Argument 'which' must be 'odd' (the paper's blocks 1, 3, ...) or 'even', not {describe(which)}"
            )
        first = 0 if which == "odd" else 1
        rows = tuple(i for i in range(n) if (i // b) % 2 == first)
        return cls.from_rows(rows, n)

    # ---------------------------------------------------------------- facts
    @property
    def is_trivial(self) -> bool:
        """True when one side is empty."""
        return not self.rows or not self.cols

    def swapped(self) -> "Partition":
        """(cols, rows): the partition of the transposed matricization.

        >>> Partition.named("odd-even", 4).swapped() == Partition.named("even-odd", 4)
        True
        """
        return Partition(self.cols, self.rows, self.num_modes)

    def matrix_shape(self, shape: Sequence[int]) -> tuple[int, int]:
        """(prod of row mode sizes, prod of column mode sizes) for a tensor of ``shape``.

        >>> Partition.named("odd-even", 3).matrix_shape((2, 3, 4))
        (8, 3)
        """
        shape = tuple(int(s) for s in shape)
        if len(shape) != self.num_modes:
            raise PartitionError(
                f"Argument 'shape' must have {self.num_modes} modes for this partition, not {shape}"
            )
        return math.prod(shape[i] for i in self.rows), math.prod(shape[j] for j in self.cols)

    def __str__(self) -> str:
        return f"rows {set(self.rows) or '{}'} | cols {set(self.cols) or '{}'} (0-based, N={self.num_modes})"


def as_partition(
    spec: Any,
    num_modes: int,
    cols: Any = None,
    *,
    allow_empty: bool = False,
    name: str = "rows",
) -> Partition:
    """Coerce a partition specification.  **Modes are 0-based.**

    Parameters
    ----------
    spec : Partition, str or collection of int
        A :class:`Partition`; a name (``"odd-even"``, ``"even-odd"``, ``"low-high"``, ``"high-low"``,
        and every other 1-D name of :func:`exactnet.tensors.geometry.partition_by_name`: ``"blocks:K"``,
        ``"interleaved-blocks:K"``, ``"split:K"``, ``"mirror-pairs"``, ``"left-right"``; ``"odd-even"`` has
        rows {0, 2, ...}, the paper's odd modes); or the row modes.
    num_modes : int
        N, the order of the tensor.
    cols : collection of int, optional
        The column modes; default the complement of the rows.  Only with explicit rows.
    allow_empty : bool
        Accept a partition with an empty side (its matricization is one row or one column).
    name : str
        The name of the ``spec`` argument in error messages.

    Raises
    ------
    PartitionError
        Naming the argument and the offending mode: non-int, out of range, repeated, overlapping,
        not covering, empty side, or wrong ``num_modes``.

    Examples
    --------
    >>> as_partition("odd-even", 4)
    Partition(rows=(0, 2), cols=(1, 3), num_modes=4)
    >>> as_partition("blocks:2", 8).rows
    (0, 1, 4, 5)
    >>> as_partition([0, 1], 4, cols=[3])
    Traceback (most recent call last):
      ...
    exactnet.errors.PartitionError: Arguments 'rows' and 'cols' must together cover every mode 0..3 (0-based); mode 2 is in neither
    >>> as_partition([0, 1, 2], 3)
    Traceback (most recent call last):
      ...
    exactnet.errors.PartitionError: Argument 'cols' must not be empty (the complement of 'rows'=(0, 1, 2) in 0..2, 0-based); a matricization needs rows and columns. Pass allow_empty=True for a one-row/one-column matricization.
    """
    n = _num_modes(num_modes)
    if isinstance(spec, Partition):
        if cols is not None:
            raise PartitionError(
                f"Argument 'cols' must be None when '{name}' is already a Partition, not {describe(cols)}"
            )
        if spec.num_modes != n:
            raise PartitionError(
                f"Argument '{name}' is a partition of {spec.num_modes} modes, but the tensor has {n} modes"
            )
        part = spec
    elif isinstance(spec, str):
        if cols is not None:
            raise PartitionError(
                f"Argument 'cols' must be None when '{name}' is a named partition ({spec!r}), not {describe(cols)}"
            )
        key = spec.strip().lower().replace("_", "-")
        if key in PARTITION_NAMES:
            part = Partition.named(spec, n)
        else:
            from .geometry import partition_by_name  # one parser of partition names (geometry builds on this module)

            try:
                part = partition_by_name(spec, n)
            except PartitionError as exc:
                raise PartitionError(str(exc).replace("Argument 'name'", f"Argument '{name}'", 1)) from None
    else:
        rows = _index_set(spec, n, name)
        if cols is None:
            part = Partition(rows, tuple(i for i in range(n) if i not in set(rows)), n)
            if not part.cols and not allow_empty:
                raise PartitionError(
                    f"Argument 'cols' must not be empty (the complement of '{name}'={rows} in 0..{n - 1}, 0-based); "
                    "a matricization needs rows and columns. Pass allow_empty=True for a one-row/one-column "
                    "matricization."
                )
        else:
            c = _index_set(cols, n, "cols")
            _validate(rows, c, n, name, "cols")
            part = Partition(rows, c, n)
    if part.is_trivial and not allow_empty:
        side = name if not part.rows else "cols"
        raise PartitionError(
            f"Argument '{side}' must not be empty: {part}; a matricization needs rows and columns. "
            "Pass allow_empty=True for a one-row/one-column matricization."
        )
    return part
