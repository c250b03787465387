"""`exactnet regions` and `exactnet bounds` (called through exactnet.cli.main)."""

from __future__ import annotations

import json

import pytest

from exactnet.checker import check_file
from exactnet.cli import main
from exactnet.networks.io import save_json
from exactnet.regions import constructions as C


@pytest.fixture()
def quad(tmp_path):
    return str(save_json(C.quadrant_folding(3).network, tmp_path / "quad.json"))


@pytest.fixture()
def serra(tmp_path):
    return str(save_json(C.serra_n0_1((3, 3)).network, tmp_path / "serra.json"))


def test_regions_text_2d_with_certificate_and_plot(quad, tmp_path, capsys):
    out, png = tmp_path / "c.json", tmp_path / "r.png"
    assert main(["regions", quad, "--box", "-1,1;-1,1", "--out", str(out), "--plot", str(png)]) == 0
    text = capsys.readouterr().out
    assert "activation regions: 28" in text and "linear regions:     25" in text and "status: exact" in text
    assert "montufar2014-thm4" in text and "serra2018-thm1" in text and "77" in text
    assert check_file(out).facts["value"] == (28, 25)  # version 2: regions(network, domain) = (28, 25)
    assert png.stat().st_size > 0


def test_regions_json_1d(serra, capsys):
    assert main(["regions", serra, "--box", "-1,5", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["activation_regions"] == 16 == d["linear_regions"] and d["status"] == "exact" and d["field"] == "Q"
    assert d["architecture"] == {"unit": "relu", "n0": 1, "widths": [3, 3], "k": None}
    assert {b["name"]: b["value"] for b in d["bounds"]}["serra2018-thm5"] == 16
    assert all(isinstance(v, str) for r in d["regions"] for v in r["point"])  # rationals as strings


def test_regions_budget_reports_a_lower_bound(serra, capsys):
    assert main(["regions", serra, "--box", "-1,5", "--max-regions", "5"]) == 0
    text = capsys.readouterr().out
    assert "activation regions: >= 5" in text and "lower bound" in text and "max_regions=5" in text


def test_regions_polytope(serra, tmp_path, capsys):
    poly = tmp_path / "p.json"
    poly.write_text(json.dumps({"type": "polytope", "A": [["1"], ["-1"]], "b": ["5", "1"]}))
    assert main(["regions", serra, "--polytope", str(poly), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["activation_regions"] == 16


def test_regions_maxout_bounds(tmp_path, capsys):
    f = str(save_json(C.maxout_line_construction(3).network, tmp_path / "m.json"))
    assert main(["regions", f, "--box", "-1,3"]) == 0
    text = capsys.readouterr().out
    assert "activation regions: 7" in text and "rank-3 maxout" in text and "maxout-width1-line" in text


@pytest.mark.parametrize("argv, match", [
    (["--box", "-1,nan"], r"Argument '--box' must be a rational string .* not 'nan'.*NaN and infinities"),
    (["--box", "-1,x"], r"Argument '--box' must be a rational string .* not 'x'"),
    (["--box", "-1,1;0,1"], r"must have 1 'lo,hi' pair\(s\)"),
    (["--box", "-1"], r"must be 'lo,hi' per input coordinate"),
    (["--box", "1,-1"], r"must be > 'lower'"),
    (["--box", "0,1/0"], r"zero denominator"),
    ([], r"'--box' or '--polytope' is required"),
    (["--box", "-1,5", "--max-regions", "0"], r"'--max-regions' must be an integer >= 1"),
    (["--box", "-1,5", "--time-budget", "-1"], r"'--time-budget' must be a positive number"),
])
def test_regions_bad_input(serra, capsys, argv, match):
    assert main(["regions", serra] + argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    import re

    assert re.search(match, err), err


def test_regions_missing_file_and_wrong_kind(tmp_path, capsys):
    assert main(["regions", str(tmp_path / "nope.json"), "--box", "0,1"]) == 2
    assert "No such file or directory" in capsys.readouterr().err
    from exactnet.networks import bentkamp_witness

    f = str(save_json(bentkamp_witness(4, 2, (2, 1)), tmp_path / "convac.json"))
    assert main(["regions", f, "--box", "0,1"]) == 2
    assert "needs a pwl-network file" in capsys.readouterr().err


def test_regions_float_in_network_and_polytope(tmp_path, capsys):
    bad = C.serra_n0_1((3, 3)).network.to_dict()
    bad["layers"][0]["bias"][0] = 0.5
    f = tmp_path / "bad.json"
    f.write_text(json.dumps(bad))
    assert main(["regions", str(f), "--box", "0,1"]) == 2
    assert "layers[0].bias[0]" in capsys.readouterr().err
    good = str(save_json(C.serra_n0_1((3, 3)).network, tmp_path / "g.json"))
    poly = tmp_path / "p.json"
    poly.write_text(json.dumps({"type": "polytope", "A": [[1.0], [-1]], "b": ["5", "1"]}))
    assert main(["regions", good, "--polytope", str(poly)]) == 2
    assert "A[0][0]" in capsys.readouterr().err


def test_regions_json_error(serra, capsys):
    assert main(["regions", serra, "--box", "0,inf", "--json"]) == 2
    assert json.loads(capsys.readouterr().out)["ok"] is False


def test_bounds_table_and_certificate(tmp_path, capsys):
    out = tmp_path / "b.json"
    assert main(["bounds", "--n0", "2", "--widths", "6,6", "--out", str(out)]) == 0
    text = capsys.readouterr().out
    for name, value in (("montufar2014-thm4", 198), ("serra2018-thm6", 352), ("serra2018-thm1", 484)):
        assert name in text and str(value) in text
    report = check_file(out)
    assert report.kind == "conjunction" and report.verdict == "valid"
    stated = {(p.relation, p.value) for p in report.proposition.parsed}
    assert {(">=", 198), (">=", 352), ("<=", 484)} <= stated
    assert all(p.quantity == "max_activation_regions" for p in report.proposition.parsed)


def test_bounds_json_maxout_and_pwl(capsys):
    assert main(["bounds", "--n0", "1", "--widths", "1,1", "--unit", "maxout", "--k", "3", "--json"]) == 0
    d = {b["name"]: b["value"] for b in json.loads(capsys.readouterr().out)["bounds"]}
    assert d == {"serra2018-thm8": 16, "maxout-width1-line": 7}
    assert main(["bounds", "--n0", "2", "--widths", "2", "--unit", "pwl", "--pieces", "3", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["bounds"][0]["value"] == 9


@pytest.mark.parametrize("argv, match", [
    (["--n0", "2", "--widths", "3,x"], r"'--widths' must be comma-separated integers >= 1"),
    (["--n0", "2", "--widths", "3,0"], r"'--widths' must be comma-separated integers >= 1"),
    (["--n0", "0", "--widths", "3"], r"Argument 'n0' must be an integer >= 1, not 0"),
    (["--n0", "1", "--widths", "3", "--k", "2"], r"'--k' is the maxout rank"),
    (["--n0", "1", "--widths", "3", "--unit", "maxout"], r"Argument 'k' must be given"),
    (["--n0", "1", "--widths", "3", "--pieces", "2"], r"'--pieces' is for --unit pwl"),
    (["--n0", "1.5", "--widths", "3"], r"invalid int value"),
])
def test_bounds_bad_input(capsys, argv, match):
    import re

    assert main(["bounds"] + argv) == 2
    assert re.search(match, capsys.readouterr().err)


def test_regions_plot_needs_1d_or_2d(tmp_path, capsys):
    f = str(save_json(C.general_position_layer(3, 2).network, tmp_path / "n3.json"))
    assert main(["regions", f, "--box", "-1,2;-1,2;-1,2", "--plot", str(tmp_path / "x.png")]) == 2
    assert "'--plot' needs a 1-D or 2-D input" in capsys.readouterr().err
    assert main(["regions", f, "--box", "-1,2;-1,2;-1,2", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["method"] == "lp" and d["activation_regions"] == 4


def test_regions_box_with_negative_first_value_parses(serra, capsys):
    assert main(["regions", serra, "--box", "-1/2,9/2", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["domain"] == {"type": "box", "lower": ["-1/2"], "upper": ["9/2"]}


def test_regions_plot_of_3d_is_refused_before_enumerating(tmp_path, capsys, monkeypatch):
    import exactnet.regions as R

    def boom(*a, **k):
        raise AssertionError("enumerated although --plot cannot draw a 3-D domain")

    monkeypatch.setattr(R, "enumerate_regions", boom)
    f = str(save_json(C.general_position_layer(3, 2).network, tmp_path / "n3.json"))
    assert main(["regions", f, "--box", "-1,2;-1,2;-1,2", "--plot", str(tmp_path / "x.png")]) == 2
    assert "'--plot' needs a 1-D or 2-D input, not 3-D" in capsys.readouterr().err


def test_regions_lp_certificate_is_a_version_2_cover(tmp_path, capsys):
    f = str(save_json(C.general_position_layer(3, 2).network, tmp_path / "n3.json"))
    out = tmp_path / "c.json"
    assert main(["regions", f, "--box", "-1,2;-1,2;-1,2", "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert "status: exact (method lp" in text and "(regions = [4, 4], method region-cover, exact," in text
    assert "the certificate proves lower bounds only" not in text
    assert check_file(out).facts["value"] == (4, 4)
    # a budget: the points alone, lower bounds
    assert main(["regions", f, "--box", "-1,2;-1,2;-1,2", "--max-regions", "2", "--out", str(out)]) == 0
    assert "(regions >= [2, 2], method region-points, lower-bound," in capsys.readouterr().out
    assert check_file(out).facts["status"] == "lower-bound"


@pytest.mark.parametrize("A, b, match", [
    ([["1"]], ["5"], r"must describe a bounded polytope: \{A x <= b\} is unbounded in coordinate 0"),
    ([["1"], ["-1"]], ["0", "-1"], r"must describe a non-empty polytope"),
    ([["1"], ["-1"]], ["1", "-1"], r"must describe a full-dimensional polytope"),
    ([["1", "0"], ["-1", "0"], ["0", "1"], ["0", "-1"]], ["1", "1", "1", "1"],
     r"Argument 'domain' must have dimension 1 \(the network's input dimension\), not 2"),
])
def test_regions_bad_polytope_files(serra, tmp_path, capsys, A, b, match):
    import re

    poly = tmp_path / "p.json"
    poly.write_text(json.dumps({"type": "polytope", "A": A, "b": b}))
    assert main(["regions", serra, "--polytope", str(poly)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and re.search(match, err), err
