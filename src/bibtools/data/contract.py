"""The data contract, declared once.

Every field an entry may have, in canonical order, as one :class:`Field` row: when it is
required, what values it takes (and the error code of a value it refuses), how it is decoded
into the model (LaTeX text, plain, a list, names) and whether it goes into the clean export.
A :class:`Contract` is the rows together; :data:`CONTRACT` is bibtools'. The loader
(:mod:`bibtools.data.loader`), the model's values (:meth:`bibtools.data.model.Paper.value`),
the rules (:mod:`bibtools.data.rules`), the formatter's order and the BibTeX export all read
it, so a new optional field is one row here (and, if a page shows it, one line there; a
test declares one). CONTRIBUTING.md shows :meth:`Contract.table`; a test keeps the two equal.
Orders of presentation and award kinds are the orders of :data:`PRESENTATIONS` and
:data:`AWARDS`.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass
from enum import Enum
from functools import cached_property

NEURIPS_BOOKTITLE = "Advances in Neural Information Processing Systems"
#: A paper's page on the conference site, by its neurips.cc id.
NEURIPS_PAGE = "https://neurips.cc/virtual/2025/poster/{id}"
NEURIPS_CONFERENCE = "NeurIPS 2025"
ENTRY_TYPES = ("inproceedings", "article", "misc")

# Allowed values and their display labels, in display order.
TRACKS: dict[str, str] = {
    "main": "NeurIPS 2025",
    "datasets-and-benchmarks": "NeurIPS 2025 Datasets & Benchmarks",
    "workshop": "Workshop paper",
    "tutorial": "Tutorial",
    "expo": "Expo talk",
    "other-venue": "Other venue",
    "not-a-paper": "Not a paper",
    "unconfirmed": "Venue unconfirmed",
}
NEURIPS_TRACKS = ("main", "datasets-and-benchmarks")
OTHER_TRACKS = tuple(t for t in TRACKS if t not in NEURIPS_TRACKS)
PRESENTATIONS: dict[str, str] = {
    "oral": "Oral",
    "spotlight": "Spotlight",
    "poster": "Poster",
    "unknown": "Presentation unverified",
}
AWARDS: dict[str, str] = {"best-paper": "Best Paper", "runner-up": "Best Paper Runner-up"}

#: What ``bibtools verify --listing`` compares, and so what ``listingdrift`` may name.
LISTING_FIELDS = ("title", "author", "neuripsid", "track", "presentation")
SUMMARY_WORDS = (50, 120)
TLDR_MAX_WORDS = 12
SHORTNAME_MAX_CHARS = 40
PLACEHOLDER_AUTHORS = frozenset({"unknown", "anonymous", "anon", "n/a", "tbd", "et al.", "et al"})


class Need(Enum):
    """When a field must be present; the value is how CONTRIBUTING.md says it."""

    ALWAYS = "always"
    AUTHORS = "always, except `track = {unconfirmed}`"
    NEURIPS = "NeurIPS 2025 paper"
    NEURIPS_ID = "NeurIPS 2025 paper: `neuripsid` or `openreview`, at least one"
    SUMMARY = "always, except a *listed* NeurIPS 2025 paper (no abstract read yet)"
    OTHER = "not a NeurIPS 2025 paper"
    ARTICLE = "`@article` only"
    OPTIONAL = "optional"

    @property
    def who(self) -> str:
        """Who must have the field, for messages."""
        return {
            "ALWAYS": "every entry",
            "AUTHORS": "every entry",
            "NEURIPS": "a NeurIPS 2025 paper",
            "NEURIPS_ID": "a NeurIPS 2025 paper",
            "SUMMARY": "an entry that is not a NeurIPS 2025 paper",
            "OTHER": "an entry that is not a NeurIPS 2025 paper",
            "ARTICLE": "an @article",
            "OPTIONAL": "no entry",
        }[self.name]

    def applies(self, entry_type: str, track: str) -> bool:
        """Whether an entry of this type and track must have the field (``NEURIPS_ID``:
        one of two fields, which :func:`missing_id` checks; never one field alone)."""
        if self is Need.ALWAYS:
            return True
        if self is Need.AUTHORS:
            return track != "unconfirmed"
        if self is Need.NEURIPS:
            return track in NEURIPS_TRACKS
        if self in (Need.OTHER, Need.SUMMARY):
            return track in OTHER_TRACKS
        if self is Need.ARTICLE:
            return entry_type == "article"
        return False


class Decode(Enum):
    """How the loader turns a field's BibTeX value into the model's."""

    TEXT = "text"  #: LaTeX decoded to Unicode text (accents, dashes; braces dropped)
    PLAIN = "plain"  #: as written, trimmed: ids, URLs, dates, enumerations
    LIST = "list"  #: comma-separated, each item trimmed, empty ones dropped
    NAMES = "names"  #: BibTeX names ("Last, First and ..."), decoded into authors


@dataclass(frozen=True)
class Field:
    """One field of the contract."""

    name: str
    need: Need
    value: str  # what the value is, for CONTRIBUTING.md
    choices: tuple[str, ...] = ()  # allowed values, when the field is an enumeration
    pattern: str = ""  # a regular expression the whole value must match
    invalid: str = ""  # what the message says when the value does not match ``pattern``
    code: str = "bad-value"  # the error code of a value that does not match ``pattern``
    decode: Decode = Decode.PLAIN  # how the model holds it
    exported: bool = False  # copied as is into the clean .bib export (see DERIVED_EXPORTS)
    neurips_only: bool = False  # forbidden on items that are not NeurIPS 2025 papers
    date: bool = False  # an ISO date: one the calendar has (2025-02-30 is not)

    def matches(self, value: str) -> bool:
        # ASCII: `\d` would take other scripts' digits (Arabic-Indic ٢٠٢٥), which the
        # pages' arithmetic and the feed's dates refuse.
        if self.pattern and re.fullmatch(self.pattern, value, re.ASCII) is None:
            return False
        return not self.date or is_calendar_date(value)


def is_calendar_date(value: str) -> bool:
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


# Characters no text field may hold: controls (C0, DEL, C1; whitespace is normalised before
# this is checked) and the bidirectional controls, which reorder what a reader sees without
# being seen themselves (U+202E shows "gnp.exe" as "exe.png").
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


# Unicode's "Cc" category is exactly C0, DEL and C1; one regex finds them (a loop over the
# characters in Python was a quarter of `bibtools check`).
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f" + "".join(sorted(BIDI_CONTROLS)) + "]"
)


def invisible_controls(text: str) -> list[str]:
    """The control and bidi-control characters of ``text``, each once, as ``U+202E (NAME)``."""
    found = dict.fromkeys(_INVISIBLE.findall(text))
    return [f"U+{ord(c):04X} ({unicodedata.name(c, 'control')})" for c in found]


HTTPS_URL = r"https://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(/[^\s\\{}<>\"`]*)?"
OPENREVIEW_ID = r"[A-Za-z0-9_-]{8,14}"
ARXIV_ID = r"\d{4}\.\d{4,5}"

FIELDS: tuple[Field, ...] = (
    Field(
        "title",
        Need.ALWAYS,
        "the exact published title (OpenReview camera-ready; else arXiv). Brace-protect words "
        "whose capitals must stay: `{LLM}`, `{SageAttention3}` (`title-case`).",
        exported=True,
        decode=Decode.TEXT,
    ),
    Field(
        "author",
        Need.AUTHORS,
        "the complete list, in order, `Last, First and Last, First`; an organisation in "
        "braces: `{Google Cloud}`; a list no source gives in full ends in `and others`. Never a "
        "placeholder such as `Unknown` (`placeholder`).",
        exported=True,
        decode=Decode.NAMES,
    ),
    Field(
        "booktitle",
        Need.NEURIPS,
        f"`{NEURIPS_BOOKTITLE}` for a NeurIPS 2025 paper",
        exported=True,
        decode=Decode.TEXT,
    ),
    Field("journal", Need.ARTICLE, "the journal's full name", exported=True, decode=Decode.TEXT),
    Field(
        "year",
        Need.ALWAYS,
        "four digits; `2025` for a NeurIPS 2025 paper",
        pattern=r"(19|20)\d\d",
        invalid="must be four digits",
        exported=True,
    ),
    Field(
        "url",
        Need.ALWAYS,
        "the primary page (https): the OpenReview forum when `openreview` is set; otherwise "
        "the arXiv abstract or another https page of the paper",
        pattern=HTTPS_URL,
        invalid="must be a full https:// URL",
        exported=True,
        code="bad-url",
    ),
    Field(
        "track",
        Need.ALWAYS,
        "what the item is (see below)",
        choices=tuple(TRACKS),
    ),
    Field(
        "venue",
        Need.OTHER,
        "the real venue in full, exported as `howpublished`/`booktitle`: `ICLR 2025`, "
        "`NeurIPS 2025 Workshop on ...`, `Blog post`, `arXiv preprint`; never research notes "
        "(those go in `sourcenote`). With `track = {unconfirmed}`, the claimed venue, which "
        "exports only as a `note`",
        decode=Decode.TEXT,
    ),
    Field(
        "openreview",
        Need.NEURIPS_ID,
        "the OpenReview forum id (the `id=` of `url`)",
        pattern=OPENREVIEW_ID,
        invalid="is not an OpenReview forum id (e.g. 1b7whO4SfY)",
        neurips_only=True,
        code="bad-openreview",
    ),
    Field(
        "neuripsid",
        Need.NEURIPS_ID,
        "the paper's numeric id on the neurips.cc virtual site (the lowest, when the "
        "conference lists an oral twice); a NeurIPS 2025 paper is one the conference lists",
        pattern=r"[1-9][0-9]{2,7}",
        invalid="must be the number in the neurips.cc page's URL",
    ),
    Field(
        "presentation",
        Need.NEURIPS,
        "as on the OpenReview banner (an oral also has two events, its oral and its poster, "
        "in the conference listing); `unknown` if no source shows it (say so in `sourcenote`)",
        choices=tuple(PRESENTATIONS),
        neurips_only=True,
    ),
    Field(
        "award",
        Need.OPTIONAL,
        "NeurIPS 2025 awards only",
        choices=tuple(AWARDS),
        neurips_only=True,
    ),
    Field(
        "eprint",
        Need.OPTIONAL,
        "arXiv id (`2505.06708`), with `archiveprefix`",
        pattern=ARXIV_ID,
        invalid="is not an arXiv id like 2505.06708 (no 'arXiv:', no version)",
        exported=True,
        code="bad-eprint",
    ),
    Field("archiveprefix", Need.OPTIONAL, "`arXiv`, with `eprint`", ("arXiv",), exported=True),
    Field("primaryclass", Need.OPTIONAL, "arXiv primary class (`cs.LG`)", exported=True),
    Field(
        "code",
        Need.OPTIONAL,
        "the code repository the paper itself names (https)",
        pattern=HTTPS_URL,
        invalid="must be a full https:// URL",
        code="bad-url",
    ),
    Field(
        "projectpage",
        Need.OPTIONAL,
        "the project page the paper itself names (https)",
        pattern=HTTPS_URL,
        invalid="must be a full https:// URL",
        code="bad-url",
    ),
    Field(
        "keywords",
        Need.ALWAYS,
        "comma-separated `category/topic` pairs from `bib/taxonomy.toml`; the first is the "
        "entry's home; the site's own places, so never exported (they would become a "
        "reader's tags)",
        decode=Decode.LIST,
    ),
    Field(
        "shortname",
        Need.OPTIONAL,
        f"the system or method name (`HyGen`), at most {SHORTNAME_MAX_CHARS} characters",
        decode=Decode.TEXT,
    ),
    Field(
        "tldr",
        Need.OPTIONAL,
        f"one fact from the abstract in at most {TLDR_MAX_WORDS} words, your own",
        decode=Decode.TEXT,
    ),
    Field(
        "annote",
        Need.SUMMARY,
        "the summary, see below; a NeurIPS 2025 paper without one is *listed*",
        decode=Decode.TEXT,
    ),
    Field(
        "added",
        Need.OPTIONAL,
        "the date the entry joined the collection (`2025-12-01`); feeds the Atom feed",
        pattern=r"20\d\d-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])",
        invalid="must be a calendar date like 2025-12-01",
        date=True,
    ),
    Field(
        "unverified",
        Need.OPTIONAL,
        "comma-separated names of fields whose value no primary source confirmed",
        decode=Decode.LIST,
    ),
    Field(
        "listingdrift",
        Need.OPTIONAL,
        "comma-separated names of fields in which the entry knowingly differs from the "
        "conference listing (`bibtools verify --listing` then accepts the difference), of: "
        + ", ".join(f"`{name}`" for name in LISTING_FIELDS)
        + "; say why in `sourcenote` (e.g. the listing has an older arXiv title)",
        decode=Decode.LIST,
    ),
    Field(
        "sourcenote",
        Need.OPTIONAL,
        "where each fact was seen (primary source, authors' page, third-party copy), where "
        "sources disagree, what could not be settled",
        decode=Decode.TEXT,
    ),
)

# What the clean export writes that bib/ never holds, each after the field it follows:
# ``eventtitle`` (biblatex's; Zotero's Conference Name), ``howpublished`` and ``note`` from
# ``venue`` (export.placement), ``key`` for sorting an entry without authors, and
# ``eprinttype`` beside ``eprint`` (biblatex and Zotero read the arXiv id from the pair;
# natbib styles from ``archiveprefix``). The export's other fields are the rows marked
# ``exported``.
DERIVED_EXPORTS = (
    ("eventtitle", "booktitle"),
    ("howpublished", "journal"),
    ("key", "year"),
    ("eprinttype", "eprint"),
    ("note", "primaryclass"),
)


@dataclass(frozen=True)
class Contract:
    """The fields an entry may have, in canonical order, and what follows from them."""

    fields: tuple[Field, ...]

    @cached_property
    def order(self) -> tuple[str, ...]:
        """Field names in canonical order (``bibtools fmt`` writes them so)."""
        return tuple(f.name for f in self.fields)

    @cached_property
    def by_name(self) -> dict[str, Field]:
        return {f.name: f for f in self.fields}

    @cached_property
    def export_order(self) -> tuple[str, ...]:
        """The clean export's fields, in order: the exported rows and the derived ones."""
        order: list[str] = []
        for field in self.fields:
            if field.exported:
                order.append(field.name)
                order += [name for name, after in DERIVED_EXPORTS if after == field.name]
        return tuple(order)

    def required(self, entry_type: str, track: str) -> tuple[str, ...]:
        found = self._required.get((entry_type, track))
        if found is None:  # the same few answers for every entry: computed once each
            found = tuple(f.name for f in self.fields if f.need.applies(entry_type, track))
            self._required[(entry_type, track)] = found
        return found

    @cached_property
    def _required(self) -> dict[tuple[str, str], tuple[str, ...]]:
        return {}

    def missing_id(self, track: str, values: dict[str, str]) -> bool:
        """A NeurIPS 2025 paper needs its listing id or its OpenReview id (``values``: the
        entry's ``neuripsid`` and ``openreview``, as written)."""
        needed = [f.name for f in self.fields if f.need is Need.NEURIPS_ID]
        return track in NEURIPS_TRACKS and not any(values.get(n, "").strip() for n in needed)

    def table(self) -> str:
        """The fields table of CONTRIBUTING.md."""
        lines = ["| field | required | value |", "|---|---|---|"]
        for field in self.fields:
            value = field.value
            if field.choices and field.name != "track":
                value = f"one of {', '.join(f'`{c}`' for c in field.choices)}: {value}"
            lines.append(f"| `{field.name}` | {field.need.value} | {value} |")
        return "\n".join(lines) + "\n"


CONTRACT = Contract(FIELDS)
FIELD_ORDER = CONTRACT.order


def contract_table() -> str:
    """The fields table of CONTRIBUTING.md, generated from :data:`CONTRACT`."""
    return CONTRACT.table()
