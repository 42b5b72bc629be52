"""A small site over tests/fixtures/bib; tests set ``bibtools_bib_dir`` to that folder."""

project = "Fixture"
extensions = ["bibtools.sphinxext"]
exclude_patterns = ["_build"]
html_theme = "furo"
# Every list over its limit, so the fixture's five entries build a large collection's
# layout: topic pages, an author index and references split by letters, awards by group.
bibtools_page_limits = {"category": 1, "authors": 2, "references": 1, "awards": 1}
