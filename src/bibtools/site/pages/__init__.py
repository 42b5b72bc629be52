"""The generated MyST pages, one module per kind, drawn from the layout. Pure: text out.

- :mod:`~bibtools.site.pages.home`: the home page's generated part (numbers, contents,
  highlights);
- :mod:`~bibtools.site.pages.category`: a category, and a long category's topic pages;
- :mod:`~bibtools.site.pages.paper`: a paper's own page;
- :mod:`~bibtools.site.pages.awards`: awards and highlights;
- :mod:`~bibtools.site.pages.authors`: the author index;
- :mod:`~bibtools.site.pages.references`: all references (a bibliography);
- :mod:`~bibtools.site.pages.statistics`, :mod:`~bibtools.site.pages.downloads`;
- :mod:`~bibtools.site.pages.explorer`: every entry in one filterable table;
- :mod:`~bibtools.site.pages.template`: what they share, and the index/part template of a
  list split into pages.

Where each list is drawn, and which page holds each item's anchors, is decided once by
:func:`bibtools.site.layout.site_layout`; these modules only draw it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from bibtools.data.about import NO_ABOUT, About
from bibtools.data.model import Collection
from bibtools.site.figure import Hotspot
from bibtools.site.layout import Layout
from bibtools.site.pages.authors import author_links, author_pages
from bibtools.site.pages.awards import awards_pages
from bibtools.site.pages.category import category_pages
from bibtools.site.pages.downloads import downloads_page
from bibtools.site.pages.explorer import explorer_page
from bibtools.site.pages.home import home_fragment
from bibtools.site.pages.moved import redirect_pages
from bibtools.site.pages.paper import paper_page, topic_docs, topic_neighbours
from bibtools.site.pages.references import reference_pages
from bibtools.site.pages.statistics import statistics_page
from bibtools.site.stats import Stats
from bibtools.site.urls import (
    DOWNLOADS_DOC,
    EXPLORER_DOC,
    HOME,
    STATISTICS_DOC,
    paper_source,
    source,
)


def iter_site_pages(
    collection: Collection,
    layout: Layout,
    stats: Stats,
    exports: dict[str, bytes],
    about: About = NO_ABOUT,
    references: Mapping[str, Sequence[tuple[str, str]]] | None = None,
    hotspots: Sequence[Hotspot] = (),
) -> Iterator[tuple[str, str]]:
    """Every generated page, one at a time (each name once): its source file (relative to
    the generated folder) and MyST text (a paper's page: its own format, see
    pages.paper.page_source). One at a time so that a writer can let each page go before
    the next: at 20,000 entries the pages are ~500 million characters.
    ``exports``: the collection's download files (for the downloads page's counts);
    ``about``: what the home page says about the collection itself; ``references``: each
    paper's reference in citation styles (none: the pages offer BibTeX alone);
    ``hotspots``: where the statistics figure draws each bar, to link it to its papers."""
    references = references or {}
    yield HOME, home_fragment(collection, stats, about, hotspots)
    yield source(STATISTICS_DOC), statistics_page(collection, stats, hotspots)
    yield source(DOWNLOADS_DOC), downloads_page(collection, exports)
    yield source(EXPLORER_DOC), explorer_page(collection)
    yield from awards_pages(collection, layout.awards).items()
    yield from author_pages(collection, layout).items()
    yield from reference_pages(layout.references).items()
    for category, listing in zip(collection.taxonomy.categories, layout.categories, strict=True):
        moved = tuple(m for m in layout.moved if m.old.category == category.slug)
        yield from category_pages(collection, category, listing, moved, stats.coverage).items()
    # The old addresses of moved topics' pages (plain HTML files, served as they are).
    yield from redirect_pages(collection, layout.moved).items()
    links = author_links(layout)
    near = topic_neighbours(layout)
    docs = topic_docs(layout)
    for paper in collection.papers:
        styled = references.get(paper.key, ())
        page = paper_page(paper, collection, links, docs, near.get(paper.key), styled)
        yield paper_source(paper.key), page
