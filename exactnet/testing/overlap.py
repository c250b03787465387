r"""Public Hypothesis strategies for overlapping (generalized convolutional) ConvACs and pooling geometry.

Bounded by default (grid tensors of at most a few thousand entries), so exact dense oracles stay fast::

    from hypothesis import given
    from exactnet.testing.overlap import gc_networks

    @given(gc_networks())
    def test_routes_agree(net):
        assert net.grid_tensor("evaluation") == net.grid_tensor("decomposition")

This module is a side branch of the layering: it uses exactnet's public API and nothing imports it.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

from exactnet.core.qarray import QArray
from exactnet.networks import Representation
from exactnet.networks.gcconvac import GCConvAC, GCLayer
from exactnet.tensors.geometry import input_shape_of
from exactnet.tensors.partitions import Partition

__all__ = ["gc_layer_stacks", "gc_networks", "nonoverlapping_gc_networks", "partitions_of", "gc_weights"]


def _out(n: int, R: int, S: int, D: int) -> int:
    return (n - D * (R - 1) - 1) // S + 1


@st.composite
def _axis_stack(draw, n: int, max_layers: int, overlap: bool = False) -> list[tuple[int, int, int]]:
    """(R, S, D) per layer along one axis, ending with one position (``overlap``: the first layer has R > S)."""
    out = []
    if overlap and n >= 3 and max_layers >= 2:
        R = draw(st.integers(2, min(3, n - 1)))
        S = draw(st.integers(1, R - 1))
        out.append((R, S, 1))
        n = _out(n, R, S, 1)
    for _ in range(max_layers - 1 - len(out)):
        if n <= 2 or draw(st.integers(0, 3)) == 0:
            break
        D = draw(st.sampled_from([1, 1, 2]))
        max_R = (n - 1) // D + 1
        R = draw(st.integers(1, max(1, min(3, max_R))))
        S = draw(st.integers(1, R)) if draw(st.integers(0, 3)) else draw(st.integers(1, 3))
        m = _out(n, R, S, D)
        if m >= n and R == 1 and S == 1:
            continue  # an identity layer along this axis: allowed but useless here
        out.append((R, S, D))
        n = m
    out.append((n, 1, 1))  # the last layer covers what is left
    return out


@st.composite
def gc_layer_stacks(draw, input_shape=(4,), max_layers: int = 3, max_channels: int = 3,
                    overlap: bool | None = None) -> list[GCLayer]:
    """A valid stack of :class:`GCLayer` for ``input_shape`` (1-D or 2-D), the last leaving one position.

    ``overlap=True`` makes the first layer overlap (R > S) along the longest axis when it has >= 3 positions;
    ``None`` draws it.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5, deadline=None)
    ... @given(gc_layer_stacks((6,), overlap=True))
    ... def t(layers):
    ...     assert GCConvAC.random((6,), 2, layers).is_overlapping()
    >>> t()
    """
    shape = input_shape_of(input_shape)
    ov = draw(st.booleans()) if overlap is None else overlap
    longest = max(range(len(shape)), key=lambda a: shape[a])
    axes = [draw(_axis_stack(n, max_layers, ov and a == longest)) for a, n in enumerate(shape)]
    L = max(len(a) for a in axes)
    layers = []
    for l in range(L):
        per = []
        for a in axes:
            # pad shorter axes with identity layers (R = S = D = 1) *before* their last layer
            k = l - (L - len(a))
            per.append(a[k] if k >= 0 else (1, 1, 1))
        ch = draw(st.integers(1, max_channels))
        if len(shape) == 1:
            R, S, D = per[0]
            layers.append(GCLayer(R, S, ch, D))
        else:
            layers.append(GCLayer((per[0][0], per[1][0]), (per[0][1], per[1][1]), ch, (per[0][2], per[1][2])))
    return layers


def _rational(draw, low: int, high: int, fractions: bool) -> Fraction:
    n = draw(st.integers(low, high))
    if fractions and draw(st.integers(0, 4)) == 0:
        return Fraction(n, draw(st.integers(1, 3)))
    return Fraction(n)


@st.composite
def gc_weights(draw, shape: tuple[int, ...], low: int = -2, high: int = 2, fractions: bool = True) -> QArray:
    """An exact array of the given shape (small integers, some fractions).

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5, deadline=None)
    ... @given(gc_weights((2, 3)))
    ... def t(W):
    ...     assert W.shape == (2, 3)
    >>> t()
    """
    size = math.prod(shape)
    vals = np.empty(size, dtype=object)
    vals[:] = [_rational(draw, low, high, fractions) for _ in range(size)]
    return QArray.from_fractions(vals.reshape(shape))


@st.composite
def gc_networks(draw, dims: int | None = None, max_entries: int = 4096, max_channels: int = 3, Y: int = 1,
                shared: bool | None = None, fractions: bool = True, overlap: bool | None = None) -> GCConvAC:
    """A random GC ConvAC (1-D or 2-D, shared or not, overlapping or not) whose grid tensor has at most
    ``max_entries`` entries per output.  Representation: identity, a matrix with T != M, or monomials.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5, deadline=None)
    ... @given(gc_networks(dims=2))
    ... def t(net):
    ...     assert net.dims == 2 and net.T ** net.N <= 4096
    >>> t()
    """
    dims = draw(st.sampled_from([1, 2])) if dims is None else dims
    T = draw(st.integers(2, 3))
    max_N = max(2, int(math.log(max_entries) / math.log(T)))
    if dims == 1:
        shape: tuple[int, ...] = (draw(st.integers(2, min(max_N, 7))),)
    else:
        H = draw(st.integers(1, 3))
        W = draw(st.integers(2 if H == 1 else 1, max(1, min(3, max_N // H))))
        shape = (H, W)
    kind = draw(st.sampled_from(["identity", "matrix", "monomial"]))
    if kind == "identity":
        rep = Representation.identity(T)
    elif kind == "monomial":
        rep = Representation.monomials([str(x) for x in draw(st.lists(st.integers(-2, 2), min_size=T, max_size=T,
                                                                        unique=True))], draw(st.integers(1, 3)))
    else:
        M = draw(st.integers(1, 3))
        rep = Representation.from_matrix(draw(gc_weights((T, M), fractions=fractions)))
    layers = draw(gc_layer_stacks(shape, max_channels=max_channels, overlap=overlap))
    sh = draw(st.booleans()) if shared is None else shared
    skeleton = GCConvAC.random(shape, rep.M, layers, shared=sh, representation=rep, Y=Y)
    weights = tuple(draw(gc_weights(W.shape, fractions=fractions)) for W in skeleton.weights)
    out = draw(gc_weights(skeleton.output_weights.shape, fractions=fractions))
    return GCConvAC(shape, rep, layers, weights, out, sh)


@st.composite
def nonoverlapping_gc_networks(draw, max_entries: int = 4096, max_channels: int = 3) -> GCConvAC:
    """A non-overlapping 1-D GC ConvAC (R = S, dilation 1 in every layer: a tree of contiguous windows).

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5, deadline=None)
    ... @given(nonoverlapping_gc_networks())
    ... def t(net):
    ...     assert not net.is_overlapping()
    >>> t()
    """
    windows = draw(st.lists(st.integers(2, 3), min_size=1, max_size=3))
    while math.prod(windows) > 12:
        windows = windows[:-1]
    N = math.prod(windows)
    T = 2 if 3**N > max_entries else draw(st.integers(2, 3))
    rep = Representation.identity(T)
    layers = [GCLayer(w, w, draw(st.integers(1, max_channels))) for w in windows]
    sh = draw(st.booleans())
    skeleton = GCConvAC.random((N,), T, layers, shared=sh, representation=rep)
    weights = tuple(draw(gc_weights(W.shape)) for W in skeleton.weights)
    out = draw(gc_weights(skeleton.output_weights.shape))
    return GCConvAC((N,), rep, layers, weights, out, sh)


@st.composite
def partitions_of(draw, N: int) -> Partition:
    """A partition of ``N`` modes with both sides non-empty (any sizes).

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5, deadline=None)
    ... @given(partitions_of(5))
    ... def t(p):
    ...     assert p.rows and p.cols and p.num_modes == 5
    >>> t()
    """
    rows = draw(st.sets(st.integers(0, N - 1), min_size=1, max_size=N - 1))
    return Partition.from_rows(sorted(rows), N)
