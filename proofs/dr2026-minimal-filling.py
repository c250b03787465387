"""Minimal filling architectures, certified: the architecture fills and every one-smaller neighbour does not

Claim
-----
The architecture fills (a Jacobian minor of full ambient size) and lowering any one hidden width
by one gives an architecture whose proved upper bound is below its ambient dimension; filling is
monotone in the widths, so no component-wise smaller architecture fills. Unimodality of the
hidden widths is as stated.

Source: Dao & Rodriguez, "Minimal Filling Architectures of Polynomial Neural Networks:
Counterexamples, Frontier Search, and Defects", preprint, 2026, arXiv:2605.09609, the tables of
minimal filling architectures (d_0 = 2, d_h = 1).

Why the certificate proves it
-----------------------------
A minimal_filling certificate holds a full-size Jacobian minor (the architecture fills) and, for
each one-smaller neighbour, a certified upper bound below the ambient dimension; filling is
monotone in the widths, so no smaller architecture fills.

Instances (the value stated)
----------------------------
  w2-2-1_r2: minimal=True, unimodal=True
  w2-2-2-1_r2: minimal=True, unimodal=True
  w2-3-3-2-1_r2: minimal=True, unimodal=True
  w2-3-3-3-2-1_r2: minimal=True, unimodal=True
  w2-3-3-4-4-2-1_r2: minimal=True, unimodal=True
  w2-3-4-5-4-6-4-1_r2: minimal=True, unimodal=False
  w2-3-7-6-15-8-1_r3: minimal=True, unimodal=False
  w2-3-4-5-6-4-2-1_r2: minimal=True, unimodal=True
  w2-3-3-4-5-6-3-1_r2: minimal=True, unimodal=True
  w2-3-4-5-5-5-2-1_r2: minimal=True, unimodal=True
  w2-3-3-5-7-4-2-1_r2: minimal=True, unimodal=True
  w2-3-3-4-6-5-2-1_r2: minimal=True, unimodal=True
  w2-3-4-4-5-5-4-1_r2: minimal=True, unimodal=True
  w2-3-3-5-5-5-4-1_r2: minimal=True, unimodal=True

Run: python proofs/dr2026-minimal-filling.py [--instance NAME] [--out DIR]
"""

from exactnet.claims import run_proof_file

if __name__ == "__main__":
    raise SystemExit(run_proof_file(__file__))
