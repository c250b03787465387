"""Low/high partition: generic rank min{r_0, r_1, M^2} (N=4), bounded by r_top

Claim
-----
For almost every weight setting of a binary-tree deep ConvAC, the low/high matricization (rows
0..N/2-1) has the rank given by the span recursion (N=4: min{r_0, r_1, M^2}; always <= r_top).

Source: derived here, building on Cohen, Sharir & Shashua, "On the Expressive Power of Deep
Learning: A Tensor Analysis", COLT, 2016, arXiv:1509.05009, the low/high partition.

Derivation
----------
The low/high matricization of the top node is sum over alpha <= r_top of a_alpha
vec(phi_left,alpha) vec(phi_right,alpha)^T, so its rank is at most r_top; recursively, the span
of each node's tensors has dimension at most min(r_l, product of its children's spans), which
for N = 4 gives min(r_0, r_1, M^2). A witness weight setting reaching that value proves it is
the generic rank.

Why the certificate proves it
-----------------------------
A generic-rank certificate: a witness minor for the lower bound, a span argument for the upper.

Instances (the value stated)
----------------------------
  N4_M3_r2-2: 2
  N4_M3_r3-5: 3
  N4_M3_r4-5: 4
  N4_M3_r9-4: 4
  N4_M3_r9-9: 9
  N8_M2_r2-2-2: 2
  N8_M2_r2-1-1: 1

Run: python proofs/csh2016-low-high.py [--instance NAME] [--out DIR]
"""

from exactnet.claims import run_proof_file

if __name__ == "__main__":
    raise SystemExit(run_proof_file(__file__))
