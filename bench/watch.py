"""Matching cost per article with 1,000 watchlists (issue 20: under 5 ms), as the write path pays it.

Two sets of articles: the 40 demo articles run through the whole pipeline (real page layouts, real-length text:
their words are the keyword keys an article offers), and 2,000 generated articles of the 100,000-article store's
generator (`bench/store100k.py`). Each set is saved into a fresh SQLite store, then 1,000 watchlists are made from
what the articles hold, as users would write them: 40 % entities (a third of them with role holders), 40 %
keywords (one or two words, from the articles' words and names, half of them words no article holds), 20 %
regions (a kabupaten/kota code of the articles, or another one). Each article is then matched again
(`warta.store.watch.match_article`, inside a transaction; its new matches deleted after each timing), and the
milliseconds per article are reported (p50, p95, mean) with the matches per article and the candidates the
index keys reached, against the same articles with 10 watchlists (the cost's growth with the watchlists).

    python bench/watch.py --out bench/results/watch.json
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from queries import percentiles
from store100k import article as generated_article
from store100k import people_pool

from warta.model import Article, Raw
from warta.pipeline import build
from warta.store import open_store
from warta.store import watch as store_watch
from warta.store.sqlstore import SQLStore
from warta.types import REGION_TYPES
from warta.watch import Watchlist, article_keys, facts_of

DEMO = Path(__file__).resolve().parent.parent / "demo" / "articles"
TARGET_MS = 5.0
OTHER_CODES = ("11.01", "12.71", "31.71", "51.03", "64.72", "73.71", "94.71")


def demo_articles() -> list[Article]:
    """The demo articles through the whole pipeline."""
    pipeline = build()
    pages = sorted(DEMO.glob("*.html"))
    return [pipeline.run(Raw(p.read_bytes(), "html", str(p))) for p in pages]


def generated(count: int) -> list[Article]:
    rng = random.Random(20)
    people = people_pool(rng)
    return [generated_article(n, rng, people) for n in range(count)]


def watchlists(articles: list[Article], count: int, seed: int = 20) -> list[Watchlist]:
    """`count` watchlists drawn from what `articles` hold (see the module's docstring)."""
    rng = random.Random(seed)
    entities = sorted({e.id for a in articles for e in a.entities if e.type not in REGION_TYPES})
    words = sorted({w for a in articles for w in re.findall(r"[A-Za-z]{4,}", a.text)})
    codes = sorted({str(e.kb["region_code"]) for a in articles for e in a.entities if e.kb.get("region_code")})
    out = []
    for i in range(count):
        kind = rng.random()
        if kind < 0.4:
            out.append(Watchlist(f"e{i}", entities=(rng.choice(entities),), holders=rng.random() < 0.33))
        elif kind < 0.8:
            pick = [rng.choice(words) for _ in range(rng.randint(1, 2))]
            if rng.random() < 0.5:
                pick = [w + "xq" for w in pick]  # a word no article holds
            out.append(Watchlist(f"k{i}", keywords=(" ".join(pick),)))
        else:
            code = rng.choice(codes) if rng.random() < 0.5 else rng.choice(OTHER_CODES)
            out.append(Watchlist(f"r{i}", region=code))
    return out


def timed(store: SQLStore, articles: list[Article]) -> tuple[list[float], float, float]:
    """Milliseconds of matching each (stored) article, matches and candidates per article."""
    out, matches, candidates = [], 0, 0
    for article in articles:
        with store.conn.transaction() as conn:
            keys = article_keys(facts_of(article, {}))
            reached = conn.execute(
                "SELECT COUNT(DISTINCT watchlist_id) FROM watch_keys WHERE key IN (SELECT value FROM json_each(?))",
                (json.dumps(sorted(keys)),),
            ).fetchone()[0]
            conn.execute("DELETE FROM deliveries WHERE alert_id IN (SELECT id FROM alerts WHERE article_id = ?)",
                         (article.id,))  # fmt: skip
            conn.execute("DELETE FROM alerts WHERE article_id = ?", (article.id,))
            conn.execute("DELETE FROM watch_matches WHERE article_id = ?", (article.id,))
            started = time.perf_counter()
            found = store_watch.match_article(conn, article, None)
            out.append(1000 * (time.perf_counter() - started))
        matches += len(found)
        candidates += int(reached)
    return out, matches / len(articles), candidates / len(articles)


def measure(articles: list[Article], counts: tuple[int, ...]) -> dict[str, object]:
    """The matching figures of `articles` for each number of watchlists."""
    figures: dict[str, object] = {"articles": len(articles)}
    with tempfile.TemporaryDirectory() as tmp, open_store(str(Path(tmp) / "w.db")) as store:
        store.save_many(articles)
        made = 0
        for count in counts:
            for w in watchlists(articles, count)[made:]:
                store.save_watchlist(w)
            made = count
            timed(store, articles[:20])  # warm-up
            ms, per, reached = timed(store, articles)
            result: dict[str, object] = dict(percentiles(ms))
            result |= {"mean": round(sum(ms) / len(ms), 3), "matches_per_article": round(per, 2),
                       "candidates_per_article": round(reached, 1), "pass": sum(ms) / len(ms) < TARGET_MS}  # fmt: skip
            figures[f"watchlists_{count}"] = result
            print(len(articles), count, json.dumps(result), flush=True)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--generated", type=int, default=2000)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    result = {
        "target_ms_per_article": TARGET_MS,
        "note": "milliseconds to match one saved article (warta.store.watch.match_article), SQLite, one process",
        "demo_pipeline": measure(demo_articles(), (10, 1000)),
        "generated": measure(generated(args.generated), (10, 1000)),
    }
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
