"""The version-2 certificate of a :class:`~exactnet.regions.RegionEnumeration` (checked by :mod:`exactnet.kernel`).

Proposition ``regions(network, domain)`` or ``activation_regions(network, domain)`` about the network as a
chain circuit and the domain; evidence (see ``docs/formats/regions.md``):

* ``region-tiling`` (a complete 1-D / 2-D enumeration): ``regions = (n, m)``, every region with its interval /
  polygon (the kernel finds the neighbours with one map itself);
* ``region-cover`` (a complete ``lp`` enumeration, any dimension): every region's point and pattern, and every
  other activation pattern excluded by a Farkas certificate on a prefix of it (from the split tree):
  ``activation_regions = n`` exactly, or ``regions = (n, n)`` when the n affine maps are distinct (each
  region is then its own linear region);
* ``region-points`` (an enumeration a budget stopped): ``regions >= (n, m)``, m the number of distinct maps.

>>> from exactnet.networks.pwl import relu_network
>>> from exactnet.regions import Box, enumerate_regions
>>> cert = enumerate_regions(relu_network([[[1], [-1]]], [[0, 0]]), Box([-1], [1])).certificate
>>> cert.value, cert.status, cert.evidence["method"]
([2, 2], 'exact', 'region-tiling')
"""

from __future__ import annotations

__all__ = ["certificate_v2", "cover_evidence"]


def certificate_v2(E):
    """The version-2 :class:`~exactnet.core.certificate.Certificate` of an enumeration (see the module docstring).

    >>> from exactnet.networks.pwl import relu_network
    >>> from exactnet.regions import Box, enumerate_regions
    >>> E = enumerate_regions(relu_network([[[1], [-1]]], [[0, 0]]), Box([-1], [1]))
    >>> cert = certificate_v2(E)
    >>> cert.value, cert.status, cert.check().sentence.endswith("on [-1, 1] = (2, 2) over Q")
    ([2, 2], 'exact', True)
    >>> net = relu_network([[[1, 0, 0], [0, 1, 0], [0, 0, 1]]], [[0, 0, 0]])
    >>> c3 = certificate_v2(enumerate_regions(net, Box([-1, -1, -1], [1, 1, 1])))
    >>> c3.proposition["quantity"], c3.value, c3.evidence["method"], c3.check().verdict
    ('regions', [8, 8], 'region-cover', 'valid')
    """
    from ..core.certificate import Certificate
    from ..core.rational import to_str
    from ..networks.circuits import to_circuit

    tiling = E.complete and E.method in ("1d", "2d") and bool(E.regions)
    cover = E.complete and E.method == "lp" and E.split_tree is not None and bool(E.regions)
    regions = []
    for r in E.regions:
        d = {"point": [to_str(v) for v in r.point], "pattern": [list(p) for p in r.pattern]}
        if tiling:
            d["vertices"] = [[to_str(v) for v in vert] for vert in r.vertices]
        regions.append(d)
    method = "region-tiling" if tiling else "region-cover" if cover else "region-points"
    evidence: dict = {"method": method, "regions": regions}
    distinct = len({r.affine for r in E.regions})
    quantity, counts = "regions", [E.activation_regions, distinct]
    if tiling:
        if E.domain.to_dict()["type"] == "polytope":
            evidence["domain_vertices"] = [[to_str(v) for v in vert] for vert in E.domain.vertices]
        counts = [E.activation_regions, E.linear_regions]
    elif cover:
        evidence["excluded"] = cover_evidence(E)
        if distinct != E.activation_regions:  # the linear count needs adjacency evidence: state the exact part
            quantity, counts = "activation_regions", E.activation_regions
    obj = {"network": to_circuit(E.network).source, "domain": E.domain.to_dict()}
    return Certificate({"quantity": quantity, "object": obj, "relation": "=" if tiling or cover else ">=",
                        "value": counts, "field": "Q"}, evidence)


def cover_evidence(E) -> list:
    """The ``excluded`` partial patterns of ``region-cover`` evidence, read off the split tree of a complete
    ``lp`` enumeration: every dropped branch, as the decisions leading to it with its Farkas multipliers
    (kernel row indices: the domain's rows, then per decision one row per ReLU-type unit, k per max group)."""
    from .enumerate import domain_rows
    from ..networks.pwl import Affine, ReLU, LeakyReLU, Abs, groups_of

    sizes, rows_at, width = [], [], E.network.input_dim
    for layer, w in zip(E.network.layers, E.network.widths[1:]):
        if not isinstance(layer, Affine):
            units = [(2, 1)] * width if isinstance(layer, (ReLU, LeakyReLU, Abs)) else \
                [(len(g), len(g)) for g in groups_of(layer, width)]
            sizes.append(len(units))
            rows_at += [r for _, r in units]
        width = w
    first = [len(domain_rows(E.domain))]
    for r in rows_at:
        first.append(first[-1] + r)
    total, out, nodes = len(rows_at), [], iter(E.split_tree)

    def nested(prefix):
        parts, k = [], 0
        for s in sizes:
            if k >= len(prefix):
                break
            parts.append(list(prefix[k:k + s]))
            k += s
        return parts

    stack = [()] if total and E.split_tree else []
    while stack:  # preorder: a node per internal cell, its kept children's nodes follow in branch order
        prefix = stack.pop()
        kept = []
        for b, entry in enumerate(next(nodes)):
            if entry == 1:
                if len(prefix) + 1 < total:
                    kept.append(prefix + (b,))
                continue
            ys = sorted((first[d] + p if d >= 0 else p, y) for d, p, y in entry)
            out.append({"pattern": nested(prefix + (b,)), "farkas": [[k, y] for k, y in ys]})
        stack.extend(reversed(kept))
    return out
