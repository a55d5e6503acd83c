"""Watchlists, their matches and alerts as the front ends read them (the write side is `warta.store.watch`)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from warta.errors import NotFoundError
from warta.store.queries._common import ARTICLE_KEY, Page, collect, decode_cursor, limit_of, page_of
from warta.watch import Watchlist, from_json, watchlist_id

if TYPE_CHECKING:
    from warta.store.sqlstore import SQLStore


@dataclass(frozen=True)
class WatchlistItem:
    """A watchlist with its counts: matched articles, alerts not yet seen, the last match's time."""

    id: str
    name: str
    spec: dict[str, Any]
    created: str
    updated: str
    matches: int
    unseen: int
    last_match: str | None


@dataclass(frozen=True)
class WatchMatch:
    """An article a watchlist matched, which is also its alert (one per watchlist and article, made with the
    match): the alert's id, the watchlist, the article (title, URL, outlet, publication time), when it matched,
    why (the reasons of `warta.watch.Reason` as dicts), and whether the alert was seen in the web app."""

    alert_id: str
    watchlist_id: str
    watchlist: str
    article_id: str
    title: str | None
    url: str | None
    outlet: str | None
    published: str | None
    matched: str
    reasons: list[dict[str, Any]]
    seen: bool


_ITEMS = """
SELECT w.id, w.name, w.spec, w.created, w.updated,
       (SELECT COUNT(*) FROM watch_matches m WHERE m.watchlist_id = w.id),
       (SELECT COUNT(*) FROM alerts a WHERE a.watchlist_id = w.id AND a.seen = 0),
       (SELECT MAX(m.matched) FROM watch_matches m WHERE m.watchlist_id = w.id)
FROM watchlists w
"""


def _item(row: tuple[Any, ...]) -> WatchlistItem:
    spec = from_json(str(row[2])).public()
    return WatchlistItem(str(row[0]), str(row[1]), spec, str(row[3]), str(row[4]), int(row[5]), int(row[6]), row[7])


def list_watchlists(store: SQLStore) -> list[WatchlistItem]:
    """Every watchlist by name, with its counts."""
    return [_item(row) for row in store.conn.execute(_ITEMS + " ORDER BY w.name")]


def watchlist(store: SQLStore, name_or_id: str) -> Watchlist:
    """The watchlist of that id or name (case and accents ignored); NotFoundError if there is none."""
    for wid in (name_or_id.strip(), watchlist_id(name_or_id)):
        row = store.conn.execute("SELECT spec FROM watchlists WHERE id = ?", (wid,)).fetchone()
        if row is not None:
            return from_json(str(row[0]))
    raise NotFoundError(f"no watchlist named {name_or_id.strip()[:80]!r}; see `warta watch list`")


def watchlist_item(store: SQLStore, name_or_id: str) -> WatchlistItem:
    """One watchlist with its counts; NotFoundError if there is none."""
    wid = watchlist(store, name_or_id).id
    return _item(store.conn.execute(_ITEMS + " WHERE w.id = ?", (wid,)).fetchone())


_MATCHES = """
SELECT al.id, m.watchlist_id, w.name, m.article_id, a.title, a.url, coalesce(a.site, a.source), a.published,
       m.matched, m.reasons, al.seen
FROM watch_matches m JOIN watchlists w ON w.id = m.watchlist_id
JOIN alerts al ON al.watchlist_id = m.watchlist_id AND al.article_id = m.article_id
LEFT JOIN articles a ON a.id = m.article_id
WHERE {where}
ORDER BY m.matched DESC, ifnull(a.published, '') DESC, m.article_id DESC LIMIT :limit
"""


def watch_matches(
    store: SQLStore,
    name_or_id: str | None = None,
    since: str | None = None,
    until: str | None = None,
    unseen: bool = False,
    limit: int = 50,
    cursor: str | None = None,
) -> Page[WatchMatch]:
    """Matches newest first (the newest match, then the newest article), of one watchlist or of all, by the day
    of the article (`since`, `until`: ISO days, inclusive), only those whose alert is unseen when `unseen`; a
    page with a cursor."""
    clauses = ["1 = 1"]
    params: dict[str, Any] = {"limit": limit_of(limit) + 1}
    if name_or_id:
        clauses.append("m.watchlist_id = :wid")
        params["wid"] = watchlist(store, name_or_id).id
    if since:
        clauses.append(f"{ARTICLE_KEY} >= :since")
        params["since"] = since
    if until:
        clauses.append(f"{ARTICLE_KEY} < :until || 'z'")
        params["until"] = until
    if unseen:
        clauses.append("al.seen = 0")
    if cursor:
        matched, published, article = decode_cursor(cursor, (str, str, str))
        clauses.append(
            "(m.matched < :c1 OR (m.matched = :c1 AND (ifnull(a.published, '') < :c2"
            " OR (ifnull(a.published, '') = :c2 AND m.article_id < :c3))))"
        )
        params |= {"c1": matched, "c2": published, "c3": article}
    rows = store.conn.execute(_MATCHES.replace("{where}", " AND ".join(clauses)), params).fetchall()
    items = [_match(row) for row in rows]
    return page_of(items, limit, lambda m: [m.matched, m.published or "", m.article_id])


def _match(row: tuple[Any, ...]) -> WatchMatch:
    alert, wid, name, article, title, url, outlet, published, matched, reasons, seen = row
    return WatchMatch(
        alert, wid, name, article, title, url, outlet, published, matched, json.loads(reasons), bool(seen)
    )


def alerts_by_id(store: SQLStore, alert_ids: list[str]) -> dict[str, WatchMatch]:
    """The alerts of these ids (those that still exist), by id."""
    params = {"ids": json.dumps(sorted(set(alert_ids))), "limit": len(alert_ids) + 1}
    sql = _MATCHES.replace("{where}", "al.id IN (SELECT value FROM json_each(:ids))")
    return {m.alert_id: m for m in map(_match, store.conn.execute(sql, params).fetchall())}


def unseen_alerts(store: SQLStore) -> int:
    """How many alerts are not yet seen (the count in the web app's header)."""
    return int(store.conn.execute("SELECT COUNT(*) FROM alerts WHERE seen = 0").fetchone()[0])


def watchlist_articles(store: SQLStore, name_or_id: str, since: str | None, until: str | None) -> list[str]:
    """The ids of the articles a watchlist matched, of the days `since` to `until` (inclusive), newest first."""
    fetch = partial(watch_matches, store, name_or_id, since, until)
    return [m.article_id for m in collect(fetch, 1_000_000)]
