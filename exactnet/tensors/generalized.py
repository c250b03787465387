r"""Activation-pooling operators and generalized CP / HT decompositions.

**Modes are 0-based.**  Weight matrices are (out, in), ``node_weights`` follow ``tree.internal_nodes()``.

An *activation-pooling operator* ``g(a, b) = P(sigma(a), sigma(b))`` (activation ``sigma``, pooling ``P``
over a window of 2) replaces the product of a ConvAC.  The **generalized tensor product** is
``(A ⊗_g B)[d, e] = g(A[d], B[e])`` and, for a commutative and associative g,
``(v^0 ⊗_g ... ⊗_g v^{N-1})[d] = g(v^0[d_0], g(v^1[d_1], ...))``.

Built-in operators (:data:`OPERATORS`):

=================  ==========  =========  ============================
name               activation  pooling    g(a, b)
=================  ==========  =========  ============================
``product``        linear      product    ``a * b`` (ConvAC)
``relu-max``       relu        max        ``max(a, b, 0)``
``relu-sum``       relu        sum        ``max(a, 0) + max(b, 0)``
``linear-max``     linear      max        ``max(a, b)``
``linear-sum``     linear      sum        ``a + b``
``relu-product``   relu        product    ``max(a, 0) * max(b, 0)``
=================  ==========  =========  ============================

``relu-sum`` is ReLU with average pooling (the 1/2 absorbed in the weights).  User operators come from
:meth:`PoolingOperator.custom`; they are checked for commutativity and associativity on the values
they meet (:meth:`PoolingOperator.check_on`).

Generalized decompositions take **first-layer conv outputs** as factors, i.e. ``F a`` (the network
classes of :mod:`exactnet.networks.rectifier` apply the representation matrix F):

* :func:`gcp_to_tensor`: ``A^y = sum_z weights[y, z] * factors[0][z] ⊗_g ... ⊗_g factors[N-1][z]``;
* :func:`ght_to_tensor`: ``phi^{v,gamma} = sum_alpha W_v[gamma, alpha] ⊗_g (children c) phi^{c,alpha}``,
  the root using ``output_weights``; any :class:`~exactnet.tensors.trees.PoolingTree` (windows of any size).

With ``g = product`` they equal :func:`~exactnet.tensors.decompositions.cp_to_tensor` and
:func:`~exactnet.tensors.decompositions.ht_to_tensor` exactly.  Everything is exact: numerators are
int64 only when a magnitude bound proves it safe (Python ints otherwise), with one common denominator
per array (max, ReLU and sums commute with scaling by a positive common denominator).

Examples
--------
>>> g = get_operator("relu-max")
>>> g(-1, "1/2"), g(-3, -2)
(Fraction(1, 2), Fraction(0, 1))
>>> v = QArray.from_nested([1, -2])
>>> generalized_outer([v, v], g).tolist_str()
[['1', '1'], ['1', '0']]
>>> cp = CPDecomposition([[[1, -2]], [[1, -2]]], [[3]])
>>> gcp_to_tensor(cp, "relu-sum", output=0).tolist_str()
[['6', '3'], ['3', '0']]
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Callable, Sequence

import numpy as np

from ..core.qarray import INT64_SAFE, QArray, as_object, max_abs, reduce_common_factor
from ..core.rational import as_rational, to_str
from ..errors import InvalidArgumentError, ShapeError
from ._util import as_qarray, describe, dot_num, prod_int
from .decompositions import CPDecomposition, HTDecomposition, _leaf_order_to_modes, _output_rows
from .memory import check_dense_size

__all__ = [
    "PoolingOperator",
    "OPERATORS",
    "ACTIVATIONS",
    "POOLINGS",
    "get_operator",
    "generalized_outer",
    "gcp_to_tensor",
    "ght_to_tensor",
    "check_operator_on_values",
]

#: Activations of built-in operators.
ACTIVATIONS = ("linear", "relu")
#: Poolings of built-in operators.
POOLINGS = ("product", "max", "sum")

#: How many distinct values :func:`check_operator_on_values` keeps (triples: at most this cubed).
DEFAULT_CHECK_VALUES = 10


# ============================================================================ exact numerator arithmetic
def _objects_if(nums: list[np.ndarray], bound: int) -> list[np.ndarray]:
    """All as Python ints when any is already, or when ``bound`` (a proved magnitude bound) is unsafe."""
    if any(n.dtype == object for n in nums) or bound >= INT64_SAFE:
        return [as_object(n) for n in nums]
    return nums


def _align(a: tuple[np.ndarray, int], b: tuple[np.ndarray, int], extra: int = 1) -> tuple[np.ndarray, np.ndarray, int]:
    """Numerators of ``a`` and ``b`` over their least common denominator (``extra``: growth factor of the op)."""
    (x, dx), (y, dy) = a, b
    L = dx * dy // math.gcd(dx, dy)
    fx, fy = L // dx, L // dy
    bound = extra * max(max_abs(x) * fx if x.dtype != object else 0, max_abs(y) * fy if y.dtype != object else 0)
    x, y = _objects_if([x, y], bound)
    if fx != 1:
        x = x * fx
    if fy != 1:
        y = y * fy
    return x, y, L


def _activate(num: np.ndarray, activation: str) -> np.ndarray:
    """``sigma`` on numerators (the denominator is positive, so ReLU commutes with it)."""
    if activation == "relu":
        return np.maximum(num, 0)
    return num


def _pool2(a: tuple[np.ndarray, int], b: tuple[np.ndarray, int], pooling: str) -> tuple[np.ndarray, int]:
    """``P(a, b)`` elementwise (broadcasting) on (numerators, denominator) pairs, exact."""
    if pooling == "product":
        (x, dx), (y, dy) = a, b
        bound = 0 if x.dtype == object or y.dtype == object else max_abs(x) * max_abs(y)
        x, y = _objects_if([x, y], bound)
        num, den = x * y, dx * dy
        if num.dtype != object and den > 1:
            num, den = reduce_common_factor(num, den)
        return num, den
    x, y, L = _align(a, b, 2)
    if pooling == "sum":
        return x + y, L
    return np.maximum(x, y), L


def _fraction_array(num: np.ndarray, den: int) -> np.ndarray:
    out = np.empty(num.shape, dtype=object)
    out.flat[:] = [Fraction(int(v), den) for v in num.flat] if num.size else []
    return out


# ============================================================================ operators
@dataclass(frozen=True)
class PoolingOperator:
    """An activation-pooling operator ``g(a, b) = P(sigma(a), sigma(b))`` (immutable).

    Attributes
    ----------
    name : str
        ``"relu-max"`` etc. for built-ins (see :data:`OPERATORS`), any name for a custom operator.
    activation : {"linear", "relu"} or None
        None for a custom operator.
    pooling : {"product", "max", "sum"} or None
        None for a custom operator.
    fn : callable or None
        The function ``fn(a, b)`` of a custom operator (Fractions in, an exact rational out).

    Examples
    --------
    >>> g = PoolingOperator.from_parts("relu", "sum")
    >>> g.name, g(-5, 2), g.reduce([1, -1, 3])
    ('relu-sum', Fraction(2, 1), Fraction(4, 1))
    >>> PoolingOperator.from_parts("tanh", "max")
    Traceback (most recent call last):
      ...
    exactnet.errors.InvalidArgumentError: Argument 'activation' must be one of ('linear', 'relu'), not 'tanh' (type=str); use PoolingOperator.custom(name, fn) for other operators
    """

    name: str
    activation: str | None = None
    pooling: str | None = None
    fn: Callable | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name:
            raise InvalidArgumentError(f"Argument 'name' must be a non-empty string, not {describe(self.name)}")
        if self.fn is None:
            if self.activation not in ACTIVATIONS:
                raise InvalidArgumentError(
                    f"Argument 'activation' must be one of {ACTIVATIONS}, not {describe(self.activation)}; use "
                    "PoolingOperator.custom(name, fn) for other operators"
                )
            if self.pooling not in POOLINGS:
                raise InvalidArgumentError(
                    f"Argument 'pooling' must be one of {POOLINGS}, not {describe(self.pooling)}; use "
                    "PoolingOperator.custom(name, fn) for other operators"
                )
        else:
            if not callable(self.fn):
                raise InvalidArgumentError(f"Argument 'fn' must be callable fn(a, b), not {describe(self.fn)}")
            if self.activation is not None or self.pooling is not None:
                raise InvalidArgumentError(
                    "A custom operator (fn given) has activation=None and pooling=None, not "
                    f"{self.activation!r} / {self.pooling!r}"
                )

    # ---------------------------------------------------------------- constructors
    @classmethod
    def from_parts(cls, activation: str, pooling: str) -> "PoolingOperator":
        """The built-in operator with this activation and pooling (``("linear", "product")`` is ``product``).

        >>> PoolingOperator.from_parts("relu", "max") == OPERATORS["relu-max"]
        True
        """
        op = cls("tmp", activation, pooling)  # validates
        name = "product" if (op.activation, op.pooling) == ("linear", "product") else f"{activation}-{pooling}"
        return cls(name, activation, pooling)

    @classmethod
    def custom(cls, name: str, fn: Callable[[Fraction, Fraction], Any]) -> "PoolingOperator":
        """A user-defined operator ``g = fn``; it must be commutative and associative on the values it meets.

        ``fn`` receives two Fractions and must return an exact rational (floats are refused).

        >>> avg = PoolingOperator.custom("avg", lambda a, b: (a + b) / 2)
        >>> avg(1, 2)
        Fraction(3, 2)
        >>> avg.check_on([0, 1, 2])
        Traceback (most recent call last):
          ...
        exactnet.errors.InvalidArgumentError: Argument 'g' (operator 'avg') is not associative on the values it meets: for (a, b, c) = (0, 0, 1), g(g(a, b), c) = 1/2 but g(a, g(b, c)) = 1/4; a pooling operator must be commutative and associative
        """
        if not callable(fn):
            raise InvalidArgumentError(f"Argument 'fn' must be callable fn(a, b), not {describe(fn)}")
        return cls(name, None, None, fn)

    # ---------------------------------------------------------------- facts
    @property
    def is_builtin(self) -> bool:
        """True for the operators built from an activation and a pooling (known commutative and associative)."""
        return self.fn is None

    @property
    def is_product(self) -> bool:
        """True for the ConvAC operator ``g(a, b) = a * b``."""
        return self.activation == "linear" and self.pooling == "product"

    def __repr__(self) -> str:
        if self.is_builtin:
            return f"PoolingOperator({self.name!r}: activation={self.activation!r}, pooling={self.pooling!r})"
        return f"PoolingOperator({self.name!r}: custom)"

    # ---------------------------------------------------------------- scalar use
    def _scalar(self, a: Fraction, b: Fraction) -> Fraction:
        if self.fn is not None:
            return as_rational(self.fn(a, b), f"{self.name}({to_str(a)}, {to_str(b)})")
        if self.activation == "relu":
            a, b = max(a, Fraction(0)), max(b, Fraction(0))
        if self.pooling == "product":
            return a * b
        if self.pooling == "sum":
            return a + b
        return max(a, b)

    def __call__(self, a: Any, b: Any) -> Fraction:
        """``g(a, b)`` exactly (arguments coerced with ``as_rational``; floats refused).

        >>> OPERATORS["relu-product"](-2, 3), OPERATORS["linear-max"]("-1/2", -1)
        (Fraction(0, 1), Fraction(-1, 2))
        """
        return self._scalar(as_rational(a, "a"), as_rational(b, "b"))

    def reduce(self, values: Sequence[Any]) -> Fraction:
        """Left fold ``g(...g(g(v_0, v_1), v_2)..., v_{k-1})``; one value is returned as is.

        >>> OPERATORS["relu-max"].reduce([-3, -1]), OPERATORS["product"].reduce([2])
        (Fraction(0, 1), Fraction(2, 1))
        """
        if isinstance(values, (str, bytes)) or not hasattr(values, "__len__") or len(values) == 0:
            raise InvalidArgumentError(f"Argument 'values' must be a non-empty sequence of exact numbers, not {describe(values)}")
        acc = as_rational(values[0], "values[0]")
        for k, v in enumerate(values[1:], start=1):
            acc = self._scalar(acc, as_rational(v, f"values[{k}]"))
        return acc

    def combine(self, arrays: Sequence[Any]) -> QArray:
        """Elementwise fold ``g(x_0, g(x_1, ...))`` of broadcastable exact arrays (vectorised, exact).

        >>> a = QArray.from_nested([[1], [-2]]); b = QArray.from_nested([["1/2", -1]])
        >>> OPERATORS["relu-max"].combine([a, b]).tolist_str()
        [['1', '1'], ['1/2', '0']]
        """
        if isinstance(arrays, (str, bytes, QArray)) or not hasattr(arrays, "__len__") or len(arrays) == 0:
            raise InvalidArgumentError(f"Argument 'arrays' must be a non-empty sequence of exact arrays, not {describe(arrays)}")
        qs = [as_qarray(a, f"arrays[{k}]") for k, a in enumerate(arrays)]
        try:
            shape = np.broadcast_shapes(*(q.shape for q in qs))
        except ValueError:
            raise ShapeError(
                f"Argument 'arrays' must hold broadcastable arrays, not shapes {[q.shape for q in qs]}"
            ) from None
        check_dense_size(shape, what="result of PoolingOperator.combine")
        num, den = _combine_num(self, [(q.num, q.den) for q in qs])
        return QArray(np.broadcast_to(num, shape).copy(), den)

    # ---------------------------------------------------------------- checks
    def check_on(self, values: Sequence[Any]) -> None:
        """Check commutativity on all pairs and associativity on all triples of ``values``.

        Raises :class:`InvalidArgumentError` naming the counterexample (pair or triple).  Built-in
        operators pass (they are commutative and associative everywhere); the check still runs.

        >>> OPERATORS["relu-sum"].check_on([-1, 0, "1/2", 3])
        >>> PoolingOperator.custom("minus", lambda a, b: a - b).check_on([0, 1])
        Traceback (most recent call last):
          ...
        exactnet.errors.InvalidArgumentError: Argument 'g' (operator 'minus') is not commutative on the values it meets: for (a, b) = (0, 1), g(a, b) = -1 but g(b, a) = 1; a pooling operator must be commutative and associative
        """
        if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
            raise InvalidArgumentError(f"Argument 'values' must be a sequence of exact numbers, not {describe(values)}")
        vals: list[Fraction] = []
        seen: set = set()
        for k, v in enumerate(values):
            q = as_rational(v, f"values[{k}]")
            if q not in seen:
                seen.add(q)
                vals.append(q)
        cache: dict = {}

        def g(a: Fraction, b: Fraction) -> Fraction:
            key = (a, b)
            if key not in cache:
                cache[key] = self._scalar(a, b)
            return cache[key]

        tail = "; a pooling operator must be commutative and associative"
        for a, b in itertools.combinations(vals, 2):
            if g(a, b) != g(b, a):
                raise InvalidArgumentError(
                    f"Argument 'g' (operator '{self.name}') is not commutative on the values it meets: for "
                    f"(a, b) = ({to_str(a)}, {to_str(b)}), g(a, b) = {to_str(g(a, b))} but g(b, a) = "
                    f"{to_str(g(b, a))}{tail}"
                )
        for a, b, c in itertools.product(vals, repeat=3):
            left, right = g(g(a, b), c), g(a, g(b, c))
            if left != right:
                raise InvalidArgumentError(
                    f"Argument 'g' (operator '{self.name}') is not associative on the values it meets: for "
                    f"(a, b, c) = ({to_str(a)}, {to_str(b)}, {to_str(c)}), g(g(a, b), c) = {to_str(left)} but "
                    f"g(a, g(b, c)) = {to_str(right)}{tail}"
                )


def _combine_num(op: PoolingOperator, parts: list[tuple[np.ndarray, int]]) -> tuple[np.ndarray, int]:
    """Fold g over (numerators, denominator) pairs, broadcasting; returns (numerators, denominator)."""
    if len(parts) == 1:
        return parts[0]
    if op.fn is not None:
        f = np.frompyfunc(op._scalar, 2, 1)
        fr = [_fraction_array(n, d) for n, d in parts]
        acc = fr[-1]
        for x in reversed(fr[:-1]):  # g(x_0, g(x_1, ... g(x_{k-2}, x_{k-1})))
            acc = f(x, acc)
        q = QArray.from_fractions(np.asarray(acc, dtype=object))
        return q.num, q.den
    acc = (_activate(parts[0][0], op.activation), parts[0][1])
    for n, d in parts[1:]:
        acc = _pool2(acc, (_activate(n, op.activation), d), op.pooling)
    return acc


#: The built-in operators by name.
OPERATORS: dict[str, PoolingOperator] = {
    "product": PoolingOperator("product", "linear", "product"),
    "relu-max": PoolingOperator("relu-max", "relu", "max"),
    "relu-sum": PoolingOperator("relu-sum", "relu", "sum"),
    "linear-max": PoolingOperator("linear-max", "linear", "max"),
    "linear-sum": PoolingOperator("linear-sum", "linear", "sum"),
    "relu-product": PoolingOperator("relu-product", "relu", "product"),
}


def get_operator(g: Any, name: str = "g") -> PoolingOperator:
    """A :class:`PoolingOperator` from itself or a built-in name.

    >>> get_operator("relu-max").pooling
    'max'
    >>> get_operator("relu-avg")
    Traceback (most recent call last):
      ...
    exactnet.errors.InvalidArgumentError: Argument 'g' must be a PoolingOperator or one of the built-in names ['product', 'relu-max', 'relu-sum', 'linear-max', 'linear-sum', 'relu-product'], not 'relu-avg' (type=str); average pooling is 'relu-sum' (the 1/2 is absorbed in the weights); user functions: PoolingOperator.custom(name, fn)
    """
    if isinstance(g, PoolingOperator):
        return g
    if isinstance(g, str) and g in OPERATORS:
        return OPERATORS[g]
    raise InvalidArgumentError(
        f"Argument '{name}' must be a PoolingOperator or one of the built-in names {list(OPERATORS)}, not "
        f"{describe(g)}; average pooling is 'relu-sum' (the 1/2 is absorbed in the weights); user functions: "
        "PoolingOperator.custom(name, fn)"
    )


def check_operator_on_values(g: Any, arrays: Sequence[QArray], max_values: int = DEFAULT_CHECK_VALUES) -> None:
    """For a custom operator: :meth:`PoolingOperator.check_on` the distinct values of ``arrays``.

    When there are more than ``max_values`` distinct values, a deterministic sample is checked (the
    smallest, the largest, and a seeded random choice of the others).  Built-in operators are
    known commutative and associative: nothing is checked for them.

    >>> check_operator_on_values(PoolingOperator.custom("avg", lambda a, b: (a + b) / 2), [QArray.from_nested([0, 4])])
    Traceback (most recent call last):
      ...
    exactnet.errors.InvalidArgumentError: Argument 'g' (operator 'avg') is not associative on the values it meets: for (a, b, c) = (0, 0, 4), g(g(a, b), c) = 2 but g(a, g(b, c)) = 1; a pooling operator must be commutative and associative
    """
    op = get_operator(g)
    if op.is_builtin:
        return
    vals: set = set()
    for a in arrays:
        q = a if isinstance(a, QArray) else as_qarray(a, "arrays")
        for v in np.unique(q.num.ravel()) if q.num.dtype != object else set(q.num.flat):
            vals.add(Fraction(int(v), q.den))
    ordered = sorted(vals)
    if len(ordered) > max_values:
        rng = np.random.default_rng(0)
        middle = ordered[1:-1]
        pick = rng.choice(len(middle), size=max_values - 2, replace=False)
        ordered = [ordered[0]] + sorted(middle[int(k)] for k in pick) + [ordered[-1]]
    op.check_on(ordered)


# ============================================================================ generalized products
def generalized_outer(tensors: Sequence[Any], g: Any) -> QArray:
    """``(T_0 ⊗_g T_1 ⊗_g ...)[d_0, d_1, ...] = g(T_0[d_0], g(T_1[d_1], ...))``; shape = concatenated shapes.

    A custom ``g`` is checked (commutativity, associativity) on the entries first.

    >>> a = QArray.from_nested([1, 2]); b = QArray.from_nested([3, -1, 0])
    >>> generalized_outer([a, b], "product") == QArray.from_nested([[3, -1, 0], [6, -2, 0]])
    True
    >>> generalized_outer([a, b], "linear-max").tolist_str()
    [['3', '1', '1'], ['3', '2', '2']]
    """
    op = get_operator(g)
    if isinstance(tensors, (str, bytes, QArray)) or not hasattr(tensors, "__len__") or len(tensors) == 0:
        raise InvalidArgumentError(f"Argument 'tensors' must be a non-empty sequence of exact arrays, not {describe(tensors)}")
    qs = [as_qarray(t, f"tensors[{k}]") for k, t in enumerate(tensors)]
    shape = tuple(s for q in qs for s in q.shape)
    check_dense_size(shape, what="generalized outer product")
    check_operator_on_values(op, qs)
    parts = []
    before = 0
    total = len(shape)
    for q in qs:
        full = (1,) * before + q.shape + (1,) * (total - before - q.ndim)
        parts.append((q.num.reshape(full), q.den))
        before += q.ndim
    num, den = _combine_num(op, parts)
    return QArray(np.broadcast_to(num, shape).copy(), den)


def gcp_to_tensor(cp: CPDecomposition, g: Any, output: Any = None) -> QArray:
    """Generalized CP: ``A^y = sum_z weights[y, z] * factors[0][z] ⊗_g ... ⊗_g factors[N-1][z]``.

    ``factors[i]`` (Z, T_i) hold first-layer conv outputs (``F a``).  Shape (Y, T_0..T_{N-1}), or
    (T_0..T_{N-1}) for ``output=y`` (0-based).  Equals :func:`cp_to_tensor` for ``g = "product"``.

    >>> cp = CPDecomposition([[[1, -1], [0, 2]], [[1, 0], [-1, 1]]], [[1, 1]])
    >>> gcp_to_tensor(cp, "relu-max", output=0).tolist_str()
    [['1', '2'], ['3', '2']]
    """
    if not isinstance(cp, CPDecomposition):
        raise InvalidArgumentError(f"Argument 'cp' must be a CPDecomposition, not {describe(cp)}")
    op = get_operator(g)
    wn, wd, single = _output_rows(cp.weights, output)
    sizes = cp.mode_sizes
    N = len(sizes)
    final = sizes if single else (cp.num_outputs,) + sizes
    check_dense_size(final, what="generalized CP tensor")
    check_operator_on_values(op, cp.factors)
    P = prod_int(sizes)
    Z = cp.num_terms
    chunk = max(1, (1 << 20) // max(P, 1))
    check_dense_size((min(Z, chunk), P), what="intermediate of gcp_to_tensor (terms x grid)")
    acc = None
    term_den = 1
    for z0 in range(0, Z, chunk):
        z1 = min(Z, z0 + chunk)
        parts = []
        for i, f in enumerate(cp.factors):
            shape = (z1 - z0,) + (1,) * i + (sizes[i],) + (1,) * (N - 1 - i)
            parts.append((f.num[z0:z1].reshape(shape), f.den))
        num, term_den = _combine_num(op, parts)
        num = np.broadcast_to(num, (z1 - z0,) + sizes).reshape(z1 - z0, P)
        part = dot_num(wn[:, z0:z1], num, ([1], [0]))
        acc = part if acc is None else _add_num(acc, part)
    # term_den is the same for every chunk: it depends only on the factors' denominators
    return QArray(acc.reshape(final), term_den * wd)


def _add_num(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    if a.dtype == object or b.dtype == object:
        return as_object(a) + as_object(b)
    if 2 * max(max_abs(a), max_abs(b)) >= INT64_SAFE:
        return as_object(a) + as_object(b)
    return a + b


def ght_to_tensor(ht: HTDecomposition, g: Any, output: Any = None) -> QArray:
    """Generalized HT over any pooling tree: ``phi^{v,gamma} = sum_alpha W_v[gamma, alpha] ⊗_g (children) phi^{c,alpha}``.

    ``leaf_factors[i]`` (r, T_i) hold first-layer conv outputs (``F a``); the root uses
    ``output_weights``.  Each node keeps a (channels, prod of its modes' sizes) block in its leaf order
    (one denominator); modes are permuted to 0..N-1 at the end.  Shape (Y, T_0..T_{N-1}), or
    (T_0..T_{N-1}) for ``output=y``.  Equals :func:`ht_to_tensor` for ``g = "product"``.

    >>> e = [[1, 0], [0, 1]]
    >>> ht = HTDecomposition([[0, 1], 2], [e, e, [[1, -1]]], [[[1, -1]]], [[1]])
    >>> ght_to_tensor(ht, "relu-max", output=0).tolist_str()
    [[['1', '1'], ['1', '0']], [['1', '0'], ['1', '0']]]
    """
    if not isinstance(ht, HTDecomposition):
        raise InvalidArgumentError(f"Argument 'ht' must be an HTDecomposition, not {describe(ht)}")
    op = get_operator(g)
    tree = ht.tree
    wn, wd, single = _output_rows(ht.output_weights, output)
    sizes = ht.mode_sizes
    final = sizes if single else (ht.num_outputs,) + sizes
    check_dense_size(final, what="generalized HT tensor")
    blocks: dict = {i: (ht.leaf_factors[i].num, ht.leaf_factors[i].den) for i in range(tree.num_modes)}
    internal = tree.internal_nodes()
    custom = not op.is_builtin
    if custom:
        check_operator_on_values(op, ht.leaf_factors)
    num = None
    den = 1
    for k, node in enumerate(internal + (tree.root,)):
        kids = tree.children(node)
        r_in = blocks[kids[0]][0].shape[0]
        widths = [blocks[c][0].shape[1] for c in kids]
        P = prod_int(widths)
        check_dense_size((r_in, P), what="intermediate of ght_to_tensor (channels x node block)")
        parts = []
        for j, c in enumerate(kids):
            shape = (r_in,) + (1,) * j + (widths[j],) + (1,) * (len(kids) - 1 - j)
            parts.append((blocks[c][0].reshape(shape), blocks[c][1]))
        pooled, pden = _combine_num(op, parts)
        pooled = np.broadcast_to(pooled, (r_in,) + tuple(widths)).reshape(r_in, P)
        if k < len(internal):
            W = ht.node_weights[k]
            out = dot_num(W.num, pooled, ([1], [0]))
            out, oden = reduce_common_factor(out, pden * W.den)
            if custom:
                check_operator_on_values(op, [QArray(out, oden)])
            blocks[node] = (out, oden)
        else:
            num = dot_num(wn, pooled, ([1], [0]))
            den = pden * wd
        for c in kids:
            del blocks[c]
    return _leaf_order_to_modes(num, den, tree, sizes, single)
