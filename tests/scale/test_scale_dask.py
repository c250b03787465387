"""The Dask engine on a small LocalCluster (two single-threaded worker processes): same outcomes as serial."""

from __future__ import annotations

import functools

import pytest

pytest.importorskip("distributed")

from exactnet.core.rational import as_positive_int  # noqa: E402
from exactnet.scale import DaskEngine, _demo_square, make_engine  # noqa: E402
from exactnet.theorems.geometry_bounds import named_geometry_tree, sweep_partitions  # noqa: E402


@pytest.fixture(scope="module")
def dask_engine():
    with make_engine(workers=2, scheduler="local") as engine:
        yield engine


def test_local_cluster_engine(dask_engine):
    assert isinstance(dask_engine, DaskEngine)
    assert (dask_engine.name, dask_engine.workers) == ("dask", 2)
    assert len(dask_engine.client.scheduler_info()["workers"]) == 2


def test_dask_equals_serial_and_yields_exceptions(dask_engine):
    check = functools.partial(as_positive_int, name="n")
    items = [3, 0, 5, -2, 1]
    with make_engine() as serial:
        expected = dict(serial.map_unordered(check, items))
    got = dict(dask_engine.map_unordered(check, items, chunksize=2))
    assert sorted(got) == sorted(items)
    for n in items:
        if n >= 1:
            assert got[n] == expected[n] == n
        else:  # the exception is the outcome, with its type and message
            assert type(got[n]) is type(expected[n]) and str(got[n]) == str(expected[n])
    assert dict(dask_engine.map_unordered(_demo_square, range(6))) == {n: {"n": n, "square": n * n} for n in range(6)}


def test_dask_runs_the_sweep_unchanged(dask_engine):
    tree = named_geometry_tree(8, 2, "mirror")
    assert sweep_partitions(tree, "all", M=2, widths=2, engine=dask_engine) == sweep_partitions(tree, "all", M=2,
                                                                                                 widths=2)


def test_dask_takes_lambdas_by_cloudpickle(dask_engine):
    assert sorted(dask_engine.map_unordered(lambda n: n + 1, [1, 2])) == [(1, 2), (2, 3)]


def test_scheduler_that_is_not_an_address_refused():
    from exactnet.errors import InvalidArgumentError

    with pytest.raises(InvalidArgumentError, match="scheduler"):
        make_engine(scheduler="nowhere-without-a-port")


def test_scheduler_address_and_client(dask_engine, capsys):
    from pathlib import Path

    from exactnet.cli import main

    with make_engine(scheduler=dask_engine.address) as by_address:  # a running scheduler, by its address
        assert (by_address.name, by_address.workers) == ("dask", 2)
        assert dict(by_address.map_unordered(_demo_square, [7])) == {7: {"n": 7, "square": 49}}
    with make_engine(scheduler=dask_engine.client) as by_client:  # a Client of the caller's: not closed by us
        assert by_client.client is dask_engine.client
    assert dict(dask_engine.map_unordered(_demo_square, [2])) == {2: {"n": 2, "square": 4}}  # still running
    reference = (Path(__file__).parent / "data" / "sweep_n8.txt").read_text()
    assert main(["sweep", "--N", "8", "--M", "2", "--windows", "2", "--widths", "2", "--scheduler",
                 dask_engine.address]) == 0
    assert capsys.readouterr().out == reference
