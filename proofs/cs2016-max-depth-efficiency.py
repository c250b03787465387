"""ReLU + max pooling: a shared deep net (widths M+1, 2, ...) has odd-even rank M^(N/2); shallow width forced

Claim
-----
The shared deep ReLU + max-pooling network with r_0 = M + 1, r_l = 2, F = I computes prod_k
delta(d_2k, d_2k+1) (0-based), whose odd-even rank is M^(N/2); a shallow ReLU + max-pooling
network has rank <= Z (1 + (M-1) N/2) (hence <= Z (1 + M N/2)), so it needs Z >= ceil(R / that).

Source: derived here, building on Cohen & Shashua, "Convolutional Rectifier Networks as
Generalized Tensor Decompositions", ICML, 2016, arXiv:1603.00162, depth efficiency with max
pooling.

Derivation
----------
The shared deep ReLU + max network with widths M + 1, 2, ... computes mismatch indicators that
compose under max pooling; its grid tensor is prod_k delta(d_2k, d_2k+1), of odd-even rank
M^(N/2). A shallow term has rank <= 1 + (M-1) N/2, so a shallow network needs Z >= M^(N/2) / (1
+ (M-1) N/2).

Why the certificate proves it
-----------------------------
The checker evaluates the deep network on every template tuple, certifies the rank of the grid
tensor's matricization, and recomputes the width the per-term bound forces.

Instances (the value stated)
----------------------------
  N4_M3: rank=9, shallow_width_simple_bound=2
  N8_M2: rank=16, shallow_width_simple_bound=2
  N4_M2: rank=4, shallow_width_simple_bound=1

Run: python proofs/cs2016-max-depth-efficiency.py [--instance NAME] [--out DIR]
"""

from exactnet.claims import run_proof_file

if __name__ == "__main__":
    raise SystemExit(run_proof_file(__file__))
