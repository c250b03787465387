"""The published numbers come out exactly, each from a certificate the independent checker accepts.

Values are read from the checker's report (``.facts``), never from the prover's own data alone.
"""

from __future__ import annotations

import pytest

from exactnet.errors import DomainError, InvalidArgumentError, PartitionError, ShapeError
from exactnet.networks import DeepConvAC, ShallowConvAC, bentkamp_witness
from exactnet.tensors import Partition, PoolingTree, matricize
from exactnet.core.linalg import rank as exact_rank
from exactnet.theorems import (
    deep_parameter_count,
    depth_efficiency_certificate,
    depth_lc_certificate,
    depth_lc_dimension,
    find_witness,
    generic_rank_certificate,
    generic_rank_lower_bound,
    low_high_certificate,
    lower_bound_certificate,
    shallow_cp_certificate,
    shallow_rank_bound,
    shared_shallow_obstruction_certificate,
    size_accounting_certificate,
    structural_bounds,
    upper_bound_certificate,
)
from exactnet.theorems._provers import bentkamp_tensor_certificate, bentkamp_witness_certificate


def facts(cert):
    return cert.check().facts


# ------------------------------------------------------------------ published values
@pytest.mark.parametrize("M,N,widths,R", [
    (2, 4, (2, 1), 4), (3, 4, (2, 2), 4), (3, 4, (3, 5), 9), (2, 8, (2, 1, 1), 16), (3, 8, (2, 2, 2), 16),
    (3, 8, (3, 3, 3), 81),
])
@pytest.mark.parametrize("shared", [False, True])
def test_theorem1_generic_rank_and_shallow_width(M, N, widths, R, shared):
    cert = depth_efficiency_certificate(N, M, widths, shared=shared)
    f = facts(cert)
    rank = cert.evidence["premises"][0]
    assert f["value"] == R and cert.proposition["quantity"] == "generic_shallow_width_needed"
    assert rank["proposition"]["quantity"] == "generic_matricization_rank" and rank["proposition"]["value"] == R
    assert bool(rank["proposition"]["object"]["ties"]) is shared  # the weight space stated: tied or not


def test_theorem1_not_nine_for_r0_2_m_3():
    """Row 2: the widths above layer 0 do not matter; min(r_0, M)^2 = 4 < M^2 = 9."""
    for r1 in (1, 2, 5):
        assert facts(depth_efficiency_certificate(4, 3, (2, r1)))["value"] == 4


def test_theorem1_with_rank_one_is_refused():
    with pytest.raises(DomainError, match="generic rank is 1; depth efficiency needs R >= 2"):
        depth_efficiency_certificate(4, 3, (1, 5))


# ------------------------------------------------------------------ row 4
def test_bentkamp_witness_tensor_and_rank():
    cert = bentkamp_witness_certificate(4, 3, (2, 2))
    lower, upper = (p["proposition"] for p in cert.evidence["premises"])
    assert facts(cert)["value"] == 4 and (lower["relation"], lower["value"], upper["relation"]) == (">=", 4, "<=")
    tensor = bentkamp_tensor_certificate(4, 3, (2, 2))
    assert facts(tensor)["status"] == "exact" and len(tensor.value["numerators"]) == 81
    A = bentkamp_witness(4, 3, (2, 2)).coefficient_tensor(output=0)
    assert A[0, 0, 1, 1] == 1 and A[2, 2, 0, 0] == 0 and A[0, 1, 0, 0] == 0


# ------------------------------------------------------------------ row 5 and section 1.4 low/high
@pytest.mark.parametrize("N,M,widths,R", [
    (4, 3, (2, 2), 2), (4, 3, (3, 5), 3), (4, 3, (4, 5), 4), (4, 3, (9, 4), 4), (4, 3, (9, 9), 9),
    (8, 2, (2, 2, 2), 2), (8, 2, (2, 1, 1), 1),
])
def test_low_high_generic_rank(N, M, widths, R):
    cert = low_high_certificate(N, M, widths)
    lower, upper = (p["proposition"]["value"] for p in cert.evidence["premises"])
    assert facts(cert)["value"] == R == lower == upper and facts(cert)["status"] == "almost-everywhere"


def test_low_high_contrast_with_odd_even():
    """the same networks have odd/even rank 4, 9 (N=4, M=3) and 16, 16 (N=8, M=2)."""
    for N, M, w, R in [(4, 3, (2, 2), 4), (4, 3, (3, 5), 9), (8, 2, (2, 2, 2), 16), (8, 2, (2, 1, 1), 16)]:
        assert facts(generic_rank_certificate(PoolingTree.binary(N), M, w, "odd-even"))["value"] == R


# ------------------------------------------------------------------ row 6
@pytest.mark.parametrize("rows", [[0, 2], [0, 1]])
def test_shallow_cp_rank_five(rows):
    cert = shallow_cp_certificate(4, 3, 5, rows)
    assert facts(cert)["value"] == 5 and facts(cert)["status"] == "almost-everywhere"
    assert cert.evidence["premises"][1]["evidence"]["method"] in ("sep-recursion", "cut-recursion")
    net = ShallowConvAC.random(4, 3, 5, seed=0)
    assert exact_rank(matricize(net.grid_tensor(output=0), Partition.from_rows(rows, 4))).rank == 5


def test_shallow_rank_never_exceeds_z():
    for seed in range(3):
        for rows in ([0], [0, 1], [0, 2], [1, 2]):
            net = ShallowConvAC.random(4, 2, 3, seed=seed)
            r = exact_rank(matricize(net.grid_tensor(output=0), Partition.from_rows(rows, 4))).rank
            assert r <= shallow_rank_bound(4, 2, 3, rows).check().facts["value"] == 3


# ------------------------------------------------------------------ rows 7, section 1.6
def test_size_accounting():
    cert = size_accounting_certificate(8, 2, 2)
    count, width = (p["proposition"] for p in cert.evidence["premises"])
    assert facts(cert)["value"] == 272 and count["value"] == 14 and width["value"] == 16
    assert count["quantity"] == "parameter_count" and len(count["object"]["ties"]) == 3
    net = DeepConvAC.random(PoolingTree.binary(8), 2, (2, 2, 2), shared=True)
    assert net.num_weights == deep_parameter_count(PoolingTree.binary(8), 2, (2, 2, 2), shared=True) == 14
    unshared = DeepConvAC.random(PoolingTree.binary(8), 2, (2, 2, 2))
    assert unshared.num_weights == deep_parameter_count(PoolingTree.binary(8), 2, (2, 2, 2), shared=False)


# ------------------------------------------------------------------ row 8 and the L_c = 3 refutation
@pytest.mark.parametrize("widths,R", [((2, 4, 4), 4), ((4, 2, 4), 4), ((4, 3, 4), 9), ((4, 4, 4), 16)])
def test_depth_lc_row8(widths, R):
    cert = depth_lc_certificate(8, 2, widths, 2)
    rank = cert.evidence["premises"][0]["proposition"]
    assert facts(cert)["value"] == R == rank["value"] and rank["relation"] == "="
    assert cert.proposition["object"]["block"] == 2 and cert.evidence["params"] == {"block": 2}
    assert rank["object"]["rows"] == [0, 1, 4, 5]  # I = {1,2,5,6}, 1-based


def test_depth_lc_formula_of_theory_md_fails_at_lc_3():
    """min{r_0, r_1, r_2, M^4}^(N/8): 2 (N=8) and 4 (N=16); certified: 4 and 16."""
    assert facts(depth_lc_certificate(8, 2, (2, 4, 4), 3))["value"] == 4
    assert facts(depth_lc_certificate(16, 2, (2, 4, 4, 4), 3))["value"] == 16
    theory_formula = min(2, 4, 4, 2**4) ** (8 // 8)
    assert theory_formula == 2 and depth_lc_dimension(2, (2, 4, 4), 3) == 4


def test_depth_lc_errors():
    with pytest.raises(InvalidArgumentError, match="'Lc' must be between 1 and L = 3, not 4"):
        depth_lc_certificate(8, 2, (2, 2, 2), 4)


# ------------------------------------------------------------------ rows 9-11 (quad tree)
@pytest.mark.parametrize("widths,part,shared,R", [
    ((2, 2), "odd-even", False, 16), ((2, 2), "low-high", False, 2), ((3, 3), "odd-even", False, 81),
    ((4, 4), "odd-even", True, 81),
])
def test_quad_tree(widths, part, shared, R):
    cert = generic_rank_certificate(PoolingTree.from_windows(16, 4), 2, widths, part, shared=shared)
    assert facts(cert)["value"] == R and bool(cert.proposition["object"]["ties"]) is shared
    assert cert.evidence["premises"][1]["evidence"]["method"] == ("tied-cut-recursion" if shared else "cut-recursion")


def test_quad_tree_unshared_256():
    cert = generic_rank_certificate(PoolingTree.from_windows(16, 4), 2, (4, 4), "odd-even")
    assert facts(cert)["value"] == 256 and cert.proposition["object"]["ties"] == []


def test_quad_tree_bounds_unshared_vs_shared():
    t = PoolingTree.from_windows(16, 4)
    assert structural_bounds(t, 2, (4, 4), "odd-even")["span-recursion"] == 256
    assert structural_bounds(t, 2, (4, 4), "odd-even", shared=True)["span-recursion"] == 81
    # ICLR-2017 recursion (row 11) gives min(256, 3 * 3^4) = 243 for r = 3; the span recursion gives 81
    assert min(structural_bounds(t, 2, (3, 3), "odd-even").values()) == 81


# ------------------------------------------------------------------ section 1.5
def test_shared_shallow_obstruction():
    cert = shared_shallow_obstruction_certificate(2, 2)
    assert facts(cert)["status"] == "exact" and cert.proposition["object"]["tensor"]["numerators"] == ["0", "1", "0", "0"]
    assert shared_shallow_obstruction_certificate(3, 3).check().proposition.relation == "holds"
    with pytest.raises(InvalidArgumentError, match="must be >= 2 for a non-symmetric unit tensor"):
        shared_shallow_obstruction_certificate(1, 2)


# ------------------------------------------------------------------ prover API and errors
def test_generic_rank_lower_bound_from_network_and_architecture():
    net = DeepConvAC.random(PoolingTree.binary(4), 3, (3, 3), seed=2, low=-9, high=9)
    c = generic_rank_lower_bound(net, "odd-even")
    assert c.check().facts["value"] == 9 and c.proposition["object"]["ties"] == []
    c = generic_rank_lower_bound(PoolingTree.binary(4), "low-high", M=3, widths=(3, 5), target=3)
    assert c.check().facts["value"] == 3
    with pytest.raises(InvalidArgumentError, match="'M' and 'widths' are required"):
        generic_rank_lower_bound(4, "odd-even")
    with pytest.raises(InvalidArgumentError, match="must be a DeepConvAC/ShallowConvAC, a PoolingTree or an int N"):
        generic_rank_lower_bound("net", "odd-even")


def test_lower_bound_certificate_errors():
    with pytest.raises(InvalidArgumentError, match="must be a DeepConvAC or ShallowConvAC"):
        lower_bound_certificate("x", "odd-even")
    zero = DeepConvAC.from_weights(PoolingTree.binary(2), __import__("exactnet").networks.Representation.identity(2),
                                   [[[0, 0]], [[0, 0]]], [], [[1]])
    with pytest.raises(DomainError, match="zero matricization"):
        lower_bound_certificate(zero, "odd-even")
    with pytest.raises(InvalidArgumentError, match="not a point of the shared weight space"):
        lower_bound_certificate(DeepConvAC.random(PoolingTree.binary(4), 2, (2, 2), seed=1), "odd-even",
                                generic=True, shared=True)
    shared = lower_bound_certificate(bentkamp_witness(4, 2, (2, 1)), "odd-even", generic=True, shared=True)
    assert shared.proposition["object"]["ties"] and shared.check().facts["value"] == 4


def test_non_generic_lower_bound_is_a_lower_bound():
    c = lower_bound_certificate(bentkamp_witness(4, 2, (2, 1)), "odd-even")
    assert c.status == "lower-bound" and c.quantity == "matricization_rank" and c.check().facts["value"] == 4


def test_find_witness_errors_and_best_effort():
    with pytest.raises(InvalidArgumentError, match="'styles' must hold 'bentkamp', 'random' or 'lc'"):
        find_witness(PoolingTree.binary(4), 2, (2, 2), "odd-even", styles=("magic",))
    w = find_witness(PoolingTree.binary(4), 2, (2, 2), "odd-even", target=99, seeds=range(1))
    assert w.rank == 4  # the best found, though the target is unreachable


def test_upper_bound_errors():
    with pytest.raises(PartitionError, match="must name a rule that applies"):
        upper_bound_certificate(PoolingTree.binary(4), 3, (2, 2), "odd-even", rule="top-split")
    with pytest.raises(ShapeError, match="one width per level 0..1"):
        structural_bounds(PoolingTree.binary(4), 3, (2, 2, 2), "odd-even")
    with pytest.raises(InvalidArgumentError, match="must be a PoolingTree"):
        structural_bounds([[0, 1], [2, 3]], 3, (2, 2), "odd-even")


def test_pinning_failure_is_reported():
    # a single seed of random weights in a huge range is fine, but zero seeds and no Bentkamp leave nothing
    with pytest.raises(DomainError, match="could not pin the generic rank"):
        generic_rank_certificate(PoolingTree.binary(4), 3, (3, 5), "low-high", seeds=(), styles=("bentkamp",))
