"""Overlapping GC ConvACs (a small 1-D model): left/right and odd/even generic ranks

Claim
-----
For almost every shared weight setting of the 1-D GC ConvAC toy model (one-hot templates), the
left/right and odd/even matricizations have the tabulated ranks; overlaps (stride < receptive
field) lift the left/right rank above the non-overlapping tree's r_top (N=8, M=2, r=2: 2 vs 16).

Source: derived here, building on Sharir & Shashua, "On the Expressive Power of Overlapping
Architectures of Deep Learning", ICLR, 2018, arXiv:1703.02065, overlapping receptive fields (a
small model of our own, not the paper's).

Derivation
----------
A 1-D generalized-convolution ConvAC: each layer multiplies R linear forms of a window of its
input at stride S; with one-hot templates and shared weights, overlapping windows (S < R) let a
node read both sides of the left/right cut, which a non-overlapping tree cannot; generic ranks
are computed for small N.

Why the certificate proves it
-----------------------------
A generic-rank certificate: a witness minor for the lower bound, a span argument for the upper.

Instances (the value stated)
----------------------------
  N8_M2_2-2-2x3_left-right: 2
  N8_M2_2-1-2x7_left-right: 16
  N8_M2_3-1-2_2-2-2_3-1-2_left-right: 8
  N8_M2_4-2-2_3-1-2_left-right: 4
  N8_M2_2-2-2x3_odd-even: 16
  N8_M2_3-1-2_2-2-2_3-1-2_odd-even: 16
  N8_M2_2-1-2x7_odd-even: 16
  N4_M3_2-2-2_2-2-1_left-right: 1
  N4_M3_2-2-3_2-2-1_left-right: 1
  N4_M3_2-1-2_3-1-1_left-right: 2
  N4_M3_2-1-3_3-1-1_left-right: 3

Run: python proofs/ss2018-toy.py [--instance NAME] [--out DIR]
"""

from exactnet.claims import run_proof_file

if __name__ == "__main__":
    raise SystemExit(run_proof_file(__file__))
