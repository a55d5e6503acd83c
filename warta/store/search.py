"""Search over the SQLite store: entities by name or alias, articles and quotes by FTS5 rank."""

from __future__ import annotations

import re
import sqlite3

from warta.ids import normalize_key
from warta.store import SearchHit

_WORD = re.compile(r"\w+")

NAME_MATCH = """
(instr(warta_fold(e.name), :name) > 0
 OR EXISTS (SELECT 1 FROM json_each(e.aliases) a WHERE instr(warta_fold(a.value), :name) > 0))
"""


def fts_query(text: str) -> str:
    """A safe FTS5 query: each word of `text` as a quoted FTS5 string, all required; '' if no word."""
    return " ".join('"' + word.replace('"', '""') + '"' for word in _WORD.findall(text))


def search(conn: sqlite3.Connection, query: str, limit: int = 20) -> list[SearchHit]:
    """Entities whose name or alias contains the query, then article and quote text matches by score."""
    match = fts_query(query)
    if not match or limit <= 0:
        return []
    hits = _search_entities(conn, " ".join(_WORD.findall(query)), limit)
    text_hits = _search_articles(conn, match, limit) + _search_quotes(conn, match, limit)
    text_hits.sort(key=lambda hit: (-hit.score, hit.kind, hit.id))
    return (hits + text_hits)[:limit]


def _search_entities(conn: sqlite3.Connection, words: str, limit: int) -> list[SearchHit]:
    """Entity hits; the score is the share of the name the query covers."""
    sql = f"SELECT e.id, e.name FROM entities e WHERE {NAME_MATCH}"
    sql += " ORDER BY length(e.name), e.name LIMIT :limit"
    key = normalize_key(words)
    rows = conn.execute(sql, {"name": key, "limit": limit})
    return [SearchHit("entity", i, n, n, min(1.0, len(key) / max(1, len(n)))) for i, n in rows]


def _search_articles(conn: sqlite3.Connection, match: str, limit: int) -> list[SearchHit]:
    """Article hits by FTS5 rank (title words weigh double)."""
    rows = conn.execute(
        """
        SELECT a.id, a.title, snippet(articles_fts, -1, '[', ']', '…', 12), -bm25(articles_fts, 2.0, 1.0)
        FROM articles_fts JOIN articles a ON a.pk = articles_fts.rowid
        WHERE articles_fts MATCH ? ORDER BY bm25(articles_fts, 2.0, 1.0) LIMIT ?
        """,
        (match, limit),
    )
    return [SearchHit("article", i, t, s, float(score), i) for i, t, s, score in rows]


def _search_quotes(conn: sqlite3.Connection, match: str, limit: int) -> list[SearchHit]:
    """Quote hits by FTS5 rank; the title is the speaker's name, else the article's title."""
    rows = conn.execute(
        """
        SELECT q.id, q.article_id, COALESCE(e.name, a.title), snippet(quotes_fts, 0, '[', ']', '…', 12),
               -bm25(quotes_fts)
        FROM quotes_fts JOIN quotes q ON q.pk = quotes_fts.rowid
        JOIN articles a ON a.id = q.article_id LEFT JOIN entities e ON e.id = q.speaker_id
        WHERE quotes_fts MATCH ? ORDER BY bm25(quotes_fts) LIMIT ?
        """,
        (match, limit),
    )
    return [SearchHit("quote", i, t, s, float(score), art) for i, art, t, s, score in rows]
