"""exactnet.certificates: the one certificate type (format version 2), its JSON form and files."""

from __future__ import annotations

import copy
import gzip
import json

import pytest

import exactnet
from exactnet import __version__
from exactnet.certificates import Certificate, load_certificate
from exactnet.core import certificate as core_certificate
from exactnet.errors import CertificateError, FormatError
from exactnet.theorems import depth_efficiency_certificate, shallow_rank_bound


def test_there_is_one_certificate_type():
    assert exactnet.Certificate is Certificate is core_certificate.Certificate
    assert Certificate.__mro__[1] is object
    c = depth_efficiency_certificate(4, 2, (2, 1))
    assert isinstance(c, Certificate) and c.certificate is c and (c.value, c.status, c.field) == (4, "lower-bound", "Q")
    assert type(shallow_rank_bound(2, 2, 15, [0])) is Certificate


def test_to_dict_header_and_round_trip():
    c = shallow_rank_bound(2, 2, 15, [0])
    d = c.to_dict()
    assert (d["format"], d["schema_version"], d["exactnet_version"]) == ("exactnet.certificate", 2, __version__)
    assert (d["proposition"]["relation"], d["proposition"]["value"], c.status) == ("<=", 15, "upper-bound")
    assert Certificate.from_dict(d) == c and hash(Certificate.from_dict(d)) == hash(c)
    assert c != shallow_rank_bound(2, 2, 16, [0])


def test_to_dict_and_from_dict_copy():
    c = shallow_rank_bound(2, 2, 15, [0])
    d = c.to_dict()
    d["proposition"]["value"] = 3
    assert c.value == 15  # changing the JSON does not change the certificate
    back = Certificate.from_dict(d)
    d["proposition"]["value"] = 4
    assert back.value == 3
    with pytest.raises(AttributeError, match="immutable"):
        c.proposition = {}


def test_check_and_is_valid():
    c = shallow_rank_bound(2, 2, 15, [0])
    assert c.check().verdict == "valid" and c.is_valid()
    d = c.to_dict()
    d["proposition"]["value"] = 1  # rank <= 1 does not follow (the cut recursion gives min(2, 15) = 2)
    bad = Certificate.from_dict(d)
    assert not bad.is_valid()
    with pytest.raises(CertificateError):
        bad.check()


def test_from_dict_errors():
    d = shallow_rank_bound(2, 2, 3, [0]).to_dict()
    with pytest.raises(FormatError, match="not an exactnet certificate"):
        Certificate.from_dict({**d, "format": "exactnet.network"})
    with pytest.raises(FormatError, match="not an exactnet certificate"):
        Certificate.from_dict([])
    for version in (True, 3, "2", None):
        with pytest.raises(FormatError, match="format version .* is not read") as info:
            Certificate.from_dict({**d, "schema_version": version})
        assert info.value.field == "schema_version"
    for key in ("proposition", "evidence"):
        with pytest.raises(FormatError, match="must be a JSON object"):
            Certificate.from_dict({**d, key: []})


def test_a_version_1_file_is_refused_naming_its_version_and_how_to_regenerate_it(tmp_path):
    old = {"format": "exactnet.certificate", "schema_version": 1, "exactnet_version": "0.1.0",
           "kind": "structural-upper-bound", "claim": "rank <= 3", "field": "Q", "status": "upper-bound", "bound": 3}
    f = tmp_path / "old.json"
    f.write_text(json.dumps(old))
    for read in (Certificate.from_dict, lambda o: load_certificate(f)):
        with pytest.raises(CertificateError, match=r"format version 1 is no longer read for 'structural-upper-bound'; "
                                                   r"regenerate it with exactnet\.theorems\.upper_bound_certificate") as info:
            read(copy.deepcopy(old))
        assert info.value.field == "schema_version"


@pytest.mark.parametrize("name", ["c.json", "c.json.gz"])
def test_save_load(tmp_path, name):
    c = depth_efficiency_certificate(4, 2, (2, 1))
    path = c.save(tmp_path / name)
    if name.endswith(".gz"):
        assert gzip.open(path).read(1) == b"{"
    back = load_certificate(path)
    assert back == c and back.check().verdict == "valid" and back.value == 4
    assert Certificate.load(path) == c


def test_load_errors(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(FormatError, match="bad.json: malformed JSON"):
        load_certificate(bad)
    d = shallow_rank_bound(2, 2, 3, [0]).to_dict()
    flt = tmp_path / "float.json"
    flt.write_text(json.dumps({**d, "proposition": {**d["proposition"], "value": 3.0}}))
    with pytest.raises(CertificateError, match="JSON float 3.0 is never accepted") as info:
        load_certificate(flt)
    assert info.value.field == "proposition.value"
    dup = tmp_path / "dup.json"
    dup.write_text(json.dumps(d)[:-1] + ', "evidence": {}}')
    with pytest.raises(CertificateError, match="duplicate"):
        load_certificate(dup)
    with pytest.raises(FormatError, match="cannot read the file"):
        load_certificate(tmp_path / "missing.json")
    gz = tmp_path / "broken.json.gz"
    gz.write_bytes(b"\x1f\x8b\x08garbage")
    with pytest.raises(FormatError, match="not a readable \\(gzip\\) JSON file"):
        load_certificate(gz)
