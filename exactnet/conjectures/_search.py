"""The search driver: :func:`search` runs a strategy on the :mod:`exactnet.scale` engine and store and
returns a :class:`SearchResult`.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import time
import uuid
from typing import Any, Iterable, Iterator

from ..errors import CertificateError, ExactnetError, InvalidArgumentError, ResourceLimitError, describe_value
from ._core import _ACTIVE, STRATEGIES, Conjecture, evaluate_item, load_conjecture, plain

__all__ = ["search", "SearchResult", "Minimality", "parse_budget", "MAX_INSTANCES"]

#: the most instances an exhaustive search enumerates and sorts (beyond: give a smaller max_size)
MAX_INSTANCES = 2_000_000
#: default number of instances of the random and targeted strategies
DEFAULT_DRAWS = 200
#: a search whose first this many instances all raise is refused
_ALL_ERRORS = 25


@dataclasses.dataclass(frozen=True)
class Minimality:
    """What a counterexample's minimality is: ``level`` and the ``statement`` in words.

    Levels: ``minimal-in-size-order`` (exhaustive: every instance before it in the size order was checked
    and holds), ``first-certified-in-size-order`` (exhaustive, but some earlier instance could not be
    decided: it is named in the statement), ``locally-minimal`` (random with shrinking), ``none``.
    """

    level: str
    statement: str

    def to_json(self) -> dict:
        return {"level": self.level, "statement": self.statement}


@dataclasses.dataclass(frozen=True)
class SearchResult:
    """The answer of a search.

    ``status``: ``refuted`` (a genuine counterexample, its certificate re-checked by the kernel),
    ``holds-up-to`` (every instance of size <= ``size_searched`` was checked and holds, each with its
    certificate in the store when one was given) or ``unknown`` (budget exhausted, only potential
    counterexamples, bounds in the wrong direction, or errors).  ``check()`` re-verifies the
    counterexample's certificate.
    """

    conjecture: str
    status: str
    counterexample: dict | None
    certificate: Any
    minimality: Minimality
    checked: int
    strategy: str
    size_searched: int | None
    potential: tuple = ()
    errors: tuple = ()
    seconds: float = 0.0
    detail: str = ""
    value: Any = None
    statement: str = ""
    source: str = ""
    max_size: int | None = None
    seed: int | None = None
    budget: Any = None
    stopped: str | None = None
    counts: dict = dataclasses.field(default_factory=dict)
    engine: str = "serial"
    workers: int = 1
    expected: Any = None

    @property
    def as_expected(self) -> bool | None:
        """Whether the outcome is the conjecture's ``expected`` one (None when it states none): the same
        counterexample, or holding up to at least the expected size."""
        if not self.expected or not isinstance(self.expected, (tuple, list)) or len(self.expected) != 2:
            return None
        status, what = self.expected
        if status == "refuted":
            return self.status == "refuted" and plain(self.counterexample) == plain(what)
        if status == "holds-up-to":
            return self.status == "holds-up-to" and self.size_searched is not None and self.size_searched >= what
        return self.status == status

    def check(self):
        """Re-verify the counterexample's certificate with the kernel; return the report."""
        if self.certificate is None:
            raise CertificateError(f"the search of '{self.conjecture}' ended '{self.status}': there is no "
                                   "counterexample certificate to check", "certificate")
        return self.certificate.check()

    def to_json(self) -> dict:
        """The JSON object of the result (``conjecture``, ``status``, ``counterexample``, ``certificate``,
        ``minimality``, ``checked``, ``strategy``, ``size_searched``, ...)."""
        return {"conjecture": self.conjecture, "status": self.status,
                "counterexample": plain(self.counterexample) if self.counterexample is not None else None,
                "certificate": self.certificate.to_dict() if self.certificate is not None else None,
                "minimality": self.minimality.to_json(), "checked": self.checked, "strategy": self.strategy,
                "size_searched": self.size_searched, "max_size": self.max_size, "seed": self.seed,
                "budget": self.budget, "value": plain(self.value) if self.value is not None else None,
                "detail": self.detail, "statement": self.statement, "source": self.source,
                "potential": list(self.potential), "errors": list(self.errors), "counts": dict(self.counts),
                "stopped": self.stopped, "engine": self.engine, "workers": self.workers,
                "expected": plain(self.expected) if self.expected is not None else None,
                "as_expected": self.as_expected,
                "seconds": round(self.seconds, 3)}

    to_dict = to_json

    def report(self) -> str:
        """A short readable report."""
        lines = [f"conjecture {self.conjecture}: {self.status.upper()}"]
        if self.statement:
            lines.append(f"  statement: {self.statement}")
        if self.status == "refuted":
            inst = ", ".join(f"{k}={_show(v)}" for k, v in self.counterexample.items())
            lines.append(f"  counterexample: {inst}")
            lines.append(f"  evidence: {self.detail}")
            lines.append(f"  certificate: {self.certificate.check().verdict}, re-checked by the kernel from its JSON "
                         f"({self.certificate.quantity})")
            lines.append(f"  minimality ({self.minimality.level}): {self.minimality.statement}")
        elif self.status == "holds-up-to":
            lines.append(f"  holds on every instance of size <= {self.size_searched} ({self.checked} checked)")
        else:
            lines.append(f"  no genuine counterexample found ({self.checked} checked)"
                         + (f"; holds up to size {self.size_searched}" if self.size_searched is not None else ""))
        counts = ", ".join(f"{n} {k}" for k, n in self.counts.items() if n)
        lines.append(f"  {self.checked} instances checked by the {self.strategy} strategy on the {self.engine} engine"
                     f" ({self.workers} worker{'s' if self.workers != 1 else ''}) in {self.seconds:.2f} s"
                     + (f": {counts}" if counts else ""))
        if self.stopped:
            lines.append(f"  stopped: {self.stopped}")
        if self.as_expected is not None:
            status, what = self.expected
            shown = _inst(what) if isinstance(what, dict) else f"size {what}"
            lines.append(f"  expected: {status} ({shown}): " + ("found as expected" if self.as_expected else
                                                              "NOT as expected"))
        for p in self.potential[:5]:
            lines.append(f"  potential counterexample (not a refutation): {_inst(p['instance'])}: {p['detail']}")
        for e in self.errors[:5]:
            lines.append(f"  error: {_inst(e['instance'])}: {e['detail']}")
        if len(self.errors) > 5 or len(self.potential) > 5:
            lines.append("  (more in --json)")
        return "\n".join(_wrap(line) for line in lines)

    def __str__(self) -> str:
        return self.report()


def _wrap(line: str, width: int = 99) -> str:
    """One report line wrapped to ``width`` characters, continuation lines indented under its text."""
    import textwrap

    if len(line) <= width:
        return line
    indent = " " * (len(line) - len(line.lstrip()) + 4)
    return "\n".join(textwrap.wrap(line, width, subsequent_indent=indent, break_on_hyphens=False))


def _show(v: Any) -> str:
    return "(" + ", ".join(map(_show, v)) + ")" if isinstance(v, (tuple, list)) else str(v)


def _inst(inst: dict) -> str:
    return ", ".join(f"{k}={_show(v)}" for k, v in inst.items())


# ============================================================================================ budgets
def parse_budget(budget: Any) -> tuple[int | None, float | None]:
    """``(instances, seconds)`` from a budget: an int or digit string is a number of instances, a time
    such as ``"60s"``, ``"5m"`` or ``"1h"`` is seconds.

    >>> parse_budget(1000), parse_budget("1000"), parse_budget("90s"), parse_budget(None)
    ((1000, None), (1000, None), (None, 90.0), (None, None))
    """
    if budget is None:
        return None, None
    if isinstance(budget, bool) or isinstance(budget, float):
        raise InvalidArgumentError(f"Argument 'budget' must be a number of instances (an int such as 1000) or a time "
                                   f"such as '60s', not {describe_value(budget)}")
    if isinstance(budget, int) or (isinstance(budget, str) and budget.strip().isdigit()):
        n = int(budget)
        if n < 1:
            raise InvalidArgumentError(f"Argument 'budget' must be at least 1 instance, not {describe_value(budget)}")
        return n, None
    from ..core.budget import parse_duration

    return None, parse_duration(budget, "budget")


# ============================================================================================ the runner
class _Stop(Exception):
    """The budget ran out."""


class _Runner:
    """Evaluates instances on the engine in a given order, reusing the store; keeps the counts."""

    def __init__(self, conj: Conjecture, engine: Any, store: Any, ref: Any, max_count: int | None,
                 seconds: float | None, bar: Any):
        self.conj, self.engine, self.store, self.bar = conj, engine, store, bar
        self.fn = functools.partial(evaluate_item, ref)
        self.max_count, self.deadline = max_count, (None if seconds is None else time.monotonic() + seconds)
        self.summary: dict = {}  # key -> (outcome, score)
        self.checked = 0
        self.counts = {k: 0 for k in ("holds", "refuted", "potential", "unknown", "error")}
        self.potential: list = []
        self.errors: list = []
        self.stopped: str | None = None

    def key(self, instance: dict) -> str:
        from ..scale import canonical_hash

        return canonical_hash(plain(instance))

    def out_of_budget(self) -> bool:
        if self.max_count is not None and self.checked >= self.max_count:
            self.stopped = self.stopped or f"the budget of {self.max_count} instances ran out"
            return True
        if self.deadline is not None and time.monotonic() >= self.deadline:
            self.stopped = self.stopped or "the time budget ran out"
            return True
        return False

    def run(self, items: Iterable[tuple[dict, Any]]) -> tuple[list, tuple | None]:
        """Evaluate ``(instance, tag)`` pairs in order until the first genuine counterexample (or the budget);
        return the processed ``(instance, tag, record)`` in order and the counterexample's entry (or None).

        Instances are fed to the engine lazily (at most about 2 x workers in flight); results are taken in the
        given order, so the counterexample returned is the first in that order whatever the engine.
        """
        entries: list = []  # position -> (instance, tag, key)
        records: dict = {}  # position -> record
        alias: dict = {}  # position -> the position of the same instance fed earlier
        first_at: dict = {}  # key -> position fed to the engine
        done: list = []
        state = {"found": None, "refuted_at": None}
        base = self.checked
        it = iter(items)

        def advance() -> None:
            while state["found"] is None and len(done) < len(entries):
                pos = len(done)
                rec = records.get(pos, records.get(alias.get(pos, -1)))
                if rec is None:
                    return
                inst, tag, key = entries[pos]
                self._note(inst, key, rec)
                done.append((inst, tag, rec))
                if rec["outcome"] == "refuted":
                    state["found"] = done[-1]
                self._refuse_if_all_errors()

        def feed() -> Iterator[tuple[int, dict]]:
            while state["found"] is None:
                if state["refuted_at"] is not None and len(entries) > state["refuted_at"]:
                    return
                if self.max_count is not None and base + len(entries) >= self.max_count:
                    self.stopped = self.stopped or f"the budget of {self.max_count} instances ran out"
                    return
                if self.deadline is not None and time.monotonic() >= self.deadline:
                    self.stopped = self.stopped or "the time budget ran out"
                    return
                nxt = next(it, None)
                if nxt is None:
                    return
                inst, tag = nxt
                key = self.key(inst)
                pos = len(entries)
                entries.append((inst, tag, key))
                rec = self.store.get(key) if self.store is not None else None
                if rec is None and key in self.summary and self.summary[key][2] is not None:
                    rec = self.summary[key][2]
                if rec is not None:
                    self._seen(pos, rec, state)
                    records[pos] = rec
                    if self.bar is not None:
                        self.bar.update(1)
                    advance()
                elif key in first_at:
                    alias[pos] = first_at[key]
                else:
                    first_at[key] = pos
                    yield pos, inst

        for (pos, inst), out in self.engine.map_unordered(self.fn, feed()):
            rec = out if isinstance(out, dict) else _failure(inst, out)
            if self.store is not None:
                self.store.put(entries[pos][2], rec)
            records[pos] = rec
            self._seen(pos, rec, state)
            if self.bar is not None:
                self.bar.update(1)
            advance()
            if state["found"] is not None:
                break
            if self.deadline is not None and time.monotonic() >= self.deadline:
                self.stopped = self.stopped or "the time budget ran out"
                break
        advance()
        return done, state["found"]

    @staticmethod
    def _seen(pos: int, rec: dict, state: dict) -> None:
        if rec["outcome"] == "refuted" and (state["refuted_at"] is None or pos < state["refuted_at"]):
            state["refuted_at"] = pos

    def _note(self, inst: dict, key: str, rec: dict) -> None:
        self.checked += 1
        outcome = rec["outcome"]
        self.counts[outcome] = self.counts.get(outcome, 0) + 1
        keep = rec if outcome == "refuted" else None
        self.summary[key] = (outcome, rec.get("score"), keep)
        if outcome == "potential" and len(self.potential) < 100:
            self.potential.append({"instance": plain(inst), "detail": rec["detail"]})
        if outcome == "error" and len(self.errors) < 100:
            self.errors.append({"instance": plain(inst), "detail": rec["detail"]})

    def _refuse_if_all_errors(self, final: bool = False) -> None:
        n = self.checked
        if n and self.counts["error"] == n and (n >= _ALL_ERRORS or final):
            first = self.errors[0]
            raise InvalidArgumentError(f"the check of conjecture '{self.conj.name}' raised on every instance checked "
                                       f"({n}); the first, at {_inst(first['instance'])}: {first['detail']}")

    def outcome_of(self, instance: dict) -> tuple[str, dict | None]:
        """One instance's outcome (evaluated now unless already known): for shrinking."""
        key = self.key(instance)
        if key in self.summary:
            return self.summary[key][0], self.summary[key][2]
        done, found = self.run([(instance, None)])
        if not done:
            raise _Stop()
        return done[0][2]["outcome"], done[0][2]


def _failure(instance: dict, exc: Any) -> dict:
    return {"instance": plain(instance), "outcome": "error", "value": None,
            "detail": f"{type(exc).__name__}: {exc}", "certificate": None, "certified": False, "claims": [],
            "score": None, "seconds": 0.0}


# ============================================================================================ search
def search(conj: Any, *, strategy: str | None = None, max_size: int | None = None, budget: Any = None,
           workers: int = 1, scheduler: str | None = None, store: Any = None, resume: bool = False, seed: int = 0,
           progress: bool = False) -> SearchResult:
    """Search for a counterexample to ``conj`` (a :class:`Conjecture`, ``"FILE.py:name"`` or a built-in name).

    ``strategy``: ``exhaustive`` (every instance in size order; the first counterexample is minimal in that
    order), ``random`` (Hypothesis draws, then shrinking: locally minimal) or ``targeted`` (hill-climbing on
    the score); default: the conjecture's.  ``max_size`` bounds the instances' size (default: the
    conjecture's, else the whole space); ``budget`` an instance count (``1000``) or a time (``"60s"``);
    ``workers`` / ``scheduler`` choose the engine (a process pool; Dask with ``scheduler="local"`` or an
    address); ``store`` a SQLite file keeping every instance's record (``resume=True`` continues a stored run
    without recomputing); ``seed`` fixes the random and targeted strategies (same seed, same result).
    """
    from ..core.rational import as_int

    start = time.perf_counter()
    conj = load_conjecture(conj)
    strategy = conj.strategy if strategy is None else strategy
    if strategy not in STRATEGIES:
        raise InvalidArgumentError(f"Argument 'strategy' must be one of {', '.join(STRATEGIES)}, not "
                                   f"{describe_value(strategy)}")
    max_size = conj.max_size if max_size is None else as_int(max_size, "max_size")
    workers = as_int(workers, "workers")
    if workers < 1:
        raise InvalidArgumentError(f"Argument 'workers' must be at least 1, not {workers}")
    seed = as_int(seed, "seed")
    max_count, seconds = parse_budget(budget)
    run = {"conjecture": conj.name, "source": conj.source_hash, "space": conj.space.describe(), "strategy": strategy,
           "seed": seed if strategy != "exhaustive" else None, "max_size": max_size}
    from ..scale import Store, make_engine

    db = None
    if store is not None:
        db = Store(str(store), run=run)
        if len(db) and not resume:
            raise InvalidArgumentError(f"the store {store} already holds {len(db)} results of this search: pass "
                                       "resume=True (--resume) to continue it, or choose another file")
    elif resume:
        raise InvalidArgumentError("resume=True (--resume) needs a store (--store FILE) to resume from")
    from . import _strategies

    plan = _strategies.plan(conj, strategy, max_size, seed, max_count)
    token = uuid.uuid4().hex
    _ACTIVE[token] = conj
    bar = _progress_bar(plan.total if max_count is None else min(plan.total or max_count, max_count), progress,
                        conj.name)
    engine = None
    try:
        engine = make_engine(workers=workers, scheduler=scheduler)
        if engine.name == "dask":
            ref = conj.origin if conj.origin is not None else conj
        else:
            ref = f"active:{token}"
        runner = _Runner(conj, engine, db, ref, max_count, seconds, bar)
        outcome = plan.run(runner)
        runner._refuse_if_all_errors(final=True)
    finally:
        _ACTIVE.pop(token, None)
        if bar is not None:
            bar.close()
        if engine is not None:
            engine.close()
        if db is not None and hasattr(db, "close"):
            db.close()
    cert = None
    if outcome.counterexample is not None:
        from ..core.certificate import Certificate

        cert = Certificate.from_dict(outcome.record["certificate"])
        cert.check()  # re-checked here from its JSON alone (CertificateError if it fails)
    if outcome.status == "refuted":
        size_searched = outcome.size_searched
    elif outcome.complete and not any(runner.counts[k] for k in ("potential", "unknown", "error")):
        outcome = dataclasses.replace(outcome, status="holds-up-to")
        size_searched = outcome.size_searched
    else:
        size_searched = outcome.size_searched
    rec = outcome.record or {}
    return SearchResult(
        conjecture=conj.name, status=outcome.status, counterexample=outcome.counterexample, certificate=cert,
        minimality=outcome.minimality, checked=runner.checked, strategy=strategy, size_searched=size_searched,
        potential=tuple(runner.potential), errors=tuple(runner.errors), seconds=time.perf_counter() - start,
        detail=rec.get("detail", outcome.note), value=rec.get("value"), statement=conj.statement,
        source=conj.source_text, max_size=max_size, seed=seed if strategy != "exhaustive" else None,
        budget=budget if budget is None or isinstance(budget, (int, str)) else str(budget),
        stopped=runner.stopped, counts=dict(runner.counts), engine=engine.name, workers=engine.workers,
        expected=conj.expected)


def _progress_bar(total: int | None, progress: bool, name: str) -> Any:
    if not progress:
        return None
    import sys

    from tqdm import tqdm

    return tqdm(total=total, file=sys.stderr, unit="instance", desc=f"search {name}", leave=False)
