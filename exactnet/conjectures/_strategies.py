"""The strategies of a search: exhaustive (size order), random with shrinking (Hypothesis), targeted (a score).

:func:`plan` returns an object with ``total`` (instances to check, for the progress bar) and
``run(runner) -> Outcome``; the runner (:mod:`._search`) evaluates instances on the engine, in the order it
is given, and stops at the first genuine counterexample.
"""

from __future__ import annotations

import dataclasses
import random as _random
from typing import Any

from ..errors import ExactnetError, InvalidArgumentError, ResourceLimitError

__all__ = ["plan", "Outcome", "ordered_instances"]

#: the most instances enumerated to measure coverage of the random and targeted strategies
_COVERAGE_LIMIT = 200_000
#: the targeted strategy's batch and the number of best instances it climbs from
_BATCH, _TOP = 16, 4


@dataclasses.dataclass(frozen=True)
class Outcome:
    status: str  # refuted | unknown (the driver turns a complete, all-holding run into holds-up-to)
    counterexample: dict | None
    record: dict | None
    minimality: Any
    size_searched: int | None
    complete: bool
    note: str = ""


def _guard(conj: Any, role: str, fn: Any, inst: dict) -> Any:
    try:
        return fn(inst)
    except ExactnetError:
        raise
    except Exception as exc:  # noqa: BLE001 - the user's function
        raise InvalidArgumentError(f"the {role} function of conjecture '{conj.name}' raised {type(exc).__name__}: "
                                   f"{exc} at {inst}") from None


def ordered_instances(conj: Any, max_size: int | None, limit: int | None = None) -> list | None:
    """The instances passing ``where`` with size <= ``max_size``, in size order: ``[(size_key, index, instance)]``.

    Refuses an empty result (naming why); returns None when the space exceeds ``limit`` (when given), or
    raises :class:`ResourceLimitError` beyond :data:`MAX_INSTANCES` otherwise.
    """
    from ._search import MAX_INSTANCES

    entries = []
    n_space = n_where = 0
    smallest = None
    cap = MAX_INSTANCES if limit is None else limit
    for idx, inst in enumerate(conj.space):
        n_space += 1
        if n_space > cap:
            if limit is not None:
                return None
            raise ResourceLimitError(
                f"the space of conjecture '{conj.name}' has more than {MAX_INSTANCES:,} instances: an exhaustive "
                "search enumerates and sorts them all; give a smaller space or max_size, or use strategy='random'")
        if not _guard(conj, "where", conj.accepts, inst):
            continue
        n_where += 1
        key = _guard(conj, "size", conj.size_key, inst)
        smallest = key[0] if smallest is None else min(smallest, key[0])
        if max_size is not None and key[0] > max_size:
            continue
        entries.append((key, idx, inst))
    if not entries:
        if n_space == 0:
            empty = [n for n, v in conj.space._params if isinstance(v, (range, tuple)) and len(v) == 0]
            why = f"parameter {empty[0]!r} has no values" if empty else "it has no instance"
            raise InvalidArgumentError(f"the space of conjecture '{conj.name}' is empty: {why}")
        if n_where == 0:
            raise InvalidArgumentError(f"no instance of conjecture '{conj.name}' passes its where filter "
                                       f"({n_space} instances in the space)")
        raise InvalidArgumentError(f"no instance of conjecture '{conj.name}' has size <= {max_size} (the smallest has "
                                   f"size {smallest}): give a larger max_size")
    entries.sort(key=lambda e: (e[0], e[1]))
    return entries


def _held_level(entries: list, outcome_of: dict, runner: Any, max_size: int | None) -> tuple[int | None, bool]:
    """(the largest size such that every instance of that size or smaller holds, whether every entry holds)."""
    best = None
    for key, _, inst in entries:
        level = key[0]
        if outcome_of.get(runner.key(inst)) != "holds":
            below = [e[0][0] for e in entries if e[0][0] < level]
            return (max(below) if below else None), False
        best = level
    return (max_size if max_size is not None else best), True


# ============================================================================================ exhaustive
class _Exhaustive:
    def __init__(self, conj: Any, max_size: int | None):
        self.conj, self.max_size = conj, max_size
        self.entries = ordered_instances(conj, max_size)
        self.total = len(self.entries)

    def run(self, runner: Any) -> Outcome:
        from ._search import Minimality

        done, found = runner.run((inst, i) for i, (_, _, inst) in enumerate(self.entries))
        outcomes = {runner.key(inst): rec["outcome"] for inst, _, rec in done}
        level, complete = _held_level(self.entries, outcomes, runner, self.max_size)
        if found is None:
            note = "" if complete else f"{len(done)} of {self.total} instances checked in size order"
            return Outcome("unknown", None, None, Minimality("none", "no counterexample found"), level,
                           complete and len(done) == self.total, note)
        inst, order, rec = found
        size = self.entries[order][0][0]
        earlier = [r for _, _, r in done[:-1]]
        undecided = [r for r in earlier if r["outcome"] != "holds"]
        if not undecided:
            mini = Minimality("minimal-in-size-order",
                              f"first counterexample in the size order: all {len(earlier)} instances before it "
                              f"(size <= {size}, ties in the space's order) were checked and hold")
        else:
            kinds = sorted({r["outcome"] for r in undecided})
            mini = Minimality("first-certified-in-size-order",
                              f"first genuine counterexample in the size order: all {len(earlier)} instances before "
                              f"it were checked, but {len(undecided)} of them could not be decided ({', '.join(kinds)}),"
                              f" so a smaller counterexample may hide among them")
        return Outcome("refuted", inst, rec, mini, level, False)


# ============================================================================================ random
def _hypothesis_strategy(conj: Any, max_size: int | None):
    from hypothesis import assume, strategies as st

    space = conj.space

    @st.composite
    def instances(draw):
        inst: dict = {}
        for name in space.names:
            values = space.values(name, inst)
            assume(len(values) > 0)
            inst[name] = draw(st.sampled_from(values))
        assume(_guard(conj, "where", conj.accepts, inst))
        if max_size is not None:
            assume(_guard(conj, "size", conj.size_key, inst)[0] <= max_size)
        return inst

    return instances()


def _settings(n: int):
    from hypothesis import HealthCheck, Phase, settings

    return settings(max_examples=n, database=None, deadline=None, derandomize=False, print_blob=False,
                    suppress_health_check=list(HealthCheck), phases=[Phase.generate, Phase.shrink],
                    report_multiple_bugs=False, verbosity=settings.default.verbosity)


def _find(strategy: Any, condition: Any, n: int, seed: int) -> Any:
    """Hypothesis's ``find`` (None when nothing satisfies ``condition``)."""
    from hypothesis import find
    from hypothesis.errors import NoSuchExample, Unsatisfiable

    try:
        return find(strategy, condition, settings=_settings(n), random=_random.Random(seed))
    except (NoSuchExample, Unsatisfiable):
        return None


class _Random:
    def __init__(self, conj: Any, max_size: int | None, seed: int, max_count: int | None):
        from ._search import DEFAULT_DRAWS

        self.conj, self.max_size, self.seed = conj, max_size, seed
        self.n = max_count or DEFAULT_DRAWS
        self.entries = ordered_instances(conj, max_size, limit=_COVERAGE_LIMIT)
        self.strategy = _hypothesis_strategy(conj, max_size)
        self.total = self.n if self.entries is None else min(self.n, len(self.entries))

    def draws(self, runner: Any) -> list:
        """The distinct instances Hypothesis draws with this seed, in the order drawn (nothing evaluated)."""
        seen, out = set(), []

        def collect(inst: dict) -> bool:
            key = runner.key(inst)
            if key not in seen:
                seen.add(key)
                out.append(inst)
            return False

        _find(self.strategy, collect, self.n, self.seed)
        return out

    def run(self, runner: Any) -> Outcome:
        from ._search import Minimality, _Stop

        draws = self.draws(runner)
        if not draws:
            raise InvalidArgumentError(f"Hypothesis could draw no instance of conjecture '{self.conj.name}' (the "
                                       "where filter or max_size rejects every draw)")
        done, found = runner.run((inst, i) for i, inst in enumerate(draws))
        level, complete = self._coverage(runner)
        if found is None:
            note = f"no counterexample among {len(done)} instances drawn at random"
            return Outcome("unknown", None, None, Minimality("none", note), level, complete, note)
        runner.max_count = None  # the budget counted the draws; shrinking checks what it needs
        best = {"inst": found[0], "rec": found[2]}

        def refutes(inst: dict) -> bool:
            outcome, rec = runner.outcome_of(inst)
            if outcome == "refuted" and _smaller(self.conj, inst, best["inst"]):
                best.update(inst=inst, rec=rec)
            return outcome == "refuted"

        stopped = False
        try:
            shrunk = _find(self.strategy, refutes, self.n, self.seed)
            # Hypothesis shrinks in its own order: keep its result only when it is no larger in the size order
            if (shrunk is not None and runner.outcome_of(shrunk)[0] == "refuted"
                    and not _smaller(self.conj, best["inst"], shrunk)):
                best.update(inst=shrunk, rec=runner.outcome_of(shrunk)[1])
            local = _coordinate_descent(self.conj, runner, best["inst"], self.max_size)
            best.update(inst=local[0], rec=local[1], tried=local[2])
        except _Stop:
            stopped = True
        if stopped:
            mini = Minimality("none", "shrinking was stopped by the time budget before it finished")
        else:
            mini = Minimality("locally-minimal",
                              f"shrunk by Hypothesis, then no instance obtained by moving one parameter to an earlier "
                              f"value of its list ({best['tried']} such instances checked) refutes the conjecture; "
                              f"not every smaller instance was checked")
        level, _ = self._coverage(runner)
        return Outcome("refuted", best["inst"], best["rec"], mini, level, False)

    def _coverage(self, runner: Any) -> tuple[int | None, bool]:
        if self.entries is None:
            return None, False
        outcomes = {k: v[0] for k, v in runner.summary.items()}
        return _held_level(self.entries, outcomes, runner, self.max_size)


def _smaller(conj: Any, a: dict, b: dict) -> bool:
    return conj.size_key(a) < conj.size_key(b)


def _coordinate_descent(conj: Any, runner: Any, inst: dict, max_size: int | None) -> tuple[dict, dict, int]:
    """Move one parameter at a time to an earlier value of its list while the result still refutes and its
    size does not grow; return (instance, record, number of neighbours checked)."""
    tried = 0
    _, rec = runner.outcome_of(inst)
    while True:
        cands = []
        for name in conj.space.names:
            values = list(conj.space.values(name, inst))
            if inst[name] not in values:
                continue
            for v in values[: values.index(inst[name])]:
                cand = dict(inst)
                cand[name] = v
                if not conj.space.contains(cand) or not conj.accepts(cand):
                    continue
                key = conj.size_key(cand)
                if (max_size is not None and key[0] > max_size) or key > conj.size_key(inst):
                    continue
                cands.append((key, len(cands), cand))
        cands.sort(key=lambda c: (c[0], c[1]))
        moved = False
        for _, _, cand in cands:
            tried += 1
            outcome, crec = runner.outcome_of(cand)
            if outcome == "refuted":
                inst, rec, moved = cand, crec, True
                break
        if not moved:
            return inst, rec, tried


# ============================================================================================ targeted
class _Targeted:
    def __init__(self, conj: Any, max_size: int | None, seed: int, max_count: int | None):
        from ._search import DEFAULT_DRAWS

        self.conj, self.max_size, self.seed = conj, max_size, seed
        self.n = max_count or DEFAULT_DRAWS
        self.entries = ordered_instances(conj, max_size, limit=_COVERAGE_LIMIT)
        self.total = self.n if self.entries is None else min(self.n, len(self.entries))

    def _draw(self, rng: _random.Random) -> dict | None:
        for _ in range(50):
            inst: dict = {}
            for name in self.conj.space.names:
                values = self.conj.space.values(name, inst)
                if not len(values):
                    break
                inst[name] = values[rng.randrange(len(values))]
            else:
                if self._admits(inst):
                    return inst
        return None

    def _admits(self, inst: dict) -> bool:
        if not _guard(self.conj, "where", self.conj.accepts, inst):
            return False
        return self.max_size is None or _guard(self.conj, "size", self.conj.size_key, inst)[0] <= self.max_size

    def _neighbours(self, inst: dict) -> list:
        out = []
        for name in self.conj.space.names:
            values = list(self.conj.space.values(name, inst))
            if inst[name] not in values:
                continue
            i = values.index(inst[name])
            for j in (i - 1, i + 1):
                if 0 <= j < len(values):
                    cand = dict(inst)
                    cand[name] = values[j]
                    if self.conj.space.contains(cand) and self._admits(cand):
                        out.append(cand)
        return out

    def run(self, runner: Any) -> Outcome:
        from ._search import Minimality

        rng = _random.Random(self.seed)
        scored: list = []  # (score, order, instance)
        seen: set = set()
        order = 0
        batch: list = []
        found = None
        while runner.checked < self.n and not runner.out_of_budget():
            best = sorted(scored, key=lambda s: (-s[0], s[1]))[:_TOP]
            batch = []
            for _, _, inst in best:
                for cand in self._neighbours(inst):
                    key = runner.key(cand)
                    if key not in seen and len(batch) < _BATCH:
                        seen.add(key)
                        batch.append(cand)
            misses = 0
            while len(batch) < _BATCH and misses < 4 * _BATCH:
                cand = self._draw(rng)
                key = None if cand is None else runner.key(cand)
                if cand is None or key in seen:
                    misses += 1
                    continue
                seen.add(key)
                batch.append(cand)
            if not batch:
                break
            done, found = runner.run((inst, None) for inst in batch)
            for inst, _, rec in done:
                score = rec.get("score")
                if score is not None:
                    from fractions import Fraction

                    scored.append((Fraction(score), order, inst))
                order += 1
            if found is not None or len(done) < len(batch):
                break
        outcomes = {k: v[0] for k, v in runner.summary.items()}
        level, complete = (None, False) if self.entries is None else _held_level(self.entries, outcomes, runner,
                                                                                  self.max_size)
        if found is None:
            note = f"no counterexample among {runner.checked} instances of the targeted search"
            return Outcome("unknown", None, None, Minimality("none", note), level, complete, note)
        return Outcome("refuted", found[0], found[2],
                       Minimality("none", "found by targeted search on the score: its minimality is not claimed"),
                       level, False)


def plan(conj: Any, strategy: str, max_size: int | None, seed: int, max_count: int | None) -> Any:
    """The strategy's plan for one search."""
    if strategy == "exhaustive":
        return _Exhaustive(conj, max_size)
    if strategy == "random":
        return _Random(conj, max_size, seed, max_count)
    return _Targeted(conj, max_size, seed, max_count)
