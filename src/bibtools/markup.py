"""The summary's small markup: ``**bold**`` and ``[@key]`` cross-references; all else is text."""

from __future__ import annotations

import re
from typing import NamedTuple

CROSS_REF = re.compile(r"\[@([A-Za-z0-9_:-]+)\]")
_TOKEN = re.compile(r"\*\*(.+?)\*\*|\[@([A-Za-z0-9_:-]+)\]")


class Span(NamedTuple):
    kind: str  # "text", "bold" or "ref"
    value: str  # the text, or the key for "ref"


def parse_summary(summary: str) -> tuple[Span, ...]:
    spans: list[Span] = []
    cursor = 0
    for match in _TOKEN.finditer(summary):
        if match.start() > cursor:
            spans.append(Span("text", summary[cursor : match.start()]))
        if match.group(1) is not None:
            spans.append(Span("bold", match.group(1)))
        else:
            spans.append(Span("ref", match.group(2)))
        cursor = match.end()
    if cursor < len(summary):
        spans.append(Span("text", summary[cursor:]))
    return tuple(spans)


def plain_summary(summary: str) -> str:
    """The summary as plain text (for word counts and search)."""
    return "".join(span.value for span in parse_summary(summary))


def word_count(summary: str) -> int:
    return len(plain_summary(summary).split())
