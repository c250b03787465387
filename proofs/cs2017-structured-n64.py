"""Structured ranks at N=64, M=4, widths 4 (grid tensor of 4^64 entries, never formed)

Claim
-----
For almost every weight setting of the binary-tree ConvAC with N=64, M=4, r_l=4, the low/high,
block and odd/even matricizations have ranks 4, 16 (blocks of 16) and 4^32, certified without
forming the grid tensor (skeleton minors, Kronecker witness, structural bounds).

Source: Cohen, Sharir & Shashua, "On the Expressive Power of Deep Learning: A Tensor Analysis",
COLT, 2016, arXiv:1509.05009, Theorem 1 and the low/high and block partitions, at scale.

Why the certificate proves it
-----------------------------
The grid tensor (4^64 entries) is never formed: the lower bound is a Kronecker product of small
certified minors (rank is multiplicative under Kronecker products) and the upper bound is the
span recursion; the checker verifies both.

Instances (the value stated)
----------------------------
  N64_M4_r4_low-high: 4
  N64_M4_r4_blocks-16: 16
  N64_M4_r4_odd-even: 18446744073709551616

Run: python proofs/cs2017-structured-n64.py [--instance NAME] [--out DIR]
"""

from exactnet.claims import run_proof_file

if __name__ == "__main__":
    raise SystemExit(run_proof_file(__file__))
