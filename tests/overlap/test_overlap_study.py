"""Overlap studies: small-model values, sep-recursion bound vs dense ranks, tables, plots, bad input."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exactnet.core.linalg import rank
from exactnet.errors import InvalidArgumentError, PartitionError, ShapeError
from exactnet.networks.gcconvac import GCConvAC
from exactnet.tensors import Partition, matricize
from exactnet.theorems.overlap import (
    gc_generic_rank,
    gc_rank_lower,
    gc_cut_bound,
    gc_sep_bound,
    non_overlapping_width_to_match,
    overlap_study,
    plot_overlap_study,
)

LAYERS = [[(2, 2, 2)] * 3, [(3, 1, 2), (2, 2, 2), (3, 1, 2)], [(2, 1, 2)] * 7, [(4, 2, 2), (3, 1, 2)],
          [(2, 1, 1), (3, 2, 2), (3, 1, 1)]]


@settings(deadline=None, max_examples=25)
@given(st.integers(0, len(LAYERS) - 1), st.lists(st.integers(0, 7), min_size=1, max_size=7, unique=True),
       st.integers(0, 1000))
def test_sep_bound_and_minor_bracket_the_dense_rank(k, rows, seed):
    net = GCConvAC.random((8,), 2, LAYERS[k], seed=seed, low=-4, high=4)
    part = Partition.from_rows(rows, 8)
    dense = rank(matricize(net.grid_tensor(output=0), part)).rank
    assert gc_rank_lower(net, part)[0] == dense <= gc_sep_bound(net, part)


@pytest.mark.parametrize("layers, part, expected", [
    ([(2, 2, 2)] * 3, "left-right", 2), ([(2, 1, 2)] * 7, "left-right", 16),
    ([(3, 1, 2), (2, 2, 2), (3, 1, 2)], "left-right", 8), ([(4, 2, 2), (3, 1, 2)], "left-right", 4)])
def test_theory_4_4_table(layers, part, expected):
    g = gc_generic_rank((8,), 2, layers, part, seeds=range(6), certify=True)
    assert g.rank == expected and g.status == "almost-everywhere"
    assert g.certificate.check().facts["value"] == expected and g.certificate.relation == "="


def test_unpinned_rows_say_lower_bound():
    # the cut-recursion bound pins the former bracket (8, 16) of the small model at 8
    g = gc_generic_rank((8,), 2, [(4, 2, 2), (3, 1, 2)], "odd-even")
    assert g.status == "almost-everywhere" and g.rank == 8
    g = gc_generic_rank((8,), 2, [(4, 2, 2), (2, 1, 2), (2, 1, 2)], "left-right")
    assert g.status == "lower-bound" and g.rank == (6, 8)


def test_randomized_candidate_search_beyond_the_dense_size():
    net = GCConvAC.random((18,), 2, [(3, 3, 2), (3, 1, 2), (4, 1, 2)], seed=0, low=-20, high=20)
    part = Partition.named("low-high", 18)
    r, rows, cols = gc_rank_lower(net, part)  # 2^18 entries: never formed
    assert 1 <= r <= gc_sep_bound(net, part) and len(rows) == len(cols) == r
    # the minor's entries, evaluated one by one (exactly), form a non-singular matrix over Q
    from exactnet.core.linalg import rank as qrank
    from exactnet.core.qarray import QArray

    def entry(rr, cc):
        d = [0] * 18
        for m, x in zip(part.rows, rr):
            d[m] = x
        for m, x in zip(part.cols, cc):
            d[m] = x
        return net.evaluate_templates(d)[0]

    assert qrank(QArray.from_nested([[entry(a, b) for b in cols] for a in rows])).rank == r


def test_overlap_study_table_and_width_to_match(tmp_path):
    rows = overlap_study((4, 8), 2, 2)
    got = {(r.N, r.variant): (r.rank, r.width_to_match) for r in rows}
    assert got == {(4, "non-overlapping"): (2, None), (4, "overlapping"): (4, 4), (4, "same-size"): (2, None),
                   (8, "non-overlapping"): (2, None), (8, "overlapping"): (16, 16), (8, "same-size"): (3, None)}
    same = {r.N: r for r in rows if r.variant == "same-size"}
    over = {r.N: r for r in rows if r.variant == "overlapping"}
    assert all(same[n].params <= over[n].params for n in (4, 8))
    assert all(r.params > 0 for r in rows)
    assert non_overlapping_width_to_match(8, 2, 16) == (16, 1104)
    path = plot_overlap_study(rows, tmp_path / "ov.png")
    assert path.exists() and path.stat().st_size > 1000


def test_bad_input():
    with pytest.raises(InvalidArgumentError, match="powers of 2"):
        overlap_study((6,), 2, 2)
    with pytest.raises(InvalidArgumentError, match="'variants'"):
        overlap_study((4,), 2, 2, variants=("dense",))
    with pytest.raises(ShapeError, match="larger than its input"):
        gc_generic_rank((4,), 2, [(5, 1, 2)], "left-right")
    with pytest.raises(InvalidArgumentError, match="stride"):
        gc_generic_rank((4,), 2, [(2, 0, 2), (3, 1, 1)], "left-right")
    with pytest.raises(PartitionError):
        gc_generic_rank((4,), 2, [(2, 1, 2), (3, 1, 1)], "diagonal")
    with pytest.raises(InvalidArgumentError, match="GCConvAC"):
        gc_sep_bound("net", "left-right")


def test_minor_search_beyond_the_candidate_cap_is_a_lower_bound_not_a_refusal(monkeypatch):
    """Review fix: a large sep-recursion bound (loose for overlapping 2-D nets) used to refuse the search
    outright ("use a smaller instance"); now the capped search still certifies a lower bound."""
    import exactnet.theorems.overlap as ov
    from exactnet.theorems.overlap import gc_network_rank

    layers = [(2, 1, 2), (2, 2, 2), (2, 1, 2), (2, 1, 1)]  # 8 x 8 inputs, overlapping, 2^64 grid entries
    net = GCConvAC.random((8, 8), 2, layers, seed=1, low=-20, high=20)
    assert gc_sep_bound(net, "top-bottom") == 2 ** 21
    U = gc_cut_bound(net, "top-bottom")  # the cut recursion is sharper, still far beyond the candidate cap
    assert U == 2 ** 18
    r, rows, cols = gc_rank_lower(net, "top-bottom", max_candidates=48)
    assert 1 <= r <= 48 and len(rows) == len(cols) == r
    monkeypatch.setattr(ov, "MAX_CANDIDATES", 48)
    s = gc_network_rank(net, "top-bottom")
    assert s.status == "lower-bound" and s.rank == (s.lower, U) and s.lower >= 1
    assert "fewer than this bound needs" in s.notes and f"[{s.lower}, {U}]" in s.notes
    assert s.certificate.check().facts["value"] == s.lower and s.certificate.relation == ">="
    g = gc_generic_rank((8, 8), 2, layers, "checkerboard", seeds=(1,), certify=True)
    assert g.status == "lower-bound" and g.lower >= 1 and g.certificate.check()
    with pytest.raises(InvalidArgumentError, match="max_candidates"):
        gc_rank_lower(net, "top-bottom", max_candidates=0)


def test_plot_draws_bracketed_ranks_as_intervals(tmp_path):
    """Review fix: a lower-bound row (rank = (lower, upper)) is plotted as an interval, not as a plain point."""
    from exactnet.theorems.overlap import overlap_plot_series

    rows = overlap_study((4, 8), 2, 2, variants=("overlapping", "overlap-3"), match=False)
    series = overlap_plot_series(rows)
    assert series["overlapping"] == [(4, 4, 4), (8, 16, 16)]
    assert series["overlap-3"] == [(4, 4, 4), (8, 8, 16)]  # status lower-bound at N = 8: 8..16
    path = plot_overlap_study(rows, tmp_path / "ov.png", "left-right")
    assert path.stat().st_size > 1000
