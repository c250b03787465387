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


import collections, dataclasses  # noqa: E401

from .jsonio import canonical, fail, get, json_int, join, only_keys, rational, show, to_string

RELATIONS, FIELDS = ("=", ">=", "<=", "holds"), ("Q",)


#: one entry of the vocabulary (see the module docstring)
Quantity = collections.namedtuple("Quantity", "name parse_object relations parse_value render generic doc")


QUANTITIES: dict[str, Quantity] = {}
#: names of quantities and methods no longer read -> what replaces them (quoted in the refusal)
RETIRED: dict[str, str] = {}


def register_quantity(name: str, parse_object, relations, parse_value, render, generic=False, doc="") -> Quantity:
    """Add a quantity to the vocabulary (once per name; called at import by ``kernel/<area>.py``)."""
    if name in QUANTITIES or not set(relations) <= set(RELATIONS):
        raise RuntimeError(f"quantity {name!r} registered twice, or with relations not among {RELATIONS}")
    QUANTITIES[name] = Quantity(name, parse_object, tuple(relations), parse_value, render, generic, doc)
    return QUANTITIES[name]


def INT(raw: object, path: str) -> int:
    """Value type: a non-negative JSON integer."""
    return json_int(raw, path, 0)


#: value type: a rational string ``"p/q"``
RATIONAL = rational


def NONE(raw: object, path: str) -> None:
    """Value type of predicates (relation ``holds``): no value."""
    if raw is not None:
        raise fail(f"a predicate has no value, not {show(raw)}", path)
    return None


@dataclasses.dataclass(frozen=True)
class Proposition:
    """``quantity(object) relation value over field``; ``object`` is canonical JSON, ``parsed`` its parsed form."""

    quantity: str
    object: object
    relation: str
    value: object
    field: str = "Q"
    parsed: object = dataclasses.field(default=None, compare=False, repr=False)

    #: the object's canonical JSON text (what "the same object" means)
    key = property(lambda self: canonical(self.object))
    #: derived, never stated: exact / lower-bound / upper-bound / almost-everywhere
    status = property(lambda self: {">=": "lower-bound", "<=": "upper-bound"}.get(self.relation, "almost-everywhere" if QUANTITIES[self.quantity].generic else "exact"))
    #: the same quantity, object and field with another relation and value: ``p.with_value(">=", 3)``
    with_value = lambda self, relation, value: dataclasses.replace(self, relation=relation, value=value)  # noqa: E731

    def sentence(self) -> str:
        """The human-readable claim, rendered from the data."""
        q = QUANTITIES[self.quantity]
        rel = " holds" if self.relation == "holds" else f" {self.relation} {_show_value(self.value)}"
        return ("for almost every weight setting, " if q.generic else "") + f"{q.render(self.object)}{rel} over {self.field}"


def _show_value(v: object) -> str:
    return "(" + ", ".join(map(_show_value, v)) + ")" if isinstance(v, tuple) else to_string(v) if not isinstance(v, (str, bool)) else str(v)


def parse_proposition(raw: object, path: str) -> Proposition:
    """Validate a proposition's JSON against the vocabulary and canonicalise its object."""
    name, field, relation = get(raw, "quantity", path), get(raw, "field", path), get(raw, "relation", path)
    only_keys(raw, {"quantity", "object", "relation", "value", "field"}, path)
    q = QUANTITIES.get(name) if isinstance(name, str) else None
    for key, ok, allowed in (("quantity", q, QUANTITIES), ("field", field in FIELDS, FIELDS),
                             ("relation", q and relation in q.relations, q and q.relations)):
        if not ok:
            raise fail(f"must be one of {', '.join(sorted(allowed))}, not {show(raw[key])}{RETIRED.get(name, '')}", join(path, key))
    value = q.parse_value(raw.get("value"), join(path, "value")) if relation != "holds" or "value" in raw else None
    obj, parsed = q.parse_object(get(raw, "object", path), join(path, "object"))
    return Proposition(name, obj, relation, value, field, parsed)


def _le(a: object, b: object) -> bool:
    return all(map(_le, a, b)) and len(a) == len(b) if isinstance(a, tuple) and isinstance(b, tuple) else a <= b


def entails(proved: Proposition, stated: Proposition) -> bool:
    """Whether ``proved`` implies ``stated``: same quantity, object and field, and a weaker or equal relation.

    ``= v`` entails ``= v``, ``>= w`` (w <= v) and ``<= w`` (w >= v); ``>= v`` entails ``>= w`` (w <= v);
    ``<= v`` entails ``<= w`` (w >= v); ``holds`` entails ``holds``.
    """
    a, b, v, w = proved.relation, stated.relation, proved.value, stated.value
    same = (proved.quantity, proved.field, proved.key) == (stated.quantity, stated.field, stated.key)
    if "holds" in (a, b) or b == "=":
        return same and a == b and v == w
    return same and a in ("=", b) and (_le(w, v) if b == ">=" else _le(v, w))
