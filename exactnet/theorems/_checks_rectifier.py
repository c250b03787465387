"""Registered checks: Cohen & Shashua 2016 (rectifier networks, generalized decompositions).

Each ``register(Check(...))`` here adds instances to ``exactnet verify``; the claims library
(:mod:`exactnet.claims`) holds its citation and generates ``proofs/<check_id>.py``.  Targets are built from small
formulas (0-based modes) so that every instance runs in well under a second.
"""

from __future__ import annotations

from typing import Any, Mapping

import numpy as np

from .registry import Check, register

# the prover module is imported lazily inside the lambdas (it needs the rectifier networks of layer 3)


def _rect():
    from . import rectifier

    return rectifier


def _formula(M: int, N: int, name: str) -> list:
    """Small named targets (0-based modes): delta-a-b, unit (e_0 at index 0), mixed (integers in -2..2)."""
    A = np.zeros((M,) * N, dtype=np.int64)
    for d in np.ndindex(*A.shape):
        if name.startswith("delta-"):
            a, b = (int(x) for x in name[len("delta-"):].split("-"))
            A[d] = int(d[a] == d[b])
        elif name == "mixed":
            A[d] = (sum((k + 2) * x * x for k, x in enumerate(d)) + 3 * d[0] * d[-1]) % 5 - 2
        elif name == "blocks":  # delta(d0, d1) + 2 [d2 = d3] (d3 + 1): a sum of functions of {0,1} and {2,3}
            A[d] = int(d[0] == d[1]) + 2 * int(d[2] == d[3]) * (d[3] + 1)
        else:  # pragma: no cover - a programming error
            raise ValueError(name)
    return A.tolist()


def _prop(cert: Any) -> dict:
    """The proposition of a verified certificate (``run`` checks it before calling ``value``)."""
    return cert.to_dict()["proposition"]


def _universal_width(cert: Any) -> bool:
    """A verified realization whose widest layer is at most T^N + 1 (read from the verified network)."""
    p = _prop(cert)
    if p["quantity"] != "realizes":
        return False
    net = p["object"]["network"]
    widest = max(len(m) for m in net["leaf_weights"] + net["node_weights"])
    return widest <= len(net["F"]) ** net["num_inputs"] + 1


# ============================================================================================ universality
def _universality(p: Mapping):
    r = _rect()
    target = _formula(p["M"], p["N"], p["target"])
    rep = None
    if p.get("relu_templates"):
        from ..networks.rectifier import relu_templates

        rep = relu_templates(list(range(p["M"])), epsilon="1/2")[0]
    if p["deep"]:
        return r.realize_deep_max(target, tree=p.get("tree"), representation=rep)
    return r.realize_shallow_max(target, representation=rep)


register(Check(
    id="cs2016-universality",
    title="ReLU + max pooling is universal: explicit networks realize any target grid tensor exactly",
    claim=("For every rational target grid tensor there is a shallow (and a deep, over any tree) ReLU + max-pooling "
           "network realizing it exactly: the all-ones term minus one mismatch term per non-zero entry "
           "(width nnz + 1 <= M^N + 1); with an invertible F the first-layer weights solve F a = v exactly."),
    source="Cohen & Shashua, ICML 2016 (abstract)",
    instances=tuple(
        {"name": name, "params": params, "expected": True}
        for name, params in (
            ("shallow_N2_M2_mixed", {"M": 2, "N": 2, "target": "mixed", "deep": False}),
            ("shallow_N3_M3_mixed_relu-templates", {"M": 3, "N": 3, "target": "mixed", "deep": False,
                                                    "relu_templates": True}),
            ("deep_N4_M2_mixed_binary", {"M": 2, "N": 4, "target": "mixed", "deep": True}),
            ("deep_N3_M2_mixed_tree-01-2", {"M": 2, "N": 3, "target": "mixed", "deep": True, "tree": [[0, 1], 2]}),
        )
    ),
    prove=_universality,
    # read from the verified proposition (the network the kernel evaluated): the width is at most T^N + 1
    value=lambda s, c: _universal_width(c),
))


# ============================================================================================ average pooling
def _average(p: Mapping):
    r = _rect()
    if p.get("search"):
        return r.minimal_average_counterexample(p["N"], p["M"], p.get("tree"))
    if p.get("route") == "rank":
        return r.average_rank_obstruction(_formula(p["M"], p["N"], p["target"]), tree=p["tree"])
    return r.average_pooling_realizability(_formula(p["M"], p["N"], p["target"]), tree=p.get("tree"))


_AVG = (
    ("search_N2_M2_shallow", {"M": 2, "N": 2, "search": True}, False),
    ("search_N4_M2_binary", {"M": 2, "N": 4, "search": True, "tree": [[0, 1], [2, 3]]}, False),
    ("shallow_N2_M2_delta-0-1", {"M": 2, "N": 2, "target": "delta-0-1"}, False),
    ("deep_N4_M3_delta-0-2_binary", {"M": 3, "N": 4, "target": "delta-0-2", "tree": [[0, 1], [2, 3]]}, False),
    ("deep_N4_M3_delta-0-2_binary_rank-route", {"M": 3, "N": 4, "target": "delta-0-2", "tree": [[0, 1], [2, 3]],
                                                "route": "rank"}, False),
    ("deep_N4_M3_delta-0-1_binary", {"M": 3, "N": 4, "target": "delta-0-1", "tree": [[0, 1], [2, 3]]}, True),
    ("shallow_N4_M3_delta-0-1", {"M": 3, "N": 4, "target": "delta-0-1"}, False),
    ("deep_N4_M2_blocks_binary", {"M": 2, "N": 4, "target": "blocks", "tree": [[0, 1], [2, 3]]}, True),
)

register(Check(
    id="cs2016-average-pooling",
    title="ReLU + average pooling is not universal: realizable iff a sum of functions of the root's blocks",
    claim=("With g(a, b) = max(a, 0) + max(b, 0) every grid tensor (any width, any depth) is sum_c B_c(d restricted "
           "to block c) over the children c of the root (shallow: one block per mode), and every such sum is "
           "realized; a rational functional vanishing on that span and not on the target proves non-realizability."),
    source="Cohen & Shashua, ICML 2016 (abstract)",
    instances=tuple({"name": n, "params": p, "expected": e} for n, p, e in _AVG),
    prove=_average,
    value=lambda s, c: _prop(c)["quantity"] == "realizes",
))


# ============================================================================================ average rank
def _avg_rank(p: Mapping):
    from ..networks.rectifier import DeepRectifierNet, ShallowRectifierNet

    r = _rect()
    if p["deep"]:
        net = DeepRectifierNet.random(p["tree"], p["M"], tuple(p["widths"]), operator="relu-sum", seed=p["seed"])
    else:
        net = ShallowRectifierNet.random(p["N"], p["M"], p["Z"], operator="relu-sum", seed=p["seed"])
    return r.rectifier_matrix_rank_certificate(net, p["partition"])


register(Check(
    id="cs2016-average-rank",
    title="ReLU + average pooling: a shallow term has rank <= 2; a deep net has low/high rank <= 2",
    claim=("A shallow relu-sum network's grid tensor is sum_i u_i(d_i), so every matricization has rank <= 2; a deep "
           "one over a binary tree is B(d_low) + C(d_high), so its low/high matricization has rank <= 2. Random "
           "networks reach 2 (exact rank, network re-evaluated by the checker)."),
    source="derived here",
    instances=(
        {"name": "shallow_N4_M3_Z3_odd-even", "params": {"deep": False, "N": 4, "M": 3, "Z": 3, "seed": 1,
                                                       "partition": "odd-even"}, "expected": 2},
        {"name": "shallow_N4_M3_Z3_rows-0", "params": {"deep": False, "N": 4, "M": 3, "Z": 3, "seed": 1,
                                                     "partition": [0]}, "expected": 2},
        {"name": "deep_N4_M3_r3-3_low-high", "params": {"deep": True, "N": 4, "M": 3, "tree": 4, "widths": [3, 3],
                                                      "seed": 1, "partition": "low-high"}, "expected": 2},
    ),
    prove=_avg_rank,
    value=lambda s, c: s["value"],
))


# ============================================================================================ max depth efficiency
register(Check(
    id="cs2016-max-depth-efficiency",
    title="ReLU + max pooling: a shared deep net (widths M+1, 2, ...) has odd-even rank M^(N/2); shallow width forced",
    claim=("The shared deep ReLU + max-pooling network with r_0 = M + 1, r_l = 2, F = I computes "
           "prod_k delta(d_2k, d_2k+1) (0-based), whose odd-even rank is M^(N/2); a shallow ReLU + max-pooling "
           "network has rank <= Z (1 + (M-1) N/2) (hence <= Z (1 + M N/2)), so it needs Z >= ceil(R / that)."),
    source="derived here",
    instances=tuple(
        {"name": f"N{N}_M{M}", "params": {"N": N, "M": M},
         "expected": {"rank": R, "shallow_width_simple_bound": Z}}
        for N, M, R, Z in ((4, 3, 9, 2), (8, 2, 16, 2), (4, 2, 4, 1))
    ),
    prove=lambda p: _rect().max_depth_efficiency_certificate(p["N"], p["M"]),
    value=lambda s, c: _max_depth_value(c),
))

register(Check(
    id="cs2016-max-shallow-bound",
    title="Shallow ReLU + max pooling: per-term rank bound; the exact maximum per term is 1 + (M-1) N/2",
    claim=("A shallow ReLU + max-pooling term has odd-even rank <= 1 + (M-1) N/2 <= 1 + M N/2, "
           "and interleaved witness vectors reach 1 + (M-1) N/2: the maximum is larger than the maxima "
           "observed with random vectors."),
    source="derived here",
    instances=(
        {"name": "N4_M3_Z1_simple-bound", "params": {"N": 4, "M": 3, "bound": True}, "expected": 7},
        {"name": "N4_M3_term-max", "params": {"N": 4, "M": 3}, "expected": 3},
        {"name": "N8_M2_term-max", "params": {"N": 8, "M": 2}, "expected": 4},
    ),
    prove=lambda p: (_rect().max_pool_rank_bound_certificate(p["N"], p["M"], 1) if p.get("bound")
                     else _rect().max_term_rank_certificate(p["N"], p["M"])),
    value=lambda s, c: _term_value(c),
))


def _max_depth_value(c: Any) -> dict:
    """The verified odd-even rank R (the rank premise) and the width the per-term bound 1 + M N/2 forces."""
    d = c.to_dict()
    rank = d["evidence"]["premises"][0]["proposition"]
    R = rank["value"]
    M = int(rank["object"]["circuit"]["inputs"][0]["templates"]["shape"][0])
    return {"rank": R, "shallow_width_simple_bound": -(-R // (1 + M * len(rank["object"]["rows"])))}


def _term_value(c: Any) -> int:
    """An exact per-term maximum, or the bound 1 + T|I| that the verified (tighter) bound implies."""
    p = _prop(c)
    if p["relation"] == "=":
        return p["value"]
    weaker = 1 + p["object"]["T"] * len(p["object"]["partition"]["rows"])
    return weaker if p["value"] <= weaker else p["value"]


def _box_value(c: Any) -> bool:
    """Every weight of the verified box is an open interval (positive measure), and the box gives the zero
    tensor or collapses to a one-channel shallow network."""
    p = _prop(c)
    box = p["object"]["box"]
    weights = [w for m in box["leaf_weights"] + box["node_weights"] + [box["output_weights"]] for r in m for w in r]
    positive = all(isinstance(w, dict) for w in weights)
    if p["quantity"] == "box_realizes":
        return positive and set(np.array(p["object"]["target"]["entries"]).ravel()) == {"0"}
    return positive and p["quantity"] == "shallow_collapse"


def _relu_value(c: Any) -> dict:
    """det F (verified) and F (the verified representation's matrix)."""
    from ..networks import Representation

    p = _prop(c)
    return {"det": p["value"], "F": Representation.from_dict(p["object"]["representation"]).matrix.tolist_str()}


# ============================================================================================ incompleteness
register(Check(
    id="cs2016-incompleteness",
    title="Depth efficiency is not complete: an open box of deep weights gives the zero function",
    claim=("If every conv-layer-1 weight is negative (an open box, positive measure), every conv-1 output is <= 0 "
           "(its inputs are pooled ReLU outputs, >= 0), the next ReLU zeroes it and the network outputs 0, realized "
           "by a one-channel shallow network; verified by exact sign reasoning over the whole closed box."),
    source="Cohen & Shashua, ICML 2016 (abstract)",
    instances=tuple(
        {"name": f"N{N}_M{M}_r{'-'.join(map(str, ws))}_{op}", "params": {"N": N, "M": M, "widths": list(ws), "op": op},
         "expected": True}
        for N, M, ws, op in ((4, 2, (2, 2), "relu-max"), (8, 2, (2, 2, 2), "relu-max"), (4, 3, (3, 2), "relu-sum"))
    ) + tuple(
        {"name": f"N{N}_M{M}_r{'-'.join(map(str, ws))}_{op}_nonzero-collapse",
         "params": {"N": N, "M": M, "widths": list(ws), "op": op, "collapse": True}, "expected": True}
        for N, M, ws, op in ((4, 2, (2, 2), "relu-max"), (8, 2, (2, 2, 2), "relu-sum"))
    ),
    prove=lambda p: (_rect().shallow_collapse_certificate if p.get("collapse") else _rect().incompleteness_certificate)(
        p["N"], p["M"], p["widths"], operator=p["op"]),
    value=lambda s, c: _box_value(c),
))


# ============================================================================================ relu templates
register(Check(
    id="cs2016-relu-templates",
    title="ReLU representation functions on distinct templates give an invertible F (t = (0,1,2), eps = 1/2: det 1/8)",
    claim=("f_d(x) = max(x - t_d + eps, 0) with 0 < eps < min gap gives a lower-triangular F with eps on the "
           "diagonal, det F = eps^M != 0; for t = (0, 1, 2), eps = 1/2: F = [[1/2,0,0],[3/2,1/2,0],[5/2,3/2,1/2]], "
           "det 1/8."),
    source="derived here",
    instances=({"name": "M3_t0-1-2_eps1-2", "params": {"templates": [0, 1, 2], "epsilon": "1/2"},
                "expected": {"det": "1/8", "F": [["1/2", "0", "0"], ["3/2", "1/2", "0"], ["5/2", "3/2", "1/2"]]}},),
    prove=lambda p: _rect().relu_representation_certificate(p["templates"], p["epsilon"]),
    value=lambda s, c: _relu_value(c),
))


# ============================================================================================ generalized HT / CP
def _grid(p: Mapping):
    """A rectifier network's grid tensor by the generalized CP / HT decomposition of ``F a`` (exact), stated in a
    ``realizes`` certificate that the kernel re-evaluates entry by entry with its own forward pass."""
    from ..certificates import Certificate
    from ..networks.rectifier import DeepRectifierNet, ShallowRectifierNet, grid_tensor_certificate, relu_templates

    rep = relu_templates(p["templates"], epsilon=p.get("epsilon"))[0]
    T = rep.matrix.shape[0]
    if p.get("tree") is None:
        net = ShallowRectifierNet.random(p["N"], T, p["Z"], operator=p["op"], shared=p.get("shared", False),
                                         seed=p["seed"], representation=rep)
    else:
        net = DeepRectifierNet.random(p["tree"], T, tuple(p["widths"]), operator=p["op"], shared=p.get("shared", False),
                                      seed=p["seed"], representation=rep)
    return Certificate.from_dict(grid_tensor_certificate(net))


register(Check(
    id="cs2016-generalized-grid-tensor",
    title="Grid tensor of a rectifier network = its generalized CP / HT decomposition with F (checker re-evaluates)",
    claim=("The grid tensor h(x^(d_0), ..., x^(d_N-1)) of a ReLU network with max / average pooling equals the "
           "generalized CP (shallow) or HT (deep, any tree) decomposition of the first-layer outputs F a, with g the "
           "activation-pooling operator; the independent checker re-evaluates the network on every template tuple."),
    source="Cohen & Shashua, ICML 2016",
    instances=tuple(
        {"name": name, "params": params, "expected": entries}
        for name, params, entries in (
            ("deep_N4_uneven-tree_relu-max_vector-templates",
             {"templates": [[0, 0], [1, 0], [0, 1]], "tree": [[0, [1, 2]], 3], "widths": [2, 3, 2], "op": "relu-max",
              "seed": 1}, 81),
            ("deep_N6_windows-3_relu-sum_shared",
             {"templates": [0, 1], "epsilon": "1/2", "tree": [[0, 1, 2], [3, 4, 5]], "widths": [3, 2],
              "op": "relu-sum", "shared": True, "seed": 2}, 64),
            ("shallow_N3_relu-max_templates-0-1-2",
             {"templates": [0, 1, 2], "epsilon": "1/2", "N": 3, "Z": 3, "op": "relu-max", "seed": 3}, 27),
        )
    ),
    prove=_grid,
    value=lambda s, c: int(np.prod(_prop(c)["object"]["target"]["shape"])),
))


# ============================================================================================ comparison table
def _compare_value(s: Mapping, c: Any) -> dict:
    """The figures of the verified table stated in advance (the rest is certified, but not predicted)."""
    rows = {r["pooling"]: r for r in _prop(c)["object"]["rows"]}
    return {"universal": {p: r["universal"] for p, r in rows.items()},
            "rank": {p: rows[p]["rank"] for p in ("product", "max")},
            "shallow_width_forced": {"product": rows["product"]["shallow_width_forced"]}}


register(Check(
    id="cs2016-compare",
    title="Comparison table: product vs ReLU + max vs ReLU + average pooling, every figure certified (one certificate)",
    claim=("On one architecture (binary tree, widths M+1, 2): product and max pooling are universal (every unit target "
           "realized by a certified shallow network), average pooling is not (a certified non-realizable target); the "
           "odd-even rank reached is M^(N/2) for product (a random network of these widths) and max (the delta-product construction), which "
           "forces a shallow product network to Z >= M^(N/2). Also certified, not stated in advance: the rank of an "
           "average-pooling witness, the max-pool shallow width ceil(R / (1 + (M-1) "
           "N/2)) (the weaker R / (1 + M N/2) also holds) and the average row's shallow realizability."),
    source="derived here",
    instances=tuple(
        {"name": f"N{N}_M{M}", "params": {"M": M, "N": N},
         "expected": {"universal": {"product": True, "max": True, "average": False},
                      "rank": {"product": M ** (N // 2), "max": M ** (N // 2)},
                      "shallow_width_forced": {"product": M ** (N // 2)}}}
        for M, N in ((2, 4), (3, 4))
    ),
    prove=lambda p: _rect().compare_pooling(p["N"], p["M"]).certificate,
    value=_compare_value,
))
