"""The crawler against hostile endpoints (issue 16): endless sitemap indexes, a robots.txt that fails once,
large sitemaps, redirect loops. Every run ends, the store says why, and nothing is lost for good."""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import subprocess
import sys
from dataclasses import replace

from tests.test_crawl import LIMITS, PAGE, FaultServer, Route, server
from warta.crawl.config import CrawlConfig, Source
from warta.crawl.crawler import Crawler, CrawlReport
from warta.pipeline import Pipeline
from warta.store.frontier import Frontier
from warta.store.sqlstore import SQLStore

__all__ = ["server"]  # the local fault server fixture, shared with test_crawl

XML = (("Content-Type", "application/xml"),)


def crawl(store: SQLStore, pipe: Pipeline, source: Source, **settings: int) -> CrawlReport:
    config = replace(CrawlConfig(LIMITS, 3, 2, (source,)), **settings)
    return asyncio.run(Crawler(config, store, pipe).run([source]))


def rows(store: SQLStore) -> dict[str, tuple[str, str, str | None]]:
    """path → (kind, state, error) of every frontier row."""
    found = store.conn.execute("SELECT url, kind, state, error FROM crawl_urls").fetchall()
    return {url.split("/", 3)[3]: (kind, state, error) for url, kind, state, error in found}


class EndlessIndex(Route):
    """A sitemap index whose every answer links to two new child indexes, without end."""

    def __init__(self, base: str) -> None:
        super().__init__(200, self.next_index, XML)
        self.base = base
        self.made = 0

    def next_index(self) -> bytes:
        self.made += 2
        children = "".join(f"<sitemap><loc>{self.base}/deep/{self.made + i}.xml</loc></sitemap>" for i in range(2))
        return f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{children}</sitemapindex>'.encode()


def test_crawl_endless_sitemap_index_ends(store: SQLStore, pipe: Pipeline) -> None:
    srv = FaultServer()
    try:
        index = EndlessIndex(srv.base)
        srv.routes["/sitemap.xml"] = index
        for i in range(1, 4000):
            srv.routes[f"/deep/{i}.xml"] = index
        crawl(store, pipe, Source("t", sitemaps=(srv.url("/sitemap.xml"),)))
        sitemaps = [r for r in rows(store).values() if r[0] == "sitemap"]
        assert index.hits <= 1 + 2 + 4 + 8  # depth 3 below the configured sitemap at most
        assert len(sitemaps) <= 1 + 2 + 4 + 8
        (status,) = Frontier(store).status()
        assert status.queued == sum(1 for r in sitemaps if r[1] == "queued") and status.sitemaps == len(sitemaps)
        assert "sitemap" in (status.last_error or "")
    finally:
        srv.close()


def test_crawl_sitemaps_per_run_are_capped(store: SQLStore, pipe: Pipeline) -> None:
    srv = FaultServer()
    try:
        index = EndlessIndex(srv.base)
        srv.routes["/sitemap.xml"] = index
        for i in range(1, 4000):
            srv.routes[f"/deep/{i}.xml"] = index
        crawl(store, pipe, Source("t", sitemaps=(srv.url("/sitemap.xml"),)), sitemap_depth=50, sitemaps_per_run=5)
        assert index.hits <= 5
        assert "crawl.sitemaps_per_run" in (Frontier(store).status()[0].last_error or "")
    finally:
        srv.close()


def test_crawl_queue_cap_per_source(store: SQLStore, pipe: Pipeline) -> None:
    srv = FaultServer()
    try:
        urls = "".join(f"<url><loc>{srv.base}/2026/01/berita-nomor-{i}</loc></url>" for i in range(3000))
        body = f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'.encode()
        srv.routes["/sitemap.xml"] = Route(200, body, XML)
        crawl(store, pipe, Source("t", sitemaps=(srv.url("/sitemap.xml"),)), max_queued=40)
        articles = [r for r in rows(store).values() if r[0] == "article"]
        assert len(articles) < 40
        (status,) = Frontier(store).status()
        assert "queue full" in (status.last_error or "") and "crawl.max_queued" in (status.last_error or "")
    finally:
        srv.close()


def test_crawl_next_due_query_reads_an_index_without_sorting(store: SQLStore) -> None:
    frontier = Frontier(store)
    frontier.enqueue((f"http://example.test/a/{i}", "t", "article") for i in range(2000))
    frontier.enqueue([("http://example.test/sitemap.xml", "t", "sitemap")])
    sqlite = store.dialect == "sqlite"
    if not sqlite:
        store.conn.execute("ANALYZE crawl_urls")
        store.conn.execute("SET enable_sort = off")
    for kind in ("article", "sitemap"):
        plan = store.conn.execute(
            ("EXPLAIN QUERY PLAN " if sqlite else "EXPLAIN ")
            + "SELECT url, source, kind, attempts, etag, last_modified, depth FROM crawl_urls "
            "WHERE state = 'queued' AND kind = ? AND next_at <= ? ORDER BY next_at, discovered_at, url LIMIT ?",
            (kind, 1e12, 10),
        ).fetchall()
        text = " ".join(str(part) for row in plan for part in row)
        assert "crawl_urls_next" in text and "TEMP B-TREE" not in text and "Sort" not in text
    assert [d.url for d in frontier.due(3)] == [
        "http://example.test/sitemap.xml",
        "http://example.test/a/0",
        "http://example.test/a/1",
    ]


def test_crawl_redirect_loop_is_given_up_at_once(server: FaultServer, store: SQLStore, pipe: Pipeline) -> None:
    server.routes["/2026/01/putar-putar-terus"] = Route(302, b"", (("Location", "/2026/01/balik-lagi"),))
    server.routes["/2026/01/balik-lagi"] = Route(301, b"", (("Location", "/2026/01/putar-putar-terus"),))
    report = crawl(store, pipe, Source("t", urls=(server.url("/2026/01/putar-putar-terus"),)))
    assert report.counts == {"failed": 1}
    assert server.routes["/2026/01/putar-putar-terus"].hits == 1  # seen again in the chain: not fetched again
    _, state, error = rows(store)["2026/01/putar-putar-terus"]
    assert state == "failed" and "redirect loop" in (error or "")
    assert crawl(store, pipe, Source("t", urls=(server.url("/2026/01/putar-putar-terus"),))).counts == {}


def test_crawl_status_tells_running_finished_and_killed_runs(store: SQLStore) -> None:
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    frontier = Frontier(store)
    frontier.enqueue([("http://example.test/a", "live", "article"), ("http://example.test/b", "dead", "article")])
    frontier.enqueue([("http://example.test/c", "done", "article")])
    frontier.run_started("live")
    frontier.run_started("dead", f"{socket.gethostname()}:{gone.pid}")
    frontier.run_started("done")
    frontier.run_ended("done", None)
    runs = {s.source: s.run for s in frontier.status()}
    assert runs["live"].startswith("running since") and str(os.getpid()) in runs["live"]
    assert runs["dead"].startswith("killed") and str(gone.pid) in runs["dead"]
    assert runs["done"].startswith("finished")


def test_crawl_interrupted_run_says_so(server: FaultServer, store: SQLStore, pipe: Pipeline) -> None:
    server.routes["/2026/01/lambat-sekali"] = Route(body=b"<html>", delay=2.0)
    source = Source("t", urls=(server.url("/2026/01/lambat-sekali"),))
    crawler = Crawler(CrawlConfig(LIMITS, 3, 2, (source,)), store, pipe)

    async def cut_short() -> None:
        task = asyncio.create_task(crawler.run([source]))
        while not server.routes["/2026/01/lambat-sekali"].hits:
            await asyncio.sleep(0.01)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    asyncio.run(cut_short())
    (status,) = Frontier(store).status()
    assert status.run.startswith("finished") and (status.last_error or "").startswith("interrupted (CancelledError")
    assert rows(store)["2026/01/lambat-sekali"][1] == "queued"


def test_crawl_robots_503_once_is_retried_on_a_later_run(server: FaultServer, store: SQLStore, pipe: Pipeline) -> None:
    server.routes["/robots.txt"] = Route(503, b"", (("Content-Type", "text/plain"),), fail_first=1)
    server.routes["/2026/01/berita-pertama"] = Route(body=PAGE)
    source = Source("t", urls=(server.url("/2026/01/berita-pertama"),))
    assert crawl(store, pipe, source).counts == {"postponed": 1}
    _, state, error = rows(store)["2026/01/berita-pertama"]
    assert server.routes["/2026/01/berita-pertama"].hits == 0
    assert state == "queued" and "robots.txt" in (error or "") and "unavailable (HTTP 503)" in (error or "")
    assert "unavailable" in (Frontier(store).status()[0].last_error or "")
    assert crawl(store, pipe, source).counts == {"stored": 1}  # the next run reads robots.txt again
    assert server.routes["/robots.txt"].hits == 2


def test_crawl_robots_txt_is_fetched_once_per_host_by_concurrent_fetches(
    server: FaultServer, store: SQLStore, pipe: Pipeline
) -> None:
    server.routes["/robots.txt"] = Route(404, b"", delay=0.3)
    paths = [f"/2026/01/berita-nomor-{i}" for i in range(4)]
    for path in paths:
        server.routes[path] = Route(404, b"")
    crawl(store, pipe, Source("t", urls=tuple(server.url(p) for p in paths)))
    assert server.routes["/robots.txt"].hits == 1
