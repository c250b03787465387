"""Proof script: Shallow ConvAC: rank of every matricization <= Z (and = Z generically).

Check ``csh2016-shallow-cp``, instance ``N4_M3_Z5_odd-even`` (theory.md section 6 row 6; predicted value: 5).

Claim: rank [A]_{I,J} <= CP-rank(A) <= Z for a shallow ConvAC with Z channels, any partition, any weights; a random integer network reaches Z (exact rank by core.linalg).

Source: Khrulkov et al. Lemma 1 / Isabelle matrix_rank_le_cp_rank; theory.md 0.3 and 6 row 6

Run ``python proofs/csh2016-shallow-cp__N4_M3_Z5_odd-even.py [--out FILE]``: builds the certificate through the public API
(``exactnet.theorems.registry``), re-verifies it with the independent checker
(``exactnet.checker``), prints the verdict, optionally writes the certificate JSON, and exits
non-zero if no valid certificate could be produced.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

CHECK_ID = 'csh2016-shallow-cp'
INSTANCE = 'N4_M3_Z5_odd-even'


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
