"""The controlled vocabulary (bib/taxonomy.toml): layers, categories, their topics, and the
topics that moved.

Slugs become URLs and file names, so they are checked as safe path components; every text
value must be a non-empty single-line string (it is shown escaped, but a wrong type must be
a located message, not a crash). A key the file format does not know is an error too: a
misspelt ``descripton`` must not hide a description. ``[[moved]]`` records an old
``category/topic`` keyword and the topic that now holds its papers: the site keeps the old
URL and anchors working from it, and a keyword naming it is refused with its new home.
"""

from __future__ import annotations

import bisect
import re
import tomllib
from dataclasses import dataclass
from typing import Any

from bibtools.data.contract import invisible_controls
from bibtools.data.octicons import OCTICONS
from bibtools.errors import LoadError, Problem

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# Octicon names (sphinx-design's icon set): drawn as inline SVG, no emoji font needed.
ICON = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# What a category's slug must not be: its page is papers/<slug>.html (its topics' folder
# papers/<slug>/) and its downloads downloads/<slug>.*, beside the site's own pages and
# folders and the collection's download; each would overwrite the other. (site.urls and
# export.files name them; tests/test_taxonomy.py keeps the two lists equal.)
RESERVED_SLUGS = frozenset(
    {
        "authors",
        "awards",
        "bib",
        "cite",
        "downloads",
        "explorer",
        "home",
        "neurips25-mlsys",
        "references",
        "statistics",
    }
)
# A category's downloads come in a NeurIPS-2025-only variant, downloads/<slug>-neurips2025.*
# (export.files.NEURIPS_ONLY): a slug ending so would overwrite another category's.
RESERVED_SUFFIX = "-neurips2025"
KEYWORD = re.compile(rf"{SLUG.pattern}/{SLUG.pattern}")
# The keys each table may hold (TOML order is free; pages follow the file's table order).
KEYS = {
    "the taxonomy": ("layer", "category", "moved"),
    "layer": ("slug", "title"),
    "category": ("slug", "title", "short", "icon", "description", "topic"),
    "topic": ("slug", "layer", "title", "description"),
    "moved": ("from", "to"),
}
_QUOTED = re.compile(r'"([^"\n]*)"')
_QUOTED_NEEDLE = re.compile(r'(?:slug = )?"([^"\n]*)"')
_HEADER = re.compile(r"\s*\[\[?\s*([A-Za-z0-9_.\s-]+?)\s*\]\]?\s*(?:#.*)?$")


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
    description: str  #: what belongs in the topic, one line without a final period

    @property
    def keyword(self) -> str:
        return f"{self.category}/{self.slug}"


@dataclass(frozen=True)
class Moved:
    """A topic that was renamed, merged or moved: its old keyword, no longer a topic, and
    the current topic that holds its papers (``[[moved]]``: ``from``, ``to``)."""

    old: str  #: "category/topic"; its category is a current category
    new: str  #: "category/topic" of a current topic

    @property
    def category(self) -> str:
        """The old keyword's category: the page that keeps the old anchor."""
        return self.old.split("/", 1)[0]

    @property
    def slug(self) -> str:
        return self.old.split("/", 1)[1]


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
    moved: tuple[Moved, ...] = ()

    def category(self, slug: str) -> Category:
        for category in self.categories:
            if category.slug == slug:
                return category
        raise KeyError(slug)

    def topics_by_keyword(self) -> dict[str, Topic]:
        return {t.keyword: t for c in self.categories for t in c.topics}

    def new_homes(self) -> dict[str, Topic]:
        """Each moved topic's old keyword -> the topic that now holds its papers."""
        topics = self.topics_by_keyword()
        return {m.old: topics[m.new] for m in self.moved}


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
        # The lines of the [[...]] and [...] headers, by dotted name, in file order: the
        # n-th table of a kind read is the n-th header (unless written inline).
        self.headers: list[tuple[int, str]] = []
        self.lines = text.splitlines()
        # Indexes made once, so locating each of n topics does not rescan the file (4,000
        # topics took minutes): the header lines by name, and the lines of each "string".
        self.header_lines: dict[str, list[int]] = {}
        self.quoted: dict[str, list[int]] = {}
        for number, line in enumerate(self.lines, 1):
            match = _HEADER.match(line)
            if match:
                name = re.sub(r"\s+", "", match.group(1))
                self.headers.append((number, name))
                self.header_lines.setdefault(name, []).append(number)
            for string in _QUOTED.findall(line):
                self.quoted.setdefault(string, []).append(number)
        self.header_numbers = [number for number, _ in self.headers]
        self.read: dict[str, int] = {}

    def line_of(self, needle: str, last: bool = False) -> int:
        """:func:`_line_of` in this file, through the index of quoted strings when the
        needle is one (``"slug"``, ``slug = "slug"``)."""
        match = _QUOTED_NEEDLE.fullmatch(needle)
        if match:
            lines = self.quoted.get(match.group(1), [])
            found = (n for n in (reversed(lines) if last else lines) if needle in self.lines[n - 1])
            number = next(found, 0)
            if number:
                return number
        return _line_of(self.text, needle, last)

    def header_line(self, name: str) -> int:
        """The line of the next ``[[name]]`` table read (0 if it was written inline)."""
        lines = self.header_lines.get(name, [])
        n = self.read[name] = self.read.get(name, -1) + 1
        return lines[n] if n < len(lines) else 0

    def key_line(self, start: int, key: str) -> int:
        """The line of ``key`` in the table whose header is on line ``start`` (0: before
        any header), or of a sub-table's header named after it; else ``start``."""
        after = bisect.bisect_right(self.header_numbers, start)
        end = (
            self.header_numbers[after] if after < len(self.header_numbers) else len(self.lines) + 1
        )
        assignment = re.compile(
            rf"\s*(?:{re.escape(key)}|\"{re.escape(key)}\"|'{re.escape(key)}')\s*[=.]"
        )
        for number, line in enumerate(self.lines[start : end - 1], start + 1):
            if assignment.match(line):
                return number
        for number, header in self.headers:
            if number > start and (header == key or header.endswith("." + key)):
                return number
        return start or 1

    def known_keys(self, table: dict[str, Any], kind: str, where: str, start: int) -> None:
        """Every key of ``table`` must be one that ``kind`` tables have (see KEYS)."""
        for key in table:
            if key not in KEYS[kind]:
                header = "category.topic" if kind == "topic" else kind
                holder = "the file" if kind == "the taxonomy" else f"a [[{header}]]"
                self.problem(
                    self.key_line(start, key),
                    f"{where}: unknown key '{key}'; {holder} may hold only: "
                    f"{', '.join(KEYS[kind])}",
                )

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
        line = self.line_of(f'"{slug}"') if isinstance(slug, str) and slug else 1
        if not isinstance(value, str) or not value.strip() or "\n" in value:
            self.problem(line, f"{where} needs '{name}' as a non-empty one-line string")
            return ""
        value = value.strip()
        controls = invisible_controls(value)
        if controls:
            self.problem(
                line,
                f"{where}: {name} holds {', '.join(controls)}, which readers cannot see; remove it",
            )
            return ""
        if pattern is not None and not pattern.fullmatch(value):
            self.problem(
                line,
                f"{where}: {name} '{value}' must be {rule}",
            )
            return ""
        return value

    def layers(self, data: dict[str, Any]) -> tuple[Layer, ...]:
        layers: list[Layer] = []
        for table in self.tables(data, "layer", "the taxonomy"):
            slug = self.string(table, "slug", "a [[layer]]", SLUG)
            if slug and any(layer.slug == slug for layer in layers):
                again = _line_of(self.text, f'slug = "{slug}"', last=True)
                self.problem(again, f"layer '{slug}' is declared twice")
            self.known_keys(table, "layer", f"layer '{slug}'", self.header_line("layer"))
            layers.append(Layer(slug, self.string(table, "title", f"layer '{slug}'")))
        if not layers:
            self.problem(1, "declare at least one [[layer]]")
        return tuple(layers)

    def topics(
        self, table: dict[str, Any], category: str, layers: tuple[Layer, ...]
    ) -> tuple[Topic, ...]:
        layer_slugs = [layer.slug for layer in layers]
        topics: list[Topic] = []
        seen: set[str] = set()
        for raw in self.tables(table, "topic", f"category '{category}'"):
            slug = self.string(raw, "slug", f"a topic of category '{category}'", SLUG)
            where = f"topic '{category}/{slug}'"
            self.known_keys(raw, "topic", where, self.header_line("category.topic"))
            layer = self.string(raw, "layer", where)
            line = self.line_of(f'slug = "{slug}"')
            if layer and layer not in layer_slugs:
                self.problem(
                    line,
                    f"topic '{category}/{slug}' names unknown layer '{layer}'; "
                    f"use one of: {', '.join(sorted(layer_slugs))}",
                )
            if slug and slug in seen:
                again = self.line_of(f'slug = "{slug}"', last=True)
                self.problem(again, f"topic '{category}/{slug}' is declared twice")
            title = self.string(raw, "title", f"topic '{slug}'")
            description = self.string(raw, "description", where)
            if description.endswith("."):
                self.problem(
                    line, f"{where}: end the description without a period (the page adds one)"
                )
            topics.append(Topic(category, slug, layer, title, description))
            seen.add(slug)
        # Pages list layers in taxonomy order; topics must not interleave layers.
        ranks = [layer_slugs.index(t.layer) for t in topics if t.layer in layer_slugs]
        if ranks != sorted(ranks):
            self.problem(
                self.line_of(f'slug = "{category}"'),
                f"topics of category '{category}' must be listed in layer order",
            )
        return tuple(topics)

    def categories(self, data: dict[str, Any], layers: tuple[Layer, ...]) -> tuple[Category, ...]:
        categories: list[Category] = []
        for table in self.tables(data, "category", "the taxonomy"):
            slug = self.string(table, "slug", "a [[category]]", SLUG)
            if slug and any(c.slug == slug for c in categories):
                line = self.line_of(f'slug = "{slug}"', last=True)
                self.problem(line, f"category '{slug}' is declared twice")
            if slug in RESERVED_SLUGS:
                self.problem(
                    _line_of(self.text, f'slug = "{slug}"'),
                    f"category '{slug}': the slug names one of the site's own pages or "
                    f"downloads, which its page would overwrite; reserved: "
                    f"{', '.join(sorted(RESERVED_SLUGS))}",
                )
            if slug.endswith(RESERVED_SUFFIX):
                self.problem(
                    _line_of(self.text, f'slug = "{slug}"'),
                    f"category '{slug}': a slug ending in '{RESERVED_SUFFIX}' names the "
                    "NeurIPS-2025-only downloads of another category, which it would "
                    "overwrite; choose another slug",
                )
            where = f"category '{slug}'"
            self.known_keys(table, "category", where, self.header_line("category"))
            icon = self.string(table, "icon", where, ICON, "an octicon name, such as 'zap'")
            if icon and icon not in OCTICONS:
                self.problem(
                    _line_of(self.text, f'"{icon}"'),
                    f"{where}: icon '{icon}' is not an octicon name sphinx-design knows "
                    "(https://primer.style/octicons/), such as 'zap' or 'rocket'",
                )
            categories.append(
                Category(
                    slug,
                    self.string(table, "title", where),
                    self.string(table, "short", where),
                    icon,
                    self.string(table, "description", where),
                    self.topics(table, slug, layers),
                )
            )
        if not categories:
            self.problem(1, "declare at least one [[category]]")
        return tuple(categories)

    def moved(self, data: dict[str, Any], categories: tuple[Category, ...]) -> tuple[Moved, ...]:
        """``[[moved]]``: ``from`` an old keyword that is no topic now (in a current
        category, whose page keeps its anchors) ``to`` a current topic; each old keyword once."""
        topics = {t.keyword for c in categories for t in c.topics}
        category_slugs = {c.slug for c in categories}
        moved: list[Moved] = []
        for table in self.tables(data, "moved", "the taxonomy"):
            start = self.header_line("moved")
            named = table.get("from")
            where = f"[[moved]] from '{named}'" if isinstance(named, str) else "a [[moved]]"
            self.known_keys(table, "moved", where, start)
            values = []
            for name in ("from", "to"):
                value = table.get(name)
                line = self.key_line(start, name)
                if not isinstance(value, str) or not KEYWORD.fullmatch(value.strip()):
                    self.problem(
                        line,
                        f"a [[moved]] needs '{name}' as a \"category/topic\" string of "
                        "lower-case kebab-case slugs (a-z, 0-9, '-'): it becomes part of URLs",
                    )
                    values.append("")
                else:
                    values.append(value.strip())
            old, new = values
            at = self.key_line(start, "from")
            if old in topics:
                self.problem(
                    at,
                    f"[[moved]] from '{old}' is a current topic; a moved topic's old keyword "
                    "must not be a topic (remove the record, or the topic)",
                )
            elif old and old.split("/", 1)[0] not in category_slugs:
                self.problem(
                    at,
                    f"[[moved]] from '{old}': category '{old.split('/', 1)[0]}' is not in the "
                    "taxonomy, so no page would keep the old anchor",
                )
            elif old and any(m.old == old for m in moved):
                self.problem(at, f"[[moved]] from '{old}' is declared twice")
            if new and new not in topics:
                self.problem(
                    self.key_line(start, "to"),
                    f"[[moved]] to '{new}' is not a topic of the taxonomy; name the current "
                    "topic that holds the old topic's papers",
                )
            moved.append(Moved(old, new))
        return tuple(moved)


def parse_taxonomy(text: str, path: str) -> Taxonomy:
    """Parse and check the taxonomy; raise :class:`LoadError` listing every problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        match = re.search(r"line (\d+)", str(err))
        line = int(match.group(1)) if match else 1
        raise LoadError([Problem(path, line, "taxonomy", f"invalid TOML: {err}")]) from None
    reader = _Reader(text, path)
    reader.known_keys(data, "the taxonomy", "the top level", 0)
    layers = reader.layers(data)
    categories = reader.categories(data, layers)
    moved = reader.moved(data, categories)
    if reader.problems:
        raise LoadError(reader.problems)
    return Taxonomy(layers, categories, moved)
