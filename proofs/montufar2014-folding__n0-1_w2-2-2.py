"""Proof script: The folding construction (n0 = 1): exact region counts vs Theorem 4's lower bound.

Check ``montufar2014-folding``, instance ``n0-1_w2-2-2`` (theory.md section 3.3 table / 6 row 28; predicted value: {'regions': 14, 'theorem4': 12}).

Claim: Montufar et al.'s folding construction with per-layer rescaling has the stated exact number of activation regions on R, at least Theorem 4's bound prod floor(n_i/n0)^n0 * sum_j C(n_L, j); without the rescaling, widths (2,2,2) fall short of it.

Source: Montufar, Pascanu, Cho, Bengio 2014, Theorem 4 and its construction; theory.md 3.3 and 6 rows 24, 28

Run ``python proofs/montufar2014-folding__n0-1_w2-2-2.py [--out FILE]``: builds the certificate through the public API
(``exactnet.theorems.registry``), re-verifies it with the independent checker
(``exactnet.checker``), prints the verdict, optionally writes the certificate JSON, and exits
non-zero if no valid certificate could be produced.
"""

from __future__ import annotations

import sys
from pathlib import Path

CHECK_ID = 'montufar2014-folding'
INSTANCE = 'n0-1_w2-2-2'


def main(argv: list[str] | None = None) -> int:
    try:
        from exactnet.theorems.proof_script import run_proof
    except ImportError:  # running from a source checkout without installation
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        from exactnet.theorems.proof_script import run_proof
    return run_proof(CHECK_ID, INSTANCE, argv)


if __name__ == "__main__":
    raise SystemExit(main())
