"""Proof script: Comparison table: product vs ReLU + max vs ReLU + average pooling, every figure certified (one certificate).

Check ``cs2016-compare``, instance ``N4_M3`` (theory.md sections 2.3 (universality), 2.4 and 6 row 19 (ranks), 1.3 (product width); predicted value: {'universal': {'product': True, 'max': True, 'average': False}, 'rank': {'product': 9, 'max': 9}, 'shallow_width_forced': {'product': 9}}).

Claim: On one architecture (binary tree, widths M+1, 2): product and max pooling are universal (every unit target realized by a certified shallow network), average pooling is not (a certified non-realizable target); the odd-even rank reached is M^(N/2) for product (generic) and max (the delta-product construction), which forces a shallow product network to Z >= M^(N/2). Also certified, not stated in theory.md: the rank of an average-pooling witness (theory.md only bounds it by 2M), the max-pool shallow width ceil(R / (1 + (M-1) N/2)) (theory.md states the weaker R / (1 + M N/2)) and the average row's shallow realizability.

Source: theory.md 1.3, 1.5, 2.3, 2.4 and 6 row 19 [DERIVED, computed]

Run ``python proofs/cs2016-compare__N4_M3.py [--out FILE]``: builds the certificate through the public API
(``exactnet.theorems.registry``), re-verifies it with the independent checker
(``exactnet.checker``), prints the verdict, optionally writes the certificate JSON, and exits
non-zero if no valid certificate could be produced.
"""

from __future__ import annotations

import sys
from pathlib import Path

CHECK_ID = 'cs2016-compare'
INSTANCE = 'N4_M3'


def main(argv: list[str] | None = None) -> int:
    try:
        from exactnet.theorems.proof_script import run_proof
    except ImportError:  # running from a source checkout without installation
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        from exactnet.theorems.proof_script import run_proof
    return run_proof(CHECK_ID, INSTANCE, argv)


if __name__ == "__main__":
    raise SystemExit(main())
