"""Independent checker kinds about ConvAC networks (imports nothing from exactnet except ``errors``).

Two kinds are checked here (parts of the version-1 composite certificates of the skeleton route and of the
pooling-geometry bundles; every other network kind is a version-2 proposition of :mod:`exactnet.kernel`):

``"network-rank-lower-bound"``
    An r-by-r minor of a matricization of a network's grid tensor is non-zero modulo a prime.
    The checker parses the network JSON itself, builds the representation matrix ``F``
    itself, evaluates the needed grid-tensor entries with its own recursive forward pass
    (modulo the prime) and computes the determinant of the minor by its own Gaussian
    elimination.  A non-zero determinant modulo p of a matrix of p-integral rationals is a
    non-zero rational, so ``rank >= r`` over Q.  With ``"generic": true`` the claim is that
    ``rank >= r`` for all weights outside a Lebesgue-null set: every entry is a polynomial
    in the weights, the minor is a polynomial that is non-zero at the witness, hence not
    identically zero, and the zero set of a non-zero polynomial is null.  The checker
    verifies that the witness lies in the weight space named by ``"weight_space"``.


Modes are **0-based** everywhere in the JSON.  Rationals are strings ``"p/q"`` / ``"p"`` (ASCII digits,
optional leading ``-``; see :func:`_rat`) or JSON integers.

Examples
--------
A two-input network whose grid tensor is the 2 x 2 identity (channel alpha reads function alpha):

>>> net = {"kind": "deep-convac", "num_inputs": 2, "representation": {"type": "identity", "M": 2},
...        "tree": [0, 1], "shared": True, "leaf_weights": [[["1", "0"], ["0", "1"]]], "node_weights": [],
...        "output_weights": [["1", "1"]]}
>>> cert = {"kind": "network-rank-lower-bound", "field": "Q", "status": "lower-bound", "network": net,
...         "output": 0, "partition": {"rows": [0], "cols": [1]}, "r": 2,
...         "minor": {"rows": [[0], [1]], "cols": [[0], [1]]}, "prime": 101}
>>> check_network_rank_lower_bound(cert)["r"]
2
>>> cert["minor"]["cols"] = [[0], [0]]
>>> check_network_rank_lower_bound(cert)
Traceback (most recent call last):
  ...
exactnet.errors.CertificateError: repeated multi-index [0] (field 'minor.cols[1]')
"""

from __future__ import annotations

import hashlib
import json
import math
from fractions import Fraction
from typing import Any

import numpy as np

from ._claim import check_rank_statements, require_numbers
# the checker's one plain-elimination determinant and one strict rational parser (shared with _matrix)
from ._common import det_mod_p, generic_claim, rational_string
# the small JSON helpers (under the names the checker modules built on this one import from here)
from ._common import check_header as _common_header
from ._common import fail as _fail
from ._common import get_key as _get
from ._common import join as _join
from ._common import plain_bool as _bool
from ._common import plain_int as _int
from ._common import short_repr as _short

__all__ = [
    "network_digest",
    "check_network_rank_lower_bound",
    "parse_network",
    "parse_architecture",
    "network_architecture",
    "network_and_output",
    "full_index",
    "det_mod_p",
    "is_prime",
]



# ============================================================================ small JSON helpers
def _rat(value: Any, field: str) -> Fraction:
    """A rational inside a network, a tensor or a term: a JSON integer, or a string ``"p"`` / ``"p/q"``.

    Strings are read by :func:`._common.rational_string`: ASCII digits only, an optional leading ``-``,
    ``q > 0``; no spaces, no ``+``, no ``_``, no decimal point, no other Unicode digits (Python's
    ``int()`` would accept several of those).  JSON floats and booleans are refused.

    >>> _rat("-6/4", "x"), _rat(3, "x")
    (Fraction(-3, 2), Fraction(3, 1))
    >>> _rat(" 3 ", "x")
    Traceback (most recent call last):
      ...
    exactnet.errors.CertificateError: must be a rational string "p/q" or "p", not ' 3 ' (JSON string) (field 'x')
    """
    if isinstance(value, bool):
        raise _fail(f"must be a rational string such as \"3/4\", not {_short(value)}", field)
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, str):
        p, q = rational_string(value, field)
        return Fraction(p, q)
    raise _fail(f"must be a rational string such as \"3/4\" (never a JSON float), not {_short(value)}", field)


def _matrix(value: Any, field: str) -> list[list[Fraction]]:
    if not isinstance(value, list) or not value or not all(isinstance(row, list) for row in value):
        raise _fail(f"must be a non-empty matrix (list of lists), not {_short(value)}", field)
    width = len(value[0])
    if width == 0:
        raise _fail("must have at least one column", field)
    out = []
    for a, row in enumerate(value):
        if len(row) != width:
            raise _fail(f"ragged matrix: row {a} has length {len(row)}, row 0 has {width}", f"{field}[{a}]")
        out.append([_rat(x, f"{field}[{a}][{b}]") for b, x in enumerate(row)])
    return out


def _depth_of_nesting(value: Any) -> int:
    d = 0
    while isinstance(value, list) and value:
        d += 1
        value = value[0]
    return d


def _modes(value: Any, field: str, N: int) -> list[int]:
    if not isinstance(value, list):
        raise _fail(f"must be a list of 0-based mode indices, not {_short(value)}", field)
    out = [_int(x, f"{field}[{k}]", 0) for k, x in enumerate(value)]
    for k, x in enumerate(out):
        if x >= N:
            raise _fail(f"mode {x} is out of range: modes are 0-based, 0..{N - 1}", f"{field}[{k}]")
    if len(set(out)) != len(out):
        raise _fail(f"repeated mode in {out}", field)
    if out != sorted(out):
        raise _fail(f"modes must be listed in increasing order, not {out}", field)
    return out


def _partition(value: Any, field: str, N: int) -> tuple[list[int], list[int]]:
    rows = _modes(_get(value, "rows", field), _join(field, "rows"), N)
    cols = _modes(_get(value, "cols", field), _join(field, "cols"), N)
    if not rows or not cols:
        raise _fail("rows and cols must both be non-empty", field)
    if set(rows) & set(cols):
        raise _fail(f"rows and cols overlap in modes {sorted(set(rows) & set(cols))}", field)
    if set(rows) | set(cols) != set(range(N)):
        missing = sorted(set(range(N)) - set(rows) - set(cols))
        raise _fail(f"rows and cols do not cover every mode (missing 0-based modes {missing})", field)
    return rows, cols


# ============================================================================ trees
class _Tree:
    """A validated pooling tree: leaves are ints (modes), internal nodes tuples of >= 2 children."""

    def __init__(self, obj: Any, N: int, field: str):
        self.N = N
        self.structure = self._build(obj, field)
        if isinstance(self.structure, int):
            raise _fail("the tree must have an internal root (N >= 2)", field)
        seen: list[int] = []
        self._collect(self.structure, seen)
        if sorted(seen) != list(range(N)):
            raise _fail(f"every mode 0..{N - 1} must appear exactly once as a leaf; leaves are {seen}", field)
        self.depth: dict[int, int] = {}
        self.height = self._height(self.structure)
        # internal nodes except the root, by level ascending then left to right
        nodes: list[tuple[int, int, Any]] = []
        order = [0]

        def walk(node: Any, depth: int) -> None:
            if isinstance(node, int):
                return
            if depth > 0:
                nodes.append((self.height - depth, order[0], node))
                order[0] += 1
            for c in node:
                walk(c, depth + 1)

        walk(self.structure, 0)
        nodes.sort(key=lambda t: (t[0], t[1]))
        self.internal = [n for _, _, n in nodes]
        self.internal_levels = [lvl for lvl, _, _ in nodes]

    def _build(self, obj: Any, field: str) -> Any:
        if isinstance(obj, bool):
            raise _fail(f"a tree leaf must be a mode index, not {_short(obj)}", field)
        if isinstance(obj, int):
            if not 0 <= obj < self.N:
                raise _fail(f"leaf {obj} is out of range 0..{self.N - 1} (modes are 0-based)", field)
            return obj
        if isinstance(obj, list):
            if len(obj) < 2:
                raise _fail(f"an internal node needs >= 2 children, not {_short(obj)}", field)
            return tuple(self._build(c, f"{field}[{k}]") for k, c in enumerate(obj))
        raise _fail(f"a tree is nested lists of mode indices, not {_short(obj)}", field)

    def _collect(self, node: Any, out: list[int]) -> None:
        if isinstance(node, int):
            out.append(node)
        else:
            for c in node:
                self._collect(c, out)

    def _height(self, node: Any, depth: int = 0) -> int:
        if isinstance(node, int):
            self.depth[node] = depth
            return depth
        return max(self._height(c, depth + 1) for c in node)

    def level_of(self, node: Any, depth: int) -> int:
        return self.height - depth

    def modes_under(self, node: Any) -> list[int]:
        out: list[int] = []
        self._collect(node, out)
        return sorted(out)

    def leaf_level(self, i: int) -> int:
        return self.height - self.depth[i]


# ============================================================================ representation
#: The largest representation matrix F (T x M entries) the checker builds: a size written as a number
#: (``"M": 10**9``) must not make the checker allocate without bound.
MAX_REPRESENTATION_ENTRIES = 1 << 20


def _representation_size(T: int, M: int, field: str) -> None:
    if T * M > MAX_REPRESENTATION_ENTRIES:
        raise _fail(f"the representation matrix would have T x M = {T} x {M} entries; this checker builds at most "
                    f"{MAX_REPRESENTATION_ENTRIES}", field)


def _representation(obj: Any, field: str) -> list[list[Fraction]]:
    """The matrix F (T x M) with F[t][d] = f_d(template_t), built from the spec."""
    kind = _get(obj, "type", field)
    if kind == "identity":
        M = _int(_get(obj, "M", field), _join(field, "M"), 1)
        _representation_size(M, M, _join(field, "M"))
        return [[Fraction(int(t == d)) for d in range(M)] for t in range(M)]
    if kind == "matrix":
        return _matrix(_get(obj, "F", field), _join(field, "F"))
    if kind == "monomial":
        M = _int(_get(obj, "M", field), _join(field, "M"), 1)
        temps = _get(obj, "templates", field)
        if not isinstance(temps, list) or not temps:
            raise _fail("must be a non-empty list of scalar templates", _join(field, "templates"))
        _representation_size(len(temps), M, _join(field, "M"))
        ts = [_rat(t, f"{field}.templates[{k}]") for k, t in enumerate(temps)]
        return [[t**d for d in range(M)] for t in ts]  # Fraction(0)**0 == 1
    if kind == "relu":
        W = _matrix(_get(obj, "weights", field), _join(field, "weights"))
        b = _get(obj, "biases", field)
        if not isinstance(b, list) or len(b) != len(W):
            raise _fail(f"must be a list of {len(W)} biases (one per function)", _join(field, "biases"))
        bias = [_rat(x, f"{field}.biases[{k}]") for k, x in enumerate(b)]
        X = _matrix(_get(obj, "templates", field), _join(field, "templates"))
        if len(X[0]) != len(W[0]):
            raise _fail(
                f"templates have dimension {len(X[0])} but the weights have dimension {len(W[0])}",
                _join(field, "templates"),
            )
        _representation_size(len(X), len(W), _join(field, "templates"))
        return [
            [max(sum((w * x for w, x in zip(W[d], X[t])), Fraction(0)) + bias[d], Fraction(0)) for d in range(len(W))]
            for t in range(len(X))
        ]
    raise _fail(f"unknown representation type {_short(kind)} (identity, matrix, monomial, relu)", _join(field, "type"))


# ============================================================================ networks
class _Network:
    """A parsed network: F, weights as Fraction matrices, tree (deep) or channel count (shallow)."""

    kind: str
    N: int
    F: list[list[Fraction]]
    shared: bool


def _shape(m: list[list[Fraction]]) -> tuple[int, int]:
    return len(m), len(m[0])


def _all_equal(mats: list[list[list[Fraction]]]) -> bool:
    return all(m == mats[0] for m in mats[1:])


def parse_network(obj: Any, field: str = "network") -> _Network:
    """Parse and validate a network JSON object (deep or shallow ConvAC); raise CertificateError on problems."""
    if not isinstance(obj, dict):
        raise _fail(f"must be a network JSON object, not {_short(obj)}", field)
    if "format" in obj and obj["format"] != "exactnet.network":
        raise _fail(f"must be \"exactnet.network\", not {_short(obj['format'])}", _join(field, "format"))
    if "schema_version" in obj and obj["schema_version"] != 1:
        raise _fail("only schema_version 1 is known", _join(field, "schema_version"))
    net = _Network()
    net.kind = _get(obj, "kind", field)
    net.N = _int(_get(obj, "num_inputs", field), _join(field, "num_inputs"), 1)
    net.F = _representation(_get(obj, "representation", field), _join(field, "representation"))
    net.T, net.M = len(net.F), len(net.F[0])
    net.shared = _bool(obj.get("shared", False), _join(field, "shared"))
    N, M = net.N, net.M
    if net.kind == "shallow-convac":
        ws = _get(obj, "weights", field)
        fw = _join(field, "weights")
        mats = _matrix_list(ws, fw, net.shared, N)
        Z = len(mats[0])
        for i, m in enumerate(mats):
            if _shape(m) != (Z, M):
                raise _fail(f"weights[{i}] must have shape ({Z}, {M}) = (Z, M), not {_shape(m)}", fw)
        net.leaf = mats
        net.Z = Z
        net.out = _matrix(_get(obj, "output_weights", field), _join(field, "output_weights"))
        if len(net.out[0]) != Z:
            raise _fail(f"must have Z = {Z} columns, not {len(net.out[0])}", _join(field, "output_weights"))
        net.Y = len(net.out)
        return net
    if net.kind != "deep-convac":
        raise _fail(f"unknown network kind {_short(net.kind)} (deep-convac, shallow-convac)", _join(field, "kind"))
    tree = _Tree(_get(obj, "tree", field), N, _join(field, "tree"))
    net.tree = tree
    fl = _join(field, "leaf_weights")
    net.leaf = _matrix_list(_get(obj, "leaf_weights", field), fl, net.shared, N)
    fn = _join(field, "node_weights")
    raw_nodes = _get(obj, "node_weights", field)
    if not isinstance(raw_nodes, list):
        raise _fail("must be a list of matrices", fn)
    levels = tree.internal_levels
    if net.shared:
        distinct = sorted(set(levels))
        if len(raw_nodes) != len(distinct):
            raise _fail(
                f"a shared network has one node matrix per level {distinct}, so {len(distinct)} matrices, "
                f"not {len(raw_nodes)}",
                fn,
            )
        per_level = {lvl: _matrix(m, f"{fn}[{k}]") for k, (lvl, m) in enumerate(zip(distinct, raw_nodes))}
        net.node = [per_level[lvl] for lvl in levels]
    else:
        if len(raw_nodes) != len(tree.internal):
            raise _fail(
                f"must hold one matrix per internal non-root node ({len(tree.internal)}), not {len(raw_nodes)}", fn
            )
        net.node = [_matrix(m, f"{fn}[{k}]") for k, m in enumerate(raw_nodes)]
    net.out = _matrix(_get(obj, "output_weights", field), _join(field, "output_weights"))
    net.Y = len(net.out)
    # shapes and widths by level
    widths: dict[int, int] = {}

    def need(level: int, r: int, where: str) -> None:
        if widths.setdefault(level, r) != r:
            raise _fail(
                f"nodes at level {level} must all output the same number of channels: {r} here, "
                f"{widths[level]} elsewhere",
                where,
            )

    for i in range(N):
        rows, cols = _shape(net.leaf[i])
        if cols != M:
            raise _fail(f"leaf_weights[{i}] must have M = {M} columns (one per representation function), not {cols}", fl)
        need(tree.leaf_level(i), rows, f"{fl}[{i}]")
    for k, (node, lvl) in enumerate(zip(tree.internal, levels)):
        rows, cols = _shape(net.node[k])
        need(lvl, rows, f"{fn}[{k}]")
    for k, (node, lvl) in enumerate(zip(tree.internal, levels)):
        _, cols = _shape(net.node[k])
        if cols != widths[lvl - 1]:
            raise _fail(f"node_weights[{k}] (level {lvl}) must have r_{lvl - 1} = {widths[lvl - 1]} columns, not {cols}", fn)
    top = tree.height - 1
    if len(net.out[0]) != widths[top]:
        raise _fail(f"must have r_{top} = {widths[top]} columns, not {len(net.out[0])}", _join(field, "output_weights"))
    net.widths = [widths[lvl] for lvl in range(tree.height)] if all(l in widths for l in range(tree.height)) else None
    net.widths_by_level = widths
    net.node_index = {id(node): k for k, node in enumerate(tree.internal)}
    return net


def _matrix_list(value: Any, field: str, shared: bool, N: int) -> list[list[list[Fraction]]]:
    """N matrices, or (shared) one matrix given either bare or as a one-element list; expanded to N."""
    if not isinstance(value, list) or not value:
        raise _fail("must be a non-empty list of matrices", field)
    depth = _depth_of_nesting(value)
    if shared:
        if depth == 2:
            m = _matrix(value, field)
        elif depth == 3 and len(value) == 1:
            m = _matrix(value[0], f"{field}[0]")
        elif depth == 3 and len(value) == N:
            mats = [_matrix(x, f"{field}[{k}]") for k, x in enumerate(value)]
            if not _all_equal(mats):
                raise _fail("the network says shared: true but the per-input matrices differ", field)
            m = mats[0]
        else:
            raise _fail("a shared network has one matrix here (or a list holding one matrix)", field)
        return [m] * N
    if depth != 3 or len(value) != N:
        raise _fail(f"must be a list of N = {N} matrices (one per input, by 0-based mode)", field)
    return [_matrix(x, f"{field}[{k}]") for k, x in enumerate(value)]


def network_digest(obj: Any) -> str:
    """SHA-256 of the canonical JSON of a network object (to say "the same network" across parts)."""
    text = json.dumps(obj, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def network_architecture(net: _Network) -> dict:
    """The architecture of a parsed network, in the form used by ``structural-upper-bound``."""
    if net.kind == "shallow-convac":
        return {"kind": "shallow-convac", "num_inputs": net.N, "M": net.M, "Z": net.Z}
    return {
        "kind": "deep-convac",
        "num_inputs": net.N,
        "M": net.M,
        "tree": net.tree.structure,
        "widths": net.widths,
    }


def is_shared_point(net: _Network) -> bool:
    """True when the weights are the same at every location (a point of the shared weight space)."""
    if net.shared:
        return True
    if not _all_equal(net.leaf):
        return False
    if net.kind == "shallow-convac":
        return True
    by_level: dict[int, list] = {}
    for m, lvl in zip(net.node, net.tree.internal_levels):
        by_level.setdefault(lvl, []).append(m)
    return all(_all_equal(ms) for ms in by_level.values())


# ============================================================================ arithmetic mod p
def is_prime(n: int) -> bool:
    """Deterministic Miller-Rabin for n < 3.3e24 (refuse larger in the caller).

    >>> is_prime(2**31 - 1), is_prime(1000003 * 1000033)
    (True, False)
    """
    if n < 2:
        return False
    small = (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41)
    for q in small:
        if n % q == 0:
            return n == q
    d, s = n - 1, 0
    while d % 2 == 0:
        d //= 2
        s += 1
    for a in small:
        x = pow(a, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = x * x % n
            if x == n - 1:
                break
        else:
            return False
    return True


def _mod(q: Fraction, p: int, field: str) -> int:
    if q.denominator % p == 0:
        raise _fail(f"the prime {p} divides the denominator of {q}; choose another prime", field)
    return q.numerator * pow(q.denominator, -1, p) % p


def _det_mod_p_numpy(matrix: list[list[int]], p: int) -> int:
    """The same elimination vectorized with int64 (valid for p < 2**31: products stay below 2**62)."""
    a = np.array(matrix, dtype=np.int64) % p
    n = a.shape[0]
    det = 1
    for c in range(n):
        nz = np.nonzero(a[c:, c])[0]
        if nz.size == 0:
            return 0
        piv = c + int(nz[0])
        if piv != c:
            a[[c, piv]] = a[[piv, c]]
            det = -det
        pv = int(a[c, c])
        det = det * pv % p
        inv = pow(pv, -1, p)
        f = (a[c + 1 :, c] * inv) % p
        a[c + 1 :, c:] = (a[c + 1 :, c:] - (f[:, None] * a[c, c:][None, :]) % p) % p
    return det % p


# ============================================================================ forward pass
class _Evaluator:
    """Grid-tensor entries of one output of a parsed network, modulo p, by a recursive forward pass."""

    def __init__(self, net: _Network, output: int, p: int):
        self.net, self.p = net, p
        Fm = [[_mod(x, p, "network.representation") for x in row] for row in net.F]
        self.leafvec: list[list[list[int]]] = []  # leafvec[i][t] = W_i @ F[t]  (mod p)
        for i in range(net.N):
            W = [[_mod(x, p, f"network weights (input {i})") for x in row] for row in net.leaf[i]]
            self.leafvec.append([[sum(w * f for w, f in zip(row, Fm[t])) % p for row in W] for t in range(net.T)])
        self.out = [_mod(x, p, "network.output_weights") for x in net.out[output]]
        if net.kind == "deep-convac":
            self.node_w = [[[_mod(x, p, "network.node_weights") for x in row] for row in m] for m in net.node]
            self.modes: dict[int, list[int]] = {}
            self.cache: dict[tuple, list[int]] = {}

    def _node(self, node: Any, d: tuple[int, ...]) -> list[int]:
        p = self.p
        if isinstance(node, int):
            return self.leafvec[node][d[node]]
        key_modes = self.modes.get(id(node))
        if key_modes is None:
            key_modes = self.modes[id(node)] = self.net.tree.modes_under(node)
        key = (id(node), tuple(d[m] for m in key_modes))
        hit = self.cache.get(key)
        if hit is not None:
            return hit
        pooled = self._pool(node, d)
        W = self.node_w[self.net.node_index[id(node)]]
        val = [sum(w * x for w, x in zip(row, pooled)) % p for row in W]
        self.cache[key] = val
        return val

    def _pool(self, node: Any, d: tuple[int, ...]) -> list[int]:
        p = self.p
        vecs = [self._node(c, d) for c in node]
        pooled = list(vecs[0])
        for v in vecs[1:]:
            pooled = [x * y % p for x, y in zip(pooled, v)]
        return pooled

    def entry(self, d: tuple[int, ...]) -> int:
        p = self.p
        if self.net.kind == "shallow-convac":
            prod = [1] * self.net.Z
            for i in range(self.net.N):
                v = self.leafvec[i][d[i]]
                prod = [x * y % p for x, y in zip(prod, v)]
            return sum(a * b for a, b in zip(self.out, prod)) % p
        pooled = self._pool(self.net.tree.structure, d)
        return sum(a * b for a, b in zip(self.out, pooled)) % p


# ============================================================================ kind: network-rank-lower-bound
def network_and_output(cert: dict) -> tuple[Any, "_Network", int]:
    """``(network JSON, parsed network, output)`` of a certificate about one output of a network."""
    net_obj = _get(cert, "network", "")
    net = parse_network(net_obj, "network")
    output = _int(_get(cert, "output", ""), "output", 0)
    if output >= net.Y:
        raise _fail(f"output {output} does not exist: the network has {net.Y} outputs (0-based)", "output")
    return net_obj, net, output


def full_index(N: int, rows: list[int], row_digits: Any, cols: list[int], col_digits: Any) -> tuple[int, ...]:
    """The multi-index ``d`` (length N) with ``d[rows[t]] = row_digits[t]`` and ``d[cols[t]] = col_digits[t]``."""
    d = [0] * N
    for m, x in zip(rows, row_digits):
        d[m] = x
    for m, x in zip(cols, col_digits):
        d[m] = x
    return tuple(d)


def check_network_rank_lower_bound(cert: dict) -> dict:
    """Verify a ``network-rank-lower-bound`` certificate; return a summary of what was proved.

    The summary is ``{"kind", "r", "partition", "architecture", "generic", "weight_space"}``.
    """
    _common_header(cert, "network-rank-lower-bound")
    net_obj, net, output = network_and_output(cert)
    N = net.N
    rows, cols = _partition(_get(cert, "partition", ""), "partition", N)
    tensor = cert.get("tensor", "grid")
    if tensor != "grid":
        raise _fail(f"only grid-tensor entries are checked here; tensor must be \"grid\", not {_short(tensor)}", "tensor")
    r = _int(_get(cert, "r", ""), "r", 1)
    p = _int(_get(cert, "prime", ""), "prime", 2)
    if p >= 3 * 10**24 or not is_prime(p):
        raise _fail(f"{p} is not a prime (below 3e24, where the primality test is deterministic)", "prime")
    minor = _get(cert, "minor", "")
    mr, mc = _get(minor, "rows", "minor"), _get(minor, "cols", "minor")
    for name, idx, modes in (("rows", mr, rows), ("cols", mc, cols)):
        f = f"minor.{name}"
        if not isinstance(idx, list) or len(idx) != r:
            raise _fail(f"must list exactly r = {r} multi-indices, not {len(idx) if isinstance(idx, list) else _short(idx)}", f)
        seen = set()
        for k, t in enumerate(idx):
            if not isinstance(t, list) or len(t) != len(modes):
                raise _fail(
                    f"each multi-index lists one template index per {name[:-1]} mode {modes}, so {len(modes)} "
                    f"integers, not {_short(t)}",
                    f"{f}[{k}]",
                )
            for q, x in enumerate(t):
                _int(x, f"{f}[{k}][{q}]", 0)
                if x >= net.T:
                    raise _fail(f"index {x} is out of range 0..{net.T - 1} (grid tensor mode size T = {net.T})", f"{f}[{k}][{q}]")
            if tuple(t) in seen:
                raise _fail(f"repeated multi-index {t}", f"{f}[{k}]")
            seen.add(tuple(t))
    ev = _Evaluator(net, output, p)
    matrix = []
    for rr in mr:
        row = []
        for cc in mc:
            row.append(ev.entry(full_index(N, rows, rr, cols, cc)))
        matrix.append(row)
    det = _det_mod_p_numpy(matrix, p) if p < 2**31 else det_mod_p(matrix, p)
    if det == 0:
        raise _fail(f"the {r}x{r} minor is singular modulo {p}: no rank certificate", "minor")
    generic, space = generic_claim(cert)
    status = cert.get("status")
    if generic:
        if space in ("shared", "both") and not is_shared_point(net):
            raise _fail(
                f"the claim covers the {space} weight space, but the witness has different weights at different "
                "locations, so it is not a point of the shared weight space",
                "network.shared",
            )
    elif status not in ("lower-bound", None):
        raise _fail(f"a claim about this weight setting has status \"lower-bound\", not {_short(status)}", "status")
    check_rank_statements(cert.get("claim"), lower=r)
    require_numbers(cert.get("claim"), {"r": r})
    return {
        "kind": "network-rank-lower-bound",
        "r": r,
        "partition": {"rows": rows, "cols": cols},
        "architecture": network_architecture(net),
        "generic": generic,
        "weight_space": space,
        "shared_point": is_shared_point(net),
        "outputs": net.Y,
        "output": output,
        "representation_M": net.M,
        "network_digest": network_digest(net_obj),
    }


# ============================================================================ architectures
def parse_architecture(obj: Any, field: str = "architecture") -> dict:
    """Validate an architecture object; return a normalized dict (tree as nested tuples)."""
    kind = _get(obj, "kind", field)
    N = _int(_get(obj, "num_inputs", field), _join(field, "num_inputs"), 1)
    M = _int(_get(obj, "M", field), _join(field, "M"), 1)
    shared = _bool(obj.get("shared", False), _join(field, "shared"))
    if kind == "shallow-convac":
        Z = _int(_get(obj, "Z", field), _join(field, "Z"), 1)
        return {"kind": kind, "num_inputs": N, "M": M, "Z": Z, "shared": shared}
    if kind != "deep-convac":
        raise _fail(f"unknown architecture kind {_short(kind)}", _join(field, "kind"))
    tree = _Tree(_get(obj, "tree", field), N, _join(field, "tree"))
    ws = _get(obj, "widths", field)
    fw = _join(field, "widths")
    if not isinstance(ws, list) or len(ws) != tree.height:
        raise _fail(f"must list one width per level 0..{tree.height - 1} (r_0 .. r_{tree.height - 1})", fw)
    widths = [_int(x, f"{fw}[{k}]", 1) for k, x in enumerate(ws)]
    return {"kind": kind, "num_inputs": N, "M": M, "tree": tree, "widths": widths, "shared": shared}







        if isinstance(node, int):









def _cleared(m: list[list[Fraction]]) -> tuple[np.ndarray, int]:
    """``(B, D)``: ``D >= 1`` the lcm of the denominators of ``m``, ``B = D * m`` (object array of Python ints)."""
    D = math.lcm(*(x.denominator for row in m for x in row))
    return np.array([[x.numerator * (D // x.denominator) for x in row] for row in m], dtype=object), D
