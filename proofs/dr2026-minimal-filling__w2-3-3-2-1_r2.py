"""Proof script: Minimal filling architectures, certified: the architecture fills and every one-smaller neighbour does not.

Check ``dr2026-minimal-filling``, instance ``w2-3-3-2-1_r2`` (published table; predicted value: {'minimal': True, 'unimodal': True}).

Claim: The architecture fills (a Jacobian minor of full ambient size) and lowering any one hidden width by one gives an architecture whose proved upper bound is below its ambient dimension; filling is monotone in the widths, so no component-wise smaller architecture fills. Unimodality of the hidden widths is as stated.

Source: Dao, Rodriguez, Minimal filling architectures of polynomial neural networks: counterexamples, frontier search, and defects, arXiv 2605.09609, 2026, the minimal filling architectures and counterexamples of its tables (d_0 = 2, d_h = 1)

Run ``python proofs/dr2026-minimal-filling__w2-3-3-2-1_r2.py [--out FILE]``: builds the certificate through the public API
(``exactnet.theorems.registry``), re-verifies it with the independent checker
(``exactnet.checker``), prints the verdict, optionally writes the certificate JSON, and exits
non-zero if no valid certificate could be produced.
"""

from __future__ import annotations

import sys
from pathlib import Path

CHECK_ID = 'dr2026-minimal-filling'
INSTANCE = 'w2-3-3-2-1_r2'


def main(argv: list[str] | None = None) -> int:
    try:
        from exactnet.theorems.proof_script import run_proof
    except ImportError:  # running from a source checkout without installation
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        from exactnet.theorems.proof_script import run_proof
    return run_proof(CHECK_ID, INSTANCE, argv)


if __name__ == "__main__":
    raise SystemExit(main())
