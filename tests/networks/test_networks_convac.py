"""ConvACs: witness, size accounting (§1.6), shapes, evaluation, errors."""

from __future__ import annotations

import itertools
from fractions import Fraction

import flint
import numpy as np
import pytest
import sympy

from exactnet.core.qarray import QArray
from exactnet.errors import DomainError, InexactInputError, InvalidArgumentError, ShapeError
from exactnet.networks import DeepConvAC, Representation, ShallowConvAC, bentkamp_witness
from exactnet.tensors import HTDecomposition, PoolingTree, matricize


def _rank(X: QArray) -> int:
    return flint.fmpq_mat([[flint.fmpq(x.numerator, x.denominator) for x in row] for row in X.tolist()]).rank()


# ------------------------------------------------------------------------------------------ witness
def test_theory_6_4_bentkamp_witness_tensor_and_rank():
    """N=4, M=3, r_0=2: A*_d = [d0 = d1 <= 1][d2 = d3 <= 1] (0-based), rank of the odd-even matricization 4."""
    for r1 in (1, 2, 3):
        net = bentkamp_witness(4, 3, (2, r1))
        assert net.shared
        A = net.coefficient_tensor(output=0)
        for d in itertools.product(range(3), repeat=4):
            assert A[d] == int(d[0] == d[1] <= 1 and d[2] == d[3] <= 1), d
        assert _rank(matricize(A, [0, 2], [1, 3])) == 4
        # identity F: the grid tensor is the coefficient tensor; both routes agree
        assert net.grid_tensor(method="evaluation", output=0) == A == net.grid_tensor(output=0)


def test_bentkamp_witness_weights_and_deeper_tensor():
    net = bentkamp_witness(8, 2, (3, 2, 2), Y=2)
    assert net.leaf_weights[0].tolist_str() == [["1", "0"], ["0", "1"], ["0", "0"]]  # e_gamma, then 0
    assert net.node_weights[0].tolist_str() == [["1", "1", "1"], ["1", "1", "1"]]  # all ones at level 1
    assert net.node_weights[-1].tolist_str() == [["1", "0"], ["1", "0"]]  # copy-first above
    assert net.output_weights.tolist_str() == [["1", "0"], ["1", "0"]]
    A = net.coefficient_tensor()
    for d in itertools.product(range(2), repeat=8):
        expect = int(all(d[2 * k] == d[2 * k + 1] for k in range(4)))
        assert A[(0,) + d] == A[(1,) + d] == expect
    assert _rank(matricize(A.take([0], 0).reshape((2,) * 8), [0, 2, 4, 6], [1, 3, 5, 7])) == 16


def test_bentkamp_witness_height_one_uses_all_ones_output():
    net = bentkamp_witness(PoolingTree.from_windows(2, 2), 3, (2,), Y=2)
    assert net.output_weights.tolist_str() == [["1", "1"], ["1", "1"]]
    A = net.coefficient_tensor(output=1)
    assert [[A[i, j] for j in range(3)] for i in range(3)] == [[1, 0, 0], [0, 1, 0], [0, 0, 0]]


def test_bentkamp_witness_errors():
    with pytest.raises(ShapeError, match=r"'widths' must have length 2 \(one width per level 0..height-1\), not 3"):
        bentkamp_witness(4, 3, (2, 2, 2))
    with pytest.raises(InvalidArgumentError, match=r"'widths\[0\]' must be an integer >= 1, not 0"):
        bentkamp_witness(4, 3, (0, 2))
    with pytest.raises(InvalidArgumentError, match=r"'tree' must be an integer >= 2, not 1"):
        bentkamp_witness(1, 3, (1,))
    # unbalanced tree with different widths at its leaf levels cannot share one leaf matrix
    with pytest.raises(ShapeError, match=r"'leaf_weights' must be one matrix shared by every leaf, so every leaf level "
                                         r"must have the same width, not leaves at levels \[0, 1\] with r_0 = 2, r_1 = 3"):
        bentkamp_witness(PoolingTree.from_nested([[0, 1], 2]), 2, (2, 3))


# ------------------------------------------------------------------------------------------ size accounting
def test_theory_1_6_num_weights():
    tree = PoolingTree.binary(8)
    assert DeepConvAC.random(tree, 2, 2, shared=True).num_weights == 14  # 2*2 + 2*2*2 + 2
    # unshared: N M r_0 + sum_l (N / 2^l) r_{l-1} r_l + r_{L-1}
    assert DeepConvAC.random(tree, 2, 2).num_weights == 8 * 2 * 2 + 4 * 4 + 2 * 4 + 2
    net = DeepConvAC.random(tree, 3, (2, 3, 4), Y=2)
    assert net.num_weights == 8 * 3 * 2 + 4 * 2 * 3 + 2 * 3 * 4 + 2 * 4
    assert ShallowConvAC.random(8, 2, 16).num_weights == 8 * 2 * 16 + 16 == 272
    assert ShallowConvAC.random(8, 2, 16, shared=True).num_weights == 2 * 16 + 16


def test_widths_and_levels_unbalanced_tree():
    tree = PoolingTree.from_nested([[0, 1], 2])  # leaf 2 is at level 1
    net = DeepConvAC.random(tree, 2, (3, 2), Y=2)
    assert net.widths == (3, 2)
    assert net.leaf_weights[0].shape == (3, 2) and net.leaf_weights[2].shape == (2, 2)
    assert net.node_weights[0].shape == (2, 3) and net.output_weights.shape == (2, 2)
    assert isinstance(net.decomposition(), HTDecomposition)


def test_random_is_reproducible_and_in_range():
    a = DeepConvAC.from_windows(4, 3, (2, 2), seed=7, low=-1, high=2)
    assert a == DeepConvAC.from_windows(4, 3, (2, 2), seed=7, low=-1, high=2)
    assert a != DeepConvAC.from_windows(4, 3, (2, 2), seed=8, low=-1, high=2)
    for W in a.leaf_weights + a.node_weights + (a.output_weights,):
        assert W.den == 1 and W.num.min() >= -1 and W.num.max() <= 2
    s = DeepConvAC.random(PoolingTree.binary(4), 3, 2, shared=True, seed=1)
    assert all(W == s.leaf_weights[0] for W in s.leaf_weights)
    assert s.node_weights[0] == s.node_weights[1]
    assert DeepConvAC.random(4, 2, 2).tree == PoolingTree.binary(4)
    assert DeepConvAC.random([[0, 2], [1, 3]], 2, 2).tree.structure == ((0, 2), (1, 3))


def test_from_windows_quad_tree():
    net = DeepConvAC.from_windows(16, 2, (2, 2), window=4, shared=True)
    assert net.tree.height == 2 and len(net.node_weights) == 4
    assert net.num_weights == 2 * 2 + 2 * 2 + 2


# ------------------------------------------------------------------------------------------ evaluation
def test_grid_tensor_with_monomials_is_coefficient_tensor_times_F():
    rep = Representation.monomials([0, 1, 2], 3)
    net = DeepConvAC.random(PoolingTree.binary(4), 3, (2, 2), Y=2, seed=3, representation=rep)
    A = net.coefficient_tensor(output=1)
    G = net.grid_tensor(method="evaluation", output=1)
    F = rep.matrix
    for t in itertools.product(range(3), repeat=4):
        expect = sum((A[d] * F[t[0], d[0]] * F[t[1], d[1]] * F[t[2], d[2]] * F[t[3], d[3]]
                      for d in itertools.product(range(3), repeat=4)), Fraction(0))
        assert G[t] == expect
    # the score function is a polynomial: h(x) = sum_d A[d] prod_i x_i^{d_i}
    x = sympy.symbols("x_0:4")
    h = sympy.expand(net.score_function()[1])
    for d in itertools.product(range(3), repeat=4):
        c = sympy.Poly(h, *x).coeff_monomial(sympy.Mul(*[xi**di for xi, di in zip(x, d)]))
        assert Fraction(int(c.p), int(c.q)) == A[d]


def test_evaluate_big_numbers_are_exact():
    # weights large enough that the grid tensor needs Python ints (int64 overflow)
    big = 2**40
    tree = PoolingTree.binary(4)
    rep = Representation.identity(2)
    net = DeepConvAC.from_weights(tree, rep, [[big, 1], [1, big]], [[[big, "1/3"]]], [[big]], shared=True)
    G1 = net.grid_tensor(method="evaluation")
    G2 = net.grid_tensor(method="decomposition")
    assert G1 == G2
    leaf0 = [big, 1]  # channel values at template 0 (e_0)
    node = big * leaf0[0] ** 2 + Fraction(1, 3) * leaf0[1] ** 2
    assert G1[0, 0, 0, 0, 0] == big * node**2
    assert net.evaluate_templates([0, 0, 0, 0]) == (G1[0, 0, 0, 0, 0],)


def test_score_function_custom_symbols():
    net = bentkamp_witness(2, 1, (1,))
    a, b = sympy.symbols("a b")
    assert net.score_function([a, b]) == [a * b]
    sh = ShallowConvAC.from_weights(2, Representation.monomials([0, 1], 2), [[1, "1/2"]], [[2]], shared=True)
    assert sympy.expand(sh.score_function([a, b])[0]) == sympy.expand(2 * (1 + a / 2) * (1 + b / 2))


def test_shallow_basics():
    net = ShallowConvAC.random(3, 2, 4, Y=2, seed=5)
    assert (net.N, net.M, net.Z, net.Y, net.widths) == (3, 2, 4, 2, (4,))
    assert net.coefficient_tensor().shape == (2, 2, 2, 2)
    assert net.coefficient_tensor(output=1) == net.grid_tensor(method="evaluation", output=1)
    shared = ShallowConvAC.random(3, 2, 2, shared=True)
    A = shared.coefficient_tensor(output=0)
    for d in itertools.product(range(2), repeat=3):  # shared shallow = symmetric tensor
        for p in itertools.permutations(range(3)):
            assert A[d] == A[tuple(d[k] for k in p)]


# ------------------------------------------------------------------------------------------ errors
REP3 = Representation.identity(3)
EYE = [[1, 0, 0], [0, 1, 0]]


@pytest.mark.parametrize("kwargs, exc, pattern", [
    (dict(node_weights=[[[1, 1]], [[1, 1], [1, 1]]]), ShapeError,
     r"^Argument 'node_weights\[1\]' must have shape \(1, 2\), not \(2, 2\) \(a node at level 1 maps r_0 = 2 channels to r_1 = 1\)$"),
    (dict(node_weights=[[[1, 1]], [[1, 1, 1]]]), ShapeError,
     r"'node_weights\[1\]' must have shape \(1, 2\), not \(1, 3\)"),
    (dict(leaf_weights=[EYE] * 3 + [[[1, 0], [0, 1]]]), ShapeError,
     r"'leaf_weights\[3\]' must have shape \(2, 3\), not \(2, 2\) \(leaf 3 is at level 0: r_0 = 2 channels read M = 3"),
    (dict(leaf_weights=[EYE] * 3), ShapeError, r"'leaf_weights' must hold 4 matrices \(one \(r x M\) matrix per input\), not 3"),
    (dict(leaf_weights=EYE), ShapeError, r"'leaf_weights' must hold 4 matrices"),
    (dict(leaf_weights="eye"), InvalidArgumentError, r"'leaf_weights' must be a list of 4 matrices .* not 'eye'"),
    (dict(node_weights=[[[1, 1]]]), ShapeError, r"'node_weights' must hold 2 matrices \(one matrix per internal node"),
    (dict(output_weights=[[1, 1]]), ShapeError,
     r"'output_weights' must have shape \(1, 1\), not \(1, 2\) \(the root reads r_1 = 1 channels and has Y outputs\)"),
    (dict(output_weights=[1]), ShapeError, r"'output_weights' must be a matrix \(2-D\), not an array of shape \(1,\)"),
    (dict(output_weights=[[]]), ShapeError, r"'output_weights' must have at least one row and one column, not shape \(1, 0\)"),
    (dict(leaf_weights=[EYE, EYE, [[1, 0, 0], [0, 1.0, 0]], EYE]), InexactInputError,
     r"'leaf_weights\[2\]\[1\]\[1\]' must be an exact rational, not 1.0"),
    (dict(output_weights=[["1/2"], [0.5]]), InexactInputError, r"'output_weights\[1\]\[0\]' must be an exact rational, not 0.5"),
    (dict(output_weights="1"), InexactInputError, r"'output_weights' must be an exact matrix"),
    (dict(representation="identity"), InvalidArgumentError, r"'representation' must be an exactnet.networks.Representation"),
    (dict(shared=1), InvalidArgumentError, r"'shared' must be a bool, not 1"),
    (dict(tree=True), InvalidArgumentError, r"'tree' must be a PoolingTree, a nested tuple or an int N, not True"),
    (dict(tree="binary"), InvalidArgumentError, r"'tree' must be a PoolingTree, a nested tuple of modes or an int N"),
])
def test_from_weights_errors(kwargs, exc, pattern):
    args = dict(tree=PoolingTree.binary(4), representation=REP3, leaf_weights=[EYE] * 4,
                node_weights=[[[1, 1]], [[1, 1]]], output_weights=[[1]], shared=False)
    DeepConvAC.from_weights(**args)  # the base case is valid
    args.update(kwargs)
    with pytest.raises(exc, match=pattern):
        DeepConvAC.from_weights(**args)


def test_from_weights_shared_forms_and_errors():
    tree = PoolingTree.binary(8)
    a = DeepConvAC.from_weights(tree, REP3, EYE, [[[1, 1]], [[2]]], [[3]], shared=True)
    b = DeepConvAC.from_weights(tree, REP3, [EYE], [[[1, 1]], [[2]]], [[3]], shared=True)
    assert a == b and len(a.node_weights) == 6 and a.node_weights[5].tolist_str() == [["2"]]
    with pytest.raises(InvalidArgumentError, match=r"'leaf_weights' must be one shared matrix \(or a list holding one matrix\) when shared=True"):
        DeepConvAC.from_weights(tree, REP3, [EYE, EYE], [[[1, 1]], [[2]]], [[3]], shared=True)
    with pytest.raises(ShapeError, match=r"'node_weights' must hold 2 matrices \(one shared matrix per level 1..height-1\), not 6"):
        DeepConvAC.from_weights(tree, REP3, EYE, [[[1, 1]]] * 6, [[3]], shared=True)
    with pytest.raises(ShapeError, match=r"'node_weights\[1\]' must have shape \(1, 1\), not \(1, 2\) \(the level-2 matrix maps r_1 = 1"):
        DeepConvAC.from_weights(tree, REP3, EYE, [[[1, 1]], [[2, 2]]], [[3]], shared=True)
    with pytest.raises(ShapeError, match=r"'leaf_weights' must have shape \(2, 3\), not \(2, 2\) \(r_0 = 2 channels read M = 3"):
        DeepConvAC.from_weights(tree, REP3, [[1, 0], [0, 1]], [[[1, 1]], [[2]]], [[3]], shared=True)


def test_direct_constructor_errors():
    good = DeepConvAC.random(PoolingTree.binary(4), 2, 2, seed=1)
    t, r, L, Nw, O = good.tree, good.representation, good.leaf_weights, good.node_weights, good.output_weights
    with pytest.raises(InvalidArgumentError, match=r"'tree' must be a PoolingTree, not \(\(0, 1\), \(2, 3\)\)"):
        DeepConvAC(t.structure, r, L, Nw, O)
    with pytest.raises(InvalidArgumentError, match=r"'leaf_weights' must be a tuple of QArray matrices"):
        DeepConvAC(t, r, list(L), Nw, O)
    with pytest.raises(InvalidArgumentError, match=r"'output_weights' must be a tuple of QArray matrices"):
        DeepConvAC(t, r, L, Nw, [[1, 1]])
    with pytest.raises(ShapeError, match=r"must hold 4 and 2 matrices \(expanded form.*not 1 and 2"):
        DeepConvAC(t, r, L[:1], Nw, O, shared=True)
    with pytest.raises(InvalidArgumentError, match=r"'leaf_weights' must hold N equal matrices when shared=True"):
        DeepConvAC(t, r, L, Nw, O, shared=True)
    with pytest.raises(InvalidArgumentError, match=r"'node_weights' must hold equal matrices at each level when shared=True; "
                                                   r"node_weights\[1\] \(level 1\) differs"):
        DeepConvAC(t, r, (L[0],) * 4, Nw, O, shared=True)
    with pytest.raises(InvalidArgumentError, match=r"'shared' must be a bool, not 'yes'"):
        DeepConvAC(t, r, L, Nw, O, shared="yes")
    with pytest.raises(ShapeError, match=r"'leaf_weights\[1\]' must have shape \(2, 2\), not \(1, 2\)"):
        DeepConvAC(t, r, (L[0], L[1].take([0], 0)) + L[2:], Nw, O)


def test_random_errors():
    tree = PoolingTree.binary(4)
    with pytest.raises(InvalidArgumentError, match=r"'widths\[1\]' must be an integer >= 1, not 0"):
        DeepConvAC.random(tree, 2, (2, 0))
    with pytest.raises(InvalidArgumentError, match=r"'widths\[0\]' must be an integer >= 1, not -1"):
        DeepConvAC.random(tree, 2, -1)
    with pytest.raises(ShapeError, match=r"'widths' must have length 2 \(one width per level 0..height-1\), not 1 \(widths=\[2\]\)"):
        DeepConvAC.random(tree, 2, [2])
    with pytest.raises(InvalidArgumentError, match=r"'widths' must be an int or a sequence of ints >= 1, not True"):
        DeepConvAC.random(tree, 2, True)
    with pytest.raises(InvalidArgumentError, match=r"'widths' must be an int or a sequence of ints >= 1, not '22'"):
        DeepConvAC.random(tree, 2, "22")
    with pytest.raises(InvalidArgumentError, match=r"'widths\[0\]' must be an integer >= 1, not True"):
        DeepConvAC.random(tree, 2, (True, 2))
    with pytest.raises(InvalidArgumentError, match=r"'M' must be an integer >= 1, not 0"):
        DeepConvAC.random(tree, 0, 2)
    with pytest.raises(InvalidArgumentError, match=r"'Y' must be an integer >= 1, not 0"):
        DeepConvAC.random(tree, 2, 2, Y=0)
    with pytest.raises(InvalidArgumentError, match=r"'low' must be <= high = -2, not 3"):
        DeepConvAC.random(tree, 2, 2, low=3, high=-2)
    with pytest.raises(InexactInputError, match=r"'high' must be an exact rational, not 2.5"):
        DeepConvAC.random(tree, 2, 2, high=2.5)
    with pytest.raises(ShapeError, match=r"'representation' must have M = 2 functions, not 3"):
        DeepConvAC.random(tree, 2, 2, representation=REP3)
    with pytest.raises(InvalidArgumentError, match=r"'Z' must be an integer >= 1, not 0"):
        ShallowConvAC.random(3, 2, 0)
    with pytest.raises(ShapeError, match=r"'leaf_weights' must be one matrix shared by every leaf"):
        DeepConvAC.random(PoolingTree.from_nested([0, [1, 2]]), 2, (1, 2), shared=True)


def test_shallow_errors():
    rep = Representation.identity(2)
    with pytest.raises(ShapeError, match=r"^Argument 'weights\[1\]' must have shape \(1, 2\), not \(1, 3\) \(Z = 1 hidden channels, M = 2"):
        ShallowConvAC.from_weights(2, rep, [[[1, 0]], [[1, 0, 0]]], [[1]])
    with pytest.raises(ShapeError, match=r"'output_weights' must have shape \(1, 1\), not \(1, 2\) \(Y outputs, Z = 1"):
        ShallowConvAC.from_weights(2, rep, [[[1, 0]], [[1, 0]]], [[1, 2]])
    with pytest.raises(ShapeError, match=r"'weights' must hold 2 matrices \(one \(Z x M\) matrix per input\), not 1"):
        ShallowConvAC.from_weights(2, rep, [[[1, 0]]], [[1]])
    with pytest.raises(InexactInputError, match=r"'weights\[0\]\[0\]\[1\]' must be an exact rational, not 0.5"):
        ShallowConvAC.from_weights(2, rep, [[[1, 0.5]], [[1, 0]]], [[1]])
    with pytest.raises(InexactInputError, match=r"'weights\[1\]\[1\]' must be an exact rational, not 0.5"):
        ShallowConvAC.from_weights(2, rep, [[1, 0], [0, 0.5]], [[1, 1]], shared=True)
    with pytest.raises(InvalidArgumentError, match=r"'shared' must be a bool, not None"):
        ShallowConvAC.from_weights(2, rep, [[1, 0]], [[1]], shared=None)
    with pytest.raises(InvalidArgumentError, match=r"'N' must be an integer >= 1, not 0"):
        ShallowConvAC.from_weights(0, rep, [[1, 0]], [[1]])
    W = QArray.from_nested([[1, 0]])
    with pytest.raises(ShapeError, match=r"'weights' must be a tuple of 2 matrices"):
        ShallowConvAC(2, rep, (W,), QArray.from_nested([[1]]))
    with pytest.raises(InvalidArgumentError, match=r"'weights' and 'output_weights' must be QArray matrices"):
        ShallowConvAC(2, rep, (W, W), [[1]])
    with pytest.raises(InvalidArgumentError, match=r"'weights' must hold N equal matrices when shared=True"):
        ShallowConvAC(2, rep, (W, QArray.from_nested([[0, 1]])), QArray.from_nested([[1]]), shared=True)
    with pytest.raises(InvalidArgumentError, match=r"'shared' must be a bool, not 0"):
        ShallowConvAC(2, rep, (W, W), QArray.from_nested([[1]]), shared=0)
    with pytest.raises(InvalidArgumentError, match=r"'num_inputs' must be an integer >= 1, not 0"):
        ShallowConvAC(0, rep, (), QArray.from_nested([[1]]))


@pytest.mark.parametrize("make", [
    lambda: DeepConvAC.random(PoolingTree.binary(2), 2, 1, Y=2),
    lambda: ShallowConvAC.random(2, 2, 1, Y=2),
])
def test_evaluation_errors(make):
    net = make()
    with pytest.raises(InvalidArgumentError, match=r"'method' must be one of \('decomposition', 'evaluation'\), not 'dense'"):
        net.grid_tensor(method="dense")
    with pytest.raises(InvalidArgumentError, match=r"'output' must be None or an output index in 0..1 \(0-based\), not 2"):
        net.grid_tensor(output=2)
    with pytest.raises(InvalidArgumentError, match=r"'output' must be None or an output index in 0..1 \(0-based\), not True"):
        net.coefficient_tensor(output=True)
    with pytest.raises(ShapeError, match=r"'patches' must hold 2 patches \(one per input\), not 1"):
        net.evaluate([[1, 2]])
    with pytest.raises(InvalidArgumentError, match=r"'patches' must be a sequence of 2 patches, not 3"):
        net.evaluate(3)
    with pytest.raises(InexactInputError, match=r"'patches\[1\]\[0\]' must be an exact rational, not 0.5"):
        net.evaluate([[1, 2], [0.5, 1]])
    with pytest.raises(ShapeError, match=r"'patches\[0\]' must be a patch of dimension 2, not a sequence of length 3"):
        net.evaluate([[1, 2, 3], [0, 1]])
    with pytest.raises(InvalidArgumentError, match=r"'indices\[1\]' must be a template index in 0..1 \(0-based\), not 2"):
        net.evaluate_templates([0, 2])
    with pytest.raises(InvalidArgumentError, match=r"'indices\[0\]' must be a template index in 0..1 \(0-based\), not False"):
        net.evaluate_templates([False, 0])
    with pytest.raises(ShapeError, match=r"'indices' must hold 2 template indices \(one per input\), not 3"):
        net.evaluate_templates([0, 0, 0])
    with pytest.raises(InvalidArgumentError, match=r"'indices' must be a sequence of 2 template indices, not '00'"):
        net.evaluate_templates("00")
    with pytest.raises(ShapeError, match=r"'symbols' must hold 2 entries \(one per input\), not 1"):
        net.score_function([sympy.Symbol("a")])
    with pytest.raises(InvalidArgumentError, match=r"'symbols' must be a sequence of 2 SymPy symbols"):
        net.score_function("ab")
    assert net.evaluate_templates([np.int64(1), 0]) == net.evaluate([[0, 1], [1, 0]])


def test_matrix_representation_network():
    rep = Representation.from_matrix([[1, 2], [0, 1], [3, -1]])
    net = DeepConvAC.random(PoolingTree.binary(2), 2, 2, representation=rep, seed=4)
    G = net.grid_tensor(method="evaluation")
    assert G.shape == (1, 3, 3) and G == net.grid_tensor()
    assert net.evaluate_templates([2, 1]) == (G[0, 2, 1],)
    with pytest.raises(DomainError, match=r"'matrix' representation defines f_d only at its templates"):
        net.evaluate([[1, 0], [0, 1]])
    with pytest.raises(DomainError, match=r"'matrix' representation has no formula"):
        net.score_function()
