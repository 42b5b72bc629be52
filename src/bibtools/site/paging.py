"""When a long list becomes several pages, and which page holds each item.

A list stays on one page while it is short: each extra document costs every build the same
fixed work (parsing, transforms, the theme's navigation, the search index), so the 110-entry
site is not cut into a hundred small pages. A list that outgrows its limit is split by the
items' own names (an author's label, a key, a title): first letters, then the next letters
of a part still over the limit. An item's page follows from its name and the pages'
slugs alone (the longest slug its name starts with), so a link can be sent to the right
page without the data, and no item moves while its own part stays under the limit.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, fields
from typing import TypeVar

T = TypeVar("T")

OTHER = "other"  # the page of names that do not start with a letter a-z
ONE_PAGE = ""  # the slug of a list that fits on one page


@dataclass(frozen=True)
class PageLimits:
    """The most a list page holds, per list. The defaults keep every page under ~0.8 MB of
    HTML, measured on the real site's pages per item, their COinS spans included
    (tests/test_site.py checks them against the built pages)."""

    category: int = 200  # entries of a category listed on its page (~2.1 KB each)
    topic: int = 350  # entries on one page of a long category's topic (~2.1 KB each)
    authors: int = 900  # author-paper pairs on one page of the author index (~0.9 KB each)
    references: int = 600  # formatted references on one page (~1.3 KB each)
    awards: int = 700  # lines on one page of awards and highlights (~1.0 KB each)

    @classmethod
    def from_config(cls, values: Mapping[str, object]) -> PageLimits:
        """From ``bibtools_page_limits`` in conf.py; ValueError names what is wrong."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ValueError(
                f"unknown list(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}"
            )
        for name, value in values.items():
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ValueError(f"{name} must be a positive whole number, not {value!r}")
        return cls(**values)  # type: ignore[arg-type]


DEFAULT_LIMITS = PageLimits()


def split_by_name(
    items: Iterable[T],
    name: Callable[[T], str],
    limit: int,
    weight: Callable[[T], int] = lambda _: 1,
) -> dict[str, list[T]]:
    """Pages of ``items`` (in their order), slug -> items: ``{ONE_PAGE: items}`` when their
    total weight is at most ``limit``; else by the first letter of ``name`` (a-z; anything
    else on ``OTHER``), a letter over the limit by its next letters, and so on. Names are
    lower-case ASCII. Slugs are sorted, ``OTHER`` last."""
    members = list(items)
    if sum(weight(item) for item in members) <= limit:
        return {ONE_PAGE: members}
    pages: dict[str, list[T]] = {}
    by_initial: dict[str, list[T]] = defaultdict(list)
    for item in members:
        first = name(item)[:1]
        by_initial[first if "a" <= first <= "z" else OTHER].append(item)
    for initial, group in by_initial.items():
        if initial == OTHER:
            pages[OTHER] = group
        else:
            pages.update(_split(initial, group, name, limit, weight))
    return dict(sorted(pages.items(), key=lambda page: (page[0] == OTHER, page[0])))


def _split(
    prefix: str,
    members: list[T],
    name: Callable[[T], str],
    limit: int,
    weight: Callable[[T], int],
) -> dict[str, list[T]]:
    if sum(weight(item) for item in members) <= limit:
        return {prefix: members}
    parts: dict[str, list[T]] = defaultdict(list)
    for item in members:
        parts[name(item)[: len(prefix) + 1]].append(item)
    if list(parts) == [prefix]:  # the names go no further: one page, however long
        return {prefix: members}
    pages: dict[str, list[T]] = {}
    for part, group in parts.items():
        pages.update(_split(part, group, name, limit, weight))
    return pages


def page_of(item_name: str, slugs: Iterable[str]) -> str:
    """The page holding the item named ``item_name``: the longest slug it starts with."""
    found = [slug for slug in slugs if slug not in (OTHER, ONE_PAGE) and item_name.startswith(slug)]
    return max(found, key=len) if found else OTHER
