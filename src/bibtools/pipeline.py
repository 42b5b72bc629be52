"""The load-and-check pipeline, assembled once: sources -> collection -> problems.

:func:`bibtools.fs.read_sources` reads the files, :func:`~bibtools.data.loader.load_collection`
parses and loads them, :func:`~bibtools.data.rules.validate` checks the contract and
:mod:`bibtools.data.scope` the scope decisions (``bib/scope.tsv``). The CLI's
commands, the Sphinx extension, the online commands and the tests all load through here, so
they refuse the same data with the same messages.
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from bibtools import fs
from bibtools.data.contract import CONTRACT, Contract
from bibtools.data.loader import load_collection
from bibtools.data.model import Collection, ScopeDecision
from bibtools.data.rules import validate
from bibtools.data.scope import check_scope, parse_scope
from bibtools.errors import LoadError, Problem, ValidationError


@contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused while the collection is built: loading makes
    hundreds of thousands of objects and no garbage cycle worth collecting, and the
    collector's passes over the growing heap were a tenth of `bibtools check` at 5,000
    entries. It runs again (and catches up) afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def loaded(sources: fs.Sources, contract: Contract = CONTRACT) -> tuple[Collection, list[Problem]]:
    """The collection, and the problems reading and parsing found (all of them).

    Raises :class:`~bibtools.errors.LoadError` only when the taxonomy itself is unusable."""
    with _without_cycle_collection():
        collection, problems = load_collection(
            sources.bib_texts, sources.taxonomy_text, sources.taxonomy_path, contract
        )
    return collection, sources.problems + problems


def checked(sources: fs.Sources, contract: Contract = CONTRACT) -> tuple[Collection, list[Problem]]:
    """The collection, and every problem: reading, parsing, the contract's rules, and the
    scope decisions against the collection (when there is a scope file). ``contract``:
    bibtools' own unless a test declares another."""
    with _without_cycle_collection():
        collection, problems = loaded(sources, contract)
        rules = validate(collection, contract)
        collection, scope = _with_scope(sources, collection)
    return collection, problems + rules + scope


def _decisions(sources: fs.Sources) -> tuple[tuple[ScopeDecision, ...], list[Problem]]:
    """The scope file's decisions (none without one) and the problems reading it found."""
    if sources.scope_problems or not sources.scope_path:
        return (), list(sources.scope_problems)
    return parse_scope(sources.scope_text, sources.scope_path)


def _with_scope(sources: fs.Sources, collection: Collection) -> tuple[Collection, list[Problem]]:
    """The collection with its scope decisions (the pages show coverage), and their problems."""
    decisions, problems = _decisions(sources)
    if sources.scope_path and not sources.scope_problems:
        problems += check_scope(decisions, collection, sources.scope_path)
    return replace(collection, scope=decisions), problems


def valid(sources: fs.Sources) -> Collection:
    """Load and check; raise :class:`~bibtools.errors.ValidationError` listing every
    problem."""
    collection, problems = checked(sources)
    if problems:
        raise ValidationError(problems)
    return collection


def load_valid(paths: list[Path], taxonomy: Path | None = None) -> Collection:
    """Read, load and check; raise :class:`~bibtools.errors.ValidationError` listing every
    problem."""
    return valid(fs.read_sources(paths, taxonomy))


def sources_digest(sources: fs.Sources) -> str:
    """A digest of everything :func:`valid` reads: the .bib files (names and texts), the
    taxonomy, the scope file, and the problems met reading them. Equal digests, equal
    collections (and the same problems)."""
    digest = hashlib.sha256()
    parts = [
        *(f"bib {name}\0{text}" for name, text in sorted(sources.bib_texts.items())),
        f"taxonomy {sources.taxonomy_path}\0{sources.taxonomy_text}",
        f"scope {sources.scope_path}\0{sources.scope_text}",
        *(f"problem {problem}" for problem in [*sources.problems, *sources.scope_problems]),
    ]
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass") + b"\1")
    return digest.hexdigest()


def load_parsed(paths: list[Path], taxonomy: Path | None = None) -> Collection:
    """Read and load; syntax (and reading) problems raise :class:`~bibtools.errors.LoadError`,
    the contract is not checked (an entry without its summary can still be verified)."""
    collection, problems = loaded(fs.read_sources(paths, taxonomy))
    if problems:
        raise LoadError(problems)
    return collection


def load_scoped(bib: Path, taxonomy: Path | None = None) -> tuple[Collection, fs.Sources]:
    """Read and load ``bib`` with its scope decisions, for a command that edits both (``add
    --listing``); syntax problems in either raise :class:`~bibtools.errors.LoadError`, the
    contract is not checked. The sources are returned for the scope file's text and path."""
    sources = fs.read_sources([bib], taxonomy)
    collection, problems = loaded(sources)
    decisions, scope_problems = _decisions(sources)
    problems += scope_problems
    if problems:
        raise LoadError(problems)
    return replace(collection, scope=decisions), sources
