"""A polite HTTP client for the primary sources: timeouts, retries, a request rate, a cache.

- every call has a timeout; connection errors, timeouts, 429 and 5xx answers are retried
  with exponential backoff (``backoff``, doubled each time, or the server's ``Retry-After``
  when it asks for no more than ``max_backoff`` seconds);
- calls to one service are at least ``delay[service]`` seconds apart (arXiv asks for 3 s);
- answers (200 and 404) are cached (:mod:`bibtools.online.cache`): a fresh copy is used
  without asking; when a service cannot be reached, an older copy is used instead, so a
  rerun works offline;
- once a service has failed all its attempts it is not asked again in the same run.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from bibtools import __version__
from bibtools.errors import Unreachable
from bibtools.online.cache import Cache
from bibtools.online.policy import Policy

USER_AGENT = f"bibtools/{__version__} (NeurIPS 2025 reference; bibliography checks)"
MAX_BODY = 10 * 1024 * 1024  # bytes; a larger answer is not a note or a feed
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
CACHED_STATUSES = frozenset({200, 404})


@dataclass
class Response:
    status: int
    text: str
    from_cache: bool = False
    stale: bool = False  #: an old cached copy, used because the service could not be reached


class Fetcher:
    """GET with the :class:`Policy`; one per run (it remembers services that are down)."""

    def __init__(
        self,
        policy: Policy,
        cache: Cache,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.policy = policy
        self.cache = cache
        self.sleep = sleep
        self.down: dict[str, Unreachable] = {}
        self.requests = 0  #: network requests made (not cache hits)
        self.stale_used = 0
        self._last: dict[str, float] = {}
        self._client = httpx.Client(
            timeout=httpx.Timeout(policy.timeout),
            headers={"User-Agent": USER_AGENT},
            follow_redirects=True,
            transport=transport,
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _wait_turn(self, service: str) -> None:
        delay = self.policy.delay.get(service, 0.0)
        last = self._last.get(service)
        if last is not None and delay > 0:
            wait = last + delay - time.monotonic()
            if wait > 0:
                self.sleep(wait)
        self._last[service] = time.monotonic()

    def _once(self, url: str) -> httpx.Response:
        with self._client.stream("GET", url) as response:
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > MAX_BODY:
                    raise httpx.DecodingError(f"answer larger than {MAX_BODY} bytes")
                chunks.append(chunk)
            return httpx.Response(
                response.status_code,
                headers=response.headers,
                content=b"".join(chunks),
                request=response.request,
            )

    def _retry_wait(self, attempt: int, response: httpx.Response | None) -> float:
        wait = self.policy.backoff * (2**attempt)
        if response is not None:
            after = str(response.headers.get("Retry-After", ""))
            if after.isdigit() and int(after) <= self.policy.max_backoff:
                wait = max(wait, float(after))
        return float(min(wait, self.policy.max_backoff))

    def get(self, service: str, url: str, params: dict[str, str] | None = None) -> Response:
        """The answer to ``GET url?params``: from the cache when fresh, else from the service.

        Raises :class:`Unreachable` when the service cannot be reached and nothing is cached.
        """
        full = str(httpx.URL(url, params=params or {}))
        cached = self.cache.get(service, full)
        if cached is not None and cached.age_hours() < self.policy.max_age_hours:
            return Response(cached.status, cached.body, from_cache=True)
        failure = self.down.get(service)
        if failure is None:
            attempts = self.policy.retries + 1
            reason = ""
            for attempt in range(attempts):
                response: httpx.Response | None = None
                try:
                    self._wait_turn(service)
                    self.requests += 1
                    response = self._once(full)
                except httpx.HTTPError as err:
                    reason = f"{type(err).__name__}: {err}" if str(err) else type(err).__name__
                else:
                    if response.status_code not in RETRY_STATUSES:
                        text = response.text
                        if response.status_code in CACHED_STATUSES:
                            self.cache.put(service, full, response.status_code, text)
                        return Response(response.status_code, text)
                    reason = f"HTTP {response.status_code}"
                if attempt + 1 < attempts:
                    self.sleep(self._retry_wait(attempt, response))
            failure = Unreachable(service, full, reason, attempts)
            self.down[service] = failure
        if cached is not None:
            self.stale_used += 1
            return Response(cached.status, cached.body, from_cache=True, stale=True)
        raise Unreachable(failure.service, full, failure.reason, failure.attempts)
