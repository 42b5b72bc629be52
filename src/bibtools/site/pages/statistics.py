"""The statistics page: the figure, and the numbers behind it as tables (site.stats)."""

from __future__ import annotations

import html
from collections.abc import Sequence

from bibtools.data.contract import AWARDS, PRESENTATIONS, TRACKS
from bibtools.data.model import Collection
from bibtools.site import myst
from bibtools.site.explorer import neurips_view
from bibtools.site.figure import Hotspot
from bibtools.site.pages.explorer import explorer_href, explorer_link
from bibtools.site.pages.template import GENERATED_NOTE
from bibtools.site.stats import Stats
from bibtools.site.urls import (
    FIGURE_DARK_SERVED,
    FIGURE_SERVED,
    STATISTICS_DOC,
    category_doc,
    href,
    topic_label,
)

FIGURE_ALT = "Papers per category by layer, presentation mix, code availability and top topics"


def statistics_figure(doc: str, hotspots: Sequence[Hotspot]) -> str:
    """Raw HTML: the figure in the page's theme (furo shows ``only-light`` or ``only-dark``)
    at the column's width, linked to itself at full size, with a link laid over each bar to
    the explorer's view of the papers it counts. The links' boxes are in percent of the
    image, so they stay on their bars at any width; their names say what the bar says."""
    spots = "".join(
        f'<a class="figure-spot" href="{html.escape(explorer_href(doc, **dict(s.filters)))}"'
        f' style="left:{s.left}%;top:{s.top}%;width:{s.width}%;height:{s.height}%"'
        f' aria-label="{myst.html_text(s.label)}" title="{myst.html_text(s.label)}"></a>'
        for s in hotspots
    )
    out = []
    for served, theme in ((FIGURE_SERVED, "light"), (FIGURE_DARK_SERVED, "dark")):
        src = html.escape(href(doc, served))
        out.append(
            f'<figure class="linked-figure only-{theme}"><div class="linked-figure-canvas">'
            f'<a class="linked-figure-full" href="{src}"><img src="{src}"'
            f' alt="{html.escape(FIGURE_ALT)}" loading="lazy"></a>{spots}</div></figure>'
        )
    return "\n".join(out) + "\n"


def _view(n: int, **filters: str) -> str:
    """A count that opens the explorer on exactly the entries it counts (none for 0)."""
    return explorer_link(STATISTICS_DOC, str(n), **filters) if n else "0"


def _per_category(collection: Collection, stats: Stats) -> list[str]:
    layers = collection.taxonomy.layers
    out = [
        "## Papers per category and layer",
        "",
        "| Category | "
        + " | ".join(myst.text(lay.title) for lay in layers)
        + " | Papers | Other items |",
        "|---|" + "---:|" * (len(layers) + 2),
    ]
    for c in stats.categories:
        by_layer = dict(c.by_layer)
        cells = " | ".join(str(by_layer[lay.slug]) for lay in layers)
        link = myst.doc(category_doc(c.slug), c.short)
        papers = _view(c.papers, **neurips_view(category=c.slug))
        out.append(f"| {link} | {cells} | {papers} | {c.other_items} |")
    return out


def _presentations(stats: Stats) -> list[str]:
    out = ["", "## Presentation and awards", "", "| | Papers |", "|---|---:|"]
    out += [
        f"| {PRESENTATIONS[name]} | {_view(n, **neurips_view(presentation=name))} |"
        for name, n in stats.by_presentation
    ]
    out += [
        f"| {AWARDS[name]} | {_view(n, **neurips_view(award=name))} |" for name, n in stats.awards
    ]
    out += ["", "## Presentation by category", ""]
    out.append(
        "| Category | " + " | ".join(PRESENTATIONS[n] for n, _ in stats.by_presentation) + " |"
    )
    out.append("|---|" + "---:|" * len(stats.by_presentation))
    for c in stats.categories:
        cells = [
            _view(n, **neurips_view(category=c.slug, presentation=name))
            for name, n in c.by_presentation
        ]
        out.append(f"| {myst.text(c.short)} | " + " | ".join(cells) + " |")
    return out


def _topics_and_code(stats: Stats) -> list[str]:
    out = ["", "## Most populated topics", "", "| Topic | Papers |", "|---|---:|"]
    for keyword, label, n in stats.top_topics:
        papers = _view(n, **neurips_view(topic=keyword))
        out.append(f"| {myst.ref(topic_label(keyword), label)} | {papers} |")
    out += ["", "## Code and preprints", "", "| Category | With code | Share |", "|---|---:|---:|"]
    for c in stats.categories:
        share = f"{100 * c.with_code / c.papers:.0f}%" if c.papers else "–"
        with_code = _view(c.with_code, **neurips_view(category=c.slug, code=True))
        out.append(f"| {myst.text(c.short)} | {with_code} / {c.papers} | {share} |")
    out += [
        "",
        f"Over all NeurIPS 2025 papers: {stats.with_code} of {stats.papers} name a code "
        f"repository, {stats.with_arxiv} have an arXiv preprint.",
    ]
    return out


def _coverage(collection: Collection, stats: Stats) -> list[str]:
    """The scope review's counts, per category and per topic (nothing without a review)."""
    cov = stats.coverage
    if cov is None:
        return []
    out = [
        "",
        "## Coverage of the conference",
        "",
        f"The scope review read all {cov.reviewed:,} titles of the accepted-paper listing "
        f"(last on {cov.latest_review}): {cov.in_scope} in scope, {cov.out_of_scope:,} out, "
        f"{cov.undecided} not decided yet ({cov.on_abstract:,} decisions made on the "
        f"abstract, the rest on the title alone); {cov.with_entry} of the in-scope papers "
        "are in the collection. A paper counts once, where its entry's home is (its first "
        "topic); a *listed* paper has its facts only, its summary not written yet.",
        "",
    ]
    head = "| {} | In scope | In the collection | Summarised | Listed |"
    rule = "|---|---:|---:|---:|---:|"
    out += [head.format("Category"), rule]
    for slug, t in cov.by_category:
        link = myst.doc(category_doc(slug), collection.taxonomy.category(slug).short)
        out.append(f"| {link} | {t.in_scope} | {t.with_entry} | {t.summarised} | {t.listed} |")
    out += ["", head.format("Topic"), rule]
    topics = collection.taxonomy.topics_by_keyword()
    for keyword, t in cov.by_topic:
        topic = topics[keyword]
        name = f"{collection.taxonomy.category(topic.category).short}: {topic.title}"
        # An empty topic has no list, so nothing to link to.
        shown = collection.in_topic(keyword)
        link = myst.ref(topic_label(keyword), name) if shown else myst.text(name)
        out.append(f"| {link} | {t.in_scope} | {t.with_entry} | {t.summarised} | {t.listed} |")
    return out


def statistics_page(collection: Collection, stats: Stats, hotspots: Sequence[Hotspot] = ()) -> str:
    out = [
        GENERATED_NOTE,
        "# Statistics",
        "",
        f"Computed from `bib/` at build time. Counts are of the {stats.papers} NeurIPS 2025 "
        f"papers; the {stats.other_items} other items are counted separately. A paper in two "
        "categories counts once in each. Each count, in the tables and on the figure's bars, "
        "opens the explorer on the papers it counts.",
        "",
        statistics_figure(STATISTICS_DOC, hotspots),
        "Select a bar to see its papers, or the figure elsewhere to open it at full size; the "
        "tables below give its numbers.",
        "",
        *_per_category(collection, stats),
        *_presentations(stats),
        *_topics_and_code(stats),
        *_coverage(collection, stats),
        "",
        "## Entries by kind",
        "",
        "| Kind | Entries |",
        "|---|---:|",
    ]
    out += [f"| {TRACKS[track]} | {n} |" for track, n in stats.by_track]
    out.append("")
    return "\n".join(out)
