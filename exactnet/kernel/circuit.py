r"""The circuit format and its one exact evaluator: every network family describes itself as a circuit.

A circuit is a JSON object (``"format": "exactnet.circuit"``, ``"version": 1``)::

    {"format": "exactnet.circuit", "version": 1,
     "inputs": [{"dim": 2}, {"templates": <matrix T x M>}, ...],
     "nodes": [{"op": "input", "position": 0}, {"op": "affine", "arg": 0, "matrix": <matrix>}, ...],
     "output": 7}

**Inputs** are positions ``0..P-1`` (0-based).  A *point* position ``{"dim": d}`` reads d rational
coordinates; a *template* position ``{"templates": F}`` reads one template index t (an integer in 0..T-1)
and yields the row ``F[t]`` (the representation functions at template t).

**Nodes** are listed in topological order (a node refers to earlier nodes only); each has a width w
(a vector of w rationals at every input point):

=============  =====================================================  ==============================
op             fields                                                 value
=============  =====================================================  ==============================
input          ``position``                                           coordinates / ``F[t]``
affine         ``arg``, ``matrix`` (w x n), optional ``bias`` (w)     ``matrix @ x + bias``
add            ``args`` (equal widths)                                sum
mul            ``args`` (equal widths)                                Hadamard product
max            ``args`` (equal widths)                                entrywise maximum
relu           ``arg``                                                ``max(x, 0)``
leaky_relu     ``arg``, ``slope`` (rational)                          ``x if x > 0 else slope x``
group_max      ``arg``, ``groups`` (lists of 0-based indices)         ``max(x[g])`` for each group g
power          ``arg`` (width 1 or w), ``exponents`` (w ints >= 0)    ``x ** e``
=============  =====================================================  ==============================

``output`` is the index of the node whose value is the circuit's value.  Rationals are strings
``"p"`` or ``"p/q"`` (reduced, q > 1); a matrix is ``{"shape": [m, n], "denominator": "D", "numerators":
["n_00", "n_01", ...]}`` (C order, D > 0, gcd of D and all numerators 1); a bias shares the matrix's
denominator (``"bias": ["b_0", ...]`` numerators).

**Evaluation** is exact and vectorized: every node's value is an integer array of numerators with one
common denominator, int64 when a bound proved before each operation allows it, Python ints otherwise.
:func:`evaluate` runs a batch of B points (values of shape (B, w)); :func:`evaluate_grid` runs the
Cartesian product of one point set per position: a node's array has an axis of length > 1 only for the
positions it depends on, so every template tuple is never enumerated below the nodes that need it.
:func:`template_grid` evaluates a template circuit on all template tuples (the grid tensor).  The work
(multiply-adds) and the stored entries are estimated from the shapes before anything is computed and
the evaluation is refused with the estimate when they exceed ``max_work``.

Examples
--------
>>> c = parse_circuit({"format": "exactnet.circuit", "version": 1, "inputs": [{"dim": 1}, {"dim": 1}],
...     "nodes": [{"op": "input", "position": 0}, {"op": "input", "position": 1},
...               {"op": "mul", "args": [0, 1]}, {"op": "leaky_relu", "arg": 2, "slope": "1/2"}], "output": 3})
>>> num, den = evaluate_grid(c, [[["1"], ["-1"]], [["3"], ["1/3"]]])
>>> num.tolist(), den
([[[18, 2], [-9, -1]]], 6)
"""

from __future__ import annotations

import functools
import math
import re
from reprlib import repr as _repr  # bounded in depth and length: hostile JSON can be deep
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Sequence

import numpy as np

from ..errors import FormatError, ResourceLimitError

CIRCUIT_FORMAT = "exactnet.circuit"
DEFAULT_MAX_WORK = 4 * 10 ** 9
_SAFE = 1 << 62
_INT = re.compile(r"(0|-?[1-9][0-9]*)\Z")
_RAT = re.compile(r"(0|-?[1-9][0-9]*)(?:/([1-9][0-9]*))?\Z")
_OPS = {"input": (), "affine": ("arg", "matrix"), "add": ("args",), "mul": ("args",), "max": ("args",),
        "relu": ("arg",), "leaky_relu": ("arg", "slope"), "group_max": ("arg", "groups"),
        "power": ("arg", "exponents")}
_OPTIONAL = {"affine": ("bias",), "input": ("position",)}


# ============================================================================================ parsing
_fail = FormatError  # (reason, path)


def _index(v: Any, path: str, bound: int | None = None, low: int = 0) -> int:
    if isinstance(v, bool) or not isinstance(v, int) or v < low or (bound is not None and v >= bound):
        rng = f"{low}..{bound - 1}" if bound is not None else f">= {low}"
        raise _fail(f"must be an integer in {rng}, not {_repr(v)}", path)
    return v


def _list(v: Any, path: str, nonempty: bool = True) -> list:
    if not isinstance(v, list) or (nonempty and not v):
        raise _fail(f"must be a {'non-empty ' if nonempty else ''}JSON array, not {_repr(v):.60}", path)
    return v


def parse_rational(v: Any, path: str) -> Fraction:
    """A rational written as a string ``"p"`` or ``"p/q"`` (reduced, q > 1); numbers and floats refused.

    >>> parse_rational("-3/4", "x")
    Fraction(-3, 4)
    >>> parse_rational("2/4", "x")
    Traceback (most recent call last):
      ...
    exactnet.errors.FormatError: x: must be a reduced fraction, not '2/4' (write '1/2')
    """
    if isinstance(v, float):
        raise _fail(f"must be an exact rational string such as \"1/3\", not the JSON number {_repr(v)}", path)
    m = _RAT.match(v) if isinstance(v, str) else None
    if m is None:
        raise _fail(f"must be a rational string \"p\" or \"p/q\" (q > 1), not {_repr(v):.60}", path)
    p, q = int(m.group(1)), int(m.group(2) or 1)
    if m.group(2) is not None and (q == 1 or math.gcd(p, q) != 1):
        raise _fail(f"must be a reduced fraction, not {_repr(v)} (write '{Fraction(p, q)}')", path)
    return Fraction(p, q)


def _ints(values: Any, count: int, path: str) -> np.ndarray:
    vals = _list(values, path, nonempty=False)
    if len(vals) != count:
        raise _fail(f"must hold {count} integer strings, not {len(vals)}", path)
    for k, s in enumerate(vals):
        if not isinstance(s, str) or not _INT.match(s):
            raise _fail(f"must be an integer string such as \"-3\", not {_repr(s):.60}", f"{path}[{k}]")
    out = [int(s) for s in vals]
    return np.array(out, dtype=object if any(abs(x) >= _SAFE for x in out) else np.int64).reshape(count)


def _matrix(obj: Any, path: str, bias: Any = None, bias_path: str = "") -> tuple[np.ndarray, int, np.ndarray | None]:
    if not isinstance(obj, dict) or set(obj) != {"shape", "denominator", "numerators"}:
        raise _fail("must be an object with exactly the keys shape, denominator, numerators", path)
    shape = _list(obj["shape"], f"{path}.shape")
    if len(shape) != 2:
        raise _fail(f"must be [rows, columns], not {_repr(shape)}", f"{path}.shape")
    m, n = (_index(v, f"{path}.shape[{k}]", low=1) for k, v in enumerate(shape))
    d = obj["denominator"]
    if not isinstance(d, str) or not _INT.match(d) or int(d) <= 0:
        raise _fail(f"must be a positive integer string, not {_repr(d):.60}", f"{path}.denominator")
    den = int(d)
    num = _ints(obj["numerators"], m * n, f"{path}.numerators").reshape(m, n)
    b = None if bias is None else _ints(bias, m, bias_path)
    g = math.gcd(den, *(int(x) for x in num.flat), *(() if b is None else (int(x) for x in b)))
    if g != 1:
        raise _fail(f"must be reduced: the denominator and all numerators share the factor {g}", path)
    return num, den, b


def matrix_json(rows: Sequence[Sequence[Any]]) -> dict:
    """A rational matrix (rows of Fractions / ints) in the circuit's matrix encoding.

    >>> matrix_json([[Fraction(1, 2), 1]])
    {'shape': [1, 2], 'denominator': '2', 'numerators': ['1', '2']}
    """
    flat = [Fraction(x) for row in rows for x in row]
    den = math.lcm(*(x.denominator for x in flat)) if flat else 1
    nums = [int(x * den) for x in flat]
    g = math.gcd(den, *nums)
    return {"shape": [len(rows), len(rows[0])], "denominator": str(den // g), "numerators": [str(v // g) for v in nums]}


@dataclass(frozen=True, eq=False)
class Circuit:
    """A parsed circuit: ``inputs`` (per position: ``("dim", d)`` or ``("templates", num, den)``),
    ``nodes`` (tuples ``(op, args, width, params)``) and ``output``; ``source`` is its JSON."""

    inputs: tuple
    nodes: tuple
    output: int
    source: dict

    #: the output node's width
    width = property(lambda self: self.nodes[self.output][2])


def parse_circuit(obj: Any, path: str = "circuit") -> Circuit:
    """Validate a circuit's JSON (every field checked, errors name the field) and parse it once."""
    if not isinstance(obj, dict) or set(obj) != {"format", "version", "inputs", "nodes", "output"}:
        raise _fail("must be an object with exactly the keys format, version, inputs, nodes, output", path)
    if obj["format"] != CIRCUIT_FORMAT or obj["version"] != 1 or isinstance(obj["version"], bool):
        raise _fail(f"must be format \"{CIRCUIT_FORMAT}\" version 1", f"{path}.format")
    inputs = []
    for i, spec in enumerate(_list(obj["inputs"], f"{path}.inputs")):
        p = f"{path}.inputs[{i}]"
        if isinstance(spec, dict) and set(spec) == {"dim"}:
            inputs.append(("dim", _index(spec["dim"], f"{p}.dim", low=1)))
        elif isinstance(spec, dict) and set(spec) == {"templates"}:
            inputs.append(("templates",) + _matrix(spec["templates"], f"{p}.templates")[:2])
        else:
            raise _fail("must be {\"dim\": d} or {\"templates\": <matrix>}", p)
    nodes: list = []
    for k, node in enumerate(_list(obj["nodes"], f"{path}.nodes")):
        nodes.append(_parse_node(node, f"{path}.nodes[{k}]", nodes, inputs))
    out = _index(obj["output"], f"{path}.output", len(nodes))
    return Circuit(tuple(inputs), tuple(nodes), out, obj)


def _parse_node(node: Any, p: str, nodes: list, inputs: list) -> tuple:
    op = node.get("op") if isinstance(node, dict) else None
    if not isinstance(op, str) or op not in _OPS:
        raise _fail(f"must be an object whose op is one of {sorted(_OPS)}, not {_repr(op):.40}", f"{p}.op")
    allowed = {"op", *_OPS[op], *_OPTIONAL.get(op, ())}
    if set(node) - allowed or set(_OPS[op]) - set(node):
        raise _fail(f"op {op} takes the keys {sorted(allowed)}, not {sorted(node)}", p)
    if op == "input":
        i = _index(node.get("position"), f"{p}.position", len(inputs))
        return (op, (), inputs[i][1] if inputs[i][0] == "dim" else inputs[i][1].shape[1], i)
    if "args" in _OPS[op]:
        args = tuple(_index(a, f"{p}.args[{j}]", len(nodes)) for j, a in enumerate(_list(node["args"], f"{p}.args")))
    else:
        args = (_index(node["arg"], f"{p}.arg", len(nodes)),)
    widths = [nodes[a][2] for a in args]
    if op in ("add", "mul", "max") and len(set(widths)) != 1:
        raise _fail(f"args must have equal widths, not {widths}", f"{p}.args")
    w = widths[0]
    if op == "affine":
        num, den, bias = _matrix(node["matrix"], f"{p}.matrix", node.get("bias"), f"{p}.bias")
        if num.shape[1] != w:
            raise _fail(f"must have {w} columns (the width of node {args[0]}), not {num.shape[1]}", f"{p}.matrix")
        small = num.dtype != object and _scan(num) * num.shape[1] < _SAFE
        row = int(np.abs(num).sum(axis=1).max()) if small else max(sum(abs(int(v)) for v in r) for r in num.tolist())
        bmax = 0 if bias is None else max(abs(int(v)) for v in bias)
        return (op, args, num.shape[0], (num, den, bias if bmax else None, row, bmax))
    if op == "leaky_relu":
        return (op, args, w, parse_rational(node["slope"], f"{p}.slope"))
    if op == "group_max":
        groups = tuple(tuple(_index(v, f"{p}.groups[{g}]", w) for v in _list(grp, f"{p}.groups[{g}]"))
                       for g, grp in enumerate(_list(node["groups"], f"{p}.groups")))
        return (op, args, len(groups), groups)
    if op == "power":
        exps = tuple(_index(e, f"{p}.exponents[{j}]", 64) for j, e in enumerate(_list(node["exponents"], f"{p}.exponents")))
        if w not in (1, len(exps)):
            raise _fail(f"must have length {w} (the width of node {args[0]}) or take a width-1 node", f"{p}.exponents")
        return (op, args, len(exps), exps)
    return (op, args, w, None)


# ============================================================================================ work bound
def estimate_work(c: Circuit, sizes: Sequence[int], axes: Sequence[int]) -> int:
    """Multiply-adds plus stored entries of an evaluation, from the shapes alone: position i's points lie on the
    axis ``axes[i]`` of length ``sizes[axes[i]]``; a node's values span the axes its inputs lie on (bit masks, so a
    circuit of any size is scanned once), and its integers grow with its polynomial degree (words^2 a product)."""
    total, sup, deg = 0, [], []
    for op, args, w, prm in c.nodes:
        mask = 1 << axes[prm] if op == "input" else 0
        for a in args:
            mask |= sup[a]
        sup.append(mask)
        grow = max(prm) if op == "power" else 1
        deg.append(1 if op == "input" else (sum if op == "mul" else max)(deg[a] for a in args) * grow)
        fan = (c.nodes[args[0]][2] if op == "affine" else max(1, len(args))) + 1
        total += math.prod(n for k, n in enumerate(sizes) if sup[-1] >> k & 1) * w * fan * (deg[-1] // 32 + 1) ** 2
    return total


# ============================================================================================ arithmetic
def _scan(a: np.ndarray) -> int:
    if a.size == 0:
        return 0
    return max(int(a.max()), -int(a.min())) if a.dtype != object else max(abs(x) for x in a.flat)


class _V:
    """A node's value ``num / den`` with ``hi``, a proved bound on ``|num|`` (``exact`` once scanned)."""

    __slots__ = ("num", "den", "hi", "exact")

    def __init__(self, num: np.ndarray, den: int, hi: int | None = None) -> None:
        hi = None if num.size <= 1 << 16 and num.dtype != object else hi  # small: scan now, keep bounds tight
        self.num, self.den, self.exact = num, den, hi is None
        self.hi = _scan(num) if hi is None else hi

    def tight(self) -> int:
        if not self.exact:
            self.hi, self.exact = min(self.hi, _scan(self.num)), True
        return self.hi


def _proved(vals: Sequence[_V], f: Any) -> int:
    """``f`` of the arguments' bounds; the arguments are scanned only when the loose bound is not int64-safe."""
    bound = f([v.hi for v in vals])
    if bound >= _SAFE and not all(v.exact for v in vals):
        bound = f([v.tight() for v in vals])
    return bound


def _cast(arrs: Sequence[np.ndarray], bound: int) -> list[np.ndarray]:
    """int64 when ``bound`` (a proved bound on every result and partial result) is safe, else Python ints."""
    if bound < _SAFE and all(a.dtype != object for a in arrs):
        return [np.asarray(a, dtype=np.int64) for a in arrs]
    return [a.astype(object) for a in arrs]


def _reduce(num: np.ndarray, den: int, hi: int) -> _V:
    """``num / den`` in lowest terms (the numerators and the denominator divided by their gcd)."""
    if den == 1 or not num.size:
        return _V(num, den, hi)
    g = math.gcd(den, *num.flat) if num.dtype == object else math.gcd(den, int(np.gcd.reduce(num.ravel())))
    return _V(num // g, den // g, hi // g) if g > 1 else _V(num, den, hi)


def _common(vals: Sequence[_V], growth: int) -> tuple[list[np.ndarray], int, int]:
    """The numerators over the lcm denominator, and a bound on ``growth`` summed terms."""
    L = math.lcm(*(v.den for v in vals))
    bound = _proved(vals, lambda his: growth * max(h * (L // v.den) for h, v in zip(his, vals)))
    nums = _cast([v.num for v in vals], bound)
    return [n * (L // v.den) if L != v.den else n for n, v in zip(nums, vals)], L, bound


def _apply(op: str, prm: Any, vals: list[_V]) -> tuple[np.ndarray, int, int]:
    """``(num, den, bound)`` of the node ``op`` on the arguments' values."""
    x, d = vals[0].num, vals[0].den
    if op in ("add", "max"):
        nums, L, bound = _common(vals, len(vals) if op == "add" else 1)
        return functools.reduce(np.add if op == "add" else np.maximum, nums), L, bound
    if op == "mul":
        bound = _proved(vals, math.prod)
        nums = _cast([v.num for v in vals], bound)
        return functools.reduce(np.multiply, nums), math.prod(v.den for v in vals), bound
    if op == "relu":
        return np.maximum(x, 0), d, vals[0].hi
    if op == "leaky_relu":
        p, q = prm.numerator, prm.denominator
        bound = _proved(vals, lambda his: max(his[0], 1) * max(abs(p), q))
        (xc,) = _cast([x], bound)
        return np.where(xc > 0, xc * q, xc * p), d * q, bound
    if op == "group_max":
        return np.stack([x[list(g)].max(axis=0) for g in prm]), d, vals[0].hi
    if op == "power":
        e_max = max(prm)
        bound = _proved(vals, lambda his: max(his[0], d) ** e_max)
        (xc,) = _cast([x], bound)
        cols = [xc[0 if x.shape[0] == 1 else j] ** e * d ** (e_max - e) for j, e in enumerate(prm)]
        return np.stack(cols), d ** e_max, bound
    raise AssertionError(op)  # pragma: no cover - parse_circuit admits only the ops above


def _affine(prm: Any, vals: list[_V]) -> tuple[np.ndarray, int, int]:
    """``matrix @ (v_1 * ... * v_m) + bias``: an affine node of one argument (m = 1), or of a product read only by
    it, summed channel by channel (the product is never stored whole)."""
    W, dw, b, row, bmax = prm
    d = math.prod(v.den for v in vals)
    bound = _proved(vals, lambda his: row * math.prod(his) + bmax * d)
    nums = _cast([v.num for v in vals], bound)
    (Wc,) = _cast([W], bound)
    shape = np.broadcast_shapes(*(n.shape[1:] for n in nums))
    nums.sort(key=lambda n: n[0].size)  # the matrix entry multiplies the smallest factor
    out = None
    if len(nums) == 1 and W.shape[1] > 64:  # a wide matrix: one integer matmul beats many whole-batch multiply-adds
        out = (Wc @ nums[0].reshape(W.shape[1], -1)).reshape(W.shape[:1] + shape)
    for ch in range(W.shape[1] if out is None else 0):
        term = Wc[:, ch].reshape((-1,) + (1,) * len(shape)) * nums[0][ch]
        for n in nums[1:]:
            term = term * n[ch]
        if out is None or out.shape != term.shape:
            out = term if out is None else out + term
        else:
            out += term
    out = np.broadcast_to(out, W.shape[:1] + shape)
    if b is not None:
        out = out + _cast([b], bound)[0].reshape((-1,) + (1,) * len(shape)) * d
    return np.ascontiguousarray(out), d * dw, bound


def _run(c: Circuit, leaves: list[tuple[np.ndarray, int]], batch: tuple) -> tuple[np.ndarray, int]:
    last = {a: k for k, (_, args, _, _) in enumerate(c.nodes) for a in args}
    # a product read only by an affine node is never stored: the affine sums its channels one at a time
    fused = {args[0] for k, (op, args, _, _) in enumerate(c.nodes) if op == "affine" and
             c.nodes[args[0]][0] == "mul" and last[args[0]] == k and args[0] != c.output}
    vals: dict[int, _V] = {}
    for k, (op, args, _, prm) in enumerate(c.nodes):
        if k in fused:
            continue
        if op == "affine":
            args = c.nodes[args[0]][1] if args[0] in fused else args
            vals[k] = _reduce(*_affine(prm, [vals[a] for a in args]))
        else:
            vals[k] = _V(*leaves[prm]) if op == "input" else _reduce(*_apply(op, prm, [vals[a] for a in args]))
        for a in set(args):
            if last[a] == k and a != c.output:
                del vals[a]
    v = vals[c.output]
    return np.array(np.broadcast_to(v.num, v.num.shape[:1] + batch)), v.den


def _leaf(c: Circuit, i: int, points: Any, path: str) -> tuple[np.ndarray, int]:
    """Position i's points -> (num (w, n), den): coordinates, or template rows ``F[t]``, one column per point."""
    spec, rows = c.inputs[i], points if isinstance(points, np.ndarray) else _list(points, path)
    if spec[0] == "templates":
        if not (isinstance(rows, np.ndarray) and rows.dtype.kind == "i" and rows.ndim == 1):
            rows = np.array([_index(int(t) if isinstance(t, np.integer) else t, f"{path}[{j}]", spec[1].shape[0])
                             for j, t in enumerate(rows)], dtype=np.int64)
        elif rows.size and not 0 <= rows.min() <= rows.max() < spec[1].shape[0]:
            raise _fail(f"template indices must be in 0..{spec[1].shape[0] - 1}", path)
        return np.ascontiguousarray(spec[1][rows].T), spec[2]
    fr = [[v if isinstance(v, Fraction) else
           Fraction(int(v)) if isinstance(v, (int, np.integer)) and not isinstance(v, bool) else
           parse_rational(v, f"{path}[{j}][{k}]") for k, v in enumerate(_list(list(r), f"{path}[{j}]"))]
          for j, r in enumerate(rows)]
    if any(len(r) != spec[1] for r in fr):
        raise _fail(f"must hold points of dimension {spec[1]}", path)
    den = math.lcm(*(q.denominator for r in fr for q in r))
    nums = [int(q * den) for r in fr for q in r]
    arr = np.array(nums, dtype=object if any(abs(v) >= _SAFE for v in nums) else np.int64)
    return np.ascontiguousarray(arr.reshape(len(fr), spec[1]).T), den


def _evaluate(c: Circuit, points: Any, axes: Sequence[int], n_axes: int, max_work: int) -> tuple[np.ndarray, int]:
    """Position i's points on the axis ``axes[i]``: ``(num, den)``, num of shape (width, n_0, ..., n_{A-1})."""
    points, sizes = _list(list(points), "points"), {}
    if len(points) != len(c.inputs) or any(sizes.setdefault(ax, len(p)) != len(p) for ax, p in zip(axes, points)):
        raise _fail(f"must hold {len(c.inputs)} lists of points (one per input position), equally long on one axis "
                    "(all of them in a batch; the row positions, and the column positions, of a matricization)", "points")
    sizes = [sizes.get(k, 1) for k in range(n_axes)]
    work = estimate_work(c, sizes, axes=axes) if n_axes <= 63 else math.inf
    if work > max_work:
        raise ResourceLimitError(
            f"evaluating the circuit ({len(c.nodes)} nodes) on {' x '.join(map(str, sizes))} points needs about "
            f"{work:,} operations, more than max_work = {max_work:,} (or more than 63 axes); evaluate fewer points "
            "or raise max_work")
    leaves = []
    for i, p in enumerate(points):  # the work is bounded before any array of len(sizes) + 1 axes is built
        num, den = _leaf(c, i, p, f"points[{i}]")
        leaves.append((num.reshape(num.shape[:1] + (1,) * axes[i] + num.shape[1:] + (1,) * (len(sizes) - 1 - axes[i])), den))
    return _run(c, leaves, tuple(sizes))


def evaluate(c: Circuit, points: Sequence[Any], max_work: int = DEFAULT_MAX_WORK) -> tuple[np.ndarray, int]:
    """The circuit at a batch of B points: ``points[i]`` lists the B values of position i (coordinate rows,
    or template indices).  Returns ``(num, den)``, num of shape (B, width): value = num / den."""
    num, den = _evaluate(c, points, [0] * len(c.inputs), 1, max_work)
    return num.T, den


def evaluate_grid(c: Circuit, points: Sequence[Any], max_work: int = DEFAULT_MAX_WORK) -> tuple[np.ndarray, int]:
    """The circuit on the Cartesian product of ``points[0] x ... x points[P-1]`` (one list per position).
    Returns ``(num, den)``, num of shape (width, n_0, ..., n_{P-1})."""
    return _evaluate(c, points, range(len(c.inputs)), len(c.inputs), max_work)


def evaluate_sides(c: Circuit, rows: Sequence[int], points: Sequence[Any], max_work: int = DEFAULT_MAX_WORK
                   ) -> tuple[np.ndarray, int]:
    """The circuit at every pair (row point a, column point b): ``points[i]`` lists the A values of position i
    if ``i`` is in ``rows``, else its B values.  Returns ``(num, den)``, num of shape (width, A, B).  A node
    reading row positions only is evaluated A times, column positions only B times (a minor of a matricization).
    """
    rows = set(rows)
    return _evaluate(c, points, [0 if i in rows else 1 for i in range(len(c.inputs))], 2, max_work)


def template_grid(c: Circuit, max_work: int = DEFAULT_MAX_WORK) -> tuple[np.ndarray, int]:
    """The grid tensor of a template circuit: ``(num, den)``, num of shape (width, T_0, ..., T_{P-1}).

    >>> F = {"shape": [2, 2], "denominator": "1", "numerators": ["1", "0", "1", "1"]}
    >>> c = parse_circuit({"format": "exactnet.circuit", "version": 1, "inputs": [{"templates": F}] * 2,
    ...     "nodes": [{"op": "input", "position": 0}, {"op": "input", "position": 1},
    ...               {"op": "mul", "args": [0, 1]}, {"op": "group_max", "arg": 2, "groups": [[0, 1]]}], "output": 3})
    >>> template_grid(c)[0].tolist()
    [[[1, 1], [1, 1]]]
    """
    if any(kind[0] != "templates" for kind in c.inputs):
        raise _fail("must all be template positions for a grid tensor", "circuit.inputs")
    return evaluate_grid(c, [list(range(kind[1].shape[0])) for kind in c.inputs], max_work)
