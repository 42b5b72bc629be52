"""A polite HTTP client for the primary sources: timeouts, retries, a request rate, a cache.

- every call has a timeout; connection errors, timeouts, 429 and 5xx answers are retried
  with exponential backoff (``backoff``, doubled each time, or the server's ``Retry-After``
  when it asks for no more than ``max_backoff`` seconds);
- calls to one service are at least ``delay[service]`` seconds apart (arXiv asks for 3 s);
- answers (200 and 404) are cached (:mod:`bibtools.online.cache`): a fresh copy is used
  without asking; when a service cannot be reached, an older copy is used instead, so a
  rerun works offline;
- once a service has failed all its attempts it is not asked again in the same run;
- an answer must be complete within ``deadline`` seconds, however slowly a server drips it
  (the per-read ``timeout`` alone would wait forever for a byte every few seconds), and all
  the requests of a run within ``run_deadline``;
- redirects are followed only to http(s) on the host asked, unless the policy allows other
  hosts (``--allow-cross-host-redirects``).
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import FrameType

import httpx

from bibtools import __version__
from bibtools.errors import DeadlinePassed, Unreachable
from bibtools.online.cache import Cache
from bibtools.online.policy import Policy

USER_AGENT = f"bibtools/{__version__} (NeurIPS 2025 reference; bibliography checks)"
MAX_BODY = 10 * 1024 * 1024  # bytes; a larger answer is not a note or a feed
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
CACHED_STATUSES = frozenset({200, 404})


class DeadlineExceeded(httpx.TimeoutException):
    """No complete answer within the request's deadline."""


class RedirectRefused(httpx.HTTPError):
    """A redirect elsewhere than http(s) on the host asked (not retried)."""


@contextlib.contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    """Interrupt the block after ``seconds`` (a real-time timer; in the main thread only,
    where the commands run; elsewhere the body's own checks between chunks remain)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(
        signal, "setitimer"
    ):
        yield
        return

    def ring(_signum: int, _frame: FrameType | None) -> None:
        raise DeadlinePassed

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, max(seconds, 0.001))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def check_api(option: str, url: str) -> str:
    """``url`` if it is an http(s) address with a host; else ValueError saying why."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError) as err:
        raise ValueError(f"'{url}' is not a valid address ({err})") from None
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise ValueError(f"'{url}' is not an http:// or https:// address with a host")
    return url


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
        self._transport = transport
        self._started = time.monotonic()
        self._client = self._new_client()

    def _new_client(self) -> httpx.Client:
        return httpx.Client(
            timeout=httpx.Timeout(self.policy.timeout),
            headers={"User-Agent": USER_AGENT},
            follow_redirects=False,  # followed by _once, to the allowed hosts only
            transport=self._transport,
        )

    def _run_left(self) -> float:
        """Seconds left of the run's deadline."""
        return self.policy.run_deadline - (time.monotonic() - self._started)

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
        """One GET (and its allowed redirects), complete within the request's deadline."""
        budget = max(0.0, min(self.policy.deadline, self._run_left()))
        end = time.monotonic() + budget
        try:
            with _alarm(budget):
                return self._follow(url, end)
        except DeadlinePassed:
            # Interrupted anywhere inside httpx: start again from a fresh connection pool.
            self._client.close()
            self._client = self._new_client()
            raise DeadlineExceeded(f"no complete answer within {round(budget, 1):g} s") from None

    def _follow(self, url: str, end: float) -> httpx.Response:
        asked = httpx.URL(url)
        for _hop in range(self.policy.max_redirects + 1):
            with self._client.stream("GET", asked) as response:
                if response.is_redirect and response.next_request is not None:
                    asked = self._redirect_target(asked, response.next_request.url)
                    continue
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > MAX_BODY:
                        raise httpx.DecodingError(f"answer larger than {MAX_BODY} bytes")
                    if time.monotonic() > end:
                        raise DeadlinePassed
                    chunks.append(chunk)
                return httpx.Response(
                    response.status_code,
                    headers=response.headers,
                    content=b"".join(chunks),
                    request=response.request,
                )
        raise RedirectRefused(f"more than {self.policy.max_redirects} redirects")

    def _redirect_target(self, asked: httpx.URL, target: httpx.URL) -> httpx.URL:
        if target.scheme not in ("http", "https"):
            raise RedirectRefused(f"redirected to a {target.scheme or 'relative'}: address")
        if target.host != asked.host and not self.policy.cross_host_redirects:
            raise RedirectRefused(
                f"redirected to another host, {target.host}; pass "
                "--allow-cross-host-redirects to follow it"
            )
        return target

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
            tried = 0
            for attempt in range(attempts):
                response: httpx.Response | None = None
                if self._run_left() <= 0:
                    reason = (
                        reason or f"the run's deadline of {self.policy.run_deadline:g} s passed"
                    )
                    break
                try:
                    self._wait_turn(service)
                    self.requests += 1
                    tried += 1
                    response = self._once(full)
                except RedirectRefused as err:
                    reason = f"{type(err).__name__}: {err}"
                    break
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
                    self.sleep(min(self._retry_wait(attempt, response), max(0.0, self._run_left())))
            failure = Unreachable(service, full, reason, tried)
            self.down[service] = failure
        if cached is not None:
            self.stale_used += 1
            return Response(cached.status, cached.body, from_cache=True, stale=True)
        raise Unreachable(failure.service, full, failure.reason, failure.attempts)
