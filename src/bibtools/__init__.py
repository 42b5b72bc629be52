"""bibtools: the NeurIPS 2025 ML-systems bibliography, from BibTeX to a citeable site.

Data flows one way::

    bib/*.bib -> bibtex.syntax (located, lossless) -> data.loader (immutable data.model)
              -> data.rules -> site (pages, stats, figure) | export (BibTeX, RIS, CSL-JSON)
              -> fs (the only module that reads or writes files) -> Sphinx (sphinxext)

``data.contract`` declares every field once; ``cli`` and ``sphinxext`` are the two entry
points.
"""

__version__ = "0.2.0"
