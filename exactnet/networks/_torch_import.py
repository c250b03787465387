r"""Import PyTorch models as exact piecewise-linear networks (``from_torch``).

:func:`from_torch` turns a ``torch.nn.Module`` into a :class:`~exactnet.networks.pwl.PWLNetwork` whose every
weight is an exact rational.  It accepts everything exactnet models:

=============================================  ============================================================
torch                                          exactnet
=============================================  ============================================================
``Linear``                                     :class:`Affine`
``Conv1d``, ``Conv2d`` (stride, padding,       :class:`Affine` with the Toeplitz matrix (:func:`conv_affine`);
dilation, groups; ``padding_mode="zeros"``)    ``padding="same"`` when the total padding is even
``ReLU``, ``LeakyReLU``                        :class:`ReLU`, :class:`LeakyReLU`
``MaxPool1d``, ``MaxPool2d``                   :class:`MaxPool` (:func:`max_pool_layer`)
``AvgPool1d``, ``AvgPool2d``                   :class:`Affine` with weights 1/size (:func:`avg_pool_affine`)
``BatchNorm1d``, ``BatchNorm2d`` (eval mode)   folded into the preceding affine map (see below)
``Flatten``, ``Unflatten``, ``Identity``,      nothing (the flattened vector is unchanged)
``Dropout`` (eval mode)
``Sequential`` (nested)                        its layers, in order
any other module                               traced with ``torch.fx``; ``relu``, ``leaky_relu``,
                                               ``flatten``, ``view`` / ``reshape`` (static) and the modules
                                               above are mapped; every other operation is refused by name
=============================================  ============================================================

The network's input is the model's input **without the batch axis, flattened** (``x.reshape(-1)``, channel-major,
last axis fastest, as :func:`conv_affine` assumes); pass ``input_shape=(C, H, W)`` (or ``(C, L)``) when the first
layer is a convolution or pooling, whose input size torch does not record.

Which exact numbers?
--------------------
* ``floats="exact"`` (default): every float parameter becomes its **exact binary value** (a float32 weight is
  the rational the float32 denotes; ``0.1`` is not one tenth).  The exact network therefore agrees with torch's
  float64 forward pass up to float64 rounding, and with the float32 forward pass up to float32 rounding.
* ``floats="round", denominator=D``: every float parameter is rounded to the nearest multiple of ``1/D`` (ties
  to even), a stated approximation of the trained model.
* Batch normalization (eval mode) is ``y = gamma (x - mean) / sqrt(var + eps) + beta`` per channel, and the
  square root is in general irrational.  exactnet takes the scale ``s = gamma / sqrt(var + eps)`` **computed in
  float64** from the parameters (numpy, correctly rounded ``sqrt`` and division) and converts it as above; the
  rest, ``y = s (x - mean) + beta``, is exact.  The affine map is folded exactly into the preceding affine layer
  (or added as a diagonal affine layer when there is none).
* A ``LeakyReLU`` slope is the Python float ``negative_slope`` converted the same way.

Anything else is refused with an :class:`~exactnet.errors.InvalidArgumentError` naming the layer (its path in
the model, e.g. ``features.3``) and what to do instead.

Worked examples (run by the test suite) are in ``docs/interop.md``.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Sequence

import numpy as np

from ..core.arrays import as_rational_array, to_numpy
from ..core.qarray import QArray, hadamard
from ..errors import InvalidArgumentError, ShapeError
from ..errors import describe_value as describe
from ._common import mul_num
from .pwl import Affine, LeakyReLU, PWLNetwork, ReLU, avg_pool_affine, conv_affine, max_pool_layer

__all__ = ["from_torch", "NetworkBuilder", "SUPPORTED"]

#: What from_torch / from_onnx map, for error messages.
SUPPORTED = ("Linear, Conv1d/Conv2d, ReLU, LeakyReLU, MaxPool1d/2d, AvgPool1d/2d, BatchNorm1d/2d (eval), Flatten, "
             "Unflatten, Identity, Dropout (eval), nested Sequential")

_NOT_PWL = {"Tanh", "Sigmoid", "GELU", "SiLU", "ELU", "SELU", "CELU", "Softplus", "Mish", "Softmax", "LogSoftmax",
            "Softsign", "Tanhshrink", "LogSigmoid", "Hardswish", "Hardsigmoid"}
_ADVICE = {
    "ReLU6": "write it as relu(x) - relu(x - 6) with a Linear layer doubling the units",
    "Hardtanh": "write it with ReLU units: hardtanh(x) = -1 + relu(x + 1) - relu(x - 1)",
    "PReLU": "a trained PReLU slope is a LeakyReLU with that slope: replace it by nn.LeakyReLU(slope)",
    "Conv3d": "exactnet models 1-D and 2-D convolutions (Conv1d, Conv2d)",
    "MaxPool3d": "exactnet models 1-D and 2-D pooling",
    "AvgPool3d": "exactnet models 1-D and 2-D pooling",
    "AdaptiveAvgPool1d": "use AvgPool1d with the kernel size and stride it amounts to for your input size",
    "AdaptiveAvgPool2d": "use AvgPool2d with the kernel size and stride it amounts to for your input size",
    "AdaptiveMaxPool1d": "use MaxPool1d with the kernel size and stride it amounts to for your input size",
    "AdaptiveMaxPool2d": "use MaxPool2d with the kernel size and stride it amounts to for your input size",
    "LayerNorm": "layer normalization divides by a data-dependent norm: it is not piecewise linear",
    "GroupNorm": "group normalization divides by a data-dependent norm: it is not piecewise linear",
    "Embedding": "an embedding is a table look-up on integer inputs, not a map on R^n",
    "ConvTranspose1d": "transposed convolutions are not modelled; an equivalent Conv with explicit padding is",
    "ConvTranspose2d": "transposed convolutions are not modelled; an equivalent Conv with explicit padding is",
}


def refusal(kind: str, where: str) -> InvalidArgumentError:
    """The error for a layer exactnet cannot model: its name, where it is, and what to do instead."""
    if kind in _NOT_PWL:
        why = f"{kind} is not piecewise linear, so its regions are not polyhedra: replace it by ReLU or LeakyReLU"
    elif kind in _ADVICE:
        why = _ADVICE[kind]
    else:
        why = f"exactnet models {SUPPORTED}"
    return InvalidArgumentError(f"Argument 'module' has a layer exactnet cannot model: {kind} at {where!r}; {why}")


class NetworkBuilder:
    """Builds a PWLNetwork layer by layer while tracking the tensor shape (without the batch axis).

    Used by :func:`from_torch` and :func:`exactnet.networks._onnx_import.from_onnx`; the float parameters it
    receives (numpy arrays) are converted by the ``floats`` switch of
    :func:`~exactnet.core.arrays.as_rational_array`.

    >>> b = NetworkBuilder((1, 4))
    >>> b.conv(np.array([[[1, -1]]]), None, "conv"); b.relu(); b.flatten(1, -1)
    >>> b.network().widths, b.shape
    ((4, 3, 3), (3,))
    """

    def __init__(self, input_shape: Sequence[int] | None = None, *, floats: str = "exact",
                 denominator: Any = None) -> None:
        if floats not in ("exact", "round"):
            raise InvalidArgumentError(
                f"Argument 'floats' must be 'exact' (each float weight's exact binary value) or 'round' (with "
                f"'denominator'), not {describe(floats)}")
        self.floats, self.denominator = floats, denominator
        self.shape: tuple[int, ...] | None = None
        if input_shape is not None:
            self.shape = self._shape(input_shape)
        self.input_shape = self.shape
        self.layers: list = []

    @staticmethod
    def _shape(value: Any) -> tuple[int, ...]:
        if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
            value = (value,)
        if (not isinstance(value, (list, tuple)) or not value
                or any(isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < 1 for v in value)):
            raise InvalidArgumentError(
                f"Argument 'input_shape' must be a tuple of positive ints without the batch axis, e.g. (1, 28, 28), "
                f"not {describe(value)}")
        return tuple(int(v) for v in value)

    # -------------------------------------------------------------- conversion
    def q(self, value: Any, name: str) -> QArray:
        """A float (or integer) array as exact rationals, by the builder's ``floats`` switch."""
        arr = to_numpy(value)
        if isinstance(arr, np.ndarray) and arr.dtype.kind == "f":
            arr = arr.astype(np.float64)
        return as_rational_array(arr, name, floats=self.floats, denominator=self.denominator)

    def scalar(self, value: float, name: str) -> Fraction:
        return self.q(np.array([float(value)]), name).to_fractions()[0]

    def need_shape(self, where: str, kind: str, example: str) -> tuple[int, ...]:
        if self.shape is None:
            raise InvalidArgumentError(
                f"Argument 'input_shape' is required: the first layer, {kind} at {where!r}, does not record the size "
                f"of its input; pass input_shape={example} (without the batch axis)")
        return self.shape

    @property
    def size(self) -> int:
        return int(np.prod(self.shape))

    # -------------------------------------------------------------- layers
    def affine(self, layer: Affine, out_shape: tuple[int, ...]) -> None:
        self.layers.append(layer)
        self.shape = out_shape

    def linear(self, W: Any, b: Any, where: str) -> None:
        Wq = self.q(W, f"{where}.weight")
        if self.shape is None:
            self.shape = self.input_shape = (Wq.shape[1],)
        if len(self.shape) != 1:
            raise ShapeError(
                f"Argument 'module': the linear layer at {where!r} acts on the last axis of an input of shape "
                f"{self.shape}; add a Flatten before it (exactnet's Linear acts on the flattened vector)")
        if self.shape[0] != Wq.shape[1]:
            raise ShapeError(f"Argument 'module': the linear layer at {where!r} takes {Wq.shape[1]} inputs, "
                             f"but the width before it is {self.shape[0]}")
        bq = QArray.zeros((Wq.shape[0],)) if b is None else self.q(b, f"{where}.bias")
        self.affine(Affine(Wq, bq), (Wq.shape[0],))

    def conv(self, W: Any, b: Any, where: str, *, stride: Any = 1, padding: Any = 0, dilation: Any = 1,
             groups: int = 1) -> None:
        Wn = to_numpy(W)
        s = Wn.ndim - 2
        shape = self.need_shape(where, "a convolution", "(C, H, W)" if s == 2 else "(C, L)")
        if len(shape) != s + 1:
            raise ShapeError(f"Argument 'module': the {s}-D convolution at {where!r} needs an input of shape "
                             f"(C, {', '.join('n' for _ in range(s))}), not {shape}")
        if groups != 1:  # grouped convolution: the full kernel, zero between groups
            c_out, cg = Wn.shape[0], Wn.shape[1]
            full = np.zeros((c_out, cg * groups) + Wn.shape[2:], dtype=Wn.dtype)
            per = c_out // groups
            for o in range(c_out):
                g = o // per
                full[o, g * cg:(g + 1) * cg] = Wn[o]
            Wn = full
        if isinstance(padding, str):
            if padding == "valid":
                padding = 0
            else:  # "same"
                ks = Wn.shape[2:]
                dil = (dilation,) * s if isinstance(dilation, int) else tuple(dilation)
                total = [d * (k - 1) for d, k in zip(dil, ks)]
                if any(t % 2 for t in total):
                    raise InvalidArgumentError(
                        f"Argument 'module': the convolution at {where!r} uses padding='same' with an odd total "
                        f"padding {total} (asymmetric); exactnet pads symmetrically: use an odd kernel size")
                padding = tuple(t // 2 for t in total)
        K = self.q(Wn, f"{where}.weight")
        bq = None if b is None else self.q(b, f"{where}.bias")
        layer = conv_affine(K, shape, bias=bq, stride=stride, padding=padding, dilation=dilation)
        out_spatial = layer.out_dim // K.shape[0]
        self.affine(layer, (K.shape[0],) + self._spatial(shape, K.shape[2:], stride, padding, dilation, out_spatial))

    @staticmethod
    def _spatial(shape, ks, stride, padding, dilation, total) -> tuple[int, ...]:
        s = len(ks)
        per = lambda v: (int(v),) * s if isinstance(v, (int, np.integer)) else tuple(int(x) for x in v)  # noqa: E731
        st, pad, dil = per(stride), per(padding), per(dilation)
        if len(st) == 1:
            st = st * s
        if len(pad) == 1:
            pad = pad * s
        if len(dil) == 1:
            dil = dil * s
        out = tuple((n + 2 * p - d * (k - 1) - 1) // t + 1
                    for n, k, t, p, d in zip(shape[1:], ks, st, pad, dil))
        assert int(np.prod(out)) == total
        return out

    def relu(self) -> None:
        self.layers.append(ReLU())

    def leaky_relu(self, slope: float, where: str) -> None:
        self.layers.append(LeakyReLU(self.scalar(slope, f"{where}.negative_slope")))

    def max_pool(self, kernel: Any, stride: Any, padding: Any, dilation: Any, where: str, dims: int) -> None:
        shape = self.need_shape(where, "a max pooling", "(C, H, W)" if dims == 2 else "(C, L)")
        if len(shape) != dims + 1:
            raise ShapeError(f"Argument 'module': the {dims}-D max pooling at {where!r} needs an input with "
                             f"{dims} spatial axes, not shape {shape}")
        layer = max_pool_layer(shape, kernel, stride=stride, padding=padding, dilation=dilation)
        spatial = self._spatial(shape, self._tuple(kernel, dims), stride if stride is not None else kernel,
                                padding, dilation, len(layer.groups) // shape[0])
        self.layers.append(layer)
        self.shape = (shape[0],) + spatial

    def avg_pool(self, kernel: Any, stride: Any, padding: Any, count_include_pad: bool, divisor: Any, where: str,
                 dims: int) -> None:
        shape = self.need_shape(where, "an average pooling", "(C, H, W)" if dims == 2 else "(C, L)")
        if len(shape) != dims + 1:
            raise ShapeError(f"Argument 'module': the {dims}-D average pooling at {where!r} needs an input with "
                             f"{dims} spatial axes, not shape {shape}")
        layer = avg_pool_affine(shape, kernel, stride=stride, padding=padding, count_include_pad=count_include_pad,
                                divisor=divisor)
        spatial = self._spatial(shape, self._tuple(kernel, dims), stride if stride is not None else kernel,
                                padding, 1, layer.out_dim // shape[0])
        self.affine(layer, (shape[0],) + spatial)

    @staticmethod
    def _tuple(v: Any, s: int) -> tuple[int, ...]:
        t = (int(v),) if isinstance(v, (int, np.integer)) else tuple(int(x) for x in v)
        return t * s if len(t) == 1 else t

    def batch_norm(self, mean: Any, var: Any, weight: Any, bias: Any, eps: float, where: str) -> None:
        """Eval-mode batch normalization, per channel (axis 0), folded into the preceding affine layer."""
        shape = self.need_shape(where, "a batch normalization", "(C, ...)")
        mean64 = np.asarray(to_numpy(mean), dtype=np.float64)
        var64 = np.asarray(to_numpy(var), dtype=np.float64)
        c = mean64.shape[0]
        if shape[0] != c:
            raise ShapeError(f"Argument 'module': the batch normalization at {where!r} has {c} channels, "
                             f"but its input has shape {shape}")
        gamma = np.ones(c) if weight is None else np.asarray(to_numpy(weight), dtype=np.float64)
        beta = np.zeros(c) if bias is None else np.asarray(to_numpy(bias), dtype=np.float64)
        scale = gamma / np.sqrt(var64 + float(eps))  # float64: the one rounding (documented)
        s = self.q(scale, f"{where} (folded scale)").to_fractions()
        m = self.q(mean64, f"{where}.running_mean").to_fractions()
        bt = self.q(beta, f"{where}.bias").to_fractions()
        self.channelwise(list(s), [bt[ch] - s[ch] * m[ch] for ch in range(c)])

    def channelwise(self, scale: Sequence[Fraction], shift: Sequence[Fraction]) -> None:
        """``x -> scale[c] x + shift[c]`` per channel (axis 0), folded into the preceding affine layer."""
        c = len(scale)
        per = self.size // c
        self.elementwise([scale[ch] for ch in range(c) for _ in range(per)],
                         [shift[ch] for ch in range(c) for _ in range(per)])

    def elementwise(self, sv: Sequence[Fraction], tv: Sequence[Fraction]) -> None:
        """``x -> sv * x + tv`` entrywise on the flattened vector, folded exactly into the preceding affine layer."""
        s_q = QArray.from_fractions(np.array(list(sv) + [Fraction(0)], dtype=object)[:-1])
        t_q = QArray.from_fractions(np.array(list(tv) + [Fraction(0)], dtype=object)[:-1])
        last = self.layers[-1] if self.layers else None
        if isinstance(last, Affine):
            W = QArray(mul_num(last.W.num, s_q.num[:, None]), last.W.den * s_q.den)
            self.layers[-1] = Affine(W, hadamard(s_q, last.b) + t_q)
        else:
            n = self.size
            D = np.zeros((n, n), dtype=s_q.num.dtype)
            D[np.arange(n), np.arange(n)] = s_q.num
            self.layers.append(Affine(QArray(D, s_q.den), t_q))

    def flatten(self, start: int, end: int) -> None:
        """torch's flatten(start_dim, end_dim) with dims counted *with* the batch axis (0)."""
        full = (0,) + tuple(self.shape)
        nd = len(full)
        s, e = start % nd, end % nd
        if s == 0:
            raise InvalidArgumentError("Argument 'module': flattening the batch axis (start_dim=0) is not a map on "
                                       "one input; use start_dim=1 (nn.Flatten's default)")
        if s <= e:
            self.shape = tuple(full[1:s]) + (int(np.prod(full[s:e + 1])),) + tuple(full[e + 1:])

    def reshape(self, sizes: Sequence[int], where: str) -> None:
        """Reshape to ``sizes`` (without the batch axis; one -1 allowed)."""
        sizes = [int(v) for v in sizes]
        n = self.size
        if sizes.count(-1) > 1 or any(v == 0 or v < -1 for v in sizes):
            raise InvalidArgumentError(f"Argument 'module': the reshape at {where!r} to {sizes} is not a static "
                                       "shape exactnet can follow")
        if -1 in sizes:
            known = int(np.prod([v for v in sizes if v != -1]))
            if known == 0 or n % known:
                raise ShapeError(f"Argument 'module': the reshape at {where!r} cannot take {n} values to {sizes}")
            sizes[sizes.index(-1)] = n // known
        if int(np.prod(sizes)) != n:
            raise ShapeError(f"Argument 'module': the reshape at {where!r} cannot take {n} values to {sizes}")
        self.shape = tuple(sizes)

    def network(self) -> PWLNetwork:
        if self.input_shape is None:
            raise InvalidArgumentError("Argument 'module' has no layer that fixes the input size; pass input_shape")
        n0 = int(np.prod(self.input_shape))
        layers = self.layers or [Affine(QArray.identity(n0), QArray.zeros((n0,)))]
        return PWLNetwork(n0, layers)


# ====================================================================== torch
def _torch():
    try:
        import torch
    except ImportError:
        raise InvalidArgumentError(
            "from_torch needs PyTorch, which is not installed (pip install 'exactnet[torch]'); or export the "
            "weights with numpy and use from_numpy / conv_affine with floats=\"exact\"") from None
    return torch


def _param(t: Any) -> Any:
    return None if t is None else t.detach().cpu().double().numpy()


def _module(b: NetworkBuilder, m: Any, where: str, nn: Any) -> bool:
    """Convert one known module (exact type: a subclass may override forward, so it is traced); else False."""
    t = type(m)
    if type(m) is nn.Sequential:
        for name, sub in m.named_children():
            _any_module(b, sub, f"{where}.{name}" if where else name, nn)
        return True
    if t is nn.Linear:
        b.linear(_param(m.weight), _param(m.bias), where)
    elif t in (nn.Conv1d, nn.Conv2d):
        if m.padding_mode != "zeros":
            raise InvalidArgumentError(f"Argument 'module': the convolution at {where!r} uses padding_mode="
                                       f"{m.padding_mode!r}; exactnet models zero padding only")
        b.conv(_param(m.weight), _param(m.bias), where, stride=m.stride, padding=m.padding, dilation=m.dilation,
               groups=m.groups)
    elif t is nn.ReLU:
        b.relu()
    elif t is nn.LeakyReLU:
        b.leaky_relu(m.negative_slope, where)
    elif t in (nn.MaxPool1d, nn.MaxPool2d):
        if m.ceil_mode or m.return_indices:
            raise InvalidArgumentError(f"Argument 'module': the max pooling at {where!r} uses "
                                       f"{'ceil_mode=True' if m.ceil_mode else 'return_indices=True'}; exactnet "
                                       "models ceil_mode=False without indices")
        b.max_pool(m.kernel_size, m.stride, m.padding, m.dilation, where, 1 if t is nn.MaxPool1d else 2)
    elif t in (nn.AvgPool1d, nn.AvgPool2d):
        if m.ceil_mode:
            raise InvalidArgumentError(f"Argument 'module': the average pooling at {where!r} uses ceil_mode=True; "
                                       "exactnet models ceil_mode=False")
        dims = 1 if t is nn.AvgPool1d else 2
        b.avg_pool(m.kernel_size, m.stride, m.padding, m.count_include_pad, getattr(m, "divisor_override", None),
                   where, dims)
    elif t in (nn.BatchNorm1d, nn.BatchNorm2d):
        if m.training or m.running_mean is None:
            raise InvalidArgumentError(
                f"Argument 'module': the batch normalization at {where!r} is in training mode (or tracks no running "
                "statistics), where its output depends on the whole batch; call model.eval() first")
        b.batch_norm(_param(m.running_mean), _param(m.running_var), _param(m.weight), _param(m.bias), m.eps, where)
    elif t is nn.Flatten:
        b.need_shape(where, "Flatten", "(C, H, W)")
        b.flatten(m.start_dim, m.end_dim)
    elif t is nn.Unflatten:
        shape = b.need_shape(where, "Unflatten", "(n,)")
        dim = m.dim if m.dim >= 0 else m.dim + len(shape) + 1
        if dim == 0:
            raise InvalidArgumentError(f"Argument 'module': the Unflatten at {where!r} unflattens the batch axis")
        sizes = list(shape[:dim - 1]) + list(m.unflattened_size) + list(shape[dim:])
        b.reshape(sizes, where)
    elif t is nn.Identity:
        pass
    elif t in (nn.Dropout, nn.Dropout1d, nn.Dropout2d, nn.AlphaDropout):
        if m.training and m.p > 0:
            raise InvalidArgumentError(f"Argument 'module': the dropout at {where!r} is in training mode (random); "
                                       "call model.eval() first")
    else:
        return False
    return True


def _any_module(b: NetworkBuilder, m: Any, where: str, nn: Any) -> None:
    if _module(b, m, where, nn):
        return
    if type(m).__module__.startswith("torch.nn"):
        raise refusal(type(m).__name__, where or "the model")
    _trace(b, m, where, nn)


def _trace(b: NetworkBuilder, m: Any, where: str, nn: Any) -> None:
    """A custom module: symbolic tracing with torch.fx, then the nodes in order, as one chain of layers."""
    import operator

    import torch
    import torch.fx
    import torch.nn.functional as F

    label = where or "the model"
    try:
        gm = torch.fx.symbolic_trace(m)
    except Exception as exc:  # noqa: BLE001 - any tracing failure is reported with its reason
        raise InvalidArgumentError(
            f"Argument 'module': the custom module {type(m).__name__} at {label!r} cannot be traced with torch.fx "
            f"({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}); write it as an nn.Sequential "
            f"of {SUPPORTED}") from None
    current = None  # the node holding the chain's tensor
    batch = set()   # nodes equal to the batch size (x.size(0), x.shape[0])
    prefix = f"{where}." if where else ""

    def chain_input(node, what):
        tensors = [a for a in node.all_input_nodes if a not in batch]
        if len(tensors) != 1 or tensors[0] is not current:
            raise InvalidArgumentError(
                f"Argument 'module': the operation {what} (node {node.name!r} in {label!r}) does not act on the "
                "previous layer's output alone (a skip connection, a second input or a constant tensor); exactnet "
                "models a chain of layers")

    for node in gm.graph.nodes:
        if node.op == "placeholder":
            if current is not None:
                raise InvalidArgumentError(f"Argument 'module': {label!r} takes more than one input")
            current = node
        elif node.op == "output":
            if node.args[0] is not current:
                raise InvalidArgumentError(f"Argument 'module': the output of {label!r} is not the chain's last "
                                           "tensor (a tuple, or an earlier value)")
        elif node.op == "call_module":
            chain_input(node, f"module {node.target}")
            _any_module(b, gm.get_submodule(node.target), prefix + str(node.target), nn)
            current = node
        elif node.op in ("call_function", "call_method"):
            fn = node.target
            name = fn if isinstance(fn, str) else getattr(fn, "__name__", str(fn))
            args = list(node.args)
            if name == "size" and node.op == "call_method" and args[1:] == [0] or (
                    fn is operator.getitem and node.args[1] == 0 and isinstance(node.args[0], torch.fx.Node)
                    and node.args[0].op == "call_function" and node.args[0].target is getattr
                    and node.args[0].args[1] == "shape"):
                batch.add(node)
                continue
            if fn is getattr and node.args[1] == "shape":
                batch.add(node)  # only used through [0] (checked there)
                continue
            chain_input(node, name)
            kw = dict(node.kwargs)
            if fn in (F.relu, torch.relu) or name in ("relu", "relu_"):
                b.relu()
            elif fn is F.leaky_relu or name == "leaky_relu":
                slope = args[1] if len(args) > 1 else kw.get("negative_slope", 0.01)
                b.leaky_relu(slope, f"{prefix}{node.name}")
            elif fn is torch.flatten or name == "flatten":
                b.need_shape(prefix + node.name, "flatten", "(C, H, W)")
                start = args[1] if len(args) > 1 else kw.get("start_dim", 0)
                end = args[2] if len(args) > 2 else kw.get("end_dim", -1)
                b.flatten(start, end)
            elif name in ("view", "reshape") or fn is torch.reshape:
                sizes = args[1:] if node.op == "call_method" else args[1]
                if len(sizes) == 1 and isinstance(sizes[0], (tuple, list)):
                    sizes = list(sizes[0])
                keeps_batch = bool(sizes) and (sizes[0] in batch or (
                    sizes[0] == -1 and len(sizes) >= 2 and all(isinstance(v, int) and v > 0 for v in sizes[1:])))
                if not keeps_batch:
                    raise InvalidArgumentError(
                        f"Argument 'module': the {name} at node {node.name!r} in {label!r} must keep the batch "
                        "axis first (x.view(x.size(0), ...)); use nn.Flatten() instead")
                b.need_shape(prefix + node.name, name, "(C, H, W)")
                if any(not isinstance(v, int) for v in sizes[1:]):
                    raise InvalidArgumentError(f"Argument 'module': the {name} at node {node.name!r} in {label!r} "
                                               "has a size computed at run time; use nn.Flatten() instead")
                b.reshape(sizes[1:], prefix + node.name)
            elif fn is F.dropout or name == "dropout":
                training = args[2] if len(args) > 2 else kw.get("training", True)
                if training:
                    raise InvalidArgumentError(f"Argument 'module': F.dropout at node {node.name!r} in {label!r} is "
                                               "random (training=True); use nn.Dropout and model.eval()")
            elif name in ("contiguous", "clone", "detach"):
                pass
            else:
                raise InvalidArgumentError(
                    f"Argument 'module': the operation {name} (node {node.name!r} in {label!r}) is not one exactnet "
                    f"models; exactnet maps relu, leaky_relu, flatten, view/reshape and the modules {SUPPORTED}")
            current = node
        elif node.op == "get_attr":
            raise InvalidArgumentError(
                f"Argument 'module': {label!r} uses the tensor attribute {node.target!r} directly (node "
                f"{node.name!r}); put weights in nn.Linear / nn.Conv modules")


def from_torch(module: Any, input_shape: Sequence[int] | None = None, *, floats: str = "exact",
               denominator: Any = None) -> PWLNetwork:
    """Import a PyTorch model as an exact :class:`PWLNetwork` (see the module docstring for the layers and numbers).

    Parameters
    ----------
    module : torch.nn.Module
        ``nn.Sequential`` (nested ones too), a supported layer, or a custom module (traced with ``torch.fx``).
        Batch normalization and dropout must be in eval mode (``model.eval()``).
    input_shape : tuple of ints, optional
        The input's shape without the batch axis, e.g. ``(1, 28, 28)``: required when the first layer is a
        convolution or pooling.  The network's input is that tensor flattened (``x.reshape(-1)``).
    floats : ``"exact"`` (default) or ``"round"``
        ``"exact"``: each float parameter's exact binary value; ``"round"``: the nearest multiple of
        ``1/denominator``.
    denominator : int, with ``floats="round"``
    """
    torch = _torch()
    nn = torch.nn
    if not isinstance(module, nn.Module):
        raise InvalidArgumentError(f"Argument 'module' must be a torch.nn.Module, not {describe(module)}")
    b = NetworkBuilder(input_shape, floats=floats, denominator=denominator)
    _any_module(b, module, "", nn)
    if b.input_shape is None:
        raise InvalidArgumentError(
            "Argument 'input_shape' is required: no layer of the model records the size of its input")
    return b.network()
