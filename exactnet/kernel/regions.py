r"""Region obligations: point-in-region, Farkas infeasibility, exact lengths / areas, tilings and covers.

A piecewise-linear network is given as a *chain circuit* (:mod:`exactnet.kernel.circuit`): one point
position of dimension n0, then nodes ``affine`` / ``relu`` / ``leaky_relu`` (``slope -1`` is the absolute
value) / ``group_max``, each reading the node before it.  A region is named by its **activation pattern**:
per nonlinear node, for ``relu`` / ``leaky_relu`` one bit per unit (1 iff the pre-activation is > 0), for
``group_max`` per group the 0-based position of the first maximal member.

Every check is vectorized over all regions with exact integers (int64 under a proved bound, Python ints
otherwise): :func:`masked_maps` composes the network with each stated pattern fixed, giving every
pre-activation and the output as an integer affine map of ``(1, x)`` over one denominator per layer
(all regions at once); :func:`_rows` turns them into the pattern's conditions (rows that must be > 0), and
:func:`check_signs` checks them at points (strictly: a point in the open cell; weakly: a vertex of the
cell's closure).  Points are homogeneous integer rows ``(d, d x_1, ..., d x_n)`` with d > 0.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any, Sequence

import numpy as np

from .circuit import Circuit, _cast, _SAFE, _scan, parse_circuit, parse_rational
from .jsonio import fail, get, join, json_int, only_keys, rational
from .methods import register_method
from .overlap import certified, digest
from .propositions import INT, register_quantity

__all__ = ["homogeneous", "pwl_layers", "masked_maps", "check_signs", "polygon_area_twice", "check_regions"]


def _arr(values: list) -> np.ndarray:
    return np.array(values, dtype=object if any(abs(v) >= _SAFE for v in values) else np.int64)


def homogeneous(points: Any, n0: int, path: Any) -> np.ndarray:
    """Rational points (lists of n0 rational strings) -> integer rows ``(d, d x_1, ..., d x_n0)``, d > 0.
    ``path`` is the JSON path of the list, or a function ``k -> path of point k``."""
    where = path if callable(path) else (lambda k: f"{path}[{k}]")
    if not isinstance(points, list):
        raise fail("must be a JSON array of points", where(0) if callable(path) else path)
    out: list = []
    seen: dict = {}
    for k, p in enumerate(points):
        if not isinstance(p, list) or len(p) != n0:
            raise fail(f"must be a point with {n0} rational coordinates", where(k))
        pq = [seen[v] if type(v) is str and v in seen else seen.setdefault(v, certified(None, parse_rational, v, f"{where(k)}[{t}]"))
              for t, v in enumerate(p)]
        d = math.lcm(*(q.denominator for q in pq))
        out += [d] + [q.numerator * (d // q.denominator) for q in pq]
    return _arr(out).reshape(len(points), n0 + 1)


def pwl_layers(c: Circuit, path: str) -> tuple[int, list]:
    """``(n0, layers)`` of a chain circuit (see the module docstring); layers are its nodes after the input."""
    if len(c.inputs) != 1 or c.inputs[0][0] != "dim" or c.nodes[0][0] != "input" or c.output != len(c.nodes) - 1:
        raise fail("must be a chain circuit: one point position, node 0 its input, the last node the output", path)
    for k, (op, args, _, _) in enumerate(c.nodes[1:], 1):
        if op not in ("affine", "relu", "leaky_relu", "group_max") or args != (k - 1,):
            raise fail(f"must be affine, relu, leaky_relu or group_max of node {k - 1}", f"{path}.nodes[{k}]")
    return c.inputs[0][1], [(op, prm, w) for op, _, w, prm in c.nodes[1:]]


def _fit(arrs: Sequence[np.ndarray], factor: int = 1, extra: int = 0) -> list[np.ndarray]:
    """The arrays as int64 when ``factor * prod(max |entries|) + extra`` is int64-safe, else Python ints
    (an operand already of Python ints is not scanned)."""
    if any(a.dtype == object for a in arrs):
        return [a.astype(object) for a in arrs]
    return _cast(arrs, factor * math.prod(_scan(a) for a in arrs) + extra)


def masked_maps(n0: int, layers: list, patterns: list, path: str) -> tuple[list, np.ndarray, int]:
    """For R stated patterns: per nonlinear layer ``(Z, D, kind, groups)`` with ``Z`` (R, units, n0 + 1)
    the pre-activations as maps of ``(1, x)`` over ``D``; and the output maps (R, m, n0 + 1) over their
    denominator.  Patterns are checked for shape (one array per nonlinear layer, bits / positions in range)."""
    R = len(patterns)
    M = np.broadcast_to(np.eye(n0 + 1, dtype=np.int64)[1:], (R, n0, n0 + 1)).copy()
    D, pre, li = 1, [], 0
    nonlinear = [k for k, (op, _, _) in enumerate(layers) if op != "affine"]
    for r, pat in enumerate(patterns):
        if not isinstance(pat, list) or len(pat) != len(nonlinear):
            raise fail(f"must be {len(nonlinear)} arrays, one per nonlinear layer", f"{path}[{r}].pattern")
    for k, (op, prm, w) in enumerate(layers):
        if op == "affine":
            W, dw, b = prm[0], prm[1], prm[2]
            Mc, Wc = _fit([M, W], W.shape[1], prm[4] * D)
            if b is not None:
                (b,) = _fit([b], 1) if Mc.dtype != object else [b.astype(object)]
            M = (Wc @ Mc.transpose(1, 0, 2).reshape(W.shape[1], -1)).reshape(W.shape[0], R, n0 + 1).transpose(1, 0, 2)
            M = np.ascontiguousarray(M)
            if b is not None:
                M[:, :, 0] += b * D
            D *= dw
            continue
        width = M.shape[1]
        size = width if op != "group_max" else len(prm)
        sel = [pat[li] for pat in patterns]
        top = np.array([2] * size if op != "group_max" else [len(g) for g in prm], dtype=np.int64)
        ok = [isinstance(row, list) and len(row) == size and {type(v) for v in row} <= {int} for row in sel]
        S = np.array([row if good and max(map(abs, row), default=0) < 1 << 31 else [-1] * size
                      for row, good in zip(sel, ok)], dtype=np.int64).reshape(R, size)
        bad = np.nonzero(((S < 0) | (S >= top)).any(axis=1))[0]
        if bad.size:
            raise fail(f"layer {li} must be {size} {'bits' if op != 'group_max' else 'positions in their groups'}",
                        f"{path}[{bad[0]}].pattern[{li}]")
        pre.append((M, D, op, prm, S))
        if op == "relu":
            M = np.where(S[:, :, None] == 1, M, 0 if M.dtype != object else np.array(0, dtype=object))
        elif op == "leaky_relu":
            p, q = prm.numerator, prm.denominator
            kind = object if max(abs(p), q) >= _SAFE else np.int64
            f = np.where(S == 1, np.array(q, dtype=kind), np.array(p, dtype=kind))
            M, f = _fit([M, f[:, :, None]])
            M, D = M * f, D * q
        else:
            idx = np.array([[prm[g][v] for g, v in enumerate(row)] for row in sel], dtype=np.int64).reshape(R, size)
            M = np.take_along_axis(M, idx[:, :, None], axis=1)
        li += 1
    return pre, M, D


def _rows(layer: tuple) -> tuple[np.ndarray, np.ndarray]:
    """A nonlinear layer's conditions for all R regions: rows (R, k, n0 + 1) whose value at ``(1, x)`` must be
    > 0 in the open cell (>= 0 in its closure), and (R, k) which rows are vacuous (identically 0 where the
    pattern allows it).  ``relu`` / ``leaky_relu``: one row per unit; ``group_max``: per group, per member p,
    ``chosen - p`` (0 allowed only for an identical member after the chosen one, or the chosen itself)."""
    Z, _, op, prm, S = layer
    if op != "group_max":
        return Z * np.where(S == 1, 1, -1)[:, :, None], ~Z.any(axis=2) & (S == 0)
    rows, ok = [], []
    for g, grp in enumerate(prm):
        chosen = np.array(grp, dtype=np.int64)[S[:, g]]
        for p_pos, p in enumerate(grp):
            rows.append(Z[np.arange(len(Z)), chosen] - Z[:, p])
            ok.append(~rows[-1].any(axis=1) & (S[:, g] <= p_pos))
    return np.stack(rows, axis=1), np.stack(ok, axis=1)


def _signs(Z: np.ndarray, H: np.ndarray, owner: np.ndarray) -> np.ndarray:
    """Signs of the rows ``Z[owner[k]]`` at the homogeneous points ``H[k]``: (K, rows)."""
    Zc, Hc = _fit([Z, H], H.shape[1])
    acc = sum(Zc[owner][..., t] * Hc[:, None, t] for t in range(H.shape[1]))
    return (acc > 0).astype(np.int64) - (acc < 0)


def check_signs(pre: list, P: np.ndarray, owner: np.ndarray, where, strict: bool = True) -> None:
    """Each point ``P[k]`` lies in the open cell (``strict``) / the closure of the cell of region ``owner[k]``;
    ``where(k)`` is the JSON path of point k."""
    for li, layer in enumerate(pre):
        rows, ok = _rows(layer)
        val = _signs(rows, P, owner)
        bad = np.nonzero(~((val > 0) | ok[owner]).all(axis=1) if strict else (val < 0).any(axis=1))[0]
        if bad.size:
            raise fail(f"the network's activation pattern at the point differs from the stated one in nonlinear layer "
                       f"{li} (or the point is on a boundary)" if strict else
                       f"vertex outside the closure of the region's cell (nonlinear layer {li})", where(bad[0]))


def _cmp(a: np.ndarray, b: np.ndarray, t: int) -> np.ndarray:
    """sign(b_t - a_t) of homogeneous points (rows ``(d, d x_1, ...)``, d > 0)."""
    a, b = _fit([a, b], 2)
    return np.sign(b[:, t] * a[:, 0] - a[:, t] * b[:, 0]).astype(np.int64)


def _det3(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
    a, b, c = _fit([a, b, c], 6)
    return (a[:, 0] * (b[:, 1] * c[:, 2] - b[:, 2] * c[:, 1]) - a[:, 1] * (b[:, 0] * c[:, 2] - b[:, 2] * c[:, 0])
            + a[:, 2] * (b[:, 0] * c[:, 1] - b[:, 1] * c[:, 0]))


def polygon_area_twice(V: np.ndarray, start: np.ndarray, path: str) -> Fraction:
    """Twice the total area of convex polygons given by homogeneous vertices ``V`` (polygon r is
    ``V[start[r]:start[r + 1]]``); each must be strictly convex and counter-clockwise: every turn is a
    strict left turn and the edge directions wind exactly once."""
    count = np.diff(start)
    if (count < 3).any():
        raise fail("a polygon needs at least 3 vertices", f"{path}[{int(np.argmax(count < 3))}].vertices")
    reg = np.repeat(np.arange(len(count)), count)
    pos = np.arange(len(V)) - start[reg]
    nxt = start[reg] + (pos + 1) % count[reg]
    prv = start[reg] + (pos - 1) % count[reg]
    turn = _det3(V[prv], V, V[nxt])
    dx, dy = _cmp(V, V[nxt], 1), _cmp(V, V[nxt], 2)
    half = np.where((dy > 0) | ((dy == 0) & (dx > 0)), 0, 1)
    wraps = np.bincount(reg[(half == 1) & (half[nxt] == 0)], minlength=len(count))
    bad = np.nonzero((np.bincount(reg[turn <= 0], minlength=len(count)) > 0) | (wraps != 1))[0]
    if bad.size:
        raise fail("is not a strictly convex counter-clockwise polygon", f"{path}[{bad[0]}].vertices")
    terms: dict = {}
    for x0, y0, d0, x1, y1, d1 in zip(V[:, 1].tolist(), V[:, 2].tolist(), V[:, 0].tolist(),
                                      V[nxt, 1].tolist(), V[nxt, 2].tolist(), V[nxt, 0].tolist()):
        terms[d0 * d1] = terms.get(d0 * d1, 0) + x0 * y1 - x1 * y0
    return sum((Fraction(t, d) for d, t in terms.items()), Fraction(0))


# ============================================================================================ the tiling
def _domain(obj: Any, n0: int, path: str) -> tuple[np.ndarray, Any]:
    """Rows ``g`` with ``g . (1, x) >= 0`` on the domain (integers), and the box (lower, upper) or None."""
    kind = obj.get("type") if isinstance(obj, dict) else None
    if kind == "box" and set(obj) == {"type", "lower", "upper"}:
        lo, hi = (homogeneous([obj[k]], n0, f"{path}.{k}")[0].tolist() for k in ("lower", "upper"))
        rows = [r for t in range(n0) for r in ([hi[t + 1]] + [-hi[0] * (u == t) for u in range(n0)],
                                               [-lo[t + 1]] + [lo[0] * (u == t) for u in range(n0)])]
        if any(lo[t + 1] * hi[0] >= hi[t + 1] * lo[0] for t in range(n0)):
            raise fail("a box needs lower < upper in every coordinate", path)
        return _arr([int(v) for r in rows for v in r]).reshape(2 * n0, n0 + 1), (lo, hi)
    if kind == "polytope" and set(obj) == {"type", "A", "b"} and isinstance(obj["A"], list):
        A = homogeneous(obj["A"], n0, f"{path}.A").tolist()
        b = [certified(None, parse_rational, v, f"{path}.b[{k}]") for k, v in enumerate(obj["b"])] if isinstance(obj["b"], list) else []
        if len(b) != len(A):
            raise fail(f"must hold {len(A)} rationals", f"{path}.b")
        rows = [[int(beta * a[0] * beta.denominator)] + [-v * beta.denominator for v in a[1:]] for a, beta in zip(A, b)]
        return _arr([v for r in rows for v in r]).reshape(len(rows), n0 + 1), None
    raise fail("must be {\"type\": \"box\", \"lower\", \"upper\"} or {\"type\": \"polytope\", \"A\", \"b\"}", path)


def _apply_rows(G: np.ndarray, H: np.ndarray) -> np.ndarray:
    Gc, Hc = _fit([G, H], H.shape[1])
    return Hc @ Gc.T


def _domain_measure(G: np.ndarray, box: Any, n0: int, ev: dict, path: str) -> Fraction:
    if box is not None:
        return math.prod(Fraction(int(box[1][t + 1]), int(box[1][0])) - Fraction(int(box[0][t + 1]), int(box[0][0]))
                         for t in range(n0))
    # a polytope: its vertices are stated; each satisfies every row, and each edge lies on a row
    P = homogeneous(ev.get("domain_vertices"), n0, f"{path}.domain_vertices")
    vals = _apply_rows(G, P)
    tight = (vals == 0) & G[:, 1:].any(axis=1)[None, :]
    on = [tight[k] & tight[(k + 1) % len(P)] if n0 == 2 else tight[k] for k in range(len(P))]
    if (vals < 0).any() or len(P) != (2 if n0 == 1 else len(P)) or len(P) < n0 + 1 or not all(t.any() for t in on):
        raise fail("must list the domain's vertices in order (each on two of its rows, all rows hold)",
                    f"{path}.domain_vertices")
    if n0 == 1:
        return abs(Fraction(int(P[1, 1]), int(P[1, 0])) - Fraction(int(P[0, 1]), int(P[0, 0])))
    return polygon_area_twice(P, np.array([0, len(P)]), f"{path}.domain") / 2


def check_regions(c: Circuit, domain: Any, ev: dict, path: str, mode: str) -> tuple[int, int]:
    """``(activation regions, distinct output maps)`` listed by region evidence, and for ``mode`` "tiling" the
    exact ``(activation, linear)`` counts (see docs/formats/regions.md): "points" proves the listed regions
    exist; "cover" adds that every pattern not listed is empty (:func:`_check_cover`); "tiling" that the
    regions' intervals / polygons tile the domain, and counts the linear regions (:func:`_linear_regions`)."""
    n0, layers = pwl_layers(c, f"{path}.network")
    G, box = _domain(domain, n0, "domain")
    regs = ev.get("regions")
    if not isinstance(regs, list) or not regs or not all(isinstance(r, dict) for r in regs):
        raise fail("must be a non-empty JSON array of region objects", f"{path}.regions")
    keys = {"point", "pattern", "vertices"} if mode == "tiling" else {"point", "pattern"}
    for r, reg in enumerate(regs):
        if set(reg) != keys:
            raise fail(f"must have exactly the keys {sorted(keys)}", f"{path}.regions[{r}]")
    H = homogeneous([reg["point"] for reg in regs], n0, lambda r: f"{path}.regions[{r}].point")
    pats = [reg["pattern"] for reg in regs]
    if len({repr(p) for p in pats}) != len(pats):
        raise fail("two regions state the same pattern", f"{path}.regions")
    pre, M, _ = masked_maps(n0, layers, pats, f"{path}.regions")
    check_signs(pre, H, np.arange(len(H)), lambda r: f"{path}.regions[{r}].point")
    bad = np.nonzero((_apply_rows(G, H) <= 0).any(axis=1))[0]
    if bad.size:
        raise fail("the point is not strictly inside the domain", f"{path}.regions[{bad[0]}].point")
    flat = M.reshape(len(M), -1)  # each region's output map, as a hashable key
    maps = [r.tobytes() for r in flat] if flat.dtype != object else [tuple(r) for r in flat.tolist()]
    if mode == "cover":
        _check_cover(n0, layers, G, pats, ev.get("excluded"), path)
    if mode != "tiling":
        return len(regs), len(set(maps))
    if n0 > 2:
        raise fail("a tiling is checked in dimension 1 or 2; use the region-cover evidence", path)
    for r, reg in enumerate(regs):
        if not isinstance(reg["vertices"], list):
            raise fail("must be a JSON array of points", f"{path}.regions[{r}].vertices")
    start = np.concatenate([[0], np.cumsum([len(reg["vertices"]) for reg in regs])]).astype(np.int64)
    owner = np.repeat(np.arange(len(regs)), np.diff(start))
    V = homogeneous([v for reg in regs for v in reg["vertices"]], n0,
                    lambda k: f"{path}.regions[{owner[k]}].vertices[{k - start[owner[k]]}]")
    check_signs(pre, V, owner, lambda k: f"{path}.regions[{owner[k]}].vertices[{k - start[owner[k]]}]", False)
    bad = np.nonzero((_apply_rows(G, V) < 0).any(axis=1))[0]
    if bad.size:
        r = owner[bad[0]]
        raise fail("the vertex lies outside the domain", f"{path}.regions[{r}].vertices[{bad[0] - start[r]}]")
    if n0 == 1:
        lo, hi = V[start[:-1]], V[start[:-1] + 1]
        if (np.diff(start) != 2).any() or not (_cmp(lo, H, 1) > 0).all() or not (_cmp(H, hi, 1) > 0).all():
            raise fail("every interval must be two endpoints lo < point < hi", f"{path}.regions")
        total = sum(Fraction(int(b[1]), int(b[0])) - Fraction(int(a[1]), int(a[0])) for a, b in zip(lo, hi))
    else:
        total = polygon_area_twice(V, start, f"{path}.regions") / 2
    if total != _domain_measure(G, box, n0, ev, path):
        raise fail(f"the regions' measures sum to {total}, not the domain's: the list is not complete", f"{path}.regions")
    return len(regs), _linear_regions(maps, V, start, n0)


def _linear_regions(maps: list, V: np.ndarray, start: np.ndarray, n0: int) -> int:
    """The number of linear regions of a tiling: classes of the regions joined when they have one output map and
    share an endpoint (1-D) / an edge segment of positive length (2-D)."""
    parent = list(range(len(maps)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    lines: dict = {}
    seen, shared = set(), set()
    for key in maps:
        (shared if key in seen else seen).add(key)
    for i in (i for i, key in enumerate(maps) if key in shared):
        pts = [tuple(Fraction(int(v), int(row[0])) for v in row[1:]) for row in V[start[i]:start[i + 1]].tolist()]
        for p, q in [(p, p) for p in pts] if n0 == 1 else zip(pts, pts[1:] + pts[:1]):
            a, b = q[1] - p[1] if n0 == 2 else 0, p[0] - q[0]
            scale = a or b or 1
            key = (maps[i], a == 0, b / scale, (a * p[0] + b * p[1]) / scale if n0 == 2 else p)
            lo, hi = sorted((p[b == 0], q[b == 0])) if n0 == 2 else (0, 1)
            for j, l2, h2 in lines.get(key, []):
                if max(lo, l2) < min(hi, h2):
                    parent[find(i)] = find(j)
            lines.setdefault(key, []).append((i, lo, hi))
    return len({find(i) for i in range(len(maps))})


def _check_cover(n0: int, layers: list, G: np.ndarray, pats: list, excluded: Any, path: str) -> None:
    """Every activation pattern not listed is empty.  Decisions are taken unit by unit (layer by layer; a
    ``group_max`` group is one decision); the listed patterns and the ``excluded`` partial patterns (whole
    arrays for the first nonlinear layers, then a prefix of the next) form a complete prefix code: none
    extends another, and their completions number every pattern.  Each excluded prefix carries Farkas
    multipliers ``[[row, "y"], ...]`` (y > 0) on its strict rows (the domain's rows, then the rows of its
    decided units in :func:`_rows` order), each made primitive (integers, gcd 1), summing to 0 in x and to a
    constant <= 0: no point satisfies them, so no pattern extending the prefix has a point."""
    ep = f"{path}.excluded"
    if not isinstance(excluded, list) or not all(isinstance(e, dict) and set(e) == {"pattern", "farkas"} for e in excluded):
        raise fail('must be a JSON array of {"pattern", "farkas"} objects', ep)
    units = [[(2, 1)] * w if op != "group_max" else [(len(g), len(g)) for g in prm] for op, prm, w in layers if op != "affine"]
    padded, flat = [], []
    for e, item in enumerate(excluded):
        p = item["pattern"]
        if not isinstance(p, list) or len(p) > len(units) or not all(isinstance(r, list) for r in p) or any(
                len(r) != len(u) for r, u in zip(p[:-1], units)) or (p and len(p[-1]) > len(units[len(p) - 1])):
            raise fail("must be whole arrays for the first nonlinear layers, then a prefix of the next", f"{ep}[{e}].pattern")
        padded.append([r + [0] * (len(u) - len(r)) for r, u in zip(p + [[]] * (len(units) - len(p)), units)])
        flat.append(tuple(v for r in p for v in r))
    pre = masked_maps(n0, layers, padded, ep)[0] if excluded else []
    branch, nrows = zip(*(u for layer in units for u in layer)) if units else ((), ())
    items = sorted([(tuple(v for r in p for v in r), f"{path}.regions[{k}].pattern") for k, p in enumerate(pats)]
                   + [(f, f"{ep}[{e}].pattern") for e, f in enumerate(flat)])
    for (a, _), (b, where) in zip(items, items[1:]):
        if b[:len(a)] == a:
            raise fail("extends (or repeats) another listed or excluded pattern", where)
    if sum(math.prod(branch[len(f):]) for f, _ in items) != math.prod(branch):
        raise fail("the listed and excluded patterns do not account for every activation pattern", ep)
    R = [_rows(layer) for layer in pre]
    index = [(li, j) for li, (rows, _) in enumerate(R) for j in range(rows.shape[1])]
    for e, item in enumerate(excluded):
        fp, y = f"{ep}[{e}].farkas", item["farkas"]
        limit = len(G) + sum(nrows[:len(flat[e])])
        if not isinstance(y, list) or not y or not all(isinstance(t, list) and len(t) == 2 for t in y):
            raise fail('must be a non-empty JSON array of [row, "y"] pairs', fp)
        ks = [json_int(t[0], f"{fp}[{i}][0]", 0) for i, t in enumerate(y)]
        if ks != sorted(set(ks)) or ks[-1] >= limit:
            raise fail(f"rows must be increasing, below {limit} (the domain's rows, then the decided units')", fp)
        total = [Fraction(0)] * (n0 + 1)
        for i, (k, (_, v)) in enumerate(zip(ks, y)):
            q = rational(v, f"{fp}[{i}][1]")
            li, j = index[k - len(G)] if k >= len(G) else (-1, k)
            if q <= 0 or (li >= 0 and R[li][1][e, j]):
                raise fail("must be a multiplier > 0 of a strict row (not a vacuous one)", f"{fp}[{i}]")
            ints = [int(t) for t in (G[k] if li < 0 else R[li][0][e, j])]
            g = math.gcd(*ints) or 1
            total = [t + q * (u // g) for t, u in zip(total, ints)]
        if any(total[1:]) or total[0] > 0:
            raise fail(f"the multipliers combine the rows to {[str(t) for t in total]}, not 0 in x with a constant "
                       "<= 0: not a proof that the pattern is empty", fp)


# ============================================================================================ vocabulary
def _region_object(raw: Any, path: str) -> tuple[Any, Any]:
    only_keys(raw, {"network", "domain"}, path)
    c = certified(None, parse_circuit, get(raw, "network", path), join(path, "network"))
    _domain(get(raw, "domain", path), pwl_layers(c, join(path, "network"))[0], join(path, "domain"))
    return raw, c


def _counts(raw: Any, path: str) -> tuple[int, int]:
    if not isinstance(raw, list) or len(raw) != 2:
        raise fail("must be [activation regions, linear regions]", path)
    return json_int(raw[0], join(path, 0), 0), json_int(raw[1], join(path, 1), 0)


def _render(what: str, obj: dict) -> str:
    dom = obj["domain"]
    where = (" x ".join(f"[{a}, {b}]" for a, b in zip(dom["lower"], dom["upper"])) if dom["type"] == "box"
             else f"{{A x <= b}} ({len(dom['A'])} inequalities)")
    return f"{what} of the piecewise-linear circuit sha256:{digest(obj['network'])} on {where}"


_KEYS = {"tiling": {"domain_vertices"}, "points": set(), "cover": {"excluded"}}


def region_evidence(ev: dict, subject: Any, path: str) -> Any:
    """Methods ``region-tiling`` / ``-cover`` / ``-points``: ``regions = (n, m)`` (tiling; cover when the n maps
    are distinct, so each region is its own linear region) or ``>= (n, m)``; ``activation_regions = n`` (tiling,
    cover) or ``>= n`` (points)."""
    mode = ev["method"][len("region-"):]
    only_keys(ev, _KEYS[mode] | {"method", "regions"}, path)
    n, m = check_regions(subject.parsed, subject.object["domain"], ev, path, mode)
    exact = mode == "tiling" or (mode == "cover" and (subject.quantity == "activation_regions" or m == n))
    return subject.with_value("=" if exact else ">=", n if subject.quantity == "activation_regions" else (n, m))


# (activation regions, linear regions) of a piecewise-linear chain circuit on a box / polytope
register_quantity("regions", _region_object, ("=", ">="), _counts, lambda o: _render("(activation regions, linear regions)", o))
# the number of activation regions (full-dimensional activation patterns) of a chain circuit
register_quantity("activation_regions", _region_object, ("=", ">="), INT, lambda o: _render("the number of activation regions", o))
for _mode in _KEYS:
    register_method(f"region-{_mode}", ("regions", "activation_regions"), region_evidence)
