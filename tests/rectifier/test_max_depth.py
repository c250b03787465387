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
from exactnet.theorems.rectifier import (
    max_depth_efficiency_certificate,
    max_depth_efficiency_network,
    max_pool_rank_bound_certificate,
    max_term_rank_certificate,
    max_term_rank_witness,
)


@pytest.mark.parametrize("N, M, R, need, theory_need", [(4, 3, 9, 2, 2), (8, 2, 16, 4, 2), (4, 2, 4, 2, 1)])
def test_deep_construction_rows_19(N, M, R, need, theory_need):
    cert = max_depth_efficiency_certificate(N, M)
    facts = cert.check().facts
    assert (facts["rank"], facts["shallow_width_needed"], facts["theory_shallow_width_needed"]) == (R, need, theory_need)
    assert facts["shared"] is True and facts["widths"] == [M + 1] + [2] * (int(np.log2(N)) - 1)
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
    facts = cert.check().facts
    assert r <= facts["term_groups"][0] <= facts["per_term_bound"] == 1 + (M - 1) * (N // 2)
    assert facts["theory_per_term_bound"] == 1 + M * N // 2


def test_the_per_term_bound_is_reached():
    for N, M in ((4, 3), (8, 2), (4, 4)):
        vecs, r, mr = max_term_rank_witness(N, M)
        assert r == 1 + (M - 1) * N // 2 and mr.is_valid()
    c = max_term_rank_certificate(4, 3)
    assert c.check().facts["conclusion"]["per_term_max_rank"] == 5


@pytest.mark.parametrize("key, value, match", [
    ("bound", 11, "the arithmetic gives bound = 10"),
    ("per_term_bound", 7, "per_term_bound = 5"),
    ("theory_bound", 10, "theory_bound = 14"),
    ("operator", "relu-sum", "relu-max"),
    ("argument", "nothing", "argument must name"),
    ("status", "exact", "upper-bound"),
])
def test_corrupted_bound_is_rejected(key, value, match):
    cert = max_pool_rank_bound_certificate(4, 3, 2).to_dict()
    check_certificate(copy.deepcopy(cert))
    cert[key] = value
    with pytest.raises(CertificateError, match=match):
        check_certificate(cert)


def test_corrupted_grouping_is_rejected():
    net = ShallowRectifierNet.random(4, 3, 2, "relu-max", seed=3)
    cert = max_pool_rank_bound_certificate(4, 3, 2, network=net).to_dict()
    cert["term_groups"] = [g + 1 for g in cert["term_groups"]]
    with pytest.raises(CertificateError, match="distinct rows/columns"):
        check_certificate(cert)


@pytest.mark.parametrize("mutate, match", [
    (lambda c: c["tensor"]["entries"][0][0][0].__setitem__(0, "0"), "grid tensor has 1"),
    (lambda c: c["matrix_rank"]["matrix"]["entries"][0].__setitem__(1, "1"), "matrix_rank|matricization"),
    (lambda c: c.__setitem__("shallow_width_needed", 1), "ceil"),
    (lambda c: c["network"]["leaf_weights"][1][0].__setitem__(0, "2"), "shared|grid tensor"),
    (lambda c: c.__setitem__("partition", {"rows": [0, 1], "cols": [2, 3]}), "matricization|matrix"),
    (lambda c: c["network"].__setitem__("operator", "relu-sum"), "grid tensor|relu-max"),
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
