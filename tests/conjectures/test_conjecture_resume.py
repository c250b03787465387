"""`exactnet search` killed with SIGKILL in the middle, then `--resume`: the same final result as an
uninterrupted search, and no instance stored before the kill is computed again."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

FILE = '''\
import os
import time

import exactnet
from exactnet.conjectures import Space, claim, conjecture


@conjecture(space=Space(n=range(1, 9), m=range(1, 9)), size=lambda n, m: (n + m, n))
def slow_rank(n, m):
    """the matrices (i + 2j)^2 mod 7 have rank at most 3"""
    with open(os.environ["SEARCH_LOG"], "a") as fh:
        fh.write(f"{n},{m}\\n")
    time.sleep(0.03)
    return claim(exactnet.rank([[((i + 2 * j) ** 2) % 7 for j in range(m)] for i in range(n)]), "<=", 3)
'''


def _run(args, env, **kw):
    return subprocess.run([sys.executable, "-m", "exactnet", "search", *args], env=env, capture_output=True,
                          text=True, timeout=300, **kw)


def _stored(path) -> set:
    con = sqlite3.connect(str(path))
    try:
        rows = con.execute("SELECT record FROM records").fetchall()
    except sqlite3.OperationalError:
        rows = []
    con.close()
    return {(json.loads(r)["instance"]["n"], json.loads(r)["instance"]["m"]) for (r,) in rows}


@pytest.mark.parametrize("workers", [pytest.param("1", marks=pytest.mark.slow), "2"])
def test_kill_and_resume_gives_the_uninterrupted_result(tmp_path, workers):
    (tmp_path / "conj.py").write_text(FILE)
    env = dict(os.environ, SEARCH_LOG=str(tmp_path / "full.log"))
    full = _run(["conj.py:slow-rank", "--json", "--workers", workers], env, cwd=tmp_path)
    assert full.returncode == 1, full.stderr
    expected = json.loads(full.stdout)
    assert expected["status"] == "refuted" and expected["checked"] > 20

    env["SEARCH_LOG"] = str(tmp_path / "run.log")
    store = tmp_path / "run.sqlite"
    proc = subprocess.Popen([sys.executable, "-m", "exactnet", "search", "conj.py:slow-rank", "--store",
                             str(store), "--workers", workers], env=env, cwd=tmp_path,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    while len(_stored(store)) < 8 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.03)
    os.killpg(proc.pid, signal.SIGKILL)  # the search and its workers
    proc.wait()
    before = _stored(store)
    assert 8 <= len(before) < expected["checked"]
    calls_before = len((tmp_path / "run.log").read_text().splitlines())

    resumed = _run(["conj.py:slow-rank", "--json", "--store", str(store), "--resume", "--workers", workers], env,
                   cwd=tmp_path)
    assert resumed.returncode == 1, resumed.stderr
    got = json.loads(resumed.stdout)
    for key in ("status", "counterexample", "certificate", "minimality", "checked", "size_searched", "value"):
        assert got[key] == expected[key], key
    after = [tuple(map(int, line.split(","))) for line in
             (tmp_path / "run.log").read_text().splitlines()[calls_before:]]
    assert not set(after) & before  # nothing stored before the kill was computed again
