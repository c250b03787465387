"""The independent checker refuses hand-crafted false neurovariety-dimension and minimal-filling certificates."""

from __future__ import annotations

import copy

import pytest

from exactnet.checker import check_certificate
from exactnet.errors import CertificateError
from exactnet.theorems.neurovariety import minimal_filling_certificate, neurovariety_dimension


@pytest.fixture(scope="module")
def exact():
    return neurovariety_dimension((2, 2, 3, 4, 1), 2).certificate().to_dict()  # dim 7 (cut bound)


@pytest.fixture(scope="module")
def quadric():
    return neurovariety_dimension((3, 9, 2, 1), 2).certificate().to_dict()  # dim 11 (quadric-output)


@pytest.fixture(scope="module")
def minimal():
    return minimal_filling_certificate((2, 3, 3, 2, 1), 2).to_dict()


def _refused(cert, field, match=None):
    with pytest.raises(CertificateError, match=match) as info:
        check_certificate(cert)
    assert info.value.field == field, (info.value.field, str(info.value))


def test_valid_ones_pass(exact, quadric, minimal):
    assert check_certificate(copy.deepcopy(exact)).facts["dimension"] == 7
    assert check_certificate(copy.deepcopy(quadric)).facts["dimension"] == 11
    assert check_certificate(copy.deepcopy(minimal)).facts["minimal"] is True


def test_a_singular_minor_is_refused(exact):
    c = copy.deepcopy(exact)
    pts = c["lower"]["points"]
    for k in range(len(pts)):
        pts[k] = list(pts[0])  # every row evaluated at the same input: rank <= d_h = 1
    _refused(c, "lower", "singular mod")


def test_an_inflated_lower_bound_is_refused(exact):
    c = copy.deepcopy(exact)
    c["lower"]["value"] = 8
    _refused(c, "lower.cols", "exactly 8 indices")
    c = copy.deepcopy(exact)
    c["lower"]["cols"][0] = c["lower"]["cols"][1]
    _refused(c, "lower.cols", "distinct")


def test_not_a_prime(exact):
    c = copy.deepcopy(exact)
    c["lower"]["prime"] = "91"
    _refused(c, "lower.prime", "not a prime")


def test_a_float_is_refused(exact):
    c = copy.deepcopy(exact)
    c["lower"]["weights"][0][0][0] = 1.0
    _refused(c, "lower.weights[0][0][0]", "JSON numbers are never accepted")


def test_a_false_upper_derivation_is_refused(exact):
    c = copy.deepcopy(exact)
    c["upper"]["derivation"]["parts"][1]["value"] -= 1
    _refused(c, "upper.derivation.parts[1].value", "gives 5")
    c = copy.deepcopy(exact)
    c["upper"]["derivation"]["cut"] = 2
    _refused(c, "upper.derivation.parts[0].widths")
    c = copy.deepcopy(exact)
    c["upper"]["derivation"] = {"widths": [2, 2, 3, 4, 1], "rule": "symmetric-rank", "value": 7}
    _refused(c, "upper.derivation.rule", "does not apply")
    c = copy.deepcopy(exact)
    c["upper"]["derivation"] = {"widths": [2, 2, 3, 4, 1], "rule": "alexander-hirschowitz", "value": 7}
    _refused(c, "upper.derivation.rule", "does not apply")
    c = copy.deepcopy(exact)
    c["upper"]["value"] = 6
    _refused(c, "upper.value", "proves 7")


def test_a_bound_below_the_lower_bound_is_refused(exact):
    # a self-consistent derivation cannot go below 7 here; a stated upper value of 6 is refused above, and a
    # lower bound above the upper bound is a contradiction
    c = copy.deepcopy(exact)
    c["upper"]["derivation"] = {"widths": [2, 2, 3, 4, 1], "rule": "ambient", "value": 9}
    c["upper"]["value"] = 9
    c["statement"]["relation"] = "="
    _refused(c, "statement", "between")


def test_the_statement_and_numbers_must_match(exact):
    c = copy.deepcopy(exact)
    c["statement"]["value"] = 8
    _refused(c, "statement", "dim = 7")
    c = copy.deepcopy(exact)
    c["statement"]["object"] = {"widths": [2, 2, 3, 4, 1], "degree": 3}
    _refused(c, "statement.object")
    c = copy.deepcopy(exact)
    c["ambient"] = 10
    _refused(c, "ambient", "is 9")
    c = copy.deepcopy(exact)
    c["fills"] = True
    _refused(c, "fills", "fills = False")
    c = copy.deepcopy(exact)
    c["claim"] = c["claim"].replace("= 7", "= 8")
    _refused(c, "claim", "does not state the proved lower = 7")


def test_a_false_independence_witness_is_refused(quadric):
    c = copy.deepcopy(quadric)
    wit = c["upper"]["derivation"]["witness"]
    wit["points"][1] = list(wit["points"][0])
    _refused(c, "upper.derivation.witness", "singular mod")
    c = copy.deepcopy(quadric)
    c["upper"]["derivation"]["witness"]["points"].pop()
    _refused(c, "upper.derivation.witness.points", "must hold 2 inputs")


def test_minimal_filling_refusals(minimal):
    c = copy.deepcopy(minimal)
    c["unimodal"] = False
    _refused(c, "unimodal")
    c = copy.deepcopy(minimal)
    c["smaller"].pop()
    _refused(c, "smaller", "must list 3")
    c = copy.deepcopy(minimal)
    c["smaller"][0]["widths"] = [2, 3, 3, 1, 1]
    _refused(c, "smaller[0].widths", "lowered by one")
    c = copy.deepcopy(minimal)
    c["filling"]["lower"]["points"] = [c["filling"]["lower"]["points"][0]] * len(c["filling"]["lower"]["points"])
    _refused(c, "filling.lower", "singular")


def test_a_non_minimal_architecture_cannot_be_certified(minimal):
    # (2,3,3,3,1) fills, but so does its neighbour (2,3,3,2,1), whose bound is not below the ambient dimension
    c = copy.deepcopy(minimal)
    fill = neurovariety_dimension((2, 3, 3, 3, 1), 2).certificate().to_dict()
    from exactnet.theorems.neurovariety import upper_bound

    c["architecture"] = {"widths": [2, 3, 3, 3, 1], "degree": 2}
    c["statement"]["object"] = c["architecture"]
    c["filling"] = fill
    c["smaller"] = [{"widths": s, "upper": {"value": upper_bound(s, 2)[0], "derivation": upper_bound(s, 2)[1]},
                     "ambient": 9} for s in ([2, 2, 3, 3, 1], [2, 3, 2, 3, 1], [2, 3, 3, 2, 1])]
    _refused(c, "smaller[2].upper", "not below the ambient")


def test_oversized_architectures_are_refused(exact):
    c = copy.deepcopy(exact)
    c["architecture"]["widths"][1] = 10 ** 6
    _refused(c, "architecture.widths[1]", "widths up to 4096")
    c = copy.deepcopy(exact)
    c["architecture"]["degree"] = 1000
    _refused(c, "architecture.degree", "degrees up to 64")
