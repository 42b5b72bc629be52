"""The response cache's store: the one online module that touches the file system.

One JSON file per request URL, ``<folder>/<service>/<sha256 of the URL>.json``, holding the
URL, the time it was fetched, the HTTP status and the body. The default folder is
``.cache/bibtools/`` under the working folder (``--cache DIR`` moves it, ``--no-cache``
turns it off). Deleting the folder is always safe. A broken or unreadable cache file is
treated as a miss; a cache that cannot be written is ignored (the run goes on uncached).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

DEFAULT_CACHE_DIR = Path(".cache/bibtools")


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
        if path is None:
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("url") != url:
                return None
            return Cached(int(data["status"]), str(data["body"]), float(data["fetched"]))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def put(self, service: str, url: str, status: int, body: str) -> None:
        path = self._file(service, url)
        if path is None:
            return
        record = {"url": url, "fetched": time.time(), "status": status, "body": body}
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".bibtools-", suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(record, handle, ensure_ascii=False)
            Path(tmp).replace(path)
        except OSError:
            return
