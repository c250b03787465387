r"""Teaching mode: the witness minor of Theorem 1 as an explicit polynomial in symbolic weights.

Cohen, Sharir & Shashua 2016, proof of Theorem 1: every entry of ``[A]`` is a polynomial in the weights, so an
r x r minor is a polynomial ``p(w)``; one witness with ``p(w*) != 0`` shows ``p`` is not the zero
polynomial, and the zero set of a non-zero polynomial is Lebesgue-null.  :func:`symbolic_minor`
computes ``p`` with SymPy for **tiny** instances (it refuses larger ones) and evaluates it at
Bentkamp's witness.  The coefficient tensor is used (identity representation), modes 0-based.

Examples
--------
>>> s = symbolic_minor(N=2, M=2, widths=(2,))
>>> s.size, s.witness_value, s.is_nonzero
(2, Fraction(1, 1), True)
>>> s.value, s.status, s.field, s.check().verdict  # the result protocol: the minor certified at the witness
(2, 'lower-bound', 'Q', 'valid')
>>> s.polynomial
o_0_0*o_0_1*(a_0_0_0*a_0_1_1 - a_0_0_1*a_0_1_0)*(a_1_0_0*a_1_1_1 - a_1_0_1*a_1_1_0)
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ..core.rational import as_positive_int
from ..errors import InvalidArgumentError, ResourceLimitError
from ..networks import bentkamp_witness
from ..tensors import PoolingTree

__all__ = ["SymbolicMinor", "symbolic_minor", "MAX_SYMBOLIC_MINOR", "MAX_SYMBOLIC_N", "MAX_SYMBOLIC_WEIGHTS"]

#: Largest minor (r^{N/2}) the teaching mode expands symbolically.
MAX_SYMBOLIC_MINOR = 4
#: Largest number of inputs.
MAX_SYMBOLIC_N = 4
#: Largest number of weight symbols (the determinant and its factorization grow very fast).
MAX_SYMBOLIC_WEIGHTS = 24


@dataclass(frozen=True)
class SymbolicMinor:
    """The minor polynomial of a tiny deep ConvAC.

    Attributes
    ----------
    polynomial : sympy.Expr
        ``det [A(w)]_{rows, cols}`` (factored), a polynomial in ``symbols``.
    symbols : tuple of sympy.Symbol
        The weights: ``a_i_g_d`` (leaf i, channel g, function d), ``w_k_g_a`` (node k in
        ``tree.internal_nodes()`` order), ``o_g_a`` (output); shared: ``a_g_d``, ``w_l_g_a`` (level l).
    rows, cols : tuple of tuples
        Multi-indices (odd-even partition: rows = modes 0, 2, ...; cols = modes 1, 3, ...).
    witness_value : Fraction
        The polynomial at Bentkamp's witness (non-zero).
    degree : int
        Total degree of the polynomial.
    """

    polynomial: Any
    symbols: tuple
    rows: tuple
    cols: tuple
    witness_value: Fraction
    degree: int
    witness: Any = None
    shared: bool = False

    @property
    def size(self) -> int:
        return len(self.rows)

    @property
    def is_nonzero(self) -> bool:
        """Non-zero as a polynomial (certified by the non-zero value at the witness)."""
        return self.witness_value != 0

    # the result protocol: value, status, field, certificate, check()
    value = property(lambda self: self.size, doc="The minor's size r: rank >= r for almost every weight setting.")
    status = property(lambda self: "lower-bound", doc="A lower bound (for almost every weight setting).")
    field = property(lambda self: "Q", doc="The field: Q.")

    @property
    def certificate(self) -> Any:
        """``generic_matricization_rank >= r`` of the architecture, from this minor at Bentkamp's witness (rule
        ``generic-rank-from-witness``: the kernel re-evaluates the minor's entries)."""
        from ._lower import lower_bound_certificate

        return lower_bound_certificate(self.witness, "odd-even", generic=True, shared=self.shared,
                                       minor=([tuple(t) for t in self.rows], [tuple(t) for t in self.cols]))

    def check(self) -> Any:
        """Re-verify :attr:`certificate` with the certificate kernel; return its report."""
        return self.certificate.check()


def symbolic_minor(N: int = 4, M: int = 2, widths: Any = (2, 1), *, shared: bool = False) -> SymbolicMinor:
    """The Theorem-1 minor of a tiny binary-tree ConvAC as a non-zero SymPy polynomial in its weights.

    Rows/columns: the multi-indices with all digits ``< min(r_0, M)`` of the odd-even matricization
    (where Bentkamp's witness has its identity block).  Refuses instances with ``N > 4`` or a minor
    larger than 4 x 4 or more than 24 weights (symbolic determinants grow very fast).

    >>> symbolic_minor(N=4, M=2, widths=(2, 1), shared=True).polynomial
    o_0_0**4*w_1_0_0**4*w_1_0_1**4*(a_0_0*a_1_1 - a_0_1*a_1_0)**8

    >>> symbolic_minor(N=8, M=3, widths=(3, 3, 3))
    Traceback (most recent call last):
      ...
    exactnet.errors.ResourceLimitError: symbolic_minor is a teaching mode for tiny instances (N <= 4, minor size r^(N/2) <= 4), not N=8 with a 81 x 81 minor; use exactnet.theorems.depth_efficiency_certificate for a certificate of any size
    """
    import sympy

    M = as_positive_int(M, "M")
    N = as_positive_int(N, "N")
    if N < 2 or N & (N - 1):
        raise InvalidArgumentError(f"Argument 'N' must be a power of 2 >= 2 (binary tree), not {N}")
    tree = PoolingTree.binary(N)
    if isinstance(widths, int) and not isinstance(widths, bool):
        widths = (widths,) * tree.height
    ws = tuple(as_positive_int(w, f"widths[{k}]") for k, w in enumerate(widths))
    if len(ws) != tree.height:
        raise InvalidArgumentError(f"Argument 'widths' must hold {tree.height} widths (levels 0..{tree.height - 1}), not {ws}")
    r = min(ws[0], M)
    size = r ** (N // 2)
    if N > MAX_SYMBOLIC_N or size > MAX_SYMBOLIC_MINOR:
        raise ResourceLimitError(
            f"symbolic_minor is a teaching mode for tiny instances (N <= {MAX_SYMBOLIC_N}, minor size r^(N/2) <= "
            f"{MAX_SYMBOLIC_MINOR}), not N={N} with a {size} x {size} minor; use "
            "exactnet.theorems.depth_efficiency_certificate for a certificate of any size"
        )
    nodes = tree.internal_nodes()
    symbols: list = []

    def mat(prefix: str, rows: int, cols: int) -> list[list]:
        m = [[sympy.Symbol(f"{prefix}_{g}_{a}") for a in range(cols)] for g in range(rows)]
        symbols.extend(x for row in m for x in row)
        return m

    if shared:
        leaf_shared = mat("a", ws[0], M)
        leaf = [leaf_shared] * N
        per_level = {l: mat(f"w_{l}", ws[l], ws[l - 1]) for l in range(1, tree.height)}
        node_w = [per_level[tree.node_level(v)] for v in nodes]
    else:
        leaf = [mat(f"a_{i}", ws[tree.leaf_level(i)], M) for i in range(N)]
        node_w = [mat(f"w_{k}", ws[tree.node_level(v)], ws[tree.node_level(v) - 1]) for k, v in enumerate(nodes)]
    out_w = mat("o", 1, ws[tree.height - 1])
    if len(set(symbols)) > MAX_SYMBOLIC_WEIGHTS:
        raise ResourceLimitError(
            f"symbolic_minor is a teaching mode: this instance has {len(set(symbols))} weights, above the limit of "
            f"{MAX_SYMBOLIC_WEIGHTS} (the symbolic determinant would take minutes); try shared=True, smaller M or "
            "widths, or exactnet.theorems.depth_efficiency_certificate"
        )
    index = {v: k for k, v in enumerate(nodes)}

    def entry(d: tuple[int, ...]) -> Any:
        def run(node: Any) -> list:
            if not isinstance(node, tuple):
                return [row[d[node]] for row in leaf[node]]  # identity representation: column d of the leaf matrix
            kids = [run(c) for c in tree.children(node)]
            pooled = [sympy.Mul(*vals) for vals in zip(*kids)]
            W = out_w if node == tree.structure else node_w[index[node]]
            return [sympy.Add(*[w * x for w, x in zip(row, pooled)]) for row in W]

        return run(tree.structure)[0]

    tuples = list(itertools.product(range(r), repeat=N // 2))
    entries = []
    for rr in tuples:
        line = []
        for cc in tuples:
            d = [0] * N
            d[0::2], d[1::2] = rr, cc
            line.append(entry(tuple(d)))
        entries.append(line)
    from sympy.polys.matrices import DomainMatrix

    dm = DomainMatrix.from_list_sympy(size, size, entries)  # over ZZ[weights]: fraction-free, fast
    det = dm.domain.to_sympy(dm.det())
    poly = sympy.factor(det)
    witness = bentkamp_witness(tree, M, ws)
    subs = {}
    for i in range(N):
        W = witness.leaf_weights[i]
        for g, row in enumerate(leaf[i]):
            for a, s in enumerate(row):
                subs[s] = sympy.Rational(W[g, a].numerator, W[g, a].denominator)
    for k in range(len(nodes)):
        W = witness.node_weights[k]
        for g, row in enumerate(node_w[k]):
            for a, s in enumerate(row):
                subs[s] = sympy.Rational(W[g, a].numerator, W[g, a].denominator)
    Wo = witness.output_weights
    for a, s in enumerate(out_w[0]):
        subs[s] = sympy.Rational(Wo[0, a].numerator, Wo[0, a].denominator)
    value = sympy.Rational(poly.subs(subs))
    degree = sympy.Poly(det, *symbols).total_degree() if det != 0 else 0
    unique = tuple(dict.fromkeys(symbols))
    return SymbolicMinor(poly, unique, tuple(tuples), tuple(tuples), Fraction(int(value.p), int(value.q)), degree,
                         witness, shared)
