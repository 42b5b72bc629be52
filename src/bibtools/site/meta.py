"""What citation tools read from a page: Highwire Press tags, schema.org JSON-LD, OpenGraph,
and COinS spans on list pages; plus the formatted reference shown under *Cite*.

Where an item appeared comes from :func:`bibtools.export.placement.placement`, as in the
RIS and CSL-JSON exports, so a page never says NeurIPS 2025 where its files do not.

Pure functions returning HTML strings. Every value from BibTeX is escaped for its context:
``html.escape`` (quotes included) for attributes, and JSON with ``<``, ``>`` and ``&``
written as ``\\uXXXX`` inside the JSON-LD script, so no title can end the script or
attribute it sits in.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from functools import cache
from urllib.parse import urlencode

from bibtools.data.contract import NEURIPS_BOOKTITLE, NEURIPS_CONFERENCE
from bibtools.data.model import Author, Paper
from bibtools.export.placement import Kind, placement

SITE_NAME = "NeurIPS 2025: ML Systems for Large Models"


def _attr(value: str) -> str:
    return html.escape(value, quote=True)


def _meta(name: str, content: str, attribute: str = "name") -> str:
    return f'<meta {attribute}="{_attr(name)}" content="{_attr(content)}" />'


def description(paper: Paper, limit: int = 300) -> str:
    """A plain-text summary for meta description and link previews; for a listed paper,
    what it is (its summary is not written yet)."""
    text = paper.summary.plain or listed_description(paper)
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"


def short_names(paper: Paper) -> str:
    """'A, B, C et al.': the first three authors, plain text ('' when none is known)."""
    names = [a.display for a in paper.authors]
    return ", ".join(names[:3]) + (" et al." if len(names) > 3 or paper.more_authors else "")


def listed_description(paper: Paper) -> str:
    """'A NeurIPS 2025 paper (oral) by A, B and C et al. Summary not yet written.'"""
    by = short_names(paper)
    shown = f" ({paper.presentation})" if paper.presentation in ("oral", "spotlight") else ""
    return f"A NeurIPS 2025 paper{shown} by {by}. Summary not yet written."


# The item type Zotero saves for each kind (its own names; the Embedded Metadata translator
# reads ``z:itemType``, COinS ``rft.type``), the same kind as in the RIS and CSL-JSON files.
ZOTERO_TYPES: dict[Kind, str] = {
    Kind.NEURIPS: "conferencePaper",
    Kind.PROCEEDINGS: "conferencePaper",
    Kind.JOURNAL: "journalArticle",
    Kind.PREPRINT: "preprint",
    Kind.TALK: "presentation",
    Kind.BLOG: "blogPost",
    Kind.OTHER: "document",
}


def highwire_author(author: Author) -> str:
    """A ``citation_author`` value: ``Last, First``; a one-part name (an organisation, "vLLM
    Team") ends in a comma, so Zotero (``ZU.cleanAuthor`` with a comma: last name only)
    keeps it whole instead of splitting it into "Team, vLLM"."""
    return author.inverted if author.first else f"{author.last},"


def highwire_tags(paper: Paper) -> list[str]:
    """Google Scholar's inclusion guidelines (``citation_*``, authors in order), mapped as
    Zotero's Embedded Metadata translator reads them:

    - ``citation_inbook_title`` (the proceedings: Zotero's *Proceedings Title*) before
      ``citation_conference_title`` (the event: *Conference Name*), because the last of
      the two decides the item type (conference paper);
    - ``citation_public_url``, the paper's own page, which Zotero saves as the item's URL
      (otherwise it takes this site's canonical address);
    - ``z:itemType`` (the item type when no ``citation_*`` venue decides it: a preprint, a
      talk) and, as Zotero RDF's *Extra*, ``DC.description`` = ``arXiv: <id>``, the line
      Zotero's BibTeX import writes from ``eprint``; ``citation_arxiv_id`` stays for other readers.

    No abstract: the summary is this site's prose, not the paper's (no ``citation_abstract``,
    and no ``description``/``og:description``, which Zotero would save as the abstract).
    ``citation_pdf_url`` is the paper's PDF on its own host: Scholar indexes a PDF only
    on the host of the page that names it, so it does not index it from here.
    """
    where = placement(paper)
    tags = [_meta("citation_title", paper.title)]
    tags += [_meta("citation_author", highwire_author(a)) for a in paper.authors]
    tags.append(_meta("citation_publication_date", paper.year))
    if where.kind in (Kind.NEURIPS, Kind.PROCEEDINGS):
        if where.container:
            tags.append(_meta("citation_inbook_title", where.container))
        if where.event or where.container:
            tags.append(_meta("citation_conference_title", where.event or where.container))
    elif where.kind is Kind.JOURNAL and where.container:
        tags.append(_meta("citation_journal_title", where.container))
    elif where.kind is Kind.PREPRINT and paper.eprint:
        tags.append(_meta("citation_publisher", "arXiv"))  # a preprint's Repository
    elif where.kind is Kind.TALK and where.event:
        # A talk's Meeting Name: no citation_* tag names it without making it a paper.
        tags.append(_meta("bib.presentedAt", where.event))
    elif where.kind is Kind.OTHER and where.container:
        tags.append(_meta("citation_publisher", where.container))
    if paper.pdf_url:
        tags.append(_meta("citation_pdf_url", paper.pdf_url))
    if paper.eprint:
        tags.append(_meta("citation_arxiv_id", paper.eprint))
    tags.append(_meta("citation_public_url", paper.url))
    tags.append(_meta("citation_abstract_html_url", paper.url))
    tags.append(_meta("z:itemType", ZOTERO_TYPES[where.kind]))
    if paper.eprint:
        tags.append(_meta("DC.description", f"arXiv: {paper.eprint}"))
    return tags


def json_ld(paper: Paper, page_url: str) -> str:
    """A schema.org ScholarlyArticle, safe inside a <script> element."""
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "name": paper.title,
        "headline": paper.title,
        "author": [
            {"@type": "Person", "name": a.display, "familyName": a.last, "givenName": a.first}
            if a.first
            else {"@type": "Organization", "name": a.last}
            for a in paper.authors
        ],
        "datePublished": paper.year,
        "description": description(paper),
        "sameAs": [u for u in (paper.url, paper.arxiv_url) if u],
    }
    if page_url:
        data["url"] = page_url
    where = placement(paper)
    if where.container or where.event:
        data["isPartOf"] = {"@type": "CreativeWork", "name": where.container or where.event}
    if where.event:
        data["publication"] = {"@type": "PublicationEvent", "name": where.event}
    if where.note:
        data["disambiguatingDescription"] = where.note
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1)
    for char, escaped in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e")):
        text = text.replace(char, escaped)
    return f'<script type="application/ld+json">\n{text}\n</script>'


def opengraph_tags(paper: Paper, page_url: str, image_url: str = "") -> list[str]:
    """Link previews: the title, the site, the page's address and image when known. The
    summary goes in ``twitter:description``, which no reference manager reads as an abstract
    (``description`` and ``og:description`` are: see :func:`highwire_tags`)."""
    tags = [
        _meta("og:type", "article", "property"),
        _meta("og:title", paper.title, "property"),
        _meta("og:site_name", SITE_NAME, "property"),
        _meta("twitter:card", "summary"),
        _meta("twitter:description", description(paper)),
    ]
    if page_url:
        tags.append(_meta("og:url", page_url, "property"))
    if image_url:
        tags.append(_meta("og:image", image_url, "property"))
    return tags


def site_tags(page_url: str, image_url: str) -> str:
    """A page that is no paper's: what a link preview needs (its title is the page's)."""
    tags = [_meta("og:type", "website", "property"), _meta("og:site_name", SITE_NAME, "property")]
    if page_url:
        tags.append(_meta("og:url", page_url, "property"))
    if image_url:
        tags.append(_meta("og:image", image_url, "property"))
    return "\n".join(tags)


def head_html(paper: Paper, page_url: str, image_url: str = "") -> str:
    """Everything a paper page adds to <head>."""
    return "\n".join(
        [
            *highwire_tags(paper),
            *opengraph_tags(paper, page_url, image_url),
            json_ld(paper, page_url),
        ]
    )


@cache
def coins(paper: Paper) -> str:
    """A COinS span (OpenURL ContextObject), so reference managers import from list pages.

    Names as Zotero's OpenURL reader merges them: the first author as ``rft.aulast`` and
    ``rft.aufirst``, every author as ``rft.au`` = ``Last, First`` (so "Van den Broeck, Guy"
    keeps its surname whole); a one-part name (an organisation) as ``Name,``, kept whole and
    in its place (Zotero puts every ``rft.aucorp`` first, whatever its position). An item
    that is no conference paper or journal article says its Zotero type in ``rft.type``.
    Cached: every list that holds a paper carries its span."""
    fields: list[tuple[str, str]] = [("ctx_ver", "Z39.88-2004")]
    where = placement(paper)
    if where.kind is Kind.JOURNAL:
        fields += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:journal"), ("rft.genre", "article")]
        fields += [("rft.jtitle", where.container), ("rft.atitle", paper.title)]
    elif where.kind in (Kind.NEURIPS, Kind.PROCEEDINGS):
        fields += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:book"), ("rft.genre", "proceeding")]
        fields += [("rft.btitle", where.container or where.event), ("rft.atitle", paper.title)]
    else:
        fields += [
            ("rft_val_fmt", "info:ofi/fmt:kev:mtx:dc"),
            ("rft.type", ZOTERO_TYPES[where.kind]),
        ]
        fields.append(("rft.title", paper.title))
    for at, author in enumerate(paper.authors):
        if at == 0 and author.first:
            fields += [("rft.aulast", author.last), ("rft.aufirst", author.first)]
        fields.append(("rft.au", highwire_author(author)))
    fields += [("rft.date", paper.year), ("rft_id", paper.url)]
    if paper.eprint:
        fields.append(("rft_id", f"info:arxiv/{paper.eprint}"))
    return f'<span class="Z3988" title="{_attr(urlencode(fields))}"></span>'


def coins_block(papers: Iterable[Paper]) -> str:
    """The COinS spans of a page that lists ``papers``: one per paper, however often the
    page lists it (a paper under two topics), in the page's order. Raw HTML, one line."""
    seen: set[str] = set()
    spans = []
    for paper in papers:
        if paper.key not in seen:
            seen.add(paper.key)
            spans.append(coins(paper))
    return f'<div class="coins">{"".join(spans)}</div>' if spans else ""


def reference_text(paper: Paper) -> str:
    """The formatted reference shown under *Cite* (plain text, author-year)."""
    names = [a.inverted for a in paper.authors]
    if paper.more_authors:
        names.append("et al.")
    authors = "; ".join(names) or "Authors unknown"
    where = placement(paper)
    venue = where.container or where.event or where.genre
    if where.kind is Kind.NEURIPS:
        venue = f"{NEURIPS_BOOKTITLE} ({NEURIPS_CONFERENCE})"
    parts = [f"{authors} ({paper.year})", paper.title, venue, where.note, paper.url]
    return ". ".join(part for part in parts if part)
