"""ReLU + max pooling is universal: explicit networks realize any target grid tensor exactly

Claim
-----
For every rational target grid tensor there is a shallow (and a deep, over any tree) ReLU +
max-pooling network realizing it exactly: the all-ones term minus one mismatch term per non-zero
entry (width nnz + 1 <= M^N + 1); with an invertible F the first-layer weights solve F a = v
exactly.

Source: Cohen & Shashua, "Convolutional Rectifier Networks as Generalized Tensor
Decompositions", ICML, 2016, arXiv:1603.00162, universality of ReLU networks with max pooling
(abstract and section 4).

Why the certificate proves it
-----------------------------
The certificate holds an explicit network (the all-ones term minus one mismatch term per
non-zero entry); the checker evaluates the network on every template tuple with its own forward
pass and compares the grid tensor with the target, entry by entry.

Instances (the value stated)
----------------------------
  shallow_N2_M2_mixed: True
  shallow_N3_M3_mixed_relu-templates: True
  deep_N4_M2_mixed_binary: True
  deep_N3_M2_mixed_tree-01-2: True

Run: python proofs/cs2016-universality.py [--instance NAME] [--out DIR]
"""

from exactnet.claims import run_proof_file

if __name__ == "__main__":
    raise SystemExit(run_proof_file(__file__))
