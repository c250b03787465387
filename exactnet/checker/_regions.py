"""Independent checks of certificates about linear regions of piecewise-linear networks.

Imports only the standard library and :mod:`exactnet.errors` (and this package).  It has its own
evaluator of ``pwl-network`` JSON and shares no code with :mod:`exactnet.regions`.

Kind ``linear-regions``.  For every listed region the checker re-evaluates the network at the region's
point: the activation pattern and the affine map must be those stated, and the point must be strictly
inside (every pre-activation non-zero unless it is identically zero on the region, no argmax tie
unless the tied units are the same affine function).  Distinct patterns prove ``activation_regions >=
the number of regions``; distinct affine maps prove ``linear_regions >=`` their number.

Completeness (status ``exact``; 1-D or 2-D, over a box or a polytope): each interval / polygon is checked to lie in the
closure of its pattern's cell (the pattern's affine inequalities hold at every vertex; polygons are
strictly convex and counter-clockwise) and in the domain, and the exact measures sum to the domain's.
Closures of distinct convex cells have disjoint interiors, so the regions tile the domain and every
full-dimensional pattern is listed: the activation count is exact.  Linear regions: every merge is
verified (equal maps, a shared endpoint / a shared edge segment of positive length), the groups are the
connected components of the merges, and no two regions of different groups with equal maps share an
endpoint / edge segment, so the count of groups is exact.

Completeness in any dimension (status ``exact``, method ``lp``): the ``split_tree`` lists, in preorder, one
node per cell of the unit-by-unit refinement with one entry per sign / argmax branch: kept (1), excluded
by constants (0: the unit's affine pre-activation, resp. the difference of two members, has linear part 0
given the decisions before it), or a Farkas certificate (positive multipliers ``y`` on the branch's strict
rows with ``y^T A = 0``, ``y^T b <= 0``).  The checker recomputes every row itself, checks every entry, and
requires the kept leaves to be exactly the listed patterns.  A full-dimensional pattern has a point off
every hyperplane of its path that satisfies all strict rows of its branches, so no Farkas certificate can
exclude it: it is a kept leaf, hence listed.  Linear regions: merges carry a point in the relative interior
of a common facet, and ``separations`` prove (Farkas, with one equation) that regions with one map in
different groups share no facet on any hyperplane bounding both from opposite sides.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any, Callable

from ._claim import require_numbers
from ._common import fail, get, json_int, rational_string, short

#: kind -> checker (takes the certificate dict, returns a CheckReport or a dict of proved values)
CHECKERS: dict[str, Callable[[dict], Any]] = {}

#: the kinds among CHECKERS that state a verified ``conclusion``
CONCLUDING: frozenset = frozenset()

_ZERO = Fraction(0)


# ============================================================================ parsing
def _q(value: Any, field: str, allow_int: bool = False) -> Fraction:
    """A rational JSON string ``"p"`` / ``"p/q"`` (strict); JSON integers only where ``allow_int``."""
    if allow_int and isinstance(value, int) and not isinstance(value, bool):
        return Fraction(value)
    num, den = rational_string(value, field)
    return Fraction(num, den)


def _qvec(value: Any, field: str, length: int | None = None, allow_int: bool = False) -> list[Fraction]:
    if not isinstance(value, list):
        raise fail(f"must be a JSON array of rationals, not {short(value)}", field)
    if length is not None and len(value) != length:
        raise fail(f"must have length {length}, not {len(value)}", field)
    return [_q(v, f"{field}[{i}]", allow_int) for i, v in enumerate(value)]


def _qmat(value: Any, field: str, m: int | None, n: int, allow_int: bool = False) -> list[list[Fraction]]:
    if not isinstance(value, list) or (m is not None and len(value) != m) or not value:
        raise fail(f"must be a JSON array of {m if m is not None else 'some'} rows, not {short(value)}", field)
    return [_qvec(row, f"{field}[{i}]", n, allow_int) for i, row in enumerate(value)]


def _network(obj: Any, field: str):
    """(n0, layers): layers ('affine', W, b) | ('relu',) | ('leaky', s) | ('abs',) | ('max', groups)."""
    if not isinstance(obj, dict):
        raise fail(f"must be a JSON object, not {short(obj)}", field)
    if get(obj, "format", field) != "exactnet.network" or get(obj, "kind", field) != "pwl-network":
        raise fail("must be an exactnet.network of kind 'pwl-network'", field)
    n0 = json_int(get(obj, "input_dim", field), f"{field}.input_dim", minimum=1)
    raw = get(obj, "layers", field)
    if not isinstance(raw, list):
        raise fail(f"must be a JSON array, not {short(raw)}", f"{field}.layers")
    width = n0
    layers = []
    for i, item in enumerate(raw):
        p = f"{field}.layers[{i}]"
        t = get(item, "type", p)
        if t == "affine":
            W = get(item, "weights", p)
            if not isinstance(W, list) or not W:
                raise fail(f"must be a non-empty JSON array of rows, not {short(W)}", f"{p}.weights")
            Wq = _qmat(W, f"{p}.weights", None, width, allow_int=True)
            bq = _qvec(get(item, "bias", p), f"{p}.bias", len(Wq), allow_int=True)
            layers.append(("affine", Wq, bq, _int_layer(Wq, bq)))
            width = len(Wq)
        elif t == "relu" or t == "abs":
            layers.append((t,))
        elif t == "leaky-relu":
            layers.append(("leaky", _q(get(item, "slope", p), f"{p}.slope", allow_int=True)))
        elif t == "maxout":
            k = json_int(get(item, "k", p), f"{p}.k", minimum=1)
            if width % k:
                raise fail(f"maxout rank {k} does not divide the width {width}", f"{p}.k")
            groups = [list(range(j * k, (j + 1) * k)) for j in range(width // k)]
            layers.append(("max", groups))
            width = len(groups)
        elif t == "max-pool":
            groups = get(item, "groups", p)
            if not isinstance(groups, list) or not groups:
                raise fail(f"must be a non-empty JSON array of index arrays, not {short(groups)}", f"{p}.groups")
            gs = []
            for j, g in enumerate(groups):
                if not isinstance(g, list) or not g:
                    raise fail(f"must be a non-empty JSON array of indices, not {short(g)}", f"{p}.groups[{j}]")
                gs.append([json_int(v, f"{p}.groups[{j}][{k}]", minimum=0) for k, v in enumerate(g)])
                if max(gs[-1]) >= width or len(set(gs[-1])) != len(gs[-1]):
                    raise fail(f"indices must be distinct and < {width}", f"{p}.groups[{j}]")
            layers.append(("max", gs))
            width = len(gs)
        else:
            raise fail(f"unknown layer type {short(t)}", f"{p}.type")
    return n0, layers, width


def _domain(obj: Any, n0: int, field: str):
    """(constraints [(a, beta)], box or None)."""
    t = get(obj, "type", field)
    if t == "box":
        lo = _qvec(get(obj, "lower", field), f"{field}.lower", n0)
        hi = _qvec(get(obj, "upper", field), f"{field}.upper", n0)
        if any(l >= h for l, h in zip(lo, hi)):
            raise fail("a box needs lower < upper in every coordinate", field)
        cons = []
        for i in range(n0):
            e = [Fraction(int(i == j)) for j in range(n0)]
            cons.append((e, hi[i]))
            cons.append(([-v for v in e], -lo[i]))
        return cons, (lo, hi)
    if t == "polytope":
        A = _qmat(get(obj, "A", field), f"{field}.A", None, n0)
        b = _qvec(get(obj, "b", field), f"{field}.b", len(A))
        return list(zip(A, b)), None
    raise fail(f"must be 'box' or 'polytope', not {short(t)}", f"{field}.type")


# ============================================================================ evaluator
def _int_layer(W, b):
    """(Wn, bn, d): W = Wn/d, b = bn/d with integers."""
    d = 1
    for row in W:
        for v in row:
            d = math.lcm(d, v.denominator)
    for v in b:
        d = math.lcm(d, v.denominator)
    return [[int(v * d) for v in row] for row in W], [int(v * d) for v in b], d


def _forward(n0, layers, x):
    """Evaluate at x: (pattern, A, c, constraints, strict_ok).

    Works with integers: the current vector is x -> (A x + c) / D.  ``constraints`` are integer affine
    functions (g, h) that must be >= 0 on the closure of the region's cell (g.x + h >= 0);
    ``strict_ok`` is False when the point is on a boundary (a zero pre-activation that is not
    identically zero, or a tie between different affine functions).
    """
    xd = 1
    for v in x:
        xd = math.lcm(xd, v.denominator)
    xn = [int(v * xd) for v in x]
    A = [[int(i == j) for j in range(n0)] for i in range(n0)]
    c = [0] * n0
    D = 1
    pattern = []
    cons = []
    strict = True
    for layer in layers:
        t = layer[0]
        if t == "affine":
            A, c, D = _affine_step(layer, A, c, D, n0)
            continue
        vals = [sum(a * v for a, v in zip(row, xn)) + ci * xd for row, ci in zip(A, c)]
        if t in ("relu", "abs", "leaky"):
            bits = []
            for u, v in enumerate(vals):
                if v == 0 and (c[u] != 0 or any(A[u])):
                    strict = False
                bit = 1 if v > 0 else 0
                bits.append(bit)
                sign = 1 if bit else -1
                cons.append(([sign * a for a in A[u]], sign * c[u]))
            pattern.append(bits)
            if t == "relu":
                A = [row if b_ else [0] * n0 for row, b_ in zip(A, bits)]
                c = [ci if b_ else 0 for ci, b_ in zip(c, bits)]
            elif t == "abs":
                A = [row if b_ else [-a for a in row] for row, b_ in zip(A, bits)]
                c = [ci if b_ else -ci for ci, b_ in zip(c, bits)]
            else:
                sp, sq = layer[1].numerator, layer[1].denominator
                A = [[a * (sq if b_ else sp) for a in row] for row, b_ in zip(A, bits)]
                c = [ci * (sq if b_ else sp) for ci, b_ in zip(c, bits)]
                D *= sq
        else:
            groups = layer[1]
            choice = []
            for g in groups:
                best = 0
                for pos in range(1, len(g)):
                    if vals[g[pos]] > vals[g[best]]:
                        best = pos
                j = g[best]
                for i in g:
                    if i != j and vals[i] == vals[j] and (A[i] != A[j] or c[i] != c[j]):
                        strict = False
                    if i != j:
                        cons.append(([a - b_ for a, b_ in zip(A[j], A[i])], c[j] - c[i]))
                choice.append(best)
            pattern.append(choice)
            sel = [g[p] for g, p in zip(groups, choice)]
            A = [A[i] for i in sel]
            c = [c[i] for i in sel]
    Aq = [[Fraction(a, D) for a in row] for row in A]
    cq = [Fraction(ci, D) for ci in c]
    return pattern, Aq, cq, cons, strict


def _dot(a, x, h=_ZERO):
    return sum((ai * xi for ai, xi in zip(a, x)), h)


# ============================================================================ geometry
def _area(poly) -> Fraction:
    s = _ZERO
    for i in range(len(poly)):
        (x1, y1), (x2, y2) = poly[i], poly[(i + 1) % len(poly)]
        s += x1 * y2 - x2 * y1
    return s / 2


def _strictly_convex_ccw(poly) -> bool:
    """All left turns, every vertex weakly left of every edge, and no repeated vertex.

    The last condition matters: a convex polygon listed twice (``[a, b, c, a, b, c]``) passes the two
    others but winds twice, so its shoelace area is double the true one.  With distinct vertices,
    strict left turns and every edge a supporting line, every vertex is a corner of the convex hull
    and each corner is visited once: the polygon is simple and winds once.
    """
    n = len(poly)
    if n < 3 or len(set(poly)) != n:
        return False
    for i in range(n):
        a, b, c = poly[i - 1], poly[i], poly[(i + 1) % n]
        if (b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0]) <= 0:
            return False
    # a simple polygon: turning number 1 (total angle 2 pi) follows from all left turns plus
    # the sum of exterior angles; check it cheaply by the area being positive and each vertex
    # being to the left of every edge (convex position).
    for i in range(n):
        p, q = poly[i], poly[(i + 1) % n]
        for v in poly:
            if (q[0] - p[0]) * (v[1] - p[1]) - (q[1] - p[1]) * (v[0] - p[0]) < 0:
                return False
    return True


def _polygon_area_of(cons) -> Fraction:
    """Area of the 2-D polytope {a.x <= beta}: checked bounded, vertices = feasible pairwise intersections."""
    for a, _ in cons:
        for d in ((-a[1], a[0]), (a[1], -a[0])):
            if any(d) and all(g[0] * d[0] + g[1] * d[1] <= 0 for g, _ in cons):
                raise fail("the 2-D polytope is unbounded (it contains a ray)", "domain")
    pts = set()
    for i in range(len(cons)):
        for j in range(i + 1, len(cons)):
            (a1, b1), (a2, b2) = cons[i], cons[j]
            det = a1[0] * a2[1] - a1[1] * a2[0]
            if det == 0:
                continue
            v = ((b1 * a2[1] - a1[1] * b2) / det, (a1[0] * b2 - b1 * a2[0]) / det)
            if all(_dot(a, v) <= beta for a, beta in cons):
                pts.add(v)
    pts = sorted(pts)
    if len(pts) < 3:
        raise fail("the 2-D polytope is empty or not full-dimensional", "domain")

    def cross(o, p, q):
        return (p[0] - o[0]) * (q[1] - o[1]) - (p[1] - o[1]) * (q[0] - o[0])

    lower, upper = [], []
    for v in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], v) <= 0:
            lower.pop()
        lower.append(v)
    for v in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], v) <= 0:
            upper.pop()
        upper.append(v)
    return _area(lower[:-1] + upper[:-1])


def _on_segment(v, p, q) -> bool:
    cross = (q[0] - p[0]) * (v[1] - p[1]) - (q[1] - p[1]) * (v[0] - p[0])
    if cross != 0:
        return False
    return min(p[0], q[0]) <= v[0] <= max(p[0], q[0]) and min(p[1], q[1]) <= v[1] <= max(p[1], q[1])


def _on_boundary_edge(a, b, poly) -> bool:
    """Both a and b on one edge of the polygon."""
    n = len(poly)
    return any(_on_segment(a, poly[k], poly[(k + 1) % n]) and _on_segment(b, poly[k], poly[(k + 1) % n])
               for k in range(n))


def _line_key(p, q):
    a = q[1] - p[1]
    b = p[0] - q[0]
    c = a * p[0] + b * p[1]
    den = math.lcm(a.denominator, b.denominator, c.denominator)
    ai, bi, ci = int(a * den), int(b * den), int(c * den)
    g = math.gcd(math.gcd(ai, bi), ci) or 1
    ai, bi, ci = ai // g, bi // g, ci // g
    if ai < 0 or (ai == 0 and bi < 0):
        ai, bi, ci = -ai, -bi, -ci
    return (ai, bi, ci)


def _edge_contacts(polys, members):
    """Pairs (i, j) among ``members`` whose polygons share an edge segment of positive length."""
    lines: dict = {}
    for i in members:
        poly = polys[i]
        for k in range(len(poly)):
            p, q = poly[k], poly[(k + 1) % len(poly)]
            key = _line_key(p, q)
            axis = 0 if key[1] != 0 else 1
            lo, hi = sorted((p[axis], q[axis]))
            lines.setdefault(key, []).append((lo, hi, i))
    out = set()
    for segs in lines.values():
        for x in range(len(segs)):
            for y in range(x + 1, len(segs)):
                (l1, h1, i), (l2, h2, j) = segs[x], segs[y]
                if i != j and max(l1, l2) < min(h1, h2):
                    out.add((min(i, j), max(i, j)))
    return out


# ============================================================================ split tree (lp path)
# Rows are strict inequalities ``a.x < beta`` with exact (unscaled) Fraction values; a row's reference is
# (-1, k) for row k of the domain (box: 2 i -> x_i < upper_i, 2 i + 1 -> -x_i < -lower_i), (d, 0) for the
# ReLU-type unit at depth d, (d, p) for "member p < chosen member" of the max-type group at depth d.
def _domain_rows(cons):
    return [((-1, k), list(a), beta) for k, (a, beta) in enumerate(cons)]


def _affine_step(layer, A, c, D, n0):
    Wn, bn, d = layer[3]
    newA, newc = [], []
    for row, bi in zip(Wn, bn):
        r = [0] * n0
        ci = bi * D
        for w, Aj, cj in zip(row, A, c):
            if w:
                ci += w * cj
                for k in range(n0):
                    r[k] += w * Aj[k]
        newA.append(r)
        newc.append(ci)
    return newA, newc, D * d


def _nonlinear_step(layer, A, c, D, bits, n0):
    t = layer[0]
    if t == "relu":
        return [row if b_ else [0] * n0 for row, b_ in zip(A, bits)], [ci if b_ else 0 for ci, b_ in zip(c, bits)], D
    if t == "abs":
        return ([row if b_ else [-a for a in row] for row, b_ in zip(A, bits)],
                [ci if b_ else -ci for ci, b_ in zip(c, bits)], D)
    if t == "leaky":
        sp, sq = layer[1].numerator, layer[1].denominator
        return ([[a * (sq if b_ else sp) for a in row] for row, b_ in zip(A, bits)],
                [ci * (sq if b_ else sp) for ci, b_ in zip(c, bits)], D * sq)
    sel = [g[p] for g, p in zip(layer[1], bits)]
    return [A[i] for i in sel], [c[i] for i in sel], D


def _branch_cases(layer, A, c, D, unit, depth):
    """Per branch (bit 0, bit 1 / argmax position): (possible, rows it adds); impossible = excluded by constants."""
    if layer[0] in ("relu", "abs", "leaky"):
        s, h = A[unit], c[unit]
        if not any(s):  # the pre-activation is the constant h / D on the cell: bit 1 iff it is > 0
            return [(h <= 0, []), (h > 0, [])]
        a = [Fraction(v, D) for v in s]
        beta = Fraction(h, D)
        return [(True, [((depth, 0), a, -beta)]), (True, [((depth, 0), [-v for v in a], beta)])]
    g = unit
    out = []
    for j in range(len(g)):
        rows = []
        possible = True
        for p in range(len(g)):
            if p == j:
                continue
            ds = [u - v for u, v in zip(A[g[p]], A[g[j]])]
            dc = c[g[p]] - c[g[j]]
            if not any(ds):  # z_p - z_j is the constant dc / D
                if dc > 0 or (dc == 0 and p < j):
                    possible = False
                continue
            rows.append(((depth, p), [Fraction(v, D) for v in ds], Fraction(-dc, D)))
        out.append((possible, rows))
    return out


def _check_farkas(lookup, entry, field, equation=None, sided=False):
    """``entry`` = sparse multipliers proving that the strict rows (plus ``equation``) have no common point."""
    if not isinstance(entry, list) or not entry:
        raise fail(f"must be a non-empty JSON array of Farkas multipliers, not {short(entry)}", field)
    n = None
    tot_a: list = []
    tot_b = _ZERO
    used = set()
    width = 4 if sided else 3
    for k, item in enumerate(entry):
        f = f"{field}[{k}]"
        if not isinstance(item, list) or len(item) != width:
            raise fail(f"must be {'[side, d, p, y]' if sided else '[d, p, y]'}, not {short(item)}", f)
        ints = [json_int(v, f"{f}[{t}]", minimum=-1) for t, v in enumerate(item[:-1])]
        ref = tuple(ints)
        if ref in used or ref not in lookup:
            raise fail(f"refers to {list(ref)}, which is not a row of this cell's system (or is repeated)", f)
        used.add(ref)
        v = _q(item[-1], f"{f}[{len(item) - 1}]")
        if v <= 0:
            raise fail(f"a Farkas multiplier must be > 0, not {v}", f)
        a, beta = lookup[ref]
        if n is None:
            n = len(a)
            tot_a = [_ZERO] * n
        for t in range(n):
            tot_a[t] += v * a[t]
        tot_b += v * beta
    if equation is not None:
        z = _q(equation[2], f"{field}.lambda")
        for t in range(n):
            tot_a[t] += z * equation[0][t]
        tot_b += z * equation[1]
    if any(tot_a):
        raise fail("the multipliers do not combine the rows' linear parts to 0 (not a Farkas certificate)", field)
    if tot_b > 0:
        raise fail(f"the multipliers combine the right-hand sides to {tot_b} > 0 (not a Farkas certificate)", field)


def _check_split_tree(n0, layers, cons, tree):
    """Walk the split tree; return {pattern key: the leaf's rows}.  Every branch of every node is accounted for."""
    if not isinstance(tree, list):
        raise fail(f"must be a JSON array of nodes, not {short(tree)}", "split_tree")

    def advance(li, A, c, D):
        while li < len(layers) and layers[li][0] == "affine":
            A, c, D = _affine_step(layers[li], A, c, D, n0)
            li += 1
        return li, A, c, D

    li, A, c, D = advance(0, [[int(i == j) for j in range(n0)] for i in range(n0)], [0] * n0, 1)
    stack = [(_domain_rows(cons), [], [], A, c, D, li, 0, 0)]
    leaves: dict = {}
    pos = 0
    while stack:
        rows, pattern, bits, A, c, D, li, upos, depth = stack.pop()
        if li == len(layers):
            leaves[repr(pattern)] = rows
            continue
        if pos >= len(tree):
            raise fail(f"ends after {pos} nodes, but a cell (pattern prefix {pattern + [bits]}) is not split",
                       "split_tree")
        field = f"split_tree[{pos}]"
        entry = tree[pos]
        pos += 1
        layer = layers[li]
        units = list(range(len(A))) if layer[0] in ("relu", "abs", "leaky") else layer[1]
        cases = _branch_cases(layer, A, c, D, units[upos], depth)
        if not isinstance(entry, list) or len(entry) != len(cases):
            raise fail(f"must list {len(cases)} branches (every sign / argmax case of the unit), not {short(entry)}",
                       field)
        children = []
        for b, ((possible, new), e) in enumerate(zip(cases, entry)):
            f = f"{field}[{b}]"
            if type(e) is int and e == 1:
                if not possible:
                    raise fail("a kept branch is impossible: the unit is constant on the cell", f)
                nbits = bits + [b]
                if upos + 1 < len(units):
                    children.append((rows + new, pattern, nbits, A, c, D, li, upos + 1, depth + 1))
                else:
                    A2, c2, D2 = _nonlinear_step(layer, A, c, D, nbits, n0)
                    nli, A2, c2, D2 = advance(li + 1, A2, c2, D2)
                    children.append((rows + new, pattern + [nbits], [], A2, c2, D2, nli, 0, depth + 1))
            elif type(e) is int and e == 0:
                if possible:
                    raise fail("a branch marked impossible (0) needs the unit to be constant on the cell; "
                               "this one is not: give a Farkas certificate", f)
            elif isinstance(e, list):
                if not possible:
                    continue  # empty anyway (constant unit)
                _check_farkas({ref: (a, beta) for ref, a, beta in rows + new}, e, f)
            else:
                raise fail(f"must be 1 (kept), 0 (impossible) or a Farkas certificate, not {short(e)}", f)
        stack.extend(reversed(children))
    if pos != len(tree):
        raise fail(f"has {len(tree) - pos} nodes left over after the walk", "split_tree")
    return leaves


def _row_key(a, beta):
    den = 1
    for v in list(a) + [beta]:
        den = math.lcm(den, v.denominator)
    ints = [int(v * den) for v in list(a) + [beta]]
    g = 0
    for v in ints:
        g = math.gcd(g, v)
    g = g or 1
    return tuple(v // g for v in ints)


def _facet_candidates(rows_i, rows_j):
    """{key: (ref, a, beta)} of rows of i (non-constant) whose reversed hyperplane is a row of j."""
    keys_j = {_row_key(a, beta) for _, a, beta in rows_j}
    out: dict = {}
    for ref, a, beta in rows_i:
        key = _row_key(a, beta)
        if any(a) and tuple(-v for v in key) in keys_j and key not in out:
            out[key] = (ref, a, beta)
    return out


def _check_merges(cert, n, maps, groups, check_shared):
    """Verify each merge (two regions with one affine map; ``check_shared(path, i, j, shared)`` checks the
    adjacency evidence) and that the merges connect every linear-region group."""
    merges = get(cert, "merges", "")
    if not isinstance(merges, list):
        raise fail(f"must be a JSON array, not {short(merges)}", "merges")
    parent = list(range(n))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for mi, m in enumerate(merges):
        mp = f"merges[{mi}]"
        pair = get(m, "regions", mp)
        if not isinstance(pair, list) or len(pair) != 2:
            raise fail("must be two region indices", f"{mp}.regions")
        i, j = (json_int(v, f"{mp}.regions[{k}]", minimum=0) for k, v in enumerate(pair))
        if i >= n or j >= n or i == j:
            raise fail("region index out of range", f"{mp}.regions")
        if maps[i] != maps[j]:
            raise fail("merged regions must have the same affine map", f"{mp}.regions")
        check_shared(mp, i, j, get(m, "shared", mp))
        parent[find(i)] = find(j)
    for gi, g in enumerate(groups):
        if len({find(i) for i in g}) != 1:
            raise fail("the merges do not connect this group", f"linear_groups[{gi}]")


def _check_lp_linear_groups(cert, n0, n, maps, owner, groups, cells):
    """Merges (facet points), connectivity of the groups, and separations (no facet between groups)."""
    def facet_point(mp, i, j, shared):
        if not isinstance(shared, list) or len(shared) != 1:
            raise fail("must be one point (of a common facet, relative interior)", f"{mp}.shared")
        x = _qvec(shared[0], f"{mp}.shared[0]", n0)
        for key, (_, a, beta) in _facet_candidates(cells[i], cells[j]).items():
            if _dot(a, x) != beta:
                continue
            excl = {key, tuple(-v for v in key)}
            if all(_dot(a2, x) < b2 for _, a2, b2 in cells[i] + cells[j] if _row_key(a2, b2) not in excl):
                return
        raise fail("the point is not in the relative interior of a facet common to both regions", f"{mp}.shared")

    _check_merges(cert, n, maps, groups, facet_point)
    seps = get(cert, "separations", "")
    if not isinstance(seps, list):
        raise fail(f"must be a JSON array, not {short(seps)}", "separations")
    by_pair: dict = {}
    for si, sep in enumerate(seps):
        sp = f"separations[{si}]"
        pair = get(sep, "regions", sp)
        if not isinstance(pair, list) or len(pair) != 2:
            raise fail("must be two region indices", f"{sp}.regions")
        i, j = (json_int(v, f"{sp}.regions[{k}]", minimum=0) for k, v in enumerate(pair))
        if i >= n or j >= n or i == j:
            raise fail("region index out of range", f"{sp}.regions")
        facets = get(sep, "facets", sp)
        if not isinstance(facets, list):
            raise fail(f"must be a JSON array, not {short(facets)}", f"{sp}.facets")
        by_pair[(i, j)] = (sp, facets)
    by_map: dict = {}
    for i in range(n):
        by_map.setdefault(maps[i], []).append(i)
    for members in by_map.values():
        for x_, i in enumerate(members):
            for j in members[x_ + 1:]:
                if owner[i] == owner[j]:
                    continue
                cands = _facet_candidates(cells[i], cells[j])
                if not cands:
                    continue
                sp, facets = by_pair.get((i, j), (None, []))
                covered = set()
                for fi, fct in enumerate(facets):
                    fp = f"{sp}.facets[{fi}]"
                    rref = get(fct, "row", fp)
                    if not isinstance(rref, list) or len(rref) != 2:
                        raise fail(f"must be a row reference [d, p], not {short(rref)}", f"{fp}.row")
                    rr = tuple(json_int(v, f"{fp}.row[{k}]", minimum=-1) for k, v in enumerate(rref))
                    hit = [(key, a, beta) for key, (ref, a, beta) in cands.items() if ref == rr]
                    if not hit:
                        raise fail("is not a hyperplane bounding both regions (a row of the first, reversed in "
                                   "the second)", f"{fp}.row")
                    key, a, beta = hit[0]
                    excl = {key, tuple(-v for v in key)}
                    lookup = {}
                    for side, rows in ((0, cells[i]), (1, cells[j])):
                        for ref, a2, b2 in rows:
                            if _row_key(a2, b2) not in excl:
                                lookup[(side,) + ref] = (a2, b2)
                    _check_farkas(lookup, get(fct, "y", fp), f"{fp}.y", equation=(a, beta, get(fct, "lambda", fp)),
                                  sided=True)
                    covered.add(key)
                if set(cands) - covered:
                    raise fail(f"regions {i} and {j} have one affine map and are in different groups, but no "
                               "certificate shows that they share no facet", "separations")


# ============================================================================ the check
def check_linear_regions(cert: dict) -> dict:
    """Verify a ``linear-regions`` certificate; return the proved values."""
    n0, layers, out_dim = _network(get(cert, "network", ""), "network")
    cons, box = _domain(get(cert, "domain", ""), n0, "domain")
    method = get(cert, "method", "")
    if method not in ("1d", "2d", "lp"):
        raise fail(f"must be '1d', '2d' or 'lp', not {short(method)}", "method")
    status = get(cert, "status", "")
    raw = get(cert, "regions", "")
    if not isinstance(raw, list):
        raise fail(f"must be a JSON array of regions, not {short(raw)}", "regions")
    geometric = method in ("1d", "2d") and n0 <= 2
    seen: dict = {}
    patterns: list = []
    maps = []
    shapes = []
    for idx, reg in enumerate(raw):
        p = f"regions[{idx}]"
        x = _qvec(get(reg, "point", p), f"{p}.point", n0)
        pat = get(reg, "pattern", p)
        A = _qmat(get(reg, "A", p), f"{p}.A", out_dim, n0)
        c = _qvec(get(reg, "c", p), f"{p}.c", out_dim)
        pattern, A2, c2, rcons, strict = _forward(n0, layers, x)
        if pat != pattern:
            raise fail(f"the network's activation pattern at the point is {pattern}, not {short(pat)}", f"{p}.pattern")
        if not strict:
            raise fail("the point is on a region boundary (a pre-activation is 0 there or an argmax is tied)",
                       f"{p}.point")
        if any(_dot(a, x) > beta for a, beta in cons) or any(_dot(a, x) == beta for a, beta in cons):
            raise fail("the point is not strictly inside the domain", f"{p}.point")
        if A != A2 or c != c2:
            raise fail("the network's affine map at the point differs from the stated A, c", f"{p}.A")
        key = repr(pattern)
        patterns.append(pattern)
        if key in seen:
            raise fail(f"repeats the pattern of regions[{seen[key]}]", f"{p}.pattern")
        seen[key] = idx
        maps.append((tuple(map(tuple, A)), tuple(c)))
        if geometric:
            verts = get(reg, "vertices", p)
            if not isinstance(verts, list):
                raise fail(f"must be a JSON array of points, not {short(verts)}", f"{p}.vertices")
            V = [tuple(_qvec(v, f"{p}.vertices[{k}]", n0)) for k, v in enumerate(verts)]
            measure = _q(get(reg, "measure", p), f"{p}.measure")
            if n0 == 1:
                if len(V) != 2 or not V[0][0] < x[0] < V[1][0]:
                    raise fail("must be two endpoints lo < point < hi", f"{p}.vertices")
                true = V[1][0] - V[0][0]
            else:
                if not _strictly_convex_ccw(V):
                    raise fail("is not a strictly convex counter-clockwise polygon", f"{p}.vertices")
                true = _area(V)
            if measure != true:
                raise fail(f"the exact measure is {true}, not {measure}", f"{p}.measure")
            for k, v in enumerate(V):
                if any(_dot(a, v) > beta for a, beta in cons):
                    raise fail("vertex outside the domain", f"{p}.vertices[{k}]")
                vd = 1
                for t in v:
                    vd = math.lcm(vd, t.denominator)
                vn = [t.numerator * (vd // t.denominator) for t in v]  # v = vn / vd, vd > 0
                if any(sum(gi * ti for gi, ti in zip(g, vn)) + h * vd < 0 for g, h in rcons):
                    raise fail("vertex outside the closure of the pattern's cell (a pattern inequality fails)",
                               f"{p}.vertices[{k}]")
            shapes.append(V)
    n = len(raw)
    claimed_act = json_int(get(cert, "activation_regions", ""), "activation_regions", minimum=0)
    claimed_lin = json_int(get(cert, "linear_regions", ""), "linear_regions", minimum=0)
    if claimed_act != n:
        raise fail(f"must equal the number of listed regions, {n}, not {claimed_act}", "activation_regions")
    # groups
    groups = get(cert, "linear_groups", "")
    if not isinstance(groups, list):
        raise fail(f"must be a JSON array of index arrays, not {short(groups)}", "linear_groups")
    owner = [-1] * n
    for gi, g in enumerate(groups):
        if not isinstance(g, list) or not g:
            raise fail(f"must be a non-empty JSON array of region indices, not {short(g)}", f"linear_groups[{gi}]")
        for k, i in enumerate(g):
            json_int(i, f"linear_groups[{gi}][{k}]", minimum=0)
            if i >= n or owner[i] != -1:
                raise fail(f"region index {i} is out of range or listed twice", f"linear_groups[{gi}][{k}]")
            owner[i] = gi
        if len({maps[i] for i in g}) != 1:
            raise fail("the regions of one linear region must have the same affine map", f"linear_groups[{gi}]")
    if -1 in owner:
        raise fail(f"region {owner.index(-1)} is in no group", "linear_groups")
    if claimed_lin != len(groups):
        raise fail(f"must equal the number of groups, {len(groups)}, not {claimed_lin}", "linear_regions")
    distinct_maps = len(set(maps))
    if status == "exact":
        if method == "lp" and "split_tree" not in cert:
            raise fail("completeness can only be certified in 1-D or 2-D with the region geometry listed, or "
                       "with the split tree of the lp path; use status 'lower-bound'", "status")
        if method == "lp":
            leaves = _check_split_tree(n0, layers, cons, get(cert, "split_tree", ""))
            keys = [repr(p) for p in patterns]  # the patterns the checker computed at the points
            for idx, key in enumerate(keys):
                if key not in leaves:
                    raise fail("is not the pattern of a kept leaf of the split tree", f"regions[{idx}].pattern")
            if len(leaves) != n:
                missing = sorted(set(leaves) - set(keys))[0]
                raise fail(f"the split tree keeps a leaf with pattern {missing} that is not a listed region: "
                           "the list is not complete", "regions")
            _check_lp_linear_groups(cert, n0, n, maps, owner, groups, [leaves[k] for k in keys])
            proved = {"activation_regions": n, "linear_regions": len(groups)}
        elif not geometric:
            raise fail("completeness can only be certified in 1-D or 2-D with the region geometry listed, or "
                       "with the split tree of the lp path; use status 'lower-bound'", "status")
        elif n0 == 1:
            lo = max((beta / a[0] for a, beta in cons if a[0] < 0), default=None)
            hi = min((beta / a[0] for a, beta in cons if a[0] > 0), default=None)
            if lo is None or hi is None or any(a[0] == 0 and beta < 0 for a, beta in cons):
                raise fail("the 1-D domain is unbounded or empty", "domain")
            total = hi - lo
        elif box is not None:
            total = (box[1][0] - box[0][0]) * (box[1][1] - box[0][1])
        else:
            total = _polygon_area_of(cons)
        if method != "lp":
            covered = sum((_q(r["measure"], f"regions[{i}].measure") for i, r in enumerate(raw)), _ZERO)
            if covered != total:
                raise fail(f"the regions' measures sum to {covered}, not the domain's {total}: the list is not "
                           "complete", "regions")
    if status == "exact" and method == "lp":
        pass  # proved above, from the split tree
    elif status == "exact":
        # merges: verify evidence, then the groups are exactly the connected components
        def shared_boundary(mp, i, j, shared):
            if not isinstance(shared, list):
                raise fail("must be a JSON array of points", f"{mp}.shared")
            pts = [tuple(_qvec(v, f"{mp}.shared[{k}]", n0)) for k, v in enumerate(shared)]
            if n0 == 1:
                Vi, Vj = shapes[i], shapes[j]
                if len(pts) != 1 or not ({pts[0], } <= {Vi[0], Vi[1]} and {pts[0], } <= {Vj[0], Vj[1]}):
                    raise fail("the shared point must be an endpoint of both intervals", f"{mp}.shared")
            else:
                if len(pts) != 2 or pts[0] == pts[1]:
                    raise fail("the shared edge must be two distinct points", f"{mp}.shared")
                if not (_on_boundary_edge(pts[0], pts[1], shapes[i]) and _on_boundary_edge(pts[0], pts[1], shapes[j])):
                    raise fail("the shared segment is not on an edge of both polygons", f"{mp}.shared")

        _check_merges(cert, n, maps, groups, shared_boundary)
        # maximality: neighbours with equal maps are in the same group
        by_map: dict = {}
        for i in range(n):
            by_map.setdefault(maps[i], []).append(i)
        for members in by_map.values():
            if len(members) < 2:
                continue
            if n0 == 1:
                for i in members:
                    for j in members:
                        if shapes[i][1] == shapes[j][0] and owner[i] != owner[j]:
                            raise fail(f"regions {i} and {j} share an endpoint and an affine map but are in "
                                       "different groups", "linear_groups")
            else:
                for i, j in _edge_contacts(shapes, members):
                    if owner[i] != owner[j]:
                        raise fail(f"regions {i} and {j} share an edge and an affine map but are in different "
                                   "groups", "linear_groups")
        proved = {"activation_regions": n, "linear_regions": len(groups)}
    elif status == "lower-bound":
        if claimed_lin > distinct_maps:
            raise fail(f"a lower-bound certificate proves only the number of distinct affine maps, "
                       f"{distinct_maps}, not {claimed_lin}", "linear_regions")
        proved = {"activation_regions": n, "linear_regions": claimed_lin}
    else:
        raise fail(f"must be 'exact' or 'lower-bound', not {short(status)}", "status")
    claim = get(cert, "claim", "")
    require_numbers(claim, proved)
    if status == "lower-bound" and "exactly" in claim:
        raise fail("a lower-bound certificate must not claim an exact count", "claim")
    if status == "exact" and "at least" in claim:
        raise fail("an exact certificate states exact counts, not 'at least'", "claim")
    return dict(proved, complete=(status == "exact"))


CHECKERS["linear-regions"] = check_linear_regions
