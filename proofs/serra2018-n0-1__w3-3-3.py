"""Proof script: n0 = 1: exact maxima, prod (n_l + 1) when every n_l >= 3 (Theorem 5), 3 + 2 n2 for widths (2, n2).

Check ``serra2018-n0-1``, instance ``w3-3-3`` (theory.md section 6 row 26; predicted value: 64).

Claim: For one input, an explicit network reaches the least applicable upper bound (Serra et al.'s Theorem 1 / Theorem 5, or the convex-path bound 3 + 2 n2 for widths (2, n2)), so that bound is the exact maximum.

Source: Serra, Tjandraatmadja, Ramalingam 2018, Theorems 1 and 5; theory.md 5.4 and 6 rows 24-27

Run ``python proofs/serra2018-n0-1__w3-3-3.py [--out FILE]``: builds the certificate through the public API
(``exactnet.theorems.registry``), re-verifies it with the independent checker
(``exactnet.checker``), prints the verdict, optionally writes the certificate JSON, and exits
non-zero if no valid certificate could be produced.
"""

from __future__ import annotations

import sys
from pathlib import Path

CHECK_ID = 'serra2018-n0-1'
INSTANCE = 'w3-3-3'


def main(argv: list[str] | None = None) -> int:
    try:
        from exactnet.theorems.proof_script import run_proof
    except ImportError:  # running from a source checkout without installation
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        from exactnet.theorems.proof_script import run_proof
    return run_proof(CHECK_ID, INSTANCE, argv)


if __name__ == "__main__":
    raise SystemExit(main())
