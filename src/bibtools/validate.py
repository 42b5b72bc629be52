"""The data contract (CONTRIBUTING.md), as rules over a loaded :class:`Collection`.

Each rule yields :class:`Problem` s with a stable code; :func:`validate` runs them all, so one
run reports everything.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import NamedTuple

from bibtools.errors import Problem, sort_problems
from bibtools.keys import expected_key, key_matches_scheme
from bibtools.markup import CROSS_REF, word_count
from bibtools.model import (
    AWARDS,
    ENTRY_TYPES,
    NEURIPS_BOOKTITLE,
    OTHER_TRACKS,
    PRESENTATIONS,
    TRACKS,
    Collection,
    Paper,
)
from bibtools.taxonomy import Topic

# Canonical field order; also the set of accepted fields.
FIELD_ORDER = (
    "title",
    "author",
    "booktitle",
    "journal",
    "year",
    "url",
    "track",
    "venue",
    "openreview",
    "presentation",
    "award",
    "eprint",
    "archiveprefix",
    "primaryclass",
    "code",
    "projectpage",
    "keywords",
    "annote",
    "unverified",
    "sourcenote",
)
ALWAYS_REQUIRED = ("title", "year", "url", "track", "keywords", "annote")
# Only an item no source could be found for may lack authors; never a placeholder name.
AUTHOR_OPTIONAL_TRACKS = ("unconfirmed",)
PLACEHOLDER_AUTHORS = frozenset({"unknown", "anonymous", "anon", "n/a", "tbd", "et al.", "et al"})
NEURIPS_REQUIRED = ("booktitle", "openreview", "presentation")
SUMMARY_WORDS = (50, 120)

_OPENREVIEW_ID = re.compile(r"^[A-Za-z0-9_-]{8,14}$")
_ARXIV_ID = re.compile(r"^\d{4}\.\d{4,5}$")
_HTTPS_URL = re.compile(r"^https://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(/\S*)?$")
_KEY = re.compile(r"^[a-z]+\d{4}[a-z0-9]+$")


class Context(NamedTuple):
    """What the per-paper rules look up, computed once per run (keeps validation linear)."""

    collection: Collection
    keys: frozenset[str]
    topics: dict[str, Topic]


Rule = Callable[[Paper, Context], Iterator[Problem]]


def _problem(paper: Paper, _c: Context, field: str, code: str, msg: str) -> Problem:
    """A problem located at ``field``'s line (or the entry's line when no field applies)."""
    line = dict(paper.field_lines).get(field, paper.line) if field else paper.line
    return Problem(paper.path, line, code, f"{paper.key}: {msg}")


def check_fields(paper: Paper, c: Context) -> Iterator[Problem]:
    names = [name for name, _ in paper.fields]
    values = dict(paper.fields)
    for name in sorted({n for n in names if names.count(n) > 1}):
        yield _problem(paper, c, name, "duplicate-field", f"field '{name}' appears twice; keep one")
    for name in names:
        if name not in FIELD_ORDER:
            yield _problem(
                paper,
                c,
                name,
                "unknown-field",
                f"unknown field '{name}'; the accepted fields are listed in CONTRIBUTING.md",
            )
    required: tuple[str, ...] = ALWAYS_REQUIRED
    if paper.track not in AUTHOR_OPTIONAL_TRACKS:
        required += ("author",)
    if paper.is_neurips2025:
        required += NEURIPS_REQUIRED
    elif paper.track in OTHER_TRACKS:
        required += ("venue",)
    for name in required:
        if not values.get(name, "").strip():
            what = "a NeurIPS 2025 paper" if name in NEURIPS_REQUIRED else "every entry"
            if name == "venue":
                what = f"an entry with track '{paper.track}'"
            yield _problem(
                paper, c, "", "missing-field", f"missing or empty '{name}' (required for {what})"
            )
    if bool(paper.eprint) != bool(values.get("archiveprefix")):
        yield _problem(
            paper,
            c,
            "eprint",
            "missing-field",
            "'eprint' and 'archiveprefix = {arXiv}' go together; give both or neither",
        )
    for author in paper.authors:
        if author.display.casefold().strip("[]() ") in PLACEHOLDER_AUTHORS or "not found" in (
            author.display.casefold()
        ):
            yield _problem(
                paper,
                c,
                "author",
                "placeholder",
                f"author '{author.display}' is a placeholder; give the real names, or, for an "
                "item no source confirms (track unconfirmed), leave 'author' out and say so in "
                "'sourcenote'",
            )
    for name in paper.unverified:
        if name not in FIELD_ORDER:
            yield _problem(
                paper, c, "unverified", "bad-value", f"'unverified' names unknown field '{name}'"
            )


def check_values(paper: Paper, c: Context) -> Iterator[Problem]:
    def bad(field: str, value: str, allowed: tuple[str, ...]) -> Problem:
        return _problem(
            paper,
            c,
            field,
            "bad-value",
            f"{field} '{value}' is not allowed; use one of: {', '.join(allowed)}",
        )

    if paper.entry_type not in ENTRY_TYPES:
        yield _problem(
            paper,
            c,
            "",
            "bad-value",
            f"entry type '@{paper.entry_type}' is not allowed; use @{', @'.join(ENTRY_TYPES)}",
        )
    if paper.track and paper.track not in TRACKS:
        yield bad("track", paper.track, TRACKS)
    if paper.presentation and paper.presentation not in PRESENTATIONS:
        yield bad("presentation", paper.presentation, PRESENTATIONS)
    if paper.award and paper.award not in AWARDS:
        yield bad("award", paper.award, AWARDS)
    if paper.year and not re.fullmatch(r"(19|20)\d\d", paper.year):
        yield _problem(paper, c, "year", "bad-value", f"year '{paper.year}' must be four digits")
    if paper.entry_type == "article" and not paper.field("journal"):
        yield _problem(
            paper,
            c,
            "",
            "missing-field",
            "an @article needs 'journal'; an arXiv preprint is a @misc with eprint",
        )
    if paper.is_neurips2025:
        if paper.year and paper.year != "2025":
            yield _problem(
                paper,
                c,
                "year",
                "bad-value",
                "a NeurIPS 2025 paper has year 2025; "
                "for another year set track to 'other-venue' and give its venue",
            )
        if paper.booktitle and paper.booktitle != NEURIPS_BOOKTITLE:
            yield _problem(
                paper, c, "booktitle", "bad-value", f"booktitle must be '{NEURIPS_BOOKTITLE}'"
            )
        if paper.entry_type != "inproceedings":
            yield _problem(paper, c, "", "bad-value", "a NeurIPS 2025 paper is an @inproceedings")
    elif paper.track in OTHER_TRACKS:
        for name in ("presentation", "award"):
            if dict(paper.fields).get(name):
                yield _problem(
                    paper,
                    c,
                    name,
                    "not-neurips-field",
                    f"'{name}' is only for NeurIPS 2025 papers, and track is '{paper.track}'; "
                    "remove it",
                )


def check_links(paper: Paper, c: Context) -> Iterator[Problem]:
    for name in ("url", "code", "projectpage"):
        value = getattr(paper, name)
        if value and not _HTTPS_URL.match(value):
            yield _problem(
                paper, c, name, "bad-url", f"{name} '{value}' must be a full https:// URL"
            )
    if paper.openreview and not _OPENREVIEW_ID.match(paper.openreview):
        yield _problem(
            paper,
            c,
            "openreview",
            "bad-openreview",
            f"openreview '{paper.openreview}' is not an OpenReview forum id (e.g. 1b7whO4SfY)",
        )
    if paper.eprint and not _ARXIV_ID.match(paper.eprint):
        yield _problem(
            paper,
            c,
            "eprint",
            "bad-eprint",
            f"eprint '{paper.eprint}' is not an arXiv id like 2505.06708 (no 'arXiv:', no version)",
        )
    archive = paper.field("archiveprefix")
    if archive and archive != "arXiv":
        yield _problem(paper, c, "archiveprefix", "bad-value", "archiveprefix must be 'arXiv'")
    if paper.openreview and paper.is_neurips2025:
        forum = f"https://openreview.net/forum?id={paper.openreview}"
        if paper.url and paper.url != forum:
            yield _problem(
                paper, c, "url", "url-mismatch", f"url must be the OpenReview forum {forum}"
            )


def check_keywords(paper: Paper, c: Context) -> Iterator[Problem]:
    known = c.topics
    for keyword in paper.keywords:
        if keyword not in known:
            category = keyword.split("/", 1)[0]
            hint = [k for k in known if k.startswith(category + "/")] or sorted(known)[:5]
            yield _problem(
                paper,
                c,
                "keywords",
                "unknown-keyword",
                f"keyword '{keyword}' is not in bib/taxonomy.toml; use category/topic, "
                f"e.g. {', '.join(hint[:4])}",
            )
    for keyword in sorted({k for k in paper.keywords if paper.keywords.count(k) > 1}):
        yield _problem(paper, c, "keywords", "bad-value", f"keyword '{keyword}' is repeated")


def check_key(paper: Paper, c: Context) -> Iterator[Problem]:
    expected = expected_key(paper)
    if not _KEY.match(paper.key) or (expected and not key_matches_scheme(paper.key, expected)):
        want = expected or "<lastname><year><word>"
        yield _problem(
            paper,
            c,
            "",
            "key-scheme",
            f"key '{paper.key}' breaks the key scheme; rename it to '{want}' "
            "(add one letter b-z only if that key is taken)",
        )


def check_summary(paper: Paper, c: Context) -> Iterator[Problem]:
    if not paper.summary:
        return
    keys = c.keys
    for match in CROSS_REF.finditer(paper.summary):
        if match.group(1) not in keys:
            yield _problem(
                paper,
                c,
                "annote",
                "cross-ref",
                f"annote refers to [@{match.group(1)}], which is not a key in bib/",
            )
    count = word_count(paper.summary)
    low, high = SUMMARY_WORDS
    if not low <= count <= high:
        yield _problem(
            paper,
            c,
            "annote",
            "annote-length",
            f"the summary has {count} words; write {low}-{high} words",
        )


PAPER_RULES: tuple[Rule, ...] = (
    check_fields,
    check_values,
    check_links,
    check_keywords,
    check_key,
    check_summary,
)


def _normalised_title(title: str) -> str:
    return re.sub(r"[^a-z0-9]", "", title.casefold())


def check_duplicates(c: Collection) -> Iterator[Problem]:
    by_key: dict[str, list[Paper]] = defaultdict(list)
    for paper in c.papers:
        by_key[paper.key.lower()].append(paper)
    for group in by_key.values():
        first = group[0]
        for other in group[1:]:
            yield Problem(
                other.path,
                other.line,
                "duplicate-key",
                f"key '{other.key}' is already used at {first.path}:{first.line}; "
                "each paper appears once in bib/",
            )
    seen: dict[tuple[str, str], Paper] = {}
    for paper in c.papers:
        for kind, value in (
            ("title", _normalised_title(paper.title)),
            ("arXiv id", paper.eprint),
            ("OpenReview id", paper.openreview),
        ):
            if not value:
                continue
            earlier = seen.setdefault((kind, value), paper)
            if earlier is not paper and earlier.key.lower() != paper.key.lower():
                yield Problem(
                    paper.path,
                    paper.line,
                    "duplicate-paper",
                    f"{paper.key}: same {kind} as '{earlier.key}' ({earlier.path}:{earlier.line}); "
                    "keep one entry and merge the keywords",
                )


def validate(collection: Collection) -> list[Problem]:
    """Every problem in the collection, sorted by file and line."""
    problems: list[Problem] = list(check_duplicates(collection))
    context = Context(
        collection,
        frozenset(p.key for p in collection.papers),
        collection.taxonomy.topics_by_keyword(),
    )
    for paper in collection.papers:
        for rule in PAPER_RULES:
            problems.extend(rule(paper, context))
    return sort_problems(problems)
