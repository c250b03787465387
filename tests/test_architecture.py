"""Layering is enforced: modules import only from their own layer and the layers beneath."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "exactnet"

# layer number of each top-level subpackage/module of exactnet
LAYERS = {
    "errors": 0,
    "_version": 0,
    "checker": 0,
    "kernel": 0,  # the certificate kernel (imports only exactnet.errors)
    "core": 1,
    "scale": 1,  # the engine and the result store (imports only errors and core)
    "tensors": 2,
    "networks": 3,
    "certificates": 4,
    "theorems": 5,
    "claims": 5,  # the claims library (data; joined with the registered checks)
    "regions": 4,  # linear regions of piecewise-linear networks (uses networks and certificates)
    "cli": 6,
    "_cli_rectifier": 6,
    "_cli_regions": 6,
    "_cli_geometry": 6,
    "plotting": 6,  # teaching pictures (uses theorems and regions; imported by _cli_draw only)
    "_cli_draw": 6,
    "_cli_tt": 6,
    "_cli_polynomial": 6,
    "_cli_new": 6,
    "conjectures": 6,  # conjectures and the search for counterexamples
    "_cli_search": 6,
    "testing": 7,  # side branch: may use the public API, nothing imports it
}
FACADES = {"__init__", "__main__"}


def _top(module_path: Path, root: Path = ROOT) -> str:
    rel = module_path.relative_to(root)
    return rel.parts[0].removesuffix(".py")


def _imported_tops(path: Path, root: Path = ROOT) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(), filename=str(path))
    rel_pkg = path.relative_to(root).parts[:-1]
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "exactnet" and len(parts) > 1:
                    out.append((node.lineno, parts[1]))
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                parts = (node.module or "").split(".")
                if parts[0] == "exactnet":
                    if len(parts) > 1:
                        out.append((node.lineno, parts[1]))
                    else:
                        out.extend((node.lineno, a.name) for a in node.names)
            else:
                base = list(rel_pkg[: len(rel_pkg) - (node.level - 1)]) if node.level > 1 else list(rel_pkg)
                mod = (node.module or "").split(".") if node.module else []
                full = base + mod
                if full:
                    out.append((node.lineno, full[0]))
                else:
                    out.extend((node.lineno, a.name) for a in node.names)
    return out


def _modules():
    return sorted(p for p in ROOT.rglob("*.py") if p.relative_to(ROOT).parts[0] not in FACADES | {"__init__.py", "__main__.py"})


def _violations(path: Path, root: Path = ROOT) -> list[str]:
    own = _top(path, root)
    own_layer = LAYERS[own]
    found = []
    for lineno, target in _imported_tops(path, root):
        target = target.removesuffix(".py")
        if target not in LAYERS:
            continue
        where = f"{path}:{lineno}"
        if target == "testing" and own != "testing":
            found.append(f"{where} imports exactnet.testing (a side branch)")
        elif own in ("checker", "kernel") and target not in {"checker", "kernel", "errors"}:
            found.append(f"{where}: the independent checker may import only exactnet.errors, not {target}")
        elif own != "checker" and target != "testing" and LAYERS[target] > own_layer:
            found.append(f"{where}: layer '{own}' (L{own_layer}) imports '{target}' (L{LAYERS[target]}), an upper layer")
    return found


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_point_downward(path):
    assert _violations(path) == []


def test_checker_shares_no_code_with_provers():
    for path in [*(ROOT / "checker").rglob("*.py"), *(ROOT / "kernel").rglob("*.py")]:
        for lineno, target in _imported_tops(path):
            assert target in {"checker", "kernel", "errors"}, f"{path}:{lineno} imports exactnet.{target}"


def test_the_rule_catches_an_upward_import(tmp_path):
    root = tmp_path / "exactnet"
    (root / "core").mkdir(parents=True)
    bad = root / "core" / "bad.py"
    bad.write_text("from ..cli import main\nfrom exactnet.theorems import registry\n")
    assert len(_violations(bad, root)) == 2
    checker_bad = root / "checker"
    checker_bad.mkdir()
    (checker_bad / "x.py").write_text("from ..core import linalg\n")
    assert _violations(checker_bad / "x.py", root)
