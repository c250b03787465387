"""Generalized convolutional ConvACs (exactnet.networks.gcconvac): routes agree, reduction to the
foundation's DeepConvAC"""

from __future__ import annotations

import time
from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from exactnet.core.linalg import rank
from exactnet.core.qarray import QArray
from exactnet.errors import FormatError, InexactInputError, InvalidArgumentError, ResourceLimitError, ShapeError
from exactnet.networks import DeepConvAC, Representation, network_from_dict
from exactnet.networks.gcconvac import GCConvAC, GCLayer
from exactnet.tensors import PoolingTree, matricize
from exactnet.tensors.geometry import quad_tree_order
from exactnet.testing.overlap import gc_networks, nonoverlapping_gc_networks
from overlap_testlib import draw_minor, full_index


def _rank(net: GCConvAC, rows) -> int:
    return rank(matricize(net.grid_tensor(output=0), rows), certify=False).rank


# ------------------------------------------------------------------------------------------ routes agree
@settings(max_examples=60, deadline=None)
@given(gc_networks(Y=2))
def test_evaluation_equals_decomposition(net):
    ev = net.grid_tensor("evaluation")
    dc = net.grid_tensor("decomposition")
    assert ev == dc
    assert ev.shape == (2,) + (net.T,) * net.N


@settings(max_examples=30, deadline=None)
@given(gc_networks(), st.data())
def test_entries_match_the_per_entry_forward_pass(net, data):
    G = net.grid_tensor("decomposition", output=0)
    for _ in range(3):
        idx = data.draw(st.lists(st.integers(0, net.T - 1), min_size=net.N, max_size=net.N))
        assert net.evaluate_templates(idx)[0] == G.fraction(idx)
        assert net.grid_entries([idx], output=0)[0] == G.fraction(idx)
        v = G.fraction(idx)
        if v.denominator % 10007:
            assert int(net.grid_entries([idx], output=0, prime=10007)[0]) == v.numerator * pow(v.denominator, -1, 10007) % 10007


@settings(max_examples=30, deadline=None)
@given(nonoverlapping_gc_networks())
def test_nonoverlapping_equals_foundation_deep_convac(net):
    assert not net.is_overlapping()
    deep = net.to_deep_convac()
    assert deep.grid_tensor(method="decomposition") == net.grid_tensor("evaluation")
    assert deep.grid_tensor(method="evaluation") == net.grid_tensor("decomposition")
    back = GCConvAC.from_deep_convac(deep)
    assert back.grid_tensor() == net.grid_tensor()


def test_2d_nonoverlapping_reduces_to_the_quad_tree():
    net = GCConvAC.random((4, 4), 2, [GCLayer((2, 2), (2, 2), 2), GCLayer((2, 2), (2, 2), 1)], seed=3,
                          low=-4, high=4, shared=False)
    deep = net.to_deep_convac()
    # the tree pools 2 x 2 blocks of row-major modes: in recursive order it is from_windows(16, 4)
    assert deep.tree.leaves_left_to_right() == quad_tree_order(4)
    relabel = {m: k for k, m in enumerate(quad_tree_order(4))}

    def walk(node):
        return relabel[node] if isinstance(node, int) else tuple(walk(c) for c in node)

    assert PoolingTree(walk(deep.tree.structure)) == PoolingTree.from_windows(16, 4)
    with_dense = net.grid_tensor("decomposition")
    assert deep.grid_tensor() == with_dense


def test_deep_convac_round_trip_shared_and_unshared():
    for shared in (True, False):
        d = DeepConvAC.from_windows(8, 2, (2, 2, 1), window=2, seed=7, shared=shared)
        g = GCConvAC.from_deep_convac(d)
        assert g.shared == shared
        assert g.grid_tensor("decomposition") == d.grid_tensor()
        assert g.to_deep_convac().grid_tensor() == d.grid_tensor()


def test_score_function_matches_evaluate():
    rep = Representation.monomials([0, 1, 2], 2)
    net = GCConvAC.random((4,), 2, [(2, 1, 2), (3, 1, 1)], seed=5, representation=rep, low=-2, high=2)
    (h,) = net.score_function()
    xs = sympy.symbols("x_0:4")
    for pt in ([0, 1, 2, 1], [Fraction(1, 2), 3, -1, 2]):
        val = h.subs(dict(zip(xs, [sympy.Rational(p) for p in pt])))
        assert Fraction(str(val)) == net.evaluate(pt)[0]


def test_positions_receptive_field_stride():
    net = GCConvAC.random((8,), 2, [(3, 1, 2), (2, 2, 2), (3, 1, 2)])
    assert [net.positions(l) for l in range(3)] == [(6,), (3,), (1,)]
    assert [net.total_stride(l) for l in range(3)] == [(1,), (2,), (2,)]
    assert [net.total_receptive_field(l) for l in range(3)] == [(3,), (4,), (8,)]
    assert net.receptive_inputs(1, 1) == (2, 3, 4, 5)
    assert net.is_overlapping()
    dil = GCConvAC.random((7,), 2, [(2, 1, 2, 3), (4, 1, 1)])
    assert dil.positions(0) == (4,) and dil.reads(0, 2) == (2, 5)
    assert dil.total_receptive_field(1) == (7,)
    two = GCConvAC.random((3, 4), 2, [GCLayer((2, 2), (1, 2), 2), GCLayer((2, 2), 1, 1)])
    assert two.positions(0) == (2, 2) and two.N == 12
    assert two.reads(0, 1) == (2, 3, 6, 7)  # position (0, 1): rows 0-1, columns 2-3 (row-major modes)


def test_unread_inputs_give_a_constant_mode():
    net = GCConvAC.random((5,), 2, [(2, 3, 2), (2, 1, 1)], seed=2, low=-5, high=5)  # reads 0,1 and 3,4
    G = net.grid_tensor("decomposition", output=0)
    assert G == net.grid_tensor("evaluation", output=0)
    assert G.transpose([2, 0, 1, 3, 4]).num[0].tolist() == G.transpose([2, 0, 1, 3, 4]).num[1].tolist()
    with pytest.raises(InvalidArgumentError, match="never reads its input positions \\[4\\]"):
        GCConvAC.random((5,), 2, [(2, 2, 2), (2, 2, 1)]).to_deep_convac()


# ------------------------------------------------------------------------------------------ published values
# Random integer weights in [-50, 50] with seed 0 (shared): the ranks below are exact ranks of these
# weight settings, i.e. LOWER bounds on the generic ranks; seed 0 is a fixed draw that reaches the values of
# (a random draw is not generic; the default range [-3, 3] often gives less).
TOY = [
    ([(2, 2, 2)] * 3, 2, 16),
    ([(3, 1, 2), (2, 2, 2), (3, 1, 2)], 8, 16),
    ([(2, 1, 2)] * 7, 16, 16),
    ([(4, 2, 2), (3, 1, 2)], 4, 8),
]


@pytest.mark.parametrize("layers,left_right,odd_even", TOY)
def test_theory_4_4_toy_table_N8(layers, left_right, odd_even):
    net = GCConvAC.random((8,), 2, layers, seed=0, low=-50, high=50)
    assert net.grid_tensor("evaluation") == net.grid_tensor("decomposition")
    assert _rank(net, [0, 1, 2, 3]) == left_right
    assert _rank(net, [0, 2, 4, 6]) == odd_even


@pytest.mark.parametrize("r", [1, 2, 3, 4])
def test_theory_4_4_toy_N4(r):
    nonover = GCConvAC.random((4,), 3, [(2, 2, r), (2, 2, 1)], seed=0, low=-50, high=50)
    over = GCConvAC.random((4,), 3, [(2, 1, r), (3, 1, 1)], seed=0, low=-50, high=50)
    assert _rank(nonover, [0, 1]) == 1
    assert _rank(over, [0, 1]) == min(r, 3)


def test_left_right_rank_of_nonoverlapping_tree_is_at_most_top_width():
    # structural fact (any weights): the non-overlapping tree's left/right rank is <= r_top = 2
    for seed in range(5):
        net = GCConvAC.random((8,), 2, [(2, 2, 2)] * 3, seed=seed, low=-9, high=9)
        assert _rank(net, [0, 1, 2, 3]) <= 2


# ------------------------------------------------------------------------------------------ scale
def test_entry_at_N64_is_cheap_and_dense_is_refused():
    net = GCConvAC.random((64,), 4, [(2, 1, 4)] * 3 + [(4, 4, 4), (4, 4, 4), (3, 1, 1)], seed=1)
    assert net.positions(2) == (61,) and net.positions(5) == (1,)
    t = time.perf_counter()
    e = net.evaluate_templates(list(range(4)) * 16)
    batch = net.grid_entries(np.array([list(range(4)) * 16, [0] * 64]), output=0, prime=2**31 - 1)
    assert time.perf_counter() - t < 2.0
    assert int(batch[0]) == e[0] % (2**31 - 1)
    with pytest.raises(ResourceLimitError, match="grid tensor"):
        net.grid_tensor()


# ------------------------------------------------------------------------------------------ JSON
def test_json_round_trip_1d_2d_unshared():
    nets = [GCConvAC.random((5,), 2, [(2, 1, 2, 2), (3, 1, 1)], Y=2, shared=False),
            GCConvAC.random((2, 3), 2, [GCLayer((1, 2), 1, 2), GCLayer((2, 2), 1, 1)], seed=4)]
    for net in nets:
        d = net.to_dict()
        assert network_from_dict(d) == net
        assert GCConvAC.from_dict(d).grid_tensor() == net.grid_tensor()


@pytest.mark.parametrize("mutate,field,match", [
    (lambda d: d["weights"][0][0][0].__setitem__(0, 1.5), "weights[0][0][0][0]", "JSON float"),
    (lambda d: d.__setitem__("input_shape", [5]), "input_shape", "has 5 inputs but num_inputs is 4"),
    (lambda d: d["layers"][0].__setitem__("stride", 0), "layers[0].stride", "integer >= 1"),
    (lambda d: d["layers"][1].__setitem__("receptive_field", 2), "layers", "exactly one position"),
    (lambda d: d["weights"].pop(), "weights", "list of 2 arrays"),
    (lambda d: d["layers"][0].__setitem__("colour", 1), "layers[0].colour", "unknown key"),
])
def test_json_errors_name_the_field(mutate, field, match):
    d = GCConvAC.random((4,), 2, [(2, 1, 2), (3, 1, 1)]).to_dict()
    mutate(d)
    with pytest.raises(FormatError, match=match) as info:
        GCConvAC.from_dict(d)
    assert info.value.field == field


# ------------------------------------------------------------------------------------------ bad input
def test_bad_layers():
    with pytest.raises(InvalidArgumentError, match="Argument 'stride' must be an integer >= 1, not 0"):
        GCLayer(2, 0, 2)
    with pytest.raises(InvalidArgumentError, match="Argument 'receptive_field' must be an integer >= 1, not 0"):
        GCLayer(0, 1, 2)
    with pytest.raises(InvalidArgumentError, match="Argument 'dilation' must be an integer >= 1, not 0"):
        GCLayer(2, 1, 2, 0)
    with pytest.raises(InvalidArgumentError, match="Argument 'channels' must be an integer >= 1"):
        GCLayer(2, 1, 0)
    with pytest.raises(InvalidArgumentError, match="Argument 'stride' must be an integer"):
        GCLayer(2, 1.0, 2)
    with pytest.raises(InvalidArgumentError, match=r"\(h, w\) pair"):
        GCLayer((2, 2, 2), 1, 2)


def test_receptive_field_larger_than_input():
    with pytest.raises(ShapeError, match="receptive field of span 5 .* larger than its input of 4 positions"):
        GCConvAC.random((4,), 2, [(5, 1, 1)])
    with pytest.raises(ShapeError, match="span 5 \\(R=3, dilation 2\\)"):
        GCConvAC.random((4,), 2, [(3, 1, 1, 2)])
    with pytest.raises(ShapeError, match="on axis 0, larger than its input of 2 positions"):
        GCConvAC.random((2, 4), 2, [GCLayer((3, 2), 1, 1)])


def test_last_layer_must_leave_one_position():
    with pytest.raises(ShapeError, match=r"exactly one position after the last layer, not \(3,\) \(positions per layer: \(4,\) -> \(3,\)\)"):
        GCConvAC.random((4,), 2, [(2, 1, 1)])


def test_pair_in_1d_and_bad_shapes():
    with pytest.raises(ShapeError, match="is the pair \\(2, 2\\) but the input is 1-D"):
        GCConvAC.random((4,), 2, [GCLayer((2, 2), 1, 1)])
    with pytest.raises(InvalidArgumentError, match="input_shape"):
        GCConvAC.random((2, 2, 2), 2, [(2, 1, 1)])
    with pytest.raises(InvalidArgumentError, match="at least 2 inputs"):
        GCConvAC.random((1,), 2, [(1, 1, 1)])


def test_bad_weights():
    rep = Representation.identity(2)
    with pytest.raises(InexactInputError, match="weights\\[0\\]"):
        GCConvAC((2,), rep, [GCLayer(2, 1, 1)], [[[[0.5, 1]], [[1, 1]]]], [[1]])
    with pytest.raises(ShapeError, match=r"Argument 'weights\[0\]' must have shape \(2, 1, 2\)"):
        GCConvAC((2,), rep, [GCLayer(2, 1, 1)], [[[[1, 1]]]], [[1]])
    with pytest.raises(ShapeError, match=r"must have shape \(1, 2, 1, 2\) = \(P positions"):
        GCConvAC((2,), rep, [GCLayer(2, 1, 1)], [[[[1, 1]]]], [[1]], shared=False)
    with pytest.raises(ShapeError, match=r"output_weights' must have shape \(Y, 1\)"):
        GCConvAC((2,), rep, [GCLayer(2, 1, 1)], [[[[1, 1]], [[1, 1]]]], [[1, 2]])
    with pytest.raises(ShapeError, match="hold 1 arrays"):
        GCConvAC((2,), rep, [GCLayer(2, 1, 1)], [], [[1]])


def test_bad_calls():
    net = GCConvAC.random((4,), 2, [(2, 1, 2), (3, 1, 1)])
    with pytest.raises(InvalidArgumentError, match="method"):
        net.grid_tensor("magic")
    with pytest.raises(InvalidArgumentError, match="output"):
        net.grid_tensor(output=1)
    with pytest.raises(ShapeError, match="hold 4 template indices"):
        net.evaluate_templates([0, 1])
    with pytest.raises(InvalidArgumentError, match="indices\\[1\\]' must be a template index in 0..1"):
        net.evaluate_templates([0, 2, 0, 0])
    with pytest.raises(ShapeError, match="hold 4 patches"):
        net.evaluate([[1, 0]])
    with pytest.raises(InvalidArgumentError, match="must be a prime"):
        net.grid_entries([[0, 0, 0, 0]], prime=100)
    with pytest.raises(InvalidArgumentError, match="below 2\\^31"):
        net.grid_entries([[0, 0, 0, 0]], prime=2**61 - 1)
    with pytest.raises(ShapeError, match="integer array of shape \\(B, 4\\)"):
        net.grid_entries([[0, 0]])
    with pytest.raises(ShapeError, match="integer array of shape"):
        net.grid_entries([[0.0, 0.0, 0.0, 0.0]])
    with pytest.raises(InvalidArgumentError, match="template indices in 0..1"):
        net.grid_entries([[0, 0, 0, 2]])
    assert net.grid_entries(np.zeros((0, 4), dtype=np.int64), output=0).shape == (0,)
    with pytest.raises(InvalidArgumentError, match="layer index in 0..1"):
        net.positions(2)
    with pytest.raises(InvalidArgumentError, match="non-overlapping network"):
        net.to_deep_convac()


def test_from_deep_convac_needs_contiguous_windows():
    with pytest.raises(InvalidArgumentError, match="tree of contiguous windows"):
        GCConvAC.from_deep_convac(DeepConvAC.random(PoolingTree.mirror(8), 2, (1, 1, 1)))
    with pytest.raises(InvalidArgumentError, match="tree of contiguous windows"):
        GCConvAC.from_deep_convac(DeepConvAC.random(PoolingTree.from_nested([[0, 1], 2]), 2, (1, 1)))
    with pytest.raises(InvalidArgumentError, match="must be a DeepConvAC"):
        GCConvAC.from_deep_convac("net")


def test_partition_of_the_wrong_size_and_trees_that_do_not_cover():
    from exactnet.errors import PartitionError
    from exactnet.networks.gcconvac import dense_rank_witness
    from exactnet.tensors import Partition

    net = GCConvAC.random((4,), 2, [(2, 1, 2), (3, 1, 1)])
    with pytest.raises(PartitionError, match="is a partition of 8 modes, but the tensor has 4 modes"):
        dense_rank_witness(net, Partition.named("odd-even", 8))
    with pytest.raises(PartitionError, match="0..3 \\(N=4\\), not 5"):
        dense_rank_witness(net, [0, 5])
    with pytest.raises(ShapeError, match="mode 2 is missing"):
        PoolingTree.from_nested([[0, 1], [3, 4]])


def test_user_guide_examples_run():
    import doctest
    import re
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "docs" / "overlap.md").read_text(encoding="utf-8")
    blocks = "\n".join(re.findall(r"```python\n(.*?)```", text, re.S))
    assert blocks.count(">>>") >= 5
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    runner.run(doctest.DocTestParser().get_doctest(blocks, {}, "docs/overlap.md", "docs/overlap.md", 0))
    assert runner.summarize(verbose=False).failed == 0


def _paper_partition(name: str):
    """the partition (recursive patch order, quad tree) as a partition of row-major modes."""
    from exactnet.tensors import Partition

    order = quad_tree_order(4)
    return Partition.from_rows([order[k] for k in Partition.named(name, 16).rows], 16)


@pytest.mark.parametrize("r,odd_even_unshared,odd_even_fully_shared", [(2, 16, 16), (4, 256, 81)])
def test_theory_rows_9_10_quad_tree_in_2d(r, odd_even_unshared, odd_even_fully_shared):
    """with a 2-D GC ConvAC on 4 x 4 patches (2 x 2 windows, stride 2): exact ranks of
    fixed weight draws (lower bounds on the generic ranks) that reach the stated values."""
    from exactnet.core.linalg import rank_mod_p

    def rk(net, part):
        G = net.grid_tensor("decomposition", output=0)
        return rank_mod_p(matricize(G, part.rows, part.cols), 2**31 - 1).rank

    layers = [GCLayer((2, 2), (2, 2), r), GCLayer((2, 2), (2, 2), r)]
    un = GCConvAC.random((4, 4), 2, layers, seed=0, low=-50, high=50, shared=False)
    sh = GCConvAC.random((4, 4), 2, layers, seed=0, low=-50, high=50, shared=True)
    # the paper's shared model uses one matrix at every window offset too (GC sharing is across positions only)
    same = tuple(QArray(np.stack([W.num[0]] * 4), W.den) for W in sh.weights)
    full = GCConvAC((4, 4), sh.representation, sh.layers, same, sh.output_weights, True)
    assert rk(un, _paper_partition("odd-even")) == odd_even_unshared
    assert rk(sh, _paper_partition("odd-even")) == odd_even_unshared  # position-shared, offset-dependent
    assert rk(full, _paper_partition("odd-even")) == odd_even_fully_shared
    assert rk(un, _paper_partition("low-high")) == r
    assert _paper_partition("low-high") == _top_bottom()


def _top_bottom():
    from exactnet.tensors.geometry import partition_by_name

    return partition_by_name("top-bottom", (4, 4))


@settings(max_examples=30, deadline=None)
@given(gc_networks(Y=2, fractions=False), st.data())
def test_grid_minor_equals_entries(net, data):
    rows, cols, ri, ci = draw_minor(net, data)
    out = data.draw(st.integers(0, 1))
    exact = net.grid_minor(rows, ri, ci, output=out)
    mod = net.grid_minor(rows, ri, ci, output=out, prime=10007)
    for a, rd in enumerate(ri):
        for b, cd in enumerate(ci):
            d = full_index(net.N, rows, rd, cols, cd)
            v = net.evaluate_templates(d)[out]
            assert exact[a, b] == v
            assert int(mod[a, b]) == v.numerator * pow(v.denominator, -1, 10007) % 10007


def test_grid_minor_at_N64_is_fast_and_errors():
    net = GCConvAC.random((64,), 4, [(2, 1, 4)] * 3 + [(4, 4, 4), (4, 4, 4), (3, 1, 1)], seed=1, low=1, high=9)
    rng = np.random.default_rng(0)
    ri = rng.integers(0, 4, size=(256, 32))
    ci = rng.integers(0, 4, size=(256, 32))
    t = time.perf_counter()
    m = net.grid_minor("low-high", ri, ci, prime=2**31 - 1)
    assert time.perf_counter() - t < 5
    d = list(ri[7]) + list(ci[3])
    assert int(m[7, 3]) == net.evaluate_templates(d)[0] % (2**31 - 1)
    with pytest.raises(ShapeError, match="multi-indices of 32 template indices"):
        net.grid_minor("low-high", [[0] * 31], [[0] * 32])
    with pytest.raises(InvalidArgumentError, match="template indices in 0..3"):
        net.grid_minor("low-high", [[4] * 32], [[0] * 32])
    with pytest.raises(InvalidArgumentError, match="output index"):
        net.grid_minor("low-high", [[0] * 32], [[0] * 32], output=None)
