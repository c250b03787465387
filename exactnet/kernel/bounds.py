r"""Published bounds on the number of activation regions, as recomputed arithmetic, and the rules that use them.

Quantity ``bound_value`` (relation ``=``): object ``{"formula", "n0", "widths", "k"?, "pieces"?}`` (``k`` for
the maxout formulas, ``pieces`` for ``hu2018-one-layer``); method ``recompute-formula`` evaluates the formula
with exact integers after checking its hypotheses; sizes beyond ``n0, widths <= 4096``, ``256`` layers,
``k <= 64`` are refused, and so is, with the estimate, a ``serra2018-thm1`` / ``thm8`` evaluation over
``MAX_WORK`` word products or with a value over ``MAX_BITS`` bits.

Quantity ``max_activation_regions`` (relations ``=``, ``>=``, ``<=``): object ``{"unit": "relu" | "maxout" |
"pwl", "n0", "widths", "k"?, "pieces"?}``, the largest number of activation regions of a network of that
architecture on R^n0.  Rules:

* ``region-bound-theorem`` (one ``bound_value`` premise): the cited theorem of that formula, e.g.
  ``serra2018-thm1`` (an upper bound), ``montufar2014-thm4`` (a construction reaching the value), or
  ``zaslavsky`` (the exact maximum); the conclusion's architecture is the formula's parameters.
* ``max-regions-from-construction`` (one ``regions`` premise about a chain circuit): a network of the
  architecture read off the circuit (affine, then ``relu`` or ``group_max`` with groups of k consecutive units,
  ..., an optional final affine) has that many activation regions on its domain, so the maximum over R^n0 is
  at least that.  ``equal-from-lower-and-upper`` then pins a maximum.
"""

import itertools
import math

from .jsonio import fail, get, join, json_int, only_keys, to_string
from .propositions import INT, NONE, Proposition, parse_proposition, register_quantity
from .rules import premise, register_method, register_rule

#: the largest sizes read; the most work (in word products) and the largest value (in bits) of one formula evaluated
MAX_DIM, MAX_LAYERS, MAX_K, MAX_WORK, MAX_BITS = 4096, 256, 64, 2 * 10 ** 9, 1 << 21


def _combs(n, d):  # [C(n, 0), ..., C(n, min(n, d))], each from the one before
    return list(itertools.accumulate(range(min(n, d)), lambda c, j: c * (n - j) // (j + 1), initial=1))


def _serra_thm1(n0, ws):
    """J(1, n0) for J(l, cap) = sum_{j <= min(cap, n)} C(n, j) J(l + 1, min(cap, n - j)), n = n_l, J(L + 1, .) = 1:
    for cap >= n the terms are C(n, m) J(l + 1, m), m <= n; for cap < n they are C(n, j) J(l + 1, cap) while
    j <= n - cap, then C(n, m) J(l + 1, m) for n - cap <= m < cap.  Prefix sums give each J(l, cap) in two products."""
    n0 = min(n0, max(ws))  # every cap >= every width counts alike
    row = [1] * (n0 + 1)  # row[cap] = J(l + 1, cap), from the last layer down
    for n in reversed(ws):
        c = _combs(n, n0)
        s = list(itertools.accumulate(c, initial=0))  # s[d + 1] = C(n, 0) + ... + C(n, d)
        t = list(itertools.accumulate((c[m] * row[m] for m in range(len(c))), initial=0))  # t[x]: sum over m < x
        row = [t[n + 1] if cap >= n else row[cap] * s[min(cap, n - cap) + 1] + (t[cap] - t[n - cap] if 2 * cap > n else 0)
               for cap in range(n0 + 1)]
    return row[n0]


def _montufar2017(n0, ws, k=None, p=None, f=1):  # d_l = min(n0, n_1, ..., n_l)
    return math.prod(sum(_combs(f * n, min([n0] + ws[:i + 1]))) for i, n in enumerate(ws))


_one_layer = lambda n0, ws, k, p: None if len(ws) == 1 else "it is a one-hidden-layer statement"  # noqa: E731


# formula -> (unit, what the theorem states: upper / lower / exact-max, hypothesis -> reason or None, value)
FORMULAS = {
    "trivial": ("relu", "upper", None, lambda n0, ws, k, p: 2 ** sum(ws)),
    "zaslavsky": ("relu", "exact-max", _one_layer, lambda n0, ws, k, p: sum(_combs(ws[0], n0))),
    "montufar2014-thm4": ("relu", "lower", lambda n0, ws, k, p: None if min(ws) >= n0 else
                          "Theorem 4 needs every width >= n0",
                          lambda n0, ws, k, p: math.prod((n // n0) ** n0 for n in ws[:-1]) * sum(_combs(ws[-1], n0))),
    "montufar2017-upper": ("relu", "upper", None, _montufar2017),
    "serra2018-thm1": ("relu", "upper", None, lambda n0, ws, k, p: _serra_thm1(n0, ws)),
    "serra2018-thm5": ("relu", "exact-max", lambda n0, ws, k, p: None if n0 == 1 and min(ws) >= 3 else
                       "Theorem 5 needs n0 = 1 and every width >= 3", lambda n0, ws, k, p: math.prod(n + 1 for n in ws)),
    "serra2018-thm6": ("relu", "lower", lambda n0, ws, k, p: None if min(ws) >= 3 * n0 else
                       "Theorem 6 needs every width >= 3 n0",
                       lambda n0, ws, k, p: math.prod((n // n0 + 1) ** n0 for n in ws[:-1]) * sum(_combs(ws[-1], n0))),
    "relu-width2-path": ("relu", "upper", lambda n0, ws, k, p: None if n0 == 1 and len(ws) == 2 and ws[0] == 2 else
                         "the convex-path bound is for n0 = 1 and widths (2, n2)", lambda n0, ws, k, p: 3 + 2 * ws[1]),
    "serra2018-thm8": ("maxout", "upper", None, lambda n0, ws, k, p: _montufar2017(n0, ws, f=k * (k - 1) // 2)),
    "montufar2014-prop7-lower": ("maxout", "lower", _one_layer, lambda n0, ws, k, p: k ** min(n0, ws[0])),
    "montufar2014-prop7-upper": ("maxout", "upper", _one_layer,
                                 lambda n0, ws, k, p: min(sum(_combs(k * k * ws[0], n0)), k ** ws[0])),
    "montufar2014-thm8": ("maxout", "lower", lambda n0, ws, k, p: (
        "Theorem 8 (as quoted) is stated for width n0 in every layer" if any(n != n0 for n in ws) else
        "Theorem 8 as quoted fails for n0 = 1, k >= 3 and two or more layers" if n0 == 1 and k >= 3 and len(ws) >= 2
        else None), lambda n0, ws, k, p: k ** (len(ws) + n0 - 1)),
    "maxout-width1-line": ("maxout", "upper", lambda n0, ws, k, p: None if n0 == 1 and set(ws) == {1} else
                           "the convexity bound is for n0 = 1 and width 1 in every layer",
                           lambda n0, ws, k, p: 1 + (k - 1) * (2 ** len(ws) - 1)),
    "hu2018-one-layer": ("pwl", "exact-max", _one_layer,
                         lambda n0, ws, k, p: sum(c * (p - 1) ** i for i, c in enumerate(_combs(ws[0], n0)))),
}


def _named(raw, path, key, units):
    """An object named by ``key`` (``units``: name -> unit) with an architecture: (canonical, (n0, widths, k, pieces)),
    the sizes bounded before any arithmetic."""
    name = get(raw, key, path)
    if not isinstance(name, str) or name not in units:
        raise fail(f"unknown {key} {name!r}; known: {', '.join(sorted(units))}", join(path, key))
    unit = units[name]
    only_keys(raw, {key, "n0", "widths"} | ({"k"} if unit == "maxout" else {"pieces"} if unit == "pwl" else set()), path)
    n0 = json_int(get(raw, "n0", path), join(path, "n0"), 1)
    raw_ws = get(raw, "widths", path)
    ws = [json_int(w, join(join(path, "widths"), i), 1) for i, w in enumerate(raw_ws if isinstance(raw_ws, list) and
                                                                             raw_ws else [None])]
    k = json_int(get(raw, "k", path), join(path, "k"), 2) if unit == "maxout" else None
    p = json_int(get(raw, "pieces", path), join(path, "pieces"), 2) if unit == "pwl" else None
    for value, limit, at in ((n0, MAX_DIM, "n0"), (len(ws), MAX_LAYERS, "widths"), (max(ws), MAX_DIM, "widths"),
                             (k or 2, MAX_K, "k"), (p or 2, MAX_DIM, "pieces")):
        if value > limit:
            raise fail(f"{value} is beyond what the kernel evaluates ({limit}); larger sizes are refused before any arithmetic",
                       join(path, at))
    return {key: name, **{at: v for at, v in (("n0", n0), ("widths", ws), ("k", k), ("pieces", p)) if v is not None}}, \
        (n0, ws, k, p)


def _bound_object(raw, path):
    return _named(raw, path, "formula", {name: row[0] for name, row in FORMULAS.items()})


def _max_object(raw, path):
    return _named(raw, path, "unit", {"relu": "relu", "maxout": "maxout", "pwl": "pwl"})


def recompute_formula(ev, subject, path):
    """The formula's value, after its hypotheses and the work it needs (refused naming the object's formula).
    serra2018-thm1 / thm8 have values of at most ``bits`` bits, the product over layers of min(2^(f n), (f n +
    1)^min(n0, n)) (f = 1, or k(k - 1)/2 for maxout); thm1 multiplies 2 L (n0 + 1) such values by a binomial
    coefficient C(n, j), j <= n0 (its work, in word products)."""
    only_keys(ev, {"method"}, path)
    name, (n0, ws, k, p) = subject.object["formula"], subject.parsed
    _, _, hyp, formula = FORMULAS[name]
    f, words = k * (k - 1) // 2 if k else 1, max(min(n, n0 * (n + 1).bit_length()) for n in ws) // 64 + 1
    bits = sum(min(f * n, min(n0, n) * (f * n + 1).bit_length()) for n in ws) if name in ("serra2018-thm1", "serra2018-thm8") else 0
    work = 2 * len(ws) * (min(n0, max(ws)) + 1) * words * (bits // 64 + 1) if name == "serra2018-thm1" else 0
    if reason := hyp and hyp(n0, ws, k, p) or (work > MAX_WORK or bits > MAX_BITS) and (
            f"its evaluation needs about {work:,} word products for a value of up to {bits:,} bits, over the kernel's "
            f"limits ({MAX_WORK:,}, {MAX_BITS:,} bits): check fewer, narrower layers or a smaller n0 or k"):
        raise fail(f"the {name} formula is not evaluated at n0 = {n0}, widths {ws}: {reason}",
                   join(path[:-len("evidence")].rstrip("."), "proposition.object.formula"))
    return subject.with_value("=", formula(n0, ws, k, p))


def region_bound_theorem(premises, params, path):
    """``bound_value(f, arch) = v`` => the theorem of f: ``max_activation_regions(arch) <= v`` / ``>= v`` / ``= v``."""
    b = premise(premises[0], "bound_value", ("=",), join(path, "premises[0].proposition"))
    unit, what, _, _ = FORMULAS[b.object["formula"]]
    obj = {"unit": unit, **{key: v for key, v in b.object.items() if key != "formula"}}
    return Proposition("max_activation_regions", obj, {"upper": "<=", "lower": ">="}.get(what, "="), b.value, b.field,
                       b.parsed)


def max_regions_from_construction(premises, params, path):
    """``regions(circuit, domain) = (n, m)`` (or ``>=``) => ``max_activation_regions(architecture of circuit) >= n``."""
    here = join(path, "premises[0].proposition")
    r = premise(premises[0], "regions activation_regions", ("=", ">="), here)
    c = r.parsed
    ops = [op for op, _, _, _ in c.nodes[1:]]
    pairs = len(ops) // 2
    unit = {"relu": "relu", "group_max": "maxout"}.get(ops[1] if len(ops) > 1 else None)
    if not unit or ops[:2 * pairs] != ["affine", ops[1]] * pairs or ops[2 * pairs:] not in ([], ["affine"]):
        raise fail("the construction must alternate affine and relu (or affine and group_max) layers, with an "
                   "optional final affine", join(here, "object.network.nodes"))
    ws, ks = [], set()
    for i in range(pairs):
        op, args, w, prm = c.nodes[2 + 2 * i]
        if unit == "maxout":
            size = len(prm[0])
            if prm != tuple(tuple(range(g * size, (g + 1) * size)) for g in range(w)) or \
                    c.nodes[1 + 2 * i][2] != w * size:
                raise fail("a maxout layer takes every unit once, in groups of k consecutive units",
                           join(here, f"object.network.nodes[{2 + 2 * i}].groups"))
            ks.add(size)
        ws.append(w)
    if len(ks) > 1 or ks == {1}:
        raise fail(f"a maxout construction has one group size k >= 2 in every layer, not {sorted(ks)}",
                   join(here, "object.network.nodes"))
    obj, parsed = _max_object({"unit": unit, "n0": c.inputs[0][1], "widths": ws, **({"k": ks.pop()} if ks else {})},
                              join(path, "params"))
    return Proposition("max_activation_regions", obj, ">=", r.value[0] if isinstance(r.value, tuple) else r.value,
                       r.field, parsed)


def _show(obj):
    extra = "".join(f", {key} = {obj[key]}" for key in ("k", "pieces") if key in obj)
    return f"n0 = {obj['n0']}, hidden widths {obj['widths']}{extra}"


# a published region-count formula evaluated exactly (the kernel checks its hypotheses)
register_quantity("bound_value", _bound_object, ("=",), INT,
                  lambda o: f"the value of the {o['formula']} region-count formula at {_show(o)}")
# the maximum number of activation regions of a ReLU / maxout / piecewise-linear architecture
register_quantity("max_activation_regions", _max_object, ("=", ">=", "<="), INT, lambda o: f"the largest number "
                  f"of activation regions on R^n0 of a {o['unit']} network with {_show(o)}")
register_method("recompute-formula", ("bound_value",), recompute_formula)
register_rule("region-bound-theorem", 1, region_bound_theorem)
register_rule("max-regions-from-construction", 1, max_regions_from_construction)


def _as_json(p):
    v = p.value
    return {"quantity": p.quantity, "object": p.object, "relation": p.relation, "field": p.field,
            "value": list(v) if isinstance(v, tuple) else v if v is None or isinstance(v, int) else to_string(v)}


def _conjuncts(raw, path):
    if not isinstance(raw, list) or len(raw) < 2:
        raise fail("must be a JSON array of two or more propositions", path)
    parts = [parse_proposition(p, join(path, k)) for k, p in enumerate(raw)]
    return [_as_json(p) for p in parts], parts


# several propositions at once (each proved by its own premise)
register_quantity("conjunction", _conjuncts, ("holds",), NONE, lambda obj: "each of: " + "; ".join(Proposition(**dict(
    d, value=tuple(d["value"]) if isinstance(d["value"], list) else d["value"])).sentence() for d in obj))
register_rule("conjunction", None, lambda premises, params, path: Proposition(
    "conjunction", [_as_json(p) for p in premises], "holds", None, "Q", premises))
