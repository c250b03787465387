"""regions(network, domain) = (activation n, linear m): the kernel's region methods against the enumeration
and the version-1 checker (independent code), on small random networks."""

from __future__ import annotations

import copy

from hypothesis import given, settings

from exactnet.kernel import check_certificate
from exactnet.networks.pwl import relu_network
from exactnet.regions import Box, Polytope, enumerate_regions
from exactnet.regions.certify import certificate_v2
from exactnet.testing.regions import pwl_networks

SETTINGS = settings(max_examples=30, deadline=None)


def _agree(E) -> None:
    cert = certificate_v2(E)
    report = check_certificate(copy.deepcopy(cert.to_dict()))
    assert report.proposition.value == tuple(cert.value)
    assert report.facts["status"] == cert.status == ("exact" if cert.evidence["method"] == "region-tiling" else "lower-bound")
    E.certificate.check()
    assert cert.value[0] == E.activation_regions


@SETTINGS
@given(pwl_networks(input_dim=1, max_layers=3, max_width=3))
def test_1d_tiling(net):
    _agree(enumerate_regions(net, Box(["-2"], ["3"])))


@SETTINGS
@given(pwl_networks(input_dim=2, max_layers=2, max_width=3))
def test_2d_tiling(net):
    _agree(enumerate_regions(net, Box(["-2", "-1"], ["1", "3/2"])))


@settings(max_examples=10, deadline=None)
@given(pwl_networks(input_dim=2, max_layers=2, max_width=2))
def test_2d_polytope_domain(net):
    _agree(enumerate_regions(net, Polytope([[1, 1], [-1, 0], [0, -1]], ["2", "1", "1/2"])))


def test_3d_exact_from_a_cover_and_lower_bound_from_points():
    net = relu_network([[[1, 0, 0], [0, 1, 1]]], [[0, 2]], output_weights=[[1, 1]])
    cert = certificate_v2(enumerate_regions(net, Box([-1] * 3, [1] * 3)))
    assert cert.evidence["method"] == "region-cover" and cert.relation == "="
    assert cert.check().facts["status"] == "exact"
    cert = certificate_v2(enumerate_regions(net, Box([-1] * 3, [1] * 3), max_regions=1))
    assert cert.evidence["method"] == "region-points" and cert.relation == ">="
    assert cert.check().facts["status"] == "lower-bound"


def test_merged_regions_count_linear_regions_exactly():
    # relu(x) + relu(-x) - |x| = 0 everywhere: 2 activation regions, 1 linear region
    net = relu_network([[[1], [-1]]], [[0, 0]], output_weights=[[0, 0]])
    cert = certificate_v2(enumerate_regions(net, Box([-1], [1])))
    assert cert.check().proposition.value == (2, 1)
    net2 = relu_network([[[1, 0], [0, 1]]], [[0, 0]], output_weights=[[0, 0]])
    cert2 = certificate_v2(enumerate_regions(net2, Box([-1, -1], [1, 1])))
    assert cert2.check().proposition.value == (4, 1) and set(cert2.evidence) == {"method", "regions"}


def test_huge_weights_take_the_python_int_path():
    from exactnet.networks.pwl import Affine, Maxout, PWLNetwork, ReLU

    big = 2**61 + 1
    net = PWLNetwork(2, [Affine([[big, 1], [-big, 1], [1, big], [3, -big]], [0, 1, -big, 0]), Maxout(2), ReLU(),
                         Affine([[big, -1]], [big])])
    E = enumerate_regions(net, Box([-1, -1], [1, 1]))
    assert certificate_v2(E).check().proposition.value == (E.activation_regions, E.linear_regions)


def test_a_box_with_large_denominators():
    net = relu_network([[[1], [-1]]], [[0, 0]], output_weights=[[1, 1]])
    E = enumerate_regions(net, Box([f"-{2**40 - 1}/{2**40}"], [f"{2**40}/{2**40 + 1}"]))
    assert certificate_v2(E).check().proposition.value == (2, 2)


def test_a_leaky_slope_beyond_int64():
    from exactnet.networks.pwl import Affine, LeakyReLU, PWLNetwork

    net = PWLNetwork(2, [Affine([[1, 1], [1, -1]], [0, 0]), LeakyReLU(f"1/{2**70}"), Affine([[1, 1]], [0])])
    E = enumerate_regions(net, Box([-1, -1], [1, 1]))
    assert certificate_v2(E).check().proposition.value == (E.activation_regions, E.linear_regions) == (4, 4)
