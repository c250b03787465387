r"""Ranks of tensor trains (TT / recurrent multiplicative networks), certified, and TT vs HT vs CP comparisons.

**Modes are 0-based.**  For the family of TTs with mode sizes n_0..n_{d-1} and ranks r_1..r_{d-1}
(:class:`~exactnet.tensors.TTDecomposition`):

* **Structural upper bound** (:func:`tt_cut_bound`): put every core on one side of the partition
  (I, J); the tensor is a contraction of the two groups over the bonds between cores on different
  sides, and a core on the other side from its mode contributes its mode size.  So
  ``rank [A]_{I,J} <= prod_{cut bonds} r_k * prod_{misplaced cores} n_k`` for every choice of sides;
  the bound is the minimum over the 2^d choices, found exactly by dynamic programming along the train
  (linear in d, any d).  For the contiguous split at bond k it is ``min(r_k, n^k, n^(d-k))`` when
  the other ranks are large enough; in general it is the minimum cut of the path.
* **Witness** (:func:`tt_generic_rank`): integer cores; the TT is turned into the equal deep ConvAC over
  the caterpillar tree (:meth:`~exactnet.networks.TTNetwork.to_deep_convac`) and the skeleton recursion
  of :func:`exactnet.theorems.structured.skeleton_minor` finds a non-singular minor without forming the
  tensor.
* **Certificates** (format version 2, checked by :mod:`exactnet.kernel`): the TT is the template circuit
  :func:`~exactnet.networks.tt.tt_circuit` (a deep ConvAC over the linear tree whose nodes have the TT's widths),
  so the witness is a ``matricization_rank >= r`` proposition of that circuit (method ``minor-entries``: the
  kernel evaluates the minor's entries with its circuit evaluator), lifted to almost every TT by the rule
  ``generic-rank-from-witness``; the cut bound is ``generic_matricization_rank <= U`` of the circuit's
  architecture by the kernel's structural ``cut-recursion`` (the misplaced cores are its ``flips``); rule
  ``equal-from-lower-and-upper`` gives the generic rank when they meet, otherwise the result is the bracket
  ``(witness rank, cut bound)`` (status ``lower-bound``).
* **CP lower bound** (:func:`tt_cp_lower_bound`): CP rank >= rank of any matricization.  Khrulkov,
  Novikov & Oseledets (ICLR 2018, arXiv:1711.00811, Theorem 1) state that for even d, a generic TT
  with all ranks r and mode size n has CP rank >= min(n, r)^{d/2}; the certified odd-even rank gives it,
  and for odd d the same argument gives min(n, r)^{floor(d/2)}, which the certified odd-even rank reaches.
* **HT tensors in TT format** (:func:`ht_unfolding_ranks`): the TT-unfolding ranks (contiguous splits) of
  the deep ConvAC (HT, product pooling) over the balanced binary tree with width r, certified with the
  existing generic-rank machinery; their maximum is r^{ceil(log2(d)/2)} (for n >= r, d a power of 2), so
  a bound of the form r^{log2(d)/2} needs a ceiling when log2 d is odd.

Examples
--------
>>> tt_cut_bound(4, 2, 2, "odd-even")[0]
4
>>> res = tt_generic_rank(4, 2, 2, "odd-even")
>>> res.value, res.status, res.check().facts["value"]
(4, 'almost-everywhere', 4)
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any, Sequence

import flint
import numpy as np

from ..core.certificate import Certificate
from ..kernel.circuit import parse_circuit
from ..kernel.overlap import cut_bound as _kernel_cut_bound
from ..errors import DomainError, InvalidArgumentError, ResourceLimitError
from ..networks import Representation, TTNetwork
from ..networks.tt import tt_circuit
from ..tensors import Partition, PoolingTree, as_partition, matricize
from ..tensors.tt import TTDecomposition, tt_parameter_count, tt_sizes, tt_to_tensor
from ._lower import PRIMES
from .structured import MAX_SKELETON_ENTRIES, skeleton_minor, structured_rank

#: The largest minor a TT rank certificate holds; up to ``MAX_ENTRY_MINOR`` rows the kernel evaluates the minor's
#: entries one by one (``minor-entries``), above it reads them from the whole grid tensor (at most
#: ``MAX_GRID_ENTRIES`` entries) that it recomputes (``minor-and-factorization`` on the tensor's matricization).
MAX_CERTIFIED_MINOR, MAX_ENTRY_MINOR, MAX_GRID_ENTRIES = 2048, 256, 1 << 22

__all__ = [
    "TTRank",
    "MAX_CERTIFIED_MINOR",
    "tt_partition",
    "tt_cut_bound",
    "tt_cut_certificate",
    "tt_lower_certificate",
    "tt_rank",
    "tt_generic_rank",
    "tt_dense_rank",
    "tt_cp_lower_bound",
    "kno_cp_bound",
    "ht_unfolding_ranks",
    "ht_to_tt_rank_formula",
    "tt_compare",
]


@dataclass(frozen=True)
class TTRank:
    """A rank of ``[A]_{I,J}`` for a TT (or the TT family): ``rank`` an int when pinned, else ``(lower, upper)``.

    ``status``: ``"exact"`` (this TT), ``"almost-everywhere"`` (generic over the family) or ``"lower-bound"``
    (bracket).  ``field`` is ``"Q"``.
    """

    rank: Any
    status: str
    lower: int
    upper: int
    partition: Partition
    sides: tuple
    certificate: Certificate | None
    field: str = "Q"
    seconds: float = 0.0
    notes: str = ""
    witness: Any = None  #: the TT whose minor is certified (None when nothing was found)

    @property
    def pinned(self) -> bool:
        return self.lower == self.upper

    @property
    def value(self) -> Any:
        """The rank when pinned, else the bracket ``(lower, upper)`` (the certificate states ``>= lower``)."""
        return self.rank

    def check(self):
        """Re-verify the certificate with the kernel; it must state this result's value (``>= lower`` for a
        bracket) with this status."""
        if self.certificate is None:
            raise DomainError("no certificate: the rank is 0 (no minor to certify)")
        report = self.certificate.check()
        if report.proposition.value != self.lower or report.proposition.status != self.status:
            raise InvalidArgumentError(f"the certificate states {report.sentence}, not {self}")
        return report

    def to_dict(self) -> dict:
        return {"rank": self.rank if self.pinned else [self.lower, self.upper], "status": self.status,
                "field": self.field, "lower": self.lower, "upper": self.upper,
                "rows": list(self.partition.rows), "cols": list(self.partition.cols), "cut_sides": list(self.sides),
                "seconds": round(self.seconds, 4), "notes": self.notes}

    def __str__(self) -> str:
        r = self.rank if self.pinned else f"in [{self.lower}, {self.upper}]"
        return f"rank {r} over Q ({self.status})"


def tt_partition(spec: Any, d: int) -> Partition:
    """A partition of d modes: a name (``odd-even``, ``low-high``, ...), ``"split:k"`` (rows 0..k-1), or rows.

    >>> tt_partition("split:3", 5).rows
    (0, 1, 2)
    >>> tt_partition("split:5", 5)
    Traceback (most recent call last):
      ...
    exactnet.errors.InvalidArgumentError: Argument 'partition' split:k needs 1 <= k <= d-1 = 4, not 'split:5'
    """
    if isinstance(spec, str) and spec.strip().lower().startswith("split:"):
        try:
            k = int(spec.split(":", 1)[1])
        except ValueError:
            k = -1
        if not 1 <= k <= d - 1:
            raise InvalidArgumentError(f"Argument 'partition' split:k needs 1 <= k <= d-1 = {d - 1}, not {spec!r}")
        return Partition.from_rows(tuple(range(k)), d)
    return as_partition(spec, d)


def tt_cut_bound(d: Any, n: Any, ranks: Any, partition: Any) -> tuple[int, tuple[int, ...]]:
    """The minimum-cut bound on ``rank [A]_{I,J}`` over every TT of these sizes, and the sides attaining it.

    Iterative dynamic programming over the cores (any d).  ``sides[k]`` is 0 (row side) or 1.

    >>> tt_cut_bound(6, 2, 3, "split:3")
    (3, (0, 0, 0, 1, 1, 1))
    >>> tt_cut_bound(300, 2, 2, "odd-even")[0] == 2 ** 150
    True
    """
    d, sizes, rs = tt_sizes(d, n, ranks)
    part = tt_partition(partition, d)
    row_set = set(part.rows)
    home = [0 if k in row_set else 1 for k in range(d)]
    # best[s] = (cost, back-pointers) for cores 0..k with core k on side s
    best = [sizes[0] if home[0] != s else 1 for s in (0, 1)]
    back: list[tuple[int, int]] = []
    for k in range(1, d):
        new = []
        ptr = []
        for s in (0, 1):
            own = sizes[k] if home[k] != s else 1
            stay = best[s]
            move = best[1 - s] * rs[k - 1]
            if stay <= move:
                new.append(stay * own)
                ptr.append(s)
            else:
                new.append(move * own)
                ptr.append(1 - s)
        back.append((ptr[0], ptr[1]))
        best = new
    s = 0 if best[0] <= best[1] else 1
    value = best[s]
    sides = [s]
    for k in range(d - 1, 0, -1):
        s = back[k - 1][s]
        sides.append(s)
    return value, tuple(reversed(sides))


def _short(modes: Sequence[int]) -> str:
    text = str(list(modes))
    return text if len(text) <= 60 else text[:57] + "...]"


def _upper_node(sizes: Sequence[int], rs: Sequence[int], part: Partition, bound: int, sides: Sequence[int], *,
                generic: bool = True, circuit: dict | None = None) -> dict:
    """``rank <= bound`` by the kernel's ``cut-recursion`` on the TT circuit (its architecture when ``generic``):
    the cores put on the other side from their mode are the method's ``flips``."""
    rows = sorted(part.rows)
    circ = circuit if circuit is not None else tt_circuit(mode_sizes=sizes, ranks=rs)
    c = parse_circuit(circ)
    home = [0 if k in set(rows) else 1 for k in range(len(sizes))]
    flips = [k for k in range(len(sizes)) if sides[k] != home[k]]
    best = None
    for cand in [flips] + [[f for f in flips if f != j] for j in flips]:  # all cores on one side: keep one home
        I = set(rows) ^ set(cand)
        if 0 < len(I) < len(sizes):
            v = math.prod(sizes[i] for i in cand) * _kernel_cut_bound(c, I)
            if best is None or v < best[0]:
                best = (v, cand)
            if v == bound:
                break
    if best is None or best[0] != bound:
        raise DomainError(f"the structural cut bound of the TT circuit does not reproduce the minimum cut {bound}")
    if generic:
        nodes = [{k: v for k, v in n.items() if k != "matrix"} | ({"shape": n["matrix"]["shape"]} if "matrix" in n else {})
                 for n in circ["nodes"]]
        obj = {"architecture": {"inputs": circ["inputs"], "nodes": nodes, "output": circ["output"]}, "ties": [],
               "output": 0, "rows": rows}
        quantity = "generic_matricization_rank"
    else:
        obj, quantity = {"circuit": circ, "output": 0, "rows": rows}, "matricization_rank"
    return {"proposition": {"quantity": quantity, "object": obj, "relation": "<=", "value": int(bound), "field": "Q"},
            "evidence": {"method": "cut-recursion", "flips": sorted(best[1])}}


def tt_cut_certificate(d: Any, n: Any, ranks: Any, partition: Any) -> Certificate:
    """``generic_matricization_rank <= U`` (every TT of these sizes; format version 2): the minimum cut, recomputed by
    the kernel's ``cut-recursion`` on the TT circuit's architecture.

    >>> tt_cut_certificate(4, 2, 2, "low-high").check().facts["value"]
    2
    """
    d, sizes, rs = tt_sizes(d, n, ranks)
    part = tt_partition(partition, d)
    bound, sides = tt_cut_bound(d, sizes, rs, part.rows)
    node = _upper_node(sizes, rs, part, bound, sides)
    return Certificate(node["proposition"], node["evidence"])


def _minor_residues(tt: TTDecomposition, part: Partition, rows: Sequence, cols: Sequence, p: int) -> np.ndarray | None:
    """The minor's entries modulo p (None when p divides a core denominator), all at once: for each core, the
    slices selected by every entry's mode index are multiplied into the running row vectors."""
    r = len(rows)
    R = np.array([list(t) for t in rows], dtype=np.int64).reshape(r, len(part.rows))
    C = np.array([list(t) for t in cols], dtype=np.int64).reshape(r, len(part.cols))
    pos = {m: (0, j) for j, m in enumerate(part.rows)}
    pos.update({m: (1, j) for j, m in enumerate(part.cols)})
    v = np.ones((r * r, 1), dtype=np.int64)
    for k, core in enumerate(tt.cores):
        if core.den % p == 0:
            return None
        inv = pow(core.den % p, -1, p)
        res = np.array([int(x) % p * inv % p for x in core.num.reshape(-1).tolist()], dtype=np.int64).reshape(core.shape)
        side, j = pos[k]
        idx = np.repeat(R[:, j], r) if side == 0 else np.tile(C[:, j], r)
        sl = res[:, idx, :]
        new = np.zeros((r * r, core.shape[2]), dtype=np.int64)
        for a in range(core.shape[0]):
            new = (new + v[:, a : a + 1] * sl[a]) % p
        v = new
    return v[:, 0]


def _lower_node(tt: TTDecomposition, part: Partition, rows: Sequence, cols: Sequence) -> dict:
    """``matricization_rank >= r`` of the TT circuit: the minor at ``rows`` x ``cols`` (multi-indices), non-zero
    modulo a prime (method ``minor-entries``: the kernel evaluates its entries with the circuit evaluator)."""
    r = len(rows)
    if r == 0:
        raise DomainError(f"the matricization for I={_short(part.rows)} is zero: no minor to certify (rank 0)")
    if r > MAX_CERTIFIED_MINOR:
        raise ResourceLimitError(
            f"Refusing to certify a {r} x {r} minor (limit {MAX_CERTIFIED_MINOR}): the minimum-cut upper bound alone "
            "needs no minor (tt_cut_bound, 'exactnet tt --bound-only')")
    chosen = None
    for p in PRIMES:
        vals = _minor_residues(tt, part, rows, cols, p)
        if vals is not None and int(flint.nmod_mat(r, r, [int(x) for x in vals.tolist()], p).det()) != 0:
            chosen = p
            break
    if chosen is None:
        raise DomainError(f"the {r}x{r} minor vanishes modulo every prime tried {list(PRIMES)}")
    obj = {"circuit": tt_circuit(tt), "output": 0, "rows": sorted(part.rows)}
    if r <= MAX_ENTRY_MINOR:
        ev = {"method": "minor-entries", "rows": [list(map(int, t)) for t in rows],
              "cols": [list(map(int, t)) for t in cols], "prime": str(chosen)}
    else:  # larger minors: the kernel recomputes the whole (small enough) grid tensor and reads the minor from it
        if math.prod(tt.mode_sizes) > MAX_GRID_ENTRIES:
            raise ResourceLimitError(
                f"Refusing to certify a {r} x {r} minor of a tensor with {math.prod(tt.mode_sizes):,} entries: above "
                f"{MAX_ENTRY_MINOR} rows the kernel reads the minor from the whole grid tensor (at most {MAX_GRID_ENTRIES:,} "
                "entries); the minimum-cut upper bound alone needs no minor (tt_cut_bound, 'exactnet tt --bound-only')")
        sizes = tt.mode_sizes

        def flat(t: Sequence[int], modes: Sequence[int]) -> int:
            out = 0
            for i, m in zip(t, modes):
                out = out * sizes[m] + int(i)
            return out

        ev = {"method": "minor-and-factorization", "rows": [flat(t, part.rows) for t in rows],
              "cols": [flat(t, part.cols) for t in cols], "prime": str(chosen)}
    return {"proposition": {"quantity": "matricization_rank", "object": obj, "relation": ">=", "value": r, "field": "Q"},
            "evidence": ev}


def tt_lower_certificate(tt: TTDecomposition, partition: Any, rows: Sequence, cols: Sequence, *,
                         generic: bool = False) -> Certificate:
    """``rank [A]_{I,J} >= r``: the minor at ``rows`` x ``cols`` (multi-indices) is non-singular; for this TT
    (``matricization_rank`` of its circuit) or, with ``generic``, for almost every TT of its sizes and ranks
    (``generic_matricization_rank`` by the rule ``generic-rank-from-witness``)."""
    part = tt_partition(partition, tt.num_modes)
    node = _lower_node(tt, part, rows, cols)
    if generic:
        node = _generic_node(node)
    return Certificate(node["proposition"], node["evidence"])


def _generic_node(witness: dict) -> dict:
    circ = witness["proposition"]["object"]["circuit"]
    nodes = [{k: v for k, v in n.items() if k != "matrix"} | ({"shape": n["matrix"]["shape"]} if "matrix" in n else {})
             for n in circ["nodes"]]
    obj = {"architecture": {"inputs": circ["inputs"], "nodes": nodes, "output": circ["output"]}, "ties": [],
           "output": 0, "rows": witness["proposition"]["object"]["rows"]}
    return {"proposition": {"quantity": "generic_matricization_rank", "object": obj, "relation": ">=",
                            "value": witness["proposition"]["value"], "field": "Q"},
            "evidence": {"rule": "generic-rank-from-witness", "premises": [witness], "params": {"ties": []}}}


def _equal(lower: dict, upper: dict) -> Certificate:
    prop = dict(lower["proposition"], relation="=")
    return Certificate(prop, {"rule": "equal-from-lower-and-upper", "premises": [lower, upper]})


def _skeleton(tt: TTDecomposition, part: Partition, max_entries: int) -> tuple[int, list, list]:
    sizes = tt.mode_sizes
    if len(set(sizes)) != 1:
        raise InvalidArgumentError(
            f"the structured (skeleton) route needs equal mode sizes, not {sizes}; use tt_dense_rank for small tensors"
        )
    net = TTNetwork(tt, Representation.identity(sizes[0])).to_deep_convac()
    return skeleton_minor(net, part, 0, max_entries=max_entries)


def tt_rank(tt: TTDecomposition, partition: Any, *, max_entries: int = MAX_SKELETON_ENTRIES) -> TTRank:
    """``rank [A]_{I,J}`` of **this** TT: skeleton minor (certified) and the cut bound; exact when they meet.

    >>> tt_rank(TTDecomposition.random(6, 2, 2, seed=4), "split:3").rank
    2
    """
    start = time.perf_counter()
    part = tt_partition(partition, tt.num_modes)
    U, sides = tt_cut_bound(tt.num_modes, tt.mode_sizes, tt.ranks, part.rows)
    r, rows, cols = _skeleton(tt, part, max_entries)
    cert = None
    if r:
        lower = _lower_node(tt, part, rows, cols)
        cert = Certificate(lower["proposition"], lower["evidence"])
        if r == U:
            upper = _upper_node(tt.mode_sizes, tt.ranks, part, U, sides, generic=False,
                                circuit=lower["proposition"]["object"]["circuit"])
            cert = _equal(lower, upper)
    status = "exact" if r == U else "lower-bound"
    return TTRank(r if r == U else (r, U), status, r, U, part, sides, cert, seconds=time.perf_counter() - start,
                  notes="" if r == U else "the cut bound is not reached by this TT", witness=tt)


def tt_generic_rank(d: Any, n: Any, ranks: Any, partition: Any, *, seeds: Sequence[int] = (0, 1, 2),
                    certify: bool = True, max_entries: int = MAX_SKELETON_ENTRIES) -> TTRank:
    """Generic ``rank [A]_{I,J}`` over all TTs with mode size n and these ranks: witness minor + cut bound.

    Random integer witnesses (entries in [-20, 20], ``seeds``) are tried until one reaches the cut bound;
    then status ``"almost-everywhere"`` with a ``generic_matricization_rank = R`` certificate.  Otherwise the bracket
    (the certificate states ``>= lower``).

    >>> tt_generic_rank(5, 3, 2, "odd-even").rank      # above min(n, r)^floor(d/2) = 4
    9
    >>> tt_generic_rank(3, 2, 0, "odd-even")
    Traceback (most recent call last):
      ...
    exactnet.errors.InvalidArgumentError: Argument 'ranks' must be an int >= 1, not 0 (type=int)
    """
    start = time.perf_counter()
    d, sizes, rs = tt_sizes(d, n, ranks)
    part = tt_partition(partition, d)
    U, sides = tt_cut_bound(d, sizes, rs, part.rows)
    best = None
    for seed in seeds:
        tt = TTDecomposition.random(d, sizes, rs, seed=seed)
        r, rows, cols = _skeleton(tt, part, max_entries)
        if best is None or r > best[0]:
            best = (r, rows, cols, tt, seed)
        if r >= U:
            break
    assert best is not None
    r, rows, cols, tt, seed = best
    cert = None
    if certify and r:
        lower = _generic_node(_lower_node(tt, part, rows, cols))
        cert = _equal(lower, _upper_node(sizes, rs, part, U, sides)) if r == U else \
            Certificate(lower["proposition"], lower["evidence"])
    secs = time.perf_counter() - start
    if r == U:
        return TTRank(r, "almost-everywhere", r, U, part, sides, cert, seconds=secs,
                      notes=f"witness: random integer cores (seed {seed})", witness=tt)
    return TTRank((r, U), "lower-bound", r, U, part, sides, cert, seconds=secs,
                  notes=f"best witness (seed {seed}) does not reach the cut bound {U}", witness=tt)


def tt_dense_rank(tt: TTDecomposition, partition: Any) -> int:
    """The oracle: rank of the dense matricization by FLINT (``fmpq_mat.rank``), refused when too large.

    >>> tt_dense_rank(TTDecomposition.random(4, 2, 2, seed=1), "odd-even")
    4
    """
    part = tt_partition(partition, tt.num_modes)
    X = matricize(tt_to_tensor(tt), part.rows)
    m, k = X.shape
    return int(flint.fmpz_mat(m, k, [int(x) for x in X.num.reshape(-1).tolist()]).rank())


def kno_cp_bound(d: Any, n: Any, r: Any) -> int:
    """``min(n, r)^floor(d/2)``: the published lower bound (Theorem 1 of arXiv:1711.00811, even d) extended to odd d.

    >>> kno_cp_bound(6, 3, 2), kno_cp_bound(5, 3, 2)
    (8, 4)
    """
    d, sizes, rs = tt_sizes(d, n, r)
    return min(sizes[0], rs[0]) ** (d // 2)


def tt_cp_lower_bound(d: Any, n: Any, r: Any, partition: Any = "odd-even", **kw: Any) -> dict:
    """A certified lower bound on the generic CP rank of TTs with all ranks r: the generic odd-even rank.

    Returns ``{"cp_rank_lower": R, "status": ..., "kno_bound": min(n, r)^floor(d/2), "certificate": ...}``.

    >>> out = tt_cp_lower_bound(6, 2, 2)
    >>> out["cp_rank_lower"], out["kno_bound"], out["status"]
    (8, 8, 'almost-everywhere')
    """
    res = tt_generic_rank(d, n, r, partition, **kw)
    return {"cp_rank_lower": res.lower, "upper": res.upper, "status": res.status, "kno_bound": kno_cp_bound(d, n, r),
            "partition": res.partition, "certificate": res.certificate}


def ht_to_tt_rank_formula(d: int, r: int) -> int:
    """``r^ceil(log2(d)/2)`` (d a power of 2): the largest TT-unfolding rank of a width-r HT over the binary tree.

    >>> ht_to_tt_rank_formula(8, 2), ht_to_tt_rank_formula(16, 2)
    (4, 4)
    """
    L = max(1, math.ceil(math.log2(d)))
    return r ** ((L + 1) // 2)


def ht_unfolding_ranks(d: int, n: int, r: int, *, certify: bool = True) -> list:
    """Generic ``rank [A]_{{0..k-1},{k..d-1}}`` (k = 1..d-1) of the deep ConvAC (HT) over the binary tree, width r.

    Each is a :class:`~exactnet.theorems.structured.StructuredRank` (witness + structural bound).

    >>> [s.rank for s in ht_unfolding_ranks(8, 2, 2, certify=False)]
    [2, 2, 4, 2, 4, 2, 2]
    """
    tree = PoolingTree.binary(d)
    return [structured_rank(tree, Partition.from_rows(tuple(range(k)), d), M=n, widths=r, certify=certify)
            for k in range(1, d)]


def tt_compare(d: int, n: int, r: int, *, certify: bool = True) -> dict:
    """TT vs HT vs CP for (d, n, r): certified generic ranks of contiguous splits and of odd-even, parameter counts.

    >>> t = tt_compare(4, 2, 2, certify=False)
    >>> t["tt"]["odd_even"], t["ht"]["odd_even"], t["tt"]["unfolding"], t["ht"]["unfolding"]
    (4, 4, [2, 2, 2], [2, 2, 2])
    """
    d, sizes, rs = tt_sizes(d, n, r)
    n, r = sizes[0], rs[0]
    tt_unf = [tt_generic_rank(d, n, r, f"split:{k}", certify=certify) for k in range(1, d)]
    tt_oe = tt_generic_rank(d, n, r, "odd-even", certify=certify)
    tree = PoolingTree.binary(d)
    blocks = [tuple(sorted(tree.modes_under(v))) for v in tree.internal_nodes()]
    tt_blocks = [tt_generic_rank(d, n, r, list(b), certify=certify) for b in blocks]
    ht_unf = ht_unfolding_ranks(d, n, r, certify=certify)
    ht_blocks = [structured_rank(tree, list(b), M=n, widths=r, certify=certify) for b in blocks]
    ht_oe = structured_rank(tree, "odd-even", M=n, widths=r, certify=certify)
    H = tree.height
    ht_params = n * r * d + sum(r * r for _ in tree.internal_nodes()) + r  # leaves, inner nodes, root

    def val(x: Any) -> Any:
        return x.rank if not isinstance(x.rank, tuple) else list(x.rank)

    return {
        "d": d, "n": n, "r": r,
        "tt": {"unfolding": [val(x) for x in tt_unf], "odd_even": val(tt_oe), "parameters": tt_parameter_count(d, n, r),
               "ht_node_blocks": [list(b) for b in blocks], "ht_node_ranks": [val(x) for x in tt_blocks],
               "status": sorted({x.status for x in tt_unf + [tt_oe] + tt_blocks})},
        "ht": {"unfolding": [val(x) for x in ht_unf], "node_ranks": [val(x) for x in ht_blocks], "odd_even": val(ht_oe), "parameters": ht_params,
               "height": H, "max_unfolding_formula": ht_to_tt_rank_formula(d, r),
               "status": sorted({x.status for x in ht_unf + [ht_oe]})},
        "cp": {"lower_from_tt": tt_oe.lower, "lower_from_ht": ht_oe.lower if hasattr(ht_oe, "lower") else None,
               "kno_bound": kno_cp_bound(d, n, r)},
        "certificates": {"tt_odd_even": tt_oe.certificate, "ht_odd_even": ht_oe.certificate},
    }
