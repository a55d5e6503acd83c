"""The demo news site on the local machine: one `ThreadingHTTPServer` per outlet, each on its own port.

Outlet `i` listens on `base_port + i` (or on a free port when `base_port` is 0), so a crawler sees three
hosts. Every page is made on request; nothing is rendered ahead, so thousands of generated articles cost
no memory. Pages carry an ETag (hash of the bytes) and a Last-Modified date and get a 304 when the client
already has them.
"""

from __future__ import annotations

import hashlib
import logging
import socket
import threading
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from urllib.parse import parse_qs, unquote, urlsplit

from warta.demosite import feeds, pages
from warta.demosite.outlets import Entry, Outlet, Section, build_outlets
from warta.errors import InputError

log = logging.getLogger(__name__)

HTML = "text/html; charset=utf-8"
XML = "application/xml; charset=utf-8"
ERROR_PAGE = '<!DOCTYPE html>\n<html lang="id"><head><meta charset="utf-8"><title>{0}</title></head>' \
    "<body><h1>{0}</h1><p>{1}</p></body></html>\n"  # fmt: skip


@dataclass(frozen=True)
class Reply:
    """A response before it is sent: status, content type, body and the date the content last changed."""

    status: int
    content_type: str
    body: bytes
    modified: datetime | None = None


def not_found() -> Reply:
    """404 with a short Indonesian page."""
    body = ERROR_PAGE.format("404 Halaman Tidak Ditemukan", "Halaman yang Anda cari tidak tersedia.")
    return Reply(404, HTML, body.encode("utf-8"))


def forbidden() -> Reply:
    """403 for the area robots.txt disallows."""
    body = ERROR_PAGE.format("403 Akses Ditolak", "Halaman ini khusus untuk redaksi.")
    return Reply(403, HTML, body.encode("utf-8"))


def newest(entries: list[Entry]) -> datetime | None:
    """The latest publication date among `entries`."""
    return max((e.published for e in entries), default=None)


def route(outlet: Outlet, base: str, target: str) -> Reply:
    """The reply for a request target ("/path?query", as received) on an outlet whose root URL is `base`."""
    parts = urlsplit(target)
    path = unquote(parts.path)
    fixed = _fixed(outlet, base, path)
    if fixed is not None:
        return fixed
    if path == "/admin" or path.startswith("/admin/"):
        return forbidden()
    section = outlet.section(path.strip("/")) if path.count("/") <= 2 else None
    if section is not None:
        return _section(outlet, section, parts.query)
    entry = outlet.find(f"{path}?{unquote(parts.query)}") if parts.query else None
    entry = entry or outlet.find(path)
    if entry is not None:
        return Reply(200, f"text/html; charset={entry.charset}", pages.article(outlet, entry), entry.published)
    return not_found()


def _fixed(outlet: Outlet, base: str, path: str) -> Reply | None:
    """Home, robots.txt, feeds and sitemaps; None for any other path."""
    if path == "/":
        body, listed = pages.home(outlet)
        return Reply(200, HTML, body, newest(listed))
    if path == "/robots.txt":
        return Reply(200, "text/plain; charset=utf-8", feeds.robots(outlet, base), newest(feeds.latest(outlet)[:1]))
    if path == "/rss.xml":
        listed = feeds.latest(outlet)
        return Reply(200, "application/rss+xml; charset=utf-8", feeds.rss(outlet, base, listed), newest(listed))
    if path == "/atom.xml" and outlet.spec.atom:
        listed = feeds.latest(outlet)
        return Reply(200, "application/atom+xml; charset=utf-8", feeds.atom(outlet, base, listed), newest(listed))
    if path == "/sitemap.xml":
        body, modified = feeds.sitemap_index(outlet, base)
        return Reply(200, XML, body, modified)
    if path == "/sitemap-news.xml":
        listed = feeds.news_entries(outlet)
        return Reply(200, XML, feeds.news_sitemap(outlet, base, listed), newest(listed))
    for page in range(1, feeds.sitemap_pages(outlet) + 1):
        if path == feeds.sitemap_name(page):
            listed = feeds.sitemap_page(outlet, page)
            return Reply(200, XML, feeds.urlset(base, listed), newest(listed))
    return None


def _section(outlet: Outlet, section: Section, query: str) -> Reply:
    """A page of a section index (?page=N), or 404 for a page that does not exist."""
    raw = parse_qs(query).get("page", ["1"])[0]
    made = pages.section_page(outlet, section, int(raw)) if raw.isdigit() else None
    if made is None:
        return not_found()
    body, listed = made
    return Reply(200, HTML, body, newest(listed))


def _http_date(moment: datetime) -> str:
    return format_datetime(moment.astimezone(UTC), usegmt=True)


def _unchanged(headers: dict[str, str], etag: str, modified: datetime | None) -> bool:
    """Whether the client's copy is current: If-None-Match first, else If-Modified-Since (RFC 9110)."""
    match = headers.get("if-none-match")
    if match is not None:
        tags = {t.strip().removeprefix("W/") for t in match.split(",")}
        return "*" in tags or etag in tags
    since = headers.get("if-modified-since")
    if since is None or modified is None:
        return False
    try:
        when = parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return modified.replace(microsecond=0) <= when


class _Handler(BaseHTTPRequestHandler):
    """Serves one outlet; `outlet`, `base` and `latency` are set on a subclass per server."""

    outlet: Outlet
    base: str
    latency: float = 0.0
    protocol_version = "HTTP/1.1"
    server_version = "WartaDemo/1.0"
    timeout = 30

    def do_GET(self) -> None:
        """Answer a GET."""
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        """Answer a HEAD: the GET headers without the body."""
        self._answer(send_body=False)

    def _answer(self, send_body: bool) -> None:
        if self.latency > 0:
            time.sleep(self.latency)
        try:
            reply = route(self.outlet, self.base, self.path)
        except Exception:  # a bug in the demo site must not kill the server: report it as a 500
            log.exception("demo site failed on %s", self.path)
            reply = Reply(500, HTML, ERROR_PAGE.format("500 Galat Server", "Terjadi kesalahan.").encode("utf-8"))
        headers = {k.lower(): v for k, v in self.headers.items()}
        etag = f'"{hashlib.sha256(reply.body).hexdigest()[:32]}"'
        if reply.status == 200 and _unchanged(headers, etag, reply.modified):
            self.send_response(304)
            self._validators(etag, reply.modified)
            self.end_headers()
            return
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        if reply.status == 200:
            self._validators(etag, reply.modified)
        self.end_headers()
        if send_body:
            self.wfile.write(reply.body)

    def _validators(self, etag: str, modified: datetime | None) -> None:
        self.send_header("ETag", etag)
        if modified is not None:
            self.send_header("Last-Modified", _http_date(modified))

    def log_message(self, format: str, *args: object) -> None:
        """Requests go to the debug log, never straight to standard error."""
        log.debug("%s %s", self.address_string(), format % args)


def _handler(outlet: Outlet, latency: float) -> type[_Handler]:
    """A handler class bound to one outlet (http.server makes one handler instance per request)."""

    class Handler(_Handler):
        pass

    Handler.outlet, Handler.latency, Handler.base = outlet, latency, ""
    return Handler


class _Server(ThreadingHTTPServer):
    """A threading server whose connection threads never hold up shutdown."""

    daemon_threads = True
    block_on_close = False

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that hangs up mid-request (a killed crawler) is logged at DEBUG, not printed."""
        log.debug("connection from %s ended with an error", client_address, exc_info=True)


class _Server6(_Server):
    address_family = socket.AF_INET6


class DemoSite:
    """The demo outlets served locally; use as a context manager, or call `start` and `stop`."""

    def __init__(
        self, articles_dir: Path, host: str = "127.0.0.1", base_port: int = 8100, generated: int = 0,
        latency: float = 0.0, today: date | None = None, now: datetime | None = None,
    ) -> None:  # fmt: skip
        """The outlets of `articles_dir` and `generated` synthetic articles; with `today`, dated anew relative
        to that day (none after `now`, if given: `build_outlets`), else as their pages are written."""
        self.outlets = build_outlets(articles_dir, generated, today, now)
        self.host = host
        self.base_port = base_port
        self.latency = latency
        self._servers: list[_Server] = []
        self._threads: list[threading.Thread] = []

    def start(self) -> None:
        """Listen on every outlet's port and serve in daemon threads; returns once all are listening."""
        if self._servers:
            return
        try:
            for position, outlet in enumerate(self.outlets):
                port = self.base_port + position if self.base_port else 0
                self._servers.append(self._bind(outlet, port))
        except BaseException:
            self.stop()
            raise
        for server in self._servers:
            thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
            thread.start()
            self._threads.append(thread)

    def _bind(self, outlet: Outlet, port: int) -> _Server:
        kind = _Server6 if ":" in self.host else _Server
        handler = _handler(outlet, self.latency)
        try:
            server = kind((self.host, port), handler)
        except OSError as err:
            raise InputError(f"demo site cannot listen on {self.host}:{port} ({err.strerror or err})") from None
        handler.base = _root(self.host, server.server_address[1]).rstrip("/")
        return server

    def stop(self) -> None:
        """Stop serving and close every port (safe to call twice)."""
        for server in self._servers:
            if self._threads:
                server.shutdown()
            server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        self._servers, self._threads = [], []

    def __enter__(self) -> DemoSite:
        self.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop()

    @property
    def urls(self) -> list[str]:
        """Each outlet's root URL, e.g. http://127.0.0.1:8100/ (the real ports once started)."""
        if self._servers:
            return [_root(self.host, s.server_address[1]) for s in self._servers]
        if not self.base_port:
            raise InputError("the demo site picks its ports when it starts: call start() first")
        return [_root(self.host, self.base_port + i) for i in range(len(self.outlets))]

    def feed_urls(self) -> list[str]:
        """Every feed: each outlet's /rss.xml, and /atom.xml where the outlet has one."""
        found = []
        for outlet, root in zip(self.outlets, self.urls, strict=True):
            found.append(root + "rss.xml")
            if outlet.spec.atom:
                found.append(root + "atom.xml")
        return found

    def sitemap_urls(self) -> list[str]:
        """Each outlet's sitemap index (/sitemap.xml)."""
        return [root + "sitemap.xml" for root in self.urls]


def _root(host: str, port: int) -> str:
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def serve_forever(
    articles_dir: Path, host: str, base_port: int, generated: int = 0, latency: float = 0.0,
    today: date | None = None, now: datetime | None = None,
) -> None:  # fmt: skip
    """Serve the demo site until Ctrl-C (for `warta demo-site`); prints each outlet's URL first."""
    with DemoSite(articles_dir, host, base_port, generated, latency, today, now) as site:
        for outlet, root in zip(site.outlets, site.urls, strict=True):
            print(f"{outlet.spec.name:<16} {root}", flush=True)
        print("Press Ctrl-C to stop.", flush=True)
        stop = threading.Event()
        try:
            while not stop.wait(0.5):
                pass
        except KeyboardInterrupt:
            print("Demo site stopped.", flush=True)
