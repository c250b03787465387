"""Bound arithmetic: Serra's Theorem 1 vs Montufar 2017, Theorems 4 and 6, and shallow wins for n0 = 10

Claim
-----
Exact values of the region bounds: Serra et al.'s Theorem 1 upper bound is at most Montufar's
2017 bound; Montufar's Theorem 4 <= Serra's Theorem 6 <= Theorem 1; and for n0 = 10 a deep (3,3)
network has fewer possible regions (<= 42) than a shallow one with 6 units (64).

Source: Serra, Tjandraatmadja & Ramalingam, "Bounding and Counting Linear Regions of Deep Neural
Networks", ICML, 2018, arXiv:1711.02114, Theorems 1 and 6 and section 3.1; with Montufar et al.
2014, Theorem 4.

Why the certificate proves it
-----------------------------
Every bound is an exact integer formula; the checker re-evaluates each and the stated
comparisons.

Instances (the value stated)
----------------------------
  n0-2_w2-2: serra_upper=11, montufar2017_upper=16
  n0-2_w3-3: serra_upper=40, montufar2017_upper=49
  n0-2_w4-4: serra_upper=121, montufar2017_upper=121
  n0-2_w6-6: montufar_lower=198, serra_lower=352, serra_upper=484
  n0-10_w3-3: deep_upper=42, shallow_max=64

Run: python proofs/serra2018-bounds.py [--instance NAME] [--out DIR]
"""

from exactnet.claims import run_proof_file

if __name__ == "__main__":
    raise SystemExit(run_proof_file(__file__))
