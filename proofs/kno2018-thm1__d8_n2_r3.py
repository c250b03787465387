"""Proof script: TT networks: generic CP rank >= min(n, r)^(d/2) (even d), from the certified odd-even rank.

Check ``kno2018-thm1``, instance ``d8_n2_r3`` (Theorem 1, d=8, q=min(n,r)=2; predicted value: 16).

Claim: For even d, a generic tensor train with all ranks r and mode size n has CP rank >= min(n, r)^(d/2): the generic rank of its odd-even matricization is certified to equal min(n, r)^(d/2) when n <= r.

Source: Khrulkov, Novikov, Oseledets, ICLR 2018 (arXiv:1711.00811), Theorem 1 (reproduced for n <= r)

Run ``python proofs/kno2018-thm1__d8_n2_r3.py [--out FILE]``: builds the certificate through the public API
(``exactnet.theorems.registry``), re-verifies it with the independent checker
(``exactnet.checker``), prints the verdict, optionally writes the certificate JSON, and exits
non-zero if no valid certificate could be produced.
"""

from __future__ import annotations

import sys
from pathlib import Path

CHECK_ID = 'kno2018-thm1'
INSTANCE = 'd8_n2_r3'


def main(argv: list[str] | None = None) -> int:
    try:
        from exactnet.theorems.proof_script import run_proof
    except ImportError:  # running from a source checkout without installation
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        from exactnet.theorems.proof_script import run_proof
    return run_proof(CHECK_ID, INSTANCE, argv)


if __name__ == "__main__":
    raise SystemExit(main())
