"""The exact simplex used for feasibility and interior points agrees with SymPy's exact simplex (an independent oracle)."""

from __future__ import annotations

from fractions import Fraction as F

from hypothesis import given, settings
from hypothesis import strategies as st
from sympy import Matrix, Rational
from sympy.solvers.simplex import InfeasibleLPError, UnboundedLPError, linprog

from exactnet.regions._simplex import lp_max, lp_max_free

small = st.fractions(-4, 4, max_denominator=3)


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 3), st.integers(1, 5), st.data())
def test_lp_max_agrees_with_sympy(n, m, data):
    c = [data.draw(small) for _ in range(n)]
    M = [[data.draw(small) for _ in range(n)] for _ in range(m)]
    r = [data.draw(small) for _ in range(m)]
    status, value, y = lp_max(c, M, r)
    try:
        oracle, _ = linprog([-Rational(v.numerator, v.denominator) for v in c],
                            Matrix([[Rational(v.numerator, v.denominator) for v in row] for row in M]),
                            Matrix([Rational(v.numerator, v.denominator) for v in r]))
        expected = ("optimal", -F(int(oracle.p), int(oracle.q)))
    except InfeasibleLPError:
        expected = ("infeasible", None)
    except UnboundedLPError:
        expected = ("unbounded", None)
    assert (status, value) == expected
    if status == "optimal":
        assert all(v >= 0 for v in y)
        assert all(sum(a * v for a, v in zip(row, y)) <= b for row, b in zip(M, r))
        assert sum(a * v for a, v in zip(c, y)) == value


def test_free_variables():
    assert lp_max_free([F(1), F(1)], [[F(1), F(0)], [F(0), F(1)]], [F(-2), F(5)])[:2] == ("optimal", F(3))
    assert lp_max_free([F(1)], [[F(-1)]], [F(0)])[0] == "unbounded"
