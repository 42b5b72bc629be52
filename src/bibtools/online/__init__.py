"""Online checks against the primary sources: ``bibtools verify`` and ``bibtools add``.

Needs the ``online`` extra (``pip install .[online]``: httpx, and tqdm for a progress bar);
the rest of bibtools, and the site build, do not.

- :mod:`~bibtools.online.policy`: the services' addresses and the polite defaults
  (timeouts, retries, delays, cache age), declared once; no httpx;
- :mod:`~bibtools.online.http`: the polite HTTP client (the policy, and the cache);
- :mod:`~bibtools.online.cache`: what the response cache stores, and where (its files are
  read and written by :mod:`bibtools.fs`);
- :mod:`~bibtools.online.sources`: OpenReview API v2 notes and arXiv Atom feeds, parsed into
  :class:`~bibtools.online.sources.Record` s (pure);
- :mod:`~bibtools.online.fetch`: asking the services for records (the network, through
  the client);
- :mod:`~bibtools.online.verify`: entries compared with records and the fixes (pure), and
  the run over a collection (which fetches);
- :mod:`~bibtools.online.values`: the sources' strings as BibTeX values, and the normal
  forms they are compared in (pure);
- :mod:`~bibtools.online.add`: a new entry's text from records (pure);
- :mod:`~bibtools.online.commands`: the two commands' options and runs.

The ``.bib`` files themselves are read and written through :mod:`bibtools.fs`.
"""
