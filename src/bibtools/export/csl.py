"""CSL-JSON (pandoc, Zotero, citeproc processors): one item per paper.

Items follow the CSL-JSON schema (``tests/data/csl-data.json``; a test validates every
export against it). A NeurIPS 2025 paper is a ``paper-conference`` in the NeurIPS proceedings
(``container-title``) presented at ``event-title`` "NeurIPS 2025"; every other item says what
it is (see :mod:`bibtools.export.placement`): a preprint is an ``article`` published by arXiv
with its id as ``number`` (as Zotero writes preprints), a tutorial a ``speech``, a blog post a
``post-weblog``, anything else a ``document``. An unconfirmed venue is stated in ``note``.
CSL-JSON has no way to say an author list is truncated, so a list ending in "and others" is
written as far as it is known.

Text is the decoded Unicode of the model, never LaTeX; JSON escaping is ``json.dumps``'s.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterable
from functools import cache
from typing import Any

from bibtools.data.model import Author, Paper
from bibtools.export.placement import Kind, placement

CSL_TYPES: dict[Kind, str] = {
    Kind.NEURIPS: "paper-conference",
    Kind.PROCEEDINGS: "paper-conference",
    Kind.JOURNAL: "article-journal",
    Kind.PREPRINT: "article",
    Kind.TALK: "speech",
    Kind.BLOG: "post-weblog",
    Kind.OTHER: "document",
}


def csl_name(author: Author) -> dict[str, str]:
    """``{family, given}``; an organisation (no first name) as ``{literal}``."""
    if not author.first:
        return {"literal": author.last}
    return {"family": author.last, "given": author.first}


def to_csl(paper: Paper) -> dict[str, Any]:
    """One paper as a CSL-JSON item, its keys always in the same order."""
    where = placement(paper)
    item: dict[str, Any] = {
        "id": paper.key,
        "citation-key": paper.key,
        "type": CSL_TYPES[where.kind],
        "title": paper.title,
        "author": [csl_name(author) for author in paper.authors],
        "issued": {"date-parts": [[int(paper.year)]]} if paper.year.isdigit() else {},
        "container-title": where.container,
        "event-title": where.event,
        "genre": where.genre,
    }
    if where.kind is Kind.PREPRINT and paper.eprint:
        item["publisher"] = "arXiv"
        item["number"] = f"arXiv:{paper.eprint}"
    if paper.eprint:
        # Where Zotero's RIS import puts it (DB/AN), and a line Zotero moves into Extra.
        item["archive"] = "arXiv"
        item["archive_location"] = paper.eprint
    item["URL"] = paper.url
    item["note"] = "\n".join(
        n for n in (where.note, f"arXiv: {paper.eprint}" * bool(paper.eprint)) if n
    )
    return {name: value for name, value in item.items() if value}


def csl_json(items: list[dict[str, Any]]) -> bytes:
    """A CSL-JSON array as UTF-8 text: indent 2, non-ASCII kept, a trailing newline."""
    return (json.dumps(items, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


@cache
def _csl_item_text(paper: Paper) -> str:
    """One paper's CSL-JSON item as it sits in an array (indented one level). Cached: a
    paper is in several files, written in one generation."""
    return textwrap.indent(json.dumps(to_csl(paper), ensure_ascii=False, indent=2), "  ")


def csl_file(papers: Iterable[Paper]) -> bytes:
    """A CSL-JSON file of ``papers`` (a JSON array), sorted by key: the bytes
    :func:`csl_json` writes for their items (tests/test_export.py compares), each item
    encoded once."""
    items = [_csl_item_text(paper) for paper in sorted(papers, key=lambda p: p.key)]
    if not items:
        return csl_json([])
    return ("[\n" + ",\n".join(items) + "\n]\n").encode("utf-8")
