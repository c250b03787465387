"""Proof script: Depth efficiency (Theorem 1): generic odd-even rank min(r0,M)^(N/2); shallow nets need Z >= it.

Check ``csh2016-thm1``, instance ``N4_M2_r2-1_shared`` (theory.md section 6 row 1; predicted value: 4).

Claim: For almost every weight setting (shared or unshared) of a binary-tree deep ConvAC, the odd-even matricization has rank min(r_0, M)^(N/2) exactly; hence a shallow ConvAC computing the same function needs Z >= min(r_0, M)^(N/2).

Source: Cohen, Sharir, Shashua, COLT 2016, Theorem 1 (Bentkamp's Isabelle formalization); theory.md 1.3, 6 rows 1-3, 7

Run ``python proofs/csh2016-thm1__N4_M2_r2-1_shared.py [--out FILE]``: builds the certificate through the public API
(``exactnet.theorems.registry``), re-verifies it with the independent checker
(``exactnet.checker``), prints the verdict, optionally writes the certificate JSON, and exits
non-zero if no valid certificate could be produced.
"""

from __future__ import annotations

import sys
from pathlib import Path

CHECK_ID = 'csh2016-thm1'
INSTANCE = 'N4_M2_r2-1_shared'


def main(argv: list[str] | None = None) -> int:
    try:
        from exactnet.theorems.proof_script import run_proof
    except ImportError:  # running from a source checkout without installation
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        from exactnet.theorems.proof_script import run_proof
    return run_proof(CHECK_ID, INSTANCE, argv)


if __name__ == "__main__":
    raise SystemExit(main())
