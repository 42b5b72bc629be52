"""How the online commands treat the services: where they are, how long to wait, how often
to retry, how far apart to ask. Declared once: the client's defaults (online.http) and the
command-line options' (online.commands) are these. Imports nothing of httpx."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

OPENREVIEW_API = "https://api2.openreview.net"
ARXIV_API = "https://export.arxiv.org/api/query"
SERVICE_NAMES = {"openreview": "OpenReview", "arxiv": "arXiv"}  # service -> as messages say it
CACHE_DIR = Path(".cache/bibtools")  # under the working folder


@dataclass
class Policy:
    """How hard and how fast to ask. Tests make the waits tiny."""

    timeout: float = 20.0  #: seconds for connect and for each read
    #: seconds for one whole answer (a server that sends a byte now and then is cut off)
    deadline: float = 60.0
    run_deadline: float = 3600.0  #: seconds for every request of one run together
    #: follow a redirect to a host other than the one asked (never to anything but http(s))
    cross_host_redirects: bool = False
    max_redirects: int = 5
    retries: int = 3  #: further attempts after the first
    backoff: float = 1.0  #: first wait before a retry, in seconds; doubled each time
    max_backoff: float = 60.0
    #: at least this many seconds between two requests to one service (arXiv asks for 3)
    delay: dict[str, float] = field(default_factory=lambda: {"arxiv": 3.0, "openreview": 0.5})
    max_age_hours: float = 24.0 * 7  #: a cached answer younger than this is used as is


DEFAULT = Policy()
