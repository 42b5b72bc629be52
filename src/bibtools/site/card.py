"""A paper wherever it is listed: its badges, its authors in short, and its compact entry.

``render_badges`` draws the badge row (on the paper's own page too, see
:mod:`bibtools.site.pages.paper`); ``list_entry`` is the short form on list pages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from bibtools.data.contract import AWARDS, PRESENTATIONS, TRACKS
from bibtools.data.model import Paper
from bibtools.site import myst
from bibtools.site.meta import short_names
from bibtools.site.urls import paper_doc

#: The badge of a *listed* paper: its facts are here, its summary is not written yet.
LISTED_BADGE = "Summary not yet written"


def render_badges(paper: Paper) -> str:
    """The badge row: award, presentation, track; a clear label for non-NeurIPS items; and
    whether facts are unverified or the summary is still to be written."""
    badges: list[str] = []
    if paper.award:
        badges.append(f"{{bdg-warning}}`{AWARDS[paper.award]}`")
    if paper.is_neurips2025:
        style = {"oral": "danger", "spotlight": "primary", "poster": "info"}.get(
            paper.presentation, "secondary"
        )
        label = PRESENTATIONS[paper.presentation]
        if paper.presentation_unconfirmed:
            badges.append(
                _badge(
                    f"sd-outline-{style} sd-text-{style}",
                    f"{label} (unconfirmed)",
                    "No primary source (OpenReview, neurips.cc) confirms this presentation "
                    "yet; the data notes say where it was seen",
                )
            )
        else:
            badges.append(f"{{bdg-{style}-line}}`{label}`")
        if paper.track == "datasets-and-benchmarks":
            badges.append("{bdg-secondary-line}`Datasets & Benchmarks track`")
    elif paper.track == "unconfirmed":
        # Listed as NeurIPS 2025 somewhere, but no primary source seen: not "not a paper".
        badges.append("{bdg-dark}`NeurIPS 2025 not confirmed`")
    else:
        badges.append(_other_venue_badge(paper))
    if paper.unverified:
        # Which facts: the badge says what, its tooltip why, the data notes where.
        fields = ", ".join(paper.unverified)
        badges.append(
            _badge(
                "sd-bg-secondary sd-bg-text-secondary",
                f"Unverified: {fields}",
                f"Not confirmed by a primary source: {fields}; see the data notes",
            )
        )
    if paper.is_listed:
        badges.append(f"{{bdg-light}}`{LISTED_BADGE}`")
    return " ".join(badges)


def _badge(classes: str, text: str, tooltip: str) -> str:
    """A badge with a tooltip (a sphinx-design badge role has none): sphinx-design's
    classes on raw HTML; ``text`` and ``tooltip`` escaped (field names and our words)."""
    return (
        f'<span class="sd-sphinx-override sd-badge {classes}" title="{myst.html_text(tooltip)}">'
        f"{myst.text(text)}</span>"
    )


def _other_venue_badge(paper: Paper) -> str:
    """'Not a NeurIPS 2025 paper: NeurIPS 2024', naming the item's real venue (BibTeX text:
    a badge role would print MyST escapes, so sphinx-design's badge classes on raw HTML
    around escaped text)."""
    venue = paper.venue or TRACKS[paper.track]
    return (
        '<span class="sd-sphinx-override sd-badge sd-bg-dark sd-bg-text-dark">'
        f"Not a NeurIPS 2025 paper: {myst.text(venue)}</span>"
    )


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
                myst.doc(paper_doc(paper.key), paper.shortname or paper.title),
                myst.text(shown),
                myst.link("Code", paper.code) if paper.code else "—",
                myst.text(paper.tldr) if paper.tldr else "—",
            ]
        )
    if len(rows) < 2:
        return ""
    table = myst.table(["Paper", "Presentation", "Code", "Claim (from the abstract)"], rows)
    return myst.dropdown(f"Compare these {len(rows)} papers", table, "comparison")


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
    out += [f"{old}**{myst.doc(paper_doc(paper.key), paper.title)}**", ""]
    out += [render_badges(paper), ""]
    out += [short_authors(paper), ""]
    line = myst.text(paper.tldr) + " · " if paper.tldr else ""
    what = "facts and citation" if paper.is_listed else "summary and citation"
    # The links a reader most often wants, without a detour through the paper's page.
    direct = [myst.link("OpenReview", paper.url)] if paper.openreview else []
    direct += [myst.link("PDF", paper.pdf_url)] if paper.pdf_url else []
    direct += [myst.link("Code", paper.code)] if paper.code else []
    out += [" · ".join([line + myst.doc(paper_doc(paper.key), what), *direct]), ""]
    return "\n".join(out)
