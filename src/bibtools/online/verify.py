"""``bibtools verify``: compare entries with OpenReview and arXiv, and the fixes.

What is compared, and against what:

- an entry with an ``openreview`` id: its title, authors (order and names), track and
  presentation against the OpenReview note (the camera-ready is the primary source); its
  ``eprint``, if any, only has to exist on arXiv and name the same paper;
- an entry with only an ``eprint``: its title and authors against the arXiv record;
- titles are compared after LaTeX decoding, Unicode NFKC and folding of typographic quotes
  and dashes; names also ignore case and full stops (``S. Kevin`` = ``S Kevin``);
- a note whose title shares little with the entry's is reported as a different paper
  (a wrong id), and nothing is fixed from it;
- a field listed in ``unverified`` that a source has now confirmed is drift too: ``--fix``
  removes it from the list (and drops ``unverified`` when it becomes empty).

Fixable: title, author, track (between the two NeurIPS tracks), presentation, unverified.
A withdrawn, rejected or other-venue note, an unknown id or a different paper is reported
for a human to settle. ``annote`` is never touched.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import TYPE_CHECKING

from bibtools.bibtex.edit import set_fields
from bibtools.data.contract import FIELD_ORDER, NEURIPS_TRACKS
from bibtools.data.drift import comparable, drift_problem, quote
from bibtools.data.model import Paper
from bibtools.errors import Problem, Unreachable, UnsafeValue
from bibtools.online.fetch import fetch_arxiv, fetch_openreview
from bibtools.online.sources import (
    ARXIV,
    OPENREVIEW,
    Record,
)
from bibtools.online.values import bibtex_authors, bibtex_title, comparable_name, printable

if TYPE_CHECKING:  # the client needs httpx; add --listing imports this module without it
    from bibtools.online.http import Fetcher

SAME_PAPER = 0.6  # title similarity below which a record is taken for another paper
FIXABLE = ("title", "author", "track", "presentation", "unverified")


@dataclass(frozen=True)
class Drift:
    """One difference between an entry and a source."""

    paper: Paper
    field: str
    bib: str  #: what the entry says, for the message
    found: str  #: what the source says, for the message
    source: str  #: OPENREVIEW or ARXIV
    fix: str | None = None  #: the BibTeX value to write ('' drops the field); None: by hand

    def problem(self, code: str = "drift") -> Problem:
        """``path:line: drift: key: field: bib has ..., OpenReview has ...`` (``fixed``:
        bib had), the line ``bibtools verify --listing`` prints too."""
        return drift_problem(self.paper, self.field, self.bib, self.found, self.source, code)


def _quote(text: str) -> str:
    return quote(printable(text))


def _names(names: Iterable[str]) -> str:
    return _quote("; ".join(names))


def same_paper(a: str, b: str) -> bool:
    return SequenceMatcher(None, comparable(a).casefold(), comparable(b).casefold()).ratio() >= (
        SAME_PAPER
    )


def _fix_or_reason(value: Callable[[], str]) -> tuple[str | None, str]:
    """The BibTeX value a fix writes, or None and why a source's string is not written."""
    try:
        return value(), ""
    except UnsafeValue as err:
        return None, f" (not fixable: {err})"


def _compare_text(paper: Paper, record: Record) -> list[Drift]:
    """Title and authors."""
    drifts: list[Drift] = []
    title = paper.title
    if comparable(title) != comparable(record.title):
        fix, why = _fix_or_reason(lambda: bibtex_title(record.title))
        drifts.append(
            Drift(paper, "title", _quote(title), _quote(record.title) + why, record.source, fix)
        )
    bib_names = [a.display for a in paper.authors] + (["others"] if paper.more_authors else [])
    if [comparable_name(n) for n in bib_names] != [comparable_name(n) for n in record.authors]:
        pairs = list(zip(bib_names, record.authors, strict=False))
        first = next(
            (i for i, (a, b) in enumerate(pairs) if comparable_name(a) != comparable_name(b)),
            len(pairs),
        )
        where = (
            f"author {first + 1} differs"
            if first < len(pairs)
            else f"{len(bib_names)} authors against {len(record.authors)}"
        )
        fix, why = (
            _fix_or_reason(lambda: bibtex_authors(record.authors)) if record.authors else (None, "")
        )
        found = f"{_names(record.authors)} ({where}){why}"
        drifts.append(Drift(paper, "author", _names(bib_names), found, record.source, fix))
    return drifts


def compare_openreview(paper: Paper, record: Record) -> tuple[list[Drift], set[str]]:
    """Drift against the note, and the fields the note confirms."""
    if not record.found:
        return [
            Drift(paper, "openreview", _quote(paper.openreview), "no such note", OPENREVIEW)
        ], set()
    if not same_paper(paper.title, record.title):
        found = f"{_quote(paper.openreview)} titled {_quote(record.title)} (another paper?)"
        return [Drift(paper, "openreview", _quote(paper.openreview), found, OPENREVIEW)], set()
    drifts = _compare_text(paper, record)
    confirmed = {"title", "author", "openreview", "url"}
    if not record.track:
        found = f"{_quote(record.status)}, not a NeurIPS 2025 paper (set track and venue by hand)"
        drifts.append(Drift(paper, "track", _quote(paper.track), found, OPENREVIEW))
        return drifts, set()
    confirmed.add("track")
    if record.track != paper.track:
        fix = record.track if paper.track in NEURIPS_TRACKS else None
        found = f"{_quote(record.track)} ({record.status})"
        drifts.append(Drift(paper, "track", _quote(paper.track), found, OPENREVIEW, fix))
    if record.presentation:
        confirmed.add("presentation")
        if record.presentation != paper.presentation:
            fix = record.presentation if paper.is_neurips2025 else None
            found = f"{_quote(record.presentation)} ({_quote(record.venue)})"
            drifts.append(
                Drift(paper, "presentation", _quote(paper.presentation), found, OPENREVIEW, fix)
            )
    return drifts, confirmed


def compare_arxiv(paper: Paper, record: Record, primary: bool) -> tuple[list[Drift], set[str]]:
    """Drift against the arXiv record; ``primary`` when the entry has no OpenReview id."""
    if not record.found:
        why = f" ({record.reason})" if record.reason else ""
        return [Drift(paper, "eprint", _quote(paper.eprint), f"no such record{why}", ARXIV)], set()
    if not same_paper(paper.title, record.title):
        found = f"{_quote(paper.eprint)} titled {_quote(record.title)} (another paper?)"
        return [Drift(paper, "eprint", _quote(paper.eprint), found, ARXIV)], set()
    if not primary:
        return [], {"eprint", "archiveprefix"}
    return _compare_text(paper, record), {"eprint", "archiveprefix", "title", "author"}


def settle(paper: Paper, drifts: list[Drift], confirmed: set[str]) -> list[Drift]:
    """``drifts`` plus, when a source confirmed fields listed in ``unverified``, that too."""
    unsettled = {d.field for d in drifts if d.fix is None}
    settled = [n for n in paper.unverified if n in confirmed and n not in unsettled]
    if not settled:
        return drifts
    remaining = [n for n in paper.unverified if n not in settled]
    source = OPENREVIEW if confirmed & {"openreview", "track"} else ARXIV
    if any(d.source == ARXIV for d in drifts) and source == OPENREVIEW:
        source = f"{OPENREVIEW}/{ARXIV}"
    found = f"confirmed {_quote(', '.join(settled))}"
    return [
        *drifts,
        Drift(
            paper,
            "unverified",
            _quote(", ".join(paper.unverified)),
            found,
            source,
            ", ".join(remaining),
        ),
    ]


@dataclass
class Outcome:
    """What a run found: drift, how many entries were checked, what could not be reached."""

    drifts: list[Drift] = field(default_factory=list)
    checked: int = 0
    skipped: int = 0  #: entries with neither an OpenReview id nor an arXiv id
    failures: dict[str, Unreachable] = field(default_factory=dict)  #: by service
    unchecked: int = 0  #: entries a failure kept from being checked in full


Tick = Callable[[str], None]


def verify(
    papers: Sequence[Paper],
    fetcher: Fetcher,
    openreview_api: str,
    arxiv_api: str,
    tick: Tick = lambda _key: None,
) -> Outcome:
    """Compare every paper that has an id with its sources; never raises for the network."""
    outcome = Outcome()
    arxiv = fetch_arxiv(
        fetcher, arxiv_api, [p.eprint for p in papers if p.eprint], outcome.failures
    )
    for paper in papers:
        tick(paper.key)
        if not (paper.openreview or paper.eprint):
            outcome.skipped += 1
            continue
        drifts: list[Drift] = []
        confirmed: set[str] = set()
        complete = True
        if paper.openreview:
            note = fetch_openreview(fetcher, openreview_api, paper.openreview, outcome.failures)
            if note is None:
                complete = False
            else:
                found, ok = compare_openreview(paper, note)
                drifts += found
                confirmed |= ok
        if paper.eprint:
            record = arxiv.get(paper.eprint)
            if record is None:
                complete = False
            else:
                found, ok = compare_arxiv(paper, record, primary=not paper.openreview)
                drifts += found
                confirmed |= ok
        if complete:
            outcome.checked += 1
            outcome.drifts += settle(paper, drifts, confirmed)
        else:
            outcome.unchecked += 1
            outcome.drifts += drifts
    return outcome


def changes_for(drifts: Iterable[Drift]) -> dict[str, str | None]:
    """The field edits that fix ``drifts`` (those a program may fix)."""
    changes: dict[str, str | None] = {}
    for drift in drifts:
        if drift.fix is None or drift.field not in FIXABLE:
            continue
        changes[drift.field] = drift.fix if drift.fix else None
    return changes


def apply_fixes(text: str, path: str, drifts: Iterable[Drift]) -> tuple[str, list[Drift]]:
    """``text`` with every fixable drift of its entries fixed; the drifts fixed."""
    by_key: dict[str, list[Drift]] = {}
    for drift in drifts:
        if drift.paper.path == path:
            by_key.setdefault(drift.paper.key, []).append(drift)
    fixed: list[Drift] = []
    for key, group in by_key.items():
        changes = changes_for(group)
        if changes:
            text = set_fields(text, path, key, changes, FIELD_ORDER)
            fixed += [d for d in group if d.field in changes]
    return text, fixed
