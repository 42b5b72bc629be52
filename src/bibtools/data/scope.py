"""The scope decisions (``bib/scope.tsv``): every accepted paper of the conference listing
reviewed, with its decision and the reason, so that a paper left out can be answered with
"reviewed on …, out because …".

One row a listing title: ``neuripsid``, ``decision`` (``in``, ``out`` or ``undecided``), the
``home`` keyword where it would be filed, the ``entry`` key once it is in the collection (an
item of the original list that is out of scope keeps its entry and says so), the
``basis`` of the decision (``title`` or ``abstract``), the ``reviewed`` date, the ``reason`` in
a few words and the listing's ``title``. Parsing and checking are pure; bibtools.fs reads the file
(``bib/scope.tsv``, beside the taxonomy) and bibtools.pipeline checks it with the rest.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from bibtools.data.contract import NEURIPS_TRACKS, invisible_controls, is_calendar_date
from bibtools.data.model import Collection, Paper, ScopeDecision
from bibtools.errors import Problem

COLUMNS = ("neuripsid", "decision", "home", "entry", "basis", "reviewed", "reason", "title")
DECISIONS = ("in", "out", "undecided")
BASES = ("title", "abstract")
_ID = re.compile(r"[0-9]{1,9}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
CODE = "scope"


@dataclass(frozen=True)
class Tally:
    """One category's or topic's share: the accepted papers the review filed under it (in
    scope), how many of them the collection holds, and of those how many are summarised
    and how many listed (facts only, summary not yet written). A paper counts where its
    entry's home is; cross-listings and kept out-of-scope items are not counted."""

    in_scope: int
    with_entry: int
    summarised: int
    listed: int


@dataclass(frozen=True)
class Coverage:
    """How much of the listing was reviewed and what became of it, for pages and reports."""

    reviewed: int
    in_scope: int
    out_of_scope: int
    undecided: int
    with_entry: int  #: in scope and in the collection
    latest_review: str  #: the newest ``reviewed`` date, or ""
    on_abstract: int  #: decisions made on the abstract (the rest on the title alone)
    by_category: tuple[tuple[str, Tally], ...]  #: in taxonomy order
    by_topic: tuple[tuple[str, Tally], ...]  #: keyword -> tally, in taxonomy order


def parse_scope(text: str, path: str) -> tuple[tuple[ScopeDecision, ...], list[Problem]]:
    """The decisions of a scope file and a located problem for every malformed row."""
    problems: list[Problem] = []
    lines = text.splitlines()
    if not lines or tuple(lines[0].split("\t")) != COLUMNS:
        header = "\t".join(COLUMNS)
        return (), [Problem(path, 1, CODE, f"the first line must be the header: {header}")]
    decisions: list[ScopeDecision] = []
    for number, line in enumerate(lines[1:], 2):
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) != len(COLUMNS):
            message = f"{len(cells)} tab-separated cells, expected {len(COLUMNS)}"
            problems.append(Problem(path, number, CODE, message))
            continue
        row = ScopeDecision(*[cell.strip() for cell in cells], line=number)  # type: ignore[arg-type, misc]
        problems += _row_problems(row, path)
        decisions.append(row)
    return tuple(decisions), problems


def _row_problems(row: ScopeDecision, path: str) -> Iterator[Problem]:
    def problem(message: str) -> Problem:
        return Problem(path, row.line, CODE, message)

    if not _ID.fullmatch(row.neuripsid):
        yield problem(f"neuripsid '{row.neuripsid}' must be the listing's numeric id")
    if row.decision not in DECISIONS:
        yield problem(f"decision '{row.decision}' must be one of: {', '.join(DECISIONS)}")
    if row.basis not in BASES:
        yield problem(f"basis '{row.basis}' must be one of: {', '.join(BASES)}")
    if not _DATE.fullmatch(row.reviewed) or not is_calendar_date(row.reviewed):
        yield problem(f"reviewed '{row.reviewed}' must be a date, YYYY-MM-DD")
    for name in ("reason", "title"):
        controls = invisible_controls(getattr(row, name))
        if controls:
            yield problem(f"{name} holds {', '.join(controls)}, which readers cannot see")
    if not row.reason:
        yield problem("every decision needs its reason, in a few words")
    if not row.title:
        yield problem("the listing's title is missing")
    if row.decision != "out" and not row.home:
        yield problem(f"a decision '{row.decision}' needs the home keyword it would be filed under")
    if row.entry and row.decision == "undecided":
        # An entry is either in scope or an out-of-scope item kept from the original list.
        yield problem(f"entry '{row.entry}' is in the collection: decide 'in' or 'out'")


def check_scope(
    decisions: Sequence[ScopeDecision], collection: Collection, path: str
) -> list[Problem]:
    """The decisions against the collection: every named entry exists and carries the row's
    id, every entry with a neuripsid has its row, homes are taxonomy keywords."""
    problems: list[Problem] = []
    by_key = collection.by_key()
    keywords = collection.taxonomy.topics_by_keyword()
    seen: Counter[str] = Counter(row.neuripsid for row in decisions)
    for row in decisions:
        if seen[row.neuripsid] > 1:
            message = f"neuripsid {row.neuripsid} has {seen[row.neuripsid]} rows; keep one"
            problems.append(Problem(path, row.line, CODE, message))
        if row.home and row.home not in keywords:
            message = f"home '{row.home}' is not a category/topic of the taxonomy"
            problems.append(Problem(path, row.line, CODE, message))
        if not row.entry:
            continue
        paper = by_key.get(row.entry)
        if paper is None:
            message = f"entry '{row.entry}' is not in the collection"
            problems.append(Problem(path, row.line, CODE, message))
        elif paper.neuripsid != row.neuripsid:
            message = (
                f"entry '{row.entry}' has neuripsid '{paper.neuripsid}', "
                f"the row has {row.neuripsid}"
            )
            problems.append(Problem(path, row.line, CODE, message))
    named = {row.entry for row in decisions if row.entry}
    for paper in collection.papers:
        # Tutorials and talks have neurips.cc ids too, but the listing holds only papers.
        listed = paper.track in NEURIPS_TRACKS or paper.track == "unconfirmed"
        if listed and paper.neuripsid and paper.key not in named:
            message = (
                f"{paper.key}: neuripsid {paper.neuripsid} has no row naming this entry "
                f"in {path}; add its decision"
            )
            problems.append(Problem(paper.path, paper.line, CODE, message))
    return problems


def _tally(rows: Sequence[ScopeDecision], by_key: dict[str, Paper]) -> Tally:
    papers = [by_key[row.entry] for row in rows if row.entry in by_key]
    listed = sum(1 for p in papers if p.is_listed)
    return Tally(len(rows), len(papers), len(papers) - listed, listed)


def coverage(collection: Collection) -> Coverage:
    """The counts shown to readers, from the collection's scope decisions; categories and
    topics in taxonomy order. A decision counts where its entry's home is (else its own)."""
    decisions = collection.scope
    in_scope = [row for row in decisions if row.decision == "in"]
    by_key = collection.by_key()

    def home(row: ScopeDecision) -> str:
        paper = by_key.get(row.entry)
        return paper.keywords[0] if paper and paper.keywords else row.home

    homes = [(home(row), row) for row in in_scope]
    taxonomy = collection.taxonomy
    by_category = tuple(
        (c.slug, _tally([r for h, r in homes if h.split("/")[0] == c.slug], by_key))
        for c in taxonomy.categories
    )
    by_topic = tuple(
        (t.keyword, _tally([r for h, r in homes if h == t.keyword], by_key))
        for c in taxonomy.categories
        for t in c.topics
    )
    return Coverage(
        reviewed=len(decisions),
        in_scope=len(in_scope),
        out_of_scope=sum(1 for row in decisions if row.decision == "out"),
        undecided=sum(1 for row in decisions if row.decision == "undecided"),
        with_entry=sum(1 for row in in_scope if row.entry),
        latest_review=max((row.reviewed for row in decisions), default=""),
        on_abstract=sum(1 for row in decisions if row.basis == "abstract"),
        by_category=by_category,
        by_topic=by_topic,
    )


def with_entries(text: str, entries: dict[str, str]) -> str:
    """The scope file ``text`` with each row of ``entries`` (neuripsid -> key) naming its
    new entry; the decision, its basis, date and reason are kept. Only those rows' lines
    change, so the edit is a one-line diff per paper."""
    lines = text.split("\n")
    for number, line in enumerate(lines[1:], 1):
        cells = line.split("\t")
        if len(cells) == len(COLUMNS) and cells[0].strip() in entries:
            cells[COLUMNS.index("entry")] = entries[cells[0].strip()]
            lines[number] = "\t".join(cells)
    return "\n".join(lines)


SCOPE_DOWNLOAD = "scope.tsv"  #: the decisions as served to readers, beside the exports


def scope_tsv(decisions: Sequence[ScopeDecision]) -> bytes:
    """The decisions as the file they were read from (header, one row each, in neuripsid
    order): what the site serves, so a reader can see what was reviewed and why."""
    rows = sorted(decisions, key=lambda row: int(row.neuripsid) if row.neuripsid.isdigit() else 0)
    lines = ["\t".join(COLUMNS)]
    lines += ["\t".join(getattr(row, name) for name in COLUMNS) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")
