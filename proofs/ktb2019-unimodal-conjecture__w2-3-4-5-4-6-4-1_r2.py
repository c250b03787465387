"""Proof script: The conjecture that minimal filling architectures have unimodal hidden widths.

Check ``ktb2019-unimodal-conjecture``, instance ``w2-3-4-5-4-6-4-1_r2`` (conjecture; predicted value: {'minimal': True, 'unimodal': True}).

Claim: Conjecture (fixing d_0, d_h, r and the depth): every minimal filling architecture has unimodal hidden widths. Each instance certifies a minimal filling architecture; the conjecture predicts unimodal widths, so a certified non-unimodal one refutes it.

Source: Kileel, Trager, Bruna, On the expressive power of deep polynomial neural networks, NeurIPS 2019, arXiv 1905.12207, the unimodality conjecture (Conjecture 12 as numbered in Dao, Rodriguez, Minimal filling architectures of polynomial neural networks: counterexamples, frontier search, and defects, arXiv 2605.09609, 2026, which refutes it)

Run ``python proofs/ktb2019-unimodal-conjecture__w2-3-4-5-4-6-4-1_r2.py [--out FILE]``: builds the certificate through the public API
(``exactnet.theorems.registry``), re-verifies it with the independent checker
(``exactnet.checker``), prints the verdict, optionally writes the certificate JSON, and exits
non-zero if no valid certificate could be produced.
"""

from __future__ import annotations

import sys
from pathlib import Path

CHECK_ID = 'ktb2019-unimodal-conjecture'
INSTANCE = 'w2-3-4-5-4-6-4-1_r2'


def main(argv: list[str] | None = None) -> int:
    try:
        from exactnet.theorems.proof_script import run_proof
    except ImportError:  # running from a source checkout without installation
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        from exactnet.theorems.proof_script import run_proof
    return run_proof(CHECK_ID, INSTANCE, argv)


if __name__ == "__main__":
    raise SystemExit(main())
