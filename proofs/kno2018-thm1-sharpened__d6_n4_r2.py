"""Proof script: TT networks with n > r: the odd-even rank is n^(d/2-1) r, above the published min(n, r)^(d/2).

Check ``kno2018-thm1-sharpened``, instance ``d6_n4_r2`` (n^(d/2-1) r = 32; Theorem 1 gives 8; predicted value: 32).

Claim: For even d and n > r, the generic odd-even matricization rank of a tensor train with all ranks r is n^(d/2-1) * r (the minimum cut of the train), so the generic CP rank is >= n^(d/2-1) r: the published bound min(n, r)^(d/2) = r^(d/2) holds but is not tight.

Source: Khrulkov, Novikov, Oseledets, ICLR 2018 (arXiv:1711.00811), Theorem 1 (sharpened for n > r)

Run ``python proofs/kno2018-thm1-sharpened__d6_n4_r2.py [--out FILE]``: builds the certificate through the public API
(``exactnet.theorems.registry``), re-verifies it with the independent checker
(``exactnet.checker``), prints the verdict, optionally writes the certificate JSON, and exits
non-zero if no valid certificate could be produced.
"""

from __future__ import annotations

import sys
from pathlib import Path

CHECK_ID = 'kno2018-thm1-sharpened'
INSTANCE = 'd6_n4_r2'


def main(argv: list[str] | None = None) -> int:
    try:
        from exactnet.theorems.proof_script import run_proof
    except ImportError:  # running from a source checkout without installation
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        from exactnet.theorems.proof_script import run_proof
    return run_proof(CHECK_ID, INSTANCE, argv)


if __name__ == "__main__":
    raise SystemExit(main())
