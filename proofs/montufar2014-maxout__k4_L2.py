"""Proof script: Width-1 maxout on R: the maximum is 1 + (k-1)(2^L - 1); Theorem 8's k^(L+n0-1) fails for k >= 3.

Check ``montufar2014-maxout``, instance ``k4_L2`` (theory.md section 3.4 (k=4, L=2: 10 < 16); predicted value: 10).

Claim: A width-1, depth-L, rank-k maxout network on R has at most 1 + (k-1)(2^L - 1) regions (convexity: the preimage of a point at most doubles per layer) and explicit weights reach it, so that is the maximum: 2^L for k = 2 (= Theorem 8's k^(L+n0-1)), but 7 < 9 for k = 3, L = 2 (Theorem 8 as quoted is refuted for n0 = 1, k >= 3).

Source: Montufar et al. 2014, Theorem 8 (quoted, theory.md 3.4); theory.md 6 rows 32-33

Run ``python proofs/montufar2014-maxout__k4_L2.py [--out FILE]``: builds the certificate through the public API
(``exactnet.theorems.registry``), re-verifies it with the independent checker
(``exactnet.checker``), prints the verdict, optionally writes the certificate JSON, and exits
non-zero if no valid certificate could be produced.
"""

from __future__ import annotations

import sys
from pathlib import Path

CHECK_ID = 'montufar2014-maxout'
INSTANCE = 'k4_L2'


def main(argv: list[str] | None = None) -> int:
    try:
        from exactnet.theorems.proof_script import run_proof
    except ImportError:  # running from a source checkout without installation
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        from exactnet.theorems.proof_script import run_proof
    return run_proof(CHECK_ID, INSTANCE, argv)


if __name__ == "__main__":
    raise SystemExit(main())
