"""The explorer page: every entry in one table, filtered and sorted in the browser.

The form is drawn here, with every option and its label, so it reads and works with the
keyboard before the script runs; the script (``site/static/bibtools-explorer.js``) fills
the table from the data file (:mod:`bibtools.site.explorer`) and keeps the filters in the
URL, so a filtered view can be linked (``explorer.html?c=compression&pr=oral&code=1``).
Without JavaScript the page says so and points to the lists that need none.
"""

from __future__ import annotations

import html
from urllib.parse import urlencode

from bibtools.data.model import Collection
from bibtools.site import myst
from bibtools.site.explorer import explorer_data
from bibtools.site.pages.template import GENERATED_NOTE
from bibtools.site.urls import (
    EXPLORER_DATA,
    EXPLORER_DOC,
    EXPLORER_SCRIPT,
    REFERENCES_DOC,
    category_doc,
    href,
    page,
)

# The filters: (URL parameter, label, the facet whose values it offers).
SELECTS = (
    ("c", "Category", "c"),
    ("p", "Topic", "p"),
    ("pr", "Presentation", "pr"),
    ("w", "Award", "w"),
    ("v", "Kind", "v"),
)
# The table's columns: (sort key, heading).
COLUMNS = (
    ("t", "Paper"),
    ("a", "Authors"),
    ("p", "Topic"),
    ("pr", "Presentation"),
    ("code", "Code"),
)


def _select(name: str, label: str, options: list[list[str]]) -> str:
    items = "".join(
        f'<option value="{html.escape(value)}">{html.escape(text)}</option>'
        for value, text in options
    )
    return (
        f'<label for="explorer-{name}">{label}</label>'
        f'<select id="explorer-{name}" name="{name}"><option value="">Any</option>{items}</select>'
    )


def explorer_page(collection: Collection) -> str:
    facets = explorer_data(collection)["facets"]
    # Raw HTML: the form and the table are the page (no Sphinx construct draws them).
    # Every value written here is ours (slugs, labels of the contract and the taxonomy),
    # escaped all the same.
    fields = [_select(name, label, facets[facet]) for name, label, facet in SELECTS]
    fields.append(
        '<label for="explorer-q">Words in title, short name or author</label>'
        '<input id="explorer-q" name="q" type="search" autocomplete="off">'
    )
    fields.append(
        '<span class="explorer-check"><input id="explorer-code" name="code" type="checkbox" '
        'value="1"><label for="explorer-code">With code</label></span>'
    )
    fields.append(
        '<span class="explorer-check"><input id="explorer-l" name="l" type="checkbox" '
        'value="0"><label for="explorer-l">Summarised only</label></span>'
    )
    head = "".join(
        f'<th scope="col"><button type="button" data-sort="{key}">{label}</button></th>'
        for key, label in COLUMNS
    )
    script = href(EXPLORER_DOC, EXPLORER_SCRIPT)
    data = href(EXPLORER_DOC, EXPLORER_DATA)
    first = collection.taxonomy.categories[0].slug
    references = href(EXPLORER_DOC, page(REFERENCES_DOC))
    category = href(EXPLORER_DOC, page(category_doc(first)))
    widget = [
        f'<form id="explorer-filters" class="explorer-form" data-src="{data}" role="search" '
        'aria-label="Filter the collection">',
        *fields,
        '<button type="reset">Clear</button>',
        "</form>",
        "",
        '<p id="explorer-count" aria-live="polite"></p>',
        "",
        '<div class="explorer-scroll" tabindex="0" role="region" aria-label="Entries">'
        '<table id="explorer-table" class="explorer-table">'
        f"<thead><tr>{head}</tr></thead><tbody></tbody></table></div>",
        "",
        "<noscript><p>The explorer needs JavaScript. Without it, every entry is on "
        f'<a href="{references}">All references</a> and on the category pages, such as '
        f'<a href="{category}">the first one</a>.</p></noscript>',
        "",
        f'<script src="{script}" defer></script>',
    ]
    out = [
        GENERATED_NOTE,
        "# Explorer",
        "",
        f"Every entry of the collection ({len(collection.papers)}) in one table: choose "
        "filters, type words, sort by a column. The address of the page keeps the filters, "
        "so a view can be bookmarked or sent. Each title leads to the paper's page.",
        "",
        # Out of the search index: the form's labels would make this page answer queries
        # such as "oral" or "poster".
        myst.unsearched("\n".join(widget)),
    ]
    return "\n".join(out)


def explorer_href(doc: str, **filters: str) -> str:
    """The relative URL, from the page of ``doc``, of the explorer with ``filters`` set (URL
    parameter -> value: slugs and keywords of ours)."""
    query = urlencode(sorted(filters.items()), safe="/")
    return href(doc, page(EXPLORER_DOC)) + (f"?{query}" if query else "")


def explorer_link(doc: str, text: str, **filters: str) -> str:
    """A raw HTML link from the page of ``doc`` to the explorer with ``filters`` set."""
    target = explorer_href(doc, **filters)
    return f'<a class="explorer-link" href="{html.escape(target)}">{myst.html_text(text)}</a>'
