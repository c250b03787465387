"""Depth L vs depth L_c: generic rank for odd/even blocks of 2^(Lc-1) modes

Claim
-----
For almost every weight setting of a binary deep ConvAC, the matricization with rows = the
odd-numbered blocks of 2^(Lc-1) consecutive modes has rank D^(N/2^Lc) (D_0 = min(r_0, M), D_l =
min(r_l, r_{l-1}, D_{l-1}^2)); a depth-Lc ConvAC pooling those blocks needs r'_{Lc-1} >= it.

Source: Cohen, Sharir & Shashua, "On the Expressive Power of Deep Learning: A Tensor Analysis",
COLT, 2016, arXiv:1509.05009, generalization of Theorem 1 from deep vs shallow to depth L vs
depth L_c.

Why the certificate proves it
-----------------------------
A generic-rank certificate: a witness minor for the lower bound, a span argument for the upper.
The span recursion D_0 = min(r_0, M), D_l = min(r_l, r_{l-1}, D_{l-1}^2) bounds each block's
span; the certified rank D^(N/2^Lc) is at least min(r_0, M)^(N/2^Lc), the published form of the
lower bound, and strictly above it once Lc >= 3.

Instances (the value stated)
----------------------------
  N8_M2_Lc2_r2-4-4: 4
  N8_M2_Lc2_r4-2-4: 4
  N8_M2_Lc2_r4-3-4: 9
  N8_M2_Lc2_r4-4-4: 16
  N8_M2_Lc3_r2-4-4: 2   [sharper-than-published]
  N16_M2_Lc3_r2-4-4-4: 4   [sharper-than-published]

Run: python proofs/csh2016-depth-lc.py [--instance NAME] [--out DIR]
"""

from exactnet.claims import run_proof_file

if __name__ == "__main__":
    raise SystemExit(run_proof_file(__file__))
