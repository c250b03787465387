"""The teaching notebooks in notebooks/ are the sources a lecturer edits, committed with their outputs.

Checked here for every notebook: it runs top to bottom (nbclient) and its fresh printed output equals the committed one (so
the committed outputs belong to the committed sources; cells tagged ``machine-dependent``, such as a float rank, are
only run); it shows typeset mathematics and at least one picture, re-verifies its certificates, has exercises,
prints no more than a screen per cell and refers to nothing outside the repository. The four notebooks of the course
also state learning goals and end with exercises whose solutions are hidden cells with assertions.

After editing a notebook, save it executed: in Jupyter "Restart Kernel and Run All Cells", then save; or
``jupyter nbconvert --to notebook --execute --inplace notebooks/NAME.ipynb``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
#: the short course: learning goals, and exercises with one hidden, self-checking solution cell each
COURSE_NAMES = {"depth_efficiency.ipynb", "generalized_decompositions.ipynb", "linear_regions.ipynb",
                "separation_rank.ipynb"}
COURSE = [p for p in NOTEBOOKS if p.name in COURSE_NAMES]
MAX_LINES = 60  # about a screen
OUTSIDE = re.compile(r"theory\.md|\.\./shared|/w[o]rk/|shared/st[y]le|architecture\.md|helper_bri[e]f", re.IGNORECASE)


def _read(path):
    return nbformat.read(path, as_version=4)


def _exercise_start(nb) -> int:
    starts = [k for k, c in enumerate(nb.cells) if c.cell_type == "markdown" and re.match(r"#+\s*Exercises", c.source)]
    assert starts, "the notebook must have an '## Exercises' section"
    return starts[-1]


def _stream(cell) -> str:
    return "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream")


def _output_lines(cell) -> int:
    n = 0
    for o in cell.get("outputs", []):
        if o.get("output_type") == "stream":
            n += o.get("text", "").count("\n")
        elif o.get("output_type") in ("execute_result", "display_data") and "image/png" not in o.get("data", {}):
            n += str(o.get("data", {}).get("text/plain", "")).count("\n") + 1
        elif o.get("output_type") == "error":
            n += len(o.get("traceback", []))
    return n


def test_there_are_notebooks_and_no_build_scripts():
    assert {p.name for p in COURSE} == COURSE_NAMES, "the course notebooks are all there"
    old_builders = {"_build_notebooks.py", "_build_overlap.py", "_build_rectifier.py", "_build_regions.py"}
    assert not {p.name for p in (ROOT / "notebooks").glob("_build*.py")} & old_builders, \
        "the notebooks are the sources: no build scripts"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_a_lesson(path):
    nb = _read(path)
    first = nb.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# ")
    if path.name in COURSE_NAMES:
        assert "Learning goals" in first.source
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert re.search(r"\$\$.+?\$\$", markdown, re.S), "display mathematics ($$...$$) expected"
    assert len(re.findall(r"(?<!\$)\$[^$\n]+\$(?!\$)", markdown)) >= 5, "inline mathematics ($...$) expected"
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.get("execution_count") for c in code), "commit the notebook executed (every code cell has run)"
    assert any("image/png" in o.get("data", {}) for c in code for o in c.get("outputs", [])), "at least one picture"
    assert not [o for c in code for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert any("VERIFIED" in _stream(c) for c in code), "the notebook re-verifies its certificates"
    _exercise_start(nb)  # every notebook has exercises


@pytest.mark.parametrize("path", COURSE, ids=lambda p: p.name)
def test_notebook_ends_with_exercises_and_hidden_solutions(path):
    nb = _read(path)
    start = _exercise_start(nb)
    tail = nb.cells[start:]
    questions = re.findall(r"^\s*\d+\.\s+\*\*", tail[0].source, re.M)
    assert len(questions) >= 3, "at least three numbered exercises"
    solutions = [c for c in tail if c.cell_type == "code"]
    assert len(solutions) == len(questions), "one solution cell per exercise"
    for c in solutions:
        assert c.metadata.get("jupyter", {}).get("source_hidden") is True, "solutions are hidden from the first view"
        assert "solution" in c.metadata.get("tags", [])
        assert "assert " in c.source, "each solution checks itself"
    # nothing but exercises and their solutions after the heading
    assert all(c.cell_type == "code" or c.source.startswith("**Solution") for c in tail[1:])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_quiet_and_self_contained(path):
    nb = _read(path)
    for k, c in enumerate(nb.cells):
        assert not OUTSIDE.search(c.source), f"cell {k} refers to something outside the repository"
        if c.cell_type == "code":
            assert _output_lines(c) <= MAX_LINES, f"cell {k} prints {_output_lines(c)} lines (more than a screen)"
            for o in c.get("outputs", []):
                text = o.get("text", "") + str(o.get("data", {}).get("text/plain", ""))
                assert not OUTSIDE.search(text), f"cell {k}'s output refers to something outside the repository"
                assert len(text) < 4000 and all(len(line) <= 160 for line in text.splitlines()), \
                    f"cell {k} prints a long line or a large object"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_executes_and_matches_its_committed_outputs(path, tmp_path):
    committed = _read(path)
    nb = _read(path)
    os.environ.setdefault("MPLBACKEND", "Agg")
    client = nbclient.NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}})
    client.execute()  # raises CellExecutionError if any cell (a solution's assert included) fails
    for k, (old, new) in enumerate(zip(committed.cells, nb.cells)):
        if new.cell_type != "code":
            continue
        assert _output_lines(new) <= MAX_LINES
        if "machine-dependent" in new.metadata.get("tags", []):  # e.g. a float rank, which depends on the BLAS
            continue
        assert _stream(new) == _stream(old), (
            f"cell {k} of {path.name} prints something else than the committed output: re-execute the notebook and "
            f"save it (jupyter nbconvert --to notebook --execute --inplace notebooks/{path.name})")
        assert sum("image/png" in o.get("data", {}) for o in new.outputs) == \
            sum("image/png" in o.get("data", {}) for o in old.outputs)


def test_the_checks_catch_a_bad_notebook(tmp_path):
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    nb = new_notebook(cells=[new_markdown_cell("# T\n\nsee .." + "/shared/notes.md"), new_code_cell("print(1)")])
    path = tmp_path / "bad.ipynb"
    nbformat.write(nb, path)
    with pytest.raises(AssertionError):
        test_notebook_is_a_lesson(path)
    with pytest.raises(AssertionError):
        test_notebook_is_quiet_and_self_contained(path)
    with pytest.raises(AssertionError):
        test_notebook_ends_with_exercises_and_hidden_solutions(path)
    nb.cells[0].source = "# T\n\n$x$ $y$ $z$ $u$ $v$ $$w$$"
    nb.cells.append(new_markdown_cell("## Exercises\n\n1. **One.**\n2. **Two.**\n3. **Three.**"))
    nb.cells += [new_code_cell("assert 1 + 1 == 2") for _ in range(3)]  # solutions that are not hidden
    nbformat.write(nb, path)
    with pytest.raises(AssertionError, match="hidden"):
        test_notebook_ends_with_exercises_and_hidden_solutions(path)
