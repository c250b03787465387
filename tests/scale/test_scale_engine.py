"""The engines: serial and process pool give the same outcomes; exceptions are outcomes; bad input refused."""

from __future__ import annotations

import functools
import itertools
import os

import pytest

from exactnet.errors import ExactnetError, InvalidArgumentError
from exactnet.scale import Engine, ProcessPoolEngine, SerialEngine, make_engine


def rank_task(seed: int) -> dict:
    """A small exact rank (a module-level function: the process pool pickles it by reference)."""
    import numpy as np
    from flint import fmpz_mat

    rng = np.random.default_rng(seed)
    n = 6
    A = rng.integers(-3, 4, size=(n, 3)) @ rng.integers(-3, 4, size=(3, n))
    return {"seed": seed, "rank": fmpz_mat([[int(x) for x in row] for row in A]).rank()}


def picky(n: int) -> int:
    if n % 3 == 0:
        raise ValueError(f"multiple of three: {n}")
    return n * n


def where(n: int) -> tuple[int, int]:
    return n, os.getpid()


def shift(k: int, n: int) -> int:
    return n + k


class Unpicklable(Exception):
    def __init__(self, a, b):  # pickling re-calls __init__ with one argument: fails
        super().__init__(f"{a}/{b}")


def raise_unpicklable(n: int) -> int:
    raise Unpicklable(n, "x")


def test_make_engine_kinds():
    with make_engine() as e:
        assert isinstance(e, SerialEngine) and (e.name, e.workers) == ("serial", 1)
    with make_engine(workers=2) as e:
        assert isinstance(e, ProcessPoolEngine) and (e.name, e.workers) == ("process-pool", 2)
        assert isinstance(e, Engine)


@pytest.mark.parametrize("workers, scheduler", [(0, None), (-1, None), ("x", None), (1.0, None), (1, "nowhere"),
                                                (1, 3)])
def test_bad_arguments_refused(workers, scheduler):
    with pytest.raises(ExactnetError, match="workers|scheduler"):
        make_engine(workers=workers, scheduler=scheduler)


@pytest.mark.parametrize("chunksize", [1, 3])
def test_process_pool_equals_serial(chunksize):
    items = list(range(20))
    with make_engine() as serial:
        expected = dict(serial.map_unordered(rank_task, items))
    with make_engine(workers=2) as pool:
        got = dict(pool.map_unordered(rank_task, items, chunksize=chunksize))
    assert got == expected and len(got) == 20
    assert {r["rank"] for r in got.values()} <= {0, 1, 2, 3}


def test_process_pool_really_uses_other_processes():
    with make_engine(workers=2) as pool:
        pids = {pid for _, (_, pid) in pool.map_unordered(where, range(8))}
    assert os.getpid() not in pids


@pytest.mark.parametrize("workers", [1, 2])
def test_exceptions_are_yielded_not_raised(workers):
    with make_engine(workers=workers) as engine:
        out = dict(engine.map_unordered(picky, range(7), chunksize=2))
    assert sorted(out) == list(range(7))
    for n, o in out.items():
        if n % 3 == 0:
            assert isinstance(o, ValueError) and str(o) == f"multiple of three: {n}"
        else:
            assert o == n * n


def test_unpicklable_exception_becomes_a_runtime_error_naming_it():
    with make_engine(workers=2) as engine:
        ((item, out),) = list(engine.map_unordered(raise_unpicklable, [5]))
    assert item == 5 and isinstance(out, Exception) and "Unpicklable" in str(out) and "5/x" in str(out)


def test_partial_of_a_module_function_runs_on_the_pool():
    with make_engine(workers=2) as engine:
        assert dict(engine.map_unordered(functools.partial(shift, 10), range(4))) == {0: 10, 1: 11, 2: 12, 3: 13}


def test_lambda_refused_on_the_pool_with_a_clear_error():
    with make_engine(workers=2) as engine:
        with pytest.raises(InvalidArgumentError, match="module-level function"):
            list(engine.map_unordered(lambda n: n, [1]))
    with make_engine() as engine:  # serial: no pickling, lambdas are fine
        assert list(engine.map_unordered(lambda n: -n, [1])) == [(1, -1)]


def test_lazy_infinite_iterator_with_bounded_inflight():
    pulled = []

    def numbers():
        for n in itertools.count():
            if n > 1000:  # an engine that reads everything ahead fails here instead of hanging
                raise AssertionError("the engine read 1000 items ahead")
            pulled.append(n)
            yield n

    with make_engine(workers=2) as engine:
        seen = []
        for item, out in engine.map_unordered(picky, numbers(), chunksize=1):
            seen.append(item)
            if len(seen) == 5:
                break
    # 2 x workers chunks in flight, plus at most as many finished together and not yet consumed
    assert len(pulled) <= 5 + 2 * (2 * 2 * 1)


def test_serial_is_in_order_and_deterministic():
    with make_engine() as engine:
        assert [i for i, _ in engine.map_unordered(picky, range(10))] == list(range(10))
