"""Everything the site needs from bib/, as ``relative path -> bytes``. Pure."""

from __future__ import annotations

from bibtools.export import export_files
from bibtools.figure import png_digest, stats_digest
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
from bibtools.stats import compute_stats


def generate_site(collection: Collection, previous_figure: bytes = b"") -> dict[str, bytes]:
    """All generated files. ``previous_figure`` (the last build's PNG, if any) is reused when
    it was drawn from the same numbers: drawing costs more than the rest of generation."""
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
    if previous_figure and png_digest(previous_figure) == stats_digest(stats):
        files[FIGURE] = previous_figure
    else:
        from bibtools.plot import render_figure  # matplotlib is slow to import

        files[FIGURE] = render_figure(stats, layer_titles)
    return files
