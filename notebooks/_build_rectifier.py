"""Regenerate notebooks/generalized_decompositions.ipynb from the cell sources below (outputs are not stored).

    python notebooks/_build_rectifier.py
"""

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).resolve().parent

CELLS = [
    new_markdown_cell(r"""# Generalized tensor decompositions: rectifier networks, exactly

Cohen & Shashua (2016), *Convolutional Rectifier Networks as Generalized Tensor Decompositions*, replace
the product pooling of a convolutional arithmetic circuit by an **activation-pooling operator**
`g(a, b) = P(sigma(a), sigma(b))`:

| network | g(a, b) |
| --- | --- |
| ConvAC | `a * b` |
| ReLU + max pooling | `max(a, b, 0)` |
| ReLU + average (sum) pooling | `max(a, 0) + max(b, 0)` |

This notebook (all arithmetic exact, over Q; **modes are 0-based**):

1. builds the **generalized tensor product** and the grid tensor of a network two independent ways;
2. shows **universality with max pooling**: an explicit network realizing any target;
3. shows **non-universality with average pooling**: a target no network realizes, with a certificate;
4. re-verifies every certificate with the independent checker and prints `VERIFIED`."""),
    new_code_cell(r"""import numpy as np
from fractions import Fraction
from exactnet.core.linalg import rank
from exactnet.core.qarray import QArray
from exactnet.networks import Representation
from exactnet.networks.rectifier import DeepRectifierNet, ShallowRectifierNet, from_explicit_form, relu_templates
from exactnet.tensors import PoolingTree, matricize
from exactnet.tensors.generalized import generalized_outer, get_operator
from exactnet.theorems import rectifier as R
certificates = []"""),
    new_markdown_cell(r"""## 1. The generalized tensor product and the grid tensor

`(v ⊗_g w)[d, e] = g(v[d], w[e])`. With `g = max(a, b, 0)` and two vectors:"""),
    new_code_cell(r"""g = get_operator("relu-max")
v, w = QArray.from_nested([1, -2]), QArray.from_nested([0, 3])
print(generalized_outer([v, w], g).tolist_str())   # [[max(1,0,0), max(1,3,0)], [max(-2,0,0), max(-2,3,0)]]"""),
    new_markdown_cell(r"""A deep network's **grid tensor** `A[d_0..d_{N-1}] = h(x^(d_0), ..., x^(d_{N-1}))` (its score on every tuple of
templates) equals the **generalized HT decomposition** of its first-layer outputs `F a`. Two routes, one answer:"""),
    new_code_cell(r"""net = DeepRectifierNet.random(PoolingTree.binary(4), 2, (2, 2), operator="relu-max", seed=3)
A_dec = net.grid_tensor(method="decomposition", output=0)
A_eval = net.grid_tensor(method="evaluation", output=0)
print("decomposition == evaluation:", A_dec == A_eval, "  A[0,1,1,0] =", A_dec[0, 1, 1, 0])"""),
    new_markdown_cell(r"""Templates: with ReLU representation functions `f_d(x) = max(x - t_d + eps, 0)` on distinct templates the
representation matrix F is lower triangular with `eps` on the diagonal, hence invertible (theory.md 2.2, row 22):"""),
    new_code_cell(r"""rep, F, det = relu_templates([0, 1, 2], epsilon="1/2")
print(F.tolist_str(), " det F =", det)
certificates.append(R.relu_representation_certificate([0, 1, 2], "1/2"))"""),
    new_markdown_cell(r"""## 2. Max pooling is universal

For a target A, take the all-ones term (every first-layer vector = 1) and, for each non-zero entry `d*`, a
**mismatch** term with vectors `u^i[t] = 1 if t != d*_i else 0`: its entries are `max_i u^i[d_i] = 1 - [d = d*]`.
So `A = (sum A) * 1 - sum_{d*} A[d*] * mismatch(d*)`: width `nnz(A) + 1 <= M^N + 1`. Mismatches compose under max
pooling, so the same works for a deep network over any tree. With the invertible F above, the first-layer
weights solve `F a = u` exactly."""),
    new_code_cell(r"""target = [[[1, 0, "-1/2"], [0, 2, 0], [0, 0, 0]], [[0, 0, 0], [3, 0, 0], [0, 0, 1]], [[0, 0, 0], [0, 0, 0], [5, 0, 0]]]
shallow = R.realize_shallow_max(target, representation=rep)
deep = R.realize_deep_max(target, tree=[[0, 1], 2], representation=rep)
for c in (shallow, deep):
    print(c.kind, "| width", len(c.to_dict()["proposition"]["object"]["network"]["leaf_weights"][0]),
          "| valid:", c.is_valid())
net = from_explicit_form(shallow.to_dict()["proposition"]["object"]["network"])
print("re-evaluated equals the target:", net.grid_tensor(output=0) == QArray.from_nested(target))
certificates += [shallow, deep]"""),
    new_markdown_cell(r"""## 3. Average pooling is not universal

With `g(a, b) = max(a, 0) + max(b, 0)` the root pools `sum_c max(phi_c, 0)` over its children, and each `phi_c`
depends only on the modes under child c. So **every** grid tensor (any width, any weights) is
`sum_c B_c(d restricted to block c)`; conversely every such sum is realizable. Realizable iff the target lies in
that span. The smallest counterexample (found by search over 0/1 targets, N = 2, M = 2) and theory.md's
`delta(d_0, d_2)` (N = 4, M = 3, binary tree):"""),
    new_code_cell(r"""small = R.minimal_average_counterexample(2, 2)
print(small.to_dict()["proposition"]["object"]["target"]["entries"], small.claim)
A = np.zeros((3,) * 4, dtype=int)
for d in np.ndindex(*A.shape):
    A[d] = int(d[0] == d[2])
row20 = R.average_pooling_realizability(A.tolist(), tree=[[0, 1], [2, 3]])
L = np.array(row20.to_dict()["evidence"]["functional"]["entries"], dtype=object)
print(row20.kind, "| L . target =", sum(int(x) * int(a) for x, a in zip(L.ravel(), A.ravel())))
print("low/high rank of the target:", rank(matricize(QArray.from_integers(A), "low-high")).rank,
      "(every deep average-pooling network has low/high rank <= 2)")
certificates += [small, row20]"""),
    new_markdown_cell(r"""The certificate is a rational functional L (the residual of the target after the exact orthogonal projection onto
the span): every marginal of L onto a block is zero, so L vanishes on every realizable tensor, and `L . target != 0`.
A corrupted certificate is refused:"""),
    new_code_cell(r"""from exactnet.checker import check_certificate
from exactnet.errors import CertificateError
bad = row20.to_dict()
bad["evidence"]["functional"]["entries"][0][0][0][0] = "7"
try:
    check_certificate(bad)
except CertificateError as exc:
    print("refused:", exc)"""),
    new_markdown_cell(r"""## 4. Side by side, and the final re-verification

`compare_pooling` prints product vs max vs average on one architecture, each figure certified (the shallow
width forced by the max-pooling construction uses the per-term bound `1 + (M-1)N/2`)."""),
    new_code_cell(r"""cmp = R.compare_pooling(2, 4)
print(cmp.table())
certificates += cmp.certificates()
certificates.append(R.max_depth_efficiency_certificate(4, 3))
certificates.append(R.incompleteness_certificate(4, 2))
certificates.append(R.shallow_collapse_certificate(4, 2))
for c in certificates:
    c.check()   # raises CertificateError if anything is wrong
print(f"VERIFIED: {len(certificates)} certificates re-checked by the certificate kernel")"""),
]


def build() -> None:
    nb = new_notebook(cells=CELLS, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                            "language": "python"}})
    nbformat.write(nb, HERE / "generalized_decompositions.ipynb")


if __name__ == "__main__":
    build()
