"""The independent certificate checker (layer L0').

This package re-verifies exactnet certificates from their JSON form alone.  It
shares **no code** with the provers: it imports the standard library, numpy,
python-flint and, from exactnet, only :mod:`exactnet.errors`.  It is meant to be
small enough to read in one sitting.

* :func:`check_certificate` checks a parsed JSON object; it dispatches on the
  certificate's ``"kind"`` through the registry ``_CHECKERS``.
* :func:`check_file` loads a ``.json`` or ``.json.gz`` file and checks it.

Both return a :class:`CheckReport` and raise
:class:`~exactnet.errors.CertificateError` (with ``.reason`` and ``.field``, the
JSON path of the offending field) when the certificate does not prove its claim.

Adding a kind: write ``check_<kind>(cert: dict) -> CheckReport`` (or a dict of
proved values) in a private module of this package and add one line to
``_CHECKERS`` below.

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
from typing import Any, Callable

from .. import kernel as _kernel
from . import _network, _theorem
from ._common import CheckReport, fail, get, json_int, short

__all__ = ["check_certificate", "check_file", "CheckReport", "FORMAT", "SCHEMA_VERSION", "known_kinds", "refuse_old_file"]

FORMAT = "exactnet.certificate"
SCHEMA_VERSION = 1

#: kind -> checker; a checker takes the certificate dict and returns a CheckReport
#: (or a dict of proved values), raising CertificateError on failure.
_CHECKERS: dict[str, Callable[[dict], Any]] = {
    "network-rank-lower-bound": _network.check_network_rank_lower_bound,
    "generic-rank": _theorem.check_generic_rank,
    "bundle": _theorem.check_bundle,
}
# kinds contributed by the rectifier, regions and overlap modules
_PLUGINS = ()
for _module in _PLUGINS:
    for _kind, _fn in _module.CHECKERS.items():
        if _kind in _CHECKERS:  # pragma: no cover - a programming error
            raise RuntimeError(f"duplicate certificate kind {_kind!r}")
        _CHECKERS[_kind] = _fn

#: The kinds that state a ``conclusion``; their checkers verify every value in it.  Any other kind
#: proves exactly its proved values, so a ``conclusion`` there (which nothing would verify) is refused.
_CONCLUDING = frozenset({"generic-rank", "bundle"}).union(
    *(_module.CONCLUDING for _module in _PLUGINS))


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
_MIGRATED["linear-regions"] = "`exactnet regions NET --box ... --out CERT` or exactnet.regions.enumerate_regions(net, domain).certificate().save(path)"
_MIGRATED["region-bound"] = "`exactnet bounds --n0 N0 --widths W --out CERT` or exactnet.regions.bounds.theorem_certificate(...).save(path)"
_MIGRATED["network-grid-tensor"] = "exactnet.theorems.bentkamp_tensor_certificate(N, M, widths).save(path) (a grid_tensor proposition)"
_MIGRATED["network-matrix-rank"] = "`exactnet rank NETWORK --out CERT` or exactnet.theorems.exact_rank_certificate(net, partition)"
_MIGRATED["rank-one-sum"] = "exactnet.rank_one_sum_certificate(net, partition).save(path)"
_MIGRATED["symmetric-obstruction"] = "exactnet.theorems.shared_shallow_obstruction_certificate(N, M).save(path)"
_MIGRATED["structural-upper-bound"] = "exactnet.theorems.upper_bound_certificate(tree, M, widths, partition).save(path)"
_MIGRATED["kronecker-rank"] = "exactnet.theorems.kronecker_rank_certificate(net, partition).save(path)"
_MIGRATED["pooling-bounds"] = "exactnet.theorems.geometry_bounds.pooling_bounds_certificate(tree, M, widths, partition).save(path)"


def known_kinds() -> tuple[str, ...]:
    """The certificate kinds this checker understands (sorted).

    >>> "bundle" in known_kinds(), "matrix-rank" in known_kinds()
    (True, False)
    """
    return tuple(sorted(_CHECKERS))


def check_certificate(obj: Any) -> CheckReport:
    """Verify one certificate given as a parsed JSON object; raise ``CertificateError`` if it fails.

    Checks the envelope (``format``, ``schema_version``, ``exactnet_version``,
    ``kind``, ``claim``), refuses a ``conclusion`` in a kind that does not verify one, then runs
    the checker registered for ``kind`` (which verifies every value of the conclusion, and that the
    claim states the key proved numbers without contradicting them).

    >>> check_certificate({"format": "exactnet.certificate", "schema_version": 1,
    ...                    "exactnet_version": "0.1.0", "kind": "no-such-kind", "claim": "x"})
    Traceback (most recent call last):
      ...
    exactnet.errors.CertificateError: unknown certificate kind 'no-such-kind'; known kinds: ...bundle... (field 'kind')
    """
    if not isinstance(obj, dict):
        raise fail(f"a certificate must be a JSON object, not {short(obj)}")
    if obj.get("schema_version") == _kernel.SCHEMA_VERSION:
        return _kernel.check_certificate(obj)
    fmt = get(obj, "format", "")
    if fmt != FORMAT:
        raise fail(f"must be {FORMAT!r}, not {short(fmt)}", "format")
    version = json_int(get(obj, "schema_version", ""), "schema_version")
    if version != SCHEMA_VERSION:
        raise fail(f"schema_version {version} is not supported (this checker reads {SCHEMA_VERSION})",
                   "schema_version")
    if not isinstance(get(obj, "exactnet_version", ""), str):
        raise fail(f"must be a string, not {short(obj['exactnet_version'])}", "exactnet_version")
    kind = get(obj, "kind", "")
    if not isinstance(kind, str) or kind not in _CHECKERS:
        refuse_old_file(obj)
        raise fail(f"unknown certificate kind {kind!r}; known kinds: {', '.join(known_kinds())}", "kind")
    claim = get(obj, "claim", "")
    if not isinstance(claim, str):
        raise fail(f"must be a string, not {short(claim)}", "claim")
    if "conclusion" in obj and kind not in _CONCLUDING:
        raise fail(f"a {kind} certificate has no conclusion: what it proves is its proved values, and a "
                   f"conclusion here would not be verified (only {', '.join(sorted(_CONCLUDING))} conclude)",
                   "conclusion")
    result = _CHECKERS[kind](obj)
    if isinstance(result, CheckReport):
        return result
    facts = dict(result) if isinstance(result, dict) else {}
    return CheckReport(kind=kind, claim=claim, verdict="valid", facts=facts)


def check_file(path: str | os.PathLike) -> CheckReport:
    """Load a certificate from a ``.json`` or ``.json.gz`` file and verify it.

    Raises ``CertificateError`` for invalid JSON or an invalid certificate
    (``OSError`` if the file cannot be read).
    """
    obj = _kernel.load_file(path)
    refuse_old_file(obj)
    return check_certificate(obj)


def refuse_old_file(obj: Any) -> None:
    """Refuse a version-1 file of a kind that is now written in version 2, saying how to regenerate it.

    (Version-1 parts of composite certificates of kinds not yet migrated are still read in memory.)
    """
    if isinstance(obj, dict) and obj.get("schema_version") == 1 and obj.get("kind") in _MIGRATED:
        raise fail(f"certificate format version 1 is no longer read for {obj['kind']!r}; regenerate it with "
                   f"{_MIGRATED[obj['kind']]} (exactnet >= 0.2 writes format version 2)", "schema_version")
