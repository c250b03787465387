"""The value types of the claims library: publications, citations, findings, claims."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Publication", "Citation", "Finding", "Instance", "Claim", "VERDICTS"]

#: Verdicts of one instance: the certified value equals the stated one; it contradicts a published
#: statement; it is sharper than a published bound; no valid certificate could be produced.
VERDICTS = ("confirmed", "contradicts-published", "sharper-than-published", "failed")


@dataclass(frozen=True)
class Publication:
    """A published source (``key`` is the short handle used in the library, e.g. ``"mpcb2014"``)."""

    key: str
    authors: str
    title: str
    venue: str
    year: int
    arxiv: str = ""

    @property
    def short(self) -> str:
        """``"Montufar, Pascanu, Cho & Bengio 2014"``-style short name."""
        return f"{self.authors} {self.year}"

    def reference(self) -> str:
        """The full reference in one line."""
        tail = f", arXiv:{self.arxiv}" if self.arxiv else ""
        return f'{self.authors}, "{self.title}", {self.venue}, {self.year}{tail}'


@dataclass(frozen=True)
class Citation:
    """Where a claim comes from: a publication and a place in it, or ``folklore`` / ``derived here``.

    ``kind`` is ``"published"``, ``"folklore"`` or ``"derived here"``; a derived claim carries its
    derivation (one paragraph) and, optionally, the publication it builds on.
    """

    kind: str
    publication: Publication | None = None
    where: str = ""
    derivation: str = ""

    def __post_init__(self) -> None:
        if self.kind not in ("published", "folklore", "derived here"):
            raise ValueError(f"unknown citation kind {self.kind!r}")
        if self.kind == "published" and self.publication is None:
            raise ValueError("a published citation needs a publication")
        if self.kind == "derived here" and not self.derivation:
            raise ValueError("a derived claim needs its derivation")

    @property
    def group(self) -> str:
        """The heading results are grouped under: the publication, else the kind."""
        return self.publication.short if self.publication is not None else self.kind.capitalize()

    def full(self) -> str:
        """The citation with the full reference of its publication."""
        ref = self.publication.reference() if self.publication is not None else ""
        where = f", {self.where}" if self.where else ""
        if self.kind == "published":
            return ref + where
        return self.kind + (f", building on {ref}" if ref else "") + where

    def text(self) -> str:
        """One line: ``"Montufar, Pascanu, Cho & Bengio 2014, Theorem 4"`` or ``"derived here (...)"``."""
        if self.kind == "published":
            return f"{self.publication.short}, {self.where}" if self.where else self.publication.short
        base = self.kind
        if self.publication is not None:
            base += f", building on {self.publication.short}" + (f", {self.where}" if self.where else "")
        return base


@dataclass(frozen=True)
class Finding:
    """How an instance's certified value relates to a published statement it differs from."""

    verdict: str  # "contradicts-published" or "sharper-than-published"
    publication: Publication
    statement: str  # the published statement, e.g. "Theorem 8 as commonly quoted: k^(L+n0-1) regions"

    def __post_init__(self) -> None:
        if self.verdict not in ("contradicts-published", "sharper-than-published"):
            raise ValueError(f"a finding is contradicts-published or sharper-than-published, not {self.verdict!r}")

    def describe(self, stated: Any, certified: Any) -> str:
        """One sentence naming the publication, the statement and both values."""
        verb = "contradicts" if self.verdict == "contradicts-published" else "is sharper than"
        return (f"the certified value {_show(certified)} {verb} {self.publication.short}, {self.statement} "
                f"(stated: {_show(stated)})")


@dataclass(frozen=True)
class Instance:
    """One instance of a claim: prover parameters and the value the source states (None if it states none)."""

    name: str
    params: Any
    expected: Any
    note: str = ""
    finding: Finding | None = None


@dataclass(frozen=True)
class Claim:
    """A claim of the library: statement, source, how the certificate proves it, and its instances."""

    id: str
    title: str
    statement: str
    source: Citation
    argument: str
    instances: tuple = field(default=())

    def instance(self, name: str) -> Instance:
        for inst in self.instances:
            if inst.name == name:
                return inst
        raise KeyError(name)


def _show(v: Any) -> str:
    if isinstance(v, dict):
        return ", ".join(f"{k}={x}" for k, x in v.items())
    return str(v)
