"""``exactnet`` commands for pooling geometry, overlaps and structured ranks.

::

    exactnet sweep --N 16 --M 2 --windows 4 --widths 2,2 [--geometry contiguous|mirror|both]
                   [--partitions all|balanced] [--sample K] [--seed S] [--shared] [--show K] [--certify] [--json]
                   [--workers N] [--scheduler local|ADDRESS] [--store FILE.sqlite] [--resume]
    exactnet structured --N 64 --M 4 --widths 4 [--windows 2] [--geometry contiguous|mirror]
                   [--partition low-high|odd-even|blocks:K|ROWS] [--shared] [--out CERT.json] [--json]
    exactnet structured NET.json [--partition NAME|ROWS] [--output Y] [--out CERT.json] [--json]
                   (one network's rank; 2-D gc-convac files take the 2-D names: top-bottom, checkerboard, ...)
    exactnet overlap --N 8 --M 2 [--r 2] [--partition left-right] [--variants ...] [--plot FILE.png] [--json]

:func:`add_commands` is called by :func:`exactnet.cli.build_parser`; handlers return the exit code and
may raise ExactnetError (the CLI turns it into one line on stderr, exit 2).  **Modes are 0-based.**

Examples
--------
>>> from exactnet.cli import main
>>> main(["sweep", "--N", "8", "--M", "2", "--windows", "2", "--widths", "2,x"])
2
"""

from __future__ import annotations

import argparse
import contextlib
from collections import Counter
from typing import Any, Callable

from .errors import CertificateError, InvalidArgumentError

__all__ = ["add_commands", "parse_partition"]


def _ints(text: str, option: str) -> tuple[int, ...]:
    try:
        out = tuple(int(x) for x in text.split(","))
    except ValueError:
        raise InvalidArgumentError(f"Argument '{option}' must be comma-separated integers such as 2,2, not {text!r}") from None
    if not out or any(x < 1 for x in out):
        raise InvalidArgumentError(f"Argument '{option}' must hold integers >= 1, not {text!r}")
    return out


def parse_partition(text: str, N: int):
    """A partition from the command line: a name (odd-even, low-high, left-right, mirror-pairs, outer-inner,
    blocks:K, interleaved-blocks:K) or explicit 0-based row modes ``0,1,6,7``.

    >>> parse_partition("outer-inner", 8).rows, parse_partition("0,3", 4).rows
    ((0, 1, 6, 7), (0, 3))
    >>> parse_partition("1,x", 4)
    Traceback (most recent call last):
      ...
    exactnet.errors.PartitionError: Argument 'partition' must be a name (odd-even, low-high, left-right, mirror-pairs, outer-inner, blocks:K, interleaved-blocks:K) or 0-based row modes such as 0,1,6,7, not '1,x'
    """
    from .errors import PartitionError
    from .tensors import Partition, as_partition

    t = text.strip()
    if t and all(part.strip().isdigit() for part in t.split(",")):
        return as_partition([int(x) for x in t.split(",")], N, name="partition")
    if t == "outer-inner":
        return Partition.from_rows([i for i in range(N) if i < N // 4 or i >= N - N // 4], N)
    if t.startswith("blocks:") and t[7:].isdigit():
        return Partition.blocks(N, int(t[7:]))
    try:
        from .tensors.geometry import partition_by_name

        return partition_by_name(t, (N,))
    except PartitionError:
        pass
    raise PartitionError(
        "Argument 'partition' must be a name (odd-even, low-high, left-right, mirror-pairs, outer-inner, blocks:K, "
        f"interleaved-blocks:K) or 0-based row modes such as 0,1,6,7, not {text!r}"
    )


def _explicit_tree(text: str, N: int):
    """``--tree``: a nested JSON list of 0-based modes, e.g. ``[[0,3],[1,2]]``, validated (must cover 0..N-1)."""
    import os

    from .core.jsonfile import parse_json  # any depth (a caterpillar tree is nested as deep as it has leaves)
    from .tensors import PoolingTree

    if not text.lstrip().startswith("[") and os.path.isfile(text):  # --tree FILE: the nested list in a JSON file
        from .core.jsonfile import read_bytes

        text = read_bytes(text).decode("utf-8", errors="replace")
    try:
        obj = parse_json(text, "--tree")
    except ValueError:  # (FormatError included)
        shown = text if len(text) <= 80 else text[:77] + "..."
        raise InvalidArgumentError(f"Argument '--tree' must be a nested JSON list of 0-based modes such as "
                                   f"[[0,3],[1,2]] (or a JSON file holding one), not {shown!r}") from None
    return PoolingTree.from_nested(obj, N=N, name="--tree")


def _shape_2d(text: str) -> tuple[int, int]:
    """``--shape HxW`` (2-D inputs, row-major modes: patch (r, c) is mode r * W + c)."""
    parts = text.lower().split("x")
    if len(parts) != 2 or not all(x.strip().isdigit() and int(x) >= 1 for x in parts):
        raise InvalidArgumentError(f"Argument '--shape' must be HxW with integers >= 1 such as 8x8, not {text!r}")
    return int(parts[0]), int(parts[1])


def _tree_2d(shape: tuple[int, int], windows_text: str):
    """The 2-D contiguous pooling tree: windows of side w (w x w, or w x 1 / 1 x w once an axis is used up) per
    level, over the row-major modes (the tree of the equal non-overlapping GC ConvAC)."""
    from .networks.gcconvac import GCConvAC

    ws = _ints(windows_text, "--windows")
    h, w = shape
    layers, level = [], 0
    while (h, w) != (1, 1):
        side = ws[min(level, len(ws) - 1)]
        if side < 2:
            raise InvalidArgumentError(f"Argument '--windows' must hold window sides >= 2, not {windows_text!r}")
        R = (min(side, h), min(side, w))
        if h % R[0] or w % R[1]:
            raise InvalidArgumentError(
                f"Argument '--windows' must tile the input: windows of {R[0]}x{R[1]} do not divide {h}x{w} positions "
                f"at level {level} (input {shape[0]}x{shape[1]}); choose H and W powers of the window side")
        layers.append((R, R, 1))
        h, w, level = h // R[0], w // R[1], level + 1
    return GCConvAC.random(shape, 1, layers).to_deep_convac().tree


_NAMED_2D = ("left-right", "top-bottom", "checkerboard", "interleaved-blocks:2", "mirror")
_NAMED_1D = ("low-high", "odd-even", "mirror-pairs", "outer-inner")


def _partition_for(text: str, N: int, shape: tuple[int, ...] | None):
    """A partition for a 1-D (``parse_partition``) or 2-D input (2-D names or row-major mode lists)."""
    if shape is None or len(shape) == 1:
        return parse_partition(text, N)
    from .theorems.overlap import gc_partition

    t = text.strip()
    return gc_partition([int(x) for x in t.split(",")] if t.replace(",", "").isdigit() and t else t, shape)


def _windows(text: str) -> Any:
    ws = _ints(text, "--windows")
    return ws[0] if len(ws) == 1 else ws


def _widths_for(tree, text: str) -> tuple[int, ...]:
    ws = _ints(text, "--widths")
    if len(ws) == 1:
        ws = ws * tree.height
    if len(ws) != tree.height:
        raise InvalidArgumentError(
            f"Argument '--widths' must give one width per level 0..{tree.height - 1} ({tree.height} values) of the "
            f"tree {tree.to_nested()}, or one width for all, not {text!r}")
    return ws


def _rank_text(rank: Any) -> str:
    return str(rank) if isinstance(rank, int) else f"{rank[0]}..{rank[1]}"


def _interrupted(exc: Exception) -> bool:
    """A budget that ran out (a certificate check cut short by it reads as rejected: the interruption, no finding)."""
    from .core.budget import ran_out
    from .errors import BudgetExceededError

    return isinstance(exc, BudgetExceededError) or ran_out()


def _emit(obj: Any) -> None:
    """``--json`` output at any nesting depth (a caterpillar tree is as deep as it has leaves)."""
    import sys

    from .cli import _emit_json
    from .networks.io import dumps

    try:
        _emit_json(obj)
    except RecursionError:
        sys.stdout.write(dumps(obj, indent=1) + "\n")


def _tree_text(nested: Any, modes: int) -> str:
    """A pooling tree (or a list of widths) for a readable line: in full when small, else by its size."""
    return str(nested) if modes <= 64 else f"(over {modes} modes; --json gives it in full)"


def _n_for(args: argparse.Namespace, shape: tuple[int, int] | None) -> int:
    """N from --N or --shape (they must agree when both are given)."""
    if shape is None:
        if args.N is None:
            raise InvalidArgumentError("Argument '--N' is required (or --shape HxW for 2-D inputs), not None")
        return args.N
    if args.N is not None and args.N != shape[0] * shape[1]:
        raise InvalidArgumentError(f"Argument '--N' must equal H*W = {shape[0] * shape[1]} for --shape "
                                   f"{shape[0]}x{shape[1]}, not {args.N}; omit --N")
    return shape[0] * shape[1]


# ============================================================================================ sweep
def _cmd_sweep(args: argparse.Namespace) -> int:
    from .theorems.geometry_bounds import enumerate_partitions, named_geometry_tree, sweep_partitions

    shape = _shape_2d(args.shape) if args.shape is not None else None
    N, M = _n_for(args, shape), args.M
    if N < 2:
        raise InvalidArgumentError(f"Argument '--N' must be >= 2, not {N}")
    geometries = ("contiguous", "mirror") if args.geometry == "both" else (args.geometry,)
    if shape is not None:
        if args.geometry == "mirror":
            raise InvalidArgumentError("Argument '--geometry' must be 'contiguous' (or 'both') with --shape, not "
                                       "'mirror': 2-D mirror pooling is not built in; give it with --tree")
        geometries = ("contiguous",)
    if args.tree is not None:
        geometries = ("explicit",)
    if args.sample is not None:
        which: Any = args.sample
    elif args.partitions:
        which = args.partitions
    else:
        which = "all" if (1 << (N - 1)) - 1 <= 1024 else 200
    parts = enumerate_partitions(N, which, seed=args.seed)
    report = {"N": N, "M": M, "partitions": len(parts), "selection": which, "geometries": {},
              "shape": list(shape) if shape is not None else [N]}
    run = {"command": "sweep", "N": N, "M": M, "shape": report["shape"], "windows": args.windows,
           "widths": args.widths, "geometries": list(geometries), "tree": args.tree, "selection": which,
           "seed": args.seed, "shared": args.shared, "certify": args.certify}
    from .errors import BudgetExceededError

    stopped = None
    with _sweep_engine(args, run) as (engine, store):
        for geo in geometries:
            tree = (_explicit_tree(args.tree, N) if geo == "explicit"
                    else _tree_2d(shape, args.windows) if shape is not None
                    else named_geometry_tree(N, _windows(args.windows), geo))
            ws = _widths_for(tree, args.widths)
            done: list = []
            named: dict = {}
            try:
                rows = sweep_partitions(tree, parts, M=M, widths=ws, shared=args.shared, certify=args.certify,
                                        engine=engine, store=store, progress=None, done=done)
                _sweep_named(report, geo, tree, ws, rows, args, N, shape, named)
            except (BudgetExceededError, CertificateError) as exc:  # partial: the rows finished so far stand
                if not _interrupted(exc):
                    raise
                from .core.budget import disarm

                disarm()  # the answer below is written in full
                stopped = (f"partial: [{geo}] {len(done)} of {len(parts)} partitions"
                           f"{'' if len(done) < len(parts) else ' (and some named partitions)'} finished before the "
                           f"budget ran out{'; later geometries not run' if geo != geometries[-1] else ''} ({exc})")
                report["geometries"][geo] = {"tree": tree.to_nested(), "widths": list(ws), "named": named,
                                             "rows": [r.to_dict() for r in done]}
                break
    if stopped:  # (a complete sweep's output is unchanged: no status keys)
        report["status"], report["stopped"] = "partial", stopped
    return _sweep_print(report, args, N, M, parts, which)


@contextlib.contextmanager
def _sweep_engine(args: argparse.Namespace, run: dict):
    """The engine (``--workers``, ``--scheduler``) and the store (``--store``, ``--resume``) of a sweep."""
    from .scale import Store, make_engine

    if args.resume and args.store is None:
        raise InvalidArgumentError("Argument '--resume' needs '--store FILE' (the store of the run to resume), not "
                                   "None")
    store = None
    if args.store is not None:
        store = Store(args.store, run=run)  # another run's store: StoreMismatch naming both
        if len(store) and not args.resume:
            n = len(store)
            store.close()
            raise InvalidArgumentError(
                f"Argument '--store' {args.store!r} already holds {n} results of this sweep; add --resume to "
                "continue it (finished partitions are read back), or choose another file")
    try:
        with make_engine(workers=args.workers, scheduler=args.scheduler) as engine:
            yield engine, store
    finally:
        if store is not None:
            store.close()


def _sweep_named(report: dict, geo: str, tree: Any, ws: tuple, rows: list, args: argparse.Namespace, N: int,
                 shape: Any, named: dict) -> None:
    """The named partitions of one geometry (in this process: a handful), and the geometry's part of the report."""
    from .errors import BudgetExceededError
    from .theorems.geometry_bounds import sweep_partitions

    for name in (_NAMED_2D if shape is not None else _NAMED_1D):
        try:
            named[name] = sweep_partitions(tree, [_partition_for(name, N, shape)], M=args.M, widths=ws,
                                           shared=args.shared)[0].to_dict()
        except BudgetExceededError:
            raise
        except Exception:  # a name that does not apply to this N
            continue
    report["geometries"][geo] = {"tree": tree.to_nested(), "widths": list(ws), "named": named,
                                 "rows": [r.to_dict() for r in rows]}


def _sweep_print(report: dict, args: argparse.Namespace, N: int, M: int, parts: list, which: Any) -> int:

    if args.json:
        _emit({"ok": True, **report})
        return 0
    print(f"sweep: N={N}, M={M}, {len(parts)} partitions ({which}; up to transposition, mode 0 in the rows; 0-based)")
    if report.get("stopped"):
        print(report["stopped"])
    for geo, rep in report["geometries"].items():
        rows = rep["rows"]
        print(f"\n[{geo}] tree {_tree_text(rep['tree'], N)}  widths {_tree_text(rep['widths'], N)}")
        hist = Counter(r["rank"] if isinstance(r["rank"], int) else tuple(r["rank"]) for r in rows)
        pinned = sum(1 for r in rows if r["status"] == "almost-everywhere")
        print("  generic rank histogram (rank: count): "
              + ", ".join(f"{_rank_text(k)}: {v}" for k, v in sorted(hist.items(), key=lambda kv: str(kv[0]))))
        verified = sum(1 for r in rows if r["verified"])
        print(f"  {pinned}/{len(rows)} pinned (witness = structural bound); others lower..upper"
              + (f"; {verified} certificates verified by the independent checker" if args.certify else ""))
        print("  named partitions: " + ", ".join(f"{name} {_rank_text(r['rank'])}" for name, r in rep["named"].items()))
        key = (lambda r: r["rank"] if isinstance(r["rank"], int) else r["rank"][0])
        ordered = sorted(rows, key=key)
        k = min(args.show, len(rows))
        half = (len(rows) + 1) // 2 if len(rows) < 2 * k else k  # small sweeps: no partition in both lists
        wI = max([34] + [len(str(r["rows"])) for r in rows])
        print(f"  {'rows I (0-based)':<{wI}} {'rank':>10} {'Thm1 lower':>10} {'Thm1 upper':>10} {'split':>5}  method")
        for label, sel in (("lowest", ordered[:half]), ("highest", ordered[::-1][:min(k, len(rows) - half)])):
            print(f"  -- {label} --")
            for r in sel:
                print(f"  {str(r['rows']):<{wI}} {_rank_text(r['rank']):>10} {r['thm1_lower']:>10} {r['thm1_upper']:>10} "
                      f"{r['split_windows']:>5}  {r['method']}")
    return 0


# ============================================================================================ structured
def _cmd_structured(args: argparse.Namespace) -> int:
    from .errors import ResourceLimitError
    from .theorems.geometry_bounds import named_geometry_tree, pooling_bounds
    from .theorems.structured import kronecker_generic_rank, structured_rank

    if args.network is not None:
        return _structured_network(args)
    shape = _shape_2d(args.shape) if args.shape is not None else None
    if shape is not None:
        args.N = _n_for(args, shape)
        if args.geometry != "contiguous":
            raise InvalidArgumentError("Argument '--geometry' must be 'contiguous' with --shape, not 'mirror': 2-D "
                                       "mirror pooling is not built in; give it with --tree")
    missing = [o for o, v in (("--N", args.N), ("--M", args.M), ("--widths", args.widths)) if v is None]
    if missing:
        raise InvalidArgumentError(
            f"Argument '{missing[0]}' is required for an architecture (the generic rank), not None; give --N, --M and "
            "--widths, or a network JSON file (deep-convac or gc-convac, 1-D or 2-D) for the rank of that network")
    tree = (_explicit_tree(args.tree, args.N) if args.tree is not None
            else _tree_2d(shape, args.windows) if shape is not None
            else named_geometry_tree(args.N, _windows(args.windows), args.geometry))
    ws = _widths_for(tree, args.widths)
    part = _partition_for(args.partition, args.N, shape)
    from .errors import BudgetExceededError

    try:  # a --budget that runs out anywhere here: the certified Theorem-1 bracket, status partial
        try:
            res = structured_rank(tree, part, M=args.M, widths=ws, shared=args.shared)
        except ResourceLimitError as exc:
            if isinstance(exc, BudgetExceededError):
                raise
            res = kronecker_generic_rank(tree, part, args.M, ws)
            res = type(res)(res.rank, res.field, res.status, res.method, res.certificate, res.lower, res.upper,
                            res.partition, res.seconds, f"{res.notes}; skeleton refused: {exc}")
        report = res.certificate.check() if res.certificate is not None else None
    except (BudgetExceededError, CertificateError) as exc:
        if not _interrupted(exc):
            raise
        return _structured_partial(args, exc, tree, args.M, ws, part, lower_holds=not args.shared,
                                   what=f"N={args.N}, M={args.M}, widths {_tree_text(list(ws), len(ws))}")
    try:
        b = pooling_bounds(tree, args.M, ws, part)
        thm1 = {"lower": b.lower, "upper": b.upper, "split_windows": b.split_windows}
    except Exception:  # non-full trees: no Theorem-1 bounds
        thm1 = None
    if args.out and res.certificate is not None:
        res.certificate.save(args.out)
    out = {**res.to_dict(), "verified": report is not None, "thm1": thm1, "N": args.N, "M": args.M,
           "shape": list(shape) if shape is not None else [args.N],
           "widths": list(ws), "tree": tree.to_nested() if args.tree is not None else args.geometry}
    if args.json:
        _emit({"ok": True, **out})
        return 0
    where = (f"tree {_tree_text(args.tree, args.N)}" if args.tree is not None else f"{args.geometry} windows {args.windows}"
             + (f" on {shape[0]}x{shape[1]} inputs (row-major modes)" if shape is not None else ""))
    print(f"structured rank: N={args.N}, M={args.M}, widths {_tree_text(list(ws), len(ws))}, {where}, "
          f"I={list(part.rows) if len(part.rows) <= 16 else str(list(part.rows)[:16])[:-1] + ', ...]'} (0-based)")
    print(f"  {res}  in {res.seconds:.3f} s; certificate {'verified by the independent checker' if report else 'none'}")
    if res.notes:
        print(f"  {res.notes}")
    if thm1:
        print(f"  Theorem-1 bounds: {thm1['lower']} <= max rank <= {thm1['upper']} ({thm1['split_windows']} split windows)")
    if args.out and res.certificate is not None:
        print(f"  certificate written to {args.out}")
    return 0


def _structured_network(args: argparse.Namespace) -> int:
    """``exactnet structured FILE``: the rank of one network's matricization (never the dense tensor)."""
    from .errors import ExactnetError, ResourceLimitError
    from .networks import DeepConvAC, network_from_dict
    from .networks.gcconvac import GCConvAC
    from .networks.io import load_json
    from .theorems.structured import structured_rank

    ignored = [o for o, v in (("--N", args.N), ("--M", args.M), ("--widths", args.widths), ("--shape", args.shape)) if v is not None]
    if ignored:
        raise InvalidArgumentError(
            f"Argument '{ignored[0]}' must not be given with a network file (the file fixes the architecture), not "
            f"{getattr(args, ignored[0][2:])!r}; drop it, or drop the file for the generic rank of an architecture")
    net = network_from_dict(load_json(args.network), path=args.network)
    if not isinstance(net, (DeepConvAC, GCConvAC)):
        raise InvalidArgumentError(
            f"Argument 'network' must be a deep-convac or gc-convac network, not kind {type(net).__name__!r} "
            f"({args.network}); for shallow networks use 'exactnet rank', for tt-network files 'exactnet tt --net FILE'")
    shape = net.input_shape if isinstance(net, GCConvAC) else (net.N,)
    if len(shape) == 2:
        from .theorems.overlap import gc_partition

        t = args.partition.strip()
        part = gc_partition([int(x) for x in t.split(",")] if t.replace(",", "").isdigit() else t, shape)
    else:
        part = parse_partition(args.partition, net.N)
    from .errors import BudgetExceededError

    try:
        res = structured_rank(net, part, output=args.output)
        report = res.certificate.check() if res.certificate is not None else None
    except (BudgetExceededError, CertificateError) as exc:  # the architecture's upper bound holds for every network
        if not _interrupted(exc):
            raise
        deep = net if isinstance(net, DeepConvAC) else None
        if deep is None:
            with contextlib.suppress(ExactnetError):
                deep = net.to_deep_convac()
        return _structured_partial(args, exc, deep.tree if deep is not None else None, net.M,
                                   deep.widths if deep is not None else None, part, lower_holds=False,
                                   what=str(args.network))
    except ResourceLimitError as exc:
        raise ResourceLimitError(
            f"{exc} For a network file there is no Kronecker fallback (its weights are fixed): the generic rank of "
            "the architecture ('exactnet structured --N .. --M .. --widths ..') or the Theorem-1 bounds may "
            "answer instead.") from None
    if args.out and res.certificate is not None:
        res.certificate.save(args.out)
    kind = "gc-convac" if isinstance(net, GCConvAC) else "deep-convac"
    thm1 = None
    try:  # Theorem-1 bounds of the architecture (full pooling trees: deep nets, non-overlapping GC nets)
        from .theorems.geometry_bounds import pooling_bounds

        deep = net if isinstance(net, DeepConvAC) else net.to_deep_convac()
        b = pooling_bounds(deep.tree, deep.M, deep.widths, part)
        thm1 = {"lower": b.lower, "upper": b.upper, "split_windows": b.split_windows}
    except ExactnetError:  # overlapping GC nets or non-full trees: no Theorem-1 bounds
        pass
    out = {**res.to_dict(), "verified": report is not None, "network": args.network, "kind": kind,
           "input_shape": list(shape), "M": net.M, "output": args.output, "thm1": thm1}
    if args.json:
        _emit({"ok": True, **out})
        return 0
    rows = list(part.rows)
    print(f"structured rank of {args.network} ({kind}, inputs {'x'.join(map(str, shape))}, M={net.M}), "
          f"I={rows if len(rows) <= 16 else str(rows[:16])[:-1] + ', ...]'} (0-based)")
    print(f"  {res}  in {res.seconds:.3f} s; certificate {'verified by the independent checker' if report else 'none'}")
    print(f"  certified: {res.lower} <= rank <= {res.upper}")
    if thm1:
        print(f"  Theorem-1 bounds (architecture): {thm1['lower']} <= max rank <= {thm1['upper']} "
              f"({thm1['split_windows']} split windows)")
    if res.notes:
        print(f"  {res.notes}")
    if args.out and res.certificate is not None:
        print(f"  certificate written to {args.out}")
    return 0


def _structured_partial(args: argparse.Namespace, exc: Exception, tree: Any, M: int, ws: Any, part: Any,
                        lower_holds: bool, what: str) -> int:
    """``--budget`` ran out before the rank: the certified Theorem-1 bracket instead, with ``status: partial``.

    The upper bound (``generic rank <= c_root``) holds for every network of the architecture; the lower bound
    (Bentkamp's witness) for the generic rank in the unshared weight space only.  Each is built and re-checked by
    the kernel under a short budget of its own; one that does not fit is left out (``null``).
    """
    from .core.budget import disarm, ran_out, time_budget
    from .errors import ExactnetError

    disarm()  # the answer below is written in full
    stopped = f"partial: the rank was not finished before the budget ran out ({exc})"
    bracket: dict = {"lower": None, "upper": None, "lower_verdict": None, "upper_verdict": None}
    if tree is not None and ws is not None:
        from .theorems.geometry_bounds import pooling_bounds, pooling_lower_certificate

        with contextlib.suppress(ExactnetError):
            with time_budget(_PARTIAL_SECONDS, "the Theorem-1 upper bound"):
                b = pooling_bounds(tree, M, ws, part)
                verdict = b.check().verdict
                if not ran_out():  # (a check cut short is no verdict)
                    bracket["upper"], bracket["upper_verdict"] = b.upper, verdict
        if lower_holds:
            with contextlib.suppress(ExactnetError):
                with time_budget(_PARTIAL_SECONDS, "the Theorem-1 lower bound"):
                    c = pooling_lower_certificate(tree, M, ws, part)
                    verdict = c.check().verdict
                    if not ran_out():
                        bracket["lower"], bracket["lower_verdict"] = c.value, verdict
    lo = bracket["lower"] if bracket["lower_verdict"] == "valid" else None
    hi = bracket["upper"] if bracket["upper_verdict"] == "valid" else None
    rank = lo if lo is not None and lo == hi else None  # the certified bounds meet: the rank itself
    if args.json:
        _emit({"ok": True, "status": "partial", "stopped": stopped, "rank": rank, "field": "Q", **bracket})
        return 0
    print(f"structured rank: {what}; {stopped}")
    if rank is not None:
        print(f"  rank = {rank}: the certified Theorem-1 bounds meet (both re-checked by the kernel)")
    elif lo is None and hi is None:
        print("  no certified bound fitted in the time left")
    else:
        print(f"  certified bracket (Theorem-1, re-checked by the kernel): {lo if lo is not None else '?'} <= rank "
              f"<= {hi if hi is not None else '?'}")
    return 0


#: seconds each bound of a partial ``structured`` answer may take once the budget has run out
_PARTIAL_SECONDS = 5.0


# ============================================================================================ overlap
def _cmd_overlap(args: argparse.Namespace) -> int:
    from .theorems.overlap import overlap_study, plot_overlap_study

    N = args.N
    if N < 2 or N & (N - 1):
        raise InvalidArgumentError(f"Argument '--N' must be a power of 2 >= 2, not {N}")
    Ns = [n for n in (2 ** k for k in range(1, N.bit_length())) if n >= 4 or N == 2] or [N]
    variants = tuple(v.strip() for v in args.variants.split(","))
    from .errors import PartitionError
    from .tensors.geometry import partition_by_name

    for n in Ns:  # the study runs for every N: the partition must be a name (explicit rows fit one N only)
        try:
            partition_by_name(args.partition, (n,))
        except PartitionError as exc:
            raise PartitionError(
                f"Argument '--partition' must be a partition name that applies to every N of the study "
                f"(N = {', '.join(map(str, Ns))}), e.g. left-right, odd-even, blocks:2, not {args.partition!r} "
                f"(at N = {n}: {exc})") from None
    from .errors import BudgetExceededError

    rows, stopped = [], None
    for n in Ns:  # one N at a time: when a --budget runs out, the rows of the smaller N stand (partial)
        try:
            rows.extend(overlap_study([n], args.M, args.r, args.partition, variants=variants))
        except BudgetExceededError as exc:
            from .core.budget import disarm

            disarm()  # the answer below is written in full
            stopped = f"partial: N = {', '.join(str(r) for r in Ns if r < n) or 'none'} done; stopped at N = {n} ({exc})"
            break
    if args.plot and rows:
        plot_overlap_study(rows, args.plot, args.partition)
    if args.json:
        _emit({"ok": True, "M": args.M, "r": args.r, "partition": args.partition,
                    "rows": [r.to_dict() for r in rows], "plot": args.plot,
                    "status": "partial" if stopped else "complete", "stopped": stopped})
        return 0
    print(f"overlap study: M={args.M}, r={args.r}, partition {args.partition} (0-based rows {{0..N/2-1}}); "
          "shared weights; layers (R,S,C)")
    print(f"{'N':>3} {'variant':<16} {'layers':<34} {'params':>7} {'generic rank':>13} {'status':<18} "
          f"{'non-overl. width needed':>23} {'its params':>10}")
    for r in rows:
        w = "-" if r.width_to_match is None else str(r.width_to_match)
        p = "-" if r.params_to_match is None else str(r.params_to_match)
        print(f"{r.N:>3} {r.variant:<16} {r.layers:<34} {r.params:>7} {_rank_text(r.rank):>13} {r.status:<18} "
              f"{w:>23} {p:>10}")
    if args.plot and rows:
        print(f"plot written to {args.plot}")
    if stopped:
        print(stopped)
    return 0


def add_commands(sub: argparse._SubParsersAction) -> dict[str, Callable[[argparse.Namespace], int]]:
    """Add this module's subcommands to ``sub``; return ``{command: handler}``."""
    p = sub.add_parser("sweep", help="generic rank of every partition under contiguous / mirror pooling",
                       description="Sweep the partitions of a small instance (or a sample): certified-style generic "
                                   "rank (witness minor + structural bound) next to the ICLR-2017 Theorem-1 bounds, "
                                   "under each pooling geometry. Modes are 0-based. When the budget runs out "
                                   "(--budget; 45 s by default), the partitions finished so far are reported "
                                   "with status partial (exit 0).")
    p.add_argument("--N", type=int, default=None)
    p.add_argument("--shape", default=None,
                   help="2-D inputs HxW (row-major modes; contiguous w x w windows, 2-D partition names)")
    p.add_argument("--M", type=int, required=True)
    p.add_argument("--windows", default="2", help="pooling window size (or sizes bottom-up, comma-separated)")
    p.add_argument("--widths", required=True, help="one width per level (comma-separated) or one for all")
    p.add_argument("--geometry", choices=("contiguous", "mirror", "both"), default="both")
    p.add_argument("--tree", default=None,
                   help="an explicit pooling tree instead of --geometry/--windows: nested JSON of 0-based modes, "
                        "e.g. [[0,3],[1,2]] (must cover 0..N-1 once)")
    p.add_argument("--partitions", choices=("all", "balanced"), default=None)
    p.add_argument("--sample", type=int, default=None, help="a random sample of K partitions")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--shared", action="store_true")
    p.add_argument("--show", type=int, default=5, help="how many lowest / highest partitions to list")
    p.add_argument("--certify", action="store_true",
                   help="build every partition's certificate and verify it with the independent checker (slower)")
    p.add_argument("--workers", type=int, default=1,
                   help="worker processes (a process pool; default 1: in this process); with --scheduler, Dask "
                        "workers of a local cluster")
    p.add_argument("--scheduler", default=None,
                   help="run on Dask distributed: 'local' (a LocalCluster of --workers processes) or a scheduler "
                        "address such as tcp://host:8786 (needs pip install 'exactnet[scale]')")
    p.add_argument("--store", default=None,
                   help="SQLite file keeping every partition's row as it finishes (interrupt freely: see --resume)")
    p.add_argument("--resume", action="store_true",
                   help="continue the sweep kept in --store: finished partitions are read back, not recomputed")
    p.add_argument("--json", action="store_true")
    s = sub.add_parser("structured", help="certified rank of one matricization without forming the grid tensor",
                       description="Structured rank (skeleton minor or Kronecker witness + structural bound), for "
                                   "sizes where the dense grid tensor is refused (e.g. N=64, M=4): the generic rank "
                                   "of an architecture (--N/--M/--widths), or the rank of one network given as a "
                                   "JSON file (deep-convac or gc-convac, 1-D or 2-D). Status exact / "
                                   "almost-everywhere / lower-bound. Modes are 0-based (2-D: row-major). When the "
                                   "budget runs out (--budget; 45 s by default), the certified Theorem-1 bracket is "
                                   "reported instead, with status partial (exit 0).")
    s.add_argument("network", nargs="?", default=None,
                   help="optional network JSON file (deep-convac or gc-convac, 1-D or 2-D): the rank of THIS network "
                        "instead of the generic rank of an architecture (then omit --N/--M/--widths)")
    s.add_argument("--N", type=int, default=None)
    s.add_argument("--shape", default=None,
                   help="2-D inputs HxW (row-major modes; contiguous w x w windows; partitions top-bottom, "
                        "left-right, checkerboard, interleaved-blocks:K, mirror or mode lists)")
    s.add_argument("--M", type=int, default=None)
    s.add_argument("--widths", default=None)
    s.add_argument("--output", type=int, default=0, help="output index (0-based) for a network file")
    s.add_argument("--windows", default="2")
    s.add_argument("--geometry", choices=("contiguous", "mirror"), default="contiguous")
    s.add_argument("--tree", default=None,
                   help="an explicit pooling tree instead of --geometry/--windows: nested JSON of 0-based modes, "
                        "e.g. [[0,3],[1,2]] (must cover 0..N-1 once)")
    s.add_argument("--partition", default="low-high")
    s.add_argument("--shared", action="store_true")
    s.add_argument("--out", default=None, help="write the certificate JSON here")
    s.add_argument("--json", action="store_true")
    o = sub.add_parser("overlap", help="overlapping vs non-overlapping GC ConvACs: generic ranks, sizes",
                       description="Generic left/right rank of overlapping and non-overlapping 1-D GC ConvACs for "
                                   "N = 4, 8, ..., --N, the parameter counts, and the width a non-overlapping network "
                                   "needs to match.")
    o.add_argument("--N", type=int, required=True, help="largest N (a power of 2)")
    o.add_argument("--M", type=int, required=True)
    o.add_argument("--r", type=int, default=2, help="channels per layer")
    o.add_argument("--partition", default="left-right")
    o.add_argument("--variants", default="non-overlapping,overlapping,same-size",
                   help="comma-separated: non-overlapping, overlapping, same-size, overlap-3")
    o.add_argument("--plot", default=None, help="PNG file: rank against N")
    o.add_argument("--json", action="store_true")
    return {"sweep": _cmd_sweep, "structured": _cmd_structured, "overlap": _cmd_overlap}
