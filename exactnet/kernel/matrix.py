r"""Matrices and their rank: the ``rank`` quantity and the ``minor-and-factorization`` method.

A matrix is written once, compactly: integer numerators in row-major order with one common
denominator ``D >= 1`` in lowest terms (``gcd(D, all numerators) = 1``)::

    {"shape": [m, n], "denominator": "D", "encoding": "int64-base64" | "decimal", "data": "..."}

``int64-base64``: the base64 of the little-endian int64 numerators; ``decimal``: the numerators as
one string of comma-separated integers.  The matrix's canonical object is its shape, denominator and
the sha256 of its int64 bytes (or of its decimal text when an entry does not fit in int64), so two
encodings of one matrix are the same object.  ``B = D A`` is an integer matrix of the same rank.

``minor-and-factorization`` (rows, cols, a prime p; optionally ``"transpose": true``, an integer ``scale`` d
and an integer matrix ``factor`` Y): ``det B[rows, cols] != 0 mod p``, so that integer minor is non-zero and
rank >= r; then ``r = min(m, n)`` gives rank = r, and ``d != 0`` with ``d B[:, J] = B[:, cols] Y`` shows every
column of ``B`` is a combination of the r columns ``cols``: rank <= r.  Y is ``r x n`` (J: every column) or
``r x (n - r)`` (J: the columns not in ``cols``, in increasing order; a kernel basis in compact form).  With
``"transpose": true`` the kernel replaces B by ``B^T`` and swaps ``rows`` and ``cols`` first (they keep naming rows
and columns of B): the factor then expresses the rows of B through the rows ``rows``.

**The minor** is checked with FLINT's ``nmod_mat`` when ``p >= 2^26``.  Below, by Gaussian elimination with row
pivoting on float64 residues in panels of ``nb`` columns: every stored value is an integer of absolute value at most
``h = p`` (residues in ``[0, p)`` at first, then ``x - p rint(x / p)``); a product of two is below ``p^2 < 2^52``, and
the one matrix product a panel (the rest of the matrix minus the panel's columns times its rows, inner dimension
``nb <= 2^52 / p^2``) sums at most ``nb`` of them plus one stored value: below ``2^53``, exact.  The reduction
``x - p rint(x / p)`` of an integer ``|x| < 2^53`` is an integer congruent to x of absolute value at most
``p / 2 + 1`` (``x / p`` is correctly rounded, so ``rint`` is off by at most one), and zero exactly when p divides
x (then ``x / p`` is exact).  A column without a non-zero residue at or below the diagonal means the minor is singular
modulo p; otherwise every pivot is a unit and the minor is invertible.

**The identity** ``E = d B[:, J] - B[:, cols] Y = 0`` is checked exactly.  With ``b = max |B|`` and
``s = 8 min(6, floor((51 - bits((r + 1) b)) / 8))``: when ``s >= 8``, d and Y are written in base ``2^s`` (digits
``d_t``, ``Y_t`` of absolute value below ``2^s``, signed as the entry, read from its bytes: exact in float64), and
``E_t = d_t B[:, J] - B[:, cols] Y_t`` is computed in float64: each entry is at most ``(r + 1) b 2^s <= 2^51`` in
absolute value, exact.  ``E = sum_t 2^(s t) E_t`` vanishes exactly when the carries ``c_0 = 0``,
``c_(t+1) = (c_t + E_t) / 2^s`` are all integers and the last is zero (``E = 2^(s T) c_T``, and the first
``c_t + E_t`` not divisible by ``2^s`` leaves ``E`` non-zero modulo ``2^(s (t + 1))``); inductively
``|c_t| <= 2^(52 - s)``, so ``|c_t + E_t| <= 2^52``: exact, and division by ``2^s`` is exact.  ``52 // s`` further
zero digits carry the last carry out: it is divisible by ``2^(s (52 // s))``, above ``2^(52 - s)``, so it is zero
when they all divide.  When ``s < 8`` (entries of B too large for float64) E is computed in integers with FLINT's
``fmpz_mat``.  The work, ``m (r + 1) |J|`` times the number of digits (or of 64-bit words squared), is estimated
first and refused with the estimate past ``MAX_WORK``.
"""


import base64, binascii, hashlib, math, re  # noqa: E401
import flint, numpy as np  # noqa: E401

from .jsonio import fail, get, index_list, int_string, join, json_int, only_keys, show
from .methods import register_method
from .propositions import INT, register_quantity

MAX_ENTRIES, MAX_PRIMES, MAX_WORK = 1 << 27, 12_000, 1e12
_fmpz = lambda X: flint.fmpz_mat(*X.shape, X.ravel().tolist())  # noqa: E731
#: the T digits of the integer array X in base 2^s (s a multiple of 8, at most 48) from the bytes of |X|, signed as X:
#: float64, exact, of shape X.shape + (T,)
_digits = lambda X, T, s: np.sign(X).astype(np.int8)[..., None] * (np.frombuffer(b"".join(abs(int(x)).to_bytes(T * s // 8, "little") for x in X.flat), np.uint8).reshape(X.shape + (T, s // 8)) @ 256.0 ** np.arange(s // 8))  # noqa: E731
_DECIMAL = re.compile(r"(-?(0|[1-9][0-9]*)(,-?(0|[1-9][0-9]*))*)?")


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
    if D > 1 and math.gcd(D, int(np.gcd.reduce(B))) != 1:
        raise fail(f"{D} is not the least common denominator (the fraction is not reduced)", f("denominator"))
    body = np.ascontiguousarray(B, "<i8").data if B.dtype != object else b"big:" + ",".join(map(str, B.flat)).encode()
    return {"shape": [m, n], "denominator": str(D), "sha256": hashlib.sha256(body).hexdigest()}, (B.reshape(m, n), D)


def _rank_object(raw, path):
    only_keys(raw, {"matrix"}, path)
    return {"matrix": (res := parse_matrix(get(raw, "matrix", path), join(path, "matrix")))[0]}, res[1]


def minor_and_factorization(ev, subject, path):
    """``det B[rows, cols] != 0 mod p`` (rank >= r); with ``scale``/``factor``, ``d B[:, J] = B[:, cols] Y`` (rank <= r)."""
    only_keys(ev, {"method", "rows", "cols", "prime", "scale", "factor", "transpose"}, path)
    (B, _), rows, t = getattr(subject.parsed, "matrix", subject.parsed), get(ev, "rows", path), ev.get("transpose", False)
    (m, n), r = B.shape, len(rows) if isinstance(rows, list) else -1
    rows, cols = index_list(rows, join(path, "rows"), m, r), index_list(get(ev, "cols", path), join(path, "cols"), n, r)
    B, rows, cols = (B.T, cols, rows) if t is True else (B, rows, cols)  # transposed: the factor expresses rows through rows
    if not isinstance(t, bool) or not 2 <= (p := int_string(get(ev, "prime", path), join(path, "prime"))) < 1 << 62 or not flint.fmpz(p).is_prime():
        raise fail(f"{p} is not a prime below 2^62", join(path, "prime")) if isinstance(t, bool) else fail(f"must be true or false, not {show(t)}", join(path, "transpose"))
    if r and not _invertible(np.mod(B[np.ix_(rows, cols)], p), p):
        raise fail(f"the {r} x {r} minor on these rows and columns is singular modulo {p}", join(path, "rows"))
    if r == min(m, n) or ("factor" not in ev and "scale" not in ev):
        return subject.with_value("=" if r == min(m, n) else ">=", r)
    d, (Y, YD), n = int_string(get(ev, "scale", path), join(path, "scale")), parse_matrix(get(ev, "factor", path), join(path, "factor"))[1], B.shape[1]
    if d == 0 or Y.shape not in ((r, n), (r, n - r)) or YD != 1:
        raise fail(f"needs a non-zero scale and an integer {r} x {n} or {r} x {n - r} factor", join(path, "scale" if d == 0 else "factor"))
    if not _identity(B, cols, slice(None) if Y.shape[1] == n else np.setdiff1d(np.arange(n), cols), d, Y):
        raise fail(f"d B != B[:, cols] Y: the factorization does not prove rank <= {r}", join(path, "factor"))
    return subject.with_value("=", r)


def _invertible(A, p):
    """Whether A (residues in ``[0, p)``) is invertible modulo p: FLINT for p >= 2^26; else elimination with row
    pivoting on float64 in panels of ``nb`` columns, the rest of the matrix updated by one product a panel."""
    if p >= 1 << 26:
        return flint.nmod_mat(*A.shape, A.ravel().tolist(), p).det() != 0
    A, nb, red = A.astype(np.float64), max(1, min(64, (1 << 52) // p ** 2)), lambda x: x - p * np.rint(x / p)  # noqa: E731
    for j, e in ((j, min(j + nb, len(A))) for j in range(0, len(A), nb)):
        for c in range(j, e):  # pivot row c (swapped in whole), its part right of the panel brought up to date
            if not (nz := np.flatnonzero(A[c:, c])).size:
                return False
            A[[c, c + nz[0]]] = A[[c + nz[0], c]]
            A[c, e:] = red(A[c, e:] - A[c, j:c] @ A[j:c, e:])
            A[c + 1:, c] = red(A[c + 1:, c] * float(pow(int(A[c, c]), -1, p)))
            A[c + 1:, c + 1:e] = red(A[c + 1:, c + 1:e] - np.outer(A[c + 1:, c], A[c, c + 1:e]))
        A[e:, e:] = red(A[e:, e:] - A[e:, j:e] @ A[j:e, e:])
    return True


def _identity(B, cols, J, d, Y):
    """``d B[:, J] == B[:, cols] Y`` exactly: in float64 digit by digit in base ``2^s`` (module docstring) when
    ``(r + 1) |B| 2^8 <= 2^51``, else in integers with FLINT."""
    (m, n), r, nJ, b, y = B.shape, len(cols), Y.shape[1], max(int(B.max()), -int(B.min())), max(int(Y.max(initial=0)), -int(Y.min(initial=0)), abs(d))
    s = 8 * min(6, (51 - ((r + 1) * b).bit_length()) // 8)  # (r + 1) b 2^s <= 2^51; s <= 0: entries too large for floats
    T = -(-y.bit_length() // s) + 52 // s if s > 0 else -(-b.bit_length() // 64) * -(-y.bit_length() // 64)  # digits; words^2
    if (work := m * (r + 1) * nJ * T) > MAX_WORK:
        raise fail(f"the identity needs about {work:.2g} operations (entries of {b.bit_length()} and {y.bit_length()} bits), over the kernel's limit {MAX_WORK:.0e}", "evidence.factor")
    Yd, dd = (np.moveaxis(_digits(Y, T, s), -1, 1), _digits(np.array([d], dtype=object), T, s)) if s > 0 else (None, None)
    for i in range(0, m if s > 0 else 0, blk := max(1, (1 << 22) // (n + T * nJ))):
        SJ, P, carry = B[i:i + blk, J].astype(np.float64), np.tensordot(B[i:i + blk, cols].astype(np.float64), Yd, 1), 0  # P[:, t]: times digit t of Y
        for k in range(T):  # digit k of E plus the carry into it, divided by 2^s: an integer (the last ones carry out)
            if np.any((carry := (carry + dd[:, k] * SJ - P[:, k]) / 2.0 ** s) != np.rint(carry)):
                return False
    return s > 0 or (_fmpz(B[:, J]) * d - _fmpz(B[:, cols]) * _fmpz(Y)).is_zero()


register_quantity("rank", _rank_object, ("=", ">=", "<="), INT, lambda obj: f"rank of the {obj['matrix']['shape'][0]} x {obj['matrix']['shape'][1]} matrix sha256:{obj['matrix']['sha256'][:16]}", doc="rank over Q of an explicit matrix {\"matrix\": <compact matrix>}")
register_method("minor-and-factorization", ("rank",), minor_and_factorization)
