"""Articles, newest first, filtered by period, source, region, entity, type of entity mentioned, tone, category and
isu, with cursor pagination; and how many articles a filter keeps."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from warta.store.queries._common import (
    ARTICLE_KEY,
    Page,
    Scope,
    check_category,
    count_rows,
    decode_cursor,
    limit_of,
    one_of,
    page_of,
    scope_sql,
)
from warta.store.queries.tone import ToneValue, check_tone, tone_value
from warta.types import TYPE_NAMES

if TYPE_CHECKING:
    from warta.store.sqlstore import SQLStore


@dataclass(frozen=True)
class ArticleItem:
    """One article in a list."""

    id: str
    title: str | None
    source: str | None
    published: str | None
    url: str | None
    dateline: str | None
    tone: ToneValue | None = None
    category: str | None = None


@dataclass(frozen=True)
class ArticleFilter:
    """Filters of the article list; `entity` keeps articles that mention (or infer) that entity, `tone` those
    whose own tone is that label (`positif`, `negatif`, `netral`), `category` those of that category (one of
    `warta.types.CATEGORIES`), `entity_type` those that mention an entity of that type (one of
    `warta.types.TYPE_NAMES`), `isu` those of that isu."""

    since: str | None = None
    until: str | None = None
    source: str | None = None
    region: str | None = None
    entity: str | None = None
    tone: str | None = None
    category: str | None = None
    entity_type: str | None = None
    isu: str | None = None


# An article mentioning (not only inferring) an entity of type :entity_type (index article_entities pk).
HAS_TYPE = (
    "EXISTS (SELECT 1 FROM article_entities te JOIN entities et ON et.id = te.entity_id "
    "WHERE te.article_id = a.id AND te.inferred = 0 AND et.type = :entity_type)"
)


def check_type(entity_type: str | None) -> str | None:
    """An entity type filter: None (or blank), or one of TYPE_NAMES; InputError naming them otherwise."""
    return one_of("type", entity_type, TYPE_NAMES, "not an entity type; ")


def article_where(store: SQLStore, f: ArticleFilter) -> tuple[list[str], dict[str, Any]]:
    """The filter's WHERE clauses over `articles a` (fixed fragments) and their parameters."""
    scope = scope_sql(store.conn, Scope(f.since, f.until, f.region), per_article=True)
    clauses = [scope.where]
    params: dict[str, Any] = dict(scope.params)
    if f.source:
        clauses.append("a.source = :source")
        params["source"] = f.source
    if f.entity:
        clauses.append(
            f"a.id IN (SELECT ae.article_id FROM article_entities ae WHERE ae.entity_id = :entity{scope.links('ae')})"
        )
        params["entity"] = f.entity
    if check_tone(f.tone):
        clauses.append("a.tone_label = :tone")  # index articles_tone_newest
        params["tone"] = f.tone
    if check_category(f.category):
        clauses.append("a.category = :category")  # index articles_category_newest
        params["category"] = f.category
    if check_type(f.entity_type):
        clauses.append(HAS_TYPE)
        params["entity_type"] = f.entity_type
    if f.isu:
        clauses.append("a.id IN (SELECT ai.article_id FROM article_isu ai WHERE ai.isu_id = :isu)")
        params["isu"] = f.isu
    return clauses, params


def count_articles(store: SQLStore, filters: ArticleFilter | None = None, cap: int | None = None) -> int:
    """How many articles the filter keeps (the length of every page of `list_articles` together); at most
    `cap` + 1 when a cap is given (more than `cap`: the count stops there)."""
    clauses, params = article_where(store, filters or ArticleFilter())
    return count_rows(store.conn, f"FROM articles a WHERE {' AND '.join(clauses)}", params, cap)


def list_articles(
    store: SQLStore, filters: ArticleFilter | None = None, limit: int = 50, cursor: str | None = None
) -> Page[ArticleItem]:
    """Articles newest first (undated last); the cursor is the (published, id) of the last one."""
    limit = limit_of(limit)
    clauses, params = article_where(store, filters or ArticleFilter())
    params["limit"] = limit + 1
    if cursor:
        published, article_id = decode_cursor(cursor, (str, str))
        clauses.append(f"({ARTICLE_KEY}, a.id) < (:cursor_published, :cursor_id)")
        params |= {"cursor_published": published, "cursor_id": article_id}
    sql = (
        "SELECT a.id, a.title, a.source, a.published, a.url, a.dateline, a.tone_label, a.tone_score, a.category "
        f"FROM articles a WHERE {' AND '.join(clauses)} ORDER BY {ARTICLE_KEY} DESC, a.id DESC LIMIT :limit"
    )
    rows = [_item(row) for row in store.conn.execute(sql, params)]
    return page_of(rows, limit, lambda item: [item.published or "", item.id])


def _item(row: tuple[Any, ...]) -> ArticleItem:
    """An article from a row of the list's SELECT (its tone in the two columns before the category)."""
    article_id, title, source, published, url, dateline, label, score, category = row
    return ArticleItem(article_id, title, source, published, url, dateline, tone_value(label, score), category)


def summary(store: SQLStore) -> dict[str, int]:
    """How many articles, entities and quotes the store holds (cheaper than `Store.counts`, which also counts
    every mention and edge row)."""
    tables = ("articles", "entities", "quotes")  # fixed names
    return {t: int(store.conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]) for t in tables}


# The distinct outlets, each found by one seek of index articles_source_newest from the one before (a skip scan),
# so reading them costs the number of outlets, not of articles (a GROUP BY read the whole index: 7 ms at 106,400
# articles, growing with the store).
_OUTLETS = """
WITH RECURSIVE outlet(name) AS (
    SELECT MIN(source) FROM articles
    UNION ALL
    SELECT (SELECT MIN(a.source) FROM articles a WHERE a.source > outlet.name) FROM outlet WHERE outlet.name IS NOT NULL
)
SELECT name FROM outlet WHERE name IS NOT NULL
"""


def outlets(store: SQLStore) -> list[str]:
    """The outlets (`source`) of the stored articles, by name."""
    return [str(row[0]) for row in store.conn.execute(_OUTLETS)]
