"""Every Python example in the guides under docs/ runs as written.

``python`` blocks with ``>>>`` run as doctests, the blocks of one page in order in one namespace (as a
reader would type them; ``# doctest: +SKIP`` works as usual); ``python`` blocks without prompts run as
scripts in that same namespace.  README.md's blocks are run by tests/test_readme.py, docs/interop.md's (which need the optional
PyTorch and ONNX extras) by tests/test_interop_doc.py.
"""

from __future__ import annotations

import doctest
import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TESTED_ELSEWHERE = {"interop.md"}
#: pages whose python blocks are templates for contributors (placeholders such as ``<area>``), not examples
TEMPLATES = {"kernel.md"}
PAGES = [p for p in sorted((ROOT / "docs").glob("*.md")) + sorted((ROOT / "docs" / "formats").glob("*.md"))
         if p.name not in TESTED_ELSEWHERE | TEMPLATES]
BLOCK = re.compile(r"^```python[ \t]*\n(.*?)^```[ \t]*$", flags=re.M | re.S)


def _pages_with_code() -> list[Path]:
    return [p for p in PAGES if BLOCK.search(p.read_text(encoding="utf-8"))]


@pytest.mark.parametrize("page", _pages_with_code(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_guide_examples_run(page, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # examples that write files write them here
    monkeypatch.setenv("MPLBACKEND", "Agg")
    namespace: dict = {"__name__": "__guide__"}
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    parser = doctest.DocTestParser()
    for k, block in enumerate(BLOCK.findall(page.read_text(encoding="utf-8"))):
        where = f"{page.relative_to(ROOT)} block {k + 1}"
        if ">>>" in block:
            test = parser.get_doctest(block, namespace, where, str(page), 0)
            runner.run(test, clear_globs=False)
            namespace.update(test.globs)  # DocTest works on a copy of the namespace
        else:
            exec(compile(block, where, "exec"), namespace)  # noqa: S102 - the guide's own example
    res = runner.summarize(verbose=False)
    assert res.failed == 0, f"{page.name}: {res.failed} doctest example(s) failed (see the output above)"


def _commands() -> list[tuple[str, str]]:
    out = []
    for page in sorted((ROOT / "docs").rglob("*.md")):
        for block in re.findall(r"^```(?:bash|sh|console)?[ \t]*\n(.*?)^```[ \t]*$", page.read_text(encoding="utf-8"),
                                flags=re.M | re.S):
            for line in block.splitlines():
                line = line.strip().removeprefix("$ ")
                if line.startswith("exactnet ") and " [--" not in line:  # a synopsis is not a command
                    out.append((page.relative_to(ROOT).as_posix(), line.split("  #")[0].split(" # ")[0].strip()))
    return out


@pytest.mark.parametrize("page,command", _commands(), ids=lambda x: x if "/" in x else x[:60])
def test_guide_commands_parse(page, command):
    """Every ``exactnet ...`` command a guide shows is accepted by the real argument parser."""
    import shlex

    from exactnet.cli import build_parser

    argv = shlex.split(command.split(" > ")[0].split(" | ")[0])[1:]
    try:
        build_parser().parse_args(argv)
    except SystemExit as exc:  # --help
        assert exc.code == 0, command
    except Exception as exc:  # noqa: BLE001 - the parser's usage error
        pytest.fail(f"{page}: {command!r} is refused: {exc}")
