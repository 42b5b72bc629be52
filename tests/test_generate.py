"""Generated pages and exports for the fixture bib/: golden files, determinism, escaping.

Update the golden files after an intended change with::

    BIBTOOLS_UPDATE_GOLDEN=1 pytest tests/test_generate.py
"""

from __future__ import annotations

import io
import json
import os

import pytest
from pybtex.database import parse_bytes

from bibtools.data.model import Collection
from bibtools.export.bibtex import ALL_FILE, to_bibtex
from bibtools.export.files import collection_exports
from bibtools.site.generate import generate_site
from bibtools.site.stats import compute_stats
from conftest import FIXTURE, GOLDEN, load_folder

UPDATE = os.environ.get("BIBTOOLS_UPDATE_GOLDEN") == "1"
TEXT_FILES = (
    "home.md",
    "inference.md",
    "inference/serving.md",
    "training.md",
    "awards.md",
    "authors.md",
    "authors/a.md",
    "authors/z.md",
    "statistics.md",
    "downloads.md",
    "references.md",
    "references/b.md",
    "akyurek2025learning.md",
    "zoe2025scriptalert1script.md",
    f"bib/{ALL_FILE}",
    f"_extra/downloads/{ALL_FILE}",
    "_extra/downloads/inference.bib",
    "_extra/downloads/training.bib",
    "_extra/papers/cite/akyurek2025learning.bib",
    "_extra/feed.xml",
)


@pytest.fixture(scope="module")
def collection() -> Collection:
    return load_folder(FIXTURE)


@pytest.fixture(scope="module")
def site(collection: Collection) -> dict[str, bytes]:
    return generate_site(collection)


@pytest.mark.parametrize("name", TEXT_FILES)
def test_golden(site: dict[str, bytes], name: str) -> None:
    golden = GOLDEN / name.replace("/", "__")
    if UPDATE:
        golden.write_bytes(site[name])
    assert site[name].decode("utf-8") == golden.read_text(encoding="utf-8")


def test_generates_exactly_these_files(site: dict[str, bytes], collection: Collection) -> None:
    keys = [p.key for p in collection.papers]
    expected = {*TEXT_FILES, "stats.png", *(f"{key}.md" for key in keys)}
    # The author index: one page per initial of the fixture's last names.
    expected |= {f"authors/{initial}.md" for initial in "abcdjoz"}
    # Each topic with papers: its list on a page of its own.
    topics = (
        "inference/decoding",
        "inference/serving",
        "training/algorithm",
        "training/distributed",
    )
    expected |= {f"{topic}.md" for topic in topics}
    expected |= {f"references/{initial}.md" for initial in "abcdz"}
    formats = ("bib", "ris", "json")
    expected |= {f"_extra/papers/cite/{key}.{ext}" for key in keys for ext in formats}
    expected |= {f"_extra/downloads/neurips25-mlsys.{ext}" for ext in formats}
    expected |= {
        f"_extra/downloads/{c.slug}.{ext}"
        for c in collection.taxonomy.categories
        for ext in formats
    }
    assert sorted(site) == sorted(expected)


def test_generation_is_byte_identical(collection: Collection, site: dict[str, bytes]) -> None:
    again = generate_site(collection)
    assert again == site  # pages, exports and the PNG


def test_png_is_a_png_carrying_the_data_digest(site: dict[str, bytes]) -> None:
    from PIL import Image

    image = Image.open(io.BytesIO(site["stats.png"]))
    assert image.format == "PNG"
    assert len(image.info["Source-Digest"]) == 16
    assert "Software" not in image.info  # no version string: bytes do not depend on it


def test_exports_parse_back_with_pybtex(site: dict[str, bytes], collection: Collection) -> None:
    everything = parse_bytes(site[f"bib/{ALL_FILE}"], "bibtex")
    assert sorted(everything.entries) == sorted(p.key for p in collection.papers)
    inference = parse_bytes(site["_extra/downloads/inference.bib"], "bibtex")
    assert sorted(inference.entries) == sorted(
        p.key for p in collection.papers if "inference" in p.categories
    )


def test_export_has_only_standard_fields(collection: Collection) -> None:
    text = "".join(to_bibtex(p) for p in collection.papers)
    for custom in ("annote", "presentation", "award", "sourcenote", "openreview", "track", "code"):
        assert f"  {custom} =" not in text
    assert collection_exports(collection) == collection_exports(collection)


def test_workshop_item_is_exported_truthfully(collection: Collection) -> None:
    paper = collection.by_key()["dan2024workshop"]
    assert to_bibtex(paper) == (
        "@misc{dan2024workshop,\n"
        "  title = {A Workshop Talk on Pipelines},\n"
        "  author = {Dan, Erin},\n"
        "  howpublished = {NeurIPS 2024 Workshop on Systems},\n"
        "  year = {2024},\n"
        "  url = {https://example.org/talk},\n"
        "  keywords = {training/distributed},\n"
        "}\n"
    )


def test_stats_count_only_neurips_papers(collection: Collection) -> None:
    stats = compute_stats(collection)
    assert stats.papers == 4 and stats.other_items == 1
    assert dict(stats.by_presentation) == {"oral": 1, "spotlight": 1, "poster": 1, "unknown": 1}
    assert dict(stats.awards) == {"best-paper": 1, "runner-up": 1}
    counts = {c.slug: (c.papers, c.other_items) for c in stats.categories}
    assert counts == {"inference": (3, 0), "training": (2, 1)}


def test_hostile_text_is_escaped_in_markdown(site: dict[str, bytes]) -> None:
    page = site["zoe2025scriptalert1script.md"].decode("utf-8")
    heading = next(line for line in page.splitlines() if line.startswith("# \\<script"))
    assert heading == (
        "# \\<script\\>alert\\(1\\)\\<\\/script\\> \\`code\\` \\{x\\} \\$5 "
        "“\\`\\{warning\\} \\(lbl\\)\\= \\:\\:\\:\\{note\\}"
    )
    # In the BibTeX block the raw text is fine: a fence longer than any backtick run holds it.
    paper_page = site["zoe2025scriptalert1script.md"].decode("utf-8")
    assert "````bibtex\n@inproceedings{zoe2025scriptalert1script," in paper_page


def test_readme_figure_is_current() -> None:
    """The README shows docs/_static/stats.png; it must be drawn from today's bib/."""
    from PIL import Image

    from bibtools.site.figure import figure_digest
    from bibtools.site.generate import layer_titles
    from conftest import REPO

    loaded = load_folder(REPO / "bib")
    image = Image.open(REPO / "docs" / "_static" / "stats.png")
    digest = figure_digest(compute_stats(loaded), layer_titles(loaded))
    assert image.info["Source-Digest"] == digest, (
        "docs/_static/stats.png is stale: run 'bibtools figure'"
    )


def test_unchanged_figure_is_reused_and_a_stale_one_redrawn(
    collection: Collection, site: dict[str, bytes]
) -> None:
    from bibtools.site.figure import figure_digest, png_digest
    from bibtools.site.generate import layer_titles

    png = site["stats.png"]
    assert png_digest(png) == figure_digest(compute_stats(collection), layer_titles(collection))
    assert generate_site(collection, previous_figure=png)["stats.png"] is png
    stale = png.replace(png_digest(png).encode(), b"0" * 16)  # type: ignore[union-attr]
    assert generate_site(collection, previous_figure=stale)["stats.png"] == png
    assert png_digest(b"not a png") is None


def test_figure_digest_covers_labels_not_only_numbers(collection: Collection) -> None:
    """Renaming a layer changes pixels, so it must change the digest (and redraw)."""
    from dataclasses import replace

    from bibtools.site.figure import figure_digest, png_digest
    from bibtools.site.generate import layer_titles

    stats = compute_stats(collection)
    titles = layer_titles(collection)
    renamed = {**titles, next(iter(titles)): "Renamed layer"}
    assert figure_digest(stats, renamed) != figure_digest(stats, titles)
    first, *rest = collection.taxonomy.layers
    layers = (replace(first, title="Renamed layer"), *rest)
    other = replace(collection, taxonomy=replace(collection.taxonomy, layers=layers))
    png = generate_site(collection)["stats.png"]
    redrawn = generate_site(other, previous_figure=png)["stats.png"]
    assert redrawn != png and png_digest(redrawn) == figure_digest(stats, renamed)


def test_one_author_count_shown_where_it_is_defined(site: dict[str, bytes]) -> None:
    """The home page once said 626 authors while the author index listed 788."""
    import re

    index = site["authors.md"].decode("utf-8")
    pages = [data.decode("utf-8") for name, data in site.items() if name.startswith("authors/")]
    listed = sum(len(re.findall(r"^- \*\*", page, re.M)) for page in pages)
    assert listed == 8
    assert f"{listed} authors (distinct names over all 5 entries" in index
    home = site["home.md"].decode("utf-8")
    assert f"lists {listed} authors (distinct names over all 5 entries)" in home


def test_a_long_initial_is_split_by_the_next_letters(
    collection: Collection, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Author-index pages stay short: an initial with too many entries is split by the
    labels' next letters, each author on exactly one page, the longest prefix of its label."""
    from bibtools.site import pages
    from bibtools.site.urls import author_labels

    monkeypatch.setattr(pages, "MAX_AUTHOR_REFS", 1)
    labels = author_labels(collection)
    groups = pages.author_groups(collection, labels)
    placed = [a for authors in groups.values() for a in authors]
    assert sorted(placed, key=lambda a: labels[a]) == sorted(labels, key=lambda a: labels[a])
    for slug, authors in groups.items():
        for author in authors:
            label = labels[author].removeprefix("author-")
            longest = max((g for g in groups if label.startswith(g)), key=len)
            assert longest == slug, (label, slug)
    assert any(len(slug) > 1 for slug in groups if slug != "other")
    index = pages.authors_page(collection, labels)
    assert json.dumps(sorted(g for g in groups if g != "other")) in index
