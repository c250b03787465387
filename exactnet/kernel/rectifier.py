r"""Rectifier networks in the kernel: quantities, evidence methods and rules (obligations as pure functions).

Networks appear in propositions in the *explicit form* (``docs/formats/rectifier.md``):
``{"operator", "num_inputs", "tree" (nested 0-based modes, or null = shallow), "F" (T x M),
"leaf_weights" (N matrices), "node_weights" (one per internal node but the root), "output_weights"
(one row)}``.  A network with point weights is compiled to a circuit (:mod:`.circuit`, the node order of
``exactnet.networks.circuits.to_circuit``) and evaluated by the one circuit evaluator; ranks of its
matricizations are ``matricization_rank`` propositions of that circuit.  In a *box* a weight may be an open
interval ``{"open": ["lo", "hi"]}``; a box is reasoned about by signs only: a channel is *dead* when its
pre-activation is <= 0 on the whole closed box (so its ReLU is 0).  **Modes are 0-based.**  Every walk over a
tree is iterative (any depth).
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction
from typing import Any

import flint
import numpy as np

from .circuit import matrix_json, parse_circuit, template_grid
from .jsonio import canonical, fail, get, index_list, json_int, only_keys, rational, show
from .matrix import parse_matrix
from .overlap import _grid_object, digest
from .propositions import INT, NONE, RATIONAL, RETIRED, Proposition, register_quantity
from .rules import premise, register_method, register_rule

#: operator -> (activation, pooling)
OPERATORS = {"product": ("linear", "product"), "relu-max": ("relu", "max"), "relu-sum": ("relu", "sum"),
             "linear-max": ("linear", "max"), "linear-sum": ("linear", "sum"), "relu-product": ("relu", "product")}
#: the largest grid (T^N template tuples) the kernel evaluates or reads
MAX_ENTRIES = 1 << 16


# ============================================================================ pure obligations
def parse_tree(obj: Any, N: int, path: str) -> list:
    """A pooling tree (nested lists of 0-based modes; None = shallow) as its nodes in preorder: ``(depth, mode)``
    for a leaf, ``(depth, [child node ids])`` otherwise; every mode 0..N-1 once, every internal node >= 2 children.

    >>> parse_tree([[0, 2], 1], 3, "tree")
    [(0, [1, 4]), (1, [2, 3]), (2, 0), (2, 2), (1, 1)]
    """
    if obj is None:
        return [(0, list(range(1, N + 1)))] + [(1, i) for i in range(N)]
    nodes: list = []
    stack = [(obj, path, 0, None)]
    while stack:
        o, p, depth, parent = stack.pop()
        if parent is not None:
            nodes[parent][1].append(len(nodes))
        if isinstance(o, int) and not isinstance(o, bool) and 0 <= o < N:
            nodes.append((depth, o))
        elif isinstance(o, list) and len(o) >= 2:
            stack.extend((c, f"{p}[{k}]", depth + 1, len(nodes)) for k, c in reversed(list(enumerate(o))))
            nodes.append((depth, []))
        else:
            raise fail(f"must be a mode in 0..{N - 1} or a list of >= 2 subtrees, not {o!r:.60}", p)
    if isinstance(nodes[0][1], int) or sorted(m for _, m in nodes if isinstance(m, int)) != list(range(N)):
        raise fail(f"must be a tree with every mode 0..{N - 1} exactly once as a leaf", path)
    return nodes


def root_blocks(nodes: list) -> list[list[int]]:
    """The sorted modes under each child of the root (one mode each for a shallow network).

    >>> root_blocks(parse_tree([[0, 2], [1, 3]], 4, "t")), root_blocks(parse_tree(None, 3, "t"))
    ([[0, 2], [1, 3]], [[0], [1], [2]])
    """
    out = []
    for child in nodes[0][1]:
        modes, stack = [], [child]
        while stack:
            d, c = nodes[stack.pop()]
            modes.append(c) if isinstance(c, int) else stack.extend(c)
        out.append(sorted(modes))
    return out


def annihilates_blocks(L: np.ndarray, blocks: list[list[int]], path: str) -> None:
    """Every marginal of L onto every block vanishes: L is orthogonal to every ``sum_c B_c(d_c)``.

    >>> annihilates_blocks(np.array([[2, -1], [-1, 1]], dtype=object), [[0], [1]], "functional")
    Traceback (most recent call last):
      ...
    exactnet.errors.CertificateError: L does not vanish on the indicator of block [0] = (0,): its marginal sum is 1 (field 'functional')
    """
    for blk in blocks:
        rest = tuple(i for i in range(L.ndim) if i not in blk)
        marg = L.sum(axis=rest) if rest else L
        for b in itertools.product(*(range(L.shape[i]) for i in blk)):
            if marg[b] != 0:
                raise fail(f"L does not vanish on the indicator of block {blk} = {b}: its marginal sum is {marg[b]}", path)


def term_rank_bound(T: int, rows: int, cols: int) -> int:
    """Rank bound of one shallow relu-max term ``max{max(U(d_I), 0), V(d_J)}`` over the (I, J) matricization:
    rows with equal ``max(U, 0)`` are equal and U takes at most ``|I|(T-1) + 1`` relevant values, so
    ``rank <= min(1 + (T-1) min(|I|,|J|), T^min(|I|,|J|))``.

    >>> term_rank_bound(3, 2, 2)
    5
    """
    k = min(rows, cols)
    return min(1 + (T - 1) * k, T ** k)


# ============================================================================ networks in explicit form
def _mat(x: Any, path: str, cols: int | None, box: bool = False) -> list[list[tuple]]:
    """A non-empty matrix of ``(lo, hi)`` weights: a point ``"p/q"`` (lo = hi) or, in a box, ``{"open": [lo, hi]}``."""
    if not isinstance(x, list) or not x or not all(isinstance(r, list) and r for r in x):
        raise fail(f"must be a non-empty matrix (list of non-empty rows), not {x!r:.60}", path)
    cols = len(x[0]) if cols is None else cols
    if (a := next((a for a, r in enumerate(x) if len(r) != cols), None)) is not None:
        raise fail(f"row {a} must have {cols} entries (the input width), not {len(x[a])}", f"{path}[{a}]")
    return [[_weight(v, f"{path}[{a}][{b}]", box) for b, v in enumerate(r)] for a, r in enumerate(x)]


def _weight(v: Any, p: str, box: bool) -> tuple:
    """A weight ``(lo, hi)``: a point ``"p/q"`` (lo = hi) or, in a box, an open interval ``{"open": [lo, hi]}``."""
    if not (box and isinstance(v, dict)):
        return (rational(v, p),) * 2
    iv = v.get("open")
    if set(v) != {"open"} or not isinstance(iv, list) or len(iv) != 2:
        raise fail("an open interval is {\"open\": [\"lo\", \"hi\"]}", p)
    lo, hi = rational(iv[0], f"{p}.open[0]"), rational(iv[1], f"{p}.open[1]")
    if not lo < hi:
        raise fail(f"an open interval needs lo < hi, not ({lo}, {hi})", f"{p}.open")
    return lo, hi


def _points(m: list[list[tuple]]) -> list[list[Fraction]]:
    return [[w[0] for w in r] for r in m]


class Layout:
    """A parsed network in explicit form: ``operator``, ``N``, ``T``, ``F`` (Fractions), ``nodes`` (the tree in
    preorder, see :func:`parse_tree`), ``W`` (node id -> matrix of ``(lo, hi)``), ``width`` (node id -> channels),
    ``order`` (leaves then internal nodes deepest first: children before parents; the root last), ``widths``
    (channels per level, level = height - depth) and ``free`` of ``num_weights`` weights (open intervals)."""

    def __init__(self, obj: Any, path: str = "network", box: bool = False):
        keys = {"operator", "num_inputs", "tree", "F", "leaf_weights", "node_weights", "output_weights"}
        if not isinstance(obj, dict) or set(obj) != keys:
            raise fail(f"must be a network in explicit form with exactly the keys {sorted(keys)}", path)
        if obj["operator"] not in OPERATORS:
            raise fail(f"unknown operator {show(obj['operator'])}; known: {', '.join(OPERATORS)}", f"{path}.operator")
        self.operator, self.shallow = obj["operator"], obj["tree"] is None
        self.activation, self.pooling = OPERATORS[self.operator]
        self.N = N = json_int(obj["num_inputs"], f"{path}.num_inputs", 2)
        self.nodes = nodes = parse_tree(obj["tree"], N, f"{path}.tree")
        self.F = _points(_mat(obj["F"], f"{path}.F", None))
        self.T, self.M = len(self.F), len(self.F[0])
        if self.T ** N > MAX_ENTRIES:
            raise fail(f"the grid has T^N = {self.T}^{N} entries; the kernel evaluates at most {MAX_ENTRIES}", path)
        leaf = {m: k for k, (_, m) in enumerate(nodes) if isinstance(m, int)}
        inner = sorted((k for k in range(1, len(nodes)) if not isinstance(nodes[k][1], int)), key=lambda k: -nodes[k][0])
        self.order = [leaf[i] for i in range(N)] + inner + [0]
        lists = [(obj["leaf_weights"], N, "leaf_weights", "one per input"),
                 (obj["node_weights"], len(inner), "node_weights", "internal nodes but the root")]
        for value, n, key, what in lists:
            if not isinstance(value, list) or len(value) != n:
                raise fail(f"must be a list of {n} matrices ({what})", f"{path}.{key}")
        self.W, self.width = {}, {}
        for j, k in enumerate(self.order):
            p = f"{path}.leaf_weights[{j}]" if j < N else f"{path}.node_weights[{j - N}]" if k else f"{path}.output_weights"
            ws = {self.width[c] for c in ([] if j < N else nodes[k][1])}
            if len(ws) > 1:
                raise fail(f"the children of a node must have the same number of channels, not {sorted(ws)}", p)
            raw = obj["output_weights"] if k == 0 else lists[j >= N][0][j if j < N else j - N]
            self.W[k] = _mat(raw, p, self.M if j < N else ws.pop(), box)
            self.width[k] = len(self.W[k])
        if self.width[0] != 1:
            raise fail("must be one row (one output)", f"{path}.output_weights")
        height, levels = max(d for d, _ in nodes), {}
        for k in range(1, len(nodes)):
            levels.setdefault(height - nodes[k][0], set()).add(self.width[k])
        if any(len(ws) != 1 for ws in levels.values()):
            raise fail("all nodes at one level must have the same number of channels", path)
        self.widths = [min(levels.get(lvl, {0})) for lvl in range(height)]
        flat = [w for m in self.W.values() for r in m for w in r]
        self.num_weights, self.free = len(flat), sum(1 for w in flat if w[0] != w[1])

def layout_circuit(net: Any) -> dict:
    """The circuit of a point-weight network: one template input per mode, then (post-order, left to right)
    a leaf's affine node, or a node's ReLUs (ReLU operators), pooling and affine node."""
    if net.free:
        raise fail("must have point weights (no open intervals) to have one grid tensor", "network")
    out: list = [{"op": "input", "position": i} for i in range(net.N)]
    done, stack = {}, [(0, False)]
    while stack:
        k, expanded = stack.pop()
        kids = net.nodes[k][1]
        if isinstance(kids, int):
            arg = kids
        elif not expanded:
            stack += [(k, True)] + [(c, False) for c in reversed(kids)]
            continue
        else:
            args = [done.pop(c) for c in kids]
            if net.activation == "relu":
                args = [out.append({"op": "relu", "arg": a}) or len(out) - 1 for a in args]
            out.append({"op": {"sum": "add", "product": "mul", "max": "max"}[net.pooling], "args": args})
            arg = len(out) - 1
        out.append({"op": "affine", "arg": arg, "matrix": matrix_json(_points(net.W[k]))})
        done[k] = len(out) - 1
    return {"format": "exactnet.circuit", "version": 1, "inputs": [{"templates": matrix_json(net.F)}] * net.N,
            "nodes": out, "output": done[0]}

def grid_tensor(net: Any) -> np.ndarray:
    """The network's grid tensor (object array of Fractions, modes 0..N-1) by the circuit evaluator."""
    num, den = template_grid(parse_circuit(layout_circuit(net)))
    return np.vectorize(lambda x: Fraction(int(x), den), otypes=[object])(num[0])


def dead_channels(net: Any) -> dict[int, set]:
    """Per non-root node, its channels provably dead over the closed box (pre-activation <= 0, so ReLU gives 0),
    for ReLU networks: a leaf channel g when ``sup_box W[g] . F[t] <= 0`` at every template t; a node channel g
    when its weight on every pooled channel that can be non-zero has ``hi <= 0`` (pooled ReLU outputs are
    >= 0, and a channel dead in every child pools to 0 under max, sum and product)."""
    out: dict[int, set] = {}
    for j, k in enumerate(net.order[:-1]):
        zero = set() if j < net.N else set.intersection(*(out[c] for c in net.nodes[k][1]))
        out[k] = {g for g, row in enumerate(net.W[k]) if (all(
            sum(w[1] * f if f > 0 else w[0] * f for w, f in zip(row, Ft)) <= 0 for Ft in net.F) if j < net.N
            else all(w[1] <= 0 for a, w in enumerate(row) if a not in zero))}
    return out


def box_collapse(net: Layout, path: str) -> None:
    """On the whole box the network equals a shallow network with one channel: every non-root node has exactly one
    channel that is not dead (:func:`dead_channels`), the children of every node have it at one index l, and every
    non-root node's live weight on l is >= 0 over the box (positive homogeneity moves it through ReLU and max /
    sum pooling)."""
    dead, live = dead_channels(net), {}
    for j, k in enumerate(net.order):
        if j >= net.N:
            chans = {live[c] for c in net.nodes[k][1]}
            if len(chans) != 1:
                raise fail(f"the children of node {k} (preorder) have their live channel at different indices "
                           f"{sorted(chans)}", path)
            ell = chans.pop()
        if k:
            alive = [g for g in range(net.width[k]) if g not in dead[k]]
            if len(alive) != 1:
                raise fail(f"{'leaf' if j < net.N else 'node'} {k} (preorder) has {len(alive)} channels that are not "
                           f"provably dead over the box ({alive}); the collapse needs exactly one", path)
            if j >= net.N and net.W[k][alive[0]][ell][0] < 0:
                raise fail(f"the live weight of node {k} (preorder) is not >= 0 over the box", f"{path}.node_weights")
            live[k] = alive[0]


# ============================================================================ objects of propositions
def parse_tensor(raw: Any, path: str) -> np.ndarray:
    """``{"shape": [n_0, ...], "entries": nested lists of rational strings}`` -> object array of Fractions."""
    only_keys(raw if isinstance(raw, dict) else {}, {"shape", "entries"}, path)
    shape = get(raw, "shape", path)
    shape = [json_int(s, f"{path}.shape[{k}]", 1) for k, s in enumerate(shape if isinstance(shape, list) and shape else [None])]
    if math.prod(shape) > MAX_ENTRIES:
        raise fail(f"the tensor has {math.prod(shape)} entries; the kernel reads at most {MAX_ENTRIES}", f"{path}.shape")
    try:
        out = np.array(get(raw, "entries", path), dtype=object)
    except ValueError:
        out = None
    if out is None or out.shape != tuple(shape):
        raise fail(f"must be nested lists of the shape {shape}", f"{path}.entries")
    for d in np.ndindex(*shape):
        out[d] = rational(out[d], f"{path}.entries" + "".join(f"[{i}]" for i in d))
    return out


def _show_tensor(raw: dict) -> str:
    text = canonical(raw["entries"]).replace('"', "")
    shape = "x".join(map(str, raw["shape"]))
    return f"the {shape} tensor {text}" if len(text) <= 80 else f"the {shape} tensor #{digest(raw, 12)}"


def _show_net(raw: dict) -> str:
    where = "shallow" if raw["tree"] is None else f"deep, tree {canonical(raw['tree'])}"
    return f"the {where} {raw['operator']} network with widths {Layout(raw, box=True).widths} (network #{digest(raw, 12)})"


def _target(raw: Any, path: str, net: Any = None) -> np.ndarray:
    A = parse_tensor(raw, path)
    if (net is not None and list(A.shape) != [net.T] * net.N) or A.ndim < 2 or len(set(A.shape)) != 1:
        want = f"{[net.T] * net.N} of the network's grid tensor" if net else "of a grid tensor (N >= 2, equal sizes)"
        raise fail(f"must have the shape {want}, not {list(A.shape)}", f"{path}.shape")
    return A


def _parse_realizes(raw: Any, path: str, key: str = "network") -> tuple[Any, Any]:
    only_keys(raw if isinstance(raw, dict) else {}, {key, "target"}, path)
    net = Layout(get(raw, key, path), f"{path}.{key}", box=key == "box")
    return raw, (net, _target(get(raw, "target", path), f"{path}.target", net))


def _parse_family(raw: Any, path: str) -> tuple[Any, Any]:
    only_keys(raw if isinstance(raw, dict) else {}, {"family", "target"}, path)
    fam = get(raw, "family", path)
    only_keys(fam if isinstance(fam, dict) else {}, {"operator", "tree"}, f"{path}.family")
    if get(fam, "operator", f"{path}.family") not in ("relu-sum", "linear-sum"):
        raise fail(f"non-realizability is proved for the operators relu-sum and linear-sum, not "
                   f"{show(fam['operator'])}", f"{path}.family.operator")
    A = _target(get(raw, "target", path), f"{path}.target")
    return raw, (fam["operator"], parse_tree(get(fam, "tree", f"{path}.family"), A.ndim, f"{path}.family.tree"), A)


def _parse_term(raw: Any, path: str) -> tuple[Any, Any]:
    only_keys(raw if isinstance(raw, dict) else {}, {"num_inputs", "T", "partition", "Z"}, path)
    N, T = json_int(get(raw, "num_inputs", path), f"{path}.num_inputs", 2), json_int(get(raw, "T", path), f"{path}.T", 1)
    part, pp = get(raw, "partition", path), f"{path}.partition"
    only_keys(part if isinstance(part, dict) else {}, {"rows", "cols"}, pp)
    rows, cols = (index_list(get(part, k, pp), f"{pp}.{k}", N, increasing=True) for k in ("rows", "cols"))
    if not rows or not cols or sorted(rows + cols) != list(range(N)):
        raise fail(f"rows and cols must split the modes 0..{N - 1} into two non-empty parts", pp)
    return raw, (N, T, rows, json_int(raw["Z"], f"{path}.Z", 1) if "Z" in raw else None)


def _parse_width(raw: Any, path: str) -> tuple[Any, Any]:
    if isinstance(raw, dict) and "target" in raw:
        raise fail("the form {operator, target: {grid_tensor: network}} is no longer read: the object is {operator, "
                   "circuit, output} (the network's circuit); regenerate the certificate", f"{path}.target")
    only_keys(raw if isinstance(raw, dict) else {}, {"operator", "circuit", "output"}, path)
    if get(raw, "operator", path) != "relu-max":
        raise fail(f"must be \"relu-max\" (the per-term bound is about ReLU + max pooling), not "
                   f"{show(raw['operator'])}", f"{path}.operator")
    return raw, _grid_object({k: get(raw, k, path) for k in ("circuit", "output")}, path)[1]


def _parse_rep(raw: Any, path: str) -> tuple[Any, Any]:
    only_keys(raw if isinstance(raw, dict) else {}, {"representation"}, path)
    rep, p = get(raw, "representation", path), f"{path}.representation"
    only_keys(rep if isinstance(rep, dict) else {}, {"type", "weights", "biases", "templates"}, p)
    if get(rep, "type", p) != "relu":
        raise fail(f"must be \"relu\", not {show(rep['type'])}", f"{p}.type")
    W = _points(_mat(get(rep, "weights", p), f"{p}.weights", None))
    X = _points(_mat(get(rep, "templates", p), f"{p}.templates", len(W[0])))
    b = get(rep, "biases", p)
    if not isinstance(b, list) or len(b) != len(W):
        raise fail(f"must be a list of {len(W)} biases (one per function)", f"{p}.biases")
    if len(X) != len(W):
        raise fail(f"F must be square to have a determinant: {len(X)} templates, {len(W)} functions", f"{p}.templates")
    b = [rational(x, f"{p}.biases[{k}]") for k, x in enumerate(b)]
    return raw, [[max(sum((w * x for w, x in zip(W[d], Xt)), Fraction(0)) + b[d], Fraction(0)) for d in range(len(W))]
                 for Xt in X]


def _parse_universal(raw: Any, path: str) -> tuple[Any, Any]:
    only_keys(raw if isinstance(raw, dict) else {}, {"operator", "num_inputs", "F"}, path)
    if get(raw, "operator", path) not in OPERATORS:
        raise fail(f"unknown operator {show(raw['operator'])}", f"{path}.operator")
    return raw, (json_int(get(raw, "num_inputs", path), f"{path}.num_inputs", 2),
                 _points(_mat(get(raw, "F", path), f"{path}.F", None)))


def _parse_table(raw: Any, path: str) -> tuple[Any, Any]:
    only_keys(raw if isinstance(raw, dict) else {}, {"M", "N", "tree", "widths", "partition", "rows"}, path)
    rows = get(raw, "rows", path)
    keys = {"pooling", "operator", "universal", "rank", "rank_status", "shallow_width_forced", "shallow_width_sufficient"}
    if not isinstance(rows, list) or len(rows) != 3 or not all(
            isinstance(r, dict) and keys - {"shallow_width_sufficient"} <= set(r) <= keys for r in rows):
        raise fail(f"must be the three rows product, max, average with the keys {sorted(keys)}", f"{path}.rows")
    return raw, None


# ============================================================================ evidence methods
def _equal(got: np.ndarray, want: np.ndarray, path: str, what: str) -> None:
    for d in np.ndindex(*got.shape):
        if got[d] != want[d]:
            raise fail(f"{what} has {got[d]} at {list(d)}, not {want[d]}", path + "".join(f"[{i}]" for i in d))


def _evaluation(ev: dict, subject: Proposition, path: str) -> Proposition:
    """``realizes``: the kernel evaluates the network (circuit evaluator) on every template tuple."""
    only_keys(ev, {"method"}, path)
    net, A = subject.parsed
    _equal(grid_tensor(net), A, path[:-8] + "proposition.object.target.entries", "the network's grid tensor")
    return subject.with_value("holds", None)


def _separating_functional(ev: dict, subject: Proposition, path: str) -> Proposition:
    """``not_realizable``: L vanishes on the span of all grid tensors of the family, and L . target != 0."""
    only_keys(ev, {"method", "functional"}, path)
    op, tree, A = subject.parsed
    L = parse_tensor(get(ev, "functional", path), f"{path}.functional")
    if L.shape != A.shape:
        raise fail(f"the functional has shape {list(L.shape)}, the target {list(A.shape)}", f"{path}.functional.shape")
    annihilates_blocks(L, [[i] for i in range(A.ndim)] if op == "linear-sum" else root_blocks(tree), f"{path}.functional")
    if sum((L * A).flat, Fraction(0)) == 0:
        raise fail("L . target = 0: the functional does not separate the target from the span", f"{path}.functional")
    return subject.with_value("holds", None)


def _dead_channels(ev: dict, subject: Proposition, path: str) -> Proposition:
    """Sign reasoning over the box (:func:`dead_channels`).  ``box_realizes`` of the zero tensor: a ReLU network whose
    root children have every channel dead pools 0 at the root, so it outputs 0 at every weight setting of the box.
    ``shallow_collapse``: see :func:`box_collapse`."""
    only_keys(ev, {"method"}, path)
    obj = path[: -len("evidence")] + "proposition.object"
    net, A = subject.parsed if subject.quantity == "box_realizes" else (subject.parsed, None)
    if net.activation != "relu" or (A is None and net.operator == "relu-product"):
        raise fail(f"the argument needs ReLU {'' if A is not None else 'with max or sum pooling'}, not {net.operator}",
                   f"{obj}.box.operator")
    if A is None:
        box_collapse(net, f"{obj}.box")
        return subject.with_value("holds", None)
    dead = dead_channels(net)
    if set.intersection(*(dead[c] for c in net.nodes[0][1])) != set(range(len(net.W[0][0]))):
        raise fail("the channels pooled at the root are not all provably dead over the box", f"{obj}.box")
    _equal(np.zeros(A.shape, dtype=object), A, f"{obj}.target.entries", "the network (zero over the box)")
    return subject.with_value("holds", None)


def _term_rank_argument(ev: dict, subject: Proposition, path: str) -> Proposition:
    """``max_pool_term_rank``: the arithmetic of :func:`term_rank_bound`."""
    only_keys(ev, {"method"}, path)
    N, T, rows, Z = subject.parsed
    if Z is not None:
        raise fail("one term has no Z (use the rule sum-of-term-ranks for Z channels)", path[:-8] + "proposition.object.Z")
    return subject.with_value("<=", term_rank_bound(T, len(rows), N - len(rows)))


def _exact_elimination(ev: dict, subject: Proposition, path: str) -> Proposition:
    """``representation_det``: F from the ReLU functions at the templates, det F by exact elimination (FLINT)."""
    only_keys(ev, {"method"}, path)
    F = subject.parsed
    d = flint.fmpq_mat(len(F), len(F), [flint.fmpq(x.numerator, x.denominator) for r in F for x in r]).det()
    return subject.with_value("=", Fraction(int(d.p), int(d.q)))


# ============================================================================ rules
def _network_rank(p: Proposition, net: Any, rows: list, path: str) -> int:
    """A ``matricization_rank`` premise (= or >=) about output 0 of ``net``'s circuit with the row modes ``rows``."""
    premise(p, "matricization_rank", ("=", ">="), path)
    if canonical(p.object) != canonical({"circuit": layout_circuit(net), "output": 0, "rows": rows}):
        raise fail(f"must be the rank of the matricization (rows {rows}) of the circuit of the network", f"{path}.object")
    return p.value


def _sum_of_term_ranks(premises: list, params: dict, path: str) -> Proposition:
    """A shallow relu-max network with Z channels is a sum of Z terms: rank <= Z b (rank is subadditive)."""
    p = premise(premises[0], "max_pool_term_rank", ("=", "<="), f"{path}.premises[0]")
    if "Z" in p.object:
        raise fail("must be the bound of one term (no Z)", f"{path}.premises[0]")
    obj = dict(p.object, Z=json_int(get(params, "Z", f"{path}.params"), f"{path}.params.Z", 1))
    return Proposition("max_pool_shallow_rank", obj, "<=", obj["Z"] * p.value, p.field, _parse_term(obj, path)[1])


def _width_from_rank(premises: list, params: dict, path: str) -> Proposition:
    """rank [A^y]_{I,J} >= R and rank of every relu-max term <= b: a shallow relu-max network realizing A^y is a sum
    of Z terms, so R <= Z b and Z >= ceil(R / b)."""
    r = premise(premises[0], "matricization_rank", ("=", ">="), f"{path}.premises[0]")
    b = premise(premises[1], "max_pool_term_rank", ("=", "<="), f"{path}.premises[1]")
    c, y, rows = r.parsed[:3]
    if b.parsed != (len(c.inputs), c.inputs[0][1].shape[0], rows, None) or len({k[1].shape[0] for k in c.inputs}) != 1:
        raise fail(f"the term bound is about N, T, rows = {b.parsed[:3]}; the rank about {len(c.inputs)} inputs with "
                   f"{[k[1].shape[0] for k in c.inputs]} templates and rows {rows}", f"{path}.premises[1]")
    obj = {"operator": "relu-max", "circuit": r.object["circuit"], "output": y}
    return Proposition("max_pool_width_needed", obj, ">=", -(-r.value // max(b.value, 1)), r.field, (c, y))


def _matricize(A: np.ndarray, rows: list[int]) -> dict:
    """The (rows | rest) matricization of a rational tensor as a ``rank`` object (:mod:`.matrix`, decimal encoding)."""
    mat = np.transpose(A, rows + [i for i in range(A.ndim) if i not in rows]).reshape(math.prod(A.shape[i] for i in rows), -1)
    D = math.lcm(*(x.denominator for x in mat.flat))
    data = ",".join(str(int(x * D)) for x in mat.flat)
    return parse_matrix({"shape": list(mat.shape), "denominator": str(D), "encoding": "decimal", "data": data}, "")[0]


def _not_realizable_from_block_rank(premises: list, params: dict, path: str) -> Proposition:
    """Every relu-sum grid tensor over the tree is ``B_c(d_c) + C(d_rest)`` for a root block c: its (c | rest)
    matricization is ``b 1^T + 1 c^T`` of rank <= 2.  A target whose (c | rest) rank is >= 3 is not realizable."""
    r = premise(premises[0], "rank", ("=", ">="), f"{path}.premises[0]")
    A = _target(get(params, "target", f"{path}.params"), f"{path}.params.target")
    blocks = root_blocks(parse_tree(get(params, "tree", f"{path}.params"), A.ndim, f"{path}.params.tree"))
    if all(r.object != {"matrix": _matricize(A, b)} for b in blocks if len(b) < A.ndim):
        raise fail(f"must be the rank of the matricization of the target with the rows of one block of the root "
                   f"(blocks {blocks})", f"{path}.premises[0]")
    if r.value < 3:
        raise fail(f"rank {r.relation} {r.value} does not exceed 2: no obstruction", f"{path}.premises[0]")
    obj = {"family": {"operator": "relu-sum", "tree": params["tree"]}, "target": params["target"]}
    return Proposition("not_realizable", obj, "holds", None, r.field, ("relu-sum", None, A))


def _universal_from_units(premises: list, params: dict, path: str) -> Proposition:
    """Shallow networks of one operator and one representation F are closed under sums (concatenate the
    channels, add the output rows) and scaling (the output row): realizing every unit tensor e_d realizes
    every tensor."""
    seen, first = set(), premises[0]
    for k, p in enumerate(premises):
        pp = f"{path}.premises[{k}]"
        net, A = premise(p, "realizes", ("holds",), pp).parsed
        if not net.shallow or p.object["network"]["operator"] != first.object["network"]["operator"] or \
                canonical(p.object["network"]["F"]) != canonical(first.object["network"]["F"]) or \
                net.N != first.parsed[0].N or p.field != first.field:
            raise fail("every premise must realize with a shallow network of the first premise's operator, F and N", pp)
        ones = [d for d in np.ndindex(*A.shape) if A[d] != 0]
        if len(ones) != 1 or A[ones[0]] != 1 or ones[0] in seen:
            raise fail("must realize a unit tensor e_d (one entry 1, the others 0) not realized by another premise",
                       f"{pp}.object.target")
        seen.add(ones[0])
    net = first.parsed[0]
    if len(seen) != net.T ** net.N:
        raise fail(f"realizes {len(seen)} of the T^N = {net.T ** net.N} unit tensors", f"{path}.premises")
    obj = {"operator": net.operator, "num_inputs": net.N, "F": first.object["network"]["F"]}
    return Proposition("universal", obj, "holds", None, first.field, (net.N, net.F))


def _term_rank_attained(premises: list, params: dict, path: str) -> Proposition:
    """One term reaches the per-term bound: a one-channel shallow relu-max network (params ``network``) whose
    matricization has rank >= b, and every term has rank <= b, so the largest rank of a term is = b."""
    b = premise(premises[1], "max_pool_term_rank", ("=", "<="), f"{path}.premises[1]")
    net = Layout(get(params, "network", f"{path}.params"), f"{path}.params.network")
    N, T, rows, Z = b.parsed
    if not net.shallow or net.operator != "relu-max" or net.widths != [1] or (N, T, Z) != (net.N, net.T, None):
        raise fail("must be a one-channel shallow relu-max network with the bound's N and T", f"{path}.params.network")
    if _network_rank(premises[0], net, rows, f"{path}.premises[0]") < b.value:
        raise fail(f"rank {premises[0].value} does not reach the bound {b.value}", f"{path}.premises[0]")
    return b.with_value("=", b.value)


_TABLE = (("product", "product"), ("max", "relu-max"), ("average", "relu-sum"))


def _comparison_table(premises: list, params: dict, path: str) -> Proposition:
    """The comparison table product / max / average pooling, every figure from a premise (in this order):
    universal(product), rank(product network), universal(relu-max), rank(relu-max network),
    max_pool_term_rank (forced width ceil(R / b)), not_realizable(relu-sum over the tree) (not universal),
    rank(relu-sum network), and not_realizable(shallow relu-sum, that network's grid tensor) or realizes(a
    shallow relu-sum network, that grid tensor).  The three rank premises are matricization ranks of the circuits
    of ``params.networks`` (one per row, of the table's architecture).  Product: a shallow product network with Z
    channels has rank <= Z, so the product rank R forces Z >= R."""
    pp, ap = f"{path}.premises", f"{path}.params.architecture"
    arch = get(params, "architecture", f"{path}.params")
    only_keys(arch if isinstance(arch, dict) else {}, {"M", "N", "tree", "widths", "partition"}, ap)
    M, N = json_int(get(arch, "M", ap), f"{ap}.M", 1), json_int(get(arch, "N", ap), f"{ap}.N", 2)
    parse_tree(get(arch, "tree", ap), N, f"{ap}.tree")
    rows_I = list(range(0, N, 2))
    if arch.get("partition") != {"rows": rows_I, "cols": list(range(1, N, 2))}:
        raise fail("the table uses the odd-even partition", f"{ap}.partition")
    labels, nets = get(params, "rank_status", f"{path}.params"), get(params, "networks", f"{path}.params")
    if not isinstance(labels, list) or len(labels) != 3 or not set(labels) <= {"witness", "construction"}:
        raise fail("must label the three ranks \"witness\" or \"construction\" (one network each)", f"{path}.params.rank_status")
    if not isinstance(nets, list) or len(nets) != 3 or len(premises) != 8:
        raise fail(f"the table takes 3 networks and 8 premises, not {show(nets)[:40]} and {len(premises)}", pp)
    rows = []
    for k, (pooling, op) in enumerate(_TABLE):
        row, at = {"pooling": pooling, "operator": op, "rank_status": labels[k]}, (1, 3, 6)[k]
        net = Layout(nets[k], f"{path}.params.networks[{k}]")
        if [net.operator, net.N, net.T, nets[k]["tree"], net.widths] != [op, N, M, arch["tree"], arch["widths"]]:
            raise fail(f"must be a {op} network of the table's architecture", f"{path}.params.networks[{k}]")
        row["rank"] = _network_rank(premises[at], net, rows_I, f"{pp}[{at}]")
        if premises[at].relation != "=":
            raise fail("the table states exact ranks", f"{pp}[{at}]")
        if op in ("product", "relu-max"):
            u = premise(premises[2 * k], "universal", ("holds",), f"{pp}[{2 * k}]")
            if (u.object["operator"], u.object["num_inputs"], len(u.object["F"])) != (op, N, M):
                raise fail(f"must prove universality of shallow {op} networks with N = {N} and T = {M}", f"{pp}[{2 * k}]")
            row["universal"], row["shallow_width_forced"] = True, row["rank"]
        if op == "relu-max":
            b = premise(premises[4], "max_pool_term_rank", ("=", "<="), f"{pp}[4]")
            if b.object != {"num_inputs": N, "T": M, "partition": arch["partition"]}:
                raise fail("must bound the terms of the table's N, T and partition", f"{pp}[4]")
            row["shallow_width_forced"] = -(-row["rank"] // max(b.value, 1))
        if op == "relu-sum":
            u = premise(premises[5], "not_realizable", ("holds",), f"{pp}[5]")
            if u.object["family"] != {"operator": op, "tree": arch["tree"]} or list(u.parsed[2].shape) != [M] * N:
                raise fail(f"must prove a {M}^{N} target not realizable by relu-sum networks over the table's tree", f"{pp}[5]")
            w = premises[7]
            if w.quantity == "not_realizable" and w.object["family"] == {"operator": op, "tree": None}:
                got, sufficient = w.parsed[2], None
            elif w.quantity == "realizes" and w.parsed[0].shallow and w.parsed[0].operator == op:
                got, sufficient = w.parsed[1], w.parsed[0].widths[0]
            else:
                raise fail("must decide shallow relu-sum realizability (not_realizable or realizes)", f"{pp}[7]")
            A = grid_tensor(net)
            if got.shape != A.shape or any(x != y for x, y in zip(got.flat, A.flat)):
                raise fail("must be about the grid tensor of the rank premise's network", f"{pp}[7]")
            row.update(universal=False, shallow_width_forced=None, shallow_width_sufficient=sufficient)
        rows.append(row)
    return Proposition("pooling_comparison", dict(arch, rows=rows), "holds", None, premises[0].field, None)


# ============================================================================ registration
def _r_table(o: dict) -> str:
    rows = []
    for r in o["rows"]:
        w, s = r["shallow_width_forced"], r.get("shallow_width_sufficient")
        shallow = f"Z >= {w}" if w is not None else f"Z = {s} suffices" if s is not None else "not realizable"
        rows.append(f"{r['pooling']} ({r['operator']}): universal {'yes' if r['universal'] else 'no'}, rank "
                    f"{r['rank']} ({r['rank_status']}), shallow {shallow}")
    return (f"the pooling comparison at M={o['M']}, N={o['N']}, tree {canonical(o['tree'])}, widths {o['widths']}, "
            f"odd-even partition: " + "; ".join(rows))


def _r_term(o: dict) -> str:
    z = f"a shallow relu-max network with Z = {o['Z']} channels" if "Z" in o else "one shallow relu-max term"
    return (f"the largest rank [h]_{{I,J}} of {z} (N = {o['num_inputs']}, T = {o['T']}, I = {o['partition']['rows']}, "
            f"J = {o['partition']['cols']}, over all weights and representations)")


def _r_box(o: dict) -> str:
    net = Layout(o["box"], "object.box", box=True)
    measure = ": an open box of positive measure" if net.free == net.num_weights else ""
    return f"the box of {_show_net(o['box'])} ({net.free} of {net.num_weights} weights free{measure})"


def _parse_box(raw: Any, path: str) -> tuple[Any, Any]:
    only_keys(raw if isinstance(raw, dict) else {}, {"box"}, path)
    return raw, Layout(get(raw, "box", path), f"{path}.box", box=True)


# realizes({network, target}): the network's grid tensor equals the target
register_quantity("realizes", _parse_realizes, ("holds",), NONE,
                  lambda o: f"{_show_net(o['network'])} realizes {_show_tensor(o['target'])} (grid tensor, output 0)")
# not_realizable({family: {operator: relu-sum | linear-sum, tree}, target})
register_quantity("not_realizable", _parse_family, ("holds",), NONE,
                  lambda o: (f"{_show_tensor(o['target'])} is not realizable by any "
                             f"{'shallow ' if o['family']['tree'] is None else 'deep (tree ' + canonical(o['family']['tree']) + ') '}"
                             f"{o['family']['operator']} network (any width, weights and representation)"))
# box_realizes({box, target}): every weight setting in the box has this grid tensor
register_quantity("box_realizes", lambda raw, path: _parse_realizes(raw, path, "box"), ("holds",), NONE,
                  lambda o: f"every weight setting in {_r_box(o)} gives {_show_tensor(o['target'])}")
# shallow_collapse({box}): on the whole box the network is a shallow network with Z = 1
register_quantity("shallow_collapse", _parse_box, ("holds",), NONE,
                  lambda o: f"on every weight setting in {_r_box(o)} the network equals a shallow network with one channel")
# max_pool_term_rank({num_inputs, T, partition}) <= b
register_quantity("max_pool_term_rank", _parse_term, ("=", "<=", ">="), INT, _r_term)
# max_pool_shallow_rank({num_inputs, T, partition, Z}) <= Z b
register_quantity("max_pool_shallow_rank", _parse_term, ("=", "<=", ">="), INT, _r_term)
# max_pool_width_needed({operator: relu-max, circuit, output}) >= Z
register_quantity("max_pool_width_needed", _parse_width, ("=", ">="), INT,
                  lambda o: (f"the channels Z of any shallow relu-max network realizing output {o['output']} of the grid "
                             f"tensor of circuit sha256:{digest(o['circuit'])}"))
# representation_det({representation: relu}) = det F
register_quantity("representation_det", _parse_rep, ("=",), RATIONAL,
                  lambda o: (f"det F of the ReLU representation functions max(w_d . x + b_d, 0) with w = "
                             f"{canonical(o['representation']['weights'])}, b = {canonical(o['representation']['biases'])} "
                             f"on the templates {canonical(o['representation']['templates'])}").replace('"', ""))
# universal({operator, num_inputs, F}): shallow networks realize every grid tensor
register_quantity("universal", _parse_universal, ("holds",), NONE,
                  lambda o: (f"every {len(o['F'])}^{o['num_inputs']} grid tensor is realized by a shallow "
                             f"{o['operator']} network with F = {canonical(o['F'])}").replace('"', ""))
# pooling_comparison({M, N, tree, widths, partition, rows}): every figure derived by a rule
register_quantity("pooling_comparison", _parse_table, ("holds",), NONE, _r_table)

RETIRED.update({"grid_tensor_rank": "; grid_tensor_rank is no longer read: the rank of a network's matricization is "
                "matricization_rank of its circuit, of an explicit tensor's the rank of its matricization; regenerate it",
                "interval-arithmetic": "; interval-arithmetic is no longer read: a box is proved by dead-channels "
                                       "(signs over the box); regenerate the certificate"})
register_method("evaluation", ("realizes",), _evaluation)
register_method("separating-functional", ("not_realizable",), _separating_functional)
register_method("dead-channels", ("box_realizes", "shallow_collapse"), _dead_channels)
register_method("term-rank-argument", ("max_pool_term_rank",), _term_rank_argument)
register_method("exact-elimination", ("representation_det",), _exact_elimination)

register_rule("sum-of-term-ranks", 1, _sum_of_term_ranks, ("Z",))
register_rule("width-from-rank-and-term-bound", 2, _width_from_rank)
register_rule("not-realizable-from-block-rank", 1, _not_realizable_from_block_rank, ("tree", "target"))
register_rule("universal-from-unit-realizations", None, _universal_from_units)
register_rule("term-rank-attained", 2, _term_rank_attained, ("network",))
register_rule("comparison-table", None, _comparison_table, ("architecture", "rank_status", "networks"))
