"""Named inference rules and the engine that checks a certificate.

A rule is ``rule(premises, params, path) -> Proposition``: ``premises`` are the propositions the
premise certificates were verified to state, ``params`` the rule's JSON parameters.  A rule is sound
on its face and checks that its premises speak of the same object (architecture, partition, output,
field) as the conclusion it returns; it raises ``CertificateError`` (via ``fail``) otherwise.

The engine (:func:`check_node`): parse the stated proposition; obtain a proved proposition from the
evidence (a method, or a rule applied to recursively checked premises); require ``entails(proved,
stated)``; require an optional ``claim`` to equal the rendered sentence.
"""


import dataclasses
from types import MappingProxyType
from typing import Any, Callable, Mapping

from .jsonio import fail, get, join, only_keys, show
from .methods import METHOD_QUANTITIES, METHODS, register_method  # noqa: F401  (re-exported for the areas)
from .propositions import RETIRED, Proposition, entails, parse_proposition

#: rule name -> function; -> the number of premises it takes (None: any number >= 1), and -> its parameters' names
RULES, RULE_ARITY, RULE_PARAMS = {}, {}, {}
FORMAT, SCHEMA_VERSION, MAX_DEPTH = "exactnet.certificate", 2, 32


def register_rule(name: str, arity: int | None, fn: Callable, params: tuple = ()) -> Callable:
    """Add a named rule (once per name; called at import by ``kernel/<area>.py``); the engine refuses
    parameters not among ``params``."""
    if name in RULES:
        raise RuntimeError(f"rule {name!r} registered twice")
    RULES[name], RULE_ARITY[name], RULE_PARAMS[name] = fn, arity, tuple(params)
    return fn


def premise(p: Proposition, quantities: str, relations: tuple, path: str) -> Proposition:
    """Require a premise to state one of the (space-separated) ``quantities`` with one of the ``relations``."""
    if p.quantity not in quantities.split() or p.relation not in relations:
        raise fail(f"must state {' or '.join(quantities.split())} with relation {' or '.join(relations)}, "
                   f"not {p.quantity} {p.relation}", path)
    return p


@dataclasses.dataclass(frozen=True)
class CheckReport:
    """What a check established: ``verdict`` is always ``"valid"`` (an invalid certificate raises
    ``CertificateError``); ``sentence`` (alias ``claim``) renders ``proposition``; ``detail`` says how;
    ``kind`` is the proposition's quantity; ``facts`` holds ``value`` and ``status``."""

    proposition: Proposition
    sentence: str
    detail: str
    facts: Mapping[str, Any]
    verdict: str = "valid"
    kind = property(lambda self: self.proposition.quantity)
    claim = property(lambda self: self.sentence)
    status = property(lambda self: self.proposition.status)
    __str__ = lambda self: f"{self.sentence}: {self.verdict} ({self.detail})"  # noqa: E731


def check_node(node: Any, path: str = "", depth: int = 0) -> tuple[Proposition, str]:
    """Check ``{"proposition", "evidence", "claim"?}``; return the stated proposition and a detail line."""
    if depth > MAX_DEPTH:
        raise fail(f"premises nested deeper than {MAX_DEPTH}", path)
    stated = parse_proposition(get(node, "proposition", path), join(path, "proposition"))
    ev_path, evidence = join(path, "evidence"), get(node, "evidence", path)
    if not isinstance(evidence, dict) or ("method" in evidence) == ("rule" in evidence):
        raise fail("evidence must be a JSON object with exactly one of \"method\" or \"rule\"", ev_path)
    how = "method" if "method" in evidence else "rule"
    name, table = evidence[how], METHODS if how == "method" else RULES
    if not isinstance(name, str) or name not in table:
        raise fail(f"unknown {how} {show(name)}; known: {', '.join(sorted(table))}{RETIRED.get(name, '')}", join(ev_path, how))
    if how == "method":
        if stated.quantity not in METHOD_QUANTITIES[name]:
            raise fail(f"method {name!r} proves {', '.join(METHOD_QUANTITIES[name])}, not {stated.quantity}",
                       join(ev_path, "method"))
        proved, detail = METHODS[name](evidence, stated, ev_path), f"method {name}"
    else:
        only_keys(evidence, {"rule", "premises", "params"}, ev_path)
        raw, pp, params = get(evidence, "premises", ev_path), join(ev_path, "premises"), evidence.get("params", {})
        if not isinstance(raw, list) or not raw or RULE_ARITY[name] not in (None, len(raw)):
            raise fail(f"rule {name!r} takes {RULE_ARITY[name] or 'one or more'} premises, not {show(raw)}", pp)
        if not isinstance(params, dict):
            raise fail(f"must be a JSON object, not {show(params)}", join(ev_path, "params"))
        only_keys(params, RULE_PARAMS.get(name, ()), join(ev_path, "params"))
        premises = [check_node(p, join(pp, k), depth + 1)[0] for k, p in enumerate(raw)]
        proved, detail = RULES[name](premises, params, ev_path), f"rule {name} on {len(premises)} premises"
    if not entails(proved, stated):
        same = (proved.quantity, proved.field, proved.key) == (stated.quantity, stated.field, stated.key)
        raise fail(f"the evidence proves \"{proved.sentence()}\", which does not entail the stated "
                   f"\"{stated.sentence()}\"", join(path, "proposition.value" if same else "proposition.object"))
    if node.get("claim", stated.sentence()) != stated.sentence():
        raise fail(f"must be the rendering of the proposition, \"{stated.sentence()}\"", join(path, "claim"))
    return stated, detail


def check_envelope(obj: Any) -> CheckReport:
    """Check a version-2 certificate (a parsed JSON object)."""
    version, bad = get(obj, "schema_version"), ["format"] if get(obj, "format") != FORMAT else []
    bad += ["schema_version"] if version != SCHEMA_VERSION or isinstance(version, bool) else []
    bad += ["kind"] if "kind" in obj else ["exactnet_version"] if not isinstance(get(obj, "exactnet_version"), str) else []
    if bad:
        raise fail(f"this kernel reads \"format\": {FORMAT!r}, \"schema_version\": {SCHEMA_VERSION} (a proposition and its "
                   f"evidence; \"kind\" belongs to format version 1) and a string exactnet_version; certificate "
                   f"format version {show(version)} is no longer read: regenerate it with exactnet >= 0.2", bad[0])
    only_keys(obj, {"format", "schema_version", "exactnet_version", "proposition", "evidence", "claim"})
    stated, detail = check_node(obj)
    return CheckReport(stated, stated.sentence(), detail, MappingProxyType({"value": stated.value, "status": stated.status}))
