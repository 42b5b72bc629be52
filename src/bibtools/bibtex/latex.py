"""LaTeX in BibTeX values -> plain Unicode text (latexcodec: far faster than pybtex richtext)."""

from __future__ import annotations

import codecs
import re
import unicodedata

import latexcodec  # noqa: F401  (registers the "ulatex" codec)

# Each pattern starts with the character it is about, the look-behind after it: the regex
# engine then skips ahead to candidates (a leading look-behind tries every position; these
# were a third of decoding the fields).
_GROUP_BRACE = re.compile(r"[{}](?<!\\[{}])")
_MATH_SHIFT = re.compile(r"\$(?<!\\\$)")
# What only latexcodec can decode: commands (a backslash not escaping one of the specials
# below), math, ties, dashes and TeX quotes (``, '', ,, !` and ?`). A lone apostrophe or
# backtick is plain text to latexcodec ("it's", "d'Angelo"), and so are grouping braces and
# escaped specials ("{LLM}", "40\\%"): those take the fast path, which gives the same text
# (tests/test_latex.py checks it against latexcodec). Nearly every title and summary has
# one of them; decoding them all was three quarters of `bibtools check`.
_ESCAPED = ("{", "}", "$", "_", "#", "&", "%")
_NEEDS_CODEC = re.compile(r"\\(?![{}$_#&%])|\$(?<!\\\$)|~|--|''|``|,,|[!?]`")


def latex_to_text(value: str) -> str:
    """Decode LaTeX accents and symbols, drop grouping braces; anything else stays literal."""
    if not _NEEDS_CODEC.search(value):
        return _unescape(_GROUP_BRACE.sub("", value))  # the common case: no decoding
    return decode_with_codec(value)


def decode_with_codec(value: str) -> str:
    """:func:`latex_to_text` through latexcodec, whatever the value holds."""
    # latexcodec treats % as a comment start; in our data it is a literal percent sign.
    protected = re.sub(r"(?<!\\)%", r"\\%", value)
    try:
        text = str(codecs.decode(protected, "ulatex"))  # type: ignore[call-overload]
    except (UnicodeDecodeError, ValueError):
        text = value
    text = _GROUP_BRACE.sub("", text)
    text = _MATH_SHIFT.sub("", text)  # "$p$" -> "p"; a literal dollar is written "\\$"
    return _unescape(text)


def _unescape(text: str) -> str:
    if "\\" in text:
        for escaped in _ESCAPED:
            text = text.replace("\\" + escaped, escaped)
    return " ".join(text.split())  # runs of whitespace as one space, none at the ends


def ascii_fold(text: str) -> str:
    """'Akyürek' -> 'Akyurek': strip accents, drop what has no ASCII form."""
    decomposed = unicodedata.normalize("NFKD", text)
    return decomposed.encode("ascii", "ignore").decode("ascii")
