"""The kernel's JSON reader: limits before the work, no recursion limit, one error type per kind of
failure (FormatError: not JSON or over a limit; CertificateError: JSON but not a valid certificate),
and each matrix parsed once per check."""

from __future__ import annotations

import gzip
import json
import sys

import pytest

import exactnet.kernel.matrix as kmatrix
from exactnet.errors import CertificateError, FormatError
from exactnet.kernel import check_bytes, check_certificate, check_file
from exactnet.kernel.jsonio import LIMITS, limit, loads
from test_kernel_skeleton import rank_cert


def test_malformed_json_is_a_format_error_naming_the_line_and_column(tmp_path):
    with pytest.raises(FormatError, match=r"line 2 column 10"):
        loads('{"a": 1,\n "b": [1 2]}')
    f = tmp_path / "bad.json"
    f.write_text('{"format": ')
    with pytest.raises(FormatError, match="bad.json: not valid JSON"):
        check_file(f)
    with pytest.raises(FormatError, match="not valid JSON"):
        check_bytes(b"\xff\xfe{}")  # not UTF-8


def test_json_that_is_not_a_valid_certificate_is_a_certificate_error():
    with pytest.raises(CertificateError, match="duplicate key") as info:
        loads('{"a": {"b": 1, "b": 2}}')
    assert info.value.field == "b"
    with pytest.raises(CertificateError) as info:
        loads('{"a": [1, {"b": [2, 2.5]}]}')
    assert info.value.field == "a[1].b[1]" and "JSON float 2.5" in info.value.reason
    for constant in ("NaN", "Infinity", "-Infinity"):
        with pytest.raises(CertificateError, match="float"):
            loads(f'{{"x": {constant}}}')


def test_deep_nesting_parses_without_recursion_error_up_to_the_depth_limit(monkeypatch):
    depth = 100_000
    x = loads("[" * depth + "]" * depth)
    for _ in range(depth - 1):
        x = x[0]
    assert x == []
    with pytest.raises(CertificateError) as info:  # a float deep inside: found without recursion, path named
        loads('{"a":' * 20_000 + "0.5" + "}" * 20_000)
    assert info.value.field == ".".join(["a"] * 20_000)
    limit_before = sys.getrecursionlimit()
    monkeypatch.setenv("EXACTNET_MAX_JSON_DEPTH", "5000")
    with pytest.raises(FormatError, match="EXACTNET_MAX_JSON_DEPTH"):
        loads("[" * 20_000 + "]" * 20_000)
    assert sys.getrecursionlimit() == limit_before  # restored
    with pytest.raises(FormatError, match="not valid JSON"):  # malformed deep text: still a format error
        loads("[" * 20_00 + "]" * 1999 + "}")


def test_a_caterpillar_tree_of_10000_leaves_loads():
    text = json.dumps({"tree": "T"}).replace('"T"', "[" * 9_999 + "0" + "".join(f", {k}]" for k in range(1, 10_000)))
    tree, leaves = loads(text)["tree"], []
    while isinstance(tree, list):  # walked down without recursion: [[[0, 1], 2], ..., 9999]
        tree, leaves = tree[0], leaves + [tree[1]] if len(leaves) < 3 else leaves
    assert tree == 0 and leaves == [9_999, 9_998, 9_997]


def test_integers_over_the_digit_limit_are_refused_before_conversion(monkeypatch):
    assert loads("[" + "9" * 5000 + "]")[0] == 10**5000 - 1  # past Python's 4300-digit limit: exact
    with pytest.raises(FormatError, match="200000 digits.*EXACTNET_MAX_DIGITS"):
        loads("[" + "7" * 200_000 + "]")
    monkeypatch.setenv("EXACTNET_MAX_DIGITS", "4500")
    cert = rank_cert()
    cert["evidence"]["prime"] = "7" * 5000  # an integer string: the same limit
    with pytest.raises(FormatError, match="5000 digits") as info:
        check_certificate(cert)
    assert info.value.field == "evidence.prime"


def test_byte_limits_before_reading_and_decompressing(tmp_path, monkeypatch):
    monkeypatch.setenv("EXACTNET_MAX_INPUT_BYTES", "1KiB")
    assert limit("bytes") == 1024
    big = tmp_path / "big.json"
    big.write_text(json.dumps(rank_cert()) + " " * 2000)
    with pytest.raises(FormatError, match=r"a file of \d+ bytes, over the limit of 1024 bytes.*EXACTNET_MAX_INPUT_BYTES"):
        check_file(big)
    bomb = gzip.compress(b"[" + b" " * 50_000_000 + b"]")  # 50 MB of JSON in about 50 KB: stopped at 1 KiB + 1
    assert len(bomb) < 100_000
    with pytest.raises(FormatError, match="over the limit of 1024 bytes"):
        check_bytes(bomb)
    monkeypatch.setenv("EXACTNET_MAX_INPUT_BYTES", "lots")
    with pytest.raises(FormatError, match="EXACTNET_MAX_INPUT_BYTES must be a count"):
        loads(b"[]")
    monkeypatch.setenv("EXACTNET_MAX_INPUT_BYTES", "2MB")
    assert limit("bytes") == 2_000_000
    assert set(LIMITS) == {"bytes", "depth", "digits"}


def test_corrupt_gzip_is_a_format_error():
    data = gzip.compress(json.dumps(rank_cert()).encode())
    with pytest.raises(FormatError, match="corrupt gzip"):
        check_bytes(data[:10] + b"\x00" * 20 + data[30:])
    with pytest.raises(FormatError, match="not valid JSON"):  # truncated: the JSON does not end
        check_bytes(data[: len(data) // 2])
    assert check_bytes(data).verdict == "valid"


def test_each_matrix_is_parsed_once_per_check(monkeypatch):
    calls = []
    original = kmatrix.parse_matrix

    def counting(raw, path):
        calls.append(path)
        return original(raw, path)

    monkeypatch.setattr(kmatrix, "parse_matrix", counting)
    assert check_certificate(rank_cert()).verdict == "valid"
    assert sorted(calls) == ["evidence.factor", "proposition.object.matrix"]


@pytest.mark.parametrize("where", [("proposition", "object"), ("proposition", "object", "matrix"),
                                   ("evidence", "factor"), ("evidence",)])
def test_a_scalar_where_an_object_belongs_is_refused_naming_the_field(where):
    """Found by the kernel fuzzer: an integer in place of a JSON object."""
    cert = rank_cert()
    target = cert
    for key in where[:-1]:
        target = target[key]
    target[where[-1]] = 0
    with pytest.raises(CertificateError, match="JSON object") as info:
        check_certificate(cert)
    assert info.value.field == ".".join(where)
