"""Proof script: TT networks in HT format: the rank across a binary-tree node is r^2 (two bonds cut).

Check ``kno2018-tt-to-ht``, instance ``d8_n4_r2_block2-3`` (r^2 = 4; predicted value: 4).

Claim: For a generic tensor train with all ranks r and mode size n >= r, the matricization whose rows are the modes {2, 3} of one node of the balanced binary tree (d = 8) has generic rank r^2: a TT has HT ranks up to r^2 (the block is cut from the train at two bonds).

Source: Khrulkov, Novikov, Oseledets, ICLR 2018 (arXiv:1711.00811), comparison of HT- and TT-networks (HT ranks of a TT tensor)

Run ``python proofs/kno2018-tt-to-ht__d8_n4_r2_block2-3.py [--out FILE]``: builds the certificate through the public API
(``exactnet.theorems.registry``), re-verifies it with the independent checker
(``exactnet.checker``), prints the verdict, optionally writes the certificate JSON, and exits
non-zero if no valid certificate could be produced.
"""

from __future__ import annotations

import sys
from pathlib import Path

CHECK_ID = 'kno2018-tt-to-ht'
INSTANCE = 'd8_n4_r2_block2-3'


def main(argv: list[str] | None = None) -> int:
    try:
        from exactnet.theorems.proof_script import run_proof
    except ImportError:  # running from a source checkout without installation
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        from exactnet.theorems.proof_script import run_proof
    return run_proof(CHECK_ID, INSTANCE, argv)


if __name__ == "__main__":
    raise SystemExit(main())
