"""docs/formats.md cannot go stale: its marked JSON examples are loaded by the real loaders and checker.

A JSON block is an example when the line before its opening fence is a marker::

    <!-- example: network -->            network_from_dict must load it (and write it back unchanged)
    <!-- example: tensor -->             tensor_from_dict likewise
    <!-- example: representation -->     Representation.from_dict likewise
    <!-- example: certificate -->        a certificate (format version 2): the kernel must accept it
    <!-- example: v2 -->                  likewise
    <!-- example: KIND, error: PATH -->  the loader / kernel must refuse it, naming the JSON path PATH

Format version 1 is no longer read: the doc shows no version-1 certificate, and says how to regenerate
every version-1 kind the checker refuses.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest

from exactnet.certificates import Certificate
from exactnet.checker import _MIGRATED, check_certificate, check_file
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
    else:  # a certificate: format version 2, checked by the kernel, read by the library
        assert obj.get("schema_version") == 2, f"line {line}: a certificate example must be format version 2"
        report = check_certificate(copy.deepcopy(obj))
        assert report.verdict == "valid" and report.kind == obj["proposition"]["quantity"]
        assert Certificate.from_dict(copy.deepcopy(obj)).to_dict() == obj


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


def test_every_version_1_kind_is_listed_with_how_to_regenerate_it():
    """docs/formats.md, "Format version 1 (no longer read)": every kind the checker refuses is in the table."""
    text = DOC.read_text(encoding="utf-8")
    section = text.split("### Format version 1 (no longer read)")[1].split("\n## ")[0]
    listed = set(re.findall(r"^\| ([^|]*) \|", section, flags=re.M))
    kinds = {k for cell in listed for k in re.findall(r"`([a-z0-9-]+)`", cell)}
    missing = sorted(k for k in _MIGRATED if k not in kinds and k not in section)
    assert missing == [], f"version-1 kinds without a line in the table: {missing}"
    assert 'format version 1 is no longer read for' in section


def test_the_documented_refusal_of_a_version_1_file_is_the_real_one():
    text = DOC.read_text(encoding="utf-8")
    shown = re.search(r"^INVALID: old.json: (certificate format version 1 is no longer read for 'rank-one-sum'.*) "
                      r"\(field 'schema_version'\)$", text, flags=re.M)
    assert shown
    old = {"format": "exactnet.certificate", "schema_version": 1, "exactnet_version": "0.1.0", "kind": "rank-one-sum",
           "claim": "rank <= 2", "field": "Q", "status": "upper-bound"}
    with pytest.raises(CertificateError) as info:
        check_certificate(old)
    assert (info.value.reason, info.value.field) == (shown.group(1), "schema_version")


def test_gzip_example_round_trip(tmp_path):
    import gzip

    cert = next(obj for kind, _, obj in VALID if kind == "certificate")
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
    from exactnet.networks.io import read_json

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
    # kernel, version 2: a denominator is a string, never a JSON number
    mr = copy.deepcopy(next(obj for kind, _, obj in VALID if obj.get("schema_version") == 2
                            and obj["proposition"]["quantity"] == "rank"))
    mr["proposition"]["object"]["matrix"]["denominator"] = 1
    with pytest.raises(CertificateError) as info:
        check_certificate(mr)
    assert info.value.field == "proposition.object.matrix.denominator"


def _realizes():
    """The documented ``realizes`` example whose target tensor holds rational strings (docs/formats/rectifier.md)."""
    return copy.deepcopy(next(obj for kind, _, obj in VALID if kind in ("certificate", "v2")
                              and obj["proposition"]["quantity"] == "realizes"
                              and "target" in obj["proposition"]["object"]))


@pytest.mark.parametrize("text", [" 3 ", "+3", "1_0", "\u0663", "3/-4", "0.125", "1e3", "3/0", "", "1/2/3", "3\n",
                                  "2/4", "3/1", "03", "-0/2"])
def test_the_kernel_reads_rational_strings_strictly_as_documented(text):
    """docs/formats.md: the kernel takes ``-?(0|[1-9][0-9]*)(/[0-9]+)?`` strings in lowest terms only."""
    doc = DOC.read_text(encoding="utf-8")
    assert "`-?(0|[1-9][0-9]*)(/[0-9]+)?`" in doc
    for shown in ('" 3 "', '"+3"', '"1_0"', '"3/-4"', '"0.125"', '"1e3"', '"2/4"'):
        assert shown in doc
    cert = _realizes()
    entries = cert["proposition"]["object"]["target"]["entries"]
    path = "proposition.object.target.entries"
    while isinstance(entries[0], list):
        entries, path = entries[0], path + "[0]"
    entries[0] = text
    with pytest.raises(CertificateError, match=r"must be a rational|zero denominator|lowest terms") as info:
        check_certificate(cert)
    assert info.value.field == path + "[0]"


#: evidence methods documented in prose only, with the reason
_PROSE_ONLY = {"tied-cut-recursion": "an upper bound in the shared weight space that the provers write only when it "
                                     "is strictly below the untied bounds; docs/formats/structured.md describes it"}


def test_every_quantity_method_and_rule_has_a_runnable_example():
    """docs/formats.md and docs/formats/*.md hold, for each entry of the kernel's vocabulary, an example the tests
    load (the examples themselves are checked by the tests above)."""
    import exactnet.kernel  # noqa: F401  (registers every area)
    from exactnet.kernel.methods import METHODS
    from exactnet.kernel.propositions import QUANTITIES
    from exactnet.kernel.rules import RULES

    docs = Path(__file__).parents[1] / "docs"
    text = "".join(p.read_text() for p in [docs / "formats.md", *sorted((docs / "formats").glob("*.md"))])
    for key, names in (("quantity", QUANTITIES), ("method", METHODS), ("rule", RULES)):
        missing = [n for n in names if n not in _PROSE_ONLY and not re.search(rf'"{key}":\s*"{re.escape(n)}"', text)]
        assert not missing, f"no runnable example of the {key} {missing} in docs/formats*.md"
    assert set(_PROSE_ONLY) <= set(METHODS)
