"""Proof script: Shared shallow ConvACs are not universal: e_0 (x) e_1 is not symmetric.

Check ``csh2016-shared-shallow``, instance ``N2_M2`` (theory.md section 1.5; predicted value: True).

Claim: Every shared shallow ConvAC has a symmetric coefficient tensor sum_z a_z (x)^N a^z, so the non-symmetric A = e_0 (x) e_1 (N = 2) is realized by no shared shallow ConvAC of any width.

Source: Cohen, Shashua, ICLR 2017 notes 2 and 7; theory.md 1.5 [DERIVED]

Run ``python proofs/csh2016-shared-shallow__N2_M2.py [--out FILE]``: builds the certificate through the public API
(``exactnet.theorems.registry``), re-verifies it with the independent checker
(``exactnet.checker``), prints the verdict, optionally writes the certificate JSON, and exits
non-zero if no valid certificate could be produced.
"""

from __future__ import annotations

import sys
from pathlib import Path

CHECK_ID = 'csh2016-shared-shallow'
INSTANCE = 'N2_M2'


def main(argv: list[str] | None = None) -> int:
    try:
        from exactnet.theorems.proof_script import run_proof
    except ImportError:  # running from a source checkout without installation
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        from exactnet.theorems.proof_script import run_proof
    return run_proof(CHECK_ID, INSTANCE, argv)


if __name__ == "__main__":
    raise SystemExit(main())
