r"""Rectifier networks in the kernel: quantities, evidence methods and rules (obligations as pure functions).

Networks appear in propositions in the *explicit form* (``docs/formats/rectifier.md``):
``{"operator", "num_inputs", "tree" (nested 0-based modes, or null = shallow), "F" (T x M),
"leaf_weights" (N matrices), "node_weights" (one per internal node but the root), "output_weights"
(one row)}``.  A network with point weights is compiled to a circuit (:mod:`.circuit`) and evaluated by
the one circuit evaluator; a *box* (weights ``{"open": ["lo", "hi"]}``) is evaluated with exact interval
arithmetic over the closed box.  **Modes are 0-based.**
"""

from __future__ import annotations

import hashlib
import itertools
import math
from fractions import Fraction
from typing import Any

import flint
import numpy as np

from .circuit import matrix_json, parse_circuit, template_grid
from .jsonio import canonical, fail, get, index_list, json_int, only_keys, rational, show, to_string
from .matrix import minor_and_factorization
from .methods import register_method
from .propositions import INT, NONE, RATIONAL, Proposition, register_quantity
from .rules import register_rule

#: operator -> (activation, pooling)
OPERATORS = {"product": ("linear", "product"), "relu-max": ("relu", "max"), "relu-sum": ("relu", "sum"),
             "linear-max": ("linear", "max"), "linear-sum": ("linear", "sum"), "relu-product": ("relu", "product")}
#: the largest grid (T^N template tuples) the interval evaluator and the tensor obligations scan
MAX_ENTRIES = 1 << 16
#: the most interval operations (template tuples x weights) a box evaluation may take
MAX_WORK = 1 << 22


_fail = fail


# ============================================================================ pure obligations
def root_blocks(tree: Any, N: int) -> list[list[int]]:
    """The sorted modes under each child of the root (one mode each for a shallow network, ``tree=None``).

    >>> root_blocks([[0, 2], [1, 3]], 4), root_blocks(None, 3)
    ([[0, 2], [1, 3]], [[0], [1], [2]])
    """
    if tree is None:
        return [[i] for i in range(N)]
    return [sorted(_leaves(c)) for c in tree]


def _leaves(node: Any) -> list[int]:
    return [node] if isinstance(node, int) else [m for c in node for m in _leaves(c)]


def sum_pool_blocks(operator: str, tree: Any, N: int) -> list[list[int]]:
    """Blocks B_c such that every grid tensor of the family is a sum of functions of d restricted to one block.

    relu-sum: the root pools ``sum_c max(phi_c, 0)`` with phi_c a function of the modes under child c;
    linear-sum: everything is linear in the per-input values, one mode per block.
    """
    return [[i] for i in range(N)] if operator == "linear-sum" else root_blocks(tree, N)


def annihilates_blocks(L: np.ndarray, blocks: list[list[int]], path: str) -> None:
    """Every marginal of L onto every block vanishes: L is orthogonal to every ``sum_c B_c(d_c)``.

    >>> annihilates_blocks(np.array([[1, -1], [-1, 1]], dtype=object), [[0], [1]], "functional")
    >>> annihilates_blocks(np.array([[2, -1], [-1, 1]], dtype=object), [[0], [1]], "functional")
    Traceback (most recent call last):
      ...
    exactnet.errors.CertificateError: L does not vanish on the indicator of block [0] = (0,): its marginal sum is 1 (field 'functional')
    """
    for blk in blocks:
        rest = tuple(i for i in range(L.ndim) if i not in blk)
        marg = L.sum(axis=rest) if rest else L
        marg = np.transpose(marg, np.argsort(np.argsort(blk))) if len(blk) > 1 else marg
        for b in itertools.product(*(range(L.shape[i]) for i in blk)):
            if marg[b] != 0:
                raise _fail(f"L does not vanish on the indicator of block {blk} = {b}: its marginal sum is {marg[b]}",
                            path)


def term_rank_bound(T: int, rows: int, cols: int) -> int:
    """Rank bound of one shallow relu-max term ``max{max(U(d_I), 0), V(d_J)}`` over the (I, J) matricization:
    rows with equal ``max(U, 0)`` are equal and U takes at most ``|I|(T-1) + 1`` relevant values, so
    ``rank <= min(1 + (T-1) min(|I|,|J|), T^min(|I|,|J|))``.

    >>> term_rank_bound(3, 2, 2)
    5
    """
    k = min(rows, cols)
    return min(1 + (T - 1) * k, T ** k)


def matricize(A: np.ndarray, rows: list[int], cols: list[int]) -> np.ndarray:
    """``[A]_{rows, cols}``: rows indexed by the modes ``rows`` (first slowest), columns by ``cols``."""
    m = math.prod(A.shape[i] for i in rows)
    return np.transpose(A, rows + cols).reshape(m, -1)


def relu_features(W: list[list[Fraction]], bias: list[Fraction], X: list[list[Fraction]]) -> list[list[Fraction]]:
    """``F[t][d] = max(W[d] . X[t] + bias[d], 0)``: the ReLU representation functions at the templates."""
    return [[max(sum((w * x for w, x in zip(W[d], X[t])), Fraction(0)) + bias[d], Fraction(0))
             for d in range(len(W))] for t in range(len(X))]


def det(F: list[list[Fraction]]) -> Fraction:
    """Exact determinant over Q (square F), by FLINT.

    >>> det([[Fraction(1, 2), 0], [Fraction(3, 2), Fraction(1, 2)]])
    Fraction(1, 4)
    """
    d = flint.fmpq_mat(len(F), len(F), [flint.fmpq(x.numerator, x.denominator) for r in F for x in r]).det()
    return Fraction(int(d.p), int(d.q))


# ============================================================================ networks in explicit form
_rat = rational
_int = json_int


def _weight(x: Any, path: str, box: bool) -> tuple:
    """``(lo, hi, open)``: a point ``"p/q"`` or, in a box, an open interval ``{"open": ["lo", "hi"]}``."""
    if isinstance(x, dict) and box:
        iv = x.get("open")
        if set(x) != {"open"} or not isinstance(iv, list) or len(iv) != 2:
            raise _fail("an open interval is {\"open\": [\"lo\", \"hi\"]}", path)
        lo, hi = _rat(iv[0], f"{path}.open[0]"), _rat(iv[1], f"{path}.open[1]")
        if not lo < hi:
            raise _fail(f"an open interval needs lo < hi, not ({lo}, {hi})", f"{path}.open")
        return (lo, hi, True)
    v = _rat(x, path)
    return (v, v, False)


def _mat(x: Any, path: str, cols: int | None, box: bool) -> list[list[tuple]]:
    if not isinstance(x, list) or not x or not all(isinstance(r, list) and r for r in x):
        raise _fail(f"must be a non-empty matrix (list of non-empty rows), not {x!r:.60}", path)
    cols = len(x[0]) if cols is None else cols
    for a, r in enumerate(x):
        if len(r) != cols:
            raise _fail(f"row {a} must have {cols} entries (the input width), not {len(r)}", f"{path}[{a}]")
    return [[_weight(v, f"{path}[{a}][{b}]", box) for b, v in enumerate(r)] for a, r in enumerate(x)]


def parse_tree(obj: Any, N: int, path: str) -> Any:
    """A pooling tree as nested tuples (None = shallow); every mode 0..N-1 once, every node >= 2 children."""
    if obj is None:
        return None

    def build(o: Any, p: str) -> Any:
        if isinstance(o, int) and not isinstance(o, bool) and 0 <= o < N:
            return o
        if isinstance(o, list) and len(o) >= 2:
            return tuple(build(c, f"{p}[{k}]") for k, c in enumerate(o))
        raise _fail(f"must be a mode in 0..{N - 1} or a list of >= 2 subtrees, not {o!r:.60}", p)

    t = build(obj, path)
    if isinstance(t, int) or sorted(_leaves(t)) != list(range(N)):
        raise _fail(f"must be a tree with every mode 0..{N - 1} exactly once as a leaf", path)
    return t


def internal_nodes(tree: Any) -> list:
    """Internal nodes except the root by level (height - depth) ascending, then left to right: the order of
    ``node_weights``."""
    found: list = []

    def walk(v: Any, depth: int) -> int:
        if isinstance(v, int):
            return depth
        if depth:
            found.append((depth, len(found), v))
        return max(walk(c, depth + 1) for c in v)

    height = walk(tree, 0)
    return [v for _, _, v in sorted(found, key=lambda t: (height - t[0], t[1]))]


class Layout:
    """A parsed network in explicit form: operator, N, tree, F (Fractions), leaf / node / out weight matrices
    of ``(lo, hi, open)`` triples (points: lo = hi), ``nodes`` (internal non-root nodes in weight order)."""

    def __init__(self, obj: Any, path: str = "network", box: bool = False):
        keys = {"operator", "num_inputs", "tree", "F", "leaf_weights", "node_weights", "output_weights"}
        if not isinstance(obj, dict) or set(obj) != keys:
            raise _fail(f"must be a network in explicit form with exactly the keys {sorted(keys)}", path)
        self.operator = obj["operator"]
        if self.operator not in OPERATORS:
            raise _fail(f"unknown operator {self.operator!r:.40}; known: {', '.join(OPERATORS)}", f"{path}.operator")
        self.activation, self.pooling = OPERATORS[self.operator]
        self.N = N = _int(obj["num_inputs"], f"{path}.num_inputs", 2)
        self.tree = parse_tree(obj["tree"], N, f"{path}.tree")
        self.F = [[w[0] for w in r] for r in _mat(obj["F"], f"{path}.F", None, False)]
        self.T, self.M = len(self.F), len(self.F[0])
        if self.T ** N > MAX_ENTRIES:
            raise _fail(f"the grid has T^N = {self.T}^{N} entries; the kernel evaluates at most {MAX_ENTRIES}", path)
        leaves, nodes = obj["leaf_weights"], obj["node_weights"]
        self.nodes = internal_nodes(self.tree) if self.tree is not None else []
        if not isinstance(leaves, list) or len(leaves) != N:
            raise _fail(f"must be a list of N = {N} matrices (one per input)", f"{path}.leaf_weights")
        if not isinstance(nodes, list) or len(nodes) != len(self.nodes):
            raise _fail(f"must be a list of {len(self.nodes)} matrices (internal nodes but the root)",
                        f"{path}.node_weights")
        self.leaf = [_mat(w, f"{path}.leaf_weights[{i}]", self.M, box) for i, w in enumerate(leaves)]
        self.width = {i: len(m) for i, m in enumerate(self.leaf)}
        self.node = {}
        for k, v in enumerate(self.nodes):
            self.node[v] = _mat(nodes[k], f"{path}.node_weights[{k}]", self._kids(v, f"{path}.node_weights[{k}]"), box)
            self.width[v] = len(self.node[v])
        root = self.tree if self.tree is not None else tuple(range(N))
        self.root = root
        self.out = _mat(obj["output_weights"], f"{path}.output_weights", self._kids(root, f"{path}.output_weights"), box)
        if len(self.out) != 1:
            raise _fail("must be one row (one output)", f"{path}.output_weights")
        self.widths = [self.width[0]] if self.tree is None else self._level_widths(path)
        flat = [w for m in self.leaf + list(self.node.values()) + [self.out] for r in m for w in r]
        self.num_weights, self.free = len(flat), sum(1 for w in flat if w[2])

    def _level_widths(self, path: str) -> list[int]:
        """Channels per level (level = height - depth; leaves at depth d are at level height - d)."""
        levels: dict[int, set] = {}

        def walk(v: Any, depth: int) -> int:
            h = depth if isinstance(v, int) else max(walk(c, depth + 1) for c in v)
            if v != self.root:
                levels.setdefault(depth, set()).add((v, self.width[v]))
            return h

        height = walk(self.root, 0)
        out = {}
        for depth, items in levels.items():
            out.setdefault(height - depth, set()).update(w for _, w in items)
        if any(len(ws) != 1 for ws in out.values()):
            raise _fail("all nodes at one level must have the same number of channels", path)
        return [out[lvl].pop() if lvl in out else 0 for lvl in range(height)]

    def _kids(self, v: Any, path: str) -> int:
        ws = {self.width[c] for c in v}
        if len(ws) != 1:
            raise _fail(f"the children of a node must have the same number of channels, not {sorted(ws)}", path)
        return ws.pop()

    def weights(self, v: Any) -> list[list[tuple]]:
        return self.leaf[v] if isinstance(v, int) else self.out if v == self.root else self.node[v]


def layout_circuit(net: Layout) -> dict:
    """The circuit (format of :mod:`.circuit`) of a point-weight network: one template input per mode."""
    F = matrix_json(net.F)
    nodes: list = []

    def add(node: dict) -> int:
        nodes.append(node)
        return len(nodes) - 1

    def affine(v: Any, arg: int) -> int:
        return add({"op": "affine", "arg": arg, "matrix": matrix_json([[w[0] for w in r] for r in net.weights(v)])})

    def run(v: Any) -> int:
        if isinstance(v, int):
            return affine(v, add({"op": "input", "position": v}))
        kids = [run(c) for c in v]
        if net.activation == "relu":
            kids = [add({"op": "relu", "arg": k}) for k in kids]
        op = {"sum": "add", "product": "mul", "max": "max"}[net.pooling]
        return affine(v, add({"op": op, "args": kids}))

    out = run(net.root)
    return {"format": "exactnet.circuit", "version": 1, "inputs": [{"templates": F}] * net.N, "nodes": nodes,
            "output": out}


def grid_tensor(net: Layout) -> np.ndarray:
    """The network's grid tensor (object array of Fractions, modes 0..N-1) by the circuit evaluator."""
    if net.free:
        raise _fail("must have point weights (no open intervals) to have one grid tensor", "network")
    num, den = template_grid(parse_circuit(layout_circuit(net)))
    return np.vectorize(lambda x: Fraction(int(x), den), otypes=[object])(num[0])


# ============================================================================ interval arithmetic over a box
def _imul(a: tuple, b: tuple) -> tuple:
    ps = (a[0] * b[0], a[0] * b[1], a[1] * b[0], a[1] * b[1])
    return (min(ps), max(ps))


def _ipool(kind: str, xs: list[tuple]) -> tuple:
    if kind == "max":
        return (max(x[0] for x in xs), max(x[1] for x in xs))
    if kind == "sum":
        return (sum(x[0] for x in xs), sum(x[1] for x in xs))
    out = xs[0]
    for x in xs[1:]:
        out = _imul(out, x)
    return out


def _iconv(W: list[list[tuple]], xs: list[tuple]) -> list[tuple]:
    out = []
    for row in W:
        terms = [_imul(w[:2], x) for w, x in zip(row, xs)]
        out.append((sum(t[0] for t in terms), sum(t[1] for t in terms)))
    return out


def box_values(net: Layout) -> dict:
    """``{node: {assignment of the modes under it (sorted): [conv output interval per channel]}}`` for every
    leaf and node (the root's single channel is the network's output), exact over the closed box."""
    work = net.T ** net.N * sum(len(W) * len(W[0]) for W in net.leaf + list(net.node.values()) + [net.out])
    if work > MAX_WORK:
        raise _fail(f"interval evaluation over the box needs about {work} operations; the kernel does at most "
                    f"{MAX_WORK} (use a smaller N, T or narrower layers)", "network")
    out: dict = {}
    zero = Fraction(0)

    def act(x: tuple) -> tuple:
        return (max(x[0], zero), max(x[1], zero)) if net.activation == "relu" else x

    def run(v: Any) -> list[int]:
        if isinstance(v, int):
            out[v] = {(t,): _iconv(net.leaf[v], [(f, f) for f in net.F[t]]) for t in range(net.T)}
            return [v]
        kid_modes = [run(c) for c in v]
        modes = sorted(m for ms in kid_modes for m in ms)
        pos = [[modes.index(m) for m in ms] for ms in kid_modes]
        vals = {}
        for combo in itertools.product(*(out[c].items() for c in v)):
            pooled = [_ipool(net.pooling, [act(ch[g]) for _, ch in combo]) for g in range(len(combo[0][1]))]
            key = [0] * len(modes)
            for ps, (k, _) in zip(pos, combo):
                for p, x in zip(ps, k):
                    key[p] = x
            vals[tuple(key)] = _iconv(net.weights(v), pooled)
        out[v] = vals
        return modes

    run(net.root)
    return out


def box_collapse(net: Layout, vals: dict) -> None:
    """On the whole box the network equals a shallow network with one channel: every leaf and non-root node has
    exactly one channel that is not provably dead (pre-activation <= 0 everywhere, so ReLU gives 0), the children
    of every node have it at one index, and every live node weight on it is >= 0 over the box (positive
    homogeneity moves it through ReLU and max / sum pooling)."""
    live = {}
    for v, kv in vals.items():
        if v == net.root:
            continue
        alive = [g for g in range(net.width[v]) if any(x[g][1] > 0 for x in kv.values())]
        if len(alive) != 1:
            raise _fail(f"{'leaf' if isinstance(v, int) else 'node'} {_leaves(v)} has {len(alive)} channels that are "
                        f"not provably dead over the box ({alive}); the collapse needs exactly one", "network")
        live[v] = alive[0]
    for v in [net.root] + net.nodes:
        chans = {live[c] for c in v}
        if len(chans) != 1:
            raise _fail(f"the children of node {_leaves(v)} have their live channel at different indices "
                        f"{sorted(chans)}", "network")
        if v != net.root and net.node[v][live[v]][chans.pop()][0] < 0:
            raise _fail(f"the live weight of node {_leaves(v)} is not >= 0 over the box", "network.node_weights")


# ============================================================================ objects of propositions
def parse_tensor(raw: Any, path: str) -> np.ndarray:
    """``{"shape": [n_0, ...], "entries": nested lists of rational strings}`` -> object array of Fractions."""
    only_keys(raw if isinstance(raw, dict) else {}, {"shape", "entries"}, path)
    shape = get(raw, "shape", path)
    shape = [_int(s, f"{path}.shape[{k}]", 1) for k, s in enumerate(shape if isinstance(shape, list) and shape else [None])]
    if math.prod(shape) > MAX_ENTRIES:
        raise _fail(f"the tensor has {math.prod(shape)} entries; the kernel reads at most {MAX_ENTRIES}", f"{path}.shape")
    entries = get(raw, "entries", path)
    try:
        out = np.array(entries, dtype=object)
    except ValueError:
        out = None
    if out is None or out.shape != tuple(shape):
        raise _fail(f"must be nested lists of the shape {shape}", f"{path}.entries")
    for d in np.ndindex(*shape):
        out[d] = _rat(out[d], f"{path}.entries" + "".join(f"[{i}]" for i in d))
    return out


def tensor_json(A: np.ndarray) -> dict:
    """The canonical JSON of a tensor object (entries as reduced rational strings)."""
    s = np.vectorize(lambda x: to_string(Fraction(x)), otypes=[object])(A)
    return {"shape": list(A.shape), "entries": s.tolist()}


def _digest(obj: Any) -> str:
    return hashlib.sha256(canonical(obj).encode()).hexdigest()[:12]


def _show_tensor(raw: dict) -> str:
    if "grid_tensor" in raw:
        return f"the grid tensor of {_show_net(raw['grid_tensor'])}"
    shape = "x".join(map(str, raw["shape"]))
    text = canonical(raw["entries"]).replace('"', "")
    return f"the {shape} tensor {text}" if len(text) <= 80 else f"the {shape} tensor #{_digest(raw)}"


def _show_net(raw: dict) -> str:
    net = Layout(raw, "network", box=True)
    where = "shallow" if net.tree is None else f"deep, tree {canonical(raw['tree'])}"
    return f"the {where} {raw['operator']} network with widths {net.widths} (network #{_digest(raw)})"


def _obj_path(path: str) -> str:
    return path[: -len("evidence")] + "proposition.object"


def _target(raw: Any, path: str, net: Layout | None = None) -> np.ndarray:
    A = parse_tensor(raw, path)
    if net is not None and list(A.shape) != [net.T] * net.N:
        raise _fail(f"must have the shape {[net.T] * net.N} of the network's grid tensor (T = {net.T} templates, "
                    f"N = {net.N} inputs), not {list(A.shape)}", f"{path}.shape")
    return A


def _compare(got: np.ndarray, want: np.ndarray, path: str, what: str) -> None:
    for d in itertools.product(*(range(n) for n in got.shape)):
        if got[d] != want[d]:
            raise _fail(f"{what} has {got[d]} at {list(d)}, not {want[d]}", path + "".join(f"[{i}]" for i in d))


def _parse_realizes(raw: Any, path: str, box: bool = False) -> tuple[Any, Any]:
    key = "box" if box else "network"
    only_keys(raw if isinstance(raw, dict) else {}, {key, "target"}, path)
    net = Layout(get(raw, key, path), f"{path}.{key}", box=box)
    return raw, (net, _target(get(raw, "target", path), f"{path}.target", net))


def _parse_box(raw: Any, path: str) -> tuple[Any, Any]:
    only_keys(raw if isinstance(raw, dict) else {}, {"box"}, path)
    return raw, Layout(get(raw, "box", path), f"{path}.box", box=True)


def _parse_family(raw: Any, path: str) -> tuple[Any, Any]:
    only_keys(raw if isinstance(raw, dict) else {}, {"family", "target"}, path)
    fam = get(raw, "family", path)
    only_keys(fam if isinstance(fam, dict) else {}, {"operator", "tree"}, f"{path}.family")
    if get(fam, "operator", f"{path}.family") not in ("relu-sum", "linear-sum"):
        raise _fail(f"non-realizability is proved for the operators relu-sum and linear-sum, not "
                    f"{show(fam['operator'])}", f"{path}.family.operator")
    A = _target(get(raw, "target", path), f"{path}.target")
    if A.ndim < 2 or len(set(A.shape)) != 1:
        raise _fail(f"must be a grid tensor (order N >= 2, equal mode sizes), not of shape {list(A.shape)}",
                    f"{path}.target.shape")
    tree = parse_tree(get(fam, "tree", f"{path}.family"), A.ndim, f"{path}.family.tree")
    return raw, (fam["operator"], tree, A)


def _parse_partition(raw: Any, path: str, N: int) -> tuple[list[int], list[int]]:
    only_keys(raw if isinstance(raw, dict) else {}, {"rows", "cols"}, path)
    rows = index_list(get(raw, "rows", path), f"{path}.rows", N, increasing=True)
    cols = index_list(get(raw, "cols", path), f"{path}.cols", N, increasing=True)
    if not rows or not cols or sorted(rows + cols) != list(range(N)):
        raise _fail(f"rows and cols must split the modes 0..{N - 1} into two non-empty parts", path)
    return rows, cols


def _parse_term(raw: Any, path: str) -> tuple[Any, Any]:
    only_keys(raw if isinstance(raw, dict) else {}, {"num_inputs", "T", "partition", "Z"}, path)
    N, T = _int(get(raw, "num_inputs", path), f"{path}.num_inputs", 2), _int(get(raw, "T", path), f"{path}.T", 1)
    Z = _int(raw["Z"], f"{path}.Z", 1) if "Z" in raw else None
    return raw, (N, T, _parse_partition(get(raw, "partition", path), f"{path}.partition", N), Z)


def _tensor_or_grid(t: Any, path: str) -> np.ndarray:
    """A tensor object, or ``{"grid_tensor": network}`` (the kernel evaluates the network)."""
    if isinstance(t, dict) and "grid_tensor" in t:
        only_keys(t, {"grid_tensor"}, path)
        return grid_tensor(Layout(t["grid_tensor"], f"{path}.grid_tensor"))
    return parse_tensor(t, path)


def _parse_rank_object(raw: Any, path: str) -> tuple[Any, Any]:
    only_keys(raw if isinstance(raw, dict) else {}, {"tensor", "partition"}, path)
    A = _tensor_or_grid(get(raw, "tensor", path), f"{path}.tensor")
    return raw, (A, _parse_partition(get(raw, "partition", path), f"{path}.partition", A.ndim))


def _parse_width(raw: Any, path: str) -> tuple[Any, Any]:
    only_keys(raw if isinstance(raw, dict) else {}, {"operator", "target"}, path)
    if get(raw, "operator", path) != "relu-max":
        raise _fail(f"must be \"relu-max\" (the per-term bound is about ReLU + max pooling), not "
                    f"{show(raw['operator'])}", f"{path}.operator")
    return raw, _tensor_or_grid(get(raw, "target", path), f"{path}.target")


def _parse_rep(raw: Any, path: str) -> tuple[Any, Any]:
    only_keys(raw if isinstance(raw, dict) else {}, {"representation"}, path)
    rep = get(raw, "representation", path)
    p = f"{path}.representation"
    only_keys(rep if isinstance(rep, dict) else {}, {"type", "weights", "biases", "templates"}, p)
    if get(rep, "type", p) != "relu":
        raise _fail(f"must be \"relu\", not {show(rep['type'])}", f"{p}.type")
    W = [[w[0] for w in r] for r in _mat(get(rep, "weights", p), f"{p}.weights", None, False)]
    X = [[w[0] for w in r] for r in _mat(get(rep, "templates", p), f"{p}.templates", len(W[0]), False)]
    b = get(rep, "biases", p)
    if not isinstance(b, list) or len(b) != len(W):
        raise _fail(f"must be a list of {len(W)} biases (one per function)", f"{p}.biases")
    if len(X) != len(W):
        raise _fail(f"F must be square to have a determinant: {len(X)} templates, {len(W)} functions", f"{p}.templates")
    return raw, relu_features(W, [_rat(x, f"{p}.biases[{k}]") for k, x in enumerate(b)], X)


def _parse_universal(raw: Any, path: str) -> tuple[Any, Any]:
    only_keys(raw if isinstance(raw, dict) else {}, {"operator", "num_inputs", "F"}, path)
    if get(raw, "operator", path) not in OPERATORS:
        raise _fail(f"unknown operator {show(raw['operator'])}", f"{path}.operator")
    F = [[w[0] for w in r] for r in _mat(get(raw, "F", path), f"{path}.F", None, False)]
    return raw, (_int(get(raw, "num_inputs", path), f"{path}.num_inputs", 2), F)


class _Matricization(tuple):
    """``(B, D)`` of ``[A]_{rows, cols}`` (integer numerators, common denominator) for the rank methods of
    :mod:`.matrix`, with the tensor ``A`` and the partition attached."""


def _parse_matricization(raw: Any, path: str) -> tuple[Any, Any]:
    raw, (A, (rows, cols)) = _parse_rank_object(raw, path)
    mat = matricize(A, rows, cols)
    D = math.lcm(*(x.denominator for x in mat.flat))
    ints = [int(x * D) for x in mat.flat]
    B = np.array(ints, dtype=np.int64 if all(abs(v) < 1 << 62 for v in ints) else object).reshape(mat.shape)
    out = _Matricization((B, D))
    out.A, out.rows, out.cols = A, rows, cols
    return raw, out


# ============================================================================ evidence methods
def _evaluation(ev: dict, subject: Proposition, path: str) -> Proposition:
    """``realizes``: the kernel evaluates the network (circuit evaluator) on every template tuple."""
    only_keys(ev, {"method"}, path)
    net, A = subject.parsed
    _compare(grid_tensor(net), A, f"{_obj_path(path)}.target.entries", "the network's grid tensor")
    return subject.with_value("holds", None)


def _separating_functional(ev: dict, subject: Proposition, path: str) -> Proposition:
    """``not_realizable``: L vanishes on the span of all grid tensors of the family, and L . target != 0."""
    only_keys(ev, {"method", "functional"}, path)
    op, tree, A = subject.parsed
    L = parse_tensor(get(ev, "functional", path), f"{path}.functional")
    if L.shape != A.shape:
        raise _fail(f"the functional has shape {list(L.shape)}, the target {list(A.shape)}", f"{path}.functional.shape")
    annihilates_blocks(L, sum_pool_blocks(op, tree, A.ndim), f"{path}.functional")
    if sum((L * A).flat, Fraction(0)) == 0:
        raise _fail("L . target = 0: the functional does not separate the target from the span", f"{path}.functional")
    return subject.with_value("holds", None)


def _interval_arithmetic(ev: dict, subject: Proposition, path: str) -> Proposition:
    """``box_realizes``: exact interval arithmetic over the closed box gives the single point target[d] everywhere."""
    only_keys(ev, {"method"}, path)
    net, A = subject.parsed
    out = box_values(net)[net.root]
    for d in itertools.product(range(net.T), repeat=net.N):
        (lo, hi), p = out[d][0], f"{_obj_path(path)}.target.entries" + "".join(f"[{i}]" for i in d)
        if lo != hi or lo != A[d]:
            raise _fail(f"over the box the entry {list(d)} ranges over [{lo}, {hi}], not the single point {A[d]}", p)
    return subject.with_value("holds", None)


def _dead_channels(ev: dict, subject: Proposition, path: str) -> Proposition:
    """``shallow_collapse``: see :func:`box_collapse`."""
    only_keys(ev, {"method"}, path)
    net = subject.parsed
    if net.operator not in ("relu-max", "relu-sum"):
        raise _fail(f"the collapse needs ReLU with max or sum pooling, not {net.operator}",
                    f"{_obj_path(path)}.box.operator")
    box_collapse(net, box_values(net))
    return subject.with_value("holds", None)


def _term_rank_argument(ev: dict, subject: Proposition, path: str) -> Proposition:
    """``max_pool_term_rank``: the arithmetic of :func:`term_rank_bound`."""
    only_keys(ev, {"method"}, path)
    N, T, (rows, cols), Z = subject.parsed
    if Z is not None:
        raise _fail("one term has no Z (use the rule sum-of-term-ranks for Z channels)", f"{_obj_path(path)}.Z")
    return subject.with_value("<=", term_rank_bound(T, len(rows), len(cols)))


def _exact_elimination(ev: dict, subject: Proposition, path: str) -> Proposition:
    """``representation_det``: F from the ReLU functions at the templates, det F by exact elimination."""
    only_keys(ev, {"method"}, path)
    return subject.with_value("=", det(subject.parsed))


# ============================================================================ rules
def _premise(p: Proposition, quantity: str, relations: tuple, path: str) -> Proposition:
    if p.quantity != quantity or p.relation not in relations:
        raise _fail(f"must state {quantity} with relation {' or '.join(relations)}, not {p.quantity} "
                    f"{p.relation}", path)
    return p


def _no_params(params: dict, path: str, allowed: set = frozenset()) -> None:
    only_keys(params, allowed, f"{path}.params")


def _sum_of_term_ranks(premises: list, params: dict, path: str) -> Proposition:
    """A shallow relu-max network with Z channels is a sum of Z terms: rank <= Z b (rank is subadditive)."""
    _no_params(params, path, {"Z"})
    p = _premise(premises[0], "max_pool_term_rank", ("=", "<="), f"{path}.premises[0]")
    if "Z" in p.object:
        raise _fail("must be the bound of one term (no Z)", f"{path}.premises[0]")
    Z = _int(get(params, "Z", f"{path}.params"), f"{path}.params.Z", 1)
    obj = dict(p.object, Z=Z)
    return Proposition("max_pool_shallow_rank", obj, "<=", Z * p.value, p.field, _parse_term(obj, path)[1])


def _width_from_rank(premises: list, params: dict, path: str) -> Proposition:
    """rank [A]_{I,J} >= R and rank of every relu-max term <= b: a shallow relu-max network realizing A is a sum
    of Z terms, so R <= Z b and Z >= ceil(R / b)."""
    _no_params(params, path)
    r = _premise(premises[0], "grid_tensor_rank", ("=", ">="), f"{path}.premises[0]")
    b = _premise(premises[1], "max_pool_term_rank", ("=", "<="), f"{path}.premises[1]")
    A = r.parsed.A
    N, T, part, Z = b.parsed
    if Z is not None or (N, T) != (A.ndim, A.shape[0]) or len(set(A.shape)) != 1 or part != (r.parsed.rows, r.parsed.cols):
        raise _fail(f"the term bound is about N = {N}, T = {T}, partition {canonical(b.object['partition'])}; the "
                    f"rank about a tensor of shape {list(A.shape)} and partition {canonical(r.object['partition'])}",
                    f"{path}.premises[1]")
    obj = {"operator": "relu-max", "target": r.object["tensor"]}
    return Proposition("max_pool_width_needed", obj, ">=", -(-r.value // max(b.value, 1)), r.field, A)


def _not_realizable_from_block_rank(premises: list, params: dict, path: str) -> Proposition:
    """Every relu-sum grid tensor over the tree is ``B_c(d_c) + C(d_rest)`` for a root block c: its (c | rest)
    matricization is ``b 1^T + 1 c^T`` of rank <= 2.  A target whose (c | rest) rank is >= 3 is not realizable."""
    _no_params(params, path, {"tree"})
    r = _premise(premises[0], "grid_tensor_rank", ("=", ">="), f"{path}.premises[0]")
    A = r.parsed.A
    tree = parse_tree(get(params, "tree", f"{path}.params"), A.ndim, f"{path}.params.tree")
    if r.parsed.rows not in root_blocks(tree, A.ndim):
        raise _fail(f"the rows {r.parsed.rows} are not the modes under one child of the root (blocks "
                    f"{root_blocks(tree, A.ndim)})", f"{path}.premises[0]")
    if r.value < 3:
        raise _fail(f"rank {r.relation} {r.value} does not exceed 2: no obstruction", f"{path}.premises[0]")
    obj = {"family": {"operator": "relu-sum", "tree": params["tree"]}, "target": tensor_json(A)}
    return Proposition("not_realizable", obj, "holds", None, r.field, ("relu-sum", tree, A))


def _universal_from_units(premises: list, params: dict, path: str) -> Proposition:
    """Shallow networks of one operator and one representation F are closed under sums (concatenate the
    channels, add the output rows) and scaling (the output row): realizing every unit tensor e_d realizes
    every tensor."""
    _no_params(params, path)
    seen, first = set(), premises[0]
    for k, p in enumerate(premises):
        pp = f"{path}.premises[{k}]"
        _premise(p, "realizes", ("holds",), pp)
        net, A = p.parsed
        if net.tree is not None or p.object["network"]["operator"] != first.object["network"]["operator"] or \
                canonical(p.object["network"]["F"]) != canonical(first.object["network"]["F"]) or \
                net.N != first.parsed[0].N or p.field != first.field:
            raise _fail("every premise must realize with a shallow network of the first premise's operator, F and N",
                        pp)
        ones = [d for d in itertools.product(*(range(n) for n in A.shape)) if A[d] != 0]
        if len(ones) != 1 or A[ones[0]] != 1 or ones[0] in seen:
            raise _fail("must realize a unit tensor e_d (one entry 1, the others 0) not realized by another premise",
                        f"{pp}.object.target")
        seen.add(ones[0])
    net = first.parsed[0]
    if len(seen) != net.T ** net.N:
        raise _fail(f"realizes {len(seen)} of the T^N = {net.T ** net.N} unit tensors", f"{path}.premises")
    obj = {"operator": net.operator, "num_inputs": net.N, "F": first.object["network"]["F"]}
    return Proposition("universal", obj, "holds", None, first.field, (net.N, net.F))


def _term_rank_attained(premises: list, params: dict, path: str) -> Proposition:
    """One term reaches the per-term bound: a one-channel shallow relu-max network whose matricization has
    rank >= b, and every term has rank <= b, so the largest rank of a term is = b."""
    _no_params(params, path)
    r = _premise(premises[0], "grid_tensor_rank", ("=", ">="), f"{path}.premises[0]")
    b = _premise(premises[1], "max_pool_term_rank", ("=", "<="), f"{path}.premises[1]")
    net = r.object["tensor"].get("grid_tensor")
    N, T, part, Z = b.parsed
    if net is None or net["tree"] is not None or net["operator"] != "relu-max" or len(net["leaf_weights"][0]) != 1 \
            or (N, T, part) != (net["num_inputs"], len(net["F"]), (r.parsed.rows, r.parsed.cols)) or Z is not None:
        raise _fail("must be the rank of the grid tensor of a one-channel shallow relu-max network with the bound's N, "
                    "T and partition", f"{path}.premises[0]")
    if r.value < b.value:
        raise _fail(f"rank {r.value} does not reach the bound {b.value}", f"{path}.premises[0]")
    return b.with_value("=", b.value)


_TABLE = (("product", "product"), ("max", "relu-max"), ("average", "relu-sum"))


def _rank_row(p: Proposition, op: str, arch: dict, path: str) -> tuple[int, np.ndarray]:
    """The rank premise of a row: the exact rank of the grid tensor of a network of the table's architecture."""
    _premise(p, "grid_tensor_rank", ("=",), path)
    net = p.object["tensor"].get("grid_tensor") if isinstance(p.object["tensor"], dict) else None
    about = None if net is None else {"operator": net["operator"], "num_inputs": net["num_inputs"], "T": len(net["F"]),
                                      "tree": net["tree"], "widths": Layout(net).widths}
    want = dict(operator=op, num_inputs=arch["N"], T=arch["M"], tree=arch["tree"], widths=arch["widths"])
    if about != want or p.object["partition"] != arch["partition"]:
        raise _fail(f"must be the rank of the grid tensor of a {op} network with the table's architecture "
                    f"{canonical(want)} and partition", path)
    return p.value, p.parsed.A


def _comparison_table(premises: list, params: dict, path: str) -> Proposition:
    """The comparison table product / max / average pooling, every figure from a premise (in this order):
    universal(product), rank(product network), universal(relu-max), rank(relu-max network),
    max_pool_term_rank (forced width ceil(R / b)), not_realizable(relu-sum over the tree) (not universal),
    rank(relu-sum network), and not_realizable(shallow relu-sum, that network's grid tensor) or realizes(a
    shallow relu-sum network, that grid tensor).  Product: a shallow product network with Z channels has
    rank <= Z, so the product rank R forces Z >= R."""
    only_keys(params, {"architecture", "rank_status"}, f"{path}.params")
    arch, pp = get(params, "architecture", f"{path}.params"), f"{path}.premises"
    only_keys(arch if isinstance(arch, dict) else {}, {"M", "N", "tree", "widths", "partition"}, f"{path}.params.architecture")
    M, N = _int(get(arch, "M", "params"), "params.M", 1), _int(get(arch, "N", "params"), "params.N", 2)
    parse_tree(get(arch, "tree", "params"), N, f"{path}.params.architecture.tree")
    if arch.get("partition") != {"rows": list(range(0, N, 2)), "cols": list(range(1, N, 2))}:
        raise _fail("the table uses the odd-even partition", f"{path}.params.architecture.partition")
    labels = get(params, "rank_status", f"{path}.params")
    if not isinstance(labels, list) or len(labels) != 3 or not set(labels) <= {"witness", "construction"}:
        raise _fail("must label the three ranks \"witness\" or \"construction\" (one network each)",
                    f"{path}.params.rank_status")
    if len(premises) != 8:
        raise _fail(f"the table takes 8 premises, not {len(premises)}", pp)
    rows = []
    for k, (pooling, op) in enumerate(_TABLE):
        row = {"pooling": pooling, "operator": op, "rank_status": labels[k]}
        rank_at = (1, 3, 6)[k]
        row["rank"], A = _rank_row(premises[rank_at], op, arch, f"{pp}[{rank_at}]")
        if op in ("product", "relu-max"):
            u = _premise(premises[2 * k], "universal", ("holds",), f"{pp}[{2 * k}]")
            if (u.object["operator"], u.object["num_inputs"], len(u.object["F"])) != (op, N, M):
                raise _fail(f"must prove universality of shallow {op} networks with N = {N} and T = {M}", f"{pp}[{2 * k}]")
            row["universal"], row["shallow_width_forced"] = True, row["rank"]
        if op == "relu-max":
            b = _premise(premises[4], "max_pool_term_rank", ("=", "<="), f"{pp}[4]")
            if b.object != {"num_inputs": N, "T": M, "partition": arch["partition"]}:
                raise _fail("must bound the terms of the table's N, T and partition", f"{pp}[4]")
            row["shallow_width_forced"] = -(-row["rank"] // max(b.value, 1))
        if op == "relu-sum":
            u = _premise(premises[5], "not_realizable", ("holds",), f"{pp}[5]")
            if u.object["family"] != {"operator": op, "tree": arch["tree"]} or list(u.parsed[2].shape) != [M] * N:
                raise _fail(f"must prove a {M}^{N} target not realizable by relu-sum networks over the table's tree",
                            f"{pp}[5]")
            w = premises[7]
            fam = w.object.get("family") if w.quantity == "not_realizable" else None
            if w.quantity == "not_realizable" and fam == {"operator": op, "tree": None}:
                got, sufficient = w.parsed[2], None
            elif w.quantity == "realizes" and w.parsed[0].tree is None and w.parsed[0].operator == op:
                got, sufficient = w.parsed[1], w.parsed[0].widths[0]
            else:
                raise _fail("must decide shallow relu-sum realizability (not_realizable or realizes)", f"{pp}[7]")
            if got.shape != A.shape or any(x != y for x, y in zip(got.flat, A.flat)):
                raise _fail("must be about the grid tensor of the rank premise's network", f"{pp}[7]")
            row.update(universal=False, shallow_width_forced=None, shallow_width_sufficient=sufficient)
        rows.append(row)
    obj = dict(arch, rows=rows)
    return Proposition("pooling_comparison", obj, "holds", None, premises[0].field, None)


def _r_table(o: dict) -> str:
    rows = []
    for r in o["rows"]:
        w, s = r["shallow_width_forced"], r.get("shallow_width_sufficient")
        shallow = f"Z >= {w}" if w is not None else f"Z = {s} suffices" if s is not None else "not realizable"
        rows.append(f"{r['pooling']} ({r['operator']}): universal {'yes' if r['universal'] else 'no'}, rank "
                    f"{r['rank']} ({r['rank_status']}), shallow {shallow}")
    return (f"the pooling comparison at M={o['M']}, N={o['N']}, tree {canonical(o['tree'])}, widths {o['widths']}, "
            f"odd-even partition: " + "; ".join(rows))


def _parse_table(raw: Any, path: str) -> tuple[Any, Any]:
    only_keys(raw if isinstance(raw, dict) else {}, {"M", "N", "tree", "widths", "partition", "rows"}, path)
    rows = get(raw, "rows", path)
    keys = {"pooling", "operator", "universal", "rank", "rank_status", "shallow_width_forced",
            "shallow_width_sufficient"}
    if not isinstance(rows, list) or len(rows) != 3 or not all(
            isinstance(r, dict) and keys - {"shallow_width_sufficient"} <= set(r) <= keys for r in rows):
        raise _fail(f"must be the three rows product, max, average with the keys {sorted(keys)}", f"{path}.rows")
    return raw, None


# ============================================================================ registration
def _r_term(o: dict) -> str:
    z = f"a shallow relu-max network with Z = {o['Z']} channels" if "Z" in o else "one shallow relu-max term"
    return (f"the largest rank [h]_{{I,J}} of {z} (N = {o['num_inputs']}, T = {o['T']}, I = {o['partition']['rows']}, "
            f"J = {o['partition']['cols']}, over all weights and representations)")


def _r_family(o: dict) -> str:
    where = "shallow " if o["family"]["tree"] is None else f"deep (tree {canonical(o['family']['tree'])}) "
    return (f"{_show_tensor(o['target'])} is not realizable by any {where}{o['family']['operator']} network "
            "(any width, weights and representation)")


def _r_box(o: dict) -> str:
    net = Layout(o["box"], "object.box", box=True)
    measure = ": an open box of positive measure" if net.free == net.num_weights else ""
    return f"the box of {_show_net(o['box'])} ({net.free} of {net.num_weights} weights free{measure})"


register_quantity(
    "realizes", lambda raw, path: _parse_realizes(raw, path), ("holds",), NONE,
    lambda o: f"{_show_net(o['network'])} realizes {_show_tensor(o['target'])} (grid tensor, output 0)",
    doc="realizes({network, target}): the network's grid tensor equals the target")
register_quantity(
    "not_realizable", _parse_family, ("holds",), NONE, _r_family,
    doc="not_realizable({family: {operator: relu-sum | linear-sum, tree}, target})")
register_quantity(
    "box_realizes", lambda raw, path: _parse_realizes(raw, path, box=True), ("holds",), NONE,
    lambda o: f"every weight setting in {_r_box(o)} gives {_show_tensor(o['target'])}",
    doc="box_realizes({box, target}): every weight setting in the box has this grid tensor")
register_quantity(
    "shallow_collapse", _parse_box, ("holds",), NONE,
    lambda o: f"on every weight setting in {_r_box(o)} the network equals a shallow network with one channel",
    doc="shallow_collapse({box}): on the whole box the network is a shallow network with Z = 1")
register_quantity("max_pool_term_rank", _parse_term, ("=", "<=", ">="), INT, _r_term,
                  doc="max_pool_term_rank({num_inputs, T, partition}) <= b")
register_quantity("max_pool_shallow_rank", _parse_term, ("=", "<=", ">="), INT, _r_term,
                  doc="max_pool_shallow_rank({num_inputs, T, partition, Z}) <= Z b")
register_quantity(
    "grid_tensor_rank", _parse_matricization, ("=", ">=", "<="), INT,
    lambda o: (f"rank [{_show_tensor(o['tensor'])}]_{{I,J}} (I = {o['partition']['rows']}, "
               f"J = {o['partition']['cols']})"),
    doc="grid_tensor_rank({tensor | {grid_tensor: network}, partition})")
register_quantity(
    "max_pool_width_needed", _parse_width, ("=", ">="), INT,
    lambda o: f"the channels Z of any shallow relu-max network realizing {_show_tensor(o['target'])}",
    doc="max_pool_width_needed({operator: relu-max, target}) >= Z")
register_quantity(
    "representation_det", _parse_rep, ("=",), RATIONAL,
    lambda o: (f"det F of the ReLU representation functions max(w_d . x + b_d, 0) with w = "
               f"{canonical(o['representation']['weights'])}, b = {canonical(o['representation']['biases'])} on the "
               f"templates {canonical(o['representation']['templates'])}").replace('"', ""),
    doc="representation_det({representation: relu}) = det F")
register_quantity(
    "universal", _parse_universal, ("holds",), NONE,
    lambda o: (f"every {len(o['F'])}^{o['num_inputs']} grid tensor is realized by a shallow {o['operator']} network "
               f"with F = {canonical(o['F'])}").replace('"', ""),
    doc="universal({operator, num_inputs, F}): shallow networks realize every grid tensor")

register_quantity("pooling_comparison", _parse_table, ("holds",), NONE, _r_table,
                  doc="pooling_comparison({M, N, tree, widths, partition, rows}): every figure derived by a rule")

register_method("evaluation", ("realizes",), _evaluation)
register_method("separating-functional", ("not_realizable",), _separating_functional)
register_method("interval-arithmetic", ("box_realizes",), _interval_arithmetic)
register_method("dead-channels", ("shallow_collapse",), _dead_channels)
register_method("term-rank-argument", ("max_pool_term_rank",), _term_rank_argument)
register_method("exact-elimination", ("representation_det",), _exact_elimination)
register_method("minor-and-factorization", ("grid_tensor_rank",), minor_and_factorization)  # on the recomputed matrix

register_rule("sum-of-term-ranks", 1, _sum_of_term_ranks)
register_rule("width-from-rank-and-term-bound", 2, _width_from_rank)
register_rule("not-realizable-from-block-rank", 1, _not_realizable_from_block_rank)
register_rule("universal-from-unit-realizations", None, _universal_from_units)
register_rule("term-rank-attained", 2, _term_rank_attained)
register_rule("comparison-table", None, _comparison_table)
