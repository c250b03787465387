"""Scale-out: run many instances on one engine and keep every result in a store.

* :func:`make_engine` -- serial (``workers=1``), a process pool (``workers > 1``), or Dask distributed
  (``scheduler="local"`` for a ``LocalCluster``, or a scheduler address); every engine has ``map_unordered``.
* :class:`Store` -- an SQLite file of JSON records keyed by :func:`canonical_hash` of the instance, each committed
  as it arrives; made for one run (another run's store is refused with :class:`StoreMismatch`); exported to
  JSON lines or CSV.
* :func:`map_stored` -- an engine's map through a store: what is stored is read back, not recomputed.

``exactnet sweep`` and ``exactnet search`` run on these.  The guide is ``docs/scale.md``.

>>> from fractions import Fraction
>>> canonical_json({"b": (1, 2), "a": Fraction(1, 2)})
'{"a":"1/2","b":[1,2]}'
>>> with make_engine(workers=1) as engine, Store(None, run={"demo": "squares"}) as store:
...     for n, record, cached in map_stored(engine, _demo_square, range(4), store, key=lambda n: canonical_hash({"n": n})):
...         pass
...     [r["square"] for r in store.records()]
[0, 1, 4, 9]
"""

from __future__ import annotations

from ..errors import StoreMismatch
from ._canonical import canonical_hash, canonical_json
from ._engine import DaskEngine, Engine, ProcessPoolEngine, SerialEngine, make_engine
from ._store import Store
from ._stored import map_stored

__all__ = ["make_engine", "Engine", "SerialEngine", "ProcessPoolEngine", "DaskEngine", "Store", "StoreMismatch",
           "canonical_json", "canonical_hash", "map_stored"]


def _demo_square(n: int) -> dict:
    """A task for the examples: ``{"n": n, "square": n * n}``."""
    return {"n": n, "square": n * n}
