"""Canonical layout for bib/ files, lossless by construction and checked after the fact.

Values are re-emitted from their source text (never re-serialised from parsed data), so
LaTeX such as ``{\\~a}`` survives byte for byte; only delimiters (``"..."`` -> ``{...}``),
white space (which BibTeX folds anyway), field-name case, field order and entry order change.

The field order is the caller's (the data contract's, :data:`bibtools.data.contract.FIELD_ORDER`):
this layer knows BibTeX, not the contract. Fields it does not name follow, by name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pybtex.database.input.bibtex import month_names

from bibtools.bibtex.syntax import BibFile, RawEntry, RawPreamble, RawString, parse_bib
from bibtools.bibtex.write import entry_text
from bibtools.errors import Problem

_SPACE = re.compile(r"\s+")
_NUMBER = re.compile(r"^\d+$")


def _single_group(source: str, open_: str, close: str) -> bool:
    """True when ``source`` is one delimited group, e.g. ``{a {b} c}`` but not ``{a} # {b}``."""
    if len(source) < 2 or source[0] != open_ or source[-1] != close:
        return False
    if open_ == '"':
        depth = 0
        for char in source[1:-1]:
            depth += {"{": 1, "}": -1}.get(char, 0)
            if char == '"' and depth == 0:
                return False
        return True
    depth = 0
    for index, char in enumerate(source):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth == 0 and index < len(source) - 1:
            return False
    return True


def canonical_value(source: str) -> str:
    """One field value in canonical form: braces, folded white space."""
    text = _SPACE.sub(" ", source.strip())
    if _single_group(text, "{", "}") or _single_group(text, '"', '"'):
        return "{" + text[1:-1].strip() + "}"
    if _NUMBER.match(text):
        return "{" + text + "}"
    return text  # macro names and concatenations stay as written


def _comment(text: str) -> str:
    lines = [line.rstrip() for line in text.strip("\n").splitlines()]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


def field_rank(name: str, order: Sequence[str]) -> tuple[int, str]:
    """Where a field goes among an entry's fields: ``order``'s, then the others by name."""
    if name in order:
        return (order.index(name), "")
    return (len(order), name)


def format_entry(entry: RawEntry, order: Sequence[str]) -> str:
    fields = sorted(entry.fields, key=lambda f: field_rank(f.name, order))
    return entry_text(
        entry.entry_type, entry.key, ((f.name, canonical_value(f.source)) for f in fields)
    )


def _with_leading(leading: str, body: str) -> str:
    comment = _comment(leading)
    return f"{comment}\n{body}" if comment else body


def _split_header(leading: str) -> tuple[str, str]:
    """The first command's leading text as (file header, comment attached to the command).

    The header ends at the last blank line; the lines after it stick to the command. fmt
    writes a blank line after the header and none between a comment and its command, so its
    own output splits the same way: formatting twice changes nothing.
    """
    lines = [line.rstrip() for line in leading.split("\n")]
    if lines and not lines[-1]:
        lines.pop()  # the (empty) start of the command's own line
    blank = max((i for i, line in enumerate(lines) if not line), default=-1)
    return _comment("\n".join(lines[: max(blank, 0)])), _comment("\n".join(lines[blank + 1 :]))


def _verbatim(source: str) -> str:
    """A @string or @preamble value: braces for quotes, but white space as written (BibTeX
    keeps it in these values, so folding it would change the data)."""
    text = source.strip()
    if _single_group(text, '"', '"'):
        return "{" + text[1:-1] + "}"
    return text


def _may_reorder(bib: BibFile) -> bool:
    """Whether @string and @preamble may move before the entries without changing data:
    yes unless a macro is defined twice or shadows a predefined month macro."""
    names = [chunk.name.lower() for chunk in bib.chunks if isinstance(chunk, RawString)]
    return len(set(names)) == len(names) and not set(names) & set(month_names)


def _format_chunk(chunk: RawEntry | RawString | RawPreamble, order: Sequence[str]) -> str:
    if isinstance(chunk, RawPreamble):
        return f"@preamble{{{_verbatim(chunk.source)}}}\n"
    if isinstance(chunk, RawString):
        return f"@string{{{chunk.name} = {_verbatim(chunk.source)}}}\n"
    return format_entry(chunk, order)


def format_bib(bib: BibFile, order: Sequence[str]) -> str:
    """The canonical text of one file, fields in ``order``."""
    blocks: list[str] = []
    chunks = list(bib.chunks)
    header, first_leading = _split_header(chunks[0].leading) if chunks else ("", "")
    if header:
        blocks.append(header + "\n")

    def leading(index: int) -> str:
        return first_leading if index == 0 else chunks[index].leading

    if not _may_reorder(bib):
        # A macro redefined (or a month macro shadowed) part-way through: its meaning depends
        # on where each command stands, so keep their order; only the layout changes.
        for index, chunk in enumerate(chunks):
            blocks.append(_with_leading(leading(index), _format_chunk(chunk, order)))
        trailing = _comment(bib.trailing)
        return "\n".join([*blocks, trailing + "\n"] if trailing else blocks)
    for index, chunk in enumerate(chunks):
        if isinstance(chunk, RawPreamble):
            body = f"@preamble{{{_verbatim(chunk.source)}}}\n"
            blocks.append(_with_leading(leading(index), body))
    for index, chunk in enumerate(chunks):
        if isinstance(chunk, RawString):
            body = f"@string{{{chunk.name} = {_verbatim(chunk.source)}}}\n"
            blocks.append(_with_leading(leading(index), body))
    entries = [
        (chunk.key.casefold(), index, chunk)
        for index, chunk in enumerate(chunks)
        if isinstance(chunk, RawEntry)
    ]
    for _, index, entry in sorted(entries, key=lambda item: (item[0], item[1])):
        blocks.append(_with_leading(leading(index), format_entry(entry, order)))
    trailing = _comment(bib.trailing)
    if trailing:
        blocks.append(trailing + "\n")
    return "\n".join(blocks)


def semantic_content(bib: BibFile) -> tuple[object, ...]:
    """What a BibTeX reader sees, plus the comments: equal before and after formatting."""
    entries = sorted(
        (c.entry_type, c.key, tuple(sorted((f.name, f.value) for f in c.fields)))
        for c in bib.chunks
        if isinstance(c, RawEntry)
    )
    strings = tuple((c.name.lower(), c.value) for c in bib.chunks if isinstance(c, RawString))
    preambles = tuple(c.value for c in bib.chunks if isinstance(c, RawPreamble))
    comments = sorted(
        line.strip()
        for text in [*(c.leading for c in bib.chunks), bib.trailing]
        for line in text.splitlines()
        if line.strip()
    )
    return (tuple(entries), strings, preambles, tuple(comments))


def format_text(text: str, path: str, order: Sequence[str]) -> tuple[str, list[Problem]]:
    """Format one file's text, fields in ``order``. With syntax problems, the text comes back
    unchanged."""
    bib, problems = parse_bib(text, path)
    if problems:
        return text, problems
    result = format_bib(bib, order)
    again, again_problems = parse_bib(result, path)
    if again_problems or semantic_content(again) != semantic_content(bib):
        # A formatter that loses data is a bug; refuse rather than write.
        return text, [
            Problem(
                path,
                1,
                "fmt",
                "formatting would change the data; file left as is "
                "(please report this as a bibtools bug)",
            )
        ]
    return result, []
