"""The exactnet command line, driven through main([...])."""

from __future__ import annotations

import json

import pytest

from exactnet.cli import main
from exactnet.networks import DeepConvAC, ShallowConvAC, bentkamp_witness, save_json, tensor_to_dict
from exactnet.tensors import PoolingTree
from exactnet.theorems import depth_efficiency_certificate


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_list(capsys):
    code, out, _ = run(capsys, "list")
    assert code == 0 and "csh2016-thm1" in out and "N8_M2_r2-1-1_shared" in out
    code, out, _ = run(capsys, "list", "--json")
    data = json.loads(out)
    assert code == 0 and {c["id"] for c in data} >= {"csh2016-thm1", "csh2016-depth-lc"}
    code, out2, _ = run(capsys, "verify", "--list", "--json")
    assert json.loads(out2) == data


def test_verify_json_subset_and_out(capsys, tmp_path):
    code, out, _ = run(capsys, "verify", "--only", "csh2016-thm1", "csh2016-size", "--json", "--out", str(tmp_path))
    data = json.loads(out)
    assert code == 0
    assert data["summary"] == {"instances": 9, "confirmed": 9, "refutes_theory": 0, "failed": 0}
    first = data["results"][0]
    assert first["check"] == "csh2016-thm1" and first["verdict"] == "confirmed" and first["value"] == 4
    files = sorted(p.name for p in tmp_path.iterdir())
    assert len(files) == 9 and "csh2016-thm1__N4_M2_r2-1_unshared.json" in files
    code, out, _ = run(capsys, "check", str(tmp_path / "csh2016-size__N8_M2_r2.json"))
    assert code == 0 and out.startswith("VALID")


def test_verify_table_reports_refutations(capsys):
    code, out, _ = run(capsys, "verify", "--only", "csh2016-depth-lc")
    assert code == 0  # a valid certificate that refutes theory.md is not a failure
    assert "refutes-theory" in out and "REFUTES THEORY: csh2016-depth-lc N8_M2_Lc3_r2-4-4" in out
    assert "6 instances: 4 confirmed, 2 refute theory.md, 0 failed" in out


def test_verify_unknown_id(capsys):
    code, _, err = run(capsys, "verify", "--only", "nope")
    assert code == 2 and err.strip().startswith("exactnet: error: Unknown check id 'nope'") and "\n" not in err.strip()


def test_verify_exit_1_on_failure(capsys, monkeypatch):
    from exactnet.theorems import registry
    from exactnet.errors import DomainError

    check = registry.get_check("csh2016-shared-shallow")

    def broken(params):
        raise DomainError("simulated prover failure")

    monkeypatch.setitem(registry.CHECKS, check.id, registry.Check(check.id, check.title, check.claim, check.source,
                                                                  check.instances, broken, check.value))
    code, out, _ = run(capsys, "verify", "--only", check.id)
    assert code == 1 and "FAILED: csh2016-shared-shallow N2_M2: could not certify: simulated prover failure" in out


def test_check_valid_invalid_malformed(capsys, tmp_path):
    cert = depth_efficiency_certificate(2, 4, (2, 1))
    good = cert.save(tmp_path / "good.json.gz")
    code, out, _ = run(capsys, "check", str(good), "--json")
    data = json.loads(out)
    assert code == 0 and data["valid"] and data["facts"]["generic_rank"] == 4
    d = cert.to_dict()
    d["conclusion"]["generic_rank"] = 5
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(d))
    code, out, _ = run(capsys, "check", str(bad))
    assert code == 1 and out.startswith("INVALID") and "conclusion.generic_rank" in out
    code, out, _ = run(capsys, "check", str(bad), "--json")
    assert code == 1 and json.loads(out)["field"] == "conclusion.generic_rank"
    junk = tmp_path / "junk.json"
    junk.write_text("[1, 2")
    code, out, err = run(capsys, "check", str(junk))
    assert code == 2 and out == "" and "malformed JSON" in err and err.count("\n") == 1
    other = tmp_path / "net.json"
    save_json(bentkamp_witness(2, 2, (2,)).to_dict(), other)
    code, _, err = run(capsys, "check", str(other))
    assert code == 2 and "not an exactnet certificate" in err
    code, _, err = run(capsys, "check", str(tmp_path / "missing.json"))
    assert code == 2 and "cannot read the file" in err


def test_rank_on_a_network(capsys, tmp_path):
    net = DeepConvAC.random(PoolingTree.binary(4), 3, (3, 5), seed=1, low=-9, high=9)
    path = tmp_path / "net.json"
    save_json(net.to_dict(), path)
    code, out, _ = run(capsys, "rank", str(path), "--partition", "odd-even", "--json", "--out", str(tmp_path / "c.json"))
    data = json.loads(out)
    assert code == 0 and data["rank"] == 9 and data["rows"] == [0, 2] and data["shape"] == [9, 9]
    assert data["certificate_kind"] == "network-matrix-rank"
    code, out, _ = run(capsys, "check", str(tmp_path / "c.json"))
    assert code == 0 and "= 9 over Q for this network's grid tensor" in out
    code, out, _ = run(capsys, "rank", str(path), "--rows", "0,1", "--coefficient")
    assert code == 0 and out.startswith("rank [A]_{I,J} = 3 over Q")
    code, out, _ = run(capsys, "rank", str(path), "--rows", "0", "--cols", "1,2,3", "--json")
    assert json.loads(out)["rank"] == 3


def test_rank_on_a_tensor_and_a_shallow_net(capsys, tmp_path):
    from exactnet.core.qarray import QArray

    t = tmp_path / "t.json"
    save_json(tensor_to_dict(QArray.from_nested([[1, 0], [0, "1/2"]])), t)
    code, out, _ = run(capsys, "rank", str(t), "--rows", "0", "--json", "--out", str(tmp_path / "m.json"))
    assert code == 0 and json.loads(out)["rank"] == 2 and json.loads(out)["certificate_kind"] == "matrix-rank"
    code, out, _ = run(capsys, "check", str(tmp_path / "m.json"))
    assert code == 0 and "rank A = 2 over Q" in out
    code, _, err = run(capsys, "rank", str(t), "--rows", "0", "--output", "0")
    assert code == 2 and "apply to network files" in err
    s = tmp_path / "s.json"
    save_json(ShallowConvAC.random(4, 3, 2, Y=2, seed=3).to_dict(), s)
    code, out, _ = run(capsys, "rank", str(s), "--partition", "low-high", "--output", "1", "--json")
    assert code == 0 and json.loads(out)["rank"] <= 2 and json.loads(out)["output"] == 1


def test_rank_errors(capsys, tmp_path):
    path = tmp_path / "net.json"
    save_json(bentkamp_witness(4, 2, (2, 1)).to_dict(), path)
    code, _, err = run(capsys, "rank", str(path), "--partition", "diagonal")
    assert code == 2 and "Argument 'partition' must be one of 'odd-even'" in err and err.count("\n") == 1
    code, _, err = run(capsys, "rank", str(path), "--rows", "0,7")
    assert code == 2 and "0-based" in err
    code, _, err = run(capsys, "rank", str(path), "--rows", "a,b")
    assert code == 2 and "comma-separated 0-based mode indices" in err
    code, _, err = run(capsys, "rank", str(path))
    assert code == 2 and "give --partition NAME or --rows I" in err
    code, _, err = run(capsys, "rank", str(path), "--cols", "1")
    assert code == 2 and "--cols needs --rows" in err
    code, _, err = run(capsys, "rank", str(path), "--partition", "odd-even", "--output", "3")
    assert code == 2 and "--output must be between 0 and 0" in err
    code, _, err = run(capsys, "rank", str(path), "--partition", "blocks:x")
    assert code == 2 and "blocks:K needs an integer K" in err
    code, out, _ = run(capsys, "rank", str(path), "--partition", "blocks:2", "--json")
    assert code == 0 and json.loads(out)["rows"] == [0, 1]


def test_usage_errors_are_one_line(capsys):
    code, _, err = run(capsys, "frobnicate")
    assert code == 2 and err.count("\n") == 1 and "invalid choice" in err
    code, _, err = run(capsys)
    assert code == 2
    code, out, _ = run(capsys, "--version")
    assert code == 0 and out.startswith("exactnet ")


def test_python_dash_m(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    res = subprocess.run([sys.executable, "-m", "exactnet", "verify", "--only", "csh2016-shared-shallow", "--json"],
                         cwd=root, capture_output=True, text=True, timeout=60,
                         env={**__import__("os").environ, "PYTHONPATH": str(root)})
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["summary"]["confirmed"] == 1


def test_unexpected_errors_are_one_line(capsys, monkeypatch):
    import exactnet.cli as cli

    def broken(args):
        raise RuntimeError("boom")

    monkeypatch.setitem(cli._COMMANDS, "list", broken)
    monkeypatch.delenv("EXACTNET_DEBUG", raising=False)
    code, _, err = run(capsys, "list")
    assert code == 2 and err.count("\n") == 1 and "internal error (RuntimeError: boom)" in err
    monkeypatch.setenv("EXACTNET_DEBUG", "1")
    with pytest.raises(RuntimeError, match="boom"):
        main(["list"])
