"""exactnet.certificates: the certificate value objects (format version 2, and the version-1 class still
written by some provers), their JSON form and files."""

from __future__ import annotations

import gzip
import json
from fractions import Fraction

import pytest

from exactnet import __version__
import exactnet
from exactnet.certificates import Certificate as CertificateV2
from exactnet.certificates import jsonable, load_certificate
from exactnet.certificates.certificate import Certificate
from exactnet.core.qarray import QArray
from exactnet.errors import CertificateError, FormatError, InexactInputError, InvalidArgumentError
from exactnet.theorems import depth_efficiency_certificate, shallow_rank_bound


def count_cert(count: int = 15) -> Certificate:
    """A version-1 structural-upper-bound certificate (rule cp-rank: rank <= Z = 15 for a shallow ConvAC)."""
    data = {k: v for k, v in shallow_rank_bound(2, 2, 15, [0]).to_dict().items()
            if k not in ("format", "schema_version", "exactnet_version", "kind", "claim", "field", "status")}
    return Certificate("structural-upper-bound", f"rank <= {count}", status="upper-bound", data={**data, "bound": count})


def test_the_one_certificate_type_is_version_2():
    assert exactnet.Certificate is CertificateV2 and CertificateV2.__mro__[1].__module__ == "exactnet.core.certificate"
    c = depth_efficiency_certificate(4, 2, (2, 1))
    assert isinstance(c, CertificateV2) and c.certificate is c and (c.value, c.status, c.field) == (4, "lower-bound", "Q")


def test_to_dict_header_and_round_trip():
    c = count_cert()
    d = c.to_dict()
    assert (d["format"], d["schema_version"], d["exactnet_version"]) == ("exactnet.certificate", 1, __version__)
    assert (d["kind"], d["field"], d["status"], d["bound"]) == ("structural-upper-bound", "Q", "upper-bound", 15)
    assert Certificate.from_dict(d) == c and hash(Certificate.from_dict(d)) == hash(c)
    assert c != count_cert(16)


def test_check_and_is_valid():
    assert count_cert().check().facts["bound"] == 15
    bad = count_cert(16)
    assert not bad.is_valid()
    with pytest.raises(CertificateError, match="bound"):
        bad.check()


def test_rationals_are_strings_and_floats_are_refused():
    c = Certificate("bundle", "x", status="exact", data={"q": Fraction(-6, 4), "m": QArray.from_nested([[1, "1/2"]])})
    assert c.to_dict()["q"] == "-3/2" and c.to_dict()["m"] == [["1", "1/2"]]
    with pytest.raises(InexactInputError, match="Argument 'data.x\\[1\\]' must be exact"):
        Certificate("bundle", "x", data={"x": [1, 0.5]})
    assert jsonable((1, Fraction(1, 3))) == [1, "1/3"]
    with pytest.raises(InvalidArgumentError, match="must have string keys"):
        jsonable({1: 2})
    with pytest.raises(InvalidArgumentError, match="must be JSON data"):
        jsonable(object())


def test_constructor_errors():
    with pytest.raises(InvalidArgumentError, match="Argument 'status' must be one of"):
        Certificate("bundle", "x", status="proven")
    with pytest.raises(InvalidArgumentError, match="Argument 'field' must be 'Q' or 'GF\\(p\\)'"):
        Certificate("bundle", "x", field="R")
    assert Certificate("bundle", "x", field="GF(101)").field == "GF(101)"
    with pytest.raises(InvalidArgumentError, match="Argument 'claim' must be a non-empty string"):
        Certificate("bundle", "")
    with pytest.raises(InvalidArgumentError, match="Argument 'data' must be a mapping"):
        Certificate("bundle", "x", data=[1])
    with pytest.raises(InvalidArgumentError, match="must not contain the header keys \\['kind'\\]"):
        Certificate("bundle", "x", data={"kind": "y"})


def test_data_is_immutable_and_replace_copies():
    c = count_cert()
    with pytest.raises(TypeError, match="immutable"):
        c.data["bound"] = 3
    with pytest.raises(TypeError, match="immutable"):
        c.data["architecture"].update(Z=4)
    d = c.replace(claim="other")
    assert d.claim == "other" and d.data == c.data and c.claim == "rank <= 15"


def test_from_dict_errors():
    d = count_cert().to_dict()
    with pytest.raises(FormatError, match="must be \"exactnet.certificate\""):
        Certificate.from_dict({**d, "format": "exactnet.network"})
    with pytest.raises(FormatError, match="schema_version: must be 1"):
        Certificate.from_dict({**d, "schema_version": True})
    with pytest.raises(FormatError, match="status: must be one of"):
        Certificate.from_dict({**d, "status": "sure"})
    with pytest.raises(FormatError, match="kind: must be a non-empty string"):
        Certificate.from_dict({**d, "kind": 3})
    with pytest.raises(FormatError, match="field: must be \"Q\""):
        Certificate.from_dict({**d, "field": "R"})
    with pytest.raises(FormatError, match="must be a JSON object"):
        Certificate.from_dict([])


@pytest.mark.parametrize("name", ["c.json", "c.json.gz"])
def test_save_load(tmp_path, name):
    c = depth_efficiency_certificate(4, 2, (2, 1))
    path = c.save(tmp_path / name)
    if name.endswith(".gz"):
        assert gzip.open(path).read(1) == b"{"
    back = load_certificate(path)
    assert back == c and back.check().facts["value"] == 4
    assert CertificateV2.load(path) == c


def test_load_errors(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(FormatError, match="malformed JSON at line 1"):
        load_certificate(bad)
    flt = tmp_path / "float.json"
    flt.write_text(json.dumps({**shallow_rank_bound(2, 2, 3, [0]).to_dict(), "bound": 3.0}))
    with pytest.raises(FormatError, match="the JSON number 3.0 is a float"):
        load_certificate(flt)
    with pytest.raises(FormatError, match="cannot read the file"):
        load_certificate(tmp_path / "missing.json")
    gz = tmp_path / "broken.json.gz"
    gz.write_bytes(b"\x1f\x8b\x08garbage")
    with pytest.raises(FormatError, match="not a readable \\(gzip\\) JSON file"):
        load_certificate(gz)
