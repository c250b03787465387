"""Matricization (index formula, inverse), outer/mode/Kronecker products against direct loops."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from exactnet.core.qarray import QArray
from exactnet.errors import InexactInputError, InvalidArgumentError, PartitionError, ShapeError
from exactnet.tensors import Partition, kron, matricize, mode_product, mode_products, outer, unmatricize

from tensors_testlib import all_indices, fr, matrices, qarrays, tensors

FAST = settings(deadline=None, max_examples=40)


@st.composite
def tensor_and_rows(draw, min_dims=2, big=False, allow_empty=False):
    T = draw(tensors(min_dims=min_dims, max_dims=4, big=big))
    n = T.ndim
    lo, hi = (0, n) if allow_empty else (1, n - 1)
    k = draw(st.integers(lo, hi))
    rows = draw(st.permutations(list(range(n))))[:k]
    return T, rows


def direct_matricization(T: QArray, rows):
    """[[T]]_{I,J} from the index formula (0-based), entry by entry."""
    I = sorted(rows)
    J = sorted(set(range(T.ndim)) - set(I))
    M = T.shape
    nr = math.prod(M[i] for i in I)
    nc = math.prod(M[j] for j in J)
    out = [[None] * nc for _ in range(nr)]
    for d in all_indices(M):
        r = sum(d[I[t]] * math.prod(M[i] for i in I[t + 1 :]) for t in range(len(I)))
        c = sum(d[J[t]] * math.prod(M[j] for j in J[t + 1 :]) for t in range(len(J)))
        out[r][c] = fr(T, d)
    return out


@FAST
@given(tensor_and_rows(big=True))
def test_matricize_matches_index_formula(args):
    T, rows = args
    X = matricize(T, rows)
    assert X.tolist() == direct_matricization(T, rows)


@FAST
@given(tensor_and_rows(min_dims=1, allow_empty=True))
def test_unmatricize_round_trip(args):
    T, rows = args
    X = matricize(T, rows, allow_empty=True)
    assert X.ndim == 2
    assert unmatricize(X, rows, shape=T.shape, allow_empty=True) == T
    # and the other way round: any matrix of the right shape comes back
    Y = QArray.from_integers(np.arange(X.size, dtype=np.int64).reshape(X.shape), 7)
    assert matricize(unmatricize(Y, rows, shape=T.shape, allow_empty=True), rows, allow_empty=True) == Y


def test_matricize_worked_example():
    A = QArray.from_integers(np.arange(24).reshape(2, 3, 4))
    X = matricize(A, [0, 2])
    assert X.shape == (8, 3)
    # A[1, 2, 3] sits at row 1*4 + 3 = 7, column 2
    assert X[7, 2] == A[1, 2, 3] == 23
    assert matricize(A, Partition((0, 2), (1,), 3)) == X
    assert matricize(A, [2, 0], cols=[1]) == X
    assert matricize(A, "odd-even") == X
    assert matricize(A, [1, 0, 2], allow_empty=True).shape == (24, 1)


def test_matricize_errors():
    A = QArray.from_integers(np.arange(8).reshape(2, 2, 2))
    with pytest.raises(PartitionError, match="Argument 'rows' must not overlap 'cols'; mode 0 is in both"):
        matricize(A, [0], cols=[0, 1, 2])
    with pytest.raises(PartitionError, match="Argument 'cols' must not be empty"):
        matricize(A, [0, 1, 2])
    with pytest.raises(InexactInputError, match=r"Argument 'T\[0\]' must be an exact rational"):
        matricize([0.5, 1], [0])
    with pytest.raises(InexactInputError, match="Argument 'T' must be an exact array"):
        matricize("abc", [0])
    with pytest.raises(ShapeError, match="Argument 'X' must have shape"):
        unmatricize(QArray.identity(3), [0], shape=(2, 2))
    with pytest.raises(ShapeError, match="Argument 'shape' must be a non-empty sequence"):
        unmatricize(QArray.identity(1), [0], shape=())
    with pytest.raises(ShapeError, match="Argument 'shape' must be a sequence of mode sizes"):
        unmatricize(QArray.identity(1), [0], shape=5)


def _zero_dim_qarray():
    """A 0-d QArray built by hand: QArray's constructor currently makes storage >= 1-d (np.ascontiguousarray)."""
    q = object.__new__(QArray)
    object.__setattr__(q, "num", np.array(5, dtype=np.int64))
    object.__setattr__(q, "den", 1)
    return q


def test_zero_dim_tensors_refused():
    S = _zero_dim_qarray()
    assert S.ndim == 0
    with pytest.raises(ShapeError, match="Argument 'T' must be a tensor of order >= 1 to matricize, not a 0-d array"):
        matricize(S, [])
    with pytest.raises(ShapeError, match="Argument 'T' must be a tensor of order >= 1, not a 0-d array"):
        mode_product(S, QArray.identity(1), 0)


# ---------------------------------------------------------------------------- outer / Kronecker
@FAST
@given(st.lists(tensors(max_dims=2, big=True), min_size=1, max_size=3))
def test_outer_matches_direct_product(ts):
    out = outer(*ts)
    assert out.shape == sum((t.shape for t in ts), ())
    for idx in all_indices(out.shape):
        expect = Fraction(1)
        pos = 0
        for t in ts:
            expect *= fr(t, idx[pos : pos + t.ndim])
            pos += t.ndim
        assert fr(out, idx) == expect


@st.composite
def two_matrices(draw, big=False):
    a = draw(matrices(3, big=big))
    b = draw(matrices(3, big=big))
    return a, b


@FAST
@given(two_matrices(big=True))
def test_kron_matches_numpy_kron_on_numerators(ab):
    A, B = ab
    K = kron(A, B)
    expect = np.kron(A.object_num(), B.object_num())
    assert K == QArray.from_integers(expect, A.den * B.den)


def test_kron_three_factors_associates():
    A = QArray.from_nested([[1, 2]])
    B = QArray.from_nested([[0], [3]])
    C = QArray.from_nested([[1, -1], ["1/2", 5]])
    assert kron(A, B, C) == kron(kron(A, B), C) == kron(A, kron(B, C))


@FAST
@given(tensors(max_dims=3), tensors(max_dims=3), st.data())
def test_kronecker_identity_theory_eq1(A, B, data):
    """[[A ⊗ B]]_{I,J} = [[A]]_{I∩[P], J∩[P]} kron [[B]]_{(I-P)∩[Q], (J-P)∩[Q]} (0-based)."""
    P, Q = A.ndim, B.ndim
    rows = data.draw(st.sets(st.integers(0, P + Q - 1)))
    lhs = matricize(outer(A, B), sorted(rows), allow_empty=True)
    rows_a = [i for i in rows if i < P]
    rows_b = [i - P for i in rows if i >= P]
    rhs = kron(matricize(A, rows_a, allow_empty=True), matricize(B, rows_b, allow_empty=True))
    assert lhs == rhs


def test_kron_errors():
    with pytest.raises(ShapeError, match=r"Argument 'A' must be a matrix \(2-d\), not shape \(2,\)"):
        kron([1, 2], QArray.identity(2))
    with pytest.raises(ShapeError, match=r"Argument 'more\[0\]' must be a matrix"):
        kron(QArray.identity(2), QArray.identity(2), [1])
    with pytest.raises(InvalidArgumentError, match="outer\\(\\) needs at least one tensor"):
        outer()
    with pytest.raises(InexactInputError, match=r"Argument 'tensors\[1\]\[0\]'"):
        outer([1], [0.25])


# ---------------------------------------------------------------------------- mode products
def direct_mode_product(T: QArray, U: QArray, k: int):
    new_shape = T.shape[:k] + (U.shape[0],) + T.shape[k + 1 :]
    out = {}
    for idx in all_indices(new_shape):
        s = Fraction(0)
        for d in range(T.shape[k]):
            src = idx[:k] + (d,) + idx[k + 1 :]
            s += fr(U, (idx[k], d)) * fr(T, src)
        out[idx] = s
    return new_shape, out


@st.composite
def tensor_mode_matrix(draw, big=False):
    T = draw(tensors(max_dims=3, big=big))
    k = draw(st.integers(0, T.ndim - 1))
    J = draw(st.integers(1, 3))
    U = draw(qarrays((J, T.shape[k]), big=big))
    return T, U, k


@FAST
@given(tensor_mode_matrix(big=True))
def test_mode_product_matches_direct_loop(args):
    T, U, k = args
    R = mode_product(T, U, k)
    shape, expect = direct_mode_product(T, U, k)
    assert R.shape == shape
    assert all(fr(R, idx) == v for idx, v in expect.items())


@FAST
@given(tensors(max_dims=3), st.data())
def test_mode_products_equal_sequential_mode_products(T, data):
    mats = []
    for k in range(T.ndim):
        if data.draw(st.booleans()):
            mats.append(data.draw(qarrays((data.draw(st.integers(1, 3)), T.shape[k]))))
        else:
            mats.append(None)
    R = mode_products(T, mats)
    S = T
    for k in reversed(range(T.ndim)):  # a different order from the library's
        if mats[k] is not None:
            S = mode_product(S, mats[k], k)
    assert R == S


def test_mode_product_matrix_form():
    # for a matrix, T x_0 U = U @ T and T x_1 U = T @ U.T
    T = QArray.from_nested([[1, 2, 3], [4, 5, "1/6"]])
    U = QArray.from_nested([[1, 1], [0, 2], [3, 0]])
    V = QArray.from_nested([[1, 0, -1]])
    assert mode_product(T, U, 0) == U @ T
    assert mode_product(T, V, 1) == T @ V.T


def test_mode_product_errors():
    T = QArray.from_integers(np.arange(6).reshape(2, 3))
    with pytest.raises(ShapeError, match=r"Argument 'U' must have shape \(J, 3\) to act on mode 1 \(size 3\)"):
        mode_product(T, QArray.identity(2), 1)
    with pytest.raises(InvalidArgumentError, match=r"Argument 'mode' must be an int mode index in 0..1 \(0-based\), not 2"):
        mode_product(T, QArray.identity(2), 2)
    with pytest.raises(InvalidArgumentError, match="Argument 'mode' must be an int mode index in 0..1 .*not -1"):
        mode_product(T, QArray.identity(2), -1)
    with pytest.raises(InvalidArgumentError, match="Argument 'mode' must be an int mode index.*not True"):
        mode_product(T, QArray.identity(2), True)
    with pytest.raises(ShapeError, match="Argument 'matrices' must hold one matrix \\(or None\\) per mode: 2"):
        mode_products(T, [None])
    with pytest.raises(ShapeError, match=r"Argument 'matrices\[1\]' must have shape \(J, 3\)"):
        mode_products(T, [None, QArray.identity(2)])
    with pytest.raises(ShapeError, match="Argument 'matrices' must be a sequence"):
        mode_products(T, 5)
