"""The response cache: what is stored for a request, and where (the files are read and
written by :mod:`bibtools.fs`).

One JSON file per request URL, ``<folder>/<service>/<sha256 of the URL>.json``, holding the
URL, the time it was fetched, the HTTP status and the body. The default folder is
``.cache/bibtools/`` under the working folder (``--cache DIR`` moves it, ``--no-cache``
turns it off). Deleting the folder is always safe. A broken or unreadable cache file is
treated as a miss, and so is anything but a regular file (a pipe, a link to a device) and a
file over :data:`MAX_FILE` bytes; a cache that cannot be written is ignored (the run goes
on uncached).
"""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path
from typing import NamedTuple

from bibtools import fs

MAX_FILE = 24 * 1024 * 1024  # bytes: the largest answer kept (10 MB), JSON-escaped


class Cached(NamedTuple):
    status: int
    body: str
    fetched: float  # seconds since the epoch

    def age_hours(self) -> float:
        return max(0.0, time.time() - self.fetched) / 3600


class Cache:
    """Responses on disk, keyed by service and URL. ``Cache(None)`` stores nothing."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    def _file(self, service: str, url: str) -> Path | None:
        if self.folder is None:
            return None
        digest = hashlib.sha256(url.encode("utf-8")).hexdigest()
        return self.folder / service / f"{digest}.json"

    def get(self, service: str, url: str) -> Cached | None:
        path = self._file(service, url)
        text = fs.read_cache_file(path, MAX_FILE) if path is not None else None
        if text is None:
            return None
        try:
            data = json.loads(text)
            if data.get("url") != url:
                return None
            return Cached(int(data["status"]), str(data["body"]), float(data["fetched"]))
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
            return None

    def put(self, service: str, url: str, status: int, body: str) -> None:
        path = self._file(service, url)
        if path is None:
            return
        record = {"url": url, "fetched": time.time(), "status": status, "body": body}
        fs.write_cache_file(path, json.dumps(record, ensure_ascii=False))
