"""The comparison table as one certificate (rule ``comparison-table``): accepted, and refused when corrupted."""

from __future__ import annotations

import copy
import json

import pytest

from exactnet.certificates import Certificate, load_certificate
from exactnet.checker import check_certificate
from exactnet.cli import main
from exactnet.errors import CertificateError, ResourceLimitError
from exactnet.theorems.rectifier import PoolingComparison, compare_pooling

#: premise positions of the rule comparison-table
UNI_PRODUCT, RANK_PRODUCT, UNI_MAX, RANK_MAX, TERM, NOT_UNI_AVG, RANK_AVG, WIDTH_AVG = range(8)


@pytest.fixture(scope="module")
def table() -> PoolingComparison:
    return compare_pooling(4, 2)


@pytest.fixture()
def cert(table) -> dict:
    return table.certificate.to_dict()


def _premises(c: dict) -> list:
    return c["evidence"]["premises"]


def _refused(obj: dict, field: str, match: str) -> CertificateError:
    with pytest.raises(CertificateError, match=match) as info:
        check_certificate(obj)
    f = info.value.field or ""
    assert f == field or f.startswith(field + ".") or f.startswith(field + "["), f
    return info.value


# ============================================================================ accepted
def test_table_certificate_is_valid_and_states_the_figures(table, cert):
    report = check_certificate(cert)
    rows = report.proposition.object["rows"]
    assert [r["universal"] for r in rows] == [True, True, False]
    assert [r["rank"] for r in rows] == [4, 4, 3]
    assert [r["shallow_width_forced"] for r in rows] == [4, 2, None]
    # the figures agree with the table the function returns
    assert [(r["universal"], r["rank"], r["shallow_width_forced"]) for r in table.rows] == [
        (r["universal"], r["rank"], r["shallow_width_forced"]) for r in rows]
    assert "product (product): universal yes, rank 4 (witness), shallow Z >= 4" in report.sentence
    assert "max (relu-max): universal yes, rank 4 (construction), shallow Z >= 2" in report.sentence
    assert "average (relu-sum): universal no, rank 3 (witness), shallow not realizable" in report.sentence
    units = [len(_premises(cert)[k]["evidence"]["premises"]) for k in (UNI_PRODUCT, UNI_MAX)]
    assert units == [16, 16]
    assert Certificate.from_dict(json.loads(json.dumps(cert))).is_valid()  # JSON round trip


def test_table_certificate_over_an_uneven_tree_and_m3():
    c = compare_pooling(4, 2, tree=[[0, [1, 2]], 3]).certificate
    rows = c.check().proposition.object["rows"]
    assert rows[0]["rank_status"] == "witness" and rows[1]["rank_status"] == "witness"
    c3 = compare_pooling(4, 3).certificate
    assert [r["rank"] for r in c3.check().proposition.object["rows"]] == [9, 9, 4]


def test_average_row_realizable_witness_states_the_sufficient_width():
    from exactnet.tensors import PoolingTree
    from exactnet.theorems.rectifier import _compare

    c = _compare(2, 2, PoolingTree.from_nested((0, 1)), (2,), (0, 1)).certificate.to_dict()
    report = check_certificate(c)
    assert report.proposition.object["rows"][2]["shallow_width_sufficient"] == 4
    assert "shallow Z = 4 suffices" in report.sentence
    c["proposition"]["object"]["rows"][2]["shallow_width_sufficient"] = 3
    _refused(c, "proposition", "does not entail")


# ============================================================================ a corrupted figure
@pytest.mark.parametrize("row, key, value", [
    (0, "rank", 5), (0, "shallow_width_forced", 3), (0, "rank_status", "generic"), (1, "shallow_width_forced", 1),
    (1, "universal", False), (2, "universal", True), (2, "shallow_width_forced", 1), (2, "rank", 2), (1, "rank", "4"),
])
def test_a_corrupted_figure_is_refused(cert, row, key, value):
    cert["proposition"]["object"]["rows"][row][key] = value
    _refused(cert, "proposition", "does not entail")


def test_a_row_stating_an_unproved_figure_is_refused(cert):
    cert["proposition"]["object"]["rows"][1]["shallow_width_sufficient"] = 3
    _refused(cert, "proposition", "does not entail")


@pytest.mark.parametrize("change, field, match", [
    (lambda c: c["proposition"]["object"]["rows"].reverse(), "proposition", "does not entail"),
    (lambda c: c["proposition"]["object"]["rows"].pop(), "proposition.object.rows", "three rows"),
    (lambda c: c["proposition"]["object"].update(rows=["product", "max", "average"]), "proposition.object.rows",
     "three rows"),
    (lambda c: c["proposition"]["object"]["rows"][1].update(operator="relu-sum"), "proposition", "does not entail"),
    (lambda c: _premises(c).__setitem__(TERM, _premises(c)[RANK_MAX]), f"evidence.premises[{TERM}]",
     "max_pool_term_rank"),
    (lambda c: c["evidence"]["params"]["architecture"].update(partition={"rows": [0, 1], "cols": [2, 3]}),
     "evidence.params.architecture.partition", "odd-even"),
    (lambda c: c["evidence"]["params"]["architecture"].update(N=5), "evidence.params.architecture.tree",
     "every mode 0..4"),
    (lambda c: c["evidence"]["params"]["architecture"].update(widths=[3]), "evidence.params.networks[0]",
     "architecture"),
    (lambda c: c["evidence"]["params"].update(rank_status=["generic", "witness", "witness"]),
     "evidence.params.rank_status", "witness"),
    (lambda c: c.update(status="upper-bound"), "status", "unknown field"),
])
def test_a_corrupted_table_is_refused(cert, change, field, match):
    change(cert)
    _refused(cert, field, match)


# ============================================================================ a corrupted premise
def test_a_corrupted_unit_realization_is_refused(cert):
    unit = _premises(cert)[UNI_MAX]["evidence"]["premises"][3]
    unit["proposition"]["object"]["target"]["entries"][0][0][0][0] = "2"
    _refused(cert, f"evidence.premises[{UNI_MAX}].evidence.premises[3].proposition.object.target.entries[0][0][0][0]",
             "grid tensor has 0 at")


def test_units_must_cover_every_unit_target_once(cert):
    units = _premises(cert)[UNI_PRODUCT]["evidence"]["premises"]
    path = f"evidence.premises[{UNI_PRODUCT}].evidence.premises"
    bad = copy.deepcopy(cert)
    _premises(bad)[UNI_PRODUCT]["evidence"]["premises"] = units[:-1]
    _refused(bad, path, "15 of the")
    bad = copy.deepcopy(cert)
    _premises(bad)[UNI_PRODUCT]["evidence"]["premises"][1] = units[0]
    _refused(bad, f"{path}[1].object.target", "not realized by another premise")
    bad = copy.deepcopy(cert)
    _premises(bad)[UNI_MAX]["evidence"]["premises"][2] = units[0]  # a product network in the max row
    _refused(bad, f"evidence.premises[{UNI_MAX}].evidence.premises[2]", "first premise's operator")
    bad = copy.deepcopy(cert)  # a universality premise of the wrong operator
    _premises(bad)[UNI_MAX] = _premises(cert)[UNI_PRODUCT]
    _refused(bad, f"evidence.premises[{UNI_MAX}]", "universality of shallow relu-max networks")


def test_a_corrupted_rank_premise_is_refused(cert):
    bad = copy.deepcopy(cert)
    _premises(bad)[RANK_PRODUCT]["proposition"]["value"] = 5
    _refused(bad, f"evidence.premises[{RANK_PRODUCT}].proposition", "does not entail")
    bad = copy.deepcopy(cert)
    net = bad["evidence"]["params"]["networks"][2]  # the network beside its rank premise
    net["output_weights"][0][0] = "12345"
    _refused(bad, f"evidence.premises[{RANK_AVG}].object", "circuit of the network")
    bad = copy.deepcopy(cert)  # the max row's rank witness used for the average row: wrong operator
    _premises(bad)[RANK_AVG] = _premises(cert)[RANK_MAX]
    _refused(bad, f"evidence.premises[{RANK_AVG}].object", "circuit of the network")
    bad = copy.deepcopy(cert)  # and with the max row's network beside it
    bad["evidence"]["params"]["networks"][2] = bad["evidence"]["params"]["networks"][1]
    _refused(bad, "evidence.params.networks[2]", "relu-sum network of the table's architecture")
    bad = copy.deepcopy(cert)  # a rank premise about another architecture
    other = compare_pooling(4, 2, widths=(4, 2)).certificate.to_dict()
    _premises(bad)[RANK_MAX] = _premises(other)[RANK_MAX]
    _refused(bad, f"evidence.premises[{RANK_MAX}].object", "circuit of the network")


def test_wrong_kinds_of_premises_are_refused(cert):
    bad = copy.deepcopy(cert)
    _premises(bad)[NOT_UNI_AVG] = _premises(cert)[UNI_MAX]
    _refused(bad, f"evidence.premises[{NOT_UNI_AVG}]", "must state not_realizable")
    bad = copy.deepcopy(cert)
    _premises(bad)[TERM] = _premises(cert)[WIDTH_AVG]
    _refused(bad, f"evidence.premises[{TERM}]", "must state max_pool_term_rank")
    bad = copy.deepcopy(cert)
    del _premises(bad)[TERM]
    _refused(bad, "evidence.premises", "3 networks and 8 premises")


def test_the_average_width_premise_must_be_about_the_rank_witness(cert):
    bad = copy.deepcopy(cert)
    _premises(bad)[WIDTH_AVG] = _premises(cert)[NOT_UNI_AVG]  # another target, over the tree
    _refused(bad, f"evidence.premises[{WIDTH_AVG}]", "shallow relu-sum realizability")


# ============================================================================ a corrupted claim
@pytest.mark.parametrize("old, new", [
    ("rank 4 (witness)", "rank 5 (witness)"),
    ("universal no", "universal yes"),
    ("shallow Z >= 2", "shallow Z >= 1"),
    ("at M=2,", "at M=two,"),
])
def test_a_corrupted_claim_is_refused(cert, old, new):
    sentence = check_certificate(cert).sentence
    assert old in sentence
    cert["claim"] = sentence.replace(old, new)
    _refused(cert, "claim", "must be the rendering")


# ============================================================================ limits, CLI
def test_no_table_certificate_without_every_unit_realization(table):
    rows = tuple(dict(r, certificates=dict(r["certificates"], units=())) if "units" in r["certificates"] else r
                 for r in table.rows)
    big = PoolingComparison(table.M, table.N, table.tree, table.widths, rows)
    with pytest.raises(ResourceLimitError, match="at most 256 of them, not 2\\^4 = 16"):
        big.certificate


def test_cli_out_file_writes_the_table_certificate(capsys, tmp_path):
    path = tmp_path / "table.json"
    assert main(["compare", "--M", "2", "--N", "4", "--out", str(path), "--json"]) == 0
    obj = json.loads(capsys.readouterr().out)
    assert obj["table_certificate"] == "valid" and obj["written"] == [str(path)]
    cert = load_certificate(path)
    assert cert.kind == "pooling_comparison" and cert.check().proposition.object["rows"][1]["rank"] == 4
    gz = tmp_path / "table.json.gz"
    assert main(["compare", "--M", "2", "--N", "4", "--out", str(gz)]) == 0
    out = capsys.readouterr().out
    assert "one pooling_comparison certificate" in out and f"1 certificate file as {gz}" in out
    assert load_certificate(gz).is_valid()


def test_cli_out_file_refused_above_the_unit_limit(capsys, tmp_path):
    assert main(["compare", "--M", "3", "--N", "6", "--windows", "2,3", "--out", str(tmp_path / "t.json")]) == 2
    assert "at most 256 of them, not 3^6 = 729" in capsys.readouterr().err
    assert main(["compare", "--M", "3", "--N", "6", "--windows", "2,3", "--json"]) == 0  # no table certificate
    assert json.loads(capsys.readouterr().out)["table_certificate"] is None
