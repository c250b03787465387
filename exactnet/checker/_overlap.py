r"""Independent checks of certificates about generalized convolutional ConvACs (``"gc-convac"`` networks).

Imports only the standard library, numpy, python-flint and :mod:`exactnet.errors` (and this package):
the network JSON is parsed here, the geometry (positions, windows) recomputed here, and grid-tensor
entries evaluated by this module's own forward pass.  Nothing is shared with
:mod:`exactnet.networks.gcconvac`.

For other checker modules (the structured-rank kinds):

* :func:`parse_gc_network` ``(obj, field="network") -> GCNet``: validate a ``"gc-convac"`` network object;
* :func:`gc_entry` ``(net, index_tuple, output=0, prime=None)``: one grid-tensor entry, a ``Fraction``
  (``prime=None``) or an int in ``[0, p)``; O(size of the network), never forms the tensor (fine at N = 64);
* :func:`gc_entries_mod_p` ``(net, index_tuples, output, p)``: many entries mod p, vectorized (numpy int64,
  p < 2^31), in chunks;
* :func:`gc_minor_mod_p` ``(net, rows, cols, row_indices, col_indices, output, p)``: a whole minor mod p, each
  node evaluated once per row / column multi-index when its receptive field lies on one side.

Kinds
-----
``"gc-rank-lower-bound"``
    A network, a partition (rows/cols, 0-based modes), r, and an r x r minor given by explicit row and
    column multi-indices (one template index per row mode / column mode, in increasing mode order).  The
    checker evaluates the r^2 grid-tensor entries itself and checks ``det != 0`` modulo ``prime`` (a JSON
    integer; any prime, tested with FLINT) or, without ``prime``, over Q (exact determinant).  A non-zero
    minor proves ``rank [A^output]_{rows, cols} >= r`` over Q for these weights; with ``"generic": true``
    (status ``"almost-everywhere"``) it proves the bound for almost every weight setting of the stated
    ``weight_space`` (entries are polynomials in the weights; a polynomial that is non-zero at one point
    vanishes only on a null set).  ``"shared"`` / ``"both"`` need the witness to be a shared point.
``"gc-grid-tensor"``
    A network's grid tensor (one output) equals a stated tensor; the checker recomputes every entry
    (at most 2^14 entries).

Examples
--------
>>> net = {"format": "exactnet.network", "schema_version": 1, "kind": "gc-convac", "num_inputs": 3,
...        "input_shape": [3], "representation": {"type": "identity", "M": 2},
...        "layers": [{"receptive_field": 2, "stride": 1, "channels": 1, "dilation": 1},
...                   {"receptive_field": 2, "stride": 1, "channels": 1, "dilation": 1}],
...        "shared": True, "weights": [[[["1", "0"]], [["0", "1"]]], [[["1"]], [["1"]]]],
...        "output_weights": [["1"]]}
>>> g = parse_gc_network(net)
>>> g.N, g.positions, gc_entry(g, (0, 1, 1)), gc_entry(g, (1, 0, 1), prime=7)
(3, [(2,), (1,)], Fraction(0, 1), 0)
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction
from typing import Any, Callable

import flint
import numpy as np

from ._claim import check_rank_statements, require_numbers
from ._common import check_header, det_mod_p, fail, generic_claim, is_prime, plain_int
from ._common import get_key as _get
from ._common import join as _join
from ._common import short_repr as _short
from ._network import _partition, _rat, _representation, full_index, network_digest

__all__ = ["CHECKERS", "CONCLUDING", "GCNet", "parse_gc_network", "gc_entry", "gc_entries_mod_p", "gc_minor_mod_p",
           "check_gc_rank_lower_bound", "check_gc_grid_tensor"]

#: at most this many grid-tensor entries are recomputed by ``gc-grid-tensor``
MAX_GRID_ENTRIES = 1 << 14
#: at most this many minor entries (r^2) are evaluated by ``gc-rank-lower-bound``
MAX_MINOR_ENTRIES = 1 << 20
#: an upper bound on the number of elementary products one forward pass may take (checker time bound)
MAX_NETWORK_WORK = 1 << 24


def _int(value: Any, field: str, minimum: int | None = None) -> int:
    return plain_int(value, field, minimum, float_hint=True)


def _axis(value: Any, field: str, dims: int, minimum: int) -> tuple[int, ...]:
    """An int (same on every axis) or, in 2-D, a list [h, w]."""
    if isinstance(value, list):
        if dims != 2 or len(value) != 2:
            raise fail(f"a list here must be [h, w] for a 2-D input, not {_short(value)} (input has {dims} axes)", field)
        return tuple(_int(v, f"{field}[{k}]", minimum) for k, v in enumerate(value))
    return (_int(value, field, minimum),) * dims


def _array(value: Any, field: str, shape: tuple[int, ...]) -> np.ndarray:
    """A nested JSON list of rationals of exactly ``shape``, as an object array of Fractions."""
    out = np.empty(shape, dtype=object)

    def walk(x: Any, path: str, idx: tuple[int, ...]) -> None:
        d = len(idx)
        if d == len(shape):
            out[idx] = _rat(x, path)
            return
        if not isinstance(x, list) or len(x) != shape[d]:
            raise fail(f"must be a list of {shape[d]} entries (array shape {list(shape)}), not {_short(x)}", path)
        for k, y in enumerate(x):
            walk(y, f"{path}[{k}]", idx + (k,))

    walk(value, field, ())
    return out


class GCNet:
    """A parsed ``gc-convac`` network: geometry recomputed, weights as Fraction object arrays.

    Attributes: ``N``, ``input_shape``, ``dims``, ``F`` (T x M Fractions), ``T``, ``M``, ``Y``, ``shared``,
    ``channels`` (per layer), ``positions`` (per layer, per-axis), ``reads`` (per layer: for every output
    position, the flat input positions of its window in window order), ``weights`` (per layer: shared
    (K, C_out, C_in), unshared (P, K, C_out, C_in)), ``out`` (Y, C_last).
    """

    def matrix(self, l: int, j: int, k: int) -> np.ndarray:
        W = self.weights[l]
        return W[k] if self.shared else W[j, k]


def parse_gc_network(obj: Any, field: str = "network") -> GCNet:
    """Validate a ``"gc-convac"`` network object and recompute its geometry; CertificateError names the field."""
    if not isinstance(obj, dict):
        raise fail(f"must be a network JSON object, not {_short(obj)}", field)
    if obj.get("format", "exactnet.network") != "exactnet.network":
        raise fail(f"must be \"exactnet.network\", not {_short(obj['format'])}", _join(field, "format"))
    if obj.get("schema_version", 1) != 1 or isinstance(obj.get("schema_version", 1), bool):
        raise fail("only schema_version 1 is known", _join(field, "schema_version"))
    if _get(obj, "kind", field) != "gc-convac":
        raise fail(f"must be \"gc-convac\", not {_short(obj['kind'])}", _join(field, "kind"))
    net = GCNet()
    N = _int(_get(obj, "num_inputs", field), _join(field, "num_inputs"), 2)
    fs = _join(field, "input_shape")
    shape = _get(obj, "input_shape", field)
    if not isinstance(shape, list) or len(shape) not in (1, 2):
        raise fail(f"must be [N] or [H, W], not {_short(shape)}", fs)
    shape = tuple(_int(s, f"{fs}[{k}]", 1) for k, s in enumerate(shape))
    if math.prod(shape) != N:
        raise fail(f"describes {math.prod(shape)} inputs, but num_inputs is {N}", fs)
    net.N, net.input_shape, net.dims = N, shape, len(shape)
    net.F = _representation(_get(obj, "representation", field), _join(field, "representation"))
    net.T, net.M = len(net.F), len(net.F[0])
    shared = _get(obj, "shared", field)
    if not isinstance(shared, bool):
        raise fail(f"must be true or false, not {_short(shared)}", _join(field, "shared"))
    net.shared = shared
    fl = _join(field, "layers")
    layers = _get(obj, "layers", field)
    if not isinstance(layers, list) or not layers:
        raise fail("must be a non-empty list of layer objects", fl)
    raw_w = _get(obj, "weights", field)
    fw = _join(field, "weights")
    if not isinstance(raw_w, list) or len(raw_w) != len(layers):
        raise fail(f"must hold one array per layer ({len(layers)}), not {_short(raw_w)}", fw)
    n = shape
    c_in = net.M
    net.channels, net.positions, net.reads, net.weights, net.windows = [], [], [], [], []
    work = 0
    for l, lay in enumerate(layers):
        f = f"{fl}[{l}]"
        if not isinstance(lay, dict):
            raise fail(f"must be a layer object, not {_short(lay)}", f)
        unknown = set(lay) - {"receptive_field", "stride", "channels", "dilation"}
        if unknown:
            raise fail(f"unknown key(s) {sorted(unknown)}", f)
        R = _axis(_get(lay, "receptive_field", f), _join(f, "receptive_field"), net.dims, 1)
        S = _axis(_get(lay, "stride", f), _join(f, "stride"), net.dims, 1)
        D = _axis(lay.get("dilation", 1), _join(f, "dilation"), net.dims, 1)
        C = _int(_get(lay, "channels", f), _join(f, "channels"), 1)
        out = []
        for a in range(net.dims):
            span = D[a] * (R[a] - 1) + 1
            if span > n[a]:
                raise fail(f"the window spans {span} positions on axis {a} but its input has only {n[a]}", f)
            out.append((n[a] - span) // S[a] + 1)
        out = tuple(out)
        if math.prod(out) * math.prod(R) > MAX_NETWORK_WORK:
            raise fail(f"layer {l} has {math.prod(out)} positions of {math.prod(R)} window entries; this checker "
                       f"handles at most {MAX_NETWORK_WORK}", f)
        offsets = list(itertools.product(*(range(r) for r in R)))
        reads = []
        for j in itertools.product(*(range(p) for p in out)):
            row = []
            for k in offsets:
                flat = 0
                for a in range(net.dims):
                    flat = flat * n[a] + j[a] * S[a] + k[a] * D[a]
                row.append(flat)
            reads.append(row)
        net.channels.append(C)
        net.positions.append(out)
        net.reads.append(reads)
        net.windows.append((R, S, D))
        n = out
    if math.prod(n) != 1:
        raise fail(f"the last layer must leave exactly one position, not {list(n)} (positions per layer: "
                   f"{[list(p) for p in net.positions]})", fl)
    c_in = net.M
    for l, reads in enumerate(net.reads):
        K, P, C = len(reads[0]), len(reads), net.channels[l]
        wshape = (K, C, c_in) if shared else (P, K, C, c_in)
        if math.prod(wshape) > MAX_NETWORK_WORK:
            raise fail(f"layer {l} has {math.prod(wshape)} weights; this checker reads at most {MAX_NETWORK_WORK}",
                       f"{fw}[{l}]")
        work += P * K * C * c_in
        if work > MAX_NETWORK_WORK:
            raise fail(f"one forward pass takes more than {MAX_NETWORK_WORK} products; this checker does at most that",
                       fl)
        net.weights.append(_array(raw_w[l], f"{fw}[{l}]", wshape))
        c_in = C
    fo = _join(field, "output_weights")
    ow = _get(obj, "output_weights", field)
    if not isinstance(ow, list) or not ow:
        raise fail("must be a non-empty matrix (Y x C_last)", fo)
    net.out = _array(ow, fo, (len(ow), c_in))
    net.Y = len(ow)
    return net


def _check_output_index(net: GCNet, output: int) -> None:
    if not 0 <= output < net.Y:
        raise fail(f"output {output} does not exist: the network has {net.Y} outputs (0-based)", "output")


def gc_entry(net: GCNet, index_tuple: Any, output: int = 0, prime: int | None = None) -> Fraction | int:
    """One grid-tensor entry ``h_output(template_{d_0}, ..., template_{d_{N-1}})``: exact (Fraction) or mod ``prime``.

    Raises CertificateError if the prime divides a denominator (choose another prime).
    """
    d = tuple(index_tuple)
    if len(d) != net.N or any(not 0 <= t < net.T for t in d):
        raise fail(f"a grid index needs {net.N} template indices in 0..{net.T - 1}, not {_short(list(d))}")
    if prime is None:
        vals = [list(net.F[t]) for t in d]
        for l, reads in enumerate(net.reads):
            new = []
            for j, row in enumerate(reads):
                acc = None
                for k, p in enumerate(row):
                    W = net.matrix(l, j, k)
                    z = [sum((W[g, a] * vals[p][a] for a in range(W.shape[1])), Fraction(0)) for g in range(W.shape[0])]
                    acc = z if acc is None else [x * y for x, y in zip(acc, z)]
                new.append(acc)
            vals = new
        return sum((net.out[output, a] * vals[0][a] for a in range(net.out.shape[1])), Fraction(0))
    p = prime
    vals = [[_mod(x, p) for x in net.F[t]] for t in d]
    for l, reads in enumerate(net.reads):
        new = []
        for j, row in enumerate(reads):
            acc = None
            for k, q in enumerate(row):
                W = net.matrix(l, j, k)
                z = [sum(_mod(W[g, a], p) * vals[q][a] for a in range(W.shape[1])) % p for g in range(W.shape[0])]
                acc = z if acc is None else [x * y % p for x, y in zip(acc, z)]
            new.append(acc)
        vals = new
    return sum(_mod(net.out[output, a], p) * vals[0][a] for a in range(net.out.shape[1])) % p


def _mod(x: Fraction, p: int) -> int:
    if x.denominator % p == 0:
        raise fail(f"the prime {p} divides the denominator of {x} (a weight or representation value); choose another prime",
                   "prime")
    return x.numerator * pow(x.denominator, -1, p) % p


def gc_entries_mod_p(net: GCNet, index_tuples: Any, output: int, p: int, chunk: int = 2048) -> list[int]:
    """Many entries mod ``p`` (p < 2^31), vectorized with numpy int64 (products stay below 2^62)."""
    if p >= 1 << 31:
        return [int(gc_entry(net, d, output, p)) for d in index_tuples]

    def red(arr: np.ndarray) -> np.ndarray:
        flat = [_mod(x, p) for x in arr.flat]
        return np.array(flat, dtype=np.int64).reshape(arr.shape)

    F = red(np.array(net.F, dtype=object))
    Ws = [red(W) for W in net.weights]
    reads = [np.array(r, dtype=np.int64) for r in net.reads]
    out = red(net.out[output:output + 1])[0]
    result: list[int] = []
    it = iter(index_tuples)
    while True:
        block = list(itertools.islice(it, chunk))  # tuples are consumed chunk by chunk (never all at once)
        if not block:
            break
        X = F[np.array(block, dtype=np.int64).reshape(-1, net.N)]  # (B, N, M)
        for l, rd in enumerate(reads):
            acc = None
            for k in range(rd.shape[1]):
                Xk = X[:, rd[:, k], :]  # (B, P, C_in)
                W = Ws[l][k][None, None] if net.shared else Ws[l][:, k][None]
                Z = ((Xk[:, :, None, :] * W) % p).sum(axis=-1) % p  # (B, P, C_out)
                acc = Z if acc is None else acc * Z % p
            X = acc
        result.extend(int(v) for v in ((X[:, 0, :] * out) % p).sum(axis=-1) % p)
    return result


def gc_minor_mod_p(net: GCNet, rows: list[int], cols: list[int], row_indices: list, col_indices: list,
                   output: int, p: int) -> list[list[int]]:
    """The minor ``[A^output]_{rows, cols}`` at the given row / column multi-indices, mod ``p`` (p < 2^31).

    Every node whose receptive field lies inside the row modes is evaluated once per row multi-index, inside
    the column modes once per column multi-index; only the nodes that see both sides are evaluated on all
    pairs (numpy int64 broadcasting).  Same values as :func:`gc_entry` / :func:`gc_entries_mod_p`.
    """
    if p >= 1 << 31:
        raise fail(f"gc_minor_mod_p needs a prime below 2^31, not {p}", "prime")

    def red(arr: np.ndarray) -> np.ndarray:
        return np.array([_mod(x, p) for x in arr.flat], dtype=np.int64).reshape(arr.shape)

    F = red(np.array(net.F, dtype=object))
    Ws = [red(W) for W in net.weights]
    out = red(net.out[output:output + 1])[0]
    A = np.array(row_indices, dtype=np.int64).reshape(len(row_indices), len(rows))
    B = np.array(col_indices, dtype=np.int64).reshape(len(col_indices), len(cols))
    side = {}
    for t, m in enumerate(rows):
        side[m] = ("r", F[A[:, t]])  # (Ra, M)
    for t, m in enumerate(cols):
        side[m] = ("c", F[B[:, t]])  # (Rb, M)
    values = [side[i] for i in range(net.N)]

    def shaped(kind: str, v: np.ndarray) -> np.ndarray:
        if kind == "r":
            return v[:, None, :]
        if kind == "c":
            return v[None, :, :]
        return v

    for l, reads in enumerate(net.reads):
        new = []
        for j, row in enumerate(reads):
            kinds = {values[q][0] for q in row}
            kind = kinds.pop() if len(kinds) == 1 else "m"
            acc = None
            for k, q in enumerate(row):
                W = Ws[l][k] if net.shared else Ws[l][j, k]  # (C_out, C_in)
                ck, v = values[q]
                z = ((v[..., None, :] * W) % p).sum(axis=-1) % p
                if kind == "m":
                    z = shaped(ck, z)
                acc = z if acc is None else acc * z % p
            new.append((kind, acc))
        values = new
    kind, v = values[0]
    v = shaped(kind, v)
    M = ((v * out) % p).sum(axis=-1) % p
    M = np.broadcast_to(M, (len(row_indices), len(col_indices)))
    return [[int(x) for x in row] for row in M]


def _architecture(net: GCNet) -> dict:
    return {
        "kind": "gc-convac",
        "input_shape": list(net.input_shape),
        "M": net.M,
        "layers": [{"receptive_field": list(R), "stride": list(S), "dilation": list(D), "channels": C}
                   for (R, S, D), C in zip(net.windows, net.channels)],
    }


def _overlapping(net: GCNet) -> bool:
    for reads in net.reads:
        flat = [p for row in reads for p in row]
        if len(flat) != len(set(flat)):
            return True
    return False


def _shared_point(net: GCNet) -> bool:
    if net.shared:
        return True
    return all(all((W[j] == W[0]).all() for j in range(W.shape[0])) for W in net.weights)


def _network_and_output(cert: dict) -> tuple[Any, GCNet, int]:
    obj = _get(cert, "network", "")
    net = parse_gc_network(obj, "network")
    output = _int(cert.get("output", 0), "output", 0)
    _check_output_index(net, output)
    return obj, net, output


def check_gc_rank_lower_bound(cert: dict) -> dict:
    """Verify a ``gc-rank-lower-bound`` certificate (see the module docstring); return the proved values."""
    check_header(cert, "gc-rank-lower-bound")
    obj, net, output = _network_and_output(cert)
    rows, cols = _partition(_get(cert, "partition", ""), "partition", net.N)
    r = _int(_get(cert, "r", ""), "r", 1)
    if r * r > MAX_MINOR_ENTRIES:
        raise fail(f"an r x r minor with r = {r} has {r * r} entries; this checker evaluates at most {MAX_MINOR_ENTRIES}", "r")
    prime = cert.get("prime")
    if prime is not None:
        prime = _int(prime, "prime", 2)
        if not is_prime(prime):
            raise fail(f"{prime} is not a prime", "prime")
    minor = _get(cert, "minor", "")
    idx = {}
    for name, modes in (("rows", rows), ("cols", cols)):
        f = f"minor.{name}"
        lst = _get(minor, name, "minor")
        if not isinstance(lst, list) or len(lst) != r:
            raise fail(f"must list exactly r = {r} multi-indices, not {len(lst) if isinstance(lst, list) else _short(lst)}", f)
        seen = set()
        for k, t in enumerate(lst):
            if not isinstance(t, list) or len(t) != len(modes):
                raise fail(f"a multi-index lists one template index per {name[:-1]} mode ({len(modes)} integers), "
                           f"not {_short(t)}", f"{f}[{k}]")
            for q, x in enumerate(t):
                _int(x, f"{f}[{k}][{q}]", 0)
                if x >= net.T:
                    raise fail(f"template index {x} is out of range 0..{net.T - 1}", f"{f}[{k}][{q}]")
            if tuple(t) in seen:
                raise fail(f"repeated multi-index {t}", f"{f}[{k}]")
            seen.add(tuple(t))
        idx[name] = lst

    tuples = (full_index(net.N, rows, rd, cols, cd) for rd in idx["rows"] for cd in idx["cols"])  # row-major order of the minor
    if prime is not None and prime < 1 << 31:
        matrix = gc_minor_mod_p(net, rows, cols, idx["rows"], idx["cols"], output, prime)
        nonzero = det_mod_p(matrix, prime) != 0
        where = f"modulo {prime}"
    elif prime is not None:
        vals = gc_entries_mod_p(net, tuples, output, prime)
        matrix = [vals[a * r:(a + 1) * r] for a in range(r)]
        nonzero = det_mod_p(matrix, prime) != 0
        where = f"modulo {prime}"
    else:
        vals = [gc_entry(net, d, output) for d in tuples]
        D = math.lcm(*(v.denominator for v in vals))
        ints = [int(v * D) for v in vals]
        nonzero = flint.fmpz_mat(r, r, ints).det() != 0
        where = "over Q"
    if not nonzero:
        raise fail(f"the {r}x{r} minor is singular {where}: no rank certificate", "minor")
    generic, space = generic_claim(cert)
    status = cert.get("status")
    if generic:
        if space in ("shared", "both") and not _shared_point(net):
            raise fail(f"the claim covers the {space} weight space, but the witness has different weights at "
                       "different positions, so it is not a point of the shared weight space", "network.shared")
    elif status != "lower-bound":
        raise fail(f"a claim about these weights has status \"lower-bound\", not {_short(status)}", "status")
    check_rank_statements(cert.get("claim"), lower=r)
    require_numbers(cert.get("claim"), {"r": r})
    return {
        "kind": "gc-rank-lower-bound",
        "r": r,
        "partition": {"rows": rows, "cols": cols},
        "output": output,
        "outputs": net.Y,
        "generic": generic,
        "weight_space": space,
        "shared_point": _shared_point(net),
        "overlapping": _overlapping(net),
        "architecture": _architecture(net),
        "N": net.N,
        "T": net.T,
        "prime": prime,
        "network_digest": network_digest(obj),
    }


def check_gc_grid_tensor(cert: dict) -> dict:
    """Verify a ``gc-grid-tensor`` certificate: every entry of the stated tensor is recomputed exactly."""
    check_header(cert, "gc-grid-tensor")
    obj, net, output = _network_and_output(cert)
    if cert.get("status") != "exact":
        raise fail(f"a grid tensor is stated exactly: status must be \"exact\", not {_short(cert.get('status'))}", "status")
    tensor = _get(cert, "tensor", "")
    shape = _get(tensor, "shape", "tensor")
    if shape != [net.T] * net.N:
        raise fail(f"the grid tensor has shape {[net.T] * net.N}, not {_short(shape)}", "tensor.shape")
    total = net.T ** net.N
    if total > MAX_GRID_ENTRIES:
        raise fail(f"the grid tensor has {total} entries; this kind recomputes at most {MAX_GRID_ENTRIES}", "tensor.shape")
    stated = _array(_get(tensor, "entries", "tensor"), "tensor.entries", tuple(shape))
    for d in itertools.product(range(net.T), repeat=net.N):
        true = gc_entry(net, d, output)
        if stated[d] != true:
            path = "tensor.entries" + "".join(f"[{i}]" for i in d)
            raise fail(f"the network's grid tensor has {true} at {list(d)}, not {stated[d]}", path)
    return {"kind": "gc-grid-tensor", "entries": total, "shape": list(shape), "output": output,
            "overlapping": _overlapping(net), "architecture": _architecture(net), "network_digest": network_digest(obj)}


#: kind -> checker (takes the certificate dict, returns a dict of proved values)
CHECKERS: dict[str, Callable[[dict], Any]] = {
    "gc-rank-lower-bound": check_gc_rank_lower_bound,
    "gc-grid-tensor": check_gc_grid_tensor,
}

#: the kinds among CHECKERS that state a verified ``conclusion``
CONCLUDING: frozenset = frozenset()
