"""Shallow ConvAC: rank of every matricization <= Z (and = Z generically)

Claim
-----
rank [A]_{I,J} <= CP-rank(A) <= Z for a shallow ConvAC with Z channels, any partition, any
weights; a random integer network reaches Z (exact rank by core.linalg).

Source: folklore, rank of a matricization <= CP-rank (e.g. Khrulkov, Novikov & Oseledets 2018,
Lemma 1).

Why the certificate proves it
-----------------------------
Each of the Z terms of a shallow network is an outer product, whose matricization has rank one;
rank is subadditive, so rank <= Z for every partition and every weight setting. A witness with a
non-singular Z x Z minor certifies equality for almost every weight setting.

Instances (the value stated)
----------------------------
  N4_M3_Z5_odd-even: 5
  N4_M3_Z5_low-high: 5
  N6_M2_Z5_rows-0-3-4: 5

Run: python proofs/csh2016-shallow-cp.py [--instance NAME] [--out DIR]
"""

from exactnet.claims import run_proof_file

if __name__ == "__main__":
    raise SystemExit(run_proof_file(__file__))
