"""The ``rank-one-sum`` certificate: a shallow ConvAC's matricization as an explicit sum of Z rank-one terms.

Oracles: the library's dense matricization of the grid tensor (``matricize(net.grid_tensor())``),
recomputed here from the certificate's JSON terms with plain Fractions, and the independent checker.
"""

from __future__ import annotations

import copy
import json
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exactnet import (
    CertificateError,
    DeepConvAC,
    InvalidArgumentError,
    PoolingTree,
    Representation,
    ShallowConvAC,
    bentkamp_witness,
    check_certificate,
    matricize,
    rank,
    rank_one_sum_certificate,
)
from exactnet.checker import _cp
from exactnet.theorems import shallow_cp_certificate
from exactnet.testing.strategies import partitions, rationals, shallow_convacs

FAST = settings(deadline=None, max_examples=25)


def _reject(cert: dict, match: str, field: str | None = None) -> None:
    with pytest.raises(CertificateError, match=match) as info:
        check_certificate(cert)
    if field is not None:
        assert info.value.field == field


def _envelope(**fields) -> dict:
    claim = f"rank [A^0]_{{I,J}} <= {fields.get('bound', 'K')}"  # the claim states the bound (the checker reads it)
    head = {"format": "exactnet.certificate", "schema_version": 1, "exactnet_version": "0", "claim": claim,
            "kind": "rank-one-sum", "field": "Q", "status": "upper-bound", "output": 0, "tensor": "grid"}
    return {**head, **fields}


def _sum_of_terms(d: dict) -> list[list[Fraction]]:
    """sum_z c_z u_z w_z^T from the JSON strings alone."""
    terms = [(Fraction(t["coefficient"]), [Fraction(x) for x in t["u"]], [Fraction(x) for x in t["w"]])
             for t in d["terms"]]
    nr, nc = len(terms[0][1]), len(terms[0][2])
    return [[sum((c * u[a] * w[b] for c, u, w in terms), Fraction(0)) for b in range(nc)] for a in range(nr)]


@FAST
@given(shallow_convacs(max_inputs=4, max_outputs=2, weights=rationals(max_denominator=3), representation=True),
       st.data())
def test_terms_sum_to_the_matricization_and_the_checker_accepts(net, data):
    if net.N < 2:
        return
    part = data.draw(partitions(net.N))
    y = data.draw(st.integers(0, net.Y - 1))
    cert = rank_one_sum_certificate(net, part, output=y)
    d = json.loads(json.dumps(cert.to_dict()))
    X = matricize(net.grid_tensor(output=y), part)
    assert _sum_of_terms(d) == X.tolist()  # the terms really sum to the library's matricization
    facts = check_certificate(d).facts
    assert facts["bound"] == net.Z == len(d["terms"])
    assert rank(X).rank <= facts["bound"]


def test_large_shallow_network_is_checked_term_by_term():
    net = ShallowConvAC.random(12, 3, 4, seed=2)  # 3^12 = 531441 entries: too many to compare one by one
    d = rank_one_sum_certificate(net, "odd-even").to_dict()
    assert check_certificate(d).facts["entrywise"] is False
    d["terms"][3]["w"][5] = str(Fraction(d["terms"][3]["w"][5]) + 1)
    _reject(d, "term 3 is not the network's channel 3", "terms[3]")


def test_corruptions_are_rejected():
    net = ShallowConvAC.random(4, 2, 3, Y=2, seed=5)
    good = rank_one_sum_certificate(net, [0, 1], output=1).to_dict()
    assert check_certificate(good).facts["entrywise"] is True

    bad = copy.deepcopy(good)
    bad["terms"][0]["coefficient"] = str(Fraction(bad["terms"][0]["coefficient"]) + 1)
    _reject(bad, "term 0 must have the coefficient out\\[1\\]\\[0\\]", "terms[0].coefficient")

    bad = copy.deepcopy(good)
    bad["terms"][1]["u"][0] = str(Fraction(bad["terms"][1]["u"][0]) + 1)
    _reject(bad, "term 1 is not the network's channel 1", "terms[1]")

    bad = copy.deepcopy(good)
    del bad["terms"][2]
    _reject(bad, "lists 2 rank-one terms, so it proves rank <= 2, not 3", "bound")
    bad["bound"] = 2
    _reject(bad, "Z = 3 channels has 3 terms, not 2", "terms")

    bad = copy.deepcopy(good)
    bad["terms"][0]["u"] = bad["terms"][0]["u"][:-1]
    _reject(bad, "must be a list of 4 rationals", "terms[0].u")

    bad = copy.deepcopy(good)
    bad["terms"][0]["w"][0] = 0.5
    _reject(bad, "never a JSON float", "terms[0].w[0]")

    bad = copy.deepcopy(good)
    bad["status"] = "exact"
    _reject(bad, "status must be \"upper-bound\"", "status")

    bad = copy.deepcopy(good)
    bad["output"] = 2
    _reject(bad, "output 2 does not exist", "output")

    bad = copy.deepcopy(good)
    bad["partition"] = {"rows": [0, 1], "cols": [1, 2, 3]}
    _reject(bad, "overlap", "partition")


def test_deep_network_terms_are_checked_entry_by_entry():
    """The checker is not shallow-only: for a deep net (low-high, r_top = 1) one rank-one term, entry by entry."""
    net = bentkamp_witness(4, 2, (2, 1))
    X = matricize(net.grid_tensor(output=0), "low-high")
    assert rank(X).rank == 1
    # X = u w^T with u = first non-zero column direction: build the term by hand
    rows = X.tolist()
    j = next(j for j in range(len(rows[0])) if any(r[j] for r in rows))
    i = next(i for i in range(len(rows)) if rows[i][j])
    u = [r[j] for r in rows]
    w = [x / rows[i][j] for x in rows[i]]
    cert = _envelope(network=net.to_dict(), partition={"rows": [0, 1], "cols": [2, 3]}, bound=1,
                     terms=[{"coefficient": "1", "u": [str(x) for x in u], "w": [str(x) for x in w]}])
    assert check_certificate(cert).facts["entrywise"] is True
    cert["terms"][0]["coefficient"] = "2"
    _reject(cert, "the terms sum to", "terms")


def test_deep_network_too_large_for_entrywise_is_refused(monkeypatch):
    net = DeepConvAC.random(PoolingTree.binary(4), 2, (1, 1), seed=0)
    cert = _envelope(network=net.to_dict(), partition={"rows": [0, 1], "cols": [2, 3]}, bound=0, terms=[])
    monkeypatch.setattr(_cp, "MAX_ENTRYWISE", 8)
    _reject(cert, "a deep network's terms are checked entry by entry, at most 8", "network")


def test_shallow_cp_bundle_includes_the_rank_one_terms():
    cert = shallow_cp_certificate(4, 3, 5).to_dict()
    facts = check_certificate(cert).facts
    assert facts["parts"][2]["kind"] == "rank-one-sum" and facts["parts"][2]["bound"] == 5
    bad = copy.deepcopy(cert)  # terms of another network (also Z = 5): the digest relation catches it
    bad["parts"][2] = rank_one_sum_certificate(ShallowConvAC.random(4, 3, 5, seed=99), [0, 2]).to_dict()
    _reject(bad, "the two values differ", "relations[6]")


def test_prover_argument_errors():
    net = ShallowConvAC.random(3, 2, 2)
    with pytest.raises(InvalidArgumentError, match="Argument 'net' must be a ShallowConvAC, not DeepConvAC"):
        rank_one_sum_certificate(DeepConvAC.random(PoolingTree.binary(4), 2, (1, 1)))
    with pytest.raises(InvalidArgumentError, match=r"Argument 'output' must be an int in 0..0 \(0-based\), not 1 \(type=int\)"):
        rank_one_sum_certificate(net, [0], output=1)
    with pytest.raises(ValueError, match=r"Argument 'partition' lists mode 0 twice: \[0, 1, 2, 0\]"):
        rank_one_sum_certificate(net, [0, 1, 2, 0])
    rep = Representation.monomials([0, 1, "1/2"], 2)
    small = ShallowConvAC.random(2, 2, 2, representation=rep)
    assert check_certificate(rank_one_sum_certificate(small, [1]).to_dict()).facts["partition"]["rows"] == [1]
