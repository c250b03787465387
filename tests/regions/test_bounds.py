"""Bounds on linear regions (exactnet.regions.bounds): published numbers, independent oracles, brute force."""

from __future__ import annotations

import itertools
import random
from math import comb

import pytest
from hypothesis import given, settings, strategies as st

from exactnet.errors import InexactInputError, InvalidArgumentError
from exactnet.networks.pwl import Affine, Maxout, PWLNetwork, relu_network
from exactnet.regions import Box, enumerate_regions
from exactnet.regions import bounds as B


# ---------------------------------------------------------------- published values
def test_row23_zaslavsky():
    assert [B.zaslavsky_max(2, n) for n in (2, 3, 4)] == [4, 7, 11]
    assert B.zaslavsky_max(3, 3) == 8


def test_row24_widths_2_2():
    assert B.montufar2014_lower(1, (2, 2)) == 6
    assert B.serra2018_upper(1, (2, 2)) == 9
    assert B.relu_width2_path_upper(2) == 7


def test_rows25_27_serra_n0_1():
    assert B.serra2018_n0_1_max((3, 3)) == 16
    assert B.serra2018_n0_1_max((3, 3, 3)) == 64
    assert [B.serra2018_upper(1, w) for w in ((1, 3), (3, 1), (2, 3), (3, 2))] == [5, 8, 12, 12]
    assert B.relu_width2_path_upper(3) == 9


def test_row29_serra_vs_montufar2017():
    assert [(B.serra2018_upper(2, (n, n)), B.montufar2017_upper(2, (n, n))) for n in (2, 3, 4)] == [
        (11, 16), (40, 49), (121, 121)]


def test_row30():
    assert (B.montufar2014_lower(2, (6, 6)), B.serra2018_lower(2, (6, 6)), B.serra2018_upper(2, (6, 6))) == (
        198, 352, 484)


def test_row31_shallow_wins_for_large_n0():
    assert B.serra2018_upper(10, (3, 3)) == 42
    assert B.zaslavsky_max(10, 6) == 64 == B.trivial_upper((6,))


def test_rows32_33_maxout():
    assert [B.maxout_width1_line_upper(2, L) for L in (1, 2, 3, 4)] == [2, 4, 8, 16]
    assert [B.montufar2014_maxout_lower(1, L, 2) for L in (1, 2, 3, 4)] == [2, 4, 8, 16]
    assert B.maxout_width1_line_upper(3, 2) == 7 < B.montufar2014_maxout_lower(1, 2, 3, allow_refuted=True) == 9
    assert B.maxout_width1_line_upper(4, 2) == 10


def test_row39_hu_reconstructed():
    assert B.hu2018_one_layer_max(2, 2, 3) == 9
    assert all(B.hu2018_one_layer_max(n0, n1, 2) == B.zaslavsky_max(n0, n1) for n0 in (1, 2, 3) for n1 in (1, 4, 7))


# ---------------------------------------------------------------- independent oracles
def _serra_by_definition(n0, widths):
    """Theorem 1 straight from the definition of J (itertools.product over every j vector)."""
    total = 0
    for js in itertools.product(*[range(n + 1) for n in widths]):
        ok = True
        for l, j in enumerate(js):
            cap = min([n0, widths[l]] + [widths[i] - js[i] for i in range(l)])
            if j > cap:
                ok = False
                break
        if ok:
            prod = 1
            for n, j in zip(widths, js):
                prod *= comb(n, j)
            total += prod
    return total


@settings(deadline=None, max_examples=40)
@given(st.integers(1, 4), st.lists(st.integers(1, 6), min_size=1, max_size=4))
def test_serra_upper_matches_its_definition_and_is_below_montufar2017(n0, widths):
    s = B.serra2018_upper(n0, widths)
    assert s == _serra_by_definition(n0, widths)
    assert s <= B.montufar2017_upper(n0, widths) <= B.trivial_upper(widths)
    if len(widths) == 1:  # tight for one layer
        assert s == B.zaslavsky_max(n0, widths[0])


@settings(deadline=None, max_examples=30)
@given(st.integers(1, 3), st.lists(st.integers(1, 9), min_size=1, max_size=3))
def test_lower_bounds_below_upper_bounds(n0, widths):
    up = B.serra2018_upper(n0, widths)
    if min(widths) >= n0:
        assert B.montufar2014_lower(n0, widths) <= up
    if min(widths) >= 3 * n0:
        assert B.montufar2014_lower(n0, widths) <= B.serra2018_lower(n0, widths) <= up
    if n0 == 1 and min(widths) >= 3:
        assert B.serra2018_n0_1_max(widths) == up  # Theorem 5 meets Theorem 1 for n0 = 1


def test_maxout_bounds_consistent():
    for n0, n, k in itertools.product((1, 2, 3), (1, 2, 3), (2, 3, 4)):
        assert B.maxout_one_layer_lower(n0, n, k) <= B.maxout_one_layer_upper(n0, n, k)
        assert B.maxout_one_layer_upper(n0, n, k) <= k ** n


# ---------------------------------------------------------------- brute force: random small networks
def _rand_relu(rng, widths):
    ws, bs, d = [], [], 1
    for n in widths:
        ws.append([[rng.randint(-4, 4) for _ in range(d)] for _ in range(n)])
        bs.append([rng.randint(-4, 4) for _ in range(n)])
        d = n
    return relu_network(ws, bs, output_weights=[[1] * d])


@pytest.mark.parametrize("widths", [(2, 2), (2, 3), (1, 3), (3, 1), (3, 2), (3, 3)])
def test_random_1d_relu_nets_respect_the_bounds(widths):
    rng = random.Random(hash(widths) & 0xFFFF)
    cap = B.serra2018_upper(1, widths)
    if widths[0] == 2 and len(widths) == 2:
        cap = min(cap, B.relu_width2_path_upper(widths[1]))
    best = 0
    for _ in range(25):
        E = enumerate_regions(_rand_relu(rng, widths), Box([-20], [20]))
        assert E.activation_regions <= cap
        best = max(best, E.activation_regions)
    assert best >= 2  # the search did something


def test_random_width1_maxout_respects_the_line_bound():
    rng = random.Random(3)
    for k in (2, 3):
        cap = B.maxout_width1_line_upper(k, 2)
        for _ in range(25):
            layers = []
            for _ in range(2):
                layers += [Affine([[rng.randint(-4, 4)] for _ in range(k)], [rng.randint(-4, 4) for _ in range(k)]),
                           Maxout(k)]
            E = enumerate_regions(PWLNetwork(1, layers), Box([-30], [30]))
            assert E.activation_regions <= cap


@settings(deadline=None, max_examples=15)
@given(st.integers(1, 4), st.integers(0, 10 ** 6))
def test_one_layer_2d_counts_never_exceed_zaslavsky(n1, seed):
    rng = random.Random(seed)
    net = relu_network([[[rng.randint(-3, 3), rng.randint(-3, 3)] for _ in range(n1)]],
                       [[rng.randint(-3, 3) for _ in range(n1)]])
    E = enumerate_regions(net, Box([-5, -5], [5, 5]))
    assert E.activation_regions <= B.zaslavsky_max(2, n1)


# ---------------------------------------------------------------- table
def test_region_bounds_table():
    t = {b.name: (b.value, b.kind) for b in B.region_bounds(1, (3, 3))}
    assert t["serra2018-thm5"] == (16, "exact-max") and t["serra2018-thm1"] == (16, "upper")
    assert t["montufar2014-thm4"] == (12, "lower")
    t = {b.name: b.value for b in B.region_bounds(1, (2, 2))}
    assert t["relu-width2-path"] == 7 and "serra2018-thm5" not in t
    t = {b.name: b.value for b in B.region_bounds(1, (1, 1, 1), unit="maxout", k=2)}
    assert t["montufar2014-thm8"] == 8 == t["maxout-width1-line"]
    assert "montufar2014-thm8" not in {b.name for b in B.region_bounds(1, (1, 1), unit="maxout", k=3)}
    t = {b.name: b.value for b in B.region_bounds(2, (2,), unit="pwl", pieces=3)}
    assert t == {"hu2018-one-layer": 9}
    assert B.region_bounds(2, (3,))[0].to_dict()["kind"] == "upper"


# ---------------------------------------------------------------- bad input
@pytest.mark.parametrize("call, match", [
    (lambda: B.zaslavsky_max(0, 3), r"Argument 'n0' must be an integer >= 1, not 0"),
    (lambda: B.zaslavsky_max(2, -1), r"Argument 'n1' must be an integer >= 1, not -1"),
    (lambda: B.serra2018_upper(2, ()), r"Argument 'widths' must list at least one hidden layer"),
    (lambda: B.serra2018_upper(2, "3,3"), r"Argument 'widths' must be a sequence of hidden-layer widths"),
    (lambda: B.serra2018_upper(2, (3, 0)), r"Argument 'widths\[1\]' must be an integer >= 1, not 0"),
    (lambda: B.montufar2014_lower(2, (1, 3)), r"Theorem 4's hypothesis"),
    (lambda: B.serra2018_lower(2, (5, 6)), r"Theorem 6's hypothesis"),
    (lambda: B.serra2018_n0_1_max((3, 2)), r"Theorem 5's hypothesis"),
    (lambda: B.montufar2014_maxout_lower(1, 2, 3), r"cannot hold for n0 = 1, k = 3, L = 2"),
    (lambda: B.maxout_one_layer_upper(1, 1, 1), r"Argument 'k' must be a maxout rank >= 2"),
    (lambda: B.hu2018_one_layer_max(2, 2, 1), r"Argument 'p' must be a number of linear pieces >= 2"),
    (lambda: B.zaslavsky_max(True, 3), r"Argument 'n0' must be an integer >= 1, not True"),
    (lambda: B.region_bounds(1, (2,), unit="maxout"), r"Argument 'k' must be given"),
    (lambda: B.region_bounds(1, (2, 2), unit="pwl", pieces=3), r"Argument 'pieces' must be given and widths"),
    (lambda: B.region_bounds(1, (2,), unit="tanh"), r"Argument 'unit' must be one of"),
])
def test_bad_input(call, match):
    with pytest.raises(InvalidArgumentError, match=match):
        call()


def test_float_refused():
    with pytest.raises(InexactInputError, match="Argument 'n0'"):
        B.zaslavsky_max(2.0, 3)


# ---------------------------------------------------------------- bound_value (the names used by certificates)
def test_bound_value_matches_the_functions():
    assert B.bound_value("montufar2014-thm4", 2, (6, 6)) == 198
    assert B.bound_value("serra2018-thm6", 2, (6, 6)) == 352
    assert B.bound_value("serra2018-thm5", 1, (3, 3, 3)) == 64
    assert B.bound_value("relu-width2-path", 1, (2, 3)) == 9
    assert B.bound_value("trivial", 3, (2, 2)) == 16
    assert B.bound_value("montufar2017-upper", 2, (4, 4)) == 121
    assert B.bound_value("hu2018-one-layer", 2, (2,), pieces=3) == 9
    assert B.bound_value("montufar2014-prop7-lower", 2, (3,), k=3) == 9
    assert B.bound_value("montufar2014-prop7-upper", 1, (1,), k=3) == 3
    assert B.bound_value("montufar2014-thm8", 2, (2, 2), k=2) == 8
    assert B.bound_value("serra2018-thm8", 1, (1, 1), k=3) == 16


@pytest.mark.parametrize("args, kw, match", [
    (("no-such", 1, (2,)), {}, r"Argument 'name' must be one of"),
    (("zaslavsky", 2, (3, 3)), {}, r"must have one hidden layer for the zaslavsky bound"),
    (("serra2018-thm5", 2, (3, 3)), {}, r"Argument 'n0' must be 1 for Theorem 5"),
    (("relu-width2-path", 1, (3, 3)), {}, r"must be \(2, n2\) with n0 = 1"),
    (("serra2018-thm8", 1, (1,)), {}, r"Argument 'k' must be given"),
    (("montufar2014-thm8", 2, (2, 3)), {"k": 2}, r"must all equal n0 = 2 for Theorem 8"),
    (("maxout-width1-line", 1, (2, 1)), {"k": 2}, r"must be all 1 with n0 = 1"),
])
def test_bound_value_bad_input(args, kw, match):
    with pytest.raises(InvalidArgumentError, match=match):
        B.bound_value(*args, **kw)
