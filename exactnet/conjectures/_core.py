"""Conjectures as values: :class:`Space`, :class:`Conjecture` (and its decorator), :func:`claim` and the
evidence rules, :func:`load_conjecture` and :func:`library`.

A conjecture's check is called on one instance (keyword arguments, one per parameter of the space) and
returns :func:`claim` assertions, a list of them (all must hold) or a bool.  :func:`evaluate` turns one
call into the record the search stores.

>>> sp = Space(L=range(1, 3), r=(2, 3))
>>> [tuple(i.values()) for i in sp]
[(1, 2), (1, 3), (2, 2), (2, 3)]
>>> claim(6, "<=", 5).outcome, claim(True, "==", 1).outcome
('potential', 'holds')
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.util
import inspect
import itertools
import re
import sys
import time
from fractions import Fraction
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

from ..errors import CertificateError, ExactnetError, InexactInputError, InvalidArgumentError, describe_value

__all__ = ["Space", "Conjecture", "conjecture", "claim", "Assertion", "OUTCOMES", "load_conjecture", "library",
           "evaluate"]

#: outcomes of one instance, from the strongest evidence against the conjecture to the weakest
OUTCOMES = ("refuted", "potential", "error", "unknown", "holds")
#: the relations a claim may state (``=`` is read as ``==``)
RELATIONS = ("==", "!=", "<=", ">=", "<", ">")
#: the strategies of a search
STRATEGIES = ("exhaustive", "random", "targeted")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")


# ============================================================================================ values as JSON
def plain(obj: Any, name: str = "value") -> Any:
    """A JSON value of ``obj``: Fractions as ``"p/q"``, tuples as lists; floats refused (naming ``name``)."""
    if obj is None or isinstance(obj, (bool, str)):
        return obj
    if isinstance(obj, int):
        return int(obj)
    if isinstance(obj, Fraction):
        return str(obj) if obj.denominator != 1 else int(obj)
    if isinstance(obj, float):
        raise InexactInputError(f"Argument '{name}' must be exact (an int, a Fraction, a string), not "
                                f"{describe_value(obj)}")
    if isinstance(obj, dict):
        return {str(k): plain(v, f"{name}[{k!r}]") for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [plain(v, f"{name}[{i}]") for i, v in enumerate(obj)]
    try:  # numpy / flint integers
        from ..core.rational import as_rational

        q = as_rational(obj, name)
        return int(q) if q.denominator == 1 else str(q)
    except ExactnetError:
        raise InvalidArgumentError(f"Argument '{name}' must be JSON data (numbers, strings, tuples, lists, dicts), "
                                   f"not {describe_value(obj)}") from None


# ============================================================================================ Space
class Space:
    """The instances of a conjecture: named parameters, each with its values, in a fixed order.

    ``Space(L=range(1, 4), r=(2, 3, 4))`` holds the 9 instances ``{"L": 1, "r": 2}``, ...; the space's own
    order is the product order (the last parameter varies fastest).  A parameter's values may depend on
    the earlier parameters: give a function of (some of) them, e.g.
    ``Space(L=range(1, 4), widths=lambda L: itertools.product((1, 2), repeat=L))``.  Values are exact JSON
    data (ints, Fractions, strings, tuples of them); floats are refused naming the parameter.

    >>> sp = Space(L=(1, 2), w=lambda L: range(L))
    >>> [tuple(i.values()) for i in sp]
    [(1, 0), (2, 0), (2, 1)]
    >>> Space(a=(0.5,))
    Traceback (most recent call last):
      ...
    exactnet.errors.InexactInputError: Argument 'a[0]' must be exact (an int, a Fraction, a string), not 0.5 (type=float)
    """

    __slots__ = ("_params",)

    def __init__(self, **params: Any):
        if not params:
            raise InvalidArgumentError("a Space needs at least one parameter, e.g. Space(n=range(1, 5))")
        out = []
        for name, values in params.items():
            earlier = [n for n, _ in out]
            if callable(values) and not hasattr(values, "__iter__"):
                wanted = _parameter_names(values, f"the values of parameter '{name}'")
                unknown = [w for w in wanted if w not in earlier] if wanted is not None else []
                if unknown:
                    raise InvalidArgumentError(f"the values of parameter '{name}' depend on {unknown}, which are not "
                                               f"earlier parameters of the space (earlier: {earlier})")
                out.append((name, values))
            else:
                if isinstance(values, (str, bytes, dict)) or not hasattr(values, "__iter__"):
                    raise InvalidArgumentError(f"Argument '{name}' must be the parameter's values (a range, a tuple, "
                                               f"a list) or a function of earlier parameters, not "
                                               f"{describe_value(values)}")
                seq = values if isinstance(values, range) else tuple(values)
                if not isinstance(seq, range):
                    for i, v in enumerate(seq):
                        plain(v, f"{name}[{i}]")
                out.append((name, seq))
        object.__setattr__(self, "_params", tuple(out))

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Space is immutable")

    def __reduce__(self):  # pickled for Dask workers: rebuilt from its parameters
        return (_rebuild_space, (self._params,))

    @property
    def names(self) -> tuple:
        """The parameter names, in order."""
        return tuple(n for n, _ in self._params)

    def values(self, name: str, instance: dict | None = None) -> Sequence:
        """The values of parameter ``name`` (given the earlier parameters of ``instance``)."""
        for n, vals in self._params:
            if n == name:
                if isinstance(vals, (range, tuple)):
                    return vals
                seq = tuple(_call(vals, instance or {}))
                for i, v in enumerate(seq):
                    plain(v, f"{name}[{i}]")
                return seq
        raise InvalidArgumentError(f"the space has no parameter {name!r} (it has {list(self.names)})")

    def __iter__(self) -> Iterator[dict]:
        """Every instance, in the space's own order (a product; the last parameter varies fastest)."""

        def walk(i: int, inst: dict) -> Iterator[dict]:
            if i == len(self._params):
                yield dict(inst)
                return
            name = self._params[i][0]
            for v in self.values(name, inst):
                inst[name] = v
                yield from walk(i + 1, inst)
            inst.pop(name, None)

        return walk(0, {})

    def contains(self, instance: dict) -> bool:
        """Whether ``instance`` is one of the space's instances."""
        if set(instance) != set(self.names):
            return False
        return all(instance[n] in self.values(n, instance) for n in self.names)

    def describe(self) -> dict:
        """A JSON description (what a store compares: the same space gives the same description)."""
        out = {}
        for name, vals in self._params:
            if isinstance(vals, range):
                out[name] = f"range({vals.start}, {vals.stop}, {vals.step})"
            elif isinstance(vals, tuple):
                out[name] = plain(vals, name)
            else:
                out[name] = "function: " + _source_text(vals)
        return out

    def __repr__(self) -> str:
        parts = []
        for name, vals in self._params:
            text = repr(vals) if isinstance(vals, (range, tuple)) else f"<function of {_parameter_names(vals, name)}>"
            parts.append(f"{name}={text}")
        return f"Space({', '.join(parts)})"

    def __eq__(self, other: Any) -> bool:
        return isinstance(other, Space) and self._params == other._params

    def __hash__(self) -> int:
        return hash(self.names)


def _rebuild_space(params: tuple) -> Space:
    space = object.__new__(Space)
    object.__setattr__(space, "_params", params)
    return space


def _parameter_names(fn: Callable, what: str) -> list | None:
    """The keyword names ``fn`` takes (None when it takes ``**kwargs``)."""
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        return None
    if any(p.kind is p.VAR_KEYWORD for p in sig.parameters.values()):
        return None
    return [n for n, p in sig.parameters.items() if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]


def _has_default(fn: Callable, name: str) -> bool:
    return inspect.signature(fn).parameters[name].default is not inspect.Parameter.empty


def _call(fn: Callable, instance: dict, **extra: Any) -> Any:
    """Call ``fn`` with the parameters of ``instance`` it takes (all of them when it takes ``**kwargs``)."""
    names = _parameter_names(fn, "")
    args = {**instance, **extra}
    if names is None:
        return fn(**args)
    return fn(**{n: args[n] for n in names if n in args})


def _source_text(fn: Any) -> str:
    try:
        return inspect.getsource(fn).strip()
    except (OSError, TypeError):
        return getattr(fn, "__qualname__", repr(fn))


# ============================================================================================ claims
@dataclasses.dataclass(frozen=True)
class Assertion:
    """One judged claim ``quantity relation target`` with its outcome (see :func:`claim`).

    ``outcome`` is ``holds``, ``refuted`` (genuine: an exact or bound result in the right direction whose
    certificate the kernel re-checked), ``potential`` (contradicting evidence that is not a proof: no
    certificate, a failing one, modular or float evidence) or ``unknown`` (a bound in the wrong direction).
    """

    relation: str
    target: Any
    value: Any
    status: str
    outcome: str
    detail: str
    certificate: Any = dataclasses.field(default=None, repr=False, compare=False)
    certified: bool = False

    @property
    def margin(self) -> Fraction | None:
        """How far the evidence is from refuting the claim (larger = closer; > 0 = contradicts)."""
        v, t = self.value, self.target
        if not isinstance(v, (int, Fraction)) or isinstance(v, bool) or not isinstance(t, (int, Fraction)):
            return None
        v, t = Fraction(v), Fraction(t)
        return {"<=": v - t, "<": v - t + 0, ">=": t - v, ">": t - v, "==": abs(v - t), "!=": -abs(v - t)}[
            self.relation]

    def to_record(self) -> dict:
        """The JSON form kept in a search's store."""
        return {"relation": self.relation, "target": plain(self.target), "value": _plain_value(self.value),
                "status": self.status, "outcome": self.outcome, "detail": self.detail, "certified": self.certified}


def _plain_value(v: Any) -> Any:
    if isinstance(v, float):
        return f"float {v!r}"
    try:
        return plain(v)
    except ExactnetError:
        return repr(v)


def _compare(x: Any, relation: str, t: Any) -> bool:
    return {"==": x == t, "!=": x != t, "<=": x <= t, ">=": x >= t, "<": x < t, ">": x > t}[relation]


def _judge(x: Any, status: str, relation: str, t: Any) -> str:
    """``holds`` / ``contradicts`` / ``undecided`` from the evidence ``x`` with ``status`` about ``Q rel t``."""
    if status in ("exact", "almost-everywhere"):
        return "holds" if _compare(x, relation, t) else "contradicts"
    if status == "lower-bound":  # Q >= x
        if relation in (">=", ">", "!="):
            return "holds" if (x > t if relation in (">", "!=") else x >= t) else "undecided"
        return "contradicts" if (x >= t if relation == "<" else x > t) else "undecided"
    if status == "upper-bound":  # Q <= x
        if relation in ("<=", "<", "!="):
            return "holds" if (x < t if relation in ("<", "!=") else x <= t) else "undecided"
        return "contradicts" if (x <= t if relation == ">" else x < t) else "undecided"
    return "undecided"


def claim(result: Any, relation: str, value: Any, *, index: int | None = None) -> Assertion:
    """Judge the claim ``quantity relation value`` on the evidence ``result``; return an :class:`Assertion`.

    ``result`` is an exactnet result (``value``, ``status``, ``field``, ``certificate``: a rank, a generic
    rank certificate, a region count, a ``Certificate``), or a plain exact number (an int or Fraction
    computed by a formula, without a certificate).  ``relation`` is one of ``== != <= >= < >``; ``value``
    an exact number (floats are refused).  ``index`` picks one component of a tuple value (e.g. the
    linear-region count ``1`` of an enumeration's ``(activation, linear)``).

    The outcome:

    * ``holds``: the evidence proves the relation (an exact value, or a bound in the right direction),
      with a certificate the kernel re-checked (``certified``), or a plain exact number agreeing;
    * ``refuted`` (genuine): exact evidence contradicting the relation, an ``upper-bound`` result below
      ``v`` refuting ``>= v``, a ``lower-bound`` result above ``v`` refuting ``<= v`` (the same for
      ``almost-everywhere`` values of statements about almost every weight setting), and ONLY when the
      result's certificate passes the kernel's check and states the evidence used;
    * ``potential``: contradicting evidence that is no proof (no certificate, a failing certificate,
      modular or float evidence);
    * ``unknown``: a bound in the wrong direction (a lower bound cannot refute ``>=``), or agreeing
      evidence that is no proof (a failing certificate, float or modular evidence).

    >>> import exactnet
    >>> res = exactnet.rank([[1, 2], [2, 4]])      # rank 1, exact, certified
    >>> claim(res, ">=", 2).outcome, claim(res, "<=", 1).outcome
    ('refuted', 'holds')
    >>> from exactnet.core.result import Result
    >>> claim(Result(3, "upper-bound", "Q", None), ">=", 4).outcome   # no certificate
    'potential'
    """
    rel = "==" if relation == "=" else relation
    if rel not in RELATIONS:
        raise InvalidArgumentError(f"Argument 'relation' must be one of {', '.join(RELATIONS)}, not "
                                   f"{describe_value(relation)}")
    from ..core.rational import as_rational

    target = as_rational(value, "value")
    target = int(target) if target.denominator == 1 else target
    if isinstance(result, bool):
        x, status, cert, certified, kind = int(result), "exact", None, False, "a bool, no certificate"
    elif isinstance(result, float):
        x, status, cert, certified, kind = result, "float", None, False, "float evidence"
    elif isinstance(result, (int, Fraction)):
        x, status, cert, certified, kind = result, "exact", None, False, "an exact value without a certificate"
    elif hasattr(result, "value") and hasattr(result, "status"):
        x, status, certified, kind, cert = result.value, result.status, False, "", getattr(result, "certificate", None)
        field = getattr(result, "field", "Q")
        if cert is None:
            kind = "no certificate"
        else:
            try:
                report = result.check() if hasattr(result, "check") else cert.check()
                prop = report.proposition
                x, status, certified = prop.value, prop.status, prop.field == "Q"
                kind = "certified: " + report.sentence if certified else f"a certificate over {prop.field}"
            except CertificateError as exc:
                kind = f"the certificate fails: {exc}"
            except ExactnetError as exc:
                kind = f"the certificate cannot be checked: {exc}"
        if not certified and field != "Q" and cert is None:
            kind = f"modular evidence (over {field}), no certificate over Q"
            status = "modular"
    else:
        raise InvalidArgumentError(f"Argument 'result' must be an exactnet result (value, status, field, "
                                   f"certificate), an exact number or a bool, not {describe_value(result)}")
    if index is not None:
        if not isinstance(x, (tuple, list)) or not -len(x) <= index < len(x):
            raise InvalidArgumentError(f"Argument 'index' must pick a component of the result's value, not {index!r} "
                                       f"(the value is {describe_value(x)})")
        x = x[index]
    elif isinstance(x, (tuple, list)):
        raise InvalidArgumentError(f"the result's value {describe_value(x)} has several components: pick one with "
                                   "index=..., e.g. claim(res, '<=', 10, index=1)")
    if isinstance(x, float):
        status, kind = "float", "float evidence"
    weak = status not in ("exact", "almost-everywhere", "lower-bound", "upper-bound")  # float, modular, ...
    judged = _judge(x, "exact" if weak else status, rel, target)
    failing = cert is not None and not certified
    if judged == "contradicts":
        outcome = "refuted" if certified else "potential"
    elif judged == "holds":
        outcome = "holds" if certified or not (weak or failing) else "unknown"
    else:
        outcome = "unknown"
    shown = f"{x!r}" if isinstance(x, float) else str(x)
    verdict = {"holds": "holds", "refuted": "refuted (genuine)", "potential": "potential counterexample",
               "unknown": "undecided"}[outcome]
    detail = f"{shown} ({status}) against '{rel} {target}': {verdict}; {kind}"
    return Assertion(rel, target, x, status, outcome, detail, cert, certified)


# ============================================================================================ Conjecture
@dataclasses.dataclass(frozen=True)
class Conjecture:
    """A named statement over a :class:`Space`, checked instance by instance (an immutable value).

    ``check(**instance)`` returns :func:`claim` assertions (one, or a list: all must hold) or a bool (a
    ``False`` is only a potential counterexample: it carries no certificate).  ``size(**instance)`` gives
    the exhaustive order (an int, or a tuple whose first entry is the size and whose other entries break
    ties; the space's own order breaks the remaining ties; default: the sum of the integer parameters);
    ``where(**instance)`` filters the space; ``score(**instance[, value=...])`` guides the targeted
    strategy (larger = more promising; default: how close the claims are to failing).  ``source`` cites
    where the statement comes from, ``statement`` says it in words; ``expected``, ``strategy`` and
    ``max_size`` describe a built-in conjecture's known outcome and default search.
    """

    name: str
    space: Space
    check: Callable
    size: Callable | None = None
    where: Callable | None = None
    score: Callable | None = None
    source: Any = None
    statement: str = ""
    expected: Any = None
    strategy: str = "exhaustive"
    max_size: int | None = None
    origin: str | None = dataclasses.field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not _NAME.match(self.name):
            raise InvalidArgumentError(f"Argument 'name' must be a name of letters, digits, '-', '_' or '.', not "
                                       f"{describe_value(self.name)}")
        if not isinstance(self.space, Space):
            raise InvalidArgumentError(f"Argument 'space' of conjecture '{self.name}' must be a Space, not "
                                       f"{describe_value(self.space)}")
        if not callable(self.check):
            raise InvalidArgumentError(f"Argument 'check' of conjecture '{self.name}' must be callable, not "
                                       f"{describe_value(self.check)}")
        for role in ("check", "size", "where", "score"):
            fn = getattr(self, role)
            if fn is None:
                continue
            if not callable(fn):
                raise InvalidArgumentError(f"Argument '{role}' of conjecture '{self.name}' must be callable, not "
                                           f"{describe_value(fn)}")
            names = _parameter_names(fn, role)
            if names is None:
                continue
            allowed = set(self.space.names) | ({"value"} if role == "score" else set())
            extra = [n for n in names if n not in allowed and not _has_default(fn, n)]
            missing = [n for n in self.space.names if n not in names] if role == "check" else []
            if extra or missing:
                raise InvalidArgumentError(
                    f"the {role} function of conjecture '{self.name}' takes ({', '.join(names)}) but the space's "
                    f"parameters are ({', '.join(self.space.names)})")
        if self.strategy not in STRATEGIES:
            raise InvalidArgumentError(f"Argument 'strategy' of conjecture '{self.name}' must be one of "
                                       f"{', '.join(STRATEGIES)}, not {describe_value(self.strategy)}")
        if self.max_size is not None:
            from ..core.rational import as_int

            object.__setattr__(self, "max_size", as_int(self.max_size, "max_size"))

    # ---------------------------------------------------------------------------------------- instances
    def size_key(self, instance: dict) -> tuple:
        """The instance's place in the size order: a tuple whose first entry is its size."""
        if self.size is None:
            return (_int_sum(instance.values()),)
        out = _call(self.size, instance)
        key = tuple(out) if isinstance(out, (tuple, list)) else (out,)
        for i, v in enumerate(key):
            if isinstance(v, float) or not isinstance(v, (int, Fraction)):
                raise InvalidArgumentError(f"the size function of conjecture '{self.name}' must return an int or a "
                                           f"tuple of ints, not {describe_value(out)} (at {instance})")
        return key

    def accepts(self, instance: dict) -> bool:
        """Whether ``instance`` passes the conjecture's ``where`` filter."""
        return True if self.where is None else bool(_call(self.where, instance))

    @property
    def source_text(self) -> str:
        """The source as text (a citation's ``text()``, or the string given)."""
        if self.source is None:
            return ""
        return self.source.text() if hasattr(self.source, "text") else str(self.source)

    @property
    def source_hash(self) -> str:
        """A hash of the conjecture's definition (its file when loaded from one, else its functions' source)."""
        if self.origin and self.origin.startswith("file:"):
            path = self.origin[5:].rsplit(":", 1)[0]
            try:
                text = Path(path).read_text()
            except OSError:
                text = path
            return hashlib.sha256(f"{text}\n{self.name}".encode()).hexdigest()[:16]
        parts = [self.name] + [_source_text(f) for f in (self.check, self.size, self.where, self.score) if f]
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]

    def describe(self) -> dict:
        """JSON description: name, statement, source, space, defaults."""
        return {"name": self.name, "statement": self.statement, "source": self.source_text,
                "space": self.space.describe(), "strategy": self.strategy, "max_size": self.max_size,
                "expected": plain(self.expected) if self.expected is not None else None}


def _int_sum(values: Any) -> int:
    total = 0
    for v in values:
        if isinstance(v, bool):
            continue
        if isinstance(v, int):
            total += v
        elif isinstance(v, (tuple, list)):
            total += _int_sum(v)
    return total


def conjecture(name: str | None = None, *, space: Space, size: Callable | None = None, where: Callable | None = None,
               score: Callable | None = None, source: Any = None, statement: str = "", expected: Any = None,
               strategy: str = "exhaustive", max_size: int | None = None) -> Callable[[Callable], Conjecture]:
    """Decorator: the function becomes the check of a :class:`Conjecture` (the name defaults to the
    function's, with ``_`` as ``-``; the statement to the first line of its docstring).

    >>> import exactnet
    >>> @conjecture(space=Space(n=range(1, 5)))
    ... def square_at_most_8(n):
    ...     return claim(n * n, "<=", 8)
    >>> square_at_most_8.name, square_at_most_8.check(n=3).outcome
    ('square-at-most-8', 'potential')
    """

    def wrap(fn: Callable) -> Conjecture:
        doc = (inspect.getdoc(fn) or "").strip().splitlines()
        return Conjecture(name=name or fn.__name__.replace("_", "-"), space=space, check=fn, size=size, where=where,
                          score=score, source=source, statement=statement or (doc[0] if doc else ""),
                          expected=expected, strategy=strategy, max_size=max_size)

    if callable(name) and not isinstance(name, str):
        raise InvalidArgumentError("use @conjecture(space=...) with arguments, not @conjecture alone")
    return wrap


# ============================================================================================ one instance
def _assertions(out: Any, name: str) -> list:
    if isinstance(out, Assertion):
        return [out]
    if isinstance(out, bool):
        if out:
            return [Assertion("==", True, True, "exact", "holds", "the check returned True", None, False)]
        return [Assertion("==", True, False, "exact", "potential",
                          "the check returned False (a bool carries no certificate: a potential counterexample)",
                          None, False)]
    if isinstance(out, (list, tuple)) and out:
        return [a for item in out for a in _assertions(item, name)]
    raise InvalidArgumentError(f"the check of conjecture '{name}' must return claim(...), a list of claims or a bool, "
                               f"not {describe_value(out)}")


def evaluate(conj: Conjecture, instance: dict) -> dict:
    """Run the check on one instance; return the record a search stores (never raises for the check's errors).

    The record: ``instance``, ``outcome`` (``holds`` | ``refuted`` | ``potential`` | ``unknown`` |
    ``error``), ``value``, ``detail``, ``certificate`` (the deciding claim's certificate as JSON, or None),
    ``certified``, ``claims`` (every claim's judgement), ``score`` (``"p/q"`` or an int, or None), ``seconds``.
    """
    start = time.perf_counter()
    rec: dict = {"instance": plain(instance), "outcome": "error", "value": None, "detail": "", "certificate": None,
                 "certified": False, "claims": [], "score": None}
    try:
        found = _assertions(conj.check(**instance), conj.name)
        deciding = min(found, key=lambda a: OUTCOMES.index(a.outcome))
        rec.update(outcome=deciding.outcome, value=_plain_value(deciding.value), detail=deciding.detail,
                   certified=deciding.certified, claims=[a.to_record() for a in found])
        if deciding.certificate is not None:
            cert = deciding.certificate
            cert = cert.to_certificate() if hasattr(cert, "to_certificate") else cert
            rec["certificate"] = cert.to_dict() if hasattr(cert, "to_dict") else None
        if conj.score is not None:
            from ..core.rational import as_rational

            score = as_rational(_call(conj.score, instance, value=found[0].value), "score")
        else:
            margins = [a.margin for a in found if a.margin is not None]
            score = max(margins) if margins else None
        rec["score"] = plain(score) if score is not None else None
    except Exception as exc:  # noqa: BLE001 - the check's own errors are the instance's outcome
        rec.update(outcome="error", detail=f"{type(exc).__name__}: {exc}", claims=[], certificate=None)
    rec["seconds"] = round(time.perf_counter() - start, 6)
    return rec


# ============================================================================================ loading
_LOADED: dict = {}


def load_conjecture(spec: Any) -> Conjecture:
    """A conjecture from ``"FILE.py:name"`` (a Python file defining :class:`Conjecture` values; ``name`` is
    the variable or the conjecture's name; ``"FILE.py"`` alone when the file defines one), or a built-in
    name (see :func:`library`).  A :class:`Conjecture` is returned as it is.
    """
    if isinstance(spec, Conjecture):
        return spec
    if not isinstance(spec, (str, Path)) or not str(spec).strip():
        raise InvalidArgumentError(f"Argument 'conjecture' must be a built-in name or FILE.py:name, not "
                                   f"{describe_value(spec)}")
    text = str(spec).strip()
    path_text, name = text, None
    if ":" in text and not text.endswith(".py"):
        path_text, name = text.rsplit(":", 1)
    if path_text.endswith(".py"):
        return _from_file(Path(path_text), name)
    for conj in library():
        if conj.name == text:
            return conj
    names = ", ".join(c.name for c in library()) or "none yet"
    raise InvalidArgumentError(f"no built-in conjecture named {text!r} (built-in: {names}); a conjecture of your own "
                               "is given as FILE.py:name")


def _from_file(path: Path, name: str | None) -> Conjecture:
    from ..errors import FormatError

    if not path.is_file():
        raise FormatError("no such file (a conjecture file is a Python file defining Conjecture values)", str(path))
    resolved = path.resolve()
    stamp = (str(resolved), resolved.stat().st_mtime_ns)
    module = _LOADED.get(stamp)
    if module is None:
        mod_name = "exactnet_conjectures_file_" + hashlib.sha256(str(stamp).encode()).hexdigest()[:12]
        spec = importlib.util.spec_from_file_location(mod_name, resolved)
        if spec is None or spec.loader is None:
            raise FormatError("cannot be loaded as a Python file", str(path))
        module = importlib.util.module_from_spec(spec)
        sys.modules[mod_name] = module  # functions defined there pickle by reference in forked workers
        try:
            spec.loader.exec_module(module)
        except Exception as exc:  # noqa: BLE001 - the user's file
            sys.modules.pop(mod_name, None)
            raise FormatError(f"loading the file raised {type(exc).__name__}: {exc}", str(path)) from None
        _LOADED[stamp] = module
    found = {k: v for k, v in vars(module).items() if isinstance(v, Conjecture)}
    chosen = None
    if name is None:
        if len({id(v) for v in found.values()}) == 1:
            chosen = next(iter(found.values()))
        else:
            raise InvalidArgumentError(f"{path} defines {len(found)} conjectures ({', '.join(sorted(found)) or 'none'}): "
                                       f"name one as {path}:NAME")
    else:
        chosen = found.get(name) or next((v for v in found.values() if v.name == name), None)
    if chosen is None:
        listed = sorted({*found} | {v.name for v in found.values()})
        raise InvalidArgumentError(f"{path} defines no conjecture named {name!r} (it defines: "
                                   f"{', '.join(listed) if listed else 'no Conjecture value'})")
    return dataclasses.replace(chosen, origin=f"file:{resolved}:{name or chosen.name}")


def library() -> tuple:
    """The built-in conjectures (a tuple of :class:`Conjecture` values), each with ``source``,
    ``statement``, ``expected`` and a default strategy and size."""
    from . import _library

    out = []
    for conj in getattr(_library, "CONJECTURES", ()):
        if not isinstance(conj, Conjecture):
            raise ExactnetError(f"the built-in library holds a {type(conj).__name__}, not a Conjecture")
        out.append(dataclasses.replace(conj, origin=f"builtin:{conj.name}"))
    return tuple(out)


def resolve(ref: Any) -> Conjecture:
    """The conjecture a worker runs: a Conjecture, or its origin (``file:PATH:name`` / ``builtin:name``)."""
    if isinstance(ref, Conjecture):
        return ref
    kind, _, rest = str(ref).partition(":")
    if kind == "builtin":
        return load_conjecture(rest)
    if kind == "file":
        path, _, name = rest.rpartition(":")
        return _from_file(Path(path), name)
    if kind == "active":
        return _ACTIVE[rest]
    raise ExactnetError(f"cannot resolve conjecture reference {ref!r}")


#: conjectures of running searches by token (forked workers inherit them)
_ACTIVE: dict = {}


def evaluate_item(ref: Any, item: tuple) -> dict:
    """The engine's function: ``item = (order, instance)`` -> the instance's record (with ``order``)."""
    order, instance = item
    rec = evaluate(resolve(ref), instance)
    rec["order"] = order
    return rec
