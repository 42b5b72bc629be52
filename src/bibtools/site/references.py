"""The references page's bibliography, formatted by sphinxcontrib-bibtex through pybtex.

pybtex reads every field as LaTeX, and its reader has no way to print some characters a
title may hold literally (``\\{`` came out as ``\\``). So the site's own copy of the export
gives pybtex each title as the plain text readers see everywhere else, and the ``bibtools``
style prints titles as they are: literally, and in their own capitalisation (the plain
style would lower-case them).
"""

from __future__ import annotations

from typing import Any

from bibtools.data.model import Collection, Paper
from bibtools.export.bibtex import COLLECTION_TITLE, bibtex_file, export_values, to_bibtex

STYLE = "bibtools"


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def _site_entry(paper: Paper) -> str:
    values = export_values(paper)
    # A brace that does not balance could not stand in a BibTeX value: keep the LaTeX then.
    if _balanced(paper.title) and "\\" not in paper.title:
        values["title"] = paper.title
    return to_bibtex(paper, values)


def bibliography_file(collection: Collection) -> bytes:
    """What sphinxcontrib-bibtex reads: the export, with titles as plain text."""
    return bibtex_file(collection.papers, f"{COLLECTION_TITLE} (for the site)", _site_entry)


def register_style() -> None:
    """Make ``bibtex_default_style = "bibtools"`` known to pybtex (docs builds only)."""
    from pybtex.plugin import register_plugin
    from pybtex.style.formatting.plain import Style as PlainStyle
    from pybtex.style.template import field, sentence

    class Style(PlainStyle):  # type: ignore[misc]
        def format_title(self, e: Any, which_field: str, as_sentence: bool = True) -> Any:
            title = field(which_field, raw=True)
            return sentence[title] if as_sentence else title

    register_plugin("pybtex.style.formatting", STYLE, Style, force=True)
