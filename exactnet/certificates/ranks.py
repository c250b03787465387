"""Certified ranks of a network's matricizations, tied to the network (version-2 certificates).

:func:`network_rank` computes the grid tensor, matricizes it and certifies its rank; the certificate
states ``matricization_rank`` of the network's circuit (no matrix is stored): the kernel recomputes
the grid tensor from the circuit with its own evaluator and checks the evidence.

>>> from exactnet.networks import DeepConvAC
>>> net = DeepConvAC.from_windows(4, 2, [2, 2], window=2, seed=0, low=-3, high=3)
>>> res = network_rank(net, "odd-even")
>>> res.value, res.status, res.field, res.check().verdict
(4, 'exact', 'Q', 'valid')
"""

from __future__ import annotations

from typing import Any

from ..core.certificate import Certificate
from ..core.result import Result
from ..core.linalg import rank
from ..networks.circuits import to_circuit
from ..tensors import matricize
from ..tensors.partitions import as_partition

__all__ = ["Result", "network_rank", "tied_certificate", "shallow_width_needed"]


def network_rank(net: Any, partition: Any, output: int = 0) -> Result:
    """Certified rank over Q of the matricization ``[A^y]_{I,J}`` of ``net``'s grid tensor."""
    grid = net.grid_tensor(output=output)
    part = as_partition(partition, grid.ndim)
    res = rank(matricize(grid, part))
    return Result(res.rank, "exact", "Q", tied_certificate(net, part, output, res))


def tied_certificate(net: Any, part: Any, output: int, res: Any) -> Certificate:
    """The ``matricization_rank`` certificate of ``res`` (the certified rank of the matricization of
    ``net``'s grid tensor of ``output`` over the partition ``part``)."""
    prop = {"quantity": "matricization_rank", "relation": "=", "value": int(res.rank), "field": "Q",
            "object": {"circuit": to_circuit(net).source, "output": int(output),
                       "rows": sorted(int(k) for k in part.rows)}}
    return Certificate(prop, res.certificate.evidence)


def shallow_width_needed(net: Any, partition: Any, output: int = 0) -> Result:
    """Certified lower bound on the hidden width of any shallow ConvAC realizing ``net``'s grid tensor
    (rule ``shallow-width-from-matricization-rank`` on the certified rank of one matricization).

    >>> from exactnet.networks import DeepConvAC
    >>> net = DeepConvAC.from_windows(4, 2, [2, 2], window=2, seed=0, low=-3, high=3)
    >>> res = shallow_width_needed(net, "odd-even")
    >>> res.value, res.status, res.check().sentence.startswith("the hidden width of any shallow ConvAC")
    (4, 'lower-bound', True)
    """
    premise = network_rank(net, partition, output).certificate
    obj = {"circuit": premise.proposition["object"]["circuit"], "output": int(output)}
    prop = {"quantity": "shallow_width_needed", "relation": ">=", "value": premise.value, "field": "Q", "object": obj}
    evidence = {"rule": "shallow-width-from-matricization-rank",
                "premises": [{"proposition": premise.proposition, "evidence": premise.evidence}]}
    return Result(premise.value, "lower-bound", "Q", Certificate(prop, evidence))
