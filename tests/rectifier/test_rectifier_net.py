"""Shallow / deep rectifier networks (exactnet.networks.rectifier): two independent grid-tensor routes."""

from __future__ import annotations

import json
from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from exactnet.errors import DomainError, FormatError, InexactInputError, InvalidArgumentError, ShapeError
from exactnet.networks import DeepConvAC, Representation, ShallowConvAC, load_network, network_from_dict, save_json
from exactnet.networks.rectifier import (
    DeepRectifierNet,
    ShallowRectifierNet,
    relu_templates,
    require_invertible,
)
from exactnet.tensors import PoolingTree
from exactnet.tensors.generalized import OPERATORS, PoolingOperator
from exactnet.testing.rectifier import FIXED_TREES, deep_rectifier_nets, shallow_rectifier_nets

F = Fraction
SETTINGS = settings(max_examples=30, deadline=None)
AVG = PoolingOperator.custom("avg", lambda a, b: (a + b) / 2)
MIN_CUSTOM = PoolingOperator.custom("min", lambda a, b: min(a, b))


# ============================================================================ the two routes agree
@SETTINGS
@given(shallow_rectifier_nets())
def test_shallow_evaluation_equals_generalized_cp(net):
    assert net.grid_tensor(method="evaluation") == net.grid_tensor(method="decomposition")


@SETTINGS
@given(deep_rectifier_nets())
def test_deep_evaluation_equals_generalized_ht(net):
    assert net.grid_tensor(method="evaluation") == net.grid_tensor(method="decomposition")


@settings(max_examples=15, deadline=None)
@given(deep_rectifier_nets(fractional=True, shared=True))
def test_deep_shared_fractional_weights(net):
    assert net.grid_tensor(method="evaluation", output=0) == net.grid_tensor(output=0)


@settings(max_examples=15, deadline=None)
@given(shallow_rectifier_nets(fractional=True))
def test_shallow_fractional_weights_and_single_output(net):
    assert net.grid_tensor(method="evaluation", output=net.Y - 1) == net.grid_tensor(output=net.Y - 1)


@pytest.mark.parametrize("structure", FIXED_TREES + (((0, 1, 2, 3), (4, 5, 6, 7)),))
@pytest.mark.parametrize("op", list(OPERATORS))
@pytest.mark.parametrize("shared", [False, True])
def test_every_operator_tree_and_sharing(structure, op, shared):
    tree = PoolingTree.from_nested(structure)
    if shared and len({tree.leaf_level(i) for i in range(tree.num_modes)}) > 1:
        widths = 2  # leaves at several levels: equal widths
    else:
        widths = [2 + (l % 2) for l in range(tree.height)]
    rep = Representation.monomials([0, 1, F(-1, 2)], 2)
    for seed in range(2):
        net = DeepRectifierNet.random(tree, 2, widths, op, Y=2, shared=shared, seed=seed, representation=rep)
        G = net.grid_tensor()
        assert G.shape == (2,) + (3,) * tree.num_modes
        assert net.grid_tensor(method="evaluation") == G
        d = tuple(int(x) for x in np.random.default_rng(seed).integers(0, 3, size=tree.num_modes))
        assert net.evaluate_templates(d) == tuple(G[(y,) + d] for y in range(2))


@settings(max_examples=15, deadline=None)
@given(deep_rectifier_nets(ops=("relu-max", "relu-sum", "linear-max")), st.data())
def test_evaluate_at_patches_equals_score_function(net, data):
    """Forward pass on actual inputs vs the SymPy piecewise-linear expression (a third route)."""
    rep = net.representation
    s = rep.patch_dim
    el = st.fractions(min_value=-2, max_value=2, max_denominator=3)
    patches = [data.draw(st.lists(el, min_size=s, max_size=s)) for _ in range(net.N)]
    patches = [p[0] if s == 1 else p for p in patches]
    exprs = net.score_function()
    syms = {}
    for i, p in enumerate(patches):
        if s == 1:
            syms[sympy.Symbol(f"x_{i}")] = sympy.Rational(p.numerator, p.denominator)
        else:
            for k, v in enumerate(p):
                syms[sympy.Symbol(f"x_{i}_{k}")] = sympy.Rational(v.numerator, v.denominator)
    got = net.evaluate(patches)
    for e, v in zip(exprs, got):
        r = sympy.Rational(e.xreplace(syms).doit())  # xreplace re-evaluates every node (subs is very slow here)
        assert F(int(r.p), int(r.q)) == v


def test_score_function_uses_max():
    net = ShallowRectifierNet.from_weights(2, Representation.monomials([0], 2), [[1, -1]], [[1]], "relu-sum",
                                           shared=True)
    (e,) = net.score_function()
    assert e.has(sympy.Max)
    assert e.xreplace({sympy.Symbol("x_0"): sympy.Integer(0), sympy.Symbol("x_1"): sympy.Integer(3)}) == 1


def test_product_operator_is_the_convac():
    c = DeepConvAC.random(PoolingTree.from_windows(6, [3, 2]), 2, (2, 2), Y=2, seed=4,
                          representation=Representation.monomials([0, 1, 2], 2))
    r = DeepRectifierNet.from_convac(c, "product")
    assert r.grid_tensor() == c.grid_tensor() == r.grid_tensor(method="evaluation")
    assert r.as_convac() == c and r.num_parameters == c.num_weights
    s = ShallowConvAC.random(3, 2, 3, seed=2)
    assert ShallowRectifierNet.from_convac(s, OPERATORS["product"]).grid_tensor() == s.grid_tensor()


def test_exact_beyond_int64():
    big = 2**40
    rep = Representation.identity(2)
    e = [[big, -big], [-big, big]]
    for op in OPERATORS:
        net = DeepRectifierNet(PoolingTree.binary(4), rep, [e] * 4, [[[big, 1], [1, big]]] * 2, [[big, -big]], op)
        G = net.grid_tensor()
        assert G == net.grid_tensor(method="evaluation")
        assert net.evaluate_templates([0, 1, 1, 0]) == (G[0, 0, 1, 1, 0],)


# ============================================================================ published values
def test_row21_negative_first_conv_layer_gives_zero():
    """all conv-layer-1 weights < 0 -> ReLU kills everything -> output 0."""
    for op in ("relu-max", "relu-sum"):
        rng = np.random.default_rng(0)
        tree = PoolingTree.binary(8)
        leaf = [rng.integers(-3, 4, size=(2, 3)) for _ in range(8)]
        nodes = [-rng.integers(1, 4, size=(2, 2)) if tree.node_level(v) == 1 else rng.integers(-3, 4, size=(2, 2))
                 for v in tree.internal_nodes()]
        net = DeepRectifierNet(tree, Representation.identity(3), leaf, nodes, [[1, 2]], op)
        assert not net.grid_tensor(method="evaluation").num.any()


def test_row22_relu_templates():
    rep, Fm, d = relu_templates([0, 1, 2], epsilon=F(1, 2))
    assert Fm.tolist_str() == [["1/2", "0", "0"], ["3/2", "1/2", "0"], ["5/2", "3/2", "1/2"]]
    assert d == F(1, 8) and rep.matrix == Fm


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 2), st.data())
def test_relu_templates_from_any_distinct_templates(s, data):
    el = st.fractions(min_value=-3, max_value=3, max_denominator=3)
    pts = data.draw(st.lists(st.tuples(*[el] * s), min_size=1, max_size=4, unique=True))
    templates = [p[0] for p in pts] if s == 1 else [list(p) for p in pts]
    rep, Fm, d = relu_templates(templates)
    T = len(pts)
    assert Fm.shape == (T, T)
    eps = Fm[0, 0]
    assert d == eps**T != 0
    assert all(Fm[i, j] == 0 for i in range(T) for j in range(i + 1, T))  # lower triangular
    assert all(Fm[i, i] == eps for i in range(T))
    # F is the representation evaluated at the (sorted) templates
    for t in range(T):
        assert tuple(Fm[t].tolist()) == rep.features(rep.template_patch(t))


def test_relu_templates_errors():
    with pytest.raises(DomainError, match=r"templates\[0\] and templates\[2\] are equal.*F is singular"):
        relu_templates([1, 2, 1])
    with pytest.raises(DomainError, match=r"templates\[0\] and templates\[1\] are equal"):
        relu_templates([[0, 1], [0, 1]])
    with pytest.raises(InvalidArgumentError, match=r"Argument 'epsilon' must satisfy 0 < epsilon < 1"):
        relu_templates([0, 1, 2], epsilon=1)
    with pytest.raises(InexactInputError, match=r"Argument 'epsilon' must be an exact rational, not 0.25"):
        relu_templates([0, 1, 2], epsilon=0.25)
    with pytest.raises(DomainError, match=r"Argument 'direction' must give distinct projections"):
        relu_templates([[0, 1], [1, 0]], direction=[1, 1])
    with pytest.raises(InexactInputError, match=r"templates\[1\]"):
        relu_templates([0, 0.5])
    with pytest.raises(DomainError, match=r"det F = 0"):
        require_invertible([[1, 1], [1, 1]])
    with pytest.raises(ShapeError, match=r"must be a square"):
        require_invertible([[1, 1, 0], [1, 1, 1]])


def test_grid_tensor_with_invertible_relu_templates():
    rep, Fm, _ = relu_templates([0, 1, 2])
    net = DeepRectifierNet.random(PoolingTree.binary(4), 3, (3, 2), "relu-max", representation=rep, seed=7)
    assert net.T == 3 and net.grid_tensor(method="evaluation") == net.grid_tensor()


# ============================================================================ bad input
def test_custom_non_associative_operator_is_refused_by_the_network():
    net = DeepRectifierNet.random(PoolingTree.binary(4), 2, (2, 1), AVG, seed=1)
    for method in ("decomposition", "evaluation"):
        with pytest.raises(InvalidArgumentError, match=r"operator 'avg'\) is not associative .*\(a, b, c\) = \("):
            net.grid_tensor(method=method)
    with pytest.raises(InvalidArgumentError, match=r"operator 'avg'\) is not associative"):
        net.evaluate_templates([0, 1, 0, 1])
    shallow = ShallowRectifierNet.random(3, 2, 2, PoolingOperator.custom("minus", lambda a, b: a - b), seed=1)
    with pytest.raises(InvalidArgumentError, match=r"operator 'minus'\) is not commutative"):
        shallow.grid_tensor(method="evaluation")


def test_custom_associative_operator_works_but_has_no_json_or_sympy():
    net = DeepRectifierNet.random(PoolingTree.binary(4), 2, (2, 2), MIN_CUSTOM, seed=3)
    assert net.grid_tensor(method="evaluation") == net.grid_tensor()
    with pytest.raises(DomainError, match=r"custom operator 'min' cannot be written to JSON"):
        net.to_dict()
    with pytest.raises(DomainError, match=r"custom operator 'min' has no symbolic form"):
        net.score_function()


def test_weight_shape_mismatches():
    rep = Representation.identity(2)
    with pytest.raises(ShapeError, match=r"Argument 'weights\[1\]' must have shape \(1, 2\), not \(1, 3\)"):
        ShallowRectifierNet(rep, [[[1, 0]], [[1, 0, 0]]], [[1]], "relu-max")
    with pytest.raises(ShapeError, match=r"Argument 'output_weights' must have shape \(1, 1\), not \(1, 2\)"):
        ShallowRectifierNet(rep, [[[1, 0]], [[1, 0]]], [[1, 2]], "relu-max")
    with pytest.raises(ShapeError, match=r"Argument 'node_weights\[1\]' must have shape \(2, 3\), not \(3, 3\)"):
        DeepRectifierNet(PoolingTree.binary(4), Representation.identity(3), [[[1, 0, 0]] * 3] * 4,
                         [[[1, 1, 1]] * 2, [[1, 1, 1]] * 3], [[1, 1]], "relu-sum")
    with pytest.raises(ShapeError, match=r"leaf_weights"):
        DeepRectifierNet(2, rep, [[[1, 0]]], [], [[1]], "relu-max")


def test_other_bad_arguments():
    rep = Representation.identity(2)
    with pytest.raises(InexactInputError, match=r"Argument 'weights\[0\]\[0\]\[1\]' must be an exact rational, not 0.5"):
        ShallowRectifierNet(rep, [[[1, 0.5]], [[1, 0]]], [[1]], "relu-max")
    with pytest.raises(InexactInputError, match=r"output_weights\[0\]\[0\]"):
        DeepRectifierNet(2, rep, [[[1, 0]]] * 2, [], [[1.0]], "relu-max")
    with pytest.raises(InvalidArgumentError, match=r"Argument 'operator' must be a PoolingOperator .*'relu-avg'"):
        ShallowRectifierNet(rep, [[[1, 0]], [[1, 0]]], [[1]], "relu-avg")
    with pytest.raises(InvalidArgumentError, match=r"Argument 'num_inputs' must be given"):
        ShallowRectifierNet(rep, [[1, 0]], [[1]], "relu-max", shared=True)
    with pytest.raises(InvalidArgumentError, match=r"Argument 'num_inputs' must be an int N >= 2"):
        ShallowRectifierNet(rep, [[[1, 0]]], [[1]], "relu-max")
    with pytest.raises(InvalidArgumentError, match=r"N equal matrices when shared=True"):
        ShallowRectifierNet(rep, [[[1, 0]], [[0, 1]]], [[1]], "relu-max", shared=True)
    with pytest.raises(InvalidArgumentError, match=r"Argument 'representation' must be"):
        ShallowRectifierNet("identity", [[[1, 0]], [[0, 1]]], [[1]], "relu-max")
    with pytest.raises(InvalidArgumentError, match=r"Argument 'shared' must be a bool"):
        DeepRectifierNet(2, rep, [[[1, 0]]] * 2, [], [[1]], "relu-max", shared=1)
    net = DeepRectifierNet(2, rep, [[[1, 0]]] * 2, [], [[1]], "relu-max")
    with pytest.raises(InvalidArgumentError, match=r"Argument 'method' must be one of"):
        net.grid_tensor(method="sympy")
    with pytest.raises(InvalidArgumentError, match=r"Argument 'output' must be None or an output index in 0..0"):
        net.grid_tensor(output=1)
    with pytest.raises(ShapeError, match=r"Argument 'patches' must hold 2 patches"):
        net.evaluate([[1, 0]])
    with pytest.raises(InvalidArgumentError, match=r"Argument 'indices\[1\]' must be a template index in 0..1"):
        net.evaluate_templates([0, 2])


def test_shared_forms_agree():
    rep = Representation.identity(2)
    tree = PoolingTree.binary(4)
    compact = DeepRectifierNet(tree, rep, [[1, -1], [2, 1]], [[[1, -1], [1, 1]]], [[1, 2]], "relu-max", shared=True)
    expanded = DeepRectifierNet(tree, rep, compact.leaf_weights, compact.node_weights, compact.output_weights,
                                "relu-max", shared=True)
    assert compact == expanded and compact.num_parameters == 4 + 4 + 2
    s1 = ShallowRectifierNet.from_weights(3, rep, [[1, -1]], [[1]], "relu-sum", shared=True)
    s2 = ShallowRectifierNet(rep, [[[1, -1]]] * 3, [[1]], "relu-sum", shared=True)
    assert s1 == s2 and s1.N == 3


# ============================================================================ JSON
@settings(max_examples=20, deadline=None)
@given(st.one_of(shallow_rectifier_nets(fractional=True), deep_rectifier_nets(fractional=True)))
def test_json_round_trip(net):
    d = net.to_dict()
    assert d["operator"] == net.operator.name
    back = network_from_dict(json.loads(json.dumps(d)))
    assert back == net and type(back) is type(net)


def test_json_file_round_trip(tmp_path):
    net = DeepRectifierNet.random(PoolingTree.from_windows(9, 3), 2, (2, 2), "relu-sum", shared=True)
    assert load_network(save_json(net, tmp_path / "n.json.gz")) == net


def test_json_errors():
    d = DeepRectifierNet.random(4, 2, (2, 1), "relu-max").to_dict()
    bad = dict(d, operator="relu-avg")
    with pytest.raises(FormatError, match=r"operator: must be one of \['product', 'relu-max'"):
        network_from_dict(bad)
    missing = {k: v for k, v in d.items() if k != "operator"}
    with pytest.raises(FormatError, match=r"missing required key 'operator'"):
        network_from_dict(missing)
    fl = json.loads(json.dumps(d))
    fl["node_weights"][0][0][0] = 0.5
    with pytest.raises(FormatError, match=r"node_weights\[0\]\[0\]\[0\]: .*JSON float 0.5"):
        network_from_dict(fl)
    with pytest.raises(FormatError, match=r"kind: must be \"deep-rectifier\""):
        DeepRectifierNet.from_dict(dict(d, kind="deep-convac"))
    s = ShallowRectifierNet.random(2, 2, 1).to_dict()
    s["output_weights"] = [["1", "2"]]
    with pytest.raises(FormatError, match=r"output_weights"):
        network_from_dict(s)
    one = ShallowRectifierNet.random(2, 2, 1).to_dict()
    one["num_inputs"] = 1
    one["weights"] = one["weights"][:1]
    with pytest.raises(FormatError, match=r"num_inputs: must be an integer >= 2"):
        network_from_dict(one)


def test_dense_size_is_refused_before_allocating():
    from exactnet.errors import ResourceLimitError

    net = ShallowRectifierNet.from_weights(40, Representation.identity(2), [[1, -1]], [[1]], "relu-max", shared=True)
    for method in ("decomposition", "evaluation"):
        with pytest.raises(ResourceLimitError, match=r"Refusing to build a dense .*2\^40"):
            net.grid_tensor(method=method)
    assert net.evaluate_templates([0] * 40) == (F(1),)
