r"""Every network family as one circuit (:mod:`exactnet.kernel.circuit`): the form the checker evaluates.

``to_circuit(net, inputs="templates")`` describes a shallow or deep ConvAC, a shallow or deep rectifier
network, a GC ConvAC (any receptive field, stride, dilation, 1-D or 2-D) or a piecewise-linear network as
a circuit whose value is the network's output vector:

* ``inputs="templates"``: one template position per input patch (``F``, the representation matrix, as the
  lookup table); the circuit on every template tuple is the grid tensor
  (:func:`exactnet.kernel.circuit.template_grid`);
* ``inputs="points"``: one point position per patch (its coordinates), the representation functions
  written as circuit nodes (identity, monomials ``x ** d``, ReLU features); a PWL network has one point
  position (its input vector).

Examples
--------
>>> from exactnet.networks import DeepConvAC
>>> from exactnet.kernel.circuit import template_grid
>>> net = DeepConvAC.random(4, 2, (2, 1), seed=1)
>>> num, den = template_grid(to_circuit(net))
>>> QArray(num, den) == net.grid_tensor()
True
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any


from ..core.qarray import QArray
from ..errors import DomainError, InvalidArgumentError
from ..errors import describe_value as describe
from ..kernel.circuit import CIRCUIT_FORMAT, Circuit, parse_circuit
from .convac import DeepConvAC, ShallowConvAC
from .gcconvac import GCConvAC
from .pwl import Abs, Affine, LeakyReLU, PWLNetwork, ReLU, groups_of
from .rectifier import DeepRectifierNet, ShallowRectifierNet
from .tt import TTNetwork

__all__ = ["to_circuit", "gc_ties", "convac_ties"]


def _matrix(W: QArray, b: QArray | None = None) -> dict:
    """``{"matrix": ..., "bias": ...}`` with one reduced common denominator."""
    den = W.den if b is None else math.lcm(W.den, b.den)
    nums = [int(x) * (den // W.den) for x in W.num.flat]
    bias = None if b is None else [int(x) * (den // b.den) for x in b.num.flat]
    g = math.gcd(den, *nums, *(bias or ()))
    out: dict = {"matrix": {"shape": list(W.shape), "denominator": str(den // g),
                            "numerators": [str(v // g) for v in nums]}}
    if bias is not None:
        out["bias"] = [str(v // g) for v in bias]
    return out


class _Builder:
    def __init__(self, inputs: list) -> None:
        self.inputs, self.nodes = inputs, []

    def node(self, op: str, **fields: Any) -> int:
        self.nodes.append({"op": op, **fields})
        return len(self.nodes) - 1

    def affine(self, arg: int, W: QArray, b: QArray | None = None) -> int:
        return self.node("affine", arg=arg, **_matrix(W, b))

    def circuit(self, output: int) -> Circuit:
        return parse_circuit({"format": CIRCUIT_FORMAT, "version": 1, "inputs": self.inputs, "nodes": self.nodes,
                              "output": output})


def _features(rep: Any, N: int, inputs: str) -> tuple[_Builder, list[int]]:
    """The builder with N positions and, per position, the node holding ``f(x_i)`` (M values)."""
    if inputs == "templates":
        b = _Builder([{"templates": _matrix(rep.matrix)["matrix"]} for _ in range(N)])
        return b, [b.node("input", position=i) for i in range(N)]
    if rep.patch_dim is None:
        raise DomainError("a 'matrix' representation is known at its templates only; use inputs=\"templates\"")
    b = _Builder([{"dim": rep.patch_dim} for _ in range(N)])
    feats = []
    for i in range(N):
        x = b.node("input", position=i)
        if rep.kind == "monomial":
            x = b.node("power", arg=x, exponents=list(range(rep.M)))
        elif rep.kind == "relu":
            x = b.node("relu", arg=b.affine(x, rep.weights, rep.biases))
        feats.append(x)
    return b, feats


def _pool(b: _Builder, convs: list[int], activation: str, pooling: str) -> int:
    acts = [b.node("relu", arg=c) for c in convs] if activation == "relu" else convs
    return b.node({"product": "mul", "sum": "add", "max": "max"}[pooling], args=acts)


def _operator(net: Any) -> tuple[Any, str, str]:
    if isinstance(net, (ShallowConvAC, DeepConvAC)):
        return net, "linear", "product"
    op = net.operator
    if not op.is_builtin:
        raise DomainError(f"the custom operator '{op.name}' has no circuit form; use a built-in operator")
    return net.as_convac(), op.activation, op.pooling


def _convac(net: Any, inputs: str) -> Circuit:
    conv, activation, pooling = _operator(net)
    b, feats = _features(conv.representation, conv.N, inputs)
    if isinstance(conv, ShallowConvAC):
        pooled = _pool(b, [b.affine(f, W) for f, W in zip(feats, conv.weights)], activation, pooling)
        return b.circuit(b.affine(pooled, conv.output_weights))
    tree = conv.tree
    index = {node: k for k, node in enumerate(tree.internal_nodes())}

    root = tree.structure
    done: dict = {}  # post-order with an explicit stack (same node order as a recursive pass): any depth
    stack: list = [(root, False)]
    while stack:
        node, expanded = stack.pop()
        if not isinstance(node, tuple):
            done[("leaf", node)] = b.affine(feats[node], conv.leaf_weights[node])
        elif not expanded:
            stack.append((node, True))
            stack.extend((ch, False) for ch in reversed(node))
        else:
            pooled = _pool(b, [done.pop(id(ch) if isinstance(ch, tuple) else ("leaf", ch)) for ch in node],
                           activation, pooling)
            W = conv.output_weights if node is root else conv.node_weights[index[node]]
            done[id(node)] = b.affine(pooled, W)
    return b.circuit(done[id(root)])


def convac_ties(net: Any, shared: bool | None = None) -> list[list[int]]:
    """The affine nodes of ``to_circuit(net)`` that share one weight matrix in the network's weight space: for a
    shared deep ConvAC, the leaf convolutions of one level and the nodes of one level (the output layer is
    untied); for a shared shallow ConvAC, the N convolutions; none when unshared (``shared`` overrides the
    network's own flag: the ties of the shared weight space of its architecture).

    >>> from exactnet.networks import bentkamp_witness
    >>> convac_ties(bentkamp_witness(4, 2, (2, 1)))
    [[4, 5, 8, 9], [7, 11]]
    """
    if not (net.shared if shared is None else shared):
        return []
    if isinstance(net, ShallowConvAC):
        return [[net.N + k for k in range(net.N)]]
    tree, groups, count = net.tree, {}, [net.N]

    def run(node: Any) -> int:
        if not isinstance(node, tuple):
            groups.setdefault(("leaf", tree.leaf_level(node)), []).append(count[0])
        else:
            for ch in tree.children(node):
                run(ch)
            count[0] += 1  # the pooling node
            if node is not tree.structure:  # the root itself (a subtree is never equal to it)
                groups.setdefault(("node", tree.node_level(node)), []).append(count[0])
        count[0] += 1
        return count[0] - 1

    run(tree.structure)
    return sorted(g for g in groups.values() if len(g) > 1)


def _gc(net: GCConvAC, inputs: str) -> Circuit:
    b, values = _features(net.representation, net.N, inputs)
    for l, per in enumerate(net._reads()):
        values = [b.node("mul", args=[b.affine(values[p], net._layer_matrix(l, j, k)) for k, p in enumerate(reads)])
                  for j, reads in enumerate(per)]
    return b.circuit(b.affine(values[0], net.output_weights))


def gc_ties(net: GCConvAC) -> list[list[int]]:
    """The affine nodes of ``to_circuit(net)`` that share one matrix when the weights are shared: per layer and
    window offset, the nodes of every output position (lists of >= 2 nodes, ordered by their first node).

    >>> gc_ties(GCConvAC.random((3,), 2, [(2, 1, 2), (2, 1, 1)]))
    [[3, 6], [4, 7]]
    """
    ties, node = [], net.N
    for per in net._reads():
        K = len(per[0])
        if len(per) > 1:
            ties.extend([node + j * (K + 1) + k for j in range(len(per))] for k in range(K))
        node += len(per) * (K + 1)
    return ties


def _pwl(net: PWLNetwork, inputs: str) -> Circuit:
    if inputs != "points":
        raise DomainError("a piecewise-linear network reads points, not templates; use inputs=\"points\"")
    b = _Builder([{"dim": net.input_dim}])
    x = b.node("input", position=0)
    for layer, width in zip(net.layers, net.widths):
        if isinstance(layer, Affine):
            x = b.affine(x, layer.W, layer.b)
        elif isinstance(layer, ReLU):
            x = b.node("relu", arg=x)
        elif isinstance(layer, (LeakyReLU, Abs)):
            x = b.node("leaky_relu", arg=x, slope=str(Fraction(layer.slope)) if isinstance(layer, LeakyReLU) else "-1")
        else:
            x = b.node("group_max", arg=x, groups=[list(g) for g in groups_of(layer, width)])
    return b.circuit(x)


def to_circuit(net: Any, inputs: str | None = None) -> Circuit:
    """The circuit of ``net`` (see the module docstring); ``inputs`` is ``"templates"`` (default for ConvAC,
    rectifier and GC networks) or ``"points"`` (default and only choice for PWL networks).

    >>> from exactnet.networks import relu_network
    >>> from exactnet.kernel.circuit import evaluate
    >>> net = relu_network([[[1], [-1]]], [[0, 0]], output_weights=[[1, 1]])   # |x|
    >>> evaluate(to_circuit(net), [[["-3/2"], ["2"]]])[0].tolist()
    [[3], [4]]
    """
    if inputs is None:
        inputs = "points" if isinstance(net, PWLNetwork) else "templates"
    if inputs not in ("templates", "points"):
        raise InvalidArgumentError(f"Argument 'inputs' must be \"templates\" or \"points\", not {describe(inputs)}")
    if isinstance(net, TTNetwork):  # a recurrent multiplicative network is a deep ConvAC over the linear tree
        net = net.to_deep_convac()
    if isinstance(net, PWLNetwork):
        return _pwl(net, inputs)
    if isinstance(net, GCConvAC):
        return _gc(net, inputs)
    if isinstance(net, (ShallowConvAC, DeepConvAC, ShallowRectifierNet, DeepRectifierNet)):
        return _convac(net, inputs)
    raise InvalidArgumentError(
        "Argument 'net' must be a ShallowConvAC, DeepConvAC, ShallowRectifierNet, DeepRectifierNet, GCConvAC, "
        f"TTNetwork or PWLNetwork, not {describe(net)}")
