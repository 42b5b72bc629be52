"""The search page's author names: an author query is a name ("Hao Zhang" finds the papers
of the author of that name, not every page holding "Hao" and "Zhang"). Pure.

One generated script, ``search-authors.js``, loaded by the search page alone, maps each
author's name, folded as the search scorer folds a query (``site/search-scorer.js``,
``Scorer.fold``), to the documents of that author's papers. Each name is there twice when
the two spellings differ: with accents stripped as the browser strips them ("Pöppel" ->
"poppel") and transliterated by anyascii ("Michał" -> "michal", which stripping accents
does not do), so the name typed either way is found.
"""

from __future__ import annotations

import json
import re
import unicodedata

from anyascii import anyascii

from bibtools.data.model import Collection
from bibtools.site.urls import paper_doc

_NOT_A_WORD = re.compile(r"[\W_]+")
#: The global the scorer reads (see ``site/search-scorer.js``).
GLOBAL = "BIBTOOLS_AUTHORS"


def fold(text: str) -> str:
    """As ``Scorer.fold``: decomposed, marks dropped, lower case, words one space apart."""
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(c for c in decomposed if not unicodedata.category(c).startswith("M"))
    return _NOT_A_WORD.sub(" ", bare.lower()).strip()


def spellings(name: str) -> tuple[str, ...]:
    """The folded spellings a reader may type for ``name``: accents stripped, and
    transliterated to ASCII (one, when they agree)."""
    return tuple(dict.fromkeys(s for s in (fold(name), fold(anyascii(name))) if s))


def author_names(collection: Collection) -> dict[str, list[str]]:
    """Folded name -> the sorted documents of its papers, names sorted: deterministic."""
    names: dict[str, set[str]] = {}
    for paper in collection.papers:
        for author in paper.authors:
            for spelling in spellings(author.display):
                names.setdefault(spelling, set()).add(paper_doc(paper.key))
    return {name: sorted(names[name]) for name in sorted(names)}


def author_names_js(collection: Collection) -> bytes:
    """The script: one assignment of a JSON object (``<`` escaped, so no ``</script>``)."""
    data = json.dumps(author_names(collection), ensure_ascii=True, separators=(",", ":"))
    data = data.replace("<", "\\u003c")
    return f"var {GLOBAL} = {data};\n".encode("ascii")
