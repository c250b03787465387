"""PWL networks: exact evaluation, patterns, affine maps, SymPy, JSON, imports, bad input."""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from exactnet.errors import FormatError, InexactInputError, InvalidArgumentError, ShapeError
from exactnet.networks import network_from_dict
from exactnet.networks.pwl import (Abs, Affine, LeakyReLU, MaxPool, Maxout, PWLNetwork, ReLU, from_numpy,
                                   relu_network)
from exactnet.testing.regions import pwl_networks


def _naive(net, x):
    """An independent float-free evaluator written directly from the definitions."""
    v = [F(t) for t in x]
    for layer in net.layers:
        if isinstance(layer, Affine):
            W = layer.W.to_fractions()
            b = layer.b.to_fractions()
            v = [sum(W[i, j] * v[j] for j in range(len(v))) + b[i] for i in range(W.shape[0])]
        elif isinstance(layer, ReLU):
            v = [max(z, 0) for z in v]
        elif isinstance(layer, LeakyReLU):
            v = [z if z > 0 else layer.slope * z for z in v]
        elif isinstance(layer, Abs):
            v = [abs(z) for z in v]
        elif isinstance(layer, Maxout):
            v = [max(v[j * layer.k:(j + 1) * layer.k]) for j in range(len(v) // layer.k)]
        else:
            v = [max(v[i] for i in g) for g in layer.groups]
    return tuple(v)


def test_all_layer_types_evaluate():
    net = PWLNetwork(2, [Affine([[1, 0], [0, 1], [1, -1], [-1, 1]], [0, 0, 1, "1/2"]), LeakyReLU("1/3"),
                         Affine([[1, 1, 0, 0], [0, 0, 1, -1]], [0, -1]), Abs(),
                         MaxPool([[0, 1], [1]]), Affine([[1, 2]], [0])])
    x = ["-1/2", 3]
    assert net.evaluate(x) == _naive(net, x)
    assert net.output_dim == 1 and net.num_nonlinear == 3
    assert net.pattern(x) == ((0, 1, 0, 1), (1, 0), (1, 0))


def test_maxout_groups_consecutive_blocks():
    net = PWLNetwork(1, [Affine([[1], [-1], [2], [0]], [0, 0, 0, 5]), Maxout(2)])
    assert net.evaluate([1]) == (F(1), F(5))
    assert net.pattern([1]) == ((0, 1),)
    assert net.pattern([0]) == ((0, 1),)  # tie 0 = 0 broken towards the first unit


@settings(max_examples=25, deadline=None)
@given(pwl_networks(input_dim=2), st.lists(st.fractions(-3, 3, max_denominator=5), min_size=2, max_size=2))
def test_evaluate_matches_naive_and_affine_map_and_sympy(net, x):
    y = net.evaluate(x)
    assert y == _naive(net, x)
    A, c = net.affine_map_at(x)
    Af, cf = A.to_fractions(), c.to_fractions()
    assert tuple(sum(Af[i, j] * x[j] for j in range(2)) + cf[i] for i in range(net.output_dim)) == y
    syms = sympy.symbols("x0:2")
    exprs = net.sympy_expression(syms)
    subs = {s: sympy.Rational(v.numerator, v.denominator) for s, v in zip(syms, x)}
    assert tuple(F(str(sympy.nsimplify(e.subs(subs)))) for e in exprs) == y


@settings(max_examples=20, deadline=None)
@given(pwl_networks(input_dim=2))
def test_json_round_trip(net):
    d = net.to_dict()
    assert d["kind"] == "pwl-network"
    assert PWLNetwork.from_dict(d) == net
    assert network_from_dict(d) == net


def test_floats_refused_naming_the_argument():
    with pytest.raises(InexactInputError, match=r"Argument 'W\[0\]\[1\]' must be an exact rational"):
        Affine([[1, 0.5]], [0])
    with pytest.raises(InexactInputError, match=r"Argument 'b\[0\]'"):
        Affine([[1]], [np.float64(0.25)])
    with pytest.raises(InexactInputError, match=r"Argument 'weights\[0\]\[0\]\[0\]'"):
        relu_network([[[0.1]]], [[0]])
    with pytest.raises(InexactInputError, match=r"Argument 'slope'"):
        LeakyReLU(0.01)
    with pytest.raises(InexactInputError, match=r"Argument 'x\[0\]'"):
        relu_network([[[1]]], [[0]]).evaluate([0.5])


def test_dimension_mismatches_name_the_layer():
    with pytest.raises(ShapeError, match=r"'layers\[2\]' \(Affine\) must take 3 inputs"):
        PWLNetwork(2, [Affine([[1, 0], [0, 1], [1, 1]], [0, 0, 0]), ReLU(), Affine([[1, 1]], [0])])
    with pytest.raises(ShapeError, match=r"'layers\[1\]' \(Maxout k=2\) needs a width divisible by 2, not 3"):
        PWLNetwork(1, [Affine([[1], [2], [3]], [0, 0, 0]), Maxout(2)])
    with pytest.raises(ShapeError, match=r"'layers\[1\]' \(MaxPool\) uses unit index 5"):
        PWLNetwork(1, [Affine([[1], [2]], [0, 0]), MaxPool([[0, 5]])])
    with pytest.raises(ShapeError, match=r"Argument 'b' must have length 2"):
        Affine([[1], [2]], [0])
    with pytest.raises(ShapeError, match=r"'weights' and 'biases' must have the same length"):
        relu_network([[[1]], [[1]]], [[0]])
    with pytest.raises(ShapeError, match=r"Argument 'x' must have length 2"):
        PWLNetwork(2, [ReLU()]).evaluate([1])
    with pytest.raises(InvalidArgumentError, match=r"Argument 'layers\[0\]' must be an Affine"):
        PWLNetwork(1, ["relu"])
    with pytest.raises(InvalidArgumentError, match=r"Argument 'k' must be an integer >= 1"):
        Maxout(0)
    with pytest.raises(InvalidArgumentError, match=r"Argument 'groups\[0\]' must not repeat"):
        MaxPool([[1, 1]])
    with pytest.raises(InvalidArgumentError, match=r"Argument 'input_dim' must be an integer >= 1"):
        PWLNetwork(0, [])


def test_from_dict_errors_name_the_field():
    good = relu_network([[[1]]], [[0]]).to_dict()
    bad = dict(good, layers=[{"type": "affine", "weights": [["1"]], "bias": [0.5]}, {"type": "relu"}])
    with pytest.raises(FormatError, match=r"layers\[0\]\.bias\[0\].*JSON float"):
        PWLNetwork.from_dict(bad)
    bad = dict(good, layers=[{"type": "sigmoid"}])
    with pytest.raises(FormatError, match=r"layers\[0\]\.type"):
        PWLNetwork.from_dict(bad)
    bad = dict(good, layers=[{"type": "affine", "weights": [["1", "2"]], "bias": ["0"]}])
    with pytest.raises(FormatError, match=r"must take 1 inputs"):
        PWLNetwork.from_dict(bad)


def test_from_numpy_is_explicit_and_exact():
    W0 = np.array([[0.1], [-2.0]])
    W1 = np.array([[1.0, 0.5]])
    net = from_numpy([W0, W1], [np.zeros(2), np.array([0.25])])
    assert net.layers[0].W.to_fractions()[0, 0] == F(0.1)  # the float's exact binary value
    assert net.evaluate([1]) == (F(0.1) + F(1, 4),)
    with pytest.raises(InvalidArgumentError, match=r"Argument 'exact' must be 'float'"):
        from_numpy([W0], [np.zeros(2)], exact="round")
    with pytest.raises(InexactInputError, match=r"Argument 'weights\[0\]' contains NaN"):
        from_numpy([np.array([[np.nan]])], [np.zeros(1)])
    with pytest.raises(InexactInputError, match=r"must be an exact rational"):
        relu_network([W0], [np.zeros(2)])  # floats without from_numpy are refused


def test_from_numpy_refuses_arrays_of_the_wrong_dimension():
    with pytest.raises(ShapeError, match=r"Argument 'weights\[0\]' must be a matrix \(2-D\), not an array of shape "
                                         r"\(2, 2, 2\)"):
        from_numpy([np.zeros((2, 2, 2))], [np.zeros(2)])
    with pytest.raises(ShapeError, match=r"Argument 'biases\[0\]' must be a vector \(1-D\), not an array of shape "
                                         r"\(1, 1\)"):
        from_numpy([np.ones((1, 1))], [np.zeros((1, 1))])
    with pytest.raises(ShapeError, match=r"Argument 'weights\[0\]' must be a matrix"):
        from_numpy([np.array([0.5, 1.0])], [np.zeros(2)])


# ------------------------------------------------------------------ convolutions as PWL layers
def _correlate(K, x, in_shape, stride):
    """Independent oracle: valid cross-correlation written with numpy slicing on object arrays of Fractions."""
    K = np.array(K, dtype=object)
    X = np.array([F(v) for v in x], dtype=object).reshape(in_shape)
    ks = K.shape[2:]
    outs = tuple((n - k) // stride + 1 for n, k in zip(in_shape[1:], ks))
    Y = np.empty((K.shape[0],) + outs, dtype=object)
    for o in range(K.shape[0]):
        for pos in np.ndindex(*outs):
            sl = tuple(slice(p * stride, p * stride + k) for p, k in zip(pos, ks))
            Y[(o,) + pos] = sum((K[o, ci] * X[(ci,) + sl]).sum() for ci in range(K.shape[1]))
    return list(Y.ravel())


@settings(max_examples=15, deadline=None)
@given(st.data())
def test_conv_affine_is_the_convolution(data):
    from exactnet.networks.pwl import conv_affine

    s = data.draw(st.sampled_from([1, 2]))
    c_in, c_out = data.draw(st.integers(1, 2)), data.draw(st.integers(1, 2))
    ks = tuple(data.draw(st.integers(1, 2)) for _ in range(s))
    ns = tuple(k + data.draw(st.integers(0, 2)) for k in ks)
    stride = data.draw(st.integers(1, 2))
    K = np.array([F(data.draw(st.integers(-3, 3)), data.draw(st.integers(1, 2)))
                  for _ in range(c_out * c_in * int(np.prod(ks)))], dtype=object).reshape((c_out, c_in) + ks)
    x = [F(data.draw(st.integers(-4, 4)), 3) for _ in range(c_in * int(np.prod(ns)))]
    A = conv_affine(K.tolist(), (c_in,) + ns, stride=stride, bias=[F(o, 2) for o in range(c_out)])
    got = PWLNetwork(len(x), [A]).evaluate(x)
    want = _correlate(K.tolist(), x, (c_in,) + ns, stride)
    n_pos = len(want) // c_out
    assert list(got) == [w + F(i // n_pos, 2) for i, w in enumerate(want)]


def test_max_pool_layer_groups_and_a_small_conv_net():
    from exactnet.networks.pwl import conv_affine, max_pool_layer
    from exactnet.regions import Box, enumerate_regions

    assert max_pool_layer((1, 2, 4), (2, 2)).groups == ((0, 1, 4, 5), (2, 3, 6, 7))
    assert max_pool_layer((2, 3), 3).groups == ((0, 1, 2), (3, 4, 5))
    # conv (2 channels, width 2) -> ReLU -> max-pool over positions -> linear, on a length-3 signal (3-D input)
    conv = conv_affine([[[1, -1]], [[1, 1]]], (1, 3), bias=[0, F(-1, 2)])
    net = PWLNetwork(3, [conv, ReLU(), max_pool_layer((2, 2), 2), Affine([[1, -1]], [0])])
    x = [F(1), F(-1, 3), F(2)]
    # by hand: channel 0 = (x0 - x1, x1 - x2), channel 1 = (x0 + x1 - 1/2, x1 + x2 - 1/2)
    c0 = max(max(x[0] - x[1], 0), max(x[1] - x[2], 0))
    c1 = max(max(x[0] + x[1] - F(1, 2), 0), max(x[1] + x[2] - F(1, 2), 0))
    assert net.evaluate(x) == (c0 - c1,)
    E = enumerate_regions(net, Box([-1] * 3, [1] * 3))
    assert E.complete and E.method == "lp" and E.activation_regions >= 4
    for r in E.regions:
        assert net.pattern(r.point) == r.pattern


def test_conv_helpers_bad_input():
    from exactnet.networks.pwl import conv_affine, max_pool_layer

    with pytest.raises(InexactInputError, match=r"Argument 'kernel\[0\]\[0\]\[0\]' must be an exact rational"):
        conv_affine([[[0.5]]], (1, 2))
    with pytest.raises(ShapeError, match=r"Argument 'kernel' must have shape \(C_out, C_in, k_1"):
        conv_affine([[1, 2]], (1, 2))
    with pytest.raises(ShapeError, match=r"Argument 'input_shape' must be \(C_in, n_1, \.\.\., n_1\) = \(1, \.\.\.\)"):
        conv_affine([[[1, 2]]], (2, 5))
    with pytest.raises(ShapeError, match=r"Argument 'input_shape' must be at least the kernel size"):
        conv_affine([[[1, 2, 3]]], (1, 2))
    with pytest.raises(ShapeError, match=r"Argument 'bias' must have length 1"):
        conv_affine([[[1]]], (1, 2), bias=[0, 1])
    with pytest.raises(InvalidArgumentError, match=r"Argument 'stride' must be an integer >= 1"):
        conv_affine([[[1]]], (1, 2), stride=0)
    with pytest.raises(ShapeError, match=r"Argument 'window' must fit in the input"):
        max_pool_layer((1, 2), 3)
    with pytest.raises(ShapeError, match=r"Argument 'window' must give one value per spatial axis \(2\)"):
        max_pool_layer((1, 2, 2), (1, 1, 1))
