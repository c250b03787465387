"""Merging activation regions into linear regions: union-find over neighbours with equal affine maps.

Neighbours: 1-D intervals sharing an endpoint; 2-D polygons sharing an edge segment of positive length;
in general, cells whose closures share a facet (a point of the common hyperplane where every other
constraint of both cells is strict; found with the exact simplex).

>>> uf = _UnionFind(3)
>>> uf.union(0, 2)
True
>>> uf.find(2) == uf.find(0), uf.find(1) == uf.find(0)
(True, False)
"""

from __future__ import annotations

import math
from dataclasses import replace
from fractions import Fraction

from ..core.rational import to_str

__all__ = ["merge_regions"]


class _UnionFind:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> bool:
        a, b = self.find(i), self.find(j)
        if a == b:
            return False
        self.parent[max(a, b)] = min(a, b)
        return True


def _key(region):
    A, c = region.affine
    return (A, c)


def _line_key(p, q):
    """Canonical integer (a, b, c) of the line through p != q (a x + b y = c), primitive, first nonzero > 0."""
    a = q[1] - p[1]
    b = p[0] - q[0]
    c = a * p[0] + b * p[1]
    den = math.lcm(Fraction(a).denominator, Fraction(b).denominator, Fraction(c).denominator)
    ai, bi, ci = int(a * den), int(b * den), int(c * den)
    g = math.gcd(math.gcd(ai, bi), ci) or 1
    ai, bi, ci = ai // g, bi // g, ci // g
    if ai < 0 or (ai == 0 and bi < 0):
        ai, bi, ci = -ai, -bi, -ci
    return (ai, bi, ci)


def merge_regions(regions, method, geom, separations=None):
    """(regions with ``linear_region`` ids, number of linear regions, merge evidence list).

    For the ``lp`` path, when ``separations`` is a list (and the regions carry ``row_refs``), it receives the
    evidence of maximality: for every pair of regions with one affine map in different linear regions, and
    every hyperplane that could carry a common facet, a Farkas certificate that it does not (see
    :func:`_separation`).
    """
    n = len(regions)
    uf = _UnionFind(n)
    merges = []
    groups: dict = {}
    for i, r in enumerate(regions):
        groups.setdefault(_key(r), []).append(i)
    multi = [g for g in groups.values() if len(g) > 1]
    if multi and method == "1d":
        order = sorted(range(n), key=lambda i: regions[i].vertices[0][0])
        for a, b in zip(order, order[1:]):
            ra, rb = regions[a], regions[b]
            if ra.vertices[1][0] == rb.vertices[0][0] and _key(ra) == _key(rb) and uf.union(a, b):
                merges.append({"regions": [a, b], "shared": [[to_str(ra.vertices[1][0])]]})
    elif multi and method == "2d":
        for g in multi:
            lines: dict = {}
            for i in g:
                vs = regions[i].vertices
                for k in range(len(vs)):
                    p, q = vs[k], vs[(k + 1) % len(vs)]
                    key = _line_key(p, q)
                    axis = 0 if key[1] != 0 else 1  # parametrize by x unless the line is vertical
                    lo, hi = sorted((p, q), key=lambda v: v[axis])
                    lines.setdefault(key, []).append((lo, hi, i, axis))
            for segs in lines.values():
                if len(segs) < 2:
                    continue
                segs.sort(key=lambda s: s[0][s[3]])
                for x in range(len(segs)):
                    lo1, hi1, i1, axis = segs[x]
                    for y in range(x + 1, len(segs)):
                        lo2, hi2, i2, _ = segs[y]
                        if lo2[axis] >= hi1[axis]:
                            break
                        if i1 == i2:
                            continue
                        a = max(lo1, lo2, key=lambda v: v[axis])
                        b = min(hi1, hi2, key=lambda v: v[axis])
                        if a[axis] < b[axis] and uf.union(i1, i2):
                            merges.append({"regions": [i1, i2],
                                           "shared": [[to_str(v) for v in a], [to_str(v) for v in b]]})
    elif multi and method == "lp":
        for g in multi:
            # test the pairs whose patterns differ in the fewest units first: neighbours across a facet
            # usually differ in one unit, so the components form early and union-find skips the other
            # pairs (testing in index order costs one exact LP for almost every pair)
            pairs = sorted(((_pattern_distance(regions[i].pattern, regions[j].pattern), i, j)
                            for x, i in enumerate(g) for j in g[x + 1:]))
            for _, i, j in pairs:
                if uf.find(i) == uf.find(j):
                    continue
                pt = _facet_point(regions[i].constraints, regions[j].constraints, geom)
                if pt is not None:
                    uf.union(i, j)
                    merges.append({"regions": [i, j], "shared": [[to_str(v) for v in pt]]})
            if separations is not None:
                for x, i in enumerate(g):
                    for j in g[x + 1:]:
                        if uf.find(i) != uf.find(j):
                            sep = _separation(regions[i], regions[j])
                            if sep:
                                separations.append({"regions": [i, j], "facets": sep})
    roots: dict = {}
    out = []
    for i, r in enumerate(regions):
        root = uf.find(i)
        if root not in roots:
            roots[root] = len(roots)
        out.append(replace(r, linear_region=roots[root]))
    return out, len(roots), merges


def _pattern_distance(p, q) -> int:
    """The number of units (over all nonlinear layers) whose bit / argmax differs between two patterns.

    >>> _pattern_distance(((1, 0), (2,)), ((1, 1), (0,)))
    2
    """
    return sum(u != v for lp, lq in zip(p, q) for u, v in zip(lp, lq))


def _normalize(a, beta):
    den = 1
    for v in list(a) + [beta]:
        den = math.lcm(den, Fraction(v).denominator)
    ints = [int(v * den) for v in list(a) + [beta]]
    g = 0
    for v in ints:
        g = math.gcd(g, v)
    g = g or 1
    return tuple(v // g for v in ints)


def _facet_point(cons_p, cons_q, geom):
    """A point of a common facet of the two cells (relative interior), or None.

    A common facet lies on a hyperplane that bounds P on one side and Q on the other, and every
    H-representation of a full-dimensional polyhedron lists each facet's hyperplane: so only
    hyperplanes listed in P whose opposite is listed in Q are candidates (no LP for other pairs).
    """
    allc: dict = {}
    for a, beta in list(cons_p) + list(cons_q):
        allc.setdefault(_normalize(a, beta), (a, beta))
    keys_p = {_normalize(a, beta): (a, beta) for a, beta in cons_p}
    keys_q = {_normalize(a, beta) for a, beta in cons_q}
    for key, (a, beta) in keys_p.items():
        neg = tuple(-v for v in key)
        if neg not in keys_q or not any(key[:-1]):
            continue
        others = [c for k, c in allc.items() if k != key and k != neg]
        pt = _relint_on_hyperplane(others, a, beta, geom)
        if pt is not None:
            return pt
    return None


def _relint_on_hyperplane(others, a, beta, geom):
    from ._simplex import lp_max

    n = geom.n
    lo = geom.lower
    M, r = [], []
    for g, gb in others:
        M.append(list(g) + [Fraction(1)])
        r.append(gb - sum((gi * li for gi, li in zip(g, lo)), Fraction(0)))
    shift = beta - sum((ai * li for ai, li in zip(a, lo)), Fraction(0))
    M.append(list(a) + [Fraction(0)])
    r.append(shift)
    M.append([-v for v in a] + [Fraction(0)])
    r.append(-shift)
    M.append([Fraction(0)] * n + [Fraction(1)])
    r.append(Fraction(1))
    status, value, y = lp_max([Fraction(0)] * n + [Fraction(1)], M, r)
    if status != "optimal" or value <= 0:
        return None
    return tuple(li + yi for li, yi in zip(lo, y[:n]))


def _separation(ri, rj) -> list:
    """Farkas certificates that two cells share no facet: one per hyperplane listed in ``ri`` (outward) and in
    ``rj`` (reversed).  Each: ``{"row": [d, p], "lambda": z, "y": [[side, d, p, y], ...]}`` with
    ``y >= 0`` on the other rows of both cells (side 0: ``ri``, 1: ``rj``), such that
    ``sum y a + z a_H = 0`` and ``sum y beta + z beta_H <= 0``: no point of the hyperplane satisfies all the
    other rows strictly, so the closures meet in less than a facet there.
    """
    from ._simplex import farkas

    rows_i = list(zip(ri.row_refs, ri.constraints))
    rows_j = list(zip(rj.row_refs, rj.constraints))
    keys_j = {_normalize(a, beta) for _, (a, beta) in rows_j}
    out = []
    done = set()
    for ref, (a, beta) in rows_i:
        key = _normalize(a, beta)
        neg = tuple(-v for v in key)
        if key in done or neg not in keys_j or not any(key[:-1]):
            continue
        done.add(key)
        use, seen = [], {key, neg}
        for side, rows in ((0, rows_i), (1, rows_j)):
            for r2, (a2, b2) in rows:
                k2 = _normalize(a2, b2)
                if k2 not in seen:
                    seen.add(k2)
                    use.append((side, r2, a2, b2))
        sol = farkas([(a2, b2) for _, _, a2, b2 in use], [(a, beta)])
        if sol is None:  # pragma: no cover - the facet LP found no point, so by duality this exists
            raise RuntimeError("internal error: no Farkas certificate for a non-facet")
        y, z = sol
        out.append({"row": [ref[0], ref[1]], "lambda": to_str(z[0]),
                    "y": [[side, r2[0], r2[1], to_str(v)] for (side, r2, _, _), v in zip(use, y) if v]})
    return out
