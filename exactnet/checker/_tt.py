"""Independent checks of certificates about tensor trains (TT decompositions, recurrent multiplicative networks).

Imports only the standard library, numpy, python-flint and :mod:`exactnet.errors` (and this package).
A TT with mode sizes n_0..n_{d-1} and ranks r_1..r_{d-1} (r_0 = r_d = 1) is the tensor
``A[i_0..i_{d-1}] = G_0[:, i_0, :] ... G_{d-1}[:, i_{d-1}, :]``; modes are 0-based and a partition
(I, J) of the modes gives the matricization ``[A]_{I,J}``.  Each kind states one quantity about one
object with one relation:

``"tt-rank-lower-bound"``
    quantity ``rank [A]_{I,J}``, object: the TT given by its cores (``tt``), relation ``>=``, value ``r``.
    The checker reduces every core entry modulo the stated prime (refusing a denominator divisible by
    it), evaluates every entry of the r x r minor at the stated row and column multi-indices modulo p by
    its own products of core slices, and verifies that the minor's determinant is non-zero modulo p
    (then it is non-zero over Q: the entries are rationals whose denominators p does not divide).  With ``"generic": true`` (status ``almost-everywhere``) the relation
    extends to almost every TT with the same mode sizes and ranks: the minor is a polynomial in the
    core entries that is non-zero at this witness, hence non-zero off a proper algebraic subset.
``"tt-cut-upper-bound"``
    quantity ``rank [A]_{I,J}``, object: every TT with the stated ``mode_sizes`` and ``ranks``,
    relation ``<=``, value ``bound``.  The certificate gives a side (0 = rows I, 1 = columns J) for
    every core; grouping the cores by side writes A as a contraction of two tensors over the cut
    bonds, so the matricization factors through a space of dimension
    ``prod_{bonds k with side_{k-1} != side_k} r_k * prod_{cores k on the other side from mode k} n_k``.
    The checker recomputes that product and compares it with ``bound``.
``"tt-generic-rank"`` (concluding)
    quantity ``rank [A]_{I,J}``, object: almost every TT with the stated mode sizes and ranks,
    relation ``=``, value ``conclusion.generic_rank``: a generic ``tt-rank-lower-bound`` part and a
    ``tt-cut-upper-bound`` part about the same sizes, ranks and partition with ``r == bound``.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Callable

import numpy as np

from ..errors import CertificateError
from ._claim import check_rank_statements, require_numbers
from ._common import check_header, fail, get_key, is_prime, plain_bool, plain_int, short_repr, det_mod_p

__all__ = ["CHECKERS", "CONCLUDING", "check_tt_rank_lower_bound", "check_tt_cut_upper_bound", "check_tt_generic_rank"]

#: Largest minor (rows) and number of modes this checker evaluates.
MAX_MINOR = 2048
MAX_MODES = 4096


def _int_list(value: Any, field: str, minimum: int) -> list[int]:
    if not isinstance(value, list):
        raise fail(f"must be a JSON list of integers, not {short_repr(value)}", field)
    return [plain_int(x, f"{field}[{k}]", minimum) for k, x in enumerate(value)]


def _sizes_ranks(obj: dict, field: str) -> tuple[list[int], list[int]]:
    sizes = _int_list(get_key(obj, "mode_sizes", field), f"{field}.mode_sizes" if field else "mode_sizes", 1)
    d = len(sizes)
    if not 2 <= d <= MAX_MODES:
        raise fail(f"a TT has 2..{MAX_MODES} modes, not {d}", f"{field}.mode_sizes" if field else "mode_sizes")
    ranks = _int_list(get_key(obj, "ranks", field), f"{field}.ranks" if field else "ranks", 1)
    if len(ranks) != d - 1:
        raise fail(f"a TT with {d} modes has {d - 1} ranks, not {len(ranks)}", f"{field}.ranks" if field else "ranks")
    return sizes, ranks


def _partition(obj: Any, d: int, field: str) -> tuple[list[int], list[int]]:
    if not isinstance(obj, dict):
        raise fail(f"must be an object with rows and cols, not {short_repr(obj)}", field)
    rows = _int_list(get_key(obj, "rows", field), f"{field}.rows", 0)
    cols = _int_list(get_key(obj, "cols", field), f"{field}.cols", 0)
    if sorted(rows + cols) != list(range(d)) or not rows or not cols:
        raise fail(f"rows and cols must split the modes 0..{d - 1} into two non-empty sets", field)
    if rows != sorted(rows) or cols != sorted(cols):
        raise fail("rows and cols must be increasing", field)
    return rows, cols


def _rational(value: Any, field: str) -> Fraction:
    if not isinstance(value, str):
        raise fail(f"must be a rational string such as \"3/4\", not {short_repr(value)}", field)
    try:
        if "/" in value:
            p, q = value.split("/")
            if not q.isdigit() or int(q) == 0:
                raise ValueError
            return Fraction(int(p), int(q))
        return Fraction(int(value))
    except ValueError:
        raise fail(f"must be a rational string such as \"3/4\", not {short_repr(value)}", field) from None


def _cores(obj: Any, sizes: list[int], ranks: list[int], field: str) -> list:
    """cores[k][a][i][g] as Fractions, shapes checked against sizes and ranks."""
    full = [1] + ranks + [1]
    if not isinstance(obj, list) or len(obj) != len(sizes):
        raise fail(f"must be a list of {len(sizes)} cores", field)
    out = []
    for k, core in enumerate(obj):
        f = f"{field}[{k}]"
        shape = (full[k], sizes[k], full[k + 1])
        if not isinstance(core, list) or len(core) != shape[0]:
            raise fail(f"must have shape {shape}", f)
        c = []
        for a, slab in enumerate(core):
            if not isinstance(slab, list) or len(slab) != shape[1]:
                raise fail(f"must have shape {shape}", f"{f}[{a}]")
            rows = []
            for i, row in enumerate(slab):
                if not isinstance(row, list) or len(row) != shape[2]:
                    raise fail(f"must have shape {shape}", f"{f}[{a}][{i}]")
                rows.append([_rational(x, f"{f}[{a}][{i}][{g}]") for g, x in enumerate(row)])
            c.append(rows)
        out.append(c)
    return out


def _cores_mod(cores: list, p: int) -> list:
    """Every core as an int64 array of residues modulo p."""
    out = []
    for k, core in enumerate(cores):
        arr = np.zeros((len(core), len(core[0]), len(core[0][0])), dtype=np.int64)
        for a, slab in enumerate(core):
            for i, row in enumerate(slab):
                for g, q in enumerate(row):
                    if q.denominator % p == 0:
                        raise fail(f"an entry has a denominator divisible by the prime {p}; use another prime",
                                   f"tt.cores[{k}][{a}][{i}][{g}]")
                    arr[a, i, g] = q.numerator % p * pow(q.denominator, -1, p) % p
        out.append(arr)
    return out


def _minor_mod(cores_mod: list, rows: list[int], cols: list[int], mrows: list, mcols: list, p: int) -> np.ndarray:
    """The r x r minor modulo p: entry (a, b) = A[index] with the row modes read from mrows[a] and the column
    modes from mcols[b]; products of core slices, all entries at once (p < 2^31 keeps int64 exact)."""
    r = len(mrows)
    R = np.array(mrows, dtype=np.int64).reshape(r, len(rows))
    C = np.array(mcols, dtype=np.int64).reshape(r, len(cols))
    where = {m: (0, j) for j, m in enumerate(rows)}
    where.update({m: (1, j) for j, m in enumerate(cols)})
    v = np.ones((r * r, 1), dtype=np.int64)
    for k, core in enumerate(cores_mod):
        side, j = where[k]
        idx = np.repeat(R[:, j], r) if side == 0 else np.tile(C[:, j], r)
        sl = core[:, idx, :]  # (r_k, r*r, r_(k+1))
        new = np.zeros((r * r, core.shape[2]), dtype=np.int64)
        for a in range(core.shape[0]):
            new = (new + v[:, a : a + 1] * sl[a]) % p
        v = new
    return v[:, 0].reshape(r, r)


def check_tt_rank_lower_bound(cert: dict) -> dict:
    """``rank [A]_{I,J} >= r`` for the TT in the certificate (almost every TT of its sizes when generic)."""
    check_header(cert, "tt-rank-lower-bound")
    tt = get_key(cert, "tt", "")
    sizes, ranks = _sizes_ranks(tt, "tt")
    d = len(sizes)
    cores = _cores(get_key(tt, "cores", "tt"), sizes, ranks, "tt.cores")
    rows, cols = _partition(get_key(cert, "partition", ""), d, "partition")
    r = plain_int(get_key(cert, "r", ""), "r", 1)
    if r > MAX_MINOR:
        raise fail(f"this checker evaluates minors up to {MAX_MINOR} rows, not {r}", "r")
    p = plain_int(get_key(cert, "prime", ""), "prime", 2)
    if not is_prime(p):
        raise fail(f"{p} is not a prime", "prime")
    if p >= 1 << 31:
        raise fail(f"this checker works modulo primes below 2^31, not {p}", "prime")
    minor = get_key(cert, "minor", "")
    mrows = get_key(minor, "rows", "minor")
    mcols = get_key(minor, "cols", "minor")
    for name, lst, modes in (("rows", mrows, rows), ("cols", mcols, cols)):
        if not isinstance(lst, list) or len(lst) != r:
            raise fail(f"must list r={r} multi-indices", f"minor.{name}")
        seen = set()
        for t, mi in enumerate(lst):
            vals = _int_list(mi, f"minor.{name}[{t}]", 0)
            if len(vals) != len(modes) or any(x >= sizes[m] for x, m in zip(vals, modes)):
                raise fail(f"must be a multi-index over the modes {modes} within the mode sizes", f"minor.{name}[{t}]")
            if tuple(vals) in seen:
                raise fail("repeats a multi-index", f"minor.{name}[{t}]")
            seen.add(tuple(vals))
    matrix = _minor_mod(_cores_mod(cores, p), rows, cols, mrows, mcols, p).tolist()
    if det_mod_p(matrix, p) == 0:
        raise fail(f"the {r}x{r} minor is singular modulo {p}", "minor")
    generic = plain_bool(cert.get("generic", False), "generic")
    status = cert.get("status")
    want = "almost-everywhere" if generic else "lower-bound"
    if status != want:
        raise fail(f"status must be {want!r} for generic={str(generic).lower()}, not {short_repr(status)}", "status")
    require_numbers(cert.get("claim"), {"r": r})
    check_rank_statements(cert.get("claim"), lower=r)
    return {"kind": "tt-rank-lower-bound", "r": r, "generic": generic, "mode_sizes": sizes, "ranks": ranks,
            "partition": {"rows": rows, "cols": cols}, "prime": p}


def cut_value(sizes: list[int], ranks: list[int], rows: list[int], sides: list[int]) -> int:
    """The dimension the matricization factors through when core k is put on side ``sides[k]``."""
    row_set = set(rows)
    value = 1
    for k in range(len(sizes)):
        if sides[k] != (0 if k in row_set else 1):
            value *= sizes[k]
        if k and sides[k] != sides[k - 1]:
            value *= ranks[k - 1]
    return value


def check_tt_cut_upper_bound(cert: dict) -> dict:
    """``rank [A]_{I,J} <= bound`` for every TT with the stated mode sizes and ranks."""
    check_header(cert, "tt-cut-upper-bound")
    sizes, ranks = _sizes_ranks(cert, "")
    d = len(sizes)
    rows, cols = _partition(get_key(cert, "partition", ""), d, "partition")
    sides = _int_list(get_key(cert, "sides", ""), "sides", 0)
    if len(sides) != d or any(s > 1 for s in sides):
        raise fail(f"must give a side 0 (rows) or 1 (columns) for each of the {d} cores", "sides")
    bound = plain_int(get_key(cert, "bound", ""), "bound", 0)
    value = cut_value(sizes, ranks, rows, sides)
    if value != bound:
        raise fail(f"the cut of these sides has dimension {value}, not {bound}", "bound")
    if cert.get("status") != "upper-bound":
        raise fail(f"status must be 'upper-bound', not {short_repr(cert.get('status'))}", "status")
    require_numbers(cert.get("claim"), {"bound": bound})
    check_rank_statements(cert.get("claim"), upper=bound)
    return {"kind": "tt-cut-upper-bound", "bound": bound, "mode_sizes": sizes, "ranks": ranks,
            "partition": {"rows": rows, "cols": cols}}


def check_tt_generic_rank(cert: dict) -> dict:
    """``rank [A]_{I,J} = generic_rank`` for almost every TT with the stated sizes and ranks."""
    check_header(cert, "tt-generic-rank")
    lower_obj = get_key(cert, "lower", "")
    upper_obj = get_key(cert, "upper", "")
    try:
        lower = check_tt_rank_lower_bound(lower_obj)
    except CertificateError as exc:  # re-raise with the nested path
        raise fail(f"lower: {exc}", "lower") from None
    try:
        upper = check_tt_cut_upper_bound(upper_obj)
    except CertificateError as exc:
        raise fail(f"upper: {exc}", "upper") from None
    if not lower["generic"]:
        raise fail("the lower part must be generic (a witness for almost every TT)", "lower.generic")
    for key in ("mode_sizes", "ranks", "partition"):
        if lower[key] != upper[key]:
            raise fail(f"lower and upper are about different {key}: {lower[key]} vs {upper[key]}", f"upper.{key}")
    if lower["r"] != upper["bound"]:
        raise fail(f"the witness rank {lower['r']} does not reach the cut bound {upper['bound']}", "upper.bound")
    conclusion = get_key(cert, "conclusion", "")
    value = plain_int(get_key(conclusion, "generic_rank", "conclusion"), "conclusion.generic_rank", 0)
    if value != lower["r"]:
        raise fail(f"the parts prove generic rank {lower['r']}, not {value}", "conclusion.generic_rank")
    if cert.get("status") != "almost-everywhere":
        raise fail(f"status must be 'almost-everywhere', not {short_repr(cert.get('status'))}", "status")
    require_numbers(cert.get("claim"), {"generic_rank": value})
    check_rank_statements(cert.get("claim"), lower=value, upper=value)
    return {"kind": "tt-generic-rank", "generic_rank": value, "conclusion": {"generic_rank": value},
            "mode_sizes": lower["mode_sizes"], "ranks": lower["ranks"], "partition": lower["partition"]}


CHECKERS: dict[str, Callable[[dict], Any]] = {
    "tt-rank-lower-bound": check_tt_rank_lower_bound,
    "tt-cut-upper-bound": check_tt_cut_upper_bound,
    "tt-generic-rank": check_tt_generic_rank,
}

#: the kinds among CHECKERS that state a verified ``conclusion``
CONCLUDING: frozenset = frozenset({"tt-generic-rank"})
