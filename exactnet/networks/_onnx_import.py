r"""Import ONNX models as exact piecewise-linear networks (``from_onnx``; needs the ``onnx`` extra).

:func:`from_onnx` reads an ONNX file (or ``onnx.ModelProto``) whose graph is a chain of the operators exactnet
models and returns a :class:`~exactnet.networks.pwl.PWLNetwork` with exact rational weights:

* ``Gemm`` (``transA = 0``), ``MatMul`` by a constant, ``Add`` / ``Sub`` / ``Mul`` / ``Div`` by a constant
  (folded into the affine map before them);
* ``Relu``, ``LeakyRelu``;
* ``Conv`` (strides, symmetric pads, dilations, group; 1-D and 2-D), ``MaxPool`` and ``AveragePool``
  (``ceil_mode = 0``; symmetric pads);
* ``BatchNormalization`` (inference mode), folded as in :func:`~exactnet.networks._torch_import.from_torch`: the
  scale ``gamma / sqrt(var + eps)`` is computed in float64 and then taken exactly;
* ``Flatten`` (``axis = 1``), ``Reshape`` to a constant shape keeping the batch axis, ``Identity``, ``Dropout``
  (inference), ``Constant``;
* static shape arithmetic (``Shape`` of a chain tensor, then ``Gather``, ``Slice``, ``Concat``, ``Unsqueeze``,
  ``Squeeze``, ``Cast``, ``Reshape`` and integer ``Add`` / ``Sub`` / ``Mul`` / ``Div`` / ``Mod`` on constants), as
  exporters write for ``x.view(x.size(0), -1)`` or ``Unflatten``: evaluated once at import, with the batch size
  the graph states (1 when it is symbolic).

Float attributes of nodes (``LeakyRelu`` alpha, ``BatchNormalization`` epsilon, ``Gemm`` alpha and beta) are
stored as float32 in ONNX; exactnet reads each as the shortest decimal that rounds to that float32 (the float32
of ``0.1`` is read as ``0.1``), which is the number written in the model's source in practice, and then converts
its float64 value like every other float.  Float parameters follow the ``floats`` switch of :func:`from_torch` (``"exact"``: their exact binary values;
``"round"`` with ``denominator``).  The input shape is read from the graph (the first axis is the batch axis);
pass ``input_shape`` when the graph does not state it.  Any other operator, a skip connection or a second input
is refused with the node's name and operator.

A model exported from PyTorch with ``torch.onnx.export`` gives the same exact network as :func:`from_torch` on
the model itself, except that the exporter folds batch normalization into the convolution before it in float32
(so those weights differ from from_torch's float64 folding by float32 rounding).  Export with
``do_constant_folding=False`` (the TorchScript exporter, ``dynamo=False``) to keep the ``BatchNormalization``
node and get identical results.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from ..errors import FormatError, InvalidArgumentError, ShapeError
from ..errors import describe_value as describe
from .pwl import PWLNetwork
from ._torch_import import NetworkBuilder

__all__ = ["from_onnx", "OPERATORS"]

OPERATORS = ("Gemm", "MatMul", "Add", "Sub", "Mul", "Div", "Relu", "LeakyRelu", "Conv", "MaxPool", "AveragePool",
             "BatchNormalization", "Flatten", "Reshape", "Identity", "Dropout", "Constant")


_SHAPE_OPS = {"Shape", "Gather", "Slice", "Concat", "Mod", "Unsqueeze", "Squeeze", "ConstantOfShape", "Cast"}


_FOLDABLE = {"Identity", "Gather", "Unsqueeze", "Squeeze", "Concat", "Slice", "Cast", "Add", "Sub", "Mul", "Div",
             "Mod", "Reshape"}


def _shape_value(shape: Sequence[int], batch: int, a: dict) -> np.ndarray:
    full = np.array((batch,) + tuple(shape), dtype=np.int64)
    start, end = a.get("start", 0), a.get("end", None)
    return full[start:end]


def _fold(op: str, v: list, a: dict, where: str) -> np.ndarray:
    """Evaluate a node whose inputs are all constants (integer shape arithmetic; exact in numpy)."""
    if any(np.asarray(x).dtype.kind not in "iub" for x in v) and op not in ("Identity", "Cast", "Concat", "Reshape",
                                                                            "Unsqueeze", "Squeeze", "Gather"):
        raise InvalidArgumentError(f"Argument 'model': node {where} computes with float constants; exactnet folds "
                                   "integer shape arithmetic only")
    x = np.asarray(v[0])
    if op in ("Identity", "Cast"):
        return x
    if op == "Reshape":
        shape = [int(t) for t in np.asarray(v[1]).reshape(-1)]
        shape = [x.shape[i] if t == 0 and not a.get("allowzero", 0) else t for i, t in enumerate(shape)]
        return x.reshape(shape)
    if op == "Gather":
        return np.take(x, np.asarray(v[1]), axis=int(a.get("axis", 0)))
    if op in ("Unsqueeze", "Squeeze"):
        axes = a.get("axes", None)
        if axes is None and len(v) > 1:
            axes = [int(t) for t in np.asarray(v[1]).reshape(-1)]
        if op == "Unsqueeze":
            for ax in sorted(int(t) for t in axes):
                x = np.expand_dims(x, ax)
            return x
        return np.squeeze(x, axis=None if axes is None else tuple(int(t) for t in axes))
    if op == "Concat":
        return np.concatenate([np.atleast_1d(np.asarray(t)) for t in v], axis=int(a.get("axis", 0)))
    if op == "Slice":
        starts, ends = np.asarray(v[1]).reshape(-1), np.asarray(v[2]).reshape(-1)
        axes = np.asarray(v[3]).reshape(-1) if len(v) > 3 else np.arange(len(starts))
        steps = np.asarray(v[4]).reshape(-1) if len(v) > 4 else np.ones(len(starts), dtype=np.int64)
        idx = [slice(None)] * x.ndim
        for st, en, ax, sp in zip(starts, ends, axes, steps):
            idx[int(ax)] = slice(int(st), int(min(en, np.iinfo(np.int64).max)), int(sp))
        return x[tuple(idx)]
    y = np.asarray(v[1])
    if op == "Div":
        return np.floor_divide(x, y) if (x >= 0).all() and (y > 0).all() else x // y
    return {"Add": np.add, "Sub": np.subtract, "Mul": np.multiply, "Mod": np.mod}[op](x, y)


def _attr_float(value: float) -> float:
    """An ONNX float attribute (stored as float32) as the float64 of its shortest round-tripping decimal.

    ``0.1`` written in a model's source is stored as the float32 nearest to 0.1; this returns the float64 ``0.1``,
    the number the framework used in float64 arithmetic.

    >>> _attr_float(float(np.float32(0.1))) == 0.1
    True
    """
    return float(repr(np.float32(value)).removeprefix("np.float32(").removesuffix(")"))


def _onnx():
    try:
        import onnx
        from onnx import numpy_helper
    except ImportError:
        raise InvalidArgumentError(
            "from_onnx needs the onnx package, which is not installed (pip install 'exactnet[onnx]')") from None
    return onnx, numpy_helper


def _attrs(node: Any, onnx: Any) -> dict:
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def _sym_pads(pads: Sequence[int], s: int, where: str) -> tuple[int, ...]:
    pads = list(pads) or [0] * (2 * s)
    if len(pads) != 2 * s or pads[:s] != pads[s:]:
        raise InvalidArgumentError(f"Argument 'model': node {where} has asymmetric pads {pads}; exactnet models "
                                   "the same padding at both ends of each axis")
    return tuple(int(p) for p in pads[:s])


def from_onnx(model: Any, input_shape: Sequence[int] | None = None, *, floats: str = "exact",
              denominator: Any = None) -> PWLNetwork:
    """Import an ONNX model (a path or an ``onnx.ModelProto``) as an exact :class:`PWLNetwork`.

    ``input_shape`` is the input's shape without the batch axis (read from the graph when omitted); the network's
    input is that tensor flattened.  See the module docstring for the operators and the exact numbers used.
    """
    onnx, numpy_helper = _onnx()
    src = "the model"
    if isinstance(model, (str, Path)):
        src = str(model)
        try:
            model = onnx.load(str(model))
        except FileNotFoundError:
            raise FormatError("no such file", src) from None
        except Exception as exc:  # noqa: BLE001 - a corrupt file: say so, with the reason
            raise FormatError(f"not a readable ONNX model ({type(exc).__name__}: {exc})", src) from None
    if not isinstance(model, onnx.ModelProto):
        raise InvalidArgumentError(f"Argument 'model' must be an ONNX file path or onnx.ModelProto, not "
                                   f"{describe(model)}")
    g = model.graph
    consts: dict[str, np.ndarray] = {t.name: numpy_helper.to_array(t) for t in g.initializer}
    inputs = [i for i in g.input if i.name not in consts]
    if len(inputs) != 1:
        raise InvalidArgumentError(f"Argument 'model' must have one input tensor, not {len(inputs)} "
                                   f"({[i.name for i in inputs]})")
    dims = inputs[0].type.tensor_type.shape.dim
    batch_dim = dims[0].dim_value if dims and dims[0].HasField("dim_value") else None
    if input_shape is None:
        rest = dims[1:]
        if not dims or not all(d.HasField("dim_value") and d.dim_value > 0 for d in rest):
            raise InvalidArgumentError(
                f"Argument 'input_shape' is required: the ONNX input {inputs[0].name!r} does not state a static "
                "shape after the batch axis; pass e.g. input_shape=(1, 28, 28)")
        input_shape = tuple(int(d.dim_value) for d in rest)
    b = NetworkBuilder(input_shape, floats=floats, denominator=denominator)
    current = inputs[0].name
    batch = batch_dim or 1  # the batch size that static shape computations see
    shapes = {current: b.shape}  # static shapes (without the batch axis) of the chain's tensors

    for k, node in enumerate(g.node):
        op = node.op_type
        where = f"{node.name or k!r} ({op})" if node.name else f"{k} ({op})"
        label = node.name or f"node {k}"
        a = _attrs(node, onnx)
        if op == "Constant":
            if "value" not in a:
                raise InvalidArgumentError(f"Argument 'model': Constant node {where} has no tensor 'value'")
            consts[node.output[0]] = numpy_helper.to_array(a["value"])
            continue
        ins = [i for i in node.input if i]
        tensors = [i for i in ins if i not in consts]
        if op == "Shape" and len(ins) == 1 and ins[0] in shapes:  # a static shape: the batch axis, then ours
            consts[node.output[0]] = _shape_value(shapes[ins[0]], batch, a)
            continue
        if ins and not tensors and op in _FOLDABLE:  # shape arithmetic on constants, evaluated here
            consts[node.output[0]] = _fold(op, [consts[i] for i in ins], a, where)
            continue
        if op not in OPERATORS:
            hint = ""
            if op in _SHAPE_OPS:
                hint = (" (it computes a shape at run time: export with torch.onnx.export(..., dynamo=True), which "
                        "writes static shapes, or use nn.Flatten)")
            raise InvalidArgumentError(
                f"Argument 'model': node {where} uses the operator {op}, which exactnet does not model{hint}; "
                f"exactnet maps {', '.join(OPERATORS)}")
        if tensors != [current]:
            raise InvalidArgumentError(
                f"Argument 'model': node {where} does not act on the previous node's output alone (a skip "
                "connection, a second input or a computed shape); exactnet models a chain of layers")
        c = [consts[i] for i in ins[1:]] if ins and ins[0] == current else None
        if c is None:  # the chain tensor is not the first input (e.g. Add(const, x) / Mul(const, x))
            if op not in ("Add", "Mul"):
                raise InvalidArgumentError(f"Argument 'model': node {where} takes the previous output as a later "
                                           "input; exactnet models it as the first input")
            c = [consts[i] for i in ins if i != current]
        if op == "Gemm":
            if a.get("transA", 0):
                raise InvalidArgumentError(f"Argument 'model': node {where} has transA=1; exactnet needs transA=0")
            B = c[0].astype(np.float64) if c[0].dtype.kind == "f" else c[0]
            W = B if a.get("transB", 0) else B.T
            alpha, beta = _attr_float(a.get("alpha", 1.0)), _attr_float(a.get("beta", 1.0))
            if alpha != 1.0:
                W = W * np.float64(alpha) if W.dtype.kind == "f" else W * alpha
            bias = None
            if len(c) > 1:
                bias = np.broadcast_to(np.asarray(c[1]).astype(np.float64) * np.float64(beta), (W.shape[0],)).copy()
            b.linear(W, bias, label)
        elif op == "MatMul":
            if c[0].ndim != 2:
                raise InvalidArgumentError(f"Argument 'model': node {where} multiplies by a {c[0].ndim}-D constant; "
                                           "exactnet models x @ W with a matrix W")
            b.linear(c[0].T, None, label)
        elif op in ("Add", "Sub", "Mul", "Div"):
            v = np.asarray(c[0])
            if v.dtype.kind not in "fiu":
                raise InvalidArgumentError(f"Argument 'model': node {where} has a non-numeric constant")
            full = (1,) + tuple(b.shape)
            try:
                v = np.broadcast_to(v, full).reshape(-1)
            except ValueError:
                raise ShapeError(f"Argument 'model': node {where} has a constant of shape {np.shape(c[0])} that "
                                 f"does not broadcast to the tensor of shape {full}") from None
            q = b.q(v.astype(np.float64) if v.dtype.kind == "f" else v, f"{label} constant").to_fractions()
            n = len(q)
            if op == "Add":
                b.elementwise([Fraction(1)] * n, list(q))
            elif op == "Sub":
                b.elementwise([Fraction(1)] * n, [-x for x in q])
            elif op == "Mul":
                b.elementwise(list(q), [Fraction(0)] * n)
            else:
                if any(x == 0 for x in q):
                    raise InvalidArgumentError(f"Argument 'model': node {where} divides by zero")
                b.elementwise([1 / x for x in q], [Fraction(0)] * n)
        elif op == "Relu":
            b.relu()
        elif op == "LeakyRelu":
            b.leaky_relu(_attr_float(a.get("alpha", 0.01)), label)
        elif op == "Conv":
            W = c[0]
            s = W.ndim - 2
            if a.get("auto_pad", b"NOTSET") not in (b"NOTSET", b"VALID", "NOTSET", "VALID"):
                raise InvalidArgumentError(f"Argument 'model': node {where} uses auto_pad={a['auto_pad']!r}; "
                                           "exactnet needs explicit pads")
            b.conv(W.astype(np.float64) if W.dtype.kind == "f" else W,
                   None if len(c) < 2 else c[1].astype(np.float64), label,
                   stride=tuple(a.get("strides", [1] * s)), padding=_sym_pads(a.get("pads", []), s, where),
                   dilation=tuple(a.get("dilations", [1] * s)), groups=int(a.get("group", 1)))
        elif op in ("MaxPool", "AveragePool"):
            ks = tuple(a["kernel_shape"])
            s = len(ks)
            if a.get("ceil_mode", 0):
                raise InvalidArgumentError(f"Argument 'model': node {where} has ceil_mode=1; exactnet models 0")
            if a.get("auto_pad", b"NOTSET") not in (b"NOTSET", b"VALID", "NOTSET", "VALID"):
                raise InvalidArgumentError(f"Argument 'model': node {where} uses auto_pad={a['auto_pad']!r}; "
                                           "exactnet needs explicit pads")
            if len([o for o in node.output if o]) > 1:
                raise InvalidArgumentError(f"Argument 'model': node {where} also returns indices; exactnet models "
                                           "the pooled values only")
            pads = _sym_pads(a.get("pads", []), s, where)
            strides = tuple(a.get("strides", [1] * s))
            if op == "MaxPool":
                b.max_pool(ks, strides, pads, tuple(a.get("dilations", [1] * s)), label, s)
            else:
                if tuple(a.get("dilations", [1] * s)) != (1,) * s:
                    raise InvalidArgumentError(f"Argument 'model': node {where} is a dilated average pooling; "
                                               "exactnet models dilation 1")
                b.avg_pool(ks, strides, pads, bool(a.get("count_include_pad", 0)), None, label, s)
        elif op == "BatchNormalization":
            if a.get("training_mode", 0):
                raise InvalidArgumentError(f"Argument 'model': node {where} is in training mode; export the model "
                                           "in eval mode")
            scale, bias, mean, var = c[:4]
            b.batch_norm(mean, var, scale, bias, _attr_float(a.get("epsilon", 1e-5)), label)
        elif op == "Flatten":
            axis = int(a.get("axis", 1))
            if axis % (len(b.shape) + 1) != 1:
                raise InvalidArgumentError(f"Argument 'model': node {where} flattens with axis={axis}; exactnet "
                                           "models axis=1 (keep the batch axis)")
            b.flatten(1, -1)
        elif op == "Reshape":
            shape = [int(v) for v in np.asarray(c[0]).reshape(-1)]
            first = shape[0] if shape else None
            if not shape or not (first == 0 or first == batch or (
                    first == -1 and len(shape) >= 2 and all(v > 0 for v in shape[1:]))):
                raise InvalidArgumentError(f"Argument 'model': node {where} reshapes to {shape}, which does not keep "
                                           "the batch axis first")
            b.reshape(shape[1:], label)
        elif op == "Dropout":
            if len(c) > 1 and bool(np.asarray(c[1]).reshape(-1)[0]):
                raise InvalidArgumentError(f"Argument 'model': node {where} is a dropout in training mode")
        # Identity: nothing
        current = node.output[0]
        shapes[current] = b.shape
    outs = [o.name for o in g.output]
    if outs != [current]:
        raise InvalidArgumentError(f"Argument 'model' must have one output, the chain's last tensor {current!r}, "
                                   f"not {outs}")
    return b.network()
