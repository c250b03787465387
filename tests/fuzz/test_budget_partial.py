"""Deep ``--tree`` arguments and ``--budget`` answers: partial results with a status, never a bare refusal."""

from __future__ import annotations

import json

import pytest

from exactnet.cli import main
from exactnet._cli_geometry import _explicit_tree
from exactnet.theorems.bounds import structural_bounds


def _caterpillar_text(n: int) -> str:
    s = "0"
    for k in range(1, n):
        s = f"[{s},{k}]"
    return s


def test_a_3000_deep_tree_argument_is_read_as_text_and_as_a_file(tmp_path):
    text = _caterpillar_text(3000)
    f = tmp_path / "cat.json"
    f.write_text(text)
    for arg in (text, str(f)):
        tree = _explicit_tree(arg, 3000)
        assert tree.num_modes == 3000 and tree.height == 2999


def test_span_recursion_runs_on_a_deep_caterpillar():
    tree = _explicit_tree(_caterpillar_text(3000), 3000)
    rows = tuple(range(0, 3000, 2))
    bounds = structural_bounds(tree, 2, (2,) * tree.height, rows)
    assert all(isinstance(v, int) and v >= 1 for v in bounds.values())


def test_a_tree_argument_that_is_not_json_is_refused(capsys):
    assert main(["structured", "--N", "4", "--M", "2", "--widths", "2", "--tree", "[[0,1],"]) == 2
    assert "Argument '--tree'" in capsys.readouterr().err
