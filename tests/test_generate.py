"""Generated pages and exports for the fixture bib/: golden files, determinism, escaping.

Update the golden files after an intended change with::

    BIBTOOLS_UPDATE_GOLDEN=1 pytest tests/test_generate.py
"""

from __future__ import annotations

import io
import json
import os
import re
from pathlib import Path

import pytest
from pybtex.database import parse_bytes

from bibtools.data.model import Collection
from bibtools.export.bibtex import ALL_FILE, to_bibtex
from bibtools.export.files import collection_exports
from bibtools.fs import Sources
from bibtools.pipeline import loaded
from bibtools.site.generate import site_files
from bibtools.site.paging import PageLimits
from bibtools.site.stats import compute_stats
from conftest import FIXTURE, GOLDEN, REPO, TAXONOMY_TEXT, load_folder

UPDATE = os.environ.get("BIBTOOLS_UPDATE_GOLDEN") == "1"
TEXT_FILES = (
    "home.md",
    "inference.md",
    "training.md",
    "awards.md",
    "authors.md",
    "statistics.md",
    "downloads.md",
    "references.md",
    "explorer.md",
    "akyurek2025learning.paper",
    "zoe2025scriptalert1script.paper",
    f"bib/{ALL_FILE}",
    f"_extra/downloads/{ALL_FILE}",
    "_extra/downloads/inference.bib",
    "_extra/downloads/training.bib",
    "_extra/papers/cite/akyurek2025learning.bib",
    "_extra/feed.xml",
    "_extra/explorer/papers.json",
)


# The same fixture with every list over its limit: each list split into pages (the layout
# of a large collection; tests/roots/test-fixture builds this one).
SPLIT = PageLimits(category=1, authors=2, references=1, awards=1)
SPLIT_FILES = (
    "inference.md",
    "inference/serving.md",
    "training.md",
    # The old addresses of the moved topics' pages (tests/fixtures/bib/taxonomy.toml).
    "_extra/papers/inference/batching.html",
    "_extra/papers/training/decoding.html",
    "awards.md",
    "awards/spotlights.md",
    "awards/presentation-not-verified.md",
    "authors.md",
    "authors/a.md",
    "authors/z.md",
    "references.md",
    "references/b.md",
)


@pytest.fixture(scope="module")
def collection() -> Collection:
    return load_folder(FIXTURE)


@pytest.fixture(scope="module")
def site(collection: Collection) -> dict[str, bytes]:
    return dict(site_files(collection))


@pytest.fixture(scope="module")
def split_site(collection: Collection) -> dict[str, bytes]:
    return dict(site_files(collection, limits=SPLIT))


@pytest.mark.parametrize("name", TEXT_FILES)
def test_golden(site: dict[str, bytes], name: str) -> None:
    golden = GOLDEN / name.replace("/", "__")
    if UPDATE:
        golden.write_bytes(site[name])
    assert site[name].decode("utf-8") == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", SPLIT_FILES)
def test_golden_split(split_site: dict[str, bytes], name: str) -> None:
    golden = GOLDEN / "split" / name.replace("/", "__")
    if UPDATE:
        golden.parent.mkdir(exist_ok=True)
        golden.write_bytes(split_site[name])
    assert split_site[name].decode("utf-8") == golden.read_text(encoding="utf-8")


def _common_files(collection: Collection) -> set[str]:
    keys = [p.key for p in collection.papers]
    expected = {
        *TEXT_FILES,
        "_extra/stats.png",
        "_extra/stats-dark.png",
        *(f"{key}.paper" for key in keys),
    }
    expected |= {"_extra/_static/search-authors.js", "_cache/references.json"}
    expected.add("_extra/og-image.png")
    formats = ("bib", "ris", "json")
    expected |= {f"_extra/papers/cite/{key}.{ext}" for key in keys for ext in formats}
    stems = ["neurips25-mlsys", *(c.slug for c in collection.taxonomy.categories)]
    expected |= {
        f"_extra/downloads/{stem}{only}.{ext}"
        for stem in stems
        for only in ("", "-neurips2025")
        for ext in formats
    }
    return expected


def test_short_lists_stay_on_one_page(site: dict[str, bytes], collection: Collection) -> None:
    """Under the limits no list is split: no topic, author, reference or award pages."""
    assert sorted(site) == sorted(_common_files(collection))


def test_long_lists_are_split_into_pages(
    split_site: dict[str, bytes], collection: Collection
) -> None:
    expected = _common_files(collection)
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
    # sphinxcontrib-bibtex reads one .bib per page of references (not the whole export), so
    # a title edit re-reads one page of references; each holds exactly its page's keys.
    expected -= {"bib/neurips25-mlsys.bib"}
    expected |= {f"bib/{initial}.bib" for initial in "abcdz"}
    for initial in "abcdz":
        keys = re.findall(r"^@\w+\{(\w+),", split_site[f"bib/{initial}.bib"].decode(), re.M)
        assert keys and all(key.startswith(initial) for key in keys), (initial, keys)
    # Awards: a page per group (each holds one paper here, at the limit).
    groups = ("best-paper", "runner-up", "orals", "spotlights", "presentation-not-verified")
    expected |= {f"awards/{group}.md" for group in groups}
    # A page at each moved topic's old address (its category is split).
    expected |= {"_extra/papers/inference/batching.html", "_extra/papers/training/decoding.html"}
    assert sorted(split_site) == sorted(expected)


def test_generation_is_byte_identical(collection: Collection, site: dict[str, bytes]) -> None:
    again = dict(site_files(collection))
    assert again == site  # pages, exports and the PNG


def test_png_is_a_png_carrying_the_data_digest(site: dict[str, bytes]) -> None:
    from PIL import Image

    image = Image.open(io.BytesIO(site["_extra/stats.png"]))
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
        "}\n"
    )


def test_stats_count_only_neurips_papers(collection: Collection) -> None:
    stats = compute_stats(collection)
    assert stats.papers == 4 and stats.other_items == 1
    assert dict(stats.by_presentation) == {"oral": 1, "spotlight": 1, "poster": 1, "unknown": 1}
    assert dict(stats.awards) == {"best-paper": 1, "runner-up": 1}
    counts = {c.slug: (c.papers, c.other_items) for c in stats.categories}
    assert counts == {"inference": (3, 0), "training": (2, 1)}


def test_hostile_text_is_escaped_in_markdown_and_in_paper_pages(site: dict[str, bytes]) -> None:
    listing = site["inference.md"].decode("utf-8")
    title = (
        "\\<script\\>alert\\(1\\)\\<\\/script\\> \\`code\\` \\{x\\} \\$5 "
        "“\\`\\{warning\\} \\(lbl\\)\\= \\:\\:\\:\\{note\\}"
    )
    assert f"**[{title}](/papers/zoe2025scriptalert1script.paper)**" in listing
    # A paper page (bibtools.paperparser): the title plain text, which the parser makes a
    # text node; under the headings raw HTML (site.rawhtml), the same text escaped for HTML,
    # in the highlighted BibTeX and the formatted references too.
    page = json.loads(site["zoe2025scriptalert1script.paper"])
    assert page["title"] == "<script>alert(1)</script> `code` {x} $5 “`{warning} (lbl)= :::{note}"
    blocks = [*page["intro"], *(b for s in page["sections"] for b in s["blocks"])]
    html = "\n".join(block["html"] for block in blocks)
    assert "<script" not in html
    assert '<span class="s">{&lt;script>alert(1)&lt;/script> `code`' in html
    assert "O'Neil, P. (2025). &lt;script>alert(1)&lt;/script> `code`" in html
    assert "&lt;b>tags&lt;/b>" in html


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

    png = site["_extra/stats.png"]
    assert png_digest(png) == figure_digest(compute_stats(collection), layer_titles(collection))
    assert dict(site_files(collection, previous_figure=png))["_extra/stats.png"] is png
    stale = png.replace(png_digest(png).encode(), b"0" * 16)  # type: ignore[union-attr]
    assert dict(site_files(collection, previous_figure=stale))["_extra/stats.png"] == png
    assert png_digest(b"not a png") is None


def test_the_link_preview_card_is_reused_unless_stale(
    collection: Collection, site: dict[str, bytes]
) -> None:
    """The og:image card is drawn once: a build gets the last one back while the inputs of
    its drawing are the same, and a new drawing when they are not (a stale digest)."""
    from bibtools.site.figure import png_digest
    from bibtools.site.social import card_digest

    png = site["_extra/og-image.png"]
    assert png_digest(png) == card_digest()
    assert dict(site_files(collection, previous_card=png))["_extra/og-image.png"] is png
    stale = png.replace(card_digest().encode(), b"0" * 16)
    redrawn = dict(site_files(collection, previous_card=stale))["_extra/og-image.png"]
    assert redrawn is not stale and redrawn == png
    assert (
        dict(site_files(collection, previous_card=b"\x89PNG broken"))["_extra/og-image.png"] == png
    )


@pytest.mark.parametrize("folder", [FIXTURE, REPO / "bib"], ids=["fixture", "bib"])
def test_each_bar_of_the_figure_is_where_its_link_box_says(folder: Path) -> None:
    """The figure's PNG says where each bar is drawn (the pages lay a link over it): one
    box per counted bar, the same in both themes, each holding its bar's colour and none
    outside the image; each box's view is what its words count."""
    from PIL import Image

    from bibtools.site.figure import (
        LAYER_COLOURS,
        PRESENTATION_COLOURS,
        png_hotspots,
        render_figure,
    )
    from bibtools.site.generate import layer_titles

    collection = load_folder(folder)
    stats = compute_stats(collection)
    light = render_figure(stats, layer_titles(collection), "light")
    spots = png_hotspots(light)
    assert spots == png_hotspots(render_figure(stats, layer_titles(collection), "dark"))
    expected = (
        sum(1 for c in stats.categories if c.papers)
        + sum(1 for _, n in stats.by_presentation if n)
        + sum(1 for c in stats.categories if c.with_code)
        + len(stats.top_topics)
    )
    assert len(spots) == expected
    colours = {*LAYER_COLOURS, *PRESENTATION_COLOURS.values(), "#55A868", "#4C72B0"}
    rgb = {tuple(int(c[i : i + 2], 16) for i in (1, 3, 5)) for c in colours}
    image = Image.open(io.BytesIO(light)).convert("RGB")
    width, height = image.size
    for spot in spots:
        assert spot.left >= 0 and spot.left + spot.width <= 100, spot
        assert spot.top >= 0 and spot.top + spot.height <= 100, spot
        box = (
            spot.left * width / 100,
            spot.top * height / 100,
            (spot.left + spot.width) * width / 100,
            (spot.top + spot.height) * height / 100,
        )
        region = image.crop(tuple(round(v) for v in box))
        pixels = {
            region.getpixel((x, y)) for x in range(region.width) for y in range(region.height)
        }
        assert pixels & rgb, spot
    counted = {dict(s.filters).get("pr"): s.label for s in spots if dict(s.filters).get("pr")}
    for name, n in stats.by_presentation:
        if n:
            assert counted[name].endswith(f": {n} papers")
    assert png_hotspots(b"not a png") == ()


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
    png = dict(site_files(collection))["_extra/stats.png"]
    redrawn = dict(site_files(other, previous_figure=png))["_extra/stats.png"]
    assert redrawn != png and png_digest(redrawn) == figure_digest(stats, renamed)


def test_one_author_count_shown_where_it_is_defined(site: dict[str, bytes]) -> None:
    """The home page once said 626 authors while the author index listed 788."""

    index = site["authors.md"].decode("utf-8")
    for layout in (site, dict(site_files(load_folder(FIXTURE), limits=SPLIT))):
        pages = [
            data.decode("utf-8")
            for name, data in layout.items()
            if name == "authors.md" or name.startswith("authors/")
        ]
        listed = sum(page.count('<li id="author-') for page in pages)
        assert listed == 8
    assert f"{listed} authors (distinct names over all 5 entries" in index
    home = site["home.md"].decode("utf-8")
    assert f"lists {listed} authors (distinct names over all 5 entries)" in home


def test_a_long_initial_is_split_by_the_next_letters(collection: Collection) -> None:
    """Author-index pages stay short: an initial with too many entries is split by the
    labels' next letters, each author on exactly one page, the longest prefix of its label."""
    from bibtools.site.layout import site_layout
    from bibtools.site.pages.authors import author_pages
    from bibtools.site.paging import page_of

    layout = site_layout(collection, PageLimits(authors=1))
    labels = layout.author_labels
    groups = {part.slug: part.items for part in layout.authors.parts}
    placed = [a for authors in groups.values() for a in authors]
    assert sorted(placed, key=lambda a: labels[a]) == sorted(labels, key=lambda a: labels[a])
    for slug, authors in groups.items():
        for author in authors:
            assert page_of(labels[author].removeprefix("author-"), groups) == slug
            assert layout.authors.anchors[labels[author]] == f"papers/authors/{slug}"
    assert any(len(slug) > 1 for slug in groups if slug != "other")
    index = author_pages(collection, layout)["authors.md"]
    assert json.dumps(sorted(g for g in groups if g != "other")) in index
    # Under the limit, the index is one page and needs no redirect.
    one = author_pages(collection, site_layout(collection))
    assert list(one) == ["authors.md"]
    assert "<script>" not in one["authors.md"]
    assert one["authors.md"].count('<li id="author-') == len(labels)


def test_split_by_name_rules() -> None:
    from bibtools.site.paging import ONE_PAGE, OTHER, page_of, split_by_name

    names = ["ab", "abc", "abd", "b", "9x", "Ä"]
    assert split_by_name(names, str, 6) == {ONE_PAGE: names}
    pages = split_by_name(names, str, 2)
    # 'a' holds 3 names: split by the next letters ('ab' still 3: 'ab', 'abc', 'abd').
    assert pages == {"ab": ["ab"], "abc": ["abc"], "abd": ["abd"], "b": ["b"], OTHER: ["9x", "Ä"]}
    for slug, members in pages.items():
        for name in members:
            assert page_of(name, pages) == slug
    # Names that go no further stay together, however many.
    assert split_by_name(["aa", "aa", "aa"], str, 1) == {"aa": ["aa", "aa", "aa"]}
    # Weights count, not items.
    assert split_by_name(["a", "b"], str, 3, weight=lambda _: 2) == {"a": ["a"], "b": ["b"]}


def test_reference_pages_partition_the_keys_even_when_a_key_prefixes_another(
    collection: Collection,
) -> None:
    """li2025fast and li2025faster: the page 'li2025fast' must not also show the other."""
    import posixpath
    import re
    from dataclasses import replace

    from bibtools.site.layout import references_listing
    from bibtools.site.pages.references import reference_pages
    from bibtools.site.urls import bibliography_source

    first = collection.papers[0]
    papers = tuple(replace(first, key=key) for key in ("li2025fast", "li2025faster", "lu2025x"))
    small = replace(collection, papers=papers)
    listing = references_listing(small, PageLimits(references=1))
    pages = reference_pages(listing)
    # Each page's {bibliography} reads its own file (named relative to the page).
    files = {
        name: posixpath.normpath(
            posixpath.join(
                posixpath.dirname(name),
                re.search(r"```\{bibliography\} (\S+)", text).group(1),  # type: ignore[union-attr]
            )
        )
        for name, text in pages.items()
        if name != "references.md"
    }
    assert files == {
        "references/li2025fast.md": "bib/li2025fast.bib",
        "references/li2025faste.md": "bib/li2025faste.bib",
        "references/lu.md": "bib/lu.bib",
    }
    # ... and the files hold every key once, on the page its letters name.
    held = {bibliography_source(part.slug): [p.key for p in part.items] for part in listing.parts}
    assert held == {
        "bib/li2025fast.bib": ["li2025fast"],
        "bib/li2025faste.bib": ["li2025faster"],
        "bib/lu.bib": ["lu2025x"],
    }


def test_page_limits_from_config_refuse_what_is_wrong() -> None:
    assert PageLimits.from_config({"authors": 5}) == PageLimits(authors=5)
    for bad, message in (
        ({"author": 5}, "unknown list(s) author"),
        ({"authors": 0}, "authors must be a positive whole number"),
        ({"awards": "9"}, "awards must be a positive whole number"),
        ({"awards": True}, "awards must be a positive whole number"),
    ):
        with pytest.raises(ValueError, match=re.escape(message)):
            PageLimits.from_config(bad)


def test_author_index_rows_stay_one_raw_html_block(collection: Collection) -> None:
    """The author index is raw HTML: a blank line in a title would end the block and let
    the rest be read as Markdown; markup must stay text."""
    from dataclasses import replace

    from bibtools.site.pages.authors import author_rows

    paper = replace(collection.papers[0], title="A\n\n(lbl)=\n# <b>Bold</b> & `x`")
    author = paper.authors[0]
    rows = author_rows([author], {author: "author-x"}, {author: [paper]}, "../")
    block = "\n".join(rows)
    assert "\n\n" not in block.strip()
    assert "A (lbl)= # &lt;b&gt;Bold&lt;/b&gt; &amp; `x`</a>" in block
    assert f'href="../{paper.key}.html"' in block and '<li id="author-x">' in block


def test_a_long_topic_is_split_by_title_and_its_anchors_follow(collection: Collection) -> None:
    """A topic over its limit lists its pages (by the first letters of the titles); each
    entry's anchor is on exactly one page, and the category's index links to that page."""
    site = dict(site_files(collection, limits=PageLimits(category=1, topic=1)))
    serving = site["inference/serving.md"].decode("utf-8")
    assert "[F](/papers/inference/serving/f.md) (1)" in serving
    assert "[S](/papers/inference/serving/s.md) (1)" in serving
    pages = {n: d.decode("utf-8") for n, d in site.items() if n.startswith("inference/")}
    for key in ("bob2025fast", "zoe2025scriptalert1script"):
        holders = [n for n, text in pages.items() if f"(inference-{key})=" in text]
        assert len(holders) == 1, (key, holders)
        page = holders[0].removesuffix(".md")
        assert f'"{page}.html":[' in site["inference.md"].decode("utf-8")
    assert sorted(n for n in pages if n.startswith("inference/serving/")) == [
        "inference/serving/f.md",
        "inference/serving/s.md",
    ]


def test_a_long_awards_group_is_split_by_title(collection: Collection) -> None:
    """A group over the limit: its pages are papers/awards/<group>/<letters>.md, each
    paper on exactly one, each linked from the awards page."""
    from dataclasses import replace

    from bibtools.site.layout import awards_listing
    from bibtools.site.pages.awards import awards_pages

    papers = tuple(
        replace(p, presentation="spotlight", award="") if p.is_neurips2025 else p
        for p in collection.papers
    )
    spotlights = [p for p in papers if p.presentation == "spotlight"]
    assert len(spotlights) > 1
    changed = replace(collection, papers=papers)
    pages = awards_pages(changed, awards_listing(changed, PageLimits(awards=1)))
    parts = {n: t for n, t in pages.items() if n.startswith("awards/spotlights/")}
    for paper in spotlights:
        holders = [n for n, t in parts.items() if f"(/papers/{paper.key}.paper)" in t]
        assert len(holders) == 1, (paper.key, holders)
        assert f"(/papers/{holders[0].removesuffix('.md')}.md)" in pages["awards.md"]


def test_a_topic_moved_to_an_empty_topic_leads_to_its_category() -> None:
    """An empty topic is not listed, so it has no anchor: an old topic moved there (within
    its category or from another) leads to the new topic's category page instead."""
    taxonomy = TAXONOMY_TEXT.replace(
        '[[category.topic]]\nslug = "algorithm"',
        '[[category.topic]]\nslug = "optimizers"\nlayer = "algorithm"\ntitle = "Optimizers"\n'
        'description = "Update rules for training large models quickly"\n\n'
        '[[category.topic]]\nslug = "algorithm"',
    )
    taxonomy += (
        '\n[[moved]]\nfrom = "training/adam"\nto = "training/optimizers"\n'
        '\n[[moved]]\nfrom = "inference/adam"\nto = "training/optimizers"\n'
    )
    bib = {p.name: p.read_text("utf-8") for p in FIXTURE.glob("*.bib")}
    collection, problems = loaded(Sources(bib, taxonomy, "taxonomy.toml", []))
    assert problems == []
    for limits, redirects in ((PageLimits(), False), (SPLIT, True)):
        site = dict(site_files(collection, limits=limits))
        for category, old in (
            ("training", "training-topic-adam"),
            ("inference", "inference-topic-adam"),
        ):
            page = site[f"{category}.md"].decode("utf-8")
            line = next(x for x in page.splitlines() if f'id="{old}"' in x)
            assert line.endswith("now [Training Systems](/papers/training.md)"), line
        pages = {n for n in site if n.endswith("/adam.html")}
        if redirects:
            assert pages == {
                "_extra/papers/training/adam.html",
                "_extra/papers/inference/adam.html",
            }
            assert 'url=../training.html"' in site["_extra/papers/inference/adam.html"].decode()
        else:
            assert pages == set()


def test_the_figure_comes_in_the_pages_two_themes(site: dict[str, bytes]) -> None:
    """A light figure for the light theme and a dark one for the dark (not a white block),
    each large enough to be read at the page's width: 1,350 px shown at about 740."""
    from PIL import Image

    from bibtools.site.figure import THEMES

    for name, theme in (("_extra/stats.png", "light"), ("_extra/stats-dark.png", "dark")):
        image = Image.open(io.BytesIO(site[name])).convert("RGB")
        assert image.size[0] == 1350, name
        background = THEMES[theme][0]
        expected = tuple(int(background[i : i + 2], 16) for i in (1, 3, 5))
        assert image.getpixel((2, 2)) == expected, name


def test_a_paper_page_lists_at_most_peers_of_its_topic_the_ones_around_it() -> None:
    """A page lists its topic's other papers, all of them up to PEERS, else the PEERS next
    to it in the topic's order (a topic of 1,800 papers made each of its pages list them
    all: the site grew as topic size times papers)."""
    from bibtools.site.pages.paper import PEERS, Neighbours, peers, render_peers

    papers = tuple(load_folder(REPO / "bib").papers)  # one topic of 519, for the test
    near = Neighbours(None, None, "topic", "papers/topic", "A topic", papers)
    keys = [p.key for p in papers]
    assert [p.key for p in peers(papers[0], near)] == keys[1 : PEERS + 1]
    assert [p.key for p in peers(papers[-1], near)] == keys[-PEERS - 1 : -1]
    middle = peers(papers[200], near)
    assert [p.key for p in middle] == keys[200 - PEERS // 2 : 200] + keys[201 : 201 + PEERS // 2]
    text = render_peers(papers[200], near)
    assert f"{PEERS} of the other {len(papers) - 1} papers of this topic" in text
    assert text.count("<li>") == PEERS
    small = Neighbours(None, None, "topic", "papers/topic", "A topic", papers[:PEERS])
    assert len(peers(papers[3], small)) == PEERS - 1  # all the others
    assert f"The other {PEERS - 1} papers of this topic" in render_peers(papers[3], small)
