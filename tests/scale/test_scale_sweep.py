"""``exactnet sweep`` on the engine: the same output as the in-process sweep (kept in data/), on one worker, a
process pool and through a store; --store / --resume rules; sweep_partitions with an engine and a store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from exactnet.cli import main
from exactnet.scale import Store, make_engine
from exactnet.theorems.geometry_bounds import SweepRow, named_geometry_tree, sweep_partitions

DATA = Path(__file__).parent / "data"

# Outputs of the sweep before it ran on the engine (written by the in-process loop), kept as the reference.
CASES = [
    ("sweep_n8.txt", ["--N", "8", "--M", "2", "--windows", "2", "--widths", "2"]),
    ("sweep_n8.json", ["--N", "8", "--M", "2", "--windows", "2", "--widths", "2", "--json"]),
    ("sweep_n8_certify.json", ["--N", "8", "--M", "2", "--windows", "2", "--widths", "2", "--certify",
                               "--geometry", "mirror", "--json"]),
    ("sweep_n16_sample.txt", ["--N", "16", "--M", "2", "--windows", "4", "--widths", "2,2", "--sample", "20",
                              "--seed", "3"]),
    ("sweep_4x4.json", ["--shape", "4x4", "--M", "2", "--widths", "2", "--sample", "12", "--json"]),
]


def _run(capsys, argv):
    code = main(["sweep", *argv])
    out = capsys.readouterr().out
    assert code == 0
    return out


@pytest.mark.parametrize("name, argv", CASES, ids=[c[0] for c in CASES])
def test_one_worker_output_unchanged(capsys, name, argv):
    assert _run(capsys, argv) == (DATA / name).read_text()


@pytest.mark.parametrize("name, argv", [CASES[0], CASES[3]], ids=[CASES[0][0], CASES[3][0]])
def test_process_pool_output_identical(capsys, name, argv):
    assert _run(capsys, [*argv, "--workers", "2"]) == (DATA / name).read_text()


def test_store_then_resume_gives_the_same_output(capsys, tmp_path):
    name, argv = CASES[0]
    store = tmp_path / "sweep.sqlite"
    assert _run(capsys, [*argv, "--store", str(store)]) == (DATA / name).read_text()
    with Store(store) as s:
        n = len(s)
        assert n == 2 * 127  # both geometries, every partition of N = 8
        assert s.run["command"] == "sweep"
    assert _run(capsys, [*argv, "--store", str(store), "--resume", "--workers", "2"]) == (DATA / name).read_text()
    with Store(store) as s:
        assert len(s) == n


def test_resume_of_a_partial_store_computes_only_the_rest(tmp_path):
    tree = named_geometry_tree(8, 2, "contiguous")
    full = sweep_partitions(tree, "all", M=2, widths=2)
    with Store(tmp_path / "s.sqlite", run={"demo": "partial"}) as store:
        first = sweep_partitions(tree, "all", M=2, widths=2, store=store, chunksize=4)
        assert first == full
        keys = store.keys()
    with Store(tmp_path / "s.sqlite", run={"demo": "partial"}) as store:  # drop half the rows, then resume
        store._db.execute("DELETE FROM records WHERE seq % 2 = 0")
        kept = set(store.keys())
        with make_engine(workers=2) as engine:
            again = sweep_partitions(tree, "all", M=2, widths=2, store=store, engine=engine)
        assert again == full and len(store) == len(keys)
        assert store.keys()[:len(kept)] == [k for k in keys if k in kept]  # the kept rows were not written again


def test_sweep_rows_round_trip_through_dicts():
    rows = sweep_partitions(named_geometry_tree(8, 2, "mirror"), "balanced", M=2, widths=(2, 1, 1))
    assert [SweepRow.from_dict(json.loads(json.dumps(r.to_dict()))) for r in rows] == rows


def test_store_and_resume_rules(capsys, tmp_path):
    argv = ["--N", "4", "--M", "2", "--widths", "2", "--geometry", "contiguous"]
    assert main(["sweep", *argv, "--resume"]) == 2
    assert "--resume" in capsys.readouterr().err
    store = str(tmp_path / "s.sqlite")
    _run(capsys, [*argv, "--store", store])
    assert main(["sweep", *argv, "--store", store]) == 2  # exists: --resume needed
    assert "add --resume" in capsys.readouterr().err
    assert main(["sweep", *argv[:-1], "mirror", "--store", store, "--resume"]) == 2  # another sweep's store
    err = capsys.readouterr().err
    assert "another run" in err and '"geometries":["contiguous"]' in err and '"geometries":["mirror"]' in err
    assert main(["sweep", *argv, "--workers", "0"]) == 2
    assert "workers" in capsys.readouterr().err
