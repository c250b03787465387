"""Rational input domains: boxes and polytopes ``{x : A x <= b}``, checked exactly.

Every domain is non-empty, full-dimensional and bounded (checked with an exact simplex); floats are
refused naming the argument.

>>> Box([0, 0], [1, "1/2"]).measure
Fraction(1, 2)
>>> Polytope([[1, 0], [0, 1], [-1, -1]], [1, 1, 0]).vertices
((Fraction(1, 1), Fraction(-1, 1)), (Fraction(1, 1), Fraction(1, 1)), (Fraction(-1, 1), Fraction(1, 1)))
>>> Box([0], [0])
Traceback (most recent call last):
  ...
exactnet.errors.DomainError: Argument 'upper' must be > 'lower' in every coordinate (a full-dimensional box), not upper[0] = 0 <= lower[0] = 0
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from ..core.arrays import as_rational_array, is_tensor
from ..core.qarray import QArray
from ..core.rational import as_rational, to_str
from ..errors import DomainError, InvalidArgumentError, ResourceLimitError, ShapeError
from ..errors import describe_value as describe
from ._simplex import lp_max_free

#: the largest dimension of a Box (its inequalities hold 2 n^2 coefficients)
MAX_BOX_DIM = 4096

__all__ = ["Box", "Polytope", "as_domain", "clip_polygon", "polygon_area"]


def _vector(value: Any, name: str, floats: str = "refuse", denominator: Any = None) -> tuple[Fraction, ...]:
    if isinstance(value, np.ndarray) or is_tensor(value) or floats != "refuse":
        value = as_rational_array(value, name, floats=floats, denominator=denominator)
        if value.ndim != 1:
            raise ShapeError(f"Argument '{name}' must be a vector (1-D), not an array of shape {value.shape}")
    if isinstance(value, QArray):
        value = value.tolist()
    if isinstance(value, (str, bytes)) or not isinstance(value, (list, tuple)) or not value:
        raise InvalidArgumentError(f"Argument '{name}' must be a non-empty sequence of rationals, not {describe(value)}")
    return tuple(as_rational(v, f"{name}[{i}]") for i, v in enumerate(value))


def polygon_area(vertices) -> Fraction:
    """Exact area of a polygon given by its vertices in order (shoelace; positive if counter-clockwise).

    >>> polygon_area([(0, 0), (1, 0), (0, 1)])
    Fraction(1, 2)
    """
    s = Fraction(0)
    n = len(vertices)
    for i in range(n):
        x1, y1 = vertices[i]
        x2, y2 = vertices[(i + 1) % n]
        s += Fraction(x1) * y2 - Fraction(x2) * y1
    return s / 2


def clip_polygon(vertices, a0: Fraction, a1: Fraction, beta: Fraction):
    """The part of a convex polygon (CCW vertex list) where ``a0 x + a1 y <= beta`` (possibly degenerate/empty).

    >>> clip_polygon([(0, 0), (2, 0), (2, 2), (0, 2)], 1, 0, 1)
    [(0, 0), (Fraction(1, 1), Fraction(0, 1)), (Fraction(1, 1), Fraction(2, 1)), (0, 2)]
    """
    out = []
    n = len(vertices)
    vals = [a0 * v[0] + a1 * v[1] - beta for v in vertices]
    for i in range(n):
        p, q = vertices[i], vertices[(i + 1) % n]
        fp, fq = vals[i], vals[(i + 1) % n]
        if fp <= 0:
            out.append(p)
        if (fp < 0 < fq) or (fq < 0 < fp):
            t = Fraction(fp) / (fp - fq)
            out.append((p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])))
    return out


@dataclass(frozen=True)
class Polytope:
    """``{x : A x <= b}`` with rational ``A`` (m, n) and ``b`` (m,); non-empty, full-dimensional, bounded.

    Attributes ``dim``, ``constraints`` (tuples ``(a, beta)``), ``lower``/``upper`` (its exact bounding
    box), ``vertices`` (2-D: CCW polygon; 1-D: the two endpoints), ``measure`` (length / area, else None).

    >>> Polytope([[1], [-1]], [1, 0]).vertices
    ((Fraction(0, 1),), (Fraction(1, 1),))
    >>> Polytope([[1, 0], [-1, 0]], [1, 0])
    Traceback (most recent call last):
      ...
    exactnet.errors.DomainError: Argument 'A' with 'b' must describe a bounded polytope: {A x <= b} is unbounded in coordinate 1 (add bounds on every coordinate, e.g. a box)
    """

    A: Any
    b: Any
    dim: int = field(init=False)
    constraints: tuple = field(init=False, repr=False)
    lower: tuple = field(init=False, repr=False)
    upper: tuple = field(init=False, repr=False)
    vertices: tuple = field(init=False, repr=False)
    measure: Any = field(init=False, repr=False)

    def __post_init__(self) -> None:
        A = self.A
        if isinstance(A, np.ndarray) or is_tensor(A):
            A = as_rational_array(A, "A")
        if isinstance(A, QArray):
            A = A.tolist()
        if isinstance(A, (str, bytes)) or not isinstance(A, (list, tuple)) or not A:
            raise InvalidArgumentError(f"Argument 'A' must be a non-empty matrix of rationals, not {describe(A)}")
        rows = []
        for i, row in enumerate(A):
            rows.append(_vector(row, f"A[{i}]"))
        n = len(rows[0])
        for i, row in enumerate(rows):
            if len(row) != n:
                raise ShapeError(f"Argument 'A' must be rectangular, not row {i} of length {len(row)} (row 0 has {n})")
        b = _vector(self.b, "b")
        if len(b) != len(rows):
            raise ShapeError(f"Argument 'b' must have length {len(rows)} (the rows of A), not {len(b)}")
        object.__setattr__(self, "A", tuple(rows))
        object.__setattr__(self, "b", b)
        self._setup(n, list(zip(rows, b)), None, None)

    def _setup(self, n, cons, lower, upper) -> None:
        object.__setattr__(self, "dim", n)
        object.__setattr__(self, "constraints", tuple(cons))
        if lower is None:
            # non-empty and full-dimensional: max t s.t. a.x + t <= beta, t <= 1 is > 0
            A2 = [list(a) + [Fraction(1)] for a, _ in cons] + [[Fraction(0)] * n + [Fraction(1)]]
            b2 = [beta for _, beta in cons] + [Fraction(1)]
            c = [Fraction(0)] * n + [Fraction(1)]
            status, value, _ = lp_max_free(c, A2, b2)
            if status == "optimal" and value <= 0:
                feasible = lp_max_free([Fraction(0)] * n, [list(a) for a, _ in cons], [beta for _, beta in cons])
                if feasible[0] == "infeasible":
                    raise DomainError("Argument 'A' with 'b' must describe a non-empty polytope: {A x <= b} is empty")
            if status != "optimal" or value <= 0:
                raise DomainError(
                    "Argument 'A' with 'b' must describe a full-dimensional polytope: {A x <= b} has no interior "
                    "point (it lies in a hyperplane)"
                )
            lower, upper = [], []
            As = [list(a) for a, _ in cons]
            bs = [beta for _, beta in cons]
            for i in range(n):
                for sign, store in ((1, upper), (-1, lower)):
                    ci = [Fraction(0)] * n
                    ci[i] = Fraction(sign)
                    status, value, _ = lp_max_free(ci, As, bs)
                    if status != "optimal":
                        raise DomainError(
                            f"Argument 'A' with 'b' must describe a bounded polytope: {{A x <= b}} is unbounded in "
                            f"coordinate {i} (add bounds on every coordinate, e.g. a box)"
                        )
                    store.append(sign * value)
        object.__setattr__(self, "lower", tuple(lower))
        object.__setattr__(self, "upper", tuple(upper))
        if n == 1:
            object.__setattr__(self, "vertices", ((lower[0],), (upper[0],)))
            object.__setattr__(self, "measure", upper[0] - lower[0])
        elif n == 2:
            poly = [(lower[0], lower[1]), (upper[0], lower[1]), (upper[0], upper[1]), (lower[0], upper[1])]
            for a, beta in cons:
                poly = _dedupe(clip_polygon(poly, a[0], a[1], beta))
            object.__setattr__(self, "vertices", tuple(poly))
            object.__setattr__(self, "measure", polygon_area(poly))
        else:
            object.__setattr__(self, "vertices", ())
            object.__setattr__(self, "measure", None)

    def contains(self, x) -> bool:
        """``A x <= b`` (exact).

        >>> Box([0], [1]).contains([1]), Box([0], [1]).contains(["3/2"])
        (True, False)
        """
        x = [as_rational(v, f"x[{i}]") for i, v in enumerate(x)]
        return all(sum((ai * xi for ai, xi in zip(a, x)), Fraction(0)) <= beta for a, beta in self.constraints)

    def to_dict(self) -> dict:
        """JSON form ``{"type": "polytope", "A": [[...]], "b": [...]}`` (rationals as strings)."""
        return {"type": "polytope", "A": [[to_str(v) for v in a] for a in self.A], "b": [to_str(v) for v in self.b]}

    def describe(self) -> str:
        return f"the polytope {{A x <= b}} in R^{self.dim} ({len(self.constraints)} inequalities)"


def _dedupe(poly):
    out = []
    for p in poly:
        if not out or out[-1] != p:
            out.append(p)
    while len(out) > 1 and out[0] == out[-1]:
        out.pop()
    return out


@dataclass(frozen=True)
class Box(Polytope):
    """The box ``lower <= x <= upper`` (rational, ``lower < upper`` in every coordinate).

    The corners are sequences of exact numbers, QArrays, or integer numpy arrays / torch tensors; float arrays are
    refused unless ``floats="exact"`` (each float's exact binary value) or ``floats="round"`` with ``denominator``
    (see :func:`exactnet.core.arrays.as_rational_array`).

    >>> Box([-1], [1]).vertices, Box([-1], [1]).measure
    (((Fraction(-1, 1),), (Fraction(1, 1),)), Fraction(2, 1))
    >>> Box(np.array([-0.5, 0.0]), np.array([0.5, 0.25]), floats="exact").upper
    (Fraction(1, 2), Fraction(1, 4))
    """

    A: Any = field(init=False, repr=False)
    b: Any = field(init=False, repr=False)
    lower: Any
    upper: Any

    def __init__(self, lower: Any, upper: Any, *, floats: str = "refuse", denominator: Any = None):
        lo = _vector(lower, "lower", floats, denominator)
        hi = _vector(upper, "upper", floats, denominator)
        if len(lo) != len(hi):
            raise ShapeError(f"Arguments 'lower' and 'upper' must have the same length, not {len(lo)} and {len(hi)}")
        for i, (l, u) in enumerate(zip(lo, hi)):
            if u <= l:
                raise DomainError(
                    f"Argument 'upper' must be > 'lower' in every coordinate (a full-dimensional box), "
                    f"not upper[{i}] = {to_str(u)} <= lower[{i}] = {to_str(l)}"
                )
        n = len(lo)
        if n > MAX_BOX_DIM:
            raise ResourceLimitError(
                f"a box in dimension {n} is held as {2 * n} inequalities of {n} coefficients ({2 * n * n} entries); "
                f"boxes have at most {MAX_BOX_DIM} dimensions: restrict the inputs (fix most coordinates) first")
        cons, zero, one = [], Fraction(0), Fraction(1)  # shared entries: 2 n^2 references, no new objects
        for i in range(n):
            cons.append(((zero,) * i + (one,) + (zero,) * (n - 1 - i), hi[i]))
            cons.append(((zero,) * i + (-one,) + (zero,) * (n - 1 - i), -lo[i]))
        object.__setattr__(self, "A", tuple(a for a, _ in cons))
        object.__setattr__(self, "b", tuple(beta for _, beta in cons))
        self._setup(n, cons, lo, hi)

    def to_dict(self) -> dict:
        """JSON form ``{"type": "box", "lower": [...], "upper": [...]}``."""
        return {"type": "box", "lower": [to_str(v) for v in self.lower], "upper": [to_str(v) for v in self.upper]}

    def describe(self) -> str:
        return "the box " + " x ".join(f"[{to_str(l)}, {to_str(u)}]" for l, u in zip(self.lower, self.upper))

    def __repr__(self) -> str:
        return f"Box({[to_str(v) for v in self.lower]}, {[to_str(v) for v in self.upper]})"


def as_domain(domain: Any, dim: int) -> Polytope:
    """A Box/Polytope of dimension ``dim``; a pair ``(lower, upper)`` is read as a Box.

    >>> as_domain(([0], [1]), 1).measure
    Fraction(1, 1)
    """
    if isinstance(domain, tuple) and len(domain) == 2 and not isinstance(domain, Polytope):
        domain = Box(domain[0], domain[1])
    if not isinstance(domain, Polytope):
        raise InvalidArgumentError(f"Argument 'domain' must be a Box or Polytope, not {describe(domain)}")
    if domain.dim != dim:
        raise ShapeError(f"Argument 'domain' must have dimension {dim} (the network's input dimension), not {domain.dim}")
    return domain


def domain_from_dict(obj: Any, field_name: str = "domain") -> Polytope:
    """Inverse of ``to_dict`` (rationals as strings or ints).

    >>> domain_from_dict(Box([0], ["1/2"]).to_dict()).upper
    (Fraction(1, 2),)
    """
    if not isinstance(obj, dict) or obj.get("type") not in ("box", "polytope"):
        raise InvalidArgumentError(f"Argument '{field_name}' must be a box or polytope JSON object, not {describe(obj)}")
    if obj["type"] == "box":
        return Box(obj["lower"], obj["upper"])
    return Polytope(obj["A"], obj["b"])
