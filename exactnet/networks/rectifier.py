r"""Convolutional rectifier networks: ReLU / linear activation with max, sum (average) or product pooling.

API (**modes, inputs, templates and channels are 0-based**)::

    # exactnet.tensors.generalized (layer 2)
    PoolingOperator(name, activation, pooling, fn=None)   # frozen; g(a, b) = P(sigma(a), sigma(b))
        __call__(a, b) -> Fraction; reduce(values); combine(arrays) -> QArray; check_on(values)
        .from_parts(activation, pooling); .custom(name, fn); .is_builtin; .is_product
    OPERATORS = {"product", "relu-max", "relu-sum", "linear-max", "linear-sum", "relu-product"}
    get_operator(name_or_operator); check_operator_on_values(g, arrays, max_values=10)
    generalized_outer(tensors, g) -> QArray
    gcp_to_tensor(cp, g, output=None) -> QArray     # factors are (F a): conv outputs at the templates
    ght_to_tensor(ht, g, output=None) -> QArray     # any PoolingTree

    # exactnet.networks.rectifier (layer 3)
    ShallowRectifierNet(representation, weights, output_weights, operator, shared=False, num_inputs=None)
    DeepRectifierNet(tree, representation, leaf_weights, node_weights, output_weights, operator, shared=False)
        .N .M .T .Y .widths (.Z shallow) .num_parameters .operator .shared
        .grid_tensor(method="decomposition"|"evaluation", output=None) -> QArray (Y, T..T) or (T..T)
        .evaluate(patches) / .evaluate_templates(indices) -> tuple of Y Fractions
        .score_function(symbols=None) -> list of SymPy expressions (Max for ReLU / max pooling)
        .decomposition() -> CP/HT with F applied (gcp_to_tensor(net.decomposition(), net.operator) = grid)
        .coefficient_decomposition() -> CP/HT of the weights (no F)
        .to_dict() / .from_dict(obj)  kinds "shallow-rectifier" / "deep-rectifier", field "operator"
        .random(...), .from_weights(...), .from_convac(net, operator), .as_convac()
    relu_templates(templates, epsilon=None, direction=None) -> (Representation, F, det F)
    require_invertible(F, name="F") -> det F (DomainError if singular)
    explicit_form(net, output=0) -> dict     # the network as the certificate kernel reads it
    tensor_object(T) -> dict; proposition_certificate(quantity, obj, relation, value, evidence) -> dict (v2)
    grid_tensor_certificate(net, output=0) -> dict        # realizes(network, its grid tensor)
    realization_certificate(net, target, output=0, claim=None) -> dict   # realizes(network, target)

A rectifier network is a ConvAC (:mod:`exactnet.networks.convac`) whose product pooling is replaced by
an activation-pooling operator ``g(a, b) = P(sigma(a), sigma(b))``: every conv output
(pre-activation) goes through ``sigma`` and is pooled by ``P`` over the children of a pooling-tree
node (shallow: over all N inputs); the output layer is linear.  Weight conventions are those of the
ConvACs (design.md): matrices are (out, in), ``node_weights`` in ``tree.internal_nodes()`` order,
shared = one leaf matrix and one matrix per level.

Two independent routes give the grid tensor:

``"decomposition"``
    the generalized CP / HT decomposition (:func:`~exactnet.tensors.generalized.gcp_to_tensor`,
    :func:`~exactnet.tensors.generalized.ght_to_tensor`) of the conv outputs ``F a`` (tensor algebra,
    channel-major blocks);
``"evaluation"``
    the forward pass run on **all** template tuples at once (rows = tuples), with the network's own
    activation and pooling code (vectorised exact integer arrays over a common denominator).

Examples
--------
>>> net = DeepRectifierNet.random(PoolingTree.binary(4), 2, (2, 2), operator="relu-max", seed=1)
>>> net.grid_tensor(method="evaluation") == net.grid_tensor(method="decomposition")
True
>>> rep, F, d = relu_templates([0, 1, 2], epsilon="1/2")
>>> F.tolist_str(), d
([['1/2', '0', '0'], ['3/2', '1/2', '0'], ['5/2', '3/2', '1/2']], Fraction(1, 8))
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from functools import partial
from typing import Any, Sequence

import numpy as np

from ..core.linalg import det as _det
from ..core.qarray import INT64_SAFE, QArray, as_object, max_abs
from ..core.rational import as_rational
from ..errors import DomainError, FormatError, InvalidArgumentError, ShapeError
from ..tensors import PoolingTree, apply_representation
from ..tensors.generalized import (
    PoolingOperator,
    check_operator_on_values,
    gcp_to_tensor,
    get_operator,
    ght_to_tensor,
)
from ._common import NetworkFacts, as_matrix, describe, is_matrix_like, join
from .convac import (DeepConvAC, ShallowConvAC, _as_tree, _check_method, _check_output, _patch_values, _pool,
                     _template_values)
from .representation import Representation, _relu_templates_representation

__all__ = [
    "ShallowRectifierNet",
    "DeepRectifierNet",
    "relu_templates",
    "require_invertible",
    "RECTIFIER_KINDS",
    "grid_tensor_certificate",
    "realization_certificate",
    "explicit_form",
    "from_explicit_form",
    "tensor_object",
    "proposition_certificate",
]

#: The network kinds of this module in ``"exactnet.network"`` JSON.
RECTIFIER_KINDS = ("shallow-rectifier", "deep-rectifier")


# ============================================================================================ templates
def require_invertible(F: Any, name: str = "F") -> Fraction:
    """``det F`` (exact, FLINT) for a square representation matrix; :class:`DomainError` if it is singular.

    >>> require_invertible([[1, 0], [1, 1]])
    Fraction(1, 1)
    >>> require_invertible([[1, 2], [2, 4]])
    Traceback (most recent call last):
      ...
    exactnet.errors.DomainError: Argument 'F' must be an invertible representation matrix, but det F = 0 (shape (2, 2)); use distinct templates, e.g. relu_templates(templates)
    """
    Fq = as_matrix(F, name)
    if Fq.shape[0] != Fq.shape[1]:
        raise ShapeError(
            f"Argument '{name}' must be a square (T x M, T = M) representation matrix to be invertible, not of "
            f"shape {Fq.shape}"
        )
    d = _det(Fq, name=name)
    if d == 0:
        raise DomainError(
            f"Argument '{name}' must be an invertible representation matrix, but det {name} = 0 (shape "
            f"{Fq.shape}); use distinct templates, e.g. relu_templates(templates)"
        )
    return d


def relu_templates(templates: Sequence[Any], *, epsilon: Any = None,
                   direction: Any = None) -> tuple[Representation, QArray, Fraction]:
    r"""ReLU representation functions with an invertible F from any distinct rational templates.

    Picks ``w`` with distinct projections ``t_i = w . x_i`` (or uses ``direction``), sorts the templates
    by ``t_i`` and sets ``f_d(x) = max(w . x - t_d + epsilon, 0)`` with ``0 < epsilon < min gap`` (default
    half the minimum gap).  ``F[i, d] = max(t_i - t_d + epsilon, 0)`` is lower triangular with ``epsilon``
    on the diagonal.  ``det F`` is recomputed exactly from F (FLINT) and compared with ``epsilon^M``.

    Returns
    -------
    (Representation, QArray, Fraction)
        The representation (its templates are the given ones **sorted by w . x**), F (M x M) and det F.

    Raises
    ------
    DomainError
        Repeated templates (F would be singular) or a direction with equal projections.
    InvalidArgumentError
        ``epsilon`` outside ``(0, min gap)``.

    Examples
    --------
    >>> rep, F, d = relu_templates([[0, 0], [1, 0], [0, 1]])
    >>> F.shape, d == Fraction(1, 2) ** 3
    ((3, 3), True)
    >>> relu_templates([1, 2, 1])
    Traceback (most recent call last):
      ...
    exactnet.errors.DomainError: Argument 'templates' must hold distinct templates, but templates[0] and templates[2] are equal: 1; remove the duplicate (equal templates give equal rows of F, so F is singular)
    """
    if epsilon is not None:
        as_rational(epsilon, "epsilon")  # name this function's argument in errors (floats refused)
    try:
        rep, det_claim = _relu_templates_representation(templates, eps=epsilon, direction=direction)
    except InvalidArgumentError as exc:  # the representation layer calls it 'eps'
        if not str(exc).startswith("Argument 'eps'"):
            raise
        raise InvalidArgumentError(str(exc).replace("'eps'", "'epsilon'", 1).replace("< eps <", "< epsilon <", 1)) from None
    F = rep.matrix
    d = require_invertible(F, "F")
    if d != det_claim:  # pragma: no cover - would be a bug in the construction
        raise DomainError(f"internal: det F = {d} but the construction predicts {det_claim}")
    return rep, F, d


# ============================================================================================ helpers
def _check_rep(rep: Any) -> Representation:
    if not isinstance(rep, Representation):
        raise InvalidArgumentError(
            f"Argument 'representation' must be an exactnet.networks.Representation, not {describe(rep)}; "
            "e.g. Representation.identity(M) or relu_templates(templates)[0]"
        )
    return rep


def _check_shared(shared: Any) -> bool:
    if not isinstance(shared, bool):
        raise InvalidArgumentError(f"Argument 'shared' must be a bool, not {describe(shared)}")
    return shared


def _lcm(values: Sequence[int]) -> int:
    out = 1
    for v in values:
        out = out * v // math.gcd(out, v)
    return out


def _rows_pool(kids: list[tuple[np.ndarray, int]], op: PoolingOperator) -> tuple[np.ndarray, int]:
    """The forward pass's pooling on all tuples: ``kids[j]`` is (rows_j, r) conv outputs (pre-activation).

    Returns (rows_0 * rows_1 * ..., r): row = tuple of the children's rows (first child slowest), entry =
    ``P(sigma(c_0), sigma(c_1), ...)``.  Exact: int64 only under a proved magnitude bound.
    """
    r = kids[0][0].shape[1]
    if not op.is_builtin:
        check_operator_on_values(op, [QArray(n, d) for n, d in kids])
        f = np.frompyfunc(op._scalar, 2, 1)
        arrs = []
        for n, d in kids:
            a = np.empty(n.shape, dtype=object)
            a.flat[:] = [Fraction(int(v), d) for v in n.flat]
            arrs.append(a)
        acc = arrs[0]
        for a in arrs[1:]:
            acc = f(acc[:, None, :], a[None, :, :]).reshape(-1, r)
        q = QArray.from_fractions(np.asarray(acc, dtype=object))
        return q.num.reshape(-1, r), q.den
    acts = [(np.maximum(n, 0) if op.activation == "relu" else n, d) for n, d in kids]
    if op.pooling == "product":
        return _pool(acts)
    L = _lcm([d for _, d in acts])
    scaled = []
    bound = 0
    for n, d in acts:
        if n.dtype != object:
            bound = max(bound, max_abs(n) * (L // d))
        scaled.append((n, L // d))
    growth = len(acts) if op.pooling == "sum" else 1
    use_object = any(n.dtype == object for n, _ in scaled) or bound * growth >= INT64_SAFE
    nums = [(as_object(n) if use_object else n) * f if f != 1 else (as_object(n) if use_object else n)
            for n, f in scaled]
    acc = nums[0]
    for n in nums[1:]:
        if op.pooling == "sum":
            acc = (acc[:, None, :] + n[None, :, :]).reshape(-1, r)
        else:
            acc = np.maximum(acc[:, None, :], n[None, :, :]).reshape(-1, r)
    return acc, L


def _pool_values(op: PoolingOperator, vecs: list[list[Fraction]]) -> list[Fraction]:
    """One forward-pass pooling on exact vectors (one per child): ``P(sigma(v_0[a]), sigma(v_1[a]), ...)``."""
    if not op.is_builtin:
        check_operator_on_values(op, [QArray.from_fractions(np.array(v, dtype=object)) for v in vecs])
        return [op.reduce(list(col)) for col in zip(*vecs)]
    out = []
    for col in zip(*vecs):
        xs = [max(x, Fraction(0)) for x in col] if op.activation == "relu" else list(col)
        if op.pooling == "product":
            v = Fraction(1)
            for x in xs:
                v *= x
        elif op.pooling == "sum":
            v = sum(xs, Fraction(0))
        else:
            v = max(xs)
        out.append(v)
    return out


def _max(*args: Any) -> Any:
    """SymPy ``Max``, left unevaluated when a symbol occurs (see :func:`_sym_pool`), evaluated on constants."""
    import sympy

    args = [sympy.sympify(a) for a in args]
    return sympy.Max(*args, evaluate=not any(a.free_symbols for a in args))


def _sym_pool(op: PoolingOperator, vecs: list[list]) -> list:
    import sympy

    if not op.is_builtin:
        raise DomainError(
            f"the custom operator '{op.name}' has no symbolic form; score_function needs a built-in operator "
            "(activation linear/relu, pooling product/max/sum)"
        )
    out = []
    for col in zip(*vecs):
        # evaluate=False: SymPy's Max simplification compares every pair of arguments, which explodes
        # for deep networks; the unevaluated Max is the same exact piecewise-linear function
        if op.activation == "relu" and op.pooling == "max":  # max(sigma(a), sigma(b)) = max(0, a, b)
            out.append(_max(sympy.Integer(0), *col))
            continue
        xs = [_max(sympy.Integer(0), x) for x in col] if op.activation == "relu" else list(col)
        if op.pooling == "product":
            out.append(sympy.Mul(*xs))
        elif op.pooling == "sum":
            out.append(sympy.Add(*xs))
        else:
            out.append(_max(*xs))
    return out


def _operator_to_json(op: PoolingOperator) -> str:
    if not op.is_builtin:
        raise DomainError(
            f"the custom operator '{op.name}' cannot be written to JSON (only the built-in operators "
            "product, relu-max, relu-sum, linear-max, linear-sum, relu-product have a JSON form)"
        )
    return op.name


def _operator_from_json(obj: dict, path: str) -> PoolingOperator:
    from ..tensors.generalized import OPERATORS

    if "operator" not in obj:
        raise FormatError("missing required key 'operator'", path or "<root>")
    name = obj["operator"]
    if not isinstance(name, str) or name not in OPERATORS:
        raise FormatError(f"must be one of {list(OPERATORS)}, not {describe(name)}", join(path, "operator"))
    return OPERATORS[name]


def _convac_dict(obj: Any, path: str, kind: str, convac_kind: str) -> dict:
    if not isinstance(obj, dict):
        raise FormatError(f"must be a JSON object, not {describe(obj)}", path or "<root>")
    if obj.get("kind") != kind:
        raise FormatError(f"must be \"{kind}\", not {describe(obj.get('kind'))}", join(path, "kind"))
    d = {k: v for k, v in obj.items() if k != "operator"}
    d["kind"] = convac_kind
    return d


# ============================================================================================ shared
class _RectifierNet(NetworkFacts):
    """What shallow and deep rectifier networks share: they delegate to their ConvAC (``_convac``, the same
    weights with product pooling) and pool with ``operator``; ``_KIND`` is the JSON kind."""

    _KIND = ""

    def as_convac(self) -> Any:
        """The ConvAC with the same weights (product pooling)."""
        return self._convac

    # ---------------------------------------------------------------- facts
    @property
    def N(self) -> int:
        return self._convac.N

    @property
    def T(self) -> int:
        """Number of templates (mode size of the grid tensor)."""
        return self.representation.num_templates

    @property
    def widths(self) -> tuple[int, ...]:
        """``(Z,)`` (shallow), ``(r_0, ..., r_{height-1})`` (deep: a node at level l outputs r_l channels)."""
        return self._convac.widths

    @property
    def num_parameters(self) -> int:
        """Free weights (as the ConvAC's ``num_weights``): shallow shared ``M Z + Y Z``, unshared ``N M Z + Y Z``."""
        return self._convac.num_weights

    # ---------------------------------------------------------------- tensors
    def coefficient_decomposition(self) -> Any:
        """The CP (shallow) or HT (deep) decomposition of the weights (no F): the ConvAC's decomposition."""
        return self._convac.decomposition()

    def decomposition(self) -> Any:
        """The generalized CP / HT decomposition of the grid tensor: factors ``weights[i] @ F.T`` (Z, T) for a
        shallow network, leaf factors ``leaf_weights[i] @ F.T`` (r, T) for a deep one.

        >>> net = ShallowRectifierNet.random(3, 2, 2, "relu-max")
        >>> from exactnet.tensors.generalized import gcp_to_tensor
        >>> gcp_to_tensor(net.decomposition(), net.operator) == net.grid_tensor()
        True
        >>> net = DeepRectifierNet.random(PoolingTree.binary(4), 2, (2, 2), "relu-sum")
        >>> from exactnet.tensors.generalized import ght_to_tensor
        >>> ght_to_tensor(net.decomposition(), net.operator) == net.grid_tensor()
        True
        """
        return apply_representation(self._convac.decomposition(), self.representation.matrix)

    # ---------------------------------------------------------------- evaluation
    def _forward(self, feats: list[Sequence[Fraction]]) -> tuple[Fraction, ...]:
        return self._convac._forward(feats, pool=partial(_pool_values, self.operator))

    def evaluate(self, patches: Sequence[Any]) -> tuple[Fraction, ...]:
        """Exact forward pass at N exact patches (representation functions, conv, activation, pooling, output;
        ``patches[i]`` for input i, scalars when patch_dim == 1).

        >>> net = ShallowRectifierNet.from_weights(2, Representation.monomials([0], 2), [[1, -1]], [[1]], "relu-sum", shared=True)
        >>> net.evaluate([0, 3])   # max(1 - 0, 0) + max(1 - 3, 0)
        (Fraction(1, 1),)
        >>> e = [[1, 0], [0, 1]]
        >>> DeepRectifierNet(2, Representation.identity(2), [e, e], [], [[1, -1]], "relu-max").evaluate([[3, 1], [-1, 2]])
        (Fraction(1, 1),)
        """
        return self._forward(_patch_values(self.representation, patches, self.N))

    def evaluate_templates(self, indices: Sequence[int]) -> tuple[Fraction, ...]:
        """Forward pass at template indices (0-based, one per input): a fibre of the grid tensor.

        >>> net = ShallowRectifierNet.random(2, 2, 2, "relu-max", seed=3)
        >>> net.evaluate_templates([1, 0]) == (net.grid_tensor()[0, 1, 0],)
        True
        >>> net = DeepRectifierNet.random(PoolingTree.binary(4), 2, (2, 1), "relu-sum", seed=2)
        >>> net.evaluate_templates([1, 0, 0, 1]) == (net.grid_tensor()[0, 1, 0, 0, 1],)
        True
        """
        return self._forward(_template_values(self.representation, indices, self.N))

    def score_function(self, symbols: Any = None) -> list:
        """The Y score functions as exact SymPy expressions (``Max`` for ReLU and max pooling).

        >>> net = ShallowRectifierNet.from_weights(2, Representation.monomials([0], 2), [[1, -1]], [[1]], "relu-max", shared=True)
        >>> net.score_function()
        [Max(0, 1 - x_0, 1 - x_1)]
        >>> e = [[1, 0], [0, 1]]
        >>> DeepRectifierNet(2, Representation.identity(2), [e, e], [], [[1, -1]], "relu-max").score_function()
        [Max(0, x_0_0, x_1_0) - Max(0, x_0_1, x_1_1)]
        """
        return self._convac._score(symbols, partial(_sym_pool, self.operator))

    # ---------------------------------------------------------------- JSON
    def to_dict(self) -> dict:
        """JSON form: the ConvAC's fields with ``"kind": "shallow-rectifier"`` / ``"deep-rectifier"`` and
        ``"operator"``.

        >>> ShallowRectifierNet.random(2, 2, 1, "relu-sum").to_dict()["operator"]
        'relu-sum'
        >>> d = DeepRectifierNet.random(4, 2, (2, 1), "relu-max", shared=True).to_dict()
        >>> d["kind"], d["operator"], len(d["leaf_weights"])
        ('deep-rectifier', 'relu-max', 1)
        """
        d = self._convac.to_dict()
        d["kind"] = self._KIND
        d["operator"] = _operator_to_json(self.operator)
        return d


# ============================================================================================ shallow
@dataclass(frozen=True)
class ShallowRectifierNet(_RectifierNet):
    """A shallow rectifier network: Z hidden channels, activation + global pooling over the N inputs.

    ``h_y(x) = sum_z output_weights[y, z] * P_i sigma((weights[i] @ f(x_i))[z])``; its grid tensor is the
    generalized CP decomposition ``sum_z a^y_z (F a^{z,0}) ⊗_g ... ⊗_g (F a^{z,N-1})``.

    Parameters
    ----------
    representation : Representation
    weights : N matrices (Z x M), or one matrix (or a list of one) when ``shared``
    output_weights : matrix (Y x Z)
    operator : PoolingOperator or built-in name (``"relu-max"``, ``"relu-sum"``, ``"product"``, ...)
    shared : bool
    num_inputs : int, optional
        N; needed only when ``shared`` and one matrix is given.  N >= 2.

    Examples
    --------
    >>> net = ShallowRectifierNet(Representation.identity(2), [[[1, -1]], [[2, 1]]], [[1]], "relu-max")
    >>> net.evaluate([[1, 0], [0, 1]])          # max(1, 1, 0)
    (Fraction(1, 1),)
    >>> net.grid_tensor(output=0).tolist_str()
    [['2', '1'], ['2', '1']]
    """

    representation: Representation
    weights: Any
    output_weights: Any
    operator: Any
    shared: bool = False
    num_inputs: int | None = None
    _convac: Any = field(default=None, init=False, repr=False, compare=False)
    _KIND = "shallow-rectifier"

    def __post_init__(self) -> None:
        rep = _check_rep(self.representation)
        op = get_operator(self.operator, "operator")
        shared = _check_shared(self.shared)
        W = self.weights
        if isinstance(W, (str, bytes)) or W is None:
            raise InvalidArgumentError(f"Argument 'weights' must be a list of (Z x M) matrices, not {describe(W)}")
        if shared and (is_matrix_like(W) or (isinstance(W, (list, tuple)) and len(W) == 1)):
            if self.num_inputs is None:
                raise InvalidArgumentError(
                    "Argument 'num_inputs' must be given (an int N >= 2) when shared=True and one weight matrix "
                    "is given"
                )
            N = self.num_inputs
            one = W
        else:
            if is_matrix_like(W) or not isinstance(W, (list, tuple)):
                raise InvalidArgumentError(
                    f"Argument 'weights' must be a list of N (Z x M) matrices (or one matrix with shared=True and "
                    f"num_inputs), not {describe(W)}"
                )
            N = len(W)
            if self.num_inputs is not None and self.num_inputs != N:
                raise ShapeError(f"Argument 'weights' must hold num_inputs = {self.num_inputs} matrices, not {N}")
            one = None
        if isinstance(N, bool) or not isinstance(N, (int, np.integer)) or N < 2:
            raise InvalidArgumentError(
                f"Argument 'num_inputs' must be an int N >= 2 (a rectifier network pools at least two inputs), "
                f"not {describe(N)}"
            )
        N = int(N)
        if shared and one is None:
            mats = [as_matrix(m, f"weights[{k}]") for k, m in enumerate(W)]
            if any(m != mats[0] for m in mats):
                raise InvalidArgumentError("Argument 'weights' must hold N equal matrices when shared=True")
            one = mats[0]
        net = ShallowConvAC.from_weights(N, rep, one if shared else W, self.output_weights, shared=shared)
        object.__setattr__(self, "weights", net.weights)
        object.__setattr__(self, "output_weights", net.output_weights)
        object.__setattr__(self, "operator", op)
        object.__setattr__(self, "num_inputs", N)
        object.__setattr__(self, "_convac", net)

    # ---------------------------------------------------------------- constructors
    @classmethod
    def from_weights(cls, N: int, representation: Representation, weights: Any, output_weights: Any,
                     operator: Any = "relu-max", shared: bool = False) -> "ShallowRectifierNet":
        """Like :meth:`ShallowConvAC.from_weights` plus the operator.

        >>> ShallowRectifierNet.from_weights(3, Representation.identity(2), [[1, 0]], [[1]], "relu-sum", shared=True).N
        3
        """
        if shared and (is_matrix_like(weights) or (isinstance(weights, (list, tuple)) and len(weights) == 1)):
            return cls(representation, weights, output_weights, operator, shared=True, num_inputs=N)
        return cls(representation, weights, output_weights, operator, shared=shared, num_inputs=N)

    @classmethod
    def from_convac(cls, net: ShallowConvAC, operator: Any) -> "ShallowRectifierNet":
        """The same weights with the product pooling replaced by ``operator``.

        >>> c = ShallowConvAC.random(3, 2, 2)
        >>> ShallowRectifierNet.from_convac(c, "product").grid_tensor() == c.grid_tensor()
        True
        """
        if not isinstance(net, ShallowConvAC):
            raise InvalidArgumentError(f"Argument 'net' must be a ShallowConvAC, not {describe(net)}")
        return cls(net.representation, list(net.weights), net.output_weights, operator, shared=net.shared)

    @classmethod
    def random(cls, N: int, M: int, Z: int, operator: Any = "relu-max", Y: int = 1, shared: bool = False,
               seed: int = 0, low: int = -3, high: int = 3,
               representation: Representation | None = None) -> "ShallowRectifierNet":
        """Random integer weights in [low, high] (as :meth:`ShallowConvAC.random`).

        >>> ShallowRectifierNet.random(3, 2, 4, "relu-sum").widths
        (4,)
        """
        return cls.from_convac(ShallowConvAC.random(N, M, Z, Y=Y, shared=shared, seed=seed, low=low, high=high,
                                                    representation=representation), operator)

    # ---------------------------------------------------------------- facts
    @property
    def Z(self) -> int:
        return self.weights[0].shape[0]

    # ---------------------------------------------------------------- tensors
    def coefficient_tensor(self, output: int | None = None) -> QArray:
        """The generalized CP of the weights (no F): the grid tensor for the identity representation F = I.

        Shape (Y, M, ..., M), or (M, ..., M) for one ``output`` (0-based).  For ``product`` it is the
        ConvAC's coefficient tensor; for any other g it is **not** multilinear in F (apply F first).

        >>> net = ShallowRectifierNet.random(3, 2, 2, "product", Y=2)
        >>> net.coefficient_tensor() == net.as_convac().coefficient_tensor()
        True
        """
        return gcp_to_tensor(self.coefficient_decomposition(), self.operator, output=_check_output(output, self.Y))

    def grid_tensor(self, method: str = "decomposition", output: int | None = None) -> QArray:
        """Grid tensor ``h_y(template_{d_0}, ..., template_{d_{N-1}})``: shape (Y, T..T), or (T..T) for ``output``.

        ``"decomposition"``: generalized CP; ``"evaluation"``: forward pass on all T^N tuples (the oracle).

        >>> net = ShallowRectifierNet.random(3, 2, 2, "relu-sum", Y=2)
        >>> net.grid_tensor(method="evaluation") == net.grid_tensor()
        True
        """
        method = _check_method(method)
        output = _check_output(output, self.Y)
        if method == "decomposition":
            return gcp_to_tensor(self.decomposition(), self.operator, output=output)
        return self._convac._grid_by_evaluation(output, pool=partial(_rows_pool, op=self.operator))

    # ---------------------------------------------------------------- JSON
    @classmethod
    def from_dict(cls, obj: Any, path: str = "") -> "ShallowRectifierNet":
        """Parse and validate (FormatError naming the JSON field).

        >>> d = ShallowRectifierNet.random(2, 2, 1).to_dict()
        >>> ShallowRectifierNet.from_dict(d) == ShallowRectifierNet.random(2, 2, 1)
        True
        >>> d["operator"] = "relu-avg"
        >>> ShallowRectifierNet.from_dict(d)
        Traceback (most recent call last):
          ...
        exactnet.errors.FormatError: operator: must be one of ['product', 'relu-max', 'relu-sum', 'linear-max', 'linear-sum', 'relu-product'], not 'relu-avg' (type=str)
        """
        d = _convac_dict(obj, path, "shallow-rectifier", "shallow-convac")
        op = _operator_from_json(obj, path)
        net = ShallowConvAC.from_dict(d, path)
        if net.N < 2:
            raise FormatError("must be an integer >= 2 (a rectifier network pools at least two inputs)",
                              join(path, "num_inputs"))
        return cls.from_convac(net, op)


# ============================================================================================ deep
def _expanded_form(tree: PoolingTree, leaf: Any, nodes: Any) -> bool:
    N = tree.num_modes
    return (isinstance(leaf, (list, tuple)) and not is_matrix_like(leaf) and len(leaf) == N and N > 1
            and isinstance(nodes, (list, tuple)) and len(nodes) == len(tree.internal_nodes()))


@dataclass(frozen=True)
class DeepRectifierNet(_RectifierNet):
    """A deep rectifier network on a pooling tree (windows of any size).

    Leaves: conv ``leaf_weights[i] @ f(x_i)``; an internal node pools ``P(sigma(c_0), sigma(c_1), ...)``
    over its children's conv outputs, then applies its conv (``node_weights``, in ``tree.internal_nodes()``
    order); the root applies ``output_weights`` (linear output).  Its grid tensor is the generalized HT
    decomposition of the conv outputs ``F a``.

    Parameters
    ----------
    tree : PoolingTree, nested tuple, or int N (binary tree)
    representation : Representation
    leaf_weights : N matrices (r x M), or one (or a list of one) when shared (the expanded form is accepted too)
    node_weights : one matrix per ``tree.internal_nodes()`` entry, or one per level 1..height-1 when shared
    output_weights : matrix (Y x r_top)
    operator : PoolingOperator or built-in name
    shared : bool

    Examples
    --------
    >>> e = [[1, 0], [0, 1]]
    >>> net = DeepRectifierNet(2, Representation.identity(2), [e, e], [], [[1, -1]], "relu-max")
    >>> net.grid_tensor(output=0).tolist_str()    # max(d0 = 0 or d1 = 0) - max(d0 = 1 or d1 = 1)
    [['1', '0'], ['0', '-1']]
    """

    tree: Any
    representation: Representation
    leaf_weights: Any
    node_weights: Any
    output_weights: Any
    operator: Any
    shared: bool = False
    _convac: Any = field(default=None, init=False, repr=False, compare=False)
    _KIND = "deep-rectifier"

    def __post_init__(self) -> None:
        tree = _as_tree(self.tree)
        rep = _check_rep(self.representation)
        op = get_operator(self.operator, "operator")
        shared = _check_shared(self.shared)
        if shared and _expanded_form(tree, self.leaf_weights, self.node_weights):
            leaves = tuple(as_matrix(m, f"leaf_weights[{k}]") for k, m in enumerate(self.leaf_weights))
            nodes = tuple(as_matrix(m, f"node_weights[{k}]") for k, m in enumerate(self.node_weights))
            net = DeepConvAC(tree, rep, leaves, nodes, as_matrix(self.output_weights, "output_weights"), True)
        else:
            net = DeepConvAC.from_weights(tree, rep, self.leaf_weights, self.node_weights, self.output_weights,
                                          shared=shared)
        for name, value in (("tree", net.tree), ("leaf_weights", net.leaf_weights),
                            ("node_weights", net.node_weights), ("output_weights", net.output_weights),
                            ("operator", op), ("_convac", net)):
            object.__setattr__(self, name, value)

    # ---------------------------------------------------------------- constructors
    @classmethod
    def from_weights(cls, tree: Any, representation: Representation, leaf_weights: Any, node_weights: Any,
                     output_weights: Any, operator: Any = "relu-max", shared: bool = False) -> "DeepRectifierNet":
        """Validate every shape (naming the offending argument) and build (as :meth:`DeepConvAC.from_weights`).

        >>> DeepRectifierNet.from_weights(4, Representation.identity(2), [[1, 0]], [[[1, 2]]], [[1]], shared=True)
        Traceback (most recent call last):
          ...
        exactnet.errors.ShapeError: Argument 'node_weights[0]' must have shape (1, 1), not (1, 2) (the level-1 matrix maps r_0 = 1 channels to r_1 = 1)
        """
        return cls(tree, representation, leaf_weights, node_weights, output_weights, operator, shared=shared)

    @classmethod
    def from_convac(cls, net: DeepConvAC, operator: Any) -> "DeepRectifierNet":
        """The same weights with the product pooling replaced by ``operator``.

        >>> c = DeepConvAC.random(PoolingTree.binary(4), 2, (2, 1))
        >>> DeepRectifierNet.from_convac(c, "product").grid_tensor() == c.grid_tensor()
        True
        """
        if not isinstance(net, DeepConvAC):
            raise InvalidArgumentError(f"Argument 'net' must be a DeepConvAC, not {describe(net)}")
        return cls(net.tree, net.representation, net.leaf_weights, net.node_weights, net.output_weights, operator,
                   shared=net.shared)

    @classmethod
    def random(cls, tree: Any, M: int, widths: Any, operator: Any = "relu-max", Y: int = 1, shared: bool = False,
               seed: int = 0, low: int = -3, high: int = 3,
               representation: Representation | None = None) -> "DeepRectifierNet":
        """Random integer weights in [low, high] (as :meth:`DeepConvAC.random`).

        >>> DeepRectifierNet.random(PoolingTree.from_windows(8, [2, 4]), 2, (2, 3), "relu-sum").widths
        (2, 3)
        """
        return cls.from_convac(DeepConvAC.random(tree, M, widths, Y=Y, shared=shared, seed=seed, low=low, high=high,
                                                 representation=representation), operator)

    @classmethod
    def from_windows(cls, N: int, M: int, widths: Any, window: Any = 2, operator: Any = "relu-max", Y: int = 1,
                     shared: bool = False, seed: int = 0, low: int = -3, high: int = 3,
                     representation: Representation | None = None) -> "DeepRectifierNet":
        """:meth:`random` on ``PoolingTree.from_windows(N, window)``.

        >>> DeepRectifierNet.from_windows(9, 2, 2, window=3).tree.height
        2
        """
        return cls.random(PoolingTree.from_windows(N, window), M, widths, operator, Y=Y, shared=shared, seed=seed,
                          low=low, high=high, representation=representation)

    # ---------------------------------------------------------------- facts
    @property
    def num_inputs(self) -> int:
        return len(self.leaf_weights)

    # ---------------------------------------------------------------- tensors
    def coefficient_tensor(self, output: int | None = None) -> QArray:
        """The generalized HT of the weights (no F): the grid tensor for the identity representation F = I.

        Shape (Y, M, ..., M), or (M, ..., M) for one ``output`` (0-based).  For ``product`` it is the
        ConvAC's coefficient tensor; for any other g it is **not** multilinear in F (apply F first).

        >>> net = DeepRectifierNet.random(PoolingTree.binary(4), 2, (2, 2), "relu-max", Y=2)
        >>> ident = DeepRectifierNet(net.tree, Representation.identity(2), net.leaf_weights, net.node_weights,
        ...                          net.output_weights, net.operator)
        >>> net.coefficient_tensor(output=1) == ident.grid_tensor(output=1)
        True
        """
        return ght_to_tensor(self.coefficient_decomposition(), self.operator, output=_check_output(output, self.Y))

    def grid_tensor(self, method: str = "decomposition", output: int | None = None) -> QArray:
        """Grid tensor ``h_y(template_{d_0}, ..., template_{d_{N-1}})``: shape (Y, T..T), or (T..T) for ``output``.

        ``"decomposition"``: generalized HT; ``"evaluation"``: forward pass on all T^N tuples (the oracle).

        >>> rep = Representation.monomials([0, 1, 2], 2)
        >>> net = DeepRectifierNet.random(PoolingTree.from_nested([[2, 0], 1]), 2, (2, 2), "relu-max", Y=2, representation=rep)
        >>> G = net.grid_tensor(method="evaluation")
        >>> G.shape, G == net.grid_tensor(method="decomposition")
        ((2, 3, 3, 3), True)
        """
        method = _check_method(method)
        output = _check_output(output, self.Y)
        if method == "decomposition":
            return ght_to_tensor(self.decomposition(), self.operator, output=output)
        return self._convac._grid_by_evaluation(output, pool=partial(_rows_pool, op=self.operator), reduce=True)

    # ---------------------------------------------------------------- JSON
    @classmethod
    def from_dict(cls, obj: Any, path: str = "") -> "DeepRectifierNet":
        """Parse and validate (FormatError naming the JSON field).

        >>> net = DeepRectifierNet.random(4, 2, (2, 1), "relu-sum")
        >>> DeepRectifierNet.from_dict(net.to_dict()) == net
        True
        """
        d = _convac_dict(obj, path, "deep-rectifier", "deep-convac")
        op = _operator_from_json(obj, path)
        return cls.from_convac(DeepConvAC.from_dict(d, path), op)


# ============================================================================================ certificates
def _net_check(net: Any) -> Any:
    if not isinstance(net, (ShallowRectifierNet, DeepRectifierNet)):
        raise InvalidArgumentError(
            f"Argument 'net' must be a ShallowRectifierNet or DeepRectifierNet, not {describe(net)}")
    return net


def tensor_object(T: Any) -> dict:
    """A tensor as an object of a proposition: ``{"shape": [...], "entries": nested rational strings}``."""
    T = T if isinstance(T, QArray) else QArray.from_nested(T, "tensor")
    return {"shape": list(T.shape), "entries": T.tolist_str()}


def explicit_form(net: Any, output: int = 0) -> dict:
    """The network (one output) in the explicit form the certificate kernel reads: operator, num_inputs, tree
    (null when shallow), F, one leaf matrix per input, node matrices (``tree.internal_nodes()`` order) and one
    output row (``docs/formats/rectifier.md``).

    >>> explicit_form(ShallowRectifierNet.random(2, 2, 1, "relu-max", seed=0))["tree"] is None
    True
    """
    net = _net_check(net)
    out = _check_output(output, net.Y)
    ows = [net.output_weights.tolist_str()[out]]
    F = net.representation.matrix.tolist_str()
    if isinstance(net, ShallowRectifierNet):
        return {"operator": net.operator.name, "num_inputs": net.N, "tree": None, "F": F,
                "leaf_weights": [m.tolist_str() for m in net.weights], "node_weights": [], "output_weights": ows}
    return {"operator": net.operator.name, "num_inputs": net.N, "tree": net.tree.to_nested(), "F": F,
            "leaf_weights": [m.tolist_str() for m in net.leaf_weights],
            "node_weights": [m.tolist_str() for m in net.node_weights], "output_weights": ows}


def from_explicit_form(d: dict) -> Any:
    """The library's network (F as a matrix representation) of an explicit form: the inverse of
    :func:`explicit_form` up to the representation's type.

    >>> net = DeepRectifierNet.random(4, 2, (2, 1), "relu-sum", seed=1)
    >>> from_explicit_form(explicit_form(net)).grid_tensor(output=0) == net.grid_tensor(output=0)
    True
    """
    rep = Representation.from_matrix(d["F"])
    if d["tree"] is None:
        return ShallowRectifierNet(rep, d["leaf_weights"], d["output_weights"], d["operator"])
    return DeepRectifierNet(d["tree"], rep, d["leaf_weights"], d["node_weights"], d["output_weights"], d["operator"])


def proposition_certificate(quantity: str, obj: dict, relation: str, value: Any, evidence: dict) -> dict:
    """A version-2 certificate (plain JSON dict): the proposition ``quantity(obj) relation value`` over Q and its
    evidence (a method, or a rule with premise certificates)."""
    from .._version import __version__

    if "premises" in evidence:  # premise nodes carry no envelope fields
        nodes = [p.to_dict() if hasattr(p, "to_dict") else p for p in evidence["premises"]]
        evidence = dict(evidence, premises=[{"proposition": n["proposition"], "evidence": n["evidence"]} for n in nodes])
    prop = {"quantity": quantity, "object": obj, "relation": relation, "field": "Q"}
    if relation != "holds":
        prop["value"] = value
    return {"format": "exactnet.certificate", "schema_version": 2, "exactnet_version": __version__,
            "proposition": prop, "evidence": evidence}


def grid_tensor_certificate(net: Any, output: int = 0) -> dict:
    """A certificate (plain JSON dict) that the network's grid tensor (one output) is the stated tensor:
    ``realizes(network, tensor)``; the kernel re-evaluates the network through the circuit evaluator.

    >>> from exactnet.checker import check_certificate
    >>> cert = grid_tensor_certificate(ShallowRectifierNet.random(2, 2, 2, "relu-max"))
    >>> check_certificate(cert).verdict
    'valid'
    """
    net = _net_check(net)
    out = _check_output(output, net.Y)
    return proposition_certificate("realizes", {"network": explicit_form(net, out),
                                                "target": tensor_object(net.grid_tensor(output=out))},
                                   "holds", None, {"method": "evaluation"})


def realization_certificate(net: Any, target: Any, output: int = 0, claim: str | None = None) -> dict:
    """A certificate (plain JSON dict) that ``net`` realizes ``target`` exactly (one output): ``realizes``.

    Checks here first that the grid tensor equals the target (:class:`DomainError` otherwise, and
    :class:`ShapeError` for a target of the wrong shape); the kernel re-evaluates the network.  ``claim`` is
    accepted for compatibility and ignored: the kernel renders the claim from the proposition.

    >>> net = ShallowRectifierNet.random(2, 2, 2, "relu-sum")
    >>> cert = realization_certificate(net, net.grid_tensor(output=0))
    >>> cert["proposition"]["quantity"], len(cert["proposition"]["object"]["network"]["leaf_weights"])
    ('realizes', 2)
    >>> realization_certificate(net, [[1, 2, 3]])
    Traceback (most recent call last):
      ...
    exactnet.errors.ShapeError: Argument 'target' must have shape (2, 2) (the grid tensor: N = 2 inputs, T = 2 templates), not (1, 3)
    """
    net = _net_check(net)
    out = _check_output(output, net.Y)
    tgt = target if isinstance(target, QArray) else QArray.from_nested(target, "target")
    shape = (net.T,) * net.N
    if tgt.shape != shape:
        raise ShapeError(f"Argument 'target' must have shape {shape} (the grid tensor: N = {net.N} inputs, "
                         f"T = {net.T} templates), not {tgt.shape}")
    G = net.grid_tensor(method="evaluation", output=out)
    if G != tgt:
        bad = next(d for d in np.ndindex(*shape) if G[d] != tgt[d])
        raise DomainError(f"the network does not realize the target: at index {list(bad)} (0-based) its grid tensor "
                          f"has {G[bad]}, the target {tgt[bad]}")
    return proposition_certificate("realizes", {"network": explicit_form(net, out), "target": tensor_object(tgt)},
                                   "holds", None, {"method": "evaluation"})
