"""ReLU + max pooling: the shallow per-term bound (argument and grouping) and the deep delta-product construction."""

from __future__ import annotations

import copy
import itertools
import random

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from exactnet.checker import check_certificate
from exactnet.core.linalg import rank
from exactnet.errors import CertificateError, InvalidArgumentError
from exactnet.networks.rectifier import ShallowRectifierNet
from exactnet.tensors import Partition, matricize
from exactnet.networks.circuits import to_circuit
from exactnet.networks.rectifier import from_explicit_form
from exactnet.theorems.rectifier import (
    network_layout,
    max_depth_efficiency_certificate,
    max_depth_efficiency_network,
    max_pool_rank_bound_certificate,
    max_term_rank_certificate,
    max_term_rank_witness,
)


@pytest.mark.parametrize("N, M, R, need", [(4, 3, 9, 2), (8, 2, 16, 4), (4, 2, 4, 2)])
def test_deep_construction_rows_19(N, M, R, need):
    cert = max_depth_efficiency_certificate(N, M)
    report = cert.check()
    d = cert.to_dict()
    assert report.proposition.value == need and d["evidence"]["premises"][0]["proposition"]["value"] == R
    net = network_layout(max_depth_efficiency_network(N, M))
    assert net["tree"] is not None and len(net["leaf_weights"][0]) == M + 1
    assert all(m == net["leaf_weights"][0] for m in net["leaf_weights"])  # shared
    assert d["proposition"]["object"]["circuit"] == to_circuit(from_explicit_form(net)).source
    # independent oracle: the formula prod_k delta(d_2k, d_2k+1) and its rank by core.linalg
    A = max_depth_efficiency_network(N, M).grid_tensor(method="evaluation", output=0)
    for d in itertools.product(range(M), repeat=N):
        assert A[d] == int(all(d[2 * k] == d[2 * k + 1] for k in range(N // 2)))


@settings(deadline=None, max_examples=20)
@given(st.integers(0, 10 ** 6), st.sampled_from([(4, 3), (4, 2), (6, 2)]))
def test_random_shallow_terms_respect_the_bound(seed, NM):
    N, M = NM
    rng = random.Random(seed)
    vecs = [[rng.randint(-6, 6) for _ in range(M)] for _ in range(N)]
    net = ShallowRectifierNet(__import__("exactnet").networks.Representation.identity(M), [[v] for v in vecs], [[1]],
                              "relu-max")
    part = Partition.named("odd-even", N)
    r = rank(matricize(net.grid_tensor(output=0), part), certify=False).rank
    cert = max_pool_rank_bound_certificate(N, M, 1, part, network=net)
    b = cert.check().proposition.value
    groups = min(len({max(max(vecs[i][t] for i, t in zip(modes, d)), 0)
                      for d in itertools.product(range(M), repeat=len(modes))}) for modes in (part.rows, part.cols))
    assert r <= groups <= b == 1 + (M - 1) * (N // 2)


def test_the_per_term_bound_is_reached():
    for N, M in ((4, 3), (8, 2), (4, 4)):
        vecs, r, mr = max_term_rank_witness(N, M)
        assert r == 1 + (M - 1) * N // 2 and mr.is_valid()
    c = max_term_rank_certificate(4, 3)
    report = c.check()
    assert (report.proposition.relation, report.proposition.value) == ("=", 5)


@pytest.mark.parametrize("mutate, match", [
    (lambda c: c["proposition"].__setitem__("value", 9), "does not entail"),  # <= 11 would be true
    (lambda c: c["evidence"]["premises"][0]["proposition"].__setitem__("value", 4), "does not entail"),
    (lambda c: c["proposition"]["object"].__setitem__("Z", 3), "does not entail"),
    (lambda c: c["evidence"]["params"].__setitem__("Z", 3), "does not entail"),
    (lambda c: c["proposition"].__setitem__("relation", ">="), "does not entail"),
    (lambda c: c["evidence"]["premises"][0]["evidence"].__setitem__("argument", "x"), "unknown field"),
    (lambda c: c["evidence"]["premises"][0]["proposition"]["object"].__setitem__("operator", "relu-sum"),
     "unknown field"),
])
def test_corrupted_bound_is_rejected(mutate, match):
    cert = max_pool_rank_bound_certificate(4, 3, 2).to_dict()
    check_certificate(copy.deepcopy(cert))
    mutate(cert)
    with pytest.raises(CertificateError, match=match):
        check_certificate(cert)


def _leaf_matrix(c):
    return c["proposition"]["object"]["circuit"]["nodes"][4]["matrix"]["numerators"]


@pytest.mark.parametrize("mutate, match", [
    (lambda c: c.__setitem__("claim", "Z >= 1"), "must be the rendering"),
    (lambda c: c["proposition"].__setitem__("value", 3), "does not entail"),
    (lambda c: _leaf_matrix(c).__setitem__(0, "2"), "does not entail"),
    (lambda c: c["evidence"]["premises"][1]["proposition"]["object"].__setitem__(
        "partition", {"rows": [0, 1], "cols": [2, 3]}), "term bound is about"),
    (lambda c: c["proposition"]["object"].__setitem__("operator", "relu-sum"), "must be \"relu-max\""),
    (lambda c: c["proposition"]["object"].__setitem__("output", 1), "out of range"),
    (lambda c: c["evidence"]["premises"].reverse(), "must state matricization_rank"),
])
def test_corrupted_depth_efficiency_is_rejected(mutate, match):
    cert = max_depth_efficiency_certificate(4, 2).to_dict()
    check_certificate(copy.deepcopy(cert))
    mutate(cert)
    with pytest.raises(CertificateError, match=match):
        check_certificate(cert)


def test_bad_input():
    with pytest.raises(InvalidArgumentError, match="power of 2"):
        max_depth_efficiency_network(6, 2)
    with pytest.raises(InvalidArgumentError, match="even"):
        max_term_rank_witness(3, 2)
    with pytest.raises(InvalidArgumentError, match="Z = 3"):
        max_pool_rank_bound_certificate(4, 3, 3, network=ShallowRectifierNet.random(4, 3, 2, "relu-max"))
    with pytest.raises(InvalidArgumentError, match="relu-max"):
        max_pool_rank_bound_certificate(4, 3, 2, network=ShallowRectifierNet.random(4, 3, 2, "relu-sum"))
