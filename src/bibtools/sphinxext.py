"""Sphinx hook: regenerate the site's pages from bib/ before anything is read.

Runs on ``config-inited`` (before sphinxcontrib-bibtex loads its .bib files), writes only
files whose bytes changed (so incremental builds re-read only what changed), and stops the
build with every problem listed, as ``path:line: code: message``, if bib/ breaks the contract.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

from bibtools import __version__
from bibtools.errors import BibtoolsError
from bibtools.pages import FIGURE
from bibtools.site import generate_site
from bibtools.sources import load_valid
from bibtools.writer import write_if_changed

logger = logging.getLogger(__name__)


def generate(app: Sphinx, config: Config) -> None:
    confdir = Path(app.confdir)
    bib_dir = (confdir / config.bibtools_bib_dir).resolve()
    out_dir = (confdir / config.bibtools_out_dir).resolve()
    try:
        collection = load_valid([bib_dir])
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
    figure = out_dir / FIGURE
    previous = figure.read_bytes() if figure.is_file() else b""
    changed = write_if_changed(out_dir, generate_site(collection, previous), prune=True)
    logger.info(
        f"bibtools: {len(collection.papers)} entries, {len(changed)} generated file(s) changed"
    )


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("bibtools_bib_dir", "../bib", "env", types=[str])
    app.add_config_value("bibtools_out_dir", "papers", "env", types=[str])
    # Priority < 500: before other config-inited handlers, so the .bib exports exist.
    app.connect("config-inited", generate, priority=100)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
