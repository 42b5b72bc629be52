"""Build real sites with Sphinx (-nW --keep-going) into temp folders and read the HTML."""

from __future__ import annotations

import gc
import json
import posixpath
import re
import shutil
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import pytest
import yaml
from pybtex.database import parse_file, parse_string
from sphinx.cmd.build import build_main

from bibtools.data.model import Collection, Paper
from bibtools.site.layout import site_layout
from bibtools.site.paging import PageLimits
from bibtools.site.stats import compute_stats
from conftest import FIXTURE, REPO, build_root, load_folder
from zotero_reading import coins_items, embedded_item

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


# The repository a deployed build names (the Pages workflow's, here an example).
REPOSITORY = "https://github.com/example/neurips25-mlsys"


@pytest.fixture(scope="module")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    base = tmp_path_factory.mktemp("real")
    src = copy_docs(base / "docs")
    warnings = build(
        src,
        base / "html",
        f"bibtools_bib_dir={REPO / 'bib'}",
        f"bibtools_citation_file={REPO / 'CITATION.cff'}",
        f"bibtools_repository={REPOSITORY}",
    )
    assert warnings == ""
    yield base / "html"


@pytest.fixture(scope="module")
def collection() -> Collection:
    return load_folder(REPO / "bib")


def html(site: Path, page: str) -> str:
    return (site / page).read_text(encoding="utf-8")


def ids(text: str) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', text))


def _entry_after(page: str, anchor: str, key: str) -> bool:
    """Does the element with id ``anchor`` lead (within a few KB) to the paper's page?"""
    start = page.index(f'id="{anchor}"')
    return re.search(rf'href="(\.\./)*{key}\.html"', page[start : start + 4000]) is not None


# The keys by page in a long category's script for old links (site/pages/category.py).
OLD_ENTRY_PAGES = re.compile(r"var pages = (\{.*?\}); for \(var page in pages\)")


def check_paper_anchors(site: Path, collection: Collection) -> None:
    """papers/<key>.html for every key; papers/<home>.html#<key> and #<home>-<key> land on
    its entry, whether the category lists it itself or on a topic's page."""
    pages = sorted((site / "papers").glob("*.html"))
    assert {p.stem for p in pages} >= {p.key for p in collection.papers}
    # Each page read once (the checks below look pages up for every paper).
    texts = {p.name: p.read_text("utf-8") for p in pages}
    page_ids = {name: ids(text) for name, text in texts.items()}
    holding: dict[str, list[str]] = {}
    for name, found in page_ids.items():
        for anchor in found:
            holding.setdefault(anchor, []).append(name)
    cache: dict[str, str] = {}

    def read(relative: str) -> str:
        if relative not in cache:
            cache[relative] = html(site, f"papers/{relative}")
        return cache[relative]

    for paper in collection.papers:
        page = texts[f"{paper.key}.html"]
        assert 'id="' + paper.key + '"' in page, paper.key
        # Each author links to their line of the index (raw HTML links, so not checked by
        # Sphinx's -n: checked here), and that line links back to this page.
        links = re.findall(r'href="(authors[a-z/-]*\.html)#(author-[a-z0-9-]+)"', page)
        assert len(links) == len(paper.authors), paper.key
        for target, anchor in links:
            index = read(target)
            start = index.index(f'<li id="{anchor}">')
            line = index[start : index.index("</li>", start)]
            assert f"{paper.key}.html" in line, (paper.key, anchor)
        holders = holding.get(paper.key, [])
        home = texts[f"{paper.home}.html"]
        entry = f"{paper.home}-{paper.key}"
        script = OLD_ENTRY_PAGES.search(home)
        if script:
            # A long category: its script sends #<key> and #<home>-<key> to the entry on
            # its topic's page (tests/test_layout.py runs the script).
            targets = [page for page, keys in json.loads(script[1]).items() if paper.key in keys]
            assert len(targets) == 1, (paper.key, targets)
            assert _entry_after(read(targets[0]), entry, paper.key)
            assert holders == [f"{paper.key}.html"], paper.key
        else:
            assert sorted(holders) == sorted({f"{paper.key}.html", f"{paper.home}.html"}), paper.key
            assert entry in page_ids[f"{paper.home}.html"], paper.key
            assert _entry_after(home, paper.key, paper.key), paper.key


def test_every_paper_has_one_page_at_its_key_and_its_old_anchor(
    real_site: Path, collection: Collection
) -> None:
    check_paper_anchors(real_site, collection)


def test_a_large_collections_layout_keeps_the_same_anchors(fixture_site: Path) -> None:
    """The fixture root splits every list (its conf.py): the anchors still land."""
    assert (fixture_site / "papers" / "inference" / "serving.html").is_file()
    check_paper_anchors(fixture_site, load_folder(FIXTURE))


def test_a_long_topic_split_by_title_keeps_the_anchors(tmp_path: Path) -> None:
    """Every list split, topics too (by title, one folder deeper): links resolve (-nW) and
    every anchor lands."""
    limits = {"category": 1, "authors": 2, "references": 1, "awards": 1, "topic": 1}
    app, warnings = build_root("fixture", tmp_path, conf={"bibtools_page_limits": limits})
    assert warnings == ""
    site = Path(app.outdir)
    assert (site / "papers" / "inference" / "serving" / "f.html").is_file()
    check_paper_anchors(site, load_folder(FIXTURE))


def land(site: Path, url: str) -> tuple[str, str]:
    """Where ``url`` (a page of ``site``, maybe with ``#anchor``) leads a reader: the page
    and the title of the topic heading it lands on. It follows a redirect page (meta
    refresh), and an anchor that sits beside a link rather than on a heading: a moved
    topic's element (class ``moved-topic``, which the page's script follows: checked to be
    there) or a long category's line for a topic."""
    page, _, anchor = url.partition("#")
    text = html(site, page)
    refresh = re.search(r'<meta http-equiv="refresh" content="0; url=([^"]+)">', text)
    if refresh:
        return land(site, posixpath.normpath(posixpath.join(posixpath.dirname(page), refresh[1])))
    if not anchor:
        title = re.search(r'<h1>([^<]+)<a class="headerlink"', text)
        assert title, page
        return page, title[1]
    assert text.count(f'id="{anchor}"') == 1, (url, text.count(f'id="{anchor}"'))
    rest = text[text.index(f'id="{anchor}"') :]
    spans = r'(?:<span id="[^"]+"></span>)*'
    heading = re.match(rf'[^>]*>(?:</span>)?\s*{spans}\s*<h\d>([^<]+)<a class="headerlink"', rest)
    if heading:
        return page, heading[1]
    link = re.match(rf'[^>]*></span>{spans}[^<]*<a class="reference internal" href="([^"]+)"', rest)
    assert link, (url, rest[:300])
    if 'class="moved-topic"' in text[text.rindex("<", 0, text.index(f'id="{anchor}"')) :][:80]:
        assert "location.replace(a.href)" in text, page  # the script that follows the link
    path, hash_, fragment = link[1].partition("#")
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path)) if path else page
    return land(site, target + hash_ + fragment)


# tests/fixtures/bib/taxonomy.toml moves inference/batching to inference/serving (within its
# category) and training/decoding to inference/decoding (to another category).
SERVING = "Serving engines, request scheduling and batching for LLM inference."


def test_moved_topics_old_anchors_land_on_the_new_topic_on_one_page(tmp_path: Path) -> None:
    """Short lists (each category on one page): an old topic anchor lands on the new
    topic's heading, on its own category's page or, moved across, via the old page; no
    redirect pages (that layout never had topic pages). Links resolve (-nW)."""
    app, warnings = build_root("fixture", tmp_path, conf={"bibtools_page_limits": {}})
    assert warnings == ""
    site = Path(app.outdir)
    assert not (site / "papers" / "inference").exists()
    old = {
        "papers/inference.html#inference-topic-serving": "Serving Systems",
        "papers/inference.html#inference-topic-batching": "Serving Systems",
        "papers/training.html#training-topic-decoding": "Decoding Algorithms",
    }
    for url, title in old.items():
        assert land(site, url) == ("papers/inference.html", title), url
    # The section's own id is the new one (its heading links to it), the old one beside it.
    page = html(site, "papers/inference.html")
    assert '<section id="inference-topic-serving">' in page
    assert SERVING in page
    assert 'href="inference.html#inference-topic-decoding"' in html(site, "papers/training.html")


def test_moved_topics_old_urls_land_on_the_new_topic_in_the_split_layout(
    fixture_site: Path,
) -> None:
    """Long lists (the fixture root: a page per topic): the old topic page's address is a
    redirect page to the new topic's page, and the old anchors on the category pages and
    on the topic page still lead there. Links resolve (-nW, fixture_site)."""
    serving = ("papers/inference/serving.html", "Inference: Serving Systems")
    decoding = ("papers/inference/decoding.html", "Inference: Decoding Algorithms")
    old = {
        "papers/inference/batching.html": serving,
        "papers/inference.html#inference-topic-batching": serving,
        "papers/inference/serving.html#inference-topic-batching": serving,
        "papers/training/decoding.html": decoding,
        "papers/training.html#training-topic-decoding": decoding,
        "papers/inference.html#inference-topic-decoding": decoding,
    }
    for url, target in old.items():
        assert land(fixture_site, url) == target, url
    assert SERVING in html(fixture_site, "papers/inference.html")
    assert SERVING in html(fixture_site, "papers/inference/serving.html")


def test_category_pages_list_exactly_their_entries(real_site: Path, collection: Collection) -> None:
    for category in collection.taxonomy.categories:
        # A short category lists its topics itself; a long one on a page per topic.
        topics = sorted((real_site / "papers" / category.slug).glob("*.html"))
        index = html(real_site, f"papers/{category.slug}.html")
        pages = [topic.read_text("utf-8") for topic in topics] or [index]
        prefix = f"{category.slug}-"
        found = [
            i.removeprefix(prefix) for page in pages for i in ids(page) if i.startswith(prefix)
        ]
        listed = [i for i in found if i in collection.by_key()]
        assert sorted(listed) == sorted(p.key for p in collection.in_category(category.slug))
        coins = sum(page.count('class="Z3988"') for page in pages)
        assert coins >= len(listed)  # COinS for reference managers
        for topic in topics:
            assert f'href="{category.slug}/{topic.name}"' in index, topic
        for t in category.topics:
            if collection.in_topic(t.keyword):
                assert f"{category.slug}-topic-{t.slug}" in ids(index), t.keyword


def test_paper_pages_show_everything_about_the_paper(
    real_site: Path, collection: Collection
) -> None:
    for paper in collection.papers:
        page = html(real_site, f"papers/{paper.key}.html")
        text = visible_text(page)
        assert "sd-badge" in page, paper.key
        if paper.award == "best-paper":
            assert "Best Paper" in text
        if paper.track == "unconfirmed":
            assert "NeurIPS 2025 not confirmed" in text
        elif not paper.is_neurips2025:
            assert "Not a NeurIPS 2025 paper" in text
        if paper.openreview:
            assert f'href="https://openreview.net/forum?id={paper.openreview}"' in page
            assert f'href="https://openreview.net/pdf?id={paper.openreview}"' in page
        if paper.eprint:
            assert f'href="https://arxiv.org/abs/{paper.eprint}"' in page
        if paper.code:
            assert f'href="{paper.code}"' in page
        if paper.neuripsid:
            assert f"neurips.cc/virtual/2025/poster/{paper.neuripsid}" in page
        for author in paper.authors:
            assert author.display in text, (paper.key, author)
        assert 'class="highlight-bibtex' in page, paper.key
        assert f"@{paper.entry_type}{{{paper.key}," in re.sub(r"<[^>]+>", "", page), paper.key
        for ext in ("bib", "ris", "json"):
            assert f'href="cite/{paper.key}.{ext}"' in page
            assert (real_site / "papers" / "cite" / f"{paper.key}.{ext}").is_file()
        for category in paper.categories:
            assert f'href="{category}.html"' in page, (paper.key, category)


def head_metadata(page: str) -> tuple[dict[str, list[str]], list[dict[str, object]]]:
    """The <head>'s meta tags (name/property -> contents, in order) and JSON-LD objects,
    read with an HTML parser as a citation crawler reads them."""
    import json
    from html.parser import HTMLParser

    metas: dict[str, list[str]] = {}
    scripts: list[str] = []

    class Reader(HTMLParser):
        in_ld = False

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found = dict(attrs)
            if tag == "meta" and (found.get("name") or found.get("property")):
                name = found.get("name") or found.get("property") or ""
                metas.setdefault(name, []).append(found.get("content") or "")
            self.in_ld = tag == "script" and found.get("type") == "application/ld+json"
            if self.in_ld:
                scripts.append("")

        def handle_data(self, data: str) -> None:
            if self.in_ld:
                scripts[-1] += data

        def handle_endtag(self, tag: str) -> None:
            self.in_ld = False

    Reader().feed(page[: page.index("</head>")])
    return metas, [json.loads(s) for s in scripts]


def test_paper_pages_carry_citation_metadata(real_site: Path, collection: Collection) -> None:
    for paper in collection.papers:
        metas, lds = head_metadata(html(real_site, f"papers/{paper.key}.html"))
        assert metas["citation_title"] == [paper.title], paper.key
        names = [f"{a.last}, {a.first}" if a.first else f"{a.last}," for a in paper.authors]
        assert metas.get("citation_author", []) == names, paper.key
        assert metas["citation_publication_date"] == [paper.year]
        venue = metas.get("citation_inbook_title", []) + metas.get("citation_journal_title", [])
        if paper.is_neurips2025:
            assert venue == ["Advances in Neural Information Processing Systems"]
            assert metas["citation_conference_title"] == ["NeurIPS 2025"]
        else:
            # Never the NeurIPS 2025 proceedings: a NeurIPS 2024 paper may name the series.
            neurips_2025 = [v for v in venue if "Neural Information Processing" in v]
            assert not neurips_2025 or paper.year != "2025", paper.key
        if paper.track == "unconfirmed":  # no venue claimed for what no source confirmed
            assert venue + metas.get("citation_conference_title", []) == [], paper.key
        assert metas.get("citation_arxiv_id", []) == ([paper.eprint] if paper.eprint else [])
        assert metas.get("citation_pdf_url", []) == ([paper.pdf_url] if paper.pdf_url else [])
        assert metas["og:title"] == [paper.title] and metas["twitter:description"][0]
        # The summary is ours, not the paper's abstract: nothing a reader takes as one.
        assert not {"description", "og:description", "citation_abstract"} & set(metas)
        (ld,) = lds
        assert ld["@type"] == "ScholarlyArticle" and ld["name"] == paper.title
        assert [a["name"] for a in ld["author"]] == [a.display for a in paper.authors]  # type: ignore[index, union-attr]


# What Zotero saves each kind of item as (its item types), in every route: a paper's page,
# a list's COinS and the RIS, BibTeX and CSL-JSON files.
ZOTERO_KINDS = {
    "neurips": "conferencePaper",
    "proceedings": "conferencePaper",
    "journal": "journalArticle",
    "preprint": "preprint",
    "talk": "presentation",
    "blog": "blogPost",
    "other": "document",
}


def zotero_names(paper: Paper) -> list[tuple[str, str]]:
    """The creators Zotero should save: (last, first), an organisation whole as last."""
    return [(a.last, a.first) for a in paper.authors]


def same_names(saved: list[tuple[str, str]], paper: Paper) -> bool:
    """Zotero saves ``paper``'s names: last names exactly, first names but for the periods
    Zotero puts after initials ("A-Long" -> "A.-Long", as it does for any page)."""

    def plain(names: list[tuple[str, str]]) -> list[tuple[str, str]]:
        return [(last, first.replace(".", "").replace(" ", "")) for last, first in names]

    return plain(saved) == plain(zotero_names(paper))


def test_zotero_saves_every_paper_page_as_the_paper(
    real_site: Path, collection: Collection
) -> None:
    """Each paper page through the rules of Zotero's Embedded Metadata translator
    (tests/zotero_reading.py): the item type of its kind, title, creators in order
    (organisations whole, multi-word surnames kept), date, proceedings title and conference
    name, the paper's own URL, the arXiv id in Extra as Zotero's BibTeX import writes it,
    and no abstract (the summary is ours)."""
    from bibtools.export.placement import placement

    kinds: dict[str, int] = {}
    for paper in collection.papers:
        item = embedded_item(html(real_site, f"papers/{paper.key}.html"))
        where = placement(paper)
        kinds[item.itemType] = kinds.get(item.itemType, 0) + 1
        assert item.itemType == ZOTERO_KINDS[where.kind.value], paper.key
        assert item.title == paper.title and item.date == paper.year, paper.key
        assert same_names(item.creators, paper), paper.key
        if paper.is_neurips2025:
            assert item.publicationTitle == "Advances in Neural Information Processing Systems"
            assert item.conferenceName == "NeurIPS 2025", paper.key
        assert item.url == paper.url, paper.key
        # Every item says where it appeared (the @misc pages too), as its type has it.
        if where.kind.value in ("neurips", "proceedings", "talk") and where.event:
            assert item.conferenceName == where.event, paper.key
        if where.kind.value == "preprint" and paper.eprint:
            assert item.publisher == "arXiv", paper.key
        if where.kind.value == "journal":
            assert item.publicationTitle == where.container, paper.key
        assert item.extra == (f"arXiv: {paper.eprint}" if paper.eprint else ""), paper.key
        assert item.abstractNote == "", paper.key
    assert kinds["conferencePaper"] >= 92


def test_zotero_keeps_the_papers_url_and_no_abstract_with_a_base_url(tmp_path: Path) -> None:
    """With og:url and a canonical link (a deployed build), Zotero still saves the paper's
    own URL, not this site's page."""
    app, warnings = build_root("fixture", tmp_path, conf={"html_baseurl": "https://x.org/"})
    assert warnings == ""
    page = html(Path(app.outdir), "papers/bob2025fast.html")
    assert '<link rel="canonical"' in page
    item = embedded_item(page, "https://x.org/papers/bob2025fast.html")
    assert item.url == "https://openreview.net/forum?id=BBBBBBBBBB"
    assert item.abstractNote == ""


def test_zotero_reads_an_organisation_and_multi_word_surnames_whole(
    real_site: Path, collection: Collection
) -> None:
    """The cases the issue found split ("Team, vLLM", "Broeck, Guy Van den")."""
    wanted = {("vLLM Team", ""), ("Van den Broeck", "Guy"), ("El Maghraoui", "Kaoutar")}
    wanted |= {("Le Gallo", "Manuel")}
    found: set[tuple[str, str]] = set()
    for paper in collection.papers:
        names = set(zotero_names(paper)) & wanted
        if names:
            page = html(real_site, f"papers/{paper.key}.html")
            found |= names & set(embedded_item(page).creators)
    assert found == wanted


def test_every_list_page_offers_each_of_its_papers_once_to_zotero(
    real_site: Path, collection: Collection
) -> None:
    """COinS as Zotero's COinS translator reads them: on every category, references,
    authors and awards page, one item per paper the page lists (a paper under two topics
    once), with its names as Zotero should save them."""
    from bibtools.export.placement import placement

    by_title = {p.title: p for p in collection.papers}
    keys = {p.key for p in collection.papers}
    lists = [real_site / "papers" / f"{c.slug}.html" for c in collection.taxonomy.categories]
    lists += [real_site / "papers" / f"{name}.html" for name in ("references", "authors", "awards")]
    for path in lists:
        page = path.read_text("utf-8")
        body = page[page.index("<article") :]
        listed = set(re.findall(r'href="(?:papers/)?([a-z0-9]+)\.html"', body)) & keys
        if path.stem == "references":  # a bibliography: every entry, none linked by key
            listed = keys
        items = coins_items(page)
        titles = [item.title for item in items]
        assert len(titles) == len(set(titles)), path.name  # each paper once
        assert {by_title[t].key for t in titles} == listed, path.name
        for item in items:
            paper = by_title[item.title]
            assert same_names(item.creators, paper), (path.name, paper.key)
            assert item.url == paper.url and item.date == paper.year
            assert item.itemType == ZOTERO_KINDS[placement(paper).kind.value], paper.key
            if paper.is_neurips2025:
                assert item.publicationTitle == "Advances in Neural Information Processing Systems"


def test_hostile_title_stays_inside_its_attribute_and_script(fixture_site: Path) -> None:
    page = html(fixture_site, "papers/zoe2025scriptalert1script.html")
    head = page[: page.index("</head>")]
    assert "<script>alert" not in head
    metas, lds = head_metadata(page)
    # TeX's `` ligature decodes to “, as any LaTeX reader would print it.
    title = "<script>alert(1)</script> `code` {x} $5 “`{warning} (lbl)= :::{note}"
    assert metas["citation_title"] == [title] and lds[0]["name"] == title


def test_home_page_counts_equal_the_data(real_site: Path, collection: Collection) -> None:
    raw = html(real_site, "index.html")
    stats = compute_stats(collection)
    assert f"{stats.papers} NeurIPS 2025 papers in 6 categories" in re.sub(r"<[^>]+>", "", raw)
    assert stats.last_added and f"Last entry added on {stats.last_added}." in raw
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
    files = {p.name: p for p in (real_site / "downloads").rglob("*.bib")}
    stems = ["neurips25-mlsys"] + [c.slug for c in collection.taxonomy.categories]
    assert sorted(files) == sorted(
        f"{stem}{only}.bib" for stem in stems for only in ("", "-neurips2025")
    )
    assert set(parse_file(str(files["neurips25-mlsys.bib"])).entries) == {
        p.key for p in collection.papers
    }
    for category in collection.taxonomy.categories:
        keys = set(parse_file(str(files[f"{category.slug}.bib"])).entries)
        assert keys == {p.key for p in collection.in_category(category.slug)}
    downloads = html(real_site, "papers/downloads.html")
    for name in files:
        assert f'href="../downloads/{name}"' in downloads


def test_statistics_page_and_figure(real_site: Path, collection: Collection) -> None:
    page = html(real_site, "papers/statistics.html")
    for name in ("stats.png", "stats-dark.png"):  # the light theme's, the dark theme's
        assert f'<a class="linked-figure-full" href="../{name}"><img src="../{name}"' in page
        assert (real_site / name).stat().st_size > 10_000
    # A link over each bar, in each theme's copy, to the explorer's view of what it counts.
    spots = re.findall(r'<a class="figure-spot" href="([^"]+)"[^>]*aria-label="([^"]+)"', page)
    assert len(spots) > 20 and len(spots) % 2 == 0
    assert all(target.startswith("explorer.html?") for target, _ in spots)
    home = html(real_site, "index.html")
    assert (
        '<img src="stats.png"' in home and 'class="figure-spot" href="papers/explorer.html?' in home
    )
    stats = compute_stats(collection)
    text = re.sub(r"<[^>]+>", "", page)
    assert f"{stats.with_code} of {stats.papers} name a code repository" in text


def test_search_index_has_titles_authors_and_summary_words(real_site: Path) -> None:
    """Sphinx stems words: 'hivemind' (a title), 'qiu' (an author), 'sigmoid' (a summary)."""
    index = html(real_site, "searchindex.js").lower()
    for word in ("hivemind", "qiu", "yau", "sigmoid", "speculative"):
        assert re.search(rf'"{word[:6]}[a-z]*":', index), word


def test_references_page_lists_every_entry(real_site: Path, collection: Collection) -> None:
    # 110 entries: one page, numbered labels, every entry once.
    refs = html(real_site, "papers/references.html")
    count = len(collection.papers)
    assert refs.count('class="citation"') == count or refs.count('<dt class="label"') == count
    assert f">{count}<" in refs and not (real_site / "papers" / "references").exists()


def test_split_references_list_every_entry_once(fixture_site: Path) -> None:
    collection = load_folder(FIXTURE)
    # One page per initial of the keys; each entry on its initial's page, once.
    for initial in sorted({p.key[0] for p in collection.papers}):
        refs = html(fixture_site, f"papers/references/{initial}.html")
        count = sum(1 for p in collection.papers if p.key[0] == initial)
        assert refs.count('class="citation"') == count or refs.count('<dt class="label"') == count
        assert f">{initial.upper()}1<" in refs  # labels carry the page's letter: [B1]
        index = html(fixture_site, "papers/references.html")
        assert f'href="references/{initial}.html"' in index
    pages = sorted((fixture_site / "papers" / "references").glob("*.html"))
    assert len(pages) == len({p.key[0] for p in collection.papers})


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    app, warnings = build_root("fixture", tmp_path_factory.mktemp("fixture"))
    assert warnings == ""
    return Path(app.outdir)


def test_hostile_title_appears_literally(fixture_site: Path) -> None:
    page = html(fixture_site, "papers/zoe2025scriptalert1script.html")
    assert "<script>alert" not in page
    text = re.sub(r"<[^>]+>", "", page)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; `code` {x} $5" in text
    assert "(lbl)= :::{note}" in text
    assert "`backticks`, {braces}, a $dollar$" in text
    assert 'class="admonition note' not in page and 'class="admonition danger' not in page


def test_the_cite_section_offers_citation_styles_as_literal_text(fixture_site: Path) -> None:
    """APA and IEEE (citeproc-py) in tabs before the BibTeX; a hostile title is text."""
    page = html(fixture_site, "papers/zoe2025scriptalert1script.html")
    cite = page[page.index('id="cite"') :]
    cite = cite[: cite.index('<div class="highlight-bibtex')]
    labels = re.findall(r'class="sd-tab-label"[^>]*>\s*([A-Z]+)</label>', cite)
    assert labels == ["APA", "IEEE"]
    blocks = re.findall(r"(?s)<pre>(.*?)</pre>", cite)
    assert len(blocks) == 2
    for block in blocks:
        assert "<script" not in block  # escaped: the text a reader sees, no element
        assert "<script>alert(1)</script>" in unescape(re.sub(r"<[^>]+>", "", block))


def test_the_page_limits_keep_every_list_page_under_1_mb(
    real_site: Path, collection: Collection
) -> None:
    """Each list's default limit (site.paging) times what one item costs on the real
    site's biggest page of that list, its share of the page's chrome and COinS included,
    stays under 1 MB: so no page passes 1 MB however large the collection grows."""
    limits = PageLimits()
    keys = {p.key for p in collection.papers}
    awards = site_layout(collection).awards
    awards_lines = sum(len(group.items) for group in awards.sections)
    assert not awards.split  # the real awards list is one page

    def paper_links(text: str) -> int:
        found = re.findall(r'href="(?:\.\./)*([a-z0-9]+)\.html"', text)
        return sum(1 for key in found if key in keys)

    def coins(text: str) -> int:
        return text.count('class="Z3988"')

    categories = [f"papers/{c.slug}.html" for c in collection.taxonomy.categories]
    authors = [str(p.relative_to(real_site)) for p in (real_site / "papers/authors").glob("*.html")]
    lists = {
        # A long category's topic page draws the same entries as a category page.
        "category": (categories, coins),
        "topic": (categories, coins),
        "authors": (authors, paper_links),
        "references": (["papers/references.html"], coins),
        "awards": (["papers/awards.html"], lambda _: awards_lines),
    }
    for name, (pages, items) in lists.items():
        sizes = {
            page: (len((real_site / page).read_bytes()), items(html(real_site, page)))
            for page in pages
        }
        page, (size, count) = max(sizes.items(), key=lambda kv: kv[1][0])
        assert count > 50, (name, page)  # enough items for the cost of one to show
        limit = getattr(limits, name)
        assert size / count * limit < 1_000_000, (name, page, size, count, limit)


def test_non_neurips_item_is_labelled_and_not_counted(fixture_site: Path) -> None:
    page = re.sub(r"<[^>]+>", "", html(fixture_site, "papers/dan2024workshop.html"))
    # The badge names the real venue, not only its kind ("Workshop paper").
    assert "Not a NeurIPS 2025 paper: NeurIPS 2024 Workshop on Systems" in page
    assert "Venue: NeurIPS 2024 Workshop on Systems" in page
    home = re.sub(r"<[^>]+>", "", html(fixture_site, "index.html"))
    assert "4 NeurIPS 2025 papers in 2 categories" in home


def test_lists_keep_the_other_items_apart_and_link_their_downloads(
    real_site: Path, collection: Collection
) -> None:
    """On every category page the NeurIPS 2025 papers come first; the original list's
    other items follow under their own rubric, never interleaved; the page links its
    downloads, all entries and NeurIPS 2025 papers only, and those files exist."""
    by_key = collection.by_key()
    apart = 0
    for category in collection.taxonomy.categories:
        doc = f"papers/{category.slug}.html"
        page = html(real_site, doc)
        # Each topic's list, in page order: after the rubric, no NeurIPS 2025 paper.
        for topic in re.split(r'<section id="', page)[1:]:
            keys = re.findall(r'id="' + category.slug + r'-([a-z0-9]+)"', topic)
            keys = [k for k in keys if k in by_key]
            rubric = topic.find("Also in the original list (not NeurIPS 2025 papers)")
            if rubric < 0:
                continue
            apart += 1
            after = topic[rubric:]
            later = [k for k in keys if f'id="{category.slug}-{k}"' in after]
            assert later and not [k for k in later if by_key[k].is_neurips2025], (doc, later)
        text = " ".join(visible_text(page).split())
        assert "Download this category: BibTeX · RIS · CSL-JSON" in text, doc
        for href in re.findall(r'href="\.\./(downloads/[^"]+)" download', page):
            assert (real_site / href).is_file(), href
        if any(not p.is_neurips2025 for p in collection.in_category(category.slug)):
            assert "its NeurIPS 2025 papers only: BibTeX" in text, doc
            assert f"downloads/{category.slug}-neurips2025.ris" in page
    assert apart  # the real collection has other items to keep apart


def test_summary_cross_reference_is_a_working_link(fixture_site: Path) -> None:
    """akyurek2025learning (home: training) cites [@zoe2025scriptalert1script] (inference)."""
    page = html(fixture_site, "papers/akyurek2025learning.html")
    assert 'href="zoe2025scriptalert1script.html"' in page


def test_citation_role_resolves_from_another_page(fixture_site: Path) -> None:
    page = html(fixture_site, "index.html")
    assert 'href="papers/references/b.html#id' in page  # bob2025fast: the page of B


def documents_read(base: Path, bib: Path) -> list[str]:
    """Build the fixture root again in ``base`` (incrementally); the documents Sphinx read."""
    read: list[str] = []
    _, warnings = build_root(
        "fixture", base, bib=bib, fresh=False, on_read=lambda names: read.extend(names)
    )
    assert warnings == ""
    return sorted(read)


def test_a_build_freezes_what_generation_left_and_restores_the_collector(tmp_path: Path) -> None:
    """While Sphinx reads, what existed after generation is frozen out of the garbage
    collector and full collections are rarer (sphinxext._Collector); after the build the
    collector is as it was, so a process that builds again frees those objects."""
    before = gc.get_threshold()
    seen: list[tuple[int, tuple[int, int, int]]] = []
    build_root(
        "fixture",
        tmp_path,
        on_read=lambda _: seen.append((gc.get_freeze_count(), gc.get_threshold())),
    )
    ((frozen, threshold),) = seen
    assert frozen > 10_000, frozen
    assert threshold == (*before[:2], 100)
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == before


def test_no_doctree_stays_in_memory_between_reading_and_writing(tmp_path: Path) -> None:
    """Sphinx would keep every doctree it read until it writes the page, and every pickle
    it loads until the build ends (sphinxext.doctrees_on_disk): once reading is done no
    paper's doctree is alive, and the pages still come out whole."""
    from docutils import nodes

    alive: list[list[str]] = []

    def count(app: object, env: object) -> None:
        gc.collect()
        alive.append(
            [
                str(o.get("source"))
                for o in gc.get_objects()
                if isinstance(o, nodes.document) and str(o.get("source")).endswith(".paper")
            ]
        )

    read: list[str] = []
    build_root("fixture", tmp_path, on_read=read.extend, on={"env-updated": count})
    papers = [name for name in read if name.startswith("papers/") and name.count("/") == 1]
    assert len(papers) > 5, read  # the fixture's paper pages were read in this build
    assert alive == [[]]
    page = html(tmp_path / "build" / "html", "papers/akyurek2025learning.html")
    assert 'href="zoe2025scriptalert1script.html"' in page


def test_rebuild_after_editing_one_summary_rereads_little(tmp_path: Path) -> None:
    """Incremental: a summary edit re-reads that entry's pages, not the bibliographies."""
    bib = tmp_path / "bib"
    shutil.copytree(FIXTURE, bib)

    def run() -> list[str]:
        return documents_read(tmp_path, bib)

    # index, the eight generated pages, five paper pages, seven author-index pages, four
    # topic pages, five pages of references and five of awards (every list split: conf.py)
    assert len(run()) == 35
    assert run() == []  # nothing changed: nothing re-read
    papers = bib / "papers.bib"
    papers.write_text(
        papers.read_text("utf-8").replace("It needs no change", "It requires no change"), "utf-8"
    )
    # Only the entry's own page: not the home page (its numbers did not change) and not the
    # other pages holding a {bibliography} (the .bib export they read is unchanged).
    assert run() == ["papers/bob2025fast"]


def test_rebuild_with_nothing_changed_generates_nothing_and_any_doubt_regenerates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing changed: the hook neither loads bib/ nor writes the generated folder (the
    inputs' digest is kept in the environment). A generated file removed or edited by
    hand, another bibtools or dependency, or a setting changed, and it is written again."""
    from bibtools import sphinxext

    bib = tmp_path / "bib"
    shutil.copytree(FIXTURE, bib)
    generated = tmp_path / "src" / "papers"

    def run(**conf: object) -> tuple[list[str], str]:
        read: list[str] = []
        app, warnings = build_root(
            "fixture", tmp_path, bib=bib, fresh=False, on_read=read.extend, conf=conf
        )
        assert warnings == ""
        return sorted(read), app.status.getvalue()

    assert len(run()[0]) == 35
    page = generated / "bob2025fast.paper"
    stamp = page.stat().st_mtime_ns
    loads: list[object] = []
    valid = sphinxext.pipeline.valid
    monkeypatch.setattr(sphinxext.pipeline, "valid", lambda s: loads.append(s) or valid(s))
    read, status = run()
    assert (read, "nothing generated" in status) == ([], True)
    assert page.stat().st_mtime_ns == stamp  # not even rewritten with the same bytes
    # Not loaded either: not for the pages Sphinx writes on every build (search, index).
    assert loads == []
    # A generated page edited by hand: written again, and only that page re-read.
    page.write_text(page.read_text("utf-8") + "\nStray words.\n", "utf-8")
    read, status = run()
    assert "generated file(s) changed" in status and "Stray words" not in page.read_text()
    assert read == ["papers/bob2025fast"]
    page.unlink()
    assert run()[0] == ["papers/bob2025fast"] and page.is_file()
    assert run()[0] == []
    # Another bibtools (or dependency): generated again, nothing changes; the root document
    # is read again so that Sphinx saves the environment with the new inputs.
    monkeypatch.setattr(sphinxext, "code_inputs", lambda: ["bibtools 99"])
    read, status = run()
    assert (read, "0 generated file(s) changed" in status) == (["index"], True)
    read, status = run()
    assert (read, "nothing generated" in status) == ([], True)
    # The collection's citation file appears, then changes: the home page follows each time.
    cff = tmp_path / "CITATION.cff"
    cff.write_text((REPO / "CITATION.cff").read_text("utf-8"), "utf-8")
    read, status = run()
    home = generated / "home.md"
    assert "generated file(s) changed" in status and "Cite this collection" in home.read_text()
    cff.write_text(cff.read_text("utf-8").replace("version: ", "version: 9"), "utf-8")
    run()
    assert "(Version 9" in home.read_text()
    # Another setting: generated again (Sphinx re-reads everything for an "env" setting).
    read, status = run(bibtools_page_limits={"category": 1})
    assert "generated file(s) changed" in status
    assert not (generated / "authors").exists()  # the author index on one page again


def test_rebuild_after_editing_one_title_rereads_its_lists(tmp_path: Path) -> None:
    """Incremental: a title edit re-reads the pages that print the title, nothing else."""
    bib = tmp_path / "bib"
    shutil.copytree(FIXTURE, bib)

    def run() -> list[str]:
        return documents_read(tmp_path, bib)

    assert len(run()) == 35
    papers = bib / "papers.bib"
    papers.write_text(
        papers.read_text("utf-8").replace(
            "title = {Fast Serving with Spotlights}", "title = {Fast Serving with Many Spotlights}"
        ),
        "utf-8",
    )
    # Every page that prints the title: the paper's page, its topic page (the list; the
    # long category's own page does not print titles), the home page (it lists this spotlight), the
    # author index pages of its authors and the spotlights' page (they write titles out, so a
    # title edit changes their sources: taking it from the target at build time once left
    # them showing the old title), and its page of references (its .bib holds the title;
    # each page of references reads a .bib of its own, so the others are not re-read); not
    # the references' index or unrelated pages.
    assert run() == [
        "index",
        "papers/authors/b",
        "papers/authors/c",
        "papers/awards/spotlights",
        "papers/bob2025fast",
        "papers/inference/serving",
        "papers/references/b",
        "papers/zoe2025scriptalert1script",  # its neighbour in the topic names it
    ]
    assert run() == []
    built = tmp_path / "build" / "html"
    stale = [p for p in built.rglob("*.html") if "Fast Serving with Spotlights" in p.read_text()]
    assert stale == []


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


def test_bad_page_limits_stop_the_build_as_a_usage_error(tmp_path: Path) -> None:
    """A wrong ``bibtools_page_limits`` is a configuration mistake: exit 2, one line."""
    import subprocess
    import sys

    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-fixture", src)
    command = [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(src), str(tmp_path / "html")]
    command += ["-D", f"bibtools_bib_dir={FIXTURE}"]
    conf = src / "conf.py"
    conf.write_text(conf.read_text("utf-8") + 'bibtools_page_limits = {"author": 0}\n', "utf-8")
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 2, result.stderr
    assert "bibtools_page_limits: unknown list(s) author; known: authors, awards" in result.stderr
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
        stray = STRAY_ESCAPE.findall(visible_text(page.read_text("utf-8")))
        assert not stray, (page.relative_to(site), stray[:5])
    refs = visible_text(
        html(
            site,
            "papers/references/z.html" if site_name == "fixture_site" else "papers/references.html",
        )
    )
    if site_name == "fixture_site":  # pybtex once printed the hostile title's \{x\} as \x\
        assert "`code` {x} $5" in refs
    text = visible_text(html(site, "papers/statistics.html"))
    # The "Category: Topic" rows read plainly, each one as the data names it.
    collection = load_folder(FIXTURE if site_name == "fixture_site" else REPO / "bib")
    labels = [label for _, label, _ in compute_stats(collection).top_topics]
    assert labels and all(re.search(r"\w: \w", label) for label in labels)
    missing = [label for label in labels if f" {label} " not in text]
    assert missing == [], missing


def _served(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_a_parallel_build_serves_the_same_bytes_as_a_serial_one(tmp_path: Path) -> None:
    """sphinx-build -j 2 reads (and writes) in two processes: the extension keeps its
    state on the environment and merges it, so every served file is the same as -j 1's,
    and there is no warning (-nW)."""
    import subprocess
    import sys

    trees: dict[str, dict[str, bytes]] = {}
    for jobs in ("1", "2"):
        base = tmp_path / f"j{jobs}"
        shutil.copytree(ROOTS / "test-fixture", base / "src")
        shutil.copytree(FIXTURE, base / "bib")
        command = [sys.executable, "-m", "sphinx", "-nW", "--keep-going", "-j", jobs]
        command += ["-b", "html", "-d", "doctrees", "-D", "bibtools_bib_dir=../bib", "src", "html"]
        result = subprocess.run(command, cwd=base, capture_output=True, text=True, timeout=600)
        assert result.returncode == 0 and "WARNING" not in result.stderr, result.stderr
        # Parallel reading and writing show as chunks of documents ("[ 50%] index ..
        # papers/x"): one per reader and two for the one writer (sphinxext._ParallelChunks),
        # not Sphinx's many.
        for phase in ("reading sources", "writing output"):
            chunks = re.findall(rf"{phase}\.\.\. \[ *\d+%\] \S+ \.\. ", result.stdout)
            assert len(chunks) == (2 if jobs == "2" else 0), (phase, result.stdout)
        trees[jobs] = _served(base / "html")
    assert len(trees["1"]) > 30
    assert trees["1"] == trees["2"]


@pytest.mark.parametrize("count", [0, 1, 2, 3, 7, 1100])
def test_parallel_chunks_are_as_many_as_asked_in_order(count: int) -> None:
    from bibtools.sphinxext import chunks_of

    docs = [f"doc{i}" for i in range(count)]
    for wanted in (1, 2, 3, 4):
        chunks = chunks_of(docs, wanted)
        assert [d for chunk in chunks for d in chunk] == docs
        assert len(chunks) == min(wanted, count)
        assert max(map(len, chunks), default=0) - min(map(len, chunks), default=0) <= wanted


def test_a_parallel_build_puts_sphinx_chunks_back(tmp_path: Path) -> None:
    """Sphinx's make_chunks is replaced only while a parallel build runs."""
    import sphinx.builders

    original = sphinx.builders.make_chunks
    seen: list[bool] = []
    for jobs in (1, 2):
        record = {
            "env-before-read-docs": lambda *_: seen.append(sphinx.builders.make_chunks is original)
        }
        build_root("fixture", tmp_path / f"j{jobs}", on=record, parallel=jobs)
        assert sphinx.builders.make_chunks is original
    assert seen == [True, False]


def test_served_site_is_byte_identical_across_paths_and_hash_seeds(tmp_path: Path) -> None:
    """Every served file (the HTML, search index, downloads, feed, figure) is the same
    whatever folder the project sits in and whatever the hash seed."""
    import os
    import subprocess
    import sys

    trees: list[dict[str, bytes]] = []
    for folder, seed in (("one", "1"), ("deeper/two", "987")):
        base = tmp_path / folder
        shutil.copytree(ROOTS / "test-fixture", base / "src")
        shutil.copytree(FIXTURE, base / "bib")
        command = [sys.executable, "-m", "sphinx", "-q", "-b", "html", "-d", "doctrees"]
        command += ["-D", "bibtools_bib_dir=../bib", "src", "html"]
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(command, cwd=base, env=env, check=True, timeout=600)
        html_dir = base / "html"
        trees.append(
            {
                str(p.relative_to(html_dir)): p.read_bytes()
                for p in sorted(html_dir.rglob("*"))
                if p.is_file()
            }
        )
    assert len(trees[0]) > 30
    assert trees[0] == trees[1]


def test_with_a_base_url_the_site_has_canonical_links_a_sitemap_and_an_absolute_feed(
    tmp_path: Path,
) -> None:
    import xml.etree.ElementTree as ET

    base = "https://example.org/neurips/"
    app, warnings = build_root("fixture", tmp_path, conf={"html_baseurl": base})
    assert warnings == ""
    out = Path(app.outdir)
    page = html(out, "papers/bob2025fast.html")
    assert f'<link rel="canonical" href="{base}papers/bob2025fast.html"' in page
    metas, lds = head_metadata(page)
    assert metas["og:url"] == [f"{base}papers/bob2025fast.html"]
    assert lds[0]["url"] == f"{base}papers/bob2025fast.html"
    sitemap = ET.parse(out / "sitemap.xml").getroot()
    locs = {loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    assert f"{base}papers/bob2025fast.html" in locs
    # Valid under the Sitemap protocol's own schema (sitemaps.org 0.9), as crawlers read it.
    import xmlschema

    schema = xmlschema.XMLSchema(str(REPO / "tests" / "data" / "sitemap-0.9.xsd"))
    errors = [str(e.reason) for e in schema.iter_errors(str(out / "sitemap.xml"))]
    assert not errors, errors[:3]
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.parse(out / "feed.xml").getroot()
    links = {e.find(f"{atom}link").get("href") for e in feed.iter(f"{atom}entry")}  # type: ignore[union-attr]
    assert f"{base}papers/bob2025fast.html" in links
    assert (out / "404.html").is_file() and 'href="/neurips/' in html(out, "404.html")
    # The 404 page is served at any address: no canonical link to itself.
    assert 'rel="canonical"' not in html(out, "404.html")
    # A link preview's image on every page (the card), absolute.
    assert metas["og:image"] == [f"{base}og-image.png"]
    home, _ = head_metadata(html(out, "index.html"))
    assert home["og:image"] == [f"{base}og-image.png"] and home["og:url"] == [f"{base}index.html"]
    assert (out / "og-image.png").read_bytes().startswith(b"\x89PNG")
    assert feed.find(f"{atom}link[@rel='self']").get("href") == f"{base}feed.xml"  # type: ignore[union-attr]


def test_a_deploy_hosts_base_url_reaches_the_build_and_its_absence_is_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Read the Docs sets READTHEDOCS_CANONICAL_URL (BIBTOOLS_BASEURL for any host): the
    build gets canonical links and a sitemap without -D; without a base URL, one line says
    which absolute URLs the build leaves out."""
    monkeypatch.setenv("READTHEDOCS_CANONICAL_URL", "https://x.readthedocs.io/en/latest/")
    app, warnings = build_root("fixture", tmp_path / "rtd")
    assert warnings == ""
    out = Path(app.outdir)
    page = html(out, "papers/bob2025fast.html")
    assert (
        'rel="canonical" href="https://x.readthedocs.io/en/latest/papers/bob2025fast.html"' in page
    )
    assert (out / "sitemap.xml").is_file() and 'href="/en/latest/' in html(out, "404.html")
    monkeypatch.delenv("READTHEDOCS_CANONICAL_URL")
    app, warnings = build_root("fixture", tmp_path / "local")
    assert warnings == ""
    said = [line for line in app._status.getvalue().splitlines() if "no base URL" in line]
    assert len(said) == 1 and "og:url" in said[0] and "sitemap.xml" in said[0]
    assert not (Path(app.outdir) / "sitemap.xml").exists()


LISTED = "Summary not yet written"
LISTED_ENTRY = """
@inproceedings{lee2025listed,
  title = {A Listed Paper on <b>Decoding</b>},
  author = {Lee, Ann and van Dam, José},
  booktitle = {Advances in Neural Information Processing Systems},
  year = {2025},
  url = {https://neurips.cc/virtual/2025/poster/116001},
  track = {main},
  neuripsid = {116001},
  presentation = {oral},
  keywords = {inference/decoding},
  added = {2026-12-03},
  unverified = {track, presentation},
  sourcenote = {Title, authors and neurips.cc id 116001 from a copy of the listing (quuxfold).},
}
"""
SCOPE_ROWS = [
    ("116001", "in", "inference/decoding", "lee2025listed", "title", "parallel decoding"),
    ("116002", "in", "inference/decoding", "", "title", "speculative decoding"),
    ("116003", "out", "", "", "abstract", "GNN, not generative"),
    ("116004", "undecided", "training/distributed", "", "title", "unclear claim"),
]


def test_a_listed_paper_and_the_coverage_read_correctly(tmp_path: Path) -> None:
    """A listed paper (facts, no summary) on its page, in its list, in the head metadata
    and the feed; the scope review's coverage on the home, statistics, category and
    downloads pages; the decisions served as a file."""
    bib = tmp_path / "bib"
    shutil.copytree(FIXTURE, bib)
    with (bib / "papers.bib").open("a", encoding="utf-8") as handle:
        handle.write(LISTED_ENTRY)
    header = "neuripsid\tdecision\thome\tentry\tbasis\treviewed\treason\ttitle"
    rows = [header] + ["\t".join([*r[:5], "2026-12-03", r[5], f"Title {r[0]}"]) for r in SCOPE_ROWS]
    (bib / "scope.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    app, warnings = build_root("fixture", tmp_path, bib=bib)
    assert warnings == ""
    site = Path(app.outdir)

    def text(page: str) -> str:
        body = re.sub(r"<(script|style)\b.*?</\1>", "", html(site, page), flags=re.S)
        return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", body)))

    page = html(site, "papers/lee2025listed.html")
    shown = text("papers/lee2025listed.html")
    assert "A Listed Paper on <b>Decoding</b>" in shown and "<b>Decoding" not in page
    assert "Summary not yet written" in shown
    # An oral resting on the listing's events looks unsettled, and the badge names the facts.
    badges = re.findall(
        r'<span class="sd-sphinx-override sd-badge[^"]*"(?: title="([^"]*)")?>([^<]+)</span>', page
    )
    assert [text for _, text in badges[:3]] == [
        "Oral (unconfirmed)",
        "Unverified: track, presentation",
        LISTED,
    ]
    # Each unsettled badge says why in its tooltip (the title attribute), not in the colour.
    assert "No primary source (OpenReview, neurips.cc) confirms this presentation" in badges[0][0]
    assert (
        badges[1][0] == "Not confirmed by a primary source: track, presentation; see the data notes"
    )
    assert "Summary ¶ Not yet written. This paper is listed with its facts only" in shown
    assert "Authors: Ann Lee , José van Dam" in shown
    description = 'content="A NeurIPS 2025 paper (oral) by Ann Lee, José van Dam. Summary not '
    assert f'<meta name="twitter:description" {description}yet written." />' in page
    assert (
        '<meta name="citation_title" content="A Listed Paper on &lt;b&gt;Decoding&lt;/b&gt;"'
        in page
    )
    # In its topic's list: its badges, and a link that does not promise a summary.
    listed = text("papers/inference/decoding.html")  # the fixture splits its categories
    start = listed.index("A Listed Paper on <b>Decoding</b>")
    assert "Summary not yet written" in listed[start : start + 300]
    assert "facts and citation" in listed[start : start + 400]
    feed = (site / "feed.xml").read_text(encoding="utf-8")
    assert "Summary not yet written." in feed
    # The coverage, as the reader sees it.
    home = text("index.html")
    assert (
        "Coverage. All 4 titles of the conference's accepted-paper listing (from a third-party "
        "copy of the neurips.cc data) were reviewed for scope, last on 2026-12-03: 2 in scope , "
        "1 out, 1 not decided yet (1 decided on the abstract, 3 on the title alone). The "
        "collection holds 1 of the 2 in-scope papers. Of its 5 "
        "NeurIPS 2025 papers, 4 are summarised from their abstracts and 1 is listed with their "
        "facts only"
    ) in home
    category = text("papers/inference.html")
    assert (
        "Coverage: the scope review files 2 accepted papers in this category (each under its "
        "first topic only), 1 of them not in the collection yet. Of those in the collection, 0 "
        "are summarised and 1 listed"
    ) in category
    assert (
        "Coverage: the scope review files 2 accepted papers under this topic (as their first "
        "topic), 1 of them not in the collection yet."
    ) in listed
    statistics = text("papers/statistics.html")
    assert "Coverage of the conference" in statistics
    assert re.search(r"Inference 2 1 0 1 Training 0 0 0 0", statistics), statistics[-800:]
    # The data notes are on the page but not in the search index (they answered queries
    # meant for papers); the summary's words still are.
    import json

    index = (site / "searchindex.js").read_text(encoding="utf-8")
    terms = json.loads(index[index.index("(") + 1 : index.rindex(")")])["terms"]
    assert "quuxfold" in page and "quuxfold" not in terms
    assert "hyperparamet" in terms  # from a summary of the fixture
    served = (site / "downloads" / "scope.tsv").read_text(encoding="utf-8")
    assert served == (bib / "scope.tsv").read_text(encoding="utf-8")
    assert 'href="../downloads/scope.tsv"' in html(site, "papers/downloads.html")


def test_a_paper_page_names_its_neighbours_and_lists_link_out(fixture_site: Path) -> None:
    """'In its topic': previous and next in the home topic's list, and the whole list; and a
    list entry links straight to OpenReview, the PDF and the code."""
    page = html(fixture_site, "papers/zoe2025scriptalert1script.html")
    section = page[page.index('id="in-its-topic"') :]
    section = section[: section.index("</section>")]
    assert 'href="bob2025fast.html"' in section and "Previous:" in section
    assert "Next:" not in section and "All 2 papers of" in section
    listed = html(fixture_site, "papers/training/algorithm.html")
    start = listed.index('href="../akyurek2025learning.html"')
    entry = listed[start : start + 3000]
    for target in (
        "https://openreview.net/forum?id=AAAAAAAAAA",
        "https://openreview.net/pdf?id=AAAAAAAAAA",
        "https://github.com/example/mup",
    ):
        assert f'href="{target}"' in entry, target


def test_a_topic_compares_its_papers_and_a_paper_names_its_peers(
    real_site: Path, collection: Collection
) -> None:
    """Each topic of a category page has a table of its NeurIPS 2025 papers in list order
    (paper, presentation, code, claim); each paper page lists the other papers of its home
    topic with their presentation and claim, out of the search index."""
    from bibtools.site.layout import highlight_rank

    category = collection.taxonomy.categories[0]
    page = html(real_site, f"papers/{category.slug}.html")
    compared = 0
    for topic in category.topics:
        members = sorted(collection.in_topic(topic.keyword), key=highlight_rank)
        neurips = [p for p in members if p.is_neurips2025]
        start = page.find(f'id="{category.slug}-topic-{topic.slug}"')
        if start < 0 or len(neurips) < 2:
            continue
        table = page[start:]
        table = table[table.index("<details") : table.index("</details>")]
        assert f"Compare these {len(neurips)} papers" in table
        rows = re.findall(
            r'<tr class="row-(?:odd|even)"><td><p><a [^>]*href="([a-z0-9]+)\.html"', table
        )
        assert rows == [p.key for p in neurips], topic.keyword
        for paper in neurips:
            row = table[table.index(f'href="{paper.key}.html"') :].split("</tr>")[0]
            if paper.code:
                assert f'href="{paper.code}"' in row
            if paper.tldr:
                assert unescape(re.sub(r"<[^>]+>", "", row)).count(paper.tldr) == 1
        compared += 1
    assert compared
    paper = next(p for p in collection.papers if len(collection.in_topic(p.keywords[0])) > 2)
    peers_page = html(real_site, f"papers/{paper.key}.html")
    peers = peers_page[peers_page.index('<details class="topic-peers">') :]
    peers = peers[: peers.index("</details>")]
    others = [p for p in collection.in_topic(paper.keywords[0]) if p.key != paper.key]
    assert f"The other {len(others)} papers of this topic" in peers
    assert set(re.findall(r'href="([a-z0-9]+)\.html"', peers)) == {p.key for p in others}
    before = peers_page[: peers_page.index('<details class="topic-peers">')]
    assert before.rstrip().endswith('<div class="no-search docutils container">')


def test_the_explorer_page_and_its_data(fixture_site: Path) -> None:
    """The explorer: a labelled form, its script, and one JSON file holding every entry as
    facts (the hostile title as a plain string, never as markup on the page)."""
    import json

    collection = load_folder(FIXTURE)
    page = html(fixture_site, "papers/explorer.html")
    for name in ("c", "p", "pr", "w", "v", "q", "code", "l"):
        assert f'id="explorer-{name}"' in page and f'for="explorer-{name}"' in page, name
    assert '<script src="../_static/bibtools-explorer.js" defer></script>' in page
    assert (fixture_site / "_static" / "bibtools-explorer.js").stat().st_size > 1000
    assert 'data-src="../explorer/papers.json"' in page
    data = json.loads((fixture_site / "explorer" / "papers.json").read_text(encoding="utf-8"))
    by_key = {row["k"]: row for row in data["papers"]}
    assert sorted(by_key) == sorted(p.key for p in collection.papers)
    for paper in collection.papers:
        row = by_key[paper.key]
        assert (row["t"], row["a"], row["c"]) == (
            paper.title,
            [a.display for a in paper.authors],
            paper.home,
        )
        assert row["v"] == ("neurips" if paper.is_neurips2025 else paper.track)
        assert row.get("code") == (paper.code or None)
    hostile = by_key["zoe2025scriptalert1script"]["t"]
    assert "<script>" in hostile and "<script>alert" not in page
    # Topic pages and category pages link into it, pre-filtered.
    assert 'href="explorer.html?c=inference"' in html(fixture_site, "papers/inference.html")


def test_home_page_says_how_to_report_an_error_and_how_to_cite_the_collection(
    real_site: Path,
) -> None:
    """The issue forms of the repository, each a link to a form that exists in
    .github/ISSUE_TEMPLATE; the collection's citation from CITATION.cff, as text and as a
    BibTeX entry (with a copy button) that pybtex reads back."""
    page = html(real_site, "index.html")
    text = " ".join(visible_text(page).split())
    assert "Report an error or suggest a paper" in text
    forms = re.findall(
        r'href="' + re.escape(REPOSITORY) + r'/issues/new\?template=([a-z-]+\.yml)"', page
    )
    assert forms == ["report-an-error.yml", "suggest-a-paper.yml"]
    for form in forms:
        spec = yaml.safe_load((REPO / ".github" / "ISSUE_TEMPLATE" / form).read_text())
        assert spec["name"] and spec["body"], form
    cff = yaml.safe_load((REPO / "CITATION.cff").read_text())
    assert "Cite this collection" in text
    assert f"{cff['title']} (Version {cff['version']}) [Data set]" in text
    block = re.search(r'(?s)<div class="highlight-bibtex notranslate">.*?<pre>(.*?)</pre>', page)
    assert block is not None
    entry = unescape(re.sub(r"<[^>]+>", "", block.group(1)))
    read = parse_string(entry, "bibtex").entries["neurips25mlsys"]
    assert read.fields["title"] == "{" + cff["title"] + "}"
    assert read.fields["year"] == str(cff["date-released"])[:4]
