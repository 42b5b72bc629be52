"""A conference listing file: its text to a :class:`Listing`. Pure: :mod:`bibtools.fs`
reads the file.

The format (TSV, CSV or JSON; by the file's suffix, ``.tsv``, ``.csv``, ``.json``, else by
its first character and line), one paper (one title) per row or object:

- ``neuripsid`` (or ``id``), required: the paper's lowest neurips.cc id;
- ``title``, required: the title as the listing gives it;
- ``other_ids``: further neurips.cc ids of the same title (the conference lists an oral
  twice, its oral event and its poster event), separated by spaces, commas or semicolons;
- ``authors``: the authors in order, separated by ``;`` (empty: the listing gives none);
  HTML character references (``D&#x27;Angelo``, ``&quot;``), which copies of neurips.cc
  data keep, are decoded first, so their ``;`` does not split a name;
- ``events``: the type of each event (``oral``, ``spotlight``, ``poster``), one per id,
  ``neuripsid`` first, separated by ``;`` (absent or empty: the types are not known, and
  two events mean an oral).

A TSV is one line per paper, fields separated by tabs, no quoting; a CSV quotes as usual;
JSON is an array of objects with the same names, where ``other_ids``, ``authors`` and
``events`` may also be arrays and ids numbers. Anything else is a :class:`ListingError`
carrying one located problem.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property

from bibtools.errors import ListingError, Problem

#: The columns, in the order the committed TSV writes them (``events`` optional).
COLUMNS = ("neuripsid", "other_ids", "title", "authors", "events")
REQUIRED = ("neuripsid", "title")
ALIASES = {"id": "neuripsid"}
EVENT_TYPES = ("oral", "spotlight", "poster")
CODE = "listing"

_ID = re.compile(r"[1-9][0-9]{0,9}")
_ID_SEPARATORS = re.compile(r"[\s,;]+")
_SPACE = re.compile(r"\s+")


def title_key(title: str) -> str:
    """A title as matched: accents and case folded, only letters and digits kept
    (``"DAPO : Improving…"`` and ``"dapo: improving…"`` are one key)."""
    decomposed = unicodedata.normalize("NFKD", title)
    folded = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return re.sub(r"[^0-9a-z]", "", folded)


@dataclass(frozen=True)
class Listed:
    """One paper of the listing."""

    ids: tuple[str, ...]  #: neurips.cc ids, the lowest (``neuripsid``) first
    title: str
    authors: tuple[str, ...]  #: in order; empty when the listing gives none
    events: tuple[str, ...]  #: one type per id, or empty when the types are not given
    line: int  #: where it is in the listing file

    @property
    def neuripsid(self) -> str:
        return self.ids[0]

    @property
    def is_oral(self) -> bool:
        """An oral: an ``oral`` event, or, when types are not given, two events."""
        return "oral" in self.events if self.events else len(self.ids) > 1


@dataclass(frozen=True)
class Listing:
    """Every paper of a listing file, in file order."""

    path: str
    papers: tuple[Listed, ...]

    @cached_property
    def by_id(self) -> dict[str, Listed]:
        """Each id (the lowest and the others) -> its paper."""
        return {ident: paper for paper in self.papers for ident in paper.ids}

    @cached_property
    def by_title(self) -> dict[str, tuple[Listed, ...]]:
        """:func:`title_key` -> the papers with that title (two papers may share one)."""
        found: dict[str, list[Listed]] = {}
        for paper in self.papers:
            found.setdefault(title_key(paper.title), []).append(paper)
        return {key: tuple(papers) for key, papers in found.items()}


def _fail(path: str, line: int, message: str) -> ListingError:
    return ListingError(Problem(path, line, CODE, message))


def _split(value: str, separator: re.Pattern[str] | str) -> tuple[str, ...]:
    parts = separator.split(value) if isinstance(separator, re.Pattern) else value.split(separator)
    return tuple(_SPACE.sub(" ", part).strip() for part in parts if part.strip())


def _texts(value: object, name: str, path: str, line: int) -> str | Sequence[str]:
    """A JSON value as a cell: a string, a number (ids), or a list of them."""
    if isinstance(value, int | str) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, list) and all(
        isinstance(v, int | str) and not isinstance(v, bool) for v in value
    ):
        return [str(v) for v in value]
    raise _fail(path, line, f"'{name}' must be text, a number, or a list of texts or numbers")


def _paper(cells: dict[str, str | Sequence[str]], path: str, line: int) -> Listed:
    authors = cells.get("authors", "")  # "D&#x27;Angelo; ...": decoded before the split
    decoded = html.unescape(authors) if isinstance(authors, str) else map(html.unescape, authors)
    cells = {**cells, "authors": decoded if isinstance(decoded, str) else list(decoded)}

    def cell(name: str, separator: re.Pattern[str] | str) -> tuple[str, ...]:
        value = cells.get(name, "")
        if isinstance(value, str):
            return _split(value, separator)
        return tuple(_SPACE.sub(" ", v).strip() for v in value if v.strip())

    first = cell("neuripsid", _ID_SEPARATORS)
    if len(first) != 1:
        raise _fail(path, line, "'neuripsid' must be one id (further ids go in 'other_ids')")
    ids = first + cell("other_ids", _ID_SEPARATORS)
    for ident in ids:
        if not _ID.fullmatch(ident):
            raise _fail(path, line, f"id '{ident}' is not a neurips.cc id (a number)")
    title = " ".join(cell("title", "\n"))
    if not title_key(title):
        raise _fail(path, line, "the title is empty")
    events = tuple(e.lower() for e in cell("events", ";"))
    for event in events:
        if event not in EVENT_TYPES:
            raise _fail(path, line, f"event type '{event}' is not one of {', '.join(EVENT_TYPES)}")
    if events and len(events) != len(ids):
        raise _fail(
            path,
            line,
            f"{len(events)} event type{'s' if len(events) != 1 else ''} for {len(ids)} ids; "
            "give one type per id",
        )
    return Listed(ids, title, cell("authors", ";"), events, line)


def _columns(names: Sequence[str], path: str, line: int, what: str = "column") -> list[str]:
    """The column (or JSON key) names, aliases resolved; unknown, missing or repeated ones
    fail."""
    columns = [ALIASES.get(n.strip().lower(), n.strip().lower()) for n in names]
    known = f"the {what}s are {', '.join(COLUMNS)} ({', '.join(REQUIRED)} required)"
    for name in columns:
        if name not in COLUMNS:
            raise _fail(path, line, f"unknown {what} '{name}'; {known}")
    for name in REQUIRED:
        if name not in columns:
            raise _fail(path, line, f"no '{name}' {what}; {known}")
    repeated = sorted({n for n in columns if columns.count(n) > 1})
    if repeated:
        raise _fail(path, line, f"{what} '{repeated[0]}' appears twice")
    return columns


def _table(rows: Iterator[tuple[int, list[str]]], path: str) -> Iterator[Listed]:
    header = next(rows, None)
    if header is None or not any(cell.strip() for cell in header[1]):
        raise _fail(path, 1, "the listing is empty; the first line names the columns")
    columns = _columns(header[1], path, header[0])
    for line, cells in rows:
        if not any(cell.strip() for cell in cells):
            continue  # a blank line
        if len(cells) != len(columns):
            raise _fail(path, line, f"{len(cells)} fields where the header names {len(columns)}")
        yield _paper(dict(zip(columns, cells, strict=True)), path, line)


def _tsv_rows(text: str) -> Iterator[tuple[int, list[str]]]:
    for number, line in enumerate(text.splitlines(), 1):
        yield number, line.split("\t")


def _csv_rows(text: str, path: str) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            raise _fail(path, reader.line_num or start, f"not valid CSV: {err}") from None
        yield start, cells


def _json_items(text: str, path: str) -> Iterator[Listed]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise _fail(path, err.lineno, f"not valid JSON: {err.msg}") from None
    if not isinstance(data, list):
        raise _fail(path, 1, "a JSON listing is an array of objects, one per paper")
    decoder = json.JSONDecoder()
    offset = text.index("[") + 1
    for item in data:
        while text[offset] in " \t\r\n,":
            offset += 1
        line = text.count("\n", 0, offset) + 1
        _, offset = decoder.raw_decode(text, offset)
        if not isinstance(item, dict):
            raise _fail(path, line, "each item of a JSON listing is an object (one paper)")
        names = _columns(list(item), path, line, "key")
        cells = {
            name: _texts(value, name, path, line)
            for name, value in zip(names, item.values(), strict=True)
        }
        yield _paper(cells, path, line)


def listing_format(path: str, text: str) -> str:
    """``tsv``, ``csv`` or ``json``: by the suffix, else by the text."""
    suffix = path.rsplit(".", 1)[-1].lower() if "." in path.rsplit("/", 1)[-1] else ""
    if suffix in ("tsv", "csv", "json"):
        return suffix
    start = text.lstrip()[:1]
    if start in ("[", "{"):
        return "json"
    first = text.split("\n", 1)[0]
    return "tsv" if "\t" in first else "csv"


def parse_listing(text: str, path: str) -> Listing:
    """The listing in ``text`` (read from ``path``, which messages name and whose suffix
    gives the format); :class:`ListingError` for the first thing wrong with it."""
    kind = listing_format(path, text)
    if kind == "json":
        if not text.strip():
            raise _fail(path, 1, "the listing is empty")
        papers = list(_json_items(text, path))
    elif kind == "csv":
        papers = list(_table(_csv_rows(text, path), path))
    else:
        papers = list(_table(_tsv_rows(text), path))
    seen: dict[str, Listed] = {}
    for paper in papers:
        for ident in paper.ids:
            earlier = seen.setdefault(ident, paper)
            if earlier is not paper:
                raise _fail(
                    path, paper.line, f"id {ident} is listed twice (also at line {earlier.line})"
                )
    return Listing(path, tuple(papers))
