r"""Convolutional arithmetic circuits (ConvACs), shallow and deep, with exact weights.

A ConvAC reads N patches ``x_0..x_{N-1}`` (**inputs/modes are 0-based**), applies the representation
functions ``f_0..f_{M-1}`` to every patch, then alternates 1x1 convolutions (channel mixing, weight
matrices of shape (out, in)) and product pooling over the children of the nodes of a pooling tree.

* :class:`ShallowConvAC`: one hidden layer of Z channels and global product pooling,
  ``h_y(x) = sum_z a^y_z prod_i <a^{z,i}, f(x_i)>``; its coefficient tensor is a CP decomposition.
* :class:`DeepConvAC`: any :class:`~exactnet.tensors.PoolingTree`; a node at level l outputs
  ``widths[l]`` channels; its coefficient tensor is a hierarchical Tucker (HT) decomposition.

Two independent routes give the grid tensor (``grid_tensor(method=...)``):

``"decomposition"``
    the CP/HT decomposition of the coefficient tensor with ``F`` applied on every mode
    (:func:`exactnet.tensors.apply_representation`), built by the tensors layer;
``"evaluation"``
    the network's forward pass run on **all** template tuples at once (vectorized numpy integer
    arithmetic per layer, no Python loop over the T^N tuples). It shares no code with the HT/CP
    recursions and serves as their oracle.

Examples
--------
>>> net = DeepConvAC.from_windows(4, 2, (2, 1), seed=1)
>>> net.widths, net.num_weights
((2, 1), 21)
>>> net.grid_tensor(method="evaluation") == net.grid_tensor(method="decomposition")
True
>>> w = bentkamp_witness(4, 3, (2, 2))
>>> A = w.coefficient_tensor(output=0)
>>> A[0, 0, 1, 1], A[0, 1, 1, 1], A[2, 2, 0, 0]
(Fraction(1, 1), Fraction(0, 1), Fraction(0, 1))
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Sequence

import numpy as np

from ..core.qarray import INT64_SAFE, QArray, as_object, max_abs, reduce_common_factor
from ..core.rational import as_int
from ..errors import FormatError, InvalidArgumentError, ShapeError
from ..tensors import (
    CPDecomposition,
    HTDecomposition,
    PoolingTree,
    apply_representation,
    check_dense_size,
    cp_to_tensor,
    ht_to_tensor,
)
from ..tensors.trees import _map_nested
from ._common import (
    as_matrix,
    check_format,
    check_int_arg,
    describe,
    is_matrix_like,
    join,
    json_array,
    json_bool,
    json_int,
    NetworkFacts,
    mul_num,
    require_keys,
    reraise_as_format,
    shape_error,
)
from .representation import Representation

__all__ = ["ShallowConvAC", "DeepConvAC", "bentkamp_witness", "NETWORK_FORMAT", "SCHEMA_VERSION"]

NETWORK_FORMAT = "exactnet.network"
SCHEMA_VERSION = 1
_METHODS = ("decomposition", "evaluation")


# ============================================================================================ helpers
def _num_leaves(tree: PoolingTree) -> int:
    return len(tree.leaves_left_to_right())


def _as_tree(tree: Any) -> PoolingTree:
    if isinstance(tree, PoolingTree):
        return tree
    if isinstance(tree, bool):
        raise InvalidArgumentError(f"Argument 'tree' must be a PoolingTree, a nested tuple or an int N, not {describe(tree)}")
    if isinstance(tree, (int, np.integer)):
        return PoolingTree.binary(check_int_arg(tree, "tree", 2))
    if isinstance(tree, (list, tuple)):
        return PoolingTree.from_nested(tree, name="tree")
    raise InvalidArgumentError(
        f"Argument 'tree' must be a PoolingTree, a nested tuple of modes or an int N (binary tree), not {describe(tree)}"
    )


def _check_representation(rep: Any, M: int | None = None) -> Representation:
    if not isinstance(rep, Representation):
        raise InvalidArgumentError(
            f"Argument 'representation' must be an exactnet.networks.Representation, not {describe(rep)}; "
            "e.g. Representation.identity(M)"
        )
    if M is not None and rep.M != M:
        raise ShapeError(f"Argument 'representation' must have M = {M} functions, not {rep.M}")
    return rep


def _matrix_list(value: Any, name: str, count: int, what: str) -> list[tuple[str, QArray]]:
    """A list of ``count`` matrices, each coerced with its own name ``name[k]``."""
    if isinstance(value, (str, bytes)) or not isinstance(value, (list, tuple)):
        raise InvalidArgumentError(f"Argument '{name}' must be a list of {count} matrices ({what}), not {describe(value)}")
    if len(value) != count:
        raise shape_error(name, f"hold {count} matrices ({what})", f"{len(value)}")
    return [(f"{name}[{k}]", as_matrix(v, f"{name}[{k}]")) for k, v in enumerate(value)]


def _shared_matrix(value: Any, name: str) -> tuple[str, QArray]:
    """One shared matrix given as a matrix or as a list holding one matrix."""
    if is_matrix_like(value):
        return name, as_matrix(value, name)
    if isinstance(value, (list, tuple)) and len(value) == 1:
        return f"{name}[0]", as_matrix(value[0], f"{name}[0]")
    raise InvalidArgumentError(
        f"Argument '{name}' must be one shared matrix (or a list holding one matrix) when shared=True, "
        f"not {describe(value)}"
    )


def _expect(name: str, arr: QArray, shape: tuple[int, int], hint: str) -> None:
    if arr.shape != shape:
        raise shape_error(name, f"have shape {shape}", f"{arr.shape}", f" ({hint})")


def _random_matrix(rng: np.random.Generator, shape: tuple[int, int], low: int, high: int) -> QArray:
    return QArray.from_integers(rng.integers(low, high + 1, size=shape, dtype=np.int64))


def _check_widths(widths: Any, count: int, what: str) -> tuple[int, ...]:
    if isinstance(widths, bool):
        raise InvalidArgumentError(f"Argument 'widths' must be an int or a sequence of ints >= 1, not {describe(widths)}")
    if isinstance(widths, (int, np.integer)):
        widths = [widths] * count
    if isinstance(widths, (str, bytes)) or not isinstance(widths, (list, tuple, np.ndarray)):
        raise InvalidArgumentError(f"Argument 'widths' must be an int or a sequence of ints >= 1, not {describe(widths)}")
    if len(widths) != count:
        raise ShapeError(f"Argument 'widths' must have length {count} ({what}), not {len(widths)} (widths={list(widths)!r})")
    return tuple(check_int_arg(w, f"widths[{k}]", 1) for k, w in enumerate(widths))


def _check_low_high(low: Any, high: Any) -> tuple[int, int]:
    lo, hi = as_int(low, "low"), as_int(high, "high")
    if lo > hi:
        raise InvalidArgumentError(f"Argument 'low' must be <= high = {hi}, not {lo!r}")
    if not -(2**62) <= lo <= hi < 2**62:  # drawn as machine integers; exact weights of any size: from_weights
        raise InvalidArgumentError(f"Arguments 'low' and 'high' must lie in [-2^62, 2^62) (random weights are machine "
                                   f"integers), not low = {describe(lo)}, high = {describe(hi)}")
    return lo, hi


def _dot(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Exact integer matrix product (int64 only when provably safe; object arrays stay object)."""
    if a.dtype == object or b.dtype == object:
        return np.dot(as_object(a), as_object(b))
    if a.shape[1] * max_abs(a) * max_abs(b) >= INT64_SAFE:
        return np.dot(as_object(a), as_object(b))
    return a @ b


def _pool(children: list[tuple[np.ndarray, int]]) -> tuple[np.ndarray, int]:
    """Product pooling over all tuples: rows are tuples (first child's index slowest), columns channels."""
    num, den = children[0]
    r = num.shape[1]
    for cnum, cden in children[1:]:
        num = mul_num(num[:, None, :], cnum[None, :, :]).reshape(-1, r)
        den *= cden
        if num.dtype != object:
            num, den = reduce_common_factor(num, den)
    return num, den


def _product_values(vecs: list[list[Fraction]]) -> list[Fraction]:
    """Product pooling of exact vectors (one per child), entry by entry."""
    pooled = [Fraction(1)] * len(vecs[0])
    for v in vecs:
        pooled = [a * b for a, b in zip(pooled, v)]
    return pooled


def _sym_product(vecs: list[list]) -> list:
    """Product pooling of SymPy vectors (one per input), multiplied in input order."""
    import sympy

    pooled = [sympy.Integer(1)] * len(vecs[0])
    for v in vecs:
        pooled = [a * b for a, b in zip(pooled, v)]
    return pooled


def _sym_mul(vecs: list[list]) -> list:
    """Product pooling of SymPy vectors (one per child): one ``Mul`` per channel."""
    import sympy

    return [sympy.Mul(*vals) for vals in zip(*vecs)]


def _finish_grid(num: np.ndarray, den: int, T: int, N: int, order: Sequence[int], output: int | None) -> QArray:
    """(T^N, Y') rows in leaf order ``order`` (first slowest) -> (Y', T..T) in mode order ((T..T) for one output)."""
    num = num.reshape((T,) * N + (num.shape[1],))
    order = list(order)
    num = np.transpose(num, [N] + [order.index(m) for m in range(N)])
    return QArray(num[0] if output is not None else num, den)


def _tree_pass(net: Any, leaf: Any, pool: Any, conv: Any, Wout: Any = None) -> Any:
    """The bottom-up pass of a deep network over its pooling tree.

    ``leaf(W, i)`` at leaf i (W = ``net.leaf_weights[i]``); at an internal node ``conv(W, pool(values))``
    with the children's values (in the tree's child order) and W its node matrix, ``Wout`` at the root
    (default ``net.output_weights``).  Returns the root's value.
    """
    tree = net.tree
    index = {node: k for k, node in enumerate(tree.internal_nodes())}
    root = tree.structure
    Wout = net.output_weights if Wout is None else Wout

    if not isinstance(root, tuple):
        return leaf(net.leaf_weights[root], root)
    done: dict = {}  # id(node) -> value (leaves by ("leaf", mode)); post-order with an explicit stack
    stack: list = [(root, False)]
    while stack:
        node, expanded = stack.pop()
        if not isinstance(node, tuple):
            done[("leaf", node)] = leaf(net.leaf_weights[node], node)
        elif not expanded:
            stack.append((node, True))
            stack.extend((c, False) for c in reversed(node))
        else:
            pooled = pool([done.pop(id(c) if isinstance(c, tuple) else ("leaf", c)) for c in node])
            done[id(node)] = conv(Wout if node is root else net.node_weights[index[node]], pooled)
    return done[id(root)]


def _check_output(output: Any, Y: int) -> int | None:
    if output is None:
        return None
    if isinstance(output, bool) or not isinstance(output, (int, np.integer)) or not 0 <= int(output) < Y:
        raise InvalidArgumentError(f"Argument 'output' must be None or an output index in 0..{Y - 1} (0-based), not {describe(output)}")
    return int(output)


def _check_method(method: Any) -> str:
    if method not in _METHODS:
        raise InvalidArgumentError(f"Argument 'method' must be one of {_METHODS}, not {describe(method)}")
    return method


def _patch_values(rep: Representation, patches: Any, N: int) -> list[tuple[Fraction, ...]]:
    if isinstance(patches, (str, bytes)) or not isinstance(patches, (list, tuple, np.ndarray)):
        raise InvalidArgumentError(f"Argument 'patches' must be a sequence of {N} patches, not {describe(patches)}")
    if len(patches) != N:
        raise ShapeError(f"Argument 'patches' must hold {N} patches (one per input), not {len(patches)}")
    return [rep.features(p, f"patches[{i}]") for i, p in enumerate(patches)]


def _template_values(rep: Representation, indices: Any, N: int) -> list[tuple[Fraction, ...]]:
    if isinstance(indices, (str, bytes)) or not isinstance(indices, (list, tuple, np.ndarray)):
        raise InvalidArgumentError(f"Argument 'indices' must be a sequence of {N} template indices, not {describe(indices)}")
    if len(indices) != N:
        raise ShapeError(f"Argument 'indices' must hold {N} template indices (one per input), not {len(indices)}")
    T = rep.num_templates
    rows = []
    for i, t in enumerate(indices):
        if isinstance(t, bool) or not isinstance(t, (int, np.integer)) or not 0 <= int(t) < T:
            raise InvalidArgumentError(
                f"Argument 'indices[{i}]' must be a template index in 0..{T - 1} (0-based), not {describe(t)}"
            )
        rows.append(tuple(rep.matrix[int(t)].tolist()))
    return rows


def _matvec(W: list[list[Fraction]], v: Sequence[Fraction]) -> list[Fraction]:
    return [sum((a * b for a, b in zip(row, v)), Fraction(0)) for row in W]


def _default_symbols(rep: Representation, N: int) -> list:
    import sympy

    s = rep.patch_dim
    if s == 1:
        return list(sympy.symbols(f"x_0:{N}"))
    return [list(sympy.symbols(f"x_{i}_0:{s}")) for i in range(N)]


def _sym_matvec(W: QArray, v: list) -> list:
    import sympy

    rows = W.tolist()
    return [sympy.Add(*[sympy.Rational(a.numerator, a.denominator) * x for a, x in zip(row, v) if a != 0])
            for row in rows]


def _symbol_features(rep: Representation, symbols: Any, N: int) -> list[list]:
    if symbols is None:
        symbols = _default_symbols(rep, N)
    if isinstance(symbols, (str, bytes)) or not isinstance(symbols, (list, tuple)):
        raise InvalidArgumentError(f"Argument 'symbols' must be a sequence of {N} SymPy symbols (or patch symbol lists), not {describe(symbols)}")
    if len(symbols) != N:
        raise ShapeError(f"Argument 'symbols' must hold {N} entries (one per input), not {len(symbols)}")
    return [rep.sympy_features(s) for s in symbols]


def _format_weights(matrices: Sequence[QArray]) -> list:
    return [m.tolist_str() for m in matrices]


# ============================================================================================ shallow

def _check_network_header(obj: Any, path: str, kind: str, fields: Sequence[str],
                          head: Sequence[str] = ("representation",)) -> None:
    """The envelope every network JSON shares: an object, the format/version, the kind, and its keys
    (``head`` then ``fields``: the kind's own keys after ``num_inputs``, in the order missing keys are reported)."""
    if not isinstance(obj, dict):
        raise FormatError(f"must be a JSON object, not {describe(obj)}", path or "<root>")
    check_format(obj, path, NETWORK_FORMAT)
    if obj.get("kind") != kind:
        raise FormatError(f"must be \"{kind}\", not {describe(obj.get('kind'))}", join(path, "kind"))
    require_keys(obj, path, ["format", "schema_version", "kind", "num_inputs", *head, *fields])

@dataclass(frozen=True)
class ShallowConvAC(NetworkFacts):
    """A shallow ConvAC: Z hidden channels, global product pooling, Y outputs.

    ``h_y(x_0..x_{N-1}) = sum_z output_weights[y, z] prod_i (weights[i] @ f(x_i))[z]``.

    Attributes
    ----------
    num_inputs : int
        N (inputs are 0-based).
    representation : Representation
    weights : tuple of QArray
        N matrices of shape (Z, M) (expanded: all equal when shared), ``weights[i]`` for input i.
    output_weights : QArray
        Shape (Y, Z).
    shared : bool

    Examples
    --------
    >>> net = ShallowConvAC.from_weights(2, Representation.identity(2), [[1, 0], [0, 1]], [[1, 1]], shared=True)
    >>> net.coefficient_tensor(output=0).tolist_str()
    [['1', '0'], ['0', '1']]
    >>> net.evaluate([[1, 2], [3, 4]])
    (Fraction(11, 1),)
    """

    num_inputs: int
    representation: Representation
    weights: tuple
    output_weights: QArray
    shared: bool = False

    def __post_init__(self):
        N = check_int_arg(self.num_inputs, "num_inputs", 1)
        _check_representation(self.representation)
        if not isinstance(self.weights, tuple) or len(self.weights) != N:
            raise ShapeError(f"Argument 'weights' must be a tuple of {N} matrices, not {describe(self.weights)}")
        if not all(isinstance(W, QArray) for W in self.weights + (self.output_weights,)):
            raise InvalidArgumentError(
                "Arguments 'weights' and 'output_weights' must be QArray matrices (use ShallowConvAC.from_weights "
                "to coerce nested lists)"
            )
        _check_shallow_shapes(_named(self.weights, "weights"), ("output_weights", self.output_weights),
                              self.representation.M)
        if not isinstance(self.shared, bool):
            raise InvalidArgumentError(f"Argument 'shared' must be a bool, not {describe(self.shared)}")
        if self.shared and any(W != self.weights[0] for W in self.weights):
            raise InvalidArgumentError("Argument 'weights' must hold N equal matrices when shared=True")

    # ---------------------------------------------------------------- constructors
    @classmethod
    def from_weights(cls, N: int, representation: Representation, weights: Any, output_weights: Any,
                     shared: bool = False) -> "ShallowConvAC":
        """Validate and build. ``weights``: N matrices (Z x M), or one matrix when ``shared``.

        >>> ShallowConvAC.from_weights(2, Representation.identity(2), [[[1, 0]], [[1, 0, 0]]], [[1]])
        Traceback (most recent call last):
          ...
        exactnet.errors.ShapeError: Argument 'weights[1]' must have shape (1, 2), not (1, 3) (Z = 1 hidden channels, M = 2 representation functions)
        """
        N = check_int_arg(N, "N", 1)
        rep = _check_representation(representation)
        if not isinstance(shared, bool):
            raise InvalidArgumentError(f"Argument 'shared' must be a bool, not {describe(shared)}")
        if shared:
            named = [_shared_matrix(weights, "weights")]
        else:
            named = _matrix_list(weights, "weights", N, "one (Z x M) matrix per input")
        Wout = as_matrix(output_weights, "output_weights")
        _check_shallow_shapes(named, ("output_weights", Wout), rep.M)
        mats = [m for _, m in named]
        expanded = tuple(mats * N) if shared else tuple(mats)
        return cls(N, rep, expanded, Wout, shared)

    @classmethod
    def random(cls, N: int, M: int, Z: int, Y: int = 1, shared: bool = False, seed: int = 0,
               low: int = -3, high: int = 3, representation: Representation | None = None) -> "ShallowConvAC":
        """Random integer weights uniform in [low, high] (numpy ``default_rng(seed)``).

        >>> ShallowConvAC.random(3, 2, 4).widths
        (4,)
        """
        N = check_int_arg(N, "N", 1)
        M = check_int_arg(M, "M", 1)
        Z = check_int_arg(Z, "Z", 1)
        Y = check_int_arg(Y, "Y", 1)
        lo, hi = _check_low_high(low, high)
        check_dense_size(((1 if shared else N) * Z * M + Y * Z,), what="set of random weights")  # before any array
        rep = Representation.identity(M) if representation is None else _check_representation(representation, M)
        rng = np.random.default_rng(seed)
        if shared:
            weights: Any = _random_matrix(rng, (Z, M), lo, hi)
        else:
            weights = [_random_matrix(rng, (Z, M), lo, hi) for _ in range(N)]
        return cls.from_weights(N, rep, weights, _random_matrix(rng, (Y, Z), lo, hi), shared=bool(shared))

    # ---------------------------------------------------------------- facts
    @property
    def N(self) -> int:
        return self.num_inputs

    @property
    def Z(self) -> int:
        return self.weights[0].shape[0]

    @property
    def widths(self) -> tuple[int, ...]:
        """``(Z,)``."""
        return (self.Z,)

    @property
    def num_weights(self) -> int:
        """Number of free weights: shared ``M Z + Y Z``, unshared ``N M Z + Y Z``."""
        per_input = self.Z * self.M
        return (per_input if self.shared else self.N * per_input) + self.Y * self.Z

    # ---------------------------------------------------------------- tensors
    def decomposition(self) -> CPDecomposition:
        """The CP decomposition of the coefficient tensor: factors = weights, weights = output_weights.

        >>> ShallowConvAC.random(3, 2, 4).decomposition().num_terms
        4
        """
        return CPDecomposition(list(self.weights), self.output_weights)

    def coefficient_tensor(self, output: int | None = None) -> QArray:
        """The coefficient tensor A^y (shape (Y, M, ..., M), or (M, ..., M) for one ``output``, 0-based).

        >>> ShallowConvAC.random(3, 2, 4, Y=2).coefficient_tensor().shape
        (2, 2, 2, 2)
        """
        return cp_to_tensor(self.decomposition(), output=_check_output(output, self.Y))

    def grid_tensor(self, method: str = "decomposition", output: int | None = None) -> QArray:
        """Grid tensor ``h_y(template_{d_0}, ..., template_{d_{N-1}})``, shape (Y, T, ..., T) or (T, ..., T).

        ``method="decomposition"``: CP with F applied per mode; ``"evaluation"``: the forward pass on all
        template tuples at once (the oracle).

        >>> net = ShallowConvAC.random(3, 2, 2, representation=Representation.monomials([0, 1, 2], 2))
        >>> G = net.grid_tensor(method="evaluation")
        >>> G.shape, G == net.grid_tensor(method="decomposition")
        ((1, 3, 3, 3), True)
        """
        method = _check_method(method)
        output = _check_output(output, self.Y)
        if method == "decomposition":
            return cp_to_tensor(apply_representation(self.decomposition(), self.representation.matrix), output=output)
        return self._grid_by_evaluation(output)

    def _grid_by_evaluation(self, output: int | None, pool: Any = _pool) -> QArray:
        """The evaluation route; ``pool`` pools the inputs' conv outputs on all tuples (rectifier nets pass theirs)."""
        F = self.representation.matrix
        T = F.shape[0]
        check_dense_size((T,) * self.N + (max(self.Z, self.Y),), what="grid tensor (evaluation route)")
        # hidden conv outputs per template: (T, Z) integer numerators and a denominator, per input
        leaf = [(_dot(F.num, W.num.T), F.den * W.den) for W in self.weights]
        num, den = pool(leaf)  # (T^N, Z), input 0 slowest
        Wout = self.output_weights if output is None else self.output_weights.take([output], axis=0)
        num = _dot(num, Wout.num.T)  # (T^N, Y')
        return _finish_grid(num, den * Wout.den, T, self.N, range(self.N), output)

    # ---------------------------------------------------------------- evaluation
    def _forward(self, feats: list[Sequence[Fraction]], pool: Any = _product_values) -> tuple[Fraction, ...]:
        convs = [_matvec(W.tolist(), f) for W, f in zip(self.weights, feats)]
        return tuple(_matvec(self.output_weights.tolist(), pool(convs)))

    def evaluate(self, patches: Sequence[Any]) -> tuple[Fraction, ...]:
        """Exact forward pass at N exact patches (scalars allowed when patch_dim == 1); Y Fractions.

        >>> net = ShallowConvAC.from_weights(2, Representation.monomials([0], 2), [[1, 1]], [[1]], shared=True)
        >>> net.evaluate(["1/2", 2])   # (1 + 1/2) * (1 + 2)
        (Fraction(9, 2),)
        """
        return self._forward(_patch_values(self.representation, patches, self.N))

    def evaluate_templates(self, indices: Sequence[int]) -> tuple[Fraction, ...]:
        """Forward pass at the templates ``indices`` (0-based, one per input) = a grid-tensor fibre.

        >>> net = ShallowConvAC.random(2, 2, 2, seed=3)
        >>> net.evaluate_templates([1, 0]) == (net.grid_tensor()[0, 1, 0],)
        True
        """
        return self._forward(_template_values(self.representation, indices, self.N))

    def score_function(self, symbols: Any = None) -> list:
        """The Y score functions as SymPy expressions (symbols ``x_i`` or ``x_i_k`` by default).

        >>> net = ShallowConvAC.from_weights(2, Representation.monomials([0], 2), [[1, "1/2"]], [[3]], shared=True)
        >>> net.score_function()
        [3*(x_0/2 + 1)*(x_1/2 + 1)]
        """
        return self._score(symbols, _sym_product)

    def _score(self, symbols: Any, pool: Any) -> list:
        feats = _symbol_features(self.representation, symbols, self.N)
        convs = [_sym_matvec(W, f) for W, f in zip(self.weights, feats)]
        return _sym_matvec(self.output_weights, pool(convs))

    # ---------------------------------------------------------------- JSON
    def to_dict(self) -> dict:
        """JSON form (design.md): shared networks store one weight matrix.

        >>> len(ShallowConvAC.random(3, 2, 1, shared=True).to_dict()["weights"])
        1
        """
        mats = self.weights[:1] if self.shared else self.weights
        return {
            "format": NETWORK_FORMAT,
            "schema_version": SCHEMA_VERSION,
            "kind": "shallow-convac",
            "num_inputs": self.N,
            "representation": self.representation.to_dict(),
            "shared": self.shared,
            "weights": _format_weights(mats),
            "output_weights": self.output_weights.tolist_str(),
        }

    @classmethod
    def from_dict(cls, obj: Any, path: str = "") -> "ShallowConvAC":
        """Parse and validate; errors are :class:`FormatError` with the JSON path of the field.

        >>> d = ShallowConvAC.random(2, 2, 1).to_dict()
        >>> ShallowConvAC.from_dict(d) == ShallowConvAC.random(2, 2, 1)
        True
        >>> d["weights"][1][0][0] = 1.5
        >>> ShallowConvAC.from_dict(d)
        Traceback (most recent call last):
          ...
        exactnet.errors.FormatError: weights[1][0][0]: a rational must be a string such as "3/4" or an int, not the JSON float 1.5: floats are not exact; write the number as a string
        """
        _check_network_header(obj, path, "shallow-convac", ["shared", "weights", "output_weights"])
        N = json_int(obj["num_inputs"], join(path, "num_inputs"), minimum=1)
        rep = Representation.from_dict(obj["representation"], join(path, "representation"))
        shared = json_bool(obj["shared"], join(path, "shared"))
        count = 1 if shared else N
        named = _json_matrix_list(obj["weights"], path, "weights", count,
                                  "one shared matrix" if shared else "one matrix per input")
        Wout = _json_matrix(obj["output_weights"], path, "output_weights")
        try:
            _check_shallow_shapes(named, ("output_weights", Wout), rep.M)
        except (ShapeError, InvalidArgumentError) as exc:
            raise reraise_as_format(exc, path, "weights") from None
        mats = [m for _, m in named]
        return cls(N, rep, tuple(mats * N) if shared else tuple(mats), Wout, shared)


def _check_shallow_shapes(named: list[tuple[str, QArray]], out: tuple[str, QArray], M: int) -> None:
    Z = named[0][1].shape[0]
    for name, W in named:
        _expect(name, W, (Z, M), f"Z = {Z} hidden channels, M = {M} representation functions")
    oname, Wout = out
    _expect(oname, Wout, (Wout.shape[0], Z), f"Y outputs, Z = {Z} hidden channels")


def _json_matrix(value: Any, path: str, name: str) -> QArray:
    arr = json_array(value, join(path, name), 2)
    if 0 in arr.shape:
        raise FormatError(f"must have at least one row and one column, not shape {arr.shape}", join(path, name))
    return arr


def _json_matrix_list(value: Any, path: str, name: str, count: int, what: str) -> list[tuple[str, QArray]]:
    if not isinstance(value, list):
        raise FormatError(f"must be a list of {count} matrices ({what}), not {describe(value)}", join(path, name))
    if len(value) != count:
        raise FormatError(f"must hold {count} matrices ({what}), not {len(value)}", join(path, name))
    return [(f"{name}[{k}]", _json_matrix(v, path, f"{name}[{k}]")) for k, v in enumerate(value)]


# ============================================================================================ deep
@dataclass(frozen=True)
class DeepConvAC(NetworkFacts):
    """A deep ConvAC on a pooling tree; its coefficient tensor is an HT decomposition.

    A node (or leaf) at level l outputs ``widths[l]`` channels (``len(widths) == tree.height``); the
    root applies ``output_weights`` (Y x widths[-1]).

    Attributes
    ----------
    tree : PoolingTree
    representation : Representation
    leaf_weights : tuple of QArray
        N matrices, ``leaf_weights[i]`` for input/mode i (0-based), shape (widths[level of leaf i], M);
        expanded from the one shared matrix when ``shared``.
    node_weights : tuple of QArray
        One matrix (widths[l], widths[l-1]) per internal node except the root, in
        ``tree.internal_nodes()`` order (level ascending, then left to right); expanded when shared.
    output_weights : QArray
        (Y, widths[height-1]).
    shared : bool
        Weight sharing (one leaf matrix, one matrix per level).

    Examples
    --------
    >>> net = DeepConvAC.random(PoolingTree.binary(4), 2, (2, 2), shared=True)
    >>> len(net.leaf_weights), len(net.node_weights), net.num_weights
    (4, 2, 10)
    """

    tree: PoolingTree
    representation: Representation
    leaf_weights: tuple
    node_weights: tuple
    output_weights: QArray
    shared: bool = False
    _widths: tuple = field(default=(), init=False, repr=False, compare=False)

    def __post_init__(self):
        if not isinstance(self.tree, PoolingTree):
            raise InvalidArgumentError(f"Argument 'tree' must be a PoolingTree, not {describe(self.tree)}")
        _check_representation(self.representation)
        if not isinstance(self.shared, bool):
            raise InvalidArgumentError(f"Argument 'shared' must be a bool, not {describe(self.shared)}")
        for name, seq in (("leaf_weights", self.leaf_weights), ("node_weights", self.node_weights),
                          ("output_weights", (self.output_weights,))):
            if not isinstance(seq, tuple) or not all(isinstance(m, QArray) for m in seq):
                raise InvalidArgumentError(
                    f"Argument '{name}' must be a tuple of QArray matrices (use DeepConvAC.from_weights to coerce "
                    "nested lists)"
                )
        if len(self.leaf_weights) != self.tree.num_modes or len(self.node_weights) != len(self.tree.internal_nodes()):
            raise ShapeError(
                f"Arguments 'leaf_weights' and 'node_weights' must hold {self.tree.num_modes} and "
                f"{len(self.tree.internal_nodes())} matrices (expanded form; use DeepConvAC.from_weights for the "
                f"shared form), not {len(self.leaf_weights)} and {len(self.node_weights)}"
            )
        widths = _check_deep_shapes(self.tree, self.representation.M,
                                    _named(self.leaf_weights, "leaf_weights"),
                                    _named(self.node_weights, "node_weights"),
                                    ("output_weights", self.output_weights), shared=False)
        if self.shared:
            _check_shared_leaf_widths(self.tree, widths, "leaf_weights")
            if any(W != self.leaf_weights[0] for W in self.leaf_weights):
                raise InvalidArgumentError("Argument 'leaf_weights' must hold N equal matrices when shared=True")
            first: dict[int, QArray] = {}
            for k, node in enumerate(self.tree.internal_nodes()):
                lvl = self.tree.node_level(node)
                if first.setdefault(lvl, self.node_weights[k]) != self.node_weights[k]:
                    raise InvalidArgumentError(
                        f"Argument 'node_weights' must hold equal matrices at each level when shared=True; "
                        f"node_weights[{k}] (level {lvl}) differs from the first level-{lvl} matrix"
                    )
        object.__setattr__(self, "_widths", widths)

    # ---------------------------------------------------------------- constructors
    @classmethod
    def from_weights(cls, tree: Any, representation: Representation, leaf_weights: Any, node_weights: Any,
                     output_weights: Any, shared: bool = False) -> "DeepConvAC":
        """Validate every shape (naming the offending argument) and build.

        Unshared: ``leaf_weights`` N matrices (mode order), ``node_weights`` one per
        ``tree.internal_nodes()`` entry. Shared: ``leaf_weights`` one matrix (or a list of one),
        ``node_weights`` one matrix per level 1..height-1.

        Examples
        --------
        >>> rep = Representation.identity(3)
        >>> L = [[[1, 0, 0], [0, 1, 0], [0, 0, 1]]] * 4
        >>> DeepConvAC.from_weights(PoolingTree.binary(4), rep, L, [[[1, 1, 1], [0, 0, 1]], [[1, 1, 1]] * 3], [[1, 1]])
        Traceback (most recent call last):
          ...
        exactnet.errors.ShapeError: Argument 'node_weights[1]' must have shape (2, 3), not (3, 3) (a node at level 1 maps r_0 = 3 channels to r_1 = 2)
        """
        tree = _as_tree(tree)
        rep = _check_representation(representation)
        if not isinstance(shared, bool):
            raise InvalidArgumentError(f"Argument 'shared' must be a bool, not {describe(shared)}")
        nodes = tree.internal_nodes()
        if shared:
            leaf_named = [_shared_matrix(leaf_weights, "leaf_weights")]
            node_named = _matrix_list(node_weights, "node_weights", tree.height - 1,
                                      "one shared matrix per level 1..height-1")
        else:
            leaf_named = _matrix_list(leaf_weights, "leaf_weights", _num_leaves(tree), "one (r x M) matrix per input")
            node_named = _matrix_list(node_weights, "node_weights", len(nodes),
                                      "one matrix per internal node except the root, in tree.internal_nodes() order")
        Wout = as_matrix(output_weights, "output_weights")
        widths = _check_deep_shapes(tree, rep.M, leaf_named, node_named, ("output_weights", Wout), shared)
        leaves, nws = _expand(tree, leaf_named, node_named, shared)
        net = cls(tree, rep, leaves, nws, Wout, shared)
        assert net.widths == widths
        return net

    @classmethod
    def random(cls, tree: Any, M: int, widths: Any, Y: int = 1, shared: bool = False, seed: int = 0,
               low: int = -3, high: int = 3, representation: Representation | None = None) -> "DeepConvAC":
        """Random integer weights uniform in [low, high] (numpy ``default_rng(seed)``).

        ``widths`` (an int, or one int per level 0..height-1) must be >= 1. A random draw is **not**
        generic: use witnesses for "almost everywhere" claims.

        >>> DeepConvAC.random(PoolingTree.binary(4), 2, (2, 0))
        Traceback (most recent call last):
          ...
        exactnet.errors.InvalidArgumentError: Argument 'widths[1]' must be an integer >= 1, not 0 (type=int)
        """
        tree = _as_tree(tree)
        M = check_int_arg(M, "M", 1)
        Y = check_int_arg(Y, "Y", 1)
        widths = _check_widths(widths, tree.height, "one width per level 0..height-1")
        lo, hi = _check_low_high(low, high)
        rep = Representation.identity(M) if representation is None else _check_representation(representation, M)
        rng = np.random.default_rng(seed)
        H = tree.height
        if shared:
            leaf_levels = sorted({tree.leaf_level(i) for i in range(_num_leaves(tree))})
            leaf: Any = _random_matrix(rng, (widths[leaf_levels[0]], M), lo, hi)
            nodes: list = [_random_matrix(rng, (widths[l], widths[l - 1]), lo, hi) for l in range(1, H)]
        else:
            leaf = [_random_matrix(rng, (widths[tree.leaf_level(i)], M), lo, hi) for i in range(_num_leaves(tree))]
            nodes = [_random_matrix(rng, (widths[tree.node_level(v)], widths[tree.node_level(v) - 1]), lo, hi)
                     for v in tree.internal_nodes()]
        out = _random_matrix(rng, (Y, widths[H - 1]), lo, hi)
        return cls.from_weights(tree, rep, leaf, nodes, out, shared=bool(shared))

    @classmethod
    def from_windows(cls, N: int, M: int, widths: Any, window: Any = 2, Y: int = 1, shared: bool = False,
                     seed: int = 0, low: int = -3, high: int = 3,
                     representation: Representation | None = None) -> "DeepConvAC":
        """:meth:`random` on ``PoolingTree.from_windows(N, window)`` (contiguous pooling windows).

        >>> DeepConvAC.from_windows(16, 2, 2, window=4).tree.height
        2
        """
        tree = PoolingTree.from_windows(N, window)
        return cls.random(tree, M, widths, Y=Y, shared=shared, seed=seed, low=low, high=high,
                          representation=representation)

    # ---------------------------------------------------------------- facts
    @property
    def N(self) -> int:
        return len(self.leaf_weights)

    @property
    def num_inputs(self) -> int:
        return len(self.leaf_weights)

    @property
    def widths(self) -> tuple[int, ...]:
        """``(r_0, ..., r_{height-1})``: a node at level l outputs r_l channels."""
        return self._widths

    @property
    def num_weights(self) -> int:
        """Number of free weights: shared ``M r_0 + sum_l r_{l-1} r_l + Y r_top``;
        unshared: the sum of the sizes of all leaf, node and output matrices."""
        out = self.output_weights.size
        if self.shared:
            r, H = self.widths, self.tree.height
            return self.leaf_weights[0].size + sum(r[l] * r[l - 1] for l in range(1, H)) + out
        return sum(W.size for W in self.leaf_weights) + sum(W.size for W in self.node_weights) + out

    # ---------------------------------------------------------------- tensors
    def decomposition(self) -> HTDecomposition:
        """The HT decomposition of the coefficient tensor (leaf factors = leaf weights).

        >>> bentkamp_witness(4, 2, (2, 1)).decomposition().mode_sizes
        (2, 2, 2, 2)
        """
        return HTDecomposition(self.tree, list(self.leaf_weights), list(self.node_weights), self.output_weights)

    def coefficient_tensor(self, output: int | None = None) -> QArray:
        """The coefficient tensor A^y: shape (Y, M, ..., M), or (M, ..., M) for one ``output`` (0-based).

        >>> bentkamp_witness(2, 2, (2,)).coefficient_tensor(output=0).tolist_str()
        [['1', '0'], ['0', '1']]
        """
        return ht_to_tensor(self.decomposition(), output=_check_output(output, self.Y))

    def grid_tensor(self, method: str = "decomposition", output: int | None = None) -> QArray:
        """Grid tensor ``h_y(template_{d_0}, ..., template_{d_{N-1}})``, shape (Y, T..T) or (T..T).

        ``method="decomposition"``: HT with F applied on every mode (tensors layer).
        ``method="evaluation"``: the forward pass on all T^N template tuples at once (the oracle).

        >>> rep = Representation.monomials([0, 1, 2], 2)
        >>> net = DeepConvAC.random(PoolingTree.from_nested([[2, 0], 1]), 2, (2, 2), Y=2, representation=rep)
        >>> G = net.grid_tensor(method="evaluation")
        >>> G.shape, G == net.grid_tensor(method="decomposition")
        ((2, 3, 3, 3), True)
        """
        method = _check_method(method)
        output = _check_output(output, self.Y)
        if method == "decomposition":
            ht = apply_representation(self.decomposition(), self.representation.matrix)
            return ht_to_tensor(ht, output=output)
        return self._grid_by_evaluation(output)

    def _grid_by_evaluation(self, output: int | None, pool: Any = _pool, reduce: bool = False) -> QArray:
        """The evaluation route; ``pool`` pools the children's conv outputs on all tuples (rectifier nets pass
        theirs), ``reduce`` cancels common factors after every node's conv."""
        F, N = self.representation.matrix, self.N
        T = F.shape[0]
        Wout = self.output_weights if output is None else self.output_weights.take([output], axis=0)
        check_dense_size((T,) * N + (max(max(self.widths), Wout.shape[0]),), what="grid tensor (evaluation route)")

        # rows: all template tuples of the node's leaves (left to right, first slowest); cols: channels
        def leaf(W: QArray, i: int) -> tuple[np.ndarray, int]:
            return _dot(F.num, W.num.T), F.den * W.den  # conv at the leaf on every template

        def conv(W: QArray, pooled: tuple[np.ndarray, int]) -> tuple[np.ndarray, int]:
            num, den = _dot(pooled[0], W.num.T), pooled[1] * W.den
            return reduce_common_factor(num, den) if reduce else (num, den)

        num, den = _tree_pass(self, leaf, pool, conv, Wout)  # (T^N, Y'), tuple axes in left-to-right leaf order
        return _finish_grid(num, den, T, N, self.tree.leaves_left_to_right(), output)

    # ---------------------------------------------------------------- evaluation
    def _forward(self, feats: list[Sequence[Fraction]], pool: Any = _product_values) -> tuple[Fraction, ...]:
        return tuple(_tree_pass(self, lambda W, i: _matvec(W.tolist(), feats[i]), pool,
                                lambda W, v: _matvec(W.tolist(), v)))

    def evaluate(self, patches: Sequence[Any]) -> tuple[Fraction, ...]:
        """Exact forward pass at N exact patches (``patches[i]`` for input i; scalars when patch_dim == 1).

        >>> net = bentkamp_witness(2, 2, (2,))
        >>> net.evaluate([[1, 2], [3, 4]])   # <x_0, x_1> = 1*3 + 2*4
        (Fraction(11, 1),)
        """
        return self._forward(_patch_values(self.representation, patches, self.N))

    def evaluate_templates(self, indices: Sequence[int]) -> tuple[Fraction, ...]:
        """Forward pass at template indices (0-based, one per input): the grid-tensor entries (all y).

        >>> bentkamp_witness(2, 2, (2,)).evaluate_templates([1, 1])
        (Fraction(1, 1),)
        """
        return self._forward(_template_values(self.representation, indices, self.N))

    def score_function(self, symbols: Any = None) -> list:
        """The Y score functions as SymPy expressions with exact Rational coefficients.

        Default symbols: ``x_0..x_{N-1}`` for patch_dim 1, else ``x_i_k`` (input i, coordinate k).

        >>> bentkamp_witness(2, 2, (2,)).score_function()
        [x_0_0*x_1_0 + x_0_1*x_1_1]
        """
        return self._score(symbols, _sym_mul)

    def _score(self, symbols: Any, pool: Any) -> list:
        feats = _symbol_features(self.representation, symbols, self.N)
        return _tree_pass(self, lambda W, i: _sym_matvec(W, feats[i]), pool, _sym_matvec)

    # ---------------------------------------------------------------- JSON
    def to_dict(self) -> dict:
        """JSON form (design.md); shared networks store one leaf matrix and one node matrix per level.

        >>> d = bentkamp_witness(8, 2, (2, 1, 1)).to_dict()
        >>> d["tree"], len(d["leaf_weights"]), len(d["node_weights"])
        ([[[0, 1], [2, 3]], [[4, 5], [6, 7]]], 1, 2)
        """
        if self.shared:
            leaves = self.leaf_weights[:1]
            per_level: dict[int, QArray] = {}
            for k, node in enumerate(self.tree.internal_nodes()):
                per_level.setdefault(self.tree.node_level(node), self.node_weights[k])
            nodes = [per_level[l] for l in range(1, self.tree.height)]
        else:
            leaves, nodes = self.leaf_weights, self.node_weights
        return {
            "format": NETWORK_FORMAT,
            "schema_version": SCHEMA_VERSION,
            "kind": "deep-convac",
            "num_inputs": self.N,
            "representation": self.representation.to_dict(),
            "tree": _tree_to_json(self.tree.structure),
            "shared": self.shared,
            "leaf_weights": _format_weights(leaves),
            "node_weights": _format_weights(nodes),
            "output_weights": self.output_weights.tolist_str(),
        }

    @classmethod
    def from_dict(cls, obj: Any, path: str = "") -> "DeepConvAC":
        """Parse and validate every field; errors are :class:`FormatError` with the JSON path.

        >>> d = bentkamp_witness(2, 2, (1,)).to_dict()
        >>> d["leaf_weights"][0][0][1] = 0.0
        >>> DeepConvAC.from_dict(d)
        Traceback (most recent call last):
          ...
        exactnet.errors.FormatError: leaf_weights[0][0][1]: a rational must be a string such as "3/4" or an int, not the JSON float 0.0: floats are not exact; write the number as a string
        """
        _check_network_header(obj, path, "deep-convac",
                              ["tree", "shared", "leaf_weights", "node_weights", "output_weights"])
        N = json_int(obj["num_inputs"], join(path, "num_inputs"), minimum=2)
        rep = Representation.from_dict(obj["representation"], join(path, "representation"))
        tree = _tree_from_json(obj["tree"], N, join(path, "tree"))
        shared = json_bool(obj["shared"], join(path, "shared"))
        H = tree.height
        if shared:
            leaf_named = _json_matrix_list(obj["leaf_weights"], path, "leaf_weights", 1, "one shared matrix")
            node_named = _json_matrix_list(obj["node_weights"], path, "node_weights", H - 1,
                                           "one shared matrix per level 1..height-1")
        else:
            leaf_named = _json_matrix_list(obj["leaf_weights"], path, "leaf_weights", N, "one matrix per input")
            node_named = _json_matrix_list(obj["node_weights"], path, "node_weights", len(tree.internal_nodes()),
                                           "one matrix per internal node except the root, in tree.internal_nodes() order")
        Wout = _json_matrix(obj["output_weights"], path, "output_weights")
        try:
            _check_deep_shapes(tree, rep.M, leaf_named, node_named, ("output_weights", Wout), shared)
        except (ShapeError, InvalidArgumentError) as exc:
            raise reraise_as_format(exc, path, "leaf_weights") from None
        leaves, nws = _expand(tree, leaf_named, node_named, shared)
        return cls(tree, rep, leaves, nws, Wout, shared)


def _named(mats: Sequence[QArray], name: str) -> list[tuple[str, QArray]]:
    return [(f"{name}[{k}]", m) for k, m in enumerate(mats)]


def _check_shared_leaf_widths(tree: PoolingTree, widths: tuple[int, ...], name: str) -> None:
    levels = sorted({tree.leaf_level(i) for i in range(_num_leaves(tree))})
    ws = {l: widths[l] for l in levels}
    if len(set(ws.values())) > 1:
        desc = ", ".join(f"r_{l} = {w}" for l, w in ws.items())
        raise shape_error(
            name, "be one matrix shared by every leaf, so every leaf level must have the same width",
            f"leaves at levels {levels} with {desc}",
            "; use shared=False or equal widths at those levels",
        )


def _check_deep_shapes(tree: PoolingTree, M: int, leaf_named: list[tuple[str, QArray]],
                       node_named: list[tuple[str, QArray]], out: tuple[str, QArray], shared: bool) -> tuple[int, ...]:
    """Infer the widths and check every matrix; a ShapeError names the first offending argument."""
    H = tree.height
    N = _num_leaves(tree)
    nodes = tree.internal_nodes()
    leaf_levels = [tree.leaf_level(i) for i in range(N)]
    # infer r_0 from the first level-0 leaf matrix, r_l (l >= 1) from the first level-l node matrix
    widths: list[int] = [0] * H
    if shared:
        widths[0] = leaf_named[0][1].shape[0]
        for l in range(1, H):
            widths[l] = node_named[l - 1][1].shape[0]
    else:
        widths[0] = leaf_named[leaf_levels.index(0)][1].shape[0]
        node_levels = [tree.node_level(v) for v in nodes]
        for l in range(1, H):
            widths[l] = node_named[node_levels.index(l)][1].shape[0]
    if shared:
        name, W = leaf_named[0]
        _expect(name, W, (widths[0], M), f"r_0 = {widths[0]} channels read M = {M} representation functions")
        _check_shared_leaf_widths(tree, tuple(widths), name)
        for l in range(1, H):
            name, W = node_named[l - 1]
            _expect(name, W, (widths[l], widths[l - 1]),
                    f"the level-{l} matrix maps r_{l - 1} = {widths[l - 1]} channels to r_{l} = {widths[l]}")
    else:
        for i, (name, W) in enumerate(leaf_named):
            l = leaf_levels[i]
            _expect(name, W, (widths[l], M),
                    f"leaf {i} is at level {l}: r_{l} = {widths[l]} channels read M = {M} representation functions")
        for (name, W), v in zip(node_named, nodes):
            l = tree.node_level(v)
            _expect(name, W, (widths[l], widths[l - 1]),
                    f"a node at level {l} maps r_{l - 1} = {widths[l - 1]} channels to r_{l} = {widths[l]}")
    oname, Wout = out
    _expect(oname, Wout, (Wout.shape[0], widths[H - 1]),
            f"the root reads r_{H - 1} = {widths[H - 1]} channels and has Y outputs")
    return tuple(widths)


def _expand(tree: PoolingTree, leaf_named, node_named, shared: bool) -> tuple[tuple, tuple]:
    if not shared:
        return tuple(m for _, m in leaf_named), tuple(m for _, m in node_named)
    N = _num_leaves(tree)
    leaves = (leaf_named[0][1],) * N
    nws = tuple(node_named[tree.node_level(v) - 1][1] for v in tree.internal_nodes())
    return leaves, nws


def _tree_to_json(structure: Any) -> Any:
    return _map_nested(structure, int, list)  # no recursion: trees of any depth


def _tree_from_json(obj: Any, N: int, field_path: str) -> PoolingTree:
    def where(chain: Any) -> str:  # the JSON path, rendered only for an error (a chain (parent, k) per level)
        ks = []
        while chain is not None:
            chain, k = chain
            ks.append(k)
        return field_path + "".join(f"[{k}]" for k in reversed(ks))

    stack: list = [(obj, None)]  # validate without recursion (caterpillar trees are as deep as they are wide)
    while stack:
        x, chain = stack.pop()
        if isinstance(x, bool) or isinstance(x, float):
            raise FormatError(f"a tree leaf must be an integer mode index, not {describe(x)}", where(chain))
        if isinstance(x, int):
            continue
        if isinstance(x, list):
            if len(x) < 2:
                raise FormatError(f"an internal node must have at least 2 children, not {len(x)}", where(chain))
            stack.extend((c, (chain, k)) for k, c in reversed(list(enumerate(x))))
            continue
        raise FormatError(f"must be an integer mode index or a list of children, not {describe(x)}", where(chain))

    structure = _map_nested(obj, lambda x: x, tuple)
    if not isinstance(structure, tuple):
        raise FormatError(f"must be a list of children (the root), not {describe(obj)}", field_path)
    try:
        return PoolingTree.from_nested(structure, N=N, name="tree")
    except (TypeError, ValueError) as exc:
        raise FormatError(f"not a valid pooling tree over modes 0..{N - 1}: {exc}", field_path) from None


# ============================================================================================ witness
def bentkamp_witness(tree_or_N: Any, M: int, widths: Any, Y: int = 1, *,
                     representation: Representation | None = None) -> DeepConvAC:
    r"""The witness weights of Bentkamp's formalization of Theorem 1, shared.

    * leaf conv (r_0 x M): row gamma is the unit vector e_gamma if gamma < M, else 0 ("eye");
    * the conv right above the first pooling (level 1, or the output when height == 1): all ones;
    * every conv above (including the output): "copy-first", every output channel copies input channel 0.

    For a binary tree the coefficient tensor is ``A*[d] = prod_k [d_{2k} = d_{2k+1} <= r_0 - 1]``
    (0-based modes and indices), so ``rank [A*]_{odd-even} = min(r_0, M)^{N/2}``.

    Parameters
    ----------
    tree_or_N : PoolingTree, nested tuple, or int N (binary tree)
    M : int
    widths : int or sequence (one per level)
    Y : int

    Examples
    --------
    >>> A = bentkamp_witness(4, 3, (2, 1)).coefficient_tensor(output=0)
    >>> sum(A[d] for d in np.ndindex(3, 3, 3, 3))  # 2 * 2 ones
    Fraction(4, 1)
    """
    tree = _as_tree(tree_or_N)
    M = check_int_arg(M, "M", 1)
    Y = check_int_arg(Y, "Y", 1)
    r = _check_widths(widths, tree.height, "one width per level 0..height-1")
    rep = Representation.identity(M) if representation is None else _check_representation(representation, M)
    eye = np.zeros((r[0], M), dtype=np.int64)
    for g in range(min(r[0], M)):
        eye[g, g] = 1

    def copy_first(rows: int, cols: int) -> QArray:
        m = np.zeros((rows, cols), dtype=np.int64)
        m[:, 0] = 1
        return QArray.from_integers(m)

    H = tree.height
    nodes = []
    for l in range(1, H):
        if l == 1:
            nodes.append(QArray.from_integers(np.ones((r[1], r[0]), dtype=np.int64)))
        else:
            nodes.append(copy_first(r[l], r[l - 1]))
    if H == 1:
        out = QArray.from_integers(np.ones((Y, r[0]), dtype=np.int64))
    else:
        out = copy_first(Y, r[H - 1])
    return DeepConvAC.from_weights(tree, rep, QArray.from_integers(eye), nodes, out, shared=True)
