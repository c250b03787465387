"""Regenerate notebooks/linear_regions.ipynb from the cell sources below (outputs are not stored).

    python notebooks/_build_regions.py
"""

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).resolve().parent

CELLS = [
    new_markdown_cell(r"""# Counting linear regions exactly: why depth folds space

A ReLU (or maxout) network computes a **piecewise-linear** function. How many pieces can it have? Montufar,
Pascanu, Cho & Bengio (2014), *On the Number of Linear Regions of Deep Neural Networks*, showed that depth
multiplies the count while width only adds to it; Serra, Tjandraatmadja & Ramalingam (2018) sharpened the bounds.

This notebook counts regions **exactly** (rational arithmetic, every region with a rational interior point,
its activation pattern and its affine map) and compares the counts with the bounds:

1. activation regions vs linear regions;
2. one layer: hyperplane arrangements (Zaslavsky);
3. depth folds space: `|x|`, and the folding construction with its rescaling;
4. exact counts against the known bounds (theory.md 3, 5.4), including a bound that fails as quoted;
5. a 2-D picture;
6. why exact: sampling misses regions;
7. beyond ReLU: a small convolutional network with max-pooling, in 3-D;
8. certificates, re-verified by the independent checker.

Unit indices are 0-based; weight matrices are (out, in)."""),
    new_code_cell(r"""import os, tempfile
from fractions import Fraction
from IPython.display import Image, display
import exactnet
from exactnet.networks.pwl import Affine, ReLU, Abs, Maxout, PWLNetwork, relu_network
from exactnet.regions import Box, enumerate_regions, plot_regions
from exactnet.regions import bounds as B
from exactnet.regions import constructions as C
OUT = tempfile.mkdtemp()
certificates = []
print("exactnet", exactnet.__version__)"""),
    new_markdown_cell(r"""## 1. Activation regions and linear regions

* an **activation region** is the set of inputs with one activation pattern (which ReLUs are on), when it is
  full-dimensional (Serra et al., Def. 2);
* a **linear region** is a maximal connected set on which the function is one affine map (Montufar et al.).

Neighbouring activation regions can carry the same affine map (then they merge into one linear region), so
`linear <= activation`. The bounds below hold for both. Here `|x| = relu(x) + relu(-x)` on [-1, 1]:"""),
    new_code_cell(r"""absnet = relu_network([[[1], [-1]]], [[0, 0]], output_weights=[[1, 1]])
E = enumerate_regions(absnet, Box([-1], [1]))
print(E.summary())
for r in E.regions:
    print("  point", r.point, "pattern", r.pattern, "affine map", r.affine)"""),
    new_markdown_cell(r"""## 2. One hidden layer: an arrangement of hyperplanes

Each ReLU `max(0, w.x + b)` switches on the hyperplane `w.x + b = 0`. `n1` hyperplanes in general position cut
`R^n0` into exactly `sum_{j<=n0} C(n1, j)` pieces (Zaslavsky), and no arrangement does better. With n0 = 2:
4, 7, 11 for n1 = 2, 3, 4 (theory.md §6 row 23)."""),
    new_code_cell(r"""for n1 in (2, 3, 4):
    c = C.general_position_layer(2, n1)
    E = enumerate_regions(c.network, c.domain)
    print(f"n1 = {n1}: exact count {E.activation_regions}, Zaslavsky maximum {B.zaslavsky_max(2, n1)}")
    certificates.append(E.certificate())"""),
    new_markdown_cell(r"""## 3. Depth folds space

`y = |x|` maps both `[-1, 0]` and `[0, 1]` onto `[0, 1]`: it **folds** the line. Whatever a later layer does on
`[0, 1]` happens twice. Repeating, `|...||x| - 1| - 1/2| ...|` (one rank-2 maxout unit per layer,
`max(y - c, c - y) = |y - c|`) has `2^L` pieces with only L units; one layer of L ReLUs has at most L + 1."""),
    new_code_cell(r"""for L in (1, 2, 3, 4, 5):
    c = C.maxout_abs_folding(L)
    E = enumerate_regions(c.network, c.domain)
    print(f"L = {L}: {E.activation_regions} regions (2^L = {2 ** L}); one layer of {L} ReLUs: at most {L + 1}")
display(Image(plot_regions(E, os.path.join(OUT, "fold.png"))))"""),
    new_markdown_cell(r"""### The folding construction (Montufar et al., Theorem 4)

In each layer the units look at one input coordinate: `max(0, a y), max(0, 2a y - 1), ..., max(0, 2a y - (p-1))`,
and the next layer reads their alternating sum, which maps p intervals onto `[0, 1/2]`. The last layer cuts
`[0, 1/2]` into pieces, and every folded copy gets them all: at least
`prod_{l<L} floor(n_l/n0)^n0 * sum_{j<=n0} C(n_L, j)` regions.

**The rescaling matters** (theory.md 3.3): the image of a layer is `[0, 1/2]`, so the next layer must use
`a = p` (breakpoints at `k/(2p)`). Reusing the first layer's weights (`a = 1`) folds nothing more."""),
    new_code_cell(r"""print(f"{'widths':10s} {'exact count':>11s} {'Theorem 4':>10s} {'Serra UB':>9s}")
for ws in [(2, 2), (3, 3), (4, 4), (2, 2, 2), (2, 3, 4), (3, 3, 3), (4, 4, 4)]:
    c = C.montufar_folding(1, ws)
    E = enumerate_regions(c.network, c.domain)
    print(f"{str(ws):10s} {E.activation_regions:11d} {B.montufar2014_lower(1, ws):10d} {B.serra2018_upper(1, ws):9d}")
c = C.montufar_folding(1, (2, 2, 2), rescale=False)
print("(2, 2, 2) WITHOUT rescaling:", enumerate_regions(c.network, c.domain).activation_regions, "regions (< 12)")"""),
    new_markdown_cell(r"""### Deep vs shallow

The folding construction with widths (4, 4, 4) has 82 regions; one layer of 12 ReLUs on the line has at most 13.
With n0 inputs the deep count grows like `(n/n0)^{(L-1) n0} n^{n0}` (exponential in L) while one layer of
`L n` units stays `O((L n)^{n0})` (Corollary 5)."""),
    new_code_cell(r"""from exactnet.theorems.checks_regions import region_bound_certificate
dvs = region_bound_certificate(
    [{"label": "shallow_max", "name": "zaslavsky", "n0": 1, "widths": [12]}],
    construction=C.montufar_folding(1, (4, 4, 4)),
    relations=[{"left": "construction", "op": ">", "right": "shallow_max"}])
print(dvs.claim)
certificates.append(dvs)"""),
    new_markdown_cell(r"""## 4. Exact counts against the bounds

For one input and every width >= 3, Serra et al.'s Theorem 5 says the maximum is exactly `prod (n_l + 1)`; a
zig-zag construction (each layer folds its interval into n + 1 copies) reaches it. With width 2 in the first layer
the image of the line is a convex path of 3 pieces, which a line meets at most twice: widths (2, n2) reach only
`3 + 2 n2` (7 for (2, 2), while Theorem 1 allows 9). Each `region-bound` certificate below carries the exact count
of an explicit network; when it meets an upper bound, the maximum is determined."""),
    new_code_cell(r"""cases = [((3, 3), C.serra_n0_1((3, 3))), ((3, 3, 3), C.serra_n0_1((3, 3, 3))),
         ((2, 2), C.convex_path_construction(2)), ((2, 3), C.convex_path_construction(3))]
for ws, c in cases:
    bounds = [{"label": "serra_upper", "name": "serra2018-thm1", "n0": 1, "widths": list(ws)}]
    if ws[0] == 2:
        bounds.append({"label": "path_upper", "name": "relu-width2-path", "n0": 1, "widths": list(ws)})
    cert = region_bound_certificate(bounds, construction=c)
    facts = cert.check().facts
    print(f"widths {ws}: Serra UB {B.serra2018_upper(1, ws)}, construction {facts['construction_regions']}, "
          f"maximum = {facts.get('maximum')}")
    certificates.append(cert)"""),
    new_markdown_cell(r"""### A bound that cannot hold as quoted (theory.md 3.4)

Montufar et al.'s Theorem 8 is often quoted as: a maxout network of L layers of width n0 and rank k has at least
`k^(L+n0-1)` regions for suitable weights. For n0 = 1, k = 3, L = 2 that is 9. But a maxout unit is **convex**:
a width-1 layer folds at most two points together, so such a network has at most `1 + (k-1)(2^L - 1) = 7`
regions, and explicit weights reach 7. The exact computation is the referee: the statement needs a hypothesis
that excludes n0 = 1 with k >= 3."""),
    new_code_cell(r"""c = C.maxout_line_construction(3)
cert = region_bound_certificate([{"label": "line_upper", "name": "maxout-width1-line", "n0": 1, "widths": [1, 1],
                                  "k": 3}], construction=c)
print("maximum:", cert.check().facts["maximum"], " Theorem 8 as quoted:",
      B.montufar2014_maxout_lower(1, 2, 3, allow_refuted=True))
certificates.append(cert)"""),
    new_markdown_cell(r"""## 5. A 2-D picture: folding the quadrants

The four ReLUs `max(0, ±x1), max(0, ±x2)` recombine into `(|x1|, |x2|)`, which folds the four quadrants onto one;
three lines of the second layer are then replicated in each quadrant: 4 x 7 = 28 activation regions. In the four
copies of the cell where every second-layer unit is off, the output is 0: they meet at the axes and merge into one
linear region, so there are 25 linear regions."""),
    new_code_cell(r"""c = C.quadrant_folding(3)
E = enumerate_regions(c.network, c.domain)
print(E.summary())
certificates.append(E.certificate())
display(Image(plot_regions(E, os.path.join(OUT, "quadrants.png"))))"""),
    new_markdown_cell(r"""## 6. Why exact: sampling misses regions

Counting activation patterns on a grid of sample points (what a float-based tool does) can only find fewer
regions. The (4, 4, 4) zig-zag network has 125 regions, many of them tiny:"""),
    new_code_cell(r"""c = C.serra_n0_1((4, 4, 4))
lo, hi = c.domain.lower[0], c.domain.upper[0]
for samples in (50, 200, 1000):
    pats = {c.network.pattern([lo + (hi - lo) * Fraction(2 * i + 1, 2 * samples)]) for i in range(samples)}
    print(f"{samples:5d} samples: {len(pats)} patterns seen")
print("exact:", enumerate_regions(c.network, c.domain).activation_regions)"""),
    new_markdown_cell(r"""## 7. Beyond ReLU: a small convolutional network in 3-D

A convolution is an affine map with a Toeplitz matrix, and max-pooling is a maximum over index groups, so a
convolutional PWL network is an ordinary `PWLNetwork`: `conv_affine(kernel, input_shape)` builds the `Affine`
layer (kernel `(C_out, C_in, k)`, vectors flattened channel-major, 0-based) and `max_pool_layer(shape, window)`
the `MaxPool`. On a length-3 signal the input is 3-D, so the general path counts the regions with exact LPs
(its certificate proves each region; completeness by areas is only certified in 1-D and 2-D)."""),
    new_code_cell(r"""from exactnet.networks.pwl import conv_affine, max_pool_layer
conv = PWLNetwork(3, [conv_affine([[[1, -1]], [[1, 1]]], (1, 3), bias=[0, Fraction(-1, 2)]), ReLU(),
                      max_pool_layer((2, 2), 2), Affine([[1, -1]], [0])])
E = enumerate_regions(conv, Box([-1] * 3, [1] * 3))
print(E.summary())
certificates.append(E.certificate())"""),
    new_markdown_cell(r"""## 8. Re-verify every certificate

`linear-regions` certificates: the checker re-evaluates the network at every region's point with its own
evaluator (pattern, affine map, strict interiority) and, in 1-D/2-D, checks that the exact lengths/areas sum to
the domain's. `region-bound` certificates: the checker recomputes every bound formula with its own code and
checks the attached construction."""),
    new_code_cell(r"""for cert in certificates:
    cert.check()   # raises CertificateError if anything is wrong
print(f"VERIFIED: {len(certificates)} certificates re-checked by the independent checker")"""),
]


def build() -> None:
    nb = new_notebook(cells=CELLS, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                            "language": "python"}})
    nbformat.write(nb, HERE / "linear_regions.ipynb")


if __name__ == "__main__":
    build()
