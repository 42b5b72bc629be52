"""The reader's experience of the built site, in Chromium (GitHub issue 14)."""

from __future__ import annotations

import re
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


def _results_and_notes(open_page: Any, query: str) -> tuple[set[str], str]:
    page = open_page(f"search.html?q={quote(query)}")
    page.wait_for_function(
        "() => document.querySelector('#search-results h2')?.innerText === 'Search Results'"
    )
    links = page.eval_on_selector_all(
        "#search-results ul.search li a", "links => links.map(a => a.getAttribute('href'))"
    )
    return set(links), page.inner_text("#search-results")


@pytest.mark.parametrize("query", ["Hao Zhang", "Michal Bortkiewicz", "Michał Bortkiewicz"])
def test_an_author_query_finds_that_authors_papers_and_no_others(
    open_page: Any, collection: Collection, query: str
) -> None:
    """Both words in the same author: "Hao Zhang" is not "Zhou, Hao" and "Zhang, Zheng" on
    one paper. Names are folded fully ("Michal" is Michał: anyascii, not accent stripping)."""
    from anyascii import anyascii

    wanted = fold(anyascii(query)).split()
    papers = {
        f"papers/{p.key}.html"
        for p in collection.papers
        if any(fold(anyascii(a.display)).split() == wanted for a in p.authors)
    }
    assert papers  # the query names an author of the collection
    words = fold(query).split()
    loose = {
        p.key
        for p in collection.papers
        if all(any(w in fold(a.display).split() for a in p.authors) for w in words)
    }
    links, text = _results_and_notes(open_page, query)
    assert links == papers
    assert f"The papers of the author named \u201c{query}\u201d" in text
    if query == "Hao Zhang":  # the words alone are on more papers than the name is
        assert len(loose) > len(papers)


def test_the_browser_folds_a_query_as_the_names_file_was_folded(open_page: Any) -> None:
    """``Scorer.fold`` (site/search-scorer.js) and ``search_names.fold`` agree, or a name
    typed in the search box would miss its entry in search-authors.js."""
    from bibtools.site.search_names import fold as python_fold

    names = ["Michał Bortkiewicz", "Jörg Müller-Lüdenscheidt", "Ὀδυσσεύς X", "d'Angelo, F. _x"]
    page = open_page("search.html?q=x")
    assert page.evaluate("names => names.map(Scorer.fold)", names) == list(map(python_fold, names))


def test_a_query_that_matches_nothing_says_so(open_page: Any) -> None:
    links, text = _results_and_notes(open_page, "Tri Dao")  # not an author here
    assert not links
    assert "Your search did not match any documents" in text


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


@pytest.mark.parametrize(("style", "starts"), [("APA", "Qiu, Z., Wang, Z."), ("IEEE", "Z. Qiu")])
def test_a_citation_style_is_one_tab_and_one_click_away(
    open_page: Any, style: str, starts: str
) -> None:
    """Under *Cite*: a tab per style (citeproc-py), its reference copied by its button."""
    page = open_page(f"papers/{PAPER}.html", permissions=["clipboard-read", "clipboard-write"])
    tabs = page.locator(".cite-styles")
    tabs.locator("label", has_text=style).click()
    block = tabs.locator(".sd-tab-content:visible .highlight")
    block.hover()
    block.locator("button.copybtn").click()
    page.wait_for_function("() => navigator.clipboard.readText().then(t => t.length > 0)")
    text = page.evaluate("() => navigator.clipboard.readText()")
    assert text.startswith(starts) and "Gated Attention for Large Language Models" in text
    assert "\n" not in text.strip()


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


# The explorer has drawn its table: its count says "All 519 entries." or "20 of 519 entries
# match." ("Loading the entries…" before, which a bare /entries/ matched: a flaky wait).
EXPLORER_LOADED = "() => /\\d entries/.test(document.getElementById('explorer-count').innerText)"


def _explorer_rows(open_page: Any, query: str) -> tuple[Any, list[str]]:
    page = open_page(f"papers/explorer.html{query}")
    page.wait_for_function(EXPLORER_LOADED)
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
    page.wait_for_function(EXPLORER_LOADED)
    members = collection.in_category("inference")
    assert page.locator("#explorer-count").inner_text() == (
        f"{len(members)} of {len(collection.papers)} entries match."
    )


def test_a_papers_neighbours_are_one_step_away(open_page: Any, collection: Collection) -> None:
    """From a paper's page: 'Next' opens the next paper of its topic's list, and the
    other papers of the topic open in one click, each with its presentation and claim."""
    from bibtools.site.layout import highlight_rank

    paper = collection.by_key()[PAPER]
    order = sorted(collection.in_topic(paper.keywords[0]), key=highlight_rank)
    at = [p.key for p in order].index(PAPER)
    page = open_page(f"papers/{PAPER}.html")
    section = page.locator("#in-its-topic")
    peers = section.locator("details.topic-peers")
    assert not peers.locator("ul").is_visible()  # closed until asked for
    peers.locator("summary").click()
    lines = peers.locator("li").all_inner_texts()
    assert len(lines) == len(order) - 1
    for other, line in zip([p for p in order if p.key != PAPER], lines, strict=True):
        assert line.startswith(other.shortname or other.title)
        if other.tldr:
            assert line.endswith(other.tldr)
    if at + 1 < len(order):
        following = order[at + 1]
        section.get_by_role("link", name=following.title, exact=True).first.click()
        page.wait_for_load_state("load")
        assert page.url.endswith(f"papers/{following.key}.html")


def test_a_category_downloads_its_neurips_papers_alone(
    open_page: Any, collection: Collection
) -> None:
    """One click on a category page: the BibTeX of its NeurIPS 2025 papers, nothing else."""
    category = next(
        c
        for c in collection.taxonomy.categories
        if any(not p.is_neurips2025 for p in collection.in_category(c.slug))
    )
    page = open_page(f"papers/{category.slug}.html")
    link = page.locator(f'a[href$="downloads/{category.slug}-neurips2025.bib"]')
    with page.expect_download() as download_info:
        link.click()
    text = Path(download_info.value.path()).read_text("utf-8")
    keys = set(parse_string(text, "bibtex").entries)
    assert keys == {p.key for p in collection.in_category(category.slug) if p.is_neurips2025}


def test_a_topic_compares_its_papers_in_one_table(open_page: Any, collection: Collection) -> None:
    page = open_page("papers/inference.html")
    table = page.locator("details.comparison").first
    table.locator("summary").click()
    rows = table.locator("tbody tr")
    assert rows.count() >= 2
    first = rows.first.locator("td").all_inner_texts()
    assert len(first) == 4 and first[1]  # paper, presentation, code, claim


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_each_bar_of_the_figure_is_a_link_over_its_bar(open_page: Any, theme: str) -> None:
    """On the shown figure (each theme's), each bar's link lies inside the image, can be
    reached by keyboard and opens the explorer when clicked; at a phone's width too."""
    page = open_page("papers/statistics.html", theme=theme)
    image = page.locator("article figure img:visible")
    frame = image.bounding_box()
    spots = page.locator("article a.figure-spot:visible")
    assert spots.count() > 20
    for n in range(spots.count()):
        box = spots.nth(n).bounding_box()
        assert box["width"] > 5 and box["height"] > 5
        assert (
            frame["x"] - 1 <= box["x"]
            and box["x"] + box["width"] <= frame["x"] + frame["width"] + 1
        )
        assert (
            frame["y"] - 1 <= box["y"]
            and box["y"] + box["height"] <= frame["y"] + frame["height"] + 1
        )
    first = spots.first
    first.focus()
    assert page.evaluate("() => document.activeElement.classList.contains('figure-spot')")
    target = first.get_attribute("href")
    first.click()
    page.wait_for_load_state("load")
    assert page.url.endswith(target)  # type: ignore[arg-type]


def test_the_author_index_jumps_from_initial_to_initial(open_page: Any) -> None:
    page = open_page("papers/authors/a.html")
    jump = page.locator("p", has_text="Jump to:")
    letters = jump.locator("a").all_inner_texts()
    assert len(letters) > 10 and letters[0] == "A"
    jump.get_by_role("link", name=letters[-1], exact=True).click()
    page.wait_for_load_state("load")
    assert page.locator("h1").first.inner_text().startswith(f"Authors: {letters[-1]}")


def test_every_count_on_the_statistics_page_opens_exactly_its_papers(open_page: Any) -> None:
    """Each number of the statistics tables, and each bar of its figure, links to the
    explorer view of what it counts."""
    page = open_page("papers/statistics.html")
    links = page.eval_on_selector_all(
        "article a.explorer-link",
        "links => links.map(a => [a.innerText.trim(), a.getAttribute('href')])",
    )
    assert len(links) > 20
    bars = page.eval_on_selector_all(
        "article figure.only-light a.figure-spot",
        "links => links.map(a => [a.getAttribute('aria-label'), a.getAttribute('href')])",
    )
    assert len(bars) > 20
    # "Oral: 18 papers", "Training: 37 of 106 papers name a code repository": its count.
    counts = [re.search(r": (\d+)[^:]*$", label) for label, _ in bars]
    links += [(m.group(1), h) for m, (_, h) in zip(counts, bars, strict=True) if m]
    view = open_page("papers/statistics.html")
    wrong = []
    for number, target in links:
        view.goto(page.url.rsplit("/", 1)[0] + "/" + target)
        view.wait_for_function(EXPLORER_LOADED)
        shown = view.locator("#explorer-count").inner_text().split(" of ")[0]
        if shown != number:
            wrong.append((number, target, shown))
    assert not wrong


@pytest.mark.parametrize(("theme", "shown"), [("light", "stats.png"), ("dark", "stats-dark.png")])
def test_the_figure_matches_the_theme_and_opens_full_size(
    open_page: Any, theme: str, shown: str
) -> None:
    page = open_page("papers/statistics.html", theme=theme)
    visible = page.locator("article figure img:visible")
    assert visible.count() == 1
    assert visible.get_attribute("src").endswith(shown)  # type: ignore[union-attr]
    width = visible.evaluate("img => img.getBoundingClientRect().width")
    natural = visible.evaluate("img => img.naturalWidth")
    assert natural >= 1.5 * width  # drawn larger than shown: sharp, and more when opened
    visible.click(position={"x": 4, "y": 4})  # a corner: no bar's link there
    page.wait_for_load_state("load")
    assert page.url.endswith(f"/{shown}")
