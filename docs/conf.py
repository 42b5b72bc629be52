"""Sphinx configuration for the NeurIPS 2025 ML-systems site (built by `tox -e docs`)."""

from __future__ import annotations

project = "NeurIPS 2025: ML Systems for Large Models"
author = "The neurips25-mlsys maintainers"
copyright = "2025-2026, the neurips25-mlsys maintainers; summaries CC BY 4.0"
language = "en"

extensions = [
    "bibtools.sphinxext",  # first: writes papers/ and papers/bib/ before the others read
    "myst_parser",
    "sphinxcontrib.bibtex",
    "sphinx_copybutton",
    "sphinx_design",
]

# bibtools: where the BibTeX lives and where generated pages go (git-ignored).
bibtools_bib_dir = "../bib"
bibtools_out_dir = "papers"

# sphinxcontrib-bibtex reads the clean export, not bib/ itself: a summary edit does not
# change it, so pages holding a {bibliography} are not re-read for such edits.
bibtex_bibfiles = ["papers/bib/neurips25-mlsys.bib"]
bibtex_default_style = "plain"  # numeric labels: alpha labels collide across keys
bibtex_reference_style = "author_year"
bibtex_encoding = "utf-8"

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 0

root_doc = "index"
exclude_patterns = ["_build", "papers/home.md", "papers/bib"]
suppress_warnings: list[str] = []

html_theme = "furo"
html_title = "NeurIPS 2025: ML Systems for Large Models"
html_static_path = ["_static"]
html_css_files = ["custom.css"]
html_copy_source = False
html_show_sourcelink = False
html_last_updated_fmt = None

# Copy buttons on code blocks only, without prompts.
copybutton_selector = "div.highlight pre"
copybutton_exclude = ".linenos, .gp"

# Offline: no intersphinx, no remote images.
intersphinx_mapping: dict[str, tuple[str, str | None]] = {}
