r"""Pooling geometry: named partitions of 1-D and 2-D inputs, explicit index sets, enumeration, sampling.

**Modes are 0-based.**  A 1-D input has modes ``0..N-1`` left to right.  A 2-D input of H x W patches
has **mode ``r * W + c`` for the patch at row r, column c (row-major)**; that is the order of the grid
tensor's modes of :class:`~exactnet.networks.gcconvac.GCConvAC` and of every 2-D name below.

The ICLR-2017 paper numbers 2-D patches *recursively* instead, so that its size-4
pooling windows (2 x 2 blocks, a quad tree) are 4 consecutive modes, i.e. the foundation's
``PoolingTree.from_windows(H*W, 4)``.  :func:`quad_tree_order` gives that order
(``order[k]`` = the row-major mode of the k-th patch in recursive order) and
:func:`to_quad_tree_modes` rewrites a row-major partition into recursive modes, so the names below
match the paper's pictures under either convention.

1-D names (N inputs; :data:`PARTITION_NAMES_1D`)::

    odd-even           rows {0,2,4,...}   (the paper's odd modes {1,3,...})   IJIJIJIJ
    even-odd           the transpose                                           JIJIJIJI
    low-high           rows {0..N/2-1}                                          IIIIJJJJ
    left-right         = low-high                                               IIIIJJJJ
    high-low           the transpose                                           JJJJIIII
    interleaved-blocks:K   rows = modes i with (i // K) even (K >= 1, >= 2 blocks)  K=2: IIJJIIJJ
    blocks:K           = interleaved-blocks:K, but K must divide N (Partition.blocks; depth L vs L_c)
    split:K            rows {0..K-1} (1 <= K <= N-1; a tensor-train unfolding)                K=3: IIIJJJJJ
    mirror-pairs       mode i is paired with N-1-i; pair p = {p, N-1-p}, p < N/2, goes to the rows
                       when p is even (N even)                                N=8: IJIJJIJI

2-D names (H x W, row-major modes; :data:`PARTITION_NAMES_2D`)::

    left-right     rows = patches with c < W/2            top-bottom     rows = patches with r < H/2
      IIJJ                                                  IIII
      IIJJ                                                  JJJJ
    checkerboard   rows = (r + c) even                    interleaved-blocks:K   (r//K + c//K) even
      IJIJ                                                  K=2 on 4x4:  IIJJ / IIJJ / JJII / JJII
      JIJI
    mirror         left-right mirror pairs: (r, c) with (r, W-1-c); rows = min(c, W-1-c) even (W even)
      IJJI
    odd-even / even-odd / low-high / high-low: the 1-D names applied to the row-major mode index

Examples
--------
>>> partition_by_name("mirror-pairs", 8).rows
(0, 2, 5, 7)
>>> partition_by_name("checkerboard", (2, 2)).rows
(0, 3)
>>> print(ascii_picture(partition_by_name("interleaved-blocks:2", (4, 4)), (4, 4)))
IIJJ
IIJJ
JJII
JJII
"""

from __future__ import annotations

import itertools
import math
import os
from typing import Any, Iterator

import numpy as np

from ..errors import InvalidArgumentError, PartitionError, ResourceLimitError
from ._util import describe
from .partitions import Partition
from .trees import MAX_TREE_LEAVES

__all__ = [
    "PARTITION_NAMES_1D",
    "PARTITION_NAMES_2D",
    "partition_by_name",
    "partition_from_sets",
    "all_balanced_partitions",
    "count_balanced_partitions",
    "random_partitions",
    "quad_tree_order",
    "to_quad_tree_modes",
    "ascii_picture",
    "input_shape_of",
]

#: 1-D names (``:K`` marks a parameter).
PARTITION_NAMES_1D = ("odd-even", "even-odd", "low-high", "high-low", "left-right", "interleaved-blocks:K",
                      "blocks:K", "split:K", "mirror-pairs")
#: 2-D names (row-major modes ``r * W + c``).
PARTITION_NAMES_2D = ("left-right", "top-bottom", "checkerboard", "interleaved-blocks:K", "mirror", "odd-even",
                      "even-odd", "low-high", "high-low")


def input_shape_of(input_shape: Any) -> tuple[int, ...]:
    """``N`` -> ``(N,)``; ``(N,)`` or ``(H, W)`` validated (ints >= 1, at least 2 inputs).

    >>> input_shape_of(4), input_shape_of([2, 3])
    ((4,), (2, 3))
    """
    if isinstance(input_shape, bool):
        raise InvalidArgumentError(f"Argument 'input_shape' must be N, (N,) or (H, W), not {describe(input_shape)}")
    if hasattr(input_shape, "__index__"):
        input_shape = (int(input_shape.__index__()),)
    if isinstance(input_shape, (str, bytes)) or not isinstance(input_shape, (list, tuple)) or len(input_shape) not in (1, 2):
        raise InvalidArgumentError(f"Argument 'input_shape' must be N, (N,) or (H, W), not {describe(input_shape)}")
    out = []
    for k, s in enumerate(input_shape):
        if isinstance(s, bool) or not hasattr(s, "__index__") or int(s.__index__()) < 1:
            raise InvalidArgumentError(f"Argument 'input_shape[{k}]' must be an int >= 1, not {describe(s)}")
        out.append(int(s.__index__()))
    if math.prod(out) < 2:
        raise InvalidArgumentError(f"Argument 'input_shape' must have at least 2 inputs, not {tuple(out)}")
    return tuple(out)


def _names_text(dims: int) -> str:
    names = PARTITION_NAMES_1D if dims == 1 else PARTITION_NAMES_2D
    return ", ".join(repr(n) for n in names)


def _param(key: str, base: str, name: Any, dims: int) -> int:
    text = key[len(base) + 1:]
    if not text.isdigit() or int(text) < 1:
        raise PartitionError(
            f"Argument 'name' must give a block size K >= 1 as '{base}:K' (e.g. '{base}:2'), not {describe(name)}"
        )
    return int(text)


def partition_by_name(name: str, input_shape: Any) -> Partition:
    """The named partition of a 1-D (``N`` or ``(N,)``) or 2-D (``(H, W)``, row-major modes) input.

    Names: :data:`PARTITION_NAMES_1D`, :data:`PARTITION_NAMES_2D` (see the module docstring for the
    definitions and pictures).  ``_`` may replace ``-``; case is ignored.  Both sides are non-empty.

    >>> partition_by_name("interleaved-blocks:2", 8).rows
    (0, 1, 4, 5)
    >>> partition_by_name("top-bottom", (2, 3)).rows
    (0, 1, 2)
    >>> partition_by_name("diagonal", 4)
    Traceback (most recent call last):
      ...
    exactnet.errors.PartitionError: Argument 'name' must be one of 'odd-even', 'even-odd', 'low-high', 'high-low', 'left-right', 'interleaved-blocks:K', 'blocks:K', 'split:K', 'mirror-pairs' for a 1-D input of 4 modes (0-based), not 'diagonal' (type=str); or give explicit rows with partition_from_sets
    """
    shape = input_shape_of(input_shape)
    dims = len(shape)
    N = math.prod(shape)
    limit = int(os.environ.get("EXACTNET_MAX_TREE_LEAVES") or MAX_TREE_LEAVES)
    if N > limit:  # a partition lists its modes
        raise ResourceLimitError(f"Argument 'input_shape' asks for a partition of {N} modes, above the limit of {limit} "
                                 "modes (the limit of pooling trees; raise it with EXACTNET_MAX_TREE_LEAVES)")
    if not isinstance(name, str):
        raise PartitionError(f"Argument 'name' must be a partition name (str), not {describe(name)}")
    key = name.strip().lower().replace("_", "-")
    where = f"a 1-D input of {N} modes (0-based)" if dims == 1 else f"a 2-D input of {shape[0]} x {shape[1]} patches (row-major modes r*W+c)"
    unknown = PartitionError(
        f"Argument 'name' must be one of {_names_text(dims)} for {where}, not {describe(name)}; "
        "or give explicit rows with partition_from_sets"
    )
    if dims == 1 or key in ("odd-even", "even-odd", "low-high", "high-low"):
        if key in ("odd-even", "even-odd", "low-high", "high-low"):
            return Partition.named(key, N)
    if dims == 1:
        if key == "left-right":
            return Partition.named("low-high", N)
        if key.startswith("interleaved-blocks:"):
            K = _param(key, "interleaved-blocks", name, 1)
            if K >= N:
                raise PartitionError(f"Argument 'name' asks for blocks of K = {K} modes, but N = {N}; need K < N (>= 2 blocks)")
            return Partition.from_rows([i for i in range(N) if (i // K) % 2 == 0], N)
        if key.startswith("blocks:"):
            return Partition.blocks(N, _param(key, "blocks", name, 1))
        if key.startswith("split:"):
            K = _param(key, "split", name, 1)
            if K >= N:
                raise PartitionError(f"Argument 'name' 'split:K' needs 1 <= K <= N-1 = {N - 1}, not {name!r}")
            return Partition.from_rows(tuple(range(K)), N)
        if key == "mirror-pairs":
            if N % 2:
                raise PartitionError(f"Argument 'name' 'mirror-pairs' pairs mode i with N-1-i, so N must be even, not {N}")
            return Partition.from_rows([i for i in range(N) if min(i, N - 1 - i) % 2 == 0], N)
        raise unknown
    H, W = shape

    def grid(pred) -> Partition:
        rows = [r * W + c for r in range(H) for c in range(W) if pred(r, c)]
        part = Partition.from_rows(rows, N)
        if part.is_trivial:
            raise PartitionError(
                f"Argument 'name' {name!r} leaves one side empty on a {H} x {W} input; it needs a larger input"
            )
        return part

    if key == "left-right":
        return grid(lambda r, c: c < W // 2)
    if key == "top-bottom":
        return grid(lambda r, c: r < H // 2)
    if key == "checkerboard":
        return grid(lambda r, c: (r + c) % 2 == 0)
    if key.startswith("interleaved-blocks:"):
        K = _param(key, "interleaved-blocks", name, 2)
        return grid(lambda r, c: (r // K + c // K) % 2 == 0)
    if key == "mirror":
        if W % 2:
            raise PartitionError(f"Argument 'name' 'mirror' pairs column c with W-1-c, so W must be even, not {W}")
        return grid(lambda r, c: min(c, W - 1 - c) % 2 == 0)
    raise unknown


def partition_from_sets(rows: Any, input_shape: Any, cols: Any = None) -> Partition:
    """A partition from explicit row modes (ints, 0-based) or, for 2-D inputs, ``(r, c)`` pairs too.

    ``cols`` defaults to the complement; when given, rows and cols must be disjoint and cover every mode.
    Both sides must be non-empty.

    >>> partition_from_sets([(0, 0), (1, 1)], (2, 2))
    Partition(rows=(0, 3), cols=(1, 2), num_modes=4)
    >>> partition_from_sets([0, 1], 4, cols=[1, 2, 3])
    Traceback (most recent call last):
      ...
    exactnet.errors.PartitionError: Argument 'rows' must not overlap 'cols'; mode 1 is in both (modes are 0-based)
    >>> partition_from_sets([0, 1, 2, 3], 4)
    Traceback (most recent call last):
      ...
    exactnet.errors.PartitionError: Argument 'cols' must not be empty: the rows (0, 1, 2, 3) cover all 4 modes (0-based); a matricization needs rows and columns
    """
    shape = input_shape_of(input_shape)
    N = math.prod(shape)

    def modes(values: Any, name: str) -> list:
        if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
            raise PartitionError(f"Argument '{name}' must be a collection of 0-based modes, not {describe(values)}")
        out = []
        for v in values:
            if isinstance(v, (tuple, list)) and len(shape) == 2 and len(v) == 2:
                r, c = v
                if any(isinstance(x, bool) or not hasattr(x, "__index__") for x in (r, c)):
                    raise PartitionError(f"Argument '{name}' holds the pair {v!r}; a pair (r, c) must hold ints")
                r, c = int(r), int(c)
                if not (0 <= r < shape[0] and 0 <= c < shape[1]):
                    raise PartitionError(
                        f"Argument '{name}' holds the patch {(r, c)}, outside the {shape[0]} x {shape[1]} input (0-based)"
                    )
                out.append(r * shape[1] + c)
            else:
                out.append(v)
        return out

    r = modes(rows, "rows")
    if cols is None:
        part = Partition.from_rows(r, N)
    else:
        part = Partition(tuple(r), tuple(modes(cols, "cols")), N)
    if not part.rows:
        raise PartitionError("Argument 'rows' must not be empty; a matricization needs rows and columns")
    if not part.cols:
        raise PartitionError(
            f"Argument 'cols' must not be empty: the rows {part.rows} cover all {N} modes (0-based); a matricization "
            "needs rows and columns"
        )
    return part


def count_balanced_partitions(N: int) -> int:
    """How many :func:`all_balanced_partitions` yields: ``C(N, N/2) / 2`` for even N, ``C(N, N//2)`` for odd N.

    >>> count_balanced_partitions(8), count_balanced_partitions(5)
    (35, 10)
    """
    N = math.prod(input_shape_of(N))
    c = math.comb(N, N // 2)
    return c // 2 if N % 2 == 0 else c


def all_balanced_partitions(N: int) -> Iterator[Partition]:
    """Every balanced partition (``|rows| = N // 2``), each unordered pair {I, J} once.

    For even N the rows contain mode 0 (so a partition and its transpose are not both listed); for odd N
    the rows are the smaller side.  Lexicographic order of the rows.

    >>> [p.rows for p in all_balanced_partitions(4)]
    [(0, 1), (0, 2), (0, 3)]
    """
    N = math.prod(input_shape_of(N))
    half = N // 2
    if N % 2 == 0:
        for rest in itertools.combinations(range(1, N), half - 1):
            yield Partition.from_rows((0,) + rest, N)
    else:
        for rows in itertools.combinations(range(N), half):
            yield Partition.from_rows(rows, N)


def random_partitions(N: int, count: int, seed: int = 0) -> list[Partition]:
    """``count`` distinct balanced partitions drawn uniformly (numpy ``default_rng(seed)``), each unordered
    pair at most once (normalized as in :func:`all_balanced_partitions`).  When ``count`` is at least the
    number of balanced partitions, all of them are returned (in enumeration order).

    >>> len(random_partitions(16, 5, seed=1)), len(random_partitions(4, 10))
    (5, 3)
    """
    N = math.prod(input_shape_of(N))
    if isinstance(count, bool) or not hasattr(count, "__index__") or int(count) < 0:
        raise InvalidArgumentError(f"Argument 'count' must be an int >= 0, not {describe(count)}")
    count = int(count)
    total = count_balanced_partitions(N)
    if count >= total:
        return list(all_balanced_partitions(N))
    rng = np.random.default_rng(seed)
    half = N // 2
    seen: set = set()
    out: list[Partition] = []
    while len(out) < count:
        rows = tuple(sorted(int(x) for x in rng.choice(N, size=half, replace=False)))
        if N % 2 == 0 and 0 not in rows:
            rows = tuple(i for i in range(N) if i not in set(rows))
        if rows in seen:
            continue
        seen.add(rows)
        out.append(Partition.from_rows(rows, N))
    return out


def quad_tree_order(H: int, W: int | None = None) -> tuple[int, ...]:
    """The ICLR-2017 recursive patch order of an H x W input (H = W = 2^L): ``order[k]`` is the row-major
    mode ``r * W + c`` of the k-th patch in recursive order, in which every 2 x 2 block (top-left, top-right,
    bottom-left, bottom-right), and recursively every block of blocks, is contiguous.  In recursive modes the
    quad tree is ``PoolingTree.from_windows(H * W, 4)``.

    >>> quad_tree_order(4)
    (0, 1, 4, 5, 2, 3, 6, 7, 8, 9, 12, 13, 10, 11, 14, 15)
    """
    W = H if W is None else W
    H, W = input_shape_of((H, W))
    if H != W or H & (H - 1):
        raise InvalidArgumentError(
            f"Arguments 'H' and 'W' must be equal powers of 2 for the recursive (quad tree) order, not {H} x {W}"
        )
    L = H.bit_length() - 1
    order = []
    for k in range(H * W):
        r = c = 0
        for b in range(L):  # bits of k: pairs (row bit, column bit), most significant pair = coarsest level
            c |= ((k >> (2 * b)) & 1) << b
            r |= ((k >> (2 * b + 1)) & 1) << b
        order.append(r * W + c)
    return tuple(order)


def to_quad_tree_modes(partition: Partition, H: int, W: int | None = None) -> Partition:
    """Rewrite a partition of row-major modes into recursive (quad tree) modes: mode k is in the rows iff
    the patch ``quad_tree_order(H, W)[k]`` is.

    >>> to_quad_tree_modes(partition_by_name("left-right", (4, 4)), 4).rows
    (0, 1, 2, 3, 8, 9, 10, 11)
    """
    order = quad_tree_order(H, W)
    if not isinstance(partition, Partition) or partition.num_modes != len(order):
        raise PartitionError(
            f"Argument 'partition' must be a Partition of {len(order)} modes, not {describe(partition)}"
        )
    rows = set(partition.rows)
    return Partition.from_rows([k for k, m in enumerate(order) if m in rows], len(order))


def ascii_picture(partition: Partition, input_shape: Any) -> str:
    """The partition drawn with ``I`` (rows) and ``J`` (columns): one line for 1-D, H lines for 2-D.

    >>> print(ascii_picture(partition_by_name("mirror", (2, 4)), (2, 4)))
    IJJI
    IJJI
    """
    shape = input_shape_of(input_shape)
    if not isinstance(partition, Partition) or partition.num_modes != math.prod(shape):
        raise PartitionError(f"Argument 'partition' must be a Partition of {math.prod(shape)} modes, not {describe(partition)}")
    rows = set(partition.rows)
    W = shape[-1]
    chars = ["I" if m in rows else "J" for m in range(partition.num_modes)]
    return "\n".join("".join(chars[i:i + W]) for i in range(0, len(chars), W))
