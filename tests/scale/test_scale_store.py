"""The result store: canonical keys, records committed, another run refused, export round trip."""

from __future__ import annotations

import csv
import json
import sqlite3
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from exactnet.errors import ExactnetError, InexactInputError, InvalidArgumentError, StoreMismatch
from exactnet.scale import Store, canonical_hash, canonical_json, map_stored, make_engine

RUN = {"conjecture": "demo", "source": "abc123", "space": {"n": [1, 2, 3]}, "strategy": "exhaustive", "seed": 0,
       "max_size": 3}


# ---------------------------------------------------------------------------------------- canonical form
def test_canonical_json_shape():
    obj = {"widths": (2, 2), "N": 8, "q": Fraction(-3, 6), "flag": False, "none": None, "tag": "odd-even",
           "big": 10 ** 40, "np": np.int64(7), "nested": {"z": [1, (2, Fraction(4, 2))], "a": {5, 1}}}
    assert canonical_json(obj) == ('{"N":8,"big":10000000000000000000000000000000000000000,"flag":false,'
                                   '"nested":{"a":[1,5],"z":[1,[2,"2"]]},"none":null,"np":7,"q":"-1/2",'
                                   '"tag":"odd-even","widths":[2,2]}')


def test_canonical_hash_ignores_key_order_and_tuple_vs_list():
    a = {"L": 2, "widths": (3, 2), "q": Fraction(1, 3)}
    b = {"q": Fraction(2, 6), "widths": [3, 2], "L": 2}
    assert canonical_hash(a) == canonical_hash(b) and len(canonical_hash(a)) == 64
    assert canonical_hash({"L": 2}) != canonical_hash({"L": 3})
    assert canonical_hash({"L": True}) != canonical_hash({"L": 1})


@pytest.mark.parametrize("bad", [0.5, np.float64(1.0), float("nan"), {"x": [1, 2.0]}, {"w": (Fraction(1, 2), 0.25)}])
def test_floats_refused_by_canonical_hash(bad):
    with pytest.raises(InexactInputError, match="float"):
        canonical_hash(bad)
    with pytest.raises(InexactInputError):
        canonical_json(bad)


def test_float_error_names_where_it_is():
    with pytest.raises(InexactInputError, match=r"instance\.w\[1\].*0\.25"):
        canonical_hash({"w": (Fraction(1, 2), 0.25)})


@pytest.mark.parametrize("bad", [{(1, 2): 3}, {1: "a", "1": "b"}, object()])
def test_non_json_refused(bad):
    with pytest.raises(InvalidArgumentError):
        canonical_json(bad)


json_data = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5) | st.fractions(max_denominator=50),
    lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=4), kids, max_size=4),
    max_leaves=20)


@settings(max_examples=80, deadline=None)
@given(json_data)
def test_canonical_json_is_a_fixed_point(obj):
    text = canonical_json(obj)
    assert canonical_json(json.loads(text)) == text
    assert text == json.dumps(json.loads(text), sort_keys=True, separators=(",", ":"))


# ---------------------------------------------------------------------------------------- the store
def test_put_get_order_and_persistence(tmp_path):
    path = tmp_path / "run.sqlite"
    with Store(path, run=RUN) as store:
        for n in (3, 1, 2):
            store.put(canonical_hash({"n": n}), {"instance": {"n": n}, "outcome": "holds", "seconds": 0.125 * n})
        store.put(canonical_hash({"n": 1}), {"instance": {"n": 1}, "outcome": "refuted", "seconds": 0.0})
        assert len(store) == 3 and canonical_hash({"n": 2}) in store
    with Store(path, run=dict(reversed(list(RUN.items())))) as again:  # key order of the description: same run
        assert [r["instance"]["n"] for r in again.records()] == [3, 1, 2]  # insertion order; a replaced one stays
        assert again.get(canonical_hash({"n": 1}))["outcome"] == "refuted"
        assert again.keys() == [canonical_hash({"n": n}) for n in (3, 1, 2)]
        assert again.run == json.loads(canonical_json(RUN))
    with Store(path) as reader:  # run=None: open whatever run it holds
        assert len(reader) == 3


def test_file_is_in_wal_mode_and_each_put_is_committed(tmp_path):
    path = tmp_path / "s.sqlite"
    store = Store(path, run=RUN)
    store.put("k1", {"x": 1})
    other = sqlite3.connect(path)  # another connection sees it at once: the put was committed
    assert other.execute("SELECT COUNT(*) FROM records").fetchone()[0] == 1
    assert other.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    other.close()
    store.close()


def test_store_of_another_run_refused_naming_both(tmp_path):
    path = tmp_path / "s.sqlite"
    Store(path, run=RUN).close()
    with pytest.raises(StoreMismatch) as info:
        Store(path, run={**RUN, "strategy": "random"})
    msg = str(info.value)
    assert "another run" in msg and '"strategy":"exhaustive"' in msg and '"strategy":"random"' in msg
    assert isinstance(info.value, ExactnetError)


def test_non_store_files_refused(tmp_path):
    text = tmp_path / "notes.sqlite"
    text.write_text("this is not a database at all, just some text " * 40)
    with pytest.raises(StoreMismatch, match="result store"):
        Store(text, run=RUN)
    other = tmp_path / "other.sqlite"
    db = sqlite3.connect(other)
    db.execute("CREATE TABLE t (x)")
    db.commit()
    db.close()
    with pytest.raises(StoreMismatch, match="tables"):
        Store(other, run=RUN)
    with pytest.raises(InvalidArgumentError, match="directory"):
        Store(tmp_path, run=RUN)
    with pytest.raises(InvalidArgumentError, match="existing directory"):
        Store(tmp_path / "missing" / "s.sqlite", run=RUN)


@pytest.mark.parametrize("record", [[1, 2], {"x": float("nan")}, {"x": object()}])
def test_bad_records_refused(record):
    with Store(None, run=RUN) as store:
        with pytest.raises(InvalidArgumentError):
            store.put("k", record)
        assert len(store) == 0


def test_export_round_trip(tmp_path):
    records = [
        {"instance": {"L": 1, "r": 2}, "outcome": "holds", "value": 4, "detail": "rank 4, exact",
         "certificate": None, "order": 0, "seconds": 0.5},
        {"instance": {"L": 2, "r": 2}, "outcome": "refuted", "value": "7/2", "detail": "a, \"quoted\" detail\nline 2",
         "certificate": {"kind": "rank", "rows": [0, 1]}, "order": 1, "seconds": 0.25, "extra": True},
    ]
    with Store(tmp_path / "s.sqlite", run=RUN) as store:
        for r in records:
            store.put_instance(r["instance"], r)
        assert store.export(tmp_path / "out.jsonl") == 2
        assert store.export(tmp_path / "out.csv") == 2
        with pytest.raises(InvalidArgumentError, match=r"\.jsonl or \.csv"):
            store.export(tmp_path / "out.txt")
    lines = (tmp_path / "out.jsonl").read_text().splitlines()
    assert [json.loads(line) for line in lines] == records
    with open(tmp_path / "out.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == sorted(records[0]) + ["extra"]  # fields in order of first appearance (sorted in a record)
    for row, rec in zip(rows, records):
        for col, cell in row.items():
            if col not in rec:
                assert cell == ""
            elif isinstance(rec[col], str):
                assert cell == rec[col]
            else:
                assert json.loads(cell) == rec[col]


def test_map_stored_skips_what_is_stored():
    calls = []

    def task(n):
        calls.append(n)
        if n == 4:
            raise ValueError("four")
        return {"n": n}

    store = Store(None, run=RUN)
    with make_engine() as engine:
        out = list(map_stored(engine, task, range(3), store, key=str))
        assert [c for *_, c in out] == [False] * 3 and calls == [0, 1, 2]
        out = list(map_stored(engine, task, range(6), store, key=str))
    assert calls == [0, 1, 2, 3, 4, 5]  # 0..2 read back, not recomputed
    assert sorted((i, c) for i, _, c in out) == [(0, True), (1, True), (2, True), (3, False), (4, False), (5, False)]
    assert isinstance(dict((i, o) for i, o, _ in out)[4], ValueError)
    assert "4" not in store and len(store) == 5  # an exception is not stored: the next run tries again


def test_map_stored_record_converter_runs_in_the_caller():
    store = Store(None, run=RUN)
    with make_engine(workers=2) as engine:
        out = {i: (o, c) for i, o, c in map_stored(engine, abs, [-2, 3], store, key=str,
                                                   record=lambda item, value: {"item": item, "abs": value})}
        assert out == {-2: ({"item": -2, "abs": 2}, False), 3: ({"item": 3, "abs": 3}, False)}
        again = {i: (o, c) for i, o, c in map_stored(engine, abs, [-2, 3], store, key=str, record=None)}
    assert again == {-2: ({"item": -2, "abs": 2}, True), 3: ({"item": 3, "abs": 3}, True)}


def test_closed_store_refused():
    store = Store(None, run=RUN)
    store.close()
    store.close()  # idempotent
    with pytest.raises(InvalidArgumentError, match="closed"):
        store.put("k", {"x": 1})
    assert "closed" in repr(store)
