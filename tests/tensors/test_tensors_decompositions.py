"""CP / HT decompositions: dense tensors against naive recursion, matricization rank, witnesses, errors."""

from __future__ import annotations

import time
from fractions import Fraction
from itertools import permutations

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from exactnet.core.qarray import QArray
from exactnet.errors import InexactInputError, InvalidArgumentError, PartitionError, ShapeError
from exactnet.tensors import (
    CPDecomposition,
    HTDecomposition,
    Partition,
    PoolingTree,
    apply_representation,
    cp_rank_one_terms,
    cp_to_matricization,
    cp_to_tensor,
    ht_to_tensor,
    matricize,
    mode_products,
    to_tensor,
)

from tensors_testlib import (
    all_indices,
    flatten,
    flint_rank,
    fr,
    internal_order,
    naive_cp_entry,
    naive_ht_entry,
    nested_trees,
    qarrays,
)

FAST = settings(deadline=None, max_examples=30)


# ---------------------------------------------------------------------------- strategies
def _parents(structure):
    par = {}

    def walk(node):
        if isinstance(node, tuple):
            for c in node:
                par[c] = node
                walk(c)

    walk(structure)
    return par


@st.composite
def ht_cases(draw, max_modes=5, big=False):
    """(HTDecomposition, raw data for the naive oracle) with random tree, channel counts and entries."""
    structure = draw(nested_trees(2, max_modes))
    par = _parents(structure)
    n = len(flatten(structure))
    sizes = [draw(st.integers(1, 3)) for _ in range(n)]
    order = internal_order(structure)
    r_in = {node: draw(st.integers(1, 3)) for node in order + [structure]}
    leaf = [draw(qarrays((r_in[par[i]], sizes[i]), big=big)) for i in range(n)]
    nodes = [draw(qarrays((r_in[par[v]], r_in[v]), big=big)) for v in order]
    Y = draw(st.integers(1, 2))
    out = draw(qarrays((Y, r_in[structure]), big=big))
    ht = HTDecomposition(structure, leaf, nodes, out)
    raw = (structure, [f.tolist() for f in leaf], {v: W.tolist() for v, W in zip(order, nodes)}, out.tolist())
    return ht, raw


@st.composite
def cp_cases(draw, min_modes=1, max_modes=4, big=False):
    n = draw(st.integers(min_modes, max_modes))
    Z = draw(st.integers(1, 3))
    sizes = [draw(st.integers(1, 3)) for _ in range(n)]
    factors = [draw(qarrays((Z, m), big=big)) for m in sizes]
    Y = draw(st.integers(1, 2))
    weights = draw(qarrays((Y, Z), big=big))
    return CPDecomposition(factors, weights)


# ---------------------------------------------------------------------------- HT vs naive recursion
@FAST
@given(ht_cases(big=True))
def test_ht_tensor_equals_naive_recursion(case):
    ht, (structure, leaf, weights, out) = case
    A = ht_to_tensor(ht)
    assert A.shape == (ht.num_outputs,) + ht.mode_sizes
    for y in range(ht.num_outputs):
        for d in all_indices(ht.mode_sizes):
            assert fr(A, (y,) + d) == naive_ht_entry(structure, leaf, weights, out, y, d)


@FAST
@given(ht_cases())
def test_ht_single_output_is_a_slice(case):
    ht, _ = case
    A = ht_to_tensor(ht)
    for y in range(ht.num_outputs):
        assert ht_to_tensor(ht, output=y) == A[y]
        assert to_tensor(ht, y) == A[y]


def test_ht_int64_overflow_switches_to_python_ints():
    # entries 2^20: the products at the root exceed 2^62, so int64 would overflow
    big = 2**20
    tree = PoolingTree.from_windows(8, 2)
    leaf = [QArray.from_nested([[big, 1], [1, -big]])] * 8
    W = QArray.from_nested([[big, big - 1], [3, -big]])
    ht = HTDecomposition(tree, leaf, [W] * 6, [[big, 1]])
    A = ht_to_tensor(ht, output=0)
    assert A.num.dtype == object and A.max_abs_num() >= 2**62
    raw = (tree.structure, [f.tolist() for f in leaf], {v: W.tolist() for v in tree.internal_nodes()}, [[big, 1]])
    for d in [(0,) * 8, (1,) * 8, (0, 1, 0, 1, 1, 0, 0, 1), (1, 1, 0, 0, 1, 0, 1, 0)]:
        assert fr(A, d) == naive_ht_entry(raw[0], raw[1], raw[2], raw[3], 0, d)


def test_deep_n8_m8_r2_grid_tensor_build():
    """The 16.7M-entry deep grid tensor: built bottom-up, spot-checked against the naive recursion."""
    rng = np.random.default_rng(7)
    tree = PoolingTree.from_windows(8, 2)
    leaf = [QArray.from_integers(rng.integers(-3, 4, size=(2, 8))) for _ in range(8)]
    nodes = [QArray.from_integers(rng.integers(-3, 4, size=(2, 2)), 2) for _ in tree.internal_nodes()]
    out = QArray.from_nested([[1, -1]])
    ht = HTDecomposition(tree, leaf, nodes, out)
    t0 = time.perf_counter()
    A = ht_to_tensor(ht, output=0)
    elapsed = time.perf_counter() - t0
    assert A.shape == (8,) * 8 and A.num.dtype == np.int64
    raw = (tree.structure, [f.tolist() for f in leaf], {v: W.tolist() for v, W in zip(tree.internal_nodes(), nodes)},
           out.tolist())
    for _ in range(30):
        d = tuple(int(x) for x in rng.integers(0, 8, size=8))
        assert fr(A, d) == naive_ht_entry(*raw, 0, d)
    assert elapsed < 30  # generous; measured ~0.3-1.5 s on the 2-core machine


# ---------------------------------------------------------------------------- CP
@FAST
@given(cp_cases(big=True))
def test_cp_tensor_equals_naive(cp):
    A = cp_to_tensor(cp)
    factors = [f.tolist() for f in cp.factors]
    weights = cp.weights.tolist()
    for y in range(cp.num_outputs):
        assert cp_to_tensor(cp, y) == A[y]
        for d in all_indices(cp.mode_sizes):
            assert fr(A, (y,) + d) == naive_cp_entry(factors, weights, y, d)


@FAST
@given(cp_cases(min_modes=2, big=True), st.data())
def test_cp_matricization_rank_at_most_z(cp, data):
    n = cp.num_modes
    rows = data.draw(st.sets(st.integers(0, n - 1), min_size=1, max_size=n - 1))
    y = data.draw(st.integers(0, cp.num_outputs - 1))
    X = cp_to_matricization(cp, sorted(rows), output=y)
    assert X == matricize(cp_to_tensor(cp, y), sorted(rows))
    assert flint_rank(X) <= cp.num_terms
    terms = cp_rank_one_terms(cp, sorted(rows), y)
    assert len(terms) == cp.num_terms
    total = QArray.zeros(X.shape)
    for coef, u, w in terms:
        assert isinstance(coef, Fraction)
        assert u.shape == (X.shape[0],) and w.shape == (X.shape[1],)
        total = total + (u.reshape(-1, 1) @ w.reshape(1, -1)).scale(coef)
    assert total == X


def test_cp_shared_is_symmetric():
    """sum_z a_z ⊗^N a^z is invariant under every mode permutation."""
    cp = CPDecomposition.from_shared([[1, 2, -1], [0, "1/3", 5]], 4, [[2, -7]])
    A = cp_to_tensor(cp, 0)
    for perm in permutations(range(4)):
        assert A.transpose(perm) == A
    # and an unshared one is not
    cp2 = CPDecomposition([[[1, 2, -1]], [[0, 1, 5]], [[1, 2, -1]], [[1, 2, -1]]], [[1]])
    assert cp_to_tensor(cp2, 0).transpose((1, 0, 2, 3)) != cp_to_tensor(cp2, 0)


# ---------------------------------------------------------------------------- witnesses
def bentkamp_witness(N, M, r0, r1=2, Y=1, shared=False):
    """Layer 0 identity (r0 x M), all-ones above the first pooling, copy-first above that."""
    tree = PoolingTree.from_windows(N, 2)
    eye = [[1 if g == d else 0 for d in range(M)] for g in range(r0)]
    ones = [[1] * r0 for _ in range(r1)]
    copy_first = [[1] + [0] * (r1 - 1) for _ in range(r1)]
    out = [[1] + [0] * (r1 - 1) for _ in range(Y)] if tree.height > 1 else [[1] * r0 for _ in range(Y)]
    if shared:
        levels = [ones] + [copy_first] * (tree.height - 2)
        return HTDecomposition.from_shared(tree, eye, levels[: tree.height - 1], out)
    nodes = [ones if tree.node_level(v) == 1 else copy_first for v in tree.internal_nodes()]
    return HTDecomposition(tree, [eye] * N, nodes, out)


def test_bentkamp_witness_n4_m3_r2():
    A = ht_to_tensor(bentkamp_witness(4, 3, 2), output=0)
    for d in all_indices((3,) * 4):
        expect = int(d[0] == d[1] <= 1 and d[2] == d[3] <= 1)  # 0-based: pairs (0,1), (2,3), values < r0
        assert fr(A, d) == expect
    assert flint_rank(matricize(A, "odd-even")) == 4  # = min(r0, M)^(N/2)
    assert flint_rank(matricize(A, "low-high")) == 1
    assert bentkamp_witness(4, 3, 2, shared=True) == bentkamp_witness(4, 3, 2)


def test_bentkamp_witness_n8():
    A = ht_to_tensor(bentkamp_witness(8, 3, 2, shared=True), output=0)
    nonzero = {d for d in all_indices((3,) * 8) if fr(A, d) != 0}
    expect = {d for d in all_indices((3,) * 8) if all(d[2 * k] == d[2 * k + 1] <= 1 for k in range(4))}
    assert nonzero == expect and all(fr(A, d) == 1 for d in nonzero)
    assert flint_rank(matricize(A, "odd-even")) == 16
    # the N=2 tree (height 1): the output layer sits directly above the first pooling (all-ones)
    B = ht_to_tensor(bentkamp_witness(2, 3, 2), output=0)
    assert B.tolist() == [[1, 0, 0], [0, 1, 0], [0, 0, 0]]


# ---------------------------------------------------------------------------- shared HT symmetries
def _random_ht(tree, M, widths, rng, shared=False, Y=1):
    def rnd(shape):
        return QArray.from_integers(rng.integers(1, 1000, size=shape) * rng.choice([-1, 1], size=shape))

    if shared:
        return HTDecomposition.from_shared(
            tree, rnd((widths[0], M)), [rnd((widths[l], widths[l - 1])) for l in range(1, tree.height)],
            rnd((Y, widths[tree.height - 1])),
        )
    leaf = [rnd((widths[tree.leaf_level(i)], M)) for i in range(tree.num_modes)]
    nodes = [rnd((widths[tree.node_level(v)], widths[tree.node_level(v) - 1])) for v in tree.internal_nodes()]
    return HTDecomposition(tree, leaf, nodes, rnd((Y, widths[tree.height - 1])))


@pytest.mark.parametrize("seed", [0, 1])
def test_shared_ht_is_invariant_under_tree_symmetries(seed):
    rng = np.random.default_rng(seed)
    tree = PoolingTree.from_windows(8, 2)
    A = ht_to_tensor(_random_ht(tree, 2, (2, 3, 2), rng, shared=True), output=0)
    swaps = [
        (1, 0, 2, 3, 4, 5, 6, 7),  # inside a first-level pair
        (0, 1, 2, 3, 4, 5, 7, 6),
        (2, 3, 0, 1, 4, 5, 6, 7),  # two pairs under one level-2 node
        (4, 5, 6, 7, 0, 1, 2, 3),  # the two halves
    ]
    for perm in swaps:
        assert A.transpose(perm) == A
    # not a symmetric tensor: modes 1 and 2 belong to different pairs
    assert A.transpose((0, 2, 1, 3, 4, 5, 6, 7)) != A
    # the unshared network has none of these symmetries (so the checks above can fail)
    B = ht_to_tensor(_random_ht(tree, 2, (2, 3, 2), rng), output=0)
    assert B.transpose(swaps[0]) != B


def test_shared_quad_tree_symmetry():
    rng = np.random.default_rng(3)
    tree = PoolingTree.from_windows(16, 4)
    A = ht_to_tensor(_random_ht(tree, 2, (2, 2), rng, shared=True), output=0)
    perm = list(range(16))
    perm[0], perm[3] = 3, 0  # any permutation inside a window of 4
    assert A.transpose(perm) == A
    assert A.transpose(list(range(4, 16)) + [0, 1, 2, 3]) == A  # blocks permuted


# ---------------------------------------------------------------------------- published values
def _rank(A, part):
    return flint_rank(matricize(A, part))


@pytest.mark.parametrize(
    "N, M, widths, odd_even, low_high",
    [
        (4, 3, (2, 2), 4, 2),   # §1.3: not 9; §1.4: min{r0, r1, M^2}
        (4, 3, (3, 5), 9, 3),
        (4, 3, (1, 5), 1, 1),
        (8, 2, (2, 1, 1), 16, 1),
        (8, 3, (2, 2, 2), 16, 2),
    ],
)
def test_theory_generic_ranks_binary(N, M, widths, odd_even, low_high):
    rng = np.random.default_rng(11)
    A = ht_to_tensor(_random_ht(PoolingTree.binary(N), M, widths, rng), output=0)
    assert _rank(A, "odd-even") == odd_even
    assert _rank(A, "low-high") == low_high


@pytest.mark.parametrize("widths, expect", [((2, 4, 4), 4), ((4, 2, 4), 4), ((4, 3, 4), 9), ((4, 4, 4), 16)])
def test_theory_1_4_block_partition(widths, expect):
    rng = np.random.default_rng(5)
    A = ht_to_tensor(_random_ht(PoolingTree.binary(8), 2, widths, rng), output=0)
    assert _rank(A, Partition.blocks(8, 2)) == expect  # min{r0, r1, 4}^2


def test_theory_5_1_quad_tree_sharing_lowers_rank():
    rng = np.random.default_rng(2)
    tree = PoolingTree.from_windows(16, 4)
    unshared = ht_to_tensor(_random_ht(tree, 2, (4, 4), rng), output=0)
    shared = ht_to_tensor(_random_ht(tree, 2, (4, 4), rng, shared=True), output=0)
    assert _rank(unshared, "odd-even") == 256  # min{r0, M^2}^4
    assert _rank(shared, "odd-even") == 81  # min{r0, M(M+1)/2}^4
    assert _rank(shared, "low-high") == 4  # r_1


# ---------------------------------------------------------------------------- representations
@FAST
@given(ht_cases(max_modes=4), st.data())
def test_apply_representation_ht_equals_mode_products(case, data):
    ht, _ = case
    Fs = [data.draw(qarrays((data.draw(st.integers(1, 3)), m))) for m in ht.mode_sizes]
    G = ht_to_tensor(apply_representation(ht, Fs))
    A = ht_to_tensor(ht)
    assert G == mode_products(A, [None] + Fs)


@FAST
@given(cp_cases(max_modes=3), st.data())
def test_apply_representation_cp_single_matrix(cp, data):
    M = cp.mode_sizes[0]
    cp = CPDecomposition([f for f in cp.factors if f.shape[1] == M], cp.weights)
    F = data.draw(qarrays((data.draw(st.integers(1, 3)), M)))
    G = cp_to_tensor(apply_representation(cp, F))
    assert G == mode_products(cp_to_tensor(cp), [None] + [F] * cp.num_modes)


def test_apply_representation_identity_is_noop():
    ht = bentkamp_witness(4, 3, 2)
    assert apply_representation(ht, QArray.identity(3)) == ht
    assert apply_representation(ht, [[[1, 0, 0], [0, 1, 0], [0, 0, 1]]] * 4) == ht


# ---------------------------------------------------------------------------- validation errors
def test_cp_validation_errors():
    e = QArray.identity(2)
    with pytest.raises(ShapeError, match=r"factors\[1\] has shape \(3, 2\) but factors\[0\] has 2 rows"):
        CPDecomposition([e, QArray.zeros((3, 2))], [[1, 1]])
    with pytest.raises(ShapeError, match=r"weights has shape \(1, 3\) but the factors have Z=2 rows"):
        CPDecomposition([e, e], [[1, 1, 1]])
    with pytest.raises(ShapeError, match="Argument 'factors' must hold one matrix per mode"):
        CPDecomposition([], [[1]])
    with pytest.raises(ShapeError, match=r"Argument 'factors\[0\]' must be a matrix \(2-d\)"):
        CPDecomposition([[1, 2]], [[1]])
    with pytest.raises(ShapeError, match="Argument 'factors' must be a sequence of matrices"):
        CPDecomposition(e, [[1]])
    with pytest.raises(ShapeError, match="Argument 'weights' must be a matrix"):
        CPDecomposition([e], [1, 1])
    with pytest.raises(InexactInputError, match=r"Argument 'factors\[1\]\[0\]\[1\]' must be an exact rational"):
        CPDecomposition([e, [[1, 0.5], [0, 1]]], [[1, 1]])
    with pytest.raises(InvalidArgumentError, match="Argument 'num_modes' must be an int >= 1, not 0"):
        CPDecomposition.from_shared(e, 0, [[1, 1]])


def test_cp_is_frozen_value():
    cp = CPDecomposition([[[1, 2]]], [[1]])
    with pytest.raises(AttributeError):
        cp.weights = None
    assert cp == CPDecomposition([QArray.from_nested([[1, 2]])], QArray.from_nested([[1]]))


def test_ht_validation_errors():
    e = [[1, 0, 0], [0, 1, 0]]
    t = PoolingTree.from_windows(4, 2)
    ones = [[1, 1]]
    with pytest.raises(ShapeError, match=r"node_weights\[1\] has shape \(1, 3\) but its children output 2 channels"):
        HTDecomposition(t, [e] * 4, [ones, [[1, 1, 1]]], [[1]])
    with pytest.raises(ShapeError, match=r"output_weights has shape \(1, 2\) but its children output 1 channels"):
        HTDecomposition(t, [e] * 4, [ones, ones], [[1, 1]])
    with pytest.raises(ShapeError, match=r"the children of node_weights\[0\] \(node \(0, 1\)\) must output equal channel counts .*leaf_factors\[0\] outputs 2, leaf_factors\[1\] outputs 1"):
        HTDecomposition(t, [e, [[1, 0, 0]], e, e], [ones, ones], [[1]])
    with pytest.raises(ShapeError, match=r"the children of output_weights .*node_weights\[0\] outputs 1, node_weights\[1\] outputs 2"):
        HTDecomposition(t, [e] * 4, [ones, [[1, 1], [1, 1]]], [[1]])
    with pytest.raises(ShapeError, match="leaf_factors has 3 matrices but the tree has N=4 modes"):
        HTDecomposition(t, [e] * 3, [ones, ones], [[1]])
    with pytest.raises(ShapeError, match=r"node_weights has 1 matrices but the tree has 2 internal nodes besides the root"):
        HTDecomposition(t, [e] * 4, [ones], [[1]])
    with pytest.raises(ShapeError, match="mode 1 appears twice"):
        HTDecomposition([[0, 1], [1, 2]], [e] * 4, [ones, ones], [[1]])
    with pytest.raises(ShapeError, match=r"Argument 'node_weights\[0\]' must be a matrix"):
        HTDecomposition(t, [e] * 4, [[1, 1], ones], [[1]])
    with pytest.raises(InexactInputError, match=r"Argument 'output_weights\[0\]\[0\]'"):
        HTDecomposition(t, [e] * 4, [ones, ones], [[1.0]])


def test_ht_from_shared_errors():
    with pytest.raises(ShapeError, match="Argument 'tree' must have every leaf at level 0 for shared weights; mode 2 is at level 1"):
        HTDecomposition.from_shared([[0, 1], 2], [[1, 0]], [[[1]]], [[1]])
    with pytest.raises(ShapeError, match=r"Argument 'level_weights' must hold one matrix per level 1..2 \(2 matrices for a tree of height 3\), not 1"):
        HTDecomposition.from_shared(PoolingTree.binary(8), [[1, 0]], [[[1]]], [[1]])


def test_ht_accessors():
    ht = bentkamp_witness(4, 3, 2, r1=3, Y=2)
    assert ht.channels(0) == 2 and ht.channels((0, 1)) == 3 and ht.channels(ht.tree.root) == 2
    assert ht.weights_of([2, 3]) == ht.node_weights[1]
    assert ht.weights_of(ht.tree.root) == ht.output_weights
    with pytest.raises(InvalidArgumentError, match="Argument 'node' must be an internal node, not the leaf 1"):
        ht.weights_of(1)


def test_function_argument_errors():
    cp = CPDecomposition([[[1, 2]], [[1, 1]]], [[1], [2]])
    ht = bentkamp_witness(4, 3, 2)
    with pytest.raises(InvalidArgumentError, match="Argument 'cp' must be a CPDecomposition"):
        cp_to_tensor(ht)
    with pytest.raises(InvalidArgumentError, match="Argument 'ht' must be an HTDecomposition"):
        ht_to_tensor(cp)
    with pytest.raises(InvalidArgumentError, match="Argument 'decomp' must be a CPDecomposition or an HTDecomposition"):
        to_tensor([1, 2])
    with pytest.raises(InvalidArgumentError, match=r"Argument 'output' must be an int output index in 0..0 \(0-based\), not 1"):
        ht_to_tensor(ht, output=1)
    with pytest.raises(InvalidArgumentError, match="Argument 'output' must be an int output index.*not True"):
        cp_to_tensor(cp, output=True)
    with pytest.raises(InvalidArgumentError, match=r"Argument 'output' must be given \(an int in 0..1\) when the decomposition has Y=2 outputs"):
        cp_to_matricization(cp, [0])
    with pytest.raises(InvalidArgumentError, match="Argument 'output' must be given"):
        cp_rank_one_terms(cp, [0])
    with pytest.raises(PartitionError, match="Argument 'partition' lists mode 0 twice"):
        cp_rank_one_terms(cp, [0, 0], 0)
    with pytest.raises(PartitionError, match="Argument 'cols' must not be empty"):
        cp_to_matricization(cp, [0, 1], output=0)
    with pytest.raises(InvalidArgumentError, match="Argument 'cp' must be a CPDecomposition"):
        cp_to_matricization(ht, [0])
    with pytest.raises(InvalidArgumentError, match="Argument 'cp' must be a CPDecomposition"):
        cp_rank_one_terms(ht, [0])
    with pytest.raises(ShapeError, match=r"Argument 'F' has shape \(2, 2\): its 2 columns \(representation functions\) must match the size M_0=3 of mode 0"):
        apply_representation(ht, QArray.identity(2))
    with pytest.raises(ShapeError, match=r"Argument 'F' must be one \(T, M\) matrix or a sequence of one per mode \(4\), not 2"):
        apply_representation(ht, [QArray.identity(3)] * 2)
    with pytest.raises(ShapeError, match=r"Argument 'F\[1\]' has shape \(3, 3\): its 3 columns"):
        apply_representation(cp, [QArray.identity(2), QArray.identity(3)])
    with pytest.raises(InvalidArgumentError, match="Argument 'decomp' must be a CPDecomposition or an HTDecomposition"):
        apply_representation("cp", QArray.identity(2))
