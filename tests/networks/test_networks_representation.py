"""Representation layers: matrices, features, ReLU templates, JSON, errors."""

from __future__ import annotations

from fractions import Fraction

import flint
import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from exactnet.core.qarray import QArray
from exactnet.errors import DomainError, FormatError, InexactInputError, InvalidArgumentError, ShapeError
from exactnet.networks import Representation
from exactnet.networks.representation import _relu_templates_representation as relu_templates_representation


def fr(s):
    return Fraction(s)


# ------------------------------------------------------------------------------------------ kinds
def test_identity():
    rep = Representation.identity(3)
    assert rep.matrix == QArray.identity(3)
    assert (rep.M, rep.num_templates, rep.patch_dim, rep.kind) == (3, 3, 3, "identity")
    assert rep.features([1, "2/3", -4]) == (1, fr("2/3"), -4)
    assert rep.template_patch(2) == (0, 0, 1)
    x = sympy.symbols("a b c")
    assert rep.sympy_features(list(x)) == list(x)


def test_identity_of_size_one_uses_scalar_patches():
    rep = Representation.identity(1)
    assert rep.patch_dim == 1 and rep.template_patch(0) == 1
    assert rep.features("5/2") == (fr("5/2"),) == rep.features(["5/2"])


def test_matrix_kind():
    rep = Representation.from_matrix([[1, "1/2"], [0, 3], [2, 2]])
    assert (rep.M, rep.num_templates, rep.patch_dim) == (2, 3, None)
    assert rep.matrix[0, 1] == fr("1/2")
    with pytest.raises(DomainError, match=r"'matrix' representation defines f_d only at its templates.*evaluate_templates"):
        rep.features([1, 2])
    with pytest.raises(DomainError, match=r"'matrix' representation has no patches"):
        rep.template_patch(0)
    with pytest.raises(DomainError, match=r"'matrix' representation has no formula"):
        rep.sympy_features([sympy.Symbol("x")])


def test_monomials_vandermonde():
    rep = Representation.monomials(["-1", "1/2", 0], 4)
    assert rep.matrix.shape == (3, 4)
    for t, x in enumerate([fr(-1), fr("1/2"), fr(0)]):
        assert tuple(rep.matrix[t].tolist()) == tuple(x**d for d in range(4))
        assert rep.features(x) == tuple(x**d for d in range(4))
        assert rep.template_patch(t) == x
    assert rep.features(0) == (1, 0, 0, 0)  # 0**0 == 1
    x = sympy.Symbol("x")
    assert rep.sympy_features(x) == [1, x, x**2, x**3]
    assert rep.sympy_features([x]) == [1, x, x**2, x**3]


def test_relu_kind_matches_definition():
    W = [[1, -1], ["1/2", 2]]
    b = ["-1/3", 1]
    X = [[0, 0], [1, 2], [-3, "1/2"]]
    rep = Representation.relu(W, b, X)
    assert rep.patch_dim == 2 and rep.M == 2 and rep.num_templates == 3
    for t, x in enumerate(X):
        xq = [Fraction(v) for v in x]
        expect = tuple(max(sum(Fraction(w) * v for w, v in zip(W[d], xq)) + Fraction(b[d]), 0) for d in range(2))
        assert tuple(rep.matrix[t].tolist()) == expect == rep.features(x)
    a, c = sympy.symbols("a c")
    f = rep.sympy_features([a, c])
    assert f[0].subs({a: 3, c: 1}) == sympy.Rational(5, 3)
    assert f[1].subs({a: -8, c: 1}) == 0


def test_relu_flat_templates_for_scalar_patches():
    rep = Representation.relu([[2]], [-1], [0, 1, 3])
    assert rep.templates.shape == (3, 1)
    assert rep.matrix.tolist_str() == [["0"], ["1"], ["5"]]


# ------------------------------------------------------------------------------------------ relu templates
def test_theory_6_22_relu_templates_F_and_det():
    """t = (0, 1, 2), eps = 1/2 gives F = [[1/2,0,0],[3/2,1/2,0],[5/2,3/2,1/2]], det 1/8."""
    rep, det = relu_templates_representation([0, 1, 2], eps="1/2")
    assert rep.matrix.tolist_str() == [["1/2", "0", "0"], ["3/2", "1/2", "0"], ["5/2", "3/2", "1/2"]]
    assert det == Fraction(1, 8)
    F = flint.fmpq_mat([[flint.fmpq(x.numerator, x.denominator) for x in row] for row in rep.matrix.tolist()])
    assert F.det() == flint.fmpq(1, 8)
    # default eps = min gap / 2 = 1/2 here too
    assert relu_templates_representation([2, 0, 1])[0] == rep


@settings(deadline=None, max_examples=30)
@given(st.integers(1, 2).flatmap(lambda s: st.lists(
    st.lists(st.fractions(min_value=-3, max_value=3, max_denominator=3), min_size=s, max_size=s),
    min_size=1, max_size=5, unique_by=lambda p: tuple(p)))
)
def test_relu_templates_lower_triangular_and_det(templates):
    rep, det = relu_templates_representation(templates)
    F = rep.matrix
    T = len(templates)
    eps = F[0, 0]
    assert eps > 0
    for i in range(T):
        assert F[i, i] == eps
        for d in range(i + 1, T):
            assert F[i, d] == 0
    assert det == eps**T
    Fm = flint.fmpq_mat([[flint.fmpq(x.numerator, x.denominator) for x in row] for row in F.tolist()])
    assert Fm.det() == flint.fmpq(det.numerator, det.denominator)
    # the templates are the given ones, reordered by projection, and F is the relu features at them
    assert sorted(map(tuple, rep.templates.tolist())) == sorted(tuple(Fraction(v) for v in p) for p in templates)
    for t in range(T):
        assert rep.features(list(rep.templates[t].tolist())) == tuple(F[t].tolist())


def test_relu_templates_vector_and_direction():
    rep, det = relu_templates_representation([[0, 1], [1, 0], [1, 1]])
    assert det == rep.matrix[0, 0] ** 3 and det != 0
    rep2, det2 = relu_templates_representation([[0, 1], [1, 0]], direction=[1, 3], eps=1)
    assert rep2.templates.tolist_str() == [["1", "0"], ["0", "1"]]  # projections 1 < 3
    assert det2 == 1


def test_relu_templates_errors():
    with pytest.raises(DomainError, match=r"templates\[0\] and templates\[2\] are equal: \(1, 2\)"):
        relu_templates_representation([[1, 2], [0, 0], [1, 2]])
    with pytest.raises(DomainError, match=r"templates\[1\] and templates\[2\] are equal: 1/2"):
        relu_templates_representation([0, "1/2", Fraction(1, 2)])
    with pytest.raises(DomainError, match=r"'direction' must give distinct projections w.x, but templates\[0\] = \(1, 0\) "
                                          r"and templates\[1\] = \(0, 1\) both project to 1"):
        relu_templates_representation([[1, 0], [0, 1]], direction=[1, 1])
    with pytest.raises(InvalidArgumentError, match=r"'eps' must satisfy 0 < eps < 1 \(the smallest gap"):
        relu_templates_representation([0, 1, 3], eps=1)
    with pytest.raises(InvalidArgumentError, match=r"'eps' must satisfy 0 < eps < 1"):
        relu_templates_representation([0, 1], eps=0)
    with pytest.raises(InvalidArgumentError, match=r"'eps' must satisfy eps > 0"):
        relu_templates_representation([5], eps="-1/2")
    assert relu_templates_representation([5])[1] == 1
    with pytest.raises(InexactInputError, match=r"'eps' must be an exact rational, not 0.25"):
        relu_templates_representation([0, 1], eps=0.25)
    with pytest.raises(InexactInputError, match=r"'templates\[1\]' must be an exact rational, not 0.5"):
        relu_templates_representation([0, 0.5])
    with pytest.raises(ShapeError, match=r"'templates\[1\]' must be a patch of dimension 2, not a sequence of length 1"):
        relu_templates_representation([[0, 1], [1]])
    with pytest.raises(ShapeError, match=r"'templates\[1\]' must be a patch of dimension 2 \(a sequence of 2 exact numbers\), not the scalar 3"):
        relu_templates_representation([[0, 1], 3])
    with pytest.raises(ShapeError, match=r"'templates' must hold at least one template"):
        relu_templates_representation([])
    with pytest.raises(InvalidArgumentError, match=r"'templates' must be a non-empty sequence of patches, not '012'"):
        relu_templates_representation("012")
    with pytest.raises(ShapeError, match=r"'direction' must be a patch of dimension 2"):
        relu_templates_representation([[0, 1], [1, 0]], direction=[1])


# ------------------------------------------------------------------------------------------ errors
def test_constructor_errors():
    with pytest.raises(InexactInputError, match=r"'F\[0\]\[1\]' must be an exact rational, not 0.5"):
        Representation.from_matrix([[1, 0.5]])
    with pytest.raises(ShapeError, match=r"'F' must be a matrix \(2-D\), not an array of shape \(2,\)"):
        Representation.from_matrix([1, 2])
    with pytest.raises(ShapeError, match=r"'F' must have at least one row and one column, not shape \(1, 0\)"):
        Representation.from_matrix([[]])
    with pytest.raises(InexactInputError, match=r"'F' must be an exact matrix"):
        Representation.from_matrix("1 2")
    with pytest.raises(InvalidArgumentError, match=r"'M' must be an integer >= 1, not 0"):
        Representation.identity(0)
    with pytest.raises(InvalidArgumentError, match=r"'templates' must be a non-empty sequence of exact scalars, not 3"):
        Representation.monomials(3, 2)
    with pytest.raises(ShapeError, match=r"'templates' must hold at least one template"):
        Representation.monomials([], 2)
    with pytest.raises(ShapeError, match=r"'templates' must be a vector \(1-D\), not an array of shape \(2, 1\)"):
        Representation.monomials([[1], [2]], 2)
    with pytest.raises(InexactInputError, match=r"'templates\[1\]' must be an exact rational, not 1.5"):
        Representation.monomials([1, 1.5], 2)
    with pytest.raises(ShapeError, match=r"'biases' must have shape \(2,\) \(one bias per row of 'weights'\), not shape \(3,\)"):
        Representation.relu([[1], [2]], [0, 0, 0], [[1]])
    with pytest.raises(ShapeError, match=r"'templates' must have shape \(T, 2\) with T >= 1 \(one patch of dimension 2 per row\), not shape \(1, 3\)"):
        Representation.relu([[1, 1]], [0], [[1, 2, 3]])
    with pytest.raises(InvalidArgumentError, match=r"'templates' must be a sequence of patches, not None"):
        Representation.relu([[1]], [0], None)
    with pytest.raises(InexactInputError, match=r"'biases' must be an exact vector, not '0'"):
        Representation.relu([[1]], "0", [[1]])
    with pytest.raises(ShapeError, match=r"'biases' must be a vector \(1-D\)"):
        Representation.relu([[1]], [[0]], [[1]])


def test_direct_constructor_is_validated():
    with pytest.raises(InvalidArgumentError, match=r"'kind' must be one of \('identity', 'matrix', 'monomial', 'relu'\), not 'gauss'"):
        Representation("gauss", QArray.identity(2))
    with pytest.raises(ShapeError, match=r"'matrix' must be a non-empty QArray of shape \(T, M\)"):
        Representation("matrix", [[1]])
    with pytest.raises(ShapeError, match=r"identity representation must be square, not \(2, 3\)"):
        Representation("identity", QArray.zeros((2, 3)))
    with pytest.raises(ShapeError, match=r"'templates' of a monomial representation must have shape \(2,\)"):
        Representation("monomial", QArray.zeros((2, 3)))
    with pytest.raises(ShapeError, match=r"relu representation needs 'templates', 'weights' and 'biases'"):
        Representation("relu", QArray.zeros((2, 3)))
    with pytest.raises(ShapeError, match=r"Inconsistent relu representation: weights \(3, 1\), biases \(3,\), templates \(1, 1\), matrix \(2, 3\)"):
        Representation("relu", QArray.zeros((2, 3)), templates=QArray.zeros((1, 1)), weights=QArray.zeros((3, 1)),
                       biases=QArray.zeros((3,)))


def test_feature_and_patch_errors():
    rep = Representation.identity(2)
    with pytest.raises(ShapeError, match=r"'x' must be a patch of dimension 2, not a sequence of length 3"):
        rep.features([1, 2, 3])
    with pytest.raises(ShapeError, match=r"'x' must be a patch of dimension 2 \(a sequence of 2 exact numbers\), not the scalar 1"):
        rep.features(1)
    with pytest.raises(InexactInputError, match=r"'x\[1\]' must be an exact rational, not 0.1"):
        rep.features([1, 0.1])
    with pytest.raises(InexactInputError, match=r"'x' must be an exact rational, not 0.1"):
        Representation.monomials([0], 2).features(0.1)
    with pytest.raises(InvalidArgumentError, match=r"'t' must be a template index in 0..1 \(0-based\), not 2"):
        rep.template_patch(2)
    with pytest.raises(InvalidArgumentError, match=r"'t' must be a template index in 0..1 \(0-based\), not True"):
        rep.template_patch(True)
    with pytest.raises(ShapeError, match=r"'symbols' must hold 2 SymPy symbols/expressions \(the patch dimension\), not 1"):
        rep.sympy_features(sympy.Symbol("x"))
    assert rep.features(QArray.from_nested([1, 2])) == (1, 2)
    assert rep.features(np.array([1, 2])) == (1, 2)


# ------------------------------------------------------------------------------------------ JSON
@pytest.mark.parametrize("rep", [
    Representation.identity(3),
    Representation.from_matrix([[1, "1/2"], [0, -3]]),
    Representation.monomials(["0", "1/3", "-2"], 3),
    Representation.relu([[1, "1/2"], [0, -1]], ["1/7", 0], [[0, 1], [2, 2], [-1, 0]]),
    relu_templates_representation([3, -1, 4, 1])[0],
])
def test_json_round_trip(rep):
    import json

    d = rep.to_dict()
    assert Representation.from_dict(json.loads(json.dumps(d))) == rep


@pytest.mark.parametrize("obj, field, reason", [
    ([1], "representation", r"must be a JSON object"),
    ({"type": "gauss"}, "representation.type", r"must be one of \['identity', 'matrix', 'monomial', 'relu'\], not 'gauss'"),
    ({"type": "identity"}, "representation", r"missing required key 'M'"),
    ({"type": "identity", "M": 3, "F": []}, "representation.F", r"unknown key 'F' \(allowed: M, type\)"),
    ({"type": "identity", "M": 0}, "representation.M", r"must be an integer >= 1, not 0"),
    ({"type": "identity", "M": "3"}, "representation.M", r"must be an integer, not '3'"),
    ({"type": "identity", "M": 3.0}, "representation.M", r"must be an integer, not 3.0"),
    ({"type": "matrix", "F": [[]]}, "representation.F", r"must have at least one row and one column, not shape \(1, 0\)"),
    ({"type": "matrix", "F": [["1", "2"], ["3"]]}, "representation.F[1]", r"ragged array"),
    ({"type": "matrix", "F": [["1", 0.5]]}, "representation.F[0][1]", r"not the JSON float 0.5"),
    ({"type": "matrix", "F": [["1", True]]}, "representation.F[0][1]", r"not True \(type=bool\)"),
    ({"type": "matrix", "F": [["1", "1/0"]]}, "representation.F[0][1]", r"not a rational string: .*zero denominator"),
    ({"type": "matrix", "F": [["1", None]]}, "representation.F[0][1]", r"a rational must be a string .* not None"),
    ({"type": "matrix", "F": ["1", "2"]}, "representation.F[0]", r"must be a list, not '1'"),
    ({"type": "matrix", "F": "1"}, "representation.F", r"must be a nested list \(2 levels\), not '1'"),
    ({"type": "monomial", "M": 2, "templates": []}, "representation.templates", r"must hold at least one template"),
    ({"type": "monomial", "M": 2, "templates": ["1", 2.5]}, "representation.templates[1]", r"not the JSON float 2.5"),
    ({"type": "relu", "weights": [[]], "biases": [], "templates": [[]]}, "representation.weights",
     r"must have at least one row and one column"),
    ({"type": "relu", "weights": [["1"]], "biases": ["0", "1"], "templates": [["1"]]}, "representation.biases",
     r"must have shape \(1,\), not \(2,\)"),
    ({"type": "relu", "weights": [["1"]], "biases": ["0"], "templates": [["1", "2"]]}, "representation.templates",
     r"must have shape \(T, 1\) with T >= 1, not \(1, 2\)"),
])
def test_from_dict_errors(obj, field, reason):
    with pytest.raises(FormatError, match=reason) as info:
        Representation.from_dict(obj)
    assert info.value.field == field
    assert str(info.value).startswith(field + ": ")
