"""The explorer's data: every entry as one row of facts, one JSON file. Pure.

The explorer page (:mod:`bibtools.site.pages.explorer`) filters and sorts these rows in the
browser (``site/static/bibtools-explorer.js``). Only facts go in, each as plain text or a
code the script maps to a label from ``facets``: nothing in it is markup, and the script
writes every value as text. Keys are short because the file grows with the collection
(about 0.3 KB a row before compression).
"""

from __future__ import annotations

import json
from typing import Any

from bibtools.data.contract import AWARDS, OTHER_TRACKS, PRESENTATIONS, TRACKS
from bibtools.data.model import Collection, Paper

#: How a row says what an item is: a NeurIPS 2025 paper, or its real kind.
NEURIPS = "neurips"


def neurips_view(
    *,
    category: str = "",
    topic: str = "",
    presentation: str = "",
    award: str = "",
    code: bool = False,
) -> dict[str, str]:
    """The explorer's URL parameters (``explorer.html?c=...``, read by bibtools-explorer.js)
    of the NeurIPS 2025 papers with these facets: the views the statistics tables' counts
    and the figure's bars open."""
    filters = {"v": NEURIPS}
    for name, value in (("c", category), ("p", topic), ("pr", presentation), ("w", award)):
        if value:
            filters[name] = value
    if code:
        filters["code"] = "1"
    return filters


def _row(paper: Paper) -> dict[str, Any]:
    row: dict[str, Any] = {
        "k": paper.key,
        "t": paper.title,
        "a": [a.display for a in paper.authors],
        "c": paper.home,
        "p": list(paper.keywords),
        "v": NEURIPS if paper.is_neurips2025 else paper.track,
    }
    if paper.more_authors:
        row["m"] = 1  # "et al.": the list is known to be incomplete
    if paper.shortname:
        row["s"] = paper.shortname
    if paper.is_neurips2025:
        row["pr"] = paper.presentation
        if paper.presentation_unconfirmed:
            row["u"] = 1
    if paper.award:
        row["w"] = paper.award
    if paper.code:
        row["code"] = paper.code
    if paper.is_listed:
        row["l"] = 1
    if paper.tldr:
        row["td"] = paper.tldr
    return row


def explorer_data(collection: Collection) -> dict[str, Any]:
    """The rows (in key order) and the labels of every facet value, in display order."""
    taxonomy = collection.taxonomy
    return {
        "facets": {
            "c": [[c.slug, c.short] for c in taxonomy.categories],
            "p": [
                [t.keyword, f"{c.short}: {t.title}"] for c in taxonomy.categories for t in c.topics
            ],
            "pr": [[name, label] for name, label in PRESENTATIONS.items()],
            "w": [[name, label] for name, label in AWARDS.items()],
            "v": [[NEURIPS, "NeurIPS 2025 paper"]] + [[k, TRACKS[k]] for k in OTHER_TRACKS],
        },
        "papers": [_row(p) for p in collection.papers],
    }


def explorer_json(collection: Collection) -> bytes:
    """The data file, deterministic: same collection, same bytes."""
    text = json.dumps(
        explorer_data(collection), ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )
    return (text + "\n").encode("utf-8")
