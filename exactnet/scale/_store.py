"""The result store: one SQLite file per run, one JSON record per instance, each committed as it arrives.

Schema (format ``exactnet-store``, version 1)::

    meta(name TEXT PRIMARY KEY, value TEXT)            -- 'format', 'version', 'run' (the run's canonical JSON)
    records(seq INTEGER PRIMARY KEY AUTOINCREMENT,     -- insertion order
            key TEXT UNIQUE,                           -- canonical_hash(instance)
            record TEXT)                               -- the record, JSON with sorted keys

The file is in WAL mode and every :meth:`Store.put` is its own transaction, committed before ``put`` returns:
killing the process (Ctrl-C, ``kill -9``) loses no record that was put.  A store is made for one run (``run``
describes it: what is computed, over which space, with which options); opening it for another run raises
:class:`~exactnet.errors.StoreMismatch` naming both, so results of different questions never mix.

>>> store = Store(None, run={"conjecture": "demo", "max_size": 3})
>>> store.put(canonical_hash({"n": 1}), {"instance": {"n": 1}, "outcome": "holds", "seconds": 0.25})
>>> store.get(canonical_hash({"n": 1}))["outcome"], len(store), store.get("missing")
('holds', 1, None)
"""

from __future__ import annotations

import csv
import json
import os
import sqlite3
import threading
from pathlib import Path
from typing import Any, Iterator

from ..errors import InvalidArgumentError, StoreMismatch, describe_value
from ._canonical import canonical_hash, canonical_json, plain_json

__all__ = ["Store", "StoreMismatch", "FORMAT", "VERSION"]

FORMAT = "exactnet-store"
VERSION = 1


def _record_text(record: Any) -> str:
    if not isinstance(record, dict):
        raise InvalidArgumentError(f"Argument 'record' must be a dict of JSON data, not {describe_value(record)}")
    try:
        return json.dumps(plain_json(record, floats=True, name="record"), sort_keys=True, separators=(",", ":"),
                          allow_nan=False)
    except ValueError as exc:
        if type(exc) is ValueError:  # json's own complaint (NaN / infinity)
            raise InvalidArgumentError(f"Argument 'record' must be JSON data without NaN or infinity ({exc})") from None
        raise


def _differences(stored: dict, wanted: dict) -> str:
    if not (isinstance(stored, dict) and isinstance(wanted, dict)):
        return ""
    keys = sorted(set(stored) | set(wanted))
    diffs = [f"{k}: {json.dumps(stored.get(k, '<absent>'))} stored, {json.dumps(wanted.get(k, '<absent>'))} now"
             for k in keys if stored.get(k, "<absent>") != wanted.get(k, "<absent>")]
    return "; ".join(diffs)


class Store:
    """SQLite results of one run, keyed by :func:`~exactnet.scale.canonical_hash` of the instance.

    ``path``: a file (created if absent) or ``None`` (in memory).  ``run``: a JSON-able dict describing the run;
    a new store records it, an existing one must have been created with the same description (else
    :class:`~exactnet.errors.StoreMismatch`).  ``run=None`` opens an existing store whatever its run (to read or
    export it).  Records are dicts of JSON data (floats allowed in records, e.g. timings; never in keys).
    """

    def __init__(self, path: Any = None, run: dict | None = None):
        self.path = None if path is None else Path(path)
        if run is not None and not isinstance(run, dict):
            raise InvalidArgumentError(f"Argument 'run' must be a dict describing the run, not {describe_value(run)}")
        wanted = None if run is None else canonical_json(run)
        where = ":memory:" if path is None else str(self.path)
        if self.path is not None and self.path.is_dir():
            raise InvalidArgumentError(f"Argument 'store' must be a file, not the directory {str(path)!r}")
        if self.path is not None and not self.path.absolute().parent.is_dir():
            raise InvalidArgumentError(f"Argument 'store' must be a file in an existing directory, not {str(path)!r} "
                                       f"(no directory {str(self.path.absolute().parent)!r})")
        self._lock = threading.Lock()
        try:
            self._db = sqlite3.connect(where, isolation_level=None, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            tables = {r[0] for r in self._db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        except sqlite3.DatabaseError as exc:
            raise StoreMismatch(f"Argument 'store' must be an exactnet result store (SQLite), not {str(path)!r}: "
                                f"{exc}; choose another file") from None
        if not tables:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)")
            self._db.execute("CREATE TABLE IF NOT EXISTS records (seq INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL "
                             "UNIQUE, record TEXT NOT NULL)")
            self._db.executemany("INSERT OR IGNORE INTO meta VALUES (?, ?)",
                                 [("format", FORMAT), ("version", str(VERSION)), ("run", wanted or "{}")])
            self._db.execute("COMMIT")
        elif not {"meta", "records"} <= tables:
            self._db.close()
            raise StoreMismatch(f"Argument 'store' must be an exactnet result store, not {str(path)!r} (an SQLite "
                                f"file with tables {sorted(tables)}); choose another file")
        meta = dict(self._db.execute("SELECT name, value FROM meta"))
        if meta.get("format") != FORMAT or meta.get("version") != str(VERSION):
            self._db.close()
            raise StoreMismatch(f"Argument 'store' must be an {FORMAT} of version {VERSION}, not {str(path)!r} "
                                f"(format {meta.get('format')!r}, version {meta.get('version')!r})")
        self._run_text = meta.get("run", "{}")
        if wanted is not None and self._run_text != wanted:
            self._db.close()
            why = _differences(json.loads(self._run_text), json.loads(wanted))
            raise StoreMismatch(
                f"Argument 'store' {str(path)!r} holds the results of another run: it was created for "
                f"{self._run_text}, not for {wanted}" + (f" ({why})" if why else "")
                + "; choose another file, or delete this one to start over")

    # ------------------------------------------------------------------ reading
    @property
    def _conn(self) -> sqlite3.Connection:
        if self._db is None:
            raise InvalidArgumentError(f"Argument 'store' must be open, not closed ({self.path or 'memory'})")
        return self._db

    @property
    def run(self) -> dict:
        """The description of the run this store was created for."""
        return json.loads(self._run_text)

    def get(self, key: str) -> dict | None:
        """The record stored under ``key``, or ``None``."""
        with self._lock:
            row = self._conn.execute("SELECT record FROM records WHERE key = ?", (key,)).fetchone()
        return None if row is None else json.loads(row[0])

    def __contains__(self, key: object) -> bool:
        with self._lock:
            return self._conn.execute("SELECT 1 FROM records WHERE key = ?", (key,)).fetchone() is not None

    def __len__(self) -> int:
        with self._lock:
            return self._conn.execute("SELECT COUNT(*) FROM records").fetchone()[0]

    def keys(self) -> list[str]:
        """The keys, in insertion order."""
        with self._lock:
            return [r[0] for r in self._conn.execute("SELECT key FROM records ORDER BY seq")]

    def items(self, batch: int = 1000) -> Iterator[tuple[str, dict]]:
        """``(key, record)`` pairs in insertion order (read in batches: safe while records are being added)."""
        last = 0
        while True:
            with self._lock:
                rows = self._conn.execute("SELECT seq, key, record FROM records WHERE seq > ? ORDER BY seq LIMIT ?",
                                        (last, batch)).fetchall()
            if not rows:
                return
            for seq, key, text in rows:
                yield key, json.loads(text)
            last = rows[-1][0]

    def records(self) -> Iterator[dict]:
        """The records, in insertion order."""
        return (record for _, record in self.items())

    # ------------------------------------------------------------------ writing
    def put(self, key: str, record: dict) -> None:
        """Store ``record`` under ``key`` (replacing a previous one, which keeps its place); committed on return."""
        if not isinstance(key, str) or not key:
            raise InvalidArgumentError(f"Argument 'key' must be a non-empty str (canonical_hash(instance)), not "
                                       f"{describe_value(key)}")
        text = _record_text(record)
        with self._lock:
            self._conn.execute("INSERT INTO records (key, record) VALUES (?, ?) "
                             "ON CONFLICT(key) DO UPDATE SET record = excluded.record", (key, text))

    def put_instance(self, instance: Any, record: dict) -> str:
        """``put(canonical_hash(instance), record)``; returns the key."""
        key = canonical_hash(instance)
        self.put(key, record)
        return key

    # ------------------------------------------------------------------ export
    def export(self, path: Any) -> int:
        """Write the records to ``path``: JSON lines (``.jsonl``) or CSV (``.csv``); returns how many.

        JSON lines: one record per line, as stored.  CSV: one column per top-level field (in order of first
        appearance), strings as they are, other values as JSON (``true``, ``[2,2]``), absent fields empty.
        """
        target = Path(path)
        suffix = target.suffix.lower()
        if suffix not in (".jsonl", ".csv"):
            raise InvalidArgumentError(f"Argument 'path' must end in .jsonl or .csv, not {describe_value(str(path))}")
        tmp = target.with_name(target.name + ".part")
        n = 0
        with open(tmp, "w", encoding="utf-8", newline="") as fh:
            if suffix == ".jsonl":
                for record in self.records():
                    fh.write(json.dumps(record, sort_keys=True, separators=(",", ":")) + "\n")
                    n += 1
            else:
                columns: dict[str, None] = {}
                for record in self.records():
                    columns.update(dict.fromkeys(record))
                writer = csv.writer(fh)
                writer.writerow(list(columns))
                for record in self.records():
                    writer.writerow([_cell(record[c]) if c in record else "" for c in columns])
                    n += 1
        os.replace(tmp, target)
        return n

    # ------------------------------------------------------------------ lifetime
    def close(self) -> None:
        """Close the file (idempotent)."""
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        where = "memory" if self.path is None else str(self.path)
        n = f"{len(self)} records" if self._db is not None else "closed"
        return f"<Store {where}: {n}>"


def _cell(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, sort_keys=True, separators=(",", ":"))
