"""proofs/: one runnable script per registered instance; every script proves its claim."""

from __future__ import annotations

import runpy
import subprocess
import sys
from pathlib import Path

import pytest

from exactnet.certificates import load_certificate
from exactnet.theorems import iter_instances

PROOFS = Path(__file__).resolve().parents[1] / "proofs"
SCRIPTS = sorted(PROOFS.glob("*__*.py"))


def test_scripts_match_the_registry_one_to_one():
    expected = {f"{check.id}__{inst['name']}.py" for check, inst in iter_instances()}
    found = {p.name for p in SCRIPTS}
    assert found == expected, {"missing": sorted(expected - found), "extra": sorted(found - expected)}


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.stem)
def test_script_proves_its_claim(script, capsys):
    module = runpy.run_path(str(script), run_name="exactnet_proof")
    assert module["main"]([]) == 0
    out = capsys.readouterr().out
    assert f"check:    {module['CHECK_ID']}" in out and "source:" in out and "verdict:" in out
    assert "verdict:  failed" not in out


def test_script_writes_its_certificate(tmp_path, capsys):
    script = PROOFS / "csh2016-thm1__N8_M2_r2-1-1_shared.py"
    module = runpy.run_path(str(script), run_name="exactnet_proof")
    assert module["main"](["--out", str(tmp_path / "c.json")]) == 0
    assert load_certificate(tmp_path / "c.json").check().facts["generic_rank"] == 16


def test_script_runs_as_a_program():
    script = PROOFS / "csh2016-shared-shallow__N2_M2.py"
    res = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120,
                         cwd=str(PROOFS.parent))
    assert res.returncode == 0, res.stderr
    assert "verdict:  confirmed" in res.stdout
