"""Shallow networks with one output: the expected dimension except the Alexander-Hirschowitz cases

Claim
-----
For d = (d_0, d_1, 1) the neurovariety is the d_1-th secant variety of the degree-r Veronese
variety; its dimension is min(d_0 d_1, C(d_0 + r - 1, r)) except for r = 2, 2 <= d_1 <= d_0 - 1
(rank-d_1 quadrics, d_0 d_1 - C(d_1, 2)) and (d_0, r, d_1) in {(3,4,5), (4,4,9), (5,3,7),
(5,4,14)} (one less). The lower bound is certified by a Jacobian minor; the upper bound of the
four exceptional cases is the cited theorem.

Source: Alexander & Hirschowitz, "Polynomial Interpolation in Several Variables", J. Algebraic
Geometry 4, 1995, the secant varieties of Veronese varieties (the shallow case of Kileel, Trager
& Bruna 2019, section 3).

Why the certificate proves it
-----------------------------
The lower bound is a Jacobian minor the kernel recomputes; the upper bound is the expected
dimension, or, in the exceptional cases, the cited theorem.

Instances (the value stated)
----------------------------
  w3-4-1_r3: dimension=10, fills=True
  w2-3-1_r5: dimension=6, fills=True
  w3-2-1_r2: dimension=5, fills=False
  w4-3-1_r2: dimension=9, fills=False
  w3-5-1_r4: dimension=14, fills=False
  w5-7-1_r3: dimension=34, fills=False
  w4-9-1_r4: dimension=34, fills=False

Run: python proofs/ktb2019-shallow-ah.py [--instance NAME] [--out DIR]
"""

from exactnet.claims import run_proof_file

if __name__ == "__main__":
    raise SystemExit(run_proof_file(__file__))
