"""Build the ``"linear-regions"`` certificate of a :class:`~exactnet.regions.RegionEnumeration`.

The certificate (checked by ``exactnet/checker/_regions.py``, which shares no code with this module)
holds the network, the domain, and for every region its interior point, pattern, exact affine map and,
in 1-D / 2-D, its interval / polygon with the exact measure, plus the linear-region groups with the
adjacency evidence of every merge.  A complete ``lp`` enumeration (any dimension) adds the split tree
(``split_tree``: every dropped branch with a Farkas certificate of its emptiness) and the ``separations``
(Farkas certificates that regions with one map in different linear regions share no facet).  Its status
is ``"exact"`` only when the checker can certify completeness (a complete enumeration); otherwise
``"lower-bound"`` (then ``linear_regions`` is the number of distinct affine maps, a proved lower bound).

>>> from exactnet.networks.pwl import relu_network
>>> from exactnet.regions import Box, enumerate_regions
>>> cert = enumerate_regions(relu_network([[[1], [-1]]], [[0, 0]]), Box([-1], [1])).certificate()
>>> cert.status, cert.data["activation_regions"], cert.claim
('exact', 2, 'exactly 2 activation regions and exactly 2 linear regions of the pwl-network on the box [-1, 1]')
"""

from __future__ import annotations

from ..certificates.certificate import Certificate

__all__ = ["build_certificate", "certificate_data", "completeness_checkable"]


def completeness_checkable(E) -> bool:
    """True when the checker can verify that the regions cover the domain (complete 1-D / 2-D enumerations)."""
    if not E.complete or not E.regions:
        return False
    return E.method in ("1d", "2d") or (E.method == "lp" and E.split_tree is not None)


def certificate_data(E) -> tuple[str, str, dict]:
    """``(claim, status, data)`` of the certificate (data JSON-ready)."""
    exact = completeness_checkable(E)
    geometric = E.method in ("1d", "2d")
    regions = []
    for r in E.regions:
        d = r.to_dict()
        d.pop("linear_region")
        if not geometric:
            d.pop("measure", None)
            d.pop("vertices", None)
        regions.append(d)
    if exact:
        groups: dict = {}
        for i, r in enumerate(E.regions):
            groups.setdefault(r.linear_region, []).append(i)
        linear_groups = [groups[k] for k in sorted(groups)]
        n_linear = E.linear_regions
        merges = [dict(m) for m in E.merges]
    else:
        maps: dict = {}
        for i, r in enumerate(E.regions):
            maps.setdefault(r.affine, []).append(i)
        linear_groups = list(maps.values())
        n_linear = len(linear_groups)
        merges = []
    status = "exact" if exact else "lower-bound"
    domain_text = E.domain.describe()
    if exact:
        claim = (f"exactly {E.activation_regions} activation regions and exactly {n_linear} linear regions "
                 f"of the pwl-network on {domain_text}")
    else:
        claim = (f"at least {E.activation_regions} activation regions and at least {n_linear} linear regions "
                 f"(distinct affine maps) of the pwl-network on {domain_text}")
    data = {
        "network": E.network.to_dict(),
        "domain": E.domain.to_dict(),
        "method": E.method,
        "regions": regions,
        "activation_regions": E.activation_regions,
        "linear_regions": n_linear,
        "linear_groups": linear_groups,
        "merges": merges,
    }
    if exact and E.method == "lp":
        data["split_tree"] = [list(node) for node in E.split_tree]
        data["separations"] = [dict(sep) for sep in E.separations]
    return claim, status, data


def build_certificate(E):
    """The :class:`exactnet.certificates.Certificate` of kind ``"linear-regions"``."""
    claim, status, data = certificate_data(E)
    return Certificate("linear-regions", claim, field="Q", status=status, data=data)


def _edge_index(vertices, a, b) -> int:
    """The index k of the edge ``vertices[k] -> vertices[k + 1]`` holding both a and b (2-D), or of the
    endpoint equal to a (1-D)."""
    if len(a) == 1:
        return [v[0] for v in vertices].index(a[0])
    n = len(vertices)
    for k in range(n):
        p, q = vertices[k], vertices[(k + 1) % n]
        if all((q[0] - p[0]) * (v[1] - p[1]) == (q[1] - p[1]) * (v[0] - p[0])
               and min(p[0], q[0]) <= v[0] <= max(p[0], q[0]) and min(p[1], q[1]) <= v[1] <= max(p[1], q[1])
               for v in (a, b)):
            return k
    raise ValueError("internal: a merge point is on no edge of its region")  # pragma: no cover


def certificate_v2(E):
    """The version-2 :class:`~exactnet.core.certificate.Certificate` of the region counts: proposition ``regions(network, domain)
    = (activation n, linear m)`` (method ``region-tiling``: a complete 1-D / 2-D enumeration) or ``>=``
    (method ``region-points``: the points and patterns alone).

    >>> from exactnet.networks.pwl import relu_network
    >>> from exactnet.regions import Box, enumerate_regions
    >>> E = enumerate_regions(relu_network([[[1], [-1]]], [[0, 0]]), Box([-1], [1]))
    >>> cert = certificate_v2(E)
    >>> cert.value, cert.status, cert.check().sentence.endswith("on [-1, 1] = (2, 2) over Q")
    ([2, 2], 'exact', True)
    """
    from fractions import Fraction

    from ..core.certificate import Certificate
    from ..core.rational import to_str
    from ..networks.circuits import to_circuit

    tiling = E.complete and E.method in ("1d", "2d") and bool(E.regions)
    regions = []
    for r in E.regions:
        d = {"point": [to_str(v) for v in r.point], "pattern": [list(p) for p in r.pattern]}
        if tiling:
            d["vertices"] = [[to_str(v) for v in vert] for vert in r.vertices]
        regions.append(d)
    evidence: dict = {"method": "region-tiling" if tiling else "region-points", "regions": regions}
    counts = [E.activation_regions, len({r.affine for r in E.regions})]
    if tiling:
        groups: dict = {}
        for i, r in enumerate(E.regions):
            groups.setdefault(r.linear_region, []).append(i)
        merges = []
        for m in E.merges:
            i, j = m["regions"]
            pts = [tuple(Fraction(v) for v in p) for p in m["shared"]]
            a, b = pts[0], pts[-1]
            merges.append({"regions": [i, j], "edges": [_edge_index(E.regions[k].vertices, a, b) for k in (i, j)],
                           "shared": m["shared"]})
        evidence.update(linear_groups=[groups[k] for k in sorted(groups)], merges=merges)
        if E.domain.to_dict()["type"] == "polytope":
            evidence["domain_vertices"] = [[to_str(v) for v in vert] for vert in E.domain.vertices]
        counts = [E.activation_regions, E.linear_regions]
    obj = {"network": to_circuit(E.network).source, "domain": E.domain.to_dict()}
    return Certificate({"quantity": "regions", "object": obj, "relation": "=" if tiling else ">=", "value": counts,
                        "field": "Q"}, evidence)
