"""Proof script: The folding construction on R^2: exact 2-D region counts reach Theorem 4 and beat one wide layer.

Check ``montufar2014-folding-n0-2``, instance ``w4-4`` (theory.md section 3.3 Theorem 4 formula with n0 = 2; predicted value: {'theorem4': 44, 'reaches_theorem4': True}).

Claim: With n0 = 2 inputs, Montufar et al.'s folding construction (each coordinate folded by its own group of units, per-layer rescaling, a last layer of lines in general position) has at least Theorem 4's prod floor(n_i/n0)^n0 * sum_{j<=n0} C(n_L, j) activation regions, counted exactly by 2-D polygon splitting; with widths (4, 4, 4) that exceeds the Zaslavsky maximum of one layer with 12 units.

Source: Montufar, Pascanu, Cho, Bengio 2014, Theorem 4 and Corollary 5; theory.md 3.2-3.3 and 6 row 30

Run ``python proofs/montufar2014-folding-n0-2__w4-4.py [--out FILE]``: builds the certificate through the public API
(``exactnet.theorems.registry``), re-verifies it with the independent checker
(``exactnet.checker``), prints the verdict, optionally writes the certificate JSON, and exits
non-zero if no valid certificate could be produced.
"""

from __future__ import annotations

import sys
from pathlib import Path

CHECK_ID = 'montufar2014-folding-n0-2'
INSTANCE = 'w4-4'


def main(argv: list[str] | None = None) -> int:
    try:
        from exactnet.theorems.proof_script import run_proof
    except ImportError:  # running from a source checkout without installation
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        from exactnet.theorems.proof_script import run_proof
    return run_proof(CHECK_ID, INSTANCE, argv)


if __name__ == "__main__":
    raise SystemExit(main())
