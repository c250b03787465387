"""TT and HT ranks: structured (skeleton witness + minimum-cut bound) against independent dense computations."""

from __future__ import annotations

import itertools

import flint
import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from exactnet.errors import InvalidArgumentError
from exactnet.networks import DeepConvAC
from exactnet.tensors import Partition, PoolingTree, TTDecomposition, matricize, tt_to_tensor
from exactnet.testing.strategies import tt_decompositions
from exactnet.theorems.structured import structured_rank
from exactnet.theorems.tt import (ht_to_tt_rank_formula, ht_unfolding_ranks, kno_cp_bound, tt_compare, tt_cut_bound,
                                  tt_dense_rank, tt_generic_rank, tt_partition, tt_rank)


def _flint_rank(X) -> int:
    """Dense rank by FLINT over Q (integer numerators share one denominator)."""
    m, n = X.shape
    return int(flint.fmpz_mat(m, n, [int(x) for x in X.num.reshape(-1).tolist()]).rank())


def _brute_cut(sizes, ranks, rows) -> int:
    """min over all 2^d side assignments (an oracle for the dynamic programming)."""
    d = len(sizes)
    best = None
    for sides in itertools.product((0, 1), repeat=d):
        v = 1
        for k in range(d):
            if sides[k] != (0 if k in rows else 1):
                v *= sizes[k]
            if k and sides[k] != sides[k - 1]:
                v *= ranks[k - 1]
        best = v if best is None else min(best, v)
    return best


def _partitions(d: int):
    yield "odd-even"
    yield "low-high"
    for k in range(1, d):
        yield f"split:{k}"
    if d >= 4:
        yield [0, d - 1]
        yield [1, 2]


SIZES = [(d, n, r) for d in range(2, 7) for n in (1, 2, 3) for r in (1, 2, 3) if n ** d <= 729]


@pytest.mark.parametrize("d,n,r", SIZES, ids=lambda v: str(v))
def test_generic_rank_matches_dense_rank_of_the_witness(d, n, r):
    """Every size where both run: the certified generic rank = FLINT rank of the witness's dense matricization,
    and a second random TT has the same dense rank (the value is generic)."""
    for spec in _partitions(d):
        res = tt_generic_rank(d, n, r, spec, certify=False)
        part = tt_partition(spec, d)
        dense = _flint_rank(matricize(tt_to_tensor(res.witness), part.rows))
        assert res.lower == dense, (spec, res)
        assert res.upper == tt_cut_bound(d, n, r, part.rows)[0]
        other = TTDecomposition.random(d, n, r, seed=11, low=1, high=50)  # no zero entries
        assert tt_dense_rank(other, part.rows) <= res.upper


@settings(max_examples=40, deadline=None)
@given(tt_decompositions(max_modes=6, max_n=3, max_rank=3), st.data())
def test_cut_bound_is_the_brute_force_minimum_and_bounds_the_rank(tt, data):
    d = tt.num_modes
    rows = sorted(data.draw(st.sets(st.integers(0, d - 1), min_size=1, max_size=d - 1)))
    bound, sides = tt_cut_bound(d, list(tt.mode_sizes), list(tt.ranks), rows)
    assert bound == _brute_cut(tt.mode_sizes, tt.ranks, set(rows))
    assert tt_dense_rank(tt, rows) <= bound


@settings(max_examples=25, deadline=None)
@given(tt_decompositions(max_modes=5, max_n=3, max_rank=3, uniform_n=True), st.data())
def test_rank_of_this_tt_matches_dense(tt, data):
    d = tt.num_modes
    rows = sorted(data.draw(st.sets(st.integers(0, d - 1), min_size=1, max_size=d - 1)))
    res = tt_rank(tt, rows)
    assert res.lower == tt_dense_rank(tt, rows)
    if res.certificate is not None:
        assert res.certificate.check().facts["value"] == res.lower


def test_sympy_on_tiny_instances():
    for seed in range(3):
        tt = TTDecomposition.random(4, 2, 2, seed=seed, low=-2, high=2)
        for rows in ([0, 2], [0, 1], [0, 3]):
            X = matricize(tt_to_tensor(tt), rows)
            S = sympy.Matrix(X.tolist())
            assert S.rank() == tt_dense_rank(tt, rows) == tt_rank(tt, rows).lower


HT_SIZES = [(4, 2, 2), (4, 3, 2), (8, 2, 2), (4, 2, 3)]


@pytest.mark.parametrize("d,n,r", HT_SIZES, ids=lambda v: str(v))
def test_ht_unfolding_ranks_match_dense(d, n, r):
    """HT (deep ConvAC over the binary tree, width r) TT-unfolding ranks vs the dense rank of the witness and of
    another random network."""
    tree = PoolingTree.binary(d)
    ranks = ht_unfolding_ranks(d, n, r, certify=False)
    for k, s in zip(range(1, d), ranks):
        assert s.status == "almost-everywhere"
        seed = int(s.notes.split("seed ")[1].rstrip(")"))
        net = DeepConvAC.random(tree, n, r, seed=seed, low=-20, high=20)  # the witness, rebuilt
        G = net.grid_tensor(output=0)
        assert _flint_rank(matricize(G, tuple(range(k)))) == s.rank
    assert max(s.rank for s in ranks) <= ht_to_tt_rank_formula(d, r)


def test_ht_max_unfolding_needs_the_ceiling():
    ranks = [s.rank for s in ht_unfolding_ranks(8, 2, 2, certify=False)]
    assert max(ranks) == 4 == ht_to_tt_rank_formula(8, 2)
    assert max(ranks) > 2 ** 1.5  # r^(log2(8)/2) without a ceiling


def test_odd_even_sharpens_the_published_bound_for_n_above_r():
    for d in (4, 6):
        res = tt_generic_rank(d, 3, 2, "odd-even", certify=False)
        assert res.rank == 3 ** (d // 2 - 1) * 2 > kno_cp_bound(d, 3, 2)
    for d in (5, 7):  # odd d, n <= r: the floor
        assert tt_generic_rank(d, 2, 2, "odd-even", certify=False).rank == 2 ** (d // 2) == kno_cp_bound(d, 2, 2)


def test_compare_table():
    t = tt_compare(8, 2, 2, certify=True)
    assert t["tt"]["unfolding"] == [2] * 7
    assert t["ht"]["unfolding"] == [2, 2, 4, 2, 4, 2, 2]
    assert t["tt"]["odd_even"] == t["ht"]["odd_even"] == 16
    assert t["cp"]["lower_from_tt"] == 16 and t["cp"]["kno_bound"] == 16
    assert t["certificates"]["tt_odd_even"].check().facts["value"] == 16


def test_structural_bound_for_hundreds_of_modes():
    bound, sides = tt_cut_bound(400, 2, 3, "odd-even")
    assert bound == 2 ** 200 and len(sides) == 400
    assert tt_cut_bound(400, 5, 3, "split:200")[0] == 3
    res = tt_generic_rank(300, 2, 2, "split:150")
    assert res.rank == 2 and res.certificate.check().facts["value"] == 2


def test_bad_partition_and_sizes_refused():
    with pytest.raises(InvalidArgumentError, match="split:k"):
        tt_partition("split:0", 4)
    with pytest.raises(InvalidArgumentError, match="equal mode sizes"):
        tt_generic_rank(3, [2, 3, 2], 2, "odd-even")
    with pytest.raises(InvalidArgumentError, match="ranks"):
        tt_cut_bound(4, 2, -1, "odd-even")


def test_too_large_minor_refused(monkeypatch):
    import exactnet.theorems.tt as ttmod
    from exactnet.errors import ResourceLimitError

    monkeypatch.setattr(ttmod, "MAX_CERTIFIED_MINOR", 4)
    with pytest.raises(ResourceLimitError, match="8 x 8 minor"):
        tt_generic_rank(6, 2, 2, "odd-even")
    assert tt_generic_rank(6, 2, 2, "odd-even", certify=False).rank == 8


@pytest.mark.slow
def test_sweep_reaches_the_cut_bound():
    """d = 2..8, n, r = 1..4, odd-even, low-high, every contiguous split, two random partitions: always pinned."""
    import random

    rng = random.Random(0)
    count = 0
    for d in range(2, 9):
        for n in range(1, 5):
            for r in range(1, 5):
                specs = ["odd-even", "low-high"] + [f"split:{k}" for k in range(1, d)]
                specs += [sorted(rng.sample(range(d), rng.randint(1, d - 1))) for _ in range(2)]
                for spec in specs:
                    res = tt_generic_rank(d, n, r, spec, certify=False)
                    assert res.pinned, (d, n, r, spec, res)
                    count += 1
    assert count == 896
