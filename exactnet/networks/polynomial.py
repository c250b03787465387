r"""Polynomial networks over Q: linear layers with the power activation ``t -> t^r``, no biases.

A network with widths ``d = (d_0, d_1, ..., d_h)`` (depth ``h >= 2``) and activation degree ``r >= 2``
computes

    p(x) = W_h s(W_{h-1} s( ... s(W_1 x))),   s(t) = t^r coordinate-wise,   W_i of shape (d_i, d_{i-1}),

``d_h`` homogeneous polynomials of degree ``D = r^(h-1)`` in ``d_0`` variables (Kileel, Trager & Bruna,
"On the expressive power of deep polynomial neural networks", NeurIPS 2019, arXiv 1905.12207).
Weight matrices are ``(out, in)`` as everywhere in exactnet.

Examples
--------
>>> net = PolynomialNetwork([[[1, 1], [1, -1]], [[1, "-1/4"]]], degree=2)
>>> net.widths, net.output_degree, net.num_parameters
((2, 2, 1), 2, 6)
>>> net.output_polynomials()
[3*x0**2/4 + 5*x0*x1/2 + 3*x1**2/4]
>>> net.evaluate([1, 2])
(Fraction(35, 4),)
>>> net.coefficients().tolist_str()          # monomials x0^2, x0 x1, x1^2 (monomial_basis order)
[['3/4', '5/2', '3/4']]
>>> PolynomialNetwork.from_dict(net.to_dict()) == net
True
"""

from __future__ import annotations

import math
import random
from fractions import Fraction
from typing import Any, Sequence

from ..core.qarray import QArray
from ..core.rational import as_int, as_rational
from ..errors import FormatError, InvalidArgumentError, ShapeError
from ..errors import describe_value as _describe
from ._common import as_matrix, check_format, join, json_array, json_int, require_keys

__all__ = [
    "POLYNOMIAL_KIND",
    "PolynomialNetwork",
    "check_architecture",
    "monomial_basis",
    "num_monomials",
]

POLYNOMIAL_KIND = "polynomial-network"


def check_architecture(widths: Any, degree: Any) -> tuple[tuple[int, ...], int]:
    """Validate ``(widths, degree)``: at least 3 widths (depth >= 2), every width >= 1, degree an integer >= 2.

    >>> check_architecture([2, 3, 1], 2)
    ((2, 3, 1), 2)
    >>> check_architecture([2, 0, 1], 2)
    Traceback (most recent call last):
      ...
    exactnet.errors.InvalidArgumentError: Argument 'widths[1]' must be an integer >= 1, not 0 (type=int)
    >>> check_architecture([2, 1], 2)
    Traceback (most recent call last):
      ...
    exactnet.errors.InvalidArgumentError: Argument 'widths' must list at least 3 widths (d_0, ..., d_h with depth h >= 2), not (2, 1): depth 1 is a linear map, with no activation
    >>> check_architecture([2, 2, 1], "3/2")
    Traceback (most recent call last):
      ...
    exactnet.errors.InvalidArgumentError: Argument 'degree' must be an integer, not '3/2' (type=str)
    """
    if isinstance(widths, (str, bytes)) or not isinstance(widths, Sequence):
        try:
            widths = list(widths)
        except TypeError:
            raise InvalidArgumentError(f"Argument 'widths' must be a sequence of integers, not {_describe(widths)}") from None
    ws = []
    for i, w in enumerate(widths):
        n = as_int(w, f"widths[{i}]")
        if n < 1:
            raise InvalidArgumentError(f"Argument 'widths[{i}]' must be an integer >= 1, not {_describe(w)}")
        ws.append(n)
    if len(ws) < 3:
        raise InvalidArgumentError(
            f"Argument 'widths' must list at least 3 widths (d_0, ..., d_h with depth h >= 2), not {tuple(ws)}: "
            "depth 1 is a linear map, with no activation")
    r = as_int(degree, "degree")
    if r < 2:
        raise InvalidArgumentError(f"Argument 'degree' must be an integer >= 2 (the activation t -> t^r), not "
                                   f"{_describe(degree)}")
    return tuple(ws), r


def num_monomials(n: int, D: int) -> int:
    """Number of monomials of degree ``D`` in ``n`` variables, ``C(n + D - 1, D)``.

    >>> num_monomials(2, 4), num_monomials(3, 2)
    (5, 6)
    """
    return math.comb(n + D - 1, D)


def monomial_basis(n: int, D: int) -> list[tuple[int, ...]]:
    """Exponent vectors of the degree-``D`` monomials in ``n`` variables, lexicographically decreasing.

    >>> monomial_basis(2, 2)
    [(2, 0), (1, 1), (0, 2)]
    """
    if n == 1:
        return [(D,)]
    out = []
    for a in range(D, -1, -1):
        out.extend((a,) + rest for rest in monomial_basis(n - 1, D - a))
    return out


# ------------------------------------------------------------------ sparse exact polynomials (dicts)
def _pmul(a: dict, b: dict) -> dict:
    out: dict = {}
    for ea, ca in a.items():
        for eb, cb in b.items():
            e = tuple(x + y for x, y in zip(ea, eb))
            out[e] = out.get(e, 0) + ca * cb
    return {e: c for e, c in out.items() if c}


def _ppow(a: dict, r: int) -> dict:
    out = a
    for _ in range(r - 1):
        out = _pmul(out, a)
    return out


def _lincomb(coeffs: Sequence[Fraction], polys: Sequence[dict]) -> dict:
    out: dict = {}
    for c, p in zip(coeffs, polys):
        if c:
            for e, v in p.items():
                out[e] = out.get(e, 0) + c * v
    return {e: v for e, v in out.items() if v}


class PolynomialNetwork:
    """A polynomial network with rational weights (immutable).

    Parameters
    ----------
    weights : sequence of matrices
        ``W_1, ..., W_h``; ``W_i`` has shape ``(d_i, d_{i-1})`` (QArray or nested exact numbers; floats refused).
    degree : int
        The activation degree ``r >= 2``.
    """

    __slots__ = ("_weights", "_degree", "_widths")

    def __init__(self, weights: Sequence[Any], degree: Any):
        if isinstance(weights, (str, bytes)) or not isinstance(weights, Sequence):
            raise InvalidArgumentError(f"Argument 'weights' must be a sequence of matrices, not {_describe(weights)}")
        mats = tuple(as_matrix(W, f"weights[{i}]") for i, W in enumerate(weights))
        if not mats:
            raise InvalidArgumentError("Argument 'weights' must hold at least 2 matrices (depth >= 2), not none")
        widths = [mats[0].shape[1]] + [W.shape[0] for W in mats]
        for i in range(1, len(mats)):
            if mats[i].shape[1] != mats[i - 1].shape[0]:
                raise ShapeError(f"Argument 'weights[{i}]' must have {mats[i - 1].shape[0]} columns (the width of "
                                 f"layer {i}), not shape {mats[i].shape}")
        ws, r = check_architecture(widths, degree)
        object.__setattr__(self, "_weights", mats)
        object.__setattr__(self, "_degree", r)
        object.__setattr__(self, "_widths", ws)

    def __setattr__(self, key, value):
        raise AttributeError("PolynomialNetwork is immutable")

    # ------------------------------------------------------------------------------ constructors
    @classmethod
    def random(cls, widths: Sequence[int], degree: int, *, seed: int = 0, low: int = -3,
               high: int = 3) -> "PolynomialNetwork":
        """Integer weights drawn uniformly from ``[low, high]`` (deterministic for a seed).

        >>> PolynomialNetwork.random((2, 3, 1), 2, seed=1).widths
        (2, 3, 1)
        """
        ws, r = check_architecture(widths, degree)
        low, high = as_int(low, "low"), as_int(high, "high")
        if low > high:
            raise InvalidArgumentError(f"Arguments 'low' and 'high' must satisfy low <= high, not {low} > {high}")
        rng = random.Random(as_int(seed, "seed"))
        mats = [[[rng.randint(low, high) for _ in range(ws[i - 1])] for _ in range(ws[i])] for i in range(1, len(ws))]
        return cls(mats, r)

    # ------------------------------------------------------------------------------ properties
    @property
    def weights(self) -> tuple[QArray, ...]:
        """``(W_1, ..., W_h)``, QArrays of shape ``(d_i, d_{i-1})``."""
        return self._weights

    @property
    def degree(self) -> int:
        """The activation degree r."""
        return self._degree

    @property
    def widths(self) -> tuple[int, ...]:
        """``(d_0, ..., d_h)``."""
        return self._widths

    @property
    def depth(self) -> int:
        """h, the number of weight matrices."""
        return len(self._weights)

    @property
    def output_degree(self) -> int:
        """``D = r^(h-1)``, the degree of every output polynomial."""
        return self._degree ** (self.depth - 1)

    @property
    def num_parameters(self) -> int:
        """``sum_i d_i d_{i-1}``."""
        return sum(a * b for a, b in zip(self._widths, self._widths[1:]))

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, PolynomialNetwork) and self._degree == other._degree
                and self._weights == other._weights)

    def __hash__(self) -> int:
        return hash((self._degree, self._weights))

    def __repr__(self) -> str:
        return f"PolynomialNetwork(widths={self._widths}, degree={self._degree})"

    # ------------------------------------------------------------------------------ evaluation
    def evaluate(self, x: Sequence[Any]) -> tuple[Fraction, ...]:
        """The outputs at a rational input ``x`` (length ``d_0``), exactly.

        >>> PolynomialNetwork([[[1], [2]], [[1, 1]]], 3).evaluate(["1/2"])
        (Fraction(9, 8),)
        """
        if isinstance(x, (str, bytes)) or not isinstance(x, Sequence):
            raise InvalidArgumentError(f"Argument 'x' must be a sequence of {self._widths[0]} exact numbers, "
                                       f"not {_describe(x)}")
        if len(x) != self._widths[0]:
            raise ShapeError(f"Argument 'x' must have {self._widths[0]} entries (d_0), not {len(x)}")
        v = [as_rational(t, f"x[{i}]") for i, t in enumerate(x)]
        for k, W in enumerate(self._weights):
            F = W.to_fractions()
            u = [sum((F[a, b] * v[b] for b in range(len(v))), Fraction(0)) for a in range(W.shape[0])]
            v = u if k == self.depth - 1 else [t ** self._degree for t in u]
        return tuple(v)

    def _output_dicts(self) -> list[dict]:
        n = self._widths[0]
        v = [{tuple(1 if j == i else 0 for j in range(n)): Fraction(1)} for i in range(n)]
        for k, W in enumerate(self._weights):
            F = W.to_fractions()
            u = [_lincomb([F[a, b] for b in range(W.shape[1])], v) for a in range(W.shape[0])]
            v = u if k == self.depth - 1 else [_ppow(p, self._degree) for p in u]
        return v

    def coefficients(self) -> QArray:
        """The exact coefficient matrix, shape ``(d_h, C(d_0 + D - 1, D))``, columns in :func:`monomial_basis` order.

        Refuses sizes beyond the dense-size limit (with the estimate) before computing.
        """
        from ..tensors.memory import check_dense_size

        check_dense_size((self._widths[-1], num_monomials(self._widths[0], self.output_degree)),
                         what="coefficient matrix of the output polynomials")
        basis = monomial_basis(self._widths[0], self.output_degree)
        polys = self._output_dicts()
        rows = [[p.get(e, Fraction(0)) for e in basis] for p in polys]
        return QArray.from_nested(rows, "coefficients")

    def output_polynomials(self, symbols: Sequence[Any] | None = None) -> list:
        """The ``d_h`` output polynomials as expanded SymPy expressions in ``x0, ..., x{d_0 - 1}``."""
        import sympy

        from ..tensors.memory import check_dense_size

        check_dense_size((self._widths[-1], num_monomials(self._widths[0], self.output_degree)),
                         what="output polynomials (coefficients)")
        n = self._widths[0]
        xs = list(symbols) if symbols is not None else list(sympy.symbols(f"x0:{n}"))
        if len(xs) != n:
            raise ShapeError(f"Argument 'symbols' must have {n} entries (d_0), not {len(xs)}")
        out = []
        for p in self._output_dicts():
            expr = sympy.Integer(0)
            for e, c in p.items():
                term = sympy.Rational(c.numerator, c.denominator)
                for x, k in zip(xs, e):
                    term *= x ** k
                expr += term
            out.append(sympy.expand(expr))
        return out

    # ------------------------------------------------------------------------------ JSON
    def to_dict(self) -> dict:
        """The ``"exactnet.network"`` JSON form, ``"kind": "polynomial-network"``."""
        return {"format": "exactnet.network", "schema_version": 1, "kind": POLYNOMIAL_KIND,
                "widths": list(self._widths), "degree": self._degree,
                "weights": [W.tolist_str() for W in self._weights]}

    @classmethod
    def from_dict(cls, obj: Any, path: str = "") -> "PolynomialNetwork":
        """Parse the JSON form (FormatError names the field; JSON floats refused).

        >>> PolynomialNetwork.from_dict({"format": "exactnet.network", "schema_version": 1,
        ...     "kind": "polynomial-network", "widths": [1, 1, 1], "degree": 2, "weights": [[[0.5]], [["1"]]]})
        Traceback (most recent call last):
          ...
        exactnet.errors.FormatError: weights[0][0][0]: a rational must be a string such as "3/4" or an int, not the JSON float 0.5: floats are not exact; write the number as a string
        """
        require_keys(obj, path, ["format", "schema_version", "kind", "widths", "degree", "weights"])
        check_format(obj, path, "exactnet.network")
        if obj["kind"] != POLYNOMIAL_KIND:
            raise FormatError(f"must be {POLYNOMIAL_KIND!r}, not {_describe(obj['kind'])}", join(path, "kind"))
        raw_w = obj["widths"]
        if not isinstance(raw_w, list):
            raise FormatError(f"must be a list of integers, not {_describe(raw_w)}", join(path, "widths"))
        widths = [json_int(w, f"{join(path, 'widths')}[{i}]", minimum=1) for i, w in enumerate(raw_w)]
        degree = json_int(obj["degree"], join(path, "degree"), minimum=2)
        if len(widths) < 3:
            raise FormatError(f"must list at least 3 widths (depth >= 2), not {widths}", join(path, "widths"))
        raw = obj["weights"]
        wpath = join(path, "weights")
        if not isinstance(raw, list) or len(raw) != len(widths) - 1:
            raise FormatError(f"must be a list of {len(widths) - 1} matrices, not {_describe(raw)}", wpath)
        mats = [json_array(m, f"{wpath}[{i}]", 2, shape=(widths[i + 1], widths[i])) for i, m in enumerate(raw)]
        return cls(mats, degree)
