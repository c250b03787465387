r"""Theorem provers: build certificates for the statements of Cohen, Sharir & Shashua 2016.

Every prover returns a version-2 certificate (:class:`~exactnet.certificates.Certificate`:
a proposition and its evidence) that follows the result protocol (``value``, ``status``, ``field``,
``certificate``, ``check()``); :meth:`check` runs the certificate kernel.  "Generic" statements (for almost
every weight setting) combine a witness minor (rule ``generic-rank-from-witness``) with the architecture's
structural bound, recomputed by the kernel (rule ``equal-from-lower-and-upper``).
**Modes are 0-based**: ``"odd-even"`` has rows {0, 2, ...} (the paper's odd modes {1, 3, ...}).

Examples
--------
>>> c = depth_efficiency_certificate(4, 2, (2, 1))
>>> c.proposition["quantity"], c.value, c.check().facts["value"]
('generic_shallow_width_needed', 4, 4)
"""

from __future__ import annotations

import dataclasses
from typing import Any, Iterable, Sequence

from ..certificates.ranks import Result, network_rank
from ..certificates import Certificate
from ..core.qarray import QArray
from ..core.rational import as_positive_int
from ..errors import DomainError, InvalidArgumentError
from ..networks import DeepConvAC, Representation, ShallowConvAC
from ..networks.circuits import convac_ties, to_circuit
from ..tensors import Partition, PoolingTree, as_partition
from .bounds import structural_bounds
from ._lower import _node, find_witness, generic_node, lower_bound_certificate, witness_node

__all__ = [
    "depth_efficiency_certificate",
    "generic_rank_lower_bound",
    "generic_rank_certificate",
    "low_high_certificate",
    "depth_lc_certificate",
    "shallow_cp_certificate",
    "shallow_full_rank_witness",
    "rank_one_sum_certificate",
    "shared_shallow_obstruction_certificate",
    "size_accounting_certificate",
    "exact_rank_certificate",
    "deep_parameter_count",
    "bentkamp_witness_certificate",
    "bentkamp_tensor_certificate",
]

DEFAULT_SEEDS = tuple(range(8))


def _tree(N: int, tree: Any, window: Any) -> PoolingTree:
    if tree is None:
        return PoolingTree.from_windows(as_positive_int(N, "N"), window)
    t = tree if isinstance(tree, PoolingTree) else PoolingTree.from_nested(tree, N=N, name="tree")
    if t.num_modes != N:
        raise InvalidArgumentError(f"Argument 'tree' must have N = {N} leaves, not {t.num_modes}")
    return t


def _widths(tree: PoolingTree, widths: Any) -> tuple[int, ...]:
    if isinstance(widths, int) and not isinstance(widths, bool):
        widths = (widths,) * tree.height
    ws = tuple(as_positive_int(w, f"widths[{k}]") for k, w in enumerate(widths))
    if len(ws) != tree.height:
        raise InvalidArgumentError(
            f"Argument 'widths' must hold one width per level 0..{tree.height - 1} ({tree.height} values), not {ws}"
        )
    return ws


def _generic_rank_node(tree, M, ws, part, shared: bool, seeds, styles, Lc=None, output: int = 0) -> dict:
    """``generic_matricization_rank(architecture, ties, output, rows) = R``: rule ``equal-from-lower-and-upper`` on
    the witness minor (method ``minor-entries``, lifted by ``generic-rank-from-witness``) and the structural bound
    of the architecture recomputed by the kernel (``cut-recursion``, ``sep-recursion`` or, in the shared weight
    space, ``tied-cut-recursion``); DomainError when the witness does not reach the bound."""
    unshared = structural_bounds(tree, M, ws, part, shared=False)
    target = min(unshared.values())
    if shared:
        target = min(target, structural_bounds(tree, M, ws, part, shared=True)["span-recursion"])
    w = find_witness(tree, M, ws, part, target=target, shared=shared, styles=styles, seeds=seeds, Lc=Lc)
    ties = convac_ties(w.network, shared=shared)
    method, U = _kernel_bound(w.network, part, ties)
    if w.rank < U:
        raise DomainError(
            f"could not pin the generic rank: the best witness found ({w.style}, seed {w.seed}) gives rank "
            f"{w.rank}, the structural upper bound of the architecture ({method}) is {U}; try more seeds"
        )
    witness = witness_node(w.network, part, output, w.rows, w.cols)
    return _pin(generic_node(witness, ties), method, U)


def _pin(lower: dict, method: str, U: int) -> dict:
    """``equal-from-lower-and-upper`` on a generic lower bound and the architecture's bound ``method`` (= U)."""
    gobj = lower["proposition"]["object"]
    upper = _node("generic_matricization_rank", gobj, "<=", U, {"method": method})
    return _node("generic_matricization_rank", gobj, "=", U,
                 {"rule": "equal-from-lower-and-upper", "premises": [lower, upper]})


def _kernel_bound(net: Any, part: Partition, ties: list) -> tuple[str, int]:
    """The smallest structural bound the kernel recomputes for ``net``'s architecture: ``(method, bound)``."""
    from ..kernel.circuit import parse_circuit
    from ..kernel.overlap import cut_bound, sep_bound

    c, I = parse_circuit(to_circuit(net).source), set(part.rows)
    bounds = {"cut-recursion": cut_bound(c, I), "sep-recursion": sep_bound(c, I)}
    if ties:
        bounds["tied-cut-recursion"] = cut_bound(c, I, ties)
    return min(bounds.items(), key=lambda kv: kv[1])


def _v2(node: dict) -> Certificate:
    return Certificate(node["proposition"], node["evidence"])


def depth_efficiency_certificate(N: int, M: int, widths: Any, *, tree: Any = None, shared: bool = False,
                                 window: Any = 2, seeds: Iterable[int] = DEFAULT_SEEDS) -> Certificate:
    """Theorem 1 of Cohen-Sharir-Shashua 2016 on one architecture, odd-even partition.

    The certificate states ``generic_shallow_width_needed(architecture, ties, 0) >= R``: for almost every weight
    setting of the deep ConvAC's weight space (``shared``: one matrix per level, else one per location), a shallow
    ConvAC computing the same function needs ``Z >= R`` channels.  Its premise (rule
    ``shallow-width-from-generic-rank``) is ``generic_matricization_rank = R`` for the odd-even partition: a
    witness minor (Bentkamp's witness, else random integer witnesses) and the architecture's structural bound.

    >>> c = depth_efficiency_certificate(4, 3, (2, 2))
    >>> c.value, c.check().facts["value"], c.evidence["premises"][0]["proposition"]["value"]
    (4, 4, 4)
    """
    M = as_positive_int(M, "M")
    N = as_positive_int(N, "N")
    t = _tree(N, tree, window)
    ws = _widths(t, widths)
    part = Partition.named("odd-even", N)
    rank = _generic_rank_node(t, M, ws, part, bool(shared), seeds, ("bentkamp", "random"))
    R = rank["proposition"]["value"]
    if R < 2:
        raise DomainError(f"the generic rank is {R}; depth efficiency needs R >= 2 (e.g. r_0 >= 2 and M >= 2)")
    obj = {k: rank["proposition"]["object"][k] for k in ("architecture", "ties", "output")}
    return _v2(_node("generic_shallow_width_needed", obj, ">=", R,
                     {"rule": "shallow-width-from-generic-rank", "premises": [rank]}))


def generic_rank_lower_bound(network_or_arch: Any, partition: Any, output: int = 0, *, M: int | None = None,
                             widths: Any = None, shared: bool = False, seeds: Iterable[int] = DEFAULT_SEEDS,
                             target: int | None = None) -> Certificate:
    """A generic (almost-everywhere) lower bound on ``rank [A]_{I,J}``: ``generic_matricization_rank >= r``.

    ``network_or_arch`` is a network (it is the witness), or a PoolingTree / int N (binary tree) with
    ``M`` and ``widths``: then witnesses are searched (Bentkamp's, then random seeds).

    >>> c = generic_rank_lower_bound(4, "low-high", M=3, widths=(9, 9), target=9)
    >>> c.quantity, c.value, c.status
    ('generic_matricization_rank', 9, 'lower-bound')
    """
    if isinstance(network_or_arch, (DeepConvAC, ShallowConvAC)):
        return lower_bound_certificate(network_or_arch, partition, output, generic=True)
    if isinstance(network_or_arch, bool) or not isinstance(network_or_arch, (int, PoolingTree, list, tuple)):
        raise InvalidArgumentError(
            "Argument 'network_or_arch' must be a DeepConvAC/ShallowConvAC, a PoolingTree or an int N, "
            f"not {type(network_or_arch).__name__}"
        )
    if M is None or widths is None:
        raise InvalidArgumentError("Arguments 'M' and 'widths' are required when 'network_or_arch' is an architecture")
    t = network_or_arch if isinstance(network_or_arch, PoolingTree) else (
        PoolingTree.binary(network_or_arch) if isinstance(network_or_arch, int) else PoolingTree.from_nested(network_or_arch))
    ws = _widths(t, widths)
    part = as_partition(partition, t.num_modes)
    w = find_witness(t, as_positive_int(M, "M"), ws, part, target=target, shared=shared, seeds=seeds)
    return lower_bound_certificate(w.network, part, output, generic=True, shared=shared, minor=(w.rows, w.cols))


def generic_rank_certificate(tree: PoolingTree, M: int, widths: Any, partition: Any, *, shared: bool = False,
                             seeds: Iterable[int] = DEFAULT_SEEDS, styles: Sequence[str] = ("bentkamp", "random"),
                             label: str = "") -> Certificate:
    """Generic rank of ``[A]_{I,J}`` for a deep architecture: ``generic_matricization_rank = R``.

    Rule ``equal-from-lower-and-upper`` on a witness minor (rule ``generic-rank-from-witness``) and the
    architecture's structural bound (``cut-recursion`` / ``sep-recursion``, or ``tied-cut-recursion`` in the shared
    weight space), both about the same architecture, ties, output and partition.  ``label`` is not part of the
    certificate (the kernel renders the sentence).

    >>> c = generic_rank_certificate(PoolingTree.binary(4), 3, (3, 5), "low-high")
    >>> c.value, c.status, c.check().facts["value"]
    (3, 'almost-everywhere', 3)
    """
    M = as_positive_int(M, "M")
    ws = _widths(tree, widths)
    part = as_partition(partition, tree.num_modes)
    return _v2(_generic_rank_node(tree, M, ws, part, bool(shared), seeds, styles))


def low_high_certificate(N: int, M: int, widths: Any, *, window: Any = 2, shared: bool = False,
                         seeds: Iterable[int] = DEFAULT_SEEDS) -> Certificate:
    """Generic rank of the low/high matricization (rows 0..N/2-1): ``generic_matricization_rank = R``.

    >>> low_high_certificate(4, 3, (2, 2)).value
    2
    """
    t = PoolingTree.from_windows(as_positive_int(N, "N"), window)
    return generic_rank_certificate(t, M, widths, Partition.named("low-high", t.num_modes), shared=shared,
                                    seeds=seeds, styles=("random",), label="low/high partition")


def depth_lc_certificate(N: int, M: int, widths: Any, Lc: int, *,
                         seeds: Iterable[int] = DEFAULT_SEEDS) -> Certificate:
    """Depth L vs depth L_c: a ConvAC of depth ``Lc`` whose root pools blocks of ``b = 2^{Lc-1}`` inputs needs
    ``r'_{Lc-1} >= R`` channels, R the generic rank for the odd-numbered blocks of b modes.

    The certificate states ``generic_pooled_width_needed(architecture, [], 0, b) >= R`` by the rule
    ``pooled-width-from-generic-rank`` on ``generic_matricization_rank = R`` (rows: the odd-numbered blocks): a
    witness with random weights up to level Lc and single-channel (copy-first) products above, and the
    architecture's structural bound recomputed by the kernel.  Such a ConvAC's output is a sum of ``r'`` products
    of functions of one block each, so its rank for a union of blocks is ``<= r'``.

    >>> c = depth_lc_certificate(8, 2, (4, 3, 4), 2)
    >>> c.value, c.status, c.evidence["premises"][0]["proposition"]["value"]
    (9, 'lower-bound', 9)
    """
    M = as_positive_int(M, "M")
    N = as_positive_int(N, "N")
    Lc = as_positive_int(Lc, "Lc")
    t = PoolingTree.from_windows(N, 2)
    ws = _widths(t, widths)
    if Lc > t.height:
        raise InvalidArgumentError(f"Argument 'Lc' must be between 1 and L = {t.height}, not {Lc}")
    b = 2 ** (Lc - 1)
    part = Partition.blocks(N, b) if b < N else Partition.named("low-high", N)
    rank = _generic_rank_node(t, M, ws, part, False, seeds, ("lc", "random"), Lc=Lc)
    R = rank["proposition"]["value"]
    if R < 2:
        raise DomainError(f"the generic rank is {R}; the depth comparison needs R >= 2")
    obj = {k: rank["proposition"]["object"][k] for k in ("architecture", "ties", "output")} | {"block": b}
    return _v2(_node("generic_pooled_width_needed", obj, ">=", R,
                     {"rule": "pooled-width-from-generic-rank", "premises": [rank], "params": {"block": b}}))


def exact_rank_certificate(net: Any, partition: Any, output: int = 0, tensor: str = "grid") -> Result:
    """Exact rank over Q of a network's matricization, tied to the network: ``matricization_rank`` of its circuit
    (method ``minor-and-factorization``; the kernel recomputes the matrix from the circuit).

    ``tensor="coefficient"``: the coefficient tensor is the grid tensor of the same weights with the identity
    representation, so the certificate is about that network's circuit.

    >>> from exactnet.networks import bentkamp_witness
    >>> res = exact_rank_certificate(bentkamp_witness(4, 2, (2, 1)), "low-high")
    >>> res.value, res.status, res.check().verdict
    (1, 'exact', 'valid')
    """
    if tensor not in ("grid", "coefficient"):
        raise InvalidArgumentError(f"Argument 'tensor' must be 'grid' or 'coefficient', not {tensor!r}")
    if tensor == "coefficient":
        net = dataclasses.replace(net, representation=Representation.identity(net.M))
    return network_rank(net, partition, output)


def rank_one_sum_certificate(net: ShallowConvAC, partition: Any = "odd-even", output: int = 0) -> Certificate:
    """``rank [A^y]_{I,J} <= Z`` for a concrete shallow ConvAC: ``matricization_rank(circuit, y, I) <= Z`` by the
    kernel's ``sep-recursion`` on its circuit (the output is a sum of Z products of one-input functions, each
    matricizing to a rank-one matrix).

    >>> c = rank_one_sum_certificate(ShallowConvAC.random(4, 3, 5, seed=1), "odd-even")
    >>> c.quantity, c.relation, c.value, c.check().facts["status"]
    ('matricization_rank', '<=', 5, 'upper-bound')
    """
    if not isinstance(net, ShallowConvAC):
        raise InvalidArgumentError(
            f"Argument 'net' must be a ShallowConvAC, not {type(net).__name__}; for a deep network use "
            "exact_rank_certificate or a structural upper bound"
        )
    part = as_partition(partition, net.N, name="partition")
    if isinstance(output, bool) or not isinstance(output, int) or not 0 <= output < net.Y:
        raise InvalidArgumentError(
            f"Argument 'output' must be an int in 0..{net.Y - 1} (0-based), not {output!r} (type={type(output).__name__})"
        )
    obj = {"circuit": to_circuit(net).source, "output": output, "rows": [int(m) for m in part.rows]}
    return _v2(_node("matricization_rank", obj, "<=", net.Z, {"method": "sep-recursion"}))


def _digits(z: int, base: int, length: int) -> list[int]:
    """The ``length`` base-``base`` digits of ``z`` (most significant first)."""
    out = []
    for _ in range(length):
        z, d = divmod(z, base)
        out.append(d)
    return out[::-1]


def _rank_z_partition(N: int, M: int, Z: int, partition: Any, context: str, why: str) -> Partition:
    """The partition, once ``Z <= min(M^|I|, M^|J|)`` is checked (a larger Z cannot be a rank of the matrix)."""
    part = as_partition(partition, N)
    m, n = M ** len(part.rows), M ** len(part.cols)
    cap = min(m, n)
    if Z > cap:
        raise DomainError(f"Argument 'Z' must be <= min(M^|I|, M^|J|) = {cap} {context}, not {Z}: "
                          + why.format(m=m, n=n, cap=cap))
    return part


def shallow_full_rank_witness(N: int, M: int, Z: int, partition: Any = "odd-even") -> ShallowConvAC:
    """A shallow ConvAC whose ``[A]_{I,J}`` has rank exactly Z (needs ``Z <= min(M^|I|, M^|J|)``).

    Channel z reads one representation function per input: ``weights[i][z] = e_{d_i(z)}`` where
    ``(d_i(z))_{i in I}`` are the base-M digits of z over the row modes (and likewise over the
    column modes), and every output weight is 1.  The Z row multi-indices are distinct and so are
    the Z column multi-indices, so ``[A]_{I,J} = sum_z e_{row(z)} e_{col(z)}^T`` is a 0/1 matrix with
    Z ones in distinct rows and columns: rank Z.  Identity representation (grid = coefficient tensor).
    **Modes are 0-based.**

    >>> from exactnet.core.linalg import rank
    >>> from exactnet.tensors import matricize
    >>> net = shallow_full_rank_witness(4, 2, 3, [0, 2])
    >>> rank(matricize(net.grid_tensor(output=0), Partition.from_rows([0, 2], 4))).rank
    3
    """
    N, M, Z = as_positive_int(N, "N"), as_positive_int(M, "M"), as_positive_int(Z, "Z")
    part = _rank_z_partition(N, M, Z, partition, "for a rank-Z matricization", "the {m} x {n} matrix has rank <= {cap}")
    rows_digits = [_digits(z, M, len(part.rows)) for z in range(Z)]
    cols_digits = [_digits(z, M, len(part.cols)) for z in range(Z)]
    weights = []
    for i in range(N):
        if i in part.rows:
            digit = [d[part.rows.index(i)] for d in rows_digits]
        else:
            digit = [d[part.cols.index(i)] for d in cols_digits]
        weights.append([[int(m == digit[z]) for m in range(M)] for z in range(Z)])
    return ShallowConvAC.from_weights(N, Representation.identity(M), [QArray.from_nested(w) for w in weights],
                                      QArray.from_nested([[1] * Z]))


def shallow_cp_certificate(N: int, M: int, Z: int, partition: Any = "odd-even", seed: int = 0) -> Certificate:
    """Shallow CP bound: rank <= Z for every weight setting, and = Z for almost every one.

    The certificate states ``generic_matricization_rank(shallow architecture, [], 0, I) = Z`` by the rule
    ``equal-from-lower-and-upper`` on a witness minor (``generic-rank-from-witness``) and the kernel's
    ``sep-recursion`` / ``cut-recursion`` bound of the architecture (Z products of one-input functions).  The
    witness is the random integer shallow net of ``seed`` (``ShallowConvAC.random``) when its matricization
    reaches rank Z, else :func:`shallow_full_rank_witness`, which reaches Z by construction.

    Raises :class:`~exactnet.errors.DomainError` when ``Z > min(M^|I|, M^|J|)``: then the matrix is too
    small to have rank Z, and the generic rank is that minimum, not Z.

    >>> c = shallow_cp_certificate(4, 3, 5)
    >>> c.value, c.status, c.check().facts["value"]
    (5, 'almost-everywhere', 5)
    >>> shallow_cp_certificate(4, 2, 3).value  # seed 0 gives rank 2 only: the explicit witness reaches 3
    3
    """
    from ._lower import dense_minor

    N, M, Z = as_positive_int(N, "N"), as_positive_int(M, "M"), as_positive_int(Z, "Z")
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise InvalidArgumentError(f"Argument 'seed' must be an int, not {seed!r} (type={type(seed).__name__})")
    part = _rank_z_partition(N, M, Z, partition, "for this partition",
                             "the matricization is {m} x {n}, so its generic rank is {cap}, not Z")
    net = ShallowConvAC.random(N, M, Z, seed=seed)
    r, rows, cols = dense_minor(net, part)
    if r < Z:
        net = shallow_full_rank_witness(N, M, Z, part)
        r, rows, cols = dense_minor(net, part)
        if r != Z:  # pragma: no cover - rank Z by construction
            raise DomainError(f"internal error: the explicit witness has rank {r}, not Z = {Z}")
    method, U = _kernel_bound(net, part, [])
    if U != Z:  # pragma: no cover - the recursions give Z for Z <= min(M^|I|, M^|J|)
        raise DomainError(f"internal error: the kernel's bound is {U}, not Z = {Z}")
    return _v2(_pin(generic_node(witness_node(net, part, 0, rows, cols), []), method, Z))


def shared_shallow_obstruction_certificate(N: int = 2, M: int = 2) -> Certificate:
    """``A = e_0 (x) e_1 (x) e_0 ...`` is not symmetric, so no shared shallow ConvAC realizes it.

    The certificate states ``shared_shallow_unrealizable(A)`` (method ``asymmetric-entry``: the entries at
    ``(0, 1, 0, ...)`` and ``(1, 0, 0, ...)`` differ), while every shared shallow ConvAC has the symmetric
    coefficient tensor ``sum_z a_z (x)^N v_z`` (Cohen & Shashua, ICLR 2017, notes 2 and 7); the unshared shallow
    ConvAC with Z = 1 realizes A.

    >>> c = shared_shallow_obstruction_certificate()
    >>> c.relation, c.status, c.check().verdict
    ('holds', 'exact', 'valid')
    """
    import numpy as np

    N, M = as_positive_int(N, "N"), as_positive_int(M, "M")
    if N < 2 or M < 2:
        raise InvalidArgumentError(f"Arguments 'N' and 'M' must be >= 2 for a non-symmetric unit tensor, not {N}, {M}")
    idx = [0] * N
    idx[1] = 1
    arr = np.zeros((M,) * N, dtype=np.int64)
    arr[tuple(idx)] = 1
    tensor = {"shape": [M] * N, "denominator": "1", "numerators": [str(int(x)) for x in arr.flat]}
    perm = [1, 0] + list(range(2, N))
    return _v2(_node("shared_shallow_unrealizable", {"tensor": tensor}, "holds", None,
                     {"method": "asymmetric-entry", "index": idx, "permutation": perm}))


def deep_parameter_count(tree: PoolingTree, M: int, widths: Sequence[int], shared: bool, Y: int = 1) -> int:
    """Number of weights of a deep ConvAC.

    >>> deep_parameter_count(PoolingTree.binary(8), 2, (2, 2, 2), shared=True)
    14
    """
    ws = _widths(tree, widths)
    top = Y * ws[tree.height - 1]
    if shared:
        return ws[0] * M + sum(ws[l] * ws[l - 1] for l in range(1, tree.height)) + top
    leaves = sum(ws[tree.leaf_level(i)] * M for i in range(tree.num_modes))
    nodes = sum(ws[tree.node_level(v)] * ws[tree.node_level(v) - 1] for v in tree.internal_nodes())
    return leaves + nodes + top


def size_accounting_certificate(N: int = 8, M: int = 2, r: int = 2) -> Certificate:
    """A shared deep ConvAC with few weights vs the shallow width (and weights) it forces.

    The certificate states ``generic_shallow_weights_needed >= R (N M + 1)`` by the rule
    ``shallow-weights-from-width`` on ``parameter_count(architecture, ties) = D`` (method ``count-weights``) and
    the depth-efficiency certificate ``generic_shallow_width_needed >= R``, both about the shared architecture.

    >>> c = size_accounting_certificate()
    >>> [p["proposition"]["value"] for p in c.evidence["premises"]], c.value
    ([14, 16], 272)
    """
    N, M, r = as_positive_int(N, "N"), as_positive_int(M, "M"), as_positive_int(r, "r")
    t = PoolingTree.binary(N)
    ws = (r,) * t.height
    thm = depth_efficiency_certificate(N, M, ws, shared=True)
    R = thm.value
    obj = {k: thm.proposition["object"][k] for k in ("architecture", "ties")}
    deep = deep_parameter_count(t, M, ws, shared=True)
    count = _node("parameter_count", obj, "=", deep, {"method": "count-weights"})
    width = {"proposition": thm.proposition, "evidence": thm.evidence}
    return _v2(_node("generic_shallow_weights_needed", thm.proposition["object"], ">=", N * M * R + R,
                     {"rule": "shallow-weights-from-width", "premises": [count, width]}))


def bentkamp_witness_certificate(N: int = 4, M: int = 3, widths: Any = (2, 2)) -> Certificate:
    """Bentkamp's witness has odd-even rank ``min(r_0, M)^{N/2}`` exactly.

    The certificate states ``matricization_rank(witness circuit, 0, odd-even) = R`` by the rule
    ``equal-from-lower-and-upper`` on the identity minor of size ``min(r_0, M)^{N/2}`` (method ``minor-entries``)
    and the kernel's structural bound of the circuit; :func:`bentkamp_tensor_certificate` states its grid tensor.

    >>> c = bentkamp_witness_certificate()
    >>> c.quantity, c.value, c.check().facts["value"]
    ('matricization_rank', 4, 4)
    """
    from ..networks import bentkamp_witness
    from ._lower import bentkamp_minor

    N, M = as_positive_int(N, "N"), as_positive_int(M, "M")
    t = PoolingTree.binary(N)
    ws = _widths(t, widths)
    net = bentkamp_witness(t, M, ws)
    part = Partition.named("odd-even", N)
    rows, cols = bentkamp_minor(N, min(ws[0], M))
    lower = witness_node(net, part, 0, rows, cols)
    method, U = _kernel_bound(net, part, [])
    if U != len(rows):  # pragma: no cover - the leaf bound is min(r_0, M)^{N/2}
        raise DomainError(f"internal error: the kernel's bound is {U}, not {len(rows)}")
    gobj = lower["proposition"]["object"]
    upper = _node("matricization_rank", gobj, "<=", U, {"method": method})
    return _v2(_node("matricization_rank", gobj, "=", U,
                     {"rule": "equal-from-lower-and-upper", "premises": [lower, upper]}))


def bentkamp_tensor_certificate(N: int = 4, M: int = 3, widths: Any = (2, 2)) -> Certificate:
    """Bentkamp's witness has grid tensor ``A*[d] = prod_k [d_{2k} = d_{2k+1} < min(r_0, M)]`` (0-based): the
    certificate states ``grid_tensor(witness circuit, 0) = A*`` (method ``recompute-grid``: the kernel
    recomputes every entry), with A* built here from the formula.

    >>> c = bentkamp_tensor_certificate()
    >>> c.quantity, c.value["numerators"][:4], c.check().verdict
    ('grid_tensor', ['1', '0', '0', '0'], 'valid')
    """
    import numpy as np

    from ..networks import bentkamp_witness

    N, M = as_positive_int(N, "N"), as_positive_int(M, "M")
    t = PoolingTree.binary(N)
    ws = _widths(t, widths)
    r = min(ws[0], M)
    arr = np.zeros((M,) * N, dtype=np.int64)
    for d in np.ndindex(*arr.shape):
        arr[d] = int(all(d[2 * k] == d[2 * k + 1] < r for k in range(N // 2)))
    tensor = {"shape": [M] * N, "denominator": "1", "numerators": [str(int(x)) for x in arr.flat]}
    obj = {"circuit": to_circuit(bentkamp_witness(t, M, ws)).source, "output": 0}
    prop = {"quantity": "grid_tensor", "object": obj, "relation": "=", "value": tensor, "field": "Q"}
    return Certificate(prop, {"method": "recompute-grid"})
