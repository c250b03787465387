"""Heavier correctness checks at benchmark scale (run with --runslow; they assert results, never timings)."""

from __future__ import annotations

import pytest

from exactnet import DeepConvAC, depth_efficiency_certificate, matricize, rank


@pytest.mark.slow
def test_4096_odd_even_matricization_rank_16_certified_and_rechecked():
    net = DeepConvAC.from_windows(8, 8, [2, 2, 2], window=2, seed=7, low=-5, high=5)
    X = matricize(net.grid_tensor(output=0), "odd-even")
    assert X.shape == (4096, 4096)
    res = rank(X)
    assert res.rank == 16  # <= min(r_0, M)^(N/2) = 16 for every weight setting; this draw reaches it
    res.check()


@pytest.mark.slow
def test_depth_efficiency_n16_quad_tree_generic_rank():
    cert = depth_efficiency_certificate(16, 2, (2, 2), window=4)
    assert cert.data["conclusion"]["generic_rank"] == 16
    cert.check()
