"""Proof script: Low/high partition: generic rank min{r_0, r_1, M^2} (N=4), bounded by r_top.

Check ``csh2016-low-high``, instance ``N4_M3_r2-2`` (theory.md section 6 row 5; predicted value: 2).

Claim: For almost every weight setting of a binary-tree deep ConvAC, the low/high matricization (rows 0..N/2-1) has the rank given by the span recursion (N=4: min{r_0, r_1, M^2}; always <= r_top).

Source: theory.md 1.4 (other partitions) and 6 row 5 [DERIVED]

Run ``python proofs/csh2016-low-high__N4_M3_r2-2.py [--out FILE]``: builds the certificate through the public API
(``exactnet.theorems.registry``), re-verifies it with the independent checker
(``exactnet.checker``), prints the verdict, optionally writes the certificate JSON, and exits
non-zero if no valid certificate could be produced.
"""

from __future__ import annotations

import sys
from pathlib import Path

CHECK_ID = 'csh2016-low-high'
INSTANCE = 'N4_M3_r2-2'


def main(argv: list[str] | None = None) -> int:
    try:
        from exactnet.theorems.proof_script import run_proof
    except ImportError:  # running from a source checkout without installation
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        from exactnet.theorems.proof_script import run_proof
    return run_proof(CHECK_ID, INSTANCE, argv)


if __name__ == "__main__":
    raise SystemExit(main())
