r"""Pooling geometry: the ICLR-2017 Theorem-1 bounds for any partition and any full pooling tree, and sweeps.

**Modes are 0-based.**  Cohen & Shashua (ICLR 2017), generalized from size-4 windows to
any full tree (every leaf at level 0; a *window* is a level-1 node):

* lower: ``min(r_0, M)^S``, S = number of windows holding modes of both I and J; reached by Bentkamp's
  witness (a Kronecker product of its windows' blocks, certified by the kernel method ``kronecker-blocks``), so it
  bounds the generic rank from below (:func:`pooling_lower_certificate`);
* upper: ``c_leaf = 1``, ``c_v = min(M^{min(|I cap v|, |J cap v|)}, r_{l-1} prod_{children} c_c)`` for a node
  v at level l; the bound is ``c_root`` (the paper's ``min{M^{min(|I|,|J|)}, r_{L-1} prod_t c^{L-1,t}}``); the kernel's
  structural recursions prove a bound at most as large (:func:`pooling_bounds_certificate`).

:func:`sweep_partitions` computes, for each partition of a small instance (or a sample), the generic rank
(dense oracle when the grid tensor is small, the skeleton route otherwise) next to these bounds.

Examples
--------
>>> from exactnet.tensors import PoolingTree
>>> b = pooling_bounds(PoolingTree.from_windows(16, 4), 2, (3, 3), "odd-even")
>>> b.c_level1, b.upper, b.lower, b.split_windows
((3, 3, 3, 3), 243, 16, 4)
"""

from __future__ import annotations

import itertools
import math
import functools
from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np

from ..certificates import Certificate
from ..core._modular import profile_flint
from ..core.rational import as_positive_int
from ..core.result import ResultProtocol
from ..errors import BudgetExceededError, DomainError, InvalidArgumentError, PartitionError, ResourceLimitError
from ..networks import DeepConvAC, bentkamp_witness
from ..tensors import Partition, PoolingTree, as_partition, matricize
from .bounds import structural_bounds
from ._lower import DEFAULT_PRIME
from .structured import (_equal, _tree_arg, _ws, kronecker_generic_rank, kronecker_rank_certificate, structural_upper,
                         structured_rank)

__all__ = ["PoolingBounds", "pooling_bounds", "pooling_bounds_certificate", "pooling_lower_certificate",
           "thm1_certificate",
           "enumerate_partitions", "SweepRow", "sweep_partitions", "named_geometry_tree"]

ARGUMENT = (
    "Cohen & Shashua, ICLR 2017, Theorem 1, on any full pooling tree: with I_v, J_v the modes of I, J "
    "under node v, c_leaf = 1 and c_v = min(M^min(|I_v|,|J_v|), r_(l-1) prod_children c_c) for v at level l bound the "
    "dimension of the span of the matricizations of the node's channels; rank [A]_{I,J} <= c_root for every weight "
    "setting.  The maximal (= generic) rank is >= min(r_0, M)^S, S = number of level-1 windows split by the "
    "partition (a witness is Bentkamp's, whose tensor is the Kronecker product of its windows' blocks)."
)


@dataclass(frozen=True)
class PoolingBounds(ResultProtocol):
    """Theorem-1 bounds for one architecture and partition (``c_level1``: the windows' c values, left to right).

    Follows the result protocol with the upper bound as its main figure: ``value`` is ``upper`` (``c_root``),
    ``status`` ``"upper-bound"``, ``field`` ``"Q"``, ``certificate`` the version-2 certificate of
    ``generic_matricization_rank <= c_root`` (:func:`pooling_bounds_certificate`, built when first read) and
    ``check()`` its kernel report.  The lower bound has its own certificate
    (:func:`pooling_lower_certificate`).

    >>> b = pooling_bounds(PoolingTree.from_windows(8, 2), 2, (2, 2, 2), "odd-even")
    >>> b.value, b.status, b.check().verdict
    (16, 'upper-bound', 'valid')
    """

    lower: int
    upper: int
    split_windows: int
    c_level1: tuple
    partition: Partition
    tree: Any = field(default=None, repr=False, compare=False)
    M: Any = field(default=None, repr=False, compare=False)
    widths: Any = field(default=None, repr=False, compare=False)

    status = "upper-bound"

    @property
    def value(self) -> int:
        """The upper bound ``c_root`` (the main figure; ``lower`` is the other)."""
        return self.upper

    @property
    def field(self) -> str:
        """``"Q"``."""
        return "Q"

    @functools.cached_property
    def certificate(self) -> Certificate:
        """The version-2 certificate of ``generic_matricization_rank <= upper`` (built when first read)."""
        if self.tree is None:
            raise DomainError("these bounds were built without their architecture; use pooling_bounds(...)")
        return pooling_bounds_certificate(self.tree, self.M, self.widths, self.partition)


def _full(tree: PoolingTree) -> None:
    bad = [i for i in range(tree.num_modes) if tree.leaf_level(i) != 0]
    if bad:
        raise DomainError(
            f"Argument 'tree' must be full (every leaf at level 0) for the Theorem-1 bounds; leaf {bad[0]} is at level "
            f"{tree.leaf_level(bad[0])} in {_shown(tree)}"
        )


def _shown(tree: PoolingTree) -> str:
    """The tree's nested form for a message, bounded (a deep tree is named by its size and height)."""
    if tree.num_modes > 64:
        return f"a tree of {tree.num_modes} leaves and height {tree.height}"
    return str(tree.to_nested())


def pooling_bounds(tree: Any, M: int, widths: Any, partition: Any) -> PoolingBounds:
    """The generalized Theorem-1 lower and upper bounds (see the module docstring).

    >>> pooling_bounds(PoolingTree.from_windows(16, 4), 2, (2, 2), "low-high").upper
    2
    >>> pooling_bounds(PoolingTree.from_nested([[0, 1], 2]), 2, (2, 2), [0])
    Traceback (most recent call last):
      ...
    exactnet.errors.DomainError: Argument 'tree' must be full (every leaf at level 0) for the Theorem-1 bounds; leaf 2 is at level 1 in [[0, 1], 2]
    """
    t = _tree_arg(tree)
    M = as_positive_int(M, "M")
    ws = _ws(t, widths)
    part = as_partition(partition, t.num_modes)
    _full(t)
    rows = set(part.rows)
    c1: list[int] = []

    def rec(node) -> tuple[int, int, int]:
        if not isinstance(node, tuple):
            return (1, 0, 1) if node in rows else (0, 1, 1)
        subs = [rec(c) for c in node]
        nI, nJ = sum(s[0] for s in subs), sum(s[1] for s in subs)
        level = t.node_level(node)
        c = min(M ** min(nI, nJ), ws[level - 1] * math.prod(s[2] for s in subs))
        if level == 1:
            c1.append(c)
        return nI, nJ, c

    _, _, upper = rec(t.structure)
    windows = [t.structure] if t.height == 1 else list(t.levels[1])
    S = sum(1 for w in windows if any(m in rows for m in t.modes_under(w)) and any(m not in rows for m in t.modes_under(w)))
    return PoolingBounds(min(ws[0], M) ** S, upper, S, tuple(c1), part, t, M, ws)


def pooling_bounds_certificate(tree: Any, M: int, widths: Any, partition: Any) -> Certificate:
    """The Theorem-1 upper bound as a version-2 certificate: ``generic_matricization_rank <= c_root`` for the
    architecture (unshared weight space; the bound holds for every weight setting).  The kernel proves it by its
    structural recursions (``cut-recursion`` / ``sep-recursion``), whose value is at most ``c_root``.

    >>> c = pooling_bounds_certificate(PoolingTree.from_windows(16, 4), 2, (3, 3), "odd-even")
    >>> c.value, c.relation, c.check().facts["value"]
    (243, '<=', 243)
    """
    t = _tree_arg(tree)
    ws = _ws(t, widths)
    b = pooling_bounds(t, M, ws, partition)
    up = structural_upper(bentkamp_witness(t, M, ws), b.partition, about="architecture", weight_space="unshared")
    if up.value > b.upper:  # pragma: no cover - the recursions are never weaker than the c recursion
        raise DomainError(f"the kernel's structural bound {up.value} exceeds the Theorem-1 bound {b.upper}")
    return Certificate({**up.proposition, "value": b.upper}, up.evidence)


def pooling_lower_certificate(tree: Any, M: int, widths: Any, partition: Any) -> Certificate:
    """The Theorem-1 lower bound as a version-2 certificate: ``generic_matricization_rank >= min(r_0, M)^S`` for the
    architecture (unshared weight space), by Bentkamp's witness (method ``kronecker-blocks``, rule
    ``generic-rank-from-witness``).

    >>> c = pooling_lower_certificate(PoolingTree.from_windows(16, 4), 2, (3, 3), "odd-even")
    >>> c.value, c.relation, c.check().facts["value"]
    (16, '>=', 16)
    """
    t = _tree_arg(tree)
    ws = _ws(t, widths)
    b = pooling_bounds(t, M, ws, partition)
    lo = kronecker_rank_certificate(bentkamp_witness(t, M, ws), b.partition, generic=True, weight_space="unshared")
    if lo.value != b.lower:  # pragma: no cover - Bentkamp's witness has exactly this rank
        raise DomainError(f"Bentkamp's witness has rank {lo.value}, not the Theorem-1 lower bound {b.lower}")
    return lo


def thm1_certificate(tree: Any, M: int, widths: Any, partition: Any, shared: bool = False) -> Certificate:
    """The certified generic rank R next to the Theorem-1 bounds: ``generic_matricization_rank = R`` (unshared
    weight space; ``shared=True``: the shared one) by the rule ``equal-from-lower-and-upper``.  The certificate
    entails the Theorem-1 statements ``>= min(r_0, M)^S`` and ``<= c_root`` (:func:`pooling_bounds`), which
    :func:`pooling_lower_certificate` and :func:`pooling_bounds_certificate` prove on their own.

    >>> c = thm1_certificate(PoolingTree.from_windows(16, 4), 2, (3, 3), "odd-even")
    >>> b = pooling_bounds(PoolingTree.from_windows(16, 4), 2, (3, 3), "odd-even")
    >>> c.value, c.status, b.lower, b.upper
    (81, 'almost-everywhere', 16, 243)
    """
    t = _tree_arg(tree)
    ws = _ws(t, widths)
    part = as_partition(partition, t.num_modes)
    b = pooling_bounds(t, M, ws, part)
    gen = structured_rank(t, part, M=M, widths=ws, shared=shared)
    if gen.status != "almost-everywhere":
        raise DomainError(f"the generic rank is not pinned for this partition: {gen}")
    if not b.lower <= gen.rank <= b.upper:  # pragma: no cover - a refutation of Theorem 1
        raise DomainError(f"the generic rank {gen.rank} lies outside the Theorem-1 bounds [{b.lower}, {b.upper}]")
    return gen.certificate


# ============================================================================ sweeps
def enumerate_partitions(N: int, which: Any = "all", seed: int = 0) -> list[Partition]:
    """Partitions of ``0..N-1`` up to transposition (mode 0 always in the rows; rank is transpose-invariant).

    ``which``: ``"all"`` (2^(N-1) - 1 partitions), ``"balanced"`` (``|I| = N/2``), or an int K (a random
    sample of K distinct ones, numpy ``default_rng(seed)``).

    >>> len(enumerate_partitions(4)), len(enumerate_partitions(4, "balanced")), len(enumerate_partitions(8, 5))
    (7, 3, 5)
    >>> enumerate_partitions(4, "some")
    Traceback (most recent call last):
      ...
    exactnet.errors.InvalidArgumentError: Argument 'partitions' must be 'all', 'balanced' or a sample size (int >= 1), not 'some' (type=str)
    """
    N = as_positive_int(N, "N")
    if N < 2:
        raise PartitionError(f"Argument 'N' must be >= 2 to have a partition with both sides non-empty, not {N}")
    if which == "all":
        out = []
        for mask in range(0, 1 << (N - 1)):
            rows = [0] + [i for i in range(1, N) if mask >> (i - 1) & 1]
            if len(rows) < N:
                out.append(Partition.from_rows(rows, N))
        return out
    if which == "balanced":
        if N % 2:
            raise PartitionError(f"Argument 'N' must be even for balanced partitions, not {N}")
        return [Partition.from_rows((0,) + rest, N) for rest in itertools.combinations(range(1, N), N // 2 - 1)]
    if isinstance(which, bool) or not isinstance(which, int) or which < 1:
        raise InvalidArgumentError(
            f"Argument 'partitions' must be 'all', 'balanced' or a sample size (int >= 1), not {which!r} "
            f"(type={type(which).__name__})")
    total = (1 << (N - 1)) - 1
    K = min(which, total)
    rng = np.random.default_rng(seed)
    seen: set = set()
    out = []
    while len(out) < K:
        mask = int(rng.integers(0, 1 << min(N - 1, 62))) if N <= 63 else int(rng.integers(0, 1 << 62))
        rows = tuple([0] + [i for i in range(1, N) if mask >> (i - 1) & 1])
        if len(rows) == N or rows in seen:
            continue
        seen.add(rows)
        out.append(Partition.from_rows(rows, N))
    return out


def named_geometry_tree(N: int, windows: Any, geometry: str) -> PoolingTree:
    """``"contiguous"``: ``PoolingTree.from_windows(N, windows)``; ``"mirror"``: pairs (i, N-1-i) then contiguous.

    The mirror geometry pools mode i with its reflection N-1-i first (window 2), then pools the pairs with
    the given windows (``windows=2``: ``PoolingTree.mirror``; ``windows=4``: mirror quadruples).

    >>> named_geometry_tree(8, 2, "mirror").structure
    (((0, 7), (1, 6)), ((2, 5), (3, 4)))
    >>> named_geometry_tree(8, 2, "spiral")
    Traceback (most recent call last):
      ...
    exactnet.errors.InvalidArgumentError: Argument 'geometry' must be 'contiguous' or 'mirror', not 'spiral' (type=str)
    """
    if geometry == "contiguous":
        return PoolingTree.from_windows(N, windows)
    if geometry == "mirror":
        if windows == 2:
            return PoolingTree.mirror(N)
        base = PoolingTree.from_windows(N, windows)
        order = []
        for i in range(N // 2):
            order += [i, N - 1 - i]

        def relabel(node):
            return order[node] if isinstance(node, int) else tuple(relabel(c) for c in node)

        return PoolingTree.from_nested(relabel(base.structure), N=N)
    raise InvalidArgumentError(f"Argument 'geometry' must be 'contiguous' or 'mirror', not {geometry!r} "
                               f"(type={type(geometry).__name__})")


@dataclass(frozen=True)
class SweepRow:
    """One partition of a sweep: generic rank (or bounds), structural bound, Theorem-1 bounds."""

    rows: tuple
    rank: Any
    status: str
    method: str
    structural_upper: int
    thm1_lower: int
    thm1_upper: int
    split_windows: int
    verified: bool = False

    def to_dict(self) -> dict:
        return {"rows": list(self.rows), "rank": self.rank if isinstance(self.rank, int) else list(self.rank),
                "status": self.status, "method": self.method, "structural_upper": self.structural_upper,
                "thm1_lower": self.thm1_lower, "thm1_upper": self.thm1_upper, "split_windows": self.split_windows,
                "verified": self.verified}

    @classmethod
    def from_dict(cls, d: dict) -> "SweepRow":
        """The inverse of :meth:`to_dict` (rows read back from a result store).

        >>> row = SweepRow((0, 1), (2, 4), "lower-bound", "dense", 4, 2, 4, 1)
        >>> SweepRow.from_dict(row.to_dict()) == row
        True
        """
        rank = d["rank"] if isinstance(d["rank"], int) else tuple(d["rank"])
        return cls(tuple(d["rows"]), rank, d["status"], d["method"], d["structural_upper"], d["thm1_lower"],
                   d["thm1_upper"], d["split_windows"], d["verified"])


def sweep_partitions(arch: Any, partitions: Any = "all", *, M: int | None = None, widths: Any = None,
                     shared: bool = False, seeds: Sequence[int] = (0, 1, 2), method: str = "auto",
                     dense_entries: int = 1 << 12, seed: int = 0, certify: bool = False, engine: Any = None,
                     store: Any = None, chunksize: int | None = None, progress: bool | None = False,
                     done: list | None = None) -> list[SweepRow]:
    """Generic rank of every partition (``"all"``, ``"balanced"``, a sample size, or a list) next to the bounds.

    ``arch``: a PoolingTree / int N (binary) / nested tree with ``M`` and ``widths``, or a DeepConvAC (its
    tree, M and widths).  ``method``: ``"dense"`` (grid tensor of random witnesses, formed once), ``"skeleton"``,
    or ``"auto"`` (dense when ``T^N <= dense_entries``).  For each partition the rank of the best witness is a
    certified-style lower bound (an explicit minor non-zero mod 2^31-1); status ``"almost-everywhere"`` when it
    meets the structural upper bound, else ``"lower-bound"`` (``rank = (lower, upper)``).  ``certify=True``
    builds each partition's certificate (skeleton route or the Kronecker witness, version 2) and has the
    independent checker verify it (``verified``); slower.

    Scale-out: the partitions run on ``engine`` (an :func:`exactnet.scale.make_engine` engine: a process pool or
    Dask; default in-process) and, with ``store`` (an :class:`exactnet.scale.Store`), each row is committed as it
    finishes and rows already stored are read back instead of recomputed.  The rows come back in the order of the
    partitions whatever the engine.  ``chunksize``: partitions per task (default: about eight tasks per worker, at
    most 64 partitions each, so that a scheduler's per-task cost stays small).  ``progress``: a tqdm bar on stderr (``None``: only on a terminal).
    ``done``: a list that receives every row as it finishes (so that a caller stopped by a time budget keeps
    the rows finished before it ran out).

    >>> rows = sweep_partitions(PoolingTree.from_windows(16, 4), [[0, 1, 2, 3, 4, 5, 6, 7], [0, 2, 4, 6, 8, 10, 12, 14]], M=2, widths=(2, 2))
    >>> [(r.rank, r.thm1_lower, r.thm1_upper) for r in rows]
    [(2, 1, 2), (16, 16, 32)]
    """
    from tqdm import tqdm

    from ..scale import canonical_hash, make_engine, map_stored

    if isinstance(arch, DeepConvAC):
        tree, M, ws = arch.tree, arch.M, arch.widths
    else:
        tree = _tree_arg(arch)
        if M is None or widths is None:
            raise InvalidArgumentError("Arguments 'M' and 'widths' are required when 'arch' is an architecture")
        M = as_positive_int(M, "M")
        ws = _ws(tree, widths)
    N = tree.num_modes
    if isinstance(partitions, (str, int)) and not isinstance(partitions, bool):
        parts = enumerate_partitions(N, partitions, seed=seed)
    else:
        parts = [as_partition(p, N, name="partitions") for p in partitions]
    if method not in ("auto", "dense", "skeleton"):
        raise InvalidArgumentError(f"Argument 'method' must be 'auto', 'dense' or 'skeleton', not {method!r}")
    use_dense = method == "dense" or (method == "auto" and M ** N <= dense_entries)
    task = _SweepTask(tree, M, tuple(ws), bool(shared), tuple(seeds), use_dense, bool(certify))
    context = {"tree": tree.to_nested(), "M": M, "widths": list(ws), "shared": task.shared, "seeds": list(seeds),
               "dense": use_dense, "certify": task.certify}

    def key(item: tuple) -> str:
        return canonical_hash({**context, "rows": list(item[1])})

    rows: list[Any] = [None] * len(parts)
    own = engine is None
    engine = make_engine() if own else engine
    if chunksize is None:
        chunksize = max(1, min(64, len(parts) // (8 * engine.workers)))
    try:
        with tqdm(total=len(parts), disable=None if progress is None else not progress, unit="partition",
                  desc="sweep", leave=False) as bar:
            for (i, _), outcome, _ in map_stored(engine, functools.partial(_sweep_row, task),
                                                 list(enumerate(p.rows for p in parts)), store, key=key,
                                                 chunksize=chunksize):
                if isinstance(outcome, BaseException):
                    raise outcome
                rows[i] = SweepRow.from_dict(outcome)
                if done is not None:
                    done.append(rows[i])
                bar.update()
    finally:
        if own:
            engine.close()
    return rows


@dataclass(frozen=True)
class _SweepTask:
    """What every partition of one sweep shares (sent once per chunk to the workers)."""

    tree: PoolingTree
    M: int
    ws: tuple
    shared: bool
    seeds: tuple
    use_dense: bool
    certify: bool


_GRIDS: dict = {}


def _grids(task: _SweepTask) -> list:
    """The grid tensors of the random witnesses (formed once per process and sweep; the last sweep's kept)."""
    key = (task.tree, task.M, task.ws, task.shared, task.seeds)
    if key not in _GRIDS:
        _GRIDS.clear()
        _GRIDS[key] = [DeepConvAC.random(task.tree, task.M, task.ws, shared=task.shared, seed=s, low=-20,
                                         high=20).grid_tensor(output=0) for s in task.seeds]
    return _GRIDS[key]


def _sweep_row(task: _SweepTask, item: tuple) -> dict:
    """One partition of a sweep (``item = (index, rows)``), as ``SweepRow.to_dict()``."""
    tree, M, ws, shared, seeds = task.tree, task.M, task.ws, task.shared, task.seeds
    part = Partition.from_rows(item[1], tree.num_modes)
    bounds = structural_bounds(tree, M, ws, part, shared=shared)
    U = min(bounds.values())
    try:
        pb = pooling_bounds(tree, M, ws, part)
        tl, tu, S = pb.lower, pb.upper, pb.split_windows
    except DomainError:
        tl, tu, S = 0, 0, 0
    verified = False
    if task.certify:
        try:
            res = structured_rank(tree, part, M=M, widths=ws, shared=shared, seeds=seeds)
        except BudgetExceededError:  # a time budget is not a size refusal: it stops the run
            raise
        except ResourceLimitError:
            res = kronecker_generic_rank(tree, part, M, ws)
        verified = res.certificate is not None and bool(res.certificate.check())
        r, how = res.lower, res.method
    elif task.use_dense:
        best = 0
        for G in _grids(task):
            X = matricize(G, part)
            r = len(profile_flint(np.asarray(X.num), DEFAULT_PRIME)[0])
            best = max(best, r)
            if best >= U:
                break
        r, how = best, "dense"
    else:
        try:
            res = structured_rank(tree, part, M=M, widths=ws, shared=shared, seeds=seeds, certify=False)
            r, how = res.lower, "skeleton"
        except BudgetExceededError:  # a time budget is not a size refusal: it stops the run
            raise
        except ResourceLimitError:
            r, how = tl, "kronecker (Theorem-1 witness)"
    if r == U:
        row = SweepRow(part.rows, r, "almost-everywhere", how, U, tl, tu, S, verified)
    else:
        row = SweepRow(part.rows, (r, U), "lower-bound", how, U, tl, tu, S, verified)
    return row.to_dict()
