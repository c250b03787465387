"""``exactnet new``: write a network file to start from (a deep or shallow ConvAC, or a ReLU network).

    exactnet new deep-convac --N 8 --M 2 --widths 2,1,1 [--window 2] [--shared] [--seed S] > net.json
    exactnet new shallow-convac --N 4 --M 3 --Z 5 [--shared] [--seed S] > shallow.json
    exactnet new relu --n0 1 --widths 2,2,2 [--box LO,HI] > relu.json      # Montufar et al.'s folding network

The JSON goes to stdout, or to ``--out FILE``; ``exactnet rank``, ``exactnet regions`` and the Python
API (``exactnet.load_network``) read it.  Weights are random integers in [--low, --high] drawn from
``--seed`` (ConvACs), or the exact weights of the folding construction (ReLU).

>>> from exactnet.cli import main
>>> main(["new", "deep-convac", "--N", "4", "--M", "2", "--widths", "2,1"])  # doctest: +ELLIPSIS
{"format": "exactnet.network", ...
0
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Callable

from .errors import InvalidArgumentError

__all__ = ["add_commands"]

_DESCRIPTION = """\
Write a network JSON file to start from. Kinds:
  deep-convac     a deep ConvAC over contiguous pooling windows (--N inputs, --M
                  representation functions, --widths r_0,...,r_{L-1}), random integer weights
  shallow-convac  a shallow ConvAC with --Z channels, random integer weights
  relu            Montufar et al.'s folding ReLU network on R^n0 (--n0, --widths), exact weights;
                  'exactnet regions' counts its linear regions

examples:
  exactnet new deep-convac --N 8 --M 2 --widths 2,1,1 --seed 2 > net.json
  exactnet rank net.json --partition odd-even --out cert.json
  exactnet new relu --n0 1 --widths 2,2,2 > relu.json
  exactnet regions relu.json --box=-1,2"""


def add_commands(sub: argparse._SubParsersAction) -> dict[str, Callable[[argparse.Namespace], int]]:
    """Add ``new`` to ``sub``; return ``{command: handler}``."""
    p = sub.add_parser("new", help="write a network JSON file to start from (ConvAC or ReLU network)",
                       description=_DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("kind", choices=("deep-convac", "shallow-convac", "relu"), help="the kind of network")
    p.add_argument("--N", type=int, help="number of inputs (ConvACs)")
    p.add_argument("--M", type=int, help="number of representation functions (ConvACs)")
    p.add_argument("--widths", help="comma-separated widths: r_0,...,r_{L-1} (deep-convac) or n_1,...,n_L (relu)")
    p.add_argument("--Z", type=int, help="channels of a shallow ConvAC")
    p.add_argument("--n0", type=int, default=1, help="input dimension of a relu network (default 1)")
    p.add_argument("--window", type=int, default=2, help="pooling window of a deep ConvAC (default 2)")
    p.add_argument("--shared", action="store_true", help="share weights across locations (ConvACs)")
    p.add_argument("--seed", type=int, default=0, help="random seed (ConvACs, default 0)")
    p.add_argument("--low", type=int, default=-3, help="least random weight (default -3)")
    p.add_argument("--high", type=int, default=3, help="largest random weight (default 3)")
    p.add_argument("--out", metavar="FILE", help="write here instead of stdout")
    p.add_argument("--json", action="store_true", help="accepted for uniformity (the output is JSON)")
    return {"new": _cmd_new}


def _need(args: argparse.Namespace, *names: str) -> None:
    for name in names:
        if getattr(args, name) is None:
            raise InvalidArgumentError(f"Argument '--{name}' is required for 'exactnet new {args.kind}'")


def _ints(text: str, name: str) -> list[int]:
    try:
        return [int(x) for x in text.split(",") if x.strip()]
    except ValueError:
        raise InvalidArgumentError(f"Argument '--{name}' must be comma-separated integers, not {text!r}") from None


def network_dict(args: argparse.Namespace) -> dict:
    """The JSON object of the network ``args`` describe."""
    from .networks import DeepConvAC, ShallowConvAC

    if args.kind == "deep-convac":
        _need(args, "N", "M", "widths")
        net = DeepConvAC.from_windows(args.N, args.M, _ints(args.widths, "widths"), window=args.window,
                                      shared=args.shared, seed=args.seed, low=args.low, high=args.high)
        return net.to_dict()
    if args.kind == "shallow-convac":
        _need(args, "N", "M", "Z")
        return ShallowConvAC.random(args.N, args.M, args.Z, shared=args.shared, seed=args.seed,
                                    low=args.low, high=args.high).to_dict()
    from .regions.constructions import montufar_folding

    _need(args, "widths")
    return montufar_folding(args.n0, _ints(args.widths, "widths")).network.to_dict()


def _cmd_new(args: argparse.Namespace) -> int:
    obj = network_dict(args)
    if args.out:
        from .networks.io import save_json

        print(save_json(obj, args.out))
    else:
        json.dump(obj, sys.stdout)
        sys.stdout.write("\n")
    return 0
