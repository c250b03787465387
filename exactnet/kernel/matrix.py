r"""Matrices and their rank: the ``rank`` quantity and the ``minor-adjugate`` / ``nonzero-minor`` methods.

A matrix is written once, compactly: integer numerators in row-major order with one common
denominator ``D >= 1`` in lowest terms (``gcd(D, all numerators) = 1``)::

    {"shape": [m, n], "denominator": "D", "encoding": "int64-base64" | "decimal", "data": "..."}

``int64-base64``: the base64 of the little-endian int64 numerators; ``decimal``: the numerators as
one string of comma-separated integers.  The matrix's canonical object is its shape, denominator and
the sha256 of its int64 bytes (or of its decimal text when an entry does not fit in int64), so two
encodings of one matrix are the same object.  ``B = D A`` is an integer matrix of the same rank.

``minor-adjugate`` (rows, cols, det ``d``, ``adjugate`` ``J`` an r x r integer matrix):
``B[rows, cols] J = d I`` exactly with ``d != 0``, so the minor is non-singular: rank >= r.  With
``"upper": true``, ``d B = B[:, cols] J B[rows, :]`` (checked modulo primes, below) shows every
row of ``B`` is a combination of the rows ``rows``: rank <= r.  At ``r = min(m, n)`` the upper
bound needs nothing.  ``nonzero-minor`` (rows, cols, prime p): ``det B[rows, cols] != 0 mod p``:
rank >= r.

The identity ``E = d B - C J R = 0`` (``C = B[:, cols]``, ``R = B[rows, :]``) is checked modulo
primes ``q`` in ``(2^20, 2^21)`` whose product exceeds ``2H``, ``H = |d| b + r^2 b^2 j`` (``b``,
``j`` the largest absolute entries of ``B`` and ``J``) >= ``max |E|``: then ``E = 0``.  The number of
primes is ``ceil((bits(2H) + 1) / 20)``, taken downward from ``2^21``; each product is computed in
float64 in chunks of 512 with residues below ``2^21``, so every value stays below ``2^52``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import math
import re

import flint
import numpy as np

from .jsonio import fail, get, index_list, int_string, join, json_int, only_keys, show
from .methods import register_method
from .propositions import INT, Proposition, register_quantity

MAX_ENTRIES = 1 << 27
_DECIMAL = re.compile(r"-?(0|[1-9][0-9]*)(,-?(0|[1-9][0-9]*))*")
_Q_LOW = 1 << 20


def parse_matrix(raw, path):
    """``(canonical, (B, D))``: the canonical object of a compact matrix and its integer numerators."""
    shape = get(raw, "shape", path)
    only_keys(raw, {"shape", "denominator", "encoding", "data"}, path)
    if not isinstance(shape, list) or len(shape) != 2:
        raise fail(f"must be [m, n], not {show(shape)}", join(path, "shape"))
    m, n = (json_int(x, join(join(path, "shape"), k), 0) for k, x in enumerate(shape))
    if m * n > MAX_ENTRIES:
        raise fail(f"{m} x {n} = {m * n} entries is more than the limit of {MAX_ENTRIES}", join(path, "shape"))
    D = int_string(get(raw, "denominator", path), join(path, "denominator"))
    if D < 1:
        raise fail(f"the common denominator must be >= 1, not {D}", join(path, "denominator"))
    enc, data, fd = get(raw, "encoding", path), get(raw, "data", path), join(path, "data")
    if not isinstance(data, str):
        raise fail(f"must be a JSON string, not {show(data)}", fd)
    if enc == "int64-base64":
        try:
            raw_bytes = base64.b64decode(data, validate=True) if len(data) <= 4 * (8 * m * n + 2) // 3 + 4 else b""
        except (binascii.Error, ValueError):
            raise fail("not valid base64", fd) from None
        if len(raw_bytes) != 8 * m * n:
            raise fail(f"must encode {m * n} int64 values ({8 * m * n} bytes)", fd)
        B = np.frombuffer(raw_bytes, dtype="<i8").astype(np.int64).reshape(m, n)
    elif enc == "decimal":
        if not (m * n == 0 and data == "") and not _DECIMAL.fullmatch(data):
            raise fail("must be comma-separated integers such as \"1,-2,3\"", fd)
        ints = [int_string(t, fd) for t in data.split(",")] if data else []
        if len(ints) != m * n:
            raise fail(f"must list {m * n} integers, not {len(ints)}", fd)
        small = all(-(1 << 63) <= x < (1 << 63) for x in ints)
        B = np.array(ints, dtype=np.int64 if small else object).reshape(m, n)
    else:
        raise fail(f"must be \"int64-base64\" or \"decimal\", not {show(enc)}", join(path, "encoding"))
    if D > 1 and math.gcd(D, *_gcd_all(B)) != 1:
        raise fail(f"denominator {D} is not the least common denominator (the fraction is not reduced)",
                   join(path, "denominator"))
    body = B.astype("<i8").tobytes() if B.dtype != object else b"big:" + ",".join(map(str, B.flat)).encode()
    canon = {"shape": [m, n], "denominator": str(D), "sha256": hashlib.sha256(body).hexdigest()}
    return canon, (B, D)


def _gcd_all(B):
    if B.dtype != object:
        return [int(np.gcd.reduce(B, axis=None))] if B.size else [0]
    return [math.gcd(*map(int, B.flat))]


def _rank_object(raw, path):
    only_keys(raw, {"matrix"}, path)
    canon, parsed = parse_matrix(get(raw, "matrix", path), join(path, "matrix"))
    return {"matrix": canon}, parsed


def _render(obj):
    m, n = obj["matrix"]["shape"]
    return f"rank of the {m} x {n} matrix sha256:{obj['matrix']['sha256'][:16]}"


def _minor(B, rows, cols):
    return flint.fmpz_mat([[int(B[i, j]) for j in cols] for i in rows]) if rows else None


def _indices(ev, path, B):
    r = len(ev["rows"]) if isinstance(get(ev, "rows", path), list) else -1
    rows = index_list(ev["rows"], join(path, "rows"), B.shape[0], r)
    return rows, index_list(get(ev, "cols", path), join(path, "cols"), B.shape[1], len(rows))


def nonzero_minor(ev, subject, path):
    """``det B[rows, cols] != 0 (mod p)`` for a prime ``p``: rank >= len(rows)."""
    only_keys(ev, {"method", "rows", "cols", "prime"}, path)
    B, _ = subject.parsed
    rows, cols = _indices(ev, path, B)
    p = int_string(get(ev, "prime", path), join(path, "prime"))
    if p < 2 or not flint.fmpz(p).is_prime():
        raise fail(f"{p} is not a prime", join(path, "prime"))
    if rows and flint.nmod_mat(_minor(B, rows, cols).tolist(), p).det() == 0:
        raise fail(f"the {len(rows)} x {len(rows)} minor is singular modulo {p}", path)
    return subject.with_value(">=", len(rows))


def minor_adjugate(ev, subject, path):
    """``B[rows, cols] J = d I`` (rank >= r) and, with ``upper``, ``d B = B[:, cols] J B[rows, :]`` (rank <= r)."""
    only_keys(ev, {"method", "rows", "cols", "det", "adjugate", "upper"}, path)
    B, _ = subject.parsed
    (m, n), (rows, cols) = B.shape, _indices(ev, path, B)
    r = len(rows)
    d = int_string(get(ev, "det", path), join(path, "det"))
    if d == 0:
        raise fail("the determinant must be non-zero", join(path, "det"))
    J, JD = parse_matrix(get(ev, "adjugate", path), join(path, "adjugate"))[1]
    if J.shape != (r, r) or JD != 1:
        raise fail(f"must be an integer {r} x {r} matrix (denominator 1)", join(path, "adjugate"))
    Jf = flint.fmpz_mat([[int(x) for x in row] for row in J]) if r else None
    if r and _minor(B, rows, cols) * Jf != d * flint.fmpz_mat([[int(i == j) for j in range(r)] for i in range(r)]):
        raise fail(f"B[rows, cols] times the adjugate is not {d} I", join(path, "adjugate"))
    upper = ev.get("upper", False)
    if not isinstance(upper, bool):
        raise fail(f"must be true or false, not {show(upper)}", join(path, "upper"))
    if not upper:
        return subject.with_value(">=", r)
    if r < min(m, n) and not _identity_mod_primes(B, rows, cols, d, J):
        raise fail(f"d B != B[:, cols] J B[rows, :]: it does not prove rank <= {r}", join(path, "upper"))
    return subject.with_value("=", r)


def _max_abs(A):
    return max(int(A.max()), -int(A.min())) if A.size else 0


def _residues(A, q):
    if A.dtype == object:
        return np.mod(A, q).astype(np.float64)
    return np.mod(A, q).astype(np.float64)


def _identity_mod_primes(B, rows, cols, d, J):
    r = len(rows)
    H = abs(d) * _max_abs(B) + r * r * _max_abs(B) ** 2 * _max_abs(J)
    count = ((2 * H).bit_length() + 20) // 20
    primes, q = [], 1 << 21
    while len(primes) < count:
        q -= 1
        if q <= _Q_LOW:
            raise fail(f"the identity needs {count} primes in (2^20, 2^21); there are fewer", "evidence")
        if flint.fmpz(q).is_prime():
            primes.append(q)
    for q in primes:
        Bq = _residues(B, q)
        T = _mod_product(Bq[:, cols], _residues(J, q), q)
        E = _mod_product(T, Bq[rows, :], q)
        if np.any(np.fmod(E - np.fmod(Bq * float(d % q), q), q) != 0):
            return False
    return True


def _mod_product(X, Y, q):
    out = np.zeros((X.shape[0], Y.shape[1]))
    for k in range(0, X.shape[1], 512):
        out = np.fmod(out + X[:, k:k + 512] @ Y[k:k + 512], q)
    return out


register_quantity("rank", _rank_object, ("=", ">=", "<="), INT, _render,
                  doc="rank over Q of an explicit matrix {\"matrix\": <compact matrix>}")
register_method("minor-adjugate", ("rank",), minor_adjugate)
register_method("nonzero-minor", ("rank",), nonzero_minor)
