"""The certificate checker's entry points: :func:`check_certificate` and :func:`check_file`.

Every certificate exactnet writes is in format version 2: a proposition (quantity, object, relation,
value, field) and the evidence for it, checked by the kernel :mod:`exactnet.kernel`, which imports nothing
from exactnet but its errors (see ``docs/kernel.md``).  Files in format version 1 (a prose claim checked
by patterns) are no longer read: they are refused with the version and how to regenerate them.

Examples
--------
>>> cert = {"format": "exactnet.certificate", "schema_version": 1, "exactnet_version": "0.1.0",
...         "kind": "rank-one-sum", "claim": "rank <= 2", "field": "Q", "status": "upper-bound"}
>>> check_certificate(cert)
Traceback (most recent call last):
  ...
exactnet.errors.CertificateError: certificate format version 1 is no longer read for 'rank-one-sum'; regenerate it with exactnet.rank_one_sum_certificate(net, partition).save(path) (exactnet >= 0.2 writes format version 2) (field 'schema_version')
"""

from __future__ import annotations

import os
from typing import Any

from .. import kernel as _kernel
from ..errors import CertificateError, FormatError, InvalidArgumentError, describe_value
from ..kernel import CheckReport

__all__ = ["check_certificate", "check_file", "CheckReport", "refuse_old_file"]

#: kinds now read only in format version 2 (by exactnet.kernel), with how to regenerate a version-1 file
_MIGRATED = {"matrix-rank": "`exactnet rank FILE --out CERT` or `exactnet.rank(A).certificate.save(path)`"}
_MIGRATED.update(dict.fromkeys(("gc-rank-lower-bound", "gc-grid-tensor", "gc-sep-upper-bound", "gc-cut-upper-bound"),
                               "`exactnet structured NETWORK --out CERT` or the exactnet.theorems.overlap / "
                               "exactnet.networks.gcconvac certificate functions"))
_MIGRATED.update({"depth-efficiency": "exactnet.depth_efficiency_certificate(N, M, widths).save(path)",
                  "parameter-count": "exactnet.theorems.size_accounting_certificate(N, M, r).save(path)"})
_MIGRATED["tt-rank-lower-bound"] = "`exactnet tt --net TT.json --out CERT` or exactnet.theorems.tt.tt_rank(tt, partition).certificate.save(path)"
_MIGRATED["tt-cut-upper-bound"] = "`exactnet tt --d D --n N --ranks R --bound-only --out CERT` or exactnet.theorems.tt.tt_cut_certificate(...).save(path)"
_MIGRATED["tt-generic-rank"] = "`exactnet tt --d D --n N --ranks R --out CERT` or exactnet.theorems.tt.tt_generic_rank(...).certificate.save(path)"
_MIGRATED["neurovariety-dimension"] = "`exactnet neurovariety --widths W --degree R --out CERT` or neurovariety_dimension(W, R).certificate.save(path)"
_MIGRATED["minimal-filling"] = "`exactnet filling --widths W --degree R --out CERT` or minimal_filling_certificate(W, R).save(path)"
_MIGRATED["linear-regions"] = "`exactnet regions NET --box ... --out CERT` or exactnet.regions.enumerate_regions(net, domain).certificate.save(path)"
_MIGRATED["region-bound"] = "`exactnet bounds --n0 N0 --widths W --out CERT` or exactnet.regions.bounds.theorem_certificate(...).save(path)"
_MIGRATED["network-grid-tensor"] = "exactnet.theorems.bentkamp_tensor_certificate(N, M, widths).save(path) (a grid_tensor proposition)"
_MIGRATED["network-matrix-rank"] = "`exactnet rank NETWORK --out CERT` or exactnet.theorems.exact_rank_certificate(net, partition)"
_MIGRATED["rank-one-sum"] = "exactnet.rank_one_sum_certificate(net, partition).save(path)"
_MIGRATED["symmetric-obstruction"] = "exactnet.theorems.shared_shallow_obstruction_certificate(N, M).save(path)"
_MIGRATED["structural-upper-bound"] = "exactnet.theorems.upper_bound_certificate(tree, M, widths, partition).save(path)"
_MIGRATED["kronecker-rank"] = "exactnet.theorems.kronecker_rank_certificate(net, partition).save(path)"
_MIGRATED["pooling-bounds"] = "exactnet.theorems.geometry_bounds.pooling_bounds_certificate(tree, M, widths, partition).save(path)"
_MIGRATED["network-rank-lower-bound"] = ("`exactnet rank NETWORK --out CERT` or exactnet.rank(...).certificate.save(path) "
                                         "(a matricization_rank proposition)")
_MIGRATED["generic-rank"] = "exactnet.generic_rank_certificate(tree, M, widths, partition).save(path)"
_MIGRATED["bundle"] = ("the function that wrote it, e.g. exactnet.depth_lc_certificate(N, M, widths, Lc).save(path) "
                       "(named rules replace bundles)")


def check_certificate(obj: Any) -> CheckReport:
    """Verify one certificate given as a parsed JSON object; raise ``CertificateError`` if it fails."""
    refuse_old_file(obj)
    return _kernel.check_certificate(obj)


def check_file(path: str | os.PathLike) -> CheckReport:
    """Load a certificate from a ``.json`` or ``.json.gz`` file and verify it (``CertificateError`` or
    ``FormatError`` if it fails)."""
    try:
        obj = _kernel.load_file(os.fspath(path))
    except OSError as exc:  # missing, a directory, unreadable: the loaders' error, naming the file
        raise FormatError(f"cannot read the file: {exc.strerror or exc}", os.fspath(path)) from None
    except TypeError:
        raise InvalidArgumentError(f"Argument 'path' must be a file path (str or os.PathLike), not "
                                   f"{describe_value(path)}") from None
    refuse_old_file(obj)
    return _kernel.check_certificate(obj)


def refuse_old_file(obj: Any) -> None:
    """Refuse a format-version-1 certificate, naming the version and how to regenerate it."""
    if isinstance(obj, dict) and obj.get("schema_version") == 1:
        kind = obj.get("kind")
        how = _MIGRATED.get(kind, "the exactnet command or function that wrote it") if isinstance(kind, str) else \
            "the exactnet command or function that wrote it"
        shown = repr(kind) if isinstance(kind, str) else describe_value(kind)  # bounded: a hostile kind may be deep
        raise CertificateError(f"certificate format version 1 is no longer read for {shown}; regenerate it with "
                               f"{how} (exactnet >= 0.2 writes format version 2)", "schema_version")
