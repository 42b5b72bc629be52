"""The references' bibliography, formatted by sphinxcontrib-bibtex through pybtex.

Two things pybtex's ``plain`` style does not do for this site, done by the ``bibtools`` style:

- **Titles as written.** pybtex reads every field as LaTeX, and its reader cannot print some
  characters a title may hold literally (``\\{`` came out as ``\\``). The site's own copy of
  the export (:func:`bibliography_file`) gives each title as the plain text readers see
  everywhere else, and the style prints it raw: literally, in its own capitalisation (plain
  would lower-case it).
- **A cache by entry content.** sphinxcontrib-bibtex formats every entry of every
  ``{bibliography}`` on each build, even when nothing changed (its ``env-updated`` handler):
  with thousands of entries that was most of a rebuild. ``format_entry`` looks up a cache
  first, keyed by everything the formatting reads (the label, the entry's type, fields and
  persons). The cache is the Sphinx environment's (bibtools.sphinxext.BuildState), so it is
  pickled with it: a rebuild formats only the entries whose exported fields (or labels)
  changed. :func:`use_cache` registers the style bound to one build's cache.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pybtex.plugin
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.labels.number import LabelStyle as NumberLabels
from pybtex.style.names.plain import NameStyle as PlainNames
from pybtex.style.sorting.author_year_title import SortingStyle as AuthorYearTitleOrder
from pybtex.style.template import field, sentence

from bibtools.bibtex.write import splits_alike
from bibtools.data.model import Paper
from bibtools.export.bibtex import COLLECTION_TITLE, bibtex_file, export_values, to_bibtex

STYLE = "bibtools"


def _site_entry(paper: Paper) -> str:
    values = export_values(paper)
    # A brace that does not balance could not stand in a BibTeX value: keep the LaTeX then.
    if "title" in values and splits_alike(paper.title) and "\\" not in paper.title:
        values["title"] = paper.title
    return to_bibtex(paper, values)


def bibliography_file(papers: Iterable[Paper]) -> bytes:
    """What sphinxcontrib-bibtex reads: the export, with titles as plain text."""
    return bibtex_file(papers, f"{COLLECTION_TITLE} (for the site)", _site_entry)


class Style(PlainStyle):  # type: ignore[misc]
    """pybtex's ``plain`` with raw titles, remembering what it formatted in ``cache`` (see
    the module; :func:`use_cache` makes the subclass that holds one build's cache)."""

    cache: dict[tuple[Any, ...], Any] = {}  # noqa: RUF012 (a subclass per build sets its own)
    # plain's own choices, as classes: by name, pybtex looks each one up among every
    # installed package's entry points, each time a bibliography is formatted.
    default_name_style = PlainNames
    default_label_style = NumberLabels
    default_sorting_style = AuthorYearTitleOrder

    def format_title(self, e: Any, which_field: str, as_sentence: bool = True) -> Any:
        title = field(which_field, raw=True)
        return sentence[title] if as_sentence else title

    def format_entry(self, label: str, entry: Any, bib_data: Any = None) -> Any:
        key = (
            label,
            entry.key,
            entry.type,
            tuple(entry.fields.items()),
            tuple((role, tuple(str(p) for p in people)) for role, people in entry.persons.items()),
        )
        found = self.cache.get(key)
        if found is None:
            found = super().format_entry(label, entry, bib_data=bib_data)
            self.cache[key] = found
        return found


def use_cache(cache: dict[tuple[Any, ...], Any]) -> None:
    """Make ``bibtex_default_style = "bibtools"`` the style that formats through ``cache``
    (one build's: its environment's). pybtex creates the style itself, by name."""
    bound = type("Style", (Style,), {"cache": cache, "__module__": __name__})
    pybtex.plugin.register_plugin("pybtex.style.formatting", STYLE, bound, force=True)
