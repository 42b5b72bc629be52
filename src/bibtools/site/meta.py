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
from urllib.parse import urlencode

from bibtools.data.contract import NEURIPS_BOOKTITLE, NEURIPS_CONFERENCE
from bibtools.data.model import Paper
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


def highwire_tags(paper: Paper) -> list[str]:
    """Google Scholar's inclusion guidelines: citation_* tags, authors in order."""
    tags = [_meta("citation_title", paper.title)]
    tags += [_meta("citation_author", a.inverted) for a in paper.authors]
    tags.append(_meta("citation_publication_date", paper.year))
    where = placement(paper)
    if where.kind in (Kind.NEURIPS, Kind.PROCEEDINGS) and (where.container or where.event):
        tags.append(_meta("citation_conference_title", where.container or where.event))
    elif where.kind is Kind.JOURNAL and where.container:
        tags.append(_meta("citation_journal_title", where.container))
    if paper.pdf_url:
        tags.append(_meta("citation_pdf_url", paper.pdf_url))
    if paper.eprint:
        tags.append(_meta("citation_arxiv_id", paper.eprint))
    tags.append(_meta("citation_abstract_html_url", paper.url))
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


def opengraph_tags(paper: Paper, page_url: str) -> list[str]:
    tags = [
        _meta("description", description(paper)),
        _meta("og:type", "article", "property"),
        _meta("og:title", paper.title, "property"),
        _meta("og:description", description(paper), "property"),
        _meta("og:site_name", SITE_NAME, "property"),
    ]
    if page_url:
        tags.append(_meta("og:url", page_url, "property"))
    return tags


def head_html(paper: Paper, page_url: str) -> str:
    """Everything a paper page adds to <head>."""
    return "\n".join(
        [*highwire_tags(paper), *opengraph_tags(paper, page_url), json_ld(paper, page_url)]
    )


def coins(paper: Paper) -> str:
    """A COinS span (OpenURL ContextObject), so reference managers import from list pages."""
    fields: list[tuple[str, str]] = [("ctx_ver", "Z39.88-2004")]
    where = placement(paper)
    if where.kind is Kind.JOURNAL:
        fields += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:journal"), ("rft.genre", "article")]
        fields += [("rft.jtitle", where.container), ("rft.atitle", paper.title)]
    elif where.kind in (Kind.NEURIPS, Kind.PROCEEDINGS):
        fields += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:book"), ("rft.genre", "proceeding")]
        fields += [("rft.btitle", where.container or where.event), ("rft.atitle", paper.title)]
    else:
        fields += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:dc"), ("rft.type", "document")]
        fields.append(("rft.title", paper.title))
    fields += [("rft.au", a.display) for a in paper.authors]
    fields += [("rft.date", paper.year), ("rft_id", paper.url)]
    if paper.eprint:
        fields.append(("rft_id", f"info:arxiv/{paper.eprint}"))
    return f'<span class="Z3988" title="{_attr(urlencode(fields))}"></span>'


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
