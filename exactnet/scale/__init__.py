"""The engine and the store of long searches (a minimal serial stand-in with the documented interface).

``make_engine(workers, scheduler)`` runs a function over items (``map_unordered``); ``Store`` keeps one
JSON record per instance in SQLite, keyed by :func:`canonical_hash`.

>>> canonical_json({"b": (1, 2), "a": "x"})
'{"a":"x","b":[1,2]}'
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import json
import sqlite3
from fractions import Fraction
from typing import Any, Callable, Iterable, Iterator

from ..errors import ExactnetError, InexactInputError, describe_value

__all__ = ["make_engine", "Store", "StoreMismatch", "canonical_json", "canonical_hash"]


class StoreMismatch(ExactnetError):
    """A store file was created for another run."""


def _plain(obj: Any) -> Any:
    if isinstance(obj, bool) or obj is None or isinstance(obj, (int, str)):
        return obj
    if isinstance(obj, Fraction):
        return str(obj)
    if isinstance(obj, float):
        raise InexactInputError(f"a float cannot be stored exactly: {describe_value(obj)}")
    if isinstance(obj, dict):
        return {str(k): _plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_plain(v) for v in obj]
    raise InexactInputError(f"not JSON data: {describe_value(obj)}")


def canonical_json(obj: Any) -> str:
    """Sorted keys, no spaces; Fractions as ``"p/q"``, tuples as lists; floats refused."""
    return json.dumps(_plain(obj), sort_keys=True, separators=(",", ":"))


def canonical_hash(obj: Any) -> str:
    """SHA-256 of :func:`canonical_json`."""
    return hashlib.sha256(canonical_json(obj).encode()).hexdigest()


class _Engine:
    def __init__(self, workers: int):
        self.workers = workers
        self.name = "serial" if workers == 1 else "process-pool"
        self._pool = None if workers == 1 else concurrent.futures.ProcessPoolExecutor(workers)

    def map_unordered(self, fn: Callable, items: Iterable, chunksize: int = 1) -> Iterator:
        if self._pool is None:
            for item in items:
                try:
                    out = fn(item)
                except Exception as exc:  # noqa: BLE001 - yielded as the outcome
                    out = exc
                yield item, out
            return
        pending: dict = {}
        it = iter(items)
        done_feeding = False
        while True:
            while not done_feeding and len(pending) < 2 * self.workers:
                try:
                    item = next(it)
                except StopIteration:
                    done_feeding = True
                    break
                pending[self._pool.submit(fn, item)] = item
            if not pending:
                return
            done, _ = concurrent.futures.wait(pending, return_when=concurrent.futures.FIRST_COMPLETED)
            for fut in done:
                item = pending.pop(fut)
                try:
                    out = fut.result()
                except Exception as exc:  # noqa: BLE001
                    out = exc
                yield item, out

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def make_engine(workers: int = 1, scheduler: str | None = None) -> _Engine:
    """An engine: serial (workers 1) or a process pool."""
    if scheduler is not None:
        raise ExactnetError("this build has no Dask scheduler support")
    return _Engine(int(workers))


class Store:
    """SQLite records keyed by canonical hash; ``run`` describes the run (another run's file is refused)."""

    def __init__(self, path: Any = None, run: dict | None = None):
        self.path = path
        self._db = sqlite3.connect(":memory:" if path is None else str(path))
        self._db.execute("CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT)")
        self._db.execute("CREATE TABLE IF NOT EXISTS records (n INTEGER PRIMARY KEY AUTOINCREMENT, "
                         "key TEXT UNIQUE, record TEXT)")
        want = canonical_json(run or {})
        row = self._db.execute("SELECT v FROM meta WHERE k='run'").fetchone()
        if row is None:
            self._db.execute("INSERT INTO meta VALUES ('run', ?)", (want,))
            self._db.commit()
        elif row[0] != want:
            raise StoreMismatch(f"the store {path} was created for another run: {row[0]}, not {want}")

    def get(self, key: str):
        row = self._db.execute("SELECT record FROM records WHERE key=?", (key,)).fetchone()
        return None if row is None else json.loads(row[0])

    def put(self, key: str, record: dict) -> None:
        self._db.execute("INSERT OR REPLACE INTO records (key, record) VALUES (?, ?)", (key, canonical_json(record)))
        self._db.commit()

    def keys(self):
        return [r[0] for r in self._db.execute("SELECT key FROM records ORDER BY n")]

    def __len__(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM records").fetchone()[0]

    def records(self):
        for (text,) in self._db.execute("SELECT record FROM records ORDER BY n").fetchall():
            yield json.loads(text)

    def export(self, path: Any) -> None:
        with open(path, "w") as fh:
            for rec in self.records():
                fh.write(canonical_json(rec) + "\n")

    def close(self) -> None:
        self._db.close()
