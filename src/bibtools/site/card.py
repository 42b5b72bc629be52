"""A paper wherever it is listed: its badges, its authors in short, and its compact entry.

``render_badges`` draws the badge row (on the paper's own page too, see
:mod:`bibtools.site.pages.paper`); ``list_entry`` is the short form on list pages.
"""

from __future__ import annotations

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
        unsure = " (unconfirmed)" if paper.presentation_unconfirmed else ""
        label = PRESENTATIONS[paper.presentation] + unsure
        badges.append(f"{{bdg-{style}-line}}`{label}`")
        if paper.track == "datasets-and-benchmarks":
            badges.append("{bdg-secondary-line}`Datasets & Benchmarks track`")
    elif paper.track == "unconfirmed":
        # Listed as NeurIPS 2025 somewhere, but no primary source seen: not "not a paper".
        badges.append("{bdg-dark}`NeurIPS 2025 not confirmed`")
    else:
        badges.append(f"{{bdg-dark}}`Not a NeurIPS 2025 paper: {TRACKS[paper.track]}`")
    if paper.unverified:
        # Which facts: the data notes say why; the badge says what.
        badges.append(f"{{bdg-secondary}}`Unverified: {', '.join(paper.unverified)}`")
    if paper.is_listed:
        badges.append(f"{{bdg-light}}`{LISTED_BADGE}`")
    return " ".join(badges)


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
