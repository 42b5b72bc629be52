"""bib/ on disk -> :class:`Collection`. Reading files is the caller's job; this is pure."""

from __future__ import annotations

from collections.abc import Mapping

from pybtex.database import Person

from bibtools.errors import LoadError, Problem
from bibtools.latex import latex_to_text
from bibtools.model import Author, Collection, Paper
from bibtools.syntax import BibFile, RawEntry, parse_bib, split_authors
from bibtools.taxonomy import Taxonomy, parse_taxonomy

TAXONOMY_FILE = "taxonomy.toml"


def _author(name: str) -> Author:
    person = Person(name)
    first = " ".join(person.first_names + person.middle_names)
    last = " ".join(person.prelast_names + person.last_names + person.lineage_names)
    return Author(latex_to_text(first), latex_to_text(last))


def _split_list(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip())


def paper_from_raw(entry: RawEntry, path: str) -> Paper:
    """Build one immutable :class:`Paper`; missing fields become empty (the validator reports)."""
    values: dict[str, str] = {}
    for field in entry.fields:
        values.setdefault(field.name, field.value)

    def text(name: str) -> str:
        return latex_to_text(values.get(name, ""))

    def plain(name: str) -> str:
        return values.get(name, "").strip()

    return Paper(
        key=entry.key,
        entry_type=entry.entry_type,
        title=text("title"),
        authors=tuple(_author(name) for name in split_authors(values.get("author", ""))),
        year=plain("year"),
        url=plain("url"),
        track=plain("track"),
        keywords=_split_list(values.get("keywords", "")),
        summary=text("annote"),
        booktitle=text("booktitle"),
        openreview=plain("openreview"),
        presentation=plain("presentation"),
        award=plain("award"),
        eprint=plain("eprint"),
        primaryclass=plain("primaryclass"),
        code=plain("code"),
        projectpage=plain("projectpage"),
        venue=text("venue"),
        unverified=_split_list(values.get("unverified", "")),
        sourcenote=text("sourcenote"),
        fields=tuple((f.name, f.value) for f in entry.fields),
        path=path,
        line=entry.line,
        field_lines=tuple((f.name, f.line) for f in reversed(entry.fields)),
    )


def load_collection(
    bib_texts: Mapping[str, str], taxonomy_text: str, taxonomy_path: str
) -> tuple[Collection, list[Problem]]:
    """Parse every file; return the collection and the syntax problems (all of them).

    Raises :class:`LoadError` only when the taxonomy itself is unusable.
    """
    taxonomy = parse_taxonomy(taxonomy_text, taxonomy_path)
    problems: list[Problem] = []
    files: list[BibFile] = []
    papers: list[Paper] = []
    for path in sorted(bib_texts):
        bib, syntax_problems = parse_bib(bib_texts[path], path)
        problems.extend(syntax_problems)
        files.append(bib)
        papers.extend(
            paper_from_raw(chunk, path) for chunk in bib.chunks if isinstance(chunk, RawEntry)
        )
    papers.sort(key=lambda p: (p.key, p.path, p.line))
    return Collection(taxonomy, tuple(papers), tuple(files)), problems


def load_or_raise(
    bib_texts: Mapping[str, str], taxonomy_text: str, taxonomy_path: str
) -> Collection:
    collection, problems = load_collection(bib_texts, taxonomy_text, taxonomy_path)
    if problems:
        raise LoadError(problems)
    return collection


__all__ = ["TAXONOMY_FILE", "Taxonomy", "load_collection", "load_or_raise", "paper_from_raw"]
