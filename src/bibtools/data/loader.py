"""BibTeX text -> the immutable :class:`Collection`. Pure: :mod:`bibtools.fs` reads files."""

from __future__ import annotations

from collections.abc import Mapping

from pybtex.database import Person

from bibtools.bibtex.latex import latex_to_text
from bibtools.bibtex.syntax import RawEntry, parse_bib, split_authors
from bibtools.data.model import Author, Collection, Paper
from bibtools.data.summary import Summary
from bibtools.data.taxonomy import parse_taxonomy
from bibtools.errors import Problem


def _author(name: str) -> Author:
    person = Person(name)
    first = " ".join(person.first_names + person.middle_names)
    last = " ".join(person.prelast_names + person.last_names + person.lineage_names)
    return Author(latex_to_text(first), latex_to_text(last))


def _split_list(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip())


def paper_from_raw(entry: RawEntry, path: str) -> Paper:
    """One :class:`Paper`; missing fields become empty (the rules report them)."""
    values: dict[str, str] = {}
    for field in entry.fields:
        values.setdefault(field.name, field.value)

    def text(name: str) -> str:
        return latex_to_text(values.get(name, ""))

    def plain(name: str) -> str:
        return values.get(name, "").strip()

    names = split_authors(values.get("author", ""))
    # BibTeX's "and others" marks a list known to be incomplete: not an author named Others.
    more = bool(names) and names[-1].strip() == "others"
    return Paper(
        key=entry.key,
        entry_type=entry.entry_type,
        title=text("title"),
        authors=tuple(_author(name) for name in (names[:-1] if more else names)),
        more_authors=more,
        year=plain("year"),
        url=plain("url"),
        track=plain("track"),
        venue=text("venue"),
        keywords=_split_list(values.get("keywords", "")),
        summary=Summary(text("annote")),
        openreview=plain("openreview"),
        neuripsid=plain("neuripsid"),
        presentation=plain("presentation"),
        award=plain("award"),
        eprint=plain("eprint"),
        code=plain("code"),
        projectpage=plain("projectpage"),
        shortname=text("shortname"),
        tldr=text("tldr"),
        added=plain("added"),
        unverified=_split_list(values.get("unverified", "")),
        sourcenote=text("sourcenote"),
        path=path,
        line=entry.line,
        fields=entry.fields,
    )


def load_collection(
    bib_texts: Mapping[str, str], taxonomy_text: str, taxonomy_path: str
) -> tuple[Collection, list[Problem]]:
    """Parse every file; return the collection and the syntax problems (all of them).

    Raises :class:`~bibtools.errors.LoadError` only when the taxonomy itself is unusable.
    """
    taxonomy = parse_taxonomy(taxonomy_text, taxonomy_path)
    problems: list[Problem] = []
    papers: list[Paper] = []
    for path in sorted(bib_texts):
        bib, syntax_problems = parse_bib(bib_texts[path], path)
        problems.extend(syntax_problems)
        papers.extend(
            paper_from_raw(chunk, path) for chunk in bib.chunks if isinstance(chunk, RawEntry)
        )
    papers.sort(key=lambda p: (p.key, p.path, p.line))
    return Collection(taxonomy, tuple(papers)), problems
