r"""Theorem provers: build certificates for the statements of Cohen, Sharir & Shashua 2016.

Every prover returns a :class:`~exactnet.certificates.Certificate` whose :meth:`check` runs the
independent checker.  "Generic" statements (for almost every weight setting) are certified by a
witness minor (lower bound) plus a structural argument (upper bound).
**Modes are 0-based**: ``"odd-even"`` has rows {0, 2, ...} (the paper's odd modes {1, 3, ...}).

Examples
--------
>>> c = depth_efficiency_certificate(4, 2, (2, 1))
>>> c.proposition["quantity"], c.value, c.check().facts["value"]
('generic_shallow_width_needed', 4, 4)
"""

from __future__ import annotations

from typing import Any, Iterable, Sequence

from ..certificates import Certificate
from ..core.rational import as_positive_int, to_str
from ..errors import DomainError, InvalidArgumentError
from ..networks import DeepConvAC, Representation, ShallowConvAC, tensor_to_dict
from ..core.qarray import QArray
from ..tensors import Partition, PoolingTree, apply_representation, as_partition, cp_rank_one_terms, matricize
from .bounds import (
    architecture_dict,
    best_rule,
    depth_lc_dimension,
    shallow_rank_bound,
    structural_bounds,
    upper_bound_certificate,
)
from .lower import PRIMES, find_witness, is_shared_point, lower_bound_certificate

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


def _pinned(tree, M, ws, part, shared: bool, seeds, styles, Lc=None, rule=None):
    """Witness reaching the structural bound, and the upper-bound certificate; DomainError if not pinned.

    Tries the bound valid in the unshared space first.  With ``shared=True`` and a smaller shared-space
    bound, the search aims at that one instead (the claim is then about the shared weight space only).
    """
    unshared = structural_bounds(tree, M, ws, part, shared=False)
    name, U = best_rule(unshared) if rule is None else (rule, unshared[rule])
    target_shared = U
    if shared:
        s_bounds = structural_bounds(tree, M, ws, part, shared=True)
        target_shared = s_bounds["span-recursion"] if s_bounds["span-recursion"] < U else U
    target = target_shared if shared else U
    w = find_witness(tree, M, ws, part, target=target, shared=shared, styles=styles, seeds=seeds, Lc=Lc)
    if w.rank < target:
        raise DomainError(
            f"could not pin the generic rank: the best witness found ({w.style}, seed {w.seed}) gives rank "
            f"{w.rank}, the structural upper bound is {target}; try more seeds"
        )
    if shared and target < U:
        upper = upper_bound_certificate(tree, M, ws, part, shared=True, rule="span-recursion")
        space = "shared"
    else:
        upper = upper_bound_certificate(tree, M, ws, part, shared=False, rule=name.split(":")[0])
        space = "both" if is_shared_point(w.network) else "unshared"
    lower = lower_bound_certificate(w.network, part, generic=True, weight_space=space, minor=(w.rows, w.cols))
    return w, lower, upper, space


def _node(quantity: str, obj: dict, relation: str, value: int, evidence: dict) -> dict:
    return {"proposition": {"quantity": quantity, "object": obj, "relation": relation, "value": int(value),
                            "field": "Q"}, "evidence": evidence}


def _generic_rank_node(tree, M, ws, part, shared: bool, seeds, styles, Lc=None, output: int = 0) -> dict:
    """``generic_matricization_rank(architecture, ties, output, rows) = R``: rule ``equal-from-lower-and-upper`` on
    the witness minor (method ``minor-entries``, lifted by ``generic-rank-from-witness``) and the structural bound
    of the architecture recomputed by the kernel (``cut-recursion``, ``sep-recursion`` or, in the shared weight
    space, ``tied-cut-recursion``); DomainError when the witness does not reach the bound."""
    from ..kernel.circuit import parse_circuit
    from ..kernel.overlap import cut_bound, sep_bound
    from ..networks.circuits import convac_ties, to_circuit

    unshared = structural_bounds(tree, M, ws, part, shared=False)
    target = min(unshared.values())
    if shared:
        target = min(target, structural_bounds(tree, M, ws, part, shared=True)["span-recursion"])
    w = find_witness(tree, M, ws, part, target=target, shared=shared, styles=styles, seeds=seeds, Lc=Lc)
    circ = to_circuit(w.network).source
    ties = convac_ties(w.network, shared=shared)
    c, I = parse_circuit(circ), set(part.rows)
    bounds = {"cut-recursion": cut_bound(c, I), "sep-recursion": sep_bound(c, I)}
    if ties:
        bounds["tied-cut-recursion"] = cut_bound(c, I, ties)
    method, U = min(bounds.items(), key=lambda kv: kv[1])
    if w.rank < U:
        raise DomainError(
            f"could not pin the generic rank: the best witness found ({w.style}, seed {w.seed}) gives rank "
            f"{w.rank}, the structural upper bound of the architecture ({method}) is {U}; try more seeds"
        )
    obj = {"circuit": circ, "output": int(output), "rows": [int(m) for m in part.rows]}
    evidence = {"method": "minor-entries", "rows": [[int(t) for t in a] for a in w.rows],
                "cols": [[int(t) for t in b] for b in w.cols]}
    witness = None
    from ..kernel import check_certificate
    from ..errors import CertificateError
    for prime in (*PRIMES, None):
        witness = _node("matricization_rank", obj, ">=", w.rank, evidence | ({"prime": str(prime)} if prime else {}))
        try:
            check_certificate({"format": "exactnet.certificate", "schema_version": 2, "exactnet_version": "0.2.0",
                               **witness})
            break
        except CertificateError:
            continue
    nodes = [{k: v for k, v in n.items() if k != "matrix"} | ({"shape": n["matrix"]["shape"]} if "matrix" in n else {})
             for n in circ["nodes"]]
    gobj = {"architecture": {"inputs": circ["inputs"], "nodes": nodes, "output": circ["output"]}, "ties": ties,
            "output": int(output), "rows": obj["rows"]}
    lower = _node("generic_matricization_rank", gobj, ">=", w.rank,
                  {"rule": "generic-rank-from-witness", "premises": [witness], "params": {"ties": ties}})
    upper = _node("generic_matricization_rank", gobj, "<=", U, {"method": method})
    return _node("generic_matricization_rank", gobj, "=", U,
                 {"rule": "equal-from-lower-and-upper", "premises": [lower, upper]})


def _v2(node: dict) -> "PropositionCertificate":
    from ..certificates.v2 import PropositionCertificate

    return PropositionCertificate(node["proposition"], node["evidence"])


def _space_words(space: str) -> str:
    return {"both": "the shared and the unshared weight spaces", "shared": "the shared weight space",
            "unshared": "the unshared weight space"}[space]


def depth_efficiency_certificate(N: int, M: int, widths: Any, *, tree: Any = None, shared: bool = False,
                                 window: Any = 2, seeds: Iterable[int] = DEFAULT_SEEDS) -> "PropositionCertificate":
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
    """A generic (almost-everywhere) lower bound on ``rank [A]_{I,J}``.

    ``network_or_arch`` is a network (it is the witness), or a PoolingTree / int N (binary tree) with
    ``M`` and ``widths``: then witnesses are searched (Bentkamp's, then random seeds).

    >>> c = generic_rank_lower_bound(4, "low-high", M=3, widths=(9, 9), target=9)
    >>> c.data["r"], c.status
    (9, 'almost-everywhere')
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
    return lower_bound_certificate(w.network, part, output, generic=True, minor=(w.rows, w.cols))


def generic_rank_certificate(tree: PoolingTree, M: int, widths: Any, partition: Any, *, shared: bool = False,
                             seeds: Iterable[int] = DEFAULT_SEEDS, styles: Sequence[str] = ("bentkamp", "random"),
                             label: str = "") -> "PropositionCertificate":
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
    """Generic rank of the low/high matricization (rows 0..N/2-1): a ``generic-rank`` certificate.

    >>> low_high_certificate(4, 3, (2, 2)).value
    2
    """
    t = PoolingTree.from_windows(as_positive_int(N, "N"), window)
    return generic_rank_certificate(t, M, widths, Partition.named("low-high", t.num_modes), shared=shared,
                                    seeds=seeds, styles=("random",), label="low/high partition")


def _depth_lc_tree(N: int, Lc: int) -> PoolingTree:
    b = 2 ** (Lc - 1)
    blocks = [PoolingTree.from_windows(b, 2).structure if b > 1 else 0 for _ in range(N // b)]

    def shift(node: Any, off: int) -> Any:
        return node + off if isinstance(node, int) else tuple(shift(c, off) for c in node)

    return PoolingTree.from_nested(tuple(shift(blk, k * b) for k, blk in enumerate(blocks)), N=N)


def depth_lc_certificate(N: int, M: int, widths: Any, Lc: int, *, seeds: Iterable[int] = DEFAULT_SEEDS) -> Certificate:
    """Depth L vs depth L_c: generic rank for the odd/even blocks of ``2^{Lc-1}`` modes.

    Parts: (0) a ``generic-rank`` certificate: a witness with random weights up to level Lc and
    single-channel (copy-first) Kronecker products above, and the structural ``block-depth``
    bound; (1) ``top-split`` for a depth-Lc ConvAC whose last hidden layer (width R - 1) pools
    the ``N/2^{Lc-1}`` blocks globally: rank <= R - 1 < R (same partition), so it needs ``r'_{Lc-1} >= R``.

    >>> c = depth_lc_certificate(8, 2, (4, 3, 4), 2)
    >>> c.data["conclusion"]["generic_rank"]
    9
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
    w, lower, upper, space = _pinned(t, M, ws, part, False, seeds, ("lc", "random"), Lc=Lc,
                                     rule=f"block-depth:Lc={Lc}")
    R = lower.data["r"]
    if R < 2:
        raise DomainError(f"the generic rank is {R}; the depth comparison needs R >= 2")
    small = _depth_lc_tree(N, Lc)
    shallower = upper_bound_certificate(small, M, (R - 1,) * small.height, part, rule="top-split")
    D = depth_lc_dimension(M, ws, Lc)
    generic = Certificate(
        "generic-rank",
        f"For almost every weight setting of the binary deep ConvAC with N={N}, M={M}, widths {list(ws)}: "
        f"rank [A]_{{I,J}} = {R} for I={list(part.rows)} (0-based).",
        status="almost-everywhere",
        data={"lower": lower, "upper": upper, "conclusion": {"generic_rank": R, "weight_space": space}},
    )
    claim = (
        f"Depth L={t.height} vs depth L_c={Lc}: for almost every weight setting of the "
        f"binary deep ConvAC with N={N}, M={M}, widths {list(ws)}, rank [A]_{{I,J}} = {R} = {D}^{N // (2 * b)} for "
        f"I={list(part.rows)} (0-based: the odd-numbered blocks of {b} modes); a ConvAC of depth {Lc} whose last "
        f"hidden layer pools these blocks globally has rank <= r'_{Lc - 1} for this partition whatever its lower "
        f"widths, so it needs r'_{Lc - 1} >= {R}."
    )
    return Certificate(
        "bundle",
        claim,
        status="almost-everywhere",
        data={
            "parts": [generic, shallower],
            "relations": [
                {"left": {"ref": "parts[1].bound"}, "op": "<", "right": {"ref": "parts[0].generic_rank"}},
                {"left": {"ref": "parts[1].partition"}, "op": "same", "right": {"ref": "parts[0].partition"}},
                {"left": {"ref": "parts[1].rule"}, "op": "same", "right": "top-split"},
                {"left": {"ref": "parts[0].upper_rule"}, "op": "same", "right": "block-depth"},
                {"left": {"ref": "parts[1].architecture.num_inputs"}, "op": "same",
                 "right": {"ref": "parts[0].architecture.num_inputs"}},
                {"left": {"ref": "parts[1].architecture.M"}, "op": "same", "right": {"ref": "parts[0].architecture.M"}},
            ],
            "conclusion": {"generic_rank": R, "Lc": Lc, "depth_Lc_width_needed": R},
            # top-split: a depth-Lc net whose last hidden layer has r' channels has rank <= r' (parts[1] with
            # r' = R - 1 < R); fewer channels are zero channels, so r' >= parts[1].bound + 1 is needed.
            "derivation": {"generic_rank": {"ref": "parts[0].generic_rank"},
                           "Lc": {"ref": "parts[0].upper_parameters.Lc"},
                           "depth_Lc_width_needed": {"add": [{"ref": "parts[1].bound"}, 1]}},
        },
    )


def exact_rank_certificate(net: Any, partition: Any, output: int = 0, tensor: str = "grid") -> tuple[int, Certificate]:
    """Exact rank over Q of a network's matricization: core.linalg's certificate tied to the network.

    Returns ``(rank, certificate)``; the certificate (kind ``network-matrix-rank``) holds the network
    and core.linalg's ``matrix-rank`` certificate; the checker recomputes the matrix from the network.

    >>> from exactnet.networks import bentkamp_witness
    >>> r, cert = exact_rank_certificate(bentkamp_witness(4, 2, (2, 1)), "low-high")
    >>> r, cert.check().facts["rank"], cert.data["matrix_rank"]["claim"]
    (1, 1, 'rank A = 1 over Q')
    """
    from ..core.linalg import rank

    if tensor not in ("grid", "coefficient"):
        raise InvalidArgumentError(f"Argument 'tensor' must be 'grid' or 'coefficient', not {tensor!r}")
    part = as_partition(partition, net.N)
    T = net.grid_tensor(output=output) if tensor == "grid" else net.coefficient_tensor(output=output)
    res = rank(matricize(T, part))
    inner = res.certificate.to_dict()
    r = int(res.rank)
    claim = (
        f"rank [A^{output}]_{{I,J}} = {r} over Q for this network's {tensor} tensor; I={list(part.rows)}, "
        f"J={list(part.cols)} (0-based modes)."
    )
    cert = Certificate("network-matrix-rank", claim, status=inner["status"], data={
        "network": net.to_dict(), "output": int(output), "tensor": tensor,
        "partition": {"rows": list(part.rows), "cols": list(part.cols)}, "matrix_rank": inner})
    return r, cert


def rank_one_sum_certificate(net: ShallowConvAC, partition: Any = "odd-even", output: int = 0) -> Certificate:
    """``[A^y]_{I,J}`` of a concrete shallow ConvAC written out as its Z rank-one terms: rank <= Z.

    Term z is ``out[y, z] * u_z w_z^T`` with ``u_z`` the Kronecker product, over the row modes in
    increasing order (**0-based**, last fastest), of the vectors ``v_{z,i} = F @ W_i[z]`` (channel z
    of input i at every template), ``w_z`` likewise over the columns.  The independent checker
    (kind ``rank-one-sum``) verifies every term against the network and, for small tensors, that the
    terms sum to the matricization entry by entry (its own forward pass).  All Z terms are listed,
    zero coefficients included.

    >>> c = rank_one_sum_certificate(ShallowConvAC.random(4, 3, 5, seed=1), "odd-even")
    >>> len(c.data["terms"]), len(c.data["terms"][0]["u"]), c.check().facts["bound"]
    (5, 9, 5)
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
    cp = apply_representation(net.decomposition(), net.representation.matrix)
    terms = cp_rank_one_terms(cp, part, output=output)
    claim = (
        f"rank [A^{output}]_{{I,J}} <= {net.Z} for this shallow ConvAC (N={net.N}, M={net.M}, Z={net.Z}): its "
        f"grid-tensor matricization is the explicit sum of its {net.Z} rank-one terms out[{output}, z] u_z w_z^T; "
        f"I={list(part.rows)}, J={list(part.cols)} (0-based modes)."
    )
    return Certificate("rank-one-sum", claim, status="upper-bound", data={
        "network": net.to_dict(), "output": output, "tensor": "grid",
        "partition": {"rows": list(part.rows), "cols": list(part.cols)}, "bound": net.Z,
        "terms": [{"coefficient": to_str(c), "u": u.tolist_str(), "w": w.tolist_str()} for c, u, w in terms]})


def _digits(z: int, base: int, length: int) -> list[int]:
    """The ``length`` base-``base`` digits of ``z`` (most significant first)."""
    out = []
    for _ in range(length):
        z, d = divmod(z, base)
        out.append(d)
    return out[::-1]


def shallow_full_rank_witness(N: int, M: int, Z: int, partition: Any = "odd-even") -> ShallowConvAC:
    """A shallow ConvAC whose ``[A]_{I,J}`` has rank exactly Z (needs ``Z <= min(M^|I|, M^|J|)``).

    Channel z reads one representation function per input: ``weights[i][z] = e_{d_i(z)}`` where
    ``(d_i(z))_{i in I}`` are the base-M digits of z over the row modes (and likewise over the
    column modes), and every output weight is 1.  The Z row multi-indices are distinct and so are
    the Z column multi-indices, so ``[A]_{I,J} = sum_z e_{row(z)} e_{col(z)}^T`` is a 0/1 matrix with
    Z ones in distinct rows and columns: rank Z.  Identity representation (grid = coefficient tensor).
    **Modes are 0-based.**

    >>> from exactnet.core.linalg import rank
    >>> net = shallow_full_rank_witness(4, 2, 3, [0, 2])
    >>> rank(matricize(net.grid_tensor(output=0), Partition.from_rows([0, 2], 4))).rank
    3
    """
    N, M, Z = as_positive_int(N, "N"), as_positive_int(M, "M"), as_positive_int(Z, "Z")
    part = as_partition(partition, N)
    cap = min(M ** len(part.rows), M ** len(part.cols))
    if Z > cap:
        raise DomainError(
            f"Argument 'Z' must be <= min(M^|I|, M^|J|) = {cap} for a rank-Z matricization, not {Z}: the "
            f"{M ** len(part.rows)} x {M ** len(part.cols)} matrix has rank <= {cap}"
        )
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
    """Shallow CP bound: rank <= Z always, = Z generically and for the witness.

    The witness is the random integer shallow net of ``seed`` (``ShallowConvAC.random``) when its
    matricization reaches rank Z, else (a random draw can have a zero output weight or dependent
    leaf vectors) :func:`shallow_full_rank_witness`, which reaches Z by construction.  Parts:
    (0) ``generic-rank``: a generic lower bound from the witness and the ``cp-rank`` bound; (1)
    core.linalg's exact rank of the witness's matricization (``network-matrix-rank``); (2) the same
    net's matricization as an explicit sum of its Z rank-one terms (``rank-one-sum``,
    :func:`rank_one_sum_certificate`); relations tie the parts to the same network and partition.
    The certificate is re-verified by the independent checker before it is returned.

    Raises :class:`~exactnet.errors.DomainError` when ``Z > min(M^|I|, M^|J|)``: then the matrix is too
    small to have rank Z, and the generic rank is that minimum, not Z.

    >>> c = shallow_cp_certificate(4, 3, 5)
    >>> c.data["conclusion"], c.data["witness"]
    ({'generic_rank': 5, 'exact_rank_of_witness': 5, 'Z': 5}, 'random (seed 0)')
    >>> shallow_cp_certificate(4, 2, 3).data["witness"]  # seed 0 gives rank 2 only
    'explicit: unit vectors by base-M digits (the random draw with seed 0 has rank 2)'
    """
    from .lower import dense_minor

    N, M, Z = as_positive_int(N, "N"), as_positive_int(M, "M"), as_positive_int(Z, "Z")
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise InvalidArgumentError(f"Argument 'seed' must be an int, not {seed!r} (type={type(seed).__name__})")
    part = as_partition(partition, N)
    cap = min(M ** len(part.rows), M ** len(part.cols))
    if Z > cap:
        raise DomainError(
            f"Argument 'Z' must be <= min(M^|I|, M^|J|) = {cap} for this partition, not {Z}: the matricization "
            f"is {M ** len(part.rows)} x {M ** len(part.cols)}, so its generic rank is {cap}, not Z"
        )
    net = ShallowConvAC.random(N, M, Z, seed=seed)
    r_random, rows, cols = dense_minor(net, part)
    witness = f"random (seed {seed})"
    if r_random < Z:
        net = shallow_full_rank_witness(N, M, Z, part)
        r_full, rows, cols = dense_minor(net, part)
        if r_full != Z:  # pragma: no cover - rank Z by construction
            raise DomainError(f"internal error: the explicit witness has rank {r_full}, not Z = {Z}")
        witness = f"explicit: unit vectors by base-M digits (the random draw with seed {seed} has rank {r_random})"
    lower = lower_bound_certificate(net, part, generic=True, weight_space="unshared", minor=(rows, cols))
    upper = shallow_rank_bound(N, M, Z, part)
    R = lower.data["r"]
    generic = Certificate(
        "generic-rank",
        f"For almost every weight setting of the shallow ConvAC with N={N}, M={M}, Z={Z}: rank [A]_{{I,J}} = {R}, "
        f"I={list(part.rows)} (0-based).",
        status="almost-everywhere",
        data={"lower": lower, "upper": upper, "conclusion": {"generic_rank": R, "weight_space": "unshared"}},
    )
    r_exact, exact = exact_rank_certificate(net, part)
    terms = rank_one_sum_certificate(net, part)
    which = f"the random integer witness (seed {seed})" if r_random == Z else "the explicit witness"
    claim = (
        f"Shallow ConvAC, N={N}, M={M}, Z={Z}: "
        f"rank [A]_{{I,J}} <= {Z} for every weight setting and = {R} for almost every one; {which} "
        f"has exact rank {r_exact} (core.linalg); I={list(part.rows)} (0-based)."
    )
    cert = Certificate(
        "bundle",
        claim,
        status="almost-everywhere",
        data={
            "witness": witness,
            "parts": [generic, exact, terms],
            "relations": [
                {"left": {"ref": "parts[0].generic_rank"}, "op": "==", "right": {"ref": "parts[0].architecture.Z"}},
                {"left": {"ref": "parts[1].rank"}, "op": "==", "right": {"ref": "parts[0].generic_rank"}},
                {"left": {"ref": "parts[1].exact"}, "op": "==", "right": True},
                {"left": {"ref": "parts[1].network_digest"}, "op": "same", "right": {"ref": "parts[0].witness_digest"}},
                {"left": {"ref": "parts[1].partition"}, "op": "same", "right": {"ref": "parts[0].partition"}},
                {"left": {"ref": "parts[2].bound"}, "op": "==", "right": {"ref": "parts[0].architecture.Z"}},
                {"left": {"ref": "parts[2].network_digest"}, "op": "same", "right": {"ref": "parts[1].network_digest"}},
                {"left": {"ref": "parts[2].partition"}, "op": "same", "right": {"ref": "parts[0].partition"}},
                {"left": {"ref": "parts[1].rank"}, "op": "<=", "right": {"ref": "parts[2].bound"}},
            ],
            "conclusion": {"generic_rank": R, "exact_rank_of_witness": r_exact, "Z": Z},
            "derivation": {"generic_rank": {"ref": "parts[0].generic_rank"},
                           "exact_rank_of_witness": {"ref": "parts[1].rank"},
                           "Z": {"ref": "parts[0].architecture.Z"}},
        },
    )
    cert.check()  # never hand out a certificate the independent checker rejects (raises CertificateError)
    return cert


def shared_shallow_obstruction_certificate(N: int = 2, M: int = 2) -> Certificate:
    """``A = e_0 (x) e_1 (x) e_0 ...`` is not symmetric, so no shared shallow ConvAC realizes it.

    >>> c = shared_shallow_obstruction_certificate()
    >>> c.check().facts["not_symmetric"]
    True
    """
    import numpy as np

    N, M = as_positive_int(N, "N"), as_positive_int(M, "M")
    if N < 2 or M < 2:
        raise InvalidArgumentError(f"Arguments 'N' and 'M' must be >= 2 for a non-symmetric unit tensor, not {N}, {M}")
    idx = [0] * N
    idx[1] = 1
    arr = np.zeros((M,) * N, dtype=np.int64)
    arr[tuple(idx)] = 1
    A = QArray.from_integers(arr)
    perm = list(range(N))
    perm[0], perm[1] = 1, 0
    claim = (
        f"The coefficient tensor A = e_0 (x) e_1{' (x) e_0' * (N - 2)} (N={N}, M={M}, 0-based) "
        f"is not symmetric (A{idx} = 1, A{[idx[k] for k in perm]} = 0), while every shared shallow ConvAC has the "
        "symmetric coefficient tensor sum_z a_z (x)^N a^z; so no shared shallow ConvAC of any width realizes it "
        "(shared shallow ConvACs are not universal), whereas the unshared one with Z = 1 does."
    )
    return Certificate(
        "symmetric-obstruction",
        claim,
        status="exact",
        data={"tensor": tensor_to_dict(A), "index": idx, "permutation": perm,
              "source": "Cohen-Shashua ICLR 2017 notes 2 and 7"},
    )


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


def _count_cert(arch: dict, count: int, what: str) -> Certificate:
    return Certificate("parameter-count", f"{what} has {count} weights (one output).", status="exact",
                       data={"architecture": arch, "outputs": 1, "count": count})


def size_accounting_certificate(N: int = 8, M: int = 2, r: int = 2) -> "PropositionCertificate":
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
    """Bentkamp's witness has ``A*[d] = prod_k [d_{2k} = d_{2k+1} < r_0]`` and rank r^{N/2}.

    Parts: (0) the witness's grid tensor equals the tensor built from the formula (every entry
    recomputed by the checker), (1) a minor of size ``min(r_0, M)^{N/2}`` (this weight setting),
    (2) the ``leaf-span`` bound (every weight setting).

    The concluded rank is derived from part 1 (``"derivation"``) and pinned by part 2; the formula
    (field ``"formula"``, informational) describes the tensor that part 0 verifies entry by entry.

    >>> c = bentkamp_witness_certificate()
    >>> c.data["conclusion"], c.data["formula"]
    ({'rank': 4}, 'A*[d] = prod_k [d_2k = d_2k+1 <= 1] (0-based)')
    """
    import numpy as np

    from ..networks import bentkamp_witness
    from .lower import bentkamp_minor

    N, M = as_positive_int(N, "N"), as_positive_int(M, "M")
    t = PoolingTree.binary(N)
    ws = _widths(t, widths)
    net = bentkamp_witness(t, M, ws)
    r = min(ws[0], M)
    arr = np.zeros((M,) * N, dtype=np.int64)
    for d in np.ndindex(*arr.shape):
        arr[d] = int(all(d[2 * k] == d[2 * k + 1] < r for k in range(N // 2)))
    formula = f"A*[d] = prod_k [d_2k = d_2k+1 <= {r - 1}] (0-based)"
    tensor_part = Certificate(
        "network-grid-tensor",
        f"Bentkamp's witness (N={N}, M={M}, widths {list(ws)}) has grid tensor {formula}.",
        status="exact",
        data={"network": net.to_dict(), "output": 0, "tensor": tensor_to_dict(QArray.from_integers(arr))},
    )
    part = Partition.named("odd-even", N)
    lower = lower_bound_certificate(net, part, minor=bentkamp_minor(N, r))
    upper = upper_bound_certificate(t, M, ws, part, rule="leaf-span")
    R = lower.data["r"]
    return Certificate(
        "bundle",
        f"Bentkamp's witness, N={N}, M={M}, widths {list(ws)}: "
        f"{formula}, and rank [A*]_odd-even = {R} (rows {list(part.rows)}, 0-based).",
        status="exact",
        data={
            "parts": [tensor_part, lower, upper],
            "relations": [
                {"left": {"ref": "parts[1].r"}, "op": "==", "right": {"ref": "parts[2].bound"}},
                {"left": {"ref": "parts[0].network_digest"}, "op": "same", "right": {"ref": "parts[1].network_digest"}},
                {"left": {"ref": "parts[1].partition"}, "op": "same", "right": {"ref": "parts[2].partition"}},
            ] + [
                {"left": {"ref": f"parts[1].architecture.{key}"}, "op": "same",
                 "right": {"ref": f"parts[2].architecture.{key}"}}
                for key in ("num_inputs", "M", "tree", "widths")
            ],
            "conclusion": {"rank": R},
            "derivation": {"rank": {"ref": "parts[1].r"}},
            "formula": formula,  # informational: parts[0] verifies the tensor the formula describes, entry by entry
        },
    )


# ------------------------------------------------------------------ format version 1 (checker tests only)
# The version-1 forms of the migrated kinds, kept for the tests of the version-1 checker that still reads the
# composite kinds not yet migrated (depth L vs L_c nests a version-1 generic-rank certificate).
def _legacy_depth_efficiency_certificate(M: int, N: int, widths: Any, tree: Any = None, shared: bool = False,
                                 window: Any = 2, seeds: Iterable[int] = DEFAULT_SEEDS) -> Certificate:
    """Theorem 1 of Cohen-Sharir-Shashua 2016 on one architecture, odd-even partition.

    Lower bound: Bentkamp's witness (shared-compatible, so the claim covers both weight spaces)
    or, when it does not reach the structural bound, random integer witnesses.  Upper bound: the
    tightest structural rule.  Shallow part: a shallow ConvAC with ``Z = R - 1`` has rank <= R - 1.
    ``shared`` selects the JSON form of the witness (one matrix per level) and, when the shared
    weight space has a smaller generic rank, the claim about that space.

    """
    M = as_positive_int(M, "M")
    N = as_positive_int(N, "N")
    t = _tree(N, tree, window)
    ws = _widths(t, widths)
    part = Partition.named("odd-even", N)
    w, lower, upper, space = _pinned(t, M, ws, part, bool(shared), seeds, ("bentkamp", "random"))
    R = lower.data["r"]
    if R < 2:
        raise DomainError(f"the generic rank is {R}; depth efficiency needs R >= 2 (e.g. r_0 >= 2 and M >= 2)")
    shallow = shallow_rank_bound(N, M, R - 1, part)
    claim = (
        f"Depth efficiency (Cohen-Sharir-Shashua 2016, Thm 1): for almost every weight setting of "
        f"{_space_words(space)} of the deep ConvAC with N={N}, M={M}, tree {t.to_nested()}, widths {list(ws)}, "
        f"the odd-even matricization (rows {list(part.rows)}, 0-based) of its grid/coefficient tensor has rank "
        f"exactly {R}; hence CP-rank >= {R}, and a shallow ConvAC (shared or not) computing the same function needs "
        f"Z >= {R} channels."
    )
    return Certificate(
        "depth-efficiency",
        claim,
        status="almost-everywhere",
        data={
            "source": "Cohen, Sharir, Shashua, COLT 2016, Theorem 1",
            "witness": w.style if w.style != "bentkamp" else "bentkamp (eye / all-ones / copy-first)",
            "lower": lower,
            "upper": upper,
            "shallow": shallow,
            "conclusion": {"generic_rank": R, "shallow_width_needed": R},
        },
    )


def _legacy_generic_rank_certificate(tree: PoolingTree, M: int, widths: Any, partition: Any, shared: bool = False,
                             seeds: Iterable[int] = DEFAULT_SEEDS, styles: Sequence[str] = ("bentkamp", "random"),
                             label: str = "") -> Certificate:
    """Generic rank of ``[A]_{I,J}`` for a deep architecture: a ``generic-rank`` certificate.

    Parts: ``lower`` (a witness minor, generic) and ``upper`` (the tightest structural rule); the
    checker verifies that both are about the same architecture, partition and weight space.

    """
    M = as_positive_int(M, "M")
    ws = _widths(tree, widths)
    part = as_partition(partition, tree.num_modes)
    w, lower, upper, space = _pinned(tree, M, ws, part, bool(shared), seeds, styles)
    R = lower.data["r"]
    claim = (
        f"{label + ': ' if label else ''}for almost every weight setting of {_space_words(space)} of the deep "
        f"ConvAC with N={tree.num_modes}, M={M}, tree {tree.to_nested()}, widths {list(ws)}: "
        f"rank [A]_{{I,J}} = {R} for I={list(part.rows)}, J={list(part.cols)} (0-based modes)."
    )
    return Certificate(
        "generic-rank",
        claim,
        status="almost-everywhere",
        data={"lower": lower, "upper": upper, "conclusion": {"generic_rank": R, "weight_space": space}},
    )


def _legacy_size_accounting_certificate(N: int = 8, M: int = 2, r: int = 2) -> Certificate:
    """a shared deep ConvAC with few weights vs the shallow width (and weights) it forces.

    """
    N, M, r = as_positive_int(N, "N"), as_positive_int(M, "M"), as_positive_int(r, "r")
    t = PoolingTree.binary(N)
    ws = (r,) * t.height
    thm = _legacy_depth_efficiency_certificate(M, N, ws, shared=True)
    R = thm.data["conclusion"]["shallow_width_needed"]
    space = thm.data["lower"]["weight_space"]
    if space not in ("shared", "both"):  # pragma: no cover - a shared search yields a shared point
        raise DomainError(f"the depth-efficiency witness covers the {space} weight space, not the shared one")
    deep = deep_parameter_count(t, M, ws, shared=True)
    sh_un = N * M * R + R
    sh_sh = M * R + R
    parts = [
        thm,
        _count_cert(architecture_dict(t, M, ws, shared=True), deep, f"The shared deep ConvAC N={N}, M={M}, widths {list(ws)}"),
        _count_cert({"kind": "shallow-convac", "num_inputs": N, "M": M, "Z": R, "shared": False}, sh_un,
                    f"An unshared shallow ConvAC with N={N}, M={M}, Z={R}"),
        _count_cert({"kind": "shallow-convac", "num_inputs": N, "M": M, "Z": R, "shared": True}, sh_sh,
                    f"A shared shallow ConvAC with N={N}, M={M}, Z={R}"),
    ]
    claim = (
        f"Size accounting: the shared deep ConvAC with N={N}, M={M}, widths {list(ws)} has "
        f"{deep} weights, yet for almost all of its weight settings a shallow ConvAC computing the same function "
        f"needs Z >= {R}, i.e. >= {sh_un} weights unshared ({sh_sh} shared; the weight count grows with Z)."
    )
    return Certificate(
        "bundle",
        claim,
        status="almost-everywhere",
        data={
            "parts": parts,
            "relations": [
                {"left": {"ref": "parts[2].Z"}, "op": "==", "right": {"ref": "parts[0].shallow_width_needed"}},
                {"left": {"ref": "parts[3].Z"}, "op": "==", "right": {"ref": "parts[0].shallow_width_needed"}},
                {"left": {"ref": "parts[1].count"}, "op": "<", "right": {"ref": "parts[2].count"}},
                {"left": {"ref": "parts[1].count"}, "op": "==", "right": deep},
                {"left": {"ref": "parts[2].count"}, "op": "==", "right": sh_un},
            ] + [
                {"left": {"ref": f"parts[1].architecture.{key}"}, "op": "same",
                 "right": {"ref": f"parts[0].architecture.{key}"}}
                for key in ("num_inputs", "M", "tree", "widths")
            ] + [
                {"left": {"ref": f"parts[{k}].architecture.{key}"}, "op": "same",
                 "right": {"ref": f"parts[0].architecture.{key}"}}
                for k in (2, 3) for key in ("num_inputs", "M")
            ] + [
                {"left": {"ref": "parts[0].weight_space"}, "op": "same", "right": space},
                {"left": {"ref": "parts[1].architecture.shared"}, "op": "==", "right": True},
                {"left": {"ref": "parts[2].architecture.shared"}, "op": "==", "right": False},
                {"left": {"ref": "parts[3].architecture.shared"}, "op": "==", "right": True},
            ] + [
                {"left": {"ref": f"parts[{k}].outputs"}, "op": "==", "right": 1} for k in (1, 2, 3)
            ],
            "conclusion": {"deep_weights": deep, "shallow_width_needed": R, "shallow_weights_unshared": sh_un,
                           "shallow_weights_shared": sh_sh},
            "derivation": {"deep_weights": {"ref": "parts[1].count"},
                           "shallow_width_needed": {"ref": "parts[0].shallow_width_needed"},
                           "shallow_weights_unshared": {"ref": "parts[2].count"},
                           "shallow_weights_shared": {"ref": "parts[3].count"}},
        },
    )


