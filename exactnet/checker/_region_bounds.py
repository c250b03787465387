"""Independent checks of certificates about bounds on the number of linear regions and the constructions reaching them.

Imports only the standard library and :mod:`exactnet.errors` (and this package: the ``linear-regions``
checker of :mod:`._regions` re-verifies an attached construction).  The bound formulas are implemented
here again, with this module's own code (shared with nothing in :mod:`exactnet.regions.bounds`).

Kind ``region-bound``.  ``bounds`` lists formula evaluations ``{"label", "name", "n0", "widths", "value"}``
(plus ``"k"`` for maxout formulas, ``"pieces"`` for ``hu2018-one-layer``); the checker refuses a formula
applied outside its hypotheses and recomputes every value.  An optional ``construction`` is a complete
``linear-regions`` certificate: it is checked by that kind's checker, its network's architecture is read
off its layers, its activation-region count is a proved lower bound on the maximum for that architecture,
and it must not exceed any upper bound stated for the same architecture (that would refute the bound).
When it equals the least such upper bound, the maximum is determined (``maximum``).  ``relations``
compare labels (or ``"construction"``) with ``<``, ``<=``, ``==``, ``>=``, ``>``; each must hold.  If the
construction's certificate is not complete (status ``lower-bound``: a budget stopped it), its count
is only a lower bound on the network's count, and a relation may use it only where a larger count keeps the
relation true (``construction >= x``, ``construction > x``, ``x <= construction``, ``x < construction``).

What the checker verifies is arithmetic and the construction's count; the upper-bound *theorems* are
the cited mathematics (docs/formats/regions-bounds.md names each one).
"""

from __future__ import annotations

import re
from typing import Any, Callable

from ._claim import require_numbers
from ._common import fail, get, join, json_int, short
from ._regions import check_linear_regions

#: kind -> checker (takes the certificate dict, returns a CheckReport or a dict of proved values)
CHECKERS: dict[str, Callable[[dict], Any]] = {}

#: the kinds among CHECKERS that state a verified ``conclusion``
CONCLUDING: frozenset = frozenset()


# ============================================================================ own arithmetic
def _binom(n: int, j: int) -> int:
    """C(n, j) by the multiplicative formula (0 outside 0 <= j <= n)."""
    if j < 0 or j > n:
        return 0
    out = 1
    for i in range(1, j + 1):
        out = out * (n - j + i) // i
    return out


def _partial_sum(n: int, d: int) -> int:
    """sum_{j=0}^{d} C(n, j)."""
    return sum(_binom(n, j) for j in range(d + 1))


def _serra_thm1(n0: int, widths: list[int]) -> int:
    """Theorem 1 by recursion over the layers (the definition of J, not a table of states)."""
    memo: dict[tuple[int, int], int] = {}

    def rec(l: int, cap: int) -> int:
        if l == len(widths):
            return 1
        if (l, cap) not in memo:
            n = widths[l]
            memo[(l, cap)] = sum(_binom(n, j) * rec(l + 1, min(cap, n - j)) for j in range(min(cap, n) + 1))
        return memo[(l, cap)]

    for l in range(len(widths), -1, -1):  # fill the memo bottom-up (no deep recursion)
        for cap in range(n0 + 1):
            rec(l, cap)
    return rec(0, n0)


def _prod(values) -> int:
    out = 1
    for v in values:
        out *= v
    return out


def _montufar2017(n0, ws, k=None, pieces=None):
    out, d = 1, n0
    for n in ws:
        d = min(d, n)
        out *= _partial_sum(n, d)
    return out


def _thm8_serra(n0, ws, k, pieces=None):
    out, d = 1, n0
    for n in ws:
        d = min(d, n)
        out *= _partial_sum(k * (k - 1) // 2 * n, d)
    return out


# name -> (unit, bound kind, hypothesis(n0, ws, k, pieces) -> None or the reason it fails, formula)
def _always(n0, ws, k, p):
    return None


def _one_layer(n0, ws, k, p):
    return None if len(ws) == 1 else "it is a one-hidden-layer statement"


_FORMULAS: dict[str, tuple[str, str, Callable, Callable]] = {
    "trivial": ("relu", "upper", _always, lambda n0, ws, k, p: 2 ** sum(ws)),
    "zaslavsky": ("relu", "exact-max", _one_layer, lambda n0, ws, k, p: _partial_sum(ws[0], n0)),
    "montufar2014-thm4": (
        "relu", "lower",
        lambda n0, ws, k, p: None if min(ws) >= n0 else "Theorem 4 needs every width >= n0",
        lambda n0, ws, k, p: _prod((n // n0) ** n0 for n in ws[:-1]) * _partial_sum(ws[-1], n0)),
    "montufar2017-upper": ("relu", "upper", _always, _montufar2017),
    "serra2018-thm1": ("relu", "upper", _always, lambda n0, ws, k, p: _serra_thm1(n0, ws)),
    "serra2018-thm5": (
        "relu", "exact-max",
        lambda n0, ws, k, p: None if n0 == 1 and min(ws) >= 3 else "Theorem 5 needs n0 = 1 and every width >= 3",
        lambda n0, ws, k, p: _prod(n + 1 for n in ws)),
    "serra2018-thm6": (
        "relu", "lower",
        lambda n0, ws, k, p: None if min(ws) >= 3 * n0 else "Theorem 6 needs every width >= 3 n0",
        lambda n0, ws, k, p: _prod((n // n0 + 1) ** n0 for n in ws[:-1]) * _partial_sum(ws[-1], n0)),
    "relu-width2-path": (
        "relu", "upper",
        lambda n0, ws, k, p: None if n0 == 1 and len(ws) == 2 and ws[0] == 2 else
        "the convex-path bound is for n0 = 1 and widths (2, n2)",
        lambda n0, ws, k, p: 3 + 2 * ws[1]),
    "serra2018-thm8": ("maxout", "upper", _always, _thm8_serra),
    "montufar2014-prop7-lower": ("maxout", "lower", _one_layer, lambda n0, ws, k, p: k ** min(n0, ws[0])),
    "montufar2014-prop7-upper": ("maxout", "upper", _one_layer,
                                 lambda n0, ws, k, p: min(_partial_sum(k * k * ws[0], n0), k ** ws[0])),
    "montufar2014-thm8": (
        "maxout", "lower",
        lambda n0, ws, k, p: ("Theorem 8 (as quoted) is stated for width n0 in every layer" if any(n != n0 for n in ws)
                              else "Theorem 8 as quoted cannot hold for n0 = 1, k >= 3, L >= 2"
                              if n0 == 1 and k >= 3 and len(ws) >= 2 else None),
        lambda n0, ws, k, p: k ** (len(ws) + n0 - 1)),
    "maxout-width1-line": (
        "maxout", "upper",
        lambda n0, ws, k, p: None if n0 == 1 and all(n == 1 for n in ws) else
        "the convexity bound is for n0 = 1 and width 1 in every layer",
        lambda n0, ws, k, p: 1 + (k - 1) * (2 ** len(ws) - 1)),
    "hu2018-one-layer": ("pwl", "exact-max", _one_layer,
                         lambda n0, ws, k, p: sum(_binom(ws[0], i) * (p - 1) ** i for i in range(n0 + 1))),
}

#: sizes beyond which the checker refuses to evaluate a formula (it evaluates them directly)
MAX_DIM, MAX_LAYERS, MAX_K = 4096, 256, 64

_LABEL = re.compile(r"[a-z0-9][a-z0-9_-]*")
_OPS = {"<": lambda a, b: a < b, "<=": lambda a, b: a <= b, "==": lambda a, b: a == b,
        ">=": lambda a, b: a >= b, ">": lambda a, b: a > b}


# ============================================================================ parsing
def _bound(entry: Any, path: str) -> tuple[str, str, tuple, int]:
    """(label, name, architecture key, value) of one verified formula evaluation."""
    label = get(entry, "label", path)
    if not isinstance(label, str) or not _LABEL.fullmatch(label) or label == "construction":
        raise fail(f"must be a lowercase label such as \"serra_upper\" (not 'construction'), not {short(label)}",
                   join(path, "label"))
    name = get(entry, "name", path)
    if name not in _FORMULAS:
        raise fail(f"unknown bound {short(name)}; known: {', '.join(sorted(_FORMULAS))}", join(path, "name"))
    unit, _, hyp, formula = _FORMULAS[name]
    n0 = json_int(get(entry, "n0", path), join(path, "n0"), 1)
    raw = get(entry, "widths", path)
    if not isinstance(raw, list) or not raw:
        raise fail(f"must be a non-empty JSON array of widths, not {short(raw)}", join(path, "widths"))
    ws = [json_int(w, join(join(path, "widths"), i), 1) for i, w in enumerate(raw)]
    k = json_int(get(entry, "k", path), join(path, "k"), 2) if unit == "maxout" else None
    pieces = json_int(get(entry, "pieces", path), join(path, "pieces"), 2) if unit == "pwl" else None
    for value, limit, field in [(n0, MAX_DIM, "n0"), (len(ws), MAX_LAYERS, "widths"), (max(ws), MAX_DIM, "widths"),
                                (k or 2, MAX_K, "k"), (pieces or 2, MAX_DIM, "pieces")]:
        if value > limit:
            raise fail(f"is beyond what this checker evaluates ({value} > {limit})", join(path, field))
    for extra, needed in (("k", unit == "maxout"), ("pieces", unit == "pwl")):
        if extra in entry and not needed:
            raise fail(f"the {name} bound takes no {extra!r}", join(path, extra))
    reason = hyp(n0, ws, k, pieces)
    if reason is not None:
        raise fail(f"the {name} bound does not apply to n0 = {n0}, widths {ws}: {reason}", join(path, "name"))
    value = formula(n0, ws, k, pieces)
    stated = json_int(get(entry, "value", path), join(path, "value"), 0)
    if stated != value:
        raise fail(f"the {name} bound for n0 = {n0}, widths {ws} is {value}, not {stated}", join(path, "value"))
    return label, name, (unit, n0, tuple(ws), k), value


def _architecture(net: Any, path: str) -> tuple:
    """(unit, n0, hidden widths, k) of a pwl-network JSON: Affine and one kind of nonlinearity alternating."""
    n0 = json_int(get(net, "input_dim", path), join(path, "input_dim"), 1)
    layers = get(net, "layers", path)
    if not isinstance(layers, list):
        raise fail(f"must be a JSON array, not {short(layers)}", join(path, "layers"))
    types = [get(layer, "type", join(path, f"layers[{i}]")) for i, layer in enumerate(layers)]
    nonlinear = [t for t in types if t != "affine"]
    unit = nonlinear[0] if nonlinear else None
    if unit not in ("relu", "maxout") or any(t != unit for t in nonlinear):
        raise fail("a construction must be a ReLU network or a maxout network (one kind of nonlinear layer)",
                   join(path, "layers"))
    shape = types[:2 * len(nonlinear)]
    if shape != ["affine", unit] * len(nonlinear) or len(types) - len(shape) > 1:
        raise fail("a construction's layers must alternate affine, nonlinear, ..., with at most one final affine "
                   "output layer", join(path, "layers"))
    widths, ks = [], set()
    for i in range(len(nonlinear)):
        rows = len(get(layers[2 * i], "bias", join(path, f"layers[{2 * i}]")))
        if unit == "maxout":
            k = json_int(get(layers[2 * i + 1], "k", join(path, f"layers[{2 * i + 1}]")), "k", 1)
            ks.add(k)
            rows //= k
        widths.append(rows)
    if len(ks) > 1:
        raise fail("a maxout construction must have one rank k in every layer", join(path, "layers"))
    return unit, n0, tuple(widths), (ks.pop() if ks else None)


# ============================================================================ the kind
def check_region_bound(cert: dict) -> dict:
    """Verify a ``region-bound`` certificate; return the proved values.

    >>> cert = {"claim": "bound a = 11 (serra2018-thm1); bound b = 16", "status": "exact",
    ...         "bounds": [{"label": "a", "name": "serra2018-thm1", "n0": 2, "widths": [2, 2], "value": 11},
    ...                    {"label": "b", "name": "montufar2017-upper", "n0": 2, "widths": [2, 2], "value": 16}],
    ...         "relations": [{"left": "a", "op": "<", "right": "b"}]}
    >>> check_region_bound(cert)
    {'values': {'a': 11, 'b': 16}}
    >>> cert["bounds"][0]["value"] = 12
    >>> check_region_bound(cert)
    Traceback (most recent call last):
      ...
    exactnet.errors.CertificateError: the serra2018-thm1 bound for n0 = 2, widths [2, 2] is 11, not 12 (field 'bounds[0].value')
    """
    raw = get(cert, "bounds", "")
    if not isinstance(raw, list) or not raw:
        raise fail(f"must be a non-empty JSON array of bound evaluations, not {short(raw)}", "bounds")
    values: dict[str, int] = {}
    arch_of: dict[str, tuple] = {}
    kind_of: dict[str, str] = {}
    for i, entry in enumerate(raw):
        label, name, arch, value = _bound(entry, f"bounds[{i}]")
        if label in values:
            raise fail(f"repeats the label {label!r}", f"bounds[{i}].label")
        values[label], arch_of[label], kind_of[label] = value, arch, _FORMULAS[name][1]
    proved: dict[str, Any] = {"values": dict(values)}
    count = None
    maximum = None
    if "construction" in cert:
        sub = get(cert, "construction", "")
        if get(sub, "kind", "construction") != "linear-regions":
            raise fail(f"must be a linear-regions certificate, not kind {short(sub.get('kind'))}", "construction.kind")
        try:
            facts = check_linear_regions(sub)
        except Exception as exc:  # CertificateError: re-raise naming the embedded path
            field = getattr(exc, "field", None)
            reason = getattr(exc, "reason", str(exc))
            raise fail(f"the construction's certificate is invalid: {reason}",
                       f"construction.{field}" if field else "construction") from None
        arch = _architecture(get(sub, "network", "construction"), "construction.network")
        count = facts["activation_regions"]
        complete = bool(facts.get("complete"))
        proved["construction_regions"] = count
        uppers = []
        for label, value in values.items():
            a = arch_of[label]
            same = a[:3] == arch[:3] and (a[0] != "maxout" or a[3] == arch[3])
            if same and kind_of[label] in ("upper", "exact-max"):
                if count > value:
                    raise fail(f"the construction has {count} activation regions, more than the upper bound "
                               f"{label} = {value} allows: that bound is refuted", "construction")
                uppers.append(value)
        if uppers and count == min(uppers):
            maximum = count
            proved["maximum"] = maximum
    if "relations" in cert and not isinstance(cert["relations"], list):
        raise fail(f"must be a JSON array, not {short(cert['relations'])}", "relations")
    for i, rel in enumerate(cert.get("relations", [])):
        path = f"relations[{i}]"
        side = []
        for key in ("left", "right"):
            ref = get(rel, key, path)
            if ref == "construction" and count is not None:
                side.append(count)
            elif isinstance(ref, str) and ref in values:
                side.append(values[ref])
            else:
                raise fail(f"must be a bound label or 'construction', not {short(ref)}", join(path, key))
        op = get(rel, "op", path)
        if op not in _OPS:
            raise fail(f"must be one of {', '.join(_OPS)}, not {short(op)}", join(path, "op"))
        if count is not None and not complete and "construction" in (rel["left"], rel["right"]):
            # the construction's certificate proves only a lower bound on its count: a relation may use it only
            # where a larger true count keeps it true (construction >(=) x, or x <(=) construction)
            ok = op in (">", ">=") if rel["left"] == "construction" else op in ("<", "<=")
            if not ok or rel["left"] == rel["right"]:
                raise fail(f"the construction's count {count} is only a lower bound (its linear-regions certificate "
                           f"is not complete), so '{rel['left']} {op} {rel['right']}' is not proved by it", path)
        if not _OPS[op](side[0], side[1]):
            raise fail(f"the relation {side[0]} {op} {side[1]} is false", path)
    status = get(cert, "status", "")
    want = "lower-bound" if count is not None and maximum is None else "exact"
    if status != want:
        raise fail(f"must be {want!r} for this certificate (exact: formula values, or a maximum determined by a "
                   f"construction meeting an upper bound; lower-bound: a construction below every upper bound), "
                   f"not {short(status)}", "status")
    numbers = {f"bound {k}": v for k, v in values.items()}
    if count is not None:
        numbers["construction_regions"] = count
    require_numbers(get(cert, "claim", ""), numbers)
    return proved


CHECKERS["region-bound"] = check_region_bound
