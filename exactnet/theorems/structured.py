r"""Structured ranks: ``rank [A]_{I,J}`` of a ConvAC's grid tensor **without forming the tensor**.

**Modes are 0-based** (``"odd-even"`` has rows {0, 2, ...}, the paper's odd modes).

Three routes, each exact and certified when it applies:

``skeleton`` (any pooling tree, any partition, moderate rank)
    A cross/skeleton recursion over the tree.  For a node v let ``Phi_v^I`` be the matrix whose
    columns are the columns of every channel's matricization ``[phi^{v,gamma}]_{I cap v, J cap v}``
    side by side.  Its column space lies in the tensor product of the children's column spaces, so a
    set of row multi-indices that is *rank-revealing* for each child (rows of a basis that form an
    invertible block) gives, by products, a rank-revealing set for v; the node's own skeleton is a
    maximal independent subset of those rows (columns likewise with ``J``).  At the root the
    product sets give a small submatrix of ``[A]_{I,J}`` with the rank of the whole matricization;
    its pivot block is a non-singular minor whose entries are grid-tensor entries at explicit
    multi-indices.  The search runs modulo the prime ``2^31 - 1``; the minor is then certified by
    the kernel (method ``minor-entries``: it re-evaluates every entry with the circuit evaluator), and the
    rank is pinned by a structural upper bound (:func:`structural_upper`, the kernel's recursions).
    Cost: products of the children's skeleton sizes (``ResourceLimitError`` above
    :data:`MAX_SKELETON_ENTRIES`), never ``T^N``.
``kronecker`` (networks of Kronecker form, e.g. Bentkamp's witness)
    When every conv above level 1 and the output read only channel 0, the grid tensor is a scalar
    times the tensor product of the level-1 blocks, so ``rank [A]_{I,J} = prod_v rank [B_v]``
    (rank multiplicativity of the Kronecker product).  Kernel method ``kronecker-blocks``
    (:mod:`exactnet.kernel.overlap`), which recomputes every block and checks its rank evidence.
    This gives the generic odd-even rank ``min(r_0, M)^{N/2}`` as an exact integer for any N.
``dense`` (the oracle)
    :func:`exactnet.theorems._lower.dense_minor` on the grid tensor (refused with
    :class:`~exactnet.errors.ResourceLimitError` when it does not fit).

Examples
--------
>>> from exactnet.tensors import PoolingTree
>>> s = structured_rank(PoolingTree.binary(64), "low-high", M=4, widths=4)
>>> s.rank, s.status, s.method
(4, 'almost-everywhere', 'skeleton')
>>> generic_odd_even_rank(PoolingTree.binary(64), 4, 4).rank == 4 ** 32
True
"""

from __future__ import annotations

import itertools
import math
import time
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Sequence

import flint
import numpy as np

from ..certificates import Certificate
from ..core._modular import profile_flint
from ..core.rational import as_positive_int
from ..core.result import ResultProtocol
from ..errors import DomainError, InvalidArgumentError, ResourceLimitError
from ..networks import DeepConvAC, bentkamp_witness
from ..networks.gcconvac import GCConvAC
from ..tensors import Partition, PoolingTree, as_partition
from ..networks.circuits import convac_ties, to_circuit
from ._lower import DEFAULT_PRIME, is_shared_point

__all__ = [
    "StructuredRank",
    "MAX_SKELETON_ENTRIES",
    "skeleton_minor",
    "network_structured_rank",
    "structured_rank",
    "kronecker_blocks",
    "kronecker_witness",
    "is_kronecker_form",
    "kronecker_rank_certificate",
    "generic_odd_even_rank",
    "kronecker_generic_rank",
    "skeleton_lower_certificate",
    "structural_upper",
]

#: The largest intermediate array (entries of one node's ``r x |P| x |Q|`` block) the skeleton builds.
MAX_SKELETON_ENTRIES = 1 << 22

#: The largest block matricization (entries) the Kronecker route builds exactly.
MAX_BLOCK_ENTRIES = 1 << 16


@dataclass(frozen=True)
class StructuredRank(ResultProtocol):
    """A rank computed from a network's structure; follows the result protocol (``value``, ``status``,
    ``field``, ``certificate``, ``check()``).

    ``value`` is the rank when pinned, else the certified lower bound ``lower`` (the main figure of
    ``rank = (lower, upper)``; ``status`` is then ``"lower-bound"``): the number the certificate states.

    Attributes
    ----------
    rank : int or (int, int)
        The rank when pinned (``status`` ``"exact"`` or ``"almost-everywhere"``), else ``(lower, upper)``.
    field : str
        ``"Q"``.
    status : str
        ``"exact"`` (this network), ``"almost-everywhere"`` (generic rank of an architecture),
        ``"lower-bound"`` (the structural upper bound is not reached; ``rank = (lower, upper)``).
    method : str
        ``"skeleton"``, ``"kronecker"`` or ``"dense"``.
    certificate : exactnet.certificates.Certificate or None
        A version-2 certificate, verified by its ``check()`` (:mod:`exactnet.kernel`).
    lower, upper : int
        Certified lower bound and structural upper bound.
    partition : Partition
    seconds : float
        Wall time of the computation (certificate building included, checking excluded).
    """

    rank: Any
    field: str
    status: str
    method: str
    certificate: Certificate | None
    lower: int
    upper: int
    partition: Partition
    seconds: float = 0.0
    notes: str = ""

    @property
    def value(self) -> int:
        """The rank when pinned, else the certified lower bound (``lower``): what the certificate states."""
        return self.rank if isinstance(self.rank, int) else self.lower

    def check(self) -> Any:
        """The kernel's report on :attr:`certificate` (``CertificateError`` if it does not hold or states
        another value or status; ``DomainError`` when nothing was certified)."""
        if self.certificate is None:
            raise DomainError(f"no certificate: {self.notes or 'nothing was certified'}")
        return super().check()

    @property
    def pinned(self) -> bool:
        """True when lower == upper (the rank is known exactly)."""
        return self.lower == self.upper

    def to_dict(self) -> dict:
        """JSON-ready summary (without the certificate)."""
        return {"rank": self.rank if isinstance(self.rank, int) else list(self.rank), "field": self.field,
                "status": self.status, "method": self.method, "lower": self.lower, "upper": self.upper,
                "rows": list(self.partition.rows), "seconds": round(self.seconds, 4), "notes": self.notes}

    def __str__(self) -> str:
        r = self.rank if isinstance(self.rank, int) else f"{self.rank[0]}..{self.rank[1]}"
        return f"rank {r} over {self.field} ({self.status}, {self.method})"


# ============================================================================ modular helpers
def _mod_matrix(q, p: int) -> np.ndarray:
    """A QArray modulo p as an int64 array (entries in 0..p-1)."""
    num = q.num
    den = int(q.den)
    if den % p == 0:
        raise DomainError(f"the prime {p} divides a weight denominator {den}")
    inv = pow(den, -1, p)
    arr = np.array([int(x) % p for x in num.flat], dtype=np.int64).reshape(num.shape)
    return (arr * inv) % p


def _matmul_mod(W: np.ndarray, X: np.ndarray, p: int) -> np.ndarray:
    """``W @ X mod p`` over the first axis of X, without int64 overflow (one input channel at a time)."""
    acc = np.zeros((W.shape[0],) + X.shape[1:], dtype=np.int64)
    for a in range(W.shape[1]):
        acc = (acc + (W[:, a].reshape((-1,) + (1,) * (X.ndim - 1)) * X[a]) % p) % p
    return acc


class _Node:
    """Skeleton data of one node: row/col skeletons and the block of values on them."""

    __slots__ = ("modes_I", "modes_J", "SI", "SJ", "E")

    def __init__(self, modes_I, modes_J, SI, SJ, E):
        self.modes_I, self.modes_J, self.SI, self.SJ, self.E = modes_I, modes_J, SI, SJ, E


def _children_product(kids: list[_Node], p: int) -> tuple[np.ndarray, list, list, list, list]:
    """Channelwise product of the children's blocks on the product skeletons: (r_in, |P|, |Q|)."""
    r_in = kids[0].E.shape[0]
    k = len(kids)
    a = [len(c.SI) for c in kids]
    b = [len(c.SJ) for c in kids]
    P, Q = math.prod(a), math.prod(b)
    acc = np.ones((r_in,) + tuple(a) + tuple(b), dtype=np.int64)
    for j, c in enumerate(kids):
        shape = [r_in] + [1] * (2 * k)
        shape[1 + j] = a[j]
        shape[1 + k + j] = b[j]
        acc = (acc * c.E.reshape(shape)) % p
    acc = acc.reshape(r_in, P, Q)
    modes_I = [m for c in kids for m in c.modes_I]
    modes_J = [m for c in kids for m in c.modes_J]
    PI = [sum(t, ()) for t in itertools.product(*(c.SI for c in kids))]
    QJ = [sum(t, ()) for t in itertools.product(*(c.SJ for c in kids))]
    return acc, modes_I, modes_J, PI, QJ


def _postorder(root: Any, leaf_fn: Any, node_fn: Any) -> Any:
    """Evaluate a tree bottom-up without recursion: ``leaf_fn(mode)``, ``node_fn(node, child results)``.

    Children are passed left to right; deep trees (a caterpillar over hundreds of modes) are fine.
    """
    order = []
    stack = [root]
    while stack:
        n = stack.pop()
        order.append(n)
        if isinstance(n, tuple):
            stack.extend(reversed(n))
    results: list = []
    for n in reversed(order):
        if isinstance(n, tuple):
            kids = [results.pop() for _ in range(len(n))]
            results.append(node_fn(n, kids))
        else:
            results.append(leaf_fn(n))
    return results[0]


def _skeleton_estimate(tree: PoolingTree, M: int, T: int, ws: tuple[int, ...], rows: set[int]) -> int:
    """Upper bound on the largest block the skeleton builds (from the span recursion's dimensions)."""
    worst = 0

    def visit_leaf(node) -> tuple[int, int, int]:
        nonlocal worst
        level = tree.leaf_level(node)
        d = min(ws[level], M, T)
        worst = max(worst, ws[level] * T)
        return (d, 1, 1) if node in rows else (1, d, 1)

    def visit(node, kids) -> tuple[int, int, int]:
        nonlocal worst
        level = tree.node_level(node)
        r_in = ws[level - 1]
        P = math.prod(c[0] for c in kids)
        Q = math.prod(c[1] for c in kids)
        kp = math.prod(c[2] for c in kids)
        worst = max(worst, r_in * P * Q)
        col = min(P, r_in * kp)
        row = min(Q, r_in * kp)
        K = min(col, row, r_in * kp)
        if node is not tree.structure:
            col, row = min(col, ws[level] * K), min(row, ws[level] * K)
        return col, row, K

    _postorder(tree.structure, visit_leaf, visit)
    return worst


def skeleton_minor(net: DeepConvAC, partition: Any, output: int = 0, prime: int = DEFAULT_PRIME,
                   max_entries: int = MAX_SKELETON_ENTRIES) -> tuple[int, list[tuple], list[tuple]]:
    """``(r, row multi-indices, col multi-indices)``: a non-singular (mod ``prime``) minor of ``[grid]_{I,J}``.

    The skeleton recursion of the module docstring; never forms the grid tensor.  ``r`` is a lower
    bound on the rank over Q (a minor non-zero modulo p is non-zero over Q) and equals the rank
    unless the prime divides one of the (polynomially many) intermediate minors.  Multi-indices
    list one template index per row (column) mode in increasing mode order, as in
    ``network-rank-lower-bound`` certificates.

    Raises :class:`~exactnet.errors.ResourceLimitError` when an intermediate block would exceed
    ``max_entries`` (the rank is then too large for this route; see :func:`generic_odd_even_rank`).

    >>> net = bentkamp_witness(4, 3, (2, 2))
    >>> r, rows, cols = skeleton_minor(net, "odd-even")
    >>> r, rows[:2]
    (4, [(0, 0), (0, 1)])
    """
    if not isinstance(net, DeepConvAC):
        raise InvalidArgumentError(f"Argument 'net' must be a DeepConvAC, not {type(net).__name__}")
    part = as_partition(partition, net.N)
    p = int(prime)
    tree = net.tree
    F = _mod_matrix(net.representation.matrix, p)  # (T, M)
    T = F.shape[0]
    ws = net.widths
    rows = set(part.rows)
    est = _skeleton_estimate(tree, net.M, T, ws, rows)
    if est > max_entries:
        raise ResourceLimitError(
            f"Refusing the skeleton rank route for I={_short_modes(part.rows)}: an intermediate block would have up to "
            f"{est} entries (limit {max_entries}); the rank of this matricization is too large for a minor "
            "(the skeleton needs the rank to be moderate). Ways out: a Kronecker-structured witness "
            "(generic_odd_even_rank / kronecker_generic_rank) or the Theorem-1 bounds (pooling_bounds)."
        )
    leaf_cache: dict[int, np.ndarray] = {}

    def leaf(i: int) -> _Node:
        W = net.leaf_weights[i]
        key = id(W)
        if key not in leaf_cache:
            Wm = _mod_matrix(W, p)  # (r, M)
            leaf_cache[key] = _matmul_mod(Wm, F.T.copy(), p)  # (r, T): V[gamma, t] = sum_d W[gamma, d] F[t, d]
        V = leaf_cache[key]
        if i in rows:
            prof_rows, _ = profile_flint(V.T, p)  # rows t of the T x r matrix
            SI = [(int(t),) for t in prof_rows]
            E = V[:, prof_rows][:, :, None]
            return _Node([i], [], SI, [()], E)
        prof_rows, _ = profile_flint(V.T, p)
        SJ = [(int(t),) for t in prof_rows]
        E = V[:, prof_rows][:, None, :]
        return _Node([], [i], [()], SJ, E)

    def visit(node, kids) -> _Node:
        pooled, mI, mJ, PI, QJ = _children_product(kids, p)
        if node is tree.structure:
            Wout = _mod_matrix(net.output_weights, p)[output : output + 1]
            E = _matmul_mod(Wout, pooled, p)
            return _Node(mI, mJ, PI, QJ, E)
        W = _mod_matrix(net.node_weights[tree.node_index(node)], p)
        E = _matmul_mod(W, pooled, p)  # (r_out, |P|, |Q|)
        r_out, nP, nQ = E.shape
        if not PI or not QJ:
            return _Node(mI, mJ, [], [], E[:, :0, :0])
        rowsI, _ = profile_flint(np.ascontiguousarray(E.transpose(1, 0, 2).reshape(nP, r_out * nQ)), p)
        _, colsJ = profile_flint(np.ascontiguousarray(E.reshape(r_out * nP, nQ)), p)
        E2 = E[:, rowsI, :][:, :, colsJ]
        return _Node(mI, mJ, [PI[k] for k in rowsI], [QJ[k] for k in colsJ], E2)

    root = _postorder(tree.structure, leaf, visit)
    if not root.SI or not root.SJ:
        return 0, [], []
    X = root.E[0]
    prow, pcol = profile_flint(np.ascontiguousarray(X), p)
    # reorder the digits to increasing mode order
    oI = sorted(range(len(root.modes_I)), key=lambda k: root.modes_I[k])
    oJ = sorted(range(len(root.modes_J)), key=lambda k: root.modes_J[k])
    rmi = [tuple(int(root.SI[k][j]) for j in oI) for k in prow]
    cmi = [tuple(int(root.SJ[k][j]) for j in oJ) for k in pcol]
    return len(prow), rmi, cmi


def _short_modes(modes: Sequence[int]) -> str:
    text = str(list(modes))
    return text if len(text) <= 60 else text[:57] + "...]"


# ============================================================================ certificates
def _node(quantity: str, obj: dict, relation: str, value: int, evidence: dict) -> dict:
    return {"proposition": {"quantity": quantity, "object": obj, "relation": relation, "value": int(value),
                            "field": "Q"}, "evidence": evidence}


def _cert(node: dict) -> Certificate:
    return Certificate(node["proposition"], node["evidence"])


def _premise(c: Any) -> dict:
    return {"proposition": c.proposition, "evidence": c.evidence}


def _circuit_object(net: DeepConvAC, part: Partition, output: int) -> dict:
    """The ``matricization_rank`` object of ``[A^output]_{I,J}``: the network's circuit, output and row modes."""
    return {"circuit": to_circuit(net).source, "output": int(output), "rows": [int(m) for m in part.rows]}


def _ties(net: DeepConvAC, weight_space: str) -> list:
    """The ties of the weight space a generic statement is about (``"shared"``: one matrix per level)."""
    return convac_ties(net, shared=True) if weight_space == "shared" else []


def _generic_object(net: DeepConvAC, part: Partition, output: int, weight_space: str) -> dict:
    obj = _circuit_object(net, part, output)
    nodes = [{k: v for k, v in n.items() if k != "matrix"} | ({"shape": n["matrix"]["shape"]} if "matrix" in n else {})
             for n in obj["circuit"]["nodes"]]
    return {"architecture": {"inputs": obj["circuit"]["inputs"], "nodes": nodes, "output": obj["circuit"]["output"]},
            "ties": _ties(net, weight_space), "output": obj["output"], "rows": obj["rows"]}


def _lift(net: DeepConvAC, part: Partition, witness: dict, output: int, weight_space: str) -> dict:
    """``generic_matricization_rank >= r`` from a witness's ``matricization_rank >= r`` (rule generic-rank-from-witness)."""
    return _node("generic_matricization_rank", _generic_object(net, part, output, weight_space), ">=",
                 witness["proposition"]["value"], {"rule": "generic-rank-from-witness", "premises": [witness],
                                                   "params": {"ties": _ties(net, weight_space)}})


def structural_upper(net: DeepConvAC, partition: Any, output: int = 0, *, about: str = "network",
                     weight_space: str = "unshared") -> Certificate:
    """``rank [A^output]_{I,J} <= U`` for every weight setting, ``U`` the smallest of the kernel's structural
    recursions on the network's circuit (``cut-recursion``, ``sep-recursion``; with ``weight_space="shared"`` also
    ``tied-cut-recursion``).  ``about="network"``: a ``matricization_rank`` of this network; ``"architecture"``: the
    ``generic_matricization_rank`` of its architecture (in ``weight_space``).

    >>> c = structural_upper(bentkamp_witness(8, 2, (2, 2, 2)), "odd-even", about="architecture")
    >>> c.value, c.evidence["method"], c.check().status
    (16, 'cut-recursion', 'upper-bound')
    """
    from ..kernel.circuit import parse_circuit
    from ..kernel.overlap import cut_bound, sep_bound

    part = as_partition(partition, net.N)
    c, I = parse_circuit(to_circuit(net).source), set(part.rows)
    bounds = {"cut-recursion": cut_bound(c, I), "sep-recursion": sep_bound(c, I)}
    if about == "architecture" and weight_space == "shared":
        bounds["tied-cut-recursion"] = cut_bound(c, I, convac_ties(net, shared=True))
    method, U = min(bounds.items(), key=lambda kv: kv[1])
    if about == "network":
        return _cert(_node("matricization_rank", _circuit_object(net, part, output), "<=", U, {"method": method}))
    if about != "architecture":
        raise InvalidArgumentError(f"Argument 'about' must be \"network\" or \"architecture\", not {about!r}")
    return _cert(_node("generic_matricization_rank", _generic_object(net, part, output, weight_space), "<=", U,
                       {"method": method}))


def _equal(lower: Any, upper: Any) -> Certificate:
    """``X = r`` from ``X >= r`` and ``X <= r`` (rule equal-from-lower-and-upper)."""
    lo = lower if isinstance(lower, dict) else _premise(lower)
    return _cert(_node(lo["proposition"]["quantity"], lo["proposition"]["object"], "=", lo["proposition"]["value"],
                       {"rule": "equal-from-lower-and-upper", "premises": [lo, _premise(upper)]}))


def skeleton_lower_certificate(net: DeepConvAC, part: Partition, rows: list, cols: list, output: int = 0, *,
                               generic: bool = False, weight_space: str | None = None,
                               prime: int = DEFAULT_PRIME) -> Certificate:
    """``rank [A^output]_{I,J} >= r`` for a minor found by :func:`skeleton_minor` (method ``minor-entries``: the
    kernel evaluates the r^2 entries with the circuit evaluator).  With ``generic=True``: the generic rank of the
    network's architecture (``weight_space="shared"``: its shared weight space, else the unshared one) is ``>= r``
    (rule ``generic-rank-from-witness``).

    >>> net = bentkamp_witness(4, 3, (2, 2))
    >>> r, rows, cols = skeleton_minor(net, "odd-even")
    >>> skeleton_lower_certificate(net, as_partition("odd-even", 4), rows, cols).check().facts["value"]
    4
    """
    r = len(rows)
    if r == 0:
        raise DomainError(f"the matricization for I={_short_modes(part.rows)} is zero: no minor to certify (rank 0)")
    witness = _node("matricization_rank", _circuit_object(net, part, output), ">=", r,
                    {"method": "minor-entries", "rows": [[int(t) for t in a] for a in rows],
                     "cols": [[int(t) for t in b] for b in cols], "prime": str(int(prime))})
    if weight_space is None:
        weight_space = "both" if is_shared_point(net) else "unshared"
    return _cert(_lift(net, part, witness, output, weight_space) if generic else witness)


def network_structured_rank(net: DeepConvAC, partition: Any, output: int = 0, *,
                            max_entries: int = MAX_SKELETON_ENTRIES) -> StructuredRank:
    """The rank of ``[grid tensor]_{I,J}`` of **this** network, from its structure.

    Lower bound: the skeleton minor (method ``minor-entries``); upper bound: the kernel's structural recursions
    (:func:`structural_upper`).  When they meet, status ``"exact"`` and the certificate states ``=`` (rule
    ``equal-from-lower-and-upper``); otherwise status ``"lower-bound"``, ``rank = (lower, upper)`` and the
    certificate is the lower bound alone.

    >>> s = network_structured_rank(bentkamp_witness(8, 2, (2, 2, 2)), "odd-even")
    >>> s.rank, s.status, s.check().facts["value"], s.certificate.relation
    (16, 'exact', 16, '=')
    """
    start = time.perf_counter()
    part = as_partition(partition, net.N)
    r, rows, cols = skeleton_minor(net, part, output, max_entries=max_entries)
    upper = structural_upper(net, part, output)
    U = upper.value
    if r == 0:
        return StructuredRank((0, U), "Q", "lower-bound", "skeleton", None, 0, U, part,
                              time.perf_counter() - start, "zero minor found")
    lower = skeleton_lower_certificate(net, part, rows, cols, output)
    if r == U:
        return StructuredRank(r, "Q", "exact", "skeleton", _equal(lower, upper), r, U, part, time.perf_counter() - start)
    return StructuredRank((r, U), "Q", "lower-bound", "skeleton", lower, r, U, part, time.perf_counter() - start,
                          "the structural upper bound is not reached by this network")


def _tree_arg(tree: Any) -> PoolingTree:
    if isinstance(tree, PoolingTree):
        return tree
    if isinstance(tree, bool):
        raise InvalidArgumentError(f"Argument 'arch' must be a PoolingTree, an int N or a nested tree, not {tree!r}")
    if isinstance(tree, int):
        return PoolingTree.binary(as_positive_int(tree, "N"))
    if isinstance(tree, (list, tuple)):
        return PoolingTree.from_nested(tree)
    raise InvalidArgumentError(
        f"Argument 'arch' must be a DeepConvAC, a PoolingTree, an int N (binary tree) or a nested tree, not "
        f"{type(tree).__name__}"
    )


def _ws(tree: PoolingTree, widths: Any) -> tuple[int, ...]:
    from .bounds import _widths

    return _widths(tree, widths)


def structured_rank(arch: Any, partition: Any, *, M: int | None = None, widths: Any = None, shared: bool = False,
                    seeds: Sequence[int] = (0, 1, 2), output: int = 0, certify: bool = True,
                    max_entries: int = MAX_SKELETON_ENTRIES) -> StructuredRank:
    """Structured rank of ``[A]_{I,J}``: of a network (a DeepConvAC or GCConvAC) or the generic rank of an architecture.

    A non-overlapping GCConvAC (1-D or 2-D) goes through its equal DeepConvAC (skeleton route); an overlapping
    one through :func:`exactnet.theorems.overlap.gc_network_rank` (witness minor + sep-recursion bound).

    For an architecture (a :class:`PoolingTree`, an int N for the binary tree, or a nested tree,
    with ``M`` and ``widths``), random integer witnesses (``seeds``, weights in [-20, 20]) are
    searched with the skeleton route until one reaches the structural upper bound (:func:`structural_upper`, in
    the shared weight space when ``shared``); the result is then ``"almost-everywhere"`` with a certificate of
    ``generic_matricization_rank = r`` (rule ``equal-from-lower-and-upper`` on the witness minor and the bound).  If no witness reaches it, status ``"lower-bound"`` and ``rank = (lower, upper)``.

    ``certify=False`` skips building the certificate (faster sweeps; the rank is the same).

    >>> structured_rank(PoolingTree.from_windows(16, 4), "low-high", M=2, widths=(2, 2)).rank
    2
    >>> structured_rank(8, "odd-even", M=2)
    Traceback (most recent call last):
      ...
    exactnet.errors.InvalidArgumentError: Argument 'widths' is required when 'arch' is an architecture (one width per level, or an int)
    """
    if isinstance(arch, DeepConvAC):
        return network_structured_rank(arch, partition, output, max_entries=max_entries)
    if isinstance(arch, GCConvAC):
        if not arch.is_overlapping():
            try:
                deep = arch.to_deep_convac()
            except InvalidArgumentError:
                deep = None
            if deep is not None:
                from .overlap import gc_partition

                return network_structured_rank(deep, gc_partition(partition, arch.input_shape), output,
                                               max_entries=max_entries)
        from .overlap import gc_network_rank

        return gc_network_rank(arch, partition, output)
    tree = _tree_arg(arch)
    if M is None:
        raise InvalidArgumentError("Argument 'M' is required when 'arch' is an architecture (number of representation functions)")
    if widths is None:
        raise InvalidArgumentError("Argument 'widths' is required when 'arch' is an architecture (one width per level, or an int)")
    M = as_positive_int(M, "M")
    ws = _ws(tree, widths)
    part = as_partition(partition, tree.num_modes)
    start = time.perf_counter()
    space, best, upper, U = ("shared" if shared else "unshared"), None, None, 0
    for seed in seeds:
        net = DeepConvAC.random(tree, M, ws, shared=bool(shared), seed=seed, low=-20, high=20)
        if upper is None:
            upper = structural_upper(net, part, output, about="architecture", weight_space=space)
            U = upper.value
        r, rows, cols = skeleton_minor(net, part, output, max_entries=max_entries)
        if best is None or r > best[0]:
            best = (r, rows, cols, net, seed)
        if r >= U:
            break
    if best is None:
        raise InvalidArgumentError("Argument 'seeds' must list at least one seed")
    r, rows, cols, net, seed = best
    if r == 0:
        return StructuredRank((0, U), "Q", "lower-bound", "skeleton", None, 0, U, part, time.perf_counter() - start)
    cert = None
    if certify:
        cert = skeleton_lower_certificate(net, part, rows, cols, output, generic=True, weight_space=space)
        if r == U:
            cert = _equal(cert, upper)
    if r == U:
        return StructuredRank(r, "Q", "almost-everywhere", "skeleton", cert, r, U, part, time.perf_counter() - start,
                              f"witness: random integer weights (seed {seed})")
    return StructuredRank((r, U), "Q", "lower-bound", "skeleton", cert, r, U, part, time.perf_counter() - start,
                          f"best witness (seed {seed}) does not reach the structural upper bound")


# ============================================================================ Kronecker route
def _channel0_only(W) -> bool:
    """Row 0 of W is non-zero at column 0 and zero elsewhere."""
    row = W.num[0]
    return int(row[0]) != 0 and all(int(x) == 0 for x in row[1:])


def is_kronecker_form(net: DeepConvAC, output: int = 0, level: int = 1) -> bool:
    """True when every leaf is at level 0 and the output and every conv above ``level`` read channel 0 only.

    Then the grid tensor is ``c * (x)_{v at that level} phi^{v,0}`` (the tensor product of the blocks at
    ``level``; 1 = the pooling windows, as in Bentkamp's witness).

    >>> is_kronecker_form(bentkamp_witness(8, 2, (2, 2, 2))), is_kronecker_form(DeepConvAC.random(8, 2, 2, seed=1))
    (True, False)
    >>> is_kronecker_form(kronecker_witness(8, 2, 2, level=2), level=2), is_kronecker_form(kronecker_witness(8, 2, 2, level=2))
    (True, False)
    """
    tree = net.tree
    level = as_positive_int(level, "level")
    if level > tree.height:
        raise InvalidArgumentError(f"Argument 'level' must be a level 1..{tree.height} of the tree, not {level}")
    if any(tree.leaf_level(i) != 0 for i in range(net.N)):
        return False
    if tree.height == level:
        return True
    W = net.output_weights
    if int(W.num[output][0]) == 0 or any(int(x) != 0 for x in W.num[output][1:]):
        return False
    for k, v in enumerate(tree.internal_nodes()):
        if tree.node_level(v) > level and not _channel0_only(net.node_weights[k]):
            return False
    return True


def kronecker_witness(tree: Any, M: int, widths: Any, level: int = 1, seed: int = 0) -> DeepConvAC:
    """A Kronecker-form witness with blocks at ``level``: random integer weights in [-20, 20] (unshared) at
    levels <= ``level``, copy-first convs (every row ``(1, 0, ..., 0)``) above it and output ``(1, 0, ..., 0)``.

    Its grid tensor is the tensor product of the channel-0 tensors of the level-``level`` nodes, so its
    rank across any partition is the product of the blocks' ranks (see :func:`kronecker_blocks`).  Level 1
    with Bentkamp's weights is :func:`exactnet.networks.bentkamp_witness`; higher levels reach partitions
    that split no pooling window but split larger blocks (e.g. mirror pairs under mirror pooling).

    >>> net = kronecker_witness(8, 2, 2, level=2)
    >>> [r for _, r in kronecker_blocks(net, [0, 2, 4, 6], level=2)]
    [4, 4]
    """
    from ..core.qarray import QArray

    t = _tree_arg(tree)
    M = as_positive_int(M, "M")
    ws = _ws(t, widths)
    level = as_positive_int(level, "level")
    if level > t.height:
        raise InvalidArgumentError(f"Argument 'level' must be a level 1..{t.height} of the tree, not {level}")
    base = DeepConvAC.random(t, M, ws, shared=False, seed=seed, low=-20, high=20)

    def copy_first(rows: int, cols: int) -> QArray:
        return QArray.from_nested([[1] + [0] * (cols - 1) for _ in range(rows)])

    nodes = []
    for k, v in enumerate(t.internal_nodes()):
        W = base.node_weights[k]
        nodes.append(copy_first(*W.shape) if t.node_level(v) > level else W)
    out = base.output_weights if t.height == level else copy_first(*base.output_weights.shape)
    return DeepConvAC(t, base.representation, tuple(base.leaf_weights), tuple(nodes), out, False)


def _block_rank_dense(net: DeepConvAC, v: Any, wrow: list, part_rows: set,
                      prime: int | None = None) -> tuple[tuple, int]:
    """Rank of the ``(I cap v, J cap v)`` matricization of ``sum_a wrow[a] phi^{v-children pooled, a}`` (exact ints)."""
    tree = net.tree
    T = net.representation.matrix.shape[0]
    Fq = net.representation.matrix
    Fn = np.array(Fq.num.tolist(), dtype=object)  # (T, M), scale den

    def values(node: Any) -> tuple[list, np.ndarray]:
        """(modes left to right, (r, T^n) object ints up to a positive scale)."""
        if not isinstance(node, tuple):
            L = np.array(net.leaf_weights[node].num.tolist(), dtype=object)
            return [node], L.dot(Fn.T)
        modes, pooled = [], None
        for c in node:
            m, X = values(c)
            modes += m
            pooled = X if pooled is None else (pooled[:, :, None] * X[:, None, :]).reshape(X.shape[0], -1)
        if node == v:
            return modes, pooled
        W = np.array(net.node_weights[tree.node_index(node)].num.tolist(), dtype=object)
        return modes, W.dot(pooled)

    n = len(tree.modes_under(v)) if isinstance(v, tuple) else 1
    if T ** n > MAX_BLOCK_ENTRIES:
        raise ResourceLimitError(
            f"the block over modes {list(tree.modes_under(v))} has {T ** n} entries (limit {MAX_BLOCK_ENTRIES}); "
            "choose a lower block level")
    modes, pooled = values(v)
    w = np.array([int(x) for x in wrow], dtype=object)
    flat = w.dot(pooled)
    kI = [j for j, m in enumerate(modes) if m in part_rows]
    kJ = [j for j, m in enumerate(modes) if m not in part_rows]
    X = flat.reshape((T,) * n).transpose(kI + kJ).reshape(T ** len(kI), T ** len(kJ))
    if prime is not None:  # a lower bound on the exact rank, fast (used to search witnesses)
        Xp = [[int(x) % prime for x in row] for row in X.tolist()]
        mat_p = flint.nmod_mat(len(Xp), len(Xp[0]), [x for row in Xp for x in row], prime)
        return tuple(sorted(modes)), int(mat_p.rank())
    mat = flint.fmpz_mat([[int(x) for x in row] for row in X.tolist()])
    return tuple(sorted(modes)), int(mat.rank())


def kronecker_blocks(net: DeepConvAC, partition: Any, output: int = 0, level: int = 1,
                     prime: int | None = None) -> list[tuple[tuple, int]]:
    """``[(modes of the block, rank of its matricization)]`` for the level-1 blocks of a Kronecker-form network.

    Each block ``B_v = sum_alpha W_v[0, alpha] (x)_{c child of v} (F W_c^T)[:, alpha]`` (the root's
    output row when the tree has height 1) is formed exactly (``T^{|v|}`` entries) and its
    ``(I cap v, J cap v)`` matricization ranked over Q (FLINT ``fmpq_mat``).

    >>> kronecker_blocks(bentkamp_witness(4, 3, (2, 2)), "odd-even")
    [((0, 1), 2), ((2, 3), 2)]
    """
    if not is_kronecker_form(net, output, level):
        raise DomainError(
            f"Argument 'net' is not of Kronecker form: the output and every conv above level {level} must read "
            "channel 0 only (row 0 = (w, 0, ..., 0) with w != 0) and every leaf must be at level 0 (e.g. Bentkamp's "
            "witness, or kronecker_witness(tree, M, widths, level))"
        )
    part = as_partition(partition, net.N)
    tree = net.tree
    if level >= 2:
        rows_set = set(part.rows)
        res = []
        for v in tree.levels[level]:
            W, i = (net.output_weights, output) if v == tree.structure else (net.node_weights[tree.node_index(v)], 0)
            res.append(_block_rank_dense(net, v, W.num[i].tolist(), rows_set, prime))
        return res
    Fq = net.representation.matrix
    T = Fq.shape[0]
    F = [[Fraction(int(x)) / int(Fq.den) for x in row] for row in Fq.num.tolist()]
    blocks = [tree.structure] if tree.height == 1 else [v for v in tree.levels[1]]
    rows = set(part.rows)
    out = []
    for v in blocks:
        kids = tree.children(v)
        if v == tree.structure:
            Wv = net.output_weights
            wrow = [Fraction(int(x), int(Wv.den)) for x in Wv.num[output].tolist()]
        else:
            Wv = net.node_weights[tree.node_index(v)]
            wrow = [Fraction(int(x), int(Wv.den)) for x in Wv.num[0].tolist()]
        vecs = []
        for c in kids:
            L = net.leaf_weights[c]
            Lf = [[Fraction(int(x), int(L.den)) for x in row] for row in L.num.tolist()]
            vecs.append([[sum(Lf[a][d] * F[t][d] for d in range(len(F[t]))) for t in range(T)] for a in range(len(Lf))])
        kI = [j for j, c in enumerate(kids) if c in rows]
        kJ = [j for j, c in enumerate(kids) if c not in rows]
        nr, nc = T ** len(kI), T ** len(kJ)
        if nr * nc > MAX_BLOCK_ENTRIES:
            raise ResourceLimitError(
                f"the level-1 block over modes {list(kids)} has a {nr} x {nc} matricization (limit {MAX_BLOCK_ENTRIES} "
                "entries); the Kronecker route needs small pooling windows"
            )
        mat = flint.fmpq_mat(nr, nc)
        for ri, dI in enumerate(itertools.product(range(T), repeat=len(kI))):
            for ci, dJ in enumerate(itertools.product(range(T), repeat=len(kJ))):
                total = Fraction(0)
                for a, w in enumerate(wrow):
                    if w == 0:
                        continue
                    term = w
                    for j, t in zip(kI, dI):
                        term *= vecs[j][a][t]
                    for j, t in zip(kJ, dJ):
                        term *= vecs[j][a][t]
                    total += term
                mat[ri, ci] = flint.fmpq(total.numerator, total.denominator)
        out.append((tuple(sorted(tree.modes_under(v))) if isinstance(v, tuple) else (v,), int(mat.rank())))
    return out


def kronecker_rank_certificate(net: DeepConvAC, partition: Any, output: int = 0, *, generic: bool = False,
                               weight_space: str | None = None, level: int = 1) -> Certificate:
    """``rank [A^output]_{I,J} = R`` for this network by the method ``kronecker-blocks``: the kernel follows the
    output down through rows with one non-zero entry (the channel-0 convs above the block level) to the blocks,
    and checks each block's rank by a minor and a factorization (its matrix recomputed by the circuit evaluator);
    ``R`` is the product.  With ``generic=True``: ``>= R`` for almost every weight setting of the architecture
    (rule ``generic-rank-from-witness``; ``weight_space="shared"``: the shared weight space, else the unshared
    one).  ``level`` is checked as in :func:`kronecker_blocks` (the kernel finds the blocks itself).

    >>> c = kronecker_rank_certificate(bentkamp_witness(8, 2, (2, 1, 1)), "odd-even", generic=True)
    >>> c.check().facts["value"], c.relation, c.status
    (16, '>=', 'lower-bound')
    """
    from ..core.linalg import rank as exact_rank
    from ..kernel.circuit import parse_circuit
    from ..kernel.overlap import block_matrix, kronecker_stops

    part = as_partition(partition, net.N)
    level = as_positive_int(level, "level")
    if not is_kronecker_form(net, output, level):
        raise DomainError(f"Argument 'net' is not of Kronecker form above level {level} (see is_kronecker_form)")
    obj = _circuit_object(net, part, output)
    c = parse_circuit(obj["circuit"])
    blocks, R = [], 1
    for k, g, _ in kronecker_stops(c, int(output)):
        res = exact_rank(block_matrix(c, k, g, obj["rows"]))
        blocks.append({key: v for key, v in res.certificate.evidence().items() if key != "method"})
        R *= res.rank
    witness = _node("matricization_rank", obj, "=", R, {"method": "kronecker-blocks", "blocks": blocks})
    if weight_space is None:
        weight_space = "both" if is_shared_point(net) else "unshared"
    return _cert(_lift(net, part, witness, output, weight_space) if generic else witness)


def kronecker_generic_rank(tree: Any, partition: Any, M: int, widths: Any,
                           seeds: Sequence[int] = (0, 1, 2)) -> StructuredRank:
    """Generic rank certified by a Kronecker-form witness plus the tightest structural upper bound.

    Bentkamp's witness (blocks = level-1 windows) gives ``min(r_0, M)^S`` with S the number of level-1
    windows split by the partition (Theorem 1 of Cohen-Shashua 2017, lower bound).  When that is below the
    structural bound, witnesses with blocks at higher levels are tried (:func:`kronecker_witness`, random
    weights below the block level, ``seeds``; blocks of at most 2^16 entries): they reach partitions that
    split no window but split larger blocks (interleaved blocks, mirror pairs under mirror pooling).  When
    the best product equals the structural bound, the result is ``"almost-everywhere"`` (rule
    ``equal-from-lower-and-upper`` on the lifted ``kronecker-blocks`` witness and :func:`structural_upper`, both
    about the unshared weight space); otherwise ``"lower-bound"``.

    >>> s = kronecker_generic_rank(PoolingTree.from_windows(16, 4), "odd-even", 2, (2, 2))
    >>> s.rank, s.status
    (16, 'almost-everywhere')
    """
    start = time.perf_counter()
    t = _tree_arg(tree)
    M = as_positive_int(M, "M")
    ws = _ws(t, widths)
    part = as_partition(partition, t.num_modes)
    net = bentkamp_witness(t, M, ws)
    if not is_kronecker_form(net):
        raise DomainError(f"the tree {t.to_nested()} has leaves above level 0; the Kronecker witness needs a full tree")
    lower = kronecker_rank_certificate(net, part, generic=True, weight_space="unshared")
    R = lower.value
    upper = structural_upper(net, part, about="architecture", weight_space="unshared")
    U = upper.value
    level, witness = 1, "Bentkamp's (eye / all-ones / copy-first)"
    if R < U:
        # blocks at higher levels: random weights up to the block level, copy-first above (unshared witness)
        T = net.representation.matrix.shape[0]
        best = None  # searched with ranks mod p (lower bounds, fast); the certificate is then built exactly
        for lv in range(2, t.height + 1):
            if any(T ** len(t.modes_under(v)) > MAX_BLOCK_ENTRIES for v in t.levels[lv]):
                break
            for seed in seeds:
                cand = kronecker_witness(t, M, ws, level=lv, seed=seed)
                Rp = math.prod(r for _, r in kronecker_blocks(cand, part, level=lv, prime=DEFAULT_PRIME))
                if Rp > R and (best is None or Rp > best[0]):
                    best = (Rp, cand, lv, seed)
                if Rp >= U:
                    break
            if best is not None and best[0] >= U:
                break
        if best is not None:
            _, cand, lv, seed = best
            c = kronecker_rank_certificate(cand, part, generic=True, weight_space="unshared", level=lv)
            if c.value > R:
                R, lower, level = c.value, c, lv
                witness = f"random below level {lv}, copy-first above (seed {seed}; blocks at level {lv})"
    if R != U:
        return StructuredRank((R, U), "Q", "lower-bound", "kronecker", lower, R, U, part, time.perf_counter() - start,
                              f"the best Kronecker witness ({witness}) does not reach the structural upper bound")
    return StructuredRank(R, "Q", "almost-everywhere", "kronecker", _equal(lower, upper), R, U, part,
                          time.perf_counter() - start, f"witness: {witness}")


def generic_odd_even_rank(tree: Any, M: int, widths: Any) -> StructuredRank:
    """The generic odd-even rank ``min(r_0, M)^{N/2}`` of a binary-tree ConvAC as an exact integer, certified.

    >>> generic_odd_even_rank(PoolingTree.binary(8), 3, (2, 2, 2)).rank
    16
    """
    t = _tree_arg(tree)
    return kronecker_generic_rank(t, Partition.named("odd-even", t.num_modes), M, widths)
