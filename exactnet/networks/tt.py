r"""Tensor-train (recurrent multiplicative) networks: a TT decomposition read through a representation layer.

A :class:`TTNetwork` reads d patches ``x_0..x_{d-1}`` (0-based), maps each to the M features
``f(x_t)`` of its :class:`~exactnet.networks.Representation`, and runs the bilinear recurrence of
Khrulkov, Novikov & Oseledets ("Expressive power of recurrent neural networks", ICLR 2018,
arXiv:1711.00811)::

    h_0[g] = sum_i G_0[0, i, g] f_i(x_0)
    h_t[g] = sum_{b, i} G_t[b, i, g] f_i(x_t) h_{t-1}[b]        (t = 1..d-1),   score = h_{d-1}[0]

with cores ``G_t`` of shape ``(r_t, M, r_{t+1})`` (``r_0 = r_d = 1``).  Its coefficient tensor is the
TT decomposition of the cores and its grid tensor the TT with every core multiplied by ``F`` on the
middle mode.  :meth:`TTNetwork.to_deep_convac` gives the equal deep ConvAC over the caterpillar tree
(:func:`exactnet.tensors.tt.tt_to_ht`), so every ConvAC tool (skeleton ranks, certificates) applies.

Examples
--------
>>> net = TTNetwork.random(4, 2, 2, seed=0)
>>> net.grid_tensor() == net.to_deep_convac().grid_tensor(output=0, method="evaluation")
True
>>> net.evaluate_templates((0, 1, 1, 0)) == net.grid_tensor()[0, 1, 1, 0]
True
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Sequence

import numpy as np

import math

from ..core.qarray import QArray
from ..errors import FormatError, InvalidArgumentError, ShapeError
from ..tensors.tt import TTDecomposition, caterpillar_tree, tt_to_ht, tt_to_tensor
from ._common import check_format, describe, json_array, join, require_keys
from .convac import NETWORK_FORMAT, SCHEMA_VERSION, DeepConvAC
from .representation import Representation

__all__ = ["TTNetwork", "tt_circuit"]


def _check_output(output: Any) -> None:
    if output is not None and (isinstance(output, bool) or output != 0):
        raise InvalidArgumentError(f"Argument 'output' must be 0 (a TT network has one output), not {describe(output)}")


@dataclass(frozen=True)
class TTNetwork:
    """A recurrent multiplicative (TT) network: cores ``G_t`` (r_t, M, r_{t+1}) and a representation layer.

    >>> TTNetwork(TTDecomposition.random(3, 2, 2), Representation.identity(3))
    Traceback (most recent call last):
      ...
    exactnet.errors.ShapeError: Argument 'cores' has mode sizes (2, 2, 2) but the representation has M=3 functions: every core must be (r_t, 3, r_(t+1))
    """

    tt: TTDecomposition
    representation: Representation

    def __post_init__(self) -> None:
        if not isinstance(self.tt, TTDecomposition):
            raise InvalidArgumentError(f"Argument 'tt' must be a TTDecomposition, not {describe(self.tt)}")
        if not isinstance(self.representation, Representation):
            raise InvalidArgumentError(f"Argument 'representation' must be a Representation, not {describe(self.representation)}")
        M = self.representation.M
        if any(n != M for n in self.tt.mode_sizes):
            raise ShapeError(
                f"Argument 'cores' has mode sizes {self.tt.mode_sizes} but the representation has M={M} functions: "
                f"every core must be (r_t, {M}, r_(t+1))"
            )

    @classmethod
    def random(cls, d: int, M: int, ranks: Any, seed: int = 0, low: int = -20, high: int = 20,
               representation: Representation | None = None) -> "TTNetwork":
        """Random integer cores (identity representation unless given).

        >>> TTNetwork.random(5, 3, [1, 2, 2, 1]).ranks
        (1, 2, 2, 1)
        """
        tt = TTDecomposition.random(d, M, ranks, seed=seed, low=low, high=high)
        return cls(tt, representation if representation is not None else Representation.identity(tt.mode_sizes[0]))

    @property
    def N(self) -> int:
        """d, the number of inputs."""
        return self.tt.num_modes

    @property
    def M(self) -> int:
        return self.representation.M

    @property
    def Y(self) -> int:
        """Number of outputs (a TT network has one score)."""
        return 1

    @property
    def ranks(self) -> tuple[int, ...]:
        return self.tt.ranks

    @property
    def num_weights(self) -> int:
        return self.tt.num_parameters

    def grid_tensor_tt(self) -> TTDecomposition:
        """The TT of the grid tensor: each core multiplied by ``F`` (T x M) on its middle mode."""
        F = self.representation.matrix
        cores = []
        for c in self.tt.cores:
            r0, M, r1 = c.shape
            flat = QArray(np.transpose(c.num, (1, 0, 2)).reshape(M, r0 * r1), c.den)
            prod = F @ flat  # (T, r0 * r1)
            cores.append(QArray(np.transpose(prod.num.reshape(F.shape[0], r0, r1), (1, 0, 2)).copy(), prod.den))
        return TTDecomposition(tuple(cores))

    def grid_tensor(self, output: Any = 0) -> QArray:
        """The grid tensor (T, ..., T), dense (checked against the memory limit); ``output`` must be 0 or None."""
        _check_output(output)
        return tt_to_tensor(self.grid_tensor_tt())

    def coefficient_tensor(self, output: Any = 0) -> QArray:
        """The coefficient tensor (M, ..., M) = the TT of the cores, dense."""
        _check_output(output)
        return tt_to_tensor(self.tt)

    def _run(self, feats: Sequence[Sequence[Fraction]]) -> Fraction:
        h = [Fraction(1)]
        for t, f in enumerate(feats):
            c = self.tt.cores[t]
            r0, M, r1 = c.shape
            h = [sum((Fraction(int(c.num[b, i, g]), c.den) * f[i] * h[b] for b in range(r0) for i in range(M)),
                     Fraction(0)) for g in range(r1)]
        return h[0]

    def evaluate(self, patches: Sequence[Any]) -> Fraction:
        """The score at d patches, by the recurrence (exact).

        >>> TTNetwork(TTDecomposition([[[[1], [2]]], [[[3], [5]]]]), Representation.identity(2)).evaluate([[1, 0], [0, 1]])
        Fraction(5, 1)
        """
        if len(patches) != self.N:
            raise InvalidArgumentError(f"Argument 'patches' must hold d={self.N} patches, not {len(patches)}")
        return self._run([self.representation.features(x, f"patches[{t}]") for t, x in enumerate(patches)])

    def evaluate_templates(self, indices: Sequence[int]) -> Fraction:
        """The grid-tensor entry at template indices (one per input, 0-based), by the recurrence."""
        F = self.representation.matrix
        if len(indices) != self.N:
            raise InvalidArgumentError(f"Argument 'indices' must hold d={self.N} template indices, not {len(indices)}")
        return self._run([[F.fraction((int(t), m)) for m in range(self.M)] for t in indices])

    def to_deep_convac(self) -> DeepConvAC:
        """The equal deep ConvAC over the caterpillar tree (widths n * r_k), same representation."""
        ht = tt_to_ht(self.tt)
        return DeepConvAC.from_weights(caterpillar_tree(self.N), self.representation, ht.leaf_factors,
                                       ht.node_weights, ht.output_weights)

    def to_dict(self) -> dict:
        """JSON form, ``"kind": "tt-network"``.

        >>> net = TTNetwork.random(3, 2, 2)
        >>> TTNetwork.from_dict(net.to_dict()) == net
        True
        """
        return {"format": NETWORK_FORMAT, "schema_version": SCHEMA_VERSION, "kind": "tt-network",
                "num_inputs": self.N, "ranks": list(self.ranks), "representation": self.representation.to_dict(),
                "cores": [c.tolist_str() for c in self.tt.cores]}

    @classmethod
    def from_dict(cls, obj: Any, path: str = "") -> "TTNetwork":
        """Parse and validate (``FormatError`` naming the field)."""
        if not isinstance(obj, dict):
            raise FormatError(f"must be a JSON object, not {describe(obj)}", path or None)
        check_format(obj, path, NETWORK_FORMAT)
        require_keys(obj, path, ("format", "schema_version", "kind", "representation", "cores"),
                     ("num_inputs", "ranks"))
        if obj["kind"] != "tt-network":
            raise FormatError(f"must be 'tt-network', not {describe(obj['kind'])}", join(path, "kind"))
        rep = Representation.from_dict(obj["representation"], join(path, "representation"))
        cores_obj = obj["cores"]
        if not isinstance(cores_obj, list):
            raise FormatError(f"must be a list of 3-d arrays, not {describe(cores_obj)}", join(path, "cores"))
        cores = tuple(json_array(c, join(path, f"cores[{k}]"), 3) for k, c in enumerate(cores_obj))
        try:
            tt = TTDecomposition(cores)
        except ShapeError as exc:
            raise FormatError(str(exc), join(path, "cores")) from None
        for key, have in (("num_inputs", tt.num_modes), ("ranks", list(tt.ranks))):
            if key in obj and obj[key] != have:
                raise FormatError(f"is {obj[key]!r} but the cores give {have!r}", join(path, key))
        try:
            return cls(tt, rep)
        except ShapeError as exc:
            raise FormatError(str(exc), join(path, "cores")) from None


def _matrix_json(num: np.ndarray, den: int = 1) -> dict:
    """An integer matrix of numerators over ``den`` in the circuit's matrix encoding (reduced)."""
    nums = [int(x) for x in np.asarray(num).reshape(-1).tolist()]
    g = math.gcd(int(den), *nums)
    return {"shape": [int(num.shape[0]), int(num.shape[1])], "denominator": str(int(den) // g),
            "numerators": [str(x // g) for x in nums]}


def tt_circuit(tt: TTDecomposition | None = None, *, mode_sizes: Any = None, ranks: Any = None) -> dict:
    """The tensor train as a template circuit (JSON, :mod:`exactnet.kernel.circuit`) whose grid tensor is the TT's
    tensor; without ``tt``, the architecture of the TTs with these ``mode_sizes`` and ``ranks`` (every matrix zero).

    Position k reads template i of mode k (the identity ``n_k x n_k`` lookup).  ``h_1 = G_0^T e_i`` (``r_1``
    channels); for k >= 1 the bilinear step ``h_(k+1)[g] = sum_(b, i) G_k[b, i, g] h_k[b] e_i`` is
    ``W_k (A_k h_k * B_k e_i)`` with ``A_k``, ``B_k`` the 0/1 matrices copying ``h_k[b]`` and ``e_i`` to channel
    ``(b, i)`` and ``W_k[g, (b, i)] = G_k[b, i, g]``.  Every node has width ``r_(k+1)`` or ``r_k n_k``; with every
    matrix free (the architecture's weight space) ``W_k (A h * B e)`` is an arbitrary bilinear map, so the
    architecture's tensors are exactly the TTs of these ranks, and its generic ranks are theirs.

    >>> from exactnet.kernel.circuit import parse_circuit, template_grid
    >>> tt = TTDecomposition.random(4, 2, 2, seed=1)
    >>> num, den = template_grid(parse_circuit(tt_circuit(tt)))
    >>> QArray(num[0], den) == tt_to_tensor(tt)
    True
    """
    if tt is not None:
        sizes, rs = tt.mode_sizes, tt.ranks
    else:
        sizes, rs = tuple(mode_sizes), tuple(ranks)
    d, full = len(sizes), (1,) + tuple(rs) + (1,)
    zero = lambda m, n: {"shape": [m, n], "denominator": "1", "numerators": ["0"] * (m * n)}  # noqa: E731
    nodes: list = [{"op": "input", "position": k} for k in range(d)]

    def add(node: dict) -> int:
        nodes.append(node)
        return len(nodes) - 1

    if tt is not None:
        c = tt.cores[0]
        G0 = _matrix_json(c.num[0].T, c.den)
    h = add({"op": "affine", "arg": 0, "matrix": G0 if tt is not None else zero(full[1], sizes[0])})
    for k in range(1, d):
        rk, nk, w = full[k], sizes[k], full[k] * sizes[k]
        if tt is not None:
            A = np.repeat(np.eye(rk, dtype=np.int64), nk, axis=0)          # row (b, i) -> e_b
            B = np.tile(np.eye(nk, dtype=np.int64), (rk, 1))               # row (b, i) -> e_i
            c = tt.cores[k]
            W = _matrix_json(np.transpose(c.num, (2, 0, 1)).reshape(full[k + 1], w), c.den)
            A, B = _matrix_json(A), _matrix_json(B)
        else:
            A, B, W = zero(w, rk), zero(w, nk), zero(full[k + 1], w)
        a = add({"op": "affine", "arg": h, "matrix": A})
        b = add({"op": "affine", "arg": k, "matrix": B})
        m = add({"op": "mul", "args": [a, b]})
        h = add({"op": "affine", "arg": m, "matrix": W})
    return {"format": "exactnet.circuit", "version": 1,
            "inputs": [{"templates": _matrix_json(np.eye(n, dtype=np.int64))} for n in sizes], "nodes": nodes, "output": h}
