"""Registered checks: linear regions (Montufar et al. 2014, Serra et al. 2018).

Each ``register(Check(...))`` here adds instances to ``exactnet verify``; the claims library
(:mod:`exactnet.claims`) holds its citation and generates ``proofs/<check_id>.py``.

Every instance builds one version-2 certificate (:func:`region_bound_certificate`), checked by the kernel:
the values of bound formulas (``bound_value``, recomputed by the kernel with their hypotheses) and, where
a construction is attached, ``max_activation_regions(architecture) >= n`` from its exact region count (rule
``max-regions-from-construction`` on its ``regions`` certificate), or ``= n`` when n meets an upper bound of
the same architecture (rule ``equal-from-lower-and-upper`` with the bound's theorem); several of them are
joined by the rule ``conjunction``.  :func:`region_bound_facts` reads the certified numbers back.  Counts are
activation regions (Serra Def. 2).

Examples
--------
>>> from exactnet.regions.constructions import convex_path_construction
>>> c = region_bound_certificate([{"name": "relu-width2-path", "n0": 1, "widths": [2, 2]}],
...                              construction=convex_path_construction(2))
>>> c.status, region_bound_facts(c)
('exact', {'values': {'relu-width2-path': 7}, 'construction_regions': 7, 'maximum': 7})
"""

from __future__ import annotations

import operator
from typing import Any, Mapping, Sequence

from ..errors import InvalidArgumentError
from ..errors import describe_value as _describe
from .registry import Check, register

__all__ = ["region_bound_certificate", "region_bound_facts", "conjunction_certificate"]

_OPS = {"<": operator.lt, "<=": operator.le, "==": operator.eq, ">=": operator.ge, ">": operator.gt}


def _node(cert) -> dict:
    return {"proposition": cert.proposition, "evidence": cert.evidence}


def conjunction_certificate(parts: Sequence[Any]):
    """One version-2 certificate of several (rule ``conjunction``); a single part is returned as it is."""
    from ..core.certificate import Certificate

    if len(parts) == 1:
        return parts[0]
    return Certificate({"quantity": "conjunction", "object": [c.proposition for c in parts], "relation": "holds",
                        "value": None, "field": "Q"}, {"rule": "conjunction", "premises": [_node(c) for c in parts]})


def region_bound_certificate(bounds: Sequence[Mapping], *, construction: Any = None,
                             relations: Sequence[Mapping] = (), time_budget: float | None = None):
    """Bound values and a construction's region count as one version-2 certificate (see the module docstring).

    Parameters
    ----------
    bounds : sequence of mappings
        ``{"name", "n0", "widths"}`` (+ ``"k"`` / ``"pieces"``, and an optional ``"label"`` that
        ``relations`` may use); ``name`` is a key of :data:`exactnet.regions.bounds.BOUND_NAMES`.
    construction : Construction or RegionEnumeration, optional
        Enumerated exactly (if a Construction); its count is a lower bound on the maximum of its architecture,
        and the maximum itself when it meets an upper bound of the list for that architecture.
    relations : sequence of ``{"left", "op", "right"}``
        Comparisons of labels (or ``"construction"``) that must hold between the certified numbers
        (``InvalidArgumentError`` otherwise); they follow from the certified values and are not stored.
    """
    from ..regions import RegionEnumeration, enumerate_regions
    from ..regions.bounds import bound_certificate, construction_certificate, maximum_certificate
    from ..regions.constructions import Construction

    parts, numbers = [], {}
    for i, b in enumerate(bounds):
        if not isinstance(b, Mapping) or not {"name", "n0", "widths"} <= set(b):
            raise InvalidArgumentError(f"Argument 'bounds[{i}]' must be a mapping with name, n0, widths, not {_describe(b)}")
        c = bound_certificate(b["name"], b["n0"], b["widths"], k=b.get("k"), pieces=b.get("pieces"))
        parts.append(c)
        numbers[b.get("label", b["name"])] = c.value
    if construction is not None:
        if isinstance(construction, Construction):
            E = enumerate_regions(construction.network, construction.domain, time_budget=time_budget)
        elif isinstance(construction, RegionEnumeration):
            E = construction
        else:
            raise InvalidArgumentError(
                f"Argument 'construction' must be a Construction or RegionEnumeration, not {_describe(construction)}")
        lower = construction_certificate(E)
        numbers["construction"] = lower.value
        arch = lower.proposition["object"]
        for b, c in zip(bounds, parts):
            same = {key: v for key, v in c.proposition["object"].items() if key != "formula"} == \
                {key: v for key, v in arch.items() if key != "unit"}
            if same and c.value == lower.value and E.complete:
                try:
                    lower = maximum_certificate(E, b["name"], k=arch.get("k"))
                    break
                except InvalidArgumentError:  # a lower-bound theorem, or another unit
                    continue
        parts.append(lower)
    for r in relations:
        left, right = numbers.get(r["left"]), numbers.get(r["right"])
        if left is None or right is None or r["op"] not in _OPS or not _OPS[r["op"]](left, right):
            raise InvalidArgumentError(f"Argument 'relations' must hold between the certified numbers {numbers}, "
                                       f"not {_describe(dict(r))}")
    return conjunction_certificate(parts)


def region_bound_facts(cert: Any) -> dict:
    """The numbers a (checked) :func:`region_bound_certificate` proves: ``values`` (formula -> value),
    ``construction_regions`` and ``maximum`` (when a construction was attached and meets an upper bound)."""
    p = cert.proposition
    props = p["object"] if p["quantity"] == "conjunction" else [p]
    out: dict = {"values": {q["object"]["formula"]: q["value"] for q in props if q["quantity"] == "bound_value"}}
    for q in props:
        if q["quantity"] == "max_activation_regions":
            out["construction_regions"] = q["value"]
            if q["relation"] == "=":
                out["maximum"] = q["value"]
    return out


# ============================================================================================ helpers
def _dash(ws) -> str:
    return "-".join(str(w) for w in ws)


def _b(label: str, name: str, n0: int, widths, **extra) -> dict:
    return {"label": label, "name": name, "n0": n0, "widths": list(widths), **extra}


def _facts(c: Any) -> dict:
    return region_bound_facts(c)


def _C():
    from ..regions import constructions

    return constructions


# ============================================================================================ checks
_FOLD = [((2, 2), 7, 6), ((3, 3), 13, 12), ((4, 4), 21, 20), ((2, 2, 2), 14, 12), ((2, 3, 4), 32, 30),
         ((3, 3, 3), 37, 36), ((4, 4, 4), 82, 80)]


def _prove_folding(p: Mapping):
    ws = tuple(p["widths"])
    bounds = [_b("theorem4", "montufar2014-thm4", 1, ws), _b("serra_upper", "serra2018-thm1", 1, ws)]
    if len(ws) == 2 and ws[0] == 2:
        bounds.append(_b("path_upper", "relu-width2-path", 1, ws))
    rel = {"left": "construction", "op": ">=" if p["rescale"] else "<", "right": "theorem4"}
    return region_bound_certificate(bounds, construction=_C().montufar_folding(1, ws, rescale=p["rescale"]),
                                    relations=[rel])


register(Check(
    id="montufar2014-folding",
    title="The folding construction (n0 = 1): exact region counts vs Theorem 4's lower bound",
    claim=("Montufar et al.'s folding construction with per-layer rescaling has the stated exact number of "
           "activation regions on R, at least Theorem 4's bound prod floor(n_i/n0)^n0 * sum_j C(n_L, j); without "
           "the rescaling, widths (2,2,2) fall short of it."),
    source="Montufar, Pascanu, Cho, Bengio 2014, Theorem 4 and its construction",
    instances=tuple(
        {"name": f"n0-1_w{_dash(ws)}", "params": {"widths": list(ws), "rescale": True},
         "expected": {"regions": R, "theorem4": T}}
        for ws, R, T in _FOLD
    ) + ({"name": "n0-1_w2-2-2_unscaled", "params": {"widths": [2, 2, 2], "rescale": False},
          "expected": {"regions": 8, "theorem4": 12}},),
    prove=_prove_folding,
    value=lambda s, c: {"regions": _facts(c)["construction_regions"], "theorem4": _facts(c)["values"]["montufar2014-thm4"]},
))


def _prove_deep_vs_shallow(p: Mapping):
    ws = tuple(p["widths"])
    bounds = [_b("shallow_max", "zaslavsky", 1, (sum(ws),)), _b("theorem4", "montufar2014-thm4", 1, ws)]
    return region_bound_certificate(bounds, construction=_C().montufar_folding(1, ws),
                                    relations=[{"left": "construction", "op": ">", "right": "shallow_max"}])


register(Check(
    id="montufar2014-deep-vs-shallow",
    title="Deep beats shallow: the folding construction vs the one-layer maximum with as many units",
    claim=("The deep folding construction (n0 = 1) has more activation regions than any one-hidden-layer ReLU "
           "network with the same total number of units can have (Zaslavsky: sum_{j<=n0} C(N, j) = N + 1)."),
    source="Montufar et al. 2014, Corollary 5 and section 3.2 (Zaslavsky)",
    instances=tuple(
        {"name": f"n0-1_w{_dash(ws)}", "params": {"widths": list(ws)},
         "expected": {"deep": R, "shallow_max": sum(ws) + 1}}
        for ws, R, _ in _FOLD if ws in ((2, 3, 4), (3, 3, 3), (4, 4, 4))
    ),
    prove=_prove_deep_vs_shallow,
    value=lambda s, c: {"deep": _facts(c)["construction_regions"], "shallow_max": _facts(c)["values"]["zaslavsky"]},
))


def _prove_folding_2d(p: Mapping):
    ws = tuple(p["widths"])
    bounds = [_b("theorem4", "montufar2014-thm4", 2, ws), _b("serra_upper", "serra2018-thm1", 2, ws)]
    rel = [{"left": "construction", "op": ">=", "right": "theorem4"}]
    if p.get("shallow"):
        bounds.append(_b("shallow_max", "zaslavsky", 2, (sum(ws),)))
        rel.append({"left": "construction", "op": ">", "right": "shallow_max"})
    return region_bound_certificate(bounds, construction=_C().montufar_folding(2, ws), relations=rel)


def _folding_2d_value(s: Mapping, c: Any) -> dict:
    f = _facts(c)
    v, n = f["values"], f["construction_regions"]
    out = {"theorem4": v["montufar2014-thm4"], "reaches_theorem4": n >= v["montufar2014-thm4"]}
    if "zaslavsky" in v:
        out.update(shallow_max=v["zaslavsky"], beats_shallow=n > v["zaslavsky"])
    return out


register(Check(
    id="montufar2014-folding-n0-2",
    title="The folding construction on R^2: exact 2-D region counts reach Theorem 4 and beat one wide layer",
    claim=("With n0 = 2 inputs, Montufar et al.'s folding construction (each coordinate folded by its own group "
           "of units, per-layer rescaling, a last layer of lines in general position) has at least Theorem 4's "
           "prod floor(n_i/n0)^n0 * sum_{j<=n0} C(n_L, j) activation regions, counted exactly by 2-D polygon "
           "splitting; with widths (4, 4, 4) that exceeds the Zaslavsky maximum of one layer with 12 units."),
    source="Montufar, Pascanu, Cho, Bengio 2014, Theorem 4 and Corollary 5",
    instances=(
        {"name": "w4-4", "params": {"widths": [4, 4]}, "expected": {"theorem4": 44, "reaches_theorem4": True}},
        {"name": "w6-6", "params": {"widths": [6, 6]}, "expected": {"theorem4": 198, "reaches_theorem4": True}},
        {"name": "w4-4-4_vs_shallow", "params": {"widths": [4, 4, 4], "shallow": True},
         "expected": {"theorem4": 176, "reaches_theorem4": True, "shallow_max": 79, "beats_shallow": True}},
    ),
    prove=_prove_folding_2d,
    value=_folding_2d_value,
))


_ZAS = [(2, 2, 4), (2, 3, 7), (2, 4, 11), (3, 3, 8)]

register(Check(
    id="zaslavsky-one-layer",
    title="One hidden layer: the maximum is sum_{j<=n0} C(n1, j), reached in general position",
    claim=("n1 ReLUs on R^n0 have at most sum_{j=0}^{n0} C(n1, j) activation regions (Zaslavsky), and a layer "
           "whose hyperplanes are in general position reaches it: the maximum is exactly that number."),
    source="Zaslavsky 1975, as restated by Serra et al. 2018 section 3.1",
    instances=tuple(
        {"name": f"n0-{n0}_n1-{n1}", "params": {"n0": n0, "n1": n1}, "expected": R}
        for n0, n1, R in _ZAS
    ),
    prove=lambda p: region_bound_certificate([_b("zaslavsky", "zaslavsky", p["n0"], (p["n1"],))],
                                             construction=_C().general_position_layer(p["n0"], p["n1"])),
    value=lambda s, c: _facts(c)["maximum"],
))


def _serra_construction(p: Mapping):
    C = _C()
    ws = tuple(p["widths"])
    if p.get("explicit"):
        return C.three_unit_folding(len(ws))
    if ws[0] == 1 and len(ws) == 2:
        return C.cut_network(ws[1])
    if ws[0] == 2 and len(ws) == 2:
        return C.convex_path_construction(ws[1])
    return C.serra_n0_1(ws)


def _prove_serra(p: Mapping):
    ws = tuple(p["widths"])
    bounds = [_b("serra_upper", "serra2018-thm1", 1, ws)]
    if min(ws) >= 3:
        bounds.append(_b("theorem5", "serra2018-thm5", 1, ws))
    if len(ws) == 2 and ws[0] == 2:
        bounds.append(_b("path_upper", "relu-width2-path", 1, ws))
    return region_bound_certificate(bounds, construction=_serra_construction(p))


_SERRA = [((3, 3), False, 16), ((3, 3), True, 16),
          ((3, 3, 3), False, 64), ((3, 3, 3), True, 64),
          ((1, 3), False, 5), ((3, 1), False, 8),
          ((2, 3), False, 9), ((3, 2), False, 12),
          ((2, 2), False, 7), ((4, 4, 4), False, 125)]

register(Check(
    id="serra2018-n0-1",
    title="n0 = 1: exact maxima, prod (n_l + 1) when every n_l >= 3 (Theorem 5), 3 + 2 n2 for widths (2, n2)",
    claim=("For one input, an explicit network reaches the least applicable upper bound (Serra et al.'s Theorem 1 / "
           "Theorem 5, or the convex-path bound 3 + 2 n2 for widths (2, n2)), so that bound is the exact maximum."),
    source="Serra, Tjandraatmadja, Ramalingam 2018, Theorems 1 and 5",
    instances=tuple(
        {"name": f"w{_dash(ws)}{'_explicit' if ex else ''}", "params": {"widths": list(ws), "explicit": ex},
         "expected": R}
        for ws, ex, R in _SERRA
    ),
    prove=_prove_serra,
    value=lambda s, c: _facts(c)["maximum"],
))


def _prove_maxout(p: Mapping):
    k, L = p["k"], p["L"]
    ws = (1,) * L
    bounds = [_b("line_upper", "maxout-width1-line", 1, ws, k=k)]
    if k == 2:
        bounds.append(_b("theorem8", "montufar2014-thm8", 1, ws, k=k))
    C = _C()
    construction = C.maxout_abs_folding(L) if k == 2 else C.maxout_line_construction(k)
    return region_bound_certificate(bounds, construction=construction)


register(Check(
    id="montufar2014-maxout",
    title="Width-1 maxout on R: the maximum is 1 + (k-1)(2^L - 1); Theorem 8's k^(L+n0-1) fails for k >= 3",
    claim=("A width-1, depth-L, rank-k maxout network on R has at most 1 + (k-1)(2^L - 1) regions (convexity: the "
           "preimage of a point at most doubles per layer) and explicit weights reach it, so that is the maximum: "
           "2^L for k = 2 (= Theorem 8's k^(L+n0-1)), but 7 < 9 for k = 3, L = 2 (Theorem 8 as quoted is refuted "
           "for n0 = 1, k >= 3)."),
    source="Montufar et al. 2014, Theorem 8 (quoted)",
    instances=(
        {"name": "k2_L2", "params": {"k": 2, "L": 2}, "expected": 4},
        {"name": "k2_L3", "params": {"k": 2, "L": 3}, "expected": 8},
        {"name": "k2_L4", "params": {"k": 2, "L": 4}, "expected": 16},
        {"name": "k3_L2", "params": {"k": 3, "L": 2}, "expected": 7},
        {"name": "k4_L2", "params": {"k": 4, "L": 2}, "expected": 10},
        {"name": "k3_L2_theorem8-as-quoted", "params": {"k": 3, "L": 2}, "expected": 9},
    ),
    prove=_prove_maxout,
    value=lambda s, c: _facts(c)["maximum"],
))


def _prove_serra_bounds(p: Mapping):
    n0, ws = p["n0"], tuple(p["widths"])
    if p["case"] == "upper-vs-montufar2017":
        bounds = [_b("serra_upper", "serra2018-thm1", n0, ws), _b("montufar2017_upper", "montufar2017-upper", n0, ws)]
        rel = [{"left": "serra_upper", "op": "<=", "right": "montufar2017_upper"}]
    elif p["case"] == "lower-and-upper":
        bounds = [_b("montufar_lower", "montufar2014-thm4", n0, ws), _b("serra_lower", "serra2018-thm6", n0, ws),
                  _b("serra_upper", "serra2018-thm1", n0, ws)]
        rel = [{"left": "montufar_lower", "op": "<=", "right": "serra_lower"},
               {"left": "serra_lower", "op": "<=", "right": "serra_upper"}]
    else:  # deep-vs-shallow for large n0
        bounds = [_b("deep_upper", "serra2018-thm1", n0, ws), _b("shallow_max", "zaslavsky", n0, (sum(ws),))]
        rel = [{"left": "deep_upper", "op": "<", "right": "shallow_max"}]
    return region_bound_certificate(bounds, relations=rel)


_LABELS = {"serra2018-thm1": "serra_upper", "montufar2017-upper": "montufar2017_upper",
           "montufar2014-thm4": "montufar_lower", "serra2018-thm6": "serra_lower", "zaslavsky": "shallow_max"}


def _serra_bounds_value(s: Mapping, c: Any) -> dict:
    v = _facts(c)["values"]
    labels = dict(_LABELS, **({"serra2018-thm1": "deep_upper"} if "zaslavsky" in v else {}))
    return {labels[name]: value for name, value in v.items()}


_SB = [(2, (2, 2), "upper-vs-montufar2017", {"serra_upper": 11, "montufar2017_upper": 16}),
       (2, (3, 3), "upper-vs-montufar2017", {"serra_upper": 40, "montufar2017_upper": 49}),
       (2, (4, 4), "upper-vs-montufar2017", {"serra_upper": 121, "montufar2017_upper": 121}),
       (2, (6, 6), "lower-and-upper", {"montufar_lower": 198, "serra_lower": 352, "serra_upper": 484}),
       (10, (3, 3), "deep-vs-shallow", {"deep_upper": 42, "shallow_max": 64})]

register(Check(
    id="serra2018-bounds",
    title="Bound arithmetic: Serra's Theorem 1 vs Montufar 2017, Theorems 4 and 6, and shallow wins for n0 = 10",
    claim=("Exact values of the region bounds: Serra et al.'s Theorem 1 upper bound is at most Montufar's 2017 "
           "bound; Montufar's Theorem 4 <= Serra's Theorem 6 <= Theorem 1; and for n0 = 10 a deep (3,3) network "
           "has fewer possible regions (<= 42) than a shallow one with 6 units (64)."),
    source=("Serra et al. 2018, Theorems 1 and 6 and section 3.1; Montufar et al. 2014 Theorem 4; "
            ""),
    instances=tuple(
        {"name": f"n0-{n0}_w{_dash(ws)}", "params": {"n0": n0, "widths": list(ws), "case": case}, "expected": exp}
        for n0, ws, case, exp in _SB
    ),
    prove=_prove_serra_bounds,
    value=_serra_bounds_value,
))
