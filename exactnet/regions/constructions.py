r"""Explicit exact weight settings with many linear regions.

Each generator returns a :class:`Construction`: a :class:`~exactnet.networks.pwl.PWLNetwork` with
rational weights, the input domain (a :class:`~exactnet.regions.domains.Box`) it is meant for, and a
description.  The number of regions is **never assumed** here: count it with the exact enumerator
(:func:`exactnet.regions.enumerate_regions`); the tests and ``exactnet verify`` do exactly that.

=================================  =======================================================  ====================
generator                          what                                                     source
=================================  =======================================================  ====================
:func:`montufar_folding`           folding construction, n0 inputs, rescaled (or not)       Montufar et al. 2014
:func:`serra_n0_1`                 n0 = 1, zig-zag layers, ``prod (n_l + 1)`` regions       Serra et al. 2018
:func:`three_unit_folding`         three-unit folds of [3, 4], widths (3,3), (3,3,3)        Serra et al. 2018
:func:`cut_network`                n0 = 1, widths (1, n2): ``n2 + 2`` regions               derived here
:func:`convex_path_construction`   n0 = 1, widths (2, n2): ``3 + 2 n2`` regions             derived here
:func:`general_position_layer`     one ReLU layer, hyperplanes in general position          Zaslavsky 1975
:func:`quadrant_folding`           2-D: ``(|x1|, |x2|)`` then a line arrangement            Montufar et al. 2014
:func:`maxout_abs_folding`         width-1 rank-2 maxout on R, ``2^L`` regions              Montufar et al. 2014
:func:`maxout_line_construction`   width-1 rank-k maxout, L = 2, ``1 + 3(k - 1)`` regions   derived here
:func:`maxout_one_layer`           one maxout layer, ``k^min(n0, n)`` regions               Montufar et al. 2014
=================================  =======================================================  ====================

Examples
--------
>>> from exactnet.regions import enumerate_regions
>>> c = serra_n0_1((3, 3))
>>> c.network.widths, c.domain
((1, 3, 3, 3, 3, 1), Box(['-1'], ['5']))
>>> enumerate_regions(c.network, c.domain).activation_regions
16
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations
from typing import Any, Sequence

from ..core.rational import as_int
from ..errors import InvalidArgumentError, ResourceLimitError
from ..errors import describe_value as _describe
from ..networks.pwl import Affine, Maxout, PWLNetwork, ReLU
from .domains import Box

__all__ = [
    "Construction",
    "montufar_folding",
    "serra_n0_1",
    "three_unit_folding",
    "cut_network",
    "convex_path_construction",
    "general_position_layer",
    "quadrant_folding",
    "maxout_abs_folding",
    "maxout_line_construction",
    "maxout_one_layer",
]

F = Fraction


@dataclass(frozen=True)
class Construction:
    """An explicit network with the domain it is meant for.

    Attributes
    ----------
    name : str
        Stable id, e.g. ``"montufar-folding"``.
    network : PWLNetwork
        Exact rational weights; the last layer is a linear output.
    domain : Box
        The input box the count refers to (it contains every breakpoint where the count on R^n0 is finite
        and box-independent, see each generator).
    n0 : int
        Input dimension.
    widths : tuple of int
        Hidden widths (units per hidden layer; for maxout: output units per layer).
    unit : str
        ``"relu"`` or ``"maxout"``.
    k : int or None
        Maxout rank.
    description : str
        What the construction does (one paragraph).
    """

    name: str
    network: PWLNetwork
    domain: Box
    n0: int
    widths: tuple
    unit: str
    k: int | None
    description: str

    def to_dict(self) -> dict:
        """JSON-ready summary (network and domain in their JSON forms)."""
        return {"name": self.name, "n0": self.n0, "widths": list(self.widths), "unit": self.unit, "k": self.k,
                "description": self.description, "network": self.network.to_dict(), "domain": self.domain.to_dict()}


# ============================================================================================ helpers
def _pos(value: Any, name: str, minimum: int = 1) -> int:
    if isinstance(value, bool):
        raise InvalidArgumentError(f"Argument '{name}' must be an integer >= {minimum}, not {_describe(value)}")
    n = as_int(value, name)
    if n < minimum:
        raise InvalidArgumentError(f"Argument '{name}' must be an integer >= {minimum}, not {_describe(value)}")
    return n


def _widths(widths: Any, minimum_layers: int = 1) -> tuple[int, ...]:
    if isinstance(widths, (str, bytes)) or not hasattr(widths, "__iter__"):
        raise InvalidArgumentError(
            f"Argument 'widths' must be a sequence of hidden-layer widths (integers >= 1), not {_describe(widths)}")
    ws = tuple(_pos(w, f"widths[{i}]") for i, w in enumerate(widths))
    if len(ws) < minimum_layers:
        raise InvalidArgumentError(
            f"Argument 'widths' must list at least {minimum_layers} hidden layer(s), not {_describe(widths)}")
    return ws


class _Builder:
    """Accumulates ReLU layers whose units are affine functions of the previous layer's units."""

    def __init__(self, n0: int):
        self.n0 = n0
        self.layers: list = []
        self.width = n0

    def relu_layer(self, rows: list[list[Fraction]], bias: list[Fraction]) -> None:
        self.layers += [Affine(rows, bias), ReLU()]
        self.width = len(rows)

    def network(self, output: list[list[Fraction]], out_bias: list[Fraction] | None = None) -> PWLNetwork:
        layers = self.layers + [Affine(output, out_bias or [0] * len(output))]
        return PWLNetwork(self.n0, layers)


def _lin(coef: Sequence[Fraction], const: Fraction, width: int) -> tuple[list[Fraction], Fraction]:
    """A scalar affine function ``coef . h + const`` of the previous layer (padded to ``width``)."""
    c = [F(v) for v in coef] + [F(0)] * (width - len(coef))
    return c, F(const)


def _unit(scale: Fraction, y: tuple[list[Fraction], Fraction], shift: Fraction) -> tuple[list[Fraction], Fraction]:
    """Pre-activation ``scale * y - shift`` of a unit reading the scalar function ``y``."""
    coef, const = y
    return [scale * c for c in coef], scale * const - shift


# ============================================================================================ Montufar
#: the most exact weights of a construction, and rational operations spent on the vertices of a general-position
#: arrangement (every n0 of its m hyperplanes meet in a vertex, each found in about n0^2 operations)
MAX_WEIGHTS, MAX_VERTEX_WORK = 250_000, 10**7


def _check_work(n0: int, ws: Sequence[int]) -> None:
    """Refuse, before building, a construction of more than MAX_WEIGHTS weights or MAX_VERTEX_WORK operations."""
    weights = sum(a * b for a, b in zip((n0,) + tuple(ws), ws))
    size = min(n0, ws[-1])
    work = math.comb(ws[-1], size) * size * size
    if weights > MAX_WEIGHTS or work > MAX_VERTEX_WORK:
        raise ResourceLimitError(
            f"the construction for n0 = {n0}, widths {_describe(tuple(ws))[:60]} has {weights} exact weights (limit "
            f"{MAX_WEIGHTS:.0e}) and places {ws[-1]} hyperplanes in general position in R^{n0}: C({ws[-1]}, {size}) "
            f"vertices, about {work:.3g} rational operations (limit {MAX_VERTEX_WORK:.0e}); use a smaller n0 or smaller "
            "widths")


def _general_position(n0: int, m: int, lo: Fraction, hi: Fraction) -> list[tuple[list[Fraction], Fraction]]:
    """``m`` hyperplanes ``a . y = b`` in general position in R^n0, every vertex inside the open cube (lo, hi)^n0.

    Hyperplane k: ``sum_i z_i t_k^i = t_k^n0`` (i = 0..n0-1, t_k = k + 1), the moment-curve arrangement
    (n0 of them meet in the coefficients of ``prod (t - t_k)``, so no n0 + 1 are concurrent), mapped
    affinely into the cube.  Returned as ``(a, b)`` with ``a . y = b``.
    """
    ts = [F(k + 1) for k in range(m)]
    size = min(n0, m)
    _check_work(n0, (m,))
    points = []
    for S in combinations(ts, size):
        poly = [F(1)]  # coefficients, lowest degree first, of t^(n0-size) * prod_{s in S} (t - s)
        for s in S:
            poly = [(poly[i - 1] if i > 0 else F(0)) - s * (poly[i] if i < len(poly) else F(0))
                    for i in range(len(poly) + 1)]
        poly = [F(0)] * (n0 - size) + poly
        # t^n0 - sum z_i t^i = poly  =>  z_i = -poly[i] for i < n0
        points.append([-poly[i] for i in range(n0)])
    mid = [(min(p[i] for p in points) + max(p[i] for p in points)) / 2 for i in range(n0)]
    spread = max([abs(p[i] - mid[i]) for p in points for i in range(n0)] + [F(1)])
    centre = (lo + hi) / 2
    lam = 4 * spread / (hi - lo)  # z = mid + lam (y - centre): the vertices land within (hi-lo)/4 of the centre
    out = []
    for t in ts:
        powers = [t ** i for i in range(n0)]
        a = [lam * p for p in powers]
        b = t ** n0 - sum((mid[i] - lam * centre) * powers[i] for i in range(n0))
        out.append((a, b))
    return out


def montufar_folding(n0: int, widths: Sequence[int], *, rescale: bool = True) -> Construction:
    """Montufar et al. (2014), the folding construction behind Theorem 4.

    In hidden layer ``l < L`` the ``n_l`` units form ``n0`` groups of ``p = floor(n_l / n0)``; group j reads
    the folded coordinate ``y_j`` of the layer below (layer 1: ``x_j``) with units
    ``max(0, a y_j), max(0, 2a y_j - 1), ..., max(0, 2a y_j - (p - 1))`` and the next layer reads the
    alternating sum ``y~_j = h_1 - h_2 + h_3 - ...``, which maps p intervals onto ``[0, 1/2]``.  ``a = 1``
    in layer 1; in later layers ``a = p`` (the **rescaling**: the previous image is
    ``[0, 1/2]``), or ``a = 1`` with ``rescale=False`` (which does not fold again: (2,2,2) gives 8).
    Leftover units (``n_l - n0 p``) get weight 0 and bias -1 (never active).  The last layer has ``n_L``
    hyperplanes in general position with every vertex inside ``(0, 1/2)^n0`` (for n0 = 1: cuts of
    ``(0, 1/2)``, the first one reversed so that linear and activation regions agree).

    Domain: the box ``[-1, p_1/2 + 1]^n0`` (p_1 = floor(n_1/n0)); for n0 = 1 every breakpoint lies inside,
    so the count is the count on R (the table: (2,2) -> 7, (2,2,2) -> 14 rescaled, 8 unscaled).

    >>> from exactnet.regions import enumerate_regions
    >>> c = montufar_folding(1, (2, 2, 2))
    >>> c.network.widths[1::2][:3], c.domain
    ((2, 2, 2), Box(['-1'], ['2']))
    >>> [enumerate_regions(c.network, c.domain).activation_regions for c in (c, montufar_folding(1, (2, 2, 2),
    ...  rescale=False))]
    [14, 8]
    >>> montufar_folding(2, (1, 3))
    Traceback (most recent call last):
      ...
    exactnet.errors.InvalidArgumentError: Argument 'widths' must have every width >= n0 = 2 (each layer folds every input coordinate), not (1, 3) (type=tuple)
    """
    n0, ws = _pos(n0, "n0"), _widths(widths)
    if min(ws) < n0:
        raise InvalidArgumentError(
            f"Argument 'widths' must have every width >= n0 = {n0} (each layer folds every input coordinate), "
            f"not {_describe(ws)}")
    _check_work(n0, ws)
    b = _Builder(n0)
    # folded coordinates as affine functions of the current layer's input
    ys = [_lin([F(int(i == j)) for i in range(n0)], F(0), n0) for j in range(n0)]
    for layer, n in enumerate(ws[:-1]):
        p = n // n0
        a = F(1) if (layer == 0 or not rescale) else F(p)
        rows, bias = [], []
        for j in range(n0):
            for k in range(p):
                coef, const = _unit(a if k == 0 else 2 * a, ys[j], F(k))
                rows.append(coef)
                bias.append(const)
        for _ in range(n - n0 * p):
            rows.append([F(0)] * b.width)
            bias.append(F(-1))
        b.relu_layer(rows, bias)
        ys = [_lin([F(0)] * (j * p) + [F((-1) ** k) for k in range(p)], F(0), n) for j in range(n0)]
    nL = ws[-1]
    rows, bias = [], []
    if n0 == 1:
        taus = [F(k, 2 * (nL + 1)) for k in range(1, nL + 1)] if len(ws) > 1 else [F(k, 2) for k in range(nL)]
        for k, tau in enumerate(taus):
            sign = F(-1) if (k == 0 and nL >= 2) else F(1)
            coef, const = _unit(sign, ys[0], sign * tau)
            rows.append(coef)
            bias.append(const)
    else:
        lo, hi = (F(0), F(1, 2)) if len(ws) > 1 else (F(0), F(1))
        for a, beta in _general_position(n0, nL, lo, hi):
            coef = [sum(a[j] * ys[j][0][i] for j in range(n0)) for i in range(b.width)]
            const = sum(a[j] * ys[j][1] for j in range(n0)) - beta
            rows.append(coef)
            bias.append(const)
    b.relu_layer(rows, bias)
    net = b.network([[F(1)] * nL])
    p1 = ws[0] // n0
    upper = F(p1, 2) + 1 if len(ws) > 1 else F(max(nL, 2))
    domain = Box([-1] * n0, [upper] * n0)
    return Construction(
        "montufar-folding" if rescale else "montufar-folding-unscaled", net, domain, n0, ws, "relu", None,
        f"Montufar et al. 2014 folding construction, n0 = {n0}, widths {ws}, "
        f"{'with' if rescale else 'WITHOUT'} per-layer rescaling; last layer: {nL} hyperplanes in general position "
        "inside the folded cube")


# ============================================================================================ Serra n0 = 1
def _zigzag_layer(b: _Builder, y: tuple[list[Fraction], Fraction], n: int, H: Fraction
                  ) -> tuple[list[Fraction], Fraction]:
    """Append a width-n (n >= 3) ReLU layer folding ``y in [0, H]`` into n + 1 pieces, each onto ``[0, H/(n+1)]``.

    Breakpoints ``t_i = i H/(n+1)`` (i = 1..n); slopes of the new coordinate g on the n + 1 pieces:
    -2, +1, -1, +1, ...; unit i has coefficient ``c_i = slope_i - slope_{i-1}`` (3, -2, 2, -2, ...) and is
    ``max(0, y - t_i)`` except unit 3, which is ``max(0, t_3 - y)`` (so that the left ray has slope
    -c_3 = -2); a constant makes g(t_1) = 0.  Returns g as a function of the new layer.
    """
    h = H / (n + 1)
    ts = [i * h for i in range(1, n + 1)]
    slopes = [F(-2)] + [F((-1) ** (i + 1)) for i in range(1, n + 1)]
    cs = [slopes[i] - slopes[i - 1] for i in range(1, n + 1)]
    rows, bias = [], []
    for i, t in enumerate(ts):
        sign = F(-1) if i == 2 else F(1)
        coef, const = _unit(sign, y, sign * t)
        rows.append(coef)
        bias.append(const)
    b.relu_layer(rows, bias)
    const = -cs[2] * (ts[2] - ts[0])  # g(t_1) = 0
    return _lin(cs, const, n)


def _cut_layer(b: _Builder, y: tuple[list[Fraction], Fraction], n: int, h: Fraction) -> list[Fraction]:
    """Append a width-n ReLU layer cutting ``(0, h)`` at ``k h/(n+1)``; unit 0 reversed (when n >= 2).

    Returns output weights (all 1): the output's slope in y is -1 below the first cut, 0 between the first
    two, then 1, 2, ...: adjacent pieces never share an affine map.
    """
    rows, bias = [], []
    for k in range(1, n + 1):
        sign = F(-1) if (k == 1 and n >= 2) else F(1)
        coef, const = _unit(sign, y, sign * k * h / (n + 1))
        rows.append(coef)
        bias.append(const)
    b.relu_layer(rows, bias)
    return [F(1)] * n


def serra_n0_1(widths: Sequence[int]) -> Construction:
    """A network on R with ``prod_l (n_l + 1)`` regions (Serra et al. 2018, Theorem 5).

    Every hidden layer but the last has width ``>= 3`` and folds the current interval ``[0, H]`` into
    ``n + 1`` zig-zag pieces that each cover ``[0, H/(n+1)]`` (see ``_zigzag_layer``: slopes -2, +1, -1, ...,
    one reversed unit); the last layer (any width) cuts that interval at ``n_L`` interior points.  Every
    breakpoint of every layer flips the sign of the slope, so linear regions = activation regions.
    Domain: ``[-1, n_1 + 2]`` (contains every breakpoint: the count is the count on R).

    >>> serra_n0_1((3, 4, 1)).network.widths[1::2][:3]
    (3, 4, 1)
    >>> serra_n0_1((2, 3))
    Traceback (most recent call last):
      ...
    exactnet.errors.InvalidArgumentError: Argument 'widths' must have every width but the last >= 3 (each of those layers folds with 3 or more units), not (2, 3) (type=tuple); for widths (2, n2) see convex_path_construction
    """
    ws = _widths(widths)
    if any(n < 3 for n in ws[:-1]):
        raise InvalidArgumentError(
            f"Argument 'widths' must have every width but the last >= 3 (each of those layers folds with 3 or more "
            f"units), not {_describe(ws)}; for widths (2, n2) see convex_path_construction")
    b = _Builder(1)
    H = F(ws[0] + 1)
    y = _lin([F(1)], F(0), 1)
    for n in ws[:-1]:
        y = _zigzag_layer(b, y, n, H)
        H = H / (n + 1)
    if len(ws) == 1:  # one layer: cuts at 1, 2, ..., n of the line
        out = _cut_layer(b, y, ws[0], F(ws[0] + 1))
    else:
        out = _cut_layer(b, y, ws[-1], H)
    net = b.network([out])
    return Construction("serra-n0-1", net, Box([-1], [ws[0] + 2]), 1, ws, "relu", None,
                        f"n0 = 1 zig-zag construction, widths {ws}: each folding layer of width n makes n + 1 "
                        "copies of the next layer's partition")


def three_unit_folding(depth: int = 2) -> Construction:
    """Three ReLU units per layer folding [3, 4] onto itself: widths (3, 3) (``depth=2``, 16 regions) and (3, 3, 3) (``depth=3``, 64).

    Layer 1: ``u1 = max(0, x), u2 = max(0, x - 1), u3 = max(0, 3 - x)``, ``g = 2u1 - 3/2 u2 + u3`` (every
    piece covers [3, 4]).  depth 2: cut at g = 13/4, 7/2, 15/4.  depth 3: fold [3, 4] again at 3 + 1/6,
    3 + 2/6, 3 + 4/6 (third unit reversed), recombine with (2, -3/2, 1) (pieces cover [1/2, 2/3]), cut at
    13/24, 14/24, 15/24.  Domain [-1, 5].

    >>> three_unit_folding(3).network.widths[1::2][:3]
    (3, 3, 3)
    """
    depth = _pos(depth, "depth")
    if depth not in (2, 3):
        raise InvalidArgumentError(
            f"Argument 'depth' must be 2 or 3, not {_describe(depth)}")
    b = _Builder(1)
    b.relu_layer([[1], [1], [-1]], [0, -1, 3])
    g = _lin([2, F(-3, 2), 1], F(0), 3)
    if depth == 3:
        rows, bias = [], []
        for t, s in ((F(19, 6), 1), (F(10, 3), 1), (F(11, 3), -1)):
            coef, const = _unit(F(s), g, s * t)
            rows.append(coef)
            bias.append(const)
        b.relu_layer(rows, bias)
        g = _lin([2, F(-3, 2), 1], F(0), 3)
        cuts = [F(13, 24), F(14, 24), F(15, 24)]
    else:
        cuts = [F(13, 4), F(7, 2), F(15, 4)]
    rows, bias = [], []
    for c in cuts:
        coef, const = _unit(F(1), g, c)
        rows.append(coef)
        bias.append(const)
    b.relu_layer(rows, bias)
    net = b.network([[1, 1, 1]])
    return Construction("three-unit-folding", net, Box([-1], [5]), 1, (3,) * depth, "relu", None,
                        f"three-unit folding, widths {(3,) * depth}")


def cut_network(n2: int) -> Construction:
    """Widths (1, n2) on R: ``u = max(0, x)``, then n2 cuts of ``(0, 1)``: ``n2 + 2`` regions (= Serra's bound).

    >>> cut_network(3).network.widths[1::2][:2]
    (1, 3)
    """
    n2 = _pos(n2, "n2")
    b = _Builder(1)
    b.relu_layer([[1]], [0])
    out = _cut_layer(b, _lin([F(1)], F(0), 1), n2, F(1))
    return Construction("cut-network", b.network([out]), Box([-1], [2]), 1, (1, n2), "relu", None,
                        f"widths (1, {n2}): one fold-free unit, then {n2} cuts")


def convex_path_construction(n2: int) -> Construction:
    """Widths (2, n2) on R reaching ``3 + 2 n2`` regions ((2,2) -> 7, (2,3) -> 9).

    Layer 1: ``u1 = max(0, x), u2 = max(0, 1 - x)``: the line becomes a convex path of 3 pieces.  Layer 2:
    ``v_i = max(0, c_i - u1 - u2)`` with ``c_i = i + 1``: each line ``u1 + u2 = c_i`` meets the path twice
    (at x = 1 - c_i and x = c_i).  Output ``sum_i i v_i``.  Domain ``[-n2 - 1, n2 + 2]``.

    >>> from exactnet.regions import enumerate_regions
    >>> c = convex_path_construction(2)
    >>> E = enumerate_regions(c.network, c.domain)
    >>> E.activation_regions, E.linear_regions
    (7, 7)
    """
    n2 = _pos(n2, "n2")
    b = _Builder(1)
    b.relu_layer([[1], [-1]], [0, 1])
    rows = [[-1, -1] for _ in range(n2)]
    bias = [i + 1 for i in range(1, n2 + 1)]
    b.relu_layer(rows, bias)
    net = b.network([[i for i in range(1, n2 + 1)]])
    return Construction("convex-path", net, Box([-n2 - 1], [n2 + 2]), 1, (2, n2), "relu", None,
                        f"widths (2, {n2}): a convex 3-piece path met twice by each of {n2} lines")


def general_position_layer(n0: int, n1: int) -> Construction:
    """One ReLU layer of ``n1`` units whose hyperplanes are in general position, every vertex inside (0, 1)^n0.

    Reaches Zaslavsky's maximum ``sum_{j<=n0} C(n1, j)`` on the domain ``[-1, 2]^n0`` (every region of the
    arrangement meets the cube).  Uses the moment-curve arrangement (see ``_general_position``).

    >>> general_position_layer(2, 3).network.widths
    (2, 3, 3, 1)
    """
    n0, n1 = _pos(n0, "n0"), _pos(n1, "n1")
    b = _Builder(n0)
    rows, bias = [], []
    for a, beta in _general_position(n0, n1, F(0), F(1)):
        rows.append(a)
        bias.append(-beta)
    b.relu_layer(rows, bias)
    net = b.network([[F(1)] * n1])
    return Construction("general-position-layer", net, Box([-1] * n0, [2] * n0), n0, (n1,), "relu", None,
                        f"one layer of {n1} ReLUs in general position in R^{n0}")


def quadrant_folding(n2: int = 3) -> Construction:
    """The 2-D example of Montufar et al. 2014: ``max(0, +-x1), max(0, +-x2)`` recombined as ``(|x1|, |x2|)``.

    The first layer identifies the four quadrants; the second layer (``n2`` lines in general position with
    every vertex inside ``(0, 1)^2``) is then replicated in each quadrant.  Domain ``[-1, 1]^2``.

    >>> quadrant_folding(2).network.widths[1::2][:2]
    (4, 2)
    """
    n2 = _pos(n2, "n2")
    b = _Builder(2)
    b.relu_layer([[1, 0], [-1, 0], [0, 1], [0, -1]], [0, 0, 0, 0])
    rows, bias = [], []
    for a, beta in _general_position(2, n2, F(0), F(1)):
        rows.append([a[0], a[0], a[1], a[1]])
        bias.append(-beta)
    b.relu_layer(rows, bias)
    net = b.network([[F(1)] * n2])
    return Construction("quadrant-folding", net, Box([-1, -1], [1, 1]), 2, (4, n2), "relu", None,
                        f"(|x1|, |x2|) folds the 4 quadrants onto one; {n2} lines then cut each copy")


# ============================================================================================ maxout
def maxout_abs_folding(L: int) -> Construction:
    """Width-1, rank-2 maxout on R with ``2^L`` regions: ``y_l = max(y - c_l, c_l - y) = |y_{l-1} - c_l|``.

    ``c_1 = 0``, ``c_l = 2^-(l-2)`` for l >= 2.  Every breakpoint lies in (-2, 2);
    domain ``[-2, 2]``.

    >>> maxout_abs_folding(3).network.evaluate(["1/2"])
    (Fraction(0, 1),)
    """
    L = _pos(L, "L")
    layers: list = []
    for l in range(1, L + 1):
        c = F(0) if l == 1 else F(1, 2 ** (l - 2))
        layers += [Affine([[1], [-1]], [-c, c]), Maxout(2)]
    net = PWLNetwork(1, layers + [Affine([[1]], [0])])
    return Construction("maxout-abs-folding", net, Box([-2], [2]), 1, (1,) * L, "maxout", 2,
                        f"{L} rank-2 maxout units of width 1 computing |...||x| - 1| - 1/2| ...|")


def maxout_line_construction(k: int) -> Construction:
    """Width-1, rank-k maxout, depth 2, on R with ``1 + 3(k - 1)`` regions (the maximum).

    Layer 1: ``y = max(-2x, x, 3x - 2, 5x - 6, ...)`` (convex, minimum 0 at x = 0); layer 2:
    ``max(y, 2y - t_1, 3y - t_1 - t_2, ...)`` with breakpoints ``t_m = m/(2k)``, each a level that y
    reaches twice.  k = 3: 7 regions, refuting Theorem 8's ``k^(L+n0-1) = 9`` as quoted for n0 = 1.
    Domain ``[-1, k]``.

    >>> from exactnet.regions import enumerate_regions
    >>> c = maxout_line_construction(3)
    >>> enumerate_regions(c.network, c.domain).activation_regions
    7
    """
    k = _pos(k, "k", 2)
    W1 = [[-2]] + [[2 * j - 1] for j in range(1, k)]
    b1 = [0] + [-j * (j - 1) for j in range(1, k)]
    ts = [F(m, 2 * k) for m in range(1, k)]
    W2 = [[m + 1] for m in range(k)]
    b2 = [-sum(ts[:m], F(0)) for m in range(k)]
    net = PWLNetwork(1, [Affine(W1, b1), Maxout(k), Affine(W2, b2), Maxout(k), Affine([[1]], [0])])
    return Construction("maxout-line", net, Box([-1], [k]), 1, (1, 1), "maxout", k,
                        f"width-1 rank-{k} maxout, depth 2: every layer-2 breakpoint level is reached twice")


def maxout_one_layer(n0: int, n: int, k: int) -> Construction:
    """One layer of ``n`` rank-k maxout units with ``k^min(n0, n)`` regions (Proposition 7's lower bound).

    Unit i < min(n0, n) reads coordinate i: ``max_j (j x_i - j(j+1)/2)`` (j = 0..k-1, breakpoints at
    x_i = 1..k-1); further units repeat unit 0.  Output: the sum.  Domain ``[0, k]^n0``.

    >>> maxout_one_layer(2, 2, 3).network.widths
    (2, 6, 2, 1)
    """
    n0, n, k = _pos(n0, "n0"), _pos(n, "n"), _pos(k, "k", 2)
    rows, bias = [], []
    for i in range(n):
        coord = i if i < min(n0, n) else 0
        for j in range(k):
            rows.append([F(j) if c == coord else F(0) for c in range(n0)])
            bias.append(F(-j * (j + 1), 2))
    net = PWLNetwork(n0, [Affine(rows, bias), Maxout(k), Affine([[1] * n], [0])])
    return Construction("maxout-one-layer", net, Box([0] * n0, [k] * n0), n0, (n,), "maxout", k,
                        f"one layer of {n} rank-{k} maxout units on R^{n0}, a grid of k^{min(n0, n)} cells")
