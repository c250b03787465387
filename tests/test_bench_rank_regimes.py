"""benchmarks/bench_rank_regimes.py keeps running: its quick mode on tiny matrices, its certificate corruptions
(each rejected by the kernel, and the benchmark stops when one is accepted), its memory subprocess and its
README update between markers.  No timing is asserted (speed is what the benchmark prints)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import numpy as np
import pytest

import exactnet
from exactnet.checker import check_certificate

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "benchmarks" / "bench_rank_regimes.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_rank_regimes", SCRIPT)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up there
    spec.loader.exec_module(mod)
    return mod


def test_quick_run_covers_every_regime_and_rewrites_the_table(bench, tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(f"# title\n\nbefore\n{bench.BEGIN}\nold table\n{bench.END}\nafter\n", encoding="utf-8")
    out = tmp_path / "results.json"
    assert bench.main(["--quick", "--sizes", "16", "--no-memory", "--reps", "1", "--json", str(out),
                       "--update-readme", "--readme", str(readme)]) == 0
    results = json.loads(out.read_text(encoding="utf-8"))["results"]
    assert {r["regime"] for r in results} == {"convac", "random", "rational", "bits"}
    assert {r["rank"] for r in results if r["regime"] == "random"} == {1, 8, 15, 16}
    assert {r["bits"] for r in results if r["regime"] == "bits"} >= {64, 170, 512}
    for r in results:
        assert r["prove"] > 0 and r["check"] > 0 and r["lu"] > 0 and r["fmpz"] >= 0
        assert len(r["rejected"]) == 2, r  # a rank one too high, and a factor entry or two equal rows
        assert set(r["ratios"]) == {"prove/ZZ", "prove/LU", "check/prove", "mem"}
    text = readme.read_text(encoding="utf-8")
    assert "old table" not in text and text.startswith("# title\n\nbefore\n") and text.endswith("after\n")
    table = text.split(bench.BEGIN)[1].split(bench.END)[0]
    assert table.count("\n| ") == len(results) + 2 and "prove/LU" in table and "Goals in this run" in table
    assert "stopped" not in table
    # the table again from the saved results (how a stopped run is reported), marked as partial
    saved = json.loads(out.read_text(encoding="utf-8"))
    del saved["header"]["complete"]
    saved["results"] = saved["results"][:3]
    out.write_text(json.dumps(saved), encoding="utf-8")
    assert bench.main(["--from-json", str(out), "--update-readme", "--readme", str(readme)]) == 0
    table = readme.read_text(encoding="utf-8").split(bench.BEGIN)[1].split(bench.END)[0]
    assert table.count("\n| ") == 3 + 2 and "stopped after the 3 matrices" in table


def test_readme_has_one_generated_table(bench):
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert text.count(bench.BEGIN) == 1 and text.count(bench.END) == 1
    assert text.index(bench.BEGIN) < text.index(bench.END)


@pytest.mark.parametrize("A", [[[1, 2, 3], [2, 4, 6], [1, 0, 1]], [[2, 1], [1, 3]], [[1, "1/2"], [3, "3/2"], [0, 0]]])
def test_every_corruption_is_rejected(bench, A):
    obj = exactnet.rank(A).certificate.to_json()
    check_certificate(obj)  # the original is valid
    names = bench.assert_rejected(check_certificate, obj)
    assert len(names) == 2


def test_an_accepting_checker_stops_the_benchmark(bench):
    obj = exactnet.rank([[1, 2], [2, 4]]).certificate.to_json()
    with pytest.raises(AssertionError, match="accepted a corrupted certificate"):
        bench.assert_rejected(lambda cert: None, obj)


def test_decimal_factor_corruption(bench):
    mat = {"shape": [1, 3], "denominator": "1", "encoding": "decimal", "data": "5,-7,9"}
    bench._bump_first_entry(mat)
    assert mat["data"] == "6,-7,9"
    mat = {"shape": [2, 2], "denominator": "1", "encoding": "decimal", "data": "1,2,3,4"}
    bench._copy_row0_to_row1(mat)
    assert mat["data"] == "1,2,1,2"


def test_generators_have_the_stated_ranks(bench):
    import flint

    A = bench.random_rank(12, 5, seed=1)
    assert flint.fmpz_mat(A.tolist()).rank() == 5
    B = bench.big_rank(10, False, 170, seed=3)
    assert flint.fmpz_mat(B.tolist()).rank() == 9 and 160 <= max(abs(x) for x in B.flat).bit_length() <= 180
    num, den = bench.rational(10, 4, seed=2)
    res = exactnet.rank(exactnet.QArray.from_integers(num, den))
    assert res.rank == 4 and res.check().verdict.startswith("valid")


def test_memory_subprocess(bench, tmp_path):
    A = bench.random_rank(40, 40, seed=0)
    path = tmp_path / "m.npz"
    bench._save(A, 3, path)
    extra = bench.measure_memory(path)
    assert extra is None or extra >= 0
    num, den = bench._load(str(path))
    assert np.array_equal(num, A) and den == 3


def test_flint_subprocess_and_its_timeout(bench, tmp_path):
    path = tmp_path / "f.npz"
    bench._save(bench.random_rank(30, 7, seed=0), 1, path)
    out = bench.flint_ranks(path, 1, timeout=60)
    assert out["fmpz_rank"] == 7 and out["nmod_rank"] == 7 and out["fmpz"] >= 0
    bench._save(bench.random_rank(600, 16, seed=0), 1, path)  # fmpz_mat.rank takes well over 0.1 s here
    out = bench.flint_ranks(path, 1, timeout=0)
    assert out["nmod_rank"] == 16 and out["fmpz_timeout"] == 0 and "fmpz" not in out
