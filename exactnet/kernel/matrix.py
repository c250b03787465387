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

The identity ``E = d B - C Y = 0`` (``C = B[:, cols]``) is checked modulo distinct primes ``q``
whose product exceeds ``2H``, ``H = |d| b + r b y >= max |E|`` (``b``, ``y`` the largest absolute
entries of ``B`` and ``Y``): then ``E = 0``.  With ``k = min(r, 256)`` the chunk of the inner
dimension and ``w = (50 - bits(k + 1)) // 2`` (so ``20 <= w <= 24``), the primes are the
``c = ceil(bits(2H) / (w - 1))`` smallest primes above ``2^(w-1)``: each is at least ``2^(w-1)``, so
their product exceeds ``2H``; and ``c`` is at most ``MAX_PRIMES = 4096`` (refused beyond, with the
count and the work ``c m n (r + 1)``, also bounded by ``MAX_WORK``), while ``[2^(w-1), 2^w)`` holds
more than 25,000 primes for ``w >= 20`` (Rosser and Schoenfeld's bounds on the prime-counting
function), so every prime is below ``2^w`` and the search ends after at most ``2^(w-1)`` candidates.

Residues are integers held in float64: ``d`` is reduced into ``[0, q)`` and ``B`` into ``[0, q)``
unless ``|B| < 2^(50-w)`` already, so ``d B`` is below ``2^50``; a chunk of ``k`` products of residues
in ``[0, q)`` is below ``k q^2 < 2^50``; the reduction ``x - q rint(x / q)`` is exact (``x / q`` is
computed with relative error below ``2^-51``, so ``rint`` is off by at most one and
``|x - q rint(x / q)| < 2q``).  Every value stays below ``2^51``: all arithmetic is exact.  The
accumulator is congruent to ``E`` modulo ``q``, so it is zero only if ``E = 0 mod q``; and if
``E = 0 mod q`` then ``x / q`` is an integer, ``rint`` is exact and the accumulator is zero.

The prime of the minor is below ``2^62`` (FLINT's ``nmod_mat`` works modulo a machine word).
"""


import base64, binascii, hashlib, itertools, math, re  # noqa: E401

import flint
import numpy as np

from .jsonio import fail, get, index_list, int_string, join, json_int, only_keys, show
from .methods import register_method
from .propositions import INT, register_quantity

MAX_ENTRIES, MAX_PRIMES, MAX_WORK = 1 << 27, 4096, 4e10
_DECIMAL = re.compile(r"(-?(0|[1-9][0-9]*)(,-?(0|[1-9][0-9]*))*)?")
_BLAS = [__import__("threadpoolctl").ThreadpoolController()]


def parse_matrix(raw, path):
    """``(canonical, (B, D))``: the canonical object of a compact matrix and its integer numerators."""
    shape, f = get(raw, "shape", path), lambda key: join(path, key)  # noqa: E731
    only_keys(raw, {"shape", "denominator", "encoding", "data"}, path)
    if not isinstance(shape, list) or len(shape) != 2:
        raise fail(f"must be [m, n], not {show(shape)}", f("shape"))
    m, n = (json_int(x, join(f("shape"), k), 0) for k, x in enumerate(shape))
    D, enc, data = int_string(get(raw, "denominator", path), f("denominator")), get(raw, "encoding", path), get(raw, "data", path)
    if m * n > MAX_ENTRIES or D < 1 or not isinstance(data, str):
        raise fail(f"{m} x {n} is over {MAX_ENTRIES} entries, or the denominator {D} is < 1, or data is not a string", f("shape" if m * n > MAX_ENTRIES else "denominator" if D < 1 else "data"))
    if enc == "int64-base64" and len(data) <= 4 * (8 * m * n + 2) // 3 + 4:
        try:
            B = np.frombuffer(base64.b64decode(data, validate=True), dtype="<i8")
        except (binascii.Error, ValueError):
            raise fail("not valid base64", f("data")) from None
    elif enc == "decimal" and _DECIMAL.fullmatch(data):
        B = np.array(v := [int_string(t, f("data")) for t in data.split(",")] if data else [], dtype=np.int64 if all(-(1 << 63) <= x < (1 << 63) for x in v) else object)
    else:
        raise fail("must be int64-base64 or decimal (comma-separated integers) data", f("encoding"))
    if B.size != m * n:
        raise fail(f"must hold {m * n} numerators, not {B.size}", f("data"))
    g = int(np.gcd.reduce(B, axis=None)) if B.dtype != object and B.size else math.gcd(*map(int, B.flat))
    if D > 1 and math.gcd(D, g) != 1:
        raise fail(f"{D} is not the least common denominator (the fraction is not reduced)", f("denominator"))
    body = np.ascontiguousarray(B, "<i8").data if B.dtype != object else b"big:" + ",".join(map(str, B.flat)).encode()
    return {"shape": [m, n], "denominator": str(D), "sha256": hashlib.sha256(body).hexdigest()}, (B.reshape(m, n), D)


def _rank_object(raw, path):
    only_keys(raw, {"matrix"}, path)
    return {"matrix": (res := parse_matrix(get(raw, "matrix", path), join(path, "matrix")))[0]}, res[1]


def minor_and_factorization(ev, subject, path):
    """``det B[rows, cols] != 0 mod p`` (rank >= r); with ``scale``/``factor``, ``d B = B[:, cols] Y`` (rank <= r)."""
    only_keys(ev, {"method", "rows", "cols", "prime", "scale", "factor"}, path)
    (B, _), rows = getattr(subject.parsed, "matrix", subject.parsed), get(ev, "rows", path)
    (m, n), r = B.shape, len(rows) if isinstance(rows, list) else -1
    rows, cols = index_list(rows, join(path, "rows"), m, r), index_list(get(ev, "cols", path), join(path, "cols"), n, r)
    if not 2 <= (p := int_string(get(ev, "prime", path), join(path, "prime"))) < 1 << 62 or not flint.fmpz(p).is_prime():
        raise fail(f"{p} is not a prime below 2^62", join(path, "prime"))
    if r and flint.nmod_mat([[int(B[i, j]) % p for j in cols] for i in rows], p).det() == 0:
        raise fail(f"the {r} x {r} minor on these rows and columns is singular modulo {p}", join(path, "rows"))
    if r == min(m, n) or ("factor" not in ev and "scale" not in ev):
        return subject.with_value("=" if r == min(m, n) else ">=", r)
    d, (Y, YD) = int_string(get(ev, "scale", path), join(path, "scale")), parse_matrix(get(ev, "factor", path), join(path, "factor"))[1]
    if d == 0 or Y.shape != (r, n) or YD != 1:
        raise fail(f"needs a non-zero scale and an integer {r} x {n} factor", join(path, "scale" if d == 0 else "factor"))
    with _BLAS[0].limit(limits=1, user_api="blas"):  # many small products: one thread is fastest
        if not _identity(B, cols, d, Y):
            raise fail(f"d B != B[:, cols] Y: the factorization does not prove rank <= {r}", join(path, "factor"))
    return subject.with_value("=", r)


def _identity(B, cols, d, Y):
    """``d B == B[:, cols] Y`` exactly, by residues modulo primes (module docstring)."""
    (m, n), r, b = B.shape, len(cols), max(int(B.max()), -int(B.min()))
    k, H = max(1, min(r, 256)), abs(d) * b + r * b * (int(abs(Y).max()) if Y.size else 0)
    bits = (50 - (k + 1).bit_length()) // 2  # (k + 2) q^2 < 2^50
    count = -(-(2 * H).bit_length() // (bits - 1))  # primes >= 2^(bits-1): their product exceeds 2H
    if count > MAX_PRIMES or count * m * n * (r + 1) > MAX_WORK:
        raise fail(f"the identity needs {count} primes for entries of {H.bit_length()} bits, about {count * m * n * (r + 1):.2g} "
                   f"operations: over the kernel's limits ({MAX_PRIMES} primes, {MAX_WORK:.0e} operations)", "evidence.factor")
    primes = list(itertools.islice((q for q in range(1 << (bits - 1), 1 << bits) if flint.fmpz(q).is_prime()), count))
    small, block = B.dtype != object and b < 1 << (50 - bits), max(1, (1 << 18) // n)
    for s in range(0, m, block):
        Bs, Cs = B[s:s + block], B[s:s + block, cols]
        for q in primes:  # d B below 2^50 (B reduced first unless small); x - q rint(x / q): the exact reduction
            a = (Bs if small else np.mod(Bs, q)).astype(np.float64) * float(d % q)
            for c in range(0, r, k):
                a -= np.mod(Cs[:, c:c + k], q).astype(np.float64) @ np.mod(Y[c:c + k], q).astype(np.float64)
                a -= q * np.rint(a * (1.0 / q))
            if a.any():
                return False
    return True


register_quantity("rank", _rank_object, ("=", ">=", "<="), INT,
                  lambda obj: f"rank of the {obj['matrix']['shape'][0]} x {obj['matrix']['shape'][1]} matrix "
                              f"sha256:{obj['matrix']['sha256'][:16]}",
                  doc="rank over Q of an explicit matrix {\"matrix\": <compact matrix>}")
register_method("minor-and-factorization", ("rank",), minor_and_factorization)
