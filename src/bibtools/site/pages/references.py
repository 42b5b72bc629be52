"""All references, formatted as a bibliography by sphinxcontrib-bibtex (style:
:mod:`bibtools.site.bibstyle`): one page, or, past the limit, a page per first letters of
the citation keys. Drawn from :attr:`~bibtools.site.layout.Layout.references`."""

from __future__ import annotations

from bibtools.data.model import Paper
from bibtools.site import myst
from bibtools.site.layout import Listing, Part
from bibtools.site.meta import coins_block
from bibtools.site.pages import template
from bibtools.site.urls import source


def _bibliography(options: list[str]) -> list[str]:
    return ["```{bibliography}", *options, "```", ""]


def reference_pages(references: Listing[Paper]) -> dict[str, str]:
    """``references.md``: the bibliography, or, when long, a link to each part's page; and
    for a long one ``references/<slug>.md``: a {bibliography} of the keys that start with
    the slug (and not with a longer slug). Each page's labels carry its letters ([B1],
    [B2], ...), so no two pages share a label."""
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
    slugs = [part.slug for part in references.parts]
    back = myst.doc(references.doc, "all initials")

    def text(part: Part[Paper]) -> str:
        # Keys are [a-z0-9]+, so are slugs: nothing to escape in the pattern.
        longer = "".join(f"(?!{s})" for s in slugs if s != part.slug and s.startswith(part.slug))
        letters = part.slug.upper()
        options = [f':filter: key % "^{longer}{part.slug}"', f":labelprefix: {letters}"]
        intro = f"Entries whose citation key starts with {letters}; {back}."
        body = [*_bibliography(options), coins_block(part.items), ""]
        return template.part_page(f"# References: {letters}", [intro], body)

    return {source(references.doc): "\n".join(out), **template.part_pages(references, text)}
