"""from_onnx against ONNX files exported by real PyTorch: the same exact network as from_torch, identical region
counts, the command line on an .onnx file, and refusals of what cannot be modelled (hand-built graphs)."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pytest

torch = pytest.importorskip("torch")
onnx = pytest.importorskip("onnx")
torch.set_num_threads(1)
nn = torch.nn
from onnx import TensorProto, helper, numpy_helper  # noqa: E402

from exactnet.cli import main  # noqa: E402
from exactnet.errors import FormatError, InvalidArgumentError  # noqa: E402
from exactnet.networks._onnx_import import from_onnx  # noqa: E402
from exactnet.networks.pwl import from_torch  # noqa: E402
from exactnet.regions import Box, enumerate_regions  # noqa: E402

from test_torch_import import MODELS  # noqa: E402


def _export(model, shape, path, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(model.eval(), (torch.zeros(1, *shape),), str(path), **kw)
    return path


# the TorchScript exporter with constant folding off keeps BatchNormalization nodes (folded exactly by exactnet);
# its shape computations (view(x.size(0), -1), Unflatten) are static here and folded
LEGACY = MODELS


@pytest.mark.parametrize("name,model,shape", LEGACY, ids=[m[0] for m in LEGACY])
def test_exported_models_give_identical_networks_and_region_counts(name, model, shape, tmp_path):
    path = _export(model, shape, tmp_path / "m.onnx", dynamo=False, do_constant_folding=False)
    net_t = from_torch(model.eval(), shape)
    net_o = from_onnx(path)
    assert net_o == net_t  # the same exact weights, layer by layer
    n = net_t.input_dim
    X = np.random.default_rng(2).uniform(-1, 1, size=(20, n))
    assert net_o.evaluate_batch(X, floats="exact") == net_t.evaluate_batch(X, floats="exact")
    if n <= 2:
        box = Box([-1] * n, [1] * n)
        Et, Eo = enumerate_regions(net_t, box), enumerate_regions(net_o, box)
        assert (Eo.activation_regions, Eo.linear_regions) == (Et.activation_regions, Et.linear_regions)
        assert [r.pattern for r in Eo.regions] == [r.pattern for r in Et.regions]


def test_the_dynamo_exporter_gives_the_same_network(tmp_path):
    pytest.importorskip("onnxscript")
    _, model, shape = next(m for m in MODELS if m[0] == "avgpool2d-unflatten-nested")
    path = _export(model, shape, tmp_path / "m.onnx", dynamo=True, verbose=False)
    assert from_onnx(path) == from_torch(model.eval(), shape)


def test_the_exporter_folds_batch_norm_in_float32(tmp_path):
    """With constant folding the exporter folds BatchNorm into the conv in float32: close, not identical."""
    _, model, shape = next(m for m in MODELS if m[0] == "conv2d-batchnorm2d-maxpool2d")
    path = _export(model, shape, tmp_path / "m.onnx", dynamo=False)
    assert "BatchNormalization" not in [n.op_type for n in onnx.load(str(path)).graph.node]
    X = np.random.default_rng(3).uniform(-1, 1, size=(10, 2))
    a = from_onnx(path).evaluate_batch(X, floats="exact").to_fractions().astype(float)
    b = from_torch(model.eval(), shape).evaluate_batch(X, floats="exact").to_fractions().astype(float)
    assert np.allclose(a, b, rtol=1e-5, atol=1e-6)


def test_exactnet_regions_on_an_onnx_file(tmp_path, capsys):
    _, model, shape = MODELS[0]
    path = _export(model, shape, tmp_path / "m.onnx", dynamo=False)
    E = enumerate_regions(from_torch(model.eval()), Box([-1, -1], [1, 1]))
    assert main(["regions", str(path), "--box", "-1,1;-1,1", "--json", "--out", str(tmp_path / "c.json")]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["activation_regions"], out["linear_regions"], out["status"]) == (E.activation_regions,
                                                                                 E.linear_regions, "exact")
    assert main(["regions", str(path), "--box", "-1,1;-1,1", "--round", "100"]) == 0
    assert "rounded to multiples of 1/100" in capsys.readouterr().out
    assert main(["regions", str(path), "--box", "-1,1;-1,1", "--input-shape", "x"]) == 2
    assert "Argument '--input-shape' must be comma-separated integers" in capsys.readouterr().err


def test_rounding_option(tmp_path):
    lin = nn.Linear(1, 1)
    with torch.no_grad():
        lin.weight.fill_(0.1)
        lin.bias.fill_(0.5)
    path = _export(nn.Sequential(lin), (1,), tmp_path / "m.onnx", dynamo=False)
    from fractions import Fraction

    assert from_onnx(path).layers[0].W.fraction((0, 0)) == Fraction(float(np.float32(0.1)))
    assert from_onnx(path, floats="round", denominator=10).layers[0].W.fraction((0, 0)) == Fraction(1, 10)


# ----------------------------------------------------------------------------------- hand-built graphs
def _graph(nodes, inits, in_shape=(1, 2), out="y"):
    g = helper.make_graph(nodes, "g", [helper.make_tensor_value_info("x", TensorProto.FLOAT, list(in_shape))],
                          [helper.make_tensor_value_info(out, TensorProto.FLOAT, None)],
                          [numpy_helper.from_array(np.asarray(v, dtype=np.float32), k) for k, v in inits.items()])
    return helper.make_model(g)


def test_matmul_add_mul_and_sub_by_constants_fold_into_the_affine_map():
    m = _graph([helper.make_node("MatMul", ["x", "W"], ["h"]), helper.make_node("Add", ["h", "b"], ["h2"]),
                helper.make_node("Mul", ["h2", "s"], ["h3"]), helper.make_node("Relu", ["h3"], ["h4"]),
                helper.make_node("Sub", ["h4", "c"], ["y"])],
               {"W": [[1, 2], [3, 4]], "b": [0.5, -1], "s": [2.0], "c": [1, 1]})
    net = from_onnx(m)
    assert len(net.layers) == 3
    assert net.evaluate([1, 0]) == (max(2 * (1 + 0.5), 0) - 1, max(2 * (2 - 1), 0) - 1)


@pytest.mark.parametrize("nodes,inits,match", [
    ([helper.make_node("Tanh", ["x"], ["y"])], {}, r"node 0 \(Tanh\) uses the operator Tanh"),
    ([helper.make_node("Gemm", ["x", "W"], ["h"], transB=1), helper.make_node("Add", ["h", "x"], ["y"])],
     {"W": [[1, 0], [0, 1]]}, r"does not act on the previous node's output alone"),
    ([helper.make_node("Gemm", ["x", "W"], ["y"], transA=1)], {"W": [[1, 0], [0, 1]]}, r"transA=1"),
    ([helper.make_node("Conv", ["x", "K"], ["y"], pads=[1, 0])], {"K": [[[1, 1]]]}, r"asymmetric pads \[1, 0\]"),
    ([helper.make_node("Shape", ["x"], ["s"]), helper.make_node("ConstantOfShape", ["s"], ["y"])], {},
     r"ConstantOfShape.*computes a shape at run time"),
    ([helper.make_node("Mul", ["c", "c"], ["d"]), helper.make_node("Add", ["x", "d"], ["y"])], {"c": [1.5, 2.0]},
     r"computes with float constants"),
])
def test_what_cannot_be_modelled_is_refused_by_node(nodes, inits, match):
    in_shape = (1, 1, 2) if nodes[0].op_type == "Conv" else (1, 2)
    with pytest.raises(InvalidArgumentError, match=match):
        from_onnx(_graph(nodes, inits, in_shape))


def test_bad_files(tmp_path):
    with pytest.raises(FormatError, match="no such file"):
        from_onnx(tmp_path / "missing.onnx")
    bad = tmp_path / "bad.onnx"
    bad.write_bytes(b"not a model")
    with pytest.raises(FormatError, match="not a readable ONNX model"):
        from_onnx(bad)
    m = _graph([helper.make_node("Relu", ["x"], ["y"])], {}, in_shape=("N", "D"))
    with pytest.raises(InvalidArgumentError, match=r"'input_shape' is required"):
        from_onnx(m)
    assert from_onnx(m, (3,)).input_dim == 3
