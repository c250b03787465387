"""``exactnet tt``: ranks of tensor trains (recurrent multiplicative networks), certified, and TT vs HT vs CP.

:func:`add_commands` is called by :func:`exactnet.cli.build_parser`; handlers return the exit code and
may raise ExactnetError (the CLI turns it into one line on stderr, exit 2).

::

    exactnet tt --d 8 --n 2 --ranks 2 [--partition odd-even|low-high|split:K|0,2,5] [--bound-only]
                [--compare] [--out CERT.json] [--json]
    exactnet tt --net TT.json [--partition ...] [--json]

Examples
--------
>>> from exactnet.cli import main
>>> main(["tt", "--d", "4", "--n", "2", "--ranks", "0"])
2
"""

from __future__ import annotations

import argparse
import json
from typing import Any, Callable

from .errors import CertificateError, InvalidArgumentError, ResourceLimitError

__all__ = ["add_commands"]

_DESCRIPTION = """\
Generic rank of a matricization [A]_{I,J} of the tensor trains (TT format,
recurrent multiplicative networks) with d modes of size n and TT ranks r
(Khrulkov, Novikov & Oseledets, ICLR 2018): a witness minor (integer cores)
and the minimum-cut upper bound, certified and re-checked by the certificate
kernel; the bracket when they do not meet. CP rank >= every matricization
rank, so the result is a certified lower bound on the CP rank. --compare
prints TT vs HT (deep ConvAC over the binary tree, width r) vs CP for the
contiguous splits (TT-unfolding ranks) and odd-even. Modes are 0-based.
When --budget runs out before the rank, the certified minimum-cut upper
bound is reported with status partial (exit 0)."""


def _ints(text: str, option: str) -> Any:
    parts = [p.strip() for p in str(text).split(",") if p.strip()]
    try:
        vals = [int(p) for p in parts]
    except ValueError:
        raise InvalidArgumentError(f"Argument '{option}' must be an int or comma-separated ints, not {text!r}") from None
    if not vals:
        raise InvalidArgumentError(f"Argument '{option}' must not be empty")
    return vals[0] if len(vals) == 1 else vals


def _partition(text: str) -> Any:
    t = text.strip()
    if t and (t[0].isdigit()) and not t.lower().startswith("split"):
        return [int(x) for x in t.split(",") if x.strip()]
    return t


def add_commands(sub: argparse._SubParsersAction) -> dict[str, Callable[[argparse.Namespace], int]]:
    """Add ``tt`` to ``sub``; return ``{command: handler}``."""
    p = sub.add_parser("tt", help="certified ranks of tensor trains (recurrent networks); TT vs HT vs CP",
                       description=_DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--d", type=int, default=None, help="number of modes (inputs), >= 2")
    p.add_argument("--n", default=None, help="mode size (representation functions), an int or d ints")
    p.add_argument("--ranks", default=None, help="TT ranks: one int for all, or d-1 comma-separated ints")
    p.add_argument("--net", metavar="TT.json", help="a tt-network JSON: the rank of this network's grid tensor")
    p.add_argument("--partition", default="odd-even",
                   help="odd-even (default), even-odd, low-high, high-low, split:K (rows 0..K-1) or rows 0,2,5")
    p.add_argument("--bound-only", action="store_true", help="only the minimum-cut upper bound (any d)")
    p.add_argument("--compare", action="store_true", help="TT vs HT vs CP table (contiguous splits and odd-even)")
    p.add_argument("--out", metavar="CERT", help="write the certificate (re-checked first)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    return {"tt": _cmd_tt}


def _cmd_tt(args: argparse.Namespace) -> int:
    from .theorems.tt import tt_compare, tt_cut_bound, tt_cut_certificate, tt_generic_rank, tt_partition, tt_rank, kno_cp_bound
    from .tensors.tt import tt_sizes

    if args.net:
        from .networks.io import load_network
        from .networks.tt import TTNetwork

        net = load_network(args.net)
        if not isinstance(net, TTNetwork):
            raise InvalidArgumentError(f"Argument 'net' must be a tt-network file, not a {type(net).__name__}")
        res = tt_rank(net.grid_tensor_tt(), _partition(args.partition))
        return _report(args, res, f"this TT network (d={net.N}, T={net.representation.matrix.shape[0]}, "
                                  f"ranks {list(net.ranks)})", None)
    if args.d is None or args.n is None or args.ranks is None:
        raise InvalidArgumentError("Arguments '--d', '--n' and '--ranks' are required (or '--net FILE')")
    d, sizes, rs = tt_sizes(args.d, _ints(args.n, "--n"), _ints(args.ranks, "--ranks"))
    if args.compare:
        if len(set(sizes)) != 1 or len(set(rs)) != 1:
            raise InvalidArgumentError("Argument '--compare' needs one mode size n and one rank r for all modes")
        table = tt_compare(d, sizes[0], rs[0])
        certs = table.pop("certificates")
        for c in certs.values():
            if c is not None:
                c.check()
        if args.json:
            print(json.dumps(table))
            return 0
        print(f"TT vs HT vs CP: d={d}, n={sizes[0]}, r={rs[0]} (generic ranks over Q, certified; 0-based modes)")
        tt, ht = table["tt"], table["ht"]
        print(f"  TT-unfolding ranks, k = 1..d-1 (rows 0..k-1):")
        print(f"    TT (linear tree): {tt['unfolding']}")
        print(f"    HT (binary tree): {ht['unfolding']}")
        print(f"  {'':22}{'TT':>12}{'HT':>12}")
        print(f"  {'max unfolding rank':22}{max(_v(x) for x in tt['unfolding']):>12}"
              f"{max(_v(x) for x in ht['unfolding']):>12}")
        print(f"  {'odd-even rank':22}{str(tt['odd_even']):>12}{str(ht['odd_even']):>12}")
        print(f"  {'max rank at HT nodes':22}{max(_v(x) for x in tt['ht_node_ranks'] or [1]):>12}"
              f"{max(_v(x) for x in ht['node_ranks'] or [1]):>12}")
        print(f"  {'parameters':22}{tt['parameters']:>12}{ht['parameters']:>12}")
        print(f"  HT max unfolding formula r^ceil(log2(d)/2) = {table['ht']['max_unfolding_formula']}")
        print(f"  CP rank of a generic TT >= {table['cp']['lower_from_tt']} (odd-even); "
              f"published bound min(n,r)^floor(d/2) = {table['cp']['kno_bound']}")
        return 0
    part = tt_partition(_partition(args.partition), d)
    if args.bound_only:
        bound, sides = tt_cut_bound(d, sizes, rs, part.rows)
        cert = tt_cut_certificate(d, sizes, rs, part.rows)
        report = cert.check()
        _write(args, cert)
        if args.json:
            print(json.dumps({"upper": bound, "status": "upper-bound", "field": "Q", "cut_sides": list(sides),
                              "rows": list(part.rows), "cols": list(part.cols), "verdict": report.verdict}))
            return 0
        print(f"rank [A]_{{I,J}} <= {bound} over Q for every TT with d={d}, n={_one(sizes)}, ranks {_one(rs)} "
              "(upper-bound, certificate re-checked by the kernel)")
        print(f"  I = {_short(part.rows)}, J = {_short(part.cols)}; cut sides {_short(sides)}")
        return 0
    from .errors import BudgetExceededError

    try:  # a --budget that runs out here: the certified minimum-cut upper bound, status partial
        try:
            res = tt_generic_rank(d, sizes, rs, part)
        except BudgetExceededError:
            raise
        except ResourceLimitError as exc:
            bound, _ = tt_cut_bound(d, sizes, rs, part.rows)
            raise ResourceLimitError(f"{exc}; the minimum-cut upper bound alone is {bound} (use --bound-only)") from None
        uniform = len(set(sizes)) == 1 and len(set(rs)) == 1
        note = None
        if uniform and res.lower:
            note = (f"CP rank of a generic TT >= {res.lower}; published bound min(n,r)^floor(d/2) = "
                    f"{kno_cp_bound(d, sizes[0], rs[0])}")
        return _report(args, res, f"almost every TT with d={d}, n={_one(sizes)}, ranks {_one(rs)}", note)
    except (BudgetExceededError, CertificateError) as exc:
        from .core.budget import ran_out

        if not (isinstance(exc, BudgetExceededError) or ran_out()):  # a check cut short by the budget: no finding
            raise
        return _partial(args, exc, d, sizes, rs, part)


#: seconds the certified upper bound of a partial answer may take once the budget has run out
_PARTIAL_SECONDS = 5.0


def _partial(args: argparse.Namespace, exc: Exception, d: int, sizes: Any, rs: Any, part: Any) -> int:
    """``--budget`` ran out before the rank: the minimum-cut upper bound, certified and re-checked, status partial."""
    from .core.budget import disarm, ran_out, time_budget
    from .theorems.tt import tt_cut_bound, tt_cut_certificate

    disarm()  # the answer below is written in full
    stopped = f"partial: the rank was not finished before the budget ran out ({exc})"
    bound, verdict = None, None
    try:
        with time_budget(_PARTIAL_SECONDS, "the minimum-cut upper bound"):
            bound, _ = tt_cut_bound(d, sizes, rs, part.rows)
            verdict = tt_cut_certificate(d, sizes, rs, part.rows).check().verdict
            if ran_out():  # (a check cut short is no verdict)
                verdict = None
    except ResourceLimitError:
        pass
    if args.json:
        print(json.dumps({"status": "partial", "stopped": stopped, "rank": None, "lower": None, "upper": bound,
                          "field": "Q", "verdict": verdict, "rows": list(part.rows)}))
        return 0
    print(f"rank [A]_{{I,J}} not finished for almost every TT with d={d}, n={_one(sizes)}, ranks {_one(rs)}; {stopped}")
    if verdict == "valid":
        print(f"  certified: rank [A]_{{I,J}} <= {bound} (minimum-cut upper bound, re-checked by the kernel)")
    return 0


def _v(x: Any) -> int:
    return x if isinstance(x, int) else x[0]


def _one(values: tuple) -> Any:
    return values[0] if len(set(values)) == 1 else list(values)


def _short(modes: Any) -> str:
    text = str(list(modes))
    return text if len(text) <= 70 else text[:67] + "...]"


def _write(args: argparse.Namespace, cert: Any) -> None:
    if args.out and cert is not None:
        cert.save(args.out)


def _report(args: argparse.Namespace, res: Any, what: str, note: str | None) -> int:
    verdict = None
    if res.certificate is not None:
        verdict = res.check().verdict
        _write(args, res.certificate)
    if args.json:
        out = res.to_dict()
        out["verdict"] = verdict
        out["certificate_kind"] = res.certificate.kind if res.certificate is not None else None
        if note:
            out["note"] = note
        print(json.dumps(out))
        return 0
    if res.pinned:
        print(f"rank [A]_{{I,J}} = {res.rank} over Q ({res.status}) for {what}")
    else:
        print(f"rank [A]_{{I,J}} in [{res.lower}, {res.upper}] over Q (certified lower bound; the cut bound "
              f"{res.upper} is not reached) for {what}")
    print(f"  I = {_short(res.partition.rows)}, J = {_short(res.partition.cols)} (0-based); "
          f"minimum-cut bound {res.upper}, cut sides {_short(res.sides)}")
    if res.certificate is not None:
        print(f"  certificate {res.certificate.kind} re-checked by the kernel: {verdict}"
              + (f"; written to {args.out}" if args.out else ""))
    if note:
        print(f"  {note}")
    return 0
