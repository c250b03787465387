"""ReLU representation functions on distinct templates give an invertible F (t = (0,1,2), eps = 1/2: det 1/8)

Claim
-----
f_d(x) = max(x - t_d + eps, 0) with 0 < eps < min gap gives a lower-triangular F with eps on the
diagonal, det F = eps^M != 0; for t = (0, 1, 2), eps = 1/2: F =
[[1/2,0,0],[3/2,1/2,0],[5/2,3/2,1/2]], det 1/8.

Source: derived here, building on Cohen & Shashua, "Convolutional Rectifier Networks as
Generalized Tensor Decompositions", ICML, 2016, arXiv:1603.00162, invertible representation
matrix.

Derivation
----------
f_d(x) = max(x - t_d + eps, 0) with 0 < eps < the least gap between templates gives F_id =
max(t_i - t_d + eps, 0): zero above the diagonal, eps on it, so det F = eps^M.

Why the certificate proves it
-----------------------------
The checker recomputes F from the templates and its determinant exactly.

Instances (the value stated)
----------------------------
  M3_t0-1-2_eps1-2: det=1/8, F=[['1/2', '0', '0'], ['3/2', '1/2', '0'], ['5/2', '3/2', '1/2']]

Run: python proofs/cs2016-relu-templates.py [--instance NAME] [--out DIR]
"""

from exactnet.claims import run_proof_file

if __name__ == "__main__":
    raise SystemExit(run_proof_file(__file__))
