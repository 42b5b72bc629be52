"""The data contract's rules over a loaded :class:`Collection`.

Each rule yields :class:`Problem` s with a stable code (CONTRIBUTING.md lists them);
:func:`validate` runs them all, so one run reports everything. What a field may hold is
declared in :mod:`bibtools.data.contract`; this module only checks it.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from typing import NamedTuple

from bibtools.bibtex.casing import unprotected_words
from bibtools.data.contract import (
    CONTRACT,
    ENTRY_TYPES,
    LISTING_FIELDS,
    NEURIPS_BOOKTITLE,
    OTHER_TRACKS,
    PLACEHOLDER_AUTHORS,
    SHORTNAME_MAX_CHARS,
    SUMMARY_WORDS,
    TLDR_MAX_WORDS,
    Contract,
    invisible_controls,
)
from bibtools.data.identity import check_duplicates
from bibtools.data.keys import expected_key, key_matches_scheme
from bibtools.data.model import Collection, Paper
from bibtools.data.taxonomy import Topic
from bibtools.errors import Problem, sort_problems

_KEY = re.compile(r"[a-z]+[0-9]{4}[a-z0-9]+")
# Link commands written inside any field's LaTeX (\url{...}, \href{...}{...}; any case, any
# spacing, a doubled backslash too): their target must be http(s).
_LATEX_LINK = re.compile(r"\\(url|href|hyperref|hyperlink|doi)(?![A-Za-z])\s*", re.IGNORECASE)
_OPENREVIEW_FORUM = re.compile(r"https://openreview\.net/forum\?id=([A-Za-z0-9_-]+)")
_SAFE_TARGET = re.compile(r"https?://[^\s\\\x00-\x1f\x7f]+\Z", re.IGNORECASE)


class Context(NamedTuple):
    """What the per-paper rules look up, computed once per run (keeps validation linear)."""

    keys: frozenset[str]
    topics: dict[str, Topic]
    moved: dict[str, Topic]  # a moved topic's old keyword -> its new home
    contract: Contract = CONTRACT  # the fields an entry may have


Rule = Callable[[Paper, Context], Iterator[Problem]]


def _problem(paper: Paper, field: str, code: str, message: str) -> Problem:
    """A problem located at ``field``'s line (or the entry's line when ``field`` is '')."""
    line = paper.line_of(field) if field else paper.line
    return Problem(paper.path, line, code, f"{paper.key}: {message}")


def check_known_fields(paper: Paper, c: Context) -> Iterator[Problem]:
    names = [raw.name for raw in paper.fields]
    for name in sorted(n for n, times in Counter(names).items() if times > 1):
        yield _problem(paper, name, "duplicate-field", f"field '{name}' appears twice; keep one")
    for name in names:
        if name not in c.contract.by_name:
            yield _problem(
                paper,
                name,
                "unknown-field",
                f"unknown field '{name}'; the accepted fields are listed in CONTRIBUTING.md",
            )
    for name in paper.unverified:
        if name not in c.contract.by_name:
            yield _problem(
                paper, "unverified", "bad-value", f"'unverified' names unknown field '{name}'"
            )
    yield from _check_listingdrift(paper)


def _check_listingdrift(paper: Paper) -> Iterator[Problem]:
    """``listingdrift`` names fields the listing check compares, and the reason is given."""
    raw = paper.raw("listingdrift")
    names = [name.strip() for name in raw.split(",") if name.strip()]
    for name in names:
        if name not in LISTING_FIELDS:
            yield _problem(
                paper,
                "listingdrift",
                "bad-value",
                f"'listingdrift' names '{name}'; it may name only the fields compared with "
                f"the conference listing: {', '.join(LISTING_FIELDS)}",
            )
    for name in sorted(n for n, times in Counter(names).items() if times > 1):
        yield _problem(paper, "listingdrift", "bad-value", f"'listingdrift' names '{name}' twice")
    if raw.strip() and not names:
        yield _problem(paper, "listingdrift", "bad-value", "'listingdrift' names no field")
    if names and not paper.sourcenote:
        yield _problem(
            paper,
            "listingdrift",
            "missing-field",
            "'listingdrift' is set: say in 'sourcenote' why the entry differs from the listing",
        )


def check_required_fields(paper: Paper, c: Context) -> Iterator[Problem]:
    for name in c.contract.required(paper.entry_type, paper.track):
        if not paper.raw(name).strip():
            who = c.contract.by_name[name].need.who
            if name == "venue":
                who = f"an entry with track '{paper.track}'"
            yield _problem(
                paper, "", "missing-field", f"missing or empty '{name}' (required for {who})"
            )
    ids = {"neuripsid": paper.neuripsid, "openreview": paper.openreview}
    if c.contract.missing_id(paper.track, ids):
        yield _problem(
            paper,
            "",
            "missing-field",
            "a NeurIPS 2025 paper is one the conference lists: give 'neuripsid' (its id in the "
            "neurips.cc listing) or 'openreview' (its forum id), or both",
        )
    if bool(paper.eprint) != bool(paper.raw("archiveprefix")):
        yield _problem(
            paper,
            "eprint",
            "missing-field",
            "'eprint' and 'archiveprefix = {arXiv}' go together; give both or neither",
        )
    for author in paper.authors:
        name = author.display.casefold()
        if name.strip("[]() ") in PLACEHOLDER_AUTHORS or "not found" in name or not name:
            yield _problem(
                paper,
                "author",
                "placeholder",
                f"author '{author.display}' is a placeholder; give the real names, or, for an "
                "item no source confirms (track unconfirmed), leave 'author' out and say so in "
                "'sourcenote'",
            )


def check_field_values(paper: Paper, c: Context) -> Iterator[Problem]:
    """Enumerations and patterns declared in the contract, each with its row's code."""
    for field in c.contract.fields:
        value = paper.raw(field.name).strip()
        if not value:
            continue
        if field.choices and value not in field.choices:
            yield _problem(
                paper,
                field.name,
                "bad-value",
                f"{field.name} '{value}' is not allowed; use one of: {', '.join(field.choices)}",
            )
        elif not field.matches(value):
            message = f"{field.name} '{value}' {field.invalid}"
            yield _problem(paper, field.name, field.code, message)
        if field.neurips_only and paper.track in OTHER_TRACKS:
            yield _problem(
                paper,
                field.name,
                "not-neurips-field",
                f"'{field.name}' is only for NeurIPS 2025 papers, and track is "
                f"'{paper.track}'; remove it",
            )


def check_entry_type(paper: Paper, _: Context) -> Iterator[Problem]:
    if paper.entry_type not in ENTRY_TYPES:
        yield _problem(
            paper,
            "",
            "bad-value",
            f"entry type '@{paper.entry_type}' is not allowed; use @{', @'.join(ENTRY_TYPES)}",
        )
    if not paper.is_neurips2025:
        return
    if paper.year and paper.year != "2025":
        yield _problem(
            paper,
            "year",
            "bad-value",
            "a NeurIPS 2025 paper has year 2025; "
            "for another year set track to 'other-venue' and give its venue",
        )
    booktitle = paper.raw("booktitle")
    if booktitle and booktitle != NEURIPS_BOOKTITLE:
        yield _problem(paper, "booktitle", "bad-value", f"booktitle must be '{NEURIPS_BOOKTITLE}'")
    if paper.entry_type != "inproceedings":
        yield _problem(paper, "", "bad-value", "a NeurIPS 2025 paper is an @inproceedings")
    forum = f"https://openreview.net/forum?id={paper.openreview}"
    if paper.openreview and paper.url and paper.url != forum:
        yield _problem(paper, "url", "url-mismatch", f"url must be the OpenReview forum {forum}")
    listed = _OPENREVIEW_FORUM.fullmatch(paper.url)
    if listed and not paper.openreview:
        yield _problem(
            paper,
            "url",
            "url-mismatch",
            f"url is the OpenReview forum of '{listed.group(1)}'; set "
            f"openreview = {{{listed.group(1)}}} too",
        )


def _group(text: str, start: int) -> str | None:
    """The content of the brace group opening at ``start`` (nested braces kept), or None."""
    if start >= len(text) or text[start] != "{":
        return None
    depth = 0
    for index in range(start, len(text)):
        depth += {"{": 1, "}": -1}.get(text[index], 0)
        if depth == 0:
            return text[start + 1 : index]
    return None


def embedded_links(value: str) -> Iterator[tuple[str, str | None]]:
    """(command, target) of each link command in ``value``; target None when unbraced."""
    for match in _LATEX_LINK.finditer(value):
        yield match.group(1), _group(value, match.end())


def check_embedded_urls(paper: Paper, _: Context) -> Iterator[Problem]:
    """A URL inside LaTeX (\\url, \\href) in any field must be http(s): exports carry it,
    and a bibliography style may turn it into a live link."""
    for raw in paper.fields:
        for command, target in embedded_links(raw.value):
            if target is None:
                message = (
                    f"{raw.name} has \\{command} without a {{target}}; write \\url{{https://...}}"
                )
            elif not _SAFE_TARGET.match(target.strip()):
                message = (
                    f"{raw.name} links to '{target.strip()}'; only http:// and https:// URLs "
                    "are allowed"
                )
            else:
                continue
            yield _problem(paper, raw.name, "bad-url", message)


def check_characters(paper: Paper, _: Context) -> Iterator[Problem]:
    """No field holds a control or bidi-control character: a reader cannot see it, the
    feed's XML cannot hold a control, and a bidi override reorders the text around it."""
    for raw in paper.fields:
        found = invisible_controls(raw.value)
        if found:
            yield _problem(
                paper,
                raw.name,
                "control-character",
                f"{raw.name} holds {', '.join(found)}, which readers cannot see; remove it",
            )


def check_title_case(paper: Paper, _: Context) -> Iterator[Problem]:
    """Words a BibTeX style would lowercase but must not (LLM, SageAttention3) need braces."""
    for word in unprotected_words(paper.raw("title")):
        yield _problem(
            paper,
            "title",
            "title-case",
            f"'{word}' would be lower-cased by BibTeX styles; protect it: {{{word}}}",
        )


def check_keywords(paper: Paper, c: Context) -> Iterator[Problem]:
    if not paper.keywords and paper.raw("keywords").strip():
        yield _problem(paper, "keywords", "unknown-keyword", "keywords names no category/topic")
    for keyword in paper.keywords:
        if keyword in c.moved:
            yield _problem(
                paper,
                "keywords",
                "moved-keyword",
                f"keyword '{keyword}' names a topic that moved; file the entry under "
                f"'{c.moved[keyword].keyword}' ([[moved]] in bib/taxonomy.toml)",
            )
        elif keyword not in c.topics:
            category = keyword.split("/", 1)[0]
            hint = [k for k in c.topics if k.startswith(category + "/")] or sorted(c.topics)[:5]
            yield _problem(
                paper,
                "keywords",
                "unknown-keyword",
                f"keyword '{keyword}' is not in bib/taxonomy.toml; use category/topic, "
                f"e.g. {', '.join(hint[:4])}",
            )
    for keyword in sorted({k for k in paper.keywords if paper.keywords.count(k) > 1}):
        yield _problem(paper, "keywords", "bad-value", f"keyword '{keyword}' is repeated")


def check_key(paper: Paper, _: Context) -> Iterator[Problem]:
    expected = expected_key(paper)
    if not _KEY.fullmatch(paper.key) or (expected and not key_matches_scheme(paper.key, expected)):
        want = expected or "<lastname><year><word>"
        yield _problem(
            paper,
            "",
            "key-scheme",
            f"key '{paper.key}' breaks the key scheme; rename it to '{want}' "
            "(add one letter b-z only if that key is taken)",
        )


def check_text_fields(paper: Paper, c: Context) -> Iterator[Problem]:
    if paper.raw("title") and not paper.title:
        yield _problem(
            paper, "title", "missing-field", "the title is empty once braces are removed"
        )
    for key in paper.summary.refs:
        if key not in c.keys:
            yield _problem(
                paper,
                "annote",
                "cross-ref",
                f"annote refers to [@{key}], which is not a key in bib/",
            )
    if any(f.name == "annote" for f in paper.fields) and not paper.summary:
        yield _problem(
            paper,
            "annote",
            "missing-field",
            "annote is empty: write the summary, or leave "
            "the field out to list the paper with its facts only",
        )
    elif paper.is_listed and paper.tldr:
        yield _problem(
            paper,
            "tldr",
            "listed-tldr",
            "a listed paper (no annote) has no tldr: both are "
            "written from the abstract; write the summary too, or remove the tldr",
        )
    if paper.summary:
        count = paper.summary.word_count
        low, high = SUMMARY_WORDS
        if not low <= count <= high:
            yield _problem(
                paper,
                "annote",
                "annote-length",
                f"the summary has {count} words; write {low}-{high} words",
            )
    if len(paper.tldr.split()) > TLDR_MAX_WORDS:
        yield _problem(
            paper,
            "tldr",
            "bad-value",
            f"tldr has {len(paper.tldr.split())} words; at most {TLDR_MAX_WORDS}",
        )
    if len(paper.shortname) > SHORTNAME_MAX_CHARS:
        yield _problem(
            paper,
            "shortname",
            "bad-value",
            f"shortname is longer than {SHORTNAME_MAX_CHARS} characters",
        )


PAPER_RULES: tuple[Rule, ...] = (
    check_known_fields,
    check_required_fields,
    check_field_values,
    check_entry_type,
    check_embedded_urls,
    check_characters,
    check_title_case,
    check_keywords,
    check_key,
    check_text_fields,
)


def check_shortnames(c: Collection) -> Iterator[Problem]:
    """A short name names one paper: the site and readers tell entries apart by it."""
    seen: dict[str, Paper] = {}
    for paper in c.papers:
        name = " ".join(unicodedata.normalize("NFC", paper.shortname).casefold().split())
        if not name:
            continue
        earlier = seen.setdefault(name, paper)
        if earlier is not paper:
            yield _problem(
                paper,
                "shortname",
                "duplicate-shortname",
                f"shortname '{paper.shortname}' is already the short name of '{earlier.key}' "
                f"({earlier.path}:{earlier.line_of('shortname')}); make it unique, e.g. with "
                "the first author's name",
            )


def check_key_is_no_category(c: Collection) -> Iterator[Problem]:
    """A paper's page is papers/<key>.html and a category's papers/<slug>.html: one name,
    one page, or one would overwrite the other."""
    slugs = {category.slug for category in c.taxonomy.categories}
    for paper in c.papers:
        if paper.key in slugs:
            yield _problem(
                paper,
                "",
                "slug-collision",
                f"key '{paper.key}' is also the slug of a category in bib/taxonomy.toml, and "
                f"both pages would be papers/{paper.key}.html; rename the category",
            )


def validate(collection: Collection, contract: Contract = CONTRACT) -> list[Problem]:
    """Every problem in the collection, sorted by file and line."""
    problems: list[Problem] = [
        *check_duplicates(collection),
        *check_shortnames(collection),
        *check_key_is_no_category(collection),
    ]
    taxonomy = collection.taxonomy
    context = Context(
        frozenset(p.key for p in collection.papers),
        taxonomy.topics_by_keyword(),
        taxonomy.new_homes(),
        contract,
    )
    for paper in collection.papers:
        for rule in PAPER_RULES:
            problems.extend(rule(paper, context))
    return sort_problems(problems)
