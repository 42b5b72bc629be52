"""Everything the site needs from bib/, as ``relative path -> bytes``. Pure."""

from __future__ import annotations

from bibtools.data.about import NO_ABOUT, About
from bibtools.data.model import Collection
from bibtools.data.scope import SCOPE_DOWNLOAD, scope_tsv
from bibtools.export.files import collection_exports, paper_exports
from bibtools.site.bibstyle import bibliography_file
from bibtools.site.explorer import explorer_json
from bibtools.site.feed import atom_feed
from bibtools.site.figure import figure_digest, png_digest, png_hotspots, render_figure
from bibtools.site.layout import site_layout
from bibtools.site.pages import site_pages
from bibtools.site.paging import DEFAULT_LIMITS, PageLimits
from bibtools.site.search_names import author_names_js
from bibtools.site.social import site_card
from bibtools.site.stats import compute_stats
from bibtools.site.styles import CACHE_FILE as REFERENCE_CACHE
from bibtools.site.styles import styled_references
from bibtools.site.urls import (
    CITE_DIR,
    DOWNLOADS_DIR,
    EXPLORER_DATA,
    FEED,
    FIGURE,
    FIGURE_DARK,
    OG_IMAGE,
    SEARCH_AUTHORS,
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
    about: About = NO_ABOUT,
    previous_references: bytes = b"",
    previous_dark_figure: bytes = b"",
    previous_card: bytes = b"",
) -> dict[str, bytes]:
    """All generated files. ``previous_figure`` (the last build's PNG, if any) is reused when
    its digest says it was drawn from the same inputs; ``limits``: when a list is split
    into several pages (site.paging, site.layout); ``about``: the collection's own citation
    and issue tracker, for the home page; ``previous_references``: the last build's cache
    of formatted references (site.styles), reused where nothing changed;
    ``previous_dark_figure``: the last build's dark-theme figure, reused like the other;
    ``previous_card``: the last build's link-preview image, reused likewise."""
    stats = compute_stats(collection)
    # The figures first: the pages link each of their bars, from where the PNG says it is.
    titles = layer_titles(collection)
    figures: dict[str, bytes] = {}
    for name, theme, previous in (
        (FIGURE, "light", previous_figure),
        (FIGURE_DARK, "dark", previous_dark_figure),
    ):
        if previous and png_digest(previous) == figure_digest(stats, titles, theme):
            figures[name] = previous
        else:
            figures[name] = render_figure(stats, titles, theme)
    hotspots = png_hotspots(figures[FIGURE])
    downloads = collection_exports(collection)  # served at downloads/<name>
    references, reference_cache = styled_references(collection.papers, previous_references)
    layout = site_layout(collection, limits)
    pages = site_pages(collection, layout, stats, downloads, about, references, hotspots)
    files = {name: text.encode("utf-8") for name, text in pages.items()}
    # sphinxcontrib-bibtex reads these (titles as plain text, see site.bibstyle), one per
    # page of references; readers get the exports under downloads/.
    for part in layout.references.parts:
        files[bibliography_source(part.slug)] = bibliography_file(part.items)
    files.update({extra(f"{DOWNLOADS_DIR}/{n}"): data for n, data in downloads.items()})
    if collection.scope:
        files[extra(f"{DOWNLOADS_DIR}/{SCOPE_DOWNLOAD}")] = scope_tsv(collection.scope)
    files[extra(EXPLORER_DATA)] = explorer_json(collection)
    files[extra(SEARCH_AUTHORS)] = author_names_js(collection)
    files.update({extra(f"{CITE_DIR}/{n}"): d for n, d in paper_citations(collection).items()})
    files[extra(FEED)] = atom_feed(collection, base_url)
    files[REFERENCE_CACHE] = reference_cache
    files[extra(OG_IMAGE)] = site_card(previous_card)
    files.update(figures)
    return files
