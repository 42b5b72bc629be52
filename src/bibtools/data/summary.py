"""The summary (``annote``): a small markup text that knows how to render itself.

Two constructs: ``**bold**`` for the headline number and ``[@key]`` for a link to another
entry; everything else is literal text. Like the ACL Anthology library's markup text, the
value renders itself into each output format through a small :class:`SpanFormat`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple, Protocol

CROSS_REF = re.compile(r"\[@([A-Za-z0-9_:-]+)\]")
_TOKEN = re.compile(r"\*\*(.+?)\*\*|\[@([A-Za-z0-9_:-]+)\]")


class Span(NamedTuple):
    kind: str  # "text", "bold" or "ref"
    value: str  # the text, or the key for "ref"


class SpanFormat(Protocol):
    """How one output format writes each kind of span."""

    def text(self, value: str) -> str: ...
    def bold(self, value: str) -> str: ...
    def ref(self, key: str) -> str: ...


@dataclass(frozen=True)
class Summary:
    """A summary as written in ``annote`` (LaTeX already decoded)."""

    source: str

    @property
    def spans(self) -> tuple[Span, ...]:
        spans: list[Span] = []
        cursor = 0
        for match in _TOKEN.finditer(self.source):
            if match.start() > cursor:
                spans.append(Span("text", self.source[cursor : match.start()]))
            if match.group(1) is not None:
                spans.append(Span("bold", match.group(1)))
            else:
                spans.append(Span("ref", match.group(2)))
            cursor = match.end()
        if cursor < len(self.source):
            spans.append(Span("text", self.source[cursor:]))
        return tuple(spans)

    @property
    def refs(self) -> tuple[str, ...]:
        """Keys of the entries the summary links to, in order."""
        return tuple(m.group(1) for m in CROSS_REF.finditer(self.source))

    @property
    def plain(self) -> str:
        """Plain text: bold unmarked, references as their keys (for counts and search)."""
        return "".join(span.value for span in self.spans)

    @property
    def word_count(self) -> int:
        return len(self.plain.split())

    def render(self, fmt: SpanFormat) -> str:
        parts: list[str] = []
        for span in self.spans:
            if span.kind == "bold":
                parts.append(fmt.bold(span.value))
            elif span.kind == "ref":
                parts.append(fmt.ref(span.value))
            else:
                parts.append(fmt.text(span.value))
        return "".join(parts)

    def __bool__(self) -> bool:
        return bool(self.source)
