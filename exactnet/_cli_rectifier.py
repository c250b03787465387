"""``exactnet`` commands for rectifier networks.

:func:`add_commands` is called by :func:`exactnet.cli.build_parser`; handlers return the exit code and
may raise ExactnetError (the CLI turns it into one line on stderr, exit 2).  Use the helpers of
:mod:`exactnet.cli` (``_emit_json``, ``_error``, ``_tty_bar``, ``_Phases``) for output.

``exactnet compare --M 2 --N 4 [--windows 2 | --tree '[[0,[1,2]],3]'] [--widths 3,2] [--out DIR|FILE.json] [--json]``
    product vs ReLU + max vs ReLU + average pooling side by side (universal or not, odd-even rank
    reached, shallow width forced), every figure certified and re-verified by the independent checker;
    the whole table is one ``pooling-comparison`` certificate (when M^N <= 256), written by
    ``--out FILE.json`` (or ``.json.gz``); ``--out DIR`` writes every part as its own file.
"""

from __future__ import annotations

import argparse
from typing import Callable


def _int_list(text: str) -> list[int]:
    try:
        return [int(x) for x in text.split(",") if x.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be comma-separated integers such as 3,2, not {text!r}") from None


def _windows(text: str):
    vals = _int_list(text)
    return vals[0] if len(vals) == 1 else vals


def _tree(text: str):
    from .core.jsonfile import parse_json  # any depth (a caterpillar tree is nested as deep as it has leaves)

    try:
        obj = parse_json(text, "--tree")
    except ValueError:  # (FormatError included)
        obj = None
    if not isinstance(obj, list):
        raise argparse.ArgumentTypeError(f"must be a JSON nested list of 0-based modes such as [[0,[1,2]],3], not {text!r}")
    return obj


def add_commands(sub: argparse._SubParsersAction) -> dict[str, Callable[[argparse.Namespace], int]]:
    """Add this module's subcommands to ``sub``; return ``{command: handler}``.

    >>> sub = argparse.ArgumentParser().add_subparsers()
    >>> sorted(add_commands(sub))
    ['compare']
    """
    p = sub.add_parser("compare", help="product vs max vs average pooling: universality, ranks, shallow width (certified)",
                       description="Compare product, ReLU + max and ReLU + average pooling on one architecture "
                                   ". Every figure is certified and re-verified. When --budget runs out, the "
                                   "poolings finished so far are reported with status partial (exit 0).")
    p.add_argument("--M", type=int, required=True, help="number of templates / representation functions")
    p.add_argument("--N", type=int, required=True, help="number of inputs (even)")
    shape = p.add_mutually_exclusive_group()
    shape.add_argument("--windows", type=_windows, default=None,
                       help="pooling windows, e.g. 2 or 2,2 (bottom-up); default 2")
    shape.add_argument("--tree", type=_tree, default=None,
                       help="any pooling tree as JSON nested lists of 0-based modes, e.g. '[[0,[1,2]],3]' (uneven "
                            "trees allowed)")
    p.add_argument("--widths", type=_int_list, default=None,
                   help="channel widths per level, e.g. 3,2 (default M+1 then 2)")
    p.add_argument("--out", metavar="DIR|FILE.json",
                   help="a path ending in .json or .json.gz: write the table as one pooling-comparison certificate; "
                        "else a directory: write every certificate behind the table into it")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    return {"compare": _compare}


def _is_file(path: str) -> bool:
    return path.endswith((".json", ".json.gz"))


def _compare(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .cli import _emit_json
    from .theorems.rectifier import UNIT_LIMIT, compare_pooling

    from .errors import BudgetExceededError

    window = 2 if args.windows is None else args.windows
    done: list = []
    stopped = None
    try:
        cmp = compare_pooling(args.N, args.M, tree=args.tree, widths=args.widths, window=window, done=done)
    except BudgetExceededError as exc:  # partial: the poolings finished so far stand, each with its certificates
        from .core.budget import disarm
        from .tensors import PoolingTree
        from .theorems.rectifier import PoolingComparison, _tree_for

        disarm()  # the answer below is written in full
        t = PoolingTree.from_windows(args.N, window) if args.tree is None else _tree_for(args.tree, args.N)
        ws = tuple(args.widths) if args.widths is not None else (args.M + 1,) + (2,) * (t.height - 1)
        cmp = PoolingComparison(args.M, args.N, t.to_nested(), ws, tuple(done))
        stopped = (f"partial: {len(done)} of 3 poolings ({', '.join(r['pooling'] for r in done) or 'none'}) finished "
                   f"before the budget ran out ({exc})")
    checked = 0
    for cert in cmp.certificates():
        cert.check()  # CertificateError -> exit 1 through exactnet.cli.main
        checked += 1
    table = None
    if stopped is None and (cmp.M ** cmp.N <= UNIT_LIMIT or (args.out and _is_file(args.out))):  # else ResourceLimitError
        table = cmp.certificate
        table.check()
    written = []
    if args.out and _is_file(args.out) and table is not None:
        written.append(str(table.save(args.out)))
    elif args.out:
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        for r in cmp.rows:
            for key, cert in r["certificates"].items():
                if isinstance(cert, tuple):  # the unit realizations: one file each, in a subdirectory
                    if cert:
                        (out / f"{r['pooling']}-{key}").mkdir(exist_ok=True)
                    for k, c in enumerate(cert):
                        written.append(str(c.save(out / f"{r['pooling']}-{key}" / f"{k:04d}.json")))
                elif cert is not None:
                    written.append(str(cert.save(out / f"{r['pooling']}-{key}.json")))
    if args.json:
        _emit_json({"ok": True, **cmp.to_dict(), "certificates_checked": checked,
                    "table_certificate": "valid" if table is not None else None, "written": written,
                    "status": "partial" if stopped else "complete", "stopped": stopped})
    else:
        print(cmp.table())
        print(f"verified: {checked} certificates re-checked by the independent checker")
        if table is not None:
            print("verified: the whole table as one pooling_comparison certificate (every figure derived by the rule comparison-table from its premises)")
        if written:
            print(f"written:  {len(written)} certificate file{'s' if len(written) > 1 else ''} "
                  f"{'as' if len(written) == 1 and _is_file(args.out) else 'into'} {args.out}")
        if stopped:
            print(stopped)
    return 0
