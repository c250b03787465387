"""Proof script: Overlapping GC ConvACs (theory.md 4.4 toy model): left/right and odd/even generic ranks.

Check ``ss2018-toy``, instance ``N8_M2_2-2-2x3_odd-even`` (theory.md section 4.4 table; predicted value: 16).

Claim: For almost every shared weight setting of the 1-D GC ConvAC toy model (one-hot templates), the left/right and odd/even matricizations have the tabulated ranks; overlaps (stride < receptive field) lift the left/right rank above the non-overlapping tree's r_top (N=8, M=2, r=2: 2 vs 16).

Source: Sharir, Shashua, ICLR 2018 (abstract; model recalled); theory.md 4.4 [DERIVED toy model] and 6 row 40

Run ``python proofs/ss2018-toy__N8_M2_2-2-2x3_odd-even.py [--out FILE]``: builds the certificate through the public API
(``exactnet.theorems.registry``), re-verifies it with the independent checker
(``exactnet.checker``), prints the verdict, optionally writes the certificate JSON, and exits
non-zero if no valid certificate could be produced.
"""

from __future__ import annotations

import sys
from pathlib import Path

CHECK_ID = 'ss2018-toy'
INSTANCE = 'N8_M2_2-2-2x3_odd-even'


def main(argv: list[str] | None = None) -> int:
    try:
        from exactnet.theorems.proof_script import run_proof
    except ImportError:  # running from a source checkout without installation
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        from exactnet.theorems.proof_script import run_proof
    return run_proof(CHECK_ID, INSTANCE, argv)


if __name__ == "__main__":
    raise SystemExit(main())
