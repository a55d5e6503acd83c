"""What an alert says to the outside: the JSON body of a webhook POST, and the lines of an e-mail about it."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from warta.dates import indonesian_date
from warta.store.queries.watch import WatchMatch

KIND_WORDS = {"entity": "entitas", "holder": "pejabat", "keyword": "kata kunci", "region": "wilayah"}


def payload(alert: WatchMatch, delivery: str) -> dict[str, Any]:
    """The alert as a JSON object; `delivery` is the idempotency id (the same on every retry)."""
    return {
        "delivery": delivery,
        "alert": alert.alert_id,
        "watchlist": {"id": alert.watchlist_id, "name": alert.watchlist},
        "article": {
            "id": alert.article_id,
            "title": alert.title,
            "url": alert.url,
            "outlet": alert.outlet,
            "published": alert.published,
        },
        "reasons": [_reason(r) for r in alert.reasons],
        "created": alert.matched,
    }


def _reason(reason: dict[str, Any]) -> dict[str, Any]:
    return {k: reason.get(k) for k in ("kind", "value", "label", "start", "end")}


def body(alert: WatchMatch, delivery: str) -> bytes:
    """The webhook body: compact UTF-8 JSON with sorted keys (what the signature covers, byte for byte)."""
    text = json.dumps(payload(alert, delivery), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.encode("utf-8")


def published_day(alert: WatchMatch) -> str:
    """The article's publication day in Indonesian ("7 Desember 2026"), or what the store has when it is not a
    date, or "tanggal tidak diketahui"."""
    if not alert.published:
        return "tanggal tidak diketahui"
    try:
        return indonesian_date(date.fromisoformat(alert.published[:10]))
    except ValueError:
        return alert.published[:40]


def reasons_line(alert: WatchMatch) -> str:
    """Why it matched, in Indonesian: "kata kunci: banjir; entitas: Pemkab Mojokerto"."""
    parts = [f"{KIND_WORDS.get(str(r.get('kind')), str(r.get('kind')))}: {r.get('label')}" for r in alert.reasons]
    return "; ".join(dict.fromkeys(parts)) or "-"


def text_lines(alert: WatchMatch) -> list[str]:
    """An alert as plain text lines of an e-mail."""
    return [
        alert.title or "(tanpa judul)",
        f"Media: {alert.outlet or '-'} · Terbit: {published_day(alert)}",
        f"Tautan: {alert.url or '-'}",
        f"Alasan: {reasons_line(alert)}",
    ]
