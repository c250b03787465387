r"""Overlap studies: generic matricization ranks of overlapping vs non-overlapping GC ConvACs.

**Modes are 0-based** (``"left-right"`` / ``"low-high"``: rows {0..N/2-1}).

* :func:`gc_sep_bound`: an upper bound on ``rank [A]_{I,J}`` valid for **every** weight setting of a GC
  ConvAC architecture (rule ``sep-recursion``): a node whose receptive inputs lie on one side of the
  partition has separation rank 1; a product of factors multiplies the bounds (``rank (X o Y) <= rank X
  rank Y`` for the Hadamard products of matricizations); a linear combination of C channels has at most
  C times the channels' bound; every bound is capped by ``T^{min(|I cap rf|, |J cap rf|)}`` (the size of
  the node's own matricization).  For non-overlapping networks this is the foundation's top-split bound.
* :func:`gc_cut_bound`: a sharper upper bound for every weight setting (rule ``cut-recursion``): the
  minimum cut of the network unfolded into a tree (every node copied once per path to the output, inputs
  joined by copy tensors), computed bottom-up on the network's DAG with the rank bounds of the two
  matricizations of each node's channel vector (channels grouped with the rows or with the columns);
  never above :func:`gc_sep_bound` (docs/geometry.md, "The cut recursion").
* :func:`gc_rank_lower`: a non-singular minor of ``[grid]_{I,J}`` of one network, found mod ``2^31 - 1``
  (dense when the grid tensor is small, else a randomized search over candidate multi-indices whose
  entries are single network evaluations, ``GCConvAC.grid_entries``).
* :func:`gc_generic_rank`: the generic rank of an architecture (witness minor + ``cut-recursion``),
  ``"almost-everywhere"`` when they meet, else ``"lower-bound"``.
* :func:`overlap_study`: a table of comparisons, with parameter counts and the
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

from ..core.certificate import Certificate as CertificateV2
from ..core._modular import profile_flint
from ..core.rational import as_positive_int
from ..errors import BudgetExceededError, InvalidArgumentError, ResourceLimitError
from ..networks.circuits import gc_ties, to_circuit
from ..networks.gcconvac import GCConvAC, GCLayer
from ..tensors import Partition, PoolingTree, as_partition
from ._lower import DEFAULT_PRIME
from .structured import StructuredRank, structured_rank

__all__ = ["gc_network_rank", "gc_sep_bound", "gc_sep_certificate", "SEP_ARGUMENT", "gc_cut_bound",
           "gc_cut_certificate", "CUT_ARGUMENT", "gc_rank_lower", "gc_generic_rank", "OverlapRow", "overlap_study",
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


def _cut_recursion(N: int, T: int, M: int, channels: Sequence[int], reads: Sequence[Sequence[Sequence[int]]],
                   rows: set) -> int:
    """The ``cut-recursion`` bound (see :func:`gc_cut_bound`) from the bare geometry: ``reads[l][j]`` = the
    positions of layer l-1 (inputs for l = 0) read by position j of layer l."""
    mI = mJ = 0
    for i in range(N):
        if i in rows:
            mI |= 1 << i
        else:
            mJ |= 1 << i
    # state per node: (receptive-field bitmask, rho_I, rho_J, s)
    #   rho_I: rank of the node's channel vector matricized with the channels beside the rows, (t_I, g) x t_J
    #   rho_J: the same with the channels beside the columns, t_I x (t_J, g); s: max separation rank of a channel
    q = min(T, M)  # an input's M functions: one side has rank 1, the other rank <= min(T, M)
    st = [(1 << i, 1, q, 1) if i in rows else (1 << i, q, 1, 1) for i in range(N)]
    c_prev = M
    for C, per in zip(channels, reads):
        w = min(C, c_prev)  # rank of a window matrix (C x c_prev)
        new = []
        for window in per:
            rf = 0
            pI = pJ = ps = 1
            for p in window:
                m, rI, rJ, s = st[p]
                rf |= m
                pI *= min(rI, w * rJ)  # factor on the rows' side: as it is, or moved across its matrix (rank <= w)
                pJ *= min(rJ, w * rI)
                ps *= min(c_prev * s, rI, rJ)  # one linear form of the child's channels
            nI, nJ = (rf & mI).bit_count(), (rf & mJ).bit_count()
            rI = min(pI, C * ps, C * T ** nI, T ** nJ)
            rJ = min(pJ, C * ps, T ** nI, C * T ** nJ)
            s = min(ps, rI, rJ, T ** min(nI, nJ))
            new.append((rf, min(rI, C * s), min(rJ, C * s), s))
        st, c_prev = new, C
    if len(st) != 1:
        raise InvalidArgumentError(f"Argument 'net' must end in one position, not {len(st)}")
    _, rI, rJ, s = st[0]
    return min(rI, rJ, c_prev * s)


def _cut_search(net: GCConvAC, part: Partition, max_rounds: int = 6) -> tuple[int, list[int]]:
    """``(bound, flips)``: the cut recursion on ``I xor flips`` times ``T^|flips|``, minimized greedily.

    Moving one input across the partition changes the rank by a factor <= T (the matricization's rows
    split into T blocks that become columns), i.e. cutting the edge between the input's open index and its
    copy tensor; it pays when an input is read by several windows on the other side.  Candidates: inputs
    that share a layer-0 window with an input of the other side."""
    reads = [[net.reads(l, j) for j in range(net.num_positions(l))] for l in range(net.num_layers)]
    T = net.T

    def value(rows: set, flips: set) -> int:
        return T ** len(flips) * _cut_recursion(net.N, T, net.M, net.channels, reads, rows)

    rows0 = set(part.rows)
    flips: set = set()
    best = value(rows0, flips)
    for _ in range(max_rounds):
        rows = rows0 ^ flips
        cands = sorted({i for window in reads[0] for i in window
                        if any((k in rows) != (i in rows) for k in window)} | flips)
        step = None
        for i in cands:
            f2 = flips ^ {i}
            r2 = rows0 ^ f2
            if not r2 or len(r2) == net.N:
                continue
            v = value(r2, f2)
            if v < best:
                best, step = v, f2
        if step is None:
            break
        flips = step
    return best, sorted(flips)


def gc_cut_bound(net: GCConvAC, partition: Any) -> int:
    """Upper bound on ``rank [A]_{I,J}`` for every weight setting of ``net``'s architecture (``cut-recursion``).

    For every node (layer l, position j) and its channel vector ``y(g)`` the recursion bounds
    ``rho_I`` = rank of ``[y]_{(I, g), J}`` and ``rho_J`` = rank of ``[y]_{I, (J, g)}`` (channels grouped with
    the rows, resp. the columns) and ``s`` = the largest separation rank of one channel.  A window's k-th
    factor ``z_k(g) = <W_k[g, :], y_k>`` has ``rank [z_k]_{(I, g), J} <= min(rho_I(y_k), w rho_J(y_k))``
    (w = rank bound of the matrix W_k, ``min(C_l, C_(l-1))``: the factor's channel index can be carried
    across W_k); the product of the factors is their Hadamard product, so the ranks multiply.  Also
    ``rho <= C s``, ``s <= rho`` and every value is capped by the size of the node's matricization.  It is
    the minimum cut of the network unfolded into a tree (an input read by several windows is a copy tensor
    on its template index), and it is never above :func:`gc_sep_bound`.  Inputs may be moved across the
    partition at a factor T each (``flips``, chosen greedily; see the certificate).  **Modes are 0-based.**

    >>> from exactnet.networks.gcconvac import GCConvAC
    >>> net = GCConvAC.random((64,), 4, [(3, 1, 2), (2, 2, 2), (31, 31, 2)])
    >>> gc_cut_bound(net, "low-high"), gc_sep_bound(net, "low-high")
    (8, 16)
    """
    if not isinstance(net, GCConvAC):
        raise InvalidArgumentError(f"Argument 'net' must be a GCConvAC, not {type(net).__name__}")
    return _cut_search(net, gc_partition(partition, net.input_shape))[0]


def gc_rank_lower(net: GCConvAC, partition: Any, output: int = 0, *, prime: int = DEFAULT_PRIME,
                  target: int | None = None, seed: int = 0,
                  max_candidates: int = MAX_CANDIDATES) -> tuple[int, list[tuple], list[tuple]]:
    """``(r, rows, cols)``: a minor of ``[grid]_{I,J}`` non-singular mod ``prime`` (so ``rank >= r`` over Q).

    Dense when ``T^N <= DENSE_ENTRIES``; otherwise candidate row and column multi-indices are drawn at
    random (``min(T^|I|, 2 target + 8, max_candidates)`` of them, ``target`` defaulting to
    :func:`gc_cut_bound`) and the candidate submatrix is evaluated modulo p with
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
        target = gc_cut_bound(net, part)
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


def _gc_circuit_object(net: GCConvAC, part: Partition, output: int) -> dict:
    """The ``matricization_rank`` object of ``[A^output]_{I,J}``: the network's template circuit, output, row modes."""
    return {"circuit": to_circuit(net).source, "output": int(output), "rows": [int(m) for m in part.rows]}


def _generic_object(net: GCConvAC, part: Partition, output: int, shared: bool) -> dict:
    obj = _gc_circuit_object(net, part, output)
    nodes = [{k: v for k, v in n.items() if k != "matrix"} | ({"shape": n["matrix"]["shape"]} if "matrix" in n else {})
             for n in obj["circuit"]["nodes"]]
    arch = {"inputs": obj["circuit"]["inputs"], "nodes": nodes, "output": obj["circuit"]["output"]}
    return {"architecture": arch, "ties": gc_ties(net) if shared else [], "output": obj["output"], "rows": obj["rows"]}


def _node(quantity: str, obj: dict, relation: str, value: int, evidence: dict) -> dict:
    return {"proposition": {"quantity": quantity, "object": obj, "relation": relation, "value": int(value),
                            "field": "Q"}, "evidence": evidence}


def _cert(node: dict) -> CertificateV2:
    return CertificateV2(node["proposition"], node["evidence"])


def _minor_node(net: GCConvAC, part: Partition, rows, cols, output: int, prime: int) -> dict:
    """``matricization_rank(circuit, output, I) >= r`` by the r x r minor at these multi-indices (method minor-entries)."""
    return _node("matricization_rank", _gc_circuit_object(net, part, output), ">=", len(rows),
                 {"method": "minor-entries", "rows": [[int(t) for t in a] for a in rows],
                  "cols": [[int(t) for t in b] for b in cols], "prime": str(int(prime))})


def _gc_lower_certificate(net: GCConvAC, part: Partition, rows, cols, output: int, shared: bool,
                          prime: int) -> CertificateV2:
    """``generic_matricization_rank >= r`` for the (shared or unshared) weight space of the network's architecture,
    by the rule ``generic-rank-from-witness`` on the witness minor (a shared witness is a point of both spaces)."""
    witness = _minor_node(net, part, rows, cols, output, prime)
    return _cert(_node("generic_matricization_rank", _generic_object(net, part, output, shared), ">=", len(rows),
                       {"rule": "generic-rank-from-witness", "premises": [witness],
                        "params": {"ties": gc_ties(net) if shared else []}}))


SEP_ARGUMENT = (
    "Separation ranks over the partition (I, J), on grid tensors: a node whose receptive inputs lie on one side "
    "has rank 1; a window product of factors has rank <= the product of theirs (Hadamard product of "
    "matricizations); a linear combination of C channels has rank <= C times theirs; every value is capped by "
    "T^min(|I cap rf|, |J cap rf|), the size of the node's own matricization.  The output is a combination of the "
    "last layer's channels.  Valid for every weight setting of the architecture."
)


def gc_sep_certificate(net: GCConvAC, partition: Any, output: int = 0, *, about: str = "architecture") -> CertificateV2:
    """``rank [A^output]_{I,J} <= U`` by the method ``sep-recursion`` (valid for every weight setting).

    ``about="architecture"``: stated of the generic rank of the network's architecture (its weight space:
    shared if the network shares weights); ``"network"``: of this network's matricization.

    >>> from exactnet.networks.gcconvac import GCConvAC
    >>> gc_sep_certificate(GCConvAC.random((8,), 2, [(2, 2, 2)] * 3), "left-right").check().facts["value"]
    2
    """
    part = gc_partition(partition, net.input_shape)
    return _cert(_bound_node(net, part, output, about, gc_sep_bound(net, part), {"method": "sep-recursion"}))


def _bound_node(net: GCConvAC, part: Partition, output: int, about: str, U: int, evidence: dict) -> dict:
    if about == "network":
        return _node("matricization_rank", _gc_circuit_object(net, part, output), "<=", U, evidence)
    if about != "architecture":
        raise InvalidArgumentError(f"Argument 'about' must be \"architecture\" or \"network\", not {about!r}")
    return _node("generic_matricization_rank", _generic_object(net, part, output, net.shared), "<=", U, evidence)


CUT_ARGUMENT = (
    "Rank recursion over the partition (I, J), on grid tensors, for the channel vector y(g) of every node: rho_I = "
    "rank [y]_{(I,g),J}, rho_J = rank [y]_{I,(J,g)}, s = the largest separation rank of one channel.  An input "
    "(its M functions) has rank 1 on its own side and <= min(T, M) on the other.  A window factor z_k(g) = "
    "<W_k[g,:], y_k> has rank [z_k]_{(I,g),J} <= min(rho_I(y_k), w rho_J(y_k)) with w = min(C_l, C_(l-1)) >= rank W_k "
    "(likewise for J) and separation rank <= min(C_(l-1) s(y_k), rho_I(y_k), rho_J(y_k)); the window product is "
    "the Hadamard product of the factors' matricizations, so these multiply; rho <= C_l s, s <= rho, and every "
    "value is capped by the size of the node's matricization (T^|I cap rf|, T^|J cap rf|, times C_l on the side "
    "of the channels).  The output is a combination of the last layer's channels: rank <= min(rho_I, rho_J, "
    "C s).  This is the minimum cut of the network unfolded into a tree with copy tensors at the inputs.  Inputs "
    "listed in flips are first moved across the partition: moving one input changes the rank by a factor <= T (T "
    "row blocks become column blocks), so the bound is T^|flips| times the recursion on the moved partition.  "
    "Valid for every weight setting of the architecture."
)


def gc_cut_certificate(net: GCConvAC, partition: Any, output: int = 0, *, about: str = "architecture") -> CertificateV2:
    """``rank [A^output]_{I,J} <= U`` by the method ``cut-recursion`` (every weight setting; ``about`` as in
    :func:`gc_sep_certificate`); ``flips``: the inputs moved across the partition first.

    >>> from exactnet.networks.gcconvac import GCConvAC
    >>> net = GCConvAC.random((64,), 4, [(3, 1, 2), (2, 2, 2), (31, 31, 2)])
    >>> gc_cut_certificate(net, "low-high").check().facts["value"]
    8
    """
    part = gc_partition(partition, net.input_shape)
    U, flips = _cut_search(net, part)
    return _cert(_bound_node(net, part, output, about, U, {"method": "cut-recursion", "flips": sorted(int(f) for f in flips)}))


#: Candidate rows / columns the escalated minor search may use (a multiple of MAX_CANDIDATES, read at call time).
EXTENDED_FACTOR = 4
#: Default wall-clock budget (seconds) of the escalated minor search of one rank computation.
TIME_BUDGET = 8.0


def _best_minor(net: GCConvAC, part: Partition, output: int, U: int, seed: int, deadline: float,
                best: tuple | None = None) -> tuple:
    """``(r, rows, cols)``: :func:`gc_rank_lower`, then, while below ``U`` and before ``deadline``, escalated
    searches (other seeds, up to ``EXTENDED_FACTOR * MAX_CANDIDATES`` candidates); the largest minor wins."""
    t0 = time.perf_counter()
    r, rows, cols = gc_rank_lower(net, part, output, target=U, seed=seed, max_candidates=MAX_CANDIDATES)
    cand = best if best is not None and best[0] >= r else (r, rows, cols)
    if cand[0] >= U or net.T ** net.N <= DENSE_ENTRIES:  # the dense route is the whole matricization
        return cand
    width = min(2 * U + 8, MAX_CANDIDATES)
    spent = time.perf_counter() - t0
    cap = EXTENDED_FACTOR * MAX_CANDIDATES
    k = 1
    while cand[0] < U:
        nxt = min(max(2 * width, 2 * U + 8), cap)
        estimate = 1.5 * spent * (nxt / max(width, 1)) ** 2  # the minor costs ~ candidates^2 (with margin)
        if time.perf_counter() + estimate > deadline:
            break
        t1 = time.perf_counter()
        r, rows, cols = gc_rank_lower(net, part, output, target=max(U, (nxt - 8) // 2), seed=seed + 1000 * k,
                                      max_candidates=nxt)
        spent, width, k = time.perf_counter() - t1, nxt, k + 1
        if r > cand[0]:
            cand = (r, rows, cols)
        if nxt == cap and k > 3:
            break
    return cand


def gc_network_rank(net: GCConvAC, partition: Any, output: int = 0, *,
                    time_budget: float = TIME_BUDGET) -> StructuredRank:
    """The rank of ``[grid]_{I,J}`` of **this** GC network: witness minor vs :func:`gc_cut_bound`.

    Status ``"exact"`` (rule ``equal-from-lower-and-upper`` on the witness minor, method ``minor-entries``, and
    the ``cut-recursion`` bound) when they meet,
    else ``"lower-bound"`` with ``rank = (lower, upper)``.  When the first randomized search stays below
    the bound, larger searches (other seeds, more candidates) run while ``time_budget`` seconds last.

    >>> net = GCConvAC.random((8,), 2, [(2, 2, 2)] * 3, seed=1, low=-20, high=20)
    >>> s = gc_network_rank(net, "left-right")
    >>> s.rank, s.status, s.certificate.check().facts["value"]
    (2, 'exact', 2)
    """
    start = time.perf_counter()
    part = gc_partition(partition, net.input_shape)
    U = gc_cut_bound(net, part)
    r, rows, cols = _best_minor(net, part, output, U, 0, start + float(time_budget))
    if r == 0:
        return StructuredRank((0, U), "Q", "lower-bound", "gc-minor", None, 0, U, part, time.perf_counter() - start)
    lower_node = _minor_node(net, part, rows, cols, output, DEFAULT_PRIME)
    lower = _cert(lower_node)
    if r < U:
        if net.T ** net.N <= DENSE_ENTRIES:
            why = (f"the minor comes from the whole matricization (rank {r} modulo p): this weight setting does not "
                   f"reach the architecture's cut-recursion bound {U} (it is not generic, or the bound is loose)")
        else:
            cap = EXTENDED_FACTOR * MAX_CANDIDATES
            why = (f"the witness minor does not reach the cut-recursion bound {U}: the rank lies in [{r}, {U}] (the "
                   f"bound may be loose, or these weights are degenerate, e.g. zero weights; the randomized search "
                   f"uses at most {cap} candidates within {time_budget:g} s"
                   + (", fewer than this bound needs, so it proves only a lower bound)" if 2 * U + 8 > cap else ")"))
        return StructuredRank((r, U), "Q", "lower-bound", "gc-minor", lower, r, U, part, time.perf_counter() - start,
                              why)
    upper = gc_cut_certificate(net, part, output, about="network")
    cert = _cert(_node("matricization_rank", lower_node["proposition"]["object"], "=", r,
                       {"rule": "equal-from-lower-and-upper",
                        "premises": [lower_node, {"proposition": upper.proposition, "evidence": upper.evidence}]}))
    return StructuredRank(r, "Q", "exact", "gc-minor", cert, r, U, part, time.perf_counter() - start)


def gc_generic_rank(input_shape: Any, M: int, layers: Sequence[Any], partition: Any, *, shared: bool = True,
                    seeds: Sequence[int] = (0, 1, 2), output: int = 0, certify: bool = False,
                    time_budget: float = TIME_BUDGET) -> StructuredRank:
    """Generic rank of ``[A]_{I,J}`` for a GC ConvAC architecture: best witness minor vs :func:`gc_cut_bound`.

    Witnesses: random integer weights in [-20, 20] (``seeds``); if none reaches the bound, witnesses with
    weights in [1, 20] (no zero weights, which make identity-representation grid tensors sparse) and larger
    minor searches are tried while ``time_budget`` seconds last.  ``certify=True`` attaches the witness
    minor (rule ``generic-rank-from-witness``), combined with the ``cut-recursion`` bound by the rule
    ``equal-from-lower-and-upper`` when they meet.

    >>> g = gc_generic_rank((4,), 3, [(2, 1, 2), (3, 1, 1)], "left-right", certify=True)
    >>> g.rank, g.certificate.check().facts["value"], g.certificate.status
    (2, 2, 'almost-everywhere')
    """
    start = time.perf_counter()
    deadline = start + float(time_budget)
    M = as_positive_int(M, "M")
    shape = tuple(input_shape) if not isinstance(input_shape, int) else (input_shape,)
    best = None
    U = None
    part = None
    tries = [(s, -20) for s in seeds] + [(s, 1) for s in seeds]
    for n_try, (s, low) in enumerate(tries):
        if n_try >= len(seeds) and (time.perf_counter() > deadline or (best is not None and best[0] >= U)):
            break
        net = GCConvAC.random(shape, M, layers, seed=s, shared=shared, low=low, high=20)
        if part is None:
            part = gc_partition(partition, net.input_shape)
            U = gc_cut_bound(net, part)
        if n_try < len(seeds):
            r, rows, cols = gc_rank_lower(net, part, output, target=U, seed=s, max_candidates=MAX_CANDIDATES)
        else:
            r, rows, cols = _best_minor(net, part, output, U, s, deadline)
        if best is None or r > best[0]:
            best = (r, rows, cols, net, s, low)
        if r >= U:
            break
    assert best is not None and U is not None and part is not None
    r, rows, cols, net, s, low = best
    seed_text = f"seed {s}" + (", weights in [1, 20]" if low == 1 else "")
    cert = None
    if certify and r:
        lower = _gc_lower_certificate(net, part, rows, cols, output, shared, DEFAULT_PRIME)
        cert = lower
        if r == U:
            upper = gc_cut_certificate(net, part, output)
            cert = _cert(_node("generic_matricization_rank", lower.proposition["object"], "=", r,
                               {"rule": "equal-from-lower-and-upper",
                                "premises": [{"proposition": c.proposition, "evidence": c.evidence}
                                             for c in (lower, upper)]}))
    if r == U:
        return StructuredRank(r, "Q", "almost-everywhere", "gc-minor", cert, r, U, part, time.perf_counter() - start,
                              f"witness {seed_text}; upper bound cut-recursion")
    cap = EXTENDED_FACTOR * MAX_CANDIDATES
    return StructuredRank((r, U), "Q", "lower-bound", "gc-minor", cert, r, U, part, time.perf_counter() - start,
                          f"best witness {seed_text}; the cut-recursion bound {U} is not reached: the generic rank lies "
                          f"in [{r}, {U}] (the bound may be loose"
                          + ("; the randomized minor search is capped at "
                             f"{cap} candidates, fewer than this bound needs, so it proves only a lower bound)"
                             if 2 * U + 8 > cap and net.T ** net.N > DENSE_ENTRIES else ")"))


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
        except BudgetExceededError:  # a time budget is not a size refusal: it stops the run
            raise
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
    x (N-1) (every layer stride 1); ``"same-size"`` = the non-overlapping tree with the largest
    width whose weight count does not exceed the overlapping network's (comparable size); ``"overlap-3"`` =
    ``(3,1,r)`` then stride-2 / stride-1 pairs down to one position.  Each row: parameters (shared), generic rank (``almost-everywhere`` when the
    witness reaches :func:`gc_cut_bound`), and for overlapping rows the width a non-overlapping network
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
