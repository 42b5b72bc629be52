"""The controlled vocabulary (bib/taxonomy.toml): layers, categories and their topics."""

from __future__ import annotations

import re
import tomllib
from typing import Any, NamedTuple

from bibtools.errors import LoadError, Problem


class Layer(NamedTuple):
    slug: str
    title: str


class Topic(NamedTuple):
    category: str
    slug: str
    layer: str
    title: str

    @property
    def keyword(self) -> str:
        return f"{self.category}/{self.slug}"


class Category(NamedTuple):
    slug: str
    title: str
    short: str
    icon: str
    description: str
    topics: tuple[Topic, ...]


class Taxonomy(NamedTuple):
    layers: tuple[Layer, ...]
    categories: tuple[Category, ...]

    def category(self, slug: str) -> Category:
        for category in self.categories:
            if category.slug == slug:
                return category
        raise KeyError(slug)

    def topics_by_keyword(self) -> dict[str, Topic]:
        return {t.keyword: t for c in self.categories for t in c.topics}

    def layer_title(self, slug: str) -> str:
        return next(layer.title for layer in self.layers if layer.slug == slug)


_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _line_of(text: str, needle: str, last: bool = False) -> int:
    """The line of the first (or last) occurrence of ``needle``; TOML keeps no positions."""
    found = [n for n, line in enumerate(text.splitlines(), 1) if needle in line]
    if not found:
        return 1
    return found[-1] if last else found[0]


def parse_taxonomy(text: str, path: str) -> Taxonomy:
    """Parse and check the taxonomy; raise :class:`LoadError` listing every problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        match = re.search(r"line (\d+)", str(err))
        line = int(match.group(1)) if match else 1
        raise LoadError([Problem(path, line, "taxonomy", f"invalid TOML: {err}")]) from None

    problems: list[Problem] = []

    def text_field(table: dict[str, Any], name: str, where: str) -> str:
        value = table.get(name)
        if not isinstance(value, str) or not value.strip():
            line = _line_of(text, f'"{table.get("slug", "")}"') if "slug" in table else 1
            problems.append(
                Problem(path, line, "taxonomy", f"{where} needs a non-empty string '{name}'")
            )
            return ""
        return value.strip()

    layers: list[Layer] = []
    for table in data.get("layer", []):
        slug = text_field(table, "slug", "a [[layer]]")
        layers.append(Layer(slug, text_field(table, "title", f"layer '{slug}'")))
    layer_slugs = {layer.slug for layer in layers}
    if not layers:
        problems.append(Problem(path, 1, "taxonomy", "declare at least one [[layer]]"))

    categories: list[Category] = []
    seen: set[str] = set()
    for table in data.get("category", []):
        slug = text_field(table, "slug", "a [[category]]")
        if slug in seen:
            line = _line_of(text, f'slug = "{slug}"', last=True)
            problems.append(Problem(path, line, "taxonomy", f"category '{slug}' is declared twice"))
        seen.add(slug)
        topics: list[Topic] = []
        topic_seen: set[str] = set()
        for topic in table.get("topic", []):
            tslug = text_field(topic, "slug", f"a topic of category '{slug}'")
            layer = text_field(topic, "layer", f"topic '{slug}/{tslug}'")
            line = _line_of(text, f'slug = "{tslug}"')
            if layer and layer not in layer_slugs:
                problems.append(
                    Problem(
                        path,
                        line,
                        "taxonomy",
                        f"topic '{slug}/{tslug}' names unknown layer '{layer}'; "
                        f"use one of: {', '.join(sorted(layer_slugs))}",
                    )
                )
            if tslug in topic_seen:
                again = _line_of(text, f'slug = "{tslug}"', last=True)
                problems.append(
                    Problem(path, again, "taxonomy", f"topic '{slug}/{tslug}' is declared twice")
                )
            if tslug and not _SLUG.match(tslug):
                problems.append(
                    Problem(path, line, "taxonomy", f"topic slug '{tslug}' must be kebab-case")
                )
            topic_seen.add(tslug)
            topics.append(Topic(slug, tslug, layer, text_field(topic, "title", f"topic '{tslug}'")))
        order = [layer.slug for layer in layers]
        # Pages list layers in taxonomy order; topics must not interleave layers.
        ranks = [order.index(t.layer) for t in topics if t.layer in order]
        if ranks != sorted(ranks):
            problems.append(
                Problem(
                    path,
                    _line_of(text, f'slug = "{slug}"'),
                    "taxonomy",
                    f"topics of category '{slug}' must be listed in layer order",
                )
            )
        categories.append(
            Category(
                slug,
                text_field(table, "title", f"category '{slug}'"),
                text_field(table, "short", f"category '{slug}'"),
                text_field(table, "icon", f"category '{slug}'"),
                text_field(table, "description", f"category '{slug}'"),
                tuple(topics),
            )
        )
    if not categories:
        problems.append(Problem(path, 1, "taxonomy", "declare at least one [[category]]"))
    if problems:
        raise LoadError(problems)
    return Taxonomy(tuple(layers), tuple(categories))
