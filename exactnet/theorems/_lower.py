r"""Lower bounds on the rank of a matricization of a network's grid tensor, by witness minors (prover side).

A *witness* is one weight setting; a non-zero r x r minor of ``[A]_{I,J}`` at the witness proves
``rank >= r`` there, and (entries are polynomials in the weights) for almost every weight setting
of the same architecture.  The certificate kernel re-evaluates the minor's entries with its circuit evaluator
and its determinant modulo the certificate's prime (method ``minor-entries``).

**Modes are 0-based**; minor rows/cols are multi-indices over the row/column modes in increasing order.

Examples
--------
>>> from exactnet.networks import bentkamp_witness
>>> c = lower_bound_certificate(bentkamp_witness(4, 2, (2, 1)), "odd-even", generic=True)
>>> c.quantity, c.value, c.status, c.check().facts["value"]
('generic_matricization_rank', 4, 'lower-bound', 4)
"""

from __future__ import annotations

import itertools
from typing import Any, Iterable, Sequence

import flint
import numpy as np

from ..core.certificate import Certificate
from ..core.qarray import QArray
from ..errors import DomainError, InvalidArgumentError
from ..networks import DeepConvAC, Representation, ShallowConvAC, bentkamp_witness
from ..networks.circuits import convac_ties, to_circuit
from ..tensors import Partition, PoolingTree, as_partition, check_dense_size, matricize

__all__ = [
    "DEFAULT_PRIME",
    "PRIMES",
    "Witness",
    "lower_bound_certificate",
    "witness_node",
    "generic_node",
    "architecture_object",
    "dense_minor",
    "bentkamp_minor",
    "find_witness",
    "lc_witness",
    "is_shared_point",
    "unshare",
]

#: The prime of the certificates (2^31 - 1): the checker's vectorized elimination is exact below 2^31.
DEFAULT_PRIME = 2147483647
#: Fallback primes (all below 2^31) when a minor happens to vanish modulo the first one.
PRIMES = (2147483647, 2147483629, 2147483587, 2147483579, 2147483563)
#: Bytes per entry of an r x r witness minor in the memory estimate: the entries are held as exact
#: Fractions (measured with tracemalloc: ~74 bytes per entry at peak for Bentkamp's 256 x 256 minor, N=16).
MINOR_ENTRY_BYTES = 80


def _check_minor_size(r: int, what: str) -> None:
    """Refuse (ResourceLimitError, with the estimate) an r x r witness minor that would not fit in memory."""
    check_dense_size((r, r), what=what, entry_bytes=MINOR_ENTRY_BYTES)


class Witness:
    """A witness network with the minor found in it (plain value holder)."""

    __slots__ = ("network", "rank", "rows", "cols", "style", "seed")

    def __init__(self, network, rank: int, rows: list, cols: list, style: str, seed: int | None):
        self.network, self.rank, self.rows, self.cols, self.style, self.seed = network, rank, rows, cols, style, seed

    def __repr__(self) -> str:
        return f"Witness(style={self.style!r}, seed={self.seed}, rank={self.rank})"


def is_shared_point(net: Any) -> bool:
    """True when the network's weights are equal at every location (a point of the shared weight space).

    >>> is_shared_point(bentkamp_witness(4, 2, (2, 1))), is_shared_point(DeepConvAC.from_windows(4, 2, 2, seed=1))
    (True, False)
    """
    if net.shared:
        return True
    if isinstance(net, ShallowConvAC):
        ws = net.weights
        return all(w == ws[0] for w in ws)
    if any(w != net.leaf_weights[0] for w in net.leaf_weights):
        return False
    first: dict[int, QArray] = {}
    for k, node in enumerate(net.tree.internal_nodes()):
        lvl = net.tree.node_level(node)
        if first.setdefault(lvl, net.node_weights[k]) != net.node_weights[k]:
            return False
    return True


def unshare(net: DeepConvAC) -> DeepConvAC:
    """The same weights as an unshared network (its JSON lists one matrix per location).

    >>> unshare(bentkamp_witness(4, 2, (2, 1))).to_dict()["shared"]
    False
    """
    if not net.shared:
        return net
    return DeepConvAC.from_weights(net.tree, net.representation, list(net.leaf_weights), list(net.node_weights),
                                   net.output_weights, shared=False)


def _mod(q, p: int) -> int:
    return q.numerator * pow(q.denominator, -1, p) % p


def _profile(X: QArray) -> tuple[list[int], list[int]]:
    """Pivot rows and columns of a rank profile of X (core.linalg)."""
    from ..core.linalg import rank_profile

    prof = rank_profile(X)
    rows = getattr(prof, "rows", None)
    cols = getattr(prof, "cols", None)
    if rows is None:
        rows, cols = prof[0], prof[1]
    return [int(r) for r in rows], [int(c) for c in cols]


def _grid(net: Any, output: int) -> QArray:
    T = net.representation.matrix.shape[0]
    check_dense_size((T,) * net.N, what="grid tensor (to find a witness minor)")
    return net.grid_tensor(output=output)


def dense_minor(net: Any, partition: Any, output: int = 0) -> tuple[int, list[tuple], list[tuple]]:
    """``(rank, row multi-indices, col multi-indices)`` of a maximal non-singular minor, from the dense grid tensor.

    >>> r, rows, cols = dense_minor(bentkamp_witness(4, 3, (2, 2)), "odd-even")
    >>> r, rows[:2]
    (4, [(0, 0), (0, 1)])
    """
    part = as_partition(partition, net.N)
    G = _grid(net, output)
    X = matricize(G, part)
    prow, pcol = _profile(X)
    T = G.shape[0]
    rshape = (T,) * len(part.rows)
    cshape = (T,) * len(part.cols)
    rows = [tuple(int(v) for v in np.unravel_index(i, rshape)) for i in prow]
    cols = [tuple(int(v) for v in np.unravel_index(j, cshape)) for j in pcol]
    return len(prow), rows, cols


def bentkamp_minor(N: int, r: int) -> tuple[list[tuple], list[tuple]]:
    """The non-vanishing minor of Bentkamp's witness for the binary tree and the odd-even partition.

    ``A*[d] = prod_k [d_{2k} = d_{2k+1} < r]`` (0-based), so the rows and the columns whose digits are
    all ``< r``, in the same order, give the identity matrix of size ``r^{N/2}``.

    The minor has ``r^(N/2)`` rows: it is refused with
    :class:`~exactnet.errors.ResourceLimitError` (and the size estimate) *before* anything is built
    when its exact entries would exceed the dense-size limit (e.g. N=64, r=2: a 2^32 x 2^32 minor).

    >>> bentkamp_minor(4, 2)[0]
    [(0, 0), (0, 1), (1, 0), (1, 1)]
    """
    _check_minor_size(r ** (N // 2), f"witness minor r^(N/2) x r^(N/2) (N={N}, r={r})")
    tuples = list(itertools.product(range(r), repeat=N // 2))
    return tuples, list(tuples)


def _binary_pairs(tree: PoolingTree) -> bool:
    N = tree.num_modes
    return N >= 2 and N & (N - 1) == 0 and tree == PoolingTree.from_windows(N, 2)


def lower_bound_certificate(net: Any, partition: Any, output: int = 0, *, generic: bool = False,
                            shared: bool | None = None, minor: Any = None,
                            prime: int | None = None) -> Certificate:
    """A non-singular minor of ``[grid tensor]_{I,J}``: ``matricization_rank(circuit, y, I) >= r`` (method
    ``minor-entries``: the kernel evaluates the r^2 entries with its circuit evaluator), or with ``generic``
    ``generic_matricization_rank(architecture, ties, y, I) >= r`` (rule ``generic-rank-from-witness``: the
    entries are polynomials in the weights, so a minor non-zero at this network is non-zero almost everywhere).

    Parameters
    ----------
    net : DeepConvAC or ShallowConvAC
    partition : Partition, name or row modes (0-based)
    output : int
        Which output y (0-based).
    generic : bool
        State the bound for almost every weight setting (the network is the witness).
    shared : bool, optional
        The weight space of the generic statement: the shared one (the witness's tied matrices must be equal)
        or the unshared one; default: the network's own.
    minor : (rows, cols), optional
        Multi-indices of the minor; default: a maximal one from the dense grid tensor.
    prime : int, optional
        Default: the first of :data:`PRIMES` modulo which the minor is non-singular.

    >>> c = lower_bound_certificate(bentkamp_witness(4, 3, (2, 2)), [0, 2], minor=bentkamp_minor(4, 2))
    >>> c.quantity, c.value, c.status, c.check().verdict
    ('matricization_rank', 4, 'lower-bound', 'valid')
    """
    if not isinstance(net, (DeepConvAC, ShallowConvAC)):
        raise InvalidArgumentError(f"Argument 'net' must be a DeepConvAC or ShallowConvAC, not {type(net).__name__}")
    part = as_partition(partition, net.N)
    if minor is None:
        _, rows, cols = dense_minor(net, part, output)
    else:
        rows, cols = [tuple(t) for t in minor[0]], [tuple(t) for t in minor[1]]
    if not rows:
        raise DomainError(
            f"Argument 'net' has a zero matricization for I={list(part.rows)}: there is no non-singular minor "
            "to certify (rank 0)"
        )
    if generic and shared and not is_shared_point(net):
        raise InvalidArgumentError("Argument 'net' is not a point of the shared weight space (its weights differ "
                                   "between locations); pass shared=False")
    node = witness_node(net, part, output, rows, cols, prime)
    if generic:
        node = generic_node(node, convac_ties(net, shared))
    return Certificate(node["proposition"], node["evidence"])


def witness_node(net: Any, part: Partition, output: int, rows, cols, prime: int | None = None) -> dict:
    """``matricization_rank(circuit of net, output, I) >= r`` by the minor at these multi-indices (method
    ``minor-entries`` modulo the first prime of :data:`PRIMES`, or ``prime``, at which it is non-singular); a
    premise node (``{"proposition", "evidence"}``).  DomainError when it vanishes modulo every prime tried."""
    r = len(rows)
    _check_minor_size(r, "witness minor")
    primes = (prime,) if prime is not None else PRIMES
    entries = _minor_entries(net, part, output, rows, cols)
    chosen = next((p for p in primes if int(flint.nmod_mat(r, r, [_mod(x, p) for row in entries for x in row], p)
                                            .det()) != 0), None)
    if chosen is None:
        raise DomainError(f"the {r}x{r} minor vanishes modulo every prime tried {list(primes)}")
    obj = {"circuit": to_circuit(net).source, "output": int(output), "rows": [int(m) for m in part.rows]}
    evidence = {"method": "minor-entries", "rows": [[int(t) for t in a] for a in rows],
                "cols": [[int(t) for t in b] for b in cols], "prime": str(chosen)}
    return _node("matricization_rank", obj, ">=", r, evidence)


def architecture_object(circuit: dict) -> dict:
    """The architecture of a ConvAC's circuit (its affine matrices replaced by their shapes)."""
    nodes = [{k: v for k, v in n.items() if k != "matrix"} | ({"shape": n["matrix"]["shape"]} if "matrix" in n else {})
             for n in circuit["nodes"]]
    return {"inputs": circuit["inputs"], "nodes": nodes, "output": circuit["output"]}


def generic_node(witness: dict, ties: list) -> dict:
    """Rule ``generic-rank-from-witness`` on a :func:`witness_node`: the same bound for almost every weight setting
    of the witness's architecture with these ``ties`` (lists of affine nodes sharing one matrix)."""
    obj = witness["proposition"]["object"]
    gobj = {"architecture": architecture_object(obj["circuit"]), "ties": ties, "output": obj["output"],
            "rows": obj["rows"]}
    return _node("generic_matricization_rank", gobj, ">=", witness["proposition"]["value"],
                 {"rule": "generic-rank-from-witness", "premises": [witness], "params": {"ties": ties}})


def _node(quantity: str, obj: dict, relation: str, value: Any, evidence: dict) -> dict:
    prop = {"quantity": quantity, "object": obj, "relation": relation, "field": "Q"}
    if value is not None:
        prop["value"] = int(value)
    return {"proposition": prop, "evidence": evidence}


def _minor_entries(net: Any, part: Partition, output: int, rows, cols) -> list[list]:
    """Exact entries of the minor: read from the dense grid tensor when it is small, else forward passes."""
    T = net.representation.matrix.shape[0]
    dense = T ** net.N <= 1 << 20
    G = net.grid_tensor(output=output) if dense else None
    cache: dict[tuple, Any] = {}
    out = []
    for rr in rows:
        line = []
        for cc in cols:
            d = [0] * net.N
            for m, x in zip(part.rows, rr):
                d[m] = x
            for m, x in zip(part.cols, cc):
                d[m] = x
            key = tuple(d)
            if G is not None:
                line.append(G.fraction(key))
                continue
            if key not in cache:
                cache[key] = net.evaluate_templates(key)[output]
            line.append(cache[key])
        out.append(line)
    return out


# ------------------------------------------------------------------------------------------- witnesses
def _random(rng: np.random.Generator, shape: tuple[int, int], low: int = -20, high: int = 20) -> QArray:
    return QArray.from_integers(rng.integers(low, high + 1, size=shape, dtype=np.int64))


def _copy_first(rows: int, cols: int) -> QArray:
    m = np.zeros((rows, cols), dtype=np.int64)
    m[:, 0] = 1
    return QArray.from_integers(m)


def lc_witness(tree: PoolingTree, M: int, widths: Sequence[int], Lc: int, seed: int, shared: bool = False,
               Y: int = 1, representation: Representation | None = None) -> DeepConvAC:
    """Random integer weights up to level ``Lc`` (leaves and nodes at levels 1..Lc), copy-first above.

    Above level Lc the network multiplies channel 0 of the level-Lc nodes (single-channel Kronecker
    products), so the matricization is the Kronecker product of the level-Lc node matricizations.

    >>> net = lc_witness(PoolingTree.binary(8), 2, (4, 3, 4), 2, seed=0)
    >>> net.output_weights == _copy_first(1, 4), net.node_weights[-1] == _copy_first(4, 3)
    (True, False)
    """
    rng = np.random.default_rng(seed)
    H = tree.height
    rep = representation or Representation.identity(M)
    if shared:
        leaf: Any = _random(rng, (widths[0], M))
        nodes: list = [_random(rng, (widths[l], widths[l - 1])) if l <= Lc else _copy_first(widths[l], widths[l - 1])
                       for l in range(1, H)]
    else:
        leaf = [_random(rng, (widths[tree.leaf_level(i)], M)) for i in range(tree.num_modes)]
        nodes = []
        for v in tree.internal_nodes():
            l = tree.node_level(v)
            nodes.append(_random(rng, (widths[l], widths[l - 1])) if l <= Lc else _copy_first(widths[l], widths[l - 1]))
    out = _random(rng, (Y, widths[H - 1])) if H <= Lc else _copy_first(Y, widths[H - 1])
    return DeepConvAC.from_weights(tree, rep, leaf, nodes, out, shared=shared)


def find_witness(tree: PoolingTree, M: int, widths: Sequence[int], partition: Any, *, target: int | None = None,
                 shared: bool = False, styles: Iterable[str] = ("bentkamp", "random"), seeds: Iterable[int] = range(6),
                 Lc: int | None = None, output: int = 0) -> Witness:
    """Search witnesses (Bentkamp's, random integer weights, or :func:`lc_witness`) for the largest minor.

    Stops as soon as ``target`` is reached; returns the best witness found.

    >>> w = find_witness(PoolingTree.binary(4), 3, (3, 5), "low-high", target=3)
    >>> w.rank, w.style
    (3, 'random')
    """
    part = as_partition(partition, tree.num_modes)
    best: Witness | None = None
    seeds = list(seeds)
    for style in styles:
        candidates: list[tuple[int | None, Any]] = []
        if style == "bentkamp":
            candidates = [(None, None)]
        elif style in ("random", "lc"):
            candidates = [(s, None) for s in seeds]
        else:
            raise InvalidArgumentError(f"Argument 'styles' must hold 'bentkamp', 'random' or 'lc', not {style!r}")
        for seed, _ in candidates:
            if style == "bentkamp":
                net = bentkamp_witness(tree, M, widths)
                if not shared:
                    net = unshare(net)
                if _binary_pairs(tree) and part == Partition.named("odd-even", tree.num_modes):
                    rows, cols = bentkamp_minor(tree.num_modes, min(widths[0], M))
                    rank = len(rows)
                else:
                    rank, rows, cols = dense_minor(net, part, output)
            elif style == "random":
                net = DeepConvAC.random(tree, M, widths, shared=shared, seed=seed, low=-20, high=20)
                rank, rows, cols = dense_minor(net, part, output)
            else:
                net = lc_witness(tree, M, widths, Lc if Lc is not None else tree.height, seed, shared=shared)
                rank, rows, cols = dense_minor(net, part, output)
            if best is None or rank > best.rank:
                best = Witness(net, rank, rows, cols, style, seed)
            if target is not None and best.rank >= target:
                return best
    assert best is not None
    return best
