"""Isu assignment speed: `Clusterer.add` timed over up to 100,000 synthetic articles (docs/isu.md).

The articles are features made up directly (no pipeline): `--per-day` articles a day; 30 % start a story, the
others join one begun in the last three days. Each article holds 20 of its story's 25 words and 40 background
words drawn from a Zipf-like vocabulary of 30,000 stems (so common words have long posting lists, as in real
news), its story's place among 500 and two actors among 5,000. Reports p50, p95 and the slowest `add` over the
last 1,000 articles before each checkpoint, and writes them as JSON.

With `--store PATH` (a new SQLite file or a PostgreSQL URL), the same features are filed into a store instead,
through `warta.store.isu.file`: the write path's assignment (term index, candidates' features, rule, merge and
label refresh), `--batch` articles to a transaction as `save_many` does. Computing an article's features (its
words stemmed) is not included in either mode.
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import json
import math
import platform
import random
import resource
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from warta.isu import Clusterer, Features
from warta.store import isu as store_isu
from warta.store import open_store

VOCABULARY = 30_000
START = date(2026, 1, 1)


class Generator:
    """Synthetic article features, the same for a seed."""

    def __init__(self, per_day: int, seed: int = 18) -> None:
        self.random = random.Random(seed)
        self.per_day = per_day
        weights = [1.0 / (rank + 10) for rank in range(VOCABULARY)]
        self.cumulative = list(itertools.accumulate(weights))
        self.stories: list[tuple[list[str], str, list[str], int]] = []

    def _word(self) -> str:
        spot = self.random.random() * self.cumulative[-1]
        return f"w{bisect.bisect_left(self.cumulative, spot)}"

    def _story(self, day: int) -> tuple[list[str], str, list[str], int]:
        words = [f"t{self.random.randrange(200_000)}" for _ in range(25)]
        place = f"place-{self.random.randrange(500)}"
        actors = [f"org-{self.random.randrange(5000)}" for _ in range(2)]
        return words, place, actors, day

    def article(self, number: int) -> Features:
        """The `number`th article."""
        day = number // self.per_day
        if not self.stories or self.random.random() < 0.3:
            self.stories.append(self._story(day))
            self.stories = self.stories[-3 * self.per_day :]
        words, place, actors, _ = self.random.choice(self.stories)
        counts = {w: 1.0 + math.log(1 + self.random.randrange(3)) for w in (self._word() for _ in range(40))}
        counts.update({w: 1.0 + math.log(2 + self.random.randrange(4)) for w in self.random.sample(words, 20)})
        norm = math.sqrt(sum(v * v for v in counts.values()))
        published = (START + timedelta(days=day)).isoformat()
        entities = [(place, "place", place), *((a, "organization", a) for a in actors)]
        return Features(
            article=f"art-{number}",
            published=published,
            stems=tuple(sorted((w, v / norm) for w, v in counts.items())),
            entities=tuple(sorted(entities)),
        )


def _figures(number: int, timings: list[float], isus: int) -> dict[str, object]:
    last = sorted(timings[-1000:])
    figures: dict[str, object] = {
        "articles": number,
        "p50_ms": round(1000 * last[len(last) // 2], 3),
        "p95_ms": round(1000 * last[int(0.95 * (len(last) - 1))], 3),
        "max_ms": round(1000 * last[-1], 3),
        "isus": isus,
    }
    print(json.dumps(figures), flush=True)
    return figures


def run(total: int, per_day: int, checkpoints: list[int]) -> dict[str, object]:
    """Add `total` articles to an in-memory clusterer; figures per checkpoint."""
    generator = Generator(per_day)
    clusterer = Clusterer()
    timings: list[float] = []
    figures: list[dict[str, object]] = []
    for number in range(total):
        item = generator.article(number)
        start = time.perf_counter()
        clusterer.add(item)
        timings.append(time.perf_counter() - start)
        if number + 1 in checkpoints:
            figures.append(_figures(number + 1, timings, sum(1 for _ in clusterer.isus())))
    return _summary(per_day, clusterer.rule.window_days, figures, timings)


def run_store(location: str, total: int, per_day: int, checkpoints: list[int], batch: int) -> dict[str, object]:
    """File `total` articles into the store at `location`, `batch` to a transaction; figures per checkpoint."""
    generator = Generator(per_day)
    timings: list[float] = []
    figures: list[dict[str, object]] = []
    with open_store(location) as store:
        for first in range(0, total, batch):
            with store.conn.transaction() as conn:
                for number in range(first, min(total, first + batch)):
                    item = generator.article(number)
                    start = time.perf_counter()
                    store_isu.file(conn, item)
                    timings.append(time.perf_counter() - start)
            done = min(total, first + batch)
            for mark in (c for c in checkpoints if first < c <= done):
                isus = int(store.conn.execute("SELECT COUNT(*) FROM isus").fetchone()[0])
                figures.append(_figures(mark, timings[:mark], isus))
        result = _summary(per_day, 4, figures, timings)
        result["store"] = store.dialect
    return result


def _summary(per_day: int, window: int, figures: list[dict[str, object]], timings: list[float]) -> dict[str, object]:
    return {
        "per_day": per_day,
        "window_days": window,
        "checkpoints": figures,
        "mean_ms": round(1000 * sum(timings) / len(timings), 3),
        "target_p95_ms_at_100k": 50,
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "python": sys.version.split()[0],
        "machine": platform.machine(),
    }


def main() -> None:
    """Command line: `python bench/isu.py [--articles N] [--per-day N] [--out FILE] [--store DB --batch N]`."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--per-day", type=int, default=1_000, help="articles published per day")
    parser.add_argument("--out", default="bench/results/isu.json")
    parser.add_argument("--store", help="file into this store (a new SQLite file or PostgreSQL URL) instead")
    parser.add_argument("--batch", type=int, default=200, help="articles per transaction with --store")
    args = parser.parse_args()
    checkpoints = [n for n in (10_000, 25_000, 50_000, 100_000) if n <= args.articles] or [args.articles]
    if args.store:
        result = run_store(args.store, args.articles, args.per_day, checkpoints, max(1, args.batch))
    else:
        result = run(args.articles, args.per_day, checkpoints)
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
