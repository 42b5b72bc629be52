"""Sphinx configuration for the NeurIPS 2025 ML-systems site (built by `tox -e docs`).

The site's extensions and their settings are declared in ``bibtools.sphinxext``; this file
holds only what is particular to this site.
"""

from __future__ import annotations

project = "NeurIPS 2025: ML Systems for Large Models"
author = "The neurips25-mlsys maintainers"
copyright = "2025-2026, the neurips25-mlsys maintainers; summaries CC BY 4.0"
language = "en"

extensions = ["bibtools.sphinxext"]  # loads MyST, sphinxcontrib-bibtex, sphinx-design, ...

root_doc = "index"
exclude_patterns = ["_build"]

html_theme = "furo"
html_title = "NeurIPS 2025: ML Systems for Large Models"
html_static_path = ["_static"]
html_css_files = ["custom.css"]
html_last_updated_fmt = None
