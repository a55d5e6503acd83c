"""Full-text search over the store: articles and quotes by rank (`warta.store.queries.search_all` adds the
entities by name or alias).

SQLite ranks with FTS5 (bm25, title words weighing double) and snips with `snippet()`; PostgreSQL ranks with
`ts_rank` over the `tsv` columns (title words weighing double) and snips with `warta_snippet` (`ts_headline`,
migration postgresql/0001). Either way a query's words are all required, the hits are ranked before the few
shown are snipped, and a snippet marks the matched words with [ and ] ("…" where the text is cut).

Ranking scores every hit it orders, so a common word on a large store costs as many scores as it has hits
("jalan" is in a third of the articles: 33 ms of bm25 at 106,400 articles, seconds at a million). A word with
more than RANK_WINDOW hits is therefore ranked among its RANK_WINDOW newest hits, by storage order, which the
full-text indexes give without scoring (`window_start`): the most relevant of the recent coverage, which is
what a news desk searching a common word wants; a rarer word is ranked over all its hits, as before.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from warta.errors import InputError
from warta.store.connection import Connection, Dialect

_WORD = re.compile(r"\w+")

# The one bound on a search query, for the API (`q`), the web app, the command line and the store: its length
# bounds its words too (at most 100), which keeps full-text matching fast (15,000 words took minutes).
MAX_QUERY_CHARS = 200

# A word with more hits than this is ranked among this many of its newest (the most recently stored) hits.
RANK_WINDOW = 5000


def check_query(text: str) -> str:
    """The query itself if it is at most MAX_QUERY_CHARS characters long; InputError otherwise."""
    if len(text) > MAX_QUERY_CHARS:
        raise InputError(
            f"the search query is {len(text)} characters long; use at most {MAX_QUERY_CHARS} (a few words)"
        )
    return text


# Hits of each kind as rows (id, title, snippet, score, article id), best first; parameters :match, :limit and
# :first (`window_start`). SQLite ranks the hits first, then snips the few kept through the full-text table with
# `CROSS JOIN` keeping them the outer loop ("pembangunan jalan" at 277,000 articles: 67 → 17 ms).
_HITS: dict[str, dict[Dialect, str]] = {
    "article": {
        "sqlite": """
WITH top AS (SELECT rowid AS pk, bm25(articles_fts, 2.0, 1.0) AS rank FROM articles_fts
    WHERE articles_fts MATCH :match AND rowid >= :first ORDER BY rank LIMIT :limit)
SELECT a.id, a.title, snippet(articles_fts, -1, '[', ']', '…', 12), -top.rank, a.id
FROM top CROSS JOIN articles_fts ON articles_fts.rowid = top.pk JOIN articles a ON a.pk = top.pk
WHERE articles_fts MATCH :match
ORDER BY top.rank, top.pk
""",
        "postgresql": """
SELECT a.id, a.title,
       CASE WHEN a.title IS NULL OR strpos(body.snippet, '[') > 0 THEN body.snippet
            ELSE warta_snippet(a.title, plainto_tsquery('warta', :match)) END,
       top.score, a.id
FROM (SELECT pk, ts_rank('{0.1, 0.2, 0.5, 1.0}', tsv, query) AS score
      FROM articles, plainto_tsquery('warta', :match) query WHERE tsv @@ query AND pk >= :first
      ORDER BY score DESC, pk LIMIT :limit) top
JOIN articles a ON a.pk = top.pk,
LATERAL (SELECT warta_snippet(a.text, plainto_tsquery('warta', :match)) AS snippet) body
ORDER BY top.score DESC, top.pk
""",
    },
    "quote": {
        "sqlite": """
WITH top AS (SELECT rowid AS pk, bm25(quotes_fts) AS rank FROM quotes_fts
    WHERE quotes_fts MATCH :match AND rowid >= :first ORDER BY rank LIMIT :limit)
SELECT q.id, COALESCE(e.name, a.title), snippet(quotes_fts, 0, '[', ']', '…', 12), -top.rank, q.article_id
FROM top CROSS JOIN quotes_fts ON quotes_fts.rowid = top.pk JOIN quotes q ON q.pk = top.pk
JOIN articles a ON a.id = q.article_id LEFT JOIN entities e ON e.id = q.speaker_id
WHERE quotes_fts MATCH :match
ORDER BY top.rank, top.pk
""",
        "postgresql": """
SELECT q.id, COALESCE(e.name, a.title), warta_snippet(q.text, plainto_tsquery('warta', :match)), top.score,
       q.article_id
FROM (SELECT pk, ts_rank(tsv, query) AS score
      FROM quotes, plainto_tsquery('warta', :match) query WHERE tsv @@ query AND pk >= :first
      ORDER BY score DESC, pk LIMIT :limit) top
JOIN quotes q ON q.pk = top.pk
JOIN articles a ON a.id = q.article_id LEFT JOIN entities e ON e.id = q.speaker_id
ORDER BY top.score DESC, top.pk
""",
    },
}

# A test that quote `q` matches :match.
QUOTE_MATCH: dict[Dialect, str] = {
    "sqlite": "q.pk IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH :match)",
    "postgresql": "q.tsv @@ plainto_tsquery('warta', :match)",
}


def fts_query(text: str) -> str:
    """A safe FTS5 query: each word of `text` as a quoted FTS5 string, all required; '' if no word."""
    return " ".join('"' + word.replace('"', '""') + '"' for word in _WORD.findall(text))


def match_value(dialect: Dialect, text: str) -> str:
    """The :match parameter for `text`: an FTS5 query (SQLite), or its words for `plainto_tsquery`."""
    return fts_query(text) if dialect == "sqlite" else " ".join(_WORD.findall(text))


# Each kind's hits as (key, FROM … WHERE): the key is the storage order, which the full-text index reads newest
# first without scoring (SQLite's FTS5 rowid; PostgreSQL's primary key).
MATCHING: dict[str, dict[Dialect, tuple[str, str]]] = {
    "article": {
        "sqlite": ("articles_fts.rowid", "FROM articles_fts WHERE articles_fts MATCH :match"),
        "postgresql": ("pk", "FROM articles, plainto_tsquery('warta', :match) query WHERE tsv @@ query"),
    },
    "quote": {
        "sqlite": ("quotes_fts.rowid", "FROM quotes_fts WHERE quotes_fts MATCH :match"),
        "postgresql": ("pk", "FROM quotes, plainto_tsquery('warta', :match) query WHERE tsv @@ query"),
    },
}


def window_start(conn: Connection, key: str, matching: str, params: dict[str, Any]) -> int:
    """The key of the oldest of the RANK_WINDOW newest hits of `matching` (a FROM … WHERE over hits keyed by
    `key`, the full-text index's storage order), or 0 when there are fewer hits than that: rank the hits whose
    key is at least this."""
    sql = f"SELECT {key} {matching} ORDER BY {key} DESC LIMIT 1 OFFSET :window_skip"
    row = conn.execute(sql, {**params, "window_skip": RANK_WINDOW - 1}).fetchone()
    return int(row[0]) if row else 0


def text_hits(conn: Connection, kind: Literal["article", "quote"], text: str, limit: int) -> list[tuple[Any, ...]]:
    """Up to `limit` articles or quotes matching the words of `text`, best first (among the RANK_WINDOW newest
    hits of a common word): (id, title, snippet, score, article id)."""
    params: dict[str, Any] = {"match": match_value(conn.dialect, text), "limit": limit}
    params["first"] = window_start(conn, *MATCHING[kind][conn.dialect], params)
    return [tuple(row) for row in conn.execute(_HITS[kind][conn.dialect], params)]
