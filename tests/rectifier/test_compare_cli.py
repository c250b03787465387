"""compare_pooling and ``exactnet compare``."""

from __future__ import annotations

import json

import pytest

from exactnet.certificates import load_certificate
from exactnet.cli import main
from exactnet.errors import InvalidArgumentError
from exactnet.theorems.rectifier import compare_pooling


def test_compare_function_figures_are_certified():
    cmp = compare_pooling(4, 3)
    rows = {r["pooling"]: r for r in cmp.rows}
    assert rows["product"]["rank"] == 9 and rows["product"]["shallow_width_forced"] == 9
    assert rows["max"]["rank"] == 9 and rows["max"]["rank_status"] == "construction"
    assert rows["max"]["shallow_width_forced"] == 2
    assert rows["average"]["universal"] is False and rows["product"]["universal"] and rows["max"]["universal"]
    assert all(c.is_valid() for c in cmp.certificates())
    assert "relu-sum" in cmp.table()


def test_compare_cli_text(capsys):
    assert main(["compare", "--M", "2", "--N", "4"]) == 0
    out = capsys.readouterr().out
    assert "product" in out and "relu-max" in out and "not realizable" in out and "verified:" in out


def test_compare_cli_json_and_out(capsys, tmp_path):
    assert main(["compare", "--M", "2", "--N", "4", "--widths", "2,2", "--windows", "2", "--json",
                 "--out", str(tmp_path)]) == 0
    obj = json.loads(capsys.readouterr().out)
    assert obj["ok"] and obj["widths"] == [2, 2] and [r["pooling"] for r in obj["rows"]] == ["product", "max", "average"]
    assert obj["certificates_checked"] == 9 + 2 * 16  # + every unit target for product and max
    for path in obj["written"]:
        load_certificate(path).check()


@pytest.mark.parametrize("argv, match", [
    (["compare", "--M", "2", "--N", "4", "--widths", "2"], "one width per level"),
    (["compare", "--M", "2", "--N", "4", "--widths", "x"], "comma-separated integers"),
    (["compare", "--M", "2", "--N", "2"], "height >= 2"),
    (["compare", "--M", "0", "--N", "4"], "M"),
])
def test_compare_cli_errors(argv, match, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert match in err and err.count("\n") == 1


def test_compare_cli_json_error(capsys):
    assert main(["compare", "--M", "2", "--N", "4", "--widths", "2", "--json"]) == 2
    assert json.loads(capsys.readouterr().out)["ok"] is False


def test_compare_bad_arguments():
    with pytest.raises(InvalidArgumentError, match="even"):
        compare_pooling(5, 2, tree=[[0, 1, 2], [3, 4]])


def test_max_construction_over_wider_upper_windows():
    cmp = compare_pooling(8, 2, window=(2, 4))
    row = next(r for r in cmp.rows if r["pooling"] == "max")
    assert row["rank"] == 16 and row["rank_status"] == "construction" and row["shallow_width_forced"] == 4
    assert row["certificates"]["rank"].check().proposition.value == 16
