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
    assert data["summary"] == {"instances": 9, "confirmed": 9, "contradicts_published": 0,
                               "sharper_than_published": 0, "failed": 0}
    first = data["results"][0]
    assert first["check"] == "csh2016-thm1" and first["verdict"] == "confirmed" and first["value"] == 4
    files = sorted(p.name for p in tmp_path.iterdir())
    assert len(files) == 9 and "csh2016-thm1__N4_M2_r2-1_unshared.json" in files
    code, out, _ = run(capsys, "check", str(tmp_path / "csh2016-size__N8_M2_r2.json"))
    assert code == 0 and out.startswith("VALID")


def test_verify_report_names_findings(capsys):
    code, out, _ = run(capsys, "verify", "--only", "csh2016-depth-lc", "montufar2014-maxout")
    assert code == 0  # a finding is a result, not a failure
    assert "sharper-than-published: N8_M2_Lc3_r2-4-4:" in out and "Cohen, Sharir & Shashua 2016" in out
    assert "contradicts-published: k3_L2_theorem8-as-quoted:" in out and "Theorem 8 as commonly" in out
    assert "12 instances in 2 claims: 9 confirmed, 1 contradicts-published, 2 sharper, 0 failed" in out
    assert all(len(line) < 100 for line in out.splitlines())
    assert "Montufar, Pascanu, Cho & Bengio 2014\n" in out  # grouped by publication


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
    assert code == 1 and "failed: N2_M2: could not certify: simulated prover failure" in out


def test_check_valid_invalid_malformed(capsys, tmp_path):
    cert = depth_efficiency_certificate(4, 2, (2, 1))
    good = cert.save(tmp_path / "good.json.gz")
    code, out, _ = run(capsys, "check", str(good), "--json")
    data = json.loads(out)
    assert code == 0 and data["valid"] and data["facts"]["value"] == 4
    d = cert.to_dict()
    d["proposition"]["value"] = 5
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(d))
    code, out, _ = run(capsys, "check", str(bad))
    assert code == 1 and out.startswith("INVALID") and "proposition.value" in out
    code, out, _ = run(capsys, "check", str(bad), "--json")
    assert code == 1 and json.loads(out)["field"] == "proposition.value"
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
    assert data["certificate_kind"] == "matricization_rank" and data["tied_to_network"] is True
    code, out, _ = run(capsys, "check", str(tmp_path / "c.json"))
    assert code == 0 and "of the grid tensor of circuit sha256:" in out and "= 9 over Q" in out
    code, out, _ = run(capsys, "rank", str(path), "--rows", "0,1", "--coefficient")
    assert code == 0 and out.startswith("rank [A]_{I,J} = 3 over Q")
    code, out, _ = run(capsys, "rank", str(path), "--rows", "0", "--cols", "1,2,3", "--json")
    assert json.loads(out)["rank"] == 3


def test_rank_on_a_tensor_and_a_shallow_net(capsys, tmp_path):
    from exactnet.core.qarray import QArray

    t = tmp_path / "t.json"
    save_json(tensor_to_dict(QArray.from_nested([[1, 0], [0, "1/2"]])), t)
    code, out, _ = run(capsys, "rank", str(t), "--rows", "0", "--json", "--out", str(tmp_path / "m.json"))
    assert code == 0 and json.loads(out)["rank"] == 2 and json.loads(out)["certificate_kind"] == "rank"
    code, out, _ = run(capsys, "check", str(tmp_path / "m.json"))
    assert code == 0 and "rank of the 2 x 2 matrix sha256:" in out and "= 2 over Q" in out
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
    assert code == 2 and "Argument '--partition' must be one of 'odd-even', 'even-odd'" in err and err.count("\n") == 1
    assert "blocks:K" in err and "'diagonal'" in err
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


# ------------------------------------------------------------------ audit fixes (formats/CLI audit)
def _net_file(tmp_path, name="net.json"):
    path = tmp_path / name
    save_json(DeepConvAC.random(PoolingTree.binary(4), 3, (3, 5), seed=1, low=-9, high=9).to_dict(), path)
    return path


def test_no_command_is_a_one_line_error(capsys):
    code, out, err = run(capsys)
    assert code == 2 and out == "" and err.count("\n") == 1
    assert err.startswith("exactnet: error: a command is required: verify, check, rank, list")


def test_help_has_examples_and_subcommand_descriptions(capsys):
    code, out, _ = run(capsys, "--help")
    assert code == 0 and "examples:" in out and "exactnet rank net.json --partition odd-even" in out
    assert "Modes are 0-based" in out and "docs/formats.md" in out
    code, out, _ = run(capsys, "rank", "--help")
    assert code == 0 and "EXACTNET_MAX_DENSE_BYTES" in out and "matricization_rank certificate tied to" in out


@pytest.mark.parametrize("argv, exit_code, needle", [
    (["check", "{missing}", "--json"], 2, "cannot read the file"),
    (["rank", "{missing}", "--partition", "odd-even", "--json"], 2, "cannot read the file"),
    (["verify", "--only", "nope", "--json"], 2, "Unknown check id 'nope'"),
    (["rank", "{net}", "--partition", "odd", "--json"], 2, "Argument '--partition' must be one of"),
    (["list", "--json", "extra"], 2, "unrecognized arguments: extra"),
])
def test_errors_with_json_also_print_json_on_stdout(capsys, tmp_path, argv, exit_code, needle):
    net = _net_file(tmp_path)
    argv = [a.format(missing=tmp_path / "missing.json", net=net) for a in argv]
    code, out, err = run(capsys, *argv)
    assert code == exit_code and err.count("\n") == 1 and needle in err
    data = json.loads(out)
    assert data["ok"] is False and data["exit_code"] == exit_code and needle in data["error"]
    assert "\n" not in data["error"]


def test_certificate_rejected_is_exit_1_with_json(capsys, tmp_path, monkeypatch):
    from exactnet.errors import CertificateError
    import exactnet.kernel as checker

    def reject(obj):
        raise CertificateError("simulated rejection", "rank")

    monkeypatch.setattr(checker, "check_certificate", reject)
    t = tmp_path / "t.json"
    save_json(tensor_to_dict(__import__("exactnet").QArray.from_nested([[1, 0], [0, 1]])), t)
    code, out, err = run(capsys, "rank", str(t), "--rows", "0", "--json")
    assert code == 1 and err.startswith("exactnet: certificate rejected by the independent checker: simulated")
    assert json.loads(out) == {"ok": False, "exit_code": 1, "error": "simulated rejection (field 'rank')"}


def test_float_in_a_file_names_the_json_path(capsys, tmp_path):
    d = json.loads(_net_file(tmp_path).read_text())
    d["leaf_weights"][1][2][0] = 0.5
    bad = tmp_path / "float.json"
    bad.write_text(json.dumps(d))
    code, out, err = run(capsys, "rank", str(bad), "--partition", "odd-even")
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "float.json: leaf_weights[1][2][0]: the JSON number 0.5 is a float" in err
    bad.write_text(json.dumps(d).replace('"-1"', "NaN", 1))
    code, _, err = run(capsys, "rank", str(bad), "--partition", "odd-even")
    assert code == 2 and "leaf_weights[0][0][0]: the JSON number NaN is a float" in err
    cert = tmp_path / "c.json"
    cert.write_text('{"format": "exactnet.certificate", "schema_version": 1, "rank": 2.0}')
    code, _, err = run(capsys, "check", str(cert))
    assert code == 2 and "c.json: rank: the JSON number 2.0 is a float" in err


def test_check_on_non_objects_says_what_it_got(capsys, tmp_path):
    arr = tmp_path / "arr.json"
    arr.write_text("[1, 2]")
    code, _, err = run(capsys, "check", str(arr))
    assert code == 2 and "not an exactnet certificate (a JSON array, expected a JSON object" in err


def test_partition_messages_use_command_line_names(capsys, tmp_path):
    net = _net_file(tmp_path)
    code, _, err = run(capsys, "rank", str(net), "--rows", "0,1", "--cols", "2")
    assert code == 2 and "Arguments '--rows' and '--cols' must together cover every mode 0..3" in err
    code, _, err = run(capsys, "rank", str(net), "--partition", "blocks:3")
    assert code == 2 and "blocks:K needs a block size K >= 1 dividing N = 4 into at least 2 blocks" in err
    t = tmp_path / "t1.json"
    t.write_text('{"format": "exactnet.tensor", "schema_version": 1, "shape": [3], "entries": ["1", "2", "3"]}')
    code, _, err = run(capsys, "rank", str(t), "--rows", "0")
    assert code == 2 and "Argument '--cols' must not be empty" in err and "allow_empty" not in err


def test_rank_of_an_empty_tensor_file(capsys, tmp_path):
    t = tmp_path / "t0.json"
    t.write_text('{"format": "exactnet.tensor", "schema_version": 1, "shape": [0, 2], "entries": []}')
    code, out, err = run(capsys, "rank", str(t), "--rows", "0", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["rank"] == 0 and data["shape"] == [0, 2] and data["certificate_claim"].endswith(" = 0 over Q")


def test_rank_refuses_a_too_large_dense_tensor(capsys, tmp_path):
    from exactnet.tensors.memory import dense_limit

    path = tmp_path / "big.json"
    save_json(bentkamp_witness(16, 4, (4, 4, 4, 4)).to_dict(), path)  # 4^16 entries: ~32 GiB dense
    code, out, err = run(capsys, "rank", str(path), "--partition", "odd-even")
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "Refusing to build a dense" in err and "4^16" in err and "EXACTNET_MAX_DENSE_BYTES" in err
    small = _net_file(tmp_path, "small.json")  # 3^4 entries
    with dense_limit(64):  # a lowered limit refuses even that, naming the way out
        code, out, err = run(capsys, "rank", str(small), "--partition", "odd-even", "--json")
    assert code == 2 and "Refusing to build a dense" in err and json.loads(out)["exit_code"] == 2
    code, _, _ = run(capsys, "rank", str(small), "--partition", "odd-even")
    assert code == 0


def test_json_output_has_no_floats_except_timings(capsys, tmp_path):
    def floats(x, path=""):
        if isinstance(x, float):
            yield path
        elif isinstance(x, dict):
            for k, v in x.items():
                yield from floats(v, f"{path}.{k}")
        elif isinstance(x, list):
            for k, v in enumerate(x):
                yield from floats(v, f"{path}[{k}]")

    code, out, _ = run(capsys, "verify", "--only", "csh2016-size", "bentkamp-witness", "--json")
    assert code == 0
    assert all(p.endswith("seconds") for p in floats(json.loads(out)))
    code, out, _ = run(capsys, "rank", str(_net_file(tmp_path)), "--partition", "odd-even", "--json")
    assert code == 0 and list(floats(json.loads(out))) == []


def test_emit_json_writes_rationals_as_strings(capsys):
    from fractions import Fraction

    import exactnet.cli as cli

    cli._emit_json({"x": Fraction(-3, 4), "t": (1, 2)})
    assert json.loads(capsys.readouterr().out) == {"x": "-3/4", "t": [1, 2]}
    with pytest.raises(ValueError):
        cli._emit_json({"x": float("nan")})


def _run_on_a_tty(argv):
    """Run ``python -m exactnet argv`` with stdin/stdout/stderr on a pseudo-terminal; return its output."""
    pty = pytest.importorskip("pty")
    import fcntl
    import os
    import struct
    import sys
    import termios
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    pid, fd = pty.fork()
    if pid == 0:  # child: a 120-column terminal (tqdm draws nothing on a 0-column one)
        try:
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
            os.environ["PYTHONPATH"] = str(root)
            os.execv(sys.executable, [sys.executable, "-m", "exactnet", *argv])
        finally:
            os._exit(127)
    out = b""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), out.decode("utf-8", "replace")


def test_progress_bar_only_on_a_tty(capsys, tmp_path):
    code, out = _run_on_a_tty(["verify", "--only", "csh2016-thm1", "--json"])
    assert code == 0 and "instance/s]" in out and "/8 [" in out  # tqdm's bar, on the terminal
    net = _net_file(tmp_path)
    code, out = _run_on_a_tty(["rank", str(net), "--partition", "odd-even"])
    assert code == 0 and "[step 2/4," in out and "rank over Q of the 9 x 9 matricization" in out
    # not a terminal (pytest captures): no bar, stderr stays empty
    code, out, err = run(capsys, "verify", "--only", "csh2016-thm1", "--json")
    assert code == 0 and err == "" and json.loads(out)["summary"]["instances"] == 8
    code, out, err = run(capsys, "rank", str(net), "--partition", "odd-even")
    assert code == 0 and err == ""


def test_out_of_memory_is_one_line(capsys, monkeypatch):
    # e.g. a network file with "M": 1000000 makes the loader ask numpy for a 10^6 x 10^6 identity
    import exactnet.cli as cli

    def hungry(args):
        raise MemoryError("Unable to allocate 7.28 TiB for an array with shape (1000000, 1000000)")

    monkeypatch.setitem(cli._COMMANDS, "list", hungry)
    monkeypatch.delenv("EXACTNET_DEBUG", raising=False)
    code, out, err = run(capsys, "list", "--json")
    assert code == 2 and err.count("\n") == 1 and "out of memory (Unable to allocate 7.28 TiB" in err
    assert "internal error" not in err and json.loads(out)["exit_code"] == 2


def test_rank_on_rectifier_and_gc_networks_and_refusal_of_pwl(capsys, tmp_path):
    """Networks of the other kinds: certified rank tied to the network (through its circuit); PWL refused."""
    from exactnet.checker import check_file
    from exactnet.core.linalg import rank
    from exactnet.networks import DeepRectifierNet, GCConvAC, GCLayer, relu_network
    from exactnet.tensors import matricize

    nets = {"rect": DeepRectifierNet.random(PoolingTree.binary(4), 2, (2, 2), "relu-max", seed=1),
            "gc": GCConvAC.random((4,), 2, [GCLayer(2, 1, 2), GCLayer(3, 1, 1)], seed=0)}
    for name, net in nets.items():
        path, cert = tmp_path / f"{name}.json", tmp_path / f"{name}-cert.json"
        save_json(net.to_dict(), path)
        assert main(["rank", str(path), "--partition", "odd-even", "--json", "--out", str(cert)]) == 0
        out = json.loads(capsys.readouterr().out)
        assert out["rank"] == rank(matricize(net.grid_tensor(output=0), "odd-even")).rank
        assert out["tied_to_network"] is True and out["untied_reason"] is None
        assert check_file(cert).facts["value"] == out["rank"]
    pwl = tmp_path / "pwl.json"
    save_json(relu_network([[[1]]], [[0]]).to_dict(), pwl)
    assert main(["rank", str(pwl), "--partition", "odd-even"]) == 2
    assert "piecewise-linear network, which has no grid tensor" in capsys.readouterr().err
