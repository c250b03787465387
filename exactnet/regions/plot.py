"""Pictures of region enumerations (matplotlib is imported lazily, only when plotting)."""

from __future__ import annotations

import os
from typing import Any

from ..errors import InvalidArgumentError
from ..errors import describe_value as describe

__all__ = ["plot_regions"]


def plot_regions(enumeration: Any, path: str | os.PathLike) -> str:
    """Draw the regions to ``path`` (PNG/SVG/PDF by extension) and return the path as a string.

    2-D: the polygons, one colour per activation region (neighbours get different colours when the
    20-colour palette allows it); boundaries between different linear regions are drawn solid, edges
    between activation regions of one linear region dotted.  1-D: the graph of the (first) output,
    coloured by linear region, with its breakpoints marked.

    >>> import tempfile, os
    >>> from exactnet.networks.pwl import relu_network
    >>> from exactnet.regions import Box, enumerate_regions
    >>> E = enumerate_regions(relu_network([[[1], [-1]]], [[0, "1/2"]], output_weights=[[1, 1]]), Box([-1], [1]))
    >>> out = plot_regions(E, os.path.join(tempfile.mkdtemp(), "r.png"))
    >>> os.path.getsize(out) > 0
    True
    """
    from .enumerate import RegionEnumeration

    if not isinstance(enumeration, RegionEnumeration):
        raise InvalidArgumentError(f"Argument 'enumeration' must be a RegionEnumeration, not {describe(enumeration)}")
    dim = enumeration.network.input_dim
    if dim > 2:
        raise InvalidArgumentError(f"Argument 'enumeration' must be over a 1-D or 2-D domain to be drawn, not {dim}-D")
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt
    from matplotlib.patches import Polygon

    fig, ax = plt.subplots(figsize=(6, 5))
    cmap = plt.get_cmap("tab20")
    regions = enumeration.regions
    if dim == 2:
        colours, pieces = _edge_structure(regions)
        for k, r in enumerate(regions):
            pts = [(float(x), float(y)) for x, y in r.vertices]
            ax.add_patch(Polygon(pts, closed=True, facecolor=cmap(colours[k] % 20), edgecolor="none"))
        for (p, q), inner in pieces:
            ax.plot([float(p[0]), float(q[0])], [float(p[1]), float(q[1])], color="0.2" if inner else "black",
                    linewidth=0.7 if inner else 1.0, linestyle=(0, (2, 2)) if inner else "-")
        lo, hi = enumeration.domain.lower, enumeration.domain.upper
        ax.set_xlim(float(lo[0]), float(hi[0]))
        ax.set_ylim(float(lo[1]), float(hi[1]))
        ax.set_xlabel("x0")
        ax.set_ylabel("x1")
        ax.set_aspect("equal", adjustable="box")
    else:
        for k, r in enumerate(regions):
            A, c = r.affine
            a, b = A.to_fractions()[0, 0], c.to_fractions()[0]
            (lo,), (hi,) = r.vertices
            xs = [float(lo), float(hi)]
            ys = [float(a * lo + b), float(a * hi + b)]
            ax.plot(xs, ys, color=cmap(r.linear_region % 20), linewidth=1.5)
            ax.plot([xs[0]], [ys[0]], "k.", markersize=4)
        ax.set_xlabel("x0")
        ax.set_ylabel("output 0")
    ax.set_title(f"{enumeration.activation_regions} activation regions, {enumeration.linear_regions} linear regions"
                 + ("" if enumeration.complete else " (partial)"))
    fig.tight_layout()
    out = os.fspath(path)
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return out


def _edge_structure(regions):
    """(colour index per region, [((p, q), inner)]): greedy colours with neighbours distinct, and every edge
    piece (exact endpoints) marked ``inner`` when both sides belong to one linear region.

    >>> from fractions import Fraction as F
    >>> from types import SimpleNamespace as R
    >>> sq = lambda x0, lr: R(vertices=((F(x0), F(0)), (F(x0 + 1), F(0)), (F(x0 + 1), F(1)), (F(x0), F(1))),
    ...                      linear_region=lr)
    >>> colours, pieces = _edge_structure([sq(0, 0), sq(1, 0), sq(2, 1)])
    >>> colours[0] != colours[1] != colours[2], [inner for _, inner in pieces].count(True)
    (True, 1)
    """
    import math

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
    neighbours: list = [set() for _ in regions]
    pieces = []
    for segs in lines.values():
        axis = segs[0][3]
        cuts = sorted({v for lo, hi, _, _ in segs for v in (lo, hi)}, key=lambda v: v[axis])
        for u, w in zip(cuts, cuts[1:]):
            mid = (u[axis] + w[axis]) / 2
            owners = [i for lo, hi, i, _ in segs if lo[axis] < mid < hi[axis]]
            if not owners:
                continue
            for x in owners:
                neighbours[x].update(o for o in owners if o != x)
            inner = len(owners) == 2 and regions[owners[0]].linear_region == regions[owners[1]].linear_region
            pieces.append(((u, w), inner))
    colours: list = []
    for i in range(len(regions)):
        used = {colours[j] for j in neighbours[i] if j < i}
        colours.append(next(((i + t) % 20 for t in range(20) if (i + t) % 20 not in used), i % 20))
    return colours, pieces
