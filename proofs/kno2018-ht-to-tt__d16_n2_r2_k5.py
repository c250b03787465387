"""Proof script: HT networks in TT format: TT-unfolding rank r^ceil(log2(d)/2), so r^(log2(d)/2) needs a ceiling.

Check ``kno2018-ht-to-tt``, instance ``d16_n2_r2_k5`` (r^(log2(d)/2) = 2^2; predicted value: 4).

Claim: For the deep ConvAC (hierarchical Tucker with product pooling) over the balanced binary tree with all widths r, the generic rank of the contiguous unfolding at k = 3 (d = 8) or k = 5 (d = 16) is r^ceil(log2(d)/2).  For d = 8 this is r^2, above r^(log2(8)/2) = r^1.5: a TT-rank bound r^(log2(d)/2) as printed needs a ceiling when log2 d is odd (the expected value of the d = 8 instance is the largest integer <= 2^1.5).

Source: Khrulkov, Novikov, Oseledets, ICLR 2018 (arXiv:1711.00811), comparison of HT- and TT-networks (TT ranks of an HT tensor)

Run ``python proofs/kno2018-ht-to-tt__d16_n2_r2_k5.py [--out FILE]``: builds the certificate through the public API
(``exactnet.theorems.registry``), re-verifies it with the independent checker
(``exactnet.checker``), prints the verdict, optionally writes the certificate JSON, and exits
non-zero if no valid certificate could be produced.
"""

from __future__ import annotations

import sys
from pathlib import Path

CHECK_ID = 'kno2018-ht-to-tt'
INSTANCE = 'd16_n2_r2_k5'


def main(argv: list[str] | None = None) -> int:
    try:
        from exactnet.theorems.proof_script import run_proof
    except ImportError:  # running from a source checkout without installation
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        from exactnet.theorems.proof_script import run_proof
    return run_proof(CHECK_ID, INSTANCE, argv)


if __name__ == "__main__":
    raise SystemExit(main())
