"""A paper's reference in citation styles (site.styles): citeproc-py with the CSL
project's styles, cached between builds without changing a byte."""

from __future__ import annotations

import json
import os

import pytest
from citeproc.model import CitationStylesElement

from bibtools.export.csl import to_csl
from bibtools.site import styles
from bibtools.site.styles import STYLES, _format, styled_references
from conftest import FIXTURE, REPO, load_folder


def test_each_paper_has_its_reference_in_every_style() -> None:
    collection = load_folder(FIXTURE)
    references, _ = styled_references(collection.papers)
    assert set(references) == {p.key for p in collection.papers}
    for paper in collection.papers:
        labels = [label for label, _ in references[paper.key]]
        assert labels == [label for _, label in STYLES]
        for label, text in references[paper.key]:
            assert paper.title.split(":")[0] in text, (paper.key, label)
            if paper.authors:
                assert paper.authors[0].last in text, (paper.key, label)
            assert "\n" not in text and not text.startswith("[1]")


def test_a_warm_cache_gives_the_same_references_and_bytes() -> None:
    collection = load_folder(FIXTURE)
    cold, cache = styled_references(collection.papers)
    warm, again = styled_references(collection.papers, cache)
    assert (warm, again) == (cold, cache)
    # Only this build's references are kept: a paper that left takes its entries along.
    fewer, smaller = styled_references(collection.papers[1:], cache)
    assert len(json.loads(smaller)) == len(STYLES) * (len(collection.papers) - 1)
    assert fewer == {k: v for k, v in cold.items() if k != collection.papers[0].key}


def test_a_damaged_or_foreign_cache_is_ignored() -> None:
    collection = load_folder(FIXTURE)
    cold, cache = styled_references(collection.papers)
    for damaged in (b"\xff\xfe", b"[1, 2]", b"{", b'{"x": 1}'):
        assert styled_references(collection.papers, damaged) == (cold, cache)
    # A cache entry is looked up by the digest of its input: a wrong text under a digest
    # that no input has is never shown.
    poisoned = json.dumps({"0" * 64: "<script>"}).encode()
    assert styled_references(collection.papers, poisoned) == (cold, cache)


def test_remembered_style_lookups_change_no_reference_and_are_undone() -> None:
    """styled_references remembers citeproc-py's style lookups while it formats
    (styles._lookups_remembered): the references of the real collection's first 120
    papers and of 20 that are not @inproceedings are the ones citeproc-py gives without
    it, and afterwards citeproc-py is as it was."""
    before = CitationStylesElement.xpath_search
    papers = load_folder(REPO / "bib").papers
    chosen = [*papers[:120], *[p for p in papers if p.entry_type != "inproceedings"][:20]]
    remembered, _ = styled_references(chosen)
    assert CitationStylesElement.xpath_search is before
    assert len({p.entry_type for p in chosen}) > 1
    for paper in chosen:
        item = to_csl(paper)
        plain = tuple((label, _format(style, item)) for style, label in STYLES)
        assert remembered[paper.key] == plain, paper.key


def test_references_formatted_by_several_processes_are_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With ``processes`` (sphinx-build -j), what the cache lacks is shared among forked
    processes: the same references and cache bytes as one process gives, with a part of
    them taken from the cache; and the work is really shared (each child formats)."""
    papers = load_folder(REPO / "bib").papers[:150]
    alone, cache = styled_references(papers)
    half, _ = styled_references(papers[:60])
    _, half_cache = styled_references(papers[:60])
    formatted_by: set[int] = set()
    real = styles._format

    def counted(style: str, item: dict[str, object]) -> str:
        formatted_by.add(os.getpid())
        return real(style, item)

    monkeypatch.setattr(styles, "_format", counted)
    for processes in (2, 3):
        assert styled_references(papers, b"", processes) == (alone, cache)
        assert styled_references(papers, half_cache, processes) == (alone, cache)
    assert half == {p.key: alone[p.key] for p in papers[:60]}
    # Every reference was formatted in a child: the parent's record stays empty (a child
    # adds to its own copy). With one process the parent formats them.
    assert formatted_by == set()
    styled_references(papers, b"", 1)
    assert formatted_by == {os.getpid()}
