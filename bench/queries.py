"""Query latency on a store of 100,000 generated articles (`bench/store100k.py`), through the real app:
the entity page (HTML), the ego network (JSON API) and search (JSON API), each over many entities or queries,
after a warm-up pass. Writes p50/p95/max in milliseconds to a JSON file (`make bench`).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from functools import partial
from pathlib import Path

from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).parent))
from store100k import build

from warta.app import create_app
from warta.store import open_store, queries

LOCAL = "http://localhost"  # the loopback name `warta serve` answers (warta.api.hosts: other Host headers get 400)

TARGETS_MS = {"entity_page": 100, "ego_network": 100, "search": 200}
QUERIES = ["banjir", "vaksinasi Mojokerto", "Agus Santoso", "pasar tradisional", "anggaran daerah Sleman", "Teguh"]


def percentiles(samples: list[float], at: tuple[float, ...] = (0.5, 0.95)) -> dict[str, float]:
    """The samples' percentiles `at` (p50, p95 by default), max and number, in milliseconds to 0.1."""
    ordered = sorted(samples)
    shown = {f"p{round(100 * q)}": round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1) for q in at}
    return {**shown, "max": round(ordered[-1], 1), "n": len(ordered)}


def timed(client: TestClient, urls: list[str]) -> list[float]:
    for url in urls[:5]:
        client.get(url)  # warm-up
    out = []
    for url in urls:
        started = time.perf_counter()
        response = client.get(url)
        out.append(1000 * (time.perf_counter() - started))
        if response.status_code != 200:
            raise SystemExit(f"{url}: HTTP {response.status_code}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--db", default="bench/cache/store100k.db")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    db = Path(args.db)
    db.parent.mkdir(parents=True, exist_ok=True)
    built = build(db, args.articles)
    with open_store(str(db)) as store:
        persons = [e.id for e in queries.collect(partial(queries.list_entities, store, "person"), 5000)]
        counts = store.counts()
    rng = random.Random(3)
    sample = rng.sample(persons, min(100, len(persons)))
    client = TestClient(create_app(str(db)), base_url=LOCAL)
    results = {
        "entity_page": percentiles(timed(client, [f"/entitas/{e}" for e in sample])),
        "ego_network": percentiles(timed(client, [f"/api/v1/graph/ego/{e}?depth=1" for e in sample])),
        "search": percentiles(timed(client, [f"/api/v1/search?q={q}" for q in QUERIES * 10])),
    }
    figures = {"store": counts, "build_seconds": round(built, 1), "latency_ms": results, "targets_p95_ms": TARGETS_MS}
    Path(args.out).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
