"""``exactnet search``: look for a counterexample to a conjecture (built-in, or ``FILE.py:NAME``).

:func:`add_commands` is called by :func:`exactnet.cli.build_parser`; the handler returns the exit code and
may raise ExactnetError (the CLI turns it into one line on stderr, exit 2).

::

    exactnet search NAME | FILE.py:NAME [--strategy exhaustive|random|targeted] [--max-size K]
                    [--budget 60s|1000] [--workers N] [--scheduler ADDRESS|local] [--store FILE] [--resume]
                    [--seed S] [--json] [--out FILE] [--export FILE.jsonl|FILE.csv]
    exactnet search --list [--json]

Examples
--------
>>> from exactnet.cli import main
>>> main(["search", "no-such-file.py:x"])
2
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any, Callable

__all__ = ["add_commands"]

_DESCRIPTION = """\
Search for a counterexample to a conjecture: a built-in one (see --list) or one
of your own, given as FILE.py:NAME (a Python file defining Conjecture values;
see docs/conjectures.md). Every instance is checked exactly; a counterexample is
reported as a refutation only when the evidence is genuine (an exact value, or a
bound in the right direction, whose certificate the kernel re-checks);
contradicting evidence without such a certificate is a potential
counterexample, never a refutation.

Strategies:
  exhaustive  every instance in size order (default): the first counterexample is
              minimal in that order, every smaller instance was checked
  random      Hypothesis draws (--budget of them, default 200), then shrinking:
              the counterexample is locally minimal
  targeted    hill-climbing on the conjecture's score: no minimality claimed

Exit codes: 0 the conjecture holds on every instance up to the size searched;
1 refuted (a certified counterexample); 2 bad input (usage, file, conjecture);
3 unknown (no genuine counterexample, but not every instance was shown to hold:
budget, potential counterexamples, bounds in the wrong direction, errors)."""

_EPILOG = """examples:
  exactnet search --list
  exactnet search my_conjectures.py:rank-grows --max-size 8
  exactnet search my_conjectures.py:rank-grows --workers 2 --store run.sqlite --resume
  exactnet search my_conjectures.py:rank-grows --strategy random --seed 3 --budget 500 --json --out cex.json"""


def add_commands(sub: argparse._SubParsersAction) -> dict[str, Callable[[argparse.Namespace], int]]:
    s = sub.add_parser("search", help="search for a counterexample to a conjecture (built-in or FILE.py:NAME)",
                       description=_DESCRIPTION, epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    s.add_argument("conjecture", nargs="?", metavar="NAME|FILE.py:NAME",
                   help="a built-in conjecture (see --list) or FILE.py:NAME")
    s.add_argument("--list", action="store_true", help="list the built-in conjectures with their sources")
    s.add_argument("--strategy", choices=("exhaustive", "random", "targeted"), default=None,
                   help="how to search (default: the conjecture's, usually exhaustive)")
    s.add_argument("--max-size", type=int, default=None, metavar="K",
                   help="check instances of size <= K (default: the conjecture's, else the whole space)")
    s.add_argument("--budget", dest="search_budget", default=None, metavar="60s|1000",
                   help="stop after a time (60s, 5m, 1h) or a number of instances (1000); the answer is then "
                        "'unknown' unless a counterexample was found")
    s.add_argument("--workers", type=int, default=1, metavar="N", help="worker processes (default 1)")
    s.add_argument("--scheduler", default=None, metavar="ADDRESS|local",
                   help="run on Dask distributed: 'local' starts a LocalCluster of --workers processes, "
                        "tcp://host:port joins a running scheduler")
    s.add_argument("--store", default=None, metavar="FILE",
                   help="keep every instance's record (with its certificate) in this SQLite file")
    s.add_argument("--resume", action="store_true",
                   help="continue the search stored in --store FILE: stored instances are not recomputed")
    s.add_argument("--seed", type=int, default=0, metavar="S", help="seed of the random and targeted strategies")
    s.add_argument("--json", action="store_true", help="machine-readable output")
    s.add_argument("--out", default=None, metavar="FILE", help="write the counterexample's certificate to FILE")
    s.add_argument("--export", default=None, metavar="FILE.jsonl|FILE.csv",
                   help="write every instance's record to a JSON-lines or CSV file")
    return {"search": _cmd_search}


def _cmd_search(args: argparse.Namespace) -> int:
    from .cli import _UsageError

    if args.list:
        return _list(args)
    if not args.conjecture:
        raise _UsageError("search: give a conjecture (a built-in NAME or FILE.py:NAME), or --list "
                          "(see 'exactnet search --help')")
    if args.export is not None and Path(args.export).suffix.lower() not in (".jsonl", ".csv"):
        raise _UsageError(f"search: --export must name a .jsonl or .csv file, not {args.export!r}")
    from .conjectures import search

    tmp = None
    store = args.store
    if store is None and args.export is not None:
        tmp = tempfile.TemporaryDirectory()
        store = str(Path(tmp.name) / "search.sqlite")
    try:
        result = search(args.conjecture, strategy=args.strategy, max_size=args.max_size, budget=args.search_budget,
                        workers=args.workers, scheduler=args.scheduler, store=store, resume=args.resume,
                        seed=args.seed, progress=sys.stderr.isatty())
        exported = None
        if args.export is not None:
            from .scale import Store

            db = Store(store)
            try:
                db.export(args.export)
            finally:
                db.close()
            exported = args.export
    finally:
        if tmp is not None:
            tmp.cleanup()
    path = None
    if args.out is not None and result.certificate is not None:
        path = str(result.certificate.save(args.out))
    code = {"holds-up-to": 0, "refuted": 1}.get(result.status, 3)
    if args.json:
        from .cli import _emit_json

        out = result.to_json()
        if args.out is not None:
            out["certificate"] = path
        out.update(certificate_file=path, store=args.store, export=exported, exit_code=code)
        _emit_json(out)
        return code
    print(result.report())
    if args.out is not None:
        print(f"  certificate written to {path}" if path else "  no counterexample: no certificate written")
    if args.store is not None:
        print(f"  records stored in {args.store}")
    if exported is not None:
        print(f"  records exported to {exported}")
    return code


def _list(args: argparse.Namespace) -> int:
    from .conjectures import library

    lib = library()
    if args.json:
        from .cli import _emit_json

        _emit_json([c.describe() for c in lib])
        return 0
    if not lib:
        print("no built-in conjectures")
        return 0
    import textwrap

    for c in lib:
        expected = _expected(c.expected)
        print(f"{c.name}  [{c.strategy}" + (f", max size {c.max_size}" if c.max_size is not None else "") + "]"
              + (f"  expected: {expected}" if expected else ""))
        for label, text in (("", c.statement), ("source: ", c.source_text)):
            if text:
                for i, line in enumerate(textwrap.wrap(label + text, 92)):
                    print("    " + line if i == 0 else "      " + line)
    return 0


def _expected(expected: Any) -> str:
    if not expected:
        return ""
    if isinstance(expected, (tuple, list)) and len(expected) == 2:
        status, what = expected
        if isinstance(what, dict):
            return f"{status} at " + ", ".join(f"{k}={v}" for k, v in what.items())
        return f"{status} {what}"
    return str(expected)
