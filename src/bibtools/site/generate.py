"""Everything the site needs from bib/, as ``relative path -> bytes``, one file at a time
(:func:`site_files`: the writer holds one at a time; ``dict()`` gathers them). Pure."""

from __future__ import annotations

from collections.abc import Iterator

from bibtools.data.about import NO_ABOUT, About
from bibtools.data.model import Collection
from bibtools.data.scope import SCOPE_DOWNLOAD, scope_tsv
from bibtools.export.files import collection_exports, paper_exports
from bibtools.site.bibstyle import bibliography_file
from bibtools.site.explorer import explorer_json
from bibtools.site.feed import atom_feed
from bibtools.site.figure import figure_digest, png_digest, png_hotspots, render_figure
from bibtools.site.layout import site_layout
from bibtools.site.pages import iter_site_pages
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


def paper_citations(collection: Collection) -> Iterator[tuple[str, bytes]]:
    """Served beside each paper page, at papers/cite/<key>.<format>."""
    for paper in collection.papers:
        yield from paper_exports(paper).items()


def site_files(
    collection: Collection,
    previous_figure: bytes = b"",
    base_url: str = "",
    limits: PageLimits = DEFAULT_LIMITS,
    about: About = NO_ABOUT,
    previous_references: bytes = b"",
    previous_dark_figure: bytes = b"",
    previous_card: bytes = b"",
    processes: int = 1,
) -> Iterator[tuple[str, bytes]]:
    """All generated files, one at a time (each name once), so that the writer holds one
    page at a time rather than all of them (issue 24: at 20,000 entries the whole tree
    was most of the build's peak memory). ``previous_figure`` (the last build's PNG, if
    any) is reused when its digest says it was drawn from the same inputs; ``limits``: when
    a list is split into several pages (site.paging, site.layout); ``about``: the
    collection's own citation and issue tracker, for the home page;
    ``previous_references``: the last build's cache of formatted references (site.styles),
    reused where nothing changed; ``previous_dark_figure``: the last build's dark-theme
    figure, reused like the other; ``previous_card``: the last build's link-preview image,
    reused likewise; ``processes``: how many processes format the references the cache
    lacks (``sphinx-build -j``)."""
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
    references, reference_cache = styled_references(
        collection.papers, previous_references, processes
    )
    layout = site_layout(collection, limits)
    pages = iter_site_pages(collection, layout, stats, downloads, about, references, hotspots)
    for name, text in pages:
        yield name, text.encode("utf-8")
    # sphinxcontrib-bibtex reads these (titles as plain text, see site.bibstyle), one per
    # page of references; readers get the exports under downloads/.
    for part in layout.references.parts:
        yield bibliography_source(part.slug), bibliography_file(part.items)
    for name, data in downloads.items():
        yield extra(f"{DOWNLOADS_DIR}/{name}"), data
    if collection.scope:
        yield extra(f"{DOWNLOADS_DIR}/{SCOPE_DOWNLOAD}"), scope_tsv(collection.scope)
    yield extra(EXPLORER_DATA), explorer_json(collection)
    yield extra(SEARCH_AUTHORS), author_names_js(collection)
    for name, data in paper_citations(collection):
        yield extra(f"{CITE_DIR}/{name}"), data
    yield extra(FEED), atom_feed(collection, base_url)
    yield REFERENCE_CACHE, reference_cache
    yield extra(OG_IMAGE), site_card(previous_card)
    yield from figures.items()
