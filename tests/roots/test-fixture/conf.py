"""A small site over tests/fixtures/bib; tests set ``bibtools_bib_dir`` to that folder."""

project = "Fixture"
extensions = ["bibtools.sphinxext"]
exclude_patterns = ["_build"]
html_theme = "furo"
