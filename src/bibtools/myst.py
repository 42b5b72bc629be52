"""Safe building blocks for MyST Markdown: text from BibTeX never becomes markup.

Every ASCII punctuation character is backslash-escaped (CommonMark allows escaping any of
them), so ``<script>``, backticks, ``{``, ``$``, ``:::`` and ``(label)=`` all print literally.
"""

from __future__ import annotations

import re
import string

_PUNCTUATION = frozenset(string.punctuation)
_SPACE = re.compile(r"\s+")


def escape(text: str) -> str:
    """Literal text for a MyST paragraph, heading, table cell or link text (one line)."""
    flat = _SPACE.sub(" ", text).strip()
    return "".join("\\" + char if char in _PUNCTUATION else char for char in flat)


def link(text: str, url: str) -> str:
    """A Markdown link; ``url`` is validated (https, no spaces) but still percent-guarded."""
    safe = url.replace("<", "%3C").replace(">", "%3E").replace(" ", "%20")
    return f"[{escape(text)}](<{safe}>)"


def fence(content: str, language: str = "") -> str:
    """A fenced code block whose fence is longer than any backtick run inside it."""
    longest = max((len(run) for run in re.findall(r"`+", content)), default=0)
    marker = "`" * max(3, longest + 1)
    return f"{marker}{language}\n{content.rstrip()}\n{marker}\n"


def role(name: str, target: str) -> str:
    """An inline role whose target is ours (a label or slug), never BibTeX text."""
    if not re.fullmatch(r"[A-Za-z0-9_./#:-]+", target):
        raise ValueError(f"unsafe role target: {target!r}")
    return f"{{{name}}}`{target}`"


def anchor_slug(text: str) -> str:
    """A stable ASCII id fragment."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
