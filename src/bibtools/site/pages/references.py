"""All references, formatted as a bibliography by sphinxcontrib-bibtex (style:
:mod:`bibtools.site.bibstyle`): one page, or, past the limit, a page per first letters of
the citation keys. Drawn from :attr:`~bibtools.site.layout.Layout.references`."""

from __future__ import annotations

from bibtools.data.model import Paper
from bibtools.site import myst
from bibtools.site.layout import Listing, Part
from bibtools.site.meta import coins_block
from bibtools.site.pages import template
from bibtools.site.urls import bibliography_argument, source


def _bibliography(options: list[str], bibfile: str = "") -> list[str]:
    return [f"```{{bibliography}} {bibfile}".rstrip(), *options, "```", ""]


def reference_pages(references: Listing[Paper]) -> dict[str, str]:
    """``references.md``: the bibliography, or, when long, a link to each part's page; and
    for a long one ``references/<slug>.md``: a {bibliography} of its own .bib, the entries
    whose keys start with the slug (and not with a longer slug; see urls.bibliography_source).
    Each page's labels carry its letters ([B1], [B2], ...), so no two pages share a label."""
    out = [template.GENERATED_NOTE, myst.label(references.label), f"# {references.title}", ""]
    if not references.split:
        out += [
            "Every entry of the collection, formatted as a bibliography; `{cite}` roles "
            "anywhere on the site link here.",
            "",
            *_bibliography([":all:"]),
            coins_block(references.items),
            "",
        ]
        return {source(references.doc): "\n".join(out)}
    out += [
        "Every entry of the collection, formatted as a bibliography, on one page per "
        "initial of the citation key; `{cite}` roles anywhere on the site link there.",
        "",
        template.part_links(references.parts, lambda part: part.slug.upper(), counted=False),
        "",
    ]
    back = myst.doc(references.doc, "all initials")

    def text(part: Part[Paper]) -> str:
        letters = part.slug.upper()
        options = [":all:", f":labelprefix: {letters}"]
        bibfile = bibliography_argument(part.doc, part.slug)
        intro = f"Entries whose citation key starts with {letters}; {back}."
        body = [*_bibliography(options, bibfile), coins_block(part.items), ""]
        return template.part_page(f"# References: {letters}", [intro], body)

    return {source(references.doc): "\n".join(out), **template.part_pages(references, text)}
