"""Run a function over items through a store: finished items are read back, never recomputed."""

from __future__ import annotations

from collections import deque
from typing import Any, Callable, Iterable, Iterator

from ._canonical import canonical_hash
from ._engine import Engine
from ._store import Store

__all__ = ["map_stored"]


def map_stored(engine: Engine, fn: Callable, items: Iterable, store: Store | None, *,
               key: Callable[[Any], str] = canonical_hash, record: Callable[[Any, Any], dict] | None = None,
               chunksize: int = 1) -> Iterator[tuple[Any, Any, bool]]:
    """Yield ``(item, outcome, cached)`` for every item, as :meth:`Engine.map_unordered` does.

    An item whose ``key(item)`` is in ``store`` is not computed: its stored record is the outcome
    (``cached=True``).  Every other item runs on ``engine``; its record is put in the store before it is yielded,
    so an interrupted run resumed with the same store computes only what was missing.  The record is what ``fn``
    returns (a dict of JSON data), or ``record(item, outcome)`` when given (called here, not in the workers: it
    may be a lambda); the record is the yielded outcome either way.  An exception raised by ``fn`` is yielded as
    the outcome and not stored.  ``store=None`` runs every item (and still applies ``record``).

    >>> from exactnet.scale import Store, make_engine
    >>> store = Store(None, run={"demo": 1})
    >>> def square(n):
    ...     return {"n": n, "square": n * n}
    >>> with make_engine() as engine:
    ...     first = [c for _, _, c in map_stored(engine, square, [1, 2], store, key=str)]
    ...     again = [c for _, _, c in map_stored(engine, square, [1, 2, 3], store, key=str)]
    >>> first, again, len(store)
    ([False, False], [True, True, False], 3)
    """
    def as_record(item: Any, outcome: Any) -> Any:
        if record is None or isinstance(outcome, BaseException):
            return outcome
        try:
            return record(item, outcome)
        except Exception as exc:  # noqa: BLE001 - the outcome of this item, as for fn
            return exc

    if store is None:
        for item, outcome in engine.map_unordered(fn, items, chunksize=chunksize):
            yield item, as_record(item, outcome), False
        return
    cached: deque = deque()

    def todo() -> Iterator[Any]:
        for item in items:
            stored = store.get(key(item))
            if stored is None:
                yield item
            else:
                cached.append((item, stored))

    for item, outcome in engine.map_unordered(fn, todo(), chunksize=chunksize):
        while cached:
            yield (*cached.popleft(), True)
        outcome = as_record(item, outcome)
        if not isinstance(outcome, BaseException):
            store.put(key(item), outcome)
        yield item, outcome, False
    while cached:
        yield (*cached.popleft(), True)
