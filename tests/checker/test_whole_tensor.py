"""The checker's vectorized whole-tensor evaluation and the ``network-matrix-rank`` kind built on it.

Oracles: the checker's own per-entry forward pass (``_ExactEvaluator``, Fractions, no shared code with
``whole_tensor``) and the networks layer's grid tensor.  Mutations: one weight of the network, one entry
of the stated matrix.  Sizes: the 2^22 limit and the 2^28 work limit, and the CLI's tie up to 2^22 entries.
"""

from __future__ import annotations

import copy
import itertools
import json
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from exactnet import cli
from exactnet.checker import _network as cn
from exactnet.checker import check_certificate, matricization_size_refusal
from exactnet.errors import CertificateError
from exactnet.networks import DeepConvAC, Representation, ShallowConvAC, network_from_dict
from exactnet.tensors import Partition, PoolingTree
from exactnet.testing.strategies import deep_convacs, pooling_trees, rationals, shallow_convacs
from exactnet.theorems import exact_rank_certificate


def _as_fractions(A: np.ndarray, D: int) -> dict:
    return {d: Fraction(int(A[d]), D) for d in itertools.product(*(range(n) for n in A.shape))}


# ------------------------------------------------------------------------------------------ oracles
_weights = st.one_of(st.none(), st.just(rationals(min_value=-3, max_value=3, max_denominator=3)))


@st.composite
def _networks(draw):
    weights = draw(_weights)
    if draw(st.integers(0, 3)) == 0:
        return draw(shallow_convacs(min_inputs=1, max_outputs=3, weights=weights, representation=True))
    net = draw(deep_convacs(trees=pooling_trees(max_inputs=5), max_outputs=3, weights=weights, representation=True))
    if draw(st.booleans()):  # a representation given by its matrix F (T x M), T != M allowed
        T = draw(st.integers(1, 3))
        F = [[draw(rationals(min_value=-2, max_value=2, max_denominator=2)) for _ in range(net.M)] for _ in range(T)]
        d = net.to_dict()
        d["representation"] = {"type": "matrix", "F": [[str(x) for x in row] for row in F]}
        net = network_from_dict(d)
    return net


@settings(deadline=None, max_examples=60)
@given(_networks())
def test_whole_tensor_equals_the_per_entry_pass_and_the_library(net):
    parsed = cn.parse_network(net.to_dict())
    for y in range(net.Y):
        A, D = cn.whole_tensor(parsed, y)
        assert A.shape == (parsed.T,) * net.N and D >= 1
        got = _as_fractions(A, D)
        per_entry = cn._ExactEvaluator(parsed, y)
        G = net.grid_tensor(output=y)
        assert G.shape == A.shape
        for d, value in got.items():
            assert value == per_entry.entry(d) == G.fraction(d), (y, d)


@settings(deadline=None, max_examples=15)
@given(deep_convacs(trees=pooling_trees(max_inputs=5), max_outputs=2, representation=True))
def test_the_coefficient_tensor_is_the_identity_representations_grid_tensor(net):
    d = net.to_dict()
    d["representation"] = {"type": "identity", "M": net.M}
    parsed = cn.parse_network(d)
    for y in range(net.Y):
        A, D = cn.whole_tensor(parsed, y)
        C = net.coefficient_tensor(output=y)
        assert all(Fraction(int(A[i]), D) == C.fraction(i) for i in itertools.product(range(net.M), repeat=net.N))


def test_int64_is_used_only_below_2_63():
    """Two children with values 2^31 and a conv summing two products: 2 * 2^62 = 2^63 overflows int64."""
    X = np.array([[2**31, 2**31]], dtype=object)  # one mode of size 1, two channels
    ones = np.array([[1, 1]], dtype=object)
    value, bound = cn._pool_conv([(X, 2**31), (X, 2**31)], ones)
    assert value.dtype == object and value.reshape(-1).tolist() == [2**63] and bound == 2**63
    value, bound = cn._pool_conv([(X, 2**31), (X // 2, 2**30)], ones)  # 2 * 2^61 = 2^62: int64 is safe
    assert value.dtype == np.int64 and value.reshape(-1).tolist() == [2**62] and bound == 2**62


def test_big_weights_are_exact():
    """Weights ~ 10^6 over 3 levels: entries far beyond 2^63, computed with Python ints."""
    net = DeepConvAC.random(PoolingTree.binary(8), 2, (2, 2, 2), Y=2, seed=3, low=-10**6, high=10**6)
    parsed = cn.parse_network(net.to_dict())
    A, D = cn.whole_tensor(parsed, 1)
    G = net.grid_tensor(output=1)
    assert A.dtype == object and D == 1 and max(abs(int(x)) for x in A.flat) > 2**63
    assert all(int(A[d]) == G.fraction(d) for d in itertools.product(range(2), repeat=8))


# ------------------------------------------------------------------------------------------ the kind
@pytest.fixture(scope="module")
def tied():
    """An unbalanced shared-free network with rational weights, 3 outputs, N = 5, T = 3 (9 x 27)."""
    tree = PoolingTree.from_nested((((0, 3), 1), (2, 4)))
    rep = Representation.monomials(["0", "1/2", "-2"], 2)
    net = DeepConvAC.random(tree, 2, (2, 3, 2), Y=3, seed=11, representation=rep)
    d = net.to_dict()
    d["node_weights"][0][0][0] = "5/3"  # a denominator
    net = network_from_dict(d)
    r, cert = exact_rank_certificate(net, [1, 3], output=2)
    return net, cert.to_dict()


def _reject(cert: dict, match: str, field: str | None = None) -> CertificateError:
    with pytest.raises(CertificateError, match=match) as info:
        check_certificate(cert)
    if field is not None:
        assert info.value.field == field
    return info.value


def test_the_tied_certificate_passes(tied):
    net, cert = tied
    facts = check_certificate(cert).facts
    assert facts["rank"] == cert["matrix_rank"]["rank"] and facts["output"] == 2
    assert cert["matrix_rank"]["matrix"]["shape"] == [9, 27]


@pytest.mark.parametrize("where", [("leaf_weights", 4, 1, 0), ("node_weights", 1, 0, 2), ("output_weights", 2, 1),
                                   ("representation", "templates", 1)])
def test_tampering_one_weight_of_the_network_fails(tied, where):
    net, cert = tied
    bad = copy.deepcopy(cert)
    x = bad["network"]
    for k in where[:-1]:
        x = x[k]
    x[where[-1]] = str(Fraction(x[where[-1]]) + Fraction(1, 7))
    other = network_from_dict(bad["network"]).grid_tensor(output=2)
    assert other != net.grid_tensor(output=2)  # the tampering changes the tensor ...
    err = _reject(bad, r"entry \(\d+, \d+\) is not A\[")  # ... and the stated matrix is no longer its matricization
    assert err.field.startswith("matrix_rank.matrix.entries[")


def test_tampering_one_matrix_entry_fails_and_names_it(tied):
    _, cert = tied
    for a, b in ((0, 0), (8, 26), (4, 13)):
        bad = copy.deepcopy(cert)
        x = Fraction(bad["matrix_rank"]["matrix"]["entries"][a][b])
        bad["matrix_rank"]["matrix"]["entries"][a][b] = str(x + Fraction(1, 10**30))
        _reject(bad, rf"entry \({a}, {b}\) is not A\[", f"matrix_rank.matrix.entries[{a}][{b}]")


def test_the_message_gives_the_multi_index_and_the_true_value():
    net = DeepConvAC.from_weights(PoolingTree.binary(2), Representation.identity(2), [[["1/2", "0"], ["0", "1"]]] * 2,
                                  [], [[1, 1]])
    _, cert = exact_rank_certificate(net, [1])
    bad = cert.to_dict()
    assert bad["matrix_rank"]["matrix"]["entries"] == [["1/4", "0"], ["0", "1"]]
    bad["matrix_rank"]["matrix"]["entries"][0][1] = "1/4"  # row = mode 1, col = mode 0: A[1, 0] = 0
    _reject(bad, r"entry \(0, 1\) is not A\[1, 0\] = 0 of the network's grid tensor", "matrix_rank.matrix.entries[0][1]")


def test_equal_rationals_in_another_form_are_equal(tied):
    _, cert = tied
    ok = copy.deepcopy(cert)
    x = Fraction(ok["matrix_rank"]["matrix"]["entries"][3][5])
    ok["matrix_rank"]["matrix"]["entries"][3][5] = f"{x.numerator * 6}/{x.denominator * 6}"
    check_certificate(ok)


def test_a_json_number_in_the_matrix_is_refused(tied):
    _, cert = tied
    bad = copy.deepcopy(cert)
    bad["matrix_rank"]["matrix"]["entries"][1][2] = 0.0
    _reject(bad, "JSON string", "matrix_rank.matrix.entries[1][2]")


def test_the_wrong_output_or_tensor_fails(tied):
    _, cert = tied
    bad = copy.deepcopy(cert)
    bad["output"] = 0
    _reject(bad, "is not A")
    bad = copy.deepcopy(cert)
    bad["tensor"] = "coefficient"
    _reject(bad, r"the matricization has shape \[4, 8\]", "matrix_rank.matrix.shape")


def _wide(N: int, M: int, top: int) -> dict:
    """A deep net, identity representation, root over two nodes, widths (1, top)."""
    tree = PoolingTree.from_nested((tuple(range(N // 2)), tuple(range(N // 2, N))))
    return DeepConvAC.random(tree, M, (1, top), seed=0).to_dict()


def test_size_limits():
    assert cn.MAX_MATRICIZATION_ENTRIES == cli.MAX_TIED_ENTRIES == 2**22
    assert matricization_size_refusal(_wide(11, 4, 2)) is None  # 2^22 entries, 2^22 * 2 * 4 products
    assert "this kind recomputes at most 4194304" in matricization_size_refusal(_wide(12, 4, 2))
    assert matricization_size_refusal(_wide(12, 4, 2), "coefficient") is not None
    assert matricization_size_refusal(_wide(12, 2, 2), "coefficient") is None  # T = M = 2 instead
    assert "elementary products" in matricization_size_refusal(_wide(11, 4, 64))  # 2^22 * 64 * 4 > 2^28
    shallow = ShallowConvAC.random(4, 3, 2).to_dict()
    assert matricization_size_refusal(shallow) is None


@pytest.mark.parametrize("net, match", [
    (_wide(12, 4, 2), r"T\^N = 4\^12 = 16777216 entries; this kind recomputes at most 4194304"),
    (_wide(11, 4, 64), r"about \d+ elementary products .* at most 268435456"),
])
def test_the_kind_refuses_too_large_tensors_before_reading_the_matrix(tied, net, match):
    _, cert = tied
    bad = copy.deepcopy(cert)
    bad["network"] = net
    bad["output"] = 0
    bad["partition"] = {"rows": [0], "cols": list(range(1, net["num_inputs"]))}
    _reject(bad, match, "network")


# ------------------------------------------------------------------------------------------ CLI
def test_cli_ties_an_n8_m4_network_and_check_accepts_it(capsys, tmp_path):
    """65536 entries (4^8): far beyond the old 2^14 limit; a 256 x 256 matricization."""
    net = DeepConvAC.random(PoolingTree.binary(8), 4, (2, 2, 2), seed=7)
    path = tmp_path / "net.json"
    path.write_text(json.dumps(net.to_dict()))
    out = tmp_path / "cert.json.gz"
    assert cli.main(["rank", str(path), "--partition", "odd-even", "--json", "--out", str(out)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["certificate_kind"] == "matricization_rank" and data["tied_to_network"] is True
    assert data["untied_reason"] is None and data["shape"] == [256, 256]
    assert cli.main(["check", str(out), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["valid"] and report["kind"] == "matricization_rank" and report["facts"]["value"] == data["rank"]
    assert "row modes [0, 2, 4, 6]" in report["claim"]


def test_cli_says_when_the_certificate_is_not_tied(capsys, tmp_path):
    net = DeepConvAC.random(PoolingTree.binary(4), 3, (2, 2), seed=1)
    path = tmp_path / "net.json"
    path.write_text(json.dumps(net.to_dict()))
    argv = ["rank", str(path), "--rows", "0,1", "--coefficient", "--out", str(tmp_path / "c.json")]
    assert cli.main(argv + ["--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["certificate_kind"] == "rank" and data["tied_to_network"] is False
    assert "not coefficient tensors" in data["untied_reason"]
    assert cli.main(argv) == 0
    out = capsys.readouterr().out
    assert "certificate written to" in out and "(rank)" in out
    assert "proves the rank of the stated matrix only, not that it is this network's matricization" in out


def test_rank_help_says_what_is_tied_up_to_which_size(capsys):
    assert cli.main(["rank", "--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "at most 2^22 = 4194304 entries" in text and "network-matrix-rank" in text
    assert "plain matrix-rank certificate: it proves the rank of the matrix it states, NOT that this matrix is the " \
           "network's matricization" in text


def test_partition_in_the_certificate_matters(tied):
    """Same shape, different matricization: the checker's transpose follows the stated partition."""
    net = DeepConvAC.random(PoolingTree.binary(4), 3, (2, 2), seed=5)
    _, cert = exact_rank_certificate(net, Partition.from_rows([0, 2], 4))
    bad = cert.to_dict()
    bad["partition"] = {"rows": [0, 1], "cols": [2, 3]}
    _reject(bad, "is not A")


# ------------------------------------------------------------------------------------------ strict matrix parsing
@pytest.mark.parametrize("row, match", [
    (["1,2", "3"], r"must be a rational string \"p/q\" or \"p\", not '1,2'"),  # was a ValueError (a crash)
    (["1/2,3", "3"], r"not '1/2,3'"),
    (["1/2", "3/0"], r"zero denominator in '3/0'"),
    (["1/2", 3], r"not 3 \(JSON integer\); JSON numbers are never accepted"),
])
def test_matrix_rows_with_commas_or_bad_rationals_are_refused_by_field(row, match):
    """The whole-row fast paths (one regex per row) must not let a comma inside an entry through."""
    cert = {"format": "exactnet.certificate", "schema_version": 1, "exactnet_version": "0", "kind": "matrix-rank",
            "claim": "rank A = 1 over Q", "field": "Q", "status": "exact",
            "matrix": {"shape": [1, 2], "entries": [row]}, "rank": 1,
            "lower": {"rows": [0], "cols": [0], "prime": "5"}, "upper": {"type": "trivial"}}
    bad = 0 if "," in row[0] else 1
    _reject(cert, match, f"matrix.entries[0][{bad}]")


def test_rational_rows_parse_like_the_slow_path():
    from exactnet.checker import _common

    entries = [["1/2", "-3", "0/7"], ["-5/6", "007", "-0"]]
    m, n, B, D = _common.rational_matrix({"shape": [2, 3], "entries": entries}, "m")
    assert (m, n, D) == (2, 3, 42)  # the lcm of the denominators as written (7 included)
    assert [[Fraction(x, D) for x in row] for row in B] == [[Fraction(x) for x in row] for row in entries]
