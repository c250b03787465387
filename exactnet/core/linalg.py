r"""Exact linear algebra over Q with certificates: rank, rank profile, nullspace, det, minors.

Every rank over Q computed here is **certified**: the answer comes with a
:class:`MatrixRankCertificate` that the independent checker
(:mod:`exactnet.checker`, which shares no code with this module) re-verifies
from its JSON form alone.

Notes
-----
Let :math:`A \in \mathbb{Q}^{m \times n}` with common denominator :math:`D`, and
:math:`B = D A` (an integer matrix with the same rank).  The certificate of
:math:`\operatorname{rank} A = r` is

* **lower bound** :math:`r \le \operatorname{rank} A`: row and column indices
  ``rows``, ``cols`` (0-based, ``r`` each) and a prime ``p`` with
  :math:`\det B_{\mathrm{rows},\mathrm{cols}} \not\equiv 0 \pmod p`; a minor that
  is nonzero modulo ``p`` is a nonzero integer;
* **upper bound** :math:`\operatorname{rank} A \le r`: either ``"trivial"``
  (:math:`r = \min(m, n)`), or a factorization :math:`d B = B_{:,\mathrm{cols}} Y`
  with an integer :math:`d \ne 0` and an integer :math:`r \times n` matrix
  :math:`Y`, or its compact form: :math:`Y` of shape :math:`r \times (n - r)` holding only
  the columns outside ``cols`` (a kernel basis), possibly for :math:`B^T` (``transpose``)
  when the matrix has fewer rows than columns: every column (row) of :math:`B` lies in
  the span of ``r`` columns (rows).

Algorithm (see :mod:`exactnet.core._rankprover`): the rank profile is computed
modulo a random prime below :math:`2^{21}` by a recursive reduced echelon form in
float64 whose work is matrix products (delayed reduction, exact), which gives
``rows``, ``cols`` with a minor that is nonsingular mod p, hence over Q.  At full
rank nothing else is needed.  Otherwise :math:`Y = d S^{-1} B_{\mathrm{rows},F}`
(:math:`S` the minor, :math:`F` the other columns, :math:`d` the least
denominator) is computed by p-adic lifting with the same prime (the inverse of
:math:`S` modulo p by block recursion, then one product with it and one with
:math:`S` per digit, all right-hand sides at once; rational reconstruction stopped
early) and the identity is verified exactly (modulo many primes at once).  If it
fails on the rows outside the minor the prime was unlucky (the rank mod p is below
the rank over Q) and another prime is tried.  Big entries are lifted in limbs (each
product exact in float64); small minors with huge entries use FLINT's multi-modular
solve.  Rational matrices are computed on :math:`B` with :math:`D A = G B H`, each
row and then each column divided by its gcd (diagonal :math:`G`, :math:`H`), so
entries stay as small as each line's own denominators allow; the witness is
rescaled to :math:`D A` (see ``_certified_profile_q``).  Primes come from a
fixed-seed stream, so results and certificates are deterministic.

Indices are **0-based** everywhere (rows, cols, the JSON form).

Examples
--------
>>> res = rank([[1, 2, 3], [2, 4, 6], [1, 0, "1/2"]])
>>> print(res)
rank 2 over Q (exact, certified)
>>> res.certificate.rows, res.certificate.cols
((0, 2), (0, 1))
>>> res.check().verdict.startswith("valid")
True
"""

from __future__ import annotations

import dataclasses
import math
import re
from fractions import Fraction
from typing import Any, Sequence

import flint
import numpy as np

from .._version import __version__
from ..errors import describe_value as _describe
from ..errors import (
    CertificateError,
    ExactnetError,
    FormatError,
    InvalidArgumentError,
    ShapeError,
)
from .._version import __version__
from . import _modular, _rankprover
from .certificate import Certificate
from .result import ResultProtocol
from .qarray import QArray
from .rational import as_int

__all__ = [
    "RankResult",
    "MatrixRankCertificate",
    "RankFactorization",
    "rank",
    "rank_mod_p",
    "rank_profile",
    "nullspace",
    "det",
    "minor",
]

#: Attempts with random primes before the (slow, deterministic) exact fallback.
_MAX_ATTEMPTS = 6
#: Primes used by the FLINT kernel have this many bits.
_FLINT_PRIME_BITS = 62
_FORMAT = "exactnet.certificate"


def _as_matrix(A: Any, name: Any) -> QArray:
    if not isinstance(name, str):
        raise InvalidArgumentError(f"Argument 'name' must be a string, not {_describe(name)}")
    Aq = A if isinstance(A, QArray) else QArray.from_nested(A, name)
    if Aq.ndim != 2:
        raise ShapeError(
            f"Argument '{name}' must be a 2-D matrix, not an array of shape {Aq.shape}; "
            "use QArray.zeros((0, n)) or a numpy integer array of shape (0, n) for an empty matrix"
        )
    return Aq


def _int_str(x: int) -> str:
    # str() refuses integers beyond 4300 digits; FLINT does not.
    return str(x) if x.bit_length() < 14000 else str(flint.fmpz(x))


# ====================================================================== certificates
@dataclasses.dataclass(frozen=True)
class RankFactorization:
    """Upper-bound witness ``scale * B == B[:, cols] @ coefficients`` (``B`` = matrix with denominators cleared).

    Attributes
    ----------
    cols : tuple of int
        ``r`` distinct 0-based column indices (the certificate's columns).
    scale : int
        The nonzero integer ``d``.
    coefficients : QArray
        Integer matrix ``Y`` (denominator 1) of shape ``(r, n)``, or ``(r, n - r)``: the compact form,
        ``d B[:, j] = B[:, cols] Y[:, k]`` for the ``k``-th column ``j`` outside ``cols`` (a kernel basis).
    transpose : bool
        The same statements about ``B^T`` with the certificate's rows: ``Y`` of shape ``(r, m)`` or
        ``(r, m - r)`` expresses the rows of ``B`` through the rows ``rows`` (default False).
    """

    cols: tuple[int, ...]
    scale: int
    coefficients: QArray
    transpose: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "cols", tuple(int(c) for c in self.cols))
        object.__setattr__(self, "transpose", bool(self.transpose))
        object.__setattr__(self, "scale", int(self.scale))
        if self.scale == 0:
            raise InvalidArgumentError("Argument 'scale' must be a nonzero integer, not 0")
        Y = self.coefficients
        if not isinstance(Y, QArray) or Y.ndim != 2 or Y.den != 1 or Y.shape[0] != len(self.cols):
            raise ShapeError(
                f"Argument 'coefficients' must be an integer QArray with {len(self.cols)} rows, "
                f"not {_describe(Y)}"
            )


class _JSON(dict):
    """A JSON object that may also be called, returning itself (``cert.evidence()``, the earlier spelling)."""

    __slots__ = ()

    def __call__(self) -> dict:
        return self


@dataclasses.dataclass(frozen=True)
class MatrixRankCertificate(Certificate):
    r"""Certificate of ``rank A = r`` (or ``rank A >= r``) over Q; see the module notes.

    A version-2 :class:`~exactnet.core.certificate.Certificate` in compact Python form: ``proposition``
    and ``evidence`` are computed from the matrix and the witnesses when read; ``check()``, ``save()``,
    ``to_json()`` and ``to_certificate()`` use version 2, while ``to_dict()`` still gives the version-1
    form that composite certificates of format version 1 embed.

    Attributes
    ----------
    matrix : QArray
        The matrix ``A`` (2-D).
    rank : int
        ``r``.
    rows, cols : tuple of int
        Sorted 0-based indices of an ``r x r`` minor that is nonsingular modulo ``prime``.
    prime : int
        The prime of the minor check.
    upper : "trivial", RankFactorization or None
        The upper-bound witness; ``None`` makes this a certificate of ``rank A >= r`` only.
    name : str
        The matrix's name in the claim.

    Examples
    --------
    >>> c = rank([[1, 2], [2, 4]]).certificate
    >>> c.claim, c.status, c.upper.scale, c.upper.coefficients
    ('rank A = 1 over Q', 'exact', 1, QArray([['2']]))
    >>> MatrixRankCertificate.from_dict(c.to_dict()) == c
    True
    >>> c.quantity, c.relation, c.value, c.field, c.evidence["method"], c.check().verdict
    ('rank', '=', 1, 'Q', 'minor-and-factorization', 'valid')
    """

    matrix: QArray
    rank: int
    rows: tuple[int, ...]
    cols: tuple[int, ...]
    prime: int
    upper: Any = "trivial"
    name: str = "A"

    def __post_init__(self) -> None:
        if not isinstance(self.matrix, QArray) or self.matrix.ndim != 2:
            raise ShapeError(f"Argument 'matrix' must be a 2-D QArray, not {_describe(self.matrix)}")
        object.__setattr__(self, "rows", tuple(int(i) for i in self.rows))
        object.__setattr__(self, "cols", tuple(int(j) for j in self.cols))
        object.__setattr__(self, "rank", int(self.rank))
        object.__setattr__(self, "prime", int(self.prime))
        object.__setattr__(self, "exactnet_version", __version__)
        if len(self.rows) != self.rank or len(self.cols) != self.rank:
            raise ShapeError(
                f"rows and cols must have rank = {self.rank} entries, not {len(self.rows)} and {len(self.cols)}"
            )
        if not (self.upper is None or self.upper == "trivial" or isinstance(self.upper, RankFactorization)):
            raise InvalidArgumentError(
                f"Argument 'upper' must be 'trivial', a RankFactorization or None, not {_describe(self.upper)}"
            )

    @property
    def status(self) -> str:
        """``"exact"`` with an upper-bound witness, else ``"lower-bound"``."""
        return "lower-bound" if self.upper is None else "exact"

    @property
    def claim(self) -> str:
        """``"rank A = r over Q"`` (or ``>=`` for a lower-bound certificate)."""
        op = ">=" if self.upper is None else "="
        return f"rank {self.name} {op} {self.rank} over Q"

    def to_dict(self) -> dict:
        """The version-2 certificate JSON object (the same as :meth:`to_json`)."""
        return self.to_json()

    @classmethod
    def from_dict(cls, obj: Any) -> "MatrixRankCertificate":
        """Rebuild a certificate from :meth:`to_dict` output (a version-2 ``rank`` certificate with the
        ``minor-and-factorization`` method; no verification: see :meth:`check`).

        Raises :class:`~exactnet.errors.FormatError` naming the malformed field.
        """
        return _certificate_from_dict(obj)

    quantity = kind = property(lambda self: "rank", doc="The proposition's quantity, ``rank``.")
    relation = property(lambda self: ">=" if self.upper is None else "=", doc="``=``, or ``>=`` for a lower bound.")
    value = property(lambda self: self.rank, doc="The stated rank.")
    field = property(lambda self: "Q", doc="The field, ``Q``.")

    @property
    def proposition(self) -> dict:
        """The proposition it proves (JSON): ``rank(matrix) = r`` (``>=`` for a lower-bound certificate)."""
        return _JSON({"quantity": "rank", "object": {"matrix": encode_matrix(self.matrix)},
                      "relation": self.relation, "value": self.rank, "field": "Q"})

    @property
    def evidence(self) -> dict:
        """The evidence (JSON): ``minor-and-factorization`` (without the factor for a lower bound or full rank)."""
        out = _JSON({"method": "minor-and-factorization", "rows": list(self.rows), "cols": list(self.cols),
                     "prime": str(self.prime)})
        if isinstance(self.upper, RankFactorization):
            if self.upper.cols != self.cols:  # the kernel reads one column set for the minor and the factor
                raise InvalidArgumentError("the factorization's columns must be the minor's columns")
            out.update(scale=_int_str(self.upper.scale), factor=encode_matrix(self.upper.coefficients))
            if self.upper.transpose:
                out["transpose"] = True
        return out

    def to_certificate(self) -> Certificate:
        """The version-2 :class:`~exactnet.core.certificate.Certificate`, checked by :mod:`exactnet.kernel`."""
        return Certificate(self.proposition, self.evidence)

    def to_json(self) -> dict:
        """The version-2 certificate JSON."""
        return self.to_certificate()._dict()  # a fresh certificate: no copy needed

    def check(self):
        """Verify with the certificate kernel; return its ``CheckReport`` or raise ``CertificateError``."""
        return self.to_certificate().check()

    def save(self, path: Any) -> Any:
        """Write the version-2 certificate JSON (gzip-compressed when the name ends in ``.gz``)."""
        return self.to_certificate().save(path)


def encode_matrix(A: QArray) -> dict:
    """The compact JSON of a 2-D matrix: integer numerators (int64 base64, or decimal when they do not fit)
    and one common denominator in lowest terms.

    >>> encode_matrix(QArray.from_nested([["1/2", 1]]))
    {'shape': [1, 2], 'denominator': '2', 'encoding': 'int64-base64', 'data': 'AQAAAAAAAAACAAAAAAAAAA=='}
    """
    import base64

    num = A.num
    if num.dtype != object or all(-(1 << 63) <= int(x) < (1 << 63) for x in num.flat):
        data = base64.b64encode(np.ascontiguousarray(num, dtype="<i8").tobytes()).decode("ascii")
        enc = "int64-base64"
    else:
        data, enc = ",".join(_int_str(int(x)) for x in num.flat), "decimal"
    return {"shape": [int(k) for k in A.shape], "denominator": str(A.den), "encoding": enc, "data": data}


def _field(obj: Any, key: str, path: str) -> Any:
    if not isinstance(obj, dict):
        raise FormatError(f"must be a JSON object, not {_describe(obj)}", path or "<root>")
    if key not in obj:
        raise FormatError("missing required field", f"{path}.{key}" if path else key)
    return obj[key]


def _json_int(value: Any, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise FormatError(f"must be a JSON integer, not {_describe(value)}", field)
    return value


def _int_from_str(value: Any, field: str) -> int:
    if not isinstance(value, str) or not re.fullmatch(r"-?[0-9]+", value):
        raise FormatError(f"must be an integer string such as \"-12\", not {_describe(value)}", field)
    return int(value) if len(value) <= 4000 else int(flint.fmpz(value))


def _int_list(value: Any, field: str) -> tuple[int, ...]:
    if not isinstance(value, list):
        raise FormatError(f"must be a JSON array of integers, not {_describe(value)}", field)
    return tuple(_json_int(x, f"{field}[{k}]") for k, x in enumerate(value))


def decode_matrix(obj: Any, path: str) -> QArray:
    """The matrix of :func:`encode_matrix`'s JSON (FormatError naming the field when it is malformed).

    >>> decode_matrix(encode_matrix(QArray.from_nested([["1/2", 1]])), "m")
    QArray([['1/2', '1']])
    """
    import base64
    import binascii

    shape = _field(obj, "shape", path)
    if not isinstance(shape, list) or len(shape) != 2:
        raise FormatError(f"must be [rows, cols], not {_describe(shape)}", f"{path}.shape")
    m, n = (_json_int(x, f"{path}.shape[{k}]") for k, x in enumerate(shape))
    den, data, enc = _int_from_str(_field(obj, "denominator", path), f"{path}.denominator"), \
        _field(obj, "data", path), _field(obj, "encoding", path)
    try:
        if enc == "int64-base64":
            num = np.frombuffer(base64.b64decode(data, validate=True), dtype="<i8").astype(np.int64)
        elif enc == "decimal":
            num = np.array([_int_from_str(x, f"{path}.data") for x in data.split(",")] if data else [], dtype=object)
        else:
            raise FormatError(f"must be 'int64-base64' or 'decimal', not {_describe(enc)}", f"{path}.encoding")
        return QArray.from_integers(num.reshape(m, n), den)
    except (binascii.Error, TypeError, ValueError, AttributeError, ExactnetError) as exc:
        if isinstance(exc, FormatError):
            raise
        raise FormatError(f"not the {m} x {n} matrix data of its encoding ({exc})", f"{path}.data") from None


def _certificate_from_dict(obj: Any) -> MatrixRankCertificate:
    if _field(obj, "format", "") != _FORMAT:
        raise FormatError(f"must be {_FORMAT!r}, not {_describe(obj['format'])}", "format")
    if _field(obj, "schema_version", "") != 2:
        raise FormatError(f"must be 2, not {_describe(obj['schema_version'])}; regenerate the certificate with "
                          "exactnet >= 0.2", "schema_version")
    prop, ev = _field(obj, "proposition", ""), _field(obj, "evidence", "")
    if _field(prop, "quantity", "proposition") != "rank":
        raise FormatError(f"must be 'rank', not {_describe(prop['quantity'])}", "proposition.quantity")
    if _field(ev, "method", "evidence") != "minor-and-factorization":
        raise FormatError(f"must be 'minor-and-factorization', not {_describe(ev['method'])}", "evidence.method")
    A = decode_matrix(_field(_field(prop, "object", "proposition"), "matrix", "proposition.object"),
                      "proposition.object.matrix")
    rows = _int_list(_field(ev, "rows", "evidence"), "evidence.rows")
    cols = _int_list(_field(ev, "cols", "evidence"), "evidence.cols")
    p = _int_from_str(_field(ev, "prime", "evidence"), "evidence.prime")
    relation = _field(prop, "relation", "proposition")
    upper: Any = "trivial"
    if relation not in ("=", ">="):
        raise FormatError(f"must be '=' or '>=', not {_describe(relation)}", "proposition.relation")
    if relation == ">=":
        upper = None
    elif "factor" in ev:
        try:
            upper = RankFactorization(cols, _int_from_str(_field(ev, "scale", "evidence"), "evidence.scale"),
                                      decode_matrix(ev["factor"], "evidence.factor"), ev.get("transpose") is True)
        except ExactnetError as exc:
            if isinstance(exc, FormatError):
                raise
            raise FormatError(str(exc), "evidence.factor") from None
    r = _json_int(_field(prop, "value", "proposition"), "proposition.value")
    try:
        return MatrixRankCertificate(A, r, rows, cols, p, upper)
    except ExactnetError as exc:
        raise FormatError(str(exc), "evidence") from None


# ====================================================================== results
@dataclasses.dataclass(frozen=True)
class RankResult(ResultProtocol):
    """The rank of a matrix, the field it is over, its status and (optionally) a certificate.

    Attributes
    ----------
    rank : int
    field : str
        ``"Q"`` or ``"GF(p)"``.
    status : str
        ``"exact"`` or ``"lower-bound"`` (a rank modulo p is a lower bound for the rank over Q).
    shape : tuple of int
        ``(m, n)``.
    certificate : MatrixRankCertificate or None
    prime : int or None
        The prime used (the minor check of the certificate, or the field's characteristic).

    Examples
    --------
    >>> r = rank([[1, 0], [0, 0]])
    >>> r.rank, r.field, r.status, r.shape, str(r)
    (1, 'Q', 'exact', (2, 2), 'rank 1 over Q (exact, certified)')
    """

    rank: int
    field: str
    status: str
    shape: tuple[int, int]
    certificate: MatrixRankCertificate | None = dataclasses.field(default=None, repr=False)
    prime: int | None = None

    def __post_init__(self) -> None:
        if self.status not in ("exact", "lower-bound"):
            raise InvalidArgumentError(f"Argument 'status' must be 'exact' or 'lower-bound', not {self.status!r}")
        if self.field != "Q" and not re.fullmatch(r"GF\([0-9]+\)", self.field):
            raise InvalidArgumentError(f"Argument 'field' must be 'Q' or 'GF(p)', not {self.field!r}")

    @property
    def value(self) -> int:
        """The rank (the result protocol's ``value``)."""
        return self.rank

    @property
    def certified(self) -> bool:
        """True when a certificate is attached."""
        return self.certificate is not None

    def check(self):
        """Re-verify the certificate with :mod:`exactnet.checker`; return its ``CheckReport``.

        Raises :class:`~exactnet.errors.CertificateError` when there is no
        certificate, when it fails, or when it does not prove this result.
        """
        if self.certificate is None:
            raise CertificateError(
                "this result carries no certificate (it was computed with certify=False); "
                "recompute with certify=True",
                "certificate",
            )
        report = self.certificate.check()
        cert = self.certificate
        if cert.rank != self.rank or cert.matrix.shape != tuple(self.shape):
            raise CertificateError(
                f"the certificate proves a statement about rank {cert.rank} of a {cert.matrix.shape} matrix, "
                f"not the result's rank {self.rank} of shape {self.shape}",
                "rank",
            )
        if self.field == "Q" and self.status == "exact" and cert.status != "exact":
            raise CertificateError("an exact rank over Q needs an upper-bound witness", "upper")
        return report

    def to_dict(self) -> dict:
        """JSON-ready dict: rank, field, status, shape, prime (string) and the certificate (or None)."""
        return {
            "rank": self.rank,
            "field": self.field,
            "status": self.status,
            "shape": list(self.shape),
            "prime": None if self.prime is None else str(self.prime),
            "certificate": None if self.certificate is None else self.certificate.to_dict(),
        }

    def __str__(self) -> str:
        cert = ", certified" if self.certificate is not None else ""
        if self.field == "Q":
            return f"rank {self.rank} over Q ({self.status}{cert})"
        return f"rank {self.rank} over {self.field} (lower bound for the rank over Q{cert})"


# ====================================================================== the certified profile
def _certified_profile(A: np.ndarray):
    """``(p, rows, cols, upper)`` for an integer matrix: ``upper`` is None (full rank) or a verified
    ``(d, Y, form)`` (:mod:`exactnet.core._rankprover`)."""
    out = _rankprover.certified_profile(A)
    if out is None:
        p, rows, cols, upper = _exact_profile(A, _modular.PrimeStream())
        return p, rows, cols, (None if upper is None else (upper[0], upper[1], "full"))
    return out


def _line_gcds(N: np.ndarray, axis: int) -> np.ndarray:
    """The gcd of each row (``axis=1``) or column (``axis=0``) of an integer matrix, 1 for a zero line."""
    if N.dtype != object:
        g = np.gcd.reduce(np.abs(N), axis=axis).astype(object)
    else:
        lines = N if axis == 1 else N.T
        g = np.array([math.gcd(*[int(x) for x in line]) for line in lines], dtype=object)
    g[g == 0] = 1
    return g


def _certified_profile_q(Aq: QArray):
    """:func:`_certified_profile` of the certificate's integer matrix ``N = D A`` (``D`` the common
    denominator), computed on ``B`` with ``N = G B H``: each row of ``N`` divided by its gcd (``G``),
    then each column (``H``), so that entries stay as small as each line's own denominators allow.

    ``det N[rows, cols] = det B[rows, cols] prod G[rows] prod H[cols]``: non-zero modulo ``p`` when ``p``
    divides none of these factors (otherwise ``N`` itself is used).  A column relation
    ``d B[:, f] = B[:, cols] Y`` gives ``d L N[:, f] = N[:, cols] (L H[cols]^-1 Y H[f])`` (``L`` the lcm of
    ``H[cols]``: multiply by ``G`` on the left and by ``H[f]`` on the right); the rows' relations of the
    ``"compact-T"`` form are rescaled by ``G`` the same way."""
    N = Aq.num
    m, n = N.shape
    if Aq.den == 1 or m == 0 or n == 0:
        return _certified_profile(N)
    g = _line_gcds(N, 1)
    B = N // (g[:, None] if N.dtype == object else g[:, None].astype(np.int64))
    h = _line_gcds(B, 0)
    B = B // (h[None, :] if B.dtype == object else h[None, :].astype(np.int64))
    if all(x == 1 for x in g) and all(x == 1 for x in h):
        return _certified_profile(N)
    if B.dtype == object and _modular.max_abs_int(B) < (1 << 62):
        B = B.astype(np.int64)
    p, rows, cols, upper = _certified_profile(B)
    if any(int(g[i]) % p == 0 for i in rows) or any(int(h[j]) % p == 0 for j in cols):
        return _certified_profile(N)
    if upper is None:
        return p, rows, cols, upper
    d, Y, form = upper
    if form == "compact-T":
        scale, idx, size = g, rows, m
    else:
        scale, idx, size = h, cols, n
    L = math.lcm(*[int(scale[i]) for i in idx])
    left = np.array([L // int(scale[i]) for i in idx], dtype=object)
    if form == "full":
        right = np.array([int(scale[j]) for j in range(size)], dtype=object)
    else:
        ix = set(idx)
        right = np.array([int(scale[j]) for j in range(size) if j not in ix], dtype=object)
    if L == 1 and all(x == 1 for x in right):
        return p, rows, cols, upper
    return p, rows, cols, (d * L, np.asarray(Y, dtype=object) * left[:, None] * right[None, :], form)


def _exact_profile(A: np.ndarray, stream: _modular.PrimeStream):
    """Deterministic fallback over Q with FLINT ``fmpz_mat.rref`` (slow, never needed in practice)."""
    m, n = A.shape
    R, _, r = flint.fmpz_mat(m, n, [int(x) for x in A.flat]).rref()
    cols = _modular.pivot_columns(R, r)
    if r == 0:
        rows: list[int] = []
    else:
        sub = np.ascontiguousarray(A[:, cols].T)
        R2, _, r2 = flint.fmpz_mat(r, m, [int(x) for x in sub.flat]).rref()
        rows = _modular.pivot_columns(R2, r2)
    detS = int(flint.fmpz_mat(r, r, [int(x) for x in A[np.ix_(rows, cols)].flat]).det()) if r else 1
    p = stream.next(_FLINT_PRIME_BITS)
    while detS % p == 0:
        p = stream.next(_FLINT_PRIME_BITS)
    if r == min(m, n):
        return p, tuple(rows), tuple(cols), None
    d, Y = _modular.solve_factorization(A, rows, cols)
    if not _modular.verify_factorization(A, cols, d, Y):
        raise ArithmeticError("internal error: the exact rank profile does not factor the matrix")
    return p, tuple(rows), tuple(cols), (d, Y)


# ====================================================================== public functions
def rank(A: Any, *, name: str = "A", certify: bool = True) -> RankResult:
    r"""Exact rank of a rational matrix over Q, with a certificate.

    Parameters
    ----------
    A : QArray or nested sequence of exact numbers
        A 2-D matrix (coerced with ``QArray.from_nested(A, name)``; floats are refused).
    name : str
        The matrix's name in error messages and in the certificate's claim.
    certify : bool
        Attach a :class:`MatrixRankCertificate` (default).  The rank is exact either way
        (the upper bound is verified in both cases); ``False`` only skips building the
        certificate object.

    Returns
    -------
    RankResult
        ``field="Q"``, ``status="exact"``.

    Notes
    -----
    Cost for an ``m x n`` integer matrix of rank ``r``: about ``m n r`` float
    operations for the profile (matrix products); below full rank, the inverse of
    the minor modulo p (about ``r^3``) and two products per 21 bits of the
    factor's entries for the kernel basis, then its exact check.  Peak memory is
    estimated first; past the dense-size limit the computation is refused with the
    estimate.  See the module notes.

    Examples
    --------
    >>> B = [[1, 2], [3, 4], [5, 6]]
    >>> C = [[1, 0, 1, "1/3"], [0, 1, 1, 2]]
    >>> A = QArray.from_nested(B) @ QArray.from_nested(C)
    >>> res = rank(A)
    >>> res.rank, res.check().claim
    (2, 'rank of the 3 x 4 matrix sha256:97c7796e987d64b1 = 2 over Q')
    >>> rank([[0.5, 1]])
    Traceback (most recent call last):
      ...
    exactnet.errors.InexactInputError: Argument 'A[0][0]' must be an exact rational, not 0.5 (type=float); ...
    """
    Aq = _as_matrix(A, name)
    p, rows, cols, upper = _certified_profile_q(Aq)
    cert = None
    if certify:
        if upper is None:
            witness: Any = "trivial"
        else:
            d, Y, form = upper
            witness = RankFactorization(cols, d, QArray.from_integers(Y, 1), form == "compact-T")
        cert = MatrixRankCertificate(Aq, len(rows), rows, cols, p, witness, name)
    return RankResult(len(rows), "Q", "exact", Aq.shape, cert, p)


def rank_mod_p(A: Any, p: Any = None, *, name: str = "A") -> RankResult:
    r"""Rank modulo a prime ``p`` of the integer matrix ``D*A`` (``D`` the common denominator).

    The result is over ``GF(p)`` and, as a statement about Q, a lower bound:
    ``status="lower-bound"``.  The certificate is the nonsingular minor (a
    :class:`MatrixRankCertificate` with ``upper=None``), which the checker turns
    into ``rank A >= r`` over Q.

    Parameters
    ----------
    A : QArray or nested sequence of exact numbers
    p : int, optional
        A prime below ``2**64``; default: a random 22-bit prime (fixed seed).
    name : str

    Examples
    --------
    >>> res = rank_mod_p([[1, 2], [3, 4]], 2)
    >>> print(res)
    rank 1 over GF(2) (lower bound for the rank over Q, certified)
    >>> res.check().claim
    'rank of the 2 x 2 matrix sha256:73e200e2b048c86d >= 1 over Q'
    >>> rank_mod_p([[1]], 91)
    Traceback (most recent call last):
      ...
    exactnet.errors.InvalidArgumentError: Argument 'p' must be a prime below 2**64, not 91 (type=int); 91 = 7 * 13
    """
    Aq = _as_matrix(A, name)
    if p is None:
        p = _modular.PrimeStream().next(_modular.FLOAT_PRIME_BITS)
    else:
        value = p
        p = as_int(p, "p")
        if not (2 <= p < (1 << 64)) or not _modular.is_prime(p):
            hint = ""
            if 2 <= p < (1 << 64):
                f = flint.fmpz(p).factor()
                hint = "; " + str(p) + " = " + " * ".join(
                    (f"{int(b)}^{e}" if e > 1 else f"{int(b)}") for b, e in f
                )
            raise InvalidArgumentError(f"Argument 'p' must be a prime below 2**64, not {_describe(value)}{hint}")
    with _modular.single_threaded_blas():
        rows, cols = _modular.rank_profile_mod_p(Aq.num, p)
    rows, cols = tuple(sorted(rows)), tuple(sorted(cols))
    cert = MatrixRankCertificate(Aq, len(rows), rows, cols, p, None, name)
    return RankResult(len(rows), f"GF({p})", "lower-bound", Aq.shape, cert, p)


def rank_profile(A: Any, *, name: str = "A") -> tuple[tuple[int, ...], tuple[int, ...]]:
    r"""Sorted 0-based ``(rows, cols)`` of a nonsingular ``r x r`` minor, ``r = rank A`` over Q (exact).

    ``rows`` is the greedy row rank profile modulo the certificate's prime; the
    result is deterministic (fixed prime stream) and always certified-correct
    over Q: the minor is nonsingular and ``r`` is the rank.

    Examples
    --------
    >>> A = [[0, 0, 0], [1, 2, 3], [2, 4, 7]]
    >>> rows, cols = rank_profile(A)
    >>> rows, cols, det(minor(A, rows, cols)) != 0
    ((1, 2), (0, 2), True)
    """
    Aq = _as_matrix(A, name)
    _, rows, cols, _ = _certified_profile_q(Aq)
    return rows, cols


def nullspace(A: Any, *, name: str = "A") -> QArray:
    r"""Basis of the right nullspace ``{x : A x = 0}`` over Q, as the columns of an ``n x (n - r)`` QArray.

    The basis is the reduced one: with the pivot columns of the reduced row
    echelon form of ``A``, the rows of ``K`` on the free (non-pivot) columns form
    an identity matrix, so ``K`` is unique and has full column rank by inspection.

    Examples
    --------
    >>> K = nullspace([[1, 2, 3], [2, 4, 6]])
    >>> K.tolist_str()
    [['-2', '-3'], ['1', '0'], ['0', '1']]
    >>> (QArray.from_nested([[1, 2, 3], [2, 4, 6]]) @ K) == QArray.zeros((2, 2))
    True
    """
    Aq = _as_matrix(A, name)
    m, n = Aq.shape
    if n == 0:
        return QArray.zeros((0, 0))
    _, rows, _, _ = _certified_profile_q(Aq)
    r = len(rows)
    if r == 0:
        return QArray.identity(n)
    if r == n:
        return QArray.zeros((n, 0))
    AR = Aq.num[list(rows), :]
    R, den, rk = flint.fmpz_mat(r, n, [int(x) for x in AR.flat]).rref()
    if rk != r:  # the certified rows are independent
        raise ArithmeticError("internal error: certified rows are dependent")
    piv = _modular.pivot_columns(R, r)
    pivset = set(piv)
    free = [j for j in range(n) if j not in pivset]
    Rl = np.array([int(x) for x in R.entries()], dtype=object).reshape(r, n)
    K = np.zeros((n, n - r), dtype=object)
    K[free, list(range(n - r))] = int(den)
    K[piv, :] = -Rl[:, free]
    return QArray(K, int(den))


def det(A: Any, *, name: str = "A") -> Fraction:
    r"""Determinant of a square rational matrix (exact; FLINT ``fmpz_mat.det`` on ``D*A``).

    Examples
    --------
    >>> det([[1, 2], [3, 4]]), det([["1/2", 0], [0, "2/3"]]), det(QArray.zeros((0, 0)))
    (Fraction(-2, 1), Fraction(1, 3), Fraction(1, 1))
    >>> det([[1, 2, 3]])
    Traceback (most recent call last):
      ...
    exactnet.errors.ShapeError: Argument 'A' must be a square matrix, not of shape (1, 3)
    """
    Aq = _as_matrix(A, name)
    m, n = Aq.shape
    if m != n:
        raise ShapeError(f"Argument '{name}' must be a square matrix, not of shape {Aq.shape}")
    if n == 0:
        return Fraction(1)
    value = int(flint.fmpz_mat(n, n, [int(x) for x in Aq.num.flat]).det())
    return Fraction(value, Aq.den**n)


def _indices(idx: Any, bound: int, arg: str) -> list[int]:
    if isinstance(idx, (str, bytes)) or not hasattr(idx, "__iter__"):
        raise InvalidArgumentError(f"Argument '{arg}' must be a sequence of 0-based indices, not {_describe(idx)}")
    out = []
    for k, i in enumerate(idx):
        if isinstance(i, (bool, np.bool_)) or not isinstance(i, (int, np.integer)):
            raise InvalidArgumentError(
                f"Argument '{arg}[{k}]' must be an int index, not {_describe(i)}"
            )
        i = int(i)
        if not 0 <= i < bound:
            raise InvalidArgumentError(
                f"Argument '{arg}[{k}]' must be a 0-based index in 0..{bound - 1}, not {i!r} (type=int)"
            )
        out.append(i)
    if len(set(out)) != len(out):
        raise InvalidArgumentError(f"Argument '{arg}' must hold distinct indices, not {out!r}")
    return out


def minor(A: Any, rows: Sequence[int], cols: Sequence[int], *, name: str = "A") -> QArray:
    r"""The submatrix ``A[rows][:, cols]`` (0-based, distinct indices, in the given order).

    Examples
    --------
    >>> minor([[1, 2, 3], [4, 5, 6]], [1], [0, 2]).tolist_str()
    [['4', '6']]
    >>> minor([[1, 2], [3, 4]], [0, 2], [0, 1])
    Traceback (most recent call last):
      ...
    exactnet.errors.InvalidArgumentError: Argument 'rows[1]' must be a 0-based index in 0..1, not 2 (type=int)
    """
    Aq = _as_matrix(A, name)
    m, n = Aq.shape
    r_idx = np.asarray(_indices(rows, m, "rows"), dtype=np.intp)
    c_idx = np.asarray(_indices(cols, n, "cols"), dtype=np.intp)
    return QArray(Aq.num[np.ix_(r_idx, c_idx)], Aq.den)
