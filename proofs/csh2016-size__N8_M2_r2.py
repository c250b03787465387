"""Proof script: Size accounting: 14 deep weights vs Z >= 16 (272 unshared shallow weights).

Check ``csh2016-size``, instance ``N8_M2_r2`` (theory.md section 1.6; predicted value: {'deep_weights': 14, 'shallow_width_needed': 16, 'shallow_weights_unshared': 272}).

Claim: The shared deep ConvAC N=8, M=2, r_l=2 has 14 weights; for almost all of its weight settings a shallow ConvAC computing the same function needs Z >= 16, i.e. >= 272 weights unshared.

Source: theory.md 1.6 [DERIVED] with Theorem 1

Run ``python proofs/csh2016-size__N8_M2_r2.py [--out FILE]``: builds the certificate through the public API
(``exactnet.theorems.registry``), re-verifies it with the independent checker
(``exactnet.checker``), prints the verdict, optionally writes the certificate JSON, and exits
non-zero if no valid certificate could be produced.
"""

from __future__ import annotations

import sys
from pathlib import Path

CHECK_ID = 'csh2016-size'
INSTANCE = 'N8_M2_r2'


def main(argv: list[str] | None = None) -> int:
    try:
        from exactnet.theorems.proof_script import run_proof
    except ImportError:  # running from a source checkout without installation
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        from exactnet.theorems.proof_script import run_proof
    return run_proof(CHECK_ID, INSTANCE, argv)


if __name__ == "__main__":
    raise SystemExit(main())
