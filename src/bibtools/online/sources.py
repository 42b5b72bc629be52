"""What the primary sources say about a paper, parsed from their answers. Pure.

- OpenReview API v2, ``GET <api>/notes?id=<forum id>``: ``{"notes": [note], "count": n}``;
  a note's fields are ``content.<name>.value``: ``title``, ``authors`` (``"First Last"``),
  ``venue`` (``"NeurIPS 2025 poster"``), ``venueid`` (``"NeurIPS.cc/2025/Conference"``),
  ``pdf``. An unknown id is a 404 ``{"name": "NotFoundError", ...}`` or an empty list.
- arXiv, ``GET <api>?id_list=<id>[,<id>...]``: an Atom feed (``http://www.w3.org/2005/Atom``)
  with one ``<entry>`` per paper (``<id>http://arxiv.org/abs/<id>v<n></id>``, ``<title>``,
  ``<author><name>``, ``<published>``, ``<arxiv:primary_category term=...>``). An id it
  rejects comes back as an entry whose ``<id>`` is ``http://arxiv.org/api/errors#...``; an
  unknown id as no entry (or, from older servers, an entry without a title).
"""

from __future__ import annotations

import json
import re
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from bibtools.data.contract import ARXIV_ID, OPENREVIEW_ID, PRESENTATIONS
from bibtools.errors import ArxivRejected, SourceError

OPENREVIEW = "OpenReview"
ARXIV = "arXiv"

# OpenReview venue ids of NeurIPS 2025 papers, and the track each means.
NEURIPS_VENUEIDS = {
    "NeurIPS.cc/2025/Conference": "main",
    "NeurIPS.cc/2025/Datasets_and_Benchmarks_Track": "datasets-and-benchmarks",
}
# What a venue line may name: every presentation but the one no source shows.
PRESENTATION_WORDS = tuple(p for p in PRESENTATIONS if p != "unknown")

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV_NS = "{http://arxiv.org/schemas/atom}"
_ARXIV_ABS = re.compile(r"arxiv\.org/abs/(.+?)(v\d+)?$")
_SPACE = re.compile(r"\s+")
MAX_JSON_DEPTH = 64  # a note is 4 deep; Python's parser recurses per level
MAX_JSON_SIZE = 10 * 1024 * 1024  # characters; a note is a few kB
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


def json_depth(text: str) -> int:
    """How deeply ``text``'s arrays and objects nest (strings skipped), in linear time."""
    brackets = _NOT_BRACKET.sub("", _JSON_STRING.sub("", text))
    depth = deepest = 0
    for char in brackets:
        depth += 1 if char in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def parse_json(source: str, text: str) -> object:
    """``text`` as JSON, or :class:`SourceError`: not JSON, too large or too deeply nested
    (checked first, so a hostile answer never reaches the recursive parser)."""
    if len(text) > MAX_JSON_SIZE:
        raise SourceError(f"{source} answered with more than {MAX_JSON_SIZE} characters")
    if json_depth(text) > MAX_JSON_DEPTH:
        raise SourceError(f"{source} answered with JSON nested over {MAX_JSON_DEPTH} deep")
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        raise SourceError(f"{source} answered with something that is not JSON") from None


def clean(text: str) -> str:
    """Unicode NFC, white space folded: how the sources' strings are compared and written."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


@dataclass(frozen=True)
class Record:
    """One source's facts about one paper; ``found`` is False for an unknown id."""

    source: str  #: OPENREVIEW or ARXIV
    ident: str  #: the id asked for
    found: bool = True
    title: str = ""
    authors: tuple[str, ...] = ()  #: "First Last", in order
    venue: str = ""  #: OpenReview's venue line, e.g. "NeurIPS 2025 poster"
    venueid: str = ""  #: e.g. "NeurIPS.cc/2025/Conference"
    pdf: str = ""
    primary_class: str = ""  #: arXiv primary category, e.g. "cs.LG"
    published: str = ""  #: ISO date of the first version (arXiv)
    reason: str = ""  #: why it was not found, when the source said

    @property
    def track(self) -> str:
        """``main`` or ``datasets-and-benchmarks`` for a NeurIPS 2025 paper, else ''."""
        return NEURIPS_VENUEIDS.get(self.venueid, "")

    @property
    def presentation(self) -> str:
        """``oral``, ``spotlight`` or ``poster`` when the venue line says so, else ''."""
        if not self.track:
            return ""
        words = re.findall(r"[a-z]+", self.venue.lower())
        return next((w for w in reversed(words) if w in PRESENTATION_WORDS), "")

    @property
    def status(self) -> str:
        """What the note says the paper is, for messages: its venue and venue id."""
        venue = self.venue or "no venue"
        return f"{venue} ({self.venueid})" if self.venueid else venue


def _value(content: dict[str, object], name: str) -> object:
    item = content.get(name)
    if isinstance(item, dict):
        return item.get("value")  # API v2: {"value": ...}
    return item  # API v1 kept bare values


def parse_openreview(ident: str, status: int, text: str) -> Record:
    """A note answer (``GET /notes?id=``) as a :class:`Record`; raises :class:`SourceError`."""
    data = parse_json(OPENREVIEW, text)
    if status == 404 or (isinstance(data, dict) and data.get("name") == "NotFoundError"):
        return Record(OPENREVIEW, ident, found=False)
    if status != 200 or not isinstance(data, dict) or not isinstance(data.get("notes"), list):
        raise SourceError(f"{OPENREVIEW} answered HTTP {status} without a list of notes")
    notes = [n for n in data["notes"] if isinstance(n, dict) and n.get("id") == ident]
    if not notes:
        return Record(OPENREVIEW, ident, found=False)
    note = notes[0]
    content = note.get("content")
    if not isinstance(content, dict):
        raise SourceError(f"{OPENREVIEW} note {ident} has no content")
    value = _value(content, "authors")
    authors: list[object] = (
        list(value.split(","))
        if isinstance(value, str)
        else list(value)
        if isinstance(value, list)
        else []
    )
    return Record(
        OPENREVIEW,
        ident,
        title=clean(str(_value(content, "title") or "")),
        authors=tuple(clean(str(a)) for a in authors if clean(str(a))),
        venue=clean(str(_value(content, "venue") or "")),
        venueid=clean(str(_value(content, "venueid") or "")),
        pdf=str(_value(content, "pdf") or ""),
    )


def parse_arxiv(text: str) -> dict[str, Record]:
    """An Atom feed as ``{arXiv id without version: Record}``; raises :class:`SourceError`
    for a page that is not a feed or for arXiv's error entry."""
    try:
        root = ET.fromstring(text)
    except ET.ParseError:
        raise SourceError(f"{ARXIV} answered with something that is not an Atom feed") from None
    if root.tag != f"{ATOM}feed":
        raise SourceError(f"{ARXIV} answered with something that is not an Atom feed")
    records: dict[str, Record] = {}
    for entry in root.findall(f"{ATOM}entry"):
        entry_id = (entry.findtext(f"{ATOM}id") or "").strip()
        if "/api/errors" in entry_id:
            summary = clean(entry.findtext(f"{ATOM}summary") or "") or entry_id
            raise ArxivRejected(f"{ARXIV} rejected the query: {summary}")
        match = _ARXIV_ABS.search(entry_id)
        title = clean(entry.findtext(f"{ATOM}title") or "")
        if match is None or not title:
            continue  # an unknown id, as older servers answered it
        primary = entry.find(f"{ARXIV_NS}primary_category")
        records[match.group(1)] = Record(
            ARXIV,
            match.group(1),
            title=title,
            authors=tuple(
                clean(author.findtext(f"{ATOM}name") or "")
                for author in entry.findall(f"{ATOM}author")
                if clean(author.findtext(f"{ATOM}name") or "")
            ),
            primary_class=primary.get("term", "") if primary is not None else "",
            published=(entry.findtext(f"{ATOM}published") or "").strip()[:10],
        )
    return records


# Identifiers as a user gives them to `bibtools add`.
_OPENREVIEW_URL = re.compile(
    rf"https?://(?:www\.)?openreview\.net/(?:forum|pdf)\?(?:.*&)?id=({OPENREVIEW_ID})(?:[&#].*)?$"
)
_ARXIV_URL = re.compile(
    rf"https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html)/({ARXIV_ID})(?:v\d+)?(?:\.pdf)?/?$"
)
_ARXIV_BARE = re.compile(rf"(?:arxiv:)?({ARXIV_ID})(?:v\d+)?", re.IGNORECASE)


def parse_identifier(text: str) -> tuple[str, str]:
    """``(OPENREVIEW or ARXIV, id)`` for an id or URL; raises ``ValueError`` otherwise."""
    value = text.strip()
    for pattern, source in ((_OPENREVIEW_URL, OPENREVIEW), (_ARXIV_URL, ARXIV)):
        match = pattern.match(value)
        if match:
            return source, match.group(1)
    match = _ARXIV_BARE.fullmatch(value)
    if match:
        return ARXIV, match.group(1)
    if re.fullmatch(OPENREVIEW_ID, value):
        return OPENREVIEW, value
    raise ValueError(
        f"'{text}' is neither an OpenReview forum id or URL nor an arXiv id or URL "
        "(e.g. 1b7whO4SfY, https://openreview.net/forum?id=1b7whO4SfY, 2505.06708)"
    )
