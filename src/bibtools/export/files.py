"""Every export file, as relative path -> bytes: the collection, each category, each paper.

For each set of papers there are three files with the same stem: BibTeX (``.bib``), RIS
(``.ris``) and CSL-JSON (``.json``). Pure: the caller (the site, the CLI) decides where they go.
"""

from __future__ import annotations

from collections.abc import Sequence

from bibtools.data.model import Collection, Paper
from bibtools.export.bibtex import ALL_FILE, COLLECTION_TITLE, bibtex_file
from bibtools.export.csl import csl_file
from bibtools.export.ris import ris_file

ALL_STEM = ALL_FILE.removesuffix(".bib")  # "neurips25-mlsys"


def _three(stem: str, papers: Sequence[Paper], heading: str) -> dict[str, bytes]:
    return {
        f"{stem}.bib": bibtex_file(papers, heading),
        f"{stem}.ris": ris_file(papers),
        f"{stem}.json": csl_file(papers),
    }


#: The stem suffix of a file holding only the NeurIPS 2025 papers of a set (no item of the
#: original list that is something else).
NEURIPS_ONLY = "-neurips2025"


def neurips_only(stem: str) -> str:
    """The stem of the NeurIPS-2025-only variant of ``stem``'s files."""
    return stem + NEURIPS_ONLY


def _both(stem: str, papers: Sequence[Paper], heading: str) -> dict[str, bytes]:
    """A set's three files, and their NeurIPS-2025-only variants."""
    papers_only = [paper for paper in papers if paper.is_neurips2025]
    only = f"{heading}, NeurIPS 2025 papers only"
    return _three(stem, papers, heading) | _three(neurips_only(stem), papers_only, only)


def collection_exports(collection: Collection) -> dict[str, bytes]:
    """``neurips25-mlsys.{bib,ris,json}`` (every entry) and ``<category>.{bib,ris,json}``
    for each taxonomy category, in taxonomy order; each also as
    ``<stem>-neurips2025.{bib,ris,json}``, the NeurIPS 2025 papers alone."""
    files = _both(ALL_STEM, collection.papers, f"{COLLECTION_TITLE} (all entries)")
    for category in collection.taxonomy.categories:
        files |= _both(
            category.slug,
            collection.in_category(category.slug),
            f"{COLLECTION_TITLE} - {category.title}",
        )
    return files


def paper_exports(paper: Paper) -> dict[str, bytes]:
    """``<key>.bib``, ``<key>.ris`` and ``<key>.json`` (a one-item array) for one paper."""
    return _three(paper.key, (paper,), f"{COLLECTION_TITLE} - {paper.key}")
