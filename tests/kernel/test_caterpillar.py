"""A caterpillar (linear) pooling tree with 10,000 leaves loads, evaluates and is checked through the kernel: every
walk over circuits and trees is iterative, and the work estimate scans the circuit once."""

from __future__ import annotations

import json
import random
from fractions import Fraction

import pytest

from exactnet.errors import CertificateError
from exactnet.kernel import check_bytes
from exactnet.kernel.circuit import evaluate, parse_circuit
from exactnet.kernel.rectifier import parse_tree, root_blocks

R = 2


def _mat(rows):
    return {"shape": [len(rows), len(rows[0])], "denominator": "1", "numerators": [str(x) for r in rows for x in r]}


def _caterpillar(N: int, seed: int = 0):
    """A ConvAC over ((((0, 1), 2), 3), ...): leaf convs A_i (R x 2, F = identity), h <- B_k (h * A_k x_k), out u."""
    rnd = random.Random(seed)
    leaf = [[[rnd.choice([-1, 1, 2]) for _ in range(2)] for _ in range(R)] for _ in range(N)]
    inner = [[[rnd.choice([-1, 0, 1]) for _ in range(R)] for _ in range(R)] for _ in range(N - 1)]
    for B in inner:  # keep every inner matrix invertible so the rank survives 10,000 levels
        B[0][0], B[0][1], B[1][0], B[1][1] = 1, B[0][1], 0, 1
    out = [[1, 1]]
    nodes = [{"op": "input", "position": i} for i in range(N)]
    nodes += [{"op": "affine", "arg": i, "matrix": _mat(leaf[i])} for i in range(N)]
    h = N
    for k in range(1, N):
        nodes.append({"op": "mul", "args": [h, N + k]})
        nodes.append({"op": "affine", "arg": len(nodes) - 1, "matrix": _mat(out if k == N - 1 else inner[k - 1])})
        h = len(nodes) - 1
    circuit = {"format": "exactnet.circuit", "version": 1, "inputs": [{"templates": _mat([[1, 0], [0, 1]])}] * N,
               "nodes": nodes, "output": h}
    return circuit, leaf, inner, out


def _oracle(N, leaf, inner, out, d):
    """The grid-tensor entry at the template tuple d by plain Fraction arithmetic (no circuit, no numpy)."""
    h = [row[d[0]] for row in leaf[0]]  # integer weights: exact in Python ints
    for k in range(1, N):
        p = [h[g] * leaf[k][g][d[k]] for g in range(R)]
        W = out if k == N - 1 else inner[k - 1]
        h = [sum(w * x for w, x in zip(row, p)) for row in W]
    return Fraction(h[0])


@pytest.mark.parametrize("N", [1_000, pytest.param(10_000, marks=pytest.mark.slow)])
def test_a_caterpillar_is_evaluated_and_checked(N):
    circuit, leaf, inner, out = _caterpillar(N)
    rnd = random.Random(1)
    cols = [[rnd.randint(0, 1) for _ in range(N - 1)] for _ in range(2)]
    points = [[0, 0, 1, 1]] + [[cols[0][k], cols[1][k], cols[0][k], cols[1][k]] for k in range(N - 1)]
    num, den = evaluate(parse_circuit(circuit), points)  # the batch evaluator over all 10,000 positions
    entries = [Fraction(int(num[b, 0]), den) for b in range(4)]
    assert entries == [_oracle(N, leaf, inner, out, [p[b] for p in points]) for b in range(4)]
    singular = entries[0] * entries[3] == entries[1] * entries[2]
    cert = {"format": "exactnet.certificate", "schema_version": 2, "exactnet_version": "0.2.0",
            "proposition": {"quantity": "matricization_rank", "object": {"circuit": circuit, "output": 0, "rows": [0]},
                            "relation": ">=", "value": 2, "field": "Q"},
            "evidence": {"method": "minor-entries", "rows": [[0], [1]], "cols": cols}}
    data = json.dumps(cert)
    assert not singular  # the oracle's minor is non-singular: the kernel must accept rank >= 2
    assert check_bytes(data).proposition.value == 2
    cert["evidence"]["cols"] = [cols[0], cols[0]]  # a repeated column multi-index
    with pytest.raises(CertificateError, match="repeated"):
        check_bytes(json.dumps(cert))


def test_a_10000_leaf_caterpillar_tree_is_walked_iteratively():
    N = 10_000
    nested = [0, 1]
    for k in range(2, N):
        nested = [nested, k]
    nodes = parse_tree(nested, N, "tree")
    assert len(nodes) == 2 * N - 1 and max(d for d, _ in nodes) == N - 1
    assert root_blocks(nodes) == [list(range(N - 1)), [N - 1]]
