"""Independent checks of certificates about structured (dense-free) ranks and pooling-geometry bounds.

Imports only the standard library, numpy, python-flint and :mod:`exactnet.errors` (and this package).

``"kronecker-rank"``
    A deep ConvAC of *Kronecker form*: every leaf is at level 0, and the output row and row 0 of
    every conv above level 1 read channel 0 only (``(w, 0, ..., 0)`` with ``w != 0``).  Then
    ``A = c * (x)_{v at level 1} B_v`` with ``B_v = sum_a W_v[0, a] (x)_{children i} (F W_i^T)[:, a]``
    (for height 1, the root's output row is the block's weights), and
    ``[A]_{I,J}`` is, up to row and column permutations, the Kronecker product of the block
    matricizations ``[B_v]_{I cap v, J cap v}``, so ``rank = prod_v rank [B_v]`` (exactly).  The
    checker parses the network itself, verifies the pattern, builds every block exactly (Fractions)
    and ranks it by its own Gaussian elimination, compares with the stated block ranks and the
    product.  With ``"generic": true`` the claim extends to ``rank >= R`` almost everywhere (a rank-R
    point has a non-zero R x R minor, a non-zero polynomial in the weights); the witness must be a
    point of the named weight space.

``"pooling-bounds"``
    The Theorem-1 bounds of Cohen & Shashua (ICLR 2017) for one architecture and partition, generalized
    to any full pooling tree: ``lower = min(r_0, M)^S`` (S = number of level-1 windows holding modes of
    both I and J) and ``upper = min(M^{min(|I|,|J|)}, r_{L-1} prod_c c_c)`` with the recursion
    ``c_leaf = 1``, ``c_v = min(M^{min(|I cap v|, |J cap v|)}, r_{l-1} prod_{c child of v} c_c)``.
    The checker recomputes both from the architecture and the partition.  These are the paper's
    formulas (Cohen & Shashua 2017, Theorem 1); pair the lower bound with a ``kronecker-rank``
    witness to prove it.

The structural bounds of GC ConvACs (``sep-recursion``, ``cut-recursion``) are version-2 methods of the
kernel (:mod:`exactnet.kernel.overlap`).
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction
from typing import Any, Callable

import flint

from ._claim import check_rank_statements, require_numbers
from ._common import generic_claim
from ._network import (
    _Tree,
    _common_header,
    _fail,
    _get,
    _int,
    _partition,
    _short,
    is_shared_point,
    network_and_output,
    network_architecture,
    network_digest,
    parse_architecture,
)

__all__ = ["check_kronecker_rank", "check_pooling_bounds", "CHECKERS", "CONCLUDING"]

#: The largest block matricization (entries) this checker builds.
MAX_BLOCK_ENTRIES = 1 << 16


def _rank(rows: list[list[Fraction]]) -> int:
    """Rank over Q by plain Gaussian elimination on Fractions (small matrices only)."""
    a = [list(r) for r in rows]
    if not a:
        return 0
    m, n = len(a), len(a[0])
    rank = 0
    for c in range(n):
        piv = next((i for i in range(rank, m) if a[i][c] != 0), None)
        if piv is None:
            continue
        a[rank], a[piv] = a[piv], a[rank]
        pv = a[rank][c]
        for i in range(rank + 1, m):
            if a[i][c] != 0:
                f = a[i][c] / pv
                a[i] = [x - f * y for x, y in zip(a[i], a[rank])]
        rank += 1
        if rank == m:
            break
    return rank


def _level1_blocks(net: Any) -> list[Any]:
    tree: _Tree = net.tree
    if tree.height == 1:
        return [tree.structure]
    out = []

    def walk(node: Any, depth: int) -> None:
        if isinstance(node, int):
            return
        if tree.height - depth == 1:
            out.append(node)
            return
        for c in node:
            walk(c, depth + 1)

    walk(tree.structure, 0)
    return out


def _level_blocks(tree: "_Tree", level: int) -> list[Any]:
    """The nodes at ``level`` (= height - depth), left to right (every leaf is at level 0 here)."""
    out: list = []

    def walk(node: Any, depth: int) -> None:
        if tree.height - depth == level:
            out.append(node)
            return
        if not isinstance(node, int):
            for c in node:
                walk(c, depth + 1)

    walk(tree.structure, 0)
    return out


def _block_rank_at(net: Any, node: Any, w: list, I: set, f: str) -> int:
    """Rank of the ``(I cap v, J cap v)`` matricization of ``sum_a w[a] (pooled children of v)[a]``, with the
    subtree's values computed by this checker's own recursion in exact integers (each matrix scaled by the
    lcm of its denominators: a positive factor per block, which leaves the rank unchanged)."""
    from ._network import _cleared

    tree = net.tree
    T = net.T
    Fc, _ = _cleared(net.F)  # (T, M)

    def values(v: Any) -> tuple[list, list]:
        """(modes left to right, values[channel] = flat list over those modes in C order)."""
        if isinstance(v, int):
            L, _ = _cleared(net.leaf[v])
            return [v], [[sum(int(L[a][d]) * int(Fc[t][d]) for d in range(net.M)) for t in range(T)]
                         for a in range(len(L))]
        modes: list = []
        pooled: list | None = None
        for c in v:
            m, X = values(c)
            modes += m
            pooled = X if pooled is None else [[x * y for x in pa for y in xa] for pa, xa in zip(pooled, X)]
        assert pooled is not None
        if v is node:
            return modes, pooled
        W, _ = _cleared(net.node[net.node_index[id(v)]])
        return modes, [[sum(int(W[g][a]) * pooled[a][e] for a in range(len(pooled)) if W[g][a])
                        for e in range(len(pooled[0]))] for g in range(len(W))]

    n = len(tree.modes_under(node)) if not isinstance(node, int) else 1
    if T ** n > MAX_BLOCK_ENTRIES:
        raise _fail(f"the block over modes {tree.modes_under(node)} has {T ** n} entries; this checker builds at most "
                    f"{MAX_BLOCK_ENTRIES}", f)
    modes, pooled = values(node)
    D = math.lcm(*(x.denominator for x in w))
    wi = [int(x * D) for x in w]
    flat = [sum(wi[a] * pooled[a][e] for a in range(len(wi)) if wi[a]) for e in range(T ** n)]
    kI = [j for j, m in enumerate(modes) if m in I]
    kJ = [j for j, m in enumerate(modes) if m not in I]
    strides = [T ** (n - 1 - j) for j in range(n)]
    rows = []
    for dI in itertools.product(range(T), repeat=len(kI)):
        base = sum(d * strides[j] for j, d in zip(kI, dI))
        rows.append([flat[base + sum(d * strides[j] for j, d in zip(kJ, dJ))]
                     for dJ in itertools.product(range(T), repeat=len(kJ))])
    return int(flint.fmpz_mat(rows).rank())


def check_kronecker_rank(cert: dict) -> dict:
    """Verify a ``kronecker-rank`` certificate; return ``{"rank", "r", "partition", "architecture", ...}``."""
    _common_header(cert, "kronecker-rank")
    net_obj, net, output = network_and_output(cert)
    if net.kind != "deep-convac":
        raise _fail("the Kronecker form is about a deep-convac network", "network.kind")
    tree: _Tree = net.tree
    N = net.N
    rows, cols = _partition(_get(cert, "partition", ""), "partition", N)
    for i in range(N):
        if tree.leaf_level(i) != 0:
            raise _fail(f"leaf {i} is at level {tree.leaf_level(i)}; the Kronecker form needs every leaf at level 0",
                        "network.tree")
    level = _int(cert.get("block_level", 1), "block_level", 1)
    if level > tree.height:
        raise _fail(f"must be a level 1..{tree.height} of the tree, not {level}", "block_level")
    if tree.height > level:
        out = net.out[output]
        if out[0] == 0 or any(x != 0 for x in out[1:]):
            raise _fail(f"output row {output} must read channel 0 only ((w, 0, ..., 0) with w != 0), not "
                        f"{[str(x) for x in out]}", "network.output_weights")
        for k, (node, lvl) in enumerate(zip(tree.internal, tree.internal_levels)):
            if lvl > level:
                row = net.node[k][0]
                if row[0] == 0 or any(x != 0 for x in row[1:]):
                    raise _fail(f"node_weights[{k}] (level {lvl}) must have row 0 = (w, 0, ..., 0) with w != 0, "
                                f"not {[str(x) for x in row]}", f"network.node_weights[{k}]")
    I = set(rows)
    T = net.T
    blocks = _level1_blocks(net) if level == 1 else _level_blocks(tree, level)
    stated = _get(cert, "blocks", "")
    if not isinstance(stated, list) or len(stated) != len(blocks):
        raise _fail(f"must list the {len(blocks)} level-{level} blocks (left to right), not {_short(stated)}", "blocks")
    R = 1
    for b, node in enumerate(blocks):
        f = f"blocks[{b}]"
        kids = list(node)
        modes = _get(stated[b], "modes", f)
        if modes != tree.modes_under(node):
            raise _fail(f"block {b} covers modes {tree.modes_under(node)}, not {_short(modes)}", f"{f}.modes")
        if level >= 2:
            w = net.out[output] if node is tree.structure else net.node[net.node_index[id(node)]][0]
            rb = _block_rank_at(net, node, w, I, f)
            claimed = _int(_get(stated[b], "rank", f), f"{f}.rank", 0)
            if claimed != rb:
                raise _fail(f"block {b} (modes {tree.modes_under(node)}) has rank {rb}, not {claimed}", f"{f}.rank")
            R *= rb
            continue
        if tree.height == 1:
            w = net.out[output]
        else:
            w = net.node[net.node_index[id(node)]][0]
        # vec[j][a][t] = (F W_c^T)[t, a] for child c = kids[j]
        vecs = []
        for c in kids:
            L = net.leaf[c]
            vecs.append([[sum((L[a][d] * net.F[t][d] for d in range(net.M)), Fraction(0)) for t in range(T)]
                         for a in range(len(L))])
        kI = [j for j, c in enumerate(kids) if c in I]
        kJ = [j for j, c in enumerate(kids) if c not in I]
        if T ** len(kI) * T ** len(kJ) > MAX_BLOCK_ENTRIES:
            raise _fail(f"block {b} has {T ** len(kids)} entries; this checker builds at most {MAX_BLOCK_ENTRIES}", f)
        mat = []
        for dI in itertools.product(range(T), repeat=len(kI)):
            line = []
            for dJ in itertools.product(range(T), repeat=len(kJ)):
                total = Fraction(0)
                for a, wa in enumerate(w):
                    if wa == 0:
                        continue
                    term = wa
                    for j, t in zip(kI, dI):
                        term *= vecs[j][a][t]
                    for j, t in zip(kJ, dJ):
                        term *= vecs[j][a][t]
                    total += term
                line.append(total)
            mat.append(line)
        rb = _rank(mat)
        claimed = _int(_get(stated[b], "rank", f), f"{f}.rank", 0)
        if claimed != rb:
            raise _fail(f"block {b} (modes {tree.modes_under(node)}) has rank {rb}, not {claimed}", f"{f}.rank")
        R *= rb
    rank = _int(_get(cert, "rank", ""), "rank", 0)
    if rank != R:
        raise _fail(f"the product of the block ranks is {R}, not {rank}", "rank")
    if cert.get("generic", False) is True and R < 1:
        raise _fail("a generic lower bound needs rank >= 1", "rank")
    generic, space = generic_claim(cert)
    status = cert.get("status")
    if generic:
        if space in ("shared", "both") and not is_shared_point(net):
            raise _fail(f"the claim covers the {space} weight space, but the witness is not a point of the shared "
                        "weight space (its weights differ between locations)", "network.shared")
    elif status not in ("exact", None):
        raise _fail(f"a claim about this weight setting has status \"exact\", not {_short(status)}", "status")
    claim = cert.get("claim")
    check_rank_statements(claim, lower=R, upper=R)  # the witness's rank is exact; the generic part is ">="
    require_numbers(claim, {"rank": R})
    return {
        "kind": "kronecker-rank",
        "rank": R,
        "r": R,
        "exact": True,
        "blocks": len(blocks),
        "block_level": level,
        "partition": {"rows": rows, "cols": cols},
        "architecture": network_architecture(net),
        "generic": generic,
        "weight_space": space,
        "shared_point": is_shared_point(net),
        "output": output,
        "network_digest": network_digest(net_obj),
    }


def _thm1(arch: dict, rows: list[int]) -> tuple[int, int, int, list[int]]:
    """(S, lower, upper, [c_v for the level-1 windows]) of the generalized Theorem-1 bounds."""
    tree: _Tree = arch["tree"]
    widths, M = arch["widths"], arch["M"]
    I = set(rows)
    windows: list[Any] = []
    c1: list[int] = []

    def rec(node: Any, depth: int) -> tuple[int, int, int]:  # (|I cap v|, |J cap v|, c_v)
        if isinstance(node, int):
            return (1, 0, 1) if node in I else (0, 1, 1)
        level = tree.height - depth
        subs = [rec(c, depth + 1) for c in node]
        nI = sum(s[0] for s in subs)
        nJ = sum(s[1] for s in subs)
        c = min(M ** min(nI, nJ), widths[level - 1] * math.prod(s[2] for s in subs))
        if level == 1:
            windows.append(node)
            c1.append(c)
        return nI, nJ, c

    _, _, upper = rec(tree.structure, 0)
    S = sum(1 for w in windows if any(m in I for m in tree.modes_under(w)) and any(m not in I for m in tree.modes_under(w)))
    lower = min(widths[0], M) ** S
    return S, lower, upper, c1


def check_pooling_bounds(cert: dict) -> dict:
    """Verify a ``pooling-bounds`` certificate (generalized ICLR-2017 Theorem-1 bounds)."""
    _common_header(cert, "pooling-bounds")
    arch = parse_architecture(_get(cert, "architecture", ""), "architecture")
    if arch["kind"] != "deep-convac":
        raise _fail("the Theorem-1 bounds are about a deep-convac architecture", "architecture.kind")
    tree: _Tree = arch["tree"]
    for i in range(arch["num_inputs"]):
        if tree.leaf_level(i) != 0:
            raise _fail(f"leaf {i} is at level {tree.leaf_level(i)}; the bounds need every leaf at level 0",
                        "architecture.tree")
    rows, cols = _partition(_get(cert, "partition", ""), "partition", arch["num_inputs"])
    S, lower, upper, c1 = _thm1(arch, rows)
    for key, true in (("split_windows", S), ("lower", lower), ("upper", upper)):
        value = _int(_get(cert, key, ""), key, 0)
        if value != true:
            raise _fail(f"the formula gives {key} = {true} for this architecture and partition, not {value}", key)
    stated_c1 = _get(cert, "c_level1", "")
    if stated_c1 != c1:
        raise _fail(f"the recursion gives c^(1,k) = {c1} (level-1 windows, left to right), not {_short(stated_c1)}",
                    "c_level1")
    if cert.get("status") != "exact":
        raise _fail(f"the values of the formulas are exact; status must be \"exact\", not {_short(cert.get('status'))}",
                    "status")
    require_numbers(cert.get("claim"), {"lower": lower, "upper": upper})
    check_rank_statements(cert.get("claim"), lower=None, upper=upper)
    norm = dict(arch)
    norm["tree"] = tree.structure
    return {"kind": "pooling-bounds", "split_windows": S, "lower": lower, "upper": upper, "c_level1": c1,
            "c1_max": max(c1) if c1 else 0, "partition": {"rows": rows, "cols": cols}, "architecture": norm}


#: kind -> checker (takes the certificate dict, returns a CheckReport or a dict of proved values)
CHECKERS: dict[str, Callable[[dict], Any]] = {
    "kronecker-rank": check_kronecker_rank,
    "pooling-bounds": check_pooling_bounds,
}

#: the kinds among CHECKERS that state a verified ``conclusion``
CONCLUDING: frozenset = frozenset()
