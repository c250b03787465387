r"""Exact piecewise-linear (PWL) networks: affine layers, ReLU, leaky ReLU, absolute value, maxout, max-pooling.

A :class:`PWLNetwork` is a frozen sequence of layers acting on vectors of rationals
(``fractions.Fraction``).  Weight matrices are ``(out, in)`` like everywhere in exactnet;
unit indices are **0-based**.

Activation pattern (Serra et al. 2018, Def. 2), one tuple per *nonlinear* layer:

* ``ReLU``, ``LeakyReLU``, ``Abs``: ``1`` where the pre-activation is ``> 0``, else ``0``
  (so a unit at exactly 0 counts as inactive: ties are broken towards 0);
* ``Maxout(k)``, ``MaxPool(groups)``: for each output unit, the 0-based position (inside its
  group) of the first maximal input (ties are broken towards the smallest position).

Examples
--------
>>> net = relu_network([[[1], [-1]]], [[0, 0]], output_weights=[[1, 1]])   # |x| = relu(x) + relu(-x)
>>> net.evaluate(["-3/2"])
(Fraction(3, 2),)
>>> net.pattern([2])
((1, 0),)
>>> A, c = net.affine_map_at([-1])
>>> A.tolist(), c.tolist()
([[Fraction(-1, 1)]], [Fraction(0, 1)])
>>> PWLNetwork.from_dict(net.to_dict()) == net
True
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Sequence

import numpy as np

from ..core.arrays import as_rational_array, is_tensor, to_numpy
from ..core.qarray import INT64_SAFE, QArray, as_object, max_abs
from ..core.rational import as_rational, to_str
from ..errors import FormatError, InexactInputError, InvalidArgumentError, ShapeError
from ..errors import describe_value as describe
from ._common import as_matrix, as_vector, check_format, json_array, json_int, json_rational, join, require_keys

__all__ = [
    "Affine",
    "ReLU",
    "LeakyReLU",
    "Abs",
    "Maxout",
    "MaxPool",
    "PWLNetwork",
    "relu_network",
    "from_numpy",
    "from_torch",
    "conv_affine",
    "max_pool_layer",
    "avg_pool_affine",
    "PWL_KIND",
]

PWL_KIND = "pwl-network"


def _int_form(W: QArray, b: QArray) -> tuple[tuple[tuple[int, ...], ...], tuple[int, ...], int]:
    """(Wn, bn, d) with W = Wn/d, b = bn/d, integers (Python ints)."""
    Wf = W.to_fractions()
    bf = b.to_fractions()
    d = 1
    for q in list(Wf.ravel()) + list(bf.ravel()):
        d = math.lcm(d, Fraction(q).denominator)
    Wn = tuple(tuple(int(Fraction(q) * d) for q in row) for row in Wf)
    bn = tuple(int(Fraction(q) * d) for q in bf)
    return Wn, bn, d


@dataclass(frozen=True, eq=False)
class Affine:
    """``x -> W x + b`` with ``W`` of shape ``(out, in)`` and ``b`` of shape ``(out,)`` (exact).

    >>> Affine([[1, "1/2"]], [3]).out_dim
    1
    >>> Affine([[0.5]], [0])
    Traceback (most recent call last):
      ...
    exactnet.errors.InexactInputError: Argument 'W[0][0]' must be an exact rational, not 0.5 (type=float)...
    """

    W: Any
    b: Any
    _Wn: tuple = field(init=False, repr=False)
    _bn: tuple = field(init=False, repr=False)
    _d: int = field(init=False, repr=False)

    def __post_init__(self) -> None:
        W = as_matrix(self.W, "W")
        b = as_vector(self.b, "b")
        if b.shape[0] != W.shape[0]:
            raise ShapeError(
                f"Argument 'b' must have length {W.shape[0]} (the number of rows of W), not {b.shape[0]}"
            )
        object.__setattr__(self, "W", W)
        object.__setattr__(self, "b", b)
        Wn, bn, d = _int_form(W, b)
        object.__setattr__(self, "_Wn", Wn)
        object.__setattr__(self, "_bn", bn)
        object.__setattr__(self, "_d", d)

    @property
    def in_dim(self) -> int:
        return self.W.shape[1]

    @property
    def out_dim(self) -> int:
        return self.W.shape[0]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Affine) and self.W == other.W and self.b == other.b

    def __hash__(self) -> int:
        return hash((self.W, self.b))


@dataclass(frozen=True)
class ReLU:
    """``max(z, 0)`` unit-wise.  Pattern bit 1 iff ``z > 0``.

    >>> PWLNetwork(1, [ReLU()]).evaluate(["-1/2"])
    (Fraction(0, 1),)
    """


@dataclass(frozen=True)
class LeakyReLU:
    """``z`` if ``z > 0`` else ``slope * z`` (exact rational slope).  Pattern bit 1 iff ``z > 0``.

    >>> LeakyReLU("1/10").slope
    Fraction(1, 10)
    """

    slope: Any

    def __post_init__(self) -> None:
        object.__setattr__(self, "slope", as_rational(self.slope, "slope"))


@dataclass(frozen=True)
class Abs:
    """``|z|`` unit-wise.  Pattern bit 1 iff ``z > 0``.

    >>> PWLNetwork(1, [Abs()]).evaluate(["-1/2"]), PWLNetwork(1, [Abs()]).pattern([0])
    ((Fraction(1, 2),), ((0,),))
    """


@dataclass(frozen=True)
class Maxout:
    """Rank-``k`` maxout: output unit ``j`` is ``max(z[j*k], ..., z[j*k+k-1])`` (consecutive blocks, 0-based).

    >>> Maxout(2).k
    2
    """

    k: int

    def __post_init__(self) -> None:
        if isinstance(self.k, bool) or not isinstance(self.k, (int, np.integer)) or int(self.k) < 1:
            raise InvalidArgumentError(f"Argument 'k' must be an integer >= 1, not {describe(self.k)}")
        object.__setattr__(self, "k", int(self.k))


@dataclass(frozen=True)
class MaxPool:
    """Max-pooling over index groups: output unit ``j`` is ``max(z[i] for i in groups[j])`` (0-based indices).

    >>> MaxPool([[0, 1], [1, 2]]).groups
    ((0, 1), (1, 2))
    """

    groups: Any

    def __post_init__(self) -> None:
        g = self.groups
        if isinstance(g, (str, bytes)) or not isinstance(g, (list, tuple)) or not g:
            raise InvalidArgumentError(
                f"Argument 'groups' must be a non-empty sequence of non-empty index tuples, not {describe(g)}"
            )
        out = []
        for j, grp in enumerate(g):
            if isinstance(grp, (str, bytes)) or not isinstance(grp, (list, tuple)) or not grp:
                raise InvalidArgumentError(
                    f"Argument 'groups[{j}]' must be a non-empty tuple of 0-based unit indices, not {describe(grp)}"
                )
            row = []
            for i in grp:
                if isinstance(i, bool) or not isinstance(i, (int, np.integer)) or int(i) < 0:
                    raise InvalidArgumentError(
                        f"Argument 'groups[{j}]' must contain 0-based unit indices (ints >= 0), not {describe(i)}"
                    )
                row.append(int(i))
            if len(set(row)) != len(row):
                raise InvalidArgumentError(f"Argument 'groups[{j}]' must not repeat an index, not {tuple(row)!r}")
            out.append(tuple(row))
        object.__setattr__(self, "groups", tuple(out))


_ACTIVATIONS = (ReLU, LeakyReLU, Abs, Maxout, MaxPool)
_LAYER_TYPES = (Affine,) + _ACTIVATIONS


def _out_dim(layer: Any, n: int, idx: int) -> int:
    """Output width of ``layer`` on ``n`` inputs; ShapeError naming the layer index."""
    if isinstance(layer, Affine):
        if layer.in_dim != n:
            raise ShapeError(
                f"Argument 'layers[{idx}]' (Affine) must take {n} inputs (the width before it), "
                f"not a weight matrix with {layer.in_dim} columns"
            )
        return layer.out_dim
    if isinstance(layer, Maxout):
        if n % layer.k:
            raise ShapeError(
                f"Argument 'layers[{idx}]' (Maxout k={layer.k}) needs a width divisible by {layer.k}, not {n}"
            )
        return n // layer.k
    if isinstance(layer, MaxPool):
        bad = [i for g in layer.groups for i in g if i >= n]
        if bad:
            raise ShapeError(
                f"Argument 'layers[{idx}]' (MaxPool) uses unit index {bad[0]} but the width before it is {n} "
                "(indices are 0-based)"
            )
        return len(layer.groups)
    return n


def _times(num: np.ndarray, c: int) -> np.ndarray:
    """``num * c`` exactly (int64 while safe, Python ints beyond)."""
    if num.dtype != object and abs(c) < INT64_SAFE and max_abs(num) * abs(c) < INT64_SAFE:
        return num * c
    return as_object(num) * c


def _add_row(V: QArray, b: QArray) -> QArray:
    """``V + b`` with the vector ``b`` added to every row (exact, common denominators)."""
    den = V.den * b.den // math.gcd(V.den, b.den)
    x, y = _times(V.num, den // V.den), _times(b.num, den // b.den)
    if x.dtype == object or y.dtype == object or max_abs(x) + max_abs(y) >= INT64_SAFE:
        x, y = as_object(x), as_object(y)
    return QArray(x + y[None, :], den)


def _argmax_obj(G: np.ndarray) -> np.ndarray:
    """First argmax along the last axis of an object (Python int) array."""
    out = np.zeros(G.shape[:-1], dtype=np.int64)
    for idx in np.ndindex(*G.shape[:-1]):
        row = G[idx]
        best = 0
        for k in range(1, len(row)):
            if row[k] > row[best]:
                best = k
        out[idx] = best
    return out


def groups_of(layer: Any, n: int) -> tuple[tuple[int, ...], ...]:
    """The index groups of a Maxout / MaxPool layer on width ``n``.

    >>> groups_of(Maxout(2), 4)
    ((0, 1), (2, 3))
    """
    if isinstance(layer, Maxout):
        return tuple(tuple(range(j * layer.k, (j + 1) * layer.k)) for j in range(n // layer.k))
    return layer.groups


@dataclass(frozen=True, eq=False)
class PWLNetwork:
    """A piecewise-linear network ``R^{input_dim} -> R^{output_dim}``: a frozen sequence of layers.

    Parameters
    ----------
    input_dim : int
        n_0 >= 1.
    layers : sequence
        Affine, ReLU, LeakyReLU, Abs, Maxout, MaxPool objects, applied in order.

    Examples
    --------
    >>> net = PWLNetwork(2, [Affine([[1, 0], [0, 1]], [0, 0]), Maxout(2)])
    >>> net.output_dim, net.evaluate([1, "5/2"]), net.pattern([3, 1])
    (1, (Fraction(5, 2),), ((0,),))
    >>> PWLNetwork(2, [Affine([[1, 0, 0]], [0])])
    Traceback (most recent call last):
      ...
    exactnet.errors.ShapeError: Argument 'layers[0]' (Affine) must take 2 inputs (the width before it), not a weight matrix with 3 columns
    """

    input_dim: int
    layers: tuple
    widths: tuple = field(init=False, repr=False)

    def __post_init__(self) -> None:
        n0 = self.input_dim
        if isinstance(n0, bool) or not isinstance(n0, (int, np.integer)) or int(n0) < 1:
            raise InvalidArgumentError(f"Argument 'input_dim' must be an integer >= 1, not {describe(n0)}")
        object.__setattr__(self, "input_dim", int(n0))
        layers = self.layers
        if isinstance(layers, (str, bytes)) or not isinstance(layers, (list, tuple)):
            raise InvalidArgumentError(f"Argument 'layers' must be a sequence of layers, not {describe(layers)}")
        widths = [int(n0)]
        for idx, layer in enumerate(layers):
            if not isinstance(layer, _LAYER_TYPES):
                raise InvalidArgumentError(
                    f"Argument 'layers[{idx}]' must be an Affine, ReLU, LeakyReLU, Abs, Maxout or MaxPool layer, "
                    f"not {describe(layer)}"
                )
            widths.append(_out_dim(layer, widths[-1], idx))
        object.__setattr__(self, "layers", tuple(layers))
        object.__setattr__(self, "widths", tuple(widths))

    # ------------------------------------------------------------------ basic
    @property
    def output_dim(self) -> int:
        return self.widths[-1]

    @property
    def num_nonlinear(self) -> int:
        """The number of nonlinear layers (the length of a pattern)."""
        return sum(1 for layer in self.layers if not isinstance(layer, Affine))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PWLNetwork) and self.input_dim == other.input_dim and self.layers == other.layers

    def __hash__(self) -> int:
        return hash((self.input_dim, self.layers))

    def _point(self, x: Any, name: str = "x", floats: str = "refuse", denominator: Any = None) -> tuple[Fraction, ...]:
        if isinstance(x, np.ndarray) or is_tensor(x) or floats != "refuse":
            x = as_rational_array(x, name, floats=floats, denominator=denominator)
            if x.ndim != 1:
                raise ShapeError(f"Argument '{name}' must be a vector of length {self.input_dim}, "
                                 f"not an array of shape {x.shape}")
        if isinstance(x, QArray):
            x = x.tolist()
        if isinstance(x, (str, bytes)) or not isinstance(x, (list, tuple, np.ndarray)):
            raise InvalidArgumentError(f"Argument '{name}' must be a sequence of {self.input_dim} rationals, not {describe(x)}")
        if len(x) != self.input_dim:
            raise ShapeError(f"Argument '{name}' must have length {self.input_dim} (the input dimension), not {len(x)}")
        return tuple(as_rational(v, f"{name}[{i}]") for i, v in enumerate(x))

    def _forward(self, x: tuple[Fraction, ...], with_map: bool):
        """Values, pattern and (optionally) the affine map (A rows, c) of the current vector as function of x."""
        n0 = self.input_dim
        v = list(x)
        if with_map:
            A = [[Fraction(int(i == j)) for j in range(n0)] for i in range(n0)]
            c = [Fraction(0)] * n0
        pattern = []
        for layer in self.layers:
            if isinstance(layer, Affine):
                Wf = layer.W.to_fractions()
                bf = layer.b.to_fractions()
                m, n = Wf.shape
                nv = [sum((Wf[i, j] * v[j] for j in range(n)), Fraction(0)) + bf[i] for i in range(m)]
                if with_map:
                    A = [[sum((Wf[i, j] * A[j][k] for j in range(n)), Fraction(0)) for k in range(n0)] for i in range(m)]
                    c = [sum((Wf[i, j] * c[j] for j in range(n)), Fraction(0)) + bf[i] for i in range(m)]
                v = nv
            elif isinstance(layer, (ReLU, LeakyReLU, Abs)):
                bits = tuple(1 if z > 0 else 0 for z in v)
                if isinstance(layer, ReLU):
                    fac = [Fraction(1) if s else Fraction(0) for s in bits]
                elif isinstance(layer, LeakyReLU):
                    fac = [Fraction(1) if s else layer.slope for s in bits]
                else:
                    fac = [Fraction(1) if s else Fraction(-1) for s in bits]
                v = [f * z for f, z in zip(fac, v)]
                if with_map:
                    A = [[f * a for a in row] for f, row in zip(fac, A)]
                    c = [f * z for f, z in zip(fac, c)]
                pattern.append(bits)
            else:
                groups = groups_of(layer, len(v))
                choice = []
                for g in groups:
                    best = 0
                    for pos in range(1, len(g)):
                        if v[g[pos]] > v[g[best]]:
                            best = pos
                    choice.append(best)
                sel = [g[p] for g, p in zip(groups, choice)]
                v = [v[i] for i in sel]
                if with_map:
                    A = [list(A[i]) for i in sel]
                    c = [c[i] for i in sel]
                pattern.append(tuple(choice))
        if with_map:
            return tuple(v), tuple(pattern), (A, c)
        return tuple(v), tuple(pattern), None

    def evaluate(self, x: Any, *, floats: str = "refuse", denominator: Any = None) -> tuple[Fraction, ...]:
        """The exact output at the rational point ``x``.

        ``x`` is a sequence of exact numbers, an integer numpy array or torch tensor, or a QArray; float
        arrays and floats are refused unless ``floats="exact"`` (their exact binary values) or
        ``floats="round"`` with ``denominator`` (see :func:`exactnet.core.arrays.as_rational_array`).

        >>> relu_network([[[1, -1]]], [[0]]).evaluate([1, "1/3"])
        (Fraction(2, 3),)
        >>> relu_network([[[1, -1]]], [[0]]).evaluate(np.array([0.5, 0.25]), floats="exact")
        (Fraction(1, 4),)
        """
        return self._forward(self._point(x, "x", floats, denominator), False)[0]

    def pattern(self, x: Any, *, floats: str = "refuse", denominator: Any = None) -> tuple:
        """The activation pattern at ``x``: one tuple per nonlinear layer (see the module docstring).

        >>> relu_network([[[1], [-1]]], [[0, 0]]).pattern([0])
        ((0, 0),)
        """
        return self._forward(self._point(x, "x", floats, denominator), False)[1]

    def evaluate_batch(self, points: Any, *, floats: str = "refuse", denominator: Any = None,
                       patterns: bool = False) -> Any:
        """Exact outputs at many points at once: ``points`` of shape ``(m, input_dim)`` -> QArray ``(m, output_dim)``.

        Row ``i`` of the result is exactly ``evaluate(points[i])``.  The whole batch is one integer
        numerator array over one common denominator, so every layer is vectorized integer arithmetic
        (int64 while provably safe, Python integers beyond).  ``points`` may be nested sequences, a QArray,
        an integer numpy array or torch tensor, or a float one with ``floats="exact"`` / ``"round"``.
        With ``patterns=True`` returns ``(outputs, patterns)`` where ``patterns[l]`` is an int array of
        shape ``(m, width)`` holding the pattern of nonlinear layer ``l`` (bits or 0-based argmax positions,
        ties broken as in :meth:`pattern`).

        >>> net = relu_network([[[1], [-1]]], [[0, 0]], output_weights=[[1, 1]])   # |x|
        >>> net.evaluate_batch([[-2], ["1/3"], [0]]).tolist_str()
        [['2'], ['1/3'], ['0']]
        >>> Y, P = net.evaluate_batch(np.array([[-0.5], [2.0]]), floats="exact", patterns=True)
        >>> Y.tolist_str(), P[0].tolist()
        ([['1/2'], ['2']], [[0, 1], [1, 0]])
        """
        X = as_rational_array(points, "points", floats=floats, denominator=denominator)
        if X.ndim != 2 or X.shape[1] != self.input_dim:
            raise ShapeError(f"Argument 'points' must have shape (m, {self.input_dim}) (one point per row), "
                             f"not {X.shape}")
        num, den = X.num, X.den
        pats = []
        for layer in self.layers:
            V = QArray(num, den)
            if isinstance(layer, Affine):
                V = _add_row(V @ layer.W.T, layer.b)
                num, den = V.num, V.den
            elif isinstance(layer, (ReLU, LeakyReLU, Abs)):
                pos = num > 0
                pats.append(pos.astype(np.int64))
                if isinstance(layer, ReLU):
                    num = np.where(pos, num, 0)
                elif isinstance(layer, Abs):
                    num = np.where(pos, num, -num)
                else:
                    p, q = layer.slope.numerator, layer.slope.denominator
                    num = np.where(pos, _times(num, q), _times(num, p))
                    den = den * q
            else:
                groups = groups_of(layer, num.shape[1])
                if len({len(g) for g in groups}) == 1:
                    G = num[:, np.array(groups, dtype=np.int64)]          # (m, groups, size)
                    choice = np.argmax(G, axis=2) if G.dtype != object else _argmax_obj(G)
                    num = np.take_along_axis(G, choice[:, :, None], axis=2)[:, :, 0]
                else:
                    cols = []
                    choice = np.zeros((num.shape[0], len(groups)), dtype=np.int64)
                    for j, g in enumerate(groups):
                        G = num[:, list(g)]
                        c = np.argmax(G, axis=1) if G.dtype != object else _argmax_obj(G[:, None, :])[:, 0]
                        choice[:, j] = c
                        cols.append(G[np.arange(G.shape[0]), c])
                    num = np.stack(cols, axis=1)
                pats.append(np.asarray(choice, dtype=np.int64))
        out = QArray(np.asarray(num), den)
        return (out, tuple(pats)) if patterns else out

    def affine_map_at(self, x: Any) -> tuple[QArray, QArray]:
        """``(A, c)``: the affine map ``x' -> A x' + c`` of the network on the activation region of ``x``.

        ``A`` has shape ``(output_dim, input_dim)``, ``c`` shape ``(output_dim,)``.

        >>> A, c = relu_network([[[2]]], [[-1]]).affine_map_at([1])
        >>> A.tolist(), c.tolist()
        ([[Fraction(2, 1)]], [Fraction(-1, 1)])
        """
        _, _, (A, c) = self._forward(self._point(x), True)
        return QArray.from_nested(A, "A"), QArray.from_nested(c, "c")

    # ------------------------------------------------------------------ sympy
    def sympy_expression(self, symbols: Sequence[Any] | None = None) -> tuple:
        """The network as SymPy expressions (``Max``, ``Abs``, ``Piecewise``), one per output unit.

        ``symbols`` defaults to ``x0, ..., x{n0-1}``.

        >>> import sympy
        >>> (e,) = relu_network([[[1], [-1]]], [[0, 0]], output_weights=[[1, 1]]).sympy_expression()
        >>> e.subs(sympy.Symbol("x0"), -3)
        3
        """
        import sympy

        if symbols is None:
            symbols = sympy.symbols(f"x0:{self.input_dim}")
        symbols = list(symbols)
        if len(symbols) != self.input_dim:
            raise ShapeError(f"Argument 'symbols' must have length {self.input_dim}, not {len(symbols)}")
        v = list(symbols)
        for layer in self.layers:
            if isinstance(layer, Affine):
                Wf = layer.W.to_fractions()
                bf = layer.b.to_fractions()
                v = [
                    sympy.Add(*[sympy.Rational(Wf[i, j].numerator, Wf[i, j].denominator) * v[j]
                                for j in range(len(v)) if Wf[i, j] != 0])
                    + sympy.Rational(bf[i].numerator, bf[i].denominator)
                    for i in range(Wf.shape[0])
                ]
            elif isinstance(layer, ReLU):
                v = [sympy.Max(z, 0) for z in v]
            elif isinstance(layer, LeakyReLU):
                s = sympy.Rational(layer.slope.numerator, layer.slope.denominator)
                v = [sympy.Piecewise((z, z > 0), (s * z, True)) for z in v]
            elif isinstance(layer, Abs):
                v = [sympy.Abs(z) for z in v]
            else:
                v = [sympy.Max(*[v[i] for i in g]) for g in groups_of(layer, len(v))]
        return tuple(v)

    # ------------------------------------------------------------------ JSON
    def to_dict(self) -> dict:
        """The ``"exactnet.network"`` JSON form, ``"kind": "pwl-network"`` (rationals as strings)."""
        layers = []
        for layer in self.layers:
            if isinstance(layer, Affine):
                layers.append({"type": "affine", "weights": layer.W.tolist_str(), "bias": layer.b.tolist_str()})
            elif isinstance(layer, ReLU):
                layers.append({"type": "relu"})
            elif isinstance(layer, LeakyReLU):
                layers.append({"type": "leaky-relu", "slope": to_str(layer.slope)})
            elif isinstance(layer, Abs):
                layers.append({"type": "abs"})
            elif isinstance(layer, Maxout):
                layers.append({"type": "maxout", "k": layer.k})
            else:
                layers.append({"type": "max-pool", "groups": [list(g) for g in layer.groups]})
        return {"format": "exactnet.network", "schema_version": 1, "kind": PWL_KIND,
                "input_dim": self.input_dim, "layers": layers}

    @classmethod
    def from_dict(cls, obj: Any, path: str = "") -> "PWLNetwork":
        """Parse the JSON form (FormatError names the offending field; JSON floats refused).

        >>> PWLNetwork.from_dict({"format": "exactnet.network", "schema_version": 1, "kind": "pwl-network",
        ...     "input_dim": 1, "layers": [{"type": "affine", "weights": [[0.5]], "bias": ["0"]}]})
        Traceback (most recent call last):
          ...
        exactnet.errors.FormatError: layers[0].weights[0][0]: a rational must be a string such as "3/4" or an int, not the JSON float 0.5: floats are not exact; write the number as a string
        """
        require_keys(obj, path, ["format", "schema_version", "kind", "input_dim", "layers"])
        check_format(obj, path, "exactnet.network")
        if obj["kind"] != PWL_KIND:
            raise FormatError(f"must be {PWL_KIND!r}, not {describe(obj['kind'])}", join(path, "kind"))
        n0 = json_int(obj["input_dim"], join(path, "input_dim"), minimum=1)
        raw = obj["layers"]
        lpath = join(path, "layers")
        if not isinstance(raw, list):
            raise FormatError(f"must be a list of layers, not {describe(raw)}", lpath)
        layers = []
        for i, item in enumerate(raw):
            p = f"{lpath}[{i}]"
            if not isinstance(item, dict) or "type" not in item:
                raise FormatError(f"must be a JSON object with a 'type', not {describe(item)}", p)
            t = item["type"]
            if t == "affine":
                require_keys(item, p, ["type", "weights", "bias"])
                W = json_array(item["weights"], join(p, "weights"), 2)
                b = json_array(item["bias"], join(p, "bias"), 1)
                try:
                    layers.append(Affine(W, b))
                except (ShapeError, InvalidArgumentError) as exc:
                    raise FormatError(str(exc), p) from None
            elif t in ("relu", "abs"):
                require_keys(item, p, ["type"])
                layers.append(ReLU() if t == "relu" else Abs())
            elif t == "leaky-relu":
                require_keys(item, p, ["type", "slope"])
                layers.append(LeakyReLU(json_rational(item["slope"], join(p, "slope"))))
            elif t == "maxout":
                require_keys(item, p, ["type", "k"])
                layers.append(Maxout(json_int(item["k"], join(p, "k"), minimum=1)))
            elif t == "max-pool":
                require_keys(item, p, ["type", "groups"])
                try:
                    layers.append(MaxPool(item["groups"]))
                except InvalidArgumentError as exc:
                    raise FormatError(str(exc), join(p, "groups")) from None
            else:
                raise FormatError(
                    "must be one of 'affine', 'relu', 'leaky-relu', 'abs', 'maxout', 'max-pool', "
                    f"not {describe(t)}", join(p, "type"))
        try:
            return cls(n0, layers)
        except ShapeError as exc:
            raise FormatError(str(exc), lpath) from None


def relu_network(weights: Sequence[Any], biases: Sequence[Any], *, output_weights: Any = None,
                 output_bias: Any = None) -> PWLNetwork:
    """A ReLU network: hidden layers ``h_l = max(W_l h_{l-1} + b_l, 0)``, then an optional linear output layer.

    ``weights[l]`` has shape ``(n_{l+1}, n_l)`` (0-based list), ``biases[l]`` length ``n_{l+1}``.
    ``output_bias`` defaults to zeros when ``output_weights`` is given.

    >>> net = relu_network([[[1], [1]]], [[0, -1]], output_weights=[[1, -2]])
    >>> net.widths, net.evaluate([3])
    ((1, 2, 2, 1), (Fraction(-1, 1),))
    >>> relu_network([[[1]]], [])
    Traceback (most recent call last):
      ...
    exactnet.errors.ShapeError: Arguments 'weights' and 'biases' must have the same length (one per hidden layer), not 1 and 0
    """
    if isinstance(weights, (str, bytes)) or not isinstance(weights, (list, tuple)) or not weights:
        raise InvalidArgumentError(f"Argument 'weights' must be a non-empty list of matrices, not {describe(weights)}")
    if isinstance(biases, (str, bytes)) or not isinstance(biases, (list, tuple)):
        raise InvalidArgumentError(f"Argument 'biases' must be a list of vectors, not {describe(biases)}")
    if len(weights) != len(biases):
        raise ShapeError(
            f"Arguments 'weights' and 'biases' must have the same length (one per hidden layer), "
            f"not {len(weights)} and {len(biases)}"
        )
    layers: list = []
    for l, (W, b) in enumerate(zip(weights, biases)):
        Wq = as_matrix(W, f"weights[{l}]")
        bq = as_vector(b, f"biases[{l}]")
        if bq.shape[0] != Wq.shape[0]:
            raise ShapeError(f"Argument 'biases[{l}]' must have length {Wq.shape[0]} (rows of weights[{l}]), not {bq.shape[0]}")
        layers += [Affine(Wq, bq), ReLU()]
    n0 = layers[0].in_dim
    if output_weights is not None:
        Wo = as_matrix(output_weights, "output_weights")
        bo = QArray.zeros((Wo.shape[0],)) if output_bias is None else as_vector(output_bias, "output_bias")
        if bo.shape[0] != Wo.shape[0]:
            raise ShapeError(f"Argument 'output_bias' must have length {Wo.shape[0]}, not {bo.shape[0]}")
        layers.append(Affine(Wo, bo))
    elif output_bias is not None:
        raise InvalidArgumentError("Argument 'output_bias' needs 'output_weights' as well")
    return PWLNetwork(n0, layers)


# ------------------------------------------------------------------ convolutions as PWL layers
def _shape_arg(value: Any, name: str, minimum: int = 1) -> tuple[int, ...]:
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        value = (value,)
    if (isinstance(value, (str, bytes)) or not isinstance(value, (list, tuple)) or not value
            or any(isinstance(v, bool) or not isinstance(v, (int, np.integer)) or int(v) < minimum for v in value)):
        raise InvalidArgumentError(
            f"Argument '{name}' must be an integer >= {minimum} or a non-empty tuple of them, not {describe(value)}")
    return tuple(int(v) for v in value)


def _per_axis(value: Any, name: str, s: int) -> tuple[int, ...]:
    t = _shape_arg(value, name)
    if len(t) == 1:
        t = t * s
    if len(t) != s:
        raise ShapeError(f"Argument '{name}' must give one value per spatial axis ({s}), not {len(t)}")
    return t


def _pads(value: Any, name: str, s: int) -> tuple[int, ...]:
    """Zero padding per spatial axis (the same on both sides), ints >= 0."""
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        value = (value,)
    if (isinstance(value, (str, bytes)) or not isinstance(value, (list, tuple)) or not value
            or any(isinstance(v, bool) or not isinstance(v, (int, np.integer)) or int(v) < 0 for v in value)):
        raise InvalidArgumentError(
            f"Argument '{name}' must be an integer >= 0 or one per spatial axis, not {describe(value)}")
    t = tuple(int(v) for v in value)
    if len(t) == 1:
        t = t * s
    if len(t) != s:
        raise ShapeError(f"Argument '{name}' must give one value per spatial axis ({s}), not {len(t)}")
    return t


def _windows(spatial, win, st, pad, dil, what: str):
    """Output sizes and, per output position, the input positions of each window offset (None = padding)."""
    outs = tuple((n + 2 * p - d * (k - 1) - 1) // t + 1 for n, k, t, p, d in zip(spatial, win, st, pad, dil))
    if any(o < 1 for o in outs):
        raise ShapeError(f"Argument 'input_shape' must be at least the {what} size on every spatial axis (after "
                         f"padding, with dilation), not spatial size {tuple(spatial)} for the {what} {tuple(win)} "
                         f"(dilation {tuple(dil)}, padding {tuple(pad)})")
    return outs


def _conv_rows(ins, outs, win, st, pad, dil):
    """For each output position: list of (offset, flat input index without channel or None)."""
    spatial = ins[1:]
    for pos in np.ndindex(*outs):
        items = []
        for off in np.ndindex(*win):
            coord = tuple(p * t - q + o * d for p, t, q, o, d in zip(pos, st, pad, off, dil))
            inside = all(0 <= c < n for c, n in zip(coord, spatial))
            items.append((off, coord if inside else None))
        yield pos, items


def conv_affine(kernel: Any, input_shape: Sequence[int], *, bias: Any = None, stride: Any = 1, padding: Any = 0,
                dilation: Any = 1, floats: str = "refuse", denominator: Any = None) -> Affine:
    """A convolution (zero padding, stride, dilation) as an exact :class:`Affine` layer with a Toeplitz matrix.

    A convolutional PWL network is an ordinary :class:`PWLNetwork` whose affine layers come from this
    function (and whose pooling layers come from :func:`max_pool_layer` / :func:`avg_pool_affine`), so
    every region tool applies.  The arithmetic is that of ``torch.nn.Conv1d`` / ``Conv2d`` (cross-correlation,
    ``groups=1``).

    Parameters
    ----------
    kernel : array of rationals, shape ``(C_out, C_in, k_1, ..., k_s)``
        ``s`` spatial axes (1 for sequences, 2 for images).  Nested sequences, QArrays or integer arrays are
        exact; a float array is refused unless ``floats="exact"`` (its exact binary values) or
        ``floats="round"`` with ``denominator`` (see :func:`exactnet.core.arrays.as_rational_array`).
    input_shape : ``(C_in, n_1, ..., n_s)``
        The layer's input is the flattened array of this shape, **channel-major, last axis fastest**
        (numpy C order; 0-based), and so is its output, of shape ``(C_out, m_1, ..., m_s)`` with
        ``m_i = (n_i + 2 padding_i - dilation_i (k_i - 1) - 1) // stride_i + 1``.
    bias : sequence of ``C_out`` rationals, optional
        One bias per output channel, shared over positions (default 0); same ``floats`` switch.
    stride, padding, dilation : int or tuple of ints (one per spatial axis)
        ``padding`` adds that many zeros on both sides of each spatial axis (default 0: valid convolution).

    Examples
    --------
    >>> A = conv_affine([[[1, -1]]], (1, 4))          # one channel, kernel (1, -1) on a length-4 signal
    >>> A.W.tolist_str(), A.out_dim
    ([['1', '-1', '0', '0'], ['0', '1', '-1', '0'], ['0', '0', '1', '-1']], 3)
    >>> conv_affine([[[[1, 0], [0, 1]]]], (1, 3, 3), stride=2).W.shape     # 2-D: 2x2 kernel, stride 2
    (1, 9)
    >>> conv_affine([[[1, 2, 3]]], (1, 2), padding=1).W.tolist_str()        # zero padding
    [['2', '3'], ['1', '2']]
    >>> conv_affine([[[1, -1]]], (1, 3), dilation=2).W.tolist_str()         # taps 2 apart
    [['1', '0', '-1']]
    """
    K = as_rational_array(kernel, "kernel", floats=floats, denominator=denominator)
    if K.ndim < 3 or 0 in K.shape:
        raise ShapeError(
            f"Argument 'kernel' must have shape (C_out, C_in, k_1, ..., k_s) with s >= 1 spatial axes, "
            f"not shape {K.shape}")
    ins = _shape_arg(input_shape, "input_shape")
    c_out, c_in, ks = K.shape[0], K.shape[1], K.shape[2:]
    s = len(ks)
    if len(ins) != s + 1 or ins[0] != c_in:
        raise ShapeError(
            f"Argument 'input_shape' must be (C_in, n_1, ..., n_{s}) = ({c_in}, ...) with {s} spatial axis(es) "
            f"to match the kernel of shape {K.shape}, not {tuple(ins)}")
    st = _per_axis(stride, "stride", s)
    pad = _pads(padding, "padding", s)
    dil = _per_axis(dilation, "dilation", s)
    outs = _windows(ins[1:], ks, st, pad, dil, "kernel")
    if bias is None:
        b = [Fraction(0)] * c_out
    else:
        bq = as_rational_array(bias, "bias", floats=floats, denominator=denominator)
        if bq.ndim != 1:
            raise ShapeError(f"Argument 'bias' must be a vector, not an array of shape {bq.shape}")
        b = list(bq.to_fractions())
    if len(b) != c_out:
        raise ShapeError(f"Argument 'bias' must have length {c_out} (one per output channel), not {len(b)}")
    Kn, den = K.num, K.den
    n_in = int(np.prod(ins))
    in_index = np.arange(n_in).reshape(ins)
    n_pos = int(np.prod(outs))
    num = np.zeros((c_out * n_pos, n_in), dtype=Kn.dtype)
    for r, (pos, items) in enumerate(_conv_rows(ins, outs, ks, st, pad, dil)):
        for off, coord in items:
            if coord is None:
                continue
            for ci in range(c_in):
                j = int(in_index[(ci,) + coord])
                num[r::n_pos, j] += Kn[(slice(None), ci) + off]
    return Affine(QArray(num, den), [q for q in b for _ in range(n_pos)])


def _pool_args(input_shape: Any, window: Any, stride: Any, padding: Any) -> tuple:
    """The checked ``(input_shape, window, stride, padding)`` of a pooling layer, one entry per spatial axis
    for the last three (the stride defaults to the window); padding is at most half the window, as in torch."""
    ins = _shape_arg(input_shape, "input_shape")
    if len(ins) < 2:
        raise ShapeError(f"Argument 'input_shape' must be (C, n_1, ..., n_s) with s >= 1, not {tuple(ins)}")
    s = len(ins) - 1
    win = _per_axis(window, "window", s)
    st = win if stride is None else _per_axis(stride, "stride", s)
    pad = _pads(padding, "padding", s)
    if any(2 * p > w for p, w in zip(pad, win)):
        raise InvalidArgumentError(f"Argument 'padding' must be at most half the window {win} on every axis, "
                                   f"not {pad}")
    return ins, win, st, pad


def max_pool_layer(input_shape: Sequence[int], window: Any, *, stride: Any = None, padding: Any = 0,
                   dilation: Any = 1) -> MaxPool:
    """Max-pooling over spatial windows, per channel, as a :class:`MaxPool` (same flattening as :func:`conv_affine`).

    ``input_shape = (C, n_1, ..., n_s)`` (channel-major, last axis fastest, 0-based); ``window``, ``stride``
    (default: the window, non-overlapping), ``padding`` and ``dilation`` are ints or one per spatial axis,
    with the meaning of ``torch.nn.MaxPool1d`` / ``MaxPool2d`` (``ceil_mode=False``): padded positions are
    ``-inf``, so a window takes the maximum of its positions inside the input.  The output has shape
    ``(C, m_1, ..., m_s)``, ``m_i = (n_i + 2 padding_i - dilation_i (window_i - 1) - 1) // stride_i + 1``,
    flattened the same way.

    >>> max_pool_layer((1, 4), 2).groups
    ((0, 1), (2, 3))
    >>> max_pool_layer((2, 3), 2, stride=1).groups
    ((0, 1), (1, 2), (3, 4), (4, 5))
    >>> max_pool_layer((1, 3), 2, padding=1).groups
    ((0,), (1, 2))
    """
    ins, win, st, pad = _pool_args(input_shape, window, stride, padding)
    dil = _per_axis(dilation, "dilation", len(ins) - 1)
    if any(n < w for n, w in zip(ins[1:], win)) and not any(pad):
        raise ShapeError(f"Argument 'window' must fit in the input {ins[1:]} on every axis, not {win}")
    outs = _windows(ins[1:], win, st, pad, dil, "window")
    idx = np.arange(int(np.prod(ins))).reshape(ins)
    rows = list(_conv_rows(ins, outs, win, st, pad, dil))
    groups = []
    for c in range(ins[0]):
        for pos, items in rows:
            g = tuple(int(idx[(c,) + coord]) for _, coord in items if coord is not None)
            if not g:
                raise ShapeError(f"max pooling window at output position {pos} lies entirely in the padding")
            groups.append(g)
    return MaxPool(groups)


def avg_pool_affine(input_shape: Sequence[int], window: Any, *, stride: Any = None, padding: Any = 0,
                    count_include_pad: bool = True, divisor: Any = None) -> Affine:
    """Average pooling over spatial windows, per channel, as an exact :class:`Affine` layer (weights ``1/size``).

    Same conventions as :func:`max_pool_layer` and ``torch.nn.AvgPool1d`` / ``AvgPool2d`` (``ceil_mode=False``):
    padded positions are zeros; the divisor is the window size (``count_include_pad=True``), the number of
    positions inside the input (``False``), or ``divisor`` when given (torch's ``divisor_override``).

    >>> avg_pool_affine((1, 4), 2).W.tolist_str()
    [['1/2', '1/2', '0', '0'], ['0', '0', '1/2', '1/2']]
    >>> avg_pool_affine((1, 3), 2, padding=1, count_include_pad=False).W.tolist_str()
    [['1', '0', '0'], ['0', '1/2', '1/2']]
    """
    ins, win, st, pad = _pool_args(input_shape, window, stride, padding)
    s = len(ins) - 1
    outs = _windows(ins[1:], win, st, pad, (1,) * s, "window")
    fixed = None if divisor is None else as_rational(divisor, "divisor")
    if fixed is not None and fixed == 0:
        raise InvalidArgumentError("Argument 'divisor' must be non-zero, not 0")
    n_in = int(np.prod(ins))
    idx = np.arange(n_in).reshape(ins)
    rows = []
    for c in range(ins[0]):
        for pos, items in _conv_rows(ins, outs, win, st, pad, (1,) * s):
            inside = [int(idx[(c,) + coord]) for _, coord in items if coord is not None]
            d = fixed if fixed is not None else Fraction(len(items) if count_include_pad else len(inside))
            row = [Fraction(0)] * n_in
            for j in inside:
                row[j] += 1 / d
            rows.append(row)
    return Affine(rows, [0] * len(rows))


def _float_matrix(value: Any, name: str, ndim: int, floats: str = "exact", denominator: Any = None) -> QArray:
    arr = to_numpy(value)
    arr = np.asarray(arr)
    if arr.dtype == object or not (np.issubdtype(arr.dtype, np.floating) or np.issubdtype(arr.dtype, np.integer)):
        raise InvalidArgumentError(f"Argument '{name}' must be a numeric numpy array, not {describe(value)}")
    if arr.ndim != ndim:
        want = {1: "a vector (1-D)", 2: "a matrix (2-D)"}[ndim]
        raise ShapeError(f"Argument '{name}' must be {want}, not an array of shape {arr.shape}")
    if np.issubdtype(arr.dtype, np.floating) and not np.all(np.isfinite(arr)):
        raise InexactInputError(f"Argument '{name}' contains NaN or infinity: they are not rational")
    return as_rational_array(arr, name, floats=floats, denominator=denominator)


def from_numpy(weights: Sequence[Any], biases: Sequence[Any], *, activation: str = "relu",
               exact: str = "float", floats: str = "exact", denominator: Any = None) -> PWLNetwork:
    """Import float weights **explicitly**: every float becomes its exact binary value (``from_float``).

    ``weights[l]`` (numpy arrays or torch tensors, shape ``(n_{l+1}, n_l)``), ``biases[l]``. ``activation`` is
    ``"relu"`` (every layer but the last is followed by ReLU; the last layer is linear). ``exact`` must be
    ``"float"``. ``floats="exact"`` (default) takes each float's exact binary value (0.1 is not one tenth);
    ``floats="round"`` with ``denominator=D`` the nearest multiple of ``1/D`` (see
    :func:`exactnet.core.arrays.as_rational_array`). Integer arrays are exact either way.

    >>> import numpy as np
    >>> net = from_numpy([np.array([[0.5], [-1.0]]), np.array([[1.0, 1.0]])], [np.zeros(2), np.zeros(1)])
    >>> net.evaluate([2])
    (Fraction(1, 1),)
    >>> from_numpy([np.array([[0.1]])], [np.zeros(1)], floats="round", denominator=10).layers[0].W.tolist_str()
    [['1/10']]
    """
    if exact != "float":
        raise InvalidArgumentError(f"Argument 'exact' must be 'float' (the exact binary value), not {describe(exact)}")
    if floats not in ("exact", "round"):
        raise InvalidArgumentError(f"Argument 'floats' must be 'exact' or 'round', not {describe(floats)}")
    if activation != "relu":
        raise InvalidArgumentError(f"Argument 'activation' must be 'relu', not {describe(activation)}")
    if not isinstance(weights, (list, tuple)) or not weights or not isinstance(biases, (list, tuple)):
        raise InvalidArgumentError(f"Argument 'weights' must be a non-empty list of arrays, not {describe(weights)}")
    if len(weights) != len(biases):
        raise ShapeError(f"Arguments 'weights' and 'biases' must have the same length, not {len(weights)} and {len(biases)}")
    Ws = [_float_matrix(W, f"weights[{l}]", 2, floats, denominator) for l, W in enumerate(weights)]
    bs = [_float_matrix(b, f"biases[{l}]", 1, floats, denominator) for l, b in enumerate(biases)]
    if len(Ws) == 1:
        layers = [Affine(Ws[0], bs[0])]
        return PWLNetwork(layers[0].in_dim, layers)
    return relu_network(Ws[:-1], bs[:-1], output_weights=Ws[-1], output_bias=bs[-1])


def from_torch(module: Any, input_shape: Sequence[int] | None = None, *, floats: str = "exact",
               denominator: Any = None) -> PWLNetwork:
    """Import a PyTorch model exactly: see :func:`exactnet.networks._torch_import.from_torch`."""
    from ._torch_import import from_torch as _from_torch

    return _from_torch(module, input_shape, floats=floats, denominator=denominator)
