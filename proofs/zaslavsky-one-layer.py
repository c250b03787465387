"""One hidden layer: the maximum is sum_{j<=n0} C(n1, j), reached in general position

Claim
-----
n1 ReLUs on R^n0 have at most sum_{j=0}^{n0} C(n1, j) activation regions (Zaslavsky), and a
layer whose hyperplanes are in general position reaches it: the maximum is exactly that number.

Source: Zaslavsky, "Facing up to Arrangements: Face-Count Formulas for Partitions of Space by
Hyperplanes", Memoirs of the AMS 154, 1975, face count of a hyperplane arrangement (restated in
Serra, Tjandraatmadja & Ramalingam 2018, section 3.1).

Why the certificate proves it
-----------------------------
An exact region count: the checker recomputes every piece of the network with its own
arithmetic. The upper bound is Zaslavsky's count for hyperplanes in general position.

Instances (the value stated)
----------------------------
  n0-2_n1-2: 4
  n0-2_n1-3: 7
  n0-2_n1-4: 11
  n0-3_n1-3: 8

Run: python proofs/zaslavsky-one-layer.py [--instance NAME] [--out DIR]
"""

from exactnet.claims import run_proof_file

if __name__ == "__main__":
    raise SystemExit(run_proof_file(__file__))
