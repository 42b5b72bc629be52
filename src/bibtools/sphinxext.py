"""The Sphinx extension: the site's whole configuration, and the hook that generates pages.

``extensions = ["bibtools.sphinxext"]`` is all a ``conf.py`` needs: this module loads the
extensions the site is built with and declares their settings once (as sphinx-design
declares its own), so the real site and the test roots cannot drift apart.

The hook reads bib/ on ``config-inited`` and generates the pages there (a first build) or
on ``builder-inited`` once the environment is loaded, before Sphinx looks for changed
sources and before sphinxcontrib-bibtex's handler loads the exported .bib. It generates
nothing when the inputs are those of the environment's last generation (see
:class:`_Generation`), writes only files whose bytes changed (so incremental builds re-read
only what changed), and stops the build with every problem listed, as
``path:line: code: message``, if bib/ breaks the contract.

What the extension keeps during a build lives on the environment, as :class:`BuildState`
(``env.bibtools``): the collection the pages are drawn from, and the references' formatted
entries, which are pickled with the environment and merged from parallel readers
(``env-merge-info``); so ``parallel_read_safe`` is true, and ``sphinx-build -j N`` serves
the same bytes as ``-j 1`` (tests/test_site.py builds both).
"""

from __future__ import annotations

import gc
import hashlib
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence, Set
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import urlparse

import sphinx.builders
from sphinx.application import ENV_PICKLE_FILENAME, Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from bibtools import __version__, fs, paperparser, pipeline
from bibtools.data.about import (
    CITATION_FILE,
    NO_ABOUT,
    About,
    collection_citation,
    repository_url,
)
from bibtools.data.model import Collection
from bibtools.errors import DataError, SetupError
from bibtools.export.bibtex import ALL_FILE
from bibtools.fs import tree
from bibtools.site import bibstyle
from bibtools.site.meta import head_html, site_tags
from bibtools.site.paging import PageLimits
from bibtools.site.styles import CACHE_FILE as REFERENCE_CACHE
from bibtools.site.urls import (
    BIBLIOGRAPHY,
    EXTRA,
    FIGURE,
    FIGURE_DARK,
    HOME,
    OG_IMAGE,
    PAPER_SUFFIX,
    PAPERS,
    SEARCH_AUTHORS,
    SPHINX_PAGES,
    extra,
    page,
    paper_key,
)

logger = logging.getLogger(__name__)

EXTENSIONS = (
    "myst_parser",
    "sphinxcontrib.bibtex",
    "sphinx_copybutton",
    "sphinx_design",
    "notfound.extension",  # a 404 page whose links work from any URL
)
OUT_DIR = PAPERS  # the generated folder, seen from docs/ (the CLI's default, docs/papers)
STATIC = Path(__file__).parent / "site" / "static"  # served under _static/

# Settings of the other extensions, applied unless conf.py sets them.
SETTINGS: dict[str, Any] = {
    # sphinxcontrib-bibtex reads the clean export, not bib/ itself: a summary edit does not
    # change it, so pages holding a {bibliography} are not re-read for such edits. Split
    # references have a file per page: the hook lists the generated ones
    # (_Generation.list_bibfiles).
    "bibtex_bibfiles": [f"{OUT_DIR}/{BIBLIOGRAPHY}/{ALL_FILE}"],
    # pybtex's "plain" (numeric labels: alpha labels collide across keys) with titles printed
    # as written, cached by entry content across builds (site/bibstyle.py).
    "bibtex_default_style": bibstyle.STYLE,
    "bibtex_reference_style": "author_year",
    "bibtex_encoding": "utf-8",
    "bibtex_tooltips": False,  # not used; they double the formatting work
    # Titles are data: quotes inside them must stay the characters that were written.
    "smartquotes": False,
    # Citation files at stable URLs (papers/cite/<key>.bib, downloads/<name>.ris, feed.xml).
    "html_extra_path": [f"{OUT_DIR}/{EXTRA}"],
    "html_favicon": str(Path(__file__).parent / "site" / "favicon.svg"),
    # sphinx-sitemap (only with html_baseurl): one language, no version in URLs.
    "sitemap_url_scheme": "{link}",
    "sitemap_excludes": list(SPHINX_PAGES),
    # Paper pages first in search results (see the file).
    "html_search_scorer": str(Path(__file__).parent / "site" / "search-scorer.js"),
    # No MyST extensions: no page uses them (and fewer rules run on every paragraph).
    "myst_enable_extensions": [],
    "myst_heading_anchors": 0,
    # Generated links point at labels and documents only: resolving `[text](#label)` against
    # every domain (MyST's default) was ~9% of the site's build.
    "myst_ref_domains": ["std"],
    # Copy buttons on code blocks only, without prompts.
    "copybutton_selector": "div.highlight pre",
    "copybutton_exclude": ".linenos, .gp",
    "html_copy_source": False,
    "html_show_sourcelink": False,
}
EXCLUDE = (
    "_build",
    f"{OUT_DIR}/{HOME}",
    f"{OUT_DIR}/{BIBLIOGRAPHY}",
    f"{OUT_DIR}/{EXTRA}",
    # fs.write_tree stages the next generated folder beside it: never a source, even when
    # a killed run left one behind.
    f".*{tree.VERSION_INFIX}*",
)


def environment_base_url() -> str:
    """The base URL a deploy host gives the build: ``BIBTOOLS_BASEURL``, else Read the
    Docs' ``READTHEDOCS_CANONICAL_URL``; conf.py's or ``-D html_baseurl`` wins over both."""
    return os.environ.get("BIBTOOLS_BASEURL") or os.environ.get("READTHEDOCS_CANONICAL_URL", "")


def apply_settings(app: Sphinx, config: Config) -> None:
    for name, value in SETTINGS.items():
        if name not in config._raw_config:  # what conf.py or -D set wins
            config[name] = value
    config.exclude_patterns = [*config.exclude_patterns, *EXCLUDE]
    # The explorer's script, copied to _static/ beside conf.py's own static files.
    config.html_static_path = [*config.html_static_path, str(STATIC)]
    if not config.html_baseurl:
        config.html_baseurl = environment_base_url()
    if not config.html_baseurl:
        logger.info(
            "bibtools: no base URL (html_baseurl, -D html_baseurl=..., or BIBTOOLS_BASEURL): "
            "no canonical links, og:url, og:image, JSON-LD url, sitemap.xml or absolute feed "
            "links, and the 404 page's links assume the site is served at /"
        )
    # The 404 page's links are absolute: they start at the site's root path.
    if "notfound_urls_prefix" not in config._raw_config:
        config.notfound_urls_prefix = urlparse(config.html_baseurl).path or "/"


class BuildState:
    """What the extension keeps on the Sphinx environment (``env.bibtools``).

    ``references`` (formatted bibliography entries by content, see site.bibstyle) is
    pickled with the environment, so a rebuild formats only what changed, and merged from
    parallel readers. ``inputs`` (the digest of what the generated pages were made from)
    and ``tree`` (the digest of the generated folder's file names, sizes and times right
    after it was written) are pickled too: when both match at the next build, nothing is
    generated. ``collection`` (this build's, loaded when needed) and ``sidebars``
    (navigation trees already rendered by this process) belong to one build: they are not
    pickled."""

    def __init__(self) -> None:
        self.references: dict[tuple[Any, ...], Any] = {}
        self.inputs = ""
        self.tree = ""
        self.collection: Collection | None = None
        self.load: Callable[[], Collection] | None = None
        self.sidebars: dict[tuple[Any, ...], str] = {}

    def __getstate__(self) -> dict[str, Any]:
        return {"references": self.references, "inputs": self.inputs, "tree": self.tree}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__()  # type: ignore[misc]
        self.references = state["references"]
        self.inputs = state.get("inputs", "")
        self.tree = state.get("tree", "")

    def current(self) -> Collection | None:
        """This build's collection: loaded now if generation was skipped (a page of a
        paper is written again, though nothing it is made from changed)."""
        if self.collection is None and self.load is not None:
            self.collection = self.load()
        return self.collection


def build_state(env: BuildEnvironment) -> BuildState:
    """The environment's :class:`BuildState` (a new one for a fresh environment)."""
    state = getattr(env, "bibtools", None)
    if not isinstance(state, BuildState):
        state = BuildState()
        env.bibtools = state  # type: ignore[attr-defined]
    return state


def merge_state(app: Sphinx, env: BuildEnvironment, docnames: Set[str], other: Any) -> None:
    """``env-merge-info``: what a parallel reader's environment added joins the main one."""
    build_state(env).references.update(build_state(other).references)


def _stop(code: int, message: str) -> NoReturn:
    """End the build after ``message`` (one line; located problems were logged before it).

    Not a Sphinx error: Sphinx (9.x) reports every exception it catches, its own
    ConfigError too, with a traceback and a request to report a bug in Sphinx; a mistake
    in bib/ or in conf.py is neither. This is raised on ``config-inited`` or
    ``builder-inited``, in the main process, before any source is read."""
    logger.error(f"bibtools: {message}", type="bibtools", subtype="setup")
    raise SystemExit(code)


def _about(confdir: Path, config: Config) -> About:
    """The collection's citation (``bibtools_citation_file``, default the repository's
    CITATION.cff; '' for none) and its repository, for the home page's "report an error"
    and "cite" sections: ``bibtools_repository``, else CITATION.cff's ``repository-code``,
    else the repository a GitHub Actions or Read the Docs build runs in."""
    citation = None
    path = confdir / config.bibtools_citation_file
    default = config.bibtools_citation_file == f"../{CITATION_FILE}"
    # A docs folder outside the repository (a test root) has no CITATION.cff beside it:
    # the default may be missing, a file named in conf.py may not.
    if config.bibtools_citation_file and not (default and fs.path_kind(path) == "missing"):
        text, problems = fs.read_text(path)
        if problems:
            raise SetupError(fs.display(path), problems[0].message)
        citation = collection_citation(text, fs.display(path))
    repository = config.bibtools_repository or (citation.repository if citation else "")
    if not repository and os.environ.get("GITHUB_REPOSITORY"):
        server = os.environ.get("GITHUB_SERVER_URL", "https://github.com")
        repository = f"{server}/{os.environ['GITHUB_REPOSITORY']}"
    clone = os.environ.get("READTHEDOCS_GIT_CLONE_URL", "")
    if not repository and clone.startswith("https://"):
        repository = clone  # Read the Docs' clone URL of a public repository
    try:
        return About(citation, repository_url(repository))
    except ValueError as err:
        raise SetupError("bibtools_repository", str(err)) from None


@contextmanager
def _stopping_on_errors(action: str) -> Iterator[None]:
    """Problems in bib/ logged, located, and the build stopped (exit 1); a setup problem
    (a missing taxonomy, an unwritable folder) stops it with exit 2."""
    try:
        yield
    except SetupError as err:
        _stop(2, str(err))
    except DataError as err:
        for problem in err.problems:
            logger.error(
                f"{problem.code}: {problem.message}",
                type="bibtools",
                subtype=problem.code,
                location=f"{problem.path}:{problem.line}",
            )
        _stop(1, f"bib/ has {len(err.problems)} problem(s); {action}")


def _distribution_versions(root: str) -> list[str]:
    """``name version`` of the distribution ``root`` and of everything it requires,
    transitively (extras left out): what the generated files could depend on."""
    found: dict[str, str] = {}
    todo = [root]
    while todo:
        name = re.sub(r"[-_.]+", "-", todo.pop()).lower()
        if name in found:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            found[name] = "-"
            continue
        found[name] = dist.version
        for requirement in dist.requires or ():
            if "extra" not in requirement.partition(";")[2]:
                todo.append(re.split(r"[^A-Za-z0-9._-]", requirement, maxsplit=1)[0])
    return sorted(f"{name} {version}" for name, version in found.items())


def code_inputs() -> list[str]:
    """What generation runs on: Python's version, bibtools' version and code (an
    editable install changes its code without changing its version), and the versions of
    the distributions it requires."""
    code = fs.folder_digest(Path(__file__).parent, contents=True)
    return [sys.version, __version__, code, *_distribution_versions("bibtools")]


class _Generation:
    """The load-and-generate step of one Sphinx application, and its hand-over to the
    environment (which does not exist yet when the pages must be written).

    Generation is skipped when its inputs are those of the environment's last generation
    and the generated folder is as that generation left it: the digest of the sources,
    the settings (page limits, base URL, folders), Python, bibtools' code and its
    dependencies' versions, kept in the environment (:class:`BuildState`). Any doubt
    regenerates: a fresh environment, a generated folder touched since, another input."""

    def __init__(self) -> None:
        self.collection: Collection | None = None
        self.sources: fs.Sources | None = None
        self.inputs = ""
        self.generated = False
        self.state_changed = False
        self.out_dir = Path()
        self.limits = PageLimits()
        self.confdir = Path()
        self.base_url = ""
        self.about = NO_ABOUT
        self.processes = 1

    def prepare(self, app: Sphinx, config: Config) -> None:
        """``config-inited``: read bib/; generate now unless the environment may say that
        nothing changed (then :meth:`attach` decides, once it is loaded)."""
        self.confdir = Path(app.confdir)
        self.processes = max(1, app.parallel)  # sphinx-build -j: formatting is shared
        bib_dir = (self.confdir / config.bibtools_bib_dir).resolve()
        self.out_dir = (self.confdir / config.bibtools_out_dir).resolve()
        self.base_url = config.html_baseurl
        try:
            self.limits = PageLimits.from_config(config.bibtools_page_limits)
        except ValueError as err:
            _stop(2, f"bibtools_page_limits: {err}")
        with _stopping_on_errors("nothing was generated"):
            self.sources = fs.read_sources([bib_dir])
        with _stopping_on_errors("nothing was generated"):
            # The collection's citation and repository (CITATION.cff, settings, the CI
            # host's environment): an input of the home page like the others.
            self.about = _about(self.confdir, config)
        settings = [str(self.out_dir), repr(self.limits), self.base_url, repr(self.about)]
        self.inputs = hashlib.sha256(
            "\0".join([pipeline.sources_digest(self.sources), *settings, *code_inputs()]).encode()
        ).hexdigest()
        # Sphinx drops a missing html_extra_path (config-inited, priority 800) and lists a
        # fresh environment's documents before builder-inited: without an environment to
        # compare with, or without the generated folder, the pages are written here.
        environment = Path(app.doctreedir) / ENV_PICKLE_FILENAME
        if not environment.is_file() or not (self.out_dir / EXTRA).is_dir():
            self.generate()
        self.list_bibfiles(config)

    def list_bibfiles(self, config: Config) -> None:
        """``bibtex_bibfiles``: the generated .bib files (one per page of references),
        unless conf.py names its own. Set again after a generation on builder-inited, before
        sphinxcontrib-bibtex reads them."""
        if "bibtex_bibfiles" in config._raw_config:
            return
        folder = self.out_dir / BIBLIOGRAPHY
        names = sorted(p.name for p in folder.glob("*.bib")) if folder.is_dir() else []
        if names:
            where = f"{config.bibtools_out_dir}/{BIBLIOGRAPHY}"
            config.bibtex_bibfiles = [f"{where}/{name}" for name in names]

    def load(self) -> Collection:
        """The collection, loaded and checked (once)."""
        if self.collection is None:
            assert self.sources is not None  # read on config-inited
            with _stopping_on_errors("nothing was generated"):
                self.collection = pipeline.valid(self.sources)
        return self.collection

    def generate(self) -> None:
        """Load and check bib/, write the generated pages."""
        # Imported here: a build that generates nothing does not pay for the page generators.
        from bibtools.site.generate import site_files

        collection = self.load()
        with _stopping_on_errors("nothing was generated"):
            # The last build's figure, else the README's copy (same drawing): either is
            # reused when its digest matches, so a fresh checkout's build does not draw it.
            previous = fs.read_previous(self.out_dir / FIGURE) or fs.read_previous(
                fs.static_figure(self.confdir)
            )
            references = fs.read_previous(self.out_dir / REFERENCE_CACHE)
            dark = fs.read_previous(self.out_dir / FIGURE_DARK)
            card = fs.read_previous(self.out_dir / extra(OG_IMAGE))
            files = site_files(
                collection,
                previous,
                self.base_url,
                self.limits,
                self.about,
                references,
                dark,
                card,
                self.processes,
            )
            changed = tree.write_tree(self.out_dir, files)
        self.generated = True
        logger.info(
            f"bibtools: {len(collection.papers)} entries, {len(changed)} generated file(s) changed"
        )

    def attach(self, app: Sphinx) -> None:
        """``builder-inited``: generate unless the environment's last generation had the
        same inputs and left the generated folder as it is; the collection (or how to
        load it) to the environment, and the references' style to the environment's cache
        of formatted entries. Before sphinxcontrib-bibtex's handler, which reads the
        exported .bib, and before Sphinx looks for changed sources."""
        state = build_state(app.env)
        if not self.generated:
            fresh = app.fresh_env_used or state.inputs != self.inputs
            if fresh or state.tree != fs.folder_digest(self.out_dir, contents=False):
                self.generate()
                self.list_bibfiles(app.config)
            else:
                logger.info("bibtools: bib/, settings and code unchanged: nothing generated")
        if self.generated:
            before = (state.inputs, state.tree)
            state.inputs = self.inputs
            state.tree = fs.folder_digest(self.out_dir, contents=False)
            self.state_changed = before != (state.inputs, state.tree)
        state.collection = self.collection
        state.load = self.load
        state.sidebars.clear()
        bibstyle.use_cache(state.references)

    def keep_state(
        self,
        app: Sphinx,
        env: BuildEnvironment,
        added: Set[str],
        changed: Set[str],
        removed: Set[str],
    ) -> list[str]:
        """``env-get-outdated``: Sphinx saves the environment only when it reads a document.
        When generation ran and changed no source (a new version of bibtools, a comment
        edited in bib/), the root document is read again, so that the new inputs are saved
        and the next build skips generation."""
        if self.state_changed and not (added or changed or removed):
            return [app.config.root_doc]
        return []


class _ForgetDoctree(dict[str, Any]):
    """A doctree cache of Sphinx's that keeps nothing: stored items are dropped, so every
    lookup misses and Sphinx reads the document's pickle from disk, as it does for any
    document it did not read in this build."""

    def __setitem__(self, key: str, value: Any) -> None:
        pass


def doctrees_on_disk(app: Sphinx) -> None:
    """``builder-inited``: Sphinx keeps no doctree in memory between reading and writing.

    It keeps every doctree it read (``_write_doc_doctree_cache``) until it writes that
    page, and the pickled bytes of every doctree it loads (``_pickled_doctree_cache``)
    until the build ends: at 5,000 entries that held the peak RSS at 1.56 GB instead of
    1.0 GB, at 20,000 several GB. Each doctree was just pickled to the doctree folder, and
    a paper page's unpickles in ~0.15 ms, so the pages are the same and the CPU time
    within noise (benchmarks/README.md, issue 24). Both are private attributes of Sphinx's
    environment; where one is missing (another Sphinx) there is nothing to drop."""
    for name in ("_write_doc_doctree_cache", "_pickled_doctree_cache"):
        if isinstance(getattr(app.env, name, None), dict):
            setattr(app.env, name, _ForgetDoctree())


class _Collector:
    """Python's cyclic garbage collector during a build, made to skip what lives through it.

    What lives through a build (the collection, the environment, the modules) is millions
    of objects, and each of CPython's full collections scans them all: at 5,000 entries
    they were ~20% of the build's CPU (benchmarks/README.md).
    Once the pages are generated, what exists then (modules, the collection, the loaded
    environment) is frozen out of every collection, and a full collection runs a tenth as
    often; young objects are collected as before, so the peak memory stays the same. Both
    are undone when the build finishes, so a process that builds again (the tests) frees
    the frozen objects as usual."""

    FULL_EVERY = 100  #: middle-generation collections per full one (CPython's default: 10)

    def __init__(self) -> None:
        self.threshold: tuple[int, int, int] | None = None

    def lighten(self, app: Sphinx) -> None:
        """``builder-inited``, after generation: freeze what exists (garbage collected
        first, so none of it is kept), and collect the oldest generation less often."""
        if self.threshold is not None:
            return
        gc.collect()
        gc.freeze()
        self.threshold = gc.get_threshold()
        young, middle, _ = self.threshold
        gc.set_threshold(young, middle, self.FULL_EVERY)

    def restore(self, app: Sphinx, exception: BaseException | None) -> None:
        """``build-finished``: the collector as it was."""
        if self.threshold is not None:
            gc.unfreeze()
            gc.set_threshold(*self.threshold)
            self.threshold = None


def chunks_of(arguments: Sequence[Any], count: int) -> list[Any]:
    """``arguments`` cut into ``count`` chunks of nearly equal size (fewer if there are
    fewer arguments), in order."""
    size = max(1, -(-len(arguments) // max(1, count)))  # ceil(len / count)
    return [arguments[i : i + size] for i in range(0, len(arguments), size)]


class _ParallelChunks:
    """With ``-j N``, Sphinx's documents read in N chunks, one per process, and written in
    two chunks per writing process.

    Sphinx cuts them into many chunks (~sqrt(10·n/N) documents each: 15 at 1,000 entries)
    and forks a process for each. Every reader pickles the whole environment back for the
    main process to unpickle and merge, so one reader per process is cheapest. Every
    writer fills its caches again (the shared sidebars, the theme's), but the main process
    resolves each chunk's doctrees before that chunk's writer starts, so two chunks per
    writer let the resolving and the writing overlap. At 1,000 entries ``-j 2`` was slower
    than ``-j 1`` (36.7 s wall against 35.2 s): reading 8.1 s, writing 13.9 s
    (benchmarks/README.md, issue 24). Sphinx's function is put back when the build
    finishes; a Sphinx without it is left as it is."""

    def __init__(self) -> None:
        self.original: Callable[..., list[Any]] | None = None
        self.per_process = 1

    def chunks(self, arguments: Sequence[Any], nproc: int, maxbatch: int = 10) -> list[Any]:
        """Sphinx's ``make_chunks(arguments, nproc, maxbatch)``, ``maxbatch`` unused."""
        return chunks_of(arguments, nproc * self.per_process)

    def apply(self, app: Sphinx) -> None:
        """``builder-inited``: one chunk per reader, for a parallel build."""
        original = getattr(sphinx.builders, "make_chunks", None)
        if app.parallel > 1 and self.original is None and callable(original):
            self.original = original
            self.per_process = 1
            sphinx.builders.make_chunks = self.chunks  # type: ignore[attr-defined]

    def for_writing(self, app: Sphinx, env: BuildEnvironment) -> list[str]:
        """``env-updated``: two chunks per writer."""
        self.per_process = 2
        return []

    def restore(self, app: Sphinx, exception: BaseException | None) -> None:
        """``build-finished``: Sphinx's chunks again."""
        if self.original is not None:
            sphinx.builders.make_chunks = self.original  # type: ignore[attr-defined]
            self.original = None


def add_search_names(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """The search page alone loads the author names (site.search_names): an author
    query is a name there."""
    if pagename == "search":
        app.add_js_file(SEARCH_AUTHORS.removeprefix("_static/"), priority=200)


def add_citation_metadata(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """A paper page's <head>: Highwire tags, OpenGraph, JSON-LD (see site.meta); any other
    page's link-preview tags. The 404 page, served at any address, has no canonical URL."""
    base = app.config.html_baseurl.rstrip("/")
    image = f"{base}/{OG_IMAGE}" if base else ""
    if pagename == "404":
        context["pageurl"] = None
        return
    url = f"{base}/{page(pagename)}" if base else ""
    key = paper_key(pagename)
    # Only a paper's page needs the collection: the pages Sphinx writes on every build
    # (search, index, 404) must not load bib/ when generation was skipped.
    collection = build_state(app.env).current() if key else None
    paper = collection.by_key().get(key) if collection is not None else None
    tags = head_html(paper, url, image) if paper is not None else site_tags(url, image)
    context["metatags"] = context.get("metatags", "") + "\n" + tags + "\n"


def share_orphan_sidebar(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Compute the navigation tree once per folder for pages outside it (``orphan``).

    The theme asks Sphinx for the whole navigation tree on every page, marking where the
    page sits in it. A page outside the tree (every paper page and every part of a split
    list) sits nowhere: its tree differs from another such page's only by the relative
    links, which depend on the folder alone. Resolving it once per folder instead of once
    per page removes a cost that grew with both the number of pages and the tree."""
    toctree = context.get("toctree")
    if toctree is None or "orphan" not in app.env.metadata.get(pagename, {}):
        return
    cache = build_state(app.env).sidebars
    folder = pagename.rpartition("/")[0]

    def shared(**kwargs: Any) -> str:
        key = (folder, tuple(sorted(kwargs.items())))
        if key not in cache:
            cache[key] = toctree(**kwargs)
        return cache[key]

    context["toctree"] = shared


# Markup the theme and docutils write, made valid for assistive technology (axe-core finds
# these as critical). Each is a plain substitution in the rendered HTML, on every page.
ARIA_FIXES = (
    # Sphinx writes toctree captions (furo's sidebar) as <p class="caption" role="heading">
    # without aria-level, which ARIA 1.2 requires (axe: aria-required-attr). Upstream:
    # sphinx-doc/sphinx#14030 (open; fix proposed in #14437). ARIA 1.1 implied level 2.
    ('role="heading">', 'role="heading" aria-level="2">'),
    # docutils writes a bibliography (sphinxcontrib-bibtex's {bibliography}) as
    # <div role="list"> of <div role="doc-biblioentry">: DPUB-ARIA 1.1 deprecated that role
    # since it is no list item (w3c/dpub-aria#22, dequelabs/axe-core#3253), so the list has
    # no items (axe: aria-required-children). A list item it is.
    ('role="doc-biblioentry"', 'role="listitem"'),
)


def fix_aria(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Apply ARIA_FIXES to furo's sidebar tree and the page body."""
    for name in ("furo_navigation_tree", "body"):
        value = context.get(name)
        if isinstance(value, str):
            for wrong, right in ARIA_FIXES:
                value = value.replace(wrong, right)
            context[name] = value


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("bibtools_bib_dir", f"../{fs.BIB_DIR}", "env", types=[str])
    app.add_config_value("bibtools_out_dir", OUT_DIR, "env", types=[str])
    # The most a list page holds before the list is split (site.paging.PageLimits), e.g.
    # {"authors": 500}; unset lists keep their defaults.
    app.add_config_value("bibtools_page_limits", {}, "env", types=[dict])
    # The collection's own citation and issue tracker (see _about).
    app.add_config_value("bibtools_citation_file", f"../{CITATION_FILE}", "env", types=[str])
    app.add_config_value("bibtools_repository", "", "env", types=[str])
    for extension in EXTENSIONS:
        app.setup_extension(extension)
    # Paper pages have a source format of their own (see bibtools.paperparser).
    app.add_source_suffix(PAPER_SUFFIX, paperparser.FORMAT)
    app.add_source_parser(paperparser.PaperParser)
    # Priority < 500: before the other extensions' config-inited handlers, so they see our
    # settings and the generated files exist when they look for them.
    app.connect("config-inited", apply_settings, priority=50)
    generation = _Generation()
    app.connect("config-inited", generation.prepare, priority=100)
    # Before sphinxcontrib-bibtex's builder-inited handler (priority 500), which reads the
    # exported .bib.
    app.connect("builder-inited", generation.attach, priority=100)
    app.connect("env-get-outdated", generation.keep_state)
    app.connect("builder-inited", doctrees_on_disk)
    collector = _Collector()
    # After generation and sphinxcontrib-bibtex's loading of the exported .bib (500).
    app.connect("builder-inited", collector.lighten, priority=900)
    app.connect("build-finished", collector.restore)
    chunks = _ParallelChunks()
    app.connect("builder-inited", chunks.apply)
    app.connect("env-updated", chunks.for_writing)
    app.connect("build-finished", chunks.restore)
    app.connect("env-merge-info", merge_state)
    app.connect("html-page-context", add_citation_metadata)
    app.connect("html-page-context", add_search_names)
    # Before furo's handler (priority 500), which asks for the navigation tree.
    app.connect("html-page-context", share_orphan_sidebar, priority=400)
    # After furo's handler (priority 500), which computes furo_navigation_tree.
    app.connect("html-page-context", fix_aria, priority=900)
    # A sitemap needs the site's absolute URL: with html_baseurl set (conf.py or -D), the
    # sitemap is built and every page gets rel=canonical (Sphinx's own).
    raw = app.config._raw_config
    if raw.get("html_baseurl") or "html_baseurl" in app.config.overrides or environment_base_url():
        app.setup_extension("sphinx_sitemap")
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
