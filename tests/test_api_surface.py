"""The public surface follows docs/api-style.md: one argument order, keyword-only options, one partition parser."""

from __future__ import annotations

import inspect

import pytest

import exactnet
from exactnet.theorems.registry import all_checks


@pytest.mark.parametrize("fn", [exactnet.depth_efficiency_certificate, exactnet.depth_lc_certificate,
                                exactnet.compare_pooling, exactnet.theorems.symbolic_minor])
def test_sizes_come_first_in_the_order_N_M(fn):
    params = list(inspect.signature(fn).parameters.values())
    assert [p.name for p in params[:2]] == ["N", "M"]
    options = [p for p in params if p.default is not inspect.Parameter.empty and p.name not in ("N", "M", "widths")]
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in options), fn.__name__


def test_positional_and_keyword_calls_agree():
    a = exactnet.depth_efficiency_certificate(4, 3, (2, 2)).value
    b = exactnet.depth_efficiency_certificate(M=3, N=4, widths=(2, 2)).value
    assert a == b
    with pytest.raises(TypeError):
        exactnet.depth_efficiency_certificate(4, 3, (2, 2), None)  # the tree is keyword-only


@pytest.mark.parametrize("name, rows", [("blocks:2", (0, 1, 4, 5)), ("split:3", (0, 1, 2)),
                                        ("interleaved-blocks:2", (0, 1, 4, 5)), ("odd-even", (0, 2, 4, 6))])
def test_every_entry_point_reads_the_same_partition_names(name, rows):
    from exactnet.tensors.geometry import partition_by_name
    from exactnet.theorems.tt import tt_partition

    assert exactnet.tensors.as_partition(name, 8).rows == rows
    assert partition_by_name(name, 8).rows == rows
    assert tt_partition(name, 8).rows == rows
    net = exactnet.bentkamp_witness(8, 2, (2, 1, 1))
    m = exactnet.matricize(net.grid_tensor(output=0), name)
    assert m.shape == (2 ** len(rows), 2 ** (8 - len(rows)))


def test_unknown_partition_names_the_argument():
    with pytest.raises(exactnet.errors.PartitionError, match="Argument 'partition' must be one of"):
        exactnet.tensors.as_partition("diagonal", 4, name="partition")


def test_one_relu_template_builder():
    assert "relu_templates" in exactnet.__all__
    assert not any(n.startswith("relu_templates_") for n in exactnet.__all__ + exactnet.networks.__all__)


def test_instances_carry_no_outside_numbering():
    for check in all_checks():
        for inst in check.instances:
            assert "row" not in inst, (check.id, inst["name"])


def _public_modules() -> set[str]:
    from pathlib import Path

    root = Path(exactnet.__file__).parent
    out = set()
    for p in root.rglob("*.py"):
        parts = ["exactnet", *p.relative_to(root).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if parts[-1] == "__main__" or any(x.startswith("_") for x in parts):
            continue
        name = ".".join(parts)
        out.add("exactnet.kernel.*" if name.startswith("exactnet.kernel.") else name)
    return out


def test_public_modules_are_the_documented_ones():
    import re
    from pathlib import Path

    doc = (Path(__file__).parents[1] / "docs" / "api-style.md").read_text()
    block = re.search(r"<!-- public-modules: begin -->(.*?)<!-- public-modules: end -->", doc, re.S).group(1)
    documented = set(re.findall(r"- `([\w.*]+)`", block))
    assert documented == _public_modules(), (
        "docs/api-style.md lists the public modules; a new module is private (leading underscore) unless listed")


@pytest.mark.parametrize("internal", ["exactnet.cli_regions", "exactnet.networks.torch_import",
                                      "exactnet.networks.onnx_import", "exactnet.theorems.provers",
                                      "exactnet.theorems.lower", "exactnet.theorems.checks_regions"])
def test_internal_modules_are_private(internal):
    import importlib

    with pytest.raises(ModuleNotFoundError):
        importlib.import_module(internal)
