"""Small strict JSON helpers shared by the checker's kinds (layer L0': imports only ``exactnet.errors``).

Everything here is deliberately simple.  Rationals are JSON *strings* ``"p"`` or
``"p/q"`` (ASCII digits, optional leading ``-``, ``q > 0``); JSON numbers with a
fraction or exponent (floats) are refused wherever they appear, and so are JSON
numbers in places where a rational string is expected.  Every refusal is a
:class:`~exactnet.errors.CertificateError` naming the offending field by its
JSON path (``"lower.rows[3]"``).
"""

from __future__ import annotations

import dataclasses
import gzip
import json
import math
import re
from types import MappingProxyType
from typing import Any, Mapping

import flint

from ..errors import CertificateError

__all__ = [
    "CheckReport",
    "fail",
    "short",
    "join",
    "get",
    "json_int",
    "short_repr",
    "get_key",
    "plain_int",
    "plain_bool",
    "check_header",
    "WEIGHT_SPACES",
    "generic_claim",
    "int_string",
    "rational_string",
    "index_list",
    "int_matrix",
    "rational_matrix",
    "is_prime",
    "det_mod_p",
    "load_json",
]


@dataclasses.dataclass(frozen=True)
class CheckReport:
    """What a successful check established.

    Attributes
    ----------
    kind : str
        The certificate kind, e.g. ``"bundle"``.
    claim : str
        The certificate's claim, e.g. ``"rank A = 16 over Q"`` (the checker verified
        that the claim is the statement its data prove).
    verdict : str
        One line saying what was verified.
    facts : Mapping
        Read-only values the check established (e.g. ``{"rank": 16, "shape": (4, 4)}``),
        for checkers of composite certificates.
    """

    kind: str
    claim: str
    verdict: str
    facts: Mapping[str, Any] = dataclasses.field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "facts", MappingProxyType(dict(self.facts)))

    def __str__(self) -> str:
        return f"{self.kind}: {self.claim}: {self.verdict}"


def fail(reason: str, field: str | None = None) -> CertificateError:
    """The exception to raise (``raise fail(...)``)."""
    return CertificateError(reason, field)


def short(value: Any) -> str:
    """``repr`` cut to 60 characters, with the JSON type for clarity."""
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{text} ({_json_type(value)})"


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "JSON boolean"
    if isinstance(value, int):
        return "JSON integer"
    if isinstance(value, float):
        return "JSON float"
    if isinstance(value, str):
        return "JSON string"
    if isinstance(value, list):
        return "JSON array"
    if isinstance(value, dict):
        return "JSON object"
    if value is None:
        return "JSON null"
    return type(value).__name__


def join(path: str, key: str | int) -> str:
    """``join("lower", "rows") == "lower.rows"``; ``join("rows", 3) == "rows[3]"``."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def get(obj: Any, key: str, path: str) -> Any:
    """``obj[key]`` for a JSON object ``obj`` found at ``path``; refuse anything else."""
    if not isinstance(obj, dict):
        raise fail(f"must be a JSON object, not {short(obj)}", path or "<root>")
    if key not in obj:
        raise fail("missing required field", join(path, key))
    return obj[key]


def json_int(value: Any, field: str, minimum: int | None = None) -> int:
    """A JSON integer (not a boolean, not a float, not a string)."""
    if isinstance(value, bool) or not isinstance(value, int):
        hint = "; JSON floats are never accepted" if isinstance(value, float) else ""
        raise fail(f"must be a JSON integer, not {short(value)}{hint}", field)
    if minimum is not None and value < minimum:
        raise fail(f"must be an integer >= {minimum}, not {value}", field)
    return value


# ---------------------------------------------------------------- the network kinds' wording
# ``_network`` and the kinds built on it name a missing key in the message (the field is the object's
# path), show values without their JSON type, and share one certificate header check.
def short_repr(value: Any) -> str:
    """``repr`` cut to 60 characters (no JSON type)."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def get_key(obj: Any, key: str, field: str) -> Any:
    """``obj[key]``; refuse a non-object or a missing key, naming the object's path ``field``."""
    if not isinstance(obj, dict):
        raise fail(f"expected a JSON object, not {short_repr(obj)}", field or "<root>")
    if key not in obj:
        raise fail(f"missing required key '{key}'", field or "<root>")
    return obj[key]


def plain_int(value: Any, field: str, minimum: int | None = None, float_hint: bool = False) -> int:
    """A JSON integer (not a boolean); ``float_hint`` adds "(JSON floats are never accepted)" for a float."""
    if isinstance(value, bool) or not isinstance(value, int):
        hint = " (JSON floats are never accepted)" if float_hint and isinstance(value, float) else ""
        raise fail(f"must be a JSON integer, not {short_repr(value)}{hint}", field)
    if minimum is not None and value < minimum:
        raise fail(f"must be an integer >= {minimum}, not {value}", field)
    return value


def plain_bool(value: Any, field: str) -> bool:
    """A JSON boolean."""
    if not isinstance(value, bool):
        raise fail(f"must be true or false, not {short_repr(value)}", field)
    return value


def check_header(cert: Any, kind: str) -> None:
    """A certificate is a JSON object of this ``kind`` over Q (``field`` absent or ``"Q"``)."""
    if not isinstance(cert, dict):
        raise fail(f"a certificate must be a JSON object, not {short_repr(cert)}")
    if cert.get("kind") != kind:
        raise fail(f"expected kind \"{kind}\", not {short_repr(cert.get('kind'))}", "kind")
    if cert.get("field", "Q") != "Q":
        raise fail(f"this kind proves statements over Q; field must be \"Q\", not {short_repr(cert.get('field'))}",
                   "field")


#: the weight spaces a generic ("almost-everywhere") network claim may cover
WEIGHT_SPACES = ("shared", "unshared", "both")


def generic_claim(cert: dict) -> tuple[bool, str | None]:
    """``(generic, weight_space)`` of a certificate about a network's weights: ``"generic"`` (default false) a
    JSON boolean; a generic claim has status ``"almost-everywhere"`` and names one of :data:`WEIGHT_SPACES`.
    (Whether the witness is a point of that space, and the status of a non-generic claim, are the kind's.)"""
    generic = plain_bool(cert.get("generic", False), "generic")
    space = None
    if generic:
        status = cert.get("status")
        if status != "almost-everywhere":
            raise fail(f"a generic claim has status \"almost-everywhere\", not {short_repr(status)}", "status")
        space = get_key(cert, "weight_space", "")
        if space not in WEIGHT_SPACES:
            raise fail(f"must be one of {WEIGHT_SPACES}, not {short_repr(space)}", "weight_space")
    return generic, space


_INT_RE = re.compile(r"-?[0-9]+")
_RAT_RE = re.compile(r"(-?[0-9]+)/([0-9]+)")
_INT_ROW_RE = re.compile(r"-?[0-9]+(?:,-?[0-9]+)*")
_RAT_ROW_RE = re.compile(r"-?[0-9]+(?:/[0-9]+)?(?:,-?[0-9]+(?:/[0-9]+)?)*")


def _to_int(digits: str) -> int:
    # Python refuses int(str) beyond 4300 digits; FLINT has no such limit.
    return int(digits) if len(digits) <= 4000 else int(flint.fmpz(digits))


def _not_a_string(value: Any, field: str, what: str) -> CertificateError:
    hint = "; JSON numbers are never accepted here (floats are not exact)" if isinstance(value, (int, float)) else ""
    return fail(f"must be {what} in a JSON string, not {short(value)}{hint}", field)


def int_string(value: Any, field: str) -> int:
    """An integer written as a JSON string ``"-123"``."""
    if not isinstance(value, str):
        raise _not_a_string(value, field, "an integer")
    if not _INT_RE.fullmatch(value):
        raise fail(f"must be an integer string such as \"-12\", not {short(value)}", field)
    return _to_int(value)


def rational_string(value: Any, field: str) -> tuple[int, int]:
    """A rational written as ``"p"`` or ``"p/q"`` (``q > 0``); returns ``(p, q)`` unreduced."""
    if not isinstance(value, str):
        raise _not_a_string(value, field, "a rational \"p/q\" or \"p\"")
    if _INT_RE.fullmatch(value):
        return _to_int(value), 1
    m = _RAT_RE.fullmatch(value)
    if not m:
        raise fail(f"must be a rational string \"p/q\" or \"p\", not {short(value)}", field)
    q = _to_int(m.group(2))
    if q == 0:
        raise fail(f"zero denominator in {short(value)}", field)
    return _to_int(m.group(1)), q


def index_list(value: Any, field: str, length: int, bound: int) -> list[int]:
    """A JSON array of ``length`` distinct JSON integers in ``range(bound)`` (0-based)."""
    if not isinstance(value, list):
        raise fail(f"must be a JSON array of 0-based indices, not {short(value)}", field)
    if len(value) != length:
        raise fail(f"must list exactly {length} indices, not {len(value)}", field)
    out = [json_int(x, join(field, k), 0) for k, x in enumerate(value)]
    for k, x in enumerate(out):
        if x >= bound:
            raise fail(f"index {x} is out of range: indices are 0-based, 0..{bound - 1}", join(field, k))
    if len(set(out)) != len(out):
        raise fail(f"indices must be distinct, got {out}", field)
    return out


def _rows_of(value: Any, field: str, m: int, n: int) -> list:
    if not isinstance(value, list):
        raise fail(f"must be a JSON array of {m} rows, not {short(value)}", field)
    if len(value) != m:
        raise fail(f"must have {m} rows, not {len(value)}", field)
    for i, row in enumerate(value):
        if not isinstance(row, list):
            raise fail(f"must be a JSON array of {n} entries, not {short(row)}", join(field, i))
        if len(row) != n:
            raise fail(f"must have {n} entries, not {len(row)}", join(field, i))
    return value


def _joined(row: list, pattern: re.Pattern) -> bool:
    """True when ``row`` is strings that, joined by commas, match ``pattern``, without a comma of their own."""
    try:
        text = ",".join(row)
    except TypeError:
        return False
    return text.count(",") == len(row) - 1 and pattern.fullmatch(text) is not None


def _int_row(row: list, field: str) -> list[int] | None:
    """Fast path: a row of integer strings (one regex for the whole row); None if not that."""
    if not _joined(row, _INT_ROW_RE):
        return None
    if max(map(len, row)) <= 4000:
        return list(map(int, row))  # every entry is a short ASCII integer: int() is exact and safe
    return [_to_int(s) for s in row]


def _rational_row(row: list) -> tuple[list[int], list[int]] | None:
    """Fast path: a row of rational strings ``"p"`` / ``"p/q"``, ``q > 0``, as ``(nums, dens)``; None if not that."""
    if not _joined(row, _RAT_ROW_RE) or max(map(len, row)) > 4000:
        return None
    nums, dens = [], []
    for text in row:
        p, _, q = text.partition("/")
        nums.append(int(p))  # short ASCII digits: int() is exact and safe
        dens.append(int(q) if q else 1)
    return (nums, dens) if 0 not in dens else None  # a zero denominator: the slow path names it


def int_matrix(value: Any, field: str, m: int, n: int) -> list[list[int]]:
    """An ``m x n`` matrix of integer strings, as lists of Python ints."""
    out = []
    for i, row in enumerate(_rows_of(value, field, m, n)):
        ints = _int_row(row, field) if n else []
        if ints is None:
            ints = [int_string(x, join(join(field, i), j)) for j, x in enumerate(row)]
        out.append(ints)
    return out


def rational_matrix(value: Any, field: str) -> tuple[int, int, list[list[int]], int]:
    """``{"shape": [m, n], "entries": [[...]]}`` with rational strings.

    Returns ``(m, n, rows, D)``: ``D >= 1`` is the least common denominator and
    ``rows`` the integer matrix ``D * A`` (lists of Python ints).
    """
    shape = get(value, "shape", field)
    fs = join(field, "shape")
    if not isinstance(shape, list) or len(shape) != 2:
        raise fail(f"must be [rows, cols], not {short(shape)}", fs)
    m, n = json_int(shape[0], join(fs, 0), 0), json_int(shape[1], join(fs, 1), 0)
    fe = join(field, "entries")
    raw = _rows_of(get(value, "entries", field), fe, m, n)
    nums: list[list[int]] = []
    dens: list[list[int] | None] = []
    D = 1
    for i, row in enumerate(raw):
        ints = _int_row(row, fe) if n else []
        if ints is not None:
            nums.append(ints)
            dens.append(None)
            continue
        fast = _rational_row(row)
        if fast is None:
            pairs = [rational_string(x, join(join(fe, i), j)) for j, x in enumerate(row)]
            fast = [p for p, _ in pairs], [q for _, q in pairs]
        nums.append(fast[0])
        dens.append(fast[1])
        for q in set(fast[1]):
            if D % q:
                D = D * q // math.gcd(D, q)
    if D == 1:
        return m, n, nums, 1
    rows = []
    for num, den in zip(nums, dens):
        if den is None:
            rows.append([x * D for x in num])
        else:
            rows.append([x * (D // q) for x, q in zip(num, den)])
    return m, n, rows, D


def is_prime(n: int) -> bool:
    """Primality, decided by FLINT (``fmpz.is_prime``)."""
    return n >= 2 and bool(flint.fmpz(n).is_prime())


def det_mod_p(matrix: list[list[int]], p: int) -> int:
    """Determinant of a square integer matrix modulo a prime ``p``, in ``[0, p)``.

    Plain Gaussian elimination in Python for sizes up to 64 (or when ``p`` does
    not fit in a machine word), FLINT ``nmod_mat.det`` beyond.

    >>> det_mod_p([[1, 2], [3, 4]], 7)
    5
    """
    n = len(matrix)
    if n > 64 and p < (1 << 63):
        flat = [x % p for row in matrix for x in row]
        return int(flint.nmod_mat(n, n, flat, p).det())
    a = [[x % p for x in row] for row in matrix]
    det = 1
    for c in range(n):
        piv = next((i for i in range(c, n) if a[i][c]), None)
        if piv is None:
            return 0
        if piv != c:
            a[c], a[piv] = a[piv], a[c]
            det = -det
        pivot_row = a[c]
        det = det * pivot_row[c] % p
        inv = pow(pivot_row[c], -1, p)
        for i in range(c + 1, n):
            f = a[i][c] * inv % p
            if f:
                a[i] = [(x - f * y) % p for x, y in zip(a[i], pivot_row)]
    return det % p


def load_json(path: Any) -> Any:
    """Load a JSON file, gzip-compressed or not (detected by its first bytes)."""
    with open(path, "rb") as fh:
        data = fh.read()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise fail(f"{path} is not a valid JSON file: {exc}") from None
