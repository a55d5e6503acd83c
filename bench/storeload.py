"""Bulk load of many generated articles into a store (SQLite file or PostgreSQL URL).

The articles come from `bench/corpus.py` (`--corpus realistic`, the real-shaped archive) or `store100k.article`
(annotated directly, not through the pipeline) and go through the store's normal bulk path, `Store.save_many`
(identity resolution, isu filing and all). The load rate is recorded per segment so a slowdown as the store
grows shows, with the store's size. Writes the figures to a JSON file (`make bench`); `bench/store_latency.py`
then times the pages on the loaded store, `bench/serve_load.py` serves it to 50 clients.

    python bench/storeload.py --db bench/cache/load1m.db --articles 1000000 --corpus realistic \
        --out bench/results/storeload-sqlite.json
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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import corpus as realistic
from store100k import article, people_pool

from warta.model import Article
from warta.store import Store, open_store


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


def load(store: Store, count: int, segment: int, corpus: str, record: Record) -> None:
    """Save the missing articles segment by segment, writing the record after each one."""
    done = store.counts()["articles"]
    source = generated(done, count, corpus=corpus)
    while done < count:
        size = min(segment, count - done)
        batch = (next(source) for _ in range(size))
        started = time.perf_counter()
        saved = store.save_many(batch)
        seconds = time.perf_counter() - started
        done += saved
        at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        figures = {"up_to": done, "articles": saved, "seconds": round(seconds, 1), "at": at}
        record.add(figures | {"articles_per_s": round(saved / seconds, 1)}, store)


class Record:
    """The figures of a load, written to `out` after every segment, so that a stopped load keeps them and a
    resumed one (same --out) adds its segments to the earlier ones."""

    def __init__(self, out: Path, db: str, corpus: str) -> None:
        self.out, self.db = out, db
        earlier = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
        self.segments: list[dict[str, object]] = earlier.get("segments", []) if earlier.get("corpus") == corpus else []
        self.figures: dict[str, object] = {"db": "postgresql" if db.startswith("postgres") else "sqlite",
                                           "corpus": corpus}  # fmt: skip

    def add(self, segment: dict[str, object] | None, store: Store) -> None:
        """Add a segment (None: none) and write the figures with the store's counts and size."""
        if segment is not None:
            self.segments.append(segment)
            print(json.dumps(segment), flush=True)
        counts = store.counts()
        size = size_bytes(self.db)
        seconds = sum(float(str(s["seconds"])) for s in self.segments)
        loaded = sum(int(str(s["articles"])) for s in self.segments)
        self.figures |= {
            "store": counts,
            "load_seconds": round(seconds, 1),
            "articles_per_s": round(loaded / seconds, 1) if seconds else None,
            "segments": self.segments,
            "size_bytes": size,
            "size_bytes_per_article": round(size / max(1, counts["articles"])),
            "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        }
        self.out.write_text(json.dumps(self.figures, indent=2) + "\n", encoding="utf-8")


def size_bytes(url: str) -> int:
    """Bytes the store takes on disk: the SQLite file with its WAL, or the PostgreSQL database."""
    if "://" not in url or url.startswith("sqlite:"):
        path = url.removeprefix("sqlite:///")
        return sum(os.path.getsize(p) for p in (path, path + "-wal") if os.path.exists(p))
    import psycopg

    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT pg_database_size(current_database())").fetchone()
    return int(row[0]) if row else 0


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
    record = Record(Path(args.out), args.db, args.corpus)
    with open_store(args.db) as store:
        load(store, args.articles, args.segment, args.corpus, record)
        record.add(None, store)
    print(json.dumps(record.figures, indent=2))


if __name__ == "__main__":
    main()
