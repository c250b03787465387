"""docs/interop.md stays true: its ```python blocks run as doctests (in order, in one namespace), and its
exactnet commands are accepted by the real argument parser."""

from __future__ import annotations

import doctest
import re
import shlex
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[1] / "docs" / "interop.md"


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"^```{lang}[ \t]*\n(.*?)^```[ \t]*$", DOC.read_text(encoding="utf-8"), flags=re.M | re.S)


def test_interop_guide_examples_run_as_doctests():
    torch = pytest.importorskip("torch")  # the guide's later blocks use PyTorch and ONNX
    pytest.importorskip("onnx")
    torch.set_num_threads(1)
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    globs: dict = {"__name__": "interop"}
    blocks = _blocks("python")
    assert len(blocks) >= 6
    for k, block in enumerate(blocks):
        test = parser.get_doctest(block, globs, f"interop.md python block {k}", str(DOC), 0)
        assert test.examples, f"python block {k} of docs/interop.md has no '>>>' examples"
        runner.run(test, clear_globs=False)
        globs = test.globs
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{result.failed} example(s) of docs/interop.md failed (see the output above)"


def test_interop_guide_commands_parse():
    from exactnet.cli import build_parser

    parser = build_parser()
    commands = [ln.strip() for b in _blocks("bash") for ln in b.splitlines() if ln.strip().startswith("exactnet ")]
    assert commands
    for line in commands:
        parser.parse_args(shlex.split(line, comments=True)[1:])
