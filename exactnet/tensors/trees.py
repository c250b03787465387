r"""Pooling trees of convolutional arithmetic circuits.  **Modes (leaves) are 0-based.**

A :class:`PoolingTree` is a frozen value object around ``structure``: nested tuples where a leaf is
an int mode index in ``0..N-1`` and an internal node is a tuple of >= 2 children.  Every mode
appears exactly once.  The root is an internal node (N >= 2).

A *node* is named by its sub-structure: a leaf by its int mode index, an internal node by its tuple
(unique in the tree, because every mode appears once).

* ``height``: height of the root (leaves have height 0).
* **level** of a node = ``height - depth(node)``: the root is at level ``height``; siblings share a level.
  A node (or leaf) at level l outputs r_l channels.  In a full tree every leaf is at level 0.
* :meth:`PoolingTree.internal_nodes`: the internal nodes **except the root**, ordered by level ascending,
  then left to right.  This is the order of ``node_weights`` everywhere (networks, JSON, HT decompositions).

Examples
--------
>>> t = PoolingTree.from_windows(8, 2)
>>> t.structure
(((0, 1), (2, 3)), ((4, 5), (6, 7)))
>>> t.height, t.internal_nodes()[:2], t.internal_nodes()[4]
(3, ((0, 1), (2, 3)), ((0, 1), (2, 3)))
>>> PoolingTree.from_nested([[0, 2], [1]])
Traceback (most recent call last):
  ...
exactnet.errors.ShapeError: Argument 'tree[1]' is an internal node with a single child [1]; an internal node pools >= 2 children (write the child itself instead)
"""

from __future__ import annotations

import reprlib  # bounded in depth: the tree may be nested deeper than the interpreter recurses
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..errors import InvalidArgumentError, ResourceLimitError, ShapeError
from ._util import describe

__all__ = ["PoolingTree"]


def _classify(obj: Any, name: str, seen: dict[int, str], N: int | None) -> tuple[bool, Any]:
    """``(True, mode)`` for a valid leaf, ``(False, items)`` for an internal node; errors name ``name``."""
    if isinstance(obj, np.ndarray):
        obj = obj.tolist()
    if isinstance(obj, bool):
        raise ShapeError(f"Argument '{name}' must be a mode index (int) or a list of >= 2 subtrees, not {describe(obj)}")
    if hasattr(obj, "__index__") and not isinstance(obj, (list, tuple)):
        i = int(obj.__index__())
        if i < 0 or (N is not None and i >= N):
            rng = f"0..{N - 1}" if N is not None else ">= 0"
            raise ShapeError(
                f"Argument '{name}' must be a mode index in {rng} (0-based), not {describe(obj)}"
            )
        if i in seen:
            raise ShapeError(
                f"Every mode must appear exactly once in the tree; mode {i} appears twice (at '{seen[i]}' and '{name}')"
            )
        seen[i] = name
        return True, i
    if isinstance(obj, (list, tuple)):
        if len(obj) == 0:
            raise ShapeError(f"Argument '{name}' is an empty internal node; an internal node pools >= 2 children")
        if len(obj) == 1:
            raise ShapeError(
                f"Argument '{name}' is an internal node with a single child {reprlib.repr(list(obj))}; "
                "an internal node pools >= 2 children (write the child itself instead)"
            )
        return False, obj
    raise ShapeError(
        f"Argument '{name}' must be a mode index (int) or a list of >= 2 subtrees, not {describe(obj)}"
    )


def _normalize(obj: Any, name: str, seen: dict[int, str], N: int | None) -> Any:
    """Lists -> tuples, numpy ints -> int; check arity and leaf types; record where each mode occurs.

    Iterative (pre-order, left to right), so deep trees (a caterpillar over hundreds of modes) are fine.
    """
    is_leaf, val = _classify(obj, name, seen, N)
    if is_leaf:
        return val
    stack: list[list] = [[val, name, [], 0]]
    while True:
        frame = stack[-1]
        items, nm, out, k = frame
        if k == len(items):
            stack.pop()
            node = tuple(out)
            if not stack:
                return node
            stack[-1][2].append(node)
            continue
        frame[3] = k + 1
        cname = f"{nm}[{k}]"
        is_leaf, val = _classify(items[k], cname, seen, N)
        if is_leaf:
            out.append(val)
        else:
            stack.append([val, cname, [], 0])


def _map_nested(node: Any, leaf: Any, make: Any) -> Any:
    """Rebuild nested tuples/lists bottom-up without recursion: leaves through ``leaf``, nodes through ``make``."""
    if not isinstance(node, (list, tuple)):
        return leaf(node)
    stack: list[list] = [[node, [], 0]]
    while True:
        frame = stack[-1]
        items, out, k = frame
        if k == len(items):
            stack.pop()
            built = make(out)
            if not stack:
                return built
            stack[-1][1].append(built)
            continue
        frame[2] = k + 1
        child = items[k]
        if isinstance(child, (list, tuple)):
            stack.append([child, [], 0])
        else:
            out.append(leaf(child))


def _preorder(node: Any) -> list:
    """Every node below (and including) ``node``, pre-order left to right, with its depth: [(node, depth), ...]."""
    out = []
    stack = [(node, 0)]
    while stack:
        n, d = stack.pop()
        out.append((n, d))
        if isinstance(n, tuple):
            for ch in reversed(n):
                stack.append((ch, d + 1))
    return out


def _validate_structure(obj: Any, N: int | None, name: str) -> tuple:
    if isinstance(obj, np.ndarray):
        obj = obj.tolist()
    if hasattr(obj, "__index__") and not isinstance(obj, (list, tuple)) and not isinstance(obj, bool):
        raise ShapeError(
            f"Argument '{name}' must be a nested list with an internal root (N >= 2 modes), not the single leaf "
            f"{describe(obj)}"
        )
    seen: dict[int, str] = {}
    structure = _normalize(obj, name, seen, N)
    n = N if N is not None else max(seen) + 1
    missing = [i for i in range(n) if i not in seen]
    if missing:
        raise ShapeError(
            f"Argument '{name}' must contain every mode 0..{n - 1} (0-based) exactly once; mode {missing[0]} is "
            f"missing" + (f" (all missing: {missing})" if len(missing) > 1 else "")
        )
    return structure


def _as_count(value: Any, name: str, minimum: int) -> int:
    if isinstance(value, bool) or not hasattr(value, "__index__"):
        raise InvalidArgumentError(f"Argument '{name}' must be an int >= {minimum}, not {describe(value)}")
    n = int(value.__index__())
    if n < minimum:
        raise InvalidArgumentError(f"Argument '{name}' must be an int >= {minimum}, not {describe(value)}")
    return n


#: the most leaves a pooling tree is built with from a count N (EXACTNET_MAX_TREE_LEAVES raises it): tree
#: facts cost time growing faster than N, and the largest trees of exact use have far fewer leaves
MAX_TREE_LEAVES = 1 << 15


def _as_leaf_count(value: Any) -> int:
    import os

    n = _as_count(value, "N", 2)
    limit = int(os.environ.get("EXACTNET_MAX_TREE_LEAVES") or MAX_TREE_LEAVES)
    if n > limit:
        raise ResourceLimitError(
            f"Argument 'N' asks for a pooling tree of {n} leaves, above the limit of {limit} leaves (its node facts "
            "take time and memory growing faster than N). Ways out: a smaller N, a closed-form bound "
            "(e.g. 'exactnet structured' with a smaller instance or the Theorem-1 bounds), or raise the limit with "
            "the environment variable EXACTNET_MAX_TREE_LEAVES")
    return n


def _balanced(items: list) -> Any:
    if len(items) == 1:
        return items[0]
    half = (len(items) + 1) // 2
    return (_balanced(items[:half]), _balanced(items[half:]))


@dataclass(frozen=True)
class PoolingTree:
    """A pooling tree (frozen).  ``structure``: nested tuples; leaves are 0-based mode indices.

    Build with :meth:`from_windows`, :meth:`from_nested`, :meth:`binary` or :meth:`mirror`;
    the constructor validates too (``PoolingTree(((0, 1), 2))``).

    Examples
    --------
    >>> t = PoolingTree.from_nested([[0, 1], 2])
    >>> t.height, t.node_level((0, 1)), t.leaf_level(2), t.leaf_level(0)
    (2, 1, 1, 0)
    >>> t.children(t.root), t.modes_under((0, 1))
    (((0, 1), 2), (0, 1))
    """

    structure: tuple
    _cache: dict = field(default_factory=dict, init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "structure", _validate_structure(self.structure, None, "tree"))

    def _flat(self) -> tuple:
        """The structure as a flat pre-order token tuple (equality and hashing without recursion)."""
        c = self._cache
        if "flat" not in c:
            tokens: list = []
            stack = [self.structure]
            while stack:
                x = stack.pop()
                if isinstance(x, tuple):
                    tokens.append(-len(x))  # an internal node with len(x) children (leaves are >= 0)
                    stack.extend(reversed(x))
                else:
                    tokens.append(x)
            c["flat"] = tuple(tokens)
        return c["flat"]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PoolingTree):
            return NotImplemented
        return self is other or self._flat() == other._flat()

    def __hash__(self) -> int:
        return hash(self._flat())

    # ---------------------------------------------------------------- constructors
    @classmethod
    def from_nested(cls, obj: Any, N: int | None = None, name: str = "tree") -> "PoolingTree":
        """Validate nested lists/tuples (e.g. parsed JSON): every mode 0..N-1 exactly once, internal nodes >= 2 children.

        ``N`` defaults to (largest mode + 1).  A :class:`PoolingTree` is accepted (and checked against ``N``).

        >>> PoolingTree.from_nested([[0, 1], [2, 3, 4]]).structure
        ((0, 1), (2, 3, 4))
        >>> PoolingTree.from_nested([[0, 1], [3, 4]])
        Traceback (most recent call last):
          ...
        exactnet.errors.ShapeError: Argument 'tree' must contain every mode 0..4 (0-based) exactly once; mode 2 is missing
        >>> PoolingTree.from_nested([[0, 1], [1, 2]])
        Traceback (most recent call last):
          ...
        exactnet.errors.ShapeError: Every mode must appear exactly once in the tree; mode 1 appears twice (at 'tree[0][1]' and 'tree[1][0]')
        """
        n = None if N is None else _as_leaf_count(N)
        if isinstance(obj, PoolingTree):
            obj = obj.structure
        structure = _validate_structure(obj, n, name)
        return cls(structure)

    @classmethod
    def from_windows(cls, N: int, windows: Any) -> "PoolingTree":
        """Contiguous pooling windows, bottom-up.

        ``windows`` is an int w (every level pools w consecutive nodes; N must be a power of w) or a
        sequence of window sizes bottom-up whose product is N (each must divide the node count of its level).

        >>> PoolingTree.from_windows(4, 2).structure
        ((0, 1), (2, 3))
        >>> PoolingTree.from_windows(12, (2, 3, 2)).structure
        (((0, 1), (2, 3), (4, 5)), ((6, 7), (8, 9), (10, 11)))
        >>> PoolingTree.from_windows(12, 2)
        Traceback (most recent call last):
          ...
        exactnet.errors.ShapeError: Argument 'N' must be a power of the window size 2 when 'windows' is an int, not 12; pass a sequence of window sizes bottom-up whose product is 12, e.g. windows=(2, 2, 3)
        """
        n = _as_leaf_count(N)
        if isinstance(windows, bool):
            raise InvalidArgumentError(f"Argument 'windows' must be an int >= 2 or a sequence of them, not {describe(windows)}")
        if hasattr(windows, "__index__"):
            w = _as_count(windows, "windows", 2)
            seq = []
            m = n
            while m > 1 and m % w == 0:
                seq.append(w)
                m //= w
            if m != 1:
                hint = _factor_hint(n)
                raise ShapeError(
                    f"Argument 'N' must be a power of the window size {w} when 'windows' is an int, not {n}; "
                    f"pass a sequence of window sizes bottom-up whose product is {n}" + (f", e.g. windows={hint}" if hint else "")
                )
        else:
            if isinstance(windows, (str, bytes)) or not hasattr(windows, "__iter__"):
                raise InvalidArgumentError(
                    f"Argument 'windows' must be an int >= 2 or a sequence of them, not {describe(windows)}"
                )
            seq = [_as_count(w, f"windows[{k}]", 2) for k, w in enumerate(windows)]
            if not seq:
                raise InvalidArgumentError("Argument 'windows' must not be empty")
        nodes: list = list(range(n))
        for k, w in enumerate(seq):
            if len(nodes) == 1:
                raise ShapeError(
                    f"Argument 'windows' has too many levels: after {list(seq[:k])} a single root is left, "
                    f"but windows[{k}]={w} follows (the product of the windows must be N={n})"
                )
            if len(nodes) % w:
                raise ShapeError(
                    f"Argument 'windows[{k}]'={w} must divide the {len(nodes)} nodes of level {k} evenly "
                    f"(windows {tuple(seq)} for N={n}); the product of the windows must be N"
                )
            nodes = [tuple(nodes[j : j + w]) for j in range(0, len(nodes), w)]
        if len(nodes) != 1:
            raise ShapeError(
                f"Argument 'windows'={tuple(seq)} leaves {len(nodes)} nodes at the top instead of one root; "
                f"the product of the windows must be N={n} (the last window pools globally)"
            )
        return cls(nodes[0])

    @classmethod
    def binary(cls, N: int) -> "PoolingTree":
        """Balanced binary tree over contiguous modes (= ``from_windows(N, 2)`` when N is a power of 2).

        For other N the halves are split recursively, the left half taking the extra mode.

        >>> PoolingTree.binary(4) == PoolingTree.from_windows(4, 2)
        True
        >>> PoolingTree.binary(5).structure
        (((0, 1), 2), (3, 4))
        """
        n = _as_leaf_count(N)
        return cls(_balanced(list(range(n))))

    @classmethod
    def mirror(cls, N: int) -> "PoolingTree":
        """1-D mirror pooling: the first level pools mode i with mode N-1-i; above, a balanced binary tree.

        The first-level nodes are ``(0, N-1), (1, N-2), ...`` (in that order); N must be even.
        This is the 1-D analogue of the ICLR-2017 "mirror" pooling, which favours
        symmetric partitions such as low-high.

        >>> PoolingTree.mirror(8).structure
        (((0, 7), (1, 6)), ((2, 5), (3, 4)))
        """
        n = _as_leaf_count(N)
        if n % 2:
            raise ShapeError(f"Argument 'N' must be even for mirror pooling, not {n}")
        pairs = [(i, n - 1 - i) for i in range(n // 2)]
        return cls(_balanced(pairs))

    # ---------------------------------------------------------------- cached facts
    def _facts(self) -> dict:
        c = self._cache
        if "depth" in c:
            return c
        depth: dict = {}
        order: list = []  # pre-order
        for node, d in _preorder(self.structure):
            depth[node] = d
            order.append(node)
        height = max(depth[x] for x in order if isinstance(x, int))
        leaves = tuple(x for x in order if isinstance(x, int))
        parent: dict = {}
        for node in order:
            if isinstance(node, tuple):
                for ch in node:
                    parent[ch] = node
        levels: list[list] = [[] for _ in range(height + 1)]
        # left-to-right at each level = pre-order restricted to that level
        for node in order:
            levels[height - depth[node]].append(node)
        internal = tuple(
            node
            for lvl in range(height + 1)
            for node in levels[lvl]
            if isinstance(node, tuple) and node is not self.structure
        )
        c.update(
            depth=depth,
            height=height,
            leaves=leaves,
            parent=parent,
            levels=tuple(tuple(lv) for lv in levels),
            internal=internal,
            internal_index={node: k for k, node in enumerate(internal)},
            by_id={id(node): node for node in order if isinstance(node, tuple)},
        )
        return c

    @staticmethod
    def _height(node) -> int:
        return max(d for n, d in _preorder(node) if isinstance(n, int))

    def _node(self, node: Any, name: str = "node") -> Any:
        """Normalize a node given as a tuple/list/int and check it is in this tree."""
        facts = self._facts()
        if isinstance(node, tuple):  # the tree's own node object: found by identity (no deep comparison)
            own = facts["by_id"].get(id(node))
            if own is node:
                return node
        key = _as_key(node)
        try:
            ok = key in facts["depth"]
        except TypeError:
            ok = False
        if not ok:
            raise InvalidArgumentError(
                f"Argument '{name}' must be a node of the tree {self.to_nested()} (a mode index or a sub-tree), "
                f"not {describe(node)}"
            )
        return key

    # ---------------------------------------------------------------- public facts
    @property
    def root(self) -> tuple:
        """The root node (= ``structure``)."""
        return self.structure

    @property
    def num_modes(self) -> int:
        """N, the number of leaves."""
        return len(self._facts()["leaves"])

    @property
    def height(self) -> int:
        """Height of the root; leaves have height 0."""
        return self._facts()["height"]

    @property
    def levels(self) -> tuple:
        """``levels[l]``: the nodes (leaves and internal) at level l, left to right; ``levels[height] == (root,)``.

        >>> PoolingTree.from_nested([[0, 1], 2]).levels
        ((0, 1), ((0, 1), 2), (((0, 1), 2),))
        """
        return self._facts()["levels"]

    def leaves_left_to_right(self) -> tuple:
        """The modes in the order the tree's leaves appear (left to right).

        >>> PoolingTree.from_nested([[3, 0], [1, 2]]).leaves_left_to_right()
        (3, 0, 1, 2)
        """
        return self._facts()["leaves"]

    def is_leaf(self, node: Any) -> bool:
        """True for a leaf (an int mode index).

        >>> t = PoolingTree.binary(4)
        >>> t.is_leaf(3), t.is_leaf((2, 3))
        (True, False)
        """
        return isinstance(self._node(node), int)

    def depth(self, node: Any) -> int:
        """Distance from the root (root: 0).

        >>> PoolingTree.from_nested([[0, 1], 2]).depth(0)
        2
        """
        return self._facts()["depth"][self._node(node)]

    def node_level(self, node: Any) -> int:
        """Level = ``height - depth(node)`` (root at level ``height``).

        >>> PoolingTree.from_windows(8, 2).node_level((0, 1))
        1
        """
        return self.height - self.depth(node)

    def leaf_level(self, mode: int) -> int:
        """Level of the leaf of ``mode`` (0 in a full tree).

        >>> PoolingTree.from_nested([[0, 1], 2]).leaf_level(2)
        1
        """
        if isinstance(mode, bool) or not hasattr(mode, "__index__") or isinstance(mode, tuple):
            raise InvalidArgumentError(
                f"Argument 'mode' must be an int in 0..{self.num_modes - 1} (0-based), not {describe(mode)}"
            )
        m = int(mode.__index__())
        if not 0 <= m < self.num_modes:
            raise InvalidArgumentError(
                f"Argument 'mode' must be an int in 0..{self.num_modes - 1} (0-based), not {describe(mode)}"
            )
        return self.height - self._facts()["depth"][m]

    def children(self, node: Any) -> tuple:
        """Children of a node, left to right (``()`` for a leaf).  Lists are accepted for tuples.

        >>> t = PoolingTree.binary(4)
        >>> t.children(t.root), t.children([0, 1]), t.children(2)
        (((0, 1), (2, 3)), (0, 1), ())
        """
        key = self._node(node)
        return key if isinstance(key, tuple) else ()

    def parent(self, node: Any) -> Any:
        """The parent node (``None`` for the root).

        >>> PoolingTree.binary(4).parent(2)
        (2, 3)
        """
        return self._facts()["parent"].get(self._node(node))

    def modes_under(self, node: Any) -> tuple:
        """The modes (leaves) below ``node`` **in left-to-right leaf order** (use ``sorted`` for the set).

        >>> PoolingTree.from_nested([[2, 0], 1]).modes_under((2, 0))
        (2, 0)
        """
        key = self._node(node)
        return tuple(n for n, _ in _preorder(key) if isinstance(n, int))

    def internal_nodes(self, include_root: bool = False) -> tuple:
        """Internal nodes **except the root** (unless ``include_root``), by level ascending then left to right.

        This is the order of ``node_weights``.

        >>> PoolingTree.from_nested([[0, 1], [[2, 3], 4]]).internal_nodes()   # (2, 3) is at level 1
        ((2, 3), (0, 1), ((2, 3), 4))
        """
        nodes = self._facts()["internal"]
        return nodes + (self.structure,) if include_root else nodes

    def node_index(self, node: Any) -> int:
        """Position of an internal non-root node in :meth:`internal_nodes` (its index in ``node_weights``).

        >>> PoolingTree.from_windows(8, 2).node_index((4, 5))
        2
        """
        key = self._node(node)
        idx = self._facts()["internal_index"].get(key)
        if idx is None:
            raise InvalidArgumentError(
                f"Argument 'node' must be an internal node other than the root, not {describe(node)}"
            )
        return idx

    def to_nested(self) -> list:
        """The structure as nested lists (the JSON form).

        >>> PoolingTree.from_windows(4, 2).to_nested()
        [[0, 1], [2, 3]]
        """
        return _map_nested(self.structure, int, list)


def _as_key(node: Any) -> Any:
    """Lists -> tuples and numpy ints -> int, recursively (no validation)."""
    if isinstance(node, np.ndarray):
        node = node.tolist()
    if isinstance(node, (list, tuple)):
        return _map_nested(node, _as_key, tuple)
    if isinstance(node, bool):
        return node
    if hasattr(node, "__index__"):
        try:
            return int(node.__index__())
        except TypeError:
            return node
    return node


def _factor_hint(n: int) -> tuple | None:
    """Prime factors of n, ascending, as a window-sequence hint (None for a prime)."""
    f = []
    m = n
    p = 2
    while p * p <= m:
        while m % p == 0:
            f.append(p)
            m //= p
        p += 1
    if m > 1:
        f.append(m)
    return tuple(f) if len(f) > 1 else None
