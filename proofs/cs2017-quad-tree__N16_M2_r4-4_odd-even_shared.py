"""Proof script: Quad-tree ConvAC (windows of 4), N=16, M=2: generic ranks, unshared vs shared.

Check ``cs2017-quad-tree``, instance ``N16_M2_r4-4_odd-even_shared`` (theory.md section 6 row 10; predicted value: 81).

Claim: For almost every weight setting of the quad-tree deep ConvAC (N=16, M=2), the odd-even and low/high matricizations have the ranks given by the span recursion; with shared weights the level-1 row spaces lie in Sym^2, of dimension M(M+1)/2 = 3, so r_0 = r_1 = 4 gives 3^4 = 81 instead of 256.

Source: Cohen, Shashua, ICLR 2017 (pooling geometry), Theorem 1; theory.md 5.1 and 6 rows 9-11

Run ``python proofs/cs2017-quad-tree__N16_M2_r4-4_odd-even_shared.py [--out FILE]``: builds the certificate through the public API
(``exactnet.theorems.registry``), re-verifies it with the independent checker
(``exactnet.checker``), prints the verdict, optionally writes the certificate JSON, and exits
non-zero if no valid certificate could be produced.
"""

from __future__ import annotations

import sys
from pathlib import Path

CHECK_ID = 'cs2017-quad-tree'
INSTANCE = 'N16_M2_r4-4_odd-even_shared'


def main(argv: list[str] | None = None) -> int:
    try:
        from exactnet.theorems.proof_script import run_proof
    except ImportError:  # running from a source checkout without installation
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        from exactnet.theorems.proof_script import run_proof
    return run_proof(CHECK_ID, INSTANCE, argv)


if __name__ == "__main__":
    raise SystemExit(main())
