"""In CI the optional importers are really tested: torch and onnx must be installed there (no silent skip)."""

from __future__ import annotations

import importlib
import os

import pytest


@pytest.mark.parametrize("module", ["torch", "onnx", "onnxscript"])
def test_ci_installs_the_optional_importers(module):
    if os.environ.get("CI", "").lower() not in ("true", "1"):
        pytest.skip("outside CI the torch / onnx extras are optional (their tests skip without them)")
    try:
        importlib.import_module(module)
    except ImportError as exc:  # pragma: no cover - the point of the test
        pytest.fail(f"CI must install {module} (.ci/run installs torch==2.13.0 and the onnx extra): {exc}")


def test_ci_run_installs_them():
    from pathlib import Path

    text = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text(encoding="utf-8")
    assert '"torch==2.13.0"' in text and '".[onnx]"' in text
