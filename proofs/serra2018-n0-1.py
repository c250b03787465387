"""n0 = 1: exact maxima, prod (n_l + 1) when every n_l >= 3 (Theorem 5), 3 + 2 n2 for widths (2, n2)

Claim
-----
For one input, an explicit network reaches the least applicable upper bound (Serra et al.'s
Theorem 1 / Theorem 5, or the convex-path bound 3 + 2 n2 for widths (2, n2)), so that bound is
the exact maximum.

Source: Serra, Tjandraatmadja & Ramalingam, "Bounding and Counting Linear Regions of Deep Neural
Networks", ICML, 2018, arXiv:1711.02114, Theorems 1 and 5 (one input).

Why the certificate proves it
-----------------------------
An exact region count: the checker recomputes every piece of the network with its own
arithmetic. An explicit network reaching the least applicable upper bound proves the bound is
the maximum; for widths (2, n2) the bound 3 + 2 n2 comes from convexity of each unit's path.

Instances (the value stated)
----------------------------
  w3-3: 16
  w3-3_explicit: 16
  w3-3-3: 64
  w3-3-3_explicit: 64
  w1-3: 5
  w3-1: 8
  w2-3: 9
  w3-2: 12
  w2-2: 7
  w4-4-4: 125

Run: python proofs/serra2018-n0-1.py [--instance NAME] [--out DIR]
"""

from exactnet.claims import run_proof_file

if __name__ == "__main__":
    raise SystemExit(run_proof_file(__file__))
