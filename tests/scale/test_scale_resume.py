"""kill -9 in the middle of a store-backed run, then resume: the same final records, nothing finished recomputed."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from exactnet.scale import Store, canonical_hash

ROOT = Path(__file__).resolve().parents[2]
ITEMS = 48

SCRIPT = textwrap.dedent('''
    import functools, os, sys, time
    from exactnet.scale import Store, canonical_hash, make_engine, map_stored

    def task(side, n):
        with open(side, "a") as fh:  # one line per call, written before the work: the calls made
            fh.write(f"{n}\\n")
        time.sleep(0.04)
        return {"instance": {"n": n}, "outcome": "holds", "value": n * n}

    if __name__ == "__main__":
        store_path, side, workers = sys.argv[1], sys.argv[2], int(sys.argv[3])
        with make_engine(workers=workers) as engine, Store(store_path, run={"demo": "kill-and-resume"}) as store:
            for item, outcome, cached in map_stored(engine, functools.partial(task, side), range(%d), store,
                                                    key=lambda n: canonical_hash({"n": n}), chunksize=2):
                assert not isinstance(outcome, BaseException), outcome
''' % ITEMS)


def _stored_count(path: Path) -> int:
    if not path.exists():
        return 0
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1)
        try:
            return db.execute("SELECT COUNT(*) FROM records").fetchone()[0]
        finally:
            db.close()
    except sqlite3.Error:  # not created yet
        return 0


def _env():
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _kill_when(cmd, store: Path, at_least: int, timeout: float = 120, sig: int = signal.SIGKILL) -> None:
    """Start ``cmd`` in its own process group; signal the whole group once the store holds ``at_least`` records."""
    proc = subprocess.Popen(cmd, env=_env(), start_new_session=True, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    t0 = time.monotonic()
    while _stored_count(store) < at_least:
        if proc.poll() is not None:
            pytest.fail(f"the run ended before it could be killed (exit {proc.returncode}): "
                        f"{proc.stderr.read().decode()[-2000:]}")
        if time.monotonic() - t0 > timeout:
            os.killpg(proc.pid, signal.SIGKILL)
            pytest.fail("the run did not reach the kill point in time")
        time.sleep(0.01)
    os.killpg(proc.pid, sig)  # kill -9 (or Ctrl-C) of the run and its worker processes
    proc.wait(timeout=120)
    if sig == signal.SIGKILL:
        assert proc.returncode == -signal.SIGKILL
    else:  # Ctrl-C: the command line says so and exits with 130
        assert proc.returncode == 130 and "interrupted" in proc.stderr.read().decode()


@pytest.mark.parametrize("workers", [pytest.param(1, marks=pytest.mark.slow), 2])
def test_kill_9_then_resume(tmp_path, workers):
    script = tmp_path / "run.py"
    script.write_text(SCRIPT)
    store, side = tmp_path / "run.sqlite", tmp_path / "calls.txt"
    cmd = [sys.executable, str(script), str(store), str(side), str(workers)]
    _kill_when(cmd, store, at_least=10)
    with Store(store) as s:
        finished = set(s.keys())
    calls_before = side.read_text().split()
    assert 10 <= len(finished) < ITEMS  # killed in the middle, nothing finished lost
    side.unlink()

    done = subprocess.run(cmd, env=_env(), capture_output=True, text=True, timeout=300)  # resume
    assert done.returncode == 0, done.stderr[-2000:]
    recomputed = [int(n) for n in side.read_text().split()]
    assert not {canonical_hash({"n": n}) for n in recomputed} & finished  # no finished item computed again
    assert sorted(recomputed) == sorted(n for n in range(ITEMS) if canonical_hash({"n": n}) not in finished)
    assert len(calls_before) >= len(finished)

    with Store(store) as s:  # exactly the records of an uninterrupted run (the task is deterministic)
        assert {k: s.get(k) for k in s.keys()} == {
            canonical_hash({"n": n}): {"instance": {"n": n}, "outcome": "holds", "value": n * n} for n in range(ITEMS)}


@pytest.mark.parametrize("sig, workers", [(signal.SIGKILL, "1"), pytest.param(signal.SIGINT, "2", marks=pytest.mark.slow)],
                         ids=["kill-9", "ctrl-c"])
def test_interrupted_sweep_then_resume_prints_the_same(tmp_path, sig, workers):
    reference = (Path(__file__).parent / "data" / "sweep_n8_certify.json").read_text()
    store = tmp_path / "sweep.sqlite"
    cmd = [sys.executable, "-m", "exactnet", "sweep", "--N", "8", "--M", "2", "--windows", "2", "--widths", "2",
           "--certify", "--geometry", "mirror", "--json", "--store", str(store), "--workers", workers]
    _kill_when(cmd, store, at_least=8, sig=sig)
    n = _stored_count(store)
    assert 8 <= n < 127
    done = subprocess.run([*cmd, "--resume"], env=_env(), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout == reference
    assert _stored_count(store) == 127
