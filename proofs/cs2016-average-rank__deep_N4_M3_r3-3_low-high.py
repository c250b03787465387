"""Proof script: ReLU + average pooling: a shallow term has rank <= 2; a deep net has low/high rank <= 2.

Check ``cs2016-average-rank``, instance ``deep_N4_M3_r3-3_low-high`` (theory.md section 6 row 20; predicted value: 2).

Claim: A shallow relu-sum network's grid tensor is sum_i u_i(d_i), so every matricization has rank <= 2; a deep one over a binary tree is B(d_low) + C(d_high), so its low/high matricization has rank <= 2. Random networks reach 2 (exact rank, network re-evaluated by the checker).

Source: theory.md 2.3 and 6 rows 18, 20 [DERIVED]

Run ``python proofs/cs2016-average-rank__deep_N4_M3_r3-3_low-high.py [--out FILE]``: builds the certificate through the public API
(``exactnet.theorems.registry``), re-verifies it with the independent checker
(``exactnet.checker``), prints the verdict, optionally writes the certificate JSON, and exits
non-zero if no valid certificate could be produced.
"""

from __future__ import annotations

import sys
from pathlib import Path

CHECK_ID = 'cs2016-average-rank'
INSTANCE = 'deep_N4_M3_r3-3_low-high'


def main(argv: list[str] | None = None) -> int:
    try:
        from exactnet.theorems.proof_script import run_proof
    except ImportError:  # running from a source checkout without installation
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        from exactnet.theorems.proof_script import run_proof
    return run_proof(CHECK_ID, INSTANCE, argv)


if __name__ == "__main__":
    raise SystemExit(main())
