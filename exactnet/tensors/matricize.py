r"""Matricization ``[[A]]_{I,J}`` of a tensor and its inverse.  **Modes are 0-based.**

Index formula: for a tensor
``A`` with mode sizes ``M_0, ..., M_{N-1}`` and a partition with rows ``I = (i_1 < ... < i_p)`` and
columns ``J = (j_1 < ... < j_q)``, the entry ``A[d_0, ..., d_{N-1}]`` sits at

* row    ``sum_t d_{i_t} * prod_{t' > t} M_{i_t'}``,
* column ``sum_t d_{j_t} * prod_{t' > t} M_{j_t'}``,

i.e. the last row mode varies fastest: numpy C order after moving the I modes (in increasing order)
to the front.  The matrix has ``prod_t M_{i_t}`` rows and ``prod_t M_{j_t}`` columns.

Worked example: A of shape (2, 3, 2) (N = 3), rows I = (0, 2), cols J = (1,).  The matrix is 4 x 3
and ``A[d0, d1, d2]`` sits at row ``d0 * 2 + d2`` and column ``d1``; e.g. ``A[1, 2, 0]`` is at (2, 2).

>>> A = QArray.from_integers(np.arange(12).reshape(2, 3, 2))
>>> X = matricize(A, [0, 2])
>>> X.shape
(4, 3)
>>> X[1 * 2 + 0, 2] == A[1, 2, 0]
True
>>> unmatricize(X, [0, 2], shape=(2, 3, 2)) == A
True
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from ..core.qarray import QArray
from ..errors import ShapeError
from ._util import as_qarray, describe
from .partitions import as_partition

__all__ = ["matricize", "unmatricize"]


def matricize(T: Any, rows: Any, cols: Any = None, *, allow_empty: bool = False) -> QArray:
    """The matricization ``[[T]]_{rows, cols}`` (**0-based modes**; last row/column mode varies fastest).

    Row index of ``T[d_0..d_{N-1}]``: ``sum_t d_{i_t} prod_{t'>t} M_{i_t'}`` over the row modes
    ``i_1 < i_2 < ...``; the column index likewise over the column modes.

    Parameters
    ----------
    T : QArray
        A tensor of order N >= 2 (order 1 only with ``allow_empty=True``).
    rows : Partition, str or collection of int
        The row modes, a :class:`~exactnet.tensors.partitions.Partition`, or a name such as
        ``"odd-even"`` (rows {0, 2, ...} = the paper's odd modes).
    cols : collection of int, optional
        The column modes (default: the complement of ``rows``).
    allow_empty : bool
        Accept an empty side (the result is one row or one column).

    Returns
    -------
    QArray
        Shape ``(prod_{i in I} M_i, prod_{j in J} M_j)``.

    Examples
    --------
    >>> A = QArray.from_integers(np.arange(16).reshape(2, 2, 2, 2))
    >>> matricize(A, "odd-even").tolist_str()[1]   # row d0=0, d2=1; columns (d1, d3)
    ['2', '3', '6', '7']
    >>> matricize(QArray.from_nested([1, 2]), [0])
    Traceback (most recent call last):
      ...
    exactnet.errors.PartitionError: Argument 'cols' must not be empty (the complement of 'rows'=(0,) in 0..0, 0-based); a matricization needs rows and columns. Pass allow_empty=True for a one-row/one-column matricization.
    """
    T = as_qarray(T, "T")
    if T.ndim == 0:
        raise ShapeError("Argument 'T' must be a tensor of order >= 1 to matricize, not a 0-d array (a scalar)")
    part = as_partition(rows, T.ndim, cols, allow_empty=allow_empty)
    order = part.rows + part.cols
    nr, nc = part.matrix_shape(T.shape)
    num = np.transpose(T.num, order).reshape(nr, nc)
    return QArray(num.copy(), T.den)


def unmatricize(X: Any, rows: Any, cols: Any = None, *, shape: Sequence[int], allow_empty: bool = False) -> QArray:
    """Inverse of :func:`matricize`: rebuild the tensor of ``shape`` from ``[[T]]_{rows, cols}``.

    >>> A = QArray.from_integers(np.arange(24).reshape(2, 3, 4))
    >>> unmatricize(matricize(A, [1]), [1], shape=(2, 3, 4)) == A
    True
    >>> unmatricize(matricize(A, [1]), [0], shape=(2, 3, 4))
    Traceback (most recent call last):
      ...
    exactnet.errors.ShapeError: Argument 'X' must have shape (2, 12) for rows (0,), cols (1, 2) of a tensor of shape (2, 3, 4), not (3, 8)
    """
    X = as_qarray(X, "X")
    try:
        dims = tuple(int(d) for d in shape)
    except (TypeError, ValueError):
        raise ShapeError(f"Argument 'shape' must be a sequence of mode sizes, not {describe(shape)}") from None
    if not dims or any(d < 0 for d in dims):
        raise ShapeError(f"Argument 'shape' must be a non-empty sequence of mode sizes >= 0, not {describe(shape)}")
    part = as_partition(rows, len(dims), cols, allow_empty=allow_empty)
    expect = part.matrix_shape(dims)
    if X.shape != expect:
        raise ShapeError(
            f"Argument 'X' must have shape {expect} for rows {part.rows}, cols {part.cols} of a tensor of "
            f"shape {dims}, not {X.shape}"
        )
    order = part.rows + part.cols
    inverse = np.argsort(order)
    num = X.num.reshape(tuple(dims[i] for i in order))
    return QArray(np.transpose(num, inverse).copy(), X.den)
