r"""Independent checks of certificates about rectifier networks: grid tensors and realizations.

Imports only the standard library and, from exactnet, :mod:`exactnet.errors` and this package (the
network parser of :mod:`._network` and the strict helpers of :mod:`._common`).  The evaluator here is
its own: exact integer arithmetic over a common denominator, node by node over all template tuples,
with the activation and the pooling written out (no code shared with the library's provers).

A rectifier network JSON is a ConvAC JSON (``"shallow-convac"`` / ``"deep-convac"`` fields) with
``"kind": "shallow-rectifier"`` / ``"deep-rectifier"`` and ``"operator"``, one of ``product``,
``relu-max``, ``relu-sum``, ``linear-max``, ``linear-sum``, ``relu-product``: the operator
``g(a, b) = P(sigma(a), sigma(b))`` with activation sigma (``linear`` / ``relu``) applied to every
conv output and pooling P (``product`` / ``max`` / ``sum``) over the children of a tree node (shallow:
over all N inputs); the output layer is linear.  **Modes are 0-based.**

Kinds
-----
``"rectifier-grid-tensor"``
    A rectifier network's grid tensor (one output) equals a stated tensor: every entry recomputed.
``"realization"``
    A rectifier network realizes a target tensor exactly: the checker evaluates the network's grid
    tensor on all template tuples and compares with the target entry by entry; it also recomputes the
    network's size (``Z`` or ``widths``, ``num_parameters``) and checks the stated ones and the claim.

Functions for other checker modules: :func:`parse_rectifier_network`, :func:`rectifier_grid_tensor`,
:func:`rectifier_entry`.

Examples
--------
>>> net = {"kind": "shallow-rectifier", "operator": "relu-max", "num_inputs": 2, "shared": True,
...        "representation": {"type": "identity", "M": 2}, "weights": [[["1", "-1"]]],
...        "output_weights": [["1"]]}
>>> rectifier_grid_tensor(net, "network")
([1, 2, 2], [Fraction(1, 1), Fraction(1, 1), Fraction(1, 1), Fraction(0, 1)])
>>> rectifier_entry(parse_rectifier_network(net, "network"), (1, 1))
Fraction(0, 1)
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction
from typing import Any, Callable

from ._claim import require_numbers
from ._common import fail as _fail
from ._common import get, json_int, rational_string, short
from ._common import join as _join
from ._network import _common_header, network_digest, parse_network

__all__ = [
    "parse_rectifier_network",
    "rectifier_grid_tensor",
    "rectifier_entry",
    "check_rectifier_grid_tensor",
    "check_realization",
    "OPERATORS",
    "MAX_GRID_ENTRIES",
]

#: operator name -> (activation, pooling)
OPERATORS = {
    "product": ("linear", "product"),
    "relu-max": ("relu", "max"),
    "relu-sum": ("relu", "sum"),
    "linear-max": ("linear", "max"),
    "linear-sum": ("linear", "sum"),
    "relu-product": ("relu", "product"),
}
_KINDS = {"shallow-rectifier": "shallow-convac", "deep-rectifier": "deep-convac"}

#: The largest grid tensor (T^N entries) this checker evaluates whole ...
MAX_GRID_ENTRIES = 1 << 20
#: ... and the largest number of elementary operations (T^N times the widest layer, summed roughly).
MAX_WORK = 1 << 26


# ============================================================================ parsing
def parse_rectifier_network(obj: Any, field: str = "network") -> Any:
    """Parse a ``shallow-rectifier`` / ``deep-rectifier`` JSON object; raise CertificateError naming the field.

    The result has ``kind``, ``N``, ``T``, ``M``, ``Y``, ``F`` (T x M Fractions), ``leaf`` (N matrices),
    ``out``, ``shared``, ``activation``, ``pooling``, ``operator``, ``num_parameters`` and either ``Z``
    (shallow) or ``tree``, ``node``, ``widths`` (deep).

    >>> parse_rectifier_network({"kind": "deep-rectifier", "operator": "relu-avg"}, "net")
    Traceback (most recent call last):
      ...
    exactnet.errors.CertificateError: unknown operator 'relu-avg' (JSON string); known: product, relu-max, relu-sum, linear-max, linear-sum, relu-product (field 'net.operator')
    """
    if not isinstance(obj, dict):
        raise _fail(f"must be a rectifier network JSON object, not {short(obj)}", field)
    kind = get(obj, "kind", field)
    if kind not in _KINDS:
        raise _fail(f"must be \"shallow-rectifier\" or \"deep-rectifier\", not {short(kind)}", _join(field, "kind"))
    op = get(obj, "operator", field)
    if not isinstance(op, str) or op not in OPERATORS:
        raise _fail(f"unknown operator {short(op)}; known: {', '.join(OPERATORS)}", _join(field, "operator"))
    plain = {k: v for k, v in obj.items() if k != "operator"}
    plain["kind"] = _KINDS[kind]
    net = parse_network(plain, field)
    if net.N < 2:
        raise _fail("a rectifier network pools at least two inputs (N >= 2)", _join(field, "num_inputs"))
    net.kind = kind
    net.operator = op
    net.activation, net.pooling = OPERATORS[op]
    net.num_parameters = _num_parameters(net, obj)
    if kind == "deep-rectifier":
        net.widths = [net.widths_by_level[l] for l in sorted(net.widths_by_level)]
    return net


def _num_parameters(net: Any, obj: dict) -> int:
    """Free weights: the entries of the matrices as the JSON stores them (shared: one leaf matrix, one per level)."""
    size = lambda m: len(m) * len(m[0])  # noqa: E731
    out = size(net.out)
    if net.kind == "shallow-rectifier":
        return (1 if net.shared else net.N) * size(net.leaf[0]) + out
    if net.shared:
        seen: dict[int, list] = {}
        for m, lvl in zip(net.node, net.tree.internal_levels):
            seen.setdefault(lvl, m)
        return size(net.leaf[0]) + sum(size(m) for m in seen.values()) + out
    return sum(size(m) for m in net.leaf) + sum(size(m) for m in net.node) + out


# ============================================================================ exact integer evaluation
def _cleared(rows: list[list[Fraction]]) -> tuple[list[list[int]], int]:
    """``(B, D)``: D the lcm of the denominators, B = D * rows as Python ints."""
    D = 1
    for row in rows:
        for x in row:
            D = D * x.denominator // math.gcd(D, x.denominator)
    return [[int(x * D) for x in row] for row in rows], D


def _conv(table: list[list[int]], W: list[list[int]]) -> list[list[int]]:
    """Every row of ``table`` (a channel vector) mapped by W (out x in)."""
    return [[sum(w * x for w, x in zip(wrow, row)) for wrow in W] for row in table]


def _pool(kids: list[tuple[list[list[int]], int]], activation: str, pooling: str) -> tuple[list[list[int]], int]:
    """All tuples of the children's rows (first child slowest): ``P(sigma(c_0), sigma(c_1), ...)`` per channel."""
    if activation == "relu":
        kids = [([[x if x > 0 else 0 for x in row] for row in t], d) for t, d in kids]
    if pooling == "product":
        den = 1
        for _, d in kids:
            den *= d
        tables = [t for t, _ in kids]
        out = []
        for combo in itertools.product(*tables):
            vals = list(combo[0])
            for row in combo[1:]:
                vals = [a * b for a, b in zip(vals, row)]
            out.append(vals)
        return out, den
    L = 1
    for _, d in kids:
        L = L * d // math.gcd(L, d)
    tables = [[[x * (L // d) for x in row] for row in t] for t, d in kids]
    out = []
    for combo in itertools.product(*tables):
        if pooling == "sum":
            out.append([sum(col) for col in zip(*combo)])
        else:
            out.append([max(col) for col in zip(*combo)])
    return out, L


def _leaf_table(net: Any, i: int) -> tuple[list[list[int]], int]:
    """Conv outputs of input i at every template: row t = W_i @ F[t] (ints over one denominator)."""
    W, DW = _cleared(net.leaf[i])
    F, DF = _cleared(net.F)
    return _conv(F, W), DW * DF


def _check_size(net: Any) -> None:
    entries = net.T ** net.N
    if entries > MAX_GRID_ENTRIES:
        raise _fail(f"the grid tensor has T^N = {net.T}^{net.N} = {entries} entries; this checker evaluates at most "
                    f"{MAX_GRID_ENTRIES}", "network")
    widest = max([net.Y] + ([net.Z] if net.kind == "shallow-rectifier" else list(net.widths)))
    if entries * widest * net.N > MAX_WORK:
        raise _fail(f"evaluating the grid tensor needs about {entries * widest * net.N} operations; this checker does "
                    f"at most {MAX_WORK}", "network")


def _grid_rows(net: Any) -> tuple[list[list[int]], int, list[int]]:
    """(rows = all template tuples in leaf order, first slowest; cols = outputs), denominator, leaf order."""
    _check_size(net)
    out, DO = _cleared(net.out)
    if net.kind == "shallow-rectifier":
        pooled, den = _pool([_leaf_table(net, i) for i in range(net.N)], net.activation, net.pooling)
        return _conv(pooled, out), den * DO, list(range(net.N))
    tree = net.tree
    order: list[int] = []

    def run(node: Any) -> tuple[list[list[int]], int]:
        if isinstance(node, int):
            order.append(node)
            return _leaf_table(net, node)
        pooled, den = _pool([run(c) for c in node], net.activation, net.pooling)
        if node is tree.structure:
            return _conv(pooled, out), den * DO
        W, DW = _cleared(net.node[net.node_index[id(node)]])
        table = _conv(pooled, W)
        g = DW * den
        for row in table:  # keep the numbers small
            for x in row:
                g = math.gcd(g, x)
                if g == 1:
                    break
            if g == 1:
                break
        if g > 1:
            table = [[x // g for x in row] for row in table]
        return table, DW * den // g

    rows, den = run(tree.structure)
    return rows, den, order


def rectifier_grid_tensor(obj: Any, field: str = "network", output: int | None = None) -> tuple[list[int], list[Fraction]]:
    """``(shape, entries)``: the grid tensor of a rectifier network JSON, entries flat in C order (modes 0..N-1).

    ``output=None`` gives every output: shape ``[Y, T, ..., T]``; ``output=y`` gives ``[T, ..., T]``.
    """
    net = obj if not isinstance(obj, dict) else parse_rectifier_network(obj, field)
    return _grid_of(net, output)


def _grid_of(net: Any, output: int | None) -> tuple[list[int], list[Fraction]]:
    rows, den, order = _grid_rows(net)
    T, N = net.T, net.N
    pos = {m: p for p, m in enumerate(order)}
    stride = [T ** (N - 1 - pos[m]) for m in range(N)]  # row index of a mode-ordered tuple
    ys = range(net.Y) if output is None else [output]
    flat: list[Fraction] = []
    for y in ys:
        for d in itertools.product(range(T), repeat=N):
            r = sum(s * x for s, x in zip(stride, d))
            flat.append(Fraction(rows[r][y], den))
    shape = ([net.Y] if output is None else []) + [T] * N
    return shape, flat


def rectifier_entry(net: Any, index: Any) -> Fraction:
    """One entry ``h_y(template_{d_0}, ..., template_{d_{N-1}})`` (output 0 when ``index`` has N entries,
    output y when it is ``(y, d_0, ..., d_{N-1})``), by a per-entry forward pass in Fractions."""
    idx = tuple(index)
    y, d = (0, idx) if len(idx) == net.N else (idx[0], idx[1:])
    if len(d) != net.N or not all(isinstance(x, int) and 0 <= x < net.T for x in d) or not 0 <= y < net.Y:
        raise _fail(f"index {list(idx)} is not a grid index (0-based; N = {net.N}, T = {net.T}, Y = {net.Y})")

    def act(v: list[Fraction]) -> list[Fraction]:
        return [x if x > 0 else Fraction(0) for x in v] if net.activation == "relu" else v

    def pool(vecs: list[list[Fraction]]) -> list[Fraction]:
        vecs = [act(v) for v in vecs]
        out = []
        for col in zip(*vecs):
            if net.pooling == "product":
                p = Fraction(1)
                for x in col:
                    p *= x
            elif net.pooling == "sum":
                p = sum(col, Fraction(0))
            else:
                p = max(col)
            out.append(p)
        return out

    def mat(W: list[list[Fraction]], v: list[Fraction]) -> list[Fraction]:
        return [sum((w * x for w, x in zip(row, v)), Fraction(0)) for row in W]

    def leaf(i: int) -> list[Fraction]:
        return mat(net.leaf[i], net.F[d[i]])

    if net.kind == "shallow-rectifier":
        return mat(net.out, pool([leaf(i) for i in range(net.N)]))[y]

    def run(node: Any) -> list[Fraction]:
        if isinstance(node, int):
            return leaf(node)
        pooled = pool([run(c) for c in node])
        if node is net.tree.structure:
            return mat(net.out, pooled)
        return mat(net.node[net.node_index[id(node)]], pooled)

    return run(net.tree.structure)[y]


# ============================================================================ tensors in certificates
def _tensor(obj: Any, field: str) -> tuple[list[int], list[Fraction]]:
    """An ``exactnet.tensor`` object with strict rational strings: (shape, flat entries in C order)."""
    if not isinstance(obj, dict):
        raise _fail(f"must be an \"exactnet.tensor\" JSON object, not {short(obj)}", field)
    if "format" in obj and obj["format"] != "exactnet.tensor":
        raise _fail(f"must be \"exactnet.tensor\", not {short(obj['format'])}", _join(field, "format"))
    if "schema_version" in obj and obj["schema_version"] != 1:
        raise _fail(f"schema_version {short(obj['schema_version'])} is not supported (this checker reads 1)",
                    _join(field, "schema_version"))
    shape_raw = get(obj, "shape", field)
    if not isinstance(shape_raw, list) or not shape_raw:
        raise _fail(f"must be a non-empty list of mode sizes, not {short(shape_raw)}", _join(field, "shape"))
    shape = [json_int(s, f"{field}.shape[{k}]", 1) for k, s in enumerate(shape_raw)]
    if math.prod(shape) > MAX_GRID_ENTRIES:
        raise _fail(f"the tensor has {math.prod(shape)} entries; this checker reads at most {MAX_GRID_ENTRIES}",
                    _join(field, "shape"))
    flat: list[Fraction] = []

    def walk(x: Any, level: int, path: str) -> None:
        if level == len(shape):
            p, q = rational_string(x, path)
            flat.append(Fraction(p, q))
            return
        if not isinstance(x, list) or len(x) != shape[level]:
            raise _fail(f"must be a list of {shape[level]} entries (the stated shape {shape}), not {short(x)}", path)
        for k, item in enumerate(x):
            walk(item, level + 1, f"{path}[{k}]")

    walk(get(obj, "entries", field), 0, _join(field, "entries"))
    return shape, flat


def _path_of(field: str, shape: list[int], flat_index: int) -> str:
    digits = []
    for s in reversed(shape):
        digits.append(flat_index % s)
        flat_index //= s
    return field + "".join(f"[{x}]" for x in reversed(digits))


def _network_and_output(cert: dict) -> tuple[Any, Any, int]:
    net_obj = get(cert, "network", "")
    net = parse_rectifier_network(net_obj, "network")
    output = json_int(get(cert, "output", ""), "output", 0)
    if output >= net.Y:
        raise _fail(f"output {output} does not exist: the network has {net.Y} outputs (0-based)", "output")
    return net_obj, net, output


def _compare(net: Any, output: int, cert: dict, key: str) -> int:
    shape, stated = _tensor(get(cert, key, ""), key)
    want = [net.T] * net.N
    if shape != want:
        raise _fail(f"{key} has shape {shape} but the network's grid tensor has shape {want} (N = {net.N} inputs, "
                    f"T = {net.T} templates)", f"{key}.shape")
    _, true = _grid_of(net, output)
    for k, (a, b) in enumerate(zip(stated, true)):
        if a != b:
            raise _fail(f"the network's grid tensor (output {output}) has {b} here, not {a}",
                        _path_of(f"{key}.entries", shape, k))
    return len(true)


def _architecture(net: Any) -> dict:
    arch = {"kind": net.kind, "operator": net.operator, "num_inputs": net.N, "M": net.M, "T": net.T}
    if net.kind == "shallow-rectifier":
        arch["Z"] = net.Z
    else:
        arch["widths"] = list(net.widths)
    return arch


# ============================================================================ kinds
def check_rectifier_grid_tensor(cert: dict) -> dict:
    """``rectifier-grid-tensor``: every entry of one output's grid tensor is recomputed exactly and compared."""
    _common_header(cert, "rectifier-grid-tensor")
    if cert.get("status", "exact") != "exact":
        raise _fail(f"a grid tensor is stated exactly; status must be \"exact\", not {short(cert.get('status'))}",
                    "status")
    net_obj, net, output = _network_and_output(cert)
    entries = _compare(net, output, cert, "tensor")
    return {"entries": entries, "operator": net.operator, "architecture": _architecture(net),
            "network_digest": network_digest(net_obj)}


def check_realization(cert: dict) -> dict:
    """``realization``: the network's grid tensor (one output) equals the target; its size is recomputed.

    The certificate states ``num_parameters`` and ``Z`` (shallow) or ``widths`` (deep); the checker
    recomputes them from the network and requires the claim to state ``num_parameters`` and ``Z`` (or
    every width).  ``status`` must be ``"exact"``.  The optional fields ``width`` (the largest width),
    ``weights`` (= ``num_parameters``), ``general_width`` (= ``T^N + 1``, the width of the general
    construction) and ``blocks`` (the leaf sets of the root's children, 0-based) are recomputed too:
    nothing stated is taken on trust.
    """
    _common_header(cert, "realization")
    if cert.get("status") != "exact":
        raise _fail(f"a realization is exact; status must be \"exact\", not {short(cert.get('status'))}", "status")
    net_obj, net, output = _network_and_output(cert)
    size_key = "Z" if net.kind == "shallow-rectifier" else "widths"
    true_size: Any = net.Z if size_key == "Z" else list(net.widths)
    if size_key == "widths" and "Z" in cert:
        raise _fail(f"a {net.kind} network has no 'Z'; state 'widths' instead", "Z")
    if size_key == "Z" and "widths" in cert and cert["widths"] != [net.Z]:
        raise _fail(f"a shallow network's widths are [Z] = {[net.Z]}, not {short(cert['widths'])}", "widths")
    stated_size = get(cert, size_key, "")
    if size_key == "Z":
        stated_size = json_int(stated_size, "Z", 1)
    elif not isinstance(stated_size, list) or [json_int(w, f"widths[{k}]", 1) for k, w in enumerate(stated_size)] != stated_size:
        raise _fail(f"must be a list of JSON integers (one width per level), not {short(stated_size)}", "widths")
    if stated_size != true_size:
        raise _fail(f"the network has {size_key} = {true_size}, not {stated_size}", size_key)
    stated_params = json_int(get(cert, "num_parameters", ""), "num_parameters", 0)
    if stated_params != net.num_parameters:
        raise _fail(f"the network has {net.num_parameters} free weights, not {stated_params}", "num_parameters")
    widest = net.Z if size_key == "Z" else max(net.widths)
    for key, true in (("width", widest), ("weights", net.num_parameters), ("general_width", net.T ** net.N + 1)):
        if key in cert and json_int(cert[key], key, 0) != true:
            raise _fail(f"the network has {key} = {true}, not {cert[key]}"
                        + (" (T^N + 1)" if key == "general_width" else ""), key)
    if "blocks" in cert:  # sum pooling: every grid tensor is a sum of functions of these blocks of modes
        if net.pooling != "sum":
            raise _fail(f"blocks are stated for sum pooling only, not for the operator {net.operator!r}", "blocks")
        true_blocks = ([[i] for i in range(net.N)] if size_key == "Z" or net.activation == "linear"
                       else [net.tree.modes_under(c) for c in net.tree.structure])
        if cert["blocks"] != true_blocks:
            raise _fail(f"the blocks of a {net.operator} network are {true_blocks} (the leaf sets of the root's "
                        f"children; one mode each when shallow or linear), not {short(cert['blocks'])}", "blocks")
    entries = _compare(net, output, cert, "target")
    facts = {"realized": True, "operator": net.operator, "num_parameters": net.num_parameters,
             size_key: true_size, "num_inputs": net.N, "T": net.T, "entries": entries,
             "network_digest": network_digest(net_obj)}
    numbers = {"num_parameters": net.num_parameters}
    if size_key == "Z":
        numbers["Z"] = net.Z
    else:
        numbers.update({f"widths[{k}]": w for k, w in enumerate(net.widths)})
    require_numbers(get(cert, "claim", ""), numbers)
    if net.operator not in cert["claim"]:
        raise _fail(f"the claim does not name the operator {net.operator!r} of the realizing network", "claim")
    return facts


#: kind -> checker (takes the certificate dict, returns a CheckReport or a dict of proved values)
CHECKERS: dict[str, Callable[[dict], Any]] = {
    "rectifier-grid-tensor": check_rectifier_grid_tensor,
    "realization": check_realization,
}

#: the kinds among CHECKERS that state a verified ``conclusion``
CONCLUDING: frozenset = frozenset()
