"""Layer 3: representation layers, shallow/deep ConvACs, JSON input/output of networks and tensors.

Modes, inputs, templates and channels are all **0-based**.
"""

from .representation import KINDS, Representation, relu_templates_representation
from .convac import DeepConvAC, ShallowConvAC, bentkamp_witness
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
    "relu_templates_representation",
    "ShallowConvAC",
    "DeepConvAC",
    "bentkamp_witness",
    "network_to_dict",
    "network_from_dict",
    "tensor_to_dict",
    "tensor_from_dict",
    "save_json",
    "load_json",
    "load_network",
    "load_tensor",
]
