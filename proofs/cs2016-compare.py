"""Comparison table: product vs ReLU + max vs ReLU + average pooling, every figure certified (one certificate)

Claim
-----
On one architecture (binary tree, widths M+1, 2): product and max pooling are universal (every
unit target realized by a certified shallow network), average pooling is not (a certified
non-realizable target); the odd-even rank reached is M^(N/2) for product (a random network of
these widths) and max (the delta-product construction), which forces a shallow product network
to Z >= M^(N/2). Also certified, not stated in advance: the rank of an average-pooling witness,
the max-pool shallow width ceil(R / (1 + (M-1) N/2)) (the weaker R / (1 + M N/2) also holds) and
the average row's shallow realizability.

Source: derived here, building on Cohen & Shashua, "Convolutional Rectifier Networks as
Generalized Tensor Decompositions", ICML, 2016, arXiv:1603.00162, the comparison of pooling
operators.

Derivation
----------
Product and max pooling realize every unit target with a shallow network (the explicit
constructions of the universality claims); average pooling does not (a vanishing functional);
the deep max network's rank and the shallow widths it forces are computed as in the
depth-efficiency claims.

Why the certificate proves it
-----------------------------
One certificate holds every figure of the table; the checker verifies each part as it would
verify the corresponding single certificate.

Instances (the value stated)
----------------------------
  N4_M2: universal={'product': True, 'max': True, 'average': False}, rank={'product': 4, 'max': 4}, shallow_width_forced={'product': 4}
  N4_M3: universal={'product': True, 'max': True, 'average': False}, rank={'product': 9, 'max': 9}, shallow_width_forced={'product': 9}

Run: python proofs/cs2016-compare.py [--instance NAME] [--out DIR]
"""

from exactnet.claims import run_proof_file

if __name__ == "__main__":
    raise SystemExit(run_proof_file(__file__))
