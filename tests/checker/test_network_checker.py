"""The version-1 network kinds still read by the checker (the parts of the skeleton route's composite
certificates and of the pooling-geometry bundles): mutation tests and independent oracles.

Certificates are built by the provers and then corrupted one field at a time; every corruption must be
rejected with a CertificateError naming the field.  Oracles: the checker's own forward pass against the
networks layer's grid tensors, its own determinant against FLINT, and its structural bounds against the
prover's independent implementation and against exact ranks.
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
from exactnet.core.linalg import rank as exact_rank
from exactnet.errors import CertificateError
from exactnet.networks import DeepConvAC, Representation, ShallowConvAC, bentkamp_witness
from exactnet.tensors import Partition, PoolingTree, as_partition, matricize
from exactnet.theorems import shallow_rank_bound, structural_bounds, upper_bound_certificate
from exactnet.theorems.lower import bentkamp_minor, dense_minor, find_witness, is_shared_point, minor_certificate

P = 2147483647


def _v1_lower(net, partition, generic=True, minor=None, space=None, prime=P) -> dict:
    """The version-1 network-rank-lower-bound certificate of a witness minor (as the skeleton route writes it)."""
    part = as_partition(partition, net.N)
    rows, cols = minor if minor is not None else dense_minor(net, part)[1:]
    space = space or ("both" if is_shared_point(net) else "unshared")
    claim = f"rank [A^0]_{{I,J}} >= {len(rows)} for almost every weight setting" if generic else \
        f"rank [A^0]_{{I,J}} >= {len(rows)} for this weight setting"
    return minor_certificate(net, part, 0, rows, cols, prime, claim, generic=generic, weight_space=space).to_dict()


def _v1_generic_rank(tree, M, widths, partition) -> dict:
    """A version-1 generic-rank certificate (witness minor + structural bound), as the skeleton route writes it."""
    part = as_partition(partition, tree.num_modes)
    w = find_witness(tree, M, widths, part, target=min(structural_bounds(tree, M, widths, part).values()))
    lower, upper = _v1_lower(w.network, part, minor=(w.rows, w.cols)), upper_bound_certificate(tree, M, widths, part)
    return {**{k: lower[k] for k in ("format", "schema_version", "exactnet_version")}, "kind": "generic-rank",
            "claim": f"for almost every weight setting: rank [A]_{{I,J}} = {w.rank}", "field": "Q",
            "status": "almost-everywhere", "lower": lower, "upper": upper.to_dict(),
            "conclusion": {"generic_rank": w.rank, "weight_space": lower["weight_space"]}}


# ------------------------------------------------------------------------------------------ fixtures
@pytest.fixture(scope="module")
def thm1():
    """Bentkamp's witness (N=4, M=3, widths (2, 2)): its generic lower bound and the leaf-span upper bound."""
    net, part = bentkamp_witness(4, 3, (2, 2)), Partition.named("odd-even", 4)
    return {"lower": _v1_lower(net, part, minor=bentkamp_minor(4, 2)),
            "upper": upper_bound_certificate(PoolingTree.binary(4), 3, (2, 2), part).to_dict()}


@pytest.fixture(scope="module")
def lower_random():
    """A generic lower bound from a random unshared witness (low/high, N=4, M=3, (3, 5))."""
    return _v1_generic_rank(PoolingTree.binary(4), 3, (3, 5), "low-high")["lower"]


def _reject(cert: dict, match: str, field: str | None = None) -> CertificateError:
    with pytest.raises(CertificateError, match=match) as info:
        check_certificate(cert)
    if field is not None:
        assert info.value.field == field
    return info.value


# ------------------------------------------------------------------------------------------ valid
def test_the_unmodified_certificates_pass(thm1, lower_random):
    assert check_certificate(thm1["lower"]).facts["r"] == 4 and check_certificate(thm1["upper"]).facts["bound"] == 4
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
    cert = _v1_lower(net, "odd-even", generic=False)
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
def test_bundle_relations_are_checked():
    parts = [shallow_rank_bound(2, 2, 3, [0]).to_dict(), shallow_rank_bound(2, 2, 4, [0]).to_dict()]
    cert = {"format": "exactnet.certificate", "schema_version": 1, "exactnet_version": "0", "kind": "bundle",
            "claim": "3 < 4", "field": "Q", "status": "exact", "parts": parts,
            "relations": [{"left": {"ref": "parts[0].bound"}, "op": "<", "right": {"ref": "parts[1].bound"}}]}
    check_certificate(cert)
    bad = copy.deepcopy(cert)
    bad["relations"][0]["op"] = ">"
    _reject(bad, "3 > 4 is false", "relations[0]")
    bad = copy.deepcopy(cert)
    bad["relations"][0]["left"] = {"ref": "parts[9].bound"}
    _reject(bad, "there is no part 9", "relations[0].left")
    bad = copy.deepcopy(cert)
    bad["relations"][0]["left"] = {"ref": "parts[1].claim_words"}
    _reject(bad, "proved no value named", "relations[0].left")
    bad = copy.deepcopy(cert)
    bad["relations"][0]["op"] = "~"
    _reject(bad, "op must be one of", "relations[0].op")
    bad = copy.deepcopy(cert)
    bad["parts"][1]["bound"] = 5
    _reject(bad, "bound", "parts[1].bound")


def test_bundle_arithmetic_and_booleans():
    base = shallow_rank_bound(2, 2, 3, [0]).to_dict()
    cert = {"format": "exactnet.certificate", "schema_version": 1, "exactnet_version": "0", "kind": "bundle",
            "claim": "3^2 = 9", "field": "Q", "status": "exact", "parts": [base],
            "relations": [{"left": {"pow": [{"ref": "parts[0].bound"}, 2]}, "op": "==", "right": {"mul": [3, "3"]}}]}
    check_certificate(cert)
    cert["relations"][0]["right"] = True
    _reject(cert, "true/false compare only", "relations[0]")


def test_generic_rank_parts_must_be_about_the_same_thing():
    cert = _v1_generic_rank(PoolingTree.binary(4), 3, (3, 5), "low-high")
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
        for d in itertools.product(range(G.shape[0]), repeat=net.N):
            q = G.fraction(d)
            assert ev.entry(d) == q.numerator * pow(q.denominator, -1, P) % P


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
