"""The sources' plain strings as BibTeX values, and the normal forms used to compare them."""

from __future__ import annotations

import re
import unicodedata

from pybtex.database import Person
from pybtex.scanner import PybtexError

from bibtools.bibtex.casing import protect_words
from bibtools.data.drift import comparable
from bibtools.errors import UnsafeValue
from bibtools.online.sources import clean

_SPECIAL = re.compile(r"(?<!\\)([&%#])")
# The LaTeX a source's title or name may hold when it is written into a .bib file: accents,
# the special letters and the text styles. Anything else (\input, \write, \url, \def ...)
# could run or link something in a reader's TeX, so it is refused, not written.
ALLOWED_COMMANDS = frozenset(
    {"'", "`", "^", '"', "~", "=", ".", "u", "v", "H", "c", "k", "r", "b", "d", "t"}
    | {"ss", "o", "O", "aa", "AA", "ae", "AE", "oe", "OE", "l", "L", "i", "j"}
    | {"emph", "textit", "textbf", "textsc", "texttt", "textsuperscript", "textsubscript"}
    | {"&", "%", "#", "_", "$", "{", "}", " "}
)
_COMMAND = re.compile(r"\\([A-Za-z]+|.)", re.DOTALL)
# Explicit direction controls: they reorder what a reader sees (a title that reads other
# than it is), so a source's string that holds one is refused like a control character.
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e") | frozenset(
    "\u2066\u2067\u2068\u2069"
)
_AND = re.compile(r"(?:^|\s)and(?:\s|$)", re.IGNORECASE)


def unsafe_reason(text: str) -> str:
    """Why a source's string must not be written into a ``.bib`` file ('' when it may)."""
    for char in text:
        if _invisible(char):
            name = "NUL" if char == "\0" else f"U+{ord(char):04X}"
            kind = "a direction control" if char in BIDI_CONTROLS else "a control character"
            return f"it holds {kind} ({name})"
    for match in _COMMAND.finditer(text):
        if match.group(1) not in ALLOWED_COMMANDS:
            return f"it holds the LaTeX command \\{match.group(1)}"
    return ""


def checked(what: str, text: str) -> str:
    """``text``, or :class:`UnsafeValue` naming ``what`` and the reason."""
    reason = unsafe_reason(text)
    if reason:
        raise UnsafeValue(f"{what} {quoted(text)} is not written: {reason}")
    return text


def _invisible(char: str) -> bool:
    return unicodedata.category(char) in ("Cc", "Cs") or char in BIDI_CONTROLS


def printable(text: str) -> str:
    """``text`` with its control and direction characters as ``\\uXXXX``: what a message
    prints of a source's string (a terminal never sees the raw character)."""
    if not any(_invisible(char) for char in text):
        return text
    return "".join(f"\\u{ord(c):04x}" if _invisible(c) else c for c in text)


def quoted(text: str, limit: int = 60) -> str:
    """A source's string as a message shows it: printable, and cut when long."""
    return "'" + printable(text if len(text) <= limit else text[: limit - 1] + "…") + "'"


def escape(text: str) -> str:
    """Plain text as a BibTeX value: ``&``, ``%`` and ``#`` escaped, braces kept balanced;
    :class:`UnsafeValue` for a string :func:`unsafe_reason` refuses."""
    text = _SPECIAL.sub(r"\\\1", checked("the value", clean(text)))
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
    return protect_words(escape(checked("the title", clean(title))))


def bibtex_name(name: str) -> str:
    """``"Ekin Akyürek"`` -> ``"Akyürek, Ekin"``; ``"Ludwig van Beethoven"`` ->
    ``"van Beethoven, Ludwig"``; a single word stays as it is. :class:`UnsafeValue` for a
    name that would not read back as one person (``"A, B, Jr, Sr"``, ``"A and B"``)."""
    text = escape(checked("the author name", clean(name)))
    if _AND.search(text) or text.casefold() == "others" or not text.strip(","):
        raise UnsafeValue(f"the author name {quoted(text)} would read as other names")
    if " " not in text and "," not in text:
        return text
    try:
        person = Person(text)  # pybtex is strict: a name it cannot read raises
    except PybtexError:
        raise UnsafeValue(f"the author name {quoted(text)} is not a name BibTeX reads") from None
    last = " ".join(person.prelast_names + person.last_names)
    first = " ".join(person.first_names + person.middle_names)
    parts = [last, " ".join(person.lineage_names), first]
    return ", ".join(part for part in parts if part) if first else last


def bibtex_authors(names: tuple[str, ...] | list[str]) -> str:
    return " and ".join(bibtex_name(name) for name in names)


def comparable_name(name: str) -> str:
    """A person's name as compared: also case-folded, without full stops ("S. Kevin")."""
    return re.sub(r"\s+", " ", comparable(name).replace(".", " ")).strip().casefold()
