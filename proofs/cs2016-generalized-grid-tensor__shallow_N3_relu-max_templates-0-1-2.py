"""Proof script: Grid tensor of a rectifier network = its generalized CP / HT decomposition with F (checker re-evaluates).

Check ``cs2016-generalized-grid-tensor``, instance ``shallow_N3_relu-max_templates-0-1-2`` (theory.md section 2.2).

Claim: The grid tensor h(x^(d_0), ..., x^(d_N-1)) of a ReLU network with max / average pooling equals the generalized CP (shallow) or HT (deep, any tree) decomposition of the first-layer outputs F a, with g the activation-pooling operator; the independent checker re-evaluates the network on every template tuple.

Source: Cohen & Shashua, ICML 2016; theory.md 2.1-2.2 [RECALLED, definitions]

Run ``python proofs/cs2016-generalized-grid-tensor__shallow_N3_relu-max_templates-0-1-2.py [--out FILE]``: builds the certificate through the public API
(``exactnet.theorems.registry``), re-verifies it with the independent checker
(``exactnet.checker``), prints the verdict, optionally writes the certificate JSON, and exits
non-zero if no valid certificate could be produced.
"""

from __future__ import annotations

import sys
from pathlib import Path

CHECK_ID = 'cs2016-generalized-grid-tensor'
INSTANCE = 'shallow_N3_relu-max_templates-0-1-2'


def main(argv: list[str] | None = None) -> int:
    try:
        from exactnet.theorems.proof_script import run_proof
    except ImportError:  # running from a source checkout without installation
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        from exactnet.theorems.proof_script import run_proof
    return run_proof(CHECK_ID, INSTANCE, argv)


if __name__ == "__main__":
    raise SystemExit(main())
