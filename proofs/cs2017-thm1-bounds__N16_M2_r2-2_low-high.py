"""Proof script: ICLR-2017 Theorem 1: lower min(r_0,M)^S and upper c^{l,k} bounds next to the certified generic rank.

Check ``cs2017-thm1-bounds``, instance ``N16_M2_r2-2_low-high`` (theory.md section 5.1 (I^low: upper bound r_(L-1)) and 6 row 9; predicted value: {'upper': 2, 'generic_rank': 2}).

Claim: For the quad-tree ConvAC (N=16, M=2), the Theorem-1 lower bound min(r_0, M)^S (S = split windows) and the c^{l,k} recursion upper bound enclose the certified generic rank of the matricization.

Source: Cohen, Shashua, ICLR 2017 (pooling geometry), Theorem 1; theory.md 5.1 and 6 rows 9, 11

Run ``python proofs/cs2017-thm1-bounds__N16_M2_r2-2_low-high.py [--out FILE]``: builds the certificate through the public API
(``exactnet.theorems.registry``), re-verifies it with the independent checker
(``exactnet.checker``), prints the verdict, optionally writes the certificate JSON, and exits
non-zero if no valid certificate could be produced.
"""

from __future__ import annotations

import sys
from pathlib import Path

CHECK_ID = 'cs2017-thm1-bounds'
INSTANCE = 'N16_M2_r2-2_low-high'


def main(argv: list[str] | None = None) -> int:
    try:
        from exactnet.theorems.proof_script import run_proof
    except ImportError:  # running from a source checkout without installation
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        from exactnet.theorems.proof_script import run_proof
    return run_proof(CHECK_ID, INSTANCE, argv)


if __name__ == "__main__":
    raise SystemExit(main())
