"""The downloads page: the collection's citation files in every format, at stable URLs."""

from __future__ import annotations

from bibtools.data.model import Collection
from bibtools.data.scope import SCOPE_DOWNLOAD
from bibtools.export.files import ALL_STEM, neurips_only
from bibtools.site import myst
from bibtools.site.pages.template import GENERATED_NOTE
from bibtools.site.urls import (
    CITE_FORMATS,
    DOWNLOADS_DIR,
    DOWNLOADS_DOC,
    FEED,
    href,
    page,
    paper_doc,
)


def downloads_page(collection: Collection, exports: dict[str, bytes]) -> str:
    """The collection's citation files in every format, at stable URLs (no hashes)."""
    out = [
        GENERATED_NOTE,
        "# Downloads",
        "",
        "Every entry in standard citation formats, for the whole collection and for each "
        "category (each also with its NeurIPS 2025 papers alone, leaving out the original "
        "list's other items): BibTeX (standard fields only: title, authors, venue, year, "
        "URL, arXiv id; not the site's own category keywords), RIS (EndNote, Zotero, "
        "Mendeley) and CSL-JSON (Zotero, pandoc, citeproc). "
        "They are generated from the same `bib/` as this site, so a key here is the name of "
        f"the paper's page, `{page(paper_doc('<key>'))}`; each paper page also offers its own "
        "files.",
        "",
    ]
    sets = [(ALL_STEM, "All entries")] + [(c.slug, c.title) for c in collection.taxonomy.categories]
    names = [
        name
        for stem, title in sets
        for name in ((stem, title), (neurips_only(stem), f"{title}: NeurIPS 2025 papers only"))
    ]
    formats = [(ext, label) for ext, label in CITE_FORMATS if f"{ALL_STEM}.{ext}" in exports]
    rows = []
    for stem, title in names:
        entries = exports[f"{stem}.bib"].decode("utf-8").count("\n@")
        # Raw HTML links: these are plain files copied to the site root, not documents.
        cells = [
            f'<a href="{href(DOWNLOADS_DOC, f"{DOWNLOADS_DIR}/{stem}.{ext}")}" download>'
            f"{stem}.{ext}</a>"
            for ext, _ in formats
        ]
        rows.append([myst.text(title), str(entries), *cells])
    out.append(myst.table(["Entries of", "Count", *[label for _, label in formats]], rows, "lr"))
    out += [
        f'New entries as an Atom feed: <a href="{href(DOWNLOADS_DOC, FEED)}">{FEED}</a>.',
        "",
    ]
    if collection.scope:
        link = href(DOWNLOADS_DOC, f"{DOWNLOADS_DIR}/{SCOPE_DOWNLOAD}")
        out += [
            f'The scope decisions: <a href="{link}" download>{SCOPE_DOWNLOAD}</a>, one row for '
            f"each of the {len(collection.scope):,} titles of the conference's accepted-paper "
            "listing (tab-separated: neurips.cc id, decision `in`, `out` or `undecided`, the "
            "topic it is filed under, the entry's key, whether the title or the abstract was "
            "read, the date, the reason, the title). A paper not in the collection can be "
            "looked up there: when it was reviewed, and why it was left out.",
            "",
        ]
    return "\n".join(out)
