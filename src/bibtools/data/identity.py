"""What makes two entries the same paper, and the rule that each paper appears once
(``duplicate-key``, ``duplicate-paper``); shared by the rules and ``bibtools add``."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator

from bibtools.data.model import Collection, Paper
from bibtools.errors import Problem


def identities(paper: Paper) -> tuple[tuple[str, str], ...]:
    """What makes two entries the same paper: (kind, value) for each value the entry has.
    Shared by the ``duplicate-paper`` rule and ``bibtools add``."""
    found = (
        ("title", title_identity(paper.title)),
        ("arXiv id", paper.eprint),
        ("OpenReview id", paper.openreview),
    )
    return tuple((kind, value) for kind, value in found if value)


def title_identity(title: str) -> str:
    """A title as compared for duplicates: NFC (an "é" typed as e + accent is the same
    title), case folded, only its letters and digits (of any script) kept."""
    folded = unicodedata.normalize("NFC", unicodedata.normalize("NFC", title).casefold())
    return re.sub(r"[\W_]", "", folded)


def check_duplicates(c: Collection) -> Iterator[Problem]:
    by_key: dict[str, list[Paper]] = defaultdict(list)
    for paper in c.papers:
        by_key[paper.key.lower()].append(paper)
    for group in by_key.values():
        first = group[0]
        for other in group[1:]:
            yield Problem(
                other.path,
                other.line,
                "duplicate-key",
                f"key '{other.key}' is already used at {first.path}:{first.line}; "
                "each paper appears once in bib/",
            )
    seen: dict[tuple[str, str], Paper] = {}
    for paper in c.papers:
        for kind, value in identities(paper):
            earlier = seen.setdefault((kind, value), paper)
            if earlier is not paper and earlier.key.lower() != paper.key.lower():
                yield Problem(
                    paper.path,
                    paper.line,
                    "duplicate-paper",
                    f"{paper.key}: same {kind} as '{earlier.key}' ({earlier.path}:{earlier.line}); "
                    "keep one entry and merge the keywords",
                )
