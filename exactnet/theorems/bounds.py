r"""Structural upper bounds on the rank of a matricization, valid for **every** weight setting (prover side).

Each rule is an argument about subspaces; a certificate (:func:`upper_bound_certificate`) states the rule's
bound and the kernel proves one at most as large by its own structural recursions on the architecture's circuit.  **Modes are 0-based.**

Rules (deep ConvAC on a pooling tree, a node at level l has r_l channels, M representation
functions; shallow ConvAC with Z channels):

``cp-rank`` (shallow)
    ``rank [A]_{I,J} <= Z`` for every partition: Z rank-one terms.
``leaf-span``
    ``A`` lies in ``(x)_i U_i`` with ``dim U_i <= min(r_{level(i)}, M)``, so
    ``rank <= min(prod_{i in I} dim U_i, prod_{j in J} dim U_j)``.
``top-split``
    I is the union of the modes under some children of the root:
    ``A = sum_{alpha < r_top} w_alpha (x)_c phi^{c,alpha}`` has ``r_top`` rank-one terms.
``block-depth``
    Balanced binary tree, I = the odd-numbered blocks of ``2^{Lc-1}`` consecutive modes: the
    tensors of a level-(Lc-1) node span a space of dimension ``<= D_{Lc-1}`` with
    ``D_0 = min(r_0, M)``, ``D_l = min(r_l, r_{l-1}, D_{l-1}^2)``; rank ``<= D_{Lc-1}^{N/2^Lc}``.
    (the closed form ``min{r_0..r_{Lc-1}, M^{2^{Lc-1}}}``: the same for Lc <= 2, but too
    small for Lc >= 3, where exact computation reaches ``D_2 = r_0^2``.)
``span-recursion``
    The general recursion over the tree: for a node v let RI(v) (RJ(v)) bound the dimension of
    the span of the column (row) spaces of the matricizations ``[phi^{v,gamma}]`` restricted to
    v's modes, and K(v) the rank of a single one.  Leaves: ``(min(r, M), 1, 1)`` for a row leaf,
    ``(1, min(r, M), 1)`` for a column leaf.  Internal: ``RI <= prod RI(c)``, ``RI <= r_c prod K(c)``,
    ``K <= min(RI, RJ, r_c prod K(c))``, ``RI <= r_v K``; the bound is K(root).  With shared weights a
    node whose children are all leaves also has ``RI <= dim Sym^{k_I}(R^m) = C(m+k_I-1, k_I)``
    (``m = min(r_0, M)``, ``k_I`` row children): its terms are ``a (x) ... (x) a``.

Examples
--------
>>> from exactnet.tensors import PoolingTree, Partition
>>> t = PoolingTree.from_windows(16, 4)
>>> bounds = structural_bounds(t, 2, (4, 4), Partition.named("odd-even", 16))
>>> bounds["leaf-span"], bounds["span-recursion"]
(256, 256)
>>> structural_bounds(t, 2, (4, 4), Partition.named("odd-even", 16), shared=True)["span-recursion"]
81
"""

from __future__ import annotations

import math
from typing import Any

from ..certificates import Certificate
from ..core.rational import as_positive_int
from ..errors import DomainError, InvalidArgumentError, PartitionError, ShapeError
from ..tensors import PoolingTree, as_partition

__all__ = [
    "RULE_ARGUMENTS",
    "structural_bounds",
    "best_rule",
    "upper_bound_certificate",
    "shallow_rank_bound",
    "architecture_dict",
    "depth_lc_dimension",
]

RULE_ARGUMENTS = {
    "cp-rank": (
        "The coefficient tensor of a shallow ConvAC with Z channels is A^y = sum_{z<Z} a^y_z "
        "a^{z,0} (x) ... (x) a^{z,N-1}: Z rank-one tensors.  Each matricizes to a rank-one matrix u v^T and "
        "rank is subadditive, so rank [A^y]_{I,J} <= Z for every partition (I,J) and every weight setting "
        ".  The grid tensor's matricization is "
        "F^{(x)|I|} [A^y]_{I,J} (F^{(x)|J|})^T, of rank <= rank [A^y]_{I,J}."
    ),
    "leaf-span": (
        "Every leaf i contributes vectors from U_i = span of the rows of its leaf weight matrix, "
        "dim U_i <= min(r_{level(i)}, M); the HT recursion only forms products and linear combinations, so A^y "
        "lies in (x)_i U_i.  Hence the column space of [A^y]_{I,J} lies in (x)_{i in I} U_i and its row space in "
        "(x)_{j in J} U_j: rank <= min(prod_{i in I} dim U_i, prod_{j in J} dim U_j) for every weight setting "
        ".  The same bound holds for the grid tensor (apply F on every mode)."
    ),
    "top-split": (
        "A^y = sum_{alpha < r_top} W_out[y, alpha] (x)_{c child of the root} phi^{c,alpha}.  The rows I are the "
        "modes under a set S of children of the root, so each term matricizes to "
        "vec((x)_{c in S} phi^{c,alpha}) vec((x)_{c not in S} phi^{c,alpha})^T, a rank-one matrix; "
        "hence rank [A^y]_{I,J} <= r_top for every weight setting."
    ),
    "block-depth": (
        "Let S_v = span{phi^{v,gamma}} for a node v at level l of the balanced binary tree.  "
        "dim S_leaf <= min(r_0, M); S_v is spanned by r_l vectors and lies in span_alpha{phi^{c1,alpha} (x) "
        "phi^{c2,alpha}} (r_{l-1} vectors) inside S_{c1} (x) S_{c2}, so D_l = min(r_l, r_{l-1}, D_{l-1}^2).  "
        "The modes split into N/2^{Lc-1} blocks of 2^{Lc-1} consecutive modes, one level-(Lc-1) node each; "
        "A^y lies in the tensor product of their spaces S_v, and I is the union of the odd-numbered blocks, so "
        "the column space of [A^y]_{I,J} lies in a space of dimension D_{Lc-1}^{N/2^Lc} ("
        "for Lc <= 2, D_{Lc-1} = min{r_0..r_{Lc-1}, M^{2^{Lc-1}}})."
    ),
    "span-recursion": (
        "For a node v, let C_v (R_v) be the span of the column (row) spaces of the matricizations "
        "[phi^{v,gamma}]_{I cap v, J cap v} over all channels gamma, and K_v a bound on the rank of one of them.  "
        "A row leaf has dim C = min(r, M), dim R = 1, K = 1 (a column vector); a column leaf the transpose.  "
        "[phi^{v,gamma}] = sum_{alpha < r_c} W[gamma, alpha] (Kronecker product over children c of "
        "[phi^{c,alpha}]), so C_v lies in (x)_c C_c and in sum_alpha colspace(Kronecker product), giving "
        "dim C_v <= min(prod_c dim C_c, r_c prod_c K_c), K_v <= min(dim C_v, dim R_v, r_c prod_c K_c), "
        "dim C_v <= r_v K_v.  With shared weights, a node whose children are all leaves has terms "
        "a^alpha (x) ... (x) a^alpha, whose row part lies in Sym^{k_I}(span{a^alpha}), of dimension "
        "C(m + k_I - 1, k_I) with m = min(r_0, M).  The bound is K_root, valid for every weight setting "
        "(of the shared weight space when the shared refinement is used)."
    ),
}


def architecture_dict(tree: PoolingTree, M: int, widths: Any, shared: bool = False) -> dict:
    """The ``architecture`` JSON object of a deep ConvAC (used by structural certificates).

    >>> architecture_dict(PoolingTree.binary(4), 3, (2, 2))["tree"]
    [[0, 1], [2, 3]]
    """
    return {
        "kind": "deep-convac",
        "num_inputs": tree.num_modes,
        "M": int(M),
        "tree": tree.to_nested(),
        "widths": [int(w) for w in widths],
        "shared": bool(shared),
    }


def _widths(tree: PoolingTree, widths: Any) -> tuple[int, ...]:
    if isinstance(widths, int) and not isinstance(widths, bool):
        widths = (widths,) * tree.height
    try:
        ws = tuple(as_positive_int(w, f"widths[{k}]") for k, w in enumerate(widths))
    except TypeError:
        raise InvalidArgumentError(f"Argument 'widths' must be a sequence of ints >= 1, not {widths!r}") from None
    if len(ws) != tree.height:
        raise ShapeError(
            f"Argument 'widths' must hold one width per level 0..{tree.height - 1} ({tree.height} values), not {ws}"
        )
    return ws


def _is_balanced_binary(tree: PoolingTree) -> bool:
    N = tree.num_modes
    return N >= 2 and N & (N - 1) == 0 and tree == PoolingTree.from_windows(N, 2)


def depth_lc_dimension(M: int, widths: Any, Lc: int) -> int:
    """``D_{Lc-1}``: bound on dim span{phi^{v,gamma}} for a level-(Lc-1) node of a binary HT network.

    >>> depth_lc_dimension(2, (4, 3, 4), 2), depth_lc_dimension(2, (2, 4, 4), 3)
    (3, 4)
    """
    ws = list(widths)
    D = min(ws[0], M)
    for level in range(1, Lc):
        D = min(ws[level], ws[level - 1], D * D)
    return D


def _span_recursion(tree: PoolingTree, M: int, ws: tuple[int, ...], rows: set[int], shared: bool) -> int:
    def leaf(node: Any) -> tuple[int, int, int]:
        dim = min(ws[tree.leaf_level(node)], M)
        return (dim, 1, 1) if node in rows else (1, dim, 1)

    def combine(node: Any, results: list) -> tuple[int, int, int]:
        level = tree.node_level(node)
        kids = tree.children(node)
        r_in = ws[level - 1]
        k_prod = math.prod(k for _, _, k in results)
        col = min(math.prod(c for c, _, _ in results), r_in * k_prod)
        row = min(math.prod(r for _, r, _ in results), r_in * k_prod)
        if shared and all(not isinstance(c, tuple) for c in kids):
            m = min(ws[level - 1], M)
            k_rows = len([c for c in kids if c in rows])
            col = min(col, math.comb(m + k_rows - 1, k_rows))
            row = min(row, math.comb(m + len(kids) - k_rows - 1, len(kids) - k_rows))
        rank = min(col, row, r_in * k_prod)
        if node is not tree.structure:
            col, row = min(col, ws[level] * rank), min(row, ws[level] * rank)
        return col, row, rank

    # post-order without recursion (a caterpillar tree is as deep as it has leaves)
    root = tree.structure
    if not isinstance(root, tuple):
        return leaf(root)[2]
    stack: list = [(root, list(tree.children(root)), [])]
    while True:
        node, todo, done = stack[-1]
        if todo:
            child = todo.pop(0)
            if isinstance(child, tuple):
                stack.append((child, list(tree.children(child)), []))
            else:
                done.append(leaf(child))
            continue
        stack.pop()
        result = combine(node, done)
        if not stack:
            return result[2]
        stack[-1][2].append(result)


def structural_bounds(tree: PoolingTree, M: int, widths: Any, partition: Any, shared: bool = False) -> dict[str, int]:
    """Every applicable structural rule and its bound for a deep ConvAC architecture.

    ``shared=True`` adds the symmetric-span refinement to ``span-recursion`` (valid only in the
    shared weight space); the other rules hold for all weights.
    ``block-depth`` appears (as ``"block-depth:Lc=k"``) when the tree is balanced binary and the
    rows are the odd-numbered blocks of ``2^{k-1}`` modes.

    >>> from exactnet.tensors import Partition
    >>> b = structural_bounds(PoolingTree.binary(8), 2, (4, 3, 4), Partition.blocks(8, 2))
    >>> b["block-depth:Lc=2"], b["leaf-span"]
    (9, 16)
    """
    if not isinstance(tree, PoolingTree):
        raise InvalidArgumentError(f"Argument 'tree' must be a PoolingTree, not {tree!r}")
    M = as_positive_int(M, "M")
    ws = _widths(tree, widths)
    part = as_partition(partition, tree.num_modes)
    rows, cols = set(part.rows), set(part.cols)
    out: dict[str, int] = {}
    out["leaf-span"] = min(
        math.prod(min(ws[tree.leaf_level(i)], M) for i in rows),
        math.prod(min(ws[tree.leaf_level(j)], M) for j in cols),
    )
    top = tree.children(tree.structure)
    covered = set()
    for child in top:
        modes = set(tree.modes_under(child))
        if modes <= rows:
            covered |= modes
    if covered == rows:
        out["top-split"] = ws[tree.height - 1]
    if _is_balanced_binary(tree):
        N = tree.num_modes
        for Lc in range(1, tree.height + 1):
            b = 2 ** (Lc - 1)
            if part.rows == tuple(i for i in range(N) if (i // b) % 2 == 0):
                out[f"block-depth:Lc={Lc}"] = depth_lc_dimension(M, ws, Lc) ** (N // (2 * b))
    out["span-recursion"] = _span_recursion(tree, M, ws, rows, bool(shared))
    return out


def best_rule(bounds: dict[str, int]) -> tuple[str, int]:
    """The smallest bound, preferring the simplest rule on ties (insertion order of ``bounds``).

    >>> best_rule({"leaf-span": 4, "top-split": 2, "span-recursion": 2})
    ('top-split', 2)
    """
    best = min(bounds.values())
    for name, value in bounds.items():
        if value == best:
            return name, value
    raise AssertionError("empty bounds")  # pragma: no cover


def _kernel_bound(net: Any, part: Any, value: int, weight_space: str) -> Certificate:
    """``generic_matricization_rank(architecture of net) <= value``, proved by the kernel's structural recursions
    (whose bound must not exceed ``value``)."""
    from .structured import structural_upper

    up = structural_upper(net, part, about="architecture", weight_space=weight_space)
    if up.value > value:  # pragma: no cover - the kernel's recursions are never weaker than these rules
        raise DomainError(f"the kernel's structural bound {up.value} exceeds the rule's bound {value}")
    return Certificate({**up.proposition, "value": int(value)}, up.evidence)


def upper_bound_certificate(tree: PoolingTree, M: int, widths: Any, partition: Any, shared: bool = False,
                            rule: str | None = None) -> Certificate:
    """``generic_matricization_rank <= U`` (every weight setting) with U the tightest applicable rule's bound (or the
    named rule's), as a version-2 certificate: the kernel proves a bound at most U by its structural recursions
    (``cut-recursion``, ``sep-recursion``, ``tied-cut-recursion`` in the shared weight space).

    >>> from exactnet.tensors import Partition
    >>> c = upper_bound_certificate(PoolingTree.binary(4), 3, (2, 2), Partition.named("odd-even", 4))
    >>> c.value, c.relation, c.check().facts["value"]
    (4, '<=', 4)
    >>> upper_bound_certificate(PoolingTree.binary(4), 3, (2, 2), "odd-even", rule="top-split")
    Traceback (most recent call last):
      ...
    exactnet.errors.PartitionError: Argument 'rule' must name a rule that applies to this partition (leaf-span, block-depth:Lc=1, span-recursion), not 'top-split' (type=str)
    """
    from ..networks import DeepConvAC

    part = as_partition(partition, tree.num_modes)
    bounds = structural_bounds(tree, M, widths, part, shared=shared)
    if rule is None:
        name, value = best_rule(bounds)
    else:
        keys = [k for k in bounds if k == rule or k.startswith(rule + ":")]
        if not keys:
            raise PartitionError(
                f"Argument 'rule' must name a rule that applies to this partition ({', '.join(bounds)}), "
                f"not {rule!r} (type={type(rule).__name__})"
            )
        name, value = keys[0], bounds[keys[0]]
    uses_shared = name.partition(":")[0] == "span-recursion" and shared
    ws = _widths(tree, widths)
    net = DeepConvAC.random(tree, M, ws, shared=uses_shared, seed=0)  # the architecture's shapes (weights unread)
    return _kernel_bound(net, part, value, "shared" if uses_shared else "unshared")


def shallow_rank_bound(N: int, M: int, Z: int, partition: Any = "odd-even") -> Certificate:
    """``rank [A]_{I,J} <= Z`` for every shallow ConvAC with Z channels, as a version-2 certificate about the
    shallow architecture (method ``sep-recursion``: Z products of one-sided factors).

    >>> c = shallow_rank_bound(4, 3, 5)
    >>> c.value, c.is_valid()
    (5, True)
    """
    from ..networks import ShallowConvAC

    N = as_positive_int(N, "N")
    M = as_positive_int(M, "M")
    Z = as_positive_int(Z, "Z")
    part = as_partition(partition, N)
    return _kernel_bound(ShallowConvAC.random(N, M, Z, seed=0), part, Z, "unshared")
