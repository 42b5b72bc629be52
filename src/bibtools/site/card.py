"""One paper as a MyST block: its badges, authors, links, summary, "also in" and BibTeX.

This is where a paper looks the way it does on every category page.
"""

from __future__ import annotations

from bibtools.data.contract import AWARDS, PRESENTATIONS, TRACKS
from bibtools.data.model import Collection, Paper
from bibtools.export.bibtex import to_bibtex
from bibtools.site import myst

AWARD_RANK = {"best-paper": 0, "runner-up": 1}
PRESENTATION_RANK = {"oral": 0, "spotlight": 1, "poster": 2, "unknown": 3}


def highlight_rank(paper: Paper) -> tuple[int, int, int, str]:
    """Awards first, then orals, spotlights, posters; other items last; then by title."""
    return (
        0 if paper.is_neurips2025 else 1,
        AWARD_RANK.get(paper.award, 2),
        PRESENTATION_RANK.get(paper.presentation, 4),
        paper.title.casefold(),
    )


def paper_label(key: str, category: str = "") -> str:
    """The Sphinx label of a paper: its key (home occurrence) or ``<category>-<key>``."""
    return f"{category}-{key}" if category else key


def render_badges(paper: Paper) -> str:
    """The badge row: award, presentation, track; and a clear label for non-NeurIPS items."""
    badges: list[str] = []
    if paper.award:
        badges.append(f"{{bdg-warning}}`{AWARDS[paper.award]}`")
    if paper.is_neurips2025:
        style = {"oral": "danger", "spotlight": "primary", "poster": "info"}.get(
            paper.presentation, "secondary"
        )
        badges.append(f"{{bdg-{style}-line}}`{PRESENTATIONS[paper.presentation]}`")
        if paper.track == "datasets-and-benchmarks":
            badges.append("{bdg-secondary-line}`Datasets & Benchmarks track`")
    else:
        badges.append(f"{{bdg-dark}}`Not a NeurIPS 2025 paper: {TRACKS[paper.track]}`")
    if paper.unverified:
        badges.append("{bdg-secondary}`Some facts unverified`")
    return " ".join(badges)


def render_authors(paper: Paper) -> str:
    if not paper.authors:
        return "*not known; see the data notes below*"
    names = ", ".join(author.display for author in paper.authors)
    return myst.text(names + (" et al." if paper.more_authors else ""))


def render_links(paper: Paper) -> str:
    links: list[str] = []
    if paper.openreview:
        links.append(myst.link("OpenReview", paper.url))
        links.append(myst.link("PDF", paper.pdf_url))
    elif paper.url:
        links.append(myst.link("Source", paper.url))
    if paper.eprint:
        links.append(myst.link(f"arXiv:{paper.eprint}", paper.arxiv_url))
    if paper.code:
        links.append(myst.link("Code", paper.code))
    if paper.projectpage:
        links.append(myst.link("Project page", paper.projectpage))
    return " · ".join(links)


class _SummaryMyST:
    """How a summary's spans are written in MyST."""

    def text(self, value: str) -> str:
        # Keep the spaces around text that sits next to bold or a reference.
        lead = " " if value[:1].isspace() else ""
        tail = " " if value[-1:].isspace() else ""
        return lead + myst.text(value) + tail

    def bold(self, value: str) -> str:
        return f"**{myst.text(value)}**"

    def ref(self, key: str) -> str:
        return myst.ref_auto(paper_label(key))


def render_summary(paper: Paper) -> str:
    return paper.summary.render(_SummaryMyST())


def render_also_in(paper: Paper, here: str, collection: Collection) -> str:
    others = [c for c in paper.categories if c != here]
    if not others:
        return ""
    links = []
    for slug in others:
        short = collection.taxonomy.category(slug).short
        links.append(myst.ref(paper_label(paper.key, slug), short))
    return "**Also in:** " + ", ".join(links)


def render_provenance(paper: Paper) -> str:
    """Where the facts come from, so a reader can re-check them."""
    lines = []
    if paper.openreview:
        lines.append(f"- OpenReview forum id: {myst.text(paper.openreview)}")
    if paper.eprint:
        lines.append(f"- arXiv id: {myst.text(paper.eprint)}")
    if not paper.is_neurips2025:
        lines.append(f"- What this item is: {myst.text(paper.venue)}")
    if paper.unverified:
        lines.append(
            "- Not confirmed by a primary source: " + myst.text(", ".join(paper.unverified))
        )
    if paper.sourcenote:
        lines.append(f"- Note: {myst.text(paper.sourcenote)}")
    return "\n".join(lines)


def render_card(
    paper: Paper, collection: Collection, category: str, labels: tuple[str, ...], level: int
) -> str:
    """The whole block for one paper on one category page."""
    out: list[str] = [myst.label(label) for label in labels]
    out.append(myst.heading(level, paper.title))
    out.append("")
    out.append(render_badges(paper))
    out.append("")
    out.append(f"**Authors:** {render_authors(paper)}")
    out.append("")
    if not paper.is_neurips2025:
        out.append(f"**Venue:** {myst.text(paper.venue)}")
        out.append("")
    out.append(f"**Links:** {render_links(paper)}")
    out.append("")
    out.append(render_summary(paper))
    out.append("")
    also = render_also_in(paper, category, collection)
    if also:
        out.append(also)
        out.append("")
    out.append(":::{dropdown} BibTeX")
    out.append(":icon: quote")
    out.append(":class-container: bibtex-block")
    out.append("")
    out.append(myst.fence(to_bibtex(paper), "bibtex"))
    out.append(":::")
    out.append("")
    out.append(":::{dropdown} Sources and data notes")
    out.append(":icon: info")
    out.append("")
    out.append(render_provenance(paper))
    out.append(":::")
    out.append("")
    return "\n".join(out)
