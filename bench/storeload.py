"""Bulk load of many generated articles into a store (SQLite file or PostgreSQL URL), then query latencies.

The articles come from `store100k.article` (annotated directly, not through the pipeline) and go through the
store's normal bulk path, `Store.save_many` (identity resolution and all). The load rate is recorded per
segment so a slowdown as the store grows shows. Then the same three queries as `bench/queries.py` are timed
through the real app. Writes the figures to a JSON file (`make bench`).

    python bench/storeload.py --db bench/cache/load1m.db --articles 1000000 --out bench/results/storeload-sqlite.json
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import time
from collections.abc import Iterator
from functools import partial
from pathlib import Path

from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).parent))
import corpus as realistic
from queries import QUERIES, percentiles, timed
from store100k import article, people_pool

from warta.app import create_app
from warta.model import Article
from warta.store import Store, open_store, queries

LOCAL = "http://localhost"  # the loopback name `warta serve` answers (warta.api.hosts: other Host headers get 400)


def generated(start: int, count: int, seed: int = 7, corpus: str = "store100k") -> Iterator[Article]:
    """Articles number `start` … `count - 1` of the fixed generated sequence (the same for every run): the
    query-bench generator (`store100k`), or the real-shaped archive of `bench/corpus.py` (`realistic`: Zipf
    popularity over 300,000 entities, ten years, roles changing hands)."""
    if corpus == "realistic":
        yield from (realistic.article(number, count) for number in range(start, count))
        return
    rng = random.Random(seed)
    people = people_pool(rng)
    for number in range(count):
        art = article(number, rng, people)
        if number >= start:
            yield art


def load(store: Store, have: int, count: int, segment: int, corpus: str = "store100k") -> list[dict[str, float]]:
    """Save the missing articles segment by segment; returns each segment's rate."""
    segments = []
    source = generated(have, count, corpus=corpus)
    done = have
    while done < count:
        size = min(segment, count - done)
        batch = (next(source) for _ in range(size))
        started = time.perf_counter()
        saved = store.save_many(batch)
        seconds = time.perf_counter() - started
        done += saved
        segments.append({"up_to": done, "seconds": round(seconds, 1), "articles_per_s": round(saved / seconds, 1)})
        print(json.dumps(segments[-1]), flush=True)
    return segments


def size_bytes(url: str) -> int:
    """Bytes the store takes on disk: the SQLite file with its WAL, or the PostgreSQL database."""
    if "://" not in url or url.startswith("sqlite:"):
        path = url.removeprefix("sqlite:///")
        return sum(os.path.getsize(p) for p in (path, path + "-wal") if os.path.exists(p))
    import psycopg

    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT pg_database_size(current_database())").fetchone()
    return int(row[0]) if row else 0


def latencies(url: str) -> dict[str, dict[str, float]]:
    """The entity page, the ego network and search, over 100 persons and 60 queries."""
    with open_store(url) as store:
        persons = [e.id for e in queries.collect(partial(queries.list_entities, store, "person"), 5000)]
    sample = random.Random(3).sample(persons, min(100, len(persons)))
    client = TestClient(create_app(url), base_url=LOCAL)
    return {
        "entity_page": percentiles(timed(client, [f"/entitas/{e}" for e in sample])),
        "ego_network": percentiles(timed(client, [f"/api/v1/graph/ego/{e}?depth=1" for e in sample])),
        "search": percentiles(timed(client, [f"/api/v1/search?q={q}" for q in QUERIES * 10])),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True, help="a SQLite file or a postgresql:// URL")
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--segment", type=int, default=100_000, help="articles per measured segment")
    parser.add_argument("--corpus", choices=("store100k", "realistic"), default="store100k",
                        help="the generator: the query bench's, or bench/corpus.py's real-shaped archive")  # fmt: skip
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    if "://" not in args.db:
        Path(args.db).parent.mkdir(parents=True, exist_ok=True)
    with open_store(args.db) as store:
        have = store.counts()["articles"]
        started = time.perf_counter()
        segments = load(store, have, args.articles, args.segment, args.corpus)
        seconds = time.perf_counter() - started
        counts = store.counts()
    loaded = counts["articles"] - have
    figures = {
        "db": "postgresql" if args.db.startswith("postgres") else "sqlite",
        "corpus": args.corpus,
        "store": counts,
        "loaded_now": loaded,
        "load_seconds": round(seconds, 1),
        "articles_per_s": round(loaded / seconds, 1) if loaded else None,
        "segments": segments,
        "size_bytes": size_bytes(args.db),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "latency_ms": latencies(args.db),
    }
    Path(args.out).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
