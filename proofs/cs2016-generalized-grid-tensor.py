"""Grid tensor of a rectifier network = its generalized CP / HT decomposition with F (checker re-evaluates)

Claim
-----
The grid tensor h(x^(d_0), ..., x^(d_N-1)) of a ReLU network with max / average pooling equals
the generalized CP (shallow) or HT (deep, any tree) decomposition of the first-layer outputs F
a, with g the activation-pooling operator; the independent checker re-evaluates the network on
every template tuple.

Source: Cohen & Shashua, "Convolutional Rectifier Networks as Generalized Tensor
Decompositions", ICML, 2016, arXiv:1603.00162, generalized CP and HT decompositions
(definitions).

Why the certificate proves it
-----------------------------
The checker evaluates the network on every tuple of templates with its own forward pass and
compares with the tensor given by the generalized decomposition, entry by entry.

Instances (the value stated)
----------------------------
  deep_N4_uneven-tree_relu-max_vector-templates: 81
  deep_N6_windows-3_relu-sum_shared: 64
  shallow_N3_relu-max_templates-0-1-2: 27

Run: python proofs/cs2016-generalized-grid-tensor.py [--instance NAME] [--out DIR]
"""

from exactnet.claims import run_proof_file

if __name__ == "__main__":
    raise SystemExit(run_proof_file(__file__))
