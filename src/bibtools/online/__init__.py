"""Online checks against the primary sources: ``bibtools verify`` and ``bibtools add``.

Needs the ``online`` extra (``pip install .[online]``: httpx, and tqdm for a progress bar);
the rest of bibtools, and the site build, do not.

- :mod:`~bibtools.online.http`: the polite HTTP client (timeouts, retries with exponential
  backoff, a minimum delay between calls to one service, the disk cache);
- :mod:`~bibtools.online.cache`: **the response cache's store**, the one online module that
  reads and writes files (``.cache/bibtools/`` by default);
- :mod:`~bibtools.online.sources`: OpenReview API v2 notes and arXiv Atom feeds, parsed into
  :class:`~bibtools.online.sources.Record` s (pure);
- :mod:`~bibtools.online.verify`: compare entries with records, and the fixes (pure);
- :mod:`~bibtools.online.add`: a new entry's text from records (pure).

The ``.bib`` files themselves are read and written through :mod:`bibtools.fs`.
"""
