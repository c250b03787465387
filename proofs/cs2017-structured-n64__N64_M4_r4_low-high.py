"""Proof script: Structured ranks at N=64, M=4, widths 4 (grid tensor of 4^64 entries, never formed).

Check ``cs2017-structured-n64``, instance ``N64_M4_r4_low-high`` (theory.md section 1.4: low/high rank <= r_(L-1) = 4 (span recursion); predicted value: 4).

Claim: For almost every weight setting of the binary-tree ConvAC with N=64, M=4, r_l=4, the low/high, block and odd/even matricizations have ranks 4, 16 (blocks of 16) and 4^32, certified without forming the grid tensor (skeleton minors, Kronecker witness, structural bounds).

Source: theory.md 1.3 (Theorem 1), 1.4 (low/high, depth-Lc blocks); issue 5 target scale

Run ``python proofs/cs2017-structured-n64__N64_M4_r4_low-high.py [--out FILE]``: builds the certificate through the public API
(``exactnet.theorems.registry``), re-verifies it with the independent checker
(``exactnet.checker``), prints the verdict, optionally writes the certificate JSON, and exits
non-zero if no valid certificate could be produced.
"""

from __future__ import annotations

import sys
from pathlib import Path

CHECK_ID = 'cs2017-structured-n64'
INSTANCE = 'N64_M4_r4_low-high'


def main(argv: list[str] | None = None) -> int:
    try:
        from exactnet.theorems.proof_script import run_proof
    except ImportError:  # running from a source checkout without installation
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        from exactnet.theorems.proof_script import run_proof
    return run_proof(CHECK_ID, INSTANCE, argv)


if __name__ == "__main__":
    raise SystemExit(main())
