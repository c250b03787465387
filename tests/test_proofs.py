"""proofs/: one readable, runnable file per claim; the files and the claims library agree."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from exactnet.certificates import load_certificate
from exactnet.claims import library, proof_file_text, run_proof_file

ROOT = Path(__file__).resolve().parents[1]
PROOFS = ROOT / "proofs"
LIBRARY = library()


def test_one_file_per_claim():
    found = {p.stem for p in PROOFS.glob("*.py")}
    assert found == set(LIBRARY), {"missing": sorted(set(LIBRARY) - found), "extra": sorted(found - set(LIBRARY))}


@pytest.mark.parametrize("claim_id", sorted(LIBRARY))
def test_file_states_the_library_claim(claim_id):
    """Regenerate with ``python -m exactnet.claims`` when this fails."""
    assert (PROOFS / f"{claim_id}.py").read_text() == proof_file_text(LIBRARY[claim_id])


@pytest.mark.parametrize("claim_id", sorted(LIBRARY))
def test_file_proves_every_instance(claim_id, capsys):
    assert run_proof_file(PROOFS / f"{claim_id}.py", []) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{claim_id}: ")
    # every instance reaches the verdict docs/claims.md states for it
    reached = dict(line.split()[:2] for line in out.splitlines() if line.startswith("  "))
    stated = {i.name: i.finding.verdict if i.finding else "confirmed" for i in LIBRARY[claim_id].instances}
    assert reached == stated


def test_file_writes_certificates(tmp_path, capsys):
    assert run_proof_file(PROOFS / "csh2016-thm1.py", ["--instance", "N8_M2_r2-1-1_shared", "--out", str(tmp_path)]) == 0
    cert = load_certificate(tmp_path / "csh2016-thm1__N8_M2_r2-1-1_shared.json")
    assert cert.check().facts["value"] == 16


def test_file_runs_as_a_program():
    res = subprocess.run([sys.executable, str(PROOFS / "csh2016-shared-shallow.py")], capture_output=True, text=True,
                         timeout=120, cwd=str(ROOT))
    assert res.returncode == 0, res.stderr
    assert "N2_M2  confirmed" in res.stdout


def test_unknown_instance_is_refused():
    from exactnet.errors import UnknownTheoremError

    with pytest.raises(UnknownTheoremError):
        run_proof_file(PROOFS / "csh2016-size.py", ["--instance", "nope"])
