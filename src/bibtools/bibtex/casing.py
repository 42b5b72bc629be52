"""Title case in BibTeX: which words a bibliography style would lower-case but must not.

Styles lower-case every title letter outside braces except the first. A word with a capital
after the first letter of one of its hyphen-separated parts (``LLM``, ``SageAttention3``,
``vLLM``, ``KV-Cache``) must therefore stand in braces; ordinary title case
(``Long-Context``) need not. The ``title-case`` rule reports such words, and ``bibtools add``
protects them, through the same two functions.
"""

from __future__ import annotations

from collections.abc import Iterator


def _words(value: str) -> Iterator[tuple[int, int]]:
    """Start and end offsets of the words outside braces (letters, digits, inner hyphens)."""
    depth = 0
    start: int | None = None
    for index, char in enumerate(value + " "):
        if depth == 0 and (char.isalnum() or (start is not None and char == "-")):
            if start is None:
                start = index
            continue
        if start is not None:
            word = value[start:index]
            core = word.strip("-")
            lead = len(word) - len(word.lstrip("-"))
            yield start + lead, start + lead + len(core)
            start = None
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(0, depth - 1)


def _needs_braces(word: str) -> bool:
    return any(char.isupper() for part in word.split("-") for char in part[1:])


def unprotected_words(value: str) -> list[str]:
    """Words of a BibTeX title value that need braces, each once, in order."""
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
