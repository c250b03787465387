"""TT networks: generic CP rank >= min(n, r)^(d/2) (even d), from the certified odd-even rank

Claim
-----
For even d, a generic tensor train with all ranks r and mode size n has CP rank >= min(n,
r)^(d/2): the generic rank of its odd-even matricization is certified to equal min(n, r)^(d/2)
when n <= r.

Source: Khrulkov, Novikov & Oseledets, "Expressive Power of Recurrent Neural Networks", ICLR,
2018, arXiv:1711.00811, Theorem 1.

Why the certificate proves it
-----------------------------
A generic-rank certificate: a witness minor for the lower bound, a span argument for the upper.
The witness is the paper's TT-core witness; the upper bound is the train's cut.

Instances (the value stated)
----------------------------
  d4_n2_r2: 4
  d6_n2_r2: 8
  d8_n2_r3: 16
  d6_n3_r3: 27

Run: python proofs/kno2018-thm1.py [--instance NAME] [--out DIR]
"""

from exactnet.claims import run_proof_file

if __name__ == "__main__":
    raise SystemExit(run_proof_file(__file__))
