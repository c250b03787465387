"""Activation-pooling operators and generalized CP / HT decompositions (exactnet.tensors.generalized)."""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exactnet.core.qarray import QArray
from exactnet.errors import InexactInputError, InvalidArgumentError, ResourceLimitError, ShapeError
from exactnet.tensors import CPDecomposition, HTDecomposition, PoolingTree, cp_to_tensor, ht_to_tensor
from exactnet.tensors.generalized import (
    OPERATORS,
    PoolingOperator,
    check_operator_on_values,
    gcp_to_tensor,
    generalized_outer,
    get_operator,
    ght_to_tensor,
)
from exactnet.testing.rectifier import FIXED_TREES, operators
from exactnet.testing.strategies import rationals

F = Fraction
SETTINGS = settings(max_examples=25, deadline=None)

# independent scalar definitions of the operator table
TABLE = {
    "product": lambda a, b: a * b,
    "relu-max": lambda a, b: max(a, b, 0),
    "relu-sum": lambda a, b: max(a, 0) + max(b, 0),
    "linear-max": lambda a, b: max(a, b),
    "linear-sum": lambda a, b: a + b,
    "relu-product": lambda a, b: max(a, 0) * max(b, 0),
}

AVG = PoolingOperator.custom("avg", lambda a, b: (a + b) / 2)
MINUS = PoolingOperator.custom("minus", lambda a, b: a - b)
MIN_CUSTOM = PoolingOperator.custom("min", lambda a, b: min(a, b))


def _nested(g, values):
    """g(v0, g(v1, ... g(v_{k-2}, v_{k-1}))) with the scalar table."""
    acc = values[-1]
    for v in reversed(values[:-1]):
        acc = g(v, acc)
    return acc


# ============================================================================ operators
@pytest.mark.parametrize("name", list(TABLE))
def test_builtin_operator_values(name):
    g = OPERATORS[name]
    vals = [F(-3), F(-1, 2), F(0), F(2, 3), F(5)]
    for a, b in itertools.product(vals, repeat=2):
        assert g(a, b) == TABLE[name](a, b)
    assert g.is_builtin and get_operator(name) is g
    assert PoolingOperator.from_parts(g.activation, g.pooling) == g


@settings(max_examples=30, deadline=None)
@given(operators(), st.lists(rationals(min_value=-5, max_value=5, max_denominator=4), min_size=1, max_size=6))
def test_builtin_operators_pass_the_check(g, values):
    g.check_on(values)  # commutative and associative everywhere


@settings(max_examples=30, deadline=None)
@given(operators(), st.lists(rationals(), min_size=1, max_size=5))
def test_reduce_is_left_fold_and_order_free(g, values):
    left = values[0]
    for v in values[1:]:
        left = TABLE[g.name](left, v)
    assert g.reduce(values) == left
    assert g.reduce(list(reversed(values))) == left


def test_minus_is_refused_with_the_pair():
    with pytest.raises(InvalidArgumentError, match=r"operator 'minus'\) is not commutative .*\(a, b\) = \(0, 1\)"):
        MINUS.check_on([0, 1, 2])


def test_average_is_commutative_but_not_associative_and_refused_with_the_triple():
    AVG.check_on([3])  # one value: trivially fine
    with pytest.raises(InvalidArgumentError,
                       match=r"not associative .*\(a, b, c\) = \(0, 0, 1\), g\(g\(a, b\), c\) = 1/2 but g\(a, g\(b, c\)\) = 1/4"):
        AVG.check_on([0, 1])


def test_custom_operator_min_passes():
    MIN_CUSTOM.check_on([-2, 0, F(1, 3), 7])
    assert not MIN_CUSTOM.is_builtin


def test_custom_operator_returning_a_float_is_refused():
    g = PoolingOperator.custom("half", lambda a, b: float(a + b) / 2)
    with pytest.raises(InexactInputError, match=r"half\(1, 2\)"):
        g(1, 2)


def test_operator_argument_errors():
    with pytest.raises(InvalidArgumentError, match=r"Argument 'g' must be a PoolingOperator .*'max-relu'"):
        get_operator("max-relu")
    with pytest.raises(InvalidArgumentError, match=r"Argument 'pooling' must be one of .*'avg'"):
        PoolingOperator.from_parts("relu", "avg")
    with pytest.raises(InvalidArgumentError, match=r"Argument 'fn' must be callable"):
        PoolingOperator.custom("x", 3)
    with pytest.raises(InexactInputError, match=r"Argument 'a' must be an exact rational"):
        OPERATORS["relu-max"](0.5, 1)
    with pytest.raises(InvalidArgumentError, match=r"Argument 'values' must be a non-empty"):
        OPERATORS["relu-max"].reduce([])
    with pytest.raises(InexactInputError, match=r"values\[1\]"):
        OPERATORS["relu-max"].check_on([1, 2.5])


@SETTINGS
@given(operators(), st.integers(1, 3), st.integers(1, 3), st.data())
def test_combine_broadcasts_like_the_scalar_operator(g, m, n, data):
    el = rationals(max_denominator=3)
    a = data.draw(st.lists(el, min_size=m, max_size=m))
    b = data.draw(st.lists(el, min_size=n, max_size=n))
    c = data.draw(el)
    A = QArray.from_nested([[x] for x in a])  # (m, 1)
    B = QArray.from_nested([b])  # (1, n)
    C = QArray.from_nested(c)
    out = g.combine([A, B, C])
    assert out.shape == (m, n)
    for i, j in itertools.product(range(m), range(n)):
        assert out[i, j] == _nested(TABLE[g.name], [a[i], b[j], c])


def test_combine_errors():
    g = OPERATORS["linear-sum"]
    with pytest.raises(ShapeError, match=r"broadcastable arrays, not shapes \[\(2,\), \(3,\)\]"):
        g.combine([QArray.from_nested([1, 2]), QArray.from_nested([1, 2, 3])])
    with pytest.raises(InexactInputError, match=r"arrays\[1\]\[0\]"):
        g.combine([QArray.from_nested([1]), [0.5]])
    with pytest.raises(InvalidArgumentError, match=r"non-empty sequence"):
        g.combine([])


def test_combine_is_exact_beyond_int64():
    big = 2**70 + 1
    A = QArray.from_nested([big, -big])
    B = QArray.from_nested([F(1, 3), big])
    assert OPERATORS["product"].combine([A, B]).tolist() == [F(big, 3), -big * big]
    assert OPERATORS["relu-sum"].combine([A, B]).tolist() == [big + F(1, 3), F(big)]
    assert OPERATORS["linear-max"].combine([A, B]).tolist() == [F(big), F(big)]


def test_check_operator_on_values_samples_and_skips_builtins():
    many = QArray.from_nested(list(range(40)))
    check_operator_on_values("relu-max", [many])  # built-in: nothing to check
    check_operator_on_values(MIN_CUSTOM, [many])  # 40 values, sampled to 10
    with pytest.raises(InvalidArgumentError, match="not associative"):
        check_operator_on_values(AVG, [many])


# ============================================================================ generalized products
@SETTINGS
@given(operators(), st.lists(st.integers(1, 3), min_size=1, max_size=4), st.data())
def test_generalized_outer_matches_nested_scalar_definition(g, sizes, data):
    vecs = [data.draw(st.lists(rationals(max_denominator=2), min_size=s, max_size=s)) for s in sizes]
    out = generalized_outer([QArray.from_nested(v) for v in vecs], g)
    assert out.shape == tuple(sizes)
    for d in itertools.product(*(range(s) for s in sizes)):
        assert out[d] == _nested(TABLE[g.name], [v[i] for v, i in zip(vecs, d)])


def test_generalized_outer_of_matrices_concatenates_shapes():
    A = QArray.from_nested([[1, -1], [2, 0]])
    v = QArray.from_nested([3, -4, 5])
    out = generalized_outer([A, v], "relu-max")
    assert out.shape == (2, 2, 3)
    assert out[0, 1, 1] == 0 and out[1, 0, 0] == 3 and out[1, 0, 2] == 5


def test_generalized_outer_refuses_non_associative_and_huge():
    with pytest.raises(InvalidArgumentError, match=r"operator 'avg'\) is not associative"):
        generalized_outer([QArray.from_nested([0, 1]), QArray.from_nested([2])], AVG)
    with pytest.raises(ResourceLimitError, match="generalized outer product"):
        generalized_outer([QArray.from_nested([1] * 10)] * 40, "relu-max")
    with pytest.raises(InvalidArgumentError, match="non-empty sequence"):
        generalized_outer([], "relu-max")


def _cp_strategy(max_N=4, max_M=3, max_Z=3):
    @st.composite
    def build(draw):
        N = draw(st.integers(1, max_N))
        Z = draw(st.integers(1, max_Z))
        Y = draw(st.integers(1, 2))
        sizes = [draw(st.integers(1, max_M)) for _ in range(N)]
        el = rationals(min_value=-3, max_value=3, max_denominator=3)
        factors = [[[draw(el) for _ in range(s)] for _ in range(Z)] for s in sizes]
        weights = [[draw(el) for _ in range(Z)] for _ in range(Y)]
        return CPDecomposition(factors, weights)

    return build()


@SETTINGS
@given(_cp_strategy())
def test_gcp_with_product_is_cp(cp):
    assert gcp_to_tensor(cp, "product") == cp_to_tensor(cp)
    assert gcp_to_tensor(cp, OPERATORS["product"], output=0) == cp_to_tensor(cp, output=0)


@SETTINGS
@given(_cp_strategy(max_N=3), operators())
def test_gcp_matches_scalar_oracle(cp, g):
    A = gcp_to_tensor(cp, g)
    fa = [f.tolist() for f in cp.factors]
    W = cp.weights.tolist()
    for y in range(cp.num_outputs):
        for d in itertools.product(*(range(s) for s in cp.mode_sizes)):
            want = sum((W[y][z] * _nested(TABLE[g.name], [fa[i][z][d[i]] for i in range(cp.num_modes)])
                        for z in range(cp.num_terms)), F(0))
            assert A[(y,) + d] == want


@st.composite
def _ht_strategy(draw, trees=None):
    tree = draw(trees if trees is not None else st.sampled_from([PoolingTree.from_nested(t) for t in FIXED_TREES]))
    el = rationals(min_value=-3, max_value=3, max_denominator=2)
    H = tree.height
    widths = [draw(st.integers(1, 2)) for _ in range(H)]
    sizes = [draw(st.integers(1, 2)) for _ in range(tree.num_modes)]

    def mat(r, c):
        return [[draw(el) for _ in range(c)] for _ in range(r)]

    leaf = [mat(widths[tree.leaf_level(i)], sizes[i]) for i in range(tree.num_modes)]
    nodes = [mat(widths[tree.node_level(v)], widths[tree.node_level(v) - 1]) for v in tree.internal_nodes()]
    out = mat(draw(st.integers(1, 2)), widths[H - 1])
    return HTDecomposition(tree, leaf, nodes, out)


@SETTINGS
@given(_ht_strategy())
def test_ght_with_product_is_ht(ht):
    assert ght_to_tensor(ht, "product") == ht_to_tensor(ht)


def _ht_oracle(ht, gname, d):
    """Entry d of every output by the recursive scalar definition (no arrays)."""
    g = TABLE[gname]
    tree = ht.tree

    def phi(node):
        if tree.is_leaf(node):
            return [row[d[node]] for row in ht.leaf_factors[node].tolist()]
        kids = [phi(c) for c in tree.children(node)]
        pooled = [_nested(g, [k[a] for k in kids]) for a in range(len(kids[0]))]
        W = ht.weights_of(node).tolist()
        return [sum((w * p for w, p in zip(row, pooled)), F(0)) for row in W]

    return phi(tree.root)


@SETTINGS
@given(_ht_strategy(), operators())
def test_ght_matches_scalar_oracle_on_any_tree(ht, g):
    A = ght_to_tensor(ht, g)
    for d in itertools.product(*(range(s) for s in ht.mode_sizes)):
        want = _ht_oracle(ht, g.name, d)
        assert [A[(y,) + d] for y in range(ht.num_outputs)] == want


def test_ght_output_selection_and_leaf_order():
    ht = HTDecomposition([[2, 0], 1], [[[1, -1]], [[2, 0]], [[-1, 3]]], [[[1]]], [[1], [-2]])
    full = ght_to_tensor(ht, "relu-max")
    one = ght_to_tensor(ht, "relu-max", output=1)
    assert one == QArray(full.num[1], full.den)
    # mode order is 0..N-1 whatever the leaf order: entry (d0, d1, d2) = max(v0[d0], v1[d1], v2[d2], 0)
    assert full[0, 1, 0, 1] == max(-1, 2, 3, 0)
    with pytest.raises(InvalidArgumentError, match=r"Argument 'output' must be an int output index in 0..1"):
        ght_to_tensor(ht, "relu-max", output=2)


def test_gcp_ght_refuse_custom_non_associative_and_bad_arguments():
    cp = CPDecomposition([[[0, 1]], [[1, 2]]], [[1]])
    with pytest.raises(InvalidArgumentError, match=r"operator 'avg'\) is not associative .*\(a, b, c\)"):
        gcp_to_tensor(cp, AVG)
    ht = HTDecomposition([0, 1], [[[0, 1]], [[1, 2]]], [], [[1]])
    with pytest.raises(InvalidArgumentError, match=r"operator 'minus'\) is not commutative"):
        ght_to_tensor(ht, MINUS)
    with pytest.raises(InvalidArgumentError, match=r"Argument 'cp' must be a CPDecomposition"):
        gcp_to_tensor(ht, "relu-max")
    with pytest.raises(InvalidArgumentError, match=r"Argument 'ht' must be an HTDecomposition"):
        ght_to_tensor(cp, "relu-max")
    # a custom commutative, associative operator works and matches the scalar oracle
    A = gcp_to_tensor(cp, MIN_CUSTOM, output=0)
    assert A.tolist() == [[0, 0], [1, 1]]


def test_generalized_decompositions_exact_beyond_int64():
    big = 2**66
    cp = CPDecomposition([[[big, -big]], [[big, 3]]], [[big]])
    A = gcp_to_tensor(cp, "relu-sum", output=0)
    assert A.tolist() == [[big * 2 * big, big * (big + 3)], [big * big, big * 3]]
    assert gcp_to_tensor(cp, "product") == cp_to_tensor(cp)


def test_shallow_relu_sum_is_additively_separable():
    """/ row 18: a relu-sum shallow grid tensor is sum_i u_i[d_i] (every matricization rank <= 2)."""
    from exactnet.core.linalg import rank
    from exactnet.tensors import matricize

    rng = np.random.default_rng(5)
    cp = CPDecomposition([rng.integers(-3, 4, size=(5, 3)) for _ in range(4)], rng.integers(-3, 4, size=(1, 5)))
    A = gcp_to_tensor(cp, "relu-sum", output=0)
    for rows in ([0], [0, 1], [0, 2], [1, 3]):
        assert rank(matricize(A, rows)).rank <= 2
