"""benchmarks/bench_rank_regimes.py keeps running: its quick mode on tiny matrices, its certificate corruptions
(each rejected by the kernel, and the benchmark stops when one is accepted), its memory subprocess and its
README update between markers.  No timing is asserted (speed is what the benchmark prints)."""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from fractions import Fraction
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


def _quick(bench, tmp_path, *extra):
    readme = tmp_path / "README.md"
    readme.write_text(f"# title\n\nbefore\n{bench.BEGIN}\nold table\n{bench.END}\nafter\n", encoding="utf-8")
    out = tmp_path / "results.json"
    assert bench.main(["--quick", "--sizes", "16", "--no-memory", "--reps", "1", "--json", str(out),
                       "--update-readme", "--readme", str(readme), *extra]) == 0
    return readme, out, json.loads(out.read_text(encoding="utf-8"))["results"]


def test_quick_run_covers_every_regime_and_rewrites_the_table(bench, tmp_path):
    readme, out, results = _quick(bench, tmp_path)
    assert {r["regime"] for r in results} == {"convac", "random", "rational", "bits"}
    assert {r["rank"] for r in results if r["regime"] == "random"} == {1, 8, 15, 16}
    assert {r["rank"] for r in results if r["regime"] == "rational"} == {4, 15, 16}
    assert all(r["den_bits"] > 100 for r in results if r["regime"] == "rational")  # lcm(1..100) and more
    sizes = {(r["target_bits"], r["rank"]) for r in results if r["regime"] == "bits"}
    assert sizes == {(b, k) for b in (8, 40, 64, 170, 512) for k in (4, 15, 16)}
    for r in results:
        if r["regime"] == "bits":
            assert abs(r["bits"] - r["target_bits"]) <= 4, r  # entries of about the size asked for
        assert r["prove"] > 0 and r["check"] > 0 and r["lu"] > 0 and r["fmpz"] >= 0
        assert len(r["rejected"]) == 2, r  # a rank one too high, and a factor entry or two equal rows
        assert set(r["ratios"]) == {"prove/ZZ", "prove/LU", "check/prove", "mem"}
        assert r["goals"]["prove/ZZ"] is None and r["goals"]["mem"] is None  # no Sage, no memory: not measured
    text = readme.read_text(encoding="utf-8")
    assert "old table" not in text and text.startswith("# title\n\nbefore\n") and text.endswith("after\n")
    table = text.split(bench.BEGIN)[1].split(bench.END)[0]
    sized = [r for r in results if r["regime"] != "bits"]
    assert table.count("\n| ") == (len(sized) + 2) + (3 * 6 + 2)  # the 16 x 16 table and the entry-size table
    assert "**16 x 16**" in table and "**Entry sizes, 16 x 16**" in table and "| 512 bits |" in table
    assert "prove/LU" in table and "Goals in this run" in table and "n/m: ZZ, mem" in table
    assert "not measured (passagemath is not importable" in table and "[bench]" in table
    assert "stopped" not in table
    # the table again from the saved results (how a stopped run is reported), marked as partial
    saved = json.loads(out.read_text(encoding="utf-8"))
    del saved["header"]["complete"]
    saved["results"] = saved["results"][:3]
    out.write_text(json.dumps(saved), encoding="utf-8")
    assert bench.main(["--from-json", str(out), "--update-readme", "--readme", str(readme)]) == 0
    table = readme.read_text(encoding="utf-8").split(bench.BEGIN)[1].split(bench.END)[0]
    assert table.count("\n| ") == 3 + 2 and "stopped after the 3 matrices" in table


class FakeSage:
    """Sage's interface with FLINT's ranks (the Sage code paths of the benchmark, without passagemath)."""

    available, where, reason = True, "a stand-in", ""

    def __init__(self, sage_python=None):
        pass

    def ranks(self, num, path, reps):
        import flint

        r = flint.fmpz_mat([[int(x) for x in row] for row in num]).rank()
        return {"zz_default": 1.0, "zz_default_rank": r, "zz_linbox": 2.0, "zz_linbox_rank": r,
                "gfp": 0.5, "gfp_rank": r}

    def close(self):
        pass


def test_quick_run_with_sage_columns(bench, tmp_path, monkeypatch):
    monkeypatch.setattr(bench, "Sage", FakeSage)
    readme, _, results = _quick(bench, tmp_path, "--regimes", "random", "rational", "bits", "--bits", "8", "512")
    for r in results:
        assert r["sage_zz"] == 1.0 and r["sage_gfp"] == 0.5
        assert r["ratios"]["prove/ZZ"] == r["prove"] and r["goals"]["prove/ZZ"] is True  # prove < 1 s here
    table = readme.read_text(encoding="utf-8").split(bench.BEGIN)[1].split(bench.END)[0]
    assert "Sage: a stand-in." in table and "| Sage ZZ (LinBox) | 1.00 | 1.00 |" in table


@pytest.mark.skipif(not os.environ.get("EXACTNET_SAGE_PYTHON") and importlib.util.find_spec("sage") is None,
                    reason="passagemath (the bench extra) is not installed and EXACTNET_SAGE_PYTHON is not set")
def test_quick_run_with_real_sage(bench, tmp_path):
    extra = ["--sage-python", os.environ["EXACTNET_SAGE_PYTHON"]] if os.environ.get("EXACTNET_SAGE_PYTHON") else []
    _, _, results = _quick(bench, tmp_path, "--regimes", "random", "rational", "--bits", "8", *extra)
    for r in results:  # the exact ranks of Sage agree with exactnet's (the benchmark asserts it) and are timed
        assert r["sage_zz"] > 0 and r["sage_gfp"] > 0 and r["ratios"]["prove/ZZ"] is not None


def test_a_refused_proof_keeps_its_row_with_the_estimate(bench, tmp_path):
    from exactnet.tensors.memory import dense_limit

    args = bench.build_parser().parse_args(["--no-memory", "--reps", "1"])
    case = bench.Case("random", "random", bench.random_rank(40, 20, seed=1), expected=20)
    with dense_limit(1000):
        res = bench.run_case(case, args, FakeSage(), tmp_path, {"threads": 1})
    assert res["refused"].startswith("refused: needs ") and res["refused"].endswith(" GiB")
    assert res["rank"] == 20 and res["prove"] is None and res["nmod"] is not None and res["lu"] > 0
    assert bench.row(res)[3] == res["refused"] and bench.goals_text(res) == "none (no certificate)"
    assert not any(res["goals"].values())
    lines = bench.goal_summary([res])
    assert "refused by the memory estimate or stopped by --prove-timeout: 1" in lines[1]
    assert bench.refusal_estimate("Refusing x: about 9,771,221,032 bytes (9.10 GiB) of working memory") == \
        "refused: needs 9.1 GiB"


def _documented_commands() -> list[str]:
    out = []
    for page in [ROOT / "README.md", ROOT / "docs" / "rank-speed.md"]:
        for line in page.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line.startswith("python benchmarks/bench_rank_regimes.py"):
                out.append(line.split("  #")[0].split(" # ")[0].strip())
    return out


@pytest.mark.parametrize("command", _documented_commands())
def test_documented_commands_parse(bench, command):
    """Every bench_rank_regimes command the README and docs/rank-speed.md show is accepted by its parser."""
    import shlex

    bench.build_parser().parse_args(shlex.split(command)[2:])


def test_docs_page_commands_are_listed():
    assert len([c for c in _documented_commands() if "--" in c]) >= 3


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
    for r, nbits in ((9, 170), (3, 40), (10, 8)):
        B = bench.big_rank(10, r, nbits, seed=3)
        assert flint.fmpz_mat([[int(x) for x in row] for row in B]).rank() == r
        assert nbits - 4 <= max(abs(int(x)) for x in B.flat).bit_length() <= nbits + 4
        assert (B.dtype == object) == (nbits > 62)
    for r in (4, 10):
        num, den = bench.rational(10, r, seed=2)
        res = exactnet.rank(exactnet.QArray.from_integers(num, den))
        assert res.rank == r and res.check().verdict.startswith("valid")
    num, den = bench.rational(10, 10, seed=2)  # entries a / b with b in 1..100: many different denominators
    dens = {Fraction(int(a), den).denominator for a in num.flat}
    assert len(dens) > 20 and max(dens) <= 100


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


def test_a_proof_stopped_by_the_timeout_keeps_its_row(bench, tmp_path, monkeypatch):
    import time

    monkeypatch.setattr(exactnet, "rank", lambda A: time.sleep(30))  # a proof that takes too long
    args = bench.build_parser().parse_args(["--reps", "1", "--prove-timeout", "0.2"])
    case = bench.Case("random", "random", bench.random_rank(30, 15, seed=1), expected=15)
    t0 = time.perf_counter()
    res = bench.run_case(case, args, FakeSage(), tmp_path, {"threads": 1})
    assert time.perf_counter() - t0 < 20
    assert res["refused"] == "stopped after 0.2 s" and res["rank"] == 15 and res.get("mem") is None
    assert bench.goals_text(res) == "none (no certificate)"


def test_random_ranks_can_be_chosen(bench):
    cases = list(bench.build_cases([16], {"random"}, ranks=[8, 16]))
    assert [c.expected for c in cases] == [8, 16]
