"""Proof script: Shallow ReLU + max pooling: per-term rank bound; the exact maximum per term is 1 + (M-1) N/2.

Check ``cs2016-max-shallow-bound``, instance ``N4_M3_term-max`` (theory.md section 2.4 (observed maximum with random vectors: 3); predicted value: 3).

Claim: A shallow ReLU + max-pooling term has odd-even rank <= 1 + (M-1) N/2 <= 1 + M N/2 (theory.md's bound), and interleaved witness vectors reach 1 + (M-1) N/2: the maximum is larger than the maxima theory.md observed with random vectors.

Source: theory.md 2.4 and 6 row 17 [DERIVED]

Run ``python proofs/cs2016-max-shallow-bound__N4_M3_term-max.py [--out FILE]``: builds the certificate through the public API
(``exactnet.theorems.registry``), re-verifies it with the independent checker
(``exactnet.checker``), prints the verdict, optionally writes the certificate JSON, and exits
non-zero if no valid certificate could be produced.
"""

from __future__ import annotations

import sys
from pathlib import Path

CHECK_ID = 'cs2016-max-shallow-bound'
INSTANCE = 'N4_M3_term-max'


def main(argv: list[str] | None = None) -> int:
    try:
        from exactnet.theorems.proof_script import run_proof
    except ImportError:  # running from a source checkout without installation
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        from exactnet.theorems.proof_script import run_proof
    return run_proof(CHECK_ID, INSTANCE, argv)


if __name__ == "__main__":
    raise SystemExit(main())
