"""Ranks of a network's matricizations, tied to the network: ``matricization_rank``.

The object is ``{"circuit": <circuit>, "output": y, "rows": [modes]}``: the network as a template
circuit (:mod:`exactnet.kernel.circuit`), a 0-based output index and the row modes (0-based,
increasing; the columns are the other modes).  The kernel recomputes the grid tensor with the one
circuit evaluator (its work bounded and refused with an estimate beforehand; only when a method reads the
matrix, so methods that evaluate a few entries, :mod:`~exactnet.kernel.overlap`, work at any size), matricizes it (the last
row mode varies fastest) and checks the same ``minor-and-factorization`` evidence as for an explicit
matrix: no matrix is stored in the certificate.
"""

import functools

import numpy as np

from .circuit import template_grid
from .jsonio import get, index_list, join, only_keys
from .matrix import minor_and_factorization
from .overlap import _grid_object, certified, digest
from .propositions import INT, Proposition, register_quantity
from .rules import premise, register_method, register_rule


def _object(raw, path):
    only_keys(raw, {"circuit", "output", "rows"}, path)
    obj, (c, y) = _grid_object({k: get(raw, k, path) for k in ("circuit", "output")}, path)
    rows = index_list(get(raw, "rows", path), join(path, "rows"), len(c.inputs), increasing=True)
    return dict(obj, rows=rows), Grid((c, y, rows, join(path, "circuit")))


class Grid(tuple):
    """``(circuit, output, rows, path)``; ``matrix`` is ``(B, 1)``, the matricization's integer numerators, computed
    on first use (the grid tensor recomputed by the evaluator, its work bounded first)."""

    @functools.cached_property
    def matrix(self):
        num, _ = certified(self[3], template_grid, self[0])
        T = np.transpose(num[self[1]], self[2] + [k for k in range(num.ndim - 1) if k not in self[2]])
        return T.reshape(int(np.prod(T.shape[:len(self[2])])), -1), 1


# rank over Q of a matricization of a network's grid tensor, recomputed from its circuit
register_quantity("matricization_rank", _object, ("=", ">=", "<="), INT,
                  lambda o: f"rank of the matricization with row modes {o['rows']} of output {o['output']} of the grid "
                            f"tensor of circuit sha256:{digest(o['circuit'])}")
register_method("minor-and-factorization", ("matricization_rank",), minor_and_factorization)


def shallow_width_from_rank(premises, params, path):
    """A shallow ConvAC with Z hidden channels has grid tensors of CP rank <= Z, and a matricization of a tensor
    of CP rank <= Z has rank <= Z; so rank [A^y]_{I,J} >= R forces Z >= R for any shallow ConvAC realizing A^y."""
    p = premise(premises[0], "matricization_rank", ("=", ">="), join(path, "premises[0].proposition"))
    return Proposition("shallow_width_needed", {"circuit": p.object["circuit"], "output": p.object["output"]}, ">=",
                       p.value, p.field)


# a lower bound on the width Z of shallow ConvACs (CP decompositions) realizing a grid tensor
register_quantity("shallow_width_needed", _grid_object, (">=",), INT,
                  lambda o: f"the hidden width of any shallow ConvAC realizing output {o['output']} of the grid tensor "
                            f"of circuit sha256:{digest(o['circuit'])}")
register_rule("shallow-width-from-matricization-rank", 1, shallow_width_from_rank)
