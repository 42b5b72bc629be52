"""What Zotero saves from a page, without Zotero: the rules of its Embedded Metadata
translator (zotero/translators ``Embedded Metadata.js``, last updated 2024-06-13, with the
RDF translator it hands ``og:``/``DC.``/``z:`` tags to) and of its COinS reader
(zotero/utilities ``openurl.js``, ``parseContextObject``), for the tags and keys this site
writes. Each rule cites the code it follows, so a test on these fields is a test of what
Zotero's translation-server would save (the closing note of issue 23 has the real runs).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import unquote_plus

# HIGHWIRE_MAPPINGS (the tags this site writes or could write), in the translator's order.
HIGHWIRE = {
    "citation_title": "title",
    "citation_publication_date": "date",
    "citation_date": "date",
    "citation_journal_title": "publicationTitle",
    "citation_inbook_title": "publicationTitle",  # proceedingsTitle of a conferencePaper
    "citation_book_title": "bookTitle",
    "citation_conference_title": "conferenceName",
    "citation_conference": "conferenceName",
    "citation_publisher": "publisher",
    "citation_abstract": "abstractNote",
    "citation_doi": "DOI",
    "citation_public_url": "url",
}
# init(): the item type each tag implies; the last such tag in the page wins (hwType).
TYPE_TAGS = {
    "citation_journal_title": "journalArticle",
    "citation_technical_report_institution": "report",
    "citation_conference_title": "conferencePaper",
    "citation_conference": "conferencePaper",
    "citation_book_title": "bookSection",
    "citation_inbook_title": "bookSection",
    "citation_dissertation_institution": "thesis",
}


def clean_author(name: str, use_comma: bool) -> tuple[str, str]:
    """``ZU.cleanAuthor`` (zotero/utilities ``utilities.js``): (lastName, firstName)."""
    name = re.sub(r"^[\s\u00a0.,/\[\]:]+", "", name)
    name = re.sub(r"[\s\u00a0.,/\[\]:]+$", "", name)
    name = re.sub(r"[\s\u00a0]+", " ", name, count=1)
    if use_comma:
        name = re.sub(r"\.([^ ])", r". \1", name, count=1)
        parts = re.split(r", ?", name)
        last, first = (parts[0], parts[1]) if len(parts) > 1 else (name, "")
    else:
        at = name.rfind(" ")
        last, first = name[at + 1 :], name[:at] if at > 0 else ""
    caps = first and re.fullmatch(r"[A-Z\u0400-\u042f]+", first) and len(first) < 4
    if caps and (len(first) == 1 or last.upper() != last):
        first = " ".join(f"{c}." for c in first)  # initials
    if first:
        first = re.sub(r"[\s,]+$", "", re.sub(r"^[\s.]+", "", first))
        first = re.sub(
            r"\s*([\u002d\u00ad\u2010-\u2015\u2212\u2e3a\u2e3b])\s*", "-", first, count=1
        )
        out = ""
        for part in re.split(r"(?:[\s.]+|(?=-))", first):
            out += part + ("." if re.fullmatch(r"-?[A-Z\u0400-\u042f]", part) else "") + " "
        first = out.replace(" -", "-").strip()
    return (last, first)


class _Head(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.metas: list[tuple[str, str]] = []
        self.canonical = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        if tag == "meta" and (found.get("name") or found.get("property")):
            self.metas.append((found.get("name") or found["property"], found.get("content", "")))
        if tag == "link" and found.get("rel") == "canonical":
            self.canonical = found.get("href", "")


@dataclass
class Item:
    """The Zotero fields the tests look at ('' where Zotero leaves a field empty)."""

    itemType: str
    title: str = ""
    creators: list[tuple[str, str]] = field(default_factory=list)  #: (last, first)
    date: str = ""
    publicationTitle: str = ""  #: a conference paper's Proceedings Title
    conferenceName: str = ""
    publisher: str = ""
    url: str = ""
    extra: str = ""
    abstractNote: str = ""


def embedded_item(page: str, location: str = "") -> Item:
    """The item Zotero's Embedded Metadata translator saves from ``page`` (served at
    ``location``)."""
    head = _Head()
    head.feed(page[: page.index("</head>")])
    metas = head.metas

    def first(name: str) -> str:
        return next((v for n, v in metas if n == name and v.strip()), "")

    hw_type = ""
    for name, value in metas:
        if value and name in TYPE_TAGS:
            hw_type = TYPE_TAGS[name]
    # RDF statements (og:, DC., z: prefixes): the RDF translator's importItem.
    zotero_type = first("z:itemType")
    item = Item(hw_type or zotero_type or ("journalArticle" if first("citation_title") else ""))
    item.title = first("og:title")
    item.url = first("og:url")
    item.abstractNote = first("og:description")
    item.conferenceName = first("bib.presentedAt")  # also a presentation's meetingName
    dc_description = first("DC.description")
    if zotero_type:  # Zotero RDF: dc:description is Extra
        item.extra = dc_description
    elif not item.abstractNote:
        item.abstractNote = dc_description
    # addHighwireMetadata: the mapped fields (the first value of each) override RDF's.
    for tag, name in HIGHWIRE.items():
        value = first(tag)
        if value:
            setattr(item, name, " ".join(value.split()))
    nodes = [v for n, v in metas if n == "citation_author"]
    for node in nodes:
        for creator in re.split(r"\s*;\s*", node):
            creator = creator.strip()
            if creator and re.search(r"[^\s,\-.;]", creator):
                item.creators.append(clean_author(creator, "," in creator))
    if not item.url:
        item.url = first("citation_abstract_html_url") or first("citation_fulltext_html_url")
    # addLowQualityMetadata
    if not item.abstractNote:
        item.abstractNote = first("description")
    if not item.url:
        item.url = head.canonical or location
    return item


def coins_items(page: str) -> list[Item]:
    """The items Zotero's COinS translator offers from ``page``: one per ``span.Z3988``,
    read by ``parseContextObject``."""
    items = []
    for title in re.findall(r'<span class="Z3988" title="([^"]*)"', page):
        parts = html.unescape(title).split("&")
        pairs = [(k, unquote_plus(v)) for k, _, v in (p.partition("=") for p in parts)]
        fmt = dict(pairs).get("rft_val_fmt", "")
        genres = {v for k, v in pairs if k == "rft.genre"}
        if fmt == "info:ofi/fmt:kev:mtx:journal":
            kind = "journalArticle"
        elif fmt == "info:ofi/fmt:kev:mtx:book":
            kind = "conferencePaper" if genres & {"conference", "proceeding"} else "book"
        else:
            kind = "webpage"
        item = Item(kind)
        plain: list[tuple[str, str]] = []
        complex_: list[tuple[int, tuple[str, str]]] = []
        for key, value in pairs:
            if not value:
                continue
            if key == "rft_id" and re.match(r"https?://", value):
                item.url = value
            elif key == "rft.btitle" and item.itemType == "conferencePaper":
                item.publicationTitle = value
            elif key == "rft.atitle" and item.itemType in ("journalArticle", "conferencePaper"):
                item.title = value
            elif key == "rft.jtitle" and item.itemType == "journalArticle":
                item.publicationTitle = value
            elif key == "rft.title":
                if item.itemType in ("journalArticle", "conferencePaper"):
                    item.publicationTitle = value
                else:
                    item.title = value
            elif key == "rft.date":
                item.date = value
            elif key == "rft.aulast":
                complex_.append((len(plain), (value, "")))
            elif key == "rft.aufirst" and complex_ and not complex_[-1][1][1]:
                at, (last, _) = complex_[-1]
                complex_[-1] = (at, (last, value))
            elif key == "rft.au":
                plain.append(clean_author(value, "," in value))
            elif key == "rft.aucorp":  # pushed without an offset: spliced in first
                complex_.append((0, (value, "")))
            elif key == "rft.type":
                item.itemType = value
        # Merge: a complex name is dropped when a plain one has its last name and starts
        # with its first name (and has a first name at all).
        creators = list(plain)
        inserted = 0
        for offset, (last, first_name) in complex_:
            duplicate = any(
                p_last == last and p_first and p_first.startswith(first_name)
                for p_last, p_first in plain
            )
            if not duplicate:
                creators.insert(offset + inserted, (last, first_name))
                inserted += 1
        item.creators = creators
        items.append(item)
    return items
