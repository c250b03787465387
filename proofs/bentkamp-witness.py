"""Bentkamp's witness: A*[d] = prod_k [d_2k = d_2k+1 < r_0], rank min(r_0,M)^(N/2)

Claim
-----
The witness (layer 0 identity, layer 1 all-ones, copy-first above) has the stated coefficient
tensor and odd-even rank min(r_0, M)^(N/2).

Source: Bentkamp, Blanchette & Klakow, "A Formal Proof of the Expressiveness of Deep Learning",
ITP 2017; J. Automated Reasoning 63 (2019); Isabelle AFP entry Deep_Learning, 2019, lemma
witness_tensor.

Why the certificate proves it
-----------------------------
The certificate holds the witness network; the checker evaluates its coefficient tensor entry by
entry against the stated formula and certifies the rank of its odd-even matricization with a
non-singular minor and a matching upper bound.

Instances (the value stated)
----------------------------
  N4_M3_r2-2: 4

Run: python proofs/bentkamp-witness.py [--instance NAME] [--out DIR]
"""

from exactnet.claims import run_proof_file

if __name__ == "__main__":
    raise SystemExit(run_proof_file(__file__))
