"""Neurovariety dimensions of polynomial networks, certified over Q (published values)

Claim
-----
The neurovariety of the architecture d with activation x -> x^r has the stated dimension (lower
bound: a non-singular minor of the Jacobian of weights -> outputs at an integer point; upper
bound: ambient dimension, parameters minus hidden widths, cuts at hidden layers, the
quadric-output bound), and fills or not as stated.

Source: Kileel, Trager & Bruna, "On the Expressive Power of Deep Polynomial Neural Networks",
NeurIPS, 2019, arXiv:1905.12207, section 3 (dimension of the neurovariety; the parameter-count
bound).

Why the certificate proves it
-----------------------------
A neurovariety_dimension certificate holds an integer weight point and a non-singular minor of
the Jacobian of the map from weights to outputs at integer inputs (a lower bound on the
dimension over Q), whose entries the kernel recomputes, and a derivation of the upper bound
(ambient dimension, parameters minus hidden widths, cuts, the quadric bound) that the kernel
re-derives rule by rule.

Instances (the value stated)
----------------------------
  w2-2-1_r2: dimension=3, fills=True
  w2-2-2-1_r2: dimension=5, fills=True
  w2-1-2-1_r2: dimension=2, fills=False
  w2-2-3-4-1_r2: dimension=7, fills=False
  w2-5-2-5-1_r2: dimension=7, fills=False
  w2-6-6-1-1_r2: dimension=5, fills=False
  w2-4-2-4-5-1_r2: dimension=9, fills=False
  w2-3-3-3-2-1_r2: dimension=17, fills=True
  w2-7-5-7-3-6-7-2-1_r2: dimension=53, fills=False
  w3-2-4-1_r2: dimension=7, fills=False
  w3-9-2-1_r2: dimension=11, fills=False
  w3-8-10-3-1_r2: dimension=42, fills=False
  w2-3-4-5-4-6-4-1_r2: dimension=65, fills=True
  w2-3-7-6-15-8-1_r3: dimension=244, fills=True
  w2-3-4-4-10-17-11-12-4-2_r2: dimension=514, fills=True

Run: python proofs/ktb2019-neurovariety-dimension.py [--instance NAME] [--out DIR]
"""

from exactnet.claims import run_proof_file

if __name__ == "__main__":
    raise SystemExit(run_proof_file(__file__))
