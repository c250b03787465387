"""The cut-recursion upper bound of GC ConvACs (``gc-cut-upper-bound``): sound against the dense rank,
never above the sep recursion, checked independently, corrupted certificates refused, and exact certified
ranks of overlapping networks at N = 64 (modes 0-based)."""

from __future__ import annotations

import copy
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exactnet.checker import check_certificate
from exactnet.core.linalg import rank
from exactnet.errors import CertificateError, InvalidArgumentError, PartitionError
from exactnet.networks.gcconvac import GCConvAC, dense_rank_witness
from exactnet.tensors import Partition, matricize
from exactnet.testing.overlap import gc_networks
from exactnet.theorems.overlap import (
    gc_cut_bound,
    gc_cut_certificate,
    gc_generic_rank,
    gc_network_rank,
    gc_partition,
    gc_sep_bound,
)
from exactnet.theorems.structured import structured_rank

# the *unsound* bound (one vertex per node, a node's channel index shared by every window that reads it):
# kept in the conjecture library, where search refutes it
from exactnet.conjectures._library import naive_channel_copy_cut as _naive_channel_copy_cut  # noqa: E402


def _dense_rank(net: GCConvAC, part: Partition) -> int:
    return rank(matricize(net.grid_tensor(output=0), part)).rank


@settings(deadline=None, max_examples=40)
@given(gc_networks(max_entries=729), st.data())
def test_cut_bound_is_above_the_dense_rank_and_below_the_sep_bound(net, data):
    """Oracle: the exact rank over Q of the dense matricization (1-D and 2-D, any representation, shared or
    not, overlapping or not, random partitions)."""
    rows = data.draw(st.lists(st.integers(0, net.N - 1), min_size=1, max_size=net.N - 1, unique=True))
    part = Partition.from_rows(rows, net.N)
    U = gc_cut_bound(net, part)
    assert _dense_rank(net, part) <= U <= gc_sep_bound(net, part)
    cert = gc_cut_certificate(net, part)
    assert cert.check().facts["value"] == U and cert.evidence["method"] == "cut-recursion"
    assert cert.proposition["object"]["rows"] == sorted(rows)


# generic-looking weights (no zeros): the bound is reached on these sizes, so it is tight, not only sound
TIGHT = [((8,), 2, [(4, 2, 2), (3, 1, 2)], "odd-even", 8),             # sep recursion: 16
         ((8,), 2, [(2, 1, 2)] * 7, "low-high", 16),
         ((12,), 3, [(3, 1, 2), (2, 2, 2), (5, 5, 2)], "low-high", 8),  # sep recursion: 16
         ((4, 4), 2, [(2, 1, 2), (2, 1, 2), (2, 1, 1)], [1, 8, 9, 12], 16),
         ((9,), 2, [(3, 1, 2, 1), (3, 1, 2, 2), (3, 1, 1)], "low-high", 16)]  # dilation 2


@pytest.mark.parametrize("shape, M, layers, part, expected", TIGHT)
def test_cut_bound_is_reached_by_positive_weights(shape, M, layers, part, expected):
    net = GCConvAC.random(shape, M, layers, seed=0, low=1, high=20)
    p = gc_partition(part, shape)
    # rank mod p <= rank over Q <= the bound, so equality mod p pins the rank over Q
    assert gc_cut_bound(net, p) == expected == dense_rank_witness(net, p)[0]


def test_sharing_a_nodes_channel_index_between_its_readers_is_not_a_bound():
    """Why the cut is taken in the network *unfolded into a tree*: a node read by two windows contributes
    sum_(a,a') w_a w'_a' y_a y_a', not sum_a w_a w'_a y_a.  Here the channel-copy graph's minimum cut (4) is
    below the true rank (6); the cut bound is 6 (input 3 moved across: T x 2)."""
    net = GCConvAC.random((5,), 3, [(2, 1, 2), (2, 1, 2), (2, 1, 1), (2, 1, 1)], seed=1, low=1, high=30)
    part = Partition.from_rows([0, 1, 2], 5)
    assert _naive_channel_copy_cut(net, part.rows) == 4 < _dense_rank(net, part) == 6 == gc_cut_bound(net, part)


def _cert(net=None, part="odd-even"):
    net = net or GCConvAC.random((8,), 2, [(4, 2, 2), (3, 1, 2)], seed=0)
    return gc_cut_certificate(net, part).to_dict()


def _set(c, path, value):
    *keys, last = path
    for k in keys:
        c = c[k]
    c[last] = value


@pytest.mark.parametrize("path, value, field, match", [
    (("proposition", "value"), 7, "proposition.value", "does not entail"),
    (("proposition", "relation"), "=", "proposition.value", "does not entail"),
    (("proposition", "relation"), ">=", "proposition.value", "does not entail"),
    (("evidence", "method"), "min-cut", "evidence.method", "unknown method"),
    (("proposition", "object", "rows"), [0, 2, 4, 6, 8], "proposition.object.rows[4]", "out of range"),
    (("proposition", "object", "rows"), [0, 2, 6, 4], "proposition.object.rows", "increasing"),
    (("proposition", "value"), "8", "proposition.value", "JSON integer"),
    (("claim",), "rank [A^y]_{I,J} <= 4 for every weight setting", "claim", "must be the rendering"),
])
def test_corrupted_cut_certificates_are_refused(path, value, field, match):
    c = _cert()
    assert check_certificate(copy.deepcopy(c)).facts["value"] == 8
    _set(c, path, value)
    with pytest.raises(CertificateError, match=match) as info:
        check_certificate(c)
    assert info.value.field.endswith(field) or info.value.field == field, info.value.field


def test_bad_input_is_refused():
    with pytest.raises(InvalidArgumentError, match="Argument 'net' must be a GCConvAC"):
        gc_cut_bound("net", "low-high")
    net = GCConvAC.random((8,), 2, [(2, 1, 2)] * 7)
    with pytest.raises(PartitionError):
        gc_cut_bound(net, [0, 9])


def test_n64_overlapping_generic_rank_is_exact_and_certified():
    """(3,1,2) (2,2,2) (31,31,2) at N = 64, M = 4 (4^64 grid entries), blocks of 16: the sep recursion
    gave 1024 and the old witnesses (weights in [-20, 20]) reached 30; now a witness without zero weights
    meets the cut bound 128."""
    t = time.perf_counter()
    g = gc_generic_rank((64,), 4, [(3, 1, 2), (2, 2, 2), (31, 31, 2)], "blocks:16", certify=True)
    assert (g.rank, g.status) == (128, "almost-everywhere")
    report = g.certificate.check()
    assert report.facts["value"] == 128 and report.facts["status"] == "almost-everywhere"
    assert time.perf_counter() - t < 10
    assert gc_sep_bound(GCConvAC.random((64,), 4, [(3, 1, 2), (2, 2, 2), (31, 31, 2)]), "blocks:16") == 1024


def test_n64_overlapping_network_rank_is_exact_through_structured_rank():
    net = GCConvAC.random((64,), 4, [(2, 1, 2), (3, 3, 2), (3, 3, 2), (7, 7, 2)], seed=0, low=1, high=20)
    t = time.perf_counter()
    s = structured_rank(net, "low-high")
    assert (s.rank, s.status, s.upper) == (16, "exact", 16)
    assert s.certificate.check().facts["value"] == 16 and s.certificate.relation == "="
    assert time.perf_counter() - t < 10
    # the same architecture with zero weights (range [-20, 20]) stays an honest bracket within the budget
    z = gc_network_rank(GCConvAC.random((64,), 4, [(3, 1, 2), (2, 2, 2), (31, 31, 2)], seed=0, low=-20, high=20),
                        "low-high", time_budget=1.0)
    assert z.status in ("exact", "lower-bound") and z.upper == 8 and z.lower <= 8
    if z.status == "lower-bound":
        assert z.rank == (z.lower, 8) and "cut-recursion bound 8" in z.notes


def test_2d_overlapping_8x8_rank_is_exact():
    """8 x 8 inputs, M = 2, a 2 x 2 stride-1 layer then pooling: the sep recursion gave 1024, the cut 128."""
    net = GCConvAC.random((8, 8), 2, [(2, 1, 2), (2, 2, 2), (3, 3, 2)], seed=0, low=1, high=20)
    assert gc_sep_bound(net, "top-bottom") == 1024
    s = gc_network_rank(net, "top-bottom")
    assert (s.rank, s.status) == (128, "exact") and s.certificate.check()


def test_moving_an_input_across_the_partition_sharpens_the_bound_and_is_reached():
    """rows {0..31, 40} at N = 64: input 40 is read by three windows on the J side; moving it to J (a factor
    T = 4) beats paying 2 at each of them (plain recursion 64).  A witness reaches 32."""
    layers = [(3, 1, 2), (2, 2, 2), (31, 31, 2)]
    rows = list(range(32)) + [40]
    net = GCConvAC.random((64,), 4, layers)
    c = gc_cut_certificate(net, rows)
    assert c.evidence["flips"] == [40] and c.value == 32 and c.check().facts["value"] == 32
    assert gc_sep_bound(net, rows) == 256
    g = gc_generic_rank((64,), 4, layers, rows, certify=True)
    assert (g.rank, g.status) == (32, "almost-everywhere")
    assert g.certificate.check().facts["value"] == 32
    d = c.to_dict()
    d["evidence"]["flips"] = []  # without the move, the recursion gives 64
    with pytest.raises(CertificateError, match="<= 64 over Q\", which does not entail") as info:
        check_certificate(d)
    assert info.value.field == "proposition.value"


@pytest.mark.parametrize("flips, field, match", [
    ([9], "evidence.flips[0]", "out of range 0..7"),
    ([1, 1], "evidence.flips", "distinct"),
    ("1", "evidence.flips", "JSON array"),
    ([0, 2, 4, 6], "evidence.flips", "leaves one side of the partition empty"),
])
def test_bad_flips_are_refused(flips, field, match):
    c = _cert()
    c["evidence"]["flips"] = flips
    with pytest.raises(CertificateError, match=match) as info:
        check_certificate(c)
    assert info.value.field == field
