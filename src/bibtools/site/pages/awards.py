"""The awards and highlights: best papers, runners-up, orals, spotlights, and the papers
whose presentation is not verified; past the limit, a page per group (a long group split by
title). Drawn from :attr:`~bibtools.site.layout.Layout.awards`: its sections are the groups."""

from __future__ import annotations

from bibtools.data.model import Collection, Paper
from bibtools.site import myst
from bibtools.site.card import paper_link, short_authors
from bibtools.site.layout import Listing, Part
from bibtools.site.meta import coins_block
from bibtools.site.pages import template
from bibtools.site.urls import category_doc, source

INTRO = (
    "Best-paper awards, orals and spotlights in this collection, as recorded in the "
    "entries; each paper's *Sources and data notes* say where a fact was seen. Papers "
    "whose presentation no source we could read confirmed are listed at the end."
)


def _line(collection: Collection, paper: Paper) -> str:
    cats = ", ".join(
        myst.doc(category_doc(c), collection.taxonomy.category(c).short) for c in paper.categories
    )
    return f"- {paper_link(paper.key, paper.title)} — {short_authors(paper)} ({cats})"


def awards_pages(collection: Collection, awards: Listing[Paper]) -> dict[str, str]:
    """``awards.md``: every group's list while they fit on one page; past the limit, a link
    to each group's pages (``awards/<group>.md``, a long group split by title into
    ``awards/<group>/<letters>.md``, as a long topic is)."""
    out = [template.GENERATED_NOTE, f"# {awards.title}", "", INTRO, ""]
    pages: dict[str, str] = {}
    back = myst.doc(awards.doc, "all awards and highlights")
    for group in awards.sections:
        out += [f"## {group.title} ({len(group.items)})", ""]
        if not awards.split:
            out += [_line(collection, paper) for paper in group.items]
            out.append("")
            continue

        def title(part: Part[Paper], group: Listing[Paper] = group) -> str:
            return template.initial_title(part.slug) or group.title

        def text(part: Part[Paper], group: Listing[Paper] = group) -> str:
            heading = f"{group.title}: {title(part)}" if part.slug else group.title
            lines = [_line(collection, paper) for paper in part.items]
            intro = f"{template.count(len(part.items))}; {back}."
            body = [*lines, "", coins_block(part.items), ""]
            return template.part_page(myst.heading(1, heading), [intro], body)

        out += [template.part_links(group.parts, title) if group.parts else "None.", ""]
        pages.update(template.part_pages(group, text))
    if not awards.split:
        out += [coins_block(p for group in awards.sections for p in group.items), ""]
    return {source(awards.doc): "\n".join(out), **pages}
