r"""The built-in library of conjectures: statements to search, each with its source and expected outcome.

Two kinds of entries:

* **refuted** statements, which a search re-finds from scratch: every instance of the space is computed (nothing is
  read from stored counterexamples), in the conjecture's size order, and the first failing instance comes with a
  certificate the kernel re-checks;
* **true** statements that hold on every instance up to a stated size, each instance with its certificate.

Every check below returns claims on certified results (:func:`exactnet.conjectures.claim`), so a refutation is
genuine: an exact value, a generic (almost-everywhere) value, or a bound in the direction that contradicts the
statement.  The evidence functions (``evidence_<name>``) are plain functions returning ``(result, relation,
value)`` triples; the checks wrap them.

Examples
--------
>>> res, rel, value = evidence_maxout_theorem8(k=3, L=2)[0]
>>> res.value, res.status, rel, value      # at most 7 regions, but the statement wants 9
(7, 'upper-bound', '>=', 9)
>>> [e["name"] for e in ENTRIES][:2]
['depth-lc-closed-form', 'maxout-theorem8-n0-1']
"""

from __future__ import annotations

import itertools
import math
from typing import Any, Callable

from ..claims.sources import PUBLICATIONS

__all__ = ["ENTRIES", "source_text", "naive_channel_copy_cut", "OBSERVED_MAXIMA",
           "evidence_depth_lc", "evidence_maxout_theorem8", "evidence_naive_min_cut", "evidence_observed_maxima",
           "evidence_theorem1", "evidence_low_high", "evidence_serra_n0_1", "evidence_tt_unfolding",
           "evidence_polynomial_dimension"]

Evidence = list  # of (result, relation, value)


def source_text(key: str, where: str) -> str:
    """A publication of :data:`exactnet.claims.sources.PUBLICATIONS` and the place in it, on one line.

    >>> source_text("mpcb2014", "Theorem 8")
    'Montufar, Pascanu, Cho & Bengio, "On the Number of Linear Regions of Deep Neural Networks", NeurIPS, 2014, arXiv:1402.1869; Theorem 8'
    """
    return f"{PUBLICATIONS[key].reference()}; {where}"


# ============================================================================ refuted: depth L vs L_c closed form
def depth_lc_closed_form(N: int, M: int, widths: tuple, Lc: int) -> int:
    """``min{r_0, ..., r_{Lc-1}, M^(2^(Lc-1))}^(N / 2^Lc)``: the closed form for the depth-L_c generic rank.

    >>> depth_lc_closed_form(8, 2, (2, 3, 3), 3)
    2
    """
    return min(*widths[:Lc], M ** (2 ** (Lc - 1))) ** (N // 2 ** Lc)


def _widths(N: int, r0: int, r1: int, r2: int) -> tuple:
    return (r0, r1, r2)[:int(math.log2(N))]


def _depth_lc_where(N: int, M: int, r0: int, r1: int, r2: int, Lc: int) -> bool:
    L = int(math.log2(N))
    return Lc <= L and (L >= 3 or r2 == 1) and (L >= 2 or r1 == 1)


def _depth_lc_size(N: int, M: int, r0: int, r1: int, r2: int, Lc: int) -> int:
    return N + M + sum(_widths(N, r0, r1, r2))


def evidence_depth_lc(N: int, M: int, r0: int, r1: int, r2: int, Lc: int) -> Evidence:
    """The certified generic rank (witness minor and structural bound) of the matricization whose rows are the
    odd-numbered blocks of ``2^(Lc-1)`` modes, against the closed form (``==``).

    >>> res, rel, value = evidence_depth_lc(8, 2, 2, 3, 3, 3)[0]
    >>> res.value, res.status, rel, value
    (3, 'almost-everywhere', '==', 2)
    """
    from ..tensors import Partition, PoolingTree
    from ..theorems._provers import generic_rank_certificate

    ws = _widths(N, r0, r1, r2)
    part = Partition.blocks(N, 2 ** (Lc - 1))
    res = generic_rank_certificate(PoolingTree.from_windows(N, 2), M, ws, part)
    return [(res, "==", depth_lc_closed_form(N, M, ws, Lc))]


# ============================================================================ refuted: maxout Theorem 8, n0 = 1
def evidence_maxout_theorem8(k: int, L: int) -> Evidence:
    """Theorem 8 as quoted, for ``n0 = 1``: some width-1, depth-L, rank-k maxout network has ``k^L`` regions.

    When the certified upper bound ``1 + (k-1)(2^L - 1)`` (convexity of maxout units) is below ``k^L`` it is the
    evidence (it refutes ``>=``); otherwise an explicit construction, whose regions are enumerated exactly.

    >>> res, rel, value = evidence_maxout_theorem8(k=2, L=3)[0]
    >>> res.value, res.status, value
    (8, 'lower-bound', 8)
    """
    from ..regions import constructions as C
    from ..regions import enumerate_regions
    from ..regions.bounds import construction_certificate, theorem_certificate

    target = k ** L
    upper = theorem_certificate("maxout-width1-line", 1, (1,) * L, k=k)
    if upper.value < target:
        return [(upper, ">=", target)]
    c = C.maxout_abs_folding(L) if k == 2 else C.maxout_one_layer(1, 1, k) if L == 1 else None
    if c is None:  # pragma: no cover - for k >= 3 and L >= 2 the upper bound is always below k^L
        return [(upper, ">=", target)]
    return [(construction_certificate(enumerate_regions(c.network, c.domain)), ">=", target)]


def _maxout_size(k: int, L: int) -> int:
    return k + L


# ============================================================================ refuted: naive min-cut (overlap)
def naive_channel_copy_cut(net: Any, rows: Any) -> int:
    """The tempting graph bound on ``rank [A]_{I,J}`` of a GC ConvAC: one vertex per node, a node's channel index
    shared by all the windows that read it (an edge of weight ``min(C_l, C_{l-1}, T)`` per read), the minimum over
    all 2-colourings of the product of the cut edges' weights.  Not a bound for overlapping networks.

    >>> from exactnet.networks.gcconvac import GCConvAC
    >>> naive_channel_copy_cut(GCConvAC.random((4,), 3, [(2, 1, 2), (2, 1, 1), (2, 1, 1)], seed=1), [0, 1])
    2
    """
    I = set(rows)
    verts = [(l, j) for l in range(net.num_layers) for j in range(net.num_positions(l))]
    edges, c_prev = [], net.M
    for l in range(net.num_layers):
        C = net.channels[l]
        for j in range(net.num_positions(l)):
            for p in net.reads(l, j):
                edges.append(((l, j), ("in", p) if l == 0 else (l - 1, p), min(C, c_prev, net.T)))
        c_prev = C
    best = None
    for bits in itertools.product((0, 1), repeat=len(verts)):
        side = dict(zip(verts, bits)) | {("in", i): int(i not in I) for i in range(net.N)}
        cost = math.prod(w for a, b, w in edges if side[a] != side[b])
        best = cost if best is None else min(best, cost)
    return int(best)


def _gc_layers(N: int, c1: int, c2: int, c3: int, c4: int) -> list:
    return [(2, 1, c) for c in (c1, c2, c3, c4)[:N - 1]]


def _naive_where(N: int, M: int, c1: int, c2: int, c3: int, c4: int, k: int, seed: int) -> bool:
    used = N - 1
    return k < N and all(c == 1 for c in (c1, c2, c3, c4)[used:])


def _naive_size(N: int, M: int, c1: int, c2: int, c3: int, c4: int, k: int, seed: int) -> int:
    return N + M + sum((c1, c2, c3, c4)[:N - 1])


def evidence_naive_min_cut(N: int, M: int, c1: int, c2: int, c3: int, c4: int, k: int, seed: int) -> Evidence:
    """The exact rank over Q (certified, tied to the network's circuit) of ``[A]_{I,J}``, I = the first k inputs,
    of a 1-D GC ConvAC with N - 1 stride-1 layers of windows of 2 (integer weights in [1, 30], ``seed``), against
    the naive channel-copy min-cut (``<=``).

    >>> res, rel, value = evidence_naive_min_cut(4, 3, 2, 1, 1, 1, 2, 1)[0]
    >>> res.value, res.status, rel, value
    (3, 'exact', '<=', 2)
    """
    from ..certificates.ranks import network_rank
    from ..networks.gcconvac import GCConvAC
    from ..tensors import Partition

    net = GCConvAC.random((N,), M, _gc_layers(N, c1, c2, c3, c4), seed=seed, low=1, high=30)
    rows = list(range(k))
    return [(network_rank(net, Partition.from_rows(rows, N)), "<=", naive_channel_copy_cut(net, rows))]


# ============================================================================ refuted: max-pooling "observed maxima"
#: the per-term maxima of a shallow ReLU + max-pooling network reported from random vectors, (N, M) -> rank
OBSERVED_MAXIMA = {(4, 3): 3, (4, 4): 5, (8, 2): 4}


def evidence_observed_maxima(N: int, M: int) -> Evidence:
    """The certified maximum odd-even rank of one shallow ReLU + max-pooling term (a witness term reaching the
    per-term bound ``1 + (M-1) N/2``) against the maximum observed with random vectors (``<=``).

    >>> res, rel, value = evidence_observed_maxima(4, 3)[0]
    >>> res.value, res.status, rel, value
    (5, 'exact', '<=', 3)
    """
    from ..theorems.rectifier import max_term_rank_certificate

    return [(max_term_rank_certificate(N, M), "<=", OBSERVED_MAXIMA[(N, M)])]


def _observed_where(N: int, M: int) -> bool:
    return (N, M) in OBSERVED_MAXIMA


def _observed_size(N: int, M: int) -> int:
    return M ** N


# ============================================================================ true: Theorem 1 lower bound
def _deep_where(N: int, M: int, r0: int, r1: int, r2: int) -> bool:
    L = int(math.log2(N))
    return (L >= 3 or r2 == 1) and (L >= 2 or r1 == 1)


def _deep_size(N: int, M: int, r0: int, r1: int, r2: int) -> int:
    return N + M + sum(_widths(N, r0, r1, r2))


def evidence_theorem1(N: int, M: int, r0: int, r1: int, r2: int) -> Evidence:
    """The certified generic odd-even rank of a binary-tree deep ConvAC against ``min(r_0, M)^(N/2)`` (``>=``).

    >>> res, rel, value = evidence_theorem1(4, 2, 2, 1, 1)[0]
    >>> res.value, res.status, rel, value
    (1, 'almost-everywhere', '>=', 4)
    """
    from ..tensors import PoolingTree
    from ..theorems._provers import generic_rank_certificate

    ws = _widths(N, r0, r1, r2)
    res = generic_rank_certificate(PoolingTree.from_windows(N, 2), M, ws, "odd-even")
    return [(res, ">=", min(r0, M) ** (N // 2))]


# ============================================================================ true: low/high generic rank, N = 4
def evidence_low_high(M: int, r0: int, r1: int) -> Evidence:
    """The certified generic low/high rank of the N = 4 binary-tree deep ConvAC against ``min(r_0, r_1, M^2)``.

    >>> res, rel, value = evidence_low_high(3, 4, 5)[0]
    >>> res.value, res.status, rel, value
    (4, 'almost-everywhere', '==', 4)
    """
    from ..tensors import PoolingTree
    from ..theorems._provers import generic_rank_certificate

    res = generic_rank_certificate(PoolingTree.from_windows(4, 2), M, (r0, r1), "low-high")
    return [(res, "==", min(r0, r1, M * M))]


def _low_high_size(M: int, r0: int, r1: int) -> int:
    return M + r0 + r1


# ============================================================================ true: Serra et al., one input
def _serra_where(n1: int, n2: int, n3: int) -> bool:
    return not (n2 == 0 and n3 > 0)


def _serra_size(n1: int, n2: int, n3: int) -> int:
    return n1 + n2 + n3


def evidence_serra_n0_1(n1: int, n2: int, n3: int) -> Evidence:
    """One input, hidden widths all >= 3 (``n2 = 0`` / ``n3 = 0``: fewer layers): an explicit network's regions,
    enumerated exactly, against Serra et al.'s upper bound ``prod (n_l + 1)`` (``>=``: the bound is reached).

    >>> res, rel, value = evidence_serra_n0_1(3, 3, 0)[0]
    >>> res.value, res.status, rel, value
    (16, 'lower-bound', '>=', 16)
    """
    from ..regions import constructions as C
    from ..regions import enumerate_regions
    from ..regions.bounds import construction_certificate, serra2018_upper

    ws = tuple(n for n in (n1, n2, n3) if n)
    c = C.serra_n0_1(ws)
    return [(construction_certificate(enumerate_regions(c.network, c.domain)), ">=", serra2018_upper(1, ws))]


# ============================================================================ true: TT unfolding ranks
def _tt_where(d: int, n: int, r: int, k: int) -> bool:
    return 1 <= k < d


def _tt_size(d: int, n: int, r: int, k: int) -> int:
    return d + n + r


def evidence_tt_unfolding(d: int, n: int, r: int, k: int) -> Evidence:
    """The certified generic rank of the contiguous unfolding (modes 0..k-1 vs k..d-1) of a tensor train with mode
    size n and all TT-ranks r, against the minimum cut ``min(r, n^k, n^(d-k))`` (``==``).

    >>> res, rel, value = evidence_tt_unfolding(4, 2, 3, 2)[0]
    >>> res.value, res.status, rel, value
    (3, 'almost-everywhere', '==', 3)
    """
    from ..theorems.tt import tt_generic_rank

    res = tt_generic_rank(d, n, r, f"split:{k}")
    return [(res, "==", min(r, n ** k, n ** (d - k)))]


# ============================================================================ true: polynomial networks
def _poly_where(d0: int, d1: int, d2: int, degree: int) -> bool:
    return True


def _poly_size(d0: int, d1: int, d2: int, degree: int) -> int:
    return d0 + d1 + d2 + degree


def _poly_widths(d0: int, d1: int, d2: int) -> tuple:
    return (d0, d1, d2, 1) if d2 else (d0, d1, 1)


def evidence_polynomial_dimension(d0: int, d1: int, d2: int, degree: int) -> Evidence:
    """The certified upper bound on the dimension of the neurovariety of widths ``(d0, d1[, d2], 1)`` and
    activation degree r, against the number of parameters ``sum d_i d_(i-1)`` (``<=``).

    >>> res, rel, value = evidence_polynomial_dimension(2, 2, 0, 2)[0]
    >>> res.value, res.status, rel, value
    (3, 'upper-bound', '<=', 6)
    """
    from ..theorems.neurovariety import neurovariety_dimension, parameter_count

    ws = _poly_widths(d0, d1, d2)
    return [(neurovariety_dimension(ws, degree).upper_certificate, "<=", parameter_count(ws))]


# ============================================================================ the entries
#: one dict per conjecture: name, statement, publication key and place, the space (ordered), size, filter,
#: evidence, expected outcome, default strategy and max size
ENTRIES: tuple = (
    dict(name="depth-lc-closed-form",
         statement=("For almost every weight setting of a binary-tree deep ConvAC (N inputs, M functions, widths "
                    "r_l), the matricization whose rows are the odd-numbered blocks of 2^(Lc-1) modes has rank "
                    "min{r_0, ..., r_(Lc-1), M^(2^(Lc-1))}^(N/2^Lc)."),
         source=("csh2016", "depth L vs depth L_c, the generalization of Theorem 1 (closed form of the span "
                 "dimension; the recursion D_l = min(r_l, r_(l-1), D_(l-1)^2) is the certified value)"),
         space=dict(N=(2, 4, 8), M=(1, 2, 3), r0=(1, 2, 3), r1=(1, 2, 3), r2=(1, 2, 3), Lc=(1, 2, 3)),
         size=_depth_lc_size, where=_depth_lc_where, evidence=evidence_depth_lc,
         expected=("refuted", {"N": 8, "M": 2, "r0": 2, "r1": 3, "r2": 3, "Lc": 3}), max_size=20),
    dict(name="maxout-theorem8-n0-1",
         statement=("A rank-k maxout network with L layers of width n0 = 1 on the real line can have k^(L+n0-1) = "
                    "k^L linear regions."),
         source=("mpcb2014", "Theorem 8 as commonly quoted, for n0 = 1"),
         space=dict(k=(2, 3, 4, 5), L=(1, 2, 3, 4)),
         size=_maxout_size, where=None, evidence=evidence_maxout_theorem8,
         expected=("refuted", {"k": 3, "L": 2}), max_size=9),
    dict(name="overlap-naive-min-cut",
         statement=("For every weight setting of a 1-D GC ConvAC with overlapping windows, rank [A]_{I,J} is at most "
                    "the minimum cut of the network's graph with one vertex per node, a node's channel index shared "
                    "by all the windows that read it."),
         source=("ss2018", "overlapping receptive fields; the min-cut bound of tensor networks applied without "
                 "unfolding the network into a tree (a tempting shortcut, not a statement of the paper)"),
         space=dict(N=(2, 3, 4, 5), M=(2, 3), c1=(1, 2, 3), c2=(1, 2, 3), c3=(1, 2, 3), c4=(1, 2, 3),
                    k=(1, 2, 3, 4), seed=(1,)),
         size=_naive_size, where=_naive_where, evidence=evidence_naive_min_cut,
         expected=("refuted", {"N": 4, "M": 3, "c1": 2, "c2": 1, "c3": 1, "c4": 1, "k": 2, "seed": 1}),
         max_size=13),
    dict(name="maxpool-observed-maxima",
         statement=("One term of a shallow ReLU network with max pooling has odd-even rank at most the maximum "
                    "observed with random vectors: 3 for N = 4, M = 3; 5 for N = 4, M = 4; 4 for N = 8, M = 2."),
         source=("cs2016", "shallow networks with max pooling (the per-term rank behind the depth-efficiency "
                 "comparison); the maxima were observed with random vectors"),
         space=dict(N=(4, 8), M=(2, 3, 4)),
         size=_observed_size, where=_observed_where, evidence=evidence_observed_maxima,
         expected=("refuted", {"N": 4, "M": 3}), max_size=256),
    dict(name="csh2016-theorem1",
         statement=("For almost every weight setting of a binary-tree deep ConvAC (N inputs, M functions, widths "
                    "r_l), the odd-even matricization has rank at least min(r_0, M)^(N/2)."),
         source=("csh2016", "Theorem 1"),
         space=dict(N=(2, 4, 8), M=(1, 2, 3), r0=(1, 2, 3), r1=(1, 2, 3), r2=(1, 2, 3)),
         size=_deep_size, where=_deep_where, evidence=evidence_theorem1,
         expected=("holds-up-to", 16), max_size=16),
    dict(name="csh2016-low-high-n4",
         statement=("For almost every weight setting of the binary-tree deep ConvAC with N = 4 inputs, M functions "
                    "and widths (r_0, r_1), the low/high matricization has rank min(r_0, r_1, M^2)."),
         source=("csh2016", "the low/high partition; the value min(r_0, r_1, M^2) is derived here from the span "
                 "recursion"),
         space=dict(M=(1, 2, 3), r0=tuple(range(1, 11)), r1=tuple(range(1, 11))),
         size=_low_high_size, where=None, evidence=evidence_low_high,
         expected=("holds-up-to", 16), max_size=16),
    dict(name="serra2018-bound-reached-n0-1",
         statement=("For one input and hidden widths n_l >= 3, some ReLU network has prod (n_l + 1) activation "
                    "regions: Serra et al.'s upper bound is reached."),
         source=("str2018", "Theorems 1 and 5 (one input)"),
         space=dict(n1=(3, 4, 5), n2=(0, 3, 4, 5), n3=(0, 3, 4, 5)),
         size=_serra_size, where=_serra_where, evidence=evidence_serra_n0_1,
         expected=("holds-up-to", 12), max_size=12),
    dict(name="tt-rank-min-cut",
         statement=("For almost every tensor train with d cores, mode size n and all TT-ranks r, the unfolding "
                    "(modes 0..k-1 vs k..d-1) has rank min(r, n^k, n^(d-k)), the minimum cut of the train."),
         source=("kno2018", "tensor trains and their TT-ranks (the cut bound on unfoldings, reached generically)"),
         space=dict(d=(2, 3, 4, 5, 6), n=(2, 3), r=(1, 2, 3, 4), k=(1, 2, 3, 4, 5)),
         size=_tt_size, where=_tt_where, evidence=evidence_tt_unfolding,
         expected=("holds-up-to", 11), max_size=11),
    dict(name="ktb2019-dimension-le-parameters",
         statement=("The neurovariety of a polynomial network with widths (d_0, d_1[, d_2], 1) and activation "
                    "degree r has dimension at most its number of parameters sum d_i d_(i-1)."),
         source=("ktb2019", "section 3 (the dimension of the neurovariety and the parameter count)"),
         space=dict(d0=(1, 2, 3), d1=(1, 2, 3), d2=(0, 1, 2, 3), degree=(2, 3)),
         size=_poly_size, where=None, evidence=evidence_polynomial_dimension,
         expected=("holds-up-to", 10), max_size=10),
)
