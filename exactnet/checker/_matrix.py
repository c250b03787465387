r"""Checker of ``"matrix-rank"`` certificates (independent of the prover; imports only ``exactnet.errors``).

The certificate (JSON, rationals as strings, indices 0-based)::

    {"format": "exactnet.certificate", "schema_version": 1, "exactnet_version": "...",
     "kind": "matrix-rank", "claim": "rank A = r over Q", "field": "Q", "status": "exact",
     "matrix": {"shape": [m, n], "entries": [["p/q", ...], ...]},
     "rank": r,
     "lower": {"rows": [...], "cols": [...], "prime": "p"},
     "upper": {"type": "trivial"}
           or {"type": "factorization", "cols": [...], "scale": "d", "coefficients": [[...]]}}

``status`` may also be ``"lower-bound"`` (claim ``"rank A >= r over Q"``); then
there is no ``upper`` part.

Why a passing certificate proves the claim
------------------------------------------
Let ``D`` be the least common denominator of the entries and ``B = D*A`` (an
integer matrix with the rank of ``A``).

* **Lower bound.**  ``p`` is prime and ``det B[rows][:, cols] != 0 (mod p)``, so
  the integer ``det B[rows][:, cols]`` is not zero: an ``r x r`` minor of ``B`` is
  nonsingular, hence ``rank A >= r``.
* **Upper bound, trivial.**  ``r = min(m, n)`` and no rank exceeds that.
* **Upper bound, factorization.**  ``d != 0`` and ``d*B == B[:, cols] @ Y``
  exactly (``Y`` an ``r x n`` integer matrix), so every column of ``B`` is a
  rational combination of the ``r`` columns ``cols``: ``rank A <= r``.

The identity is checked with Python integers when ``m*n*r <= 2e6``.  Beyond,
multi-modularly: ``E = d*B - B[:, cols] @ Y`` has integer entries with
``|E_ij| <= H = |d| max|B| + r max|B| max|Y|``; the checker verifies
``E = 0 (mod q)`` for distinct primes ``q < 2**21`` whose product exceeds
``2H``.  Then ``E_ij`` is a multiple of that product and smaller than half of
it in absolute value, so ``E = 0``.  Each modular product is computed exactly in
float64: residues are below ``2**21`` in absolute value, at most 512 products are
summed before a reduction, so every intermediate value is below ``2**52``.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from ._common import (
    CheckReport,
    det_mod_p,
    fail,
    get,
    index_list,
    int_matrix,
    int_string,
    is_prime,
    join,
    json_int,
    rational_matrix,
    short,
)

__all__ = ["check_matrix_rank", "EXACT_LIMIT"]

#: Plain Python integers are used for the factorization identity up to this m*n*r.
EXACT_LIMIT = 2_000_000
_CLAIM = re.compile(r"rank ([^=<>]+) (=|>=) ([0-9]+) over Q")
_MOD_BITS = 21
_CHUNK = 512


def check_matrix_rank(cert: Any, path: str = "") -> CheckReport:
    """Verify a ``"matrix-rank"`` certificate (a dict parsed from JSON); raise ``CertificateError``.

    ``path`` prefixes the field names in errors (for certificates nested in others).

    >>> cert = {"kind": "matrix-rank", "claim": "rank A = 1 over Q", "field": "Q",
    ...         "status": "exact", "matrix": {"shape": [2, 2], "entries": [["1", "2"], ["2", "4"]]},
    ...         "rank": 1, "lower": {"rows": [0], "cols": [0], "prime": "5"},
    ...         "upper": {"type": "factorization", "cols": [0], "scale": "1",
    ...                   "coefficients": [["1", "2"]]}}
    >>> check_matrix_rank(cert).verdict
    'valid: 1x1 minor (rows [0], cols [0]) has det != 0 mod 5; 1 * A == A[:, [0]] @ Y verified exactly'
    >>> cert["lower"]["prime"] = "4"
    >>> check_matrix_rank(cert)
    Traceback (most recent call last):
      ...
    exactnet.errors.CertificateError: 4 is not a prime (field 'lower.prime')
    """
    f = lambda name: join(path, name)  # noqa: E731 - field path helper
    if not isinstance(cert, dict):
        raise fail(f"a certificate must be a JSON object, not {short(cert)}", path or None)
    kind = get(cert, "kind", path)
    if kind != "matrix-rank":
        raise fail(f"expected kind \"matrix-rank\", not {short(kind)}", f("kind"))
    if get(cert, "field", path) != "Q":
        raise fail(f"must be \"Q\" (ranks are certified over Q), not {short(cert['field'])}", f("field"))
    status = get(cert, "status", path)
    if status not in ("exact", "lower-bound"):
        raise fail(f"must be \"exact\" or \"lower-bound\", not {short(status)}", f("status"))

    m, n, B, D = rational_matrix(get(cert, "matrix", path), f("matrix"))
    r = json_int(get(cert, "rank", path), f("rank"), 0)
    if r > min(m, n):
        raise fail(f"rank {r} exceeds min(m, n) = {min(m, n)} for a {m}x{n} matrix", f("rank"))

    claim = get(cert, "claim", path)
    cm = _CLAIM.fullmatch(claim) if isinstance(claim, str) else None
    op = "=" if status == "exact" else ">="
    if cm is None or cm.group(2) != op or int(cm.group(3)) != r:
        raise fail(f"for status {status!r} and rank {r} the claim must read \"rank <name> {op} {r} over Q\", "
                   f"not {short(claim)}", f("claim"))

    # ---- lower bound: a nonsingular r x r minor (det != 0 modulo a prime)
    lower = get(cert, "lower", path)
    fl = f("lower")
    rows = index_list(get(lower, "rows", fl), join(fl, "rows"), r, m)
    cols = index_list(get(lower, "cols", fl), join(fl, "cols"), r, n)
    p = int_string(get(lower, "prime", fl), join(fl, "prime"))
    if not is_prime(p):
        raise fail(f"{p} is not a prime", join(fl, "prime"))
    det = det_mod_p([[B[i][j] for j in cols] for i in rows], p)
    if det == 0:
        raise fail(f"the {r}x{r} minor on rows {_brief(rows)}, cols {_brief(cols)} is singular modulo {p}: "
                   "it does not prove rank >= r", fl)
    verdict = f"valid: {r}x{r} minor (rows {_brief(rows)}, cols {_brief(cols)}) has det != 0 mod {p}"

    # ---- upper bound
    if status == "lower-bound":
        if "upper" in cert and cert["upper"] is not None:
            raise fail("a lower-bound certificate has no upper part", f("upper"))
        verdict += f"; rank >= {r}"
    else:
        upper = get(cert, "upper", path)
        fu = f("upper")
        typ = get(upper, "type", fu)
        if typ == "trivial":
            if r != min(m, n):
                raise fail(f"\"trivial\" needs rank == min(m, n) = {min(m, n)}, but rank is {r}", join(fu, "type"))
            verdict += f"; rank <= min(m, n) = {r}"
        elif typ == "factorization":
            ucols = index_list(get(upper, "cols", fu), join(fu, "cols"), r, n)
            d = int_string(get(upper, "scale", fu), join(fu, "scale"))
            if d == 0:
                raise fail("the scale d must be nonzero", join(fu, "scale"))
            Y = int_matrix(get(upper, "coefficients", fu), join(fu, "coefficients"), r, n)
            bad_row = _factorization_fails(B, ucols, d, Y, m, n, r)
            if bad_row is not None:
                where = f"first failing row {bad_row}" if bad_row >= 0 else "found by the modular check"
                raise fail(f"d * A != A[:, cols] @ Y ({where}): it does not prove rank <= {r}", fu)
            verdict += f"; {d} * A == A[:, {_brief(ucols)}] @ Y verified exactly"
        else:
            raise fail(f"must be \"trivial\" or \"factorization\", not {short(typ)}", join(fu, "type"))
    return CheckReport(
        kind="matrix-rank",
        claim=claim,
        verdict=verdict,
        facts={"rank": r, "shape": (m, n), "status": status, "exact": status == "exact"},
    )


def _brief(idx: list[int]) -> str:
    return str(idx) if len(idx) <= 8 else f"[{', '.join(map(str, idx[:8]))}, ... ({len(idx)} in all)]"


def _factorization_fails(B, cols, d, Y, m, n, r) -> int | None:
    """None if ``d*B == B[:, cols] @ Y`` exactly; else a failing row (or -1 from the modular check)."""
    if m == 0 or n == 0:
        return None
    if m * n * r <= EXACT_LIMIT:
        for i, Bi in enumerate(B):
            acc = [0] * n
            for k, c in enumerate(cols):
                b = Bi[c]
                if b:
                    acc = [x + b * y for x, y in zip(acc, Y[k])]
            if any(x != d * a for x, a in zip(acc, Bi)):
                return i
        return None
    return None if _modular_identity(B, cols, d, Y, r) else -1


def _max_abs(rows: list[list[int]]) -> int:
    return max((max(max(row), -min(row)) for row in rows if row), default=0)


def _modular_identity(B, cols, d, Y, r) -> bool:
    max_b = _max_abs(B)
    max_y = _max_abs(Y)
    H = abs(d) * max_b + r * max_b * max_y
    primes, prod, q = [], 1, (1 << _MOD_BITS) - 1
    while prod <= 2 * H:
        if is_prime(q):
            primes.append(q)
            prod *= q
        q -= 1
    # residues as float64 with |x| < q: exact conversion when |x| < 2**52, else Python-int modulo
    def residues(rows: list[list[int]], bound: int):
        if bound < (1 << 52):
            exact = np.array(rows, dtype=np.float64)  # every entry is an exactly representable integer
            return lambda q: np.fmod(exact, q)
        objs = np.array(rows, dtype=object)
        return lambda q: np.mod(objs, q).astype(np.float64)

    B_mod, Y_mod = residues(B, max_b), residues(Y, max_y)
    for q in primes:
        Bq, Yq = B_mod(q), Y_mod(q)
        Cq = Bq[:, cols]
        E = np.fmod(Bq * float(d % q), q)  # |products| < 2**42
        for c0 in range(0, r, _CHUNK):  # |E| < q + 512 q**2 < 2**52: exact
            E = np.fmod(E - Cq[:, c0:c0 + _CHUNK] @ Yq[c0:c0 + _CHUNK], q)
        if np.any(E != 0):
            return False
    return True
