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


def collection_exports(collection: Collection) -> dict[str, bytes]:
    """``neurips25-mlsys.{bib,ris,json}`` (every entry) and ``<category>.{bib,ris,json}``
    for each taxonomy category, in taxonomy order."""
    files = _three(ALL_STEM, collection.papers, f"{COLLECTION_TITLE} (all entries)")
    for category in collection.taxonomy.categories:
        files |= _three(
            category.slug,
            collection.in_category(category.slug),
            f"{COLLECTION_TITLE} - {category.title}",
        )
    return files


def paper_exports(paper: Paper) -> dict[str, bytes]:
    """``<key>.bib``, ``<key>.ris`` and ``<key>.json`` (a one-item array) for one paper."""
    return _three(paper.key, (paper,), f"{COLLECTION_TITLE} - {paper.key}")
