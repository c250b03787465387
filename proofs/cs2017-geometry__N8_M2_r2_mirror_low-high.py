"""Proof script: Pooling geometry: contiguous vs mirror binary trees (N=8, M=2, r=2): which partitions get high rank.

Check ``cs2017-geometry``, instance ``N8_M2_r2_mirror_low-high`` (theory.md section 5.1: mirror pooling favours symmetric partitions (Theorem 1: S = N/2 split windows, lower bound 2^4 = M^(N/2)); predicted value: 16).

Claim: With contiguous pooling the low/high partition has generic rank r_top = 2 and odd/even the maximum 16; with mirror pooling (mode i pooled with N-1-i first) low/high gets the maximum 16 and the symmetric outer/inner partition (rows {0,1,6,7}) only 2.

Source: Cohen, Shashua, ICLR 2017, section 6 (pooling geometry) and Theorem 1; theory.md 5.1

Run ``python proofs/cs2017-geometry__N8_M2_r2_mirror_low-high.py [--out FILE]``: builds the certificate through the public API
(``exactnet.theorems.registry``), re-verifies it with the independent checker
(``exactnet.checker``), prints the verdict, optionally writes the certificate JSON, and exits
non-zero if no valid certificate could be produced.
"""

from __future__ import annotations

import sys
from pathlib import Path

CHECK_ID = 'cs2017-geometry'
INSTANCE = 'N8_M2_r2_mirror_low-high'


def main(argv: list[str] | None = None) -> int:
    try:
        from exactnet.theorems.proof_script import run_proof
    except ImportError:  # running from a source checkout without installation
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        from exactnet.theorems.proof_script import run_proof
    return run_proof(CHECK_ID, INSTANCE, argv)


if __name__ == "__main__":
    raise SystemExit(main())
