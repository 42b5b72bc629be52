"""The only way generated pages write MyST: small builders, each with its context's escaping.

Text from BibTeX never becomes markup. In paragraphs, headings, table cells and link text
every ASCII punctuation character is backslash-escaped (CommonMark allows escaping any of
them, and MyST removes the backslash), so ``<script>``, backticks, ``{``, ``$``, ``:::`` and
``(label)=`` print literally. Role content is *not* unescaped by MyST, so a role never holds
BibTeX text: links that carry such text are Markdown links (:func:`ref`, :func:`doc`).
"""

from __future__ import annotations

import html
import re
import string

_ESCAPED = str.maketrans({char: "\\" + char for char in string.punctuation})
# The front matter of a page outside the navigation tree (``orphan``): Sphinx warns about a
# document no toctree lists, unless it says so.
ORPHAN = ("---", "orphan: true", "---", "")
_SPACE = re.compile(r"\s+")
_TARGET = re.compile(r"[A-Za-z0-9_./#:-]+")


def text(value: str) -> str:
    """Literal text for a paragraph, heading, table cell or link text (one line)."""
    return _SPACE.sub(" ", value).strip().translate(_ESCAPED)


def _target(value: str) -> str:
    """A label, document name or slug of ours; never BibTeX text."""
    if not _TARGET.fullmatch(value):
        raise ValueError(f"unsafe link target: {value!r}")
    return value


def link(label: str, url: str) -> str:
    """An external link; ``url`` was validated as http(s), and is percent-guarded anyway."""
    safe = url.replace("<", "%3C").replace(">", "%3E").replace(" ", "%20")
    return f"[{text(label)}](<{safe}>)"


def ref(label: str, title: str) -> str:
    """A link to a label anywhere in the site, showing ``title``."""
    return f"[{text(title)}](#{_target(label)})"


def doc(docname: str, title: str, suffix: str = ".md") -> str:
    """A link to a document by its absolute name (``papers/inference``) and its source's
    suffix (a paper page's is its own, see urls.PAPER_SUFFIX), showing ``title``."""
    return f"[{text(title)}](/{_target(docname)}{_target(suffix)})"


def icon(name: str) -> str:
    """A decorative octicon (inline SVG, hidden from screen readers): no emoji font needed."""
    return f"{{octicon}}`{_target(name)}`"


def html_text(value: str) -> str:
    """Text for raw HTML: escaped, on one line (a blank line would end a raw HTML block,
    and whatever followed would be read as Markdown)."""
    return html.escape(_SPACE.sub(" ", value).strip())


def html_link_start(href: str) -> str:
    """The start tag of a raw HTML link to a page of ours (a relative path and label of
    ours, never BibTeX text); what follows, up to ``</a>``, is the link's text."""
    return f'<a class="reference internal" href="{_target(href)}">'


def slug_id(value: str) -> str:
    """An id of ours for raw HTML (a key or slug): refused unless plain."""
    if not re.fullmatch(r"[a-z0-9-]+", value):
        raise ValueError(f"unsafe id: {value!r}")
    return value


def label(name: str) -> str:
    """A target line, placed before a heading."""
    return f"({_target(name)})="


def heading(level: int, title: str) -> str:
    return f"{'#' * level} {text(title)}"


def table(header: list[str], rows: list[list[str]], align: str = "") -> str:
    """A pipe table; cells are MyST already (build them with the functions above).

    ``align`` gives one character per column: ``l`` or ``r`` (default left).
    """
    marks = ["---:" if a == "r" else "---" for a in align.ljust(len(header), "l")]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(marks) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def fence(content: str, language: str = "") -> str:
    """A fenced code block whose fence is longer than any backtick run inside it."""
    longest = max((len(run) for run in re.findall(r"`+", content)), default=0)
    marker = "`" * max(3, longest + 1)
    return f"{marker}{language}\n{content.rstrip()}\n{marker}\n"


def unsearched(content: str) -> str:
    """MyST content readers see but the search index leaves out: a container of class
    ``no-search``, which Sphinx's indexer skips (long notes would otherwise answer queries
    meant for papers: "oral" matching "no oral event")."""
    longest = max((len(run) for run in re.findall(r"`+", content)), default=0)
    marker = "`" * max(3, longest + 1)
    return f"{marker}{{container}} no-search\n{content.rstrip()}\n{marker}\n"


def tabs(items: list[tuple[str, str]], css_class: str = "") -> str:
    """A sphinx-design tab set: (tab label of ours, MyST content) pairs, the first shown."""
    longest = max((len(run) for _, c in items for run in re.findall(r"`+", c)), default=0)
    inner = "`" * max(3, longest + 1)
    outer = inner + "`"
    out = [f"{outer}{{tab-set}}"]
    if css_class:
        out.append(f":class: {_target(css_class)}")
    out.append("")
    for label, content in items:
        out += [f"{inner}{{tab-item}} {label}", f":sync: {anchor_slug(label)}", ""]
        out += [content.rstrip(), inner, ""]
    return "\n".join([*out, outer]) + "\n"


def dropdown(title: str, content: str, css_class: str = "") -> str:
    """A sphinx-design dropdown, closed until opened; ``title`` is ours (not BibTeX)."""
    longest = max((len(run) for run in re.findall(r"`+", content)), default=0)
    marker = "`" * max(3, longest + 1)
    options = f":class-container: {_target(css_class)}\n" if css_class else ""
    return f"{marker}{{dropdown}} {title}\n{options}\n{content.rstrip()}\n{marker}\n"


def anchor_slug(value: str) -> str:
    """A stable ASCII id fragment."""
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
