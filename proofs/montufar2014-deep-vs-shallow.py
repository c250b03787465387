"""Deep beats shallow: the folding construction vs the one-layer maximum with as many units

Claim
-----
The deep folding construction (n0 = 1) has more activation regions than any one-hidden-layer
ReLU network with the same total number of units can have (Zaslavsky: sum_{j<=n0} C(N, j) = N +
1).

Source: Montufar, Pascanu, Cho & Bengio, "On the Number of Linear Regions of Deep Neural
Networks", NeurIPS, 2014, arXiv:1402.1869, Corollary 5, with Zaslavsky's one-layer maximum.

Why the certificate proves it
-----------------------------
An exact region count: the checker recomputes every piece of the network with its own
arithmetic. One hidden layer with the same number of units has at most sum_{j<=n0} C(N, j)
regions (Zaslavsky), an integer the checker recomputes.

Instances (the value stated)
----------------------------
  n0-1_w2-3-4: deep=32, shallow_max=10
  n0-1_w3-3-3: deep=37, shallow_max=10
  n0-1_w4-4-4: deep=82, shallow_max=13

Run: python proofs/montufar2014-deep-vs-shallow.py [--instance NAME] [--out DIR]
"""

from exactnet.claims import run_proof_file

if __name__ == "__main__":
    raise SystemExit(run_proof_file(__file__))
