"""Pictures of region enumerations (matplotlib is imported lazily, only when plotting)."""

from __future__ import annotations

import os
from typing import Any

from ..errors import InvalidArgumentError
from ..errors import describe_value as describe

__all__ = ["plot_regions"]


def plot_regions(enumeration: Any, path: str | os.PathLike) -> str:
    """Draw the regions to ``path`` (PNG/SVG/PDF by extension) and return the path as a string.

    2-D: the polygons, coloured by activation pattern (edges between regions of one linear region
    are drawn thin).  1-D: the graph of the (first) output with its breakpoints marked.

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
        for k, r in enumerate(regions):
            pts = [(float(x), float(y)) for x, y in r.vertices]
            ax.add_patch(Polygon(pts, closed=True, facecolor=cmap(k % 20), edgecolor="black", linewidth=0.4))
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
