"""Watchlists in the store (migration 0014): saving and removing them, and matching each saved article against
them inside the write path (`SQLStore.write_article`), where every new match becomes an alert with its
deliveries queued, in the article's own transaction.

The rules are `warta.watch`'s. An article is tested only against the watchlists its index keys reach
(`warta.watch.article_keys`, looked up in `watch_keys`), so matching costs grow with the candidates, not with the
number of watchlists. Only a new or changed article is matched (the write path skips an
unchanged one), and a match is recorded once per watchlist and article: saving an article again adds nothing,
and an article that no longer matches keeps its earlier match (its alert went out). A watchlist saved anew
(edited) keeps its matches and alerts, and matches the articles saved from then on.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import asdict, replace
from datetime import datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from warta.dates import utc_stamp
from warta.errors import NotFoundError
from warta.ids import make_id
from warta.model import Article
from warta.watch import Reason, Watchlist, article_keys, checked, facts_of, from_json, match, watch_keys, watchlist_id

if TYPE_CHECKING:
    from warta.store.connection import Connection

DAILY_HOUR_UTC = 0  # a daily digest goes out at 07:00 WIB


def save_watchlist(conn: Connection, w: Watchlist) -> Watchlist:
    """Create or replace (by its name's id) a watchlist and its index keys; returns it as stored."""
    w = checked(w)
    stamp = utc_stamp()
    if w.webhook and not w.webhook_secret:
        stored = _stored(conn, w.id)
        w = _with_secret(w, stored.webhook_secret if stored else None)
    old = conn.execute("SELECT created FROM watchlists WHERE id = ?", (w.id,)).fetchone()
    if old is None:
        conn.execute(
            "INSERT INTO watchlists (id, name, spec, created, updated) VALUES (?, ?, ?, ?, ?)",
            (w.id, w.name, w.to_json(), stamp, stamp),
        )
    else:
        conn.execute(
            "UPDATE watchlists SET name = ?, spec = ?, updated = ? WHERE id = ?", (w.name, w.to_json(), stamp, w.id)
        )
    conn.execute("DELETE FROM watch_keys WHERE watchlist_id = ?", (w.id,))
    conn.executemany(
        "INSERT INTO watch_keys (key, watchlist_id) VALUES (?, ?)", [(k, w.id) for k in sorted(watch_keys(w))]
    )
    return w


def _with_secret(w: Watchlist, secret: str | None) -> Watchlist:
    """`w` with its webhook's signing secret: the one it had, else a new random one."""
    return replace(w, webhook_secret=secret or secrets.token_hex(32))


def _stored(conn: Connection, wid: str) -> Watchlist | None:
    row = conn.execute("SELECT spec FROM watchlists WHERE id = ?", (wid,)).fetchone()
    return from_json(str(row[0])) if row else None


def remove_watchlist(conn: Connection, name: str) -> None:
    """Delete a watchlist with its keys, matches, alerts and their deliveries; NotFoundError if there is none."""
    wid = watchlist_id(name)
    if conn.execute("SELECT 1 FROM watchlists WHERE id = ?", (wid,)).fetchone() is None:
        raise NotFoundError(f"no watchlist named {name!r}")
    alerts = "SELECT id FROM alerts WHERE watchlist_id = ?"
    for table in ("delivery_attempts", "deliveries"):
        conn.execute(f"DELETE FROM {table} WHERE alert_id IN ({alerts})", (wid,))
    for table in ("alerts", "watch_matches", "watch_keys"):
        conn.execute(f"DELETE FROM {table} WHERE watchlist_id = ?", (wid,))
    conn.execute("DELETE FROM watchlists WHERE id = ?", (wid,))


def mark_seen(conn: Connection, alert_ids: Sequence[str]) -> int:
    """Mark the alerts `alert_ids` seen; returns how many of them were unseen."""
    ids = json.dumps(sorted(set(alert_ids)))
    unseen = "seen = 0 AND id IN (SELECT value FROM json_each(?))"
    count = int(conn.execute(f"SELECT COUNT(*) FROM alerts WHERE {unseen}", (ids,)).fetchone()[0])
    conn.execute(f"UPDATE alerts SET seen = 1 WHERE {unseen}", (ids,))
    return count


def match_article(conn: Connection, article: Article, isu: str | None) -> list[str]:
    """Match a saved (canonical) article against the watchlists its keys reach, inside the caller's transaction;
    record each new match, its alert and the alert's deliveries. Returns the new alerts' ids."""
    if conn.execute("SELECT 1 FROM watchlists LIMIT 1").fetchone() is None:
        return []
    facts = facts_of(article, _known_roles(conn, article), isu)
    keys = sorted(article_keys(facts))
    rows = conn.execute(
        "SELECT w.id, w.spec FROM watchlists w WHERE w.id IN "
        "(SELECT DISTINCT watchlist_id FROM watch_keys WHERE key IN (SELECT value FROM json_each(?)))",
        (json.dumps(keys),),
    ).fetchall()
    if not rows:
        return []
    done = {
        str(r[0])
        for r in conn.execute("SELECT watchlist_id FROM watch_matches WHERE article_id = ?", (article.id,)).fetchall()
    }
    stamp = utc_stamp()
    fresh = []
    for wid, spec in sorted(rows):
        if wid in done:
            continue
        w = _spec(str(spec))
        reasons = match(w, facts)
        if reasons:
            fresh.append(_record(conn, w, article.id, reasons, stamp))
    return fresh


@lru_cache(maxsize=4096)
def _spec(text: str) -> Watchlist:
    """A stored watchlist from its JSON (the same text parsed once: matching reads the candidates' specs for
    every article)."""
    return from_json(text)


def _known_roles(conn: Connection, article: Article) -> Mapping[str, list[str]]:
    """The bodies the store says each person of the article holds a role at, when a watchlist asks for holders."""
    persons = [e.id for e in article.entities if e.type == "person"]
    if (
        not persons
        or conn.execute("SELECT 1 FROM watch_keys WHERE key >= 'h:' AND key < 'h;' LIMIT 1").fetchone() is None
    ):
        return {}
    found: dict[str, list[str]] = {}
    rows = conn.execute(
        "SELECT DISTINCT entity_id, of_entity FROM person_roles "
        "WHERE entity_id IN (SELECT value FROM json_each(?)) AND of_entity IS NOT NULL",
        (json.dumps(persons),),
    )
    for person, body in rows:
        found.setdefault(str(person), []).append(str(body))
    return found


def _record(conn: Connection, w: Watchlist, article_id: str, reasons: Sequence[Reason], stamp: str) -> str:
    """Record a new match, its alert and one delivery per channel target; returns the alert's id."""
    conn.execute(
        "INSERT INTO watch_matches (watchlist_id, article_id, matched, reasons) VALUES (?, ?, ?, ?)",
        (w.id, article_id, stamp, json.dumps([asdict(r) for r in reasons], ensure_ascii=False)),
    )
    alert = make_id("alert", w.id, article_id)
    conn.execute(
        "INSERT INTO alerts (id, watchlist_id, article_id, created) VALUES (?, ?, ?, ?)",
        (alert, w.id, article_id, stamp),
    )
    targets = [("webhook", w.webhook, stamp)] if w.webhook else []
    targets += [("email", address, digest_due(w.digest, stamp)) for address in w.emails]
    conn.executemany(
        "INSERT INTO deliveries (alert_id, channel, target, due, next_attempt) VALUES (?, ?, ?, ?, ?)",
        [(alert, channel, target, due, due) for channel, target, due in targets],
    )
    return alert


def digest_due(digest: str, stamp: str) -> str:
    """When an e-mail alert created at `stamp` goes out: at once, at the next full hour, or at the next daily
    sending hour (DAILY_HOUR_UTC)."""
    created = datetime.fromisoformat(stamp)
    if digest == "hourly":
        due = created.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    elif digest == "daily":
        due = created.replace(hour=DAILY_HOUR_UTC, minute=0, second=0, microsecond=0)
        if due <= created:
            due += timedelta(days=1)
    else:
        due = created
    return due.isoformat(timespec="seconds")
