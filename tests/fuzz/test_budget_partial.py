"""Deep ``--tree`` arguments and ``--budget`` answers: partial results with a status, never a bare refusal."""

from __future__ import annotations

import json

import pytest

from exactnet.cli import main
from exactnet._cli_geometry import _explicit_tree
from exactnet.theorems.bounds import structural_bounds


def _caterpillar_text(n: int) -> str:
    s = "0"
    for k in range(1, n):
        s = f"[{s},{k}]"
    return s


def test_a_3000_deep_tree_argument_is_read_as_text_and_as_a_file(tmp_path):
    text = _caterpillar_text(3000)
    f = tmp_path / "cat.json"
    f.write_text(text)
    for arg in (text, str(f)):
        tree = _explicit_tree(arg, 3000)
        assert tree.num_modes == 3000 and tree.height == 2999


def test_span_recursion_runs_on_a_deep_caterpillar():
    tree = _explicit_tree(_caterpillar_text(3000), 3000)
    rows = tuple(range(0, 3000, 2))
    bounds = structural_bounds(tree, 2, (2,) * tree.height, rows)
    assert all(isinstance(v, int) and v >= 1 for v in bounds.values())


def test_a_tree_argument_that_is_not_json_is_refused(capsys):
    assert main(["structured", "--N", "4", "--M", "2", "--widths", "2", "--tree", "[[0,1],"]) == 2
    assert "Argument '--tree'" in capsys.readouterr().err


# ------------------------------------------------------------------ --budget: the certified part done so far
def _json_run(capsys, argv):
    code = main(argv + ["--json"])
    out = capsys.readouterr().out
    return code, json.loads(out)


def test_compare_budget_gives_the_finished_poolings(capsys):
    code, out = _json_run(capsys, ["compare", "--N", "16", "--M", "2", "--budget", "1"])
    assert code == 0 and out["ok"] and out["status"] == "partial" and "budget" in out["stopped"]
    assert len(out["rows"]) < 3 and out["table_certificate"] is None
    # every certificate behind a reported row was re-checked (a rejected one is exit 1)
    expected = sum(1 for r in out["rows"] for c in r["certificates"].values() if c is not None)
    assert out["certificates_checked"] >= expected


def test_sweep_budget_gives_the_rows_done_each_verified(capsys):
    code, out = _json_run(capsys, ["sweep", "--N", "16", "--M", "2", "--windows", "2", "--widths", "2",
                                   "--geometry", "contiguous", "--certify", "--budget", "2"])
    assert code == 0 and out["status"] == "partial" and "budget" in out["stopped"]
    rows = out["geometries"]["contiguous"]["rows"]
    assert 0 < len(rows) < out["partitions"]
    assert all(r["verified"] for r in rows)


def test_structured_budget_gives_a_certified_bracket(capsys):
    code, out = _json_run(capsys, ["structured", "--N", "256", "--M", "4", "--widths", "4", "--partition",
                                   "odd-even", "--budget", "0.5"])
    assert code == 0 and out["status"] == "partial" and "budget" in out["stopped"]
    # each bound is built after the budget ran out under 5 s of its own: reported only when re-checked valid
    assert out["upper_verdict"] in ("valid", None) and out["lower_verdict"] in ("valid", None)
    assert (out["upper"] is None) == (out["upper_verdict"] is None)
    if out["lower"] is not None and out["upper"] is not None:
        assert out["lower"] <= out["upper"]
        assert out["rank"] == (out["lower"] if out["lower"] == out["upper"] else None)


def test_tt_budget_gives_the_certified_cut_bound(capsys):
    code, out = _json_run(capsys, ["tt", "--d", "1500", "--n", "2", "--ranks", "2", "--partition", "low-high",
                                   "--budget", "0.3"])
    assert code == 0 and out["status"] == "partial" and "budget" in out["stopped"]
    assert out["upper"] == 2 and out["verdict"] in ("valid", None) and out["rank"] is None


def test_without_a_budget_the_status_is_complete(capsys):
    code, out = _json_run(capsys, ["compare", "--N", "4", "--M", "2"])
    assert code == 0 and out["status"] == "complete" and len(out["rows"]) == 3
    code, out = _json_run(capsys, ["sweep", "--N", "4", "--M", "2", "--widths", "2"])
    assert code == 0 and out.get("status", "complete") == "complete" and "stopped" not in out


# ------------------------------------------------------- no --budget: a default budget well within a minute
@pytest.fixture
def small_default(monkeypatch):
    import exactnet.cli as cli

    assert cli.DEFAULT_BUDGET <= 45  # with the bounds of a partial answer (5 s each), within 60 s
    monkeypatch.setattr(cli, "DEFAULT_BUDGET", 0.5)


@pytest.mark.parametrize("argv", [
    ["overlap", "--N", "1024", "--M", "2"],
    ["structured", "--N", "256", "--M", "4", "--widths", "4", "--partition", "odd-even"],
    ["sweep", "--N", "64", "--M", "2", "--widths", "2"],
    ["tt", "--d", "1500", "--n", "2", "--ranks", "2", "--partition", "low-high"],
    ["compare", "--N", "16", "--M", "2"],
], ids=lambda a: a[0])
def test_search_like_commands_stop_at_the_default_budget(capsys, small_default, argv):
    code, out = _json_run(capsys, argv)
    assert code == 0 and out["status"] == "partial"
    assert "stopped at the default budget" in out["stopped"] and "--budget 10m" in out["stopped"]


def test_draw_rank_vs_n_refuses_at_the_default_budget(capsys, small_default, tmp_path):
    code = main(["draw", "rank-vs-n", "--certify", "--N-max", "512", "--out", str(tmp_path / "g.png")])
    err = capsys.readouterr().err
    assert code == 2 and "stopped at the default budget" in err and "--budget 10m" in err
    assert not (tmp_path / "g.png").exists()


def test_the_default_budget_is_named_in_help(capsys):
    assert main(["sweep", "--help"]) == 0
    assert "default 45 s" in " ".join(capsys.readouterr().out.split())


def test_structured_network_file_budget_gives_the_architecture_upper_bound(capsys, monkeypatch, tmp_path):
    import exactnet.theorems.structured as structured
    from exactnet.errors import BudgetExceededError
    from exactnet.networks import DeepConvAC
    from exactnet.networks.io import save_json
    from exactnet.tensors import PoolingTree

    net = DeepConvAC.random(PoolingTree.from_windows(8, 2), 2, (2, 2, 2), seed=0)
    f = save_json(net, tmp_path / "net.json")

    def out_of_time(*args, **kwargs):
        raise BudgetExceededError("time budget of 1 s exceeded", 1.0)

    monkeypatch.setattr(structured, "structured_rank", out_of_time)
    code, out = _json_run(capsys, ["structured", str(f), "--partition", "odd-even"])
    assert code == 0 and out["status"] == "partial" and out["rank"] is None
    assert out["upper_verdict"] == "valid" and out["upper"] == 16
    assert out["lower"] is None  # the architecture's lower bound says nothing about one network
