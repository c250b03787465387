"""``evaluate_sides`` (a minor of a matricization, each node evaluated once per row / column / pair) equals the
batch evaluation of every pair and the network's own entries; its work bound refuses before evaluating."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exactnet.errors import ResourceLimitError
from exactnet.kernel.circuit import evaluate, evaluate_sides
from exactnet.networks import GCConvAC
from exactnet.networks.circuits import to_circuit
from exactnet.testing.overlap import gc_networks


@settings(max_examples=30, deadline=None)
@given(gc_networks(Y=2), st.data())
def test_sides_equal_pairs_and_the_networks_entries(net, data):
    rows = sorted(data.draw(st.sets(st.integers(0, net.N - 1), min_size=1, max_size=net.N - 1)))
    a, b = data.draw(st.integers(1, 3)), data.draw(st.integers(1, 3))
    pts = [data.draw(st.lists(st.integers(0, net.T - 1), min_size=a if m in rows else b,
                              max_size=a if m in rows else b)) for m in range(net.N)]
    c = to_circuit(net)
    num, den = evaluate_sides(c, rows, [np.array(p, dtype=np.int64) for p in pts])
    assert num.shape == (2, a, b)
    pairs = [(i, j) for i in range(a) for j in range(b)]
    flat, fden = evaluate(c, [[p[i] if m in rows else p[j] for i, j in pairs] for m, p in enumerate(pts)])
    for k, (i, j) in enumerate(pairs):
        for y in range(2):
            assert int(num[y, i, j]) * fden == int(flat[k, y]) * den
            idx = [p[i] if m in rows else p[j] for m, p in enumerate(pts)]
            assert net.evaluate_templates(idx)[y] * den == int(num[y, i, j])


def test_the_work_bound_refuses_first():
    c = to_circuit(GCConvAC.random((8,), 2, [(2, 2, 2)] * 3, seed=0))
    pts = [list(range(2)) * 50 for _ in range(8)]
    with pytest.raises(ResourceLimitError, match="100 x 100 points"):
        evaluate_sides(c, [0, 1, 2, 3], pts, max_work=10_000)
