"""The independent checker of `region-bound` certificates: valid ones pass, every tampering is refused."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given, settings, strategies as st

from exactnet.checker import check_certificate
from exactnet.checker import _region_bounds as RB
from exactnet.errors import CertificateError, InvalidArgumentError
from exactnet.regions import bounds as B
from exactnet.regions import constructions as C
from exactnet.theorems.checks_regions import region_bound_certificate


def _b(label, name, n0, widths, **kw):
    return {"label": label, "name": name, "n0": n0, "widths": list(widths), **kw}


@pytest.fixture(scope="module")
def with_construction():
    return region_bound_certificate([_b("serra_upper", "serra2018-thm1", 1, (3, 3)),
                                     _b("theorem5", "serra2018-thm5", 1, (3, 3)),
                                     _b("theorem4", "montufar2014-thm4", 1, (3, 3))],
                                    construction=C.serra_n0_1((3, 3)),
                                    relations=[{"left": "construction", "op": ">", "right": "theorem4"}]).to_dict()


@pytest.fixture(scope="module")
def arithmetic():
    return region_bound_certificate([_b("a", "serra2018-thm1", 2, (2, 2)), _b("b", "montufar2017-upper", 2, (2, 2))],
                                    relations=[{"left": "a", "op": "<", "right": "b"}]).to_dict()


def test_valid(with_construction, arithmetic):
    f = check_certificate(copy.deepcopy(with_construction)).facts
    assert f["maximum"] == 16 == f["construction_regions"] and f["values"]["theorem4"] == 12
    assert with_construction["status"] == "exact"
    f = check_certificate(copy.deepcopy(arithmetic)).facts
    assert dict(f["values"]) == {"a": 11, "b": 16} and "maximum" not in f


def test_lower_bound_status_when_the_construction_stays_below():
    cert = region_bound_certificate([_b("serra_upper", "serra2018-thm1", 1, (2, 2))],
                                    construction=C.montufar_folding(1, (2, 2)))
    assert cert.status == "lower-bound"
    facts = cert.check().facts
    assert facts["construction_regions"] == 7 and "maximum" not in facts


def test_lp_construction_gives_an_exact_sub_certificate():
    cert = region_bound_certificate([_b("z", "zaslavsky", 3, (3,))], construction=C.general_position_layer(3, 3))
    assert cert.data["construction"]["status"] == "exact"  # the lp path certifies completeness (split tree)
    assert cert.check().facts["maximum"] == 8


def test_maxout_architecture():
    cert = region_bound_certificate([_b("line", "maxout-width1-line", 1, (1, 1), k=3)],
                                    construction=C.maxout_line_construction(3))
    assert cert.check().facts["maximum"] == 7
    # a bound for another rank is not this architecture's: no maximum
    cert = region_bound_certificate([_b("line", "maxout-width1-line", 1, (1, 1), k=4)],
                                    construction=C.maxout_line_construction(3))
    assert cert.status == "lower-bound" and "maximum" not in cert.check().facts


# ----------------------------------------------------------------- the checker's formulas vs the library's
@settings(deadline=None, max_examples=40)
@given(st.integers(1, 4), st.lists(st.integers(1, 6), min_size=1, max_size=3), st.integers(2, 4))
def test_checker_formulas_agree_with_the_library(n0, widths, k):
    for name, (unit, _) in B.BOUND_NAMES.items():
        kw = {"k": k} if unit == "maxout" else {"pieces": k} if unit == "pwl" else {}
        try:
            mine = B.bound_value(name, n0, widths, **kw)
        except InvalidArgumentError:
            mine = None
        entry = _b("x", name, n0, widths, **kw)
        entry["value"] = mine if mine is not None else 0
        try:
            label, _, _, theirs = RB._bound(entry, "bounds[0]")
        except CertificateError as exc:
            assert mine is None, (name, exc)  # both refuse outside the hypotheses
            continue
        assert theirs == mine, name


# ----------------------------------------------------------------- tampering
def _tamper(cert, path, value):
    c = copy.deepcopy(cert)
    obj = c
    for key in path[:-1]:
        obj = obj[key]
    if value is _DELETE:
        del obj[path[-1]]
    else:
        obj[path[-1]] = value
    return c


_DELETE = object()

CASES = [
    (("bounds",), [], "bounds", "non-empty JSON array"),
    (("bounds", 0, "value"), 17, "bounds[0].value", "is 16, not 17"),
    (("bounds", 0, "value"), "16", "bounds[0].value", "must be a JSON integer"),
    (("bounds", 0, "value"), 16.0, "bounds[0].value", "JSON floats are never accepted"),
    (("bounds", 0, "name"), "no-such", "bounds[0].name", "unknown bound"),
    (("bounds", 1, "widths"), [2, 3], "bounds[1].name", "Theorem 5 needs"),
    (("bounds", 0, "widths"), [], "bounds[0].widths", "non-empty JSON array"),
    (("bounds", 0, "widths", 0), 0, "bounds[0].widths[0]", "integer >= 1"),
    (("bounds", 0, "n0"), 0, "bounds[0].n0", "integer >= 1"),
    (("bounds", 0, "label"), "Bad Label", "bounds[0].label", "lowercase label"),
    (("bounds", 1, "label"), "serra_upper", "bounds[1].label", "repeats the label"),
    (("bounds", 0, "k"), 2, "bounds[0].k", "takes no 'k'"),
    (("status",), "lower-bound", "status", "must be 'exact'"),
    (("claim",), "the maximum is large", "claim", "does not state"),
    (("relations", 0, "op"), "<", "relations[0]", "is false"),
    (("relations", 0, "op"), "!=", "relations[0].op", "must be one of"),
    (("relations", 0, "right"), "nope", "relations[0].right", "a bound label or 'construction'"),
    (("relations",), {}, "relations", "must be a JSON array"),
    (("construction", "kind"), "matrix-rank", "construction.kind", "must be a linear-regions certificate"),
    (("construction", "activation_regions"), 17, "construction.activation_regions", "the construction's certificate"),
    (("construction", "regions", 0, "point"), ["100"], "construction.regions[0].pattern", "construction's certificate"),
]


@pytest.mark.parametrize("path, value, field, match", CASES, ids=[c[2] + ":" + c[3][:12] for c in CASES])
def test_tampering_is_refused(with_construction, path, value, field, match):
    bad = _tamper(with_construction, path, value)
    with pytest.raises(CertificateError, match=match) as info:
        check_certificate(bad)
    assert info.value.field == field


def test_a_formula_outside_its_hypotheses_is_refused_even_with_a_construction():
    cert = region_bound_certificate([_b("serra_upper", "serra2018-thm1", 1, (3, 3, 3))],
                                    construction=C.serra_n0_1((3, 3, 3))).to_dict()
    assert check_certificate(copy.deepcopy(cert)).facts["maximum"] == 64
    bad = copy.deepcopy(cert)
    bad["bounds"] = [{"label": "path", "name": "relu-width2-path", "n0": 1, "widths": [3, 3, 3], "value": 9}]
    with pytest.raises(CertificateError, match="does not apply") as info:
        check_certificate(bad)
    assert info.value.field == "bounds[0].name"


def test_an_abs_network_is_not_a_bound_architecture():
    from exactnet.networks.pwl import Abs, Affine, PWLNetwork
    from exactnet.regions import Box, enumerate_regions

    E = enumerate_regions(PWLNetwork(1, [Affine([[1]], [0]), Abs(), Affine([[1]], [0])]), Box([-1], [1]))
    cert = region_bound_certificate([_b("t", "trivial", 1, (1,))], construction=E)
    assert cert.status == "lower-bound"
    with pytest.raises(CertificateError, match="a ReLU network or a maxout network") as info:
        cert.check()
    assert info.value.field == "construction.network.layers"


def test_more_regions_than_an_upper_bound_is_refused():
    # a true violation needs a wrong theorem: monkeypatch the checker's formula table
    cert = region_bound_certificate([_b("t", "trivial", 1, (3, 3))], construction=C.serra_n0_1((3, 3))).to_dict()
    unit, kind, hyp, formula = RB._FORMULAS["trivial"]
    RB._FORMULAS["trivial"] = (unit, kind, hyp, lambda n0, ws, k, p: 10)
    try:
        bad = copy.deepcopy(cert)
        bad["bounds"][0]["value"] = 10
        with pytest.raises(CertificateError, match="more than the upper bound t = 10 allows") as info:
            check_certificate(bad)
        assert info.value.field == "construction"
    finally:
        RB._FORMULAS["trivial"] = (unit, kind, hyp, formula)


def test_architecture_reading():
    net = C.maxout_one_layer(2, 2, 3).network.to_dict()
    assert RB._architecture(net, "n") == ("maxout", 2, (2,), 3)
    net = C.serra_n0_1((3, 4)).network.to_dict()
    assert RB._architecture(net, "n") == ("relu", 1, (3, 4), None)
    bad = copy.deepcopy(net)
    bad["layers"].insert(1, copy.deepcopy(bad["layers"][0]))
    with pytest.raises(CertificateError, match="must alternate"):
        RB._architecture(bad, "n")
    mixed = C.maxout_abs_folding(2).network.to_dict()
    mixed["layers"][3] = {"type": "maxout", "k": 1}
    mixed["layers"][2]["bias"] = ["0", "0"]
    with pytest.raises(CertificateError, match="one rank k"):
        RB._architecture(mixed, "n")


def test_prover_bad_input():
    with pytest.raises(InvalidArgumentError, match=r"Argument 'bounds\[0\]' must be a mapping"):
        region_bound_certificate([{"name": "trivial"}])
    with pytest.raises(InvalidArgumentError, match="Argument 'construction' must be a Construction"):
        region_bound_certificate([_b("t", "trivial", 1, (3,))], construction="net.json")
    with pytest.raises(InvalidArgumentError, match="Theorem 5's hypothesis"):
        region_bound_certificate([_b("t", "serra2018-thm5", 1, (2, 2))])


@pytest.mark.parametrize("entry, field, match", [
    ({"label": "m", "name": "serra2018-thm8", "n0": 1, "widths": [1], "value": 4}, "bounds[0].k", "missing"),
    ({"label": "h", "name": "hu2018-one-layer", "n0": 2, "widths": [2], "value": 9}, "bounds[0].pieces", "missing"),
    ({"label": "h", "name": "hu2018-one-layer", "n0": 2, "widths": [2], "pieces": 1, "value": 9}, "bounds[0].pieces",
     "integer >= 2"),
    ({"label": "z", "name": "zaslavsky", "n0": 2, "widths": [2, 2], "value": 4}, "bounds[0].name", "one-hidden-layer"),
])
def test_maxout_and_pwl_fields(entry, field, match):
    cert = {"claim": "bound 4 9", "status": "exact", "bounds": [entry]}
    with pytest.raises(CertificateError, match=match) as info:
        RB.check_region_bound(cert)
    assert info.value.field == field


def test_sizes_beyond_the_checker_are_refused_and_deep_formulas_are_fast():
    big = {"claim": "x", "status": "exact",
           "bounds": [{"label": "a", "name": "trivial", "n0": 1, "widths": [5000], "value": 1}]}
    with pytest.raises(CertificateError, match="beyond what this checker evaluates") as info:
        RB.check_region_bound(big)
    assert info.value.field == "bounds[0].widths"
    deep = [20] * 40
    value = B.serra2018_upper(10, deep)
    cert = {"claim": f"bound a = {value}", "status": "exact",
            "bounds": [{"label": "a", "name": "serra2018-thm1", "n0": 10, "widths": deep, "value": value}]}
    assert RB.check_region_bound(cert)["values"]["a"] == value


def test_a_lower_bound_construction_count_cannot_prove_an_upper_relation():
    # the rescaled (2,2,2) folding has 14 >= 12 = Theorem 4 regions; a partial enumeration finds 3 of them.
    # "construction < theorem4" must not be certified from that lower bound, "construction >= x" may be
    from exactnet.regions import enumerate_regions

    c = C.montufar_folding(1, (2, 2, 2))
    E = enumerate_regions(c.network, c.domain, max_regions=3)
    t4 = [_b("theorem4", "montufar2014-thm4", 1, (2, 2, 2))]
    for rel in ({"left": "construction", "op": "<", "right": "theorem4"},
                {"left": "theorem4", "op": ">", "right": "construction"},
                {"left": "construction", "op": "==", "right": "construction"}):
        cert = region_bound_certificate(t4, construction=E, relations=[rel]).to_dict()
        with pytest.raises(CertificateError, match=r"count 3 is only a lower bound"):
            check_certificate(cert)
    ok = region_bound_certificate([_b("one", "zaslavsky", 1, (2,))], construction=E,
                                  relations=[{"left": "construction", "op": ">=", "right": "one"},
                                             {"left": "one", "op": "<=", "right": "construction"}])
    assert check_certificate(ok.to_dict()).facts["construction_regions"] == 3
    # a complete enumeration still proves the upper relation
    u = C.montufar_folding(1, (2, 2, 2), rescale=False)
    full = region_bound_certificate(t4, construction=u, relations=[{"left": "construction", "op": "<",
                                                                    "right": "theorem4"}])
    assert check_certificate(full.to_dict()).facts["construction_regions"] == 8
