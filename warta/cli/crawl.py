"""`warta crawl` (run once or on schedule, status, init) and `warta demo-site`."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import signal
import sys
from collections.abc import Coroutine
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from warta.cli.alerts import alerts_beside
from warta.cli.codes import NOTHING, OK
from warta.errors import InputError
from warta.settings import Settings

if TYPE_CHECKING:
    from warta.crawl.config import CrawlConfig, Source


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The `crawl` and `demo-site` commands."""
    crawl = sub.add_parser("crawl", help="follow the outlets in warta.toml: feeds, sitemaps, section pages")
    crawl.add_argument(
        "action",
        nargs="?",
        default="run",
        choices=("run", "status", "init"),
        help="run (default), status (per source), init (write a starter warta.toml)",
    )
    crawl.add_argument("--config", default="warta.toml", help="the configuration file (default: ./warta.toml)")
    when = crawl.add_mutually_exclusive_group()
    when.add_argument("--once", action="store_true", help="one pass over every enabled source (default)")
    when.add_argument("--forever", action="store_true", help="run each source on its schedule until stopped")
    crawl.add_argument("--source", action="append", default=[], help="only this source (repeatable)")
    crawl.add_argument("--no-progress", action="store_true", help="no progress bar")
    crawl.add_argument("--log-json", action="store_true", help="structured logs: one JSON object per line on stderr")
    crawl.add_argument("--force", action="store_true", help="init: overwrite an existing file")
    crawl.set_defaults(run=_crawl)
    site = sub.add_parser("demo-site", help="serve the bundled demo outlets on 127.0.0.1 (one port per outlet)")
    site.add_argument("--host", default="127.0.0.1")
    site.add_argument("--port", type=int, default=8100, help="first outlet's port; the others follow")
    site.add_argument("--articles", default="demo/articles", help="folder of the demo article pages")
    site.add_argument("--generated", type=int, default=0, help="add this many generated articles (benchmarks)")
    site.add_argument("--today", help="date the articles relative to this day, YYYY-MM-DD (default: today, WIB)")
    site.add_argument("--as-written", action="store_true", help="keep the dates the demo pages are written with")
    site.set_defaults(run=_demo_site)


def _crawl(args: argparse.Namespace, settings: Settings) -> int:
    from warta.crawl import config as crawl_config

    path = Path(args.config)
    if args.action == "init":
        if path.exists() and not args.force:
            raise InputError(f"{path} exists; use --force to overwrite it")
        path.write_text(crawl_config.starter(), encoding="utf-8")
        print(f"wrote {path}: every source is disabled; set enabled = true for the ones you follow")
        return OK
    if args.action == "status":
        return _status(settings)
    config = crawl_config.load(path)
    sources = [s for s in config.enabled if not args.source or s.name in args.source]
    unknown = set(args.source) - {s.name for s in config.sources}
    if unknown:
        raise InputError(f"{path}: no source named {sorted(unknown)[0]!r}")
    if not sources:
        raise InputError(f"{path}: no enabled source to crawl; set enabled = true on one")
    if args.log_json:
        _json_logs()
    return _run(config, sources, settings, args.forever, not args.no_progress and sys.stderr.isatty())


def _run(config: CrawlConfig, chosen: list[Source], settings: Settings, forever: bool, bar: bool) -> int:
    from rich.progress import BarColumn, Progress, TextColumn

    from warta import pipeline
    from warta.crawl.crawler import Crawler, CrawlReport
    from warta.crawl.crawler import forever as run_forever
    from warta.store import open_store

    with (
        open_store(settings.db) as store,
        Progress(
            TextColumn("{task.description}"), BarColumn(), TextColumn("{task.fields[counts]}"), disable=not bar
        ) as progress,
    ):
        task = progress.add_task("crawl", total=None, counts="")
        totals = CrawlReport()

        def tick(outcome: str, url: str) -> None:
            totals.add(outcome)
            progress.update(task, advance=1, counts=_counts(totals.counts))

        crawler = Crawler(config, store, pipeline.build(settings), tick)
        if forever:
            stop = asyncio.Event()
            halt = alerts_beside(settings)
            try:
                asyncio.run(_until_signal(run_forever(crawler, chosen, stop), stop))
            finally:
                halt()
        else:
            asyncio.run(crawler.run(chosen))
    print(f"{_counts(totals.counts) or 'nothing to do'} in {settings.db}", file=sys.stderr)
    return OK if totals.counts.get("stored", 0) or not totals.counts.get("failed", 0) else NOTHING


async def _until_signal(job: Coroutine[Any, Any, None], stop: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await job


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {k}" for k, n in sorted(counts.items()))


def _status(settings: Settings) -> int:
    from warta.store import open_store
    from warta.store.frontier import Frontier

    with open_store(settings.db) as store:
        rows = Frontier(store).status()
    if not rows:
        print(f"nothing crawled yet in {settings.db}")
        return NOTHING
    print(
        "source\tlast run\tstored\tduplicate\tfailed\tskipped\tqueued (all kinds)\tsitemaps\tlast error\t"
        "stored per day (newest first)"
    )
    for r in rows:
        days = " ".join(f"{d}:{n}" for d, n in r.per_day) or "-"
        print(
            f"{r.source}\t{r.run}\t{r.done}\t{r.duplicate}\t{r.failed}\t{r.skipped}\t"
            f"{r.queued}\t{r.sitemaps}\t{r.last_error or '-'}\t{days}"
        )
    return OK


class _JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        data = {"time": self.formatTime(record), "level": record.levelname, "logger": record.name}
        data |= {k: getattr(record, k) for k in ("outcome", "url", "source") if hasattr(record, k)}
        data["message"] = record.getMessage()
        return json.dumps(data, ensure_ascii=False)


def _json_logs() -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(_JsonFormatter())
    root = logging.getLogger("warta")
    root.handlers = [handler]
    root.setLevel(logging.INFO)
    root.propagate = False


def _demo_site(args: argparse.Namespace, settings: Settings) -> int:
    from warta.demosite import serve_forever

    articles = Path(args.articles)
    if not articles.is_dir():
        raise InputError(f"{articles}: no such folder")
    today, now = _demo_today(args)
    serve_forever(articles, args.host, args.port, args.generated, today=today, now=now)
    return OK


def _demo_today(args: argparse.Namespace) -> tuple[date | None, datetime | None]:
    """The day `warta demo-site` dates its articles from (none with --as-written) and the moment none may pass:
    `--today`, else today in Asia/Jakarta (WARTA_TODAY, if set, fixes it; `warta.web.period.today`)."""
    from warta.web import period

    if args.as_written:
        return None, None
    if args.today:
        try:
            return date.fromisoformat(args.today), None
        except ValueError:
            raise InputError(f"--today {args.today!r}: not a date; use YYYY-MM-DD") from None
    today = period.today()
    now = datetime.now(period.JAKARTA)
    return today, now if now.date() == today else None
