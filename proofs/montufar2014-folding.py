"""The folding construction (n0 = 1): exact region counts vs Theorem 4's lower bound

Claim
-----
Montufar et al.'s folding construction with per-layer rescaling has the stated exact number of
activation regions on R, at least Theorem 4's bound prod floor(n_i/n0)^n0 * sum_j C(n_L, j);
without the rescaling, widths (2,2,2) fall short of it.

Source: Montufar, Pascanu, Cho & Bengio, "On the Number of Linear Regions of Deep Neural
Networks", NeurIPS, 2014, arXiv:1402.1869, Theorem 4 and its folding construction (section 3).

Why the certificate proves it
-----------------------------
An exact region count: the checker recomputes every piece of the network with its own
arithmetic. The construction folds p = floor(n_i/n0) pieces onto one per layer; the next layer
must be rescaled to fold the image again, which the unscaled instance shows.

Instances (the value stated)
----------------------------
  n0-1_w2-2: regions=7, theorem4=6
  n0-1_w3-3: regions=13, theorem4=12
  n0-1_w4-4: regions=21, theorem4=20
  n0-1_w2-2-2: regions=14, theorem4=12
  n0-1_w2-3-4: regions=32, theorem4=30
  n0-1_w3-3-3: regions=37, theorem4=36
  n0-1_w4-4-4: regions=82, theorem4=80
  n0-1_w2-2-2_unscaled: regions=8, theorem4=12

Run: python proofs/montufar2014-folding.py [--instance NAME] [--out DIR]
"""

from exactnet.claims import run_proof_file

if __name__ == "__main__":
    raise SystemExit(run_proof_file(__file__))
