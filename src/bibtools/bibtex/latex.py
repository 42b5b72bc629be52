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
_SPACE = re.compile(r"\s+")
# What only latexcodec can decode: commands (a backslash not escaping one of the specials
# below), math, ties, dashes and TeX quotes (``, '', ,, !` and ?`). A lone apostrophe or
# backtick is plain text to latexcodec ("it's", "d'Angelo"), and so are grouping braces and
# escaped specials ("{LLM}", "40\\%"): those take the fast path, which gives the same text
# (tests/test_latex.py checks it against latexcodec). Nearly every title and summary has
# one of them; decoding them all was three quarters of `bibtools check`.
_ESCAPED = ("{", "}", "$", "_", "#", "&", "%")
_NEEDS_CODEC = re.compile(r"\\(?![{}$_#&%])|(?<!\\)\$|~|--|''|``|,,|[!?]`")
# latexcodec decodes \mu as U+00B5 MICRO SIGN; in a title it is the Greek letter (\muP).
_MU = re.compile(r"\\mu(?![A-Za-z])")
# latexcodec reads "$^2$" as "²" but "$^{2}$" as "^2": a one-character script loses its
# braces first, so both spellings read alike.
_BRACED_SCRIPT = re.compile(r"\$([\^_])\{([^{}$\\])\}\$")


# Characters a value can hold only as a command: BibTeX counts every brace (an escaped one
# too) while bibtexparser skips a brace after a backslash, so an export writes none of them
# bare (:func:`text_to_latex`). Read back here as the characters, whatever surrounds them.
_LITERALS = {
    "textbackslash": "\\",
    "textbraceleft": "{",
    "textbraceright": "}",
    "textasciitilde": "~",
}
_LITERAL = re.compile(r"\\(" + "|".join(_LITERALS) + r")(?![A-Za-z])(?:\{\}| *)")


def latex_to_text(value: str) -> str:
    """Decode LaTeX accents and symbols, drop grouping braces; anything else stays literal."""
    if "\\text" in value:
        parts = _LITERAL.split(value)
        if len(parts) > 1:  # odd items: the names of the literal commands
            text = "".join(_LITERALS[p] if i % 2 else _part(p) for i, p in enumerate(parts))
            return _SPACE.sub(" ", text).strip()
    return _SPACE.sub(" ", _decode(value)).strip()


def _part(value: str) -> str:
    """A part between literal commands, decoded; its outer spaces kept (latexcodec would drop
    a leading one, as if it followed a command)."""
    core = value.strip()
    if not core:
        return value
    start = value.index(core[0])
    return value[:start] + _decode(core) + value[start + len(core) :]


def _decode(value: str) -> str:
    if not _NEEDS_CODEC.search(value):
        return _unescape(_GROUP_BRACE.sub("", value))  # the common case: no decoding
    return _codec(value)


def decode_with_codec(value: str) -> str:
    """:func:`latex_to_text` through latexcodec, whatever the value holds."""
    return _SPACE.sub(" ", _codec(value)).strip()


def _codec(value: str) -> str:
    # latexcodec treats % as a comment start; in our data it is a literal percent sign.
    protected = _MU.sub("\u03bc", re.sub(r"(?<!\\)%", r"\\%", value))
    protected = _BRACED_SCRIPT.sub(r"$\1\2$", protected)
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
    return text


# What text_to_latex writes for a character LaTeX (or latex_to_text) would not read as itself.
_ENCODED = {
    **{char: "\\" + name + "{}" for name, char in _LITERALS.items()},
    **{char: "\\" + char for char in "$%&#_"},
}
# TeX ligatures (dashes, quotes, inverted marks): an empty group between the two keeps them
# two characters.
_LIGATURES = frozenset({"--", "''", "``", ",,", "!`", "?`"})


def text_to_latex(text: str) -> str:
    """Plain text as a BibTeX value that :func:`latex_to_text` reads back as ``text`` (its
    spaces normalised) and every BibTeX reader splits alike: balanced braces only, no
    backslash before a brace."""
    out: list[str] = []
    for i, char in enumerate(text):
        out.append(_ENCODED.get(char, char))
        if text[i : i + 2] in _LIGATURES:
            out.append("{}")
    return "".join(out)


def char_to_latex(char: str) -> str | None:
    """One non-ASCII character as a LaTeX command in braces (``"Ö"`` -> ``{\\"O}``, a BibTeX
    "special character"), or None when LaTeX has no command for it (a CJK character)."""
    try:
        encoded = str(codecs.encode(char, "ulatex"))  # a str: "ulatex" is text to text
    except UnicodeEncodeError:
        return None
    return "{" + encoded + "}" if encoded.startswith("\\") else None


def ascii_fold(text: str) -> str:
    """'Akyürek' -> 'Akyurek': strip accents, drop what has no ASCII form."""
    decomposed = unicodedata.normalize("NFKD", text)
    return decomposed.encode("ascii", "ignore").decode("ascii")
