"""Layer 1: exact arithmetic over Q (scalars, arrays, certified linear algebra)."""

from .rational import Q, as_rational, as_int, as_positive_int, from_float, to_str, parse_str
from .qarray import QArray, outer, tensordot, hadamard
from .arrays import as_rational_array

__all__ = [
    "Q", "as_rational", "as_int", "as_positive_int", "from_float", "to_str", "parse_str",
    "QArray", "outer", "tensordot", "hadamard", "as_rational_array",
]

from .linalg import (
    RankResult,
    MatrixRankCertificate,
    RankFactorization,
    rank,
    rank_mod_p,
    rank_profile,
    nullspace,
    det,
    minor,
)

__all__ += [
    "RankResult", "MatrixRankCertificate", "RankFactorization",
    "rank", "rank_mod_p", "rank_profile", "nullspace", "det", "minor",
]
