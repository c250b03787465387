"""Proof script: Bound arithmetic: Serra's Theorem 1 vs Montufar 2017, Theorems 4 and 6, and shallow wins for n0 = 10.

Check ``serra2018-bounds``, instance ``n0-2_w6-6`` (theory.md section 6 row 30; predicted value: {'montufar_lower': 198, 'serra_lower': 352, 'serra_upper': 484}).

Claim: Exact values of the region bounds: Serra et al.'s Theorem 1 upper bound is at most Montufar's 2017 bound; Montufar's Theorem 4 <= Serra's Theorem 6 <= Theorem 1; and for n0 = 10 a deep (3,3) network has fewer possible regions (<= 42) than a shallow one with 6 units (64).

Source: Serra et al. 2018, Theorems 1 and 6 and section 3.1; Montufar et al. 2014 Theorem 4; theory.md 5.4, 6 rows 29-31

Run ``python proofs/serra2018-bounds__n0-2_w6-6.py [--out FILE]``: builds the certificate through the public API
(``exactnet.theorems.registry``), re-verifies it with the independent checker
(``exactnet.checker``), prints the verdict, optionally writes the certificate JSON, and exits
non-zero if no valid certificate could be produced.
"""

from __future__ import annotations

import sys
from pathlib import Path

CHECK_ID = 'serra2018-bounds'
INSTANCE = 'n0-2_w6-6'


def main(argv: list[str] | None = None) -> int:
    try:
        from exactnet.theorems.proof_script import run_proof
    except ImportError:  # running from a source checkout without installation
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        from exactnet.theorems.proof_script import run_proof
    return run_proof(CHECK_ID, INSTANCE, argv)


if __name__ == "__main__":
    raise SystemExit(main())
