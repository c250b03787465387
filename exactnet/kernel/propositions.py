"""Propositions as data: the closed vocabulary of quantities, ``entails`` and the renderer.

A proposition is ``quantity(object) relation value over field``, e.g. ``rank(A) = 16 over Q``.  Each
quantity is registered once (:func:`register_quantity`) with

* ``parse_object(raw, path) -> (canonical, parsed)``: validates the object's JSON and returns its
  canonical JSON value (what equality of objects means) and whatever the evidence methods need
  (e.g. the integer matrix), parsed once;
* ``relations``: the admitted relations among ``"="``, ``">="``, ``"<="`` and ``"holds"``;
* ``parse_value(raw, path)``: the value's type (:data:`INT`, :data:`RATIONAL`, :data:`NONE`, or any
  function returning a comparable value);
* ``generic``: an almost-everywhere statement (``=`` then has status ``almost-everywhere``);
* ``render(canonical_object) -> str``: the noun phrase the sentence is built from.

>>> p = Proposition("rank", {"m": 1}, "=", 3, "Q")
>>> entails(p, Proposition("rank", {"m": 1}, ">=", 2, "Q")), entails(p, Proposition("rank", {"m": 1}, "<=", 2, "Q"))
(True, False)
"""

from __future__ import annotations

import dataclasses
from typing import Any, Callable

from .jsonio import canonical, fail, get, json_int, join, only_keys, rational, show, to_string

RELATIONS = ("=", ">=", "<=", "holds")
FIELDS = ("Q",)


@dataclasses.dataclass(frozen=True)
class Quantity:
    """One entry of the vocabulary (see the module docstring)."""

    name: str
    parse_object: Callable[[Any, str], tuple[Any, Any]]
    relations: tuple[str, ...]
    parse_value: Callable[[Any, str], Any]
    render: Callable[[Any], str]
    generic: bool = False
    doc: str = ""


QUANTITIES: dict[str, Quantity] = {}


def register_quantity(name: str, parse_object, relations, parse_value, render, generic=False, doc="") -> Quantity:
    """Add a quantity to the vocabulary (once per name; called at import by ``kernel/<area>.py``)."""
    if name in QUANTITIES:
        raise RuntimeError(f"quantity {name!r} registered twice")
    if not set(relations) <= set(RELATIONS):
        raise RuntimeError(f"relations of {name!r} must be among {RELATIONS}")
    QUANTITIES[name] = Quantity(name, parse_object, tuple(relations), parse_value, render, generic, doc)
    return QUANTITIES[name]


def INT(raw: Any, path: str) -> int:
    """Value type: a non-negative JSON integer."""
    return json_int(raw, path, 0)


def RATIONAL(raw: Any, path: str) -> Any:
    """Value type: a rational string ``"p/q"``."""
    return rational(raw, path)


def NONE(raw: Any, path: str) -> None:
    """Value type of predicates (relation ``holds``): no value."""
    if raw is not None:
        raise fail(f"a predicate has no value, not {show(raw)}", path)
    return None


@dataclasses.dataclass(frozen=True)
class Proposition:
    """``quantity(object) relation value over field``; ``object`` is canonical JSON, ``parsed`` its parsed form."""

    quantity: str
    object: Any
    relation: str
    value: Any
    field: str = "Q"
    parsed: Any = dataclasses.field(default=None, compare=False, repr=False)

    @property
    def key(self) -> str:
        """The object's canonical JSON text (what "the same object" means)."""
        return canonical(self.object)

    @property
    def status(self) -> str:
        """Derived, never stated: exact / lower-bound / upper-bound / almost-everywhere."""
        if self.relation in (">=", "<="):
            return "lower-bound" if self.relation == ">=" else "upper-bound"
        return "almost-everywhere" if QUANTITIES[self.quantity].generic else "exact"

    def with_value(self, relation: str, value: Any) -> "Proposition":
        """The same quantity, object and field with another relation and value."""
        return dataclasses.replace(self, relation=relation, value=value)

    def sentence(self) -> str:
        """The human-readable claim, rendered from the data."""
        q = QUANTITIES[self.quantity]
        text = q.render(self.object)
        text += " holds" if self.relation == "holds" else f" {self.relation} {_show_value(self.value)}"
        text += f" over {self.field}"
        return ("for almost every weight setting, " + text) if q.generic else text

    def to_json(self) -> dict:
        """The proposition's JSON form."""
        out = {"quantity": self.quantity, "object": self.object, "relation": self.relation, "field": self.field}
        if self.relation != "holds":
            out["value"] = _json_value(self.value)
        return out


def _show_value(v: Any) -> str:
    if isinstance(v, tuple):
        return "(" + ", ".join(map(_show_value, v)) + ")"
    return to_string(v) if not isinstance(v, (str, bool)) else str(v)


def _json_value(v: Any) -> Any:
    if isinstance(v, tuple):
        return [_json_value(x) for x in v]
    return v if isinstance(v, (int, bool, str)) or v is None else to_string(v)


def parse_proposition(raw: Any, path: str) -> Proposition:
    """Validate a proposition's JSON against the vocabulary and canonicalise its object."""
    name = get(raw, "quantity", path)
    only_keys(raw, {"quantity", "object", "relation", "value", "field"}, path)
    if not isinstance(name, str) or name not in QUANTITIES:
        raise fail(f"unknown quantity {show(name)}; the vocabulary is: {', '.join(sorted(QUANTITIES))}",
                   join(path, "quantity"))
    q = QUANTITIES[name]
    field = get(raw, "field", path)
    if field not in FIELDS:
        raise fail(f"must be one of {FIELDS}, not {show(field)}", join(path, "field"))
    relation = get(raw, "relation", path)
    if relation not in q.relations:
        raise fail(f"{name} admits the relations {', '.join(q.relations)}, not {show(relation)}",
                   join(path, "relation"))
    value = q.parse_value(raw.get("value"), join(path, "value")) if relation != "holds" or "value" in raw else None
    obj, parsed = q.parse_object(get(raw, "object", path), join(path, "object"))
    return Proposition(name, obj, relation, value, field, parsed)


def _le(a: Any, b: Any) -> bool:
    if isinstance(a, tuple):
        return isinstance(b, tuple) and len(a) == len(b) and all(_le(x, y) for x, y in zip(a, b))
    return a <= b


def entails(proved: Proposition, stated: Proposition) -> bool:
    """Whether ``proved`` implies ``stated``: same quantity, object and field, and a weaker or equal relation.

    ``= v`` entails ``= v``, ``>= w`` (w <= v) and ``<= w`` (w >= v); ``>= v`` entails ``>= w`` (w <= v);
    ``<= v`` entails ``<= w`` (w >= v); ``holds`` entails ``holds``.
    """
    if (proved.quantity, proved.field, proved.key) != (stated.quantity, stated.field, stated.key):
        return False
    a, b, v, w = proved.relation, stated.relation, proved.value, stated.value
    if b == "holds" or a == "holds":
        return a == b
    if b == "=":
        return a == "=" and v == w
    if b == ">=":
        return a in ("=", ">=") and _le(w, v)
    return a in ("=", "<=") and _le(v, w)
