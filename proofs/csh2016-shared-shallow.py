"""Shared shallow ConvACs are not universal: e_0 (x) e_1 is not symmetric

Claim
-----
Every shared shallow ConvAC has a symmetric coefficient tensor sum_z a_z (x)^N a^z, so the
non-symmetric A = e_0 (x) e_1 (N = 2) is realized by no shared shallow ConvAC of any width.

Source: derived here, building on Cohen & Shashua, "Inductive Bias of Deep Convolutional
Networks through Pooling Geometry", ICLR, 2017, arXiv:1605.06743, notes on universality and
sharing.

Derivation
----------
A shared shallow ConvAC computes sum_z a_z (x)^N a^z, a sum of symmetric tensors, hence a
symmetric tensor; e_0 (x) e_1 is not symmetric, so no width realizes it.

Why the certificate proves it
-----------------------------
The certificate states the target tensor and one pair of entries that a symmetric tensor would
have equal; the checker reads both entries and sees they differ.

Instances (the value stated)
----------------------------
  N2_M2: True

Run: python proofs/csh2016-shared-shallow.py [--instance NAME] [--out DIR]
"""

from exactnet.claims import run_proof_file

if __name__ == "__main__":
    raise SystemExit(run_proof_file(__file__))
