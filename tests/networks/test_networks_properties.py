"""Property tests: the two grid-tensor routes, evaluate, score_function and JSON agree exactly."""

from __future__ import annotations

import itertools
import json
from fractions import Fraction

import numpy as np
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from exactnet.networks import DeepConvAC, ShallowConvAC, network_from_dict
from exactnet.tensors import CPDecomposition, cp_to_tensor

from networks_testlib import deep_networks, random_patch, shallow_networks

FAST = settings(deadline=None, max_examples=40)


def _entry(G, idx, y):
    return G[(y,) + tuple(idx)]


@FAST
@given(deep_networks())
def test_deep_grid_tensor_evaluation_equals_decomposition(net):
    ev = net.grid_tensor(method="evaluation")
    de = net.grid_tensor(method="decomposition")
    T = net.representation.num_templates
    assert ev.shape == de.shape == (net.Y,) + (T,) * net.N
    assert ev == de
    for y in range(net.Y):
        assert net.grid_tensor(method="evaluation", output=y) == de.take([y], axis=0).reshape((T,) * net.N)
        assert net.grid_tensor(method="decomposition", output=y) == net.grid_tensor(method="evaluation", output=y)


@FAST
@given(deep_networks())
def test_deep_evaluate_at_templates_matches_grid_tensor(net):
    G = net.grid_tensor(method="decomposition")
    T = net.representation.num_templates
    for idx in itertools.product(range(T), repeat=net.N):
        by_index = net.evaluate_templates(list(idx))
        assert by_index == tuple(_entry(G, idx, y) for y in range(net.Y))
        # evaluate() at the template patches themselves (the representation functions evaluated afresh)
        patches = [net.representation.template_patch(t) for t in idx]
        assert net.evaluate(patches) == by_index


@FAST
@given(deep_networks(), st.integers(0, 2**32 - 1))
def test_deep_score_function_matches_evaluate(net, seed):
    rng = np.random.default_rng(seed)
    rep = net.representation
    exprs = net.score_function()
    assert len(exprs) == net.Y
    for _ in range(3):
        patches = [random_patch(rng, rep) for _ in range(net.N)]
        if rep.patch_dim == 1:
            subs = {sympy.Symbol(f"x_{i}"): sympy.Rational(p.numerator, p.denominator) for i, p in enumerate(patches)}
        else:
            subs = {sympy.Symbol(f"x_{i}_{k}"): sympy.Rational(v.numerator, v.denominator)
                    for i, p in enumerate(patches) for k, v in enumerate(p)}
        values = net.evaluate(patches)
        for y, e in enumerate(exprs):
            got = e.subs(subs)
            assert got.is_Rational
            assert Fraction(int(got.p), int(got.q)) == values[y]


@FAST
@given(deep_networks())
def test_deep_json_round_trip(net):
    d = net.to_dict()
    back = network_from_dict(json.loads(json.dumps(d)))
    assert isinstance(back, DeepConvAC)
    assert back == net
    assert back.to_dict() == d
    assert back.widths == net.widths and back.num_weights == net.num_weights


@FAST
@given(shallow_networks())
def test_shallow_cp_equals_network_evaluation(net):
    T = net.representation.num_templates
    ev = net.grid_tensor(method="evaluation")
    de = net.grid_tensor(method="decomposition")
    assert ev == de
    # the CP decomposition built independently from the weights, F applied per factor
    F = net.representation.matrix
    cp = CPDecomposition([W @ F.T for W in net.weights], net.output_weights)
    assert cp_to_tensor(cp) == ev
    for idx in itertools.product(range(T), repeat=net.N):
        assert net.evaluate_templates(list(idx)) == tuple(_entry(ev, idx, y) for y in range(net.Y))
        assert net.evaluate([net.representation.template_patch(t) for t in idx]) == net.evaluate_templates(list(idx))


@FAST
@given(shallow_networks(), st.integers(0, 2**32 - 1))
def test_shallow_score_function_and_json(net, seed):
    rng = np.random.default_rng(seed)
    rep = net.representation
    patches = [random_patch(rng, rep) for _ in range(net.N)]
    if rep.patch_dim == 1:
        syms = [sympy.Symbol(f"x_{i}") for i in range(net.N)]
        subs = dict(zip(syms, [sympy.Rational(p.numerator, p.denominator) for p in patches]))
    else:
        subs = {sympy.Symbol(f"x_{i}_{k}"): sympy.Rational(v.numerator, v.denominator)
                for i, p in enumerate(patches) for k, v in enumerate(p)}
    values = net.evaluate(patches)
    for y, e in enumerate(net.score_function()):
        got = e.subs(subs)
        assert Fraction(int(got.p), int(got.q)) == values[y]
    back = network_from_dict(json.loads(json.dumps(net.to_dict())))
    assert isinstance(back, ShallowConvAC) and back == net


@settings(deadline=None, max_examples=15)
@given(deep_networks())
def test_identity_coefficient_tensor_is_the_polynomial_of_the_score_function(net):
    """With F = I the coefficient of prod_i x_{i, d_i} in the (multilinear) score function is A[d]."""
    if net.representation.kind != "identity":
        net = DeepConvAC(net.tree, type(net.representation).identity(net.M), net.leaf_weights, net.node_weights,
                         net.output_weights, net.shared)
    A = net.coefficient_tensor()
    M = net.M
    for y, e in enumerate(net.score_function()):
        poly = sympy.Poly(sympy.expand(e), *[sympy.Symbol(f"x_{i}_{k}") if M > 1 else sympy.Symbol(f"x_{i}")
                                             for i in range(net.N) for k in range(M)])
        coeffs = {}
        for monom, c in poly.terms():
            if c == 0:
                continue
            d = []
            for i in range(net.N):
                block = monom[i * M:(i + 1) * M]
                assert sum(block) == 1  # multilinear: one factor per input
                d.append(block.index(1))
            coeffs[tuple(d)] = Fraction(int(c.p), int(c.q))
        for d in itertools.product(range(M), repeat=net.N):
            assert A[(y,) + d] == coeffs.get(d, 0)
