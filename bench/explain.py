"""The query plans behind each page (issue 21: indexes justified by the queries that use them), on a SQLite
store: every statement a page runs is caught as SQLite runs it (a trace callback on each connection the app
opens), then `EXPLAIN QUERY PLAN` shows which index each one uses. Writes a Markdown file: per page, each
distinct statement with its milliseconds and its plan, and a table of every index with the pages whose plans
use it (an index no page uses is listed too: the write path, curation, the crawl frontier or the CLI use it).

    python bench/explain.py --db bench/cache/load1m.db --out bench/results/explain-sqlite.md
"""

from __future__ import annotations

import argparse
import os
import re
import sqlite3
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).parent))
from store_latency import LOCAL, Sample, pages

from warta.app import create_app
from warta.store import open_store
from warta.web.period import TODAY_ENV

SHOWN = 400  # characters of a statement shown
UNUSED = "(none of these pages: the write path, curation, crawl or CLI)"


class Tracer:
    """Statements run on every SQLite connection opened while it is installed."""

    def __init__(self) -> None:
        self.statements: list[str] = []
        self._connect = sqlite3.connect

    def __enter__(self) -> Tracer:
        def connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
            conn = self._connect(*args, **kwargs)
            conn.set_trace_callback(self.statements.append)
            return conn

        sqlite3.connect = connect  # type: ignore[assignment]
        return self

    def __exit__(self, *exc: object) -> None:
        sqlite3.connect = self._connect


def plans(db: str, statements: list[str]) -> list[tuple[str, float, list[str]]]:
    """Each distinct SELECT (or WITH) statement with its milliseconds (run again, warm) and its plan."""
    out = []
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    for sql in dict.fromkeys(s.strip() for s in statements):
        if not re.match(r"(?is)^(select|with)\b", sql) or re.search(r"sqlite_master|schema_migrations", sql):
            continue
        rows = conn.execute("EXPLAIN QUERY PLAN " + sql).fetchall()
        started = time.perf_counter()
        conn.execute(sql).fetchall()
        out.append((sql, 1000 * (time.perf_counter() - started), [f"{'  ' * depth(rows, r)}{r[3]}" for r in rows]))
    conn.close()
    return out


def depth(rows: list[tuple[int, int, int, str]], row: tuple[int, int, int, str]) -> int:
    """How deep a plan row sits (its parent chain's length)."""
    parents = {r[0]: r[1] for r in rows}
    level, node = 0, row[1]
    while node:
        level, node = level + 1, parents.get(node, 0)
    return level


def indexes(db: str) -> list[tuple[str, str]]:
    """(index, table) of every index of the store, SQLite's automatic ones left out."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    rows = conn.execute(
        "SELECT name, tbl_name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex%' "
        "ORDER BY tbl_name, name"
    ).fetchall()
    conn.close()
    return [(str(a), str(b)) for a, b in rows]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True, help="a SQLite file")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    with open_store(args.db) as store:
        sample = Sample(store, 4)
    os.environ[TODAY_ENV] = sample.today
    client = TestClient(create_app(args.db), base_url=LOCAL)
    lines = [f"# Query plans of each page ({sample.count:,} articles, {TODAY_ENV}={sample.today})", ""]
    used: dict[str, set[str]] = defaultdict(set)
    every = {"home": ["/"], "isu_list": ["/isu"], "berita": ["/berita"], "kutipan": ["/kutipan"], **pages(sample)}
    for name, urls in every.items():
        client.get(urls[0])  # warm
        with Tracer() as tracer:
            client.get(urls[0])
        lines += [f"## {name}: `{urls[0]}`", ""]
        for sql, ms, plan in plans(args.db, tracer.statements):
            for step in plan:
                for index in re.findall(r"INDEX (\w+)", step):
                    used[index].add(name)
            shown = re.sub(r"\s+", " ", sql)
            lines += [f"{ms:.1f} ms: `{shown[:SHOWN]}{'…' if len(shown) > SHOWN else ''}`", "", "```", *plan, "```", ""]
    lines += ["## Indexes and the pages that use them", "", "| index | table | pages |", "|---|---|---|"]
    lines += [f"| {i} | {t} | {', '.join(sorted(used.get(i, ()))) or UNUSED} |"
              for i, t in indexes(args.db)]  # fmt: skip
    Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(used)} indexes used by the pages")


if __name__ == "__main__":
    main()
