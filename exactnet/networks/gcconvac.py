r"""Generalized convolutional ConvACs (GC ConvACs): receptive field, stride, dilation; 1-D and 2-D; overlaps.

API
--------------------------------------------------------------------
* ``GCLayer(receptive_field, stride, channels, dilation=1)``: 1-D ints, 2-D ``(h, w)`` pairs
  (an int in a 2-D network means a square ``(k, k)``).  ``.axes(dims)`` -> per-axis tuples.
* ``GCConvAC(input_shape, representation, layers, weights, output_weights, shared=True)``
  (frozen; coerces and validates); ``GCConvAC.random(input_shape, M, layers, Y=1, seed=0, shared=True,
  low=-3, high=3, representation=None)``; ``GCConvAC.from_deep_convac(net)``; ``.to_deep_convac()``.
* facts: ``.N, .M, .T, .Y, .dims, .input_shape, .num_layers, .channels`` (per layer),
  ``.positions(l)`` (per-axis tuple of the output grid of layer l, 0-based), ``.num_positions(l)``,
  ``.total_receptive_field(l)``, ``.total_stride(l)`` (per-axis tuples), ``.window_offsets(l)``,
  ``.reads(l, j)`` (previous-layer positions read by position j of layer l, in window order),
  ``.receptive_inputs(l, j)`` (sorted input modes node (l, j) depends on), ``.window_matrix(l, j, k)``,
  ``.is_overlapping()``,
  ``.num_parameters()``.
* tensors: ``.grid_tensor(method="evaluation"|"decomposition", output=None)`` (QArray (Y, T..T), or
  (T..T) for one output, C order, modes = inputs in row-major order for 2-D),
  ``.evaluate(patches)``, ``.evaluate_templates(indices)`` (tuple of Y Fractions: one grid entry, O(size of
  the net), fine at N = 64), ``.grid_entries(indices, output=None, prime=None)`` (a batch of entries,
  vectorized; mod p with int64 when ``prime`` < 2^31 is given), ``.grid_minor(partition, row_indices,
  col_indices, output=0, prime=None)`` (a submatrix of the matricization; nodes on one side of the cut are
  evaluated once per multi-index: fast at N = 64), ``.score_function()`` (SymPy).
* JSON: ``.to_dict()`` / ``GCConvAC.from_dict(obj)``, kind ``"gc-convac"`` (docs/formats/overlap.md).
* certificates (JSON dicts checked by ``exactnet.checker``): ``gc_rank_certificate(net, partition, r,
  row_indices, col_indices, prime=None, output=0, generic=False, weight_space=None, claim=None)``
  (kind ``"gc-rank-lower-bound"``: you supply the minor, e.g. from a structured route);
  ``dense_rank_witness(net, partition, output=0, prime=None) -> (r, row_indices, col_indices, prime)`` (small
  nets: the dense matricization's rank mod p and a nonsingular minor); ``gc_grid_tensor_certificate(net, output=0)``.

Model
----------------------------
Inputs are N patches, in 1-D a row ``x_0..x_{N-1}``, in 2-D an H x W grid whose patch at row r,
column c is **input/mode ``r * W + c`` (row-major; 0-based)**.  Layer 0 reads the representation values
``f_d(x_i)`` (M channels).  Layer l (0-based) with receptive field R, stride S, dilation D and C_l output
channels has valid positions only (no padding): ``floor((n - D (R - 1) - 1) / S) + 1`` per axis, where n is
the number of positions of its input.  Its output at position j (row-major in 2-D) is

    y_l(j, gamma) = prod_{k in window} < w^{(l, gamma, k)} [at j if unshared], y_{l-1}(j S + k D, :) >

with window offsets k in row-major order (``k = a * R_w + b`` for offset (a, b) in 2-D).  **Sharing** is
across positions j only: every window offset k keeps its own matrix (the COLT/ICLR "shared" ConvAC, which
uses one matrix at every offset too, is the special case of K equal matrices).  Weights of layer l
are a QArray of shape ``(K, C_l, C_{l-1})`` when shared (K = window size, matrices (out, in) as everywhere in
exactnet), ``(P_l, K, C_l, C_{l-1})`` when unshared (P_l = number of positions).  The last layer must leave
exactly one position; the Y outputs are ``output_weights @ y_last`` (output_weights: (Y, C_last)).

R = S, D = 1 everywhere is the non-overlapping ConvAC of the foundation: :meth:`GCConvAC.to_deep_convac`
gives the exactly equal :class:`~exactnet.networks.DeepConvAC` (tree of contiguous windows).

Two routes give the grid tensor: ``"evaluation"`` runs the forward pass on all T^N template tuples as a
batch; ``"decomposition"`` contracts the network as a tensor network in which every node is a tensor over
the grid indices of its receptive field, and an input read by several windows is *copied* to them by a
diagonal (copy) tensor (numpy broadcasting on a shared axis), with F on every input: it never enumerates
tuples.  Both are exact (Python ints wherever int64 could overflow).

Examples
--------
>>> net = GCConvAC.random((4,), 2, [GCLayer(2, 1, 2), GCLayer(3, 1, 1)], seed=1)
>>> net.positions(0), net.positions(1), net.is_overlapping()
((3,), (1,), True)
>>> net.grid_tensor(method="evaluation") == net.grid_tensor(method="decomposition")
True
>>> net.evaluate_templates([0, 1, 1, 0])[0] == net.grid_tensor(output=0)[0, 1, 1, 0]
True
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Sequence

import numpy as np

from .._version import __version__
from ..core.qarray import INT64_SAFE, QArray, as_object, max_abs, reduce_common_factor
from ..errors import FormatError, InvalidArgumentError, ShapeError
from ..tensors import PoolingTree, check_dense_size
from ._common import (
    as_matrix,
    check_int_arg,
    describe,
    join,
    json_array,
    json_bool,
    json_int,
    NetworkFacts,
    require_keys,
)
from .convac import DeepConvAC, _check_low_high, _check_network_header, _check_output
from .representation import Representation

__all__ = ["GCLayer", "GCConvAC", "GC_KIND", "gc_rank_certificate", "gc_grid_tensor_certificate", "dense_rank_witness"]

GC_KIND = "gc-convac"
_METHODS = ("evaluation", "decomposition")
_NETWORK_FORMAT = "exactnet.network"


# ============================================================================================ layers
def _axis_value(value: Any, name: str, minimum: int, hint: str) -> int | tuple[int, int]:
    """An int >= minimum, or a pair of them (2-D)."""
    if isinstance(value, (list, tuple, np.ndarray)) and not isinstance(value, (str, bytes)):
        vals = list(value)
        if len(vals) != 2:
            raise InvalidArgumentError(
                f"Argument '{name}' must be an int (1-D) or an (h, w) pair (2-D), not {describe(value)}"
            )
        return tuple(_axis_value(v, f"{name}[{k}]", minimum, hint) for k, v in enumerate(vals))  # type: ignore[return-value]
    if isinstance(value, bool) or isinstance(value, float) or not hasattr(value, "__index__"):
        raise InvalidArgumentError(
            f"Argument '{name}' must be an integer >= {minimum} (or an (h, w) pair of them), not {describe(value)}"
        )
    v = int(value.__index__())
    if v < minimum:
        raise InvalidArgumentError(f"Argument '{name}' must be an integer >= {minimum}, not {describe(value)}{hint}")
    return v


@dataclass(frozen=True)
class GCLayer:
    """One generalized convolutional layer: receptive field R, stride S, C output channels, dilation D.

    1-D: ints.  2-D: ``(h, w)`` pairs (an int means the square ``(k, k)``).  Validated on construction.

    Examples
    --------
    >>> GCLayer(3, 1, 2)
    GCLayer(receptive_field=3, stride=1, channels=2, dilation=1)
    >>> GCLayer((2, 2), 2, 4).axes(2)
    ((2, 2), (2, 2), (1, 1))
    >>> GCLayer(2, 0, 2)
    Traceback (most recent call last):
      ...
    exactnet.errors.InvalidArgumentError: Argument 'stride' must be an integer >= 1, not 0 (type=int); a stride of 0 would put every output position on the same window
    """

    receptive_field: Any
    stride: Any
    channels: int
    dilation: Any = 1

    def __post_init__(self) -> None:
        rf = _axis_value(self.receptive_field, "receptive_field", 1,
                         "; a receptive field reads at least one position")
        st = _axis_value(self.stride, "stride", 1, "; a stride of 0 would put every output position on the same window")
        dil = _axis_value(self.dilation, "dilation", 1, "; dilation 1 reads consecutive positions")
        ch = check_int_arg(self.channels, "channels", 1)
        object.__setattr__(self, "receptive_field", rf)
        object.__setattr__(self, "stride", st)
        object.__setattr__(self, "dilation", dil)
        object.__setattr__(self, "channels", ch)

    @classmethod
    def coerce(cls, value: Any, name: str = "layers") -> "GCLayer":
        """A GCLayer, or a tuple ``(R, S, C)`` / ``(R, S, C, D)``, or a dict with the JSON keys.

        >>> GCLayer.coerce((2, 1, 3))
        GCLayer(receptive_field=2, stride=1, channels=3, dilation=1)
        """
        if isinstance(value, GCLayer):
            return value
        if isinstance(value, dict):
            return cls(value.get("receptive_field"), value.get("stride"), value.get("channels"), value.get("dilation", 1))
        if isinstance(value, (list, tuple)) and len(value) in (3, 4):
            return cls(*value)
        raise InvalidArgumentError(
            f"Argument '{name}' must be a GCLayer or a tuple (receptive_field, stride, channels[, dilation]), "
            f"not {describe(value)}"
        )

    def axes(self, dims: int) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
        """``(R, S, D)`` as per-axis tuples for a ``dims``-dimensional network (1 or 2)."""
        out = []
        for name, v in (("receptive_field", self.receptive_field), ("stride", self.stride),
                        ("dilation", self.dilation)):
            if isinstance(v, tuple):
                if dims != 2:
                    raise ShapeError(
                        f"Argument '{name}' is the pair {v} but the input is 1-D; use an int for 1-D inputs"
                    )
                out.append(v)
            else:
                out.append((v,) * dims)
        return tuple(out)  # type: ignore[return-value]

    def to_dict(self) -> dict:
        def j(v):
            return list(v) if isinstance(v, tuple) else v

        return {"receptive_field": j(self.receptive_field), "stride": j(self.stride), "channels": self.channels,
                "dilation": j(self.dilation)}


# ============================================================================================ helpers
def _check_input_shape(shape: Any) -> tuple[int, ...]:
    if isinstance(shape, bool):
        raise InvalidArgumentError(f"Argument 'input_shape' must be (N,) or (H, W), not {describe(shape)}")
    if hasattr(shape, "__index__"):
        shape = (shape,)
    if isinstance(shape, (str, bytes)) or not isinstance(shape, (list, tuple)) or len(shape) not in (1, 2):
        raise InvalidArgumentError(
            f"Argument 'input_shape' must be (N,) for 1-D or (H, W) for 2-D patches, not {describe(shape)}"
        )
    out = tuple(check_int_arg(s, f"input_shape[{k}]", 1) for k, s in enumerate(shape))
    if math.prod(out) < 2:
        raise InvalidArgumentError(f"Argument 'input_shape' must have at least 2 inputs, not {out}")
    return out


def _int64_ok(bound: int) -> bool:
    return bound < INT64_SAFE


def _contract(X: np.ndarray, W: np.ndarray) -> np.ndarray:
    """``out[..., g] = sum_a X[..., a] W[..., g, a]`` exactly (W broadcast on the leading axes)."""
    bound = X.shape[-1] * max(1, max_abs(X)) * max(1, max_abs(W))
    if X.dtype == object or W.dtype == object or not _int64_ok(bound):
        X, W = as_object(X), as_object(W)
    return (X[..., None, :] * W).sum(axis=-1)


def _mul(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    if a.dtype == object or b.dtype == object or not _int64_ok(max(1, max_abs(a)) * max(1, max_abs(b))):
        return as_object(a) * as_object(b)
    return a * b


def _reduce(num: np.ndarray, den: int) -> tuple[np.ndarray, int]:
    """Cancel the common factor of the numerators and the denominator (an all-zero array gets den 1)."""
    if den == 1 or num.size == 0:
        return num, den
    if not num.any():
        return num, 1
    return reduce_common_factor(num, den)


# ============================================================================================ network
@dataclass(frozen=True)
class GCConvAC(NetworkFacts):
    """A generalized convolutional ConvAC (see the module docstring for the model and conventions).

    Parameters
    ----------
    input_shape : (N,) or (H, W)
        Number of input patches; in 2-D input (r, c) is mode ``r * W + c`` (row-major, 0-based).
    representation : Representation
        The M representation functions (grid tensor mode size T = its number of templates).
    layers : sequence of GCLayer (or tuples ``(R, S, C[, D])``)
    weights : sequence, one per layer
        Shared: shape ``(K, C_out, C_in)``; unshared: ``(P, K, C_out, C_in)`` (P positions row-major,
        K window offsets row-major).  Exact numbers only (floats refused).
    output_weights : matrix (Y, C_last)
    shared : bool

    Examples
    --------
    >>> rep = Representation.identity(2)
    >>> net = GCConvAC((3,), rep, [GCLayer(2, 1, 1), GCLayer(2, 1, 1)],
    ...                [[[[1, 0]], [[0, 1]]], [[[1]], [[1]]]], [[1]])
    >>> net.evaluate_templates([0, 1, 0])   # (x0[0] x1[1]) * (x1[0] x2[1]) at e_0, e_1, e_0
    (Fraction(0, 1),)
    >>> net.evaluate([[1, 2], [3, 4], [5, 6]])  # (1*4) * (3*6)
    (Fraction(72, 1),)
    >>> GCConvAC((3,), rep, [GCLayer(4, 1, 1)], [[[[1, 0]]] * 4], [[1]])
    Traceback (most recent call last):
      ...
    exactnet.errors.ShapeError: Argument 'layers[0]' has a receptive field of span 4 (R=4, dilation 1) on axis 0, larger than its input of 3 positions; valid positions only (no padding), so the span must be <= 3
    """

    input_shape: tuple
    representation: Representation
    layers: tuple
    weights: tuple
    output_weights: QArray
    shared: bool = True

    def __post_init__(self) -> None:
        shape = _check_input_shape(self.input_shape)
        object.__setattr__(self, "input_shape", shape)
        if not isinstance(self.representation, Representation):
            raise InvalidArgumentError(
                f"Argument 'representation' must be an exactnet.networks.Representation, not "
                f"{describe(self.representation)}; e.g. Representation.identity(M)"
            )
        if not isinstance(self.shared, bool):
            raise InvalidArgumentError(f"Argument 'shared' must be a bool, not {describe(self.shared)}")
        if isinstance(self.layers, (str, bytes)) or not isinstance(self.layers, (list, tuple)) or not self.layers:
            raise InvalidArgumentError(f"Argument 'layers' must be a non-empty sequence of GCLayer, not {describe(self.layers)}")
        layers = tuple(GCLayer.coerce(v, f"layers[{k}]") for k, v in enumerate(self.layers))
        object.__setattr__(self, "layers", layers)
        dims = len(shape)
        geo = []  # per layer: (R, S, D, positions-in, positions-out)
        n = shape
        for l, layer in enumerate(layers):
            try:
                R, S, D = layer.axes(dims)
            except ShapeError as exc:
                raise ShapeError(f"Argument 'layers[{l}]': {exc}") from None
            out = []
            for a in range(dims):
                span = D[a] * (R[a] - 1) + 1
                if span > n[a]:
                    raise ShapeError(
                        f"Argument 'layers[{l}]' has a receptive field of span {span} (R={R[a]}, dilation {D[a]}) "
                        f"on axis {a}, larger than its input of {n[a]} positions; valid positions only (no padding), "
                        f"so the span must be <= {n[a]}"
                    )
                out.append((n[a] - span) // S[a] + 1)
            geo.append((R, S, D, n, tuple(out)))
            n = tuple(out)
        if math.prod(n) != 1:
            sizes = " -> ".join(str(g[3]) for g in geo) + f" -> {n}"
            raise ShapeError(
                f"Argument 'layers' must leave exactly one position after the last layer, not {n} "
                f"(positions per layer: {sizes}); add a layer or change receptive fields / strides"
            )
        object.__setattr__(self, "_geo", tuple(geo))
        # weights
        if isinstance(self.weights, (str, bytes)) or not isinstance(self.weights, (list, tuple)):
            raise InvalidArgumentError(f"Argument 'weights' must be a sequence of {len(layers)} arrays (one per layer), not {describe(self.weights)}")
        if len(self.weights) != len(layers):
            raise ShapeError(f"Argument 'weights' must hold {len(layers)} arrays (one per layer), not {len(self.weights)}")
        ws = []
        c_in = self.representation.M
        for l, (layer, W) in enumerate(zip(layers, self.weights)):
            name = f"weights[{l}]"
            arr = W if isinstance(W, QArray) else QArray.from_nested(W, name)
            K = math.prod(geo[l][0])
            P = math.prod(geo[l][4])
            want = (K, layer.channels, c_in) if self.shared else (P, K, layer.channels, c_in)
            if arr.shape != want:
                what = ("(K window offsets, C_out, C_in)" if self.shared
                        else "(P positions, K window offsets, C_out, C_in)")
                raise ShapeError(
                    f"Argument '{name}' must have shape {want} = {what}, not {arr.shape} (layer {l}: receptive field "
                    f"{layer.receptive_field}, {layer.channels} output channels, {c_in} input channels"
                    + (", shared" if self.shared else ", unshared") + ")"
                )
            ws.append(arr)
            c_in = layer.channels
        object.__setattr__(self, "weights", tuple(ws))
        out = self.output_weights if isinstance(self.output_weights, QArray) else as_matrix(self.output_weights, "output_weights")
        if out.ndim != 2 or out.shape[1] != c_in:
            raise ShapeError(
                f"Argument 'output_weights' must have shape (Y, {c_in}) (the last layer has {c_in} channels), "
                f"not {out.shape}"
            )
        object.__setattr__(self, "output_weights", out)

    # ---------------------------------------------------------------- constructors
    @classmethod
    def random(cls, input_shape: Any, M: int, layers: Sequence[Any], Y: int = 1, seed: int = 0,
               shared: bool = True, low: int = -3, high: int = 3,
               representation: Representation | None = None) -> "GCConvAC":
        """Random integer weights uniform in [low, high] (numpy ``default_rng(seed)``).  Not generic:
        exact ranks of a random draw are lower bounds on the generic rank.

        >>> GCConvAC.random((2, 2), 2, [GCLayer((2, 2), 1, 3)], seed=0).num_parameters()
        27
        """
        shape = _check_input_shape(input_shape)
        M = check_int_arg(M, "M", 1)
        Y = check_int_arg(Y, "Y", 1)
        lo, hi = as_int_pair(low, high)
        rep = Representation.identity(M) if representation is None else representation
        if not isinstance(rep, Representation) or rep.M != M:
            raise InvalidArgumentError(f"Argument 'representation' must be a Representation with M = {M} functions, not {describe(representation)}")
        if isinstance(layers, (str, bytes)) or not isinstance(layers, (list, tuple)) or not layers:
            raise InvalidArgumentError(f"Argument 'layers' must be a non-empty sequence of GCLayer, not {describe(layers)}")
        lays = tuple(GCLayer.coerce(v, f"layers[{k}]") for k, v in enumerate(layers))
        # positions: build a skeleton network with zero weights to validate and count
        rng = np.random.default_rng(seed)
        dims = len(shape)
        n = shape
        ws = []
        c_in = M
        for l, layer in enumerate(lays):
            R, S, D = layer.axes(dims)
            out = tuple((n[a] - D[a] * (R[a] - 1) - 1) // S[a] + 1 if D[a] * (R[a] - 1) + 1 <= n[a] else 1
                        for a in range(dims))
            K, P = math.prod(R), math.prod(out)
            size = (K, layer.channels, c_in) if shared else (P, K, layer.channels, c_in)
            ws.append(QArray.from_integers(rng.integers(lo, hi + 1, size=size, dtype=np.int64)))
            n, c_in = out, layer.channels
        outw = QArray.from_integers(rng.integers(lo, hi + 1, size=(Y, c_in), dtype=np.int64))
        return cls(shape, rep, lays, tuple(ws), outw, bool(shared))

    # ---------------------------------------------------------------- facts
    @property
    def dims(self) -> int:
        """1 or 2."""
        return len(self.input_shape)

    @property
    def N(self) -> int:
        """Number of input patches (= grid tensor modes)."""
        return math.prod(self.input_shape)

    @property
    def num_inputs(self) -> int:
        return self.N

    @property
    def T(self) -> int:
        """Grid tensor mode size (number of templates)."""
        return self.representation.num_templates

    @property
    def num_layers(self) -> int:
        return len(self.layers)

    @property
    def channels(self) -> tuple[int, ...]:
        """``(C_0, ..., C_{L-1})``."""
        return tuple(layer.channels for layer in self.layers)

    def _layer_index(self, l: Any) -> int:
        L = len(self.layers)
        if isinstance(l, bool) or not isinstance(l, (int, np.integer)) or not -L <= int(l) < L:
            raise InvalidArgumentError(f"Argument 'l' must be a layer index in 0..{L - 1} (0-based), not {describe(l)}")
        return int(l) % L

    def positions(self, l: int) -> tuple[int, ...]:
        """Per-axis number of output positions of layer l (0-based; the last layer has ``(1,)`` / ``(1, 1)``).

        >>> GCConvAC.random((8,), 2, [(3, 1, 2), (2, 2, 2), (3, 1, 2)]).positions(1)
        (3,)
        """
        return self._geo[self._layer_index(l)][4]

    def num_positions(self, l: int) -> int:
        """Total number of output positions of layer l."""
        return math.prod(self.positions(l))

    def window_offsets(self, l: int) -> tuple[tuple[int, ...], ...]:
        """The window offsets of layer l in window order (row-major), as per-axis tuples (without dilation)."""
        R = self._geo[self._layer_index(l)][0]
        return tuple(itertools.product(*(range(r) for r in R)))

    def total_stride(self, l: int) -> tuple[int, ...]:
        """Per-axis product of the strides of layers 0..l.

        >>> GCConvAC.random((8,), 2, [(2, 2, 2)] * 3).total_stride(2)
        (8,)
        """
        l = self._layer_index(l)
        return tuple(math.prod(self._geo[m][1][a] for m in range(l + 1)) for a in range(self.dims))

    def total_receptive_field(self, l: int) -> tuple[int, ...]:
        """Per-axis extent (span, in inputs) of the region one node of layer l depends on.

        ``rf_l = rf_{l-1} + D_l (R_l - 1) * total_stride(l - 1)``, ``rf_{-1} = 1``.

        >>> net = GCConvAC.random((8,), 2, [(3, 1, 2), (2, 2, 2), (3, 1, 2)])
        >>> [net.total_receptive_field(l) for l in range(3)]
        [(3,), (4,), (8,)]
        """
        l = self._layer_index(l)
        out = []
        for a in range(self.dims):
            rf, ts = 1, 1
            for m in range(l + 1):
                R, S, D = self._geo[m][0][a], self._geo[m][1][a], self._geo[m][2][a]
                rf += D * (R - 1) * ts
                ts *= S
            out.append(rf)
        return tuple(out)

    def reads(self, l: int, j: int) -> tuple[int, ...]:
        """Flat (row-major) positions of layer l-1 (or input modes for l = 0) read by position j of layer l,
        in window-offset order.

        >>> GCConvAC.random((5,), 2, [(2, 1, 2, 2), (3, 1, 1)]).reads(0, 1)
        (1, 3)
        """
        l = self._layer_index(l)
        return self._reads()[l][j]

    def _reads(self) -> tuple:
        cache = self.__dict__.get("_reads_cache")
        if cache is None:
            cache = []
            for R, S, D, n_in, n_out in self._geo:
                per = []
                for j in itertools.product(*(range(p) for p in n_out)):
                    idx = []
                    for k in itertools.product(*(range(r) for r in R)):
                        coord = [j[a] * S[a] + k[a] * D[a] for a in range(len(R))]
                        flat = 0
                        for a in range(len(R)):
                            flat = flat * n_in[a] + coord[a]
                        idx.append(flat)
                    per.append(tuple(idx))
                cache.append(tuple(per))
            cache = tuple(cache)
            object.__setattr__(self, "_reads_cache", cache)
        return cache

    def receptive_inputs(self, l: int, j: int) -> tuple[int, ...]:
        """Sorted input modes (0-based, row-major in 2-D) that node j of layer l depends on.

        >>> GCConvAC.random((4,), 2, [(2, 1, 2), (3, 1, 1)]).receptive_inputs(0, 2)
        (2, 3)
        """
        l = self._layer_index(l)
        sets: list = [frozenset([i]) for i in range(self.N)]
        for m in range(l + 1):
            sets = [frozenset().union(*(sets[p] for p in reads)) for reads in self._reads()[m]]
        return tuple(sorted(sets[j]))

    def is_overlapping(self) -> bool:
        """True when some position of some layer's input is read by two windows (R > S, or dilation interleaving).

        >>> GCConvAC.random((8,), 2, [(2, 2, 2)] * 3).is_overlapping()
        False
        """
        for per in self._reads():
            flat = [p for reads in per for p in reads]
            if len(flat) != len(set(flat)):
                return True
        return False

    def num_parameters(self) -> int:
        """Number of weights (all layers and the output; unshared layers count every position).

        >>> GCConvAC.random((4,), 2, [(2, 2, 3), (2, 2, 1)]).num_parameters()  # 2*3*2 + 2*1*3 + 1
        19
        """
        return sum(W.size for W in self.weights) + self.output_weights.size

    def window_matrix(self, l: int, j: int, k: int) -> QArray:
        """The (C_l, C_{l-1}) matrix that position j of layer l applies at window offset k (all 0-based).

        >>> GCConvAC.random((4,), 2, [(2, 1, 3), (3, 1, 1)]).window_matrix(0, 2, 1).shape
        (3, 2)
        """
        l = self._layer_index(l)
        P, K = self.num_positions(l), len(self._reads()[l][0])
        if isinstance(j, bool) or not isinstance(j, (int, np.integer)) or not 0 <= int(j) < P:
            raise InvalidArgumentError(f"Argument 'j' must be a position of layer {l} in 0..{P - 1} (0-based), not {describe(j)}")
        if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or not 0 <= int(k) < K:
            raise InvalidArgumentError(f"Argument 'k' must be a window offset in 0..{K - 1} (0-based), not {describe(k)}")
        return self._layer_matrix(l, int(j), int(k))

    def _layer_matrix(self, l: int, j: int, k: int) -> QArray:
        W = self.weights[l]
        return QArray(W.num[k] if self.shared else W.num[j, k], W.den)

    # ---------------------------------------------------------------- evaluation (entries)
    def _forward(self, feats: list[Sequence[Fraction]]) -> tuple[Fraction, ...]:
        values = [list(f) for f in feats]
        for l, per in enumerate(self._reads()):
            W = self.weights[l]
            Wl = W.to_fractions()
            new = []
            for j, reads in enumerate(per):
                acc = None
                for k, p in enumerate(reads):
                    mat = Wl[k] if self.shared else Wl[j, k]
                    v = values[p]
                    z = [sum((a * b for a, b in zip(row, v)), Fraction(0)) for row in mat]
                    acc = z if acc is None else [x * y for x, y in zip(acc, z)]
                new.append(acc)
            values = new
        Wo = self.output_weights.to_fractions()
        return tuple(sum((a * b for a, b in zip(row, values[0])), Fraction(0)) for row in Wo)

    def evaluate(self, patches: Sequence[Any]) -> tuple[Fraction, ...]:
        """Exact forward pass at N patches, given flat in mode order (row-major for 2-D inputs).

        >>> net = GCConvAC.random((3,), 2, [(2, 1, 1), (2, 1, 1)], representation=Representation.monomials([0], 2))
        >>> net.evaluate([0, 0, 0]) == net.evaluate_templates([0, 0, 0])
        True
        """
        N = self.N
        if isinstance(patches, (str, bytes)) or not isinstance(patches, (list, tuple, np.ndarray)):
            raise InvalidArgumentError(f"Argument 'patches' must be a sequence of {N} patches (row-major for 2-D), not {describe(patches)}")
        if len(patches) != N:
            raise ShapeError(f"Argument 'patches' must hold {N} patches (one per input, row-major for 2-D), not {len(patches)}")
        return self._forward([self.representation.features(p, f"patches[{i}]") for i, p in enumerate(patches)])

    def evaluate_templates(self, indices: Sequence[int]) -> tuple[Fraction, ...]:
        """One grid-tensor entry (all Y outputs): the forward pass at template indices, one per input (0-based).
        Costs O(size of the network); never forms the tensor.

        >>> net = GCConvAC.random((64,), 4, [(4, 4, 2), (4, 4, 2), (4, 4, 1)])
        >>> len(net.evaluate_templates([0] * 64))
        1
        """
        idx = self._check_indices(indices)
        F = self.representation.matrix.to_fractions()
        return self._forward([list(F[t]) for t in idx])

    def _check_indices(self, indices: Any) -> list[int]:
        N, T = self.N, self.T
        if isinstance(indices, (str, bytes)) or not isinstance(indices, (list, tuple, np.ndarray)):
            raise InvalidArgumentError(f"Argument 'indices' must be a sequence of {N} template indices, not {describe(indices)}")
        if len(indices) != N:
            raise ShapeError(f"Argument 'indices' must hold {N} template indices (one per input), not {len(indices)}")
        out = []
        for i, t in enumerate(indices):
            if isinstance(t, bool) or not isinstance(t, (int, np.integer)) or not 0 <= int(t) < T:
                raise InvalidArgumentError(
                    f"Argument 'indices[{i}]' must be a template index in 0..{T - 1} (0-based), not {describe(t)}"
                )
            out.append(int(t))
        return out

    def grid_entries(self, indices: Any, output: int | None = None, prime: int | None = None) -> np.ndarray:
        """A batch of grid-tensor entries, vectorized: ``indices`` has shape (B, N) (template indices, 0-based).

        Returns shape (B, Y) (or (B,) for one ``output``): a numpy object array of Fractions, or, with
        ``prime`` (a prime < 2^31), int64 residues mod p (a denominator divisible by p is refused).

        >>> net = GCConvAC.random((4,), 2, [(2, 1, 2), (3, 1, 1)], seed=3)
        >>> e = net.grid_entries([[0, 1, 1, 0], [1, 1, 1, 1]], output=0)
        >>> list(e) == [net.evaluate_templates(i)[0] for i in ([0, 1, 1, 0], [1, 1, 1, 1])]
        True
        >>> int(net.grid_entries([[0, 1, 1, 0]], output=0, prime=101)[0]) == e[0] % 101
        True
        """
        output = _check_output(output, self.Y)
        idx = np.asarray(indices)
        if idx.ndim != 2 or idx.shape[1] != self.N or (idx.size and idx.dtype.kind not in "iu"):
            raise ShapeError(f"Argument 'indices' must be an integer array of shape (B, {self.N}), not {describe(indices)}")
        if idx.size and (idx.min() < 0 or idx.max() >= self.T):
            raise InvalidArgumentError(f"Argument 'indices' must hold template indices in 0..{self.T - 1} (0-based)")
        empty = (0,) if output is not None else (0, self.Y)
        if prime is not None:
            p = self._check_prime(prime)
            if len(idx) == 0:
                return np.zeros(empty, dtype=np.int64)
            return self._chunked(len(idx), lambda a, b: idx[a:b], lambda i: self._batch_mod(i, output, p), exact=False)
        if len(idx) == 0:
            return np.empty(empty, dtype=object)
        num, den = self._chunked(len(idx), lambda a, b: idx[a:b], lambda i: self._batch_exact(i, output), exact=True)
        out = np.empty(num.shape, dtype=object)
        out.flat[:] = [Fraction(int(x), den) for x in num.flat]
        return out

    def grid_minor(self, partition: Any, row_indices: Any, col_indices: Any, output: int = 0,
                   prime: int | None = None) -> np.ndarray:
        """The submatrix of the matricization ``[A^output]_{I,J}`` at explicit row / column multi-indices.

        ``row_indices[a]`` lists one template index per row mode (increasing mode order), ``col_indices[b]``
        one per column mode.  Each node whose receptive field lies inside the rows (columns) is evaluated once
        per row (column) multi-index; only the nodes that see both sides run on all pairs, so a 256 x 256
        minor at N = 64 costs little more than its mixed nodes.  Returns an (R_a, R_b) numpy array: Fractions
        (object), or int64 residues mod ``prime`` (a prime < 2^31).

        >>> net = GCConvAC.random((6,), 2, [(3, 1, 2), (4, 1, 1)], seed=1)
        >>> m = net.grid_minor("low-high", [[0, 1, 1], [1, 0, 0]], [[1, 1, 0]])
        >>> m[1, 0] == net.evaluate_templates([1, 0, 0, 1, 1, 0])[0]
        True
        """
        from ..tensors import as_partition

        part = as_partition(partition, self.N)
        output = _check_output(output, self.Y)
        if output is None:
            raise InvalidArgumentError("Argument 'output' must be an output index (0-based), not None")
        A = self._multi_indices(row_indices, len(part.rows), "row_indices")
        B = self._multi_indices(col_indices, len(part.cols), "col_indices")
        if prime is not None:
            p = self._check_prime(prime)

            def red(q: QArray) -> np.ndarray:
                if q.den % p == 0:
                    raise InvalidArgumentError(f"Argument 'prime' must not divide a denominator of the network ({q.den}); choose another prime")
                return np.asarray((as_object(q.num) % p) * pow(q.den, -1, p) % p, dtype=np.int64)

            def conv(v: np.ndarray, W: np.ndarray) -> np.ndarray:
                return ((v[..., None, :] * W) % p).sum(axis=-1) % p

            def mul(a: np.ndarray, b: np.ndarray) -> np.ndarray:
                return a * b % p

            F, Ws, Wo = red(self.representation.matrix), [red(W) for W in self.weights], red(self.output_weights)
        else:
            F, Ws, Wo = self.representation.matrix.num, [W.num for W in self.weights], self.output_weights.num
            conv, mul = _contract, _mul
        den = self.representation.matrix.den
        values: list = [None] * self.N
        for t, m in enumerate(part.rows):
            values[m] = ("r", F[A[:, t]])
        for t, m in enumerate(part.cols):
            values[m] = ("c", F[B[:, t]])

        def spread(kind: str, v: np.ndarray) -> np.ndarray:
            return v[:, None, :] if kind == "r" else v[None, :, :] if kind == "c" else v

        for l, per in enumerate(self._reads()):
            W = Ws[l]
            new = []
            for j, reads in enumerate(per):
                kinds = {values[q][0] for q in reads}
                kind = kinds.pop() if len(kinds) == 1 else "m"
                acc = None
                for k, q in enumerate(reads):
                    ck, v = values[q]
                    z = conv(v, W[k] if self.shared else W[j, k])
                    if kind == "m":
                        z = spread(ck, z)
                    acc = z if acc is None else mul(acc, z)
                new.append((kind, acc))
            values = new
            den = (den * self.weights[l].den) ** len(per[0])
        kind, v = values[0]
        res = conv(spread(kind, v), Wo[output][None])[..., 0]
        res = np.broadcast_to(res, (len(A), len(B)))
        if prime is not None:
            return np.array(res, dtype=np.int64)
        den *= self.output_weights.den
        out = np.empty(res.shape, dtype=object)
        out.flat[:] = [Fraction(int(x), den) for x in res.flat]
        return out

    def _multi_indices(self, value: Any, length: int, name: str) -> np.ndarray:
        arr = np.asarray(value)
        if arr.ndim != 2 or arr.shape[1] != length or (arr.size and arr.dtype.kind not in "iu") or not len(arr):
            raise ShapeError(f"Argument '{name}' must be a non-empty list of multi-indices of {length} template "
                             f"indices each (one per mode of that side, increasing mode order), not {describe(value)}")
        if arr.min() < 0 or arr.max() >= self.T:
            raise InvalidArgumentError(f"Argument '{name}' must hold template indices in 0..{self.T - 1} (0-based)")
        return arr.astype(np.int64)

    def _check_prime(self, prime: Any) -> int:
        import flint

        p = check_int_arg(prime, "prime", 2)
        if not flint.fmpz(p).is_prime():
            raise InvalidArgumentError(f"Argument 'prime' must be a prime, not {p}")
        if p >= 2**31:
            raise InvalidArgumentError(f"Argument 'prime' must be below 2^31 (int64 products), not {p}")
        return p

    def _chunked(self, total: int, indices, run, exact: bool):
        """Run a batched forward pass over ``total`` tuples in chunks, so that no intermediate
        (chunk, positions, C_out, C_in) array is large; exact results are brought to one denominator."""
        widest = max(self.num_positions(l) * self.channels[l] * (self.channels[l - 1] if l else self.M)
                     for l in range(self.num_layers))
        chunk = max(1, (1 << 22) // max(1, widest))
        parts = [run(indices(start, min(total, start + chunk))) for start in range(0, total, chunk)]
        if not exact:
            return np.concatenate(parts, axis=0)
        if not parts:
            return np.zeros((0, self.Y), dtype=np.int64), 1
        den = math.lcm(*(d for _, d in parts))
        nums = [n if d == den else as_object(n) * (den // d) for n, d in parts]
        if any(n.dtype == object for n in nums):
            nums = [as_object(n) for n in nums]
        return np.concatenate(nums, axis=0), den

    def _batch_exact(self, idx: np.ndarray, output: int | None) -> tuple[np.ndarray, int]:
        """Numerators (B, Y') and one denominator: the forward pass over a batch of template tuples."""
        F = self.representation.matrix
        X = F.num[idx]  # (B, N, M) -- layer-0 input, positions = inputs (row-major)
        den = F.den
        for l, per in enumerate(self._reads()):
            W = self.weights[l]
            reads = np.asarray(per, dtype=np.int64)  # (P, K)
            acc = None
            for k in range(reads.shape[1]):
                Xk = X[:, reads[:, k], :]  # (B, P, C_in)
                Wk = W.num[k][None, None] if self.shared else W.num[:, k][None]  # (1,1,Co,Ci) or (1,P,Co,Ci)
                Z = _contract(Xk, Wk)
                acc = Z if acc is None else _mul(acc, Z)
            X, den = _reduce(acc, (den * W.den) ** reads.shape[1])
        Wo = self.output_weights if output is None else self.output_weights.take([output], axis=0)
        Y, den = _reduce(_contract(X[:, 0, :], Wo.num[None]), den * Wo.den)
        return (Y[:, 0] if output is not None else Y), den

    def _batch_mod(self, idx: np.ndarray, output: int | None, p: int) -> np.ndarray:
        def red(q: QArray) -> np.ndarray:
            if q.den % p == 0:
                raise InvalidArgumentError(f"Argument 'prime' must not divide a denominator of the network ({q.den}); choose another prime")
            inv = pow(q.den, -1, p)
            return np.asarray((as_object(q.num) % p) * inv % p, dtype=np.int64)

        X = red(self.representation.matrix)[idx]
        for l, per in enumerate(self._reads()):
            W = red(self.weights[l])
            reads = np.asarray(per, dtype=np.int64)
            acc = None
            for k in range(reads.shape[1]):
                Xk = X[:, reads[:, k], :]
                Wk = W[k][None, None] if self.shared else W[:, k][None]
                Z = ((Xk[..., None, :] * Wk) % p).sum(axis=-1) % p
                acc = Z if acc is None else acc * Z % p
            X = acc
        Wo = red(self.output_weights)
        if output is not None:
            Wo = Wo[[output]]
        Y = ((X[:, 0, None, :] * Wo[None]) % p).sum(axis=-1) % p
        return Y[:, 0] if output is not None else Y

    # ---------------------------------------------------------------- grid tensor
    def grid_tensor(self, method: str = "evaluation", output: int | None = None) -> QArray:
        """The grid tensor ``h_y(template_{d_0}, ..., template_{d_{N-1}})``: shape (Y, T, ..., T), or (T, ..., T)
        for one ``output`` (0-based); C order; mode i = input i (row-major r * W + c for 2-D inputs).

        ``"evaluation"``: the forward pass on all T^N tuples as a batch.  ``"decomposition"``: a tensor-network
        contraction over receptive fields with copy tensors for shared inputs (never enumerates tuples).
        Dense: refused with a clear message (before allocation) when too large.

        >>> net = GCConvAC.random((2, 2), 2, [GCLayer((2, 1), 1, 2), GCLayer((1, 2), 1, 1)], seed=2)
        >>> net.grid_tensor(output=0).shape, net.grid_tensor("decomposition") == net.grid_tensor("evaluation")
        ((2, 2, 2, 2), True)
        """
        if method not in _METHODS:
            raise InvalidArgumentError(f"Argument 'method' must be one of {_METHODS}, not {describe(method)}")
        output = _check_output(output, self.Y)
        N, T = self.N, self.T
        width = max(max(self.channels), self.Y if output is None else 1)
        check_dense_size((T,) * N + (width,), what=f"grid tensor ({method} route)")
        if method == "evaluation":
            total = T**N

            def indices(start: int, stop: int) -> np.ndarray:
                flat = np.arange(start, stop, dtype=np.int64)
                return np.stack(np.unravel_index(flat, (T,) * N), axis=1)

            num, den = self._chunked(total, indices, lambda idx: self._batch_exact(idx, output), exact=True)
            if output is None:
                num = num.T.reshape((self.Y,) + (T,) * N)
            else:
                num = num.reshape((T,) * N)
            return QArray(num, den)
        return self._grid_by_contraction(output)

    def _grid_by_contraction(self, output: int | None) -> QArray:
        N = self.N
        F = self.representation.matrix
        # a node value: (array, axes) -- array axes = the sorted input modes 'axes', then a channel axis
        level: list[tuple[np.ndarray, tuple[int, ...]]] = [(F.num, (i,)) for i in range(N)]
        den = F.den
        for l, per in enumerate(self._reads()):
            W = self.weights[l]
            new = []
            for j, reads in enumerate(per):
                union = tuple(sorted(set().union(*(level[p][1] for p in reads))))
                acc = None
                for k, p in enumerate(reads):
                    arr, axes = level[p]
                    mat = W.num[k] if self.shared else W.num[j, k]
                    z = _contract(arr, mat)  # conv on the channel axis
                    # copy tensor: place the child's input axes inside the union (size-1 elsewhere)
                    shape = [1] * len(union) + [z.shape[-1]]
                    for a, m in enumerate(axes):
                        shape[union.index(m)] = z.shape[a]
                    z = z.reshape(shape)
                    acc = z if acc is None else _mul(acc, z)
                new.append((acc, union))
            den = (den * W.den) ** len(per[0])
            g = 0  # the common factor of den and every node's numerators (all nodes share den)
            for arr, _ in new:
                if g == 1:
                    break
                g = math.gcd(g, den // _reduce(arr, den)[1])
            if g > 1:
                new = [(arr // g if arr.any() else arr, axes) for arr, axes in new]
                den //= g
            level = new
        arr, axes = level[0]
        Wo = self.output_weights if output is None else self.output_weights.take([output], axis=0)
        arr, den = _reduce(_contract(arr, Wo.num), den * Wo.den)
        # inputs read by no window: the tensor is constant along them (broadcast)
        shape = [1] * N + [arr.shape[-1]]
        for a, m in enumerate(axes):
            shape[m] = arr.shape[a]
        full = np.broadcast_to(arr.reshape(shape), (self.T,) * N + (arr.shape[-1],))
        full = np.moveaxis(full, -1, 0)
        full = np.array(full[0] if output is not None else full)
        return QArray(full, den)

    # ---------------------------------------------------------------- symbolic
    def score_function(self, symbols: Any = None) -> list:
        """The Y score functions as SymPy expressions (default symbols ``x_i`` / ``x_i_k``, i the mode).

        >>> rep = Representation.monomials([0], 2)
        >>> GCConvAC((2,), rep, [GCLayer(2, 1, 1)], [[[[0, 1]], [[1, 1]]]], [[1]]).score_function()
        [x_0*(x_1 + 1)]
        """
        from .convac import _sym_matvec, _symbol_features

        feats = _symbol_features(self.representation, symbols, self.N)
        values = feats
        for l, per in enumerate(self._reads()):
            new = []
            for j, reads in enumerate(per):
                acc = None
                for k, p in enumerate(reads):
                    z = _sym_matvec(self._layer_matrix(l, j, k), values[p])
                    acc = z if acc is None else [a * b for a, b in zip(acc, z)]
                new.append(acc)
            values = new
        return _sym_matvec(self.output_weights, values[0])

    # ---------------------------------------------------------------- foundation
    def to_deep_convac(self) -> DeepConvAC:
        """The equal foundation :class:`DeepConvAC` (same grid tensor), for a non-overlapping network:
        every layer has R = S and dilation 1 (1-D or 2-D; in 2-D the tree pools R_h x R_w blocks of the
        row-major modes).  The result is unshared unless every window matrix of every layer is equal.

        >>> net = GCConvAC.random((4,), 2, [(2, 2, 2), (2, 2, 1)], seed=4)
        >>> net.to_deep_convac().grid_tensor() == net.grid_tensor()
        True
        >>> GCConvAC.random((4,), 2, [(2, 1, 2), (3, 1, 1)]).to_deep_convac()
        Traceback (most recent call last):
          ...
        exactnet.errors.InvalidArgumentError: to_deep_convac needs a non-overlapping network (R = S and dilation 1 in every layer); layer 0 has receptive field 2, stride 1, dilation 1
        """
        for l, (R, S, D, _, _) in enumerate(self._geo):
            if R != S or any(d != 1 for d in D):
                layer = self.layers[l]
                raise InvalidArgumentError(
                    "to_deep_convac needs a non-overlapping network (R = S and dilation 1 in every layer); "
                    f"layer {l} has receptive field {layer.receptive_field}, stride {layer.stride}, dilation {layer.dilation}"
                )
        for l, per in enumerate(self._reads()):
            read = {p for reads in per for p in reads}
            n_in = math.prod(self._geo[l][3])
            if len(read) != n_in:
                missing = sorted(set(range(n_in)) - read)
                raise InvalidArgumentError(
                    f"to_deep_convac needs every position to be pooled; layer {l} never reads its input positions "
                    f"{missing[:5]} (row-major, 0-based), so the pooling tree would not cover every input"
                )
        L = len(self.layers)
        # nodes: level 0 = inputs; node (l+1, j) = tuple of the children reads(l, j)
        nodes: list = list(range(self.N))
        for l in range(L):
            nodes = [tuple(nodes[p] for p in reads) for reads in self._reads()[l]]
        tree = PoolingTree(nodes[0])
        internal = tree.internal_nodes()
        # weight of each node (leaf or internal) = the matrix its parent's layer applies to it
        weight_of: dict = {}
        children_level: list = list(range(self.N))
        for l in range(L):
            parents = []
            for j, reads in enumerate(self._reads()[l]):
                for k, p in enumerate(reads):
                    weight_of[_key(children_level[p])] = self._layer_matrix(l, j, k)
                parents.append(tuple(children_level[p] for p in reads))
            children_level = parents
        leaf = tuple(weight_of[i] for i in range(self.N))
        node = tuple(weight_of[_key(v)] for v in internal)
        all_equal = all(leaf[0] == W for W in leaf)
        by_level: dict = {}
        for v, W in zip(internal, node):
            by_level.setdefault(tree.node_level(v), []).append(W)
        shared = all_equal and all(all(ws[0] == W for W in ws) for ws in by_level.values())
        return DeepConvAC(tree, self.representation, leaf, node, self.output_weights, shared)

    @classmethod
    def from_deep_convac(cls, net: DeepConvAC) -> "GCConvAC":
        """The GC form (1-D, R = S per level) of a DeepConvAC whose tree is contiguous windows
        (``PoolingTree.from_windows(N, windows)`` with all leaves at level 0).

        >>> d = DeepConvAC.from_windows(8, 2, (2, 3, 1), window=2, seed=5)
        >>> g = GCConvAC.from_deep_convac(d)
        >>> [layer.receptive_field for layer in g.layers], g.grid_tensor() == d.grid_tensor()
        ([2, 2, 2], True)
        >>> GCConvAC.from_deep_convac(DeepConvAC.random(PoolingTree.mirror(4), 2, (1, 1)))
        Traceback (most recent call last):
          ...
        exactnet.errors.InvalidArgumentError: Argument 'net' must have a tree of contiguous windows (PoolingTree.from_windows) to be a GC ConvAC, not the tree ((0, 3), (1, 2)); its window sizes per level would be (2, 2), i.e. the tree ((0, 1), (2, 3))
        """
        if not isinstance(net, DeepConvAC):
            raise InvalidArgumentError(f"Argument 'net' must be a DeepConvAC, not {describe(net)}")
        tree = net.tree
        H = tree.height
        arity = []
        for l in range(1, H + 1):
            ks = {len(v) if isinstance(v, tuple) else None for v in tree.levels[l]}
            arity.append(ks)
        seq = tuple(next(iter(ks)) for ks in arity) if all(len(ks) == 1 and None not in ks for ks in arity) else None
        try:
            expected = PoolingTree.from_windows(net.N, seq) if seq else None
        except ShapeError:
            expected = None
        if expected is None or expected != tree:
            hint = f"; its window sizes per level would be {seq}, i.e. the tree {expected.structure}" if expected else ""
            raise InvalidArgumentError(
                "Argument 'net' must have a tree of contiguous windows (PoolingTree.from_windows) to be a GC ConvAC, "
                f"not the tree {tree.structure}{hint}"
            )
        widths = net.widths
        # GC layer l (0-based) creates the tree's level-(l+1) nodes; its output channels are r_l
        layers = tuple(GCLayer(w, w, widths[l]) for l, w in enumerate(seq))
        internal = tree.internal_nodes()
        index = {v: k for k, v in enumerate(internal)}

        def mat(node) -> QArray:
            return net.leaf_weights[node] if isinstance(node, int) else net.node_weights[index[node]]

        weights = []
        for l in range(H):
            parents = tree.levels[l + 1]
            per = [[mat(c) for c in p] for p in parents]
            if net.shared:
                weights.append(_stack([m for m in per[0]]))
            else:
                weights.append(_stack([_stack(ms) for ms in per]))
        return cls((net.N,), net.representation, layers, tuple(weights), net.output_weights, net.shared)

    # ---------------------------------------------------------------- JSON
    def to_dict(self) -> dict:
        """JSON form (kind ``"gc-convac"``, docs/formats/overlap.md).

        >>> d = GCConvAC.random((4,), 2, [(2, 1, 2), (3, 1, 1)]).to_dict()
        >>> d["kind"], d["input_shape"], d["layers"][1]
        ('gc-convac', [4], {'receptive_field': 3, 'stride': 1, 'channels': 1, 'dilation': 1})
        >>> GCConvAC.from_dict(d) == GCConvAC.random((4,), 2, [(2, 1, 2), (3, 1, 1)])
        True
        """
        return {
            "format": _NETWORK_FORMAT,
            "schema_version": 1,
            "kind": GC_KIND,
            "num_inputs": self.N,
            "input_shape": list(self.input_shape),
            "representation": self.representation.to_dict(),
            "layers": [layer.to_dict() for layer in self.layers],
            "shared": self.shared,
            "weights": [W.tolist_str() for W in self.weights],
            "output_weights": self.output_weights.tolist_str(),
        }

    @classmethod
    def from_dict(cls, obj: Any, path: str = "") -> "GCConvAC":
        """Parse and validate; errors are :class:`FormatError` naming the JSON field.

        >>> d = GCConvAC.random((4,), 2, [(2, 1, 2), (3, 1, 1)]).to_dict()
        >>> d["weights"][0][0][0][1] = 0.5
        >>> GCConvAC.from_dict(d)
        Traceback (most recent call last):
          ...
        exactnet.errors.FormatError: weights[0][0][0][1]: a rational must be a string such as "3/4" or an int, not the JSON float 0.5: floats are not exact; write the number as a string
        """
        _check_network_header(obj, path, GC_KIND, ["layers", "shared", "weights", "output_weights"],
                              head=("input_shape", "representation"))
        N = json_int(obj["num_inputs"], join(path, "num_inputs"), minimum=2)
        fs = join(path, "input_shape")
        shape = obj["input_shape"]
        if not isinstance(shape, list) or len(shape) not in (1, 2):
            raise FormatError(f"must be [N] or [H, W], not {describe(shape)}", fs)
        shape = tuple(json_int(s, f"{fs}[{k}]", minimum=1) for k, s in enumerate(shape))
        if math.prod(shape) != N:
            raise FormatError(f"has {math.prod(shape)} inputs but num_inputs is {N}", fs)
        rep = Representation.from_dict(obj["representation"], join(path, "representation"))
        fl = join(path, "layers")
        if not isinstance(obj["layers"], list) or not obj["layers"]:
            raise FormatError(f"must be a non-empty list of layer objects, not {describe(obj['layers'])}", fl)
        layers = []
        for k, lay in enumerate(obj["layers"]):
            f = f"{fl}[{k}]"
            require_keys(lay, f, ["receptive_field", "stride", "channels"], ["dilation"])

            def axis(key: str) -> Any:
                v = lay.get(key, 1)
                if isinstance(v, list):
                    return tuple(json_int(x, f"{f}.{key}[{q}]", minimum=1) for q, x in enumerate(v))
                return json_int(v, f"{f}.{key}", minimum=1)

            try:
                layers.append(GCLayer(axis("receptive_field"), axis("stride"), json_int(lay["channels"], f"{f}.channels", 1),
                                      axis("dilation")))
            except InvalidArgumentError as exc:
                raise FormatError(str(exc), f) from None
        shared = json_bool(obj["shared"], join(path, "shared"))
        fw = join(path, "weights")
        ws = obj["weights"]
        if not isinstance(ws, list) or len(ws) != len(layers):
            raise FormatError(f"must be a list of {len(layers)} arrays (one per layer), not {describe(ws)}", fw)
        weights = tuple(json_array(w, f"{fw}[{k}]", 3 if shared else 4) for k, w in enumerate(ws))
        outw = json_array(obj["output_weights"], join(path, "output_weights"), 2)
        try:
            return cls(shape, rep, tuple(layers), weights, outw, shared)
        except (ShapeError, InvalidArgumentError) as exc:
            import re

            m = re.match(r"Argument '([A-Za-z_]+(?:\[[0-9]+\])?)'", str(exc))
            field = m.group(1) if m else "layers"
            raise FormatError(str(exc), join(path, field)) from None


def _key(node: Any) -> Any:
    return node


def _stack(mats: Sequence[QArray]) -> QArray:
    den = math.lcm(*(m.den for m in mats))
    nums = [as_object(m.num) * (den // m.den) for m in mats]
    return QArray(np.stack(nums), den)


as_int_pair = _check_low_high  # (low, high) as ints, low <= high


# ============================================================================================ certificates
def _partition_of(partition: Any, N: int):
    from ..tensors import as_partition

    return as_partition(partition, N)


def dense_rank_witness(net: GCConvAC, partition: Any, output: int = 0, prime: int | None = None):
    """Rank mod p of the dense matricization ``[A^output]_{rows, cols}`` and a nonsingular minor, as
    multi-indices: ``(r, row_indices, col_indices, p)``; ``row_indices[a]`` lists one template index per row
    mode (increasing mode order).  ``r`` is a lower bound on the rank over Q (small networks only: dense).

    >>> net = GCConvAC.random((4,), 3, [(2, 1, 3), (3, 1, 1)], seed=0, low=-50, high=50)
    >>> dense_rank_witness(net, [0, 1])[0]
    3
    """
    from ..core.linalg import rank_mod_p
    from ..tensors import matricize

    part = _partition_of(partition, net.N)
    G = net.grid_tensor("decomposition", output=_check_output(output, net.Y))
    res = rank_mod_p(matricize(G, part.rows, part.cols), prime)
    cert = res.certificate
    T = net.T

    def digits(z: int, length: int) -> list[int]:
        out = []
        for _ in range(length):
            z, x = divmod(z, T)
            out.append(x)
        return out[::-1]

    rows = [digits(a, len(part.rows)) for a in cert.rows]
    cols = [digits(b, len(part.cols)) for b in cert.cols]
    return res.rank, rows, cols, res.prime


def gc_rank_certificate(net: GCConvAC, partition: Any, r: int, row_indices: Sequence[Sequence[int]],
                        col_indices: Sequence[Sequence[int]], prime: int | None = None, output: int = 0,
                        generic: bool = False, weight_space: str | None = None) -> dict:
    """The JSON dict of a version-2 certificate ``rank [A^output]_{I,J} >= r`` (docs/formats/overlap.md): the
    ``matricization_rank`` of the network's circuit by the method ``minor-entries`` (the r x r minor at these
    multi-indices; ``prime=None``: its determinant over Q).  ``generic=True``: the bound for almost every weight
    setting of ``weight_space`` (``"shared"``: tied window matrices, the network must share its weights, or
    ``"unshared"``; default: the network's own), by the rule ``generic-rank-from-witness``.  Not verified
    here: pass it to ``exactnet.checker.check_certificate``.

    >>> from exactnet.checker import check_certificate
    >>> net = GCConvAC.random((4,), 3, [(2, 1, 3), (3, 1, 1)], seed=0, low=-50, high=50)
    >>> r, rows, cols, p = dense_rank_witness(net, "low-high")
    >>> check_certificate(gc_rank_certificate(net, "low-high", r, rows, cols, p)).facts["value"]
    3
    """
    from .circuits import gc_ties, to_circuit

    part = _partition_of(partition, net.N)
    output = _check_output(output, net.Y)
    weight_space = weight_space or ("shared" if net.shared else "unshared")
    if weight_space not in ("shared", "unshared"):
        raise InvalidArgumentError(f"Argument 'weight_space' must be \"shared\" or \"unshared\", not {weight_space!r}")
    circuit = to_circuit(net).source
    evidence = {"method": "minor-entries", "rows": [[int(x) for x in t] for t in row_indices],
                "cols": [[int(x) for x in t] for t in col_indices]}
    if prime is not None:
        evidence["prime"] = str(int(prime))
    rows = [int(m) for m in part.rows]
    node = {"proposition": {"quantity": "matricization_rank", "object": {"circuit": circuit, "output": output,
                                                                          "rows": rows},
                            "relation": ">=", "value": int(r), "field": "Q"}, "evidence": evidence}
    if generic:
        ties = gc_ties(net) if weight_space == "shared" else []
        nodes = [{k: v for k, v in n.items() if k != "matrix"} | ({"shape": n["matrix"]["shape"]} if "matrix" in n else {})
                 for n in circuit["nodes"]]
        arch = {"inputs": circuit["inputs"], "nodes": nodes, "output": circuit["output"]}
        node = {"proposition": {"quantity": "generic_matricization_rank",
                                "object": {"architecture": arch, "ties": ties, "output": output, "rows": rows},
                                "relation": ">=", "value": int(r), "field": "Q"},
                "evidence": {"rule": "generic-rank-from-witness", "premises": [node], "params": {"ties": ties}}}
    return {"format": "exactnet.certificate", "schema_version": 2, "exactnet_version": __version__, **node}


def gc_grid_tensor_certificate(net: GCConvAC, output: int = 0) -> dict:
    """The JSON dict of a version-2 certificate stating the whole grid tensor of one output (small nets):
    quantity ``grid_tensor`` of the network's circuit, method ``recompute-grid``.

    >>> from exactnet.checker import check_certificate
    >>> net = GCConvAC.random((3,), 2, [(2, 1, 2), (2, 1, 1)])
    >>> check_certificate(gc_grid_tensor_certificate(net)).verdict
    'valid'
    """
    from .circuits import to_circuit

    output = _check_output(output, net.Y)
    G = net.grid_tensor("evaluation", output=output)
    fr = [Fraction(x) for x in np.asarray(G.tolist_str(), dtype=object).flat]
    den = math.lcm(*(q.denominator for q in fr))
    value = {"shape": list(G.shape), "denominator": str(den), "numerators": [str(int(q * den)) for q in fr]}
    return {"format": "exactnet.certificate", "schema_version": 2, "exactnet_version": __version__,
            "proposition": {"quantity": "grid_tensor", "object": {"circuit": to_circuit(net).source, "output": output},
                            "relation": "=", "value": value, "field": "Q"},
            "evidence": {"method": "recompute-grid"}}

