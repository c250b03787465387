"""Registered checks: polynomial networks and their neurovarieties (dimensions, filling, minimal filling).

Each ``register(Check(...))`` here adds instances to ``exactnet verify``; the claims library
(:mod:`exactnet.claims`) holds its citation and generates ``proofs/<check_id>.py``.

Dimensions are certified by :mod:`exactnet.theorems.neurovariety` (``neurovariety_dimension`` certificates of
format version 2: a non-singular Jacobian minor for the lower bound, a derivation of upper-bound methods and rules),
minimality by ``minimal_filling`` certificates; both are checked by the kernel (:mod:`exactnet.kernel.polynomial`).
Whether an architecture fills compares the certified dimension with its ambient dimension; unimodality is a
property of the hidden widths.
The published dimensions below were computed modulo primes at random points (a lower bound each); here
they are certified over Q, exactly.

Examples
--------
>>> from exactnet.theorems.registry import get_check
>>> get_check("ktb2019-unimodal-conjecture").run("w2-3-4-5-4-6-4-1_r2").verdict
'contradicts-published'
"""

from __future__ import annotations

import math
from typing import Mapping

from ..core.certificate import Certificate
from .neurovariety import ambient_dimension, is_unimodal, minimal_filling_certificate, neurovariety_dimension
from .registry import Check, register

__all__: list[str] = []

_KTB = "Kileel, Trager, Bruna, On the expressive power of deep polynomial neural networks, NeurIPS 2019, arXiv 1905.12207"
_DR = ("Dao, Rodriguez, Minimal filling architectures of polynomial neural networks: counterexamples, frontier "
       "search, and defects, arXiv 2605.09609, 2026")


def _name(ws, r) -> str:
    return "w" + "-".join(str(w) for w in ws) + f"_r{r}"


def _prove_dimension(p: Mapping) -> Certificate:
    return neurovariety_dimension(tuple(p["widths"]), p["degree"]).certificate


def _prove_minimal(p: Mapping) -> Certificate:
    return minimal_filling_certificate(tuple(p["widths"]), p["degree"])


def _dimension(facts: Mapping, cert: Certificate) -> dict:
    """The certified dimension (an equality) and whether it reaches the architecture's ambient dimension."""
    obj = cert.proposition["object"]
    value = facts["value"] if facts["status"] == "exact" else None
    return {"dimension": value, "fills": None if value is None else value == ambient_dimension(obj["widths"], obj["degree"])}


def _minimal(facts: Mapping, cert: Certificate) -> dict:
    """``minimal`` is the certified predicate; ``unimodal`` is read from the hidden widths."""
    obj = cert.proposition["object"]
    return {"minimal": cert.proposition["quantity"] == "minimal_filling" and facts["status"] == "exact",
            "unimodal": is_unimodal(obj["widths"][1:-1])}


# (widths, r, published dimension, fills): values computed modulo primes in the published data tables
_PUBLISHED = [
    ((2, 2, 1), 2, 3, True),
    ((2, 2, 2, 1), 2, 5, True),
    ((2, 1, 2, 1), 2, 2, False),
    ((2, 2, 3, 4, 1), 2, 7, False),
    ((2, 5, 2, 5, 1), 2, 7, False),
    ((2, 6, 6, 1, 1), 2, 5, False),
    ((2, 4, 2, 4, 5, 1), 2, 9, False),
    ((2, 3, 3, 3, 2, 1), 2, 17, True),
    ((2, 7, 5, 7, 3, 6, 7, 2, 1), 2, 53, False),
    ((3, 2, 4, 1), 2, 7, False),
    ((3, 9, 2, 1), 2, 11, False),
    ((3, 8, 10, 3, 1), 2, 42, False),
    ((2, 3, 4, 5, 4, 6, 4, 1), 2, 65, True),
    ((2, 3, 7, 6, 15, 8, 1), 3, 244, True),
    ((2, 3, 4, 4, 10, 17, 11, 12, 4, 2), 2, 514, True),
]

register(Check(
    id="ktb2019-neurovariety-dimension",
    title="Neurovariety dimensions of polynomial networks, certified over Q (published values)",
    claim=("The neurovariety of the architecture d with activation x -> x^r has the stated dimension (lower bound: "
           "a non-singular minor of the Jacobian of weights -> outputs at an integer point; upper bound: ambient "
           "dimension, parameters minus hidden widths, cuts at hidden layers, the quadric-output bound), and fills "
           "or not as stated."),
    source=f"{_KTB}, Section 3 (dimension as the expressivity measure, the parameter-count bound); values from the "
           f"data tables of {_DR}",
    instances=tuple({"name": _name(ws, r), "params": {"widths": list(ws), "degree": r},
                     "expected": {"dimension": d, "fills": f}}
                    for ws, r, d, f in _PUBLISHED),
    prove=_prove_dimension,
    value=_dimension,
))

# Alexander-Hirschowitz: one hidden layer, one output = secant varieties of Veronese varieties
_AH = [((3, 4, 1), 3, 10), ((2, 3, 1), 5, 6), ((3, 2, 1), 2, 5), ((4, 3, 1), 2, 9), ((3, 5, 1), 4, 14),
       ((5, 7, 1), 3, 34), ((4, 9, 1), 4, 34)]

register(Check(
    id="ktb2019-shallow-ah",
    title="Shallow networks with one output: the expected dimension except the Alexander-Hirschowitz cases",
    claim=("For d = (d_0, d_1, 1) the neurovariety is the d_1-th secant variety of the degree-r Veronese variety; its "
           "dimension is min(d_0 d_1, C(d_0 + r - 1, r)) except for r = 2, 2 <= d_1 <= d_0 - 1 (rank-d_1 quadrics, "
           "d_0 d_1 - C(d_1, 2)) and (d_0, r, d_1) in {(3,4,5), (4,4,9), (5,3,7), (5,4,14)} (one less). The lower "
           "bound is certified by a Jacobian minor; the upper bound of the four exceptional cases is the cited "
           "theorem."),
    source=(f"Alexander, Hirschowitz, Polynomial interpolation in several variables, J. Algebraic Geom. 4 (1995); "
            f"{_KTB}, Section 3 (the shallow case)"),
    instances=tuple({"name": _name(ws, r), "params": {"widths": list(ws), "degree": r},
                     "expected": {"dimension": d, "fills": False if d < math.comb(ws[0] + r - 1, r)
                                  else True}}
                    for ws, r, d in _AH),
    prove=_prove_dimension,
    value=_dimension,
))

# (widths, r, unimodal): minimal filling architectures of the published tables
_MINIMAL = [((2, 2, 1), 2, True), ((2, 2, 2, 1), 2, True), ((2, 3, 3, 2, 1), 2, True), ((2, 3, 3, 3, 2, 1), 2, True),
            ((2, 3, 3, 4, 4, 2, 1), 2, True), ((2, 3, 4, 5, 4, 6, 4, 1), 2, False), ((2, 3, 7, 6, 15, 8, 1), 3, False)]
# the other depth-7 minimal filling architectures of the published list (d_0 = 2, d_h = 1, r = 2) whose
# minimality the bounds here certify (five more on that list rest on neighbours with dimension in [64, 65])
_MINIMAL += [((2,) + hid + (1,), 2, True) for hid in ((3, 4, 5, 6, 4, 2), (3, 3, 4, 5, 6, 3), (3, 4, 5, 5, 5, 2),
                                                      (3, 3, 5, 7, 4, 2), (3, 3, 4, 6, 5, 2), (3, 4, 4, 5, 5, 4),
                                                      (3, 3, 5, 5, 5, 4))]

register(Check(
    id="dr2026-minimal-filling",
    title="Minimal filling architectures, certified: the architecture fills and every one-smaller neighbour does not",
    claim=("The architecture fills (a Jacobian minor of full ambient size) and lowering any one hidden width by one "
           "gives an architecture whose proved upper bound is below its ambient dimension; filling is monotone in the "
           "widths, so no component-wise smaller architecture fills. Unimodality of the hidden widths is as stated."),
    source=f"{_DR}, the minimal filling architectures and counterexamples of its tables (d_0 = 2, d_h = 1)",
    instances=tuple({"name": _name(ws, r), "params": {"widths": list(ws), "degree": r},
                     "expected": {"minimal": True, "unimodal": u}}
                    for ws, r, u in _MINIMAL),
    prove=_prove_minimal,
    value=_minimal,
))

register(Check(
    id="ktb2019-unimodal-conjecture",
    title="The conjecture that minimal filling architectures have unimodal hidden widths",
    claim=("Conjecture (fixing d_0, d_h, r and the depth): every minimal filling architecture has unimodal hidden "
           "widths. Each instance certifies a minimal filling architecture; the conjecture predicts unimodal widths, "
           "so a certified non-unimodal one refutes it."),
    source=f"{_KTB}, the unimodality conjecture (Conjecture 12 as numbered in {_DR}, which refutes it)",
    instances=tuple({"name": _name(ws, r), "params": {"widths": list(ws), "degree": r},
                     "expected": {"minimal": True, "unimodal": True}}
                    for ws, r, _ in (_MINIMAL[3], _MINIMAL[5], _MINIMAL[6])),
    prove=_prove_minimal,
    value=_minimal,
))
