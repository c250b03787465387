"""``exactnet`` commands for linear regions: ``regions`` and ``bounds``.

:func:`add_commands` is called by :func:`exactnet.cli.build_parser`; handlers return the exit code and
may raise ExactnetError (the CLI turns it into one line on stderr, exit 2).

::

    exactnet regions NET.json (--box "lo1,hi1;lo2,hi2" | --polytope FILE.json) [--method auto|1d|2d|lp]
                     [--max-regions N] [--time-budget SECONDS] [--out CERT.json]
                     [--plot FILE.png|FILE.svg|FILE.pdf [--edges-only] [--decision-boundary [OUTPUT]]] [--json]
    exactnet bounds --n0 2 --widths 3,3 [--unit relu|maxout|pwl] [--k K] [--pieces P] [--out CERT.json] [--json]

Rationals on the command line are integers, fractions ``p/q`` or decimals, all read exactly
(``--box "-3.5,3;-1/2,1/2"``: ``-3.5`` is ``-7/2``) by :func:`exactnet.core.rational.as_rational`, as the
Python API reads them; ``nan``, ``inf`` and malformed numbers are refused.

Examples
--------
>>> from exactnet.cli import main
>>> main(["bounds", "--n0", "2", "--widths", "3,x"])
2
"""

from __future__ import annotations

import argparse
import re
from typing import Any, Callable

from .errors import FormatError, InvalidArgumentError

__all__ = ["add_commands", "parse_box", "parse_widths", "BOUNDS_ON"]

#: What the architecture bounds bound (printed and in ``--json`` output as ``"bounds_on"``).
BOUNDS_ON = "maximum number of linear regions over all weight settings of the architecture, on all of R^n0"

_REGIONS_DESCRIPTION = """\
Exact linear regions of a piecewise-linear network ("kind": "pwl-network") on a
rational box or polytope: the number of activation regions (one per
full-dimensional activation pattern, Serra et al. Def. 2) and of linear regions
(maximal connected pieces with one affine map), every region with an interior
point, its pattern and its exact affine map. 1-D and 2-D inputs use exact
interval / polygon splitting (completeness certified: the exact lengths / areas
sum to the domain's); higher dimensions use exact LP feasibility (completeness
certified by a split tree whose pruned branches carry exact Farkas
certificates). A budget (--max-regions, --time-budget or --budget; 55 s when none is given) stops cleanly and
reports the partial counts as lower bounds.

For a plain ReLU (or maxout) network the known bounds for its architecture are
printed too (see 'exactnet bounds'): they bound the MAXIMUM number of linear
regions over all weight settings of that architecture on all of R^n0, not this
network's count.

--plot FILE draws the regions (2-D) or the graph (1-D); the suffix chooses the
format (.png, .svg, .pdf). Fill colour: one colour per linear region (none
repeated); solid edges: boundaries between linear regions; dotted edges:
activation-region boundaries inside one linear region. --edges-only drops the
fills; --decision-boundary [OUTPUT] overlays the exact zero level set of an
output (default 0)."""

_BOUNDS_DESCRIPTION = """\
Known bounds on the MAXIMUM number of linear regions over all weight settings of
an architecture (on all of R^n0): n0 inputs, hidden widths n_1,...,n_L. An upper
bound holds for every network of the architecture; a lower bound says some
weight setting reaches at least that many regions. Zaslavsky's one-layer maximum,
Montufar et al.'s Theorem 4 lower bound, Montufar 2017 and Serra et al.'s
Theorem 1 upper bounds, Serra's Theorem 5 (n0 = 1) and 6, maxout bounds. Each
formula is listed only where its hypotheses hold. --out writes a version-2
certificate stating each bound about max_activation_regions (the kernel
recomputes every formula and checks its hypotheses)."""

def _rational(text: str, option: str):
    """One exact rational from the command line (integer, ``p/q`` or decimal), via the project's coercion."""
    from .core.rational import as_rational

    return as_rational(text.strip(), option)


def parse_box(text: str) -> tuple[list, list]:
    """``"lo1,hi1;lo2,hi2"`` -> ``(lower, upper)`` (exact rationals; one ``lo,hi`` pair per input coordinate).

    Integers, fractions ``p/q`` and decimals are read exactly (a decimal string is never a float).

    >>> parse_box("-1,1; 0,1/2")
    ([Fraction(-1, 1), Fraction(0, 1)], [Fraction(1, 1), Fraction(1, 2)])
    >>> parse_box("-3.5,3;-3,0.25")
    ([Fraction(-7, 2), Fraction(-3, 1)], [Fraction(3, 1), Fraction(1, 4)])
    >>> parse_box("0,nan")
    Traceback (most recent call last):
      ...
    exactnet.errors.InvalidArgumentError: Argument '--box' must be a rational string such as '3/4', '-2' or '0.125', not 'nan' (type=str): NaN and infinities are not rational numbers
    """
    lower, upper = [], []
    for i, pair in enumerate(text.split(";")):
        parts = pair.split(",")
        if len(parts) != 2:
            raise InvalidArgumentError(
                f"Argument '--box' must be 'lo,hi' per input coordinate, separated by ';' (e.g. \"-1,1;0,1/2\"), "
                f"not {pair.strip()!r} for coordinate {i} (0-based)")
        lower.append(_rational(parts[0], "--box"))
        upper.append(_rational(parts[1], "--box"))
    return lower, upper


def parse_widths(text: str) -> tuple[int, ...]:
    """``"3,3"`` -> ``(3, 3)``.

    >>> parse_widths("4, 4,4")
    (4, 4, 4)
    """
    try:
        ws = tuple(int(w) for w in text.split(","))
    except ValueError:
        ws = ()
    if not ws or min(ws) < 1:
        raise InvalidArgumentError(
            f"Argument '--widths' must be comma-separated integers >= 1 (hidden widths n_1,...,n_L), e.g. 3,3, "
            f"not {text!r}")
    return ws


#: the time budget of 'exactnet regions' when neither --budget, --time-budget nor --max-regions is given
DEFAULT_TIME_BUDGET = 55.0


def add_commands(sub: argparse._SubParsersAction) -> dict[str, Callable[[argparse.Namespace], int]]:
    """Add this module's subcommands to ``sub``; return ``{command: handler}``."""
    r = sub.add_parser("regions", help="exact linear regions of a piecewise-linear network on a box or polytope",
                       description=_REGIONS_DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    # a box such as "-1,1;-1,1" starts with '-': let argparse read it as a value, not as an option
    r._negative_number_matcher = re.compile(r"^-[0-9]")
    r.add_argument("file", metavar="NET", help="pwl-network JSON (.json or .json.gz) or an ONNX model (.onnx)")
    d = r.add_mutually_exclusive_group()
    d.add_argument("--box", metavar="BOX",
                   help='"lo1,hi1;lo2,hi2;..." one lo,hi pair per input (integers, p/q or decimals, read exactly)')
    d.add_argument("--polytope", metavar="FILE",
                   help='JSON {"type": "polytope", "A": [[...]], "b": [...]} meaning A x <= b (or a box object)')
    r.add_argument("--method", default="auto", choices=("auto", "1d", "2d", "lp"),
                   help="1d/2d: exact splitting; lp: exact LP feasibility (any dimension); auto picks by dimension")
    r.add_argument("--max-regions", type=int, default=None, metavar="N", help="stop after N regions (lower bound)")
    r.add_argument("--time-budget", type=float, default=None, metavar="SECONDS",
                   help="stop after this many seconds (lower bound)")
    r.add_argument("--out", metavar="CERT", help="write the version-2 region certificate (re-checked first)")
    r.add_argument("--plot", metavar="FILE",
                   help="draw the regions (2-D) or the function with breakpoints (1-D); .png, .svg or .pdf by suffix")
    r.add_argument("--edges-only", action="store_true", help="with --plot: edges only, no fill colours")
    r.add_argument("--decision-boundary", nargs="?", const=0, default=None, type=int, metavar="OUTPUT",
                   help="with --plot: overlay the exact zero level set of output OUTPUT (0-based; default 0)")
    r.add_argument("--json", action="store_true", help="machine-readable output (rationals as strings)")
    r.add_argument("--input-shape", metavar="SHAPE", default=None,
                   help="ONNX only: the input shape without the batch axis, e.g. 1,8,8 (default: from the file)")
    r.add_argument("--round", metavar="D", type=int, default=None,
                   help="ONNX only: round every float weight to the nearest multiple of 1/D (default: the exact "
                        "binary value of each float)")

    b = sub.add_parser("bounds", help="known bounds on the maximum number of linear regions over all weights of an "
                                      "architecture",
                       description=_BOUNDS_DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    b.add_argument("--n0", required=True, type=int, metavar="N0", help="input dimension (>= 1)")
    b.add_argument("--widths", required=True, metavar="W", help="hidden widths, comma-separated, e.g. 3,3")
    b.add_argument("--unit", default="relu", choices=("relu", "maxout", "pwl"), help="unit type (default relu)")
    b.add_argument("--k", type=int, default=None, help="maxout rank (with --unit maxout)")
    b.add_argument("--pieces", type=int, default=None, help="pieces of the activation (with --unit pwl)")
    b.add_argument("--out", metavar="CERT", help="write a version-2 certificate of the table (re-checked first)")
    b.add_argument("--json", action="store_true", help="machine-readable output")
    return {"regions": _cmd_regions, "bounds": _cmd_bounds}


# ============================================================================================ regions
def _architecture(net: Any) -> tuple[str, tuple[int, ...], int | None] | None:
    """(unit, hidden widths, k) of a plain ReLU / maxout network (affine and one nonlinearity alternating)."""
    from .networks.pwl import Affine, Maxout, ReLU

    layers = net.layers
    nonlinear = [(i, layer) for i, layer in enumerate(layers) if not isinstance(layer, Affine)]
    if not nonlinear:
        return None
    if all(isinstance(layer, ReLU) for _, layer in nonlinear):
        unit, k = "relu", None
    elif all(isinstance(layer, Maxout) for _, layer in nonlinear) and len({l.k for _, l in nonlinear}) == 1:
        unit, k = "maxout", nonlinear[0][1].k
    else:
        return None
    for j, (i, _) in enumerate(nonlinear):
        if i != 2 * j + 1 or not isinstance(layers[2 * j], Affine):
            return None
    if len(layers) - 2 * len(nonlinear) > 1:
        return None
    return unit, tuple(net.widths[i + 1] for i, _ in nonlinear), k


def _domain(args: argparse.Namespace, dim: int):
    from .networks.io import load_json
    from .regions.domains import Box, as_domain, domain_from_dict

    if args.box:
        lower, upper = parse_box(args.box)
        if len(lower) != dim:
            raise InvalidArgumentError(
                f"Argument '--box' must have {dim} 'lo,hi' pair(s) (the network has {dim} input(s)), not {len(lower)}")
        return as_domain(Box(lower, upper), dim)
    if args.polytope:
        obj = load_json(args.polytope)
        try:
            dom = domain_from_dict(obj, "--polytope")
        except FormatError as exc:
            raise FormatError(f"{exc.reason} (in {args.polytope!r})", exc.field) from None
        return as_domain(dom, dim)
    raise InvalidArgumentError(
        "Argument '--box' or '--polytope' is required: the input domain, e.g. --box \"-1,1;-1,1\" (rational bounds)")


def _load_onnx(args: argparse.Namespace):
    """An ONNX model as an exact pwl-network (float weights: exact binary values, or rounded with --round)."""
    from .networks._onnx_import import from_onnx

    shape = None
    if args.input_shape is not None:
        try:
            shape = tuple(int(v) for v in args.input_shape.split(","))
        except ValueError:
            shape = ()
        if not shape or min(shape) < 1:
            raise InvalidArgumentError(
                f"Argument '--input-shape' must be comma-separated integers >= 1, e.g. 1,8,8, not {args.input_shape!r}")
    if args.round is not None and args.round < 1:
        raise InvalidArgumentError(f"Argument '--round' must be an integer >= 1 (a denominator), not {args.round}")
    if args.round is None:
        return from_onnx(args.file, shape)
    return from_onnx(args.file, shape, floats="round", denominator=args.round)


def _cmd_regions(args: argparse.Namespace) -> int:
    from .cli import _emit_json
    from .networks.io import load_network
    from .networks.pwl import PWLNetwork
    from .regions import enumerate_regions, plot_regions
    from .regions.bounds import region_bounds

    if str(args.file).lower().endswith(".onnx"):
        net = _load_onnx(args)
    else:
        if args.input_shape is not None or args.round is not None:
            raise InvalidArgumentError("Arguments '--input-shape' and '--round' apply to ONNX models (.onnx) only")
        net = load_network(args.file)
    if not isinstance(net, PWLNetwork):
        raise FormatError(f"'exactnet regions' needs a pwl-network file, not a {type(net).__name__} "
                          "(kind 'pwl-network'; see docs/formats/)", args.file)
    domain = _domain(args, net.input_dim)
    if args.max_regions is not None and args.max_regions < 1:
        raise InvalidArgumentError(f"Argument '--max-regions' must be an integer >= 1, not {args.max_regions}")
    if args.time_budget is not None and not args.time_budget > 0:
        raise InvalidArgumentError(
            f"Argument '--time-budget' must be a positive number of seconds, not {args.time_budget}")
    if args.plot and net.input_dim > 2:  # refuse before a possibly long enumeration
        raise InvalidArgumentError(f"Argument '--plot' needs a 1-D or 2-D input, not {net.input_dim}-D")
    if args.plot:
        from .regions.plot import check_plot_path

        try:
            check_plot_path(args.plot)  # the suffix chooses the format: refuse an unknown one before enumerating
        except InvalidArgumentError as exc:
            raise InvalidArgumentError(str(exc).replace("Argument 'path'", "Argument '--plot'", 1)) from None
    elif args.edges_only or args.decision_boundary is not None:
        raise InvalidArgumentError("Arguments '--edges-only' and '--decision-boundary' need '--plot FILE'")
    if args.decision_boundary is not None and not 0 <= args.decision_boundary < net.output_dim:
        raise InvalidArgumentError(f"Argument '--decision-boundary' must be an output index in "
                                   f"0..{net.output_dim - 1} (0-based), not {args.decision_boundary}")
    budget = args.time_budget if args.time_budget is not None else getattr(args, "budget", None)
    if budget is None and args.max_regions is None:  # never unbounded: partial counts (lower bounds) at the default
        budget = DEFAULT_TIME_BUDGET
    E = enumerate_regions(net, domain, method=args.method, max_regions=args.max_regions,
                          time_budget=budget, progress=True)
    arch = _architecture(net)
    bounds = ()
    if arch is not None:
        unit, widths, k = arch
        bounds = region_bounds(net.input_dim, widths, unit=unit, k=k)
    cert_path = plot_path = cert_status = cert_kind = None
    if args.out:  # version 2: regions(network, domain) or activation_regions(network, domain)
        cert = E.certificate
        cert.check()  # the kernel (CertificateError -> exit 1)
        cert_path, cert_status = str(cert.save(args.out)), cert.status
        cert_kind = f"{cert.proposition['quantity']} {cert.relation} {cert.value}, method {cert.evidence['method']}"
    if args.plot:
        plot_path = plot_regions(E, args.plot, edges_only=args.edges_only,
                                 decision_boundary=args.decision_boundary is not None,
                                 output=args.decision_boundary or 0)
    if args.json:
        d = E.to_dict()
        _emit_json({
            "file": args.file, "domain": d["domain"], "method": E.method, "status": E.status, "complete": E.complete,
            "reason": E.reason or None, "field": E.field, "activation_regions": E.activation_regions,
            "linear_regions": E.linear_regions, "regions": d["regions"],
            "bounds_on": BOUNDS_ON if bounds else None,
            "architecture": None if arch is None else {"unit": arch[0], "n0": net.input_dim, "widths": list(arch[1]),
                                                       "k": arch[2]},
            "bounds": [bd.to_dict() for bd in bounds],
            "certificate_file": cert_path, "certificate_status": cert_status,
            "plot_file": plot_path})
        return 0
    rel = "" if E.complete else ">= "
    what = "pwl-network"
    if str(args.file).lower().endswith(".onnx"):
        what = ("ONNX model imported as a pwl-network (float weights " +
                ("rounded to multiples of 1/%d)" % args.round if args.round else "taken as their exact binary values)"))
    print(f"{args.file}: {what}, {net.input_dim} input(s), {net.num_nonlinear} nonlinear layer(s)")
    print(f"  domain: {domain.describe()}")
    print(f"  activation regions: {rel}{E.activation_regions}  (full-dimensional activation patterns)")
    print(f"  linear regions:     {rel}{E.linear_regions}  (maximal connected pieces with one affine map)")
    if E.complete:
        print(f"  status: exact (method {E.method}, field {E.field}; every region has a rational interior point)")
    else:
        print(f"  status: lower bound, the enumeration stopped early: {E.reason} (method {E.method}, field {E.field})")
    if arch is not None:
        unit, widths, k = arch
        what = "ReLU" if unit == "relu" else f"rank-{k} maxout"
        print(f"  architecture bounds ({what}, n0 = {net.input_dim}, widths {','.join(map(str, widths))}): bounds on the "
              "maximum number of")
        print("  linear regions over all weight settings, on all of R^n0 (not on this network's count above;")
        print("  upper: no network of this architecture has more; lower: some weight setting has at least this many):")
        for bd in bounds:
            print(f"    {bd.name:26s} {bd.kind:9s} {bd.value}")
    if cert_path:
        print(f"  certificate: {cert_path} ({cert_kind}, {cert_status}, re-checked by the independent checker)")
        if cert_status != E.status:
            print("  note: the certificate proves lower bounds only: the enumeration did not certify its "
                  "completeness")
        elif cert_kind.startswith("activation_regions"):
            print("  note: the certificate proves the activation count; the linear count is the enumeration's "
                  "(it needs adjacency evidence in dimension >= 3)")
    if plot_path:
        print(f"  plot: {plot_path}")
    return 0


# ============================================================================================ bounds
def _cmd_bounds(args: argparse.Namespace) -> int:
    from .cli import _emit_json
    from .regions.bounds import region_bounds
    from .regions.bounds import theorem_certificate
    from .theorems._checks_regions import conjunction_certificate

    widths = parse_widths(args.widths)
    if args.k is not None and args.unit != "maxout":
        raise InvalidArgumentError("Argument '--k' is the maxout rank: use it with --unit maxout")
    if args.pieces is not None and args.unit != "pwl":
        raise InvalidArgumentError("Argument '--pieces' is for --unit pwl")
    table = region_bounds(args.n0, widths, unit=args.unit, k=args.k, pieces=args.pieces)
    path = None
    if args.out:
        extra = {"k": args.k} if args.unit == "maxout" else {"pieces": args.pieces} if args.unit == "pwl" else {}
        cert = conjunction_certificate([theorem_certificate(bd.name, args.n0, widths, **extra) for bd in table])
        cert.check()
        path = str(cert.save(args.out))
    if args.json:
        _emit_json({"n0": args.n0, "widths": list(widths), "unit": args.unit, "k": args.k, "pieces": args.pieces,
                    "bounds_on": BOUNDS_ON, "bounds": [bd.to_dict() for bd in table], "certificate_file": path})
        return 0
    extra = f", k = {args.k}" if args.k else f", {args.pieces} pieces" if args.pieces else ""
    print(f"bounds on the maximum number of linear regions over all weight settings (on all of R^n0): {args.unit}, "
          f"n0 = {args.n0}, widths {','.join(map(str, widths))}{extra} (exact integers)")
    print("  upper: no network of this architecture has more; lower: some weight setting has at least this many;")
    print("  exact-max: the maximum itself")
    w = max(len(bd.name) for bd in table)
    for bd in table:
        print(f"  {bd.name:{w}s}  {bd.kind:9s}  {bd.value:>8}   {bd.source}; hypotheses: {bd.hypotheses}")
    if path:
        print(f"certificate: {path} (version 2: each bound as max_activation_regions, its formula recomputed by the "
              "kernel)")
    return 0
