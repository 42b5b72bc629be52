"""The home page's generated part (``home.md``, included by docs/index.md): the numbers, the
figure, a table of contents with exact counts, and each category's highlights."""

from __future__ import annotations

from collections.abc import Sequence

from bibtools.data.about import NO_ABOUT, About, CollectionCitation, issue_links
from bibtools.data.contract import AWARDS, PRESENTATIONS
from bibtools.data.model import Collection, Paper
from bibtools.data.taxonomy import Category
from bibtools.site import myst
from bibtools.site.card import paper_link
from bibtools.site.figure import Hotspot
from bibtools.site.layout import HIGHLIGHTS, highlight_rank, is_highlight
from bibtools.site.pages.statistics import statistics_figure
from bibtools.site.pages.template import GENERATED_NOTE
from bibtools.site.stats import Stats
from bibtools.site.urls import (
    AUTHORS_DOC,
    DOWNLOADS_DOC,
    HOME_DOC,
    STATISTICS_DOC,
    category_doc,
    topic_label,
)


def _overview_item(paper: Paper) -> str:
    """'HyGen (3.9–5.8× throughput ...)' linking to the paper's page, as the old list did."""
    name = paper.shortname or paper.title
    item = f"{paper_link(paper.key, name)}"
    marks = [AWARDS[paper.award]] if paper.award else []
    if paper.presentation in HIGHLIGHTS:
        marks.append(PRESENTATIONS[paper.presentation])
    if paper.tldr:
        item += f" ({myst.text(paper.tldr)})"
    if marks:
        item += f" — *{myst.text(', '.join(marks))}*"
    return item


def _category_overview(collection: Collection, category: Category) -> list[str]:
    """Per topic, the highlighted papers (awards, orals, spotlights) of one category."""
    members = collection.in_category(category.slug)
    out = [
        f"### {myst.icon(category.icon)} {myst.text(category.title)}",
        "",
        f"{myst.text(category.description)}. "
        f"{myst.doc(category_doc(category.slug), f'All {len(members)} entries')}.",
        "",
    ]
    shown: set[str] = set()
    for topic in category.topics:
        papers = [
            p
            for p in sorted(collection.in_topic(topic.keyword), key=highlight_rank)
            if is_highlight(p) and p.key not in shown
        ]
        if not papers:
            continue
        shown.update(p.key for p in papers)
        items = "; ".join(_overview_item(p) for p in papers)
        out.append(f"- **{myst.ref(topic_label(topic), topic.title)}**: {items}")
    if not shown:
        out.append("No awarded, oral or spotlight papers in this category.")
    out.append("")
    return out


def _numbers(stats: Stats) -> str:
    awards, presentations = dict(stats.awards), dict(stats.by_presentation)
    return (
        f"**{stats.papers} NeurIPS 2025 papers** in {len(stats.categories)} categories "
        f"({stats.multi_category} of them in more than one); "
        f"{awards['best-paper']} best-paper awards, "
        f"{awards['runner-up']} runner-up, "
        f"{presentations['oral']} orals and "
        f"{presentations['spotlight']} spotlights. "
        f"{stats.other_items} further items from the original list are kept with their real "
        "venue and are not counted as NeurIPS 2025 papers. The "
        f"{myst.doc(AUTHORS_DOC, 'author index')} lists {stats.authors} authors "
        f"(distinct names over all {stats.papers + stats.other_items} entries)."
        + (f" Last entry added on {stats.last_added}." if stats.last_added else "")
    )


def _are(n: int) -> str:
    return "is" if n == 1 else "are"


def coverage_paragraph(stats: Stats) -> str:
    """The coverage statement: how much of the conference the review covered, on what
    evidence, and how much of what it found in scope the collection holds."""
    cov = stats.coverage
    if cov is None:
        return ""
    summarised = stats.papers - stats.listed
    open_ = f", {cov.undecided} not decided yet" if cov.undecided else ""
    holds = (
        f"all {cov.in_scope} in-scope papers"
        if cov.with_entry == cov.in_scope
        else f"{cov.with_entry} of the {cov.in_scope} in-scope papers"
    )
    on_title = cov.reviewed - cov.on_abstract
    return (
        f"**Coverage.** All {cov.reviewed:,} titles of the conference's accepted-paper "
        f"listing (from a third-party copy of the neurips.cc data) were reviewed for scope, "
        f"last on {cov.latest_review}: **{cov.in_scope} in scope**, {cov.out_of_scope:,} "
        f"out{open_} ({cov.on_abstract:,} decided on the abstract, {on_title:,} on the "
        f"title alone). The collection holds {holds}. Of its {stats.papers} NeurIPS 2025 "
        f"papers, **{summarised} {_are(summarised)} summarised** from their abstracts and "
        f"**{stats.listed} {_are(stats.listed)} listed** with their facts only (marked "
        '"Summary not yet written"). Every decision, with its reason, is in '
        f"{myst.doc(DOWNLOADS_DOC, 'the scope file')} (`scope.tsv`); per category and "
        f"topic on the {myst.doc(STATISTICS_DOC, 'statistics page')}."
    )


# The home page's own sections, linked from its first lines.
REPORT_LABEL = "report-an-error"
CITE_LABEL = "cite-this-collection"


def _contribute(about: About) -> list[str]:
    """How to report an error or suggest a paper: the repository's issue forms."""
    out = [myst.label(REPORT_LABEL), "## Report an error or suggest a paper", ""]
    links = issue_links(about.repository)
    text = (
        "Every fact here should be checkable against its source, and every in-scope paper "
        "should be here. If an entry is wrong (a title, an author, the presentation, a link, "
        "a summary that misreads the abstract) or a paper is missing, "
    )
    if links:
        forms = " or ".join(myst.link(label.lower(), url) for label, url in links)
        text += f"{forms} on the {myst.link('issue tracker', about.repository + '/issues')}"
    else:
        # A site built without a known repository must not invent a link.
        text += (
            "open an issue in the repository this site is built from, with its form "
            '"Report an error in an entry" or "Suggest a paper"'
        )
    text += (
        ". Please give the entry's key (the last part of its page's address) and the source "
        "that shows the right fact: the OpenReview forum, the proceedings or arXiv."
    )
    return [*out, text, ""]


def _cite(citation: CollectionCitation) -> list[str]:
    """ "Cite this collection", from CITATION.cff: a plain reference and a BibTeX entry."""
    return [
        myst.label(CITE_LABEL),
        "## Cite this collection",
        "",
        "To cite a paper, cite the paper itself (each paper's page has its citation). To "
        "cite this collection (from its `CITATION.cff`):",
        "",
        myst.text(citation.text()),
        "",
        myst.fence(citation.to_bibtex(), "bibtex"),
    ]


def home_fragment(
    collection: Collection,
    stats: Stats,
    about: About = NO_ABOUT,
    hotspots: Sequence[Hotspot] = (),
) -> str:
    """Included by docs/index.md: figure (``hotspots``: its bars, each linked to its
    papers), table of contents with exact counts, highlights, how to report an error or
    suggest a paper, and how to cite the collection."""
    counts = {c.slug: c for c in stats.categories}
    out = [
        GENERATED_NOTE,
        _numbers(stats),
        "",
        *([coverage_paragraph(stats), ""] if stats.coverage else []),
        " · ".join(
            [myst.ref(REPORT_LABEL, "Report an error or suggest a paper")]
            + ([myst.ref(CITE_LABEL, "Cite this collection")] if about.citation else [])
        ),
        "",
        "## Statistics",
        "",
        statistics_figure(HOME_DOC, hotspots),
        "Select a bar to see its papers, or the figure elsewhere to open it at full size.",
        "",
        f"The numbers behind the figure are on the {myst.doc(STATISTICS_DOC, 'statistics page')}.",
        "",
        "## Table of contents",
        "",
        "| Category | Description | Papers |",
        "|---|---|---|",
    ]
    for category in collection.taxonomy.categories:
        c = counts[category.slug]
        extra = f" (+{c.other_items} other)" if c.other_items else ""
        out.append(
            f"| {myst.icon(category.icon)} {myst.doc(category_doc(category.slug), category.short)} "
            f"| {myst.text(category.description)} | {c.papers}{extra} |"
        )
    out += [
        "",
        "## Category overview",
        "",
        "Per category and topic, the papers with an award, an oral or a spotlight: short "
        "name and one fact from the abstract. Every paper has its own page.",
        "",
    ]
    for category in collection.taxonomy.categories:
        out += _category_overview(collection, category)
    out += _contribute(about)
    if about.citation is not None:
        out += _cite(about.citation)
    return "\n".join(out)
