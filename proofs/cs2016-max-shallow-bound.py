"""Shallow ReLU + max pooling: per-term rank bound; the exact maximum per term is 1 + (M-1) N/2

Claim
-----
A shallow ReLU + max-pooling term has odd-even rank <= 1 + (M-1) N/2 <= 1 + M N/2, and
interleaved witness vectors reach 1 + (M-1) N/2: the maximum is larger than the maxima observed
with random vectors.

Source: derived here, building on Cohen & Shashua, "Convolutional Rectifier Networks as
Generalized Tensor Decompositions", ICML, 2016, arXiv:1603.00162, depth efficiency is weaker
with rectifier networks.

Derivation
----------
In one term with g = max(a, b, 0), rows with equal max(U, 0) are equal; U is a maximum of
entries from |I| vectors, and counting the values it can take gives at most 1 + (M-1) min(|I|,
|J|) distinct rows up to the zero pattern; interleaved witness vectors reach it. The weaker
bound 1 + M N/2 follows.

Why the certificate proves it
-----------------------------
The bound certificate is arithmetic the checker redoes; the maximum is certified by a witness
term whose matricization rank the checker verifies.

Instances (the value stated)
----------------------------
  N4_M3_Z1_simple-bound: 7
  N4_M3_term-max: 5
  N8_M2_term-max: 5

Run: python proofs/cs2016-max-shallow-bound.py [--instance NAME] [--out DIR]
"""

from exactnet.claims import run_proof_file

if __name__ == "__main__":
    raise SystemExit(run_proof_file(__file__))
