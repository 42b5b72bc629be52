"""A paper wherever it is listed: its badges, its authors in short, and its compact entry.

``badges`` are the badge row: ``render_badges`` draws it on list pages, ``badges_html`` on
the paper's own page (:mod:`bibtools.site.pages.paper`); ``list_entry`` is the short form
on list pages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import NamedTuple

from bibtools.data.contract import AWARDS, PRESENTATIONS, TRACKS
from bibtools.data.model import Paper
from bibtools.site import myst, rawhtml
from bibtools.site.meta import short_names
from bibtools.site.urls import PAPER_SUFFIX, paper_doc

#: The badge of a *listed* paper: its facts are here, its summary is not written yet.
LISTED_BADGE = "Summary not yet written"


class Badge(NamedTuple):
    """One badge: sphinx-design's badge classes, its text, and a tooltip ('' for none)."""

    classes: str
    text: str  #: our words, or BibTeX text (an item's venue, field names)
    tooltip: str = ""


# sphinx-design's classes for its badge roles: {bdg-<color>} and {bdg-<color>-line}.
def _filled(color: str) -> str:
    return f"sd-bg-{color} sd-bg-text-{color}"


def _line(color: str) -> str:
    return f"sd-outline-{color} sd-text-{color}"


def badges(paper: Paper) -> list[Badge]:
    """The badge row: award, presentation, track; a clear label for non-NeurIPS items; and
    whether facts are unverified or the summary is still to be written."""
    found: list[Badge] = []
    if paper.award:
        found.append(Badge(_filled("warning"), AWARDS[paper.award]))
    if paper.is_neurips2025:
        style = {"oral": "danger", "spotlight": "primary", "poster": "info"}.get(
            paper.presentation, "secondary"
        )
        label = PRESENTATIONS[paper.presentation]
        if paper.presentation_unconfirmed:
            found.append(
                Badge(
                    _line(style),
                    f"{label} (unconfirmed)",
                    "No primary source (OpenReview, neurips.cc) confirms this presentation "
                    "yet; the data notes say where it was seen",
                )
            )
        else:
            found.append(Badge(_line(style), label))
        if paper.track == "datasets-and-benchmarks":
            found.append(Badge(_line("secondary"), "Datasets & Benchmarks track"))
    elif paper.track == "unconfirmed":
        # Listed as NeurIPS 2025 somewhere, but no primary source seen: not "not a paper".
        found.append(Badge(_filled("dark"), "NeurIPS 2025 not confirmed"))
    else:
        # Naming the item's real venue.
        venue = paper.venue or TRACKS[paper.track]
        found.append(Badge(_filled("dark"), f"Not a NeurIPS 2025 paper: {venue}"))
    if paper.unverified:
        # Which facts: the badge says what, its tooltip why, the data notes where.
        fields = ", ".join(paper.unverified)
        found.append(
            Badge(
                _filled("secondary"),
                f"Unverified: {fields}",
                f"Not confirmed by a primary source: {fields}; see the data notes",
            )
        )
    if paper.is_listed:
        found.append(Badge(_filled("light"), LISTED_BADGE))
    return found


def _span(badge: Badge, content: str) -> str:
    """sphinx-design's badge markup around ``content`` (escaped by the caller)."""
    title = f' title="{rawhtml.attribute(badge.tooltip)}"' if badge.tooltip else ""
    return f'<span class="sd-sphinx-override sd-badge {badge.classes}"{title}>{content}</span>'


def render_badges(paper: Paper) -> str:
    """The badge row in a MyST paragraph: sphinx-design's markup as inline HTML (a badge
    role has no tooltip, and would print an escaped venue's backslashes) around MyST text."""
    return " ".join(_span(badge, myst.text(badge.text)) for badge in badges(paper))


def badges_html(paper: Paper) -> str:
    """The badge row as a raw HTML paragraph (site.rawhtml)."""
    spans = " ".join(_span(badge, rawhtml.text(badge.text)) for badge in badges(paper))
    return rawhtml.paragraph(spans)


#: Where a list's NeurIPS 2025 papers end and the original list's other items begin.
OTHERS_RUBRIC = "Also in the original list (not NeurIPS 2025 papers)"


def venue_apart(papers: Iterable[Paper], entry: Callable[[Paper], str]) -> list[str]:
    """``entry(paper)`` for each paper of a list in its order (NeurIPS 2025 papers first,
    see :func:`~bibtools.site.layout.highlight_rank`), with a rubric before the first
    item that is not a NeurIPS 2025 paper: the two are never interleaved."""
    out: list[str] = []
    apart = False
    for paper in papers:
        if not paper.is_neurips2025 and not apart:
            apart = True
            out += [f"```{{rubric}} {OTHERS_RUBRIC}", "```", ""]
        out.append(entry(paper))
    return out


def comparison_table(papers: Iterable[Paper]) -> str:
    """A topic's NeurIPS 2025 papers side by side, in list order: the paper (short name),
    its presentation and award, its code, its one-line claim. Closed until opened, so a
    topic's list stays first; '' for a topic with fewer than two such papers."""
    rows = []
    for paper in papers:
        if not paper.is_neurips2025:
            continue
        shown = PRESENTATIONS[paper.presentation]
        if paper.presentation_unconfirmed:
            shown += " (unconfirmed)"
        if paper.award:
            shown = f"{AWARDS[paper.award]}, {shown}"
        rows.append(
            [
                paper_link(paper.key, paper.shortname or paper.title),
                myst.text(shown),
                myst.link("Code", paper.code) if paper.code else "—",
                myst.text(paper.tldr) if paper.tldr else "—",
            ]
        )
    if len(rows) < 2:
        return ""
    table = myst.table(["Paper", "Presentation", "Code", "Claim (from the abstract)"], rows)
    return myst.dropdown(f"Compare these {len(rows)} papers", table, "comparison")


def paper_link(key: str, title: str) -> str:
    """A MyST link to the page of the paper ``key``, showing ``title``."""
    return myst.doc(paper_doc(key), title, PAPER_SUFFIX)


def short_authors(paper: Paper) -> str:
    return myst.text(short_names(paper)) if paper.authors else "*authors not known*"


def list_entry(paper: Paper, labels: tuple[str, ...], old_id: str = "") -> str:
    """A paper's compact entry in a topic's list; ``labels`` are its anchors there, and
    ``old_id`` an id kept for old links (``papers/<category>.html#<key>``)."""
    out = [myst.label(label) for label in labels]
    # Raw HTML: an id that is not a Sphinx label (the label <key> is the paper's page). Keys
    # are validated ([a-z0-9]+).
    old = f'<span id="{myst.slug_id(old_id)}"></span>' if old_id else ""
    # Not a heading: the paper's own page holds its title, and category pages stay short.
    out += [f"{old}**{paper_link(paper.key, paper.title)}**", ""]
    out += [render_badges(paper), ""]
    out += [short_authors(paper), ""]
    line = myst.text(paper.tldr) + " · " if paper.tldr else ""
    what = "facts and citation" if paper.is_listed else "summary and citation"
    # The links a reader most often wants, without a detour through the paper's page.
    direct = [myst.link("OpenReview", paper.url)] if paper.openreview else []
    direct += [myst.link("PDF", paper.pdf_url)] if paper.pdf_url else []
    direct += [myst.link("Code", paper.code)] if paper.code else []
    out += [" · ".join([line + paper_link(paper.key, what), *direct]), ""]
    return "\n".join(out)
