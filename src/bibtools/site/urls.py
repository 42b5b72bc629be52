"""The site's URL scheme and Sphinx labels, in one place: every folder, document name and label.

Every paper has one page, ``papers/<key>.html``, whose URL is derived from its key alone,
so it never moves when keywords or categories change. Its citation files live beside it at
``papers/cite/<key>.{bib,ris,json}``; collection downloads at ``downloads/<name>``. The old
per-category anchors (``papers/<category>.html#<key>``) still land on the paper's entry on
its home category page. A topic is ``papers/<category>.html#<category>-topic-<topic>`` (and,
in a long category, ``papers/<category>/<topic>.html``); a topic that moved (``[[moved]]``)
keeps both, leading to its new home (site.layout).

A *document* is a Sphinx document name (``papers/inference``); its *page* is the served
file (``papers/inference.html``) and its *source* the generated MyST file, named relative
to the generated folder (``inference.md``). A list too long for one page is split into
parts (site.paging): the part ``<letters>`` of a list whose document is ``d`` is ``d/<letters>``.
"""

from __future__ import annotations

import posixpath

from bibtools.bibtex.latex import ascii_fold
from bibtools.data.model import Author, Collection
from bibtools.data.taxonomy import Moved, Topic
from bibtools.export.bibtex import ALL_FILE
from bibtools.site.myst import anchor_slug
from bibtools.site.paging import ONE_PAGE

# -- folders and files ----------------------------------------------------------------------
PAPERS = "papers"  # the generated documents' folder, relative to the docs source
EXTRA = "_extra"  # under PAPERS: files copied verbatim to the site root (html_extra_path)
BIBLIOGRAPHY = "bib"  # under PAPERS: the .bib that sphinxcontrib-bibtex reads (not served)
HOME = "home.md"  # under PAPERS: the home page's generated part (docs/index.md includes it)
HOME_DOC = "index"  # the document that includes it: raw HTML links are relative to its page
# The statistics figure and its copy in the dark theme's colours, served at the site's root
# (html_extra_path): the pages show them in raw HTML, with links over their bars.
FIGURE_SERVED = "stats.png"
FIGURE_DARK_SERVED = "stats-dark.png"
CITE_DIR = f"{PAPERS}/cite"  # served path of per-paper citation files
DOWNLOADS_DIR = "downloads"  # served path of collection downloads
FEED = "feed.xml"  # served path of the Atom feed
OG_IMAGE = "og-image.png"  # served path of the link-preview card (og:image)
ROOT_PAGE = "index.html"  # the site's home page
SPHINX_PAGES = ("404.html", "search.html", "genindex.html")  # Sphinx's, not in the sitemap
CITE_FORMATS = (("bib", "BibTeX"), ("ris", "RIS"), ("json", "CSL-JSON"))

# -- documents ------------------------------------------------------------------------------
AWARDS_DOC = f"{PAPERS}/awards"  # a long list: a page per group, papers/awards/<group>
AUTHORS_DOC = f"{PAPERS}/authors"  # a long index: papers/authors/<letters>
REFERENCES_DOC = f"{PAPERS}/references"  # a long bibliography: papers/references/<letters>
STATISTICS_DOC = f"{PAPERS}/statistics"
DOWNLOADS_DOC = f"{PAPERS}/downloads"
EXPLORER_DOC = f"{PAPERS}/explorer"  # every entry in one filterable table
EXPLORER_DATA = "explorer/papers.json"  # served path of the explorer's data (one file)
EXPLORER_SCRIPT = "_static/bibtools-explorer.js"  # served path of its script (a static file)
# The search page's author names (generated; see site.search_names), beside Sphinx's files.
SEARCH_AUTHORS = "_static/search-authors.js"


def paper_doc(key: str) -> str:
    """The document name of a paper's page."""
    return f"{PAPERS}/{key}"


def paper_key(docname: str) -> str:
    """The key whose page ``docname`` may be (``papers/<key>``), else ''."""
    folder, _, rest = docname.partition("/")
    return rest if folder == PAPERS and "/" not in rest else ""


def category_doc(slug: str) -> str:
    return f"{PAPERS}/{slug}"


def topic_doc(topic: Topic | Moved) -> str:
    """The document of one topic's list in a long category: ``papers/<category>/<topic>``
    (a moved topic's old address)."""
    return f"{category_doc(topic.category)}/{topic.slug}"


def award_group_doc(slug: str) -> str:
    """The document of one awards group in a long awards list: ``papers/awards/<group>``."""
    return f"{AWARDS_DOC}/{slug}"


def part_doc(doc: str, slug: str) -> str:
    """The document of the part ``slug`` of the list whose document is ``doc``."""
    return doc if slug == ONE_PAGE else f"{doc}/{slug}"


def bibliography_source(slug: str) -> str:
    """The .bib sphinxcontrib-bibtex reads for the references' part ``slug``, relative to
    the generated folder: the whole export while the references fit on one page, else one
    file per page (a title edit then re-reads one page of references, not all of them)."""
    return f"{BIBLIOGRAPHY}/{ALL_FILE}" if slug == ONE_PAGE else f"{BIBLIOGRAPHY}/{slug}.bib"


def bibliography_argument(doc: str, slug: str) -> str:
    """The {bibliography} directive's file argument on ``doc``: relative to the document."""
    target = f"{PAPERS}/{bibliography_source(slug)}"
    return posixpath.relpath(target, posixpath.dirname(doc))


def source(doc: str) -> str:
    """The generated file of a document, relative to the generated folder (``a/b.md``)."""
    return f"{doc.removeprefix(f'{PAPERS}/')}.md"


# A paper page's source suffix: its own format, not MyST (see bibtools.paperparser).
PAPER_SUFFIX = ".paper"


def paper_source(key: str) -> str:
    """The generated file of a paper's page, relative to the generated folder."""
    return f"{key}{PAPER_SUFFIX}"


def extra(served: str) -> str:
    """Where the generated folder holds a file served verbatim at ``served``."""
    return f"{EXTRA}/{served}"


# Where the generated folder holds the figures (read back by the next build, to reuse them).
FIGURE = extra(FIGURE_SERVED)
FIGURE_DARK = extra(FIGURE_DARK_SERVED)


def page(doc: str) -> str:
    """The served path of a document's page."""
    return f"{doc}.html"


def href(from_doc: str, to: str) -> str:
    """The relative URL, from the page of document ``from_doc``, of the served path ``to``
    (which may end in ``#fragment``; a folder ends in ``/``). For raw HTML links, which
    Sphinx does not resolve."""
    here = from_doc.split("/")[:-1]
    path, hash_mark, fragment = to.partition("#")
    there = path.split("/")
    common = 0
    while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:]) + hash_mark + fragment


# -- labels ---------------------------------------------------------------------------------
REFERENCES_LABEL = "references"


def paper_label(key: str, category: str = "") -> str:
    """The Sphinx label of a paper's page (its key), or of its entry on a category page."""
    return f"{category}-{key}" if category else key


def category_label(slug: str) -> str:
    return f"cat-{slug}"


def topic_label(topic: Topic | Moved | str) -> str:
    """The label of a topic's list: a :class:`Topic`, its keyword ``category/topic``, or a
    moved topic's old one (it keeps its anchor)."""
    category, slug = topic.split("/", 1) if isinstance(topic, str) else (topic.category, topic.slug)
    return f"{category}-topic-{slug}"


def layer_label(category: str, layer: str) -> str:
    return f"{category}-layer-{layer}"


def author_part_label(slug: str) -> str:
    """The label of one page of a split author index."""
    return f"authors-{slug}"


def author_labels(collection: Collection) -> dict[Author, str]:
    """Each author's label on the author index: ``author-<folded name>``, unique."""
    labels: dict[Author, str] = {}
    taken: set[str] = set()
    # Where each base's search for a free number goes on: every label below it is taken
    # (labels are never freed), so n names that fold alike cost n tries, not n² / 2.
    next_number: dict[str, int] = {}
    for author in sorted({a for p in collection.papers for a in p.authors}, key=author_order):
        base = "author-" + (anchor_slug(ascii_fold(f"{author.last} {author.first}")) or "x")
        n = next_number.get(base, 2)
        label = base if n == 2 else f"{base}-{n}"
        while label in taken:
            label, n = f"{base}-{n}", n + 1
        next_number[base] = n
        taken.add(label)
        labels[author] = label
    return labels


def author_order(author: Author) -> tuple[str, str, str, str, str]:
    """Author index order: by folded last name, then first name; names that differ only in
    case (or accents) in a fixed order, so which one owns ``#author-smith-ann`` never
    depends on the set the authors are collected in (hash order)."""
    return (ascii_fold(author.last).casefold(), *author.sort_key, author.last, author.first)
