"""Proof script: ReLU representation functions on distinct templates give an invertible F (t = (0,1,2), eps = 1/2: det 1/8).

Check ``cs2016-relu-templates``, instance ``M3_t0-1-2_eps1-2`` (theory.md section 6 row 22; predicted value: {'det': '1/8', 'F': [['1/2', '0', '0'], ['3/2', '1/2', '0'], ['5/2', '3/2', '1/2']]}).

Claim: f_d(x) = max(x - t_d + eps, 0) with 0 < eps < min gap gives a lower-triangular F with eps on the diagonal, det F = eps^M != 0; for t = (0, 1, 2), eps = 1/2: F = [[1/2,0,0],[3/2,1/2,0],[5/2,3/2,1/2]], det 1/8.

Source: theory.md 2.2 and 6 row 22 [DERIVED]

Run ``python proofs/cs2016-relu-templates__M3_t0-1-2_eps1-2.py [--out FILE]``: builds the certificate through the public API
(``exactnet.theorems.registry``), re-verifies it with the independent checker
(``exactnet.checker``), prints the verdict, optionally writes the certificate JSON, and exits
non-zero if no valid certificate could be produced.
"""

from __future__ import annotations

import sys
from pathlib import Path

CHECK_ID = 'cs2016-relu-templates'
INSTANCE = 'M3_t0-1-2_eps1-2'


def main(argv: list[str] | None = None) -> int:
    try:
        from exactnet.theorems.proof_script import run_proof
    except ImportError:  # running from a source checkout without installation
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        from exactnet.theorems.proof_script import run_proof
    return run_proof(CHECK_ID, INSTANCE, argv)


if __name__ == "__main__":
    raise SystemExit(main())
