"""bibtools: the NeurIPS 2025 ML-systems bibliography, from BibTeX to a citeable site.

Data flows one way::

    bib/*.bib -> syntax (pybtex scanner, raw + located) -> loader (immutable model)
              -> validate -> pages | stats | export (strings/bytes) -> writer -> Sphinx

Only :mod:`bibtools.cli` and :mod:`bibtools.sphinxext` touch the file system (through
:mod:`bibtools.sources` for reading and :mod:`bibtools.writer` for writing).
"""

__version__ = "0.1.0"
