"""The evidence rules of claim(): genuine vs potential vs unknown.

Oracle: each bound is built from a certified exact rank by restating its proposition as a bound (the kernel
accepts a weaker proposition its evidence entails), so the true value is known independently of the rule.
"""

from __future__ import annotations

import types
from fractions import Fraction

import pytest
from hypothesis import given, settings, strategies as st

import exactnet
from exactnet.conjectures import OUTCOMES, claim
from exactnet.conjectures._core import evaluate
from exactnet.core.certificate import Certificate
from exactnet.core.result import Result
from exactnet.errors import InexactInputError, InvalidArgumentError

M = [[1, 2, 3], [2, 4, 6], [1, 0, 1]]  # rank 2


def _bound(relation: str, value: int) -> Result:
    """A certified result 'rank(M) relation value' (status lower-bound for >=, upper-bound for <=)."""
    cert = exactnet.rank(M).certificate.to_certificate().to_dict()
    cert["proposition"]["relation"], cert["proposition"]["value"] = relation, value
    c = Certificate.from_dict(cert)
    return Result(value, c.status, "Q", c)


def test_exact_certified_evidence_refutes_or_holds():
    res = exactnet.rank(M)
    assert claim(res, "==", 2).outcome == "holds" and claim(res, "==", 2).certified
    for rel, v in (("==", 3), (">=", 3), ("<=", 1), ("<", 2), (">", 2), ("!=", 2)):
        a = claim(res, rel, v)
        assert a.outcome == "refuted" and a.certified, (rel, v)
        assert a.certificate is not None and a.status == "exact"
    assert claim(res, "=", 2).relation == "=="


def test_an_upper_bound_refutes_greater_or_equal_only():
    ub = _bound("<=", 2)  # the true rank is 2
    assert ub.status == "upper-bound"
    assert claim(ub, ">=", 3).outcome == "refuted"
    assert claim(ub, ">", 2).outcome == "refuted"
    assert claim(ub, "==", 3).outcome == "refuted"
    assert claim(ub, "<=", 2).outcome == "holds"
    assert claim(ub, "<=", 1).outcome == "unknown"  # a bound in the wrong direction
    assert claim(ub, ">=", 2).outcome == "unknown"
    assert claim(_bound("<=", 5), "==", 5).outcome == "unknown"


def test_a_lower_bound_refutes_less_or_equal_only():
    lb = _bound(">=", 2)
    assert lb.status == "lower-bound"
    assert claim(lb, "<=", 1).outcome == "refuted"
    assert claim(lb, "<", 2).outcome == "refuted"
    assert claim(lb, "==", 1).outcome == "refuted"
    assert claim(lb, ">=", 2).outcome == "holds"
    assert claim(lb, ">=", 3).outcome == "unknown"
    assert claim(lb, "<=", 5).outcome == "unknown"
    assert claim(_bound(">=", 1), "==", 1).outcome == "unknown"


def test_generic_values_and_modular_ranks_follow_the_same_rules():
    gen = exactnet.generic_rank_certificate(exactnet.PoolingTree.binary(4), 2, [2, 1], "odd-even")
    assert gen.status == "almost-everywhere" and gen.value == 4
    assert claim(gen, ">=", 5).outcome == "refuted" and claim(gen, "<=", 3).outcome == "refuted"
    assert claim(gen, "==", 4).outcome == "holds"
    structural = exactnet.pooling_bounds(exactnet.PoolingTree.from_windows(8, 2), 2, (2, 2, 2), "odd-even")
    assert structural.status == "upper-bound"
    assert claim(structural, ">=", structural.value + 1).outcome == "refuted"
    assert claim(structural, "<=", structural.value - 1).outcome == "unknown"
    # a rank modulo p is a lower bound over Q; its certificate (a minor non-zero mod p) is checked over Q
    mod = exactnet.rank_mod_p([[1, 2], [3, 4]], 7)
    assert mod.field == "GF(7)" and mod.status == "lower-bound"
    assert claim(mod, "<=", 1).outcome == "refuted"
    assert claim(mod, "==", 3).outcome == "unknown"


def test_a_bool_false_is_only_potential():
    assert claim(False, "==", 1).outcome == "potential"
    assert claim(True, "==", 1).outcome == "holds"
    conj = exactnet.Conjecture(name="b", space=exactnet.Space(n=(1,)), check=lambda n: n > 5)
    rec = evaluate(conj, {"n": 1})
    assert rec["outcome"] == "potential" and rec["certificate"] is None and "no certificate" in rec["detail"]


def test_a_failing_or_missing_certificate_is_potential():
    good = exactnet.rank(M)
    forged = Result(3, "exact", "Q", good.certificate.to_certificate())  # states 2, claims 3
    a = claim(forged, "<=", 2)
    assert a.outcome == "potential" and not a.certified and "certificate fails" in a.detail
    assert claim(forged, "==", 3).outcome == "unknown"  # agreeing, but not proved
    d = good.certificate.to_certificate().to_dict()
    d["evidence"]["rows"] = [5]  # tampered evidence: the kernel refuses it
    broken = Result(2, "exact", "Q", Certificate.from_dict(d))
    assert claim(broken, "<=", 1).outcome == "potential"
    assert claim(Result(2, "exact", "Q", None), "<=", 1).outcome == "potential"
    assert claim(exactnet.rank(M, certify=False), "<=", 1).outcome == "potential"


def test_modular_and_float_evidence_never_refute():
    modular = types.SimpleNamespace(value=3, status="exact", field="GF(5)", certificate=None)
    assert claim(modular, "<=", 2).outcome == "potential"
    assert claim(modular, ">=", 2).outcome == "unknown"
    assert claim(2.5, "<=", 1).outcome == "potential"
    assert claim(0.5, "<=", 1).outcome == "unknown"
    probabilistic = types.SimpleNamespace(value=3, status="probabilistic", field="Q", certificate=None)
    assert claim(probabilistic, "<=", 2).outcome == "potential"


def test_plain_exact_numbers_hold_but_only_potentially_refute():
    assert claim(Fraction(1, 2), "<", 1).outcome == "holds"
    a = claim(7, "<=", 6)
    assert a.outcome == "potential" and not a.certified and a.margin == 1


def test_bad_claims_are_refused():
    with pytest.raises(InexactInputError, match="value"):
        claim(1, "<=", 0.5)
    with pytest.raises(InvalidArgumentError, match="relation"):
        claim(1, "=<", 2)
    with pytest.raises(InvalidArgumentError, match="result"):
        claim("three", "==", 3)
    regions = exactnet.enumerate_regions(exactnet.relu_network([[[1], [-1]]], [[0, 0]]), exactnet.Box([-1], [1]))
    with pytest.raises(InvalidArgumentError, match="index"):
        claim(regions, "<=", 2)
    assert claim(regions, "<=", 1, index=1).outcome in OUTCOMES


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 6), st.integers(0, 6), st.sampled_from(["==", "!=", "<=", ">=", "<", ">"]))
def test_rules_agree_with_the_truth(true_rank_bound, target, relation):
    """Property: against the true rank 2, a refutation is never wrong and a holds is never wrong."""
    truth = {"==": 2 == target, "!=": 2 != target, "<=": 2 <= target, ">=": 2 >= target, "<": 2 < target,
             ">": 2 > target}[relation]
    for res in (exactnet.rank(M), _bound(">=", min(true_rank_bound, 2)), _bound("<=", max(true_rank_bound, 2))):
        out = claim(res, relation, target).outcome
        assert out in ("holds", "refuted", "unknown")
        if out == "refuted":
            assert not truth
        if out == "holds":
            assert truth
