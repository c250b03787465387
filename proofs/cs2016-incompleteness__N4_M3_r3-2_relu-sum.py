"""Proof script: Depth efficiency is not complete: an open box of deep weights gives the zero function.

Check ``cs2016-incompleteness``, instance ``N4_M3_r3-2_relu-sum`` (theory.md section 6 row 21; predicted value: True).

Claim: If every conv-layer-1 weight is negative (an open box, positive measure), every conv-1 output is <= 0 (its inputs are pooled ReLU outputs, >= 0), the next ReLU zeroes it and the network outputs 0, realized by a one-channel shallow network; verified by exact interval arithmetic over the whole box.

Source: Cohen & Shashua, ICML 2016 (abstract); theory.md 2.4 and 6 row 21 [DERIVED]

Run ``python proofs/cs2016-incompleteness__N4_M3_r3-2_relu-sum.py [--out FILE]``: builds the certificate through the public API
(``exactnet.theorems.registry``), re-verifies it with the independent checker
(``exactnet.checker``), prints the verdict, optionally writes the certificate JSON, and exits
non-zero if no valid certificate could be produced.
"""

from __future__ import annotations

import sys
from pathlib import Path

CHECK_ID = 'cs2016-incompleteness'
INSTANCE = 'N4_M3_r3-2_relu-sum'


def main(argv: list[str] | None = None) -> int:
    try:
        from exactnet.theorems.proof_script import run_proof
    except ImportError:  # running from a source checkout without installation
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        from exactnet.theorems.proof_script import run_proof
    return run_proof(CHECK_ID, INSTANCE, argv)


if __name__ == "__main__":
    raise SystemExit(main())
