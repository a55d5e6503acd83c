"""Search in three sections: entities by name or alias, articles and quotes by full text.

The one search of the command line, the API and the web app. Entities match by `NAME_MATCH` (the entity list's
`q`); articles and quotes are ranked and snipped by `warta.store.search.text_hits` (FTS5 on SQLite,
PostgreSQL's text search there), each section limited on its own. The snippets are made for the
hits shown only: ranking first, then snipping those, keeps a common word over 100,000 articles well under
100 ms.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from warta.store.queries._common import MAX_LIMIT
from warta.store.queries.entities import EntityItem, list_entities
from warta.store.search import check_query, fts_query, text_hits

if TYPE_CHECKING:
    from warta.store.sqlstore import SQLStore


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


def search_all(store: SQLStore, query: str, limit: int = 10) -> SearchResults:
    """Up to `limit` entities (by name or alias), articles and quotes (full-text rank) matching `query`;
    nothing for a query without a word, InputError for one over MAX_QUERY_CHARS."""
    text = check_query(query.strip())
    limit = min(max(limit, 1), MAX_LIMIT)
    match = fts_query(text)
    if not match:
        return SearchResults(text, [], [], [])
    entities = list_entities(store, q=text, limit=limit).items
    return SearchResults(text, entities, _hits(store, "article", text, limit), _hits(store, "quote", text, limit))


def _hits(store: SQLStore, kind: Literal["article", "quote"], text: str, limit: int) -> list[TextHit]:
    rows = text_hits(store.conn, kind, text, limit)
    return [TextHit(i, title, snip, round(float(score), 4), art) for i, title, snip, score, art in rows]
