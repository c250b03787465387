"""Exact region enumeration: published numbers, agreement of the 1-D / 2-D / LP paths, brute force, bad input."""

from __future__ import annotations

from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exactnet.errors import DomainError, InexactInputError, InvalidArgumentError, ShapeError
from exactnet.networks.pwl import Abs, Affine, Maxout, PWLNetwork, ReLU, relu_network
from exactnet.regions import Box, Polytope, enumerate_regions, plot_regions
from exactnet.testing.regions import pwl_networks, relu_networks

WIDE = Box([-10], [10])


def counts(net, domain=WIDE, method="auto"):
    E = enumerate_regions(net, domain, method=method)
    assert E.complete and E.status == "exact"
    return E.activation_regions, E.linear_regions


# ------------------------------------------------------------------ published values
def test_row23_zaslavsky_one_hidden_layer():
    box2 = Box([-10, -10], [10, 10])
    # lines in general position whose intersections lie in the box
    assert counts(relu_network([[[1, 0], [0, 1]]], [[0, 0]]), box2)[0] == 4
    assert counts(relu_network([[[1, 0], [0, 1], [1, 1]]], [[0, 0, -1]]), box2)[0] == 7
    four = relu_network([[[1, 0], [0, 1], [1, 1], [1, -2]]], [[0, 0, -1, -3]])
    assert counts(four, box2)[0] == 11
    assert counts(four, box2, "lp")[0] == 11
    assert counts(relu_network([[[1, 0, 0], [0, 1, 0], [0, 0, 1]]], [[0, 0, 0]]), Box([-1] * 3, [1] * 3))[0] == 8


FOLD = [1, -1]  # the alternating sum h~ = h_1 - h_2 folded into the next layer's weights


def test_row24_and_28_folding_construction():
    W1, b1 = [[1], [2]], [0, -1]  # max(0, x), max(0, 2x - 1)
    last_W, last_b = [FOLD, FOLD], [F(-1, 6), F(-1, 3)]  # two cuts inside the common image (0, 1/2)
    assert counts(relu_network([W1, last_W], [b1, last_b], output_weights=[[1, 1]]))[0] == 7  # row 24
    rescaled = relu_network([W1, [[2, -2], [4, -4]], last_W], [b1, [0, -1], last_b], output_weights=[[1, 1]])
    unscaled = relu_network([W1, [[1, -1], [2, -2]], last_W], [b1, [0, -1], last_b], output_weights=[[1, 1]])
    assert counts(rescaled)[0] == 14  # row 28 (Theorem-4 value 12)
    assert counts(unscaled)[0] == 8  # row 28: the unscaled weights fall short


SERRA_L1 = ([[1], [1], [-1]], [0, -1, 3])  # u1 = max(0,x), u2 = max(0,x-1), u3 = max(0,3-x)
G = [2, F(-3, 2), 1]  # g = 2 u1 - 3/2 u2 + u3 zig-zags, every piece covers [3, 4]


def test_row25_serra_n0_1_widths_3_3():
    net = relu_network([SERRA_L1[0], [G, G, G]], [SERRA_L1[1], [F(-13, 4), F(-7, 2), F(-15, 4)]],
                       output_weights=[[1, 1, 1]])
    assert counts(net)[0] == 16
    assert counts(net, WIDE, "lp")[0] == 16


def test_row26_serra_n0_1_widths_3_3_3():
    t1, t2, t3 = 3 + F(1, 6), 3 + F(2, 6), 3 + F(4, 6)
    W2, b2 = [G, G, [-v for v in G]], [-t1, -t2, t3]
    W3, b3 = [G, G, G], [F(-13, 24), F(-14, 24), F(-15, 24)]  # 3 levels inside the common image (1/2, 2/3)
    net = relu_network([SERRA_L1[0], W2, W3], [SERRA_L1[1], b2, b3], output_weights=[[1, 1, 1]])
    E = enumerate_regions(net, WIDE)
    assert E.activation_regions == 64
    assert E.linear_regions <= 64


def test_row27_n0_1_small_widths():
    # (1,3): one unit then 3 cuts of its image: 5 regions
    net = relu_network([[[1]], [[1], [1], [1]]], [[0], [-1, -2, -3]], output_weights=[[1, 1, 1]])
    assert counts(net)[0] == 5
    # (3,1): the zig-zag g cut once at a level every piece crosses: 8 regions
    net = relu_network([SERRA_L1[0], [G]], [SERRA_L1[1], [F(-7, 2)]], output_weights=[[1]])
    assert counts(net)[0] == 8


def test_row32_maxout_absolute_value_folding():
    # width 1, rank 2: max(y - c, c - y) = |y - c|; depth L gives 2^L regions
    layers = []
    c = [F(0), F(1, 2), F(1, 4)]
    for L in range(3):
        layers += [Affine([[1], [-1]], [-c[L], c[L]]), Maxout(2)]
    net = PWLNetwork(1, layers)
    assert counts(net, Box([-1], [1]))[0] == 8


# ------------------------------------------------------------------ paths agree
def _same(E1, E2):
    assert sorted(r.pattern for r in E1.regions) == sorted(r.pattern for r in E2.regions)
    assert E1.linear_regions == E2.linear_regions


@settings(max_examples=15, deadline=None)
@given(pwl_networks(input_dim=1, max_layers=3))
def test_1d_agrees_with_lp(net):
    box = Box([-3], [F(5, 2)])
    E1 = enumerate_regions(net, box)
    _same(E1, enumerate_regions(net, box, method="lp"))
    assert sum(r.measure for r in E1.regions) == box.measure


@settings(max_examples=12, deadline=None)
@given(pwl_networks(input_dim=2, max_layers=2))
def test_2d_agrees_with_lp(net):
    box = Box([-2, -1], [F(3, 2), 2])
    E2 = enumerate_regions(net, box)
    _same(E2, enumerate_regions(net, box, method="lp"))
    assert sum(r.measure for r in E2.regions) == box.measure


@settings(max_examples=10, deadline=None)
@given(relu_networks(input_dim=2, max_layers=2, max_width=3))
def test_2d_restricted_to_a_line_agrees_with_1d(net):
    # the 1-D path on the line x1 = 0 equals the 2-D path on a thin... checked via the composed network
    line = PWLNetwork(1, [Affine([[1], [0]], [0, 0])] + list(net.layers))
    E1 = enumerate_regions(line, Box([-2], [2]))
    pts = {r.pattern for r in enumerate_regions(net, Box([-2, -1], [2, 1])).regions}
    # every pattern met along the segment x1 = 0 (at a 1-D interior point) whose cell is full-dimensional
    # in 2-D is among the 2-D patterns; 1-D patterns at points off every 2-D boundary must be 2-D patterns
    for r in E1.regions:
        x = (r.point[0], F(0))
        if _strict(net, x):
            assert net.pattern(x) in pts


def _strict(net, x):
    """Independent check that no pre-activation is 0 / no max tie at x (then x is inside an open cell)."""
    v = list(x)
    for layer in net.layers:
        if isinstance(layer, Affine):
            W, b = layer.W.to_fractions(), layer.b.to_fractions()
            v = [sum(W[i, j] * v[j] for j in range(len(v))) + b[i] for i in range(W.shape[0])]
        elif isinstance(layer, (ReLU, Abs)) or type(layer).__name__ == "LeakyReLU":
            if any(z == 0 for z in v):
                return False
            v = [max(z, 0) if isinstance(layer, ReLU) else abs(z) if isinstance(layer, Abs)
                 else (z if z > 0 else layer.slope * z) for z in v]
        else:
            groups = ([list(range(j * layer.k, (j + 1) * layer.k)) for j in range(len(v) // layer.k)]
                      if isinstance(layer, Maxout) else layer.groups)
            out = []
            for g in groups:
                vals = sorted((v[i] for i in g), reverse=True)
                if len(vals) > 1 and vals[0] == vals[1]:
                    return False
                out.append(vals[0])
            v = out
    return True


@settings(max_examples=8, deadline=None)
@given(pwl_networks(input_dim=2, max_layers=2))
def test_brute_force_grid_finds_no_more_regions(net):
    box = Box([-2, -2], [2, 2])
    E = enumerate_regions(net, box)
    patterns = {r.pattern for r in E.regions}
    N = 23
    found = set()
    for i in range(N):
        for j in range(N):
            x = (F(-2) + F(4 * (2 * i + 1), 2 * N), F(-2) + F(4 * (2 * j + 1), 2 * N))
            if _strict(net, x):
                found.add(net.pattern(x))
    assert found <= patterns
    assert len(found) <= E.activation_regions


def test_regions_carry_exact_points_patterns_maps():
    net = PWLNetwork(2, [Affine([[1, 1], [1, -1], [0, 1], [2, 0]], [0, 1, 0, -1]), Maxout(2), ReLU(),
                         Affine([[1, -1]], [0])])
    E = enumerate_regions(net, Box([-2, -2], [2, 2]))
    for r in E.regions:
        assert net.pattern(r.point) == r.pattern
        assert net.affine_map_at(r.point) == r.affine
        assert len(r.vertices) >= 3 and r.measure > 0
    assert len({r.pattern for r in E.regions}) == E.activation_regions
    assert E.linear_regions == len({r.linear_region for r in E.regions})


def test_linear_regions_merge_equal_neighbours():
    # relu(x) - relu(x) is 0 everywhere: 2 activation regions, 1 linear region
    net = relu_network([[[1]]], [[0]], output_weights=[[0]])
    E = enumerate_regions(net, Box([-1], [1]))
    assert (E.activation_regions, E.linear_regions) == (2, 1)
    net2 = relu_network([[[1, 0], [-1, 0]]], [[0, 0]], output_weights=[[1, 1]])  # |x0|: 2 and 2
    assert counts(net2, Box([-1, -1], [1, 1])) == (2, 2)
    net3 = relu_network([[[1, 0], [0, 1]]], [[0, 0]], output_weights=[[0, 1]])  # relu(x1): 4 and 2
    assert counts(net3, Box([-1, -1], [1, 1])) == (4, 2)
    assert counts(net3, Box([-1, -1], [1, 1]), "lp") == (4, 2)


def test_polytope_domain_and_dead_units():
    tri = Polytope([[-1, 0], [0, -1], [1, 1]], [0, 0, 1])
    net = relu_network([[[1, -1], [0, 0]]], [[0, 0]])  # unit 1 is identically 0: never splits
    E = enumerate_regions(net, tri)
    assert E.activation_regions == 2
    assert sum(r.measure for r in E.regions) == F(1, 2)
    assert counts(net, tri, "lp")[0] == 2


def test_summary_and_to_dict():
    E = enumerate_regions(relu_network([[[1], [-1]]], [[0, 0]]), Box([-1], [1]))
    text = E.summary()
    assert "2 activation regions" in text and "2 linear regions" in text and "sum to 2" in text
    d = E.to_dict()
    assert d["status"] == "exact" and d["regions"][0]["point"] == ["-1/2"]


def test_plot_regions(tmp_path):
    pytest.importorskip("matplotlib")
    E2 = enumerate_regions(relu_network([[[1, 0], [0, 1]]], [[0, 0]]), Box([-1, -1], [1, 1]))
    assert (tmp_path / "a.png").name in plot_regions(E2, tmp_path / "a.png")
    assert (tmp_path / "a.png").stat().st_size > 0
    E1 = enumerate_regions(relu_network([[[1]]], [[0]]), Box([-1], [1]))
    plot_regions(E1, tmp_path / "b.png")
    assert (tmp_path / "b.png").stat().st_size > 0
    E3 = enumerate_regions(relu_network([[[1, 0, 0]]], [[0]]), Box([-1] * 3, [1] * 3))
    with pytest.raises(InvalidArgumentError, match="1-D or 2-D"):
        plot_regions(E3, tmp_path / "c.png")


# ------------------------------------------------------------------ budgets and progress
def test_region_budget_gives_a_lower_bound():
    net = relu_network([[[1], [1], [1], [1]]], [[0, -1, -2, -3]])
    E = enumerate_regions(net, Box([-5], [5]), max_regions=2)
    assert (E.complete, E.status, E.activation_regions) == (False, "lower-bound", 2)
    assert E.reason == "the region budget max_regions=2 was reached"
    assert "Stopped early: the region budget max_regions=2 was reached" in E.summary()
    assert "lower bounds" in E.summary()


def test_time_budget_gives_a_lower_bound():
    net = relu_network([[[1, 2], [2, -1], [1, 1]]] + [[[1, -1, 2], [2, 1, -1], [-1, 1, 1]]] * 3,
                       [[0, 1, -1]] * 4)
    E = enumerate_regions(net, Box([-5, -5], [5, 5]), time_budget=1e-9)
    assert not E.complete and E.status == "lower-bound"
    assert "time budget" in E.reason


def test_progress_callback():
    calls = []
    enumerate_regions(relu_network([[[1], [1]]], [[0, -1]]), Box([-5], [5]), progress=lambda d, t: calls.append((d, t)))
    assert calls[-1] == (3, None)
    enumerate_regions(relu_network([[[1]]], [[0]]), Box([-1], [1]), progress=True)  # no TTY in tests: silent


# ------------------------------------------------------------------ bad input
def test_bad_domains():
    with pytest.raises(DomainError, match=r"Argument 'upper' must be > 'lower'"):
        Box([0, 0], [1, 0])
    with pytest.raises(InexactInputError, match=r"Argument 'lower\[0\]' must be an exact rational"):
        Box([0.5], [1])
    with pytest.raises(InexactInputError, match=r"Argument 'A\[1\]\[0\]'"):
        Polytope([[1], [-0.5]], [1, 0])
    with pytest.raises(DomainError, match="non-empty polytope"):
        Polytope([[1], [-1]], [0, -1])
    with pytest.raises(DomainError, match="full-dimensional polytope"):
        Polytope([[1, 0], [-1, 0], [0, 1], [0, -1]], [0, 0, 1, 1])
    with pytest.raises(DomainError, match="bounded polytope.*coordinate 1"):
        Polytope([[1, 0], [-1, 0], [0, 1]], [1, 1, 1])
    with pytest.raises(ShapeError, match=r"Argument 'b' must have length 2"):
        Polytope([[1], [-1]], [1])
    with pytest.raises(ShapeError, match=r"Argument 'domain' must have dimension 1"):
        enumerate_regions(relu_network([[[1]]], [[0]]), Box([0, 0], [1, 1]))


def test_bad_arguments():
    net = relu_network([[[1]]], [[0]])
    with pytest.raises(InvalidArgumentError, match=r"Argument 'method' must be one of"):
        enumerate_regions(net, Box([0], [1]), method="milp")
    with pytest.raises(InvalidArgumentError, match=r"'method' is '2d' but the network has 1 inputs"):
        enumerate_regions(net, Box([0], [1]), method="2d")
    with pytest.raises(InvalidArgumentError, match=r"Argument 'max_regions' must be an integer >= 1"):
        enumerate_regions(net, Box([0], [1]), max_regions=0)
    with pytest.raises(InvalidArgumentError, match=r"Argument 'time_budget' must be a positive number"):
        enumerate_regions(net, Box([0], [1]), time_budget=-1)
    with pytest.raises(InvalidArgumentError, match=r"Argument 'net' must be a PWLNetwork"):
        enumerate_regions("net", Box([0], [1]))
    with pytest.raises(InvalidArgumentError, match=r"Argument 'domain' must be a Box or Polytope"):
        enumerate_regions(net, [0, 1])
    with pytest.raises(InvalidArgumentError, match=r"Argument 'progress' must be None, True or a callable"):
        enumerate_regions(net, Box([0], [1]), progress="yes")


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(-4, 4), min_size=12, max_size=12))
def test_row33_width_one_rank3_maxout_depth2_has_at_most_7_regions(w):
    # caveat: a width-1, depth-L, rank-k maxout net on R has <= 1 + (k-1)(2^L - 1) regions
    net = PWLNetwork(1, [Affine([[v] for v in w[0:3]], w[3:6]), Maxout(3),
                         Affine([[v] for v in w[6:9]], w[9:12]), Maxout(3)])
    assert enumerate_regions(net, Box([-20], [20])).activation_regions <= 7


def test_row33_seven_is_reached():
    # y = max(-x, 0, x - 1) (3 pieces, convex), then max(-(y - 1/2)... ) cut at two levels of y
    net = PWLNetwork(1, [Affine([[-1], [0], [1]], [0, 0, -1]), Maxout(3),
                         Affine([[0], [1], [2]], [F(1, 4), 0, F(-1, 2)]), Maxout(3)])
    assert enumerate_regions(net, Box([-20], [20])).activation_regions == 7


@settings(max_examples=15, deadline=None)
@given(pwl_networks(input_dim=1, max_layers=3))
def test_brute_force_grid_1d(net):
    E = enumerate_regions(net, Box([-3], [3]))
    patterns = {r.pattern for r in E.regions}
    N = 601
    found = {net.pattern([x]) for x in (F(-3) + F(6 * (2 * i + 1), 2 * N) for i in range(N)) if _strict(net, (x,))}
    assert found <= patterns


def test_partial_linear_count_is_distinct_maps():
    # four regions with maps 0, 0, x, 2x - 1 ...: a budget of 2 finds two regions with the same (zero) map
    net = relu_network([[[1], [1]]], [[0, -1]], output_weights=[[0, 1]])
    E = enumerate_regions(net, Box([-3], [3]), max_regions=2)
    assert (E.activation_regions, E.linear_regions) == (2, 1)
    assert "distinct affine maps among the regions found" in E.summary()


def test_time_budget_is_checked_inside_a_long_split():
    # one layer of 14 ReLUs in 3-D: splitting the first cell takes ~1 s of exact LPs; the budget must
    # interrupt it, not wait for the split to finish
    import random
    import time

    rng = random.Random(3)
    net = relu_network([[[rng.randint(-9, 9) for _ in range(3)] for _ in range(14)]],
                       [[rng.randint(-9, 9) for _ in range(14)]])
    t0 = time.perf_counter()
    E = enumerate_regions(net, Box([-10] * 3, [10] * 3), time_budget=0.05)
    assert time.perf_counter() - t0 < 0.6  # the whole first split takes ~1.3 s on this machine
    assert not E.complete and E.reason == "the time budget of 0.05 s ran out"


def _lift(net, extra):
    """The same function of x0 on R^(1+extra): the first Affine layer gets zero columns for the new inputs."""
    first = net.layers[0]
    W = [list(row) + [0] * extra for row in first.W.to_fractions().tolist()]
    return PWLNetwork(1 + extra, [Affine(W, first.b)] + list(net.layers[1:]))


@settings(max_examples=12, deadline=None)
@given(pwl_networks(input_dim=1, max_layers=3))
def test_1d_2d_and_3d_lp_paths_agree_exactly_on_lifted_networks(net):
    # f(x0) lifted to g(x0, x1) = f(x0) and h(x0, x1, x2) = f(x0): every region of f becomes a slab, so the
    # 1d, 2d and (3-D) lp paths must report the same patterns and the same two counts
    E1 = enumerate_regions(net, Box([-3], [F(5, 2)]))
    E2 = enumerate_regions(_lift(net, 1), Box([-3, -1], [F(5, 2), 2]))
    E3 = enumerate_regions(_lift(net, 2), Box([-3, -1, 0], [F(5, 2), 2, 1]))
    assert (E1.method, E2.method, E3.method) == ("1d", "2d", "lp")
    assert sorted(r.pattern for r in E1.regions) == sorted(r.pattern for r in E2.regions) \
        == sorted(r.pattern for r in E3.regions)
    assert E1.linear_regions == E2.linear_regions == E3.linear_regions
    assert sum(r.measure for r in E2.regions) == F(11, 2) * 3


@settings(max_examples=8, deadline=None)
@given(pwl_networks(input_dim=3, max_layers=2))
def test_brute_force_grid_3d_finds_no_more_regions_than_lp(net):
    import itertools

    E = enumerate_regions(net, Box([-2] * 3, [2] * 3))
    patterns = {r.pattern for r in E.regions}
    N = 7
    found = set()
    for idx in itertools.product(range(N), repeat=3):
        x = tuple(F(-2) + F(4 * (2 * i + 1), 2 * N) for i in idx)
        if _strict(net, x):
            found.add(net.pattern(x))
    assert found <= patterns


def test_lp_merge_tests_near_patterns_first(monkeypatch):
    # a dead output (every region has the map 0): one linear region; the facet LPs must not be spent on
    # all ~n^2/2 pairs of regions, only on about one pair per region (nearest patterns first + union-find)
    import random

    from exactnet.regions import merge

    calls = []
    real = merge._relint_on_hyperplane
    monkeypatch.setattr(merge, "_relint_on_hyperplane", lambda *a: calls.append(1) or real(*a))
    rng = random.Random(3)
    W = [[rng.randint(-9, 9) for _ in range(3)] for _ in range(8)]
    net = relu_network([W], [[rng.randint(-9, 9) for _ in range(8)]], output_weights=[[0] * 8])
    E = enumerate_regions(net, Box([-10] * 3, [10] * 3))
    assert (E.method, E.activation_regions, E.linear_regions) == ("lp", 81, 1)
    assert len(calls) < 2 * E.activation_regions
    assert merge._pattern_distance(((1, 0), (2,)), ((1, 1), (0,))) == 2


def test_progress_bar_only_on_a_terminal(monkeypatch):
    import io
    import sys

    class FakeTTY(io.StringIO):
        def __init__(self, tty):
            super().__init__()
            self.tty = tty

        def isatty(self):
            return self.tty

    net = relu_network([[[1], [1]]], [[0, -1]])
    for tty in (True, False):
        err = FakeTTY(tty)
        monkeypatch.setattr(sys, "stderr", err)
        E = enumerate_regions(net, Box([-5], [5]), progress=True)
        monkeypatch.undo()
        assert E.activation_regions == 3
        assert ("region" in err.getvalue()) is tty


def test_plot_colours_neighbours_differently_and_marks_inner_edges():
    from exactnet.regions.constructions import quadrant_folding
    from exactnet.regions.plot import _edge_structure, _linear_colours

    c = quadrant_folding(3)
    E = enumerate_regions(c.network, c.domain)  # 28 activation regions, 25 linear regions
    pieces, neighbours = _edge_structure(E.regions)
    colours = _linear_colours(E.linear_regions, neighbours)
    assert len(colours) == 25 == len(set(colours))  # one colour per linear region, none repeated
    # every interior edge piece has two owners; neighbours (sharing a piece of positive length) differ in colour,
    # and a piece is "inner" (dotted) exactly when both owners are in one linear region
    inner = [seg for seg, is_inner in pieces if is_inner]
    assert inner  # the four all-off copies meet along the axes inside one linear region
    for (p, q), is_inner in pieces:
        mid = ((p[0] + q[0]) / 2, (p[1] + q[1]) / 2)
        owners = [k for k, r in enumerate(E.regions) if _on_boundary(mid, r.vertices)]
        assert 1 <= len(owners) <= 2
        if len(owners) == 2:
            a, b = (E.regions[k].linear_region for k in owners)
            assert is_inner == (a == b)
            assert a == b or colours[a] != colours[b]
        else:
            assert not is_inner


def _on_boundary(m, vs):
    for k in range(len(vs)):
        p, q = vs[k], vs[(k + 1) % len(vs)]
        if (q[0] - p[0]) * (m[1] - p[1]) == (q[1] - p[1]) * (m[0] - p[0]) \
                and min(p[0], q[0]) <= m[0] <= max(p[0], q[0]) and min(p[1], q[1]) <= m[1] <= max(p[1], q[1]):
            return True
    return False


def test_row39_two_three_piece_units_reach_nine_regions():
    # a 3-piece unit z -> relu(z) - relu(z - 1) (pieces 0, z, 1) has two parallel breakpoint lines; two such
    # units on independent directions give the 3 x 3 grid: 9 = Hu et al.'s (reconstructed) one-layer value
    from exactnet.regions.bounds import hu2018_one_layer_max

    net = relu_network([[[1, 0], [1, 0], [1, 1], [1, 1]]], [[0, -1, 0, -1]], output_weights=[[1, -1, 2, -2]])
    act, lin = counts(net, Box([-3, -3], [3, 3]))
    assert act == lin == 9 == hu2018_one_layer_max(2, 2, 3)
