"""The one drift line both checks print: ``path:line: drift: <key>: <field>: bib has …,
<source> has …`` (``bibtools verify`` against OpenReview and arXiv, and ``bibtools verify
--listing`` against a conference listing). Pure."""

from __future__ import annotations

import re
import unicodedata

from bibtools.data.model import Paper
from bibtools.errors import Problem

# Typographic quotes and dashes differ between sources without the text differing.
_FOLD = str.maketrans(
    {"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "‐": "-", "‑": "-"}
)


def comparable(text: str) -> str:
    """A title or name as both checks compare it: NFKC, typographic quotes and dashes
    folded, one space."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text).translate(_FOLD)).strip()


def quote(text: str) -> str:
    """A value as a drift line shows it: in double quotes, inner quotes escaped."""
    return '"' + text.replace('"', '\\"') + '"'


def drift_problem(
    paper: Paper, field: str, bib: str, found: str, source: str, code: str = "drift"
) -> Problem:
    """The drift of ``paper``'s ``field``, at that field's line (``code`` ``fixed``: the
    entry *had* ``bib``)."""
    had = "had" if code == "fixed" else "has"
    message = f"{paper.key}: {field}: bib {had} {bib}, {source} has {found}"
    return Problem(paper.path, paper.line_of(field), code, message)
