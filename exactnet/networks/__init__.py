"""Layer 3: representation layers, shallow/deep ConvACs, rectifier networks, generalized-convolution ConvACs,
piecewise-linear networks, JSON input/output of networks and tensors.

Modes, inputs, templates and channels are all **0-based**.
"""

from .representation import KINDS, Representation
from .convac import DeepConvAC, ShallowConvAC, bentkamp_witness
from .rectifier import DeepRectifierNet, ShallowRectifierNet, relu_templates
from .gcconvac import GCConvAC, GCLayer
from .pwl import Abs, Affine, LeakyReLU, MaxPool, Maxout, PWLNetwork, ReLU, from_numpy, from_torch, relu_network
from .tt import TTNetwork
from ._onnx_import import from_onnx
from .polynomial import PolynomialNetwork
from .io import (
    load_json,
    load_network,
    load_tensor,
    network_from_dict,
    network_to_dict,
    save_json,
    tensor_from_dict,
    tensor_to_dict,
)

__all__ = [
    "KINDS",
    "Representation",
    "ShallowConvAC",
    "DeepConvAC",
    "bentkamp_witness",
    "ShallowRectifierNet",
    "DeepRectifierNet",
    "relu_templates",
    "GCConvAC",
    "GCLayer",
    "TTNetwork",
    "PWLNetwork",
    "Affine",
    "ReLU",
    "LeakyReLU",
    "Abs",
    "Maxout",
    "MaxPool",
    "relu_network",
    "PolynomialNetwork",
    "from_numpy",
    "from_torch",
    "from_onnx",
    "network_to_dict",
    "network_from_dict",
    "tensor_to_dict",
    "tensor_from_dict",
    "save_json",
    "load_json",
    "load_network",
    "load_tensor",
]
