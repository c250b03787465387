"""Proof script: Deep beats shallow: the folding construction vs the one-layer maximum with as many units.

Check ``montufar2014-deep-vs-shallow``, instance ``n0-1_w4-4-4`` (theory.md section 3.3 table and 3.2 formula; predicted value: {'deep': 82, 'shallow_max': 13}).

Claim: The deep folding construction (n0 = 1) has more activation regions than any one-hidden-layer ReLU network with the same total number of units can have (Zaslavsky: sum_{j<=n0} C(N, j) = N + 1).

Source: Montufar et al. 2014, Corollary 5 and section 3.2 (Zaslavsky); theory.md 3.2-3.3

Run ``python proofs/montufar2014-deep-vs-shallow__n0-1_w4-4-4.py [--out FILE]``: builds the certificate through the public API
(``exactnet.theorems.registry``), re-verifies it with the independent checker
(``exactnet.checker``), prints the verdict, optionally writes the certificate JSON, and exits
non-zero if no valid certificate could be produced.
"""

from __future__ import annotations

import sys
from pathlib import Path

CHECK_ID = 'montufar2014-deep-vs-shallow'
INSTANCE = 'n0-1_w4-4-4'


def main(argv: list[str] | None = None) -> int:
    try:
        from exactnet.theorems.proof_script import run_proof
    except ImportError:  # running from a source checkout without installation
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        from exactnet.theorems.proof_script import run_proof
    return run_proof(CHECK_ID, INSTANCE, argv)


if __name__ == "__main__":
    raise SystemExit(main())
