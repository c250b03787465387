"""Pictures of region enumerations (matplotlib is imported lazily, only when plotting).

What the pictures show (the legend says it too):

* **fill colour**: one colour per *linear region* (a maximal connected piece on which the network is one
  affine map); no colour is used twice, and neighbouring linear regions get contrasting colours;
* **solid edges**: boundaries between different linear regions (the affine map changes there), and the
  domain's boundary;
* **dotted edges**: boundaries between activation regions inside one linear region (the activation pattern
  changes, the affine map does not);
* on request, the **decision boundary**: the exact zero level set (or any level) of one output, computed
  per region by :func:`exactnet.regions.level_sets.level_set` (drawn thick, dark red).

The file format follows the suffix of ``path``: ``.png``, ``.svg`` or ``.pdf``.
"""

from __future__ import annotations

import colorsys
import math
import os
from pathlib import Path
from typing import Any

from ..errors import InvalidArgumentError
from ..errors import describe_value as describe

__all__ = ["plot_regions", "region_colours", "check_plot_path", "FORMATS", "LEGEND_LABELS"]

FORMATS = (".png", ".svg", ".pdf")

#: The legend's labels (the fill label is completed with the number of linear regions).
LEGEND_LABELS = {
    "fill": "fill: one colour per linear region (same affine map), no colour repeated",
    "solid": "solid edge: boundary between linear regions (the affine map changes) or of the domain",
    "dotted": "dotted edge: activation-region boundary inside one linear region (same affine map)",
    "boundary": "decision boundary: output {output} = {level} (exact, per region)",
    "level_set": "level set: output {output} = {level} (exact, per region)",
    "flat": "output {output} = {level} on the whole region",
    "break": "breakpoint between linear regions",
    "inner_break": "activation-region boundary inside one linear region (same affine map)",
}

_GOLDEN = (math.sqrt(5) - 1) / 2  # hue step: the golden-ratio sequence never repeats a hue
_DECISION_COLOUR = "#b2182b"


def region_colours(count: int) -> list[tuple[float, float, float]]:
    """``count`` distinct light RGB colours (hues step by the golden ratio, so no two are equal).

    Consecutive colours differ in hue by about 0.38 of the colour circle and cycle through three
    saturation / brightness levels, so any few colours in a row contrast.

    >>> cs = region_colours(500)
    >>> len(set(cs)) == 500 and all(0.0 <= v <= 1.0 for c in cs for v in c)
    True
    >>> region_colours(-1)
    Traceback (most recent call last):
      ...
    exactnet.errors.InvalidArgumentError: Argument 'count' must be an integer >= 0, not -1 (type=int)
    """
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise InvalidArgumentError(f"Argument 'count' must be an integer >= 0, not {describe(count)}")
    levels = ((0.40, 0.97), (0.55, 0.90), (0.32, 0.84))
    out = []
    for k in range(count):
        s, v = levels[k % 3]
        out.append(colorsys.hsv_to_rgb((0.08 + k * _GOLDEN) % 1.0, s, v))
    return out


def _contrast(a, b) -> float:
    """A perceptual-ish distance between two RGB colours (weighted Euclidean, 'redmean')."""
    r = (a[0] + b[0]) / 2
    dr, dg, db = a[0] - b[0], a[1] - b[1], a[2] - b[2]
    return math.sqrt((2 + r) * dr * dr + 4 * dg * dg + (3 - r) * db * db)


def _linear_colours(count: int, neighbours: list[set]) -> list[tuple[float, float, float]]:
    """One distinct colour per linear region; each region takes, among the next few unused palette colours,
    the one contrasting most with its already-coloured neighbours (a greedy graph colouring without reuse)."""
    pool = 8
    palette = region_colours(count + pool)
    unused = list(range(len(palette)))
    chosen: list = [None] * count
    for i in range(count):
        done = [chosen[j] for j in neighbours[i] if chosen[j] is not None]
        candidates = unused[:pool]
        best = max(candidates, key=lambda c: (min((_contrast(palette[c], palette[d]) for d in done), default=0.0),
                                              -c))
        chosen[i] = best
        unused.remove(best)
    return [palette[c] for c in chosen]


def _boundary_label(levels: Any) -> str:
    key = "boundary" if levels.level == 0 else "level_set"
    return LEGEND_LABELS[key].format(output=levels.output, level=levels.level)


def check_plot_path(path: Any) -> str:
    """``path`` as a string if its suffix is a format :func:`plot_regions` writes (``.png``, ``.svg``, ``.pdf``).

    >>> check_plot_path("regions.SVG")
    'regions.SVG'
    >>> check_plot_path("regions")
    Traceback (most recent call last):
      ...
    exactnet.errors.InvalidArgumentError: Argument 'path' must end in .png, .svg, .pdf (the suffix chooses the format), not 'regions'
    """
    if not isinstance(path, (str, os.PathLike)):
        raise InvalidArgumentError(f"Argument 'path' must be a file name (str or path), not {describe(path)}")
    out = os.fspath(path)
    if Path(out).suffix.lower() not in FORMATS:
        raise InvalidArgumentError(
            f"Argument 'path' must end in {', '.join(FORMATS)} (the suffix chooses the format), not {out!r}")
    return out


def plot_regions(enumeration: Any, path: str | os.PathLike, *, legend: bool = True, edges_only: bool = False,
                 decision_boundary: bool = False, output: int = 0, level: Any = 0,
                 title: str | None = None) -> str:
    """Draw the regions to ``path`` and return the path as a string; the suffix chooses the format.

    Parameters
    ----------
    enumeration : RegionEnumeration
        From :func:`exactnet.regions.enumerate_regions` over a 1-D or 2-D domain.
    path : str or os.PathLike
        Ends in ``.png``, ``.svg`` or ``.pdf``.
    legend : bool
        Explain the fill colours, solid and dotted edges (and the decision boundary) in a legend below the plot.
    edges_only : bool
        Draw the edges only (no fills): readable for many regions, and in black and white.
    decision_boundary : bool
        Overlay the exact level set ``{x : output_j(x) = level}`` (by default the zero level set of output 0:
        the decision boundary of a score), computed per region with rational endpoints.
    output : int
        The output whose level set is drawn (0-based); in 1-D, also the output whose graph is drawn.
    level : rational
        The level (exact; floats refused).
    title : str, optional
        Default: the counts of linear and activation regions and the status.

    Returns
    -------
    str
        ``path``.

    Notes
    -----
    2-D: polygons filled by linear region (see :func:`region_colours`); solid edges between linear regions,
    dotted edges between activation regions of one linear region.  1-D: the graph of the output, coloured by
    linear region, with breakpoints between linear regions (filled dots) and activation-region boundaries
    inside one linear region (open circles).

    Examples
    --------
    >>> import tempfile, os
    >>> from exactnet.networks.pwl import relu_network
    >>> from exactnet.regions import Box, enumerate_regions
    >>> E = enumerate_regions(relu_network([[[1], [-1]]], [[0, "1/2"]], output_weights=[[1, 1]]), Box([-1], [1]))
    >>> out = plot_regions(E, os.path.join(tempfile.mkdtemp(), "r.svg"), decision_boundary=True, level="1/2")
    >>> open(out).read().count("<svg") == 1
    True
    >>> plot_regions(E, "r.jpg")
    Traceback (most recent call last):
      ...
    exactnet.errors.InvalidArgumentError: Argument 'path' must end in .png, .svg, .pdf (the suffix chooses the format), not 'r.jpg'
    """
    from .enumerate import RegionEnumeration
    from .level_sets import level_set

    if not isinstance(enumeration, RegionEnumeration):
        raise InvalidArgumentError(f"Argument 'enumeration' must be a RegionEnumeration, not {describe(enumeration)}")
    dim = enumeration.network.input_dim
    if dim > 2:
        raise InvalidArgumentError(f"Argument 'enumeration' must be over a 1-D or 2-D domain to be drawn, not {dim}-D")
    out = check_plot_path(path)
    for name, flag in (("legend", legend), ("edges_only", edges_only), ("decision_boundary", decision_boundary)):
        if not isinstance(flag, bool):
            raise InvalidArgumentError(f"Argument '{name}' must be True or False, not {describe(flag)}")
    # the exact level set first: bad 'output' / 'level' are refused before matplotlib is imported
    levels = level_set(enumeration, output, level) if decision_boundary or dim == 1 else None
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    # SVG: text stays text (searchable, editable); ids are stable across runs
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "exactnet"}):
        return _draw(enumeration, out, plt, levels, legend=legend, edges_only=edges_only,
                     decision_boundary=decision_boundary, title=title)


def _draw(enumeration: Any, out: str, plt: Any, levels: Any, *, legend: bool, edges_only: bool,
          decision_boundary: bool, title: str | None) -> str:
    from matplotlib.collections import LineCollection, PolyCollection
    from matplotlib.legend_handler import HandlerTuple
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch, Polygon

    dim = enumeration.network.input_dim
    fig, ax = plt.subplots(figsize=(6.4, 5.6))
    regions = enumeration.regions
    n_linear = max((r.linear_region for r in regions), default=-1) + 1
    handles: list = []
    labels: list = []
    fill_label = LEGEND_LABELS["fill"] + f" ({n_linear})"
    if dim == 2:
        pieces, neighbours = _edge_structure(regions)
        colours = _linear_colours(n_linear, neighbours)
        if not edges_only:
            ax.add_collection(PolyCollection([[(float(x), float(y)) for x, y in r.vertices] for r in regions],
                                             facecolors=[colours[r.linear_region] for r in regions],
                                             edgecolors="none", linewidths=0))
        seg = {True: [], False: []}
        for (p, q), inner in pieces:
            seg[inner].append([(float(p[0]), float(p[1])), (float(q[0]), float(q[1]))])
        has_inner = bool(seg[True])
        ax.add_collection(LineCollection(seg[False], colors="black", linewidths=1.1, capstyle="round"))
        if has_inner:
            ax.add_collection(LineCollection(seg[True], colors="0.25", linewidths=0.9, linestyles=[(0, (1.5, 2.0))]))
        if not edges_only and n_linear:
            handles.append(tuple(Patch(facecolor=c, edgecolor="0.5", linewidth=0.4) for c in colours[:4]))
            labels.append(fill_label)
        handles.append(Line2D([], [], color="black", linewidth=1.1))
        labels.append(LEGEND_LABELS["solid"])
        if has_inner:
            handles.append(Line2D([], [], color="0.25", linewidth=0.9, linestyle=(0, (1.5, 2.0))))
            labels.append(LEGEND_LABELS["dotted"])
        if decision_boundary:
            for k in levels.flat_regions:
                pts = [(float(x), float(y)) for x, y in regions[k].vertices]
                ax.add_patch(Polygon(pts, closed=True, facecolor="none", edgecolor=_DECISION_COLOUR, hatch="///",
                                     linewidth=0))
            ax.add_collection(LineCollection([[(float(p[0]), float(p[1])), (float(q[0]), float(q[1]))]
                                              for p, q in levels.segments],
                                             colors=_DECISION_COLOUR, linewidths=2.4, capstyle="round", zorder=5))
            for (x, y) in levels.points:
                ax.plot([float(x)], [float(y)], "o", color=_DECISION_COLOUR, markersize=4, zorder=5)
            handles.append(Line2D([], [], color=_DECISION_COLOUR, linewidth=2.4))
            labels.append(_boundary_label(levels))
            if levels.flat_regions:
                handles.append(Patch(facecolor="none", edgecolor=_DECISION_COLOUR, hatch="///"))
                labels.append(LEGEND_LABELS["flat"].format(output=levels.output, level=levels.level))
        lo, hi = enumeration.domain.lower, enumeration.domain.upper
        ax.set_xlim(float(lo[0]), float(hi[0]))
        ax.set_ylim(float(lo[1]), float(hi[1]))
        ax.set_xlabel("x0")
        ax.set_ylabel("x1")
        ax.set_aspect("equal", adjustable="box")
    else:
        colours = [tuple(0.8 * v for v in c) for c in region_colours(n_linear)]  # darker: lines, not fills
        j = levels.output
        segs = []
        for r in sorted(regions, key=lambda r: r.vertices[0][0]):
            A, c = r.affine
            a, b = A.to_fractions()[j, 0], c.to_fractions()[j]
            (lo,), (hi,) = r.vertices
            segs.append((lo, hi, a * lo + b, a * hi + b, r.linear_region))
            ax.plot([float(lo), float(hi)], [float(a * lo + b), float(a * hi + b)],
                    color="black" if edges_only else colours[r.linear_region], linewidth=2.0, solid_capstyle="butt")
        has_break = has_inner = False
        for left, right in zip(segs, segs[1:]):
            x, y = float(right[0]), float(right[2])
            if left[4] != right[4]:
                has_break = True
                ax.plot([x], [y], "o", color="black", markersize=4.5, zorder=4)
            else:
                has_inner = True
                ax.plot([x], [y], "o", markerfacecolor="white", markeredgecolor="0.25", markersize=4.5, zorder=4)
        if not edges_only and n_linear:
            handles.append(tuple(Line2D([], [], color=c, linewidth=2.0) for c in colours[:4]))
            labels.append(LEGEND_LABELS["fill"].replace("fill", "line colour") + f" ({n_linear})")
        if has_break:
            handles.append(Line2D([], [], linestyle="none", marker="o", color="black", markersize=4.5))
            labels.append(LEGEND_LABELS["break"])
        if has_inner:
            handles.append(Line2D([], [], linestyle="none", marker="o", markerfacecolor="white",
                                  markeredgecolor="0.25", markersize=4.5))
            labels.append(LEGEND_LABELS["inner_break"])
        if decision_boundary:
            ax.axhline(float(levels.level), color=_DECISION_COLOUR, linewidth=0.8, linestyle="--")
            for (x,) in levels.points:
                ax.plot([float(x)], [float(levels.level)], "D", color=_DECISION_COLOUR, markersize=5, zorder=5)
            for k in levels.flat_regions:
                (lo,), (hi,) = regions[k].vertices
                ax.plot([float(lo), float(hi)], [float(levels.level)] * 2, color=_DECISION_COLOUR, linewidth=3.0)
            handles.append(Line2D([], [], linestyle="none", marker="D", color=_DECISION_COLOUR, markersize=5))
            labels.append(_boundary_label(levels))
            if levels.flat_regions:
                handles.append(Line2D([], [], color=_DECISION_COLOUR, linewidth=3.0))
                labels.append(LEGEND_LABELS["flat"].format(output=j, level=levels.level))
        lo, hi = enumeration.domain.lower[0], enumeration.domain.upper[0]
        ax.set_xlim(float(lo), float(hi))
        ax.set_xlabel("x0")
        ax.set_ylabel(f"output {j}")
    if title is None:
        status = "exact" if enumeration.complete else "lower bounds: the enumeration stopped early"
        title = (f"{enumeration.linear_regions} linear regions, {enumeration.activation_regions} activation regions"
                 f" ({status})")
    ax.set_title(title, fontsize=10)
    if legend and handles:
        ax.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, -0.12), fontsize=8, frameon=False,
                  handler_map={tuple: HandlerTuple(ndivide=None, pad=0.0)}, handlelength=3.2)
    suffix = Path(out).suffix.lower()
    meta = {"Date": None} if suffix in (".svg", ".pdf") else {}
    fig.savefig(out, dpi=120, bbox_inches="tight", metadata=meta or None)
    plt.close(fig)
    return out


def _edge_structure(regions):
    """``(pieces, neighbours)``: every edge piece ``((p, q), inner)`` with exact endpoints, ``inner`` when both
    sides belong to one linear region; ``neighbours[l]``: the linear regions sharing an edge piece with ``l``.

    >>> from fractions import Fraction as F
    >>> from types import SimpleNamespace as R
    >>> sq = lambda x0, lr: R(vertices=((F(x0), F(0)), (F(x0 + 1), F(0)), (F(x0 + 1), F(1)), (F(x0), F(1))),
    ...                      linear_region=lr)
    >>> pieces, neighbours = _edge_structure([sq(0, 0), sq(1, 0), sq(2, 1)])
    >>> [inner for _, inner in pieces].count(True), neighbours
    (1, [{1}, {0}])
    """
    lines: dict = {}
    for i, r in enumerate(regions):
        vs = r.vertices
        for k in range(len(vs)):
            p, q = vs[k], vs[(k + 1) % len(vs)]
            a, b = q[1] - p[1], p[0] - q[0]
            c = a * p[0] + b * p[1]
            den = math.lcm(a.denominator, b.denominator, c.denominator)
            key = [int(a * den), int(b * den), int(c * den)]
            g = math.gcd(*key) or 1
            key = [v // g for v in key]
            if key[0] < 0 or (key[0] == 0 and key[1] < 0):
                key = [-v for v in key]
            axis = 0 if key[1] != 0 else 1
            lo, hi = sorted((p, q), key=lambda v: v[axis])
            lines.setdefault(tuple(key), []).append((lo, hi, i, axis))
    n_linear = max((r.linear_region for r in regions), default=-1) + 1
    neighbours: list = [set() for _ in range(n_linear)]
    pieces = []
    for segs in lines.values():
        axis = segs[0][3]
        cuts = sorted({v for lo, hi, _, _ in segs for v in (lo, hi)}, key=lambda v: v[axis])
        for u, w in zip(cuts, cuts[1:]):
            mid = (u[axis] + w[axis]) / 2
            owners = [i for lo, hi, i, _ in segs if lo[axis] < mid < hi[axis]]
            if not owners:
                continue
            lrs = {regions[o].linear_region for o in owners}
            for x in lrs:
                neighbours[x].update(lrs - {x})
            inner = len(owners) == 2 and len(lrs) == 1
            pieces.append(((u, w), inner))
    return pieces, neighbours
