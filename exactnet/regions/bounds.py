r"""Known bounds on the number of linear regions, as exact integer functions.

Every function returns a Python ``int`` computed with exact integer arithmetic (``math.comb``).
Architectures: ``n0`` inputs, hidden widths ``widths = (n_1, ..., n_L)`` (layer ``l`` is ``widths[l-1]``;
the output layer is linear and does not count).  "Regions" are activation regions (Serra Def. 2); every bound below holds for both definitions.

=====================================  ==========  =====================================================
function                               kind        formula
=====================================  ==========  =====================================================
:func:`zaslavsky_max`                  exact-max   ``sum_{j<=n0} C(n1, j)``, one hidden layer (3.2)
:func:`trivial_upper`                  upper       ``2^N``, N hidden units (3.2)
:func:`montufar2014_lower`             lower       Theorem 4 (3.3), needs ``n_l >= n0``
:func:`montufar2017_upper`             upper       ``prod_l sum_{j<=d_l} C(n_l, j)`` (5.4)
:func:`serra2018_upper`                upper       Theorem 1, the sum over J (5.4)
:func:`serra2018_n0_1_max`             exact-max   Theorem 5, ``prod (n_l + 1)`` for n0 = 1, ``n_l >= 3`` (5.4)
:func:`serra2018_lower`                lower       Theorem 6 (5.4), needs ``n_l >= 3 n0``
:func:`serra2018_maxout_upper`         upper       Theorem 8, rank-k maxout (5.4)
:func:`maxout_one_layer_lower`         lower       Proposition 7: ``k^min(n0, n)`` (3.4)
:func:`maxout_one_layer_upper`         upper       Proposition 7: ``min(sum_{j<=n0} C(k^2 n, j), k^n)`` (3.4)
:func:`montufar2014_maxout_lower`      lower       Theorem 8 as quoted: ``k^(L+n0-1)`` (3.4; refused for n0=1, k>=3)
:func:`maxout_width1_line_upper`       upper       ``1 + (k-1)(2^L - 1)``, width-1 maxout on R (3.4, derived)
:func:`relu_width2_path_upper`         upper       ``3 + 2 n_2`` for n0 = 1, widths (2, n_2) (5.4, derived)
:func:`hu2018_one_layer_max`           exact-max   ``sum_{i<=n0} C(n1, i)(p-1)^i``, derived here
=====================================  ==========  =====================================================

:func:`region_bounds` collects the ones that apply to an architecture as :class:`Bound` values.

Examples
--------
>>> zaslavsky_max(2, 3), serra2018_upper(2, (2, 2)), montufar2017_upper(2, (2, 2))
(7, 11, 16)
>>> [b.name for b in region_bounds(1, (3, 3))][:3]
['trivial', 'montufar2014-thm4', 'montufar2017-upper']
"""

from __future__ import annotations

from dataclasses import dataclass
from math import comb
from typing import Any, Sequence

from ..core.rational import as_int
from ..errors import InvalidArgumentError
from ..errors import describe_value as _describe

__all__ = [
    "Bound",
    "BOUND_KINDS",
    "zaslavsky_max",
    "trivial_upper",
    "montufar2014_lower",
    "montufar2017_upper",
    "serra2018_upper",
    "serra2018_n0_1_max",
    "serra2018_lower",
    "serra2018_maxout_upper",
    "maxout_one_layer_lower",
    "maxout_one_layer_upper",
    "montufar2014_maxout_lower",
    "maxout_width1_line_upper",
    "relu_width2_path_upper",
    "hu2018_one_layer_max",
    "region_bounds",
    "bound_certificate",
    "theorem_certificate",
    "construction_certificate",
    "maximum_certificate",
    "bound_value",
    "BOUND_NAMES",
]

BOUND_KINDS = ("upper", "lower", "exact-max")


# ============================================================================================ input
def _pos(value: Any, name: str) -> int:
    if isinstance(value, bool):
        raise InvalidArgumentError(f"Argument '{name}' must be an integer >= 1, not {_describe(value)}")
    n = as_int(value, name)
    if n < 1:
        raise InvalidArgumentError(f"Argument '{name}' must be an integer >= 1, not {_describe(value)}")
    return n


def _widths(widths: Any, name: str = "widths") -> tuple[int, ...]:
    if isinstance(widths, (str, bytes)) or not hasattr(widths, "__iter__"):
        raise InvalidArgumentError(
            f"Argument '{name}' must be a sequence of hidden-layer widths (integers >= 1), not {_describe(widths)}; "
            "e.g. widths=(3, 3)")
    out = tuple(_pos(w, f"{name}[{i}]") for i, w in enumerate(widths))
    if not out:
        raise InvalidArgumentError(f"Argument '{name}' must list at least one hidden layer, not {_describe(widths)}")
    return out


def _sum_comb(n: int, d: int) -> int:
    """``sum_{j=0}^{d} C(n, j)`` (``C(n, j) = 0`` for ``j > n``)."""
    return sum(comb(n, j) for j in range(0, min(n, d) + 1))


# ============================================================================================ ReLU
def zaslavsky_max(n0: int, n1: int) -> int:
    """Exact maximum number of regions of one hidden ReLU layer: ``sum_{j=0}^{n0} C(n1, j)``.

    Zaslavsky (1975): ``n1`` hyperplanes in ``R^n0`` cut at most this many regions, attained exactly
    in general position.

    >>> [zaslavsky_max(2, n) for n in (2, 3, 4)], zaslavsky_max(3, 3)
    ([4, 7, 11], 8)
    >>> zaslavsky_max(0, 3)
    Traceback (most recent call last):
      ...
    exactnet.errors.InvalidArgumentError: Argument 'n0' must be an integer >= 1, not 0 (type=int)
    """
    return _sum_comb(_pos(n1, "n1"), _pos(n0, "n0"))


def trivial_upper(widths: Sequence[int]) -> int:
    """``2^N`` for ``N = sum(widths)`` hidden ReLUs: at most one region per activation pattern.

    >>> trivial_upper((3, 3))
    64
    """
    return 2 ** sum(_widths(widths))


def montufar2014_lower(n0: int, widths: Sequence[int]) -> int:
    r"""Montufar, Pascanu, Cho, Bengio (2014), Theorem 4: a lower bound on the maximal number of regions.

    ``prod_{i=1}^{L-1} floor(n_i / n0)^n0 * sum_{j=0}^{n0} C(n_L, j)``, valid when ``n_i >= n0`` for all i.
    The folding construction (:mod:`exactnet.regions.constructions`) reaches it.

    >>> montufar2014_lower(1, (2, 2)), montufar2014_lower(2, (6, 6))
    (6, 198)
    >>> montufar2014_lower(3, (2, 4))
    Traceback (most recent call last):
      ...
    exactnet.errors.InvalidArgumentError: Argument 'widths' must have every width >= n0 = 3 (Theorem 4's hypothesis), not (2, 4) (type=tuple)
    """
    n0, ws = _pos(n0, "n0"), _widths(widths)
    if min(ws) < n0:
        raise InvalidArgumentError(
            f"Argument 'widths' must have every width >= n0 = {n0} (Theorem 4's hypothesis), not {_describe(ws)}")
    out = _sum_comb(ws[-1], n0)
    for n in ws[:-1]:
        out *= (n // n0) ** n0
    return out


def montufar2017_upper(n0: int, widths: Sequence[int]) -> int:
    """Montufar (2017) upper bound ``prod_l sum_{j=0}^{d_l} C(n_l, j)``, ``d_l = min(n0, n_1, ..., n_l)``.

    >>> montufar2017_upper(2, (2, 2)), montufar2017_upper(2, (3, 3)), montufar2017_upper(2, (4, 4))
    (16, 49, 121)
    """
    n0, ws = _pos(n0, "n0"), _widths(widths)
    out, d = 1, n0
    for n in ws:
        d = min(d, n)
        out *= _sum_comb(n, d)
    return out


def serra2018_upper(n0: int, widths: Sequence[int]) -> int:
    r"""Serra, Tjandraatmadja, Ramalingam (2018), Theorem 1 upper bound.

    ``sum_{(j_1..j_L) in J} prod_l C(n_l, j_l)`` with
    ``J = {0 <= j_l <= min(n0, n_1 - j_1, ..., n_{l-1} - j_{l-1}, n_l)}``; computed by dynamic programming
    over the running cap ``min(n0, n_1 - j_1, ...)`` (exact integers).  Tight for L = 1.

    >>> serra2018_upper(2, (2, 2)), serra2018_upper(2, (3, 3)), serra2018_upper(2, (4, 4))
    (11, 40, 121)
    >>> serra2018_upper(10, (3, 3)), serra2018_upper(2, (6, 6)), serra2018_upper(1, (2, 2))
    (42, 484, 9)
    """
    n0, ws = _pos(n0, "n0"), _widths(widths)
    states = {n0: 1}  # running cap -> sum of products so far
    for n in ws:
        new: dict[int, int] = {}
        for cap, total in states.items():
            for j in range(0, min(cap, n) + 1):
                key = min(cap, n - j)
                new[key] = new.get(key, 0) + total * comb(n, j)
        states = new
    return sum(states.values())


def serra2018_n0_1_max(widths: Sequence[int], *, check_hypothesis: bool = True) -> int:
    """Serra et al. (2018), Theorem 5: for ``n0 = 1`` and every ``n_l >= 3`` the maximum is exactly ``prod (n_l + 1)``.

    With a width below 3 the theorem does not apply (widths (2, 2) reach only 7, not 9);
    that is refused unless ``check_hypothesis=False`` (then the value is returned, and it is an upper bound
    only, by Theorem 1).

    >>> serra2018_n0_1_max((3, 3)), serra2018_n0_1_max((3, 3, 3))
    (16, 64)
    >>> serra2018_n0_1_max((2, 2))
    Traceback (most recent call last):
      ...
    exactnet.errors.InvalidArgumentError: Argument 'widths' must have every width >= 3 (Theorem 5's hypothesis), not (2, 2) (type=tuple); with widths (2, n2) the maximum is 3 + 2 n2 (relu_width2_path_upper)
    >>> serra2018_n0_1_max((2, 2), check_hypothesis=False)
    9
    """
    ws = _widths(widths)
    if check_hypothesis and min(ws) < 3:
        raise InvalidArgumentError(
            f"Argument 'widths' must have every width >= 3 (Theorem 5's hypothesis), not {_describe(ws)}; "
            "with widths (2, n2) the maximum is 3 + 2 n2 (relu_width2_path_upper)")
    out = 1
    for n in ws:
        out *= n + 1
    return out


def serra2018_lower(n0: int, widths: Sequence[int]) -> int:
    """Serra et al. (2018), Theorem 6: ``prod_{l<L} (floor(n_l/n0) + 1)^n0 * sum_{j<=n0} C(n_L, j)`` if ``n_l >= 3 n0``.

    >>> serra2018_lower(2, (6, 6))
    352
    >>> serra2018_lower(2, (5, 6))
    Traceback (most recent call last):
      ...
    exactnet.errors.InvalidArgumentError: Argument 'widths' must have every width >= 3 n0 = 6 (Theorem 6's hypothesis), not (5, 6) (type=tuple)
    """
    n0, ws = _pos(n0, "n0"), _widths(widths)
    if min(ws) < 3 * n0:
        raise InvalidArgumentError(
            f"Argument 'widths' must have every width >= 3 n0 = {3 * n0} (Theorem 6's hypothesis), not {_describe(ws)}")
    out = _sum_comb(ws[-1], n0)
    for n in ws[:-1]:
        out *= (n // n0 + 1) ** n0
    return out


def relu_width2_path_upper(n2: int) -> int:
    """``3 + 2 n2``: the maximum for ``n0 = 1`` and widths ``(2, n2)``.

    Layer 1 maps the line onto a convex polygonal path of 3 pieces; each of the ``n2`` hyperplanes of
    layer 2 meets it at most twice, so there are at most ``2 + 2 n2`` breakpoints.  Reached by
    :func:`exactnet.regions.constructions.convex_path_construction`.

    >>> relu_width2_path_upper(2), relu_width2_path_upper(3)
    (7, 9)
    """
    return 3 + 2 * _pos(n2, "n2")


# ============================================================================================ maxout
def _k(k: Any) -> int:
    k = _pos(k, "k")
    if k < 2:
        raise InvalidArgumentError(f"Argument 'k' must be a maxout rank >= 2, not {_describe(k)}")
    return k


def serra2018_maxout_upper(n0: int, widths: Sequence[int], k: int) -> int:
    """Serra et al. (2018), Theorem 8: ``prod_l sum_{j<=d_l} C(k(k-1)/2 * n_l, j)``, ``d_l = min(n0, n_1..n_l)``.

    >>> serra2018_maxout_upper(1, (1, 1), 2), serra2018_maxout_upper(2, (2,), 3)
    (4, 22)
    """
    n0, ws, k = _pos(n0, "n0"), _widths(widths), _k(k)
    out, d = 1, n0
    for n in ws:
        d = min(d, n)
        out *= _sum_comb(k * (k - 1) // 2 * n, d)
    return out


def maxout_one_layer_lower(n0: int, n: int, k: int) -> int:
    """Montufar et al. (2014), Proposition 7, lower: ``n`` rank-``k`` maxout units (one layer) reach ``k^min(n0, n)``.

    >>> maxout_one_layer_lower(2, 3, 3)
    9
    """
    return _k(k) ** min(_pos(n0, "n0"), _pos(n, "n"))


def maxout_one_layer_upper(n0: int, n: int, k: int) -> int:
    """Montufar et al. (2014), Proposition 7, upper: ``min(sum_{j<=n0} C(k^2 n, j), k^n)``.

    >>> maxout_one_layer_upper(1, 1, 3), maxout_one_layer_upper(2, 2, 2)
    (3, 4)
    """
    n0, n, k = _pos(n0, "n0"), _pos(n, "n"), _k(k)
    return min(_sum_comb(k * k * n, n0), k ** n)


def maxout_width1_line_upper(k: int, L: int) -> int:
    """``1 + (k-1)(2^L - 1)``: at most this many regions for a width-1, depth-L, rank-k maxout net on R.

    Derived here: a maxout unit is convex, so the preimage of a point at most doubles per
    layer; layer l adds at most ``(k-1) 2^(l-1)`` breakpoints.  For ``k = 2`` it is ``2^L``.

    >>> maxout_width1_line_upper(3, 2), maxout_width1_line_upper(2, 3), maxout_width1_line_upper(4, 2)
    (7, 8, 10)
    """
    return 1 + (_k(k) - 1) * (2 ** _pos(L, "L") - 1)


def montufar2014_maxout_lower(n0: int, L: int, k: int, *, allow_refuted: bool = False) -> int:
    """Montufar et al. (2014), Theorem 8 as quoted: width-n0, depth-L, rank-k maxout reaches ``k^(L+n0-1)``.

    the caveat: for ``n0 = 1`` and ``k >= 3`` this cannot hold, since such a net has at most
    ``1 + (k-1)(2^L - 1)`` regions (k=3, L=2: 7 < 9).  Those inputs are refused unless
    ``allow_refuted=True`` (then the quoted, refuted value is returned, e.g. to print the contradiction).

    >>> montufar2014_maxout_lower(1, 3, 2), montufar2014_maxout_lower(2, 2, 3)
    (8, 27)
    >>> montufar2014_maxout_lower(1, 2, 3)
    Traceback (most recent call last):
      ...
    exactnet.errors.InvalidArgumentError: Argument 'k' must be 2 when n0 = 1: Theorem 8 as quoted (k^(L+n0-1) = 9) cannot hold for n0 = 1, k = 3, L = 2, where at most 1 + (k-1)(2^L - 1) = 7 regions exist; pass allow_refuted=True for the quoted value
    >>> montufar2014_maxout_lower(1, 2, 3, allow_refuted=True)
    9
    """
    n0, L, k = _pos(n0, "n0"), _pos(L, "L"), _k(k)
    value = k ** (L + n0 - 1)
    if n0 == 1 and k >= 3 and not allow_refuted and value > maxout_width1_line_upper(k, L):
        raise InvalidArgumentError(
            f"Argument 'k' must be 2 when n0 = 1: Theorem 8 as quoted (k^(L+n0-1) = {value}) cannot hold for "
            f"n0 = 1, k = {k}, L = {L}, where at most 1 + (k-1)(2^L - 1) = {maxout_width1_line_upper(k, L)} regions "
            "exist; pass allow_refuted=True for the quoted value")
    return value


# ============================================================================================ other PWL
def hu2018_one_layer_max(n0: int, n1: int, p: int) -> int:
    """One layer of ``n1`` units with a ``p``-piece PWL activation: ``sum_{i<=n0} C(n1, i) (p-1)^i``.

    Derived here (the general-position count
    of ``n1`` families of ``p - 1`` parallel hyperplanes).  ``p = 2`` gives Zaslavsky.

    >>> hu2018_one_layer_max(2, 2, 3), hu2018_one_layer_max(2, 3, 2) == zaslavsky_max(2, 3)
    (9, True)
    """
    n0, n1, p = _pos(n0, "n0"), _pos(n1, "n1"), _pos(p, "p")
    if p < 2:
        raise InvalidArgumentError(f"Argument 'p' must be a number of linear pieces >= 2, not {_describe(p)}")
    return sum(comb(n1, i) * (p - 1) ** i for i in range(0, min(n0, n1) + 1))


# ============================================================================================ table
@dataclass(frozen=True)
class Bound:
    """One bound on the number of regions of an architecture.

    Attributes
    ----------
    name : str
        Stable id, e.g. ``"serra2018-thm1"`` (the ``formula`` of a ``bound_value`` certificate).
    value : int
        The exact value.
    kind : str
        ``"upper"``, ``"lower"`` (the *maximum* over weights is at least this) or ``"exact-max"``.
    source : str
        Paper and theorem.
    hypotheses : str
        What the statement assumes (checked before the value is reported).

    >>> Bound("x", 3, "upper", "s", "").kind
    'upper'
    >>> Bound("x", 3, "maybe", "s", "")
    Traceback (most recent call last):
      ...
    exactnet.errors.InvalidArgumentError: Argument 'kind' must be one of 'upper', 'lower', 'exact-max', not 'maybe' (type=str)
    """

    name: str
    value: int
    kind: str
    source: str
    hypotheses: str

    def __post_init__(self) -> None:
        if self.kind not in BOUND_KINDS:
            raise InvalidArgumentError(
                "Argument 'kind' must be one of " + ", ".join(repr(k) for k in BOUND_KINDS)
                + f", not {_describe(self.kind)}")

    def to_dict(self) -> dict:
        """JSON-ready form."""
        return {"name": self.name, "value": self.value, "kind": self.kind, "source": self.source,
                "hypotheses": self.hypotheses}


#: the largest bound value (in bits) computed exactly; each bound is at most (pieces)^(n0 * sum(widths))
MAX_BOUND_BITS = 1 << 22


def _check_value_bits(n0: int, ws: tuple, k: Any, pieces: Any) -> None:
    """Refuse, before computing, bounds whose exact values would have more than MAX_BOUND_BITS bits."""
    from ..errors import ResourceLimitError

    base = max([2] + [x for x in (k, pieces) if isinstance(x, int) and not isinstance(x, bool)])
    bits = n0 * sum(ws) * base.bit_length() + sum(w.bit_length() for w in ws) * n0 * len(ws)
    if bits > MAX_BOUND_BITS:
        raise ResourceLimitError(
            f"the region-count bounds of n0={n0}, widths {_describe(ws)} would be integers of up to ~{bits} bits "
            f"(limit {MAX_BOUND_BITS}); their exact values are out of reach. Ways out: smaller widths or n0, "
            "or bound log2 of the count by hand: the trivial bound is 2^(sum of widths)")


def region_bounds(n0: int, widths: Sequence[int], *, unit: str = "relu", k: int | None = None,
                  pieces: int | None = None) -> tuple[Bound, ...]:
    """The bounds of this module that apply to an architecture (hypotheses checked), as :class:`Bound` values.

    Parameters
    ----------
    n0 : int
        Input dimension (>= 1).
    widths : sequence of int
        Hidden widths ``(n_1, ..., n_L)``.
    unit : {"relu", "maxout", "pwl"}
        ReLU layers; rank-``k`` maxout layers; or (one layer only) a ``pieces``-piece PWL activation.

    Examples
    --------
    >>> {b.name: b.value for b in region_bounds(2, (6, 6))}
    {'trivial': 4096, 'montufar2014-thm4': 198, 'montufar2017-upper': 484, 'serra2018-thm1': 484, 'serra2018-thm6': 352}
    >>> [(b.name, b.value, b.kind) for b in region_bounds(2, (3,))][-1]
    ('zaslavsky', 7, 'exact-max')
    >>> {b.name: b.value for b in region_bounds(1, (1, 1), unit="maxout", k=3)}
    {'serra2018-thm8': 16, 'maxout-width1-line': 7}
    >>> region_bounds(1, (2,), unit="tanh")
    Traceback (most recent call last):
      ...
    exactnet.errors.InvalidArgumentError: Argument 'unit' must be one of 'relu', 'maxout', 'pwl', not 'tanh' (type=str)
    """
    n0, ws = _pos(n0, "n0"), _widths(widths)
    L = len(ws)
    _check_value_bits(n0, ws, k, pieces)
    out: list[Bound] = []
    if unit == "relu":
        out.append(Bound("trivial", trivial_upper(ws), "upper", "2^N for N hidden units",
                         "none"))
        if min(ws) >= n0:
            out.append(Bound("montufar2014-thm4", montufar2014_lower(n0, ws), "lower",
                             "Montufar et al. 2014, Theorem 4", "n_l >= n0 for all l"))
        out.append(Bound("montufar2017-upper", montufar2017_upper(n0, ws), "upper",
                         "Montufar 2017", "none"))
        out.append(Bound("serra2018-thm1", serra2018_upper(n0, ws), "upper",
                         "Serra et al. 2018, Theorem 1", "none"))
        if min(ws) >= 3 * n0:
            out.append(Bound("serra2018-thm6", serra2018_lower(n0, ws), "lower",
                             "Serra et al. 2018, Theorem 6", "n_l >= 3 n0 for all l"))
        if n0 == 1 and min(ws) >= 3:
            out.append(Bound("serra2018-thm5", serra2018_n0_1_max(ws), "exact-max",
                             "Serra et al. 2018, Theorem 5", "n0 = 1, n_l >= 3 for all l"))
        if n0 == 1 and L == 2 and ws[0] == 2:
            out.append(Bound("relu-width2-path", relu_width2_path_upper(ws[1]), "exact-max",
                             "convex-path argument, derived here", "n0 = 1, widths (2, n2)"))
        if L == 1:
            out.append(Bound("zaslavsky", zaslavsky_max(n0, ws[0]), "exact-max",
                             "Zaslavsky 1975", "one hidden layer"))
        return tuple(out)
    if unit == "maxout":
        if k is None:
            raise InvalidArgumentError("Argument 'k' must be given (the maxout rank) when unit='maxout', not None")
        k = _k(k)
        out.append(Bound("serra2018-thm8", serra2018_maxout_upper(n0, ws, k), "upper",
                         "Serra et al. 2018, Theorem 8", "none"))
        if L == 1:
            out.append(Bound("montufar2014-prop7-lower", maxout_one_layer_lower(n0, ws[0], k), "lower",
                             "Montufar et al. 2014, Proposition 7", "one layer"))
            out.append(Bound("montufar2014-prop7-upper", maxout_one_layer_upper(n0, ws[0], k), "upper",
                             "Montufar et al. 2014, Proposition 7", "one layer"))
        if all(w == n0 for w in ws) and not (n0 == 1 and k >= 3):
            out.append(Bound("montufar2014-thm8", montufar2014_maxout_lower(n0, L, k), "lower",
                             "Montufar et al. 2014, Theorem 8 as quoted",
                             "width n0 in every layer; not n0 = 1 with k >= 3 (refuted there)"))
        if n0 == 1 and all(w == 1 for w in ws):
            out.append(Bound("maxout-width1-line", maxout_width1_line_upper(k, L), "upper",
                             "convexity argument, derived here", "n0 = 1, width 1"))
        return tuple(out)
    if unit == "pwl":
        if pieces is None or L != 1:
            raise InvalidArgumentError(
                f"Argument 'pieces' must be given and widths must have one layer when unit='pwl', not "
                f"pieces={pieces!r}, widths={ws!r}")
        out.append(Bound("hu2018-one-layer", hu2018_one_layer_max(n0, ws[0], pieces), "exact-max",
                         "derived here, in the setting of Hu et al. 2018", "one layer, general position"))
        return tuple(out)
    raise InvalidArgumentError(f"Argument 'unit' must be one of 'relu', 'maxout', 'pwl', not {_describe(unit)}")


#: the bound names (as in :class:`Bound` and the ``bound_value`` certificates) -> (unit, kind)
BOUND_NAMES = {
    "trivial": ("relu", "upper"), "zaslavsky": ("relu", "exact-max"), "montufar2014-thm4": ("relu", "lower"),
    "montufar2017-upper": ("relu", "upper"), "serra2018-thm1": ("relu", "upper"),
    "serra2018-thm5": ("relu", "exact-max"), "serra2018-thm6": ("relu", "lower"),
    "relu-width2-path": ("relu", "exact-max"), "serra2018-thm8": ("maxout", "upper"),
    "montufar2014-prop7-lower": ("maxout", "lower"), "montufar2014-prop7-upper": ("maxout", "upper"),
    "montufar2014-thm8": ("maxout", "lower"), "maxout-width1-line": ("maxout", "upper"),
    "hu2018-one-layer": ("pwl", "exact-max"),
}


def bound_value(name: str, n0: int, widths: Sequence[int], *, k: int | None = None, pieces: int | None = None) -> int:
    """The value of the bound called ``name`` (a key of :data:`BOUND_NAMES`), hypotheses checked.

    >>> bound_value("serra2018-thm1", 2, (3, 3)), bound_value("maxout-width1-line", 1, (1, 1), k=3)
    (40, 7)
    >>> bound_value("zaslavsky", 2, (3, 3))
    Traceback (most recent call last):
      ...
    exactnet.errors.InvalidArgumentError: Argument 'widths' must have one hidden layer for the zaslavsky bound, not (3, 3) (type=tuple)
    """
    if name not in BOUND_NAMES:
        raise InvalidArgumentError(f"Argument 'name' must be one of {', '.join(BOUND_NAMES)}, not {_describe(name)}")
    n0, ws = _pos(n0, "n0"), _widths(widths)
    one = name in ("zaslavsky", "montufar2014-prop7-lower", "montufar2014-prop7-upper", "hu2018-one-layer")
    if one and len(ws) != 1:
        raise InvalidArgumentError(
            f"Argument 'widths' must have one hidden layer for the {name} bound, not {_describe(ws)}")
    if name == "trivial":
        return trivial_upper(ws)
    if name == "zaslavsky":
        return zaslavsky_max(n0, ws[0])
    if name == "montufar2014-thm4":
        return montufar2014_lower(n0, ws)
    if name == "montufar2017-upper":
        return montufar2017_upper(n0, ws)
    if name == "serra2018-thm1":
        return serra2018_upper(n0, ws)
    if name == "serra2018-thm5":
        if n0 != 1:
            raise InvalidArgumentError(f"Argument 'n0' must be 1 for Theorem 5, not {_describe(n0)}")
        return serra2018_n0_1_max(ws)
    if name == "serra2018-thm6":
        return serra2018_lower(n0, ws)
    if name == "relu-width2-path":
        if n0 != 1 or len(ws) != 2 or ws[0] != 2:
            raise InvalidArgumentError(f"Argument 'widths' must be (2, n2) with n0 = 1 for the convex-path bound, "
                                       f"not {_describe(ws)} with n0 = {n0}")
        return relu_width2_path_upper(ws[1])
    if name == "hu2018-one-layer":
        return hu2018_one_layer_max(n0, ws[0], pieces)
    if k is None:
        raise InvalidArgumentError(f"Argument 'k' must be given (the maxout rank) for the {name} bound, not None")
    if name == "serra2018-thm8":
        return serra2018_maxout_upper(n0, ws, k)
    if name == "montufar2014-prop7-lower":
        return maxout_one_layer_lower(n0, ws[0], k)
    if name == "montufar2014-prop7-upper":
        return maxout_one_layer_upper(n0, ws[0], k)
    if name == "montufar2014-thm8":
        if any(w != n0 for w in ws):
            raise InvalidArgumentError(f"Argument 'widths' must all equal n0 = {n0} for Theorem 8, not {_describe(ws)}")
        return montufar2014_maxout_lower(n0, len(ws), k)
    if n0 != 1 or any(w != 1 for w in ws):
        raise InvalidArgumentError(f"Argument 'widths' must be all 1 with n0 = 1 for the width-1 line bound, "
                                   f"not {_describe(ws)} with n0 = {n0}")
    return maxout_width1_line_upper(k, len(ws))


# ============================================================================ version-2 certificates
def _v2(proposition: dict, evidence: dict):
    from ..core.certificate import Certificate

    return Certificate(proposition, evidence)


def _node(cert) -> dict:
    return {"proposition": cert.proposition, "evidence": cert.evidence}


def bound_certificate(name: str, n0: int, widths: Sequence[int], *, k: int | None = None, pieces: int | None = None):
    """``bound_value(name, n0, widths[, k][, pieces]) = v``, recomputed by the kernel (method ``recompute-formula``).

    >>> c = bound_certificate("serra2018-thm1", 2, (3, 3))
    >>> c.value, c.check().verdict
    (40, 'valid')
    """
    value = bound_value(name, n0, widths, k=k, pieces=pieces)
    obj = {"formula": name, "n0": int(n0), "widths": [int(w) for w in widths]}
    obj.update({key: int(v) for key, v in (("k", k), ("pieces", pieces)) if v is not None})
    return _v2({"quantity": "bound_value", "object": obj, "relation": "=", "value": value, "field": "Q"},
               {"method": "recompute-formula"})


def theorem_certificate(name: str, n0: int, widths: Sequence[int], *, k: int | None = None, pieces: int | None = None):
    """The cited theorem of formula ``name`` applied to its value: ``max_activation_regions(architecture) <= v``
    (upper bounds), ``>= v`` (constructions in the literature) or ``= v`` (exact maxima); rule
    ``region-bound-theorem`` on :func:`bound_certificate`.

    >>> theorem_certificate("zaslavsky", 2, (3,)).check().sentence
    'the largest number of activation regions on R^n0 of a relu network with n0 = 2, hidden widths [3] = 7 over Q'
    """
    b = bound_certificate(name, n0, widths, k=k, pieces=pieces)
    kind = _THEOREM_KIND[name]
    obj = {"unit": BOUND_NAMES[name][0], **{key: v for key, v in b.proposition["object"].items() if key != "formula"}}
    return _v2({"quantity": "max_activation_regions", "object": obj, "relation": kind, "value": b.value, "field": "Q"},
               {"rule": "region-bound-theorem", "premises": [_node(b)]})


#: the relation each formula's theorem states about the maximum (the convex-path bound is used as an upper bound)
_THEOREM_KIND = {name: {"upper": "<=", "lower": ">="}.get(kind, "=") for name, (_, kind) in BOUND_NAMES.items()}
_THEOREM_KIND["relu-width2-path"] = "<="


def construction_certificate(enumeration):
    """``max_activation_regions(architecture of the network) >= n`` from a region enumeration of a ReLU or maxout
    construction (rule ``max-regions-from-construction`` on its ``regions`` certificate)."""
    from .certify import certificate_v2

    r = certificate_v2(enumeration)
    net = r.proposition["object"]["network"]
    ops = [n["op"] for n in net["nodes"][1:]]
    unit = "maxout" if "group_max" in ops else "relu"
    pairs = [net["nodes"][2 + 2 * i] for i in range(len(ops) // 2)]
    ws = [len(n["groups"]) if unit == "maxout" else net["nodes"][1 + 2 * i]["matrix"]["shape"][0]
          for i, n in enumerate(pairs)]
    obj = {"unit": unit, "n0": net["inputs"][0]["dim"], "widths": ws}
    if unit == "maxout":
        obj["k"] = len(pairs[0]["groups"][0])
    return _v2({"quantity": "max_activation_regions", "object": obj, "relation": ">=", "value": r.value[0],
                "field": "Q"}, {"rule": "max-regions-from-construction", "premises": [_node(r)]})


def maximum_certificate(enumeration, name: str, *, k: int | None = None):
    """``max_activation_regions = n`` when a construction's count meets the upper bound ``name`` (rule
    ``equal-from-lower-and-upper``); ``InvalidArgumentError`` if they differ (then the maximum is not pinned).

    >>> from exactnet.regions.constructions import general_position_layer
    >>> from exactnet.regions import enumerate_regions
    >>> c = general_position_layer(2, 3)
    >>> maximum_certificate(enumerate_regions(c.network, c.domain), "zaslavsky").check().facts["value"]
    7
    """
    lower = construction_certificate(enumeration)
    o = lower.proposition["object"]
    upper = theorem_certificate(name, o["n0"], o["widths"], k=k if k is not None else o.get("k"))
    if upper.proposition["object"] != o or upper.value != lower.value or upper.relation == ">=":
        raise InvalidArgumentError(
            f"Argument 'name' must name an upper bound on the construction's architecture {o} equal to its count "
            f"{lower.value}, not {name!r} ({upper.relation} {upper.value} for {upper.proposition['object']})")
    return _v2(dict(lower.proposition, relation="="),
               {"rule": "equal-from-lower-and-upper", "premises": [_node(lower), _node(upper)]})
