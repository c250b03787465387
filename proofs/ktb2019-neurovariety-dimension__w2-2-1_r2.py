"""Proof script: Neurovariety dimensions of polynomial networks, certified over Q (published values).

Check ``ktb2019-neurovariety-dimension``, instance ``w2-2-1_r2`` (published table; predicted value: {'dimension': 3, 'fills': True}).

Claim: The neurovariety of the architecture d with activation x -> x^r has the stated dimension (lower bound: a non-singular minor of the Jacobian of weights -> outputs at an integer point; upper bound: ambient dimension, parameters minus hidden widths, cuts at hidden layers, the quadric-output bound), and fills or not as stated.

Source: Kileel, Trager, Bruna, On the expressive power of deep polynomial neural networks, NeurIPS 2019, arXiv 1905.12207, Section 3 (dimension as the expressivity measure, the parameter-count bound); values from the data tables of Dao, Rodriguez, Minimal filling architectures of polynomial neural networks: counterexamples, frontier search, and defects, arXiv 2605.09609, 2026

Run ``python proofs/ktb2019-neurovariety-dimension__w2-2-1_r2.py [--out FILE]``: builds the certificate through the public API
(``exactnet.theorems.registry``), re-verifies it with the independent checker
(``exactnet.checker``), prints the verdict, optionally writes the certificate JSON, and exits
non-zero if no valid certificate could be produced.
"""

from __future__ import annotations

import sys
from pathlib import Path

CHECK_ID = 'ktb2019-neurovariety-dimension'
INSTANCE = 'w2-2-1_r2'


def main(argv: list[str] | None = None) -> int:
    try:
        from exactnet.theorems.proof_script import run_proof
    except ImportError:  # running from a source checkout without installation
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        from exactnet.theorems.proof_script import run_proof
    return run_proof(CHECK_ID, INSTANCE, argv)


if __name__ == "__main__":
    raise SystemExit(main())
