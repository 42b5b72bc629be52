"""The sources' plain strings as BibTeX values, and the normal forms used to compare them."""

from __future__ import annotations

import re

from pybtex.database import Person

from bibtools.bibtex.casing import protect_words
from bibtools.data.drift import comparable
from bibtools.online.sources import clean

_SPECIAL = re.compile(r"(?<!\\)([&%#])")


def escape(text: str) -> str:
    """Plain text as a BibTeX value: ``&``, ``%`` and ``#`` escaped, braces kept balanced."""
    text = _SPECIAL.sub(r"\\\1", clean(text))
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            break
    if depth != 0:
        text = text.replace("{", "(").replace("}", ")")
    return text


def bibtex_title(title: str) -> str:
    """A title as a BibTeX value, each word whose capitals a style would lose in braces
    (``{LLM}``, ``{SageAttention3}``, ``{KV-Cache}``), so the ``title-case`` rule passes."""
    return protect_words(escape(title))


def bibtex_name(name: str) -> str:
    """``"Ekin Akyürek"`` -> ``"Akyürek, Ekin"``; ``"Ludwig van Beethoven"`` ->
    ``"van Beethoven, Ludwig"``; a single word stays as it is."""
    text = escape(name)
    if " " not in text:
        return text
    person = Person(text)
    last = " ".join(person.prelast_names + person.last_names)
    first = " ".join(person.first_names + person.middle_names)
    parts = [last, " ".join(person.lineage_names), first]
    return ", ".join(part for part in parts if part) if first else last


def bibtex_authors(names: tuple[str, ...] | list[str]) -> str:
    return " and ".join(bibtex_name(name) for name in names)


def comparable_name(name: str) -> str:
    """A person's name as compared: also case-folded, without full stops ("S. Kevin")."""
    return re.sub(r"\s+", " ", comparable(name).replace(".", " ")).strip().casefold()
