"""A category's pages: the category itself, and, for a long category, one page per topic
(a long topic split by title). Drawn from the category's
:class:`~bibtools.site.layout.Listing`: its sections are its topics."""

from __future__ import annotations

import json
from collections.abc import Sequence

from bibtools.data.model import Collection, Paper
from bibtools.data.scope import Coverage, Tally
from bibtools.data.taxonomy import Category, Topic
from bibtools.export.files import neurips_only
from bibtools.site import myst
from bibtools.site.card import comparison_table, list_entry, venue_apart
from bibtools.site.layout import Listing, MovedTopic, Part, sections_by
from bibtools.site.meta import coins_block
from bibtools.site.pages import template
from bibtools.site.pages.explorer import explorer_link
from bibtools.site.pages.moved import moved_section
from bibtools.site.urls import (
    CITE_FORMATS,
    DOWNLOADS_DIR,
    category_doc,
    href,
    layer_label,
    page,
    paper_label,
    source,
)


def category_pages(
    collection: Collection,
    category: Category,
    listing: Listing[Paper],
    moved: tuple[MovedTopic, ...] = (),
    coverage: Coverage | None = None,
) -> dict[str, str]:
    """The category's page and its topics' pages (none while it lists them itself);
    ``moved``: the topics that moved away from this category; ``coverage``: the scope
    review's counts, shown on each page (none without a review)."""
    page_text = category_page(collection, category, listing, moved, coverage)
    pages = {source(listing.doc): page_text}
    if listing.split:
        topics = collection.taxonomy.topics_by_keyword()
        tallies = dict(coverage.by_topic) if coverage else {}
        for section in listing.sections:
            topic = topics[section.slug]
            tally = tallies.get(topic.keyword)
            pages.update(topic_pages(collection, category, topic, section, tally))
    return pages


def _summary(collection: Collection, category: Category, split: bool, tally: Tally | None) -> str:
    members = collection.in_category(category.slug)
    neurips = sum(1 for p in members if p.is_neurips2025)
    other = len(members) - neurips
    summary = f"{myst.text(category.description)}. **{template.count(neurips)}** from NeurIPS 2025"
    if other:
        summary += (
            f", plus {other} listed item{'s' if other > 1 else ''} that "
            + ("is" if other == 1 else "are")
            + " not a NeurIPS 2025 paper (labelled as such)"
        )
    if split:
        summary += ". Each topic's papers are listed on a page of their own"
    link = explorer_link(category_doc(category.slug), "the explorer", c=category.slug)
    summary += f". To filter and sort them (by presentation, code, award), open {link}."
    if tally is not None:
        summary += "\n\n" + template.coverage_sentence(
            tally, "in this category (each under its first topic only)"
        )
    return summary + "\n\n" + _downloads(category, len(members), neurips)


def _downloads(category: Category, entries: int, neurips: int) -> str:
    """This category's citation files, every entry and the NeurIPS 2025 papers alone.
    Raw HTML links: plain files copied to the site, not documents."""
    doc = category_doc(category.slug)

    def links(stem: str) -> str:
        return " · ".join(
            f'<a href="{href(doc, f"{DOWNLOADS_DIR}/{stem}.{ext}")}" download>{label}</a>'
            for ext, label in CITE_FORMATS
        )

    noun = "entry" if entries == 1 else "entries"
    text = f"Download this category: {links(category.slug)} ({entries} {noun})"
    if neurips != entries:
        only = links(neurips_only(category.slug))
        text += f"; its NeurIPS 2025 papers only: {only} ({neurips})"
    return text + "."


def category_page(
    collection: Collection,
    category: Category,
    listing: Listing[Paper],
    moved: tuple[MovedTopic, ...] = (),
    coverage: Coverage | None = None,
) -> str:
    """One category: its layers and topics with their lists, or, for a long category, a
    link to each topic's page. Either way the anchors stay: ``#<category>-topic-<topic>``
    (a moved topic's too) on this page, and ``<category>.html#<key>`` and
    ``#<category>-<key>`` (the entries whose home is this category) here or, for a long
    category, through :func:`old_entry_anchors` to the entry on its topic's page."""
    out = [template.GENERATED_NOTE, myst.label(listing.label), myst.heading(1, category.title), ""]
    by_category = dict(coverage.by_category) if coverage else {}
    tallies = dict(coverage.by_topic) if coverage else {}
    out += [_summary(collection, category, listing.split, by_category.get(category.slug)), ""]
    topics = collection.taxonomy.topics_by_keyword()
    layers = {layer.slug: layer for layer in collection.taxonomy.layers}
    by_layer = sections_by(listing.sections, lambda section: topics[section.slug].layer)
    for number, (layer, sections) in enumerate(by_layer, 1):
        out += [myst.label(layer_label(category.slug, layer))]
        out += [f"## {number}. {myst.text(layers[layer].title)}", ""]
        for section in sections:
            topic = topics[section.slug]
            tally = tallies.get(topic.keyword)
            out += _topic_section(category, topic, section, listing.split, tally)
        out.append("")
    out += moved_section(collection, (m for m in moved if not m.alias))
    if listing.split:
        script = old_entry_anchors(category, collection.in_category(category.slug), listing)
        out += [script, ""] if script else []
    else:
        out += [coins_block(p for section in listing.sections for p in section.items), ""]
    return "\n".join(out)


def _topic_section(
    category: Category, topic: Topic, section: Listing[Paper], split: bool, tally: Tally | None
) -> list[str]:
    """A topic on its category's page: its list, or a link to its page (the topic's anchors
    stay here either way: moved topics' first, the last before a heading is its own id)."""
    ids = [*section.aliases, section.label]
    if split:
        # Raw HTML: slugs of ours.
        anchors = "".join(f'<span id="{label}"></span>' for label in ids)
        link = myst.doc(section.doc, section.title)
        papers = template.count(len(section.items))
        if tally is not None:
            papers += f" of {tally.in_scope} in scope"
        return [f"- {anchors}{link} ({papers}): {myst.text(topic.description)}."]
    out = [*map(myst.label, ids), myst.heading(3, section.title), ""]
    out += [f"{myst.text(topic.description)}.", ""]
    if tally is not None:
        out += [template.coverage_sentence(tally, "under this topic (as their first topic)"), ""]
    table = comparison_table(section.items)
    out += [table, ""] if table else []
    for part in section.parts:

        def entry(paper: Paper, part: Part[Paper] = part) -> str:
            here = paper.key in part.anchored
            labels = (paper_label(paper.key, category.slug),) if here else ()
            old = paper.key if here and paper.home == category.slug else ""
            return list_entry(paper, labels, old)

        out += venue_apart(part.items, entry)
    return out


# Old links into a long category's page (papers/<category>.html#<key> or #<category>-<key>,
# from when it listed its entries itself) land on the entry on its topic's page. A script
# with the keys by page, not an index of every entry: ~25 bytes an entry instead of ~250
# (the index of a 5,000-entry category was a 1.3 MB page). Ids this page holds (layers,
# topics) are left alone.
_OLD_ENTRY_ANCHORS = (
    "<script>(function () {{ var id = location.hash.slice(1); "
    "if (!id || document.getElementById(id)) return; "
    "var prefix = {prefix}, key = id.indexOf(prefix) === 0 ? id.slice(prefix.length) : id; "
    "var pages = {pages}; for (var page in pages) {{ if (pages[page].indexOf(key) >= 0) {{ "
    'location.replace(page + "#" + prefix + key); return; }} }} }})();</script>'
)


def old_entry_anchors(category: Category, members: Sequence[Paper], listing: Listing[Paper]) -> str:
    """The script that sends an old link to an entry of a long category (one whose home is
    this category) to the entry's anchor on its topic's page; '' if there are none. Keys
    are validated ([a-z0-9]+), pages are our slugs: the JSON holds no markup."""
    pages: dict[str, list[str]] = {}
    for paper in sorted(members, key=lambda p: p.key):
        if paper.home == category.slug:
            target = href(listing.doc, page(listing.anchors[paper.key]))
            pages.setdefault(target, []).append(paper.key)
    if not pages:
        return ""
    return _OLD_ENTRY_ANCHORS.format(
        prefix=json.dumps(paper_label("", category.slug)),
        pages=json.dumps(dict(sorted(pages.items())), separators=(",", ":")),
    )


def topic_pages(
    collection: Collection,
    category: Category,
    topic: Topic,
    section: Listing[Paper],
    tally: Tally | None = None,
) -> dict[str, str]:
    """``<category>/<topic>.md`` of a long category: the topic's papers, compact (see
    :func:`~bibtools.site.card.list_entry`), or, for a topic over its own limit, links to
    its pages (``<category>/<topic>/<letters>.md``, by title). A topic that took in a moved
    topic of this category carries its old label too."""
    title = f"{category.short}: {topic.title}"
    layer = next(lay for lay in collection.taxonomy.layers if lay.slug == topic.layer)
    where = (
        f"{template.count(len(section.items))} in "
        f"{myst.doc(category_doc(category.slug), category.title)}"
        f", layer {myst.ref(layer_label(category.slug, layer.slug), layer.title)}"
    )
    heading = myst.heading(1, title)
    labels = [*section.aliases, section.label]
    description = f"{myst.text(topic.description)}."
    link = explorer_link(section.doc, "the explorer", p=topic.keyword)
    description += f" To filter and sort them, open {link}."
    if tally is not None:
        description += "\n\n" + template.coverage_sentence(
            tally, "under this topic (as their first topic)"
        )
    table = comparison_table(section.items)
    if not section.split:
        (part,) = section.parts
        intro = [description, where + "."] + ([table] if table else [])
        body = _entries(category, part)
        return {source(section.doc): template.part_page(heading, intro, body, labels)}
    intro = [description, where + "; listed by the first letters of their titles:"]
    links = [template.part_links(section.parts), ""]
    pages = {source(section.doc): template.part_page(heading, intro, links, labels)}
    back = myst.doc(section.doc, topic.title)

    def part_text(part: Part[Paper]) -> str:
        heading = myst.heading(1, f"{title}: {template.initial_title(part.slug)}")
        intro = f"{template.count(len(part.items))} of {back}."
        return template.part_page(heading, [intro], _entries(category, part))

    pages.update(template.part_pages(section, part_text))
    return pages


def _entries(category: Category, part: Part[Paper]) -> list[str]:
    """The entries of a topic's part (each paper's anchors where it is first listed), and
    their COinS."""
    entries = venue_apart(
        part.items,
        lambda paper: list_entry(
            paper, (paper_label(paper.key, category.slug),) if paper.key in part.anchored else ()
        ),
    )
    return [*entries, coins_block(part.items), ""]
