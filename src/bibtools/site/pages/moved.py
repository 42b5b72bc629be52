"""Topics that moved (``[[moved]]``): their old anchors and addresses lead to the new home.

On the old category's page an old anchor is either an extra id of the new home's section
(see :mod:`~bibtools.site.pages.category`) or, when the page does not list the new home, a
line of the *Moved topics* list with a script that follows its link. In a long category
the old topic page's address holds a small HTML page that sends the reader on. Where each
leads is the layout's (:class:`~bibtools.site.layout.MovedTopic`).
"""

from __future__ import annotations

from collections.abc import Iterable

from bibtools.data.model import Collection
from bibtools.site import myst
from bibtools.site.layout import MovedTopic
from bibtools.site.urls import PAPERS, category_doc, extra, href, page, paper_doc, topic_label

# Sends an old topic anchor of this page (``#<category>-topic-<old>``) on to the topic's new
# home: the link beside the element with that id (Sphinx resolved it, see moved_section).
_MOVED_REDIRECT = (
    "<script>(function () { var id = decodeURIComponent(location.hash.slice(1)); "
    "var el = id && document.getElementById(id); "
    'if (!el || el.className !== "moved-topic") return; '
    'var a = el.parentNode.querySelector("a[href]"); if (a) location.replace(a.href); })();'
    "</script>"
)

# A static page at a moved topic's old address (URLs and slugs are ours; the title escaped).
_REDIRECT_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url={url}">
<title>Moved: {title}</title>
</head>
<body>
<p>The topic {old} moved: <a href="{url}">{title}</a>.</p>
</body>
</html>
"""


def moved_section(collection: Collection, moved: Iterable[MovedTopic]) -> list[str]:
    """An element with each old topic id, linking to the new home (its topic, or its
    category while the topic has no papers), and the script that follows the link."""
    items = []
    for record in moved:
        home = collection.taxonomy.category(record.home.category)
        if record.listed:
            topic = myst.ref(topic_label(record.home), record.home.title)
            link = f"{topic} in {myst.text(home.short)}"
        else:
            link = myst.doc(category_doc(home.slug), home.title)
        anchor = f'<span class="moved-topic" id="{topic_label(record.old)}"></span>'
        items.append(f"- {anchor}{myst.text(record.old.old)}: now {link}")
    if not items:
        return []
    return ["## Moved topics", "", *items, "", _MOVED_REDIRECT, ""]


def redirect_pages(collection: Collection, moved: Iterable[MovedTopic]) -> dict[str, str]:
    """For each moved topic of a long category, a page at its old address
    (``papers/<category>/<topic>.html``, raw HTML copied to the site as it is) that sends
    the reader to the new home: a meta refresh and a link."""
    pages = {}
    for record in moved:
        if not record.redirect:
            continue
        home = record.home
        title = home.title if record.listed else collection.taxonomy.category(home.category).title
        # Up to the folder of the generated pages, then down: the same link from any old page.
        url = href(record.redirect, f"{PAPERS}/") + href(paper_doc(""), record.target)
        pages[extra(page(record.redirect))] = _REDIRECT_PAGE.format(
            url=url,
            title=myst.html_text(title),
            old=record.old.old,
        )
    return pages
