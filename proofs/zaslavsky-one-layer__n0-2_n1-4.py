"""Proof script: One hidden layer: the maximum is sum_{j<=n0} C(n1, j), reached in general position.

Check ``zaslavsky-one-layer``, instance ``n0-2_n1-4`` (theory.md section 6 row 23; predicted value: 11).

Claim: n1 ReLUs on R^n0 have at most sum_{j=0}^{n0} C(n1, j) activation regions (Zaslavsky), and a layer whose hyperplanes are in general position reaches it: the maximum is exactly that number.

Source: Zaslavsky 1975, as restated by Serra et al. 2018 section 3.1; theory.md 3.2 and 6 row 23

Run ``python proofs/zaslavsky-one-layer__n0-2_n1-4.py [--out FILE]``: builds the certificate through the public API
(``exactnet.theorems.registry``), re-verifies it with the independent checker
(``exactnet.checker``), prints the verdict, optionally writes the certificate JSON, and exits
non-zero if no valid certificate could be produced.
"""

from __future__ import annotations

import sys
from pathlib import Path

CHECK_ID = 'zaslavsky-one-layer'
INSTANCE = 'n0-2_n1-4'


def main(argv: list[str] | None = None) -> int:
    try:
        from exactnet.theorems.proof_script import run_proof
    except ImportError:  # running from a source checkout without installation
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        from exactnet.theorems.proof_script import run_proof
    return run_proof(CHECK_ID, INSTANCE, argv)


if __name__ == "__main__":
    raise SystemExit(main())
