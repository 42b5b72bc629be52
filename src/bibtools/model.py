"""The immutable data model: a collection of papers, as read from bib/."""

from __future__ import annotations

from typing import NamedTuple

from bibtools.syntax import BibFile
from bibtools.taxonomy import Taxonomy

NEURIPS_BOOKTITLE = "Advances in Neural Information Processing Systems"
NEURIPS_TRACKS = ("main", "datasets-and-benchmarks")
OTHER_TRACKS = ("workshop", "tutorial", "expo", "other-venue", "not-a-paper", "unconfirmed")
TRACKS = NEURIPS_TRACKS + OTHER_TRACKS
PRESENTATIONS = ("oral", "spotlight", "poster", "unknown")
AWARDS = ("best-paper", "runner-up")
ENTRY_TYPES = ("inproceedings", "article", "misc")

# Human-readable labels, shared by pages, stats and the CLI.
TRACK_LABELS = {
    "main": "NeurIPS 2025",
    "datasets-and-benchmarks": "NeurIPS 2025 Datasets & Benchmarks",
    "workshop": "Workshop paper",
    "tutorial": "Tutorial",
    "expo": "Expo talk",
    "other-venue": "Other venue",
    "not-a-paper": "Not a paper",
    "unconfirmed": "Venue unconfirmed",
}
PRESENTATION_LABELS = {
    "oral": "Oral",
    "spotlight": "Spotlight",
    "poster": "Poster",
    "unknown": "Presentation unverified",
}
AWARD_LABELS = {"best-paper": "Best Paper", "runner-up": "Best Paper Runner-up"}


class Author(NamedTuple):
    first: str  # decoded Unicode, e.g. "Ekin"
    last: str  # von + last + jr, decoded, e.g. "Akyürek"

    @property
    def display(self) -> str:
        return f"{self.first} {self.last}".strip()

    @property
    def sort_key(self) -> tuple[str, str]:
        return (self.last.casefold(), self.first.casefold())


class Paper(NamedTuple):
    """One entry of bib/, values decoded; ``fields`` keeps the BibTeX values as written."""

    key: str
    entry_type: str
    title: str
    authors: tuple[Author, ...]
    year: str
    url: str
    track: str
    keywords: tuple[str, ...]  # "category/topic", in entry order
    summary: str  # annote, decoded; markup: **bold**, [@key]
    booktitle: str
    openreview: str
    presentation: str
    award: str
    eprint: str
    primaryclass: str
    code: str
    projectpage: str
    venue: str
    unverified: tuple[str, ...]
    sourcenote: str
    fields: tuple[tuple[str, str], ...]  # (name, BibTeX value) as in the file, expanded
    path: str
    line: int
    field_lines: tuple[tuple[str, int], ...] = ()  # (name, line): where each field was written

    @property
    def is_neurips2025(self) -> bool:
        return self.track in NEURIPS_TRACKS

    @property
    def categories(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for keyword in self.keywords:
            seen.setdefault(keyword.split("/", 1)[0], None)
        return tuple(seen)

    @property
    def home(self) -> str:
        """The entry's home category: its first keyword's."""
        return self.categories[0] if self.categories else ""

    def field(self, name: str) -> str:
        return dict(self.fields).get(name, "")

    @property
    def pdf_url(self) -> str:
        return f"https://openreview.net/pdf?id={self.openreview}" if self.openreview else ""

    @property
    def arxiv_url(self) -> str:
        return f"https://arxiv.org/abs/{self.eprint}" if self.eprint else ""


class Collection(NamedTuple):
    taxonomy: Taxonomy
    papers: tuple[Paper, ...]  # sorted by key
    files: tuple[BibFile, ...]

    def by_key(self) -> dict[str, Paper]:
        return {paper.key: paper for paper in self.papers}

    def in_category(self, slug: str) -> tuple[Paper, ...]:
        return tuple(p for p in self.papers if slug in p.categories)

    def in_topic(self, keyword: str) -> tuple[Paper, ...]:
        return tuple(p for p in self.papers if keyword in p.keywords)
