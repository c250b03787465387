"""Registered checks: overlapping receptive fields and pooling geometry (Sharir & Shashua 2018, Cohen & Shashua 2017).

Each ``register(Check(...))`` here adds a claim to ``exactnet verify``; its citation and argument are in
:mod:`exactnet.claims.sources` and its proof file ``proofs/<check_id>.py`` is generated from them.  The quad-tree
generic ranks are ``cs2017-quad-tree``; the checks here add the Theorem-1 bounds, contiguous vs mirror
pooling geometry, the structured ranks at N = 64, and the small overlap model.
"""

from __future__ import annotations

from typing import Any, Mapping

from ..errors import DomainError
from ..tensors import Partition, PoolingTree
from .registry import Check, register  # noqa: F401


def _generic(facts: Mapping) -> Any:
    """The certified generic rank from the kernel's facts (an almost-everywhere equality)."""
    if facts.get("status") != "almost-everywhere" or "value" not in facts:
        raise DomainError(f"not a generic rank: {dict(facts)}")
    return facts["value"]


def _pinned(res: Any) -> Any:
    """The certificate of a structured-rank result whose generic rank is pinned (DomainError otherwise)."""
    if res.status != "almost-everywhere":
        raise DomainError(f"the generic rank is not pinned: {res}")
    return res.certificate


# ------------------------------------------------------------------------------------- Theorem-1 bounds
_THM1 = [((3, 3), "odd-even", {"c1_max": 3, "upper": 243, "generic_rank": 81}),
         ((2, 2), "odd-even", {"lower": 16, "generic_rank": 16}),
         ((2, 2), "low-high", {"upper": 2, "generic_rank": 2})]


def _thm1(p: Mapping):
    from .geometry_bounds import thm1_certificate

    return thm1_certificate(PoolingTree.from_windows(16, 4), 2, tuple(p["widths"]), p["partition"])


register(Check(
    id="cs2017-thm1-bounds",
    title="ICLR-2017 Theorem 1: lower min(r_0,M)^S and upper c^{l,k} bounds next to the certified generic rank",
    claim=("For the quad-tree ConvAC (N=16, M=2), the Theorem-1 lower bound min(r_0, M)^S (S = split windows) and "
           "the c^{l,k} recursion upper bound enclose the certified generic rank of the matricization."),
    source="Cohen, Shashua, ICLR 2017 (pooling geometry), Theorem 1",
    instances=tuple(
        {"name": f"N16_M2_r{'-'.join(map(str, ws))}_{part}", "params": {"widths": list(ws), "partition": part},
         "expected": exp}
        for ws, part, exp in _THM1
    ),
    prove=_thm1,
    value=lambda s, c: _thm1_value(s, c),
))


def _thm1_value(facts: Mapping, cert) -> dict:
    """The certified generic rank and the Theorem-1 bounds it entails (lower <= rank <= upper), for the keys
    stated by the instance of this certificate (matched on the row modes and the widths of the architecture:
    r_0 = rows of the first convolution, r_1 = columns of the output layer)."""
    from .geometry_bounds import pooling_bounds

    obj = cert.proposition["object"]
    shapes = [n["shape"] for n in obj["architecture"]["nodes"] if n["op"] == "affine"]
    ws, rows, R = (shapes[0][0], shapes[-1][1]), tuple(obj["rows"]), _generic(facts)
    for w, part, exp in _THM1:
        if w == ws and tuple(Partition.named(part, 16).rows) == rows:
            b = pooling_bounds(PoolingTree.from_windows(16, 4), 2, ws, part)
            if not b.lower <= R <= b.upper:
                raise DomainError(f"the certified rank {R} lies outside the Theorem-1 bounds [{b.lower}, {b.upper}]")
            got = {"lower": b.lower, "upper": b.upper, "c1_max": max(b.c_level1), "generic_rank": R}
            return {k: got[k] for k in exp}
    raise DomainError("no instance of this check has this architecture and partition")


# ------------------------------------------------------------------------------------- pooling geometry
def _outer_inner(N: int) -> list[int]:
    """Rows = the outer quarters {0..N/4-1} and {3N/4..N-1}: the first N/4 mirror pairs (symmetric)."""
    return [i for i in range(N) if i < N // 4 or i >= N - N // 4]


_GEOMETRY = [("contiguous", "low-high", 2),
             ("mirror", "low-high", 16),
             ("mirror", "outer-inner", 2),
             ("contiguous", "odd-even", 16)]


def _geometry(p: Mapping):
    from .geometry_bounds import named_geometry_tree
    from .structured import structured_rank

    tree = named_geometry_tree(8, 2, p["geometry"])
    part = _outer_inner(8) if p["partition"] == "outer-inner" else p["partition"]
    return _pinned(structured_rank(tree, part, M=2, widths=(2, 2, 2)))


register(Check(
    id="cs2017-geometry",
    title="Pooling geometry: contiguous vs mirror binary trees (N=8, M=2, r=2): which partitions get high rank",
    claim=("With contiguous pooling the low/high partition has generic rank r_top = 2 and odd/even the maximum 16; "
           "with mirror pooling (mode i pooled with N-1-i first) low/high gets the maximum 16 and the symmetric "
           "outer/inner partition (rows {0,1,6,7}) only 2."),
    source="Cohen, Shashua, ICLR 2017, section 6 (pooling geometry) and Theorem 1",
    instances=tuple(
        {"name": f"N8_M2_r2_{geo}_{part}", "params": {"geometry": geo, "partition": part}, "expected": R}
        for geo, part, R in _GEOMETRY
    ),
    prove=_geometry,
    value=lambda s, c: _generic(s),
))


# ------------------------------------------------------------------------------------- structured ranks, N = 64
_N64 = [("low-high", 4),
        ("blocks-16", 16),
        # blocks of 8 (rank 256) are certified too, but checking the 256 x 256 minor takes ~2 s: see
        # tests/overlap/test_structured_n64.py and benchmarks/bench_structured.py
        ("odd-even", 4 ** 32)]


def _n64(p: Mapping):
    from .structured import generic_odd_even_rank, structured_rank

    tree = PoolingTree.binary(64)
    name = p["partition"]
    if name == "odd-even":
        res = generic_odd_even_rank(tree, 4, 4)
    else:
        part = Partition.blocks(64, int(name.split("-")[1])) if name.startswith("blocks-") else name
        res = structured_rank(tree, part, M=4, widths=4)
    return _pinned(res)


register(Check(
    id="cs2017-structured-n64",
    title="Structured ranks at N=64, M=4, widths 4 (grid tensor of 4^64 entries, never formed)",
    claim=("For almost every weight setting of the binary-tree ConvAC with N=64, M=4, r_l=4, the low/high, "
           "block and odd/even matricizations have ranks 4, 16 (blocks of 16) and 4^32, "
           "certified without forming the grid tensor (skeleton minors, Kronecker witness, structural bounds)."),
    source="Cohen, Sharir & Shashua 2016, Theorem 1, at scale",
    instances=tuple({"name": f"N64_M4_r4_{name}", "params": {"partition": name}, "expected": R}
                    for name, R in _N64),
    prove=_n64,
    value=lambda s, c: _generic(s),
))


# ------------------------------------------------------------------------------------- overlap toy model
_TOY = [(8, 2, [(2, 2, 2)] * 3, "left-right", 2),
        (8, 2, [(2, 1, 2)] * 7, "left-right", 16),
        (8, 2, [(3, 1, 2), (2, 2, 2), (3, 1, 2)], "left-right", 8),
        (8, 2, [(4, 2, 2), (3, 1, 2)], "left-right", 4),
        (8, 2, [(2, 2, 2)] * 3, "odd-even", 16),
        (8, 2, [(3, 1, 2), (2, 2, 2), (3, 1, 2)], "odd-even", 16),
        (8, 2, [(2, 1, 2)] * 7, "odd-even", 16),
        (4, 3, [(2, 2, 2), (2, 2, 1)], "left-right", 1),
        (4, 3, [(2, 2, 3), (2, 2, 1)], "left-right", 1),
        (4, 3, [(2, 1, 2), (3, 1, 1)], "left-right", 2),
        (4, 3, [(2, 1, 3), (3, 1, 1)], "left-right", 3)]


def _toy_name(N, M, layers, part) -> str:
    from .overlap import _layers_text

    text = _layers_text(layers).replace(" ", "_").replace("(", "").replace(")", "").replace(",", "-")
    return f"N{N}_M{M}_{text}_{part}"


def _toy(p: Mapping):
    from .overlap import gc_generic_rank

    res = gc_generic_rank((p["N"],), p["M"], [tuple(x) for x in p["layers"]], p["partition"], seeds=range(8),
                          certify=True)
    cert = res.certificate
    if res.status != "almost-everywhere" or cert is None or (cert.kind, cert.relation) != ("generic_matricization_rank", "="):
        raise DomainError(f"the generic rank is not pinned: {res}")
    return res.certificate


register(Check(
    id="ss2018-toy",
    title="Overlapping GC ConvACs: left/right and odd/even generic ranks",
    claim=("For almost every shared weight setting of the 1-D GC ConvAC toy model (one-hot templates), the "
           "left/right and odd/even matricizations have the tabulated ranks; overlaps (stride < receptive field) "
           "lift the left/right rank above the non-overlapping tree's r_top (N=8, M=2, r=2: 2 vs 16)."),
    source="Sharir, Shashua, ICLR 2018 (abstract; model recalled)",
    instances=tuple({"name": _toy_name(N, M, layers, part),
                     "params": {"N": N, "M": M, "layers": [list(x) for x in layers], "partition": part},
                     "expected": R}
                    for N, M, layers, part, R in _TOY),
    prove=_toy,
    value=lambda s, c: _generic(s),
))
