r"""Independent checks of neurovariety-dimension and minimal-filling certificates (polynomial networks).

Imports only the standard library, python-flint (through ``_common``) and :mod:`exactnet.errors`; the
arithmetic of architectures and the network evaluator are written again here.

Kind ``neurovariety-dimension``.  States ``lower <= dim V_(d, r) <= upper`` over Q for the architecture
``{"widths": [d_0, ..., d_h], "degree": r}`` (``statement``: quantity ``neurovariety-dimension``, object
the architecture, relation ``"="`` with the value when ``lower == upper``, else ``"between"`` with
``[lower, upper]``).

* ``lower``: integer ``weights`` (``W_l`` of shape ``d_l x d_{l-1}``), integer input ``points``, a
  ``prime`` and a minor given by ``rows`` (``[output k, point n]``) and ``cols`` (weight indices, layer by
  layer, row-major).  The checker evaluates the network and the gradient of output ``k`` with respect to
  every weight at each used point, modulo the prime (reduction mod p is a ring map Z -> GF(p), so these are
  the integer entries reduced), and verifies that the minor's determinant is non-zero mod p.  The integer
  matrix ``[d p_k(x_n) / d w]`` is the Jacobian of the coefficient map composed with evaluation at the
  points, so its rank is a lower bound for the coefficient Jacobian's rank at this point, which is a lower
  bound for the dimension of the image.
* ``upper``: a derivation tree; each node ``{"widths", "rule", "value"}`` is re-derived: ``ambient``
  (``d_h C(d_0 + D - 1, D)``), ``parameters`` (``sum d_i d_{i-1} - sum of hidden widths``), ``cut`` (``cut``
  index ``l``, ``parts`` for ``d_0..d_l`` and ``d_l..d_h``; value = sum of the parts' values - ``d_l``),
  ``symmetric-rank`` (r = 2, depth 2, one output: ``d_1 d_0 - C(d_1, 2)`` for ``d_1 <= d_0``),
  ``quadric-output`` (r = 2, one output: the part without the last layer, minus ``C(d_{h-1}, 2)``, with a
  ``witness`` that the part's generic outputs are linearly independent: weights and ``d_{h-1}`` inputs
  where the matrix of outputs is non-singular mod ``prime``) and
  ``alexander-hirschowitz`` (depth 2, one output, the four defective cases with r >= 3: expected - 1; a
  cited theorem).
* ``ambient``, ``expected``, ``parameters`` and ``fills`` (true when lower = ambient, false when upper <
  ambient, null otherwise) are recomputed.

Kind ``minimal-filling``: ``filling`` is a complete ``neurovariety-dimension`` certificate of the
architecture proving that it fills; ``smaller`` lists, for every hidden layer of width > 1 in order, the
architecture with that width lowered by one and an ``upper`` derivation below its ambient dimension;
``unimodal`` is recomputed (hidden widths weakly increasing then weakly decreasing).

The checker refuses architectures with more than 64 layers, a width above 4096 or a degree above 64.
"""

from __future__ import annotations

from math import comb
from typing import Any, Callable

from ._claim import require_numbers
from ._common import (check_header, det_mod_p, fail, get_key, index_list, int_string, is_prime, join, plain_bool,
                      plain_int, short_repr)

CHECKERS: dict[str, Callable[[dict], Any]] = {}
CONCLUDING: frozenset = frozenset()

_AH = {(3, 4, 5), (4, 4, 9), (5, 3, 7), (5, 4, 14)}
#: sizes this checker reads (larger architectures are refused, not silently slow)
_MAX_LAYERS, _MAX_WIDTH, _MAX_DEGREE = 64, 4096, 64


# ============================================================================ own arithmetic
def _ambient(ws: list[int], r: int) -> int:
    if len(ws) == 2:
        return ws[0] * ws[1]
    D = r ** (len(ws) - 2)
    return ws[-1] * comb(ws[0] + D - 1, D)


def _params(ws: list[int]) -> int:
    return sum(ws[i] * ws[i + 1] for i in range(len(ws) - 1))


def _expected(ws: list[int], r: int) -> int:
    return min(_ambient(ws, r), _params(ws) - sum(ws[1:-1]))


def _architecture(obj: Any, field: str) -> tuple[list[int], int]:
    raw = get_key(obj, "widths", field)
    f = join(field, "widths")
    if not isinstance(raw, list) or len(raw) < 3:
        raise fail(f"must list at least 3 widths (depth >= 2), not {short_repr(raw)}", f)
    if len(raw) > _MAX_LAYERS + 1:
        raise fail(f"this checker reads at most {_MAX_LAYERS} layers, not {len(raw) - 1}", f)
    ws = [plain_int(w, join(f, i), 1) for i, w in enumerate(raw)]
    for i, w in enumerate(ws):
        if w > _MAX_WIDTH:
            raise fail(f"this checker reads widths up to {_MAX_WIDTH}, not {w}", join(f, i))
    r = plain_int(get_key(obj, "degree", field), join(field, "degree"), 2)
    if r > _MAX_DEGREE:
        raise fail(f"this checker reads degrees up to {_MAX_DEGREE}, not {r}", join(field, "degree"))
    return ws, r


def _unimodal(values: list[int]) -> bool:
    i, n = 0, len(values)
    while i + 1 < n and values[i] <= values[i + 1]:
        i += 1
    while i + 1 < n and values[i] >= values[i + 1]:
        i += 1
    return i == n - 1


# ============================================================================ upper bounds
def _check_node(node: Any, ws: list[int], r: int, field: str) -> int:
    """Verify one derivation node for the architecture ``ws``; return its (proved) value."""
    got = get_key(node, "widths", field)
    if got != ws:
        raise fail(f"must be the widths {ws}, not {short_repr(got)}", join(field, "widths"))
    rule = get_key(node, "rule", field)
    value = plain_int(get_key(node, "value", field), join(field, "value"), 0)
    if rule == "ambient":
        want = _ambient(ws, r)
    elif rule == "parameters" and len(ws) >= 3:
        want = _params(ws) - sum(ws[1:-1])
    elif rule == "symmetric-rank" and r == 2 and len(ws) == 3 and ws[2] == 1:
        d0, d1 = ws[0], ws[1]
        want = d1 * d0 - comb(d1, 2) if d1 <= d0 else comb(d0 + 1, 2)
    elif rule == "alexander-hirschowitz" and len(ws) == 3 and ws[2] == 1 and (ws[0], r, ws[1]) in _AH:
        want = _expected(ws, r) - 1
    elif rule == "quadric-output" and r == 2 and len(ws) >= 3 and ws[-1] == 1 and ws[-2] >= 2:
        parts = get_key(node, "parts", field)
        if not isinstance(parts, list) or len(parts) != 1:
            raise fail(f"must be one part, the network without its last layer, not {short_repr(parts)}",
                       join(field, "parts"))
        first = _check_node(parts[0], ws[:-1], r, join(join(field, "parts"), 0))
        _check_independence(get_key(node, "witness", field), ws[:-1], r, join(field, "witness"))
        m = ws[-2]
        want = first - comb(m, 2)
    elif rule == "cut" and len(ws) >= 3:
        cut = plain_int(get_key(node, "cut", field), join(field, "cut"), 1)
        if cut > len(ws) - 2:
            raise fail(f"a cut is at a hidden layer 1..{len(ws) - 2}, not {cut}", join(field, "cut"))
        parts = get_key(node, "parts", field)
        if not isinstance(parts, list) or len(parts) != 2:
            raise fail(f"must be the two parts of the cut, not {short_repr(parts)}", join(field, "parts"))
        left = _check_node(parts[0], ws[: cut + 1], r, join(join(field, "parts"), 0))
        right = _check_node(parts[1], ws[cut:], r, join(join(field, "parts"), 1))
        want = left + right - ws[cut]
    else:
        raise fail(f"rule {short_repr(rule)} does not apply to widths {ws} with r = {r} (rules: ambient, "
                   "parameters, cut, symmetric-rank for r = 2 / depth 2 / one output, alexander-hirschowitz "
                   "for its four cases)", join(field, "rule"))
    if value != want:
        raise fail(f"rule {rule} gives {want} for widths {ws}, not {value}", join(field, "value"))
    return value


def _int_weights(raw: Any, ws: list[int], p: int, fw: str) -> list:
    if not isinstance(raw, list) or len(raw) != len(ws) - 1:
        raise fail(f"must be {len(ws) - 1} integer matrices, not {short_repr(raw)}", fw)
    W = []
    for l, M in enumerate(raw):
        fl = join(fw, l)
        if not isinstance(M, list) or len(M) != ws[l + 1]:
            raise fail(f"must have {ws[l + 1]} rows, not {short_repr(M)}", fl)
        rows = []
        for a, row in enumerate(M):
            if not isinstance(row, list) or len(row) != ws[l]:
                raise fail(f"must have {ws[l]} entries, not {short_repr(row)}", join(fl, a))
            rows.append([int_string(t, join(join(fl, a), b)) % p for b, t in enumerate(row)])
        W.append(rows)
    return W


def _int_points(pts: Any, d0: int, fp: str) -> list:
    if not isinstance(pts, list):
        raise fail(f"must be a list of integer inputs, not {short_repr(pts)}", fp)
    points = []
    for n, pt in enumerate(pts):
        if not isinstance(pt, list) or len(pt) != d0:
            raise fail(f"must be an input of {d0} integers, not {short_repr(pt)}", join(fp, n))
        points.append([int_string(t, join(join(fp, n), i)) for i, t in enumerate(pt)])
    return points


def _prime_field(obj: Any, field: str) -> int:
    p = int_string(get_key(obj, "prime", field), join(field, "prime"))
    if not is_prime(p):
        raise fail(f"{p} is not a prime", join(field, "prime"))
    return p


def _outputs(r: int, W: list, x: list[int], p: int) -> list[int]:
    v = [t % p for t in x]
    for l, M in enumerate(W):
        u = [sum(a * b for a, b in zip(row, v)) % p for row in M]
        v = [pow(t, r, p) for t in u] if l < len(W) - 1 else u
    return v


def _check_independence(obj: Any, ws: list[int], r: int, field: str) -> None:
    """The outputs of the network ``ws`` at the witness weights and ``m = ws[-1]`` inputs form a matrix
    that is non-singular mod p: generic outputs are linearly independent."""
    p = _prime_field(obj, field)
    W = _int_weights(get_key(obj, "weights", field), ws, p, join(field, "weights"))
    points = _int_points(get_key(obj, "points", field), ws[0], join(field, "points"))
    if len(points) != ws[-1]:
        raise fail(f"must hold {ws[-1]} inputs (one per output), not {len(points)}", join(field, "points"))
    M = [_outputs(r, W, x, p) for x in points]
    if det_mod_p(M, p) == 0:
        raise fail(f"the {ws[-1]}x{ws[-1]} matrix of outputs at the inputs is singular mod {p}: no independence",
                   field)


def _check_upper(obj: Any, ws: list[int], r: int, field: str) -> int:
    value = plain_int(get_key(obj, "value", field), join(field, "value"), 0)
    proved = _check_node(get_key(obj, "derivation", field), ws, r, join(field, "derivation"))
    if value != proved:
        raise fail(f"the derivation proves {proved}, not {value}", join(field, "value"))
    return value


# ============================================================================ the Jacobian minor
def _gradients(ws: list[int], r: int, W: list, x: list[int], p: int) -> list[list[int]]:
    """``[d p_k(x) / d w]`` mod p for every output k (a list of ``d_h`` rows over all weights)."""
    h = len(W)
    v = [t % p for t in x]
    vs, us = [v], []
    for l in range(h):
        u = [sum(a * b for a, b in zip(row, v)) % p for row in W[l]]
        us.append(u)
        if l < h - 1:
            v = [pow(t, r, p) for t in u]
            vs.append(v)
    out = []
    for k in range(ws[-1]):
        delta = [1 if a == k else 0 for a in range(ws[-1])]
        per_layer: list = [None] * h
        for l in range(h - 1, -1, -1):
            per_layer[l] = [delta[a] * vs[l][b] % p for a in range(ws[l + 1]) for b in range(ws[l])]
            if l > 0:
                delta = [sum(W[l][a][b] * delta[a] for a in range(ws[l + 1])) * r * pow(us[l - 1][b], r - 1, p) % p
                         for b in range(ws[l])]
        out.append([g for layer in per_layer for g in layer])
    return out


def _check_lower(obj: Any, ws: list[int], r: int, field: str) -> int:
    if get_key(obj, "method", field) != "jacobian-minor":
        raise fail(f"must be \"jacobian-minor\", not {short_repr(obj.get('method'))}", join(field, "method"))
    value = plain_int(get_key(obj, "value", field), join(field, "value"), 0)
    p = _prime_field(obj, field)
    W = _int_weights(get_key(obj, "weights", field), ws, p, join(field, "weights"))
    points = _int_points(get_key(obj, "points", field), ws[0], join(field, "points"))
    P = _params(ws)
    cols = index_list(get_key(obj, "cols", field), join(field, "cols"), value, P)
    fr = join(field, "rows")
    rows_raw = get_key(obj, "rows", field)
    if not isinstance(rows_raw, list) or len(rows_raw) != value:
        raise fail(f"must list exactly {value} rows [output, point], not {short_repr(rows_raw)}", fr)
    rows = []
    for i, rc in enumerate(rows_raw):
        if not isinstance(rc, list) or len(rc) != 2:
            raise fail(f"must be [output, point], not {short_repr(rc)}", join(fr, i))
        k = plain_int(rc[0], join(join(fr, i), 0), 0)
        n = plain_int(rc[1], join(join(fr, i), 1), 0)
        if k >= ws[-1] or n >= len(points):
            raise fail(f"[{k}, {n}] is out of range: {ws[-1]} outputs, {len(points)} points (0-based)", join(fr, i))
        rows.append((k, n))
    if len(set(rows)) != len(rows):
        raise fail("rows must be distinct", fr)
    cache: dict = {}
    minor = []
    for k, n in rows:
        if n not in cache:
            cache[n] = _gradients(ws, r, W, points[n], p)
        g = cache[n][k]
        minor.append([g[c] for c in cols])
    if value and det_mod_p(minor, p) == 0:
        raise fail(f"the {value}x{value} minor of the evaluated Jacobian is singular mod {p}: no lower bound", field)
    return value


# ============================================================================ kinds
def check_neurovariety_dimension(cert: dict) -> dict:
    check_header(cert, "neurovariety-dimension")
    ws, r = _architecture(get_key(cert, "architecture", ""), "architecture")
    ambient, params, expected = _ambient(ws, r), _params(ws), _expected(ws, r)
    for name, want in (("ambient", ambient), ("parameters", params), ("expected", expected)):
        got = plain_int(get_key(cert, name, ""), name, 0)
        if got != want:
            raise fail(f"the architecture's {name} dimension is {want}, not {got}" if name != "parameters"
                       else f"the architecture has {want} weights, not {got}", name)
    lower = _check_lower(get_key(cert, "lower", ""), ws, r, "lower")
    upper = _check_upper(get_key(cert, "upper", ""), ws, r, "upper")
    if lower > upper:
        raise fail(f"the lower bound {lower} exceeds the upper bound {upper}: the certificate contradicts itself",
                   "lower.value")
    st = get_key(cert, "statement", "")
    if get_key(st, "quantity", "statement") != "neurovariety-dimension":
        raise fail(f"must be \"neurovariety-dimension\", not {short_repr(st.get('quantity'))}", "statement.quantity")
    if get_key(st, "object", "statement") != {"widths": ws, "degree": r}:
        raise fail("must be the certificate's architecture", "statement.object")
    rel, val = get_key(st, "relation", "statement"), get_key(st, "value", "statement")
    if lower == upper:
        if rel != "=" or val != lower or isinstance(val, bool):
            raise fail(f"the certificate proves dim = {lower}: relation \"=\" and value {lower}", "statement")
    elif rel != "between" or val != [lower, upper]:
        raise fail(f"the certificate proves {lower} <= dim <= {upper}: relation \"between\" and value "
                   f"[{lower}, {upper}]", "statement")
    fills = True if lower == ambient else False if upper < ambient else None
    got = cert.get("fills", "missing")
    if got is not None:
        got = plain_bool(got, "fills")
    if got != fills:
        raise fail(f"the bounds prove fills = {fills}, not {short_repr(got)}", "fills")
    require_numbers(cert.get("claim"), {"lower": lower, "upper": upper, "ambient": ambient})
    return {"widths": tuple(ws), "degree": r, "lower": lower, "upper": upper,
            "dimension": lower if lower == upper else None, "status": "exact" if lower == upper else "bracket",
            "ambient": ambient, "expected": expected, "parameters": params, "fills": fills}


def check_minimal_filling(cert: dict) -> dict:
    check_header(cert, "minimal-filling")
    ws, r = _architecture(get_key(cert, "architecture", ""), "architecture")
    st = get_key(cert, "statement", "")
    if (get_key(st, "quantity", "statement") != "minimal-filling" or st.get("object") != {"widths": ws, "degree": r}
            or st.get("relation") != "=" or st.get("value") is not True):
        raise fail("must state quantity \"minimal-filling\" of the architecture, relation \"=\", value true",
                   "statement")
    part = get_key(cert, "filling", "")
    if not isinstance(part, dict) or part.get("kind") != "neurovariety-dimension":
        raise fail("must be a neurovariety-dimension certificate", "filling")
    try:
        facts = check_neurovariety_dimension(part)
    except Exception as exc:  # name the part
        reason = getattr(exc, "reason", str(exc))
        sub = getattr(exc, "field", None)
        raise fail(f"{reason}", join("filling", sub) if sub else "filling") from None
    if list(facts["widths"]) != ws or facts["degree"] != r:
        raise fail("must be about the certificate's architecture", "filling.architecture")
    if facts["fills"] is not True:
        raise fail("does not prove that the architecture fills", "filling")
    smaller = get_key(cert, "smaller", "")
    expected_dec = [i for i in range(1, len(ws) - 1) if ws[i] > 1]
    if not isinstance(smaller, list) or len(smaller) != len(expected_dec):
        raise fail(f"must list {len(expected_dec)} one-smaller architectures (one per hidden width > 1)", "smaller")
    for j, (i, entry) in enumerate(zip(expected_dec, smaller)):
        f = join("smaller", j)
        dec = ws[:i] + [ws[i] - 1] + ws[i + 1:]
        if get_key(entry, "widths", f) != dec:
            raise fail(f"must be {dec} (hidden width {i} lowered by one)", join(f, "widths"))
        up = _check_upper(get_key(entry, "upper", f), dec, r, join(f, "upper"))
        amb = _ambient(dec, r)
        if plain_int(get_key(entry, "ambient", f), join(f, "ambient"), 0) != amb:
            raise fail(f"the ambient dimension of {dec} is {amb}", join(f, "ambient"))
        if up >= amb:
            raise fail(f"the upper bound {up} is not below the ambient dimension {amb}: {dec} is not shown to "
                       "miss filling", join(f, "upper"))
    uni = _unimodal(ws[1:-1])
    if plain_bool(get_key(cert, "unimodal", ""), "unimodal") != uni:
        raise fail(f"the hidden widths {ws[1:-1]} are {'' if uni else 'not '}unimodal", "unimodal")
    claim = cert.get("claim", "")
    if ("not unimodal" in claim) == uni:
        raise fail(f"the claim must say the hidden widths are {'unimodal' if uni else 'not unimodal'}", "claim")
    require_numbers(claim, {"ambient": facts["ambient"]})
    return {"widths": tuple(ws), "degree": r, "minimal": True, "fills": True, "unimodal": uni,
            "ambient": facts["ambient"], "dimension": facts["dimension"]}


CHECKERS["neurovariety-dimension"] = check_neurovariety_dimension
CHECKERS["minimal-filling"] = check_minimal_filling
