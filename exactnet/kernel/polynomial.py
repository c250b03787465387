r"""Polynomial networks: dimensions of neurovarieties, independent outputs, minimal filling architectures.

An architecture is ``{"widths": [d_0, ..., d_h], "degree": r}``: the functions
``x -> W_h s(... s(W_1 x))``, ``s(t) = t^r``, ``W_l`` of shape ``d_l x d_{l-1}``.  Its neurovariety is the
closure of that set of ``d_h``-tuples of forms of degree ``D = r^(h-1)`` in ``d_0`` variables (two widths:
the linear maps).  Matrices in evidence are row-major lists of integer strings.

* ``neurovariety_dimension`` (``=``, ``>=``, ``<=``).  Method ``jacobian-minor`` (``prime``, integer
  ``weights`` (one list per layer) and ``points`` (N inputs), ``rows``: indices ``k N + n`` (output k at point
  n), ``cols``: increasing weight indices, layer by layer, row-major): the kernel evaluates the network at the
  points modulo p and every partial derivative ``d out_k(x_n) / d W_l[a, b] = D[k, a, n] v_l[b, n]`` by reverse
  differentiation (``D`` pushed back through the layers and ``t -> r t^(r-1)``); a minor non-zero mod p is
  non-zero over Q, so the Jacobian of weights -> coefficients has rank >= k at this point and the dimension is
  >= k.  Methods without fields, each an upper bound: ``ambient`` (``d_h C(d_0 + D - 1, D)``), ``parameters``
  (``sum d_l d_{l-1}`` minus the hidden widths: each hidden neuron's rescaling leaves the function unchanged),
  ``symmetric-rank`` (r = 2, widths (d_0, d_1, 1): quadrics of rank <= d_1), ``alexander-hirschowitz``
  (widths (d_0, d_1, 1), ``(d_0, r, d_1)`` one of the four defective cases: expected - 1; Alexander and
  Hirschowitz, J. Algebraic Geom. 4, 1995).  Rule ``cut-at-hidden-layer`` (``<= U`` about ``(d_0..d_l)``,
  ``<= U'`` about ``(d_l..d_h)``, same degree): ``<= U + U' - d_l`` about ``(d_0..d_h)`` (the torus of layer l
  acts on the pairs with d_l-dimensional orbits in the fibres).  Rule ``quadric-output`` (``<= U`` and
  ``independent_outputs`` about one architecture ``(d_0..d_m)``, r = 2, ``d_m >= 2``): ``<= U - C(d_m, 2)``
  about ``(d_0..d_m, 1)`` (the output ``u^T diag(w) u`` is invariant under ``(g u, g^-T S g^-1)``).
* ``independent_outputs`` (generic, ``holds``): for almost every weight setting the outputs are linearly
  independent polynomials.  Method ``output-minor`` (``prime``, ``weights``, ``d_h`` ``points``): the
  ``d_h x d_h`` matrix of outputs at the points is non-singular mod p.
* ``minimal_filling`` (``holds``).  Rule ``minimal-filling``: premise 0 states the dimension ``>=`` the
  ambient dimension (the architecture fills); then, for each hidden width > 1 in order, the architecture
  with that width lowered by one has dimension ``<=`` a value below its ambient dimension.  Filling is
  monotone in the widths, so no architecture with component-wise smaller hidden widths fills.
"""


import functools, itertools, math, flint, numpy as np  # noqa: E401

from .jsonio import fail, get, index_list, int_string, join, json_int, only_keys, show
from .propositions import NONE, INT, Proposition, register_quantity
from .rules import register_method, register_rule

_pow = lambda x, e, p: functools.reduce(lambda acc, _: acc * x % p, range(e), np.ones_like(x))  # noqa: E731
_net = lambda o: f"the polynomial network with widths ({', '.join(map(str, o['widths']))}) and activation x^{o['degree']}"  # noqa: E731
FORMULAS = {"ambient": lambda ws, r: ws[-1] * math.comb(ws[0] + r ** (len(ws) - 2) - 1, r ** (len(ws) - 2)),  # None: does not apply
            "parameters": lambda ws, r: sum(a * b for a, b in zip(ws, ws[1:])) - sum(ws[1:-1]),
            "symmetric-rank": lambda ws, r: min(ws[:2]) * ws[0] - math.comb(min(ws[:2]), 2) if r == 2 and len(ws) == 3 and ws[2] == 1 else None,
            "alexander-hirschowitz": lambda ws, r: min(FORMULAS["ambient"](ws, r), FORMULAS["parameters"](ws, r)) - 1
            if len(ws) == 3 and ws[2] == 1 and (ws[0], r, ws[1]) in {(3, 4, 5), (4, 4, 9), (5, 3, 7), (5, 4, 14)} else None}


def _need(ok, reason, path):
    if not ok:
        raise fail(reason, path)


def _arch(raw, path, low=2):
    only_keys(raw, {"widths", "degree"}, path)
    wp, r, raw_ws = join(path, "widths"), json_int(get(raw, "degree", path), join(path, "degree"), 2), get(raw, "widths", path)
    ws = [json_int(w, join(wp, i), 1) for i, w in enumerate(raw_ws if isinstance(raw_ws, list) else ())]
    _need(low <= len(ws) <= 65 and max(ws, default=0) <= 4096 and r <= 64, f"must list {low} to 65 widths up to 4096 (degree up to 64)", wp)
    return {"widths": ws, "degree": r}, (ws, r)


def formula(ev, s, path):
    """The upper bound named by the evidence's method, recomputed from the architecture."""
    only_keys(ev, {"method"}, path)
    _need(FORMULAS[ev["method"]](*s.parsed) is not None, f"{ev['method']} does not apply to widths {s.object['widths']}", join(path, "method"))
    return s.with_value("<=", FORMULAS[ev["method"]](*s.parsed))


def _mat(raw, m, n, p, path):
    """An m x n integer matrix given row-major as a list of integer strings, reduced modulo p."""
    _need(isinstance(raw, list) and len(raw) == m * n > 0, f"must list {m} x {n} integer strings (row-major), not {show(raw)}", path)
    return np.array([int_string(t, join(path, k)) % p for k, t in enumerate(raw)], dtype=np.int64).reshape(m, n)


def _forward(ev, ws, r, path, keys=()):
    """The network at the points modulo p: pre-activations ``us[l] = W_l v_l`` and layer inputs ``vs[l]``."""
    only_keys(ev, {"method", "prime", "weights", "points", *keys}, path)
    p, pts, raw = int_string(get(ev, "prime", path), join(path, "prime")), get(ev, "points", path), get(ev, "weights", path)
    _need(p > 1 and max(ws) * p * p < 1 << 62 and flint.fmpz(p).is_prime(), "must be a prime p, (largest width) p^2 < 2^62", join(path, "prime"))
    _need(isinstance(raw, list) and len(raw) == len(ws) - 1, f"must list {len(ws) - 1} weight matrices", join(path, "weights"))
    Ws = [_mat(M, ws[l + 1], ws[l], p, join(join(path, "weights"), l)) for l, M in enumerate(raw)]
    X = _mat(pts, len(pts) // ws[0] if isinstance(pts, list) else 0, ws[0], p, join(path, "points")).T
    us = list(itertools.accumulate(Ws[1:], lambda u, W: W @ _pow(u, r, p) % p, initial=Ws[0] @ X % p))
    return p, Ws, us, [X] + [_pow(u, r, p) for u in us]


def jacobian_minor(ev, s, path):
    """Every entry of the minor recomputed by forward differentiation modulo p; non-zero determinant."""
    (ws, r), offs = s.parsed, np.cumsum([0] + [a * b for a, b in zip(s.parsed[0], s.parsed[0][1:])])
    p, Ws, us, vs = _forward(ev, ws, r, path, ("rows", "cols"))
    cols = np.array(index_list(get(ev, "cols", path), join(path, "cols"), int(offs[-1]), increasing=True), dtype=np.int64)
    ks, ns = np.divmod(np.array(index_list(get(ev, "rows", path), join(path, "rows"), ws[-1] * vs[0].shape[1], len(cols)), dtype=np.int64), vs[0].shape[1])
    J, D = np.zeros((len(cols), len(cols)), dtype=np.int64), np.eye(ws[-1], dtype=np.int64)[:, :, None] + 0 * vs[0][:1]  # D[k] = d out_k / d u_l
    for l in reversed(range(len(Ws))):  # d out_k(x_n) / d W_l[a, b] = D[k, a, n] v_l[b, n]; then D through W_l and t -> r t^(r-1)
        sel = np.flatnonzero((cols >= offs[l]) & (cols < offs[l + 1]))
        J[:, sel] = D[ks[:, None], (cols[sel] - offs[l]) // ws[l], ns[:, None]] * vs[l][(cols[sel] - offs[l]) % ws[l], ns[:, None]] % p
        D = (Ws[l].T @ D % p) * (r * _pow(us[l - 1], r - 1, p) % p) % p if l else D
    _need(flint.nmod_mat(J.tolist(), p).det() != 0, f"the {len(cols)} x {len(cols)} Jacobian minor is singular modulo {p}", join(path, "rows"))
    return s.with_value(">=", len(cols))


def output_minor(ev, s, path):
    p, _, us, _ = _forward(ev, *s.parsed, path)
    ok = len(us[-1]) == us[-1].shape[1] and flint.nmod_mat(us[-1].tolist(), p).det() != 0  # d_h points, outputs non-singular mod p
    return _need(ok, f"must be {len(us[-1])} points where the outputs are non-singular mod {p}", join(path, "points")) or s.with_value("holds", None)


def _bounds(premises, params, path, first=0, relations=("=", "<=")):
    for k, q in enumerate(premises, first):
        _need(q.quantity == "neurovariety_dimension" and q.relation in relations, f"must state neurovariety_dimension {' or '.join(relations)} a value", join(path, f"premises[{k}].proposition"))


def cut(premises, params, path):
    _bounds(premises, params, path)
    (a, r), (b, s) = premises[0].parsed, premises[1].parsed
    _need(a[-1] == b[0] and r == s, "premise 1 must be the layers from the last width of premise 0 on, with its degree", join(path, "premises[1].proposition.object"))
    return Proposition("neurovariety_dimension", {"widths": a + b[1:], "degree": r}, "<=", premises[0].value + premises[1].value - a[-1], "Q", (a + b[1:], r))


def quadric_output(premises, params, path):
    _bounds(premises[:1], params, path)
    (ws, r), ind = premises[0].parsed, premises[1]  # the conclusion appends one output to premise 0's architecture
    _need(ind.quantity == "independent_outputs" and ind.key == premises[0].key and r == 2 and ws[-1] > 1, "needs independent outputs, r = 2", join(path, "premises[1]"))
    return Proposition("neurovariety_dimension", {"widths": ws + [1], "degree": 2}, "<=", premises[0].value - math.comb(ws[-1], 2), "Q", (ws + [1], 2))


def minimal_filling(premises, params, path):
    _bounds(premises[:1], params, path, 0, ("=", ">=")), _bounds(premises[1:], params, path, 1)
    (ws, r), amb = premises[0].parsed, lambda q: FORMULAS["ambient"](*q.parsed)
    need = [{"widths": ws[:i] + [w - 1] + ws[i + 1:], "degree": r} for i, w in enumerate(ws) if 0 < i < len(ws) - 1 and w > 1]
    _need(premises[0].value >= amb(premises[0]) and [q.object for q in premises[1:]] == need and all(q.value < amb(q) for q in premises[1:]),
          f"needs dimension >= its ambient, then for {[n['widths'] for n in need]} in order dimension < ambient", join(path, "premises"))
    return Proposition("minimal_filling", premises[0].object, "holds", None, "Q", (ws, r))


# dimension of a neurovariety
register_quantity("neurovariety_dimension", _arch, ("=", ">=", "<="), INT, lambda o: f"the dimension of the neurovariety of {_net(o)}")
register_quantity("independent_outputs", _arch, ("holds",), NONE, lambda o: f"linear independence of the outputs of {_net(o)}", generic=True)
register_quantity("minimal_filling", lambda raw, path: _arch(raw, path, 3), ("holds",), NONE, lambda o: f"minimal filling of {_net(o)}")
[register_method(n, ("neurovariety_dimension",), formula) for n in FORMULAS], register_method("jacobian-minor", ("neurovariety_dimension",), jacobian_minor)
register_method("output-minor", ("independent_outputs",), output_minor), register_rule("cut-at-hidden-layer", 2, cut)
register_rule("quadric-output", 2, quadric_output), register_rule("minimal-filling", None, minimal_filling)
