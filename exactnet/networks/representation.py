r"""Representation layers: the M functions ``f_0..f_{M-1}`` a ConvAC applies to every patch.

A :class:`Representation` fixes the representation functions *and* the templates at which the grid
tensor is sampled. Its matrix ``F`` has shape (T, M) with ``F[t, d] = f_d(template_t)`` (0-based
templates t and functions d); the grid tensor of a network is its coefficient tensor multiplied by
``F`` on every mode.

Kinds
-----
``identity``
    ``f_d(x) = x_d`` on patches of dimension M; templates are the unit vectors, ``F = I``.
``matrix``
    Only ``F`` is given (the functions are known at the templates only), so ``features`` and
    ``evaluate`` at arbitrary patches are not available.
``monomial``
    Scalar patches, ``f_d(x) = x**d`` for d = 0..M-1 (``x**0 = 1``); ``F`` is a Vandermonde matrix.
``relu``
    ``f_d(x) = max(w_d . x + b_d, 0)`` with exact weights ``w_d`` (M x s) and biases ``b_d``.

ReLU features whose ``F`` is lower triangular with ``epsilon`` on the diagonal (so
``det F = epsilon**M != 0``) from any distinct templates: :func:`exactnet.relu_templates`.

Examples
--------
>>> rep = Representation.monomials(["0", "1", "2"], 3)
>>> rep.matrix.tolist_str()
[['1', '0', '0'], ['1', '1', '1'], ['1', '2', '4']]
>>> rep.features("1/2")
(Fraction(1, 1), Fraction(1, 2), Fraction(1, 4))
>>> Representation.from_dict(rep.to_dict()) == rep
True
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Sequence

import numpy as np

from ..core.qarray import QArray
from ..core.rational import as_positive_int, as_rational, to_str
from ..errors import DomainError, FormatError, InvalidArgumentError, ShapeError
from ..tensors.memory import check_dense_size
from ._common import (
    as_matrix,
    as_vector,
    describe,
    json_array,
    json_int,
    join,
    require_keys,
    shape_error,
)

__all__ = ["Representation", "KINDS"]

#: The kinds of representation layers.
KINDS = ("identity", "matrix", "monomial", "relu")


def _fractions_to_qarray(rows: Sequence[Sequence[Fraction]], shape: tuple[int, ...]) -> QArray:
    arr = np.empty(shape, dtype=object)
    flat = [x for row in rows for x in row] if len(shape) == 2 else list(rows)
    arr.reshape(-1)[:] = flat
    return QArray.from_fractions(arr)


def _coerce_patch(x: Any, dim: int, name: str) -> tuple[Fraction, ...]:
    """An exact patch of dimension ``dim`` (a scalar is accepted when dim == 1)."""
    if isinstance(x, QArray):
        x = x.tolist()
    if isinstance(x, (list, tuple, np.ndarray)):
        seq = list(x)
        if len(seq) != dim:
            raise ShapeError(
                f"Argument '{name}' must be a patch of dimension {dim}, not a sequence of length {len(seq)}"
            )
        return tuple(as_rational(v, f"{name}[{k}]") for k, v in enumerate(seq))
    if dim != 1:
        raise ShapeError(
            f"Argument '{name}' must be a patch of dimension {dim} (a sequence of {dim} exact numbers), "
            f"not the scalar {describe(x)}"
        )
    return (as_rational(x, name),)


def _sympy_rational(q: Fraction):
    import sympy

    return sympy.Rational(q.numerator, q.denominator)


@dataclass(frozen=True, eq=True)
class Representation:
    """An exact representation layer (immutable). Build it with the named constructors.

    Attributes
    ----------
    kind : str
        ``"identity"``, ``"matrix"``, ``"monomial"`` or ``"relu"``.
    matrix : QArray
        ``F``, shape (T, M): ``F[t, d] = f_d(template_t)`` (0-based).
    templates : QArray or None
        monomial: shape (T,) scalar templates; relu: shape (T, s); None for identity (unit vectors)
        and matrix kinds.
    weights, biases : QArray or None
        relu only: ``w`` of shape (M, s) and ``b`` of shape (M,).

    Examples
    --------
    >>> Representation.identity(2).matrix.tolist_str()
    [['1', '0'], ['0', '1']]
    >>> Representation.identity(2).features([3, "1/2"])
    (Fraction(3, 1), Fraction(1, 2))
    """

    kind: str
    matrix: QArray
    templates: QArray | None = None
    weights: QArray | None = None
    biases: QArray | None = None

    def __post_init__(self):
        if self.kind not in KINDS:
            raise InvalidArgumentError(f"Argument 'kind' must be one of {KINDS}, not {describe(self.kind)}")
        if not isinstance(self.matrix, QArray) or self.matrix.ndim != 2 or 0 in self.matrix.shape:
            raise ShapeError(f"Argument 'matrix' must be a non-empty QArray of shape (T, M), not {describe(self.matrix)}")
        T, M = self.matrix.shape
        if self.kind == "identity" and T != M:
            raise ShapeError(f"Argument 'matrix' of an identity representation must be square, not {self.matrix.shape}")
        if self.kind == "monomial" and (self.templates is None or self.templates.shape != (T,)):
            raise ShapeError(f"Argument 'templates' of a monomial representation must have shape ({T},)")
        if self.kind == "relu":
            if self.templates is None or self.weights is None or self.biases is None:
                raise ShapeError("A relu representation needs 'templates', 'weights' and 'biases'")
            s = self.weights.shape[1]
            if self.weights.shape != (M, s) or self.biases.shape != (M,) or self.templates.shape != (T, s):
                raise ShapeError(
                    f"Inconsistent relu representation: weights {self.weights.shape}, biases {self.biases.shape}, "
                    f"templates {self.templates.shape}, matrix {self.matrix.shape}"
                )

    # ---------------------------------------------------------------- constructors
    @classmethod
    def identity(cls, M: int) -> "Representation":
        """``f_d(x) = x_d`` on M-dimensional patches; the templates are the unit vectors, F = I.

        >>> Representation.identity(3).M, Representation.identity(3).patch_dim
        (3, 3)
        """
        M = as_positive_int(M, "M")
        check_dense_size((M, M), what="identity representation matrix F (M x M)")
        return cls("identity", QArray.identity(M))

    @classmethod
    def from_matrix(cls, F: Any) -> "Representation":
        """A representation known only through its matrix ``F`` (T x M) at the templates.

        >>> Representation.from_matrix([[1, 2], [3, 4], [5, 6]]).num_templates
        3
        """
        return cls("matrix", as_matrix(F, "F"))

    @classmethod
    def monomials(cls, templates: Sequence[Any], M: int) -> "Representation":
        """Scalar patches, ``f_d(x) = x**d`` (d = 0..M-1), sampled at the scalar ``templates``.

        ``F[t, d] = templates[t]**d`` is a (T x M) Vandermonde matrix, invertible iff T == M and
        the templates are distinct.

        >>> Representation.monomials([2, 3], 2).matrix.tolist_str()
        [['1', '2'], ['1', '3']]
        """
        M = as_positive_int(M, "M")
        if isinstance(templates, (str, bytes)) or not isinstance(templates, (list, tuple, np.ndarray, QArray)):
            raise InvalidArgumentError(
                f"Argument 'templates' must be a non-empty sequence of exact scalars, not {describe(templates)}"
            )
        tq = as_vector(templates, "templates")
        if tq.size == 0:
            raise ShapeError("Argument 'templates' must hold at least one template, not an empty sequence")
        ts = tq.tolist()
        bits = max(max(abs(t.numerator).bit_length(), t.denominator.bit_length()) for t in ts)
        # entry t**d holds about bits*d bits in numerator and denominator: estimate before the powers
        check_dense_size((len(ts), M), what="monomial representation matrix F (Vandermonde, T x M)",
                         entry_bytes=32 + (2 * bits * (M - 1)) // 16)
        rows = [[t**d for d in range(M)] for t in ts]
        return cls("monomial", _fractions_to_qarray(rows, (len(ts), M)), templates=tq)

    @classmethod
    def relu(cls, weights: Any, biases: Any, templates: Any) -> "Representation":
        """``f_d(x) = max(w_d . x + b_d, 0)``; ``weights`` (M x s), ``biases`` (M,), ``templates`` (T x s).

        For s == 1 the templates may be given as a flat list of scalars.

        >>> rep = Representation.relu([[1], [-1]], [0, 1], [0, 2])
        >>> rep.matrix.tolist_str()
        [['0', '1'], ['2', '0']]
        >>> rep.features(-3)
        (Fraction(0, 1), Fraction(4, 1))
        """
        W = as_matrix(weights, "weights")
        M, s = W.shape
        b = as_vector(biases, "biases")
        if b.shape != (M,):
            raise shape_error("biases", f"have shape ({M},) (one bias per row of 'weights')", f"shape {b.shape}")
        if isinstance(templates, (str, bytes)) or templates is None:
            raise InvalidArgumentError(f"Argument 'templates' must be a sequence of patches, not {describe(templates)}")
        X = templates if isinstance(templates, QArray) else QArray.from_nested(templates, "templates")
        if X.ndim == 1 and s == 1:
            X = X.reshape(X.shape[0], 1)
        if X.ndim != 2 or X.shape[1] != s or X.shape[0] == 0:
            raise shape_error("templates", f"have shape (T, {s}) with T >= 1 (one patch of dimension {s} per row)",
                              f"shape {X.shape}")
        check_dense_size((X.shape[0], M), what="relu representation matrix F (T x M)")
        Wf, bf, Xf = W.tolist(), b.tolist(), X.tolist()
        rows = [[max(sum((w * x for w, x in zip(Wf[d], xt)), Fraction(0)) + bf[d], Fraction(0)) for d in range(M)]
                for xt in Xf]
        return cls("relu", _fractions_to_qarray(rows, (len(Xf), M)), templates=X, weights=W, biases=b)

    # ---------------------------------------------------------------- facts
    @property
    def M(self) -> int:
        """Number of representation functions (columns of F)."""
        return self.matrix.shape[1]

    @property
    def num_templates(self) -> int:
        """Number of templates T (rows of F = mode size of the grid tensor)."""
        return self.matrix.shape[0]

    @property
    def patch_dim(self) -> int | None:
        """Dimension s of a patch (identity: M; monomial: 1; relu: s; matrix: None = no patch domain)."""
        if self.kind == "identity":
            return self.M
        if self.kind == "monomial":
            return 1
        if self.kind == "relu":
            return self.weights.shape[1]
        return None

    def template_patch(self, t: int) -> Any:
        """The exact patch of template ``t`` (0-based): a Fraction when patch_dim == 1, else a tuple.

        >>> Representation.identity(3).template_patch(1)
        (Fraction(0, 1), Fraction(1, 1), Fraction(0, 1))
        """
        T = self.num_templates
        if isinstance(t, bool) or not isinstance(t, (int, np.integer)) or not 0 <= int(t) < T:
            raise InvalidArgumentError(f"Argument 't' must be a template index in 0..{T - 1} (0-based), not {describe(t)}")
        t = int(t)
        if self.kind == "identity":
            patch = tuple(Fraction(int(k == t)) for k in range(self.M))
        elif self.kind == "monomial":
            patch = (self.templates[t],)
        elif self.kind == "relu":
            patch = tuple(self.templates[t].tolist())
        else:
            raise DomainError(
                "A 'matrix' representation has no patches: its functions are known at the templates only; "
                "use evaluate_templates / the grid tensor instead"
            )
        return patch[0] if len(patch) == 1 else patch

    def features(self, x: Any, name: str = "x") -> tuple[Fraction, ...]:
        """Exact values ``(f_0(x), ..., f_{M-1}(x))`` at an exact patch ``x`` (scalar allowed for patch_dim 1).

        ``name`` is the argument name used in error messages.

        >>> Representation.relu([[1, 1]], [-1], [[0, 0]]).features(["1/2", 2])
        (Fraction(3, 2),)
        """
        s = self.patch_dim
        if s is None:
            raise DomainError(
                "A 'matrix' representation defines f_d only at its templates, so it cannot be evaluated at "
                f"the patch {describe(x)}; use evaluate_templates (template indices) instead"
            )
        p = _coerce_patch(x, s, name)
        if self.kind == "identity":
            return p
        if self.kind == "monomial":
            return tuple(p[0] ** d for d in range(self.M))
        W, b = self.weights.tolist(), self.biases.tolist()
        return tuple(max(sum((w * v for w, v in zip(W[d], p)), Fraction(0)) + b[d], Fraction(0))
                     for d in range(self.M))

    def sympy_features(self, symbols: Any) -> list:
        """The M functions as SymPy expressions in ``symbols`` (one symbol if patch_dim == 1, else a list).

        Coefficients are exact ``sympy.Rational``.

        >>> import sympy
        >>> x = sympy.Symbol("x")
        >>> Representation.monomials([0, 1, 2], 3).sympy_features(x)
        [1, x, x**2]
        """
        import sympy

        s = self.patch_dim
        if s is None:
            raise DomainError("A 'matrix' representation has no formula for its functions; it is known at the templates only")
        if isinstance(symbols, (list, tuple)):
            syms = list(symbols)
        else:
            syms = [symbols]
        if len(syms) != s:
            raise ShapeError(f"Argument 'symbols' must hold {s} SymPy symbols/expressions (the patch dimension), not {len(syms)}")
        syms = [sympy.sympify(v) for v in syms]
        if self.kind == "identity":
            return syms
        if self.kind == "monomial":
            return [syms[0] ** d for d in range(self.M)]
        W, b = self.weights.tolist(), self.biases.tolist()
        return [
            sympy.Max(sympy.Add(*[_sympy_rational(w) * v for w, v in zip(W[d], syms)]) + _sympy_rational(b[d]), 0)
            for d in range(self.M)
        ]

    # ---------------------------------------------------------------- JSON
    def to_dict(self) -> dict:
        """The JSON form (design.md): rationals as strings.

        >>> Representation.identity(3).to_dict()
        {'type': 'identity', 'M': 3}
        """
        if self.kind == "identity":
            return {"type": "identity", "M": self.M}
        if self.kind == "matrix":
            return {"type": "matrix", "F": self.matrix.tolist_str()}
        if self.kind == "monomial":
            return {"type": "monomial", "M": self.M, "templates": self.templates.tolist_str()}
        return {
            "type": "relu",
            "weights": self.weights.tolist_str(),
            "biases": self.biases.tolist_str(),
            "templates": self.templates.tolist_str(),
        }

    @classmethod
    def from_dict(cls, obj: Any, path: str = "representation") -> "Representation":
        """Parse and validate the JSON form; errors are :class:`FormatError` naming the field (JSON path).

        >>> Representation.from_dict({"type": "monomial", "M": 2, "templates": ["0", 1.5]})
        Traceback (most recent call last):
          ...
        exactnet.errors.FormatError: representation.templates[1]: a rational must be a string such as "3/4" or an int, not the JSON float 1.5: floats are not exact; write the number as a string
        """
        if not isinstance(obj, dict):
            raise FormatError(f"must be a JSON object, not {describe(obj)}", path)
        kind = obj.get("type")
        if kind == "identity":
            require_keys(obj, path, ["type", "M"])
            return cls.identity(json_int(obj["M"], join(path, "M"), minimum=1))
        if kind == "matrix":
            require_keys(obj, path, ["type", "F"])
            F = json_array(obj["F"], join(path, "F"), 2)
            if 0 in F.shape:
                raise FormatError(f"must have at least one row and one column, not shape {F.shape}", join(path, "F"))
            return cls("matrix", F)
        if kind == "monomial":
            require_keys(obj, path, ["type", "M", "templates"])
            M = json_int(obj["M"], join(path, "M"), minimum=1)
            tq = json_array(obj["templates"], join(path, "templates"), 1)
            if tq.size == 0:
                raise FormatError("must hold at least one template", join(path, "templates"))
            return cls.monomials(tq, M)
        if kind == "relu":
            require_keys(obj, path, ["type", "weights", "biases", "templates"])
            W = json_array(obj["weights"], join(path, "weights"), 2)
            if 0 in W.shape:
                raise FormatError(f"must have at least one row and one column, not shape {W.shape}", join(path, "weights"))
            M, s = W.shape
            b = json_array(obj["biases"], join(path, "biases"), 1, shape=(M,))
            X = json_array(obj["templates"], join(path, "templates"), 2)
            if X.shape[0] == 0 or X.shape[1] != s:
                raise FormatError(f"must have shape (T, {s}) with T >= 1, not {X.shape}", join(path, "templates"))
            return cls.relu(W, b, X)
        raise FormatError(f"must be one of {list(KINDS)}, not {describe(kind)}", join(path, "type"))


def _relu_templates_representation(
    templates: Sequence[Any], eps: Any = None, direction: Any = None
) -> tuple[Representation, Fraction]:
    r"""ReLU features with an invertible lower-triangular F built from distinct templates.

    Project the templates on a direction ``w`` with distinct projections, sort them so that
    ``t_0 < t_1 < ... < t_{T-1}`` (``t_i = w . x_i``) and set ``f_d(x) = max(w . x - t_d + eps, 0)``.
    Then ``F[i, d] = max(t_i - t_d + eps, 0)`` is lower triangular with ``eps`` on the diagonal, so
    ``det F = eps**T != 0`` (M = T).

    Parameters
    ----------
    templates : sequence
        T distinct patches (exact scalars, or exact vectors of one dimension s).
    eps : exact rational, optional
        Must satisfy ``0 < eps < min gap`` of the sorted projections; default ``min gap / 2``
        (1 when T == 1).
    direction : sequence, optional
        ``w`` (length s). Default: ``(1,)`` for scalars, else the first ``(1, c, c^2, ...)``, c = 1, 2, ...,
        giving distinct projections.

    Returns
    -------
    (Representation, Fraction)
        The relu representation, **whose templates are the given ones sorted by w . x**, and ``det F``.

    Raises
    ------
    DomainError
        Two templates are equal (or have equal projections on the given direction); the message names them.

    Examples
    --------
    >>> rep, det = _relu_templates_representation([0, 1, 2], eps="1/2")
    >>> rep.matrix.tolist_str(), det
    ([['1/2', '0', '0'], ['3/2', '1/2', '0'], ['5/2', '3/2', '1/2']], Fraction(1, 8))
    """
    if isinstance(templates, (str, bytes)) or not isinstance(templates, (list, tuple, np.ndarray, QArray)):
        raise InvalidArgumentError(f"Argument 'templates' must be a non-empty sequence of patches, not {describe(templates)}")
    items = templates.tolist() if isinstance(templates, (QArray, np.ndarray)) else list(templates)
    if not items:
        raise ShapeError("Argument 'templates' must hold at least one template, not an empty sequence")
    first = items[0]
    s = len(first) if isinstance(first, (list, tuple, np.ndarray)) else 1
    pts = [_coerce_patch(x, s, f"templates[{k}]") for k, x in enumerate(items)]
    seen: dict[tuple, int] = {}
    for k, p in enumerate(pts):
        if p in seen:
            j = seen[p]
            raise DomainError(
                f"Argument 'templates' must hold distinct templates, but templates[{j}] and templates[{k}] are "
                f"equal: {_show(p)}; remove the duplicate (equal templates give equal rows of F, so F is singular)"
            )
        seen[p] = k

    def projections(w):
        return [sum((a * b for a, b in zip(w, p)), Fraction(0)) for p in pts]

    if direction is None:
        c = 1
        while True:
            w = tuple(Fraction(c) ** k for k in range(s))
            proj = projections(w)
            if len(set(proj)) == len(proj):
                break
            c += 1
    else:
        w = _coerce_patch(direction, s, "direction")
        proj = projections(w)
        firsts: dict[Fraction, int] = {}
        for k, t in enumerate(proj):
            if t in firsts:
                j = firsts[t]
                raise DomainError(
                    f"Argument 'direction' must give distinct projections w.x, but templates[{j}] = {_show(pts[j])} "
                    f"and templates[{k}] = {_show(pts[k])} both project to {to_str(t)}; choose another direction "
                    "(or omit it to get one automatically)"
                )
            firsts[t] = k
    order = sorted(range(len(pts)), key=lambda k: proj[k])
    ts = [proj[k] for k in order]
    T = len(ts)
    gaps = [b - a for a, b in zip(ts, ts[1:])]
    min_gap = min(gaps) if gaps else None
    if eps is None:
        e = min_gap / 2 if min_gap is not None else Fraction(1)
    else:
        e = as_rational(eps, "eps")
        if e <= 0 or (min_gap is not None and e >= min_gap):
            bound = f"0 < eps < {to_str(min_gap)} (the smallest gap between sorted projections)" if min_gap is not None else "eps > 0"
            raise InvalidArgumentError(f"Argument 'eps' must satisfy {bound}, not {describe(eps)}")
    W = [list(w) for _ in range(T)]
    b = [e - t for t in ts]
    X = [list(pts[k]) for k in order]
    rep = Representation.relu(W, b, X)
    return rep, e**T


def _show(p: tuple) -> str:
    return to_str(p[0]) if len(p) == 1 else "(" + ", ".join(to_str(v) for v in p) + ")"
