"""RIS (Zotero, EndNote, Mendeley, ...): one reference per paper, written by ``rispy``.

Tags are the ones Zotero's RIS translator reads for each type (EndNote's layout): a
conference paper is ``CONF``, the type Zotero itself writes for one (``CPAPER`` is read the
same by Zotero, but citation-js reads no proceedings title for it), with its conference name
in ``T2``, its proceedings title in ``C3``, again in ``BT`` where other readers look for the
container, and its year in ``DA`` as well as ``PY`` (citation-js reads a ``CONF``'s ``PY``
as the conference's date, ``DA`` as the paper's). pandoc's RIS reader takes ``T2`` as the
container of every type, so it cites such a paper "In NeurIPS 2025"; the .bib and CSL-JSON
files give pandoc the proceedings title. A journal article (``JOUR``) has its journal in
``T2``; a preprint is a manuscript
(``MANSCPT``) whose ``M3`` says "arXiv preprint"; a tutorial is a presentation (``SLIDE``)
given at the meeting in ``T2``; a blog post is ``BLOG``. An arXiv id goes in ``DB``/``AN``
(Zotero's archive and location in archive). RIS has no way to say an author list is
truncated, so a list ending in "and others" is written as far as it is known.

Lines end in ``\\n`` (rispy's own; every reader accepts it); references are sorted by key and
separated by one blank line, so the bytes are deterministic.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from typing import ClassVar

import rispy

from bibtools.data.model import Paper
from bibtools.export.placement import Kind, placement

RIS_TYPES: dict[Kind, str] = {
    Kind.NEURIPS: "CONF",
    Kind.PROCEEDINGS: "CONF",
    Kind.JOURNAL: "JOUR",
    Kind.PREPRINT: "MANSCPT",
    Kind.TALK: "SLIDE",
    Kind.BLOG: "BLOG",
    Kind.OTHER: "GEN",
}

_SPACE = re.compile(r"\s+")


class _Writer(rispy.RisWriter):  # type: ignore[misc]
    """rispy's writer without its numbered header line ("1.") before each reference, and
    with ``BT`` (book title, which rispy does not name) as ``book_title``."""

    DEFAULT_MAPPING: ClassVar[dict[str, str]] = {**rispy.TAG_KEY_MAPPING, "BT": "book_title"}

    def set_header(self, count: int) -> str | None:
        return None  # rispy 0.9 writes any header that is not None, 0.10 any non-empty one


def _one_line(text: str) -> str:
    """A value on one line: RIS values cannot span lines."""
    return _SPACE.sub(" ", text).strip()


def ris_record(paper: Paper) -> dict[str, str | list[str]]:
    """The rispy record (field name -> value) of one paper, in the order it is written."""
    where = placement(paper)
    record: dict[str, str | list[str]] = {
        "type_of_reference": RIS_TYPES[where.kind],
        "id": paper.key,
        "title": _one_line(paper.title),
    }
    if paper.authors:
        record["authors"] = [_one_line(a.inverted) for a in paper.authors]
    record["year"] = paper.year
    if where.kind in (Kind.NEURIPS, Kind.PROCEEDINGS):
        record["date"] = paper.year  # DA: the paper's date (citation-js, for CONF)
        if where.event:
            record["secondary_title"] = where.event  # T2: conference name
        if where.container:
            record["custom3"] = where.container  # C3: proceedings title (Zotero)
            # BT: the book or proceedings it is in, where RIS readers other than Zotero
            # look for the container (Zotero reads BT only when C3 is empty).
            record["book_title"] = where.container
    elif where.kind is Kind.TALK:
        if where.event:
            record["secondary_title"] = where.event  # T2: meeting name
        record["type_of_work"] = where.genre  # M3: presentation type
    elif where.kind is Kind.JOURNAL:
        record["secondary_title"] = where.container  # T2: journal
    elif where.kind in (Kind.PREPRINT, Kind.BLOG):
        record["type_of_work"] = where.genre  # M3: manuscript / website type
    elif where.container:
        record["publisher"] = where.container  # PB: how it was published
    if paper.url:
        record["urls"] = [paper.url]
    if paper.eprint:
        record["name_of_database"] = "arXiv"  # DB
        record["accession_number"] = paper.eprint  # AN
    if where.note:
        record["notes"] = [where.note]  # N1
    return {name: value for name, value in record.items() if value}


def to_ris(paper: Paper) -> str:
    """One paper as an RIS reference (``TY`` ... ``ER``), ending in a newline."""
    text: str = rispy.dumps([ris_record(paper)], implementation=_Writer)
    return text


@cache
def ris_entry(paper: Paper) -> str:
    """One paper's RIS record as text (``TY`` to ``ER``). Cached: a paper is in several
    files (its own, its categories', the collection's), written in one generation."""
    text: str = rispy.dumps([ris_record(paper)], implementation=_Writer)
    return text


def ris_file(papers: Iterable[Paper]) -> bytes:
    """An RIS file of ``papers``, sorted by key, UTF-8: the records as rispy writes a list
    of them, a blank line between two (tests/test_export.py compares)."""
    entries = [ris_entry(paper) for paper in sorted(papers, key=lambda p: p.key)]
    return "\n".join(entries).encode("utf-8")
