"""Isus ranked by volume: the isus with the most articles in a period (and region), as the web app's "Isu
teratas" and its isu list sorted by volume show them, and the isu an article belongs to.

The period and region are the articles' scope (`Scope`): an isu's count is the number of its articles inside
it, so a long isu counts only its articles of the period.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from warta.store.queries._common import Page, Scope, decode_cursor, limit_of, page_of, scope_sql
from warta.store.queries.isu import IsuTone, _outlet_counts, _tones

if TYPE_CHECKING:
    from warta.store.sqlstore import SQLStore


@dataclass(frozen=True)
class TopIsu:
    """An isu with how many of its articles fall in the period and region (`in_scope`), beside all of its
    articles, the outlets that carried it, its pencetus (first article and its outlet) and its articles' tone."""

    id: str
    label: str
    first_seen: str | None
    last_seen: str | None
    in_scope: int
    articles: int
    outlets: int
    pencetus: str
    pencetus_outlet: str | None
    tone: IsuTone


@dataclass(frozen=True)
class IsuLink:
    """The isu an article belongs to: its id, label and number of articles."""

    id: str
    label: str
    articles: int


# The isus' article counts in the scope, most first; ties by the newest last article, then id (descending).
_RANKED = """
SELECT i.id, i.label, i.first_seen, i.last_seen, c.n, i.articles, i.first_article, p.source
FROM (SELECT ai.isu_id AS id, COUNT(*) AS n FROM article_isu ai JOIN articles a ON a.id = ai.article_id
      WHERE {where} GROUP BY ai.isu_id) c
JOIN isus i ON i.id = c.id LEFT JOIN articles p ON p.id = i.first_article
WHERE {after}
ORDER BY c.n DESC, ifnull(i.last_seen, '') DESC, i.id DESC LIMIT :limit
"""


def top_isus(
    store: SQLStore,
    since: str | None = None,
    until: str | None = None,
    region: str | None = None,
    limit: int = 8,
    cursor: str | None = None,
) -> Page[TopIsu]:
    """The isus with the most articles in the period (`since`/`until`, ISO dates, both included) and region (a
    Kemendagri code or region entity id: articles of the region or inside it), most first; InputError for a bad
    date, region or cursor."""
    limit = limit_of(limit)
    scope = scope_sql(store.conn, Scope(since, until, region))
    params: dict[str, Any] = {**scope.params, "limit": limit + 1}
    after = "1 = 1"
    if cursor:
        count, seen, isu_id = decode_cursor(cursor, (int, str, str))
        after = "(c.n, ifnull(i.last_seen, ''), i.id) < (:cursor_n, :cursor_seen, :cursor_id)"
        params |= {"cursor_n": count, "cursor_seen": seen, "cursor_id": isu_id}
    rows = store.conn.execute(_RANKED.format(where=scope.where, after=after), params).fetchall()
    ids = [str(row[0]) for row in rows]
    outlets, tones = _outlet_counts(store.conn, ids), _tones(store.conn, ids)
    items = [
        TopIsu(str(i), str(label), first, last, int(n), int(total), outlets.get(str(i), 0), str(pencetus), outlet,
               tones.get(str(i), IsuTone(0, 0, 0)))
        for i, label, first, last, n, total, pencetus, outlet in rows
    ]  # fmt: skip
    return page_of(items, limit, lambda item: [item.in_scope, item.last_seen or "", item.id])


def article_isu(store: SQLStore, article_id: str) -> IsuLink | None:
    """The isu of an article, None when it has none (an unknown article, or one not filed yet)."""
    row = store.conn.execute(
        "SELECT i.id, i.label, i.articles FROM article_isu ai JOIN isus i ON i.id = ai.isu_id WHERE ai.article_id = ?",
        (article_id,),
    ).fetchone()
    return IsuLink(str(row[0]), str(row[1]), int(row[2])) if row else None


__all__ = ["IsuLink", "TopIsu", "article_isu", "top_isus"]
