"""The built site over http on 127.0.0.1, and Chromium launched by Playwright.

Shared by the browser tests (conftest.py) and the accessibility report (axe_report.py).
Clipboard and localStorage need an http origin, not file://.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")  # Debian's; browsers are never downloaded
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# The pages every check covers: (name, path from the site's root).
PAGES = [
    ("home", "index.html"),
    ("category", "papers/inference.html"),
    ("paper", "papers/qiu2025gated.html"),
    ("statistics", "papers/statistics.html"),
    ("authors", "papers/authors.html"),
    ("search", "search.html?q=attention"),
    ("explorer", "papers/explorer.html?c=inference"),
]
THEMES = ("light", "dark")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve ``root`` on a free port; yields the base URL (ending in /)."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def wait_for_search(page: object) -> None:
    """Wait until Sphinx's search page has displayed all its results."""
    page.wait_for_function(  # type: ignore[attr-defined]
        "() => document.querySelector('#search-results h2')?.innerText === 'Search Results'",
        timeout=20_000,
    )
