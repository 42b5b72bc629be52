"""The collection's own citation (CITATION.cff) and issue links, as the home page shows
them; a bad CITATION.cff or repository stops the build as a usage error (exit 2)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pybtex.database import parse_string

from bibtools.data.about import (
    ISSUE_TEMPLATES,
    About,
    collection_citation,
    issue_links,
    repository_url,
)
from bibtools.errors import SetupError
from bibtools.site.pages.home import home_fragment
from bibtools.site.stats import compute_stats
from conftest import FIXTURE, REPO, load_folder

ROOTS = Path(__file__).parent / "roots"
GOOD = """cff-version: 1.2.0
title: "A Collection: of Papers"
authors:
  - name: "The Maintainers"
  - given-names: Ann
    family-names: van der Berg
version: 1.0.0
date-released: 2026-11-29
license: CC-BY-4.0
"""


def test_the_repositorys_citation_file_reads() -> None:
    citation = collection_citation((REPO / "CITATION.cff").read_text("utf-8"))
    entry = parse_string(citation.to_bibtex(), "bibtex").entries["neurips25mlsys"]
    assert entry.fields["title"] == "{NeurIPS 2025: ML Systems for Large Models}"
    assert entry.persons["author"][0].last_names == ["{The neurips25-mlsys maintainers}"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("title: [unclosed", "not valid YAML"),
        ("- a list", "not a Citation File Format mapping"),
        (GOOD.replace('title: "A Collection: of Papers"\n', ""), "'title' is missing"),
        (GOOD.replace("of Papers", "of {Papers}"), "holds braces"),
        (GOOD.replace("date-released: 2026-11-29", "date-released: soon"), "'date-released'"),
        (GOOD.replace("authors:", "authors: []\nx:"), "'authors' is missing or empty"),
        (GOOD + "repository-code: javascript:alert(1)\n", "'repository-code' must be"),
    ],
)
def test_a_bad_citation_file_is_one_located_message(text: str, message: str) -> None:
    with pytest.raises(SetupError) as err:
        collection_citation(text, "docs/../CITATION.cff")
    assert err.value.path == "docs/../CITATION.cff"
    assert message in err.value.message


def test_names_are_written_whole_and_values_escaped_for_bibtex() -> None:
    citation = collection_citation(GOOD.replace("of Papers", "of Papers & Co"))
    assert citation.authors == ("The Maintainers", "Ann van der Berg")
    assert citation.text().startswith("The Maintainers & Ann van der Berg (2026).")
    entry = parse_string(citation.to_bibtex(), "bibtex").entries["neurips25mlsys"]
    assert entry.fields["title"] == r"{A Collection: of Papers \& Co}"
    assert len(entry.persons["author"]) == 2


@pytest.mark.parametrize(
    "value", ["javascript:alert(1)", "http://github.com/a/b", "https://github.com/a", "x"]
)
def test_only_an_https_repository_is_linked(value: str) -> None:
    with pytest.raises(ValueError):
        repository_url(value)


def test_issue_links_point_at_the_forms_that_exist() -> None:
    repo = repository_url("https://github.com/o/r.git")
    assert repo == "https://github.com/o/r"
    links = issue_links(repo)
    assert [url for _, url in links] == [
        f"{repo}/issues/new?template={name}" for name, _ in ISSUE_TEMPLATES
    ]
    for name, _ in ISSUE_TEMPLATES:
        assert (REPO / ".github" / "ISSUE_TEMPLATE" / name).is_file()
    assert issue_links("") == ()


def test_without_a_repository_the_home_page_links_nothing_it_cannot_vouch_for() -> None:
    collection = load_folder(FIXTURE)
    text = home_fragment(collection, compute_stats(collection), About())
    assert "open an issue in the repository this site is built from" in text
    assert "issues/new" not in text and "Cite this collection" not in text


def test_a_bad_citation_file_stops_the_build_as_a_usage_error(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-fixture", src)
    (tmp_path / "CITATION.cff").write_text("title: [unclosed\n", "utf-8")
    command = [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(src), str(tmp_path / "o")]
    command += ["-D", f"bibtools_bib_dir={FIXTURE}"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 2, result.stderr
    assert "CITATION.cff: not valid YAML" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
