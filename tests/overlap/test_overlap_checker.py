"""The independent checker's gc-convac kinds (exactnet/checker/_overlap.py): valid certificates pass,
corrupted ones fail naming the field, and its evaluator agrees with the library's."""

from __future__ import annotations

import copy
import itertools
import time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exactnet.checker import check_certificate
from exactnet.checker._overlap import gc_entries_mod_p, gc_entry, gc_minor_mod_p, parse_gc_network
from exactnet.core.linalg import rank_mod_p
from exactnet.core.qarray import QArray
from exactnet.errors import CertificateError
from exactnet.networks.gcconvac import (
    GCConvAC,
    GCLayer,
    dense_rank_witness,
    gc_grid_tensor_certificate,
    gc_rank_certificate,
)
from exactnet.testing.overlap import gc_networks
from overlap_testlib import draw_minor, full_index

P = 2**31 - 1


def _cert(net, partition="low-high", prime=P, generic=False, **kw):
    r, rows, cols, p = dense_rank_witness(net, partition, prime=prime if prime else None)
    return gc_rank_certificate(net, partition, r, rows, cols, prime if prime else None, generic=generic, **kw)


@pytest.fixture(scope="module")
def over():
    return GCConvAC.random((8,), 2, [(3, 1, 2), (2, 2, 2), (3, 1, 2)], seed=0, low=-50, high=50)


# ------------------------------------------------------------------------------------------ the evaluator
@settings(max_examples=40, deadline=None)
@given(gc_networks(Y=2), st.data())
def test_checker_entries_equal_library_entries(net, data):
    g = parse_gc_network(net.to_dict())
    out = data.draw(st.integers(0, 1))
    idx = [tuple(data.draw(st.lists(st.integers(0, net.T - 1), min_size=net.N, max_size=net.N))) for _ in range(3)]
    for d in idx:
        assert gc_entry(g, d, out) == net.evaluate_templates(d)[out]
    try:
        mods = gc_entries_mod_p(g, idx, out, 10007)
    except CertificateError:  # the prime divides a denominator
        return
    for d, m in zip(idx, mods):
        v = net.evaluate_templates(d)[out]
        assert m == v.numerator * pow(v.denominator, -1, 10007) % 10007 == gc_entry(g, d, out, prime=10007)


@settings(max_examples=30, deadline=None)
@given(gc_networks(Y=2, fractions=False), st.data())
def test_checker_minor_equals_its_entries(net, data):
    g = parse_gc_network(net.to_dict())
    rows, cols, ri, ci = draw_minor(net, data)
    out = data.draw(st.integers(0, 1))
    minor = gc_minor_mod_p(g, rows, cols, ri, ci, out, 10007)
    for a, rd in enumerate(ri):
        for b, cd in enumerate(ci):
            d = full_index(net.N, rows, rd, cols, cd)
            assert minor[a][b] == gc_entry(g, d, out, prime=10007)


def test_valid_certificates(over):
    for partition, r in (("low-high", 8), ("odd-even", 16)):
        cert = _cert(over, partition)
        facts = check_certificate(cert).facts
        assert facts["r"] == r and facts["overlapping"] and facts["prime"] == P
        assert facts["partition"]["rows"] == ([0, 1, 2, 3] if partition == "low-high" else [0, 2, 4, 6])
    big = _cert(over, "odd-even", prime=2**61 - 1)  # a prime above 2^31: the per-entry path
    assert check_certificate(big).facts["r"] == 16
    q = _cert(over, "low-high", prime=None)  # determinant over Q
    assert "prime" not in q and check_certificate(q).facts["r"] == 8
    generic = _cert(over, "odd-even", generic=True)
    facts = check_certificate(generic).facts
    assert facts["generic"] and facts["weight_space"] == "shared" and generic["status"] == "almost-everywhere"


def test_2d_and_unshared_certificates():
    net = GCConvAC.random((3, 3), 2, [GCLayer((2, 2), 1, 2), GCLayer((2, 2), 1, 1)], seed=1, low=-20, high=20,
                          shared=False)
    cert = _cert(net, [0, 1, 2, 3])
    assert check_certificate(cert).facts["architecture"]["input_shape"] == [3, 3]
    grid = gc_grid_tensor_certificate(net)
    assert check_certificate(grid).facts["entries"] == 2**9


def test_certificate_at_N64_never_forms_the_tensor():
    net = GCConvAC.random((64,), 4, [(2, 1, 4)] * 3 + [(4, 4, 4), (4, 4, 4), (3, 1, 1)], seed=1, low=1, high=9)
    background = [int(x) for x in np.random.default_rng(0).integers(0, 4, size=64)]
    # a 16 x 16 block of the low-high matricization: rows vary modes 30, 31; columns vary modes 32, 33
    pairs = list(itertools.product(range(4), repeat=2))
    tuples = []
    for a in pairs:
        for b in pairs:
            d = list(background)
            d[30], d[31], d[32], d[33] = a[0], a[1], b[0], b[1]
            tuples.append(d)
    block = net.grid_entries(np.array(tuples), output=0, prime=P).reshape(16, 16)
    res = rank_mod_p(QArray.from_integers(block.astype(np.int64)), P)
    rows = [background[:30] + list(pairs[a]) for a in res.certificate.rows]
    cols = [list(pairs[b]) + background[34:] for b in res.certificate.cols]
    cert = gc_rank_certificate(net, "low-high", res.rank, rows, cols, P)
    t = time.perf_counter()
    facts = check_certificate(cert).facts
    assert time.perf_counter() - t < 10
    assert facts["r"] == res.rank >= 4 and facts["N"] == 64


# ------------------------------------------------------------------------------------------ corruptions
def _fails(cert, field, match):
    with pytest.raises(CertificateError, match=match) as info:
        check_certificate(cert)
    assert info.value.field == field


def test_one_more_row_is_singular(over):
    cert = _cert(over, "low-high")
    r = cert["r"]
    T = 2
    used_r = {tuple(t) for t in cert["minor"]["rows"]}
    used_c = {tuple(t) for t in cert["minor"]["cols"]}
    extra_r = next(list(t) for t in itertools.product(range(T), repeat=4) if t not in used_r)
    extra_c = next(list(t) for t in itertools.product(range(T), repeat=4) if t not in used_c)
    bad = copy.deepcopy(cert)
    bad["r"] = r + 1
    bad["minor"]["rows"].append(extra_r)
    bad["minor"]["cols"].append(extra_c)
    bad["claim"] = bad["claim"].replace(f">= {r}", f">= {r + 1}")
    _fails(bad, "minor", f"the {r + 1}x{r + 1} minor is singular modulo {P}")
    q = copy.deepcopy(bad)
    del q["prime"]
    _fails(q, "minor", "singular over Q")


def test_corrupted_fields(over):
    good = _cert(over, "low-high")
    cases = [
        (lambda c: c["network"]["output_weights"][0].__setitem__(0, "0") or
         c["network"]["output_weights"][0].__setitem__(1, "0"), "minor", "singular"),
        (lambda c: c.__setitem__("prime", 2**31 - 3), "prime", "not a prime"),
        (lambda c: c["minor"]["rows"][0].__setitem__(0, 2), "minor.rows[0][0]", "out of range 0..1"),
        (lambda c: c["minor"]["rows"].__setitem__(1, list(c["minor"]["rows"][0])), "minor.rows[1]", "repeated"),
        (lambda c: c["minor"]["cols"].pop(), "minor.cols", "exactly r = 8"),
        (lambda c: c["minor"]["rows"][0].pop(), "minor.rows[0]", "one template index per row mode"),
        (lambda c: c["partition"]["cols"].__setitem__(0, 3), "partition", "overlap"),
        (lambda c: c["partition"]["cols"].pop(), "partition", "do not cover"),
        (lambda c: c["partition"]["rows"].__setitem__(0, 8), "partition.rows[0]", "out of range"),
        (lambda c: c["network"]["weights"][0][0][0].__setitem__(0, 0.5), "network.weights[0][0][0][0]", "JSON float"),
        (lambda c: c["network"]["layers"][0].__setitem__("stride", 0), "network.layers[0].stride", ">= 1"),
        (lambda c: c["network"]["layers"][0].__setitem__("receptive_field", 9), "network.layers[0]", "only 8"),
        (lambda c: c["network"]["layers"][2].__setitem__("receptive_field", 2), "network.layers", "exactly one position"),
        (lambda c: c["network"].__setitem__("kind", "deep-convac"), "network.kind", "gc-convac"),
        (lambda c: c["network"]["weights"][1].pop(), "network.weights[1]", "list of 2 entries"),
        (lambda c: c.__setitem__("output", 1), "output", "has 1 outputs"),
        (lambda c: c.__setitem__("r", 8.0), "r", "JSON float"),
        (lambda c: c.__setitem__("status", "exact"), "status", "lower-bound"),
        (lambda c: c.__setitem__("claim", "rank [A]_{I,J} >= 9 over Q"), "claim", "rank \\[..\\] >= 9"),
        (lambda c: c.__setitem__("claim", "a big rank"), "claim", "does not state the proved r = 8"),
        (lambda c: c.__setitem__("field", "GF(7)"), "field", "over Q"),
    ]
    for mutate, field, match in cases:
        bad = copy.deepcopy(good)
        mutate(bad)
        _fails(bad, field, match)


def test_generic_claims_need_a_shared_point_for_shared_spaces():
    net = GCConvAC.random((4,), 2, [(2, 1, 2), (3, 1, 1)], seed=2, low=-9, high=9, shared=False)
    cert = _cert(net, [0, 1], generic=True, weight_space="shared")
    _fails(cert, "network.shared", "not a point of the shared weight space")
    ok = _cert(net, [0, 1], generic=True, weight_space="unshared")
    assert check_certificate(ok).facts["weight_space"] == "unshared"
    bad = copy.deepcopy(ok)
    bad["status"] = "lower-bound"
    _fails(bad, "status", "almost-everywhere")
    bad = copy.deepcopy(ok)
    bad["weight_space"] = "most"
    _fails(bad, "weight_space", "must be one of")


def test_grid_tensor_certificate_corruptions():
    net = GCConvAC.random((4,), 2, [(2, 1, 2), (3, 1, 1)], seed=3)
    good = gc_grid_tensor_certificate(net)
    assert check_certificate(good).facts["entries"] == 16
    bad = copy.deepcopy(good)
    v = bad["tensor"]["entries"][0][1][1][0]
    bad["tensor"]["entries"][0][1][1][0] = str(int(v) + 1)
    _fails(bad, "tensor.entries[0][1][1][0]", "has -?[0-9]+ at \\[0, 1, 1, 0\\]")
    bad = copy.deepcopy(good)
    bad["tensor"]["entries"][1][0][0][0] = 1.0
    _fails(bad, "tensor.entries[1][0][0][0]", "never a JSON float")
    bad = copy.deepcopy(good)
    bad["tensor"]["shape"] = [2, 2, 2]
    _fails(bad, "tensor.shape", "has shape \\[2, 2, 2, 2\\]")
    bad = copy.deepcopy(good)
    bad["status"] = "lower-bound"
    _fails(bad, "status", "exact")
    big = gc_grid_tensor_certificate(GCConvAC.random((4,), 2, [(2, 1, 2), (3, 1, 1)]))
    big["network"] = GCConvAC.random((15,), 2, [(15, 1, 1)]).to_dict()
    _fails(big, "tensor.shape", "has shape")
