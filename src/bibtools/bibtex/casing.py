"""Title case in BibTeX: which words a bibliography style would lower-case but must not.

Styles lower-case every title letter outside braces except the first. A word with a capital
after the first letter of one of its hyphen-separated parts (``LLM``, ``SageAttention3``,
``vLLM``, ``KV-Cache``) must therefore stand in braces; ordinary title case
(``Long-Context``) need not. The ``title-case`` rule reports such words, and ``bibtools add``
protects them, through the same two functions.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# A brace, or a word: a letter or digit, then letters, digits and hyphens (``[^\W_]`` is
# exactly str.isalnum). One match per token, not a step per character: this was most of
# the title-case rule's time.
_TOKEN = re.compile(r"[{}]|[^\W_](?:[^\W_]|-)*")


def _words(value: str) -> Iterator[tuple[int, int]]:
    """Start and end offsets of the words outside braces (letters, digits, inner hyphens)."""
    depth = 0
    for token in _TOKEN.finditer(value):
        text = token.group()
        if text == "{":
            depth += 1
        elif text == "}":
            depth = max(0, depth - 1)
        elif depth == 0:
            yield token.start(), token.start() + len(text.rstrip("-"))


def _needs_braces(word: str) -> bool:
    if word[1:].islower():  # the common case: no capital after the first letter
        return False
    return any(char.isupper() for part in word.split("-") for char in part[1:])


# An ASCII capital right after a letter or digit, and an innermost braced group: a word
# that needs braces has such a pair outside every group, so a title without one outside
# the groups has none (nearly every title: checked without walking its words).
_INNER_CAPITAL = re.compile(r"[A-Za-z0-9][A-Z]")
_INNERMOST_GROUP = re.compile(r"\{[^{}]*\}")


def unprotected_words(value: str) -> list[str]:
    """Words of a BibTeX title value that need braces, each once, in order."""
    if value.isascii() and not _INNER_CAPITAL.search(_INNERMOST_GROUP.sub(" ", value)):
        return []
    found = [value[a:b] for a, b in _words(value) if _needs_braces(value[a:b])]
    return list(dict.fromkeys(found))


def protect_words(value: str) -> str:
    """``value`` with every word that needs braces put in braces."""
    out: list[str] = []
    cursor = 0
    for start, end in _words(value):
        if _needs_braces(value[start:end]):
            out += [value[cursor:start], "{", value[start:end], "}"]
            cursor = end
    return "".join(out) + value[cursor:]
