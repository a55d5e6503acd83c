"""Search in three sections: entities by name or alias, articles and quotes by full text (`Store.search`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from warta.store import SearchHit
from warta.store.queries._common import MAX_LIMIT
from warta.store.queries.entities import EntityItem, list_entities
from warta.store.search import fts_query

if TYPE_CHECKING:
    from warta.store.sqlite import SQLiteStore

_MAX_HITS = 5000


@dataclass(frozen=True)
class TextHit:
    """An article or quote matching the words; `snippet` marks the matched words with [ and ]."""

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
    if not fts_query(text):
        return SearchResults(text, [], [], [])
    entities = list_entities(store, q=text, limit=limit).items
    hits = _text_hits(store, text, limit)
    articles = [_hit(h) for h in hits if h.kind == "article"][:limit]
    quotes = [_hit(h) for h in hits if h.kind == "quote"][:limit]
    return SearchResults(text, entities, articles, quotes)


def _text_hits(store: SQLiteStore, text: str, limit: int) -> list[SearchHit]:
    """`Store.search` hits, asking for more until each text section is full or every hit is in."""
    wanted = limit * 4
    while True:
        hits = store.search(text, limit=wanted)
        kinds = [h.kind for h in hits]
        full = kinds.count("article") >= limit and kinds.count("quote") >= limit
        if len(hits) < wanted or full or wanted >= _MAX_HITS:
            return hits
        wanted *= 4


def _hit(hit: SearchHit) -> TextHit:
    return TextHit(hit.id, hit.title, hit.snippet, round(hit.score, 4), hit.article_id)
