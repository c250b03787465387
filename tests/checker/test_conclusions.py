"""Every concluded value is verified, and the claim must state (and not contradict) the proved numbers.

Audit finding: ``check_bundle`` copied a bundle's ``conclusion`` unchecked, so changing the Bentkamp
bundle's ``conclusion.rank`` from 4 to 5, or the size-accounting ``shallow_weights_shared``, still
checked "valid".  Now each concluded value of a bundle is evaluated from its ``derivation`` (terms over
the parts' proved values); ``generic-rank`` and ``depth-efficiency`` verify their conclusions
themselves; any other kind refuses a ``conclusion`` field.  Every mutation below must be refused with a
CertificateError naming the field.
"""

from __future__ import annotations

import copy

import pytest

from exactnet.checker import check_certificate
from exactnet.errors import CertificateError
from exactnet.networks import ShallowConvAC
from exactnet.tensors import PoolingTree
from exactnet.theorems.provers import (
    _legacy_depth_efficiency_certificate as depth_efficiency_certificate,
    _legacy_generic_rank_certificate as generic_rank_certificate,
    _legacy_size_accounting_certificate as size_accounting_certificate,
)
from exactnet.theorems import (
    bentkamp_witness_certificate,
    depth_lc_certificate,
    exact_rank_certificate,
    rank_one_sum_certificate,
    shallow_cp_certificate,
    upper_bound_certificate,
)

# Every producer of a certificate kind that has a conclusion (generic-rank, depth-efficiency, bundle).
PRODUCERS = {
    "generic-rank": lambda: generic_rank_certificate(PoolingTree.binary(4), 3, (3, 5), "low-high"),
    "generic-rank-low-high": lambda: generic_rank_certificate(PoolingTree.binary(4), 3, (2, 2), "low-high",
                                                              styles=("random",)),
    "generic-rank-quad-shared": lambda: generic_rank_certificate(PoolingTree.from_windows(16, 4), 2, (2, 2),
                                                                 "low-high", shared=True),
    "depth-efficiency": lambda: depth_efficiency_certificate(3, 4, (2, 2)),
    "depth-efficiency-shared": lambda: depth_efficiency_certificate(2, 4, (2, 1), shared=True),
    "bundle-bentkamp": lambda: bentkamp_witness_certificate(4, 3, (2, 2)),
    "bundle-size": lambda: size_accounting_certificate(4, 2, 2),
    "bundle-shallow-cp": lambda: shallow_cp_certificate(4, 3, 5),
    "bundle-depth-lc": lambda: depth_lc_certificate(8, 2, (4, 3, 4), 2),
}


@pytest.fixture(scope="module")
def certs() -> dict[str, dict]:
    return {name: make().to_dict() for name, make in PRODUCERS.items()}


def _reject(cert: dict, field: str, match: str | None = None) -> CertificateError:
    with pytest.raises(CertificateError, match=match) as info:
        check_certificate(cert)
    assert info.value.field == field, (info.value.field, str(info.value))
    return info.value


def _numbers(conclusion: dict) -> list[str]:
    return [k for k, v in conclusion.items() if isinstance(v, int) and not isinstance(v, bool)]


def _nested_conclusions(cert: dict, path: str = ""):
    """(path, certificate) of the certificate and of every nested certificate that has a conclusion."""
    if "conclusion" in cert:
        yield path, cert
    for key in ("lower", "upper", "shallow"):
        if isinstance(cert.get(key), dict) and "kind" in cert[key]:
            yield from _nested_conclusions(cert[key], f"{path}{key}.")
    for k, part in enumerate(cert.get("parts", [])):
        yield from _nested_conclusions(part, f"{path}parts[{k}].")


# ------------------------------------------------------------------------------------------ the audit cases
def test_bentkamp_bundle_rank_4_to_5_is_refused(certs):
    cert = copy.deepcopy(certs["bundle-bentkamp"])
    assert cert["conclusion"] == {"rank": 4} and check_certificate(cert).facts["conclusion"]["rank"] == 4
    cert["conclusion"]["rank"] = 5
    _reject(cert, "conclusion.rank", r"the parts prove rank = 4 \(derivation.rank\), not 5")


def test_size_accounting_shallow_weights_shared_tampered_is_refused(certs):
    cert = copy.deepcopy(certs["bundle-size"])
    assert check_certificate(cert).facts["conclusion"]["shallow_weights_shared"] == cert["conclusion"][
        "shallow_weights_shared"] == 12
    cert["conclusion"]["shallow_weights_shared"] = 11
    _reject(cert, "conclusion.shallow_weights_shared", "not 11")


# ------------------------------------------------------------------------------------------ every number
@pytest.mark.parametrize("name", sorted(PRODUCERS))
def test_every_concluded_number_is_verified(certs, name):
    """For every certificate (and nested certificate) with a conclusion: change each number, get refused."""
    base = certs[name]
    check_certificate(copy.deepcopy(base))
    seen = 0
    for path, sub in _nested_conclusions(base):
        for key in _numbers(sub["conclusion"]):
            for delta in (1, -1, 10):
                bad = copy.deepcopy(base)
                target = bad
                for step in filter(None, path.rstrip(".").replace("[", ".[").split(".")):
                    target = target[int(step[1:-1])] if step.startswith("[") else target[step]
                target["conclusion"][key] += delta
                _reject(bad, f"{path}conclusion.{key}")
                seen += 1
    assert seen >= 3


@pytest.mark.parametrize("name", sorted(PRODUCERS))
def test_facts_report_the_verified_conclusion(certs, name):
    cert = certs[name]
    facts = check_certificate(copy.deepcopy(cert)).facts
    if cert["kind"] != "generic-rank":
        assert dict(facts["conclusion"]) == cert["conclusion"]
    for key in _numbers(cert["conclusion"]):
        if cert["kind"] != "bundle":
            assert facts[key] == cert["conclusion"][key]


@pytest.mark.parametrize("name", ["generic-rank", "depth-efficiency"])
def test_theorem_kinds_verify_weight_space_and_refuse_unknown_keys(certs, name):
    cert = copy.deepcopy(certs[name])
    space = cert["lower"]["weight_space"]
    cert["conclusion"]["weight_space"] = space
    assert check_certificate(copy.deepcopy(cert)).kind == cert["kind"]
    cert["conclusion"]["weight_space"] = "shared" if space != "shared" else "both"
    _reject(cert, "conclusion.weight_space", "the witness proves the claim for weight space")
    cert = copy.deepcopy(certs[name])
    cert["conclusion"]["rank"] = cert["conclusion"]["generic_rank"]
    _reject(cert, "conclusion.rank", "would not be verified")
    cert = copy.deepcopy(certs[name])
    del cert["conclusion"]["generic_rank"]
    _reject(cert, "conclusion.generic_rank", "missing required key")
    cert = copy.deepcopy(certs[name])
    cert["conclusion"]["generic_rank"] = str(cert["conclusion"]["generic_rank"])
    _reject(cert, "conclusion.generic_rank", "must be a JSON integer")


# ------------------------------------------------------------------------------------------ derivations
def test_a_concluded_value_without_derivation_is_refused(certs):
    cert = copy.deepcopy(certs["bundle-size"])
    del cert["derivation"]["deep_weights"]
    _reject(cert, "conclusion.deep_weights", "has no derivation")
    cert = copy.deepcopy(certs["bundle-size"])
    del cert["derivation"]
    _reject(cert, "conclusion.deep_weights", "has no derivation")


def test_a_derivation_must_refer_to_the_parts(certs):
    cert = copy.deepcopy(certs["bundle-bentkamp"])
    cert["derivation"]["rank"] = 4  # a literal proves nothing
    _reject(cert, "derivation.rank", r"needs at least one \{\"ref\"")
    cert["derivation"]["rank"] = {"add": [{"ref": "parts[2].bound"}, 0]}
    assert check_certificate(cert).facts["conclusion"]["rank"] == 4
    cert["derivation"]["rank"] = {"ref": "parts[0].entries"}  # 81, another proved value
    _reject(cert, "conclusion.rank", r"the parts prove rank = 81")
    cert["derivation"]["rank"] = {"ref": "parts[7].r"}
    _reject(cert, "derivation.rank", "there is no part 7")


def test_a_derivation_of_nothing_and_malformed_objects_are_refused(certs):
    cert = copy.deepcopy(certs["bundle-bentkamp"])
    cert["derivation"]["extra"] = {"ref": "parts[1].r"}
    _reject(cert, "derivation.extra", "which the conclusion does not state")
    cert = copy.deepcopy(certs["bundle-bentkamp"])
    cert["conclusion"] = [4]
    _reject(cert, "conclusion", "must be a JSON object")
    cert = copy.deepcopy(certs["bundle-bentkamp"])
    cert["derivation"] = [{"ref": "parts[1].r"}]
    _reject(cert, "derivation", "must be a JSON object of terms")
    cert = copy.deepcopy(certs["bundle-bentkamp"])
    cert["conclusion"]["rank"] = True
    _reject(cert, "conclusion.rank", "must be a number")


def test_non_numeric_concluded_values_compare_as_json(certs):
    cert = copy.deepcopy(certs["bundle-shallow-cp"])
    cert["conclusion"]["partition"] = {"rows": [0, 2], "cols": [1, 3]}
    cert["derivation"]["partition"] = {"ref": "parts[0].partition"}
    cert["conclusion"]["exact"] = True
    cert["derivation"]["exact"] = {"ref": "parts[1].exact"}
    facts = check_certificate(copy.deepcopy(cert)).facts
    assert facts["conclusion"]["partition"] == {"rows": [0, 2], "cols": [1, 3]} and facts["conclusion"]["exact"] is True
    bad = copy.deepcopy(cert)
    bad["conclusion"]["partition"] = {"rows": [0, 1], "cols": [2, 3]}
    _reject(bad, "conclusion.partition", "the parts prove partition")
    bad = copy.deepcopy(cert)
    bad["conclusion"]["exact"] = 1  # JSON 1 is not true
    _reject(bad, "conclusion.exact")


def test_rational_concluded_values(certs):
    cert = copy.deepcopy(certs["bundle-size"])
    assert cert["conclusion"]["deep_weights"] == 10 and cert["conclusion"]["shallow_weights_unshared"] == 36
    cert["conclusion"]["ratio"] = "5/18"
    cert["derivation"]["ratio"] = {"mul": [{"ref": "parts[1].count"}, "1/36"]}
    _reject(copy.deepcopy(cert), "claim", "does not state the proved conclusion.ratio = 5/18")
    cert["claim"] += " (ratio 5/18)"
    assert str(check_certificate(copy.deepcopy(cert)).facts["conclusion"]["ratio"]) == "5/18"
    cert["conclusion"]["ratio"] = "10/36"  # the same number, unreduced
    check_certificate(copy.deepcopy(cert))
    cert["conclusion"]["ratio"] = "11/36"
    _reject(cert, "conclusion.ratio", "the parts prove ratio = 5/18")


# ------------------------------------------------------------------------------------------ other kinds
def test_kinds_without_a_conclusion_refuse_one(certs):
    upper = upper_bound_certificate(PoolingTree.binary(4), 3, (2, 2), "odd-even").to_dict()
    check_certificate(upper)
    upper["conclusion"] = {"bound": upper["bound"]}
    _reject(upper, "conclusion", "has no conclusion")
    cert = copy.deepcopy(certs["depth-efficiency"])
    cert["lower"]["conclusion"] = {"r": cert["lower"]["r"]}  # nested certificates go through the dispatcher
    _reject(cert, "lower.conclusion", "has no conclusion")
    cert = copy.deepcopy(certs["bundle-bentkamp"])
    cert["parts"][0]["conclusion"] = {"entries": 81}
    _reject(cert, "parts[0].conclusion", "has no conclusion")


def test_nested_certificates_are_checked_with_their_envelope(certs):
    cert = copy.deepcopy(certs["depth-efficiency"])
    del cert["upper"]["claim"]
    _reject(cert, "upper.claim", "missing")
    cert = copy.deepcopy(certs["depth-efficiency"])
    cert["shallow"]["kind"] = "parameter-count"
    _reject(cert, "shallow.kind", 'expected kind "structural-upper-bound"')
    cert = copy.deepcopy(certs["generic-rank"])
    cert["lower"] = "x"
    _reject(cert, "lower", "must be a complete network-rank-lower-bound certificate")


# ------------------------------------------------------------------------------------------ claims
def _claim_swap(cert: dict, old: str, new: str) -> dict:
    bad = copy.deepcopy(cert)
    assert old in bad["claim"], (old, bad["claim"])
    bad["claim"] = bad["claim"].replace(old, new)
    return bad


def test_claim_rank_statements_must_follow_from_the_proof(certs):
    # bundle: the stated rank must be a concluded number
    _reject(_claim_swap(certs["bundle-bentkamp"], "odd-even = 4", "odd-even = 5"), "claim",
            r"states rank \[..\] = 5, but 5 is not a concluded value")
    # generic-rank: = R exactly; a weaker true statement is fine
    gr = certs["generic-rank"]
    _reject(_claim_swap(gr, "rank [A]_{I,J} = 3", "rank [A]_{I,J} = 4"), "claim", "proves rank = 3")
    check_certificate(_claim_swap(gr, "rank [A]_{I,J} = 3", "rank [A]_{I,J} = 3, so rank [A]_{I,J} >= 2"))
    # lower bound: >= n with n <= r
    lower = certs["depth-efficiency"]["lower"]
    _reject(_claim_swap(lower, ">= 4", ">= 5"), "claim", r"states rank \[..\] >= 5, but the certificate proves rank >= 4")
    _reject(_claim_swap(lower, ">= 4", "= 4"), "claim", "proves rank >= 4")
    check_certificate(_claim_swap(lower, ">= 4", ">= 4 (so rank [A^0]_{I,J} >= 3)"))
    # upper bound: <= n with n >= bound
    upper = certs["depth-efficiency"]["upper"]
    _reject(_claim_swap(upper, "<= 4", "<= 3"), "claim", "proves rank <= 4")
    check_certificate(_claim_swap(upper, "<= 4", "<= 4 <= 5, so rank [A^y]_{I,J} <= 5"))


def test_claim_must_state_the_proved_numbers(certs):
    de = depth_efficiency_certificate(2, 8, (2, 1, 1)).to_dict()
    _reject(_claim_swap(de, "16", "15"), "claim", "does not state the proved generic_rank = 16")
    size = certs["bundle-size"]
    assert size["conclusion"]["deep_weights"] == 10
    _reject(_claim_swap(size, "has 10 weights", "has 9 weights"), "claim",
            "does not state the proved conclusion.deep_weights = 10")
    count = size["parts"][1]
    _reject(_claim_swap(count, "10 weights", "11 weights"), "claim", "does not state the proved count = 10")
    net = ShallowConvAC.random(3, 2, 3, seed=4)
    ros = rank_one_sum_certificate(net, [0]).to_dict()
    _reject(_claim_swap(ros, "<= 3", "<= 2"), "claim", "proves rank <= 3")
    r, nmr = exact_rank_certificate(net, [0])
    nmr = nmr.to_dict()
    _reject(_claim_swap(nmr, f"= {r} over Q", f"= {r + 1} over Q"), "claim", f"proves rank = {r}")


def test_every_prover_claim_passes_the_claim_checks(certs):
    for name, cert in certs.items():
        assert check_certificate(copy.deepcopy(cert)).claim == cert["claim"], name
