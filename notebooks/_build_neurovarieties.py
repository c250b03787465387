"""Regenerate notebooks/neurovarieties.ipynb from the cell sources below, executed (outputs are stored).

    python notebooks/_build_neurovarieties.py
"""

import os
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).resolve().parent

CELLS = [
    new_markdown_cell(r"""# Neurovarieties: how expressive is a polynomial network?

A **polynomial network** with widths $d = (d_0, d_1, \dots, d_h)$ and activation degree $r \ge 2$ computes

$$p_\theta(x) = W_h\, \rho_r\big(W_{h-1}\, \rho_r(\cdots \rho_r(W_1 x))\big), \qquad \rho_r(t) = t^r \text{ coordinate-wise},
\qquad W_i \in \mathbb{Q}^{d_i \times d_{i-1}}.$$

Each of its $d_h$ outputs is a homogeneous polynomial of degree $D = r^{h-1}$ in $d_0$ variables. Kileel, Trager
& Bruna (*On the expressive power of deep polynomial neural networks*, NeurIPS 2019, arXiv 1905.12207) measure
expressivity by the dimension of the **neurovariety** $\mathcal{V}_{d,r}$, the Zariski closure of the set of all
such $p_\theta$, inside the **ambient** space of $d_h$-tuples of forms, of dimension

$$\dim \mathrm{Sym}_D(\mathbb{C}^{d_0})^{d_h} = d_h \binom{d_0 + D - 1}{D}.$$

The architecture **fills** when $\dim \mathcal{V}_{d,r}$ equals the ambient dimension.

This notebook computes $\dim \mathcal{V}_{d,r}$ **with certificates**: a lower bound from a non-singular minor of
an integer Jacobian, upper bounds from arithmetic on the architecture, and the status `exact` when they meet.
Sections: a worked example by hand; symmetries and the expected dimension; certified dimensions; why some
architectures are defective (cuts, quadrics); a plot; minimal filling architectures and the unimodality
counterexample; exercises with solutions; re-verification."""),
    new_code_cell(r"""import os, tempfile
import sympy
from IPython.display import Image, display
import exactnet
from exactnet.networks import PolynomialNetwork
from exactnet.theorems.neurovariety import (neurovariety_dimension, upper_bound, minimal_filling_certificate,
                                            minimal_filling_architectures, modular_jacobian_rank, ambient_dimension,
                                            expected_dimension)
OUT = tempfile.mkdtemp()
certificates = []
print("exactnet", exactnet.__version__)"""),
    new_markdown_cell(r"""## 1. A worked example: $d = (2, 2, 1)$, $r = 2$

Two hidden neurons, one output: $p(x, y) = v_1 (a x + b y)^2 + v_2 (c x + d y)^2$, a binary quadratic form. The
coefficient map sends the 6 weights to the 3 coefficients of $x^2, xy, y^2$; its Jacobian has rank 3 at a
generic point, so the network fills: every binary quadratic form is (over $\mathbb{C}$) a sum of two squares.
With SymPy, symbolically:"""),
    new_code_cell(r"""a, b, c, d, v1, v2, x, y = sympy.symbols("a b c d v1 v2 x y")
p = sympy.expand(v1 * (a*x + b*y)**2 + v2 * (c*x + d*y)**2)
coeffs = [sympy.Poly(p, x, y).coeff_monomial(m) for m in (x**2, x*y, y**2)]
J = sympy.Matrix(coeffs).jacobian([a, b, c, d, v1, v2])
print("coefficients:", coeffs)
print("Jacobian rank (generic, symbolic):", J.rank())
print("at a=1, b=2, c=-1, d=3, v1=1, v2=-2:", J.subs({a: 1, b: 2, c: -1, d: 3, v1: 1, v2: -2}).rank())"""),
    new_markdown_cell(r"""The same network object in exactnet: rational weights, the output polynomial exactly, exact evaluation."""),
    new_code_cell(r"""net = PolynomialNetwork([[[1, 2], [-1, 3]], [[1, -2]]], degree=2)
print(net, "->", net.output_polynomials())
print("p(1/2, 1) =", net.evaluate(["1/2", 1]))
res = neurovariety_dimension((2, 2, 1), 2)
print(res)
certificates.append(res.certificate())"""),
    new_markdown_cell(r"""## 2. Symmetries and the expected dimension

Rescaling hidden neuron $i$ of layer $\ell$ by $t \neq 0$ (row $i$ of $W_\ell$ times $t$) and column $i$ of
$W_{\ell+1}$ by $t^{-r}$ leaves $p_\theta$ unchanged, since $(t u)^r = t^r u^r$. So the generic fibre has dimension
at least the number of hidden neurons, and

$$\dim \mathcal{V}_{d,r} \;\le\; \min\Big(d_h \binom{d_0 + D - 1}{D},\; \sum_{i=1}^{h} d_i d_{i-1} - \sum_{i=1}^{h-1} d_i\Big)
=: \text{expected dimension}.$$

The **defect** is expected minus actual. Check the symmetry on a random network:"""),
    new_code_cell(r"""from fractions import Fraction
net = PolynomialNetwork.random((2, 3, 2, 1), 2, seed=5)
W1, W2, W3 = [W.to_fractions().tolist() for W in net.weights]
t = Fraction(3, 2)
W1s = [row[:] for row in W1]; W1s[0] = [t * w for w in W1s[0]]          # neuron 0 of layer 1 times t
W2s = [row[:] for row in W2]
for row in W2s:
    row[0] = row[0] / t**2                                               # its outgoing weights times t^(-r)
same = PolynomialNetwork([W1s, W2s, W3], 2)
print(net.output_polynomials() == same.output_polynomials(), "(same function, different weights)")"""),
    new_markdown_cell(r"""## 3. Certified dimensions

* **Lower bound.** The dimension is the generic rank of the Jacobian $J(\theta)$ of $\theta \mapsto$ coefficients,
  and the rank at any single point is at most the generic rank. At an integer point and integer inputs
  $x_1, \dots, x_N$, the matrix $\big[\partial p_k(x_n) / \partial w\big] = E\,J(\theta)$ ($E$ evaluates forms) is an integer
  matrix. A $k \times k$ minor with determinant $\ne 0 \bmod p$ is $\ne 0$ over $\mathbb{Z}$, hence
  $\dim \ge \operatorname{rank} J(\theta) \ge k$ over $\mathbb{Q}$. The certificate carries the weights, inputs,
  the minor's rows/columns and $p$; the independent checker recomputes exactly those entries.
* **Upper bounds** (arithmetic, re-derived by the checker): ambient, parameters minus hidden widths, **cuts**
  at a hidden layer $\ell$: $\dim \mathcal{V}_{d} \le \dim \mathcal{V}_{(d_0..d_\ell)} + \dim \mathcal{V}_{(d_\ell..d_h)} - d_\ell$
  (the function is $G \circ \rho_r \circ q$ and the torus $(\mathbb{C}^*)^{d_\ell}$ acts on the pairs $(q, G)$), and the
  **quadric-output** bound for $r = 2$ with one output (below).

Published dimensions were computed modulo a prime at one random point (KTB's method); here they are certified:"""),
    new_code_cell(r"""for widths, r in [((2, 3, 3, 2, 1), 2), ((2, 2, 3, 4, 1), 2), ((3, 5, 1), 4), ((2, 3, 4, 5, 4, 6, 4, 1), 2),
                  ((2, 3, 7, 6, 15, 8, 1), 3)]:
    res = neurovariety_dimension(widths, r)
    certificates.append(res.certificate())
    print(f"{str(widths):28s} r={r}: dim {res.dimension:4d} ({res.status}), ambient {res.ambient:4d}, "
          f"expected {res.expected:4d}, defect {res.defect}, fills {res.fills}   [upper: {res.upper_data['rule']}]")"""),
    new_markdown_cell(r"""## 4. Why some architectures are defective

**A cut.** $d = (2, 2, 3, 4, 1)$, $r = 2$: the expected dimension is 9, the ambient one (binary forms of degree
$D = 2^3 = 8$ have 9 coefficients). The first layer is two linear forms $q = W_1 x$ (a 4-dimensional family); the
rest, $(2, 3, 4, 1)$, is a family of binary forms of degree 4 (at most 5 dimensions), composed with $\rho_2$; the
torus $(\mathbb{C}^*)^2$ rescales $q$ and the rest against each other: $4 + 5 - 2 = 7 < 9$. The derivation tree
in the certificate says exactly that:"""),
    new_code_cell(r"""value, tree = upper_bound((2, 2, 3, 4, 1), 2)
def show(node, indent=""):
    print(f"{indent}{tuple(node['widths'])}: {node['rule']} -> {node['value']}" + (f" (cut at layer {node['cut']})" if 'cut' in node else ""))
    for part in node.get("parts", []):
        show(part, indent + "    ")
show(tree)"""),
    new_markdown_cell(r"""**Quadrics.** For $r = 2$ and one output, $p = \sum_i v_i u_i^2 = u^\top \mathrm{diag}(v)\, u$ where $u$ runs over the
outputs of the network without its last layer. That family is stable under $u \mapsto g u$ ($g \in GL_m$), and
$(u, S) \mapsto u^\top S u$ is invariant under $(g u, g^{-\top} S g^{-1})$: when generic outputs are linearly
independent, $\dim \le \dim \mathcal{V}' - \binom{m}{2}$. Example: $(3, 9, 2, 1)$: the quartics that are sums of
two squares of ternary quadrics, $a q_1^2 + b q_2^2 = (\sqrt a q_1 + i \sqrt b q_2)(\sqrt a q_1 - i \sqrt b q_2)$,
i.e. products of two quadrics: $6 + 6 - 1 = 11$, not 12."""),
    new_code_cell(r"""res = neurovariety_dimension((3, 9, 2, 1), 2)
certificates.append(res.certificate())
print(res, "| upper rule:", res.upper_data["rule"])"""),
    new_markdown_cell(r"""## 5. A plot: equal widths, growing depth

For $d_0 = 2$, one output, $r = 2$ and equal hidden widths $w$, the certified dimension as a fraction of the
ambient dimension ($D + 1$ for binary forms of degree $D = 2^{h-1}$):"""),
    new_code_cell(r"""import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
fig, ax = plt.subplots(figsize=(6, 3.5))
for h in (2, 3, 4, 5):
    ws = list(range(1, 7))
    frac = []
    for w in ws:
        res = neurovariety_dimension((2,) + (w,) * (h - 1) + (1,), 2)
        assert res.status == "exact"
        frac.append(res.dimension / res.ambient)
    ax.plot(ws, frac, marker="o", label=f"depth {h} (ambient {ambient_dimension((2,) + (1,) * (h - 1) + (1,), 2)})")
ax.axhline(1, color="gray", lw=0.8)
ax.set_xlabel("hidden width w"); ax.set_ylabel("dim / ambient (certified)")
ax.set_title("d = (2, w, ..., w, 1), r = 2"); ax.legend(fontsize=8)
path = os.path.join(OUT, "fill.png"); fig.tight_layout(); fig.savefig(path, dpi=90); plt.close(fig)
display(Image(path))"""),
    new_markdown_cell(r"""## 6. Minimal filling architectures and the unimodality conjecture

Fix $d_0$, $d_h$, $r$ and the depth. Filling is monotone in the widths (a wider layer can copy a narrower one with
zero weights), so an architecture is **minimal filling** when it fills and lowering any single hidden width by one
gives an architecture that does not. KTB conjectured that minimal filling architectures have **unimodal** hidden
widths (increasing, then decreasing). Dao & Rodriguez (arXiv 2605.09609, 2026) found counterexamples with
modular computations, such as $(2,3,4,5,4,6,4,1)$ for $r = 2$. Here it is certified: the architecture fills (a
$65 \times 65$ minor), and each of its six one-smaller neighbours has a proved upper bound below 65."""),
    new_code_cell(r"""cert = minimal_filling_certificate((2, 3, 4, 5, 4, 6, 4, 1), 2)
certificates.append(cert)
print(cert.claim)
for part in cert.data["smaller"]:
    print(f"   neighbour {tuple(part['widths'])}: dim <= {part['upper']['value']} < ambient {part['ambient']}")"""),
    new_markdown_cell(r"""A small search (order: total hidden width, then lexicographic); every architecture in the box is decided by
the certified bounds:"""),
    new_code_cell(r"""for depth in (2, 3, 4, 5):
    s = minimal_filling_architectures(2, 1, 2, depth, 4)
    print(f"depth {depth}: minimal filling", [(2,) + m + (1,) for m in s.minimal], "undecided:", len(s.undecided))"""),
    new_markdown_cell(r"""**Why certify?** The published method is the rank modulo a prime at one random point: fast, and a lower bound
only for that point's reduction; no one can re-check it without redoing it. The certified bound costs about the
same (the same Jacobian, at an integer point), and the certificate is re-verified independently:"""),
    new_code_cell(r"""import time
for widths, r in [((2, 3, 4, 5, 4, 6, 4, 1), 2), ((2, 3, 7, 6, 15, 8, 1), 3)]:
    t0 = time.perf_counter(); rank = modular_jacobian_rank(widths, r); t1 = time.perf_counter()
    c = neurovariety_dimension(widths, r).certificate(); t2 = time.perf_counter(); c.check(); t3 = time.perf_counter()
    print(f"{widths}: modular rank {rank} in {t1 - t0:.3f} s; certified in {t2 - t1:.3f} s, re-checked in {t3 - t2:.3f} s")"""),
    new_markdown_cell(r"""## 7. Exercises

1. Compute by hand the ambient and expected dimensions of $d = (3, 3, 3, 1)$ with $r = 2$. Does it fill?
2. Show that $(2, 1, k, 1)$ never fills for $r = 2$ and depth 3, whatever $k$ (hint: cut at the bottleneck).
3. Find the minimal filling architectures of depth 3 with $d_0 = 2$, $d_h = 1$, $r = 3$.

### Solutions

1. $D = 4$, ambient $\binom{3 + 4 - 1}{4} = 15$; parameters $9 + 9 + 3 = 21$, minus 6 hidden widths: 15. The
   expected dimension is 15, but the architecture does **not** fill: the output is $u^\top \mathrm{diag}(v)\, u$ with
   $u$ three ternary quartics from $(3, 3, 3)$ (a family of dimension at most 15), and the $GL_3$ argument of
   section 4 takes away $\binom{3}{2} = 3$: the certified dimension is 12, a defect of 3."""),
    new_code_cell(r"""res = neurovariety_dimension((3, 3, 3, 1), 2)
certificates.append(res.certificate())
print(res)"""),
    new_markdown_cell(r"""2. Cutting at the width-1 layer: $\dim \le \dim \mathcal{V}_{(2,1)} + \dim \mathcal{V}_{(1,k,1)} - 1 = 2 + 1 - 1 = 2$
   (univariate forms of one degree form a line), while the ambient dimension is $D + 1 = 5$."""),
    new_code_cell(r"""for k in (1, 5, 20):
    res = neurovariety_dimension((2, 1, k, 1), 2)
    print((2, 1, k, 1), "dim", res.dimension, "ambient", res.ambient, "| upper:", res.upper_data["rule"])"""),
    new_markdown_cell(r"""3. With $r = 3$ and depth 3 the ambient dimension is $D + 1 = 10$ ($D = 9$); the search gives:"""),
    new_code_cell(r"""s = minimal_filling_architectures(2, 1, 3, 3, 5)
print([(2,) + m + (1,) for m in s.minimal], "undecided:", s.undecided)
for m in s.minimal:
    certificates.append(minimal_filling_certificate((2,) + m + (1,), 3))"""),
    new_markdown_cell(r"""## 8. Re-verify every certificate

`neurovariety-dimension`: the checker recomputes the minor's entries (network evaluation and backpropagation
modulo the prime, with its own code), its determinant, every rule of the upper-bound derivation and the
ambient/expected arithmetic. `minimal-filling`: the nested dimension certificate plus each neighbour's bound."""),
    new_code_cell(r"""for cert in certificates:
    cert.check()   # raises CertificateError if anything is wrong
print(f"VERIFIED: {len(certificates)} certificates re-checked by the independent checker")"""),
]


def build() -> None:
    import nbclient

    nb = new_notebook(cells=CELLS, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                            "language": "python"}})
    os.environ.setdefault("MPLBACKEND", "Agg")
    nbclient.NotebookClient(nb, timeout=300, kernel_name="python3").execute()
    nbformat.write(nb, HERE / "neurovarieties.ipynb")


if __name__ == "__main__":
    build()
