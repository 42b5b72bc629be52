"""Reading bib/ from disk: shared by the CLI and the Sphinx extension (the only callers)."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from bibtools.errors import LoadError, Problem, ValidationError
from bibtools.loader import TAXONOMY_FILE, load_collection
from bibtools.model import Collection
from bibtools.validate import validate


class Sources(NamedTuple):
    bib_texts: dict[str, str]  # display path -> text
    taxonomy_text: str
    taxonomy_path: str
    problems: list[Problem]


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def bib_paths(paths: list[Path]) -> list[Path]:
    """Expand folders to their *.bib files; raise FileNotFoundError for a missing path."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(path.glob("*.bib")))
        elif path.is_file():
            found.append(path)
        else:
            raise FileNotFoundError(str(path))
    return found


def read_sources(paths: list[Path], taxonomy: Path | None = None) -> Sources:
    files = bib_paths(paths)
    if taxonomy is None:
        first = paths[0] if paths else Path("bib")
        taxonomy = (first if first.is_dir() else first.parent) / TAXONOMY_FILE
    problems: list[Problem] = []
    texts: dict[str, str] = {}
    for path in files:
        try:
            texts[_display(path)] = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            problems.append(Problem(_display(path), 1, "read", f"cannot read the file: {err}"))
    try:
        taxonomy_text = taxonomy.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise LoadError(
            [Problem(_display(taxonomy), 1, "taxonomy", f"cannot read the taxonomy: {err}")]
        ) from None
    return Sources(texts, taxonomy_text, _display(taxonomy), problems)


def load_sources(sources: Sources) -> tuple[Collection, list[Problem]]:
    collection, problems = load_collection(
        sources.bib_texts, sources.taxonomy_text, sources.taxonomy_path
    )
    return collection, sources.problems + problems


def load_valid(paths: list[Path], taxonomy: Path | None = None) -> Collection:
    """Read, load and validate; raise a :class:`BibtoolsError` listing every problem.

    The one entry point for the CLI's commands and the Sphinx hook, so both refuse the
    same data with the same messages.
    """
    collection, problems = load_sources(read_sources(paths, taxonomy))
    problems += validate(collection)
    if problems:
        raise ValidationError(problems)
    return collection
