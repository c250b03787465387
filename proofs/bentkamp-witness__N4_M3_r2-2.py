"""Proof script: Bentkamp's witness: A*[d] = prod_k [d_2k = d_2k+1 < r_0], rank min(r_0,M)^(N/2).

Check ``bentkamp-witness``, instance ``N4_M3_r2-2`` (theory.md section 6 row 4; predicted value: 4).

Claim: The witness (layer 0 identity, layer 1 all-ones, copy-first above) has the stated coefficient tensor and odd-even rank min(r_0, M)^(N/2).

Source: Bentkamp, Isabelle AFP Deep_Learning, lemma witness_tensor; theory.md 1.3 item 5 and 6 row 4

Run ``python proofs/bentkamp-witness__N4_M3_r2-2.py [--out FILE]``: builds the certificate through the public API
(``exactnet.theorems.registry``), re-verifies it with the independent checker
(``exactnet.checker``), prints the verdict, optionally writes the certificate JSON, and exits
non-zero if no valid certificate could be produced.
"""

from __future__ import annotations

import sys
from pathlib import Path

CHECK_ID = 'bentkamp-witness'
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
