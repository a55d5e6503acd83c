"""Latency of what users open on a large store (issue 21: the million-article load), through the real app
(FastAPI's TestClient, Host localhost), on SQLite or PostgreSQL: p50/p95/max in milliseconds of

- the entity page (`/entitas/{id}`, HTML) and the ego network of persons: half drawn from the 1,000
  most-mentioned (the Zipf head, the costly ones), half from the last 30 days' articles. The ego network is
  timed three ways: the graph the explorer loads (`/api/v1/graph/ego/{id}?evidence=false`: nodes, edges and
  their article counts; a clicked edge asks for its articles), the API's default that also names every edge's
  newest articles (`ego_network_evidence`), and the explorer's page (`/graf?focus=`, HTML);
- search (`/api/v1/search`, JSON, and the search page `/cari`, HTML);
- the region dashboard (`/wilayah/{code}`, HTML) of the busiest kabupaten/kota and of others;
- the isu page (`/isu/{id}`, HTML) of the largest isus of the last 30 days and of others;
- a weekly report (`/api/v1/report?period=week&format=html`) of a few regions;
- each page once more after all of them (`again`): the same URLs, with what they read now in the OS cache, apart
  from the first visit (the target is judged on the first), which on a store larger than the cache reads disk;
- watchlist matching: 1,000 watchlists made from the newest articles (`bench/watch.py`'s mix) are saved, each of
  200 stored articles is matched again (`warta.store.watch.match_article`, rolled back), then they are removed.

Pages are anchored on the store's newest article day (WARTA_TODAY), as `bench/pages.py` does. The samples are
drawn with a fixed seed. Against the issue's targets at 1M: entity page and ego network p95 < 50 ms, search and
region dashboard p95 < 200 ms.

    python bench/store_latency.py --db bench/cache/load1m.db --out bench/results/store-latency-sqlite.json
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode

from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).parent))
import corpus as realistic
from pages import timed
from queries import QUERIES, percentiles
from watch import watchlists

from warta.app import create_app
from warta.model import Article
from warta.store import Store, open_store
from warta.store import watch as store_watch
from warta.web.period import TODAY_ENV

LOCAL = "http://localhost"  # the loopback name `warta serve` answers (warta.api.hosts: other Host headers get 400)
TARGETS_MS = {"entity_page": 50, "ego_network": 50, "search": 200, "region_dashboard": 200}
WATCHLISTS, MATCHED = 1000, 200


class Rollback(Exception):
    """Raised inside a transaction to undo a timed match."""


class Sample:
    """What to visit, drawn with a fixed seed from the store (any dialect: through the store's connection)."""

    def __init__(self, store: Store, n: int, seed: int = 21) -> None:
        rng = random.Random(seed)
        run = lambda sql, *args: [r[0] for r in store.conn.execute(sql, args).fetchall()]  # noqa: E731
        self.today = str(run("SELECT max(substr(published, 1, 10)) FROM articles")[0])
        self.count = int(run("SELECT count(*) FROM articles")[0])
        since = (date.fromisoformat(self.today) - timedelta(days=29)).isoformat()
        head = run("SELECT s.entity_id FROM entity_stats s JOIN entities e ON e.id = s.entity_id "
                   "WHERE e.type = 'person' ORDER BY s.article_count DESC, s.entity_id LIMIT 1000")  # fmt: skip
        recent_articles = run("SELECT id FROM articles WHERE published >= ? ORDER BY id", since)
        picked = rng.sample(recent_articles, min(100, len(recent_articles)))
        marks = ",".join("?" * len(picked))
        linked = f"SELECT DISTINCT ae.entity_id FROM article_entities ae JOIN entities e ON e.id = ae.entity_id " \
                 f"WHERE e.type = 'person' AND ae.article_id IN ({marks}) ORDER BY ae.entity_id"  # fmt: skip
        recent = run(linked, *picked)
        half = n // 2
        self.persons = rng.sample(head, min(half, len(head))) + rng.sample(recent, min(half, len(recent)))
        cities = run("SELECT json_extract(e.kb, '$.region_code') FROM entities e JOIN entity_stats s "
                     "ON s.entity_id = e.id WHERE e.type = 'city' ORDER BY s.article_count DESC, e.id")  # fmt: skip
        self.codes = cities[: half // 2] + rng.sample(cities[half // 2 :], min(half, max(0, len(cities) - half // 2)))
        isus = run("SELECT id FROM isus WHERE last_seen >= ? ORDER BY articles DESC, id", since)
        self.isus = isus[: half // 2] + rng.sample(isus[half // 2 :], min(half, max(0, len(isus) - half // 2)))
        self.newest = run("SELECT id FROM articles ORDER BY published DESC, id LIMIT ?", MATCHED)


def pages(s: Sample) -> dict[str, list[str]]:
    """The URLs of each timed page."""
    q = [urlencode({"q": text}) for text in [*QUERIES, "banjir Bandung", "pembangunan jalan", "Bupati"]]
    return {
        "entity_page": [f"/entitas/{e}" for e in s.persons],
        "ego_network": [f"/api/v1/graph/ego/{e}?depth=1&evidence=false" for e in s.persons],
        "ego_network_evidence": [f"/api/v1/graph/ego/{e}?depth=1" for e in s.persons],
        "ego_page": [f"/graf?focus={e}" for e in s.persons],
        "search": [f"/api/v1/search?{x}" for x in q] * 4,
        "search_page": [f"/cari?{x}" for x in q] * 2,
        "region_dashboard": [f"/wilayah/{c}" for c in s.codes],
        "isu_page": [f"/isu/{i}" for i in s.isus],
        "weekly_report": [f"/api/v1/report?region={c}&period=week&date={s.today}&format=html" for c in s.codes[:5]],
    }


def matching(store: Store, s: Sample, size: int) -> dict[str, object]:
    """Milliseconds of matching each of the newest stored articles against WATCHLISTS watchlists."""
    articles = newest_articles(s, size)
    made = [replace(w, name=f"bench-{w.name}") for w in watchlists(articles, WATCHLISTS)]
    for w in made:
        store.save_watchlist(w)
    ms: list[float] = []
    try:
        for article in articles:
            try:
                with store.conn.transaction() as conn:
                    started = time.perf_counter()
                    store_watch.match_article(conn, article, None)
                    ms.append(1000 * (time.perf_counter() - started))
                    raise Rollback
            except Rollback:
                pass
    finally:
        for w in made:
            store.remove_watchlist(w.name)
    return {**percentiles(ms), "watchlists": WATCHLISTS, "articles": len(ms), "mean": round(sum(ms) / len(ms), 2)}


def newest_articles(s: Sample, size: int) -> list[Article]:
    """The store's newest articles, regenerated by number (the realistic corpus of `size` articles, loaded in
    order: its dates depend on its size)."""
    wanted = set(s.newest)
    found = []
    for number in range(s.count - 1, max(-1, s.count - 5 * MATCHED), -1):
        article = realistic.article(number, size)
        if article.id in wanted:
            found.append(article)
    if not found:
        raise SystemExit("the store's newest articles are not the realistic corpus's (check --corpus-size)")
    return found


def measure(url: str, n: int, size: int) -> dict[str, object]:
    """Every figure of the module's docstring for the store at `url`."""
    with open_store(url) as store:
        sample = Sample(store, n)
    os.environ[TODAY_ENV] = sample.today
    client = TestClient(create_app(url), base_url=LOCAL)
    latency: dict[str, dict[str, object]] = {}
    for name, urls in pages(sample).items():
        figures: dict[str, object] = dict(percentiles(timed(client, urls, 200)))
        if name in TARGETS_MS:
            figures |= {"target_p95": TARGETS_MS[name], "pass": float(str(figures["p95"])) < TARGETS_MS[name]}
        latency[name] = figures
        print(name, json.dumps(figures), flush=True)
    for name, urls in pages(sample).items():  # each page again, its store pages now in the OS cache
        latency[name]["again"] = percentiles(timed(client, urls, 200))
        print(name, "again", json.dumps(latency[name]["again"]), flush=True)
    with open_store(url) as store:
        latency["watch_matching"] = matching(store, sample, size)
    print("watch_matching", json.dumps(latency["watch_matching"]), flush=True)
    note = f"{TODAY_ENV}={sample.today} (the store's newest article day) anchors the pages' default periods"
    return {"articles": sample.count, "note": note, "latency_ms": latency}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True, help="a SQLite file or a postgresql:// URL")
    parser.add_argument("--n", type=int, default=100, help="entities, regions and isus sampled")
    parser.add_argument("--corpus-size", type=int, default=1_000_000, help="--articles of the realistic load")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    result = measure(args.db, args.n, args.corpus_size)
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
