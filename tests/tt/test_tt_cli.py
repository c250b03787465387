"""``exactnet tt``: generic ranks, the cut bound, the comparison table, networks from files, bad input."""

from __future__ import annotations

import json

from exactnet.cli import main
from exactnet.networks import TTNetwork, save_json


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_generic_rank_text_and_json(capsys, tmp_path):
    code, out, _ = run(capsys, "tt", "--d", "6", "--n", "3", "--ranks", "2", "--out", str(tmp_path / "c.json"))
    assert code == 0 and "rank [A]_{I,J} = 18 over Q (almost-everywhere)" in out and "valid" in out
    code, out, _ = run(capsys, "check", str(tmp_path / "c.json"))
    assert code == 0
    code, out, _ = run(capsys, "tt", "--d", "6", "--n", "2", "--ranks", "2", "--partition", "split:3", "--json")
    data = json.loads(out)
    assert code == 0 and data["rank"] == 2 and data["certificate_kind"] == "generic_matricization_rank"
    assert data["rows"] == [0, 1, 2] and data["field"] == "Q"


def test_bound_only_for_hundreds_of_modes(capsys):
    code, out, _ = run(capsys, "tt", "--d", "300", "--n", "2", "--ranks", "3", "--bound-only", "--json")
    data = json.loads(out)
    assert code == 0 and data["upper"] == 2 ** 150 and data["status"] == "upper-bound"


def test_compare(capsys):
    code, out, _ = run(capsys, "tt", "--d", "8", "--n", "2", "--ranks", "2", "--compare")
    assert code == 0 and "HT (binary tree): [2, 2, 4, 2, 4, 2, 2]" in out
    code, out, _ = run(capsys, "tt", "--d", "4", "--n", "2", "--ranks", "2", "--compare", "--json")
    data = json.loads(out)
    assert data["tt"]["odd_even"] == 4 and data["ht"]["unfolding"] == [2, 2, 2]


def test_network_file(capsys, tmp_path):
    path = tmp_path / "tt.json"
    save_json(TTNetwork.random(5, 2, 2, seed=1).to_dict(), path)
    code, out, _ = run(capsys, "tt", "--net", str(path), "--partition", "0,1", "--json")
    data = json.loads(out)
    assert code == 0 and data["rank"] == 2 and data["status"] == "exact"


def test_bad_input(capsys):
    code, _, err = run(capsys, "tt", "--d", "4", "--n", "2", "--ranks", "0")
    assert code == 2 and "'ranks' must be an int >= 1" in err
    code, _, err = run(capsys, "tt", "--d", "4", "--n", "2", "--ranks", "2,2")
    assert code == 2 and "d-1=3" in err
    code, _, err = run(capsys, "tt", "--d", "4", "--n", "2")
    assert code == 2 and "required" in err
    code, _, err = run(capsys, "tt", "--d", "4", "--n", "2", "--ranks", "2", "--partition", "split:9")
    assert code == 2 and "split:k" in err
    code, _, err = run(capsys, "tt", "--d", "4", "--n", "x", "--ranks", "2")
    assert code == 2 and "--n" in err
    code, out, _ = run(capsys, "tt", "--d", "4", "--n", "2", "--ranks", "-1", "--json")
    assert code == 2 and "error" in json.loads(out)


def test_rank_command_reads_tt_networks(capsys, tmp_path):
    path = tmp_path / "tt.json"
    save_json(TTNetwork.random(4, 2, 2, seed=2).to_dict(), path)
    code, out, _ = run(capsys, "rank", str(path), "--partition", "odd-even", "--json")
    assert code == 0 and json.loads(out)["rank"] == 4
    code, out, _ = run(capsys, "tt", "--net", str(path), "--partition", "odd-even", "--json")
    assert code == 0 and json.loads(out)["rank"] == 4
