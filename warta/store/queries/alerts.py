"""The state of the alerts' deliveries, as the alert runner and `warta alerts list` read it (the write side is
`warta.store.deliveries`). An alert itself is its watchlist's match: `warta.store.queries.watch.WatchMatch`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from warta.store.sqlstore import SQLStore


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
