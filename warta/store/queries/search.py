"""Search in three sections: entities by name or alias, articles and quotes by full text (FTS5).

Articles and quotes are ranked and snipped as `Store.search` does (`warta.store.search`: the same FTS5 query
from `fts_query`, the same bm25 weights and snippets), but each section is limited on its own and the
snippets are made for the hits shown only: ranking first by rowid, then snipping those, keeps a common word
over 100,000 articles well under 100 ms.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from warta.store.queries._common import MAX_LIMIT
from warta.store.queries.entities import EntityItem, list_entities
from warta.store.search import fts_query

if TYPE_CHECKING:
    from warta.store.sqlite import SQLiteStore

_ARTICLES = """
SELECT a.id, a.title, snippet(articles_fts, -1, '[', ']', '…', 12), -bm25(articles_fts, 2.0, 1.0), a.id
FROM articles_fts JOIN articles a ON a.pk = articles_fts.rowid
WHERE articles_fts MATCH :match AND articles_fts.rowid IN (
    SELECT rowid FROM articles_fts WHERE articles_fts MATCH :match ORDER BY bm25(articles_fts, 2.0, 1.0) LIMIT :limit
)
ORDER BY bm25(articles_fts, 2.0, 1.0)
"""

_QUOTES = """
SELECT q.id, COALESCE(e.name, a.title), snippet(quotes_fts, 0, '[', ']', '…', 12), -bm25(quotes_fts), q.article_id
FROM quotes_fts JOIN quotes q ON q.pk = quotes_fts.rowid
JOIN articles a ON a.id = q.article_id LEFT JOIN entities e ON e.id = q.speaker_id
WHERE quotes_fts MATCH :match AND quotes_fts.rowid IN (
    SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH :match ORDER BY bm25(quotes_fts) LIMIT :limit
)
ORDER BY bm25(quotes_fts)
"""


@dataclass(frozen=True)
class TextHit:
    """An article or quote matching the words; `snippet` marks the matched words with [ and ]. A quote's
    title is its speaker's name (else its article's title)."""

    id: str
    title: str | None
    snippet: str
    score: float
    article_id: str | None


@dataclass(frozen=True)
class SearchResults:
    """Entities, articles and quotes matching a query, best first in each section."""

    query: str
    entities: list[EntityItem]
    articles: list[TextHit]
    quotes: list[TextHit]


def search_all(store: SQLiteStore, query: str, limit: int = 10) -> SearchResults:
    """Up to `limit` entities (by name or alias), articles and quotes (FTS5 rank) matching `query`."""
    text = query.strip()
    limit = min(max(limit, 1), MAX_LIMIT)
    match = fts_query(text)
    if not match:
        return SearchResults(text, [], [], [])
    entities = list_entities(store, q=text, limit=limit).items
    return SearchResults(text, entities, _hits(store, _ARTICLES, match, limit), _hits(store, _QUOTES, match, limit))


def _hits(store: SQLiteStore, sql: str, match: str, limit: int) -> list[TextHit]:
    rows = store._conn.execute(sql, {"match": match, "limit": limit})
    return [TextHit(i, title, snip, round(float(score), 4), art) for i, title, snip, score, art in rows]
