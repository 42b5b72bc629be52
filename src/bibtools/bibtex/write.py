"""The one BibTeX entry writer: ``@type{key,``, a ``  name = value,`` line per field, ``}``.

The formatter (canonical values), the exports (clean values), ``bibtools add`` (a new
entry), the lossless editor (a new field's line) and the tests all write entries here, so
they cannot disagree on the layout that ``bibtools fmt --check`` accepts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping


def braced(value: str) -> str:
    """A value as BibTeX source in braces: ``{value}`` (``value`` is LaTeX already)."""
    return "{" + value + "}"


def splits_alike(value: str) -> bool:
    """Whether every BibTeX reader finds the same end of ``{value}``: BibTeX and pybtex count
    every brace, bibtexparser only those without a backslash before them; the value must
    balance both ways (and not end in a backslash, which would escape the closing brace)."""
    if value.endswith("\\"):
        return False
    every = unescaped = 0
    for i, char in enumerate(value):
        if char in "{}":
            step = 1 if char == "{" else -1
            every += step
            if i == 0 or value[i - 1] != "\\":
                unescaped += step
            if every < 0 or unescaped < 0:
                return False
    return every == 0 and unescaped == 0


def field_line(name: str, source: str) -> str:
    """One field's line; ``source`` as written: ``{...}``, a number or a macro."""
    return f"  {name} = {source},"


def entry_text(entry_type: str, key: str, fields: Iterable[tuple[str, str]]) -> str:
    """A whole entry, its fields ``(name, source as written)`` in the order given."""
    lines = [f"@{entry_type}{{{key},", *(field_line(n, s) for n, s in fields), "}"]
    return "\n".join(lines) + "\n"


def braced_entry(entry_type: str, key: str, values: Mapping[str, str]) -> str:
    """A whole entry whose values (LaTeX, without the outer braces) are written in braces."""
    return entry_text(entry_type, key, ((name, braced(v)) for name, v in values.items()))
