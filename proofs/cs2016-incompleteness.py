"""Depth efficiency is not complete: an open box of deep weights gives the zero function

Claim
-----
If every conv-layer-1 weight is negative (an open box, positive measure), every conv-1 output is
<= 0 (its inputs are pooled ReLU outputs, >= 0), the next ReLU zeroes it and the network outputs
0, realized by a one-channel shallow network; verified by exact sign reasoning over the whole
closed box.

Source: Cohen & Shashua, "Convolutional Rectifier Networks as Generalized Tensor
Decompositions", ICML, 2016, arXiv:1603.00162, depth efficiency of rectifier networks is not
complete.

Why the certificate proves it
-----------------------------
The certificate holds an open box of weights (rational intervals). Inputs to conv layer 1 are
pooled ReLU outputs, hence >= 0; with every conv-1 weight negative each conv-1 output is <= 0
and the ReLU zeroes it. The checker verifies these signs over the closed box, weight by weight,
and that a node whose children are all zero pools 0, up to the output.

Instances (the value stated)
----------------------------
  N4_M2_r2-2_relu-max: True
  N8_M2_r2-2-2_relu-max: True
  N4_M3_r3-2_relu-sum: True
  N4_M2_r2-2_relu-max_nonzero-collapse: True
  N8_M2_r2-2-2_relu-sum_nonzero-collapse: True

Run: python proofs/cs2016-incompleteness.py [--instance NAME] [--out DIR]
"""

from exactnet.claims import run_proof_file

if __name__ == "__main__":
    raise SystemExit(run_proof_file(__file__))
