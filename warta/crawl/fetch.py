"""Polite, bounded HTTP fetching for the crawler: one shared async client (HTTP/2 where offered), per-host
spacing and concurrency, conditional GET, retries with backoff on 429 and 5xx honouring Retry-After, and
limits on time (connect, read, and a total deadline per fetch), redirects and size (the size limit counts
decompressed bytes, so a gzip bomb stops early). Every connection goes through the address guard
(`warta.net.guard`, `warta.net.transport`): private, loopback and link-local addresses are refused unless
allowed, after redirects and whatever DNS answers; a refusal is final, never retried.
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx

from warta.net.decode import content_type
from warta.net.guard import AddressPolicy, AddressRefused, Guard
from warta.net.transport import GuardedTransport

log = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
GONE_STATUSES = frozenset({404, 410})
MAX_RETRY_AFTER = 300.0  # seconds; a longer Retry-After is capped (the URL is retried later, not waited on)


@dataclass(frozen=True)
class FetchLimits:
    """What one fetch may cost."""

    user_agent: str = "WartaBot/0.1 (+https://github.com/warta-id/warta)"
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    delay: float = 1.0  # seconds between requests to one host
    per_host: int = 1  # requests in flight per host
    concurrency: int = 4  # requests in flight overall
    total_timeout: float = 60.0  # seconds of network time one fetch may take in all, redirects included
    # The non-public addresses the crawler may reach: none by default.
    allow: AddressPolicy = field(default_factory=AddressPolicy)


@dataclass(frozen=True)
class Response:
    """What a fetch brought back. `status` 0 means no HTTP answer (`error` says why)."""

    url: str  # the URL asked for
    final_url: str
    status: int
    body: bytes = b""
    content_type: str = ""
    charset: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    retry_after: float | None = None
    error: str | None = None
    refused: bool = False  # the address guard refused it: final, not worth retrying
    final: bool = False  # a failure that will not change by trying again (a redirect loop)

    @property
    def ok(self) -> bool:
        """A 2xx answer with its body."""
        return 200 <= self.status < 300 and self.error is None

    @property
    def retryable(self) -> bool:
        """Worth trying again later: throttled, a server error, or no answer at all."""
        if self.refused or self.final:
            return False
        return self.status in RETRY_STATUSES or (self.status == 0 and self.error is not None)


@dataclass
class _Budget:
    """Network seconds left to one fetch, across its redirects."""

    left: float


@dataclass
class _Host:
    next_at: float = 0.0
    lock: asyncio.Semaphore = field(default_factory=lambda: asyncio.Semaphore(1))


class Fetcher:
    """The crawler's HTTP side. Use inside `async with`.

    Without a `transport`, connections go through the guard's transport (checked, pinned addresses). A
    transport given instead (tests) gets the guard's URL checks only: scheme and literal addresses."""

    def __init__(
        self, limits: FetchLimits, transport: httpx.AsyncBaseTransport | None = None, guard: Guard | None = None
    ) -> None:
        self.limits = limits
        self.guard = guard or Guard(limits.allow)
        self._hosts: dict[str, _Host] = {}
        self._delays: dict[str, float] = {}
        self._checked: dict[str, Response | None] = {}
        self._resolving = transport is None  # a given transport connects where it likes: no DNS checks for it
        self._slots = asyncio.Semaphore(max(1, limits.concurrency))
        timeout = httpx.Timeout(limits.read_timeout, connect=limits.connect_timeout)
        pool = httpx.Limits(max_connections=max(1, limits.concurrency) * 2)
        self._client = httpx.AsyncClient(
            timeout=timeout,
            follow_redirects=False,
            headers={"User-Agent": limits.user_agent},
            transport=transport or GuardedTransport(self.guard, http2=True, limits=pool),
        )

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._client.aclose()

    def set_delay(self, host: str, seconds: float) -> None:
        """A host's own delay (robots.txt Crawl-delay), never below the configured one."""
        self._delays[host] = max(self.limits.delay, min(seconds, 60.0))

    async def check(self, url: str) -> Response | None:
        """A refusal (no request made) when the guard does not let the crawler reach `url`'s host, else None.
        Cached per host for this fetcher's life: the check that counts is made again on every connection."""
        key = _host_key(url)
        if key not in self._checked:
            try:
                if self._resolving:
                    await self.guard.check(url, self.limits.connect_timeout)
                else:
                    self.guard.check_url(url)
                self._checked[key] = None
            except AddressRefused as exc:
                self._checked[key] = Response(url, url, 0, error=str(exc), refused=True)
            except OSError:  # TimeoutError too
                return None  # no DNS answer now: the fetch itself reports it, and may be retried
        refusal = self._checked[key]
        return None if refusal is None else Response(url, url, 0, error=refusal.error, refused=True)

    async def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Response:
        """GET with the host's politeness, following redirects up to the limit, each hop checked by the guard."""
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current = url
        seen = {url}
        budget = _Budget(self.limits.total_timeout)
        for _ in range(self.limits.max_redirects + 1):
            response = await self._polite_get(url, current, headers, budget)
            location = response.final_url if 300 <= response.status < 400 and response.status != 304 else None
            if location is None:
                return response
            if location in seen:
                return Response(url, location, 0, error=f"redirect loop back to {location}; given up", final=True)
            seen.add(location)
            current = location
        return Response(url, current, 0, error=f"more than {self.limits.max_redirects} redirects; given up", final=True)

    async def _polite_get(self, url: str, current: str, headers: Mapping[str, str], budget: _Budget) -> Response:
        host = _host_key(current)
        state = self._hosts.setdefault(host, _Host(lock=asyncio.Semaphore(max(1, self.limits.per_host))))
        async with state.lock, self._slots:
            wait = state.next_at - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            started = time.monotonic()
            try:
                return await self._get_within(url, current, headers, budget)
            finally:
                budget.left -= time.monotonic() - started
                state.next_at = time.monotonic() + self._delays.get(host, self.limits.delay)

    async def _get_within(self, url: str, current: str, headers: Mapping[str, str], budget: _Budget) -> Response:
        """One request, refused by the guard or ended by the fetch's deadline, whatever the server does."""
        try:
            self.guard.check_url(current)
            async with asyncio.timeout(max(0.0, budget.left)):
                return await self._get_once(url, current, headers)
        except AddressRefused as exc:
            via = f" (redirected to {current})" if current != url else ""
            return Response(url, current, 0, error=f"refused: {exc.reason}{via}; {exc.hint}", refused=True)
        except TimeoutError:
            total = self.limits.total_timeout
            return Response(url, current, 0, error=f"no complete answer within the {total:g} s deadline")

    async def _get_once(self, url: str, current: str, headers: Mapping[str, str]) -> Response:
        try:
            async with self._client.stream("GET", current, headers=headers) as r:
                if 300 <= r.status_code < 400 and r.status_code != 304:
                    target = r.headers.get("location")
                    if not target:
                        return Response(url, current, r.status_code, error="redirect without a Location")
                    return Response(url, urljoin(current, target), r.status_code)
                body, error = await _read_capped(r, self.limits.max_bytes)
                media, charset = content_type(r.headers.get("content-type", ""))
                return Response(
                    url,
                    str(r.url),
                    r.status_code,
                    body,
                    media,
                    charset,
                    r.headers.get("etag"),
                    r.headers.get("last-modified"),
                    retry_after(r.headers.get("retry-after")),
                    error,
                )
        except httpx.TimeoutException:
            return Response(url, current, 0, error=f"no answer within {self.limits.read_timeout:g} s")
        except (httpx.HTTPError, OSError) as exc:
            return Response(url, current, 0, error=f"{type(exc).__name__}: {exc}"[:200])


async def _read_capped(response: httpx.Response, max_bytes: int) -> tuple[bytes, str | None]:
    """The decoded body, stopping (with an error) as soon as it passes `max_bytes`."""
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        return b"", f"page of {int(declared):,} bytes is over the {max_bytes:,}-byte limit"
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():
        size += len(chunk)
        if size > max_bytes:
            return b"", f"page over the {max_bytes:,}-byte limit (after decompression)"
        chunks.append(chunk)
    return b"".join(chunks), None


def retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta seconds or an HTTP date), capped."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), MAX_RETRY_AFTER)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, min(when.timestamp() - time.time(), MAX_RETRY_AFTER))


def backoff(attempt: int, hinted: float | None, base: float = 2.0, cap: float = 600.0) -> float:
    """Seconds before retry number `attempt` (1-based): the server's hint, else exponential."""
    if hinted is not None:
        return hinted
    return float(min(cap, base ** max(1, attempt)))


def _host_key(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def host_of(url: str) -> str:
    """The scheme and authority a politeness budget applies to."""
    return _host_key(url)
