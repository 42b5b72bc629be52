"""bibtools: the NeurIPS 2025 ML-systems bibliography, from BibTeX to a citeable site.

Data flows one way, each layer importing only those before it (tests/test_architecture.py)::

    errors -> bibtex (syntax, latex, fmt, edit, write: BibTeX itself, no contract)
           -> data (contract, model, loader, rules, taxonomy, scope: the data and its rules)
           -> export (BibTeX, RIS, CSL-JSON) -> site (layout, pages, urls, ...: the site)

    fs (the only package that reads or writes files) -> pipeline (read, load, check: once)

``data.contract`` declares every field once; ``site.layout`` decides where every list item
lives; ``cli`` (with ``online.commands`` and ``listing.commands``) and ``sphinxext`` are the
entry points.
"""

__version__ = "0.2.0"
