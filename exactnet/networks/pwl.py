r"""Exact piecewise-linear (PWL) networks: affine layers, ReLU, leaky ReLU, absolute value, maxout, max-pooling.

A :class:`PWLNetwork` is a frozen sequence of layers acting on vectors of rationals
(``fractions.Fraction``).  Weight matrices are ``(out, in)`` like everywhere in exactnet;
unit indices are **0-based**.

Activation pattern, one tuple per *nonlinear* layer:

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

from ..core.qarray import QArray
from ..core.rational import as_rational, from_float, to_str
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

    def _point(self, x: Any, name: str = "x") -> tuple[Fraction, ...]:
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

    def evaluate(self, x: Any) -> tuple[Fraction, ...]:
        """The exact output at the rational point ``x`` (floats refused).

        >>> relu_network([[[1, -1]]], [[0]]).evaluate([1, "1/3"])
        (Fraction(2, 3),)
        """
        return self._forward(self._point(x), False)[0]

    def pattern(self, x: Any) -> tuple:
        """The activation pattern at ``x``: one tuple per nonlinear layer (see the module docstring).

        >>> relu_network([[[1], [-1]]], [[0, 0]]).pattern([0])
        ((0, 0),)
        """
        return self._forward(self._point(x), False)[1]

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


def conv_affine(kernel: Any, input_shape: Sequence[int], *, bias: Any = None, stride: Any = 1) -> Affine:
    """A convolution (valid padding, no dilation) as an exact :class:`Affine` layer with a Toeplitz matrix.

    A convolutional PWL network is an ordinary :class:`PWLNetwork` whose affine layers come from this
    function (and whose pooling layers come from :func:`max_pool_layer`), so every region tool applies.

    Parameters
    ----------
    kernel : nested sequence of rationals, shape ``(C_out, C_in, k_1, ..., k_s)``
        ``s`` spatial axes (1 for sequences, 2 for images); floats are refused (naming ``kernel``).
    input_shape : ``(C_in, n_1, ..., n_s)``
        The layer's input is the flattened array of this shape, **channel-major, last axis fastest**
        (numpy C order; 0-based), and so is its output, of shape ``(C_out, m_1, ..., m_s)`` with
        ``m_i = (n_i - k_i) // stride_i + 1``.
    bias : sequence of ``C_out`` rationals, optional
        One bias per output channel, shared over positions (default 0).
    stride : int or tuple of ints

    Examples
    --------
    >>> A = conv_affine([[[1, -1]]], (1, 4))          # one channel, kernel (1, -1) on a length-4 signal
    >>> A.W.tolist_str(), A.out_dim
    ([['1', '-1', '0', '0'], ['0', '1', '-1', '0'], ['0', '0', '1', '-1']], 3)
    >>> conv_affine([[[[1, 0], [0, 1]]]], (1, 3, 3), stride=2).W.shape     # 2-D: 2x2 kernel, stride 2
    (1, 9)
    """
    K = QArray.from_nested(kernel, "kernel")
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
    spatial = ins[1:]
    if any(n < k for n, k in zip(spatial, ks)):
        raise ShapeError(f"Argument 'input_shape' must be at least the kernel size {ks} on every spatial axis, "
                         f"not {spatial}")
    outs = tuple((n - k) // t + 1 for n, k, t in zip(spatial, ks, st))
    b = [Fraction(0)] * c_out if bias is None else list(as_vector(bias, "bias").to_fractions())
    if len(b) != c_out:
        raise ShapeError(f"Argument 'bias' must have length {c_out} (one per output channel), not {len(b)}")
    Kf = K.to_fractions()
    n_in = int(np.prod(ins))
    in_index = np.arange(n_in).reshape(ins)
    rows, bias_rows = [], []
    for o in range(c_out):
        for pos in np.ndindex(*outs):
            row = [Fraction(0)] * n_in
            for ci in range(c_in):
                for off in np.ndindex(*ks):
                    w = Kf[(o, ci) + off]
                    if w:
                        row[int(in_index[(ci,) + tuple(p * t + d for p, t, d in zip(pos, st, off))])] += w
            rows.append(row)
            bias_rows.append(b[o])
    return Affine(rows, bias_rows)


def max_pool_layer(input_shape: Sequence[int], window: Any, *, stride: Any = None) -> MaxPool:
    """Max-pooling over spatial windows, per channel, as a :class:`MaxPool` (same flattening as :func:`conv_affine`).

    ``input_shape = (C, n_1, ..., n_s)`` (channel-major, last axis fastest, 0-based); ``window`` and ``stride``
    (default: the window, non-overlapping) are ints or one per spatial axis.  The output has shape
    ``(C, m_1, ..., m_s)``, ``m_i = (n_i - window_i) // stride_i + 1``, flattened the same way.

    >>> max_pool_layer((1, 4), 2).groups
    ((0, 1), (2, 3))
    >>> max_pool_layer((2, 3), 2, stride=1).groups
    ((0, 1), (1, 2), (3, 4), (4, 5))
    """
    ins = _shape_arg(input_shape, "input_shape")
    if len(ins) < 2:
        raise ShapeError(f"Argument 'input_shape' must be (C, n_1, ..., n_s) with s >= 1, not {tuple(ins)}")
    s = len(ins) - 1
    win = _per_axis(window, "window", s)
    st = win if stride is None else _per_axis(stride, "stride", s)
    spatial = ins[1:]
    if any(n < w for n, w in zip(spatial, win)):
        raise ShapeError(f"Argument 'window' must fit in the input {spatial} on every axis, not {win}")
    outs = tuple((n - w) // t + 1 for n, w, t in zip(spatial, win, st))
    idx = np.arange(int(np.prod(ins))).reshape(ins)
    groups = []
    for c in range(ins[0]):
        for pos in np.ndindex(*outs):
            groups.append(tuple(int(idx[(c,) + tuple(p * t + d for p, t, d in zip(pos, st, off))])
                                for off in np.ndindex(*win)))
    return MaxPool(groups)


def _float_matrix(value: Any, name: str, ndim: int | None = None) -> list:
    arr = np.asarray(value)
    if arr.dtype == object or not (np.issubdtype(arr.dtype, np.floating) or np.issubdtype(arr.dtype, np.integer)):
        raise InvalidArgumentError(f"Argument '{name}' must be a numeric numpy array, not {describe(value)}")
    if arr.ndim not in (1, 2) or (ndim is not None and arr.ndim != ndim):
        want = {1: "a vector (1-D)", 2: "a matrix (2-D)"}.get(ndim, "a vector or a matrix")
        raise ShapeError(f"Argument '{name}' must be {want}, not an array of shape {arr.shape}")
    if np.issubdtype(arr.dtype, np.floating) and not np.all(np.isfinite(arr)):
        raise InexactInputError(f"Argument '{name}' contains NaN or infinity: they are not rational")
    if np.issubdtype(arr.dtype, np.integer):
        return [[Fraction(int(v)) for v in row] for row in np.atleast_2d(arr)] if arr.ndim == 2 else [Fraction(int(v)) for v in arr]
    if arr.ndim == 2:
        return [[from_float(float(v)) for v in row] for row in arr]
    return [from_float(float(v)) for v in arr]


def from_numpy(weights: Sequence[Any], biases: Sequence[Any], activation: str = "relu", *,
               exact: str = "float") -> PWLNetwork:
    """Import float weights **explicitly**: every float becomes its exact binary value (``from_float``).

    ``weights[l]`` (numpy, shape ``(n_{l+1}, n_l)``), ``biases[l]``. ``activation`` is ``"relu"``
    (every layer but the last is followed by ReLU; the last layer is linear) . ``exact`` must be
    ``"float"`` (the only conversion: the float's exact value, so 0.1 is not one tenth).

    >>> import numpy as np
    >>> net = from_numpy([np.array([[0.5], [-1.0]]), np.array([[1.0, 1.0]])], [np.zeros(2), np.zeros(1)])
    >>> net.evaluate([2])
    (Fraction(1, 1),)
    """
    if exact != "float":
        raise InvalidArgumentError(f"Argument 'exact' must be 'float' (the exact binary value), not {describe(exact)}")
    if activation != "relu":
        raise InvalidArgumentError(f"Argument 'activation' must be 'relu', not {describe(activation)}")
    if not isinstance(weights, (list, tuple)) or not weights or not isinstance(biases, (list, tuple)):
        raise InvalidArgumentError(f"Argument 'weights' must be a non-empty list of arrays, not {describe(weights)}")
    if len(weights) != len(biases):
        raise ShapeError(f"Arguments 'weights' and 'biases' must have the same length, not {len(weights)} and {len(biases)}")
    Ws = [_float_matrix(W, f"weights[{l}]", 2) for l, W in enumerate(weights)]
    bs = [_float_matrix(b, f"biases[{l}]", 1) for l, b in enumerate(biases)]
    if len(Ws) == 1:
        layers = [Affine(Ws[0], bs[0])]
        return PWLNetwork(layers[0].in_dim, layers)
    return relu_network(Ws[:-1], bs[:-1], output_weights=Ws[-1], output_bias=bs[-1])


def from_torch(module: Any) -> PWLNetwork:
    """Import a torch ``nn.Sequential`` of ``Linear`` / ``ReLU`` (float weights converted exactly).

    Raises InvalidArgumentError when torch is not installed or the module has other layers.
    """
    try:
        from torch import nn
    except ImportError:
        raise InvalidArgumentError(
            "from_torch needs PyTorch, which is not installed; export the weights with numpy and use from_numpy"
        ) from None
    if not isinstance(module, nn.Sequential):
        raise InvalidArgumentError(f"Argument 'module' must be a torch.nn.Sequential, not {describe(module)}")
    layers: list = []
    n0 = None
    for i, sub in enumerate(module):
        if isinstance(sub, nn.Linear):
            W = sub.weight.detach().cpu().double().numpy()
            b = sub.bias.detach().cpu().double().numpy() if sub.bias is not None else np.zeros(W.shape[0])
            layers.append(Affine(_float_matrix(W, f"module[{i}].weight"), _float_matrix(b, f"module[{i}].bias")))
            if n0 is None:
                n0 = W.shape[1]
        elif isinstance(sub, nn.ReLU):
            layers.append(ReLU())
        else:
            raise InvalidArgumentError(f"Argument 'module[{i}]' must be Linear or ReLU, not {describe(sub)}")
    if n0 is None:
        raise InvalidArgumentError("Argument 'module' must contain at least one Linear layer")
    return PWLNetwork(n0, layers)
