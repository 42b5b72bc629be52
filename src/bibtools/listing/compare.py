"""The collection against a conference listing: every drift. Pure.

Matching: an entry with a ``neuripsid`` is looked up by that id (the lowest of a title's
ids, or one of its others); an entry without one, or whose id the listing does not hold,
by :func:`~bibtools.listing.parse.title_key` of its title. When an id names a paper with
another title, it is the same paper (a renamed title) only if the authors agree too;
otherwise the id is wrong, and the entry is looked up by its title instead.

Comparison, for a NeurIPS 2025 entry (``track`` main or datasets-and-benchmarks) that the
listing holds:

- ``title``: after LaTeX decoding, Unicode NFKC, typographic quotes and dashes folded and
  white space collapsed; case counts (a title is cited as written);
- ``author``: the lists in order, name by name (:func:`same_name`); an entry whose list
  ends in ``and others`` must match the listing's first names, and is drift when the
  listing gives more. Not compared when the listing gives no authors;
- ``neuripsid``: the id must be the listing's lowest id of the title;
- ``presentation``: an oral has two events (its oral and its poster), or an ``oral`` event
  when the listing gives types: ``oral`` with one event, or two events (an ``oral``
  event) and not ``oral``, is drift; a ``spotlight`` event must be ``spotlight``.

Every NeurIPS 2025 entry the listing does not hold is drift (``track``; for an entry with
a ``neuripsid``, reported on that id), and so is every other item (``unconfirmed``,
``other-venue``, ...) the listing does hold (``track``).

A field the entry names in ``listingdrift`` is accepted: its drift is not reported. A field
named there that the listing now agrees with is reported (``listingdrift``), so the list
does not outlive its reason.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from bibtools.bibtex.latex import latex_to_text
from bibtools.data.contract import LISTING_FIELDS
from bibtools.data.drift import comparable, drift_problem, quote
from bibtools.data.model import Collection, Paper
from bibtools.errors import Problem
from bibtools.listing.parse import Listed, Listing, title_key

SOURCE = "listing"
_NICKNAME = re.compile(r"\([^()]*\)|(?<!\S)(\"[^\"]*\"|'[^'\s]*')(?!\S)")
_NAME_PUNCTUATION = re.compile(r"[.\-‐‑'’`,]")


@dataclass(frozen=True)
class ListingDrift:
    """One difference between an entry and the listing."""

    paper: Paper
    field: str  #: one of contract.LISTING_FIELDS, or "listingdrift"
    bib: str  #: what the entry says, for the message
    found: str  #: what the listing says, for the message

    def problem(self) -> Problem:
        return drift_problem(self.paper, self.field, self.bib, self.found, SOURCE)


@dataclass
class Comparison:
    """What a run found."""

    drifts: list[ListingDrift] = field(default_factory=list)
    accepted: list[ListingDrift] = field(default_factory=list)  #: named in listingdrift
    compared: int = 0
    matched: int = 0  #: entries the listing holds


def listing_title(title: str) -> str:
    """A listing's title as text: LaTeX decoded when it holds any (``Top-$p$``,
    ``$\\mu$P``), as the entry's title is."""
    return latex_to_text(title) if "$" in title or "\\" in title else title


def name_words(name: str) -> tuple[str, ...]:
    """A name's words as compared: accents and case folded; a nickname in parentheses or
    quotes dropped (``Shaochen (Henry) Zhong``, ``Zhangyang "Atlas" Wang``); full stops,
    hyphens, apostrophes and commas are word breaks (``Jean-Pierre`` = ``Jean Pierre``)."""
    name = _NICKNAME.sub(" ", comparable(name))
    decomposed = unicodedata.normalize("NFKD", name)
    folded = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return tuple(_NAME_PUNCTUATION.sub(" ", folded).split())


def _initial_of(short: str, full: str) -> bool:
    return len(short) == 1 and full.startswith(short)


def same_name(a: str, b: str) -> bool:
    """Whether two spellings name one person.

    Equal after :func:`name_words` (or equal once the words are run together: ``Yu-Hao`` =
    ``Yuhao``), or: the same first and last word, and middle names that are missing on
    one side, or the same with initials for names (``Edwin R. Hancock`` = ``Edwin Hancock``
    = ``Edwin Robert Hancock``). A first name is never matched by its initial alone
    (``J. Smith`` is not ``John Smith``: the entry should give the name as the paper does),
    and a different order of the words (``Zhang Wei`` against ``Wei Zhang``) is drift.
    """
    x, y = name_words(a), name_words(b)
    if x == y or ("".join(x) == "".join(y) and x):
        return True
    if len(x) < 2 or len(y) < 2 or x[0] != y[0] or x[-1] != y[-1]:
        return False
    mx, my = x[1:-1], y[1:-1]
    if not mx or not my:
        return True
    if len(mx) != len(my):
        return False
    return all(
        p == q or _initial_of(p, q) or _initial_of(q, p) for p, q in zip(mx, my, strict=True)
    )


def _names(names: Iterable[str]) -> str:
    return quote("; ".join(names))


def _ids(listed: Listed) -> str:
    return ", ".join(listed.ids)


def _author_drift(paper: Paper, listed: Listed) -> ListingDrift | None:
    ours = [a.display for a in paper.authors]
    theirs = list(listed.authors)
    shown = ours + (["others"] if paper.more_authors else [])
    if paper.more_authors:
        agree = len(theirs) >= len(ours) and all(map(same_name, ours, theirs))
        if agree and len(theirs) == len(ours):
            return None
        if agree:
            where = f"the entry ends in 'and others'; the listing gives all {len(theirs)}"
            return ListingDrift(paper, "author", _names(shown), f"{_names(theirs)} ({where})")
    elif len(ours) == len(theirs) and all(map(same_name, ours, theirs)):
        return None
    pairs = list(zip(ours, theirs, strict=False))
    first = next((i for i, (p, q) in enumerate(pairs) if not same_name(p, q)), len(pairs))
    if len(ours) != len(theirs) and not paper.more_authors:
        where = f"{len(ours)} authors against {len(theirs)}"
        if first < len(pairs):
            where += f"; author {first + 1} differs"
    elif sorted(map(name_words, ours)) == sorted(map(name_words, theirs)):
        where = f"the same names in another order; author {first + 1} differs"
    else:
        where = f"author {first + 1} differs"
    return ListingDrift(paper, "author", _names(shown), f"{_names(theirs)} ({where})")


def _presentation_drift(paper: Paper, listed: Listed) -> ListingDrift | None:
    events = len(listed.ids)
    kinds = f" ({'; '.join(listed.events)})" if listed.events else ""
    said = f"{events} event{'s' if events != 1 else ''}{kinds}: {_ids(listed)}"
    have = quote(paper.presentation)
    if paper.presentation == "oral" and not listed.is_oral:
        why = "no oral event" if listed.events else "an oral has two, its oral and its poster"
        return ListingDrift(paper, "presentation", have, f"{said} ({why})")
    if listed.is_oral and paper.presentation != "oral":
        why = "an oral event" if listed.events else "two events: an oral's oral and poster"
        return ListingDrift(paper, "presentation", have, f"{said} ({why})")
    if "spotlight" in listed.events and paper.presentation != "spotlight":
        return ListingDrift(paper, "presentation", have, f"{said} (a spotlight event)")
    return None


def _close(paper: Paper, listed: Listed) -> bool:
    """Whether a listed paper under the entry's id but with another title is the same paper:
    the author lists agree (or, when either has none, the titles share most words)."""
    ours = [a.display for a in paper.authors]
    if ours and listed.authors:
        return _shared(ours, listed.authors) * 2 > min(len(ours), len(listed.authors))
    a = set(title_key_words(paper.title))
    b = set(title_key_words(listed.title))
    return bool(a and b) and len(a & b) * 2 > max(len(a), len(b))


def _shared(ours: Sequence[str], theirs: Sequence[str]) -> int:
    """How many of ``ours`` are somewhere in ``theirs`` (order aside)."""
    return sum(1 for name in ours if any(same_name(name, other) for other in theirs))


def title_key_words(title: str) -> list[str]:
    return [title_key(word) for word in title.split() if title_key(word)]


def _by_title(listing: Listing, paper: Paper) -> Listed | None:
    """The listed paper with the entry's title; of two with one title, the one whose
    authors agree best (then the lowest id)."""
    found = listing.by_title.get(title_key(paper.title), ())
    if len(found) <= 1:
        return found[0] if found else None
    ours = [a.display for a in paper.authors]

    def score(listed: Listed) -> tuple[int, int]:
        return (-_shared(ours, listed.authors), int(listed.neuripsid))

    return min(found, key=score)


def _match(paper: Paper, listing: Listing) -> tuple[Listed | None, list[ListingDrift]]:
    """The listed paper the entry is, and the drift of its ``neuripsid``."""
    by_title = _by_title(listing, paper)
    if not paper.neuripsid:
        return by_title, []
    have = quote(paper.neuripsid)
    listed = listing.by_id.get(paper.neuripsid)
    if listed is not None and (
        title_key(listed.title) == title_key(paper.title) or _close(paper, listed)
    ):
        if listed.neuripsid != paper.neuripsid:
            found = f"{quote(listed.neuripsid)}, the lowest of the title's ids {_ids(listed)}"
            return listed, [ListingDrift(paper, "neuripsid", have, found)]
        return listed, []
    if not paper.is_neurips2025 and listed is None:
        return by_title, []  # a workshop's or a talk's neurips.cc id: not in this listing
    if listed is not None:
        found = f"{quote(paper.neuripsid)} for another paper, {quote(listed.title)}"
    else:
        found = "no such id"
    if by_title is not None:
        found += f"; it lists this title as {quote(by_title.neuripsid)}"
    elif paper.is_neurips2025:
        found += ", nor this title (not a paper the conference lists?)"
    return by_title, [ListingDrift(paper, "neuripsid", have, found)]


def compare_paper(
    paper: Paper, listing: Listing
) -> tuple[list[ListingDrift], set[str], Listed | None]:
    """The entry's drift (before ``listingdrift`` is applied), the fields compared, and the
    listed paper it is (None: the listing does not hold it)."""
    listed, drifts = _match(paper, listing)
    compared = {"track"} | ({"neuripsid"} if paper.neuripsid else set())
    if not paper.is_neurips2025:
        if listed is not None:
            found = f"this title as {quote(listed.neuripsid)}, a NeurIPS 2025 paper"
            drifts.append(ListingDrift(paper, "track", quote(paper.track), found))
        return drifts, compared, listed
    if listed is None:
        if not drifts:  # an entry with a neuripsid has said so on that line
            found = "no paper with this title (not a paper the conference lists?)"
            drifts.append(ListingDrift(paper, "track", quote(paper.track), found))
        return drifts, compared, listed
    compared |= {"title", "presentation"}
    if comparable(paper.title) != comparable(listing_title(listed.title)):
        drifts.append(ListingDrift(paper, "title", quote(paper.title), quote(listed.title)))
    if listed.authors and paper.authors:
        compared.add("author")
        author = _author_drift(paper, listed)
        if author is not None:
            drifts.append(author)
    presentation = _presentation_drift(paper, listed)
    if presentation is not None:
        drifts.append(presentation)
    return drifts, compared, listed


def listing_drift_fields(paper: Paper) -> tuple[str, ...]:
    """The fields the entry's ``listingdrift`` names (the rules check the names)."""
    return tuple(n.strip() for n in paper.raw("listingdrift").split(",") if n.strip())


def compare(
    collection: Collection, listing: Listing, papers: Sequence[Paper] | None = None
) -> Comparison:
    """Every drift between ``papers`` (default: the whole collection) and ``listing``."""
    result = Comparison()
    for paper in collection.papers if papers is None else papers:
        drifts, compared, listed = compare_paper(paper, listing)
        result.compared += 1
        result.matched += listed is not None
        kept = listing_drift_fields(paper)
        for drift in drifts:
            (result.accepted if drift.field in kept else result.drifts).append(drift)
        drifted = {d.field for d in drifts}
        stale = [n for n in LISTING_FIELDS if n in kept and n in compared and n not in drifted]
        if stale:
            found = f"no drift in {quote(', '.join(stale))} now (remove it from listingdrift)"
            result.drifts.append(ListingDrift(paper, "listingdrift", quote(", ".join(kept)), found))
    return result
