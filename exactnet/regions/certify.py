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

from ..certificates import Certificate

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
