"""Search results a page at a time: articles or quotes matching words, within a period and region (and, for
articles, mentioning an entity of a type), by relevance or newest first, each hit with its date and outlet.

The ranking is `warta.store.queries.search`'s (FTS5's bm25 with title words weighing double on SQLite,
`ts_rank` on PostgreSQL); the page's hits are ranked and cut first, then snipped, as there. Pages are numbered
(a rank has no stable key for a cursor); the total count of hits comes with each page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from warta.errors import InputError
from warta.store.graph import EVERY_ARTICLE
from warta.store.queries._common import MAX_LIMIT, Scope, count_rows, scope_sql
from warta.store.queries.articles import HAS_TYPE, check_type
from warta.store.search import MATCHING, RANK_WINDOW, check_query, fts_query, match_value, window_start

if TYPE_CHECKING:
    from warta.store.sqlstore import SQLStore

Kind = Literal["article", "quote"]
ORDERS = ("relevansi", "terbaru")  # by rank, or newest first
MAX_PAGE = 500  # deeper pages than this are refused: narrow the search instead

# Each kind's matching rows joined with `articles a` (and for quotes `quotes q`, the speaker `entities e`).
_FROM: dict[str, dict[Kind, str]] = {
    "sqlite": {
        "article": "FROM articles_fts JOIN articles a ON a.pk = articles_fts.rowid WHERE articles_fts MATCH :match",
        "quote": "FROM quotes_fts JOIN quotes q ON q.pk = quotes_fts.rowid JOIN articles a ON a.id = q.article_id "
        "LEFT JOIN entities e ON e.id = q.speaker_id WHERE quotes_fts MATCH :match",
    },
    "postgresql": {
        "article": "FROM articles a, plainto_tsquery('warta', :match) query WHERE a.tsv @@ query",
        "quote": "FROM quotes q JOIN articles a ON a.id = q.article_id LEFT JOIN entities e ON e.id = q.speaker_id, "
        "plainto_tsquery('warta', :match) query WHERE q.tsv @@ query",
    },
}

# A hit's rank (higher is better) and the key of a page's rows (:limit of them after :offset).
_SCORE: dict[str, dict[Kind, str]] = {
    "sqlite": {"article": "-bm25(articles_fts, 2.0, 1.0)", "quote": "-bm25(quotes_fts)"},
    "postgresql": {"article": "ts_rank('{0.1, 0.2, 0.5, 1.0}', a.tsv, query)", "quote": "ts_rank(q.tsv, query)"},
}
_PK: dict[Kind, str] = {"article": "a.pk", "quote": "q.pk"}
_ORDER = {"relevansi": "score DESC, pk", "terbaru": "ifnull(published, '') DESC, pk DESC"}
_OUTER = {"relevansi": "top.score DESC, top.pk", "terbaru": "ifnull(top.published, '') DESC, top.pk DESC"}
# A hit's key in storage order, which the full-text index reads newest first without sorting (relevance ranks
# a common word's newest hits only: `warta.store.search.RANK_WINDOW`); the hits older than those follow them,
# newest stored first ("disimpan"). The keys are `warta.store.search.MATCHING`'s; on PostgreSQL through the
# page's table aliases.
_KEY: dict[str, dict[Kind, str]] = {
    "sqlite": {"article": MATCHING["article"]["sqlite"][0], "quote": MATCHING["quote"]["sqlite"][0]},
    "postgresql": _PK,
}

# The page's rows, snipped: (id, title, snippet, score, article id, published, source, speaker id, speaker name).
# SQLite snips through the full-text table, read for the page's rows only: `CROSS JOIN` keeps `top` the outer
# loop, where the planner otherwise scanned every hit of the words again (80 ms for "pembangunan jalan" at
# 277,000 articles).
_ROWS: dict[str, dict[Kind, str]] = {
    "sqlite": {
        "article": "SELECT a.id, a.title, snippet(articles_fts, -1, '[', ']', '…', 12), top.score, a.id, "
        "a.published, a.source, NULL, NULL FROM top CROSS JOIN articles_fts ON articles_fts.rowid = top.pk "
        "JOIN articles a ON a.pk = top.pk WHERE articles_fts MATCH :match",
        "quote": "SELECT q.id, a.title, snippet(quotes_fts, 0, '[', ']', '…', 12), top.score, q.article_id, "
        "a.published, a.source, q.speaker_id, e.name FROM top CROSS JOIN quotes_fts ON quotes_fts.rowid = top.pk "
        "JOIN quotes q ON q.pk = top.pk JOIN articles a ON a.id = q.article_id "
        "LEFT JOIN entities e ON e.id = q.speaker_id WHERE quotes_fts MATCH :match",
    },
    "postgresql": {
        "article": "SELECT a.id, a.title, warta_snippet(a.text, plainto_tsquery('warta', :match)), top.score, "
        "a.id, a.published, a.source, NULL, NULL FROM top JOIN articles a ON a.pk = top.pk",
        "quote": "SELECT q.id, a.title, warta_snippet(q.text, plainto_tsquery('warta', :match)), top.score, "
        "q.article_id, a.published, a.source, q.speaker_id, e.name FROM top JOIN quotes q ON q.pk = top.pk "
        "JOIN articles a ON a.id = q.article_id LEFT JOIN entities e ON e.id = q.speaker_id",
    },
}


@dataclass(frozen=True)
class SearchFilter:
    """Which hits a search page keeps: ISO dates (inclusive), a region (code or region entity id), and for
    articles an entity type they mention."""

    since: str | None = None
    until: str | None = None
    region: str | None = None
    entity_type: str | None = None


@dataclass(frozen=True)
class Hit:
    """An article or quote matching the words, with its article's date and outlet; `snippet` marks the matched
    words with [ and ]. `title` is the article's title (a quote's article); a quote has its speaker."""

    id: str
    title: str | None
    snippet: str
    score: float
    article_id: str
    published: str | None
    source: str | None
    speaker_id: str | None
    speaker_name: str | None


@dataclass(frozen=True)
class HitPage:
    """One numbered page of hits (from 1), and how many hits there are in all."""

    items: list[Hit]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        """How many pages the hits fill (at least 1)."""
        return max(1, -(-self.total // self.per_page))


def search_page(
    store: SQLStore,
    kind: Kind,
    query: str,
    filters: SearchFilter | None = None,
    order: str = "relevansi",
    page: int = 1,
    per_page: int = 20,
    count_cap: int | None = None,
) -> HitPage:
    """Page `page` of the articles or quotes matching the words of `query` within `filters`, best first
    (`relevansi`) or newest first (`terbaru`). Nothing for a query without a word; InputError for a bad
    order, page, date, region or type. With `count_cap`, the total stops at `count_cap + 1` ("more than
    count_cap"): counting a common word's hits reads every one of them (33,000 for "jalan" at 106,400
    articles: 66 ms, against 14 ms for 10,001)."""
    if order not in ORDERS:
        raise InputError(f"order {order!r}: use one of {', '.join(ORDERS)}")
    if not 1 <= page <= MAX_PAGE:
        raise InputError(f"page {page}: use a number from 1 to {MAX_PAGE}")
    per_page = min(max(per_page, 1), MAX_LIMIT)
    text = check_query(query.strip())
    if not fts_query(text):
        return HitPage([], 0, page, per_page)
    where, params, (key, hits) = _where(store, kind, text, filters or SearchFilter())
    total = count_rows(store.conn, hits, params, count_cap)
    if total <= (page - 1) * per_page:
        return HitPage([], total, page, per_page)
    offset = (page - 1) * per_page
    if order == "terbaru":
        return HitPage(_rows(store, kind, where, params, order, offset, per_page), total, page, per_page)
    counted = count_cap is None or total <= count_cap  # the total is every hit, not a capped count
    first = 0 if counted and total <= RANK_WINDOW else window_start(store.conn, key, hits, params)
    return HitPage(_ranked(store, kind, where, params, first, offset, per_page), total, page, per_page)


def _ranked(
    store: SQLStore, kind: Kind, where: str, params: dict[str, Any], first: int, offset: int, limit: int
) -> list[Hit]:
    """`limit` hits of `where` by relevance after the first `offset`: those keyed `first` or later ranked (all of
    them when `first` is 0), then the older ones newest stored first."""
    if not first:
        return _rows(store, kind, where, params, "relevansi", offset, limit)
    key = _KEY[store.conn.dialect][kind]
    params = params | {"first": first}
    ranked = _rows(store, kind, f"{where} AND {key} >= :first", params, "relevansi", offset, limit)
    if len(ranked) == limit:
        return ranked
    older = f"{where} AND {key} < :first"
    return ranked + _rows(store, kind, older, params, "disimpan", max(0, offset - RANK_WINDOW), limit - len(ranked))


def _rows(
    store: SQLStore, kind: Kind, where: str, params: dict[str, Any], order: str, offset: int, limit: int
) -> list[Hit]:
    """`limit` hits of `where` in `order` (or "disimpan") after the first `offset`, snipped."""
    dialect = store.conn.dialect
    inner, outer = (
        (f"{_KEY[dialect][kind]} DESC", "top.pk DESC") if order == "disimpan" else (_ORDER[order], _OUTER[order])
    )
    top = (
        f"WITH top AS (SELECT {_PK[kind]} AS pk, {_SCORE[dialect][kind]} AS score, a.published AS published "
        f"{where} ORDER BY {inner} LIMIT :limit OFFSET :offset) "
    )
    sql = top + _ROWS[dialect][kind] + f" ORDER BY {outer}"
    return [_hit(row) for row in store.conn.execute(sql, params | {"limit": limit, "offset": offset})]


def _where(store: SQLStore, kind: Kind, text: str, f: SearchFilter) -> tuple[str, dict[str, Any], tuple[str, str]]:
    """The FROM … WHERE of the hits of `kind` within the filter, its parameters, and the key and FROM … WHERE
    that count the hits and find the rank window: the full-text index's alone when nothing is filtered (joining
    every hit to its article cost 15 ms for 10,000 hits, the index alone 0.5)."""
    dialect = store.conn.dialect
    scope = scope_sql(store.conn, Scope(f.since, f.until, f.region), per_article=True)
    clauses = [_FROM[dialect][kind], scope.where]
    params: dict[str, Any] = {**scope.params, "match": match_value(dialect, text)}
    if kind == "article" and check_type(f.entity_type):
        clauses.append(HAS_TYPE)
        params["entity_type"] = f.entity_type
    if kind == "article" and (f.since or f.until):
        clauses.append(_stored_within(store, f, _KEY[dialect][kind], params))
    where = " AND ".join(clauses)
    filtered = len(clauses) > 2 or scope.where != EVERY_ARTICLE
    return where, params, (_KEY[dialect][kind], where) if filtered else MATCHING[kind][dialect]


def _stored_within(store: SQLStore, f: SearchFilter, key: str, params: dict[str, Any]) -> str:
    """A clause keeping the hits stored between the first and the last article of the filter's period (setting
    its parameters): true of every article in the period, so it changes no result, but the full-text index reads
    only that stretch of its hits instead of all of them ("jalan" over 30 days at 277,000 articles: every one of its
    90,000 hits joined to its article to test the date, 545 ms). A crawl stores articles about in date order, so
    the stretch is short; an archive imported out of order makes it longer, never wrong."""
    period = scope_sql(store.conn, Scope(f.since, f.until))
    row = store.conn.execute(f"SELECT min(a.pk), max(a.pk) FROM articles a WHERE {period.where}", period.params)
    low, high = row.fetchone()
    params |= {"stored_from": low or 0, "stored_to": high or 0}  # no article in the period: nothing (keys from 1)
    return f"{key} BETWEEN :stored_from AND :stored_to"


def _hit(row: tuple[Any, ...]) -> Hit:
    """A hit from a row of `_ROWS`."""
    hit_id, title, snip, score, article_id, published, source, speaker_id, speaker_name = row
    return Hit(str(hit_id), title, str(snip or ""), round(float(score), 4), str(article_id), published, source,
               speaker_id, speaker_name)  # fmt: skip
