"""Isus (stories across outlets and days) as the store keeps them (migration 0010, `warta.store.isu`): the list,
newest first, and one isu's detail (pencetus, outlets, daily volume, tone, tokoh quoted, regions and bodies)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from warta.errors import NotFoundError
from warta.store.connection import Connection
from warta.store.queries._common import (
    Page,
    Scope,
    check_category,
    decode_cursor,
    limit_of,
    page_of,
    scope_sql,
)
from warta.types import CATEGORIES, ORG_TYPES, PLACE_TYPES, TONES

if TYPE_CHECKING:
    from warta.store.sqlstore import SQLStore

ISU_KEY = "ifnull(i.last_seen, '')"  # newest first by the isu's last article (index isus_newest)
QUOTES_PER_TOKOH = 5


@dataclass(frozen=True)
class IsuTone:
    """How many of an isu's articles have each tone of their own (articles without a tone are not counted)."""

    positif: int
    negatif: int
    netral: int


@dataclass(frozen=True)
class IsuItem:
    """One isu in a list: its label, the publication of its first and last articles, how many articles and
    outlets carry it, its pencetus (the first article and its outlet), its articles' tone, and its category: the
    most common one of its articles (on a tie the first in `warta.types.CATEGORIES`; None if none has one)."""

    id: str
    label: str
    first_seen: str | None
    last_seen: str | None
    articles: int
    outlets: int
    pencetus: str
    pencetus_outlet: str | None
    tone: IsuTone
    category: str | None = None


@dataclass(frozen=True)
class IsuArticle:
    """One article of an isu, oldest first."""

    id: str
    title: str | None
    source: str | None
    published: str | None
    tone: str | None


@dataclass(frozen=True)
class IsuOutlet:
    """An outlet that carried an isu: how many of its articles, and the publication of its first one."""

    outlet: str
    articles: int
    first_seen: str | None


@dataclass(frozen=True)
class IsuDay:
    """The number of an isu's articles published on one day."""

    day: str
    articles: int


@dataclass(frozen=True)
class IsuQuote:
    """Something a tokoh said in one of an isu's articles."""

    article_id: str
    text: str
    tone: str | None


@dataclass(frozen=True)
class IsuTokoh:
    """A person quoted in an isu: in how many of its articles, and what they said (up to five quotes, oldest
    article first)."""

    id: str
    name: str
    articles: int
    quotes: list[IsuQuote]


@dataclass(frozen=True)
class IsuEntity:
    """A region or a body named in an isu's articles, with how many of them name it."""

    id: str
    name: str
    type: str
    articles: int


@dataclass(frozen=True)
class IsuDetail:
    """One isu: its label, pencetus (first article and outlet), outlets, daily volume and its peak day, tone
    split, the tokoh quoted with what they said, the regions and bodies involved, and its articles."""

    id: str
    label: str
    first_seen: str | None
    last_seen: str | None
    pencetus: IsuArticle
    outlets: list[IsuOutlet]
    days: list[IsuDay]
    peak_day: str | None
    tone: IsuTone
    tokoh: list[IsuTokoh]
    regions: list[IsuEntity]
    bodies: list[IsuEntity]
    articles: list[IsuArticle]


def list_isus(
    store: SQLStore,
    since: str | None = None,
    until: str | None = None,
    region: str | None = None,
    limit: int = 50,
    cursor: str | None = None,
    category: str | None = None,
) -> Page[IsuItem]:
    """Isus newest first (by their last article; undated last). `since`/`until` (ISO dates) keep the isus with
    an article in the period, `region` (a Kemendagri code or region entity id) those with an article of the
    region or inside it, `category` those with an article of that category; together, one article meets them
    all. InputError for a bad date, region, category or cursor."""
    limit = limit_of(limit)
    scope = scope_sql(store.conn, Scope(since, until, region), per_article=True)
    category = check_category(category)
    params: dict[str, Any] = {**scope.params, "limit": limit + 1, "category": category}
    where = scope.where + (" AND a.category = :category" if category else "")
    clauses = ["1 = 1"]
    if since or until or scope.code or category:
        clauses.append(
            "EXISTS (SELECT 1 FROM article_isu ai JOIN articles a ON a.id = ai.article_id "
            f"WHERE ai.isu_id = i.id AND {where})"
        )
    if cursor:
        last_seen, isu_id = decode_cursor(cursor, (str, str))
        clauses.append(f"({ISU_KEY}, i.id) < (:cursor_seen, :cursor_id)")
        params |= {"cursor_seen": last_seen, "cursor_id": isu_id}
    sql = (
        "SELECT i.id, i.label, i.first_seen, i.last_seen, i.articles, i.first_article, a.source FROM isus i "
        f"LEFT JOIN articles a ON a.id = i.first_article WHERE {' AND '.join(clauses)} "
        f"ORDER BY {ISU_KEY} DESC, i.id DESC LIMIT :limit"
    )
    rows = store.conn.execute(sql, params).fetchall()
    ids = [str(row[0]) for row in rows]
    outlets, tones, categories = _outlet_counts(store.conn, ids), _tones(store.conn, ids), _categories(store.conn, ids)
    items = [
        IsuItem(i, lbl, first, last, int(n), outlets.get(i, 0), pencetus, outlet, tones.get(i, IsuTone(0, 0, 0)),
                categories.get(i))
        for i, lbl, first, last, n, pencetus, outlet in rows
    ]  # fmt: skip
    return page_of(items, limit, lambda item: [item.last_seen or "", item.id])


def isu_detail(store: SQLStore, isu_id: str) -> IsuDetail:
    """One isu's detail; NotFoundError for an unknown isu."""
    conn = store.conn
    row = conn.execute(
        "SELECT id, label, first_article, first_seen, last_seen FROM isus WHERE id = ?", (isu_id,)
    ).fetchone()
    if row is None:
        raise NotFoundError(f"no isu with id {isu_id!r}; see `warta isu list`")
    articles = _articles(conn, isu_id)
    pencetus = next((a for a in articles if a.id == row[2]), articles[0])
    days = _days(articles)
    peak = min(days, key=lambda d: (-d.articles, d.day)).day if days else None
    return IsuDetail(
        id=str(row[0]),
        label=str(row[1]),
        first_seen=row[3],
        last_seen=row[4],
        pencetus=pencetus,
        outlets=_outlets(articles),
        days=days,
        peak_day=peak,
        tone=_tones(conn, [isu_id]).get(isu_id, IsuTone(0, 0, 0)),
        tokoh=_tokoh(conn, isu_id),
        regions=_entities(conn, isu_id, PLACE_TYPES),
        bodies=_entities(conn, isu_id, ORG_TYPES),
        articles=articles,
    )


def isu_articles(store: SQLStore, isu_ids: Sequence[str]) -> dict[str, list[str]]:
    """The article ids of each of these isus, oldest first (as `warta extract` gives them)."""
    out: dict[str, list[str]] = {isu: [] for isu in isu_ids}
    if not out:
        return out
    ids = list(out)
    rows = store.conn.execute(
        "SELECT ai.isu_id, a.id FROM article_isu ai JOIN articles a ON a.id = ai.article_id "
        f"WHERE ai.isu_id IN ({_marks(ids)}) ORDER BY ifnull(a.published, ''), a.id",
        ids,
    )
    for isu, article in rows:
        out[str(isu)].append(str(article))
    return out


def _marks(values: Sequence[object]) -> str:
    return ", ".join("?" * len(values))


def _outlet_counts(conn: Connection, ids: list[str]) -> dict[str, int]:
    if not ids:
        return {}
    rows = conn.execute(
        "SELECT ai.isu_id, COUNT(DISTINCT a.source) FROM article_isu ai JOIN articles a ON a.id = ai.article_id "
        f"WHERE ai.isu_id IN ({_marks(ids)}) GROUP BY ai.isu_id",
        ids,
    )
    return {str(i): int(n) for i, n in rows}


def _label_counts(conn: Connection, ids: list[str], column: str) -> dict[str, dict[str, int]]:
    """Per isu, how many of its articles have each value of a label column of `articles a` (fixed text: its
    tone or its category); articles without one are not counted."""
    if not ids:
        return {}
    rows = conn.execute(
        f"SELECT ai.isu_id, {column}, COUNT(*) FROM article_isu ai JOIN articles a ON a.id = ai.article_id "
        f"WHERE ai.isu_id IN ({_marks(ids)}) AND {column} IS NOT NULL GROUP BY ai.isu_id, {column}",
        ids,
    )
    counts: dict[str, dict[str, int]] = {}
    for isu, value, n in rows:
        counts.setdefault(str(isu), {})[str(value)] = int(n)
    return counts


def _tones(conn: Connection, ids: list[str]) -> dict[str, IsuTone]:
    """The tone split of each isu's articles (the articles' own tone, migration 0009)."""
    counts = _label_counts(conn, ids, "a.tone_label")
    return {isu: IsuTone(*(c.get(t, 0) for t in TONES)) for isu, c in counts.items()}


def _categories(conn: Connection, ids: list[str]) -> dict[str, str]:
    """The most common category of each isu's articles (migration 0012), ties to the first in CATEGORIES."""
    rank = {category: n for n, category in enumerate(CATEGORIES)}
    counts = _label_counts(conn, ids, "a.category")
    return {isu: min(c, key=lambda k: (-c[k], rank.get(k, len(rank)), k)) for isu, c in counts.items()}


def _articles(conn: Connection, isu_id: str) -> list[IsuArticle]:
    rows = conn.execute(
        "SELECT a.id, a.title, a.source, a.published, a.tone_label FROM article_isu ai "
        "JOIN articles a ON a.id = ai.article_id WHERE ai.isu_id = ? ORDER BY ifnull(a.published, ''), a.id",
        (isu_id,),
    )
    return [IsuArticle(*row) for row in rows]


def _days(articles: list[IsuArticle]) -> list[IsuDay]:
    counts: dict[str, int] = {}
    for article in articles:
        if article.published and len(article.published) >= 10:
            counts[article.published[:10]] = counts.get(article.published[:10], 0) + 1
    return [IsuDay(day, n) for day, n in sorted(counts.items())]


def _outlets(articles: list[IsuArticle]) -> list[IsuOutlet]:
    """The outlets, first to carry the isu first (the articles come oldest first)."""
    found: dict[str, list[IsuArticle]] = {}
    for article in articles:
        if article.source:
            found.setdefault(article.source, []).append(article)
    return [IsuOutlet(outlet, len(items), items[0].published) for outlet, items in found.items()]


def _tokoh(conn: Connection, isu_id: str) -> list[IsuTokoh]:
    """The persons quoted in the isu's articles, most articles first, with their quotes."""
    rows = conn.execute(
        "SELECT e.id, e.name, q.article_id, q.text, q.tone_label FROM article_isu ai "
        "JOIN quotes q ON q.article_id = ai.article_id JOIN entities e ON e.id = q.speaker_id "
        "JOIN articles a ON a.id = q.article_id "
        "WHERE ai.isu_id = ? AND e.type = 'person' ORDER BY ifnull(a.published, ''), q.article_id, q.start_offset",
        (isu_id,),
    )
    names: dict[str, str] = {}
    quotes: dict[str, list[IsuQuote]] = {}
    for entity_id, name, article_id, text, tone in rows:
        names[entity_id] = name
        quotes.setdefault(entity_id, []).append(IsuQuote(article_id, text, tone))
    spread = {e: len({q.article_id for q in said}) for e, said in quotes.items()}
    ranked = sorted(quotes, key=lambda e: (-spread[e], -len(quotes[e]), names[e], e))
    return [IsuTokoh(e, names[e], spread[e], quotes[e][:QUOTES_PER_TOKOH]) for e in ranked]


def _entities(conn: Connection, isu_id: str, types: frozenset[str]) -> list[IsuEntity]:
    """The entities of these types the isu's articles name (inferred ones too), most articles first."""
    kinds = sorted(types)
    rows = conn.execute(
        "SELECT e.id, e.name, e.type, COUNT(DISTINCT ae.article_id) FROM article_isu ai "
        "JOIN article_entities ae ON ae.article_id = ai.article_id JOIN entities e ON e.id = ae.entity_id "
        f"WHERE ai.isu_id = ? AND e.type IN ({_marks(kinds)}) GROUP BY e.id, e.name, e.type "
        "ORDER BY 4 DESC, e.name, e.id",
        [isu_id, *kinds],
    )
    return [IsuEntity(str(i), str(n), str(t), int(c)) for i, n, t, c in rows]


__all__ = [
    "IsuArticle",
    "IsuDay",
    "IsuDetail",
    "IsuEntity",
    "IsuItem",
    "IsuOutlet",
    "IsuQuote",
    "IsuTokoh",
    "IsuTone",
    "isu_articles",
    "isu_detail",
    "list_isus",
]
