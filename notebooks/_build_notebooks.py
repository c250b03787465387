"""Regenerate the teaching notebooks from the cell sources below (outputs are not stored).

    python notebooks/_build_notebooks.py
"""

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).resolve().parent

DEPTH = [
    new_markdown_cell(r"""# Depth efficiency, exactly: CP vs hierarchical Tucker, matricizations and one witness

This notebook walks through the tensor argument of Cohen, Sharir & Shashua (2016), *On the
Expressive Power of Deep Learning: A Tensor Analysis*, with exact rational arithmetic:

1. a **shallow** convolutional arithmetic circuit (ConvAC) is a **CP decomposition**, a **deep** one is a
   **hierarchical Tucker (HT)** decomposition;
2. the **matricization** `[A]_{I,J}` of the network's tensor, and why its rank bounds the CP-rank;
3. the **witness**: one weight setting with a non-zero minor proves a rank bound for *almost every* weight
   setting;
4. the conclusion, as a certificate that an independent checker re-verifies.

Everything is exact (field Q). Modes are **0-based**: the paper's odd modes {1, 3, ...} are our {0, 2, ...}."""),
    new_code_cell(r"""from fractions import Fraction
import numpy as np
import exactnet
from exactnet.core.linalg import rank
from exactnet.networks import DeepConvAC, ShallowConvAC, Representation, bentkamp_witness
from exactnet.tensors import matricize, Partition, PoolingTree
print("exactnet", exactnet.__version__)"""),
    new_markdown_cell(r"""## 1. Shallow = CP, deep = hierarchical Tucker

A ConvAC reads N patches, applies M representation functions to each, mixes channels with 1x1
convolutions and pools by **products**. Its score function is
`h(x_0..x_{N-1}) = sum_d A[d_0..d_{N-1}] prod_i f_{d_i}(x_i)`: the **coefficient tensor** A says everything.

* shallow (one hidden layer, Z channels): `A = sum_z a_z · a^{z,0} ⊗ ... ⊗ a^{z,N-1}`, a CP decomposition with Z terms;
* deep (size-2 pooling windows, a binary tree): the HT recursion of theory.md §1.2.

Below: a deep network with N = 4 inputs, M = 2 features, widths (r_0, r_1) = (2, 1), and its tensor computed two
independent ways (from the HT decomposition, and by running the network forward on every template tuple)."""),
    new_code_cell(r"""deep = DeepConvAC.from_windows(4, 2, [2, 1], window=2, seed=11, low=-5, high=5)
A_dec = deep.grid_tensor(method="decomposition", output=0)
A_eval = deep.grid_tensor(method="evaluation", output=0)
print("tree:", deep.tree.to_nested(), " widths:", deep.widths, " weights:", deep.num_weights)
print("shape:", A_dec.shape, " both routes agree exactly:", A_dec == A_eval)
print("A[0,1,1,0] =", A_dec[0, 1, 1, 0])"""),
    new_markdown_cell(r"""## 2. Matricization

For a partition (I, J) of the modes, `[A]_{I,J}` puts the I-modes on the rows and the J-modes on the columns.
Row index of `A[d_0..d_{N-1}]`: `sum_t d_{i_t} prod_{t'>t} M_{i_t'}` (last row mode fastest). The paper's
`[A]` is the **odd-even** partition: rows = modes {0, 2}, columns = modes {1, 3} here.

Key fact: a rank-one tensor `v_0 ⊗ ... ⊗ v_{N-1}` matricizes to a rank-one matrix `u w^T`, so
**rank [A]_{I,J} <= CP-rank(A) <= Z** for any shallow network."""),
    new_code_cell(r"""X = matricize(A_dec, "odd-even")
print("odd-even matricization:", X.shape)
print(np.array(X.tolist_str()))
res = rank(X)
print(res)            # the field (Q) and the status (exact, certified) are part of the answer
cert = res.certificate
print("non-singular minor rows", cert.rows, "cols", cert.cols)"""),
    new_markdown_cell(r"""The rank comes with a certificate: a non-singular minor (lower bound) and, when the rank is below
`min(m, n)`, an explicit factorization `d·A = A[:, cols] · Y` (upper bound). `check()` hands the JSON form to
`exactnet.checker`, which shares no code with the prover.

A shallow network with Z = 3 channels can never exceed rank 3, whatever its weights:"""),
    new_code_cell(r"""for seed in range(3):
    shallow = ShallowConvAC.random(4, 3, 3, seed=seed, low=-9, high=9)
    r = rank(matricize(shallow.grid_tensor(output=0), "odd-even"))
    print(f"shallow Z=3, seed {seed}: {r}")
    assert r.rank <= 3"""),
    new_markdown_cell(r"""## 3. Why floating point is not enough

With monomial representation functions (templates 1..M, features x^0..x^{M-1}), the grid tensor's entries span
many orders of magnitude and a float rank is silently wrong. Measured with this code: for N = 8, M = 5,
widths (3, 3, 3), numpy's `matrix_rank` reports 52 where the exact rank is 81."""),
    new_code_cell(r"""M = 5
rep = Representation.monomials([str(t) for t in range(1, M + 1)], M)
net = DeepConvAC.from_windows(8, M, [3, 3, 3], window=2, seed=3, low=-1000, high=1000, representation=rep)
X = matricize(net.grid_tensor(output=0), "odd-even")
exact = rank(X)
floats = np.array([[float(v) for v in row] for row in X.num.tolist()])
print("exact:", exact)
print("numpy float64 matrix_rank:", np.linalg.matrix_rank(floats))"""),
    new_markdown_cell(r"""## 4. The witness: one non-zero minor proves "almost everywhere"

Every entry of `[A]` is a **polynomial in the weights**. `rank [A] >= R` iff some R x R minor is non-zero, and a
minor is a polynomial p(w). A polynomial that is not identically zero vanishes only on a set of Lebesgue measure
zero. So **one** weight setting w* with p(w*) != 0 proves `rank [A] >= R` for almost every weight setting.

Bentkamp's witness (from the Isabelle formalization): layer 0 = identity, the conv above the first pooling =
all ones, every conv above = copy the first channel. Its tensor is `A*[d] = 1` iff `d_0 = d_1`, `d_2 = d_3`, ...
and all `d_i < r_0`."""),
    new_code_cell(r"""w = bentkamp_witness(4, 3, [2, 2])
Astar = w.grid_tensor(output=0)
ones = [idx for idx in np.ndindex(*Astar.shape) if Astar[idx] != 0]
print("non-zero entries of A*:", ones)
print(rank(matricize(Astar, "odd-even")))"""),
    new_markdown_cell(r"""For a tiny instance we can even look at the minor **as a polynomial** in symbolic weights, and see that it
is not the zero polynomial (so its zero set is a null set):"""),
    new_code_cell(r"""from exactnet.theorems.symbolic import symbolic_minor
sm = symbolic_minor(M=2, N=4, widths=(2, 1))
print(sm)"""),
    new_markdown_cell(r"""The upper bound is structural: the column space of `[A]` lies in the tensor product of the spans of the
layer-0 weights, each of dimension <= min(r_0, M). So the **generic** rank is exactly `min(r_0, M)^(N/2)`:
with N = 4, M = 3, r_0 = 2 it is 4, not 9 (theory.md §6, row 2).

## 5. The theorem instance as a certificate

`depth_efficiency_certificate` bundles the witness minor (lower bound, almost everywhere), the structural
upper bound and the shallow-width conclusion. The checker re-evaluates the witness network's tensor entries with
its own forward pass and recomputes the determinant: it does not trust the prover."""),
    new_code_cell(r"""from exactnet.theorems import depth_efficiency_certificate
c = depth_efficiency_certificate(3, 4, (2, 2))
print(c.claim)
print("conclusion:", c.data["conclusion"])
c8 = depth_efficiency_certificate(2, 8, (2, 1, 1))
print("N=8, M=2:", c8.data["conclusion"])"""),
    new_code_cell(r"""reports = [c.check(), c8.check(), res.check(), exact.check()]
for rep_ in reports:
    print(rep_.verdict)
print("VERIFIED: all certificates re-checked by the independent checker")"""),
]


def build() -> None:
    nb = new_notebook(cells=DEPTH)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, HERE / "depth_efficiency.ipynb")


if __name__ == "__main__":
    build()
