"""The conjecture that minimal filling architectures have unimodal hidden widths

Claim
-----
Conjecture (fixing d_0, d_h, r and the depth): every minimal filling architecture has unimodal
hidden widths. Each instance certifies a minimal filling architecture; the conjecture predicts
unimodal widths, so a certified non-unimodal one refutes it.

Source: Kileel, Trager & Bruna, "On the Expressive Power of Deep Polynomial Neural Networks",
NeurIPS, 2019, arXiv:1905.12207, the conjecture that minimal filling architectures have unimodal
widths.

Why the certificate proves it
-----------------------------
Each instance certifies a minimal filling architecture (as in dr2026-minimal-filling); the check
reads its widths, so a certified non-unimodal one is a counterexample.

Instances (the value stated)
----------------------------
  w2-3-3-3-2-1_r2: minimal=True, unimodal=True
  w2-3-4-5-4-6-4-1_r2: minimal=True, unimodal=True   [contradicts-published]
  w2-3-7-6-15-8-1_r3: minimal=True, unimodal=True   [contradicts-published]

Run: python proofs/ktb2019-unimodal-conjecture.py [--instance NAME] [--out DIR]
"""

from exactnet.claims import run_proof_file

if __name__ == "__main__":
    raise SystemExit(run_proof_file(__file__))
