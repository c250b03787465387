"""benchmarks/bench_search.py runs (quick mode) and prints every rate and ratio it promises."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_bench_search_quick():
    pytest.importorskip("distributed")
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_search.py"), "--quick"], env=env,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = proc.stdout
    for label in ("serial (workers=1)", "process pool, 2 workers", "process pool, 1 worker",
                  "Dask LocalCluster, 2 workers", "Dask LocalCluster, 1 worker", "with a store",
                  "one committed put"):
        assert label in out, label
    assert out.count("vs serial") == 9 and "8 instances" in out
