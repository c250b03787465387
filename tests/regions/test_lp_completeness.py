"""Completeness certificates of the lp path (any input dimension): the split tree with Farkas certificates.

Independent oracles: the 1d / 2d paths (whose completeness is proved by lengths / areas) on lifted networks,
a brute-force rational grid (may find fewer patterns, never more), and the checker's own evaluator.
"""

from __future__ import annotations

import copy
import json
import random
from fractions import Fraction as F

import pytest
from hypothesis import given, settings

from exactnet.checker import check_certificate
from exactnet.errors import CertificateError
from exactnet.networks.pwl import Abs, Affine, LeakyReLU, Maxout, MaxPool, PWLNetwork, ReLU
from exactnet.regions import Box, Polytope, enumerate_regions
from exactnet.regions._simplex import farkas
from exactnet.testing.regions import pwl_networks


def cert_of(net, domain, **kw):
    return json.loads(json.dumps(enumerate_regions(net, domain, **kw).certificate().to_dict()))


def _rand_net(kind, n0, seed, width=3):
    rng = random.Random(seed)

    def aff(n_in, n_out):
        return Affine([[rng.randint(-3, 3) for _ in range(n_in)] for _ in range(n_out)],
                      [rng.randint(-2, 2) for _ in range(n_out)])

    layers = []
    w = n0
    for _ in range(2):
        if kind == "maxout":
            layers += [aff(w, 2 * width), Maxout(2)]
        elif kind == "max-pool":
            layers += [aff(w, width + 1), MaxPool([[0, 1], [1, 2, 3], [3]] if width == 3 else [[0, 1], [1, 2]])]
        else:
            act = {"relu": ReLU(), "leaky": LeakyReLU(F(1, 3)), "abs": Abs()}[kind]
            layers += [aff(w, width), act]
        w = width
    layers.append(aff(w, 1))
    return PWLNetwork(n0, layers)


KINDS = ["relu", "leaky", "abs", "maxout", "max-pool"]


def _grid_patterns(net, box, steps):
    """Patterns at the points of a rational grid that lie on no region boundary (brute force)."""
    lo, hi = box
    found = set()
    n = len(lo)
    idx = [0] * n
    while True:
        x = [F(lo[i]) + (F(hi[i]) - F(lo[i])) * F(2 * idx[i] + 1, 2 * steps) + F(1, 997 + i) * F(1, 13)
             for i in range(n)]
        found.add(net.pattern(x))
        k = 0
        while k < n and idx[k] == steps - 1:
            idx[k] = 0
            k += 1
        if k == n:
            return found
        idx[k] += 1


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("n0", [3, 4])
def test_random_nets_get_exact_certificates(kind, n0):
    net = _rand_net(kind, n0, seed=7 * n0 + KINDS.index(kind), width=3 if n0 == 3 else 2)
    box = Box([-2] * n0, [2] * n0)
    E = enumerate_regions(net, box)
    assert E.method == "lp" and E.complete
    c = cert_of(net, box)
    assert c["status"] == "exact" and "split_tree" in c
    facts = check_certificate(c).facts
    assert facts["complete"] and facts["activation_regions"] == E.activation_regions
    assert facts["linear_regions"] == E.linear_regions
    # a grid can only find patterns that exist
    assert _grid_patterns(net, ([-2] * n0, [2] * n0), 4 if n0 == 3 else 3) <= {r.pattern for r in E.regions}


def _lift(net, extra):
    first = net.layers[0]
    W = [list(row) + [0] * extra for row in first.W.to_fractions().tolist()]
    return PWLNetwork(net.input_dim + extra, [Affine(W, first.b)] + list(net.layers[1:]))


@settings(max_examples=8, deadline=None)
@given(pwl_networks(input_dim=2, max_layers=2))
def test_lifted_2d_nets_agree_with_the_2d_path(net):
    E2 = enumerate_regions(net, Box([-2, -1], [2, F(3, 2)]))
    lifted = _lift(net, 1)
    c3 = cert_of(lifted, Box([-2, -1, 0], [2, F(3, 2), 1]))
    f = check_certificate(c3).facts
    assert c3["status"] == "exact" and c3["method"] == "lp"
    assert (f["activation_regions"], f["linear_regions"]) == (E2.activation_regions, E2.linear_regions)
    assert sorted(json.dumps(r["pattern"]) for r in c3["regions"]) \
        == sorted(json.dumps([list(p) for p in r.pattern]) for r in E2.regions)


@settings(max_examples=6, deadline=None)
@given(pwl_networks(input_dim=1, max_layers=2))
def test_lifted_1d_nets_agree_with_the_1d_path_in_4d(net):
    E1 = enumerate_regions(net, Box([-3], [F(5, 2)]))
    c4 = cert_of(_lift(net, 3), Box([-3, 0, 0, 0], [F(5, 2), 1, 1, 1]))
    f = check_certificate(c4).facts
    assert c4["status"] == "exact"
    assert (f["activation_regions"], f["linear_regions"]) == (E1.activation_regions, E1.linear_regions)


def test_constant_units_and_ties_are_single_children():
    # a unit with zero weights (constant > 0 and constant 0), identical and parallel maxout members
    net = PWLNetwork(3, [
        Affine([[1, 0, 0], [0, 0, 0], [0, 0, 0], [0, 1, 1]], [0, 1, 0, 0]), ReLU(),
        Affine([[1, 0, 0, 0], [1, 0, 0, 0], [0, 1, 0, 0], [0, 1, 0, 0], [0, 0, 0, 1], [1, 0, 0, 0]],
               [0, 0, 0, 1, 0, 0]), Maxout(2),
        Affine([[1, 1, 1]], [0])])
    box = Box([-1] * 3, [1] * 3)
    c = cert_of(net, box)
    tree = c["split_tree"]
    assert [1, 0] in tree and [0, 1] in tree  # ReLU units constant on the cell: one child each
    f = check_certificate(c).facts
    E = enumerate_regions(net, box)
    # hand count: 4 first-layer patterns; only (x0 > 0, x1 + x2 > 0) splits the last group
    assert f["activation_regions"] == E.activation_regions == 5
    assert _grid_patterns(net, ([-1] * 3, [1] * 3), 4) == {r.pattern for r in E.regions}
    # a branch marked impossible (0) for a unit that is not constant is refused
    bad = copy.deepcopy(c)
    k = next(i for i, node in enumerate(bad["split_tree"]) if node == [1, 1])
    bad["split_tree"][k] = [0, 1]
    with pytest.raises(CertificateError, match="needs the unit to be constant"):
        check_certificate(bad)
    # a kept branch that the constants exclude is refused
    bad = copy.deepcopy(c)
    k = bad["split_tree"].index([0, 1])
    bad["split_tree"][k] = [1, 1]
    with pytest.raises(CertificateError, match="kept branch is impossible"):
        check_certificate(bad)


def _net3():
    return _rand_net("relu", 3, seed=1, width=3)


def _drop_region(c, k):
    c = copy.deepcopy(c)
    del c["regions"][k]
    groups = []
    for g in c["linear_groups"]:
        g2 = [i - (i > k) for i in g if i != k]
        if g2:
            groups.append(g2)
    old = (c["activation_regions"], c["linear_regions"])
    c["linear_groups"] = groups
    c["activation_regions"] = len(c["regions"])
    c["linear_regions"] = len(groups)
    c["claim"] = c["claim"].replace(f"exactly {old[0]} activation", f"exactly {c['activation_regions']} activation")
    c["claim"] = c["claim"].replace(f"exactly {old[1]} linear", f"exactly {c['linear_regions']} linear")
    return c


def test_corruptions_are_rejected():
    box = Box([-2] * 3, [2] * 3)
    c = cert_of(_net3(), box)
    assert check_certificate(c).facts["complete"]
    tree = c["split_tree"]
    # a removed region: the tree keeps a leaf that is no listed region
    with pytest.raises(CertificateError, match="not a listed region: the list is not complete"):
        check_certificate(_drop_region(c, 3))
    # a wrong Farkas multiplier
    k = next(i for i, node in enumerate(tree) if any(isinstance(e, list) for e in node))
    b = next(j for j, e in enumerate(tree[k]) if isinstance(e, list))
    bad = copy.deepcopy(c)
    y = bad["split_tree"][k][b][0]
    y[2] = str(F(y[2]) + 1)
    with pytest.raises(CertificateError, match="not a Farkas certificate"):
        check_certificate(bad)
    bad = copy.deepcopy(c)
    bad["split_tree"][k][b][0][2] = "-1"
    with pytest.raises(CertificateError, match="must be > 0"):
        check_certificate(bad)
    bad = copy.deepcopy(c)
    bad["split_tree"][k][b][0][:2] = [99, 0]
    with pytest.raises(CertificateError, match="not a row of this cell"):
        check_certificate(bad)
    # a pruned branch that is actually full-dimensional: the kept sibling "pruned" with the other's multipliers
    bad = copy.deepcopy(c)
    node = bad["split_tree"][k]
    bad["split_tree"][k] = [node[b]] * 2
    with pytest.raises(CertificateError, match="not a Farkas certificate") as info:
        check_certificate(bad)
    assert info.value.field.startswith(f"split_tree[{k}]")
    # a missing child, a truncated tree, a tree with extra nodes, a node that is not a list
    bad = copy.deepcopy(c)
    bad["split_tree"][0] = bad["split_tree"][0][:1]
    with pytest.raises(CertificateError, match="must list 2 branches"):
        check_certificate(bad)
    bad = copy.deepcopy(c)
    bad["split_tree"].pop()
    with pytest.raises(CertificateError, match="is not split"):
        check_certificate(bad)
    bad = copy.deepcopy(c)
    bad["split_tree"].append([1, 1])
    with pytest.raises(CertificateError, match="left over"):
        check_certificate(bad)
    bad = copy.deepcopy(c)
    bad["split_tree"][0][0] = "kept"
    with pytest.raises(CertificateError, match="must be 1 .kept., 0 .impossible. or a Farkas"):
        check_certificate(bad)
    bad = copy.deepcopy(c)
    bad["split_tree"] = {}
    with pytest.raises(CertificateError, match="JSON array of nodes"):
        check_certificate(bad)


def test_merges_and_separations_are_verified():
    # the output ignores the units: every region has the map 0 -> one linear region, merges through facets
    rng = random.Random(5)
    net = PWLNetwork(3, [Affine([[rng.randint(-3, 3) for _ in range(3)] for _ in range(4)],
                                [rng.randint(-2, 2) for _ in range(4)]), ReLU(), Affine([[0, 0, 0, 0]], [0])])
    c = cert_of(net, Box([-2] * 3, [2] * 3))
    assert check_certificate(c).facts["linear_regions"] == 1 and c["merges"]
    bad = copy.deepcopy(c)
    bad["merges"][0]["shared"] = [["5", "5", "5"]]
    with pytest.raises(CertificateError, match="relative interior of a facet"):
        check_certificate(bad)
    # splitting the group in two: a facet joins them, so no separation can exist
    bad = copy.deepcopy(c)
    g = bad["linear_groups"][0]
    uses = [sum(r in m["regions"] for m in c["merges"]) for r in range(len(c["regions"]))]
    leaf = uses.index(1)  # a leaf of the merge tree: the other regions stay connected without it
    bad["linear_groups"] = [[leaf], [r for r in g if r != leaf]]
    bad["linear_regions"] = 2
    bad["claim"] = bad["claim"].replace("exactly 1 linear", "exactly 2 linear")
    bad["merges"] = [m for m in bad["merges"] if leaf not in m["regions"]]
    with pytest.raises(CertificateError, match="no certificate shows that they share no facet"):
        check_certificate(bad)
    # |x0| + |x1| - |x0 + x1| is 0 on the quadrants (+, +) and (-, -), which touch only along a line: two
    # linear regions with one map, and x0 = 0 bounds both (reversed): a separation proves they share no facet
    net2 = PWLNetwork(3, [Affine([[1, 0, 0], [0, 1, 0], [1, 1, 0]], [0, 0, 0]), Abs(), Affine([[1, 1, -1]], [0])])
    c2 = cert_of(net2, Box([-1] * 3, [1] * 3))
    f = check_certificate(c2).facts
    E = enumerate_regions(net2, Box([-1] * 3, [1] * 3))
    assert (f["activation_regions"], f["linear_regions"]) == (E.activation_regions, E.linear_regions) == (6, 6)
    seps = c2["separations"]
    assert seps
    bad = copy.deepcopy(c2)
    bad["separations"][0]["facets"][0]["lambda"] = str(F(bad["separations"][0]["facets"][0]["lambda"]) + 1)
    with pytest.raises(CertificateError, match="not a Farkas certificate"):
        check_certificate(bad)
    bad = copy.deepcopy(c2)
    bad["separations"] = []
    with pytest.raises(CertificateError, match="share no facet"):
        check_certificate(bad)


def test_budget_keeps_lower_bound_and_polytope_domains_work():
    net = _net3()
    c = cert_of(net, Box([-2] * 3, [2] * 3), max_regions=2)
    assert c["status"] == "lower-bound" and "split_tree" not in c
    assert check_certificate(c).facts["activation_regions"] == 2  # the regions found are kept
    assert enumerate_regions(net, Box([-2] * 3, [2] * 3), max_regions=2).split_tree is None
    simplex = Polytope([[-1, 0, 0], [0, -1, 0], [0, 0, -1], [1, 1, 1]], [1, 1, 1, 2])
    c = cert_of(net, simplex)
    assert c["status"] == "exact" and check_certificate(c).facts["complete"]
    E = enumerate_regions(net, simplex)
    assert check_certificate(c).facts["activation_regions"] == E.activation_regions


def test_farkas_helper_is_exact_and_sound():
    # x + y < 0, -x < 0, -y < 0 is empty; with equality x + y = 1 and -x < 0, -y < 0 it is not
    rows = [([F(1), F(1)], F(0)), ([F(-1), F(0)], F(0)), ([F(0), F(-1)], F(0))]
    y, z = farkas(rows)
    assert all(v >= 0 for v in y) and sum(y) == 1 and z == []
    assert [sum(v * a[k] for v, (a, _) in zip(y, rows)) for k in range(2)] == [0, 0]
    assert sum(v * b for v, (_, b) in zip(y, rows)) <= 0
    assert farkas(rows[1:], [([F(1), F(1)], F(1))]) is None
    y, z = farkas(rows[1:], [([F(1), F(1)], F(-1))])
    assert sum(y) == 1 and z[0] != 0
    assert farkas([]) is None


@settings(max_examples=10, deadline=None)
@given(pwl_networks(input_dim=3, max_layers=2))
def test_random_3d_networks_of_every_kind_are_certified_exact(net):
    box = Box([-2, -1, 0], [2, F(3, 2), 1])
    E = enumerate_regions(net, box)
    f = check_certificate(cert_of(net, box)).facts
    assert f["complete"] and (f["activation_regions"], f["linear_regions"]) == (E.activation_regions, E.linear_regions)
