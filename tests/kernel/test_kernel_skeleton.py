"""The kernel's engine: envelope, propositions, entails, methods, rules, strict JSON."""

from __future__ import annotations

import base64
import copy
import gzip
import json

import numpy as np
import pytest

from exactnet.errors import CertificateError
from exactnet.kernel import Proposition, check_bytes, check_certificate, check_file, entails
from exactnet.kernel.jsonio import loads, rational


def enc(A):
    A = np.asarray(A, dtype="<i8")
    return {"shape": list(A.shape), "denominator": "1", "encoding": "int64-base64",
            "data": base64.b64encode(A.tobytes()).decode()}


def rank_cert(A=((1, 2, 3), (2, 4, 6), (1, 0, 1)), value=2, relation="="):
    return {"format": "exactnet.certificate", "schema_version": 2, "exactnet_version": "0.2.0",
            "proposition": {"quantity": "rank", "object": {"matrix": enc(A)}, "relation": relation,
                            "value": value, "field": "Q"},
            "evidence": {"method": "minor-and-factorization", "rows": [0, 2], "cols": [0, 1], "prime": "7",
                         "scale": "1", "factor": enc([[1, 0, 1], [0, 1, 1]])}}


def test_valid_and_weaker_statements():
    assert check_certificate(rank_cert()).verdict == "valid"
    assert check_certificate(rank_cert(value=1, relation=">=")).proposition.status == "lower-bound"
    assert check_certificate(rank_cert(value=3, relation="<=")).proposition.status == "upper-bound"


@pytest.mark.parametrize("value,relation", [(3, "="), (1, "="), (3, ">="), (1, "<=")])
def test_stronger_statements_refused(value, relation):
    with pytest.raises(CertificateError) as info:
        check_certificate(rank_cert(value=value, relation=relation))
    assert info.value.field == "proposition.value"


def test_entails_table():
    p = lambda r, v: Proposition("rank", {"x": 1}, r, v)  # noqa: E731
    assert entails(p("=", 3), p("=", 3)) and entails(p("=", 3), p(">=", 2)) and entails(p("=", 3), p("<=", 4))
    assert not entails(p(">=", 3), p("=", 3)) and not entails(p(">=", 3), p(">=", 4))
    assert entails(p("<=", 3), p("<=", 5)) and not entails(p("<=", 3), p(">=", 0))
    assert not entails(p("=", 3), Proposition("rank", {"x": 2}, "=", 3))


def test_claim_must_be_the_rendering():
    cert = rank_cert()
    cert["claim"] = check_certificate(cert).sentence
    assert check_certificate(cert).sentence == cert["claim"]
    cert["claim"] = "rank A = 1000 over Q"
    with pytest.raises(CertificateError) as info:
        check_certificate(cert)
    assert info.value.field == "claim"


def test_strict_json_and_files(tmp_path):
    text = json.dumps(rank_cert())
    assert check_bytes(text).verdict == "valid"
    (tmp_path / "c.json.gz").write_bytes(gzip.compress(text.encode()))
    assert check_file(tmp_path / "c.json.gz").verdict == "valid"
    with pytest.raises(CertificateError, match="duplicate key"):
        check_bytes(text[:-1] + ', "claim": "x", "claim": "y"}')
    with pytest.raises(CertificateError) as info:
        check_bytes(text.replace('"value": 2', '"value": 2.0'))
    assert info.value.field == "proposition.value" and "JSON float" in info.value.reason
    for bad in ("1/0", "2/4", "3/1", "1/-2", "01", "1.5", 1):
        with pytest.raises(CertificateError):
            rational(bad, "x")
    assert loads('{"a": [1, "2"]}') == {"a": [1, "2"]}


def test_version_one_and_kind_confusion():
    cert = rank_cert()
    cert["schema_version"] = 1
    with pytest.raises(CertificateError, match="version"):
        check_certificate(cert)
    cert = rank_cert()
    cert["proposition"]["quantity"] = "generic_rank_of_nothing"
    with pytest.raises(CertificateError) as info:
        check_certificate(cert)
    assert info.value.field == "proposition.quantity"
    cert = rank_cert()
    cert["evidence"]["method"] = "trust-me"
    with pytest.raises(CertificateError) as info:
        check_certificate(cert)
    assert info.value.field == "evidence.method"
    cert = rank_cert()
    cert["evidence"]["extra"] = 1
    with pytest.raises(CertificateError) as info:
        check_certificate(copy.deepcopy(cert))
    assert info.value.field == "evidence.extra"
