"""Proof script: ReLU + average pooling is not universal: realizable iff a sum of functions of the root's blocks.

Check ``cs2016-average-pooling``, instance ``search_N4_M2_binary`` (theory.md section 2.3 (minimal counterexample by search, deep over the binary tree); predicted value: False).

Claim: With g(a, b) = max(a, 0) + max(b, 0) every grid tensor (any width, any depth) is sum_c B_c(d restricted to block c) over the children c of the root (shallow: one block per mode), and every such sum is realized; a rational functional vanishing on that span and not on the target proves non-realizability.

Source: Cohen & Shashua, ICML 2016 (abstract); theory.md 2.3 and 6 row 20 [DERIVED]

Run ``python proofs/cs2016-average-pooling__search_N4_M2_binary.py [--out FILE]``: builds the certificate through the public API
(``exactnet.theorems.registry``), re-verifies it with the independent checker
(``exactnet.checker``), prints the verdict, optionally writes the certificate JSON, and exits
non-zero if no valid certificate could be produced.
"""

from __future__ import annotations

import sys
from pathlib import Path

CHECK_ID = 'cs2016-average-pooling'
INSTANCE = 'search_N4_M2_binary'


def main(argv: list[str] | None = None) -> int:
    try:
        from exactnet.theorems.proof_script import run_proof
    except ImportError:  # running from a source checkout without installation
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        from exactnet.theorems.proof_script import run_proof
    return run_proof(CHECK_ID, INSTANCE, argv)


if __name__ == "__main__":
    raise SystemExit(main())
