"""Proof script: ReLU + max pooling is universal: explicit networks realize any target grid tensor exactly.

Check ``cs2016-universality``, instance ``deep_N4_M2_mixed_binary`` (theory.md section 2.3; predicted value: True).

Claim: For every rational target grid tensor there is a shallow (and a deep, over any tree) ReLU + max-pooling network realizing it exactly: the all-ones term minus one mismatch term per non-zero entry (width nnz + 1 <= M^N + 1); with an invertible F the first-layer weights solve F a = v exactly.

Source: Cohen & Shashua, ICML 2016 (abstract); theory.md 2.3 [DERIVED]

Run ``python proofs/cs2016-universality__deep_N4_M2_mixed_binary.py [--out FILE]``: builds the certificate through the public API
(``exactnet.theorems.registry``), re-verifies it with the independent checker
(``exactnet.checker``), prints the verdict, optionally writes the certificate JSON, and exits
non-zero if no valid certificate could be produced.
"""

from __future__ import annotations

import sys
from pathlib import Path

CHECK_ID = 'cs2016-universality'
INSTANCE = 'deep_N4_M2_mixed_binary'


def main(argv: list[str] | None = None) -> int:
    try:
        from exactnet.theorems.proof_script import run_proof
    except ImportError:  # running from a source checkout without installation
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        from exactnet.theorems.proof_script import run_proof
    return run_proof(CHECK_ID, INSTANCE, argv)


if __name__ == "__main__":
    raise SystemExit(main())
