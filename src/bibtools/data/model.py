"""The immutable data model: papers and the collection, as loaded from bib/.

Attribute values are decoded (LaTeX to Unicode) as the contract's rows say
(:class:`bibtools.data.contract.Decode`). Every field of the contract is reachable decoded
through :meth:`Paper.value` (a field the model does not name too: a new field needs no
attribute) and as written through :meth:`Paper.raw`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from bibtools.bibtex.syntax import RawField
from bibtools.data.contract import NEURIPS_TRACKS
from bibtools.data.summary import Summary
from bibtools.data.taxonomy import Taxonomy

Value = str | tuple[str, ...]  # a decoded field: text, or the items of a list


@dataclass(frozen=True)
class Author:
    """One person (or organisation), decoded."""

    first: str  #: first and middle names, e.g. "Ekin"
    last: str  #: von, last and jr parts, e.g. "Akyürek"; an organisation's whole name

    @property
    def display(self) -> str:
        return f"{self.first} {self.last}".strip()

    @property
    def inverted(self) -> str:
        """``Last, First`` as indexes and citation formats write it; an organisation alone."""
        return f"{self.last}, {self.first}" if self.first else self.last

    @property
    def sort_key(self) -> tuple[str, str]:
        return (self.last.casefold(), self.first.casefold())


@dataclass(frozen=True)
class Paper:
    """One entry of bib/.

    Missing fields are empty strings (the rules report what is required); see
    :mod:`bibtools.data.contract` for what each field means.
    """

    key: str  #: the citation key
    entry_type: str  #: lower-case BibTeX type: inproceedings, article or misc
    title: str  #: decoded title
    authors: tuple[Author, ...]  #: in order; without a trailing "others"
    more_authors: bool  #: the author list ends in "and others" (shown as "et al.")
    year: str
    url: str
    track: str  #: one of contract.TRACKS
    venue: str  #: decoded; what a non-NeurIPS item really is
    keywords: tuple[str, ...]  #: "category/topic", in entry order; the first is the home
    summary: Summary  #: the annote
    openreview: str  #: OpenReview forum id
    neuripsid: str  #: neurips.cc virtual-site id
    presentation: str
    award: str
    eprint: str  #: arXiv id
    code: str
    projectpage: str
    shortname: str
    tldr: str
    added: str  #: ISO date the entry joined the collection
    unverified: tuple[str, ...]  #: names of fields no primary source confirmed
    sourcenote: str  #: decoded provenance notes
    path: str  #: the file it was read from, as displayed in messages
    line: int  #: the line of its ``@type{key,``
    fields: tuple[RawField, ...] = field(repr=False, default=())  #: as written, in file order
    #: every field of the contract, decoded as its row says (derived from ``fields``)
    values: Mapping[str, Value] = field(repr=False, compare=False, default_factory=dict)

    def value(self, name: str) -> Value:
        """A contract field's decoded value: text, or a tuple for a list; '' when absent."""
        return self.values.get(name, "")

    def raw(self, name: str) -> str:
        """A field's BibTeX value (macros expanded, LaTeX kept); '' when absent."""
        return self._raw_values.get(name, "")

    @cached_property
    def _raw_values(self) -> dict[str, str]:
        """Each field's first value by name (the rules ask for each field many times)."""
        values: dict[str, str] = {}
        for raw in self.fields:
            values.setdefault(raw.name, raw.value)
        return values

    def line_of(self, name: str) -> int:
        """Where a field was written (its first occurrence), else the entry's line."""
        for raw in self.fields:
            if raw.name == name:
                return raw.line
        return self.line

    @property
    def is_neurips2025(self) -> bool:
        return self.track in NEURIPS_TRACKS

    @property
    def presentation_unconfirmed(self) -> bool:
        """A presentation given but not confirmed by a primary source (an oral read from the
        listing's two events, say): it must not look settled."""
        return self.presentation not in ("", "unknown") and "presentation" in self.unverified

    @property
    def is_listed(self) -> bool:
        """A *listed* NeurIPS 2025 paper: its facts, no summary yet (no abstract was read)."""
        return self.is_neurips2025 and not self.summary

    @property
    def categories(self) -> tuple[str, ...]:
        """Category slugs in keyword order, each once."""
        return tuple(dict.fromkeys(keyword.split("/", 1)[0] for keyword in self.keywords))

    @property
    def home(self) -> str:
        """The entry's home category: its first keyword's."""
        return self.categories[0] if self.categories else ""

    @property
    def pdf_url(self) -> str:
        return f"https://openreview.net/pdf?id={self.openreview}" if self.openreview else ""

    @property
    def arxiv_url(self) -> str:
        return f"https://arxiv.org/abs/{self.eprint}" if self.eprint else ""


@dataclass(frozen=True)
class ScopeDecision:
    """One reviewed listing title (a row of ``bib/scope.tsv``, see :mod:`bibtools.data.scope`)."""

    neuripsid: str
    decision: str
    home: str  #: "category/topic" where an in-scope paper is (or would be) filed
    entry: str  #: the citation key once the paper is in the collection
    basis: str
    reviewed: str  #: ISO date of the decision
    reason: str
    title: str  #: as the listing gives it
    line: int


@dataclass(frozen=True)
class Collection:
    """Every paper (sorted by key), the taxonomy that places them and, when the listing has
    been reviewed, the scope decisions (empty otherwise)."""

    taxonomy: Taxonomy
    papers: tuple[Paper, ...]
    scope: tuple[ScopeDecision, ...] = ()

    def by_key(self) -> dict[str, Paper]:
        """Key -> paper (built once: pages look papers up for every cross-reference)."""
        return self._by_key

    @cached_property
    def _by_key(self) -> dict[str, Paper]:
        return {paper.key: paper for paper in self.papers}

    def in_category(self, slug: str) -> tuple[Paper, ...]:
        return tuple(p for p in self.papers if slug in p.categories)

    def in_topic(self, keyword: str) -> tuple[Paper, ...]:
        return tuple(p for p in self.papers if keyword in p.keywords)
