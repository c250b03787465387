"""Engines: one function over many items, serially, on a process pool, or on Dask distributed.

Every engine has the same face: ``name``, ``workers``, ``map_unordered(fn, items, chunksize=1)`` yielding
``(item, outcome)`` pairs as they finish, ``close()`` and the context-manager protocol.  An exception raised by
``fn`` is the outcome of its item (yielded, never raised out of the iterator), so one failing instance does not
stop a search.  At most ``2 x workers`` chunks are in flight (plus those that finished together and wait to be
yielded, at most as many), so ``items`` may be a lazy iterator of any length.

Why processes and not threads: python-flint (the exact linear algebra under every rank) holds the GIL while it
computes, so threads would run one at a time.  ``workers > 1`` therefore means a
:class:`concurrent.futures.ProcessPoolExecutor` (forked on Linux), and a Dask scheduler runs one thread per worker
process.

>>> with make_engine(workers=1) as engine:
...     sorted(engine.map_unordered(abs, [-2, 1, -3]))
[(-3, 3), (-2, 2), (1, 1)]
>>> engine.name, engine.workers
('serial', 1)
"""

from __future__ import annotations

import concurrent.futures as cf
import itertools
import logging
import multiprocessing
import pickle
import sys
import traceback
from typing import Any, Callable, Iterable, Iterator

from ..core.rational import as_positive_int
from ..errors import InvalidArgumentError, describe_value

__all__ = ["Engine", "SerialEngine", "ProcessPoolEngine", "DaskEngine", "make_engine"]


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while True:
        chunk = list(itertools.islice(it, size))
        if not chunk:
            return
        yield chunk


def _top_up(pending: dict, chunks: Iterator[list], limit: int, submit: Callable[[list], None]) -> None:
    """Submit chunks (``submit`` adds each to ``pending``) until ``limit`` are in flight or none is left
    (an exhausted generator keeps answering ``None``)."""
    while len(pending) < limit and (chunk := next(chunks, None)) is not None:
        submit(chunk)


def _portable(exc: BaseException) -> BaseException:
    """``exc`` with its traceback as a note, made picklable (its type and message kept in words otherwise)."""
    try:
        exc.add_note("".join(traceback.format_exception(exc)).rstrip())
    except Exception:  # pragma: no cover - exotic exception types
        pass
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:
        return RuntimeError(f"{type(exc).__qualname__}: {exc}")


def _run_chunk(fn: Callable, chunk: list) -> list:
    """Run ``fn`` on each item of a chunk in a worker; an exception is the item's outcome."""
    out = []
    for item in chunk:
        try:
            out.append(fn(item))
        except Exception as exc:  # noqa: BLE001 - the outcome of this item
            out.append(_portable(exc))
    return out


def _positive_chunksize(chunksize: Any) -> int:
    return as_positive_int(chunksize, "chunksize")


class Engine:
    """The common face of the engines (see :func:`make_engine`)."""

    name = "engine"

    def __init__(self, workers: int):
        self.workers = workers

    def map_unordered(self, fn: Callable, items: Iterable, chunksize: int = 1) -> Iterator[tuple[Any, Any]]:
        """Yield ``(item, fn(item))`` as results finish; an exception raised by ``fn`` is yielded as the outcome."""
        raise NotImplementedError

    def close(self) -> None:
        """Release the workers (idempotent)."""

    def __enter__(self) -> "Engine":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}, {self.workers} worker{'s' if self.workers != 1 else ''}>"


class SerialEngine(Engine):
    """In-process, in order, no pickling: deterministic, and the baseline of every comparison."""

    name = "serial"

    def __init__(self) -> None:
        super().__init__(1)

    def map_unordered(self, fn: Callable, items: Iterable, chunksize: int = 1) -> Iterator[tuple[Any, Any]]:
        _positive_chunksize(chunksize)
        for item in items:
            try:
                out = fn(item)
            except Exception as exc:  # noqa: BLE001 - the outcome of this item
                out = exc
            yield item, out


def _check_picklable(fn: Callable) -> None:
    try:
        pickle.dumps(fn)
    except Exception as exc:
        raise InvalidArgumentError(
            f"Argument 'fn' must be a module-level function (or a functools.partial of one) so that worker "
            f"processes can receive it, not {describe_value(fn)} ({type(exc).__name__}: {exc}); lambdas and local "
            "functions run with workers=1 only") from None


class ProcessPoolEngine(Engine):
    """A :class:`concurrent.futures.ProcessPoolExecutor` of ``workers`` processes (forked on Linux)."""

    name = "process-pool"

    def __init__(self, workers: int):
        super().__init__(workers)
        self._pool: cf.ProcessPoolExecutor | None = None

    def _executor(self) -> cf.ProcessPoolExecutor:
        if self._pool is None:
            ctx = multiprocessing.get_context("fork") if sys.platform == "linux" else None
            self._pool = cf.ProcessPoolExecutor(self.workers, mp_context=ctx)
        return self._pool

    def map_unordered(self, fn: Callable, items: Iterable, chunksize: int = 1) -> Iterator[tuple[Any, Any]]:
        size = _positive_chunksize(chunksize)
        _check_picklable(fn)
        chunks = _chunks(items, size)
        pending: dict[cf.Future, list] = {}

        def top_up() -> None:
            _top_up(pending, chunks, 2 * self.workers,
                    lambda chunk: pending.__setitem__(self._executor().submit(_run_chunk, fn, chunk), chunk))

        try:
            top_up()
            while pending:
                done, _ = cf.wait(pending, return_when=cf.FIRST_COMPLETED)
                finished = []
                broken = False
                for fut in done:
                    chunk = pending.pop(fut)
                    try:
                        outs = fut.result()
                    except Exception as exc:  # noqa: BLE001 - a worker died or a result did not pickle
                        outs = [exc] * len(chunk)
                        broken = broken or isinstance(exc, cf.process.BrokenProcessPool)
                    finished.append((chunk, outs))
                if broken:  # a dead worker breaks the pool: every pending chunk failed with it; start a new one
                    for fut, chunk in list(pending.items()):
                        try:
                            outs = fut.result()
                        except Exception as exc:  # noqa: BLE001
                            outs = [exc] * len(chunk)
                        finished.append((chunk, outs))
                    pending.clear()
                    self._pool.shutdown(wait=False, cancel_futures=True)
                    self._pool = None
                top_up()  # keep the workers busy while the caller handles these results
                for chunk, outs in finished:
                    yield from zip(chunk, outs)
        finally:
            for fut in pending:
                fut.cancel()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def _distributed():
    try:
        import distributed
    except ImportError:
        raise InvalidArgumentError(
            "Argument 'scheduler' needs Dask distributed, which is not installed (pip install 'exactnet[scale]'); "
            "or run without a scheduler (a local process pool)") from None
    return distributed


class DaskEngine(Engine):
    """Dask distributed: a ``LocalCluster`` (``scheduler="local"``) or a running scheduler (its address).

    Functions travel with cloudpickle; each worker process runs one task at a time (``threads_per_worker=1``).
    """

    name = "dask"

    def __init__(self, scheduler: Any, workers: int):
        distributed = _distributed()
        self._cluster = None
        self._own_client = True
        if scheduler == "local":
            self._cluster = distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                                     dashboard_address=":0", silence_logs=logging.ERROR)
            self.client = distributed.Client(self._cluster)
            self.address = self._cluster.scheduler_address
        elif isinstance(scheduler, distributed.Client):
            self.client, self._own_client = scheduler, False
            self.address = scheduler.scheduler.address
        else:
            try:
                self.client = distributed.Client(scheduler, timeout="20s")
            except (OSError, TimeoutError) as exc:
                raise InvalidArgumentError(
                    f"Argument 'scheduler' must be the address of a running Dask scheduler (such as tcp://host:8786) "
                    f"or 'local', not {scheduler!r}: cannot connect ({exc})") from None
            self.address = scheduler
        threads = sum(w.get("nthreads", 1) for w in self.client.scheduler_info().get("workers", {}).values())
        super().__init__(max(1, threads) if self._cluster is None else workers)

    def map_unordered(self, fn: Callable, items: Iterable, chunksize: int = 1) -> Iterator[tuple[Any, Any]]:
        distributed = _distributed()
        size = _positive_chunksize(chunksize)
        chunks = _chunks(items, size)
        pending: dict[str, tuple[Any, list]] = {}
        done_iter = distributed.as_completed()

        def submit(chunk: list) -> None:
            fut = self.client.submit(_run_chunk, fn, chunk, pure=False)
            pending[fut.key] = (fut, chunk)
            done_iter.add(fut)

        def top_up() -> None:
            _top_up(pending, chunks, 2 * self.workers, submit)

        try:
            top_up()
            for fut in done_iter:
                _, chunk = pending.pop(fut.key)
                try:
                    outs = fut.result()
                except Exception as exc:  # noqa: BLE001 - a worker died or a result did not travel
                    outs = [exc] * len(chunk)
                fut.release()
                top_up()
                yield from zip(chunk, outs)
        finally:
            for fut, _ in pending.values():
                fut.cancel()

    def close(self) -> None:
        quiet = logging.getLogger("distributed")
        level = quiet.level
        quiet.setLevel(logging.ERROR)  # the cluster's shutdown chatter
        try:
            if self._own_client and self.client is not None:
                self.client.close()
            self.client = None
            if self._cluster is not None:
                self._cluster.close()
                self._cluster = None
        finally:
            quiet.setLevel(level)


def make_engine(workers: int = 1, scheduler: Any = None) -> Engine:
    """The engine for ``workers`` and ``scheduler``.

    * ``workers == 1`` and no scheduler: :class:`SerialEngine` (in-process, deterministic, no pickling);
    * ``workers > 1`` and no scheduler: :class:`ProcessPoolEngine` (``fn`` must be a module-level function or a
      ``functools.partial`` of one);
    * ``scheduler="local"``: a Dask ``LocalCluster`` of ``workers`` single-threaded processes;
    * ``scheduler="tcp://host:port"`` (or a ``distributed.Client``): that Dask scheduler and its workers.

    >>> make_engine(workers=0)
    Traceback (most recent call last):
      ...
    exactnet.errors.InvalidArgumentError: Argument 'workers' must be an integer >= 1, not 0 (type=int)
    >>> make_engine(scheduler="nowhere")
    Traceback (most recent call last):
      ...
    exactnet.errors.InvalidArgumentError: Argument 'scheduler' must be 'local' or a Dask scheduler address such as tcp://host:8786, not 'nowhere' (type=str)
    """
    workers = as_positive_int(workers, "workers")
    if scheduler is None:
        return SerialEngine() if workers == 1 else ProcessPoolEngine(workers)
    if isinstance(scheduler, str):
        if scheduler != "local" and ":" not in scheduler:
            raise InvalidArgumentError(f"Argument 'scheduler' must be 'local' or a Dask scheduler address such as "
                                       f"tcp://host:8786, not {describe_value(scheduler)}")
        return DaskEngine(scheduler, workers)
    if type(scheduler).__name__ == "Client":
        return DaskEngine(scheduler, workers)
    raise InvalidArgumentError(f"Argument 'scheduler' must be 'local', a Dask scheduler address such as "
                               f"tcp://host:8786, or a distributed.Client, not {describe_value(scheduler)}")
