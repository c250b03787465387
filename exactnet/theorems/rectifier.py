r"""Theorems about convolutional rectifier networks (Cohen & Shashua 2016), certified.

**Modes, templates and channels are 0-based.**  Grid tensors have shape ``(T,) * N`` (T templates).
User guide: ``docs/rectifier-theorems.md``; propositions, evidence methods and rules:
``docs/formats/rectifier-theorems.md`` (checked by :mod:`exactnet.kernel.rectifier`, which shares no code
with this module).  Every certificate is a version-2 proposition certificate.

* :func:`realize_shallow_max`, :func:`realize_deep_max`: universality of ReLU + max pooling,
  constructively (the all-ones term and one "mismatch" term per non-zero target entry; width nnz + 1):
  ``realizes(network, target)``, the kernel re-evaluates the network.
* :func:`average_pooling_realizability`: decides whether a target is realizable by ReLU + sum
  (average) pooling networks of any width over a tree (shallow: ``tree=None``); returns ``realizes``
  or ``not_realizable`` (method ``separating-functional``: a rational functional vanishing on every
  realizable tensor); :func:`average_rank_obstruction` is the matricization-rank route (rule
  ``not-realizable-from-block-rank``); :func:`minimal_average_counterexample` searches the smallest 0/1
  counterexample.
* :func:`max_pool_rank_bound_certificate` (``max_pool_term_rank``, ``max_pool_shallow_rank``),
  :func:`max_term_rank_certificate` (rule ``term-rank-attained``), :func:`max_depth_efficiency_certificate`
  (``max_pool_width_needed``, rule ``width-from-rank-and-term-bound``): the shallow max-pool rank bound
  ``1 + (T-1) min(|I|,|J|)`` per term (tight), the deep shared construction ``prod_k delta(d_2k, d_2k+1)``
  of rank ``M^(N/2)``, and the shallow width it forces.
* :func:`incompleteness_certificate` (``box_realizes``), :func:`shallow_collapse_certificate`
  (``shallow_collapse``): open boxes of deep weights verified by signs over the box (``dead-channels``).
* :func:`rectifier_matrix_rank_certificate` (``matricization_rank`` of the network's circuit), :func:`relu_representation_certificate`
  (``representation_det``), :func:`compare_pooling` (``pooling_comparison``, rule ``comparison-table``).

Examples
--------
>>> c = average_pooling_realizability([[1, 0], [0, 1]])
>>> c.kind, c.is_valid()
('not_realizable', True)
>>> max_pool_rank_bound_certificate(4, 3, 1).value
5
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction
from typing import Any, Callable, Sequence

import numpy as np

from ..certificates import Certificate
from ..core.qarray import QArray
from ..core.rational import as_positive_int, to_str
from ..core.result import ResultProtocol
from ..errors import DomainError, InvalidArgumentError, ResourceLimitError, ShapeError
from ..networks import Representation
from ..tensors import Partition, PoolingTree, as_partition, matricize

__all__ = [
    "realize_shallow_max",
    "realize_deep_max",
    "average_pooling_realizability",
    "average_pooling_decomposition",
    "separating_functional",
    "max_pool_rank_bound_certificate",
    "max_term_rank_witness",
    "max_depth_efficiency_network",
    "max_depth_efficiency_certificate",
    "incompleteness_certificate",
    "shallow_collapse_certificate",
    "realization_certificate",
    "rectifier_matrix_rank_certificate",
    "average_rank_obstruction",
    "relu_representation_certificate",
    "max_term_rank_certificate",
    "minimal_average_counterexample",
    "network_layout",
    "compare_pooling",
    "PoolingComparison",
]


#: the largest number of mismatch channels the max-pooling realizations build
MAX_MAX_WIDTH = 1024


# ============================================================================================ input
def _as_target(target: Any, name: str = "target") -> tuple[np.ndarray, QArray]:
    """(object array of Fractions, QArray) of a target grid tensor (order >= 1, all modes the same size)."""
    Q = target if isinstance(target, QArray) else QArray.from_nested(target, name)
    if Q.ndim < 1 or Q.size == 0:
        raise ShapeError(f"Argument '{name}' must be a non-empty tensor of order N >= 1, not of shape {Q.shape}")
    if len(set(Q.shape)) != 1:
        raise ShapeError(
            f"Argument '{name}' must be a grid tensor with all N modes of the same size T (the number of "
            f"templates), not of shape {Q.shape}")
    return Q.to_fractions(), Q


def _tree_for(tree: Any, N: int, name: str = "tree") -> PoolingTree | None:
    if tree is None:
        return None
    t = tree if isinstance(tree, PoolingTree) else PoolingTree.from_nested(tree, N=None, name=name)
    if t.num_modes != N:
        raise ShapeError(f"Argument 'target' must have one mode per leaf of the tree: the tree has N = "
                         f"{t.num_modes} leaves, the target has order {N}")
    return t


def _representation(representation: Any, T: int) -> Representation:
    if representation is None:
        return Representation.identity(T)
    if not isinstance(representation, Representation):
        representation = Representation.from_matrix(representation)
    F = representation.matrix
    if F.shape[0] != T:
        raise ShapeError(f"Argument 'target' must have mode size T = {F.shape[0]} (the representation's number of "
                         f"templates), not {T}")
    return representation


def _inverse(rep: Representation) -> list[list[Fraction]] | None:
    """F^{-1} as Fractions (None for the identity); DomainError if F is not invertible."""
    import flint

    F = rep.matrix
    T, M = F.shape
    Ff = F.to_fractions()
    if T == M and all(Ff[i, j] == (1 if i == j else 0) for i in range(T) for j in range(M)):
        return None
    if T != M:
        raise DomainError(f"Argument 'representation' must have an invertible (square) F to realize every target, "
                          f"not of shape {F.shape}; use relu_templates(templates)")
    mat = flint.fmpq_mat(T, T, [flint.fmpq(int(x.numerator), int(x.denominator)) for x in Ff.flat])
    if mat.det() == 0:
        raise DomainError("Argument 'representation' must have an invertible F (det F = 0); use distinct templates, "
                          "e.g. relu_templates(templates)")
    inv = mat.inv()
    return [[Fraction(int(inv[i, j].p), int(inv[i, j].q)) for j in range(T)] for i in range(T)]


def _leaf_vector(u: Sequence[Fraction], Finv: Any) -> list[Fraction]:
    """The first-layer weights a with F a = u (the conv output at every template)."""
    if Finv is None:
        return [Fraction(x) for x in u]
    return [sum((Finv[i][t] * u[t] for t in range(len(u))), Fraction(0)) for i in range(len(Finv))]


def _fr(x: Any) -> Fraction:
    return x if isinstance(x, Fraction) else Fraction(x)


# ============================================================================================ networks
def _make_net(tree: PoolingTree | None, rep: Representation, leaves: list, nodes: list, out: list, operator: str,
              N: int):
    """Build C's ShallowRectifierNet (tree None) or DeepRectifierNet from explicit Fraction matrices."""
    from ..networks.rectifier import DeepRectifierNet, ShallowRectifierNet

    q = lambda m: QArray.from_nested([[to_str(x) for x in row] for row in m])  # noqa: E731
    if tree is None:
        return ShallowRectifierNet(rep, [q(m) for m in leaves], q(out), operator)
    return DeepRectifierNet(tree, rep, [q(m) for m in leaves], [q(m) for m in nodes], q(out), operator)


def network_layout(net: Any) -> dict:
    """The network (output 0) in the explicit form the certificate kernel reads (``docs/formats/rectifier.md``).

    >>> from exactnet.networks.rectifier import DeepRectifierNet
    >>> network_layout(DeepRectifierNet.random(4, 2, (2, 1), "relu-max", seed=0))["operator"]
    'relu-max'
    """
    from ..networks.rectifier import explicit_form

    return explicit_form(net, 0)


def _cert(d: dict) -> Any:
    return Certificate.from_dict(d)


def _v2(quantity: str, obj: dict, relation: str, value: Any, evidence: dict) -> dict:
    from ..networks.rectifier import proposition_certificate

    return proposition_certificate(quantity, obj, relation, value, evidence)


def _tensor(T: Any) -> dict:
    from ..networks.rectifier import tensor_object

    return tensor_object(T)


def _part_json(part: Partition) -> dict:
    return {"rows": list(part.rows), "cols": list(part.cols)}


def _json_copy(x: Any) -> Any:
    """A copy sharing nothing with ``x`` (a certificate's parts must not alias one another)."""
    import json

    return json.loads(json.dumps(x))


def _rank_certificate(net: Any, part: Partition) -> tuple[int, dict]:
    """``(R, certificate of matricization_rank(circuit of the network's output 0, rows) = R)``: the kernel recomputes
    the grid tensor from the circuit (``exactnet.networks.circuits.to_circuit`` of the network in explicit form)."""
    from ..certificates.ranks import network_rank
    from ..networks.rectifier import from_explicit_form

    res = network_rank(from_explicit_form(network_layout(net)), part, 0)
    return int(res.value), res.certificate.to_dict()


def realization_certificate(net: Any, target: QArray, claim: str = "", extra: dict | None = None) -> Certificate:
    """A certificate that ``net`` (output 0) realizes ``target`` exactly: ``realizes(network, target)``; the
    kernel re-evaluates the network.  ``claim`` and ``extra`` are accepted for compatibility and ignored (the
    kernel renders the claim from the proposition).

    >>> from exactnet.networks.rectifier import ShallowRectifierNet
    >>> net = ShallowRectifierNet.random(2, 2, 1, "relu-sum", seed=1)
    >>> realization_certificate(net, net.grid_tensor(output=0)).is_valid()
    True
    """
    from ..networks.rectifier import realization_certificate as _realization

    return _cert(_realization(net, target))


# ============================================================================================ universality (max)
def _max_weights(A: np.ndarray, tree: PoolingTree | None, Finv: Any):
    """Leaf, node and output matrices of the max-pooling realization of A.

    Channel 0 is the all-ones channel (entries 1 everywhere), channel k >= 1 the mismatch indicator of the
    k-th non-zero entry d* (1 unless d = d*); ``A = (sum A) * 1 - sum_{d*} A[d*] * mismatch(d*)``.
    """
    N, T = A.ndim, A.shape[0]
    support = [d for d in np.ndindex(*A.shape) if A[d] != 0]
    if len(support) > MAX_MAX_WIDTH:
        raise ResourceLimitError(
            f"the max-pooling realization of this target needs width {len(support) + 1} (one mismatch channel per "
            f"non-zero entry); this toolkit builds and re-evaluates at most {MAX_MAX_WIDTH + 1}: use a smaller "
            "target (fewer non-zero entries, smaller N or M)")
    S = sum((A[d] for d in support), Fraction(0))
    chans = [None] + support
    Z = len(chans)
    leaves = []
    for i in range(N):
        rows = []
        for d in chans:
            u = [Fraction(1)] * T if d is None else [Fraction(int(t != d[i])) for t in range(T)]
            rows.append(_leaf_vector(u, Finv))
        leaves.append(rows)
    out = [[S] + [-A[d] for d in support]]
    nodes = []
    if tree is not None:
        eye = [[Fraction(int(a == b)) for b in range(Z)] for a in range(Z)]
        nodes = [eye for _ in tree.internal_nodes()]
    return leaves, nodes, out, Z


def _universality(target: Any, tree: Any, representation: Any, deep: bool) -> Certificate:
    A, Q = _as_target(target)
    N, T = A.ndim, A.shape[0]
    if N < 2:
        raise ShapeError(f"Argument 'target' must have order N >= 2 (a network pools at least two inputs), "
                         f"not {N}")
    t = _tree_for(tree if tree is not None else (PoolingTree.binary(N) if deep else None), N)
    rep = _representation(representation, T)
    Finv = _inverse(rep)
    leaves, nodes, out, Z = _max_weights(A, t, Finv)
    net = _make_net(t, rep, leaves, nodes, out, "relu-max", N)
    grid = net.grid_tensor(output=0)
    if grid != Q:  # pragma: no cover - the construction is exact
        raise DomainError("internal error: the max-pooling construction does not reproduce the target")
    nnz = Z - 1
    where = f"deep, tree {t.to_nested()}" if t is not None else "shallow"
    size = net.num_parameters
    claim = (f"Universality of ReLU + max pooling, {where}: this relu-max network with width "
             f"{Z} (= {nnz} non-zero target entries + 1; the general bound is T^N + 1 = {T ** N + 1}) and "
             f"{size} weights realizes the given {T}^{N} target grid tensor exactly.")
    return realization_certificate(net, Q, claim, {
        "construction": ("all-ones channel (weight sum of A) minus one mismatch channel per non-zero entry d* "
                         "(1 unless d = d*; mismatches compose under max pooling)"),
        "width": Z, "weights": size, "general_width": T ** N + 1})


def realize_shallow_max(target: Any, *, representation: Any = None) -> Certificate:
    """A shallow ReLU + max-pooling network realizing ``target`` exactly, as a certificate.

    Width ``Z = nnz(target) + 1`` (at most ``T^N + 1``).  With an invertible representation matrix F the
    first-layer weights solve ``F a = v`` exactly.

    >>> c = realize_shallow_max([[1, 2], [3, 4]])
    >>> len(c.to_dict()["proposition"]["object"]["network"]["leaf_weights"][0]), c.is_valid()
    (5, True)
    >>> realize_shallow_max([1, 2])
    Traceback (most recent call last):
      ...
    exactnet.errors.ShapeError: Argument 'target' must have order N >= 2 (a network pools at least two inputs), not 1
    """
    return _universality(target, None, representation, deep=False)


def realize_deep_max(target: Any, tree: Any = None, *, representation: Any = None) -> Certificate:
    """A deep ReLU + max-pooling network over ``tree`` (default binary) realizing ``target`` exactly.

    Width ``nnz(target) + 1`` in every layer; the mismatch indicators compose under max pooling.

    >>> c = realize_deep_max([[[0, 1], [1, 0]], [[1, 0], [0, 1]]], tree=[[0, 1], 2])
    >>> len(c.to_dict()["proposition"]["object"]["network"]["leaf_weights"][0]), c.is_valid()
    (5, True)
    """
    A, _ = _as_target(target)
    return _universality(target, tree if tree is not None else PoolingTree.binary(A.ndim) if A.ndim >= 2 else None,
                         representation, deep=True)


# ============================================================================================ average pooling
def _blocks(tree: PoolingTree | None, N: int) -> list[list[int]]:
    if tree is None:
        return [[i] for i in range(N)]
    return [sorted(tree.modes_under(c)) if not tree.is_leaf(c) else [c] for c in tree.children(tree.root)]


def _marginal_mean(A: np.ndarray, blk: list[int]) -> np.ndarray:
    """E[A | d_blk] broadcast back to A's shape (uniform measure on the grid)."""
    others = tuple(i for i in range(A.ndim) if i not in blk)
    count = math.prod(A.shape[i] for i in others)
    S = A.sum(axis=others, keepdims=True) if others else A
    return np.broadcast_to(S, A.shape) * Fraction(1, count)


def average_pooling_decomposition(target: Any, tree: Any = None) -> tuple[np.ndarray, list, np.ndarray]:
    """``(P, blocks, L)``: the projection of the target onto the block span and the residual ``L = A - P``.

    The span of the tensors depending only on block c (one block per child of the root; shallow: one
    per mode) is ``const + (+)_c V_c^0`` with orthogonal mean-zero parts for the uniform measure, so
    ``P = sum_c E[A | d_c] - (k - 1) mean(A)`` (k blocks).  A is in the span iff ``L = 0``; otherwise
    ``L . A = |L|^2 > 0`` and L annihilates the span.

    >>> P, blocks, L = average_pooling_decomposition([[1, 0], [0, 1]])
    >>> blocks, [str(x) for x in L.flat]
    ([[0], [1]], ['1/2', '-1/2', '-1/2', '1/2'])
    """
    A, _ = _as_target(target)
    t = _tree_for(tree, A.ndim)
    blocks = _blocks(t, A.ndim)
    mean = A.sum() * Fraction(1, A.size)
    P = sum((_marginal_mean(A, b) for b in blocks), np.full(A.shape, -(len(blocks) - 1) * mean, dtype=object))
    P = np.array(P, dtype=object)
    return P, blocks, A - P


def separating_functional(target: Any, tree: Any = None) -> np.ndarray | None:
    """An integer functional L (the residual, scaled) with zero block marginals and ``L . target > 0``; None if realizable.

    >>> separating_functional([[1, 0], [0, 1]]).tolist()
    [[1, -1], [-1, 1]]
    >>> separating_functional([[1, 2], [3, 4]]) is None
    True
    """
    _, _, L = average_pooling_decomposition(target, tree)
    if all(x == 0 for x in L.flat):
        return None
    den = math.lcm(*(x.denominator for x in L.flat))
    num = [int(x * den) for x in L.flat]
    g = math.gcd(*num)
    return np.array([x // g for x in num], dtype=object).reshape(L.shape)


def _sum_weights(A: np.ndarray, tree: PoolingTree | None, Finv: Any, P: np.ndarray, blocks: list):
    """Leaf/node/output matrices of a relu-sum network realizing ``P = sum_c B_c(d_c)`` (see the guide)."""
    N, T = A.ndim, A.shape[0]
    flat = tree if tree is not None else PoolingTree.from_nested(tuple(range(N)), N=N)
    root = flat.root
    kids = list(flat.children(root))
    k_root = len(kids)
    # B_c: a split of P into per-block functions
    mean = A.sum() * Fraction(1, A.size)
    shift = (k_root - 1) * mean / k_root
    Bs = []
    for blk in blocks:
        m = _marginal_mean(A, blk)
        Bs.append({b: m[tuple(b[blk.index(i)] if i in blk else 0 for i in range(N))] - shift
                   for b in itertools.product(range(T), repeat=len(blk))})
    modes = {}

    def modes_of(v):
        if v not in modes:
            modes[v] = [v] if isinstance(v, int) else sorted(flat.modes_under(v))
        return modes[v]

    widest = max([sum(T ** len(modes_of(c)) for c in kids)] +
                 [T ** len(modes_of(v)) + 1 for v in flat.internal_nodes()])
    if widest > 512:
        raise ResourceLimitError(
            f"the average-pooling realization of this target needs layers of {widest} channels (indicators of every "
            "assignment of a block); use a tree with smaller blocks, or ask only for the decision: "
            "separating_functional(target, tree) is None exactly when the target is realizable")
    root_channels = [(c, b) for c in range(k_root) for b in itertools.product(range(T), repeat=len(modes_of(kids[c])))]

    def channels(v) -> list:
        """Channel descriptors of node/leaf v: ('ind', modes, assignment) | ('const',) ."""
        p = flat.parent(v)
        if p == root:
            c = kids.index(v)
            return [("ind", tuple(b)) if cc == c else ("zero",) for cc, b in root_channels]
        pm = modes_of(p)
        vm = modes_of(v)
        return [("ind", tuple(b[pm.index(i)] for i in vm)) for b in itertools.product(range(T), repeat=len(pm))] + [
            ("const",)]

    # level widths (pad with zero channels)
    all_nodes = [i for i in range(N)] + list(flat.internal_nodes())
    level = {v: (flat.leaf_level(v) if isinstance(v, int) else flat.node_level(v)) for v in all_nodes}
    width: dict[int, int] = {}
    chans = {v: channels(v) for v in all_nodes}
    for v in all_nodes:
        width[level[v]] = max(width.get(level[v], 0), len(chans[v]))
    for v in all_nodes:
        chans[v] = chans[v] + [("zero",)] * (width[level[v]] - len(chans[v]))
    leaves = []
    for i in range(N):
        rows = []
        for ch in chans[i]:
            if ch[0] == "ind":
                u = [Fraction(int(t == ch[1][0])) for t in range(T)]
            elif ch[0] == "const":
                u = [Fraction(1)] * T
            else:
                u = [Fraction(0)] * T
            rows.append(_leaf_vector(u, Finv))
        leaves.append(rows)
    nodes = []
    for v in flat.internal_nodes():
        vm = modes_of(v)
        kid_count = len(flat.children(v))
        r_in = len(chans[flat.children(v)[0]])
        assigns = list(itertools.product(range(T), repeat=len(vm)))
        const_col = len(assigns)
        W = []
        for ch in chans[v]:
            row = [Fraction(0)] * r_in
            if ch[0] == "ind":
                row[assigns.index(ch[1])] = Fraction(1)
                row[const_col] = Fraction(-(kid_count - 1), kid_count)
            elif ch[0] == "const":
                row[const_col] = Fraction(1, kid_count)
            W.append(row)
        nodes.append(W)
    out = [[Bs[c][b] for c, b in root_channels] + [Fraction(0)] * (width[level[kids[0]]] - len(root_channels))]
    return leaves, nodes, out, width


def _sum_operator(operator: Any, target: QArray) -> str:
    """'relu-sum' or 'linear-sum'; a custom operator is first checked for commutativity/associativity."""
    from ..tensors.generalized import PoolingOperator, get_operator

    if isinstance(operator, PoolingOperator) and not operator.is_builtin:
        operator.check_on(sorted(set(target.to_fractions().flat))[:10])  # refuses a non-associative g, naming (a, b, c)
    op = get_operator(operator, "operator")
    if op.name not in ("relu-sum", "linear-sum"):
        raise InvalidArgumentError(
            f"Argument 'operator' must be 'relu-sum' (ReLU + average pooling) or 'linear-sum', not {op.name!r}: "
            "realizability is decided here for sum pooling only (max pooling is universal: realize_shallow_max)")
    return op.name


def average_pooling_realizability(target: Any, tree: Any = None, *, representation: Any = None,
                                  operator: Any = "relu-sum") -> Certificate:
    """Decide whether ``target`` is the grid tensor of some ReLU + sum (average) pooling network, of any width.

    Shallow network for ``tree=None``, else deep over ``tree``.  Mathematics (derived
    here with care): with ``g(a, b) = max(a, 0) + max(b, 0)`` the root pools
    ``sum_c max(phi_c, 0)`` over its children c, so every grid tensor is ``sum_c B_c(d restricted to
    block c)``; conversely every such sum is realized (ReLU of a sum of indicators minus (k - 1) is
    the indicator of an assignment of a block).  Hence: realizable iff the target lies in the span of
    the block tensors.  Returns a ``realizes`` certificate (explicit network, re-evaluated by the
    kernel) or a ``not_realizable`` certificate (a rational functional vanishing on the span, not
    on the target).

    >>> average_pooling_realizability([[1, 2], [3, 4]]).is_valid()   # 1 + d_0 + 2 d_1: realizable
    True
    >>> c = average_pooling_realizability([[[1, 0], [0, 1]], [[0, 1], [1, 0]]], tree=[[0, 1], 2])
    >>> c.kind, c.to_dict()["proposition"]["object"]["family"], c.is_valid()
    ('not_realizable', {'operator': 'relu-sum', 'tree': [[0, 1], 2]}, True)
    """
    A, Q = _as_target(target)
    N, T = A.ndim, A.shape[0]
    if N < 2:
        raise ShapeError(f"Argument 'target' must have order N >= 2 (a network pools at least two inputs), not {N}")
    t = _tree_for(tree, N)
    rep = _representation(representation, T)
    op = _sum_operator(operator, Q)
    P, blocks, L = average_pooling_decomposition(Q, t if op == "relu-sum" else None)
    where = f"deep, over the tree {t.to_nested()}" if t is not None else "shallow"
    if any(x != 0 for x in L.flat):
        Li = separating_functional(Q, t)
        family = {"operator": op, "tree": t.to_nested() if t is not None else None}
        return _cert(_v2("not_realizable", {"family": family, "target": _tensor(Q)}, "holds", None, {
            "method": "separating-functional",
            "functional": _tensor(QArray.from_integers(np.array(Li, dtype=object)))}))
    Finv = _inverse(rep)
    if op == "linear-sum":  # width 1: leaf i outputs u_i(d_i) (F a = u_i), every node adds, the output copies
        us = [_marginal_mean(A, [i]) for i in range(N)]
        mean = A.sum() * Fraction(1, A.size)
        leaves = [[_leaf_vector([us[i][tuple(tt if k == i else 0 for k in range(N))] - (N - 1) * mean / N
                                 for tt in range(T)], Finv)] for i in range(N)]
        nodes = [[[Fraction(1)]] for _ in (t.internal_nodes() if t is not None else ())]
        net = _make_net(t, rep, leaves, nodes, [[Fraction(1)]], "linear-sum", N)
    else:
        leaves, nodes, out, width = _sum_weights(A, t, Finv, P, blocks)
        net = _make_net(t, rep, leaves, nodes, out, "relu-sum", N)
    grid = net.grid_tensor(output=0)
    if grid != Q:  # pragma: no cover - the construction is exact
        raise DomainError("internal error: the sum-pooling construction does not reproduce the target")
    claim = (f"The {T}^{N} target grid tensor is realizable by {op} pooling ({where}): it is a sum of "
             f"functions of the blocks {blocks}, and this {op} network with widths {list(net.widths)}"
             f"{f' (Z = {net.widths[0]})' if t is None else ''} and {net.num_parameters} weights realizes it exactly.")
    return realization_certificate(net, Q, claim, {"blocks": blocks, "widths": list(net.widths)})


# ============================================================================================ max-pool rank bound
def _per_term(T: int, I: int, J: int) -> int:
    k = min(I, J)
    return min(1 + (T - 1) * k, T ** k)


def max_pool_rank_bound_certificate(N: int, M: int, Z: int, partition: Any = "odd-even",
                                    network: Any = None) -> Certificate:
    """Certified upper bound on ``rank [A]_{I,J}`` for every shallow ReLU + max-pool network with Z channels.

    One term ``v^0 (x)_g ... (x)_g v^(N-1)`` (g = max(a, b, 0)) has entries ``max(U(d_I), V(d_J), 0)``; rows
    with equal ``max(U, 0)`` are equal and U takes at most ``|I|(T - 1) + 1`` relevant values, so a term has
    rank <= ``1 + (T - 1) min(|I|, |J|)`` (and <= ``T^min(|I|,|J|)``): ``max_pool_term_rank`` (method
    ``term-rank-argument``).  Z = 1 is that statement; for Z > 1 the rule ``sum-of-term-ranks`` (rank is
    subadditive) gives ``max_pool_shallow_rank <= Z b``.  ``M`` is the number of templates T.  ``network``, a
    shallow relu-max network with these N, T and Z, is only validated (the bound holds for every network).

    >>> c = max_pool_rank_bound_certificate(4, 3, 2)
    >>> c.to_dict()["proposition"]["value"], c.is_valid()
    (10, True)
    """
    N, T, Z = as_positive_int(N, "N"), as_positive_int(M, "M"), as_positive_int(Z, "Z")
    part = as_partition(partition, N)
    if network is not None:
        if getattr(network, "operator", None) is None or network.operator.name != "relu-max" or network.N != N:
            raise InvalidArgumentError("Argument 'network' must be a shallow relu-max network with the same N")
        if hasattr(network, "tree") or network.Z != Z or network.T != T:
            raise InvalidArgumentError(f"Argument 'network' must be a ShallowRectifierNet with Z = {Z} and T = {T}")
    b = _per_term(T, len(part.rows), len(part.cols))
    obj = {"num_inputs": N, "T": T, "partition": _part_json(part)}
    term = _v2("max_pool_term_rank", obj, "<=", b, {"method": "term-rank-argument"})
    if Z == 1:
        return _cert(term)
    return _cert(_v2("max_pool_shallow_rank", dict(obj, Z=Z), "<=", Z * b,
                     {"rule": "sum-of-term-ranks", "premises": [term], "params": {"Z": Z}}))


def max_term_rank_witness(N: int, M: int) -> tuple[list[list[int]], int, Certificate]:
    """Vectors of one max-pool term whose odd-even matricization reaches the per-term bound ``1 + (M-1)N/2``.

    Row-mode vectors take the even values ``0, 2, 4, ...``, column-mode vectors the odd ones, interleaved,
    so U and V take ``(M - 1) N/2 + 1`` values each and the matrix ``max(U_r, V_c)`` has full rank.
    Returns ``(vectors, rank, matrix-rank certificate)``.

    >>> vecs, r, cert = max_term_rank_witness(4, 3)
    >>> r, cert.is_valid()
    (5, True)
    """
    from ..core.linalg import rank

    N, M = as_positive_int(N, "N"), as_positive_int(M, "M")
    if N % 2:
        raise InvalidArgumentError(f"Argument 'N' must be even (odd-even partition), not {N}")
    k = N // 2
    vecs: list[list[int]] = [[0] * M for _ in range(N)]
    # U values 0, 2, ..., 2k(M-1): vector of row mode 2j holds -1-j (never the max) then its own block of values
    for side in (0, 1):
        for j in range(k):
            i = 2 * j + side
            if j == 0:
                vals = [2 * x + side for x in range(M)]
            else:
                vals = [-1 - j] + [2 * (M - 1 + (j - 1) * (M - 1) + x) + side for x in range(1, M)]
            vecs[i] = vals
    part = Partition.named("odd-even", N)
    g = np.zeros((M,) * N, dtype=np.int64)
    for d in np.ndindex(*g.shape):
        g[d] = max(max(vecs[i][d[i]] for i in range(N)), 0)
    res = rank(matricize(QArray.from_integers(g), part))
    return vecs, int(res.rank), Certificate.from_dict(res.certificate.to_dict())


# ============================================================================================ depth efficiency (max)
def max_depth_efficiency_network(N: int, M: int):
    """The shared deep ReLU + max-pool network (widths r_0 = M + 1, r_l = 2, F = I).

    Layer 0: indicator channels e_c and a constant channel; conv 1: ``sum_c max(e_c(d), e_c(d')) - 1 =
    1 - delta(d, d')`` (a mismatch) and the constant; max pooling composes mismatches; output:
    constant - mismatch = ``prod_k delta(d_2k, d_2k+1)`` (0-based pairs).

    >>> net = max_depth_efficiency_network(4, 2)
    >>> net.grid_tensor(output=0)[0, 0, 1, 1], net.grid_tensor(output=0)[0, 1, 0, 0]
    (Fraction(1, 1), Fraction(0, 1))
    """
    from ..networks.rectifier import DeepRectifierNet

    N, M = as_positive_int(N, "N"), as_positive_int(M, "M")
    tree = PoolingTree.binary(N)
    if tree.height < 1 or N & (N - 1):
        raise InvalidArgumentError(f"Argument 'N' must be a power of 2 >= 2 (binary tree), not {N}")
    leaf = [[int(c == m) for m in range(M)] for c in range(M)] + [[1] * M]
    nodes = ([[[1] * M + [-1], [0] * M + [1]]] + [[[1, 0], [0, 1]] for _ in range(tree.height - 2)]
             if tree.height > 1 else [])
    # N = 2 (no conv 1): delta = 2 - sum_c max(e_c(d), e_c(d')), the constant channel pooling to 1
    out = [[-1, 1]] if tree.height > 1 else [[-1] * M + [2]]
    return DeepRectifierNet(tree, Representation.identity(M), [leaf], nodes, out, "relu-max", shared=True)


def max_depth_efficiency_certificate(N: int, M: int) -> Certificate:
    """The deep shared construction's grid tensor, its exact odd-even rank M^(N/2), and the shallow width forced.

    ``max_pool_width_needed(relu-max, grid tensor of the network) >= ceil(R / (1 + (M - 1) N/2))`` by the rule
    ``width-from-rank-and-term-bound`` on ``matricization_rank(circuit of the network, odd-even) = R`` (the kernel
    re-evaluates the network and rebuilds the matricization) and the per-term bound.

    >>> c = max_depth_efficiency_certificate(4, 2)
    >>> c.to_dict()["proposition"]["value"], c.is_valid()
    (2, True)
    """
    net = max_depth_efficiency_network(N, M)
    return _cert(_width_certificate(net, Partition.named("odd-even", N))[1])


def _width_certificate(net: Any, part: Partition) -> tuple[int, dict, int]:
    """``(R, certificate of max_pool_width_needed(relu-max, grid tensor of net) >= ceil(R / b), b)``: the rule
    width-from-rank-and-term-bound on the network's exact rank and the per-term bound."""
    R, rank_cert = _rank_certificate(net, part)
    b = _per_term(net.T, len(part.rows), len(part.cols))
    term = _v2("max_pool_term_rank", {"num_inputs": net.N, "T": net.T, "partition": _part_json(part)}, "<=", b,
               {"method": "term-rank-argument"})
    obj = {k: _json_copy(rank_cert["proposition"]["object"][k]) for k in ("circuit", "output")}
    return R, _v2("max_pool_width_needed", {"operator": "relu-max", **obj},
                  ">=", -(-R // b), {"rule": "width-from-rank-and-term-bound", "premises": [rank_cert, term]}), b


# ============================================================================================ incompleteness
def _box_setup(N: Any, M: Any, widths: Any, operator: str, conv1: bool = False) -> tuple:
    """``(N, M, binary tree, widths)`` of the box certificates, validated (default widths 2 per level)."""
    N, M = as_positive_int(N, "N"), as_positive_int(M, "M")
    tree = PoolingTree.binary(N)
    if conv1 and (tree.height < 2 or any(tree.leaf_level(i) != 0 for i in range(N))):
        raise InvalidArgumentError(f"Argument 'N' must be a power of 2 >= 4 so that every input passes a conv layer 1 "
                                   f"below the output, not {N}")
    ws = tuple(widths) if widths is not None else (2,) * tree.height
    if len(ws) != tree.height:
        raise InvalidArgumentError(f"Argument 'widths' must hold {tree.height} widths, not {ws}")
    if operator not in ("relu-max", "relu-sum"):
        raise InvalidArgumentError(f"Argument 'operator' must be 'relu-max' or 'relu-sum', not {operator!r}")
    return N, M, tree, ws


def _box_layout(operator: str, M: int, tree: PoolingTree, leaves: list, nodes: list, out: list) -> tuple[dict, int]:
    """The explicit network form (F = I) of interval weights, and its number of free weights."""
    layout = {"operator": operator, "num_inputs": tree.num_modes, "tree": tree.to_nested(),
              "F": [[str(int(i == j)) for j in range(M)] for i in range(M)],
              "leaf_weights": leaves, "node_weights": nodes, "output_weights": out}
    return layout, sum(len(m) * len(m[0]) for m in leaves + nodes + [out])


def incompleteness_certificate(N: int = 4, M: int = 2, widths: Any = None, *, operator: str = "relu-max") -> Certificate:
    """An open box of deep weights (positive measure) on which the network's grid tensor is 0.

    Box: leaf weights in (-1, 1), conv-1 (level-1 node) weights in (-2, -1), higher conv weights and output
    weights in (-1, 1).  The checker reasons by signs over the closed box: every conv-1 channel sees pooled
    ReLU outputs (>= 0) through negative weights, so it is dead, and so is everything above it.  Zero is realized by a shallow network with one channel (output weight 0).

    >>> c = incompleteness_certificate(4, 2)
    >>> "open box of positive measure" in c.claim, c.kind
    (True, 'box_realizes')
    """
    N, M, tree, ws = _box_setup(N, M, widths, operator, conv1=True)
    box = lambda lo, hi, r, c: [[{"open": [lo, hi]} for _ in range(c)] for _ in range(r)]  # noqa: E731
    leaves = [box("-1", "1", ws[tree.leaf_level(i)], M) for i in range(N)]
    nodes = []
    for v in tree.internal_nodes():
        lvl = tree.node_level(v)
        nodes.append(box("-2", "-1", ws[lvl], ws[lvl - 1]) if lvl == 1 else box("-1", "1", ws[lvl], ws[lvl - 1]))
    out = box("-1", "1", 1, ws[tree.height - 1])
    layout, free = _box_layout(operator, M, tree, leaves, nodes, out)
    return _cert(_v2("box_realizes", {"box": layout, "target": _tensor(QArray.zeros((M,) * N))}, "holds", None,
                     {"method": "dead-channels"}))



# ============================================================================================ more provers
def rectifier_matrix_rank_certificate(net: Any, partition: Any = "odd-even") -> Certificate:
    """Exact rank of a matricization of a rectifier network's grid tensor (one output), tied to the network.

    ``matricization_rank({"circuit", "output": 0, "rows"}) = R`` of the network's circuit: the kernel evaluates it through
    the circuit evaluator, rebuilds the matricization and verifies the rank evidence (``minor-and-factorization``:
    a minor non-singular modulo a prime and a column factorization).

    >>> from exactnet.networks.rectifier import ShallowRectifierNet
    >>> net = ShallowRectifierNet.random(4, 3, 1, "relu-sum", seed=2)
    >>> rectifier_matrix_rank_certificate(net, "odd-even").to_dict()["proposition"]["value"] <= 2
    True
    """
    part = as_partition(partition, net.N)
    return _cert(_rank_certificate(net, part)[1])


def relu_representation_certificate(templates: Sequence[Any] = (0, 1, 2), epsilon: Any = "1/2") -> Certificate:
    """F and det F of the ReLU representation functions ( t = (0, 1, 2), eps = 1/2: det 1/8).

    >>> c = relu_representation_certificate()
    >>> c.to_dict()["proposition"]["value"], c.is_valid()
    ('1/8', True)
    """
    from ..networks.rectifier import relu_templates

    rep, F, d = relu_templates(list(templates), epsilon=epsilon)
    return _cert(_v2("representation_det", {"representation": rep.to_dict()}, "=", to_str(d),
                     {"method": "exact-elimination"}))


def max_term_rank_certificate(N: int = 4, M: int = 3) -> Certificate:
    """The maximum rank of one shallow max-pool term is exactly ``1 + (M-1) N/2`` (odd-even).

    Rule ``term-rank-attained``: (0) the exact odd-even rank of a one-channel relu-max network built from
    :func:`max_term_rank_witness` (``matricization_rank`` of its circuit, the network in ``params``); (1) the per-term bound for every such term
    (``max_pool_term_rank <= b``); the rank reaches the bound, so the maximum is ``= b``.

    >>> c = max_term_rank_certificate(4, 3)
    >>> c.to_dict()["proposition"]["value"], c.is_valid()
    (5, True)
    """
    from ..networks.rectifier import ShallowRectifierNet

    vecs, r, _ = max_term_rank_witness(N, M)
    net = ShallowRectifierNet(Representation.identity(M), [[v] for v in vecs], [[1]], "relu-max")
    part = Partition.named("odd-even", N)
    R, rank_cert = _rank_certificate(net, part)
    b = _per_term(M, len(part.rows), len(part.cols))
    bound = max_pool_rank_bound_certificate(N, M, 1, part).to_dict()
    return _cert(_v2("max_pool_term_rank", {"num_inputs": N, "T": M, "partition": _part_json(part)}, "=", b,
                     {"rule": "term-rank-attained", "premises": [rank_cert, bound],
                      "params": {"network": network_layout(net)}}))


def minimal_average_counterexample(N: int = 2, M: int = 2, tree: Any = None) -> Certificate:
    """Search 0/1 targets by number of ones (then lexicographically) for the first one that ReLU + sum
    pooling cannot realize; return its ``not_realizable`` certificate.

    >>> c = minimal_average_counterexample(2, 2)
    >>> c.to_dict()["proposition"]["object"]["target"]["entries"], c.is_valid()
    ([['1', '0'], ['0', '0']], True)
    """
    N, M = as_positive_int(N, "N"), as_positive_int(M, "M")
    if M ** N > 4096:
        raise InvalidArgumentError(f"Arguments 'N', 'M': the search is for small grids (M^N <= 4096), not {M}^{N}")
    t = _tree_for(tree, N)
    cells = list(np.ndindex(*(M,) * N))
    for k in range(1, len(cells) + 1):
        for ones in itertools.combinations(range(len(cells)), k):
            A = np.zeros((M,) * N, dtype=np.int64)
            for j in ones:
                A[cells[j]] = 1
            Q = QArray.from_integers(A)
            if separating_functional(Q, t) is not None:
                return average_pooling_realizability(Q, t)
    raise DomainError(f"every 0/1 target with N={N}, M={M} is realizable by ReLU + sum pooling")  # pragma: no cover


# ============================================================================================ comparison
from dataclasses import dataclass, field as _field  # noqa: E402

_POOLINGS = (("product", "product"), ("max", "relu-max"), ("average", "relu-sum"))


@dataclass(frozen=True)
class PoolingComparison(ResultProtocol):
    """Product vs max vs average pooling on one architecture; every figure comes with a valid certificate.

    ``rows``: one mapping per pooling with keys ``pooling``, ``operator``, ``universal`` (bool),
    ``rank`` (odd-even rank reached by the deep networks of these widths: generic for product, a
    certified witness for max and average), ``rank_status``, ``shallow_width_forced`` (int, or None when
    no lower bound is stated: for average pooling the witness is either not shallow-realizable at any
    width, or realizable and then ``shallow_width_sufficient`` is the width of an explicit
    realization), and ``certificates``
    (``universality``, ``rank``, ``width``: Certificate or None; ``units``: a tuple of certificates, see
    below).  ``universal_status`` says how "universal" is backed: ``"certified"`` (product and max with
    ``M^N <= UNIT_LIMIT``: every unit target ``e_d`` is realized by a certified shallow network, and the
    realizable set of shallow networks of one operator is a linear space, since the sum of two networks is
    a network whose width is the sum of the widths, so it is everything), ``"construction"`` (larger
    ``M^N``: the general construction of ``cs2016-universality`` plus one certified coupling target) or
    ``"certified-not"`` (average: the ``not_realizable`` certificate).  :attr:`certificate` packs the
    whole table into one ``pooling_comparison`` certificate from which the kernel derives every figure.

    The result protocol: the table is a statement that holds, so ``value`` is None (the figures are in
    ``rows`` and in the certificate's proposition), ``status`` ``"exact"``, ``field`` ``"Q"``,
    ``certificate`` the ``pooling_comparison`` certificate and ``check()`` its kernel report.
    """

    value = None
    status = "exact"
    field = "Q"

    M: int
    N: int
    tree: Any
    widths: tuple
    rows: tuple = _field(default=())

    def to_dict(self) -> dict:
        """JSON-ready summary (certificate kinds, not the certificates)."""
        out = []
        for r in self.rows:
            out.append({k: v for k, v in r.items() if k not in ("certificates", "network")}
                       | {"certificates": {k: self._kind(c) for k, c in r["certificates"].items()}})
        return {"M": self.M, "N": self.N, "tree": self.tree, "widths": list(self.widths), "rows": out}

    @staticmethod
    def _kind(c: Any) -> Any:
        if isinstance(c, tuple):
            return f"{len(c)} x {c[0].kind}" if c else None
        return c.kind if c is not None else None

    def table(self) -> str:
        """A plain-text table."""
        head = f"{'pooling':<9} {'operator':<9} {'universal':<10} {'rank reached':<22} {'shallow width forced':<22}"
        lines = [f"M={self.M}, N={self.N}, tree {self.tree}, widths {list(self.widths)} (odd-even partition, 0-based)",
                 head, "-" * len(head)]
        for r in self.rows:
            w = r["shallow_width_forced"]
            suff = r.get("shallow_width_sufficient")
            ws = f"Z >= {w}" if w is not None else (f"realizable, Z = {suff} suffices" if suff else "not realizable")
            uni = ("yes" if r["universal"] else "no") + ("*" if r.get("universal_status") == "construction" else "")
            lines.append(f"{r['pooling']:<9} {r['operator']:<9} {uni:<10} "
                         f"{str(r['rank']) + ' (' + r['rank_status'] + ')':<22} {ws:<22}")
        units = [r for r in self.rows if r.get("universal_status") == "certified"]
        if units:
            lines.append(f"universal = yes: every unit target e_d ({self.M}^{self.N} = {self.M ** self.N}) is realized by a "
                         "certified shallow network (realizable sets are linear spaces)")
        if any(r.get("universal_status") == "construction" for r in self.rows):
            lines.append("yes*: by the general construction (cs2016-universality) and one certified target; M^N is "
                         f"above {UNIT_LIMIT}, so the unit targets are not certified one by one")
        return "\n".join(lines)

    def claim(self) -> str:
        """The table in one sentence: every row's figures (the ``pooling_comparison`` proposition states them).

        >>> "max (relu-max): universal yes, rank 4 (construction), shallow Z >= 2" in compare_pooling(4, 2).claim()
        True
        """
        rows = []
        for r in self.rows:
            w, s = r["shallow_width_forced"], r.get("shallow_width_sufficient")
            shallow = f"Z >= {w}" if w is not None else (f"Z = {s} suffices" if s is not None else "not realizable")
            rows.append(f"{r['pooling']} ({r['operator']}): universal {'yes' if r['universal'] else 'no'}, rank "
                        f"{r['rank']} ({r['rank_status']}), shallow {shallow}")
        return (f"Pooling comparison at M={self.M}, N={self.N}, tree {self.tree}, widths "
                f"{list(self.widths)}, odd-even partition (0-based): " + "; ".join(rows) + ". Universal yes: every "
                f"unit target e_d ({self.M ** self.N} of them) is realized by a certified shallow network of that "
                "pooling, and those networks form a linear space; no: a certified non-realizable target, the one the "
                "other two poolings realize. Ranks are exact odd-even ranks (generic: almost every weight setting; "
                "construction, witness: of one network of these widths); shallow: the width a shallow network needs "
                "to compute that grid tensor, or whether one computes it at all.")

    @property
    def certificate(self) -> Certificate:
        """The whole table as one ``pooling_comparison`` certificate: the parts behind every figure, embedded.

        Needs the unit realizations (``M^N <= UNIT_LIMIT``); else ``ResourceLimitError``.  An attribute (the
        result protocol).

        >>> c = compare_pooling(4, 2).certificate
        >>> [r["universal"] for r in c.to_dict()["proposition"]["object"]["rows"]], c.is_valid()
        ([True, True, False], True)
        """
        for r in self.rows:
            if r["universal"] and not r["certificates"].get("units"):
                raise ResourceLimitError(
                    f"the table certifies 'universal' through every unit target e_d, at most {UNIT_LIMIT} of them, "
                    f"not {self.M}^{self.N} = {self.M ** self.N}; use smaller M or N (the general construction is "
                    "check cs2016-universality)")
        part = Partition.named("odd-even", self.N)
        arch = {"M": self.M, "N": self.N, "tree": self.tree, "widths": list(self.widths), "partition": _part_json(part)}
        c = [r["certificates"] for r in self.rows]
        premises = [_universal_certificate(c[0]["units"]), c[0]["rank"], _universal_certificate(c[1]["units"]),
                    c[1]["rank"], c[1]["width"], c[2]["universality"], c[2]["rank"], c[2]["width"]]
        keys = ["pooling", "operator", "universal", "rank", "rank_status", "shallow_width_forced"]
        rows = [{k: r[k] for k in keys + (["shallow_width_sufficient"] if r["pooling"] == "average" else [])}
                for r in self.rows]
        return _cert(_v2("pooling_comparison", dict(arch, rows=rows), "holds", None, {
            "rule": "comparison-table", "premises": [p.to_dict() for p in premises],
            "params": {"architecture": arch, "rank_status": [r["rank_status"] for r in self.rows],
                       "networks": [r["network"] for r in self.rows]}}))

    def certificates(self) -> list[Certificate]:
        """Every certificate behind the table (the unit realizations flattened)."""
        out: list[Certificate] = []
        for r in self.rows:
            for c in r["certificates"].values():
                out.extend(c if isinstance(c, tuple) else [] if c is None else [c])
        return out


def _padded(m: list[list[int]], rows: int, cols: int) -> list[list[int]]:
    out = [[0] * cols for _ in range(rows)]
    for i, row in enumerate(m):
        for j, x in enumerate(row):
            out[i][j] = x
    return out


def _max_construction(tree: PoolingTree, M: int, ws: tuple):
    """The delta-product construction padded to widths ws; None unless every level-1 node is a pair (2k, 2k+1),
    every leaf is at level 0, ws[0] >= M+1 and ws[l] >= 2 (max pooling composes mismatches over any window above)."""
    from ..networks.rectifier import DeepRectifierNet

    if tree.height < 2 or any(tree.leaf_level(i) != 0 for i in range(tree.num_modes)):
        return None
    level1 = [v for v in tree.internal_nodes() if tree.node_level(v) == 1]
    if sorted(tuple(sorted(tree.modes_under(v))) for v in level1) != [(2 * k, 2 * k + 1) for k in range(tree.num_modes // 2)]:
        return None
    if ws[0] < M + 1 or any(w < 2 for w in ws[1:]):
        return None
    leaf = _padded([[int(c == m) for m in range(M)] for c in range(M)] + [[1] * M], ws[0], M)
    nodes = []
    for v in tree.internal_nodes():
        lvl = tree.node_level(v)
        base = [[1] * M + [-1], [0] * M + [1]] if lvl == 1 else [[1, 0], [0, 1]]
        nodes.append(_padded(base, ws[lvl], ws[lvl - 1]))
    out = _padded([[-1, 1]], 1, ws[-1])
    return DeepRectifierNet(tree, Representation.identity(M), [leaf] * tree.num_modes, nodes, out, "relu-max")


def _unit_target(M: int, N: int, blocks: list) -> QArray:
    """delta(d_a, d_b) for the first modes a, b of the first two blocks (couples two blocks); when its max-pooling
    realization would be too wide (M^(N-1) non-zero entries > MAX_MAX_WIDTH), the unit tensor e_(0,...,0),
    which couples every block too (it is not a sum of functions of the blocks)."""
    a, b = blocks[0][0], blocks[1][0]
    A = np.zeros((M,) * N, dtype=np.int64)
    if M ** (N - 1) > MAX_MAX_WIDTH:
        A[(0,) * N] = 1
        return QArray.from_integers(A)
    for d in np.ndindex(*A.shape):
        A[d] = int(d[a] == d[b])
    return QArray.from_integers(A)


def _product_universality(target: QArray) -> Certificate:
    """A shallow ConvAC (product pooling, F = I) realizing ``target``: one rank-one term per non-zero entry."""
    A = target.to_fractions()
    N, T = A.ndim, A.shape[0]
    support = [d for d in np.ndindex(*A.shape) if A[d] != 0] or [(0,) * N]
    leaves = [[[Fraction(int(t == d[i])) for t in range(T)] for d in support] for i in range(N)]
    out = [[A[d] for d in support]]
    net = _make_net(None, Representation.identity(T), leaves, [], out, "product", N)
    return realization_certificate(net, target, (
        f"Universality of product pooling (ConvAC): this shallow product network with Z = {len(support)} and "
        f"{net.num_parameters} weights realizes the {T}^{N} target exactly (one rank-one term e_(d*_0) (x) ... per "
        f"non-zero entry)."),
        {"width": len(support)})


#: compare_pooling certifies universality target by target (every unit tensor) up to this many targets.
UNIT_LIMIT = 256


def _unit_realizations(M: int, N: int, realize: Callable[[QArray], Certificate]) -> tuple:
    """Certified realizations of every unit target e_d (d in [M]^N), or () when M^N > UNIT_LIMIT."""
    if M ** N > UNIT_LIMIT:
        return ()
    out = []
    for d in np.ndindex(*(M,) * N):
        A = np.zeros((M,) * N, dtype=np.int64)
        A[d] = 1
        out.append(realize(QArray.from_integers(A)))
    return tuple(out)


def _value(c: Certificate) -> Any:
    """The value of a certificate's proposition."""
    return c.to_dict()["proposition"]["value"]


def _universal_certificate(units: tuple) -> Certificate:
    """universal(operator, N, F) by the rule universal-from-unit-realizations on every unit realization."""
    first = units[0].to_dict()["proposition"]["object"]["network"]
    obj = {"operator": first["operator"], "num_inputs": first["num_inputs"], "F": first["F"]}
    return _cert(_v2("universal", obj, "holds", None, {"rule": "universal-from-unit-realizations",
                                                        "premises": [u.to_dict() for u in units]}))


def _best_random(t: PoolingTree, M: int, ws: tuple, operator: str, part: Partition, seeds: Sequence[int]):
    """The random network (one per seed) whose odd-even matricization has the largest rank (first on ties)."""
    from ..core.linalg import rank
    from ..networks.rectifier import DeepRectifierNet

    best = None
    for s in seeds:
        cand = DeepRectifierNet.random(t, M, ws, operator=operator, seed=s)
        r = rank(matricize(cand.grid_tensor(output=0), part), certify=False).rank
        if best is None or r > best[0]:
            best = (r, cand)
    return best[1]


def compare_pooling(N: int, M: int, *, tree: Any = None, widths: Any = None, window: Any = 2,
                    seeds: Sequence[int] = (0, 1, 2, 3), done: list | None = None) -> PoolingComparison:
    """Product vs ReLU + max vs ReLU + average pooling on one architecture, each figure certified.

    * universal: product and max by certified realizations of every unit target e_d (``units``, when
      M^N <= UNIT_LIMIT; shallow networks of one pooling form a linear space, so that is every target)
      and of a target that couples two root blocks; average by a ``not_realizable`` certificate of
      that same coupling target;
    * rank reached (odd-even): product the generic rank (``depth-efficiency``; over an uneven tree the
      best of a few random product networks, ``rectifier-matrix-rank``), max the delta-product
      construction when the tree pairs (2k, 2k+1) at level 1 and the widths allow it (r_0 >= M + 1,
      r_l >= 2; else the best of a few random networks), average the best
      of a few random networks (``rectifier-matrix-rank``);
    * shallow width forced: product ``Z >= R`` (rank <= CP-rank <= Z), max ``Z >= ceil(R / (1 + (M-1)N/2))``,
      average: not realizable at any width when the witness is not additively separable (certified).

    The whole table is one certificate: :meth:`PoolingComparison.certificate` (quantity ``pooling_comparison``).
    ``done``: a list that receives every row as it is finished (a caller stopped by a time budget keeps the
    rows finished before it ran out, each with its certificates).

    >>> cmp = compare_pooling(4, 2)
    >>> [(r["pooling"], r["universal"], r["rank"], r["shallow_width_forced"]) for r in cmp.rows]
    [('product', True, 4, 4), ('max', True, 4, 2), ('average', False, 3, None)]
    """
    M, N = as_positive_int(M, "M"), as_positive_int(N, "N")
    t = PoolingTree.from_windows(N, window) if tree is None else _tree_for(tree, N)
    if t.height < 2:
        raise InvalidArgumentError(f"Argument 'tree' must have height >= 2 (a deep network), not {t.height}")
    if N % 2:
        raise InvalidArgumentError(f"Argument 'N' must be even (odd-even partition), not {N}")
    ws = tuple(as_positive_int(w, f"widths[{k}]") for k, w in enumerate(widths)) if widths is not None else (
        (M + 1,) + (2,) * (t.height - 1))
    if len(ws) != t.height:
        raise InvalidArgumentError(f"Argument 'widths' must hold one width per level ({t.height} values), not {list(ws)}")
    from ..tensors.memory import check_dense_size

    check_dense_size((M,) * N, what="pooling-comparison target tensor (M^N)")  # before any allocation
    return _compare(M, N, t, ws, seeds, done)


def _compare(M: int, N: int, t: PoolingTree, ws: tuple, seeds: Sequence[int],
             done: list | None = None) -> PoolingComparison:
    """The rows of :func:`compare_pooling` (arguments validated; a tree of height 1 takes the witness routes)."""
    part = Partition.named("odd-even", N)
    target = _unit_target(M, N, _blocks(t, N))
    rows = [] if done is None else done
    # ---- product: the best of a few random product networks (rank <= CP-rank <= Z forces Z >= R)
    prod = _best_random(t, M, ws, "product", part, seeds)
    rank_cert = rectifier_matrix_rank_certificate(prod, part)
    R = _value(rank_cert)
    units = _unit_realizations(M, N, _product_universality)
    rows.append({"pooling": "product", "operator": "product", "universal": True,
                 "universal_status": "certified" if units else "construction", "rank": R, "rank_status": "witness",
                 "shallow_width_forced": R, "network": network_layout(prod),
                 "certificates": {"universality": _product_universality(target), "rank": rank_cert,
                                  "width": rank_cert, "units": units}})
    # ---- max
    uni = realize_shallow_max(target)
    net = _max_construction(t, M, ws)
    status = "construction"
    if net is None:
        status, net = "witness", _best_random(t, M, ws, "relu-max", part, seeds)
    rc = rectifier_matrix_rank_certificate(net, part)
    Rm = _value(rc)
    bound = max_pool_rank_bound_certificate(N, M, 1, part)
    b = _value(bound)
    units = _unit_realizations(M, N, realize_shallow_max)
    rows.append({"pooling": "max", "operator": "relu-max", "universal": True,
                 "universal_status": "certified" if units else "construction", "rank": Rm, "rank_status": status,
                 "shallow_width_forced": -(-Rm // b), "network": network_layout(net),
                 "certificates": {"universality": uni, "rank": rc, "width": bound, "units": units}})
    # ---- average
    non = average_pooling_realizability(target, t)
    witness = _best_random(t, M, ws, "relu-sum", part, seeds)
    rc_avg = rectifier_matrix_rank_certificate(witness, part)
    Ra = _value(rc_avg)
    shallow = average_pooling_realizability(witness.grid_tensor(output=0), None)
    prop = shallow.to_dict()["proposition"]
    sufficient = len(prop["object"]["network"]["leaf_weights"][0]) if prop["quantity"] == "realizes" else None
    not_universal = non.to_dict()["proposition"]["quantity"] == "not_realizable"
    rows.append({"pooling": "average", "operator": "relu-sum", "universal": not not_universal,
                 "universal_status": "certified-not" if not_universal else "not-decided",
                 "rank": Ra, "rank_status": "witness", "shallow_width_forced": None,
                 "shallow_width_sufficient": sufficient, "network": network_layout(witness),
                 "certificates": {"universality": non, "rank": rc_avg, "width": shallow}})
    return PoolingComparison(M, N, t.to_nested(), ws, tuple(rows))


def average_rank_obstruction(target: Any, tree: Any, block: int | None = None) -> Certificate:
    """The matricization route to average-pooling non-realizability.

    A relu-sum grid tensor over ``tree`` is ``B_c(d_c) + C(d_rest)`` for every child c of the root, so
    ``rank [A]_(block c | rest) <= 2``.  Returns an ``average-rank-obstruction`` certificate for the first
    block (or ``block``) where the target's rank is >= 3; ``DomainError`` when there is none (then use
    :func:`average_pooling_realizability`, which always decides).

    >>> A = np.zeros((3,) * 4, dtype=int)
    >>> for d in np.ndindex(*A.shape): A[d] = int(d[0] == d[2])
    >>> c = average_rank_obstruction(A.tolist(), [[0, 1], [2, 3]])
    >>> c.to_dict()["evidence"]["premises"][0]["proposition"]["value"], c.is_valid()
    (3, True)
    """
    from ..core.linalg import rank

    A, Q = _as_target(target)
    N = A.ndim
    t = _tree_for(tree, N)
    if t is None:
        raise InvalidArgumentError("Argument 'tree' must be a pooling tree (the route needs a block of the root)")
    blocks = _blocks(t, N)
    candidates = range(len(blocks)) if block is None else [block]
    for k in candidates:
        if not 0 <= k < len(blocks):
            raise InvalidArgumentError(f"Argument 'block' must be between 0 and {len(blocks) - 1}, not {k}")
        rows = blocks[k]
        if len(rows) == N:
            continue
        if rank(matricize(Q, rows), certify=False).rank >= 3:
            rank_cert = rank(matricize(Q, as_partition(rows, N))).certificate.to_certificate().to_dict()
            return _cert(_v2("not_realizable", {"family": {"operator": "relu-sum", "tree": t.to_nested()},
                                                "target": _tensor(Q)}, "holds", None, {
                "rule": "not-realizable-from-block-rank", "premises": [rank_cert],
                "params": {"tree": t.to_nested(), "target": _tensor(Q)}}))
    raise DomainError("every (root block | rest) matricization of the target has rank <= 2: the rank route gives "
                      "no obstruction; use average_pooling_realizability (the functional route decides)")


def shallow_collapse_certificate(N: int = 4, M: int = 2, widths: Any = None, *, operator: str = "relu-max") -> Certificate:
    """A positive-measure box of deep weights on which the network is a **non-zero** one-channel shallow network.

    Box (F = I): leaf channel 0 in (1/2, 1) (alive), the other leaf channels in (-2, -1) (negative at every
    template, so their ReLU is 0); at every node, the conv row of channel 0 has weight (1, 2) on channel 0
    and (-1, 1) elsewhere (those inputs are 0), the other rows (-2, -1) on channel 0 (so they are <= 0, dead)
    and (-1, 1) elsewhere; output weights (1/2, 1) on channel 0, (-1, 1) elsewhere.  By positive homogeneity
    the network computes ``out * P_i relu(c_i a_i . f(x_i))``: a shallow network with Z = 1 (
    a larger witness of incompleteness than the zero box).

    >>> c = shallow_collapse_certificate(4, 2)
    >>> c.to_dict()["proposition"]["quantity"], c.is_valid()
    ('shallow_collapse', True)
    """
    N, M, tree, ws = _box_setup(N, M, widths, operator)
    iv = lambda lo, hi: {"open": [lo, hi]}  # noqa: E731

    def leaf(r):
        return [[iv("1/2", "1") if g == 0 else iv("-2", "-1") for _ in range(M)] for g in range(r)]

    def node(r_out, r_in):
        return [[(iv("1", "2") if a == 0 else iv("-1", "1")) if g == 0 else (iv("-2", "-1") if a == 0 else iv("-1", "1"))
                 for a in range(r_in)] for g in range(r_out)]

    leaves = [leaf(ws[tree.leaf_level(i)]) for i in range(N)]
    nodes = [node(ws[tree.node_level(v)], ws[tree.node_level(v) - 1]) for v in tree.internal_nodes()]
    out = [[iv("1/2", "1") if a == 0 else iv("-1", "1") for a in range(ws[tree.height - 1])]]
    layout, free = _box_layout(operator, M, tree, leaves, nodes, out)
    return _cert(_v2("shallow_collapse", {"box": layout}, "holds", None, {"method": "dead-channels"}))
