"""Everything the site needs from bib/, as ``relative path -> bytes``. Pure."""

from __future__ import annotations

from bibtools.export import export_files
from bibtools.model import Collection
from bibtools.pages import (
    FIGURE,
    authors_page,
    awards_page,
    category_page,
    downloads_page,
    home_fragment,
    references_page,
    statistics_page,
)
from bibtools.plot import render_figure
from bibtools.stats import compute_stats

# The pages, in navigation order (docs/index.md's toctree lists the same names).
PAGE_ORDER = ("awards", "statistics", "authors", "downloads", "references")


def generate_site(collection: Collection) -> dict[str, bytes]:
    stats = compute_stats(collection)
    exports = export_files(collection)
    layer_titles = {layer.slug: layer.title for layer in collection.taxonomy.layers}
    pages: dict[str, str] = {
        "home.md": home_fragment(collection, stats),
        "awards.md": awards_page(collection),
        "statistics.md": statistics_page(collection, stats),
        "authors.md": authors_page(collection),
        "downloads.md": downloads_page(collection, exports),
        "references.md": references_page(),
    }
    for category in collection.taxonomy.categories:
        pages[f"{category.slug}.md"] = category_page(collection, category)
    files = {name: text.encode("utf-8") for name, text in pages.items()}
    files.update({f"bib/{name}": data for name, data in exports.items()})
    files[FIGURE] = render_figure(stats, layer_titles)
    return files
