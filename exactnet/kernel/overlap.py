r"""Ranks of matricizations of template circuits: minors evaluated entry by entry, structural upper
bounds (``sep-recursion``, ``cut-recursion``) and generic (almost-everywhere) ranks of architectures.

Methods for ``matricization_rank`` (object ``{"circuit", "output", "rows"}``, see
:mod:`~exactnet.kernel.matricization`):

* ``minor-entries`` (``rows``, ``cols``: r distinct multi-indices, one template index per row mode /
  column mode in increasing mode order; ``prime``, absent: the determinant over Q): the r^2 grid-tensor
  entries are evaluated by the circuit evaluator, each node once per row, per column or per pair as its
  inputs require (the grid tensor is never formed, so this works at N = 64 inputs), and a non-zero
  determinant (modulo p, or over Q) proves ``rank >= r``.
* ``sep-recursion`` / ``cut-recursion`` (``flips``: input positions moved across the partition first):
  ``rank <= U`` for every weight setting of the circuit's nodes (only its shape is read).  The circuit
  must consist of ``input`` (template positions), ``affine`` (no bias) and ``mul`` nodes.  With
  ``a(v)``, ``b(v)`` the products of the template counts of the row / column positions below node v:
  *sep*: an input has separation rank 1, an affine node of n inputs ``n s``, a product the product of its
  factors', each capped by ``min(a, b)``.  *cut*: per node ``(rho_I, rho_J, s)`` bounds on the ranks of
  ``[y]_{(I,g),J}``, ``[y]_{I,(J,g)}`` and of one channel; an input has ``1`` on its own side and
  ``min(T, M)`` on the other; an affine node ``C x n`` gives ``(min(rho_I, k rho_J), min(rho_J, k rho_I),
  min(n s, rho_I, rho_J))`` with ``k = min(C, n) >= rank W``; a product (width C) multiplies its factors'
  values (Hadamard products of matricizations), caps ``rho_I <= min(C s, C a, b)``, ``rho_J <= min(C s,
  a, C b)``, ``s <= min(rho_I, rho_J, a, b)``.  The output's rank is at most the output node's ``s``;
  moving input i across the partition changes the rank by a factor ``<= T_i``.
* ``tied-cut-recursion`` (``generic_matricization_rank`` only): the cut recursion in the tied weight space: a
  product whose k factors are images ``W x_i`` of inputs with one template matrix under affine nodes of one tie
  has channels ``a_g (x) ... (x) a_g`` with ``a_g`` in a space of dimension ``m = min(width, T, M)``; its row
  (column) span lies in the symmetric power ``Sym^{k_I}`` (``Sym^{k_J}``), of dimension ``C(m + k - 1, k)``.

Quantity ``generic_matricization_rank`` (generic): object ``{"architecture", "ties", "output", "rows"}``:
the rank for almost every weight setting of an architecture, i.e. a circuit of ``input`` / ``affine`` /
``mul`` nodes whose affine nodes give only ``"shape": [m, n]`` (their matrices are the weights) and
``ties``: lists of affine nodes sharing one matrix (shared weights).  Its methods are the two recursions;
rule ``generic-rank-from-witness`` turns ``matricization_rank(circuit, y, I) >= r`` into ``>= r`` almost
everywhere for the circuit's architecture (the entries are polynomials in the weights, and a minor that is
non-zero at one point is non-zero almost everywhere), checking that the witness's tied matrices are equal.
Quantity ``grid_tensor`` (object ``{"circuit", "output"}``, relation ``=``): the value is a stated tensor
``{"shape", "denominator", "numerators"}`` (row-major, reduced); method ``recompute-grid`` recomputes every
entry and the two are compared through their canonical digests.
Rule ``equal-from-lower-and-upper`` combines ``>= r`` and ``<= r`` about one object into ``= r``.
"""

import hashlib
import math

import flint
import numpy as np

from ..errors import FormatError, ResourceLimitError
from .circuit import Circuit, evaluate, evaluate_sides, parse_circuit, template_grid
from .matrix import minor_and_factorization
from .jsonio import canonical, fail, get, index_list, int_string, join, json_int, only_keys, show
from .propositions import INT, Proposition, register_quantity
from .rules import premise, register_method, register_rule

MAX_WEIGHTS, MAX_MINOR = 1 << 22, 1 << 16



def _supports(c: Circuit) -> list[frozenset]:
    """The input positions each node depends on."""
    sup: list[frozenset] = []
    for op, args, _, prm in c.nodes:
        sup.append(frozenset([prm]) if op == "input" else frozenset().union(*(sup[a] for a in args)))
    return sup

def digest(value, n=16):
    """The first ``n`` hex digits of the sha256 of a value's canonical JSON (how a sentence names a large object)."""
    return hashlib.sha256(canonical(value).encode()).hexdigest()[:n]


def certified(field, fn, *args):
    """``fn(*args)``; the circuit module's ``FormatError`` / ``ResourceLimitError`` raised as a ``CertificateError``
    naming ``field`` (if None, the malformed field the circuit reader names)."""
    try:
        return fn(*args)
    except (FormatError, ResourceLimitError) as exc:
        raise fail(getattr(exc, "reason", str(exc)), field or getattr(exc, "field", None)) from None


def _shape_only(c, path):
    """Refuse circuits the recursions and the genericity argument do not cover."""
    for k, (op, _, _, prm) in enumerate(c.nodes):
        if op not in ("input", "affine", "mul") or (op == "affine" and prm[2] is not None):
            raise fail(f"must be an input, affine (without bias) or mul node, not {op}", join(path, f"nodes[{k}]"))
    if any(kind[0] != "templates" for kind in c.inputs):
        raise fail("must all be template positions", join(path, "inputs"))


def _generic_object(raw, path):
    only_keys(raw, {"architecture", "ties", "output", "rows"}, path)
    arch, ap = get(raw, "architecture", path), join(path, "architecture")
    only_keys(arch if isinstance(arch, dict) else {}, {"inputs", "nodes", "output"}, ap)
    nodes, total = [], 0
    for k, node in enumerate(get(arch, "nodes", ap) if isinstance(get(arch, "nodes", ap), list) else [None]):
        np_ = join(ap, f"nodes[{k}]")
        if not isinstance(node, dict) or node.get("op") == "affine" and "matrix" in node:
            raise fail("must be a node object; an affine node gives its \"shape\", not a matrix", np_)
        if node.get("op") == "affine":
            shape, sp = get(node, "shape", np_), join(np_, "shape")
            m, n = (json_int(x, join(sp, i), 1) for i, x in enumerate(shape if isinstance(shape, list) and len(shape) == 2 else [None]))
            total += m * n
            if total > MAX_WEIGHTS:
                raise fail(f"the architecture has more than {MAX_WEIGHTS} weights", sp)
            node = {**{x: y for x, y in node.items() if x != "shape"},
                    "matrix": {"shape": [m, n], "denominator": "1", "numerators": ["0"] * (m * n)}}
        nodes.append(node)
    c = certified(None, parse_circuit, {"format": "exactnet.circuit", "version": 1, "inputs": get(arch, "inputs", ap),
                                        "nodes": nodes, "output": get(arch, "output", ap)}, ap)
    _shape_only(c, ap)
    y, rows = _output(raw, c, path), index_list(get(raw, "rows", path), join(path, "rows"), len(c.inputs),
                                                increasing=True)
    ties, seen, tp = get(raw, "ties", path), set(), join(path, "ties")
    for k, t in enumerate(ties if isinstance(ties, list) else [None]):
        t = index_list(t, join(tp, k), len(c.nodes), increasing=True)
        if len(t) < 2 or seen & set(t) or (k and t[0] < ties[k - 1][0]) or \
                len({(c.nodes[i][0], c.nodes[i][3][0].shape if c.nodes[i][0] == "affine" else 0) for i in t}) != 1 \
                or c.nodes[t[0]][0] != "affine":
            raise fail("a tie lists >= 2 affine nodes of one shape, disjoint from the others, ties ordered by first node",
                       join(tp, k))
        seen |= set(t)
    return {"architecture": arch, "ties": ties, "output": y, "rows": rows}, (c, y, rows, ties)


def _output(raw, c, path):
    """The object's ``output``: an index below the circuit's width."""
    y = json_int(get(raw, "output", path), join(path, "output"), 0)
    if y >= c.width:
        raise fail(f"output {y} is out of range 0..{c.width - 1}", join(path, "output"))
    return y


def _sizes(c, f, I):
    """The products of the template counts of the positions ``f`` in I and not in I."""
    return tuple(math.prod(c.inputs[i][1].shape[0] for i in f if (i in I) == side) for side in (True, False))


def sep_bound(c, I, ties=()):
    """The sep-recursion bound of the output's rank over (I, J) (module docstring)."""
    s, sup = [], _supports(c)
    for k, (op, args, w, prm) in enumerate(c.nodes):
        v = 1 if op == "input" else c.nodes[args[0]][2] * s[args[0]] if op == "affine" else math.prod(s[a] for a in args)
        s.append(min(v, *_sizes(c, sup[k], I)))
    return s[c.output]


def cut_bound(c, I, ties=()):
    """The cut-recursion bound of the output's rank over (I, J) (module docstring); with ``ties``, a product of
    affine images of inputs under one tied matrix (width w) has its row / column spans in symmetric powers."""
    st, sup, tie = [], _supports(c), {i: k for k, t in enumerate(ties) for i in t}
    for k, (op, args, w, prm) in enumerate(c.nodes):
        if op == "input":
            q = min(c.inputs[prm][1].shape)
            st.append((1, q, 1) if prm in I else (q, 1, 1))
        elif op == "affine":
            rI, rJ, s = st[args[0]]
            n = c.nodes[args[0]][2]
            st.append((min(rI, min(w, n) * rJ), min(rJ, min(w, n) * rI), min(n * s, rI, rJ)))  # min(w, n) >= rank W
        else:
            pI, pJ, ps = (math.prod(st[a][i] for a in args) for i in (0, 1, 2))
            pos = [c.nodes[c.nodes[a][1][0]][3] if c.nodes[a][0] == "affine" and c.nodes[c.nodes[a][1][0]][0] == "input"
                   else None for a in args]
            if tie and None not in pos and len({tie.get(a, -1 - a) for a in args}) == 1 and \
                    len({canonical(c.source["inputs"][i]) for i in pos}) == 1:  # one matrix on one template set
                m = min(c.nodes[args[0]][2], *(min(c.inputs[i][1].shape) for i in pos))
                kI = sum(i in I for i in pos)
                pI, pJ = min(pI, math.comb(m + len(args) - kI - 1, len(args) - kI)), min(pJ, math.comb(m + kI - 1, kI))
            A, B = _sizes(c, sup[k], I)
            rI, rJ = min(pI, w * ps, w * A, B), min(pJ, w * ps, A, w * B)
            s = min(ps, rI, rJ, A, B)
            st.append((min(rI, w * s), min(rJ, w * s), s))
    return st[c.output][2]


def _recursion(bound, tied=False):
    def method(ev, subject, path):
        only_keys(ev, {"method", "flips"}, path)
        c, rows, ties = subject.parsed[0], subject.parsed[2], subject.parsed[3] if tied else ()
        _shape_only(c, join(path[:-len("evidence")].rstrip("."), "proposition.object"))
        flips = index_list(ev.get("flips", []), join(path, "flips"), len(c.inputs), increasing=True)
        I = set(rows) ^ set(flips)
        if not I or len(I) == len(c.inputs):
            raise fail("moving these inputs leaves one side of the partition empty", join(path, "flips"))
        return subject.with_value("<=", math.prod(c.inputs[i][1].shape[0] for i in flips) * bound(c, I, ties))
    return method


def minor_entries(ev, subject, path):
    """``det`` of the r x r minor at the stated multi-indices, evaluated entry by entry, non-zero mod p."""
    only_keys(ev, {"method", "rows", "cols", "prime"}, path)
    c, y, rows = subject.parsed[:3]
    sides, N = {}, len(c.inputs)
    cols = [k for k in range(N) if k not in rows]
    raw_r = get(ev, "rows", path)
    r = len(raw_r) if isinstance(raw_r, list) else 0
    if not 0 < r * r <= MAX_MINOR:
        raise fail(f"must list between 1 and {math.isqrt(MAX_MINOR)} multi-indices, not {show(raw_r)}", join(path, "rows"))
    for name, modes in (("rows", rows), ("cols", cols)):
        lst, lp = get(ev, name, path), join(path, name)
        if not isinstance(lst, list) or len(lst) != r:
            raise fail(f"must list exactly {r} multi-indices", lp)
        sides[name] = []
        for a, mi in enumerate(lst):
            ap = join(lp, a)
            if not isinstance(mi, list) or len(mi) != len(modes):
                raise fail(f"a multi-index lists one template index per {name[:-1]} mode ({len(modes)})", ap)
            mi = tuple(json_int(t, join(ap, q), 0) for q, t in enumerate(mi))
            out = [q for q, (m, t) in enumerate(zip(modes, mi)) if t >= c.inputs[m][1].shape[0]]
            if out or mi in sides[name]:
                raise fail(f"template index {mi[out[0]]} is out of range at mode {modes[out[0]]}" if out else
                           f"repeated multi-index {list(mi)}", join(ap, out[0]) if out else ap)
            sides[name].append(mi)
    p = int_string(ev["prime"], join(path, "prime")) if "prime" in ev else 0  # absent: the determinant over Q
    if p and (p < 2 or not flint.fmpz(p).is_prime()):
        raise fail(f"{p} is not a prime", join(path, "prime"))
    R, C = (np.array(sides[k], dtype=np.int64).reshape(r, -1) for k in ("rows", "cols"))
    points = [R[:, rows.index(m)] if m in rows else C[:, cols.index(m)] for m in range(N)]
    num, _ = certified(join(path, "rows"), evaluate_sides, c, rows, points)
    B = np.asarray(num[y])
    if (flint.nmod_mat([[int(x) % p for x in row] for row in B], p) if p else flint.fmpz_mat(B.tolist())).det() == 0:
        raise fail(f"the {r} x {r} minor at these multi-indices is singular {f'modulo {p}' if p else 'over Q'}",
                   join(path, "rows"))
    return subject.with_value(">=", r)


def kronecker_stops(c, y, path="evidence"):
    """The blocks ``(node, channel)`` where the descent from output ``y`` stops (``kronecker-blocks``), left to right."""
    sup, stack, stops = _supports(c), [(c.output, y)], []
    while stack and len(stops) <= len(c.inputs):
        k, g = stack.pop()
        op, args, _, prm = c.nodes[k]
        nz = np.flatnonzero(prm[0][g]) if op == "affine" else ()
        stack += [(a, g) for a in reversed(args)] if op == "mul" else [(args[0], int(nz[0]))] if len(nz) == 1 else []
        stops += [] if op == "mul" or len(nz) == 1 else [(k, g)]
    if stack or sum(len(sup[k]) for k, _ in stops) != len(frozenset().union(*(sup[k] for k, _ in stops))):
        raise fail("the blocks' receptive fields overlap: the tensor is not their tensor product", join(path, "method"))
    return [(k, g, sorted(sup[k])) for k, g in stops]


def block_matrix(c, k, g, rows, path="evidence"):
    """The integer numerators of the matricization (rows / other modes) of channel g of node k over its inputs."""
    rf = sorted(_supports(c)[k])
    T = [c.inputs[i][1].shape[0] for i in rf]
    if math.prod(T) > MAX_MINOR:
        raise fail(f"the block of node {k} has more than {MAX_MINOR} entries", path)
    idx = np.indices(T).reshape(len(rf), -1)
    X = evaluate(Circuit(c.inputs, c.nodes[:k + 1], k, c.source),
                 [idx[rf.index(i)] if i in rf else idx[0] * 0 for i in range(len(c.inputs))])[0][:, g].reshape(T)
    X = np.transpose(X, [j for j, i in enumerate(rf) if i in rows] + [j for j, i in enumerate(rf) if i not in rows])
    return X.reshape(math.prod(t for t, i in zip(T, rf) if i in rows), -1)


def kronecker_blocks(ev, subject, path):
    """The output channel, followed down through affine rows with one non-zero entry and through products
    (channelwise), is a non-zero multiple of the tensor product of the blocks where the descent stops; their
    receptive fields are disjoint, so the matricization is, up to row and column order, the Kronecker product
    of the blocks' matricizations and its rank the product of theirs (each proved by a ``minor-and-factorization``)."""
    only_keys(ev, {"method", "blocks"}, path)
    c, y, rows = subject.parsed[:3]
    _shape_only(c, join(path[:-len("evidence")].rstrip("."), "proposition.object"))
    stops, blocks, bp, value, rel = kronecker_stops(c, y, path), get(ev, "blocks", path), join(path, "blocks"), 1, "="
    if not isinstance(blocks, list) or len(blocks) != len(stops):
        raise fail(f"must list the rank evidence of the {len(stops)} blocks (nodes {[k for k, _, _ in stops]})", bp)
    for b, ((k, g, _), e) in enumerate(zip(stops, blocks)):
        B = Proposition("rank", None, "=", 0, parsed=(block_matrix(c, k, g, rows, join(bp, b)), 1))
        p = minor_and_factorization({**(e if isinstance(e, dict) else {}), "method": 0}, B, join(bp, b))
        value, rel = value * p.value, rel if p.relation == "=" else ">="
    return subject.with_value(rel, value)


def generic_rank_from_witness(premises, params, path):
    """``matricization_rank(circuit, y, I) >= r`` => ``generic_matricization_rank(architecture of circuit, ties, y, I) >= r``."""
    w = premise(premises[0], "matricization_rank", ("=", ">="), join(path, "premises[0].proposition"))
    circ = w.object["circuit"]
    c = w.parsed[0]
    _shape_only(c, join(path, "premises[0].proposition.object.circuit"))
    nodes = [{k: v for k, v in n.items() if k != "matrix"} | ({"shape": n["matrix"]["shape"]} if "matrix" in n else {})
             for n in circ["nodes"]]
    raw = {"architecture": {"inputs": circ["inputs"], "nodes": nodes, "output": circ["output"]},
           "ties": get(params, "ties", join(path, "params")), "output": w.object["output"], "rows": w.object["rows"]}
    obj, parsed = _generic_object(raw, join(path, "params"))
    for k, t in enumerate(parsed[3]):
        if any(circ["nodes"][i]["matrix"] != circ["nodes"][t[0]]["matrix"] for i in t):
            raise fail("the witness's tied matrices differ: it is not a point of this weight space", join(path, f"params.ties[{k}]"))
    return Proposition("generic_matricization_rank", obj, ">=", w.value, w.field, parsed)


def equal_from_lower_and_upper(premises, params, path):
    """``X >= r`` and ``X <= r`` (same quantity, object, field) => ``X = r``."""
    lo, up = premises
    if (lo.quantity, lo.key, lo.field) != (up.quantity, up.key, up.field):
        raise fail("premise 1 is about another quantity, object or field than premise 0",
                   join(path, "premises[1].proposition"))
    if lo.relation not in (">=", "=") or up.relation not in ("<=", "=") or lo.value != up.value:
        raise fail(f"needs a lower bound and an equal upper bound, not {lo.relation} {show(lo.value)} and "
                   f"{up.relation} {show(up.value)}", join(path, "premises"))
    return lo.with_value("=", lo.value)


def stated_tensor(raw, path):
    """A stated tensor ``{"shape", "denominator", "numerators"}`` (row-major, reduced): its canonical JSON value."""
    only_keys(raw if isinstance(raw, dict) else {}, {"shape", "denominator", "numerators"}, path)
    shape, nums = get(raw, "shape", path), get(raw, "numerators", path)
    shape = [json_int(x, join(join(path, "shape"), k), 1) for k, x in enumerate(shape if isinstance(shape, list) else [None])]
    D = int_string(get(raw, "denominator", path), join(path, "denominator"))
    if not isinstance(nums, list) or len(nums) != math.prod(shape) or len(nums) > MAX_WEIGHTS:
        raise fail(f"must list the {math.prod(shape)} numerators of the shape (at most {MAX_WEIGHTS})", join(path, "numerators"))
    nums = [int_string(x, join(join(path, "numerators"), k)) for k, x in enumerate(nums)]
    if D < 1 or math.gcd(D, *nums) != 1:
        raise fail(f"must be >= 1 and in lowest terms with the numerators, not {D}", join(path, "denominator"))
    return {"shape": shape, "denominator": str(D), "numerators": [str(x) for x in nums]}


def _tensor_value(raw, path):
    """A stated tensor's digest (what ``=`` compares)."""
    return "sha256:" + digest(stated_tensor(raw, path), 64)


def _grid_object(raw, path):
    only_keys(raw, {"circuit", "output"}, path)
    c = certified(None, parse_circuit, get(raw, "circuit", path), join(path, "circuit"))
    if any(kind[0] != "templates" for kind in c.inputs):
        raise fail("must all be template positions for a grid tensor", join(path, "circuit.inputs"))
    y = _output(raw, c, path)
    return {"circuit": raw["circuit"], "output": y}, (c, y)


def recompute_grid(ev, subject, path):
    """Every entry of the grid tensor, recomputed by the evaluator (its work bounded first)."""
    only_keys(ev, {"method"}, path)
    c, y = subject.parsed
    num, den = certified(join(path, "method"), template_grid, c)
    nums = [int(x) for x in num[y].flat]
    g = math.gcd(den, *nums)
    return subject.with_value("=", _tensor_value({"shape": list(num.shape[1:]), "denominator": str(den // g),
                                                  "numerators": [str(x // g) for x in nums]}, path))


def _render(obj):
    return (f"rank of the matricization with row modes {obj['rows']} of output {obj['output']} of the grid tensor of "
            f"architecture sha256:{digest(obj['architecture'])} with {len(obj['ties'])} weight ties")


# rank over Q, for almost every weight setting, of a matricization of an architecture's grid tensor
register_quantity("generic_matricization_rank", _generic_object, ("=", ">=", "<="), INT, _render, generic=True)
# the grid tensor of one output of a template circuit; the value is the stated tensor
register_quantity("grid_tensor", _grid_object, ("=",), _tensor_value,
                  lambda obj: f"grid tensor of output {obj['output']} of circuit "
                              f"sha256:{digest(obj['circuit'])}")
register_method("recompute-grid", ("grid_tensor",), recompute_grid)
register_method("minor-entries", ("matricization_rank",), minor_entries)
register_method("kronecker-blocks", ("matricization_rank",), kronecker_blocks)
register_method("sep-recursion", ("matricization_rank", "generic_matricization_rank"), _recursion(sep_bound))
register_method("cut-recursion", ("matricization_rank", "generic_matricization_rank"), _recursion(cut_bound))
register_method("tied-cut-recursion", ("generic_matricization_rank",), _recursion(cut_bound, tied=True))
register_rule("generic-rank-from-witness", 1, generic_rank_from_witness, ("ties",))
register_rule("equal-from-lower-and-upper", 2, equal_from_lower_and_upper)
