"""Proof script: TT networks with odd d: matricizations certify min(n, r)^floor(d/2) (a floor, not d/2).

Check ``kno2018-thm1-odd-d``, instance ``d7_n3_r3`` (floor(7/2) = 3; predicted value: 27).

Claim: Theorem 1 is stated for even d.  For odd d and n <= r the generic odd-even rank is min(n, r)^floor(d/2); no matricization can certify more, since one side of every partition has at most floor(d/2) modes (rank <= n^floor(d/2)).  So the exponent d/2 takes a floor for odd d.

Source: Khrulkov, Novikov, Oseledets, ICLR 2018 (arXiv:1711.00811), Theorem 1 (odd d)

Run ``python proofs/kno2018-thm1-odd-d__d7_n3_r3.py [--out FILE]``: builds the certificate through the public API
(``exactnet.theorems.registry``), re-verifies it with the independent checker
(``exactnet.checker``), prints the verdict, optionally writes the certificate JSON, and exits
non-zero if no valid certificate could be produced.
"""

from __future__ import annotations

import sys
from pathlib import Path

CHECK_ID = 'kno2018-thm1-odd-d'
INSTANCE = 'd7_n3_r3'


def main(argv: list[str] | None = None) -> int:
    try:
        from exactnet.theorems.proof_script import run_proof
    except ImportError:  # running from a source checkout without installation
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        from exactnet.theorems.proof_script import run_proof
    return run_proof(CHECK_ID, INSTANCE, argv)


if __name__ == "__main__":
    raise SystemExit(main())
