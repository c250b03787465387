"""ReLU + average pooling: a shallow term has rank <= 2; a deep net has low/high rank <= 2

Claim
-----
A shallow relu-sum network's grid tensor is sum_i u_i(d_i), so every matricization has rank <=
2; a deep one over a binary tree is B(d_low) + C(d_high), so its low/high matricization has rank
<= 2. Random networks reach 2 (exact rank, network re-evaluated by the checker).

Source: derived here, building on Cohen & Shashua, "Convolutional Rectifier Networks as
Generalized Tensor Decompositions", ICML, 2016, arXiv:1603.00162, non-universality of average
pooling.

Derivation
----------
With g(a, b) = max(a, 0) + max(b, 0) a shallow term is sum_i u_i(d_i), whose every matricization
has rank <= 2 (the all-ones vector and one more); a deep net over a binary tree is B(d_low) +
C(d_high), so its low/high rank is <= 2.

Why the certificate proves it
-----------------------------
The certificate certifies the exact rank of a random network's matricization (a non-singular
minor and a row-space basis the checker verifies).

Instances (the value stated)
----------------------------
  shallow_N4_M3_Z3_odd-even: 2
  shallow_N4_M3_Z3_rows-0: 2
  deep_N4_M3_r3-3_low-high: 2

Run: python proofs/cs2016-average-rank.py [--instance NAME] [--out DIR]
"""

from exactnet.claims import run_proof_file

if __name__ == "__main__":
    raise SystemExit(run_proof_file(__file__))
