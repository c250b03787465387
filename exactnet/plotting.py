"""Teaching pictures: pooling trees, matricization heatmaps, the depth gap against N, hyperplane arrangements.

Every function returns a matplotlib ``Figure`` (and writes it to ``path`` when one is given, PNG/SVG/PDF
by extension). matplotlib is an optional dependency (``pip install "exactnet[plot]"``); it is imported
only when a picture is drawn, and a clear error says how to install it when it is missing. Region plots
are :func:`exactnet.regions.plot_regions`.

All numbers are computed exactly; floats appear only as drawing coordinates and colours. **Modes are
0-based.**

* :func:`plot_tree` -- a pooling tree (shallow CP = one node pooling every mode; deep HT = a tree), each
  node labelled with the modes it pools and coloured by the side of a partition it sees;
* :func:`plot_matricization` -- ``[A]_{I,J}`` as a heatmap with row and column multi-index labels and an
  optional highlighted minor;
* :func:`depth_gap` and :func:`plot_rank_vs_N` -- generic odd-even rank (= the width a shallow network
  needs) and parameter counts against N on a log scale;
* :func:`plot_arrangement` -- the hyperplanes (lines) of one ReLU layer on a 2-D box, clipped exactly.

>>> from exactnet.plotting import depth_gap
>>> [(row["N"], row["generic_rank"], row["deep_params"]) for row in depth_gap([4, 8], M=2, width=2)]
[(4, 4, 26), (8, 16, 58)]
"""

from __future__ import annotations

import os
from fractions import Fraction
from typing import Any, Sequence

from .errors import InvalidArgumentError, ShapeError
from .errors import describe_value as describe

__all__ = ["plot_tree", "plot_matricization", "depth_gap", "plot_rank_vs_N", "plot_arrangement"]

#: colours of the two sides of a partition, and of a node that sees both
ROW_COLOUR = "#4C72B0"
COL_COLOUR = "#DD8452"
MIXED_COLOUR = "#8C8C8C"


def _plt():
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise ImportError("exactnet's pictures need matplotlib: pip install 'exactnet[plot]' "
                          "(or pip install matplotlib)") from None
    import matplotlib.pyplot as plt  # the default backend (Agg on a machine without a display)

    return plt


#: the most leaves of a drawn pooling tree
MAX_TREE_LEAVES = 256


def _finish(fig: Any, path: Any) -> Any:
    fig.tight_layout()
    if path is not None:
        if not isinstance(path, (str, os.PathLike)):
            raise InvalidArgumentError(f"Argument 'path' must be a file path (str or PathLike), not {describe(path)}")
        try:
            fig.savefig(os.fspath(path), dpi=110, bbox_inches="tight")
        except ValueError as exc:  # an unknown file format (by suffix)
            raise InvalidArgumentError(f"Argument 'path' must end in a picture format such as .png, .svg or .pdf, "
                                       f"not {describe(os.fspath(path))} ({exc})") from None
        except OSError as exc:
            raise InvalidArgumentError(f"Argument 'path' must be a writable file, not {describe(os.fspath(path))} "
                                       f"({exc.strerror or exc})") from None
    return fig


def _as_tree(tree: Any):
    from .tensors import PoolingTree

    if isinstance(tree, PoolingTree):
        return tree
    if isinstance(tree, (list, tuple)):
        return PoolingTree.from_nested(tree)
    raise InvalidArgumentError(f"Argument 'tree' must be a PoolingTree or nested lists of 0-based modes, "
                               f"not {describe(tree)}")


def _modes_text(modes: Sequence[int], limit: int = 6) -> str:
    ms = sorted(modes)
    if len(ms) > limit:
        return "{" + f"{ms[0]}..{ms[-1]}" + "}" if ms == list(range(ms[0], ms[-1] + 1)) else f"{len(ms)} modes"
    return "{" + ",".join(str(m) for m in ms) + "}"


# ============================================================================================== tree
def plot_tree(tree: Any, partition: Any = None, *, path: Any = None, title: str | None = None,
              ax: Any = None) -> Any:
    """Draw a pooling tree: leaves (inputs/modes) at the bottom, the root on top.

    Each internal node is labelled with the modes it pools; with a ``partition`` (a name such as
    ``"odd-even"``, row modes, or a :class:`~exactnet.tensors.Partition`) leaves are coloured by their
    side (rows I / columns J) and an internal node takes the colour of its side when all its modes lie
    on one side, grey when it pools modes of both sides (it is *split* by the partition). A shallow
    network (CP) is the tree with one node pooling every mode: ``PoolingTree.from_windows(N, N)``.

    Returns the figure; ``fig.exactnet`` holds what was drawn (nodes, split nodes).

    >>> from exactnet.tensors import PoolingTree
    >>> fig = plot_tree(PoolingTree.binary(4), "odd-even")
    >>> fig.exactnet["split_nodes"]
    [[0, 1], [2, 3], [0, 1, 2, 3]]
    >>> plot_tree("not a tree")
    Traceback (most recent call last):
      ...
    exactnet.errors.InvalidArgumentError: Argument 'tree' must be a PoolingTree or nested lists of 0-based modes, not 'not a tree' (type=str)
    """
    from .tensors import as_partition

    t = _as_tree(tree)
    N = t.num_modes
    if N > MAX_TREE_LEAVES:  # the picture is 0.75 inch per leaf
        raise InvalidArgumentError(f"Argument 'tree' must have at most {MAX_TREE_LEAVES} leaves to be drawn, not {N}")
    part = None if partition is None else as_partition(partition, N, name="partition")
    plt = _plt()
    if ax is None:
        fig, ax = plt.subplots(figsize=(max(4.0, 0.75 * N + 1.5), 1.3 * t.height + 2.0))
    else:
        fig = ax.figure
    leaves = t.leaves_left_to_right()
    pos: dict = {}
    for k, m in enumerate(leaves):
        pos[m] = (float(k), 0.0)

    def place(node):
        if t.is_leaf(node):
            return pos[node]
        xs = [place(c)[0] for c in t.children(node)]
        pos[node] = (sum(xs) / len(xs), float(t.node_level(node)))
        return pos[node]

    place(t.root)

    def colour(node) -> str:
        if part is None:
            return "white"
        ms = set(t.modes_under(node)) if not t.is_leaf(node) else {node}
        if ms <= set(part.rows):
            return ROW_COLOUR
        if ms <= set(part.cols):
            return COL_COLOUR
        return MIXED_COLOUR

    split = []
    for node in t.internal_nodes(include_root=True):
        for c in t.children(node):
            (x0, y0), (x1, y1) = pos[node], pos[c]
            ax.plot([x0, x1], [y0, y1], color="0.35", linewidth=1.2, zorder=1)
    for node in t.internal_nodes(include_root=True):
        x, y = pos[node]
        ms = t.modes_under(node)
        fc = colour(node)
        if part is not None and fc == MIXED_COLOUR:
            split.append(list(ms))
        ax.scatter([x], [y], s=420, marker="s", color=fc, edgecolors="black", zorder=2)
        ax.annotate(_modes_text(ms), (x, y), xytext=(0, 15), textcoords="offset points", ha="center",
                    fontsize=8)
    for m in leaves:
        x, y = pos[m]
        ax.scatter([x], [y], s=360, marker="o", color=colour(m), edgecolors="black", zorder=2)
        ax.annotate(str(m), (x, y), ha="center", va="center", fontsize=9, zorder=3,
                    color="white" if part is not None else "black")
    ax.set_xlim(-0.7, N - 0.3)
    ax.set_ylim(-0.6, t.height + 0.7)
    ax.set_yticks(range(t.height + 1))
    ax.set_yticklabels(["inputs"] + [f"level {lv}" for lv in range(1, t.height)] + ["root"]
                       if t.height > 1 else ["inputs", "root"])
    ax.set_xticks([])
    for side in ("top", "right", "bottom"):
        ax.spines[side].set_visible(False)
    kind = "shallow (CP): one pooling node" if t.height == 1 else f"deep (HT): {t.height} pooling levels"
    ax.set_title(title if title is not None else f"pooling tree, N = {N}, {kind}", fontsize=10)
    if part is not None:
        from matplotlib.lines import Line2D

        handles = [Line2D([], [], marker="o", linestyle="", markerfacecolor=ROW_COLOUR, markeredgecolor="black",
                          markersize=10, label=f"rows I = {_modes_text(part.rows, 8)}"),
                   Line2D([], [], marker="o", linestyle="", markerfacecolor=COL_COLOUR, markeredgecolor="black",
                          markersize=10, label=f"columns J = {_modes_text(part.cols, 8)}"),
                   Line2D([], [], marker="s", linestyle="", markerfacecolor=MIXED_COLOUR, markeredgecolor="black",
                          markersize=10, label=f"node split by (I, J): {len(split)}")]
        ax.legend(handles=handles, loc="upper left", fontsize=8, frameon=False, bbox_to_anchor=(1.0, 1.0))
    fig.exactnet = {"kind": "tree", "N": N, "tree": t.to_nested(), "height": t.height,
                    "partition_rows": None if part is None else list(part.rows), "split_nodes": split}
    return _finish(fig, path)


# ====================================================================================== matricization
def _fractions(X: Any, name: str):
    from .core.qarray import QArray

    if isinstance(X, QArray):
        return X
    try:
        return QArray.from_nested(X)
    except Exception as exc:  # noqa: BLE001 - re-raised with the argument's name
        raise InvalidArgumentError(f"Argument '{name}' must be a QArray or nested lists of exact numbers, "
                                   f"not {describe(X)} ({exc})") from None


def plot_matricization(tensor: Any, partition: Any = None, *, witness: Any = None, path: Any = None,
                       title: str | None = None, annotate: bool | None = None, ax: Any = None) -> Any:
    """Heatmap of the matricization ``[A]_{I,J}`` of a tensor (or of a matrix as given).

    ``tensor``: a QArray (or nested lists) of order N >= 2; ``partition``: a name, row modes or a
    Partition (default: the tensor is already a matrix, drawn as is). Rows are labelled with the
    values of the row modes (last row mode fastest), columns likewise. ``witness``: ``(rows, cols)``
    index lists of a minor to outline (e.g. a rank certificate's non-singular minor). Entries are written
    in the cells when the matrix is at most 16 x 16 (``annotate``).

    Returns the figure; ``fig.exactnet`` holds the shape, the mode labels and the witness.

    >>> fig = plot_matricization([[[1, 0], [0, 0]], [[0, 0], [0, 1]]], [0])
    >>> fig.exactnet["shape"], fig.exactnet["row_modes"], fig.exactnet["col_modes"]
    ((2, 4), [0], [1, 2])
    >>> plot_matricization([[1, 2], [3, 4]], witness=([0, 5], [0]))
    Traceback (most recent call last):
      ...
    exactnet.errors.ShapeError: Argument 'witness' must index rows 0..1 and columns 0..1 of the 2 x 2 matrix, not rows [0, 5] and columns [0]
    """
    import itertools

    from .tensors import as_partition, matricize

    A = _fractions(tensor, "tensor")
    if partition is None:
        if A.ndim != 2:
            raise ShapeError(f"Argument 'tensor' of order {A.ndim} needs a 'partition' (e.g. 'odd-even'); only a "
                             "matrix is drawn as is")
        X = A
        row_modes, col_modes = None, None
        row_labels = [str(i) for i in range(X.shape[0])]
        col_labels = [str(j) for j in range(X.shape[1])]
    else:
        part = as_partition(partition, A.ndim, name="partition")
        X = matricize(A, part)
        row_modes, col_modes = list(part.rows), list(part.cols)
        row_labels = ["".join(str(d) for d in idx) for idx in itertools.product(*[range(A.shape[i]) for i in row_modes])]
        col_labels = ["".join(str(d) for d in idx) for idx in itertools.product(*[range(A.shape[j]) for j in col_modes])]
    m, n = X.shape
    if witness is not None:
        try:
            wr, wc = [int(i) for i in witness[0]], [int(j) for j in witness[1]]
        except Exception:  # noqa: BLE001
            raise InvalidArgumentError(f"Argument 'witness' must be (rows, cols), two lists of indices, "
                                       f"not {describe(witness)}") from None
        if any(not 0 <= i < m for i in wr) or any(not 0 <= j < n for j in wc):
            raise ShapeError(f"Argument 'witness' must index rows 0..{m - 1} and columns 0..{n - 1} of the "
                             f"{m} x {n} matrix, not rows {wr} and columns {wc}")
    if m * n > 512 * 512:
        raise ShapeError(f"Argument 'tensor' gives a {m} x {n} matricization, too large to draw as a heatmap "
                         "(at most 512 x 512); pick a smaller instance")
    F = X.to_fractions()
    vals = [[float(F[i, j]) for j in range(n)] for i in range(m)]
    plt = _plt()
    if ax is None:
        fig, ax = plt.subplots(figsize=(min(11.0, 1.6 + 0.42 * n + 1.2), min(9.0, 1.4 + 0.42 * m)))
    else:
        fig = ax.figure
    vmax = max((abs(v) for row in vals for v in row), default=1.0) or 1.0
    im = ax.imshow(vals, cmap="RdBu_r", vmin=-vmax, vmax=vmax, interpolation="nearest")
    fig.colorbar(im, ax=ax, fraction=0.046, pad=0.04, label="entry")
    if annotate is None:
        annotate = m <= 16 and n <= 16
    if annotate:
        for i in range(m):
            for j in range(n):
                ax.text(j, i, str(F[i, j]), ha="center", va="center", fontsize=8,
                        color="white" if abs(vals[i][j]) > 0.6 * vmax else "black")
    if m <= 32:
        ax.set_yticks(range(m))
        ax.set_yticklabels(row_labels, fontsize=7, family="monospace")
    if n <= 32:
        ax.set_xticks(range(n))
        ax.set_xticklabels(col_labels, fontsize=7, family="monospace", rotation=90 if n > 8 else 0)
    ax.set_ylabel("rows" if row_modes is None else "rows: " + "".join(f"d{i} " for i in row_modes).strip())
    ax.set_xlabel("columns" if col_modes is None else "columns: " + "".join(f"d{j} " for j in col_modes).strip())
    if witness is not None:
        from matplotlib.patches import Rectangle

        for i in wr:
            for j in wc:
                ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, edgecolor="#2CA02C", linewidth=2.2))
    default = f"matricization, {m} x {n}" + ("" if witness is None else f"; green: a {len(wr)} x {len(wc)} minor")
    ax.set_title(title if title is not None else default, fontsize=10)
    fig.exactnet = {"kind": "matricization", "shape": (m, n), "row_modes": row_modes, "col_modes": col_modes,
                    "witness": None if witness is None else [wr, wc]}
    return _finish(fig, path)


# ========================================================================================= depth gap
def depth_gap(Ns: Sequence[int], M: int = 2, width: int = 2, *, certify: bool = False) -> list[dict]:
    """For each N (a power of 2), the deep binary-tree ConvAC with every width ``width``:

    * ``generic_rank``: its generic odd-even rank ``min(width, M)^(N/2)`` (exact integers; with
      ``certify=True`` each is certified, witness plus structural upper bound, and re-checked);
    * ``shallow_width``: the number of channels Z a shallow ConvAC needs to compute the same function
      (= the rank, since a shallow network's matricizations have rank <= Z);
    * ``deep_params`` and ``shallow_params``: weight counts (unshared) of the deep network and of that
      shallow network: ``N r M + (N - 2) r^2 + r`` and ``Z (N M + 1)``.

    >>> depth_gap([3])
    Traceback (most recent call last):
      ...
    exactnet.errors.InvalidArgumentError: Argument 'Ns' must hold powers of 2 >= 2 (binary pooling trees), not 3
    """
    from .core.rational import as_positive_int

    M = as_positive_int(M, "M")
    r = as_positive_int(width, "width")
    rows = []
    for N in Ns:
        N = as_positive_int(N, "Ns")
        if N < 2 or N & (N - 1):
            raise InvalidArgumentError(f"Argument 'Ns' must hold powers of 2 >= 2 (binary pooling trees), not {N}")
        R = min(r, M) ** (N // 2)
        status = "formula"
        if certify:
            from .tensors import PoolingTree
            from .theorems.structured import generic_odd_even_rank

            s = generic_odd_even_rank(PoolingTree.binary(N), M, r)
            s.certificate.check()
            if s.rank != R:  # pragma: no cover - the certificate is the authority
                R = s.rank
            status = s.status
        rows.append({"N": N, "M": M, "width": r, "generic_rank": R, "shallow_width": R,
                     "deep_params": N * r * M + (N - 2) * r * r + r, "shallow_params": R * (N * M + 1),
                     "status": status})
    return rows


def plot_rank_vs_N(Ns: Sequence[int] = (2, 4, 8, 16, 32, 64), M: int = 2, width: int = 2, *,
                   certify: bool = False, path: Any = None, title: str | None = None) -> Any:
    """Two panels on a log scale against N: the generic rank = shallow width needed next to the deep
    network's width; and the parameter counts of the deep network and of the shallow one it forces.

    The numbers are :func:`depth_gap`'s (certified with ``certify=True``); ``fig.exactnet["rows"]`` holds them.

    >>> fig = plot_rank_vs_N((2, 4, 8), M=2, width=2)
    >>> [row["shallow_width"] for row in fig.exactnet["rows"]]
    [2, 4, 16]
    """
    rows = depth_gap(Ns, M, width, certify=certify)
    plt = _plt()
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(10, 4))
    xs = [row["N"] for row in rows]
    a1.plot(xs, [row["shallow_width"] for row in rows], "o-", color=COL_COLOUR,
            label=r"shallow width needed $Z \geq \mathrm{rank}\,[A]$")
    a1.plot(xs, [row["width"] for row in rows], "s--", color=ROW_COLOUR, label=f"deep network: width r = {width}")
    a1.set_ylabel("channels (log scale)")
    a1.set_title(f"generic odd-even rank $\\min(r, M)^{{N/2}}$, M = {rows[0]['M']}", fontsize=10)
    a2.plot(xs, [row["shallow_params"] for row in rows], "o-", color=COL_COLOUR,
            label="shallow network needed: $Z(NM + 1)$")
    a2.plot(xs, [row["deep_params"] for row in rows], "s--", color=ROW_COLOUR,
            label="deep network: $NrM + (N-2)r^2 + r$")
    a2.set_ylabel("number of weights (log scale)")
    a2.set_title("parameters", fontsize=10)
    for a in (a1, a2):
        a.set_xscale("log", base=2)
        a.set_yscale("log", base=10 if max(r["shallow_params"] for r in rows) > 1e4 else 2)
        a.set_xticks(xs)
        a.set_xticklabels([str(x) for x in xs])
        a.set_xlabel("N (inputs)")
        a.grid(True, which="major", alpha=0.3)
        a.legend(fontsize=8, loc="upper left")
    if title:
        fig.suptitle(title)
    fig.exactnet = {"kind": "rank-vs-N", "rows": rows}
    return _finish(fig, path)


# ====================================================================================== arrangement
def _clip_line(w: Sequence[Fraction], b: Fraction, lo: Sequence[Fraction], hi: Sequence[Fraction]):
    """The exact segment of {x : w.x + b = 0} inside the box [lo, hi] (two endpoints), or None."""
    pts = []
    for k in (0, 1):
        other = 1 - k
        if w[other] == 0:
            continue
        for xk in (lo[k], hi[k]):
            xo = -(b + w[k] * xk) / w[other]
            if lo[other] <= xo <= hi[other]:
                p = [Fraction(0), Fraction(0)]
                p[k], p[other] = xk, xo
                if tuple(p) not in pts:
                    pts.append(tuple(p))
    if len(pts) < 2:
        return None
    pts.sort()
    return pts[0], pts[-1]


def plot_arrangement(weights: Any, biases: Any, box: Any, *, path: Any = None, title: str | None = None,
                     regions: bool = True, ax: Any = None) -> Any:
    """The hyperplane arrangement of one ReLU layer with 2 inputs: the line ``w_k . x + b_k = 0`` of each
    unit k (where it switches on), clipped exactly to the box, with an arrow on the side where the unit
    is active; with ``regions`` the title gives the exact number of regions the lines cut the box into.

    ``weights``: n1 rows of 2 exact numbers; ``biases``: n1 exact numbers; ``box``: ``[[lo0, hi0], [lo1, hi1]]``
    or a :class:`~exactnet.regions.Box`. ``fig.exactnet`` holds the exact segments and the region count.

    >>> fig = plot_arrangement([[1, 0], [0, 1], [1, 1]], [0, 0, "-1/2"], [[-1, 1], [-1, 1]])
    >>> fig.exactnet["regions"], [str(p) for p in fig.exactnet["segments"][2][0]]
    (7, ['-1/2', '1'])
    >>> plot_arrangement([[1, 0, 0]], [0], [[-1, 1], [-1, 1]])
    Traceback (most recent call last):
      ...
    exactnet.errors.ShapeError: Argument 'weights' must be n1 rows of 2 numbers (a layer with 2 inputs), not shape (1, 3)
    """
    from .core.rational import as_rational
    from .regions import Box

    W = _fractions(weights, "weights")
    if W.ndim != 2 or W.shape[1] != 2:
        raise ShapeError(f"Argument 'weights' must be n1 rows of 2 numbers (a layer with 2 inputs), not shape {W.shape}")
    n1 = W.shape[0]
    if not isinstance(biases, (list, tuple)) or len(biases) != n1:
        raise ShapeError(f"Argument 'biases' must be a list of {n1} exact numbers (one per row of 'weights'), "
                         f"not {describe(biases)}")
    bs = [as_rational(b, f"biases[{k}]") for k, b in enumerate(biases)]
    if isinstance(box, Box):
        lo, hi = list(box.lower), list(box.upper)
    else:
        try:
            lo = [as_rational(box[k][0], f"box[{k}][0]") for k in (0, 1)]
            hi = [as_rational(box[k][1], f"box[{k}][1]") for k in (0, 1)]
        except (TypeError, IndexError, KeyError):
            raise InvalidArgumentError(f"Argument 'box' must be [[lo0, hi0], [lo1, hi1]] or a Box, "
                                       f"not {describe(box)}") from None
    lo, hi = [Fraction(x) for x in lo], [Fraction(x) for x in hi]
    if len(lo) != 2 or any(a >= b for a, b in zip(lo, hi)):
        raise InvalidArgumentError(f"Argument 'box' must be a 2-D box with lo < hi, not {describe(box)}")
    F = W.to_fractions()
    ws = [[Fraction(F[k, 0]), Fraction(F[k, 1])] for k in range(n1)]
    for k, w in enumerate(ws):
        if w == [0, 0]:
            raise InvalidArgumentError(f"Argument 'weights' row {k} is zero: unit {k} has no hyperplane")
    segments = [_clip_line(w, Fraction(b), lo, hi) for w, b in zip(ws, bs)]
    count = None
    if regions:
        from .networks.pwl import relu_network
        from .regions import enumerate_regions

        net = relu_network([[[str(x) for x in w] for w in ws]], [[str(Fraction(b)) for b in bs]])
        count = enumerate_regions(net, Box([str(x) for x in lo], [str(x) for x in hi])).activation_regions
    plt = _plt()
    if ax is None:
        fig, ax = plt.subplots(figsize=(6.2, 5))
    else:
        fig = ax.figure
    cmap = plt.get_cmap("tab10")
    span = float(max(hi[0] - lo[0], hi[1] - lo[1]))
    for k, (seg, w, b) in enumerate(zip(segments, ws, bs)):
        eq = _equation(w, Fraction(b))
        if seg is None:
            ax.plot([], [], color=cmap(k % 10), label=f"unit {k}: {eq} (misses the box)")
            continue
        (p, q) = seg
        ax.plot([float(p[0]), float(q[0])], [float(p[1]), float(q[1])], color=cmap(k % 10), linewidth=2,
                label=f"unit {k}: {eq}")
        t = (k + 1) / (n1 + 1)  # arrows at different points along each line, so they do not overlap
        mx, my = float(p[0]) + t * float(q[0] - p[0]), float(p[1]) + t * float(q[1] - p[1])
        norm = float(w[0] ** 2 + w[1] ** 2) ** 0.5
        ax.annotate("", xy=(mx + 0.08 * span * float(w[0]) / norm, my + 0.08 * span * float(w[1]) / norm),
                    xytext=(mx, my), arrowprops={"arrowstyle": "->", "color": cmap(k % 10), "linewidth": 1.5})
    ax.set_xlim(float(lo[0]), float(hi[0]))
    ax.set_ylim(float(lo[1]), float(hi[1]))
    ax.set_aspect("equal", adjustable="box")
    ax.set_xlabel("$x_0$")
    ax.set_ylabel("$x_1$")
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.02, 1.0), frameon=False,
              title="arrow: side where the unit is on", title_fontsize=8)
    default = f"{n1} hyperplanes" + (f": {count} regions in the box" if count is not None else "")
    ax.set_title(title if title is not None else default, fontsize=10)
    fig.exactnet = {"kind": "arrangement", "units": n1, "segments": segments, "regions": count}
    return _finish(fig, path)


def _equation(w: Sequence[Fraction], b: Fraction) -> str:
    terms = []
    for c, v in zip(w, ("x0", "x1")):
        if c == 0:
            continue
        coef = "" if c == 1 else "-" if c == -1 else f"{c}"
        terms.append(f"{coef}{v}")
    s = " + ".join(terms).replace("+ -", "- ")
    if b:
        s += f" + {b}" if b > 0 else f" - {-b}"
    return s + " = 0"
