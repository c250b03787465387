"""Registered checks: tensor trains (recurrent multiplicative networks) vs CP and HT.

Source: Khrulkov, Novikov & Oseledets, "Expressive power of recurrent neural networks", ICLR 2018
(arXiv:1711.00811).  Each ``register(Check(...))`` adds instances to ``exactnet verify``; the claims library
(:mod:`exactnet.claims`) holds its citation and generates ``proofs/<check_id>.py``.  Every value is read from the
kernel's answer to a ``generic_matricization_rank`` certificate (a witness minor plus a structural upper
bound); CP rank >= the rank of any matricization, so a certified generic matricization rank is a
certified lower bound on the generic CP rank.
"""

from __future__ import annotations

from typing import Any, Mapping

from ..errors import DomainError
from ..tensors import Partition, PoolingTree
from .registry import Check, register

_SOURCE = "Khrulkov, Novikov, Oseledets, ICLR 2018 (arXiv:1711.00811)"


def _generic(facts: Mapping) -> Any:
    """The certified generic rank: the value of a ``generic_matricization_rank = R`` proposition (or the generic rank
    of a structured certificate of the HT routes)."""
    if "value" in facts:
        if facts.get("status") != "almost-everywhere":
            raise DomainError(f"the certificate states {facts.get('status')}, not a generic rank")
        return facts["value"]
    if "generic_rank" in facts:
        return facts["generic_rank"]
    return facts["conclusion"]["generic_rank"]


def _tt_pinned(p: Mapping):
    from .tt import tt_generic_rank

    res = tt_generic_rank(p["d"], p["n"], p["r"], p["partition"])
    if res.status != "almost-everywhere":
        raise DomainError(f"the generic rank is not pinned: {res}")
    return res.certificate


def _ht_split(p: Mapping):
    from .structured import structured_rank

    d = p["d"]
    res = structured_rank(PoolingTree.binary(d), Partition.from_rows(tuple(range(p["k"])), d), M=p["n"], widths=p["r"])
    if res.status != "almost-everywhere":
        raise DomainError(f"the generic rank is not pinned: {res}")
    return res.certificate


def _inst(name: str, params: dict, expected: int) -> dict:
    return {"name": name, "params": params, "expected": expected}


register(Check(
    id="kno2018-thm1",
    title="TT networks: generic CP rank >= min(n, r)^(d/2) (even d), from the certified odd-even rank",
    claim=("For even d, a generic tensor train with all ranks r and mode size n has CP rank >= min(n, r)^(d/2): "
           "the generic rank of its odd-even matricization is certified to equal min(n, r)^(d/2) when n <= r."),
    source=f"{_SOURCE}, Theorem 1 (reproduced for n <= r)",
    instances=(
        _inst("d4_n2_r2", {"d": 4, "n": 2, "r": 2, "partition": "odd-even"}, 4),
        _inst("d6_n2_r2", {"d": 6, "n": 2, "r": 2, "partition": "odd-even"}, 8),
        _inst("d8_n2_r3", {"d": 8, "n": 2, "r": 3, "partition": "odd-even"}, 16),
        _inst("d6_n3_r3", {"d": 6, "n": 3, "r": 3, "partition": "odd-even"}, 27),
    ),
    prove=_tt_pinned,
    value=lambda s, c: _generic(s),
))

register(Check(
    id="kno2018-thm1-sharpened",
    title="TT networks with n > r: the odd-even rank is n^(d/2-1) r, above the published min(n, r)^(d/2)",
    claim=("For even d and n > r, the generic odd-even matricization rank of a tensor train with all ranks r is "
           "n^(d/2-1) * r (the minimum cut of the train), so the generic CP rank is >= n^(d/2-1) r: the "
           "published bound min(n, r)^(d/2) = r^(d/2) holds but is not tight."),
    source=f"{_SOURCE}, Theorem 1 (sharpened for n > r)",
    instances=(
        _inst("d4_n3_r2", {"d": 4, "n": 3, "r": 2, "partition": "odd-even"}, 6),
        _inst("d6_n3_r2", {"d": 6, "n": 3, "r": 2, "partition": "odd-even"}, 18),
        _inst("d6_n4_r2", {"d": 6, "n": 4, "r": 2, "partition": "odd-even"}, 32),
    ),
    prove=_tt_pinned,
    value=lambda s, c: _generic(s),
))

register(Check(
    id="kno2018-thm1-odd-d",
    title="TT networks with odd d: matricizations certify min(n, r)^floor(d/2) (a floor, not d/2)",
    claim=("Theorem 1 is stated for even d.  For odd d and n <= r the generic odd-even rank is min(n, r)^floor(d/2); "
           "no matricization can certify more, since one side of every partition has at most floor(d/2) modes "
           "(rank <= n^floor(d/2)).  So the exponent d/2 takes a floor for odd d."),
    source=f"{_SOURCE}, Theorem 1 (odd d)",
    instances=(
        _inst("d5_n2_r2", {"d": 5, "n": 2, "r": 2, "partition": "odd-even"}, 4),
        _inst("d7_n3_r3", {"d": 7, "n": 3, "r": 3, "partition": "odd-even"}, 27),
    ),
    prove=_tt_pinned,
    value=lambda s, c: _generic(s),
))

register(Check(
    id="kno2018-ht-to-tt",
    title="HT networks in TT format: TT-unfolding rank r^ceil(log2(d)/2), so r^(log2(d)/2) needs a ceiling",
    claim=("For the deep ConvAC (hierarchical Tucker with product pooling) over the balanced binary tree with all "
           "widths r, the generic rank of the contiguous unfolding at k = 3 (d = 8) or k = 5 (d = 16) is "
           "r^ceil(log2(d)/2).  For d = 8 this is r^2, above r^(log2(8)/2) = r^1.5: a TT-rank bound r^(log2(d)/2) "
           "as printed needs a ceiling when log2 d is odd (the expected value of the d = 8 instance is the "
           "largest integer <= 2^1.5)."),
    source=f"{_SOURCE}, comparison of HT- and TT-networks (TT ranks of an HT tensor)",
    instances=(
        _inst("d8_n2_r2_k3", {"d": 8, "n": 2, "r": 2, "k": 3}, 2),
        _inst("d16_n2_r2_k5", {"d": 16, "n": 2, "r": 2, "k": 5}, 4),
    ),
    prove=_ht_split,
    value=lambda s, c: _generic(s),
))

register(Check(
    id="kno2018-tt-to-ht",
    title="TT networks in HT format: the rank across a binary-tree node is r^2 (two bonds cut)",
    claim=("For a generic tensor train with all ranks r and mode size n >= r, the matricization whose rows are "
           "the modes {2, 3} of one node of the balanced binary tree (d = 8) has generic rank r^2: a TT has HT "
           "ranks up to r^2 (the block is cut from the train at two bonds)."),
    source=f"{_SOURCE}, comparison of HT- and TT-networks (HT ranks of a TT tensor)",
    instances=(
        _inst("d8_n4_r2_block2-3", {"d": 8, "n": 4, "r": 2, "partition": [2, 3]}, 4),
        _inst("d8_n3_r3_block2-3", {"d": 8, "n": 3, "r": 3, "partition": [2, 3]}, 9),
    ),
    prove=_tt_pinned,
    value=lambda s, c: _generic(s),
))
