"""The crawl frontier in the store (either backend; schema in migrations/0003_crawl.sql).

Crash safety rests on one rule: an article URL becomes `done` in the same transaction that stores its
article. Killed at any moment, a restarted crawl finds every URL either still queued (fetched again, and its
article, stored or not, saved idempotently) or done with its article stored; none is lost or stored twice.
"""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from warta.model import Article

if TYPE_CHECKING:
    from warta.store.sqlstore import SQLStore

ENTRY_KINDS = ("feed", "sitemap", "section")


@dataclass(frozen=True)
class Due:
    """A URL ready to fetch."""

    url: str
    source: str
    kind: str
    attempts: int
    etag: str | None
    last_modified: str | None
    depth: int = 0  # a sitemap's distance from the configured one


@dataclass(frozen=True)
class SourceStatus:
    """One source's crawl summary."""

    source: str
    last_start: str | None
    last_end: str | None
    last_error: str | None
    queued: int
    done: int
    duplicate: int
    failed: int
    skipped: int
    per_day: tuple[tuple[str, int], ...]  # (date, articles stored that day), newest first, last 7 days
    run: str = "-"  # the last run's state: "finished …", "running since … (pid N)" or "killed …", see `run_state`
    sitemaps: int = 0  # sitemap rows of every state (configured and discovered)
    entry_points: int = 0  # feed, sitemap and section rows


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Frontier:
    """URLs to fetch and what became of them, kept in the store's database."""

    def __init__(self, store: SQLStore) -> None:
        self.store = store
        self.conn = store.conn

    def enqueue(self, urls: Iterable[tuple[str, str, str]], depth: int = 0) -> int:
        """Add (url, source, kind) rows not seen before (sitemaps at `depth`); returns how many were new."""
        rows = [(u, s, k, _now(), depth) for u, s, k in urls]
        with self.conn.transaction() as conn:
            return conn.executemany(
                "INSERT INTO crawl_urls (url, source, kind, state, discovered_at, depth) "
                "VALUES (?, ?, ?, 'queued', ?, ?) ON CONFLICT (url) DO NOTHING",
                rows,
            )

    def known(self, urls: Iterable[str]) -> set[str]:
        """Which of `urls` the frontier already holds."""
        given = list(dict.fromkeys(urls))
        found: set[str] = set()
        for start in range(0, len(given), 500):
            chunk = given[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            found.update(
                str(r[0]) for r in self.conn.execute(f"SELECT url FROM crawl_urls WHERE url IN ({marks})", chunk)
            )
        return found

    def queued(self, source: str, limit: int) -> int:
        """How many of a source's URLs are queued (articles and entry points), counted up to `limit`."""
        row = self.conn.execute(
            "SELECT COUNT(*) FROM (SELECT 1 FROM crawl_urls WHERE source = ? AND state = 'queued' LIMIT ?) q",
            (source, limit),
        ).fetchone()
        return int(row[0]) if row else 0

    def postpone(self, url: str, wait: float, reason: str) -> None:
        """Not fetched now, through no fault of the URL: due again after `wait` seconds, attempts unchanged."""
        with self.conn.transaction() as conn:
            conn.execute(
                "UPDATE crawl_urls SET next_at = ?, error = ? WHERE url = ?", (time.time() + wait, reason[:300], url)
            )

    def release_postponed(self, source: str, reason_prefix: str) -> None:
        """Make a source's queued URLs postponed for `reason_prefix` due now (a new run tries them again)."""
        with self.conn.transaction() as conn:
            conn.execute(
                "UPDATE crawl_urls SET next_at = 0 WHERE source = ? AND state = 'queued' AND error LIKE ?",
                (source, reason_prefix + "%"),
            )

    def refresh_entry_points(self, source: str, urls: Iterable[tuple[str, str]], force: bool) -> None:
        """Queue a source's entry points (url, kind); with `force` they are due now even if fetched lately."""
        self.enqueue((u, source, k) for u, k in urls)
        if force:
            with self.conn.transaction() as conn:
                conn.execute(
                    "UPDATE crawl_urls SET next_at = 0, state = 'queued', attempts = 0 "
                    "WHERE source = ? AND kind IN ('feed', 'sitemap', 'section')",
                    (source,),
                )

    def due(self, limit: int, now: float | None = None) -> list[Due]:
        """Queued URLs whose time has come: entry points first, then in discovery order.

        Each kind is read in the order of index `crawl_urls_next` (migration 0007) and stops at `limit`: no
        sort, so the cost does not grow with the queue."""
        when = time.time() if now is None else now
        found: list[Due] = []
        for kind in (*ENTRY_KINDS, "article"):
            rows = self.conn.execute(
                "SELECT url, source, kind, attempts, etag, last_modified, depth FROM crawl_urls "
                "WHERE state = 'queued' AND kind = ? AND next_at <= ? ORDER BY next_at, discovered_at, url LIMIT ?",
                (kind, when, limit),
            )
            found.extend(Due(*row) for row in rows)
        found.sort(key=lambda d: d.kind == "article")  # stable: entry points first, each kind in its order
        return found[:limit]

    def next_time(self) -> float | None:
        """When the next queued URL falls due (unix time), or None when nothing is queued."""
        row = self.conn.execute("SELECT MIN(next_at) FROM crawl_urls WHERE state = 'queued'").fetchone()
        return float(row[0]) if row and row[0] is not None else None

    def entry_fetched(self, url: str, status: int, etag: str | None, modified: str | None, every: float) -> None:
        """An entry point was read (or answered 304): due again after the source's interval."""
        with self.conn.transaction() as conn:
            conn.execute(
                "UPDATE crawl_urls SET attempts = 0, next_at = ?, fetched_at = ?, status = ?, "
                "etag = COALESCE(?, etag), last_modified = COALESCE(?, last_modified), error = NULL WHERE url = ?",
                (time.time() + every, _now(), status, etag, modified, url),
            )

    def retry(self, url: str, status: int, error: str, wait: float) -> None:
        """A temporary failure: try again after `wait` seconds."""
        with self.conn.transaction() as conn:
            conn.execute(
                "UPDATE crawl_urls SET attempts = attempts + 1, next_at = ?, fetched_at = ?, status = ?, error = ? "
                "WHERE url = ?",
                (time.time() + wait, _now(), status, error[:300], url),
            )

    def finish(
        self, url: str, state: str, status: int, error: str | None = None, article_id: str | None = None
    ) -> None:
        """A final outcome without a stored article: failed, skipped or duplicate."""
        with self.conn.transaction() as conn:
            conn.execute(
                "UPDATE crawl_urls SET state = ?, attempts = attempts + 1, fetched_at = ?, status = ?, error = ?, "
                "article_id = COALESCE(?, article_id) WHERE url = ?",
                (state, _now(), status, (error or "")[:300] or None, article_id, url),
            )

    def known_article(self, article_id: str, content_hash: str) -> str | None:
        """The id of a stored article this one duplicates (same canonical id or same text), or None."""
        row = self.conn.execute("SELECT id FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is not None:
            return str(row[0])
        row = self.conn.execute(
            "SELECT article_id FROM crawl_urls WHERE content_hash = ? AND state = 'done' LIMIT 1", (content_hash,)
        ).fetchone()
        return str(row[0]) if row is not None else None

    def store_article(
        self, url: str, article: Article, status: int, content_hash: str, near: tuple[str, bytes] | None
    ) -> None:
        """Store the article and mark its URL done, in one transaction (see module docstring)."""
        with self.conn.transaction() as conn:
            self.store.write_article(conn, article)
            conn.execute(
                "UPDATE crawl_urls SET state = 'done', attempts = attempts + 1, fetched_at = ?, status = ?, "
                "content_hash = ?, article_id = ?, error = NULL WHERE url = ?",
                (_now(), status, content_hash, article.id, url),
            )
            if near is not None:
                conn.execute(
                    "INSERT INTO near_duplicates (article_id, group_id, signature) VALUES (?, ?, ?) ON CONFLICT "
                    "(article_id) DO UPDATE SET group_id = excluded.group_id, signature = excluded.signature",
                    (article.id, near[0], near[1]),
                )

    def signatures(self, limit: int) -> list[tuple[str, str, bytes]]:
        """(article id, group id, MinHash signature) of the `limit` most recently crawled articles, oldest first."""
        rows = self.conn.execute(
            "SELECT * FROM (SELECT nd.article_id, nd.group_id, nd.signature, cu.fetched_at FROM near_duplicates nd "
            "JOIN crawl_urls cu ON cu.article_id = nd.article_id AND cu.state = 'done' "
            "ORDER BY cu.fetched_at DESC, nd.article_id DESC LIMIT ?) recent ORDER BY fetched_at, article_id",
            (limit,),
        )
        return [(a, g, bytes(s)) for a, g, s, _ in rows]

    def groups(self) -> dict[str, list[str]]:
        """Near-duplicate groups with more than one article: group id → article ids."""
        rows = self.conn.execute(
            "SELECT group_id, article_id FROM near_duplicates WHERE group_id IN "
            "(SELECT group_id FROM near_duplicates GROUP BY group_id HAVING COUNT(*) > 1) ORDER BY group_id, article_id"
        )
        out: dict[str, list[str]] = {}
        for group, article in rows:
            out.setdefault(group, []).append(article)
        return out

    def run_started(self, source: str, runner: str | None = None) -> None:
        """Record that a source's run began in this process (`runner`, host:pid, for tests)."""
        with self.conn.transaction() as conn:
            conn.execute(
                "INSERT INTO crawl_runs (source, last_start, last_end, runs, runner) VALUES (?, ?, NULL, 1, ?) "
                "ON CONFLICT (source) DO UPDATE SET last_start = excluded.last_start, last_end = NULL, "
                "runs = crawl_runs.runs + 1, runner = excluded.runner",
                (source, _now(), runner or this_runner()),
            )

    def run_ended(self, source: str, error: str | None) -> None:
        """Record that a source's run ended, with its last error if any."""
        with self.conn.transaction() as conn:
            conn.execute(
                "UPDATE crawl_runs SET last_end = ?, last_error = ?, runner = NULL WHERE source = ?",
                (_now(), error, source),
            )

    def status(self) -> list[SourceStatus]:
        """Per source: last run, URLs by state, and articles stored per day over the last week."""
        sources = [r[0] for r in self.conn.execute("SELECT DISTINCT source FROM crawl_urls ORDER BY source")]
        return [self._status(s) for s in sources]

    def _status(self, source: str) -> SourceStatus:
        run = self.conn.execute(
            "SELECT last_start, last_end, last_error, runner FROM crawl_runs WHERE source = ?", (source,)
        ).fetchone() or (None, None, None, None)
        counts = self.conn.execute(
            "SELECT kind, state, COUNT(*) FROM crawl_urls WHERE source = ? GROUP BY kind, state", (source,)
        ).fetchall()
        states = {state: sum(n for k, s, n in counts if s == state and k == "article") for _, state, _ in counts}
        states["queued"] = sum(n for _, s, n in counts if s == "queued")  # every kind: entry points stay queued
        days = self.conn.execute(
            "SELECT substr(fetched_at, 1, 10) AS day, COUNT(*) FROM crawl_urls WHERE source = ? AND state = 'done' "
            "GROUP BY day ORDER BY day DESC LIMIT 7",
            (source,),
        ).fetchall()
        last_start, last_end, last_error, runner = run
        return SourceStatus(
            source,
            last_start,
            last_end,
            last_error,
            states.get("queued", 0),
            states.get("done", 0),
            states.get("duplicate", 0),
            states.get("failed", 0),
            states.get("skipped", 0),
            tuple((d, n) for d, n in days),
            run_state(last_start, last_end, runner),
            sum(n for k, _, n in counts if k == "sitemap"),
            sum(n for k, _, n in counts if k != "article"),
        )


def this_runner() -> str:
    """This process as a run's owner: host name and process id."""
    return f"{socket.gethostname()}:{os.getpid()}"


def run_state(start: str | None, end: str | None, runner: str | None) -> str:
    """A run's state: finished (an end recorded), running (no end, its process alive) or killed (no end, its
    process gone). A run of another host cannot be checked: it is "running or killed"."""
    if start is None:
        return "-"
    if end is not None:
        return f"finished {end}"
    host, _, pid = (runner or "").rpartition(":")
    if not pid.isdigit():
        return f"killed or crashed: started {start}, never ended"
    if host != socket.gethostname():
        return f"running or killed: started {start} on {host} (pid {pid}), not ended"
    if _alive(int(pid)):
        return f"running since {start} (pid {pid})"
    return f"killed: started {start} (pid {pid}, gone), never ended"


def _alive(pid: int) -> bool:
    """Whether a process with this id exists on this machine."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except (OSError, OverflowError):
        return False
    return True
