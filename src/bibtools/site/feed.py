"""The Atom feed of the most recent additions (entries' ``added`` dates), via feedgen."""

from __future__ import annotations

from feedgen.feed import FeedGenerator  # type: ignore[import-untyped]

from bibtools.data.model import Collection, Paper
from bibtools.site.meta import SITE_NAME, description
from bibtools.site.urls import FEED, ROOT_PAGE, page, paper_doc

FEED_SIZE = 50


def _stamps(dated: list[Paper]) -> dict[str, str]:
    """Each entry's ``updated`` time: its ``added`` date (the fact), and a second of that
    day for its place among the day's additions (by key). Only the date is known; the
    seconds keep the times distinct, as Atom readers expect (the W3C validator warns of
    entries sharing one), and say the same order the feed does."""
    stamps: dict[str, str] = {}
    count: dict[str, int] = {}
    for paper in sorted(dated, key=lambda p: (p.added, p.key)):
        n = count[paper.added] = count.get(paper.added, -1) + 1
        clock = f"{n // 3600:02d}:{n // 60 % 60:02d}:{n % 60:02d}"
        stamps[paper.key] = f"{paper.added}T{clock}+00:00"
    return stamps


def atom_feed(collection: Collection, base_url: str) -> bytes:
    """The newest entries first; links absolute when ``base_url`` is known, else relative.

    Deterministic: every date comes from the data, never from the clock.
    """
    dated = sorted(
        (p for p in collection.papers if p.added), key=lambda p: (p.added, p.key), reverse=True
    )[:FEED_SIZE]
    base = base_url.rstrip("/") + "/" if base_url else ""
    feed = FeedGenerator()
    feed.id(base + FEED if base else "urn:bibtools:neurips25-mlsys")
    feed.title(f"{SITE_NAME}: new entries")
    feed.link(href=base + ROOT_PAGE, rel="alternate")
    feed.link(href=base + FEED, rel="self", type="application/atom+xml")
    # Atom needs an author for every entry: the site's, for entries without one.
    feed.author(name=SITE_NAME)
    feed.language("en")
    feed.generator("bibtools")
    stamps = _stamps(dated)
    feed.updated(stamps[dated[0].key] if dated else "2025-01-01T00:00:00+00:00")
    for paper in reversed(dated):  # feedgen prepends
        url = base + page(paper_doc(paper.key))
        entry = feed.add_entry()
        entry.id(url if base else f"urn:bibtools:{paper.key}")
        entry.title(paper.title)
        entry.link(href=url)
        entry.updated(stamps[paper.key])
        entry.summary(description(paper))
        if paper.authors:  # in one call: feedgen redoes its whole author list on each
            entry.author([{"name": author.display} for author in paper.authors])
    data: bytes = feed.atom_str(pretty=True)
    return data
