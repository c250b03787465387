"""Width-1 maxout on R: the maximum is 1 + (k-1)(2^L - 1); Theorem 8's k^(L+n0-1) fails for k >= 3

Claim
-----
A width-1, depth-L, rank-k maxout network on R has at most 1 + (k-1)(2^L - 1) regions
(convexity: the preimage of a point at most doubles per layer) and explicit weights reach it, so
that is the maximum: 2^L for k = 2 (= Theorem 8's k^(L+n0-1)), but 7 < 9 for k = 3, L = 2
(Theorem 8 as quoted is refuted for n0 = 1, k >= 3).

Source: Montufar, Pascanu, Cho & Bengio, "On the Number of Linear Regions of Deep Neural
Networks", NeurIPS, 2014, arXiv:1402.1869, Theorem 8 (maxout networks).

Why the certificate proves it
-----------------------------
An exact region count: the checker recomputes every piece of the network with its own
arithmetic. A maxout unit is convex, so on a line the preimage of a point at most doubles per
layer: a width-1 rank-k network on R has at most 1 + (k-1)(2^L - 1) regions, and explicit
weights reach it. For k = 2 this equals k^(L+n0-1); for k >= 3 it is smaller.

Instances (the value stated)
----------------------------
  k2_L2: 4
  k2_L3: 8
  k2_L4: 16
  k3_L2: 7
  k4_L2: 10
  k3_L2_theorem8-as-quoted: 9   [contradicts-published]

Run: python proofs/montufar2014-maxout.py [--instance NAME] [--out DIR]
"""

from exactnet.claims import run_proof_file

if __name__ == "__main__":
    raise SystemExit(run_proof_file(__file__))
