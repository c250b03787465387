r"""Matrices and their rank: the ``rank`` quantity and the ``minor-and-factorization`` method.

A matrix is written once, compactly: integer numerators in row-major order with one common
denominator ``D >= 1`` in lowest terms (``gcd(D, all numerators) = 1``)::

    {"shape": [m, n], "denominator": "D", "encoding": "int64-base64" | "decimal", "data": "..."}

``int64-base64``: the base64 of the little-endian int64 numerators; ``decimal``: the numerators as
one string of comma-separated integers.  The matrix's canonical object is its shape, denominator and
the sha256 of its int64 bytes (or of its decimal text when an entry does not fit in int64), so two
encodings of one matrix are the same object.  ``B = D A`` is an integer matrix of the same rank.

``minor-and-factorization`` (rows, cols, a prime p; optionally an integer ``scale`` d and an integer
r x n matrix ``factor`` Y): ``det B[rows, cols] != 0 mod p``, so that integer minor is non-zero and
rank >= r; then ``r = min(m, n)`` gives rank = r, and ``d != 0`` with ``d B = B[:, cols] Y`` shows
every column of ``B`` is a combination of the r columns ``cols``: rank <= r.

The identity ``E = d B - C Y = 0`` (``C = B[:, cols]``) is checked modulo
distinct primes ``q`` whose product exceeds ``2H``, ``H = |d| b + r b y >= max |E|`` (``b``, ``y``
the largest absolute entries of ``B`` and ``Y``): then ``E = 0``.  The primes are taken downward from
``2^w``, ``w = (50 - bits(k + 1)) // 2`` with ``k = min(r, 256)`` the chunk of the inner dimension,
and the search stops (refusing) below ``2^(w-1)``.  Residues are integers held in float64: ``d``
is reduced into ``[0, q)`` and ``B`` into ``(-2q, 2q)`` unless ``|B| < 2^50 / q`` already, so ``d B`` is
below ``2^51``; a chunk of ``k`` products of residues in ``[0, q)`` is below ``k q^2 < 2^50``; the
reduction ``x - q rint(x / q)`` is exact (``x / q`` is computed with relative error below ``2^-51``,
so ``rint`` is off by at most one and ``|x - q rint(x / q)| < 2q``).  Every value stays below
``2^51``: all arithmetic is exact.  The accumulator is congruent to ``E`` modulo ``q``, so it is
zero only if ``E = 0 mod q``; and if ``E = 0 mod q`` then ``x / q`` is an integer, ``rint`` is exact
and the accumulator is zero.
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


def minor_and_factorization(ev, subject, path):
    """``det B[rows, cols] != 0 mod p`` (rank >= r); with ``scale``/``factor``, ``d B = B[:, cols] Y`` (rank <= r)."""
    only_keys(ev, {"method", "rows", "cols", "prime", "scale", "factor"}, path)
    B, _ = subject.parsed
    (m, n), r = B.shape, len(get(ev, "rows", path)) if isinstance(ev["rows"], list) else -1
    rows = index_list(ev["rows"], join(path, "rows"), m, r)
    cols = index_list(get(ev, "cols", path), join(path, "cols"), n, r)
    p = int_string(get(ev, "prime", path), join(path, "prime"))
    if p < 2 or not flint.fmpz(p).is_prime():
        raise fail(f"{p} is not a prime", join(path, "prime"))
    if r and flint.nmod_mat([[int(B[i, j]) % p for j in cols] for i in rows], p).det() == 0:
        raise fail(f"the {r} x {r} minor on these rows and columns is singular modulo {p}", join(path, "rows"))
    if r == min(m, n):
        return subject.with_value("=", r)
    if "factor" not in ev and "scale" not in ev:
        return subject.with_value(">=", r)
    d = int_string(get(ev, "scale", path), join(path, "scale"))
    if d == 0:
        raise fail("the scale d must be non-zero", join(path, "scale"))
    Y, YD = parse_matrix(get(ev, "factor", path), join(path, "factor"))[1]
    if Y.shape != (r, n) or YD != 1:
        raise fail(f"must be an integer {r} x {n} matrix (denominator 1)", join(path, "factor"))
    if not _identity_mod_primes(B, cols, d, Y):
        raise fail(f"d B != B[:, cols] Y: the factorization does not prove rank <= {r}", join(path, "factor"))
    return subject.with_value("=", r)


def _max_abs(A):
    return max(int(A.max()), -int(A.min())) if A.size else 0


def _reduce(x, q, inv, t):
    """In place: ``x - q round(x / q)`` for integers |x| < 2^52 held in float64: exact, in (-q, q)."""
    np.multiply(x, inv, out=t)
    np.rint(t, out=t)
    t *= q
    x -= t


_BLAS = []


def _identity_mod_primes(B, cols, d, Y):
    """``d B == B[:, cols] Y`` exactly, by residues modulo primes; one BLAS thread (many small products)."""
    if not _BLAS:
        from threadpoolctl import ThreadpoolController
        _BLAS.append(ThreadpoolController())
    with _BLAS[0].limit(limits=1, user_api="blas"):
        return _identity(B, cols, d, Y)


def _identity(B, cols, d, Y):
    (m, n), r, b = B.shape, len(cols), _max_abs(B)
    k = min(r, 256)
    H = abs(d) * b + r * b * _max_abs(Y)
    bits = (50 - (k + 1).bit_length()) // 2  # (k + 2) q^2 < 2^50
    primes, prod, q = [], 1, 1 << bits
    while prod <= 2 * H:
        q -= 1
        if q < 1 << (bits - 1):
            raise fail(f"the identity needs more primes below 2^{bits} than the kernel searches", "evidence")
        if flint.fmpz(q).is_prime():
            primes.append(q)
            prod *= q
    floats = B.dtype != object and b < 1 << 50  # float64 holds B exactly; reduced in float64 if needed
    block = max(1, (1 << 18) // max(1, n))
    acc, t, prod_ = (np.empty((min(block, m), n)) for _ in range(3))
    for s in range(0, m, block):
        Bs = B[s:s + block]
        h = Bs.shape[0]
        Bf = Bs.astype(np.float64) if floats else None
        Cs = B[s:s + block, cols]
        for q in primes:
            a, tt, pp = acc[:h], t[:h], prod_[:h]
            inv, dq = 1.0 / q, float(d % q)
            if floats:
                a[...] = Bf
                if b >= 1 << (50 - bits):  # then reduce first, so that d B stays below 2^50
                    _reduce(a, q, inv, tt)
            else:
                a[...] = np.mod(Bs, q)
            a *= dq
            for c in range(0, r, k):
                np.matmul(np.mod(Cs[:, c:c + k], q).astype(np.float64), np.mod(Y[c:c + k], q).astype(np.float64),
                          out=pp)
                a -= pp
                _reduce(a, q, inv, tt)
            if a.any():
                return False
    return True


register_quantity("rank", _rank_object, ("=", ">=", "<="), INT, _render,
                  doc="rank over Q of an explicit matrix {\"matrix\": <compact matrix>}")
register_method("minor-and-factorization", ("rank",), minor_and_factorization)
