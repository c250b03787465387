"""Ranks of a network's matricizations, tied to the network: ``matricization_rank``.

The object is ``{"circuit": <circuit>, "output": y, "rows": [modes]}``: the network as a template
circuit (:mod:`exactnet.kernel.circuit`), a 0-based output index and the row modes (0-based,
increasing; the columns are the other modes).  The kernel recomputes the grid tensor with the one
circuit evaluator (its work bounded and refused with an estimate beforehand; only when a method reads the
matrix, so methods that evaluate a few entries, :mod:`~exactnet.kernel.overlap`, work at any size), matricizes it (the last
row mode varies fastest) and checks the same ``minor-and-factorization`` evidence as for an explicit
matrix: no matrix is stored in the certificate.
"""

from __future__ import annotations

import functools
import hashlib

import numpy as np

from ..errors import FormatError, InexactInputError, ResourceLimitError
from .circuit import parse_circuit, template_grid
from .jsonio import canonical, fail, get, index_list, join, json_int, only_keys
from .matrix import minor_and_factorization
from .methods import register_method
from .propositions import INT, Proposition, register_quantity
from .rules import register_rule


def _object(raw, path):
    only_keys(raw, {"circuit", "output", "rows"}, path)
    try:
        circuit = parse_circuit(get(raw, "circuit", path), join(path, "circuit"))
    except (FormatError, InexactInputError) as exc:
        raise fail(getattr(exc, "reason", str(exc)), getattr(exc, "field", None) or join(path, "circuit")) from None
    if any(kind[0] != "templates" for kind in circuit.inputs):
        raise fail("must all be template positions for a grid tensor", join(path, "circuit.inputs"))
    y = json_int(get(raw, "output", path), join(path, "output"), 0)
    if y >= circuit.width:
        raise fail(f"output {y} is out of range 0..{circuit.width - 1}", join(path, "output"))
    rows = index_list(get(raw, "rows", path), join(path, "rows"), len(circuit.inputs), increasing=True)
    return {"circuit": raw["circuit"], "output": y, "rows": rows}, Grid(circuit, y, rows, join(path, "circuit"))


class Grid(tuple):
    """``(circuit, output, rows)``; ``matrix`` is ``(B, 1)``, the matricization's integer numerators, computed
    on first use (the grid tensor recomputed by the evaluator, its work bounded first)."""

    def __new__(cls, circuit, y, rows, path):
        self = super().__new__(cls, (circuit, y, rows))
        self.path = path
        return self

    @functools.cached_property
    def matrix(self):
        try:
            num, _ = template_grid(self[0])
        except (FormatError, ResourceLimitError) as exc:
            raise fail(getattr(exc, "reason", str(exc)), self.path) from None
        cols = [k for k in range(num.ndim - 1) if k not in self[2]]
        T = np.transpose(num[self[1]], self[2] + cols)
        return T.reshape(int(np.prod(T.shape[:len(self[2])])), -1), 1


def _render(obj):
    digest = hashlib.sha256(canonical(obj["circuit"]).encode()).hexdigest()[:16]
    return (f"rank of the matricization with row modes {obj['rows']} of output {obj['output']} of the grid tensor "
            f"of circuit sha256:{digest}")


register_quantity("matricization_rank", _object, ("=", ">=", "<="), INT, _render,
                  doc="rank over Q of a matricization of a network's grid tensor, recomputed from its circuit")
register_method("minor-and-factorization", ("matricization_rank",), minor_and_factorization)


def _tensor_object(raw, path):
    only_keys(raw, {"circuit", "output"}, path)
    try:
        width = parse_circuit(get(raw, "circuit", path), join(path, "circuit")).width
    except (FormatError, InexactInputError) as exc:
        raise fail(getattr(exc, "reason", str(exc)), getattr(exc, "field", None) or join(path, "circuit")) from None
    y = json_int(get(raw, "output", path), join(path, "output"), 0)
    if y >= width:
        raise fail(f"output {y} is out of range 0..{width - 1}", join(path, "output"))
    return {"circuit": raw["circuit"], "output": y}, None


def shallow_width_from_rank(premises, params, path):
    """A shallow ConvAC with Z hidden channels has grid tensors of CP rank <= Z, and a matricization of a tensor
    of CP rank <= Z has rank <= Z; so rank [A^y]_{I,J} >= R forces Z >= R for any shallow ConvAC realizing A^y."""
    (p,) = premises
    only_keys(params, set(), join(path, "params"))
    if p.quantity != "matricization_rank" or p.relation not in ("=", ">="):
        raise fail("the premise must state matricization_rank = R or >= R", join(path, "premises[0].proposition"))
    obj = {"circuit": p.object["circuit"], "output": p.object["output"]}
    return Proposition("shallow_width_needed", obj, ">=", p.value, p.field)


register_quantity("shallow_width_needed", _tensor_object, (">=",), INT,
                  lambda o: f"the hidden width of any shallow ConvAC realizing output {o['output']} of the grid tensor "
                            f"of circuit sha256:{hashlib.sha256(canonical(o['circuit']).encode()).hexdigest()[:16]}",
                  doc="a lower bound on the width Z of shallow ConvACs (CP decompositions) realizing a grid tensor")
register_rule("shallow-width-from-matricization-rank", 1, shallow_width_from_rank)
