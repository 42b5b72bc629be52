"""The citation-key scheme: <first author's last name><year><first significant title word>."""

from __future__ import annotations

import re

from bibtools.bibtex.latex import ascii_fold
from bibtools.data.model import Paper

STOPWORDS = frozenset(
    {
        "a", "an", "the", "on", "of", "for", "to", "in", "and", "via", "with", "is", "are",
        "at", "by", "from", "toward", "towards", "how", "why", "what", "when", "do", "does",
        "can",
    }
)  # fmt: skip


def _ascii_alnum(text: str, digits: bool) -> str:
    folded = ascii_fold(text).lower()
    return re.sub(r"[^a-z0-9]" if digits else r"[^a-z]", "", folded)


def expected_key(paper: Paper) -> str:
    """The key the scheme gives ``paper`` (without a collision letter); '' if undefined."""
    # An entry with no known author (only allowed for unconfirmed items) uses "anon".
    last = _ascii_alnum(paper.authors[0].last, digits=False) if paper.authors else "anon"
    word = ""
    for token in paper.title.split():
        if token.lower().strip(":,.;!?") in STOPWORDS:
            continue
        word = _ascii_alnum(token, digits=True)
        if word:
            break
    if not (last and paper.year.isascii() and paper.year and word):  # a key is ASCII
        return ""
    return f"{last}{paper.year}{word}"


def key_matches_scheme(key: str, expected: str) -> bool:
    """The key is the scheme's, or the scheme's plus one collision letter b-z."""
    return key == expected or (
        key[:-1] == expected and len(key) == len(expected) + 1 and "b" <= key[-1] <= "z"
    )
