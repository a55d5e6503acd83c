"""The crawl loop: entry points (feeds, sitemaps, sections, URL lists) are read and their article links queued
in the store's frontier; queued URLs are fetched politely and concurrently; each page goes through the
pipeline and is stored together with its frontier row (see `warta.store.frontier`).

Outcomes of one URL: `done` (article stored), `duplicate` (same canonical URL or same text as a stored
article), `failed` (404/410, other 4xx, too large, undecodable, too many retries, a redirect loop), `skipped`
(robots.txt disallows it, not a page). 429, 5xx and network errors are retried with backoff (Retry-After when given); a
URL whose host's robots.txt is unavailable is `postponed`: it stays queued for the next run.

Every run ends, whatever a site serves: sitemap indexes are followed `sitemap_depth` levels deep and at most
`sitemaps_per_run` sitemaps per source are read (and queued) per run; a source holds at most `max_queued`
queued URLs; section pages stop after `section_pages`; each fetch has a total deadline; retries that fall due
more than `MAX_WAIT` seconds later wait for the next run.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import httpx

from warta.crawl import discover
from warta.crawl.config import CrawlConfig, Source
from warta.crawl.fetch import GONE_STATUSES, Fetcher, Response, backoff
from warta.crawl.neardup import WINDOW, NearDuplicates
from warta.crawl.robots import UNAVAILABLE, Robots
from warta.errors import WartaError
from warta.ids import normalize_key
from warta.model import Raw
from warta.net.decode import decode
from warta.pipeline import Pipeline
from warta.store.frontier import Due, Frontier

if TYPE_CHECKING:
    from warta.store.sqlstore import SQLStore

log = logging.getLogger("warta.crawl")

PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain", ""})
MAX_WAIT = 60.0  # seconds `--once` waits for a retry that falls due soon; later ones wait for the next run


@dataclass
class CrawlReport:
    """What one run did."""

    counts: dict[str, int] = field(default_factory=dict)

    def add(self, outcome: str) -> None:
        """Count one outcome."""
        self.counts[outcome] = self.counts.get(outcome, 0) + 1


Progress = Callable[[str, str], None]  # (outcome, url)


class Crawler:
    """Runs crawls of configured sources into a store."""

    def __init__(
        self,
        config: CrawlConfig,
        store: SQLStore,
        pipe: Pipeline,
        progress: Progress | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.config = config
        self.frontier = Frontier(store)
        self.pipe = pipe
        self.progress = progress
        self.transport = transport
        self.near = NearDuplicates(self.frontier.signatures(WINDOW))
        self._sections: dict[str, int] = {}
        self._sitemaps_read: dict[str, int] = {}  # source → sitemaps fetched this run
        self._sitemaps_new: dict[str, int] = {}  # source → child sitemaps queued this run
        self._notes: dict[str, str] = {}  # source → the last refusal or limit reached this run, for `crawl status`

    async def run(self, sources: Iterable[Source], force: bool = True) -> CrawlReport:
        """One crawl of `sources`: entry points read (all of them when `force`), then the queue drained."""
        chosen = list(sources)
        report = CrawlReport()
        self._sections = {}
        self._sitemaps_read = {}
        self._sitemaps_new = {}
        self._notes = {}
        by_name = {s.name: s for s in self.config.sources}
        async with Fetcher(self.config.limits, self.transport) as fetcher:
            robots = Robots(fetcher, self.config.limits.user_agent)
            for source in chosen:
                self.frontier.run_started(source.name)
                self.frontier.release_postponed(source.name, UNAVAILABLE)  # a new run: robots.txt asked again
                self.frontier.refresh_entry_points(source.name, _entries(source), force)
                self.frontier.enqueue((u, source.name, "article") for u in source.urls)
            try:
                await self._drain(fetcher, robots, by_name, report)
            except BaseException as exc:  # cancelled, interrupted or broken: the run ended, and says how
                with contextlib.suppress(Exception):
                    for source in chosen:
                        self.frontier.run_ended(source.name, f"interrupted ({type(exc).__name__}: {exc})"[:300])
                raise
        for source in chosen:
            self.frontier.run_ended(source.name, self._notes.get(source.name))
        return report

    async def _drain(self, fetcher: Fetcher, robots: Robots, sources: dict[str, Source], report: CrawlReport) -> None:
        running: dict[asyncio.Task[tuple[Due, Response | str]], str] = {}
        width = max(1, self.config.limits.concurrency) * 2
        while True:
            busy = set(running.values())
            for due in self.frontier.due(width * 4):
                if len(running) >= width:
                    break
                if due.url not in busy and self._may_read(due, sources.get(due.source)):
                    running[asyncio.create_task(self._fetch(fetcher, robots, due))] = due.url
                    busy.add(due.url)
            if not running:
                wait = self._wait_for_next()
                if wait is None:
                    return
                await asyncio.sleep(wait)
                continue
            finished, _ = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
            for task in finished:
                running.pop(task)
                due, response = task.result()
                outcome = await self._handle(due, response, sources.get(due.source))
                report.add(outcome)
                log.info("%s %s", outcome, due.url, extra={"outcome": outcome, "url": due.url, "source": due.source})
                if self.progress is not None:
                    self.progress(outcome, due.url)

    def _may_read(self, due: Due, source: Source | None) -> bool:
        """Whether this run may fetch `due`: a source reads at most `sitemaps_per_run` sitemaps per run; the
        others are postponed to the next run."""
        if due.kind != "sitemap":
            return True
        read = self._sitemaps_read.get(due.source, 0)
        cap = self.config.sitemaps_per_run
        if read >= cap:
            note = f"sitemap limit reached: {cap} sitemaps read this run (crawl.sitemaps_per_run); the rest wait"
            self.frontier.postpone(due.url, _every(source), note)
            self._notes[due.source] = note
            return False
        self._sitemaps_read[due.source] = read + 1
        return True

    def _wait_for_next(self) -> float | None:
        upcoming = self.frontier.next_time()
        if upcoming is None:
            return None
        wait = upcoming - time.time()
        return max(0.0, wait) if wait <= MAX_WAIT else None

    async def _fetch(self, fetcher: Fetcher, robots: Robots, due: Due) -> tuple[Due, Response | str]:
        """The response, or why robots.txt keeps the crawler from asking for it."""
        refused = await fetcher.check(due.url)  # before robots.txt, which would only say "unavailable"
        if refused is not None:
            return due, refused
        verdict = await robots.verdict(due.url)
        if verdict is not None:
            return due, verdict
        return due, await fetcher.get(due.url, due.etag, due.last_modified)

    async def _handle(self, due: Due, response: Response | str, source: Source | None) -> str:
        if isinstance(response, str) and response.startswith(UNAVAILABLE):
            self.frontier.postpone(due.url, max(_every(source), MAX_WAIT * 2), response)
            self._notes[due.source] = response
            return "postponed"
        if isinstance(response, str):
            self.frontier.finish(due.url, "skipped", 0, response)
            return "skipped"
        if response.status == 304:
            self.frontier.entry_fetched(due.url, 304, None, None, _every(source))
            return "unchanged"
        if not response.ok:
            return self._failed(due, response)
        if due.kind != "article":
            return self._entry(due, response, source)
        return await self._article(due, response)

    def _failed(self, due: Due, response: Response) -> str:
        reason = response.error or f"HTTP {response.status}"
        if response.refused:
            self._notes[due.source] = reason
        if response.retryable and due.attempts + 1 < self.config.retries:
            self.frontier.retry(due.url, response.status, reason, backoff(due.attempts + 1, response.retry_after))
            return "retry"
        if due.kind != "article":
            self.frontier.retry(due.url, response.status, reason, _every(None))
            return "failed"
        gone = " (gone)" if response.status in GONE_STATUSES else ""
        self.frontier.finish(due.url, "failed", response.status, reason + gone)
        return "failed"

    def _entry(self, due: Due, response: Response, source: Source | None) -> str:
        try:
            links, more = self._read_entry(due, response)
        except WartaError as exc:
            self.frontier.retry(due.url, response.status, str(exc), _every(source))
            return "failed"
        self._enqueue_articles(due.source, [link.url for link in links])
        self.frontier.enqueue(more, due.depth + 1)
        self.frontier.entry_fetched(due.url, response.status, response.etag, response.last_modified, _every(source))
        return "read"

    def _read_entry(self, due: Due, response: Response) -> tuple[list[discover.Link], list[tuple[str, str, str]]]:
        base = response.final_url
        if due.kind == "feed":
            return discover.parse_feed(response.body, base), []
        if due.kind == "sitemap":
            links, children = discover.parse_sitemap(response.body, base)
            return links, [(c, due.source, "sitemap") for c in self._children(due, children)]
        text = decode(response.body, base, response.charset)
        links, pages = discover.section_links(text, base)
        followed = self._sections.get(due.source, 0)
        room = max(0, self.config.section_pages - 1 - followed)
        self._sections[due.source] = followed + min(room, len(pages))
        return links, [(p, due.source, "section") for p in pages[:room]]

    def _children(self, due: Due, children: list[str]) -> list[str]:
        """The child sitemaps of an index to queue: none below `sitemap_depth`, at most `sitemaps_per_run` new
        ones per source per run."""
        if not children:
            return []
        if due.depth >= self.config.sitemap_depth:
            self._notes[due.source] = (
                f"sitemap depth limit reached: {len(children)} child sitemaps of {due.url} not followed "
                f"(crawl.sitemap_depth = {self.config.sitemap_depth})"
            )
            return []
        known = self.frontier.known(children)
        fresh = [c for c in children if c not in known]
        queued = self._sitemaps_new.get(due.source, 0)
        room = max(0, self.config.sitemaps_per_run - queued)
        if len(fresh) > room:
            self._notes[due.source] = (
                f"sitemap limit reached: {len(fresh) - room} new child sitemaps of {due.url} left for a later run "
                f"(crawl.sitemaps_per_run = {self.config.sitemaps_per_run})"
            )
        self._sitemaps_new[due.source] = queued + min(room, len(fresh))
        return fresh[:room]

    def _enqueue_articles(self, source: str, urls: list[str]) -> None:
        """Queue article links, keeping the source's queue within `max_queued`; say so when it is full."""
        cap = self.config.max_queued
        room = cap - self.frontier.queued(source, cap)
        if len(urls) > room:
            known = self.frontier.known(urls)
            fresh = [u for u in dict.fromkeys(urls) if u not in known]
            if len(fresh) > room:
                self._notes[source] = (
                    f"queue full: {cap} URLs queued (crawl.max_queued); {len(fresh) - max(0, room)} links found "
                    "this run wait for a later run"
                )
                urls = fresh[: max(0, room)]
        self.frontier.enqueue((u, source, "article") for u in urls)

    async def _article(self, due: Due, response: Response) -> str:
        if response.content_type not in PAGE_TYPES:
            self.frontier.finish(due.url, "skipped", response.status, f"content type {response.content_type}")
            return "skipped"
        try:
            text = decode(response.body, response.final_url, response.charset)
            raw = Raw(
                content=text, format="html" if "<" in text[:2000] else "text", origin=due.url, url=response.final_url
            )
            article = await asyncio.to_thread(self.pipe.run, raw)
        except WartaError as exc:
            self.frontier.finish(due.url, "failed", response.status, str(exc))
            return "failed"
        digest = hashlib.sha256(normalize_key(article.text).encode("utf-8")).hexdigest()
        known = self.frontier.known_article(article.id, digest)
        if known is not None:
            self.frontier.finish(due.url, "duplicate", response.status, None, known)
            return "duplicate"
        group = self.near.assign(article.id, article.text)
        self.frontier.store_article(due.url, article, response.status, digest, group)
        return "stored"


def _entries(source: Source) -> list[tuple[str, str]]:
    return (
        [(u, "feed") for u in source.feeds]
        + [(u, "sitemap") for u in source.sitemaps]
        + [(u, "section") for u in source.sections]
    )


def _every(source: Source | None) -> float:
    return source.every if source is not None else 1800.0


async def forever(crawler: Crawler, sources: list[Source], stop: asyncio.Event) -> None:
    """Run each source on its schedule until `stop` is set."""
    last: dict[str, float] = {}
    while not stop.is_set():
        now = time.time()
        due = [s for s in sources if now - last.get(s.name, 0.0) >= s.every]
        if due:
            await crawler.run(due, force=True)
            for s in due:
                last[s.name] = now
        nearest = min((last.get(s.name, 0.0) + s.every for s in sources), default=now + 60)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=max(1.0, nearest - time.time()))
