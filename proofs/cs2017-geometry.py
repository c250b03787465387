"""Pooling geometry: contiguous vs mirror binary trees (N=8, M=2, r=2): which partitions get high rank

Claim
-----
With contiguous pooling the low/high partition has generic rank r_top = 2 and odd/even the
maximum 16; with mirror pooling (mode i pooled with N-1-i first) low/high gets the maximum 16
and the symmetric outer/inner partition (rows {0,1,6,7}) only 2.

Source: Cohen & Shashua, "Inductive Bias of Deep Convolutional Networks through Pooling
Geometry", ICLR, 2017, arXiv:1605.06743, section 6 (pooling geometry) and Theorem 1.

Why the certificate proves it
-----------------------------
A generic-rank certificate: a witness minor for the lower bound, a span argument for the upper.
Which partition splits many pooling windows decides the rank.

Instances (the value stated)
----------------------------
  N8_M2_r2_contiguous_low-high: 2
  N8_M2_r2_mirror_low-high: 16
  N8_M2_r2_mirror_outer-inner: 2
  N8_M2_r2_contiguous_odd-even: 16

Run: python proofs/cs2017-geometry.py [--instance NAME] [--out DIR]
"""

from exactnet.claims import run_proof_file

if __name__ == "__main__":
    raise SystemExit(run_proof_file(__file__))
