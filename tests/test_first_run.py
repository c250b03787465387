"""The README's first-run commands work as written, in an empty directory."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _first_run_commands() -> list[str]:
    text = (ROOT / "README.md").read_text()
    section = text.split("## First run", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```bash\n(.*?)```", section, re.S).group(1)
    return [line for line in block.splitlines() if line.strip()]


def test_readme_first_run(tmp_path):
    commands = _first_run_commands()
    assert commands[0].startswith("exactnet new ") and len(commands) >= 4
    outputs = []
    for line in commands:
        assert line.startswith("exactnet ")
        argv, _, target = line.partition(" > ")
        cmd = [sys.executable, "-m", "exactnet", *shlex.split(argv)[1:]]
        res = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, timeout=300)
        assert res.returncode == 0, (line, res.stderr)
        if target:
            (tmp_path / target.strip()).write_text(res.stdout)
        outputs.append(res.stdout)
    joined = "\n".join(outputs)
    assert "rank [A]_{I,J} = 16 over Q" in joined and "VALID: cert.json" in joined
    assert "activation regions: 14" in joined
    assert "theory" not in joined.lower()


def test_new_refuses_missing_arguments(capsys):
    from exactnet.cli import main

    assert main(["new", "deep-convac", "--N", "8"]) == 2
    assert "Argument '--M' is required" in capsys.readouterr().err
    assert main(["new", "relu", "--widths", "2,x"]) == 2
