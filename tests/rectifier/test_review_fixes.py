"""Regression tests for gaps found in the issue-3 review (each fails without its fix)."""

from __future__ import annotations

import copy
import json

import pytest

from exactnet.checker import check_certificate
from exactnet.errors import CertificateError, InvalidArgumentError
from exactnet.theorems.rectifier import average_pooling_realizability, realize_deep_max, realize_shallow_max


def _deep():
    return json.loads(json.dumps(realize_deep_max([[[1, "-2/3"], [0, 3]], [[2, 0], ["1/2", -1]]],
                                                  tree=[[0, 1], 2]).to_dict()))


def _shallow():
    return json.loads(json.dumps(realize_shallow_max([[1, -2], ["1/3", 0]]).to_dict()))


# ============================================================================ realization: nothing on trust
@pytest.mark.parametrize("key, value", [("width", 5), ("weights", 27), ("general_width", 10), ("Z", 3),
                                        ("widths", [3, 3]), ("blocks", [[0, 1], [2]]), ("status", "exact")])
def test_realization_states_no_size_beside_the_network(key, value):
    """Sizes are read from the network the kernel evaluates (and rendered); a stated one is refused, never trusted."""
    cert = _deep()
    check_certificate(cert)
    bad = copy.deepcopy(cert)
    bad["proposition"]["object"][key] = value
    with pytest.raises(CertificateError, match="unknown field") as info:
        check_certificate(bad)
    assert info.value.field == f"proposition.object.{key}"
    bad = copy.deepcopy(cert)
    bad[key] = value
    with pytest.raises(CertificateError, match="unknown field"):
        check_certificate(bad)


def test_realization_status_is_derived_from_the_relation():
    bad = _shallow()
    bad["proposition"]["relation"] = ">="
    with pytest.raises(CertificateError, match="relations? holds|one of holds"):
        check_certificate(bad)


def test_deep_realization_claim_is_the_rendering_with_the_widths():
    cert = _deep()
    sentence = check_certificate(cert).sentence
    w = len(cert["proposition"]["object"]["network"]["leaf_weights"][0])
    assert f"relu-max network with widths [{w}, {w}]" in sentence
    bad = copy.deepcopy(cert)
    bad["claim"] = sentence.replace(f"widths [{w}, {w}]", "widths [99, 99]")
    with pytest.raises(CertificateError, match="must be the rendering"):
        check_certificate(bad)
    ok = copy.deepcopy(cert)
    ok["claim"] = sentence
    check_certificate(ok)


def test_average_realization_blocks_are_derived_not_stated():
    target = [[[int(a == b) for c in range(2)] for b in range(2)] for a in range(2)]  # delta(d0, d1): block [0, 1]
    cert = json.loads(json.dumps(average_pooling_realizability(target, tree=[[0, 1], 2]).to_dict()))
    assert cert["proposition"]["quantity"] == "realizes"
    assert cert["proposition"]["object"]["network"]["tree"] == [[0, 1], 2]
    check_certificate(cert)
    non = json.loads(json.dumps(average_pooling_realizability(target, tree=[[0, 2], 1]).to_dict()))
    assert non["proposition"]["quantity"] == "not_realizable"  # blocks {0, 2}, {1}: delta(d0, d1) couples them
    check_certificate(non)
    non["proposition"]["object"]["family"]["tree"] = [[0, 1], 2]  # the blocks follow the tree: L fails there
    with pytest.raises(CertificateError, match="L does not vanish"):
        check_certificate(non)


def test_nested_tensor_fields_are_refused():
    bad = _shallow()
    bad["proposition"]["object"]["target"]["schema_version"] = 2
    with pytest.raises(CertificateError, match="unknown field") as info:
        check_certificate(bad)
    assert info.value.field == "proposition.object.target.schema_version"
    non = json.loads(json.dumps(average_pooling_realizability([[1, 0], [0, 0]]).to_dict()))
    assert non["proposition"]["quantity"] == "not_realizable"
    non["evidence"]["functional"]["format"] = "exactnet.tensor"
    with pytest.raises(CertificateError, match="unknown field"):
        check_certificate(non)


def test_universality_check_value_uses_the_verified_network():
    from exactnet.theorems.registry import get_check

    chk = get_check("cs2016-universality")
    inst = chk.instances[0]
    cert = chk.prove(inst["params"])
    facts = cert.check().facts
    assert chk.value(facts, cert) is True
    from exactnet.certificates import Certificate

    wide = cert.to_dict()  # a realizing network wider than T^N + 1: the value reads the network, not a stated width
    net = wide["proposition"]["object"]["network"]
    net["leaf_weights"] = [m + [m[0]] * 10 for m in net["leaf_weights"]]
    net["output_weights"] = [net["output_weights"][0] + ["0"] * 10]
    wide = Certificate.from_dict(wide)
    assert wide.is_valid() and chk.value(wide.check().facts, wide) is False


# ============================================================================ compare over any tree
def test_compare_pooling_over_an_uneven_tree():
    from exactnet.theorems.rectifier import compare_pooling

    cmp = compare_pooling(4, 2, tree=[[0, [1, 2]], 3])  # used to crash in the product row (shared witness)
    rows = {r["pooling"]: r for r in cmp.rows}
    assert rows["product"]["rank_status"] == "witness" and rows["product"]["shallow_width_forced"] == rows["product"]["rank"]
    assert rows["product"]["certificates"]["rank"].check().proposition.value == rows["product"]["rank"] >= 2
    assert rows["average"]["universal"] is False
    assert all(c.is_valid() for c in cmp.certificates())


def test_compare_cli_tree_option(capsys):
    from exactnet.cli import main

    assert main(["compare", "--M", "2", "--N", "4", "--tree", "[[0,[1,2]],3]", "--json"]) == 0
    obj = json.loads(capsys.readouterr().out)
    assert obj["tree"] == [[0, [1, 2]], 3] and obj["widths"] == [3, 2, 2] and obj["certificates_checked"] == 9 + 2 * 16
    assert main(["compare", "--M", "2", "--N", "4", "--tree", "[[0,1],[2,3]]", "--windows", "2"]) == 2
    assert "not allowed with argument --tree" in capsys.readouterr().err
    assert main(["compare", "--M", "2", "--N", "4", "--tree", "x"]) == 2
    assert "must be a JSON nested list of 0-based modes" in capsys.readouterr().err
    assert main(["compare", "--M", "2", "--N", "4", "--tree", "[[0,1],[2,4]]"]) == 2
    assert "mode 3 is missing" in capsys.readouterr().err


def test_relu_templates_names_epsilon():
    from exactnet.networks.rectifier import relu_templates

    with pytest.raises(InvalidArgumentError, match=r"Argument 'epsilon' must satisfy 0 < epsilon < 1/2"):
        relu_templates([0, "1/2", 2], epsilon="1/2")


# ============================================================================ coefficient tensor (exactnet rank --coefficient)
from hypothesis import given, settings  # noqa: E402

from exactnet.testing.rectifier import deep_rectifier_nets, shallow_rectifier_nets  # noqa: E402


@settings(max_examples=10, deadline=None)
@given(deep_rectifier_nets(), shallow_rectifier_nets())
def test_coefficient_tensor_is_the_identity_representation_grid_tensor(deep, shallow):
    from exactnet.networks import Representation
    from exactnet.networks.rectifier import DeepRectifierNet, ShallowRectifierNet

    d = deep.to_dict()
    d["representation"] = {"type": "identity", "M": deep.M}
    assert deep.coefficient_tensor() == DeepRectifierNet.from_dict(d).grid_tensor(method="evaluation")
    s = shallow.to_dict()
    s["representation"] = {"type": "identity", "M": shallow.M}
    assert shallow.coefficient_tensor(output=0) == ShallowRectifierNet.from_dict(s).grid_tensor(output=0,
                                                                                                 method="evaluation")
    if deep.operator.name == "product":
        assert deep.coefficient_tensor() == deep.as_convac().coefficient_tensor()
    assert isinstance(Representation.identity(2), Representation)


# ============================================================================ compare: "universal" certified target by target
def test_compare_universality_is_certified_for_every_unit_target():
    import numpy as np

    from exactnet.theorems.rectifier import UNIT_LIMIT, compare_pooling

    cmp = compare_pooling(4, 2)
    rows = {r["pooling"]: r for r in cmp.rows}
    for name in ("product", "max"):
        units = rows[name]["certificates"]["units"]
        assert rows[name]["universal_status"] == "certified" and len(units) == 16
        seen = set()
        for c in units:
            prop = c.check().proposition
            assert prop.quantity == "realizes" and prop.object["network"]["operator"] == rows[name]["operator"]
            entries = np.array(prop.object["target"]["entries"], dtype=int)
            assert entries.sum() == 1
            seen.add(tuple(np.argwhere(entries == 1)[0]))
        assert len(seen) == 16  # every unit target, each once
    assert rows["average"]["universal_status"] == "certified-not"
    assert "every unit target e_d (2^4 = 16)" in cmp.table()
    assert cmp.to_dict()["rows"][1]["certificates"]["units"] == "16 x realizes"
    assert len(cmp.certificates()) == 9 + 32
    assert UNIT_LIMIT == 256


def test_compare_large_grid_uses_a_sparse_coupling_target():
    from exactnet.theorems.rectifier import _unit_target

    A = _unit_target(3, 8, [[0, 1, 2, 3], [4, 5, 6, 7]])  # delta(d_0, d_4) would need width 3^7 + 1 = 2188
    assert A[(0,) * 8] == 1 and sum(1 for x in A.to_fractions().ravel() if x) == 1
    B = _unit_target(2, 4, [[0, 1], [2, 3]])
    assert B[0, 1, 0, 1] == 1 and B[0, 1, 1, 0] == 0


def test_grid_tensor_certificate_status_is_derived():
    from exactnet.networks.rectifier import ShallowRectifierNet, grid_tensor_certificate

    cert = grid_tensor_certificate(ShallowRectifierNet.random(2, 2, 2, "relu-max"))
    assert check_certificate(cert).proposition.status == "exact"
    cert["status"] = "lower-bound"
    with pytest.raises(CertificateError, match="unknown field") as info:
        check_certificate(cert)
    assert info.value.field == "status"


def test_registered_grid_tensor_check_instances():
    from exactnet.theorems.registry import get_check

    chk = get_check("cs2016-generalized-grid-tensor")
    for inst in chk.instances:
        out = chk.run(inst)
        assert out.verdict == "confirmed", out.message
