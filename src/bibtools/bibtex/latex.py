"""LaTeX in BibTeX values -> plain Unicode text (latexcodec: far faster than pybtex richtext)."""

from __future__ import annotations

import codecs
import re
import unicodedata

import latexcodec  # noqa: F401  (registers the "ulatex" codec)

_GROUP_BRACE = re.compile(r"(?<!\\)[{}]")
_SPACE = re.compile(r"\s+")
_MATH_SHIFT = re.compile(r"(?<!\\)\$")
# Anything latexcodec could change: commands, groups, math, ties, dashes, TeX quotes.
_LATEX_SYNTAX = re.compile(r"[\\{}$~`']|--|''")


def latex_to_text(value: str) -> str:
    """Decode LaTeX accents and symbols, drop grouping braces; anything else stays literal."""
    if not _LATEX_SYNTAX.search(value):
        return _SPACE.sub(" ", value).strip()  # the common case: plain text, no decoding
    # latexcodec treats % as a comment start; in our data it is a literal percent sign.
    protected = re.sub(r"(?<!\\)%", r"\\%", value)
    try:
        text = str(codecs.decode(protected, "ulatex"))  # type: ignore[call-overload]
    except (UnicodeDecodeError, ValueError):
        text = value
    text = _GROUP_BRACE.sub("", text)
    text = _MATH_SHIFT.sub("", text)  # "$p$" -> "p"; a literal dollar is written "\\$"
    for escaped in ("{", "}", "$", "_", "#", "&", "%"):
        text = text.replace("\\" + escaped, escaped)
    return _SPACE.sub(" ", text).strip()


def ascii_fold(text: str) -> str:
    """'Akyürek' -> 'Akyurek': strip accents, drop what has no ASCII form."""
    decomposed = unicodedata.normalize("NFKD", text)
    return decomposed.encode("ascii", "ignore").decode("ascii")
