r"""Independent checks of certificates about rectifier-network theorems (Cohen & Shashua 2016).

Imports only the standard library and, from exactnet, :mod:`exactnet.errors` and this package.
Everything is re-derived here: block structures from trees, marginal sums, an own interval
evaluator of rectifier networks, the matricization of a tensor.  **Modes are 0-based.**

Kinds
-----
``"non-realizability"``
    A target tensor T, a tree (or ``null`` for the shallow network), the operator ``relu-sum``
    (ReLU + sum/average pooling) or ``linear-sum``, and a rational functional L of T's shape.  For
    ``relu-sum`` the grid tensor of every network over the tree is ``sum_c B_c(d restricted to
    block c)`` with one block per child of the root (the last pooling is ``sum_c max(x_c, 0)``); for
    ``linear-sum`` every block is one mode.  The checker derives the blocks from the tree, verifies
    that every marginal of L onto a block vanishes (``L . T_{c,b} = 0`` for the indicator
    ``T_{c,b}`` of every assignment b of every block c, i.e. L annihilates the whole span), and
    ``L . T != 0``.  Hence T is not in the span: no such network, of any width, realizes it.

``"box-realization"``
    A rectifier network whose weights are rational points or open intervals ``{"open": [lo, hi]}``
    (the box), and a tensor.  The checker evaluates the network on every template tuple with exact
    interval arithmetic over the closed box (a superset of the open one) and verifies that every
    output interval is the single point stated by the tensor.  So every weight setting in the box
    (a set of positive Lebesgue measure in the space of the free weights when every weight is an
    open interval) has exactly this grid tensor.

``"box-shallow-collapse"``
    A box of weights of a deep relu-max / relu-sum network on which it equals a one-channel shallow
    network: interval arithmetic proves the dead channels; one live channel per node with a weight >= 0
    over the box and positive homogeneity give the shallow form (a non-zero function in general).

``"max-pool-rank-bound"``
    The shallow ReLU + max-pooling bound: for a partition (I, J) a term
    ``v^1 (x)_g ... (x)_g v^N`` (g = max{a, b, 0}) has entries ``max{max(U(d_I), 0), V(d_J)}``;
    rows with equal ``max(U, 0)`` are equal, and ``U = max_{i in I} v^i_{d_i}`` takes at most
    ``|I|(T-1) + 1`` values (values below the largest row minimum never occur), so
    ``rank <= 1 + (T-1) min(|I|, |J|)`` per term (also ``<= T^min(|I|,|J|)``) and ``<= Z`` times
    that for Z channels.  The checker recomputes the arithmetic (and the looser
    ``1 + T|I|``); with a ``network`` it also groups the rows and columns of every term of that
    network and verifies the counts.

``"average-rank-obstruction"``
    The matricization route: a relu-sum grid tensor is ``B_c(d_c) + C(d_rest)`` for a root block c, so
    its (block c | rest) matricization has rank <= 2; a ``matrix-rank`` certificate of rank >= 3 of the
    target's matricization (rebuilt by the checker) proves non-realizability.

``"max-pool-depth-efficiency"``
    A deep network (point weights, optionally shared), its grid tensor (re-evaluated by the
    checker), a ``matrix-rank`` certificate whose matrix must be the matricization of that tensor
    (rebuilt by the checker), and the per-term bound above: a shallow max-pooling network
    realizing the tensor needs ``Z >= ceil(R / b)`` channels.

``"pooling-comparison"``
    The comparison table product vs max vs average pooling: three rows whose
    figures (universal, odd-even rank, shallow width forced) are each derived from nested
    certificates checked by their own kinds (unit realizations, ``non-realizability``,
    ``depth-efficiency`` / ``rectifier-matrix-rank``, ``max-pool-rank-bound``) about the table's
    architecture; the claim states every row.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
from fractions import Fraction
from typing import Any, Callable

from ..errors import CertificateError
from ._claim import check_rank_statements, require_numbers
from ._network import _Tree, _common_header, _fail, _get, _int, _matrix, _partition, _rat, _short
from ._rectifier import OPERATORS  # operator name -> (activation, pooling), shared within the checker

__all__ = [
    "check_non_realizability",
    "check_box_realization",
    "check_max_pool_rank_bound",
    "check_max_pool_depth_efficiency",
    "check_rectifier_matrix_rank",
    "check_relu_representation",
    "check_average_rank_obstruction",
    "check_box_shallow_collapse",
    "check_pooling_comparison",
    "OPERATORS",
]

#: the largest tensor (number of entries) these kinds evaluate or scan
MAX_ENTRIES = 1 << 16


# ============================================================================ tensors
def _tensor(obj: Any, field: str) -> tuple[list[int], dict[tuple[int, ...], Fraction]]:
    """An ``exactnet.tensor`` object: ``(shape, {index: value})`` (all entries)."""
    if not isinstance(obj, dict) or obj.get("format", "exactnet.tensor") != "exactnet.tensor":
        raise _fail("must be an exactnet.tensor JSON object", field)
    if "schema_version" in obj and obj["schema_version"] != 1:
        raise _fail(f"schema_version {_short(obj['schema_version'])} is not supported (this checker reads 1)",
                    f"{field}.schema_version")
    shape = _get(obj, "shape", field)
    if not isinstance(shape, list) or not shape:
        raise _fail(f"must be a non-empty list of mode sizes, not {_short(shape)}", f"{field}.shape")
    shape = [_int(s, f"{field}.shape[{k}]", 1) for k, s in enumerate(shape)]
    if math.prod(shape) > MAX_ENTRIES:
        raise _fail(f"the tensor has {math.prod(shape)} entries; this checker scans at most {MAX_ENTRIES}",
                    f"{field}.shape")
    entries = _get(obj, "entries", field)
    out: dict[tuple[int, ...], Fraction] = {}

    def walk(x: Any, prefix: tuple[int, ...], path: str) -> None:
        level = len(prefix)
        if level == len(shape):
            out[prefix] = _rat(x, path)
            return
        if not isinstance(x, list) or len(x) != shape[level]:
            raise _fail(f"must be a list of length {shape[level]} (mode {level}, 0-based)", path)
        for k, y in enumerate(x):
            walk(y, prefix + (k,), f"{path}[{k}]")

    walk(entries, (), f"{field}.entries")
    return shape, out


def _digest(shape: list[int], values: dict) -> str:
    text = json.dumps([shape, [str(values[d]) for d in sorted(values)]], separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _root_blocks(tree_obj: Any, N: int, field: str) -> list[list[int]]:
    """The blocks of modes under the root's children (sorted modes; blocks in the children's order)."""
    if tree_obj is None:
        return [[i] for i in range(N)]
    tree = _Tree(tree_obj, N, field)
    return [tree.modes_under(c) for c in tree.structure]


def _argument(cert: dict, words: list[str]) -> str:
    arg = _get(cert, "argument", "")
    if not isinstance(arg, str) or not arg.strip():
        raise _fail("must be the argument in words (a non-empty string)", "argument")
    for w in words:
        if w not in arg:
            raise _fail(f"the argument must name {w!r} (what the verified statement is about)", "argument")
    return arg


# ============================================================================ non-realizability
def check_non_realizability(cert: dict) -> dict:
    """Verify that a functional separates the target from every tensor realizable with sum pooling.

    >>> T = {"shape": [2, 2], "entries": [["1", "0"], ["0", "1"]]}
    >>> L = {"shape": [2, 2], "entries": [["1", "-1"], ["-1", "1"]]}
    >>> cert = {"kind": "non-realizability", "field": "Q", "status": "exact", "operator": "relu-sum",
    ...         "claim": "delta is not realizable; L . T = 2", "target": T, "functional": L, "tree": None,
    ...         "blocks": [[0], [1]], "pairing": "2",
    ...         "argument": "relu-sum: the grid tensor is a sum over the blocks [[0], [1]] of ..."}
    >>> check_non_realizability(cert)["pairing"]
    Fraction(2, 1)
    >>> cert["functional"]["entries"][0][0] = "2"
    >>> check_non_realizability(cert)
    Traceback (most recent call last):
      ...
    exactnet.errors.CertificateError: L does not vanish on the indicator of block [0] = (0,): its marginal sum is 1 (field 'functional')
    """
    _common_header(cert, "non-realizability")
    if cert.get("status") != "exact":
        raise _fail(f"a non-realizability proof has status \"exact\", not {_short(cert.get('status'))}", "status")
    op = _get(cert, "operator", "")
    if op not in ("relu-sum", "linear-sum"):
        raise _fail(f"this kind proves non-realizability for the operators relu-sum and linear-sum, not {_short(op)}",
                    "operator")
    shape, T = _tensor(_get(cert, "target", ""), "target")
    lshape, L = _tensor(_get(cert, "functional", ""), "functional")
    if lshape != shape:
        raise _fail(f"the functional has shape {lshape}, the target {shape}", "functional.shape")
    N = len(shape)
    tree_obj = _get(cert, "tree", "")
    if op == "linear-sum" or tree_obj is None:
        blocks = [[i] for i in range(N)]
    else:
        blocks = _root_blocks(tree_obj, N, "tree")
    if len(blocks) < 2:  # pragma: no cover - a tree root has >= 2 children
        raise _fail("needs at least two blocks", "tree")
    stated = _get(cert, "blocks", "")
    if stated != blocks:
        raise _fail(f"the blocks derived from the tree and operator are {blocks}, not {_short(stated)}", "blocks")
    # every marginal of L onto a block vanishes
    for blk in blocks:
        sums: dict[tuple[int, ...], Fraction] = {}
        for d, x in L.items():
            key = tuple(d[i] for i in blk)
            sums[key] = sums.get(key, Fraction(0)) + x
        for b in itertools.product(*(range(shape[i]) for i in blk)):
            if sums.get(b, 0) != 0:
                raise _fail(f"L does not vanish on the indicator of block {blk} = {b}: its marginal sum is {sums[b]}",
                            "functional")
    pairing = sum((L[d] * T[d] for d in T if L[d] and T[d]), Fraction(0))
    if pairing == 0:
        raise _fail("L . target = 0: the functional does not separate the target from the span", "functional")
    stated_pairing = _rat(_get(cert, "pairing", ""), "pairing")
    if stated_pairing != pairing:
        raise _fail(f"L . target = {pairing}, not {stated_pairing}", "pairing")
    _argument(cert, [op, str(blocks)])
    claim = cert.get("claim")
    require_numbers(claim, {"pairing": pairing})
    if isinstance(claim, str) and " is realizable" in claim and "not realizable" not in claim:
        raise _fail("the certificate proves the target is NOT realizable", "claim")
    span_dim = 1 + sum(math.prod(shape[i] for i in blk) - 1 for blk in blocks)
    return {"kind": "non-realizability", "realizable": False, "operator": op, "blocks": blocks,
            "pairing": pairing, "span_dimension": span_dim, "shape": shape,
            "target_digest": _digest(shape, T), "tree": tree_obj, "num_inputs": N}


# ============================================================================ interval networks
Interval = tuple  # (lo, hi) of Fractions, lo <= hi


def _weight(x: Any, field: str) -> Interval:
    if isinstance(x, dict):
        iv = _get(x, "open", field)
        if not isinstance(iv, list) or len(iv) != 2:
            raise _fail("an open interval is {\"open\": [\"lo\", \"hi\"]}", f"{field}.open")
        lo, hi = _rat(iv[0], f"{field}.open[0]"), _rat(iv[1], f"{field}.open[1]")
        if not lo < hi:
            raise _fail(f"an open interval needs lo < hi, not ({lo}, {hi})", f"{field}.open")
        return (lo, hi, True)
    v = _rat(x, field)
    return (v, v, False)


def _weights(value: Any, field: str, rows: int | None, cols: int) -> list[list[Interval]]:
    if not isinstance(value, list) or not value or not all(isinstance(r, list) for r in value):
        raise _fail(f"must be a non-empty matrix (list of rows), not {_short(value)}", field)
    if rows is not None and len(value) != rows:
        raise _fail(f"must have {rows} rows, not {len(value)}", field)
    out = []
    for a, row in enumerate(value):
        if len(row) != cols:
            raise _fail(f"row {a} must have {cols} entries (the input width), not {len(row)}", f"{field}[{a}]")
        out.append([_weight(x, f"{field}[{a}][{b}]") for b, x in enumerate(row)])
    return out


def _mul(a: Interval, b: Interval) -> Interval:
    ps = (a[0] * b[0], a[0] * b[1], a[1] * b[0], a[1] * b[1])
    return (min(ps), max(ps))


def _add(a: Interval, b: Interval) -> Interval:
    return (a[0] + b[0], a[1] + b[1])


def _relu(a: Interval) -> Interval:
    return (max(a[0], Fraction(0)), max(a[1], Fraction(0)))


def _pool(kind: str, xs: list[Interval]) -> Interval:
    if kind == "max":
        return (max(x[0] for x in xs), max(x[1] for x in xs))
    if kind == "sum":
        out = xs[0]
        for x in xs[1:]:
            out = _add(out, x)
        return out
    out = xs[0]
    for x in xs[1:]:
        out = _mul(out, x)
    return out


def _conv(W: list[list[Interval]], xs: list[Interval]) -> list[Interval]:
    out = []
    for row in W:
        acc = (Fraction(0), Fraction(0))
        for w, x in zip(row, xs):
            if w[0] == w[1] == 0:
                continue
            acc = _add(acc, _mul(w[:2], x))
        out.append(acc)
    return out


class _IntervalNet:
    """A rectifier network with interval weights, parsed from the ``network`` field of these kinds."""

    def __init__(self, obj: Any, field: str = "network"):
        op = _get(obj, "operator", field)
        if op not in OPERATORS:
            raise _fail(f"unknown operator {_short(op)}; known: {', '.join(sorted(OPERATORS))}", f"{field}.operator")
        self.operator = op
        self.activation, self.pooling = OPERATORS[op]
        self.N = _int(_get(obj, "num_inputs", field), f"{field}.num_inputs", 1)
        self.F = _matrix(_get(obj, "F", field), f"{field}.F")
        self.T, self.M = len(self.F), len(self.F[0])
        tree_obj = _get(obj, "tree", field)
        if tree_obj is None:
            tree_obj = list(range(self.N))
        if self.N < 2:
            raise _fail("a network needs N >= 2 inputs", f"{field}.num_inputs")
        self.tree = _Tree(tree_obj, self.N, f"{field}.tree")
        leaves = _get(obj, "leaf_weights", field)
        if not isinstance(leaves, list) or len(leaves) != self.N:
            raise _fail(f"must be a list of N = {self.N} matrices (one per input, by 0-based mode)",
                        f"{field}.leaf_weights")
        self.leaf = [_weights(w, f"{field}.leaf_weights[{i}]", None, self.M) for i, w in enumerate(leaves)]
        nodes = _get(obj, "node_weights", field)
        if not isinstance(nodes, list) or len(nodes) != len(self.tree.internal):
            raise _fail(f"must be a list of {len(self.tree.internal)} matrices (internal nodes except the root, "
                        "by level then left to right)", f"{field}.node_weights")
        self.width: dict[Any, int] = {}
        for i in range(self.N):
            self.width[i] = len(self.leaf[i])
        self.node: dict[Any, list[list[Interval]]] = {}
        for k, (v, w) in enumerate(zip(self.tree.internal, nodes)):
            cw = self._child_width(v, f"{field}.node_weights[{k}]")
            self.node[v] = _weights(w, f"{field}.node_weights[{k}]", None, cw)
            self.width[v] = len(self.node[v])
        root = self.tree.structure
        cw = self._child_width(root, f"{field}.output_weights")
        self.out = _weights(_get(obj, "output_weights", field), f"{field}.output_weights", 1, cw)
        # level widths must agree (siblings share a level)
        levels: dict[int, int] = {}
        for i in range(self.N):
            self._level_width(levels, self.tree.leaf_level(i), self.width[i], f"{field}.leaf_weights[{i}]")
        for k, (v, lvl) in enumerate(zip(self.tree.internal, self.tree.internal_levels)):
            self._level_width(levels, lvl, self.width[v], f"{field}.node_weights[{k}]")
        self.widths = [levels.get(l, 0) for l in range(self.tree.height)]
        flat = [w for m in self.leaf for row in m for w in row] + [w for m in self.node.values() for row in m for w in row]
        flat += [w for row in self.out for w in row]
        self.num_weights = len(flat)
        self.free = sum(1 for w in flat if w[2])

    def _child_width(self, v: Any, field: str) -> int:
        ws = {self.width[c] for c in v}
        if len(ws) != 1:
            raise _fail(f"the children of a node must have the same number of channels, not {sorted(ws)}", field)
        return ws.pop()

    @staticmethod
    def _level_width(levels: dict, lvl: int, w: int, field: str) -> None:
        if levels.setdefault(lvl, w) != w:
            raise _fail(f"all nodes at level {lvl} must have {levels[lvl]} channels, not {w}", field)

    def shared_per_level(self) -> bool:
        """True when all leaves at a level have equal weights, and all nodes at a level (point weights only)."""
        groups: dict[tuple, list] = {}
        for i in range(self.N):
            groups.setdefault(("leaf", self.tree.leaf_level(i)), []).append(self.leaf[i])
        for v, lvl in zip(self.tree.internal, self.tree.internal_levels):
            groups.setdefault(("node", lvl), []).append(self.node[v])
        return all(all(m == ms[0] for m in ms) for ms in groups.values())

    def _act(self, x: Interval) -> Interval:
        return _relu(x) if self.activation == "relu" else x

    def block_values(self, v: Any) -> tuple[list[int], dict[tuple[int, ...], list[Interval]]]:
        """(modes under v, {assignment of those modes: channel intervals}) for node or leaf v."""
        if isinstance(v, int):
            W = self.leaf[v]
            vals = {}
            for t in range(self.T):
                ft = [(x, x) for x in self.F[t]]
                vals[(t,)] = _conv(W, ft)
            return [v], vals
        kids = [self.block_values(c) for c in v]
        modes = sorted(m for ms, _ in kids for m in ms)
        W = self.node.get(v) if v != self.tree.structure else self.out
        # group each child's assignments by their activated channel values: equal inputs, equal outputs
        groups = []
        for _, kv in kids:
            g: dict[tuple, list] = {}
            for key, chans in kv.items():
                g.setdefault(tuple(self._act(x) for x in chans), []).append(key)
            groups.append(list(g.items()))
        pos = [[modes.index(m) for m in ms] for ms, _ in kids]
        vals = {}
        for combo in itertools.product(*groups):
            acts = [a for a, _ in combo]
            pooled = [_pool(self.pooling, [ch[a] for ch in acts]) for a in range(len(acts[0]))]
            out = _conv(W, pooled)
            for keys in itertools.product(*(ks for _, ks in combo)):
                full = [0] * len(modes)
                for ps, key in zip(pos, keys):
                    for p_, x in zip(ps, key):
                        full[p_] = x
                vals[tuple(full)] = out
        return modes, vals

    def grid(self) -> dict[tuple[int, ...], Interval]:
        if self.T ** self.N > MAX_ENTRIES:
            raise _fail(f"the grid tensor has {self.T ** self.N} entries; this checker evaluates at most {MAX_ENTRIES}",
                        "network")
        modes, vals = self.block_values(self.tree.structure)
        assert modes == list(range(self.N))
        return {d: x[0] for d, x in vals.items()}


def check_box_realization(cert: dict) -> dict:
    """Verify that every weight setting in a box gives the stated grid tensor (exact interval arithmetic).

    >>> net = {"operator": "relu-max", "num_inputs": 2, "tree": None, "F": [["1", "0"], ["0", "1"]],
    ...        "leaf_weights": [[[{"open": ["-1", "1"]}, {"open": ["-1", "1"]}]]] * 2, "node_weights": [],
    ...        "output_weights": [[{"open": ["-1", "1"]}]]}
    >>> cert = {"kind": "box-realization", "field": "Q", "status": "exact", "claim": "x", "network": net,
    ...         "tensor": {"shape": [2, 2], "entries": [["0", "0"], ["0", "0"]]}, "argument": "relu-max ..."}
    >>> check_box_realization(cert)
    Traceback (most recent call last):
      ...
    exactnet.errors.CertificateError: over the box the entry [0, 0] ranges over [-1, 1], not the single point 0 (field 'tensor.entries[0][0]')
    """
    _common_header(cert, "box-realization")
    if cert.get("status") != "exact":
        raise _fail(f"status must be \"exact\", not {_short(cert.get('status'))}", "status")
    net = _IntervalNet(_get(cert, "network", ""), "network")
    shape, A = _tensor(_get(cert, "tensor", ""), "tensor")
    if shape != [net.T] * net.N:
        raise _fail(f"the grid tensor has shape {[net.T] * net.N}, not {shape}", "tensor.shape")
    grid = net.grid()
    for d in sorted(grid):
        lo, hi = grid[d]
        path = "tensor.entries" + "".join(f"[{i}]" for i in d)
        if lo != hi:
            raise _fail(f"over the box the entry {list(d)} ranges over [{lo}, {hi}], not the single point {A[d]}", path)
        if lo != A[d]:
            raise _fail(f"the network's grid tensor has {lo} at {list(d)}, not {A[d]}", path)
    _argument(cert, [net.operator])
    positive = net.free == net.num_weights
    zero = all(x == 0 for x in A.values())
    claim = cert.get("claim")
    if isinstance(claim, str) and "positive" in claim and "measure" in claim and not positive:
        raise _fail(f"only {net.free} of the {net.num_weights} weights range over open intervals: the box has "
                    "measure zero in the weight space", "claim")
    if net.free:
        require_numbers(claim, {"free_weights": net.free})
    nonzero = sum(1 for x in A.values() if x != 0)
    return {"kind": "box-realization", "operator": net.operator, "num_inputs": net.N, "T": net.T, "M": net.M,
            "tree": net.tree.structure, "widths": net.widths, "free_weights": net.free, "weights": net.num_weights,
            "positive_measure": positive, "tensor_is_zero": zero, "nonzero_entries": nonzero,
            "tensor_digest": _digest(shape, A), "shared": net.shared_per_level()}


# ============================================================================ box-shallow-collapse
def _all_values(net: _IntervalNet) -> dict:
    """{node or leaf: {assignment: channel intervals (conv outputs)}} for every node (root included)."""
    out: dict = {}

    def walk(v: Any) -> None:
        if not isinstance(v, int):
            for c in v:
                walk(c)
        out[v] = net.block_values(v)[1]

    walk(net.tree.structure)
    return out


def check_box_shallow_collapse(cert: dict) -> dict:
    """Verify that on a whole box of weights a deep relu-max / relu-sum network is a shallow network with Z = 1.

    Interval arithmetic over the box proves which channels are dead (pre-activation <= 0 at every template
    tuple, so the ReLU outputs exactly 0); the rest must form one live channel per node whose conv weight on
    the live input channel is >= 0 over the box.  Positive homogeneity (``relu(w x) = w relu(x)`` and
    ``w max(a, b) = max(w a, w b)`` for ``w >= 0``) then gives ``h = out * P_(i) relu(c_i a_i . f(x_i))``
    (P = max or sum over the inputs, ``c_i`` the product of the live weights on the path of input i):
    the shallow network with one channel and weights ``c_i a_i``.
    """
    _common_header(cert, "box-shallow-collapse")
    if cert.get("status") != "exact":
        raise _fail(f"status must be \"exact\", not {_short(cert.get('status'))}", "status")
    net = _IntervalNet(_get(cert, "network", ""), "network")
    if net.operator not in ("relu-max", "relu-sum"):
        raise _fail(f"the collapse argument needs a ReLU with max or sum pooling, not {net.operator}",
                    "network.operator")
    if net.T ** net.N > MAX_ENTRIES:
        raise _fail(f"the grid has {net.T ** net.N} entries; this checker evaluates at most {MAX_ENTRIES}", "network")
    vals = _all_values(net)
    root = net.tree.structure
    live: dict = {}
    for v, kv in vals.items():
        if v == root:
            continue
        width = len(next(iter(kv.values())))
        alive = [g for g in range(width) if any(x[g][1] > 0 for x in kv.values())]
        if len(alive) != 1:
            where = f"leaf {v}" if isinstance(v, int) else f"node {list(net.tree.modes_under(v))}"
            raise _fail(f"{where} has {len(alive)} channels that are not provably dead over the box (channels "
                        f"{alive}); the collapse needs exactly one", "network")
        live[v] = alive[0]
    for v in [root] + list(net.tree.internal):
        kids = list(v)
        chans = {live[c] for c in kids}
        where = "the root" if v == root else f"node {list(net.tree.modes_under(v))}"
        if len(chans) != 1:
            raise _fail(f"the children of {where} have their live channel at different indices {sorted(chans)}: "
                        "pooling would not pair them", "network")
        a = chans.pop()
        if v != root:
            w = net.node[v][live[v]][a]
            if w[0] < 0:
                raise _fail(f"the live weight of {where} ranges over [{w[0]}, {w[1]}], which is not >= 0 over the box",
                            "network.node_weights")
    _argument(cert, [net.operator, "dead", "positive"])
    positive = net.free == net.num_weights
    claim = cert.get("claim")
    require_numbers(claim, {"free_weights": net.free})
    if isinstance(claim, str) and "positive" in claim and "measure" in claim and not positive:
        raise _fail("not every weight ranges over an open interval: the box has measure zero", "claim")
    out_w = net.out[0][live[next(iter(root))]]
    return {"kind": "box-shallow-collapse", "operator": net.operator, "num_inputs": net.N, "T": net.T,
            "tree": net.tree.structure, "widths": net.widths, "free_weights": net.free, "weights": net.num_weights,
            "positive_measure": positive, "shallow_width": 1,
            "output_weight_excludes_zero": bool(out_w[0] > 0 or out_w[1] < 0)}


# ============================================================================ max-pool bounds
def _term_bound(T: int, I: int, J: int) -> int:
    k = min(I, J)
    return min(1 + (T - 1) * k, T ** k)


def _shallow_groups(net: _IntervalNet, rows: list[int], cols: list[int]) -> list[int]:
    """Per channel z of a shallow max-pool network: min(#distinct max(U,0) over rows, #distinct max(V,0))."""
    counts = []
    Z = len(net.leaf[0])
    for z in range(Z):
        v = []
        for i in range(net.N):
            row = net.leaf[i][z]
            if any(w[0] != w[1] for w in row):
                raise _fail("the per-term grouping needs point weights", f"network.leaf_weights[{i}]")
            v.append([sum((w[0] * f for w, f in zip(row, net.F[t])), Fraction(0)) for t in range(net.T)])

        def distinct(modes: list[int]) -> int:
            vals = set()
            for d in itertools.product(range(net.T), repeat=len(modes)):
                vals.add(max(max(v[i][t] for i, t in zip(modes, d)), Fraction(0)))
            return len(vals)

        counts.append(min(distinct(rows), distinct(cols)))
    return counts


def check_max_pool_rank_bound(cert: dict) -> dict:
    """Verify the arithmetic (and, for a given network, the grouping) of the shallow max-pool rank bound.

    >>> cert = {"kind": "max-pool-rank-bound", "field": "Q", "status": "upper-bound", "operator": "relu-max",
    ...         "num_inputs": 4, "T": 3, "Z": 2, "partition": {"rows": [0, 2], "cols": [1, 3]},
    ...         "per_term_bound": 5, "bound": 10, "theory_per_term_bound": 7, "theory_bound": 14,
    ...         "claim": "rank <= 10", "argument": "relu-max: rows with equal max(U,0) ..."}
    >>> check_max_pool_rank_bound(cert)["bound"]
    10
    """
    _common_header(cert, "max-pool-rank-bound")
    if cert.get("status") != "upper-bound":
        raise _fail(f"status must be \"upper-bound\", not {_short(cert.get('status'))}", "status")
    op = _get(cert, "operator", "")
    if op != "relu-max":
        raise _fail(f"this bound is about the operator relu-max (g = max(a, b, 0)), not {_short(op)}", "operator")
    N = _int(_get(cert, "num_inputs", ""), "num_inputs", 2)
    T = _int(_get(cert, "T", ""), "T", 1)
    Z = _int(_get(cert, "Z", ""), "Z", 1)
    rows, cols = _partition(_get(cert, "partition", ""), "partition", N)
    b = _term_bound(T, len(rows), len(cols))
    tb = 1 + T * len(rows)
    for key, true in (("per_term_bound", b), ("bound", Z * b), ("theory_per_term_bound", tb), ("theory_bound", Z * tb)):
        stated = _int(_get(cert, key, ""), key, 0)
        if stated != true:
            raise _fail(f"the arithmetic gives {key} = {true}, not {stated}", key)
    _argument(cert, ["relu-max"])
    facts = {"kind": "max-pool-rank-bound", "num_inputs": N, "T": T, "Z": Z, "partition": {"rows": rows, "cols": cols},
             "per_term_bound": b, "bound": Z * b, "theory_per_term_bound": tb, "theory_bound": Z * tb}
    if "network" in cert:
        net = _IntervalNet(cert["network"], "network")
        if net.operator != "relu-max" or net.tree.height != 1 or net.N != N or net.T != T:
            raise _fail("the network must be a shallow relu-max network with these N and T", "network")
        counts = _shallow_groups(net, rows, cols)
        if len(counts) != Z:
            raise _fail(f"the network has {len(counts)} channels, not Z = {Z}", "network")
        stated = _get(cert, "term_groups", "")
        if stated != counts:
            raise _fail(f"the terms have {counts} distinct rows/columns (min of the two), not {_short(stated)}",
                        "term_groups")
        if any(c > b for c in counts):  # pragma: no cover - the argument of the bound
            raise _fail(f"a term has {max(counts)} groups, more than the bound {b}: the argument is wrong", "term_groups")
        facts["term_groups"] = counts
        facts["network_bound"] = sum(counts)
    claim = cert.get("claim")
    require_numbers(claim, {"bound": Z * b})
    return facts


def _matricize(shape: list[int], A: dict, rows: list[int], cols: list[int]) -> list[list[Fraction]]:
    def index(d: tuple, modes: list[int]) -> int:
        k = 0
        for m in modes:
            k = k * shape[m] + d[m]
        return k

    m = math.prod(shape[i] for i in rows)
    n = math.prod(shape[j] for j in cols)
    out = [[Fraction(0)] * n for _ in range(m)]
    for d, x in A.items():
        out[index(d, rows)][index(d, cols)] = x
    return out


def _evaluated_rank(cert: dict) -> tuple[_IntervalNet, list[int], dict, list[int], list[int], int]:
    """Re-evaluate ``network`` (point weights), compare with ``tensor``, verify ``matrix_rank`` on its matricization."""
    net = _IntervalNet(_get(cert, "network", ""), "network")
    if net.free:
        raise _fail("the network must have point weights (no open intervals)", "network")
    shape, A = _tensor(_get(cert, "tensor", ""), "tensor")
    if shape != [net.T] * net.N:
        raise _fail(f"the grid tensor has shape {[net.T] * net.N}, not {shape}", "tensor.shape")
    grid = net.grid()
    for d in sorted(grid):
        if grid[d][0] != A[d]:
            raise _fail(f"the network's grid tensor has {grid[d][0]} at {list(d)}, not {A[d]}",
                        "tensor.entries" + "".join(f"[{i}]" for i in d))
    rows, cols = _partition(_get(cert, "partition", ""), "partition", net.N)
    facts = _matricization_rank(cert, shape, A, rows, cols, "the matricization of the tensor for this partition")
    if facts.get("status") != "exact":
        raise _fail("the matrix-rank part must certify the exact rank", "matrix_rank.status")
    return net, shape, A, rows, cols, facts["rank"]


def _matricization_rank(cert: dict, shape: list[int], A: dict, rows: list[int], cols: list[int], what: str) -> dict:
    """Check the nested ``matrix_rank`` certificate and that its matrix is [A]_(rows, cols), rebuilt here."""
    _, facts = _part(_get(cert, "matrix_rank", ""), "matrix_rank", ("matrix-rank",))
    mat = _get(cert["matrix_rank"], "matrix", "matrix_rank")
    got = [[_rat(x, "matrix_rank.matrix.entries") for x in row] for row in _get(mat, "entries", "matrix_rank.matrix")]
    if got != _matricize(shape, A, rows, cols):
        raise _fail(f"the matrix is not {what}", "matrix_rank.matrix")
    return facts


def check_rectifier_matrix_rank(cert: dict) -> dict:
    """Verify the exact rank of a matricization of a rectifier network's grid tensor (network re-evaluated)."""
    _common_header(cert, "rectifier-matrix-rank")
    if cert.get("status") != "exact":
        raise _fail(f"status must be \"exact\", not {_short(cert.get('status'))}", "status")
    net, shape, A, rows, cols, R = _evaluated_rank(cert)
    claim = cert.get("claim")
    check_rank_statements(claim, lower=R, upper=R)
    require_numbers(claim, {"rank": R})
    return {"kind": "rectifier-matrix-rank", "rank": R, "operator": net.operator, "num_inputs": net.N, "T": net.T,
            "tree": net.tree.structure, "widths": net.widths, "shallow": net.tree.height == 1,
            "partition": {"rows": rows, "cols": cols}, "tensor_digest": _digest(shape, A)}


def check_max_pool_depth_efficiency(cert: dict) -> dict:
    """Verify a deep max-pool network's grid tensor, its matricization rank, and the shallow width it forces."""
    _common_header(cert, "max-pool-depth-efficiency")
    if cert.get("status") != "exact":
        raise _fail(f"status must be \"exact\", not {_short(cert.get('status'))}", "status")
    net, shape, A, rows, cols, R = _evaluated_rank(cert)
    if net.operator != "relu-max":
        raise _fail(f"depth efficiency here is about relu-max networks, not {net.operator}", "network.operator")
    shared = _get(cert, "shared", "")
    if shared is True and not net.shared_per_level():
        raise _fail("the certificate says shared: true, but weights differ within a level", "shared")
    b = _term_bound(net.T, len(rows), len(cols))
    tb = 1 + net.T * len(rows)
    need = -(-R // b)
    theory_need = -(-R // tb)
    stated = _int(_get(cert, "shallow_width_needed", ""), "shallow_width_needed", 0)
    if stated != need:
        raise _fail(f"ceil(rank / per-term bound) = ceil({R} / {b}) = {need}, not {stated}", "shallow_width_needed")
    _argument(cert, ["relu-max"])
    claim = cert.get("claim")
    check_rank_statements(claim, lower=R, upper=R)
    require_numbers(claim, {"rank": R, "shallow_width_needed": need})
    return {"kind": "max-pool-depth-efficiency", "rank": R, "per_term_bound": b, "shallow_width_needed": need,
            "theory_per_term_bound": tb, "theory_shallow_width_needed": theory_need, "widths": net.widths,
            "weights": net.num_weights, "shared": net.shared_per_level(), "num_inputs": net.N, "T": net.T,
            "partition": {"rows": rows, "cols": cols}, "tensor_digest": _digest(shape, A)}


# ============================================================================ average-rank-obstruction
def check_average_rank_obstruction(cert: dict) -> dict:
    """Verify rank [target]_(block c | rest) >= 3 for a block c of the root: no relu-sum network realizes it.

    Every relu-sum grid tensor is ``B_c(d_c) + C(d_rest)``: as a matrix with rows indexed by the modes of
    the block c and columns by the other modes it is ``b 1^T + 1 c^T``, of rank <= 2.  The checker derives
    the block from the tree, rebuilds the matricization of the target and checks the nested
    ``matrix-rank`` certificate (exact or lower bound) of rank >= 3.
    """
    _common_header(cert, "average-rank-obstruction")
    if cert.get("status") != "exact":
        raise _fail(f"a non-realizability proof has status \"exact\", not {_short(cert.get('status'))}", "status")
    op = _get(cert, "operator", "")
    if op != "relu-sum":
        raise _fail(f"this argument is about the operator relu-sum, not {_short(op)}", "operator")
    shape, T = _tensor(_get(cert, "target", ""), "target")
    N = len(shape)
    blocks = _root_blocks(_get(cert, "tree", ""), N, "tree")
    k = _int(_get(cert, "block", ""), "block", 0)
    if k >= len(blocks):
        raise _fail(f"the root has {len(blocks)} children (blocks {blocks}); block {k} does not exist", "block")
    rows = blocks[k]
    cols = [i for i in range(N) if i not in rows]
    facts = _matricization_rank(cert, shape, T, rows, cols, f"the matricization of the target with rows = block {rows}")
    R = facts["rank"]
    if R < 3:
        raise _fail(f"rank >= {R} does not exceed 2: no obstruction", "matrix_rank.rank")
    _argument(cert, ["relu-sum", str(rows)])
    claim = cert.get("claim")
    check_rank_statements(claim, lower=R, upper=R if facts.get("exact") else None)
    require_numbers(claim, {"rank": R})
    return {"kind": "average-rank-obstruction", "realizable": False, "operator": op, "rank": R, "rows": rows,
            "blocks": blocks, "target_digest": _digest(shape, T), "num_inputs": N}


# ============================================================================ relu-representation
def _det(F: list[list[Fraction]]) -> Fraction:
    a = [row[:] for row in F]
    n = len(a)
    det = Fraction(1)
    for c in range(n):
        piv = next((i for i in range(c, n) if a[i][c] != 0), None)
        if piv is None:
            return Fraction(0)
        if piv != c:
            a[c], a[piv] = a[piv], a[c]
            det = -det
        det *= a[c][c]
        for i in range(c + 1, n):
            f = a[i][c] / a[c][c]
            if f:
                a[i] = [x - f * y for x, y in zip(a[i], a[c])]
    return det


def check_relu_representation(cert: dict) -> dict:
    """Verify F (recomputed from ReLU representation functions and templates) and det F (Gaussian elimination).

    >>> rep = {"type": "relu", "weights": [["1"], ["1"], ["1"]], "biases": ["1/2", "-1/2", "-3/2"],
    ...        "templates": [["0"], ["1"], ["2"]]}
    >>> cert = {"kind": "relu-representation", "field": "Q", "status": "exact", "representation": rep,
    ...         "F": [["1/2", "0", "0"], ["3/2", "1/2", "0"], ["5/2", "3/2", "1/2"]], "det": "1/8",
    ...         "claim": "F is lower triangular with det F = 1/8"}
    >>> check_relu_representation(cert)["det"]
    Fraction(1, 8)
    """
    from ._network import _representation

    _common_header(cert, "relu-representation")
    if cert.get("status") != "exact":
        raise _fail(f"status must be \"exact\", not {_short(cert.get('status'))}", "status")
    rep = _get(cert, "representation", "")
    if not isinstance(rep, dict) or rep.get("type") != "relu":
        raise _fail("must be a representation of type \"relu\"", "representation.type")
    F = _representation(rep, "representation")
    stated = _matrix(_get(cert, "F", ""), "F")
    if stated != F:
        raise _fail(f"the representation functions give F = {[[str(x) for x in r] for r in F]}", "F")
    if len(F) != len(F[0]):
        raise _fail(f"F must be square to have a determinant, not {len(F)} x {len(F[0])}", "F")
    d = _det(F)
    sd = _rat(_get(cert, "det", ""), "det")
    if sd != d:
        raise _fail(f"det F = {d}, not {sd}", "det")
    require_numbers(cert.get("claim"), {"det": d})
    lower = all(F[i][j] == 0 for i in range(len(F)) for j in range(i + 1, len(F)))
    return {"kind": "relu-representation", "det": d, "invertible": d != 0, "lower_triangular": lower,
            "T": len(F), "M": len(F[0]), "F": [[str(x) for x in r] for r in F]}


# ============================================================================ pooling-comparison
#: the rows of the comparison table, in order: (pooling, operator)
_TABLE = (("product", "product"), ("max", "relu-max"), ("average", "relu-sum"))


def _canon(x: Any) -> str:
    """Canonical JSON text (tuples equal lists), to compare trees, partitions and representations."""
    return json.dumps(x, sort_keys=True, separators=(",", ":"), default=str)


def _part(obj: Any, field: str, kinds: tuple[str, ...]) -> tuple[str, dict]:
    """Check a nested certificate of one of ``kinds`` with this package's dispatcher: ``(kind, proved values)``."""
    from . import check_certificate

    kind = obj.get("kind") if isinstance(obj, dict) else None
    if kind not in kinds:
        raise _fail(f"must be a certificate of kind {' or '.join(kinds)}, not {_short(kind if kind else obj)}", field)
    try:
        report = check_certificate(obj)
    except CertificateError as exc:
        raise CertificateError(exc.reason, f"{field}.{exc.field}" if exc.field else field) from None
    return kind, dict(report.facts)


def _target_digest(obj: dict, field: str, shape: list[int]) -> tuple[str, dict]:
    got, T = _tensor(_get(obj, "target", field), f"{field}.target")
    if got != shape:
        raise _fail(f"the target must have shape {shape}, not {got}", f"{field}.target.shape")
    return _digest(got, T), T


def _universal_by_units(units: Any, field: str, op: str, shape: list[int]) -> None:
    """Every unit target e_d is realized by a shallow network of ``op`` with one representation F."""
    count = math.prod(shape)
    if not isinstance(units, list) or len(units) != count:
        raise _fail(f"must list one realization per unit target e_d ({count} = M^N of them), not "
                    f"{len(units) if isinstance(units, list) else _short(units)}", field)
    seen: set = set()
    rep = None
    for k, obj in enumerate(units):
        f = f"{field}[{k}]"
        _, facts = _part(obj, f, ("realization",))
        if facts["operator"] != op or "Z" not in facts:
            raise _fail(f"must realize the unit target with a shallow {op} network, not a "
                        f"{'shallow' if 'Z' in facts else 'deep'} {facts['operator']} one", f)
        _, T = _target_digest(obj, f, shape)
        ones = [d for d, x in T.items() if x != 0]
        if len(ones) != 1 or T[ones[0]] != 1:
            raise _fail("the target must be a unit tensor e_d (one entry 1, the others 0)", f"{f}.target")
        if ones[0] in seen:
            raise _fail(f"e_{list(ones[0])} is realized twice (each unit target once)", f"{f}.target")
        seen.add(ones[0])
        r = _canon(obj["network"].get("representation"))
        if rep is not None and r != rep:
            raise _fail("every unit realization must use the same representation F (so that sums of the networks "
                        "are networks)", f"{f}.network.representation")
        rep = r


def _rank_figure(obj: Any, field: str, op: str, where: dict) -> tuple[int, str, int | None, str | None]:
    """``(rank, rank_status, shallow width forced or None, tensor digest or None)`` from a rank part."""
    kind, facts = _part(obj, field, ("depth-efficiency", "rectifier-matrix-rank") if op == "product"
                        else ("rectifier-matrix-rank",))
    if kind == "depth-efficiency":
        arch = facts["architecture"]
        about = {"kind": arch["kind"], "num_inputs": arch["num_inputs"], "T": arch["M"], "tree": arch["tree"],
                 "widths": arch["widths"], "partition": facts["partition"]}
        want = dict(where, kind="deep-convac")
        status, R, width, digest = "generic", facts["generic_rank"], facts["shallow_width_needed"], None
    else:
        about = {k: facts[k] for k in ("operator", "num_inputs", "T", "tree", "widths", "partition")}
        want = dict(where, operator=op)
        R, digest = facts["rank"], facts["tensor_digest"]
        status, width = None, (R if op == "product" else None)  # product: rank <= CP-rank <= Z
    for key in want:
        if _canon(about[key]) != _canon(want[key]):
            raise _fail(f"the rank part is about {key} = {_short(about[key])}, the table about {_short(want[key])}", field)
    return R, status, width, digest


def _figures(row: dict, field: str, op: str, cert: dict, where: dict, shape: list[int]) -> tuple[dict, str | None]:
    """The figures of one row derived from its verified parts, and the digest of its coupling target."""
    parts = _get(row, "parts", field)
    pf = f"{field}.parts"
    if not isinstance(parts, dict):
        raise _fail(f"must be a JSON object of certificates, not {_short(parts)}", pf)
    used = {"product": {"universality", "units", "rank"}, "relu-max": {"universality", "units", "rank", "width"},
            "relu-sum": {"universality", "rank", "width"}}[op]
    if set(parts) - used:
        raise _fail(f"holds {sorted(set(parts) - used)}, which no figure of this row uses (parts: {sorted(used)})", pf)
    R, status, width, digest = _rank_figure(_get(parts, "rank", pf), f"{pf}.rank", op, where)
    if status is None:
        status = _get(row, "rank_status", field)
        if status not in ("witness", "construction"):
            raise _fail(f"the rank of one network is labelled \"witness\" or \"construction\", not {_short(status)}",
                        f"{field}.rank_status")
    fig: dict = {"rank": R, "rank_status": status}
    if op == "relu-sum":
        kind, facts = _part(_get(parts, "universality", pf), f"{pf}.universality", ("non-realizability",))
        if facts["operator"] != op or _canon(facts["tree"]) != _canon(cert["tree"]) or facts["shape"] != shape:
            raise _fail(f"must prove non-realizability over the table's tree {_short(cert['tree'])} with operator "
                        f"{op} and shape {shape}", f"{pf}.universality")
        coupling = facts["target_digest"]
        fig["universal"] = False
        kind, facts = _part(_get(parts, "width", pf), f"{pf}.width", ("non-realizability", "realization"))
        w_digest = (facts["target_digest"] if kind == "non-realizability"
                    else _target_digest(parts["width"], f"{pf}.width", shape)[0])
        if facts["operator"] != op or w_digest != digest or (kind == "realization" and "Z" not in facts) or (
                kind == "non-realizability" and facts["tree"] is not None):
            raise _fail(f"must decide shallow {op} realizability of the rank witness's grid tensor", f"{pf}.width")
        fig["shallow_width_forced"] = None
        fig["shallow_width_sufficient"] = facts["Z"] if kind == "realization" else None
        return fig, coupling
    _universal_by_units(_get(parts, "units", pf), f"{pf}.units", op, shape)
    _, facts = _part(_get(parts, "universality", pf), f"{pf}.universality", ("realization",))
    if facts["operator"] != op:
        raise _fail(f"must be realized with the operator {op}, not {facts['operator']}", f"{pf}.universality")
    coupling = _target_digest(parts["universality"], f"{pf}.universality", shape)[0]
    fig["universal"] = True
    if op == "relu-max":
        _, facts = _part(_get(parts, "width", pf), f"{pf}.width", ("max-pool-rank-bound",))
        if (facts["num_inputs"], facts["T"]) != (where["num_inputs"], where["T"]) or (
                _canon(facts["partition"]) != _canon(where["partition"])):
            raise _fail("the per-term bound must be about the table's N, M and partition", f"{pf}.width")
        width = -(-R // facts["per_term_bound"])  # Z terms of rank <= b each: Z >= ceil(R / b)
    fig["shallow_width_forced"] = width
    return fig, coupling


def _phrase(pooling: str, op: str, fig: dict) -> str:
    w, s = fig["shallow_width_forced"], fig.get("shallow_width_sufficient")
    shallow = f"Z >= {w}" if w is not None else f"Z = {s} suffices" if s is not None else "not realizable"
    return (f"{pooling} ({op}): universal {'yes' if fig['universal'] else 'no'}, rank {fig['rank']} "
            f"({fig['rank_status']}), shallow {shallow}")


def check_pooling_comparison(cert: dict) -> dict:
    """Verify the comparison table product vs max vs average pooling: every figure derived from a verified part.

    Rows ``product``, ``max``, ``average`` (in this order).  ``universal``: yes for product and max from
    a shallow realization of **every** unit target e_d (one representation F; the shallow networks of
    one operator form a linear space, so that is every target), no for average from a
    ``non-realizability`` certificate over the table's tree.  ``rank`` (odd-even): from a
    ``depth-efficiency`` (product, generic) or ``rectifier-matrix-rank`` part about the table's
    architecture.  ``shallow_width_forced``: product R (rank <= CP-rank <= Z), max
    ``ceil(R / b)`` with b of a ``max-pool-rank-bound`` part, average none (a ``non-realizability``
    or ``realization`` of the rank witness by a shallow network).  The claim states every row's figures.

    >>> rows = [{"pooling": p, "operator": op, "parts": {}} for p, op in _TABLE]
    >>> cert = {"kind": "pooling-comparison", "field": "Q", "status": "exact", "claim": "...", "M": 2, "N": 2,
    ...         "tree": [0, 1], "widths": [2], "partition": {"rows": [0], "cols": [1]}, "rows": rows}
    >>> check_pooling_comparison(cert)
    Traceback (most recent call last):
      ...
    exactnet.errors.CertificateError: missing required key 'rank' (field 'rows[0].parts')
    """
    _common_header(cert, "pooling-comparison")
    if cert.get("status") != "exact":
        raise _fail(f"status must be \"exact\", not {_short(cert.get('status'))}", "status")
    M = _int(_get(cert, "M", ""), "M", 1)
    N = _int(_get(cert, "N", ""), "N", 2)
    if N % 2:
        raise _fail(f"the table uses the odd-even partition: N must be even, not {N}", "N")
    tree = _Tree(_get(cert, "tree", ""), N, "tree")
    widths = _get(cert, "widths", "")
    if not isinstance(widths, list) or len(widths) != tree.height:
        raise _fail(f"must hold one width per level ({tree.height}), not {_short(widths)}", "widths")
    widths = [_int(w, f"widths[{k}]", 1) for k, w in enumerate(widths)]
    part = {"rows": list(range(0, N, 2)), "cols": list(range(1, N, 2))}
    stated = _get(cert, "partition", "")
    if _canon(stated) != _canon(part):
        raise _fail(f"the table uses the odd-even partition {part} (0-based), not {_short(stated)}", "partition")
    rows = _get(cert, "rows", "")
    if not isinstance(rows, list) or [r.get("pooling") if isinstance(r, dict) else None for r in rows] != [
            p for p, _ in _TABLE]:
        raise _fail("must be the three rows product, max, average (in this order)", "rows")
    where = {"num_inputs": N, "T": M, "tree": tree.structure, "widths": widths, "partition": part}
    shape = [M] * N
    figures, couplings = {}, set()
    for k, ((pooling, op), row) in enumerate(zip(_TABLE, rows)):
        field = f"rows[{k}]"
        if row.get("operator") != op:
            raise _fail(f"the {pooling} row is about the operator {op}, not {_short(row.get('operator'))}",
                        f"{field}.operator")
        fig, coupling = _figures(row, field, op, cert, where, shape)
        couplings.add(coupling)
        for key, true in fig.items():
            value = row.get(key, None)
            if _canon(value) != _canon(true) or type(value) is not type(true):
                raise _fail(f"the parts prove {key} = {_short(true)}, not {_short(value)}", f"{field}.{key}")
        extra = set(row) - set(fig) - {"pooling", "operator", "parts"}
        if extra:
            raise _fail(f"states {sorted(extra)}, which no part proves", field)
        figures[pooling] = fig
    if len(couplings) != 1:
        raise _fail("product and max must realize the very target that average pooling cannot realize",
                    "rows[2].parts.universality.target")
    claim = cert.get("claim")
    phrases = [("the architecture", f"M={M}, N={N}")] + [
        (f"the figures of row {k}", _phrase(pooling, op, figures[pooling])) for k, (pooling, op) in enumerate(_TABLE)]
    for what, phrase in phrases:
        if not isinstance(claim, str) or phrase not in claim:
            raise _fail(f"the claim must state {what} as {phrase!r}", "claim")
    return {"kind": "pooling-comparison", "M": M, "N": N, "tree": tree.structure, "widths": widths,
            "partition": part, "rows": [dict(figures[p], pooling=p, operator=op) for p, op in _TABLE],
            "universal": {p: figures[p]["universal"] for p, _ in _TABLE},
            "rank": {p: figures[p]["rank"] for p, _ in _TABLE},
            "shallow_width_forced": {p: figures[p]["shallow_width_forced"] for p, _ in _TABLE},
            "shallow_width_sufficient": figures["average"]["shallow_width_sufficient"]}


#: kind -> checker (takes the certificate dict, returns a CheckReport or a dict of proved values)
CHECKERS: dict[str, Callable[[dict], Any]] = {
    "non-realizability": check_non_realizability,
    "box-realization": check_box_realization,
    "max-pool-rank-bound": check_max_pool_rank_bound,
    "max-pool-depth-efficiency": check_max_pool_depth_efficiency,
    "rectifier-matrix-rank": check_rectifier_matrix_rank,
    "relu-representation": check_relu_representation,
    "average-rank-obstruction": check_average_rank_obstruction,
    "box-shallow-collapse": check_box_shallow_collapse,
    "pooling-comparison": check_pooling_comparison,
}

#: the kinds among CHECKERS that state a verified ``conclusion``
CONCLUDING: frozenset = frozenset()
