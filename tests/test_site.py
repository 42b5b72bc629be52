"""Build real sites with Sphinx (-nW --keep-going) into temp folders and read the HTML."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from pybtex.database import parse_file
from sphinx.cmd.build import build_main

from bibtools.data.model import Collection
from bibtools.site.stats import compute_stats
from conftest import FIXTURE, REPO, build_root, load_folder

ROOTS = Path(__file__).parent / "roots"


def build(src: Path, out: Path, *overrides: str) -> str:
    """Run sphinx-build exactly as `tox -e docs` does; return the warnings (must be empty)."""
    warnings = out.parent / f"{out.name}-warnings.txt"
    args = ["-nW", "--keep-going", "-q", "-b", "html", "-w", str(warnings)]
    for override in overrides:
        args += ["-D", override]
    code = build_main([*args, str(src), str(out)])
    text = warnings.read_text(encoding="utf-8") if warnings.exists() else ""
    assert code == 0, text
    return text


def copy_docs(target: Path) -> Path:
    shutil.copytree(
        REPO / "docs", target, ignore=shutil.ignore_patterns("_build", "papers", "__pycache__")
    )
    return target


@pytest.fixture(scope="module")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    base = tmp_path_factory.mktemp("real")
    src = copy_docs(base / "docs")
    warnings = build(src, base / "html", f"bibtools_bib_dir={REPO / 'bib'}")
    assert warnings == ""
    yield base / "html"


@pytest.fixture(scope="module")
def collection() -> Collection:
    return load_folder(REPO / "bib")


def html(site: Path, page: str) -> str:
    return (site / page).read_text(encoding="utf-8")


def ids(text: str) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', text))


def test_every_entry_has_exactly_one_key_anchor(real_site: Path, collection: Collection) -> None:
    pages = sorted((real_site / "papers").glob("*.html"))
    for paper in collection.papers:
        holders = [p.name for p in pages if paper.key in ids(p.read_text("utf-8"))]
        assert holders == [f"{paper.home}.html"], paper.key


def test_category_pages_list_exactly_their_entries(real_site: Path, collection: Collection) -> None:
    for category in collection.taxonomy.categories:
        page = html(real_site, f"papers/{category.slug}.html")
        listed = {i.removeprefix(f"{category.slug}-") for i in ids(page)} & set(collection.by_key())
        assert listed == {p.key for p in collection.in_category(category.slug)}, category.slug


def test_cards_have_badges_links_bibtex_and_also_in(
    real_site: Path, collection: Collection
) -> None:
    for paper in collection.papers:
        page = html(real_site, f"papers/{paper.home}.html")
        start = page.index(f'id="{paper.key}"')
        card = page[start : page.find('<section id="', start + 20)]
        assert "sd-badge" in card, paper.key
        if paper.award == "best-paper":
            assert "Best Paper" in card
        if not paper.is_neurips2025:
            assert "Not a NeurIPS 2025 paper" in card
        if paper.openreview:
            assert f'href="https://openreview.net/forum?id={paper.openreview}"' in card
            assert f'href="https://openreview.net/pdf?id={paper.openreview}"' in card
        if paper.eprint:
            assert f'href="https://arxiv.org/abs/{paper.eprint}"' in card
        if paper.code:
            assert f'href="{paper.code}"' in card
        # The BibTeX block: highlighted as bibtex (copybutton targets it), with the entry.
        assert 'class="highlight-bibtex' in card, paper.key
        assert f"@{paper.entry_type}{{{paper.key}," in re.sub(r"<[^>]+>", "", card), paper.key
        for other in paper.categories[1:]:
            assert f'href="{other}.html#{other}-{paper.key}"' in card, (paper.key, other)


def test_home_page_counts_equal_the_data(real_site: Path, collection: Collection) -> None:
    raw = html(real_site, "index.html")
    stats = compute_stats(collection)
    assert f"{stats.papers} NeurIPS 2025 papers in 6 categories" in re.sub(r"<[^>]+>", "", raw)
    for category in stats.categories:
        row = re.search(
            rf'<tr[^>]*>(?:(?!</tr>).)*href="papers/{category.slug}.html"(.*?)</tr>', raw, re.S
        )
        assert row, category.slug
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row.group(0), re.S)
        count = re.sub(r"<[^>]+>", "", cells[-1]).strip()
        extra = f" (+{category.other_items} other)" if category.other_items else ""
        assert count == f"{category.papers}{extra}", category.slug


def test_downloads_ship_and_parse_back(real_site: Path, collection: Collection) -> None:
    files = {p.name: p for p in (real_site / "_downloads").rglob("*.bib")}
    assert sorted(files) == sorted(
        ["neurips25-mlsys.bib"] + [f"{c.slug}.bib" for c in collection.taxonomy.categories]
    )
    assert set(parse_file(str(files["neurips25-mlsys.bib"])).entries) == {
        p.key for p in collection.papers
    }
    for category in collection.taxonomy.categories:
        keys = set(parse_file(str(files[f"{category.slug}.bib"])).entries)
        assert keys == {p.key for p in collection.in_category(category.slug)}
    downloads = html(real_site, "papers/downloads.html")
    assert downloads.count('class="reference download internal"') == len(files)


def test_statistics_page_and_figure(real_site: Path, collection: Collection) -> None:
    page = html(real_site, "papers/statistics.html")
    assert '<img alt="The statistics figure" src="../_images/stats.png"' in page
    assert (real_site / "_images" / "stats.png").stat().st_size > 10_000
    stats = compute_stats(collection)
    text = re.sub(r"<[^>]+>", "", page)
    assert f"{stats.with_code} of {stats.papers} name a code repository" in text


def test_search_index_has_titles_authors_and_summary_words(real_site: Path) -> None:
    """Sphinx stems words: 'hivemind' (a title), 'qiu' (an author), 'sigmoid' (a summary)."""
    index = html(real_site, "searchindex.js").lower()
    for word in ("hivemind", "qiu", "yau", "sigmoid", "speculative"):
        assert re.search(rf'"{word[:6]}[a-z]*":', index), word


def test_references_and_category_bibliographies(real_site: Path, collection: Collection) -> None:
    refs = html(real_site, "papers/references.html")
    assert refs.count('class="citation"') == len(collection.papers) or refs.count(
        '<dt class="label"'
    ) == len(collection.papers)
    arch = html(real_site, "papers/architecture.html")
    assert 'id="references"' in arch


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    app, warnings = build_root("fixture", tmp_path_factory.mktemp("fixture"))
    assert warnings == ""
    return Path(app.outdir)


def test_hostile_title_appears_literally(fixture_site: Path) -> None:
    page = html(fixture_site, "papers/inference.html")
    assert "<script>alert" not in page
    text = re.sub(r"<[^>]+>", "", page)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; `code` {x} $5" in text
    assert "(lbl)= :::{note}" in text
    assert "`backticks`, {braces}, a $dollar$" in text
    assert 'class="admonition note' not in page and 'class="admonition danger' not in page


def test_non_neurips_item_is_labelled_and_not_counted(fixture_site: Path) -> None:
    page = re.sub(r"<[^>]+>", "", html(fixture_site, "papers/training.html"))
    assert "Not a NeurIPS 2025 paper: Workshop paper" in page
    assert "Venue: NeurIPS 2024 Workshop on Systems" in page
    home = re.sub(r"<[^>]+>", "", html(fixture_site, "index.html"))
    assert "4 NeurIPS 2025 papers in 2 categories" in home


def test_summary_cross_reference_is_a_working_link(fixture_site: Path) -> None:
    """akyurek2025learning (home: training) cites [@zoe2025scriptalert1script] (inference)."""
    page = html(fixture_site, "papers/training.html")
    start = page.index('id="akyurek2025learning"')
    card = page[start : page.index("Also in", start)]
    assert 'href="inference.html#zoe2025scriptalert1script"' in card
    assert 'id="zoe2025scriptalert1script"' in html(fixture_site, "papers/inference.html")


def test_citation_role_resolves_from_another_page(fixture_site: Path) -> None:
    page = html(fixture_site, "index.html")
    assert 'href="papers/references.html#id' in page


def test_rebuild_after_editing_one_summary_rereads_little(tmp_path: Path) -> None:
    """Incremental: a summary edit re-reads that entry's pages, not the bibliographies."""
    bib = tmp_path / "bib"
    shutil.copytree(FIXTURE, bib)

    def run() -> list[str]:
        read: list[str] = []
        _, warnings = build_root(
            "fixture",
            tmp_path,
            bib=bib,
            fresh=False,
            on_read=lambda names: read.extend(names),
        )
        assert warnings == ""
        return sorted(read)

    assert len(run()) == 8  # index and the seven generated pages
    assert run() == []  # nothing changed: nothing re-read
    papers = bib / "papers.bib"
    papers.write_text(
        papers.read_text("utf-8").replace("It needs no change", "It requires no change"), "utf-8"
    )
    # Only the entry's own page: not the home page (its numbers did not change) and not the
    # other pages holding a {bibliography} (the .bib export they read is unchanged).
    assert run() == ["papers/inference"]


def test_bad_data_stops_the_build_with_located_messages(tmp_path: Path) -> None:
    """The Sphinx hook refuses bad data like `bibtools check`: all problems, no traceback."""
    import subprocess
    import sys

    bib = tmp_path / "bib"
    shutil.copytree(FIXTURE, bib)
    papers = bib / "papers.bib"
    text = papers.read_text("utf-8").replace("presentation = {spotlight}", "presentation = {x}")
    papers.write_text(text.replace("track = {workshop}", "track = {talk}"), "utf-8")
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-fixture", src)
    command = [sys.executable, "-m", "sphinx", "-nW", "-b", "html"]
    command += ["-D", f"bibtools_bib_dir={bib}", str(src), str(tmp_path / "html")]
    result = subprocess.run(
        command,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "papers.bib:" in result.stderr and "bad-value: bob2025fast: presentation 'x'" in (
        result.stderr
    )
    assert "track 'talk' is not allowed" in result.stderr
    assert "2 problem(s); nothing was generated" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not (src / "papers").exists()


def visible_text(page: str) -> str:
    """What a reader sees: no code blocks, scripts or tags; entities decoded."""
    import html as html_lib

    page = re.sub(r"(?s)<(pre|script|style|code|head)\b.*?</\1>", " ", page)
    return html_lib.unescape(re.sub(r"(?s)<[^>]+>", " ", page))


STRAY_ESCAPE = re.compile(r"\\[!-/:-@\[-`{-~]")


@pytest.mark.parametrize("site_name", ["real_site", "fixture_site"])
def test_no_stray_backslash_escapes_in_any_rendered_page(
    site_name: str, request: pytest.FixtureRequest
) -> None:
    """The statistics page once showed 'Training\\: Fine-Tuning \\&' in ten rows."""
    site: Path = request.getfixturevalue(site_name)
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 8
    for page in pages:
        # pybtex (sphinxcontrib-bibtex's renderer) has no way to print a literal brace or
        # dollar, so the fixture's hostile title keeps a backslash in bibliographies only.
        text = re.sub(r'(?s)<div class="citation".*?</div>', " ", page.read_text("utf-8"))
        stray = STRAY_ESCAPE.findall(visible_text(text))
        assert not stray, (page.relative_to(site), stray[:5])
    stats = visible_text(html(site, "papers/statistics.html"))
    assert re.search(r"\w: \w", stats)  # "Category: Topic" rows read plainly
