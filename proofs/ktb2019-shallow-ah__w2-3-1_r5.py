"""Proof script: Shallow networks with one output: the expected dimension except the Alexander-Hirschowitz cases.

Check ``ktb2019-shallow-ah``, instance ``w2-3-1_r5`` (Alexander-Hirschowitz; predicted value: {'dimension': 6, 'fills': True}).

Claim: For d = (d_0, d_1, 1) the neurovariety is the d_1-th secant variety of the degree-r Veronese variety; its dimension is min(d_0 d_1, C(d_0 + r - 1, r)) except for r = 2, 2 <= d_1 <= d_0 - 1 (rank-d_1 quadrics, d_0 d_1 - C(d_1, 2)) and (d_0, r, d_1) in {(3,4,5), (4,4,9), (5,3,7), (5,4,14)} (one less). The lower bound is certified by a Jacobian minor; the upper bound of the four exceptional cases is the cited theorem.

Source: Alexander, Hirschowitz, Polynomial interpolation in several variables, J. Algebraic Geom. 4 (1995); Kileel, Trager, Bruna, On the expressive power of deep polynomial neural networks, NeurIPS 2019, arXiv 1905.12207, Section 3 (the shallow case)

Run ``python proofs/ktb2019-shallow-ah__w2-3-1_r5.py [--out FILE]``: builds the certificate through the public API
(``exactnet.theorems.registry``), re-verifies it with the independent checker
(``exactnet.checker``), prints the verdict, optionally writes the certificate JSON, and exits
non-zero if no valid certificate could be produced.
"""

from __future__ import annotations

import sys
from pathlib import Path

CHECK_ID = 'ktb2019-shallow-ah'
INSTANCE = 'w2-3-1_r5'


def main(argv: list[str] | None = None) -> int:
    try:
        from exactnet.theorems.proof_script import run_proof
    except ImportError:  # running from a source checkout without installation
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        from exactnet.theorems.proof_script import run_proof
    return run_proof(CHECK_ID, INSTANCE, argv)


if __name__ == "__main__":
    raise SystemExit(main())
