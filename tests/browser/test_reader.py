"""The reader's experience of the built site, in Chromium (GitHub issue 14)."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from axe_report import severe_violations
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from pybtex.database import parse_string
from site_server import PAGES, THEMES

from bibtools.data.model import Collection
from bibtools.pipeline import load_valid

REPO = Path(__file__).resolve().parents[2]
PAPER = "qiu2025gated"  # "Gated Attention for Large Language Models: ..."
NARROW = {"width": 390, "height": 844}  # a phone


@pytest.fixture(scope="module")
def collection() -> Collection:
    return load_valid([REPO / "bib"])


def fold(text: str) -> str:
    """Lower case, without accents or punctuation."""
    text = unicodedata.normalize("NFD", text.lower())
    return "".join(c if c.isalnum() else " " for c in text if not unicodedata.combining(c))


def search(open_page: Any, query: str) -> list[str]:
    """The result links of a search, best first, as paths from the site's root."""
    page = open_page(f"search.html?q={quote(query)}")
    return page.eval_on_selector_all(  # type: ignore[no-any-return]
        "#search-results ul.search li a", "links => links.map(a => a.getAttribute('href'))"
    )


def in_viewport(page: Any, element_id: str) -> bool:
    """Whether the element comes into the viewport (furo scrolls smoothly to an anchor)."""
    script = """id => {
        const rect = document.getElementById(id)?.getBoundingClientRect();
        return rect !== undefined && rect.top >= 0 && rect.top < window.innerHeight;
    }"""
    try:
        page.wait_for_function(script, arg=element_id, timeout=5_000)
    except PlaywrightTimeoutError:
        return False
    return True


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ("Gated Attention Language", "qiu2025gated"),
        ("Tiled Flash Linear Attention", "beck2025tiled"),
        ("Oneiros KV Cache Optimization", "li2025oneiros"),
        ("Tenenbaum", "yau2025learning"),  # a surname
        ("Poppel", "beck2025tiled"),  # Pöppel, typed without the accent
        ("Gated Attention for Large La", "qiu2025gated"),  # a title cut mid-word
    ],
)
def test_search_leads_to_the_paper(
    open_page: Any, collection: Collection, query: str, key: str
) -> None:
    paper = collection.by_key()[key]  # the query is the paper's: its title or an author
    said = fold(" ".join([paper.title, *(author.last for author in paper.authors)]))
    assert all(word in said for word in fold(query).split())
    assert search(open_page, query)[0] == f"papers/{key}.html"


def test_every_title_prefix_finds_its_paper_first(open_page: Any, collection: Collection) -> None:
    """28 characters of any title, cut wherever they end, put the paper first."""
    page = open_page("search.html?q=x")
    missed = []
    for paper in collection.papers:
        query = paper.title[:28]
        page.goto(page.url.split("?")[0] + "?q=" + quote(query))
        page.wait_for_function(
            "() => document.querySelector('#search-results h2')?.innerText === 'Search Results'"
        )
        first = page.eval_on_selector(
            "#search-results ul.search li a", "a => a.getAttribute('href')"
        )
        if first != f"papers/{paper.key}.html":
            missed.append((query, first))
    assert not missed


def test_paper_url_lands_on_its_heading(open_page: Any) -> None:
    page = open_page(f"papers/{PAPER}.html")
    assert page.locator("h1").first.inner_text().startswith("Gated Attention")
    assert in_viewport(page, PAPER)


@pytest.mark.parametrize("key", [PAPER, "yau2025learning", "beck2025tiled"])
def test_old_category_anchor_lands_on_the_entry(
    open_page: Any, collection: Collection, key: str
) -> None:
    """papers/<home category>.html#<key>, the URLs before paper pages, still land."""
    home = collection.by_key()[key].home
    page = open_page(f"papers/{home}.html#{key}")
    assert in_viewport(page, key)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # Within its category: an extra id on the new topic's heading.
        ("training.html#training-topic-stability-architecture", "training.html"),
        # To another category: the old page's line for it, whose link the script follows.
        ("training.html#training-topic-attention-efficiency", "architecture.html"),
    ],
)
def test_old_topic_anchor_lands_on_the_new_topic(
    open_page: Any, collection: Collection, old: str, new: str
) -> None:
    """papers/<category>.html#<category>-topic-<old>, for a topic that moved ([[moved]] in
    bib/taxonomy.toml), shows the topic that now holds its papers."""
    moved = {f"{m.category}.html#{m.category}-topic-{m.slug}": m for m in collection.taxonomy.moved}
    home = collection.taxonomy.new_homes()[moved[old].old]
    page = open_page(f"papers/{old}")
    page.wait_for_url(f"**/papers/{new}*")
    assert in_viewport(page, f"{home.category}-topic-{home.slug}")


def test_author_link_lands_on_the_author_in_the_index(open_page: Any) -> None:
    """A paper page's author link opens the author index at that author's line (one page
    for the real collection; the old URL form papers/authors.html#author-... either way)."""
    page = open_page(f"papers/{PAPER}.html")
    link = page.locator('article a[href*="#author-"]').first
    anchor = (link.get_attribute("href") or "").split("#", 1)[1]
    name = link.inner_text()
    link.click()
    page.wait_for_load_state()
    assert in_viewport(page, anchor)
    line = page.locator(f'[id="{anchor}"]').first.inner_text()
    assert name.split()[-1] in line, (name, line)


def test_copy_button_puts_the_bibtex_on_the_clipboard(open_page: Any, base_url: str) -> None:
    page = open_page(f"papers/{PAPER}.html", permissions=["clipboard-read", "clipboard-write"])
    block = page.locator(".highlight-bibtex").first
    block.hover()
    block.locator("button.copybtn").click()
    page.wait_for_function("() => navigator.clipboard.readText().then(t => t.length > 0)")
    text = page.evaluate("() => navigator.clipboard.readText()")
    entries = parse_string(text, "bibtex").entries
    assert list(entries) == [PAPER]
    assert entries[PAPER].fields["title"].startswith("Gated Attention")


def test_dark_mode_persists_across_reload(open_page: Any, screenshot: Any) -> None:
    page = open_page("index.html", color_scheme="light")
    toggle = page.locator(".theme-toggle:visible").first
    for _ in range(3):  # furo cycles auto -> dark -> light (or auto -> light -> dark)
        if page.evaluate("() => document.body.dataset.theme") == "dark":
            break
        toggle.click()
    assert page.evaluate("() => localStorage.getItem('theme')") == "dark"
    page.reload()
    page.wait_for_load_state("load")
    assert page.evaluate("() => document.body.dataset.theme") == "dark"
    background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(19, 20, 22)"  # furo's dark background, #131416
    screenshot(page, "home-dark-after-reload")


@pytest.mark.parametrize(("name", "path"), PAGES)
def test_no_horizontal_overflow_on_a_phone(
    open_page: Any, screenshot: Any, name: str, path: str
) -> None:
    page = open_page(path, theme="light", viewport=NARROW, device_scale_factor=2)
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    screenshot(page, f"{name}-390px")
    assert widths[0] <= widths[1], f"{path} is {widths[0]}px wide in a {widths[1]}px viewport"


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize(("name", "path"), PAGES)
def test_no_critical_or_serious_axe_violation(
    open_page: Any, screenshot: Any, name: str, path: str, theme: str
) -> None:
    page = open_page(path, theme=theme)
    assert page.evaluate("() => document.body.dataset.theme") == theme
    screenshot(page, f"{name}-{theme}")
    found = severe_violations(page)
    assert not found, "\n".join(f"{v['rule']} ({v['impact']}): {v['nodes']}" for v in found)


def test_home_page_states_the_coverage_the_data_gives(
    open_page: Any, collection: Collection
) -> None:
    """The coverage statement a reader sees in Chromium: its numbers are the scope review's."""
    from bibtools.site.stats import compute_stats

    stats = compute_stats(collection)
    cov = stats.coverage
    assert cov is not None, "bib/scope.tsv is missing"
    page = open_page("index.html")
    text = " ".join(page.locator("article").first.inner_text().split())
    assert (
        f"Coverage. All {cov.reviewed:,} titles of the conference's accepted-paper listing"
    ) in text
    assert f"{cov.in_scope} in scope, {cov.out_of_scope:,} out" in text
    assert f"{cov.on_abstract:,} decided on the abstract" in text
    holds = (
        f"all {cov.in_scope} in-scope papers"
        if cov.with_entry == cov.in_scope
        else f"{cov.with_entry} of the {cov.in_scope} in-scope papers"
    )
    assert f"The collection holds {holds}" in text
    summarised = stats.papers - stats.listed
    assert f"{summarised} {'is' if summarised == 1 else 'are'} summarised" in text
    link = page.get_by_role("link", name="statistics page").first
    link.click()
    page.wait_for_load_state("load")
    assert page.locator("h2", has_text="Coverage of the conference").count() == 1


def test_a_listed_paper_reads_as_facts_without_a_summary(
    open_page: Any, collection: Collection
) -> None:
    listed = [p for p in collection.papers if p.is_listed]
    if not listed:  # every paper summarised: tests/test_site.py still covers the rendering
        pytest.skip("the collection has no listed paper")
    paper = listed[0]
    page = open_page(f"papers/{paper.key}.html")
    assert page.locator("h1").first.inner_text().rstrip("#¶ ").startswith(paper.title[:20])
    badges = page.locator("span.sd-badge").all_inner_texts()
    assert "Summary not yet written" in badges
    summary = page.locator("section#summary > p").first.inner_text()
    assert summary.startswith("Not yet written. This paper is listed with its facts only")
    description = page.locator('meta[name="twitter:description"]').get_attribute("content")
    assert description is not None and description.endswith("Summary not yet written.")
    entries = parse_string(page.locator(".highlight-bibtex").first.inner_text(), "bibtex")
    assert list(entries.entries) == [paper.key]  # the citation is complete all the same


def _explorer_rows(open_page: Any, query: str) -> tuple[Any, list[str]]:
    page = open_page(f"papers/explorer.html{query}")
    page.wait_for_function(
        "() => /entries/.test(document.getElementById('explorer-count').innerText)"
    )
    keys = page.eval_on_selector_all(
        "#explorer-table tbody tr td:first-child a",
        "links => links.map(a => a.getAttribute('href').replace('.html', ''))",
    )
    return page, keys


def test_a_linked_explorer_view_shows_exactly_its_papers(
    open_page: Any, collection: Collection
) -> None:
    """'Orals and spotlights ... with code': one link, the rows the data gives, and every
    change of a filter or the sort kept in the address."""
    wanted = sorted(
        p.key
        for p in collection.papers
        if p.is_neurips2025
        and p.presentation == "poster"
        and p.code
        and any(k.startswith("compression/") for k in p.keywords)
    )
    assert wanted, "the data has no poster with code in Compression"
    page, keys = _explorer_rows(open_page, "?c=compression&pr=poster&code=1")
    assert sorted(keys) == wanted
    assert page.locator("#explorer-count").inner_text() == (
        f"{len(wanted)} of {len(collection.papers)} entries match."
    )
    assert page.locator("#explorer-c").input_value() == "compression"
    # Words narrow it, and the address follows.
    word = "".join(c for c in collection.by_key()[wanted[0]].title.split()[0] if c.isalnum())
    page.fill("#explorer-q", word)
    param = "name => new URLSearchParams(location.search).get(name)"
    assert page.evaluate(param, "q") == word
    shown = page.eval_on_selector_all("#explorer-table tbody tr", "rows => rows.length")
    assert 1 <= shown <= len(wanted)
    # Sorting by authors, then back: the address says so and the order changes to match.
    page.click('button[data-sort="a"]')
    assert page.evaluate(param, "s") == "a"
    assert page.locator('th[aria-sort="ascending"] button').inner_text() == "Authors"
    page.click('button[data-sort="a"]')
    assert page.evaluate(param, "d") == "desc"
    # Clear shows everything again.
    page.click('button[type="reset"]')
    page.wait_for_function(
        "n => document.querySelectorAll('#explorer-table tbody tr').length === n",
        arg=len(collection.papers),
    )
    assert page.locator("#explorer-count").inner_text() == (
        f"All {len(collection.papers)} entries."
    )


def test_a_category_page_links_to_its_explorer_view(open_page: Any, collection: Collection) -> None:
    page = open_page("papers/inference.html")
    page.get_by_role("link", name="the explorer").first.click()
    page.wait_for_function(
        "() => /entries/.test(document.getElementById('explorer-count').innerText)"
    )
    members = collection.in_category("inference")
    assert page.locator("#explorer-count").inner_text() == (
        f"{len(members)} of {len(collection.papers)} entries match."
    )
