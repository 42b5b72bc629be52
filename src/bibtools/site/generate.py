"""Everything the site needs from bib/, as ``relative path -> bytes``. Pure."""

from __future__ import annotations

from bibtools.data.model import Collection
from bibtools.data.scope import SCOPE_DOWNLOAD, scope_tsv
from bibtools.export.files import collection_exports, paper_exports
from bibtools.site.bibstyle import bibliography_file
from bibtools.site.explorer import explorer_json
from bibtools.site.feed import atom_feed
from bibtools.site.figure import figure_digest, png_digest, render_figure
from bibtools.site.layout import site_layout
from bibtools.site.pages import site_pages
from bibtools.site.paging import DEFAULT_LIMITS, PageLimits
from bibtools.site.stats import compute_stats
from bibtools.site.urls import (
    CITE_DIR,
    DOWNLOADS_DIR,
    EXPLORER_DATA,
    FEED,
    FIGURE,
    bibliography_source,
    extra,
)


def layer_titles(collection: Collection) -> dict[str, str]:
    return {layer.slug: layer.title for layer in collection.taxonomy.layers}


def paper_citations(collection: Collection) -> dict[str, bytes]:
    """Served beside each paper page, at papers/cite/<key>.<format>."""
    files: dict[str, bytes] = {}
    for paper in collection.papers:
        files.update(paper_exports(paper))
    return files


def generate_site(
    collection: Collection,
    previous_figure: bytes = b"",
    base_url: str = "",
    limits: PageLimits = DEFAULT_LIMITS,
) -> dict[str, bytes]:
    """All generated files. ``previous_figure`` (the last build's PNG, if any) is reused when
    its digest says it was drawn from the same inputs; ``limits``: when a list is split
    into several pages (site.paging, site.layout)."""
    stats = compute_stats(collection)
    downloads = collection_exports(collection)  # served at downloads/<name>
    layout = site_layout(collection, limits)
    pages = site_pages(collection, layout, stats, downloads)
    files = {name: text.encode("utf-8") for name, text in pages.items()}
    # sphinxcontrib-bibtex reads these (titles as plain text, see site.bibstyle), one per
    # page of references; readers get the exports under downloads/.
    for part in layout.references.parts:
        files[bibliography_source(part.slug)] = bibliography_file(part.items)
    files.update({extra(f"{DOWNLOADS_DIR}/{n}"): data for n, data in downloads.items()})
    if collection.scope:
        files[extra(f"{DOWNLOADS_DIR}/{SCOPE_DOWNLOAD}")] = scope_tsv(collection.scope)
    files[extra(EXPLORER_DATA)] = explorer_json(collection)
    files.update({extra(f"{CITE_DIR}/{n}"): d for n, d in paper_citations(collection).items()})
    files[extra(FEED)] = atom_feed(collection, base_url)
    titles = layer_titles(collection)
    if previous_figure and png_digest(previous_figure) == figure_digest(stats, titles):
        files[FIGURE] = previous_figure
    else:
        files[FIGURE] = render_figure(stats, titles)
    return files
