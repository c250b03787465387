"""Named inference rules and the engine that checks a certificate.

A rule is ``rule(premises, params, path) -> Proposition``: ``premises`` are the propositions the
premise certificates were verified to state, ``params`` the rule's JSON parameters.  A rule is sound
on its face and checks that its premises speak of the same object (architecture, partition, output,
field) as the conclusion it returns; it raises ``CertificateError`` (via ``fail``) otherwise.

The engine (:func:`check_node`): parse the stated proposition; obtain a proved proposition from the
evidence (a method, or a rule applied to recursively checked premises); require ``entails(proved,
stated)``; require an optional ``claim`` to equal the rendered sentence.
"""

from __future__ import annotations

import dataclasses
from types import MappingProxyType
from typing import Any, Callable, Mapping

from .jsonio import fail, get, join, only_keys, show
from .methods import METHOD_QUANTITIES, METHODS
from .propositions import Proposition, entails, parse_proposition

RULES: dict[str, Callable] = {}
#: rule -> number of premises it takes (None: any number >= 1)
RULE_ARITY: dict[str, int | None] = {}
FORMAT = "exactnet.certificate"
SCHEMA_VERSION = 2
MAX_DEPTH = 32


def register_rule(name: str, arity: int | None, fn: Callable) -> Callable:
    """Add a named rule (once per name; called at import by ``kernel/<area>.py``)."""
    if name in RULES:
        raise RuntimeError(f"rule {name!r} registered twice")
    RULES[name], RULE_ARITY[name] = fn, arity
    return fn


@dataclasses.dataclass(frozen=True)
class CheckReport:
    """What a check established.  ``verdict`` is always ``"valid"`` (an invalid certificate raises
    ``CertificateError``); ``sentence`` is the rendered proposition; ``detail`` says how it was proved."""

    proposition: Proposition
    sentence: str
    detail: str
    facts: Mapping[str, Any] = dataclasses.field(default_factory=dict, compare=False)
    verdict: str = "valid"

    def __post_init__(self) -> None:
        object.__setattr__(self, "facts", MappingProxyType(dict(self.facts)))

    @property
    def kind(self) -> str:
        """The proposition's quantity."""
        return self.proposition.quantity

    @property
    def claim(self) -> str:
        """The rendered sentence (alias of ``sentence``)."""
        return self.sentence

    @property
    def status(self) -> str:
        return self.proposition.status

    def __str__(self) -> str:
        return f"{self.sentence}: {self.verdict} ({self.detail})"


def check_node(node: Any, path: str = "", depth: int = 0) -> tuple[Proposition, str]:
    """Check ``{"proposition", "evidence", "claim"?}``; return the stated proposition and a detail line."""
    if depth > MAX_DEPTH:
        raise fail(f"premises nested deeper than {MAX_DEPTH}", path)
    stated = parse_proposition(get(node, "proposition", path), join(path, "proposition"))
    ev_path = join(path, "evidence")
    evidence = get(node, "evidence", path)
    if not isinstance(evidence, dict) or ("method" in evidence) == ("rule" in evidence):
        raise fail("evidence must be a JSON object with exactly one of \"method\" or \"rule\"", ev_path)
    if "method" in evidence:
        name = evidence["method"]
        if not isinstance(name, str) or name not in METHODS:
            raise fail(f"unknown evidence method {show(name)}; known: {', '.join(sorted(METHODS))}",
                       join(ev_path, "method"))
        if stated.quantity not in METHOD_QUANTITIES[name]:
            raise fail(f"method {name!r} proves {', '.join(METHOD_QUANTITIES[name])}, not {stated.quantity}",
                       join(ev_path, "method"))
        proved = METHODS[name](evidence, stated, ev_path)
        detail = f"method {name}"
    else:
        only_keys(evidence, {"rule", "premises", "params"}, ev_path)
        name = evidence["rule"]
        if not isinstance(name, str) or name not in RULES:
            raise fail(f"unknown rule {show(name)}; known: {', '.join(sorted(RULES))}", join(ev_path, "rule"))
        raw = get(evidence, "premises", ev_path)
        pp = join(ev_path, "premises")
        if not isinstance(raw, list) or not raw or RULE_ARITY[name] not in (None, len(raw)):
            want = RULE_ARITY[name] or "one or more"
            raise fail(f"rule {name!r} takes {want} premises, not {show(raw)}", pp)
        premises = [check_node(p, join(pp, k), depth + 1)[0] for k, p in enumerate(raw)]
        params = evidence.get("params", {})
        if not isinstance(params, dict):
            raise fail(f"must be a JSON object, not {show(params)}", join(ev_path, "params"))
        proved = RULES[name](premises, params, ev_path)
        detail = f"rule {name} on {len(premises)} premises"
    if not entails(proved, stated):
        same = (proved.quantity, proved.field, proved.key) == (stated.quantity, stated.field, stated.key)
        raise fail(f"the evidence proves \"{proved.sentence()}\", which does not entail the stated "
                   f"\"{stated.sentence()}\"", join(path, "proposition.value" if same else "proposition.object"))
    if "claim" in node and node["claim"] != stated.sentence():
        raise fail(f"the claim must be the rendering of the proposition, \"{stated.sentence()}\", not "
                   f"{show(node['claim'])}", join(path, "claim"))
    return stated, detail


def check_envelope(obj: Any) -> CheckReport:
    """Check a version-2 certificate (a parsed JSON object)."""
    if not isinstance(obj, dict):
        raise fail(f"a certificate must be a JSON object, not {show(obj)}")
    if obj.get("format") != FORMAT:
        raise fail(f"must be {FORMAT!r}, not {show(obj.get('format'))}", "format")
    version = obj.get("schema_version")
    if version != SCHEMA_VERSION or isinstance(version, bool):
        raise fail(f"certificate format version {show(version)} is not read by this kernel (it reads "
                   f"version {SCHEMA_VERSION}); regenerate the certificate with exactnet >= 0.2", "schema_version")
    if "kind" in obj:
        raise fail("\"kind\" is a field of certificate format version 1; a version-2 certificate states a "
                   "\"proposition\" and its \"evidence\"", "kind")
    only_keys(obj, {"format", "schema_version", "exactnet_version", "proposition", "evidence", "claim"})
    if not isinstance(get(obj, "exactnet_version"), str):
        raise fail(f"must be a string, not {show(obj['exactnet_version'])}", "exactnet_version")
    stated, detail = check_node(obj)
    return CheckReport(stated, stated.sentence(), detail, {"value": stated.value, "status": stated.status})
