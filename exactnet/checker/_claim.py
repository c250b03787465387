r"""Checks of a certificate's ``claim`` text against the values its checker proved (imports only ``errors``).

A claim is prose for humans, but it must not hide or contradict what the data prove.  Two rules,
applied by the kinds' checkers after the data have been verified:

* :func:`require_numbers`: each key proved number (a rank, a bound, a count, a concluded value)
  appears in the claim as a number of its own (not as part of ``12``, ``r_4``, ``2/4`` or ``0.4``);
* :func:`check_rank_statements`: every rank statement written ``rank [<matrix>]<subscript> <op> <n>``
  (``op`` one of ``=``, ``>=``, ``<=``) follows from the proved bounds: ``>= n`` needs ``n <= lower``,
  ``<= n`` needs ``n >= upper``, ``= n`` needs ``lower == upper == n``.

Examples
--------
>>> rank_statements("rank [A^0]_{I,J} >= 4 for almost every weight setting; rank [B] <= 9")
[('>=', 4), ('<=', 9)]
>>> check_rank_statements("rank [A]_{I,J} = 4 (odd-even)", lower=4, upper=4)
>>> check_rank_statements("rank [A]_{I,J} = 5 (odd-even)", lower=4, upper=4)
Traceback (most recent call last):
  ...
exactnet.errors.CertificateError: the claim states rank [..] = 5, but the certificate proves rank = 4 (field 'claim')
>>> require_numbers("N=4: rank [A] = 16", {"rank": 16})
>>> require_numbers("N=4: rank [A] = 160", {"rank": 16})
Traceback (most recent call last):
  ...
exactnet.errors.CertificateError: the claim does not state the proved rank = 16: a claim must state what the certificate proves (field 'claim')
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Any, Mapping

from ..errors import CertificateError

__all__ = ["mentions", "require_numbers", "rank_statements", "check_rank_statements"]

#: ``rank [<matrix>]<subscript> <op> <number>``; the subscript has no spaces (``_{I,J}``, ``_odd-even``).
_RANK = re.compile(r"\brank\s+\[[^\]]*\][^\s<>=]*\s*(<=|>=|=)\s*(-?[0-9]+)(?![0-9]|/[0-9]|\.[0-9])")


def _text(value: Any) -> str:
    if isinstance(value, Fraction):
        return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"
    return str(value)


def mentions(claim: str, value: int | Fraction) -> bool:
    """True when ``value`` appears in ``claim`` as a number of its own.

    >>> mentions("has 14 weights", 14), mentions("has 140 weights", 14), mentions("r_4 = 2", 4)
    (True, False, False)
    """
    pattern = r"(?<![0-9A-Za-z_/.^])" + re.escape(_text(value)) + r"(?![0-9]|/[0-9]|\.[0-9])"
    return re.search(pattern, claim) is not None


def require_numbers(claim: Any, values: Mapping[str, Any]) -> None:
    """Every number in ``values`` (name -> proved number) appears in the claim; booleans and text are skipped."""
    if not isinstance(claim, str):
        return
    for name, value in values.items():
        if isinstance(value, bool) or not isinstance(value, (int, Fraction)):
            continue
        if not mentions(claim, value):
            raise CertificateError(
                f"the claim does not state the proved {name} = {_text(value)}: a claim must state what the "
                "certificate proves", "claim")


def rank_statements(claim: str) -> list[tuple[str, int]]:
    """The ``(op, n)`` of every ``rank [..] op n`` statement in the claim."""
    return [(m.group(1), int(m.group(2))) for m in _RANK.finditer(claim)]


def check_rank_statements(claim: Any, lower: int | None = None, upper: int | None = None) -> None:
    """Every rank statement of the claim follows from ``lower <= rank <= upper`` (None: not proved)."""
    if not isinstance(claim, str):
        return
    for op, n in rank_statements(claim):
        ok = ((op == ">=" and lower is not None and n <= lower)
              or (op == "<=" and upper is not None and n >= upper)
              or (op == "=" and lower is not None and lower == upper == n))
        if not ok:
            if lower is not None and lower == upper:
                proved = f"rank = {lower}"
            else:
                proved = " and ".join(x for x in (f"rank >= {lower}" if lower is not None else "",
                                                  f"rank <= {upper}" if upper is not None else "") if x)
            raise CertificateError(f"the claim states rank [..] {op} {n}, but the certificate proves {proved}",
                                   "claim")
