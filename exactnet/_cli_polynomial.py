"""``exactnet`` commands for polynomial networks: ``neurovariety`` and ``filling``.

:func:`add_commands` is called by :func:`exactnet.cli.build_parser`; handlers return the exit code and
may raise ExactnetError (the CLI turns it into one line on stderr, exit 2).

::

    exactnet neurovariety --widths 2,3,3,4,4,2,1 --degree 2 [--seed S] [--attempts K] [--baseline]
                          [--out CERT.json] [--json]
    exactnet filling --widths 2,3,4,5,4,6,4,1 --degree 2 [--out CERT.json] [--json]
    exactnet filling --d0 2 --dh 1 --degree 2 --depth 4 --max-width 4 [--out DIR] [--json]

Examples
--------
>>> from exactnet.cli import main
>>> main(["neurovariety", "--widths", "2,2,1", "--degree", "2"])
architecture: widths (2,2,1), activation x^2, outputs of degree 2 in 2 variables
dimension:    3 (exact, over Q)
lower:        3 (non-singular 3x3 Jacobian minor at an integer point)
upper:        3 (ambient)
ambient:      3
expected:     3 (parameters 6, minus 2 hidden widths: 4)
defect:       0
fills:        yes
0
>>> main(["neurovariety", "--widths", "2,0,1", "--degree", "2"])
2
"""

from __future__ import annotations

import argparse
import time
from typing import Callable

from .errors import InvalidArgumentError

__all__ = ["add_commands", "parse_int_list"]

_NV_DESCRIPTION = """\
Certified dimension of the neurovariety of a polynomial network with widths
d_0,...,d_h and activation x -> x^r (no biases; Kileel, Trager & Bruna 2019).
Lower bound: a non-singular minor of the Jacobian of weights -> outputs at an
integer point (exact over Q: the minor's determinant is non-zero modulo a
prime). Upper bounds: the ambient dimension, parameters minus hidden widths,
cuts at hidden layers, the quadric-output bound (r = 2, one output). The status
is 'exact' when they meet, otherwise the bracket is printed as a bracket.
--out writes a neurovariety_dimension certificate (format version 2, checked
first; for a bracket it states the lower bound)."""

_FILL_DESCRIPTION = """\
Minimal filling architectures. With --widths: certify that this architecture
fills and that lowering any hidden width by one gives one that provably does
not (a minimal_filling certificate with --out). With --d0/--dh/--depth/
--max-width: list every minimal filling architecture with hidden widths in
1..max-width, in the order total hidden width, then lexicographic."""


def parse_int_list(text: str, option: str) -> tuple[int, ...]:
    """``"2,3,1"`` -> ``(2, 3, 1)``; anything else is refused naming the option.

    >>> parse_int_list("2, 3,1", "--widths")
    (2, 3, 1)
    >>> parse_int_list("2,x", "--widths")
    Traceback (most recent call last):
      ...
    exactnet.errors.InvalidArgumentError: Argument '--widths' must be comma-separated integers, e.g. 2,3,1, not '2,x'
    """
    try:
        return tuple(int(w) for w in text.split(","))
    except ValueError:
        raise InvalidArgumentError(f"Argument '{option}' must be comma-separated integers, e.g. 2,3,1, not {text!r}") from None


def add_commands(sub: argparse._SubParsersAction) -> dict[str, Callable[[argparse.Namespace], int]]:
    """Add this module's subcommands to ``sub``; return ``{command: handler}``."""
    n = sub.add_parser("neurovariety", help="certified dimension of a polynomial network's neurovariety",
                       description=_NV_DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    n.add_argument("--widths", required=True, metavar="W", help="d_0,...,d_h comma-separated, e.g. 2,3,3,4,4,2,1")
    n.add_argument("--degree", required=True, metavar="R", help="activation degree r (an integer >= 2)")
    n.add_argument("--seed", type=int, default=0, help="seed of the integer point (default 0)")
    n.add_argument("--attempts", type=int, default=3, help="integer points tried until lower = upper (default 3)")
    n.add_argument("--baseline", action="store_true",
                   help="also time a modular Jacobian rank at one random point mod p (the published method)")
    n.add_argument("--out", metavar="CERT", help="write the neurovariety_dimension certificate (re-checked first)")
    n.add_argument("--json", action="store_true", help="machine-readable output")

    f = sub.add_parser("filling", help="minimal filling architectures of polynomial networks",
                       description=_FILL_DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    f.add_argument("--widths", metavar="W", help="certify this architecture d_0,...,d_h as minimal filling")
    f.add_argument("--degree", required=True, metavar="R", help="activation degree r (an integer >= 2)")
    f.add_argument("--d0", type=int, help="input width (search mode)")
    f.add_argument("--dh", type=int, help="output width (search mode)")
    f.add_argument("--depth", type=int, help="depth h >= 2 (search mode)")
    f.add_argument("--max-width", type=int, default=4, help="largest hidden width searched (default 4)")
    f.add_argument("--out", metavar="PATH", help="with --widths: write its minimal_filling certificate to PATH; "
                   "in search mode: write one certificate per minimal architecture into the directory PATH")
    f.add_argument("--json", action="store_true", help="machine-readable output")
    return {"neurovariety": _cmd_neurovariety, "filling": _cmd_filling}


def _cmd_neurovariety(args: argparse.Namespace) -> int:
    from .cli import _emit_json
    from .networks.polynomial import check_architecture
    from .theorems.neurovariety import modular_jacobian_rank, neurovariety_dimension

    ws, r = check_architecture(parse_int_list(args.widths, "--widths"), args.degree)
    res = neurovariety_dimension(ws, r, seed=args.seed, attempts=args.attempts)
    cert = path = None
    if args.out or args.json:
        cert = res.certificate
        start = time.perf_counter()
        res.check()
        check_seconds = time.perf_counter() - start
        if args.out:
            path = str(cert.save(args.out))
    baseline = None
    if args.baseline:
        start = time.perf_counter()
        rank = modular_jacobian_rank(ws, r, seed=args.seed)
        baseline = {"modular_rank": rank, "seconds": round(time.perf_counter() - start, 4)}
    if args.json:
        out = res.to_dict()
        out.update({"check_seconds": round(check_seconds, 4), "certificate_file": path, "baseline": baseline,
                    "upper_rule": res.upper_data["rule"], "prime": str(res.lower_data["prime"])})
        _emit_json(out)
        return 0
    D = r ** (len(ws) - 2)
    hidden = sum(ws[1:-1])
    print(f"architecture: widths ({','.join(map(str, ws))}), activation x^{r}, outputs of degree {D} in {ws[0]} "
          f"variable{'s' if ws[0] > 1 else ''}")
    if res.status == "exact":
        print(f"dimension:    {res.dimension} (exact, over Q)")
    else:
        print(f"dimension:    between {res.lower} and {res.upper} (a bracket, over Q: the bounds do not meet)")
    print(f"lower:        {res.lower} (non-singular {res.lower}x{res.lower} Jacobian minor at an integer point)")
    print(f"upper:        {res.upper} ({res.upper_data['rule']})")
    print(f"ambient:      {res.ambient}")
    print(f"expected:     {res.expected} (parameters {res.parameters}, minus {hidden} hidden widths: "
          f"{res.parameters - hidden})")
    defect = res.defect
    print(f"defect:       {defect if isinstance(defect, int) else f'between {defect[0]} and {defect[1]}'}")
    print(f"fills:        {dict([(True, 'yes'), (False, 'no'), (None, 'undecided (bracket)')])[res.fills]}")
    if baseline:
        print(f"baseline:     modular Jacobian rank {baseline['modular_rank']} at one random point mod p in "
              f"{baseline['seconds']:.3f} s (certified: {res.seconds:.3f} s)")
    if path:
        print(f"certificate:  {path} (neurovariety_dimension, re-verified by the certificate kernel)")
    return 0


def _cmd_filling(args: argparse.Namespace) -> int:
    from .cli import _emit_json
    from .networks.polynomial import check_architecture
    from .theorems.neurovariety import ambient_dimension, is_unimodal, minimal_filling_architectures, minimal_filling_certificate

    if args.widths:
        ws, r = check_architecture(parse_int_list(args.widths, "--widths"), args.degree)
        cert = minimal_filling_certificate(ws, r)
        report = cert.check()
        minimal, uni, amb = report.facts["status"] == "exact", is_unimodal(ws[1:-1]), ambient_dimension(ws, r)
        path = str(cert.save(args.out)) if args.out else None
        if args.json:
            _emit_json({"widths": list(ws), "degree": r, "minimal": minimal, "unimodal": uni, "ambient": amb,
                        "claim": report.sentence, "certificate_file": path})
            return 0
        print(f"({','.join(map(str, ws))}), r={r} is a minimal filling architecture (dim = ambient = {amb}; each of its "
              f"one-smaller neighbours has dimension below its ambient); its hidden widths {tuple(ws[1:-1])} are "
              f"{'unimodal' if uni else 'not unimodal'}")
        if path:
            print(f"certificate: {path} (minimal_filling, re-verified by the certificate kernel)")
        return 0
    if args.d0 is None or args.dh is None or args.depth is None:
        raise InvalidArgumentError("Arguments '--d0', '--dh' and '--depth' are required without '--widths'")
    depth = int(args.depth)
    if depth < 2:
        raise InvalidArgumentError(f"Argument '--depth' must be an integer >= 2, not {depth}")
    if args.max_width < 1 or args.max_width ** (depth - 1) > 200000:
        raise InvalidArgumentError(f"Argument '--max-width' {args.max_width} with depth {depth} gives "
                                   f"{max(args.max_width, 0) ** (depth - 1)} architectures; keep it below 200000")
    check_architecture([args.d0] + [1] * (depth - 1) + [args.dh], args.degree)
    s = minimal_filling_architectures(args.d0, args.dh, args.degree, depth, args.max_width)
    files = []
    if args.out:  # a directory: one minimal-filling certificate per architecture found
        import os

        os.makedirs(args.out, exist_ok=True)
        for m in s.minimal:
            ws = (s.d0,) + m + (s.dh,)
            cert = minimal_filling_certificate(ws, s.degree)
            cert.check()
            files.append(str(cert.save(os.path.join(args.out, "minimal-filling_" + "-".join(map(str, ws))
                                                    + f"_r{s.degree}.json"))))
    if args.json:
        _emit_json({**s.to_dict(), "certificate_files": files})
        return 0
    print(f"minimal filling architectures, d0 = {s.d0}, dh = {s.dh}, r = {s.degree}, depth {s.depth}, hidden widths "
          f"1..{s.max_width} (order: total hidden width, then lexicographic)")
    for m in s.minimal:
        print(f"  ({','.join(map(str, (s.d0,) + m + (s.dh,)))})")
    if not s.minimal:
        print("  none in this box")
    if files:
        print(f"certificates: {len(files)} minimal_filling files in {args.out} (re-verified by the certificate kernel)")
    if s.undecided:
        print(f"undecided by the bounds ({len(s.undecided)}): "
              + ", ".join("(" + ",".join(map(str, u)) + ")" for u in s.undecided[:10]))
    return 0
