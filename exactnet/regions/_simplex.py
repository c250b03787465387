"""A small exact simplex method over Q (``fractions.Fraction``), Bland's rule, two phases.

``maximize c.y  subject to  M y <= r,  y >= 0`` (any sign of ``r``).  Used for exact feasibility,
interior points and boundedness; nothing here ever uses floating point.

>>> from fractions import Fraction as F
>>> lp_max([F(1), F(1)], [[F(1), F(2)], [F(3), F(1)]], [F(4), F(6)])
('optimal', Fraction(14, 5), [Fraction(8, 5), Fraction(6, 5)])
>>> lp_max([F(1)], [[F(-1)]], [F(-1)])[0]
'unbounded'
>>> lp_max([F(1)], [[F(1)]], [F(-1)])[0]
'infeasible'
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Sequence

__all__ = ["lp_max", "lp_max_free", "farkas"]

_ZERO = Fraction(0)


def _gcd_reduce(row: list) -> list:
    g = 0
    for v in row:
        if v:
            g = math.gcd(g, v)
            if g == 1:
                return row
    if g > 1:
        return [v // g for v in row]
    return row


def _pivot(T: list, basis: list, row: int, col: int) -> None:
    """Integer (fraction-free) pivot on (row, col).

    Every row is an equation with integer coefficients; the basic variable of row i has a positive
    coefficient ``T[i][basis[i]]`` and value ``T[i][-1] / T[i][basis[i]]``.  The objective row (last)
    carries its own positive scale in its last-but-one slot ``z`` (the coefficient of the objective).
    """
    prow = T[row]
    p = prow[col]
    if p < 0:
        prow = [-v for v in prow]
        p = -p
    prow = _gcd_reduce(prow)
    p = prow[col]
    T[row] = prow
    nz = [(j, v) for j, v in enumerate(prow) if v]
    for i, trow in enumerate(T):
        if i == row:
            continue
        f = trow[col]
        if f:
            new = [v * p for v in trow]
            for j, v in nz:
                new[j] -= f * v
            T[i] = _gcd_reduce(new)
    basis[row] = col


def _run(T: list, basis: list, ncols: int) -> str:
    """Primal simplex on a feasible tableau (objective row last, reduced costs < 0 improve). Bland's rule."""
    while True:
        obj = T[-1]
        col = -1
        for j in range(ncols):
            if obj[j] < 0:
                col = j
                break
        if col < 0:
            return "optimal"
        row = -1
        for i in range(len(T) - 1):
            a = T[i][col]
            if a > 0:
                if row < 0:
                    row = i
                    continue
                # compare T[i][-1]/a with T[row][-1]/T[row][col]
                lhs = T[i][-1] * T[row][col]
                rhs = T[row][-1] * a
                if lhs < rhs or (lhs == rhs and basis[i] < basis[row]):
                    row = i
        if row < 0:
            return "unbounded"
        _pivot(T, basis, row, col)


def _int_row(values) -> list:
    den = 1
    for v in values:
        den = math.lcm(den, Fraction(v).denominator)
    return [int(Fraction(v) * den) for v in values]


def lp_max(c: Sequence[Fraction], M: Sequence[Sequence[Fraction]], r: Sequence[Fraction], duals: bool = False):
    """Maximize ``c.y`` s.t. ``M y <= r``, ``y >= 0``: ``(status, value, y)``; status optimal/unbounded/infeasible.

    Exact: integer fraction-free tableau (rows scaled to integers, reduced by their gcd).  With
    ``duals=True`` a fourth item is the optimal dual solution ``u >= 0`` (one per row of ``M``, read from the
    final objective row: ``M^T u >= c`` and ``r.u = value``), or None when not optimal.

    >>> lp_max([Fraction(1)], [[Fraction(2)], [Fraction(1)]], [Fraction(4), Fraction(3)], duals=True)
    ('optimal', Fraction(2, 1), [Fraction(2, 1)], [Fraction(1, 2), Fraction(0, 1)])
    """
    m = len(M)
    n = len(c)
    # columns: y_0..y_{n-1}, slacks s_0..s_{m-1}, artificial a, objective scale z; rhs last
    art = n + m
    zc = n + m + 1
    width = n + m + 2
    T = []
    for i in range(m):
        ints = _int_row(list(M[i]) + [r[i]])
        den_row = ints  # scaled row: coefficients, then rhs
        scale = 1
        vals = list(M[i]) + [r[i]]
        # the slack coefficient must be scaled like the row
        den = 1
        for v in vals:
            den = math.lcm(den, Fraction(v).denominator)
        scale = den
        row = [0] * (width + 1)
        row[:n] = den_row[:n]
        row[n + i] = scale
        row[art] = -scale
        row[-1] = den_row[n]
        T.append(row)
    basis = [n + i for i in range(m)]
    if m and min(r) < 0:
        obj = [0] * (width + 1)
        obj[art] = 1
        obj[zc] = 1
        T.append(obj)
        row = min(range(m), key=lambda i: (Fraction(T[i][-1], T[i][basis[i]]), i))
        _pivot(T, basis, row, art)
        _run(T, basis, width - 1)
        if T[-1][-1] != 0:  # the optimum of -a is < 0
            return ("infeasible", None, None, None) if duals else ("infeasible", None, None)
        if art in basis:  # degenerate: pivot the artificial variable out
            i = basis.index(art)
            j = next((j for j in range(art) if T[i][j] != 0), None)
            if j is not None:
                _pivot(T, basis, i, j)
        T.pop()
    for row in T:
        row[art] = 0
    obj = [0] * (width + 1)
    cint = _int_row(list(c)) if n else []
    for j in range(n):
        obj[j] = -cint[j]
    obj[zc] = 1
    for i, bcol in enumerate(basis):
        f = obj[bcol]
        if f:
            b = T[i][bcol]
            obj = _gcd_reduce([o * b - f * v for o, v in zip(obj, T[i])])
    T.append(obj)
    status = _run(T, basis, n + m)
    if status == "unbounded":
        return ("unbounded", None, None, None) if duals else ("unbounded", None, None)
    y = [_ZERO] * n
    for i, bcol in enumerate(basis):
        if bcol < n:
            y[bcol] = Fraction(T[i][-1], T[i][bcol])
    value = sum((Fraction(cj) * yj for cj, yj in zip(c, y)), _ZERO)
    if not duals:
        return ("optimal", value, y)
    # objective row: obj[zc] * z' + sum_j obj[j] v_j = obj[-1] with z' = cden * c.y (obj[zc] > 0); the
    # reduced cost of slack i (s_i = r_i - M_i y) over obj[zc] * cden is the dual value of row i
    obj = T[-1]
    cden = 1
    for v in c:
        cden = math.lcm(cden, Fraction(v).denominator)
    u = [Fraction(obj[n + i], obj[zc] * cden) for i in range(m)]
    return ("optimal", value, y, u)


def lp_max_free(c: Sequence[Fraction], A: Sequence[Sequence[Fraction]], b: Sequence[Fraction]):
    """Maximize ``c.x`` s.t. ``A x <= b`` with ``x`` free (split ``x = u - v``): ``(status, value, x)``.

    >>> from fractions import Fraction as F
    >>> lp_max_free([F(-1)], [[F(-1)]], [F(3)])[:2]
    ('optimal', Fraction(3, 1))
    """
    n = len(c)
    M = [list(row) + [-v for v in row] for row in A]
    status, value, y = lp_max(list(c) + [-v for v in c], M, b)
    if status != "optimal":
        return (status, None, None)
    return (status, value, [y[i] - y[n + i] for i in range(n)])


def farkas(strict: Sequence, equal: Sequence = ()):
    """An exact certificate that ``{x : a.x < beta for (a, beta) in strict, e.x = g for (e, g) in equal}`` is empty.

    Returns ``(y, z)`` with ``y >= 0`` (one per strict row, summing to 1), ``z`` free (one per equation),
    ``sum y_i a_i + sum z_k e_k = 0`` and ``sum y_i beta_i + sum z_k g_k <= 0`` (Motzkin's transposition
    theorem: then no ``x`` satisfies the system, since ``0 = (y A + z E) x < y.beta + z.g <= 0``), or
    ``None`` when the system has a solution.  Exact (an LP in ``y, z`` solved by :func:`lp_max`).

    >>> from fractions import Fraction as F
    >>> farkas([([F(1)], F(0)), ([F(-1)], F(0))])          # x < 0 and -x < 0
    ([Fraction(1, 2), Fraction(1, 2)], [])
    >>> farkas([([F(1)], F(1)), ([F(-1)], F(0))]) is None   # 0 < x < 1 is feasible
    True
    """
    m = len(strict)
    q = len(equal)
    if m == 0:
        return None
    n = len(strict[0][0])
    nv = m + 2 * q  # y, z+, z-
    M: list = []
    r: list = []
    for k in range(n):
        row = ([Fraction(a[k]) for a, _ in strict] + [Fraction(e[k]) for e, _ in equal]
               + [-Fraction(e[k]) for e, _ in equal])
        if any(row):
            M.append(row)
            r.append(_ZERO)
            M.append([-v for v in row])
            r.append(_ZERO)
    M.append([Fraction(b) for _, b in strict] + [Fraction(g) for _, g in equal] + [-Fraction(g) for _, g in equal])
    r.append(_ZERO)
    M.append([Fraction(1)] * m + [_ZERO] * (2 * q))
    r.append(Fraction(1))
    M.append([Fraction(-1)] * m + [_ZERO] * (2 * q))
    r.append(Fraction(-1))
    status, _, sol = lp_max([_ZERO] * nv, M, r)
    if status != "optimal":
        return None
    return sol[:m], [sol[m + k] - sol[m + q + k] for k in range(q)]
