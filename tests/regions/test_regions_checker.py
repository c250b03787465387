"""The independent checker of "linear-regions" certificates: valid ones pass, every corruption fails."""

from __future__ import annotations

import copy
import json

import pytest
from hypothesis import given, settings

from exactnet.checker import check_certificate
from exactnet.errors import CertificateError
from exactnet.networks.pwl import Affine, Maxout, PWLNetwork, relu_network
from exactnet.regions import Box, Polytope, enumerate_regions
from exactnet.testing.regions import pwl_networks


def cert_of(net, domain, **kw):
    return json.loads(json.dumps(enumerate_regions(net, domain, **kw).certificate().to_dict()))


NET1 = relu_network([[[1], [1], [-1]]], [[0, -1, -1]], output_weights=[[1, 0, 0]])
NET2 = relu_network([[[1, 0], [0, 1], [1, 1]]], [[0, 0, -1]], output_weights=[[0, 1, 0]])


def test_valid_certificates_1d_2d_lp():
    r = check_certificate(cert_of(NET1, Box([-2], [2])))
    assert r.facts["activation_regions"] == 4 and r.facts["complete"]
    r = check_certificate(cert_of(NET2, Box([-2, -2], [2, 2])))
    assert r.facts["activation_regions"] == 7 and r.facts["linear_regions"] < 7
    c = cert_of(NET2, Box([-2, -2], [2, 2]), method="lp")
    assert c["status"] == "exact"  # the lp path certifies completeness with its split tree
    r = check_certificate(c)
    assert r.facts["complete"] and r.facts["activation_regions"] == 7
    c = cert_of(relu_network([[[1, 0, 1]]], [[0]]), Box([-1] * 3, [1] * 3))
    assert check_certificate(c).facts["activation_regions"] == 2


def test_partial_enumeration_certifies_a_lower_bound():
    c = cert_of(NET1, Box([-2], [2]), max_regions=2)
    assert c["status"] == "lower-bound" and "at least 2 activation regions" in c["claim"]
    assert check_certificate(c).facts["activation_regions"] == 2
    c["status"] = "exact"
    c["claim"] = c["claim"].replace("at least", "exactly")
    with pytest.raises(CertificateError, match="not the domain's"):
        check_certificate(c)


def test_polytope_2d_completeness():
    tri = Polytope([[-1, 0], [0, -1], [1, 1]], [0, 0, 1])
    c = cert_of(NET2, tri)
    assert c["status"] == "exact"
    assert check_certificate(c).facts["complete"]
    bad = copy.deepcopy(c)
    bad["domain"]["b"][2] = "2"  # a larger triangle: the regions no longer cover it
    with pytest.raises(CertificateError, match="not the domain's"):
        check_certificate(bad)
    bad["domain"] = {"type": "polytope", "A": [["-1", "0"], ["0", "-1"]], "b": ["0", "0"]}
    with pytest.raises(CertificateError, match="unbounded"):
        check_certificate(bad)
    c3 = cert_of(relu_network([[[1, 0, 1]]], [[0]]), Box([-1] * 3, [1] * 3))
    del c3["split_tree"]  # without the split tree an lp certificate cannot prove completeness
    c3["claim"] = c3["claim"].replace("at least", "exactly")
    with pytest.raises(CertificateError, match="completeness can only be certified in 1-D or 2-D"):
        check_certificate(c3)


@settings(max_examples=10, deadline=None)
@given(pwl_networks(input_dim=2, max_layers=2))
def test_random_certificates_check(net):
    check_certificate(cert_of(net, Box([-2, -2], [2, 2])))


@settings(max_examples=10, deadline=None)
@given(pwl_networks(input_dim=1, max_layers=3))
def test_random_certificates_check_1d(net):
    check_certificate(cert_of(net, Box([-3], [3])))


def _mutations():
    c1 = cert_of(NET1, Box([-2], [2]))
    c2 = cert_of(NET2, Box([-2, -2], [2, 2]))
    cm = cert_of(PWLNetwork(2, [Affine([[1, 0], [0, 1], [1, 1], [-1, 0]], [0, 0, 0, 1]), Maxout(2)]),
                 Box([-2, -2], [2, 2]))
    out = []

    def m(name, base, fn, match):
        c = copy.deepcopy(base)
        fn(c)
        out.append(pytest.param(c, match, id=name))

    m("pattern", c1, lambda c: c["regions"][0].__setitem__("pattern", [[1, 1, 1]]), "activation pattern")
    m("point-float", c1, lambda c: c["regions"][0].__setitem__("point", [-1.5]), "JSON numbers are never accepted")
    m("point-on-boundary", c1, lambda c: c["regions"][1].__setitem__("point", ["0"]), "pattern|boundary")
    m("point-outside", c1, lambda c: c["regions"][0].__setitem__("point", ["-3"]), "domain")
    m("map", c1, lambda c: c["regions"][0]["c"].__setitem__(0, "7"), "affine map")
    m("duplicate", c1, lambda c: (c["regions"].append(c["regions"][0]),
                                  c.__setitem__("activation_regions", c["activation_regions"] + 1)), "repeats")
    m("count", c1, lambda c: c.__setitem__("activation_regions", 5), "number of listed regions")
    m("measure", c1, lambda c: c["regions"][0].__setitem__("measure", "3/2"), "exact measure")
    m("drop-region", c1, lambda c: (c["regions"].pop(), c.__setitem__("activation_regions", 3),
                                     c.__setitem__("linear_groups", [[0], [1], [2]]),
                                     c.__setitem__("linear_regions", 3), c.__setitem__("merges", []),
                                     c.__setitem__("claim", "exactly 3 activation regions and exactly 3 linear "
                                                   "regions")), "not the domain's|group")
    m("interval-too-long", c1, lambda c: (c["regions"][0]["vertices"].__setitem__(1, ["0"]),
                                           c["regions"][0].__setitem__("measure", "2")), "pattern inequality|sum")
    m("claim", c1, lambda c: c.__setitem__("claim", c["claim"].replace("exactly 4", "exactly 5")), "claim")
    m("claim-at-least", c1, lambda c: c.__setitem__("claim", c["claim"].replace("exactly", "at least")),
      "not 'at least'")
    m("weights", c1, lambda c: c["network"]["layers"][0]["weights"].__setitem__(0, ["2"]), "pattern|affine map")
    m("weights-float", c1, lambda c: c["network"]["layers"][0]["weights"].__setitem__(0, [1.0]), "JSON")
    m("domain", c1, lambda c: c["domain"]["upper"].__setitem__(0, "3"), "domain's")
    m("polygon-vertex", c2, lambda c: c["regions"][0]["vertices"].__setitem__(0, ["-2", "2"]),
      "convex|measure|pattern inequality")
    m("polygon-order", c2, lambda c: c["regions"][0]["vertices"].reverse(), "counter-clockwise")
    m("split-group", c2, lambda c: (c["linear_groups"].append([c["linear_groups"][0].pop()]),
                                     c.__setitem__("linear_regions", c["linear_regions"] + 1)),
      "different groups|claim|connect")
    m("merge-unequal", c2, lambda c: c["merges"].append({"regions": [0, 1], "shared": [["0", "0"], ["0", "1"]]}),
      "same affine map|edge")
    m("merge-evidence", c2, lambda c: c["merges"][0].__setitem__("shared", [["-2", "-2"], ["-2", "-1"]]),
      "edge of both")
    m("group-maps", c2, lambda c: c.__setitem__("linear_groups", [sum(c["linear_groups"], [])]), "same affine map")
    m("maxout-pattern", cm, lambda c: c["regions"][0]["pattern"][0].__setitem__(0, 1 - c["regions"][0]["pattern"][0][0]),
      "activation pattern")
    m("status", c1, lambda c: c.__setitem__("status", "probabilistic"), "exact' or 'lower-bound")
    return out


@pytest.mark.parametrize("cert, match", _mutations())
def test_corruptions_fail(cert, match):
    with pytest.raises(CertificateError, match=match):
        check_certificate(cert)


def test_lower_bound_linear_count_is_distinct_maps():
    c = cert_of(NET2, Box([-2, -2], [2, 2]), method="lp")
    c["status"], c["claim"] = "lower-bound", c["claim"].replace("exactly", "at least")
    c["linear_regions"] += 1
    c["linear_groups"].append([c["linear_groups"][0].pop()])
    with pytest.raises(CertificateError, match="distinct affine maps|same affine map"):
        check_certificate(c)


def test_a_polygon_listed_twice_cannot_hide_a_missing_region():
    # a convex polygon whose vertex list goes round twice has all left turns and every vertex left of
    # every edge, but its shoelace area is doubled: that must not stand in for a region left out
    net = relu_network([[[1, 0]]], [[0]], output_weights=[[1]])
    c = cert_of(net, Box([-1, -1], [1, 1]))
    keep = next(r for r in c["regions"] if r["pattern"] == [[1]])
    keep["vertices"] = keep["vertices"] * 2
    keep["measure"] = "4"
    c.update(regions=[keep], activation_regions=1, linear_regions=1, linear_groups=[[0]], merges=[],
             claim=c["claim"].replace("exactly 2 activation", "exactly 1 activation")
             .replace("exactly 2 linear", "exactly 1 linear"))
    with pytest.raises(CertificateError, match="strictly convex counter-clockwise polygon"):
        check_certificate(c)
