"""The crawler against local HTTP servers that misbehave on purpose: every fault ends in a clear outcome, the
store keeps every article once, and nothing hangs."""

from __future__ import annotations

import asyncio
import functools
import gzip
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.conftest import DEMO, Databases
from warta.crawl.config import CrawlConfig, Source, parse
from warta.crawl.crawler import Crawler, CrawlReport
from warta.crawl.fetch import FetchLimits, backoff, retry_after
from warta.errors import InputError
from warta.net.guard import AddressPolicy
from warta.pipeline import Pipeline
from warta.store import open_store, queries
from warta.store.frontier import Frontier
from warta.store.sqlstore import SQLStore

PAGE = (DEMO / "articles" / "kabarjatim-01-smart-city-mojokerto.html").read_bytes()
OTHER = (DEMO / "articles" / "suaranusantara-02-biskita-kota-bogor.html").read_bytes()


@functools.cache
def fifty_mb() -> bytes:
    """A 50 MB page, made once when a test asks for it."""
    return b"<html><body>" + b"x" * 50_000_000


@dataclass
class Route:
    """What the server answers on one path."""

    status: int = 200
    body: bytes | Callable[[], bytes] = b""
    headers: tuple[tuple[str, str], ...] = (("Content-Type", "text/html; charset=utf-8"),)
    delay: float = 0.0
    hits: int = 0
    fail_first: int = 0  # answer `status` this many times, then 200 with the body
    no_length: bool = False  # send no Content-Length: the body ends when the connection closes
    drip: float = 0.0  # send the body one byte at a time, this many seconds apart (a slow-drip server)


class FaultServer:
    """A local HTTP server with scripted answers per path."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {"/robots.txt": Route(404)}
        routes = self.routes

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                route = routes.get(self.path.split("?")[0]) or Route(404, b"not found")
                route.hits += 1
                if route.delay:
                    time.sleep(route.delay)
                status = route.status
                if route.fail_first and route.hits > route.fail_first:
                    status = 200
                body = route.body() if callable(route.body) else route.body
                try:
                    self.send_response(status)
                    for key, value in route.headers:
                        self.send_header(key, value)
                    if not route.no_length and not any(k.lower() == "content-length" for k, _ in route.headers):
                        self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    if route.drip:
                        for byte in body:
                            self.wfile.write(bytes([byte]))
                            self.wfile.flush()
                            time.sleep(route.drip)
                    else:
                        self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()  # quick shutdown

    def url(self, path: str) -> str:
        return self.base + path

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def server() -> Iterator[FaultServer]:
    srv = FaultServer()
    yield srv
    srv.close()


LOOPBACK = AddressPolicy.parse(["127.0.0.1/32"], [], "test")  # the servers here are local: allowed explicitly
LIMITS = FetchLimits(
    delay=0.0,
    per_host=4,
    concurrency=4,
    read_timeout=1.0,
    connect_timeout=1.0,
    total_timeout=3.0,
    max_bytes=2_000_000,
    allow=LOOPBACK,
)


def crawl(store: SQLStore, pipe: Pipeline, source: Source, retries: int = 3) -> CrawlReport:
    config = CrawlConfig(LIMITS, retries, 2, (source,))
    return asyncio.run(Crawler(config, store, pipe).run([source]))


def states(store: SQLStore) -> dict[str, tuple[str, str | None]]:
    rows = store.conn.execute("SELECT url, state, error FROM crawl_urls").fetchall()
    return {url.split(":", 2)[2].split("/", 1)[1]: (state, error) for url, state, error in rows}


def test_crawl_stores_pages_once_and_again_changes_nothing(
    server: FaultServer, store: SQLStore, pipe: Pipeline
) -> None:
    server.routes["/a"] = Route(body=PAGE)
    server.routes["/b"] = Route(body=OTHER)
    server.routes["/a-copy"] = Route(body=PAGE)
    source = Source("t", urls=(server.url("/a"), server.url("/b"), server.url("/a-copy")))
    report = crawl(store, pipe, source)
    assert report.counts == {"stored": 2, "duplicate": 1}
    before = store.counts()
    assert before["articles"] == 2
    again = crawl(store, pipe, source)
    assert again.counts == {} and store.counts() == before


@pytest.mark.parametrize(
    ("route", "state", "error_part"),
    [
        (Route(404, b"gone"), "failed", "404"),
        (Route(410, b"gone"), "failed", "gone"),
        (Route(500, b"oops"), "failed", "500"),
        (Route(403, b"no"), "failed", "403"),
        (Route(200, b"\x89PNG\r\n", (("Content-Type", "image/png"),)), "skipped", "image/png"),
        (Route(200, b"%PDF-1.4 ...", (("Content-Type", "application/pdf"),)), "skipped", "application/pdf"),
        (Route(200, b"", (("Content-Type", "text/html"),)), "failed", "empty"),
        (Route(200, PAGE, delay=2.0), "failed", "no answer"),
        (Route(200, PAGE[:400], drip=0.05), "failed", "deadline"),  # each byte within the read timeout, 20 s in all
        (Route(200, fifty_mb), "failed", "limit"),
        (Route(200, fifty_mb, no_length=True), "failed", "limit"),
        (Route(200, gzip.compress(b"<html>" + b" " * 30_000_000), (("Content-Encoding", "gzip"),)), "failed", "limit"),
        (Route(301, b"", (("Location", "/loop"),)), "failed", "redirect loop"),
    ],
    ids=[
        "404",
        "410",
        "500",
        "403",
        "image",
        "pdf",
        "empty",
        "slow",
        "drip",
        "50MB",
        "50MB-unannounced",
        "gzip-bomb",
        "loop",
    ],
)
def test_crawl_faults_end_in_a_clear_state(
    server: FaultServer, store: SQLStore, pipe: Pipeline, route: Route, state: str, error_part: str
) -> None:
    server.routes["/loop"] = Route(302, b"", (("Location", "/x"),))
    server.routes["/x"] = route
    crawl(store, pipe, Source("t", urls=(server.url("/x"),)), retries=1)
    got_state, error = states(store)["x"]
    assert got_state == state and error_part in (error or "")
    assert store.counts()["articles"] == 0


def test_crawl_retries_429_honouring_retry_after(server: FaultServer, store: SQLStore, pipe: Pipeline) -> None:
    server.routes["/busy"] = Route(429, PAGE, (("Content-Type", "text/html"), ("Retry-After", "1")), fail_first=1)
    started = time.monotonic()
    report = crawl(store, pipe, Source("t", urls=(server.url("/busy"),)))
    assert report.counts == {"retry": 1, "stored": 1}
    assert server.routes["/busy"].hits == 2 and time.monotonic() - started >= 0.9


def test_crawl_gives_up_after_the_retries(server: FaultServer, store: SQLStore, pipe: Pipeline) -> None:
    server.routes["/down"] = Route(503, b"", (("Retry-After", "0"),))
    report = crawl(store, pipe, Source("t", urls=(server.url("/down"),)), retries=3)
    assert report.counts == {"retry": 2, "failed": 1} and server.routes["/down"].hits == 3


def test_crawl_obeys_robots_txt(server: FaultServer, store: SQLStore, pipe: Pipeline) -> None:
    server.routes["/robots.txt"] = Route(
        200, b"User-agent: *\nDisallow: /private/\n", (("Content-Type", "text/plain"),)
    )
    server.routes["/private/a"] = Route(body=PAGE)
    server.routes["/public/a"] = Route(body=PAGE)
    crawl(store, pipe, Source("t", urls=(server.url("/private/a"), server.url("/public/a"))))
    assert server.routes["/private/a"].hits == 0
    assert states(store)["private/a"] == ("skipped", "robots.txt disallows it")
    assert states(store)["public/a"][0] == "done"


def test_crawl_robots_unavailable_means_no_crawl(server: FaultServer, store: SQLStore, pipe: Pipeline) -> None:
    server.routes["/robots.txt"] = Route(503, b"")
    server.routes["/a"] = Route(body=PAGE)
    crawl(store, pipe, Source("t", urls=(server.url("/a"),)))
    assert server.routes["/a"].hits == 0 and states(store)["a"][0] == "queued"  # for a later run (RFC 9309)


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (PAGE.decode("utf-8").encode("cp1252", errors="replace"), "text/html; charset=utf-8"),  # wrong charset
        (PAGE, "text/html"),  # no charset
        (PAGE, "text/plain; charset=iso-8859-1"),  # wrong type and charset
    ],
)
def test_crawl_wrong_or_missing_charsets_still_give_text(
    server: FaultServer, store: SQLStore, pipe: Pipeline, body: bytes, content_type: str
) -> None:
    server.routes["/a"] = Route(body=body, headers=(("Content-Type", content_type),))
    crawl(store, pipe, Source("t", urls=(server.url("/a"),)))
    assert states(store)["a"][0] == "done"
    (row,) = queries.list_articles(store).items
    assert "Mojokerto" in store.article(row.id)["article"]["text"]


def test_crawl_feed_discovery_and_conditional_get(server: FaultServer, store: SQLStore, pipe: Pipeline) -> None:
    feed = (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
        f"<item><title>a</title><link>{server.url('/berita/2024/03/05/satu-dua-tiga')}</link></item>"
        f"<item><title>b</title><link>{server.url('/berita/2024/03/06/empat-lima-enam')}</link></item>"
        f"</channel></rss>"
    ).encode()
    server.routes["/rss.xml"] = Route(200, feed, (("Content-Type", "application/rss+xml"), ("ETag", '"v1"')))
    server.routes["/berita/2024/03/05/satu-dua-tiga"] = Route(body=PAGE)
    server.routes["/berita/2024/03/06/empat-lima-enam"] = Route(body=OTHER)
    source = Source("t", feeds=(server.url("/rss.xml"),))
    report = crawl(store, pipe, source)
    assert report.counts == {"read": 1, "stored": 2}
    etag = store.conn.execute("SELECT etag FROM crawl_urls WHERE kind = 'feed'").fetchone()[0]
    assert etag == '"v1"'


def test_crawl_broken_feed_is_an_error_not_a_crash(server: FaultServer, store: SQLStore, pipe: Pipeline) -> None:
    server.routes["/rss.xml"] = Route(200, b"<rss><channel><title>x</ti", (("Content-Type", "application/xml"),))
    report = crawl(store, pipe, Source("t", feeds=(server.url("/rss.xml"),)))
    assert report.counts == {"failed": 1}
    assert states(store)["rss.xml"][0] == "queued"  # an entry point: tried again next run


def test_crawl_resumes_after_a_crash(server: FaultServer, databases: Databases, pipe: Pipeline) -> None:
    server.routes["/a"] = Route(body=PAGE)
    server.routes["/b"] = Route(body=OTHER)
    source = Source("t", urls=(server.url("/a"), server.url("/b")))
    config = CrawlConfig(LIMITS, 3, 2, (source,))
    location = databases.new()
    with open_store(location) as store:
        crawler = Crawler(config, store, pipe)
        original = crawler.frontier.store_article
        calls = 0

        def crash_on_second(*args: object, **kwargs: object) -> None:
            nonlocal calls
            calls += 1
            if calls == 2:
                raise KeyboardInterrupt  # the process dies in the middle of the second save
            original(*args, **kwargs)  # type: ignore[arg-type]

        crawler.frontier.store_article = crash_on_second  # type: ignore[method-assign]
        with pytest.raises(KeyboardInterrupt):
            asyncio.run(crawler.run([source]))
        assert store.counts()["articles"] == 1
        with open_store(location) as reopened:
            asyncio.run(Crawler(config, reopened, pipe).run([source]))
            assert reopened.counts()["articles"] == 2
            assert {s for s, _ in states(reopened).values()} == {"done"}


def test_crawl_near_duplicates_are_grouped(server: FaultServer, store: SQLStore, pipe: Pipeline) -> None:
    syndicated = PAGE.replace(b" warga harus ", b" masyarakat harus ").replace(b"kabarjatim.test", b"mitra.test")
    server.routes["/a"] = Route(body=PAGE)
    server.routes["/b"] = Route(body=syndicated)
    server.routes["/c"] = Route(body=OTHER)
    crawl(store, pipe, Source("t", urls=(server.url("/a"), server.url("/b"), server.url("/c"))))
    groups = Frontier(store).groups()
    assert [len(ids) for ids in groups.values()] == [2]


def test_crawl_status_counts_per_source(server: FaultServer, store: SQLStore, pipe: Pipeline) -> None:
    server.routes["/a"] = Route(body=PAGE)
    crawl(store, pipe, Source("t", urls=(server.url("/a"), server.url("/missing"))), retries=1)
    (status,) = Frontier(store).status()
    assert (status.source, status.done, status.failed, status.queued) == ("t", 1, 1, 0)
    assert status.last_start and status.last_end and sum(n for _, n in status.per_day) == 1


@pytest.mark.parametrize(
    ("value", "expected"),
    [("5", 5.0), ("99999", 300.0), ("", None), ("soon", None)],
)
def test_crawl_retry_after_header(value: str, expected: float | None) -> None:
    assert retry_after(value) == expected


def test_crawl_backoff_grows_and_takes_hints() -> None:
    assert backoff(1, None) < backoff(2, None) < backoff(3, None)
    assert backoff(5, 7.0) == 7.0 and backoff(50, None) == 600.0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"crawl": {"delay": -1}}, "crawl.delay"),
        ({"source": [{"name": "Bad Name"}]}, "source name"),
        ({"source": [{"name": "a", "feeds": ["ftp://x"]}]}, "not an http"),
        ({"source": [{"name": "a", "every": "often"}]}, "every"),
        ({"source": [{"name": "a"}, {"name": "a"}]}, "unique"),
    ],
)
def test_crawl_config_errors_are_one_line(data: dict[str, object], message: str) -> None:
    with pytest.raises(InputError, match=message) as caught:
        parse(data, "warta.toml")
    assert "\n" not in str(caught.value)


def test_crawl_starter_config_is_valid_and_all_off(tmp_path: Path) -> None:
    from warta.crawl.config import load, starter

    path = tmp_path / "warta.toml"
    path.write_text(starter(), encoding="utf-8")
    config = load(path)
    assert len(config.sources) >= 8 and config.enabled == ()
    assert replace(config.limits, user_agent="x").user_agent == "x"


def test_crawl_near_duplicate_index_keeps_a_bounded_window() -> None:
    from warta.crawl.neardup import NearDuplicates

    story = "Bupati Mojokerto meresmikan pasar baru di Kecamatan Sooko bersama ratusan pedagang dan warga sekitar pasar"
    other = "Harga cabai rawit di pasar tradisional Kota Surabaya naik dua kali lipat menjelang Lebaran tahun ini"
    index = NearDuplicates(window=2)
    assert index.assign("a", story)[0] == "a"
    assert index.assign("b", story + " kemarin")[0] == "a"
    index.assign("c", other)
    index.assign("d", other.replace("Surabaya", "Malang") + " menurut pedagang")
    assert len(index) == 2
    assert index.assign("e", story)[0] == "e"  # a and b left the window
