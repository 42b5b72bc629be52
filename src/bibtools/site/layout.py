"""The site's layout as one value: every list the site has, its parts, and where each lives.

:func:`site_layout` computes it once, from the collection and the page limits; the page
renderers (:mod:`bibtools.site.pages`) draw it and nothing else decides on which page an
item is listed or which document holds its anchors. mkdocs-material's blog plugin is the
model: its views (archive, categories) and their pagination are worked out in one pass,
before any page is rendered.

Every list is a :class:`Listing`: a document that shows its heading, and its items in
:class:`Part` s, one part while the list fits on its own page, else one per first letters
of the items' names (:func:`bibtools.site.paging.split_by_name`, the one splitting rule).
A listing of listings (a category's topics, the awards' groups) holds them as sections.
A topic that moved (``[[moved]]``) is a :class:`MovedTopic`: its old anchor and address lead
to its new home.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Generic, TypeVar

from bibtools.bibtex.latex import ascii_fold
from bibtools.data.contract import AWARDS, PRESENTATIONS
from bibtools.data.model import Author, Collection, Paper
from bibtools.data.taxonomy import Category, Moved, Topic
from bibtools.site.myst import anchor_slug
from bibtools.site.paging import DEFAULT_LIMITS, ONE_PAGE, PageLimits, split_by_name
from bibtools.site.urls import (
    AUTHORS_DOC,
    AWARDS_DOC,
    REFERENCES_DOC,
    REFERENCES_LABEL,
    author_labels,
    author_order,
    author_part_label,
    award_group_doc,
    category_doc,
    category_label,
    page,
    part_doc,
    topic_doc,
    topic_label,
)

T = TypeVar("T")


@dataclass(frozen=True)
class Part(Generic[T]):
    """The items of a list drawn on one document."""

    slug: str  #: ONE_PAGE, or the first letters of its items' names (site.paging)
    doc: str  #: the document it is drawn on
    items: tuple[T, ...]
    label: str = ""  #: the Sphinx label of its page, if it has a page and a label
    anchored: frozenset[str] = frozenset()  #: names of the items whose anchors are here


@dataclass(frozen=True)
class Listing(Generic[T]):
    """One list of the site: where its heading is, and its parts (or its sections')."""

    slug: str  #: what it lists: a category, a topic keyword, an awards group, "authors", ...
    title: str
    doc: str  #: the document that shows its heading: its items, or links to its parts
    label: str = ""  #: the Sphinx label of its heading
    aliases: tuple[str, ...] = ()  #: older labels that lead here too (moved topics')
    parts: tuple[Part[T], ...] = ()
    sections: tuple[Listing[T], ...] = ()  #: the lists it is made of (a category's topics)

    @property
    def items(self) -> tuple[T, ...]:
        """Every item of its parts, in order (each once per part)."""
        return tuple(item for part in self.parts for item in part.items)

    @property
    def split(self) -> bool:
        """Whether any of it is drawn on another document than its heading's."""
        return any(p.doc != self.doc for p in self.parts) or any(
            s.doc != self.doc or s.split for s in self.sections
        )

    @cached_property
    def anchors(self) -> Mapping[str, str]:
        """An item's name -> the document that holds its anchors."""
        found = {name: part.doc for part in self.parts for name in part.anchored}
        for section in self.sections:
            found.update(section.anchors)
        return found


@dataclass(frozen=True)
class MovedTopic:
    """A topic that moved: its old anchor stays on its old category's page (on the new
    home's section when that page lists it, else in a list of moved topics), and in a long
    category its old page's address leads to the new home."""

    old: Moved
    home: Topic  #: the topic that holds its papers now
    listed: bool  #: the new home has papers; else a reader is sent to its category
    alias: bool  #: the old category's page lists the new home: the old anchor is on it
    target: str  #: the served path of the new home: its list, or its category
    redirect: str  #: the document at the old address (a long category's), else ''


@dataclass(frozen=True)
class Layout:
    """Every list of the site (see the module)."""

    categories: tuple[Listing[Paper], ...]  #: sections: the topics with papers, in page order
    awards: Listing[Paper]  #: sections: the groups (awards, orals, ...), see AWARD_GROUPS
    authors: Listing[Author]  #: items named by their labels
    references: Listing[Paper]  #: items named by their keys
    moved: tuple[MovedTopic, ...]  #: in the taxonomy's order
    author_labels: Mapping[Author, str] = field(repr=False)  #: see urls.author_labels
    author_papers: Mapping[Author, tuple[Paper, ...]] = field(repr=False)  #: by key


def _parts(
    items: Iterable[T],
    name: Callable[[T], str],
    limit: int,
    doc: str,
    *,
    weight: Callable[[T], int] = lambda _: 1,
    label: Callable[[str], str] = lambda _: "",
    anchor: Callable[[T], str] | None = None,
    seen: set[str] | None = None,
) -> tuple[Part[T], ...]:
    """The one way a list is split: ``items`` on one page (``doc``) while their weight is
    at most ``limit``, else by ``name`` on pages ``<doc>/<letters>`` (site.paging). With
    ``anchor`` (an item's anchor name), each part anchors its items not in ``seen`` (the
    names anchored by earlier parts of the same page set), and adds them to it."""
    parts = []
    seen = set() if seen is None else seen
    for slug, members in split_by_name(items, name, limit, weight).items():
        anchored: frozenset[str] = frozenset()
        if anchor is not None:
            anchored = frozenset(anchor(item) for item in members) - seen
            seen |= anchored
        label_ = label(slug) if slug != ONE_PAGE else ""
        parts.append(Part(slug, part_doc(doc, slug), tuple(members), label_, anchored))
    return tuple(parts)


def _key(paper: Paper) -> str:
    return paper.key


def title_name(paper: Paper) -> str:
    """A title as lower-case ASCII letters and digits: how a list is split by title."""
    return anchor_slug(ascii_fold(paper.title)).replace("-", "")


PRESENTATION_RANK = {name: rank for rank, name in enumerate(PRESENTATIONS)}
AWARD_RANK = {name: rank for rank, name in enumerate(AWARDS)}
HIGHLIGHTS = ("oral", "spotlight")  # the presentations a list highlights, with the awards


def highlight_rank(paper: Paper) -> tuple[int, int, int, str]:
    """List order: awards first, then orals, spotlights, posters; other items last; then by
    title."""
    return (
        0 if paper.is_neurips2025 else 1,
        AWARD_RANK.get(paper.award, len(AWARDS)),
        PRESENTATION_RANK.get(paper.presentation, len(PRESENTATIONS)),
        paper.title.casefold(),
    )


def is_highlight(paper: Paper) -> bool:
    """An award, an oral or a spotlight of NeurIPS 2025."""
    return paper.is_neurips2025 and bool(paper.award or paper.presentation in HIGHLIGHTS)


def category_listing(
    collection: Collection, category: Category, limits: PageLimits = DEFAULT_LIMITS
) -> Listing[Paper]:
    """A category lists its topics itself until its list outgrows ``limits.category``;
    then each topic's list is a page of its own (``papers/<category>/<topic>``), and a
    topic over ``limits.topic`` is split by title (``<topic>/<letters>``). A paper's anchors
    are in the first topic that lists it."""
    topics = [
        (topic, sorted(collection.in_topic(topic.keyword), key=highlight_rank))
        for layer in collection.taxonomy.layers
        for topic in category.topics
        if topic.layer == layer.slug
    ]
    filled = [(topic, papers) for topic, papers in topics if papers]
    split = sum(len(papers) for _, papers in filled) > limits.category
    doc = category_doc(category.slug)
    homes = collection.taxonomy.new_homes()
    seen: set[str] = set()
    sections = []
    for topic, papers in filled:
        here = topic_doc(topic) if split else doc
        limit = limits.topic if split else len(papers)  # on the category's page: not split
        parts = _parts(papers, title_name, limit, here, anchor=_key, seen=seen)
        aliases = tuple(
            topic_label(moved)
            for moved in collection.taxonomy.moved
            if moved.category == category.slug and homes[moved.old] == topic
        )
        label = topic_label(topic)
        sections.append(Listing(topic.keyword, topic.title, here, label, aliases, parts))
    return Listing(
        category.slug, category.title, doc, category_label(category.slug), sections=tuple(sections)
    )


# The awards page's groups: (slug, title, which papers), in page order.
AWARD_GROUPS: tuple[tuple[str, str, Callable[[Paper], bool]], ...] = (
    ("best-paper", "Best paper", lambda p: p.award == "best-paper"),
    ("runner-up", "Best paper runner-up", lambda p: p.award == "runner-up"),
    ("orals", "Orals", lambda p: p.presentation == "oral"),
    ("spotlights", "Spotlights", lambda p: p.presentation == "spotlight"),
    (
        "presentation-not-verified",
        "Presentation not verified",
        lambda p: p.presentation == "unknown",
    ),
)


def awards_listing(collection: Collection, limits: PageLimits = DEFAULT_LIMITS) -> Listing[Paper]:
    """Every group on the awards page while they fit; past the limit, a page per group
    (``papers/awards/<group>``), a long group split by title (``<group>/<letters>``)."""
    papers = [p for p in collection.papers if p.is_neurips2025]
    groups = [
        (slug, title, sorted((p for p in papers if member(p)), key=lambda p: p.title.casefold()))
        for slug, title, member in AWARD_GROUPS
    ]
    one_page = sum(len(members) for _, _, members in groups) <= limits.awards
    sections = []
    for slug, title, members in groups:
        if one_page:
            parts: tuple[Part[Paper], ...] = (Part(ONE_PAGE, AWARDS_DOC, tuple(members)),)
        elif members:
            parts = _parts(members, title_name, limits.awards, award_group_doc(slug))
        else:
            parts = ()  # nothing to list: no page
        sections.append(Listing(slug, title, AWARDS_DOC, parts=parts))
    return Listing("awards", "Awards & highlights", AWARDS_DOC, sections=tuple(sections))


def authors_listing(
    collection: Collection, labels: Mapping[Author, str], limits: PageLimits = DEFAULT_LIMITS
) -> Listing[Author]:
    """The author index: one page while it fits, else one page per initial of the labels
    ('a'..'z', 'other'), a long initial split by the labels' next letters. An author's page
    follows from their label (``author-<folded last name>...``), so the anchor
    ``papers/authors.html#<label>`` can be sent to the right page from the label alone."""
    entries = Counter(a for paper in collection.papers for a in paper.authors)
    parts = _parts(
        sorted(labels, key=author_order),
        lambda author: labels[author].removeprefix("author-"),
        limits.authors,
        AUTHORS_DOC,
        weight=lambda author: entries[author],
        label=author_part_label,
        anchor=lambda author: labels[author],
    )
    return Listing("authors", "Author index", AUTHORS_DOC, parts=parts)


def references_listing(
    collection: Collection, limits: PageLimits = DEFAULT_LIMITS
) -> Listing[Paper]:
    """The bibliography: one page while it fits, else a page per first letters of the keys
    (keys are [a-z]+<year>...)."""
    papers = sorted(collection.papers, key=_key)
    parts = _parts(papers, _key, limits.references, REFERENCES_DOC, anchor=_key)
    return Listing("references", "All references", REFERENCES_DOC, REFERENCES_LABEL, parts=parts)


def moved_topics(
    collection: Collection, categories: Sequence[Listing[Paper]]
) -> tuple[MovedTopic, ...]:
    """Where each moved topic's old anchor and address lead, given the categories' lists."""
    by_slug = {listing.slug: listing for listing in categories}
    sections = {s.slug: (listing, s) for listing in categories for s in listing.sections}
    homes = collection.taxonomy.new_homes()
    found = []
    for moved in collection.taxonomy.moved:
        home = homes[moved.old]
        if home.keyword in sections:
            listing, section = sections[home.keyword]
            # On its category's page, a topic is its heading there (the page and the label).
            shared = section.doc == listing.doc
            target = page(section.doc) + (f"#{section.label}" if shared else "")
        else:
            target = page(category_doc(home.category))
        old_category = by_slug[moved.category]
        alias = any(s.slug == home.keyword for s in old_category.sections)
        redirect = topic_doc(moved) if old_category.split else ""
        found.append(MovedTopic(moved, home, home.keyword in sections, alias, target, redirect))
    return tuple(found)


def site_layout(collection: Collection, limits: PageLimits = DEFAULT_LIMITS) -> Layout:
    """Every list of the site, and where each item is (see the module)."""
    labels = author_labels(collection)
    papers: dict[Author, list[Paper]] = {}
    for paper in collection.papers:  # sorted by key
        for author in paper.authors:
            papers.setdefault(author, []).append(paper)
    categories = tuple(
        category_listing(collection, category, limits)
        for category in collection.taxonomy.categories
    )
    return Layout(
        categories=categories,
        awards=awards_listing(collection, limits),
        authors=authors_listing(collection, labels, limits),
        references=references_listing(collection, limits),
        moved=moved_topics(collection, categories),
        author_labels=labels,
        author_papers={author: tuple(found) for author, found in papers.items()},
    )


def sections_by(
    sections: Sequence[Listing[T]], group: Callable[[Listing[T]], str]
) -> list[tuple[str, list[Listing[T]]]]:
    """Consecutive sections with the same ``group``, in order (a category's topics by
    layer)."""
    out: list[tuple[str, list[Listing[T]]]] = []
    for section in sections:
        if out and out[-1][0] == group(section):
            out[-1][1].append(section)
        else:
            out.append((group(section), [section]))
    return out
