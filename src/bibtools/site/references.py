"""The references' formatting, cached by entry content across builds.

sphinxcontrib-bibtex formats every entry of every ``{bibliography}`` on each build, even
when nothing changed (its ``env-updated`` handler): with thousands of entries that was
most of a rebuild. The style ``bibtools`` is pybtex's ``plain`` whose ``format_entry`` looks
up a cache first, keyed by everything the formatting reads (the label, the entry's type,
fields and persons). The cache lives on the Sphinx environment, so it is pickled with it:
a rebuild formats only the entries whose exported fields (or labels) changed.
"""

from __future__ import annotations

from typing import Any, ClassVar

import pybtex.plugin
from pybtex.style.formatting.plain import Style as PlainStyle
from sphinx.application import Sphinx

STYLE = "bibtools"
_ENV_ATTRIBUTE = "bibtools_reference_cache"


class CachedPlainStyle(PlainStyle):  # type: ignore[misc]
    """pybtex's ``plain``, remembering what it formatted (see the module)."""

    cache: ClassVar[dict[tuple[Any, ...], Any]] = {}

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


def attach_cache(app: Sphinx) -> None:
    """Use the cache kept on this build's environment (restored from the last build)."""
    env: Any = app.env
    cache = getattr(env, _ENV_ATTRIBUTE, None)
    if not isinstance(cache, dict):
        cache = {}
        setattr(env, _ENV_ATTRIBUTE, cache)
    CachedPlainStyle.cache = cache


def register() -> None:
    pybtex.plugin.register_plugin("pybtex.style.formatting", STYLE, CachedPlainStyle)
