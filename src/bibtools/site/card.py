"""A paper as the reader sees it: its own page, and its compact entry on list pages.

``render_badges`` draws the badge row; ``paper_page`` is the whole page of one paper (the
citeable unit); ``list_entry`` is the short form on category pages.
"""

from __future__ import annotations

import html

from bibtools.bibtex.latex import ascii_fold
from bibtools.data.contract import AWARDS, PRESENTATIONS, TRACKS
from bibtools.data.model import Author, Collection, Paper
from bibtools.export.bibtex import to_bibtex
from bibtools.site import myst
from bibtools.site.meta import coins, reference_text
from bibtools.site.urls import (
    CITE_DIR,
    CITE_FORMATS,
    category_doc,
    href,
    paper_doc,
    paper_label,
    topic_label,
)

AWARD_RANK = {"best-paper": 0, "runner-up": 1}
PRESENTATION_RANK = {"oral": 0, "spotlight": 1, "poster": 2, "unknown": 3}
NEURIPS_PAGE = "https://neurips.cc/virtual/2025/poster/{id}"


def highlight_rank(paper: Paper) -> tuple[int, int, int, str]:
    """Awards first, then orals, spotlights, posters; other items last; then by title."""
    return (
        0 if paper.is_neurips2025 else 1,
        AWARD_RANK.get(paper.award, 2),
        PRESENTATION_RANK.get(paper.presentation, 4),
        paper.title.casefold(),
    )


def render_badges(paper: Paper) -> str:
    """The badge row: award, presentation, track; and a clear label for non-NeurIPS items."""
    badges: list[str] = []
    if paper.award:
        badges.append(f"{{bdg-warning}}`{AWARDS[paper.award]}`")
    if paper.is_neurips2025:
        style = {"oral": "danger", "spotlight": "primary", "poster": "info"}.get(
            paper.presentation, "secondary"
        )
        badges.append(f"{{bdg-{style}-line}}`{PRESENTATIONS[paper.presentation]}`")
        if paper.track == "datasets-and-benchmarks":
            badges.append("{bdg-secondary-line}`Datasets & Benchmarks track`")
    elif paper.track == "unconfirmed":
        # Listed as NeurIPS 2025 somewhere, but no primary source seen: not "not a paper".
        badges.append("{bdg-dark}`NeurIPS 2025 not confirmed`")
    else:
        badges.append(f"{{bdg-dark}}`Not a NeurIPS 2025 paper: {TRACKS[paper.track]}`")
    if paper.unverified:
        badges.append("{bdg-secondary}`Some facts unverified`")
    return " ".join(badges)


def render_authors(paper: Paper, index: dict[Author, str] | None = None) -> str:
    """The full author list; with ``index`` (author -> their line in the author index,
    from the paper's page), each name links there. The link is raw HTML because the index
    is (see pages.author_rows); the name stays MyST text."""
    if not paper.authors:
        return "*not known; see the data notes below*"
    names = [
        f"{myst.html_link_start(index[a])}{myst.text(a.display)}</a>"
        if index and a in index
        else myst.text(a.display)
        for a in paper.authors
    ]
    return ", ".join(names) + (" et al." if paper.more_authors else "")


def short_authors(paper: Paper) -> str:
    names = [a.display for a in paper.authors]
    text = ", ".join(names[:3]) + (" et al." if len(names) > 3 or paper.more_authors else "")
    return myst.text(text) if names else "*authors not known*"


def render_links(paper: Paper) -> str:
    links: list[str] = []
    if paper.openreview:
        links.append(myst.link("OpenReview", paper.url))
        links.append(myst.link("PDF", paper.pdf_url))
    elif paper.url:
        links.append(myst.link("Source", paper.url))
    if paper.eprint:
        links.append(myst.link(f"arXiv:{paper.eprint}", paper.arxiv_url))
    if paper.code:
        links.append(myst.link("Code", paper.code))
    if paper.projectpage:
        links.append(myst.link("Project page", paper.projectpage))
    if paper.neuripsid:
        links.append(myst.link("NeurIPS page", NEURIPS_PAGE.format(id=paper.neuripsid)))
    return " · ".join(links)


class _SummaryMyST:
    """How a summary's spans are written in MyST; ``titles`` maps keys to titles."""

    def __init__(self, titles: dict[str, str]) -> None:
        self.titles = titles

    def text(self, value: str) -> str:
        # Keep the spaces around text that sits next to bold or a reference.
        lead = " " if value[:1].isspace() else ""
        tail = " " if value[-1:].isspace() else ""
        return lead + myst.text(value) + tail

    def bold(self, value: str) -> str:
        return f"**{myst.text(value)}**"

    def ref(self, key: str) -> str:
        # The title written out, not taken from the target at build time: a title edit then
        # changes this page's source too, so an incremental build never shows the old one.
        return myst.doc(paper_doc(key), self.titles.get(key, key))


def render_summary(paper: Paper, titles: dict[str, str]) -> str:
    return paper.summary.render(_SummaryMyST(titles))


def render_provenance(paper: Paper) -> str:
    """Where the facts come from, so a reader can re-check them."""
    lines = []
    if paper.openreview:
        lines.append(f"- OpenReview forum id: {myst.text(paper.openreview)}")
    if paper.neuripsid:
        lines.append(f"- neurips.cc virtual-site id: {myst.text(paper.neuripsid)}")
    if paper.eprint:
        lines.append(f"- arXiv id: {myst.text(paper.eprint)}")
    if not paper.is_neurips2025:
        lines.append(f"- What this item is: {myst.text(paper.venue)}")
    if paper.unverified:
        lines.append(
            "- Not confirmed by a primary source: " + myst.text(", ".join(paper.unverified))
        )
    if paper.sourcenote:
        lines.append(f"- Note: {myst.text(paper.sourcenote)}")
    if paper.added:
        lines.append(f"- Added to the collection: {myst.text(paper.added)}")
    return "\n".join(lines)


def render_places(paper: Paper, collection: Collection) -> str:
    """The categories and topics the paper belongs to, each a link."""
    topics = collection.taxonomy.topics_by_keyword()
    lines = []
    for keyword in paper.keywords:
        topic = topics[keyword]
        category = collection.taxonomy.category(topic.category)
        lines.append(
            f"- {myst.doc(category_doc(category.slug), category.short)}: "
            f"{myst.ref(topic_label(topic), topic.title)}"
        )
    return "\n".join(lines)


def cite_links(paper: Paper) -> str:
    """Download links to the paper's citation files (stable URLs beside its page)."""
    # Raw HTML: these are plain files copied to the site, not documents Sphinx resolves.
    # The key is validated ([a-z0-9]+), so it is safe in a URL and an attribute.
    here = paper_doc(paper.key)
    links = [
        f'<a class="reference download" href="{href(here, f"{CITE_DIR}/{paper.key}.{ext}")}" '
        f"download>{label}</a>"
        for ext, label in CITE_FORMATS
    ]
    return "Download: " + " · ".join(links)


def search_spellings(paper: Paper) -> str:
    """Author names without accents, for the search index only ('Poppel' finds Pöppel).

    Raw HTML, because Sphinx indexes the text of raw HTML too; ``hidden`` keeps it from
    readers and screen readers. Escaped: the names come from BibTeX.
    """
    names = [ascii_fold(a.display) for a in paper.authors if ascii_fold(a.display) != a.display]
    if not names:
        return ""
    return f'<span class="search-only" hidden>{html.escape(" ".join(names))}</span>'


def paper_page(paper: Paper, collection: Collection, author_index: dict[Author, str]) -> str:
    """The page of one paper: everything about it, and how to cite it."""
    # orphan: reached by links from every list, not through the navigation tree, which
    # would otherwise grow with the collection on every page.
    out = ["---", "orphan: true", "---", ""]
    out += [myst.label(paper_label(paper.key)), myst.heading(1, paper.title), ""]
    out += [render_badges(paper), ""]
    out += [f"**Authors:** {render_authors(paper, author_index)}", ""]
    folded = search_spellings(paper)
    if folded:
        out += [folded, ""]
    if not paper.is_neurips2025:
        out += [f"**Venue:** {myst.text(paper.venue)}", ""]
    out += [f"**Links:** {render_links(paper)}", ""]
    papers = collection.by_key()
    titles = {key: papers[key].title for key in paper.summary.refs if key in papers}
    out += ["## Summary", "", render_summary(paper, titles), ""]
    out += ["## Categories and topics", "", render_places(paper, collection), ""]
    out += ["## Cite", "", myst.text(reference_text(paper)), ""]
    out += [myst.fence(to_bibtex(paper), "bibtex"), cite_links(paper), ""]
    out += ["## Sources and data notes", "", render_provenance(paper), ""]
    return "\n".join(out)


def list_entry(paper: Paper, category: str, labels: tuple[str, ...], old_id: str = "") -> str:
    """A paper's compact entry in a topic's list; ``labels`` are its anchors there, and
    ``old_id`` an id kept for old links (``papers/<category>.html#<key>``)."""
    out = [myst.label(label) for label in labels]
    # Raw HTML: an id that is not a Sphinx label (the label <key> is the paper's page). Keys
    # are validated ([a-z0-9]+).
    old = f'<span id="{myst.slug_id(old_id)}"></span>' if old_id else ""
    # Not a heading: the paper's own page holds its title, and category pages stay short.
    out += [f"{old}**{myst.doc(paper_doc(paper.key), paper.title)}**", ""]
    out += [f"{render_badges(paper)} {coins(paper)}", ""]
    out += [short_authors(paper), ""]
    line = myst.text(paper.tldr) + " · " if paper.tldr else ""
    out += [line + myst.doc(paper_doc(paper.key), "summary and citation"), ""]
    return "\n".join(out)
