"""README.md stays true: the quick-start test command is what CI runs, its Python examples run as doctests.

* The "Quick start" section has exactly two ```bash blocks of one command each: the first installs
  the package and runs ``exactnet verify``; the second is the test command, and it must be the command
  ``.ci/run`` runs (the same tokens; pip's verbosity flags ``--quiet``/``-q`` are ignored because they
  change only how much pip prints, not what is installed or run).
* Every ```python block of the README runs as a doctest (in order, in one namespace, as a reader would
  type them; ``# doctest: +SKIP`` works as usual).
* Every ``exactnet ...`` command the README shows is accepted by the real argument parser, and every
  relative link points to a file that exists.
"""

from __future__ import annotations

import doctest
import re
import shlex
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
CI_RUN = ROOT / ".ci" / "run"
PIP_VERBOSITY = {"--quiet", "-q", "-qq", "-qqq", "--verbose", "-v"}


def _text() -> str:
    return README.read_text(encoding="utf-8")


def _section(text: str, title: str) -> str:
    m = re.search(rf"^## {re.escape(title)}\s*$(.*?)(?=^## |\Z)", text, flags=re.M | re.S)
    assert m, f"README.md has no '## {title}' section"
    return m.group(1)


def _blocks(text: str, lang: str) -> list[str]:
    return re.findall(rf"^```{lang}[ \t]*\n(.*?)^```[ \t]*$", text, flags=re.M | re.S)


def _quick_start_commands() -> list[str]:
    blocks = _blocks(_section(_text(), "Quick start"), "bash")
    assert len(blocks) == 2, f"the Quick start section must have two ```bash blocks, not {len(blocks)}"
    commands = []
    for block in blocks:
        lines = [ln.strip() for ln in block.splitlines() if ln.strip() and not ln.strip().startswith("#")]
        assert len(lines) == 1, f"each quick-start block holds one command, not {lines}"
        commands.append(lines[0])
    return commands


def _tokens(command: str) -> list[str]:
    """Shell tokens of a command line, without pip's verbosity flags (they change only pip's output)."""
    return [t for t in shlex.split(command, comments=True) if t not in PIP_VERBOSITY]


def _ci_test_command() -> str:
    lines = [ln.strip() for ln in CI_RUN.read_text(encoding="utf-8").splitlines()]
    runs = [ln for ln in lines if ln and not ln.startswith("#") and "pytest" in ln]
    assert len(runs) == 1, f".ci/run must run one test command, found {runs}"
    return runs[0]


def test_quick_start_install_and_verify():
    first, _ = _quick_start_commands()
    install, _, run = first.partition("&&")
    assert _tokens(install)[:4] == ["python", "-m", "pip", "install"] and "." in _tokens(install)
    assert _tokens(run) == ["exactnet", "verify"]
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts.get("exactnet") == "exactnet.cli:main"  # `exactnet` exists after `pip install .`


def test_quick_start_test_command_is_what_ci_runs():
    _, second = _quick_start_commands()
    ci = _ci_test_command()
    assert _tokens(second) == _tokens(ci), (
        f"README's test command {second!r} differs from .ci/run's {ci!r} (apart from pip's --quiet)"
    )


def test_the_test_command_can_work():
    """`-n 2` needs pytest-xdist from the [test] extra; `--runslow` (mentioned next to it) must exist."""
    _, second = _quick_start_commands()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"]
    m = re.search(r'"?\.\[(\w+)\]"?', second)
    assert m and m.group(1) in extras, f"{second!r} installs an extra pyproject.toml does not define"
    if "-n" in _tokens(second):
        assert any(req.startswith("pytest-xdist") for req in extras[m.group(1)])
    if "--runslow" in _text():
        assert "--runslow" in (ROOT / "conftest.py").read_text(encoding="utf-8")


def _python_blocks() -> list[str]:
    return _blocks(_text(), "python")


def test_readme_python_examples_run_as_doctests():
    blocks = _python_blocks()
    if not blocks:
        pytest.skip("README.md has no ```python examples")
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    globs: dict = {"__name__": "README"}
    for k, block in enumerate(blocks):
        test = parser.get_doctest(block, globs, f"README.md python block {k}", str(README), 0)
        assert test.examples, f"python block {k} of README.md has no '>>>' examples to run"
        runner.run(test, clear_globs=False)
        globs = test.globs
    failed, attempted = runner.summarize(verbose=False)
    assert attempted > 0 and failed == 0, f"{failed} of {attempted} README examples failed (see the output above)"


def test_readme_cli_commands_parse():
    from exactnet.cli import _UsageError, build_parser

    commands = []
    for block in _blocks(_text(), "bash"):
        for line in block.splitlines():
            tokens = shlex.split(line, comments=True)
            if ">" in tokens:  # a shell redirection ends the command
                tokens = tokens[:tokens.index(">")]
            if tokens and tokens[0] == "exactnet":
                commands.append(tokens[1:])
            elif "&&" in tokens and "exactnet" in tokens:
                commands.append(tokens[tokens.index("exactnet") + 1:])
    assert commands, "README.md shows no exactnet command"
    for argv in commands:
        try:
            args = build_parser().parse_args(argv)
        except _UsageError as exc:
            pytest.fail(f"README.md shows 'exactnet {' '.join(argv)}', which the CLI refuses: {exc}")
        assert args.command, argv


def test_readme_relative_links_exist():
    links = re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", _text())
    local = [link for link in links if not re.match(r"[a-z]+:", link)]
    missing = [link for link in local if not (ROOT / link).exists()]
    assert not missing, f"README.md links to missing files: {missing}"
