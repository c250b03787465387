"""Exact level sets of one output of a piecewise-linear network over an enumeration's regions.

On every activation region the network is one affine map ``x -> A x + c``, so the level set
``{x in region : output_j(x) = level}`` of output ``j`` is the intersection of a hyperplane with a convex
polygon (2-D) or interval (1-D): a segment, a point, empty, or the whole region (when that output is constant
and equal to ``level`` there).  :func:`level_set` computes these pieces with exact rational endpoints
(field Q, status exact for a complete enumeration), the zero level set by default: the decision boundary of a
network whose output is a score (or a difference of two class scores).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ..core.rational import as_int, as_rational
from ..errors import InvalidArgumentError
from ..errors import describe_value as describe

__all__ = ["LevelSet", "level_set"]


@dataclass(frozen=True)
class LevelSet:
    """The exact level set ``{x : output_j(x) = level}`` over the regions of an enumeration (frozen).

    Attributes
    ----------
    output : int
        The output index ``j`` (0-based).
    level : Fraction
        The level (0 for the zero level set / decision boundary).
    segments : tuple
        Pieces of dimension 1 in a 2-D domain: ``(p, q)`` pairs of exact points (tuples of Fraction), one
        per region the level set crosses, de-duplicated (a piece on an edge shared by two regions appears once).
    points : tuple
        Isolated points (exact tuples): in 1-D the zeros of ``output_j - level``; in 2-D the polygon vertices
        the level set only touches.
    flat_regions : tuple of int
        Indices (into ``enumeration.regions``) of regions on which the output equals ``level`` everywhere.
    field : str
        ``"Q"``: every coordinate is an exact rational.
    status : str
        ``"exact"`` when the enumeration is complete, else ``"lower-bound"`` (pieces in regions not found are
        missing).
    """

    output: int
    level: Fraction
    segments: tuple
    points: tuple
    flat_regions: tuple
    field: str = "Q"
    status: str = "exact"


def _affine_row(region: Any, output: int) -> tuple[list[Fraction], Fraction]:
    A, c = region.affine
    return list(A.to_fractions()[output]), c.to_fractions()[output]


def level_set(enumeration: Any, output: int = 0, level: Any = 0) -> LevelSet:
    """The exact level set ``{x : output_j(x) = level}`` of a 1-D or 2-D region enumeration.

    Parameters
    ----------
    enumeration : RegionEnumeration
        From :func:`exactnet.regions.enumerate_regions` over a 1-D or 2-D domain.
    output : int
        The output index (0-based).
    level : rational
        Exact (int, Fraction or string such as ``"1/2"``; floats refused).

    Returns
    -------
    LevelSet
        Segments, isolated points and flat regions, with exact rational coordinates.

    Examples
    --------
    The zero level set of ``relu(x0) + relu(x1) - 1`` on ``[-2, 2]^2`` is the boundary of the unit
    "diamond" in the positive quadrant: two axis pieces and one diagonal.

    >>> from exactnet.networks.pwl import relu_network
    >>> from exactnet.regions import Box, enumerate_regions
    >>> net = relu_network([[[1, 0], [0, 1]]], [[0, 0]], output_weights=[[1, 1]], output_bias=[-1])
    >>> L = level_set(enumerate_regions(net, Box([-2, -2], [2, 2])))
    >>> sorted(tuple(tuple(str(v) for v in p) for p in seg) for seg in L.segments)
    [(('-2', '1'), ('0', '1')), (('0', '1'), ('1', '0')), (('1', '-2'), ('1', '0'))]
    >>> L.status, L.field
    ('exact', 'Q')
    """
    from .enumerate import RegionEnumeration

    if not isinstance(enumeration, RegionEnumeration):
        raise InvalidArgumentError(f"Argument 'enumeration' must be a RegionEnumeration, not {describe(enumeration)}")
    dim = enumeration.network.input_dim
    if dim > 2:
        raise InvalidArgumentError(f"Argument 'enumeration' must be over a 1-D or 2-D domain, not {dim}-D")
    out_dim = enumeration.network.output_dim
    j = as_int(output, "output")
    if not 0 <= j < out_dim:
        raise InvalidArgumentError(
            f"Argument 'output' must be an output index in 0..{out_dim - 1} (0-based), not {output!r}")
    t = as_rational(level, "level")
    segments: dict = {}
    points: set = set()
    flat: list[int] = []
    for idx, region in enumerate(enumeration.regions):
        a, c = _affine_row(region, j)
        c = c - t
        verts = list(region.vertices)
        if all(v == 0 for v in a):
            if c == 0:
                flat.append(idx)
            continue
        vals = [sum((ai * xi for ai, xi in zip(a, v)), Fraction(0)) + c for v in verts]
        if dim == 1:
            if vals[0] * vals[1] <= 0:  # the zero of a[0] x + c lies in [lo, hi]
                points.add((verts[0][0] - vals[0] / a[0],))
            continue
        hits: list = []
        for k in range(len(verts)):
            p, q = verts[k], verts[(k + 1) % len(verts)]
            sp, sq = vals[k], vals[(k + 1) % len(verts)]
            if sp == 0:
                hits.append(p)
            if sp * sq < 0:
                s = sp / (sp - sq)
                hits.append((p[0] + s * (q[0] - p[0]), p[1] + s * (q[1] - p[1])))
        distinct = sorted(set(hits))
        if len(distinct) >= 2:  # a line meets a convex polygon in one segment: its two extreme points
            segments[(distinct[0], distinct[-1])] = None
        elif len(distinct) == 1:
            points.add(distinct[0])
    on_segment = {p for seg in segments for p in seg}
    return LevelSet(output=j, level=t, segments=tuple(segments), points=tuple(sorted(points - on_segment)),
                    flat_regions=tuple(flat), status="exact" if enumeration.complete else "lower-bound")
