"""The product speaks of itself only: no tracked file refers to files outside the repository, to people
or roles, to issue numbers, or to how the code was written.  This file is the only exception (it holds
the patterns)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

PATTERNS = {
    "a background file outside the repository": r"theory\.md|\.\./shared|/work/|shared/(?:theory|style|architecture)",
    "an internal brief": r"helper_brief|Do NOT git commit",
    "people or roles": r"\b[Ee]ngineers?\b|\bthe lead\b|\bhelpers? (?:brief|session)\b",
    "issue numbers": r"\b[Ii]ssues? #?\d+\b",
    "provenance tags": r"\[(?:DERIVED|RECALLED|READ|READ-2)[^\]]*\]|RECONSTRUCTED|exact statement not read",
    "the old verdict": r"refutes[-_ ]theory|REFUTES THEORY",
}
RX = re.compile("|".join(f"(?:{p})" for p in PATTERNS.values()))


def _tracked() -> list[Path]:
    try:
        out = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    return [ROOT / f for f in out.splitlines() if f and f != "tests/test_no_internal_references.py"]


def test_no_internal_references_in_tracked_files():
    found = []
    for path in _tracked():
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        for n, line in enumerate(text.splitlines(), 1):
            m = RX.search(line)
            if m:
                found.append(f"{path.relative_to(ROOT)}:{n}: {m.group(0)!r}")
    assert not found, "internal references:\n" + "\n".join(found[:50])


@pytest.mark.parametrize("line", ["see theory.md section 6", "Engineer A wrote this", "(issue 3)",
                                  "[DERIVED] bound", "verdict refutes-theory", "../shared/notes"])
def test_patterns_catch_examples(line):
    assert RX.search(line)


@pytest.mark.parametrize("line", ["Theorem 8 as commonly quoted", "derived here", "a helper function",
                                  "Montufar et al. 2014, arXiv:1402.1869"])
def test_patterns_spare_ordinary_text(line):
    assert not RX.search(line)
