"""Fetching a news page over HTTP(S) with limits on time, redirects and size, through the address guard:
public addresses only, besides a loopback or private address the URL names itself (see docs/crawling.md)."""

from __future__ import annotations

import logging

import httpx

from warta.errors import FetchError
from warta.model import Raw
from warta.net.decode import content_type, decode, detect_format
from warta.net.guard import AddressRefused, Guard, command_line_policy
from warta.net.transport import GuardedSyncTransport
from warta.settings import Settings

log = logging.getLogger(__name__)

# Content types read as a page or as plain text; everything else (images, PDF, binaries) is refused.
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_TEXT_TYPES = frozenset({"text/plain"})
COMMAND_LINE_HINT = "a private or loopback address is fetched only when the URL given names it, a link-local one never"
DEADLINE_FACTOR = 4  # a whole fetch, redirects included, ends after this many times the fetch timeout


def fetch(url: str, settings: Settings, guard: Guard | None = None) -> Raw:
    """Fetch `url` and return it as a `Raw` (url = the final URL after redirects). Every connection, redirects
    included, goes through `guard`: by default public addresses, plus the URL's own host when it is a loopback
    or private address written literally (the user asked for it), never link-local or cloud metadata."""
    headers = {"User-Agent": settings.user_agent, "Accept": "text/html,application/xhtml+xml,text/plain"}
    timeout = httpx.Timeout(settings.fetch_timeout)
    guard = guard or Guard(command_line_policy(url), COMMAND_LINE_HINT)
    transport = GuardedSyncTransport(guard, settings.fetch_timeout * DEADLINE_FACTOR)
    try:
        guard.check_url(url)
        with (
            httpx.Client(
                follow_redirects=True,
                max_redirects=settings.max_redirects,
                timeout=timeout,
                headers=headers,
                transport=transport,
            ) as client,
            client.stream("GET", url) as response,
        ):
            return _read_response(response, url, settings.max_bytes)
    except AddressRefused as exc:
        raise FetchError(f"{url}: {exc}") from None
    except httpx.TooManyRedirects:
        raise FetchError(
            f"{url}: more than {settings.max_redirects} redirects; check the URL or raise WARTA_MAX_REDIRECTS"
        ) from None
    except httpx.TimeoutException:
        raise FetchError(
            f"{url}: no answer within {settings.fetch_timeout} s ({settings.fetch_timeout * DEADLINE_FACTOR:g} s for "
            "the whole fetch); retry later or raise WARTA_FETCH_TIMEOUT"
        ) from None
    except httpx.InvalidURL as exc:
        raise FetchError(f"{url}: invalid URL ({exc}); check the address") from None
    except httpx.HTTPError as exc:
        raise FetchError(f"{url}: cannot fetch ({type(exc).__name__}: {exc}); check the URL and network") from None


def _read_response(response: httpx.Response, url: str, max_bytes: int) -> Raw:
    """Check status and content type, read the body within the size limit and decode it."""
    final = str(response.url)
    if not 200 <= response.status_code < 300:
        raise FetchError(f"{url}: HTTP status {response.status_code} {response.reason_phrase}; check the URL")
    media_type, charset = content_type(response.headers.get("content-type", ""))
    if media_type and media_type not in _HTML_TYPES | _TEXT_TYPES:
        raise FetchError(f"{url}: content type {media_type} is not a news page or text")
    body = _read_body(response, url, max_bytes)
    text = decode(body, final, charset)
    if media_type in _HTML_TYPES:
        fmt = "html"
    elif media_type in _TEXT_TYPES:
        fmt = "text"
    else:
        fmt = "html" if detect_format(text) == "html" else "text"
    log.debug("fetched %s (%d bytes, %s)", final, len(body), fmt)
    return Raw(content=text, format=fmt, origin=url, url=final)


def _read_body(response: httpx.Response, url: str, max_bytes: int) -> bytes:
    """The response body; stop and raise `FetchError` as soon as it exceeds `max_bytes`."""
    too_large = f"{url}: page larger than the limit of {max_bytes} bytes; raise WARTA_MAX_BYTES to read it"
    length = response.headers.get("content-length", "")
    if length.isdigit() and int(length) > max_bytes:
        raise FetchError(too_large)
    chunks: list[bytes] = []
    total = 0
    for chunk in response.iter_bytes():
        total += len(chunk)
        if total > max_bytes:
            raise FetchError(too_large)
        chunks.append(chunk)
    return b"".join(chunks)
