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

**The minor** is checked with FLINT's ``nmod_mat`` when ``p >= 2^26``.  Below, on float64 residues, a panel of
``k <= min(48, K)`` columns at a time, K the largest count with ``K h^2 + h < 2^52`` for ``h = p // 2 + 1``
(``K >= 3``).  The reduction ``x - p rint(x / p)`` of an integer ``|x| <= 2^53`` is an integer congruent to x of absolute
value at most h (``x / p`` is correctly rounded, so ``rint`` is off by at most one), and zero exactly when p divides x
(then ``x / p`` is exact).  Every entry of the matrix is at most ``h + a h^2``, a the number of products of two reduced
values added to it since the matrix was last reduced; the matrix is reduced at the start and again before a panel
would take a past K.  Gauss-Jordan elimination on the panel's transpose ``P = A[:, :k]^T`` takes its rows in turn:
row i is reduced, its first non-zero entry (a unit) is the pivot, the row times the pivot's inverse (below
``h p < 2^52``) is reduced, and the pivot's column, reduced, times the row is subtracted from the other rows (at most
``k - 1`` further products of at most ``h^2`` before a row is reduced: within the bound, exact).  Row i is zero modulo
p at the earlier pivot columns, so its pivot is a new column: a row of P without one means the panel's columns are
dependent and A is singular modulo p.  Otherwise the pivots name rows R of A, and the reduced ``E = A[R, :k]^-T P``
gives ``E[:, rest]^T = A[rest, :k] A[R, :k]^-1`` (modulo p) for the other rows: the Schur complement
``A[rest, k:] - E[:, rest]^T A[R, k:]`` (the pivot rows reduced) is one product of inner dimension k, adding k
products to each entry (every partial sum within the bound: exact in any order), and
``det A = +- det A[R, :k] det(Schur complement)`` modulo p.  A is invertible modulo p exactly when every panel finds
its k pivots.

**The identity** ``E = d B[:, J] - B[:, cols] Y = 0`` is checked exactly, in float64.  With ``b = max |B|``,
``y = max(|d|, |Y|)`` and s one of 8, 16, 32: B is written in ``U = max(1, ceil(bits(b) / s))`` digits ``B_u`` and d, Y
in ``T = ceil(bits(y) / s)`` digits ``d_t``, ``Y_t`` of base ``2^s`` (signed as the entry, of absolute value below
``2^s``: the s-bit words of the little-endian bytes of the absolute value; exact in float64; ``B_0 = B`` when
``U = 1``).  Then ``E = sum_k 2^(s k) E_k`` with ``E_k = sum_(u + t = k) (d_t B_u[:, J] - B_u[:, cols] Y_t)``, at most
``min(U, T)`` terms each at most ``(r + 1) beta 2^s`` in absolute value (``beta = b`` when ``U = 1``, else ``2^s``); the
kernel takes the largest s with ``min(U, T) (r + 1) beta 2^s <= 2^51``, so every ``E_k`` and every partial sum is an
integer below ``2^51``: exact.  E vanishes exactly when the carries ``c_0 = 0``, ``c_(k+1) = (c_k + E_k) / 2^s`` are
all integers and the last, ``c_(U+T-1)``, is zero (``E = 2^(s (U + T - 1)) c_(U+T-1)``, and the first ``c_k + E_k``
not divisible by ``2^s`` leaves E non-zero modulo ``2^(s (k + 1))``); inductively ``|c_k| <= 2^(52 - s)``, so
``|c_k + E_k| <= 2^52``: exact, and division by ``2^s`` is exact.  The work, ``m (r + 1) |J| U T``, is estimated first
and refused with the estimate past ``MAX_WORK``; so is the case where no s fits (at ``s = 8`` then
``min(U, T) (r + 1) > 2^35``, and the work exceeds ``2^69``, since ``m >= r``).  The rows of B go in blocks of about
``2^22`` floats of digits and products.
"""


import base64, binascii, hashlib, math, re  # noqa: E401
import flint, numpy as np  # noqa: E401

from .jsonio import _int, fail, get, index_list, int_string, join, json_int, only_keys, show
from .methods import register_method
from .propositions import INT, register_quantity

MAX_ENTRIES, MAX_WORK = 1 << 27, 1e12
#: ``X - p rint(X / p)`` for integers ``|X| <= 2^53``: congruent to X, at most ``p // 2 + 1``, zero iff ``p | X``
_reduce = lambda X, p, out=None: np.subtract(X, p * np.rint(X / p), out=out)  # noqa: E731
_DECIMAL = re.compile(r"(?:-?(?:0|[1-9][0-9]*)(?:,-?(?:0|[1-9][0-9]*))*)?")  # (groups that do not capture: faster)


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
    elif enc == "decimal" and _DECIMAL.fullmatch(data):  # the pattern has read every integer: they are converted
        B = np.array(v := list(map(_int, data.split(","))) if data else [], dtype=np.int64 if -(1 << 63) <= min(v, default=0) and max(v, default=0) < 1 << 63 else object)
    else:
        raise fail("must be int64-base64 or decimal (comma-separated integers) data", f("encoding"))
    if B.size != m * n:
        raise fail(f"must hold {m * n} numerators, not {B.size}", f("data"))
    if D > 1 and math.gcd(D, int(np.gcd.reduce(B))) != 1:
        raise fail(f"{D} is not the least common denominator (the fraction is not reduced)", f("denominator"))
    body = np.ascontiguousarray(B, "<i8").data if B.dtype != object else b"big:" + re.sub("-0(?![0-9])", "0", data).encode()  # the integers printed
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
    """Whether A (residues in ``[0, p)``) is invertible modulo p: FLINT for p >= 2^26; else on float64 residues (module
    docstring), k columns at a time: Gauss-Jordan elimination on ``P = A[:, :k]^T`` finds pivot rows R of the panel and
    ``E = A[R, :k]^-T P``, then the Schur complement of ``A[R, :k]`` in the other rows takes one product."""
    if p >= 1 << 26:
        return flint.nmod_mat(*A.shape, A.ravel().tolist(), p).det() != 0
    A, K, added = _reduce(A.astype(np.float64), p), ((1 << 52) - p // 2 - 2) // (p // 2 + 1) ** 2, 0
    while len(A):  # every entry at most h + added h^2 (h = p // 2 + 1), added <= K: K h^2 + h < 2^52 (K >= 3)
        if (added := added + (k := min(48, K, len(A)))) > K:
            A, added = _reduce(A, p), k  # (the rest of the matrix is reduced only when it must be)
        P, R = A[:, :k].T.copy(), []
        for i, v in enumerate(P):  # row i reduced and scaled to a pivot 1, its column cleared in the others (reduced later)
            if not (nonzero := np.flatnonzero(_reduce(v, p, v))).size:
                return False  # the panel's columns are dependent
            R.append(c := int(nonzero[0]))
            f = _reduce(P[:, c], p) * (np.arange(len(P)) != i)  # the column in the other rows
            P -= np.outer(f, _reduce(v * float(pow(int(v[c]), -1, p)), p, v))  # row i scaled to a pivot 1
        A = np.delete(A[:, k:], R, 0) - np.delete(_reduce(P, p), R, 1).T @ _reduce(A[R, k:], p)  # E[:, rest]^T A[R, k:]
    return True


def _identity(B, cols, J, d, Y):
    """``d B[:, J] == B[:, cols] Y`` exactly, in float64: B in U digits, d and Y in T digits of base ``2^s``, s the
    largest of 8, 16, 32 keeping each digit of the difference below ``2^51`` (module docstring)."""
    (m, n), r, nJ, b, y = B.shape, len(cols), Y.shape[1], max(int(B.max()), -int(B.min())), max(int(Y.max(initial=0)), -int(Y.min(initial=0)), abs(d))
    sizes = {s: (-(-b.bit_length() // s) or 1, -(-y.bit_length() // s)) for s in (8, 16, 32)}  # (U, T)
    U, T = sizes[s := max((s for s, (U, T) in sizes.items() if min(U, T) * (r + 1) * min(b, 1 << s) << s <= 1 << 51), default=8)]
    if (work := m * (r + 1) * nJ * U * T) > MAX_WORK:  # (so when no s fits: then min(U, T) (r + 1) > 2^35)
        raise fail(f"the identity needs about {work:.2g} operations (entries of {b.bit_length()} and {y.bit_length()} bits), over the kernel's limit {MAX_WORK:.0e}", "evidence.factor")
    Yd, dd = np.moveaxis(_digits(Y, T, s), -1, 1), _digits(np.array([d], dtype=object), T, s)[0]
    for i in range(0, m, blk := max(1, (1 << 22) // (U * (n + T * nJ)))):
        Bd = _digits(B[i:i + blk], U, s) if U > 1 else B[i:i + blk, :, None].astype(np.float64)  # digit u of the rows: Bd[..., u]
        BJ, E, carry = Bd[:, J], np.zeros((len(Bd), U + T - 1, nJ)), 0  # E[:, k]: digit k of the difference
        for u in range(U):  # d_t B_u[:, J] - B_u[:, cols] Y_t goes to digit u + t
            E[:, u:u + T] += dd[:, None] * BJ[:, None, :, u] - np.tensordot(Bd[:, cols, u], Yd, 1)
        for k in range(U + T - 1):  # digit k plus the carry into it, divided by 2^s: an integer
            if np.any((carry := (carry + E[:, k]) / 2.0 ** s) != np.rint(carry)) or k == U + T - 2 and np.any(carry):
                return False  # (E = 2^(s (U + T - 1)) times the last carry: it must vanish)
    return True


def _digits(X, T, s):
    """The T digits in base ``2^s`` (s = 8, 16 or 32) of the integers X, signed as X: float64, exact, of shape
    ``X.shape + (T,)``; the s-bit words of the little-endian bytes of ``|X|`` (of ``|X|`` as uint64 for int64 X)."""
    words = np.frombuffer(b"".join(abs(int(x)).to_bytes(T * s // 8, "little") for x in X.flat), f"<u{s // 8}").reshape(X.shape + (T,)) \
        if X.dtype == object or T * s > 64 else np.abs(X).astype("<u8")[..., None].view(f"<u{s // 8}")[..., :T]
    return np.sign(X).astype(np.int8)[..., None] * words.astype(np.float64)


register_quantity("rank", _rank_object, ("=", ">=", "<="), INT, lambda obj: f"rank of the {obj['matrix']['shape'][0]} x {obj['matrix']['shape'][1]} matrix sha256:{obj['matrix']['sha256'][:16]}", doc="rank over Q of an explicit matrix {\"matrix\": <compact matrix>}")
register_method("minor-and-factorization", ("rank",), minor_and_factorization)
