"""ReLU + average pooling is not universal: realizable iff a sum of functions of the root's blocks

Claim
-----
With g(a, b) = max(a, 0) + max(b, 0) every grid tensor (any width, any depth) is sum_c B_c(d
restricted to block c) over the children c of the root (shallow: one block per mode), and every
such sum is realized; a rational functional vanishing on that span and not on the target proves
non-realizability.

Source: Cohen & Shashua, "Convolutional Rectifier Networks as Generalized Tensor
Decompositions", ICML, 2016, arXiv:1603.00162, non-universality of ReLU networks with average
pooling (abstract and section 4).

Why the certificate proves it
-----------------------------
A realizable grid tensor is a sum of functions of the root's blocks. For a non-realizable target
the certificate gives a rational functional that vanishes on every such sum but not on the
target (or a matricization whose rank exceeds the bound); for a realizable one, an explicit
network the checker evaluates.

Instances (the value stated)
----------------------------
  search_N2_M2_shallow: False
  search_N4_M2_binary: False
  shallow_N2_M2_delta-0-1: False
  deep_N4_M3_delta-0-2_binary: False
  deep_N4_M3_delta-0-2_binary_rank-route: False
  deep_N4_M3_delta-0-1_binary: True
  shallow_N4_M3_delta-0-1: False
  deep_N4_M2_blocks_binary: True

Run: python proofs/cs2016-average-pooling.py [--instance NAME] [--out DIR]
"""

from exactnet.claims import run_proof_file

if __name__ == "__main__":
    raise SystemExit(run_proof_file(__file__))
