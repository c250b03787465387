"""Quad-tree ConvAC (windows of 4), N=16, M=2: generic ranks, unshared vs shared

Claim
-----
For almost every weight setting of the quad-tree deep ConvAC (N=16, M=2), the odd-even and
low/high matricizations have the ranks given by the span recursion; with shared weights the
level-1 row spaces lie in Sym^2, of dimension M(M+1)/2 = 3, so r_0 = r_1 = 4 gives 3^4 = 81
instead of 256.

Source: Cohen & Shashua, "Inductive Bias of Deep Convolutional Networks through Pooling
Geometry", ICLR, 2017, arXiv:1605.06743, Theorem 1 and section 6 (size-4 pooling windows).

Why the certificate proves it
-----------------------------
A generic-rank certificate: a witness minor for the lower bound, a span argument for the upper.
With shared weights the level-1 tensors lie in the symmetric square Sym^2 of R^M, of dimension
M(M+1)/2, which caps the span and explains 81 instead of 256.

Instances (the value stated)
----------------------------
  N16_M2_r2-2_odd-even_unshared: 16
  N16_M2_r2-2_low-high_unshared: 2
  N16_M2_r4-4_odd-even_unshared: 256
  N16_M2_r4-4_odd-even_shared: 81
  N16_M2_r3-3_odd-even_unshared: 81

Run: python proofs/cs2017-quad-tree.py [--instance NAME] [--out DIR]
"""

from exactnet.claims import run_proof_file

if __name__ == "__main__":
    raise SystemExit(run_proof_file(__file__))
