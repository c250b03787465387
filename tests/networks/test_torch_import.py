"""from_torch against real PyTorch models: every supported layer, a trained network, certified region counts.

Oracles: torch's own float64 forward pass (outputs to rounding, activation patterns at the certificate's
interior points), the exact affine map of each region, and the independent certificate checker.
"""

from __future__ import annotations

import copy
from fractions import Fraction

import numpy as np
import pytest

torch = pytest.importorskip("torch")
torch.set_num_threads(1)  # tiny models: threads only contend with the test workers
nn = torch.nn
F = torch.nn.functional

from exactnet.errors import InvalidArgumentError, ShapeError  # noqa: E402
from exactnet.networks.pwl import LeakyReLU, MaxPool, ReLU, from_torch  # noqa: E402
from exactnet.regions import Box, enumerate_regions  # noqa: E402


def _f64(model):
    return copy.deepcopy(model).double().eval()


def _torch_out(model, X: np.ndarray, shape) -> np.ndarray:
    with torch.no_grad():
        return _f64(model)(torch.tensor(X, dtype=torch.float64).reshape(len(X), *shape)).reshape(len(X), -1).numpy()


def _torch_patterns(model, X: np.ndarray, shape) -> list[np.ndarray]:
    """Bits (input > 0) of every nn.ReLU / nn.LeakyReLU, in call order, from torch's float64 forward pass."""
    m = _f64(model)
    seen: list[np.ndarray] = []
    hooks = [mod.register_forward_hook(lambda mod, inp, out: seen.append((inp[0] > 0).reshape(len(X), -1).numpy()))
             for mod in m.modules() if type(mod) in (nn.ReLU, nn.LeakyReLU)]
    with torch.no_grad():
        m(torch.tensor(X, dtype=torch.float64).reshape(len(X), *shape))
    for h in hooks:
        h.remove()
    return [s.astype(np.int64) for s in seen]


def _as_float(Q) -> np.ndarray:
    return np.array([[float(v) for v in row] for row in Q.to_fractions()])


def _agrees(exact: np.ndarray, ref: np.ndarray) -> bool:
    return bool(np.all(np.abs(exact - ref) <= 1e-9 * (1 + np.abs(ref))))


def _bit_layers(net) -> list[int]:
    """Indices (among nonlinear layers) of the ReLU / LeakyReLU layers."""
    nonlinear = [layer for layer in net.layers if isinstance(layer, (ReLU, LeakyReLU, MaxPool)) or
                 type(layer).__name__ in ("Abs", "Maxout")]
    return [i for i, layer in enumerate(nonlinear) if isinstance(layer, (ReLU, LeakyReLU))]


class Custom(nn.Module):
    """A custom module, traced with torch.fx: functional relu / leaky_relu and a view keeping the batch axis."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv1d(1, 2, 2)
        self.fc = nn.Linear(4, 3)
        self.head = nn.Sequential(nn.ReLU(), nn.Linear(3, 1))

    def forward(self, x):
        x = F.relu(self.conv(x))
        x = x.view(x.size(0), -1)
        x = F.leaky_relu(self.fc(x), 0.25)
        return self.head(torch.relu(x))


def _bn(c: int, seed: int) -> nn.Module:
    g = torch.Generator().manual_seed(seed)
    bn = nn.BatchNorm1d(c) if seed % 2 else nn.BatchNorm2d(c)
    with torch.no_grad():
        bn.running_mean.copy_(torch.rand(c, generator=g) - 0.5)
        bn.running_var.copy_(torch.rand(c, generator=g) + 0.5)
        bn.weight.copy_(torch.rand(c, generator=g) + 0.5)
        bn.bias.copy_(torch.rand(c, generator=g) - 0.5)
    return bn


def _models():
    """(id, model, input shape): every layer from_torch maps, in small models whose regions are enumerable."""
    torch.manual_seed(0)
    return [
        ("linear-relu", nn.Sequential(nn.Linear(2, 4), nn.ReLU(), nn.Linear(4, 1)), (2,)),
        ("leaky-dropout-identity", nn.Sequential(nn.Linear(2, 3), nn.LeakyReLU(0.1), nn.Dropout(0.5), nn.Identity(),
                                                 nn.Linear(3, 2)), (2,)),
        ("batchnorm1d-folded", nn.Sequential(nn.Linear(2, 3), _bn(3, 1), nn.ReLU(), nn.Linear(3, 1)), (2,)),
        ("conv1d-stride-padding-dilation", nn.Sequential(nn.Conv1d(1, 2, 2, stride=2, padding=1, dilation=2), nn.ReLU(),
                                                         nn.Flatten(), nn.Linear(4, 1)), (1, 3)),
        ("conv2d-batchnorm2d-maxpool2d", nn.Sequential(nn.Conv2d(1, 2, (1, 2), padding=(0, 1)), _bn(2, 2), nn.ReLU(),
                                                       nn.MaxPool2d((1, 2), padding=(0, 1)), nn.Flatten(),
                                                       nn.Linear(4, 1)), (1, 1, 2)),
        ("maxpool1d-avgpool1d", nn.Sequential(nn.Conv1d(1, 2, 2), nn.ReLU(), nn.MaxPool1d(2, stride=1, dilation=1),
                                              nn.AvgPool1d(2, padding=1, count_include_pad=False), nn.Flatten(),
                                              nn.Linear(2, 1)), (1, 3)),
        ("avgpool2d-unflatten-nested", nn.Sequential(nn.Sequential(nn.Flatten(), nn.Unflatten(1, (1, 2, 2))),
                                                     nn.Sequential(nn.AvgPool2d(2, stride=1, padding=1)),
                                                     nn.Flatten(), nn.Linear(9, 2), nn.ReLU(), nn.Linear(2, 1)),
         (1, 2, 2)),
        ("conv2d-groups-stride", nn.Sequential(nn.Conv2d(2, 2, (1, 2), groups=2, stride=(1, 2)), nn.ReLU(),
                                               nn.Flatten(), nn.Linear(2, 1)), (2, 1, 2)),
        ("custom-fx", Custom(), (1, 3)),
    ]


MODELS = _models()


@pytest.mark.parametrize("name,model,shape", MODELS, ids=[m[0] for m in MODELS])
def test_each_layer_imports_and_gives_certified_region_counts(name, model, shape):
    model.eval()
    net = from_torch(model, shape)
    n = net.input_dim
    assert n == int(np.prod(shape))
    # outputs agree with torch's float64 forward pass to rounding, on random points (batched exact evaluation)
    X = np.random.default_rng(1).uniform(-1, 1, size=(40, n))
    exact, pats = net.evaluate_batch(X, floats="exact", patterns=True)
    assert _agrees(_as_float(exact), _torch_out(model, X, shape))
    bit_layers = _bit_layers(net)
    if name != "custom-fx":  # functional relu calls have no module to hook
        tp = _torch_patterns(model, X, shape)
        assert len(tp) == len(bit_layers)
        for t, i in zip(tp, bit_layers):
            assert (pats[i] == t).all()
    # certified region count; every region's interior point checked against torch
    E = enumerate_regions(net, Box([-1] * n, [1] * n))
    assert E.complete and E.status == "exact" and E.activation_regions >= 1
    assert E.certificate.check().verdict == "valid"
    P = np.array([[float(v) for v in r.point] for r in E.regions])
    ref = _torch_out(model, P, shape)
    for r, row in zip(E.regions, ref):
        A, c = r.affine
        y = [sum((A.fraction((i, j)) * r.point[j] for j in range(n)), c.fraction((i,))) for i in range(A.shape[0])]
        assert y == list(net.evaluate(r.point))                       # the region's exact map is the network
        assert _agrees(np.array([float(v) for v in y]), row)          # and agrees with torch
    if name != "custom-fx":
        tp = _torch_patterns(model, P, shape)
        for k, r in enumerate(E.regions):
            assert [tuple(t[k]) for t in tp] == [r.pattern[i] for i in bit_layers]


def test_a_trained_network():
    """Train a small net a few hundred steps (fixed seed), import it, and check every certified region."""
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(2, 8), nn.ReLU(), nn.Linear(8, 8), nn.ReLU(), nn.Linear(8, 1))
    X = torch.rand(256, 2) * 2 - 1
    y = (X[:, :1] ** 2 - X[:, 1:]).sin()
    opt = torch.optim.Adam(model.parameters(), lr=0.02)
    for _ in range(300):
        opt.zero_grad()
        loss = ((model(X) - y) ** 2).mean()
        loss.backward()
        opt.step()
    assert loss.item() < 0.05  # it did learn
    model.eval()
    net = from_torch(model)
    E = enumerate_regions(net, Box([-1, -1], [1, 1]))
    assert E.complete and E.certificate.check().verdict == "valid"
    P = np.array([[float(v) for v in r.point] for r in E.regions])
    assert _agrees(_as_float(net.evaluate_batch(P, floats="exact")), _torch_out(model, P, (2,)))
    # torch's float64 activation patterns at the interior points are the certified ones, all distinct
    tp = _torch_patterns(model, P, (2,))
    torch_patterns = [tuple(tuple(t[k]) for t in tp) for k in range(len(P))]
    assert torch_patterns == [r.pattern for r in E.regions]
    assert len(set(torch_patterns)) == E.activation_regions
    # a dense float64 grid finds no pattern outside the certified set
    g = np.linspace(-0.999, 0.999, 61)
    G = np.array([[a, b] for a in g for b in g])
    tg = _torch_patterns(model, G, (2,))
    assert {tuple(tuple(t[k]) for t in tg) for k in range(len(G))} <= set(torch_patterns)


def test_weights_are_exact_binary_values_or_a_stated_rounding():
    lin = nn.Linear(1, 1)
    with torch.no_grad():
        lin.weight.fill_(0.1)
        lin.bias.fill_(-1 / 3)
    net = from_torch(nn.Sequential(lin))
    w, b = net.layers[0].W.fraction((0, 0)), net.layers[0].b.fraction((0,))
    assert w == Fraction(float(np.float32(0.1))) != Fraction(1, 10)   # the float32's exact value
    assert b == Fraction(float(np.float32(-1 / 3)))
    r = from_torch(nn.Sequential(lin), floats="round", denominator=1000)
    assert r.layers[0].W.fraction((0, 0)) == Fraction(1, 10) and r.layers[0].b.fraction((0,)) == Fraction(-333, 1000)
    leaky = from_torch(nn.Sequential(nn.Linear(1, 1), nn.LeakyReLU(0.01)))
    assert leaky.layers[1].slope == Fraction(0.01)  # the Python float's exact value
    with pytest.raises(InvalidArgumentError, match=r"Argument 'floats' must be 'exact'"):
        from_torch(nn.Sequential(lin), floats="refuse")
    with pytest.raises(InvalidArgumentError, match=r"'denominator' is required"):
        from_torch(nn.Sequential(lin), floats="round")


def test_batchnorm_fold_uses_the_float64_scale_exactly():
    bn = _bn(2, 1)
    bn.eval()
    lin = nn.Linear(2, 2)
    net = from_torch(nn.Sequential(lin, bn))
    assert len(net.layers) == 1  # folded into the linear layer
    s = (bn.weight.double() / torch.sqrt(bn.running_var.double() + bn.eps)).detach()
    W = lin.weight.double().detach()
    for i in range(2):
        si = Fraction(float(s[i]))
        for j in range(2):
            assert net.layers[0].W.fraction((i, j)) == si * Fraction(float(W[i, j]))
        expect = si * (Fraction(float(lin.bias.detach()[i])) - Fraction(float(bn.running_mean[i]))) + Fraction(float(bn.bias.detach()[i]))
        assert net.layers[0].b.fraction((i,)) == expect
    alone = from_torch(nn.Sequential(bn), (2,))  # no affine layer before: a diagonal one
    assert alone.layers[0].W.fraction((0, 1)) == 0 and alone.layers[0].W.fraction((0, 0)) == Fraction(float(s[0]))


class Residual(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(2, 2)

    def forward(self, x):
        return x + self.fc(x)


class Branchy(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(2, 2)

    def forward(self, x):
        if x.sum() > 0:
            return self.fc(x)
        return x


class ScaledLinear(nn.Linear):
    """A subclass overriding forward: not an nn.Linear as far as the import goes (traced, then refused)."""

    def forward(self, x):
        return super().forward(x) * 2


class SequentialPlusOne(nn.Sequential):
    def forward(self, x):
        return super().forward(x) + 1


@pytest.mark.parametrize("model,shape,match", [
    (ScaledLinear(2, 2), None, r"uses the tensor attribute 'weight' directly"),
    (SequentialPlusOne(nn.Linear(2, 2)), None, r"the operation add \(node 'add' in 'the model'\) is not one exactnet"),
    (nn.Sequential(nn.Linear(2, 2), nn.Tanh()), None, r"Tanh at '1'; Tanh is not piecewise linear"),
    (nn.Sequential(nn.Linear(2, 2), nn.Sequential(nn.Linear(2, 2), nn.GELU())), None, r"GELU at '1\.1'"),
    (nn.Sequential(nn.Linear(2, 2), nn.ReLU6()), None, r"ReLU6 at '1'; write it as relu\(x\) - relu\(x - 6\)"),
    (nn.Sequential(nn.Conv3d(1, 1, 1)), (1, 1, 1, 1), r"Conv3d at '0'"),
    (nn.Sequential(nn.Conv2d(1, 1, 2)), None, r"'input_shape' is required: the first layer, a convolution at '0'"),
    (nn.Sequential(nn.Linear(2, 2), nn.BatchNorm1d(2).train()), None, r"training mode.*call model\.eval\(\)"),
    (nn.Sequential(nn.Linear(2, 2), nn.Dropout(0.5).train()), None, r"dropout at '1' is in training mode"),
    (nn.Sequential(nn.Conv1d(1, 1, 2, padding_mode="circular", padding=1)), (1, 3), r"padding_mode='circular'"),
    (nn.Sequential(nn.MaxPool1d(2, ceil_mode=True)), (1, 3), r"ceil_mode=True"),
    (Residual(), None, r"operation add \(node 'add' in 'the model'\) does not act on the previous layer's output"),
    (Branchy(), (2,), r"custom module Branchy at 'the model' cannot be traced with torch\.fx"),
    (nn.Sequential(nn.Linear(2, 3), nn.Linear(2, 1)), None, r"linear layer at '1' takes 2 inputs, but the width"),
])
def test_what_cannot_be_modelled_is_refused_by_name(model, shape, match):
    with pytest.raises((InvalidArgumentError, ShapeError), match=match):
        from_torch(model, shape)


def test_tensors_as_points_weights_and_domains():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1)).eval()
    net = from_torch(model)
    t = torch.tensor([0.5, -0.25])
    with pytest.raises(Exception, match=r"floats are not exact"):
        net.evaluate(t)
    assert net.evaluate(t, floats="exact") == net.evaluate(["1/2", "-1/4"])
    assert net.evaluate(torch.tensor([1, -2])) == net.evaluate([1, -2])       # integer tensors are exact
    B = Box(torch.tensor([-1, -1]), torch.tensor([1, 1]))
    assert B == Box([-1, -1], [1, 1])
    assert Box(torch.tensor([-0.5, 0.0]), torch.tensor([0.5, 0.25]), floats="exact").upper == (Fraction(1, 2),
                                                                                             Fraction(1, 4))
    from exactnet.networks.pwl import conv_affine
    k = torch.tensor([[[0.5, -1.0]]])
    assert conv_affine(k, (1, 3), floats="exact") == conv_affine([[["1/2", -1]]], (1, 3))
