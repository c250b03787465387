"""The built-in library of conjectures: each one's expected outcome, re-found from scratch by search.

Refuted statements are searched exhaustively from an empty store (nothing is read from stored instances): the
first counterexample in size order is the expected one, its certificate passes the kernel, and every earlier
instance was checked and holds.  True statements hold on every instance up to their stated size (heavier sizes are
``slow``).  Independent oracles: the span recursion for the depth-L_c ranks, SymPy's rank of the dense matricization
for the overlapping network, the per-term bound formula for max pooling.
"""

from __future__ import annotations

import copy
import re

import pytest

from exactnet.claims.sources import PUBLICATIONS
from exactnet.conjectures import Conjecture, claim, library, load_conjecture, search
from exactnet.conjectures import _library as L
from exactnet.core.certificate import Certificate
from exactnet.errors import CertificateError

LIB = {c.name: c for c in library()}
REFUTED = [c for c in library() if c.expected[0] == "refuted"]
TRUE = [c for c in library() if c.expected[0] == "holds-up-to"]


def _plain(inst: dict) -> dict:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in inst.items()}


# ---------------------------------------------------------------------------------------------- the values
def test_the_library_has_the_four_refuted_statements_and_several_true_ones():
    assert {"depth-lc-closed-form", "maxout-theorem8-n0-1", "overlap-naive-min-cut",
            "maxpool-observed-maxima"} <= {c.name for c in REFUTED}
    assert len(TRUE) >= 4
    assert len(LIB) == len(library()), "names are unique"


@pytest.mark.parametrize("conj", library(), ids=lambda c: c.name)
def test_every_conjecture_states_its_source_expectation_and_defaults(conj):
    assert isinstance(conj, Conjecture) and conj.statement.endswith(".")
    pubs = [p for p in PUBLICATIONS.values() if p.reference() in conj.source]
    assert len(pubs) == 1, f"{conj.name} cites one publication of the claims library"
    assert pubs[0].arxiv and f"arXiv:{pubs[0].arxiv}" in conj.source and str(pubs[0].year) in conj.source
    assert conj.source.split("; ", 1)[1], "and the place in it (a theorem, a section)"
    kind, what = conj.expected
    assert kind in ("refuted", "holds-up-to") and conj.strategy == "exhaustive" and conj.max_size
    if kind == "refuted":
        assert set(what) == set(conj.space.names) and conj.space.contains(
            {k: tuple(v) if isinstance(v, list) else v for k, v in what.items()})
    else:
        assert what == conj.max_size
    assert load_conjecture(conj.name).name == conj.name


# ---------------------------------------------------------------------------------------------- expected outcomes
FAST = ["depth-lc-closed-form", "maxout-theorem8-n0-1", "overlap-naive-min-cut", "maxpool-observed-maxima",
        "kno2018-ht-to-tt",
        "csh2016-theorem1", "serra2018-bound-reached-n0-1", "ktb2019-dimension-le-parameters"]


def _assert_expected(conj: Conjecture, res, max_size=None) -> None:
    kind, what = conj.expected
    if kind == "refuted":
        assert res.status == "refuted", res.report()
        assert _plain(res.counterexample) == what
        assert res.minimality.level == "minimal-in-size-order"
        assert res.check().verdict == "valid"  # the kernel re-checks the counterexample's certificate
        assert res.counts["refuted"] == 1 and res.counts["holds"] == res.checked - 1, "every earlier instance holds"
        assert not res.potential and not res.errors
    else:
        assert res.status == "holds-up-to", res.report()
        assert res.size_searched == (max_size or what) and res.counterexample is None
        assert res.counts["holds"] == res.checked > 0 and not res.errors


@pytest.mark.parametrize("name", FAST)
def test_expected_outcome_refound_from_scratch(name):
    conj = LIB[name]
    _assert_expected(conj, search(conj, progress=False))


@pytest.mark.parametrize("name, max_size", [("csh2016-low-high-n4", 10), ("tt-rank-min-cut", 9)])
def test_true_statements_hold_at_a_smaller_size(name, max_size):
    conj = LIB[name]
    res = search(conj, max_size=max_size, progress=False)
    _assert_expected(conj, res, max_size)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(set(LIB) - set(FAST)))
def test_expected_outcome_at_the_default_size(name):
    conj = LIB[name]
    _assert_expected(conj, search(conj, progress=False))


@pytest.mark.slow
@pytest.mark.parametrize("name, max_size", [("csh2016-theorem1", 20), ("csh2016-low-high-n4", 23),
                                            ("serra2018-bound-reached-n0-1", 15), ("tt-rank-min-cut", 14),
                                            ("ktb2019-dimension-le-parameters", 14)])
def test_true_statements_hold_further(name, max_size):
    conj = LIB[name]
    _assert_expected(conj, search(conj, max_size=max_size, progress=False), max_size)


@pytest.mark.slow
@pytest.mark.parametrize("conj", REFUTED, ids=lambda c: c.name)
def test_refuted_statements_give_the_same_counterexample_with_two_workers(conj):
    res = search(conj, workers=2, progress=False)
    assert res.status == "refuted" and _plain(res.counterexample) == conj.expected[1]


# ---------------------------------------------------------------------------------------------- the evidence
def test_depth_lc_certified_ranks_follow_the_span_recursion_not_the_closed_form():
    """Oracle: the span recursion D_l = min(r_l, r_(l-1), D_(l-1)^2) of the structural bounds."""
    from exactnet.theorems.bounds import depth_lc_dimension

    for N, M, ws, Lc in [(8, 2, (2, 3, 3), 3), (8, 2, (2, 4, 4), 3), (8, 3, (3, 3, 3), 2), (4, 2, (2, 3), 2)]:
        res, rel, closed = L.evidence_depth_lc(N, M, ws, Lc)[0]
        assert res.check().verdict == "valid" and res.status == "almost-everywhere"
        assert res.value == depth_lc_dimension(M, ws, Lc) ** (N // 2 ** Lc)
        assert (res.value == closed) == (Lc <= 2)
    assert L.depth_lc_closed_form(8, 2, (2, 4, 4), 3) == 2


def test_naive_cut_reproduces_the_documented_gap_and_the_rank_is_the_dense_rank():
    """The N = 5 network of the cut-recursion guide (naive cut 4, rank 6), and the library's smaller one, whose
    rank SymPy recomputes from the dense matricization."""
    import sympy

    from exactnet.networks.gcconvac import GCConvAC
    from exactnet.tensors import Partition, matricize

    net = GCConvAC.random((5,), 3, [(2, 1, 2), (2, 1, 2), (2, 1, 1), (2, 1, 1)], seed=1, low=1, high=30)
    assert L.naive_channel_copy_cut(net, [0, 1, 2]) == 4
    res, rel, cut = L.evidence_naive_min_cut(4, 3, (2, 1, 1), 2, 1)[0]
    assert (res.value, res.status, rel, cut) == (3, "exact", "<=", 2)
    small = GCConvAC.random((4,), 3, [(2, 1, 2), (2, 1, 1), (2, 1, 1)], seed=1, low=1, high=30)
    A = matricize(small.grid_tensor(output=0), Partition.from_rows([0, 1], 4))
    assert sympy.Matrix(A.tolist_str()).applyfunc(sympy.Rational).rank() == 3
    assert res.check().verdict == "valid"
    # non-overlapping windows (stride 2): the naive cut is a bound there
    tree = GCConvAC.random((4,), 3, [(2, 2, 2), (2, 2, 1)], seed=1, low=1, high=30)
    from exactnet.certificates.ranks import network_rank

    assert network_rank(tree, Partition.from_rows([0, 1], 4)).value <= L.naive_channel_copy_cut(tree, [0, 1])


def test_ht_to_tt_ranks_follow_the_ceiling_not_the_printed_exponent():
    """Oracle: r^ceil(log2(d)/2), the largest unfolding rank, and the dense rank of one HT network at d = 8."""
    from exactnet.networks import DeepConvAC
    from exactnet.tensors import Partition, PoolingTree, matricize
    from exactnet.core.linalg import rank
    from exactnet.theorems.tt import ht_to_tt_rank_formula

    ranks = [L.evidence_ht_to_tt(8, 2, 2, k)[0][0] for k in range(1, 8)]
    assert [r.value for r in ranks] == [2, 2, 4, 2, 4, 2, 2]
    assert max(r.value for r in ranks) == ht_to_tt_rank_formula(8, 2)
    assert all(r.status == "almost-everywhere" and r.check().verdict == "valid" for r in ranks)
    assert L.ht_to_tt_printed_bound(8, 2) == 2 < 4 and L.ht_to_tt_printed_bound(16, 3) == 9
    net = DeepConvAC.random(PoolingTree.binary(8), 2, (2, 2, 2), seed=0)
    assert rank(matricize(net.grid_tensor(output=0), Partition.from_rows((0, 1, 2), 8))).rank <= 4


def test_maxout_and_max_pooling_evidence():
    from exactnet.regions.bounds import maxout_width1_line_upper

    for k, L_ in [(3, 2), (4, 2), (3, 3)]:
        res, rel, want = L.evidence_maxout_theorem8(k, L_)[0]
        assert res.value == maxout_width1_line_upper(k, L_) == 1 + (k - 1) * (2 ** L_ - 1) < want == k ** L_
        assert claim(res, rel, want).outcome == "refuted"
    res, rel, want = L.evidence_maxout_theorem8(2, 3)[0]
    assert claim(res, rel, want).outcome == "holds"  # an explicit network with 8 regions
    for (N, M), seen in L.OBSERVED_MAXIMA.items():
        res, rel, want = L.evidence_observed_maxima(N, M)[0]
        assert res.value == 1 + (M - 1) * N // 2 > seen == want and res.check().verdict == "valid"


def test_a_tampered_certificate_is_only_a_potential_counterexample():
    """The refutation rests on the kernel's check: the same numbers with a broken certificate refute nothing."""
    res, rel, want = L.evidence_maxout_theorem8(3, 2)[0]
    d = res.to_dict()
    bad = copy.deepcopy(d)
    bad["proposition"]["value"] = 5  # claims fewer regions than the bound the kernel recomputes
    forged = Certificate.from_dict(bad)
    with pytest.raises(CertificateError):
        forged.check()
    assert claim(forged, rel, want).outcome == "potential"
    res, rel, cut = L.evidence_naive_min_cut(4, 3, (2, 1, 1), 2, 1)[0]
    bad = res.certificate.to_dict()
    bad["proposition"]["value"] = 4
    assert claim(Certificate.from_dict(bad), rel, cut).outcome == "potential"


def test_true_statements_are_decided_by_certificates():
    for fn, args in [(L.evidence_theorem1, (8, 2, (2, 2, 2))), (L.evidence_low_high, (2, 3, 5)),
                     (L.evidence_serra_n0_1, ((3, 4),)), (L.evidence_tt_unfolding, (5, 2, 3, 2)),
                     (L.evidence_polynomial_dimension, ((2, 3, 1), 2))]:
        for res, rel, want in fn(*args):
            a = claim(res, rel, want)
            assert a.outcome == "holds" and a.certified, (fn.__name__, a.detail)


def test_sources_name_the_theorems():
    assert re.search(r"Theorem 8", LIB["maxout-theorem8-n0-1"].source)
    assert re.search(r"Theorem 1\b", LIB["csh2016-theorem1"].source)
    assert "1402.1869" in LIB["maxout-theorem8-n0-1"].source and "1509.05009" in LIB["depth-lc-closed-form"].source


def test_the_guide_lists_every_built_in_conjecture():
    from pathlib import Path

    text = (Path(__file__).resolve().parents[1] / "docs" / "search-library.md").read_text(encoding="utf-8")
    for conj in library():
        assert f"| `{conj.name}` |" in text, f"docs/search-library.md has no row for {conj.name}"


def test_search_list_shows_the_sources(capsys):
    import json

    from exactnet.cli import main

    assert main(["search", "--list", "--json"]) == 0
    listed = {c["name"]: c for c in json.loads(capsys.readouterr().out)}
    for conj in library():
        assert listed[conj.name]["source"] == conj.source and "arXiv:" in listed[conj.name]["source"]
        assert listed[conj.name]["expected"][0] == conj.expected[0]


@pytest.mark.parametrize("name", ["maxout-theorem8-n0-1",
                                  pytest.param("overlap-naive-min-cut", marks=pytest.mark.slow),
                                  pytest.param("depth-lc-closed-form", marks=pytest.mark.slow),
                                  pytest.param("kno2018-ht-to-tt", marks=pytest.mark.slow)])
def test_random_search_with_shrinking_finds_a_genuine_locally_minimal_counterexample(name):
    """Random search claims only local minimality; its counterexample is never before the exhaustive one in the
    size order (which is the first), and the same seed gives the same answer."""
    conj = LIB[name]
    first = search(conj, strategy="random", seed=1, progress=False)
    assert first.status == "refuted" and first.minimality.level == "locally-minimal"
    assert first.check().verdict == "valid"
    exhaustive = {k: tuple(v) if isinstance(v, list) else v for k, v in conj.expected[1].items()}
    assert conj.size_key(first.counterexample) >= conj.size_key(exhaustive)
    again = search(conj, strategy="random", seed=1, progress=False)
    assert again.counterexample == first.counterexample and again.checked == first.checked
