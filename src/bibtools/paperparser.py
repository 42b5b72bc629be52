"""The Sphinx parser of paper pages (``papers/<key>.paper``, written by
:func:`bibtools.site.pages.paper.page_source`).

There is a page per paper, so what Sphinx does once per document is paid once per paper:
MyST's parse of a paper page (its Markdown tokens, its front matter's YAML, its own docutils
settings) was a third of the page's cost. This parser builds the same doctree MyST built
from the same content, directly: the label as the explicit name of the page's section,
the title and headings as sections (the page's title, its table of contents, its
search title), each block a raw HTML node (in a ``no-search`` container when the search
index must not read it), and ``orphan`` in the page's docinfo. Labels, the intersphinx
inventory, search entries and the HTML are those of the MyST page.
"""

from __future__ import annotations

import json
from typing import Any

from docutils import nodes
from sphinx.parsers import Parser

FORMAT = "bibtools-paper"  #: the source format's name (Sphinx's source_suffix value)


class PaperParser(Parser):
    supported = (FORMAT,)

    def parse(self, inputstring: str, document: nodes.document) -> None:
        self.setup_parse(inputstring, document)
        try:
            page = json.loads(inputstring)
            label, title = nodes.make_id(str(page["label"])), str(page["title"])
            intro, sections = page["intro"], page["sections"]
        except (ValueError, KeyError, TypeError) as err:
            # Only a hand-edited page gets here (a build regenerates edited pages first).
            message = f"not a paper page written by bibtools: {err}"
            document += document.reporter.error(message, line=1)
            self.finish_parse()
            return
        orphan = nodes.field("", nodes.field_name("", "orphan"), nodes.field_body())
        document += nodes.docinfo("", orphan)
        page_section = _section(document, title)
        # The label names the page's section, its id first (as after docutils propagates a
        # target placed before a heading): the anchor links and the inventory point at.
        page_section["ids"].insert(0, label)
        page_section["names"].append(label)
        document.ids[label] = page_section
        document.nameids[label] = label
        document.nametypes[label] = True  # explicit: a Sphinx label
        _add_blocks(page_section, intro)
        for section in sections:
            part = _section(document, str(section["heading"]))
            _add_blocks(part, section["blocks"])
            page_section += part
        document += page_section
        self.finish_parse()


def _section(document: nodes.document, title: str) -> nodes.section:
    """A section titled ``title``, its id and name from the title (as MyST makes them)."""
    section = nodes.section("", nodes.title(title, title))
    section["names"].append(nodes.fully_normalize_name(title))
    document.note_implicit_target(section, section)
    return section


def _add_blocks(section: nodes.section, blocks: list[dict[str, Any]]) -> None:
    for block in blocks:
        raw = nodes.raw("", str(block["html"]), format="html")
        section += (
            raw if block.get("searched", True) else nodes.container("", raw, classes=["no-search"])
        )
