"""Proof script: Depth L vs depth L_c: generic rank for odd/even blocks of 2^(Lc-1) modes.

Check ``csh2016-depth-lc``, instance ``N8_M2_Lc2_r2-4-4`` (theory.md section 6 row 8; predicted value: 4).

Claim: For almost every weight setting of a binary deep ConvAC, the matricization with rows = the odd-numbered blocks of 2^(Lc-1) consecutive modes has rank D^(N/2^Lc) (D_0 = min(r_0, M), D_l = min(r_l, r_{l-1}, D_{l-1}^2)); a depth-Lc ConvAC pooling those blocks needs r'_{Lc-1} >= it.

Source: Cohen, Sharir, Shashua, COLT 2016 (depth L vs L_c, exact statement not read); theory.md 1.4 and 6 row 8

Run ``python proofs/csh2016-depth-lc__N8_M2_Lc2_r2-4-4.py [--out FILE]``: builds the certificate through the public API
(``exactnet.theorems.registry``), re-verifies it with the independent checker
(``exactnet.checker``), prints the verdict, optionally writes the certificate JSON, and exits
non-zero if no valid certificate could be produced.
"""

from __future__ import annotations

import sys
from pathlib import Path

CHECK_ID = 'csh2016-depth-lc'
INSTANCE = 'N8_M2_Lc2_r2-4-4'


def main(argv: list[str] | None = None) -> int:
    try:
        from exactnet.theorems.proof_script import run_proof
    except ImportError:  # running from a source checkout without installation
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        from exactnet.theorems.proof_script import run_proof
    return run_proof(CHECK_ID, INSTANCE, argv)


if __name__ == "__main__":
    raise SystemExit(main())
