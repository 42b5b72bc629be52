"""The Sphinx extension: the site's whole configuration, and the hook that generates pages.

``extensions = ["bibtools.sphinxext"]`` is all a ``conf.py`` needs: this module loads the
extensions the site is built with and declares their settings once (as sphinx-design
declares its own), so the real site and the test roots cannot drift apart.

The hook runs on ``config-inited``, before any source is read and before
sphinxcontrib-bibtex's ``builder-inited`` handler loads the exported .bib. It writes only
files whose bytes changed (so incremental builds re-read only what changed), and stops the
build with every problem listed, as ``path:line: code: message``, if bib/ breaks the
contract.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

from bibtools import __version__, fs
from bibtools.errors import BibtoolsError, SetupError
from bibtools.export.bibtex import ALL_FILE
from bibtools.site.generate import generate_site
from bibtools.site.pages import FIGURE

logger = logging.getLogger(__name__)

EXTENSIONS = ("myst_parser", "sphinxcontrib.bibtex", "sphinx_copybutton", "sphinx_design")
OUT_DIR = str(fs.SITE_DIR.relative_to(fs.DOCS_DIR))  # the CLI's default, seen from docs/

# Settings of the other extensions, applied unless conf.py sets them.
SETTINGS: dict[str, Any] = {
    # sphinxcontrib-bibtex reads the clean export, not bib/ itself: a summary edit does not
    # change it, so pages holding a {bibliography} are not re-read for such edits.
    "bibtex_bibfiles": [f"{OUT_DIR}/bib/{ALL_FILE}"],
    "bibtex_default_style": "plain",  # numeric labels: alpha labels collide across keys
    "bibtex_reference_style": "author_year",
    "bibtex_encoding": "utf-8",
    # Titles and summaries are quoted literally: no curly quotes, no en dashes for '--'.
    "smartquotes": False,
    "myst_enable_extensions": ["colon_fence", "deflist"],
    "myst_heading_anchors": 0,
    # Copy buttons on code blocks only, without prompts.
    "copybutton_selector": "div.highlight pre",
    "copybutton_exclude": ".linenos, .gp",
    "html_copy_source": False,
    "html_show_sourcelink": False,
}
# fs.write_tree stages the next generated folder beside it (.papers.bibtools-*): never a
# source, even when a killed run left one behind.
EXCLUDE = ("_build", f"{OUT_DIR}/home.md", f"{OUT_DIR}/bib", f".*{fs.VERSION_INFIX}*")


def apply_settings(app: Sphinx, config: Config) -> None:
    for name, value in SETTINGS.items():
        if name not in config._raw_config:  # what conf.py or -D set wins
            config[name] = value
    config.exclude_patterns = [*config.exclude_patterns, *EXCLUDE]


def generate(app: Sphinx, config: Config) -> None:
    confdir = Path(app.confdir)
    bib_dir = (confdir / config.bibtools_bib_dir).resolve()
    out_dir = (confdir / config.bibtools_out_dir).resolve()
    try:
        collection = fs.load_valid([bib_dir])
        previous = fs.read_previous(out_dir / FIGURE)
        changed = fs.write_tree(out_dir, generate_site(collection, previous))
    except SetupError as err:
        logger.error(f"bibtools: {err}", type="bibtools", subtype="setup")
        raise SystemExit(2) from None
    except BibtoolsError as err:
        problems = err.problems
        for problem in problems:
            logger.error(
                f"{problem.code}: {problem.message}",
                type="bibtools",
                subtype=problem.code,
                location=f"{problem.path}:{problem.line}",
            )
        logger.error(f"bibtools: bib/ has {len(problems)} problem(s); nothing was generated")
        # A data mistake is not a crash: stop with the list above and no traceback
        # (Sphinx prints a traceback report for any exception it catches).
        raise SystemExit(1) from None
    logger.info(
        f"bibtools: {len(collection.papers)} entries, {len(changed)} generated file(s) changed"
    )


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("bibtools_bib_dir", f"../{fs.BIB_DIR}", "env", types=[str])
    app.add_config_value("bibtools_out_dir", OUT_DIR, "env", types=[str])
    for extension in EXTENSIONS:
        app.setup_extension(extension)
    # Priority < 500: before the other extensions' config-inited handlers, so they see our
    # settings and the generated files exist when they look for them.
    app.connect("config-inited", apply_settings, priority=50)
    app.connect("config-inited", generate, priority=100)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
