"""The controlled vocabulary (bib/taxonomy.toml): layers, categories and their topics.

Slugs become URLs and file names, so they are checked as safe path components; every text
value must be a non-empty single-line string (it is shown escaped, but a wrong type must be
a located message, not a crash).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from typing import Any

from bibtools.errors import LoadError, Problem

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# Octicon names (sphinx-design's icon set): drawn as inline SVG, no emoji font needed.
ICON = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True)
class Layer:
    slug: str
    title: str


@dataclass(frozen=True)
class Topic:
    category: str
    slug: str
    layer: str
    title: str

    @property
    def keyword(self) -> str:
        return f"{self.category}/{self.slug}"


@dataclass(frozen=True)
class Category:
    slug: str
    title: str
    short: str
    icon: str  #: an octicon name
    description: str
    topics: tuple[Topic, ...]


@dataclass(frozen=True)
class Taxonomy:
    layers: tuple[Layer, ...]
    categories: tuple[Category, ...]

    def category(self, slug: str) -> Category:
        for category in self.categories:
            if category.slug == slug:
                return category
        raise KeyError(slug)

    def topics_by_keyword(self) -> dict[str, Topic]:
        return {t.keyword: t for c in self.categories for t in c.topics}


def _line_of(text: str, needle: str, last: bool = False) -> int:
    """The line of the first (or last) occurrence of ``needle``; TOML keeps no positions."""
    found = [n for n, line in enumerate(text.splitlines(), 1) if needle in line]
    if not found:
        return 1
    return found[-1] if last else found[0]


class _Reader:
    """Collects every problem of one taxonomy file while its tables are read."""

    def __init__(self, text: str, path: str) -> None:
        self.text = text
        self.path = path
        self.problems: list[Problem] = []

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, "taxonomy", message))

    def tables(self, parent: dict[str, Any], name: str, where: str) -> list[dict[str, Any]]:
        value = parent.get(name, [])
        if not isinstance(value, list) or not all(isinstance(t, dict) for t in value):
            line = _line_of(self.text, f"{name} =") if f"{name} =" in self.text else 0
            line = line or _line_of(self.text, name)
            self.problem(line, f"{where}: '{name}' must be [[{name}]] tables")
            return []
        return value

    def string(
        self,
        table: dict[str, Any],
        name: str,
        where: str,
        pattern: re.Pattern[str] | None = None,
        rule: str = "lower-case kebab-case (a-z, 0-9, '-'): it becomes part of URLs and files",
    ) -> str:
        value = table.get(name)
        slug = table.get("slug")
        line = _line_of(self.text, f'"{slug}"') if isinstance(slug, str) and slug else 1
        if not isinstance(value, str) or not value.strip() or "\n" in value:
            self.problem(line, f"{where} needs '{name}' as a non-empty one-line string")
            return ""
        value = value.strip()
        if pattern is not None and not pattern.fullmatch(value):
            self.problem(
                line,
                f"{where}: {name} '{value}' must be {rule}",
            )
            return ""
        return value

    def layers(self, data: dict[str, Any]) -> tuple[Layer, ...]:
        layers = []
        for table in self.tables(data, "layer", "the taxonomy"):
            slug = self.string(table, "slug", "a [[layer]]", SLUG)
            layers.append(Layer(slug, self.string(table, "title", f"layer '{slug}'")))
        if not layers:
            self.problem(1, "declare at least one [[layer]]")
        return tuple(layers)

    def topics(
        self, table: dict[str, Any], category: str, layers: tuple[Layer, ...]
    ) -> tuple[Topic, ...]:
        layer_slugs = [layer.slug for layer in layers]
        topics: list[Topic] = []
        for raw in self.tables(table, "topic", f"category '{category}'"):
            slug = self.string(raw, "slug", f"a topic of category '{category}'", SLUG)
            layer = self.string(raw, "layer", f"topic '{category}/{slug}'")
            line = _line_of(self.text, f'slug = "{slug}"')
            if layer and layer not in layer_slugs:
                self.problem(
                    line,
                    f"topic '{category}/{slug}' names unknown layer '{layer}'; "
                    f"use one of: {', '.join(sorted(layer_slugs))}",
                )
            if slug and any(t.slug == slug for t in topics):
                again = _line_of(self.text, f'slug = "{slug}"', last=True)
                self.problem(again, f"topic '{category}/{slug}' is declared twice")
            topics.append(
                Topic(category, slug, layer, self.string(raw, "title", f"topic '{slug}'"))
            )
        # Pages list layers in taxonomy order; topics must not interleave layers.
        ranks = [layer_slugs.index(t.layer) for t in topics if t.layer in layer_slugs]
        if ranks != sorted(ranks):
            self.problem(
                _line_of(self.text, f'slug = "{category}"'),
                f"topics of category '{category}' must be listed in layer order",
            )
        return tuple(topics)

    def categories(self, data: dict[str, Any], layers: tuple[Layer, ...]) -> tuple[Category, ...]:
        categories: list[Category] = []
        for table in self.tables(data, "category", "the taxonomy"):
            slug = self.string(table, "slug", "a [[category]]", SLUG)
            if slug and any(c.slug == slug for c in categories):
                line = _line_of(self.text, f'slug = "{slug}"', last=True)
                self.problem(line, f"category '{slug}' is declared twice")
            where = f"category '{slug}'"
            categories.append(
                Category(
                    slug,
                    self.string(table, "title", where),
                    self.string(table, "short", where),
                    self.string(table, "icon", where, ICON, "an octicon name, such as 'zap'"),
                    self.string(table, "description", where),
                    self.topics(table, slug, layers),
                )
            )
        if not categories:
            self.problem(1, "declare at least one [[category]]")
        return tuple(categories)


def parse_taxonomy(text: str, path: str) -> Taxonomy:
    """Parse and check the taxonomy; raise :class:`LoadError` listing every problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        match = re.search(r"line (\d+)", str(err))
        line = int(match.group(1)) if match else 1
        raise LoadError([Problem(path, line, "taxonomy", f"invalid TOML: {err}")]) from None
    reader = _Reader(text, path)
    layers = reader.layers(data)
    categories = reader.categories(data, layers)
    if reader.problems:
        raise LoadError(reader.problems)
    return Taxonomy(layers, categories)
