"""The folding construction on R^2: exact 2-D region counts reach Theorem 4 and beat one wide layer

Claim
-----
With n0 = 2 inputs, Montufar et al.'s folding construction (each coordinate folded by its own
group of units, per-layer rescaling, a last layer of lines in general position) has at least
Theorem 4's prod floor(n_i/n0)^n0 * sum_{j<=n0} C(n_L, j) activation regions, counted exactly by
2-D polygon splitting; with widths (4, 4, 4) that exceeds the Zaslavsky maximum of one layer
with 12 units.

Source: Montufar, Pascanu, Cho & Bengio, "On the Number of Linear Regions of Deep Neural
Networks", NeurIPS, 2014, arXiv:1402.1869, Theorem 4 and Corollary 5 with two inputs.

Why the certificate proves it
-----------------------------
An exact region count: the checker recomputes every piece of the network with its own
arithmetic.

Instances (the value stated)
----------------------------
  w4-4: theorem4=44, reaches_theorem4=True
  w6-6: theorem4=198, reaches_theorem4=True
  w4-4-4_vs_shallow: theorem4=176, reaches_theorem4=True, shallow_max=79, beats_shallow=True

Run: python proofs/montufar2014-folding-n0-2.py [--instance NAME] [--out DIR]
"""

from exactnet.claims import run_proof_file

if __name__ == "__main__":
    raise SystemExit(run_proof_file(__file__))
