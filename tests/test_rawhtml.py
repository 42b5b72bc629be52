"""Raw HTML for generated pages (site.rawhtml): escaped text, and the markup Sphinx and
sphinx-design write for the same content."""

from __future__ import annotations

from html import unescape
from html.parser import HTMLParser

import pytest
from sphinx.highlighting import PygmentsBridge

from bibtools.site import rawhtml


class _Elements(HTMLParser):
    """The start tags and the text of an HTML fragment, as a browser would read them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text += data


def read(fragment: str) -> _Elements:
    parser = _Elements()
    parser.feed(fragment)
    parser.close()
    return parser


@pytest.mark.parametrize(
    "value",
    [
        "<script>alert(1)</script>",
        "C&C and &amp; and &#60; and &copy",
        "Why 1 + 1 < 1 > 0",
        "\"quoted\" 'single' `ticks` {braces} $5 (label)= :::{note}",
        "<img src=x onerror=alert(1)>",
    ],
)
def test_text_reads_back_as_the_same_characters_and_no_element(value: str) -> None:
    parsed = read(rawhtml.paragraph(rawhtml.text(value)))
    assert parsed.tags == [("p", {})]
    assert parsed.text == value


def test_text_writes_no_reference_the_search_index_would_read_as_a_word() -> None:
    # Sphinx's indexer strips tags from raw HTML but keeps entities: "&amp;" would index
    # "amp". Only what must be escaped is.
    assert (
        rawhtml.text('Tools & tricks, Adam\'s "rule" > 1') == 'Tools & tricks, Adam\'s "rule" > 1'
    )
    assert rawhtml.text("AT&T <b>") == "AT&amp;T &lt;b>"


def test_attributes_and_targets() -> None:
    link = rawhtml.external('Say "hi" <now>', 'https://example.org/?a=1&b="2"')
    parsed = read(link)
    assert parsed.tags == [
        ("a", {"class": "reference external", "href": 'https://example.org/?a=1&b="2"'})
    ]
    assert parsed.text == 'Say "hi" <now>'
    with pytest.raises(ValueError, match="unsafe link target"):
        rawhtml.internal('x.html" onclick="alert(1)', "x")
    with pytest.raises(ValueError, match="unsafe link target"):
        rawhtml.tabs([("APA", "apa x", "")], "cite-styles")


@pytest.mark.parametrize(
    ("source", "language"),
    [
        ('@inproceedings{k,\n  title = {{A&B}: <x> "q" it\'s},\n}\n', "bibtex"),
        ("An, K., & Zhang, T. (2025). <script>alert(1)</script> “x”.\n", "text"),
    ],
)
def test_code_is_highlighted_as_sphinx_highlights_it(source: str, language: str) -> None:
    """The same elements and classes, the same text, as Sphinx's own highlighter writes
    for a fenced block of that language (character references aside)."""
    ours = rawhtml.code(source, language)
    sphinx = PygmentsBridge("html").highlight_block(source, language)
    assert ours.startswith(f'<div class="highlight-{language} notranslate"><div class="highlight">')
    assert read(ours).tags[1:] == read(sphinx).tags
    assert read(ours).text == read(sphinx).text == unescape(read(sphinx).text)
    assert "&#39;" not in ours and "&quot;" not in ours


def test_tabs_are_sphinx_designs_markup() -> None:
    tabs = rawhtml.tabs([("APA", "apa", "<p>one</p>"), ("IEEE", "ieee", "<p>two</p>")], "cite")
    tags = read(tabs).tags
    assert tags[0] == ("div", {"class": "sd-tab-set cite docutils"})
    inputs = [attrs for tag, attrs in tags if tag == "input"]
    assert [i["id"] for i in inputs] == ["sd-tab-item-0", "sd-tab-item-1"]
    assert "checked" in inputs[0] and "checked" not in inputs[1]
    labels = [attrs for tag, attrs in tags if tag == "label"]
    assert [(x["for"], x["data-sync-id"]) for x in labels] == [
        ("sd-tab-item-0", "apa"),
        ("sd-tab-item-1", "ieee"),
    ]
