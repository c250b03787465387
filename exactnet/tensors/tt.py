r"""Tensor-train (TT) decompositions: the coefficient tensors of recurrent multiplicative networks.

**Modes are 0-based.**  A TT decomposition of an order-d tensor with mode sizes n_0..n_{d-1} is a list
of cores ``G_k`` of shape ``(r_k, n_k, r_{k+1})`` with ``r_0 = r_d = 1``::

    A[i_0, ..., i_{d-1}] = G_0[:, i_0, :] G_1[:, i_1, :] ... G_{d-1}[:, i_{d-1}, :]

(a product of matrices).  The **TT ranks** are ``(r_1, ..., r_{d-1})``; ``r_k`` is the bond between
modes k-1 and k, and ``rank [A]_{{0..k-1},{k..d-1}} <= r_k`` (Oseledets, "Tensor-train decomposition",
SIAM J. Sci. Comput. 33(5), 2011).

A TT is a tree decomposition over the linear (caterpillar) tree ``((((0, 1), 2), 3), ...)``.  The
hierarchical Tucker decompositions of this package (:class:`~exactnet.tensors.HTDecomposition`) use
product pooling (children of a node share one channel index), so the two forms convert as follows:

* :func:`tt_to_ht`: a TT with ranks r gives an HT over the caterpillar tree whose node below leaf k
  outputs ``n_k * r_k`` channels, channel ``(i, b)`` carrying the hidden state ``h[b]`` and leaf k's
  channel ``(i, b)`` the unit vector e_i; the node's weights are the core reshaped.  Exact, with the
  same tensor.
* :func:`ht_to_tt`: an HT over a caterpillar tree with node widths c gives a TT with ranks c, the core
  of leaf k being ``G_k[a, i, g] = W_k[g, a] * a^{k,a}_i``.

Examples
--------
>>> tt = TTDecomposition.random(4, 2, 2, seed=1)
>>> tt.ranks, tt.mode_sizes
((2, 2, 2), (2, 2, 2, 2))
>>> tt_to_tensor(tt) == ht_to_tensor(tt_to_ht(tt), output=0)
True
>>> ht_to_tt(tt_to_ht(tt)).ranks
(4, 4, 4)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..core.qarray import QArray
from ..errors import InvalidArgumentError, ShapeError
from ._util import as_qarray, describe, dot_num, prod_int
from .decompositions import HTDecomposition, ht_to_tensor
from .memory import check_dense_size
from .trees import PoolingTree

__all__ = [
    "TTDecomposition",
    "caterpillar_tree",
    "is_caterpillar",
    "tt_to_tensor",
    "tt_to_ht",
    "ht_to_tt",
    "tt_parameter_count",
]


def _count(value: Any, name: str, minimum: int) -> int:
    if isinstance(value, bool) or not hasattr(value, "__index__"):
        raise InvalidArgumentError(f"Argument '{name}' must be an int >= {minimum}, not {describe(value)}")
    v = int(value.__index__())
    if v < minimum:
        raise InvalidArgumentError(f"Argument '{name}' must be an int >= {minimum}, not {describe(value)}")
    return v


def tt_sizes(d: Any, n: Any, ranks: Any) -> tuple[int, tuple[int, ...], tuple[int, ...]]:
    """Validate ``(d, n, ranks)``: n an int or d ints >= 1, ranks an int or d-1 ints >= 1.

    >>> tt_sizes(4, 2, 3)
    (4, (2, 2, 2, 2), (3, 3, 3))
    >>> tt_sizes(3, 2, [1, 0])
    Traceback (most recent call last):
      ...
    exactnet.errors.InvalidArgumentError: Argument 'ranks[1]' must be an int >= 1, not 0 (type=int)
    """
    d = _count(d, "d", 2)
    if hasattr(n, "__index__") and not isinstance(n, bool):
        sizes = (_count(n, "n", 1),) * d
    elif isinstance(n, (list, tuple)):
        if len(n) != d:
            raise ShapeError(f"Argument 'n' must hold d={d} mode sizes, not {len(n)}")
        sizes = tuple(_count(x, f"n[{k}]", 1) for k, x in enumerate(n))
    else:
        raise InvalidArgumentError(f"Argument 'n' must be an int >= 1 or a list of d of them, not {describe(n)}")
    if hasattr(ranks, "__index__") and not isinstance(ranks, bool):
        rs = (_count(ranks, "ranks", 1),) * (d - 1)
    elif isinstance(ranks, (list, tuple)):
        if len(ranks) == 1:
            rs = (_count(ranks[0], "ranks[0]", 1),) * (d - 1)
        elif len(ranks) != d - 1:
            raise ShapeError(f"Argument 'ranks' must hold d-1={d - 1} TT ranks (or one for all), not {len(ranks)}")
        else:
            rs = tuple(_count(x, f"ranks[{k}]", 1) for k, x in enumerate(ranks))
    else:
        raise InvalidArgumentError(f"Argument 'ranks' must be an int >= 1 or a list of d-1 of them, not {describe(ranks)}")
    return d, sizes, rs


def caterpillar_tree(d: Any) -> PoolingTree:
    """The linear tree ``((((0, 1), 2), 3), ...)`` over d >= 2 modes (built iteratively).

    >>> caterpillar_tree(4).structure
    (((0, 1), 2), 3)
    """
    d = _count(d, "d", 2)
    node: Any = (0, 1)
    for k in range(2, d):
        node = (node, k)
    return PoolingTree(node)


def is_caterpillar(tree: PoolingTree) -> bool:
    """True when ``tree`` is :func:`caterpillar_tree` of its number of modes.

    >>> is_caterpillar(PoolingTree.binary(4)), is_caterpillar(caterpillar_tree(5))
    (False, True)
    """
    return isinstance(tree, PoolingTree) and tree.structure == caterpillar_tree(tree.num_modes).structure


@dataclass(frozen=True)
class TTDecomposition:
    """A tensor train: cores ``G_k`` of shape ``(r_k, n_k, r_{k+1})``, ``r_0 = r_d = 1`` (frozen, exact).

    >>> TTDecomposition([[[[1], [2]]], [[[1], [1]]]]).ranks
    (1,)
    >>> TTDecomposition([[[[1, 0], [0, 1]]], [[[1], [1]]]])
    Traceback (most recent call last):
      ...
    exactnet.errors.ShapeError: cores[1] has shape (1, 2, 1) but cores[0] ends with rank 2: core k must be (r_k, n_k, r_(k+1)) with matching ranks
    """

    cores: tuple

    def __post_init__(self) -> None:
        cores = self.cores
        if isinstance(cores, (str, bytes, QArray)) or not hasattr(cores, "__len__"):
            raise ShapeError(f"Argument 'cores' must be a sequence of 3-d arrays (r_k, n_k, r_(k+1)), not {describe(cores)}")
        qs = tuple(as_qarray(c, f"cores[{k}]") for k, c in enumerate(cores))
        if len(qs) < 2:
            raise ShapeError(f"Argument 'cores' must hold d >= 2 cores, not {len(qs)}")
        for k, q in enumerate(qs):
            if q.ndim != 3:
                raise ShapeError(f"cores[{k}] must be 3-d (r_k, n_k, r_(k+1)), not of shape {q.shape}")
            if min(q.shape) < 1:
                raise ShapeError(f"cores[{k}] has shape {q.shape}: every TT rank and mode size must be >= 1")
        if qs[0].shape[0] != 1:
            raise ShapeError(f"cores[0] has shape {qs[0].shape}: the first core must be (1, n_0, r_1)")
        if qs[-1].shape[2] != 1:
            raise ShapeError(f"cores[{len(qs) - 1}] has shape {qs[-1].shape}: the last core must be (r_(d-1), n_(d-1), 1)")
        for k in range(1, len(qs)):
            if qs[k].shape[0] != qs[k - 1].shape[2]:
                raise ShapeError(
                    f"cores[{k}] has shape {qs[k].shape} but cores[{k - 1}] ends with rank {qs[k - 1].shape[2]}: "
                    "core k must be (r_k, n_k, r_(k+1)) with matching ranks"
                )
        object.__setattr__(self, "cores", qs)

    @classmethod
    def random(cls, d: int, n: Any, ranks: Any, seed: int = 0, low: int = -20, high: int = 20) -> "TTDecomposition":
        """Random integer cores uniform in [low, high] (numpy ``default_rng(seed)``).

        >>> TTDecomposition.random(3, [2, 3, 2], [2, 1]).mode_sizes
        (2, 3, 2)
        """
        d, sizes, rs = tt_sizes(d, n, ranks)
        rng = np.random.default_rng(seed)
        full = (1,) + rs + (1,)
        cores = [QArray.from_integers(rng.integers(low, high + 1, size=(full[k], sizes[k], full[k + 1]), dtype=np.int64))
                 for k in range(d)]
        return cls(tuple(cores))

    @property
    def num_modes(self) -> int:
        """d."""
        return len(self.cores)

    @property
    def mode_sizes(self) -> tuple[int, ...]:
        return tuple(c.shape[1] for c in self.cores)

    @property
    def ranks(self) -> tuple[int, ...]:
        """``(r_1, ..., r_{d-1})``."""
        return tuple(c.shape[2] for c in self.cores[:-1])

    @property
    def num_parameters(self) -> int:
        """Number of core entries, ``sum_k r_k n_k r_{k+1}``."""
        return sum(prod_int(c.shape) for c in self.cores)

    def to_dict(self) -> dict:
        """The JSON form (``kind: tensor-train``; entries as rational strings).

        >>> TTDecomposition.from_dict(TTDecomposition.random(3, 2, 2).to_dict()).ranks
        (2, 2)
        """
        return {"format": "exactnet.tensor-train", "schema_version": 1, "kind": "tensor-train",
                "mode_sizes": list(self.mode_sizes), "ranks": list(self.ranks),
                "cores": [c.tolist_str() for c in self.cores]}

    @classmethod
    def from_dict(cls, obj: Any) -> "TTDecomposition":
        """Read the JSON form (floats refused; mode sizes and ranks checked against the cores)."""
        from ..errors import FormatError

        if not isinstance(obj, dict) or obj.get("format") != "exactnet.tensor-train":
            raise FormatError(f"must be a JSON object with \"format\": \"exactnet.tensor-train\", not {describe(obj)}")
        if obj.get("schema_version") != 1:
            raise FormatError(f"schema_version must be 1, not {describe(obj.get('schema_version'))}")
        if "cores" not in obj:
            raise FormatError("missing required key 'cores'")
        try:
            tt = cls(tuple(QArray.from_nested(c, f"cores[{k}]") for k, c in enumerate(obj["cores"])))
        except (TypeError, ValueError) as exc:
            raise FormatError(f"cores: {exc}") from None
        for key, have in (("mode_sizes", list(tt.mode_sizes)), ("ranks", list(tt.ranks))):
            if key in obj and obj[key] != have:
                raise FormatError(f"{key} is {obj[key]!r} but the cores give {have}")
        return tt


def tt_parameter_count(d: Any, n: Any, ranks: Any) -> int:
    """``sum_k r_k n_k r_{k+1}`` with ``r_0 = r_d = 1``.

    >>> tt_parameter_count(4, 2, 3)
    48
    """
    d, sizes, rs = tt_sizes(d, n, ranks)
    full = (1,) + rs + (1,)
    return sum(full[k] * sizes[k] * full[k + 1] for k in range(d))


def tt_to_tensor(tt: TTDecomposition) -> QArray:
    """Dense tensor of a TT, shape (n_0, ..., n_{d-1}), by left-to-right matrix products (no tree code).

    >>> tt_to_tensor(TTDecomposition([[[[1], [2]]], [[[3], [5]]]])).tolist_str()
    [['3', '5'], ['6', '10']]
    """
    if not isinstance(tt, TTDecomposition):
        raise InvalidArgumentError(f"Argument 'tt' must be a TTDecomposition, not {describe(tt)}")
    sizes = tt.mode_sizes
    check_dense_size(sizes, what="TT tensor")
    first = tt.cores[0]
    num = first.num.reshape(sizes[0], first.shape[2])
    den = first.den
    for k in range(1, tt.num_modes):
        c = tt.cores[k]
        check_dense_size((num.shape[0] * sizes[k], c.shape[2]), what="intermediate of tt_to_tensor")
        num = dot_num(num, c.num, ([1], [0])).reshape(num.shape[0] * sizes[k], c.shape[2])
        den *= c.den
    return QArray(num.reshape(sizes), den)


def tt_to_ht(tt: TTDecomposition) -> HTDecomposition:
    """The same tensor as an HT decomposition over :func:`caterpillar_tree` (one output).

    Leaf 0 outputs channels ``(i, b)`` (i < n_1, b < r_1) equal to ``G_0[0, :, b]``; leaf k >= 1 outputs
    channels ``(i, b)`` (i < n_k, b < r_k) equal to e_i; the node over modes 0..k outputs
    ``n_{k+1} r_{k+1}`` channels ``(i', g)``, each ``sum_{i, b} G_k[b, i, g] * (child channel (i, b))``.

    >>> ht = tt_to_ht(TTDecomposition.random(3, 2, 3))
    >>> ht.tree.structure, [w.shape for w in ht.node_weights], ht.output_weights.shape
    (((0, 1), 2), [(6, 6)], (1, 6))
    """
    if not isinstance(tt, TTDecomposition):
        raise InvalidArgumentError(f"Argument 'tt' must be a TTDecomposition, not {describe(tt)}")
    d = tt.num_modes
    sizes = tt.mode_sizes
    rs = tt.ranks
    tree = caterpillar_tree(d)
    leaves = []
    # leaf 0: channels (i, b) over i < n_1, b < r_1, value G_0[0, :, b]
    g0 = tt.cores[0]
    rows = [g0.num[0, :, b] for i in range(sizes[1]) for b in range(rs[0])]
    leaves.append(QArray(np.array(rows, dtype=g0.num.dtype).reshape(sizes[1] * rs[0], sizes[0]), g0.den))
    for k in range(1, d):
        eye = np.zeros((sizes[k] * rs[k - 1], sizes[k]), dtype=np.int64)
        for i in range(sizes[k]):
            eye[i * rs[k - 1] : (i + 1) * rs[k - 1], i] = 1
        leaves.append(QArray(eye))
    weights = []
    for k in range(1, d):
        c = tt.cores[k]  # (r_k, n_k, r_{k+1}); input channels (i, b) with b < r_k = rs[k-1]
        rin = rs[k - 1]
        rout = rs[k] if k < d - 1 else 1
        copies = sizes[k + 1] if k < d - 1 else 1
        block = np.transpose(c.num, (2, 1, 0)).reshape(rout, sizes[k] * rin)  # [g, (i, b)]
        W = np.concatenate([block] * copies, axis=0) if copies > 1 else block
        weights.append(QArray(W, c.den))
    return HTDecomposition(tree, tuple(leaves), tuple(weights[:-1]), weights[-1])


def ht_to_tt(ht: HTDecomposition, output: int = 0) -> TTDecomposition:
    """A TT of output ``output`` of an HT over :func:`caterpillar_tree`: ranks = the node widths.

    ``G_0[0, i, a] = a^{0,a}_i``; ``G_k[a, i, g] = W_k[g, a] a^{k,a}_i`` (the root's row ``output`` for the last).

    >>> ht = tt_to_ht(TTDecomposition.random(3, 2, 2))
    >>> ht_to_tt(ht).ranks
    (4, 4)
    >>> ht_to_tt(HTDecomposition(PoolingTree.binary(4), [[[1, 1]]] * 4, [[[1]], [[1]]], [[1]]))
    Traceback (most recent call last):
      ...
    exactnet.errors.InvalidArgumentError: Argument 'ht' must be an HT decomposition over the caterpillar tree (((0, 1), 2), 3), not over ((0, 1), (2, 3))
    """
    if not isinstance(ht, HTDecomposition):
        raise InvalidArgumentError(f"Argument 'ht' must be an HTDecomposition, not {describe(ht)}")
    if not is_caterpillar(ht.tree):
        raise InvalidArgumentError(
            f"Argument 'ht' must be an HT decomposition over the caterpillar tree "
            f"{caterpillar_tree(ht.num_modes).structure}, not over {ht.tree.structure}"
        )
    d = ht.num_modes
    if isinstance(output, bool) or not hasattr(output, "__index__") or not 0 <= int(output) < ht.num_outputs:
        raise InvalidArgumentError(f"Argument 'output' must be an int in 0..{ht.num_outputs - 1}, not {describe(output)}")
    y = int(output)
    L0 = ht.leaf_factors[0]  # (c_0, n_0)
    cores = [QArray(L0.num.T.reshape(1, L0.shape[1], L0.shape[0]).copy(), L0.den)]
    for k in range(1, d):
        leaf = ht.leaf_factors[k]  # (c_{k-1}, n_k)
        W = ht.node_weights[k - 1] if k < d - 1 else QArray(ht.output_weights.num[y : y + 1], ht.output_weights.den)
        # G[a, i, g] = W[g, a] * leaf[a, i]
        from ._util import mul_num

        num = mul_num(leaf.num[:, :, None], W.num.T[:, None, :])
        cores.append(QArray(num, leaf.den * W.den))
    return TTDecomposition(tuple(cores))


def tt_from_tensor_check(tt: TTDecomposition) -> QArray:
    """The HT route to the same dense tensor (an oracle for :func:`tt_to_tensor`).

    >>> tt = TTDecomposition.random(3, 2, 2, seed=3)
    >>> tt_from_tensor_check(tt) == tt_to_tensor(tt)
    True
    """
    return ht_to_tensor(tt_to_ht(tt), output=0)
