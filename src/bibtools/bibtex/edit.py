"""Lossless edits of one entry's fields: replace, add or remove a value, touch nothing else.

:func:`set_fields` rewrites only the source spans of the fields it is given; every other
byte of the file (other fields, other entries, comments, LaTeX) stays as written. A new field
goes where ``bibtools fmt`` would put it (in the field order the caller gives, the contract's),
with the canonical two-space indent, so an edit of a canonical file leaves it canonical. After
the edit the file is parsed again and compared with what was asked for; any other difference
is refused.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from bibtools.bibtex.fmt import field_rank
from bibtools.bibtex.syntax import RawEntry, RawField, parse_bib
from bibtools.bibtex.write import braced, field_line
from bibtools.errors import EditError


def _line_starts(text: str) -> list[int]:
    starts = [0]
    starts.extend(match.end() for match in re.finditer("\n", text))
    return starts


def _field_span(text: str, starts: list[int], field: RawField) -> tuple[int, int, int]:
    """(start of the field's name, start of its value, end of its value) in ``text``."""
    line_start = starts[field.line - 1]
    pattern = re.compile(rf"(?<![\w-]){re.escape(field.name)}\s*=\s*", re.IGNORECASE)
    for match in pattern.finditer(text, line_start):
        if text.startswith(field.source, match.end()):
            return match.start(), match.end(), match.end() + len(field.source)
    raise EditError(f"cannot locate field '{field.name}' written at line {field.line}")


def _find_entry(text: str, path: str, key: str) -> RawEntry:
    bib, problems = parse_bib(text, path)
    if problems:
        raise EditError(f"{path} has syntax errors; run 'bibtools check' first")
    entries = [c for c in bib.chunks if isinstance(c, RawEntry) and c.key == key]
    if len(entries) != 1:
        raise EditError(f"{path} has {len(entries)} entries with key '{key}'; expected one")
    return entries[0]


def _removal(text: str, starts: list[int], field: RawField) -> tuple[int, int, str]:
    """The edit that removes ``name = {value},`` and, when it stood alone, its line."""
    name_start, _, end = _field_span(text, starts, field)
    rest = re.match(r"[ \t]*,?[ \t]*(\n|$)?", text[end:])
    if rest:
        end += rest.end()
    before = text[starts[field.line - 1] : name_start]
    start = starts[field.line - 1] if not before.strip() else name_start
    return (start, end, "")


def _insertion(
    text: str, starts: list[int], entry: RawEntry, name: str, value: str, order: Sequence[str]
) -> list[tuple[int, int, str]]:
    """The edits that add the field on its own line, before the first field that ``order``
    puts after it (else after the last field, adding its missing comma)."""
    rank = field_rank(name, order)
    later = [f for f in entry.fields if field_rank(f.name, order) > rank]
    line = field_line(name, braced(value)) + "\n"
    if later:
        anchor = min(later, key=lambda f: _field_span(text, starts, f)[0])
        position = starts[anchor.line - 1]
        if text[position : _field_span(text, starts, anchor)[0]].strip():
            raise EditError(f"{entry.key}: cannot place new field '{name}' on its own line")
        return [(position, position, line)]
    if not entry.fields:
        raise EditError(f"{entry.key}: an entry without fields cannot be edited")
    _, _, last_end = _field_span(text, starts, entry.fields[-1])
    comma = re.match(r"[ \t]*,?[^\n]*\n", text[last_end:])
    after = text[last_end : last_end + comma.end()] if comma else ""
    if comma is None or after.strip() not in ("", ","):
        raise EditError(f"{entry.key}: cannot place new field '{name}' on its own line")
    edits = [] if "," in after else [(last_end, last_end, ",")]
    position = last_end + comma.end()
    return [*edits, (position, position, line)]


def set_fields(
    text: str, path: str, key: str, changes: Mapping[str, str | None], order: Sequence[str]
) -> str:
    """``text`` with the entry ``key``'s fields set: ``{name: value}`` writes ``{value}``
    (``value`` is BibTeX source without the outer braces), ``{name: None}`` removes the field;
    a new field goes before the first field that ``order`` puts after it.

    Raises :class:`EditError` if the edit cannot be made without touching anything else.
    """
    entry = _find_entry(text, path, key)
    starts = _line_starts(text)
    by_name: dict[str, RawField] = {}
    for field in entry.fields:
        if field.name in by_name and field.name in changes:
            raise EditError(f"{key}: field '{field.name}' appears twice; fix that by hand")
        by_name.setdefault(field.name, field)
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement), non-overlapping
    for name, value in changes.items():
        existing = by_name.get(name)
        if existing is not None and value is not None:
            _, value_start, value_end = _field_span(text, starts, existing)
            edits.append((value_start, value_end, braced(value)))
        elif existing is not None:
            edits.append(_removal(text, starts, existing))
        elif value is not None:
            edits += _insertion(text, starts, entry, name, value, order)
    result = text
    for start, end, replacement in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        result = result[:start] + replacement + result[end:]
    _check(text, result, path, key, changes)
    return result


def _check(before: str, after: str, path: str, key: str, changes: Mapping[str, str | None]) -> None:
    """The edit changed exactly the requested fields of ``key`` and nothing else."""
    old, _ = parse_bib(before, path)
    new, problems = parse_bib(after, path)

    def values(bib: object) -> list[tuple[str, tuple[tuple[str, str], ...]]]:
        chunks = getattr(bib, "chunks", ())
        return [
            (c.key, tuple((f.name, f.value) for f in c.fields))
            for c in chunks
            if isinstance(c, RawEntry)
        ]

    expected = []
    for entry_key, fields in values(old):
        if entry_key == key:
            kept = {n: v for n, v in fields if n not in changes}
            wanted = {n: v for n, v in changes.items() if v is not None}
            fields = tuple(sorted({**kept, **wanted}.items()))
        expected.append((entry_key, tuple(sorted(fields))))
    got = [(k, tuple(sorted(f))) for k, f in values(new)]
    normalised = [
        (k, tuple((n, re.sub(r"\s+", " ", v).strip()) for n, v in f)) for k, f in expected
    ]
    if problems or got != normalised:
        raise EditError(f"{key}: the edit would change more than the requested fields; refused")
