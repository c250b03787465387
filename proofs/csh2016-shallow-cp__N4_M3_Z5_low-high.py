"""Proof script: Shallow ConvAC: rank of every matricization <= Z (and = Z generically).

Check ``csh2016-shallow-cp``, instance ``N4_M3_Z5_low-high`` (theory.md section 6 row 6; predicted value: 5).

Claim: rank [A]_{I,J} <= CP-rank(A) <= Z for a shallow ConvAC with Z channels, any partition, any weights; a random integer network reaches Z (exact rank by core.linalg).

Source: Khrulkov et al. Lemma 1 / Isabelle matrix_rank_le_cp_rank; theory.md 0.3 and 6 row 6

Run ``python proofs/csh2016-shallow-cp__N4_M3_Z5_low-high.py [--out FILE]``: builds the certificate through the public API
(``exactnet.theorems.registry``), re-verifies it with the independent checker
(``exactnet.checker``), prints the verdict, optionally writes the certificate JSON, and exits
non-zero if no valid certificate could be produced.
"""

from __future__ import annotations

import sys
from pathlib import Path

CHECK_ID = 'csh2016-shallow-cp'
INSTANCE = 'N4_M3_Z5_low-high'


def main(argv: list[str] | None = None) -> int:
    try:
        from exactnet.theorems.proof_script import run_proof
    except ImportError:  # running from a source checkout without installation
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        from exactnet.theorems.proof_script import run_proof
    return run_proof(CHECK_ID, INSTANCE, argv)


if __name__ == "__main__":
    raise SystemExit(main())
