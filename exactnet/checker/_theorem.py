"""Independent checker kinds at theorem level (imports nothing from exactnet except ``errors``).

``"generic-rank"``
    Parts ``lower`` (a generic witness minor) and ``upper`` (a structural bound) about the same
    architecture, partition and weight space, with equal values: the rank is R almost everywhere.

``"bundle"``
    A list of certificates (each checked by its own kind) and relations between values the parts
    proved: terms are integers, ``"p/q"`` strings, true/false, ``{"ref": "parts[i].name"}`` and
    ``{"add"|"mul": [terms]}`` / ``{"pow": [base, exp]}``; ops ``== <= < >= > !=`` on numbers, and
    ``same`` (equal JSON values, e.g. two partitions or two network digests).  Every value of the
    optional ``conclusion`` must equal its ``derivation`` (a term with at least one reference,
    evaluated on the parts' proved values); the claim must state every concluded number.

The conclusion of ``generic-rank`` is verified key by key (unknown keys are refused), and its claim must
state the generic rank without contradicting it (:mod:`._claim`).  These two kinds are parts of the
version-1 certificates of the skeleton route and of the pooling-geometry bundles; every other theorem-level
kind is a version-2 proposition of :mod:`exactnet.kernel`.
"""

from __future__ import annotations

import json
import re
from fractions import Fraction
from typing import Any, Mapping

from ..errors import CertificateError
from ._claim import check_rank_statements, rank_statements, require_numbers
from ._network import _common_header, _fail, _get, _int, _rat, _short

__all__ = ["check_generic_rank", "check_bundle"]

STATUSES = ("exact", "lower-bound", "upper-bound", "almost-everywhere", "probabilistic")


def _prefixed(exc: CertificateError, prefix: str) -> CertificateError:
    field = f"{prefix}.{exc.field}" if exc.field else prefix
    return CertificateError(exc.reason, field)


def _sub(kind: str, obj: Any, prefix: str) -> dict:
    """Check a nested certificate of ``kind`` with the package's dispatcher (envelope included); return its facts."""
    from . import check_certificate  # the dispatcher of this package (no code shared with provers)

    if not isinstance(obj, dict):
        raise _fail(f"must be a complete {kind} certificate (a JSON object), not {_short(obj)}", prefix)
    if obj.get("kind") != kind:
        raise _fail(f"expected kind \"{kind}\", not {_short(obj.get('kind'))}", f"{prefix}.kind")
    try:
        report = check_certificate(obj)
    except CertificateError as exc:
        raise _prefixed(exc, prefix) from None
    return dict(report.facts)


def _conclusion(cert: dict, proved: dict, required: tuple[str, ...]) -> dict:
    """Verify a theorem kind's ``conclusion``: every key is one the checker derives (``proved``), with its value.

    ``required`` keys must be present; any other key is refused (it would not be verified).
    """
    concl = _get(cert, "conclusion", "")
    if not isinstance(concl, dict):
        raise _fail(f"must be a JSON object, not {_short(concl)}", "conclusion")
    for key in required:
        if key not in concl:
            raise _fail("missing required key: the conclusion states this proved value", f"conclusion.{key}")
    for key, stated in concl.items():
        field = f"conclusion.{key}"
        if key not in proved:
            raise _fail(f"a {cert['kind']} certificate can conclude only {', '.join(sorted(proved))}; "
                        f"{key!r} would not be verified", field)
        true = proved[key]
        if isinstance(true, int) and not isinstance(true, bool):
            value = _int(stated, field, 0)
        else:
            value = stated
        if value != true or type(value) is not type(true):
            raise _fail(_CONCLUSION_WORDS.get(key, "the parts prove {key} = {true!r}, not {value!r}").format(
                key=key, true=true, value=value), field)
    return {key: proved[key] for key in concl}


_CONCLUSION_WORDS = {
    "generic_rank": "the parts prove generic rank {true}, not {value}",
    "weight_space": "the witness proves the claim for weight space {true!r}, not {value!r}",
}


# ============================================================================ generic-rank
def _generic_pair(lower: dict, upper: dict) -> int:
    """Lower (generic witness minor) and upper (structural) bounds about the same thing: return R."""
    if not lower["generic"]:
        raise _fail("the lower bound must be a generic (almost-everywhere) statement", "lower.generic")
    la, ua = lower["architecture"], upper["architecture"]
    if la["kind"] != ua["kind"]:
        raise _fail(f"the upper bound is about a {ua['kind']}, the witness is a {la['kind']}", "upper.architecture.kind")
    keys = ("num_inputs", "M", "tree", "widths") if la["kind"] == "deep-convac" else ("num_inputs", "M", "Z")
    for key in keys:
        if la[key] != ua[key]:
            raise _fail(
                f"the upper bound is about a different architecture: {key} = {_short(ua[key])} there, "
                f"{_short(la[key])} for the witness",
                f"upper.architecture.{key}",
            )
    space = lower["weight_space"]
    if ua["shared"] and space != "shared":
        raise _fail(
            "an upper bound proved for shared weights only cannot bound the unshared weight space "
            f"(lower.weight_space = {space!r})",
            "upper.architecture.shared",
        )
    if lower["partition"] != upper["partition"]:
        raise _fail("lower and upper must use the same partition", "upper.partition")
    R = lower["r"]
    if upper["bound"] != R:
        raise _fail(f"the upper bound {upper['bound']} differs from the lower bound {R}: the rank is not pinned", "upper.bound")
    return R


def check_generic_rank(cert: dict) -> dict:
    """Verify a ``generic-rank`` certificate: rank = R for almost every weight setting of an architecture.

    Parts ``lower`` (a generic ``network-rank-lower-bound``) and ``upper`` (a
    ``structural-upper-bound`` about the same architecture, partition and weight space).
    """
    _common_header(cert, "generic-rank")
    if cert.get("status") != "almost-everywhere":
        raise _fail(f"a generic rank has status \"almost-everywhere\", not {_short(cert.get('status'))}", "status")
    lower = _sub("network-rank-lower-bound", _get(cert, "lower", ""), "lower")
    upper = _sub("structural-upper-bound", _get(cert, "upper", ""), "upper")
    R = _generic_pair(lower, upper)
    _conclusion(cert, {"generic_rank": R, "weight_space": lower["weight_space"]}, ("generic_rank",))
    check_rank_statements(cert.get("claim"), lower=R, upper=R)
    require_numbers(cert.get("claim"), {"generic_rank": R})
    return {
        "kind": "generic-rank",
        "generic_rank": R,
        "weight_space": lower["weight_space"],
        "architecture": lower["architecture"],
        "partition": lower["partition"],
        "witness_digest": lower["network_digest"],
        "lower_rule": upper["rule"],
        "upper_rule": upper["rule"],
        "upper_parameters": upper["parameters"],
    }


_REF = re.compile(r"^parts\[(\d+)\]((?:\.[A-Za-z_][A-Za-z0-9_]*)+)$")
_OPS = {
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<=": lambda a, b: a <= b,
    "<": lambda a, b: a < b,
    ">=": lambda a, b: a >= b,
    ">": lambda a, b: a > b,
}


def _part_values(part: dict, index: int) -> dict:
    """Check one part with the package's dispatcher; return the values its checker proved."""
    from . import check_certificate  # the dispatcher of this package (no code shared with provers)

    try:
        report = check_certificate(part)
    except CertificateError as exc:
        raise _prefixed(exc, f"parts[{index}]") from None
    facts = getattr(report, "facts", report)
    return dict(facts) if isinstance(facts, Mapping) else {}


def _deref(ref: Any, values: list[dict], field: str) -> Any:
    """The value a reference ``"parts[k].name.sub"`` points at among the parts' proved values."""
    m = _REF.match(ref) if isinstance(ref, str) else None
    if not m:
        raise _fail(f"a reference looks like \"parts[0].bound\", not {_short(ref)}", field)
    k = int(m.group(1))
    if k >= len(values):
        raise _fail(f"there is no part {k} (the bundle has {len(values)})", field)
    x: Any = values[k]
    for key in m.group(2)[1:].split("."):
        if not isinstance(x, Mapping) or key not in x:
            raise _fail(f"part {k} proved no value named {m.group(2)[1:]!r}", field)
        x = x[key]
    return x


def _term(t: Any, values: list[dict], field: str) -> Fraction | bool:
    if isinstance(t, bool):
        return t
    if isinstance(t, (int, str)):
        return _rat(t, field)
    if isinstance(t, dict) and len(t) == 1:
        (op, arg), = t.items()
        if op == "ref":
            x = _deref(arg, values, field)
            if isinstance(x, bool):
                return x
            if not isinstance(x, (int, Fraction)):
                raise _fail(f"{arg} is not a number ({_short(x)})", field)
            return Fraction(x)
        if op in ("add", "mul") and isinstance(arg, list) and arg:
            vals = [_num(_term(a, values, f"{field}.{op}[{k}]"), f"{field}.{op}[{k}]") for k, a in enumerate(arg)]
            out = Fraction(0) if op == "add" else Fraction(1)
            for v in vals:
                out = out + v if op == "add" else out * v
            return out
        if op == "pow" and isinstance(arg, list) and len(arg) == 2:
            base = _num(_term(arg[0], values, f"{field}.pow[0]"), f"{field}.pow[0]")
            exp = _num(_term(arg[1], values, f"{field}.pow[1]"), f"{field}.pow[1]")
            if exp.denominator != 1 or exp < 0:
                raise _fail(f"exponents must be integers >= 0, not {exp}", field)
            return base ** int(exp)
    raise _fail(f"a term is an int, a \"p/q\" string, {{'ref'|'add'|'mul'|'pow': ...}}; not {_short(t)}", field)


def _canonical(x: Any) -> str:
    """Canonical JSON text of a value (so ``true`` differs from ``1``, and tuples equal lists)."""

    def norm(v: Any) -> Any:
        if isinstance(v, Mapping):
            return {str(k): norm(w) for k, w in v.items()}
        if isinstance(v, (list, tuple)):
            return [norm(w) for w in v]
        if isinstance(v, Fraction):
            return v.numerator if v.denominator == 1 else f"{v.numerator}/{v.denominator}"
        return v

    return json.dumps(norm(x), sort_keys=True, separators=(",", ":"), default=repr)


def _value(t: Any, values: list[dict], field: str) -> Any:
    """A term for ``same``: a reference to any proved value, or a JSON literal."""
    if isinstance(t, dict) and set(t) == {"ref"}:
        return _deref(t["ref"], values, field)
    return t


def _num(x: Fraction | bool, field: str) -> Fraction:
    if isinstance(x, bool):
        raise _fail("true/false cannot enter arithmetic", field)
    return x


def _has_ref(t: Any) -> bool:
    if isinstance(t, dict):
        return "ref" in t or any(_has_ref(v) for v in t.values())
    if isinstance(t, list):
        return any(_has_ref(v) for v in t)
    return False


def _derive(t: Any, values: list[dict], field: str) -> Any:
    """The value of a derivation term: a bare reference gives the proved value itself (any JSON value)."""
    if not _has_ref(t):
        raise _fail("a concluded value must be derived from the parts' proved values: the term needs at least "
                    f"one {{\"ref\": \"parts[i].name\"}}, not {_short(t)}", field)
    if isinstance(t, dict) and set(t) == {"ref"}:
        x = _deref(t["ref"], values, field)
        return Fraction(x) if isinstance(x, int) and not isinstance(x, bool) else x
    return _term(t, values, field)


def _bundle_conclusion(cert: dict, values: list[dict]) -> dict:
    """Verify every value of a bundle's ``conclusion`` against its ``derivation``; return the verified values."""
    concl = cert.get("conclusion", {})
    if not isinstance(concl, dict):
        raise _fail(f"must be a JSON object, not {_short(concl)}", "conclusion")
    deriv = cert.get("derivation", {})
    if not isinstance(deriv, dict):
        raise _fail(f"must be a JSON object of terms, one per concluded value, not {_short(deriv)}", "derivation")
    for key in deriv:
        if key not in concl:
            raise _fail(f"derives {key!r}, which the conclusion does not state", f"derivation.{key}")
    out = {}
    for key, stated in concl.items():
        field = f"conclusion.{key}"
        if key not in deriv:
            raise _fail(f"the concluded value {key!r} has no derivation (\"derivation\": {{{key!r}: term}}), so it "
                        "would not be verified", field)
        true = _derive(deriv[key], values, f"derivation.{key}")
        if isinstance(true, Fraction):
            if isinstance(stated, bool) or not isinstance(stated, (int, str)):
                raise _fail(f"must be a number (a JSON integer or a \"p/q\" string) like its derivation, not "
                            f"{_short(stated)}", field)
            value = _rat(stated, field)
            if value != true:
                raise _fail(f"the parts prove {key} = {true} (derivation.{key}), not {value}", field)
            out[key] = true.numerator if true.denominator == 1 else true
        else:
            if _canonical(stated) != _canonical(true):
                raise _fail(f"the parts prove {key} = {_short(true)} (derivation.{key}), not {_short(stated)}", field)
            out[key] = true
    return out


def check_bundle(cert: dict) -> dict:
    """Verify every part of a ``bundle``, every relation, and every concluded value (against its derivation).

    The claim must state every concluded number, and every ``rank [..] op n`` statement in it must use
    a concluded number.
    """
    _common_header(cert, "bundle")
    if cert.get("status") not in STATUSES:
        raise _fail(f"status must be one of {STATUSES}, not {_short(cert.get('status'))}", "status")
    parts = _get(cert, "parts", "")
    if not isinstance(parts, list) or not parts:
        raise _fail("must be a non-empty list of certificates", "parts")
    values = [_part_values(p, k) for k, p in enumerate(parts)]
    rels = _get(cert, "relations", "")
    if not isinstance(rels, list) or not rels:
        raise _fail("must be a non-empty list of relations", "relations")
    for k, rel in enumerate(rels):
        f = f"relations[{k}]"
        op = _get(rel, "op", f)
        if op == "same":
            a = _value(_get(rel, "left", f), values, f"{f}.left")
            b = _value(_get(rel, "right", f), values, f"{f}.right")
            if _canonical(a) != _canonical(b):
                raise _fail(f"the two values differ: {_short(a)} vs {_short(b)}", f)
            continue
        if not isinstance(op, str) or op not in _OPS:
            raise _fail(f"op must be one of {sorted(_OPS) + ['same']}, not {_short(op)}", f"{f}.op")
        a = _term(_get(rel, "left", f), values, f"{f}.left")
        b = _term(_get(rel, "right", f), values, f"{f}.right")
        if (isinstance(a, bool) or isinstance(b, bool)) and (op not in ("==", "!=") or type(a) is not type(b)):
            raise _fail(f"true/false compare only with == or != against true/false, not {a!r} {op} {b!r}", f)
        if not _OPS[op](a, b):
            raise _fail(f"the relation {a} {op} {b} is false", f)
    conclusion = _bundle_conclusion(cert, values)
    claim = cert.get("claim")
    numbers = {f"conclusion.{k}": v for k, v in conclusion.items()
               if isinstance(v, (int, Fraction)) and not isinstance(v, bool)}
    if isinstance(claim, str):
        for op, n in rank_statements(claim):
            if n not in numbers.values():
                raise _fail(f"the claim states rank [..] {op} {n}, but {n} is not a concluded value "
                            f"(the conclusion proves {_short(numbers)})", "claim")
    require_numbers(claim, numbers)
    return {"kind": "bundle", "parts": values, "conclusion": conclusion}
