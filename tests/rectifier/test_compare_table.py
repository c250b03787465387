"""The comparison table as one certificate (kind ``pooling-comparison``): accepted, and refused when corrupted."""

from __future__ import annotations

import copy
import json

import pytest

from exactnet.certificates import Certificate, load_certificate
from exactnet.checker import check_certificate
from exactnet.cli import main
from exactnet.errors import CertificateError, ResourceLimitError
from exactnet.theorems.rectifier import PoolingComparison, compare_pooling


@pytest.fixture(scope="module")
def table() -> PoolingComparison:
    return compare_pooling(2, 4)


@pytest.fixture()
def cert(table) -> dict:
    return table.certificate().to_dict()


def _refused(obj: dict, field: str, match: str) -> CertificateError:
    with pytest.raises(CertificateError, match=match) as info:
        check_certificate(obj)
    assert info.value.field == field or info.value.field.startswith(field + "."), info.value.field
    return info.value


# ============================================================================ accepted
def test_table_certificate_is_valid_and_states_the_figures(table, cert):
    facts = check_certificate(cert).facts
    assert facts["universal"] == {"product": True, "max": True, "average": False}
    assert facts["rank"] == {"product": 4, "max": 4, "average": 3}
    assert facts["shallow_width_forced"] == {"product": 4, "max": 2, "average": None}
    # the figures agree with the table the function returns
    assert [(r["universal"], r["rank"], r["shallow_width_forced"]) for r in table.rows] == [
        (r["universal"], r["rank"], r["shallow_width_forced"]) for r in facts["rows"]]
    assert "product (product): universal yes, rank 4 (generic), shallow Z >= 4" in cert["claim"]
    assert "average (relu-sum): universal no, rank 3 (witness), shallow not realizable" in cert["claim"]
    assert len(cert["rows"][0]["parts"]["units"]) == 16 == len(cert["rows"][1]["parts"]["units"])
    assert Certificate.from_dict(json.loads(json.dumps(cert))).is_valid()  # JSON round trip


def test_table_certificate_over_an_uneven_tree_and_m3():
    c = compare_pooling(2, 4, tree=[[0, [1, 2]], 3]).certificate()
    rows = c.check().facts["rows"]
    assert rows[0]["rank_status"] == "witness" and rows[1]["rank_status"] == "witness"
    c3 = compare_pooling(3, 4).certificate()
    assert c3.check().facts["rank"] == {"product": 9, "max": 9, "average": 4}


def test_average_row_realizable_witness_states_the_sufficient_width():
    from exactnet.tensors import PoolingTree
    from exactnet.theorems.rectifier import _compare

    c = _compare(2, 2, PoolingTree.from_nested((0, 1)), (2,), (0, 1)).certificate().to_dict()
    assert check_certificate(c).facts["shallow_width_sufficient"] == 4
    assert "shallow Z = 4 suffices" in c["claim"]
    c["rows"][2]["shallow_width_sufficient"] = 3
    _refused(c, "rows[2].shallow_width_sufficient", "the parts prove shallow_width_sufficient = 4, not 3")


# ============================================================================ a corrupted figure
@pytest.mark.parametrize("row, key, value, match", [
    (0, "rank", 5, "the parts prove rank = 4, not 5"),
    (0, "shallow_width_forced", 3, "the parts prove shallow_width_forced = 4, not 3"),
    (0, "rank_status", "witness", "the parts prove rank_status = 'generic'"),
    (1, "shallow_width_forced", 1, "the parts prove shallow_width_forced = 2, not 1"),
    (1, "universal", False, "the parts prove universal = True, not False"),
    (2, "universal", True, "the parts prove universal = False, not True"),
    (2, "shallow_width_forced", 1, "the parts prove shallow_width_forced = None, not 1"),
    (2, "rank", 2, "the parts prove rank = 3, not 2"),
    (1, "rank", "4", "the parts prove rank = 4, not '4'"),
    (2, "rank_status", "generic", "labelled \"witness\" or \"construction\""),
])
def test_a_corrupted_figure_is_refused(cert, row, key, value, match):
    cert["rows"][row][key] = value
    _refused(cert, f"rows[{row}]", match)


def test_a_row_stating_an_unproved_figure_is_refused(cert):
    cert["rows"][1]["shallow_width_sufficient"] = 3
    _refused(cert, "rows[1]", "which no part proves")


@pytest.mark.parametrize("change, field, match", [
    (lambda c: c["rows"].reverse(), "rows", "product, max, average"),
    (lambda c: c["rows"].pop(), "rows", "product, max, average"),
    (lambda c: c.update(rows=["product", "max", "average"]), "rows", "product, max, average"),
    (lambda c: c["rows"][1].update(operator="relu-sum"), "rows[1].operator", "operator relu-max"),
    (lambda c: c["rows"][0]["parts"].update(width=c["rows"][1]["parts"]["width"]), "rows[0].parts", "no figure"),
    (lambda c: c.update(partition={"rows": [0, 1], "cols": [2, 3]}), "partition", "odd-even"),
    (lambda c: c.update(N=5), "N", "even"),
    (lambda c: c.update(widths=[3]), "widths", "one width per level"),
    (lambda c: c.update(status="upper-bound"), "status", "exact"),
])
def test_a_corrupted_table_is_refused(cert, change, field, match):
    change(cert)
    _refused(cert, field, match)


# ============================================================================ a corrupted part
def test_a_corrupted_unit_realization_is_refused(cert):
    cert["rows"][1]["parts"]["units"][3]["target"]["entries"][0][0][0][0] = "2"
    _refused(cert, "rows[1].parts.units[3].target.entries[0][0][0][0]", "grid tensor .* has 0 here, not 2")


def test_units_must_cover_every_unit_target_once(cert):
    units = cert["rows"][0]["parts"]["units"]
    bad = copy.deepcopy(cert)
    bad["rows"][0]["parts"]["units"] = units[:-1]
    _refused(bad, "rows[0].parts.units", "one realization per unit target")
    bad = copy.deepcopy(cert)
    bad["rows"][0]["parts"]["units"][1] = units[0]
    _refused(bad, "rows[0].parts.units[1].target", "realized twice")
    bad = copy.deepcopy(cert)
    bad["rows"][1]["parts"]["units"][0] = units[0]  # a product network in the max row
    _refused(bad, "rows[1].parts.units[0]", "shallow relu-max network, not a shallow product one")
    bad = copy.deepcopy(cert)
    bad["rows"][1]["parts"]["units"][2] = cert["rows"][1]["parts"]["universality"]  # not a unit target
    _refused(bad, "rows[1].parts.units[2].target", "unit tensor")


def test_a_corrupted_rank_part_is_refused(cert):
    bad = copy.deepcopy(cert)
    bad["rows"][0]["parts"]["rank"]["conclusion"]["generic_rank"] = 5
    _refused(bad, "rows[0].parts.rank.conclusion.generic_rank", "generic rank 4, not 5")
    bad = copy.deepcopy(cert)
    bad["rows"][2]["parts"]["rank"]["tensor"]["entries"][0][0][0][0] = "12345"
    _refused(bad, "rows[2].parts.rank.tensor.entries[0][0][0][0]", "not 12345")
    bad = copy.deepcopy(cert)  # the max row's rank witness used for the average row: wrong operator
    bad["rows"][2]["parts"]["rank"] = cert["rows"][1]["parts"]["rank"]
    _refused(bad, "rows[2].parts.rank", "operator")
    bad = copy.deepcopy(cert)  # a rank part about another architecture
    other = compare_pooling(2, 4, widths=(4, 2)).certificate().to_dict()
    bad["rows"][1]["parts"]["rank"] = other["rows"][1]["parts"]["rank"]
    _refused(bad, "rows[1].parts.rank", "widths")


def test_wrong_kinds_of_parts_are_refused(cert):
    bad = copy.deepcopy(cert)
    bad["rows"][2]["parts"]["universality"] = cert["rows"][1]["parts"]["universality"]
    _refused(bad, "rows[2].parts.universality", "non-realizability, not 'realization'")
    bad = copy.deepcopy(cert)
    bad["rows"][1]["parts"]["width"] = cert["rows"][2]["parts"]["width"]
    _refused(bad, "rows[1].parts.width", "max-pool-rank-bound")
    bad = copy.deepcopy(cert)
    del bad["rows"][1]["parts"]["width"]
    _refused(bad, "rows[1].parts", "missing required key 'width'")


def test_the_average_width_part_must_be_about_the_rank_witness(cert):
    bad = copy.deepcopy(cert)
    bad["rows"][2]["parts"]["width"] = cert["rows"][2]["parts"]["universality"]  # another target, over the tree
    _refused(bad, "rows[2].parts.width", "rank witness")


def test_the_coupling_target_must_be_shared(cert):
    bad = copy.deepcopy(cert)
    bad["rows"][1]["parts"]["universality"] = cert["rows"][1]["parts"]["units"][0]
    _refused(bad, "rows[2].parts.universality.target", "very target")


# ============================================================================ a corrupted claim
@pytest.mark.parametrize("old, new, match", [
    ("rank 4 (generic)", "rank 5 (generic)", "figures of row 0"),
    ("universal no", "universal yes", "figures of row 2"),
    ("shallow Z >= 2", "shallow Z >= 1", "figures of row 1"),
    ("at M=2,", "at M=two,", "the architecture as 'M=2, N=4'"),
])
def test_a_corrupted_claim_is_refused(cert, old, new, match):
    assert old in cert["claim"]
    cert["claim"] = cert["claim"].replace(old, new)
    _refused(cert, "claim", match)


# ============================================================================ limits, CLI
def test_no_table_certificate_without_every_unit_realization(table):
    rows = tuple(dict(r, certificates=dict(r["certificates"], units=())) if "units" in r["certificates"] else r
                 for r in table.rows)
    big = PoolingComparison(table.M, table.N, table.tree, table.widths, rows)
    with pytest.raises(ResourceLimitError, match="at most 256 of them, not 2\\^4 = 16"):
        big.certificate()


def test_cli_out_file_writes_the_table_certificate(capsys, tmp_path):
    path = tmp_path / "table.json"
    assert main(["compare", "--M", "2", "--N", "4", "--out", str(path), "--json"]) == 0
    obj = json.loads(capsys.readouterr().out)
    assert obj["table_certificate"] == "valid" and obj["written"] == [str(path)]
    cert = load_certificate(path)
    assert cert.kind == "pooling-comparison" and cert.check().facts["rank"]["max"] == 4
    gz = tmp_path / "table.json.gz"
    assert main(["compare", "--M", "2", "--N", "4", "--out", str(gz)]) == 0
    out = capsys.readouterr().out
    assert "one pooling-comparison certificate" in out and f"1 certificate file as {gz}" in out
    assert load_certificate(gz).is_valid()


def test_cli_out_file_refused_above_the_unit_limit(capsys, tmp_path):
    assert main(["compare", "--M", "3", "--N", "6", "--windows", "2,3", "--out", str(tmp_path / "t.json")]) == 2
    assert "at most 256 of them, not 3^6 = 729" in capsys.readouterr().err
    assert main(["compare", "--M", "3", "--N", "6", "--windows", "2,3", "--json"]) == 0  # no table certificate
    assert json.loads(capsys.readouterr().out)["table_certificate"] is None
