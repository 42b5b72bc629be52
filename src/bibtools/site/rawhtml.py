"""Raw HTML for generated pages: the markup docutils, Sphinx and sphinx-design write for
the same content, built here as one raw node per block.

Why: Sphinx pays for every docutils node of a page (a dozen transforms walking them, the
HTML writer) and a paper page is written once per paper. A paper page is a few raw HTML
blocks under its headings (bibtools.paperparser reads them), which costs a fraction of the
same page as MyST (benchmarks/README.md); the headings still give it its title, label,
table of contents and search title. Sphinx's indexer reads the text of raw HTML too, so
the words a reader can search for stay the same.

The rules of this module:

- Text from BibTeX never becomes markup: :func:`text` escapes it for HTML (``<`` always,
  ``&`` where it could start a character reference; Sphinx's indexer reads raw HTML without
  decoding entities, so no other character is written as one).
- Attributes are escaped with quotes; URLs were validated as http(s) (data.rules) and are
  escaped anyway; link targets inside the site are paths and labels of ours
  (:func:`target`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name

from bibtools.site import myst

_SPACE = re.compile(r"\s+")
_REFERENCE_START = re.compile(r"&(?=[A-Za-z0-9#])")
_TARGET = re.compile(r"[A-Za-z0-9_./#:-]*")
_FORMATTER = HtmlFormatter()  # Sphinx's own settings for HTML: classes, no line numbers


def text(value: str) -> str:
    """Text content, on one line, escaped (see the module)."""
    one_line = _SPACE.sub(" ", value).strip()
    return _REFERENCE_START.sub("&amp;", one_line).replace("<", "&lt;")


def attribute(value: str) -> str:
    """An attribute's value, escaped with its quotes (the one escaping raw HTML attributes
    of the site use, :func:`bibtools.site.myst.html_text`)."""
    return myst.html_text(value)


def target(value: str) -> str:
    """A relative URL of ours (a path, perhaps with a ``#label``); never BibTeX text."""
    if not _TARGET.fullmatch(value):
        raise ValueError(f"unsafe link target: {value!r}")
    return value


def paragraph(content: str) -> str:
    return f"<p>{content}</p>"


def emphasis(content: str) -> str:
    return f"<em>{content}</em>"


def strong(content: str) -> str:
    return f"<strong>{content}</strong>"


def external(label: str, url: str) -> str:
    """A link out of the site, as docutils writes it (``label`` is escaped here)."""
    return f'<a class="reference external" href="{attribute(url)}">{text(label)}</a>'


def internal(href: str, content: str) -> str:
    """A link to a page of the site; ``content`` is HTML already."""
    return f"{myst.html_link_start(href)}{content}</a>"


def doc_link(href: str, title: str) -> str:
    """A link to a document, as Sphinx writes a resolved ``{doc}`` reference."""
    return internal(href, f'<span class="std std-doc">{text(title)}</span>')


def ref_link(href: str, title: str) -> str:
    """A link to a label, as Sphinx writes a resolved ``{ref}`` reference."""
    return internal(href, f'<span class="std std-ref">{text(title)}</span>')


def bullets(items: Sequence[str]) -> str:
    """A bullet list of short items (HTML already), as docutils writes a simple list."""
    rows = "\n".join(f"<li><p>{item}</p></li>" for item in items)
    return f'<ul class="simple">\n{rows}\n</ul>'


# Pygments writes these characters as references; in text they need none (see text()).
_PYGMENTS_REFERENCES = {"&quot;": '"', "&#39;": "'", "&gt;": ">"}


def code(content: str, language: str) -> str:
    """A code block highlighted as Sphinx highlights a fenced block of ``language``."""
    highlighted = highlight(content.rstrip() + "\n", get_lexer_by_name(language), _FORMATTER)
    for reference, char in _PYGMENTS_REFERENCES.items():
        highlighted = highlighted.replace(reference, char)
    highlighted = re.sub(r"&amp;(?![A-Za-z0-9#])", "&", highlighted)
    return f'<div class="highlight-{language} notranslate">{highlighted}</div>'


def tabs(items: Sequence[tuple[str, str, str]], css_class: str) -> str:
    """A sphinx-design tab set (its markup, the first tab shown; one set per page): items
    are (label of ours, sync id of ours, content as HTML)."""
    out = [f'<div class="sd-tab-set {target(css_class)} docutils">']
    for number, (label, sync, content) in enumerate(items):
        item = f"sd-tab-item-{number}"
        checked = 'checked="checked" ' if number == 0 else ""
        out.append(f'<input {checked}id="{item}" name="sd-tab-set-0" type="radio">')
        out.append(
            f'<label aria-controls="{item}-content" class="sd-tab-label" '
            f'data-sync-group="tab" data-sync-id="{target(sync)}" for="{item}">'
        )
        out.append(
            f'{text(label)}</label><div class="sd-tab-content docutils" id="{item}-content">'
        )
        out += [content, "</div>"]
    out.append("</div>")
    return "\n".join(out)
