"""Alerts as the alert runner, the Atom feeds and `warta alerts list` read them: each with its watchlist, its
article and why it matched, and the state of its deliveries (the write side is `warta.store.deliveries`)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from warta.store.queries._common import limit_of
from warta.store.queries.watch import watchlist

if TYPE_CHECKING:
    from warta.store.sqlstore import SQLStore


@dataclass(frozen=True)
class AlertItem:
    """An alert: its watchlist, its article (title, URL, outlet, publication time), why it matched (the reasons
    of `warta.watch.Reason` as dicts), when it was made and whether it was seen in the web app."""

    id: str
    watchlist_id: str
    watchlist: str
    article_id: str
    title: str | None
    url: str | None
    outlet: str | None
    published: str | None
    reasons: list[dict[str, Any]]
    created: str
    seen: bool


@dataclass(frozen=True)
class DeliveryState:
    """Where one delivery of an alert stands: channel, target, state, attempts made, last error, when sent."""

    alert_id: str
    channel: str
    target: str
    state: str
    attempts: int
    last_error: str | None
    sent_at: str | None


_ALERTS = """
SELECT al.id, al.watchlist_id, w.name, al.article_id, a.title, a.url, coalesce(a.site, a.source), a.published,
       m.reasons, al.created, al.seen
FROM alerts al JOIN watchlists w ON w.id = al.watchlist_id
LEFT JOIN articles a ON a.id = al.article_id
LEFT JOIN watch_matches m ON m.watchlist_id = al.watchlist_id AND m.article_id = al.article_id
WHERE {where}
ORDER BY al.created DESC, al.id DESC LIMIT :limit
"""


def _item(row: tuple[Any, ...]) -> AlertItem:
    aid, wid, name, article, title, url, outlet, published, reasons, created, seen = row
    found = json.loads(reasons) if reasons else []
    return AlertItem(aid, wid, name, article, title, url, outlet, published, found, created, bool(seen))


def alerts_by_id(store: SQLStore, alert_ids: list[str]) -> dict[str, AlertItem]:
    """The alerts of these ids (those that still exist), by id."""
    params = {"ids": json.dumps(sorted(set(alert_ids))), "limit": len(alert_ids) + 1}
    sql = _ALERTS.replace("{where}", "al.id IN (SELECT value FROM json_each(:ids))")
    return {item.id: item for item in map(_item, store.conn.execute(sql, params).fetchall())}


def recent_alerts(
    store: SQLStore, name_or_id: str | None = None, unseen: bool = False, limit: int = 50
) -> list[AlertItem]:
    """The newest alerts (of one watchlist, or of all; only those not yet seen when `unseen`)."""
    clauses = ["1 = 1"]
    params: dict[str, Any] = {"limit": limit_of(limit)}
    if name_or_id:
        clauses.append("al.watchlist_id = :wid")
        params["wid"] = watchlist(store, name_or_id).id
    if unseen:
        clauses.append("al.seen = 0")
    rows = store.conn.execute(_ALERTS.replace("{where}", " AND ".join(clauses)), params).fetchall()
    return [_item(row) for row in rows]


def delivery_states(store: SQLStore, alert_ids: list[str]) -> list[DeliveryState]:
    """The deliveries of these alerts, by alert, channel and target."""
    rows = store.conn.execute(
        "SELECT alert_id, channel, target, state, attempts, last_error, sent_at FROM deliveries "
        "WHERE alert_id IN (SELECT value FROM json_each(?)) ORDER BY alert_id, channel, target",
        (json.dumps(sorted(set(alert_ids))),),
    ).fetchall()
    return [DeliveryState(str(r[0]), str(r[1]), str(r[2]), str(r[3]), int(r[4]), r[5], r[6]) for r in rows]


def delivery_counts(store: SQLStore) -> dict[str, int]:
    """How many deliveries are in each state (pending, sent, failed)."""
    rows = store.conn.execute("SELECT state, COUNT(*) FROM deliveries GROUP BY state").fetchall()
    return {str(state): int(count) for state, count in rows}
