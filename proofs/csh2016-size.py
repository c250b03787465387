"""Size accounting: 14 deep weights vs Z >= 16 (272 unshared shallow weights)

Claim
-----
The shared deep ConvAC N=8, M=2, r_l=2 has 14 weights; for almost all of its weight settings a
shallow ConvAC computing the same function needs Z >= 16, i.e. >= 272 weights unshared.

Source: derived here, building on Cohen, Sharir & Shashua, "On the Expressive Power of Deep
Learning: A Tensor Analysis", COLT, 2016, arXiv:1509.05009, Theorem 1.

Derivation
----------
A shared deep ConvAC has M r_0 + sum_l r_{l-1} r_l + r_top weights (14 for N = 8, M = 2, r_l =
2), an unshared shallow one N M Z + Z; Theorem 1 forces Z >= min(r_0, M)^(N/2) = 16, hence at
least 272 weights.

Why the certificate proves it
-----------------------------
The certificate combines, by named rules about one architecture, the Theorem 1 generic rank
(which forces the shallow width) with the weight counts; the kernel verifies the rank and
recomputes the counts.

Instances (the value stated)
----------------------------
  N8_M2_r2: deep_weights=14, shallow_width_needed=16, shallow_weights_unshared=272

Run: python proofs/csh2016-size.py [--instance NAME] [--out DIR]
"""

from exactnet.claims import run_proof_file

if __name__ == "__main__":
    raise SystemExit(run_proof_file(__file__))
