"""A paper's own page: everything about it, and how to cite it (the citeable unit).

The page's source is its own format (:func:`page_source`, read by bibtools.paperparser):
its label, title and headings as text, raw HTML under them, a block per section
(site.rawhtml). There is a page per paper, and each docutils node and MyST's parse cost
every one of them in reading and writing."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import NamedTuple

from anyascii import anyascii

from bibtools.data.contract import NEURIPS_PAGE, PRESENTATIONS
from bibtools.data.model import Author, Collection, Paper
from bibtools.export.bibtex import bibtex_entry
from bibtools.site import myst, rawhtml
from bibtools.site.card import badges_html
from bibtools.site.layout import Layout
from bibtools.site.myst import anchor_slug
from bibtools.site.urls import (
    CITE_DIR,
    CITE_FORMATS,
    category_doc,
    href,
    page,
    paper_doc,
    paper_label,
    topic_label,
)


def render_authors(paper: Paper, index: dict[Author, str] | None = None) -> str:
    """The full author list; with ``index`` (author -> their line in the author index,
    from the paper's page), each name links there."""
    if not paper.authors:
        return rawhtml.emphasis("not known; see the data notes below")
    names = [
        rawhtml.internal(index[a], rawhtml.text(a.display))
        if index and a in index
        else rawhtml.text(a.display)
        for a in paper.authors
    ]
    return ", ".join(names) + (" et al." if paper.more_authors else "")


def render_links(paper: Paper) -> str:
    links: list[str] = []
    if paper.openreview:
        links.append(rawhtml.external("OpenReview", paper.url))
        links.append(rawhtml.external("PDF", paper.pdf_url))
    elif paper.url:
        links.append(rawhtml.external("Source", paper.url))
    if paper.eprint:
        links.append(rawhtml.external(f"arXiv:{paper.eprint}", paper.arxiv_url))
    if paper.code:
        links.append(rawhtml.external("Code", paper.code))
    if paper.projectpage:
        links.append(rawhtml.external("Project page", paper.projectpage))
    if paper.neuripsid:
        links.append(rawhtml.external("NeurIPS page", NEURIPS_PAGE.format(id=paper.neuripsid)))
    return " · ".join(links)


class _SummaryHTML:
    """How a summary's spans are written on the page of ``key``; ``titles`` maps the keys
    it refers to to their titles."""

    def __init__(self, key: str, titles: dict[str, str]) -> None:
        self.here = paper_doc(key)
        self.titles = titles

    def text(self, value: str) -> str:
        # Keep the spaces around text that sits next to bold or a reference.
        lead = " " if value[:1].isspace() else ""
        tail = " " if value[-1:].isspace() else ""
        return lead + rawhtml.text(value) + tail

    def bold(self, value: str) -> str:
        return rawhtml.strong(rawhtml.text(value))

    def ref(self, key: str) -> str:
        # The title written out, not taken from the target at build time: a title edit then
        # changes this page's source too, so an incremental build never shows the old one.
        target = href(self.here, page(paper_doc(key)))
        return rawhtml.doc_link(target, self.titles.get(key, key))


# A listed paper's Summary section: says what is missing and why, never a made-up summary.
LISTED_SUMMARY = (
    "<em>Not yet written.</em> This paper is listed with its facts only: its summary is "
    "written from its abstract, which has not been read for this collection yet. The facts "
    "below and the citation are complete; the data notes say where each comes from."
)


def render_summary(paper: Paper, titles: dict[str, str]) -> str:
    return paper.summary.render(_SummaryHTML(paper.key, titles))


# The "Sources and data notes" of a paper's page, in order: (field, label). Each is shown
# when it has a value (a list's items joined by commas); ``venue``, what an item that is not
# a NeurIPS 2025 paper is, is shown for every such item and for no NeurIPS paper.
DATA_NOTES: tuple[tuple[str, str], ...] = (
    ("openreview", "OpenReview forum id"),
    ("neuripsid", "neurips.cc virtual-site id"),
    ("eprint", "arXiv id"),
    ("venue", "What this item is"),
    ("unverified", "Not confirmed by a primary source"),
    ("sourcenote", "Note"),
    ("added", "Added to the collection"),
)


def render_provenance(paper: Paper, notes: Sequence[tuple[str, str]] = DATA_NOTES) -> str:
    """Where the facts come from, so a reader can re-check them (``notes``: see above)."""
    lines = []
    for name, label in notes:
        value = paper.value(name)
        text = value if isinstance(value, str) else ", ".join(value)
        shown = not paper.is_neurips2025 if name == "venue" else bool(text)
        if shown:
            lines.append(f"{label}: {rawhtml.text(text)}")
    return rawhtml.bullets(lines)


def render_places(paper: Paper, collection: Collection, topic_docs: dict[str, str]) -> str:
    """The categories and topics the paper belongs to, each a link (``topic_docs``: a
    topic's label -> the document holding its heading)."""
    here = paper_doc(paper.key)
    topics = collection.taxonomy.topics_by_keyword()
    lines = []
    for keyword in paper.keywords:
        topic = topics[keyword]
        category = collection.taxonomy.category(topic.category)
        label = topic_label(topic)
        category_link = rawhtml.doc_link(
            href(here, page(category_doc(category.slug))), category.short
        )
        topic_target = href(here, f"{page(topic_docs[label])}#{label}")
        lines.append(f"{category_link}: {rawhtml.ref_link(topic_target, topic.title)}")
    return rawhtml.bullets(lines)


def cite_links(paper: Paper) -> str:
    """Download links to the paper's citation files (stable URLs beside its page)."""
    # Plain files copied to the site, not documents Sphinx resolves. The key is validated
    # ([a-z0-9]+), so it is safe in a URL and an attribute.
    here = paper_doc(paper.key)
    links = [
        f'<a class="reference download" href="{href(here, f"{CITE_DIR}/{paper.key}.{ext}")}" '
        f"download>{label}</a>"
        for ext, label in CITE_FORMATS
    ]
    return rawhtml.paragraph("Download: " + " · ".join(links))


def search_spellings(paper: Paper) -> str:
    """Author names in ASCII, for the search index only ('Poppel' finds Pöppel, 'Michal'
    Michał): Sphinx indexes the text of raw HTML too; ``hidden`` keeps it from readers and
    screen readers."""
    # anyascii, not stripping accents: "Michał" -> "Michal" ("ł" has no accent to strip).
    names = [anyascii(a.display) for a in paper.authors if anyascii(a.display) != a.display]
    if not names:
        return ""
    return rawhtml.paragraph(
        f'<span class="search-only" hidden>{rawhtml.text(" ".join(names))}</span>'
    )


def render_styles(styled: Sequence[tuple[str, str]]) -> list[str]:
    """The reference in each citation style, a tab each, as a text block with a copy
    button (plain text from citeproc-py: a code block prints it literally)."""
    if not styled:
        return []
    intro = "The reference in a citation style (formatted by citeproc-py), then as BibTeX:"
    items = [(label, anchor_slug(label), rawhtml.code(text, "text")) for label, text in styled]
    return [rawhtml.paragraph(intro), rawhtml.tabs(items, "cite-styles")]


class Neighbours(NamedTuple):
    """A paper's place in its home topic's list: the papers before and after it there, and
    the list (its heading's label, document and title, its length)."""

    previous: Paper | None
    next: Paper | None
    label: str
    doc: str  #: the document that holds the list's heading (and its label)
    title: str
    papers: tuple[Paper, ...]  #: the whole list, in its order

    @property
    def length(self) -> int:
        return len(self.papers)


def topic_docs(layout: Layout) -> dict[str, str]:
    """Each topic's label -> the document that holds its heading."""
    return {s.label: s.doc for category in layout.categories for s in category.sections}


def topic_neighbours(layout: Layout) -> dict[str, Neighbours]:
    """Each paper's neighbours in the list of its first (home) topic, in the list's order."""
    found: dict[str, Neighbours] = {}
    for category in layout.categories:
        for section in category.sections:
            order = section.items
            for at, paper in enumerate(order):
                if not paper.keywords or paper.keywords[0] != section.slug:
                    continue
                found[paper.key] = Neighbours(
                    order[at - 1] if at > 0 else None,
                    order[at + 1] if at + 1 < len(order) else None,
                    section.label,
                    section.doc,
                    section.title,
                    order,
                )
    return found


def render_neighbours(paper: Paper, near: Neighbours) -> str:
    """Previous and next in the topic's list, and the whole list: titles written out."""
    here = paper_doc(paper.key)
    steps = []
    for word, other in (("Previous", near.previous), ("Next", near.next)):
        if other is not None:
            link = rawhtml.doc_link(href(here, page(paper_doc(other.key))), other.title)
            steps.append(f"{word}: {link}")
    topic = rawhtml.ref_link(href(here, f"{page(near.doc)}#{near.label}"), near.title)
    whole = (
        f"The only paper of {topic}" if near.length == 1 else f"All {near.length} papers of {topic}"
    )
    return rawhtml.bullets([*steps, whole])


# The most papers a page lists from its topic. Every page of a topic listing all of it grew
# the site as the topic's size times its papers: at 20,000 entries a topic holds ~1,800
# papers and its pages' doctrees averaged 443 KB. The real topics hold fewer (48 at most).
PEERS = 50


def peers(paper: Paper, near: Neighbours) -> tuple[Paper, ...]:
    """The other papers of ``paper``'s topic that its page lists: all of them, or the
    ``PEERS`` around it in the topic's order (fewer before it near the list's start, fewer
    after it near its end)."""
    others = tuple(p for p in near.papers if p.key != paper.key)
    if len(others) <= PEERS:
        return others
    at = next(i for i, p in enumerate(near.papers) if p.key == paper.key)
    start = min(max(0, at - PEERS // 2), len(others) - PEERS)
    return others[start : start + PEERS]


def render_peers(paper: Paper, near: Neighbours) -> str:
    """The other papers of the topic (at most ``PEERS``, those around it), one line each
    (short name, presentation, claim), closed until opened. Raw HTML, escaped; the page
    keeps it out of the search index, so a page is not found by its neighbours' words."""
    others = peers(paper, near)
    if not others:
        return ""
    items = []
    for other in others:
        name = rawhtml.text(other.shortname or other.title)
        facts = [PRESENTATIONS[other.presentation]] if other.is_neurips2025 else []
        if not other.is_neurips2025:
            facts.append("not a NeurIPS 2025 paper")
        if other.tldr:
            facts.append(other.tldr)
        line = " — ".join(rawhtml.text(fact) for fact in facts)
        target = href(paper_doc(paper.key), page(paper_doc(other.key)))  # "<key>.html"
        items.append(f'<li><a href="{target}">{name}</a>{" — " + line if line else ""}</li>')
    summary = f"The other {len(others)} paper{'s' if len(others) > 1 else ''} of this topic"
    if len(others) < near.length - 1:
        summary = (
            f"{len(others)} of the other {near.length - 1} papers of this topic, the ones"
            " next to it in the topic's list (the topic's page lists them all)"
        )
    return (
        f'<details class="topic-peers"><summary>{summary}</summary><ul>'
        + "".join(items)
        + "</ul></details>"
    )


def paper_page(
    paper: Paper,
    collection: Collection,
    author_index: dict[Author, str],
    topic_docs: dict[str, str],
    near: Neighbours | None = None,
    styled: Sequence[tuple[str, str]] = (),
) -> str:
    """The page of one paper: everything about it, and how to cite it (``topic_docs``:
    where each topic's heading is, see :func:`topic_docs`; ``styled``: its reference in
    citation styles, see :mod:`bibtools.site.styles`), as a paper page source
    (:func:`page_source`)."""
    facts = [badges_html(paper)]
    authors = render_authors(paper, author_index)
    facts.append(rawhtml.paragraph(f"{rawhtml.strong('Authors:')} {authors}"))
    folded = search_spellings(paper)
    if folded:
        facts.append(folded)
    if not paper.is_neurips2025:
        venue = rawhtml.text(paper.venue)
        facts.append(rawhtml.paragraph(f"{rawhtml.strong('Venue:')} {venue}"))
    facts.append(rawhtml.paragraph(f"{rawhtml.strong('Links:')} {render_links(paper)}"))
    papers = collection.by_key()
    titles = {key: papers[key].title for key in paper.summary.refs if key in papers}
    summary = render_summary(paper, titles) if paper.summary else LISTED_SUMMARY
    sections: list[tuple[str, list[Block]]] = [
        ("Summary", [Block(rawhtml.paragraph(summary))]),
        ("Categories and topics", [Block(render_places(paper, collection, topic_docs))]),
    ]
    if near is not None:
        topic = [Block(render_neighbours(paper, near))]
        peers = render_peers(paper, near)
        sections.append(("In its topic", [*topic, Block(peers, False)] if peers else topic))
    cite = [*render_styles(styled), rawhtml.code(bibtex_entry(paper), "bibtex"), cite_links(paper)]
    sections.append(("Cite", [Block("\n".join(cite))]))
    sections.append(("Sources and data notes", [Block(render_provenance(paper), False)]))
    return page_source(paper_label(paper.key), paper.title, [Block("\n".join(facts))], sections)


class Block(NamedTuple):
    """Raw HTML under a heading of a paper page; ``searched``: whether Sphinx's search
    index reads it (long notes would otherwise answer queries meant for papers)."""

    html: str
    searched: bool = True


#: What a paper page's source says about itself (it has no room for a comment).
GENERATED = "by bibtools from bib/*.bib; edit the BibTeX, not this file"


def page_source(
    label: str, title: str, intro: Sequence[Block], sections: Sequence[tuple[str, Sequence[Block]]]
) -> str:
    """A paper page's source, read by :mod:`bibtools.paperparser` (not MyST: a page per
    paper, and MyST's parse was a third of each one's cost): JSON, its title and headings
    plain text, its blocks raw HTML (site.rawhtml). The page is outside the navigation
    tree (``orphan``): reached by links from every list."""
    page = {
        "generated": GENERATED,
        "label": myst.slug_id(label),
        "title": title,
        "intro": [block._asdict() for block in intro],
        "sections": [
            {"heading": heading, "blocks": [block._asdict() for block in blocks]}
            for heading, blocks in sections
        ],
    }
    return json.dumps(page, ensure_ascii=False, indent=1) + "\n"
