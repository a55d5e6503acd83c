"""Crawl throughput and memory against the local demo site with generated pages (`make bench`).

The demo site runs in its own process with `--generated N` (default 10,000); the crawler runs here, with the
whole pipeline and the SQLite store, following the sitemaps. Writes pages per second (fetched, processed and
stored) and the crawler's resident memory sampled every 1,000 pages to a JSON file.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from serve_bodies import free_port

from warta import pipeline
from warta.crawl.config import CrawlConfig, Source
from warta.crawl.crawler import Crawler
from warta.crawl.fetch import FetchLimits
from warta.net.guard import AddressPolicy
from warta.settings import Settings
from warta.store import open_store
from warta.store.sqlite import SQLiteStore

OUTLETS = 3


def rss_mib() -> float:
    """The process's current resident memory."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return round(pages * resource.getpagesize() / 2**20, 1)


def wait_for(port: int) -> None:
    for _ in range(200):
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise SystemExit(f"demo site did not start on port {port}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--generated", type=int, default=10_000)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    base = free_port()
    site = subprocess.Popen(
        [sys.executable, "-m", "warta", "demo-site", "--port", str(base), "--generated", str(args.generated)],
        stdout=subprocess.DEVNULL,
    )
    try:
        wait_for(base + OUTLETS - 1)
        figures = crawl(base, args.generated)
    finally:
        site.terminate()
        site.wait()
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(figures, indent=2))


def crawl(base: int, generated: int) -> dict[str, object]:
    sources = tuple(
        Source(f"outlet{i}", sitemaps=(f"http://127.0.0.1:{base + i}/sitemap.xml",)) for i in range(OUTLETS)
    )
    limits = FetchLimits(
        delay=0.0,
        per_host=2,
        concurrency=6,
        read_timeout=30.0,
        allow=AddressPolicy.parse(["127.0.0.1/32"], [], "bench"),
    )
    config = CrawlConfig(limits, 3, 1, sources)
    samples: list[tuple[int, float]] = []
    counts: dict[str, int] = {}

    def tick(outcome: str, url: str) -> None:
        counts[outcome] = counts.get(outcome, 0) + 1
        done = counts.get("stored", 0)
        if outcome == "stored" and done % 1000 == 0:
            samples.append((done, rss_mib()))

    with tempfile.TemporaryDirectory() as folder:
        store = open_store(str(Path(folder) / "warta.db"))
        assert isinstance(store, SQLiteStore)
        crawler = Crawler(config, store, pipeline.build(Settings()), tick)
        start_rss = rss_mib()
        started = time.perf_counter()
        asyncio.run(crawler.run(sources))
        seconds = time.perf_counter() - started
        db_mib = round(sum(p.stat().st_size for p in Path(folder).iterdir()) / 2**20, 1)
        store.close()
    stored = counts.get("stored", 0)
    first = samples[0][1] if samples else start_rss
    return {
        "generated_pages": generated,
        "pages_stored": stored,
        "outcomes": counts,
        "seconds": round(seconds, 1),
        "pages_per_second": round(stored / seconds, 1) if seconds else 0.0,
        "rss_mib_at_start": start_rss,
        "rss_mib_every_1000_pages": samples,
        "rss_growth_mib_after_first_1000": round(samples[-1][1] - first, 1) if samples else 0.0,
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "store_mib": db_mib,
    }


if __name__ == "__main__":
    main()
