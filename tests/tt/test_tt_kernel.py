"""Tensor trains on the kernel's vocabulary: the TT circuit, the structural cut and the certificates.

Oracles: the circuit's grid tensor against ``tt_to_tensor`` (left-to-right products); the kernel's ``cut-recursion``
on the TT circuit against the prover's minimum cut (dynamic programming along the train); the certified rank of
one TT against FLINT's rank of the dense matricization.
"""

from __future__ import annotations

import random

import pytest

from exactnet.core.qarray import QArray
from exactnet.kernel.circuit import parse_circuit, template_grid
from exactnet.networks.tt import tt_circuit
from exactnet.tensors.tt import TTDecomposition, tt_to_tensor
from exactnet.theorems.tt import tt_cut_bound, tt_cut_certificate, tt_dense_rank, tt_rank


@pytest.mark.parametrize("seed", range(6))
def test_circuit_grid_is_the_tensor(seed):
    rng = random.Random(seed)
    d = rng.randint(2, 5)
    sizes = [rng.randint(1, 3) for _ in range(d)]
    ranks = [rng.randint(1, 3) for _ in range(d - 1)]
    tt = TTDecomposition.random(d, sizes, ranks, seed=seed, low=-3, high=3)
    num, den = template_grid(parse_circuit(tt_circuit(tt)))
    assert QArray(num[0], den) == tt_to_tensor(tt)


def test_kernel_cut_reproduces_the_minimum_cut():
    rng = random.Random(5)
    for _ in range(120):
        d = rng.randint(2, 7)
        sizes = [rng.randint(1, 4) for _ in range(d)]
        ranks = [rng.randint(1, 5) for _ in range(d - 1)]
        rows = sorted(rng.sample(range(d), rng.randint(1, d - 1)))
        bound = tt_cut_bound(d, sizes, ranks, rows)[0]
        report = tt_cut_certificate(d, sizes, ranks, rows).check()
        assert (report.facts["value"], report.status) == (bound, "upper-bound")


@pytest.mark.parametrize("seed", range(4))
def test_certified_rank_of_one_tt_is_the_dense_rank(seed):
    tt = TTDecomposition.random(5, 2, [2, 3, 2, 2], seed=seed, low=-2, high=2)
    for rows in ([0, 2, 4], [1, 2], [0, 1, 2]):
        res = tt_rank(tt, rows)
        assert res.lower == tt_dense_rank(tt, rows)
        if res.certificate is not None:
            report = res.check()
            assert report.proposition.quantity == "matricization_rank" and report.facts["value"] == res.lower


def test_large_minors_are_read_from_the_recomputed_grid_tensor(monkeypatch):
    import exactnet.theorems.tt as T

    monkeypatch.setattr(T, "MAX_ENTRY_MINOR", 2)  # the route for minors above the entry-by-entry limit
    res = T.tt_generic_rank(6, 2, 2, "odd-even")
    witness = res.certificate.evidence["premises"][0]["evidence"]["premises"][0]
    assert witness["evidence"]["method"] == "minor-and-factorization"
    assert (res.value, res.check().facts["value"]) == (8, 8)
    monkeypatch.setattr(T, "MAX_GRID_ENTRIES", 16)
    with pytest.raises(T.ResourceLimitError, match="whole grid tensor"):
        T.tt_generic_rank(6, 2, 2, "odd-even")
