"""Depth efficiency (Theorem 1): generic odd-even rank min(r0,M)^(N/2); shallow nets need Z >= it

Claim
-----
For almost every weight setting (shared or unshared) of a binary-tree deep ConvAC, the odd-even
matricization has rank min(r_0, M)^(N/2) exactly; hence a shallow ConvAC computing the same
function needs Z >= min(r_0, M)^(N/2).

Source: Cohen, Sharir & Shashua, "On the Expressive Power of Deep Learning: A Tensor Analysis",
COLT, 2016, arXiv:1509.05009, Theorem 1 (machine-checked by Bentkamp, Blanchette & Klakow 2019).

Why the certificate proves it
-----------------------------
A generic-rank certificate: a witness minor for the lower bound, a span argument for the upper.
Here the witness is Bentkamp's (identity, all-ones, copy-first) and the upper bound is that
every mode's vectors span at most min(r_0, M) dimensions. Since rank <= CP-rank <= Z for a
shallow network, the shallow width bound follows.

Instances (the value stated)
----------------------------
  N4_M2_r2-1_unshared: 4
  N4_M2_r2-1_shared: 4
  N4_M3_r2-2_unshared: 4
  N4_M3_r2-2_shared: 4
  N8_M2_r2-1-1_unshared: 16
  N8_M2_r2-1-1_shared: 16
  N8_M3_r3-3-3_unshared: 81
  N8_M3_r3-3-3_shared: 81

Run: python proofs/csh2016-thm1.py [--instance NAME] [--out DIR]
"""

from exactnet.claims import run_proof_file

if __name__ == "__main__":
    raise SystemExit(run_proof_file(__file__))
