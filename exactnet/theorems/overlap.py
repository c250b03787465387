r"""Overlap studies: generic matricization ranks of overlapping vs non-overlapping GC ConvACs (theory.md §4).

**Modes are 0-based** (``"left-right"`` / ``"low-high"``: rows {0..N/2-1}).

* :func:`gc_sep_bound`: an upper bound on ``rank [A]_{I,J}`` valid for **every** weight setting of a GC
  ConvAC architecture (rule ``sep-recursion``): a node whose receptive inputs lie on one side of the
  partition has separation rank 1; a product of factors multiplies the bounds (``rank (X o Y) <= rank X
  rank Y`` for the Hadamard products of matricizations); a linear combination of C channels has at most
  C times the channels' bound; every bound is capped by ``T^{min(|I cap rf|, |J cap rf|)}`` (the size of
  the node's own matricization).  For non-overlapping networks this is the foundation's top-split bound.
* :func:`gc_rank_lower`: a non-singular minor of ``[grid]_{I,J}`` of one network, found mod ``2^31 - 1``
  (dense when the grid tensor is small, else a randomized search over candidate multi-indices whose
  entries are single network evaluations, ``GCConvAC.grid_entries``).
* :func:`gc_generic_rank`: the generic rank of an architecture (witness minor + ``sep-recursion``),
  ``"almost-everywhere"`` when they meet, else ``"lower-bound"``.
* :func:`overlap_study`: the table of theory.md §4.4 style comparisons, with parameter counts and the
  non-overlapping width needed to match; :func:`plot_overlap_study` (matplotlib, imported lazily).

Examples
--------
>>> from exactnet.networks.gcconvac import GCConvAC
>>> g = gc_generic_rank((8,), 2, [(2, 1, 2)] * 7, "left-right")
>>> g.rank, g.status
(16, 'almost-everywhere')
>>> gc_generic_rank((8,), 2, [(2, 2, 2)] * 3, "left-right").rank
2
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

from ..certificates import Certificate
from ..core._modular import profile_flint
from ..core.rational import as_positive_int
from ..errors import InvalidArgumentError, ResourceLimitError
from ..networks.gcconvac import GCConvAC, GCLayer
from ..tensors import Partition, PoolingTree, as_partition
from .lower import DEFAULT_PRIME
from .structured import StructuredRank, structured_rank

__all__ = ["gc_network_rank", "gc_sep_bound", "gc_sep_certificate", "SEP_ARGUMENT", "gc_rank_lower", "gc_generic_rank", "OverlapRow", "overlap_study",
           "plot_overlap_study", "overlap_plot_series", "non_overlapping_width_to_match", "gc_partition"]

#: Grid tensors up to this many entries are formed densely to find a minor; larger ones are sampled.
DENSE_ENTRIES = 1 << 16
#: At most this many candidate rows (and columns) in the randomized search.
MAX_CANDIDATES = 1024


def gc_partition(partition: Any, input_shape: Sequence[int]) -> Partition:
    """A partition of a GC network's inputs: a Partition, row modes, or a name (1-D ``left-right`` = ``low-high``).

    Names go through :func:`exactnet.tensors.geometry.partition_by_name` when it knows them.

    >>> gc_partition("left-right", (8,)).rows
    (0, 1, 2, 3)
    """
    N = math.prod(input_shape)
    if isinstance(partition, str):
        try:
            from ..tensors.geometry import partition_by_name

            return partition_by_name(partition, tuple(input_shape))
        except ImportError:  # pragma: no cover - geometry is part of the package
            pass
        if partition == "left-right" and len(input_shape) == 1:
            return Partition.named("low-high", N)
    return as_partition(partition, N)


def gc_sep_bound(net: GCConvAC, partition: Any) -> int:
    """Upper bound on ``rank [A]_{I,J}`` for every weight setting of ``net``'s architecture (``sep-recursion``).

    >>> from exactnet.networks.gcconvac import GCConvAC
    >>> gc_sep_bound(GCConvAC.random((8,), 2, [(2, 2, 2)] * 3), "left-right")
    2
    >>> gc_sep_bound(GCConvAC.random((8,), 2, [(2, 1, 2)] * 7), "left-right")
    16
    """
    if not isinstance(net, GCConvAC):
        raise InvalidArgumentError(f"Argument 'net' must be a GCConvAC, not {type(net).__name__}")
    part = gc_partition(partition, net.input_shape)
    rows = set(part.rows)
    T = net.T

    def cap(rf: frozenset) -> int:
        a = len(rf & rows)
        return T ** min(a, len(rf) - a)

    # layer -1: the inputs; a linear combination of the M functions of one input has sep rank 1
    rfs = [frozenset([i]) for i in range(net.N)]
    lin = [1] * net.N
    for l in range(net.num_layers):
        new_rf, new_s = [], []
        for j in range(net.num_positions(l)):
            reads = net.reads(l, j)
            rf = frozenset().union(*(rfs[p] for p in reads))
            s = min(math.prod(lin[p] for p in reads), cap(rf))
            new_rf.append(rf)
            new_s.append(s)
        C = net.channels[l]
        rfs = new_rf
        lin = [min(C * s, cap(rf)) for s, rf in zip(new_s, new_rf)]
    return lin[0]


def gc_rank_lower(net: GCConvAC, partition: Any, output: int = 0, *, prime: int = DEFAULT_PRIME,
                  target: int | None = None, seed: int = 0,
                  max_candidates: int = MAX_CANDIDATES) -> tuple[int, list[tuple], list[tuple]]:
    """``(r, rows, cols)``: a minor of ``[grid]_{I,J}`` non-singular mod ``prime`` (so ``rank >= r`` over Q).

    Dense when ``T^N <= DENSE_ENTRIES``; otherwise candidate row and column multi-indices are drawn at
    random (``min(T^|I|, 2 target + 8, max_candidates)`` of them, ``target`` defaulting to
    :func:`gc_sep_bound`) and the candidate submatrix is evaluated modulo p with
    :meth:`GCConvAC.grid_minor` (never forming the tensor).  When the bound exceeds what
    ``max_candidates`` can reach, the search still runs on ``max_candidates`` rows and columns: ``r`` is
    then a certified lower bound that may be below the true rank (callers report ``"lower-bound"``).

    >>> from exactnet.networks.gcconvac import GCConvAC
    >>> gc_rank_lower(GCConvAC.random((4,), 2, [(2, 1, 2), (3, 1, 1)], seed=1, low=-20, high=20), "left-right")[0]
    2
    """
    part = gc_partition(partition, net.input_shape)
    T, N = net.T, net.N
    nI, nJ = len(part.rows), len(part.cols)
    if T ** N <= DENSE_ENTRIES:  # every entry, modulo p (vectorized forward passes; exact entries grow fast)
        allidx = np.array(np.unravel_index(np.arange(T ** N), (T,) * N)).T
        G = net.grid_entries(allidx, output=output, prime=prime).reshape((T,) * N)
        X = np.ascontiguousarray(G.transpose(list(part.rows) + list(part.cols)).reshape(T ** nI, T ** nJ))
        prow, pcol = profile_flint(X, prime)
        rows = [tuple(int(v) for v in np.unravel_index(i, (T,) * nI)) for i in prow]
        cols = [tuple(int(v) for v in np.unravel_index(j, (T,) * nJ)) for j in pcol]
        return len(prow), rows, cols
    if target is None:
        target = gc_sep_bound(net, part)
    max_candidates = as_positive_int(max_candidates, "max_candidates")
    want = min(2 * int(target) + 8, max_candidates)  # capped: r is then only a lower bound (said by the callers)
    rng = np.random.default_rng(seed)

    def candidates(k: int) -> np.ndarray:
        total = T ** k
        if total <= want:
            return np.array(np.unravel_index(np.arange(total), (T,) * k)).T.reshape(total, k)
        picks = set()
        while len(picks) < want:
            picks.add(tuple(int(x) for x in rng.integers(0, T, size=k)))
        return np.array(sorted(picks), dtype=np.int64)

    R, C = candidates(nI), candidates(nJ)
    # grid_minor evaluates one-sided nodes once per multi-index (memory O(candidates^2), not O(candidates^2 N))
    vals = net.grid_minor(part, R, C, output=output, prime=prime)
    prow, pcol = profile_flint(np.ascontiguousarray(vals), prime)
    return len(prow), [tuple(int(x) for x in R[i]) for i in prow], [tuple(int(x) for x in C[j]) for j in pcol]


def _gc_lower_certificate(net: GCConvAC, part: Partition, rows, cols, output: int, space: str,
                          prime: int) -> Certificate | None:
    """The ``gc-rank-lower-bound`` certificate (checker kind of the GC module), when that kind exists."""
    try:
        from ..checker import known_kinds
    except ImportError:  # pragma: no cover
        return None
    if "gc-rank-lower-bound" not in known_kinds():
        return None
    r = len(rows)
    claim = (f"rank [A^{output}]_{{I,J}} >= {r} for almost every weight setting of the {space} weight space of this "
             f"GC ConvAC architecture (this network is the witness); I={list(part.rows)}, J={list(part.cols)} "
             "(0-based modes), A = grid tensor.")
    data = {"network": net.to_dict(), "output": int(output), "partition": {"rows": list(part.rows), "cols": list(part.cols)},
            "r": r, "minor": {"rows": [list(t) for t in rows], "cols": [list(t) for t in cols]}, "prime": int(prime),
            "generic": True, "weight_space": space}
    return Certificate("gc-rank-lower-bound", claim, status="almost-everywhere", data=data)


SEP_ARGUMENT = (
    "Separation ranks over the partition (I, J), on grid tensors: a node whose receptive inputs lie on one side "
    "has rank 1; a window product of factors has rank <= the product of theirs (Hadamard product of "
    "matricizations); a linear combination of C channels has rank <= C times theirs; every value is capped by "
    "T^min(|I cap rf|, |J cap rf|), the size of the node's own matricization.  The output is a combination of the "
    "last layer's channels.  Valid for every weight setting of the architecture."
)


def gc_sep_certificate(net: GCConvAC, partition: Any) -> Certificate:
    """A ``gc-sep-upper-bound`` certificate (rule ``sep-recursion``, every weight setting).

    >>> from exactnet.networks.gcconvac import GCConvAC
    >>> gc_sep_certificate(GCConvAC.random((8,), 2, [(2, 2, 2)] * 3), "left-right").check().facts["bound"]
    2
    """
    part = gc_partition(partition, net.input_shape)
    U = gc_sep_bound(net, part)
    claim = (f"For every weight setting of the GC ConvAC architecture N={net.N}, M={net.M}, T={net.T}, layers "
             f"{_layers_text(net.layers)}: rank [A^y]_{{I,J}} <= {U} for I={list(part.rows)} (0-based modes; rule "
             "sep-recursion).")
    return Certificate("gc-sep-upper-bound", claim, status="upper-bound", data={
        "network": net.to_dict(), "partition": {"rows": list(part.rows), "cols": list(part.cols)}, "bound": U,
        "rule": "sep-recursion", "argument": SEP_ARGUMENT})


def gc_network_rank(net: GCConvAC, partition: Any, output: int = 0) -> StructuredRank:
    """The rank of ``[grid]_{I,J}`` of **this** GC network: witness minor vs :func:`gc_sep_bound`.

    Status ``"exact"`` (a ``bundle`` of ``gc-rank-lower-bound`` and ``gc-sep-upper-bound``) when they meet,
    else ``"lower-bound"`` with ``rank = (lower, upper)``.

    >>> net = GCConvAC.random((8,), 2, [(2, 2, 2)] * 3, seed=1, low=-20, high=20)
    >>> s = gc_network_rank(net, "left-right")
    >>> s.rank, s.status, s.certificate.check().facts["conclusion"]["rank"]
    (2, 'exact', 2)
    """
    start = time.perf_counter()
    part = gc_partition(partition, net.input_shape)
    U = gc_sep_bound(net, part)
    r, rows, cols = gc_rank_lower(net, part, output, target=U, max_candidates=MAX_CANDIDATES)
    if r == 0:
        return StructuredRank((0, U), "Q", "lower-bound", "gc-minor", None, 0, U, part, time.perf_counter() - start)
    claim = (f"rank [A^{output}]_{{I,J}} >= {r} for this weight setting; I={list(part.rows)}, J={list(part.cols)} "
             "(0-based modes), A = grid tensor.")
    lower = Certificate("gc-rank-lower-bound", claim, status="lower-bound", data={
        "network": net.to_dict(), "output": int(output), "partition": {"rows": list(part.rows), "cols": list(part.cols)},
        "r": r, "minor": {"rows": [list(t) for t in rows], "cols": [list(t) for t in cols]}, "prime": DEFAULT_PRIME,
        "generic": False})
    if r < U:
        if net.T ** net.N <= DENSE_ENTRIES:
            why = (f"the minor comes from the whole matricization (rank {r} modulo p): this weight setting does not "
                   f"reach the architecture's sep-recursion bound {U} (it is not generic, or the bound is loose)")
        else:
            why = (f"the witness minor does not reach the sep-recursion bound {U}: the rank lies in [{r}, {U}] (the "
                   f"bound may be loose; the randomized search uses at most {MAX_CANDIDATES} candidates"
                   + (", fewer than this bound needs, so it proves only a lower bound)"
                      if 2 * U + 8 > MAX_CANDIDATES else ")"))
        return StructuredRank((r, U), "Q", "lower-bound", "gc-minor", lower, r, U, part, time.perf_counter() - start,
                              why)
    cert = Certificate(
        "bundle",
        f"GC ConvAC N={net.N}, M={net.M}, layers {_layers_text(net.layers)}: rank [A]_{{I,J}} = {r} for this weight "
        f"setting, I={list(part.rows)} (0-based; a non-singular minor and the sep-recursion bound).",
        status="exact",
        data={"parts": [lower, gc_sep_certificate(net, part)],
              "relations": [{"left": {"ref": "parts[0].r"}, "op": "==", "right": {"ref": "parts[1].bound"}},
                            {"left": {"ref": "parts[0].partition"}, "op": "same", "right": {"ref": "parts[1].partition"}},
                            {"left": {"ref": "parts[0].architecture"}, "op": "same",
                             "right": {"ref": "parts[1].architecture"}},
                            {"left": {"ref": "parts[0].T"}, "op": "==", "right": {"ref": "parts[1].T"}}],
              "conclusion": {"rank": r}, "derivation": {"rank": {"ref": "parts[0].r"}}})
    return StructuredRank(r, "Q", "exact", "gc-minor", cert, r, U, part, time.perf_counter() - start)


def gc_generic_rank(input_shape: Any, M: int, layers: Sequence[Any], partition: Any, *, shared: bool = True,
                    seeds: Sequence[int] = (0, 1, 2), output: int = 0, certify: bool = False) -> StructuredRank:
    """Generic rank of ``[A]_{I,J}`` for a GC ConvAC architecture: best witness minor vs :func:`gc_sep_bound`.

    Witnesses: random integer weights in [-20, 20] (``seeds``).  ``certify=True`` attaches the witness
    minor as a ``gc-rank-lower-bound`` certificate (when that checker kind is available).

    >>> g = gc_generic_rank((4,), 3, [(2, 1, 2), (3, 1, 1)], "left-right", certify=True)
    >>> g.rank, g.certificate.check().facts["conclusion"]["generic_rank"]
    (2, 2)
    """
    start = time.perf_counter()
    M = as_positive_int(M, "M")
    best = None
    U = None
    part = None
    for s in seeds:
        net = GCConvAC.random(tuple(input_shape) if not isinstance(input_shape, int) else (input_shape,), M, layers,
                              seed=s, shared=shared, low=-20, high=20)
        if part is None:
            part = gc_partition(partition, net.input_shape)
            U = gc_sep_bound(net, part)
        r, rows, cols = gc_rank_lower(net, part, output, target=U, seed=s, max_candidates=MAX_CANDIDATES)
        if best is None or r > best[0]:
            best = (r, rows, cols, net, s)
        if r >= U:
            break
    assert best is not None and U is not None and part is not None
    r, rows, cols, net, s = best
    cert = None
    if certify and r:
        space = "both" if shared else "unshared"
        lower = _gc_lower_certificate(net, part, rows, cols, output, space, DEFAULT_PRIME)
        cert = lower
        if lower is not None and r == U:
            upper = gc_sep_certificate(net, part)
            cert = Certificate(
                "bundle",
                f"For almost every weight setting of the {'shared' if shared else 'unshared'} weight space of the GC "
                f"ConvAC N={net.N}, M={M}, layers {_layers_text(layers)}: rank [A]_{{I,J}} = {r} for I={list(part.rows)} "
                "(0-based modes): a witness minor and the sep-recursion bound.",
                status="almost-everywhere",
                data={"parts": [lower, upper],
                      "relations": [
                          {"left": {"ref": "parts[0].r"}, "op": "==", "right": {"ref": "parts[1].bound"}},
                          {"left": {"ref": "parts[0].generic"}, "op": "==", "right": True},
                          {"left": {"ref": "parts[0].partition"}, "op": "same", "right": {"ref": "parts[1].partition"}},
                          {"left": {"ref": "parts[0].architecture"}, "op": "same",
                           "right": {"ref": "parts[1].architecture"}},
                          {"left": {"ref": "parts[0].T"}, "op": "==", "right": {"ref": "parts[1].T"}}],
                      "conclusion": {"generic_rank": r},
                      "derivation": {"generic_rank": {"ref": "parts[0].r"}}})
    if r == U:
        return StructuredRank(r, "Q", "almost-everywhere", "gc-minor", cert, r, U, part, time.perf_counter() - start,
                              f"witness seed {s}; upper bound sep-recursion")
    return StructuredRank((r, U), "Q", "lower-bound", "gc-minor", cert, r, U, part, time.perf_counter() - start,
                          f"best witness seed {s}; the sep-recursion bound {U} is not reached: the generic rank lies in "
                          f"[{r}, {U}] (the bound may be loose"
                          + ("; the randomized minor search is capped at "
                             f"{MAX_CANDIDATES} candidates, fewer than this bound needs, so it proves only a lower bound)"
                             if 2 * U + 8 > MAX_CANDIDATES and net.T ** net.N > DENSE_ENTRIES else ")"))


# ============================================================================ studies
@dataclass(frozen=True)
class OverlapRow:
    """One row of an overlap study."""

    N: int
    variant: str
    layers: str
    overlapping: bool
    params: int
    rank: Any
    status: str
    upper: int
    width_to_match: int | None
    params_to_match: int | None

    def to_dict(self) -> dict:
        return {"N": self.N, "variant": self.variant, "layers": self.layers, "overlapping": self.overlapping,
                "params": self.params, "rank": self.rank if isinstance(self.rank, int) else list(self.rank),
                "status": self.status, "upper": self.upper, "width_to_match": self.width_to_match,
                "params_to_match": self.params_to_match}


def _layers_text(layers: Sequence[Any]) -> str:
    ls = [GCLayer.coerce(v) for v in layers]

    def fmt(v):
        return "x".join(str(a) for a in v) if isinstance(v, tuple) else str(v)

    parts, k = [], 0
    while k < len(ls):
        j = k
        while j + 1 < len(ls) and ls[j + 1] == ls[k]:
            j += 1
        t = f"({fmt(ls[k].receptive_field)},{fmt(ls[k].stride)},{ls[k].channels})"
        parts.append(t + (f"x{j - k + 1}" if j > k else ""))
        k = j + 1
    return " ".join(parts)


def non_overlapping_width_to_match(N: int, M: int, target: int, partition: Any = "low-high",
                                   max_width: int = 4096) -> tuple[int | None, int | None]:
    """Smallest width r (all levels, binary tree) a non-overlapping ConvAC needs to reach rank ``target``.

    Every smaller width has a structural upper bound (valid for every weight setting) below ``target``, so
    ``r`` is a certified *necessary* width; when the skeleton route fits, a witness at width r is checked to
    reach the target (else the next widths are tried).  Returns ``(r, weights of the shared GC net (2,2,r) x log2 N)``, or
    ``(None, None)`` when no width up to ``max_width`` suffices (e.g. the target exceeds M^(N/2)).

    >>> non_overlapping_width_to_match(8, 2, 16)  # (2,2,16) x 3: 2*16*2 + 2*(2*16*16) + 16 weights
    (16, 1104)
    """
    from .bounds import structural_bounds

    tree = PoolingTree.binary(N)
    part = gc_partition(partition, (N,))
    for r in range(1, max_width + 1):
        ws = (r,) * tree.height
        if min(structural_bounds(tree, M, ws, part).values()) < target:
            continue
        try:
            res = structured_rank(tree, part, M=M, widths=ws, shared=False, certify=False)
            if res.lower < target:
                continue
        except ResourceLimitError:
            pass  # too large to confirm: r is still the smallest width not excluded by the structural bound
        return r, _tree_gc_params(N, M, r)
    return None, None


def _tree_gc_params(N: int, M: int, r: int) -> int:
    """Weights of the shared non-overlapping GC network (2,2,r) x log2 N (window-offset-dependent weights)."""
    L = N.bit_length() - 1
    return 2 * r * M + (L - 1) * 2 * r * r + r


def overlap_study(Ns: Sequence[int] = (4, 8), M: int = 2, r: int = 2, partition: str = "left-right",
                  variants: Sequence[str] = ("non-overlapping", "overlapping", "same-size"),
                  match: bool = True) -> list[OverlapRow]:
    """Overlapping vs non-overlapping GC ConvACs of comparable size, for each N (a power of 2).

    Variants: ``"non-overlapping"`` = ``(2,2,r)`` x log2 N (the binary tree); ``"overlapping"`` = ``(2,1,r)``
    x (N-1) (every layer stride 1, theory.md §4.4); ``"same-size"`` = the non-overlapping tree with the largest
    width whose weight count does not exceed the overlapping network's (comparable size); ``"overlap-3"`` =
    ``(3,1,r)`` then stride-2 / stride-1 pairs down to one position.  Each row: parameters (shared), generic rank (``almost-everywhere`` when the
    witness reaches :func:`gc_sep_bound`), and for overlapping rows the width a non-overlapping network
    needs to reach the same rank (with its parameter count).

    >>> rows = overlap_study((8,), 2, 2)
    >>> [(row.variant, row.params, row.rank, row.width_to_match) for row in rows]
    [('non-overlapping', 26, 2, None), ('overlapping', 58, 16, 16), ('same-size', 51, 3, None)]
    """
    M = as_positive_int(M, "M")
    r = as_positive_int(r, "r")
    out = []
    for N in Ns:
        N = as_positive_int(N, "N")
        L = N.bit_length() - 1
        if N < 2 or 2 ** L != N:
            raise InvalidArgumentError(f"Argument 'Ns' must hold powers of 2 >= 2, not {N}")
        for v in variants:
            if v == "non-overlapping":
                layers = [(2, 2, r)] * L
            elif v == "overlapping":
                layers = [(2, 1, r)] * (N - 1)
            elif v == "same-size":
                budget = GCConvAC.random((N,), M, [(2, 1, r)] * (N - 1)).num_parameters()
                w_same = r
                while _tree_gc_params(N, M, w_same + 1) <= budget:
                    w_same += 1
                layers = [(2, 2, w_same)] * L
            elif v == "overlap-3":
                if N < 4:
                    continue
                layers = [(3, 1, r)]
                n = N - 2
                while n > 1:
                    if n % 2:
                        layers.append((2, 1, r))
                        n -= 1
                    else:
                        layers.append((2, 2, r))
                        n //= 2
            else:
                raise InvalidArgumentError(f"Argument 'variants' must hold 'non-overlapping', 'overlapping', "
                                           f"'same-size' or 'overlap-3', not {v!r}")
            res = gc_generic_rank((N,), M, layers, partition)
            net = GCConvAC.random((N,), M, layers)
            overlapping = net.is_overlapping()
            w = p = None
            if match and overlapping:
                w, p = non_overlapping_width_to_match(N, M, res.lower, partition)
            out.append(OverlapRow(N, v, _layers_text(layers), overlapping, net.num_parameters(), res.rank, res.status,
                                  res.upper, w, p))
    return out


def overlap_plot_series(rows: Sequence[OverlapRow]) -> dict:
    """``{variant: [(N, lower, upper), ...]}``: what :func:`plot_overlap_study` draws (lower == upper when pinned).

    >>> overlap_plot_series([OverlapRow(8, "a", "(2,2,2)x3", False, 26, (8, 16), "lower-bound", 16, None, None)])
    {'a': [(8, 8, 16)]}
    """
    out: dict = {}
    for row in rows:
        lo, hi = (row.rank, row.rank) if isinstance(row.rank, int) else (row.rank[0], row.rank[1])
        out.setdefault(row.variant, []).append((row.N, lo, hi))
    return {v: sorted(pts) for v, pts in sorted(out.items())}


def plot_overlap_study(rows: Sequence[OverlapRow], path: Any, partition: str = "left-right") -> Any:
    """Plot rank (log scale) against N for each variant; matplotlib is imported here (lazily).  Returns the path.

    Pinned ranks are points; a row whose rank is only bracketed (status ``"lower-bound"``) is drawn at its
    certified lower bound with a dashed bar up to the structural upper bound and marked in the legend.
    The x ticks are the N values of the study.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(5.5, 3.8))
    series = overlap_plot_series(rows)
    for v, pts in series.items():
        bracketed = any(lo != hi for _, lo, hi in pts)
        line, = ax.plot([n for n, _, _ in pts], [lo for _, lo, _ in pts], marker="o",
                        label=v + (" (lower bound; bar = upper)" if bracketed else ""))
        for n, lo, hi in pts:
            if lo != hi:
                ax.plot([n, n], [lo, hi], linestyle="--", color=line.get_color(), alpha=0.6)
                ax.plot([n], [hi], marker="v", color=line.get_color(), alpha=0.6)
    Ns = sorted({row.N for row in rows})
    ax.set_xscale("log", base=2)
    ax.set_xticks(Ns)
    ax.set_xticklabels([str(n) for n in Ns])
    ax.set_xlabel("N (inputs)")
    ax.set_ylabel(f"generic rank of [A] ({partition})")
    ax.set_yscale("log", base=2)
    ax.legend(fontsize=8)
    ax.grid(True, alpha=0.3)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path
