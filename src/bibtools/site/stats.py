"""Numbers about the collection: pure functions over the model, shared by pages and the plot."""

from __future__ import annotations

from collections import Counter
from typing import NamedTuple

from bibtools.data.contract import AWARDS, PRESENTATIONS
from bibtools.data.model import Collection, Paper
from bibtools.data.scope import Coverage, coverage
from bibtools.data.taxonomy import Category


class CategoryStats(NamedTuple):
    slug: str
    short: str
    papers: int  # NeurIPS 2025 papers only
    other_items: int  # workshop papers, talks, ... listed in the category
    by_layer: tuple[tuple[str, int], ...]  # layer slug -> NeurIPS 2025 papers
    by_presentation: tuple[tuple[str, int], ...]
    with_code: int


class Stats(NamedTuple):
    papers: int  # distinct NeurIPS 2025 papers
    other_items: int
    multi_category: int
    by_presentation: tuple[tuple[str, int], ...]  # oral, spotlight, poster, unknown
    awards: tuple[tuple[str, int], ...]
    by_track: tuple[tuple[str, int], ...]
    with_code: int
    with_arxiv: int
    categories: tuple[CategoryStats, ...]
    top_topics: tuple[tuple[str, str, int], ...]  # (keyword, "Category: Topic", count)
    authors: int  # distinct author names over all entries: the author index's length
    listed: int  # NeurIPS 2025 papers with their facts only, summary not yet written
    coverage: Coverage | None  # the scope review's counts; None without bib/scope.tsv
    last_added: str  # the newest entry's `added` date (ISO), or "" when none has one


PRESENTATION_ORDER = tuple(PRESENTATIONS)  # the contract's order


def _paper_layers(paper: Paper, category: str, layer_of: dict[str, str]) -> list[str]:
    return [layer_of[k] for k in paper.keywords if k.startswith(category + "/") and k in layer_of]


def _category_stats(
    category: Category,
    papers: list[Paper],
    others: list[Paper],
    layer_of: dict[str, str],
    layer_slugs: tuple[str, ...],
) -> CategoryStats:
    members = [p for p in papers if category.slug in p.categories]
    layers: Counter[str] = Counter()
    for paper in members:
        # A paper counts once per category, in the first layer it is placed in there.
        placed = _paper_layers(paper, category.slug, layer_of)
        if placed:
            layers[placed[0]] += 1
    presentations = Counter(p.presentation for p in members)
    return CategoryStats(
        category.slug,
        category.short,
        len(members),
        sum(1 for p in others if category.slug in p.categories),
        tuple((layer, layers[layer]) for layer in layer_slugs),
        tuple((name, presentations[name]) for name in PRESENTATION_ORDER),
        sum(1 for p in members if p.code),
    )


def compute_stats(collection: Collection) -> Stats:
    taxonomy = collection.taxonomy
    topics = taxonomy.topics_by_keyword()
    layer_of = {keyword: topic.layer for keyword, topic in topics.items()}
    papers = [p for p in collection.papers if p.is_neurips2025]
    others = [p for p in collection.papers if not p.is_neurips2025]
    topic_counts: Counter[str] = Counter(k for p in papers for k in set(p.keywords))
    top = sorted(topic_counts.items(), key=lambda item: (-item[1], item[0]))[:10]
    presentations = Counter(p.presentation for p in papers)
    awards = Counter(p.award for p in papers if p.award)
    tracks = Counter(p.track for p in collection.papers)
    return Stats(
        papers=len(papers),
        other_items=len(others),
        multi_category=sum(1 for p in papers if len(p.categories) > 1),
        by_presentation=tuple((name, presentations[name]) for name in PRESENTATION_ORDER),
        awards=tuple((name, awards[name]) for name in AWARDS),
        by_track=tuple(sorted(tracks.items())),
        with_code=sum(1 for p in papers if p.code),
        with_arxiv=sum(1 for p in papers if p.eprint),
        categories=tuple(
            _category_stats(c, papers, others, layer_of, tuple(lay.slug for lay in taxonomy.layers))
            for c in taxonomy.categories
        ),
        top_topics=tuple(
            (
                keyword,
                f"{taxonomy.category(topics[keyword].category).short}: {topics[keyword].title}",
                count,
            )
            for keyword, count in top
        ),
        authors=len({a for p in collection.papers for a in p.authors}),
        listed=sum(1 for p in papers if p.is_listed),
        coverage=coverage(collection) if collection.scope else None,
        last_added=max((str(p.value("added")) for p in collection.papers), default=""),
    )
