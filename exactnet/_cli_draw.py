"""``exactnet draw``: write the teaching pictures of :mod:`exactnet.plotting` to files.

::

    exactnet draw tree --N 8 [--windows 2 | --geometry mirror | --tree JSON] [--partition odd-even] --out tree.png
    exactnet draw matricization --N 4 --M 2 --widths 2,1 [--witness | --seed S] [--partition odd-even] --out m.png
    exactnet draw rank-vs-n [--N-max 64] [--M 2] [--width 2] [--certify] --out gap.png
    exactnet draw arrangement --weights "1,0;0,1;1,1" --biases "0,0,-1/2" [--box="-1,1;-1,1"] --out arr.png

Every form takes ``--json`` (prints what was drawn). **Modes are 0-based.**

>>> import os, tempfile
>>> from exactnet.cli import main
>>> main(["draw", "tree", "--N", "4", "--out", os.path.join(tempfile.mkdtemp(), "t.png")])
wrote ... (pooling tree, N = 4, ...)
0
"""

from __future__ import annotations

import argparse
import json
from typing import Any, Callable

from .errors import InvalidArgumentError

__all__ = ["add_commands"]


def _rows(text: str, option: str) -> list[list[str]]:
    rows = [[x.strip() for x in r.split(",")] for r in text.split(";") if r.strip()]
    if not rows or any(not all(r) for r in rows):
        raise InvalidArgumentError(f"Argument '{option}' must be rows of comma-separated rationals separated by ';' "
                                   f"(e.g. \"1,0;0,1\"), not {text!r}")
    return rows


def add_commands(sub: argparse._SubParsersAction) -> dict[str, Callable[[argparse.Namespace], int]]:
    """Add ``draw`` to ``sub``; return ``{command: handler}``."""
    d = sub.add_parser("draw", help="write a teaching picture (pooling tree, matricization, rank vs N, arrangement)",
                       description="Draw a picture with exactnet.plotting and write it to --out (PNG/SVG/PDF by "
                                   "extension). Needs matplotlib (pip install 'exactnet[plot]'). Modes are 0-based.")
    what = d.add_subparsers(dest="what", metavar="WHAT")
    what.required = True
    t = what.add_parser("tree", help="a pooling tree, leaves coloured by a partition")
    t.add_argument("--N", type=int, required=True)
    t.add_argument("--windows", default="2", help="pooling window size (or sizes bottom-up); N for a shallow network")
    t.add_argument("--geometry", choices=("contiguous", "mirror"), default="contiguous")
    t.add_argument("--tree", default=None, help="an explicit tree: nested JSON of 0-based modes, e.g. [[0,3],[1,2]]")
    t.add_argument("--partition", default=None, help="odd-even, low-high, ... or 0-based row modes such as 0,1")
    m = what.add_parser("matricization", help="the matricization of a deep ConvAC's grid tensor as a heatmap")
    m.add_argument("--N", type=int, required=True)
    m.add_argument("--M", type=int, required=True)
    m.add_argument("--widths", required=True, help="one width per level, comma-separated")
    m.add_argument("--windows", default="2")
    m.add_argument("--partition", default="odd-even")
    m.add_argument("--seed", type=int, default=0, help="random integer weights in [-3, 3] from this seed")
    m.add_argument("--witness", action="store_true", help="Bentkamp's witness weights instead of random ones")
    r = what.add_parser("rank-vs-n", help="generic rank and parameter counts against N, log scale")
    r.add_argument("--N-max", type=int, default=64, dest="n_max")
    r.add_argument("--M", type=int, default=2)
    r.add_argument("--width", type=int, default=2)
    r.add_argument("--certify", action="store_true", help="certify every rank and re-check it")
    from .core.budget import parse_duration

    r.add_argument("--budget", type=parse_duration, default=None, metavar="TIME",
                   help="wall-clock time budget such as 60s, 2m or 1h (default 45 s): a clean refusal when it runs out")
    a = what.add_parser("arrangement", help="the lines of one ReLU layer with 2 inputs")
    a.add_argument("--weights", required=True, help='rows "w0,w1;..." (rationals: integers or p/q)')
    a.add_argument("--biases", required=True, help='"b0,b1,..."')
    a.add_argument("--box", default="-1,1;-1,1")
    for p in (t, m, r, a):
        p.add_argument("--out", required=True, help="the picture file (.png, .svg, .pdf)")
        p.add_argument("--json", action="store_true")
    return {"draw": _cmd_draw}


def _jsonable(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {k: _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_jsonable(v) for v in obj]
    if isinstance(obj, (int, str, bool)) or obj is None:
        return obj
    return str(obj)


def _cmd_draw(args: argparse.Namespace) -> int:
    from . import plotting
    from ._cli_geometry import parse_partition

    if args.what == "tree":
        from .core.jsonfile import parse_json
        from .tensors import PoolingTree
        from .theorems.geometry_bounds import named_geometry_tree

        if args.tree is not None:
            try:
                nested = parse_json(args.tree, "--tree")  # any depth (a caterpillar is as deep as it is long)
            except ValueError:  # (FormatError included)
                raise InvalidArgumentError(f"Argument '--tree' must be nested JSON lists of 0-based modes, "
                                           f"not {args.tree!r}") from None
            tree = PoolingTree.from_nested(nested, N=args.N)
        else:
            windows = [int(w) for w in args.windows.split(",")] if args.windows.replace(",", "").isdigit() else None
            if windows is None:
                raise InvalidArgumentError(f"Argument '--windows' must be integers such as 2 or 2,4, not {args.windows!r}")
            windows = windows[0] if len(windows) == 1 else windows
            tree = (named_geometry_tree(args.N, windows, args.geometry) if args.geometry != "contiguous"
                    else PoolingTree.from_windows(args.N, windows))
        part = None if args.partition is None else parse_partition(args.partition, args.N)
        fig = plotting.plot_tree(tree, part, path=args.out)
    elif args.what == "matricization":
        from .networks import DeepConvAC, bentkamp_witness
        from .tensors import PoolingTree

        widths = [int(w) for w in args.widths.split(",")]
        if args.witness:
            net = bentkamp_witness(args.N, args.M, widths)
        else:
            net = DeepConvAC.random(PoolingTree.from_windows(args.N, int(args.windows)), args.M, widths,
                                    seed=args.seed, low=-3, high=3)
        part = parse_partition(args.partition, args.N)
        from .core.linalg import rank
        from .tensors import matricize

        A = net.grid_tensor(output=0)
        res = rank(matricize(A, part))
        cert = res.certificate
        fig = plotting.plot_matricization(A, part, witness=(cert.rows, cert.cols), path=args.out,
                                          title=f"odd-even matricization: rank {res.rank} over Q"
                                          if args.partition == "odd-even" else f"rank {res.rank} over Q")
        fig.exactnet["rank"] = res.rank
    elif args.what == "rank-vs-n":
        if args.n_max // 2 * max(args.M, 2).bit_length() > 1000:  # a plot's axes are floats (below 2^1024)
            raise InvalidArgumentError(f"Argument '--N-max' must keep the ranks M^(N/2) plottable (below 2^1000; "
                                       f"N up to {2000 // max(args.M, 2).bit_length()} for M = {args.M}), not {args.n_max}")
        Ns, n = [], 2
        while n <= args.n_max:
            Ns.append(n)
            n *= 2
        if not Ns:
            raise InvalidArgumentError(f"Argument '--N-max' must be at least 2, not {args.n_max}")
        fig = plotting.plot_rank_vs_N(Ns, args.M, args.width, certify=args.certify, path=args.out)
    else:
        from ._cli_regions import parse_box

        W = _rows(args.weights, "--weights")
        b = _rows(args.biases, "--biases")[0]
        lo, hi = parse_box(args.box)
        fig = plotting.plot_arrangement(W, b, [[lo[0], hi[0]], [lo[1], hi[1]]] if len(lo) == 2 else None,
                                        path=args.out)
    facts = dict(fig.exactnet)
    facts["out"] = args.out
    import matplotlib.pyplot as plt

    title = fig.axes[0].get_title() if fig.axes else ""
    plt.close(fig)
    if args.json:
        print(json.dumps(_jsonable(facts)))
    else:
        print(f"wrote {args.out} ({title})")
    return 0
