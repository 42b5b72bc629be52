"""The paper-page parser (bibtools.paperparser) builds the doctree MyST built from the same
page: the label on the page's section, headings as sections, raw HTML blocks, ``orphan``.
The built pages are compared with the reader's view in test_site.py; this is the doctree."""

from __future__ import annotations

from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.utils import new_document

from bibtools.paperparser import PaperParser
from bibtools.site.pages.paper import Block, page_source


def parse(text: str) -> nodes.document:
    parser = PaperParser()
    settings = get_default_settings(parser)
    settings.report_level = 5  # keep messages in the tree, print none
    document = new_document("papers/k2025x.paper", settings)
    parser.parse(text, document)
    return document


SOURCE = page_source(
    "k2025x",
    "Summary: <b>not bold</b> & “quoted”",
    [Block("<p>intro</p>")],
    [
        ("Summary", [Block("<p>words</p>")]),
        ("Sources and data notes", [Block("<ul><li>note</li></ul>", searched=False)]),
    ],
)


def test_the_label_names_the_pages_section_and_the_title_is_text() -> None:
    document = parse(SOURCE)
    docinfo, section = document.children
    assert isinstance(docinfo, nodes.docinfo) and docinfo.astext().strip() == "orphan"
    assert isinstance(section, nodes.section)
    assert section["ids"] == ["k2025x", "summary-b-not-bold-b-quoted"]
    assert document.nametypes["k2025x"] is True  # explicit: a Sphinx label
    assert document.ids["k2025x"] is section
    title = section[0]
    assert isinstance(title, nodes.title)
    assert title.astext() == "Summary: <b>not bold</b> & “quoted”"  # a text node: escaped
    assert not list(title.findall(nodes.raw))


def test_headings_are_sections_and_blocks_raw_html() -> None:
    section = parse(SOURCE).children[1]
    raw, summary, notes = section[1:]
    assert isinstance(raw, nodes.raw) and raw["format"] == "html"
    assert raw.astext() == "<p>intro</p>"
    # A heading that repeats the page title's id gets an id of its own.
    assert summary["ids"] == ["summary"] and summary[0].astext() == "Summary"
    assert isinstance(summary[1], nodes.raw)
    container = notes[1]
    assert isinstance(container, nodes.container) and container["classes"] == ["no-search"]
    assert container[0].astext() == "<ul><li>note</li></ul>"


def test_a_page_that_is_not_ours_is_one_located_error() -> None:
    for text in ("", "{", '{"label": "k"}', "[1, 2]"):
        document = parse(text)
        messages = list(document.findall(nodes.system_message))
        assert [m["level"] for m in messages] == [3], text  # an error, not a traceback
        assert "not a paper page written by bibtools" in messages[0].astext()
        assert messages[0]["line"] == 1
