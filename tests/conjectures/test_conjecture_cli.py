"""`exactnet search`: exit codes, the readable report, --json, --out, --store/--resume, --export, --list."""

from __future__ import annotations

import csv
import json

import pytest

from exactnet.cli import main

FILE = '''\
import exactnet
from exactnet.conjectures import Space, claim, conjecture


def matrix(n, m):
    return [[(i * i + 3 * j * j + i * j) % 5 for j in range(m)] for i in range(n)]


@conjecture(name="rank-at-most-2", space=Space(n=range(1, 6), m=range(1, 6)), size=lambda n, m: (n + m, n))
def rank_at_most_2(n, m):
    """these matrices have rank at most 2"""
    return claim(exactnet.rank(matrix(n, m)), "<=", 2)


@conjecture(space=Space(n=range(1, 6), m=range(1, 6)), size=lambda n, m: (n + m, n))
def rank_at_most_min(n, m):
    return claim(exactnet.rank(matrix(n, m)), "<=", min(n, m))


@conjecture(space=Space(n=range(1, 4)))
def only_a_bool(n):
    return n < 3
'''


@pytest.fixture
def conj(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "conj.py").write_text(FILE)
    return "conj.py"


def test_refuted_exit_1_with_a_readable_report_and_a_certificate(conj, capsys):
    assert main(["search", f"{conj}:rank-at-most-2", "--out", "cex.json"]) == 1
    out = capsys.readouterr().out
    assert "REFUTED" in out and "counterexample: n=3, m=3" in out and "minimal-in-size-order" in out
    assert "certificate written to cex.json" in out
    assert all(len(line) <= 99 for line in out.splitlines())
    assert main(["check", "cex.json"]) == 0  # the written certificate is valid for the independent checker
    assert "VALID" in capsys.readouterr().out


def test_json_output(conj, capsys):
    assert main(["search", f"{conj}:rank-at-most-2", "--json", "--workers", "2", "--out", "c.json"]) == 1
    data = json.loads(capsys.readouterr().out)
    for key in ("conjecture", "status", "counterexample", "certificate", "minimality", "checked", "strategy"):
        assert key in data
    assert data["status"] == "refuted" and data["counterexample"] == {"n": 3, "m": 3}
    assert data["certificate"] == "c.json" and data["minimality"]["level"] == "minimal-in-size-order"
    assert data["workers"] == 2 and data["engine"] == "process-pool" and data["exit_code"] == 1
    assert main(["search", f"{conj}:rank-at-most-2", "--json", "--strategy", "random", "--seed", "3"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["strategy"] == "random" and data["certificate"]["format"] == "exactnet.certificate"


def test_holds_up_to_exit_0_and_unknown_exit_3(conj, capsys):
    assert main(["search", f"{conj}:rank_at_most_min", "--max-size", "6"]) == 0
    out = capsys.readouterr().out
    assert "HOLDS-UP-TO" in out and "size <= 6" in out
    assert main(["search", f"{conj}:only-a-bool"]) == 3
    assert "potential counterexample" in capsys.readouterr().out
    assert main(["search", f"{conj}:rank-at-most-2", "--budget", "3", "--json"]) == 3
    data = json.loads(capsys.readouterr().out)
    assert data["status"] == "unknown" and data["checked"] == 3 and "budget" in data["stopped"]


def test_store_resume_and_export(conj, capsys):
    assert main(["search", f"{conj}:rank-at-most-2", "--store", "s.sqlite", "--budget", "5"]) == 3
    assert main(["search", f"{conj}:rank-at-most-2", "--store", "s.sqlite"]) == 2  # needs --resume
    assert "--resume" in capsys.readouterr().err
    assert main(["search", f"{conj}:rank-at-most-2", "--store", "s.sqlite", "--resume", "--export", "r.jsonl"]) == 1
    lines = open("r.jsonl").read().splitlines()
    assert len(lines) == 13 and all(json.loads(x)["instance"] for x in lines)
    assert main(["search", f"{conj}:rank-at-most-2", "--export", "r.csv"]) == 1  # without --store
    rows = list(csv.DictReader(open("r.csv")))
    assert len(rows) == 13 and {r["outcome"] for r in rows} == {"holds", "refuted"}
    assert main(["search", f"{conj}:rank_at_most_min", "--store", "s.sqlite", "--resume"]) == 2  # another run
    assert "another run" in capsys.readouterr().err


def test_bad_input_exit_2(conj, capsys):
    assert main(["search", f"{conj}:nope"]) == 2
    assert "no conjecture named 'nope'" in capsys.readouterr().err
    assert main(["search", "absent.py:x"]) == 2
    assert main(["search"]) == 2
    assert main(["search", f"{conj}:rank-at-most-2", "--strategy", "clever"]) == 2
    assert main(["search", f"{conj}:rank-at-most-2", "--budget", "soon"]) == 2
    assert main(["search", f"{conj}:rank-at-most-2", "--export", "x.txt"]) == 2
    assert main(["search", f"{conj}:rank-at-most-2", "--max-size", "1", "--json"]) == 2
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is False and "size <= 1" in data["error"]


def test_list(capsys):
    assert main(["search", "--list"]) == 0
    text = capsys.readouterr().out
    assert main(["search", "--list", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert isinstance(data, list)
    for c in data:
        assert c["name"] in text and {"statement", "source", "expected", "strategy", "max_size"} <= set(c)
