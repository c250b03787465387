"""The independent checker's tensor-train kinds: valid certificates pass, hand-made false ones are refused."""

from __future__ import annotations

import copy
import json

import pytest

from exactnet.checker import check_certificate
from exactnet.errors import CertificateError
from exactnet.tensors import TTDecomposition
from exactnet.theorems.tt import tt_cut_certificate, tt_generic_rank, tt_rank


def _obj(cert) -> dict:
    return json.loads(json.dumps(cert.to_dict()))


@pytest.fixture(scope="module")
def generic():
    return _obj(tt_generic_rank(4, 2, 2, "odd-even").certificate)


def test_valid_certificates(generic):
    rep = check_certificate(generic)
    assert rep.facts["generic_rank"] == 4 and rep.kind == "tt-generic-rank"
    assert check_certificate(generic["upper"]).facts["bound"] == 4
    assert check_certificate(generic["lower"]).facts["r"] == 4
    c = tt_rank(TTDecomposition.random(5, 2, 2, seed=2), "split:2").certificate
    assert c.check().facts["r"] == 2


def _refused(obj, match):
    with pytest.raises(CertificateError, match=match):
        check_certificate(obj)


def test_false_lower_bounds_refused(generic):
    low = generic["lower"]
    bad = copy.deepcopy(low)
    bad["minor"]["rows"][1] = bad["minor"]["rows"][0]
    _refused(bad, "repeats")
    bad = copy.deepcopy(low)
    bad["tt"]["cores"][1] = [[["0"] * 2] * 2] * 2  # a zero core: every entry 0, the minor is singular
    _refused(bad, "singular")
    bad = copy.deepcopy(low)
    bad["r"] = 5
    _refused(bad, "r=5")
    bad = copy.deepcopy(low)
    bad["prime"] = 2147483648
    _refused(bad, "not a prime")
    bad = copy.deepcopy(low)
    bad["tt"]["cores"][0][0][0][0] = 0.5
    _refused(bad, "rational string")
    bad = copy.deepcopy(low)
    bad["tt"]["ranks"] = [2, 3, 2]
    _refused(bad, "shape")
    bad = copy.deepcopy(low)
    bad["status"] = "lower-bound"
    _refused(bad, "status")
    bad = copy.deepcopy(low)
    bad["claim"] = bad["claim"].replace(">= 4", ">= 5")
    _refused(bad, "claim")


def test_false_upper_bounds_refused():
    up = _obj(tt_cut_certificate(6, 2, 2, "odd-even"))
    assert check_certificate(up).facts["bound"] == 8
    bad = copy.deepcopy(up)
    bad["bound"] = 4
    bad["claim"] = bad["claim"].replace("<= 8", "<= 4")
    _refused(bad, "dimension 8, not 4")
    bad = copy.deepcopy(up)
    bad["sides"] = [0, 1, 0, 1, 0, 2]
    _refused(bad, "side 0")
    bad = copy.deepcopy(up)
    bad["sides"] = [0, 1, 0, 1, 0, 1]  # a valid cut of dimension 2^5 = 32, not the stated 8
    _refused(bad, "dimension 32")
    bad = copy.deepcopy(up)
    bad["partition"] = {"rows": [0, 2], "cols": [1, 3, 5]}
    _refused(bad, "split the modes")


def test_false_generic_bundles_refused(generic):
    bad = copy.deepcopy(generic)
    bad["conclusion"]["generic_rank"] = 5
    _refused(bad, "not 5")
    bad = copy.deepcopy(generic)
    bad["upper"] = _obj(tt_cut_certificate(4, 2, 3, "odd-even"))  # other ranks
    _refused(bad, "different ranks")
    bad = copy.deepcopy(generic)
    bad["upper"] = _obj(tt_cut_certificate(4, 2, 2, "low-high"))
    _refused(bad, "different partition")
    bad = copy.deepcopy(generic)
    bad["lower"]["generic"] = False
    bad["lower"]["status"] = "lower-bound"
    _refused(bad, "generic")
    # a witness below the cut bound cannot conclude
    bad = copy.deepcopy(generic)
    low3 = _obj(tt_rank(TTDecomposition.random(4, 2, 2, seed=1), "odd-even").certificate)
    low3["r"] = 3
    low3["minor"] = {"rows": low3["minor"]["rows"][:3], "cols": low3["minor"]["cols"][:3]}
    low3["generic"] = True
    low3["status"] = "almost-everywhere"
    low3["claim"] = "rank [A]_{I,J} >= 3 for almost every tensor train"
    bad["lower"] = low3
    _refused(bad, "does not reach")


def test_conclusion_refused_in_non_concluding_kind(generic):
    bad = copy.deepcopy(generic["upper"])
    bad["conclusion"] = {"generic_rank": 4}
    _refused(bad, "conclusion")


def test_prime_too_large_refused(generic):
    bad = copy.deepcopy(generic["lower"])
    bad["prime"] = 2305843009213693951  # 2^61 - 1, a prime
    _refused(bad, "below 2\\^31")
