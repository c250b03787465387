"""TT networks with odd d: matricizations certify min(n, r)^floor(d/2) (a floor, not d/2)

Claim
-----
Theorem 1 is stated for even d.  For odd d and n <= r the generic odd-even rank is min(n,
r)^floor(d/2); no matricization can certify more, since one side of every partition has at most
floor(d/2) modes (rank <= n^floor(d/2)).  So the exponent d/2 takes a floor for odd d.

Source: derived here, building on Khrulkov, Novikov & Oseledets, "Expressive Power of Recurrent
Neural Networks", ICLR, 2018, arXiv:1711.00811, Theorem 1 (stated for even d).

Derivation
----------
For odd d one side of every partition has at most floor(d/2) modes, so no matricization
certifies more than n^floor(d/2); the paper's witness restricted to floor(d/2) pairs reaches
min(n, r)^floor(d/2).

Why the certificate proves it
-----------------------------
A generic-rank certificate: a witness minor for the lower bound, a span argument for the upper.

Instances (the value stated)
----------------------------
  d5_n2_r2: 4
  d7_n3_r3: 27

Run: python proofs/kno2018-thm1-odd-d.py [--instance NAME] [--out DIR]
"""

from exactnet.claims import run_proof_file

if __name__ == "__main__":
    raise SystemExit(run_proof_file(__file__))
