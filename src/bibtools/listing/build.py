"""``listing/neurips2025.tsv`` rebuilt from the two third-party copies of the neurips.cc
data it is taken from (``listing/README.md`` names them: repository, commit, file). Pure
and deterministic: the same two files give the same bytes.

- ids and titles: a CSV with the columns ``paper_id`` (the neurips.cc id) and ``title``
  (other columns are ignored); a title listed under several ids (an oral: its oral event
  and its poster event) is one row, with the lowest id as ``neuripsid`` and the others, in
  ascending order, in ``other_ids``;
- authors: a TSV with the columns ``name`` and ``clean_name`` (two spellings of the title)
  and ``author_list`` (a Python-style list of names, in order, copied as they are, HTML
  character references such as ``D&#x27;Angelo`` included: the parser decodes them); a row
  is joined to a title
  by :func:`~bibtools.listing.parse.title_key`, the first row in file order winning; a title
  without a row gets no authors.

Only facts are copied: ids, titles, author names and their order.
"""

from __future__ import annotations

import ast
import csv
import io
import re

from bibtools.errors import ListingError, Problem
from bibtools.listing.parse import COLUMNS, title_key

_BREAK = re.compile(r"[\t\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+")


def _one_line(text: str) -> str:
    """The value as the copy gives it, only what would break a TSV line made a space (a
    title keeps its double or narrow spaces: the listing is a copy, not a clean-up)."""
    return _BREAK.sub(" ", text).strip()


def _rows(text: str, path: str, delimiter: str, needed: tuple[str, ...]) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        rows = list(reader)
    except csv.Error as err:
        problem = Problem(path, reader.line_num, "listing", f"not valid CSV: {err}")
        raise ListingError(problem) from None
    missing = [name for name in needed if name not in (reader.fieldnames or [])]
    if missing:
        raise ListingError(
            Problem(path, 1, "listing", f"no column {', '.join(map(repr, missing))} in the header")
        )
    return rows


def _names(value: str) -> list[str]:
    """The names of an ``author_list`` cell: ``['A B', 'C D']`` (a literal, never run)."""
    try:
        names = ast.literal_eval(value) if value.strip() else []
    except (ValueError, SyntaxError):
        return []
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        return []
    return [_one_line(n) for n in names if _one_line(n)]


def build_listing(ids_text: str, ids_path: str, authors_text: str, authors_path: str) -> str:
    """The listing TSV (``COLUMNS``, one title a line, by ``neuripsid``) from the two copies."""
    by_title: dict[str, list[tuple[int, str]]] = {}
    for number, row in enumerate(_rows(ids_text, ids_path, ",", ("paper_id", "title")), 2):
        ident, title = row["paper_id"].strip(), _one_line(row["title"] or "")
        if not ident.isdigit() or not title:
            raise ListingError(
                Problem(
                    ids_path, number, "listing", "each row needs a numeric paper_id and a title"
                )
            )
        by_title.setdefault(title_key(title), []).append((int(ident), title))
    authors: dict[str, list[str]] = {}
    for row in _rows(authors_text, authors_path, "\t", ("name", "clean_name", "author_list")):
        names = _names(row["author_list"] or "")
        for spelling in (row["name"], row["clean_name"]):
            key = title_key(spelling or "")
            if key and names:
                authors.setdefault(key, names)
    lines = ["\t".join(COLUMNS[:4])]
    for key, events in sorted(by_title.items(), key=lambda item: min(item[1])):
        events.sort()
        (first, title), others = events[0], events[1:]
        lines.append(
            "\t".join(
                (
                    str(first),
                    " ".join(str(ident) for ident, _ in others),
                    title,
                    "; ".join(authors.get(key, [])),
                )
            )
        )
    return "\n".join(lines) + "\n"
