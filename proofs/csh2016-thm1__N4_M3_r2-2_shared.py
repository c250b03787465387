"""Proof script: Depth efficiency (Theorem 1): generic odd-even rank min(r0,M)^(N/2); shallow nets need Z >= it.

Check ``csh2016-thm1``, instance ``N4_M3_r2-2_shared`` (theory.md section 6 row 2 (4, not 9); predicted value: 4).

Claim: For almost every weight setting (shared or unshared) of a binary-tree deep ConvAC, the odd-even matricization has rank min(r_0, M)^(N/2) exactly; hence a shallow ConvAC computing the same function needs Z >= min(r_0, M)^(N/2).

Source: Cohen, Sharir, Shashua, COLT 2016, Theorem 1 (Bentkamp's Isabelle formalization); theory.md 1.3, 6 rows 1-3, 7

Run ``python proofs/csh2016-thm1__N4_M3_r2-2_shared.py [--out FILE]``: builds the certificate through the public API
(``exactnet.theorems.registry``), re-verifies it with the independent checker
(``exactnet.checker``), prints the verdict, optionally writes the certificate JSON, and exits
non-zero if no valid certificate could be produced.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

CHECK_ID = 'csh2016-thm1'
INSTANCE = 'N4_M3_r2-2_shared'


def main(argv: list[str] | None = None) -> int:
    try:
        import exactnet  # noqa: F401
    except ImportError:  # running from a source checkout without installation
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from exactnet.theorems.registry import get_check

    parser = argparse.ArgumentParser(description=f"{CHECK_ID} / {INSTANCE}")
    parser.add_argument("--out", metavar="FILE", help="write the certificate JSON (.json or .json.gz) here")
    args = parser.parse_args(argv)
    check = get_check(CHECK_ID)
    inst = check.instance(INSTANCE)
    print(f"check:    {check.id}: {check.title}")
    print(f"claim:    {check.claim}")
    print(f"source:   {check.source}")
    print(f"instance: {INSTANCE} {inst['params']} (theory.md {inst.get('row')}: {inst.get('expected')})")
    outcome = check.run(inst)
    if outcome.certificate is not None:
        print(f"proved:   {outcome.certificate.claim}")
        if args.out:
            print(f"written:  {outcome.certificate.save(args.out)}")
    print(f"verdict:  {outcome.verdict} ({outcome.seconds:.2f} s): {outcome.message}")
    return 0 if outcome.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
