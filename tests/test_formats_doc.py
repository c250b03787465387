"""docs/formats.md cannot go stale: its marked JSON examples are loaded by the real loaders and checker.

A JSON block is an example when the line before its opening fence is a marker::

    <!-- example: network -->            network_from_dict must load it (and write it back unchanged)
    <!-- example: tensor -->             tensor_from_dict likewise
    <!-- example: representation -->     Representation.from_dict likewise
    <!-- example: certificate -->        check_certificate must accept it
    <!-- example: v2 -->                  a version-2 certificate: the kernel must accept it
    <!-- example: KIND, error: PATH -->  the loader / checker must refuse it, naming the JSON path PATH

Every certificate kind the checker registers must have a section and a valid example, and the
"Proved values" listed for a kind must be values its checker really reports.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest

from exactnet.certificates.certificate import Certificate
from exactnet.core.certificate import Certificate as CertificateV2
from exactnet.checker import check_certificate, check_file, known_kinds
from exactnet.errors import CertificateError, FormatError
from exactnet.networks import Representation, network_from_dict, tensor_from_dict, tensor_to_dict

DOC = Path(__file__).resolve().parents[1] / "docs" / "formats.md"
#: the main reference plus one file per area (docs/formats/*.md), all held to the same rules
DOCS = [DOC, *sorted((DOC.parent / "formats").glob("*.md"))]
MARKER = re.compile(r"<!-- example: (network|tensor|representation|certificate|v2)(?:, error: (\S+))? -->")
KINDS = ("network", "tensor", "representation", "certificate", "v2")


def _examples() -> list[tuple[str, str | None, int, dict]]:
    """(kind, expected error field or None, line number, parsed JSON) for every marked block of every doc."""
    out = []
    for doc in DOCS:
        out.extend(_examples_of(doc))
    return out


def _examples_of(doc: Path) -> list[tuple[str, str | None, int, dict]]:
    lines = doc.read_text(encoding="utf-8").splitlines()
    out = []
    for k, line in enumerate(lines):
        if line.strip() != "```json":
            continue
        prev = next((lines[j] for j in range(k - 1, -1, -1) if lines[j].strip()), "")
        m = MARKER.fullmatch(prev.strip())
        assert m, f"{doc.name} line {k + 1}: a ```json block without an <!-- example: ... --> marker"
        end = next(j for j in range(k + 1, len(lines)) if lines[j].strip() == "```")
        text = "\n".join(lines[k + 1:end])
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:  # pragma: no cover - the message is the point
            pytest.fail(f"{doc.name} line {k + 2}: the example is not valid JSON: {exc}")
        out.append((m.group(1), m.group(2), k + 2, obj))
    return out


EXAMPLES = _examples()
VALID = [(kind, line, obj) for kind, err, line, obj in EXAMPLES if err is None]
INVALID = [(kind, err, line, obj) for kind, err, line, obj in EXAMPLES if err is not None]


def _floats(x, path=""):
    if isinstance(x, float):
        yield path
    elif isinstance(x, dict):
        for k, v in x.items():
            yield from _floats(v, f"{path}.{k}")
    elif isinstance(x, list):
        for k, v in enumerate(x):
            yield from _floats(v, f"{path}[{k}]")


def test_the_doc_has_examples_of_every_format():
    kinds = {kind for kind, _, _ in VALID}
    assert kinds == set(KINDS), f"missing full examples for {set(KINDS) - kinds}"
    assert INVALID, "the doc shows at least one refused file"


@pytest.mark.parametrize("kind, line, obj", VALID, ids=[f"line{line}-{kind}" for kind, line, _ in VALID])
def test_valid_example_loads(kind, line, obj):
    assert list(_floats(obj)) == [], f"line {line}: an example must not contain JSON floats"
    if kind == "network":
        net = network_from_dict(copy.deepcopy(obj))
        assert net.to_dict() == obj  # canonical: exactly what exactnet writes
    elif kind == "tensor":
        T = tensor_from_dict(copy.deepcopy(obj))
        assert tensor_to_dict(T) == obj
    elif kind == "representation":
        rep = Representation.from_dict(copy.deepcopy(obj))
        assert rep.to_dict() == obj
    elif kind == "v2" or obj.get("schema_version") == 2:  # version 2: checked by the kernel, read by the library
        report = check_certificate(copy.deepcopy(obj))
        assert report.verdict == "valid" and report.kind == obj["proposition"]["quantity"]
        assert CertificateV2.from_dict(copy.deepcopy(obj)).to_dict() == obj
    else:
        report = check_certificate(copy.deepcopy(obj))
        assert report.kind == obj["kind"]
        assert Certificate.from_dict(copy.deepcopy(obj)).to_dict() == obj  # the library reads it too


@pytest.mark.parametrize("kind, field, line, obj", INVALID, ids=[f"line{line}-{kind}" for kind, _, line, _ in INVALID])
def test_invalid_example_is_refused_naming_the_field(kind, field, line, obj):
    if kind == "network":
        with pytest.raises(FormatError) as info:
            network_from_dict(obj)
    elif kind == "tensor":
        with pytest.raises(FormatError) as info:
            tensor_from_dict(obj)
    elif kind == "representation":
        with pytest.raises(FormatError) as info:
            Representation.from_dict(obj)
    else:
        with pytest.raises(CertificateError) as info:
            check_certificate(obj)
    assert info.value.field == field, f"line {line}: refused at {info.value.field!r}, the doc says {field!r}"


def _sections() -> dict[str, str]:
    """``### `kind` `` heading -> the text of its section."""
    text = "\n".join(doc.read_text(encoding="utf-8") for doc in DOCS)
    parts = re.split(r"^### `([a-z-]+)`\s*$", text, flags=re.M)
    return {parts[k]: parts[k + 1].split("\n## ")[0] for k in range(1, len(parts), 2)}


def test_every_registered_kind_is_documented_with_a_valid_example():
    sections = _sections()
    example_kinds = {obj.get("kind") for kind, _, obj in VALID if kind == "certificate" and "kind" in obj}
    for kind in known_kinds():
        assert kind in sections, f"docs/formats.md has no section '### `{kind}`'"
        assert kind in example_kinds, f"docs/formats.md has no valid example certificate of kind {kind!r}"
    assert set(sections) <= set(known_kinds()), "a documented kind the checker does not know"


def test_proved_values_listed_are_what_the_checker_reports():
    sections = _sections()
    facts: dict[str, set] = {}
    for kind, _, obj in VALID:
        if kind == "certificate" and "kind" in obj:
            facts.setdefault(obj["kind"], set()).update(check_certificate(copy.deepcopy(obj)).facts)
    for kind, text in sections.items():
        m = re.search(r"Proved values: (.*?)\.\n\n", text, flags=re.S)
        assert m, f"section {kind!r} lists no 'Proved values: ...'"
        listed = set(re.findall(r"`([A-Za-z_]+)`", m.group(1)))
        assert listed and listed <= facts[kind], f"{kind}: the doc lists {sorted(listed - facts[kind])}, not proved"


def test_gzip_example_round_trip(tmp_path):
    import gzip

    cert = next(obj for kind, _, obj in VALID if kind == "certificate" and obj.get("schema_version") == 2)
    path = tmp_path / "cert.json.gz"
    path.write_bytes(gzip.compress(json.dumps(cert).encode("utf-8")))
    assert check_file(path).facts["value"] == cert["proposition"]["value"]
    odd = tmp_path / "cert.json"  # recognised by content, whatever the name
    odd.write_bytes(path.read_bytes())
    assert check_file(odd).facts["value"] == cert["proposition"]["value"]


def test_the_documented_float_error_is_the_real_one(tmp_path):
    net = next(obj for kind, _, obj in VALID if kind == "network")
    bad = copy.deepcopy(net)
    bad["leaf_weights"][0][1][0] = 0.5
    with pytest.raises(FormatError, match=r'^leaf_weights\[0\]\[1\]\[0\]: a rational must be a string such as "3/4"'):
        network_from_dict(bad)
    doc = DOC.read_text(encoding="utf-8")
    assert 'leaf_weights[0][1][0]: a rational must be a string such as "3/4" or an int, not the JSON float 0.5' in doc
    from exactnet.certificates.certificate import read_json

    f = tmp_path / "net.json"
    f.write_text(json.dumps(bad))
    with pytest.raises(FormatError) as info:
        read_json(f)
    assert info.value.field == f"{f}: leaf_weights[0][1][0]"
    assert info.value.reason in doc


def test_the_documented_reader_differences_are_the_real_ones():
    """The table "Where a rational is expected, readers differ slightly" of docs/formats.md."""
    doc = DOC.read_text(encoding="utf-8")
    assert "readers differ slightly" in doc
    net = copy.deepcopy(next(obj for kind, _, obj in VALID if kind == "network" and obj["kind"] == "deep-convac"))
    # network loader: JSON integers and exact decimal strings
    net["output_weights"][0][0] = 1
    assert network_from_dict(copy.deepcopy(net)).output_weights.tolist_str()[0][0] == "1"
    net["output_weights"][0][0] = "0.125"
    assert network_from_dict(copy.deepcopy(net)).output_weights.tolist_str()[0][0] == "1/8"
    # checker: JSON integers inside a network are read as rationals
    cert = copy.deepcopy(next(obj for kind, _, obj in VALID
                              if kind == "certificate" and obj.get("kind") == "network-rank-lower-bound"))
    cert["network"]["leaf_weights"][0][0][0] = 1
    assert check_certificate(cert).facts["r"] == cert["r"]
    # kernel, version 2: a denominator is a string, never a JSON number
    mr = copy.deepcopy(next(obj for kind, _, obj in VALID if obj.get("schema_version") == 2
                            and obj["proposition"]["quantity"] == "rank"))
    mr["proposition"]["object"]["matrix"]["denominator"] = 1
    with pytest.raises(CertificateError) as info:
        check_certificate(mr)
    assert info.value.field == "proposition.object.matrix.denominator"


@pytest.mark.parametrize("text", [" 3 ", "+3", "1_0", "\u0663", "3/-4", "0.125", "1e3", "3/0", "", "1/2/3", "3\n"])
def test_the_checker_reads_rational_strings_strictly_as_documented(text):
    """docs/formats.md: inside a network the checker takes JSON integers and ``-?[0-9]+(/[0-9]+)?`` strings only."""
    doc = DOC.read_text(encoding="utf-8")
    assert "`-?[0-9]+(/[0-9]+)?`" in doc
    for shown in ('" 3 "', '"+3"', '"1_0"', '"3/-4"', '"0.125"', '"1e3"'):
        assert shown in doc
    cert = copy.deepcopy(next(obj for kind, _, obj in VALID
                              if kind == "certificate" and obj.get("kind") == "network-rank-lower-bound"))
    cert["network"]["leaf_weights"][0][0][0] = text
    with pytest.raises(CertificateError, match=r"must be a rational string|zero denominator") as info:
        check_certificate(cert)
    assert info.value.field == "network.leaf_weights[0][0][0]"
    cert["network"]["leaf_weights"][0][0][0] = "2/2"  # unreduced, read exactly (= 1)
    assert check_certificate(cert).facts["r"] == cert["r"]


def test_conclusions_are_verified_as_documented():
    """The bundle example's concluded values are derived; a changed one is refused, naming it."""
    bundle = copy.deepcopy(next(obj for kind, _, obj in VALID if kind == "certificate" and obj.get("kind") == "bundle"))
    assert dict(check_certificate(copy.deepcopy(bundle)).facts["conclusion"]) == bundle["conclusion"]
    for key in bundle["conclusion"]:
        bad = copy.deepcopy(bundle)
        bad["conclusion"][key] += 1
        with pytest.raises(CertificateError) as info:
            check_certificate(bad)
        assert info.value.field == f"conclusion.{key}"
    count = copy.deepcopy(next(obj for kind, _, obj in VALID
                               if kind == "certificate" and obj.get("kind") == "structural-upper-bound"))
    count["conclusion"] = {"bound": count["bound"]}  # a kind without a conclusion: nothing would verify it
    with pytest.raises(CertificateError, match="has no conclusion") as info:
        check_certificate(count)
    assert info.value.field == "conclusion"
