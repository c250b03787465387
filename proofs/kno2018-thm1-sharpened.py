"""TT networks with n > r: the odd-even rank is n^(d/2-1) r, above the published min(n, r)^(d/2)

Claim
-----
For even d and n > r, the generic odd-even matricization rank of a tensor train with all ranks r
is n^(d/2-1) * r (the minimum cut of the train), so the generic CP rank is >= n^(d/2-1) r: the
published bound min(n, r)^(d/2) = r^(d/2) holds but is not tight.

Source: Khrulkov, Novikov & Oseledets, "Expressive Power of Recurrent Neural Networks", ICLR,
2018, arXiv:1711.00811, Theorem 1 (bound min(n, r)^(d/2)).

Why the certificate proves it
-----------------------------
A generic-rank certificate: a witness minor for the lower bound, a span argument for the upper.
The upper bound is the minimum cut of the train, n^(d/2-1) r, which a witness reaches; for n > r
it exceeds the published bound (a sharper statement, consistent with it).

Instances (the value stated)
----------------------------
  d4_n3_r2: 6
  d6_n3_r2: 18
  d6_n4_r2: 32

Run: python proofs/kno2018-thm1-sharpened.py [--instance NAME] [--out DIR]
"""

from exactnet.claims import run_proof_file

if __name__ == "__main__":
    raise SystemExit(run_proof_file(__file__))
