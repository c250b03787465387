r"""The ``exactnet`` command line (``exactnet ...`` or ``python -m exactnet ...``).

Commands (every one takes ``--json`` for machine-readable output; rationals are strings)::

    exactnet verify [--out DIR] [--json] [--only ID ...] [--list]
    exactnet check FILE [--json]
    exactnet rank FILE (--partition NAME | --rows 0,2 [--cols 1,3]) [--output Y]
                       [--grid | --coefficient] [--json] [--out CERT]
    exactnet list [--json]

Exit codes: 0 success; 1 a check failed / a certificate is invalid; 2 usage, input or format error
(one readable line on stderr, no traceback; with ``--json`` also ``{"ok": false, "exit_code": 2,
"error": "..."}`` on stdout).  **Modes are 0-based** (``--rows 0,2`` are the paper's modes 1 and 3).
Long computations show a progress bar on stderr when stderr is a terminal, never otherwise.

Examples
--------
>>> main(["check", "no-such-file.json"])  # the one-line error goes to stderr
2
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
import time
from pathlib import Path
from typing import Any, Sequence

from ._version import __version__
from .errors import BudgetExceededError, CertificateError, ExactnetError, FormatError, PartitionError, describe_value

__all__ = ["main", "build_parser"]

PROG = "exactnet"


class _UsageError(Exception):
    """Bad command-line usage (exit 2)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2 (argparse prints usage + message otherwise)
        raise _UsageError(f"{message} (see '{self.prog} --help')")


_EPILOG = """examples:
  exactnet verify                          run every built-in claim (exit 1 if one fails)
  exactnet verify --only csh2016-thm1 --out certs/
  exactnet rank net.json --partition odd-even --out cert.json
  exactnet check cert.json

Modes are 0-based: the paper's odd modes 1, 3, 5, ... are our rows 0, 2, 4, ... ('odd-even').
Every command takes --json. Exit codes: 0 ok, 1 a check failed or a certificate is invalid,
2 usage, input or format error. File formats: docs/formats.md."""


_RANK_DESCRIPTION = """\
Exact rank over Q of the matricization [A]_{I,J} of a network's grid (or
coefficient) tensor or of a tensor file, with a certificate re-checked by the
independent checker. Modes are 0-based. Dense tensors above the memory limit
are refused before anything is allocated (EXACTNET_MAX_DENSE_BYTES raises it).

The certificate (--out):
  * for a network's grid tensor, a matricization_rank certificate tied to
    the network: it holds the network's circuit (not the matrix), and the
    checker recomputes the matricization from it, so the certified rank is
    the network's (e.g. N=8 inputs, T=6 templates: a 1296 x 1296
    matricization in a file of about 1 MB);
  * for the coefficient tensor and for tensor files, a rank certificate of
    the explicit matrix: it proves the rank of the matrix it states, NOT
    that this matrix is the network's matricization. The output says which
    (--json: "tied_to_network" and "untied_reason")."""


def build_parser() -> argparse.ArgumentParser:
    """The argparse parser of the ``exactnet`` command."""
    p = _Parser(prog=PROG, description="Exact-arithmetic checks of deep-network expressivity theory.",
                epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--version", action="version", version=f"exactnet {__version__}")
    sub = p.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND")

    v = sub.add_parser("verify", help="run every built-in claim, re-verify its certificates independently",
                       description="Run the built-in claims (see 'exactnet list' and docs/claims.md), build a "
                                   "certificate for each instance and re-verify it with the independent checker. "
                                   "Results are grouped by publication. Exit 1 if an instance fails; a valid "
                                   "certificate that differs from a published statement is reported as a "
                                   "finding (contradicts-published or sharper-than-published), not a failure.")
    v.add_argument("--out", metavar="DIR", help="write one certificate JSON per instance into DIR")
    v.add_argument("--json", action="store_true", help="machine-readable output")
    v.add_argument("--only", nargs="+", metavar="ID", help="run only these check ids")
    v.add_argument("--list", action="store_true", help="list checks and instances without running them")
    v.add_argument("--verbose", "-v", action="store_true", help="one line per instance, with the claim's statement")

    c = sub.add_parser("check", help="re-verify a saved certificate with the independent checker",
                       description="Re-verify a certificate file with the independent checker. Exit 0 if it "
                                   "proves its claim, 1 if it does not (the reason names the JSON field), "
                                   "2 if the file is unreadable or not a certificate.")
    c.add_argument("file", metavar="FILE", help="certificate .json or .json.gz")
    c.add_argument("--json", action="store_true", help="machine-readable output")

    r = sub.add_parser("rank", help="certified rank of a matricization of a network's or a tensor's JSON file",
                       description=_RANK_DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    r.add_argument("file", metavar="FILE", help="network or tensor JSON (.json or .json.gz)")
    g = r.add_mutually_exclusive_group()
    g.add_argument("--partition", metavar="NAME",
                   help="a partition name: odd-even | even-odd | low-high | high-low | blocks:K | interleaved-blocks:K | split:K | mirror-pairs (0-based: odd-even rows are 0,2,...)")
    g.add_argument("--rows", metavar="I", help="comma-separated 0-based row modes, e.g. 0,2")
    r.add_argument("--cols", metavar="J", help="comma-separated 0-based column modes (default: the complement)")
    r.add_argument("--output", type=int, default=None, metavar="Y", help="network output, 0-based (default 0)")
    t = r.add_mutually_exclusive_group()
    t.add_argument("--grid", action="store_true", help="grid tensor (default for networks)")
    t.add_argument("--coefficient", action="store_true", help="coefficient tensor")
    r.add_argument("--json", action="store_true", help="machine-readable output")
    r.add_argument("--out", metavar="CERT",
                   help="write the rank certificate to CERT (.json or .json.gz); which kind: see above")

    lst = sub.add_parser("list", help="list the registered checks and their instances",
                         description="List the registered checks, their sources and instances (no computation).")
    lst.add_argument("--json", action="store_true", help="machine-readable output")
    for name in _PLUGINS:  # commands of the rectifier, regions and geometry modules
        _COMMANDS.update(importlib.import_module(name).add_commands(sub))
    _add_budget_options(sub)
    return p


#: long commands that take ``--budget`` (a wall-clock time budget such as 60s, 2m, 1h)
_BUDGET_COMMANDS = ("verify", "compare", "structured", "overlap", "sweep", "bounds", "regions", "rank", "tt")
#: commands that pass --budget to their own search (which answers with partial counts) instead of a timer
_SELF_BUDGETED = ("regions",)
#: search-like commands that stop at DEFAULT_BUDGET seconds when no --budget is given (partial answer or refusal)
_DEFAULT_BUDGETED = ("overlap", "structured", "sweep", "tt", "compare", "draw")
DEFAULT_BUDGET = 45.0


def _add_budget_options(sub: argparse._SubParsersAction) -> None:
    from .core.budget import parse_duration

    for name in _BUDGET_COMMANDS:
        parser = sub.choices.get(name)
        if parser is not None and "--budget" not in parser._option_string_actions:
            parser.add_argument("--budget", type=parse_duration, default=None, metavar="TIME",
                                help="wall-clock time budget such as 60s, 2m or 1h: stop cleanly when it runs out "
                                     "(with the certified part done so far where the command has one)"
                                     + (f"; default {DEFAULT_BUDGET:g} s (pass --budget 10m to go on)"
                                        if name in _DEFAULT_BUDGETED else ""))


# ============================================================================================ helpers
def _json_default(obj: Any) -> Any:
    """Exact values that reach JSON output: rationals as "p/q" strings, never floats."""
    from fractions import Fraction

    if isinstance(obj, Fraction):
        return str(obj)
    if isinstance(obj, (tuple, set, frozenset)):
        return list(obj)
    if hasattr(obj, "tolist_str"):  # QArray
        return obj.tolist_str()
    raise TypeError(f"{type(obj).__name__} is not JSON data")


def _emit_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, indent=1, default=_json_default, allow_nan=False) + "\n")


def _error(message: str, as_json: bool = False, code: int = 2, label: str = "error") -> int:
    """One line on stderr (and, with --json, ``{"ok": false, ...}`` on stdout); return the exit code."""
    message = " ".join(message.split())  # one line, whatever the exception text holds
    if as_json:
        _emit_json({"ok": False, "exit_code": code, "error": message})
    sys.stderr.write(f"{PROG}: {label}: {message}\n")
    return code


def _tty_bar(total: int, **kwargs: Any) -> Any:
    """A tqdm progress bar on stderr when stderr is a terminal; None otherwise (pipes, files, CI logs)."""
    if not sys.stderr.isatty():
        return None
    try:
        from tqdm import tqdm
    except ImportError:  # pragma: no cover - tqdm is a dependency
        return None
    return tqdm(total=total, file=sys.stderr, leave=False, **kwargs)


class _Phases:
    """Named steps of one long command, shown as a progress bar on a terminal only (created at the first step)."""

    def __init__(self, total: int):
        self.total = total
        self.bar: Any = None
        self.done = -1

    def step(self, description: str) -> None:
        self.done += 1
        if self.bar is None:
            if self.done > 0:  # closed, or not a terminal
                return
            self.bar = _tty_bar(self.total, desc=description, bar_format="{desc} [step {n_fmt}/{total_fmt}, {elapsed}]")
            if self.bar is None:
                self.done = self.total  # not a terminal: never try again
            return
        self.bar.n = self.done
        self.bar.set_description_str(description, refresh=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None
        self.done = self.total


def _instances_json() -> list:
    from .claims import library

    return [
        {"id": c.id, "title": c.title, "claim": c.statement, "source": c.source.text(),
         "instances": [{"name": i.name, "params": i.params, "expected": i.expected} for i in c.instances]}
        for c in library().values()
    ]


def _cmd_list(args: argparse.Namespace) -> int:
    from .claims import library

    if args.json:
        _emit_json(_instances_json())
        return 0
    for c in library().values():
        print(_fit(f"{c.id}: {c.title}"))
        print(_fit(f"    source: {c.source.text()}"))
        for i in c.instances:
            print(_fit(f"    - {i.name}  (stated: {_short(i.expected)})"))
    return 0


def _short(v: Any, width: int = 60) -> str:
    text = ", ".join(f"{k}={x}" for k, x in v.items()) if isinstance(v, dict) else str(v)
    return text if len(text) <= width else text[: width - 3] + "..."


def _fit(line: str, width: int = 99) -> str:
    """One report line, cut to ``width`` characters."""
    return line if len(line) <= width else line[: width - 3] + "..."


# ============================================================================================ verify
def _cmd_verify(args: argparse.Namespace) -> int:
    from .claims import get_claim
    from .theorems.registry import get_check, iter_instances

    if args.list:
        return _cmd_list(args)
    if args.only:
        for cid in args.only:
            get_check(cid)  # UnknownTheoremError -> exit 2
    pairs = list(iter_instances(args.only))
    out_dir = None
    if args.out:
        out_dir = Path(args.out)
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise FormatError(f"cannot create the output directory: {exc.strerror or exc}", str(out_dir)) from None
    bar = _tty_bar(len(pairs), unit="instance")
    start = time.perf_counter()
    rows = []
    stopped = None
    try:
        for check, inst in pairs:
            if bar is not None:
                bar.set_description(f"{check.id} {inst['name']}")
            outcome = check.run(inst)
            budget = getattr(args, "budget", None)
            if budget is not None and time.perf_counter() - start >= budget:  # the instance cut short is not run
                if outcome.verdict == "failed":
                    raise BudgetExceededError(f"time budget of {budget:g} s exceeded", budget)
            path = None
            if out_dir is not None and outcome.certificate is not None:
                path = str(outcome.certificate.save(out_dir / f"{check.id}__{inst['name']}.json"))
            rows.append((check, inst, outcome, path))
            if bar is not None:
                bar.update(1)
    except BudgetExceededError as exc:  # partial: the instances run so far stand, the rest are not run
        from .core.budget import disarm

        disarm()  # the answer below is written in full
        stopped = f"partial: {len(rows)} of {len(pairs)} instances run before the budget ran out ({exc})"
    finally:
        if bar is not None:
            bar.close()
    total = time.perf_counter() - start
    claims = {c.id: get_claim(c.id) for c, _, _, _ in rows}
    counts = {v: sum(1 for r in rows if r[2].verdict == v) for v in
              ("confirmed", "contradicts-published", "sharper-than-published", "failed")}
    if args.json:
        _emit_json({
            "exactnet_version": __version__,
            "seconds": round(total, 3),
            "summary": {"instances": len(rows), **{k.replace("-", "_"): n for k, n in counts.items()}},
            "status": "partial" if stopped else "complete", "stopped": stopped,
            "results": [
                {"check": c.id, "instance": i["name"], "claim": claims[c.id].statement,
                 "source": claims[c.id].source.text(), "publication": claims[c.id].source.group,
                 **o.to_dict(), "certificate_file": p,
                 "certificate_claim": o.certificate.claim if o.certificate is not None else None}
                for c, i, o, p in rows
            ],
        })
    else:
        _print_report(rows, claims, args.verbose)
        print(f"\n{len(rows)} instance{'s' if len(rows) != 1 else ''} in {len(claims)} claim{'s' if len(claims) != 1 else ''}: "
              f"{counts['confirmed']} confirmed, "
              f"{counts['contradicts-published']} contradicts-published, {counts['sharper-than-published']} "
              f"sharper, {counts['failed']} failed ({total:.1f} s)")
        if out_dir is not None:
            print(f"certificates written to {out_dir}")
        if stopped:
            print(stopped)
    return 1 if counts["failed"] else 0


def _print_report(rows: list, claims: dict, verbose: bool) -> None:
    """Results grouped by publication: one line per claim, plus the findings and failures in full."""
    import textwrap

    groups: dict = {}
    for row in rows:
        groups.setdefault(claims[row[0].id].source.group, []).append(row)
    for group, grows in groups.items():
        print(f"\n{group}")
        by_claim: dict = {}
        for row in grows:
            by_claim.setdefault(row[0].id, []).append(row)
        for cid, crows in by_claim.items():
            n_ok = sum(1 for r in crows if r[2].verdict == "confirmed")
            secs = sum(r[2].seconds for r in crows)
            print(_fit(f"  {cid:<30} {n_ok:>2}/{len(crows):<2} confirmed {secs:5.2f} s  {claims[cid].title}"))
            if verbose:
                for line in textwrap.wrap(claims[cid].statement, 92):
                    print(f"      {line}")
            for _, inst, o, _ in crows:
                if o.verdict != "confirmed" or verbose:
                    lines = textwrap.wrap(f"{o.verdict}: {inst['name']}: {o.message}", 92)
                    print("    " + lines[0])
                    for line in lines[1:]:
                        print("        " + line)


# ============================================================================================ check
def _cmd_check(args: argparse.Namespace) -> int:
    from .checker import check_certificate, refuse_old_file
    from .kernel import loads
    from .networks.io import parse_json, read_bytes, read_json

    raw = read_bytes(args.file)  # the input limits: decompression capped, missing / corrupt file refused
    try:
        obj = loads(raw)  # the kernel's strict reader: duplicate keys and JSON floats are refused
    except (RecursionError, ValueError):  # beyond the strict reader: the input reader names the limit
        parse_json(raw, args.file, parse_float=str, parse_constant=str)
        raise FormatError("nested too deeply for the certificate reader", args.file) from None
    except CertificateError as exc:
        read_json(args.file)  # malformed JSON and floats: the input error (exit 2) naming the path
        if args.json:
            _emit_json({"valid": False, "file": args.file, "reason": exc.reason, "field": exc.field})
        else:
            print(f"INVALID: {args.file}: {exc}")
        return 1
    if not isinstance(obj, dict):
        raise FormatError(f"not an exactnet certificate (a JSON {_json_kind(obj)}, expected a JSON object with "
                          "\"format\": \"exactnet.certificate\")", args.file)
    if obj.get("format") != "exactnet.certificate":
        raise FormatError(f"not an exactnet certificate (format {describe_value(obj.get('format'))}, expected "
                          "'exactnet.certificate')", args.file)
    try:
        refuse_old_file(obj)
        report = check_certificate(obj)
    except CertificateError as exc:
        if args.json:
            _emit_json({"valid": False, "file": args.file, "kind": obj.get("kind"), "claim": obj.get("claim"),
                        "reason": exc.reason, "field": exc.field})
        else:
            print(f"INVALID: {args.file}: {exc}")
        return 1
    if args.json:
        _emit_json({"valid": True, "file": args.file, "kind": report.kind, "claim": report.claim,
                    "verdict": report.verdict, "facts": _json_facts(getattr(report, "facts", {}))})
    else:
        print(f"VALID: {args.file}")
        print(f"  kind:    {report.kind}")
        print(f"  claim:   {report.claim}")
        print(f"  checked: {report.verdict}" + (f" ({report.detail})" if hasattr(report, "detail") else ""))
    return 0


def _json_kind(obj: Any) -> str:
    return {list: "array", str: "string", bool: "boolean", int: "number", type(None): "null"}.get(type(obj), "value")


def _json_facts(facts: Any) -> Any:
    from fractions import Fraction
    from collections.abc import Mapping

    if isinstance(facts, Mapping):
        return {str(k): _json_facts(v) for k, v in facts.items()}
    if isinstance(facts, (list, tuple)):
        return [_json_facts(v) for v in facts]
    if isinstance(facts, Fraction):
        return str(facts)
    if isinstance(facts, (str, int, bool)) or facts is None:
        return facts
    return str(facts)


# ============================================================================================ rank
def _modes(text: str, name: str) -> list[int]:
    try:
        out = [int(x) for x in text.replace(" ", "").split(",") if x != ""]
    except ValueError:
        raise PartitionError(f"Argument '--{name}' must be comma-separated 0-based mode indices such as 0,2, "
                             f"not {text!r}") from None
    if not out:
        raise PartitionError(f"Argument '--{name}' must list at least one 0-based mode, not {text!r}")
    return out




def _partition(args: argparse.Namespace, N: int):
    from .tensors import Partition, as_partition

    if args.partition:
        name = args.partition.strip()
        if name.startswith("blocks:"):
            try:
                size = int(name.split(":", 1)[1])
            except ValueError:
                raise PartitionError(f"Argument '--partition' blocks:K needs an integer K, not {name!r}") from None
            try:
                return Partition.blocks(N, size)
            except PartitionError:
                raise PartitionError(
                    f"Argument '--partition' blocks:K needs a block size K >= 1 dividing N = {N} into at least "
                    f"2 blocks, not {name!r}") from None
        return as_partition(name, N, name="--partition")
    if args.rows:
        cols = _modes(args.cols, "cols") if args.cols else None
        try:
            return as_partition(_modes(args.rows, "rows"), N, cols, name="--rows")
        except PartitionError as exc:  # say '--cols' as typed on the command line; drop the API-only hint
            text = str(exc).replace("'cols'", "'--cols'").split(" Pass allow_empty=True")[0]
            raise PartitionError(text) from None
    if args.cols:
        raise _UsageError(f"rank: --cols needs --rows (see '{PROG} rank --help')")
    raise _UsageError(f"rank: give --partition NAME or --rows I [--cols J] (see '{PROG} rank --help')")


def _cmd_rank(args: argparse.Namespace) -> int:
    phases = _Phases(5 if args.out else 4)
    try:
        return _rank(args, phases)
    finally:
        phases.close()


def _rank(args: argparse.Namespace, phases: _Phases) -> int:
    from .core.linalg import rank
    from .networks.io import read_json
    from .networks import network_from_dict, tensor_from_dict
    from .tensors import matricize

    phases.step(f"reading {args.file}")
    obj = read_json(args.file)
    fmt = obj.get("format") if isinstance(obj, dict) else None
    if fmt == "exactnet.network":
        try:
            net = network_from_dict(obj)
        except FormatError as exc:
            raise FormatError(exc.reason, f"{args.file}: {exc.field}" if exc.field else args.file) from None
        if obj.get("kind") == "pwl-network":
            raise _UsageError(f"rank: {args.file} is a piecewise-linear network, which has no grid tensor; "
                              f"count its linear regions with 'exactnet regions {args.file} --box ...'")
        part = _partition(args, net.N)
        y = 0 if args.output is None else args.output
        if not 0 <= y < net.Y:
            raise _UsageError(f"rank: --output must be between 0 and {net.Y - 1} (0-based), not {y}")
        which = "coefficient" if args.coefficient else "grid"
        phases.step(f"computing the {which} tensor")
        T = net.coefficient_tensor(output=y) if which == "coefficient" else net.grid_tensor(output=y)
        what = f"{which} tensor of output {y} of the {obj.get('kind')} network in {args.file}"
    elif fmt == "exactnet.tensor":
        if args.output is not None or args.coefficient or args.grid:
            raise _UsageError("rank: --output/--grid/--coefficient apply to network files, not tensor files")
        phases.step("parsing the tensor")
        try:
            T = tensor_from_dict(obj)
        except FormatError as exc:
            raise FormatError(exc.reason, f"{args.file}: {exc.field}" if exc.field else args.file) from None
        part = _partition(args, T.ndim)
        what = f"tensor in {args.file}"
        y, which = None, "tensor"
    else:
        raise FormatError(f"not an exactnet network or tensor file (format {describe_value(fmt)})", args.file)
    X = matricize(T, part)
    phases.step(f"rank over Q of the {X.shape[0]} x {X.shape[1]} matricization")
    res = rank(X)
    r = int(res.rank)
    untied = None  # why a network's certificate is not tied to the network
    if fmt == "exactnet.network" and which == "coefficient":
        untied = "the kernel recomputes grid tensors from a network's circuit, not coefficient tensors"
    if fmt == "exactnet.network" and untied is None:
        # the certificate holds the network's circuit; the kernel recomputes the matricization from it
        from .certificates.ranks import tied_certificate

        cert = tied_certificate(net, part, y, res)
    else:
        cert = res.certificate.to_certificate()
    phases.step("re-checking the certificate independently")
    report = cert.check()  # the certificate kernel (CertificateError -> exit 1)
    status = cert.status
    path = None
    if args.out:
        phases.step(f"writing {args.out}")
        path = str(cert.save(args.out))
    phases.close()
    if args.json:
        _emit_json({"file": args.file, "tensor": which, "output": y, "rows": list(part.rows), "cols": list(part.cols),
                    "shape": list(X.shape), "rank": r, "field": "Q", "status": status, "certificate_kind": cert.kind,
                    "certificate_claim": report.sentence, "certificate_file": path, "checked": report.verdict,
                    "tied_to_network": cert.kind == "matricization_rank", "untied_reason": untied})
    else:
        rel = "=" if status == "exact" else ">="
        print(f"rank [A]_{{I,J}} {rel} {r} over Q  ({status}, certificate re-checked independently)")
        print(f"  A: {what}")
        print(f"  I = {list(part.rows)}, J = {list(part.cols)} (0-based modes); matrix {X.shape[0]} x {X.shape[1]}")
        if path:
            print(f"  certificate written to {path} ({cert.kind})")
            if untied is not None:
                print(f"  note: the certificate proves the rank of the stated matrix only, not that it is this "
                      f"network's matricization ({untied})")
    return 0


# ============================================================================================ main
_COMMANDS = {"verify": _cmd_verify, "check": _cmd_check, "rank": _cmd_rank, "list": _cmd_list}
#: modules that add commands: each has ``add_commands(sub) -> {command: handler(args) -> exit code}``
_PLUGINS = ("exactnet._cli_rectifier", "exactnet._cli_regions", "exactnet._cli_geometry",
            "exactnet._cli_draw", "exactnet._cli_tt", "exactnet._cli_polynomial")
_PLUGINS += ("exactnet._cli_new",)  # exactnet new: network files to start from
_PLUGINS += ("exactnet._cli_search",)  # exactnet search: counterexamples to conjectures


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (0 ok, 1 failure/invalid, 2 usage or input error)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if hasattr(sys, "set_int_max_str_digits"):  # inputs are digit-capped when read; results may be long
        sys.set_int_max_str_digits(0)
    parser = build_parser()
    args = None
    budget, what = None, "the computation"

    def as_json() -> bool:  # --json was asked for (also when the command line itself is wrong)
        return bool(getattr(args, "json", False)) if args is not None else "--json" in argv

    try:
        args = parser.parse_args(argv)
        if not args.command:
            raise _UsageError(f"a command is required: {', '.join(_COMMANDS)} (see '{PROG} --help')")
        from .core.budget import time_budget

        budget = None if args.command in _SELF_BUDGETED else getattr(args, "budget", None)
        what = f"'{PROG} {args.command}'"
        if budget is None and args.command in _DEFAULT_BUDGETED and hasattr(args, "budget"):
            budget = DEFAULT_BUDGET  # search-like commands answer (partially) well within a minute
            what += (f", stopped at the default budget of {DEFAULT_BUDGET:g} s (pass --budget 10m to go on, "
                     "or give a smaller instance)")
        with time_budget(budget, what):
            return _COMMANDS[args.command](args)
    except _UsageError as exc:
        return _error(str(exc), as_json())
    except CertificateError as exc:  # a computed certificate failed independent re-verification
        from .core.budget import ran_out

        if ran_out():  # ... or its check was cut short by the time budget: no finding, a clean stop
            from .core.budget import _exceeded

            return _error(f"{_exceeded(budget, what)} (a certificate check was cut short)", as_json())
        return _error(str(exc), as_json(), 1, "certificate rejected by the independent checker")
    except ExactnetError as exc:
        return _error(str(exc), as_json())
    except OSError as exc:
        return _error(f"{exc.strerror or exc}: {getattr(exc, 'filename', '') or ''}".rstrip(": "), as_json())
    except MemoryError as exc:  # not a bug: the input asks for more memory than the machine has
        return _error(f"out of memory ({exc or 'MemoryError'}); the input asks for more memory than this machine "
                      "has: use smaller sizes (N, M, widths) or a structured computation", as_json())
    except Exception as exc:  # a bug: still one line (set EXACTNET_DEBUG=1 for the traceback)
        if os.environ.get("EXACTNET_DEBUG"):
            raise
        return _error(f"internal error ({type(exc).__name__}: {exc}); please report it "
                      "(EXACTNET_DEBUG=1 shows the traceback)", as_json())
    except SystemExit as exc:  # --help / --version
        return exc.code if isinstance(exc.code, int) else 0
    except KeyboardInterrupt:  # pragma: no cover
        sys.stderr.write(f"{PROG}: interrupted\n")
        return 130


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
