"""Completeness certificates of the lp path (any input dimension): region-cover evidence, checked by the kernel.

Every activation pattern is either listed (a point in its cell) or extends an excluded prefix whose strict
system has a Farkas certificate.  Independent oracles: the 1d / 2d paths (whose completeness is proved by
lengths / areas) on lifted networks, a brute-force rational grid (may find fewer patterns, never more).
"""

from __future__ import annotations

import copy
import json
import random
from fractions import Fraction as F

import pytest
from hypothesis import given, settings

from exactnet.errors import CertificateError
from exactnet.kernel import check_certificate
from exactnet.networks.pwl import Abs, Affine, LeakyReLU, Maxout, MaxPool, PWLNetwork, ReLU
from exactnet.regions import Box, Polytope, enumerate_regions
from exactnet.regions._simplex import farkas
from exactnet.testing.regions import pwl_networks


def cert_of(net, domain, **kw):
    return json.loads(json.dumps(enumerate_regions(net, domain, **kw).certificate.to_dict()))


def activation(c) -> int:
    """The activation count a checked certificate proves (exact for region-cover)."""
    p = check_certificate(copy.deepcopy(c)).proposition
    assert p.relation == "="
    return p.value if p.quantity == "activation_regions" else p.value[0]


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
    assert c["evidence"]["method"] == "region-cover"
    assert activation(c) == E.activation_regions
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
    c3 = cert_of(_lift(net, 1), Box([-2, -1, 0], [2, F(3, 2), 1]))
    assert activation(c3) == E2.activation_regions
    assert sorted(json.dumps(r["pattern"]) for r in c3["evidence"]["regions"]) \
        == sorted(json.dumps([list(p) for p in r.pattern]) for r in E2.regions)


@settings(max_examples=6, deadline=None)
@given(pwl_networks(input_dim=1, max_layers=2))
def test_lifted_1d_nets_agree_with_the_1d_path_in_4d(net):
    E1 = enumerate_regions(net, Box([-3], [F(5, 2)]))
    c4 = cert_of(_lift(net, 3), Box([-3, 0, 0, 0], [F(5, 2), 1, 1, 1]))
    assert activation(c4) == E1.activation_regions


def test_constant_units_and_ties_are_excluded_by_their_own_rows():
    # a unit with zero weights (constant > 0 and constant 0), identical and parallel maxout members
    net = PWLNetwork(3, [
        Affine([[1, 0, 0], [0, 0, 0], [0, 0, 0], [0, 1, 1]], [0, 1, 0, 0]), ReLU(),
        Affine([[1, 0, 0, 0], [1, 0, 0, 0], [0, 1, 0, 0], [0, 1, 0, 0], [0, 0, 0, 1], [1, 0, 0, 0]],
               [0, 0, 0, 1, 0, 0]), Maxout(2),
        Affine([[1, 1, 1]], [0])])
    box = Box([-1] * 3, [1] * 3)
    c = cert_of(net, box)
    excluded = c["evidence"]["excluded"]
    # the constant units: unit 1 (constant 1) cannot be off, unit 2 (constant 0) cannot be on; multiplier 1
    assert {"pattern": [[0, 0]], "farkas": [[7, "1"]]} in excluded or any(
        e["pattern"][0][1:2] == [0] and e["farkas"] == [[7, "1"]] for e in excluded)
    E = enumerate_regions(net, box)
    # hand count: 4 first-layer patterns; only (x0 > 0, x1 + x2 > 0) splits the last group
    assert activation(c) == E.activation_regions == 5
    assert _grid_patterns(net, ([-1] * 3, [1] * 3), 4) == {r.pattern for r in E.regions}
    # a vacuous row (unit 2 with bit 0 is identically 0) cannot carry a multiplier
    bad = copy.deepcopy(c)
    e = next(e for e in bad["evidence"]["excluded"] if len(e["pattern"][0]) >= 3 and e["pattern"][0][2] == 0)
    e["farkas"] = [[8, "1"]]
    with pytest.raises(CertificateError, match="not a vacuous one") as info:
        check_certificate(bad)
    assert info.value.field.endswith(".farkas[0]")


def _net3():
    return _rand_net("relu", 3, seed=1, width=3)


def test_corruptions_are_rejected():
    box = Box([-2] * 3, [2] * 3)
    c = cert_of(_net3(), box)
    n = activation(c)
    ev = "evidence"
    # a removed region: its pattern is neither listed nor excluded
    bad = copy.deepcopy(c)
    del bad[ev]["regions"][3]
    bad["proposition"]["value"] = n - 1 if isinstance(c["proposition"]["value"], int) else [n - 1, n - 1]
    with pytest.raises(CertificateError, match="do not account for every activation pattern") as info:
        check_certificate(bad)
    assert info.value.field == "evidence.excluded"
    # a wrong Farkas multiplier
    k = next(i for i, e in enumerate(c[ev]["excluded"]) if len(e["farkas"]) > 1)
    bad = copy.deepcopy(c)
    bad[ev]["excluded"][k]["farkas"][0][1] = str(F(bad[ev]["excluded"][k]["farkas"][0][1]) + 1)
    with pytest.raises(CertificateError, match="not a proof that the pattern is empty") as info:
        check_certificate(bad)
    assert info.value.field == f"evidence.excluded[{k}].farkas"
    for y, match in (("-1", "must be a multiplier > 0"), ("0", "must be a multiplier > 0"), (1, "rational"),
                     ("2/4", "lowest terms"), ("1/0", "denominator")):
        bad = copy.deepcopy(c)
        bad[ev]["excluded"][k]["farkas"][0][1] = y
        with pytest.raises(CertificateError, match=match) as info:
            check_certificate(bad)
        assert info.value.field.startswith(f"evidence.excluded[{k}].farkas[0]")
    bad = copy.deepcopy(c)
    bad[ev]["excluded"][k]["farkas"][0][0] = 99
    with pytest.raises(CertificateError, match="rows must be increasing, below"):
        check_certificate(bad)
    # a pruned branch that is actually full-dimensional: a listed region's pattern excluded instead
    bad = copy.deepcopy(c)
    reg = bad[ev]["regions"].pop(0)
    bad[ev]["excluded"].append({"pattern": reg["pattern"], "farkas": bad[ev]["excluded"][k]["farkas"]})
    bad["proposition"]["value"] = n - 1 if isinstance(c["proposition"]["value"], int) else [n - 1, n - 1]
    with pytest.raises(CertificateError, match="not a proof") as info:
        check_certificate(bad)
    assert info.value.field == f"evidence.excluded[{len(bad[ev]['excluded']) - 1}].farkas"
    # an excluded prefix that overlaps a listed region, a repeated one, a malformed one
    bad = copy.deepcopy(c)
    bad[ev]["excluded"].append({"pattern": [c[ev]["regions"][0]["pattern"][0][:1]], "farkas": [[0, "1"]]})
    with pytest.raises(CertificateError, match="extends .or repeats. another"):
        check_certificate(bad)
    bad = copy.deepcopy(c)
    bad[ev]["excluded"].append(bad[ev]["excluded"][0])
    with pytest.raises(CertificateError, match="extends .or repeats. another"):
        check_certificate(bad)
    bad = copy.deepcopy(c)
    bad[ev]["excluded"][0]["pattern"] = [[0], [1]]
    with pytest.raises(CertificateError, match="whole arrays for the first nonlinear layers") as info:
        check_certificate(bad)
    assert info.value.field == "evidence.excluded[0].pattern"
    bad = copy.deepcopy(c)
    bad[ev]["excluded"] = {}
    with pytest.raises(CertificateError, match="must be a JSON array of"):
        check_certificate(bad)


def test_budget_keeps_lower_bound_and_polytope_domains_work():
    net = _net3()
    c = cert_of(net, Box([-2] * 3, [2] * 3), max_regions=2)
    assert c["evidence"]["method"] == "region-points" and c["proposition"]["relation"] == ">="
    assert check_certificate(c).proposition.value[0] == 2  # the regions found are kept
    assert enumerate_regions(net, Box([-2] * 3, [2] * 3), max_regions=2).split_tree is None
    simplex = Polytope([[-1, 0, 0], [0, -1, 0], [0, 0, -1], [1, 1, 1]], [1, 1, 1, 2])
    c = cert_of(net, simplex)
    E = enumerate_regions(net, simplex)
    assert c["evidence"]["method"] == "region-cover" and activation(c) == E.activation_regions


def test_distinct_maps_give_the_linear_count_too():
    # |x0| + |x1| - |x0 + x1|: 6 activation regions, one map each -> regions = (6, 6)
    net2 = PWLNetwork(3, [Affine([[1, 0, 0], [0, 1, 0], [1, 1, 0]], [0, 0, 0]), Abs(), Affine([[1, 1, -1]], [0])])
    c2 = cert_of(net2, Box([-1] * 3, [1] * 3))
    E = enumerate_regions(net2, Box([-1] * 3, [1] * 3))
    assert E.activation_regions == 6
    # the zero map on (+, +) and (-, -): not all maps distinct -> only the activation count is stated
    assert c2["proposition"]["quantity"] == "activation_regions" and activation(c2) == 6
    net = PWLNetwork(3, [Affine([[1, 0, 0], [0, 1, 0]], [0, 0]), ReLU(), Affine([[1, 2]], [0])])
    c = cert_of(net, Box([-1] * 3, [1] * 3))
    assert check_certificate(c).proposition.value == (4, 4)
    bad = copy.deepcopy(c)
    bad["proposition"]["value"] = [4, 3]
    with pytest.raises(CertificateError) as info:
        check_certificate(bad)
    assert info.value.field == "proposition.value"


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
    assert activation(cert_of(net, box)) == E.activation_regions
