"""Run a function over items through a store: finished items are read back, never recomputed."""

from __future__ import annotations

from collections import deque
from typing import Any, Callable, Iterable, Iterator

from ._canonical import canonical_hash
from ._engine import Engine
from ._store import Store

__all__ = ["map_stored"]


def map_stored(engine: Engine, fn: Callable, items: Iterable, store: Store | None, *,
               key: Callable[[Any], str] = canonical_hash, chunksize: int = 1) -> Iterator[tuple[Any, Any, bool]]:
    """Yield ``(item, outcome, cached)`` for every item, as :meth:`Engine.map_unordered` does.

    An item whose ``key(item)`` is in ``store`` is not computed: its stored record is the outcome
    (``cached=True``).  Every other item runs on ``engine``; its record (``fn`` returns a dict of JSON data) is
    put in the store before it is yielded, so an interrupted run resumed with the same store computes only what
    was missing.  An exception raised by ``fn`` is yielded as the outcome and not stored.  ``store=None`` runs
    every item.

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
    if store is None:
        for item, outcome in engine.map_unordered(fn, items, chunksize=chunksize):
            yield item, outcome, False
        return
    cached: deque = deque()

    def todo() -> Iterator[Any]:
        for item in items:
            record = store.get(key(item))
            if record is None:
                yield item
            else:
                cached.append((item, record))

    for item, outcome in engine.map_unordered(fn, todo(), chunksize=chunksize):
        while cached:
            yield (*cached.popleft(), True)
        if not isinstance(outcome, BaseException):
            store.put(key(item), outcome)
        yield item, outcome, False
    while cached:
        yield (*cached.popleft(), True)
