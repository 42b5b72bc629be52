"""What an item is and where it appeared, decided once for every citation format.

RIS and CSL-JSON each need the item's kind (conference paper, journal article, preprint, talk,
blog post, other) and its venue split into the proceedings or journal it appeared in and the
event it was presented at. Deciding that here keeps the formats in agreement, and keeps the one
rule that matters for a reference site truthful: only a NeurIPS 2025 paper is ever placed in
the NeurIPS 2025 proceedings, and an item whose venue no primary source confirmed
(``track = {unconfirmed}``) is never placed anywhere; its claimed venue goes into a note.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from bibtools.data.contract import NEURIPS_BOOKTITLE, NEURIPS_CONFERENCE, TRACKS
from bibtools.data.model import Paper


class Kind(Enum):
    """What an item is, in the terms citation formats share."""

    NEURIPS = "neurips"  #: a NeurIPS 2025 paper
    PROCEEDINGS = "proceedings"  #: a paper at another conference or workshop
    JOURNAL = "journal"  #: a journal article
    PREPRINT = "preprint"  #: a preprint (arXiv) with no confirmed venue
    TALK = "talk"  #: a tutorial or an expo talk
    BLOG = "blog"  #: a blog post
    OTHER = "other"  #: anything else


@dataclass(frozen=True)
class Placement:
    """Where an item appeared; empty strings where it did not."""

    kind: Kind
    container: str = ""  #: the proceedings or journal it is printed in
    event: str = ""  #: the conference, workshop or meeting it was presented at
    genre: str = ""  #: what it is, in words: "arXiv preprint", "Tutorial", "Blog post"
    note: str = ""  #: what a reader must know: an unconfirmed venue


def _decoded(paper: Paper, name: str) -> str:
    """A field the model does not name, decoded as the contract says (booktitle, journal)."""
    value = paper.value(name)
    return value if isinstance(value, str) else ", ".join(value)


def _is_arxiv(venue: str) -> bool:
    return "arxiv" in venue.casefold()


def placement(paper: Paper) -> Placement:
    """Where ``paper`` appeared, as every export states it."""
    venue = paper.venue.strip()
    if paper.is_neurips2025:
        return Placement(Kind.NEURIPS, container=NEURIPS_BOOKTITLE, event=NEURIPS_CONFERENCE)
    if paper.track == "unconfirmed":
        claimed = f"listed as {venue}, but " if venue and not _is_arxiv(venue) else ""
        note = f"Venue unconfirmed: {claimed}no primary source confirms a venue"
        if paper.eprint:
            return Placement(Kind.PREPRINT, genre="arXiv preprint", note=note)
        return Placement(Kind.OTHER, note=note)
    if paper.entry_type == "article":
        return Placement(Kind.JOURNAL, container=_decoded(paper, "journal") or venue)
    if paper.entry_type == "inproceedings":
        return Placement(
            Kind.PROCEEDINGS, container=_decoded(paper, "booktitle") or venue, event=venue
        )
    # @misc: what the venue says it is.
    if paper.track in ("tutorial", "expo"):
        return Placement(Kind.TALK, event=venue, genre=TRACKS[paper.track])
    if venue.casefold().startswith("blog"):
        return Placement(Kind.BLOG, genre=venue)
    if _is_arxiv(venue) or (not venue and paper.eprint):
        return Placement(Kind.PREPRINT, genre=venue or "arXiv preprint")
    if paper.track == "workshop":
        return Placement(Kind.PROCEEDINGS, event=venue)
    return Placement(Kind.OTHER, container=venue)
