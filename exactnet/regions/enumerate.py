r"""Exact enumeration of the activation regions and linear regions of a PWL network on a box or polytope.

Two notions, reported side by side:

* **activation regions** (Serra et al. Def. 2): one per activation pattern whose cell
  ``{x in domain : pattern(x) = P}`` is full-dimensional.  Given the pattern every pre-activation is an
  affine function of ``x``, so each cell is convex: one region per pattern.
* **linear regions** (Montufar et al.): maximal connected sets on which the network is one affine map.
  Computed by merging neighbouring activation regions with equal affine maps (union-find over pairs
  sharing an endpoint in 1-D, an edge of positive length in 2-D, a facet in general).

Algorithm: depth-first refinement.  A cell carries the exact affine map of the current layer's vector
(integer numerators over one common denominator) and its geometry; each nonlinear layer splits it by the
zero sets of its pre-activations (sign-type units) or of the pairwise differences inside a group (max-type
units), keeping only full-dimensional pieces.  Geometry is exact: 1-D intervals with rational breakpoints,
2-D convex polygons with rational vertices, and in general H-representations whose full-dimensionality and
interior points come from an exact rational simplex (no floating point anywhere).  The general (``lp``)
path refines unit by unit and records the split tree, with a Farkas certificate for every dropped branch
(from the dual of the same exact LP), so that the checker can certify completeness in any dimension.

Examples
--------
>>> from exactnet.networks.pwl import relu_network
>>> net = relu_network([[[1], [-1]]], [[0, 0]], output_weights=[[1, 1]])       # |x|
>>> E = enumerate_regions(net, Box([-1], [1]))
>>> E.activation_regions, E.linear_regions, E.status
(2, 2, 'exact')
>>> [r.point for r in E.regions]
[(Fraction(-1, 2),), (Fraction(1, 2),)]
"""

from __future__ import annotations

import math
import sys
import time
from dataclasses import dataclass, replace
from dataclasses import field as _field
from fractions import Fraction
from typing import Any

import numpy as np

from ..core.qarray import QArray
from ..core.result import ResultProtocol
from ..core.rational import to_str
from ..errors import InvalidArgumentError
from ..errors import describe_value as describe
from ..networks.pwl import Abs, Affine, LeakyReLU, PWLNetwork, ReLU, groups_of
from ._simplex import lp_max
from .domains import Box, Polytope, _dedupe, as_domain, polygon_area  # noqa: F401  (Box: used by the doctests)

__all__ = ["Region", "RegionEnumeration", "enumerate_regions", "METHODS"]

METHODS = ("auto", "1d", "2d", "lp")
_ZERO = Fraction(0)


# =========================================================================================== values
@dataclass(frozen=True)
class Region:
    """One activation region.

    Attributes
    ----------
    point : tuple of Fraction
        A point strictly inside the region (no pre-activation is 0 there unless it is 0 on the whole
        region; no argmax tie unless the tied inputs are equal on the whole region).
    pattern : tuple
        The activation pattern (one tuple per nonlinear layer; see :mod:`exactnet.networks.pwl`).
    affine : (QArray, QArray)
        ``(A, c)``: the network is ``x -> A x + c`` on the region; ``A`` is ``(output_dim, input_dim)``.
    measure : Fraction or None
        Length (1-D) or area (2-D); None in higher dimension.
    vertices : tuple
        1-D: the interval's endpoints ``((lo,), (hi,))``; 2-D: the polygon's vertices counter-clockwise;
        empty in higher dimension.
    linear_region : int
        The id (0-based) of the linear region (after merging) that contains it.
    """

    point: tuple
    pattern: tuple
    affine: tuple
    measure: Any = None
    vertices: tuple = ()
    linear_region: int = -1
    constraints: tuple = _field(default=(), repr=False, compare=False)
    row_refs: tuple = _field(default=(), repr=False, compare=False)

    def to_dict(self) -> dict:
        A, c = self.affine
        out = {"point": [to_str(v) for v in self.point], "pattern": [list(p) for p in self.pattern],
               "A": A.tolist_str(), "c": c.tolist_str(), "linear_region": self.linear_region}
        if self.measure is not None:
            out["measure"] = to_str(self.measure)
            out["vertices"] = [[to_str(v) for v in vert] for vert in self.vertices]
        return out


@dataclass(frozen=True)
class RegionEnumeration(ResultProtocol):
    """The result of :func:`enumerate_regions` (frozen), following the result protocol: ``value`` is
    ``(activation regions, linear regions)``, ``status`` exact or lower-bound, ``field`` Q, ``certificate``
    the version-2 region certificate (an attribute that can also be called) and ``check()``.

    ``activation_regions`` = ``len(regions)`` (distinct full-dimensional patterns found);
    ``linear_regions`` = number of merged groups (for a partial enumeration: the number of distinct affine
    maps found, a lower bound); ``complete`` False when a budget stopped the search
    (then ``status == "lower-bound"`` and ``reason`` says why); ``merges``: evidence for every union
    (pairs of region indices with a shared endpoint / edge / facet point).  A complete ``lp`` enumeration
    also has ``split_tree`` (the JSON-ready nodes of the refinement, with the Farkas certificates of the
    dropped branches; None otherwise) and ``separations`` (Farkas certificates that regions with one map
    in different linear regions share no facet); see ``docs/formats/regions.md``.
    """

    network: PWLNetwork
    domain: Polytope
    regions: tuple
    activation_regions: int
    linear_regions: int
    complete: bool
    status: str
    method: str
    reason: str = ""
    field: str = "Q"
    merges: tuple = _field(default=(), repr=False)
    seconds: float = _field(default=0.0, repr=False, compare=False)
    split_tree: Any = _field(default=None, repr=False, compare=False)
    separations: tuple = _field(default=(), repr=False, compare=False)

    def summary(self) -> str:
        """One readable paragraph.

        >>> from exactnet.networks.pwl import relu_network
        >>> print(enumerate_regions(relu_network([[[1]]], [[0]]), Box([-1], [1])).summary())  # doctest: +ELLIPSIS
        Exact enumeration (method 1d) over the box [-1, 1]: 2 activation regions ...
        """
        what = "Exact enumeration" if self.complete else "Partial enumeration (a lower bound)"
        act = "region" if self.activation_regions == 1 else "regions"
        lin = "region" if self.linear_regions == 1 else "regions"
        how = ("maximal connected pieces with one affine map, after merging neighbours with equal maps"
               if self.complete else "distinct affine maps among the regions found")
        text = (
            f"{what} (method {self.method}) over {self.domain.describe()}: {self.activation_regions} activation "
            f"{act} (full-dimensional activation patterns) and {self.linear_regions} linear {lin} ({how})"
        )
        if self.complete and self.regions and all(r.measure is not None for r in self.regions):
            total = sum((r.measure for r in self.regions), _ZERO)
            text += f"; their {'lengths' if self.domain.dim == 1 else 'areas'} sum to {to_str(total)}, the domain's"
        if not self.complete:
            text += f". Stopped early: {self.reason}. Both counts are lower bounds"
        return text + "."

    def to_dict(self) -> dict:
        """JSON-ready dict (rationals as strings).

        >>> from exactnet.networks.pwl import relu_network
        >>> enumerate_regions(relu_network([[[1]]], [[0]]), Box([-1], [1])).to_dict()["regions"][1]["point"]
        ['1/2']
        """
        return {
            "network": self.network.to_dict(),
            "domain": self.domain.to_dict(),
            "method": self.method,
            "status": self.status,
            "complete": self.complete,
            "reason": self.reason,
            "field": self.field,
            "activation_regions": self.activation_regions,
            "linear_regions": self.linear_regions,
            "regions": [r.to_dict() for r in self.regions],
            "merges": [dict(m) for m in self.merges],
        }

    @property
    def value(self) -> tuple[int, int]:
        """``(activation regions, linear regions)`` (lower bounds when ``status == "lower-bound"``)."""
        return self.activation_regions, self.linear_regions

    @property
    def certificate(self):
        """The version-2 certificate (:func:`exactnet.regions.certify.certificate_v2`), checked by the kernel.

        An attribute (the result protocol).  It states
        ``regions(network, domain) = (activation, linear)`` (``>=`` for a partial enumeration), or, for a
        complete ``lp`` enumeration whose linear count has no adjacency evidence, the activation count alone
        (``activation_regions = n``).

        >>> from exactnet.networks.pwl import relu_network
        >>> E = enumerate_regions(relu_network([[[1]]], [[0]]), Box([-1], [1]))
        >>> E.certificate.proposition["quantity"], E.value, E.certificate.check().verdict
        ('regions', (2, 2), 'valid')
        """
        from .certify import certificate_v2

        return certificate_v2(self)

    def check(self):
        """Check the certificate with the kernel: its report (verdict ``"valid"``) or ``CertificateError``.

        The certificate must state this result's status and its counts: both ``value`` (activation, linear)
        or, when it states the activation count alone, ``activation_regions``.
        """
        from ..errors import CertificateError

        report = self.certificate.check()
        stated = report.proposition
        value = self.value if stated.quantity == "regions" else self.activation_regions
        got = tuple(stated.value) if isinstance(stated.value, (list, tuple)) else stated.value
        if got != value or stated.status != self.status:
            raise CertificateError(f"the certificate states {report.sentence} ({stated.status}), not this "
                                   f"result's value {value!r} ({self.status})", "proposition.value")
        return report


# =========================================================================================== cell maps
# The vector after some layers is x -> (S x + C) / D with S an (n, n0) list of int rows, C ints, D > 0.

def _affine(state, layer: Affine):
    S, C, D = state
    Wn, bn, d = layer._Wn, layer._bn, layer._d
    n0 = len(S[0]) if S else 0
    live = [j for j in range(len(S)) if C[j] or any(S[j])]  # dead (zero) rows contribute nothing
    newS = []
    newC = []
    if n0 == 1:
        s_live = [(j, S[j][0], C[j]) for j in live]
        for row, bi in zip(Wn, bn):
            s = 0
            c = bi * D
            for j, sj, cj in s_live:
                w = row[j]
                if w:
                    s += w * sj
                    c += w * cj
            newS.append([s])
            newC.append(c)
        return newS, newC, D * d
    for row, bi in zip(Wn, bn):
        s = [0] * n0
        c = bi * D
        for j in live:
            w = row[j]
            if w:
                c += w * C[j]
                Sj = S[j]
                for k in range(n0):
                    s[k] += w * Sj[k]
        newS.append(s)
        newC.append(c)
    return newS, newC, D * d


def _value(s, c, x) -> Fraction:
    return sum((si * xi for si, xi in zip(s, x)), Fraction(c))


def _is_zero(s, c) -> bool:
    return c == 0 and not any(s)


def _cut_functions(layer, S, C):
    """Affine functions (s, c) whose zero sets can separate patterns of this nonlinear layer."""
    cuts = []
    if isinstance(layer, (ReLU, LeakyReLU, Abs)):
        for s, c in zip(S, C):
            if not _is_zero(s, c):
                cuts.append((s, c))
    else:
        for g in groups_of(layer, len(S)):
            for a in range(len(g)):
                for b in range(a + 1, len(g)):
                    s = [u - v for u, v in zip(S[g[a]], S[g[b]])]
                    c = C[g[a]] - C[g[b]]
                    if not _is_zero(s, c):
                        cuts.append((s, c))
    return cuts


def _scaled_values(S, C, x):
    """``(S x + C) * xd`` as integers, ``xd > 0`` the common denominator of ``x`` (signs and order kept)."""
    xd = 1
    for v in x:
        xd = math.lcm(xd, v.denominator)
    xn = [v.numerator * (xd // v.denominator) for v in x]
    if len(xn) == 1:
        x0 = xn[0]
        return [s[0] * x0 + c * xd for s, c in zip(S, C)]
    return [sum(a * b for a, b in zip(s, xn)) + c * xd for s, c in zip(S, C)]


def _layer_pattern(layer, S, C, x):
    """The pattern of a nonlinear layer at the point x (ties: z <= 0 inactive; first maximum)."""
    vals = _scaled_values(S, C, x)
    if isinstance(layer, (ReLU, LeakyReLU, Abs)):
        return tuple(1 if v > 0 else 0 for v in vals)
    out = []
    for g in groups_of(layer, len(S)):
        best = 0
        for pos in range(1, len(g)):
            if vals[g[pos]] > vals[g[best]]:
                best = pos
        out.append(best)
    return tuple(out)


def _apply(layer, state, bits):
    S, C, D = state
    if isinstance(layer, ReLU):
        n0 = len(S[0]) if S else 0
        return ([s if b else [0] * n0 for s, b in zip(S, bits)], [c if b else 0 for c, b in zip(C, bits)], D)
    if isinstance(layer, Abs):
        return ([s if b else [-v for v in s] for s, b in zip(S, bits)], [c if b else -c for c, b in zip(C, bits)], D)
    if isinstance(layer, LeakyReLU):
        p, q = layer.slope.numerator, layer.slope.denominator
        return ([[v * (q if b else p) for v in s] for s, b in zip(S, bits)],
                [c * (q if b else p) for c, b in zip(C, bits)], D * q)
    sel = [g[p] for g, p in zip(groups_of(layer, len(S)), bits)]
    return ([S[i] for i in sel], [C[i] for i in sel], D)


def _reduce(state):
    S, C, D = state
    g = D
    for c in C:
        g = math.gcd(g, c)
        if g == 1:
            return state
    for s in S:
        for v in s:
            g = math.gcd(g, v)
            if g == 1:
                return state
    return ([[v // g for v in s] for s in S], [c // g for c in C], D // g)


# =========================================================================================== geometry
class _Geom1D:
    """Cells are open intervals (lo, hi)."""

    def __init__(self, domain):
        self.root = (domain.lower[0], domain.upper[0])

    def split(self, cell, cuts):
        lo, hi = cell
        roots = set()
        for s, c in cuts:
            if s[0]:
                r = Fraction(-c, s[0])
                if lo < r < hi:
                    roots.add(r)
        pts = [lo] + sorted(roots) + [hi]
        return [(pts[i], pts[i + 1]) for i in range(len(pts) - 1)]

    def point(self, cell):
        return ((cell[0] + cell[1]) / 2,)

    def merge(self, cells):
        return (min(c[0] for c in cells), max(c[1] for c in cells))

    def measure(self, cell):
        return cell[1] - cell[0]

    def vertices(self, cell):
        return ((cell[0],), (cell[1],))


def _convex_hull(points):
    pts = sorted(set(points))
    if len(pts) <= 2:
        return pts

    def cross(o, a, b):
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower, upper = [], []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def _hom(v):
    """Fraction point (x, y) -> reduced integer homogeneous (X, Y, W), W > 0."""
    d = math.lcm(v[0].denominator, v[1].denominator)
    return (v[0].numerator * (d // v[0].denominator), v[1].numerator * (d // v[1].denominator), d)


def _hnorm(X, Y, W):
    if W < 0:
        X, Y, W = -X, -Y, -W
    g = math.gcd(math.gcd(X, Y), W)
    if g > 1:
        return (X // g, Y // g, W // g)
    return (X, Y, W)


def _unhom(h):
    return (Fraction(h[0], h[2]), Fraction(h[1], h[2]))


def _orient(a, b, c) -> int:
    """Sign of the orientation of three homogeneous points (all W > 0)."""
    det = (a[0] * (b[1] * c[2] - b[2] * c[1]) - a[1] * (b[0] * c[2] - b[2] * c[0])
           + a[2] * (b[0] * c[1] - b[1] * c[0]))
    return (det > 0) - (det < 0)


def _hclean(poly):
    """Drop repeated and collinear vertices of a homogeneous polygon."""
    out = _dedupe(poly)
    changed = True
    while changed and len(out) >= 3:
        changed = False
        n = len(out)
        for i in range(n):
            if _orient(out[i - 1], out[i], out[(i + 1) % n]) == 0:
                del out[i]
                changed = True
                break
    return out


class _Geom2D:
    """Cells are strictly convex polygons: CCW tuples of integer homogeneous vertices (X, Y, W), W > 0."""

    deadline = None  # (perf_counter end, reason) while a time budget runs

    def __init__(self, domain):
        self.root = tuple(_hclean([_hom(v) for v in domain.vertices]))

    def split(self, cell, cuts):
        pieces = [list(cell)]
        for s, c in cuts:
            _check_deadline(self.deadline)
            a0, a1 = s
            new = []
            for poly in pieces:
                vals = [a0 * v[0] + a1 * v[1] + c * v[2] for v in poly]  # sign of the cut at each vertex
                if all(v <= 0 for v in vals) or all(v >= 0 for v in vals):
                    new.append(poly)
                    continue
                neg, pos = [], []
                n = len(poly)
                for i in range(n):
                    p, q = poly[i], poly[(i + 1) % n]
                    fp, fq = vals[i], vals[(i + 1) % n]
                    if fp <= 0:
                        neg.append(p)
                    if fp >= 0:
                        pos.append(p)
                    if (fp < 0 < fq) or (fq < 0 < fp):
                        r = _hnorm(fp * q[0] - fq * p[0], fp * q[1] - fq * p[1], fp * q[2] - fq * p[2])
                        neg.append(r)
                        pos.append(r)
                for part in (_hclean(neg), _hclean(pos)):
                    if len(part) >= 3:
                        new.append(part)
            pieces = new
        return [tuple(p) for p in pieces]

    def point(self, cell):
        L = 1
        for v in cell:
            L = math.lcm(L, v[2])
        X = sum(v[0] * (L // v[2]) for v in cell)
        Y = sum(v[1] * (L // v[2]) for v in cell)
        n = len(cell)
        return (Fraction(X, n * L), Fraction(Y, n * L))

    def merge(self, cells):
        pts = [_unhom(v) for cell in cells for v in cell]
        return tuple(_hclean([_hom(v) for v in _convex_hull(pts)]))

    def measure(self, cell):
        return polygon_area([_unhom(v) for v in cell])

    def vertices(self, cell):
        return tuple(_unhom(v) for v in cell)


class _GeomLP:
    """Cells are (constraints, interior point); constraints are (a, beta) meaning a.x <= beta (strict inside).

    The lp path refines cells unit by unit in :func:`_enumerate_lp_tree` (recording the split tree); this
    class holds the domain's data and the exact interior-point LP.
    """

    deadline = None  # (perf_counter end, reason) while a time budget runs

    def __init__(self, domain):
        self.lower = domain.lower
        self.n = domain.dim
        self.root = (tuple((tuple(a), beta) for a, beta in domain.constraints), None)
        self.lp_count = 0

    def interior(self, cons):
        """A point with every constraint strict, or None (exact simplex: max t, a.x + t <= beta, 0 <= t <= 1)."""
        n = self.n
        lo = self.lower
        M = []
        r = []
        for a, beta in _dedupe_constraints(cons):
            M.append(list(a) + [Fraction(1)])
            r.append(beta - sum((ai * li for ai, li in zip(a, lo)), _ZERO))
        M.append([_ZERO] * n + [Fraction(1)])
        r.append(Fraction(1))
        self.lp_count += 1
        status, value, y = lp_max([_ZERO] * n + [Fraction(1)], M, r)
        if status != "optimal" or value <= 0:
            return None
        return tuple(li + yi for li, yi in zip(lo, y[:n]))

    def point(self, cell):
        if cell[1] is None:
            return self.interior(cell[0])
        return cell[1]

    def measure(self, cell):
        return None

    def vertices(self, cell):
        return ()


def _dedupe_constraints(cons):
    """Drop repeated inequalities (equal up to a positive factor)."""
    seen = set()
    out = []
    for a, beta in cons:
        den = 1
        for v in a:
            den = math.lcm(den, v.denominator)
        den = math.lcm(den, beta.denominator)
        ints = [int(v * den) for v in a] + [int(beta * den)]
        g = 0
        for v in ints:
            g = math.gcd(g, v)
        key = tuple(v // (g or 1) for v in ints)
        if key not in seen:
            seen.add(key)
            out.append((a, beta))
    return out


# =========================================================================================== driver
class _Budget(Exception):
    pass


def _check_deadline(deadline):
    """Raise _Budget when the time budget ``deadline = (end, text)`` has passed (checked inside long splits too)."""
    if deadline is not None and time.perf_counter() > deadline[0]:
        raise _Budget(deadline[1])


def _progress_callback(progress):
    if progress is None or progress is False:
        return None
    if callable(progress):
        return progress
    if progress is True:
        if not sys.stderr.isatty():
            return None
        try:
            from tqdm import tqdm
        except ImportError:  # pragma: no cover
            return None
        bar = tqdm(total=None, unit="region", file=sys.stderr, leave=False)

        def cb(done, total):
            bar.n = done
            bar.refresh()

        cb.close = bar.close  # type: ignore[attr-defined]
        return cb
    raise InvalidArgumentError(f"Argument 'progress' must be None, True or a callable(done, total), not {describe(progress)}")


def enumerate_regions(net: PWLNetwork, domain: Any, *, method: str = "auto", max_regions: int | None = None,
                      time_budget: float | None = None, progress: Any = None) -> RegionEnumeration:
    """Enumerate the activation regions (and merged linear regions) of ``net`` on ``domain``, exactly.

    Parameters
    ----------
    net : PWLNetwork
    domain : Box or Polytope (or a pair ``(lower, upper)``)
    method : {"auto", "1d", "2d", "lp"}
        ``auto`` picks 1d / 2d / lp by the input dimension; ``lp`` works in every dimension.
    max_regions : int, optional
        Stop after this many regions (status ``"lower-bound"``, ``complete`` False, reason given).
    time_budget : float, optional
        Stop after this many seconds (same reporting).
    progress : callable(done, total_or_None) or True
        ``True`` shows a tqdm bar on stderr when stderr is a terminal.

    Examples
    --------
    >>> from exactnet.networks.pwl import relu_network
    >>> net = relu_network([[[1, 0], [0, 1]]], [[0, 0]])
    >>> E = enumerate_regions(net, Box([-1, -1], [1, 1]))
    >>> E.activation_regions, E.method, sum(r.measure for r in E.regions)
    (4, '2d', Fraction(4, 1))
    >>> enumerate_regions(net, Box([-1, -1], [1, 1]), max_regions=2).reason
    'the region budget max_regions=2 was reached'
    """
    if not isinstance(net, PWLNetwork):
        raise InvalidArgumentError(f"Argument 'net' must be a PWLNetwork, not {describe(net)}")
    domain = as_domain(domain, net.input_dim)
    if method not in METHODS:
        raise InvalidArgumentError(f"Argument 'method' must be one of {', '.join(METHODS)}, not {describe(method)}")
    n0 = net.input_dim
    if method == "auto":
        method = "1d" if n0 == 1 else "2d" if n0 == 2 else "lp"
    if method == "1d" and n0 != 1:
        raise InvalidArgumentError(f"Argument 'method' is '1d' but the network has {n0} inputs; use 'auto' or 'lp'")
    if method == "2d" and n0 != 2:
        raise InvalidArgumentError(f"Argument 'method' is '2d' but the network has {n0} inputs; use 'auto' or 'lp'")
    if max_regions is not None and (isinstance(max_regions, bool) or not isinstance(max_regions, int) or max_regions < 1):
        raise InvalidArgumentError(f"Argument 'max_regions' must be an integer >= 1 or None, not {describe(max_regions)}")
    if time_budget is not None and (isinstance(time_budget, bool) or not isinstance(time_budget, (int, float))
                                    or not time_budget > 0):
        raise InvalidArgumentError(f"Argument 'time_budget' must be a positive number of seconds or None, "
                                   f"not {describe(time_budget)}")
    cb = _progress_callback(progress)
    geom = {"1d": _Geom1D, "2d": _Geom2D, "lp": _GeomLP}[method](domain)
    start = time.perf_counter()
    budget_text = f"the time budget of {time_budget} s ran out"
    if time_budget is not None:
        geom.deadline = (start + time_budget, budget_text)
    layers = net.layers
    identity = ([[int(i == j) for j in range(n0)] for i in range(n0)], [0] * n0, 1)
    raw: list = []  # (cell, pattern, state)
    reason = ""
    stack = [(geom.root, (), identity, 0)]
    tree: list = []
    leaves: list = []  # lp path: (rows, point, pattern, state), filled as found (kept by a budget stop)
    try:
        if method == "lp":
            stack = []
            _enumerate_lp_tree(net, domain, geom, max_regions, cb, leaves, tree)
        while stack:
            cell, pattern, state, li = stack.pop()
            while li < len(layers) and isinstance(layers[li], Affine):
                state = _reduce(_affine(state, layers[li]))
                li += 1
            if li == len(layers):
                if max_regions is not None and len(raw) >= max_regions:
                    raise _Budget(f"the region budget max_regions={max_regions} was reached")
                raw.append((cell, pattern, state))
                if cb is not None:
                    cb(len(raw), None)
                continue
            if time_budget is not None and time.perf_counter() - start > time_budget:
                raise _Budget(budget_text)
            layer = layers[li]
            S, C, _ = state
            pieces = geom.split(cell, _cut_functions(layer, S, C))
            by_pattern: dict = {}
            for piece in pieces:
                bits = _layer_pattern(layer, S, C, geom.point(piece))
                by_pattern.setdefault(bits, []).append(piece)
            children = []
            for bits, group in by_pattern.items():
                merged = group[0] if len(group) == 1 else geom.merge(group)
                children.append((merged, pattern + (bits,), _reduce(_apply(layer, state, bits)), li + 1))
            stack.extend(reversed(children))
    except _Budget as exc:
        reason = str(exc)
    finally:
        if cb is not None and hasattr(cb, "close"):
            cb.close()
    complete = not reason
    if method == "lp":
        raw = [((tuple((a, b) for _, a, b in rows), point), pattern, state, tuple(ref for ref, _, _ in rows))
               for rows, point, pattern, state in leaves]
    regions = []
    for cell, pattern, (S, C, D), *refs in raw:
        A = QArray.from_integers(np.array(S, dtype=object).reshape(len(S), n0), D)
        c = QArray.from_integers(np.array(C, dtype=object).reshape(len(C)), D)
        if method == "lp":
            point = geom.point(cell)
            cons = cell[0]
        else:
            point, cons = geom.point(cell), ()
        regions.append(Region(point=tuple(point), pattern=pattern, affine=(A, c), measure=geom.measure(cell),
                              vertices=geom.vertices(cell), constraints=cons, row_refs=refs[0] if refs else ()))
    from .merge import merge_regions

    separations: list = []
    if complete:
        regions, n_linear, merges = merge_regions(regions, method, geom, separations)
    else:
        # two regions found with one map may be joined through regions not found: only the number of
        # distinct affine maps is a lower bound on the linear regions of a partial enumeration
        ids: dict = {}
        regions = [replace(r, linear_region=ids.setdefault(r.affine, len(ids))) for r in regions]
        n_linear, merges = len(ids), []
    return RegionEnumeration(
        network=net, domain=domain, regions=tuple(regions), activation_regions=len(regions),
        linear_regions=n_linear, complete=complete, status="exact" if complete else "lower-bound",
        method=method, reason=reason, merges=tuple(merges), seconds=time.perf_counter() - start,
        split_tree=tuple(tree) if method == "lp" and complete else None, separations=tuple(separations),
    )



# =========================================================================================== lp: split tree
# The lp path refines cells unit by unit (one ReLU-type unit, or one max-type group, at a time) and records
# the split tree: one node per internal cell, with one entry per branch (ReLU-type: bit 0, bit 1; max-type:
# argmax position 0..k-1): 1 = kept (its subtree follows, preorder), or a Farkas certificate (sparse positive
# multipliers [d, p, "y"]) that the branch's strict system has no solution (multiplier 1 on the unit's own row
# when the unit is constant on the cell).  Rows are strict inequalities a.x < beta with the exact values of the
# pre-activations, and each multiplier applies to the row made primitive (integer coefficients of (1, x) with
# gcd 1, see _primitive_scale); ref (-1, k) = row k of the domain (box: 2 i -> x_i < upper_i,
# 2 i + 1 -> -x_i < -lower_i), (d, 0) = the ReLU-type unit at depth d, (d, p) = "member p < chosen member" of
# the max-type group at depth d.

def domain_rows(domain) -> list:
    """The domain's rows ``((-1, k), a, beta)`` in the certificate's order (box: upper then lower per coordinate).

    >>> [(ref, tuple(map(str, a)), str(b)) for ref, a, b in domain_rows(Box([0], [1]))]
    [((-1, 0), ('1',), '1'), ((-1, 1), ('-1',), '0')]
    """
    if isinstance(domain, Box):
        n = domain.dim
        out = []
        for i in range(n):
            e = tuple(Fraction(int(i == j)) for j in range(n))
            out.append(((-1, 2 * i), e, domain.upper[i]))
            out.append(((-1, 2 * i + 1), tuple(-v for v in e), -domain.lower[i]))
        return out
    return [((-1, k), tuple(a), beta) for k, (a, beta) in enumerate(domain.constraints)]


def _branch_rows(layer, S, C, D, unit, depth):
    """``[(possible, rows)]`` per branch of one unit: rows ``(ref, a, beta)`` meaning ``a.x < beta``."""
    if isinstance(layer, (ReLU, LeakyReLU, Abs)):
        s, c = S[unit], C[unit]
        if not any(s):  # constant on the cell: bit 1 iff the constant is > 0 (the unit's own row excludes the other)
            return [(not c > 0, [] if not c > 0 else [(depth, 0)]), (c > 0, [] if c > 0 else [(depth, 0)])]
        a = tuple(Fraction(v, D) for v in s)
        b = Fraction(c, D)
        return [(True, [((depth, 0), a, -b)]), (True, [((depth, 0), tuple(-v for v in a), b)])]
    g = unit
    out = []
    for j in range(len(g)):
        rows = []
        possible = True
        for p in range(len(g)):
            if p == j:
                continue
            ds = [u - v for u, v in zip(S[g[p]], S[g[j]])]
            dc = C[g[p]] - C[g[j]]
            if not any(ds):
                if dc > 0 or (dc == 0 and p < j):  # never the first maximum: member p's row excludes it
                    possible, rows = False, [(depth, p)]
                    break
                continue
            rows.append(((depth, p), tuple(Fraction(v, D) for v in ds), Fraction(-dc, D)))
        out.append((possible, rows))
    return out


def _strictly_inside(rows, x) -> bool:
    return x is not None and all(sum((ai * xi for ai, xi in zip(a, x)), _ZERO) < b for _, a, b in rows)


def _distinct_rows(rows):
    """The rows ``(ref, a, b)`` without repeats of the same normalized inequality (first kept)."""
    seen = set()
    use = []
    for ref, a, b in rows:
        key = _normalize_row(a, b)
        if key not in seen:
            seen.add(key)
            use.append((ref, a, b))
    return use


def _farkas_entry(rows):
    """Sparse Farkas multipliers ``[[d, p, "y"], ...]`` proving that the strict rows have no common solution."""
    from ._simplex import farkas

    use = _distinct_rows(rows)
    sol = farkas([(a, b) for _, a, b in use])
    if sol is None:  # pragma: no cover - excluded by LP duality (the interior LP found no point)
        raise RuntimeError("internal error: an empty branch has no Farkas certificate")
    y = sol[0]
    return [[ref[0], ref[1], to_str(v * _primitive_scale(a, b))] for (ref, a, b), v in zip(use, y) if v]


def _interior_or_farkas(geom, rows, box):
    """``(point, None)`` with every row strict at ``point``, or ``(None, Farkas multipliers)``.

    One exact LP, ``max t`` s.t. ``a.x + t <= beta``, ``t <= 1``, ``x >= lower`` (the bounding box), ``t``
    free; when its optimum is ``<= 0`` the dual solution ``u`` gives the Farkas multipliers directly: ``u``
    on the rows plus ``sum u_i a_i >= 0`` on the rows ``-x_k < -lower_k`` (rows of a box domain).  The
    result is verified exactly here; otherwise (a polytope domain) a separate Farkas LP finds them.
    """
    from ._simplex import lp_max

    n = geom.n
    lo = geom.lower
    use = _distinct_rows(rows)
    # t = t1 - t2 is free (t >= 0 would make a strongly infeasible system an infeasible LP, without duals)
    M = [list(a) + [Fraction(1), Fraction(-1)] for _, a, _ in use] + [[_ZERO] * n + [Fraction(1), Fraction(-1)]]
    r = [b - sum((ai * li for ai, li in zip(a, lo)), _ZERO) for _, a, b in use] + [Fraction(1)]
    geom.lp_count += 1
    status, value, x, u = lp_max([_ZERO] * n + [Fraction(1), Fraction(-1)], M, r, duals=True)
    if status == "optimal" and value > 0:
        return tuple(li + xi for li, xi in zip(lo, x[:n])), None
    if box and status == "optimal":
        y = {ref: v for (ref, _, _), v in zip(use, u) if v}
        excess = [sum((v * a[k] for (ref, a, _), v in zip(use, u) if v), _ZERO) for k in range(n)]
        for k in range(n):
            if excess[k]:
                y[(-1, 2 * k + 1)] = y.get((-1, 2 * k + 1), _ZERO) + excess[k]
        lookup = {ref: (a, b) for ref, a, b in rows}
        tot = [sum((v * lookup[ref][0][k] for ref, v in y.items()), _ZERO) for k in range(n)]
        rhs = sum((v * lookup[ref][1] for ref, v in y.items()), _ZERO)
        if y and all(v > 0 for v in y.values()) and not any(tot) and rhs <= 0:
            return None, [[ref[0], ref[1], to_str(v * _primitive_scale(*lookup[ref]))] for ref, v in sorted(y.items())]
    return None, _farkas_entry(rows)


def _primitive_scale(a, b) -> Fraction:
    """``s`` with ``b - a.x = s * (primitive integer row)``: a multiplier of the row times s multiplies the
    primitive row (the certificate's convention: multipliers of rows made integers with gcd 1)."""
    den = 1
    for v in list(a) + [b]:
        den = math.lcm(den, v.denominator)
    return Fraction(math.gcd(*(int(v * den) for v in list(a) + [b])) or 1, den)


def _normalize_row(a, b):
    den = 1
    for v in list(a) + [b]:
        den = math.lcm(den, v.denominator)
    ints = [int(v * den) for v in list(a) + [b]]
    g = 0
    for v in ints:
        g = math.gcd(g, v)
    g = g or 1
    return tuple(v // g for v in ints)


def _units_of(layer, width):
    if isinstance(layer, (ReLU, LeakyReLU, Abs)):
        return list(range(width))
    return list(groups_of(layer, width))


def _enumerate_lp_tree(net, domain, geom, max_regions, cb, raw, tree):
    """Depth-first unit-by-unit refinement, appending leaves (rows, point, pattern, state) to ``raw`` and the
    split tree's nodes (preorder) to ``tree`` as they are found (a budget stop keeps what was found)."""
    layers = net.layers
    n0 = net.input_dim
    identity = ([[int(i == j) for j in range(n0)] for i in range(n0)], [0] * n0, 1)

    def advance(state, li):
        while li < len(layers) and isinstance(layers[li], Affine):
            state = _reduce(_affine(state, layers[li]))
            li += 1
        return state, li

    rows0 = domain_rows(domain)
    box = isinstance(domain, Box)
    point0 = geom.interior([(a, b) for _, a, b in rows0])
    state, li = advance(identity, 0)
    # item: (rows, point, pattern (completed layers), bits (current layer), state, li, unit position, depth)
    stack = [(rows0, point0, (), (), state, li, 0, 0)]
    while stack:
        rows, point, pattern, bits, state, li, pos, depth = stack.pop()
        _check_deadline(geom.deadline)
        if li == len(layers):
            if max_regions is not None and len(raw) >= max_regions:
                raise _Budget(f"the region budget max_regions={max_regions} was reached")
            raw.append((rows, point, pattern, state))
            if cb is not None:
                cb(len(raw), None)
            continue
        layer = layers[li]
        S, C, D = state
        units = _units_of(layer, len(S))
        entry = []
        children = []
        for b, (possible, new) in enumerate(_branch_rows(layer, S, C, D, units[pos], depth)):
            if not possible:  # a constant row that is <= 0: multiplier 1 on it
                entry.append([[new[0][0], new[0][1], "1"]])
                continue
            all_rows = rows + new
            if _strictly_inside(new, point):
                q = point
            else:
                _check_deadline(geom.deadline)
                q, cert = _interior_or_farkas(geom, all_rows, box)
                if q is None:
                    entry.append(cert)
                    continue
            entry.append(1)
            nbits = bits + (b,)
            if pos + 1 < len(units):
                children.append((all_rows, q, pattern, nbits, state, li, pos + 1, depth + 1))
            else:
                nstate, nli = advance(_reduce(_apply(layer, state, nbits)), li + 1)
                children.append((all_rows, q, pattern + (nbits,), (), nstate, nli, 0, depth + 1))
        tree.append(entry)
        stack.extend(reversed(children))
