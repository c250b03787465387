"""The circuit format and its one evaluator against every network family's own evaluation and grid tensor."""

from __future__ import annotations

import ast
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exactnet.core.qarray import QArray
from exactnet.errors import FormatError, InexactInputError, ResourceLimitError
from exactnet.kernel.circuit import evaluate, evaluate_grid, parse_circuit, template_grid
from exactnet.networks import (Abs, Affine, DeepConvAC, DeepRectifierNet, GCConvAC, GCLayer, LeakyReLU, MaxPool,
                               Maxout, PWLNetwork, ReLU, Representation, ShallowConvAC, ShallowRectifierNet)
from exactnet.networks.circuits import to_circuit
from exactnet.testing.strategies import deep_convacs, rationals, shallow_convacs

OPERATORS = ["product", "relu-max", "relu-sum", "linear-max", "linear-sum", "relu-product"]
FAST = settings(max_examples=25, deadline=None)


def _grid(net) -> QArray:
    num, den = template_grid(to_circuit(net))
    return QArray.from_fractions(np.vectorize(lambda v: Fraction(int(v), den), otypes=[object])(num))


def _points(c, patches_per_point):
    """Circuit batch input from a list of points, each a list of per-position patches."""
    return [[p[i] if isinstance(p[i], (list, tuple)) else [p[i]] for p in patches_per_point] for i in range(len(c.inputs))]


def _fractions(num, den):
    return [tuple(Fraction(int(v), den) for v in row) for row in num]


# ----------------------------------------------------------------------------------- grid tensors
@FAST
@given(shallow_convacs(max_outputs=2, weights=rationals(max_denominator=3), representation=True))
def test_shallow_convac_grid(net):
    assert _grid(net) == net.grid_tensor()


@FAST
@given(deep_convacs(max_outputs=2, weights=rationals(max_denominator=3), representation=True))
def test_deep_convac_grid(net):
    assert _grid(net) == net.grid_tensor()


@FAST
@given(deep_convacs(max_outputs=2), st.sampled_from(OPERATORS))
def test_deep_rectifier_grid(conv, op):
    net = DeepRectifierNet.from_convac(conv, op)
    assert _grid(net) == net.grid_tensor(method="evaluation")


@FAST
@given(shallow_convacs(max_outputs=2, representation=True), st.sampled_from(OPERATORS))
def test_shallow_rectifier_grid(conv, op):
    net = ShallowRectifierNet.from_convac(conv, op)
    assert _grid(net) == net.grid_tensor(method="evaluation")


@FAST
@given(st.integers(0, 2**31 - 1), st.sampled_from([
    ((4,), [(2, 1, 2), (3, 1, 1)]), ((5,), [(2, 1, 2, 2), (3, 1, 1)]), ((2, 2), [((2, 2), 1, 2)]),
    ((3, 3), [((2, 2), 1, 2), ((2, 2), 1, 1)]), ((4,), [(2, 2, 2), (2, 2, 1)])]), st.booleans(), st.integers(1, 2))
def test_gc_convac_grid(seed, geometry, shared, Y):
    shape, layers = geometry
    net = GCConvAC.random(shape, 2, [GCLayer(*l) for l in layers], Y=Y, seed=seed, shared=shared)
    assert _grid(net) == net.grid_tensor(method="evaluation")


# ----------------------------------------------------------------------------------- points
_patch = st.lists(rationals(min_value=-3, max_value=3, max_denominator=3), min_size=1, max_size=2)


@FAST
@given(deep_convacs(max_outputs=2, representation=True), st.sampled_from(OPERATORS), st.data())
def test_points_deep(conv, op, data):
    net = conv if op == "product" else DeepRectifierNet.from_convac(conv, op)
    rep = conv.representation
    if rep.patch_dim is None:
        with pytest.raises(Exception, match="templates only"):
            to_circuit(net, inputs="points")
        return
    s = rep.patch_dim
    pts = data.draw(st.lists(st.lists(st.lists(rationals(min_value=-3, max_value=3, max_denominator=3), min_size=s,
                                               max_size=s), min_size=conv.N, max_size=conv.N), min_size=1, max_size=4))
    c = to_circuit(net, inputs="points")
    assert _fractions(*evaluate(c, _points(c, pts))) == [net.evaluate([p if s > 1 else p[0] for p in pt]) for pt in pts]


@FAST
@given(st.integers(0, 2**31 - 1), st.lists(st.lists(rationals(min_value=-3, max_value=3, max_denominator=2),
                                                     min_size=4, max_size=4), min_size=1, max_size=3))
def test_points_gc_monomial(seed, pts):
    net = GCConvAC.random((4,), 3, [GCLayer(2, 1, 2), GCLayer(3, 1, 1)], seed=seed,
                          representation=Representation.monomials([0, 1, 2], 3))
    c = to_circuit(net, inputs="points")
    assert _fractions(*evaluate(c, _points(c, [[[x] for x in p] for p in pts]))) == [net.evaluate(p) for p in pts]


@st.composite
def pwl_networks(draw):
    n = draw(st.integers(1, 3))
    width, layers = n, []
    for _ in range(draw(st.integers(1, 4))):
        out = draw(st.integers(1, 4))
        W = [[draw(rationals(min_value=-3, max_value=3, max_denominator=2)) for _ in range(width)] for _ in range(out)]
        b = [draw(rationals(min_value=-2, max_value=2, max_denominator=3)) for _ in range(out)]
        layers.append(Affine(W, b))
        width = out
        kind = draw(st.sampled_from(["relu", "leaky", "abs", "maxout", "pool", "none"]))
        if kind == "relu":
            layers.append(ReLU())
        elif kind == "leaky":
            layers.append(LeakyReLU(draw(rationals(min_value=-1, max_value=1, max_denominator=4))))
        elif kind == "abs":
            layers.append(Abs())
        elif kind == "maxout" and width % 2 == 0:
            layers.append(Maxout(2))
            width //= 2
        elif kind == "pool":
            groups = draw(st.lists(st.lists(st.integers(0, width - 1), min_size=1, max_size=3, unique=True),
                                   min_size=1, max_size=3))
            layers.append(MaxPool(groups))
            width = len(groups)
    return PWLNetwork(n, layers)


@FAST
@given(pwl_networks(), st.data())
def test_pwl_points(net, data):
    pts = data.draw(st.lists(st.lists(rationals(min_value=-4, max_value=4, max_denominator=3), min_size=net.input_dim,
                                      max_size=net.input_dim), min_size=1, max_size=5))
    assert _fractions(*evaluate(to_circuit(net), [pts])) == [net.evaluate(p) for p in pts]


# ----------------------------------------------------------------------------------- exactness and limits
def test_int64_overflow_falls_back_to_python_ints():
    big = 2**40 + 3
    net = ShallowConvAC.from_weights(3, Representation.identity(2), [[[big, -big], [1, big]]], [[big, 1]], shared=True)
    assert _grid(net) == net.grid_tensor()
    assert _grid(net).max_abs_num() > 2**63


def test_grid_avoids_enumeration_and_refuses_with_estimate():
    net = DeepConvAC.random(8, 3, (2, 2, 1), seed=0)
    c = to_circuit(net)
    with pytest.raises(ResourceLimitError, match=r"about [\d,]+ operations, more than max_work = 1,000"):
        template_grid(c, max_work=1000)
    assert _grid(net) == net.grid_tensor()


def test_grid_and_batch_agree():
    net = DeepRectifierNet.random(4, 2, (2, 1), "relu-max", seed=3)
    c = to_circuit(net)
    num, den = evaluate_grid(c, [[0, 1]] * 4)
    idx = [[t >> (3 - i) & 1 for t in range(16)] for i in range(4)]
    bnum, bden = evaluate(c, idx)
    assert bden == den and bnum.tolist() == num.reshape(-1, 16).T.tolist()


def _doc(**over):
    doc = {"format": "exactnet.circuit", "version": 1, "inputs": [{"dim": 1}],
           "nodes": [{"op": "input", "position": 0},
                     {"op": "affine", "arg": 0, "matrix": {"shape": [1, 1], "denominator": "2", "numerators": ["1"]}}],
           "output": 1}
    doc.update(over)
    return doc


@pytest.mark.parametrize("change, field", [
    (dict(version=2), "circuit.format"),
    (dict(output=2), "circuit.output"),
    (dict(nodes=[{"op": "input", "position": 1}]), "circuit.nodes[0].position"),
    (dict(nodes=[{"op": "relu", "arg": 0}]), "circuit.nodes[0].arg"),
    (dict(nodes=[{"op": "input", "position": 0}, {"op": "tanh", "arg": 0}]), "circuit.nodes[1].op"),
    (dict(nodes=[{"op": "input", "position": 0}, {"op": "leaky_relu", "arg": 0, "slope": 0.5}]), "nodes[1].slope"),
    (dict(nodes=[{"op": "input", "position": 0}, {"op": "leaky_relu", "arg": 0, "slope": "2/4"}]), "nodes[1].slope"),
    (dict(nodes=[{"op": "input", "position": 0}, {"op": "affine", "arg": 0, "matrix": {
        "shape": [1, 1], "denominator": "2", "numerators": ["2"]}}]), "circuit.nodes[1].matrix"),
    (dict(nodes=[{"op": "input", "position": 0}, {"op": "affine", "arg": 0, "matrix": {
        "shape": [1, 1], "denominator": "0", "numerators": ["1"]}}]), "circuit.nodes[1].matrix.denominator"),
    (dict(nodes=[{"op": "input", "position": 0}, {"op": "affine", "arg": 0, "matrix": {
        "shape": [1, 1], "denominator": "1", "numerators": [1]}}]), "circuit.nodes[1].matrix.numerators[0]"),
    (dict(nodes=[{"op": "input", "position": 0}, {"op": "affine", "arg": 0, "matrix": {
        "shape": [1, 2], "denominator": "1", "numerators": ["1", "1"]}}]), "circuit.nodes[1].matrix"),
    (dict(inputs=[{"dim": 1, "extra": 0}]), "circuit.inputs[0]"),
])
def test_malformed_circuits_name_the_field(change, field):
    with pytest.raises((FormatError, InexactInputError), match=field.replace("[", r"\[").replace("]", r"\]")):
        parse_circuit(_doc(**change))


def test_points_refuse_floats():
    with pytest.raises(FormatError, match="points\\[0\\]\\[0\\]\\[0\\]: must be an exact rational string"):
        evaluate(parse_circuit(_doc()), [[[0.5]]])


def test_kernel_circuit_imports_only_stdlib_numpy_flint_errors():
    allowed = {"__future__", "functools", "math", "re", "reprlib", "dataclasses", "fractions", "typing", "numpy", "flint", "exactnet.errors"}
    tree = ast.parse(Path(__file__).parents[1].joinpath("exactnet/kernel/circuit.py").read_text())
    mods = {n.module if isinstance(n, ast.ImportFrom) and n.level == 0 else
            ("exactnet." + (n.module or "") if isinstance(n, ast.ImportFrom) else None) for n in ast.walk(tree)
            if isinstance(n, ast.ImportFrom)}
    mods |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert mods <= allowed, mods


@FAST
@given(st.lists(rationals(min_value=-3, max_value=3, max_denominator=3), min_size=12, max_size=12), st.booleans())
def test_affine_of_product_with_bias_matches_fractions(vals, big):
    from exactnet.kernel.circuit import matrix_json

    scale = 2**40 if big else 1
    W = [[vals[0] * scale, vals[1]], [vals[2], vals[3]], [vals[4], vals[5] * scale]]
    bias = [vals[6], vals[7], vals[8]]
    m = matrix_json(W + [bias])   # one denominator for the matrix and its bias
    mat = {"shape": [3, 2], "denominator": m["denominator"], "numerators": m["numerators"][:6]}
    doc = {"format": "exactnet.circuit", "version": 1, "inputs": [{"dim": 2}, {"dim": 2}],
           "nodes": [{"op": "input", "position": 0}, {"op": "input", "position": 1}, {"op": "mul", "args": [0, 1]},
                     {"op": "affine", "arg": 2, "matrix": mat, "bias": m["numerators"][6:]}], "output": 3}
    xs = [[vals[9], vals[10]], [vals[11], Fraction(1, 2)]]
    num, den = evaluate_grid(parse_circuit(doc), [[[str(v) for v in x] for x in xs], [[str(v) for v in x] for x in xs]])
    for i, a in enumerate(xs):
        for j, b in enumerate(xs):
            want = [sum(W[y][c] * a[c] * b[c] for c in range(2)) + bias[y] for y in range(3)]
            assert [Fraction(int(num[y, i, j]), den) for y in range(3)] == want


def test_row_sums_of_int64_matrices_near_the_limit():
    big = 2**61 + 7   # one row of four such entries sums past 2^63
    net = ShallowConvAC.from_weights(1, Representation.from_matrix([[1, 1, 1, 1]]), [[[big] * 4]], [[1]], shared=True)
    assert _grid(net) == net.grid_tensor() and _grid(net).max_abs_num() == 4 * big


def test_zero_bias_and_zero_values_with_huge_denominators_and_slopes():
    huge = str(2**70 + 1)
    doc = {"format": "exactnet.circuit", "version": 1, "inputs": [{"dim": 1}],
           "nodes": [{"op": "input", "position": 0},
                     {"op": "affine", "arg": 0, "matrix": {"shape": [1, 1], "denominator": "1", "numerators": ["0"]},
                      "bias": ["0"]},
                     {"op": "leaky_relu", "arg": 1, "slope": f"-{huge}"},
                     {"op": "affine", "arg": 2, "matrix": {"shape": [1, 1], "denominator": "1", "numerators": ["1"]},
                      "bias": ["0"]}], "output": 3}
    num, den = evaluate(parse_circuit(doc), [[[f"1/{huge}"], ["3"]]])
    assert num.tolist() == [[0], [0]]


def test_batch_entries_of_a_64_input_gc_convac():
    net = GCConvAC.random((64,), 4, [(4, 4, 2), (4, 4, 2), (4, 4, 1)], seed=5)
    idx = np.random.default_rng(1).integers(0, net.T, size=(16, 64))
    num, den = evaluate(to_circuit(net), [[int(t) for t in idx[:, i]] for i in range(64)])
    assert [Fraction(int(v), den) for v in num[:, 0]] == [net.evaluate_templates(list(map(int, row)))[0] for row in idx]
