"""TT networks in HT format: the rank across a binary-tree node is r^2 (two bonds cut)

Claim
-----
For a generic tensor train with all ranks r and mode size n >= r, the matricization whose rows
are the modes {2, 3} of one node of the balanced binary tree (d = 8) has generic rank r^2: a TT
has HT ranks up to r^2 (the block is cut from the train at two bonds).

Source: Khrulkov, Novikov & Oseledets, "Expressive Power of Recurrent Neural Networks", ICLR,
2018, arXiv:1711.00811, Theorem 2 (after Grasedyck 2010): TT ranks <= r give HT ranks <= r^2.

Why the certificate proves it
-----------------------------
A generic-rank certificate: a witness minor for the lower bound, a span argument for the upper.
A binary-tree node's block cuts two bonds of the train, so its rank is at most r^2, which a
witness reaches.

Instances (the value stated)
----------------------------
  d8_n4_r2_block2-3: 4
  d8_n3_r3_block2-3: 9

Run: python proofs/kno2018-tt-to-ht.py [--instance NAME] [--out DIR]
"""

from exactnet.claims import run_proof_file

if __name__ == "__main__":
    raise SystemExit(run_proof_file(__file__))
