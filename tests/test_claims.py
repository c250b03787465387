"""The claims library: every claim cited, findings named, docs/claims.md in step."""

from __future__ import annotations

from pathlib import Path

import pytest

from exactnet.claims import VERDICTS, claims_markdown, library
from exactnet.theorems.registry import all_checks

ROOT = Path(__file__).resolve().parents[1]
LIBRARY = library()


def test_every_registered_check_is_a_claim():
    assert list(LIBRARY) == [c.id for c in all_checks()]


@pytest.mark.parametrize("claim_id", sorted(LIBRARY))
def test_claim_is_cited_and_argued(claim_id):
    claim = LIBRARY[claim_id]
    cite = claim.source
    assert cite.kind in ("published", "folklore", "derived here")
    if cite.kind == "published":
        p = cite.publication
        assert p.authors and p.title and p.venue and p.year and cite.where
    if cite.kind == "derived here":
        assert len(cite.derivation) > 80
    assert len(claim.argument) > 60 and claim.statement and claim.instances


def test_findings_name_a_publication_and_a_statement():
    findings = [i.finding for c in LIBRARY.values() for i in c.instances if i.finding is not None]
    assert {f.verdict for f in findings} == {"contradicts-published", "sharper-than-published"}
    for f in findings:
        assert f.verdict in VERDICTS and f.publication.arxiv and len(f.statement) > 20


def test_finding_instance_reports_the_publication():
    from exactnet.theorems.registry import get_check

    out = get_check("montufar2014-maxout").run("k3_L2_theorem8-as-quoted")
    assert out.verdict == "contradicts-published" and out.ok
    assert "Montufar, Pascanu, Cho & Bengio 2014, Theorem 8" in out.message


def test_claims_page_is_in_step():
    """Regenerate with ``python -m exactnet.claims`` when this fails."""
    assert (ROOT / "docs" / "claims.md").read_text() == claims_markdown()


def test_claims_page_lists_every_claim_with_its_source():
    page = claims_markdown()
    for claim in LIBRARY.values():
        assert f"### `{claim.id}`" in page and claim.source.text() in page


def test_bad_citation_and_finding_are_refused():
    from exactnet.claims import Citation, Finding, PUBLICATIONS

    with pytest.raises(ValueError):
        Citation("published")
    with pytest.raises(ValueError):
        Citation("derived here")
    with pytest.raises(ValueError):
        Finding("refutes", PUBLICATIONS["mpcb2014"], "x")
