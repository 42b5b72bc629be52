"""BibTeX text -> the immutable :class:`Collection`. Pure: :mod:`bibtools.fs` reads files."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping

from pybtex.database import Person
from pybtex.scanner import PybtexError

from bibtools.bibtex.latex import latex_to_text
from bibtools.bibtex.syntax import RawEntry, parse_bib, split_authors
from bibtools.data.contract import CONTRACT, Contract, Decode
from bibtools.data.model import Author, Collection, Paper, Value
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


def _names(value: str) -> tuple[str, ...]:
    return tuple(split_authors(value))


DECODERS: dict[Decode, Callable[[str], Value]] = {
    Decode.TEXT: latex_to_text,
    Decode.PLAIN: str.strip,
    Decode.LIST: _split_list,
    Decode.NAMES: _names,
}
# The Paper attributes that hold a contract field's decoded value (the same name).
_ATTRIBUTES = tuple(
    f.name for f in dataclasses.fields(Paper) if f.name in CONTRACT.by_name and f.name != "author"
)


# What each decoder makes of an absent field: most of an entry's fields are absent.
_NOTHING: dict[Decode, Value] = {kind: decoder("") for kind, decoder in DECODERS.items()}


def decode(contract: Contract, written: Mapping[str, str]) -> dict[str, Value]:
    """Every field of ``contract`` decoded as its row says ('' or () when absent)."""
    return {
        f.name: DECODERS[f.decode](value) if (value := written.get(f.name)) else _NOTHING[f.decode]
        for f in contract.fields
    }


_EMPTY = decode(CONTRACT, {})  # a named attribute whose field a contract leaves out


def paper_from_raw(entry: RawEntry, path: str, contract: Contract = CONTRACT) -> Paper:
    """One :class:`Paper`; missing fields become empty (the rules report them)."""
    written: dict[str, str] = {}
    for field in entry.fields:
        written.setdefault(field.name, field.value)
    values = decode(contract, written)
    names = split_authors(written.get("author", ""))
    # BibTeX's "and others" marks a list known to be incomplete: not an author named Others.
    more = bool(names) and names[-1].strip() == "others"
    return Paper(
        key=entry.key,
        entry_type=entry.entry_type,
        authors=tuple(_author(name) for name in (names[:-1] if more else names)),
        more_authors=more,
        summary=Summary(str(values.get("annote", ""))),
        path=path,
        line=entry.line,
        fields=entry.fields,
        values=values,
        **{name: values.get(name, _EMPTY[name]) for name in _ATTRIBUTES},  # type: ignore[arg-type]
    )


def load_collection(
    bib_texts: Mapping[str, str],
    taxonomy_text: str,
    taxonomy_path: str,
    contract: Contract = CONTRACT,
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
        for chunk in bib.chunks:
            if not isinstance(chunk, RawEntry):
                continue
            try:
                papers.append(paper_from_raw(chunk, path, contract))
            except PybtexError as err:  # a name pybtex cannot split ("A, B, Jr, Sr")
                line = next((f.line for f in chunk.fields if f.name == "author"), chunk.line)
                problems.append(
                    Problem(
                        path,
                        line,
                        "bad-value",
                        f"{chunk.key}: author: {err}; write each name as 'Last, First' or "
                        "'Last, Jr, First', the names separated by ' and '",
                    )
                )
    papers.sort(key=lambda p: (p.key, p.path, p.line))
    return Collection(taxonomy, tuple(papers)), problems
