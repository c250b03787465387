r"""Certified dimensions of neurovarieties of polynomial networks, and minimal filling architectures.

The *neurovariety* of the architecture ``d = (d_0, ..., d_h)`` with activation degree ``r`` is the Zariski
closure of the set of functions ``x -> W_h s(... s(W_1 x))``, ``s(t) = t^r`` (Kileel, Trager & Bruna,
NeurIPS 2019, arXiv 1905.12207), inside the space of ``d_h``-tuples of forms of degree ``D = r^(h-1)`` in
``d_0`` variables (the *ambient* space, of dimension ``d_h C(d_0 + D - 1, D)``).  The architecture *fills*
when the dimension equals the ambient dimension.

**Lower bound.**  The dimension is the generic rank of the Jacobian of the map weights -> coefficients,
and the rank at any one point is at most the generic rank.  At an integer point ``theta`` and integer
inputs ``x_1, ..., x_N``, the Jacobian of ``theta -> (p_theta(x_1), ..., p_theta(x_N))`` is
``E J(theta)`` (``E`` evaluates forms at the points, ``J`` is the coefficient Jacobian): an integer
matrix whose rank is at most ``rank J(theta)``.  A ``k x k`` minor of it whose determinant is non-zero
modulo a prime is non-zero over Z, so ``dim >= rank J(theta) >= k`` over Q (hence for the real variety:
the map is defined over Q).  The certificate carries the weights, the inputs, the minor's rows and
columns and the prime; the independent checker recomputes exactly those entries modulo the prime.

**Upper bounds** (arithmetic on the architecture, re-derived by the checker):

* ``ambient``: ``d_h C(d_0 + D - 1, D)``;
* ``parameters``: ``sum d_i d_{i-1} - sum_{0<i<h} d_i`` (each hidden neuron's rescaling
  ``W_i -> diag(t) W_i``, ``W_{i+1} -> W_{i+1} diag(t)^{-r}`` leaves the function unchanged);
* ``cut`` at a hidden layer ``l``: ``dim V_d <= dim V_(d_0..d_l) + dim V_(d_l..d_h) - d_l``.  Proof: the
  function is ``G o s o q`` with ``q`` in ``V_(d_0..d_l)`` and ``G`` in ``V_(d_l..d_h)`` (of degree
  ``r^(h-l-1)``; composing with the dominant map ``s`` does not change the dimension of that family),
  and the torus ``(C^*)^{d_l}`` acts on the pairs, ``(q, G) -> (diag(t) q, G o diag(t)^{-r})``, with
  ``d_l``-dimensional orbits inside the fibres;
* ``symmetric-rank`` (``r = 2``, depth 2, one output): forms ``sum_i w_i (a_i . x)^2`` are the quadratic
  forms of rank ``<= d_1``, a variety of dimension ``d_1 d_0 - C(d_1, 2)`` when ``d_1 <= d_0``;
* ``quadric-output`` (``r = 2``, one output, ``m = d_{h-1} >= 2``): the output is ``u^T diag(w) u`` with ``u``
  in ``V' = V_(d_0..d_{h-1})``.  ``V'`` is stable under ``u -> g u`` (``g`` in ``GL_m``), over C every
  symmetric matrix is congruent to a diagonal one, so the neurovariety is the closure of the image of
  ``V' x Sym_m`` under ``(u, S) -> u^T S u``, which is invariant under ``(g u, g^{-T} S g^{-1})``.  When a
  generic ``u`` has linearly independent components (witnessed by an integer point and ``m`` inputs where
  the matrix ``[u_i(x_j)]`` is non-singular mod a prime) these orbits have dimension ``m^2``, so
  ``dim <= dim V' + C(m+1, 2) - m^2 = dim V' - C(m, 2)``;
* ``alexander-hirschowitz`` (depth 2, one output, ``r >= 3``): the Alexander-Hirschowitz theorem (J.
  Algebraic Geom. 1995) gives dimension ``expected - 1`` for ``(d_0, r, d_1)`` in ``(3, 4, 5)``,
  ``(4, 4, 9)``, ``(5, 3, 7)``, ``(5, 4, 14)`` (a cited theorem, named as such in the certificate).

Bounds of the parts of a cut are themselves the least of these, recursively.

Examples
--------
>>> res = neurovariety_dimension((2, 2, 3, 4, 1), 2)
>>> res.lower, res.upper, res.status, res.ambient, res.expected, res.fills
(7, 7, 'exact', 9, 9, False)
>>> res.certificate().check().facts["dimension"]
7
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Mapping, Sequence

import numpy as np

from ..certificates.certificate import Certificate
from ..core._modular import is_prime, profile_flint
from ..errors import InvalidArgumentError, ResourceLimitError
from ..errors import describe_value as _describe
from ..networks.polynomial import check_architecture, num_monomials
from ..tensors.memory import check_dense_size

__all__ = [
    "KIND",
    "MINIMAL_KIND",
    "ambient_dimension",
    "parameter_count",
    "expected_dimension",
    "upper_bound",
    "jacobian_lower_bound",
    "modular_jacobian_rank",
    "NeurovarietyDimension",
    "neurovariety_dimension",
    "is_unimodal",
    "minimal_filling_certificate",
    "minimal_filling_architectures",
    "FillingSearch",
]

KIND = "neurovariety-dimension"
MINIMAL_KIND = "minimal-filling"

#: Alexander-Hirschowitz: the defective (d_0, r, d_1) with r >= 3 (defect 1) for one output, depth 2.
AH_EXCEPTIONS = frozenset({(3, 4, 5), (4, 4, 9), (5, 3, 7), (5, 4, 14)})


# ============================================================================ arithmetic
def ambient_dimension(widths: Sequence[int], degree: int) -> int:
    """``d_h C(d_0 + D - 1, D)`` with ``D = r^(h-1)`` (no validation: see :func:`check_architecture`).

    >>> ambient_dimension((2, 3, 4, 5, 4, 6, 4, 1), 2)
    65
    """
    D = degree ** (len(widths) - 2)
    return widths[-1] * num_monomials(widths[0], D)


def parameter_count(widths: Sequence[int]) -> int:
    """``sum_i d_i d_{i-1}``.

    >>> parameter_count((2, 3, 1))
    9
    """
    return sum(a * b for a, b in zip(widths, widths[1:]))


def _symmetry_bound(widths: Sequence[int]) -> int:
    return parameter_count(widths) - sum(widths[1:-1])


def expected_dimension(widths: Sequence[int], degree: int) -> int:
    """``min(ambient, parameters - hidden widths)``.

    >>> expected_dimension((2, 3, 7, 6, 15, 8, 1), 3)
    244
    """
    return min(ambient_dimension(widths, degree), _symmetry_bound(widths))


def _shallow_rule(widths: tuple, r: int) -> tuple[str, int] | None:
    if len(widths) != 3 or widths[2] != 1:
        return None
    d0, d1 = widths[0], widths[1]
    if r == 2:
        return "symmetric-rank", (d1 * d0 - d1 * (d1 - 1) // 2) if d1 <= d0 else d0 * (d0 + 1) // 2
    if (d0, r, d1) in AH_EXCEPTIONS:
        return "alexander-hirschowitz", expected_dimension(widths, r) - 1
    return None


@lru_cache(maxsize=65536)
def _upper(widths: tuple, r: int) -> tuple[int, Any]:
    """(value, derivation) of the least proved upper bound (memoized over sub-architectures)."""
    if len(widths) == 2:  # one linear layer: all linear maps
        v = widths[0] * widths[1]
        return v, ("ambient", v, None)
    best = ("ambient", ambient_dimension(widths, r), None)
    cands = [("parameters", _symmetry_bound(widths), None)]
    shallow = _shallow_rule(widths, r)
    if shallow is not None:
        cands.append((shallow[0], shallow[1], None))
    if r == 2 and widths[-1] == 1 and widths[-2] >= 2 and _independence_witness(widths[:-1], r) is not None:
        m = widths[-2]
        cands.append(("quadric-output", _upper(widths[:-1], r)[0] - m * (m - 1) // 2, None))
    for l in range(1, len(widths) - 1):
        left, right = _upper(widths[: l + 1], r), _upper(widths[l:], r)
        cands.append(("cut", left[0] + right[0] - widths[l], l))
    for c in cands:
        if c[1] < best[1]:
            best = c
    return best[1], best


def _derivation(widths: tuple, r: int) -> dict:
    value, (rule, _, cut) = _upper(widths, r)
    node: dict = {"widths": list(widths), "rule": rule, "value": value}
    if rule == "cut":
        node["cut"] = cut
        node["parts"] = [_derivation(widths[: cut + 1], r), _derivation(widths[cut:], r)]
    elif rule == "quadric-output":
        w = _independence_witness(widths[:-1], r)
        node["parts"] = [_derivation(widths[:-1], r)]
        node["witness"] = {"prime": str(w[0]), "weights": [[[str(x) for x in row] for row in W] for W in w[1]],
                           "points": [[str(x) for x in pt] for pt in w[2]]}
    return node


def _forward_mod_p(widths: Sequence[int], r: int, weights: Sequence, points: Sequence, p: int) -> np.ndarray:
    """Outputs (``d_last x N``) of the network (activation after every layer but the last) modulo ``p``."""
    V = np.array([[int(x) % p for x in pt] for pt in points], dtype=np.int64).T
    for l, W in enumerate(weights):
        U = (np.array([[int(x) % p for x in row] for row in W], dtype=np.int64) @ V) % p
        if l < len(weights) - 1:
            V = U.copy()
            for _ in range(r - 1):
                V = (V * U) % p
        else:
            V = U
    return V


@lru_cache(maxsize=65536)
def _independence_witness(widths: tuple, r: int) -> tuple | None:
    """``(p, weights, points)`` with ``det [u_i(x_j)] != 0 mod p`` for the outputs ``u`` of the network
    ``widths`` (so its generic outputs are linearly independent), or None if one random try fails."""
    m = widths[-1]
    D = r ** (len(widths) - 2) if len(widths) > 2 else 1
    if m > num_monomials(widths[0], D) or max(widths) >= 1 << 15:
        return None
    rng = random.Random(repr(("independence", widths, r)))
    p = _prime(_prime_bits(widths), rng)
    weights = [[[rng.randint(-1000, 1000) for _ in range(widths[i])] for _ in range(widths[i + 1])]
               for i in range(len(widths) - 1)]
    points = [[rng.randint(-(1 << 20), 1 << 20) for _ in range(widths[0])] for _ in range(m)]
    U = _forward_mod_p(widths, r, weights, points, p)
    import flint

    if int(flint.nmod_mat(flint.fmpz_mat(U.tolist()), p).det()) == 0:
        return None
    return p, weights, points


def upper_bound(widths: Sequence[int], degree: int) -> tuple[int, dict]:
    """The least proved upper bound on the dimension and its derivation (a tree of rules).

    >>> value, tree = upper_bound((2, 2, 3, 4, 1), 2)
    >>> value, tree["rule"], tree["cut"], [p["value"] for p in tree["parts"]]
    (7, 'cut', 1, [4, 5])
    """
    ws, r = check_architecture(widths, degree)
    return _upper(ws, r)[0], _derivation(ws, r)


# ============================================================================ the Jacobian modulo p
def _prime(bits: int, rng: random.Random) -> int:
    while True:
        c = rng.randrange(1 << (bits - 1), 1 << bits) | 1
        if is_prime(c):
            return c


def _prime_bits(widths: Sequence[int]) -> int:
    """Bits of the prime: int64 sums of ``width`` products of residues must not overflow."""
    w = max(widths)
    if w >= 1 << 15:
        raise ResourceLimitError(f"Argument 'widths' has a width of {w}: the modular kernel supports widths below 32768")
    return 28 if w < 128 else 24


def _eval_jacobian_mod_p(widths: Sequence[int], r: int, weights: Sequence[Sequence[Sequence[int]]],
                         points: Sequence[Sequence[int]], p: int) -> np.ndarray:
    """``E J(theta)`` modulo ``p``: rows ``(k, n) -> k N + n`` (output k at point n), columns the weights
    layer by layer, row-major (``W_l[a, b]``).  int64 arithmetic: needs ``width * p**2 < 2**63``."""
    h = len(widths) - 1
    N = len(points)
    X = np.array([[int(x) % p for x in pt] for pt in points], dtype=np.int64).T  # (d0, N)
    Ws = [np.array([[int(x) % p for x in row] for row in W], dtype=np.int64) for W in weights]
    vs, us = [X], []
    for l in range(h):
        U = (Ws[l] @ vs[-1]) % p
        us.append(U)
        if l < h - 1:
            V = U.copy()
            for _ in range(r - 1):
                V = (V * U) % p
            vs.append(V)
    dh = widths[-1]
    delta = np.zeros((dh, dh, N), dtype=np.int64)
    for k in range(dh):
        delta[k, k, :] = 1
    blocks: list = [None] * h
    for l in range(h - 1, -1, -1):
        G = (delta[:, :, None, :] * vs[l][None, None, :, :]) % p  # (dh, d_{l+1}, d_l, N)
        blocks[l] = G.transpose(0, 3, 1, 2).reshape(dh * N, widths[l + 1] * widths[l])
        if l > 0:
            T = np.einsum("ab,kan->kbn", Ws[l], delta) % p
            D = us[l - 1].copy()
            for _ in range(r - 2):
                D = (D * us[l - 1]) % p
            D = (D * r) % p
            delta = (T * D[None, :, :]) % p
    return np.ascontiguousarray(np.hstack(blocks))


def _sizes(widths: tuple, r: int) -> tuple[int, int, int]:
    M = num_monomials(widths[0], r ** (len(widths) - 2))
    N = M + min(M, 4)
    return M, N, widths[-1] * N


def jacobian_lower_bound(widths: Sequence[int], degree: int, *, seed: int = 0, weight_range: int = 1000,
                         point_range: int = 1 << 20) -> dict:
    """One certified lower bound: integer weights and inputs from ``seed``, a nonsingular minor modulo a prime.

    Returns ``{"value", "prime", "weights", "points", "rows", "cols"}`` (rows as ``[output, point]``).

    >>> lb = jacobian_lower_bound((2, 2, 1), 2)
    >>> lb["value"], len(lb["rows"]), len(lb["cols"])
    (3, 3, 3)
    """
    ws, r = check_architecture(widths, degree)
    bits = _prime_bits(ws)
    M, N, rows = _sizes(ws, r)
    P = parameter_count(ws)
    try:
        check_dense_size((rows, P), what=f"evaluated Jacobian ({ws[-1]} outputs x {N} inputs, {P} weights)")
    except ResourceLimitError as exc:
        raise ResourceLimitError(
            f"{exc} For a polynomial network the size is d_h x C(d_0 + D - 1, D) rows (D = r^(h-1) = "
            f"{r ** (len(ws) - 2)}) by {P} weights: lower d_0, the degree or the depth.") from None
    rng = random.Random(seed)
    p = _prime(bits, rng)
    weights = [[[rng.randint(-weight_range, weight_range) for _ in range(ws[i])] for _ in range(ws[i + 1])]
               for i in range(len(ws) - 1)]
    points = [[rng.randint(-point_range, point_range) for _ in range(ws[0])] for _ in range(N)]
    J = _eval_jacobian_mod_p(ws, r, weights, points, p)
    prow, pcol = profile_flint(J, p)
    prow, pcol = sorted(prow), sorted(pcol)
    used = sorted({i % N for i in prow})  # keep only the inputs the minor uses
    renum = {n: j for j, n in enumerate(used)}
    return {"value": len(prow), "prime": p, "weights": weights, "points": [points[n] for n in used],
            "rows": [[i // N, renum[i % N]] for i in prow], "cols": pcol}


def modular_jacobian_rank(widths: Sequence[int], degree: int, *, seed: int = 0, p: int | None = None) -> int:
    """The published method's number: the rank modulo a prime of the Jacobian at one random point mod p
    (gradients at random inputs).  A lower bound only for that point's reduction; no certificate.

    >>> modular_jacobian_rank((2, 2, 2, 1), 2)
    5
    """
    ws, r = check_architecture(widths, degree)
    _, N, rows = _sizes(ws, r)
    check_dense_size((rows, parameter_count(ws)), what="evaluated Jacobian")
    rng = random.Random(seed)
    if p is None:
        p = _prime(_prime_bits(ws), rng)
    weights = [[[rng.randrange(p) for _ in range(ws[i])] for _ in range(ws[i + 1])] for i in range(len(ws) - 1)]
    points = [[rng.randrange(p) for _ in range(ws[0])] for _ in range(N)]
    J = _eval_jacobian_mod_p(ws, r, weights, points, p)
    import flint

    return int(flint.nmod_mat(flint.fmpz_mat(J.tolist()), p).rank())


# ============================================================================ results and certificates
def _arch_text(widths: Sequence[int], r: int) -> str:
    return f"({','.join(str(w) for w in widths)}), r={r}"


@dataclass(frozen=True)
class NeurovarietyDimension:
    """The certified bracket ``lower <= dim V_(d, r) <= upper`` and the numbers around it.

    ``status`` is ``"exact"`` when ``lower == upper`` (then ``dimension`` is that value), else
    ``"bracket"`` (``dimension`` is None).  ``fills`` is True (lower = ambient), False (upper < ambient)
    or None (not decided by the bracket).  Field Q.
    """

    widths: tuple
    degree: int
    lower: int
    upper: int
    ambient: int
    expected: int
    parameters: int
    lower_data: Mapping = field(repr=False, compare=False)
    upper_data: Mapping = field(repr=False, compare=False)
    seconds: float = field(default=0.0, compare=False)

    @property
    def status(self) -> str:
        return "exact" if self.lower == self.upper else "bracket"

    @property
    def dimension(self) -> int | None:
        return self.lower if self.lower == self.upper else None

    @property
    def fills(self) -> bool | None:
        if self.lower == self.ambient:
            return True
        if self.upper < self.ambient:
            return False
        return None

    @property
    def defect(self) -> int | tuple[int, int]:
        """``expected - dimension`` (a pair ``(min, max)`` for a bracket)."""
        if self.lower == self.upper:
            return self.expected - self.lower
        return (self.expected - self.upper, self.expected - self.lower)

    @property
    def field(self) -> str:
        return "Q"

    def claim(self) -> str:
        arch = _arch_text(self.widths, self.degree)
        if self.lower == self.upper:
            text = f"dim V_{arch} = {self.lower} over Q (ambient {self.ambient}, expected {self.expected})"
        else:
            text = (f"{self.lower} <= dim V_{arch} <= {self.upper} over Q, a bracket "
                    f"(ambient {self.ambient}, expected {self.expected})")
        verdict = {True: "it fills", False: "it does not fill", None: "filling undecided"}[self.fills]
        return f"{text}; {verdict}"

    def to_dict(self) -> dict:
        d = {"widths": list(self.widths), "degree": self.degree, "field": "Q", "status": self.status,
             "dimension": self.dimension, "lower": self.lower, "upper": self.upper, "ambient": self.ambient,
             "expected": self.expected, "parameters": self.parameters, "fills": self.fills,
             "seconds": round(self.seconds, 4)}
        d["defect"] = list(self.defect) if isinstance(self.defect, tuple) else self.defect
        return d

    def __str__(self) -> str:
        return self.claim()

    def certificate(self) -> Certificate:
        """The ``neurovariety-dimension`` certificate (re-verified by ``exactnet.checker``)."""
        lo = self.lower_data
        arch = {"widths": list(self.widths), "degree": self.degree}
        value: Any = self.lower if self.lower == self.upper else [self.lower, self.upper]
        data = {
            "architecture": arch,
            "statement": {"quantity": "neurovariety-dimension", "object": arch,
                          "relation": "=" if self.lower == self.upper else "between", "value": value},
            "ambient": self.ambient, "expected": self.expected, "parameters": self.parameters,
            "fills": self.fills,
            "lower": {"value": lo["value"], "method": "jacobian-minor", "prime": str(lo["prime"]),
                      "weights": [[[str(x) for x in row] for row in W] for W in lo["weights"]],
                      "points": [[str(x) for x in pt] for pt in lo["points"]],
                      "rows": [list(rc) for rc in lo["rows"]], "cols": list(lo["cols"])},
            "upper": {"value": self.upper, "derivation": dict(self.upper_data)},
        }
        status = "exact" if self.lower == self.upper else "lower-bound"
        return Certificate(KIND, self.claim(), status=status, data=data)


def neurovariety_dimension(widths: Sequence[int], degree: int, *, seed: int = 0,
                           attempts: int = 3) -> NeurovarietyDimension:
    """Certified bracket on ``dim V_(d, r)``: the Jacobian lower bound (up to ``attempts`` random integer
    points, stopping when it meets the upper bound) and the least proved upper bound.

    >>> print(neurovariety_dimension((3, 2, 1), 2))
    dim V_(3,2,1), r=2 = 5 over Q (ambient 6, expected 6); it does not fill
    """
    start = time.perf_counter()
    ws, r = check_architecture(widths, degree)
    attempts = int(attempts)
    if attempts < 1:
        raise InvalidArgumentError(f"Argument 'attempts' must be an integer >= 1, not {_describe(attempts)}")
    upper, tree = upper_bound(ws, r)
    best = None
    for k in range(attempts):
        lb = jacobian_lower_bound(ws, r, seed=seed + k)
        if best is None or lb["value"] > best["value"]:
            best = lb
        if best["value"] >= upper:
            break
    if best["value"] > upper:  # would contradict a proved bound: a bug, never a result
        raise ArithmeticError(f"internal: lower bound {best['value']} exceeds the upper bound {upper} for {ws}")
    return NeurovarietyDimension(ws, r, best["value"], upper, ambient_dimension(ws, r), expected_dimension(ws, r),
                                 parameter_count(ws), best, tree, time.perf_counter() - start)


# ============================================================================ minimal filling architectures
def is_unimodal(values: Sequence[int]) -> bool:
    """Weakly increasing, then weakly decreasing.

    >>> is_unimodal([3, 4, 5, 5, 2]), is_unimodal([3, 4, 5, 4, 6, 4])
    (True, False)
    """
    i, n = 0, len(values)
    while i + 1 < n and values[i] <= values[i + 1]:
        i += 1
    while i + 1 < n and values[i] >= values[i + 1]:
        i += 1
    return i == n - 1


def minimal_filling_certificate(widths: Sequence[int], degree: int, *, seed: int = 0) -> Certificate:
    """A ``minimal-filling`` certificate: the architecture fills, and lowering any one hidden width by one
    gives an architecture that provably does not fill (upper bound < ambient).  Filling is monotone in the
    widths (a wider layer can copy a narrower one with zero weights), so no architecture with
    component-wise smaller hidden widths fills.  Refuses (InvalidArgumentError) when it cannot certify.

    >>> c = minimal_filling_certificate((2, 2, 2, 1), 2)
    >>> c.check().facts["minimal"], c.check().facts["unimodal"]
    (True, True)
    """
    ws, r = check_architecture(widths, degree)
    main = neurovariety_dimension(ws, r, seed=seed)
    if main.fills is not True:
        raise InvalidArgumentError(f"the architecture {_arch_text(ws, r)} is not certified to fill: {main.claim()}")
    parts = []
    for i in range(1, len(ws) - 1):
        if ws[i] == 1:
            continue
        smaller = ws[:i] + (ws[i] - 1,) + ws[i + 1:]
        up, tree = upper_bound(smaller, r)
        amb = ambient_dimension(smaller, r)
        if up >= amb:
            raise InvalidArgumentError(
                f"cannot certify minimality of {_arch_text(ws, r)}: lowering width {i} gives {smaller}, whose best "
                f"proved upper bound {up} does not fall below the ambient dimension {amb}")
        parts.append({"widths": list(smaller), "upper": {"value": up, "derivation": tree}, "ambient": amb})
    hidden = list(ws[1:-1])
    uni = is_unimodal(hidden)
    claim = (f"{_arch_text(ws, r)} is a minimal filling architecture (dim = ambient = {main.ambient}; each of "
             f"its {len(parts)} one-smaller neighbours has dimension below its ambient); its hidden widths "
             f"{tuple(hidden)} are {'unimodal' if uni else 'not unimodal'}")
    data = {"architecture": {"widths": list(ws), "degree": r},
            "statement": {"quantity": "minimal-filling", "object": {"widths": list(ws), "degree": r},
                          "relation": "=", "value": True},
            "filling": main.certificate(), "smaller": parts, "unimodal": uni}
    return Certificate(MINIMAL_KIND, claim, status="exact", data=data)


@dataclass(frozen=True)
class FillingSearch:
    """Result of :func:`minimal_filling_architectures` (every architecture in the box, decided or not)."""

    d0: int
    dh: int
    degree: int
    depth: int
    max_width: int
    minimal: tuple  # hidden-width tuples certified minimal filling, in the search order
    undecided: tuple  # hidden-width tuples whose filling the bounds could not decide
    jacobians: int  # number of Jacobian lower bounds computed

    def to_dict(self) -> dict:
        return {"d0": self.d0, "dh": self.dh, "degree": self.degree, "depth": self.depth,
                "max_width": self.max_width, "minimal": [list(m) for m in self.minimal],
                "undecided": [list(u) for u in self.undecided], "jacobians": self.jacobians,
                "order": "total hidden width, then lexicographic"}


def minimal_filling_architectures(d0: int, dh: int, degree: int, depth: int, max_width: int, *,
                                  seed: int = 0) -> FillingSearch:
    """All minimal filling architectures ``(d0, w_1, ..., w_{h-1}, dh)`` with hidden widths in
    ``1..max_width``, in the order: total hidden width, then lexicographic.

    Each architecture is decided by certified bounds: it fills when the Jacobian lower bound reaches the
    ambient dimension (or a component-wise smaller architecture fills), and does not when the upper bound
    is below it.  A minimal one fills while every one-smaller neighbour provably does not.  Architectures
    the bounds leave open are listed in ``undecided`` (their neighbours' minimality is then not claimed).

    >>> s = minimal_filling_architectures(2, 1, 2, 3, 3)
    >>> s.minimal, s.undecided
    (((2, 2),), ())
    """
    from itertools import product

    ws0, r = check_architecture([d0] + [1] * (depth - 1) + [dh], degree)
    L = depth - 1
    boxes = sorted(product(range(1, int(max_width) + 1), repeat=L), key=lambda t: (sum(t), t))
    status: dict = {}
    jac = 0
    for hid in boxes:
        ws = (d0,) + hid + (dh,)
        amb = ambient_dimension(ws, r)
        smaller = [hid[:i] + (hid[i] - 1,) + hid[i + 1:] for i in range(L) if hid[i] > 1]
        if any(status.get(s) is True for s in smaller):
            status[hid] = True
            continue
        if _upper(ws, r)[0] < amb:
            status[hid] = False
            continue
        jac += 1
        status[hid] = True if jacobian_lower_bound(ws, r, seed=seed)["value"] == amb else None
    minimal = tuple(h for h in boxes if status[h] is True
                    and all(status.get(h[:i] + (h[i] - 1,) + h[i + 1:]) is False for i in range(L) if h[i] > 1))
    undecided = tuple(h for h in boxes if status[h] is None)
    return FillingSearch(d0, dh, r, depth, int(max_width), minimal, undecided, jac)
