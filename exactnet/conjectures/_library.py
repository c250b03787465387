r"""The built-in library of conjectures (``exactnet search --list``): statements to search, with sources.

Two kinds of entries:

* **refuted** statements, which a search re-finds from scratch: every instance of the space is computed (nothing is
  read from stored counterexamples), in the conjecture's size order, and the first failing instance comes with a
  certificate the kernel re-checks;
* **true** statements that hold on every instance up to a stated size, each instance with its certificate.

Every check returns :func:`~exactnet.conjectures.claim` assertions on certified results, so a refutation is
genuine: an exact value, a generic (almost-everywhere) value, or a bound in the direction that contradicts the
statement.  The evidence functions (``evidence_*``) are plain functions returning ``(result, relation, value)``
triples; each conjecture's check judges them with ``claim``.

Examples
--------
>>> res, rel, value = evidence_maxout_theorem8(k=3, L=2)[0]
>>> res.value, res.status, rel, value      # at most 7 regions, but the statement wants 9
(7, 'upper-bound', '>=', 9)
>>> [c.name for c in CONJECTURES][:2]
['depth-lc-closed-form', 'maxout-theorem8-n0-1']
>>> [a.outcome for a in CONJECTURES[1].check(k=3, L=2)]
['refuted']
"""

from __future__ import annotations

import itertools
import math
from typing import Any

from ..claims.sources import PUBLICATIONS
from ._core import Conjecture, Space, claim

__all__ = ["CONJECTURES", "source_text", "depth_lc_closed_form", "ht_to_tt_printed_bound", "naive_channel_copy_cut",
           "OBSERVED_MAXIMA", "evidence_depth_lc", "evidence_maxout_theorem8", "evidence_naive_min_cut",
           "evidence_observed_maxima", "evidence_ht_to_tt", "evidence_theorem1", "evidence_low_high",
           "evidence_serra_n0_1", "evidence_tt_unfolding", "evidence_polynomial_dimension"]


def source_text(key: str, where: str) -> str:
    """A publication of :data:`exactnet.claims.sources.PUBLICATIONS` and the place in it, on one line.

    >>> source_text("mpcb2014", "Theorem 8")
    'Montufar, Pascanu, Cho & Bengio, "On the Number of Linear Regions of Deep Neural Networks", NeurIPS, 2014, arXiv:1402.1869; Theorem 8'
    """
    return f"{PUBLICATIONS[key].reference()}; {where}"


def _claims(evidence: list) -> list:
    return [claim(res, rel, value) for res, rel, value in evidence]


def _levels(N: int) -> int:
    return N.bit_length() - 1


def _width_tuples(values: tuple, length: int) -> tuple:
    return tuple(itertools.product(values, repeat=length))


# ============================================================================ refuted: depth L vs L_c closed form
def depth_lc_closed_form(N: int, M: int, widths: Any, Lc: int) -> int:
    """``min{r_0, ..., r_(Lc-1), M^(2^(Lc-1))}^(N / 2^Lc)``: the closed form for the depth-L_c generic rank.

    >>> depth_lc_closed_form(8, 2, (2, 3, 3), 3)
    2
    """
    return min(*widths[:Lc], M ** (2 ** (Lc - 1))) ** (N // 2 ** Lc)


def evidence_depth_lc(N: int, M: int, widths: Any, Lc: int) -> list:
    """The certified generic rank (witness minor and structural bound) of the matricization whose rows are the
    odd-numbered blocks of ``2^(Lc-1)`` modes, against the closed form (``==``).

    >>> res, rel, value = evidence_depth_lc(8, 2, (2, 3, 3), 3)[0]
    >>> res.value, res.status, rel, value
    (3, 'almost-everywhere', '==', 2)
    """
    from ..tensors import Partition, PoolingTree
    from ..theorems._provers import generic_rank_certificate

    part = Partition.blocks(N, 2 ** (Lc - 1))
    res = generic_rank_certificate(PoolingTree.from_windows(N, 2), M, tuple(widths), part)
    return [(res, "==", depth_lc_closed_form(N, M, widths, Lc))]


def check_depth_lc(N: int, M: int, widths: Any, Lc: int) -> list:
    return _claims(evidence_depth_lc(N, M, widths, Lc))


def _deep_size(N: int, M: int, widths: Any) -> int:
    return N + M + sum(widths)


# ============================================================================ refuted: maxout Theorem 8, n0 = 1
def evidence_maxout_theorem8(k: int, L: int) -> list:
    """Theorem 8 as quoted, for ``n0 = 1``: some width-1, depth-L, rank-k maxout network has ``k^L`` regions.

    When the certified upper bound ``1 + (k-1)(2^L - 1)`` (maxout units are convex) is below ``k^L``, it is the
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
    if upper.value < target or (k > 2 and L > 1):
        return [(upper, ">=", target)]
    c = C.maxout_abs_folding(L) if k == 2 else C.maxout_one_layer(1, 1, k)
    return [(construction_certificate(enumerate_regions(c.network, c.domain)), ">=", target)]


def check_maxout_theorem8(k: int, L: int) -> list:
    return _claims(evidence_maxout_theorem8(k, L))


def _maxout_size(k: int, L: int) -> int:
    return k + L


# ============================================================================ refuted: naive min-cut (overlap)
def naive_channel_copy_cut(net: Any, rows: Any) -> int:
    """The tempting graph bound on ``rank [A]_{I,J}`` of a GC ConvAC: one vertex per node, a node's channel index
    shared by all the windows that read it (an edge of weight ``min(C_l, C_(l-1), T)`` per read), the minimum over
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


def evidence_naive_min_cut(N: int, M: int, channels: Any, k: int, seed: int) -> list:
    """The exact rank over Q (certified, tied to the network's circuit) of ``[A]_{I,J}``, I = the first k inputs,
    of a 1-D GC ConvAC with N - 1 stride-1 layers of windows of 2 with these channels (integer weights in
    [1, 30] drawn with ``seed``), against the naive channel-copy min-cut (``<=``).

    >>> res, rel, value = evidence_naive_min_cut(4, 3, (2, 1, 1), 2, 1)[0]
    >>> res.value, res.status, rel, value
    (3, 'exact', '<=', 2)
    """
    from ..certificates.ranks import network_rank
    from ..networks.gcconvac import GCConvAC
    from ..tensors import Partition

    net = GCConvAC.random((N,), M, [(2, 1, c) for c in channels], seed=seed, low=1, high=30)
    rows = list(range(k))
    return [(network_rank(net, Partition.from_rows(rows, N)), "<=", naive_channel_copy_cut(net, rows))]


def check_naive_min_cut(N: int, M: int, channels: Any, k: int, seed: int) -> list:
    return _claims(evidence_naive_min_cut(N, M, channels, k, seed))


def _naive_size(N: int, M: int, channels: Any) -> int:
    return N + M + sum(channels)


# ============================================================================ refuted: max-pooling "observed maxima"
#: the per-term maxima of a shallow ReLU + max-pooling network observed with random vectors, (N, M) -> rank
OBSERVED_MAXIMA = {(4, 3): 3, (4, 4): 5, (8, 2): 4}


def evidence_observed_maxima(N: int, M: int) -> list:
    """The certified maximum odd-even rank of one shallow ReLU + max-pooling term (a witness term reaching the
    per-term bound ``1 + (M-1) N/2``) against the maximum observed with random vectors (``<=``).

    >>> res, rel, value = evidence_observed_maxima(4, 3)[0]
    >>> res.value, res.status, rel, value
    (5, 'exact', '<=', 3)
    """
    from ..theorems.rectifier import max_term_rank_certificate

    return [(max_term_rank_certificate(N, M), "<=", OBSERVED_MAXIMA[(N, M)])]


def check_observed_maxima(N: int, M: int) -> list:
    return _claims(evidence_observed_maxima(N, M))


def _observed_size(N: int, M: int) -> int:
    return M ** N


# ============================================================================ refuted: HT ranks to TT ranks
def ht_to_tt_printed_bound(d: int, r: int) -> int:
    """``r^(log2(d)/2)`` rounded down (the TT-rank bound as printed; a rank is an integer, so ``rank <= x`` is
    ``rank <= floor(x)``), exactly: ``isqrt(r^(log2 d))`` when log2 d is odd.

    >>> ht_to_tt_printed_bound(8, 2), ht_to_tt_printed_bound(16, 2), ht_to_tt_printed_bound(8, 3)
    (2, 4, 5)
    """
    L = _levels(d)
    return r ** (L // 2) if L % 2 == 0 else math.isqrt(r ** L)


def evidence_ht_to_tt(d: int, n: int, r: int, k: int) -> list:
    """The certified generic rank of the contiguous unfolding (modes 0..k-1 vs k..d-1) of the deep ConvAC (HT) over
    the balanced binary tree with d inputs, n functions and all widths r, against ``r^(log2(d)/2)`` (``<=``).

    >>> res, rel, value = evidence_ht_to_tt(8, 2, 2, 3)[0]
    >>> res.value, res.status, rel, value
    (4, 'almost-everywhere', '<=', 2)
    """
    from ..tensors import Partition, PoolingTree
    from ..theorems.structured import structured_rank

    res = structured_rank(PoolingTree.binary(d), Partition.from_rows(tuple(range(k)), d), M=n, widths=r,
                          certify=True)
    return [(res, "<=", ht_to_tt_printed_bound(d, r))]


def check_ht_to_tt(d: int, n: int, r: int, k: int) -> list:
    return _claims(evidence_ht_to_tt(d, n, r, k))


# ============================================================================ true: Theorem 1 lower bound
def evidence_theorem1(N: int, M: int, widths: Any) -> list:
    """The certified generic odd-even rank of a binary-tree deep ConvAC against ``min(r_0, M)^(N/2)`` (``>=``).

    >>> res, rel, value = evidence_theorem1(4, 2, (2, 1))[0]
    >>> res.value, res.status, rel, value
    (4, 'almost-everywhere', '>=', 4)
    """
    from ..tensors import PoolingTree
    from ..theorems._provers import generic_rank_certificate

    res = generic_rank_certificate(PoolingTree.from_windows(N, 2), M, tuple(widths), "odd-even")
    return [(res, ">=", min(widths[0], M) ** (N // 2))]


def check_theorem1(N: int, M: int, widths: Any) -> list:
    return _claims(evidence_theorem1(N, M, widths))


# ============================================================================ true: low/high generic rank, N = 4
def evidence_low_high(M: int, r0: int, r1: int) -> list:
    """The certified generic low/high rank of the N = 4 binary-tree deep ConvAC against ``min(r_0, r_1, M^2)``.

    >>> res, rel, value = evidence_low_high(3, 4, 5)[0]
    >>> res.value, res.status, rel, value
    (4, 'almost-everywhere', '==', 4)
    """
    from ..tensors import PoolingTree
    from ..theorems._provers import generic_rank_certificate

    res = generic_rank_certificate(PoolingTree.from_windows(4, 2), M, (r0, r1), "low-high")
    return [(res, "==", min(r0, r1, M * M))]


def check_low_high(M: int, r0: int, r1: int) -> list:
    return _claims(evidence_low_high(M, r0, r1))


# ============================================================================ true: Serra et al., one input
def evidence_serra_n0_1(widths: Any) -> list:
    """One input, hidden widths all >= 3: an explicit network's regions, enumerated exactly, against Serra et al.'s
    upper bound ``prod (n_l + 1)`` (``>=``: the bound is reached).

    >>> res, rel, value = evidence_serra_n0_1((3, 3))[0]
    >>> res.value, res.status, rel, value
    (16, 'lower-bound', '>=', 16)
    """
    from ..regions import constructions as C
    from ..regions import enumerate_regions
    from ..regions.bounds import construction_certificate, serra2018_upper

    c = C.serra_n0_1(tuple(widths))
    return [(construction_certificate(enumerate_regions(c.network, c.domain)), ">=", serra2018_upper(1, widths))]


def check_serra_n0_1(widths: Any) -> list:
    return _claims(evidence_serra_n0_1(widths))


def _sum_widths(widths: Any) -> int:
    return sum(widths)


# ============================================================================ true: TT unfolding ranks
def evidence_tt_unfolding(d: int, n: int, r: int, k: int) -> list:
    """The certified generic rank of the unfolding (modes 0..k-1 vs k..d-1) of a tensor train with mode size n and
    all TT-ranks r, against the minimum cut of the train ``min(r, n^k, n^(d-k))`` (``==``).

    >>> res, rel, value = evidence_tt_unfolding(4, 2, 3, 2)[0]
    >>> res.value, res.status, rel, value
    (3, 'almost-everywhere', '==', 3)
    """
    from ..theorems.tt import tt_generic_rank

    res = tt_generic_rank(d, n, r, f"split:{k}")
    return [(res, "==", min(r, n ** k, n ** (d - k)))]


def check_tt_unfolding(d: int, n: int, r: int, k: int) -> list:
    return _claims(evidence_tt_unfolding(d, n, r, k))


def _tt_size(d: int, n: int, r: int) -> int:
    return d + n + r


# ============================================================================ true: polynomial networks
def evidence_polynomial_dimension(widths: Any, degree: int) -> list:
    """The certified upper bound on the dimension of the neurovariety of ``widths`` (ending in 1) and activation
    degree r, against the number of parameters ``sum d_i d_(i-1)`` (``<=``).

    >>> res, rel, value = evidence_polynomial_dimension((2, 2, 1), 2)[0]
    >>> res.value, res.status, rel, value
    (3, 'upper-bound', '<=', 6)
    """
    from ..theorems.neurovariety import neurovariety_dimension, parameter_count

    ws = tuple(widths)
    return [(neurovariety_dimension(ws, degree).upper_certificate, "<=", parameter_count(ws))]


def check_polynomial_dimension(widths: Any, degree: int) -> list:
    return _claims(evidence_polynomial_dimension(widths, degree))


def _poly_size(widths: Any, degree: int) -> int:
    return sum(widths) + degree


# ============================================================================ the values
_W3 = (1, 2, 3)

CONJECTURES: tuple = (
    Conjecture(
        name="depth-lc-closed-form",
        statement=("For almost every weight setting of a binary-tree deep ConvAC (N inputs, M functions, widths "
                   "r_l), the matricization whose rows are the odd-numbered blocks of 2^(Lc-1) modes has rank "
                   "min{r_0, ..., r_(Lc-1), M^(2^(Lc-1))}^(N/2^Lc)."),
        source=source_text("csh2016", "depth L vs depth L_c, the generalization of Theorem 1, with the span of a "
                           "level-(Lc-1) node in closed form (the certified value follows the recursion "
                           "D_l = min(r_l, r_(l-1), D_(l-1)^2))"),
        space=Space(N=(2, 4, 8), M=(1, 2, 3), widths=lambda N: _width_tuples(_W3, _levels(N)),
                    Lc=lambda N: range(1, _levels(N) + 1)),
        check=check_depth_lc, size=_deep_size,
        expected=("refuted", {"N": 8, "M": 2, "widths": [2, 3, 3], "Lc": 3}), max_size=20),
    Conjecture(
        name="maxout-theorem8-n0-1",
        statement=("A rank-k maxout network with L layers of width n0 = 1 on the real line can have k^(L+n0-1) = "
                   "k^L linear regions."),
        source=source_text("mpcb2014", "Theorem 8 as commonly quoted, for n0 = 1"),
        space=Space(k=(2, 3, 4, 5), L=(1, 2, 3, 4)),
        check=check_maxout_theorem8, size=_maxout_size,
        expected=("refuted", {"k": 3, "L": 2}), max_size=9),
    Conjecture(
        name="overlap-naive-min-cut",
        statement=("For every weight setting of a 1-D GC ConvAC with overlapping windows, rank [A]_{I,J} is at "
                   "most the minimum cut of the network's graph with one vertex per node, whose channel index is "
                   "shared by all the windows that read it."),
        source=source_text("ss2018", "overlapping receptive fields; the min-cut bound of tensor networks applied "
                           "without unfolding the network into a tree (a tempting shortcut, not the paper's claim)"),
        space=Space(N=(2, 3, 4, 5), M=(2, 3), channels=lambda N: _width_tuples(_W3, N - 1),
                    k=lambda N: range(1, N), seed=(1,)),
        check=check_naive_min_cut, size=_naive_size,
        expected=("refuted", {"N": 4, "M": 3, "channels": [2, 1, 1], "k": 2, "seed": 1}), max_size=13),
    Conjecture(
        name="maxpool-observed-maxima",
        statement=("One term of a shallow ReLU network with max pooling has odd-even rank at most the maximum "
                   "observed with random vectors: 3 for N = 4, M = 3; 5 for N = 4, M = 4; 4 for N = 8, M = 2."),
        source=source_text("cs2016", "shallow networks with max pooling, the per-term rank behind the depth "
                           "comparison (the maxima were observed with random vectors)"),
        space=Space(N=(4, 8), M=lambda N: (3, 4) if N == 4 else (2,)),
        check=check_observed_maxima, size=_observed_size,
        expected=("refuted", {"N": 4, "M": 3}), max_size=256),
    Conjecture(
        name="kno2018-ht-to-tt",
        statement=("A tensor given by a hierarchical Tucker network over the balanced binary tree with d = 2^L >= 4 "
                   "inputs, n functions and all HT-ranks r has TT-ranks (ranks of the contiguous unfoldings) at most "
                   "r^(log2(d)/2)."),
        source=source_text("kno2018", "Theorem 2 (after Grasedyck 2010), the TT-ranks of an HT tensor, as printed "
                           "(without a ceiling on the exponent)"),
        space=Space(d=(4, 8), n=(2, 3), r=(1, 2, 3), k=lambda d: range(1, d)),
        check=check_ht_to_tt, size=_tt_size,
        expected=("refuted", {"d": 8, "n": 2, "r": 2, "k": 3}), max_size=14),
    Conjecture(
        name="csh2016-theorem1",
        statement=("For almost every weight setting of a binary-tree deep ConvAC (N inputs, M functions, widths "
                   "r_l), the odd-even matricization has rank at least min(r_0, M)^(N/2)."),
        source=source_text("csh2016", "Theorem 1"),
        space=Space(N=(2, 4, 8), M=(1, 2, 3), widths=lambda N: _width_tuples(_W3, _levels(N))),
        check=check_theorem1, size=_deep_size,
        expected=("holds-up-to", 16), max_size=16),
    Conjecture(
        name="csh2016-low-high-n4",
        statement=("For almost every weight setting of the binary-tree deep ConvAC with N = 4 inputs, M functions "
                   "and widths (r_0, r_1), the low/high matricization has rank min(r_0, r_1, M^2)."),
        source=source_text("csh2016", "the low/high partition; the value min(r_0, r_1, M^2) is derived here from the "
                           "span of each node's tensors"),
        space=Space(M=(1, 2, 3), r0=range(1, 11), r1=range(1, 11)),
        check=check_low_high,
        expected=("holds-up-to", 16), max_size=16),
    Conjecture(
        name="serra2018-bound-reached-n0-1",
        statement=("For one input and hidden widths n_l >= 3 (one to three layers), some ReLU network has "
                   "prod (n_l + 1) activation regions: Serra et al.'s upper bound is reached."),
        source=source_text("str2018", "Theorems 1 and 5 (one input)"),
        space=Space(widths=tuple(w for L in (1, 2, 3) for w in _width_tuples((3, 4, 5), L))),
        check=check_serra_n0_1, size=_sum_widths,
        expected=("holds-up-to", 12), max_size=12),
    Conjecture(
        name="tt-rank-min-cut",
        statement=("For almost every tensor train with d cores, mode size n and all TT-ranks r, the unfolding "
                   "(modes 0..k-1 vs k..d-1) has rank min(r, n^k, n^(d-k)), the minimum cut of the train."),
        source=source_text("kno2018", "tensor trains and their TT-ranks (the cut bound on an unfolding, reached "
                           "for almost every train)"),
        space=Space(d=(2, 3, 4, 5, 6), n=(2, 3), r=(1, 2, 3, 4), k=lambda d: range(1, d)),
        check=check_tt_unfolding, size=_tt_size,
        expected=("holds-up-to", 11), max_size=11),
    Conjecture(
        name="ktb2019-dimension-le-parameters",
        statement=("The neurovariety of a polynomial network with widths (d_0, d_1[, d_2], 1) and activation "
                   "degree r has dimension at most its number of parameters sum d_i d_(i-1)."),
        source=source_text("ktb2019", "section 3 (the dimension of the neurovariety and the parameter count)"),
        space=Space(widths=tuple(w + (1,) for L in (2, 3) for w in _width_tuples(_W3, L)), degree=(2, 3)),
        check=check_polynomial_dimension, size=_poly_size,
        expected=("holds-up-to", 10), max_size=10),
)
