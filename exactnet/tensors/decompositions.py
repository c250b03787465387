r"""CP and hierarchical Tucker (HT) decompositions: the coefficient tensors of shallow and deep ConvACs.

**Modes are 0-based.**  Weight matrices are (out, in).  Cohen, Sharir & Shashua 2016:

* shallow = CP: ``A^y = sum_z weights[y, z] * a^{z,0} ⊗ a^{z,1} ⊗ ... ⊗ a^{z,N-1}`` with
  ``a^{z,i} = factors[i][z, :]`` (so ``factors[i]`` has shape (Z, M_i) and ``weights`` (Y, Z));
* deep = HT over a :class:`~exactnet.tensors.trees.PoolingTree`: for an internal node v with weights W_v
  (shape (r_out, r_in)), ``phi^{v,gamma} = sum_alpha W_v[gamma, alpha] ⊗_{c in children(v)} phi^{c,alpha}``;
  a leaf for mode i gives ``phi^{i,gamma} = leaf_factors[i][gamma, :]``; the root uses ``output_weights``
  (shape (Y, r_in)).  ``node_weights`` follow ``tree.internal_nodes()`` (level ascending, then left to right).
  Product pooling: all children of a node output the same number of channels.

Tensors come out with modes in mode-index order 0..N-1, whatever the tree's leaf order, with shape
(Y, M_0, ..., M_{N-1}) when ``output is None`` and (M_0, ..., M_{N-1}) for one output y.
Dense results are checked with :func:`~exactnet.tensors.memory.check_dense_size` first.

Examples
--------
>>> e = QArray.identity(2)
>>> cp = CPDecomposition([e, e], [[1, 1]])         # A = e0⊗e0 + e1⊗e1
>>> cp_to_tensor(cp, output=0) == QArray.identity(2)
True
>>> ht = HTDecomposition(PoolingTree.from_windows(4, 2), [e] * 4, [[[1, 1]]] * 2, [[1]])
>>> ht_to_tensor(ht, output=0)[0, 0, 1, 1], ht_to_tensor(ht, output=0)[0, 1, 1, 1]
(Fraction(1, 1), Fraction(0, 1))
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Sequence, Union

import numpy as np

from ..core.qarray import INT64_SAFE, QArray, as_object, max_abs, reduce_common_factor
from ..errors import InvalidArgumentError, ShapeError
from ._util import as_qarray, check_index, describe, dot_num, mul_num, prod_int
from .memory import check_dense_size
from .partitions import as_partition
from .trees import PoolingTree

__all__ = [
    "CPDecomposition",
    "HTDecomposition",
    "cp_to_tensor",
    "ht_to_tensor",
    "to_tensor",
    "cp_rank_one_terms",
    "cp_to_matricization",
    "apply_representation",
]


def _matrix(value: Any, name: str) -> QArray:
    q = as_qarray(value, name)
    if q.ndim != 2:
        raise ShapeError(f"Argument '{name}' must be a matrix (2-d), not an array of shape {q.shape}")
    return q


def _matrices(values: Any, name: str) -> tuple[QArray, ...]:
    if isinstance(values, QArray) or isinstance(values, (str, bytes)) or not hasattr(values, "__len__"):
        raise ShapeError(f"Argument '{name}' must be a sequence of matrices, not {describe(values)}")
    if isinstance(values, np.ndarray):
        values = list(values)
    return tuple(_matrix(v, f"{name}[{k}]") for k, v in enumerate(values))


# ============================================================================ CP
@dataclass(frozen=True)
class CPDecomposition:
    """A CP decomposition (shallow ConvAC): ``A^y = sum_z weights[y, z] ⊗_i factors[i][z, :]``.

    Parameters
    ----------
    factors : sequence of N matrices
        ``factors[i]`` has shape (Z, M_i); row z is the vector a^{z,i}.
    weights : matrix
        Shape (Y, Z).

    Entries are coerced exactly (floats refused).  Shapes are validated (:class:`ShapeError` naming the field).

    Examples
    --------
    >>> cp = CPDecomposition([[[1, 0], [0, 1]], [[1, 2], [3, 4]]], [[1, "1/2"]])
    >>> cp.num_modes, cp.num_terms, cp.num_outputs, cp.mode_sizes
    (2, 2, 1, (2, 2))
    >>> CPDecomposition([[[1, 0]], [[1, 2], [3, 4]]], [[1]])
    Traceback (most recent call last):
      ...
    exactnet.errors.ShapeError: factors[1] has shape (2, 2) but factors[0] has 1 rows: every factor needs Z rows (one per rank-one term)
    """

    factors: tuple
    weights: QArray

    def __post_init__(self) -> None:
        factors = _matrices(self.factors, "factors")
        if not factors:
            raise ShapeError("Argument 'factors' must hold one matrix per mode (N >= 1), not an empty sequence")
        weights = _matrix(self.weights, "weights")
        Z = factors[0].shape[0]
        for i, f in enumerate(factors):
            if f.shape[0] != Z:
                raise ShapeError(
                    f"factors[{i}] has shape {f.shape} but factors[0] has {Z} rows: every factor needs Z rows "
                    "(one per rank-one term)"
                )
        if weights.shape[1] != Z:
            raise ShapeError(
                f"weights has shape {weights.shape} but the factors have Z={Z} rows: weights must be (Y, {Z})"
            )
        object.__setattr__(self, "factors", factors)
        object.__setattr__(self, "weights", weights)

    @classmethod
    def from_shared(cls, factor: Any, num_modes: int, weights: Any) -> "CPDecomposition":
        """The shared (convolutional) shallow network: the same (Z, M) factor at every mode.

        >>> CPDecomposition.from_shared([[1, 2]], 3, [[1]]).num_modes
        3
        """
        f = _matrix(factor, "factor")
        if isinstance(num_modes, bool) or not hasattr(num_modes, "__index__") or int(num_modes) < 1:
            raise InvalidArgumentError(f"Argument 'num_modes' must be an int >= 1, not {describe(num_modes)}")
        return cls((f,) * int(num_modes), weights)

    @property
    def num_modes(self) -> int:
        return len(self.factors)

    @property
    def num_terms(self) -> int:
        """Z, the number of rank-one terms."""
        return self.factors[0].shape[0]

    @property
    def num_outputs(self) -> int:
        """Y."""
        return self.weights.shape[0]

    @property
    def mode_sizes(self) -> tuple[int, ...]:
        return tuple(f.shape[1] for f in self.factors)


# ============================================================================ HT
def _ht_channels(tree: PoolingTree, leaf_factors, node_weights, output_weights) -> None:
    """Validate product pooling: children of each node output equal channel counts = the node's r_in."""
    out: dict = {}  # node -> (channels, field name)
    for i in range(tree.num_modes):
        out[i] = (leaf_factors[i].shape[0], f"leaf_factors[{i}]")
    internal = tree.internal_nodes()
    for k, node in enumerate(internal):
        out[node] = (node_weights[k].shape[0], f"node_weights[{k}]")
    for k, node in enumerate(internal + (tree.root,)):
        W, wname = (node_weights[k], f"node_weights[{k}]") if k < len(internal) else (output_weights, "output_weights")
        kids = [out[c] for c in tree.children(node)]
        counts = {c for c, _ in kids}
        if len(counts) > 1:
            detail = ", ".join(f"{nm} outputs {c}" for c, nm in kids)
            raise ShapeError(
                f"the children of {wname} (node {node}) must output equal channel counts (product pooling), "
                f"but {detail}"
            )
        r_in = kids[0][0]
        if W.shape[1] != r_in:
            raise ShapeError(
                f"{wname} has shape {W.shape} but its children output {r_in} channels "
                f"({', '.join(nm for _, nm in kids)}); it must be (r_out, {r_in})"
            )


@dataclass(frozen=True)
class HTDecomposition:
    """A hierarchical Tucker decomposition over a pooling tree (deep ConvAC).  **Modes are 0-based.**

    Parameters
    ----------
    tree : PoolingTree or nested lists
    leaf_factors : sequence of N matrices
        ``leaf_factors[i]`` has shape (r, M_i) for mode i (row gamma = a^{0,i,gamma}).
    node_weights : sequence of matrices
        In ``tree.internal_nodes()`` order (level ascending, left to right; root excluded), shape (r_out, r_in).
    output_weights : matrix
        Shape (Y, r_in) for the root.

    Examples
    --------
    >>> e = [[1, 0, 0], [0, 1, 0]]
    >>> ht = HTDecomposition([[0, 1], [2, 3]], [e] * 4, [[[1, 1]], [[1, 1]]], [[1]])
    >>> ht.mode_sizes, ht.num_outputs, ht.channels((0, 1))
    ((3, 3, 3, 3), 1, 1)
    >>> HTDecomposition([[0, 1], [2, 3]], [e] * 4, [[[1, 1]], [[1, 1, 1]]], [[1]])
    Traceback (most recent call last):
      ...
    exactnet.errors.ShapeError: node_weights[1] has shape (1, 3) but its children output 2 channels (leaf_factors[2], leaf_factors[3]); it must be (r_out, 2)
    """

    tree: PoolingTree
    leaf_factors: tuple
    node_weights: tuple
    output_weights: QArray

    def __post_init__(self) -> None:
        leaf = _matrices(self.leaf_factors, "leaf_factors")
        tree = PoolingTree.from_nested(self.tree, name="tree")
        if len(leaf) != tree.num_modes:
            raise ShapeError(
                f"leaf_factors has {len(leaf)} matrices but the tree has N={tree.num_modes} modes: one (r, M_i) "
                "matrix per mode is needed"
            )
        nodes = _matrices(self.node_weights, "node_weights")
        internal = tree.internal_nodes()
        if len(nodes) != len(internal):
            raise ShapeError(
                f"node_weights has {len(nodes)} matrices but the tree has {len(internal)} internal nodes besides "
                f"the root ({list(internal)}, in tree.internal_nodes() order)"
            )
        out = _matrix(self.output_weights, "output_weights")
        _ht_channels(tree, leaf, nodes, out)
        object.__setattr__(self, "tree", tree)
        object.__setattr__(self, "leaf_factors", leaf)
        object.__setattr__(self, "node_weights", nodes)
        object.__setattr__(self, "output_weights", out)

    @classmethod
    def from_shared(cls, tree: Any, leaf_factor: Any, level_weights: Sequence[Any], output_weights: Any) -> "HTDecomposition":
        """Shared (convolutional) weights: one leaf matrix (r_0, M) and one matrix per level 1..height-1.

        ``level_weights[l - 1]`` is used at every internal node of level l.  All leaves must be at level 0.

        >>> ht = HTDecomposition.from_shared(PoolingTree.from_windows(8, 2), [[1, 2]], [[[1]], [[1]]], [[1]])
        >>> len(ht.node_weights), ht.leaf_factors[5] == ht.leaf_factors[0]
        (6, True)
        """
        t = PoolingTree.from_nested(tree, name="tree")
        bad = [i for i in range(t.num_modes) if t.leaf_level(i) != 0]
        if bad:
            raise ShapeError(
                f"Argument 'tree' must have every leaf at level 0 for shared weights; mode {bad[0]} is at level "
                f"{t.leaf_level(bad[0])}"
            )
        lw = _matrices(level_weights, "level_weights")
        if len(lw) != t.height - 1:
            raise ShapeError(
                f"Argument 'level_weights' must hold one matrix per level 1..{t.height - 1} "
                f"({t.height - 1} matrices for a tree of height {t.height}), not {len(lw)}"
            )
        leaf = _matrix(leaf_factor, "leaf_factor")
        nodes = tuple(lw[t.node_level(v) - 1] for v in t.internal_nodes())
        return cls(t, (leaf,) * t.num_modes, nodes, output_weights)

    @property
    def num_modes(self) -> int:
        return self.tree.num_modes

    @property
    def num_outputs(self) -> int:
        return self.output_weights.shape[0]

    @property
    def mode_sizes(self) -> tuple[int, ...]:
        return tuple(f.shape[1] for f in self.leaf_factors)

    def weights_of(self, node: Any) -> QArray:
        """The weight matrix of an internal node (``output_weights`` for the root).

        >>> ht = HTDecomposition([[0, 1], 2], [[[1, 0]], [[0, 1]], [[1, 1], [2, 2]]], [[[1], [3]]], [[5, 7]])
        >>> ht.weights_of((0, 1)).tolist_str(), ht.weights_of(ht.tree.root).tolist_str()
        ([['1'], ['3']], [['5', '7']])
        """
        if self.tree.is_leaf(node):
            raise InvalidArgumentError(f"Argument 'node' must be an internal node, not the leaf {describe(node)}")
        key = self.tree.children(node)  # an internal node's children tuple is the node itself
        if key == self.tree.root:
            return self.output_weights
        return self.node_weights[self.tree.node_index(key)]

    def channels(self, node: Any) -> int:
        """Number of channels a node outputs (Y for the root).

        >>> ht = HTDecomposition([[0, 1], 2], [[[1, 0]], [[0, 1]], [[1, 1], [2, 2]]], [[[1], [3]]], [[5, 7]])
        >>> ht.channels(0), ht.channels(2), ht.channels((0, 1)), ht.channels(ht.tree.root)
        (1, 2, 2, 1)
        """
        if self.tree.is_leaf(node):
            return self.leaf_factors[int(node)].shape[0]
        return self.weights_of(node).shape[0]


Decomposition = Union[CPDecomposition, HTDecomposition]


# ============================================================================ to tensors
def _output_rows(W: QArray, output: Any, name: str = "output") -> tuple[np.ndarray, int, bool]:
    """Numerators of the rows of W to use, its den, and whether one output was selected."""
    if output is None:
        return W.num, W.den, False
    y = check_index(output, W.shape[0], name, "output index")
    return W.num[y : y + 1], W.den, True


def _leaf_order_to_modes(num: np.ndarray, den: int, tree: PoolingTree, sizes: Sequence[int], single: bool) -> QArray:
    """The root's (Y', prod sizes) block, columns in the tree's leaf order -> QArray (Y', M_0..M_{N-1}) in
    mode order, or (M_0..M_{N-1}) when ``single``."""
    leaves = tree.leaves_left_to_right()
    num = num.reshape((num.shape[0],) + tuple(sizes[m] for m in leaves))
    if leaves != tuple(range(len(leaves))):
        pos = {m: p for p, m in enumerate(leaves)}
        num = np.transpose(num, (0,) + tuple(1 + pos[m] for m in range(len(leaves))))
    if single:
        num = num[0]
    return QArray(num, den)


def _khatri_rao(mats: Sequence[tuple[np.ndarray, int]]) -> tuple[np.ndarray, int]:
    """Row-wise Kronecker products: rows (Z, p1), (Z, p2), ... -> (Z, p1*p2*...), last factor fastest."""
    num, den = mats[0]
    for m, d in mats[1:]:
        Z, p = num.shape
        num = mul_num(num[:, :, None], m[:, None, :]).reshape(Z, p * m.shape[1])
        den *= d
    return num, den


def _pool_mix(kids: list[np.ndarray], W: np.ndarray) -> np.ndarray:
    """``out[gamma] = sum_alpha W[gamma, alpha] * kron_c kids[c][alpha]`` as a (r_out, prod widths) array.

    One bound decides the integer type for the whole node: every partial product and partial
    sum is at most ``r_in * max|W| * prod_c max|kids[c]|`` in absolute value, so int64 is used
    when that is below 2^62 and Python ints otherwise.  The weights are folded into the first
    child's (small) vectors, so each output entry costs r_in multiplications and r_in - 1 additions.
    """
    r_out, r_in = W.shape
    use_object = W.dtype == object or any(k.dtype == object for k in kids)
    if not use_object:
        bound = r_in * max_abs(W)
        for k in kids:
            bound *= max_abs(k)
        use_object = bound >= INT64_SAFE
    if use_object:
        W = as_object(W)
        kids = [as_object(k) for k in kids]
    first = kids[0]
    if len(kids) > 1:
        rest, _ = _khatri_rao([(k, 1) for k in kids[1:]])
    else:
        rest = np.ones((r_in, 1), dtype=first.dtype)
    p1, pr = first.shape[1], rest.shape[1]
    out = None
    tmp = None
    for a in range(r_in):
        left = W[:, a : a + 1] * first[a][None, :]  # (r_out, p1): weights folded in
        if out is None:
            out = left[:, :, None] * rest[a][None, None, :]
            continue
        if tmp is None:
            tmp = np.empty_like(out)
        np.multiply(left[:, :, None], rest[a][None, None, :], out=tmp)
        np.add(out, tmp, out=out)
    return out.reshape(r_out, p1 * pr)


def cp_to_tensor(cp: CPDecomposition, output: Any = None) -> QArray:
    """Dense tensor of a CP decomposition: shape (Y, M_0..M_{N-1}), or (M_0..M_{N-1}) for ``output=y``.

    >>> cp = CPDecomposition([[[1, 2]], [[1, -1]]], [[3], [1]])
    >>> cp_to_tensor(cp).tolist_str()
    [[['3', '-3'], ['6', '-6']], [['1', '-1'], ['2', '-2']]]
    >>> cp_to_tensor(cp, output=2)
    Traceback (most recent call last):
      ...
    exactnet.errors.InvalidArgumentError: Argument 'output' must be an int output index in 0..1 (0-based), not 2 (type=int)
    """
    if not isinstance(cp, CPDecomposition):
        raise InvalidArgumentError(f"Argument 'cp' must be a CPDecomposition, not {describe(cp)}")
    wn, wd, single = _output_rows(cp.weights, output)
    sizes = cp.mode_sizes
    final = sizes if single else (cp.num_outputs,) + sizes
    check_dense_size(final, what="CP tensor")
    if len(sizes) > 1:
        check_dense_size((cp.num_terms, prod_int(sizes[1:])), what="intermediate of cp_to_tensor (Z x grid of modes 1..N-1)")
    den = prod_int(f.den for f in cp.factors) * wd
    if len(sizes) == 1:
        num = dot_num(wn, cp.factors[0].num, ([1], [0]))
    else:
        num = _pool_mix([f.num for f in cp.factors], wn)  # one node pooling all N modes
    return QArray(num.reshape(final), den)


def ht_to_tensor(ht: HTDecomposition, output: Any = None) -> QArray:
    """Dense tensor of an HT decomposition, built bottom-up.  Modes in mode-index order (0-based).

    Each node keeps, for every channel, its tensor block over the modes below it in the order of the
    node's leaves (a (channels, prod M) integer array and one denominator).  A node computes
    ``sum_alpha W[gamma, alpha] * kron_c block_c[alpha]`` with the weights folded into its first child's
    vectors (int64 when a magnitude bound proves it safe, Python ints otherwise).  At the end the
    modes are permuted to 0..N-1.  Measured on the 2-core machine: N=8, M=8, r=2 (16.7M entries)
    in 0.06-0.45 s with int64 entries; about 5-9 s when the entries need ~170 bits (Python ints).

    Returns shape (Y, M_0..M_{N-1}), or (M_0..M_{N-1}) for ``output=y``.

    >>> ht = HTDecomposition([1, 0], [[[1, 2]], [[1, 0]]], [], [[1]])   # leaves in order 1, 0
    >>> ht_to_tensor(ht, output=0).tolist_str()                            # A[d0, d1] = a0[d0] a1[d1]
    [['1', '0'], ['2', '0']]
    """
    if not isinstance(ht, HTDecomposition):
        raise InvalidArgumentError(f"Argument 'ht' must be an HTDecomposition, not {describe(ht)}")
    tree = ht.tree
    wn, wd, single = _output_rows(ht.output_weights, output)
    sizes = ht.mode_sizes
    final = sizes if single else (ht.num_outputs,) + sizes
    check_dense_size(final, what="HT tensor")
    blocks: dict = {}
    for i in range(tree.num_modes):
        f = ht.leaf_factors[i]
        blocks[i] = (f.num, f.den)
    internal = tree.internal_nodes()
    for k, node in enumerate(internal + (tree.root,)):
        kids = tree.children(node)
        r_in = blocks[kids[0]][0].shape[0]
        r_out = ht.node_weights[k].shape[0] if k < len(internal) else wn.shape[0]
        width = prod_int(sizes[m] for m in tree.modes_under(node))
        first = prod_int(sizes[m] for m in tree.modes_under(kids[0]))
        check_dense_size((r_out, width), what="intermediate of ht_to_tensor (channels x node block)")
        check_dense_size((r_in, width // max(first, 1)), what="intermediate of ht_to_tensor (channels x node block)")
        den = prod_int(blocks[c][1] for c in kids)
        if k < len(internal):
            W = ht.node_weights[k]
            num = _pool_mix([blocks[c][0] for c in kids], W.num)
            blocks[node] = reduce_common_factor(num, den * W.den)
        else:
            num = _pool_mix([blocks[c][0] for c in kids], wn)
            den = den * wd
        for c in kids:
            del blocks[c]
    return _leaf_order_to_modes(num, den, tree, sizes, single)


def to_tensor(decomp: Decomposition, output: Any = None) -> QArray:
    """:func:`cp_to_tensor` or :func:`ht_to_tensor`, by type.

    >>> to_tensor(CPDecomposition([[[1, 1]]], [[2]]), output=0).tolist_str()
    ['2', '2']
    """
    if isinstance(decomp, CPDecomposition):
        return cp_to_tensor(decomp, output)
    if isinstance(decomp, HTDecomposition):
        return ht_to_tensor(decomp, output)
    raise InvalidArgumentError(
        f"Argument 'decomp' must be a CPDecomposition or an HTDecomposition, not {describe(decomp)}"
    )


# ============================================================================ CP matricization
def _single_output(cp: CPDecomposition, output: Any) -> int:
    if output is None:
        if cp.num_outputs != 1:
            raise InvalidArgumentError(
                f"Argument 'output' must be given (an int in 0..{cp.num_outputs - 1}) when the decomposition has "
                f"Y={cp.num_outputs} outputs, not None"
            )
        return 0
    return check_index(output, cp.num_outputs, "output", "output index")


def cp_rank_one_terms(cp: CPDecomposition, partition: Any, output: Any = None) -> list[tuple[Fraction, QArray, QArray]]:
    """The Z terms ``(coef_z, u_z, w_z)`` with ``[[A^y]]_{I,J} = sum_z coef_z u_z w_z^T``, no tensor built.

    ``u_z`` is the Kronecker product of the vectors a^{z,i} over the row modes i in increasing order
    (last fastest, matching :func:`~exactnet.tensors.matricize.matricize`), ``w_z`` likewise over the
    column modes, and ``coef_z = weights[y, z]``.  All Z terms are returned (zero coefficients included),
    so the matricization visibly has rank <= Z.  ``output`` may be omitted when Y = 1.

    >>> cp = CPDecomposition([[[1, 2]], [[1, 0]], [[0, 1]]], [["1/2"]])
    >>> [(c, u.tolist_str(), w.tolist_str()) for c, u, w in cp_rank_one_terms(cp, [0, 2])]
    [(Fraction(1, 2), ['0', '1', '0', '2'], ['1', '0'])]
    """
    if not isinstance(cp, CPDecomposition):
        raise InvalidArgumentError(f"Argument 'cp' must be a CPDecomposition, not {describe(cp)}")
    part = as_partition(partition, cp.num_modes, name="partition")
    y = _single_output(cp, output)
    sizes = cp.mode_sizes
    check_dense_size((cp.num_terms, prod_int(sizes[i] for i in part.rows)), what="row vectors u_z")
    check_dense_size((cp.num_terms, prod_int(sizes[j] for j in part.cols)), what="column vectors w_z")
    U, ud = _khatri_rao([(cp.factors[i].num, cp.factors[i].den) for i in part.rows])
    V, vd = _khatri_rao([(cp.factors[j].num, cp.factors[j].den) for j in part.cols])
    wd = cp.weights.den
    return [
        (Fraction(int(cp.weights.num[y, z]), wd), QArray(U[z].copy(), ud), QArray(V[z].copy(), vd))
        for z in range(cp.num_terms)
    ]


def cp_to_matricization(cp: CPDecomposition, rows: Any, cols: Any = None, output: Any = None) -> QArray:
    """``[[A^y]]_{rows, cols}`` of a CP decomposition as ``sum_z coef_z u_z w_z^T``, without building the tensor.

    Same index convention as :func:`~exactnet.tensors.matricize.matricize` (**0-based modes**, last
    row/column mode fastest).  ``output`` may be omitted when Y = 1.  Only the matrix is allocated
    (checked with ``check_dense_size``), never the order-N tensor.

    >>> cp = CPDecomposition([QArray.identity(2)] * 4, [[1, 1]])
    >>> X = cp_to_matricization(cp, "odd-even")
    >>> X.shape, X[0, 0], X[3, 3], X[0, 3]
    ((4, 4), Fraction(1, 1), Fraction(1, 1), Fraction(0, 1))
    """
    if not isinstance(cp, CPDecomposition):
        raise InvalidArgumentError(f"Argument 'cp' must be a CPDecomposition, not {describe(cp)}")
    part = as_partition(rows, cp.num_modes, cols)
    y = _single_output(cp, output)
    sizes = cp.mode_sizes
    pr = prod_int(sizes[i] for i in part.rows)
    pc = prod_int(sizes[j] for j in part.cols)
    check_dense_size((pr, pc), what="matricization")
    check_dense_size((cp.num_terms, max(pr, pc)), what="rank-one factors of cp_to_matricization")
    U, ud = _khatri_rao([(cp.factors[i].num, cp.factors[i].den) for i in part.rows])
    V, vd = _khatri_rao([(cp.factors[j].num, cp.factors[j].den) for j in part.cols])
    Uc = mul_num(U, cp.weights.num[y][:, None])  # (Z, pr) scaled by coef_z
    num = dot_num(Uc, V, ([0], [0]))  # (pr, pc)
    return QArray(num, ud * vd * cp.weights.den)


# ============================================================================ representations
def _depth(x: Any) -> int:
    """Nesting depth: ndim for arrays, 1 + depth(first item) for lists/tuples, 0 for scalars."""
    if isinstance(x, (QArray, np.ndarray)):
        return x.ndim
    if isinstance(x, (list, tuple)):
        return 1 + (_depth(x[0]) if len(x) else 0)
    return 0


def _rep_matrices(F: Any, sizes: tuple[int, ...]) -> tuple[QArray, ...]:
    if _depth(F) == 3 and not isinstance(F, (QArray, np.ndarray)):
        mats = _matrices(F, "F")
        names = [f"F[{i}]" for i in range(len(mats))]
        if len(mats) != len(sizes):
            raise ShapeError(
                f"Argument 'F' must be one (T, M) matrix or a sequence of one per mode ({len(sizes)}), "
                f"not {len(mats)} matrices"
            )
    else:
        mats = (_matrix(F, "F"),) * len(sizes)
        names = ["F"] * len(sizes)
    for i, (m, nm) in enumerate(zip(mats, names)):
        if m.shape[1] != sizes[i]:
            raise ShapeError(
                f"Argument '{nm}' has shape {m.shape}: its {m.shape[1]} columns (representation functions) must "
                f"match the size M_{i}={sizes[i]} of mode {i}"
            )
    return mats


def apply_representation(decomp: Decomposition, F: Any) -> Decomposition:
    """The decomposition of the grid tensor: every leaf factor W (rows = channels) becomes ``W @ F.T``.

    ``F`` is the representation matrix, shape (T, M) with ``F[t, d] = f_d(template_t)`` (one for all
    modes, or a sequence of one per mode).  The grid tensor is the coefficient tensor ×_i F on every mode.

    >>> cp = CPDecomposition([[[1, 1]], [[1, -1]]], [[1]])
    >>> F = QArray.from_nested([[1, 0], [1, 1], [1, 2]])
    >>> cp_to_tensor(apply_representation(cp, F), 0) == F @ cp_to_tensor(cp, 0) @ F.T
    True
    """
    if isinstance(decomp, CPDecomposition):
        mats = _rep_matrices(F, decomp.mode_sizes)
        return CPDecomposition(tuple(f @ m.T for f, m in zip(decomp.factors, mats)), decomp.weights)
    if isinstance(decomp, HTDecomposition):
        mats = _rep_matrices(F, decomp.mode_sizes)
        return HTDecomposition(
            decomp.tree,
            tuple(f @ m.T for f, m in zip(decomp.leaf_factors, mats)),
            decomp.node_weights,
            decomp.output_weights,
        )
    raise InvalidArgumentError(
        f"Argument 'decomp' must be a CPDecomposition or an HTDecomposition, not {describe(decomp)}"
    )
