"""ICLR-2017 Theorem 1: lower min(r_0,M)^S and upper c^{l,k} bounds next to the certified generic rank

Claim
-----
For the quad-tree ConvAC (N=16, M=2), the Theorem-1 lower bound min(r_0, M)^S (S = split
windows) and the c^{l,k} recursion upper bound enclose the certified generic rank of the
matricization.

Source: Cohen & Shashua, "Inductive Bias of Deep Convolutional Networks through Pooling
Geometry", ICLR, 2017, arXiv:1605.06743, Theorem 1 (lower bound min(r_0, M)^S and the c^{l,k}
upper bound recursion).

Why the certificate proves it
-----------------------------
A generic-rank certificate: a witness minor for the lower bound, a span argument for the upper.
The certified rank entails both Theorem-1 bounds, which the check compares with it (lower <=
rank <= upper).

Instances (the value stated)
----------------------------
  N16_M2_r3-3_odd-even: c1_max=3, upper=243, generic_rank=81
  N16_M2_r2-2_odd-even: lower=16, generic_rank=16
  N16_M2_r2-2_low-high: upper=2, generic_rank=2

Run: python proofs/cs2017-thm1-bounds.py [--instance NAME] [--out DIR]
"""

from exactnet.claims import run_proof_file

if __name__ == "__main__":
    raise SystemExit(run_proof_file(__file__))
