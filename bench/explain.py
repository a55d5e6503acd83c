"""The query plans behind each page and the write path (issue 21: indexes justified by the queries that use
them), on a SQLite store of the realistic corpus: every statement a page runs, and every statement of saving
the corpus's next article (rolled back), is caught as SQLite runs it (a trace callback on each connection
opened), then `EXPLAIN QUERY PLAN` shows which index each one uses. Writes a Markdown file: per page, each
distinct statement with its milliseconds and its plan, and a table of every index with what uses it (an index
nothing here uses is listed too: curation, the crawl frontier, alerts or the CLI use it).

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
import corpus as realistic
from store_latency import LOCAL, Rollback, Sample, pages

from warta.app import create_app
from warta.store import open_store
from warta.web.period import TODAY_ENV

SHOWN = 400  # characters of a statement shown
SCHEMA = r"sqlite_master|schema_migrations|PRAGMA"
UNUSED = "(none of these: curation, the crawl frontier, alerts or the CLI)"


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


def plans(db: str, statements: list[str]) -> list[tuple[str, float | None, list[str]]]:
    """Each distinct statement that reads (SELECT, WITH, UPDATE, DELETE, INSERT … SELECT) with its plan, and for
    a SELECT its milliseconds (run again, warm; None for the others, which are only explained)."""
    out = []
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    for sql in dict.fromkeys(s.strip() for s in statements):
        if not re.match(r"(?is)^(select|with|update|delete|insert)\b", sql) or re.search(SCHEMA, sql):
            continue
        rows = conn.execute("EXPLAIN QUERY PLAN " + sql).fetchall()
        if not rows:
            continue
        ms = None
        if re.match(r"(?is)^(select|with)\b", sql):
            started = time.perf_counter()
            conn.execute(sql).fetchall()
            ms = 1000 * (time.perf_counter() - started)
        out.append((sql, ms, [f"{'  ' * depth(rows, r)}{r[3]}" for r in rows]))
    conn.close()
    return out


def write_path(db: str, size: int) -> list[str]:
    """The statements of saving the realistic corpus's next article (`SQLStore.write_article`), rolled back."""
    with Tracer() as tracer, open_store(db) as store:
        article = realistic.article(store.counts()["articles"], size)
        tracer.statements.clear()
        try:
            with store.conn.transaction() as conn:
                store.write_article(conn, article)
                raise Rollback
        except Rollback:
            pass
    return tracer.statements


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
    parser.add_argument("--corpus-size", type=int, default=1_000_000, help="--articles of the realistic load")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    with open_store(args.db) as store:
        sample = Sample(store, 4)
    os.environ[TODAY_ENV] = sample.today
    client = TestClient(create_app(args.db), base_url=LOCAL)
    lines = [f"# Query plans of each page ({sample.count:,} articles, {TODAY_ENV}={sample.today})", ""]
    used: dict[str, set[str]] = defaultdict(set)
    every = {"home": ["/"], "isu_list": ["/isu"], "berita": ["/berita"], "kutipan": ["/kutipan"], **pages(sample)}
    traced: dict[str, tuple[str, list[str]]] = {}
    for name, urls in every.items():
        client.get(urls[0])  # warm
        with Tracer() as tracer:
            client.get(urls[0])
        traced[name] = (f"`{urls[0]}`", tracer.statements)
    traced["write_path"] = ("saving one article, rolled back", write_path(args.db, args.corpus_size))
    for name, (what, statements) in traced.items():
        lines += [f"## {name}: {what}", ""]
        for sql, ms, plan in plans(args.db, statements):
            for step in plan:
                for index in re.findall(r"INDEX (\w+)", step):
                    used[index].add(name)
            shown = re.sub(r"\s+", " ", sql)
            timing = "explained only" if ms is None else f"{ms:.1f} ms"
            lines += [f"{timing}: `{shown[:SHOWN]}{'…' if len(shown) > SHOWN else ''}`", "", "```", *plan, "```", ""]
    lines += ["## Indexes and what uses them", "", "| index | table | used by |", "|---|---|---|"]
    lines += [f"| {i} | {t} | {', '.join(sorted(used.get(i, ()))) or UNUSED} |"
              for i, t in indexes(args.db)]  # fmt: skip
    Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(used)} indexes used by the pages and the write path")


if __name__ == "__main__":
    main()
