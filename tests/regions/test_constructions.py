"""Explicit constructions (exactnet.regions.constructions): exact counts by the enumerator, and an own 1-D oracle."""

from __future__ import annotations

from fractions import Fraction

import pytest

from exactnet.errors import InvalidArgumentError
from exactnet.regions import enumerate_regions
from exactnet.regions import bounds as B
from exactnet.regions import constructions as C


def _count(c):
    E = enumerate_regions(c.network, c.domain)
    assert E.complete and E.status == "exact"
    return E.activation_regions, E.linear_regions


def _breakpoint_oracle(c, steps=3000):
    """Own 1-D oracle: distinct activation patterns at grid points avoiding every exact breakpoint.

    Patterns of a ReLU / maxout net are convex sets on the line, so distinct patterns = activation regions
    met by the grid (a lower bound, equal when the grid is fine enough)."""
    lo, hi = c.domain.lower[0], c.domain.upper[0]
    pats = set()
    for i in range(steps):
        x = lo + (hi - lo) * Fraction(2 * i + 1, 2 * steps) + Fraction(1, 10 ** 9 + 7)
        pats.add(c.network.pattern([x]))
    return len(pats)


# the table (exact counts of the folding construction) and row 28
@pytest.mark.parametrize("widths, expected", [((2, 2), 7), ((3, 3), 13), ((4, 4), 21), ((2, 2, 2), 14),
                                              ((2, 3, 4), 32), ((3, 3, 3), 37), ((4, 4, 4), 82)])
def test_montufar_folding_n0_1(widths, expected):
    c = C.montufar_folding(1, widths)
    act, lin = _count(c)
    assert act == expected == lin
    assert act >= B.montufar2014_lower(1, widths)
    assert act <= B.serra2018_upper(1, widths)


def test_montufar_folding_unscaled_falls_short():
    assert _count(C.montufar_folding(1, (2, 2, 2), rescale=False))[0] == 8 < B.montufar2014_lower(1, (2, 2, 2))


@pytest.mark.parametrize("widths", [(2, 2), (4, 4), (4, 4, 4), (3, 5)])
def test_montufar_folding_n0_2_reaches_theorem4(widths):
    act, _ = _count(C.montufar_folding(2, widths))
    assert B.montufar2014_lower(2, widths) <= act <= B.serra2018_upper(2, widths)


@pytest.mark.parametrize("widths", [(3, 3), (3, 3, 3), (3, 1), (3, 2), (3,), (4, 5), (5, 4, 3), (3, 3, 3, 3)])
def test_serra_n0_1_reaches_prod(widths):
    act, lin = _count(C.serra_n0_1(widths))
    expected = 1
    for n in widths:
        expected *= n + 1
    assert act == expected == B.serra2018_upper(1, widths)
    if widths[-1] >= 2:  # a single last unit is off at one end of the folded interval: neighbours merge there
        assert lin == act
    else:
        assert lin < act


def test_three_unit_folding():
    assert _count(C.three_unit_folding(2))[0] == 16
    assert _count(C.three_unit_folding(3))[0] == 64


def test_small_width_constructions_reach_the_maxima_of_row_27():
    assert _count(C.cut_network(3)) == (5, 5) and B.serra2018_upper(1, (1, 3)) == 5
    assert _count(C.convex_path_construction(2)) == (7, 7)
    assert _count(C.convex_path_construction(3)) == (9, 9) == (B.relu_width2_path_upper(3),) * 2


@pytest.mark.parametrize("n0, n1, expected", [(2, 2, 4), (2, 3, 7), (2, 4, 11), (3, 3, 8), (1, 3, 4), (2, 5, 16)])
def test_general_position_layer_reaches_zaslavsky(n0, n1, expected):
    assert _count(C.general_position_layer(n0, n1))[0] == expected == B.zaslavsky_max(n0, n1)


def test_quadrant_folding_replicates_four_times():
    assert _count(C.quadrant_folding(3))[0] == 4 * B.zaslavsky_max(2, 3)


@pytest.mark.parametrize("L", [1, 2, 3, 4, 5])
def test_maxout_abs_folding(L):
    assert _count(C.maxout_abs_folding(L)) == (2 ** L, 2 ** L)


@pytest.mark.parametrize("k", [2, 3, 4, 5])
def test_maxout_line_reaches_the_line_bound(k):
    assert _count(C.maxout_line_construction(k))[0] == B.maxout_width1_line_upper(k, 2) == 1 + 3 * (k - 1)


@pytest.mark.parametrize("n0, n, k", [(1, 1, 3), (2, 2, 3), (2, 3, 2), (3, 2, 2), (2, 1, 4)])
def test_maxout_one_layer(n0, n, k):
    assert _count(C.maxout_one_layer(n0, n, k))[0] == B.maxout_one_layer_lower(n0, n, k)


@pytest.mark.parametrize("make", [lambda: C.montufar_folding(1, (3, 3, 3)), lambda: C.serra_n0_1((3, 4)),
                                  lambda: C.convex_path_construction(3), lambda: C.maxout_line_construction(3),
                                  lambda: C.maxout_abs_folding(4)])
def test_own_1d_oracle_agrees(make):
    c = make()
    assert _breakpoint_oracle(c) == _count(c)[0]


def test_to_dict():
    d = C.serra_n0_1((3, 3)).to_dict()
    assert d["network"]["kind"] == "pwl-network" and d["domain"]["type"] == "box" and d["widths"] == [3, 3]


@pytest.mark.parametrize("call, match", [
    (lambda: C.montufar_folding(2, (1, 3)), r"every width >= n0 = 2"),
    (lambda: C.montufar_folding(0, (3,)), r"Argument 'n0' must be an integer >= 1, not 0"),
    (lambda: C.montufar_folding(1, []), r"Argument 'widths' must list at least 1 hidden layer"),
    (lambda: C.montufar_folding(1, 3), r"Argument 'widths' must be a sequence"),
    (lambda: C.serra_n0_1((2, 3)), r"every width but the last >= 3"),
    (lambda: C.three_unit_folding(4), r"Argument 'depth' must be 2 or 3"),
    (lambda: C.maxout_line_construction(1), r"Argument 'k' must be an integer >= 2, not 1"),
    (lambda: C.maxout_one_layer(1, 0, 2), r"Argument 'n' must be an integer >= 1, not 0"),
    (lambda: C.convex_path_construction(True), r"Argument 'n2' must be an integer >= 1, not True"),
])
def test_bad_input(call, match):
    with pytest.raises(InvalidArgumentError, match=match):
        call()


# ---------------------------------------------------------------- properties over random widths
from hypothesis import given, settings, strategies as st  # noqa: E402


@settings(deadline=None, max_examples=12)
@given(st.lists(st.integers(3, 5), min_size=1, max_size=2), st.integers(1, 4))
def test_serra_construction_reaches_theorem5_for_any_widths(folds, last):
    widths = tuple(folds) + (last,)
    act, _ = _count(C.serra_n0_1(widths))
    assert act == B.serra2018_n0_1_max(widths, check_hypothesis=False) == B.serra2018_upper(1, widths)


@settings(deadline=None, max_examples=12)
@given(st.lists(st.integers(1, 4), min_size=1, max_size=3))
def test_folding_n0_1_between_theorem4_and_serra(widths):
    act, _ = _count(C.montufar_folding(1, widths))
    assert B.montufar2014_lower(1, widths) <= act <= B.serra2018_upper(1, widths)


@pytest.mark.parametrize("widths", [(4, 4), (2, 2, 2)])
def test_montufar_folding_n0_2_reaches_theorem4_and_2d_equals_lp(widths):
    c = C.montufar_folding(2, widths)
    E2 = enumerate_regions(c.network, c.domain)
    assert E2.method == "2d" and E2.activation_regions >= B.montufar2014_lower(2, widths)
    if widths == (4, 4):  # the general (LP) path agrees with the polygon path on the construction
        E = enumerate_regions(c.network, c.domain, method="lp")
        assert sorted(r.pattern for r in E.regions) == sorted(r.pattern for r in E2.regions)
        assert E.linear_regions == E2.linear_regions


def test_verify_folding_n0_2_instances_are_confirmed():
    from exactnet.theorems.registry import get_check

    out = get_check("montufar2014-folding-n0-2").run("w4-4-4_vs_shallow")
    assert out.verdict == "confirmed"
    assert out.value == {"theorem4": 176, "reaches_theorem4": True, "shallow_max": 79, "beats_shallow": True}
