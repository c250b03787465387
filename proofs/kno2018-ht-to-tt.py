"""HT networks in TT format: TT-unfolding rank r^ceil(log2(d)/2), so r^(log2(d)/2) needs a ceiling

Claim
-----
For the deep ConvAC (hierarchical Tucker with product pooling) over the balanced binary tree
with all widths r, the generic rank of the contiguous unfolding at k = 3 (d = 8) or k = 5 (d =
16) is r^ceil(log2(d)/2).  For d = 8 this is r^2, above r^(log2(8)/2) = r^1.5: a TT-rank bound
r^(log2(d)/2) as printed needs a ceiling when log2 d is odd (the expected value of the d = 8
instance is the largest integer <= 2^1.5).

Source: Khrulkov, Novikov & Oseledets, "Expressive Power of Recurrent Neural Networks", ICLR,
2018, arXiv:1711.00811, Theorem 2 (after Grasedyck 2010): HT ranks <= r give TT ranks <=
r^(log2(d)/2).

Why the certificate proves it
-----------------------------
A generic-rank certificate: a witness minor for the lower bound, a span argument for the upper.
For d = 8 the unfolding at k = 3 cuts two bonds of the tree, so its generic rank is r^2, above
r^(log2(8)/2) = r^1.5.

Instances (the value stated)
----------------------------
  d8_n2_r2_k3: 2   [contradicts-published]
  d16_n2_r2_k5: 4

Run: python proofs/kno2018-ht-to-tt.py [--instance NAME] [--out DIR]
"""

from exactnet.claims import run_proof_file

if __name__ == "__main__":
    raise SystemExit(run_proof_file(__file__))
