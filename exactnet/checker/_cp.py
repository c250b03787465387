r"""Checker of ``"rank-one-sum"`` certificates (imports nothing from exactnet except ``errors``).

The certificate states that the matricization of a concrete network's grid tensor (one output)
is an explicit sum of ``K`` rank-one matrices, so its rank is at most ``K``::

    {"kind": "rank-one-sum", "field": "Q", "status": "upper-bound", "claim": "...",
     "network": {... network JSON ...}, "output": y, "tensor": "grid",
     "partition": {"rows": [...], "cols": [...]},            # 0-based modes, increasing
     "bound": K,
     "terms": [{"coefficient": "p/q", "u": ["p/q", ...], "w": ["p/q", ...]}, ... K terms]}

meaning ``[A^y]_{I,J} = sum_k coefficient_k * u_k w_k^T``.  Rows and columns follow the index
formula, 0-based: the row of ``A[d_0..d_{N-1}]`` is
``sum_t d_{i_t} T^{|I|-1-t}`` (the last row mode varies fastest), columns likewise.

Why a passing certificate proves ``rank [A^y]_{I,J} <= K``: the checker verifies the identity, and
a sum of K matrices of rank <= 1 has rank <= K (rank is subadditive).  The identity is verified

* **entry by entry** when the tensor has at most 2^14 entries: every entry of the matricization is
  recomputed with the checker's own forward pass (``_network._ExactEvaluator``) and compared with
  the sum of the terms;
* **term by term** for shallow networks (any size): term z must be ``coefficient = out[y][z]``,
  ``u = (x)_{i in I} v_{z,i}``, ``w = (x)_{j in J} v_{z,j}`` (Kronecker products, first mode
  slowest) with ``v_{z,i}[t] = sum_m W_i[z][m] F[t][m]``, and there must be one term per channel.
  Then the sum is ``sum_z out_z prod_i v_{z,i}[d_i] = A^y[d]``: the shallow network's definition.

Examples
--------
>>> net = {"kind": "shallow-convac", "num_inputs": 2, "representation": {"type": "identity", "M": 2},
...        "weights": [[["1", "0"], ["0", "1"]], [["1", "0"], ["0", "1"]]], "output_weights": [["1", "1"]]}
>>> cert = {"kind": "rank-one-sum", "field": "Q", "status": "upper-bound", "network": net, "output": 0,
...         "partition": {"rows": [0], "cols": [1]}, "bound": 2,
...         "terms": [{"coefficient": "1", "u": ["1", "0"], "w": ["1", "0"]},
...                   {"coefficient": "1", "u": ["0", "1"], "w": ["0", "1"]}]}
>>> check_rank_one_sum(cert)["bound"]
2
>>> cert["terms"][1]["w"] = ["1", "1"]
>>> check_rank_one_sum(cert)
Traceback (most recent call last):
  ...
exactnet.errors.CertificateError: term 1 is not the network's channel 1 (u or w differs from the Kronecker product of the channel's per-input vectors) (field 'terms[1]')
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from typing import Any

from ._claim import check_rank_statements, require_numbers
from ._network import (
    _ExactEvaluator,
    _common_header,
    _fail,
    _get,
    _int,
    _partition,
    _rat,
    _short,
    full_index,
    network_and_output,
    network_architecture,
    network_digest,
)

__all__ = ["check_rank_one_sum", "MAX_ENTRYWISE"]

#: The identity is checked entry by entry (own forward pass) up to this many tensor entries.
MAX_ENTRYWISE = 1 << 14


def _vector(value: Any, field: str, n: int) -> list[Fraction]:
    if not isinstance(value, list) or len(value) != n:
        raise _fail(f"must be a list of {n} rationals, not {_short(value)}", field)
    return [_rat(x, f"{field}[{k}]") for k, x in enumerate(value)]


def _kron(vectors: list[list[Fraction]]) -> list[Fraction]:
    out = [Fraction(1)]
    for v in vectors:  # the first vector varies slowest, the last fastest
        out = [a * b for a in out for b in v]
    return out


def check_rank_one_sum(cert: dict) -> dict:
    """Verify a ``rank-one-sum`` certificate; return ``{"kind", "bound", "partition", ...}``."""
    _common_header(cert, "rank-one-sum")
    if cert.get("status") != "upper-bound":
        raise _fail(f"status must be \"upper-bound\", not {_short(cert.get('status'))}", "status")
    net_obj, net, output = network_and_output(cert)
    rows, cols = _partition(_get(cert, "partition", ""), "partition", net.N)
    if cert.get("tensor", "grid") != "grid":
        raise _fail(f"must be \"grid\", not {_short(cert.get('tensor'))}", "tensor")
    terms = _get(cert, "terms", "")
    if not isinstance(terms, list):
        raise _fail(f"must be a list of terms, not {_short(terms)}", "terms")
    bound = _int(_get(cert, "bound", ""), "bound", 0)
    if bound != len(terms):
        raise _fail(f"the certificate lists {len(terms)} rank-one terms, so it proves rank <= {len(terms)}, "
                    f"not {bound}", "bound")
    T = net.T
    nr, nc = T ** len(rows), T ** len(cols)
    parsed = []
    for z, t in enumerate(terms):
        f = f"terms[{z}]"
        parsed.append((_rat(_get(t, "coefficient", f), f"{f}.coefficient"),
                       _vector(_get(t, "u", f), f"{f}.u", nr), _vector(_get(t, "w", f), f"{f}.w", nc)))

    if net.kind == "shallow-convac":  # term by term: the network's definition
        if len(parsed) != net.Z:
            raise _fail(f"a shallow network with Z = {net.Z} channels has {net.Z} terms, not {len(parsed)}", "terms")
        for z, (c, u, w) in enumerate(parsed):
            if c != net.out[output][z]:
                raise _fail(f"term {z} must have the coefficient out[{output}][{z}] = {net.out[output][z]}, not {c}",
                            f"terms[{z}].coefficient")
            v = [[sum((a * b for a, b in zip(net.leaf[i][z], net.F[t])), Fraction(0)) for t in range(T)]
                 for i in range(net.N)]
            if u != _kron([v[i] for i in rows]) or w != _kron([v[j] for j in cols]):
                raise _fail(f"term {z} is not the network's channel {z} (u or w differs from the Kronecker product "
                            "of the channel's per-input vectors)", f"terms[{z}]")

    entrywise = T ** net.N <= MAX_ENTRYWISE
    if entrywise:  # entry by entry: the checker's own forward pass
        ev = _ExactEvaluator(net, output)
        for a, rr in enumerate(itertools.product(range(T), repeat=len(rows))):
            for b, cc in enumerate(itertools.product(range(T), repeat=len(cols))):
                d = full_index(net.N, rows, rr, cols, cc)
                total = sum((c * u[a] * w[b] for c, u, w in parsed), Fraction(0))
                if total != ev.entry(d):
                    raise _fail(f"the terms sum to {total} at ({a}, {b}), but the network's entry A{list(d)} is "
                                f"{ev.entry(d)}", "terms")
    elif net.kind != "shallow-convac":
        raise _fail(f"the tensor has {T ** net.N} entries; a deep network's terms are checked entry by entry, "
                    f"at most {MAX_ENTRYWISE}", "network")
    check_rank_statements(cert.get("claim"), upper=bound)
    require_numbers(cert.get("claim"), {"bound": bound})
    return {
        "kind": "rank-one-sum",
        "bound": bound,
        "partition": {"rows": rows, "cols": cols},
        "output": output,
        "entrywise": entrywise,
        "architecture": network_architecture(net),
        "network_digest": network_digest(net_obj),
    }
