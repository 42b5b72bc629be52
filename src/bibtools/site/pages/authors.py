"""The author index: every author with their entries, on one page or, past the limit, one
page per initial (a long initial split by the next letters). Drawn from
:attr:`~bibtools.site.layout.Layout.authors`; the paper pages link into it with
:func:`author_links`."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from bibtools.data.model import Author, Collection, Paper
from bibtools.site import myst
from bibtools.site.layout import Layout, Part
from bibtools.site.meta import coins_block
from bibtools.site.pages import template
from bibtools.site.paging import OTHER
from bibtools.site.urls import PAPERS, href, page, paper_doc, source

# Links to papers/authors.html#author-... land on the author's page of a split index: the
# longest page slug that the label's letters start with (site.paging.page_of), else OTHER.
# Its data (the slugs, the folder, the fallback) come from the layout.
_REDIRECT = (
    "<script>(function () {{ var m = /^#author-(.*)$/.exec(location.hash); if (!m) return; "
    "var pages = {pages}, page = {other}; pages.forEach(function (p) {{ "
    "if (m[1].indexOf(p) === 0 && (page === {other} || p.length > page.length)) page = p; }}); "
    'location.replace("{folder}" + page + "{suffix}" + location.hash); }})();</script>'
)


def redirect_script(layout: Layout) -> str:
    """The script that sends an old ``authors.html#author-...`` link to its page."""
    index = layout.authors
    slugs = [part.slug for part in index.parts if part.slug != OTHER]
    return _REDIRECT.format(
        pages=json.dumps(slugs),
        other=json.dumps(OTHER),
        folder=href(index.doc, f"{index.doc}/"),
        suffix=page(""),
    )


def author_rows(
    authors: Sequence[Author],
    labels: Mapping[Author, str],
    papers: Mapping[Author, Sequence[Paper]],
    to_papers: str,
) -> list[str]:
    """The index's lines as one raw HTML list: the site's longest list, so it is written
    the cheap way (one node for Sphinx instead of ~8 per author as MyST: a third of the
    index's build time). Names and titles are escaped text on one line; ids are the
    authors' labels; links go to the paper pages, in the order given (``to_papers``: the
    link from this page to the folder of paper pages, see :func:`~bibtools.site.urls.href`)."""
    rows = []
    for author in authors:
        refs = "; ".join(
            myst.html_link_start(f"{to_papers}{page(p.key)}") + myst.html_text(p.title) + "</a>"
            for p in papers[author]
        )
        name = myst.html_text(author.inverted)
        rows.append(f'<li id="{myst.slug_id(labels[author])}"><strong>{name}</strong>: {refs}</li>')
    return ['<ul class="author-index">', *rows, "</ul>", ""]


def initials_jump(authors: Sequence[Author], labels: Mapping[Author, str]) -> str:
    """An A-Z jump for an index on one page: each initial links to its first author.
    Raw HTML on one line; the ids are the authors' labels (``author-<last>-<first>``)."""
    firsts: dict[str, str] = {}
    for author in authors:
        label = labels[author]
        firsts.setdefault(label.removeprefix("author-")[:1], label)
    links = " ".join(
        f'<a href="#{myst.slug_id(label)}">{myst.html_text(letter.upper())}</a>'
        for letter, label in firsts.items()
    )
    return f'<nav class="initials-jump" aria-label="Jump to an initial">{links}</nav>'


def author_links(layout: Layout) -> dict[Author, str]:
    """Each author's line in the index, as a link from a paper's page (in papers/)."""
    anchors = layout.authors.anchors
    return {
        author: href(paper_doc(""), f"{page(anchors[label])}#{label}")  # from any paper page
        for author, label in layout.author_labels.items()
    }


def _rows(layout: Layout, part: Part[Author]) -> list[str]:
    """The part's lines, and the COinS of the papers they list."""
    to_papers = href(part.doc, f"{PAPERS}/")
    rows = author_rows(part.items, layout.author_labels, layout.author_papers, to_papers)
    papers = (paper for author in part.items for paper in layout.author_papers[author])
    return [*rows, coins_block(papers), ""]


def author_pages(collection: Collection, layout: Layout) -> dict[str, str]:
    """The index (``authors.md``): every author with their entries, or, for a long index, a
    link to each initial's page and the script for old links; and those pages."""
    index = layout.authors
    out = [
        template.GENERATED_NOTE,
        f"# {index.title}",
        "",
        f"{len(index.items)} authors (distinct names over all {len(collection.papers)} entries, "
        "NeurIPS 2025 papers and other items alike), each with their entries"
        + (", on one page per initial of the last name:" if index.split else ":"),
        "",
    ]
    if not index.split:
        (part,) = index.parts
        jump = initials_jump(part.items, layout.author_labels)
        return {source(index.doc): "\n".join([*out, jump, "", *_rows(layout, part), ""])}
    out += [template.part_links(index.parts), "", redirect_script(layout), ""]
    back = myst.doc(index.doc, "all initials")
    # Every initial's page links every other: an A-Z jump without a detour via the index.
    jump = "Jump to: " + template.part_links(index.parts, counted=False)

    def text(part: Part[Author]) -> str:
        heading = f"# Authors: {myst.text(template.initial_title(part.slug))}"
        intro = [f"{template.count(len(part.items), 'author')}; {back}.", jump]
        return template.part_page(heading, intro, [*_rows(layout, part), ""], [part.label])

    return {source(index.doc): "\n".join(out), **template.part_pages(index, text)}
