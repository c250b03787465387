"""Every hostile input of the robustness issue, run under a memory and time limit: answered or refused.

Each case runs in a child process (RLIMIT_AS and a timeout, see fuzz_harness); the assertions are on the
answer: the expected refusal with its estimate and way out, or the correct result.
"""

from __future__ import annotations

import gzip
import json
import os
import zlib
from fractions import Fraction

import pytest

from exactnet.certificates import Certificate, load_certificate
from exactnet.errors import FormatError
from exactnet.networks import DeepConvAC, ShallowConvAC
from exactnet.networks.io import load_network, load_tensor, save_json
from fuzz_harness import assert_clean, assert_refused, run_cli, run_python


def _caterpillar(n: int):
    t = 0
    for k in range(1, n):
        t = [t, k]
    return t


def _write(path, text: str) -> str:
    path.write_text(text)
    return str(path)


def _bomb(path, expanded: int) -> str:
    """A gzip file of zeros that expands to ``expanded`` bytes (written in streaming, never held)."""
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = bytes(1 << 22)
    with open(path, "wb") as fh:
        left = expanded
        while left > 0:
            fh.write(comp.compress(chunk[: min(left, len(chunk))]))
            left -= len(chunk)
        fh.write(comp.flush())
    return str(path)


# ------------------------------------------------------------------------------------------ loaders
def test_gzip_bomb_is_capped(tmp_path):
    f = _bomb(tmp_path / "bomb.json.gz", 64 << 20)
    out = run_cli(["rank", f, "--partition", "odd-even"], env={"EXACTNET_MAX_INPUT_BYTES": str(8 << 20)})
    assert_refused(out, "expands to more than the input limit", "EXACTNET_MAX_INPUT_BYTES")
    out = run_cli(["check", f], env={"EXACTNET_MAX_INPUT_BYTES": str(8 << 20)})
    assert_refused(out, "expands to more than the input limit")


@pytest.mark.slow
def test_gzip_bomb_3gib(tmp_path):
    f = _bomb(tmp_path / "bomb.json.gz", 3 << 30)
    assert os.path.getsize(f) < 4 << 20
    out = run_cli(["rank", f, "--partition", "odd-even"], memory=4_000_000_000)
    assert_refused(out, "expands to more than the input limit")


def test_json_nested_100k_deep(tmp_path):
    f = _write(tmp_path / "deep.json", "[" * 100_000 + "]" * 100_000)
    for args in (["rank", f, "--partition", "odd-even"], ["check", f], ["structured", f, "--partition", "odd-even"]):
        assert_clean(run_cli(args), codes=(1, 2))
    with pytest.raises(FormatError):
        load_network(f)
    with pytest.raises(FormatError):
        load_tensor(f)


def test_json_integer_of_ten_million_digits(tmp_path):
    f = _write(tmp_path / "big.json", '{"format": "exactnet.tensor", "schema_version": 1, "shape": [1], '
                                      '"entries": [' + "7" * 10**7 + "]}")
    assert_refused(run_cli(["rank", f, "--partition", "odd-even"]), "10000000 digits", "EXACTNET_MAX_DIGITS")
    with pytest.raises(FormatError, match="digits"):
        load_tensor(f)
    g = _write(tmp_path / "bigstr.json", '{"format": "exactnet.tensor", "schema_version": 1, "shape": [1], '
                                         '"entries": ["' + "7" * 10**6 + '"]}')
    with pytest.raises(FormatError, match="digit limit"):
        load_tensor(g)


def test_long_integers_below_the_cap_are_exact(tmp_path):
    x = 10**5000 + 7
    digits = "1" + "0" * 4999 + "7"  # str(x) is past Python's default integer-string limit
    f = _write(tmp_path / "t.json", '{"format": "exactnet.tensor", "schema_version": 1, "shape": [2], '
                                    f'"entries": [{digits}, "{digits}/{digits[:-1]}9"]}}')
    assert load_tensor(f).tolist() == [Fraction(x), Fraction(x, x + 2)]


def test_caterpillar_350_cli(tmp_path):
    net = DeepConvAC.random(_caterpillar(350), 2, 2, seed=0)
    f = save_json(net, tmp_path / "cat.json")
    for args in (["rank", f, "--partition", "odd-even"], ["structured", f, "--partition", "odd-even"]):
        assert_clean(run_cli(args), codes=(0, 2))


def test_caterpillar_10000_loads_and_evaluates(tmp_path):
    n = 10_000
    net = DeepConvAC.random(_caterpillar(n), 2, 2, seed=0)
    f = save_json(net, tmp_path / "cat.json")
    back = load_network(f)
    assert back == net and back.tree == net.tree and hash(back.tree) == hash(net.tree)
    idx = [k % 2 for k in range(n)]
    assert back.evaluate_templates(idx) == net.evaluate_templates(idx)
    # the value by hand: h = leaf vector of mode 0; at every internal node h <- W (h * leaf_k)
    lw = [w.tolist() for w in net.leaf_weights]
    nw = [w.tolist() for w in net.node_weights] + [net.output_weights.tolist()]
    h = [row[idx[0]] for row in lw[0]]
    for k in range(1, n):
        pooled = [a * row[idx[k]] for a, row in zip(h, lw[k])]
        h = [sum(w * p for w, p in zip(row, pooled)) for row in nw[k - 1]]
    assert list(net.evaluate_templates(idx)) == h


def test_api_errors_are_one_family(tmp_path):
    missing = str(tmp_path / "missing.json")
    for load in (load_network, load_tensor, load_certificate, Certificate.load):
        with pytest.raises(FormatError, match="missing.json: cannot read the file"):
            load(missing)
    broken = tmp_path / "broken.json.gz"
    broken.write_bytes(gzip.compress(b'{"format": "exactnet.network"}')[:20])
    for load in (load_network, load_tensor, load_certificate, Certificate.load):
        with pytest.raises(FormatError, match=r"broken.json.gz: not a readable \(gzip\) JSON file"):
            load(str(broken))
    bad = _write(tmp_path / "bad.json", "{")
    for load in (load_network, load_tensor, load_certificate, Certificate.load):
        with pytest.raises(FormatError, match="bad.json: malformed JSON"):
            load(bad)
    net = save_json(ShallowConvAC.random(2, 2, 2, seed=0), tmp_path / "n.json")
    with pytest.raises(FormatError, match="n.json"):
        load_tensor(net)
    with pytest.raises(FormatError):
        load_certificate(net)


# ------------------------------------------------------------------------------------------ provers
def _rational(rng, digits: int) -> str:
    q = Fraction(rng.randint(10 ** (digits - 1), 10**digits), rng.randint(10 ** (digits - 1), 10**digits))
    return str(q.numerator) if q.denominator == 1 else f"{q.numerator}/{q.denominator}"


def _with_rationals(d: dict, digits: int, seed: int) -> dict:
    import random

    rng = random.Random(seed)

    def walk(x):
        if isinstance(x, list):
            return [walk(y) for y in x]
        return _rational(rng, digits) if isinstance(x, str) else x

    for k in ("weights", "output_weights", "leaf_weights", "node_weights"):
        if k in d:
            d[k] = walk(d[k])
    return d


@pytest.mark.parametrize("digits", [12, 200])
@pytest.mark.parametrize("kind", ["shallow2", "shallow4", "deep4"])
def test_rank_with_long_rationals(tmp_path, digits, kind):
    import sympy

    net = {"shallow2": lambda: ShallowConvAC.random(2, 2, 3, seed=0),
           "shallow4": lambda: ShallowConvAC.random(4, 3, 4, seed=0),
           "deep4": lambda: DeepConvAC.random([[0, 1], [2, 3]], 2, 2, seed=0)}[kind]()
    d = _with_rationals(net.to_dict(), digits, seed=digits)
    f = _write(tmp_path / "net.json", json.dumps(d))
    out = run_cli(["rank", f, "--partition", "odd-even", "--json"])
    assert_clean(out, codes=(0,))
    # oracle: SymPy on the grid tensor's matricization, built from the network by exact evaluation
    grid = load_network(f).grid_tensor(method="evaluation", output=0)
    n = grid.ndim
    rows = [m for m in range(n) if m % 2 == 0]
    cols = [m for m in range(n) if m % 2 == 1]
    import itertools

    T = grid.shape[0]
    flat = grid.tolist()

    def entry(idx):
        x = flat
        for i in idx:
            x = x[i]
        return x

    A = sympy.Matrix([[sympy.Rational(entry(_merge(r, c, rows, cols)).numerator,
                                      entry(_merge(r, c, rows, cols)).denominator)
                       for c in itertools.product(range(T), repeat=len(cols))]
                      for r in itertools.product(range(T), repeat=len(rows))])
    assert json.loads(out.stdout)["rank"] == A.rank()


def _merge(r, c, rows, cols):
    idx = [0] * (len(rows) + len(cols))
    for m, v in zip(rows, r):
        idx[m] = v
    for m, v in zip(cols, c):
        idx[m] = v
    return idx


def _shallow(tmp_path, rep: dict, weights: list, name: str) -> str:
    d = {"format": "exactnet.network", "schema_version": 1, "kind": "shallow-convac", "num_inputs": 2,
         "representation": rep, "shared": False, "weights": [weights, weights], "output_weights": [["1"]]}
    return _write(tmp_path / name, json.dumps(d))


def test_identity_representation_too_large_is_estimated(tmp_path):
    f = _shallow(tmp_path, {"type": "identity", "M": 100_000}, [["1"] * 100_000], "id.json")
    assert_refused(run_cli(["rank", f, "--partition", "odd-even"], timeout=30), "74.5 GiB", "EXACTNET_MAX_DENSE_BYTES")
    f = _shallow(tmp_path, {"type": "identity", "M": 10**12}, [["1", "2"]], "id12.json")
    assert_refused(run_cli(["rank", f, "--partition", "odd-even"], timeout=30), "1.0e24 entries")


def test_monomial_representation_too_large_is_estimated(tmp_path):
    f = _shallow(tmp_path, {"type": "monomial", "M": 2000, "templates": [str(i) for i in range(2000)]},
                 [["1"] * 2000], "mono.json")
    out = run_cli(["rank", f, "--partition", "odd-even"], timeout=20, memory=1 << 30)
    assert_refused(out, "monomial representation matrix", "GiB")


@pytest.mark.parametrize("args, words", [
    (["compare", "--N", "64", "--M", "4"], ("4^64",)),
    (["structured", "--N", "1048576", "--M", "2", "--widths", "2"], ("1048576 leaves", "EXACTNET_MAX_TREE_LEAVES")),
    (["bounds", "--n0", "2", "--widths", "1e9,1e9"], ("--widths",)),
    (["bounds", "--n0", "2", "--widths", "1000000000,1000000000"], ("bits", "smaller widths")),
])
def test_large_instances_are_refused_first(args, words):
    assert_refused(run_cli(args, timeout=30), *words)


def test_overlap_budget_gives_partial_rows():
    out = run_cli(["overlap", "--N", "1024", "--M", "2", "--budget", "4s", "--json"], timeout=40)
    assert_clean(out, codes=(0,))
    data = json.loads(out.stdout)
    assert data["status"] == "partial" and "budget" in data["stopped"]
    assert {r["N"] for r in data["rows"]} >= {4}


def test_verify_budget_gives_partial_summary():
    out = run_cli(["verify", "--budget", "2s", "--json"], timeout=60)
    assert_clean(out, codes=(0,))
    data = json.loads(out.stdout)
    assert data["status"] == "partial" and data["summary"]["failed"] == 0


def test_budget_without_partial_result_is_a_clean_refusal():
    out = run_cli(["structured", "--N", "32768", "--M", "2", "--widths", "2", "--budget", "1s"], timeout=30)
    assert_clean(out, codes=(0, 2))
    assert out.code == 0 or "time budget of 1 s exceeded" in out.stderr, out.describe()
    assert_refused(run_cli(["compare", "--N", "8", "--M", "2", "--budget", "soon"]), "--budget")


def test_regions_six_inputs_stops_at_the_budget(tmp_path):
    import random

    from exactnet.networks.pwl import relu_network

    rng = random.Random(0)
    W1 = [[rng.randint(-3, 3) for _ in range(6)] for _ in range(12)]
    W2 = [[rng.randint(-3, 3) for _ in range(12)] for _ in range(12)]
    net = relu_network([W1, W2], [[rng.randint(-2, 2) for _ in range(12)] for _ in range(2)][:1] +
                       [[rng.randint(-2, 2) for _ in range(12)]])
    f = save_json(net, tmp_path / "six.json")
    box = ";".join(["-1,1"] * 6)
    out = run_cli(["regions", f, "--box", box, "--budget", "3s", "--json"], timeout=40)
    assert_clean(out, codes=(0,))
    data = json.loads(out.stdout)
    assert data["complete"] is False and data["activation_regions"] >= 1


def test_regions_default_budget_is_bounded():
    from exactnet._cli_regions import DEFAULT_TIME_BUDGET

    assert DEFAULT_TIME_BUDGET <= 60


def test_python_api_refusals_in_a_child():
    code = ("from exactnet.networks import Representation\n"
            "from exactnet.errors import ResourceLimitError\n"
            "try:\n    Representation.identity(100000)\nexcept ResourceLimitError as e:\n    print('refused', e)\n")
    out = run_python(code, timeout=30, memory=1 << 30)
    assert_clean(out, codes=(0,))
    assert out.stdout.startswith("refused")
