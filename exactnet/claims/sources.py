"""The data of the claims library: publications, and for every built-in claim its citation, the
argument by which its certificate proves it, and the findings where a certified value differs from a
published statement.  Plain data; :mod:`exactnet.claims` joins it with the registered checks.
"""

from __future__ import annotations

from ._types import Citation, Finding, Publication

__all__ = ["PUBLICATIONS", "META", "GENERIC_RANKS", "REGION_COUNTS"]

_P = [
    Publication("csh2016", "Cohen, Sharir & Shashua", "On the Expressive Power of Deep Learning: A Tensor Analysis",
                "COLT", 2016, "1509.05009"),
    Publication("cs2016", "Cohen & Shashua", "Convolutional Rectifier Networks as Generalized Tensor Decompositions",
                "ICML", 2016, "1603.00162"),
    Publication("cs2017", "Cohen & Shashua", "Inductive Bias of Deep Convolutional Networks through Pooling Geometry",
                "ICLR", 2017, "1605.06743"),
    Publication("ss2018", "Sharir & Shashua", "On the Expressive Power of Overlapping Architectures of Deep Learning",
                "ICLR", 2018, "1703.02065"),
    Publication("mpcb2014", "Montufar, Pascanu, Cho & Bengio", "On the Number of Linear Regions of Deep Neural Networks",
                "NeurIPS", 2014, "1402.1869"),
    Publication("str2018", "Serra, Tjandraatmadja & Ramalingam",
                "Bounding and Counting Linear Regions of Deep Neural Networks", "ICML", 2018, "1711.02114"),
    Publication("kno2018", "Khrulkov, Novikov & Oseledets", "Expressive Power of Recurrent Neural Networks",
                "ICLR", 2018, "1711.00811"),
    Publication("ktb2019", "Kileel, Trager & Bruna", "On the Expressive Power of Deep Polynomial Neural Networks",
                "NeurIPS", 2019, "1905.12207"),
    Publication("bbk2019", "Bentkamp, Blanchette & Klakow", "A Formal Proof of the Expressiveness of Deep Learning",
                "ITP 2017; J. Automated Reasoning 63 (2019); Isabelle AFP entry Deep_Learning", 2019),
    Publication("zas1975", "Zaslavsky", "Facing up to Arrangements: Face-Count Formulas for Partitions of Space by "
                "Hyperplanes", "Memoirs of the AMS 154", 1975),
    Publication("ah1995", "Alexander & Hirschowitz", "Polynomial Interpolation in Several Variables",
                "J. Algebraic Geometry 4", 1995),
    Publication("dr2026", "Dao & Rodriguez", "Minimal Filling Architectures of Polynomial Neural Networks: "
                "Counterexamples, Frontier Search, and Defects", "preprint", 2026, "2605.09609"),
    Publication("pmb2014", "Pascanu, Montufar & Bengio", "On the Number of Response Regions of Deep Feed Forward "
                "Networks with Piece-wise Linear Activations", "ICLR", 2014, "1312.6098"),
]
PUBLICATIONS = {p.key: p for p in _P}


def _pub(key: str, where: str = "") -> Citation:
    return Citation("published", PUBLICATIONS[key], where)


def _derived(derivation: str, key: str | None = None, where: str = "") -> Citation:
    return Citation("derived here", PUBLICATIONS[key] if key else None, where, derivation)


#: the long forms of these two arguments are on docs/claims.md ("How certificates prove claims")
_GENERIC = "A generic-rank certificate: a witness minor for the lower bound, a span argument for the upper."
_REGIONS = "An exact region count: the checker recomputes every piece of the network with its own arithmetic."

GENERIC_RANKS = ("A generic-rank certificate holds a witness weight setting and a non-singular R x R minor of its "
                 "matricization. Every entry of the matricization is a polynomial in the weights, so that minor is a "
                 "non-zero polynomial and rank >= R outside its zero set, a set of measure zero. The upper bound is "
                 "a structural argument the checker recomputes (the column space lies in a span of the stated "
                 "dimension). Together they give the rank for almost every weight setting.")
REGION_COUNTS = ("A region certificate holds the network with exact rational weights; the checker recomputes every "
                 "breakpoint on R (or every cell of the arrangement in R^2) and the activation pattern on each "
                 "piece, so the count is exact; the bounds are integer formulas it re-evaluates.")

META: dict = {
    "csh2016-thm1": dict(
        cite=_pub("csh2016", "Theorem 1 (machine-checked by Bentkamp, Blanchette & Klakow 2019)"),
        argument=_GENERIC + " Here the witness is Bentkamp's (identity, all-ones, copy-first) and the upper "
        "bound is that every mode's vectors span at most min(r_0, M) dimensions. Since rank <= CP-rank <= Z "
        "for a shallow network, the shallow width bound follows."),
    "csh2016-shallow-cp": dict(
        cite=Citation("folklore", None, "rank of a matricization <= CP-rank (e.g. Khrulkov, Novikov & "
                      "Oseledets 2018, Lemma 1)"),
        argument="Each of the Z terms of a shallow network is an outer product, whose matricization has rank "
        "one; rank is subadditive, so rank <= Z for every partition and every weight setting. A witness with a "
        "non-singular Z x Z minor certifies equality for almost every weight setting."),
    "csh2016-low-high": dict(
        cite=_derived("The low/high matricization of the top node is sum over alpha <= r_top of "
                      "a_alpha vec(phi_left,alpha) vec(phi_right,alpha)^T, so its rank is at most r_top; "
                      "recursively, the span of each node's tensors has dimension at most "
                      "min(r_l, product of its children's spans), which for N = 4 gives min(r_0, r_1, M^2). A "
                      "witness weight setting reaching that value proves it is the generic rank.",
                      "csh2016", "the low/high partition"),
        argument=_GENERIC),
    "csh2016-depth-lc": dict(
        cite=_pub("csh2016", "generalization of Theorem 1 from deep vs shallow to depth L vs depth L_c"),
        argument=_GENERIC + " The span recursion D_0 = min(r_0, M), D_l = min(r_l, r_{l-1}, D_{l-1}^2) bounds "
        "each block's span; the certified rank D^(N/2^Lc) is at least min(r_0, M)^(N/2^Lc), the published form "
        "of the lower bound, and strictly above it once Lc >= 3.",
        findings={n: Finding("sharper-than-published", PUBLICATIONS["csh2016"],
                             "depth L vs L_c lower bound min(r_0, M)^(N/2^Lc)")
                  for n in ("N8_M2_Lc3_r2-4-4", "N16_M2_Lc3_r2-4-4-4")}),
    "cs2017-quad-tree": dict(
        cite=_pub("cs2017", "Theorem 1 and section 6 (size-4 pooling windows)"),
        argument=_GENERIC + " With shared weights the level-1 tensors lie in the symmetric square Sym^2 of "
        "R^M, of dimension M(M+1)/2, which caps the span and explains 81 instead of 256."),
    "csh2016-shared-shallow": dict(
        cite=_derived("A shared shallow ConvAC computes sum_z a_z (x)^N a^z, a sum of symmetric tensors, hence a "
                      "symmetric tensor; e_0 (x) e_1 is not symmetric, so no width realizes it.",
                      "cs2017", "notes on universality and sharing"),
        argument="The certificate states the target tensor and one pair of entries that a symmetric tensor "
        "would have equal; the checker reads both entries and sees they differ."),
    "csh2016-size": dict(
        cite=_derived("A shared deep ConvAC has M r_0 + sum_l r_{l-1} r_l + r_top weights (14 for N = 8, M = 2, "
                      "r_l = 2), an unshared shallow one N M Z + Z; Theorem 1 forces Z >= min(r_0, M)^(N/2) = 16, "
                      "hence at least 272 weights.", "csh2016", "Theorem 1"),
        argument="The certificate combines, by named rules about one architecture, the Theorem 1 generic rank "
        "(which forces the shallow width) with the weight counts; the kernel verifies the rank and recomputes the counts."),
    "bentkamp-witness": dict(
        cite=_pub("bbk2019", "lemma witness_tensor"),
        argument="The certificate holds the witness network; the checker evaluates its coefficient tensor "
        "entry by entry against the stated formula and certifies the rank of its odd-even matricization with "
        "a non-singular minor and a matching upper bound."),
    "cs2016-universality": dict(
        cite=_pub("cs2016", "universality of ReLU networks with max pooling (abstract and section 4)"),
        argument="The certificate holds an explicit network (the all-ones term minus one mismatch term per "
        "non-zero entry); the checker evaluates the network on every template tuple with its own forward pass "
        "and compares the grid tensor with the target, entry by entry."),
    "cs2016-average-pooling": dict(
        cite=_pub("cs2016", "non-universality of ReLU networks with average pooling (abstract and section 4)"),
        argument="A realizable grid tensor is a sum of functions of the root's blocks. For a non-realizable "
        "target the certificate gives a rational functional that vanishes on every such sum but not on the "
        "target (or a matricization whose rank exceeds the bound); for a realizable one, an explicit network "
        "the checker evaluates."),
    "cs2016-average-rank": dict(
        cite=_derived("With g(a, b) = max(a, 0) + max(b, 0) a shallow term is sum_i u_i(d_i), whose every "
                      "matricization has rank <= 2 (the all-ones vector and one more); a deep net over a binary "
                      "tree is B(d_low) + C(d_high), so its low/high rank is <= 2.", "cs2016", "non-universality of average pooling"),
        argument="The certificate certifies the exact rank of a random network's matricization (a non-singular "
        "minor and a row-space basis the checker verifies)."),
    "cs2016-max-depth-efficiency": dict(
        cite=_derived("The shared deep ReLU + max network with widths M + 1, 2, ... computes mismatch "
                      "indicators that compose under max pooling; its grid tensor is prod_k delta(d_2k, d_2k+1), "
                      "of odd-even rank M^(N/2). A shallow term has rank <= 1 + (M-1) N/2, so a shallow network "
                      "needs Z >= M^(N/2) / (1 + (M-1) N/2).", "cs2016", "depth efficiency with max pooling"),
        argument="The checker evaluates the deep network on every template tuple, certifies the rank of the "
        "grid tensor's matricization, and recomputes the width the per-term bound forces."),
    "cs2016-max-shallow-bound": dict(
        cite=_derived("In one term with g = max(a, b, 0), rows with equal max(U, 0) are equal; U is a maximum "
                      "of entries from |I| vectors, and counting the values it can take gives at most "
                      "1 + (M-1) min(|I|, |J|) distinct rows up to the zero pattern; interleaved witness vectors "
                      "reach it. The weaker bound 1 + M N/2 follows.", "cs2016",
                      "depth efficiency is weaker with rectifier networks"),
        argument="The bound certificate is arithmetic the checker redoes; the maximum is certified by a witness "
        "term whose matricization rank the checker verifies.",
        expected={"N4_M3_term-max": 5, "N8_M2_term-max": 5}),
    "cs2016-incompleteness": dict(
        cite=_pub("cs2016", "depth efficiency of rectifier networks is not complete"),
        argument="The certificate holds an open box of weights (rational intervals). Inputs to conv layer 1 "
        "are pooled ReLU outputs, hence >= 0; with every conv-1 weight negative each conv-1 output is <= 0 and "
        "the ReLU zeroes it. The checker verifies these signs over the closed box, weight by weight, and that "
        "a node whose children are all zero pools 0, up to the output."),
    "cs2016-relu-templates": dict(
        cite=_derived("f_d(x) = max(x - t_d + eps, 0) with 0 < eps < the least gap between templates gives "
                      "F_id = max(t_i - t_d + eps, 0): zero above the diagonal, eps on it, so det F = eps^M.",
                      "cs2016", "invertible representation matrix"),
        argument="The checker recomputes F from the templates and its determinant exactly."),
    "cs2016-generalized-grid-tensor": dict(
        cite=_pub("cs2016", "generalized CP and HT decompositions (definitions)"),
        argument="The checker evaluates the network on every tuple of templates with its own forward pass and "
        "compares with the tensor given by the generalized decomposition, entry by entry."),
    "cs2016-compare": dict(
        cite=_derived("Product and max pooling realize every unit target with a shallow network (the explicit "
                      "constructions of the universality claims); average pooling does not (a vanishing "
                      "functional); the deep max network's rank and the shallow widths it forces are computed as "
                      "in the depth-efficiency claims.", "cs2016", "the comparison of pooling operators"),
        argument="One certificate holds every figure of the table; the checker verifies each part as it would "
        "verify the corresponding single certificate."),
    "montufar2014-folding": dict(
        cite=_pub("mpcb2014", "Theorem 4 and its folding construction (section 3)"),
        argument=_REGIONS + " The construction folds p = floor(n_i/n0) pieces onto one per layer; the next "
        "layer must be rescaled to fold the image again, which the unscaled instance shows."),
    "montufar2014-deep-vs-shallow": dict(
        cite=_pub("mpcb2014", "Corollary 5, with Zaslavsky's one-layer maximum"),
        argument=_REGIONS + " One hidden layer with the same number of units has at most sum_{j<=n0} C(N, j) "
        "regions (Zaslavsky), an integer the checker recomputes."),
    "montufar2014-folding-n0-2": dict(
        cite=_pub("mpcb2014", "Theorem 4 and Corollary 5 with two inputs"),
        argument=_REGIONS),
    "zaslavsky-one-layer": dict(
        cite=_pub("zas1975", "face count of a hyperplane arrangement (restated in Serra, Tjandraatmadja & "
                  "Ramalingam 2018, section 3.1)"),
        argument=_REGIONS + " The upper bound is Zaslavsky's count for hyperplanes in general position."),
    "serra2018-n0-1": dict(
        cite=_pub("str2018", "Theorems 1 and 5 (one input)"),
        argument=_REGIONS + " An explicit network reaching the least applicable upper bound proves the bound is "
        "the maximum; for widths (2, n2) the bound 3 + 2 n2 comes from convexity of each unit's path."),
    "montufar2014-maxout": dict(
        cite=_pub("mpcb2014", "Theorem 8 (maxout networks)"),
        argument=_REGIONS + " A maxout unit is convex, so on a line the preimage of a point at most doubles per "
        "layer: a width-1 rank-k network on R has at most 1 + (k-1)(2^L - 1) regions, and explicit weights "
        "reach it. For k = 2 this equals k^(L+n0-1); for k >= 3 it is smaller.",
        findings={"k3_L2_theorem8-as-quoted": Finding(
            "contradicts-published", PUBLICATIONS["mpcb2014"],
            "Theorem 8 as commonly quoted (a rank-k maxout network with L layers of width n0 has k^(L+n0-1) "
            "regions), at n0 = 1, k = 3, L = 2")}),
    "serra2018-bounds": dict(
        cite=_pub("str2018", "Theorems 1 and 6 and section 3.1; with Montufar et al. 2014, Theorem 4"),
        argument="Every bound is an exact integer formula; the checker re-evaluates each and the stated "
        "comparisons."),
    "cs2017-thm1-bounds": dict(
        cite=_pub("cs2017", "Theorem 1 (lower bound min(r_0, M)^S and the c^{l,k} upper bound recursion)"),
        argument=_GENERIC + " The certified rank entails both Theorem-1 bounds, which the check compares with it (lower <= rank <= upper)."),
    "cs2017-geometry": dict(
        cite=_pub("cs2017", "section 6 (pooling geometry) and Theorem 1"),
        argument=_GENERIC + " Which partition splits many pooling windows decides the rank."),
    "cs2017-structured-n64": dict(
        cite=_pub("csh2016", "Theorem 1 and the low/high and block partitions, at scale"),
        argument="The grid tensor (4^64 entries) is never formed: the lower bound is a Kronecker product of "
        "small certified minors (rank is multiplicative under Kronecker products) and the upper bound is the "
        "span recursion; the checker verifies both."),
    "ss2018-toy": dict(
        cite=_derived("A 1-D generalized-convolution ConvAC: each layer multiplies R linear forms of a window "
                      "of its input at stride S; with one-hot templates and shared weights, overlapping windows "
                      "(S < R) let a node read both sides of the left/right cut, which a non-overlapping tree "
                      "cannot; generic ranks are computed for small N.", "ss2018",
                      "overlapping receptive fields (a small model of our own, not the paper's)"),
        title="Overlapping GC ConvACs (a small 1-D model): left/right and odd/even generic ranks",
        argument=_GENERIC),
    "kno2018-thm1": dict(
        cite=_pub("kno2018", "Theorem 1"),
        argument=_GENERIC + " The witness is the paper's TT-core witness; the upper bound is the train's cut."),
    "kno2018-thm1-sharpened": dict(
        cite=_pub("kno2018", "Theorem 1 (bound min(n, r)^(d/2))"),
        argument=_GENERIC + " The upper bound is the minimum cut of the train, n^(d/2-1) r, which a witness "
        "reaches; for n > r it exceeds the published bound (a sharper statement, consistent with it)."),
    "kno2018-thm1-odd-d": dict(
        cite=_derived("For odd d one side of every partition has at most floor(d/2) modes, so no matricization "
                      "certifies more than n^floor(d/2); the paper's witness restricted to floor(d/2) pairs "
                      "reaches min(n, r)^floor(d/2).", "kno2018", "Theorem 1 (stated for even d)"),
        argument=_GENERIC),
    "kno2018-ht-to-tt": dict(
        cite=_pub("kno2018", "Theorem 2 (after Grasedyck 2010): HT ranks <= r give TT ranks <= r^(log2(d)/2)"),
        argument=_GENERIC + " For d = 8 the unfolding at k = 3 cuts two bonds of the tree, so its generic rank "
        "is r^2, above r^(log2(8)/2) = r^1.5.",
        findings={"d8_n2_r2_k3": Finding(
            "contradicts-published", PUBLICATIONS["kno2018"],
            "Theorem 2 as stated, TT ranks <= r^(log2(d)/2) for HT ranks r (2^1.5, integer part 2, at d = 8)")}),
    "kno2018-tt-to-ht": dict(
        cite=_pub("kno2018", "Theorem 2 (after Grasedyck 2010): TT ranks <= r give HT ranks <= r^2"),
        argument=_GENERIC + " A binary-tree node's block cuts two bonds of the train, so its rank is at most "
        "r^2, which a witness reaches."),
    # polynomial networks (registered by exactnet.theorems._checks_polynomial)
    "ktb2019-neurovariety-dimension": dict(
        cite=_pub("ktb2019", "section 3 (dimension of the neurovariety; the parameter-count bound)"),
        argument="A neurovariety_dimension certificate holds an integer weight point and a non-singular minor of "
        "the Jacobian of the map from weights to outputs at integer inputs (a lower bound on the dimension over Q), "
        "whose entries the kernel recomputes, and a derivation of the upper bound (ambient dimension, parameters "
        "minus hidden widths, cuts, the quadric bound) that the kernel re-derives rule by rule."),
    "ktb2019-shallow-ah": dict(
        cite=_pub("ah1995", "the secant varieties of Veronese varieties (the shallow case of Kileel, Trager & "
                  "Bruna 2019, section 3)"),
        argument="The lower bound is a Jacobian minor the kernel recomputes; the upper bound is the expected "
        "dimension, or, in the exceptional cases, the cited theorem."),
    "dr2026-minimal-filling": dict(
        cite=_pub("dr2026", "the tables of minimal filling architectures (d_0 = 2, d_h = 1)"),
        argument="A minimal_filling certificate holds a full-size Jacobian minor (the architecture fills) and, "
        "for each one-smaller neighbour, a certified upper bound below the ambient dimension; filling is "
        "monotone in the widths, so no smaller architecture fills."),
    "ktb2019-unimodal-conjecture": dict(
        cite=_pub("ktb2019", "the conjecture that minimal filling architectures have unimodal widths"),
        argument="Each instance certifies a minimal filling architecture (as in dr2026-minimal-filling); the "
        "check reads its widths, so a certified non-unimodal one is a counterexample.",
        findings={n: Finding("contradicts-published", PUBLICATIONS["ktb2019"],
                             "the conjecture that every minimal filling architecture has unimodal hidden widths")
                  for n in ("w2-3-4-5-4-6-4-1_r2", "w2-3-7-6-15-8-1_r3")}),
}
