"""Version-2 region-count bounds (kernel/bounds.py): ``bound_value`` recomputed against the library's own
formulas (an independent implementation), the rules ``region-bound-theorem`` and
``max-regions-from-construction``, and hand-written forgeries, each rejected naming the field."""

from __future__ import annotations

import copy
import functools
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exactnet.errors import CertificateError
from exactnet.kernel import check_bytes, check_certificate
from exactnet.regions import enumerate_regions
from exactnet.regions.bounds import (BOUND_NAMES, bound_certificate, bound_value, construction_certificate,
                                     maximum_certificate, theorem_certificate)
from exactnet.regions.constructions import general_position_layer, maxout_one_layer


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(sorted(BOUND_NAMES)), st.integers(1, 4), st.lists(st.integers(1, 9), min_size=1, max_size=4),
       st.integers(2, 5), st.integers(2, 6))
def test_the_kernel_recomputes_every_formula_like_the_library(name, n0, ws, k, pieces):
    """Oracle: exactnet.regions.bounds (written separately from the kernel's arithmetic)."""
    unit = BOUND_NAMES[name][0]
    kw = {"k": k} if unit == "maxout" else {"pieces": pieces} if unit == "pwl" else {}
    try:
        value = bound_value(name, n0, ws, **kw)
    except Exception:  # the formula does not apply: the kernel must refuse that statement too
        obj = {"formula": name, "n0": n0, "widths": ws, **kw}
        with pytest.raises(CertificateError):
            check_certificate({"format": "exactnet.certificate", "schema_version": 2, "exactnet_version": "0.2.0",
                               "proposition": {"quantity": "bound_value", "object": obj, "relation": "=", "value": 1,
                                               "field": "Q"}, "evidence": {"method": "recompute-formula"}})
        return
    assert check_certificate(bound_certificate(name, n0, ws, **kw).to_dict()).facts["value"] == value


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 14), st.lists(st.integers(1, 18), min_size=1, max_size=5))
def test_the_kernels_prefix_sum_evaluation_of_serra2018_thm1_matches_the_library(n0, ws):
    """The kernel evaluates Theorem 1 with prefix sums in 2 L (n0 + 1) products, after lowering n0 to the largest
    width; the library sums over every (cap, j) pair: caps above, below and between the widths."""
    from exactnet.kernel.bounds import _serra_thm1
    from exactnet.regions.bounds import serra2018_upper

    assert _serra_thm1(n0, ws) == serra2018_upper(n0, ws)


@functools.cache
def _gp():
    c = general_position_layer(2, 3)
    return enumerate_regions(c.network, c.domain)


def base(name):
    if name == "bound":
        return bound_certificate("serra2018-thm1", 2, (3, 3)).to_dict()
    if name == "theorem":
        return theorem_certificate("serra2018-thm1", 2, (3, 3)).to_dict()
    if name == "construction":
        return construction_certificate(_gp()).to_dict()
    return maximum_certificate(_gp(), "zaslavsky").to_dict()


@pytest.mark.parametrize("name", ["bound", "theorem", "construction", "maximum"])
def test_valid(name):
    report = check_certificate(base(name))
    assert report.verdict == "valid"


def setp(c, path, value):
    for key in path[:-1]:
        c = c[key]
    c[path[-1]] = value


P, O, PREM = ("proposition",), ("proposition", "object"), ("evidence", "premises")

CASES = [
    ("bound", P + ("value",), 41, "proposition.value", "does not entail"),
    ("bound", P + ("relation",), "<=", "proposition.relation", "must be one of"),
    ("bound", P + ("value",), "40", "proposition.value", "JSON integer"),
    ("bound", P + ("value",), 40.0, "proposition.value", "float"),
    ("bound", O + ("formula",), "zaslavsky", "proposition.object.formula", "is not evaluated"),
    ("bound", O + ("formula",), "serra2018-thm9", "proposition.object.formula", "unknown formula"),
    ("bound", O + ("k",), 3, "proposition.object.k", "unknown field"),
    ("bound", O + ("widths",), [3, 5000], "proposition.object.widths", "beyond what the kernel evaluates"),
    ("bound", O + ("n0",), "2", "proposition.object.n0", "JSON integer"),
    ("bound", O + ("widths",), [], "proposition.object.widths", "JSON integer"),
    ("bound", ("claim",), "the bound is 400", "claim", "rendering"),
    ("bound", ("kind",), "region-bound", "kind", "format version 1"),
    ("bound", ("schema_version",), 1, "schema_version", "no longer read"),
    ("bound", ("evidence", "method"), "region-tiling", "evidence.method", "proves regions"),
    # the theorem: an upper bound is not a lower bound, nor about another architecture
    ("theorem", P + ("relation",), ">=", "proposition.value", "does not entail"),
    ("theorem", P + ("value",), 39, "proposition.value", "does not entail"),
    ("theorem", O + ("widths",), [3, 4], "proposition.object", "does not entail"),
    ("theorem", O + ("unit",), "maxout", "proposition.object.k", "missing"),
    ("theorem", PREM + (0, "proposition", "value"), 41, "evidence.premises[0].proposition.value", "does not entail"),
    # the construction: its count, and its architecture
    ("construction", P + ("value",), 8, "proposition.value", "does not entail"),
    ("construction", P + ("relation",), "=", "proposition.value", "does not entail"),
    ("construction", O + ("widths",), [4], "proposition.object", "does not entail"),
    ("construction", PREM + (0, "proposition", "value"), [8, 7], "evidence.premises[0]", None),
    ("construction", ("evidence", "params"), {"unit": "relu"}, "evidence.params.unit", "unknown field"),
    # the maximum: lower and upper must meet and speak of one architecture
    ("maximum", P + ("value",), 6, "proposition.value", "does not entail"),
    ("maximum", PREM + (1,), None, "evidence.premises[1]", None),
]


@pytest.mark.parametrize("name, path, value, field, match", CASES, ids=[f"{c[0]}-{k}" for k, c in enumerate(CASES)])
def test_forgeries_are_refused(name, path, value, field, match):
    c = copy.deepcopy(base(name))
    setp(c, path, value)
    with pytest.raises(CertificateError, match=match) as info:
        check_certificate(c)
    assert info.value.field.startswith(field), (info.value.field, str(info.value))


def test_a_lower_bound_theorem_does_not_pin_a_maximum():
    c = copy.deepcopy(base("maximum"))
    low = theorem_certificate("montufar2014-thm4", 2, (3,)).to_dict()  # >= 7 from the literature
    c["evidence"]["premises"][1] = {"proposition": low["proposition"], "evidence": low["evidence"]}
    with pytest.raises(CertificateError, match="equal upper bound") as info:
        check_certificate(c)
    assert info.value.field == "evidence.premises"


def test_a_maxout_construction_reads_its_group_size():
    c = maxout_one_layer(1, 2, 3)
    cert = construction_certificate(enumerate_regions(c.network, c.domain))
    assert cert.proposition["object"] == {"unit": "maxout", "n0": 1, "widths": [2], "k": 3}
    assert cert.check().verdict == "valid"


def test_duplicate_keys_and_float_text_are_refused():
    text = json.dumps(base("bound"))
    with pytest.raises(CertificateError, match="duplicate"):
        check_bytes(text.replace('"value": 40', '"value": 40, "value": 41', 1))
    with pytest.raises(CertificateError, match="float") as info:
        check_bytes(text.replace('"n0": 2', '"n0": 2.0', 1))
    assert info.value.field.endswith("n0")
