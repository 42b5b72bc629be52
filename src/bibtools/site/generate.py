"""Everything the site needs from bib/, as ``relative path -> bytes``. Pure."""

from __future__ import annotations

from bibtools.data.model import Collection
from bibtools.export.bibtex import export_files
from bibtools.site.figure import figure_digest, png_digest, render_figure
from bibtools.site.pages import (
    FIGURE,
    authors_page,
    awards_page,
    category_page,
    downloads_page,
    home_fragment,
    references_page,
    statistics_page,
)
from bibtools.site.stats import compute_stats


def layer_titles(collection: Collection) -> dict[str, str]:
    return {layer.slug: layer.title for layer in collection.taxonomy.layers}


def generate_site(collection: Collection, previous_figure: bytes = b"") -> dict[str, bytes]:
    """All generated files. ``previous_figure`` (the last build's PNG, if any) is reused when
    its digest says it was drawn from the same inputs."""
    stats = compute_stats(collection)
    exports = export_files(collection)
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
    titles = layer_titles(collection)
    if previous_figure and png_digest(previous_figure) == figure_digest(stats, titles):
        files[FIGURE] = previous_figure
    else:
        files[FIGURE] = render_figure(stats, titles)
    return files
