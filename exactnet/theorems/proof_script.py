"""The body shared by every ``proofs/<check_id>__<instance>.py`` script.

Each script names one registered check instance and calls :func:`run_proof`, which prints the
claim and its source, builds the certificate through the registry, has it re-verified by the
independent checker, prints the verdict and returns the exit code.
"""

from __future__ import annotations

import argparse
from typing import Sequence

from .registry import get_check

__all__ = ["run_proof"]


def run_proof(check_id: str, instance: str, argv: Sequence[str] | None = None) -> int:
    """Run one registered instance as a proof script; 0 when a valid certificate was produced.

    ``--out FILE`` writes the certificate JSON (``.json`` or ``.json.gz``).

    >>> run_proof("csh2016-size", "N8_M2_r2", [])  # doctest: +ELLIPSIS
    check:    csh2016-size: ...
    verdict:  confirmed (...
    0
    """
    parser = argparse.ArgumentParser(description=f"{check_id} / {instance}")
    parser.add_argument("--out", metavar="FILE", help="write the certificate JSON (.json or .json.gz) here")
    args = parser.parse_args(argv)
    check = get_check(check_id)
    inst = check.instance(instance)
    print(f"check:    {check.id}: {check.title}")
    print(f"claim:    {check.claim}")
    print(f"source:   {check.source}")
    print(f"instance: {instance} {inst['params']} (theory.md {inst.get('row')}: {inst.get('expected')})")
    outcome = check.run(inst)
    if outcome.certificate is not None:
        print(f"proved:   {outcome.certificate.claim}")
        if args.out:
            print(f"written:  {outcome.certificate.save(args.out)}")
    print(f"verdict:  {outcome.verdict} ({outcome.seconds:.2f} s): {outcome.message}")
    return 0 if outcome.ok else 1
