"""The conference listing: ``bibtools verify --listing`` and ``bibtools build-listing``.

Offline, and without the ``online`` extra:

- :mod:`~bibtools.listing.parse`: a listing file's text (TSV, CSV or JSON) to a
  :class:`~bibtools.listing.parse.Listing`, or one located problem (pure);
- :mod:`~bibtools.listing.compare`: the collection against a listing: every drift (pure);
- :mod:`~bibtools.listing.build`: the committed listing copy rebuilt from the two public
  copies of the neurips.cc data it is taken from (pure, deterministic);
- :mod:`~bibtools.listing.commands`: the command line; files go through :mod:`bibtools.fs`.
"""
