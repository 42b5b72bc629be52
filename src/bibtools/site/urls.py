"""The site's URL scheme and Sphinx labels, in one place.

Every paper has one page, ``papers/<key>.html``, whose URL is derived from its key alone,
so it never moves when keywords or categories change. Its citation files live beside it at
``papers/cite/<key>.{bib,ris,json}``; collection downloads at ``downloads/<name>``. The old
per-category anchors (``papers/<category>.html#<key>``) still land on the paper's entry on
its home category page. A topic is ``papers/<category>.html#<category>-topic-<topic>`` (and,
in a long category, ``papers/<category>/<topic>.html``); a topic that moved (``[[moved]]``)
keeps both, leading to its new home (site.pages).
"""

from __future__ import annotations

from bibtools.bibtex.latex import ascii_fold
from bibtools.data.model import Author, Collection
from bibtools.data.taxonomy import Moved, Topic
from bibtools.site.myst import anchor_slug

PAPERS = "papers"  # the generated documents' folder, relative to the docs source
EXTRA = "_extra"  # under PAPERS: files copied verbatim to the site root (html_extra_path)
CITE_DIR = f"{PAPERS}/cite"  # served path of per-paper citation files
DOWNLOADS_DIR = "downloads"  # served path of collection downloads
FEED = "feed.xml"  # served path of the Atom feed
CITE_FORMATS = (("bib", "BibTeX"), ("ris", "RIS"), ("json", "CSL-JSON"))


def paper_doc(key: str) -> str:
    """The document name of a paper's page."""
    return f"{PAPERS}/{key}"


def paper_label(key: str, category: str = "") -> str:
    """The Sphinx label of a paper's page (its key), or of its entry on a category page."""
    return f"{category}-{key}" if category else key


def topic_label(topic: Topic | Moved) -> str:
    """A topic's anchor on its category's page; a moved topic keeps its old one."""
    return f"{topic.category}-topic-{topic.slug}"


def layer_label(category: str, layer: str) -> str:
    return f"{category}-layer-{layer}"


def category_doc(slug: str) -> str:
    return f"{PAPERS}/{slug}"


def author_labels(collection: Collection) -> dict[Author, str]:
    """Each author's label on the author index: ``author-<folded name>``, unique."""
    labels: dict[Author, str] = {}
    taken: set[str] = set()
    for author in sorted({a for p in collection.papers for a in p.authors}, key=author_order):
        base = "author-" + (anchor_slug(ascii_fold(f"{author.last} {author.first}")) or "x")
        label, n = base, 2
        while label in taken:
            label, n = f"{base}-{n}", n + 1
        taken.add(label)
        labels[author] = label
    return labels


def author_order(author: Author) -> tuple[str, str, str]:
    """Author index order: by folded last name, then first name."""
    return (ascii_fold(author.last).casefold(), *author.sort_key)
