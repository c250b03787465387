"""Proof script: ReLU + max pooling: a shared deep net (widths M+1, 2, ...) has odd-even rank M^(N/2); shallow width forced.

Check ``cs2016-max-depth-efficiency``, instance ``N8_M2`` (theory.md section 6 row 19; predicted value: {'rank': 16, 'theory_shallow_width_needed': 2}).

Claim: The shared deep ReLU + max-pooling network with r_0 = M + 1, r_l = 2, F = I computes prod_k delta(d_2k, d_2k+1) (0-based), whose odd-even rank is M^(N/2); a shallow ReLU + max-pooling network has rank <= Z (1 + (M-1) N/2) (theory.md: Z (1 + M N/2)), so it needs Z >= ceil(R / that).

Source: theory.md 2.4 and 6 row 19 [DERIVED, computed]

Run ``python proofs/cs2016-max-depth-efficiency__N8_M2.py [--out FILE]``: builds the certificate through the public API
(``exactnet.theorems.registry``), re-verifies it with the independent checker
(``exactnet.checker``), prints the verdict, optionally writes the certificate JSON, and exits
non-zero if no valid certificate could be produced.
"""

from __future__ import annotations

import sys
from pathlib import Path

CHECK_ID = 'cs2016-max-depth-efficiency'
INSTANCE = 'N8_M2'


def main(argv: list[str] | None = None) -> int:
    try:
        from exactnet.theorems.proof_script import run_proof
    except ImportError:  # running from a source checkout without installation
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        from exactnet.theorems.proof_script import run_proof
    return run_proof(CHECK_ID, INSTANCE, argv)


if __name__ == "__main__":
    raise SystemExit(main())
