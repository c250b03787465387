"""structured_rank on GC ConvACs (1-D and 2-D, overlapping or not) against the dense oracle."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exactnet.core.linalg import rank
from exactnet.errors import PartitionError
from exactnet.networks.gcconvac import GCConvAC, GCLayer
from exactnet.tensors import Partition, matricize
from exactnet.theorems.structured import structured_rank

ARCHS = [((8,), [(2, 2, 2)] * 3), ((8,), [(3, 1, 2), (2, 2, 2), (3, 1, 2)]), ((6,), [(2, 1, 2), (5, 1, 1)]),
         ((4, 4), [GCLayer((2, 2), (2, 2), 3), GCLayer((2, 2), (2, 2), 2)]),
         ((4, 4), [GCLayer((2, 2), 1, 2), GCLayer((3, 3), 1, 1)]), ((2, 4), [GCLayer((1, 2), (1, 2), 2), GCLayer((2, 2), 1, 1)])]


@settings(deadline=None, max_examples=30)
@given(st.integers(0, len(ARCHS) - 1), st.data(), st.integers(0, 500))
def test_structured_equals_dense_on_gc_networks(k, data, seed):
    shape, layers = ARCHS[k]
    net = GCConvAC.random(shape, 2, layers, seed=seed, low=-5, high=5)
    rows = data.draw(st.lists(st.integers(0, net.N - 1), min_size=1, max_size=net.N - 1, unique=True))
    part = Partition.from_rows(rows, net.N)
    s = structured_rank(net, part)
    dense = rank(matricize(net.grid_tensor(output=0), part)).rank
    assert s.lower == dense <= s.upper
    if s.status == "exact":
        assert s.rank == dense
        assert s.certificate.check()


def test_partition_of_the_wrong_size_is_refused():
    net = GCConvAC.random((8,), 2, [(2, 2, 2)] * 3)
    with pytest.raises(PartitionError, match="partition of 4 modes, but the tensor has 8"):
        structured_rank(net, Partition.named("odd-even", 4))
    with pytest.raises(PartitionError):
        structured_rank(net, "checkerboard")  # a 2-D name on a 1-D input
