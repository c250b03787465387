"""The independent checker's network and theorem kinds: mutation tests and independent oracles.

Certificates are built by the provers (exactnet.theorems) and then corrupted one field at a time;
every corruption must be rejected with a CertificateError naming the field.  Oracles: the checker's
own forward pass against the networks layer's grid tensors, its own determinant against FLINT, and
its structural bounds against the prover's independent implementation and against exact ranks.
"""

from __future__ import annotations

import copy
import itertools

import flint
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from exactnet.checker import check_certificate
from exactnet.checker import _network as cn
from exactnet.checker._theorem import check_bundle, check_depth_efficiency
from exactnet.core.linalg import rank as exact_rank
from exactnet.errors import CertificateError
from exactnet.networks import DeepConvAC, Representation, ShallowConvAC, bentkamp_witness
from exactnet.tensors import Partition, PoolingTree, matricize
from exactnet.theorems.provers import (
    _legacy_depth_efficiency_certificate as depth_efficiency_certificate,
    _legacy_generic_rank_certificate as generic_rank_certificate,
    _legacy_size_accounting_certificate as size_accounting_certificate,
)
from exactnet.theorems import (
    lower_bound_certificate,
    shallow_rank_bound,
    shared_shallow_obstruction_certificate,
    upper_bound_certificate,
)
from exactnet.theorems.lower import bentkamp_minor
from exactnet.theorems.provers import bentkamp_witness_certificate

P = 2147483647


# ------------------------------------------------------------------------------------------ fixtures
@pytest.fixture(scope="module")
def thm1():
    """Depth-efficiency certificate, N=4, M=3, widths (2, 2), as a JSON dict."""
    return depth_efficiency_certificate(3, 4, (2, 2)).to_dict()


@pytest.fixture(scope="module")
def lower_random():
    """A generic lower bound from a random unshared witness (low/high, N=4, M=3, (3, 5))."""
    c = generic_rank_certificate(PoolingTree.binary(4), 3, (3, 5), "low-high")
    return c.to_dict()["lower"]


def _reject(cert: dict, match: str, field: str | None = None) -> CertificateError:
    with pytest.raises(CertificateError, match=match) as info:
        check_certificate(cert)
    if field is not None:
        assert info.value.field == field
    return info.value


# ------------------------------------------------------------------------------------------ valid
def test_the_unmodified_certificates_pass(thm1, lower_random):
    facts = check_certificate(thm1).facts
    assert facts["generic_rank"] == 4 and facts["shallow_width_needed"] == 4
    assert check_certificate(lower_random).facts["r"] == 3


# ------------------------------------------------------------------------------------------ lower bound
def test_corrupt_minor_index_makes_the_minor_singular(thm1):
    lower = copy.deepcopy(thm1["lower"])
    # Bentkamp's witness, r_0 = 2, M = 3: template index 2 reads a zero channel -> zero row
    lower["minor"]["rows"][0] = [2, 0]
    _reject(lower, "singular modulo", "minor")


def test_repeated_minor_index(thm1):
    lower = copy.deepcopy(thm1["lower"])
    lower["minor"]["rows"][1] = list(lower["minor"]["rows"][0])
    _reject(lower, "repeated multi-index", "minor.rows[1]")


def test_minor_index_out_of_range_and_wrong_length(thm1):
    lower = copy.deepcopy(thm1["lower"])
    lower["minor"]["cols"][0] = [3, 0]
    _reject(lower, "out of range 0..2", "minor.cols[0][0]")
    lower = copy.deepcopy(thm1["lower"])
    lower["minor"]["cols"][0] = [0]
    _reject(lower, "one template index per col mode", "minor.cols[0]")


def test_corrupt_weight_is_caught(lower_random):
    cert = copy.deepcopy(lower_random)
    net = cert["network"]
    net["leaf_weights"][0] = [["0"] * 3 for _ in net["leaf_weights"][0]]  # leaf 0 outputs zero: A = 0
    _reject(cert, "singular modulo", "minor")


def test_corrupt_weight_changes_the_determinant_only(lower_random):
    cert = copy.deepcopy(lower_random)
    w = cert["network"]["node_weights"][0][0]
    w[0] = str(int(w[0]) + 1)  # a different weight setting: still generic, the minor should survive
    check_certificate(cert)


def test_float_weight_is_refused(lower_random):
    cert = copy.deepcopy(lower_random)
    cert["network"]["output_weights"][0][0] = 1.5
    _reject(cert, "never a JSON float", "network.output_weights[0][0]")


def test_composite_prime_is_refused(thm1):
    lower = copy.deepcopy(thm1["lower"])
    lower["prime"] = 1000003 * 1000033
    _reject(lower, "is not a prime", "prime")
    lower["prime"] = 1
    _reject(lower, "integer >= 2", "prime")


def test_prime_dividing_a_denominator_is_refused():
    rep = Representation.identity(2)
    net = DeepConvAC.from_weights(PoolingTree.binary(2), rep, [[["1/7", "0"], ["0", "1"]], [[1, 0], [0, 1]]], [],
                                  [[1, 1]])
    cert = lower_bound_certificate(net, "odd-even").to_dict()
    cert["prime"] = 7
    _reject(cert, "divides the denominator")


def test_claimed_rank_must_match_the_minor(thm1):
    lower = copy.deepcopy(thm1["lower"])
    lower["r"] = 5
    _reject(lower, "exactly r = 5 multi-indices", "minor.rows")


def test_generic_claim_needs_its_status_and_a_shared_witness(thm1, lower_random):
    lower = copy.deepcopy(thm1["lower"])
    lower["status"] = "lower-bound"
    _reject(lower, "almost-everywhere", "status")
    cert = copy.deepcopy(lower_random)
    cert["weight_space"] = "shared"  # the random witness has different weights per location
    _reject(cert, "not a point of the shared weight space", "network.shared")
    cert["weight_space"] = "anything"
    _reject(cert, "must be one of", "weight_space")


def test_partition_errors(thm1):
    lower = copy.deepcopy(thm1["lower"])
    lower["partition"] = {"rows": [0, 2], "cols": [1]}
    _reject(lower, "missing 0-based modes \\[3\\]", "partition")
    lower["partition"] = {"rows": [0, 2], "cols": [2, 1, 3]}
    _reject(lower, "increasing order", "partition.cols")
    lower["partition"] = {"rows": [0, 4], "cols": [1, 3]}
    _reject(lower, "modes are 0-based", "partition.rows[1]")


def test_network_json_errors(thm1):
    lower = copy.deepcopy(thm1["lower"])
    lower["network"]["tree"] = [[0, 1], [2, 2]]
    _reject(lower, "exactly once", "network.tree")
    lower = copy.deepcopy(thm1["lower"])
    lower["network"]["representation"] = {"type": "wavelet"}
    _reject(lower, "unknown representation type", "network.representation.type")
    lower = copy.deepcopy(thm1["lower"])
    lower["output"] = 3
    _reject(lower, "does not exist", "output")


def test_unshared_node_weights_count(lower_random):
    cert = copy.deepcopy(lower_random)
    cert["network"]["node_weights"].pop()
    _reject(cert, "one matrix per internal non-root node", "network.node_weights")


# ------------------------------------------------------------------------------------------ theorem level
def test_depth_efficiency_architecture_mismatch(thm1):
    cert = copy.deepcopy(thm1)
    cert["upper"]["architecture"]["M"] = 4  # leaf-span bound still min(2, 4)^2 = 4
    _reject(cert, "different architecture: M", "upper.architecture.M")


def test_depth_efficiency_shallow_and_conclusion(thm1):
    cert = copy.deepcopy(thm1)
    cert["shallow"]["architecture"]["Z"] = 4
    cert["shallow"]["bound"] = 4
    _reject(cert, "the claim states rank \\[..\\] <= 3, but the certificate proves rank <= 4", "shallow.claim")
    cert["shallow"]["claim"] = cert["shallow"]["claim"].replace("Z=3", "Z=4").replace("<= 3", "<= 4")
    _reject(cert, "Z = R - 1 = 3", "shallow.architecture.Z")
    cert = copy.deepcopy(thm1)
    cert["conclusion"]["generic_rank"] = 9
    _reject(cert, "not 9", "conclusion.generic_rank")
    cert = copy.deepcopy(thm1)
    cert["conclusion"]["shallow_width_needed"] = 5
    _reject(cert, "needs Z >= 4, not 5", "conclusion.shallow_width_needed")


def test_depth_efficiency_nested_errors_name_the_part(thm1):
    cert = copy.deepcopy(thm1)
    cert["lower"]["minor"]["rows"][0] = [2, 2]
    err = _reject(cert, "singular")
    assert err.field == "lower.minor"


def test_depth_efficiency_needs_a_generic_lower_bound(thm1):
    cert = copy.deepcopy(thm1)
    cert["lower"]["generic"] = False
    cert["lower"]["status"] = "lower-bound"
    _reject(cert, "must be a generic", "lower.generic")


def test_depth_efficiency_upper_bound_for_shared_space_only():
    cert = depth_efficiency_certificate(2, 16, (4, 4), window=4, shared=True).to_dict()
    assert cert["lower"]["weight_space"] == "shared" and cert["conclusion"]["generic_rank"] == 81
    check_depth_efficiency(cert)
    cert["lower"]["weight_space"] = "both"  # the shared bound 81 says nothing about unshared weights
    _reject(cert, "cannot bound the unshared weight space", "upper.architecture.shared")


def test_bundle_relations_are_checked():
    cert = size_accounting_certificate().to_dict()
    assert check_bundle(cert)["parts"][1]["count"] == 14
    bad = copy.deepcopy(cert)
    bad["relations"][3]["right"] = 15
    _reject(bad, "14 == 15 is false", "relations[3]")
    bad = copy.deepcopy(cert)
    bad["relations"][0]["left"] = {"ref": "parts[9].Z"}
    _reject(bad, "there is no part 9", "relations[0].left")
    bad = copy.deepcopy(cert)
    bad["relations"][0]["left"] = {"ref": "parts[1].claim_words"}
    _reject(bad, "proved no value named", "relations[0].left")
    bad = copy.deepcopy(cert)
    bad["relations"][0]["op"] = "~"
    _reject(bad, "op must be one of", "relations[0].op")
    bad = copy.deepcopy(cert)
    bad["parts"][1]["count"] = 13
    _reject(bad, "has 14 weights, not 13", "parts[1].count")


def test_bundle_arithmetic_and_booleans():
    base = shallow_rank_bound(2, 2, 3, [0]).to_dict()
    cert = {"format": "exactnet.certificate", "schema_version": 1, "exactnet_version": "0", "kind": "bundle",
            "claim": "3^2 = 9", "field": "Q", "status": "exact", "parts": [base],
            "relations": [{"left": {"pow": [{"ref": "parts[0].bound"}, 2]}, "op": "==", "right": {"mul": [3, "3"]}}]}
    check_certificate(cert)
    cert["relations"][0]["right"] = True
    _reject(cert, "true/false compare only", "relations[0]")


def test_generic_rank_parts_must_be_about_the_same_thing():
    cert = generic_rank_certificate(PoolingTree.binary(4), 3, (3, 5), "low-high").to_dict()
    assert check_certificate(cert).facts["generic_rank"] == 3
    other = upper_bound_certificate(PoolingTree.binary(4), 3, (3, 4), "low-high").to_dict()  # also bound 3
    bad = copy.deepcopy(cert)
    bad["upper"] = other
    _reject(bad, "different architecture: widths", "upper.architecture.widths")
    bad = copy.deepcopy(cert)
    bad["upper"] = upper_bound_certificate(PoolingTree.binary(4), 3, (3, 5), [2, 3]).to_dict()  # transposed, bound 3
    assert bad["upper"]["bound"] == 3
    _reject(bad, "same partition", "upper.partition")
    bad = copy.deepcopy(cert)
    bad["conclusion"]["generic_rank"] = 4
    _reject(bad, "prove generic rank 3, not 4", "conclusion.generic_rank")
    bad = copy.deepcopy(cert)
    bad["lower"]["minor"]["rows"] = bad["lower"]["minor"]["rows"][:2]
    bad["lower"]["minor"]["cols"] = bad["lower"]["minor"]["cols"][:2]
    bad["lower"]["r"] = 2
    _reject(bad, "the claim states rank \\[..\\] >= 3, but the certificate proves rank >= 2", "lower.claim")
    bad["lower"]["claim"] = bad["lower"]["claim"].replace(">= 3", ">= 2")
    _reject(bad, "differs from the lower bound 2", "upper.bound")


def test_network_matrix_rank_recomputes_the_matrix():
    from exactnet.theorems import exact_rank_certificate

    net = DeepConvAC.random(PoolingTree.binary(4), 2, (2, 2), seed=5)
    r, cert = exact_rank_certificate(net, "odd-even")
    d = cert.to_dict()
    assert check_certificate(d).facts["rank"] == r
    bad = copy.deepcopy(d)
    bad["matrix_rank"]["matrix"]["entries"][0][0] = "12345"
    _reject(bad, "entry \\(0, 0\\) is not A", "matrix_rank.matrix.entries[0][0]")
    bad = copy.deepcopy(d)
    bad["partition"] = {"rows": [0, 1], "cols": [2, 3]}  # same shape, different matricization
    with pytest.raises(CertificateError):
        check_certificate(bad)
    bad = copy.deepcopy(d)
    bad["matrix_rank"]["lower"]["prime"] = "4"
    _reject(bad, "4 is not a prime", "matrix_rank.lower.prime")
    _, coeff = exact_rank_certificate(net, "odd-even", tensor="coefficient")
    assert check_certificate(coeff.to_dict()).facts["tensor"] == "coefficient"


def test_bundle_same_relation_ties_parts_together():
    from exactnet.theorems import shallow_cp_certificate

    cert = shallow_cp_certificate(4, 3, 5).to_dict()
    check_certificate(cert)
    bad = copy.deepcopy(cert)
    other = ShallowConvAC.random(4, 3, 5, seed=99)
    from exactnet.theorems import exact_rank_certificate

    bad["parts"][1] = exact_rank_certificate(other, [0, 2])[1].to_dict()  # another network, also rank 5
    _reject(bad, "the two values differ", "relations[3]")


def test_parameter_count_and_symmetric_obstruction():
    sym = shared_shallow_obstruction_certificate().to_dict()
    assert check_certificate(sym).facts["not_symmetric"] is True
    sym["tensor"]["entries"] = [["0", "1"], ["1", "0"]]  # symmetric: no obstruction
    _reject(sym, "do not show an asymmetry", "index")


def test_network_grid_tensor_kind():
    cert = bentkamp_witness_certificate().to_dict()["parts"][0]
    assert check_certificate(cert).facts["entries"] == 81
    cert["tensor"]["entries"][0][0][1][1] = "0"  # A*[0,0,1,1] = 1 for the witness
    _reject(cert, "has 1 at \\[0, 0, 1, 1\\], not 0", "tensor.entries[0][0][1][1]")


# ------------------------------------------------------------------------------------------ oracles
def _random_rep(draw, M: int):
    kind = draw(st.sampled_from(["identity", "matrix", "monomial", "relu"]))
    ints = st.integers(-3, 3)
    if kind == "identity":
        return Representation.identity(M)
    if kind == "matrix":
        T = draw(st.integers(1, 3))
        return Representation.from_matrix([[draw(ints) for _ in range(M)] for _ in range(T)])
    if kind == "monomial":
        T = draw(st.integers(1, 3))
        return Representation.monomials([f"{draw(ints)}/{draw(st.integers(1, 3))}" for _ in range(T)], M)
    T = draw(st.integers(1, 3))
    return Representation.relu([[draw(ints), draw(ints)] for _ in range(M)], [draw(ints) for _ in range(M)],
                               [[draw(ints), draw(ints)] for _ in range(T)])


@st.composite
def small_networks(draw):
    M = draw(st.integers(1, 3))
    rep = _random_rep(draw, M)
    seed = draw(st.integers(0, 10**6))
    if draw(st.booleans()):
        return ShallowConvAC.random(draw(st.integers(2, 4)), M, draw(st.integers(1, 3)), Y=draw(st.integers(1, 2)),
                                    shared=draw(st.booleans()), seed=seed, representation=rep)
    tree = draw(st.sampled_from([((0, 1), (2, 3)), (0, 1, 2), ((0, 1), 2), (((0, 1), 2), 3), ((0, 2), (1, 3))]))
    t = PoolingTree.from_nested(tree)
    widths = tuple(draw(st.integers(1, 3)) for _ in range(t.height))
    shared = draw(st.booleans()) and len({t.leaf_level(i) for i in range(t.num_modes)}) == 1
    return DeepConvAC.random(t, M, widths, Y=draw(st.integers(1, 2)), shared=shared, seed=seed, representation=rep)


@settings(deadline=None, max_examples=40)
@given(small_networks())
def test_checker_forward_pass_matches_the_networks_grid_tensor(net):
    parsed = cn.parse_network(net.to_dict())
    assert [[str(x) for x in row] for row in parsed.F] == [[str(x) for x in row] for row in
                                                            net.representation.matrix.tolist()]
    for y in range(net.Y):
        G = net.grid_tensor(output=y)
        ev = cn._Evaluator(parsed, y, P)
        exact = cn._ExactEvaluator(parsed, y)
        for d in itertools.product(range(G.shape[0]), repeat=net.N):
            q = G.fraction(d)
            assert ev.entry(d) == q.numerator * pow(q.denominator, -1, P) % P
            assert exact.entry(d) == q


@settings(deadline=None, max_examples=30)
@given(st.integers(1, 7), st.integers(0, 10**6), st.sampled_from([2147483647, 101, 2**61 - 1]))
def test_checker_determinants_match_flint(n, seed, p):
    rng = np.random.default_rng(seed)
    A = rng.integers(-5, 6, size=(n, n))
    if seed % 3 == 0 and n > 1:
        A[-1] = A[0] * 2  # singular
    rows = [[int(x) for x in row] for row in A]
    want = int(flint.fmpz_mat(rows).det()) % p
    assert cn.det_mod_p(rows, p) == want
    if p < 2**31:
        assert cn._det_mod_p_numpy(rows, p) == want


def test_a_bentkamp_minor_is_the_identity():
    net = bentkamp_witness(4, 3, (2, 2))
    rows, cols = bentkamp_minor(4, 2)
    parsed = cn.parse_network(net.to_dict())
    ev = cn._Evaluator(parsed, 0, P)
    M = [[ev.entry((r[0], c[0], r[1], c[1])) for c in cols] for r in rows]
    assert M == [[int(i == j) for j in range(4)] for i in range(4)]
