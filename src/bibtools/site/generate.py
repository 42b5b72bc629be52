"""Everything the site needs from bib/, as ``relative path -> bytes``. Pure."""

from __future__ import annotations

from bibtools.data.model import Collection
from bibtools.export.bibtex import ALL_FILE
from bibtools.export.files import collection_exports, paper_exports
from bibtools.site.card import paper_page
from bibtools.site.feed import atom_feed
from bibtools.site.figure import figure_digest, png_digest, render_figure
from bibtools.site.pages import (
    FIGURE,
    author_index,
    author_index_links,
    author_initial_pages,
    authors_page,
    awards_pages,
    category_lists,
    category_page,
    downloads_page,
    home_fragment,
    moved_topic_redirects,
    references_page,
    references_pages,
    statistics_page,
    topic_pages,
)
from bibtools.site.paging import DEFAULT_LIMITS, PageLimits
from bibtools.site.references import bibliography_file
from bibtools.site.stats import compute_stats
from bibtools.site.urls import CITE_DIR, DOWNLOADS_DIR, EXTRA, FEED, author_labels


def layer_titles(collection: Collection) -> dict[str, str]:
    return {layer.slug: layer.title for layer in collection.taxonomy.layers}


def collection_downloads(collection: Collection) -> dict[str, bytes]:
    """Served at downloads/<name>: the whole collection and each category, every format."""
    return collection_exports(collection)


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
    into several pages (site.paging)."""
    stats = compute_stats(collection)
    downloads = collection_downloads(collection)
    index = author_index(collection, author_labels(collection), limits)
    pages: dict[str, str] = {
        "home.md": home_fragment(collection, stats),
        "statistics.md": statistics_page(collection, stats),
        "authors.md": authors_page(collection, index),
        "downloads.md": downloads_page(collection, downloads),
        "references.md": references_page(collection, limits),
    }
    pages.update(awards_pages(collection, limits))
    pages.update(author_initial_pages(index))
    pages.update(references_pages(collection, limits))
    lists = {c.slug: category_lists(collection, c, limits) for c in collection.taxonomy.categories}
    for category in collection.taxonomy.categories:
        pages[f"{category.slug}.md"] = category_page(collection, category, lists[category.slug])
        pages.update(topic_pages(category, lists[category.slug]))
    # Old addresses of moved topics' pages (plain HTML files, copied as they are).
    pages.update(moved_topic_redirects(collection, lists))
    links = author_index_links(index)
    for paper in collection.papers:
        pages[f"{paper.key}.md"] = paper_page(paper, collection, links)
    files = {name: text.encode("utf-8") for name, text in pages.items()}
    # sphinxcontrib-bibtex reads this one (titles as plain text, see site.references);
    # readers get the exports under downloads/.
    files[f"bib/{ALL_FILE}"] = bibliography_file(collection)
    files.update({f"{EXTRA}/{DOWNLOADS_DIR}/{n}": data for n, data in downloads.items()})
    cite = CITE_DIR.split("/", 1)[1]
    files.update({f"{EXTRA}/papers/{cite}/{n}": d for n, d in paper_citations(collection).items()})
    files[f"{EXTRA}/{FEED}"] = atom_feed(collection, base_url)
    titles = layer_titles(collection)
    if previous_figure and png_digest(previous_figure) == figure_digest(stats, titles):
        files[FIGURE] = previous_figure
    else:
        files[FIGURE] = render_figure(stats, titles)
    return files
