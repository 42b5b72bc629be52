"""The URL scheme: relative links between pages, and no folder or page name outside urls.py."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from bibtools.site.urls import (
    AUTHORS_DOC,
    author_labels,
    href,
    paper_doc,
    paper_key,
    part_doc,
    source,
)
from conftest import check_collection, entry

SRC = Path(__file__).resolve().parents[1] / "src" / "bibtools"


@pytest.mark.parametrize(
    ("here", "there", "link"),
    [
        ("papers/bob2025fast", "papers/authors/a.html#author-x", "authors/a.html#author-x"),
        ("papers/authors/a", "papers/bob2025fast.html", "../bob2025fast.html"),
        ("papers/authors", "papers/", ""),
        ("papers/authors/ab", "papers/", "../"),
        ("papers/inference", "papers/inference/serving/f.html#k", "inference/serving/f.html#k"),
        ("papers/downloads", "downloads/all.bib", "../downloads/all.bib"),
        ("papers/downloads", "feed.xml", "../feed.xml"),
        ("index", "papers/inference.html", "papers/inference.html"),
    ],
)
def test_href_is_the_relative_link_between_served_paths(here: str, there: str, link: str) -> None:
    assert href(here, there) == link


def test_documents_and_their_sources() -> None:
    assert part_doc(AUTHORS_DOC, "") == "papers/authors"
    assert part_doc(AUTHORS_DOC, "ab") == "papers/authors/ab"
    assert source("papers/inference/serving") == "inference/serving.md"
    assert paper_key(paper_doc("bob2025fast")) == "bob2025fast"
    assert paper_key("papers/inference/serving") == paper_key("index") == ""


def _strings(path: Path) -> list[tuple[int, str]]:
    """The string constants of a module, f-strings' literal parts included, docstrings not."""
    tree = ast.parse(path.read_text("utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        if id(node) not in docstrings
    ]


# A folder or page of the site written as a literal: papers/..., .html, .md, feed.xml, _extra.
URL_LITERAL = re.compile(r"(^|[^\w<])(papers/|_extra\b|feed\.xml)|\w?\.(html|md)\b")
# urls.py declares the scheme; myst.py writes a document link as MyST spells it (/<doc>.md).
SCHEME = {"site/urls.py", "site/myst.py"}
MODULES = sorted(
    p
    for p in [*SRC.glob("site/**/*.py"), SRC / "sphinxext.py", SRC / "cli.py"]
    if str(p.relative_to(SRC)) not in SCHEME
)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_no_url_outside_the_scheme(path: Path) -> None:
    found = [(line, text) for line, text in _strings(path) if URL_LITERAL.search(text)]
    assert found == [], f"{path.name}: write these with bibtools.site.urls: {found}"


def test_the_guard_finds_a_literal_path(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text(
        '"""Docs may say papers/x.html."""\nX = f"{y}/authors.html"\nZ = "papers/a"\n'
    )
    assert sorted(line for line, text in _strings(module) if URL_LITERAL.search(text)) == [2, 3]


def test_author_labels_number_names_that_fold_alike_in_order() -> None:
    """Names that fold alike ('A 丁' and 'A 七' both to 'author-a') are numbered -2, -3, ...
    in index order, skipping a label a real name took first ('A 2' is author-a-2)."""
    names = ["Qiu, Zihan", "A, 2", "A, 丁", "A, 七", "A, 万", "丁, 一", "丁, 七"]
    labels = author_labels(check_collection(entry(author=" and ".join(names))))
    assert {author.display: label for author, label in labels.items()} == {
        "Zihan Qiu": "author-qiu-zihan",
        "2 A": "author-a-2",
        "丁 A": "author-a",
        "七 A": "author-a-3",
        "万 A": "author-a-4",
        "一 丁": "author-x",
        "七 丁": "author-x-2",
    }
