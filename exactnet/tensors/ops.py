r"""Exact tensor operations: outer products, mode products, Kronecker products.  **Modes are 0-based.**

* :func:`outer` -- ``(A ⊗ B)[d_1..d_P, e_1..e_Q] = A[d] B[e]``, any number of factors.
* :func:`mode_product` -- ``T ×_mode U`` for U of shape (J, M_mode): the mode gets size J,
  ``(T ×_k U)[.., j, ..] = sum_d U[j, d] T[.., d, ..]``.
* :func:`mode_products` -- one matrix per mode (``None`` leaves a mode alone); the grid tensor of
  a coefficient tensor A for a representation matrix F is ``mode_products(A, [F] * N)``.
* :func:`kron` -- Kronecker product of matrices, ``kron(A, B)[i*p + k, j*q + l] = A[i, j] B[k, l]``
  for B of shape (p, q) (numpy's ``np.kron`` convention).

Identity: ``[[A ⊗ B]]_{I,J} = [[A]]_{I∩[P], J∩[P]} kron [[B]]_{(I-P)∩[Q], (J-P)∩[Q]}``.

Every result is checked with :func:`~exactnet.tensors.memory.check_dense_size` before it is built.

>>> a = QArray.from_nested([1, 2]); b = QArray.from_nested([3, "1/2"])
>>> outer(a, b).tolist_str()
[['3', '1/2'], ['6', '1']]
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from ..core.qarray import QArray, reduce_common_factor
from ..errors import InvalidArgumentError, ShapeError
from ._util import as_qarray, check_index, describe, dot_num, mul_num
from .memory import check_dense_size

__all__ = ["outer", "mode_product", "mode_products", "kron"]


def outer(*tensors: Any) -> QArray:
    """Outer (tensor) product of one or more tensors; the result's modes are the factors' modes in order.

    >>> u = QArray.from_nested([1, -1]); v = QArray.from_nested([[1, 0], [0, 2]])
    >>> outer(u, v, u).shape
    (2, 2, 2, 2)
    >>> outer(u, v, u)[1, 1, 1, 0] == (-1) * 2 * 1
    True
    """
    if not tensors:
        raise InvalidArgumentError("outer() needs at least one tensor, got none")
    qs = [as_qarray(t, f"tensors[{k}]") for k, t in enumerate(tensors)]
    shape = tuple(d for q in qs for d in q.shape)
    check_dense_size(shape, what="outer product")
    num = qs[0].num
    den = qs[0].den
    for q in qs[1:]:
        num = mul_num(num.reshape(num.shape + (1,) * q.ndim), q.num)
        den *= q.den
    return QArray(np.asarray(num).reshape(shape), den)


def mode_product(T: Any, U: Any, mode: int) -> QArray:
    """``T ×_mode U``: multiply mode ``mode`` (0-based) of T by the matrix U of shape (J, M_mode).

    ``result[d_0, .., j, .., d_{N-1}] = sum_d U[j, d] * T[d_0, .., d, .., d_{N-1}]``; mode ``mode``
    gets size J, the other modes keep their positions.

    >>> T = QArray.from_integers(np.arange(6).reshape(2, 3))
    >>> U = QArray.from_nested([[1, 1, 1]])
    >>> mode_product(T, U, 1).tolist_str()      # row sums
    [['3'], ['12']]
    >>> mode_product(T, U, 0)
    Traceback (most recent call last):
      ...
    exactnet.errors.ShapeError: Argument 'U' must have shape (J, 2) to act on mode 0 (size 2) of a tensor of shape (2, 3), not (1, 3)
    """
    T = as_qarray(T, "T")
    U = as_qarray(U, "U")
    if T.ndim == 0:
        raise ShapeError("Argument 'T' must be a tensor of order >= 1, not a 0-d array (a scalar)")
    k = check_index(mode, T.ndim, "mode", "mode index")
    if U.ndim != 2 or U.shape[1] != T.shape[k]:
        raise ShapeError(
            f"Argument 'U' must have shape (J, {T.shape[k]}) to act on mode {k} (size {T.shape[k]}) of a "
            f"tensor of shape {T.shape}, not {U.shape}"
        )
    new_shape = T.shape[:k] + (U.shape[0],) + T.shape[k + 1 :]
    check_dense_size(new_shape, what="mode product")
    num = dot_num(T.num, U.num, ([k], [1]))  # new mode is last
    num = np.moveaxis(num, -1, k)
    return QArray(np.ascontiguousarray(num), T.den * U.den)


def mode_products(T: Any, matrices: Sequence[Any]) -> QArray:
    """Apply ``matrices[i]`` to mode i (0-based) for every mode; ``None`` leaves that mode unchanged.

    The modes commute, so the order of application does not matter.

    >>> A = QArray.from_nested([[1, 0], [0, 1]])
    >>> F = QArray.from_nested([[1, 0], [1, 1], [1, 2]])   # 3 templates, 2 functions
    >>> mode_products(A, [F, F]) == F @ A @ F.T
    True
    >>> mode_products(A, [F])
    Traceback (most recent call last):
      ...
    exactnet.errors.ShapeError: Argument 'matrices' must hold one matrix (or None) per mode: 2 for a tensor of shape (2, 2), not 1
    """
    T = as_qarray(T, "T")
    if isinstance(matrices, (str, bytes)) or not hasattr(matrices, "__len__"):
        raise ShapeError(f"Argument 'matrices' must be a sequence with one matrix per mode, not {describe(matrices)}")
    if len(matrices) != T.ndim:
        raise ShapeError(
            f"Argument 'matrices' must hold one matrix (or None) per mode: {T.ndim} for a tensor of shape "
            f"{T.shape}, not {len(matrices)}"
        )
    mats = [None if m is None else as_qarray(m, f"matrices[{i}]") for i, m in enumerate(matrices)]
    for i, m in enumerate(mats):
        if m is not None and (m.ndim != 2 or m.shape[1] != T.shape[i]):
            raise ShapeError(
                f"Argument 'matrices[{i}]' must have shape (J, {T.shape[i]}) to act on mode {i} of a tensor of "
                f"shape {T.shape}, not {m.shape}"
            )
    final = tuple(T.shape[i] if m is None else m.shape[0] for i, m in enumerate(mats))
    check_dense_size(final, what="mode product")
    # shrinking modes first keeps intermediates small
    todo = sorted((i for i, m in enumerate(mats) if m is not None), key=lambda i: mats[i].shape[0] - T.shape[i])
    num, den = T.num, T.den
    shape = list(T.shape)
    for i in todo:
        shape[i] = mats[i].shape[0]
        check_dense_size(tuple(shape), what="mode product (intermediate)")
        num = np.moveaxis(dot_num(num, mats[i].num, ([i], [1])), -1, i)
        num, den = reduce_common_factor(num, den * mats[i].den)
    return QArray(np.ascontiguousarray(num), den)


def kron(A: Any, B: Any, *more: Any) -> QArray:
    """Kronecker product of matrices: ``kron(A, B)[i*p + k, j*q + l] = A[i, j] * B[k, l]`` (B of shape (p, q)).

    More than two factors associate: ``kron(A, B, C) = kron(kron(A, B), C)``.

    >>> A = QArray.from_nested([[1, 2]]); B = QArray.from_nested([[1], ["1/3"]])
    >>> kron(A, B).tolist_str()
    [['1', '2'], ['1/3', '2/3']]
    >>> kron(A, [1, 2])
    Traceback (most recent call last):
      ...
    exactnet.errors.ShapeError: Argument 'B' must be a matrix (2-d), not shape (2,)
    """
    mats = [as_qarray(A, "A"), as_qarray(B, "B")] + [as_qarray(m, f"more[{k}]") for k, m in enumerate(more)]
    names = ["A", "B"] + [f"more[{k}]" for k in range(len(more))]
    for m, nm in zip(mats, names):
        if m.ndim != 2:
            raise ShapeError(f"Argument '{nm}' must be a matrix (2-d), not shape {m.shape}")
    rows = 1
    cols = 1
    for m in mats:
        rows *= m.shape[0]
        cols *= m.shape[1]
    check_dense_size((rows, cols), what="Kronecker product")
    num, den = mats[0].num, mats[0].den
    for m in mats[1:]:
        p, q = num.shape
        r, s = m.num.shape
        prod = mul_num(num[:, None, :, None], m.num[None, :, None, :])  # (p, r, q, s)
        num = np.asarray(prod).reshape(p * r, q * s)
        den *= m.den
    return QArray(num, den)
